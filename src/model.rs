//! The uniform model every parser produces, so that one rule engine serves all formats.

use std::collections::BTreeMap;
use std::fmt;

use crate::source::{FileId, Span, Spanned};

/// A glob `PREFIX<dir>SUFFIX` where `<dir>` is one path component other than `etc`
/// (globset has no negation, so: not starting with `e`, or `e`, `e…`, `et`, `et…`, `etc…`
/// without being exactly `etc`).
macro_rules! not_etc {
    ($prefix:literal, $suffix:literal) => {
        concat!($prefix, "{[!e]*,e,e[!t]*,et,et[!c]*,etc?*}", $suffix)
    };
}

/// The formats art32 reads. A file's kind comes from the configured globs.
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

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Fstab => "fstab",
            FileKind::Crypttab => "crypttab",
            FileKind::Nginx => "nginx",
            FileKind::PostfixMain => "postfix-main",
            FileKind::PostfixMaster => "postfix-master",
            FileKind::InventoryVars => "inventory-vars",
            FileKind::InventoryYaml => "inventory-yaml",
            FileKind::InventoryCsv => "inventory-csv",
            FileKind::InventoryIni => "inventory-ini",
        }
    }

    pub fn from_name(name: &str) -> Option<FileKind> {
        FileKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The family rules name in `select.kind`: a format whose files are checked
    /// together (`postfix`: `main.cf` and `master.cf`). Otherwise the kind's own name.
    pub fn family(self) -> &'static str {
        match self {
            FileKind::PostfixMain | FileKind::PostfixMaster => "postfix",
            FileKind::InventoryVars
            | FileKind::InventoryYaml
            | FileKind::InventoryCsv
            | FileKind::InventoryIni => "inventory",
            k => k.name(),
        }
    }

    /// The kind that stands for a family (its first kind): rules of the family are
    /// evaluated on documents of this kind.
    pub fn from_family(family: &str) -> Option<FileKind> {
        FileKind::ALL.iter().copied().find(|k| k.family() == family)
    }

    /// Every family name, in order.
    pub fn families() -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for k in FileKind::ALL {
            if !out.contains(&k.family()) {
                out.push(k.family());
            }
        }
        out
    }

    /// The fields of every kind of the family (for checking placeholders).
    pub fn family_fields(self) -> Vec<&'static str> {
        FileKind::ALL
            .iter()
            .filter(|k| k.family() == self.family())
            .flat_map(|k| k.fields().iter().copied())
            .collect()
    }

    /// Globs that classify a file as this kind when `art32.toml` says nothing.
    pub fn default_globs(self) -> &'static [&'static str] {
        match self {
            FileKind::Fstab => &["**/fstab", "**/*.fstab"],
            FileKind::Crypttab => &["**/crypttab", "**/crypttab.initramfs", "**/*.crypttab"],
            FileKind::Nginx => &[
                "**/nginx.conf",
                "**/nginx/**/*.conf",
                "**/nginx/sites-available/*",
                "**/nginx/sites-enabled/*",
                "**/nginx/snippets/*",
                "**/*.nginx",
            ],
            FileKind::PostfixMain => &["**/main.cf"],
            FileKind::PostfixMaster => &["**/master.cf"],
            FileKind::InventoryVars => &[
                "**/inventory/**/group_vars/**",
                "**/inventory/**/host_vars/**",
                "**/inventories/**/group_vars/**",
                "**/inventories/**/host_vars/**",
            ],
            FileKind::InventoryYaml => &[
                "**/inventory/**/*.yml",
                "**/inventory/**/*.yaml",
                "**/inventories/**/*.yml",
                "**/inventories/**/*.yaml",
                "**/inventory.yml",
                "**/inventory.yaml",
                "**/hosts.yml",
                "**/hosts.yaml",
            ],
            FileKind::InventoryCsv => &["**/inventory/**/*.csv", "**/inventories/**/*.csv"],
            // Files without an extension are read as Ansible reads them: YAML if they hold a
            // mapping, else INI (`parse::inventory`). `hosts` and `inventory` are claimed in
            // `inventory/` or `inventories/` and in the directories below them
            // (`inventories/<env>/hosts`) but one called `etc`: an `etc/hosts` is the
            // resolver's file, not an inventory, in any layout.
            FileKind::InventoryIni => &[
                "**/inventory/hosts*",
                "**/inventory/inventory",
                "**/inventories/hosts",
                "**/inventories/inventory",
                not_etc!("**/inventory/**/", "/hosts"),
                not_etc!("**/inventory/**/", "/inventory"),
                not_etc!("**/inventories/**/", "/hosts"),
                not_etc!("**/inventories/**/", "/inventory"),
                "**/inventory/**/*.ini",
                "**/inventories/**/*.ini",
                "**/inventory.ini",
                "**/hosts.ini",
            ],
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
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

/// A node's fields by name, in name order. Most nodes have a few, kept in a sorted
/// vector: a `BTreeMap` allocates room for eleven entries (about 900 bytes) for the
/// first, which made a `main.cf` of short parameters take 100 times its size. Past
/// [`Fields::SMALL`] entries they are a map, so that a host with thousands of
/// variables is no quadratic insert.
#[derive(Debug, Clone, Default)]
pub struct Fields(FieldsRepr);

#[derive(Debug, Clone)]
enum FieldsRepr {
    Small(Vec<(String, Spanned<Value>)>),
    Large(BTreeMap<String, Spanned<Value>>),
}

impl Default for FieldsRepr {
    fn default() -> Self {
        FieldsRepr::Small(Vec::new())
    }
}

impl Fields {
    /// The most fields kept in a vector.
    pub const SMALL: usize = 16;

    pub fn get(&self, name: &str) -> Option<&Spanned<Value>> {
        match &self.0 {
            FieldsRepr::Small(v) => v
                .binary_search_by(|(k, _)| k.as_str().cmp(name))
                .ok()
                .map(|i| &v[i].1),
            FieldsRepr::Large(m) => m.get(name),
        }
    }

    /// Sets `name`, returning the value it had.
    pub fn insert(&mut self, name: String, value: Spanned<Value>) -> Option<Spanned<Value>> {
        match &mut self.0 {
            FieldsRepr::Small(v) => match v.binary_search_by(|(k, _)| k.as_str().cmp(&name)) {
                Ok(i) => Some(std::mem::replace(&mut v[i].1, value)),
                Err(i) if v.len() < Self::SMALL => {
                    // Room for this one only: most nodes have one field or two.
                    v.reserve_exact(1);
                    v.insert(i, (name, value));
                    None
                }
                Err(_) => {
                    let mut m: BTreeMap<_, _> = std::mem::take(v).into_iter().collect();
                    m.insert(name, value);
                    self.0 = FieldsRepr::Large(m);
                    None
                }
            },
            FieldsRepr::Large(m) => m.insert(name, value),
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Spanned<Value>> {
        match &mut self.0 {
            FieldsRepr::Small(v) => v
                .binary_search_by(|(k, _)| k.as_str().cmp(name))
                .ok()
                .map(|i| v.remove(i).1),
            FieldsRepr::Large(m) => m.remove(name),
        }
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            FieldsRepr::Small(v) => v.len(),
            FieldsRepr::Large(m) => m.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The fields in name order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = (&String, &Spanned<Value>)> + '_> {
        match &self.0 {
            FieldsRepr::Small(v) => Box::new(v.iter().map(|(k, v)| (k, v))),
            FieldsRepr::Large(m) => Box::new(m.iter()),
        }
    }

    pub fn values(&self) -> impl Iterator<Item = &Spanned<Value>> {
        self.iter().map(|(_, v)| v)
    }
}

impl PartialEq for Fields {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a String, &'a Spanned<Value>);
    type IntoIter = Box<dyn Iterator<Item = (&'a String, &'a Spanned<Value>)> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The children of nodes by name, each node indexed once, for stages that look names up
/// in the same blocks many times: every server of an `http` block with thousands of
/// them looks its directives up in `http`, which would otherwise be a scan of thousands
/// of children each time. Nodes are known by the address and length of their children,
/// so an index serves one tree that does not change while it is in use (one
/// evaluation).
#[derive(Debug, Default)]
pub struct ChildIndex(std::cell::RefCell<BTreeMap<(usize, usize), ByName>>);

/// Positions of a node's children, by name.
type ByName = BTreeMap<String, Vec<usize>>;

impl ChildIndex {
    /// The children of `node` named `name`, in order.
    pub fn named<'a>(&self, node: &'a Node, name: &str) -> Vec<&'a Node> {
        let key = (node.children.as_ptr() as usize, node.children.len());
        let mut map = self.0.borrow_mut();
        let by_name = map.entry(key).or_insert_with(|| {
            let mut by_name = ByName::new();
            for (i, c) in node.children.iter().enumerate() {
                by_name.entry(c.name.value.clone()).or_default().push(i);
            }
            by_name
        });
        by_name
            .get(name)
            .map(|at| at.iter().map(|&i| &node.children[i]).collect())
            .unwrap_or_default()
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
            rule: crate::rules::NOT_CHECKED,
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

impl FileKind {
    /// The fields the parser sets on this kind's nodes (for checking placeholders).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            FileKind::Fstab => &[
                "spec",
                "spec-tag",
                "spec-value",
                "file",
                "vfstype",
                "effective-type",
                "options",
                "effective-options",
                "freq",
                "passno",
            ],
            FileKind::Crypttab => &["name", "device", "key-file", "options"],
            FileKind::Nginx => &[
                "block",
                "tls",
                "plain-http",
                "server-name",
                "address",
                "port",
                "ssl",
                "quic",
                "default-server",
                "unix",
                "scheme",
                "hosts",
                "http-serves",
                "answers-all",
                "unreachable",
                "more-headers",
                "tls-handshake",
                "ignored-protocols",
            ],
            FileKind::PostfixMain => &["value", "items"],
            // Hosts carry their variables as fields; which ones is up to the inventory.
            FileKind::InventoryVars
            | FileKind::InventoryYaml
            | FileKind::InventoryCsv
            | FileKind::InventoryIni => &["groups"],
            FileKind::PostfixMaster => &[
                "service",
                "type",
                "private",
                "unpriv",
                "chroot",
                "wakeup",
                "maxproc",
                "command",
                "arguments",
                "service-key",
                "implied",
                "loopback",
                "value",
                "items",
                "unknown",
            ],
        }
    }

    /// Where the `[example]` of a rule for this kind's family is written (tests, explain):
    /// a file of the family's main kind, where such files usually sit.
    pub fn example_path(self) -> &'static str {
        match self {
            FileKind::Fstab => "etc/fstab",
            FileKind::Crypttab => "etc/crypttab",
            FileKind::Nginx => "etc/nginx/nginx.conf",
            FileKind::PostfixMain => "etc/postfix/main.cf",
            FileKind::PostfixMaster => "etc/postfix/master.cf",
            FileKind::InventoryVars | FileKind::InventoryIni => "inventory/hosts.ini",
            FileKind::InventoryYaml => "inventory/hosts.yml",
            FileKind::InventoryCsv => "inventory/assets.csv",
        }
    }

    /// The field that tells a node from its siblings, for fingerprints.
    pub fn key_field(self) -> Option<&'static str> {
        match self {
            FileKind::Fstab => Some("file"),
            FileKind::Crypttab => Some("name"),
            FileKind::Nginx => Some("server-name"),
            FileKind::PostfixMain => None,
            FileKind::PostfixMaster => Some("service-key"),
            FileKind::InventoryVars
            | FileKind::InventoryYaml
            | FileKind::InventoryCsv
            | FileKind::InventoryIni => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fields read as a map in name order, small or large, and a node with a field or
    /// two allocates room for them only (a `BTreeMap` allocated eleven entries).
    #[test]
    fn fields_are_a_map_in_name_order() {
        let at = Span::default();
        let mut small = Fields::default();
        let mut large = Fields::default();
        for i in (0..40).rev() {
            let v = || Spanned::new(Value::Int(i), at);
            if i < 3 {
                assert_eq!(small.insert(format!("f{i:02}"), v()), None);
            }
            assert_eq!(large.insert(format!("f{i:02}"), v()), None);
        }
        let names: Vec<&String> = large.iter().map(|(k, _)| k).collect();
        assert_eq!(names.len(), 40);
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(large.get("f07").map(|v| &v.value), Some(&Value::Int(7)));
        assert_eq!(
            small.insert("f01".into(), Spanned::new(Value::Bool(true), at)),
            Some(Spanned::new(Value::Int(1), at))
        );
        assert_eq!(small.remove("f00").map(|v| v.value), Some(Value::Int(0)));
        assert_eq!(small.len(), 2);
        // The same fields are equal however they are held.
        for i in 3..40 {
            large.remove(&format!("f{i:02}"));
        }
        large.remove("f00");
        large.insert("f01".into(), Spanned::new(Value::Bool(true), at));
        assert_eq!(small, large);
        assert!(matches!(small.0, FieldsRepr::Small(ref v) if v.capacity() < 11));
    }
}
