//! Discover: walk the repository (honouring .gitignore and the config's excludes),
//! resolve symlinks within it, classify files by kind, and read them. All file reading
//! happens here.
//!
//! - **Files git tracks are linted whatever ignore files say**: `.gitignore`, `.ignore`
//!   and `.git/info/exclude` prune only untracked files. The tracked paths are read from
//!   git's index ([`git_index`]), never by running git; the walk adds the tracked files
//!   the ignore files hid. What was left out is counted ([`Excluded`]).
//! - **The whole repository is walked**, whatever paths were named: a file's kind is
//!   decided by its path relative to the lint root (the repository), never relative to
//!   the paths, so `art32 lint etc/nginx` classifies files as `art32 lint .` does. The
//!   paths only decide which files are *linted* (reported on); the rest is context.
//! - **Symlinks are resolved within the repository, never through the machine's file
//!   system**: a relative target is joined to the link's directory (leaving the root is
//!   refused); an absolute target (`/etc/nginx/sites-available/x`, as Debian's
//!   `sites-enabled` links are) is mapped into the repository as the `/etc` trees it
//!   mirrors: the longest tail of the target (at least its last two names) that exists
//!   under one of the link's ancestor directories, the nearest first. A link to a
//!   directory gives every file below it a second name. Every file is read once, under
//!   the path that holds its text; its other names are aliases (what `include` globs
//!   and kind globs also match).
//! - **Kinds**: by the `[kinds]` globs on any of a file's names; where none claims it,
//!   by its content for a file named on the command line, a `*.conf` or a file in an
//!   nginx-style directory (`sites-enabled`, `conf.d`, …): see [`sniff`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::Error;
use crate::model::FileKind;

mod git_index;

/// Files larger than this are not read — an `unread-file` error where a kind claims
/// them, else a `skipped-file` note — (default of the config's `max-file-size`).
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// How many names symlinked directories may add together, at least: 4 for each file in
/// the repository, or this many. Links that multiply a tree (`a/x -> ../b`, `b/y ->
/// ../a`) are cut off there, with a note at the link whose names were cut.
pub const MIN_ALIASES: usize = 10_000;

/// The largest git index read (bytes); a larger one is not read (a note), and ignore
/// files decide alone. (An index takes about 100 bytes a tracked file.)
pub const MAX_INDEX_SIZE: u64 = 256 << 20;

/// What the walk left out, for the summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Excluded {
    /// Untracked paths that `.gitignore`, `.ignore`, `.git/info/exclude` or art32's
    /// skipping of `target` directories pruned (a directory counts once; its content is
    /// not listed).
    pub ignored: usize,
    /// Files that `art32.toml`'s `exclude` matches, tracked or not.
    pub config: usize,
}

/// A file to read: where it is, how it is shown, what kind it is, whether it is linted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Relative to the lint root, with `/` (`../x` for a file outside it): the path of
    /// the file that holds the text, not of a link to it.
    pub rel: String,
    pub path: PathBuf,
    pub kind: FileKind,
    /// Named on the command line (itself, by a link to it, or by a directory above
    /// one of its names): reported on. Otherwise read as context only.
    pub linted: bool,
}

/// The paths named on the command line, relative to the lint root.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    named: BTreeSet<String>,
}

impl Scope {
    /// Is the file or directory `name` (relative to the root) named or below a named
    /// directory? (Looked up by each of its ancestors: a pre-commit run names many
    /// files, and a repository holds many more.)
    pub fn contains(&self, name: &str) -> bool {
        self.named.contains("")
            || self.named.contains(name)
            || name
                .match_indices('/')
                .any(|(i, _)| self.named.contains(&name[..i]))
    }

    /// Is `name` one of the paths named (a file given on the command line)?
    pub fn is_named(&self, name: &str) -> bool {
        self.named.contains(name)
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files some kind claims, in path order, each once under the path that holds its
    /// text.
    pub files: Vec<Candidate>,
    /// Files in scope that a kind claims but that are not read (with why).
    pub skipped: Vec<(String, String)>,
    /// Every name of every regular file (its own path, and the paths through links to
    /// it or to a directory above it) → the path that holds its text. What nginx
    /// includes are resolved against.
    pub names: BTreeMap<String, String>,
    /// The path that holds a file's text → where to read it.
    pub real: BTreeMap<String, PathBuf>,
    /// The files (by the path that holds their text) that are linted.
    pub in_scope: BTreeSet<String>,
    /// Files named on the command line that no kind claims (they may still be read as
    /// nginx if a configuration includes them).
    pub unclaimed: Vec<String>,
    pub scope: Scope,
    pub excluded: Excluded,
}

/// A symlink found by the walk: its name and where it points, as written.
struct Link {
    rel: String,
    target: PathBuf,
}

/// Walks the lint root (and any named path outside it) and returns every file, the
/// kinds that claim them, and which are linted: the files named in `paths` (absolute,
/// as [`absolute`] returns them) or below a named directory, by any of their names.
///
/// Only regular files are read: FIFOs, sockets and devices are never opened (a kind
/// that claims one gets a note). Symlinks are resolved within the root (see the module
/// doc); one that leads out of the root, or nowhere (a loop), is reported as skipped
/// where a kind claims its name.
pub fn discover(paths: &[PathBuf], root: &Path, config: &Config) -> Result<Discovery, Error> {
    let scope = Scope {
        named: paths.iter().map(|p| relative(root, p)).collect(),
    };
    // The root, paths outside it, and named directories (which an ignore file or the
    // `target` rule would otherwise hide) — but never one reached through a symlink:
    // the repository's links are resolved within it, not on this machine.
    let mut tops: Vec<PathBuf> = vec![root.to_path_buf()];
    for path in paths {
        let inside = path.starts_with(root);
        let own_dir = || {
            !through_link(root, path) && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
        };
        if !inside || (path != root && own_dir()) {
            tops.push(path.clone());
        }
    }
    let mut walk = Walk::default();
    for top in &tops {
        walk.tree(top, root, config)?;
    }
    // Files git tracks are linted whatever ignore files say: the ones they hid are
    // added (a file deleted from the work tree is not there to read).
    let tracked = match tracked_files(root) {
        Ok(tracked) => tracked,
        Err((at, why)) => {
            let why = format!(
                "git index not read: {why}; files that `.gitignore` or `.ignore` name were \
                 not linted, tracked or not"
            );
            walk.special.push((at, why, true));
            BTreeMap::new()
        }
    };
    for (rel, path) in &tracked {
        if !walk.seen.contains(rel)
            && std::fs::symlink_metadata(path).is_ok()
            && !through_link(root, path)
        {
            walk.entry(path, rel.clone(), config, false, None);
            walk.seen.insert(rel.clone());
        }
    }
    let excluded = Excluded {
        ignored: walk.count_ignored(&tracked),
        config: walk.excluded.len(),
    };
    // A file named on the command line is linted if some kind claims it, even when an
    // ignore file would skip it (pre-commit passes files).
    for path in paths.iter().filter(|p| !through_link(root, p)) {
        let rel = relative(root, path);
        let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
        if !is_dir && !walk.names.contains_key(&rel) && !walk.links.iter().any(|l| l.rel == rel) {
            walk.entry(path, rel, config, true, None);
        }
    }
    let Walk {
        mut names,
        real,
        mut links,
        mut special,
        ..
    } = walk;
    links.sort_by(|a, b| a.rel.cmp(&b.rel));
    links.dedup_by(|a, b| a.rel == b.rel);
    // Links into a tree a kind claims files of (`etc/nginx/conf.d`) are given names first.
    let claims_below = |rel: &str| config.classify(&format!("{rel}/x.conf")).is_some();
    let budget = (4 * real.len()).max(MIN_ALIASES);
    let unresolved = resolve_links(&links, &real, &mut names, claims_below, budget);
    let mut found = Discovery {
        scope,
        real,
        excluded,
        ..Discovery::default()
    };
    // Each file's names, its own first.
    let mut aliases: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, canonical) in &names {
        let list = aliases.entry(canonical.as_str()).or_default();
        if name == canonical {
            list.insert(0, name.as_str());
        } else {
            list.push(name.as_str());
        }
    }
    let mut to_sniff: Vec<(String, bool)> = Vec::new();
    for (canonical, list) in &aliases {
        let linted = list.iter().any(|n| found.scope.contains(n));
        if linted {
            found.in_scope.insert(canonical.to_string());
        }
        match list.iter().find_map(|n| config.classify(n)) {
            Some(kind) => found.files.push(Candidate {
                rel: canonical.to_string(),
                path: found.real[*canonical].clone(),
                kind,
                linted,
            }),
            None => {
                let named = list.iter().any(|n| found.scope.is_named(n));
                if named || list.iter().any(|n| crate::formats::sniffable(n)) {
                    to_sniff.push((canonical.to_string(), named));
                }
            }
        }
    }
    let max = config.max_file_size;
    // A file that is not read (binary, too large) is still told by its content — its
    // bytes up to the size limit, NUL bytes read as blanks — so that a NUL byte or
    // padding cannot turn an nginx file into an unclaimed one: claimed, it is an
    // `unread-file` error. One that cannot be opened, or is encrypted or a template,
    // is a note.
    let sniffed: Vec<(String, bool, Result<Option<FileKind>, String>)> = to_sniff
        .into_par_iter()
        .map(|(rel, named)| {
            let path = &found.real[&rel];
            let kind = match load(path, max) {
                Loaded::Text { text, .. } => Ok(crate::formats::sniff(&text, named)),
                Loaded::Opaque(why) => Err(why),
                Loaded::Skipped(why) => match crate::read::prefix(path, max) {
                    Ok(bytes) => {
                        let text = String::from_utf8_lossy(&bytes).replace('\0', " ");
                        crate::formats::sniff(&text, named).ok_or(why)
                    }
                    Err(_) => Err(why),
                }
                .map(Some),
            };
            (rel, named, kind)
        })
        .collect();
    for (rel, named, kind) in sniffed {
        match kind {
            Ok(Some(kind)) => found.files.push(Candidate {
                path: found.real[&rel].clone(),
                linted: found.in_scope.contains(&rel),
                rel,
                kind,
            }),
            Ok(None) if named => found.unclaimed.push(rel),
            Err(why) if found.in_scope.contains(&rel) => found.skipped.push((rel, why)),
            Ok(None) | Err(_) => {}
        }
    }
    for (rel, why, always) in unresolved {
        // Also a link to a directory whose files a kind would claim (`etc/nginx/conf.d
        // -> /srv/elsewhere`): the files an include reads there are not in the repository.
        let claimed = config.classify(&rel).is_some() || claims_below(&rel);
        if found.scope.contains(&rel) && (always || claimed || found.scope.is_named(&rel)) {
            found.skipped.push((rel, why));
        }
    }
    // A link a kind claims by its name that leads to a directory in the repository: its
    // files have names below it, but the name itself holds no file to read.
    for link in &links {
        if !names.contains_key(&link.rel)
            && !found.skipped.iter().any(|(r, _)| *r == link.rel)
            && found.scope.contains(&link.rel)
            && config.classify(&link.rel).is_some()
        {
            found.skipped.push((
                link.rel.clone(),
                "file skipped: it is a symlink to a directory".to_string(),
            ));
        }
    }
    // A named path below a link that leads out of the repository names nothing in it.
    for (path, rel) in paths.iter().map(|p| (p, relative(root, p))) {
        let prefix = format!("{rel}/");
        let known = names.contains_key(&rel)
            || names
                .range::<str, _>((
                    std::ops::Bound::Included(prefix.as_str()),
                    std::ops::Bound::Unbounded,
                ))
                .next()
                .is_some_and(|(n, _)| n.starts_with(&prefix));
        if !known && through_link(root, path) && !links.iter().any(|l| l.rel == rel) {
            found.skipped.push((
                rel,
                "not checked: it is reached through a symlink that leads out of the \
                 repository or nowhere"
                    .to_string(),
            ));
        }
    }
    special.retain(|(rel, _, always)| {
        found.scope.contains(rel) && (*always || config.classify(rel).is_some())
    });
    found
        .skipped
        .extend(special.into_iter().map(|(rel, why, _)| (rel, why)));
    found.names = names;
    found.files.sort();
    found.files.dedup();
    found.skipped.sort();
    found.skipped.dedup();
    found.unclaimed.sort();
    Ok(found)
}

/// What the walk collects before links are resolved.
#[derive(Default)]
struct Walk {
    names: BTreeMap<String, String>,
    real: BTreeMap<String, PathBuf>,
    links: Vec<Link>,
    /// Files that cannot be read as files: (path, why, report even if no kind claims it).
    special: Vec<(String, String, bool)>,
    /// Every path the walks gave (files, links, directories, errors).
    seen: BTreeSet<String>,
    /// The entries the walks left out (ignored, `target`; not `.git`), from the listings
    /// of the directories they entered: (where, relative path, is a directory).
    pruned: Vec<(PathBuf, String, bool)>,
    /// Files `art32.toml`'s `exclude` matches.
    excluded: BTreeSet<String>,
}

/// The largest ignore file art32 reads (`.gitignore`, `.ignore`, `.git/info/exclude`).
pub const MAX_IGNORE_FILE_SIZE: u64 = 1024 * 1024;

/// The ignore files of the directories from a walk's base down to one directory, the
/// nearest first; a directory without any shares its parent's chain. Matched as git and
/// ripgrep match them: the nearest directory's files decide first, `.ignore` before
/// `.gitignore` in one directory, `.git/info/exclude` of the walk's base last.
struct Chain {
    /// One directory's matchers, `.ignore` first.
    matchers: Vec<ignore::gitignore::Gitignore>,
    parent: Option<std::rc::Rc<Chain>>,
}

/// Is `path` ignored by the ignore files of `chain` (its directory and those above, up
/// to the walk's base) or by `exclude`? (Its parent directories were not: the walk does
/// not enter ignored ones.)
fn ignored(
    chain: Option<&Chain>,
    exclude: Option<&ignore::gitignore::Gitignore>,
    path: &Path,
    is_dir: bool,
) -> bool {
    let mut at = chain;
    while let Some(c) = at {
        for m in &c.matchers {
            match m.matched(path, is_dir) {
                ignore::Match::Ignore(_) => return true,
                ignore::Match::Whitelist(_) => return false,
                ignore::Match::None => {}
            }
        }
        at = c.parent.as_deref();
    }
    exclude.is_some_and(|m| m.matched(path, is_dir).is_ignore())
}

/// The matcher of one ignore file, read by [`crate::read::regular_file`]: a symlink (git
/// does not follow one either), FIFO, device or oversized file is not read, its patterns
/// do not apply (so more files are linted, never fewer), and it is named in `refused`.
/// `None` when there is none or it is refused.
fn read_ignore_file(
    dir: &Path,
    file: &Path,
    refused: &mut Vec<(PathBuf, String)>,
) -> Option<ignore::gitignore::Gitignore> {
    let meta = std::fs::symlink_metadata(file).ok()?;
    let bytes = if meta.file_type().is_symlink() {
        Err("it is a symlink".to_string())
    } else {
        crate::read::regular_file(file, MAX_IGNORE_FILE_SIZE).map_err(|e| e.to_string())
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(why) => {
            refused.push((
                file.to_path_buf(),
                format!("ignore file not read: {why}; its patterns do not apply"),
            ));
            return None;
        }
    };
    let mut builder = ignore::gitignore::GitignoreBuilder::new(dir);
    for line in String::from_utf8_lossy(&bytes).lines() {
        // A line the glob syntax rejects is passed over, as git does.
        let _ = builder.add_line(None, line);
    }
    builder.build().ok()
}

/// `rel/name` (`name` where `rel` is the root).
fn child_rel(rel: &str, name: &std::ffi::OsStr) -> String {
    let name = name_text(name);
    if rel.is_empty() {
        return name;
    }
    let mut out = String::with_capacity(rel.len() + 1 + name.len());
    out.push_str(rel);
    out.push('/');
    out.push_str(&name);
    out
}

impl Walk {
    /// Walks the tree at `top`: each directory is listed once, and its entries are told
    /// apart by the type the listing gives (a symlink is a symlink, never followed), so
    /// that no entry needs a `stat` of its own. Ignore files are read where a listing
    /// holds them, and what they prune is kept for [`Walk::count_ignored`].
    fn tree(&mut self, top: &Path, root: &Path, config: &Config) -> Result<(), Error> {
        let meta = std::fs::metadata(top)
            .map_err(|e| Error::io(format!("cannot read `{}`", top.display()), e))?;
        if !meta.is_dir() {
            self.entry(top, relative(root, top), config, true, None);
            return Ok(());
        }
        // Ignore files above the root are not the repository's: they would make the
        // result depend on where it is checked out. Ignore files between the root and a
        // named directory do not count either (a named directory is walked as the user
        // named it). Each is read as every file is (never a FIFO, or a `.gitignore`
        // linked to `/dev/zero`).
        let mut refused = Vec::new();
        let exclude = read_ignore_file(top, &top.join(".git/info/exclude"), &mut refused);
        let top_rel = relative(root, top);
        self.seen.insert(top_rel.clone());
        let mut todo: Vec<(PathBuf, String, Option<std::rc::Rc<Chain>>)> =
            vec![(top.to_path_buf(), top_rel, None)];
        while let Some((dir, rel, chain)) = todo.pop() {
            let cannot = |e: std::io::Error| format!("skipped: cannot read it: {}", e.kind());
            let mut listing = Vec::new();
            match std::fs::read_dir(&dir) {
                Ok(entries) => {
                    for entry in entries {
                        match entry {
                            Ok(entry) => listing.push(entry),
                            // The error's own text names the absolute path: only its kind.
                            Err(e) => self.special.push((rel.clone(), cannot(e), true)),
                        }
                    }
                }
                Err(e) => {
                    self.special.push((rel, cannot(e), true));
                    continue;
                }
            }
            let mut own = Vec::new();
            for name in [".ignore", ".gitignore"] {
                if listing.iter().any(|e| e.file_name() == name)
                    && let Some(m) = read_ignore_file(&dir, &dir.join(name), &mut refused)
                {
                    own.push(m);
                }
            }
            let chain = if own.is_empty() {
                chain
            } else {
                Some(std::rc::Rc::new(Chain {
                    matchers: own,
                    parent: chain,
                }))
            };
            for entry in listing {
                let name = entry.file_name();
                let rel = child_rel(&rel, &name);
                let file_type = match entry.file_type() {
                    Ok(t) => t,
                    Err(e) => {
                        self.seen.insert(rel.clone());
                        self.special.push((rel, cannot(e), true));
                        continue;
                    }
                };
                let is_dir = file_type.is_dir();
                let path = entry.path();
                if is_dir && name == ".git" {
                    continue;
                }
                if (is_dir && name == "target")
                    || ignored(chain.as_deref(), exclude.as_ref(), &path, is_dir)
                {
                    self.pruned.push((path, rel, is_dir));
                    continue;
                }
                self.seen.insert(rel.clone());
                if is_dir {
                    todo.push((path, rel, chain.clone()));
                } else {
                    self.entry(&path, rel, config, false, Some(file_type));
                }
            }
        }
        refused.sort();
        for (path, why) in refused {
            self.special.push((relative(root, &path), why, true));
        }
        Ok(())
    }

    /// Records the file, link or special file at `path`; `file_type` as its directory's
    /// listing gave it (else it is looked up, without following a link).
    fn entry(
        &mut self,
        path: &Path,
        rel: String,
        config: &Config,
        named: bool,
        file_type: Option<std::fs::FileType>,
    ) {
        if config.is_excluded(&rel) || (!named && ancestors_excluded(&rel, config)) {
            self.excluded.insert(rel);
            return;
        }
        let file_type = match file_type {
            Some(t) => t,
            None => match std::fs::symlink_metadata(path) {
                Ok(m) => m.file_type(),
                Err(e) => {
                    let why = format!("file skipped: cannot read it: {e}");
                    return self.special.push((rel, why, false));
                }
            },
        };
        if file_type.is_symlink() {
            match std::fs::read_link(path) {
                Ok(target) => self.links.push(Link { rel, target }),
                Err(e) => {
                    let why = format!("file skipped: cannot read it: {e}");
                    self.special.push((rel, why, false));
                }
            }
        } else if file_type.is_file() {
            self.names.insert(rel.clone(), rel.clone());
            self.real.insert(rel, path.to_path_buf());
        } else {
            // A FIFO, socket or device: opening a FIFO would block for ever, and a
            // device can be read for ever. Not opened, but not skipped in silence.
            let why = "file skipped: it is not a regular file (a FIFO, socket or device)";
            self.special.push((rel, why.to_string(), false));
        }
    }

    /// How many untracked paths the walks pruned, each directory once (its content is
    /// not listed) — but a directory holding tracked files is looked into, for its
    /// untracked entries. Counted from the listings the walks made (`.git` is not
    /// counted); an entry one walk pruned and another gave is not counted.
    fn count_ignored(&self, tracked: &BTreeMap<String, PathBuf>) -> usize {
        let holds_tracked = |rel: &str| {
            let prefix = format!("{rel}/");
            tracked
                .range::<str, _>((
                    std::ops::Bound::Included(prefix.as_str()),
                    std::ops::Bound::Unbounded,
                ))
                .next()
                .is_some_and(|(t, _)| t.starts_with(&prefix))
        };
        let mut todo: Vec<(PathBuf, String, bool)> = self.pruned.clone();
        let mut done: BTreeSet<String> = BTreeSet::new();
        let mut ignored = 0;
        while let Some((path, rel, is_dir)) = todo.pop() {
            if self.seen.contains(&rel) || !done.insert(rel.clone()) {
                continue;
            }
            if !(is_dir && holds_tracked(&rel)) {
                ignored += 1;
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&path) else {
                continue;
            };
            for child in entries.flatten() {
                let name = child.file_name();
                if name == ".git" {
                    continue;
                }
                let is_dir = child.file_type().is_ok_and(|t| t.is_dir());
                todo.push((child.path(), child_rel(&rel, &name), is_dir));
            }
        }
        ignored
    }
}

/// The files git tracks below `root` (relative to it → where they are), from the index
/// of the work tree `root` is in (the nearest directory from `root` up with a `.git`);
/// none outside a work tree, or before anything was added. Why the index was not used
/// (where, why) when it is there but cannot be read: a `.git` file (a worktree's or a
/// submodule's) that names a git directory which is not this checkout's, an index that
/// is not a regular file, too large, or not one git writes.
fn tracked_files(root: &Path) -> Result<BTreeMap<String, PathBuf>, (String, String)> {
    let mut out = BTreeMap::new();
    let Some(top) = root
        .ancestors()
        .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok() && is_real_dir(d))
    else {
        return Ok(out);
    };
    let dot_git = top.join(".git");
    let at = |p: &Path| relative(root, p);
    let meta = std::fs::symlink_metadata(&dot_git).map_err(|e| (at(&dot_git), e.to_string()))?;
    let git_dir = if meta.is_dir() {
        dot_git.clone()
    } else if meta.is_file() {
        let text = read_small(&dot_git, 4096).ok_or_else(|| {
            (
                at(&dot_git),
                "`.git` is a file that cannot be read".to_string(),
            )
        })?;
        linked_git_dir(top, &String::from_utf8_lossy(&text)).map_err(|why| (at(&dot_git), why))?
    } else {
        return Err((
            at(&dot_git),
            "`.git` is neither a directory nor a file".into(),
        ));
    };
    let index = git_dir.join("index");
    let shown = if git_dir == dot_git {
        at(&index)
    } else {
        at(&dot_git)
    };
    let meta = match std::fs::symlink_metadata(&index) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err((shown, format!("cannot read it: {}", e.kind()))),
    };
    if !meta.is_file() {
        return Err((shown, "the index is not a regular file".into()));
    }
    if meta.len() > MAX_INDEX_SIZE {
        return Err((
            shown,
            format!(
                "the index is {} bytes, more than the {MAX_INDEX_SIZE} art32 reads",
                meta.len()
            ),
        ));
    }
    let bytes = read_small(&index, MAX_INDEX_SIZE)
        .ok_or_else(|| (shown.clone(), "cannot read the index".to_string()))?;
    let paths = git_index::tracked(&bytes).map_err(|why| (shown, why))?;
    for path in paths {
        // Only paths a checkout can hold: relative, without `.`, `..` or `.git`.
        let fine = path
            .split(|&b| b == b'/')
            .all(|c| !c.is_empty() && c != b"." && c != b".." && !c.eq_ignore_ascii_case(b".git"));
        if !fine {
            continue;
        }
        let full = top.join(path_of(&path));
        if full.starts_with(root) {
            out.insert(relative(root, &full), full);
        }
    }
    Ok(out)
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// The git directory a `.git` file (`gitdir: PATH`) names, if it is this checkout's: a
/// worktree's (`…/.git/worktrees/NAME`, whose `gitdir` file names this `.git` back, as
/// git checks) or a submodule's (in the `.git/modules` of a repository above `top`).
fn linked_git_dir(top: &Path, text: &str) -> Result<PathBuf, String> {
    let target = text
        .strip_prefix("gitdir:")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or("`.git` is a file without `gitdir:`")?;
    let dir = top.join(target).canonicalize().map_err(|e| {
        format!(
            "the git directory `.git` names cannot be read: {}",
            e.kind()
        )
    })?;
    let this = top.join(".git").canonicalize().ok();
    let names_back = read_small(&dir.join("gitdir"), 4096)
        .and_then(|t| {
            Path::new(String::from_utf8_lossy(&t).trim())
                .canonicalize()
                .ok()
        })
        .is_some_and(|back| Some(back) == this);
    let in_superproject = top
        .ancestors()
        .skip(1)
        .any(|a| dir.starts_with(a.join(".git").join("modules")));
    if names_back || in_superproject {
        Ok(dir)
    } else {
        Err("`.git` names a git directory that is not this checkout's".into())
    }
}

/// A regular file's bytes, at most `cap` of them (none if it is larger, not a regular
/// file, or a symlink): read as every file is, by [`crate::read::regular_file`].
fn read_small(path: &Path, cap: u64) -> Option<Vec<u8>> {
    if !std::fs::symlink_metadata(path).ok()?.is_file() {
        return None;
    }
    crate::read::regular_file(path, cap).ok()
}

const LEADS_OUT: &str = "file skipped: it is a symlink that leads out of the linted root";
const LEADS_NOWHERE: &str = "file skipped: it is a symlink that leads nowhere";

/// How many links one resolution may follow (as the kernel's `ELOOP` limit of 40).
const MAX_LINK_DEPTH: usize = 40;

/// How many path components one link's resolution may look at, absolute targets tried
/// at every ancestor included: a chain of links cannot multiply the work.
const MAX_RESOLVE_STEPS: usize = 100_000;

/// How deep symlinked directories inside symlinked directories give names.
const MAX_NESTED_LINKS: usize = 8;

/// Where a path leads within the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Resolved {
    File(String),
    Dir(String),
    /// It leaves the root (a relative target with too many `..`, or an absolute one that
    /// names nothing in the repository).
    Outside,
    /// Nothing is there, or the links loop.
    Nowhere,
}

/// Resolves paths within the repository through its symlinks, as the kernel would on
/// the machine the repository describes, never through the machine art32 runs on.
struct Resolver<'a> {
    links: BTreeMap<&'a str, &'a Path>,
    files: &'a BTreeMap<String, PathBuf>,
    dirs: BTreeSet<String>,
}

impl<'a> Resolver<'a> {
    fn new(links: &'a [Link], files: &'a BTreeMap<String, PathBuf>) -> Self {
        let mut dirs = BTreeSet::new();
        dirs.insert(String::new());
        for name in files.keys() {
            let mut at = name.as_str();
            while let Some((dir, _)) = at.rsplit_once('/') {
                if !dirs.insert(dir.to_string()) {
                    break;
                }
                at = dir;
            }
        }
        Resolver {
            links: links
                .iter()
                .map(|l| (l.rel.as_str(), l.target.as_path()))
                .collect(),
            files,
            dirs,
        }
    }

    /// Where the link `rel` leads.
    fn link(&self, rel: &str) -> Resolved {
        let parts: Vec<&str> = rel.split('/').collect();
        let mut steps = MAX_RESOLVE_STEPS;
        self.walk(&parts, 0, &mut steps)
    }

    /// Follows `parts` from the root, a link at a time; `depth` links followed so far.
    /// The path so far is one string, a name pushed or dropped at a time.
    fn walk(&self, parts: &[&str], depth: usize, steps: &mut usize) -> Resolved {
        let mut here = String::new();
        // Where each name of `here` starts (its `/` before it included).
        let mut starts: Vec<usize> = Vec::new();
        let last = parts
            .iter()
            .rposition(|p| !matches!(*p, "" | "."))
            .unwrap_or(0);
        for (i, part) in parts.iter().enumerate() {
            let Some(left) = steps.checked_sub(1) else {
                return Resolved::Nowhere;
            };
            *steps = left;
            match *part {
                "" | "." => continue,
                ".." => {
                    let Some(start) = starts.pop() else {
                        return Resolved::Outside;
                    };
                    here.truncate(start);
                    continue;
                }
                name => {
                    starts.push(here.len());
                    if !here.is_empty() {
                        here.push('/');
                    }
                    here.push_str(name);
                }
            }
            let Some(target) = self.links.get(here.as_str()) else {
                continue;
            };
            if depth >= MAX_LINK_DEPTH {
                return Resolved::Nowhere;
            }
            if let Some(start) = starts.pop() {
                here.truncate(start);
            }
            match self.target(&here, target, depth + 1, steps) {
                Resolved::Dir(d) => {
                    starts.clear();
                    starts.extend(d.match_indices('/').map(|(at, _)| at));
                    if !d.is_empty() {
                        starts.insert(0, 0);
                    }
                    here = d;
                }
                Resolved::File(f) if i == last => return Resolved::File(f),
                Resolved::File(_) => return Resolved::Nowhere,
                other => return other,
            }
        }
        if self.files.contains_key(&here) {
            Resolved::File(here)
        } else if self.dirs.contains(&here) {
            Resolved::Dir(here)
        } else {
            Resolved::Nowhere
        }
    }

    /// Where a link in the directory `parent` with the target `target` leads. An
    /// absolute target names the machine the repository describes: the longest tail of
    /// it (at least two names, or the whole of a shorter one) that exists below the
    /// nearest ancestor of the link.
    fn target(&self, parent: &str, target: &Path, depth: usize, steps: &mut usize) -> Resolved {
        let text = target.to_string_lossy();
        let parts: Vec<&str> = text.split('/').collect();
        let parent: Vec<&str> = parent.split('/').filter(|p| !p.is_empty()).collect();
        if !target.is_absolute() {
            return self.walk(&[&parent[..], &parts[..]].concat(), depth, steps);
        }
        let names: Vec<&str> = parts
            .into_iter()
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        let keep = names.len().min(2);
        for skip in 0..=names.len().saturating_sub(keep) {
            if names[skip..].contains(&"..") {
                continue;
            }
            for at in (0..=parent.len()).rev() {
                let candidate = [&parent[..at], &names[skip..]].concat();
                match self.walk(&candidate, depth, steps) {
                    found @ (Resolved::File(_) | Resolved::Dir(_)) => return found,
                    _ if *steps == 0 => return Resolved::Nowhere,
                    _ => {}
                }
            }
        }
        Resolved::Outside
    }
}

/// Adds the names links give to `names`: a link to a file is another name of it; a link
/// to a directory gives every file below its target a name below the link (and the
/// links below the target too, up to `MAX_NESTED_LINKS` deep, never one inside
/// itself). Returns the links that lead out of the root or nowhere, and the directory
/// links whose names were cut off by the budget (`budget` names in all), these marked
/// to be reported whatever a kind claims.
fn resolve_links(
    links: &[Link],
    files: &BTreeMap<String, PathBuf>,
    names: &mut BTreeMap<String, String>,
    first: impl Fn(&str) -> bool,
    mut budget: usize,
) -> Vec<(String, String, bool)> {
    let resolver = Resolver::new(links, files);
    let mut failed: Vec<(String, String, bool)> = Vec::new();
    let mut dirs: Vec<(&str, String)> = Vec::new();
    for link in links {
        match resolver.link(&link.rel) {
            Resolved::File(f) => {
                names.insert(link.rel.clone(), f);
            }
            // A link to a directory above itself (`loop -> .`) adds nothing new.
            Resolved::Dir(d)
                if d.is_empty() || link.rel == d || link.rel.starts_with(&format!("{d}/")) =>
            {
                failed.push((link.rel.clone(), LEADS_NOWHERE.to_string(), false));
            }
            Resolved::Dir(d) => dirs.push((&link.rel, d)),
            Resolved::Outside => failed.push((link.rel.clone(), LEADS_OUT.to_string(), false)),
            Resolved::Nowhere => {
                failed.push((link.rel.clone(), LEADS_NOWHERE.to_string(), false));
            }
        }
    }
    // Links into the trees kinds claim first, so that a budget spent elsewhere does not
    // cut off `etc/nginx/conf.d`.
    dirs.sort_by_key(|(rel, _)| (!first(rel), *rel));
    let limit = budget;
    let mut cut: Vec<&str> = Vec::new();
    for (rel, dir) in dirs {
        let mut stack = vec![rel.to_string()];
        if !cut.is_empty() || !alias_dir(&resolver, rel, &dir, &mut stack, names, &mut budget) {
            cut.push(rel);
        }
    }
    // One note, at the first link cut off, for all of them.
    if let Some(first) = cut.first() {
        let more = match cut.len() - 1 {
            0 => String::new(),
            1 => " (and of 1 more symlinked directory)".to_string(),
            n => format!(" (and of {n} more symlinked directories)"),
        };
        failed.push((
            first.to_string(),
            format!(
                "symlinked directory not followed in full: the symlinked directories of this \
                 repository give more than {limit} names (4 a file, at least {MIN_ALIASES}); \
                 the files below it{more} are not all checked"
            ),
            true,
        ));
    }
    failed
}

/// Gives the files below `dir` (and, through links below it, further files) names
/// below `name`; false when the budget ran out.
fn alias_dir(
    resolver: &Resolver,
    name: &str,
    dir: &str,
    stack: &mut Vec<String>,
    names: &mut BTreeMap<String, String>,
    budget: &mut usize,
) -> bool {
    let prefix = format!("{dir}/");
    let range = |from: &str| {
        (
            std::ops::Bound::Included(from.to_string()),
            std::ops::Bound::Unbounded,
        )
    };
    for (file, _) in resolver
        .files
        .range::<String, _>(range(&prefix))
        .take_while(|(f, _)| f.starts_with(&prefix))
    {
        let Some(left) = budget.checked_sub(1) else {
            return false;
        };
        *budget = left;
        names.insert(format!("{name}/{}", &file[prefix.len()..]), file.clone());
    }
    let below: Vec<&str> = resolver
        .links
        .range::<str, _>((
            std::ops::Bound::Included(prefix.as_str()),
            std::ops::Bound::Unbounded,
        ))
        .take_while(|(l, _)| l.starts_with(&prefix))
        .map(|(l, _)| *l)
        .collect();
    for link in below {
        let alias = format!("{name}/{}", &link[prefix.len()..]);
        match resolver.link(link) {
            Resolved::File(f) => {
                let Some(left) = budget.checked_sub(1) else {
                    return false;
                };
                *budget = left;
                names.insert(alias, f);
            }
            Resolved::Dir(d)
                if stack.len() < MAX_NESTED_LINKS
                    && !stack.iter().any(|s| s == link)
                    && !d.is_empty()
                    && !link.starts_with(&format!("{d}/")) =>
            {
                stack.push(link.to_string());
                let complete = alias_dir(resolver, &alias, &d, stack, names, budget);
                stack.pop();
                if !complete {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// Why a file of a known kind is a template rather than configuration, if it is one:
/// art32 skips templates (with one note) rather than reading their markup as the
/// daemon's syntax. A `*.j2`/`*.jinja`/`*.jinja2`/`*.erb`/`*.epp` name is a template of
/// any kind; Jinja (`{{ … }}`, `{% … %}`, `{# … #}`) or ERB (`<%= … %>`) markup makes
/// one of a daemon's own files (nginx, Postfix, fstab, crypttab) a template. Inventories
/// are not judged by markup: Ansible itself evaluates `{{ … }}` in inventory values.
pub fn template_reason(kind: FileKind, rel: &str, text: &str) -> Option<String> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if let Some(ext) = [".j2", ".jinja", ".jinja2", ".erb", ".epp"]
        .iter()
        .find(|e| name.ends_with(*e))
    {
        return Some(format!(
            "file skipped: it is a template (`{ext}`); art32 checks the files it renders to, \
             not their template"
        ));
    }
    if !kind.spec().markup_is_template {
        return None;
    }
    // Nearly every file holds no opening mark at all: one pass over the bytes tells,
    // before any line is looked at.
    let opens = |w: &[u8]| matches!(w, [b'{', b'{' | b'%' | b'#'] | [b'<', b'%']);
    if !text.as_bytes().windows(2).any(opens) {
        return None;
    }
    for (i, line) in text.lines().enumerate() {
        for (open, close, what) in [
            ("{{", "}}", "Jinja2"),
            ("{%", "%}", "Jinja2"),
            ("{#", "#}", "Jinja2"),
            ("<%", "%>", "ERB"),
        ] {
            if markup(line, open, close) {
                return Some(format!(
                    "file skipped: it is a {what} template (`{open} … {close}` on line {}); art32 \
                     checks the files it renders to, not their template",
                    i + 1
                ));
            }
        }
    }
    None
}

/// Does `line` hold template markup `open … close`? The text between holds no brace,
/// and `open` does not follow a `:`: Postfix's `inline:{{key=value}, {…}}` maps
/// (postconf(5), "inline:") are Postfix's own syntax, not a template.
fn markup(line: &str, open: &str, close: &str) -> bool {
    line.match_indices(open).any(|(at, _)| {
        let rest = &line[at + open.len()..];
        !line[..at].ends_with(':')
            && rest
                .find(close)
                .is_some_and(|end| !rest[..end].contains(['{', '}']))
    })
}

/// Is a directory between `root` and `path` (both excluded) a symlink? Then `path` is
/// not to be opened on this machine: the repository resolves it. Looked at from the
/// root down, stopping at the first link, so no link is followed.
pub fn through_link(root: &Path, path: &Path) -> bool {
    let Ok(rest) = path.strip_prefix(root) else {
        return false;
    };
    let mut at = root.to_path_buf();
    let parts: Vec<_> = rest.components().collect();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

fn ancestors_excluded(rel: &str, config: &Config) -> bool {
    rel.match_indices('/')
        .any(|(i, _)| config.is_excluded(&rel[..i]))
}

/// A path named on the command line made absolute without following any symlink in
/// it: the working directory (resolved) joined with the path, `.` and `..` collapsed as
/// written. Links in the repository are the repository's to resolve, never this
/// machine's (`nginx/sites/default` through a link to `/etc/nginx/…` must not read the
/// host's file).
pub fn absolute(path: &Path) -> Result<PathBuf, Error> {
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        let cwd = std::env::current_dir()
            .map_err(|e| Error::io("cannot read the working directory".to_string(), e))?;
        canonical(&cwd)?.join(path)
    };
    let mut out = PathBuf::from("/");
    for part in full.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::Normal(name) => out.push(name),
            _ => {}
        }
    }
    Ok(out)
}

/// Does `path` (as named on the command line) exist, or lead through a symlink (which
/// the repository, not this machine, resolves)? Components are looked at one by one,
/// stopping at the first link, so that no link is followed.
pub fn named_exists(path: &Path) -> bool {
    let mut at = PathBuf::new();
    for part in path.components() {
        at.push(part);
        if matches!(
            part,
            std::path::Component::RootDir | std::path::Component::Prefix(_)
        ) {
            continue;
        }
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    true
}

/// Is `dir` a directory whose path holds no symlink (its canonical path is itself)?
pub fn is_real_dir(dir: &Path) -> bool {
    dir.canonicalize().is_ok_and(|c| c == dir) && dir.is_dir()
}

/// An absolute path with symlinks resolved, as roots and walked paths are compared.
pub fn canonical(path: &Path) -> Result<PathBuf, Error> {
    path.canonicalize()
        .map_err(|e| Error::io(format!("cannot read `{}`", path.display()), e))
}

/// The deepest directory that contains all of `paths` (absolute; files count by their
/// directory).
pub fn common_root(paths: &[PathBuf]) -> PathBuf {
    let dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            if p.is_dir() {
                p.clone()
            } else {
                p.parent().map_or_else(|| p.clone(), Path::to_path_buf)
            }
        })
        .collect();
    let Some(first) = dirs.first() else {
        return PathBuf::from("/");
    };
    let mut root = first.clone();
    while !dirs.iter().all(|d| d.starts_with(&root)) {
        if !root.pop() {
            break;
        }
    }
    root
}

/// `path` relative to `root`, with `/`; `..` components where it is outside `root`.
/// Both are taken as they are (make them absolute first to compare them).
pub fn relative(root: &Path, path: &Path) -> String {
    let normal = |p: &Path| -> Vec<String> {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .map(|c| name_text(c.as_os_str()))
            .collect()
    };
    let (r, p) = (normal(root), normal(path));
    let common = r.iter().zip(&p).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); r.len() - common];
    parts.extend(p[common..].iter().cloned());
    let joined = parts.join("/");
    // An absolute path that shares nothing with the root keeps its one leading `/`.
    match joined.strip_prefix("//") {
        Some(rest) => format!("/{rest}"),
        None => joined,
    }
}

/// A file name as text: bytes that are not UTF-8 written as `\xNN`, so that two names
/// that differ only there stay two files.
fn name_text(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// A file's contents, or why it was not read or is not judged.
#[derive(Debug)]
pub enum Loaded {
    Text {
        text: String,
        /// Byte offset in `text` of the first invalid UTF-8 sequence (replaced by
        /// U+FFFD).
        invalid_utf8_at: Option<usize>,
        /// A UTF-8 byte-order mark was dropped: offsets in the file are 3 more than
        /// offsets in `text`.
        bom: bool,
    },
    /// Not read: binary (NUL bytes), larger than `max-file-size`, or unreadable. Where a
    /// kind claims the file, its findings would be hidden: an `unread-file` error.
    Skipped(String),
    /// Read, but not the daemon's text: encrypted (ansible-vault, git-crypt) or a
    /// template. Skipped on purpose, with a `skipped-file` note.
    Opaque(String),
}

/// Reads a regular file, unless it is larger than `max_size` bytes (see
/// [`crate::read::regular_file`]: what is opened is checked, not only what was walked).
pub fn load(path: &Path, max_size: u64) -> Loaded {
    use crate::read::Refused;
    match crate::read::regular_file(path, max_size) {
        Ok(bytes) => decode(bytes),
        Err(Refused::TooLarge { size, cap }) => Loaded::Skipped(format!(
            "file skipped: {} is more than the limit of {cap} bytes (`max-file-size`)",
            size.map_or_else(|| "what it holds".to_string(), |n| format!("{n} bytes")),
        )),
        Err(Refused::NotRegular(_)) => Loaded::Skipped(
            "file skipped: it is not a regular file (a FIFO, socket or device)".to_string(),
        ),
        Err(Refused::Io(e)) => Loaded::Skipped(format!("file skipped: cannot read it: {e}")),
    }
}

/// Text from bytes: binary (NUL) files are skipped, a BOM is dropped, invalid UTF-8
/// is replaced and its offset kept.
pub fn decode(bytes: Vec<u8>) -> Loaded {
    // git-crypt's header (`\0GITCRYPT\0`), before the NUL check calls it binary.
    if bytes.starts_with(b"\0GITCRYPT\0") {
        return Loaded::Opaque("file skipped: it is encrypted with git-crypt".into());
    }
    // ansible-vault's header (`$ANSIBLE_VAULT;1.1;AES256`): Ansible decrypts the file
    // at run time; what it holds cannot be judged from the repository.
    if bytes.starts_with(b"$ANSIBLE_VAULT;") {
        return Loaded::Opaque("file skipped: it is encrypted with ansible-vault".into());
    }
    if bytes.contains(&0) {
        return Loaded::Skipped("file skipped: it is binary (contains NUL bytes)".into());
    }
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest.to_vec(), true),
        None => (bytes, false),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Loaded::Text {
            text,
            invalid_utf8_at: None,
            bom,
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Loaded::Text {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                invalid_utf8_at: Some(at),
                bom,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_handles_bom_binary_and_invalid_utf8() {
        assert!(
            matches!(decode(b"\xEF\xBB\xBFa b".to_vec()), Loaded::Text { text, invalid_utf8_at: None, bom: true } if text == "a b")
        );
        assert!(matches!(decode(b"a\0b".to_vec()), Loaded::Skipped(_)));
        match decode(b"ab\xFFcd".to_vec()) {
            Loaded::Text {
                text,
                invalid_utf8_at,
                bom,
            } => {
                assert_eq!(invalid_utf8_at, Some(2));
                assert_eq!(text, "ab\u{FFFD}cd");
                assert!(!bom);
            }
            Loaded::Skipped(s) | Loaded::Opaque(s) => panic!("{s}"),
        }
        // Encrypted files are skipped on purpose (a note); binary ones were not read.
        assert!(matches!(
            decode(b"$ANSIBLE_VAULT;1.1;AES256\n61".to_vec()),
            Loaded::Opaque(_)
        ));
        assert!(matches!(
            decode(b"\0GITCRYPT\0\x01".to_vec()),
            Loaded::Opaque(_)
        ));
    }

    #[test]
    fn templates_by_name_and_markup_but_not_postfix_inline_maps() {
        let t = |kind, rel, text| template_reason(kind, rel, text).is_some();
        assert!(t(FileKind::Nginx, "a/site.conf.j2", "server {}\n"));
        assert!(t(FileKind::Nginx, "a/site.conf", "listen {{ port }};\n"));
        assert!(t(FileKind::Nginx, "a/site.conf", "{% if tls %}\n"));
        assert!(t(
            FileKind::PostfixMain,
            "main.cf",
            "myhostname = {{host}}\n"
        ));
        assert!(t(
            FileKind::Fstab,
            "fstab",
            "<%= @device %> / ext4 defaults 0 1\n"
        ));
        assert!(!t(
            FileKind::PostfixMain,
            "main.cf",
            "transport_maps = inline:{{.onion=smtp}, {a.example=relay:[b]:25}}\n\
             x = inline:{{a=b}}\n"
        ));
        assert!(!t(
            FileKind::Nginx,
            "a.conf",
            "location ~ \"^/a{2}\" { return 404; }\n"
        ));
        assert!(!t(FileKind::InventoryYaml, "hosts.yml", "h: \"{{ x }}\"\n"));
        assert!(t(FileKind::Nginx, "a.conf", "# x\n  {# a note #}\n"));
        assert!(!t(
            FileKind::Nginx,
            "a.conf",
            "return 200 '<p>{x}</p> 5%';\n"
        ));
        assert!(t(FileKind::InventoryYaml, "hosts.yml.j2", "h: 1\n"));
    }

    #[test]
    fn pruned_entries_are_counted_once_from_the_walks_listings() {
        let dir = tempfile::tempdir().unwrap();
        let root = canonical(dir.path()).unwrap();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(".gitignore", "build/\n*.log\n");
        write("a.log", "");
        write("build/b.conf", "");
        write("build/c.log", "");
        write("target/t.conf", "");
        write("x/.ignore", "*.conf\n!keep.conf\n");
        write("x/keep.conf", "");
        write("x/drop.conf", "");
        std::fs::create_dir_all(root.join(".git")).unwrap();
        let config = Config::default_config();
        // `a.log`, `build/`, `target/` (a directory once) and `x/drop.conf`; `.git` not.
        let found = discover(std::slice::from_ref(&root), &root, &config).unwrap();
        assert_eq!(found.excluded.ignored, 4);
        assert!(found.names.contains_key("x/keep.conf"));
        assert!(!found.names.contains_key("x/drop.conf"));
        // A named directory is walked as named (the root's ignore files do not apply in
        // it): what that walk gives is not counted, though the root's walk pruned it.
        let named = discover(&[root.join("build")], &root, &config).unwrap();
        assert_eq!(named.excluded.ignored, 3);
        assert!(named.names.contains_key("build/c.log"));
    }

    #[test]
    fn relative_paths_use_slashes() {
        assert_eq!(
            relative(Path::new("/r"), Path::new("/r/etc/fstab")),
            "etc/fstab"
        );
        assert_eq!(
            relative(Path::new("."), Path::new("./etc/fstab")),
            "etc/fstab"
        );
    }
}
