//! One lint run: discover → parse → link → evaluate → sort. The stages are pure but
//! for `discover`, which reads the files. Each stage is timed and counts what it has
//! done into a [`Progress`] (`progress.rs`).

pub mod progress;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::defaults::Defaults;
use crate::discover::{self, Candidate, Loaded};
use crate::error::Error;
use crate::evaluate::evaluate;
use crate::finding::{Finding, Label, Severity};
use crate::formats::{self, ContextQuery, FORMATS, LinkContext};
use crate::model::{Document, Family, FileKind, ParseDiagnostic};
use crate::rules::refs::LinkIndex;
use crate::rules::select::Selection;
use crate::rules::{ATTESTATION_OVERDUE, Registry, Rule, SKIPPED_FILE, UNREAD_FILE};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::suppress::{self, Baseline, BaselineStats, Suppressed};

pub use progress::{Progress, Stage};

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
    /// Built-in defaults for the configured target versions.
    pub defaults: Defaults,
}

impl Setup {
    /// Finds and reads the config and loads the rules.
    ///
    /// The lint root is the repository the first path is in: the nearest directory,
    /// from the first path up, that holds an `art32.toml` or `.git`; without either,
    /// the deepest directory holding every path. Kind globs match paths relative to it,
    /// so which files are which kind does not depend on the paths named (or on
    /// `--config`). The config is the one named, else the `art32.toml` at the root.
    pub fn new(target: &Target) -> Result<Setup, Error> {
        let given = if target.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            target.paths.clone()
        };
        let paths = given
            .iter()
            .map(|p| discover::absolute(p))
            .collect::<Result<Vec<_>, _>>()?;
        // A config named on the command line: as named (made absolute without following
        // links) and where it resolves.
        let named = match target.config.as_deref() {
            Some(p) => Some((discover::absolute(p)?, discover::canonical(p)?)),
            None => None,
        };
        // The repository: the nearest directory from the first path up that holds an
        // `art32.toml` or `.git`, looking only at directories reached without a symlink
        // (one inside the repository could lead anywhere on this machine). An
        // `art32.toml` that is a symlink, a FIFO or a device is the repository's config
        // all the same (and refused below), not one to overlook.
        let config_entry = |d: &Path| {
            std::fs::symlink_metadata(d.join(config::FILE_NAME)).is_ok_and(|m| !m.is_dir())
        };
        let marked = paths[0]
            .ancestors()
            .find(|d| discover::is_real_dir(d) && (config_entry(d) || d.join(".git").exists()));
        let found = marked
            .filter(|d| config_entry(d))
            .map(|d| d.join(config::FILE_NAME));
        let (root, paths) = match marked {
            Some(dir) => (dir.to_path_buf(), paths),
            // No repository: the paths are the user's own, links and all.
            None => {
                let paths = paths
                    .iter()
                    .map(|p| discover::canonical(p))
                    .collect::<Result<Vec<_>, _>>()?;
                (discover::common_root(&paths), paths)
            }
        };
        let cwd = std::env::current_dir()
            .and_then(|d| d.canonicalize())
            .unwrap_or_default();
        // The config and the directory its paths are relative to. One in the lint root
        // (found there, named there, or resolving there) is the repository's: it must
        // resolve inside the root, and so must every file it names. One named on the
        // command line outside the root is the user's own.
        let config_file = match (named, found) {
            (Some((as_named, resolved)), _) => {
                let repository = as_named.starts_with(&root) || resolved.starts_with(&root);
                let dir = resolved.parent().map(Path::to_path_buf).unwrap_or_default();
                Some((as_named, resolved, dir, repository))
            }
            (None, Some(path)) => {
                let resolved = discover::canonical(&path)?;
                Some((path, resolved, root.clone(), true))
            }
            (None, None) => None,
        };
        let mut config = match &config_file {
            Some((path, resolved, dir, repository)) => {
                let shown = discover::relative(&cwd, path);
                if *repository && !resolved.starts_with(&root) {
                    return Err(Error::Usage(format!(
                        "config `{shown}` is a symlink that leads out of the linted root (to \
                         `{}`): not read, a configuration in the repository stays inside it",
                        resolved.display()
                    )));
                }
                let text = crate::read::instructions(
                    resolved,
                    &shown,
                    "config",
                    crate::read::MAX_CONFIG_SIZE,
                )?;
                let mut config = Config::parse(Some(&shown), &text, dir)
                    .map_err(|e| if *repository { e } else { e.withheld() })?;
                config.resolved = Some(resolved.clone());
                if *repository {
                    config.confine(&root)?;
                }
                config
            }
            None => Config::default_config(),
        };
        config.root = Some(root.clone());
        config.path_in_root = config_file
            .as_ref()
            .filter(|(_, resolved, _, _)| config.quotes(resolved))
            .map(|(as_named, _, _, _)| discover::relative(&root, as_named));
        let registry = Registry::load(&config)?;
        let defaults = formats::defaults(&config.versions);
        Ok(Setup {
            root,
            paths,
            config,
            registry,
            defaults,
        })
    }
}

impl Setup {
    /// Applies the command line's rule selection (`--select`, `--extend-select`,
    /// `--ignore`) to the loaded rules: a selector that names no rule is a usage error.
    ///
    /// The engine's rules stay as they are, but for `art32.attestation-overdue`, which
    /// is about TOM items rather than files: a run narrowed by `--select` to some rules
    /// does not report it (`enabled = false` in art32.toml turns it off everywhere).
    pub fn select(&mut self, selection: &Selection) -> Result<(), Error> {
        self.registry.select(selection).map_err(Error::Usage)?;
        if selection.select.is_some()
            && let Some(rule) = self
                .registry
                .rules
                .iter_mut()
                .find(|r| r.id == ATTESTATION_OVERDUE)
        {
            rule.enabled = false;
        }
        Ok(())
    }
}

/// Everything a run produced, for the emitters.
#[derive(Debug)]
pub struct Report {
    pub sources: SourceMap,
    pub findings: Vec<Finding>,
    pub files_checked: usize,
    /// Findings an inline comment or the baseline accepted: not printed, counted, and
    /// listed in SARIF with their justification.
    pub suppressed: Vec<Suppressed>,
    /// With `--baseline`: how many findings it accepted and how many of its entries
    /// matched nothing.
    pub baseline: Option<BaselineStats>,
    /// Linted nginx files that no configuration reaches (so nginx does not read them,
    /// and they are not checked), by path.
    pub unreached: Vec<String>,
    /// What the walk left out: untracked paths ignore files pruned, files the config
    /// excludes.
    pub excluded: discover::Excluded,
    /// The linted files each family's rules examined (read, and reached where the
    /// family links its files), by id in path order: what `art32 report` shows a rule
    /// examined (see [`Report::examined_by`]).
    pub examined: BTreeMap<Family, Vec<FileId>>,
    /// Linted files a kind claims that were not read (`unread-file`), by family.
    pub unread: BTreeMap<Family, Vec<FileId>>,
    /// Per rule with a config `exclude`: the examined files it excludes.
    pub rule_excluded: BTreeMap<String, BTreeSet<FileId>>,
    /// The config file, where a finding is about it (`art32.attestation-overdue`).
    pub config_file: Option<FileId>,
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

    /// The files a rule examined: the examined files of the family its check reads,
    /// less those its config `exclude` names; none for a rule without a check.
    pub fn examined_by(&self, rule: &Rule) -> Vec<FileId> {
        let Some(check) = &rule.check else {
            return Vec::new();
        };
        let excluded = self.rule_excluded.get(&rule.id);
        self.examined
            .get(&check.kind.family())
            .into_iter()
            .flatten()
            .filter(|id| excluded.is_none_or(|e| !e.contains(id)))
            .copied()
            .collect()
    }
}

/// A file read for a run: whether it is linted or only informs the links.
struct Input {
    kind: FileKind,
    id: FileId,
    linted: bool,
}

/// A linted file that was not read or not judged: where, why, and the rule that says so
/// (`unread-file` for a claimed file whose text was not read, else `skipped-file`).
/// The family is the file's where a kind claimed it.
type Skip = (FileId, String, &'static str, Option<Family>);

/// Reads and parses candidates (in parallel), adding them to `sources` in order.
///
/// Every candidate is claimed: by a kind's globs, by an nginx include, or by its content.
/// One that is not read (binary, too large, unreadable) hides its findings: an
/// `unread-file` error. (A file claimed only by its content was read to be claimed.)
/// Reading counts in `progress` as `read` (files loaded), parsing as `parse`.
fn read(
    candidates: &[&Candidate],
    max_size: u64,
    stdin: Option<&Stdin>,
    sources: &mut SourceMap,
    skipped: &mut Vec<Skip>,
    progress: &Progress,
) -> Vec<(Input, Document)> {
    let started = Instant::now();
    progress.enter(Stage::Read, candidates.len());
    let loaded: Vec<Loaded> = candidates
        .par_iter()
        .map(|c| {
            let loaded = match stdin.filter(|s| s.rel == c.rel) {
                Some(s) => s.load(max_size),
                None => discover::load(&c.path, max_size),
            };
            progress.advance();
            // A template is not the daemon's syntax: one note, not a cascade of errors.
            if let Loaded::Text { text, .. } = &loaded
                && let Some(why) = discover::template_reason(c.kind, &c.rel, text)
            {
                return Loaded::Opaque(why);
            }
            loaded
        })
        .collect();
    let mut inputs = Vec::new();
    for (c, l) in candidates.iter().zip(loaded) {
        match l {
            Loaded::Text {
                text,
                invalid_utf8_at,
                bom,
            } => {
                let id = sources.add(SourceFile::new(c.rel.clone(), text));
                // Most daemons read bytes: text that is not UTF-8 (Latin-1 umlauts,
                // EUC-KR) is valid for them, shown with U+FFFD. Where the format's reader
                // refuses it, that is a finding at the first bad byte.
                let refused = c.kind.spec().refuses_invalid_utf8;
                inputs.push((
                    Input {
                        kind: c.kind,
                        id,
                        linted: c.linted,
                    },
                    invalid_utf8_at
                        .zip(refused)
                        .map(|(at, why)| (at, if bom { at + 3 } else { at }, why)),
                ));
            }
            Loaded::Skipped(why) if c.linted => {
                let id = sources.add(SourceFile::new(c.rel.clone(), ""));
                skipped.push((id, why, UNREAD_FILE, Some(c.kind.family())));
            }
            Loaded::Opaque(why) if c.linted => {
                let id = sources.add(SourceFile::new(c.rel.clone(), ""));
                skipped.push((id, why, SKIPPED_FILE, Some(c.kind.family())));
            }
            Loaded::Skipped(_) | Loaded::Opaque(_) => {}
        }
    }
    progress.record(
        Stage::Read,
        started.elapsed(),
        &[(candidates.len(), "files")],
    );
    let started = Instant::now();
    progress.enter(Stage::Parse, inputs.len());
    let sources = &*sources;
    let parsed: Vec<(Input, Document)> = inputs
        .into_par_iter()
        .map(|(input, bad_utf8)| {
            let file = sources.get(input.id);
            let mut doc = formats::parse(input.kind, input.id, &file.text);
            // The span is in the text, the byte offset in the file (before a BOM).
            if let Some((at, byte, why)) = bad_utf8 {
                let end = file.text[at..]
                    .chars()
                    .next()
                    .map_or(at, |c| at + c.len_utf8());
                doc.diagnostics.insert(
                    0,
                    ParseDiagnostic::error(
                        Span::new(input.id, at, end),
                        format!(
                            "invalid UTF-8 at byte {byte}, {why}; the rest of the file is still \
                             checked"
                        ),
                    ),
                );
            }
            progress.advance();
            (input, doc)
        })
        .collect();
    progress.record(
        Stage::Parse,
        started.elapsed(),
        &[(parsed.len(), "documents")],
    );
    parsed
}

/// How many times linking may read the files that nginx includes name and link again
/// (each time one level deeper; nginx itself nests includes at most 64 deep here).
const MAX_INCLUDE_ROUNDS: usize = 64;

/// Lints the setup's paths. `today` is the date every date rule uses.
pub fn run(setup: &Setup, today: Date) -> Result<Report, Error> {
    run_with_baseline(setup, today, None)
}

/// Lints the setup's paths, leaving out what `baseline` has accepted.
pub fn run_with_baseline(
    setup: &Setup,
    today: Date,
    baseline: Option<&Baseline>,
) -> Result<Report, Error> {
    run_with_progress(setup, today, baseline, None, &Progress::default())
}

/// A file given on stdin (`art32 lint - --stdin-filename PATH`, as editors run linters):
/// its bytes, and the path relative to the lint root it is linted as, as if it were
/// there (its kind, its context, the path in findings). Nothing is written to disk.
#[derive(Debug, Clone)]
pub struct Stdin {
    pub rel: String,
    pub bytes: Vec<u8>,
}

impl Stdin {
    /// Its text, as [`discover::load`] reads a file (the same size limit).
    fn load(&self, max_size: u64) -> Loaded {
        let size = self.bytes.len() as u64;
        if size > max_size {
            return Loaded::Skipped(format!(
                "file skipped: {size} bytes or more is more than the limit of {max_size} bytes \
                 (`max-file-size`)"
            ));
        }
        discover::decode(self.bytes.clone())
    }

    /// Puts the file into what the walk found, in place of the file at its path if
    /// there is one: the only file linted, the others of the repository context.
    fn claim(&self, found: &mut discover::Discovery, setup: &Setup) {
        let rel = &self.rel;
        found.files.retain(|c| c.rel != *rel);
        found.skipped.retain(|(r, _)| r != rel);
        found.unclaimed.retain(|r| r != rel);
        found.names.insert(rel.clone(), rel.clone());
        let path = setup.root.join(rel);
        found.real.insert(rel.clone(), path.clone());
        found.in_scope.insert(rel.clone());
        let sniffed = || match self.load(setup.config.max_file_size) {
            Loaded::Text { text, .. } => formats::sniff(&text, true),
            Loaded::Skipped(_) | Loaded::Opaque(_) => None,
        };
        match setup.config.classify(rel).or_else(sniffed) {
            Some(kind) => {
                found.files.push(Candidate {
                    rel: rel.clone(),
                    path,
                    kind,
                    linted: true,
                });
                found.files.sort();
            }
            None => found.unclaimed.push(rel.clone()),
        }
    }
}

/// Lints one file given on stdin (see [`Stdin`]) with the rest of the repository as
/// its context.
pub fn run_stdin(
    setup: &Setup,
    today: Date,
    baseline: Option<&Baseline>,
    stdin: &Stdin,
) -> Result<Report, Error> {
    run_with_progress(setup, today, baseline, Some(stdin), &Progress::default())
}

/// Lints the setup's paths, or with `stdin` the one file given on stdin (see
/// [`Stdin`]), leaving out what `baseline` has accepted; each stage counts what it has
/// done and how long it took into `progress`, which another thread may read meanwhile.
pub fn run_with_progress(
    setup: &Setup,
    today: Date,
    baseline: Option<&Baseline>,
    stdin: Option<&Stdin>,
    progress: &Progress,
) -> Result<Report, Error> {
    setup
        .config
        .check_attestations(&setup.registry.catalogue, today)?;
    let started = Instant::now();
    progress.enter(Stage::Discover, 0);
    let found = match stdin {
        None => discover::discover(&setup.paths, &setup.root, &setup.config)?,
        // Nothing named: the whole repository is context, the stdin file the one linted.
        Some(s) => {
            let mut found = discover::discover(&[], &setup.root, &setup.config)?;
            s.claim(&mut found, setup);
            found
        }
    };

    // Files that linted files depend on are read from the whole root even when only
    // some files are linted, as a pre-commit hook does: the crypttab of an fstab, every
    // nginx file (an included file is checked in the configuration that includes it).
    // They inform the links but are not linted themselves.
    let mut wanted = Vec::new();
    for rule in setup.registry.active() {
        if let Some(check) = &rule.check {
            check.assert.link_targets(&mut wanted);
            if let Some(w) = &check.where_ {
                w.link_targets(&mut wanted);
            }
        }
    }
    // The context of each format whose files are linted: what its rule picks among the
    // family's files, or every file of the family where a named file no kind claims
    // may be one its files include.
    let names: BTreeSet<String> = found.names.keys().cloned().collect();
    let mut context_kinds: BTreeSet<FileKind> = wanted.iter().map(|t| t.kind).collect();
    let mut picked: BTreeSet<&str> = BTreeSet::new();
    for format in FORMATS {
        let family: Vec<(&str, FileKind)> = found
            .files
            .iter()
            .filter(|c| c.kind.family() == format.family)
            .map(|c| (c.rel.as_str(), c.kind))
            .collect();
        let linted: BTreeSet<usize> = found
            .files
            .iter()
            .filter(|c| c.kind.family() == format.family)
            .enumerate()
            .filter(|(_, c)| c.linted)
            .map(|(i, _)| i)
            .collect();
        if format.includes && !found.unclaimed.is_empty() {
            context_kinds.extend(format.family.kinds());
        } else if !linted.is_empty() {
            let query = ContextQuery {
                files: &family,
                linted: &linted,
                names: &found.names,
                paths: &names,
                prefix: Some(setup.config.nginx_prefix.as_str()),
            };
            picked.extend(format.context.pick(&query).into_iter().map(|i| family[i].0));
        }
    }
    // Read in path order, linted and context files alike, so that file ids (which
    // linking orders some things by) are in the order a run of the whole repository
    // gives them.
    let wanted_files: Vec<&Candidate> = found
        .files
        .iter()
        .filter(|c| c.linted || context_kinds.contains(&c.kind) || picked.contains(c.rel.as_str()))
        .collect();
    progress.record(
        Stage::Discover,
        started.elapsed(),
        &[
            (found.files.len(), "files found"),
            (wanted_files.len(), "to read"),
        ],
    );

    let max_size = setup.config.max_file_size;
    let mut sources = SourceMap::default();
    let mut skipped = Vec::new();
    let mut parsed = read(
        &wanted_files,
        max_size,
        stdin,
        &mut sources,
        &mut skipped,
        progress,
    );
    for (rel, why) in &found.skipped {
        let id = sources.add(SourceFile::new(rel.clone(), ""));
        skipped.push((id, why.clone(), SKIPPED_FILE, None));
    }

    // Linking's time is the section's but for the reading and parsing of its rounds
    // (counted there).
    let mut reading = Duration::ZERO;
    let started = Instant::now();
    progress.enter(Stage::Link, parsed.len());
    // The index `refers-to` looks values up in: over the parsed (not the linked)
    // documents of the kinds the rules refer to, these and those linking rounds read.
    let mut links = LinkIndex::build(parsed.iter().map(|(_, d)| d), &sources, wanted);

    // The parse diagnostics stay with their file; the documents go where they are
    // checked, not copied: a linked format's into its linking, the others as they are
    // (a file only read for context is not checked). Nothing later reads the parsed
    // documents, so each file's tree is held once.
    let mut inputs: Vec<(Input, Vec<ParseDiagnostic>)> = Vec::new();
    let mut docs: Vec<Document> = Vec::new();
    let mut family_docs: BTreeMap<Family, Vec<Document>> = BTreeMap::new();
    for (input, mut doc) in std::mem::take(&mut parsed) {
        let diagnostics = std::mem::take(&mut doc.diagnostics);
        match input.kind.format().link {
            Some(_) => family_docs
                .entry(input.kind.family())
                .or_default()
                .push(doc),
            None if input.linted => docs.push(doc),
            None => {}
        }
        inputs.push((input, diagnostics));
    }

    // Link each format, the families at once (they are independent); where linking
    // names files that are not read yet (nginx's includes), read them — as the format's
    // first kind, linted when in scope — and link that family again, until nothing new
    // is named (each round reads at least one file). Rounds read in table order, so
    // file ids do not depend on which family finished first.
    let aliases: BTreeMap<String, String> = found
        .names
        .iter()
        .filter(|(n, c)| n != c)
        .map(|(n, c)| (n.clone(), c.clone()))
        .collect();
    let mut attempted: BTreeSet<String> = inputs
        .iter()
        .map(|(i, _)| sources.get(i.id).path.clone())
        .collect();
    let prefix = Some(setup.config.nginx_prefix.as_str());
    let families: Vec<(&formats::Format, Vec<Document>)> = FORMATS
        .iter()
        .filter(|f| f.link.is_some())
        .map(|f| (*f, family_docs.remove(&f.family).unwrap_or_default()))
        .collect();
    // A file that linking names is read next (and the family linked again) if it is in
    // the repository, not tried yet, and the include rounds are not used up.
    let reads_next = |rounds: usize, attempted: &BTreeSet<String>, rel: &str| {
        rounds < MAX_INCLUDE_ROUNDS && found.real.contains_key(rel) && !attempted.contains(rel)
    };
    let first: Vec<(&formats::Format, Vec<Document>, formats::Linked)> = {
        let cx = LinkContext {
            sources: &sources,
            defaults: &setup.defaults,
            names: &names,
            aliases: &aliases,
            prefix,
            reads_next: &|rel| reads_next(0, &attempted, rel),
        };
        families
            .into_par_iter()
            .map(|(format, mut family)| {
                let linked = format
                    .link
                    .map(|link| link(&mut family, &cx))
                    .unwrap_or_default();
                (format, family, linked)
            })
            .collect()
    };
    let mut linked_docs = Vec::new();
    let mut link_diagnostics = Vec::new();
    let mut unreached: BTreeSet<FileId> = BTreeSet::new();
    for (format, mut family, mut linked) in first {
        let Some(link) = format.link else { continue };
        let mut rounds = 0;
        loop {
            let more: Vec<Candidate> = linked
                .unloaded
                .keys()
                .filter(|rel| found.real.contains_key(*rel) && !attempted.contains(*rel))
                .map(|rel| Candidate {
                    rel: rel.clone(),
                    path: found.real[rel].clone(),
                    kind: format.kinds[0].kind,
                    linted: found.in_scope.contains(rel),
                })
                .collect();
            if more.is_empty() {
                break;
            }
            // Each round reads one more level of includes and links the family again: a
            // chain of includes deeper than nginx's configurations ever are is cut off.
            if rounds == MAX_INCLUDE_ROUNDS {
                for c in &more {
                    linked.diagnostics.push(ParseDiagnostic::unresolved(
                        linked.unloaded[&c.rel],
                        format!(
                            "`{}` is not followed: the includes of this repository chain more \
                             than {MAX_INCLUDE_ROUNDS} files deep",
                            c.rel
                        ),
                    ));
                }
                break;
            }
            rounds += 1;
            attempted.extend(more.iter().map(|c| c.rel.clone()));
            let refs: Vec<&Candidate> = more.iter().collect();
            let read_at = Instant::now();
            let read_more = read(&refs, max_size, stdin, &mut sources, &mut skipped, progress);
            reading += read_at.elapsed();
            progress.enter(Stage::Link, family.len() + read_more.len());
            for (input, mut doc) in read_more {
                links.add(&doc, &sources);
                let diagnostics = std::mem::take(&mut doc.diagnostics);
                family.push(doc);
                inputs.push((input, diagnostics));
            }
            // The last round's documents go before the next round's are made.
            drop(std::mem::take(&mut linked));
            let cx = LinkContext {
                sources: &sources,
                defaults: &setup.defaults,
                names: &names,
                aliases: &aliases,
                prefix,
                reads_next: &|rel| reads_next(rounds, &attempted, rel),
            };
            linked = link(&mut family, &cx);
        }
        unreached.extend(linked.unreached.iter().copied());
        linked_docs.append(&mut linked.docs);
        link_diagnostics.append(&mut linked.diagnostics);
    }
    // Files no configuration reaches are not read by the daemon: not checked, not
    // counted, named in the summary.
    inputs.retain(|(i, _)| !unreached.contains(&i.id));
    let mut unreached: Vec<String> = unreached
        .iter()
        .filter(|id| found.in_scope.contains(&sources.get(**id).path))
        .map(|id| sources.get(*id).path.clone())
        .collect();
    unreached.sort();
    // A file named on the command line that nothing read: say so, and how to claim it.
    let read_paths: BTreeSet<&str> = inputs
        .iter()
        .map(|(i, _)| sources.get(i.id).path.as_str())
        .collect();
    let unclaimed: Vec<String> = found
        .unclaimed
        .iter()
        .filter(|rel| !read_paths.contains(rel.as_str()) && !unreached.contains(rel))
        .cloned()
        .collect();
    for rel in unclaimed {
        let id = sources.add(SourceFile::new(rel, ""));
        skipped.push((
            id,
            "file not checked: no kind claims it (by its path or its content); add a glob for \
             it under `[kinds]` in `art32.toml` if it is configuration"
                .to_string(),
            SKIPPED_FILE,
            None,
        ));
    }

    let linted_ids: BTreeSet<FileId> = inputs
        .iter()
        .filter(|(i, _)| i.linted)
        .map(|(i, _)| i.id)
        .chain(skipped.iter().map(|(id, _, _, _)| *id))
        .collect();
    let files_checked = inputs.iter().filter(|(i, _)| i.linted).count();
    let mut examined: BTreeMap<Family, Vec<FileId>> = BTreeMap::new();
    for (i, _) in inputs.iter().filter(|(i, _)| i.linted) {
        examined.entry(i.kind.family()).or_default().push(i.id);
    }
    let mut unread: BTreeMap<Family, Vec<FileId>> = BTreeMap::new();
    for (id, _, rule, family) in &skipped {
        if let (UNREAD_FILE, Some(family)) = (*rule, family) {
            unread.entry(*family).or_default().push(*id);
        }
    }
    for files in examined.values_mut().chain(unread.values_mut()) {
        files.sort_by(|a, b| sources.get(*a).path.cmp(&sources.get(*b).path));
    }
    let rule_excluded = rule_excluded(setup, &examined, &sources);
    let mut diagnostics: Vec<ParseDiagnostic> = inputs
        .into_iter()
        .filter(|(i, _)| i.linted)
        .flat_map(|(_, d)| d)
        .collect();
    // What linking could not do (includes, expansions that fail) is reported like a
    // parse error.
    diagnostics.append(&mut link_diagnostics);
    docs.append(&mut linked_docs);
    progress.record(
        Stage::Link,
        started.elapsed().saturating_sub(reading),
        &[
            (files_checked, "files checked"),
            (docs.len(), "documents to evaluate"),
        ],
    );

    let started = Instant::now();
    progress.enter(Stage::Evaluate, docs.len());
    let mut findings = evaluate(
        &setup.registry,
        &docs,
        &diagnostics,
        &links,
        &setup.defaults,
        today,
        &|| progress.advance(),
    );
    progress.record(
        Stage::Evaluate,
        started.elapsed(),
        &[(docs.len(), "documents"), (findings.len(), "findings")],
    );
    let started = Instant::now();
    progress.enter(Stage::Suppress, findings.len());
    for (id, why, rule, _) in skipped {
        if let Some(rule) = setup.registry.get(rule).filter(|r| r.enabled) {
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
                anchor: Span::new(id, 0, 0),
            });
        }
    }
    // Only what is in the linted files is reported: an included file that was not
    // named is checked where it is named.
    findings.retain(|f| linted_ids.contains(&f.primary.span.file));
    let config_file = attestations_overdue(setup, stdin, today, &mut sources, &mut findings);
    sort(&mut findings, &sources);
    findings.dedup_by(|a, b| a.rule == b.rule && a.primary == b.primary && a.message == b.message);
    let (mut findings, suppressed, baseline) = suppress::suppress(
        findings,
        &sources,
        &linted_ids,
        &setup.registry,
        &setup.config,
        baseline,
        today,
    );
    sort(&mut findings, &sources);
    progress.record(
        Stage::Suppress,
        started.elapsed(),
        &[
            (findings.len(), "findings"),
            (suppressed.len(), "suppressed"),
        ],
    );
    Ok(Report {
        sources,
        findings,
        files_checked,
        suppressed,
        baseline,
        unreached,
        excluded: found.excluded,
        examined,
        unread,
        rule_excluded,
        config_file,
    })
}

/// The examined files that the config's `exclude` of each active rule names.
fn rule_excluded(
    setup: &Setup,
    examined: &BTreeMap<Family, Vec<FileId>>,
    sources: &SourceMap,
) -> BTreeMap<String, BTreeSet<FileId>> {
    let mut out = BTreeMap::new();
    for rule in setup.registry.active() {
        let (Some(over), Some(check)) = (setup.config.rules.get(&rule.id), &rule.check) else {
            continue;
        };
        if over.exclude.is_empty() {
            continue;
        }
        let mut b = globset::GlobSetBuilder::new();
        for g in &over.exclude {
            // As `suppress` reads them: a directory stands for everything in it.
            let g = g.trim_end_matches('/');
            for glob in [g.to_string(), format!("{g}/**")] {
                if let Ok(glob) = globset::GlobBuilder::new(&glob)
                    .literal_separator(true)
                    .build()
                {
                    b.add(glob);
                }
            }
        }
        let Ok(set) = b.build() else { continue };
        let excluded: BTreeSet<FileId> = examined
            .get(&check.kind.family())
            .into_iter()
            .flatten()
            .filter(|id| set.is_match(&sources.get(**id).path))
            .copied()
            .collect();
        out.insert(rule.id.clone(), excluded);
    }
    out
}

/// `art32.attestation-overdue` findings, one for each `[[attest]]` whose time has run
/// out and that no later attestation of its item replaces, at the entry in the config
/// (added to `sources` as it is), where the config is the repository's and among the
/// linted paths (never for a file on stdin, linted alone). Returns the config's id if it was added.
fn attestations_overdue(
    setup: &Setup,
    stdin: Option<&Stdin>,
    today: Date,
    sources: &mut SourceMap,
    findings: &mut Vec<Finding>,
) -> Option<FileId> {
    let config = &setup.config;
    let rule = setup
        .registry
        .get(ATTESTATION_OVERDUE)
        .filter(|r| r.enabled)?;
    // One pass: an art32.toml of many entries costs in proportion to them.
    let overdue: Vec<&config::Attestation> = config::latest_attestations(&config.attestations)
        .into_values()
        .filter(|a| a.overdue(today))
        .collect();
    // Only what is in the linted paths is reported: the config when it is named, or a
    // directory holding it (a pre-commit run on other files does not stop on it).
    let linted = config.path_in_root.as_ref().is_some_and(|rel| {
        setup
            .paths
            .iter()
            .any(|p| setup.root.join(rel).starts_with(p))
    });
    if overdue.is_empty() || !linted || stdin.is_some() {
        return None;
    }
    let ((_, text), rel) = config.file.as_ref().zip(config.path_in_root.as_ref())?;
    let id = sources.add(SourceFile::new(rel.clone(), text.as_str()));
    for a in overdue {
        let span = |r: &std::ops::Range<usize>| Span::new(id, r.start, r.end);
        let until = a.valid_until();
        // The engine's own rules name no placeholders: the message is written here, as
        // `parse-error`'s are.
        let message = format!(
            "the attestation of `{}` by {} held until {until} (given on {} for `{}`): it is \
             overdue",
            a.tom, a.by, a.date, a.valid_for
        );
        findings.push(Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            tom: vec![a.tom.clone()],
            primary: Label {
                span: span(&a.date_span),
                text: format!(
                    "attested {} for `{}`: held until {until}",
                    a.date, a.valid_for
                ),
            },
            labels: Vec::new(),
            message,
            help: rule.help.render(|_| None),
            node_path: format!("attest[{}]", a.tom),
            anchor: span(&a.span),
        });
    }
    Some(id)
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
