//! Cross-file links: values that rules look up in other documents (a crypttab name
//! that an fstab `/dev/mapper/NAME` refers to, …). Built once per run, before rules run.
//!
//! Infrastructure repositories often hold several hosts (`hosts/db1/etc/fstab`,
//! `hosts/db1/etc/crypttab`, `hosts/web1/etc/fstab`, …). A reference is therefore
//! resolved against the files of the target kind in the nearest directory, from the
//! referring file's own up to the lint root, that holds any: never against another
//! host's.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Document, FileKind, Node};
use crate::source::{FileId, SourceMap};

/// What a rule refers to: field `field` of nodes of kind `node` (any kind if `None`)
/// in documents of kind `kind`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkTarget {
    pub kind: FileKind,
    pub node: Option<String>,
    pub field: String,
}

#[derive(Debug, Default)]
pub struct LinkIndex {
    values: BTreeMap<LinkTarget, BTreeMap<FileId, BTreeSet<String>>>,
    files: BTreeMap<FileKind, Vec<FileId>>,
    dirs: BTreeMap<FileId, String>,
}

impl LinkIndex {
    /// Indexes the values of every wanted target across all documents.
    pub fn build<'a>(
        docs: impl Iterator<Item = &'a Document>,
        sources: &SourceMap,
        wanted: impl IntoIterator<Item = &'a LinkTarget>,
    ) -> LinkIndex {
        let mut index = LinkIndex::new(wanted);
        for doc in docs {
            index.add(doc, sources);
        }
        index
    }

    /// An index of the wanted targets that holds no document yet.
    pub fn new<'a>(wanted: impl IntoIterator<Item = &'a LinkTarget>) -> LinkIndex {
        LinkIndex {
            values: wanted
                .into_iter()
                .map(|t| (t.clone(), BTreeMap::new()))
                .collect(),
            ..LinkIndex::default()
        }
    }

    /// Adds a document: its place, and its values of every wanted target of its kind.
    pub fn add(&mut self, doc: &Document, sources: &SourceMap) {
        self.files.entry(doc.kind).or_default().push(doc.file);
        let path = &sources.get(doc.file).path;
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        self.dirs.insert(doc.file, dir.to_string());
        for (target, per_file) in &mut self.values {
            if target.kind == doc.kind {
                let mut values = BTreeSet::new();
                collect(&doc.root, target, &mut values);
                per_file.insert(doc.file, values);
            }
        }
    }

    /// The files of `kind` that a reference from `from` is resolved against: those in
    /// the nearest directory, from `from`'s own up to the root, that holds any.
    pub fn scope(&self, kind: FileKind, from: FileId) -> Vec<FileId> {
        let all = self.files.get(&kind).map_or(&[][..], Vec::as_slice);
        let mut dir = self.dirs.get(&from).map_or("", String::as_str);
        loop {
            let near: Vec<FileId> = all
                .iter()
                .copied()
                .filter(|f| self.dirs.get(f).map(String::as_str) == Some(dir))
                .collect();
            if !near.is_empty() || dir.is_empty() {
                return near;
            }
            dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }

    /// Does some file in scope of `from` declare `value`?
    pub fn contains(&self, target: &LinkTarget, from: FileId, value: &str) -> bool {
        let Some(per_file) = self.values.get(target) else {
            return false;
        };
        self.scope(target.kind, from)
            .iter()
            .any(|f| per_file.get(f).is_some_and(|v| v.contains(value)))
    }
}

fn collect(node: &Node, target: &LinkTarget, out: &mut BTreeSet<String>) {
    if target.node.as_deref().is_none_or(|k| k == node.kind)
        && let Some(v) = node.field(&target.field)
    {
        out.insert(v.value.text());
    }
    for child in &node.children {
        collect(child, target, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span, Spanned};

    fn crypttab(sources: &mut SourceMap, path: &str, name: &str) -> Document {
        let file = sources.add(SourceFile::new(path.to_string(), String::new()));
        let span = Span::new(file, 0, 0);
        let mut node = crate::model::Node::new("crypt", Spanned::new(name.into(), span), span);
        node.set("name", crate::model::Value::Str(name.into()), span);
        let mut root = crate::model::Node::new("file", Spanned::new(String::new(), span), span);
        root.children.push(node);
        Document {
            kind: FileKind::Crypttab,
            file,
            root,
            diagnostics: Vec::new(),
        }
    }

    /// A document added after the index is built (a file a linking round read) is
    /// looked up like one it was built with, in its own directory only.
    #[test]
    fn documents_added_later_are_found_like_the_first() {
        let mut sources = SourceMap::default();
        let mut fstab_doc = crypttab(&mut sources, "a/etc/fstab", "none");
        fstab_doc.kind = FileKind::Fstab;
        let fstab = fstab_doc.file;
        let first = crypttab(&mut sources, "b/etc/crypttab", "one");
        let target = LinkTarget {
            kind: FileKind::Crypttab,
            node: Some("crypt".into()),
            field: "name".into(),
        };
        let mut index = LinkIndex::build([&fstab_doc, &first].into_iter(), &sources, [&target]);
        assert!(index.contains(&target, first.file, "one"));
        assert!(!index.contains(&target, fstab, "two"));
        let later = crypttab(&mut sources, "a/etc/crypttab", "two");
        index.add(&later, &sources);
        assert!(index.contains(&target, fstab, "two"));
        assert!(!index.contains(&target, fstab, "one"));
    }
}
