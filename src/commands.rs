//! Texts of the informational commands: `rules`, `explain`, `init`. All generated
//! from the rule records, the single source of truth.

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::inert::inert_line as one_line;
use crate::rules::{Registry, Rule};
use crate::tls::profile::{Profile, Profiles};

pub fn rules_table(registry: &Registry) -> String {
    let width = registry.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &registry.rules {
        let tom = if r.tom.is_empty() {
            "-".to_string()
        } else {
            one_line(&r.tom.join(","))
        };
        let off = if r.enabled { "" } else { " (disabled)" };
        out.push_str(&format!(
            "{:width$}  {:7}  {:10}  {}{off}\n",
            one_line(&r.id),
            r.severity.name(),
            tom,
            one_line(&r.title),
        ));
    }
    out
}

#[derive(Serialize)]
struct RuleJson<'a> {
    id: &'a str,
    kind: &'a str,
    severity: &'a str,
    enabled: bool,
    tom: &'a [String],
    title: &'a str,
}

pub fn rules_json(registry: &Registry) -> String {
    let rules: Vec<_> = registry
        .rules
        .iter()
        .map(|r| RuleJson {
            id: &r.id,
            kind: r.kind_name(),
            severity: r.severity.name(),
            enabled: r.enabled,
            tom: &r.tom,
            title: &r.title,
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({ "version": 1, "rules": rules }))
        .unwrap_or_default();
    s.push('\n');
    s
}

pub fn explain(
    rule: &Rule,
    catalogue: &Catalogue,
    profiles: &Profiles,
    defaults: &crate::defaults::Defaults,
    today: jiff::civil::Date,
) -> String {
    // Fields of one line stay on one line (`one_line`), blocks are `indent`ed: no line
    // of the text starts with text from a rule file or catalogue.
    let mut out = format!("{} — {}\n\n", one_line(&rule.id), one_line(&rule.title));
    out.push_str(&format!("severity: {}\n", rule.severity));
    for t in &rule.tom {
        match catalogue.item(t) {
            Some(item) => out.push_str(&format!(
                "TOM {}: {}\n    „{}“\n",
                one_line(t),
                one_line(&item.en),
                one_line(&item.de)
            )),
            None => out.push_str(&format!("TOM {}\n", one_line(t))),
        }
    }
    out.push_str(&format!("\nWhy\n{}", indent(&rule.rationale)));
    if let Some(check) = &rule.check {
        out.push_str(&format!(
            "\nWhat it checks\n{}",
            indent(&what_it_checks(check))
        ));
    }
    out.push_str(&format!(
        "\nHow to fix\n{}",
        indent(&how_to_fix(rule, &rule.params))
    ));
    if !rule.params.is_empty() {
        out.push_str("\nParams (override in art32.toml)\n");
        for (k, v) in &rule.params {
            out.push_str(&format!(
                "    {} = {}\n",
                one_line(k),
                one_line(&inline_toml(v))
            ));
        }
    }
    if let Some(section) = profile_section(rule, profiles, defaults) {
        out.push_str(&section);
    }
    out.push_str("\nReferences\n");
    for r in &rule.references {
        out.push_str(&format!("    - {}\n", one_line(r)));
    }
    if let Some(ex) = &rule.example {
        out.push_str(&format!(
            "\nFails\n{}\nPasses\n{}",
            indent(&ex.fail.on(today)),
            indent(&ex.pass.on(today))
        ));
        if ex.has_dates() {
            out.push_str(&format!(
                "    (dates counted from {today}, the day of the run: the rule file writes \
                 them as `{{today-7d}}` and the like)\n"
            ));
        }
    }
    if let Some(url) = rule.doc_url() {
        out.push_str(&format!("\nDocumentation\n    {url}\n"));
    }
    out
}

/// What a rule's check looks at, in words: the files, the nodes, and the assertion.
pub(crate) fn what_it_checks(check: &crate::rules::Check) -> String {
    let mut what = format!(
        "In {} files, for each `{}`",
        check.kind.family(),
        check.path
    );
    if let Some(w) = &check.where_ {
        what.push_str(&format!(" where {w}"));
    }
    what.push_str(&format!(": {}.", check.assert));
    what
}

/// The rule's help with the params' values filled in; the placeholders that depend on
/// the finding stay as `<name>`.
pub(crate) fn how_to_fix(
    rule: &Rule,
    params: &std::collections::BTreeMap<String, toml::Value>,
) -> String {
    rule.help.render(|v| {
        v.strip_prefix("param.")
            .and_then(|p| params.get(p))
            .map(crate::rules::param_text)
            .or_else(|| Some(format!("<{v}>")))
    })
}

/// For a rule whose `profile` param names a TLS profile (the cipher rules): the profile
/// it judges against, every suite it allows, and the full expansion of the string that
/// holds where a configuration sets none (nginx's `ssl_ciphers` for the target version,
/// Postfix's `medium` list, OpenSSL's TLS 1.3 suites); a finding's help names the
/// `art32 ciphers` command that expands its own string in full.
pub(crate) fn profile_section(
    rule: &Rule,
    profiles: &Profiles,
    defaults: &crate::defaults::Defaults,
) -> Option<String> {
    let toml::Value::String(name) = rule.params.get("profile")? else {
        return None;
    };
    let (profile, how) = if name == crate::rules::predicate::SELECTED {
        (profiles.selected(), " (the one `[tls] profile` selects)")
    } else {
        (profiles.get(name)?, "")
    };
    let mut out = format!(
        "\nTLS profile\n    `{}`{how}: {}\n",
        one_line(&profile.id),
        one_line(&profile.title)
    );
    out.push_str(&format!(
        "    TLS 1.2 suites it allows: {}\n    TLS 1.3 suites it allows: {}\n",
        none_or_list(&profile.tls12),
        none_or_list(&profile.tls13)
    ));
    out.push_str(
        "    `art32 ciphers STRING` lists every suite a cipher string enables and whether the\n    \
         profile allows it; `art32 ciphers` alone shows the profile.\n",
    );
    let assert = &rule.check.as_ref()?.assert;
    let (label, string, tls13) = if assert.uses("ciphersuites-within-profile") {
        (
            "OpenSSL's default TLS 1.3 suites",
            crate::tls::openssl::DEFAULT_TLS13.to_string(),
            true,
        )
    } else {
        let (kind, name, label) = match rule.kind_name() {
            "nginx" => (
                crate::model::FileKind::Nginx,
                "ssl_ciphers",
                "nginx's default `ssl_ciphers`, without `ssl_dhparam` (no DHE suite, from nginx 1.11.0)",
            ),
            "postfix" => (
                crate::model::FileKind::PostfixMain,
                "tls_medium_cipherlist",
                "Postfix's default grade, `medium`",
            ),
            _ => return Some(out),
        };
        let mut string = defaults.get(kind, name, None)?.args.join(" ");
        if kind == crate::model::FileKind::Nginx {
            string.push_str(":!kDHE");
        }
        (label, string, false)
    };
    out.push_str(&format!("\nWhere nothing is set: {label}\n"));
    let expansion = if tls13 {
        ciphers(profile, None, Some(&string))
    } else {
        ciphers(profile, Some(&string), None)
    };
    for line in expansion.lines() {
        out.push_str(&format!("    {line}\n"));
    }
    Some(out)
}

fn none_or_list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        one_line(&names.join(", "))
    }
}

/// A block of text from a rule file, each line behind `    │ `: a line of the block
/// never starts with the rule file's text (a CI log runs `::error …` at the start of
/// a line, after leading blanks, so indenting alone would not do).
fn indent(text: &str) -> String {
    let mut s: String = text
        .trim_end()
        .lines()
        .map(|l| {
            if l.is_empty() {
                "    │\n".to_string()
            } else {
                format!("    │ {l}\n")
            }
        })
        .collect();
    if s.is_empty() {
        s.push('\n');
    }
    s
}

pub(crate) fn inline_toml(v: &toml::Value) -> String {
    match v {
        toml::Value::Table(t) => {
            let items: Vec<_> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_key(k), inline_toml(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        toml::Value::Array(a) => format!(
            "[{}]",
            a.iter().map(inline_toml).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        toml::Value::String(k.to_string()).to_string()
    }
}

/// The starter `art32.toml`: every setting, commented out, with its default.
pub fn starter_config(registry: &Registry) -> String {
    let mut out = String::from(
        "# art32 configuration. Every setting is shown with its default, commented out.\n\
         # Paths and globs are relative to this file's directory; globs use `/` and `*`\n\
         # does not cross directories (`**` does).\n\n\
         # TOM catalogue to map rules to. Default: the reference catalogue built into art32\n\
         # (rules/tom.toml in the art32 sources). To use your own, in the same format:\n\
         #     catalogue = \"policy/tom.toml\"\n\n\
         # Directories with your own rules (`*.toml`, same format as art32's rules/).\n\
         # rule-dirs = []\n\n\
         # Files and directories never linted (in addition to .gitignore).\n\
         # exclude = []\n\n\
         # Files larger than this many bytes are skipped with a note.\n\
         # max-file-size = 10485760\n\n\
         # Whether inline `# art32-ignore: RULE-ID -- reason` comments count. With false,\n\
         # every one is void and reported (`art32.suppression`).\n\
         # inline-suppressions = true\n\n\
         # The date every date rule compares with instead of the system's (`--today` wins\n\
         # over it): for demos and reproducible reports, whose output must not change with\n\
         # the day they are run. Default: today.\n\
         # today = \"2026-11-26\"\n\n\
         # Attestations of TOM items no configuration shows (`art32 report`): who checked\n\
         # it, on which day (not after today), the evidence (a file of the repository or a\n\
         # URL) and for how long. The latest of an item counts; once run out, it is\n\
         # `attestation overdue` and an `art32.attestation-overdue` finding.\n\
         # [[attest]]\n\
         # tom = \"8.c\"\n\
         # by = \"Petra Berger, data-protection officer\"\n\
         # date = \"2026-10-14\"\n\
         # evidence = \"https://intranet.example.com/tom-review-2026\"\n\
         # valid-for = \"1y\"\n\n\
         # Which files are which kind. Setting a kind replaces its defaults.\n\
         # [kinds]\n",
    );
    for kind in crate::model::FileKind::ALL {
        let globs: Vec<_> = kind
            .default_globs()
            .iter()
            .map(|g| format!("\"{g}\""))
            .collect();
        out.push_str(&format!("# {} = [{}]\n", kind.name(), globs.join(", ")));
    }
    out.push_str("\n# Target versions: built-in defaults (nginx's ssl_protocols, Postfix's TLS levels)\n# follow them.\n# [versions]\n");
    for kind in crate::model::FileKind::ALL {
        if let Some((version, reason)) = kind.default_version() {
            out.push_str(&format!(
                "# {} = \"{version}\"  # {reason}\n",
                kind.family()
            ));
        }
    }
    out.push_str(&format!(
        "\n# The absolute directory the main nginx.conf's directory stands for, to map\n\
         # absolute includes into the repository.\n# [nginx]\n# prefix = \"{}\"\n",
        crate::formats::nginx::link::DEFAULT_PREFIX
    ));
    out.push_str(
        "\n# The TLS profile the cipher rules judge the enabled suites against (`art32 ciphers`\n\
         # shows it), one of these or a `tls-profiles/<id>.toml` in one of rule-dirs:\n",
    );
    for p in registry.profiles.all() {
        out.push_str(&format!("#     {}: {}\n", p.id, one_line(&p.title)));
    }
    out.push_str(&format!(
        "# [tls]\n# profile = \"{}\"\n",
        crate::tls::profile::DEFAULT_PROFILE
    ));
    out.push_str(
        "\n# Per rule: enabled, severity (error, warning, note), the TOM items it maps to\n\
         # (change them when you use a catalogue of your own), paths (globs) it does not\n\
         # apply to, and params.\n",
    );
    for r in &registry.rules {
        if r.tom.is_empty() {
            out.push_str(&format!("\n# {}\n", r.title));
        } else {
            out.push_str(&format!("\n# {} (TOM {})\n", r.title, r.tom.join(", ")));
        }
        out.push_str(&format!(
            "# [rules.\"{}\"]\n# enabled = true\n# severity = \"{}\"\n# exclude = []\n",
            r.id, r.default_severity
        ));
        for (k, v) in &r.default_params {
            out.push_str(&format!("# params.{} = {}\n", toml_key(k), inline_toml(v)));
        }
    }
    out
}

/// `art32 ciphers`: every suite an OpenSSL cipher string (and a TLS 1.3 list) enables,
/// as OpenSSL 3 expands it, each marked by whether `profile` allows it; without a
/// string, the profile itself.
pub fn ciphers(profile: &Profile, string: Option<&str>, tls13: Option<&str>) -> String {
    let mut out = String::new();
    if string.is_none() && tls13.is_none() {
        out.push_str(&format!(
            "{} — {}\n{}\n\nprotocols: {}\n\nTLS 1.2 suites it allows:\n",
            one_line(&profile.id),
            one_line(&profile.title),
            indent(&profile.summary).trim_end(),
            one_line(&profile.protocols.join(", "))
        ));
        for s in &profile.tls12 {
            out.push_str(&format!("    {}\n", one_line(s)));
        }
        out.push_str("\nTLS 1.3 suites it allows:\n");
        for s in &profile.tls13 {
            out.push_str(&format!("    {}\n", one_line(s)));
        }
        out.push_str("\nReferences\n");
        for r in &profile.references {
            out.push_str(&format!("    - {}\n", one_line(r)));
        }
        return out;
    }
    let mark = |ok: bool| if ok { "ok     " } else { "OUTSIDE" };
    if let Some(string) = string {
        match crate::tls::openssl::expand(string) {
            Err(e) => out.push_str(&format!(
                "`{}`: OpenSSL refuses it: {}\n",
                one_line(string),
                one_line(&e.to_string())
            )),
            Ok(x) => {
                let enabled = match x.seclevel {
                    Some(level) => x.at_seclevel(level),
                    None => x.suites.clone(),
                };
                let unused = |s: &&crate::tls::openssl::Suite| crate::tls::needs_psk_or_srp(s);
                let outside = crate::tls::offered(&x, profile).1.len();
                out.push_str(&format!(
                    "`{}` enables {} TLS 1.2 (and older) {} as OpenSSL 3 expands it{}; {} outside `{}` \
                     (`unused`: needs a pre-shared key or SRP, which nginx and Postfix never set up):\n",
                    one_line(string),
                    enabled.len(),
                    if enabled.len() == 1 { "suite" } else { "suites" },
                    match x.seclevel {
                        Some(l) => format!(" at `@SECLEVEL={l}`"),
                        None => String::new(),
                    },
                    outside,
                    one_line(&profile.id)
                ));
                for s in &enabled {
                    out.push_str(&format!(
                        "    {} {:<31} {:<46} {:<7} Kx={:<8} Au={:<5} Enc={:<22} Mac={}\n",
                        if unused(s) {
                            "unused "
                        } else {
                            mark(profile.allows_tls12(s.iana))
                        },
                        s.name,
                        s.iana,
                        s.protocol,
                        s.kx,
                        s.au,
                        s.enc,
                        s.mac
                    ));
                }
            }
        }
    }
    if let Some(list) = tls13 {
        if string.is_some() {
            out.push('\n');
        }
        match crate::tls::openssl::expand_tls13(list) {
            Err(e) => out.push_str(&format!(
                "`{}`: OpenSSL refuses it: {}\n",
                one_line(list),
                one_line(&e.to_string())
            )),
            Ok(suites) => {
                let outside = suites
                    .iter()
                    .filter(|s| !profile.allows_tls13(s.iana))
                    .count();
                out.push_str(&format!(
                    "`{}` enables {} TLS 1.3 {}; {} outside `{}`:\n",
                    one_line(list),
                    suites.len(),
                    if suites.len() == 1 { "suite" } else { "suites" },
                    outside,
                    one_line(&profile.id)
                ));
                for s in &suites {
                    out.push_str(&format!(
                        "    {} {}\n",
                        mark(profile.allows_tls13(s.iana)),
                        s.iana
                    ));
                }
            }
        }
    }
    out
}
