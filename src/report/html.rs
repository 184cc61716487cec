//! `art32 report --format html`: the report as one self-contained HTML5 file for the
//! data-protection officer, to open in any browser, mail or print. Inline CSS only: no
//! script, no font, no image, nothing fetched; the only links are to evidence URLs and to
//! the built-in rules' pages, as plain `<a href>`.
//!
//! Every text from a repository, its configuration or its catalogue goes through
//! [`esc`] (and control characters through `inert`), so a `<script>` in a path is shown,
//! never run. A status is a coloured badge that also says its name: colour is never the
//! only sign, and in print (no backgrounds) the label and border remain.

use std::fmt::Write as _;

use super::markdown::{finding_count, prose_parts};
use super::{AttestationRef, FindingRef, ItemReport, Status, TomReport};
use crate::inert::{inert, inert_line};

/// The report as one HTML file: header, summary and status table, one
/// `<section id="item-…">` per item, and the files art32 could not read.
pub fn html(report: &TomReport) -> String {
    let h = &report.header;
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!doctype html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<title>Art. 32 TOM report: {}</title>",
        line(&h.repository)
    );
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");

    out.push_str("<header>\n<h1 lang=\"en\">Art. 32 TOM report</h1>\n");
    let _ = writeln!(out, "<p class=\"catalogue\">{}</p>", line(&h.catalogue));
    out.push_str("<dl class=\"meta\" lang=\"en\">\n");
    let commit = match &h.commit {
        Some(c) => format!("<code>{}</code>", line(c)),
        None => "none (not a git repository, or HEAD unresolved)".to_string(),
    };
    let meta = [
        (
            "Repository",
            format!("<code>{}</code>", line(&h.repository)),
        ),
        ("Commit", commit),
        ("Date", line(&h.today)),
        ("art32 version", line(&h.art32_version)),
        (
            "Catalogue",
            format!("<code>{}</code>", line(&h.catalogue_path)),
        ),
        ("TLS profile", line(&h.tls_profile)),
        ("Files checked", h.files_checked.to_string()),
    ];
    for (name, value) in meta {
        let _ = writeln!(out, "<div><dt>{name}</dt><dd>{value}</dd></div>");
    }
    out.push_str("</dl>\n</header>\n");

    let s = &report.summary;
    out.push_str("<section id=\"summary\" lang=\"en\">\n<h2>Summary</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"verified\">art32 verifies <strong>{} of {}</strong> technical items \
         (rules exist for {} of them).</p>",
        s.technical_verified, s.technical, s.technical_with_rules
    );
    out.push_str("<ul class=\"counts\">\n");
    for (status, n) in [
        (Status::Kept, s.kept),
        (Status::Broken, s.broken),
        (Status::NotVerified, s.not_verified),
        (Status::Attested, s.attested),
        (Status::AttestationOverdue, s.attestation_overdue),
    ] {
        let _ = writeln!(out, "<li>{} <strong>{n}</strong></li>", badge(status));
    }
    out.push_str("</ul>\n<table class=\"status-table\">\n<thead><tr><th>Item</th><th>Text</th>");
    out.push_str("<th>Status</th><th class=\"n\">Findings</th></tr></thead>\n<tbody>\n");
    for item in &report.items {
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            anchor(&item.id),
            line(&item.id),
            line(&item.en),
            badge(item.status),
            finding_count(item)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n<main>\n");

    for item in &report.items {
        render_item(&mut out, item);
    }
    out.push_str("</main>\n");

    out.push_str("<section id=\"unread\" lang=\"en\">\n<h2>Could not read</h2>\n");
    if report.unread.is_empty() {
        out.push_str("<p>art32 read and judged every file it found.</p>\n");
    } else {
        out.push_str(
            "<p>These files were not read or not fully judged: no rule's result covers \
             what they hold, which limits what <em>kept</em> means.</p>\n",
        );
        findings_table(&mut out, &report.unread);
    }
    let _ = writeln!(
        out,
        "</section>\n<footer lang=\"en\">Made by art32 {} on {}.</footer>\n</body>\n</html>",
        line(&h.art32_version),
        line(&h.today)
    );
    out
}

fn render_item(out: &mut String, item: &ItemReport) {
    let _ = writeln!(out, "<section id=\"{}\" class=\"item\">", anchor(&item.id));
    let _ = writeln!(
        out,
        "<h2><span class=\"id\">{}</span> <span lang=\"en\">{}</span> {}</h2>",
        line(&item.id),
        line(&item.en),
        badge(item.status)
    );
    if !item.sections.is_empty() {
        let path: Vec<String> = item
            .sections
            .iter()
            .map(|s| {
                format!(
                    "{} {} (<span lang=\"en\">{}</span>)",
                    line(&s.id),
                    line(&s.de),
                    line(&s.en)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"sections\"><span lang=\"en\">Under</span> {}</p>",
            path.join(" › ")
        );
    }
    let _ = writeln!(out, "<blockquote>{}</blockquote>", text(&item.de));
    out.push_str("<div lang=\"en\">\n");
    let _ = writeln!(
        out,
        "<p class=\"reason\"><strong>{}</strong> ({}): {}</p>",
        item.status.label(),
        line(&item.kind),
        prose(&item.reason)
    );
    if let Some(remark) = &item.remark {
        let _ = writeln!(
            out,
            "<p class=\"remark\"><strong>Note:</strong> {} {}</p>",
            text(super::REMARK_NOTE),
            text(remark)
        );
    }
    if !item.needed.is_empty() {
        out.push_str("<div class=\"needed\"><h3>Needed to verify it</h3>\n<ul>\n");
        for n in &item.needed {
            let _ = writeln!(out, "<li>{}</li>", prose(n));
        }
        out.push_str("</ul></div>\n");
    }
    if let Some(a) = &item.attestation {
        attestation(out, a);
    }
    if item.rules.is_empty() {
        out.push_str("<p class=\"norules\">No rule is mapped to this item.</p>\n");
    } else {
        out.push_str("<h3>Rules</h3>\n<ul class=\"rules\">\n");
        for r in &item.rules {
            let id = rule_id(&r.id, r.doc_url.as_deref());
            let files = if r.files.is_empty() {
                format!("examined no file (it reads {} files)", line(&r.kind))
            } else {
                let list: Vec<String> = r
                    .files
                    .iter()
                    .map(|f| format!("<code>{}</code>", line(f)))
                    .collect();
                format!("examined {}", list.join(", "))
            };
            let _ = writeln!(
                out,
                "<li>{id} {} <span class=\"sev sev-{}\">{}</span><br><span class=\"files\">{files}</span></li>",
                line(&r.title),
                class(&r.severity),
                line(&r.severity)
            );
        }
        out.push_str("</ul>\n");
    }
    let findings: Vec<FindingRef> = item
        .rules
        .iter()
        .flat_map(|r| r.findings.iter().cloned())
        .collect();
    if !findings.is_empty() {
        out.push_str("<h3>Findings</h3>\n");
        findings_table(out, &findings);
    }
    let suppressed: Vec<_> = item.rules.iter().flat_map(|r| &r.suppressed).collect();
    if !suppressed.is_empty() {
        out.push_str("<h3>Suppressed</h3>\n<table class=\"findings suppressed\">\n");
        out.push_str("<thead><tr><th>Rule</th><th>Location</th><th>Message</th>");
        out.push_str("<th>Justification</th></tr></thead>\n");
        for s in suppressed {
            let f = &s.finding;
            let _ = writeln!(
                out,
                "<tbody><tr><td><code>{}</code></td><td><code>{}:{}</code></td><td>{}</td>\
                 <td>{} ({})</td></tr></tbody>",
                line(&f.rule),
                line(&f.path),
                f.line,
                prose(&f.message),
                text(&s.justification),
                line(&s.kind)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</div>\n</section>\n");
}

/// An evidence URL is its own link text, so that a printed report shows it.
fn attestation(out: &mut String, a: &AttestationRef) {
    let evidence = if is_web_url(&a.evidence) {
        format!(
            "<a class=\"evidence\" href=\"{0}\">{0}</a>",
            esc(&inert_line(&a.evidence))
        )
    } else {
        format!("<code>{}</code>", line(&a.evidence))
    };
    let state = if a.overdue {
        "<strong class=\"overdue\">overdue</strong>"
    } else {
        "current"
    };
    let _ = writeln!(
        out,
        "<div class=\"attestation\"><h3>Attestation</h3>\n<dl class=\"meta\">\n\
         <div><dt>By</dt><dd>{}</dd></div>\n<div><dt>Date</dt><dd>{}</dd></div>\n\
         <div><dt>Evidence</dt><dd>{evidence}</dd></div>\n\
         <div><dt>Valid for</dt><dd>{} (until {}): {state}</dd></div>\n</dl></div>",
        line(&a.by),
        line(&a.date),
        line(&a.valid_for),
        line(&a.valid_until),
    );
}

/// One `<tbody>` per finding (its row and its quoted source line), so that a page break
/// never parts them.
fn findings_table(out: &mut String, findings: &[FindingRef]) {
    out.push_str("<table class=\"findings\">\n<thead><tr><th>Severity</th><th>Rule</th>");
    out.push_str("<th>Location</th><th>Message</th></tr></thead>\n");
    for f in findings {
        let rule = rule_id(&f.rule, f.doc_url.as_deref());
        let _ = writeln!(
            out,
            "<tbody><tr><td><span class=\"sev sev-{}\">{}</span></td><td>{rule}</td>\
             <td><code>{}:{}</code></td><td>{}</td></tr>",
            class(&f.severity),
            line(&f.severity),
            line(&f.path),
            f.line,
            prose(&f.message)
        );
        if !f.source_line.trim().is_empty() {
            let _ = writeln!(
                out,
                "<tr class=\"src\"><td></td><td colspan=\"3\"><pre><code>{}</code></pre></td></tr>",
                line(&f.source_line)
            );
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
}

fn badge(status: Status) -> String {
    let (class, sign) = match status {
        Status::Kept => ("kept", "✓"),
        Status::Broken => ("broken", "✗"),
        Status::NotVerified => ("not-verified", "?"),
        Status::Attested => ("attested", "✓"),
        Status::AttestationOverdue => ("overdue", "!"),
    };
    format!(
        "<span class=\"status s-{class}\" lang=\"en\"><span aria-hidden=\"true\">{sign}</span> {}</span>",
        status.label()
    )
}

/// The section id of an item: `item-` and its id, with no blank (an HTML id has none).
fn anchor(id: &str) -> String {
    let id: String = inert_line(id)
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    esc(&format!("item-{id}"))
}

/// A CSS class from a word of input (a severity): ASCII letters, digits and `-` only.
fn class(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Only `http:` and `https:` URLs become links: no `javascript:`, no `file:`.
fn is_web_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A rule's id in code, linked to its page where it has one (a rule built into art32).
fn rule_id(id: &str, doc_url: Option<&str>) -> String {
    match doc_url {
        Some(url) => format!("<a href=\"{}\"><code>{}</code></a>", esc(url), line(id)),
        None => format!("<code>{}</code>", line(id)),
    }
}

/// A message, reason or hint with its values in backticks: each balanced pair in
/// `<code>`, as in the Markdown report.
fn prose(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for (part, code) in prose_parts(s) {
        let part = text(part);
        if code {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(&part);
        }
    }
    out
}

/// Input text within one line (a path, a message): escaped, line breaks shown as `\u{a}`.
fn line(s: &str) -> String {
    esc(&inert_line(s))
}

/// Input prose (an item's text, a reason, a justification): escaped, line breaks kept
/// as spaces by HTML.
fn text(s: &str) -> String {
    esc(&inert(s))
}

/// `s` HTML-escaped for text and for double- or single-quoted attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Dark on light, readable at A4; colours with text; `@media print` needs no background,
/// starts the items on the page after the status table and keeps a finding with its line.
const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 24px 32px; max-width: 1100px; color: #1a1a1a; background: #fff;
  font: 15px/1.45 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 13px; }
code { overflow-wrap: anywhere; }
pre { margin: 0; padding: 4px 8px; background: #f4f4f4; border-left: 3px solid #888;
  white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: #0b4f9c; }
.catalogue { margin: 0 0 12px; color: #333; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 16px; }
dl.meta div { display: contents; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
#summary { border-top: 2px solid #1a1a1a; padding-top: 12px; }
.verified { font-size: 17px; margin: 0 0 8px; }
ul.counts { list-style: none; padding: 0; margin: 0 0 12px; display: flex; flex-wrap: wrap; gap: 8px 20px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #ccc; }
th { border-bottom: 2px solid #1a1a1a; }
td.n, th.n { text-align: right; }
.status { display: inline-block; padding: 0 8px; border: 1px solid; border-radius: 10px;
  font-size: 13px; font-weight: bold; white-space: nowrap; }
.s-kept { color: #0b5d1e; background: #e3f3e7; }
.s-broken { color: #a50e0e; background: #fce8e6; }
.s-not-verified { color: #3c4043; background: #eceff1; border-style: dashed; }
.s-attested { color: #174ea6; background: #e8f0fe; }
.s-overdue { color: #7a3e00; background: #fef3d8; border-width: 2px; }
.overdue { color: #7a3e00; }
.sev { font-size: 13px; font-weight: bold; white-space: nowrap; }
.sev-error { color: #a50e0e; }
.sev-warning { color: #7a3e00; }
.sev-note { color: #3c4043; }
section.item { border-top: 2px solid #1a1a1a; margin-top: 28px; padding-top: 10px; }
section.item h2 .id { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; margin-right: 6px; }
section.item h2 .status { vertical-align: middle; margin-left: 6px; }
.sections { margin: 0 0 6px; color: #444; font-size: 14px; }
blockquote { margin: 8px 0; padding: 6px 12px; border-left: 4px solid #1a1a1a; background: #fafafa; }
.remark { padding: 6px 10px; border: 1px solid #7a3e00; border-left-width: 4px; }
.needed, .attestation { padding: 2px 10px 6px; border: 1px solid #999; margin: 8px 0; }
.needed ul { margin: 0; }
ul.rules { margin: 0; padding-left: 20px; }
ul.rules li { margin-bottom: 4px; }
.files { color: #333; font-size: 14px; }
table.findings { margin: 4px 0 8px; font-size: 14px; table-layout: fixed; }
table.findings th:nth-child(1) { width: 12%; }
table.findings th:nth-child(2) { width: 22%; }
table.findings th:nth-child(3) { width: 28%; }
table.findings.suppressed th:nth-child(1) { width: 22%; }
table.findings.suppressed th:nth-child(2) { width: 25%; }
table.findings.suppressed th:nth-child(3) { width: 23%; }
table.findings td { overflow-wrap: anywhere; }
table.findings tbody { break-inside: avoid; }
table.findings tr.src td { border-bottom: 1px solid #ccc; padding-top: 0; }
table.findings tr:has(+ tr.src) td { border-bottom: none; }
#unread { border-top: 2px solid #1a1a1a; margin-top: 28px; padding-top: 10px; }
footer { margin-top: 28px; color: #444; font-size: 13px; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  h1 { font-size: 16pt; }
  h2 { font-size: 13pt; break-after: avoid; }
  h3 { break-after: avoid; }
  code, pre { font-size: 8.5pt; }
  pre { background: none; }
  blockquote { background: none; }
  .status { background: none !important; }
  #summary table { font-size: 8.5pt; }
  #summary td, #summary th { padding: 1px 4px; }
  #summary .status { font-size: 8pt; }
  main > section.item:first-child { break-before: page; }
  section.item { margin-top: 14pt; }
  table.findings { break-inside: avoid; }
  tr, .needed, .attestation, .remark { break-inside: avoid; }
  a { color: inherit; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>a&\"b'</script>"),
            "&lt;script&gt;a&amp;&quot;b&#39;&lt;/script&gt;"
        );
        assert_eq!(line("a\nb"), "a\\u{a}b");
    }

    #[test]
    fn anchors_have_no_blank_and_no_markup() {
        assert_eq!(anchor("2.a.i"), "item-2.a.i");
        assert_eq!(anchor("x y\"<"), "item-x_y&quot;&lt;");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert!(is_web_url("https://example.org/x"));
        assert!(is_web_url("HTTP://example.org"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("docs/tom-review.pdf"));
        assert!(!is_web_url("https://a b"));
    }
}
