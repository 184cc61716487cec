//! INI inventories (`plugins/inventory/ini.py`).
//!
//! Lines split as Python's `str.splitlines` does and are stripped; `#` and `;` start a
//! comment line. Host lines are split like a POSIX shell ([`super::shlex`], `#` ends the
//! line), the first word a host pattern, the rest `key=value`; `[g:vars]` lines split at the
//! first `=`. Both values go through Python's `ast.literal_eval` ([`super::python`]: so
//! `22` is an integer, `"x"` loses its quotes, `True` is a boolean but `yes` a string,
//! `80,443` a list, and `a # b` keeps its comment); what it rejects stays the text as
//! written. The plugin's own documentation says `[g:vars]` values are strings; its code
//! (`_parse_variable_definition`) and its output (`x=6000` prints as `6000`) say otherwise.
//!
//! Deliberate differences: a leading UTF-8 BOM is skipped (Ansible's INI reader keeps it in
//! the first line); loops of INI groups are looked for along at most [`MAX_GROUP_WALK`]
//! parent links a file.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Node, ParseDiagnostic, Value};
use crate::source::{FileId, Span, Spanned};

use super::host_patterns::{HostPattern, host_node};
use super::python::{literal_eval, py_int, py_to_data};
use super::shlex::shlex_split;
use super::text::{bom_len, excerpt, py_lines, py_strip};
use super::values::{Data, Item, var_node};

struct IniPatterns {
    section: Regex,
    group: Regex,
}

static INI: LazyLock<Option<IniPatterns>> = LazyLock::new(|| {
    Some(IniPatterns {
        section: Regex::new(r"^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$").ok()?,
        group: Regex::new(r"^([^:\]\s]+)\s*(?:#.*)?$").ok()?,
    })
});

#[derive(Clone, Copy, PartialEq)]
enum IniState {
    Hosts,
    Vars,
    Children,
    /// After a bad section header: Ansible has given up on the file.
    Invalid,
}

/// Groups as the INI file declares them, to report what Ansible rejects at the end.
#[derive(Default)]
struct IniGroups {
    known: BTreeSet<String>,
    /// `[g:vars]` seen before `g` was declared: group → lines.
    pending_vars: BTreeMap<String, Vec<Span>>,
    /// `[p:children]` entries naming a group not declared yet: child → (parent, line).
    pending_children: BTreeMap<String, Vec<(String, Span)>>,
    /// Child → parents.
    parents: BTreeMap<String, Vec<String>>,
    /// What is left of [`MAX_GROUP_WALK`]; `None` once it ran out (and that was
    /// reported): then loops are no longer looked for.
    walk_left: Option<usize>,
}

/// Follows parent links up from `of` looking for `ancestor`, at most `left` of them:
/// whether it was found, and what is left (`None` if that ran out first).
fn walk_up(
    parents: &BTreeMap<String, Vec<String>>,
    ancestor: &str,
    of: &str,
    mut left: usize,
) -> (bool, Option<usize>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut todo = vec![of];
    while let Some(g) = todo.pop() {
        for p in parents.get(g).into_iter().flatten() {
            let Some(l) = left.checked_sub(1) else {
                return (false, None);
            };
            left = l;
            if seen.insert(p) {
                if p == ancestor {
                    return (true, Some(left));
                }
                todo.push(p);
            }
        }
    }
    (false, Some(left))
}

/// How many parent links the loop checks of one file may follow together: each new
/// child walks the ancestors of its parent, which for a chain of n groups is n²/2.
/// (Linking has its own budget, [`crate::formats::inventory::link`].)
const MAX_GROUP_WALK: usize = 1_000_000;

impl IniGroups {
    fn new() -> Self {
        let mut g = IniGroups {
            walk_left: Some(MAX_GROUP_WALK),
            ..IniGroups::default()
        };
        g.known.insert("all".to_string());
        g.known.insert("ungrouped".to_string());
        g
    }

    /// Whether `ancestor` is above `of`; `None` when the budget ran out on the way.
    fn is_ancestor(&mut self, ancestor: &str, of: &str) -> Option<bool> {
        let left = self.walk_left?;
        let (found, left) = walk_up(&self.parents, ancestor, of, left);
        self.walk_left = left;
        left.map(|_| found)
    }

    fn add_child(&mut self, parent: &str, child: &str, span: Span, out: &mut Vec<ParseDiagnostic>) {
        let had_budget = self.walk_left.is_some();
        let loop_found = parent == child || self.is_ancestor(child, parent) == Some(true);
        if loop_found {
            out.push(ParseDiagnostic::error(
                span,
                format!("adding group `{child}` to `{parent}` makes a loop of groups"),
            ));
            return;
        }
        if had_budget && self.walk_left.is_none() {
            out.push(ParseDiagnostic::error(
                span,
                format!(
                    "groups nest so deep that looking for loops takes more than \
                     {MAX_GROUP_WALK} steps; from here on loops are not reported"
                ),
            ));
        }
        self.parents
            .entry(child.to_string())
            .or_default()
            .push(parent.to_string());
    }
}

pub(super) fn ini_nodes(file: FileId, text: &str) -> (Vec<Node>, Vec<ParseDiagnostic>) {
    let mut diagnostics = Vec::new();
    let mut nodes: Vec<Node> = Vec::new();
    let Some(patterns) = INI.as_ref() else {
        return (nodes, diagnostics);
    };
    let mut groups = IniGroups::new();
    let mut in_section = false;
    let mut state = IniState::Hosts;
    let mut group = String::from("ungrouped");
    for range in py_lines(text, bom_len(text)) {
        let (s, e) = py_strip(text, range);
        let line = &text[s..e];
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        let line_span = Span::new(file, s, e);
        if let Some(c) = patterns.section.captures(line) {
            let (Some(name), tag) = (c.get(1), c.get(2)) else {
                continue;
            };
            let tag_text = tag.map_or("hosts", |t| t.as_str());
            group = name.as_str().to_string();
            state = match tag_text {
                "hosts" => IniState::Hosts,
                "vars" => IniState::Vars,
                "children" => IniState::Children,
                other => {
                    diagnostics.push(ParseDiagnostic::error(
                        line_span,
                        format!("section `{line}` has unknown type `{other}`: use `hosts`, `vars` or `children`"),
                    ));
                    IniState::Invalid
                }
            };
            in_section = true;
            let mut node = Node::new(
                "group",
                Spanned::new(
                    group.clone(),
                    Span::new(file, s + name.start(), s + name.end()),
                ),
                line_span,
            );
            node.set("section", Value::Str(tag_text.to_string()), line_span);
            nodes.push(node);
            if state == IniState::Invalid {
                continue;
            }
            if !groups.known.contains(&group) {
                if state == IniState::Vars && !groups.pending_children.contains_key(&group) {
                    groups
                        .pending_vars
                        .entry(group.clone())
                        .or_default()
                        .push(line_span);
                }
                groups.known.insert(group.clone());
            }
            if state != IniState::Vars {
                groups.pending_vars.remove(&group);
                let resolved = groups.pending_children.remove(&group).unwrap_or_default();
                for (parent, span) in resolved {
                    groups.add_child(&parent, &group, span, &mut diagnostics);
                }
            }
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            diagnostics.push(ParseDiagnostic::error(
                line_span,
                format!(
                    "invalid section `{}`: a section header has no spaces or other invalid characters",
                    excerpt(line)
                ),
            ));
            state = IniState::Invalid;
            continue;
        }
        let node = match state {
            IniState::Hosts => ini_host(file, text, (s, e), &mut diagnostics),
            IniState::Vars => ini_var(file, text, (s, e), &mut diagnostics),
            IniState::Children => {
                let Some(name) = patterns.group.captures(line).and_then(|c| c.get(1)) else {
                    diagnostics.push(ParseDiagnostic::error(
                        line_span,
                        format!("expected a group name, got `{}`", excerpt(line)),
                    ));
                    continue;
                };
                let child = name.as_str().to_string();
                let name_span = Span::new(file, s + name.start(), s + name.end());
                if groups.known.contains(&child) {
                    groups.add_child(&group, &child, name_span, &mut diagnostics);
                } else {
                    groups
                        .pending_children
                        .entry(child.clone())
                        .or_default()
                        .push((group.clone(), name_span));
                }
                Some(Node::new(
                    "child",
                    Spanned::new(child, name_span),
                    line_span,
                ))
            }
            IniState::Invalid => None,
        };
        if let Some(node) = node {
            match nodes.last_mut() {
                Some(section) if in_section => section.children.push(node),
                _ => nodes.push(node),
            }
        }
    }
    for (g, spans) in groups.pending_vars {
        for span in spans {
            diagnostics.push(ParseDiagnostic::error(
                span,
                format!("section `[{g}:vars]` is for group `{g}`, which is not defined"),
            ));
        }
    }
    for (child, waiting) in groups.pending_children {
        for (parent, span) in waiting {
            diagnostics.push(ParseDiagnostic::error(
                span,
                format!(
                    "section `[{parent}:children]` names group `{child}`, which is not defined"
                ),
            ));
        }
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    (nodes, diagnostics)
}

fn ini_host(
    file: FileId,
    text: &str,
    (s, e): (usize, usize),
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Option<Node> {
    let line_span = Span::new(file, s, e);
    let words = match shlex_split(text, s, e) {
        Ok(w) => w,
        Err(why) => {
            diagnostics.push(ParseDiagnostic::error(
                line_span,
                format!("cannot split host line: {why}"),
            ));
            return None;
        }
    };
    let first = words.first()?;
    let pattern_span = Span::new(file, first.start, first.end);
    let mut node = host_node(
        &HostPattern {
            pattern: &first.text,
            span: pattern_span,
            exact: first.end - first.start == first.text.len(),
            definition: line_span,
        },
        true,
        diagnostics,
    );
    for word in &words[1..] {
        let word_span = Span::new(file, word.start, word.end);
        let Some(eq) = word.text.find('=') else {
            diagnostics.push(ParseDiagnostic::error(
                word_span,
                format!(
                    "expected a `key=value` host variable, got `{}`",
                    excerpt(&word.text)
                ),
            ));
            continue;
        };
        let eq_char = word.text[..eq].chars().count();
        let key = word.text[..eq].to_string();
        let value_text = &word.text[eq + 1..];
        let key_span = word.span_of(file, 0, eq_char);
        let value_span = Span::new(
            file,
            word.span_of(file, eq_char, eq_char + 1).end.min(word.end),
            word.end,
        );
        let value = Item::new(ini_value(value_text, value_span), value_span);
        check_priority(&key, &value, diagnostics);
        node.children
            .push(var_node(key, key_span, &value, word_span));
    }
    Some(node)
}

fn ini_var(
    file: FileId,
    text: &str,
    (s, e): (usize, usize),
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Option<Node> {
    let line = &text[s..e];
    let line_span = Span::new(file, s, e);
    let Some(eq) = line.find('=') else {
        diagnostics.push(ParseDiagnostic::error(
            line_span,
            format!("expected `key=value`, got `{}`", excerpt(line)),
        ));
        return None;
    };
    let (ks, ke) = py_strip(text, (s, s + eq));
    let (vs, ve) = py_strip(text, (s + eq + 1, e));
    let (vs, ve) = if vs == ve { (e, e) } else { (vs, ve) };
    let key_span = Span::new(file, ks, ke);
    let value_span = Span::new(file, vs, ve);
    let value = Item::new(ini_value(&text[vs..ve], value_span), value_span);
    let key = text[ks..ke].to_string();
    check_priority(&key, &value, diagnostics);
    Some(var_node(key, key_span, &value, line_span))
}

/// `ansible_group_priority` sets the group's priority with Python's `int()`.
fn check_priority(key: &str, value: &Item, diagnostics: &mut Vec<ParseDiagnostic>) {
    if key == "ansible_group_priority" && priority_of(&value.data.to_value()).is_none() {
        diagnostics.push(ParseDiagnostic::error(
            value.span,
            "`ansible_group_priority` must be an integer",
        ));
    }
}

/// Python's `int(value)` for `ansible_group_priority`.
pub(super) fn priority_of(value: &Value) -> Option<i64> {
    match value {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Str(s) => py_int(s).and_then(|i| i64::try_from(i).ok()),
        Value::List(_) | Value::Opaque(_) => None,
    }
}

/// Ansible's `_parse_value`: the literal Python reads, or else the text as it is.
fn ini_value(text: &str, span: Span) -> Data {
    match literal_eval(text) {
        Some(value) => py_to_data(value, span),
        None => Data::Str(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use crate::formats::inventory::parse_ini;
    use crate::formats::inventory::test_support::{F, find, hosts_of, list, messages, s, value};
    use crate::model::Value;

    #[test]
    fn ini_values_are_python_literals() {
        let doc = parse_ini(
            F,
            "[h]\nh a=1 b=\"x y\" c='[1, 2]' d=yes e=True f=0777 g=1.50 i=80,443 j=None k=\"'22'\" \
             l=\"{'k': [1]}\" m=0x1F n=-3 o=1e3 p=b'x' q=... r=1j s=(1,) t=1_000\n\
             [h:vars]\nu = 8080 # a comment\nv=text # a comment\nw='quoted' \n",
        );
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(value(&doc, "a"), Value::Int(1));
        assert_eq!(value(&doc, "b"), s("x y"));
        assert_eq!(list(&value(&doc, "c")), ["1", "2"]);
        assert_eq!(value(&doc, "d"), s("yes"));
        assert_eq!(value(&doc, "e"), Value::Bool(true));
        assert_eq!(value(&doc, "f"), s("0777"));
        assert_eq!(value(&doc, "g"), s("1.5"));
        assert_eq!(list(&value(&doc, "i")), ["80", "443"]);
        assert_eq!(value(&doc, "j"), s(""));
        assert_eq!(value(&doc, "k"), s("22"));
        assert_eq!(value(&doc, "l"), s("{\"k\":[1]}"));
        assert_eq!(value(&doc, "m"), Value::Int(31));
        assert_eq!(value(&doc, "n"), Value::Int(-3));
        assert_eq!(value(&doc, "o"), s("1000.0"));
        // shlex takes the quotes first: `b'x'` is the name `bx`.
        assert_eq!(value(&doc, "p"), s("bx"));
        assert_eq!(value(&doc, "q"), s("..."));
        assert_eq!(value(&doc, "r"), s("1j"));
        assert_eq!(list(&value(&doc, "s")), ["1"]);
        assert_eq!(value(&doc, "t"), Value::Int(1000));
        // `[g:vars]` values go through literal_eval too; Python comments are dropped, but
        // text that is no literal keeps its comment.
        assert_eq!(value(&doc, "u"), Value::Int(8080));
        assert_eq!(value(&doc, "v"), s("text # a comment"));
        assert_eq!(value(&doc, "w"), s("quoted"));
        let w = find(&doc.root, "var", "w")
            .and_then(|v| v.field("value"))
            .map(|v| v.span);
        assert_eq!(w.map(|s| s.len()), Some(8));
    }

    #[test]
    fn ini_comments_sections_and_children() {
        let text = "; comment\n# comment\nalpha # trailing\n[web] # web servers\nw1\n\n\
                    [infra:children]\nweb\ndb\n[db]\nd1\n[web:vars]\nx=1\n";
        let doc = parse_ini(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let kinds: Vec<(&str, &str)> = doc
            .root
            .children
            .iter()
            .map(|n| (n.kind, n.name.value.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("host", "alpha"),
                ("group", "web"),
                ("group", "infra"),
                ("group", "db"),
                ("group", "web")
            ]
        );
        let infra = &doc.root.children[2];
        assert_eq!(
            infra.field("section").map(|s| s.value.text()),
            Some("children".into())
        );
        let children: Vec<&str> = infra
            .children
            .iter()
            .map(|c| c.name.value.as_str())
            .collect();
        assert_eq!(children, ["web", "db"]);
        assert_eq!(hosts_of(&doc), ["alpha", "w1", "d1"]);

        let doc = parse_ini(
            F,
            "[a:children]\nnope\n[b:vars]\nx=1\n[c:bogus]\n[d e]\nh x\n",
        );
        assert_eq!(
            messages(&doc),
            [
                "section `[a:children]` names group `nope`, which is not defined",
                "section `[b:vars]` is for group `b`, which is not defined",
                "section `[c:bogus]` has unknown type `bogus`: use `hosts`, `vars` or `children`",
                "invalid section `[d e]`: a section header has no spaces or other invalid characters",
            ]
        );
        let doc = parse_ini(F, "[a:children]\nb\n[b:children]\na\n");
        assert_eq!(
            messages(&doc),
            ["adding group `a` to `b` makes a loop of groups"]
        );
        let doc = parse_ini(F, "h x\nh 'open\n");
        assert_eq!(
            messages(&doc),
            [
                "expected a `key=value` host variable, got `x`",
                "cannot split host line: no closing quotation"
            ]
        );
    }
}
