//! Computing the report from one lint run: each catalogue item's status from the
//! findings `lint` gave (the same `Report`, never a second evaluation), the rules
//! mapped to it, what they examined, and its attestation.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::{
    AttestationRef, FindingRef, Header, ItemReport, RuleResult, SectionRef, Status, Summary,
    SuppressedRef, TomReport,
};
use crate::catalogue::{self, Item, ItemKind};
use crate::config::{self, Attestation};
use crate::finding::{ATTESTATION_OVERDUE, Finding, PARSE_ERROR, UNREAD_FILE};
use crate::lint::{Report, Setup};
use crate::model::Family;
use crate::rules::{Registry, Rule};
use crate::source::SourceMap;
use crate::suppress::{self, Suppressed};

/// The JSON layout's version.
pub const REPORT_VERSION: u32 = 1;

/// The report of one lint run. `repository` is the root as the user named it (`.`);
/// `today` the day the run judged dates with, which attestations are judged with too.
pub fn build(setup: &Setup, report: &Report, today: Date, repository: &str) -> TomReport {
    let registry = &setup.registry;
    let catalogue = &registry.catalogue;
    let sources = &report.sources;
    let profile = registry.profiles.selected();
    let header = Header {
        repository: repository.to_string(),
        commit: super::git::head(&setup.root),
        today: today.to_string(),
        art32_version: env!("CARGO_PKG_VERSION").to_string(),
        catalogue: catalogue.title.clone(),
        catalogue_path: match &setup.config.catalogue {
            Some(path) => crate::discover::relative(&setup.root, path),
            None => catalogue::BUILTIN_PATH.to_string(),
        },
        tls_profile: format!("{} ({})", profile.id, profile.title),
        files_checked: report.files_checked,
    };
    let items: Vec<ItemReport> = catalogue
        .item
        .iter()
        .map(|item| item_report(item, setup, report, today))
        .collect();
    let mut summary = Summary::default();
    for (item, r) in catalogue.item.iter().zip(&items) {
        match r.status {
            Status::Kept => summary.kept += 1,
            Status::Broken => summary.broken += 1,
            Status::NotVerified => summary.not_verified += 1,
            Status::Attested => summary.attested += 1,
            Status::AttestationOverdue => summary.attestation_overdue += 1,
        }
        if item.kind == ItemKind::Technical {
            summary.technical += 1;
            if r.rules.iter().any(|rule| rule.id != ATTESTATION_OVERDUE) {
                summary.technical_with_rules += 1;
            }
            if matches!(r.status, Status::Kept | Status::Broken) {
                summary.technical_verified += 1;
            }
        }
    }
    // Findings no item shows: the engine's, with no TOM item (files not read or
    // judged, void suppressions). Rules with a check always name items of the catalogue.
    let unread: Vec<FindingRef> = report
        .findings
        .iter()
        .filter(|f| !f.tom.iter().any(|t| catalogue.item(t).is_some()))
        .map(|f| finding_ref(f, sources, registry))
        .collect();
    TomReport {
        report_version: REPORT_VERSION,
        header,
        summary,
        items,
        unread,
    }
}

fn item_report(item: &Item, setup: &Setup, report: &Report, today: Date) -> ItemReport {
    let registry = &setup.registry;
    let sources = &report.sources;
    let catalogue = &registry.catalogue;
    let rules: Vec<&Rule> = registry
        .active()
        .filter(|r| r.tom.contains(&item.id))
        .collect();
    let of_item = |f: &Finding, rule: &str| f.rule == rule && f.tom.contains(&item.id);
    let mut results: Vec<RuleResult> = rules
        .iter()
        .map(|rule| RuleResult {
            id: rule.id.clone(),
            title: rule.title.clone(),
            severity: rule.severity.name().to_string(),
            kind: rule.kind_name().to_string(),
            files: report
                .examined_by(rule)
                .into_iter()
                .map(|id| sources.get(id).path.clone())
                .collect(),
            doc_url: rule.doc_url(),
            findings: report
                .findings
                .iter()
                .filter(|f| of_item(f, &rule.id))
                .map(|f| finding_ref(f, sources, registry))
                .collect(),
            suppressed: report
                .suppressed
                .iter()
                .filter(|s| of_item(&s.finding, &rule.id))
                .map(|s| suppressed_ref(s, sources, registry))
                .collect(),
        })
        .collect();
    let attestation = config::latest_attestation(&setup.config.attestations, &item.id);
    let (status, reason, needed) = status(item, &rules, &results, report, attestation, today);
    // An overdue attestation's finding is shown with the item it attests.
    let overdue: Vec<FindingRef> = report
        .findings
        .iter()
        .filter(|f| of_item(f, ATTESTATION_OVERDUE))
        .map(|f| finding_ref(f, sources, registry))
        .collect();
    if let Some(rule) = registry
        .get(ATTESTATION_OVERDUE)
        .filter(|_| !overdue.is_empty())
    {
        results.push(RuleResult {
            id: rule.id.clone(),
            title: rule.title.clone(),
            severity: rule.severity.name().to_string(),
            kind: rule.kind_name().to_string(),
            files: report
                .config_file
                .map(|id| vec![sources.get(id).path.clone()])
                .unwrap_or_default(),
            doc_url: rule.doc_url(),
            findings: overdue,
            suppressed: Vec::new(),
        });
    }
    ItemReport {
        id: item.id.clone(),
        de: item.de.clone(),
        en: item.en.clone(),
        sections: sections(&item.id, catalogue),
        kind: match item.kind {
            ItemKind::Technical => "technical",
            ItemKind::Organisational => "organisational",
        }
        .to_string(),
        status,
        reason,
        remark: item.remark.clone(),
        needed,
        rules: results,
        attestation: attestation.map(|a| AttestationRef {
            by: a.by.clone(),
            date: a.date.to_string(),
            evidence: a.evidence.clone(),
            valid_for: a.valid_for.clone(),
            valid_until: a.valid_until().to_string(),
            overdue: a.overdue(today),
        }),
    }
}

/// The status, why, and what evidence is missing.
fn status(
    item: &Item,
    rules: &[&Rule],
    results: &[RuleResult],
    report: &Report,
    attestation: Option<&Attestation>,
    today: Date,
) -> (Status, String, Vec<String>) {
    let count: usize = results.iter().map(|r| r.findings.len()).sum();
    let with_findings: Vec<&str> = results
        .iter()
        .filter(|r| !r.findings.is_empty())
        .map(|r| r.id.as_str())
        .collect();
    let attest_needed = || {
        format!(
            "an attestation: an `[[attest]]` for `{}` in art32.toml (who checked it, when, the \
             evidence, for how long)",
            item.id
        )
    };
    // What an attestation says, where it decides.
    let attested = |why: String| -> (Status, String, Vec<String>) {
        match attestation {
            Some(a) if a.overdue(today) => (
                Status::AttestationOverdue,
                format!(
                    "{why}; attested by {} on {} for `{}`, which held until {}",
                    a.by,
                    a.date,
                    a.valid_for,
                    a.valid_until()
                ),
                vec![format!(
                    "a new attestation: an `[[attest]]` for `{}` in art32.toml dated after the \
                     check",
                    item.id
                )],
            ),
            Some(a) => (
                Status::Attested,
                format!(
                    "{why}; attested by {} on {}, valid until {}",
                    a.by,
                    a.date,
                    a.valid_until()
                ),
                Vec::new(),
            ),
            None => (
                Status::NotVerified,
                format!("{why}, and there is no attestation"),
                vec![attest_needed()],
            ),
        }
    };
    let findings_text = || {
        format!(
            "{count} finding{} of {}",
            if count == 1 { "" } else { "s" },
            crate::finding::code_list(&with_findings)
        )
    };
    if item.remark.is_some() {
        let ran = if rules.is_empty() {
            String::new()
        } else if count > 0 {
            format!(
                " (the rules mapped to its heading have {})",
                findings_text()
            )
        } else {
            " (the rules mapped to its heading found nothing)".to_string()
        };
        return attested(format!(
            "the item's own text promises nothing a configuration can show{ran}"
        ));
    }
    if count > 0 {
        return (
            Status::Broken,
            format!(
                "{}: a finding is evidence against the promise",
                findings_text()
            ),
            Vec::new(),
        );
    }
    if item.kind == ItemKind::Organisational {
        let why = if rules.is_empty() {
            "an organisational measure no configuration shows".to_string()
        } else {
            "an organisational measure; the rules mapped to it found nothing".to_string()
        };
        return attested(why);
    }
    if rules.is_empty() {
        if attestation.is_some() {
            return attested("no rule of art32 checks this item".to_string());
        }
        let mut needed: Vec<String> = item.evidence.iter().cloned().collect();
        needed.push(attest_needed());
        return (
            Status::NotVerified,
            "no rule of art32 checks this item".to_string(),
            needed,
        );
    }
    // Rules that examined no file: the file kinds they would need.
    let idle: BTreeSet<Family> = rules
        .iter()
        .zip(results)
        .filter(|(_, r)| r.files.is_empty())
        .filter_map(|(rule, _)| rule.check.as_ref().map(|c| c.kind.family()))
        .collect();
    if !idle.is_empty() {
        let idle_rules: Vec<&str> = results
            .iter()
            .filter(|r| r.files.is_empty())
            .map(|r| r.id.as_str())
            .collect();
        return (
            Status::NotVerified,
            format!(
                "{} examined no file: the repository has no {}",
                crate::finding::code_list(&idle_rules),
                idle.iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(" or ")
                    + " files"
            ),
            idle.iter().map(|f| file_kinds(*f).to_string()).collect(),
        );
    }
    // A file of the kinds they read that art32 could not read or parse: what it holds
    // was not judged.
    let families: BTreeSet<Family> = rules
        .iter()
        .filter_map(|r| r.check.as_ref().map(|c| c.kind.family()))
        .collect();
    let unjudged: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.rule == PARSE_ERROR || f.rule == UNREAD_FILE)
        .filter(|f| {
            let id = f.primary.span.file;
            families.iter().any(|fam| {
                report
                    .examined
                    .get(fam)
                    .into_iter()
                    .chain(report.unread.get(fam))
                    .any(|files| files.contains(&id))
            })
        })
        .map(|f| report.sources.get(f.primary.span.file).path.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !unjudged.is_empty() {
        return (
            Status::NotVerified,
            format!(
                "the rules found nothing, but {} could not be read or parsed (`{}`/`{}`), so \
                 not all of it was judged",
                crate::finding::code_list(&unjudged),
                PARSE_ERROR,
                UNREAD_FILE
            ),
            vec![format!(
                "{} read and parsed without errors",
                crate::finding::code_list(&unjudged)
            )],
        );
    }
    let files: BTreeSet<&str> = results
        .iter()
        .flat_map(|r| r.files.iter().map(String::as_str))
        .collect();
    (
        Status::Kept,
        format!(
            "{} rule{} examined {} file{} and found nothing",
            rules.len(),
            if rules.len() == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ),
        Vec::new(),
    )
}

/// What files a rule of `family` reads, for a reader who has to provide them.
fn file_kinds(family: Family) -> &'static str {
    match family {
        Family::Fstab => "an fstab (/etc/fstab)",
        Family::Crypttab => "a crypttab (/etc/crypttab)",
        Family::Nginx => "an nginx configuration (nginx.conf and its includes)",
        Family::Postfix => "a Postfix configuration (main.cf and master.cf)",
        Family::Inventory => "an Ansible inventory (in inventory/ or inventories/)",
    }
}

/// The sections an item stands under, outermost first: those whose id is a prefix of
/// the item's (`2`, `2.a` for `2.a.i`).
fn sections(id: &str, catalogue: &catalogue::Catalogue) -> Vec<SectionRef> {
    catalogue
        .section
        .iter()
        .filter(|s| {
            id.strip_prefix(s.id.as_str())
                .is_some_and(|rest| rest.starts_with('.'))
        })
        .map(|s| SectionRef {
            id: s.id.clone(),
            de: s.de.clone(),
            en: s.en.clone(),
        })
        .collect()
}

pub(super) fn finding_ref(f: &Finding, sources: &SourceMap, registry: &Registry) -> FindingRef {
    let file = sources.get(f.primary.span.file);
    let at = file.line_col(f.primary.span.start);
    let (start, end) = file.line_bounds(file.line_index(f.primary.span.start));
    let source_line = file.text.get(start..end).unwrap_or_default().to_string();
    FindingRef {
        rule: f.rule.clone(),
        severity: f.severity.name().to_string(),
        path: file.path.clone(),
        line: at.line,
        column: at.column,
        message: f.message.clone(),
        source_line,
        doc_url: registry.get(&f.rule).and_then(Rule::doc_url),
    }
}

fn suppressed_ref(s: &Suppressed, sources: &SourceMap, registry: &Registry) -> SuppressedRef {
    SuppressedRef {
        finding: finding_ref(&s.finding, sources, registry),
        kind: match s.kind {
            suppress::Kind::InSource => "inline",
            suppress::Kind::External => "baseline",
        }
        .to_string(),
        justification: s.justification.clone(),
    }
}
