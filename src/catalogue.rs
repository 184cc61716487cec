//! The TOM catalogue: the items of the company's Art. 32 TOM document that rules
//! refer to (`rules/tom.toml` mirrors the reference document; a company can point
//! the config at its own).

use serde::Deserialize;

use crate::error::TomlFileError;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub title: String,
    #[serde(default)]
    pub section: Vec<Section>,
    pub item: Vec<Item>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub de: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub de: String,
    pub en: String,
    #[serde(rename = "type")]
    pub kind: ItemKind,
    /// Where the item's own text makes no promise a configuration can show although
    /// its heading is technical (4.a: "the integrity of our staff is beyond question"):
    /// said beside the results of the rules mapped to it, which then do not decide its
    /// status (`art32 report`).
    #[serde(default)]
    pub remark: Option<String>,
    /// For a technical item no rule checks: what evidence would show it is kept
    /// (`art32 report` names it for `not verified`).
    #[serde(default)]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Technical,
    Organisational,
}

/// The reference catalogue shipped with art32.
pub const BUILTIN: &str = include_str!("../rules/tom.toml");
pub const BUILTIN_PATH: &str = "rules/tom.toml";

impl Catalogue {
    pub fn parse(path: &str, text: &str) -> Result<Catalogue, TomlFileError> {
        let cat: Catalogue = toml::from_str(text)
            .map_err(|e| TomlFileError::from_toml("invalid TOM catalogue", path, text, &e))?;
        let mut seen = std::collections::BTreeSet::new();
        for item in &cat.item {
            if !seen.insert(item.id.as_str()) {
                let at = text
                    .find(&format!("\"{}\"", item.id))
                    .map(|s| s..s + item.id.len() + 2);
                return Err(TomlFileError::new(
                    "invalid TOM catalogue",
                    path,
                    text,
                    at,
                    format!("item `{}` is defined twice", item.id),
                ));
            }
        }
        Ok(cat)
    }

    pub fn builtin() -> Catalogue {
        // The embedded catalogue is checked by a unit test, so this cannot fail at run time.
        Catalogue::parse(BUILTIN_PATH, BUILTIN).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.item.iter().find(|i| i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_mirrors_the_reference_document() {
        let cat = Catalogue::parse(BUILTIN_PATH, BUILTIN).unwrap();
        let ids: Vec<_> = cat.item.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids.first(), Some(&"1.a"));
        assert_eq!(ids.last(), Some(&"9.e"));
        assert_eq!(ids.len(), 28);
        for id in ["2.a.i", "2.a.ii", "2.a.iii", "2.b.ii", "6.b", "7.a", "8.a"] {
            assert_eq!(
                cat.item(id).map(|i| i.kind),
                Some(ItemKind::Technical),
                "{id}"
            );
        }
        // Every item's German text is in the reference document.
        let reference = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seed/TOM.txt"
        ))
        .expect("the reference TOM document in ../shared/seed");
        let squash = |s: &str| s.replace(['-', ' ', '\n'], "");
        for item in &cat.item {
            assert!(
                squash(&reference).contains(&squash(&item.de)),
                "{}",
                item.id
            );
        }
    }
}
