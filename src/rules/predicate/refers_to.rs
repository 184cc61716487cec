//! `refers-to`: the subject names something another file declares (an fstab's
//! `/dev/mapper/NAME` and the crypttab beside it), looked up in the link index.

use std::fmt;

use regex::Regex;
use serde::Deserialize;

use super::kind::{Site, Test, TestKind};
use super::{CompileContext, Evidence, SubjectValue};
use crate::rules::refs::LinkTarget;
use crate::model::FileKind;
use crate::source::Span;

/// `refers-to = { kind = "crypttab", node = "crypt", field = "name", capture = "…" }`.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RefersToDef {
    pub kind: String,
    pub node: Option<String>,
    pub field: String,
    /// A regex with a `key` group that extracts the reference from the value.
    pub capture: Option<String>,
}

#[derive(Debug)]
pub struct RefersTo(LinkTarget, Option<Regex>);

impl TestKind for RefersTo {
    const KEY: &'static str = "refers-to";
    const BINDS: &'static [&'static str] = &["value", "key"];
    type Operand = RefersToDef;

    fn compile(r: &RefersToDef, _: &CompileContext) -> Result<Self, String> {
        let kind = FileKind::from_name(&r.kind)
            .or_else(|| FileKind::from_family(&r.kind))
            .ok_or_else(|| format!("unknown file kind `{}` in `refers-to`", r.kind))?;
        let capture = match &r.capture {
            Some(c) => {
                let re = crate::rules::build_regex(c)?;
                if !re.capture_names().any(|n| n == Some("key")) {
                    return Err("`refers-to.capture` needs a named group `(?<key>…)`".into());
                }
                Some(re)
            }
            None => None,
        };
        Ok(RefersTo(
            LinkTarget {
                kind,
                node: r.node.clone(),
                field: r.field.clone(),
            },
            capture,
        ))
    }
}

impl Test for RefersTo {
    fn evaluate(&self, s: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        let RefersTo(target, capture) = self;
        let (node, cx) = (at.node, at.cx);
        let key = match capture {
            Some(re) => re
                .captures(&s.text)
                .and_then(|c| c.name("key"))
                .map(|m| m.as_str().to_string()),
            None => Some(s.text.clone()),
        };
        let Some(key) = key else {
            ev.say(|| format!(
                "{} does not refer to a {} entry",
                s.quoted(),
                target.kind
            ));
            return false;
        };
        let ok = cx.links.contains(target, node.file(), &key);
        ev.bind("key", || key.clone());
        let scope = cx.links.scope(target.kind, node.file());
        if ok {
            ev.say(|| format!("`{key}` is declared in a {}", target.kind));
        } else if scope.is_empty() {
            ev.say(|| format!(
                "`{key}` is not declared: there is no {} beside this file",
                target.kind
            ));
        } else {
            ev.say(|| format!(
                "`{key}` is not declared in the {} beside this file",
                target.kind
            ));
            for file in scope {
                ev.note(Span::new(file, 0, 0), || {
                    format!("`{key}` is not declared in this {}", target.kind)
                });
            }
        }
        ok
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{s} refers to a `{}` declared in a {} file",
            self.0.field, self.0.kind
        )
    }

    fn link_target(&self) -> Option<&LinkTarget> {
        Some(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;

    /// No crypttab is linked in the table tests: nothing is declared.
    #[test]
    fn refers_to() {
        let mapper = r#"refers-to = { kind = "crypttab", node = "crypt", field = "name", capture = '^/dev/mapper/(?<key>[^/]+)$' }"#;
        check(&[
            (s("/dev/mapper/srv"), mapper, false, "`srv` is not declared: there is no crypttab beside this file"),
            (s("/dev/sda1"), mapper, false, "`/dev/sda1` does not refer to a crypttab entry"),
            (None, mapper, false, "`v` is not set"),
        ]);
        check_vars(&[(s("/dev/mapper/srv"), mapper, "key", "srv")]);
        check_errors(&[
            (r#"refers-to = { kind = "nope", field = "name" }"#, "unknown file kind `nope` in `refers-to`"),
            (r#"refers-to = { kind = "crypttab", field = "name", capture = "x" }"#, "`refers-to.capture` needs a named group `(?<key>…)`"),
        ]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"refers-to = { kind = "crypttab", field = "name" }"#, "`v` refers to a `name` declared in a crypttab file"),
        ]);
    }
}
