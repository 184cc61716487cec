//! Rules as written: the TOML records under `rules/<kind>/<name>.toml`, deserialized
//! with spans so that a mistake is reported where it was made.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

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

/// A failing and a passing input, shown by `art32 explain` and checked by the tests.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ExampleDef {
    pub fail: String,
    pub pass: String,
    /// Where `fail` and `pass` are written (default: where the family's files sit,
    /// `FileKind::example_path`).
    pub path: Option<String>,
    /// Other files the examples need, by path (a crypttab an fstab refers to).
    #[serde(default)]
    pub context: std::collections::BTreeMap<String, String>,
}

/// One predicate: a combinator (`all`, `any`, `not`) or an atom — a subject
/// (`field`, `child`, `name`, `args`) with exactly one test.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PredDef {
    pub all: Option<Vec<Spanned<PredDef>>>,
    pub any: Option<Vec<Spanned<PredDef>>>,
    pub not: Option<Box<Spanned<PredDef>>>,

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

    pub exists: Option<bool>,
    pub equals: Option<toml::Value>,
    pub one_of: Option<toml::Value>,
    pub matches: Option<toml::Value>,
    pub any_matches: Option<toml::Value>,
    pub none_matches: Option<toml::Value>,
    pub within: Option<toml::Value>,
    pub contains_all: Option<toml::Value>,
    pub contains_any: Option<toml::Value>,
    pub contains_none: Option<toml::Value>,
    pub path_under: Option<toml::Value>,
    pub path_is: Option<toml::Value>,
    pub at_least: Option<toml::Value>,
    pub at_most: Option<toml::Value>,
    pub duration_at_least: Option<toml::Value>,
    pub duration_at_most: Option<toml::Value>,
    pub is_date: Option<bool>,
    pub not_in_future: Option<bool>,
    pub not_older_than: Option<toml::Value>,
    pub cidr_max_breadth: Option<toml::Value>,
    pub refers_to: Option<RefersToDef>,
    pub contains_word: Option<toml::Value>,
    pub unique: Option<bool>,
    pub distinct_at_least: Option<toml::Value>,

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

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RefersToDef {
    pub kind: String,
    pub node: Option<String>,
    pub field: String,
    /// A regex with a `key` group that extracts the reference from the value.
    pub capture: Option<String>,
}
