//! GitHub Actions output: one workflow command a finding
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which the
//! runner turns into an annotation on the pull request's diff, and the Markdown step
//! summary (a table per TOM item).
//!
//! The runner reads a command from any line of the log that starts with `::`, so text
//! from the linted files must never start a line: every line break in it is escaped
//! as the runner's toolkit does (data: `%` → `%25`, CR → `%0D`, LF → `%0A`; a property
//! value also `:` → `%3A`, `,` → `%2C`, so that it cannot end the property list). The
//! other control characters, which the runner would not unescape, are written as
//! `\u{…}`.
//!
//! Columns count characters, as in the human output, and are given only when a finding
//! starts and ends on one line (GitHub ignores them otherwise).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use super::Context;
use super::sarif::escape_markdown;
use crate::finding::Severity;
use crate::lint::Report;

pub fn render(report: &Report, cx: Context<'_>) -> String {
    let catalogue = &cx.registry.catalogue;
    let mut out = String::new();
    for f in &report.findings {
        let file = report.sources.get(f.primary.span.file);
        let start = file.line_col(f.primary.span.start);
        let end = file.line_col(f.primary.span.end.max(f.primary.span.start));
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = vec![
            ("file", format!("{}{}", cx.repo_prefix, file.path)),
            ("line", start.line.to_string()),
        ];
        if start.line == end.line {
            props.push(("col", start.column.to_string()));
        }
        props.push(("endLine", end.line.to_string()));
        if start.line == end.line {
            props.push(("endColumn", end.column.to_string()));
        }
        let title = if f.tom.is_empty() {
            format!("art32 {}", f.rule)
        } else {
            format!("art32 {} (TOM {})", f.rule, f.tom.join(", "))
        };
        props.push(("title", title));

        let mut message = f.message.clone();
        for l in f.labels.iter().take(super::human::MAX_LABELS - 1) {
            let lf = report.sources.get(l.span.file);
            let at = lf.line_col(l.span.start);
            message.push_str(&format!(
                "\n{}{}:{}:{}: {}",
                cx.repo_prefix, lf.path, at.line, at.column, l.text
            ));
        }
        // As many labels as the human output draws (the primary one is the annotation).
        let more = (f.labels.len() + 1).saturating_sub(super::human::MAX_LABELS);
        if more > 0 {
            let s = if more == 1 { "" } else { "s" };
            message.push_str(&format!("\nand {more} more place{s} not shown"));
        }
        if !f.help.is_empty() {
            message.push_str(&format!("\nhelp: {}", f.help));
        }
        for t in &f.tom {
            if let Some(item) = catalogue.item(t) {
                message.push_str(&format!("\nTOM {t}: {}", item.en));
            }
        }

        let props: Vec<String> = props
            .iter()
            .map(|(k, v)| format!("{k}={}", escape_property(v)))
            .collect();
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out.push_str(&super::summary_line(report));
    out.push('\n');
    out
}

/// A command's message, escaped as `@actions/core`'s `escapeData` does, and the
/// control characters the runner would not unescape made visible.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            '\t' => out.push(c),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&c.escape_unicode().to_string());
            }
            c => out.push(c),
        }
    }
    out
}

/// A command's property value, escaped as `@actions/core`'s `escapeProperty` does.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The step summary: for each TOM item that a rule checked or a finding names, how many
/// errors, warnings and notes were found; then the findings that name no item.
pub fn step_summary(report: &Report, cx: Context<'_>) -> String {
    let catalogue = &cx.registry.catalogue;
    // Counts per item: [errors, warnings, notes].
    let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for rule in cx.registry.active() {
        for t in &rule.tom {
            counts.entry(t.as_str()).or_default();
        }
    }
    let mut unmapped = [0usize; 3];
    let slot = |s: Severity| match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    };
    for f in &report.findings {
        if f.tom.is_empty() {
            unmapped[slot(f.severity)] += 1;
        }
        for t in &f.tom {
            counts.entry(t.as_str()).or_default()[slot(f.severity)] += 1;
        }
    }
    // In the catalogue's order; items it does not know last.
    let position = |id: &str| {
        catalogue
            .item
            .iter()
            .position(|i| i.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<(&str, [usize; 3])> = counts.into_iter().collect();
    rows.sort_by_key(|(id, _)| (position(id), *id));

    let mut out = format!(
        "## art32\n\n{}\n\n",
        escape_markdown(&super::summary_line(report))
    );
    out.push_str("| TOM item | Measure | Errors | Warnings | Notes |\n");
    out.push_str("| --- | --- | ---: | ---: | ---: |\n");
    for (id, [e, w, n]) in rows {
        let title = catalogue.item(id).map_or("", |i| i.en.as_str());
        out.push_str(&format!(
            "| {} | {} | {e} | {w} | {n} |\n",
            escape_markdown(id),
            escape_markdown(title)
        ));
    }
    if unmapped.iter().any(|&n| n > 0) {
        let [e, w, n] = unmapped;
        out.push_str(&format!(
            "| — | findings without a TOM item | {e} | {w} | {n} |\n"
        ));
    }
    out.push('\n');
    out
}

/// Appends to the file `GITHUB_STEP_SUMMARY` names (each step adds its part).
/// The step outputs of the GitHub Action, in `$GITHUB_OUTPUT`'s `name=value` lines:
/// `findings` (not counting suppressed ones) and, when SARIF is written to a file,
/// `sarif-file`. art32 writes them itself, so that the Action runs no interpreter in
/// the checked-out workspace. A path with a line break could forge another output:
/// refused.
pub fn outputs(findings: usize, sarif: Option<&Path>) -> Result<String, String> {
    let mut out = format!("findings={findings}\n");
    if let Some(path) = sarif {
        let text = path.to_string_lossy();
        if text.contains(['\n', '\r']) {
            return Err(format!(
                "the SARIF path `{}` has a line break",
                text.escape_debug()
            ));
        }
        out.push_str(&format!("sarif-file={text}\n"));
    }
    Ok(out)
}

/// Appends to a file the Actions runner reads after the step (`GITHUB_STEP_SUMMARY`,
/// `GITHUB_OUTPUT`).
pub fn append_runner_file(path: &Path, text: &str) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_lines_of_their_own() {
        assert_eq!(
            outputs(3, Some(Path::new("/w/art32.sarif"))).unwrap(),
            "findings=3\nsarif-file=/w/art32.sarif\n"
        );
        assert_eq!(outputs(0, None).unwrap(), "findings=0\n");
        assert!(outputs(1, Some(Path::new("a.sarif\nfindings=0"))).is_err());
    }

    #[test]
    fn nothing_from_a_linted_file_can_start_a_command() {
        let hostile = "x\n::add-mask::secret\r::set-output name=a::b\u{2028}::error::c %0A";
        let data = escape_data(hostile);
        assert!(!data.contains(['\n', '\r', '\u{2028}']), "{data}");
        assert_eq!(
            data,
            "x%0A::add-mask::secret%0D::set-output name=a::b\\u{2028}::error::c %250A"
        );
        let prop = escape_property("a,b:c\nd%");
        assert_eq!(prop, "a%2Cb%3Ac%0Ad%25");
    }
}
