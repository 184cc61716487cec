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

use crate::defaults::Defaults;
use crate::model::{ChildIndex as LevelIndex, FileKind, Node, Value};
use crate::source::{Span, Spanned};

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
fn levels<'a>(node: &'a Node, ancestors: &[&'a Node]) -> Vec<&'a Node> {
    std::iter::once(node)
        .chain(ancestors.iter().rev().copied())
        .collect()
}

/// Directives that a level declares as one set: declaring either drops every inherited
/// one of the group. nginx's access rules: a level's `allow`/`deny` list replaces the
/// inherited list as a whole (ngx_http_access_module.c, `ngx_http_access_merge_loc_conf`
/// takes the parent's rules only when the level has none of either).
fn group(kind: FileKind, name: &str) -> &'static [&'static str] {
    match (kind, name) {
        (FileKind::Nginx, "allow" | "deny") => &["allow", "deny"],
        _ => &[],
    }
}

/// The occurrences of `name` a level declares. Of a Postfix parameter defined twice
/// only the last counts ("the later definition wins", postconf(5)).
fn declared<'a>(level: &'a Node, name: &str, kind: FileKind, index: &LevelIndex) -> Vec<&'a Node> {
    let mut found: Vec<&Node> = index.named(level, name);
    if kind.family() == "postfix" && found.len() > 1 {
        found.drain(..found.len() - 1);
    }
    found
}

/// Does the level declare `name` or a directive of its group?
fn declares(level: &Node, name: &str, kind: FileKind, index: &LevelIndex) -> bool {
    std::iter::once(name)
        .chain(group(kind, name).iter().copied())
        .any(|n| !index.named(level, n).is_empty())
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
    let levels = levels(node, ancestors);
    if inherit && let Some(occ) = merged_headers(&levels, ancestors, name, kind, defaults, index) {
        return occ;
    }
    let searched = if inherit { levels.len() } else { 1 };
    for (depth, level) in levels.iter().take(searched).enumerate() {
        if declares(level, name, kind, index) {
            let found = declared(level, name, kind, index);
            // The level's own ancestors, then the level.
            let mut occ_ancestors: Vec<&Node> = ancestors[..ancestors.len() - depth].to_vec();
            occ_ancestors.push(level);
            if depth == 0 {
                occ_ancestors = ancestors.to_vec();
                occ_ancestors.push(node);
            }
            // An `-o` value whose expansion reads what the missing `main.cf` would set
            // (`link::postfix`).
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
    let unknown = inherit
        && levels.iter().any(|l| l.kind == "context")
        && (kind.family() != "postfix" || defaults.knows(kind, name));
    // Postfix: an `-o compatibility_level=…` of a service sets the defaults there.
    let service_level = (kind.family() == "postfix")
        .then(|| {
            levels.iter().find_map(|l| {
                declared(l, "compatibility_level", kind, index)
                    .first()
                    .and_then(|n| n.args.first())
                    .and_then(|a| crate::defaults::Version::parse(&a.value))
            })
        })
        .flatten();
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
                depth: levels.len(),
                default_source: Some(version),
                unknown,
            }
        }
        None => Occurrences {
            nodes: Vec::new(),
            ancestors: own,
            origin: Origin::Default,
            depth: levels.len(),
            default_source: None,
            unknown,
        },
    }
}

/// nginx 1.29.3's `add_header_inherit` / `add_trailer_inherit` (CHANGES 1.29.3;
/// https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header_inherit):
/// the mode in effect at a level is the nearest one set at or above it (default `on`).
/// A level's headers are its own; with `merge` the enclosing level's headers in effect
/// are appended, with `on` they are inherited only when the level has none, with `off`
/// never. `None` where no level sets a mode (the plain rule applies) or for a target
/// version before 1.29.3.
fn merged_headers<'a>(
    levels: &[&'a Node],
    ancestors: &[&'a Node],
    name: &str,
    kind: FileKind,
    defaults: &Defaults,
    index: &LevelIndex,
) -> Option<Occurrences<'a>> {
    if kind != FileKind::Nginx || !matches!(name, "add_header" | "add_trailer") {
        return None;
    }
    let since = crate::defaults::Version::parse("1.29.3")?;
    if defaults.version(kind).is_none_or(|v| *v < since) {
        return None;
    }
    let directive = format!("{name}_inherit");
    let modes: Vec<Option<String>> = levels
        .iter()
        .map(|l| {
            index
                .named(l, &directive)
                .last()
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
    let levels = levels(node, ancestors);
    for (d, level) in levels.iter().enumerate().skip(depth + 1) {
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
