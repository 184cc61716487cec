//! `within`, `contains-all`, `contains-any`, `contains-none`: the subject's items
//! against a list.

use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::operand::{Operand, code_list, resolve_operand};
use super::{CompileContext, Evidence, SubjectValue, offending};
use crate::model::Node;

/// `within = [...]`: every item is one of these.
#[derive(Debug)]
pub struct Within(Operand);

impl TestKind for Within {
    const KEY: &'static str = "within";
    const BINDS: &'static [&'static str] = &["value", "offending", "expected"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        Ok(Within(resolve_operand(v, cx)?))
    }
}

impl Test for Within {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        let allowed = self.0.values(at.node);
        ev.bind("expected", || code_list(allowed.iter()));
        offending(ev, s, |i| !allowed.iter().any(|a| a == i), "not allowed")
    }

    fn absent(&self, _: &Node, _: &mut Evidence) -> bool {
        true
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "every item of {s} is one of {}", self.0.describe())
    }
}

/// `contains-all = [...]`.
#[derive(Debug)]
pub struct ContainsAll(Operand);

impl TestKind for ContainsAll {
    const KEY: &'static str = "contains-all";
    const BINDS: &'static [&'static str] = &["value", "missing", "expected"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        Ok(ContainsAll(resolve_operand(v, cx)?))
    }
}

impl Test for ContainsAll {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        let want = self.0.values(at.node);
        let lacks = |w: &&String| !s.items.iter().any(|(i, _)| i == *w);
        if !ev.explains() {
            return !want.iter().any(|w| lacks(&w));
        }
        let missing: Vec<_> = want.iter().filter(lacks).collect();
        ev.bind("missing", || code_list(missing.iter().copied()));
        ev.bind("expected", || code_list(want.iter()));
        if !missing.is_empty() {
            ev.say(|| format!("missing {}", code_list(missing.iter().copied())));
        }
        missing.is_empty()
    }

    fn absent(&self, node: &Node, ev: &mut Evidence) -> bool {
        all_missing(&self.0, node, ev)
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} contains all of {}", self.0.describe())
    }
}

/// `contains-any = [...]`.
#[derive(Debug)]
pub struct ContainsAny(Operand);

impl TestKind for ContainsAny {
    const KEY: &'static str = "contains-any";
    const BINDS: &'static [&'static str] = &["value", "missing", "expected", "matched"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        Ok(ContainsAny(resolve_operand(v, cx)?))
    }
}

impl Test for ContainsAny {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        let want = self.0.values(at.node);
        let found = s.items.iter().find(|(i, _)| want.contains(i));
        ev.bind("expected", || code_list(want.iter()));
        ev.bind("missing", || code_list(want.iter()));
        match found {
            Some((item, span)) => {
                ev.span = Some(*span);
                ev.bind("matched", || item.clone());
                true
            }
            None => {
                ev.say(|| format!("none of {}", code_list(want.iter())));
                false
            }
        }
    }

    fn absent(&self, node: &Node, ev: &mut Evidence) -> bool {
        all_missing(&self.0, node, ev)
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} contains one of {}", self.0.describe())
    }
}

/// An absent subject lacks every wanted item.
fn all_missing(op: &Operand, node: &Node, ev: &mut Evidence) -> bool {
    let want = op.values(node);
    ev.bind("missing", || code_list(want.iter()));
    ev.bind("expected", || code_list(want.iter()));
    false
}

/// `contains-none = [...]`.
#[derive(Debug)]
pub struct ContainsNone(Operand);

impl TestKind for ContainsNone {
    const KEY: &'static str = "contains-none";
    const BINDS: &'static [&'static str] = &["value", "offending"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        Ok(ContainsNone(resolve_operand(v, cx)?))
    }
}

impl Test for ContainsNone {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        let banned = self.0.values(at.node);
        offending(ev, s, |i| banned.iter().any(|b| b == i), "not allowed")
    }

    fn absent(&self, _: &Node, _: &mut Evidence) -> bool {
        true
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} contains none of {}", self.0.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;

    #[test]
    fn within() {
        let allowed = r#"within = ["ro", "nodev"]"#;
        check(&[
            (list(&["ro", "nodev"]), allowed, true, ""),
            (list(&["ro", "rw", "exec"]), allowed, false, "`rw`, `exec` not allowed"),
            (list(&[]), allowed, true, ""),
            (None, allowed, true, "`v` is not set"),
        ]);
        check_vars(&[(list(&["rw"]), allowed, "expected", "`ro`, `nodev`")]);
    }

    #[test]
    fn contains_all_and_any() {
        let all = r#"contains-all = ["ro", "nodev"]"#;
        let any = r#"contains-any = ["ro", "nodev"]"#;
        check(&[
            (list(&["nodev", "ro", "x"]), all, true, ""),
            (list(&["ro"]), all, false, "missing `nodev`"),
            (list(&[]), all, false, "missing `ro`, `nodev`"),
            (None, all, false, "`v` is not set"),
            (list(&["x", "nodev"]), any, true, ""),
            (list(&["x"]), any, false, "none of `ro`, `nodev`"),
            (None, any, false, "`v` is not set"),
        ]);
        check_vars(&[
            (list(&["ro"]), all, "missing", "`nodev`"),
            (None, all, "missing", "`ro`, `nodev`"),
            (None, any, "expected", "`ro`, `nodev`"),
            (list(&["x", "nodev"]), any, "matched", "nodev"),
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
            (int(5), "contains-none = [5]", false, "`5` not allowed"),
            (
                Some(Value::Bool(true)),
                r#"contains-none = "true""#,
                false,
                "`true` not allowed",
            ),
            (opaque(), banned, true, ""),
        ]);
        check_vars(&[(list(&["suid", "exec"]), banned, "offending", "`suid`, `exec`")]);
        check_errors(&[
            (
                "contains-none = [[1]]",
                "list items must be strings or numbers",
            ),
            (
                "contains-none = { x = 1 }",
                "unknown key `x` (expected `param`, `key-field` or `param-keys`)",
            ),
        ]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"within = ["a"]"#, "every item of `v` is one of `a`"),
            (FileKind::Fstab, r#"contains-all = ["a", "b"]"#, "`v` contains all of `a`, `b`"),
            (FileKind::Fstab, r#"contains-any = ["a"]"#, "`v` contains one of `a`"),
            (FileKind::Fstab, r#"contains-none = ["a"]"#, "`v` contains none of `a`"),
        ]);
    }
}
