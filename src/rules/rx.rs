//! Regexes from rule files, checked when the rule loads and compiled when first used.
//!
//! Compiling every built-in rule's regexes cost more than half of start-up (about 8 ms
//! of a 12 ms `art32 rules`), paid again by every pre-commit run on one file, most of it
//! for rules of kinds the run never reads. A built-in rule's own regex is therefore
//! compiled the first time a run uses it (that every one compiles is tested); a regex
//! anyone else wrote — a rule file of the config's, a param the config gives a
//! built-in rule — is compiled at once, so that one over the size limit is an error
//! when the rules load, never during a run.

use std::fmt;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

/// Compiled regexes from rules are bounded: rule files may come from anyone.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Builds a regex now, within the size limit.
pub fn build_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| format!("bad regex: {e}"))
}

/// Checks a regex's syntax without compiling it: the error `build_regex` would give
/// for a syntax error (`regex` parses with the same defaults and reports the parser's
/// error as it is).
pub fn check_syntax(pattern: &str) -> Result<(), String> {
    regex_syntax::Parser::new()
        .parse(pattern)
        .map(drop)
        .map_err(|e| format!("bad regex: {e}"))
}

/// A rule's regex: its syntax checked, compiled now or at first use.
#[derive(Clone)]
pub struct Rx {
    pattern: Box<str>,
    re: OnceLock<Regex>,
}

impl Rx {
    /// `lazy`: the pattern is a built-in rule's own (see the module comment).
    pub fn new(pattern: &str, lazy: bool) -> Result<Rx, String> {
        let re = OnceLock::new();
        if lazy {
            check_syntax(pattern)?;
        } else {
            let _ = re.set(build_regex(pattern)?);
        }
        Ok(Rx {
            pattern: pattern.into(),
            re,
        })
    }

    /// The compiled regex.
    pub fn get(&self) -> &Regex {
        self.re.get_or_init(|| {
            build_regex(&self.pattern).expect(
                "a built-in rule's own regex compiles (tests::every_builtin_regex_compiles)",
            )
        })
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }
}

impl fmt::Debug for Rx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rx({:?})", self.pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lazy_regex_reports_a_syntax_error_as_the_compiled_one_does() {
        for bad in ["(", "a{2,1}", r"\p{Nope}", "[z-a]", "(?<x>a)(?<x>b)"] {
            let eager = Rx::new(bad, false).unwrap_err();
            let lazy = Rx::new(bad, true).unwrap_err();
            assert_eq!(eager, lazy, "{bad}");
            assert!(eager.starts_with("bad regex: "), "{eager}");
        }
    }

    #[test]
    fn a_lazy_regex_compiles_at_first_use_and_an_eager_one_at_once() {
        let lazy = Rx::new("a+b", true).unwrap();
        assert!(lazy.re.get().is_none());
        assert!(lazy.get().is_match("xaab"));
        assert!(lazy.re.get().is_some());
        let eager = Rx::new("a+b", false).unwrap();
        assert!(eager.re.get().is_some());
    }

    #[test]
    fn an_eager_regex_over_the_size_limit_is_refused_when_built() {
        let huge = r"\w{1000}\w{1000}\w{1000}";
        assert!(Rx::new(huge, false).unwrap_err().contains("size limit"));
    }
}
