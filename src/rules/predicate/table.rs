//! The rows every test's table test is written in: each row compiles the atom
//! `{ field = "v", <test> }` (an fstab rule, no params) and evaluates it on one node
//! whose field `v` holds the row's value (or is missing), then checks the verdict and
//! the label, a binding, or the compile error.

use std::collections::BTreeMap;

use jiff::civil::Date;
use toml::Spanned;

use super::{CompileContext, EvalContext, Evidence, Pred};
use crate::defaults::Defaults;
pub use crate::model::FileKind;
use crate::model::Node;
pub use crate::model::Value;
use crate::rules::def::PredDef;
use crate::rules::refs::LinkIndex;
use crate::source::{FileId, Span, Spanned as At};

/// Compiles `{ field = "v", <test> }`; the compile error's message (or the TOML one's).
pub fn compile(test: &str) -> Result<Pred, String> {
    compile_pred(&format!("{{ field = \"v\", {test} }}"))
}

/// Compiles a whole predicate written as an inline table.
pub fn compile_pred(pred: &str) -> Result<Pred, String> {
    compile_in(FileKind::Fstab, pred)
}

/// Compiles a predicate of a rule for `kind` files.
pub fn compile_in(kind: FileKind, pred: &str) -> Result<Pred, String> {
    let params = BTreeMap::new();
    let profiles = crate::rules::builtin_profiles();
    let cx = CompileContext {
        params: &params,
        kind,
        lazy_regex: false,
        profiles: &profiles,
    };
    let doc: BTreeMap<String, Spanned<PredDef>> =
        toml::from_str(&format!("p = {pred}")).map_err(|e| e.message().to_string())?;
    Pred::compile(&doc["p"], &cx).map_err(|e| e.message)
}

fn span() -> Span {
    Span::new(FileId(0), 0, 1)
}

/// A node whose field `v` holds `value`.
pub fn node(value: Option<Value>) -> Node {
    let mut node = Node::new("mount", At::new("mount".into(), span()), span());
    if let Some(v) = value {
        node.set("v", v, span());
    }
    node
}

/// Evaluates `pred` on `node`, a child of `ancestors`, on 2024-01-01.
pub fn evaluate(pred: &Pred, node: &Node, ancestors: &[&Node]) -> (bool, Evidence) {
    let links = LinkIndex::default();
    let defaults = Defaults::default();
    let cx = EvalContext::new(
        Date::new(2024, 1, 1).unwrap(),
        &links,
        &defaults,
        FileKind::Fstab,
        None,
    );
    let (ok, ev) = pred.eval(node, ancestors, &cx);
    // Judging alone comes to the same verdict, at the same place, for the same reason.
    cx.quiet.set(true);
    let (quiet_ok, quiet) = pred.eval(node, ancestors, &cx);
    assert_eq!(
        (
            quiet_ok,
            quiet.unknown,
            &quiet.opaque,
            quiet.span,
            &quiet.origin
        ),
        (ok, ev.unknown, &ev.opaque, ev.span, &ev.origin),
        "judging alone differs from explaining"
    );
    assert!(quiet.label.is_none() && quiet.vars.is_empty() && quiet.notes.is_empty());
    (ok, ev)
}

/// The verdict and evidence of `test` on a node whose `v` is `value`.
fn run(test: &str, value: Option<Value>) -> (bool, Evidence) {
    let pred = compile(test).unwrap_or_else(|e| panic!("`{test}`: {e}"));
    evaluate(&pred, &node(value), &[])
}

pub fn s(text: &str) -> Option<Value> {
    Some(Value::Str(text.into()))
}

pub fn int(n: i64) -> Option<Value> {
    Some(Value::Int(n))
}

/// A vault-encrypted value: it is there, what it says is unknown.
pub fn opaque() -> Option<Value> {
    Some(Value::Opaque("{}".into()))
}

pub fn list(items: &[&str]) -> Option<Value> {
    Some(Value::List(
        items
            .iter()
            .map(|i| At::new(i.to_string(), span()))
            .collect(),
    ))
}

/// Rows of (value, test, verdict, label).
pub type Rows = [(Option<Value>, &'static str, bool, &'static str)];

pub fn check(rows: &Rows) {
    for (i, (value, test, ok, label)) in rows.iter().enumerate() {
        let (got, ev) = run(test, value.clone());
        assert_eq!(
            (got, ev.label.unwrap_or_default()),
            (*ok, label.to_string()),
            "row {i}: {value:?} against `{test}`"
        );
    }
}

/// Rows of (value, test, placeholder, what it is bound to).
pub fn check_vars(rows: &[(Option<Value>, &str, &str, &str)]) {
    for (i, (value, test, var, want)) in rows.iter().enumerate() {
        let (_, ev) = run(test, value.clone());
        assert_eq!(
            ev.var(var),
            Some(*want),
            "row {i}: `{{{var}}}` of {value:?} against `{test}`"
        );
    }
}

/// Rows of (kind, test, how `explain` reads it).
pub fn check_readings(rows: &[(FileKind, &str, &str)]) {
    for (kind, test, want) in rows {
        let pred = compile_in(*kind, &format!("{{ field = \"v\", {test} }}"))
            .unwrap_or_else(|e| panic!("`{test}`: {e}"));
        assert_eq!(pred.to_string(), *want, "`{test}`");
    }
}

/// Rows of (test, the error compiling it gives).
pub fn check_errors(rows: &[(&str, &str)]) {
    for (test, message) in rows {
        assert_eq!(compile(test).err().as_deref(), Some(*message), "`{test}`");
    }
}

/// Evaluates `test` on each child of one parent, whose `v` are `values`: the
/// verdict and label for each, in order.
pub fn check_siblings(test: &str, values: &[&str], want: &[(bool, &str)]) {
    let pred = compile(test).unwrap_or_else(|e| panic!("`{test}`: {e}"));
    let mut parent = node(None);
    parent.children = values.iter().map(|v| node(s(v))).collect();
    for (i, child) in parent.children.iter().enumerate() {
        let (ok, ev) = evaluate(&pred, child, &[&parent]);
        assert_eq!(
            (ok, ev.label.unwrap_or_default()),
            (want[i].0, want[i].1.to_string()),
            "child {i} (`{}`) against `{test}`",
            values[i]
        );
    }
}
