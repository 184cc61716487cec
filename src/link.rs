//! Cross-file links: values that rules look up in other documents (a crypttab name
//! that an fstab `/dev/mapper/NAME` refers to, …). Built once per run, before rules run.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Document, FileKind, Node};
use crate::source::FileId;

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
    values: BTreeMap<LinkTarget, BTreeSet<String>>,
    files: BTreeMap<FileKind, Vec<FileId>>,
}

impl LinkIndex {
    /// Indexes the values of every wanted target across all documents.
    pub fn build<'a>(
        docs: &[Document],
        wanted: impl IntoIterator<Item = &'a LinkTarget>,
    ) -> LinkIndex {
        let mut index = LinkIndex::default();
        for doc in docs {
            index.files.entry(doc.kind).or_default().push(doc.file);
        }
        for target in wanted {
            let mut values = BTreeSet::new();
            for doc in docs.iter().filter(|d| d.kind == target.kind) {
                collect(&doc.root, target, &mut values);
            }
            index.values.insert(target.clone(), values);
        }
        index
    }

    pub fn contains(&self, target: &LinkTarget, value: &str) -> bool {
        self.values.get(target).is_some_and(|v| v.contains(value))
    }

    /// The files of a kind, in the order they were parsed.
    pub fn files(&self, kind: FileKind) -> &[FileId] {
        self.files.get(&kind).map_or(&[], Vec::as_slice)
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
