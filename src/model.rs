//! The uniform model every parser produces, so that one rule engine serves all formats.

pub mod age;

use std::collections::BTreeMap;

use crate::source::{FileId, Span, Spanned};

/// The kinds of file art32 reads: names only. What each kind is — its name, globs,
/// fields, parser, family — is its format's entry in the table of `crate::formats`,
/// which lists the kinds in this order (the order globs classify in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Fstab,
    Crypttab,
    Nginx,
    /// Postfix `main.cf` (parameters).
    PostfixMain,
    /// Postfix `master.cf` (services).
    PostfixMaster,
    /// Ansible `group_vars/` and `host_vars/` files (YAML or JSON).
    InventoryVars,
    /// Ansible YAML inventory.
    InventoryYaml,
    /// CSV asset list: a header row, one host per row.
    InventoryCsv,
    /// Ansible INI inventory.
    InventoryIni,
}

impl FileKind {
    pub const ALL: &'static [FileKind] = &[
        FileKind::Fstab,
        FileKind::Crypttab,
        FileKind::Nginx,
        FileKind::PostfixMain,
        FileKind::PostfixMaster,
        FileKind::InventoryVars,
        FileKind::InventoryYaml,
        FileKind::InventoryCsv,
        FileKind::InventoryIni,
    ];
}

/// The families of kinds: a format whose files are linked and checked together (the
/// `postfix` family is `main.cf` and `master.cf`). Rules name a family in `select.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Fstab,
    Crypttab,
    Nginx,
    Postfix,
    Inventory,
}

impl Family {
    pub const ALL: &'static [Family] = &[
        Family::Fstab,
        Family::Crypttab,
        Family::Nginx,
        Family::Postfix,
        Family::Inventory,
    ];
}

/// A field value. Lists keep a span per item so a finding can underline one option.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<Spanned<String>>),
    /// A value art32 cannot read: it holds an ansible-vault ciphertext (as compact JSON,
    /// `{"__ansible_vault": "…"}`, the way `ansible-inventory --list` prints it). A rule
    /// test on it other than `exists` is unknown (see `rules::predicate`).
    Opaque(String),
}

impl Value {
    /// The value as text: lists joined with `,`.
    pub fn text(&self) -> String {
        match self {
            Value::Str(s) | Value::Opaque(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => items
                .iter()
                .map(|i| i.value.as_str())
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

/// The fields of a node by name, in name order. Most nodes have one to a few (a
/// Postfix parameter its value, a CSV cell its value): those are a vector exactly as
/// long, where a map's smallest node would hold room for eleven, some 900 bytes for
/// one field of a few input bytes. A node with many (a host's thousands of variables)
/// turns into a map, so that inserting stays logarithmic.
#[derive(Debug, Clone, Default)]
pub struct Fields(FieldStore);

#[derive(Debug, Clone)]
enum FieldStore {
    /// Sorted by name, without duplicates.
    Few(Vec<(String, Spanned<Value>)>),
    Many(BTreeMap<String, Spanned<Value>>),
}

impl Default for FieldStore {
    fn default() -> Self {
        FieldStore::Few(Vec::new())
    }
}

/// Beyond this many fields a node's fields are a map.
pub const FEW_FIELDS: usize = 16;

impl Fields {
    pub fn get(&self, name: &str) -> Option<&Spanned<Value>> {
        match &self.0 {
            FieldStore::Few(v) => v
                .binary_search_by(|(k, _)| k.as_str().cmp(name))
                .ok()
                .map(|i| &v[i].1),
            FieldStore::Many(m) => m.get(name),
        }
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name`, giving back the value it replaces.
    pub fn insert(&mut self, name: String, value: Spanned<Value>) -> Option<Spanned<Value>> {
        match &mut self.0 {
            FieldStore::Few(v) => match v.binary_search_by(|(k, _)| k.as_str().cmp(&name)) {
                Ok(i) => Some(std::mem::replace(&mut v[i].1, value)),
                Err(i) if v.len() < FEW_FIELDS => {
                    v.reserve_exact(1);
                    v.insert(i, (name, value));
                    None
                }
                Err(_) => {
                    let mut map: BTreeMap<_, _> = std::mem::take(v).into_iter().collect();
                    map.insert(name, value);
                    self.0 = FieldStore::Many(map);
                    None
                }
            },
            FieldStore::Many(m) => m.insert(name, value),
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Spanned<Value>> {
        match &mut self.0 {
            FieldStore::Few(v) => v
                .binary_search_by(|(k, _)| k.as_str().cmp(name))
                .ok()
                .map(|i| v.remove(i).1),
            FieldStore::Many(m) => m.remove(name),
        }
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            FieldStore::Few(v) => v.len(),
            FieldStore::Many(m) => m.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The fields in name order.
    pub fn iter(&self) -> FieldsIter<'_> {
        match &self.0 {
            FieldStore::Few(v) => FieldsIter::Few(v.iter()),
            FieldStore::Many(m) => FieldsIter::Many(m.iter()),
        }
    }

    pub fn values(&self) -> impl Iterator<Item = &Spanned<Value>> {
        self.iter().map(|(_, v)| v)
    }
}

impl PartialEq for Fields {
    fn eq(&self, other: &Fields) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// The fields of a node in name order (`Fields::iter`).
pub enum FieldsIter<'a> {
    Few(std::slice::Iter<'a, (String, Spanned<Value>)>),
    Many(std::collections::btree_map::Iter<'a, String, Spanned<Value>>),
}

impl<'a> Iterator for FieldsIter<'a> {
    type Item = (&'a String, &'a Spanned<Value>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            FieldsIter::Few(it) => it.next().map(|(k, v)| (k, v)),
            FieldsIter::Many(it) => it.next(),
        }
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a String, &'a Spanned<Value>);
    type IntoIter = FieldsIter<'a>;

    fn into_iter(self) -> FieldsIter<'a> {
        self.iter()
    }
}

impl FromIterator<(String, Spanned<Value>)> for Fields {
    fn from_iter<I: IntoIterator<Item = (String, Spanned<Value>)>>(iter: I) -> Fields {
        let mut fields = Fields::default();
        for (k, v) in iter {
            fields.insert(k, v);
        }
        fields
    }
}

/// One node of a parsed document: an fstab `mount`, a crypttab `crypt`, an nginx
/// `directive`, a Postfix `param`, an inventory `host`, …
///
/// `kind` says what sort of node it is; `name` is what the file calls it (the
/// directive or parameter name; for table formats the same as `kind`). Selectors
/// match either.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: &'static str,
    pub name: Spanned<String>,
    pub args: Vec<Spanned<String>>,
    pub fields: Fields,
    pub children: Vec<Node>,
    /// The whole node, e.g. one fstab line without its comment.
    pub span: Span,
}

impl Node {
    pub fn new(kind: &'static str, name: Spanned<String>, span: Span) -> Self {
        Node {
            kind,
            name,
            args: Vec::new(),
            fields: Fields::default(),
            children: Vec::new(),
            span,
        }
    }

    pub fn field(&self, name: &str) -> Option<&Spanned<Value>> {
        self.fields.get(name)
    }

    pub fn set(&mut self, name: &str, value: Value, span: Span) {
        self.fields
            .insert(name.to_string(), Spanned::new(value, span));
    }

    pub fn file(&self) -> FileId {
        self.span.file
    }
}

/// A problem a parser found in its input. It becomes a `parse-error` finding.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseDiagnostic {
    pub span: Span,
    pub message: String,
    /// The built-in rule that reports it: `parse-error`, or `unresolved-include` for
    /// an nginx include art32 could not follow, `not-checked` for what
    /// the daemon accepts but art32 cannot judge.
    pub rule: &'static str,
}

impl ParseDiagnostic {
    /// Text the format's own reader would reject.
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        ParseDiagnostic {
            span,
            message: message.into(),
            rule: "parse-error",
        }
    }

    /// Something the daemon accepts but art32 cannot judge (an encrypted value, a
    /// plugin's computed hosts, a configuration whose other half is missing).
    pub fn not_checked(span: Span, message: impl Into<String>) -> Self {
        ParseDiagnostic {
            span,
            message: message.into(),
            rule: crate::finding::NOT_CHECKED,
        }
    }

    /// A reference to another file that could not be followed.
    pub fn unresolved(span: Span, message: impl Into<String>) -> Self {
        ParseDiagnostic {
            span,
            message: message.into(),
            rule: "unresolved-include",
        }
    }

    pub fn is_error(&self) -> bool {
        self.rule == "parse-error"
    }
}

/// One parsed file: its kind, its tree and whatever went wrong while parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub kind: FileKind,
    pub file: FileId,
    /// The synthetic root node (kind `file`), whose children are the file's entries.
    pub root: Node,
    pub diagnostics: Vec<ParseDiagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn v(text: &str) -> Spanned<Value> {
        let span = Span {
            file: FileId(0),
            start: 0,
            end: text.len(),
        };
        Spanned::new(Value::Str(text.to_string()), span)
    }

    /// Fields behave as a map in name order, whether few (a vector) or many (a map),
    /// and across the change from one to the other.
    #[test]
    fn fields_are_a_map_in_name_order_few_or_many() {
        let mut fields = Fields::default();
        let mut model = BTreeMap::new();
        // Names out of order, some set twice, some removed: past FEW_FIELDS and back.
        for i in (0..40).map(|i| (i * 17) % 40) {
            let name = format!("f{i}");
            assert_eq!(
                fields.insert(name.clone(), v(&i.to_string())),
                model.insert(name.clone(), v(&i.to_string()))
            );
            assert_eq!(
                fields.insert(name.clone(), v("again")),
                model.insert(name, v("again"))
            );
            if i % 3 == 0 {
                let gone = format!("f{}", i / 3);
                assert_eq!(fields.remove(&gone), model.remove(&gone));
            }
            assert_eq!(fields.len(), model.len());
            assert!(fields.iter().eq(model.iter()));
            assert_eq!(fields.get("f5"), model.get("f5"));
            assert_eq!(fields.contains_key("f7"), model.contains_key("f7"));
        }
        assert!(matches!(fields.0, FieldStore::Many(_)));
        // Equal whatever the store.
        let few: Fields = model.clone().into_iter().take(3).collect();
        let mut many: Fields = model.into_iter().collect();
        let names: Vec<String> = many.iter().skip(3).map(|(k, _)| k.clone()).collect();
        for name in names {
            many.remove(&name);
        }
        assert!(matches!(few.0, FieldStore::Few(_)) && matches!(many.0, FieldStore::Many(_)));
        assert_eq!(few, many);
    }

    /// A node with one field holds a vector of one, not a map's node of eleven.
    #[test]
    fn one_field_takes_room_for_one() {
        let mut fields = Fields::default();
        fields.insert("value".into(), v("x"));
        let FieldStore::Few(v) = &fields.0 else {
            panic!("one field is few")
        };
        assert_eq!(v.capacity(), 1);
    }
}
