//! `art32.toml`: which files are which kind, what to skip, which rules run with which
//! severity and params. Read as written (`ConfigDef`, with spans), then resolved
//! into `Config` (globs built, paths made absolute).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use jiff::civil::Date;

use crate::defaults::Version;
use crate::error::TomlFileError;
use crate::model::FileKind;

pub const FILE_NAME: &str = "art32.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigDef {
    catalogue: Option<Spanned<String>>,
    #[serde(default)]
    rule_dirs: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    kinds: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RuleConfigDef>,
    #[serde(default)]
    versions: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    nginx: NginxConfigDef,
    #[serde(default)]
    tls: TlsConfigDef,
    /// Files larger than this many bytes are not read (`unread-file` where claimed).
    max_file_size: Option<Spanned<i64>>,
    /// `false`: every inline `art32-ignore` is void and reported.
    inline_suppressions: Option<bool>,
    /// The date date rules compare with, instead of the clock's: `"2026-11-26"` or a
    /// TOML date.
    today: Option<Spanned<toml::Value>>,
    /// `[[attest]]`: who attested which TOM item when, with what evidence, for how long.
    #[serde(default)]
    attest: Vec<Spanned<AttestDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AttestDef {
    tom: Spanned<String>,
    by: Spanned<String>,
    date: Spanned<toml::Value>,
    evidence: Spanned<String>,
    #[serde(alias = "valid_for")]
    valid_for: Spanned<String>,
}

/// An `[[attest]]` of `art32.toml`: someone vouches that an (organisational) TOM item is
/// kept, on a day, with evidence, for a time. `art32 report` shows it; once its time has
/// run out it is an `art32.attestation-overdue` finding at the entry.
#[derive(Debug, Clone)]
pub struct Attestation {
    pub tom: String,
    pub by: String,
    pub date: Date,
    /// A path in the repository (relative to the config's directory) or a URL, as written.
    pub evidence: String,
    /// As written (`1y`), and as a span of time.
    pub valid_for: String,
    pub valid: jiff::Span,
    /// Where the entry, its `tom`, `date` and `evidence` are written in the config.
    pub span: Range<usize>,
    pub tom_span: Range<usize>,
    pub date_span: Range<usize>,
    pub evidence_span: Range<usize>,
}

impl Attestation {
    /// The last day it holds: the day before `date + valid-for` (an attestation of
    /// 2025-11-01 for `1y` holds until 2026-10-31); one beyond the calendar never ends.
    pub fn valid_until(&self) -> Date {
        self.date
            .checked_add(self.valid)
            .ok()
            .and_then(|d| d.yesterday().ok())
            .unwrap_or(Date::MAX)
    }

    pub fn overdue(&self, today: Date) -> bool {
        today > self.valid_until()
    }

    /// The evidence is a URL (not checked: art32 goes on no network), else a path.
    pub fn evidence_is_url(&self) -> bool {
        let e = self.evidence.as_str();
        e.split_once("://").is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphabetic())
        })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NginxConfigDef {
    /// The absolute directory that the main `nginx.conf`'s directory stands for.
    prefix: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TlsConfigDef {
    /// The TLS profile the cipher rules judge against (`rules/tls-profiles/<id>.toml`).
    profile: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleConfigDef {
    enabled: Option<bool>,
    severity: Option<Spanned<String>>,
    tom: Option<Vec<Spanned<String>>>,
    /// Paths (globs) the rule does not apply to.
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    params: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

/// Per-rule settings from the config, with spans so that rule compilation can point
/// at a wrong id, severity or param.
#[derive(Debug, Clone, Default)]
pub struct RuleOverride {
    pub id_span: Range<usize>,
    pub enabled: Option<bool>,
    pub severity: Option<(String, Range<usize>)>,
    /// Items of the configured catalogue the rule maps to instead of its own.
    pub tom: Option<Vec<(String, Range<usize>)>>,
    /// Paths (globs, relative to the lint root) the rule does not apply to.
    pub exclude: Vec<String>,
    pub params: BTreeMap<String, (toml::Value, Range<usize>, Range<usize>)>,
}

/// The resolved configuration.
#[derive(Debug)]
pub struct Config {
    /// The config file and its text, when there is one.
    pub file: Option<(String, String)>,
    pub catalogue: Option<PathBuf>,
    pub rule_dirs: Vec<PathBuf>,
    exclude: GlobSet,
    kinds: Vec<(FileKind, GlobSet)>,
    pub rules: BTreeMap<String, RuleOverride>,
    /// Target versions (`nginx = "1.24"`) that select built-in defaults.
    pub versions: BTreeMap<FileKind, Version>,
    /// The absolute path the directory of the main `nginx.conf` stands for, to map
    /// absolute includes into the repository.
    pub nginx_prefix: String,
    /// Files larger than this are not read (bytes): `unread-file` where claimed.
    pub max_file_size: u64,
    /// `[tls] profile`: the TLS profile the cipher rules judge against, and where it is
    /// written (checked against the profiles when the rules load).
    pub tls_profile: Option<(String, Range<usize>)>,
    /// Whether inline `art32-ignore` comments count (`inline-suppressions`).
    pub inline_suppressions: bool,
    /// `today`: the date every date rule compares with, for demos and reproducible
    /// reports (`--today` wins over it; see [`Config::today`]).
    pub today: Option<Date>,
    /// Where the config file resolves to (symlinks followed), when there is one.
    pub resolved: Option<PathBuf>,
    /// The lint root (canonical), once known: diagnostics quote the config, catalogue
    /// and rule files only where they resolve inside it.
    pub root: Option<PathBuf>,
    /// `[[attest]]`, in the order written.
    pub attestations: Vec<Attestation>,
    /// The directory the config's relative paths are relative to.
    dir: PathBuf,
    /// Where the config is relative to the lint root, as findings name a file, when it
    /// resolves inside the root (set by `lint::Setup`).
    pub path_in_root: Option<String>,
    /// Where `catalogue` and each of `rule-dirs` is written in the config.
    catalogue_span: Option<Range<usize>>,
    rule_dir_spans: Vec<Range<usize>>,
}

fn glob_set<'a>(
    globs: impl IntoIterator<Item = (&'a str, Option<Range<usize>>)>,
    path: &str,
    text: &str,
) -> Result<GlobSet, TomlFileError> {
    let mut builder = GlobSetBuilder::new();
    for (glob, span) in globs {
        let g = GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                TomlFileError::new("invalid config", path, text, span, format!("bad glob: {e}"))
            })?;
        builder.add(g);
    }
    builder
        .build()
        .map_err(|e| TomlFileError::new("invalid config", path, text, None, e.to_string()))
}

impl Config {
    /// The configuration when there is no `art32.toml`.
    pub fn default_config() -> Config {
        Config::parse(None, "", Path::new(".")).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Reads a config file's text. `path` is shown in diagnostics; relative paths in
    /// the file are resolved against `dir`.
    pub fn parse(path: Option<&str>, text: &str, dir: &Path) -> Result<Config, TomlFileError> {
        let shown = path.unwrap_or(FILE_NAME);
        let def: ConfigDef = toml::from_str(text)
            .map_err(|e| TomlFileError::from_toml("invalid config", shown, text, &e))?;
        let err = |span: Range<usize>, m: String| {
            TomlFileError::new("invalid config", shown, text, Some(span), m)
        };
        let mut kinds = Vec::new();
        for name in def.kinds.keys() {
            if FileKind::from_name(name.get_ref()).is_none() {
                let known: Vec<_> = FileKind::ALL.iter().map(|k| k.name()).collect();
                return Err(err(
                    name.span(),
                    format!(
                        "unknown file kind `{}` (known: {})",
                        name.get_ref(),
                        known.join(", ")
                    ),
                ));
            }
        }
        for kind in FileKind::ALL {
            let configured = def.kinds.iter().find(|(k, _)| k.get_ref() == kind.name());
            let set = match configured {
                Some((_, globs)) => glob_set(
                    globs.iter().map(|g| (g.get_ref().as_str(), Some(g.span()))),
                    shown,
                    text,
                )?,
                None => glob_set(kind.default_globs().iter().map(|g| (*g, None)), shown, text)?,
            };
            kinds.push((*kind, set));
        }
        let mut excludes = Vec::new();
        for g in &def.exclude {
            // `dir` excludes the directory and everything in it.
            let pattern = g.get_ref().trim_end_matches('/');
            excludes.push((pattern.to_string(), Some(g.span())));
            excludes.push((format!("{pattern}/**"), Some(g.span())));
        }
        let exclude = glob_set(
            excludes.iter().map(|(g, s)| (g.as_str(), s.clone())),
            shown,
            text,
        )?;
        let mut rules = BTreeMap::new();
        for (id, r) in def.rules {
            for g in &r.exclude {
                if let Err(e) = GlobBuilder::new(g.get_ref())
                    .literal_separator(true)
                    .build()
                {
                    return Err(err(g.span(), format!("bad glob: {e}")));
                }
            }
            let over = RuleOverride {
                id_span: id.span(),
                enabled: r.enabled,
                exclude: r.exclude.iter().map(|g| g.get_ref().clone()).collect(),
                severity: r.severity.map(|s| {
                    let span = s.span();
                    (s.into_inner(), span)
                }),
                tom: r.tom.map(|items| {
                    items
                        .into_iter()
                        .map(|t| {
                            let span = t.span();
                            (t.into_inner(), span)
                        })
                        .collect()
                }),
                params: r
                    .params
                    .into_iter()
                    .map(|(k, v)| {
                        let (kspan, vspan) = (k.span(), v.span());
                        (k.into_inner(), (v.into_inner(), kspan, vspan))
                    })
                    .collect(),
            };
            rules.insert(id.into_inner(), over);
        }
        let mut versions = BTreeMap::new();
        for (kind, version) in &def.versions {
            let k = FileKind::from_family(kind.get_ref())
                .filter(|k| k.default_version().is_some())
                .ok_or_else(|| {
                    let known: Vec<&str> = FileKind::families()
                        .into_iter()
                        .filter(|f| {
                            FileKind::from_family(f).is_some_and(|k| k.default_version().is_some())
                        })
                        .collect();
                    err(
                        kind.span(),
                        format!(
                            "no versions are known for `{}` (known: {})",
                            kind.get_ref(),
                            known.join(", ")
                        ),
                    )
                })?;
            let v = Version::parse(version.get_ref()).ok_or_else(|| {
                err(
                    version.span(),
                    format!("`{}` is not a version (e.g. \"1.24\")", version.get_ref()),
                )
            })?;
            versions.insert(k, v);
        }
        let nginx_prefix = match &def.nginx.prefix {
            Some(p) if p.get_ref().starts_with('/') => {
                p.get_ref().trim_end_matches('/').to_string()
            }
            Some(p) => {
                return Err(err(
                    p.span(),
                    "`nginx.prefix` is an absolute path, e.g. \"/etc/nginx\"".into(),
                ));
            }
            None => crate::formats::nginx::link::DEFAULT_PREFIX.to_string(),
        };
        let max_file_size = match &def.max_file_size {
            Some(n) if *n.get_ref() > 0 => *n.get_ref() as u64,
            Some(n) => {
                return Err(err(
                    n.span(),
                    "`max-file-size` is a number of bytes above 0".into(),
                ));
            }
            None => crate::discover::MAX_FILE_SIZE,
        };
        let today = match &def.today {
            Some(v) => Some(parse_today(v.get_ref()).ok_or_else(|| {
                err(
                    v.span(),
                    "`today` is a date, `\"YYYY-MM-DD\"` (e.g. \"2026-11-26\")".into(),
                )
            })?),
            None => None,
        };
        let mut attestations = Vec::new();
        for entry in &def.attest {
            let a = entry.get_ref();
            let date = parse_today(a.date.get_ref()).ok_or_else(|| {
                err(
                    a.date.span(),
                    "`date` is the day of the attestation, `\"YYYY-MM-DD\"` (e.g. \"2026-03-01\")"
                        .into(),
                )
            })?;
            let valid = crate::model::age::parse_age(a.valid_for.get_ref())
                .filter(|v| v.is_positive())
                .ok_or_else(|| {
                    err(
                        a.valid_for.span(),
                        format!(
                            "`valid-for` is how long the attestation holds, e.g. `1y`, `6mo`, \
                             `2w`, `30d` (not `{}`)",
                            a.valid_for.get_ref()
                        ),
                    )
                })?;
            for field in [&a.tom, &a.by, &a.evidence] {
                if field.get_ref().trim().is_empty() {
                    return Err(err(field.span(), "an attestation names its item, who attests and the evidence: this is empty".into()));
                }
            }
            attestations.push(Attestation {
                tom: a.tom.get_ref().clone(),
                by: a.by.get_ref().clone(),
                date,
                evidence: a.evidence.get_ref().clone(),
                valid_for: a.valid_for.get_ref().clone(),
                valid,
                span: entry.span(),
                tom_span: a.tom.span(),
                date_span: a.date.span(),
                evidence_span: a.evidence.span(),
            });
        }
        Ok(Config {
            attestations,
            path_in_root: None,
            dir: dir.to_path_buf(),
            today,
            tls_profile: def.tls.profile.map(|p| {
                let span = p.span();
                (p.into_inner(), span)
            }),
            inline_suppressions: def.inline_suppressions.unwrap_or(true),
            max_file_size,
            nginx_prefix,
            versions,
            file: path.map(|p| (p.to_string(), text.to_string())),
            catalogue_span: def.catalogue.as_ref().map(Spanned::span),
            catalogue: def.catalogue.map(|c| dir.join(c.get_ref())),
            rule_dir_spans: def.rule_dirs.iter().map(Spanned::span).collect(),
            rule_dirs: def
                .rule_dirs
                .iter()
                .map(|d| dir.join(d.get_ref()))
                .collect(),
            resolved: None,
            root: None,
            exclude,
            kinds,
            rules,
        })
    }

    /// The date every date rule compares with: `--today` (`given`), else the config's
    /// `today`, else the `clock`'s. `lint`, `baseline` and `explain` all resolve it here.
    pub fn today(&self, given: Option<Date>, clock: impl FnOnce() -> Date) -> Date {
        given.or(self.today).unwrap_or_else(clock)
    }

    /// An error pointing into the config file (or naming it, if there is none); only
    /// where it is, for a config outside the lint root.
    pub fn error(&self, span: Option<Range<usize>>, message: impl Into<String>) -> TomlFileError {
        let (path, text) = self
            .file
            .as_ref()
            .map_or((FILE_NAME, ""), |(p, t)| (p.as_str(), t.as_str()));
        let e = TomlFileError::new("invalid config", path, text, span, message);
        match &self.resolved {
            Some(file) if !self.quotes(file) => e.withheld(),
            _ => e,
        }
    }

    /// May a diagnostic quote the file at `path`? Only where it resolves inside the lint
    /// root (or before the root is known).
    pub fn quotes(&self, path: &Path) -> bool {
        self.root
            .as_deref()
            .is_none_or(|root| crate::read::resolves_inside(root, path))
    }

    /// For a config from the repository: `catalogue` and `rule-dirs` must resolve
    /// (symlinks followed) inside `root` (canonical). They are replaced by where they
    /// resolve, so that nothing is followed again; one that leads out or nowhere is an
    /// error at its key, naming the path (never anything read from it).
    pub fn confine(&mut self, root: &Path) -> Result<(), TomlFileError> {
        let named = self
            .catalogue
            .iter_mut()
            .zip(self.catalogue_span.iter())
            .map(|(p, s)| ("catalogue", p, s))
            .chain(
                self.rule_dirs
                    .iter_mut()
                    .zip(self.rule_dir_spans.iter())
                    .map(|(p, s)| ("rule-dirs", p, s)),
            );
        let mut failed = None;
        for (key, path, span) in named {
            match path.canonicalize() {
                Ok(resolved) if resolved.starts_with(root) => *path = resolved,
                Ok(resolved) => {
                    failed = Some((
                        span.clone(),
                        format!(
                            "`{key}` leads out of the linted root (to `{}`): a configuration \
                             in the repository names only files inside it",
                            resolved.display()
                        ),
                    ));
                    break;
                }
                Err(e) => {
                    failed = Some((
                        span.clone(),
                        format!("`{key}`: cannot read `{}`: {e}", path.display()),
                    ));
                    break;
                }
            }
        }
        if failed.is_none() {
            failed = self.attestations.iter().find_map(|a| {
                if a.evidence_is_url() {
                    return None;
                }
                let path = self.dir.join(&a.evidence);
                let problem = match path.canonicalize() {
                    Ok(resolved) if resolved.starts_with(root) => return None,
                    Ok(_) => "leads out of the linted root: evidence of the repository is a file \
                              in it, or a URL"
                        .to_string(),
                    Err(e) => {
                        format!("cannot be found ({e}): name a file of the repository, or a URL")
                    }
                };
                Some((
                    a.evidence_span.clone(),
                    format!("the evidence `{}` {problem}", a.evidence),
                ))
            });
        }
        match failed {
            Some((span, message)) => Err(self.error(Some(span), message)),
            None => Ok(()),
        }
    }

    /// Checks what `[[attest]]` entries cannot know when the config is read: that each
    /// names an item of the catalogue, and is not dated after `today`.
    pub fn check_attestations(
        &self,
        catalogue: &crate::catalogue::Catalogue,
        today: Date,
    ) -> Result<(), TomlFileError> {
        for a in &self.attestations {
            if catalogue.item(&a.tom).is_none() {
                return Err(self.error(
                    Some(a.tom_span.clone()),
                    format!(
                        "unknown TOM item `{}` in the catalogue `{}`",
                        a.tom, catalogue.title
                    ),
                ));
            }
            if a.date > today {
                return Err(self.error(
                    Some(a.date_span.clone()),
                    format!(
                        "the attestation is dated {}, after today ({today}): an attestation \
                         records what was checked",
                        a.date
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The kind of a file, by its path relative to the lint root (with `/`).
    pub fn classify(&self, rel: &str) -> Option<FileKind> {
        // One candidate for every kind's globs: the walk asks about every name.
        let candidate = globset::Candidate::new(rel);
        self.kinds
            .iter()
            .find(|(_, set)| set.is_match_candidate(&candidate))
            .map(|(k, _)| *k)
    }

    pub fn is_excluded(&self, rel: &str) -> bool {
        // Asked of every path and its directories: nothing to match without excludes.
        !self.exclude.is_empty() && self.exclude.is_match(rel)
    }
}

/// The attestation of `tom` that counts: the latest by date (of two on one day, the one
/// written last).
pub fn latest_attestation<'a>(all: &'a [Attestation], tom: &str) -> Option<&'a Attestation> {
    all.iter()
        .filter(|a| a.tom == tom)
        .max_by(|a, b| a.date.cmp(&b.date))
}

/// The attestation that counts for each item attested ([`latest_attestation`] of every
/// item), in one pass over them.
pub fn latest_attestations(all: &[Attestation]) -> BTreeMap<&str, &Attestation> {
    let mut latest: BTreeMap<&str, &Attestation> = BTreeMap::new();
    for a in all {
        let counts = latest.get(a.tom.as_str()).is_none_or(|l| a.date >= l.date);
        if counts {
            latest.insert(&a.tom, a);
        }
    }
    latest
}

/// `today = "2026-11-26"`, or the TOML date `today = 2026-11-26`: a calendar date,
/// nothing more (no time, no offset).
fn parse_today(v: &toml::Value) -> Option<Date> {
    let text = match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        _ => return None,
    };
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    shape.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_globs_classify_common_layouts() {
        let c = Config::default_config();
        assert_eq!(c.classify("etc/fstab"), Some(FileKind::Fstab));
        assert_eq!(c.classify("fstab"), Some(FileKind::Fstab));
        assert_eq!(
            c.classify("hosts/db1/etc/fstab.d/data.fstab"),
            Some(FileKind::Fstab)
        );
        assert_eq!(c.classify("etc/crypttab"), Some(FileKind::Crypttab));
        assert_eq!(c.classify("etc/fstabs/readme"), None);
        assert_eq!(c.classify("docs/fstab.md"), None);
        assert_eq!(
            c.classify("etc/crypttab.initramfs"),
            Some(FileKind::Crypttab)
        );
    }

    #[test]
    fn configured_globs_replace_defaults_and_excludes_cover_directories() {
        let text = "exclude = [\"vendor\"]\n[kinds]\nfstab = [\"mounts/*.tab\"]\n";
        let c = Config::parse(Some("art32.toml"), text, Path::new("/r")).unwrap();
        assert_eq!(c.classify("mounts/a.tab"), Some(FileKind::Fstab));
        assert_eq!(c.classify("etc/fstab"), None);
        assert_eq!(c.classify("mounts/x/a.tab"), None, "`*` does not cross `/`");
        assert!(c.is_excluded("vendor"));
        assert!(c.is_excluded("vendor/etc/fstab"));
        assert!(!c.is_excluded("etc/vendor"));
    }

    #[test]
    fn mistakes_point_into_the_file() {
        let text = "[kinds]\nnginxx = [\"*.conf\"]\n";
        let e = Config::parse(Some("art32.toml"), text, Path::new(".")).unwrap_err();
        assert!(
            e.message.contains("unknown file kind `nginxx`"),
            "{}",
            e.message
        );
        assert_eq!(e.span.map(|s| s.offset()), Some(8));
        let e = Config::parse(Some("art32.toml"), "exlude = []\n", Path::new(".")).unwrap_err();
        assert!(
            e.message.contains("unknown field `exlude`"),
            "{}",
            e.message
        );
        assert_eq!(e.span.map(|s| s.offset()), Some(0));
    }

    #[test]
    fn today_is_a_date_the_command_line_overrides() {
        let parse = |text: &str| Config::parse(Some("art32.toml"), text, Path::new("."));
        let clock = || jiff::civil::date(2030, 1, 1);
        let given = jiff::civil::date(2026, 12, 1);
        let c = Config::default_config();
        assert_eq!(c.today(None, clock), clock());
        assert_eq!(c.today(Some(given), clock), given);
        for text in ["today = \"2026-11-26\"\n", "today = 2026-11-26\n"] {
            let c = parse(text).unwrap();
            assert_eq!(c.today, Some(jiff::civil::date(2026, 11, 26)), "{text}");
            assert_eq!(c.today(None, clock), jiff::civil::date(2026, 11, 26));
            assert_eq!(c.today(Some(given), clock), given);
        }
        for (text, at) in [
            ("today = \"26.11.2026\"\n", 8),
            ("today = \"2026-02-30\"\n", 8),
            ("today = \"2026-1-5\"\n", 8),
            ("today = \" 2026-11-26\"\n", 8),
            ("today = 2026-11-26T10:00:00\n", 8),
            ("today = 20261126\n", 8),
            ("# pinned\ntoday = \"\"\n", 17),
        ] {
            let e = parse(text).unwrap_err();
            assert!(
                e.message.contains("`today` is a date"),
                "{text}: {}",
                e.message
            );
            assert_eq!(e.span.map(|s| s.offset()), Some(at), "{text}");
        }
    }

    /// The one-pass table of the attestations that count gives, for every item, what
    /// `latest_attestation` gives: the latest date, and of two on one day the one
    /// written last.
    #[test]
    fn latest_attestations_are_each_items_latest() {
        let entry = |tom: &str, date: &str, by: &str| {
            format!(
                "[[attest]]\ntom = \"{tom}\"\nby = \"{by}\"\ndate = \"{date}\"\n\
                 evidence = \"https://example.org/e\"\nvalid-for = \"1y\"\n"
            )
        };
        let text = [
            entry("8.c", "2025-01-01", "a"),
            entry("3.a", "2026-02-01", "b"),
            entry("8.c", "2026-03-01", "c"),
            entry("8.c", "2026-03-01", "d"),
            entry("3.a", "2025-02-01", "e"),
            entry("8.c", "2024-01-01", "f"),
        ]
        .concat();
        let c = Config::parse(Some("art32.toml"), &text, Path::new("/r")).unwrap();
        let table = latest_attestations(&c.attestations);
        assert_eq!(table.len(), 2);
        for (tom, by) in [("8.c", "d"), ("3.a", "b")] {
            assert_eq!(table[tom].by, by);
            let one = latest_attestation(&c.attestations, tom).unwrap();
            assert!(std::ptr::eq(table[tom], one), "{tom}");
        }
    }
}
