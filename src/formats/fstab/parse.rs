//! fstab(5), read the way util-linux's libmount reads it (mount(8), `findmnt --tab-file`).
//!
//! What libmount 2.38 does, checked against findmnt 2.38.1 (`tests/conformance_fstab.rs`):
//! - Lines end at `\n`; one `\r` right before it is dropped, any other `\r` is data. After
//!   leading spaces and tabs, an empty line or one starting with `#` is skipped.
//! - Fields are separated by spaces and tabs only. In every field `\` followed by three octal
//!   digits is that byte (`\040` is a space, `\777` wraps to 0xff), and a decoded NUL ends the
//!   field, as the C string it becomes.
//! - Device, mount point and type are required; options, freq and passno are optional. A line
//!   without options has none (findmnt prints `null`; mount(8) then uses the defaults); a
//!   missing freq or passno is 0.
//! - freq and passno are read with C `strtol` into an `int`: optional sign and decimal digits,
//!   then a blank or the end of the line (`+5` is 5; `0x1` and `1,` are errors). The `int`
//!   keeps the low 32 bits (`4294967297` is 1). A number beyond 64 bits is an error, except at
//!   the very end of the line, where libmount 2.38 keeps it clamped (`99999999999999999999`
//!   is -1).
//! - `#` after the first field starts no comment. Whatever follows passno is ignored, so
//!   `defaults 0 0 # note` is fine, but in `defaults # note` the `#` is read as the freq, and
//!   that line is rejected.
//! - A rejected line is reported and skipped; the lines after it are read as usual.
//!
//! One deliberate difference: a leading UTF-8 BOM is skipped, where libmount would make it
//! part of the first device name.

use crate::model::{Document, FileKind, Node, ParseDiagnostic, Value};
use crate::source::{FileId, Span, Spanned};

/// The tags libmount resolves in the device field (case-sensitive). `ID` is accepted since
/// util-linux 2.39.
const SOURCE_TAGS: &[&str] = &["UUID", "LABEL", "PARTUUID", "PARTLABEL", "ID"];

pub fn parse(file: FileId, text: &str) -> Document {
    let whole = Span::new(file, 0, text.len());
    let mut root = Node::new("file", Spanned::new(String::new(), whole), whole);
    let mut diagnostics = Vec::new();
    for (start, end) in lines(text) {
        match parse_line(file, text.as_bytes(), start, end) {
            Ok(Some(node)) => root.children.push(node),
            Ok(None) => {}
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    Document {
        kind: FileKind::Fstab,
        file,
        root,
        diagnostics,
    }
}

/// Byte ranges of the lines, without the `\n` and one `\r` before it.
fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    text.split('\n').scan(0, move |offset, line| {
        let start = *offset;
        *offset += line.len() + 1;
        let end = start + line.strip_suffix('\r').unwrap_or(line).len();
        Some((if start == 0 { bom.min(end) } else { start }, end))
    })
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The next blank-separated field at or after `*pos`, as a byte range; `None` at the end.
fn next_field(bytes: &[u8], pos: &mut usize, end: usize) -> Option<(usize, usize)> {
    while *pos < end && is_blank(bytes[*pos]) {
        *pos += 1;
    }
    let start = *pos;
    while *pos < end && !is_blank(bytes[*pos]) {
        *pos += 1;
    }
    (start < *pos).then_some((start, *pos))
}

fn parse_line(
    file: FileId,
    bytes: &[u8],
    start: usize,
    end: usize,
) -> Result<Option<Node>, ParseDiagnostic> {
    let mut pos = start;
    while pos < end && is_blank(bytes[pos]) {
        pos += 1;
    }
    if pos == end || bytes[pos] == b'#' {
        return Ok(None);
    }
    let mut content_end = end;
    while content_end > pos && is_blank(bytes[content_end - 1]) {
        content_end -= 1;
    }
    let line_span = Span::new(file, pos, content_end);
    if bytes[pos..end].contains(&0) {
        return Err(ParseDiagnostic::error(
            line_span,
            "line contains a NUL byte",
        ));
    }
    let span = |(s, e): (usize, usize)| Span::new(file, s, e);

    let mut required = Vec::with_capacity(3);
    while required.len() < 3 {
        match next_field(bytes, &mut pos, end) {
            Some(field) => required.push(field),
            None => {
                return Err(ParseDiagnostic::error(
                    line_span,
                    format!(
                        "expected at least 3 fields (device, mount point, filesystem type), \
                         found {}",
                        required.len()
                    ),
                ));
            }
        }
    }
    let (spec, target, vfstype) = (required[0], required[1], required[2]);

    let mut node = Node::new(
        "mount",
        Spanned::new("mount".to_string(), span(spec)),
        span(spec),
    );
    let spec_text = decode(bytes, spec).text();
    if let Some((tag, value)) = source_tag(&spec_text) {
        node.set("spec-tag", Value::Str(tag.to_string()), span(spec));
        node.set("spec-value", Value::Str(value.to_string()), span(spec));
    }
    node.set("spec", Value::Str(spec_text.clone()), span(spec));
    node.set(
        "file",
        Value::Str(decode(bytes, target).text()),
        span(target),
    );
    let vfstype_text = decode(bytes, vfstype).text();
    node.set(
        "effective-type",
        Value::Str(effective_type(&vfstype_text, &spec_text)),
        span(vfstype),
    );
    node.set("vfstype", Value::Str(vfstype_text), span(vfstype));
    let mut last_end = vfstype.1;

    let options = next_field(bytes, &mut pos, end);
    let items = options.map_or_else(Vec::new, |options| {
        option_items(file, &decode(bytes, options))
    });
    let options_span = span(options.unwrap_or((last_end, last_end)));
    node.set(
        "effective-options",
        Value::List(effective_options(&items)),
        options_span,
    );
    node.set("options", Value::List(items), options_span);
    if let Some(options) = options {
        last_end = options.1;
    }

    for (name, ordinal) in [("freq", "5th"), ("passno", "6th")] {
        while pos < end && is_blank(bytes[pos]) {
            pos += 1;
        }
        if options.is_none() || pos == end {
            node.set(name, Value::Int(0), Span::new(file, last_end, last_end));
            continue;
        }
        let number = strtol(&bytes[pos..end]);
        let number_end = pos + number.as_ref().map_or(0, |n| n.len);
        let at_end = number_end == end;
        let Some(CNumber { value, len, .. }) =
            number.filter(|n| at_end || (n.in_range && is_blank(bytes[number_end])))
        else {
            let mut token_end = pos;
            while token_end < end && !is_blank(bytes[token_end]) {
                token_end += 1;
            }
            let written = String::from_utf8_lossy(&bytes[pos..token_end]);
            let problem = if number_end > pos && is_blank(bytes[number_end]) {
                "out of range"
            } else {
                "expected a decimal integer"
            };
            return Err(ParseDiagnostic::error(
                Span::new(file, pos, token_end),
                format!("invalid {name} ({ordinal} field) `{written}`: {problem}"),
            ));
        };
        // libmount stores the `long` in an `int`, which keeps its low 32 bits (as `as` does).
        let value = i64::from(value as i32);
        node.set(name, Value::Int(value), Span::new(file, pos, pos + len));
        pos += len;
        last_end = pos;
    }

    node.span = Span::new(file, spec.0, last_end);
    Ok(Some(node))
}

/// A field with libmount's octal escapes decoded, and where each decoded byte came from.
struct Decoded {
    bytes: Vec<u8>,
    /// `offsets[i]` is where decoded byte `i` starts in the text; one more entry marks the end.
    offsets: Vec<usize>,
}

impl Decoded {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

fn decode(bytes: &[u8], (start, end): (usize, usize)) -> Decoded {
    let mut decoded = Decoded {
        bytes: Vec::with_capacity(end - start),
        offsets: Vec::with_capacity(end - start + 1),
    };
    let mut pos = start;
    while pos < end {
        let (byte, len) = match bytes.get(pos..pos + 4) {
            Some(&[b'\\', a, b, c])
                if pos + 4 <= end && [a, b, c].iter().all(|d| (b'0'..=b'7').contains(d)) =>
            {
                let value =
                    u16::from(a - b'0') * 64 + u16::from(b - b'0') * 8 + u16::from(c - b'0');
                // C stores the value in a `char`: `\777` keeps only its low 8 bits, as `as` does.
                (value as u8, 4)
            }
            _ => (bytes[pos], 1),
        };
        if byte == 0 {
            break;
        }
        decoded.bytes.push(byte);
        decoded.offsets.push(pos);
        pos += len;
    }
    decoded.offsets.push(pos);
    decoded
}

/// Splits decoded options at commas, except inside double quotes (`context="a,b"` is one
/// option, as in libmount). Empty items are kept, so the list joined with `,` is the field.
/// Options that come in `X`/`noX` pairs: of a pair, the later one counts.
const FLAG_PAIRS: &[&str] = &[
    "exec",
    "suid",
    "dev",
    "auto",
    "atime",
    "diratime",
    "relatime",
    "strictatime",
    "lazytime",
    "iversion",
    "mand",
    "user",
    "users",
    "owner",
    "group",
    "symfollow",
];

/// The options in effect, as mount(8) applies them: a later option overrides an
/// earlier one of its pair (`noexec,exec` is `exec`; `ro`/`rw`, `sync`/`async`), of
/// repeated `key=value` options the last counts, and `user`/`users` imply
/// `noexec,nosuid,nodev` and `owner`/`group` imply `nosuid,nodev` unless a later option
/// says otherwise. `defaults` sets nothing of its own. Each item keeps the span of the
/// option that put it in effect.
/// The file system type as mount.fuse(8) reads it: the legacy FUSE syntax `fuse` (or
/// `fuseblk`) with a source `PROGRAM#SOURCE` (`sshfs#user@host:/srv`) runs `PROGRAM`,
/// which is the type `fuse.PROGRAM` (`fuse.sshfs`) names today; any other type is
/// itself.
fn effective_type(vfstype: &str, spec: &str) -> String {
    match spec.split_once('#') {
        Some((program, _))
            if matches!(vfstype, "fuse" | "fuseblk")
                && !program.is_empty()
                && !program.contains('/') =>
        {
            format!("{vfstype}.{program}")
        }
        _ => vfstype.to_string(),
    }
}

fn effective_options(items: &[Spanned<String>]) -> Vec<Spanned<String>> {
    let mut out: Vec<Spanned<String>> = Vec::new();
    // Where each key's option sits in `out`: a line of thousands of options is looked
    // up once an option, not scanned (that was quadratic in the options of one line).
    let mut slots: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut set = |key: String, option: &str, span: Span| {
        let option = Spanned::new(option.to_string(), span);
        match slots.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => out[*e.get()] = option,
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(out.len());
                out.push(option);
            }
        }
    };
    for item in items {
        let option = item.value.as_str();
        if option.is_empty() || option == "defaults" {
            continue;
        }
        set(option_key(option), option, item.span);
        let implied: &[&str] = match option {
            "user" | "users" => &["noexec", "nosuid", "nodev"],
            "owner" | "group" => &["nosuid", "nodev"],
            _ => &[],
        };
        for imp in implied {
            set(option_key(imp), imp, item.span);
        }
    }
    out
}

/// What an option sets: its pair (`exec` for `noexec`), `rw` for `ro`, `sync` for
/// `async`, the key of `key=value`, or the option itself.
fn option_key(option: &str) -> String {
    if let Some((key, _)) = option.split_once('=') {
        return key.to_string();
    }
    match option {
        "ro" | "rw" => return "rw".into(),
        "sync" | "async" => return "sync".into(),
        _ => {}
    }
    match option.strip_prefix("no") {
        Some(flag) if FLAG_PAIRS.contains(&flag) => flag.to_string(),
        _ => option.to_string(),
    }
}

fn option_items(file: FileId, options: &Decoded) -> Vec<Spanned<String>> {
    let mut items = Vec::new();
    let mut quoted = false;
    let mut item_start = 0;
    for (i, &b) in options.bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                items.push(option_item(file, options, item_start, i));
                item_start = i + 1;
            }
            _ => {}
        }
    }
    items.push(option_item(file, options, item_start, options.bytes.len()));
    items
}

fn option_item(file: FileId, options: &Decoded, start: usize, end: usize) -> Spanned<String> {
    Spanned::new(
        String::from_utf8_lossy(&options.bytes[start..end]).into_owned(),
        Span::new(file, options.offsets[start], options.offsets[end]),
    )
}

/// `TAG=value` as libblkid splits it: the tag is everything before the first `=`; a value
/// opening with `"` or `'` ends at the last such quote (anything after it is dropped); an
/// empty value or a missing closing quote means it is no tag.
fn source_tag(spec: &str) -> Option<(&str, &str)> {
    let (tag, value) = spec.split_once('=')?;
    let value = match value.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let inner = &value[1..];
            &inner[..inner.rfind(quote)?]
        }
        _ => value,
    };
    (SOURCE_TAGS.contains(&tag) && !value.is_empty()).then_some((tag, value))
}

/// A number as C `strtol` reads it: the value, the bytes used, and whether it fitted in a
/// `long` (when it does not, `strtol` clamps it and sets `ERANGE`).
struct CNumber {
    value: i64,
    len: usize,
    in_range: bool,
}

/// Reads leading C whitespace, an optional sign and decimal digits, like `strtol(s, &end, 10)`;
/// `None` when there are no digits.
fn strtol(bytes: &[u8]) -> Option<CNumber> {
    let mut pos = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        .unwrap_or(bytes.len());
    let negative = match bytes.get(pos) {
        Some(b'-') => {
            pos += 1;
            true
        }
        Some(b'+') => {
            pos += 1;
            false
        }
        _ => false,
    };
    let digits = bytes[pos..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let magnitude = bytes[pos..pos + digits].iter().fold(0i128, |acc, d| {
        (acc * 10 + i128::from(d - b'0')).min(i128::from(u64::MAX))
    });
    let exact = if negative { -magnitude } else { magnitude };
    let long = exact.clamp(i128::from(i64::MIN), i128::from(i64::MAX));
    Some(CNumber {
        value: long as i64,
        len: pos + digits,
        in_range: long == exact,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(7);

    fn mounts(text: &str) -> Vec<Node> {
        let doc = parse(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        doc.root.children
    }

    fn str_field<'a>(node: &'a Node, name: &str) -> &'a str {
        match node.field(name).map(|f| &f.value) {
            Some(Value::Str(s)) => s,
            other => panic!("field {name}: {other:?}"),
        }
    }

    fn int_field(node: &Node, name: &str) -> i64 {
        match node.field(name).map(|f| &f.value) {
            Some(Value::Int(i)) => *i,
            other => panic!("field {name}: {other:?}"),
        }
    }

    fn options(node: &Node) -> Vec<(String, usize, usize)> {
        match node.field("options").map(|f| &f.value) {
            Some(Value::List(items)) => items
                .iter()
                .map(|i| (i.value.clone(), i.span.start, i.span.end))
                .collect(),
            other => panic!("options: {other:?}"),
        }
    }

    #[test]
    fn reads_all_six_fields_with_spans() {
        let text = "/dev/sda1  /home ext4 rw,nosuid 1 2\n";
        let m = &mounts(text)[0];
        assert_eq!(m.kind, "mount");
        assert_eq!(m.name.value, "mount");
        assert_eq!((m.name.span.start, m.name.span.end), (0, 9));
        assert_eq!((m.span.start, m.span.end, m.span.file), (0, 35, F));
        assert_eq!(str_field(m, "spec"), "/dev/sda1");
        assert_eq!(str_field(m, "file"), "/home");
        assert_eq!(str_field(m, "vfstype"), "ext4");
        assert_eq!(int_field(m, "freq"), 1);
        assert_eq!(int_field(m, "passno"), 2);
        let file = m.field("file").map(|f| (f.span.start, f.span.end));
        assert_eq!(file, Some((11, 16)));
        let passno = m.field("passno").map(|f| (f.span.start, f.span.end));
        assert_eq!(passno, Some((34, 35)));
        assert!(m.field("spec-tag").is_none() && m.field("spec-value").is_none());
    }

    #[test]
    fn option_items_have_exact_spans() {
        let text = "a /b ext4 rw,,x=\"p,q\",\\054y 0 0\n";
        let m = &mounts(text)[0];
        let expected = [
            ("rw", 10, 12),
            ("", 13, 13),
            ("x=\"p,q\"", 14, 21),
            // libmount splits after decoding, so `\054` (a comma) separates too.
            ("", 22, 22),
            ("y", 26, 27),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|&(v, s, e)| (v.to_string(), s, e))
            .collect();
        assert_eq!(options(m), expected);
        assert_eq!(&text[22..27], "\\054y");
        let field = m.field("options").map(|f| (f.span.start, f.span.end));
        assert_eq!(field, Some((10, 27)));
        assert_eq!(
            m.field("options").map(|f| f.value.text()).as_deref(),
            Some("rw,,x=\"p,q\",,y")
        );
    }

    #[test]
    fn decodes_octal_escapes() {
        let m = &mounts("/dev/a\\040b /mnt/my\\011dir\\134x\\012 ext4 defaults\n")[0];
        assert_eq!(str_field(m, "spec"), "/dev/a b");
        assert_eq!(str_field(m, "file"), "/mnt/my\tdir\\x\n");
        // Not three octal digits: kept as written. A decoded NUL ends the field. `\777` is 0xff.
        let m = &mounts("/dev/a\\04 /b\\08 ext4 x\\000y\n")[0];
        assert_eq!(str_field(m, "spec"), "/dev/a\\04");
        assert_eq!(str_field(m, "file"), "/b\\08");
        assert_eq!(options(m), vec![("x".to_string(), 21, 22)]);
        let m = &mounts("/a\\777 /b ext4\n")[0];
        assert_eq!(str_field(m, "spec"), "/a\u{fffd}");
    }

    #[test]
    fn splits_source_tags_like_libblkid() {
        let m = &mounts("UUID=\"1234-AB\" / ext4 defaults 0 1\n")[0];
        assert_eq!(str_field(m, "spec"), "UUID=\"1234-AB\"");
        assert_eq!(str_field(m, "spec-tag"), "UUID");
        assert_eq!(str_field(m, "spec-value"), "1234-AB");
        let tag = m.field("spec-tag").map(|f| (f.span.start, f.span.end));
        assert_eq!(tag, Some((0, 14)));
        for (spec, tag, value) in [
            ("LABEL=root", "LABEL", "root"),
            ("PARTUUID='ab'cd", "PARTUUID", "ab"),
            ("PARTLABEL=x=y", "PARTLABEL", "x=y"),
            ("ID=wwn-0x5", "ID", "wwn-0x5"),
            ("LABEL=my\\040disk", "LABEL", "my disk"),
        ] {
            let m = &mounts(&format!("{spec} /x ext4\n"))[0];
            assert_eq!(
                (str_field(m, "spec-tag"), str_field(m, "spec-value")),
                (tag, value)
            );
        }
        for spec in [
            "uuid=abc",
            "UUID=",
            "UUID=\"\"",
            "UUID=\"abc",
            "TYPE=ext4",
            "/dev/x=y",
        ] {
            let m = &mounts(&format!("{spec} /x ext4\n"))[0];
            assert!(m.field("spec-tag").is_none(), "{spec}");
            assert!(m.field("spec-value").is_none(), "{spec}");
        }
    }

    #[test]
    fn handles_crlf_and_bom() {
        let text = "\u{feff}/dev/a /a ext4 defaults 0 1\r\n# c\r\n/dev/b /b xfs\r\n";
        let ms = mounts(text);
        assert_eq!(ms.len(), 2);
        assert_eq!(str_field(&ms[0], "spec"), "/dev/a");
        assert_eq!((ms[0].span.start, ms[0].span.end), (3, 30));
        assert_eq!(int_field(&ms[0], "passno"), 1);
        assert_eq!(str_field(&ms[1], "vfstype"), "xfs");
        assert_eq!(ms[1].span.end, text.len() - 2);
        // Only the `\r` right before `\n` is dropped: libmount rejects `0\r 0`.
        let doc = parse(F, "/dev/a /a ext4 defaults 0\r 0\n");
        assert_eq!(doc.diagnostics.len(), 1);
    }

    #[test]
    fn skips_comments_and_blank_lines() {
        let text = "# c\n  \t# indented\n\n \t \n/dev/a /a ext4 defaults 0 0 # note\n";
        let ms = mounts(text);
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].span.end, text.find(" # note").unwrap_or(0));
        // `#` inside a field is data.
        let m = &mounts("/dev/a#1 /a ext4 x#y 0 0 junk after passno\n")[0];
        assert_eq!(str_field(m, "spec"), "/dev/a#1");
        assert_eq!(options(m)[0].0, "x#y");
    }

    #[test]
    fn comment_in_place_of_freq_or_passno_is_an_error() {
        for text in [
            "/dev/a /a ext4 defaults # note\n",
            "/dev/a /a ext4 defaults 0 # note\n",
        ] {
            let doc = parse(F, text);
            assert!(doc.root.children.is_empty(), "{text}");
            assert_eq!(doc.diagnostics.len(), 1, "{text}");
            assert!(
                doc.diagnostics[0].message.contains("`#`"),
                "{:?}",
                doc.diagnostics
            );
        }
    }

    #[test]
    fn missing_fields_get_defaults_with_empty_spans() {
        let m = &mounts("/dev/a /a ext4 noauto\n")[0];
        assert_eq!(int_field(m, "freq"), 0);
        assert_eq!(int_field(m, "passno"), 0);
        let freq = m.field("freq").map(|f| (f.span.start, f.span.end));
        assert_eq!(freq, Some((21, 21)));
        assert_eq!((m.span.start, m.span.end), (0, 21));

        let m = &mounts("/dev/a /a ext4 noauto 1\n")[0];
        assert_eq!(int_field(m, "freq"), 1);
        let passno = m.field("passno").map(|f| (f.span.start, f.span.end));
        assert_eq!(passno, Some((23, 23)));

        // No options: libmount keeps none (findmnt prints null).
        let m = &mounts("/dev/a /a ext4\n")[0];
        assert_eq!(options(m), vec![]);
        let opts = m.field("options").map(|f| (f.span.start, f.span.end));
        assert_eq!(opts, Some((14, 14)));
        assert_eq!((m.span.start, m.span.end), (0, 14));
    }

    #[test]
    fn one_or_two_fields_are_errors_and_parsing_goes_on() {
        let text = "bug\n  /dev/a /a\n/dev/b /b ext4\n";
        let doc = parse(F, text);
        assert_eq!(doc.kind, FileKind::Fstab);
        assert_eq!(doc.root.children.len(), 1);
        let d: Vec<_> = doc
            .diagnostics
            .iter()
            .map(|d| (d.span.start, d.span.end))
            .collect();
        assert_eq!(d, vec![(0, 3), (6, 15)]);
        assert!(doc.diagnostics.iter().all(|d| d.is_error()));
        assert_eq!(
            doc.diagnostics[0].message,
            "expected at least 3 fields (device, mount point, filesystem type), found 1"
        );
        assert!(doc.diagnostics[1].message.ends_with("found 2"));
    }

    #[test]
    fn legacy_fuse_sources_name_their_program() {
        assert_eq!(
            effective_type("fuse", "sshfs#backup@nas:/srv"),
            "fuse.sshfs"
        );
        assert_eq!(
            effective_type("fuseblk", "ntfs-3g#/dev/sdb1"),
            "fuseblk.ntfs-3g"
        );
        assert_eq!(
            effective_type("fuse.sshfs", "backup@nas:/srv"),
            "fuse.sshfs"
        );
        assert_eq!(effective_type("ext4", "LABEL=a#b"), "ext4");
        assert_eq!(effective_type("fuse", "/dev/sdb1"), "fuse");
    }

    #[test]
    fn effective_options_apply_mount_8_order_and_implications() {
        let eff = |opts: &str| -> Vec<String> {
            let m = &mounts(&format!("/dev/a /a ext4 {opts} 0 0\n"))[0];
            match &m.field("effective-options").unwrap().value {
                Value::List(items) => items.iter().map(|i| i.value.clone()).collect(),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(eff("nodev,nosuid,noexec,exec"), ["nodev", "nosuid", "exec"]);
        assert_eq!(eff("defaults,user"), ["user", "noexec", "nosuid", "nodev"]);
        assert_eq!(eff("user,exec"), ["user", "exec", "nosuid", "nodev"]);
        assert_eq!(eff("owner"), ["owner", "nosuid", "nodev"]);
        assert_eq!(eff("sec=krb5p,sec=sys,ro,rw"), ["sec=sys", "rw"]);
        assert_eq!(eff("noauto,auto,_netdev"), ["auto", "_netdev"]);
        // The span of an implied option is the option that implied it.
        let text = "/dev/a /a vfat noauto,user 0 0\n";
        let m = &mounts(text)[0];
        let Value::List(items) = &m.field("effective-options").unwrap().value else {
            panic!()
        };
        let noexec = items.iter().find(|i| i.value == "noexec").unwrap();
        assert_eq!(&text[noexec.span.start..noexec.span.end], "user");
    }

    #[test]
    fn numbers_follow_strtol_into_int() {
        let m = &mounts("a /a x o +5 -3\n")[0];
        assert_eq!((int_field(m, "freq"), int_field(m, "passno")), (5, -3));
        let m = &mounts("a /a x o 4294967297 99999999999999999999\n")[0];
        assert_eq!((int_field(m, "freq"), int_field(m, "passno")), (1, -1));
        // Beyond 64 bits: an error unless the number ends the line (libmount 2.38 quirk).
        let doc = parse(F, "a /a x o 9223372036854775808 0\n");
        assert!(
            doc.diagnostics[0]
                .message
                .ends_with("`9223372036854775808`: out of range")
        );
        let m = &mounts("a /a x o -9223372036854775809\n")[0];
        assert_eq!(int_field(m, "freq"), 0);
        for bad in [
            "0x1 0",
            "1x 0",
            "- 0",
            "0 y",
            "0 2,",
            "0,0",
            "0 99999999999999999999 ",
        ] {
            let doc = parse(F, &format!("a /a x o {bad}\n"));
            assert_eq!(doc.diagnostics.len(), 1, "{bad}");
        }
    }

    #[test]
    fn empty_and_odd_input_never_panics() {
        for text in [
            "", "\n", "\r\n", "\u{feff}", "#", "\0", "a\0 b c", "\\", "\r", "\u{fffd}",
        ] {
            let doc = parse(F, text);
            assert!(doc.root.children.is_empty(), "{text:?}");
        }
        let doc = parse(F, "a b c \\0 \\ \\7\n\u{fffd} \u{fffd}\\\u{fffd} \u{fffd}");
        assert_eq!(doc.diagnostics.len(), 1);
        assert_eq!(doc.root.children.len(), 1);
        assert_eq!(parse(F, "").root.span, Span::new(F, 0, 0));
        let doc = parse(F, "/dev/\0a /a ext4\n");
        assert_eq!(doc.diagnostics[0].message, "line contains a NUL byte");
        let long = format!(
            "{} /a ext4 {} 0 0\n",
            "x".repeat(1 << 20),
            "o,".repeat(1 << 18)
        );
        assert_eq!(mounts(&long).len(), 1);
    }
}
