//! Lines and text as Ansible's Python code reads them: `str.splitlines`, `str.strip` and
//! `str.isspace` (the INI reader and the CSV header), the leading UTF-8 BOM, files
//! encrypted whole with ansible-vault (`parsing/vault`), the root node every parser starts
//! from, and excerpts of values for messages.

use crate::model::{Node, ParseDiagnostic};
use crate::source::{FileId, Span, Spanned};

/// Python's `str.isspace`: Unicode white space and the information separators `\x1c`–`\x1f`.
pub(super) fn py_is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Line boundaries of Python's `str.splitlines`.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The byte ranges of the lines of `text` from byte `start`, as `str.splitlines` splits them.
pub(super) fn py_lines(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut line_start = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_line_break(c) {
            lines.push((line_start, start + i));
            let mut next = start + i + c.len_utf8();
            if c == '\r' && text.as_bytes().get(next) == Some(&b'\n') {
                chars.next();
                next += 1;
            }
            line_start = next;
        }
    }
    if line_start < text.len() {
        lines.push((line_start, text.len()));
    }
    lines
}

/// The range without Python white space at either end.
pub(super) fn py_strip(text: &str, (start, end): (usize, usize)) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(py_is_space).len();
    let trail = s.len() - s.trim_end_matches(py_is_space).len();
    if lead == s.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

pub(super) fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// At most 40 characters of `s`, for messages.
pub(super) fn excerpt(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// Ansible decrypts a file that starts with this header; without the password it cannot
/// read it (`parsing/vault`).
pub(super) fn is_vault_encrypted(text: &str) -> bool {
    text[bom_len(text)..].starts_with("$ANSIBLE_VAULT;")
}

pub(super) fn root_node(file: FileId, text: &str) -> Node {
    let whole = Span::new(file, 0, text.len());
    Node::new("file", Spanned::new(String::new(), whole), whole)
}

pub(super) fn vault_diagnostic(file: FileId, text: &str) -> ParseDiagnostic {
    let start = bom_len(text);
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |e| start + e);
    ParseDiagnostic::error(
        Span::new(file, start, end),
        "the file is vault-encrypted: art32 cannot read it without the vault password",
    )
}

#[cfg(test)]
mod tests {
    use crate::formats::inventory::test_support::{F, find, hosts_of, s, value};
    use crate::formats::inventory::{parse_csv, parse_ini, parse_yaml};

    #[test]
    fn bom_and_crlf() {
        let text = "\u{feff}[web]\r\nw1 x=1\r\n[web:vars]\r\ny = two \r\n";
        let doc = parse_ini(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(hosts_of(&doc), ["w1"]);
        assert_eq!(value(&doc, "y"), s("two"));
        let y = find(&doc.root, "var", "y").map(|n| &text[n.span.start..n.span.end]);
        assert_eq!(y, Some("y = two"));

        let text = "\u{feff}all:\r\n  hosts:\r\n    a:\r\n      x: 1\r\n";
        let doc = parse_yaml(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(hosts_of(&doc), ["a"]);
        let x = find(&doc.root, "var", "x").map(|n| &text[n.span.start..n.span.end]);
        assert_eq!(x, Some("x: 1"));

        let text = "\u{feff}name,os\r\nweb1,linux\r\n";
        let doc = parse_csv(F, text);
        assert_eq!(value(&doc, "os"), s("linux"));
    }
}
