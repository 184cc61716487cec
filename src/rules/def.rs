//! Rules as written: the TOML records under `rules/<kind>/<name>.toml`, deserialized
//! with spans so that a mistake is reported where it was made.

use std::collections::BTreeMap;

use std::sync::LazyLock;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use super::predicate::kind::RawTest;
use super::predicate::{TESTS, read_operand};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub title: String,
    pub tom: Spanned<Vec<Spanned<String>>>,
    pub severity: Spanned<String>,
    /// One line; `{placeholders}` are filled from the node and the failing predicate.
    pub message: Spanned<String>,
    /// Text of the primary label; defaults to what the failing predicate says.
    pub label: Option<Spanned<String>>,
    pub help: Spanned<String>,
    pub rationale: String,
    pub references: Vec<String>,
    #[serde(default)]
    pub params: BTreeMap<String, Spanned<toml::Value>>,
    /// Absent only for the built-in rules under `rules/builtin/` that the engine
    /// itself reports (`parse-error`, `skipped-file`).
    pub select: Option<SelectDef>,
    pub assert: Option<Spanned<PredDef>>,
    pub example: Option<ExampleDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SelectDef {
    pub kind: Spanned<String>,
    pub path: Spanned<String>,
    #[serde(rename = "where")]
    pub where_: Option<Spanned<PredDef>>,
    /// A list field of the selected node whose items (text at a span) become labels of
    /// the node's findings: what linking knows about other places (`ignored-protocols`).
    pub labels_from: Option<Spanned<String>>,
}

/// A failing and a passing input, shown by `art32 explain` and checked by the tests;
/// dates in them may be written relative to the day of the run (`rules::example`).
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ExampleDef {
    pub fail: Spanned<String>,
    pub pass: Spanned<String>,
    /// Where `fail` and `pass` are written (default: where the family's files sit,
    /// `FileKind::example_path`).
    pub path: Option<String>,
    /// Other files the examples need, by path (a crypttab an fstab refers to).
    #[serde(default)]
    pub context: std::collections::BTreeMap<String, Spanned<String>>,
}

/// One predicate: a combinator (`all`, `any`, `not`, `if`/`then`) or an atom — a
/// subject (`field`, `child`, `name`, `args`) with exactly one test.
#[derive(Debug, Default)]
pub struct PredDef {
    pub all: Option<Vec<Spanned<PredDef>>>,
    pub any: Option<Vec<Spanned<PredDef>>>,
    pub not: Option<Box<Spanned<PredDef>>>,
    /// `{ if = …, then = … }`: where `if` holds, `then` must.
    pub if_: Option<Box<Spanned<PredDef>>>,
    pub then: Option<Box<Spanned<PredDef>>>,

    /// A field name, or `{ param = "x" }` naming a param that holds it (an inventory
    /// variable a repository may call differently).
    pub field: Option<toml::Value>,
    pub child: Option<String>,
    pub name: Option<bool>,
    pub args: Option<bool>,
    /// The argument at this index (0-based).
    pub arg: Option<usize>,
    /// With `child`: look the directive up through the enclosing blocks, as the
    /// format inherits it (nearest level that declares it, else the built-in default).
    pub inherit: Option<bool>,
    /// With `child`: a predicate that some / every / no occurrence must satisfy.
    pub some: Option<Box<Spanned<PredDef>>>,
    pub every: Option<Box<Spanned<PredDef>>>,
    pub none: Option<Box<Spanned<PredDef>>>,
    /// A regex whose first capture group (or whole match) replaces the subject's text
    /// and items before the test; no match makes the subject absent.
    pub extract: Option<String>,
    /// A regex whose first capture group (or whole match) of each item, as the subject
    /// holds it (before `extract`), is what `offending` lists and the test's label shows.
    pub show: Option<String>,

    /// The tests written (one, for a valid atom), each with its operand as the test's
    /// unit reads it (`predicate::TESTS` lists the keys).
    pub tests: Vec<RawTest>,

    /// Label text when this atom is what fails (templated).
    pub label: Option<String>,
    /// `"node"`: report a failure at the checked node, with a note where the value it
    /// inherits is set, instead of at that value (for a value that is right where it
    /// is set but wrong for this node: a submission service inheriting `may`).
    pub report_at: Option<String>,
    /// A secondary label at this atom's subject when it holds and a later predicate of
    /// the same `all` fails: why the failing check applies ("TLS is mandatory here").
    pub note: Option<String>,
}

/// The keys of a predicate, in the order an unknown key's message lists them: the
/// combinators, the subject and its modifiers, every test, an atom's own keys.
fn pred_keys() -> &'static [&'static str] {
    static KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let head = [
            "all", "any", "not", "if", "then", "field", "child", "name", "args", "arg", "inherit",
            "some", "every", "none", "extract", "show",
        ];
        let tail = ["label", "report-at", "note"];
        head.into_iter()
            .chain(TESTS.iter().map(|t| t.key))
            .chain(tail)
            .collect()
    });
    &KEYS
}

/// By hand rather than derived, so that the test keys come from the registry of tests
/// (`deny_unknown_fields`, kebab-case, as the derive would read them).
impl<'de> Deserialize<'de> for PredDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("PredDef", pred_keys(), PredVisitor)
    }
}

struct PredVisitor;

/// Reads one key's value into its slot; a key given twice is an error.
fn slot<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = map.next_value::<Option<T>>()?;
    Ok(())
}

impl<'de> Visitor<'de> for PredVisitor {
    type Value = PredDef;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("struct PredDef")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PredDef, A::Error> {
        let mut d = PredDef::default();
        while let Some(key) = map.next_key::<String>()? {
            let m = &mut map;
            match key.as_str() {
                "all" => slot(m, &mut d.all, "all")?,
                "any" => slot(m, &mut d.any, "any")?,
                "not" => slot(m, &mut d.not, "not")?,
                "if" => slot(m, &mut d.if_, "if")?,
                "then" => slot(m, &mut d.then, "then")?,
                "field" => slot(m, &mut d.field, "field")?,
                "child" => slot(m, &mut d.child, "child")?,
                "name" => slot(m, &mut d.name, "name")?,
                "args" => slot(m, &mut d.args, "args")?,
                "arg" => slot(m, &mut d.arg, "arg")?,
                "inherit" => slot(m, &mut d.inherit, "inherit")?,
                "some" => slot(m, &mut d.some, "some")?,
                "every" => slot(m, &mut d.every, "every")?,
                "none" => slot(m, &mut d.none, "none")?,
                "extract" => slot(m, &mut d.extract, "extract")?,
                "show" => slot(m, &mut d.show, "show")?,
                "label" => slot(m, &mut d.label, "label")?,
                "report-at" => slot(m, &mut d.report_at, "report-at")?,
                "note" => slot(m, &mut d.note, "note")?,
                other => {
                    if let Some(entry) = d.tests.iter().find(|t| t.entry.key == other) {
                        return Err(de::Error::duplicate_field(entry.entry.key));
                    }
                    match read_operand(other, m)? {
                        Some(raw) => d.tests.extend(raw),
                        None => return Err(de::Error::unknown_field(other, pred_keys())),
                    }
                }
            }
        }
        Ok(d)
    }
}
