//! One lint run: discover → parse → link → evaluate → sort. The stages are pure but
//! for `discover`, which reads the files.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::discover::{self, Loaded};
use crate::error::Error;
use crate::evaluate::evaluate;
use crate::finding::{Finding, Label, Severity};
use crate::link::LinkIndex;
use crate::model::{Document, ParseDiagnostic};
use crate::parse;
use crate::rules::{Registry, SKIPPED_FILE};
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// Where a run starts: the paths, and the config file if one was named.
#[derive(Debug, Clone)]
pub struct Target {
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
}

/// The lint root and configuration for a target.
#[derive(Debug)]
pub struct Setup {
    /// Paths in findings are relative to this directory.
    pub root: PathBuf,
    pub config: Config,
    pub registry: Registry,
}

impl Setup {
    /// Finds and reads the config (the named one, or `art32.toml` in the first path
    /// or its ancestors up to the repository root) and loads the rules. The lint root
    /// is the config file's directory, else the first path (its directory if a file).
    pub fn new(target: &Target) -> Result<Setup, Error> {
        let first = target
            .paths
            .first()
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."));
        let first_dir = if first.is_dir() {
            first.clone()
        } else {
            first
                .parent()
                .map(Path::to_path_buf)
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or_else(|| PathBuf::from("."))
        };
        let config_path = match &target.config {
            Some(p) => Some(p.clone()),
            None => config::find(&first_dir.canonicalize().unwrap_or(first_dir.clone())),
        };
        let (config, root) = match config_path {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    Error::io(format!("cannot read config `{}`", path.display()), e)
                })?;
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let shown = discover::relative(Path::new("."), &path);
                let config = Config::parse(Some(&shown), &text, &dir)?;
                let root = if target.config.is_some() {
                    first_dir
                } else {
                    dir
                };
                (config, root)
            }
            None => (Config::default_config(), first_dir),
        };
        let registry = Registry::load(&config)?;
        Ok(Setup {
            root,
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

/// Lints `paths` with a prepared setup. `today` is the date every date rule uses.
pub fn run(setup: &Setup, paths: &[PathBuf], today: Date) -> Result<Report, Error> {
    let candidates = discover::discover(paths, &setup.root, &setup.config)?;
    let loaded: Vec<Loaded> = candidates
        .par_iter()
        .map(|c| discover::load(&c.path))
        .collect();

    let mut sources = SourceMap::default();
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for (c, l) in candidates.iter().zip(loaded) {
        match l {
            Loaded::Text {
                text,
                invalid_utf8_at,
            } => {
                let id = sources.add(SourceFile::new(c.rel.clone(), text));
                inputs.push((c.kind, id, invalid_utf8_at));
            }
            Loaded::Skipped(why) => {
                let id = sources.add(SourceFile::new(c.rel.clone(), ""));
                skipped.push((id, why));
            }
        }
    }
    let docs: Vec<Document> = inputs
        .par_iter()
        .map(|(kind, id, bad_utf8)| {
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
            doc
        })
        .collect();

    let mut wanted = Vec::new();
    for rule in setup.registry.active() {
        if let Some(check) = &rule.check {
            check.assert.link_targets(&mut wanted);
            if let Some(w) = &check.where_ {
                w.link_targets(&mut wanted);
            }
        }
    }
    let links = LinkIndex::build(&docs, &sources, wanted);
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
        files_checked: sources.len(),
        sources,
        findings,
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
