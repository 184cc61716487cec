//! Values as Ansible holds them once it has read a file ([`Data`], spanned as [`Item`]),
//! and what they become in the model: a `var` node whose field `value` is the value as
//! `ansible-inventory --list` prints it — scalars as they are, a list of scalars as a list,
//! anything nested as compact JSON written as Python's `json.dumps` writes it.

use crate::model::{Node, Value};
use crate::source::{Span, Spanned};

use super::python::py_float_repr;

/// A value as Python holds it once Ansible has read it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Data {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer beyond `i64`, as decimal digits.
    BigInt(String),
    Float(f64),
    Str(String),
    /// A date or time, in Python's `isoformat()` (how Ansible serialises it).
    Date(String),
    /// A `!vault` value: its ciphertext.
    Vault(String),
    List(Vec<Item>),
    Map(Vec<(Item, Item)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    pub(super) data: Data,
    pub(super) span: Span,
}

impl Item {
    pub(super) fn new(data: Data, span: Span) -> Self {
        Item { data, span }
    }
}

impl Data {
    pub(super) fn is_collection(&self) -> bool {
        matches!(self, Data::List(_) | Data::Map(_))
    }

    /// Python truthiness, for Ansible's `value or {}`.
    pub(super) fn is_falsy(&self) -> bool {
        match self {
            Data::Null => true,
            Data::Bool(b) => !b,
            Data::Int(i) => *i == 0,
            Data::Float(f) => *f == 0.0,
            Data::Str(s) => s.is_empty(),
            Data::List(l) => l.is_empty(),
            Data::Map(m) => m.is_empty(),
            Data::BigInt(_) | Data::Date(_) | Data::Vault(_) => false,
        }
    }

    /// What the value is, for messages (Python's type names, as Ansible's messages say).
    pub(super) fn type_name(&self) -> &'static str {
        match self {
            Data::Null => "null",
            Data::Bool(_) => "boolean",
            Data::Int(_) | Data::BigInt(_) => "integer",
            Data::Float(_) => "float",
            Data::Str(_) => "string",
            Data::Date(_) => "date",
            Data::Vault(_) => "vault value",
            Data::List(_) => "list",
            Data::Map(_) => "mapping",
        }
    }

    /// The text of a scalar: what a list item or a dictionary key becomes.
    pub(super) fn scalar_text(&self) -> String {
        match self {
            Data::Null => String::new(),
            Data::Bool(b) => b.to_string(),
            Data::Int(i) => i.to_string(),
            Data::BigInt(s) | Data::Str(s) | Data::Date(s) => s.clone(),
            Data::Float(f) => py_float_repr(*f),
            Data::Vault(_) | Data::List(_) | Data::Map(_) => self.json(),
        }
    }

    /// A mapping key as `json.dumps` writes it: strings as they are, other scalars as JSON.
    pub(super) fn key_text(&self) -> String {
        match self {
            Data::Null => "null".to_string(),
            Data::Float(f) => json_float(*f),
            _ => self.scalar_text(),
        }
    }

    /// Compact JSON, as `ansible-inventory --list` would print the value.
    pub(super) fn json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Data::Null => out.push_str("null"),
            Data::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Data::Int(i) => out.push_str(&i.to_string()),
            Data::BigInt(s) => out.push_str(s),
            Data::Float(f) => out.push_str(&json_float(*f)),
            Data::Str(s) | Data::Date(s) => out.push_str(&json_string(s)),
            Data::Vault(s) => {
                out.push_str("{\"__ansible_vault\":");
                out.push_str(&json_string(s));
                out.push('}');
            }
            Data::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.data.write_json(out);
                }
                out.push(']');
            }
            Data::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&json_string(&k.data.key_text()));
                    out.push(':');
                    v.data.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// The model's value: scalars as they are, a list of scalars as a list, anything
    /// nested as compact JSON.
    pub(super) fn to_value(&self) -> Value {
        match self {
            _ if self.holds_vault() => Value::Opaque(self.json()),
            Data::Bool(b) => Value::Bool(*b),
            Data::Int(i) => Value::Int(*i),
            Data::List(items) if !items.iter().any(|i| i.data.is_nested()) => Value::List(
                items
                    .iter()
                    .map(|i| Spanned::new(i.data.scalar_text(), i.span))
                    .collect(),
            ),
            Data::List(_) | Data::Map(_) | Data::Vault(_) => Value::Str(self.json()),
            _ => Value::Str(self.scalar_text()),
        }
    }

    /// Whether the value is, or holds somewhere inside, a `!vault` ciphertext.
    fn holds_vault(&self) -> bool {
        match self {
            Data::Vault(_) => true,
            Data::List(items) => items.iter().any(|i| i.data.holds_vault()),
            Data::Map(entries) => entries
                .iter()
                .any(|(k, v)| k.data.holds_vault() || v.data.holds_vault()),
            _ => false,
        }
    }

    fn is_nested(&self) -> bool {
        matches!(self, Data::List(_) | Data::Map(_) | Data::Vault(_))
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// A float as Python's `json.dumps` writes it (`NaN` and `Infinity` are not JSON, but
/// that is what Python writes).
fn json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        py_float_repr(f)
    }
}

/// A `var` node for each entry of a mapping, added to `parent` (room made for exactly
/// those).
pub(super) fn push_var_nodes(parent: &mut Node, entries: &[(Item, Item)]) {
    parent.children.reserve_exact(entries.len());
    for (k, v) in entries {
        parent
            .children
            .push(var_node(k.data.key_text(), k.span, v, k.span.to(v.span)));
    }
}

pub(super) fn var_node(name: String, name_span: Span, value: &Item, span: Span) -> Node {
    let mut node = Node::new("var", Spanned::new(name, name_span), span);
    node.set("value", value.data.to_value(), value.span);
    node
}
