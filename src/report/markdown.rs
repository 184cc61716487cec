//! `art32 report --format markdown`: the report as CommonMark with GitHub's tables, for a
//! pull request, a wiki or a file beside the TOM document.
//!
//! Every text that comes from a repository, its configuration or its catalogue (paths,
//! messages, source lines, justifications, even item ids) is escaped: as plain inline text
//! ([`text`]), in a code span whose backtick run is longer than any inside it ([`code`]),
//! or in a fence longer than any backtick run of the line it quotes ([`fence`]). No input
//! text starts a line of its own, so none can open a heading, a list or a table row.

use std::fmt::Write as _;

use super::{FindingRef, ItemReport, Status, TomReport};
use crate::inert::inert_line;

/// The report as Markdown: header, summary, status table, one section per item, and the
/// files art32 could not read.
pub fn markdown(report: &TomReport) -> String {
    let mut out = String::new();
    let h = &report.header;
    let _ = writeln!(out, "# Art. 32 TOM report: {}\n", text(&h.repository));
    let commit = match &h.commit {
        Some(c) => code(c),
        None => "none (not a git repository, or HEAD unresolved)".to_string(),
    };
    let rows = [
        ("Repository", code(&h.repository)),
        ("Commit", commit),
        ("Date", text(&h.today)),
        ("art32 version", text(&h.art32_version)),
        (
            "Catalogue",
            format!("{} ({})", text(&h.catalogue), code(&h.catalogue_path)),
        ),
        ("TLS profile", text(&h.tls_profile)),
        ("Files checked", h.files_checked.to_string()),
    ];
    for (name, value) in rows {
        let _ = writeln!(out, "- **{name}:** {value}");
    }

    let s = &report.summary;
    out.push_str("\n## Summary\n\n");
    let _ = writeln!(
        out,
        "art32 verifies {} of {} technical items (rules exist for {} of them).\n",
        s.technical_verified, s.technical, s.technical_with_rules
    );
    out.push_str("| Status | Items |\n| --- | ---: |\n");
    for (status, n) in [
        (Status::Kept, s.kept),
        (Status::Broken, s.broken),
        (Status::NotVerified, s.not_verified),
        (Status::Attested, s.attested),
        (Status::AttestationOverdue, s.attestation_overdue),
    ] {
        let _ = writeln!(out, "| {} | {n} |", status.label());
    }

    out.push_str("\n## Status per item\n\n");
    out.push_str("| Item | Text | Status | Findings |\n| --- | --- | --- | ---: |\n");
    for item in &report.items {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            text(&item.id),
            text(&item.en),
            item.status.label(),
            finding_count(item)
        );
    }

    out.push_str("\n## Items\n");
    for item in &report.items {
        render_item(&mut out, item);
    }

    blank_line(&mut out);
    out.push_str("## Could not read\n\n");
    if report.unread.is_empty() {
        out.push_str("art32 read and judged every file it found.\n");
    } else {
        out.push_str(
            "These files were not read or not fully judged: no rule's result covers what \
             they hold, which limits what `kept` means.\n\n",
        );
        for f in &report.unread {
            out.push_str("- ");
            finding_line(&mut out, f);
        }
    }
    out
}

/// The findings an item's status counts (suppressed ones are not).
pub(crate) fn finding_count(item: &ItemReport) -> usize {
    item.rules.iter().map(|r| r.findings.len()).sum()
}

fn render_item(out: &mut String, item: &ItemReport) {
    let _ = writeln!(out, "\n### {}: {}\n", text(&item.id), text(&item.en));
    let _ = writeln!(out, "> {}\n", text(&item.de));
    if !item.sections.is_empty() {
        let path: Vec<String> = item
            .sections
            .iter()
            .map(|s| format!("{} {} ({})", text(&s.id), text(&s.de), text(&s.en)))
            .collect();
        let _ = writeln!(out, "Under: {}\n", path.join(" › "));
    }
    let _ = writeln!(
        out,
        "**Status: {}** ({}): {}\n",
        item.status.label(),
        text(&item.kind),
        prose(&item.reason)
    );
    if let Some(remark) = &item.remark {
        let _ = writeln!(
            out,
            "**Note:** {} {}\n",
            text(super::REMARK_NOTE),
            text(remark)
        );
    }
    if !item.needed.is_empty() {
        out.push_str("**Needed to verify it:**\n\n");
        for n in &item.needed {
            let _ = writeln!(out, "- {}", prose(n));
        }
        out.push('\n');
    }
    if let Some(a) = &item.attestation {
        let state = if a.overdue { "**overdue**" } else { "current" };
        let _ = writeln!(
            out,
            "**Attestation:** by {} on {}, evidence {}, valid for {} until {}: {state}.\n",
            text(&a.by),
            text(&a.date),
            code(&a.evidence),
            text(&a.valid_for),
            text(&a.valid_until),
        );
    }
    if item.rules.is_empty() {
        out.push_str("No rule is mapped to this item.\n");
        return;
    }
    out.push_str("Rules:\n\n");
    for r in &item.rules {
        let files = if r.files.is_empty() {
            format!("examined no file (it reads {} files)", text(&r.kind))
        } else {
            let list: Vec<String> = r.files.iter().map(|f| code(f)).collect();
            format!("examined {}", list.join(", "))
        };
        let _ = writeln!(
            out,
            "- {} {} ({}): {files}",
            code(&r.id),
            text(&r.title),
            text(&r.severity)
        );
    }
    let findings: Vec<&FindingRef> = item.rules.iter().flat_map(|r| &r.findings).collect();
    if !findings.is_empty() {
        blank_line(out);
        out.push_str("Findings:\n\n");
        for f in findings {
            out.push_str("- ");
            finding_line(out, f);
        }
    }
    let suppressed: Vec<_> = item.rules.iter().flat_map(|r| &r.suppressed).collect();
    if !suppressed.is_empty() {
        blank_line(out);
        out.push_str("Suppressed:\n\n");
        for s in suppressed {
            let _ = writeln!(
                out,
                "- {} at {}: {}; suppressed ({}): {}",
                code(&s.finding.rule),
                location(&s.finding),
                prose(&s.finding.message),
                text(&s.kind),
                text(&s.justification)
            );
        }
    }
}

/// `severity rule at path:line: message`, then the source line in a fence indented into
/// the list item.
fn finding_line(out: &mut String, f: &FindingRef) {
    let _ = writeln!(
        out,
        "{} {} at {}: {}",
        text(&f.severity),
        code(&f.rule),
        location(f),
        prose(&f.message)
    );
    if !f.source_line.trim().is_empty() {
        out.push('\n');
        fence(out, &f.source_line, "  ");
        out.push('\n');
    }
}

/// Ends `out` with exactly one blank line.
fn blank_line(out: &mut String) {
    while out.ends_with("\n\n") {
        out.pop();
    }
    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
}

fn location(f: &FindingRef) -> String {
    code(&format!("{}:{}", f.path, f.line))
}

/// A message, reason or hint as art32 writes them, with concrete values in backticks:
/// each balanced pair becomes a code span of its own (through [`code`], so a backtick
/// inside a value cannot end it), the rest is [`text`]; an unpaired backtick is text.
pub(crate) fn prose(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (part, code_part) in prose_parts(s) {
        if code_part {
            out.push_str(&code(part));
        } else {
            out.push_str(&text(part));
        }
    }
    out
}

/// `s` split at its backticks: (part, whether it is a value in backticks). With an
/// odd number of backticks the last one is unpaired and stays in the text.
pub(crate) fn prose_parts(s: &str) -> Vec<(&str, bool)> {
    let ticks = s.matches('`').count();
    let paired = ticks - ticks % 2;
    let mut parts = Vec::new();
    let mut rest = s;
    let mut seen = 0;
    while seen < paired {
        let Some(open) = rest.find('`') else { break };
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else { break };
        parts.push((&rest[..open], false));
        parts.push((&after[..close], true));
        rest = &after[close + 1..];
        seen += 2;
    }
    parts.push((rest, false));
    parts
}

/// Plain text inline: what Markdown, HTML or GitHub would read is escaped, line breaks
/// become spaces (the escaping of SARIF's and the step summary's Markdown).
pub(crate) fn text(s: &str) -> String {
    crate::output::sarif::escape_markdown(s)
}

/// A code span that holds `s` as it is: delimited by one backtick more than its longest
/// run, padded with a space where `s` starts or ends with a backtick. Line breaks and
/// control characters are shown as escapes. Not for table cells, where GitHub splits at
/// a `|` even inside a code span.
pub(crate) fn code(s: &str) -> String {
    let s = inert_line(s);
    let ticks = "`".repeat(longest_run(&s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{s}{pad}{ticks}")
}

/// A fenced code block quoting one source line, each line prefixed by `indent`: the
/// fence is longer than any backtick run in the line, so the line cannot close it.
fn fence(out: &mut String, line: &str, indent: &str) {
    let line = inert_line(line);
    let ticks = "`".repeat((longest_run(&line, '`') + 1).max(3));
    let _ = writeln!(out, "{indent}{ticks}text");
    let _ = writeln!(out, "{indent}{line}");
    let _ = writeln!(out, "{indent}{ticks}");
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_outlast_the_backticks_they_hold() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x``"), "``` `x`` ```");
        assert_eq!(code(""), "`  `");
        assert_eq!(code("a\nb"), "`a\\u{a}b`");
    }

    #[test]
    fn fences_outlast_the_backticks_they_hold() {
        let mut out = String::new();
        fence(&mut out, "x ```` y", "  ");
        assert_eq!(out, "  `````text\n  x ```` y\n  `````\n");
        let mut out = String::new();
        fence(&mut out, "plain", "");
        assert_eq!(out, "```text\nplain\n```\n");
    }

    #[test]
    fn values_in_backticks_become_code_spans() {
        assert_eq!(
            prose("allows `TLSv1` | `a` `b`"),
            "allows `TLSv1` \\| `a` `b`"
        );
        assert_eq!(prose("odd ` tick"), "odd \\` tick");
        assert_eq!(prose("`<x>`"), "`<x>`");
    }

    #[test]
    fn plain_text_escapes_what_markdown_reads() {
        assert_eq!(
            text("a|b *c* `d` <script>&\nx"),
            "a\\|b \\*c\\* \\`d\\` &lt;script&gt;&amp; x"
        );
        assert_eq!(text("see www.x.org"), "see www\\.x.org");
    }
}
