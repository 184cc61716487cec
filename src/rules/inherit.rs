//! Where a directive's value comes from: the node itself, the nearest enclosing block
//! that declares it (nginx inheritance: location → server → http → main), or the
//! built-in default of the target version.
//!
//! A block that declares a directive at all replaces everything it would inherit:
//! for array-like directives (`add_header`, `proxy_set_header`, `allow`/`deny`, …)
//! one declaration in a location drops every inherited one, as nginx documents for
//! `add_header` ("inherited from the previous configuration level if and only if
//! there are no add_header directives defined on the current level",
//! ngx_http_headers_module). Scalar directives behave the same way, one value a level.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use crate::defaults::Defaults;
use crate::model::{FileKind, Node, Value};
use crate::source::{Span, Spanned};

/// The children of levels by name, for look-ups in the same blocks many times: every
/// server of an `http` block with thousands of them looks its directives up in `http`,
/// which would otherwise be a scan of thousands of children each time. A level with
/// fewer than `SCANNED` children is scanned; a larger one is indexed once, as the
/// positions of its children sorted by name (no name is copied). Levels are known by
/// the address and length of their children, so an index serves one tree that does
/// not change while it is in use (one evaluation).
#[derive(Debug, Default)]
pub struct LevelIndex(RefCell<HashMap<(usize, usize), ByName>>);

/// A level's child positions sorted by the children's names.
type ByName = Box<[usize]>;

/// Levels with fewer children are scanned rather than indexed.
const SCANNED: usize = 16;

impl LevelIndex {
    /// Hands `f` the children of `level` named `name`, in order.
    fn with<'a, R>(
        &self,
        level: &'a Node,
        name: &str,
        f: impl FnOnce(&mut dyn Iterator<Item = &'a Node>) -> R,
    ) -> R {
        let children = &level.children;
        if children.len() < SCANNED {
            return f(&mut children.iter().filter(|c| c.name.value == name));
        }
        let mut map = self.0.borrow_mut();
        let by_name = map
            .entry((children.as_ptr() as usize, children.len()))
            .or_insert_with(|| {
                let mut at: Vec<usize> = (0..children.len()).collect();
                // Stable: the children of one name stay in order.
                at.sort_by(|&a, &b| children[a].name.value.cmp(&children[b].name.value));
                at.into_boxed_slice()
            });
        let from = by_name.partition_point(|&i| children[i].name.value.as_str() < name);
        let len = by_name[from..].partition_point(|&i| children[i].name.value == name);
        f(&mut by_name[from..from + len].iter().map(|&i| &children[i]))
    }

    /// The children of `level` named `name`, in order.
    pub fn named<'a>(&self, level: &'a Node, name: &str) -> Vec<&'a Node> {
        self.with(level, name, |it| it.collect())
    }

    /// Does `level` have a child named `name`?
    pub fn has(&self, level: &Node, name: &str) -> bool {
        self.with(level, name, |it| it.next().is_some())
    }

    /// The last child of `level` named `name`.
    pub fn last<'a>(&self, level: &'a Node, name: &str) -> Option<&'a Node> {
        self.with(level, name, |it| it.last())
    }
}

/// Where the occurrences of a directive were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Declared in the node itself.
    Own,
    /// Inherited from the block whose name has this span.
    Inherited(Span),
    /// Declared nowhere: the built-in default.
    Default,
}

/// The occurrences of a directive in effect at a node.
#[derive(Debug)]
pub struct Occurrences<'a> {
    pub nodes: Vec<Cow<'a, Node>>,
    /// The ancestors of the occurrences (the level's ancestors and the level).
    pub ancestors: Vec<&'a Node>,
    pub origin: Origin,
    /// How many levels up from the node the occurrences were found (0: the node).
    pub depth: usize,
    /// For a default: where it comes from, e.g. `nginx 1.18 default`.
    pub default_source: Option<String>,
    /// Nothing in the repository sets it, and the file is a fragment whose enclosing
    /// configuration is not in the repository (an nginx `sites-enabled` file on its
    /// own, a `master.cf` without its `main.cf`): it may be set there, so it cannot be
    /// judged. Also a Postfix `-o` value that refers (`$name`) to such a parameter.
    pub unknown: bool,
}

/// The levels a node looks at, nearest first: the node, then its ancestors.
fn levels<'a, 'b>(
    node: &'a Node,
    ancestors: &'b [&'a Node],
) -> impl Iterator<Item = &'a Node> + use<'a, 'b> {
    std::iter::once(node).chain(ancestors.iter().rev().copied())
}

/// Directives that a level declares as one set with `name` (the format's
/// `Inheritance::groups`): declaring either drops every inherited one of the group.
fn group(kind: FileKind, name: &str) -> &'static [&'static str] {
    kind.format()
        .inheritance
        .groups
        .iter()
        .find(|g| g.contains(&name))
        .copied()
        .unwrap_or(&[])
}

/// The occurrences of `name` a level declares: of one declared twice only the last,
/// where the format says so (`Inheritance::last_wins`).
fn declared<'a>(level: &'a Node, name: &str, kind: FileKind, index: &LevelIndex) -> Vec<&'a Node> {
    if kind.format().inheritance.last_wins {
        return index.last(level, name).into_iter().collect();
    }
    index.named(level, name)
}

/// Does the level declare `name` or a directive of its group?
fn declares(level: &Node, name: &str, kind: FileKind, index: &LevelIndex) -> bool {
    std::iter::once(name)
        .chain(group(kind, name).iter().copied())
        .any(|n| index.has(level, n))
}

/// The occurrences of `name` in effect at `node`: its own children named so, or with
/// `inherit` those of the nearest level that declares any, else the default.
// The inputs of one look-up; a struct would only name them a second time.
#[allow(clippy::too_many_arguments)]
pub fn occurrences<'a>(
    node: &'a Node,
    ancestors: &[&'a Node],
    name: &str,
    inherit: bool,
    kind: FileKind,
    defaults: &Defaults,
    compatibility_level: Option<&crate::defaults::Version>,
    index: &LevelIndex,
) -> Occurrences<'a> {
    let all_levels = ancestors.len() + 1;
    if inherit && let Some(occ) = merged_headers(node, ancestors, name, kind, defaults, index) {
        return occ;
    }
    let searched = if inherit { all_levels } else { 1 };
    for (depth, level) in levels(node, ancestors).take(searched).enumerate() {
        if declares(level, name, kind, index) {
            let found = declared(level, name, kind, index);
            // The level's own ancestors, then the level.
            let mut occ_ancestors: Vec<&Node> = ancestors[..ancestors.len() - depth].to_vec();
            occ_ancestors.push(level);
            // An `-o` value whose expansion reads what the missing `main.cf` would set
            // (`formats::postfix::link`).
            let unknown = found
                .iter()
                .any(|n| matches!(n.field("unknown"), Some(v) if v.value == Value::Bool(true)));
            return Occurrences {
                nodes: found.into_iter().map(Cow::Borrowed).collect(),
                ancestors: occ_ancestors,
                origin: if depth == 0 {
                    Origin::Own
                } else {
                    Origin::Inherited(level.name.span)
                },
                depth,
                default_source: None,
                unknown,
            };
        }
    }
    let mut own: Vec<&Node> = ancestors.to_vec();
    own.push(node);
    // Not looked up through the enclosing blocks: absent at the node itself.
    if !inherit {
        return Occurrences {
            nodes: Vec::new(),
            ancestors: own,
            origin: Origin::Own,
            depth: 0,
            default_source: None,
            unknown: false,
        };
    }
    // The implied `http` of a fragment, or the `main.cf` of a `master.cf` kept without
    // it, stands for a level art32 cannot see. A `main.cf` holds only parameters, and
    // every parameter a rule reads is in the defaults table (with its default, or as
    // computed); the other names rules look up are services (`submission`), which only
    // `master.cf` defines, so their absence is known.
    let inheritance = &kind.format().inheritance;
    let unknown = inherit
        && levels(node, ancestors).any(|l| l.kind == "context")
        && (!inheritance.unseen_sets_only_known || defaults.knows(kind, name));
    // The level of defaults the nearest level selects (Postfix: a service's
    // `-o compatibility_level=…` sets the defaults there).
    let service_level = inheritance.level_setting.and_then(|setting| {
        levels(node, ancestors).find_map(|l| {
            declared(l, setting, kind, index)
                .first()
                .and_then(|n| n.args.first())
                .and_then(|a| crate::defaults::Version::parse(&a.value))
        })
    });
    match defaults
        .get(kind, name, service_level.as_ref().or(compatibility_level))
        .filter(|_| inherit)
    {
        Some(d) => {
            // No directive sets it: shown at the block that gets the default.
            let at = node.name.span;
            let mut synthetic = Node::new("default", Spanned::new(name.to_string(), at), at);
            synthetic.args = d.args.iter().map(|a| Spanned::new(a.clone(), at)).collect();
            crate::formats::derive(kind, &mut synthetic);
            let version = defaults
                .version(kind)
                .map(|v| format!("{kind} {v}"))
                .unwrap_or_default();
            Occurrences {
                nodes: vec![Cow::Owned(synthetic)],
                ancestors: own,
                origin: Origin::Default,
                depth: all_levels,
                default_source: Some(version),
                unknown,
            }
        }
        None => Occurrences {
            nodes: Vec::new(),
            ancestors: own,
            origin: Origin::Default,
            depth: all_levels,
            default_source: None,
            unknown,
        },
    }
}

/// A directive whose inheritance a mode directive sets (the format's
/// `Inheritance::modes`; nginx 1.29.3's `add_header_inherit` / `add_trailer_inherit`):
/// the mode in effect at a level is the nearest one set at or above it (default `on`).
/// A level's headers are its own; with `merge` the enclosing level's headers in effect
/// are appended, with `on` they are inherited only when the level has none, with `off`
/// never. `None` where no level sets a mode (the plain rule applies) or for a target
/// version before 1.29.3.
fn merged_headers<'a>(
    node: &'a Node,
    ancestors: &[&'a Node],
    name: &str,
    kind: FileKind,
    defaults: &Defaults,
    index: &LevelIndex,
) -> Option<Occurrences<'a>> {
    let mode = kind
        .format()
        .inheritance
        .modes
        .iter()
        .find(|m| m.directive == name)?;
    let since = crate::defaults::Version::parse(mode.since)?;
    if defaults.version(kind).is_none_or(|v| *v < since) {
        return None;
    }
    let directive = mode.mode;
    let levels: Vec<&Node> = levels(node, ancestors).collect();
    let modes: Vec<Option<String>> = levels
        .iter()
        .map(|l| {
            index
                .last(l, directive)
                .and_then(|n| n.args.first())
                .map(|a| a.value.to_ascii_lowercase())
        })
        .collect();
    if modes.iter().all(Option::is_none) {
        return None;
    }
    let mode_at = |i: usize| {
        modes[i..]
            .iter()
            .flatten()
            .next()
            .map_or("on", String::as_str)
    };
    let mut nodes: Vec<Cow<'a, Node>> = Vec::new();
    let mut first: Option<usize> = None;
    let mut stop: Option<usize> = None;
    for (i, level) in levels.iter().enumerate() {
        let own = declared(level, name, kind, index);
        let mode = mode_at(i);
        if !own.is_empty() {
            first.get_or_insert(i);
            nodes.extend(own.into_iter().map(Cow::Borrowed));
            if mode != "merge" {
                stop = Some(i);
                break;
            }
        } else if mode == "off" {
            stop = Some(i);
            break;
        }
    }
    // Nothing anywhere and inheritance never cut: the plain rule (and its default).
    if nodes.is_empty() && stop.is_none() {
        return None;
    }
    let depth = first.or(stop).unwrap_or(0);
    let mut occ_ancestors: Vec<&Node> = ancestors.to_vec();
    occ_ancestors.push(levels[0]);
    Some(Occurrences {
        nodes,
        ancestors: occ_ancestors,
        origin: if depth == 0 {
            Origin::Own
        } else {
            Origin::Inherited(levels[depth].name.span)
        },
        depth,
        default_source: None,
        unknown: false,
    })
}

/// The next level above `depth` that declares `name`, with its occurrences and their
/// ancestors: what a nearer declaration hides.
pub fn declared_above<'a>(
    node: &'a Node,
    ancestors: &[&'a Node],
    name: &str,
    depth: usize,
    kind: FileKind,
    index: &LevelIndex,
) -> Option<(Vec<&'a Node>, Vec<&'a Node>)> {
    for (d, level) in levels(node, ancestors).enumerate().skip(depth + 1) {
        let found = declared(level, name, kind, index);
        if !found.is_empty() {
            let mut occ_ancestors: Vec<&Node> = ancestors[..ancestors.len() - d].to_vec();
            occ_ancestors.push(level);
            return Some((found, occ_ancestors));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn n(name: &str, start: usize, children: Vec<Node>) -> Node {
        let span = Span::new(FileId(0), start, start + 1);
        let mut node = Node::new("directive", Spanned::new(name.into(), span), span);
        node.children = children;
        node
    }

    /// A level indexed (many children) or scanned (few) gives the children of a name
    /// in document order, whatever the order of the names.
    #[test]
    fn level_index_finds_children_in_order_indexed_or_scanned() {
        let names = ["b", "a", "c", "a", "b", "zz", "a"];
        for count in [names.len(), SCANNED * 3] {
            let children = (0..count)
                .map(|i| n(names[i % names.len()], i, vec![]))
                .collect();
            let level = n("http", 1000, children);
            let index = LevelIndex::default();
            for name in ["a", "b", "zz", "missing", ""] {
                let scanned: Vec<usize> = level
                    .children
                    .iter()
                    .filter(|c| c.name.value == name)
                    .map(|c| c.span.start)
                    .collect();
                // Twice: built, then from the index.
                for _ in 0..2 {
                    let found: Vec<usize> = index
                        .named(&level, name)
                        .iter()
                        .map(|c| c.span.start)
                        .collect();
                    assert_eq!(found, scanned, "`{name}` of {count}");
                    assert_eq!(index.has(&level, name), !scanned.is_empty());
                    assert_eq!(
                        index.last(&level, name).map(|c| c.span.start),
                        scanned.last().copied()
                    );
                }
            }
            assert_eq!(index.0.borrow().len(), usize::from(count >= SCANNED));
        }
    }

    #[test]
    fn nearest_declaring_level_wins_and_replaces_the_rest() {
        let loc = n("location", 30, vec![n("add_header", 31, vec![])]);
        let server = n(
            "server",
            20,
            vec![
                n("add_header", 21, vec![]),
                n("add_header", 22, vec![]),
                loc,
            ],
        );
        let http = n("http", 10, vec![n("ssl_protocols", 11, vec![]), server]);
        let root = n("", 0, vec![http]);
        let http = &root.children[0];
        let server = &http.children[1];
        let loc = &server.children[2];
        let d = Defaults::default();
        let own = occurrences(
            loc,
            &[&root, http, server],
            "add_header",
            true,
            FileKind::Nginx,
            &d,
            None,
            &LevelIndex::default(),
        );
        assert_eq!(
            (own.nodes.len(), own.origin.clone(), own.depth),
            (1, Origin::Own, 0)
        );
        let inh = occurrences(
            loc,
            &[&root, http, server],
            "ssl_protocols",
            true,
            FileKind::Nginx,
            &d,
            None,
            &LevelIndex::default(),
        );
        assert_eq!(inh.origin, Origin::Inherited(http.name.span));
        assert_eq!(inh.depth, 2);
        assert_eq!(inh.ancestors.len(), 2);
        let not_inherited = occurrences(
            loc,
            &[&root, http, server],
            "ssl_protocols",
            false,
            FileKind::Nginx,
            &d,
            None,
            &LevelIndex::default(),
        );
        assert!(not_inherited.nodes.is_empty());
        let (hidden, anc) = declared_above(
            loc,
            &[&root, http, server],
            "add_header",
            0,
            FileKind::Nginx,
            &LevelIndex::default(),
        )
        .unwrap();
        assert_eq!(hidden.len(), 2);
        assert_eq!(anc.last().map(|a| a.name.value.as_str()), Some("server"));
        assert_eq!(anc.len(), 3);
    }
}
