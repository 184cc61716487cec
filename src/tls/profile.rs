//! TLS profiles: which protocols and cipher suites a repository allows, as data
//! (`rules/tls-profiles/<id>.toml`, and `tls-profiles/` in a rule directory of the
//! config). `[tls] profile` in `art32.toml` selects the one the cipher rules judge
//! against; `mozilla-intermediate` when it says nothing.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::error::TomlFileError;

/// The profile a repository is judged against when its config selects none.
pub const DEFAULT_PROFILE: &str = "mozilla-intermediate";

/// The name of the directory (built in, or in a rule directory) that holds profiles.
pub const PROFILE_DIR: &str = "tls-profiles";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileDef {
    id: Spanned<String>,
    title: String,
    summary: String,
    references: Vec<String>,
    protocols: Vec<Spanned<String>>,
    tls12: Vec<Spanned<String>>,
    tls13: Vec<Spanned<String>>,
}

/// One profile: what it allows, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub references: Vec<String>,
    /// `TLSv1.2`, `TLSv1.3`, … as nginx and Postfix spell them: shown (`art32
    /// ciphers`), not judged (the protocol rules have params of their own).
    pub protocols: Vec<String>,
    /// TLS 1.2 (and below) suites allowed, IANA names, in the profile's order.
    pub tls12: Vec<String>,
    /// TLS 1.3 suites allowed, IANA names.
    pub tls13: Vec<String>,
    /// The file it was read from (`rules/tls-profiles/…` for a built-in one).
    pub source: String,
}

impl Profile {
    /// Reads a profile file; `known12`/`known13` tell a suite name from a typo (a
    /// misspelt name would allow nothing and find everything).
    pub fn parse(
        path: &str,
        text: &str,
        known12: impl Fn(&str) -> bool,
        known13: impl Fn(&str) -> bool,
    ) -> Result<Profile, TomlFileError> {
        let invalid = "invalid TLS profile";
        let def: ProfileDef =
            toml::from_str(text).map_err(|e| TomlFileError::from_toml(invalid, path, text, &e))?;
        let err =
            |span: Range<usize>, m: String| TomlFileError::new(invalid, path, text, Some(span), m);
        let id = def.id.get_ref();
        let stem = std::path::Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let kebab = !id.is_empty()
            && id.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !kebab || id != stem {
            return Err(err(
                def.id.span(),
                format!("a profile's id is kebab-case and its file's name (`{stem}`)"),
            ));
        }
        for p in &def.protocols {
            if !PROTOCOLS.contains(&p.get_ref().as_str()) {
                return Err(err(
                    p.span(),
                    format!(
                        "unknown protocol `{}` (known: {})",
                        p.get_ref(),
                        PROTOCOLS.join(", ")
                    ),
                ));
            }
        }
        let names = |list: &[Spanned<String>], known: &dyn Fn(&str) -> bool, what: &str| {
            let mut seen = BTreeSet::new();
            let mut out = Vec::new();
            for s in list {
                if !known(s.get_ref()) {
                    return Err(err(
                        s.span(),
                        format!("`{}` is not the IANA name of a {what} suite", s.get_ref()),
                    ));
                }
                if !seen.insert(s.get_ref().as_str()) {
                    return Err(err(s.span(), format!("`{}` is listed twice", s.get_ref())));
                }
                out.push(s.get_ref().clone());
            }
            Ok(out)
        };
        Ok(Profile {
            tls12: names(&def.tls12, &known12, "TLS 1.2")?,
            tls13: names(&def.tls13, &known13, "TLS 1.3")?,
            id: id.clone(),
            title: def.title,
            summary: def.summary,
            references: def.references,
            protocols: def.protocols.into_iter().map(Spanned::into_inner).collect(),
            source: path.to_string(),
        })
    }

    pub fn allows_tls12(&self, iana: &str) -> bool {
        self.tls12.iter().any(|s| s == iana)
    }

    pub fn allows_tls13(&self, iana: &str) -> bool {
        self.tls13.iter().any(|s| s == iana)
    }
}

/// The protocol names a profile may list.
const PROTOCOLS: [&str; 6] = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

/// Every profile known to a run, and the one the config selects.
#[derive(Debug, Clone)]
pub struct Profiles {
    list: Vec<Arc<Profile>>,
    selected: usize,
}

impl Profiles {
    /// `list` sorted by id, each id once (the caller reports a second one); `selected`
    /// names one of them.
    pub fn new(mut list: Vec<Profile>, selected: &str) -> Result<Profiles, String> {
        list.sort_by(|a, b| a.id.cmp(&b.id));
        let mut profiles = Profiles {
            list: list.into_iter().map(Arc::new).collect(),
            selected: 0,
        };
        let at = profiles.find(selected)?;
        profiles.selected = profiles
            .list
            .iter()
            .position(|p| Arc::ptr_eq(p, at))
            .unwrap_or(0);
        Ok(profiles)
    }

    /// The profile `id`, or an error naming the known ones.
    pub fn find(&self, id: &str) -> Result<&Arc<Profile>, String> {
        self.get(id).ok_or_else(|| {
            let known: Vec<String> = self.list.iter().map(|p| format!("`{}`", p.id)).collect();
            format!("unknown TLS profile `{id}` (known: {})", known.join(", "))
        })
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Profile>> {
        self.list.iter().find(|p| p.id == id)
    }

    /// The profile `[tls] profile` selects (`mozilla-intermediate` by default).
    pub fn selected(&self) -> &Arc<Profile> {
        &self.list[self.selected]
    }

    pub fn all(&self) -> impl Iterator<Item = &Arc<Profile>> {
        self.list.iter()
    }
}

/// Is `path` (a rule source's path, `/`-separated) a profile: in a `tls-profiles`
/// directory?
pub fn is_profile_path(path: &str) -> bool {
    path.split(['/', '\\']).rev().nth(1) == Some(PROFILE_DIR)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
id = "p"
title = "P"
summary = "s"
references = ["r"]
protocols = ["TLSv1.2", "TLSv1.3"]
tls12 = ["A", "B"]
tls13 = ["C"]
"#;

    fn parse(text: &str) -> Result<Profile, String> {
        Profile::parse(
            "x/tls-profiles/p.toml",
            text,
            |n| n == "A" || n == "B",
            |n| n == "C",
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn a_profile_reads_its_lists() {
        let p = parse(OK).unwrap();
        assert_eq!(p.tls12, ["A", "B"]);
        assert!(p.allows_tls12("B") && !p.allows_tls12("C"));
        assert!(p.allows_tls13("C") && !p.allows_tls13("A"));
        assert_eq!(p.protocols, ["TLSv1.2", "TLSv1.3"]);
    }

    #[test]
    fn unknown_suites_protocols_duplicates_and_ids_are_errors() {
        for (from, to, says) in [
            (
                "\"A\", \"B\"]",
                "\"A\", \"Bx\"]",
                "`Bx` is not the IANA name of a TLS 1.2",
            ),
            ("\"A\", \"B\"]", "\"A\", \"A\"]", "listed twice"),
            ("tls13 = [\"C\"]", "tls13 = [\"A\"]", "TLS 1.3 suite"),
            ("\"TLSv1.3\"]", "\"TLSv13\"]", "unknown protocol `TLSv13`"),
            ("id = \"p\"", "id = \"q\"", "file's name"),
            ("summary = \"s\"\n", "", "summary"),
        ] {
            let text = OK.replace(from, to);
            let e = parse(&text).unwrap_err();
            assert!(e.contains(says), "{to}: {e}");
        }
    }

    #[test]
    fn the_selected_profile_must_exist() {
        let p = parse(OK).unwrap();
        let profiles = Profiles::new(vec![p.clone()], "p").unwrap();
        assert_eq!(profiles.selected().id, "p");
        let e = Profiles::new(vec![p], "nope").unwrap_err();
        assert_eq!(e, "unknown TLS profile `nope` (known: `p`)");
    }

    #[test]
    fn profiles_live_in_a_tls_profiles_directory() {
        assert!(is_profile_path("rules/tls-profiles/mozilla-modern.toml"));
        assert!(is_profile_path("my-rules/tls-profiles/x.toml"));
        assert!(!is_profile_path("rules/nginx/tls-profiles.toml"));
        assert!(!is_profile_path("tls-profiles"));
    }
}
