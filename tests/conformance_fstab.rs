//! The fstab and crypttab parsers against the reference tools, on the shared corpus.
//!
//! Oracles (see `../shared/corpus/oracle/README.md`): findmnt 2.38.1 for fstab, util-linux's
//! own expected libmount parse outputs, and systemd 252's systemd-cryptsetup-generator for
//! crypttab. Every test collects all mismatches and reports them together, and checks how
//! many files and entries it compared, so that it cannot pass by comparing nothing.

use std::fmt::Write as _;
use std::path::Path;

use art32::formats::{crypttab::parse as crypttab, fstab::parse as fstab};
use art32::model::{Document, Node, Value};
use art32::source::FileId;

mod support;
use support::conformance::{
    CORPUS, check_document, check_span, files_under, line_of, read_text, relative, report,
};

/// Corpus files whose findmnt output is not an fstab reading, with the reason.
const FINDMNT_ARTEFACTS: &[(&str, &str)] = &[(
    "util-linux/tests/ts/libmount/files/swaps",
    "`findmnt --tab-file` lets libmount guess the format, and the `Filename\\t` header line \
     makes it read the file as /proc/swaps (no targets, type `swap`). mount(8) reads /etc/fstab \
     as fstab; `fstab_read_as_fstab_when_findmnt_guessed_swaps` checks that reading instead.",
)];

fn text_field(node: &Node, name: &str) -> Option<String> {
    node.field(name).map(|f| f.value.text())
}

fn int_field(node: &Node, name: &str) -> Option<i64> {
    match node.field(name).map(|f| &f.value) {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

fn list_items<'a>(node: &'a Node, name: &str) -> Vec<&'a str> {
    match node.field(name).map(|f| &f.value) {
        Some(Value::List(items)) => items.iter().map(|i| i.value.as_str()).collect(),
        _ => Vec::new(),
    }
}

fn diagnostic_lines(doc: &Document, text: &str) -> Vec<usize> {
    doc.diagnostics
        .iter()
        .map(|d| line_of(text, d.span.start))
        .collect()
}

/// Long values (util-linux's mtab test has a 4 KiB mount point) cut to keep reports readable.
fn clip(text: String) -> String {
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// One fstab entry, in the terms findmnt prints.
#[derive(Debug, PartialEq)]
struct Mount {
    source: String,
    target: String,
    fstype: String,
    options: String,
    freq: i64,
    passno: i64,
}

fn mount_of(node: &Node) -> Mount {
    Mount {
        source: text_field(node, "spec").unwrap_or_default(),
        target: text_field(node, "file").unwrap_or_default(),
        fstype: text_field(node, "vfstype").unwrap_or_default(),
        options: text_field(node, "options").unwrap_or_default(),
        freq: int_field(node, "freq").unwrap_or(i64::MIN),
        passno: int_field(node, "passno").unwrap_or(i64::MIN),
    }
}

fn compare_mounts(file: &str, text: &str, nodes: &[Node], want: &[Mount], out: &mut Vec<String>) {
    if nodes.len() != want.len() {
        out.push(format!(
            "{file}: the oracle has {} entries, art32 {}",
            want.len(),
            nodes.len()
        ));
    }
    for (i, (node, want)) in nodes.iter().zip(want).enumerate() {
        let got = mount_of(node);
        if &got != want {
            let line = line_of(text, node.span.start);
            out.push(format!(
                "{file}: entry {i} (line {line}):\n  oracle {}\n  art32  {}",
                clip(format!("{want:?}")),
                clip(format!("{got:?}"))
            ));
        }
    }
}

/// The `filesystems` of a `findmnt -J` output. libsmartcols prints an empty cell as `null`:
/// that is how a line without options comes out (art32: an empty list), and a field that an
/// escaped NUL (`\000`) empties.
fn findmnt_mounts(json: &str) -> Result<Vec<Mount>, String> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let entries = value["filesystems"]
        .as_array()
        .ok_or("no `filesystems` array")?;
    let text = |e: &serde_json::Value, key: &str| match &e[key] {
        serde_json::Value::Null => Ok(String::new()),
        serde_json::Value::String(s) => Ok(s.clone()),
        other => Err(format!("`{key}` is {other}")),
    };
    let int = |e: &serde_json::Value, key: &str| e[key].as_i64().ok_or(format!("`{key}`"));
    entries
        .iter()
        .map(|e| {
            Ok(Mount {
                source: text(e, "source")?,
                target: text(e, "target")?,
                fstype: text(e, "fstype")?,
                options: text(e, "options")?,
                freq: int(e, "freq")?,
                passno: int(e, "passno")?,
            })
        })
        .collect()
}

/// Line numbers of `parse error at line N -- ignored` in a `.findmnt.err` file.
fn findmnt_error_lines(err: &str) -> Vec<usize> {
    err.lines()
        .filter_map(|l| l.split("parse error at line ").nth(1))
        .filter_map(|rest| rest.split(' ').next()?.parse().ok())
        .collect()
}

#[test]
fn fstab_matches_findmnt() {
    let base = Path::new(CORPUS).join("fstab");
    let oracle = Path::new(CORPUS).join("oracle/fstab");
    let mut mismatches = Vec::new();
    let (mut files, mut entries, mut rejected_lines) = (0, 0, 0);
    let mut skipped = Vec::new();
    for path in files_under(&base) {
        let rel = relative(&path, &base);
        let json = oracle.join(format!("{rel}.findmnt.json"));
        let err = oracle.join(format!("{rel}.findmnt.err"));
        if !json.exists() && !err.exists() {
            continue; // licenses and util-linux's expected outputs have no oracle
        }
        if FINDMNT_ARTEFACTS.iter().any(|(skip, _)| *skip == rel) {
            skipped.push(rel);
            continue;
        }
        let text = read_text(&path);
        let doc = fstab::parse(FileId(0), &text);

        // Without JSON findmnt found no entry (it exits 1): an all-comment file, or one whose
        // every line is rejected (Solaris vfstab lines have `-` or `no` where freq and passno go).
        let want = if json.exists() {
            match findmnt_mounts(&read_text(&json)) {
                Ok(want) => want,
                Err(e) => {
                    mismatches.push(format!("{rel}: unreadable oracle: {e}"));
                    continue;
                }
            }
        } else {
            Vec::new()
        };
        compare_mounts(&rel, &text, &doc.root.children, &want, &mut mismatches);

        let want_errors = if err.exists() {
            findmnt_error_lines(&read_text(&err))
        } else {
            Vec::new()
        };
        let got_errors = diagnostic_lines(&doc, &text);
        if want_errors != got_errors {
            let messages: Vec<_> = doc.diagnostics.iter().map(|d| &d.message).collect();
            mismatches.push(format!(
                "{rel}: findmnt rejects lines {want_errors:?}, art32 lines {got_errors:?} \
                 {messages:?}"
            ));
        }
        files += 1;
        entries += want.len();
        rejected_lines += want_errors.len();
    }
    report("fstab/findmnt", &mismatches);
    assert_eq!(
        skipped,
        FINDMNT_ARTEFACTS
            .iter()
            .map(|(f, _)| f.to_string())
            .collect::<Vec<_>>()
    );
    // 36 JSON outputs (37 minus the skipped one) and 2 runs that found no entry.
    assert_eq!(files, 38, "fstab files compared with findmnt");
    assert_eq!(entries, 199, "fstab entries compared with findmnt");
    assert_eq!(rejected_lines, 9, "lines findmnt rejects");
}

#[test]
fn fstab_read_as_fstab_when_findmnt_guessed_swaps() {
    let text = read_text(&Path::new(CORPUS).join("fstab/util-linux/tests/ts/libmount/files/swaps"));
    let doc = fstab::parse(FileId(0), &text);
    // The header is rejected (its 5th field `Priority` is no number); the rest are entries
    // with the size where the type goes.
    assert_eq!(diagnostic_lines(&doc, &text), [1]);
    let specs: Vec<_> = doc
        .root
        .children
        .iter()
        .filter_map(|n| text_field(n, "spec"))
        .collect();
    assert_eq!(
        specs,
        ["/dev/dm-2", "/some/swapfile", "/some/swapfile2 (deleted)"]
    );
}

/// Entries of util-linux's `tests/expected/libmount/tabfiles-parse-*` outputs: blocks of
/// `key: value` lines; `freq` and `pass` are printed only when they are not 0.
fn util_linux_mounts(expected: &str) -> Vec<Mount> {
    expected
        .split("------ fs:\n")
        .skip(1)
        .map(|block| {
            let get = |key: &str| {
                block
                    .lines()
                    .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
                    .map(|v| v.trim_start_matches([' ']).to_string())
            };
            let number = |key: &str| get(key).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
            Mount {
                source: get("source").unwrap_or_default(),
                target: get("target").unwrap_or_default(),
                fstype: get("fstype").unwrap_or_default(),
                options: get("optstr").unwrap_or_default(),
                freq: number("freq"),
                passno: number("pass"),
            }
        })
        .collect()
}

#[test]
fn fstab_matches_util_linux_expected_outputs() {
    let tests = Path::new(CORPUS).join("fstab/util-linux/tests");
    // `tabfiles-parse-swaps` reads /proc/swaps format and the `tabfiles-tags-*` outputs test
    // tag lookups, not parsing, so they have no counterpart here.
    let pairs = [
        ("tabfiles-parse-fstab", "fstab"),
        ("tabfiles-parse-fstab-broken", "fstab.broken"),
        ("tabfiles-parse-fstab-full", "fstab.comment"),
        ("tabfiles-parse-mtab", "mtab"),
    ];
    let mut mismatches = Vec::new();
    let mut entries = 0;
    for (expected, input) in pairs {
        let want = util_linux_mounts(&read_text(&tests.join("expected/libmount").join(expected)));
        let text = read_text(&tests.join("ts/libmount/files").join(input));
        let doc = fstab::parse(FileId(0), &text);
        compare_mounts(expected, &text, &doc.root.children, &want, &mut mismatches);
        entries += want.len();
    }
    report("fstab/util-linux", &mismatches);
    assert_eq!(
        entries,
        11 + 10 + 11 + 12,
        "entries in util-linux's expected outputs"
    );
}

/// One `ExecStart=... systemd-cryptsetup attach 'name' 'device' 'key' 'options'` line.
fn attach_arguments(line: &str) -> Option<[String; 4]> {
    let args = line.split("systemd-cryptsetup attach '").nth(1)?;
    let args = args.strip_suffix('\'')?;
    let parts: Vec<_> = args.split("' '").map(str::to_string).collect();
    parts.try_into().ok()
}

/// Bytes outside `[A-Za-z0-9#+-.:=@_]` as `\xNN`, except whole multibyte UTF-8 characters:
/// how systemd (like udev) escapes a tag value in a `/dev/disk/by-*/` path.
fn udev_encode(value: &str) -> String {
    let mut encoded = String::new();
    for c in value.chars() {
        if c.is_ascii_alphanumeric() || "#+-.:=@_".contains(c) || !c.is_ascii() {
            encoded.push(c);
        } else {
            let _ = write!(encoded, "\\x{:02x}", u32::from(c));
        }
    }
    encoded
}

/// What systemd 252's generator writes in `ExecStart=` for an art32 crypttab entry:
/// - `%` doubled in every argument (unit-file specifier escaping);
/// - a `LABEL=`, `UUID=`, `PARTUUID=` or `PARTLABEL=` device becomes its
///   `/dev/disk/by-*/` path, the value stripped of one pair of quotes and udev-escaped;
/// - a missing key file or missing options are empty;
/// - options lose empty items and `x-systemd.device-timeout=` (which goes to a drop-in).
///
/// A key file with `:` may name a key device, which makes systemd rewrite the path under
/// /run; that rewrite is not modelled, so such an entry is reported instead of compared.
fn systemd_attach(node: &Node) -> Result<[String; 4], String> {
    let escape = |s: &str| s.replace('%', "%%");
    let name = text_field(node, "name").unwrap_or_default();
    let device = text_field(node, "device").unwrap_or_default();
    let tags = [
        ("LABEL=", "label"),
        ("UUID=", "uuid"),
        ("PARTUUID=", "partuuid"),
        ("PARTLABEL=", "partlabel"),
    ];
    let device = tags
        .iter()
        .find_map(|(prefix, by)| {
            let value = device.strip_prefix(prefix)?;
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|q| value.strip_prefix(*q)?.strip_suffix(*q))
                .unwrap_or(value);
            Some(format!("/dev/disk/by-{by}/{}", udev_encode(unquoted)))
        })
        .unwrap_or(device);
    let key_file = text_field(node, "key-file").unwrap_or_default();
    if key_file.contains(':') {
        return Err(format!("key file `{key_file}` may name a key device"));
    }
    let options: Vec<_> = list_items(node, "options")
        .into_iter()
        .filter(|o| {
            !o.is_empty()
                && !o.starts_with("x-systemd.device-timeout=")
                && !o.starts_with("comment=systemd.device-timeout=")
        })
        .collect();
    Ok([
        escape(&name),
        escape(&device),
        escape(&key_file),
        escape(&options.join(",")),
    ])
}

#[test]
fn crypttab_matches_systemd_cryptsetup_generator() {
    let base = Path::new(CORPUS).join("crypttab");
    let oracle = Path::new(CORPUS).join("oracle/crypttab");
    let mut mismatches = Vec::new();
    let (mut files, mut entries) = (0, 0);
    for path in files_under(&base) {
        let rel = relative(&path, &base);
        let generated = oracle.join(format!("{rel}.systemd-cryptsetup-generator.txt"));
        if !generated.exists() {
            continue; // licenses
        }
        let output = read_text(&generated);
        let text = read_text(&path);
        let doc = crypttab::parse(FileId(0), &text);

        // Units are written in unit-name order, not file order, so both sides are sorted.
        let mut want: Vec<[String; 4]> = Vec::new();
        for line in output
            .lines()
            .filter(|l| l.contains("systemd-cryptsetup attach "))
        {
            match attach_arguments(line) {
                Some(args) => want.push(args),
                None => mismatches.push(format!("{rel}: unreadable oracle line `{line}`")),
            }
        }
        let mut got = Vec::new();
        for node in &doc.root.children {
            match systemd_attach(node) {
                Ok(args) => got.push(args),
                Err(e) => mismatches.push(format!("{rel}: not comparable: {e}")),
            }
        }
        want.sort();
        got.sort();
        if want != got {
            mismatches.push(format!("{rel}:\n  systemd {want:?}\n  art32   {got:?}"));
        }

        let want_errors: Vec<usize> = output
            .lines()
            .filter_map(|l| l.strip_prefix("Failed to parse /tmp/sd-oracle/crypttab:"))
            .filter_map(|rest| rest.split(',').next()?.parse().ok())
            .collect();
        let got_errors = diagnostic_lines(&doc, &text);
        if want_errors != got_errors {
            mismatches.push(format!(
                "{rel}: systemd rejects lines {want_errors:?}, art32 lines {got_errors:?}"
            ));
        }
        files += 1;
        entries += want.len();
    }
    report("crypttab/systemd", &mismatches);
    assert_eq!(files, 18, "crypttab files compared with systemd");
    assert_eq!(entries, 20, "crypttab entries compared with systemd");
}

fn check_node(node: &Node, doc: &Document, text: &str, out: &mut Vec<String>) {
    check_span(node.kind, node.span, doc, text, out);
    check_span("name", node.name.span, doc, text, out);
    for (name, field) in &node.fields {
        check_span(name, field.span, doc, text, out);
        if let Value::List(items) = &field.value {
            for item in items {
                check_span(name, item.span, doc, text, out);
            }
        }
    }
    for arg in &node.args {
        check_span("arg", arg.span, doc, text, out);
    }
    for child in &node.children {
        check_node(child, doc, text, out);
    }
}

#[test]
fn every_corpus_file_parses_with_valid_spans() {
    let mut inputs: Vec<(String, String)> = files_under(Path::new(CORPUS))
        .into_iter()
        .map(|path| (relative(&path, Path::new(CORPUS)), read_text(&path)))
        .collect();
    assert!(inputs.len() > 1000, "corpus files found: {}", inputs.len());
    let odd = [
        "\u{feff}",
        "\0\0\0",
        "a\0b c d\n",
        "\r\r\n\r",
        "\\",
        "\\0\\00\\000\\0000 \\777 \\8 x",
        "\u{fffd}\\\u{fffd} \u{fffd} \u{fffd},\u{fffd}\\,\u{fffd} 1 2",
        "é\\é é,é\"é é é\x0b9",
        "a b c \"unclosed,quote 0 0",
        "UUID=\" / x\nLABEL=' / x\nID= / x\n=x / x",
    ];
    inputs.extend(odd.iter().map(|t| (format!("{t:?}"), t.to_string())));
    let huge = format!("{}\t{}", "\\040é,".repeat(200_000), "1 ".repeat(100_000));
    inputs.push(("huge line".to_string(), huge));

    let mut problems = Vec::new();
    for (i, (what, text)) in inputs.iter().enumerate() {
        let file = FileId(u32::try_from(i).unwrap_or(u32::MAX));
        check_document(
            &format!("fstab {what}"),
            &fstab::parse(file, text),
            text,
            check_node,
            &mut problems,
        );
        check_document(
            &format!("crypttab {what}"),
            &crypttab::parse(file, text),
            text,
            check_node,
            &mut problems,
        );
    }
    report("span", &problems);
}
