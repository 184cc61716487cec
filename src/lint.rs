//! One lint run: discover → parse → link → evaluate → sort. The stages are pure but
//! for `discover`, which reads the files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::discover::{self, Candidate, Loaded};
use crate::error::Error;
use crate::evaluate::evaluate;
use crate::finding::{Finding, Label, Severity};
use crate::link::LinkIndex;
use crate::model::{Document, FileKind, ParseDiagnostic};
use crate::parse;
use crate::rules::{Registry, SKIPPED_FILE};
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// Where a run starts: the paths, and the config file if one was named.
#[derive(Debug, Clone)]
pub struct Target {
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
}

/// The lint root, the paths and the configuration for a target.
#[derive(Debug)]
pub struct Setup {
    /// Paths in findings are relative to this directory (absolute).
    pub root: PathBuf,
    /// What to lint, absolute.
    pub paths: Vec<PathBuf>,
    pub config: Config,
    pub registry: Registry,
}

impl Setup {
    /// Finds and reads the config and loads the rules.
    ///
    /// The config is the one named, or `art32.toml` in the first path or its
    /// ancestors up to the repository root. The lint root is the directory of a config
    /// found that way; otherwise (no config, or one named with `--config`) it is the
    /// deepest directory holding every path.
    pub fn new(target: &Target) -> Result<Setup, Error> {
        let given = if target.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            target.paths.clone()
        };
        let paths = given
            .iter()
            .map(|p| discover::canonical(p))
            .collect::<Result<Vec<_>, _>>()?;
        let start = if paths[0].is_dir() {
            paths[0].clone()
        } else {
            paths[0]
                .parent()
                .map_or_else(|| paths[0].clone(), Path::to_path_buf)
        };
        let named = target
            .config
            .as_deref()
            .map(discover::canonical)
            .transpose()?;
        let config_path = named.clone().or_else(|| config::find(&start));
        let root = match (&config_path, &named) {
            (Some(found), None) => found
                .parent()
                .map_or_else(|| start.clone(), Path::to_path_buf),
            _ => discover::common_root(&paths),
        };
        let config = match &config_path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    Error::io(format!("cannot read config `{}`", path.display()), e)
                })?;
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let cwd = std::env::current_dir()
                    .and_then(|d| d.canonicalize())
                    .unwrap_or_default();
                Config::parse(Some(&discover::relative(&cwd, path)), &text, &dir)?
            }
            None => Config::default_config(),
        };
        let registry = Registry::load(&config)?;
        Ok(Setup {
            root,
            paths,
            config,
            registry,
        })
    }
}

/// Everything a run produced, for the emitters.
#[derive(Debug)]
pub struct Report {
    pub sources: SourceMap,
    pub findings: Vec<Finding>,
    pub files_checked: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Does any finding reach the threshold?
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }
}

/// Lints the setup's paths. `today` is the date every date rule uses.
pub fn run(setup: &Setup, today: Date) -> Result<Report, Error> {
    let found = discover::discover(&setup.paths, &setup.root, &setup.config)?;

    // Files that rules refer to (the crypttab of an fstab) are read from the whole
    // root even when only some files are linted, as a pre-commit hook does; they
    // inform the links but are not linted themselves.
    let mut wanted = Vec::new();
    for rule in setup.registry.active() {
        if let Some(check) = &rule.check {
            check.assert.link_targets(&mut wanted);
            if let Some(w) = &check.where_ {
                w.link_targets(&mut wanted);
            }
        }
    }
    let linked_kinds: BTreeSet<FileKind> = wanted.iter().map(|t| t.kind).collect();
    let context: Vec<Candidate> =
        if linked_kinds.is_empty() || setup.paths.iter().all(|p| *p == setup.root) {
            Vec::new()
        } else {
            let everything = discover::discover(
                std::slice::from_ref(&setup.root),
                &setup.root,
                &setup.config,
            )?;
            everything
                .files
                .into_iter()
                .filter(|c| {
                    linked_kinds.contains(&c.kind) && !found.files.iter().any(|f| f.path == c.path)
                })
                .collect()
        };

    let mut sources = SourceMap::default();
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    let linted = found.files.len();
    let all: Vec<&Candidate> = found.files.iter().chain(&context).collect();
    let loaded: Vec<Loaded> = all.par_iter().map(|c| discover::load(&c.path)).collect();
    for (i, (c, l)) in all.iter().zip(loaded).enumerate() {
        let is_context = i >= linted;
        match l {
            Loaded::Text {
                text,
                invalid_utf8_at,
            } => {
                let id = sources.add(SourceFile::new(c.rel.clone(), text));
                inputs.push((c.kind, id, invalid_utf8_at, is_context));
            }
            Loaded::Skipped(why) if !is_context => {
                let id = sources.add(SourceFile::new(c.rel.clone(), ""));
                skipped.push((id, why));
            }
            Loaded::Skipped(_) => {}
        }
    }
    for (rel, why) in found.skipped {
        let id = sources.add(SourceFile::new(rel, ""));
        skipped.push((id, why));
    }
    let parsed: Vec<(Document, bool)> = inputs
        .par_iter()
        .map(|(kind, id, bad_utf8, is_context)| {
            let file = sources.get(*id);
            let mut doc = parse::parse(*kind, *id, &file.text);
            if let Some(at) = bad_utf8 {
                let end = file.text[*at..]
                    .chars()
                    .next()
                    .map_or(*at, |c| at + c.len_utf8());
                doc.diagnostics.insert(
                    0,
                    ParseDiagnostic::error(
                        Span::new(*id, *at, end),
                        format!(
                            "invalid UTF-8 at byte {at}; the rest of the file is still checked"
                        ),
                    ),
                );
            }
            (doc, *is_context)
        })
        .collect();
    let links = LinkIndex::build(parsed.iter().map(|(d, _)| d), &sources, wanted);
    let docs: Vec<Document> = parsed
        .into_iter()
        .filter(|(_, ctx)| !ctx)
        .map(|(d, _)| d)
        .collect();
    let files_checked = docs.len();
    let mut findings = evaluate(&setup.registry, &docs, &links, today);
    if let Some(rule) = setup.registry.get(SKIPPED_FILE).filter(|r| r.enabled) {
        for (id, why) in skipped {
            findings.push(Finding {
                rule: rule.id.clone(),
                severity: rule.severity,
                tom: rule.tom.clone(),
                primary: Label {
                    span: Span::new(id, 0, 0),
                    text: why.clone(),
                },
                labels: Vec::new(),
                message: why,
                help: rule.help.render(|_| None),
                node_path: String::new(),
            });
        }
    }
    sort(&mut findings, &sources);
    Ok(Report {
        sources,
        findings,
        files_checked,
    })
}

/// Output order: path, line, column, rule — whatever the thread count.
fn sort(findings: &mut [Finding], sources: &SourceMap) {
    let path = |id: FileId| sources.get(id).path.as_str();
    findings.sort_by(|a, b| {
        (
            path(a.primary.span.file),
            a.primary.span.start,
            &a.rule,
            a.primary.span.end,
            &a.message,
        )
            .cmp(&(
                path(b.primary.span.file),
                b.primary.span.start,
                &b.rule,
                b.primary.span.end,
                &b.message,
            ))
    });
}
