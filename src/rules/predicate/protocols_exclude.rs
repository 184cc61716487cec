//! `protocols-exclude` (Postfix): the TLS protocols a Postfix/OpenSSL protocol list
//! enables include none of these.

use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::operand::{Operand, code_list, resolve_operand};
use super::{CompileContext, Evidence, SubjectValue};
use crate::model::Node;

/// `protocols-exclude = ["TLSv1", "TLSv1.1"]`.
#[derive(Debug)]
pub struct ProtocolsExclude(Vec<String>);

impl TestKind for ProtocolsExclude {
    const KEY: &'static str = "protocols-exclude";
    const BINDS: &'static [&'static str] = &["value", "offending"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        let Operand::Const(list) = resolve_operand(v, cx)? else {
            return Err("`protocols-exclude` takes a list of protocol names".into());
        };
        Ok(ProtocolsExclude(list))
    }
}

impl Test for ProtocolsExclude {
    fn evaluate(&self, s: &SubjectValue, _: &Site<'_>, ev: &mut Evidence) -> bool {
        let enabled = crate::link::postfix::enabled_protocols(
            &s.items.iter().map(|(i, _)| i.as_str()).collect::<Vec<_>>(),
        );
        let bad: Vec<String> = enabled
            .iter()
            .filter(|p| self.0.iter().any(|b| b.eq_ignore_ascii_case(p)))
            .map(|p| p.to_string())
            .collect();
        ev.vars.push(("offending".into(), code_list(bad.iter())));
        if bad.is_empty() {
            true
        } else {
            ev.label = Some(format!("enables {}", code_list(bad.iter())));
            false
        }
    }

    fn absent(&self, _: &Node, _: &mut Evidence) -> bool {
        true
    }

    fn describe(&self, s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the protocols {s} enables include none of {}",
            code_list(self.0.iter())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;

    #[test]
    fn protocols_exclude() {
        let old = r#"protocols-exclude = ["SSLv3", "TLSv1", "TLSv1.1"]"#;
        check(&[
            (s(">=TLSv1.2"), old, true, ""),
            (list(&["!SSLv2", "!SSLv3"]), old, false, "enables `TLSv1`, `TLSv1.1`"),
            (None, old, true, "`v` is not set"),
        ]);
        check_vars(&[(list(&["!SSLv2", "!SSLv3"]), old, "offending", "`TLSv1`, `TLSv1.1`")]);
        check_errors(&[(
            "protocols-exclude = { key-field = \"x\", param = \"t\" }",
            "the rule has no param `t`",
        )]);
    }

    /// How `explain` reads the tests.
    #[test]
    fn readings() {
        check_readings(&[
            (FileKind::Fstab, r#"protocols-exclude = ["TLSv1"]"#, "the protocols `v` enables include none of `TLSv1`"),
        ]);
    }
}
