//! JSON output, versioned: `{"version": 1, "findings": [...], "summary": {...}}`.

use serde::Serialize;

use crate::finding::Severity;
use crate::lint::Report;
use crate::source::{SourceMap, Span};

pub const VERSION: u32 = 1;

/// Labels listed for one finding in JSON and SARIF; the others are counted
/// (`labels_omitted`). A finding about a group of 10,000 hosts labels each host: listed
/// in full, 157 bytes of inventory made 30 MB of JSON.
pub const MAX_LABELS: usize = 100;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary<'a>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    tom: &'a [String],
    #[serde(flatten)]
    region: Region<'a>,
    message: &'a str,
    help: &'a str,
    labels: Vec<JsonLabel<'a>>,
    /// Labels beyond [`MAX_LABELS`], not listed.
    #[serde(skip_serializing_if = "is_zero")]
    labels_omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    #[serde(flatten)]
    region: Region<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary<'a> {
    files: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    /// Findings an inline comment or the baseline accepted (not listed).
    suppressed: usize,
    /// Linted nginx files that no configuration includes (not checked).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    unreached: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineSummary>,
    /// What the walk left out, and why.
    excluded: ExcludedSummary,
}

#[derive(Serialize)]
struct ExcludedSummary {
    /// Untracked paths that ignore files (or a `target` directory) pruned; a directory
    /// counts once.
    ignored: usize,
    /// Files `art32.toml`'s `exclude` matches.
    config: usize,
}

#[derive(Serialize)]
struct BaselineSummary {
    baselined: usize,
    gone: usize,
}

#[derive(Serialize)]
struct Region<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn region(sources: &SourceMap, span: Span) -> Region<'_> {
    let file = sources.get(span.file);
    let start = file.line_col(span.start);
    let end = file.line_col(span.end);
    Region {
        path: &file.path,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

pub fn render(report: &Report) -> String {
    let findings = report
        .findings
        .iter()
        .map(|f| JsonFinding {
            rule: &f.rule,
            severity: f.severity,
            tom: &f.tom,
            region: region(&report.sources, f.primary.span),
            message: &f.message,
            help: &f.help,
            labels: f
                .labels
                .iter()
                .take(MAX_LABELS)
                .map(|l| JsonLabel {
                    region: region(&report.sources, l.span),
                    message: &l.text,
                })
                .collect(),
            labels_omitted: f.labels.len().saturating_sub(MAX_LABELS),
        })
        .collect();
    let out = Output {
        version: VERSION,
        findings,
        summary: Summary {
            files: report.files_checked,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            notes: report.count(Severity::Note),
            suppressed: report.suppressed.len(),
            unreached: &report.unreached,
            baseline: report.baseline.map(|b| BaselineSummary {
                baselined: b.baselined,
                gone: b.gone,
            }),
            excluded: ExcludedSummary {
                ignored: report.excluded.ignored,
                config: report.excluded.config,
            },
        },
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
