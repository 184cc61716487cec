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
        docs: impl Iterator<Item = &'a Document> + Clone,
        sources: &SourceMap,
        wanted: impl IntoIterator<Item = &'a LinkTarget>,
    ) -> LinkIndex {
        let mut index = LinkIndex::default();
        for doc in docs.clone() {
            index.files.entry(doc.kind).or_default().push(doc.file);
            let path = &sources.get(doc.file).path;
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
            index.dirs.insert(doc.file, dir.to_string());
        }
        for target in wanted {
            let mut per_file = BTreeMap::new();
            for doc in docs.clone().filter(|d| d.kind == target.kind) {
                let mut values = BTreeSet::new();
                collect(&doc.root, target, &mut values);
                per_file.insert(doc.file, values);
            }
            index.values.insert(target.clone(), per_file);
        }
        index
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
