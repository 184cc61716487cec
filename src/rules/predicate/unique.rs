//! `unique`, `distinct-at-least`: the subject against its siblings, and its items
//! against each other.

use std::collections::BTreeMap;
use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::operand::{code_list, resolve_int};
use super::{CompileContext, Evidence, Subject, SubjectValue};
use crate::model::Node;

/// `unique = true`: no later sibling has the same text (a parameter defined twice).
#[derive(Debug)]
pub struct Unique;

impl TestKind for Unique {
    const KEY: &'static str = "unique";
    type Operand = bool;

    fn compile(b: &bool, _: &CompileContext) -> Result<Self, String> {
        if !b {
            return Err("`unique` can only be `true`".into());
        }
        Ok(Unique)
    }
}

impl Test for Unique {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        let node = at.node;
        let later = at.ancestors.last().and_then(|parent| {
            // Per parent and atom (the subject lives in the atom).
            let key = (
                std::ptr::from_ref(*parent) as usize,
                std::ptr::from_ref(at.subject) as usize,
            );
            let mut cache = at.cx.siblings.borrow_mut();
            let index = cache
                .entry(key)
                .or_insert_with(|| SiblingIndex::new(parent, at.subject));
            if index.children != SiblingIndex::children_of(parent) {
                *index = SiblingIndex::new(parent, at.subject);
            }
            index.next_with(node, &s.text).map(|i| &parent.children[i])
        });
        match later {
            Some(l) => {
                ev.say(|| format!("{} is defined again later", s.quoted()));
                ev.note(l.span, || "this later definition is the one in effect".into());
                false
            }
            None => true,
        }
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no later sibling has the same {s}")
    }
}

/// The children of one node, found by address and by what an atom's subject reads.
#[derive(Debug, Default)]
pub struct SiblingIndex {
    /// The children it was built from (address and length), to tell a stale entry.
    children: (usize, usize),
    position: BTreeMap<usize, usize>,
    /// `(kind, text)` → the positions of the children of that kind that read `text`.
    by_text: BTreeMap<(&'static str, String), Vec<usize>>,
}

impl SiblingIndex {
    fn new(parent: &Node, subject: &Subject) -> SiblingIndex {
        let mut index = SiblingIndex {
            children: Self::children_of(parent),
            ..SiblingIndex::default()
        };
        for (i, c) in parent.children.iter().enumerate() {
            index.position.insert(std::ptr::from_ref(c) as usize, i);
            if let Some(v) = subject.read(c) {
                index.by_text.entry((c.kind, v.text)).or_default().push(i);
            }
        }
        index
    }

    fn children_of(parent: &Node) -> (usize, usize) {
        (parent.children.as_ptr() as usize, parent.children.len())
    }

    /// The first sibling after `node` of its kind that reads `text`.
    fn next_with(&self, node: &Node, text: &str) -> Option<usize> {
        let at = *self.position.get(&(std::ptr::from_ref(node) as usize))?;
        let same = self.by_text.get(&(node.kind, text.to_string()))?;
        let later = same.partition_point(|&i| i <= at);
        same.get(later).copied()
    }
}

/// `distinct-at-least = N`: at least this many different items (items written as
/// `a, b` count apart; case does not matter).
#[derive(Debug)]
pub struct DistinctAtLeast(i64);

impl TestKind for DistinctAtLeast {
    const KEY: &'static str = "distinct-at-least";
    const BINDS: &'static [&'static str] = &["value", "expected"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        resolve_int(v, cx).map(DistinctAtLeast)
    }
}

impl Test for DistinctAtLeast {
    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        let n = self.0;
        let mut seen: Vec<String> = Vec::new();
        for (item, _) in &s.items {
            for part in item.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let key = part.to_lowercase();
                if !seen.contains(&key) {
                    seen.push(key);
                }
            }
        }
        ev.bind("expected", || n.to_string());
        let ok = seen.len() as i64 >= n;
        if !ok {
            ev.say(|| match seen.len() {
                0 => "no entries".to_string(),
                1 => format!("only `{}`", seen[0]),
                k => format!("only {k} different: {}", code_list(seen.iter())),
            });
        }
        ok
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} names at least {} different entries", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;

    #[test]
    fn distinct_at_least() {
        check(&[
            (list(&["a", "B, c"]), "distinct-at-least = 3", true, ""),
            (list(&["a", "A", "a,"]), "distinct-at-least = 2", false, "only `a`"),
            (list(&["a", "b"]), "distinct-at-least = 3", false, "only 2 different: `a`, `b`"),
            (list(&[" , "]), "distinct-at-least = 1", false, "no entries"),
            (None, "distinct-at-least = 1", false, "`v` is not set"),
        ]);
        check_vars(&[(list(&["a"]), "distinct-at-least = 2", "expected", "2")]);
    }

    /// A node with no parent has no later sibling; among siblings, a repeated value
    /// fails at its first definition.
    #[test]
    fn unique() {
        check(&[
            (s("a"), "unique = true", true, ""),
            (None, "unique = true", false, "`v` is not set"),
        ]);
        check_errors(&[("unique = false", "`unique` can only be `true`")]);
        check_siblings(
            "unique = true",
            &["a", "b", "a", "c"],
            &[
                (false, "`a` is defined again later"),
                (true, ""),
                (true, ""),
                (true, ""),
            ],
        );
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"unique = true"#, "no later sibling has the same `v`"),
            (FileKind::Fstab, r#"distinct-at-least = 2"#, "`v` names at least 2 different entries"),
        ]);
    }
}
