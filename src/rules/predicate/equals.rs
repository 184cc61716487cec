//! `exists`, `equals`, `one-of`: is the subject there, and is it one of some values.

use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::operand::{Operand, code_list, or_list, resolve_operand};
use super::{CompileContext, Evidence, SubjectValue};
use crate::model::Node;

/// `exists = true|false`.
#[derive(Debug)]
pub struct Exists(bool);

impl TestKind for Exists {
    const KEY: &'static str = "exists";
    type Operand = bool;

    fn compile(want: &bool, _: &CompileContext) -> Result<Self, String> {
        Ok(Exists(*want))
    }
}

impl Test for Exists {
    fn evaluate(&self, _: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        if !self.0 {
            ev.say(|| format!("{} is set here", at.subject.describe()));
        }
        self.0
    }

    fn absent(&self, _: &Node, _: &mut Evidence) -> bool {
        !self.0
    }

    fn reads_value(&self) -> bool {
        false
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 {
            write!(f, "{s} is set")
        } else {
            write!(f, "{s} is not set")
        }
    }
}

/// `equals = "x"`: one value.
#[derive(Debug)]
pub struct Equals(Operand);

impl TestKind for Equals {
    const KEY: &'static str = "equals";
    const BINDS: &'static [&'static str] = &["value", "expected"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        let op = resolve_operand(v, cx)?;
        if matches!(&op, Operand::Const(values) if values.len() != 1) {
            return Err("`equals` takes one value; use `one-of` for a list".into());
        }
        Ok(Equals(op))
    }
}

impl Test for Equals {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        is_one_of(&self.0, s, at, ev)
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} equals {}", self.0.describe())
    }
}

/// `one-of = ["a", "b"]`.
#[derive(Debug)]
pub struct OneOf(Operand);

impl TestKind for OneOf {
    const KEY: &'static str = "one-of";
    const BINDS: &'static [&'static str] = &["value", "expected"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        Ok(OneOf(resolve_operand(v, cx)?))
    }
}

impl Test for OneOf {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        is_one_of(&self.0, s, at, ev)
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} is one of {}", self.0.describe())
    }
}

fn is_one_of(op: &Operand, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
    let want = op.values(at.node);
    let ok = want.contains(&s.text);
    ev.bind("expected", || code_list(want.iter()));
    ev.say(|| {
        if ok {
            format!("{} is set here", s.quoted())
        } else {
            format!("{} is not {}", s.quoted(), or_list(want))
        }
    });
    ok
}

#[cfg(test)]
mod tests {
    use super::super::table::*;

    #[test]
    fn exists() {
        check(&[
            (s("x"), "exists = true", true, ""),
            (s(""), "exists = true", true, ""),
            (None, "exists = true", false, "`v` is not set"),
            (s("x"), "exists = false", false, "`v` is set here"),
            (None, "exists = false", true, "`v` is not set"),
            // Whether an opaque value is there is known.
            (opaque(), "exists = true", true, ""),
            (opaque(), "exists = false", false, "`v` is set here"),
        ]);
    }

    #[test]
    fn equals_and_one_of() {
        check(&[
            (s("a"), r#"equals = "a""#, true, "`a` is set here"),
            (s("A"), r#"equals = "a""#, false, "`A` is not `a`"),
            (s(""), r#"equals = "a""#, false, "empty is not `a`"),
            (int(5), "equals = 5", true, "`5` is set here"),
            (None, r#"equals = "a""#, false, "`v` is not set"),
            (opaque(), r#"equals = "a""#, true, ""),
            (s("b"), r#"one-of = ["a", "b"]"#, true, "`b` is set here"),
            (s("c"), r#"one-of = ["a", "b"]"#, false, "`c` is not one of `a`, `b`"),
            (s("c"), "one-of = []", false, "`c` is not one of "),
            (list(&["a"]), r#"one-of = ["a"]"#, true, "`a` is set here"),
        ]);
        check_vars(&[
            (s("c"), r#"one-of = ["a", "b"]"#, "expected", "`a`, `b`"),
            (s("c"), r#"equals = "a""#, "value", "c"),
        ]);
        check_errors(&[
            (r#"equals = ["a", "b"]"#, "`equals` takes one value; use `one-of` for a list"),
            ("exists = 1", "invalid type: integer `1`, expected a boolean"),
        ]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"exists = true"#, "`v` is set"),
            (FileKind::Fstab, r#"exists = false"#, "`v` is not set"),
            (FileKind::Fstab, r#"equals = "a""#, "`v` equals `a`"),
            (FileKind::Fstab, r#"one-of = ["a", "b"]"#, "`v` is one of `a`, `b`"),
        ]);
    }
}
