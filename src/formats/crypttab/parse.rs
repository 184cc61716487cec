//! crypttab(5), read the way systemd-cryptsetup-generator reads it.
//!
//! What systemd 252 does, checked against its generator (`tests/conformance_fstab.rs`):
//! - `\n`, `\r` and NUL all end a line, so CRLF files read like LF files. Spaces and tabs
//!   around a line are dropped; an empty line or one starting with `#` is skipped.
//! - Fields are split at C whitespace (space, tab, vertical tab, form feed) and taken
//!   literally: no quotes and no escapes, so `a\040b` stays as written. (Debian's
//!   cryptdisks scripts decode `\0NNN` octal sequences; systemd does not.)
//! - Name and device are required; key file and options are optional. A key file of `none`
//!   or `-` means "no key file" to systemd, and is kept as written here.
//! - systemd reads the first four fields with `sscanf` and silently ignores any further ones
//!   (a trailing `# note` included), so they are ignored here too, without a diagnostic.
//! - A line with fewer than two fields is reported and skipped.
//!
//! One deliberate difference: a leading UTF-8 BOM is skipped, where systemd would make it
//! part of the first name.

use crate::model::{Document, FileKind, Node, ParseDiagnostic, Value};
use crate::source::{FileId, Span, Spanned};

pub fn parse(file: FileId, text: &str) -> Document {
    let whole = Span::new(file, 0, text.len());
    let mut root = Node::new("file", Spanned::new(String::new(), whole), whole);
    let mut diagnostics = Vec::new();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut start = 0;
    for line in text.split(['\n', '\r', '\0']) {
        let end = start + line.len();
        match parse_line(file, text, start.max(bom), end) {
            Ok(Some(node)) => root.children.push(node),
            Ok(None) => {}
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
        start = end + 1;
    }
    Document {
        kind: FileKind::Crypttab,
        file,
        root,
        diagnostics,
    }
}

/// C `isspace` without the line terminators, which never occur inside a line.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c)
}

fn parse_line(
    file: FileId,
    text: &str,
    start: usize,
    end: usize,
) -> Result<Option<Node>, ParseDiagnostic> {
    let bytes = text.as_bytes();
    let (mut start, mut end) = (start, end);
    // systemd strips only spaces and tabs before testing for `#`.
    while start < end && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    while end > start && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if start == end || bytes[start] == b'#' {
        return Ok(None);
    }

    let mut fields = Vec::with_capacity(4);
    let mut pos = start;
    while fields.len() < 4 {
        while pos < end && is_space(bytes[pos]) {
            pos += 1;
        }
        let field_start = pos;
        while pos < end && !is_space(bytes[pos]) {
            pos += 1;
        }
        if field_start == pos {
            break;
        }
        fields.push(Span::new(file, field_start, pos));
    }
    let [name, device, rest @ ..] = fields.as_slice() else {
        return Err(ParseDiagnostic::error(
            Span::new(file, start, end),
            format!(
                "expected at least 2 fields (volume name, encrypted device), found {}",
                fields.len()
            ),
        ));
    };
    let slice = |span: &Span| text.get(span.start..span.end).unwrap_or("").to_string();

    let last = rest.last().unwrap_or(device);
    let mut node = Node::new(
        "crypt",
        Spanned::new("crypt".to_string(), *name),
        Span::new(file, name.start, last.end),
    );
    node.set("name", Value::Str(slice(name)), *name);
    node.set("device", Value::Str(slice(device)), *device);
    if let Some(key_file) = rest.first() {
        node.set("key-file", Value::Str(slice(key_file)), *key_file);
    }
    if let Some(options) = rest.get(1) {
        node.set(
            "options",
            Value::List(option_items(text, *options)),
            *options,
        );
    }
    Ok(Some(node))
}

/// Splits options at commas; a backslash escapes the next character, so `a\,b` is one
/// option (systemd's `fstab_filter_options` and systemd-cryptsetup split this way). Items are
/// kept as written, empty ones too, so the list joined with `,` is the field.
fn option_items(text: &str, options: Span) -> Vec<Spanned<String>> {
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut item_start = options.start;
    let mut pos = options.start;
    let mut push = |s: usize, e: usize| {
        let value = text.get(s..e).unwrap_or("").to_string();
        items.push(Spanned::new(value, Span::new(options.file, s, e)));
    };
    while pos < options.end {
        match bytes[pos] {
            // Skipping the escaped byte is safe: a comma never follows inside a UTF-8 sequence.
            b'\\' => pos += 1,
            b',' => {
                push(item_start, pos);
                item_start = pos + 1;
            }
            _ => {}
        }
        pos += 1;
    }
    push(item_start, options.end);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(3);

    fn crypts(text: &str) -> Vec<Node> {
        let doc = parse(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(doc.kind, FileKind::Crypttab);
        doc.root.children
    }

    fn field(node: &Node, name: &str) -> Option<(String, usize, usize)> {
        node.field(name)
            .map(|f| (f.value.text(), f.span.start, f.span.end))
    }

    fn owned(value: &str, start: usize, end: usize) -> Option<(String, usize, usize)> {
        Some((value.to_string(), start, end))
    }

    #[test]
    fn reads_four_fields_with_spans() {
        let text = "home\tUUID=1234  /etc/key luks,discard\n";
        let c = &crypts(text)[0];
        assert_eq!((c.kind, c.name.value.as_str()), ("crypt", "crypt"));
        assert_eq!((c.name.span.start, c.name.span.end), (0, 4));
        assert_eq!((c.span.start, c.span.end), (0, text.len() - 1));
        assert_eq!(field(c, "name"), owned("home", 0, 4));
        assert_eq!(field(c, "device"), owned("UUID=1234", 5, 14));
        assert_eq!(field(c, "key-file"), owned("/etc/key", 16, 24));
        assert_eq!(field(c, "options"), owned("luks,discard", 25, 37));
    }

    #[test]
    fn option_items_have_exact_spans() {
        let c = &crypts("n /dev/x none luks,,a\\,b,keyfile-timeout=10s\n")[0];
        let Some(Value::List(items)) = c.field("options").map(|f| &f.value) else {
            panic!("no options");
        };
        let got: Vec<_> = items
            .iter()
            .map(|i| (i.value.as_str(), i.span.start, i.span.end))
            .collect();
        let expected = [
            ("luks", 14, 18),
            ("", 19, 19),
            ("a\\,b", 20, 24),
            ("keyfile-timeout=10s", 25, 44),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn optional_fields_are_absent_when_missing() {
        let c = &crypts("swap /dev/sdb2\n")[0];
        assert!(c.field("key-file").is_none() && c.field("options").is_none());
        assert_eq!((c.span.start, c.span.end), (0, 14));
        let c = &crypts("a /dev/b none\nb /dev/c -\n");
        assert_eq!(field(&c[0], "key-file"), owned("none", 9, 13));
        assert_eq!(field(&c[1], "key-file"), owned("-", 23, 24));
        assert!(c[0].field("options").is_none());
    }

    #[test]
    fn keeps_escapes_and_quotes_as_written() {
        let c = &crypts("my\\040vol LABEL=\"x\" /k\\040f o\n")[0];
        assert_eq!(field(c, "name"), owned("my\\040vol", 0, 9));
        assert_eq!(field(c, "device"), owned("LABEL=\"x\"", 10, 19));
        assert_eq!(field(c, "key-file"), owned("/k\\040f", 20, 27));
    }

    #[test]
    fn ignores_fields_after_the_fourth() {
        let text = "a /dev/b /k o1,o2 extra # note\n";
        let c = &crypts(text)[0];
        assert_eq!(field(c, "options"), owned("o1,o2", 12, 17));
        assert_eq!(c.span.end, 17);
    }

    #[test]
    fn comments_blank_lines_crlf_and_bom() {
        let text =
            "\u{feff}# c\r\n\r\n  \t\n  # indented\na /dev/b\r\n\x0bb /dev/c\x0c/k\rc /dev/d\0";
        let c = crypts(text);
        let names: Vec<_> = c.iter().map(|n| field(n, "name")).collect();
        assert_eq!(
            names,
            [owned("a", 27, 28), owned("b", 38, 39), owned("c", 50, 51)]
        );
        assert_eq!(c[0].span.end, 35);
        assert_eq!(field(&c[1], "key-file"), owned("/k", 47, 49));
        // A BOM before an entry is not part of its name.
        let c = &crypts("\u{feff}a /dev/b")[0];
        assert_eq!(field(c, "name"), owned("a", 3, 4));
        // `#` after the first character is data.
        assert_eq!(field(&crypts("a#b /dev/c")[0], "name"), owned("a#b", 0, 3));
    }

    #[test]
    fn one_field_is_an_error_and_parsing_goes_on() {
        let doc = parse(F, "  lonely  \nok /dev/x\n\x0b\n");
        assert_eq!(doc.root.children.len(), 1);
        let d: Vec<_> = doc
            .diagnostics
            .iter()
            .map(|d| (d.message.as_str(), d.span.start, d.span.end, d.is_error()))
            .collect();
        assert_eq!(
            d,
            [
                (
                    "expected at least 2 fields (volume name, encrypted device), found 1",
                    2,
                    8,
                    true
                ),
                (
                    "expected at least 2 fields (volume name, encrypted device), found 0",
                    21,
                    22,
                    true
                ),
            ]
        );
    }

    #[test]
    fn empty_and_odd_input_never_panics() {
        for text in [
            "",
            "\n",
            "\u{feff}",
            "#",
            "\0\0",
            "\\",
            "a \\",
            "a b c \\",
            "\u{fffd} \u{fffd}\\",
        ] {
            let _ = parse(F, text);
        }
        assert!(parse(F, "").root.children.is_empty());
        assert_eq!(parse(F, "").root.span, Span::new(F, 0, 0));
        let long = format!(
            "{} /dev/x none {}\n",
            "n".repeat(1 << 20),
            "o,".repeat(1 << 18)
        );
        assert_eq!(crypts(&long).len(), 1);
    }
}
