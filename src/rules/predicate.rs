//! The predicate language of `select.where` and `assert`: combinators over atoms,
//! each atom a subject of the node (a field, a child, the name, the arguments) and one
//! test. Compiled once per rule; evaluated per selected node.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::ops::Range;

use globset::{GlobBuilder, GlobMatcher};
use jiff::civil::Date;
use regex::Regex;
use toml::Spanned;

use super::def::PredDef;
use super::inherit::{self, Origin};
use crate::defaults::Defaults;
use crate::model::{FileKind, Node, Value};
use crate::rules::refs::{LinkIndex, LinkTarget};
use crate::source::Span;

/// A mistake in a rule, at a byte range of the rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub span: Range<usize>,
    pub message: String,
}

impl CompileError {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        CompileError {
            span,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Pred {
    All(Vec<Pred>),
    Any(Vec<Pred>),
    Not(Box<Pred>),
    Atom(Box<Atom>),
}

#[derive(Debug, Clone)]
pub struct Atom {
    subject: Subject,
    test: Test,
    extract: Option<Regex>,
    /// What `offending` shows of an item (`show`), read from the item before `extract`.
    show: Option<Regex>,
    label: Option<super::template::Template>,
    note: Option<super::template::Template>,
    /// Failures are reported at the node, not where the inherited value is set.
    at: ReportAt,
}

#[derive(Debug, Clone)]
enum Subject {
    Field(String),
    Child { name: String, inherit: bool },
    Name,
    Args,
    Arg(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quantifier {
    Some,
    Every,
    None,
}

/// A regex, or several of which any may match, and how to show it.
#[derive(Debug, Clone)]
struct Pattern {
    re: Regex,
    shown: String,
}

impl Pattern {
    fn is_match(&self, text: &str) -> bool {
        self.re.is_match(text)
    }
}

impl std::fmt::Display for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// A list of values from the rule, or a table param looked up with a node field.
#[derive(Debug, Clone)]
enum Operand {
    Const(Vec<String>),
    Keyed {
        param: String,
        table: BTreeMap<String, Vec<String>>,
        field: String,
    },
}

#[derive(Debug, Clone)]
enum Test {
    Exists(bool),
    Equals(Operand),
    OneOf(Operand),
    Matches(Pattern),
    AnyMatches(Pattern),
    NoneMatches(Pattern),
    Within(Operand),
    ContainsAll(Operand),
    ContainsAny(Operand),
    ContainsNone(Operand),
    PathUnder(Vec<(String, GlobMatcher)>),
    PathIs(Vec<String>),
    AtLeast(i64),
    AtMost(i64),
    DurationAtLeast(u64),
    DurationAtMost(u64),
    IsDate,
    NotInFuture,
    NotOlderThan(jiff::Span, String),
    CidrMaxBreadth {
        v4: u8,
        v6: u8,
        private_exempt: bool,
    },
    RefersTo(LinkTarget, Option<Regex>),
    /// Some / every / no occurrence of a child directive satisfies the predicate.
    Quant(Quantifier, Box<Pred>),
    ContainsWord(Operand),
    /// No later sibling has the same text (a parameter defined twice).
    Unique,
    /// At least this many different items (items written as `a, b` count apart).
    DistinctAtLeast(i64),
}

/// What the evaluation of a predicate found: where, what to say, and the values
/// that fill the rule's placeholders.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub span: Option<Span>,
    pub label: Option<String>,
    pub vars: Vec<(String, String)>,
    /// Secondary labels, possibly in other files.
    pub notes: Vec<(Span, String)>,
    /// Where an inherited value came from: findings that share it are one problem.
    pub origin: Option<Origin>,
    /// How far a failing predicate got: conjuncts of an `all` that held before the
    /// one that failed. A failing `any` reports its branch that got furthest.
    pub progress: usize,
    /// What a holding atom with a `note` adds when a later conjunct fails.
    pub context: Vec<(Span, String)>,
    /// The value could not be judged (set, if at all, outside the repository, or
    /// opaque): the predicate holds, and `not` does not turn that into a failure.
    pub unknown: bool,
    /// The opaque values (`Value::Opaque`: vault-encrypted) that made it unknown, with
    /// the field that holds each: what a `not-checked` note names.
    pub opaque: Vec<(Span, String)>,
}

impl Evidence {
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn merge(&mut self, other: Evidence) {
        if self.span.is_none() {
            self.span = other.span;
            self.label = other.label;
        }
        if self.origin.is_none() {
            self.origin = other.origin;
        }
        for (k, v) in other.vars {
            if self.var(&k).is_none() {
                self.vars.push((k, v));
            }
        }
        self.notes.extend(other.notes);
        self.opaque.extend(other.opaque);
    }
}

/// What evaluation needs besides the node.
pub struct EvalContext<'a> {
    pub today: Date,
    pub links: &'a LinkIndex,
    pub defaults: &'a Defaults,
    /// The kind of the document being evaluated.
    pub kind: FileKind,
    /// Postfix: the configuration's `compatibility_level`, which some defaults follow.
    pub compatibility_level: Option<crate::defaults::Version>,
    /// `unique`: the siblings of each parent by subject text, built once per parent
    /// and atom (keyed by their addresses), so that n siblings cost n reads, not n².
    pub siblings: std::cell::RefCell<BTreeMap<(usize, usize), SiblingIndex>>,
    /// The children of each level by name, for inheritance.
    pub levels: crate::model::ChildIndex,
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

/// Context for compiling: the rule's effective params.
pub struct CompileContext<'a> {
    pub params: &'a BTreeMap<String, toml::Value>,
    pub kind: FileKind,
}

impl Test {
    /// The placeholders this test fills when it fails (`value` always, when the
    /// subject is present).
    fn bindings(&self) -> &'static [&'static str] {
        match self {
            Test::Equals(_) | Test::OneOf(_) => &["value", "expected"],
            Test::AnyMatches(_) | Test::PathUnder(_) => &["value", "matched"],
            Test::NoneMatches(_) | Test::ContainsNone(_) | Test::CidrMaxBreadth { .. } => {
                &["value", "offending"]
            }
            Test::ContainsWord(_) => &["value", "matched", "expected"],
            Test::DistinctAtLeast(_) => &["value", "expected"],
            Test::Within(_) => &["value", "offending", "expected"],
            Test::ContainsAll(_) => &["value", "missing", "expected"],
            Test::ContainsAny(_) => &["value", "missing", "expected", "matched"],
            Test::NotOlderThan(..) => &["value", "age", "due"],
            Test::RefersTo(..) => &["value", "key"],
            _ => &["value"],
        }
    }
}

impl Pred {
    /// Every placeholder some atom of the predicate can fill.
    pub fn bindings(&self, out: &mut std::collections::BTreeSet<&'static str>) {
        match self {
            Pred::All(v) | Pred::Any(v) => v.iter().for_each(|p| p.bindings(out)),
            Pred::Not(p) => p.bindings(out),
            Pred::Atom(a) => {
                out.extend(a.test.bindings());
                // What an occurrence's predicate binds reaches the finding too.
                if let Test::Quant(_, inner) = &a.test {
                    inner.bindings(out);
                }
            }
        }
    }

    pub fn compile(def: &Spanned<PredDef>, cx: &CompileContext) -> Result<Pred, CompileError> {
        let span = def.span();
        let d = def.get_ref();
        let combinators = usize::from(d.all.is_some())
            + usize::from(d.any.is_some())
            + usize::from(d.not.is_some());
        if combinators > 0 {
            let modifiers = d.label.is_some()
                || d.note.is_some()
                || d.report_at.is_some()
                || d.inherit.is_some()
                || d.extract.is_some()
                || d.show.is_some();
            if modifiers {
                return Err(CompileError::new(
                    span,
                    "`label`, `note`, `report-at`, `inherit`, `extract` and `show` belong to an atom, not to `all`, `any` or `not`",
                ));
            }
            if combinators > 1 || has_atom_keys(d) {
                return Err(CompileError::new(
                    span,
                    "a predicate is either one of `all`, `any`, `not`, or an atom — not several",
                ));
            }
            if let Some(list) = &d.all {
                return Ok(Pred::All(compile_list(list, span, cx)?));
            }
            if let Some(list) = &d.any {
                return Ok(Pred::Any(compile_list(list, span, cx)?));
            }
            if let Some(inner) = &d.not {
                return Ok(Pred::Not(Box::new(Pred::compile(inner, cx)?)));
            }
        }
        Ok(Pred::Atom(Box::new(Atom::compile(d, span, cx)?)))
    }

    /// Every cross-file target the predicate looks up.
    pub fn link_targets<'a>(&'a self, out: &mut Vec<&'a LinkTarget>) {
        match self {
            Pred::All(v) | Pred::Any(v) => v.iter().for_each(|p| p.link_targets(out)),
            Pred::Not(p) => p.link_targets(out),
            Pred::Atom(a) => match &a.test {
                Test::RefersTo(t, _) => out.push(t),
                Test::Quant(_, p) => p.link_targets(out),
                _ => {}
            },
        }
    }

    /// Evaluates the predicate on `node`, whose ancestors (root first) are
    /// `ancestors`; the evidence explains the outcome.
    pub fn eval(&self, node: &Node, ancestors: &[&Node], cx: &EvalContext) -> (bool, Evidence) {
        match self {
            Pred::All(preds) => {
                let mut passed = Evidence::default();
                let mut context = Vec::new();
                let mut unknown = false;
                for (i, p) in preds.iter().enumerate() {
                    let (ok, mut ev) = p.eval(node, ancestors, cx);
                    unknown |= ev.unknown;
                    if !ok {
                        ev.progress += i;
                        ev.notes.extend(context);
                        return (false, ev);
                    }
                    context.extend(std::mem::take(&mut ev.context));
                    passed.merge(ev);
                }
                passed.context = context;
                passed.unknown = unknown;
                (true, passed)
            }
            Pred::Any(preds) => {
                let mut branches = Vec::new();
                // A branch that holds only because its value is unknown decides only when
                // no other branch holds for sure.
                let mut unknown = None;
                for p in preds {
                    let (ok, ev) = p.eval(node, ancestors, cx);
                    if ok && !ev.unknown {
                        return (true, ev);
                    }
                    if ok {
                        unknown.get_or_insert(ev);
                    } else {
                        branches.push(ev);
                    }
                }
                if let Some(ev) = unknown {
                    return (true, ev);
                }
                // The branch that got furthest says best why nothing held.
                let best = (0..branches.len())
                    .max_by_key(|i| (branches[*i].progress, std::cmp::Reverse(*i)))
                    .unwrap_or(0);
                let mut failed = if branches.is_empty() {
                    Evidence::default()
                } else {
                    branches.remove(best)
                };
                for ev in branches {
                    for (k, v) in ev.vars {
                        if failed.var(&k).is_none() {
                            failed.vars.push((k, v));
                        }
                    }
                }
                (false, failed)
            }
            Pred::Not(inner) => {
                let (ok, mut ev) = inner.eval(node, ancestors, cx);
                if ev.unknown {
                    return (true, ev);
                }
                if ok {
                    ev.label = ev.label.or_else(|| Some("not allowed here".into()));
                }
                (!ok, ev)
            }
            Pred::Atom(atom) => atom.eval(node, ancestors, cx),
        }
    }
}

/// Where an atom's failure on an inherited value or a default is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReportAt {
    /// At the value (the default: once where it is set, or at the node for a default).
    Value,
    /// At the node being checked: each node that inherits it is reported.
    Node,
    /// A default at the outermost block above the node (nginx's `http`; for a node
    /// directly in the document, the start of its file: Postfix's `main.cf`), where the
    /// missing directive belongs: every node that inherits the default is a label of
    /// that one finding.
    Scope,
}

fn report_at(d: &PredDef) -> Result<ReportAt, String> {
    let at = match d.report_at.as_deref() {
        None | Some("value") => return Ok(ReportAt::Value),
        Some("node") => ReportAt::Node,
        Some("scope") => ReportAt::Scope,
        Some(other) => {
            return Err(format!(
                "`report-at` is `\"node\"`, `\"scope\"` or `\"value\"`, not `{other}`"
            ));
        }
    };
    if d.child.is_none() {
        return Err("`report-at` goes with `child = \"…\"`".into());
    }
    Ok(at)
}

/// An atom's `note`: the node's fields and params.
fn compile_note(
    d: &PredDef,
    cx: &CompileContext,
) -> Result<Option<super::template::Template>, String> {
    let Some(text) = &d.note else {
        return Ok(None);
    };
    let t =
        super::template::Template::parse(text, |v| v == "value" || super::known_placeholder(v, cx))
            .map_err(|e| e.message)?;
    Ok(Some(t.bind(|v| {
        v.strip_prefix("param.")
            .and_then(|p| cx.params.get(p))
            .map(super::param_text)
    })))
}

/// An atom's own `label`: its test's bindings, the node's fields and params.
fn compile_label(
    d: &PredDef,
    bindings: &[&str],
    cx: &CompileContext,
) -> Result<Option<super::template::Template>, String> {
    let Some(text) = &d.label else {
        return Ok(None);
    };
    let t = super::template::Template::parse(text, |v| {
        bindings.contains(&v) || super::known_placeholder(v, cx)
    })
    .map_err(|e| e.message)?;
    Ok(Some(t.bind(|v| {
        v.strip_prefix("param.")
            .and_then(|p| cx.params.get(p))
            .map(super::param_text)
    })))
}

fn compile_list(
    list: &[Spanned<PredDef>],
    span: Range<usize>,
    cx: &CompileContext,
) -> Result<Vec<Pred>, CompileError> {
    if list.is_empty() {
        return Err(CompileError::new(
            span,
            "`all`/`any` needs at least one predicate",
        ));
    }
    list.iter().map(|p| Pred::compile(p, cx)).collect()
}

fn has_atom_keys(d: &PredDef) -> bool {
    d.field.is_some()
        || d.arg.is_some()
        || d.some.is_some()
        || d.every.is_some()
        || d.none.is_some()
        || d.child.is_some()
        || d.name.is_some()
        || d.args.is_some()
        || count_tests(d) > 0
}

fn count_tests(d: &PredDef) -> usize {
    [
        d.exists.is_some(),
        d.equals.is_some(),
        d.one_of.is_some(),
        d.matches.is_some(),
        d.any_matches.is_some(),
        d.none_matches.is_some(),
        d.within.is_some(),
        d.contains_all.is_some(),
        d.contains_any.is_some(),
        d.contains_none.is_some(),
        d.path_under.is_some(),
        d.path_is.is_some(),
        d.at_least.is_some(),
        d.at_most.is_some(),
        d.duration_at_least.is_some(),
        d.duration_at_most.is_some(),
        d.is_date.is_some(),
        d.not_in_future.is_some(),
        d.not_older_than.is_some(),
        d.cidr_max_breadth.is_some(),
        d.refers_to.is_some(),
        d.contains_word.is_some(),
        d.unique.is_some(),
        d.distinct_at_least.is_some(),
    ]
    .into_iter()
    .filter(|b| *b)
    .count()
}

impl Atom {
    fn compile(d: &PredDef, span: Range<usize>, cx: &CompileContext) -> Result<Atom, CompileError> {
        let err = |m: &str| CompileError::new(span.clone(), m.to_string());
        let subjects = [
            d.field.is_some(),
            d.child.is_some(),
            d.name == Some(true),
            d.args == Some(true),
            d.arg.is_some(),
        ];
        if subjects.iter().filter(|b| **b).count() != 1 {
            return Err(err(
                "an atom names exactly one subject: `field = \"…\"`, `child = \"…\"`, `name = true`, `args = true` or `arg = N`",
            ));
        }
        if d.inherit.is_some() && d.child.is_none() {
            return Err(err("`inherit` goes with `child = \"…\"`"));
        }
        let subject = if let Some(f) = &d.field {
            Subject::Field(resolve_string(f, cx).map_err(|m| err(&format!("`field`: {m}")))?)
        } else if let Some(c) = &d.child {
            Subject::Child {
                name: c.clone(),
                inherit: d.inherit.unwrap_or(false),
            }
        } else if d.name == Some(true) {
            Subject::Name
        } else if let Some(i) = d.arg {
            Subject::Arg(i)
        } else {
            Subject::Args
        };
        let quantifiers = [
            (&d.some, Quantifier::Some),
            (&d.every, Quantifier::Every),
            (&d.none, Quantifier::None),
        ];
        if let Some((inner, q)) = quantifiers
            .iter()
            .find_map(|(p, q)| p.as_ref().map(|p| (p, *q)))
        {
            if d.child.is_none() {
                return Err(err("`some`, `every` and `none` go with `child = \"…\"`"));
            }
            if count_tests(d) != 0 || quantifiers.iter().filter(|(p, _)| p.is_some()).count() != 1 {
                return Err(err(
                    "an atom has exactly one test (`some`, `every` or `none` is the test here)",
                ));
            }
            if d.extract.is_some() || d.show.is_some() {
                return Err(err(
                    "`extract` and `show` do not go with `some`, `every` or `none`",
                ));
            }
            let inner = Pred::compile(inner, cx)?;
            // The label may say what the occurrence that decided lacked or had.
            let mut bound = std::collections::BTreeSet::from(["value"]);
            inner.bindings(&mut bound);
            let bound: Vec<&str> = bound.into_iter().collect();
            let label = compile_label(d, &bound, cx).map_err(|m| err(&m))?;
            let note = compile_note(d, cx).map_err(|m| err(&m))?;
            return Ok(Atom {
                subject,
                test: Test::Quant(q, Box::new(inner)),
                extract: None,
                show: None,
                label,
                note,
                at: report_at(d).map_err(|m| err(&m))?,
            });
        }
        if count_tests(d) != 1 {
            return Err(err(
                "an atom has exactly one test (`exists`, `equals`, `one-of`, `matches`, `within`, `contains-all`, …)",
            ));
        }
        let operand = |v: &toml::Value| resolve_operand(v, cx).map_err(|m| err(&m));
        // One pattern, or a list of which any may match (an empty list matches nothing).
        let regex = |v: &toml::Value| {
            let Operand::Const(patterns) = operand(v)? else {
                return Err(err("expected a regex or a list of regexes"));
            };
            for p in &patterns {
                super::build_regex(p).map_err(|m| err(&m))?;
            }
            let (text, shown) = match patterns.as_slice() {
                [] => (r"[^\s\S]".to_string(), "(no pattern: never)".to_string()),
                [one] => (one.clone(), format!("`{one}`")),
                many => (
                    many.iter()
                        .map(|p| format!("(?:{p})"))
                        .collect::<Vec<_>>()
                        .join("|"),
                    many.iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(" or "),
                ),
            };
            let re = super::build_regex(&text).map_err(|m| err(&m))?;
            Ok(Pattern { re, shown })
        };
        let test = if let Some(b) = d.exists {
            Test::Exists(b)
        } else if let Some(v) = &d.equals {
            let op = operand(v)?;
            if matches!(&op, Operand::Const(values) if values.len() != 1) {
                return Err(err("`equals` takes one value; use `one-of` for a list"));
            }
            Test::Equals(op)
        } else if let Some(v) = &d.one_of {
            Test::OneOf(operand(v)?)
        } else if let Some(v) = &d.matches {
            Test::Matches(regex(v)?)
        } else if let Some(v) = &d.any_matches {
            Test::AnyMatches(regex(v)?)
        } else if let Some(v) = &d.none_matches {
            Test::NoneMatches(regex(v)?)
        } else if let Some(v) = &d.within {
            Test::Within(operand(v)?)
        } else if let Some(v) = &d.contains_all {
            Test::ContainsAll(operand(v)?)
        } else if let Some(v) = &d.contains_any {
            Test::ContainsAny(operand(v)?)
        } else if let Some(v) = &d.contains_none {
            Test::ContainsNone(operand(v)?)
        } else if let Some(v) = &d.path_under {
            let Operand::Const(paths) = operand(v)? else {
                return Err(err("`path-under` takes a list of paths or globs"));
            };
            let globs = paths
                .into_iter()
                .map(|p| {
                    let pattern = normalize_path(&p);
                    GlobBuilder::new(&pattern)
                        .literal_separator(true)
                        .build()
                        .map(|g| (p.clone(), g.compile_matcher()))
                        .map_err(|e| err(&format!("bad path glob `{p}`: {e}")))
                })
                .collect::<Result<_, _>>()?;
            Test::PathUnder(globs)
        } else if let Some(v) = &d.path_is {
            let Operand::Const(paths) = operand(v)? else {
                return Err(err("`path-is` takes a list of paths"));
            };
            Test::PathIs(paths.iter().map(|p| normalize_path(p)).collect())
        } else if let Some(v) = &d.at_least {
            Test::AtLeast(resolve_int(v, cx).map_err(|m| err(&m))?)
        } else if let Some(v) = &d.at_most {
            Test::AtMost(resolve_int(v, cx).map_err(|m| err(&m))?)
        } else if let Some(v) = &d.duration_at_least {
            let s = resolve_string(v, cx).map_err(|m| err(&m))?;
            Test::DurationAtLeast(parse_duration(&s).ok_or_else(|| {
                err(&format!(
                    "bad duration `{s}` (e.g. `30s`, `5m`, `1h`, `1d`)"
                ))
            })?)
        } else if let Some(v) = &d.duration_at_most {
            let s = resolve_string(v, cx).map_err(|m| err(&m))?;
            Test::DurationAtMost(parse_duration(&s).ok_or_else(|| {
                err(&format!(
                    "bad duration `{s}` (e.g. `30s`, `5m`, `1h`, `1d`)"
                ))
            })?)
        } else if let Some(b) = d.is_date {
            if !b {
                return Err(err(
                    "write `not = { …, is-date = true }` instead of `is-date = false`",
                ));
            }
            Test::IsDate
        } else if let Some(b) = d.not_in_future {
            if !b {
                return Err(err("`not-in-future` can only be `true`"));
            }
            Test::NotInFuture
        } else if let Some(v) = &d.not_older_than {
            let s = resolve_string(v, cx).map_err(|m| err(&m))?;
            let age = parse_age(&s)
                .ok_or_else(|| err(&format!("bad age `{s}` (e.g. `3y`, `6mo`, `2w`, `7d`)")))?;
            Test::NotOlderThan(age, s)
        } else if let Some(v) = &d.cidr_max_breadth {
            compile_cidr(v, cx).map_err(|m| err(&m))?
        } else if let Some(r) = &d.refers_to {
            let kind = FileKind::from_name(&r.kind)
                .or_else(|| FileKind::from_family(&r.kind))
                .ok_or_else(|| err(&format!("unknown file kind `{}` in `refers-to`", r.kind)))?;
            let capture = match &r.capture {
                Some(c) => {
                    let re = super::build_regex(c).map_err(|m| err(&m))?;
                    if !re.capture_names().any(|n| n == Some("key")) {
                        return Err(err("`refers-to.capture` needs a named group `(?<key>…)`"));
                    }
                    Some(re)
                }
                None => None,
            };
            Test::RefersTo(
                LinkTarget {
                    kind,
                    node: r.node.clone(),
                    field: r.field.clone(),
                },
                capture,
            )
        } else if let Some(v) = &d.contains_word {
            Test::ContainsWord(operand(v)?)
        } else if let Some(v) = &d.distinct_at_least {
            Test::DistinctAtLeast(resolve_int(v, cx).map_err(|m| err(&m))?)
        } else if let Some(b) = d.unique {
            if !b {
                return Err(err("`unique` can only be `true`"));
            }
            Test::Unique
        } else {
            return Err(err("no test"));
        };
        let label = compile_label(d, test.bindings(), cx).map_err(|m| err(&m))?;
        let extract = match &d.extract {
            Some(re) => Some(super::build_regex(re).map_err(|m| err(&m))?),
            None => None,
        };
        let show = match &d.show {
            Some(re) => Some(super::build_regex(re).map_err(|m| err(&m))?),
            None => None,
        };
        let note = compile_note(d, cx).map_err(|m| err(&m))?;
        Ok(Atom {
            subject,
            test,
            extract,
            show,
            label,
            note,
            at: report_at(d).map_err(|m| err(&m))?,
        })
    }

    fn eval(&self, node: &Node, ancestors: &[&Node], cx: &EvalContext) -> (bool, Evidence) {
        let (ok, mut ev) = match &self.subject {
            Subject::Child { name, inherit } => {
                let occ = inherit::occurrences(
                    node,
                    ancestors,
                    name,
                    *inherit,
                    cx.kind,
                    cx.defaults,
                    cx.compatibility_level.as_ref(),
                    &cx.levels,
                );
                if occ.unknown {
                    let ev = Evidence {
                        unknown: true,
                        ..Evidence::default()
                    };
                    return (true, ev);
                }
                if let Test::Quant(q, inner) = &self.test {
                    let (ok, mut ev) =
                        self.eval_quantifier(node, ancestors, name, &occ, *q, inner, cx);
                    if let Some(source) = occ.default_source.as_ref().filter(|_| !ok) {
                        let label = ev.label.take().unwrap_or_default();
                        let default = default_text(&occ.nodes);
                        ev.label = Some(format!(
                            "{label}: no `{name}` here or above, so the {source} default {default} applies"
                        ));
                    }
                    (ok, ev)
                } else {
                    let nodes: Vec<&Node> = occ.nodes.iter().map(|n| n.as_ref()).collect();
                    let value = occurrences_value(&nodes).and_then(|v| self.extracted(v));
                    let (ok, mut ev) = match &value {
                        None => self.eval_missing(node),
                        Some(v) => self.eval_present(node, ancestors, v, cx),
                    };
                    if let Some(source) = &occ.default_source {
                        let label = ev.label.take().unwrap_or_default();
                        let default = default_text(&occ.nodes);
                        ev.label = Some(format!(
                            "{label}: no `{name}` here or above, so the {source} default {default} applies"
                        ));
                    }
                    ev.origin = Some(occ.origin.clone());
                    (ok, ev)
                }
            }
            // An opaque value (vault-encrypted) is there, but what it says is unknown.
            Subject::Field(f)
                if !matches!(self.test, Test::Exists(_))
                    && let Some(v) = node.field(f)
                    && matches!(v.value, Value::Opaque(_)) =>
            {
                let ev = Evidence {
                    span: Some(v.span),
                    unknown: true,
                    opaque: vec![(v.span, f.clone())],
                    ..Evidence::default()
                };
                return (true, ev);
            }
            subject => match subject.read(node).and_then(|v| self.extracted(v)) {
                None => self.eval_missing(node),
                Some(v) => self.eval_present(node, ancestors, &v, cx),
            },
        };
        if self.at == ReportAt::Scope
            && !ok
            && ev.origin == Some(Origin::Default)
            && let Some(root) = ancestors.first()
        {
            ev.notes.push((
                node.name.span,
                format!("this `{}` inherits it", node.name.value),
            ));
            // The outermost block (nginx's `http`), else the start of the file the
            // document is read from (Postfix's `main.cf`).
            ev.span = Some(
                ancestors
                    .get(1)
                    .map_or(Span::new(root.span.file, 0, 0), |outer| block_span(outer)),
            );
        }
        if self.at == ReportAt::Node && !ok && !matches!(ev.origin, Some(Origin::Own) | None) {
            if let Some(span) = ev.span.filter(|_| ev.origin != Some(Origin::Default)) {
                let value = ev.var("value").unwrap_or_default().to_string();
                ev.notes.push((
                    span,
                    format!("`{value}` is set here, for every block that does not set its own"),
                ));
            }
            ev.span = Some(block_span(node));
            ev.origin = Some(Origin::Own);
        }
        // A quantifier that found its match hidden by a nearer declaration says so
        // itself; the atom's own label is for the plain failure.
        let hidden = matches!(self.test, Test::Quant(..)) && !ev.notes.is_empty();
        // The atom's own label, when what it says is known (a label about the value
        // does not fit a missing value, which keeps "is not set").
        if let Some(label) = self.label.as_ref().filter(|_| !hidden)
            && let Some(text) = label.try_render(|v| {
                ev.var(v)
                    .map(str::to_string)
                    .or_else(|| super::node_var(node, v))
            })
        {
            ev.label = Some(text);
        }
        if ok && let (Some(note), Some(span)) = (&self.note, ev.span) {
            let text = note.render(|v| {
                ev.var(v)
                    .map(str::to_string)
                    .or_else(|| super::node_var(node, v))
            });
            ev.context.push((span, text));
        }
        (ok, ev)
    }

    /// The subject's text and items with `extract` applied, and what `show` shows of
    /// each item; `None` if nothing matches.
    fn extracted(&self, mut v: SubjectValue) -> Option<SubjectValue> {
        if let Some(show) = &self.show {
            v.shown = v
                .items
                .iter()
                .map(|(text, _)| {
                    show.captures(text)
                        .and_then(|c| c.get(1).or_else(|| c.get(0)))
                        .map_or(text.clone(), |m| m.as_str().to_string())
                })
                .collect();
        }
        let Some(re) = &self.extract else {
            return Some(v);
        };
        let pick = |text: &str| {
            re.captures(text).map(|c| {
                c.get(1)
                    .or_else(|| c.get(0))
                    .map_or(String::new(), |m| m.as_str().to_string())
            })
        };
        let mut shown = Vec::new();
        let mut items: Vec<(String, Span)> = Vec::new();
        for (i, (text, span)) in v.items.iter().enumerate() {
            if let Some(t) = pick(text) {
                items.push((t, *span));
                shown.extend(v.shown.get(i).cloned());
            }
        }
        let text = pick(&v.text)?;
        Some(SubjectValue {
            text,
            span: items.first().map_or(v.span, |i| i.1),
            items,
            shown,
        })
    }

    /// Some / every / no occurrence satisfies `inner`.
    #[allow(clippy::too_many_arguments)]
    fn eval_quantifier(
        &self,
        node: &Node,
        ancestors: &[&Node],
        name: &str,
        occ: &inherit::Occurrences,
        q: Quantifier,
        inner: &Pred,
        cx: &EvalContext,
    ) -> (bool, Evidence) {
        let results: Vec<(bool, Evidence)> = occ
            .nodes
            .iter()
            .map(|n| inner.eval(n, &occ.ancestors, cx))
            .collect();
        let at = |ev: Evidence, fallback: Span| Evidence {
            span: ev.span.or(Some(fallback)),
            ..ev
        };
        let first_span = occ.nodes.first().map_or(block_span(node), |n| n.span);
        let (ok, mut ev) = match q {
            Quantifier::Some => match results.iter().position(|(ok, _)| *ok) {
                Some(i) => (true, at(results[i].1.clone(), occ.nodes[i].span)),
                None => {
                    let label = if occ.nodes.is_empty() {
                        format!("`{name}` is not set")
                    } else if occ.origin == Origin::Own || occ.default_source.is_some() {
                        format!("no `{name}` here does")
                    } else {
                        format!("no `{name}` in effect here does")
                    };
                    let mut ev = Evidence {
                        span: Some(first_span),
                        label: Some(label),
                        // What the first occurrence lacked fills the placeholders.
                        vars: results
                            .first()
                            .map(|(_, e)| e.vars.clone())
                            .unwrap_or_default(),
                        ..Evidence::default()
                    };
                    // A nearer declaration hides one that would do: say where it is.
                    if !occ.nodes.is_empty()
                        && occ.default_source.is_none()
                        && let Some((hidden, hidden_anc)) = inherit::declared_above(
                            node, ancestors, name, occ.depth, cx.kind, &cx.levels,
                        )
                        && let Some(good) = hidden.iter().find(|h| inner.eval(h, &hidden_anc, cx).0)
                    {
                        ev.label = Some(format!(
                            "this `{name}` replaces every `{name}` inherited from above"
                        ));
                        ev.notes.push((
                            good.span,
                            format!(
                                "not inherited, because a nearer block declares its own `{name}`"
                            ),
                        ));
                    }
                    (false, ev)
                }
            },
            Quantifier::Every => match results.iter().position(|(ok, _)| !*ok) {
                Some(i) => (false, at(results[i].1.clone(), occ.nodes[i].span)),
                None => (
                    true,
                    Evidence {
                        span: Some(first_span),
                        ..Evidence::default()
                    },
                ),
            },
            Quantifier::None => match results.iter().position(|(ok, _)| *ok) {
                Some(i) => {
                    let mut ev = at(results[i].1.clone(), occ.nodes[i].span);
                    ev.label = ev.label.or_else(|| Some("not allowed here".into()));
                    (false, ev)
                }
                None => (
                    true,
                    Evidence {
                        span: Some(first_span),
                        ..Evidence::default()
                    },
                ),
            },
        };
        ev.origin = Some(occ.origin.clone());
        (ok, ev)
    }

    /// The subject is absent (no such field or child).
    fn eval_missing(&self, node: &Node) -> (bool, Evidence) {
        let what = self.subject.describe();
        let absent = Evidence {
            span: Some(block_span(node)),
            label: Some(format!("{what} is not set")),
            ..Evidence::default()
        };
        match &self.test {
            Test::Exists(false)
            | Test::CidrMaxBreadth { .. }
            | Test::ContainsNone(_)
            | Test::Within(_)
            | Test::NoneMatches(_) => (true, absent),
            Test::ContainsAll(op) | Test::ContainsAny(op) => {
                let want = op.values(node);
                let mut ev = absent;
                ev.vars.push(("missing".into(), code_list(want.iter())));
                ev.vars.push(("expected".into(), code_list(want.iter())));
                (false, ev)
            }
            _ => (false, absent),
        }
    }

    fn eval_present(
        &self,
        node: &Node,
        ancestors: &[&Node],
        s: &SubjectValue,
        cx: &EvalContext,
    ) -> (bool, Evidence) {
        let mut ev = Evidence {
            span: Some(s.span),
            label: None,
            vars: vec![("value".into(), s.text.clone())],
            ..Evidence::default()
        };
        let quoted = if s.text.is_empty() {
            "empty".to_string()
        } else {
            format!("`{}`", s.text)
        };
        let ok = match &self.test {
            Test::Exists(want) => {
                if !want {
                    ev.label = Some(format!("{} is set here", self.subject.describe()));
                }
                *want
            }
            Test::Equals(op) | Test::OneOf(op) => {
                let want = op.values(node);
                let ok = want.contains(&s.text);
                ev.vars.push(("expected".into(), code_list(want.iter())));
                ev.label = Some(if ok {
                    format!("{quoted} is set here")
                } else {
                    format!("{quoted} is not {}", or_list(&want))
                });
                ok
            }
            Test::Matches(re) => {
                let ok = re.is_match(&s.text);
                ev.label = Some(if ok {
                    format!("{quoted} matches {re}")
                } else {
                    format!("{quoted} does not match {re}")
                });
                ok
            }
            Test::AnyMatches(re) => match s.items.iter().find(|(i, _)| re.is_match(i)) {
                Some((item, span)) => {
                    ev.span = Some(*span);
                    ev.vars.push(("matched".into(), item.clone()));
                    ev.label = Some(format!("`{item}` matches {re}"));
                    true
                }
                None => {
                    ev.label = Some(format!("nothing here matches {re}"));
                    false
                }
            },
            Test::NoneMatches(re) => {
                let bad: Vec<_> = s.items.iter().filter(|(i, _)| re.is_match(i)).collect();
                self.offending(&mut ev, s, &bad, "not allowed")
            }
            Test::Within(op) => {
                let allowed = op.values(node);
                let bad: Vec<_> = s
                    .items
                    .iter()
                    .filter(|(i, _)| !allowed.contains(i))
                    .collect();
                ev.vars.push(("expected".into(), code_list(allowed.iter())));
                self.offending(&mut ev, s, &bad, "not allowed")
            }
            Test::ContainsNone(op) => {
                let banned = op.values(node);
                let bad: Vec<_> = s.items.iter().filter(|(i, _)| banned.contains(i)).collect();
                self.offending(&mut ev, s, &bad, "not allowed")
            }
            Test::ContainsAll(op) => {
                let want = op.values(node);
                let missing: Vec<_> = want
                    .iter()
                    .filter(|w| !s.items.iter().any(|(i, _)| i == *w))
                    .collect();
                ev.vars
                    .push(("missing".into(), code_list(missing.iter().copied())));
                ev.vars.push(("expected".into(), code_list(want.iter())));
                if !missing.is_empty() {
                    ev.label = Some(format!("missing {}", code_list(missing.iter().copied())));
                }
                missing.is_empty()
            }
            Test::ContainsAny(op) => {
                let want = op.values(node);
                let found = s.items.iter().find(|(i, _)| want.contains(i));
                ev.vars.push(("expected".into(), code_list(want.iter())));
                ev.vars.push(("missing".into(), code_list(want.iter())));
                match found {
                    Some((item, span)) => {
                        ev.span = Some(*span);
                        ev.vars.push(("matched".into(), item.clone()));
                        true
                    }
                    None => {
                        ev.label = Some(format!("none of {}", code_list(want.iter())));
                        false
                    }
                }
            }
            Test::PathUnder(globs) => {
                let path = normalize_path(&s.text);
                let hit = globs
                    .iter()
                    .find(|(_, g)| path_ancestors(&path).any(|a| g.is_match(a)));
                if let Some((p, _)) = hit {
                    ev.vars.push(("matched".into(), p.clone()));
                    ev.label = Some(format!("{quoted} is under `{p}`"));
                } else {
                    ev.label = Some(format!(
                        "{quoted} is not under {}",
                        or_list(&globs.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>())
                    ));
                }
                hit.is_some()
            }
            Test::PathIs(paths) => {
                let ok = paths.contains(&normalize_path(&s.text));
                ev.label = Some(if ok {
                    format!("{quoted} is set here")
                } else {
                    format!("{quoted} is not {}", or_list(paths))
                });
                ok
            }
            Test::AtLeast(n) | Test::AtMost(n) => match s.text.trim().parse::<i64>() {
                Ok(v) => {
                    let ok = if matches!(self.test, Test::AtLeast(_)) {
                        v >= *n
                    } else {
                        v <= *n
                    };
                    let rel = if matches!(self.test, Test::AtLeast(_)) {
                        "less"
                    } else {
                        "more"
                    };
                    ev.label = Some(if ok {
                        format!("{quoted} is set here")
                    } else {
                        format!("{quoted} is {rel} than {n}")
                    });
                    ok
                }
                Err(_) => {
                    ev.label = Some(format!("{quoted} is not a number"));
                    false
                }
            },
            Test::DurationAtLeast(n) | Test::DurationAtMost(n) => match parse_duration(&s.text) {
                Some(v) => {
                    let least = matches!(self.test, Test::DurationAtLeast(_));
                    let ok = if least { v >= *n } else { v <= *n };
                    ev.label = Some(if ok {
                        format!("{quoted} is set here")
                    } else if least {
                        format!("{quoted} is shorter than allowed")
                    } else {
                        format!("{quoted} is longer than allowed")
                    });
                    ok
                }
                None => {
                    ev.label = Some(format!("{quoted} is not a duration"));
                    false
                }
            },
            Test::IsDate => {
                let ok = parse_date(&s.text).is_some();
                ev.label = Some(if ok {
                    format!("{quoted} is a date")
                } else {
                    format!("{quoted} is not a date (`YYYY-MM-DD` or `YYYY-MM`)")
                });
                ok
            }
            Test::NotInFuture => match parse_date(&s.text) {
                Some(d) => {
                    let ok = d <= cx.today;
                    ev.label = Some(if ok {
                        format!("{quoted} is not in the future")
                    } else {
                        format!("{quoted} lies in the future")
                    });
                    ok
                }
                None => {
                    ev.label = Some(format!(
                        "{quoted} is not a date (`YYYY-MM-DD` or `YYYY-MM`)"
                    ));
                    false
                }
            },
            Test::NotOlderThan(age, written) => match parse_date(&s.text) {
                Some(d) => {
                    let due = d.checked_add(*age).unwrap_or(Date::MAX);
                    ev.vars.push(("due".into(), due.to_string()));
                    ev.vars.push(("age".into(), describe_age(d, cx.today)));
                    let ok = due >= cx.today;
                    ev.label = Some(if ok {
                        format!("{quoted} is within {written}")
                    } else {
                        format!("{quoted} is older than {written} (due {due})")
                    });
                    ok
                }
                None => {
                    ev.label = Some(format!(
                        "{quoted} is not a date (`YYYY-MM-DD` or `YYYY-MM`)"
                    ));
                    false
                }
            },
            Test::CidrMaxBreadth {
                v4,
                v6,
                private_exempt,
            } => {
                let bad: Vec<_> = s
                    .items
                    .iter()
                    .filter(|(i, _)| cidr_too_broad(i, *v4, *v6, *private_exempt))
                    .collect();
                self.offending(&mut ev, s, &bad, "too broad a network")
            }
            // Quantifiers are evaluated on occurrences, in `eval_quantifier`.
            Test::Quant(..) => false,
            Test::ContainsWord(op) => {
                let words = op.values(node);
                ev.vars.push(("expected".into(), code_list(words.iter())));
                let hit = s.items.iter().find_map(|(item, span)| {
                    item.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                        .find(|t| words.iter().any(|w| w.eq_ignore_ascii_case(t)))
                        .map(|t| (t.to_string(), *span))
                });
                match hit {
                    Some((word, span)) => {
                        ev.span = Some(span);
                        ev.label = Some(format!("`{word}` is here"));
                        ev.vars.push(("matched".into(), word));
                        true
                    }
                    None => {
                        ev.label = Some(format!("none of {} here", code_list(words.iter())));
                        false
                    }
                }
            }
            Test::DistinctAtLeast(n) => {
                let mut seen: Vec<String> = Vec::new();
                for (item, _) in &s.items {
                    for part in item.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                        let key = part.to_lowercase();
                        if !seen.contains(&key) {
                            seen.push(key);
                        }
                    }
                }
                ev.vars.push(("expected".into(), n.to_string()));
                let ok = seen.len() as i64 >= *n;
                if !ok {
                    ev.label = Some(match seen.len() {
                        0 => "no entries".to_string(),
                        1 => format!("only `{}`", seen[0]),
                        k => format!("only {k} different: {}", code_list(seen.iter())),
                    });
                }
                ok
            }
            Test::Unique => {
                let later = ancestors.last().and_then(|parent| {
                    let key = (
                        std::ptr::from_ref(*parent) as usize,
                        std::ptr::from_ref(self) as usize,
                    );
                    let mut cache = cx.siblings.borrow_mut();
                    let index = cache
                        .entry(key)
                        .or_insert_with(|| SiblingIndex::new(parent, &self.subject));
                    if index.children != SiblingIndex::children_of(parent) {
                        *index = SiblingIndex::new(parent, &self.subject);
                    }
                    index.next_with(node, &s.text).map(|i| &parent.children[i])
                });
                match later {
                    Some(l) => {
                        ev.label = Some(format!("{quoted} is defined again later"));
                        ev.notes
                            .push((l.span, "this later definition is the one in effect".into()));
                        false
                    }
                    None => true,
                }
            }
            Test::RefersTo(target, capture) => {
                let key = match capture {
                    Some(re) => re
                        .captures(&s.text)
                        .and_then(|c| c.name("key"))
                        .map(|m| m.as_str().to_string()),
                    None => Some(s.text.clone()),
                };
                match key {
                    None => {
                        ev.label = Some(format!(
                            "{quoted} does not refer to a {} entry",
                            target.kind
                        ));
                        false
                    }
                    Some(key) => {
                        let ok = cx.links.contains(target, node.file(), &key);
                        ev.vars.push(("key".into(), key.clone()));
                        let scope = cx.links.scope(target.kind, node.file());
                        if ok {
                            ev.label = Some(format!("`{key}` is declared in a {}", target.kind));
                        } else if scope.is_empty() {
                            ev.label = Some(format!(
                                "`{key}` is not declared: there is no {} beside this file",
                                target.kind
                            ));
                        } else {
                            ev.label = Some(format!(
                                "`{key}` is not declared in the {} beside this file",
                                target.kind
                            ));
                            for file in scope {
                                ev.notes.push((
                                    Span::new(file, 0, 0),
                                    format!("`{key}` is not declared in this {}", target.kind),
                                ));
                            }
                        }
                        ok
                    }
                }
            }
        };
        (ok, ev)
    }

    /// Fails when `bad` (items of `s`) is not empty, pointing at the first offending
    /// item; they are listed as `show` shows them, each once.
    fn offending(
        &self,
        ev: &mut Evidence,
        s: &SubjectValue,
        bad: &[&(String, Span)],
        what: &str,
    ) -> bool {
        let mut listed: Vec<String> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for item in bad {
            let text = s.shown(item);
            if s.shown.is_empty() || seen.insert(text) {
                listed.push(text.to_string());
            }
        }
        ev.vars.push(("offending".into(), code_list(listed.iter())));
        if let Some((_, span)) = bad.first() {
            ev.span = Some(*span);
            ev.label = Some(format!("{} {what}", code_list(listed.iter())));
        }
        bad.is_empty()
    }
}

struct SubjectValue {
    text: String,
    span: Span,
    items: Vec<(String, Span)>,
    /// What `show` shows of each item; empty without `show`.
    shown: Vec<String>,
}

impl SubjectValue {
    /// What bindings show of `item`, one of `items`: its `show` text, else itself.
    fn shown<'a>(&'a self, item: &'a (String, Span)) -> &'a str {
        // The item's position in `items`, from its address.
        let at = (std::ptr::from_ref(item) as usize).wrapping_sub(self.items.as_ptr() as usize)
            / std::mem::size_of::<(String, Span)>();
        match self.shown.get(at) {
            Some(text) if std::ptr::eq(&self.items[at], item) => text,
            _ => &item.0,
        }
    }
}

impl Subject {
    fn read(&self, node: &Node) -> Option<SubjectValue> {
        match self {
            Subject::Field(f) => node.field(f).map(|v| {
                let items = match &v.value {
                    Value::List(items) => items.iter().map(|i| (i.value.clone(), i.span)).collect(),
                    other => vec![(other.text(), v.span)],
                };
                SubjectValue {
                    text: v.value.text(),
                    span: v.span,
                    items,
                    shown: Vec::new(),
                }
            }),
            Subject::Child { name, .. } => {
                let found: Vec<&Node> = node
                    .children
                    .iter()
                    .filter(|c| c.name.value == *name)
                    .collect();
                occurrences_value(&found)
            }
            Subject::Arg(i) => node.args.get(*i).map(|a| SubjectValue {
                text: a.value.clone(),
                span: a.span,
                items: vec![(a.value.clone(), a.span)],
                shown: Vec::new(),
            }),
            Subject::Name => Some(SubjectValue {
                text: node.name.value.clone(),
                span: node.name.span,
                items: vec![(node.name.value.clone(), node.name.span)],
                shown: Vec::new(),
            }),
            Subject::Args => {
                if node.args.is_empty() {
                    None
                } else {
                    Some(args_value(&node.args, node.span))
                }
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            Subject::Field(f) => format!("`{f}`"),
            Subject::Child { name, .. } => format!("`{name}`"),
            Subject::Arg(i) => format!("argument {}", i + 1),
            Subject::Name => "the name".into(),
            Subject::Args => "an argument".into(),
        }
    }
}

/// A default's value as shown in a label.
fn default_text(nodes: &[std::borrow::Cow<'_, Node>]) -> String {
    let text = code_list(nodes.iter().flat_map(|n| n.args.iter().map(|a| &a.value)));
    if text.is_empty() {
        "(empty)".into()
    } else {
        text
    }
}

/// The span to underline for a whole node: its name when it is a block (a whole
/// `server { … }` is too much), else the node.
fn block_span(node: &Node) -> Span {
    if node.children.is_empty() {
        node.span
    } else {
        node.name.span
    }
}

/// The args of every occurrence of a directive, as one subject.
fn occurrences_value(nodes: &[&Node]) -> Option<SubjectValue> {
    let first = nodes.first()?;
    let items: Vec<(String, Span)> = nodes
        .iter()
        .flat_map(|n| n.args.iter().map(|a| (a.value.clone(), a.span)))
        .collect();
    let span = match (first.args.first(), first.args.last()) {
        (Some(a), Some(b)) => a.span.to(b.span),
        _ => first.span,
    };
    Some(SubjectValue {
        text: items
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        span,
        items,
        shown: Vec::new(),
    })
}

fn args_value(args: &[crate::source::Spanned<String>], fallback: Span) -> SubjectValue {
    let span = match (args.first(), args.last()) {
        (Some(a), Some(b)) => a.span.to(b.span),
        _ => fallback,
    };
    SubjectValue {
        text: args
            .iter()
            .map(|a| a.value.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        span,
        items: args.iter().map(|a| (a.value.clone(), a.span)).collect(),
        shown: Vec::new(),
    }
}

impl Operand {
    fn values(&self, node: &Node) -> Vec<String> {
        match self {
            Operand::Const(v) => v.clone(),
            Operand::Keyed { table, field, .. } => node
                .field(field)
                .and_then(|v| table.get(&normalize_key(&v.value.text())))
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// Keys of path tables are compared without a trailing slash (`/tmp/` is `/tmp`).
fn normalize_key(k: &str) -> String {
    if k.len() > 1 {
        k.trim_end_matches('/').to_string()
    } else {
        k.to_string()
    }
}

fn normalize_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for part in p.split('/').filter(|s| !s.is_empty() && *s != ".") {
        out.push('/');
        out.push_str(part);
    }
    if out.is_empty() && p.starts_with('/') {
        "/".into()
    } else if p.starts_with('/') {
        out
    } else {
        out.trim_start_matches('/').to_string()
    }
}

/// The path itself and each of its ancestors (`/a/b`, `/a`, `/`).
fn path_ancestors(path: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(path);
    std::iter::from_fn(move || {
        let cur = next?;
        next = match cur.rfind('/') {
            Some(0) if cur.len() > 1 => Some("/"),
            Some(i) if i > 0 => Some(&cur[..i]),
            _ => None,
        };
        Some(cur)
    })
}

fn code_list<'a>(items: impl Iterator<Item = &'a String>) -> String {
    items
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn or_list(items: &[String]) -> String {
    match items {
        [one] => format!("`{one}`"),
        _ => format!("one of {}", code_list(items.iter())),
    }
}

fn param<'a>(v: &'a toml::Value, cx: &'a CompileContext) -> Result<&'a toml::Value, String> {
    match v {
        toml::Value::Table(t) if t.contains_key("param") => {
            let Some(toml::Value::String(name)) = t.get("param") else {
                return Err("`param` names a param: `{ param = \"name\" }`".into());
            };
            cx.params
                .get(name)
                .ok_or_else(|| format!("the rule has no param `{name}`"))
        }
        other => Ok(other),
    }
}

fn scalar_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn resolve_strings(v: &toml::Value) -> Result<Vec<String>, String> {
    match v {
        toml::Value::Array(items) => items
            .iter()
            .map(|i| {
                scalar_text(i).ok_or_else(|| "list items must be strings or numbers".to_string())
            })
            .collect(),
        other => scalar_text(other)
            .map(|s| vec![s])
            .ok_or_else(|| "expected a string, number or list".into()),
    }
}

fn resolve_operand(v: &toml::Value, cx: &CompileContext) -> Result<Operand, String> {
    if let toml::Value::Table(t) = v {
        for key in t.keys() {
            if !matches!(key.as_str(), "param" | "key-field" | "param-keys") {
                return Err(format!(
                    "unknown key `{key}` (expected `param`, `key-field` or `param-keys`)"
                ));
            }
        }
        if let Some(toml::Value::String(name)) = t.get("param-keys") {
            let table = table_param(name, cx)?;
            return Ok(Operand::Const(table.keys().cloned().collect()));
        }
        if let Some(toml::Value::String(field)) = t.get("key-field") {
            let Some(toml::Value::String(name)) = t.get("param") else {
                return Err("`key-field` needs `param`".into());
            };
            return Ok(Operand::Keyed {
                param: name.clone(),
                table: table_param(name, cx)?,
                field: field.clone(),
            });
        }
    }
    Ok(Operand::Const(resolve_strings(param(v, cx)?)?))
}

fn table_param(name: &str, cx: &CompileContext) -> Result<BTreeMap<String, Vec<String>>, String> {
    match cx.params.get(name) {
        Some(toml::Value::Table(t)) => t
            .iter()
            .map(|(k, v)| Ok((normalize_key(k), resolve_strings(v)?)))
            .collect(),
        Some(_) => Err(format!("param `{name}` must be a table")),
        None => Err(format!("the rule has no param `{name}`")),
    }
}

fn resolve_string(v: &toml::Value, cx: &CompileContext) -> Result<String, String> {
    match param(v, cx)? {
        toml::Value::String(s) => Ok(s.clone()),
        _ => Err("expected a string".into()),
    }
}

fn resolve_int(v: &toml::Value, cx: &CompileContext) -> Result<i64, String> {
    match param(v, cx)? {
        toml::Value::Integer(i) => Ok(*i),
        _ => Err("expected an integer".into()),
    }
}

fn compile_cidr(v: &toml::Value, cx: &CompileContext) -> Result<Test, String> {
    let toml::Value::Table(t) = param(v, cx)? else {
        return Err(
            "`cidr-max-breadth` takes `{ v4 = 24, v6 = 48, private-exempt = true }`".into(),
        );
    };
    let mut v4 = 0u8;
    let mut v6 = 0u8;
    let mut private_exempt = false;
    for (k, val) in t {
        match (k.as_str(), val) {
            ("v4", toml::Value::Integer(i)) if (0..=32).contains(i) => v4 = *i as u8,
            ("v6", toml::Value::Integer(i)) if (0..=128).contains(i) => v6 = *i as u8,
            ("private-exempt", toml::Value::Boolean(b)) => private_exempt = *b,
            _ => {
                return Err(format!(
                    "bad `{k}` in `cidr-max-breadth` (v4: 0–32, v6: 0–128, private-exempt: bool)"
                ));
            }
        }
    }
    Ok(Test::CidrMaxBreadth {
        v4,
        v6,
        private_exempt,
    })
}

/// Is `item` a network (`a.b.c.d/n`, `[v6]/n`, `v6/n`) broader than allowed?
/// Items that are not networks (hostnames, lookup tables) are not judged.
fn cidr_too_broad(item: &str, v4: u8, v6: u8, private_exempt: bool) -> bool {
    let Some((addr, len)) = item.rsplit_once('/') else {
        return false;
    };
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    let (Ok(ip), Ok(len)) = (addr.parse::<IpAddr>(), len.parse::<u8>()) else {
        return false;
    };
    match ip {
        IpAddr::V4(a) => {
            let exempt = private_exempt
                && len >= 8
                && (a.is_private() || a.is_loopback() || a.is_link_local());
            len < v4 && !exempt
        }
        IpAddr::V6(a) => {
            let seg = a.segments()[0];
            let local = (seg & 0xfe00) == 0xfc00 || (seg & 0xffc0) == 0xfe80 || a.is_loopback();
            let exempt = private_exempt && len >= 7 && local;
            len < v6 && !exempt
        }
    }
}

/// A date as inventories write it: `YYYY-MM-DD`, or `YYYY-MM` (the first of the month).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = s.parse::<Date>()
        && s.len() == 10
    {
        return Some(d);
    }
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()
}

/// An age such as `3y`, `6mo`, `2w`, `7d` (also `3 years`, `7 days`).
pub fn parse_age(s: &str) -> Option<jiff::Span> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let n: i64 = s[..split].parse().ok()?;
    let span = jiff::Span::new();
    match s[split..].trim() {
        "y" | "year" | "years" => span.try_years(n).ok(),
        "mo" | "month" | "months" => span.try_months(n).ok(),
        "w" | "week" | "weeks" => span.try_weeks(n).ok(),
        "d" | "day" | "days" => span.try_days(n).ok(),
        _ => None,
    }
}

fn describe_age(from: Date, today: Date) -> String {
    let Ok(span) = from.until((jiff::Unit::Year, today)) else {
        return "?".into();
    };
    let (y, m, d) = (span.get_years(), span.get_months(), span.get_days());
    let part = |n: i64, unit: &str| match n {
        0 => None,
        1 => Some(format!("1 {unit}")),
        n => Some(format!("{n} {unit}s")),
    };
    let parts: Vec<String> = if y > 0 {
        [part(y.into(), "year"), part(m.into(), "month")]
            .into_iter()
            .flatten()
            .collect()
    } else {
        [part(m.into(), "month"), part(d.into(), "day")]
            .into_iter()
            .flatten()
            .collect()
    };
    if parts.is_empty() {
        "0 days".into()
    } else {
        parts.join(" ")
    }
}

/// A configuration duration in seconds, nginx/Postfix style: a number with an optional
/// unit (`ms` rounds down; `s`, `m`, `h`, `d`, `w`, `M` = 30 days, `y` = 365 days).
/// Several parts add up (`1h30m`). A bare number is seconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let secs = match rest[..unit_len].trim() {
            "" | "s" => n,
            "ms" => n / 1000,
            "m" => n.checked_mul(60)?,
            "h" => n.checked_mul(3600)?,
            "d" => n.checked_mul(86_400)?,
            "w" => n.checked_mul(7 * 86_400)?,
            "M" => n.checked_mul(30 * 86_400)?,
            "y" => n.checked_mul(365 * 86_400)?,
            _ => return None,
        };
        total = total.checked_add(secs)?;
        rest = &rest[unit_len..];
    }
    Some(total)
}

impl std::fmt::Display for Pred {
    /// A plain-English reading of the predicate, for `art32 explain` and the docs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let join = |f: &mut std::fmt::Formatter<'_>, preds: &[Pred], word: &str| {
            for (i, p) in preds.iter().enumerate() {
                if i > 0 {
                    write!(f, " {word} ")?;
                }
                match p {
                    Pred::Atom(_) | Pred::Not(_) => write!(f, "{p}")?,
                    _ => write!(f, "({p})")?,
                }
            }
            Ok(())
        };
        match self {
            Pred::All(p) => join(f, p, "and"),
            Pred::Any(p) => join(f, p, "or"),
            Pred::Not(p) => write!(f, "not ({p})"),
            Pred::Atom(a) => write!(f, "{a}"),
        }
    }
}

impl std::fmt::Display for Atom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.subject.describe();
        let op = |o: &Operand| match o {
            Operand::Const(v) => code_list(v.iter()),
            Operand::Keyed { param, field, .. } => {
                format!("what the param `{param}` lists for its `{field}`")
            }
        };
        match &self.test {
            Test::Exists(true) => write!(f, "{s} is set"),
            Test::Exists(false) => write!(f, "{s} is not set"),
            Test::Equals(o) => write!(f, "{s} equals {}", op(o)),
            Test::OneOf(o) => write!(f, "{s} is one of {}", op(o)),
            Test::Matches(re) => write!(f, "{s} matches {re}"),
            Test::AnyMatches(re) => write!(f, "an item of {s} matches {re}"),
            Test::NoneMatches(re) => write!(f, "no item of {s} matches {re}"),
            Test::Within(o) => write!(f, "every item of {s} is one of {}", op(o)),
            Test::ContainsAll(o) => write!(f, "{s} contains all of {}", op(o)),
            Test::ContainsAny(o) => write!(f, "{s} contains one of {}", op(o)),
            Test::ContainsNone(o) => write!(f, "{s} contains none of {}", op(o)),
            Test::PathUnder(g) => write!(
                f,
                "{s} is at or under one of {}",
                code_list(g.iter().map(|(p, _)| p))
            ),
            Test::PathIs(p) => write!(f, "{s} is {}", or_list(p)),
            Test::AtLeast(n) => write!(f, "{s} is at least {n}"),
            Test::AtMost(n) => write!(f, "{s} is at most {n}"),
            Test::DurationAtLeast(n) => write!(f, "{s} is at least {n} seconds"),
            Test::DurationAtMost(n) => write!(f, "{s} is at most {n} seconds"),
            Test::IsDate => write!(f, "{s} is a date"),
            Test::NotInFuture => write!(f, "{s} is not in the future"),
            Test::NotOlderThan(_, w) => write!(f, "{s} is not older than {w}"),
            Test::CidrMaxBreadth {
                v4,
                v6,
                private_exempt,
            } => write!(
                f,
                "no network in {s} is broader than /{v4} (IPv4) or /{v6} (IPv6){}",
                if *private_exempt {
                    ", private ranges excepted"
                } else {
                    ""
                }
            ),
            Test::Quant(q, p) => {
                let inherited = match &self.subject {
                    Subject::Child { inherit: true, .. } => " in effect",
                    _ => "",
                };
                let word = match q {
                    Quantifier::Some => "some",
                    Quantifier::Every => "every",
                    Quantifier::None => "no",
                };
                write!(f, "{word} {s}{inherited} satisfies: ({p})")
            }
            Test::ContainsWord(o) => write!(f, "{s} contains one of the words {}", op(o)),
            Test::Unique => write!(f, "no later sibling has the same {s}"),
            Test::DistinctAtLeast(n) => write!(f, "{s} names at least {n} different entries"),
            Test::RefersTo(t, _) => write!(
                f,
                "{s} refers to a `{}` declared in a {} file",
                t.field, t.kind
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_ages() {
        assert_eq!(
            parse_date("2022-09-14"),
            Some(Date::new(2022, 9, 14).unwrap())
        );
        assert_eq!(parse_date("2022-09"), Some(Date::new(2022, 9, 1).unwrap()));
        assert_eq!(parse_date("2022-13-01"), None);
        assert_eq!(parse_date("14.09.2022"), None);
        assert_eq!(parse_date("2022-9-1"), None);
        assert!(parse_age("3y").is_some());
        assert!(parse_age("6mo").is_some());
        assert!(parse_age("3").is_none());
        let from = Date::new(2021, 9, 14).unwrap();
        assert_eq!(
            describe_age(from, Date::new(2026, 11, 26).unwrap()),
            "5 years 2 months"
        );
        assert_eq!(
            describe_age(from, Date::new(2021, 10, 1).unwrap()),
            "17 days"
        );
    }

    #[test]
    fn durations_in_seconds() {
        assert_eq!(parse_duration("30"), Some(30));
        assert_eq!(parse_duration("5m"), Some(300));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("1d"), Some(86_400));
        assert_eq!(parse_duration("1500ms"), Some(1));
        assert_eq!(parse_duration("x"), None);
        assert_eq!(parse_duration("5q"), None);
        assert_eq!(parse_duration("99999999999999999999y"), None);
    }

    #[test]
    fn cidr_breadth() {
        assert!(cidr_too_broad("0.0.0.0/0", 24, 48, true));
        assert!(cidr_too_broad("[::]/0", 24, 48, true));
        assert!(cidr_too_broad("::/0", 24, 48, true));
        assert!(cidr_too_broad("203.0.113.0/16", 24, 48, true));
        assert!(!cidr_too_broad("203.0.113.0/24", 24, 48, true));
        assert!(!cidr_too_broad("10.0.0.0/8", 24, 48, true));
        assert!(cidr_too_broad("10.0.0.0/8", 24, 48, false));
        assert!(!cidr_too_broad("[fd00::]/8", 24, 48, true));
        assert!(!cidr_too_broad(
            "hash:/etc/postfix/network_table",
            24,
            48,
            true
        ));
    }

    #[test]
    fn ancestors_of_paths() {
        assert_eq!(
            path_ancestors("/var/log/audit").collect::<Vec<_>>(),
            ["/var/log/audit", "/var/log", "/var", "/"]
        );
        assert_eq!(normalize_path("/var//log/"), "/var/log");
        assert_eq!(normalize_path("/"), "/");
    }
}

/// Table tests of single tests: each row compiles the atom `{ field = "v", <test> }`
/// and evaluates it on one node whose field `v` holds the row's value (or is missing),
/// checking the verdict and the label it gives.
#[cfg(test)]
mod table_tests {
    use super::*;
    use crate::source::{FileId, Spanned as At};

    fn compile(test: &str) -> Result<Pred, String> {
        let params = BTreeMap::new();
        let cx = CompileContext {
            params: &params,
            kind: FileKind::Fstab,
        };
        let doc: BTreeMap<String, Spanned<PredDef>> =
            toml::from_str(&format!("p = {{ field = \"v\", {test} }}"))
                .map_err(|e| e.to_string())?;
        Pred::compile(&doc["p"], &cx).map_err(|e| e.message)
    }

    /// The verdict and label of `test` on a node whose `v` is `value`.
    fn verdict(test: &str, value: Option<Value>) -> (bool, String) {
        let pred = compile(test).unwrap_or_else(|e| panic!("`{test}`: {e}"));
        let span = Span::new(FileId(0), 0, 1);
        let mut node = Node::new("mount", At::new("mount".into(), span), span);
        if let Some(v) = value {
            node.set("v", v, span);
        }
        let links = LinkIndex::default();
        let defaults = Defaults::default();
        let cx = EvalContext {
            today: Date::new(2024, 1, 1).unwrap(),
            links: &links,
            defaults: &defaults,
            kind: FileKind::Fstab,
            compatibility_level: None,
            siblings: Default::default(),
            levels: Default::default(),
        };
        let (ok, ev) = pred.eval(&node, &[], &cx);
        (ok, ev.label.unwrap_or_default())
    }

    fn s(text: &str) -> Option<Value> {
        Some(Value::Str(text.into()))
    }

    fn list(items: &[&str]) -> Option<Value> {
        let span = Span::new(FileId(0), 0, 1);
        Some(Value::List(
            items.iter().map(|i| At::new(i.to_string(), span)).collect(),
        ))
    }

    /// Rows of (value, test, verdict, label).
    type Rows = [(Option<Value>, &'static str, bool, &'static str)];

    fn check(rows: &Rows) {
        for (i, (value, test, ok, label)) in rows.iter().enumerate() {
            assert_eq!(
                verdict(test, value.clone()),
                (*ok, label.to_string()),
                "row {i}: {value:?} against `{test}`"
            );
        }
    }

    #[test]
    fn show() {
        let pairs = || {
            list(&[
                "$client=$remote_addr",
                "$remote_addr",
                "$client=$x",
                "$status",
            ])
        };
        let test = r#"extract = '(\w+)$', show = '^\$\w+', contains-none = ["remote_addr", "x"]"#;
        check(&[
            // The test compares what `extract` gives; `offending` lists what `show`
            // shows, each once, in order.
            (
                pairs(),
                test,
                false,
                "`$client`, `$remote_addr` not allowed",
            ),
            (list(&["$status", "$anon=$ip"]), test, true, ""),
            // Without `extract`, the test reads the items as they are.
            (
                list(&["a:8080", "b:9090", "a:8081"]),
                r#"show = '^([^:]+):', none-matches = ':808'"#,
                false,
                "`a` not allowed",
            ),
            // An item `show` does not match is shown as it is.
            (
                list(&["a:8080", "plain8080"]),
                r#"show = '^([^:]+):', within = []"#,
                false,
                "`a`, `plain8080` not allowed",
            ),
            // Without `show`, repeated items stay listed as before.
            (
                list(&["a", "a"]),
                "contains-none = [\"a\"]",
                false,
                "`a`, `a` not allowed",
            ),
            (None, test, true, "`v` is not set"),
        ]);
        assert!(compile("show = '(', within = []").is_err());
    }

    #[test]
    fn at_most() {
        check(&[
            (s("1"), "at-most = 2", true, "`1` is set here"),
            (s("3"), "at-most = 2", false, "`3` is more than 2"),
            (s("2"), "at-most = 2", true, "`2` is set here"),
            (s("-1"), "at-most = -1", true, "`-1` is set here"),
            (s("0"), "at-most = -1", false, "`0` is more than -1"),
            (s(" 2 "), "at-most = 2", true, "` 2 ` is set here"),
            (s("+2"), "at-most = 2", true, "`+2` is set here"),
            (Some(Value::Int(2)), "at-most = 2", true, "`2` is set here"),
            (
                Some(Value::Int(3)),
                "at-most = 2",
                false,
                "`3` is more than 2",
            ),
            (None, "at-most = 2", false, "`v` is not set"),
            (s(""), "at-most = 2", false, "empty is not a number"),
            (s("2.0"), "at-most = 2", false, "`2.0` is not a number"),
            (s("0x1"), "at-most = 2", false, "`0x1` is not a number"),
            (s("1s"), "at-most = 2", false, "`1s` is not a number"),
            (list(&["1"]), "at-most = 2", true, "`1` is set here"),
            (
                list(&["1", "2"]),
                "at-most = 2",
                false,
                "`1,2` is not a number",
            ),
            (
                Some(Value::Bool(true)),
                "at-most = 2",
                false,
                "`true` is not a number",
            ),
            (
                s("99999999999999999999"),
                "at-most = 2",
                false,
                "`99999999999999999999` is not a number",
            ),
            // An opaque (vault-encrypted) value cannot be judged: the atom holds.
            (Some(Value::Opaque("{}".into())), "at-most = 2", true, ""),
        ]);
    }

    #[test]
    fn duration_at_least() {
        check(&[
            (
                s("2h"),
                r#"duration-at-least = "1h""#,
                true,
                "`2h` is set here",
            ),
            (
                s("59m"),
                r#"duration-at-least = "1h""#,
                false,
                "`59m` is shorter than allowed",
            ),
            (
                s("1h"),
                r#"duration-at-least = "1h""#,
                true,
                "`1h` is set here",
            ),
            (
                s("60m"),
                r#"duration-at-least = "1h""#,
                true,
                "`60m` is set here",
            ),
            // Each unit, at the boundary (equal) and just under it.
            (
                s("30"),
                r#"duration-at-least = "30s""#,
                true,
                "`30` is set here",
            ),
            (
                s("29"),
                r#"duration-at-least = "30s""#,
                false,
                "`29` is shorter than allowed",
            ),
            (
                s("1000ms"),
                r#"duration-at-least = "1s""#,
                true,
                "`1000ms` is set here",
            ),
            (
                s("1999ms"),
                r#"duration-at-least = "2s""#,
                false,
                "`1999ms` is shorter than allowed",
            ),
            (
                s("60s"),
                r#"duration-at-least = "1m""#,
                true,
                "`60s` is set here",
            ),
            (
                s("3600s"),
                r#"duration-at-least = "1h""#,
                true,
                "`3600s` is set here",
            ),
            (
                s("24h"),
                r#"duration-at-least = "1d""#,
                true,
                "`24h` is set here",
            ),
            (
                s("7d"),
                r#"duration-at-least = "1w""#,
                true,
                "`7d` is set here",
            ),
            (
                s("30d"),
                r#"duration-at-least = "1M""#,
                true,
                "`30d` is set here",
            ),
            (
                s("29d"),
                r#"duration-at-least = "1M""#,
                false,
                "`29d` is shorter than allowed",
            ),
            (
                s("365d"),
                r#"duration-at-least = "1y""#,
                true,
                "`365d` is set here",
            ),
            (
                s("364d"),
                r#"duration-at-least = "1y""#,
                false,
                "`364d` is shorter than allowed",
            ),
            (
                s("1h30m"),
                r#"duration-at-least = "90m""#,
                true,
                "`1h30m` is set here",
            ),
            // Parts need not be in order, and may be spaced.
            (
                s("30m1h"),
                r#"duration-at-least = "90m""#,
                true,
                "`30m1h` is set here",
            ),
            (
                s("1h 30m"),
                r#"duration-at-least = "90m""#,
                true,
                "`1h 30m` is set here",
            ),
            (
                Some(Value::Int(60)),
                r#"duration-at-least = "1m""#,
                true,
                "`60` is set here",
            ),
            (None, r#"duration-at-least = "1m""#, false, "`v` is not set"),
            (
                s(""),
                r#"duration-at-least = "1m""#,
                false,
                "empty is not a duration",
            ),
            (
                s("1.5h"),
                r#"duration-at-least = "1m""#,
                false,
                "`1.5h` is not a duration",
            ),
            (
                s("1H"),
                r#"duration-at-least = "1m""#,
                false,
                "`1H` is not a duration",
            ),
            (
                s("-1h"),
                r#"duration-at-least = "1m""#,
                false,
                "`-1h` is not a duration",
            ),
            (
                s("h"),
                r#"duration-at-least = "1m""#,
                false,
                "`h` is not a duration",
            ),
            (
                list(&["1h", "2h"]),
                r#"duration-at-least = "1m""#,
                false,
                "`1h,2h` is not a duration",
            ),
            (
                Some(Value::Bool(true)),
                r#"duration-at-least = "1m""#,
                false,
                "`true` is not a duration",
            ),
            (
                s("99999999999999999999y"),
                r#"duration-at-least = "1m""#,
                false,
                "`99999999999999999999y` is not a duration",
            ),
            (
                Some(Value::Opaque("{}".into())),
                r#"duration-at-least = "1m""#,
                true,
                "",
            ),
        ]);
    }

    #[test]
    fn duration_at_most() {
        check(&[
            (
                s("1h"),
                r#"duration-at-most = "1d""#,
                true,
                "`1h` is set here",
            ),
            (
                s("25h"),
                r#"duration-at-most = "1d""#,
                false,
                "`25h` is longer than allowed",
            ),
            (
                s("1d"),
                r#"duration-at-most = "1d""#,
                true,
                "`1d` is set here",
            ),
            (
                s("86400"),
                r#"duration-at-most = "1d""#,
                true,
                "`86400` is set here",
            ),
            // Each unit, at the boundary (equal) and just over it.
            (
                s("30s"),
                r#"duration-at-most = "30""#,
                true,
                "`30s` is set here",
            ),
            (
                s("31s"),
                r#"duration-at-most = "30""#,
                false,
                "`31s` is longer than allowed",
            ),
            // `ms` rounds down: 1999ms is 1s.
            (
                s("1999ms"),
                r#"duration-at-most = "1s""#,
                true,
                "`1999ms` is set here",
            ),
            (
                s("2000ms"),
                r#"duration-at-most = "1s""#,
                false,
                "`2000ms` is longer than allowed",
            ),
            (
                s("1m"),
                r#"duration-at-most = "60s""#,
                true,
                "`1m` is set here",
            ),
            (
                s("61s"),
                r#"duration-at-most = "1m""#,
                false,
                "`61s` is longer than allowed",
            ),
            (
                s("1h"),
                r#"duration-at-most = "60m""#,
                true,
                "`1h` is set here",
            ),
            (
                s("1w"),
                r#"duration-at-most = "7d""#,
                true,
                "`1w` is set here",
            ),
            (
                s("8d"),
                r#"duration-at-most = "1w""#,
                false,
                "`8d` is longer than allowed",
            ),
            (
                s("1M"),
                r#"duration-at-most = "30d""#,
                true,
                "`1M` is set here",
            ),
            // `M` is a month, `m` a minute.
            (
                s("1M"),
                r#"duration-at-most = "1m""#,
                false,
                "`1M` is longer than allowed",
            ),
            (
                s("1y"),
                r#"duration-at-most = "365d""#,
                true,
                "`1y` is set here",
            ),
            (
                s("1y"),
                r#"duration-at-most = "364d""#,
                false,
                "`1y` is longer than allowed",
            ),
            (
                s("1d1s"),
                r#"duration-at-most = "1d""#,
                false,
                "`1d1s` is longer than allowed",
            ),
            (
                Some(Value::Int(60)),
                r#"duration-at-most = "1m""#,
                true,
                "`60` is set here",
            ),
            (None, r#"duration-at-most = "1d""#, false, "`v` is not set"),
            (
                s(""),
                r#"duration-at-most = "1d""#,
                false,
                "empty is not a duration",
            ),
            (
                s("off"),
                r#"duration-at-most = "1d""#,
                false,
                "`off` is not a duration",
            ),
            (
                s("5q"),
                r#"duration-at-most = "1d""#,
                false,
                "`5q` is not a duration",
            ),
            (
                list(&["1h", "2h"]),
                r#"duration-at-most = "1d""#,
                false,
                "`1h,2h` is not a duration",
            ),
            (
                Some(Value::Bool(false)),
                r#"duration-at-most = "1d""#,
                false,
                "`false` is not a duration",
            ),
            (
                Some(Value::Opaque("{}".into())),
                r#"duration-at-most = "1d""#,
                true,
                "",
            ),
        ]);
    }

    #[test]
    fn contains_none() {
        let banned = r#"contains-none = ["exec", "suid"]"#;
        check(&[
            (list(&["nodev", "nosuid"]), banned, true, ""),
            (
                list(&["nodev", "exec"]),
                banned,
                false,
                "`exec` not allowed",
            ),
            (
                list(&["suid", "nodev", "exec"]),
                banned,
                false,
                "`suid`, `exec` not allowed",
            ),
            // Equal to the operand: every item is banned.
            (
                list(&["exec", "suid"]),
                banned,
                false,
                "`exec`, `suid` not allowed",
            ),
            (list(&[]), banned, true, ""),
            (list(&["exec"]), "contains-none = []", true, ""),
            (None, banned, true, "`v` is not set"),
            // Items compare exactly: case matters, and a scalar is one item.
            (list(&["EXEC"]), banned, true, ""),
            (s("exec"), banned, false, "`exec` not allowed"),
            (s("nodev,exec"), banned, true, ""),
            (
                Some(Value::Int(5)),
                "contains-none = [5]",
                false,
                "`5` not allowed",
            ),
            (
                Some(Value::Bool(true)),
                r#"contains-none = "true""#,
                false,
                "`true` not allowed",
            ),
            (Some(Value::Opaque("{}".into())), banned, true, ""),
        ]);
    }

    /// Operands the tests refuse when the rule is compiled.
    #[test]
    fn bad_operands() {
        for (test, message) in [
            (r#"at-most = "2""#, "expected an integer"),
            ("at-most = 2.5", "expected an integer"),
            ("at-most = [2]", "expected an integer"),
            ("duration-at-least = 60", "expected a string"),
            ("duration-at-most = 3600", "expected a string"),
            (
                r#"duration-at-most = "1x""#,
                "bad duration `1x` (e.g. `30s`, `5m`, `1h`, `1d`)",
            ),
            (
                r#"duration-at-least = """#,
                "bad duration `` (e.g. `30s`, `5m`, `1h`, `1d`)",
            ),
            (
                "contains-none = [[1]]",
                "list items must be strings or numbers",
            ),
            (
                "contains-none = { x = 1 }",
                "unknown key `x` (expected `param`, `key-field` or `param-keys`)",
            ),
        ] {
            assert_eq!(compile(test).err().as_deref(), Some(message), "`{test}`");
        }
    }

    /// A quantifier's own `label` may use what its nested predicate binds: here the
    /// `offending` items of the occurrence that failed (a label for a default replaces
    /// the "default applies" one, as on any atom).
    #[test]
    fn quantifier_label_reads_the_nested_bindings() {
        let params = BTreeMap::new();
        let cx = CompileContext {
            params: &params,
            kind: FileKind::Nginx,
        };
        let def = r#"p = { child = "c", every = { field = "f", contains-none = ["x"] }, label = "{offending} here" }"#;
        let doc: BTreeMap<String, Spanned<PredDef>> = toml::from_str(def).unwrap();
        let pred = Pred::compile(&doc["p"], &cx).unwrap();
        let span = Span::new(FileId(0), 0, 1);
        let mut child = Node::new("directive", At::new("c".into(), span), span);
        let item = |t: &str| At::new(t.to_string(), span);
        child.set("f", Value::List(vec![item("y"), item("x")]), span);
        let mut node = Node::new("directive", At::new("n".into(), span), span);
        node.children.push(child);
        let links = LinkIndex::default();
        let defaults = Defaults::default();
        let cx = EvalContext {
            today: Date::new(2024, 1, 1).unwrap(),
            links: &links,
            defaults: &defaults,
            kind: FileKind::Nginx,
            compatibility_level: None,
            siblings: Default::default(),
            levels: Default::default(),
        };
        let (ok, ev) = pred.eval(&node, &[], &cx);
        assert!(!ok);
        assert_eq!(ev.label.as_deref(), Some("`x` here"));
        // Unknown to the nested predicate, it is still an error.
        let def =
            r#"p = { child = "c", every = { field = "f", exists = true }, label = "{offending}" }"#;
        let doc: BTreeMap<String, Spanned<PredDef>> = toml::from_str(def).unwrap();
        assert!(
            Pred::compile(
                &doc["p"],
                &CompileContext {
                    params: &params,
                    kind: FileKind::Nginx
                }
            )
            .is_err()
        );
    }
}
