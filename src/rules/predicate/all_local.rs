//! `all-local` (nginx): every host in the subject is loopback or a unix socket.

use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::{CompileContext, Evidence, SubjectValue, offending};
use crate::model::Node;

/// `all-local = true`.
#[derive(Debug)]
pub struct AllLocal;

impl TestKind for AllLocal {
    const KEY: &'static str = "all-local";
    const BINDS: &'static [&'static str] = &["value", "offending"];
    type Operand = bool;

    fn compile(b: &bool, _: &CompileContext) -> Result<Self, String> {
        if !b {
            return Err("`all-local` can only be `true`".into());
        }
        Ok(AllLocal)
    }
}

impl Test for AllLocal {
    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        let bad: Vec<_> = s
            .items
            .iter()
            .filter(|(i, _)| {
                let host = i
                    .rsplit_once(':')
                    .filter(|_| !i.starts_with('[') || i.contains("]:"))
                    .map_or(i.as_str(), |(h, _)| h);
                !(i.starts_with("unix:")
                    || crate::link::nginx::is_loopback(host)
                    || crate::link::nginx::is_loopback(i))
            })
            .collect();
        offending(ev, &bad, "not on this host")
    }

    fn absent(&self, _: &Node, _: &mut Evidence) -> bool {
        true
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "every host in {s} is loopback or a unix socket")
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;

    #[test]
    fn all_local() {
        check(&[
            (list(&["127.0.0.1:8080", "unix:/run/app.sock", "[::1]:9000", "localhost"]), "all-local = true", true, ""),
            (list(&["127.0.0.1", "10.0.0.5:80", "db"]), "all-local = true", false, "`10.0.0.5:80`, `db` not on this host"),
            (None, "all-local = true", true, "`v` is not set"),
        ]);
        check_vars(&[(list(&["db"]), "all-local = true", "offending", "`db`")]);
        check_errors(&[("all-local = false", "`all-local` can only be `true`")]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"all-local = true"#, "every host in `v` is loopback or a unix socket"),
        ]);
    }
}
