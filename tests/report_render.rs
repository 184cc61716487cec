//! `art32 report` as Markdown and HTML, rendered from a hand-built `TomReport`
//! (`support/report_fixture.rs`): snapshots of both, and the properties a snapshot would
//! not hold by itself: text from a repository cannot become markup, Markdown table rows
//! keep their columns, code spans and fences hold what they quote, and the HTML refers to
//! nothing outside itself.

#[path = "support/report_fixture.rs"]
mod report_fixture;

use art32::report::{Status, html, markdown};
use report_fixture::{EVIDENCE_URL, ITEM_IDS, report};

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("report-markdown", markdown(&report()));
}

#[test]
fn html_snapshot() {
    insta::assert_snapshot!("report-html", html(&report()));
}

/// Markdown with fenced blocks and code spans taken out (CommonMark's reading: a fence
/// closes on a line of at least as many backticks; a span on the next run of exactly as
/// many), and the fences' contents returned.
fn outside_code(md: &str) -> (String, Vec<String>) {
    let mut prose = String::new();
    let mut fenced = Vec::new();
    let mut open: Option<usize> = None;
    for line in md.lines() {
        let t = line.trim_start();
        let run = t.bytes().take_while(|&b| b == b'`').count();
        match open {
            Some(n) if run >= n && t[run..].trim().is_empty() => open = None,
            Some(_) => fenced.push(t.to_string()),
            None if run >= 3 => open = Some(run),
            None => {
                prose.push_str(&strip_spans(line));
                prose.push('\n');
            }
        }
    }
    assert!(open.is_none(), "a fence is left open");
    (prose, fenced)
}

fn strip_spans(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            out.push_str(&line[i..i + 2]);
            i += 2;
            continue;
        }
        if b[i] != b'`' {
            let c = line[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let n = b[i..].iter().take_while(|&&c| c == b'`').count();
        // The closing run: exactly n backticks.
        let mut j = i + n;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let m = b[j..].iter().take_while(|&&c| c == b'`').count();
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                out.push_str("CODE");
                i = end;
            }
            None => panic!("unclosed code span in {line:?}"),
        }
    }
    out
}

#[test]
fn markdown_text_from_the_repository_stays_text() {
    let md = markdown(&report());
    let (prose, fenced) = outside_code(&md);
    // Outside code, no `<` opens a tag and no unescaped `*`, `_` or backtick is left.
    assert!(!prose.contains('<'), "raw `<` outside code:\n{prose}");
    for line in prose.lines() {
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '`' => panic!("stray backtick in {line:?}"),
                _ => {}
            }
        }
    }
    // The hostile source line is quoted whole in one fence, which it does not close.
    assert!(
        fenced.contains(&"ssl_protocols TLSv1 TLSv1.1; # ``` `x` <script>alert(2)</script>".into()),
        "{fenced:?}"
    );
    // A message's line break does not start a line of its own.
    assert!(!md.lines().any(|l| l.starts_with("second line")), "{md}");
    assert!(md.contains("second line"));
}

#[test]
fn markdown_table_rows_keep_their_columns() {
    let md = markdown(&report());
    let mut tables = 0;
    let mut columns: Option<usize> = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        // GitHub splits a row at every `|` not escaped by a backslash.
        let mut cells = 0;
        let mut escaped = false;
        for c in line.chars() {
            if c == '|' && !escaped {
                cells += 1;
            }
            escaped = c == '\\' && !escaped;
        }
        match columns {
            None => {
                tables += 1;
                columns = Some(cells);
            }
            Some(n) => assert_eq!(cells, n, "row {line:?}"),
        }
    }
    assert_eq!(tables, 2, "the summary and the status table");
    // The status table has a row per item, in the catalogue's order.
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(" | ") && !l.starts_with("| Item"))
        .filter_map(|l| l.split(" | ").next())
        .map(|c| c.trim_start_matches("| "))
        .filter(|c| c.chars().next().is_some_and(|d| d.is_ascii_digit()))
        .collect();
    assert_eq!(rows, ITEM_IDS);
}

#[test]
fn markdown_says_what_a_remark_means_and_what_is_needed() {
    let md = markdown(&report());
    assert!(md.contains("the item's own text does not promise what its rules check"));
    assert!(md.contains("**Needed to verify it:**"));
    assert!(md.contains("art32 verifies 2 of 4 technical items"));
    assert!(md.contains("**overdue**"));
    for status in [
        Status::Kept,
        Status::Broken,
        Status::NotVerified,
        Status::Attested,
        Status::AttestationOverdue,
    ] {
        assert!(md.contains(&format!("**Status: {}**", status.label())));
    }
}

#[test]
fn html_text_from_the_repository_is_inert() {
    let page = html(&report());
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "raw <script in the HTML");
    assert!(!lower.contains("<b>"), "raw <b> from input in the HTML");
    assert!(page.contains("sites/&lt;script&gt;alert(1)&lt;/script&gt;|a*b*.conf"));
    assert!(page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
    // A message's line break is white space in HTML; a path's is shown as an escape.
    assert!(
        page.contains("&lt;b&gt;more&lt;/b&gt;\nsecond line"),
        "{page}"
    );
    // No input text closes an attribute: every `"` in the page belongs to markup.
    assert!(page.contains("Max &lt;admin@example.org&gt; &amp; team"));
}

#[test]
fn html_is_one_self_contained_html5_file() {
    let page = html(&report());
    assert!(page.starts_with("<!doctype html>\n<html lang=\"de\">"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.contains("@media print"));
    let lower = page.to_ascii_lowercase();
    for banned in [
        "src=",
        "url(",
        "@import",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "<script",
        "srcset",
        "javascript:",
    ] {
        assert!(!lower.contains(banned), "the page holds {banned:?}");
    }
    // Every link goes to an item of the page, the evidence URL, or a built-in rule's page.
    let docs = format!("{}/blob/main/docs/rules/", env!("CARGO_PKG_REPOSITORY"));
    let evidence = EVIDENCE_URL.replace('&', "&amp;");
    let mut links = 0;
    for part in page.split("href=\"").skip(1) {
        let href = &part[..part.find('"').expect("a closed href")];
        links += 1;
        if let Some(id) = href.strip_prefix('#') {
            assert!(
                page.contains(&format!("<section id=\"{id}\"")),
                "a link to no section: {href}"
            );
        } else {
            assert!(
                href == evidence || (href.starts_with(&docs) && href.ends_with(".md")),
                "an external link: {href}"
            );
        }
    }
    assert!(links > ITEM_IDS.len());
    assert!(page.contains(&format!("href=\"{evidence}\"")));
    // A path as evidence is not linked.
    assert!(page.contains("<code>docs/Wiederanlauf `v2`.pdf</code>"));
}

#[test]
fn html_has_a_section_per_item_in_order_and_a_status_table_first() {
    let page = html(&report());
    let table = page.find("<table class=\"status-table\">").unwrap();
    let mut last = table;
    for id in ITEM_IDS {
        let at = page
            .find(&format!("<section id=\"item-{id}\" class=\"item\">"))
            .unwrap_or_else(|| panic!("no section for {id}"));
        assert!(at > last, "{id} out of order");
        last = at;
    }
    // Colour is never the only sign: each badge says its status.
    for label in [
        "kept",
        "broken",
        "not verified",
        "attested",
        "attestation overdue",
    ] {
        assert!(page.contains(&format!("</span> {label}</span>")), "{label}");
    }
}
