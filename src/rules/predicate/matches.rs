//! `matches`, `any-matches`, `none-matches`: regexes over the text or the items.

use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::operand::{Operand, resolve_operand};
use super::{CompileContext, Evidence, SubjectValue, offending};
use crate::model::Node;

/// A regex, or several of which any may match, and how to show it.
#[derive(Debug, Clone)]
pub struct Pattern {
    re: crate::rules::Rx,
    shown: String,
}

impl Pattern {
    /// One pattern, or a list of which any may match (an empty list matches nothing).
    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Pattern, String> {
        let Operand::Const(patterns) = resolve_operand(v, cx)? else {
            return Err("expected a regex or a list of regexes".into());
        };
        // Each checked alone, so that an error names the pattern it is in.
        for p in &patterns {
            crate::rules::rx::check_syntax(p)?;
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
        let re = crate::rules::Rx::new(&text, cx.lazy_regex)?;
        Ok(Pattern { re, shown })
    }

    fn is_match(&self, text: &str) -> bool {
        self.re.get().is_match(text)
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// `matches = "re"`: the whole text matches.
#[derive(Debug)]
pub struct Matches(Pattern);

impl TestKind for Matches {
    const KEY: &'static str = "matches";
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        Pattern::compile(v, cx).map(Matches)
    }
}

impl Test for Matches {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        let re = &self.0;
        let ok = re.is_match(&s.text);
        ev.say(|| if ok {
            format!("{} matches {re}", s.quoted())
        } else {
            format!("{} does not match {re}", s.quoted())
        });
        ok
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} matches {}", self.0)
    }
}

/// `any-matches = "re"`: some item matches.
#[derive(Debug)]
pub struct AnyMatches(Pattern);

impl TestKind for AnyMatches {
    const KEY: &'static str = "any-matches";
    const BINDS: &'static [&'static str] = &["value", "matched"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        Pattern::compile(v, cx).map(AnyMatches)
    }
}

impl Test for AnyMatches {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        let re = &self.0;
        match s.items.iter().find(|(i, _)| re.is_match(i)) {
            Some((item, span)) => {
                ev.span = Some(*span);
                ev.bind("matched", || item.clone());
                ev.say(|| format!("`{item}` matches {re}"));
                true
            }
            None => {
                ev.say(|| format!("nothing here matches {re}"));
                false
            }
        }
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an item of {s} matches {}", self.0)
    }
}

/// `none-matches = "re"`: no item matches.
#[derive(Debug)]
pub struct NoneMatches(Pattern);

impl TestKind for NoneMatches {
    const KEY: &'static str = "none-matches";
    const BINDS: &'static [&'static str] = &["value", "offending"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        Pattern::compile(v, cx).map(NoneMatches)
    }
}

impl Test for NoneMatches {
    fn reads_site(&self) -> bool {
        false
    }

    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        offending(ev, s, |i| self.0.is_match(i), "not allowed")
    }

    fn absent(&self, _: &Node, _: &mut Evidence) -> bool {
        true
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no item of {s} matches {}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;

    #[test]
    fn matches() {
        check(&[
            (s("abc"), r#"matches = "^a""#, true, "`abc` matches `^a`"),
            (s("xbc"), r#"matches = "^a""#, false, "`xbc` does not match `^a`"),
            (s("x"), r#"matches = ["^a", "^x"]"#, true, "`x` matches `^a` or `^x`"),
            (s("x"), "matches = []", false, "`x` does not match (no pattern: never)"),
            (s(""), r#"matches = "^$""#, true, "empty matches `^$`"),
            (None, r#"matches = "a""#, false, "`v` is not set"),
            (opaque(), r#"matches = "a""#, true, ""),
        ]);
        check_errors(&[
            (r#"matches = "(""#, "bad regex: regex parse error:\n    (\n    ^\nerror: unclosed group"),
            ("matches = { key-field = \"x\", param = \"p\" }", "the rule has no param `p`"),
        ]);
    }

    #[test]
    fn any_and_none_matches() {
        check(&[
            (list(&["a", "bb"]), r#"any-matches = "^b""#, true, "`bb` matches `^b`"),
            (list(&["a"]), r#"any-matches = "^b""#, false, "nothing here matches `^b`"),
            (None, r#"any-matches = "^b""#, false, "`v` is not set"),
            (list(&["a", "bb", "bc"]), r#"none-matches = "^b""#, false, "`bb`, `bc` not allowed"),
            (list(&["a"]), r#"none-matches = "^b""#, true, ""),
            (None, r#"none-matches = "^b""#, true, "`v` is not set"),
        ]);
        check_vars(&[
            (list(&["a", "bb"]), r#"any-matches = "^b""#, "matched", "bb"),
            (list(&["bb", "bc"]), r#"none-matches = "^b""#, "offending", "`bb`, `bc`"),
        ]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"matches = "^a""#, "`v` matches `^a`"),
            (FileKind::Fstab, r#"any-matches = ["a", "b"]"#, "an item of `v` matches `a` or `b`"),
            (FileKind::Fstab, r#"none-matches = []"#, "no item of `v` matches (no pattern: never)"),
        ]);
    }
}
