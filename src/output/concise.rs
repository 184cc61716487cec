//! Concise output: one line a finding, `path:line:col: severity[rule] message`, as
//! ruff's and oxlint's `concise` and compilers' one-line diagnostics are, for editors
//! (a problem matcher), `grep` and a quick look. Columns count characters, as the
//! human output does.
//!
//! Text from the linted files (the path, the message) is shown with `inert_line`:
//! control characters and line breaks are escapes, so that a finding is one line and
//! none starts with input text.

use crate::inert::inert_line;
use crate::lint::Report;

/// The findings, one a line, then (unless `quiet`) the summary line.
pub fn render(report: &Report, quiet: bool) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let file = report.sources.get(f.primary.span.file);
        let at = file.line_col(f.primary.span.start);
        out.push_str(&inert_line(&format!(
            "{}:{}:{}: {}[{}] {}",
            file.path, at.line, at.column, f.severity, f.rule, f.message
        )));
        out.push('\n');
    }
    if !quiet {
        out.push_str(&super::summary_line(report));
        out.push('\n');
    }
    out
}
