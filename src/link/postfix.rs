//! Postfix: a configuration is a `main.cf` and the `master.cf` beside it, read the way
//! Postfix reads them.
//!
//! The linked document has the `main.cf` parameters as children of its root and the
//! `master.cf` services after them, each service with its `-o` overrides as children.
//! So a rule that looks a parameter up from a service with `inherit = true` gets
//! Postfix's effective value: the service's `-o` override, else `main.cf`, else the
//! built-in default of the target version (and `compatibility_level`).
//!
//! Every parameter node gets its value expanded (`$name`, `${name?…}`, … as `postconf
//! -x` does) as its `args`, one per list item, so that rules read expanded values.
//! Where a `main.cf` has no `master.cf` beside it, the one service every stock
//! `master.cf` enables is implied: `smtp inet n - y - - smtpd` (Postfix's
//! `conf/master.cf`, Debian's `master.cf.dist`).

use std::collections::BTreeMap;

use crate::defaults::{Defaults, Version};
use crate::model::{Document, FileKind, Node, Value};
use crate::parse::postfix::{expand, split_list};
use crate::source::{SourceMap, Span, Spanned};

/// The linked Postfix configurations: one per `main.cf` (with the `master.cf` in its
/// directory), and one per `master.cf` that has no `main.cf` beside it.
pub fn link(docs: &[&Document], sources: &SourceMap, defaults: &Defaults) -> Vec<Document> {
    let dir = |d: &Document| {
        let path = &sources.get(d.file).path;
        path.rsplit_once('/').map_or("", |(d, _)| d).to_string()
    };
    let mut masters: BTreeMap<String, &Document> = BTreeMap::new();
    for d in docs.iter().filter(|d| d.kind == FileKind::PostfixMaster) {
        masters.entry(dir(d)).or_insert(d);
    }
    let mut out = Vec::new();
    let mut paired = Vec::new();
    for main in docs.iter().filter(|d| d.kind == FileKind::PostfixMain) {
        let master = masters.get(&dir(main)).copied();
        if let Some(m) = master {
            paired.push(m.file);
        }
        out.push(configuration(Some(main), master, defaults));
    }
    for master in masters.values().filter(|m| !paired.contains(&m.file)) {
        out.push(configuration(None, Some(master), defaults));
    }
    out
}

fn configuration(
    main: Option<&Document>,
    master: Option<&Document>,
    defaults: &Defaults,
) -> Document {
    let base = main
        .or(master)
        .map(|d| (d.file, d.root.span))
        .unwrap_or_default();
    let mut root = match main {
        Some(m) => m.root.clone(),
        None => Node::new("file", Spanned::new(String::new(), base.1), base.1),
    };
    let main_params = last_values(&root.children);
    let compatibility_level = main_params
        .get("compatibility_level")
        .and_then(|v| Version::parse(v));
    let lookup_main = |name: &str| -> Option<String> {
        main_params.get(name).cloned().or_else(|| {
            defaults
                .get(FileKind::PostfixMain, name, compatibility_level.as_ref())
                .map(|d| d.args.join(" "))
        })
    };
    for p in &mut root.children {
        set_expanded(p, &lookup_main);
    }
    let services: Vec<Node> = match master {
        Some(m) => m
            .root
            .children
            .iter()
            .filter(|c| c.kind == "service")
            .cloned()
            .collect(),
        None => vec![implied_smtp(Span::new(base.0, 0, 0))],
    };
    for mut service in services {
        let overrides = last_values(&service.children);
        let lookup = |name: &str| overrides.get(name).cloned().or_else(|| lookup_main(name));
        for p in &mut service.children {
            set_expanded(p, &lookup);
        }
        root.children.push(service);
    }
    Document {
        kind: FileKind::PostfixMain,
        file: base.0,
        root,
        diagnostics: Vec::new(),
    }
}

/// The value of each parameter: the last definition wins, as in Postfix.
fn last_values(nodes: &[Node]) -> BTreeMap<String, String> {
    nodes
        .iter()
        .filter(|n| n.kind == "param")
        .filter_map(|n| Some((n.name.value.clone(), n.field("value")?.value.text())))
        .collect()
}

/// Sets `args` to the expanded value's list items. Items of a value without `$`
/// keep their own spans; items that expansion produced point at the whole value.
fn set_expanded(param: &mut Node, lookup: &dyn Fn(&str) -> Option<String>) {
    let Some(value) = param.field("value").cloned() else {
        return;
    };
    let raw = value.value.text();
    if !raw.contains('$')
        && let Some(Spanned {
            value: Value::List(items),
            ..
        }) = param.field("items")
    {
        param.args = items.clone();
        return;
    }
    let expanded = expand(&raw, lookup);
    param.args = split_list(&expanded)
        .into_iter()
        .map(|(s, e)| Spanned::new(expanded[s..e].to_string(), value.span))
        .collect();
}

/// `smtp inet n - y - - smtpd`, the service every stock `master.cf` enables.
fn implied_smtp(at: Span) -> Node {
    let mut n = Node::new("service", Spanned::new("smtp".into(), at), at);
    for (field, value) in [
        ("service", "smtp"),
        ("type", "inet"),
        ("private", "n"),
        ("unpriv", "-"),
        ("chroot", "y"),
        ("wakeup", "-"),
        ("maxproc", "-"),
        ("command", "smtpd"),
        ("service-key", "smtp/inet"),
    ] {
        n.set(field, Value::Str(value.into()), at);
    }
    n.set("implied", Value::Bool(true), at);
    n
}
