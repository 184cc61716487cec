//! SARIF 2.1.0 for GitHub code scanning, written by hand (about fifteen small structs,
//! as ruff and oxlint do).
//!
//! What GitHub does with it, from "SARIF support for code scanning" and "Code scanning
//! will stop combining runs from a single upload" (docs.github.com, github.blog):
//! - GitHub no longer combines several runs of one tool and category in one upload
//!   (deprecated in May 2024, refused on github.com since mid-2025), so art32 writes one
//!   run whose `automationDetails.id` is `art32/`: an id is read as `category/run-id`,
//!   and only an id with a `/` has a category at all.
//! - An alert shows `help.markdown` (not `help.text`, never `helpUri`), so the TOM
//!   items, the rationale and the fix are all in it.
//! - `properties.security-severity` counts only for rules tagged `security`; GitHub
//!   reads over 9.0 as critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. art32 maps
//!   error → 8.0 (high), warning → 5.0 (medium), note → 2.0 (low).
//! - A run holds at most 25,000 results (a larger upload is rejected) and 20 tags per
//!   rule; descriptions are cut at 1024 characters. Beyond 25,000 results art32 keeps
//!   the most severe and says so.
//! - Of `partialFingerprints` GitHub reads only `primaryLocationLineHash`, which the
//!   `upload-sarif` action computes from the file's text when it is absent — and only
//!   then. art32 leaves it to the action, whose hash follows a line that moves, and adds
//!   `art32/v1`: a hash of the rule, the path and the node's structural path
//!   (`http/server[api.example.com]/ssl_protocols`), which no edit around the node
//!   changes, for tools (and art32's baselines) that match results themselves.
//! - Paths are relative to the repository root (`uriBaseId` `%SRCROOT%`), percent-encoded.
//!
//! Columns count UTF-16 code units (`columnKind` `utf16CodeUnits`, SARIF's default and
//! what GitHub's own example declares); the human and JSON outputs count characters.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::json::MAX_LABELS;
use super::{Context, Rendered};
use crate::catalogue::Catalogue;
use crate::finding::{Finding, Severity, fingerprint};
use crate::lint::Report;
use crate::rules::{Rule, param_text};
use crate::source::{SourceFile, SourceMap, Span};

/// Results per run GitHub accepts.
pub const MAX_RESULTS: usize = 25_000;
/// `automationDetails.id`: the category `art32`, no run id.
pub const AUTOMATION_ID: &str = "art32/";
/// The key of art32's own fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "art32/v1";
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
const MAX_TAGS: usize = 20;
const MAX_DESCRIPTION: usize = 1024;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    automation_details: AutomationDetails,
    original_uri_base_ids: BTreeMap<&'static str, BaseUri>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    /// Where results were left out (the cap), said in the log itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Invocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    precision: &'static str,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: &'static str,
}

/// `%SRCROOT%` without a `uri`: the tool does not say where the repository was
/// checked out (an absolute path would make the output differ between machines).
#[derive(Serialize)]
struct BaseUri {
    description: Text,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    /// Empty: the result is not suppressed (SARIF §3.27.23; absent would mean "not
    /// known"); else how it was suppressed and why.
    suppressions: Vec<SarifSuppression>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifSuppression {
    /// `inSource` (an `art32-ignore` comment) or `external` (the baseline).
    kind: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// The SARIF log of a report, and a notice when results had to be left out.
pub fn render(report: &Report, cx: Context<'_>) -> Rendered {
    render_limited(report, cx, MAX_RESULTS)
}

/// How a suppressed finding was suppressed: SARIF kind and justification.
type SarifSuppressionRef<'a> = (&'static str, &'a str);

fn render_limited(report: &Report, cx: Context<'_>, limit: usize) -> Rendered {
    let (kept, notices) = keep_most_severe(&report.findings, limit);
    // Suppressed findings are listed too, with their justification, after the rest.
    let suppressed: Vec<(&crate::finding::Finding, SarifSuppressionRef)> = report
        .suppressed
        .iter()
        .take(limit.saturating_sub(kept.len()))
        .map(|s| {
            let kind = match s.kind {
                crate::suppress::Kind::InSource => "inSource",
                crate::suppress::Kind::External => "external",
            };
            (&s.finding, (kind, s.justification.as_str()))
        })
        .collect();

    // Every rule that ran, and the engine's own rules (parse errors, …) that reported.
    let mut ids: BTreeSet<&str> = cx.registry.active().map(|r| r.id.as_str()).collect();
    ids.extend(kept.iter().map(|f| f.rule.as_str()));
    ids.extend(suppressed.iter().map(|(f, _)| f.rule.as_str()));
    let ids: Vec<&str> = ids.into_iter().collect();
    let builtin = crate::rules::builtin_sources();
    let rules = ids
        .iter()
        .map(|id| match cx.registry.get(id) {
            Some(rule) => {
                let is_builtin = builtin
                    .iter()
                    .any(|s| s.path == rule.source && s.text == rule.text);
                descriptor(rule, &cx.registry.catalogue, is_builtin)
            }
            None => unknown_descriptor(id, &kept),
        })
        .collect();

    let all: Vec<(&crate::finding::Finding, Option<SarifSuppressionRef>)> = kept
        .iter()
        .map(|f| (*f, None))
        .chain(suppressed.iter().map(|(f, s)| (*f, Some(*s))))
        .collect();
    let results = all
        .iter()
        .map(|&(f, suppression)| {
            let file = report.sources.get(f.primary.span.file);
            let path = format!("{}{}", cx.repo_prefix, file.path);
            let key = if f.node_path.is_empty() {
                file.slice(f.primary.span)
            } else {
                f.node_path.as_str()
            };
            SarifResult {
                rule_id: &f.rule,
                rule_index: ids.binary_search(&f.rule.as_str()).unwrap_or_default(),
                level: f.severity.name(),
                message: text(&match f.labels.len().saturating_sub(MAX_LABELS) {
                    0 => f.message.clone(),
                    n => format!("{} ({n} more related locations not listed)", f.message),
                }),
                locations: [location(
                    &report.sources,
                    cx.repo_prefix,
                    f.primary.span,
                    None,
                    &f.primary.text,
                )],
                related_locations: f
                    .labels
                    .iter()
                    .take(MAX_LABELS)
                    .enumerate()
                    .map(|(i, l)| {
                        location(
                            &report.sources,
                            cx.repo_prefix,
                            l.span,
                            Some(i + 1),
                            &l.text,
                        )
                    })
                    .collect(),
                partial_fingerprints: BTreeMap::from([(
                    FINGERPRINT_KEY,
                    fingerprint(&f.rule, &path, key),
                )]),
                suppressions: suppression
                    .map(|(kind, justification)| SarifSuppression {
                        kind,
                        justification: justification.to_string(),
                    })
                    .into_iter()
                    .collect(),
            }
        })
        .collect();

    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "art32",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules,
                },
            },
            automation_details: AutomationDetails { id: AUTOMATION_ID },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                BaseUri {
                    description: text(
                        "The root of the repository that holds the lint root (the lint root outside a repository); result paths are relative to it.",
                    ),
                },
            )]),
            column_kind: "utf16CodeUnits",
            results,
            invocations: if notices.is_empty() {
                Vec::new()
            } else {
                vec![Invocation {
                    execution_successful: true,
                    tool_execution_notifications: notices
                        .iter()
                        .map(|n| Notification {
                            level: "warning",
                            message: text(n),
                        })
                        .collect(),
                }]
            },
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    Rendered { text: out, notices }
}

/// The findings to report, in report order: all of them, or the `limit` most severe.
fn keep_most_severe(findings: &[Finding], limit: usize) -> (Vec<&Finding>, Vec<String>) {
    if findings.len() <= limit {
        return (findings.iter().collect(), Vec::new());
    }
    let mut order: Vec<usize> = (0..findings.len()).collect();
    // Errors, then warnings, then notes of the rules; parse errors last, so that a file
    // of a thousand broken lines cannot push the rules' findings out of the log.
    // Stable: within each, the report's order (path, line, rule) decides.
    order.sort_by_key(|&i| {
        (
            findings[i].rule == crate::rules::PARSE_ERROR,
            Reverse(findings[i].severity),
        )
    });
    let (kept, left) = order.split_at(limit);
    let left_out: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Note, "note"),
    ]
    .iter()
    .filter_map(|&(s, word)| {
        let n = left.iter().filter(|&&i| findings[i].severity == s).count();
        (n > 0).then(|| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
    })
    .collect();
    let notice = format!(
        "the SARIF output holds the {limit} most severe of {} findings (GitHub's limit for one run; parse errors last); left out: {}",
        findings.len(),
        left_out.join(", ")
    );
    let mut kept = kept.to_vec();
    kept.sort_unstable();
    (
        kept.into_iter().map(|i| &findings[i]).collect(),
        vec![notice],
    )
}

fn descriptor(rule: &Rule, catalogue: &Catalogue, builtin: bool) -> Descriptor {
    let fix = rule.help.render(|v| {
        Some(
            v.strip_prefix("param.")
                .and_then(|p| rule.params.get(p))
                .map_or_else(|| format!("<{v}>"), param_text),
        )
    });
    let items: Vec<(&str, Option<&crate::catalogue::Item>)> = rule
        .tom
        .iter()
        .map(|t| (t.as_str(), catalogue.item(t)))
        .collect();

    let mut help = format!("{}\n", rule.title);
    for (t, item) in &items {
        match item {
            Some(i) => help.push_str(&format!("\nTOM {t}: {} („{}“)", i.en, i.de)),
            None => help.push_str(&format!("\nTOM {t}")),
        }
    }
    if !items.is_empty() {
        help.push('\n');
    }
    help.push_str(&format!(
        "\nWhy:\n{}\n\nHow to fix:\n{fix}\n",
        rule.rationale
    ));
    if !rule.references.is_empty() {
        help.push_str("\nReferences:\n");
        for r in &rule.references {
            help.push_str(&format!("- {r}\n"));
        }
    }

    let mut md = format!("**{}**\n", prose(&rule.title));
    if !items.is_empty() {
        md.push_str("\n#### TOM\n\n");
        for (t, item) in &items {
            match item {
                Some(i) => md.push_str(&format!(
                    "- **{}** {} — _{}_\n",
                    escape_markdown(t),
                    escape_markdown(&i.en),
                    escape_markdown(&i.de)
                )),
                None => md.push_str(&format!("- **{}**\n", escape_markdown(t))),
            }
        }
    }
    md.push_str(&format!(
        "\n#### Why\n\n{}\n\n#### How to fix\n\n{}\n",
        prose(&rule.rationale),
        prose(&fix)
    ));
    if !rule.references.is_empty() {
        md.push_str("\n#### References\n\n");
        for r in &rule.references {
            md.push_str(&format!("- {}\n", prose(r)));
        }
    }
    md.push_str(&format!(
        "\n`art32 explain {}` shows the rule with an example that fails and one that passes.\n",
        rule.id
    ));

    let mut tags = vec!["security".to_string()];
    if rule.check.is_some() {
        tags.push(rule.kind_name().to_string());
    }
    tags.extend(rule.tom.iter().map(|t| format!("TOM-{t}")));
    tags.truncate(MAX_TAGS);

    let first_paragraph = rule
        .rationale
        .split("\n\n")
        .next()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| rule.title.clone());
    Descriptor {
        id: rule.id.clone(),
        name: pascal_case(&rule.id),
        short_description: text(&clip(&rule.title)),
        full_description: text(&clip(&first_paragraph)),
        help: Help {
            text: help,
            markdown: md,
        },
        // The rule's page in the repository (docs/rules/<id>.md, generated from it).
        help_uri: builtin.then(|| crate::rules::doc_url(&rule.id)),
        default_configuration: Configuration {
            level: rule.severity.name(),
        },
        properties: RuleProperties {
            tags,
            security_severity: security_severity(rule.severity),
            precision: "high",
        },
    }
}

/// A rule a finding names that the registry does not know (a stage after evaluation
/// may report under its own id): described by its findings.
fn unknown_descriptor(id: &str, findings: &[&Finding]) -> Descriptor {
    let first = findings.iter().find(|f| f.rule == id);
    let severity = first.map_or(Severity::Warning, |f| f.severity);
    let help = first.map_or_else(|| id.to_string(), |f| f.help.clone());
    let mut tags = vec!["security".to_string()];
    tags.extend(
        first
            .iter()
            .flat_map(|f| &f.tom)
            .map(|t| format!("TOM-{t}")),
    );
    tags.truncate(MAX_TAGS);
    Descriptor {
        id: id.to_string(),
        name: pascal_case(id),
        short_description: text(id),
        full_description: text(id),
        help: Help {
            markdown: prose(&help),
            text: help,
        },
        help_uri: None,
        default_configuration: Configuration {
            level: severity.name(),
        },
        properties: RuleProperties {
            tags,
            security_severity: security_severity(severity),
            precision: "high",
        },
    }
}

fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Note => "2.0",
    }
}

fn location(
    sources: &SourceMap,
    prefix: &str,
    span: Span,
    id: Option<usize>,
    label: &str,
) -> Location {
    let file = sources.get(span.file);
    let (start_line, start_column) = utf16_position(file, span.start);
    let (end_line, end_column) = utf16_position(file, span.end.max(span.start));
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(&format!("{prefix}{}", file.path)),
                uri_base_id: SRCROOT,
            },
            region: Region {
                start_line,
                start_column,
                end_line,
                end_column,
            },
        },
        message: (!label.is_empty()).then(|| text(label)),
    }
}

/// 1-based line and UTF-16 column of a byte offset (the same line as
/// [`SourceFile::line_col`], whose column counts characters).
fn utf16_position(file: &SourceFile, offset: usize) -> (usize, usize) {
    let lc = file.line_col_utf16(offset);
    (lc.line, lc.column)
}

/// A relative path as a URI reference: every byte but unreserved characters and `/`
/// percent-encoded (a `:` in a first segment would read as a scheme, `#` and `?` would
/// end the path).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `nginx.tls-protocols` → `NginxTlsProtocols`.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn text(s: &str) -> Text {
    Text {
        text: s.to_string(),
    }
}

/// At most [`MAX_DESCRIPTION`] characters.
fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_DESCRIPTION {
        return s.to_string();
    }
    let mut out: String = s.chars().take(MAX_DESCRIPTION - 1).collect();
    out.push('…');
    out
}

/// Text written as Markdown (a rule's rationale and help): kept, but `<`, `>` and `&`
/// outside code spans are written as entities, so that `<file>` or `a < b` shows
/// instead of being taken for HTML. A run of backticks opens a code span only where the
/// same run closes it later, as CommonMark reads it; an unmatched backtick is literal
/// and escapes nothing (a repository's rule could otherwise slip raw HTML through).
fn prose(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find(['`', '<', '>', '&']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let c = from.as_bytes()[0];
        if c != b'`' {
            out.push_str(match c {
                b'<' => "&lt;",
                b'>' => "&gt;",
                _ => "&amp;",
            });
            rest = &from[1..];
            continue;
        }
        let run = from.bytes().take_while(|&b| b == b'`').count();
        let after = &from[run..];
        // The closing run: exactly as many backticks, not part of a longer run.
        let close = after
            .match_indices(&from[..run])
            .map(|(i, _)| i)
            .find(|&i| !after[i + run..].starts_with('`') && !after[..i].ends_with('`'));
        match close {
            Some(i) => {
                out.push_str(&from[..run + i + run]);
                rest = &after[i + run..];
            }
            None => {
                out.push_str(&from[..run]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Plain text (a catalogue's titles) inline in Markdown: the characters that inline
/// Markdown, HTML or GitHub (`#123` links, `@` mentions, `$` maths) would read are
/// escaped, line breaks become spaces.
pub(crate) fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => out.push(' '),
            // `:` too: no `:emoji:` shortcode and no `https://` autolink from input;
            // `!` for image syntax. `.` or `)` after digits could start an ordered list
            // only at a line's start, which inline text never is.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '@' | '#' | ':' | '!' => {
                out.push('\\');
                out.push(c);
            }
            // `www.` starts an autolink in GitHub's Markdown without a scheme.
            '.' if out
                .as_bytes()
                .get(out.len().saturating_sub(3)..)
                .is_some_and(|end| end.eq_ignore_ascii_case(b"www")) =>
            {
                out.push_str("\\.")
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_code_units() {
        // `ü` is one unit, `😀` two; `x` follows both.
        let f = SourceFile::new("x", "a\nü😀x\n");
        let x = "a\nü😀".len();
        assert_eq!(utf16_position(&f, x), (2, 4));
        assert_eq!(utf16_position(&f, 2), (2, 1));
        assert_eq!(utf16_position(&f, 100), (3, 1));
    }

    #[test]
    fn beyond_the_limit_the_most_severe_are_kept_in_report_order() {
        use crate::finding::Label;

        let registry =
            crate::rules::Registry::load(&crate::config::Config::default_config()).unwrap();
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("etc/fstab", "a\nb\nc\nd\n"));
        let finding = |line: usize, severity: Severity| {
            let span = Span::new(file, line * 2, line * 2 + 1);
            Finding {
                rule: "parse-error".into(),
                severity,
                tom: Vec::new(),
                primary: Label {
                    span,
                    text: String::new(),
                },
                labels: Vec::new(),
                message: format!("line {}", line + 1),
                help: String::new(),
                node_path: String::new(),
                anchor: span,
            }
        };
        let report = Report {
            sources,
            findings: vec![
                finding(0, Severity::Note),
                finding(1, Severity::Error),
                finding(2, Severity::Warning),
                finding(3, Severity::Error),
            ],
            files_checked: 1,
            unreached: Vec::new(),
            excluded: crate::discover::Excluded::default(),
            suppressed: Vec::new(),
            baseline: None,
            examined: Default::default(),
            unread: Default::default(),
            rule_excluded: Default::default(),
            config_file: None,
        };
        let cx = Context {
            registry: &registry,
            repo_prefix: "",
        };
        let out = render_limited(&report, cx, 3);
        let v: serde_json::Value = serde_json::from_str(&out.text).unwrap();
        let kept: Vec<&str> = v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["message"]["text"].as_str().unwrap())
            .collect();
        assert_eq!(kept, ["line 2", "line 3", "line 4"]);
        let notice = "the SARIF output holds the 3 most severe of 4 findings (GitHub's limit for one run; parse errors last); left out: 1 note";
        assert_eq!(out.notices, [notice]);
        // Said in the log too, as a tool notification.
        assert_eq!(
            v["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"],
            notice
        );
        assert!(render_limited(&report, cx, 4).notices.is_empty());

        // Parse errors go last: a rule's note is kept before them.
        let mut report = report;
        report.findings[0].rule = "fstab.mount-options".into();
        let out = render_limited(&report, cx, 1);
        let v: serde_json::Value = serde_json::from_str(&out.text).unwrap();
        assert_eq!(v["runs"][0]["results"][0]["message"]["text"], "line 1");
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri("etc/nginx/sites-enabled/a.conf"),
            "etc/nginx/sites-enabled/a.conf"
        );
        assert_eq!(uri("a b/c:d#e%f"), "a%20b/c%3Ad%23e%25f");
        assert_eq!(uri("größe"), "gr%C3%B6%C3%9Fe");
    }

    #[test]
    fn names_and_markdown() {
        assert_eq!(pascal_case("nginx.tls-protocols"), "NginxTlsProtocols");
        assert_eq!(pascal_case("parse-error"), "ParseError");
        assert_eq!(
            prose("add `<x>` or <x> & y"),
            "add `<x>` or &lt;x&gt; &amp; y"
        );
        // An unmatched backtick opens no code span: what follows is still escaped.
        assert_eq!(
            prose("a ` <script>alert(1)</script> <img onerror=x>"),
            "a ` &lt;script&gt;alert(1)&lt;/script&gt; &lt;img onerror=x&gt;"
        );
        assert_eq!(prose("``a`b`` <i>"), "``a`b`` &lt;i&gt;");
        assert_eq!(prose("`` x ` <b>"), "`` x ` &lt;b&gt;");
        assert_eq!(escape_markdown("a|b <img> *c*"), r"a\|b &lt;img&gt; \*c\*");
        // No autolinks and no emoji shortcodes from input.
        assert_eq!(
            escape_markdown("see https://evil.example and WWW.evil.example :rocket:"),
            r"see https\://evil.example and WWW\.evil.example \:rocket\:"
        );
    }
}
