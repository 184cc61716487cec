//! `at-least`, `at-most`: the subject as an integer.

use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::operand::resolve_int;
use super::{CompileContext, Evidence, SubjectValue};

/// `at-least = N`.
#[derive(Debug)]
pub struct AtLeast(i64);

/// `at-most = N`.
#[derive(Debug)]
pub struct AtMost(i64);

impl TestKind for AtLeast {
    const KEY: &'static str = "at-least";
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        resolve_int(v, cx).map(AtLeast)
    }
}

impl TestKind for AtMost {
    const KEY: &'static str = "at-most";
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        resolve_int(v, cx).map(AtMost)
    }
}

impl Test for AtLeast {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        compare(s, ev, |v| v >= self.0, "less", self.0)
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} is at least {}", self.0)
    }
}

impl Test for AtMost {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        compare(s, ev, |v| v <= self.0, "more", self.0)
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} is at most {}", self.0)
    }
}

fn compare(
    s: &SubjectValue,
    ev: &mut Evidence,
    holds: impl Fn(i64) -> bool,
    rel: &str,
    n: i64,
) -> bool {
    let quoted = s.quoted();
    match s.text.trim().parse::<i64>() {
        Ok(v) => {
            let ok = holds(v);
            ev.say(|| if ok {
                format!("{quoted} is set here")
            } else {
                format!("{quoted} is {rel} than {n}")
            });
            ok
        }
        Err(_) => {
            ev.say(|| format!("{quoted} is not a number"));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;

    #[test]
    fn at_least() {
        check(&[
            (s("3"), "at-least = 2", true, "`3` is set here"),
            (s("2"), "at-least = 2", true, "`2` is set here"),
            (s("1"), "at-least = 2", false, "`1` is less than 2"),
            (s("x"), "at-least = 2", false, "`x` is not a number"),
            (None, "at-least = 2", false, "`v` is not set"),
        ]);
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


    /// Operands the tests refuse when the rule is compiled.
    #[test]
    fn bad_operands() {
        check_errors(&[
            (r#"at-most = "2""#, "expected an integer"),
            ("at-most = 2.5", "expected an integer"),
            ("at-most = [2]", "expected an integer"),
            ("at-least = { param = \"nope\" }", "the rule has no param `nope`"),
        ]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"at-least = 2"#, "`v` is at least 2"),
            (FileKind::Fstab, r#"at-most = -1"#, "`v` is at most -1"),
        ]);
    }
}
