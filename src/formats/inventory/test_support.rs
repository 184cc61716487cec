//! What the unit tests of the inventory modules ask of the documents they parse and link.

use crate::model::{Document, Node, Value};
use crate::source::{FileId, SourceFile, SourceMap};

use super::host_patterns::expand_host_ranges;
use super::{link, parse_csv, parse_ini, parse_vars, parse_yaml};

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

/// Links the files, given as (path, text), and returns the hosts of `source`'s document.
pub(super) fn linked(files: &[(&str, &str)], source: &str) -> (Vec<Node>, SourceMap) {
    let mut sources = SourceMap::default();
    let mut docs = Vec::new();
    for (path, text) in files {
        let id = sources.add(SourceFile::new(*path, *text));
        let vars = path.contains("group_vars/") || path.contains("host_vars/");
        docs.push(if vars {
            parse_vars(id, text)
        } else if path.ends_with(".yml") {
            parse_yaml(id, text)
        } else if path.ends_with(".csv") {
            parse_csv(id, text)
        } else {
            parse_ini(id, text)
        });
    }
    let refs: Vec<&Document> = docs.iter().collect();
    let linked = link(&refs, &sources);
    let doc = linked
        .into_iter()
        .find(|d| sources.get(d.file).path == source)
        .unwrap_or_else(|| panic!("no inventory for {source}"));
    (doc.root.children, sources)
}

pub(super) fn host<'a>(hosts: &'a [Node], name: &str) -> &'a Node {
    hosts
        .iter()
        .find(|h| h.name.value == name)
        .unwrap_or_else(|| panic!("no host {name}"))
}

pub(super) fn var(h: &Node, name: &str) -> Option<String> {
    h.field(name).map(|v| v.value.text())
}

pub(super) fn groups(h: &Node) -> Vec<String> {
    match h.field("groups").map(|g| &g.value) {
        Some(Value::List(items)) => items.iter().map(|i| i.value.clone()).collect(),
        _ => Vec::new(),
    }
}
