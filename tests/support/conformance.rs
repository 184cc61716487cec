//! What the conformance tests (`tests/conformance_*.rs`) share: the corpus, reading
//! its files, checking that every span of a parsed document lies in its text, and
//! reporting all mismatches of a comparison at once.

use std::fs;
use std::path::{Path, PathBuf};

use art32::model::{Document, Node};
use art32::source::Span;

/// The shared corpus of real configurations and the reference tools' output on them.
pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// Fails with every mismatch of the comparison `what` when there is any.
pub fn report(what: &str, mismatches: &[String]) {
    assert!(
        mismatches.is_empty(),
        "{} {what} mismatch(es):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// The files below `dir`, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The file as art32 reads it: invalid UTF-8 replaced by U+FFFD (crossplane 0.5.8 opens
/// files with `errors='replace'` too).
pub fn read_text(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `path` relative to `base`, with `/`.
pub fn relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .expect("path under base")
        .to_string_lossy()
        .replace('\\', "/")
}

/// The line (from 1) of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Adds a problem to `out` unless `span` is a range of `doc`'s file on character
/// boundaries of `text`.
pub fn check_span(what: &str, span: Span, doc: &Document, text: &str, out: &mut Vec<String>) {
    let fits = span.file == doc.file
        && span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end);
    if !fits {
        out.push(format!(
            "{what}: bad span {span:?} in a text of {} bytes",
            text.len()
        ));
    }
}

/// How a format's test checks the spans of a node and the nodes below it.
pub type CheckNode = fn(&Node, &Document, &str, &mut Vec<String>);

/// Checks the spans of a parsed document (its nodes with `check_node`, its
/// diagnostics) and adds each problem to `out`, prefixed with `what`.
pub fn check_document(
    what: &str,
    doc: &Document,
    text: &str,
    check_node: CheckNode,
    out: &mut Vec<String>,
) {
    let mut problems = Vec::new();
    check_node(&doc.root, doc, text, &mut problems);
    for diagnostic in &doc.diagnostics {
        check_span("diagnostic", diagnostic.span, doc, text, &mut problems);
    }
    out.extend(problems.into_iter().map(|p| format!("{what}: {p}")));
}
