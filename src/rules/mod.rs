//! Rules are data: TOML records under `rules/<kind>/<name>.toml`, embedded in the
//! binary, plus the directories the config adds. Each is compiled once (`RuleDef` →
//! `Rule`): selector parsed, regexes and globs built, placeholders and TOM items
//! checked, config overrides applied.

pub mod def;
pub mod example;
pub mod inherit;
pub mod predicate;
pub mod refs;
pub mod rx;
pub mod select;
pub mod selector;
pub mod template;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::error::{Error, TomlFileError};
use crate::finding::Severity;
use crate::model::{FileKind, Node};
use crate::tls::profile::{DEFAULT_PROFILE, PROFILE_DIR, Profile, Profiles, is_profile_path};
use def::RuleDef;
use example::Example;
use predicate::{CompileContext, CompileError, Pred};
use selector::Selector;
use template::Template;

static BUILTIN_RULES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rules");

pub use rx::{Rx, build_regex};

/// A rule file's text and where it came from.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// `rules/fstab/mount-options.toml` for built-in rules, the path on disk otherwise.
    pub path: String,
    pub text: String,
    pub builtin: bool,
}

/// The rule files embedded in the binary (everything under `rules/` but `tom.toml` and
/// the TLS profiles).
pub fn builtin_sources() -> Vec<RuleSource> {
    embedded(|dir| dir != PROFILE_DIR)
}

/// The TLS profiles embedded in the binary (`rules/tls-profiles/`).
pub fn builtin_profile_sources() -> Vec<RuleSource> {
    embedded(|dir| dir == PROFILE_DIR)
}

fn embedded(take: impl Fn(&str) -> bool) -> Vec<RuleSource> {
    let mut out = Vec::new();
    for dir in BUILTIN_RULES.dirs() {
        if !take(&dir.path().to_string_lossy()) {
            continue;
        }
        for file in dir.files() {
            if file.path().extension().is_some_and(|e| e == "toml") {
                out.push(RuleSource {
                    path: format!("rules/{}", file.path().display()),
                    text: file.contents_utf8().unwrap_or_default().to_string(),
                    builtin: true,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Rule files under a directory from the config (`*.toml`, recursively, sorted).
pub fn dir_sources(dir: &Path) -> Result<Vec<RuleSource>, Error> {
    let mut out = Vec::new();
    let cwd = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .unwrap_or_default();
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| {
            Error::io(
                format!("cannot read rule directory `{}`", dir.display()),
                std::io::Error::other(e.to_string()),
            )
        })?;
        let path = entry.path();
        if entry.file_type().is_some_and(|t| t.is_file())
            && path.extension().is_some_and(|e| e == "toml")
        {
            // Shown in diagnostics: relative to the working directory where it can be.
            let shown = crate::discover::relative(&cwd, path);
            let text = crate::read::instructions(path, &shown, "rule", crate::read::MAX_RULE_SIZE)?;
            out.push(RuleSource {
                path: shown,
                text,
                builtin: false,
            });
        }
    }
    Ok(out)
}

/// What a rule checks: which nodes of which kind, and what must hold for them.
#[derive(Debug, Clone)]
pub struct Check {
    pub kind: FileKind,
    pub path: String,
    pub selector: Selector,
    pub where_: Option<Pred>,
    pub assert: Pred,
    /// `labels-from`: a list field whose items label the node's findings.
    pub labels_from: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub tom: Vec<String>,
    pub severity: Severity,
    pub default_severity: Severity,
    pub enabled: bool,
    pub message: Template,
    pub label: Option<Template>,
    pub help: Template,
    pub rationale: String,
    pub references: Vec<String>,
    /// Effective params (defaults with the config's overrides applied).
    pub params: BTreeMap<String, toml::Value>,
    pub default_params: BTreeMap<String, toml::Value>,
    /// `None` for the built-in rules the engine reports itself.
    pub check: Option<Check>,
    pub example: Option<Example>,
    pub source: String,
    /// The rule's TOML as written, for `art32 explain`.
    pub text: String,
}

impl Rule {
    pub fn kind_name(&self) -> &str {
        self.check
            .as_ref()
            .map_or("art32", |c| c.kind.family().name())
    }

    /// A rule as built into art32 (not one of a repository's `rule-dirs`, nor a built-in
    /// id a rule file of the repository replaced): only those have a page in the docs.
    pub fn is_builtin(&self) -> bool {
        builtin_sources()
            .iter()
            .any(|s| s.path == self.source && s.text == self.text)
    }

    /// The rule's page in the repository ([`doc_url`]), if it has one.
    pub fn doc_url(&self) -> Option<String> {
        self.is_builtin().then(|| doc_url(&self.id))
    }
}

/// Where the pages of the built-in rules are, relative to the repository root
/// (generated by `src/rule_docs.rs`).
pub const DOCS_DIR: &str = "docs/rules";

/// The page of the built-in rule `id` on the repository's web view, on `main`: the
/// page exists there from the commit that adds the rule (a version tag exists only
/// once a release is made).
pub fn doc_url(id: &str) -> String {
    format!(
        "{}/blob/main/{DOCS_DIR}/{id}.md",
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// Every rule known to a run, sorted by id.
#[derive(Debug, Clone)]
pub struct Registry {
    pub rules: Vec<Rule>,
    pub catalogue: Catalogue,
    /// The TLS profiles, and the one `[tls] profile` selects.
    pub profiles: Profiles,
}

/// Ids of the rules the engine itself reports (kept with `Finding`, below the engine).
pub use crate::finding::{
    ATTESTATION_OVERDUE, NOT_CHECKED, PARSE_ERROR, SKIPPED_FILE, UNREAD_FILE,
};

impl Registry {
    /// Loads the built-in rules and the config's rule directories and compiles them.
    pub fn load(config: &Config) -> Result<Registry, Error> {
        let catalogue = match &config.catalogue {
            Some(path) => {
                let shown = path.display().to_string();
                let text = crate::read::instructions(
                    path,
                    &shown,
                    "TOM catalogue",
                    crate::read::MAX_CATALOGUE_SIZE,
                )?;
                Catalogue::parse(&shown, &text)
                    .map_err(|e| if config.quotes(path) { e } else { e.withheld() })?
            }
            None => Catalogue::builtin(),
        };
        let mut sources = builtin_sources();
        // Rule files outside the lint root (from a config of the user's own) are not
        // quoted in diagnostics.
        let mut withheld = std::collections::BTreeSet::new();
        for dir in &config.rule_dirs {
            let found = dir_sources(dir)?;
            if !config.quotes(dir) {
                withheld.extend(found.iter().map(|s| s.path.clone()));
            }
            sources.extend(found);
        }
        let hide = |e: TomlFileError| {
            if withheld.contains(e.src.name()) {
                e.withheld()
            } else {
                e
            }
        };
        Registry::compile(&sources, catalogue, config).map_err(|e| match e {
            Error::Toml(e) => Error::Toml(Box::new(hide(*e))),
            Error::Many(errors) => Error::Many(errors.into_iter().map(hide).collect()),
            other => other,
        })
    }

    pub fn compile(
        sources: &[RuleSource],
        catalogue: Catalogue,
        config: &Config,
    ) -> Result<Registry, Error> {
        let mut errors = Vec::new();
        // The built-in profiles, and those in the config's rule directories.
        let (profile_sources, sources): (Vec<&RuleSource>, Vec<&RuleSource>) =
            sources.iter().partition(|s| is_profile_path(&s.path));
        let mut list: Vec<Profile> = Vec::new();
        for src in builtin_profile_sources().iter().chain(profile_sources) {
            match Profile::parse(&src.path, &src.text, known_tls12, known_tls13) {
                Ok(p) => match list.iter().find(|q| q.id == p.id) {
                    Some(first) => errors.push(TomlFileError::new(
                        "invalid TLS profile",
                        &src.path,
                        &src.text,
                        None,
                        format!(
                            "profile `{}` is already defined in `{}`",
                            p.id, first.source
                        ),
                    )),
                    None => list.push(p),
                },
                Err(e) => errors.push(e),
            }
        }
        let (selected, span) = match &config.tls_profile {
            Some((id, span)) => (id.as_str(), Some(span.clone())),
            None => (DEFAULT_PROFILE, None),
        };
        let profiles = match Profiles::new(list, selected) {
            Ok(p) => p,
            Err(m) => {
                errors.push(config.error(span, m));
                return Err(match errors.len() {
                    1 => errors.remove(0).into(),
                    _ => Error::Many(errors),
                });
            }
        };
        let mut rules = Vec::new();
        let mut failed_ids = Vec::new();
        for src in sources {
            match compile_rule(src, &catalogue, &profiles, config) {
                Ok(rule) => {
                    if let Some(first) = rules.iter().find(|r: &&Rule| r.id == rule.id) {
                        let at = src.text.find(&format!("\"{}\"", rule.id));
                        errors.push(TomlFileError::new(
                            "invalid rule",
                            &src.path,
                            &src.text,
                            at.map(|s| s..s + rule.id.len() + 2),
                            format!(
                                "rule `{}` is already defined in `{}`",
                                rule.id, first.source
                            ),
                        ));
                    } else {
                        rules.push(rule);
                    }
                }
                Err((id, e)) => {
                    failed_ids.extend(id);
                    errors.push(e);
                }
            }
        }
        // A config entry for a rule that does not exist is a mistake, not a no-op.
        for (id, over) in &config.rules {
            if !rules.iter().any(|r| r.id == *id) && !failed_ids.contains(id) {
                errors.push(config.error(
                    Some(over.id_span.clone()),
                    format!("unknown rule `{id}` (`art32 rules` lists them)"),
                ));
            }
        }
        match errors.len() {
            0 => {}
            1 => return Err(errors.remove(0).into()),
            _ => return Err(Error::Many(errors)),
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Registry {
            rules,
            catalogue,
            profiles,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Rules that run: enabled and with a check.
    pub fn active(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(|r| r.enabled && r.check.is_some())
    }

    /// Keeps only the rules `ids` names active (rule fixtures run so, one rule each):
    /// every other rule with a check is disabled, as `enabled = false` in the config
    /// disables it; the engine's own rules (`parse-error`, `art32.suppression`, …) are
    /// left as they are. An id that names no rule is ignored.
    pub fn only(&mut self, ids: &[&str]) {
        for rule in &mut self.rules {
            if rule.check.is_some() && !ids.contains(&rule.id.as_str()) {
                rule.enabled = false;
            }
        }
    }
}

/// Compiles one rule file; on failure, also says which rule id it was (when the file
/// got that far), so that the config's section for it is not reported as unknown too.
fn compile_rule(
    src: &RuleSource,
    catalogue: &Catalogue,
    profiles: &Profiles,
    config: &Config,
) -> Result<Rule, (Option<String>, TomlFileError)> {
    let def: RuleDef = toml::from_str(&src.text).map_err(|e| {
        let err = TomlFileError::from_toml("invalid rule", &src.path, &src.text, &e);
        (None, err)
    })?;
    let id = def.id.get_ref().clone();
    compile_def(src, def, catalogue, profiles, config).map_err(|e| (Some(id), e))
}

/// The built-in TLS profiles, `mozilla-intermediate` selected (for tests, and tools that
/// run without a config).
pub fn builtin_profiles() -> Profiles {
    let list = builtin_profile_sources()
        .iter()
        .map(|s| {
            Profile::parse(&s.path, &s.text, known_tls12, known_tls13)
                .expect("the built-in TLS profiles parse (tests::builtin_profiles_load)")
        })
        .collect();
    Profiles::new(list, DEFAULT_PROFILE).expect("the default TLS profile is built in")
}

/// Is `name` the IANA name of a TLS 1.2 (or older) suite OpenSSL 3 knows?
fn known_tls12(name: &str) -> bool {
    crate::tls::openssl::suite_by_name(name).is_some_and(|s| s.iana == name)
}

/// Is `name` the IANA name of a TLS 1.3 suite OpenSSL 3 knows?
fn known_tls13(name: &str) -> bool {
    crate::tls::openssl::TLS13_SUITES
        .iter()
        .any(|s| s.iana == name)
}

/// `<kind>.<name>` in kebab case (`nginx.tls-protocols`), or a built-in engine id
/// without a kind (`parse-error`): words of `[a-z0-9]` joined by single `-`, the first
/// starting with a letter.
fn is_rule_id(id: &str) -> bool {
    let kebab = |part: &str| {
        !part.is_empty()
            && part.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    let (first, name) = match id.split_once('.') {
        Some((kind, name)) => (kind, Some(name)),
        None => (id, None),
    };
    first.starts_with(|c: char| c.is_ascii_lowercase()) && kebab(first) && name.is_none_or(kebab)
}

fn compile_def(
    src: &RuleSource,
    def: RuleDef,
    catalogue: &Catalogue,
    profiles: &Profiles,
    config: &Config,
) -> Result<Rule, TomlFileError> {
    let err = |span: Range<usize>, m: String| {
        TomlFileError::new("invalid rule", &src.path, &src.text, Some(span), m)
    };
    let id = def.id.get_ref().clone();
    if !is_rule_id(&id) || !(src.builtin || id.contains('.')) {
        return Err(err(
            def.id.span(),
            format!("rule id `{id}` must be `<kind>.<kebab-case-name>`"),
        ));
    }
    let stem = Path::new(&src.path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let name = id.split_once('.').map_or(id.as_str(), |(_, n)| n);
    if name != stem {
        return Err(err(
            def.id.span(),
            format!("rule id `{id}` does not match its file name: the file must be `{name}.toml`"),
        ));
    }
    let default_severity = Severity::parse(def.severity.get_ref()).ok_or_else(|| {
        err(
            def.severity.span(),
            format!(
                "unknown severity `{}` (error, warning or note)",
                def.severity.get_ref()
            ),
        )
    })?;

    let over = config.rules.get(&id);
    let enabled = over.and_then(|o| o.enabled).unwrap_or(true);
    // TOM items: the config may map the rule to its own catalogue's items. A disabled
    // rule reports nothing, so its items are not checked.
    let tom: Vec<String> = match over.and_then(|o| o.tom.as_ref()) {
        Some(items) => {
            for (t, span) in items {
                if enabled && catalogue.item(t).is_none() {
                    return Err(config.error(
                        Some(span.clone()),
                        format!("unknown TOM item `{t}` in the catalogue"),
                    ));
                }
            }
            items.iter().map(|(t, _)| t.clone()).collect()
        }
        None => {
            for t in def.tom.get_ref() {
                if enabled && catalogue.item(t.get_ref()).is_none() {
                    return Err(err(
                        t.span(),
                        format!(
                            "unknown TOM item `{}` in the catalogue (map the rule to your catalogue with `tom = [...]` in art32.toml)",
                            t.get_ref()
                        ),
                    ));
                }
            }
            def.tom
                .get_ref()
                .iter()
                .map(|t| t.get_ref().clone())
                .collect()
        }
    };
    let mut severity = default_severity;
    if let Some((s, span)) = over.and_then(|o| o.severity.as_ref()) {
        severity = Severity::parse(s).ok_or_else(|| {
            config.error(
                Some(span.clone()),
                format!("unknown severity `{s}` (error, warning or note)"),
            )
        })?;
    }
    let default_params: BTreeMap<String, toml::Value> = def
        .params
        .iter()
        .map(|(k, v)| (k.clone(), v.get_ref().clone()))
        .collect();
    let mut params = default_params.clone();
    if let Some(over) = over {
        for (name, (value, kspan, vspan)) in &over.params {
            let Some(default) = default_params.get(name) else {
                let known: Vec<_> = default_params.keys().map(|k| format!("`{k}`")).collect();
                return Err(config.error(
                    Some(kspan.clone()),
                    format!(
                        "rule `{id}` has no param `{name}` (it has {})",
                        if known.is_empty() {
                            "none".into()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            };
            if std::mem::discriminant(default) != std::mem::discriminant(value) {
                return Err(config.error(
                    Some(vspan.clone()),
                    format!(
                        "param `{name}` of `{id}` must be of type {}",
                        default.type_str()
                    ),
                ));
            }
            params.insert(name.clone(), value.clone());
        }
    }

    let check = match (&def.select, &def.assert) {
        (Some(select), Some(assert)) => {
            let kind = FileKind::from_family(select.kind.get_ref()).ok_or_else(|| {
                let known = FileKind::families();
                err(
                    select.kind.span(),
                    format!(
                        "unknown file kind `{}` (known: {})",
                        select.kind.get_ref(),
                        known.join(", ")
                    ),
                )
            })?;
            let family = kind.family().name();
            if id.split_once('.').map(|(k, _)| k) != Some(family) {
                return Err(err(
                    def.id.span(),
                    format!("a rule for {family} files has an id `{family}.…`"),
                ));
            }
            if tom.is_empty() {
                return Err(err(
                    def.tom.span(),
                    "a rule names the TOM items it checks (`tom = [\"2.a.i\"]`)".into(),
                ));
            }
            let selector = Selector::parse(select.path.get_ref()).map_err(|e| {
                err(
                    inner_span(&src.text, &select.path, e.offset),
                    format!("bad selector: {}", e.message),
                )
            })?;
            // A built-in rule's own regexes are compiled when first used; any the
            // config's params reach, at once (`rx`).
            let compile = |params: &BTreeMap<String, toml::Value>| {
                let cx = CompileContext {
                    params,
                    kind,
                    lazy_regex: src.builtin && *params == default_params,
                    profiles,
                };
                let where_ = select
                    .where_
                    .as_ref()
                    .map(|w| Pred::compile(w, &cx))
                    .transpose()?;
                Ok::<_, CompileError>((where_, Pred::compile(assert, &cx)?))
            };
            let (where_, assert) = match compile(&params) {
                Ok(compiled) => compiled,
                // Fine with its own params, broken with the config's: the config is wrong.
                Err(e) if params != default_params && compile(&default_params).is_ok() => {
                    let at = over
                        .and_then(|o| o.params.values().map(|(_, _, vspan)| vspan.clone()).next());
                    return Err(config.error(
                        at,
                        format!("the params given for `{id}` do not work: {}", e.message),
                    ));
                }
                Err(e) => return Err(err(e.span, e.message)),
            };
            let labels_from = match &select.labels_from {
                Some(f) if !kind.family_fields().contains(&f.get_ref().as_str()) => {
                    return Err(err(
                        f.span(),
                        format!("`{}` is not a field of `{}`", f.get_ref(), kind.family()),
                    ));
                }
                f => f.as_ref().map(|f| f.get_ref().clone()),
            };
            Some(Check {
                kind,
                path: select.path.get_ref().clone(),
                selector,
                where_,
                assert,
                labels_from,
            })
        }
        // The engine's own rules: bare ids, or `art32.…`.
        (None, None) if src.builtin && (!id.contains('.') || id.starts_with("art32.")) => None,
        (None, _) => {
            return Err(err(0..0, "a rule needs a `[select]` table (which nodes) and an `[assert]` table (what must hold)".into()));
        }
        (Some(s), None) => {
            return Err(err(
                s.kind.span(),
                "a rule needs an `[assert]` table (what must hold)".into(),
            ));
        }
    };

    let kind = check.as_ref().map(|c| c.kind);
    // Messages may use what the node has, the params, and what the assert's tests
    // bind (`{missing}` needs a `contains-all`, …).
    let mut bindings = std::collections::BTreeSet::new();
    if let Some(c) = &check {
        c.assert.bindings(&mut bindings);
    }
    let known = |v: &str| bindings.contains(v) || placeholder_known(v, kind, &params);
    let template = |t: &toml::Spanned<String>| {
        Template::parse(t.get_ref(), known)
            .map_err(|e| err(inner_span(&src.text, t, e.offset), e.message))
    };
    let message = template(&def.message)?;
    let help = template(&def.help)?;
    let label = def.label.as_ref().map(template).transpose()?;
    if def.references.is_empty() {
        return Err(err(
            0..0,
            "a rule cites at least one reference (`references = [\"…\"]`)".into(),
        ));
    }
    let example = def
        .example
        .map(|ex| {
            example::compile(ex, |s, e| {
                err(inner_range(&src.text, s, e.at.clone()), e.message)
            })
        })
        .transpose()?;
    Ok(Rule {
        enabled,
        id,
        title: def.title,
        tom,
        severity,
        default_severity,
        message,
        label,
        help,
        rationale: def.rationale.trim().to_string(),
        references: def.references,
        params,
        default_params,
        check,
        example,
        source: src.path.clone(),
        text: src.text.clone(),
    })
}

/// The position `offset` bytes into a TOML string's value, when the string is written
/// plainly (no escapes); else the whole string.
fn inner_span(text: &str, s: &toml::Spanned<String>, offset: usize) -> Range<usize> {
    let at = offset.min(s.get_ref().len());
    inner_range(text, s, at..at + 1)
}

/// The bytes `range` of a TOML string's value, where they are in the file, when the
/// string is written plainly — `"…"`, `'…'`, `"""…"""` or `'''…'''` (after the newline
/// that may follow the opening quotes), without escapes; else the whole string.
fn inner_range(text: &str, s: &toml::Spanned<String>, range: Range<usize>) -> Range<usize> {
    let span = s.span();
    let raw = text.get(span.clone()).unwrap_or("");
    let value = s.get_ref().as_str();
    let start = ["\"\"\"", "'''", "\"", "'"].iter().find_map(|quote| {
        let inner = raw.strip_prefix(quote)?.strip_suffix(quote)?;
        let body = match quote.len() {
            3 => inner
                .strip_prefix("\r\n")
                .or_else(|| inner.strip_prefix('\n'))
                .unwrap_or(inner),
            _ => inner,
        };
        (body == value).then(|| span.start + raw.len() - quote.len() - body.len())
    });
    match start {
        Some(start) => start + range.start.min(value.len())..start + range.end.min(value.len()),
        None => span,
    }
}

/// Placeholders any template of a rule may use: `name`, `args`, the node's fields
/// (when the kind declares them), and `param.NAME`.
fn placeholder_known(
    v: &str,
    kind: Option<FileKind>,
    params: &BTreeMap<String, toml::Value>,
) -> bool {
    matches!(v, "name" | "args")
        || kind.is_some_and(|k| k.family_fields().contains(&v))
        || v.strip_prefix("param.")
            .is_some_and(|p| params.contains_key(p))
}

pub(crate) fn known_placeholder(v: &str, cx: &CompileContext) -> bool {
    placeholder_known(v, Some(cx.kind), cx.params)
}

/// A node-derived placeholder value: `name`, `args`, or a field's text.
pub(crate) fn node_var(node: &Node, v: &str) -> Option<String> {
    if let Some(f) = node.field(v) {
        return Some(f.value.text());
    }
    match v {
        "name" => Some(node.name.value.clone()),
        "args" => Some(
            node.args
                .iter()
                .map(|a| a.value.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    }
}

/// Renders a param for a placeholder: lists as `` `a`, `b` ``, scalars as written.
pub(crate) fn param_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| match i {
                toml::Value::String(s) => format!("`{s}`"),
                other => format!("`{other}`"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A built-in rule's own regexes are compiled at first use, and `Rx::get` counts on
    /// them compiling: compiled at once, as a user's rule file would be, every one does.
    #[test]
    fn every_builtin_regex_compiles() {
        let checked: Vec<RuleSource> = builtin_sources()
            .into_iter()
            .filter(|s| s.text.contains("[select]"))
            .map(|s| RuleSource {
                builtin: false,
                ..s
            })
            .collect();
        assert!(checked.len() > 20, "{}", checked.len());
        let registry =
            Registry::compile(&checked, Catalogue::builtin(), &Config::default_config()).unwrap();
        assert_eq!(registry.active().count(), checked.len());
    }

    #[test]
    fn rule_ids_are_kebab_case_with_one_kind() {
        for ok in [
            "nginx.tls-protocols",
            "fstab.x",
            "parse-error",
            "a1.b-2c",
            "inventory.eol-3",
        ] {
            assert!(is_rule_id(ok), "{ok}");
        }
        for bad in [
            "",
            "Nginx.x",
            "1nginx.x",
            "nginx.",
            ".x",
            "nginx.x.y",
            "nginx.x--y",
            "nginx.-x",
            "nginx.x-",
            "nginx.tls_protocols",
            "nginx.Tls",
            "nginx x",
            "-a",
        ] {
            assert!(!is_rule_id(bad), "{bad}");
        }
    }

    #[test]
    fn only_keeps_the_named_rules_and_the_engines_own() {
        let mut registry = Registry::load(&Config::default_config()).unwrap();
        let engine: Vec<String> = registry
            .rules
            .iter()
            .filter(|r| r.check.is_none())
            .map(|r| r.id.clone())
            .collect();
        assert!(engine.iter().any(|id| id == PARSE_ERROR), "{engine:?}");
        registry.only(&["fstab.stable-device-id", "nginx.autoindex", "no.such-rule"]);
        let active: Vec<&str> = registry.active().map(|r| r.id.as_str()).collect();
        assert_eq!(active, ["fstab.stable-device-id", "nginx.autoindex"]);
        let enabled: Vec<&str> = registry
            .rules
            .iter()
            .filter(|r| r.enabled)
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(enabled.len(), engine.len() + 2, "{enabled:?}");
        assert!(engine.iter().all(|id| enabled.contains(&id.as_str())));
    }
}
