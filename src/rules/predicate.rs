//! The predicate language of `select.where` and `assert`: combinators over atoms,
//! each atom a subject of the node (a field, a child, the name, the arguments) and one
//! test. Compiled once per rule; evaluated per selected node.
//!
//! The tests are units behind one trait ([`kind::Test`]), one file a test or a small
//! family under `predicate/`; [`registry!`] below lists them. A new test is a new file
//! and one line there.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use jiff::civil::Date;
use toml::Spanned;

use super::def::PredDef;
use super::inherit::{self, Origin};
use crate::defaults::Defaults;
use crate::model::{FileKind, Node, Value};
use crate::rules::refs::{LinkIndex, LinkTarget};
use crate::source::Span;

pub mod kind;
mod operand;
#[cfg(test)]
mod table;

pub(crate) use crate::model::age::parse_age;
pub use ciphers::SELECTED;
use kind::{Entry, RawTest, Site, Test, TestKind};
use operand::{code_list, resolve_string};
pub use unique::SiblingIndex;

/// Lists the test units: `module { Test, … }` declares `predicate/module.rs` and
/// registers its tests, in the order the rule language lists them.
macro_rules! registry {
    ($($module:ident { $($test:ident),+ $(,)? })+) => {
        $(mod $module;)+

        /// Every test of the rule language: its key, what it binds, how it compiles.
        pub static TESTS: &[Entry] = &[$($(Entry::of::<$module::$test>(),)+)+];

        /// Reads the operand of the test `key` from a rule file, as the test's own
        /// operand type (so a type error is reported at the value); `None` if `key`
        /// is no test.
        pub fn read_operand<'de, A: serde::de::MapAccess<'de>>(
            key: &str,
            map: &mut A,
        ) -> Result<Option<Option<RawTest>>, A::Error> {
            $($(
                if key == <$module::$test as TestKind>::KEY {
                    let operand = map
                        .next_value::<Option<<$module::$test as TestKind>::Operand>>()?;
                    return Ok(Some(operand.and_then(RawTest::new::<$module::$test>)));
                }
            )+)+
            Ok(None)
        }
    };
}

registry! {
    equals { Exists, Equals, OneOf }
    matches { Matches, AnyMatches, NoneMatches }
    contains { Within, ContainsAll, ContainsAny, ContainsNone }
    path { PathUnder, PathIs }
    number { AtLeast, AtMost }
    duration { DurationAtLeast, DurationAtMost }
    date { IsDate, NotInFuture, NotOlderThan }
    cidr { CidrMaxBreadth }
    refers_to { RefersTo }
    words { ContainsWord }
    unique { Unique, DistinctAtLeast }
    ciphers { CiphersWithinProfile, CiphersuitesWithinProfile }
}

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
    /// `{ if = …, then = … }`: `not if or then`; when it fails, the `then` says why.
    Implies(Box<Pred>, Box<Pred>),
    Atom(Box<Atom>),
}

#[derive(Debug, Clone)]
pub struct Atom {
    subject: Subject,
    test: AtomTest,
    extract: Option<super::Rx>,
    /// What `offending` shows of an item (`show`), read from the item before `extract`.
    show: Option<super::Rx>,
    label: Option<super::template::Template>,
    note: Option<super::template::Template>,
    /// Failures are reported at the node, not where the inherited value is set.
    at: ReportAt,
}

/// A quantifier over a child's occurrences, or one test of the registry.
#[derive(Debug, Clone)]
enum AtomTest {
    /// Some / every / no occurrence of a child directive satisfies the predicate.
    Quant(Quantifier, Box<Pred>),
    Unit(&'static Entry, Arc<dyn Test>),
}

#[derive(Debug, Clone)]
pub enum Subject {
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
    /// Judging only: the verdict, `unknown`, `opaque`, `span`, `origin` and `progress`
    /// are as when explaining, but no label, binding, note or context is built (see
    /// [`EvalContext::quiet`]).
    quiet: bool,
}

impl Evidence {
    /// Empty evidence, explaining or not as `cx` evaluates.
    pub fn new(cx: &EvalContext) -> Evidence {
        Evidence {
            quiet: cx.quiet.get(),
            ..Evidence::default()
        }
    }

    /// Whether labels, bindings and notes are built.
    pub fn explains(&self) -> bool {
        !self.quiet
    }

    /// Sets the label, when explaining.
    pub fn say(&mut self, label: impl FnOnce() -> String) {
        if !self.quiet {
            self.label = Some(label());
        }
    }

    /// Binds the placeholder `name`, when explaining.
    pub fn bind(&mut self, name: &str, value: impl FnOnce() -> String) {
        if !self.quiet {
            self.vars.push((name.to_string(), value()));
        }
    }

    /// Adds a secondary label, when explaining.
    pub fn note(&mut self, span: Span, text: impl FnOnce() -> String) {
        if !self.quiet {
            self.notes.push((span, text()));
        }
    }

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

/// What is worked out once per inherited value: by atom, first occurrence and number of
/// occurrences (their addresses), and whether judging quietly.
pub type InheritedCache<T> = std::collections::HashMap<(usize, usize, usize, bool), T>;

/// What an atom's `extract` picked of each text: a byte range, `None` for no match.
pub type Extracts = std::collections::HashMap<String, Option<(usize, usize)>>;

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
    /// The children of each level by name, for inheritance and nginx's `map` and
    /// `log_format` look-ups.
    pub levels: inherit::LevelIndex,
    /// Judge only, without words: most nodes pass, and what a finding says is built
    /// only for one that fails, by evaluating it again with `quiet` off. Labels,
    /// bindings and notes never decide a verdict, so both evaluations agree (the table
    /// tests check every row both ways).
    pub quiet: std::cell::Cell<bool>,
    /// Quiet verdicts on inherited values, by atom, first occurrence and number of
    /// occurrences (their addresses): a value every block inherits from one level
    /// (Postfix's `mynetworks` in each `master.cf` service) is judged once, not once per
    /// inheritor. Only for tests that read the value alone (`Test::reads_site`).
    pub inherited: std::cell::RefCell<InheritedCache<(bool, Evidence)>>,
    /// Inherited values as atoms read them (after `extract`), keyed as above.
    pub values: std::cell::RefCell<InheritedCache<std::rc::Rc<Option<SubjectValue>>>>,
    /// What each atom's `extract` picks of each distinct text (a byte range; `None`: no
    /// match), by the atom's address.
    pub extracts: std::cell::RefCell<std::collections::HashMap<usize, Extracts>>,
    /// How many times an atom judged a present value (`eval_present`): what the cache
    /// above saves, counted for tests.
    pub judged: std::cell::Cell<usize>,
}

impl<'a> EvalContext<'a> {
    /// A context that explains (`quiet` off), with empty caches.
    pub fn new(
        today: Date,
        links: &'a LinkIndex,
        defaults: &'a Defaults,
        kind: FileKind,
        compatibility_level: Option<crate::defaults::Version>,
    ) -> Self {
        EvalContext {
            today,
            links,
            defaults,
            kind,
            compatibility_level,
            siblings: Default::default(),
            levels: Default::default(),
            quiet: Default::default(),
            inherited: Default::default(),
            values: Default::default(),
            extracts: Default::default(),
            judged: Default::default(),
        }
    }
}

/// Context for compiling: the rule's effective params.
pub struct CompileContext<'a> {
    pub params: &'a BTreeMap<String, toml::Value>,
    pub kind: FileKind,
    /// Regexes may be compiled when first used: a built-in rule's own (`rules::rx`).
    pub lazy_regex: bool,
    /// The TLS profiles the cipher tests name (`selected`: the config's).
    pub profiles: &'a crate::tls::profile::Profiles,
}

impl Pred {
    /// Every placeholder some atom of the predicate can fill.
    pub fn bindings(&self, out: &mut std::collections::BTreeSet<&'static str>) {
        match self {
            Pred::All(v) | Pred::Any(v) => v.iter().for_each(|p| p.bindings(out)),
            Pred::Not(p) => p.bindings(out),
            Pred::Implies(c, t) => {
                c.bindings(out);
                t.bindings(out);
            }
            Pred::Atom(a) => match &a.test {
                AtomTest::Unit(entry, _) => out.extend(entry.binds),
                // What an occurrence's predicate binds reaches the finding too.
                AtomTest::Quant(_, inner) => {
                    out.insert("value");
                    inner.bindings(out);
                }
            },
        }
    }

    /// Whether some atom of the predicate uses the test `key` (`ciphers-within-profile`).
    pub fn uses(&self, key: &str) -> bool {
        match self {
            Pred::All(v) | Pred::Any(v) => v.iter().any(|p| p.uses(key)),
            Pred::Not(p) => p.uses(key),
            Pred::Implies(c, t) => c.uses(key) || t.uses(key),
            Pred::Atom(a) => match &a.test {
                AtomTest::Unit(entry, _) => entry.key == key,
                AtomTest::Quant(_, inner) => inner.uses(key),
            },
        }
    }

    pub fn compile(def: &Spanned<PredDef>, cx: &CompileContext) -> Result<Pred, CompileError> {
        let span = def.span();
        let d = def.get_ref();
        let implication = d.if_.is_some() || d.then.is_some();
        let combinators = usize::from(d.all.is_some())
            + usize::from(d.any.is_some())
            + usize::from(d.not.is_some())
            + usize::from(implication);
        if combinators > 0 {
            let modifiers = d.label.is_some()
                || d.note.is_some()
                || d.report_at.is_some()
                || d.inherit.is_some()
                || d.extract.is_some()
                || d.show.is_some();
            if modifiers && implication {
                return Err(CompileError::new(
                    span,
                    "`label`, `note`, `report-at`, `inherit`, `extract` and `show` belong to an atom, not to `if`/`then`",
                ));
            }
            if modifiers {
                return Err(CompileError::new(
                    span,
                    "`label`, `note`, `report-at`, `inherit`, `extract` and `show` belong to an atom, not to `all`, `any` or `not`",
                ));
            }
            if (combinators > 1 || has_atom_keys(d)) && implication {
                return Err(CompileError::new(
                    span,
                    "`if` and `then` make one predicate: not with `all`, `any`, `not` or an atom's keys",
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
            return match (&d.if_, &d.then) {
                (Some(c), Some(t)) => Ok(Pred::Implies(
                    Box::new(Pred::compile(c, cx)?),
                    Box::new(Pred::compile(t, cx)?),
                )),
                (Some(_), None) => Err(CompileError::new(span, "`if` needs a `then`")),
                _ => Err(CompileError::new(span, "`then` needs an `if`")),
            };
        }
        Ok(Pred::Atom(Box::new(Atom::compile(d, span, cx)?)))
    }

    /// Every cross-file target the predicate looks up.
    pub fn link_targets<'a>(&'a self, out: &mut Vec<&'a LinkTarget>) {
        match self {
            Pred::All(v) | Pred::Any(v) => v.iter().for_each(|p| p.link_targets(out)),
            Pred::Not(p) => p.link_targets(out),
            Pred::Implies(c, t) => {
                c.link_targets(out);
                t.link_targets(out);
            }
            Pred::Atom(a) => match &a.test {
                AtomTest::Unit(_, test) => out.extend(test.link_target()),
                AtomTest::Quant(_, p) => p.link_targets(out),
            },
        }
    }

    /// Evaluates the predicate on `node`, whose ancestors (root first) are
    /// `ancestors`; the evidence explains the outcome.
    pub fn eval(&self, node: &Node, ancestors: &[&Node], cx: &EvalContext) -> (bool, Evidence) {
        match self {
            Pred::All(preds) => {
                let mut passed = Evidence::new(cx);
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
                    Evidence::new(cx)
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
                if ok && ev.label.is_none() {
                    ev.say(|| "not allowed here".into());
                }
                (!ok, ev)
            }
            Pred::Implies(c, t) => implies(c, t, node, ancestors, cx),
            Pred::Atom(atom) => atom.eval(node, ancestors, cx),
        }
    }
}

/// `not if or then`. When `if` fails the implication holds; when it holds, `then`
/// decides and its evidence says why, with the notes of `if` (why the check applies)
/// and the bindings `then` leaves unset. An `if` that holds only because its value is
/// unknown makes the implication unknown unless `then` holds for sure.
fn implies(
    c: &Pred,
    t: &Pred,
    node: &Node,
    ancestors: &[&Node],
    cx: &EvalContext,
) -> (bool, Evidence) {
    let (applies, cond) = c.eval(node, ancestors, cx);
    if !applies {
        return (true, cond);
    }
    let (ok, mut ev) = t.eval(node, ancestors, cx);
    // Unless `then` holds for sure, an unknown `if` leaves the verdict unknown.
    if cond.unknown && (!ok || ev.unknown) {
        return (true, cond);
    }
    if ok {
        let mut context = cond.context;
        context.append(&mut ev.context);
        ev.context = context;
        return (true, ev);
    }
    ev.progress += 1;
    ev.notes.extend(cond.context);
    for (k, v) in cond.vars {
        if ev.var(&k).is_none() {
            ev.vars.push((k, v));
        }
    }
    (false, ev)
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
        || !d.tests.is_empty()
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
            if !d.tests.is_empty() || quantifiers.iter().filter(|(p, _)| p.is_some()).count() != 1 {
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
                test: AtomTest::Quant(q, Box::new(inner)),
                extract: None,
                show: None,
                label,
                note,
                at: report_at(d).map_err(|m| err(&m))?,
            });
        }
        let [raw] = d.tests.as_slice() else {
            return Err(err(
                "an atom has exactly one test (`exists`, `equals`, `one-of`, `matches`, `within`, `contains-all`, …)",
            ));
        };
        let test = raw.entry.compile(raw, cx).map_err(|m| err(&m))?;
        let label = compile_label(d, raw.entry.binds, cx).map_err(|m| err(&m))?;
        let extract = match &d.extract {
            Some(re) => Some(super::Rx::new(re, cx.lazy_regex).map_err(|m| err(&m))?),
            None => None,
        };
        let show = match &d.show {
            Some(re) => Some(super::Rx::new(re, cx.lazy_regex).map_err(|m| err(&m))?),
            None => None,
        };
        let note = compile_note(d, cx).map_err(|m| err(&m))?;
        Ok(Atom {
            subject,
            test: AtomTest::Unit(raw.entry, test),
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
                    let mut ev = Evidence::new(cx);
                    ev.unknown = true;
                    return (true, ev);
                }
                if let AtomTest::Quant(q, inner) = &self.test {
                    let (ok, mut ev) =
                        self.eval_quantifier(node, ancestors, name, &occ, *q, inner, cx);
                    if let Some(source) = occ.default_source.as_ref().filter(|_| !ok) {
                        default_applies(&mut ev, name, source, &occ.nodes);
                    }
                    (ok, ev)
                } else {
                    // An inherited value is the same for every block that inherits it:
                    // built once (by atom, first occurrence and number of occurrences);
                    // judged once too, quietly, by a test that reads only the value.
                    let key = match (&occ.origin, occ.nodes.first()) {
                        (Origin::Inherited(_), Some(std::borrow::Cow::Borrowed(first)))
                            if occ
                                .nodes
                                .iter()
                                .all(|n| matches!(n, std::borrow::Cow::Borrowed(_))) =>
                        {
                            Some((
                                self as *const Atom as usize,
                                *first as *const Node as usize,
                                occ.nodes.len(),
                                cx.quiet.get(),
                            ))
                        }
                        _ => None,
                    };
                    let verdict_key = key.filter(|_| {
                        cx.quiet.get()
                            && matches!(&self.test, AtomTest::Unit(_, t) if !t.reads_site())
                    });
                    let cached = verdict_key.and_then(|k| cx.inherited.borrow().get(&k).cloned());
                    let (ok, mut ev) = match cached {
                        Some(found) => found,
                        None => {
                            let value = match key {
                                Some(k) => {
                                    let known = cx.values.borrow().get(&k).cloned();
                                    known.unwrap_or_else(|| {
                                        let v = std::rc::Rc::new(self.value_of(&occ.nodes, cx));
                                        cx.values.borrow_mut().insert(k, v.clone());
                                        v
                                    })
                                }
                                None => std::rc::Rc::new(self.value_of(&occ.nodes, cx)),
                            };
                            let found = match value.as_ref() {
                                None => self.eval_missing(node, cx),
                                Some(v) => self.eval_present(node, ancestors, v, cx),
                            };
                            // A missing value is reported at the node: not shared.
                            if let Some(k) = verdict_key.filter(|_| value.is_some()) {
                                cx.inherited.borrow_mut().insert(k, found.clone());
                            }
                            found
                        }
                    };
                    if let Some(source) = &occ.default_source {
                        default_applies(&mut ev, name, source, &occ.nodes);
                    }
                    ev.origin = Some(occ.origin.clone());
                    (ok, ev)
                }
            }
            // An opaque value (vault-encrypted) is there, but what it says is unknown.
            Subject::Field(f)
                if !matches!(&self.test, AtomTest::Unit(_, t) if !t.reads_value())
                    && let Some(v) = node.field(f)
                    && matches!(v.value, Value::Opaque(_)) =>
            {
                let mut ev = Evidence::new(cx);
                ev.span = Some(v.span);
                ev.unknown = true;
                ev.opaque.push((v.span, f.clone()));
                return (true, ev);
            }
            subject => match subject.read(node).and_then(|v| self.extracted(v, cx)) {
                None => self.eval_missing(node, cx),
                Some(v) => self.eval_present(node, ancestors, &v, cx),
            },
        };
        if self.at == ReportAt::Scope
            && !ok
            && ev.origin == Some(Origin::Default)
            && let Some(root) = ancestors.first()
        {
            ev.note(node.name.span, || {
                format!("this `{}` inherits it", node.name.value)
            });
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
                ev.note(span, || {
                    format!("`{value}` is set here, for every block that does not set its own")
                });
            }
            ev.span = Some(block_span(node));
            ev.origin = Some(Origin::Own);
        }
        // A quantifier that found its match hidden by a nearer declaration says so
        // itself; the atom's own label is for the plain failure.
        let hidden = matches!(self.test, AtomTest::Quant(..)) && !ev.notes.is_empty();
        // The atom's own label, when what it says is known (a label about the value
        // does not fit a missing value, which keeps "is not set").
        if let Some(label) = self.label.as_ref().filter(|_| !hidden && ev.explains())
            && let Some(text) = label.try_render(|v| {
                ev.var(v)
                    .map(str::to_string)
                    .or_else(|| super::node_var(node, v))
            })
        {
            ev.label = Some(text);
        }
        if ok
            && ev.explains()
            && let (Some(note), Some(span)) = (&self.note, ev.span)
        {
            let text = note.render(|v| {
                ev.var(v)
                    .map(str::to_string)
                    .or_else(|| super::node_var(node, v))
            });
            ev.context.push((span, text));
        }
        (ok, ev)
    }

    /// The value of child occurrences as the atom reads it (`extracted`).
    fn value_of(
        &self,
        occ: &[std::borrow::Cow<'_, Node>],
        cx: &EvalContext,
    ) -> Option<SubjectValue> {
        let nodes: Vec<&Node> = occ.iter().map(|n| n.as_ref()).collect();
        occurrences_value(&nodes).and_then(|v| self.extracted(v, cx))
    }

    /// The subject's text and items with `extract` applied, and what `show` shows of
    /// each item (read before `extract`); `None` if nothing matches.
    /// What `show` shows is read only when explaining (`offending` lists it).
    fn extracted(&self, mut v: SubjectValue, cx: &EvalContext) -> Option<SubjectValue> {
        if let Some(show) = self.show.as_ref().filter(|_| !cx.quiet.get()) {
            v.shown = v
                .items
                .iter()
                .map(|(text, _)| {
                    show.get()
                        .captures(text)
                        .and_then(|c| c.get(1).or_else(|| c.get(0)))
                        .map_or(text.clone(), |m| m.as_str().to_string())
                })
                .collect();
        }
        let Some(re) = &self.extract else {
            return Some(v);
        };
        let re = re.get();
        // One set of capture slots for every item; what the regex picks of each
        // distinct text is remembered for the evaluation (the same variables are read
        // from every `access_log` in effect at every block).
        let mut slots = re.capture_locations();
        let mut picked = cx.extracts.borrow_mut();
        let picked = picked.entry(self as *const Atom as usize).or_default();
        let mut pick = |text: &str| {
            let range = match picked.get(text) {
                Some(range) => *range,
                None => {
                    let range = re
                        .captures_read(&mut slots, text)
                        .map(|_| slots.get(1).or_else(|| slots.get(0)).unwrap_or((0, 0)));
                    picked.insert(text.to_string(), range);
                    range
                }
            };
            range.map(|(a, b)| text[a..b].to_string())
        };
        let mut items: Vec<(String, Span)> = Vec::new();
        let mut shown = Vec::new();
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
        // The first occurrence that decides (one that holds for `some` and `none`, one
        // that fails for `every`), and the first one's evidence.
        let mut first: Option<Evidence> = None;
        let mut decided: Option<(usize, Evidence)> = None;
        for (i, n) in occ.nodes.iter().enumerate() {
            let (ok, ev) = inner.eval(n, &occ.ancestors, cx);
            if ok == (q != Quantifier::Every) {
                decided = Some((i, ev));
                break;
            }
            if i == 0 {
                first = Some(ev);
            }
        }
        let at = |ev: Evidence, fallback: Span| Evidence {
            span: ev.span.or(Some(fallback)),
            ..ev
        };
        let first_span = occ.nodes.first().map_or(block_span(node), |n| n.span);
        let (ok, mut ev) = match (q, decided) {
            (Quantifier::Some, Some((i, ev))) => (true, at(ev, occ.nodes[i].span)),
            (Quantifier::Some, None) => {
                let mut ev = Evidence::new(cx);
                ev.span = Some(first_span);
                if ev.explains() {
                    ev.label = Some(if occ.nodes.is_empty() {
                        format!("`{name}` is not set")
                    } else if occ.origin == Origin::Own || occ.default_source.is_some() {
                        format!("no `{name}` here does")
                    } else {
                        format!("no `{name}` in effect here does")
                    });
                    // What the first occurrence lacked fills the placeholders.
                    ev.vars = first.map(|e| e.vars).unwrap_or_default();
                }
                // A nearer declaration hides one that would do: say where it is.
                if ev.explains()
                    && !occ.nodes.is_empty()
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
                        format!("not inherited, because a nearer block declares its own `{name}`"),
                    ));
                }
                (false, ev)
            }
            (Quantifier::Every, Some((i, ev))) => (false, at(ev, occ.nodes[i].span)),
            (Quantifier::None, Some((i, ev))) => {
                let mut ev = at(ev, occ.nodes[i].span);
                if ev.label.is_none() {
                    ev.say(|| "not allowed here".into());
                }
                (false, ev)
            }
            (Quantifier::Every | Quantifier::None, None) => {
                let mut ev = Evidence::new(cx);
                ev.span = Some(first_span);
                (true, ev)
            }
        };
        ev.origin = Some(occ.origin.clone());
        (ok, ev)
    }

    /// The subject is absent (no such field or child).
    fn eval_missing(&self, node: &Node, cx: &EvalContext) -> (bool, Evidence) {
        let mut ev = Evidence::new(cx);
        ev.span = Some(block_span(node));
        ev.say(|| format!("{} is not set", self.subject.describe()));
        let ok = match &self.test {
            AtomTest::Unit(_, test) => test.absent(node, &mut ev),
            AtomTest::Quant(..) => false,
        };
        (ok, ev)
    }

    fn eval_present(
        &self,
        node: &Node,
        ancestors: &[&Node],
        s: &SubjectValue,
        cx: &EvalContext,
    ) -> (bool, Evidence) {
        cx.judged.set(cx.judged.get() + 1);
        let mut ev = Evidence::new(cx);
        ev.span = Some(s.span);
        ev.bind("value", || s.text.clone());
        let ok = match &self.test {
            AtomTest::Unit(_, test) => {
                let at = Site {
                    node,
                    ancestors,
                    subject: &self.subject,
                    cx,
                };
                test.evaluate(s, &at, &mut ev)
            }
            // Quantifiers are evaluated on occurrences, in `eval_quantifier`.
            AtomTest::Quant(..) => false,
        };
        (ok, ev)
    }
}

/// Fails when an item of `s` is `bad`, pointing at the first such item; they are
/// listed as `show` shows them (each once), else as they are.
fn offending(ev: &mut Evidence, s: &SubjectValue, bad: impl Fn(&str) -> bool, what: &str) -> bool {
    if !ev.explains() {
        let first = s
            .items
            .iter()
            .find(|(text, _)| bad(text))
            .map(|(_, span)| *span);
        if first.is_some() {
            ev.span = first;
        }
        return first.is_none();
    }
    let mut listed: Vec<&String> = Vec::new();
    let mut first = None;
    let mut seen = std::collections::BTreeSet::new();
    for (i, (text, span)) in s.items.iter().enumerate() {
        if !bad(text) {
            continue;
        }
        first.get_or_insert(*span);
        match s.shown.get(i) {
            Some(shown) => {
                if seen.insert(shown.as_str()) {
                    listed.push(shown);
                }
            }
            None => listed.push(text),
        }
    }
    ev.vars
        .push(("offending".into(), code_list(listed.iter().copied())));
    if let Some(span) = first {
        ev.span = Some(span);
        ev.label = Some(format!("{} {what}", code_list(listed.iter().copied())));
    }
    first.is_none()
}

/// The subject as a test reads it: its text, where it is, and its items (a list's
/// entries, each child occurrence's arguments), each with its own span.
pub struct SubjectValue {
    text: String,
    span: Span,
    items: Vec<(String, Span)>,
    /// What `show` shows of each item (what `offending` lists); empty without `show`.
    shown: Vec<String>,
}

impl SubjectValue {
    /// The text as labels quote it: `` `x` ``, or `empty` (written only when a label
    /// is).
    fn quoted(&self) -> Quoted<'_> {
        Quoted(&self.text)
    }
}

/// A subject's text as labels quote it (`SubjectValue::quoted`).
struct Quoted<'a>(&'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            f.write_str("empty")
        } else {
            write!(f, "`{}`", self.0)
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

/// The label of a failure on a default: what the test said, and which default applies.
fn default_applies(
    ev: &mut Evidence,
    name: &str,
    source: &str,
    nodes: &[std::borrow::Cow<'_, Node>],
) {
    if ev.explains() {
        let label = ev.label.take().unwrap_or_default();
        let default = default_text(nodes);
        ev.label = Some(format!(
            "{label}: no `{name}` here or above, so the {source} default {default} applies"
        ));
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
            Pred::Implies(c, t) => {
                let part = |f: &mut std::fmt::Formatter<'_>, p: &Pred| match p {
                    Pred::Atom(_) | Pred::Not(_) => write!(f, "{p}"),
                    _ => write!(f, "({p})"),
                };
                f.write_str("if ")?;
                part(f, c)?;
                f.write_str(", then ")?;
                part(f, t)
            }
            Pred::Atom(a) => write!(f, "{a}"),
        }
    }
}

impl std::fmt::Display for Atom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.subject.describe();
        match &self.test {
            AtomTest::Unit(_, test) => test.describe(&s, f),
            AtomTest::Quant(q, p) => {
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::table::{
        Value, check, compile, compile_in, compile_pred, evaluate, list, node, opaque, s,
    };
    use super::*;

    /// A list every block inherits from one level (Postfix's `mynetworks` in each
    /// `master.cf` service) is judged once per evaluation, not once per block; a block
    /// with its own list is judged on its own. Explaining evaluates again, as before.
    #[test]
    fn an_inherited_list_is_judged_once_for_all_inheritors() {
        let pred = compile_in(
            FileKind::Nginx,
            r#"{ child = "mynetworks", inherit = true, cidr-max-breadth = { v4 = 24, v6 = 48 } }"#,
        )
        .unwrap();
        let span = Span::new(crate::source::FileId(0), 0, 1);
        let at = |t: &str| crate::source::Spanned::new(t.to_string(), span);
        let nets = |list: &[&str]| {
            let mut n = Node::new("directive", at("mynetworks"), span);
            n.args = list.iter().map(|t| at(t)).collect();
            n
        };
        let mut level = Node::new("directive", at("http"), span);
        level.children.push(nets(&["10.0.0.0/24", "192.0.2.0/16"]));
        for i in 0..50 {
            let mut block = Node::new("directive", at("server"), span);
            if i == 7 {
                block.children.push(nets(&["10.0.0.0/24"]));
            }
            level.children.push(block);
        }
        let root = node(None);
        let links = LinkIndex::default();
        let defaults = crate::defaults::Defaults::default();
        let cx = EvalContext::new(
            jiff::civil::Date::constant(2026, 12, 1),
            &links,
            &defaults,
            FileKind::Nginx,
            None,
        );
        cx.quiet.set(true);
        let verdicts: Vec<bool> = level.children[1..]
            .iter()
            .map(|block| pred.eval(block, &[&root, &level], &cx).0)
            .collect();
        // Every block but the one with its own list inherits the /16 and fails.
        assert_eq!(verdicts.iter().filter(|ok| **ok).count(), 1);
        assert!(verdicts[7]);
        // Judged twice: the inherited list once, the block's own list once.
        assert_eq!(cx.judged.get(), 2);
        // Explaining is not cached: each explanation judges the value again.
        cx.quiet.set(false);
        let (ok, ev) = pred.eval(&level.children[1], &[&root, &level], &cx);
        assert!(!ok);
        assert_eq!(
            ev.label.as_deref(),
            Some("`192.0.2.0/16` too broad a network")
        );
        assert_eq!(cx.judged.get(), 3);
    }

    /// `extract` runs its regex once per distinct text in an evaluation, and picks the
    /// same from a remembered text as from a new one.
    #[test]
    fn extract_is_worked_out_once_per_distinct_text() {
        let pred = compile(r#"extract = '(\w*)$', contains-none = ["remote_addr"]"#).unwrap();
        let links = LinkIndex::default();
        let defaults = crate::defaults::Defaults::default();
        let cx = EvalContext::new(
            jiff::civil::Date::constant(2026, 12, 1),
            &links,
            &defaults,
            FileKind::Fstab,
            None,
        );
        cx.quiet.set(true);
        let one = node(list(&["$a=$remote_addr", "$status", "x-"]));
        let two = node(list(&["$status", "$b=$remote_addr", "x-"]));
        for _ in 0..3 {
            assert!(!pred.eval(&one, &[], &cx).0);
            assert!(!pred.eval(&two, &[], &cx).0);
        }
        let extracts = cx.extracts.borrow();
        let [(_, texts)] = extracts.iter().collect::<Vec<_>>()[..] else {
            panic!("one atom extracts");
        };
        // Four distinct items and the two whole texts.
        assert_eq!(texts.len(), 6);
        assert_eq!(texts.get("x-"), Some(&Some((2, 2))));
        assert_eq!(texts.get("$status"), Some(&Some((1, 7))));
    }

    /// `show`: what `offending` lists of each item (before `extract`), each once.
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

    /// A quantifier's own `label` may use what its nested predicate binds: here the
    /// `offending` items of the occurrence that failed (a label for a default replaces
    /// the "default applies" one, as on any atom).
    #[test]
    fn quantifier_label_reads_the_nested_bindings() {
        let pred = compile_in(
            FileKind::Nginx,
            r#"{ child = "c", every = { field = "f", contains-none = ["x"] }, label = "{offending} here" }"#,
        )
        .unwrap();
        let span = Span::new(crate::source::FileId(0), 0, 1);
        let mut child = Node::new(
            "directive",
            crate::source::Spanned::new("c".into(), span),
            span,
        );
        let item = |t: &str| crate::source::Spanned::new(t.to_string(), span);
        child.set("f", Value::List(vec![item("y"), item("x")]), span);
        let mut parent = node(None);
        parent.children.push(child);
        let (ok, ev) = evaluate(&pred, &parent, &[]);
        assert!(!ok);
        assert_eq!(ev.label.as_deref(), Some("`x` here"));
        // Unknown to the nested predicate, it is still an error.
        assert!(
            compile_in(
                FileKind::Nginx,
                r#"{ child = "c", every = { field = "f", exists = true }, label = "{offending}" }"#,
            )
            .is_err()
        );
    }

    /// An fstab-like node with the fields `v` and `w`.
    fn two(v: Option<Value>, w: Option<Value>) -> Node {
        let mut n = node(v);
        if let Some(w) = w {
            n.set("w", w, Span::new(crate::source::FileId(0), 2, 3));
        }
        n
    }

    const IMPLIES: &str = r#"{ if = { field = "v", equals = "tmp", note = "a tmp mount" }, then = { field = "w", contains-all = ["nosuid"] } }"#;
    const ANY_NOT: &str = r#"{ any = [{ not = { field = "v", equals = "tmp" } }, { field = "w", contains-all = ["nosuid"] }] }"#;

    #[test]
    fn implication_holds_where_if_fails_and_then_decides_where_it_holds() {
        let pred = compile_pred(IMPLIES).unwrap();
        let either = compile_pred(ANY_NOT).unwrap();
        let rows: &[(Option<Value>, Option<Value>, bool, &str)] = &[
            (s("home"), list(&["exec"]), true, ""),
            (None, None, true, ""),
            (s("tmp"), list(&["nosuid", "exec"]), true, ""),
            (s("tmp"), list(&["exec"]), false, "missing `nosuid`"),
            (s("tmp"), None, false, "`w` is not set"),
            // An unknown condition: holds, and says so unless `then` holds for sure.
            (opaque(), list(&["exec"]), true, ""),
            (opaque(), list(&["nosuid"]), true, ""),
        ];
        for (i, (v, w, ok, label)) in rows.iter().enumerate() {
            let n = two(v.clone(), w.clone());
            let (got, ev) = evaluate(&pred, &n, &[]);
            assert_eq!(got, *ok, "row {i}");
            if !ok {
                assert_eq!(ev.label.as_deref(), Some(*label), "row {i}");
            }
            // The same verdict as the `any`/`not` it stands for.
            assert_eq!(evaluate(&either, &n, &[]).0, got, "row {i}");
        }
        let (ok, ev) = evaluate(&pred, &two(opaque(), list(&["exec"])), &[]);
        assert!(ok && ev.unknown);
        let (ok, ev) = evaluate(&pred, &two(opaque(), list(&["nosuid"])), &[]);
        assert!(ok && !ev.unknown);
    }

    /// A failure is the `then`'s: its span and bindings, the `if`'s note as a further
    /// label, the `if`'s bindings where the `then` has none.
    #[test]
    fn a_failing_implication_reports_its_then() {
        let pred = compile_pred(IMPLIES).unwrap();
        let (ok, ev) = evaluate(&pred, &two(s("tmp"), list(&["exec"])), &[]);
        assert!(!ok);
        assert_eq!(ev.var("missing"), Some("`nosuid`"));
        assert_eq!(ev.var("value"), Some("exec"));
        assert_eq!(ev.var("expected"), Some("`nosuid`"));
        assert_eq!(ev.span.map(|s| s.start), Some(2));
        let notes: Vec<&str> = ev.notes.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(notes, ["a tmp mount"]);
        assert_eq!(ev.progress, 1);
        let mut binds = std::collections::BTreeSet::new();
        pred.bindings(&mut binds);
        assert_eq!(
            binds.into_iter().collect::<Vec<_>>(),
            ["expected", "missing", "value"]
        );
    }

    #[test]
    fn implication_reads_as_if_then() {
        let pred = compile_pred(IMPLIES).unwrap();
        assert_eq!(
            pred.to_string(),
            "if `v` equals `tmp`, then `w` contains all of `nosuid`"
        );
        let nested = compile_pred(
            r#"{ all = [{ field = "v", exists = true }, { if = { any = [{ field = "v", equals = "a" }, { field = "v", equals = "b" }] }, then = { not = { field = "w", exists = true } } }] }"#,
        )
        .unwrap();
        assert_eq!(
            nested.to_string(),
            "`v` is set and (if (`v` equals `a` or `v` equals `b`), then not (`w` is set))"
        );
    }

    #[test]
    fn if_and_then_go_together_and_alone() {
        for (pred, message) in [
            (
                r#"{ if = { field = "v", exists = true } }"#,
                "`if` needs a `then`",
            ),
            (
                r#"{ then = { field = "v", exists = true } }"#,
                "`then` needs an `if`",
            ),
            (
                r#"{ if = { field = "v", exists = true }, then = { field = "w", exists = true }, not = { field = "w", exists = true } }"#,
                "`if` and `then` make one predicate: not with `all`, `any`, `not` or an atom's keys",
            ),
            (
                r#"{ if = { field = "v", exists = true }, then = { field = "w", exists = true }, field = "w" }"#,
                "`if` and `then` make one predicate: not with `all`, `any`, `not` or an atom's keys",
            ),
            (
                r#"{ if = { field = "v", exists = true }, then = { field = "w", exists = true }, label = "x" }"#,
                "`label`, `note`, `report-at`, `inherit`, `extract` and `show` belong to an atom, not to `if`/`then`",
            ),
            (
                r#"{ if = { field = "v", exists = true }, then = { field = "w", exits = true } }"#,
                "unknown field `exits`, expected one of `all`, `any`, `not`, `if`, `then`, `field`, `child`, `name`, `args`, `arg`, `inherit`, `some`, `every`, `none`, `extract`, `show`, `exists`, `equals`, `one-of`, `matches`, `any-matches`, `none-matches`, `within`, `contains-all`, `contains-any`, `contains-none`, `path-under`, `path-is`, `at-least`, `at-most`, `duration-at-least`, `duration-at-most`, `is-date`, `not-in-future`, `not-older-than`, `cidr-max-breadth`, `refers-to`, `contains-word`, `unique`, `distinct-at-least`, `ciphers-within-profile`, `ciphersuites-within-profile`, `label`, `report-at`, `note`",
            ),
        ] {
            assert_eq!(compile_pred(pred).err().as_deref(), Some(message), "{pred}");
        }
    }
}
