//! What every test of an atom is: a unit with a key, a compile function, an
//! evaluation, a reading for `explain` and the placeholders it binds. The tests
//! themselves are the sibling files; `TESTS` (in `predicate.rs`) lists them.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::{CompileContext, EvalContext, Evidence, Subject, SubjectValue};
use crate::model::Node;
use crate::rules::refs::LinkTarget;

/// A compiled test, as an atom holds it.
pub trait Test: fmt::Debug + Send + Sync {
    /// Judges the subject's value: `true` if it holds. Says why in `ev` (its span, label
    /// and the bindings of [`TestKind::BINDS`]); `ev` starts at the value with `value`
    /// bound.
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool;

    /// The verdict when the subject is absent; `ev` says "… is not set". Most tests
    /// fail; a test that only forbids something holds.
    fn absent(&self, _node: &Node, _ev: &mut Evidence) -> bool {
        false
    }

    /// Whether the test judges what the value says, so that an opaque value
    /// (vault-encrypted) makes it unknown; `exists` only asks whether there is one.
    fn reads_value(&self) -> bool {
        true
    }

    /// Whether the verdict may depend on where the value is (the node, its ancestors,
    /// the links), not on the value alone: a test that reads only the value judges an
    /// inherited value once for all inheritors (`EvalContext::inherited`).
    fn reads_site(&self) -> bool {
        true
    }

    /// A plain-English reading for `explain`, about `subject` (as `` `options` ``).
    fn describe(&self, subject: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result;

    /// The cross-file target the test looks up (`refers-to`).
    fn link_target(&self) -> Option<&LinkTarget> {
        None
    }
}

/// A test as written in a rule: its key and how its operand compiles.
pub trait TestKind: Test + Sized + 'static {
    /// The key in a rule file (`contains-none`).
    const KEY: &'static str;
    /// The placeholders it fills when it fails (`value` always, when the subject is
    /// present); templates may name only what some test of the assert binds.
    const BINDS: &'static [&'static str] = &["value"];
    /// The operand as deserialized from the rule file (type errors are reported there,
    /// at the value).
    type Operand: DeserializeOwned + fmt::Debug + Send + Sync + 'static;

    fn compile(operand: &Self::Operand, cx: &CompileContext) -> Result<Self, String>;
}

/// Where a test is evaluated: the node, its ancestors (root first), the atom's subject.
pub struct Site<'a> {
    pub node: &'a Node,
    pub ancestors: &'a [&'a Node],
    pub subject: &'a Subject,
    pub cx: &'a EvalContext<'a>,
}

/// Compiles a test's operand, as deserialized, into the test.
type CompileFn = fn(&dyn RawOperand, &CompileContext) -> Result<Arc<dyn Test>, String>;

/// One line of the registry: a test's key, what it binds, and its compile function.
pub struct Entry {
    pub key: &'static str,
    pub binds: &'static [&'static str],
    compile: CompileFn,
}

impl Entry {
    pub(super) const fn of<T: TestKind>() -> Entry {
        Entry {
            key: T::KEY,
            binds: T::BINDS,
            compile: compile_as::<T>,
        }
    }

    pub(super) fn compile(
        &self,
        raw: &RawTest,
        cx: &CompileContext,
    ) -> Result<Arc<dyn Test>, String> {
        (self.compile)(raw.operand.as_ref(), cx)
    }
}

fn compile_as<T: TestKind>(
    raw: &dyn RawOperand,
    cx: &CompileContext,
) -> Result<Arc<dyn Test>, String> {
    let any: &dyn Any = raw;
    let operand = any
        .downcast_ref::<T::Operand>()
        .ok_or_else(|| format!("internal error: not an operand of `{}`", T::KEY))?;
    Ok(Arc::new(T::compile(operand, cx)?))
}

/// An operand as deserialized, of the type its test declares.
pub trait RawOperand: Any + fmt::Debug + Send + Sync {}

impl<T: Any + fmt::Debug + Send + Sync> RawOperand for T {}

/// A test key of an atom and its operand, as written (`PredDef::tests`).
#[derive(Debug)]
pub struct RawTest {
    pub entry: &'static Entry,
    operand: Box<dyn RawOperand>,
}

impl RawTest {
    pub(super) fn new<T: TestKind>(operand: T::Operand) -> Option<RawTest> {
        let entry = super::TESTS.iter().find(|e| e.key == T::KEY)?;
        Some(RawTest {
            entry,
            operand: Box::new(operand),
        })
    }
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key)
    }
}
