//! Every parser on the same input: the nine file kinds (fstab, crypttab, nginx, Postfix
//! `main.cf` and `master.cf`, Ansible INI, YAML and CSV inventories and their vars
//! files), Postfix `$name` expansion over the parameters just read, TLS protocol lists,
//! and the selectors and message templates of rule files. No panic; every span lies
//! inside the text on character boundaries; offsets of errors too.
#![no_main]

use art32::model::{FileKind, Node};
use art32::formats::postfix::parse as postfix;
use art32::rules::selector::Selector;
use art32::rules::template::Template;
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
    for v in node.fields.values() {
        check(v.span, text);
        if let art32::model::Value::List(items) = &v.value {
            items.iter().for_each(|i| check(i.span, text));
        }
    }
    node.children.iter().for_each(|c| walk(c, text));
}

fuzz_target!(|data: &[u8]| {
    let text = match art32::discover::decode(data.to_vec()) {
        art32::discover::Loaded::Text { text, .. } => text,
        _ => return,
    };
    for kind in FileKind::ALL {
        let doc = art32::formats::parse(*kind, FileId(0), &text);
        walk(&doc.root, &text);
        doc.diagnostics.iter().for_each(|d| check(d.span, &text));
        if *kind == FileKind::PostfixMain {
            let values: std::collections::BTreeMap<String, String> = doc
                .root
                .children
                .iter()
                .filter_map(|p| Some((p.name.value.clone(), p.field("value")?.value.text())))
                .collect();
            let lookup = |name: &str| values.get(name).cloned();
            let mut budget = postfix::MAX_EXPANSION_WORK;
            for value in values.values() {
                let _ = postfix::try_expand_within(value, &lookup, &mut budget);
            }
        }
    }
    let _ = art32::formats::postfix::link::enabled_protocols(&[text.as_str()]);
    if let Err(e) = Selector::parse(&text) {
        assert!(e.offset <= text.len());
    }
    if let Err(e) = Template::parse(&text, |_| true) {
        assert!(e.offset <= text.len());
    }
});
