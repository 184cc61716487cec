//! `log-excludes` (nginx): the format an `access_log` writes uses none of these
//! variables unmasked.

use std::fmt;

use super::kind::{Site, Test, TestKind};
use super::operand::{Operand, code_list, resolve_operand};
use super::{CompileContext, Evidence, SubjectValue};
use crate::model::{FileKind, Node};

/// `log-excludes = ["$remote_addr"]`, kept without the `$`.
#[derive(Debug)]
pub struct LogExcludes(Vec<String>);

impl TestKind for LogExcludes {
    const KEY: &'static str = "log-excludes";
    const BINDS: &'static [&'static str] = &["value", "offending"];
    type Operand = toml::Value;

    fn compile(v: &toml::Value, cx: &CompileContext) -> Result<Self, String> {
        let Operand::Const(vars) = resolve_operand(v, cx)? else {
            return Err("`log-excludes` takes a list of variable names".into());
        };
        if cx.kind != FileKind::Nginx {
            return Err(
                "`log-excludes` reads nginx log formats: it needs `kind = \"nginx\"`".into(),
            );
        }
        Ok(LogExcludes(
            vars.iter()
                .map(|v| v.trim_start_matches('$').to_string())
                .collect(),
        ))
    }
}

impl Test for LogExcludes {
    fn evaluate(&self, _: &SubjectValue, at: &Site<'_>, ev: &mut Evidence) -> bool {
        let (node, ancestors, cx) = (at.node, at.ancestors, at.cx);
        let vars = &self.0;
        let Some(format) = crate::link::nginx::access_log_format(node, ancestors, &cx.levels)
        else {
            return true;
        };
        let (masked, passed) = crate::link::nginx::maps_of(ancestors, vars, &cx.levels);
        let mut exposed: Vec<String> = Vec::new();
        for v in &format.variables {
            let carries = (vars.contains(v) && !masked.contains(v)) || passed.contains(v);
            if carries && !exposed.contains(v) {
                exposed.push(v.clone());
            }
        }
        let shown: Vec<String> = exposed.iter().map(|v| format!("${v}")).collect();
        ev.vars.push(("offending".into(), code_list(shown.iter())));
        if exposed.is_empty() {
            true
        } else {
            ev.span = Some(
                node.args
                    .get(1)
                    .filter(|a| a.value == format.name)
                    .map_or(node.span, |a| a.span),
            );
            ev.label = Some(format!(
                "the `{}` format writes {}",
                format.name,
                code_list(shown.iter())
            ));
            if let Some(at) = format.defined_at {
                ev.notes
                    .push((at, format!("`{}` is defined here", format.name)));
            }
            false
        }
    }

    fn absent(&self, _: &Node, _: &mut Evidence) -> bool {
        true
    }

    fn describe(&self, _: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the log format it writes uses none of {} unmasked",
            code_list(self.0.iter().map(|v| format!("${v}")).collect::<Vec<_>>().iter())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::*;

    /// Evaluation needs an nginx document; the fixtures of `nginx.access-log-ip` cover it.
    #[test]
    fn log_excludes() {
        check_errors(&[
            (
                r#"log-excludes = ["$remote_addr"]"#,
                "`log-excludes` reads nginx log formats: it needs `kind = \"nginx\"`",
            ),
            (
                "log-excludes = { key-field = \"x\", param = \"t\" }",
                "the rule has no param `t`",
            ),
        ]);
        check_readings(&[(
            FileKind::Nginx,
            r#"log-excludes = ["$remote_addr", "http_x_real_ip"]"#,
            "the log format it writes uses none of `$remote_addr`, `$http_x_real_ip` unmasked",
        )]);
    }
}
