//! `contains-word`: some item of the subject has one of these words.

use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::operand::{Operand, code_list, resolve_operand};
use super::{CompileContext, Evidence, SubjectValue};

/// `contains-word = [...]`: some item has one of these words (case-insensitive).
#[derive(Debug)]
pub struct ContainsWord(Operand);

impl TestKind for ContainsWord {
    const KEY: &'static str = "contains-word";
    const BINDS: &'static [&'static str] = &["value", "matched", "expected"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        Ok(ContainsWord(resolve_operand(v, cx)?))
    }
}

impl Test for ContainsWord {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        let words = self.0.values(at.node);
        ev.bind("expected", || code_list(words.iter()));
        let hit = s.items.iter().find_map(|(item, span)| {
            item.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .find(|t| words.iter().any(|w| w.eq_ignore_ascii_case(t)))
                .map(|t| (t, *span))
        });
        match hit {
            Some((word, span)) => {
                ev.span = Some(span);
                ev.say(|| format!("`{word}` is here"));
                ev.bind("matched", || word.to_string());
                true
            }
            None => {
                ev.say(|| format!("none of {} here", code_list(words.iter())));
                false
            }
        }
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{s} contains one of the words {}", self.0.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;

    #[test]
    fn contains_word() {
        let words = r#"contains-word = ["admin", "root"]"#;
        check(&[
            (s("the Admin page"), words, true, "`Admin` is here"),
            (s("administrator"), words, false, "none of `admin`, `root` here"),
            (s("x-root_y root"), words, true, "`root` is here"),
            (None, words, false, "`v` is not set"),
        ]);
        check_vars(&[(s("the Admin page"), words, "matched", "Admin")]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"contains-word = ["admin"]"#, "`v` contains one of the words `admin`"),
        ]);
    }
}
