//! What the unit tests of the inventory modules ask of the documents they parse.

use crate::model::{Document, Node, Value};
use crate::source::FileId;

use super::host_patterns::expand_host_ranges;

pub(super) const F: FileId = FileId(0);

/// The host names of a parsed document, ranges expanded as linking does.
pub(super) fn hosts_of(doc: &Document) -> Vec<String> {
    fn walk(n: &Node, out: &mut Vec<String>) {
        if n.kind == "host" {
            for a in &n.args {
                match n.field("ranges") {
                    Some(_) => out.extend(expand_host_ranges(&a.value, usize::MAX)),
                    None => out.push(a.value.clone()),
                }
            }
        }
        n.children.iter().for_each(|c| walk(c, out));
    }
    let mut out = Vec::new();
    walk(&doc.root, &mut out);
    out
}

pub(super) fn find<'a>(n: &'a Node, kind: &str, name: &str) -> Option<&'a Node> {
    if n.kind == kind && n.name.value == name {
        return Some(n);
    }
    n.children.iter().find_map(|c| find(c, kind, name))
}

pub(super) fn value(doc: &Document, var: &str) -> Value {
    find(&doc.root, "var", var)
        .and_then(|v| v.field("value"))
        .map(|v| v.value.clone())
        .unwrap_or_else(|| panic!("no var `{var}` in {doc:#?}"))
}

pub(super) fn s(v: &str) -> Value {
    Value::Str(v.to_string())
}

pub(super) fn list(v: &Value) -> Vec<String> {
    match v {
        Value::List(items) => items.iter().map(|i| i.value.clone()).collect(),
        other => panic!("not a list: {other:?}"),
    }
}

pub(super) fn messages(doc: &Document) -> Vec<String> {
    doc.diagnostics.iter().map(|d| d.message.clone()).collect()
}
