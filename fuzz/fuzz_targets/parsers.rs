//! Every parser on the same input: no panic, spans inside the text.
#![no_main]

use art32::model::{FileKind, Node};
use art32::source::{FileId, Span};
use libfuzzer_sys::fuzz_target;

fn check(span: Span, text: &str) {
    assert!(span.start <= span.end && span.end <= text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
}

fn walk(node: &Node, text: &str) {
    check(node.span, text);
    check(node.name.span, text);
    node.args.iter().for_each(|a| check(a.span, text));
    node.fields.values().for_each(|v| check(v.span, text));
    node.children.iter().for_each(|c| walk(c, text));
}

fuzz_target!(|data: &[u8]| {
    let text = match art32::discover::decode(data.to_vec()) {
        art32::discover::Loaded::Text { text, .. } => text,
        art32::discover::Loaded::Skipped(_) => return,
    };
    for kind in FileKind::ALL {
        let doc = art32::parse::parse(*kind, FileId(0), &text);
        walk(&doc.root, &text);
        doc.diagnostics.iter().for_each(|d| check(d.span, &text));
    }
});
