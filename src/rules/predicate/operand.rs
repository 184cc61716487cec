//! What a test compares with: lists from the rule or its params, resolved when the
//! rule is compiled, and the small helpers that render them in labels.

use std::collections::BTreeMap;

use super::CompileContext;
use crate::model::Node;

/// A list of values from the rule, or a table param looked up with a node field.
#[derive(Debug, Clone)]
pub(super) enum Operand {
    Const(Vec<String>),
    Keyed {
        param: String,
        table: BTreeMap<String, Vec<String>>,
        field: String,
    },
}

impl Operand {
    pub(super) fn values(&self, node: &Node) -> &[String] {
        match self {
            Operand::Const(v) => v,
            Operand::Keyed { table, field, .. } => node
                .field(field)
                .and_then(|v| table.get(&normalize_key(&v.value.text())))
                .map_or(&[], Vec::as_slice),
        }
    }
}

/// Keys of path tables are compared without a trailing slash (`/tmp/` is `/tmp`).
fn normalize_key(k: &str) -> String {
    if k.len() > 1 {
        k.trim_end_matches('/').to_string()
    } else {
        k.to_string()
    }
}

impl Operand {
    /// The operand as `explain` shows it.
    pub(super) fn describe(&self) -> String {
        match self {
            Operand::Const(v) => code_list(v.iter()),
            Operand::Keyed { param, field, .. } => {
                format!("what the param `{param}` lists for its `{field}`")
            }
        }
    }
}

pub(super) use crate::finding::code_list;

pub(super) fn or_list(items: &[String]) -> String {
    match items {
        [one] => format!("`{one}`"),
        _ => format!("one of {}", code_list(items.iter())),
    }
}

pub(super) fn param<'a>(
    v: &'a toml::Value,
    cx: &'a CompileContext,
) -> Result<&'a toml::Value, String> {
    match v {
        toml::Value::Table(t) if t.contains_key("param") => {
            let Some(toml::Value::String(name)) = t.get("param") else {
                return Err("`param` names a param: `{ param = \"name\" }`".into());
            };
            cx.params
                .get(name)
                .ok_or_else(|| format!("the rule has no param `{name}`"))
        }
        other => Ok(other),
    }
}

fn scalar_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(super) fn resolve_strings(v: &toml::Value) -> Result<Vec<String>, String> {
    match v {
        toml::Value::Array(items) => items
            .iter()
            .map(|i| {
                scalar_text(i).ok_or_else(|| "list items must be strings or numbers".to_string())
            })
            .collect(),
        other => scalar_text(other)
            .map(|s| vec![s])
            .ok_or_else(|| "expected a string, number or list".into()),
    }
}

pub(super) fn resolve_operand(v: &toml::Value, cx: &CompileContext) -> Result<Operand, String> {
    if let toml::Value::Table(t) = v {
        for key in t.keys() {
            if !matches!(key.as_str(), "param" | "key-field" | "param-keys") {
                return Err(format!(
                    "unknown key `{key}` (expected `param`, `key-field` or `param-keys`)"
                ));
            }
        }
        if let Some(toml::Value::String(name)) = t.get("param-keys") {
            let table = table_param(name, cx)?;
            return Ok(Operand::Const(table.keys().cloned().collect()));
        }
        if let Some(toml::Value::String(field)) = t.get("key-field") {
            let Some(toml::Value::String(name)) = t.get("param") else {
                return Err("`key-field` needs `param`".into());
            };
            return Ok(Operand::Keyed {
                param: name.clone(),
                table: table_param(name, cx)?,
                field: field.clone(),
            });
        }
    }
    Ok(Operand::Const(resolve_strings(param(v, cx)?)?))
}

fn table_param(name: &str, cx: &CompileContext) -> Result<BTreeMap<String, Vec<String>>, String> {
    match cx.params.get(name) {
        Some(toml::Value::Table(t)) => t
            .iter()
            .map(|(k, v)| Ok((normalize_key(k), resolve_strings(v)?)))
            .collect(),
        Some(_) => Err(format!("param `{name}` must be a table")),
        None => Err(format!("the rule has no param `{name}`")),
    }
}

pub(super) fn resolve_string(v: &toml::Value, cx: &CompileContext) -> Result<String, String> {
    match param(v, cx)? {
        toml::Value::String(s) => Ok(s.clone()),
        _ => Err("expected a string".into()),
    }
}

pub(super) fn resolve_int(v: &toml::Value, cx: &CompileContext) -> Result<i64, String> {
    match param(v, cx)? {
        toml::Value::Integer(i) => Ok(*i),
        _ => Err("expected an integer".into()),
    }
}
