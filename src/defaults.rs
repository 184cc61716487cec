//! Built-in defaults of the formats art32 reads, by version: the value a directive has
//! when no level of the configuration sets it. Data, in `defaults/<kind>.toml`, each
//! value with the release it appeared in and its source.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::FileKind;

/// The field of a linked document's root that holds the level of the defaults its
/// configuration asks for, where the format has one (Postfix: `compatibility_level`, the
/// last definition in `main.cf`), as a version: set by linking, read by `evaluate`.
pub const LEVEL_FIELD: &str = "defaults-level";

/// A version such as `1.18` or `1.23.4`, compared numerically.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(Vec<u32>);

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        let parts: Option<Vec<u32>> = s.trim().split('.').map(|p| p.parse().ok()).collect();
        parts.filter(|p| !p.is_empty() && p.len() <= 4).map(Version)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultsFile {
    /// The version assumed when the config names none, and why.
    default_version: String,
    default_version_reason: String,
    #[serde(default)]
    directive: Vec<DirectiveDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectiveDef {
    name: String,
    values: Vec<ValueDef>,
    /// Why a directive has no `values`: its default is computed at run time (from the
    /// host), so art32 knows the directive but not its default. Documentation of the
    /// table, which only its unit test reads.
    #[cfg_attr(not(test), allow(dead_code))]
    computed: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueDef {
    /// The first version with this default.
    since: String,
    /// Postfix: the default holds only when the configuration's `compatibility_level`
    /// is at least this.
    compatibility_level: Option<String>,
    args: Vec<String>,
    source: String,
}

#[derive(Debug, Clone)]
struct Candidate {
    since: Version,
    compatibility_level: Option<Version>,
    value: DefaultValue,
}

/// The value a directive has when nothing sets it, for one target version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultValue {
    pub args: Vec<String>,
    pub source: String,
}

/// Defaults of every kind, resolved for the configured target versions.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    values: BTreeMap<(FileKind, String), Vec<Candidate>>,
    versions: BTreeMap<FileKind, Version>,
}

impl Defaults {
    /// Resolves the tables — `(the kind that owns it, its TOML)`, the formats' embedded
    /// `defaults/<family>.toml` (`formats::defaults`) — for the given target versions
    /// (`None`: each table's `default_version`).
    pub fn new<'t>(
        targets: &BTreeMap<FileKind, Version>,
        tables: impl IntoIterator<Item = (FileKind, &'t str)>,
    ) -> Defaults {
        let mut out = Defaults::default();
        for (kind, text) in tables {
            // The embedded tables are checked by a unit test (`check_table`).
            let file: DefaultsFile = toml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
            let version = targets
                .get(&kind)
                .cloned()
                .or_else(|| Version::parse(&file.default_version))
                .unwrap_or(Version(vec![0]));
            for d in file.directive {
                let candidates = d
                    .values
                    .iter()
                    .filter_map(|v| {
                        Some(Candidate {
                            since: Version::parse(&v.since)?,
                            compatibility_level: match &v.compatibility_level {
                                Some(c) => Some(Version::parse(c)?),
                                None => None,
                            },
                            value: DefaultValue {
                                args: v.args.clone(),
                                source: v.source.clone(),
                            },
                        })
                    })
                    .filter(|c| c.since <= version)
                    .collect();
                out.values.insert((kind, d.name.clone()), candidates);
            }
            out.versions.insert(kind, version);
        }
        out
    }

    /// The default of a directive for the target version and, for Postfix, the
    /// configuration's `compatibility_level` (`None`: 0, Postfix's own default).
    pub fn get(
        &self,
        kind: FileKind,
        directive: &str,
        compatibility_level: Option<&Version>,
    ) -> Option<&DefaultValue> {
        let zero = Version(vec![0]);
        let level = compatibility_level.unwrap_or(&zero);
        self.values
            .get(&(kind, directive.to_string()))?
            .iter()
            .filter(|c| {
                c.compatibility_level
                    .as_ref()
                    .is_none_or(|req| level >= req)
            })
            .max_by(|a, b| {
                (&a.since, &a.compatibility_level).cmp(&(&b.since, &b.compatibility_level))
            })
            .map(|c| &c.value)
    }

    /// Does the table list the directive, with or without a default? For Postfix, the
    /// names it lists are the parameters art32's rules read: what a `main.cf` art32
    /// cannot see could set (`inherit.rs`), unlike the service names rules also look up.
    pub fn knows(&self, kind: FileKind, directive: &str) -> bool {
        self.values.contains_key(&(kind, directive.to_string()))
    }

    /// The target version of a kind (configured, or the table's default).
    pub fn version(&self, kind: FileKind) -> Option<&Version> {
        self.versions.get(&kind)
    }

    /// Why a table's default target version is what it is, for docs and `init`.
    pub fn default_version(table: &str) -> Option<(String, String)> {
        let file: DefaultsFile = toml::from_str(table).ok()?;
        Some((file.default_version, file.default_version_reason))
    }

    /// Is a table well formed: does it parse, does every version in it parse, does
    /// each directive have either values or `computed`, each value a source?
    pub fn check_table(table: &str) -> Result<(), String> {
        let file: DefaultsFile = toml::from_str(table).map_err(|e| e.to_string())?;
        if Version::parse(&file.default_version).is_none() {
            return Err(format!("default_version `{}`", file.default_version));
        }
        for d in &file.directive {
            if d.values.is_empty() != d.computed.is_some() {
                return Err(format!("{}: either `values` or `computed`", d.name));
            }
            for v in &d.values {
                if Version::parse(&v.since).is_none() {
                    return Err(format!("{}: since `{}`", d.name, v.since));
                }
                if let Some(c) = &v.compatibility_level
                    && Version::parse(c).is_none()
                {
                    return Err(format!("{}: compatibility_level `{c}`", d.name));
                }
                if v.source.is_empty() {
                    return Err(format!("{}: no source", d.name));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(Version::parse("1.9.1") < Version::parse("1.23.4"));
        assert!(Version::parse("1.18") < Version::parse("1.18.0"));
        assert!(Version::parse("1.27.3") > Version::parse("1.27"));
        assert_eq!(Version::parse("x"), None);
        assert_eq!(Version::parse(""), None);
    }
}
