//! Discover: walk the repository (honouring .gitignore and the config's excludes),
//! resolve symlinks within it, classify files by kind, and read them. All file reading
//! happens here.
//!
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

/// Files larger than this are skipped with a note rather than read (default of the
/// config's `max-file-size`).
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// How many names symlinked directories may add together: `a -> ../..` style links
/// that multiply a large tree are cut off here (the rest of their names are not added).
pub const MAX_ALIASES: usize = 1_000_000;

/// How many links may lead through links (as the kernel's `ELOOP` limit of 40).
const MAX_LINK_ROUNDS: usize = 40;

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
    let mut tops: Vec<PathBuf> = vec![root.to_path_buf()];
    tops.extend(paths.iter().filter(|p| !p.starts_with(root)).cloned());
    let mut walk = Walk::default();
    for top in &tops {
        walk.tree(top, root, config)?;
    }
    // A file named on the command line is linted if some kind claims it, even when an
    // ignore file would skip it (pre-commit passes files).
    for path in paths.iter().filter(|p| !p.is_dir()) {
        let rel = relative(root, path);
        if !walk.names.contains_key(&rel) && !walk.links.iter().any(|l| l.rel == rel) {
            walk.entry(path, rel, config, true);
        }
    }
    let Walk {
        mut names,
        real,
        links,
        mut special,
    } = walk;
    let unresolved = resolve_links(&links, &mut names);
    let mut found = Discovery {
        scope,
        real,
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
                if named || list.iter().any(|n| sniffable(n)) {
                    to_sniff.push((canonical.to_string(), named));
                }
            }
        }
    }
    let max = config.max_file_size;
    let sniffed: Vec<(String, bool, Option<FileKind>)> = to_sniff
        .into_par_iter()
        .map(|(rel, named)| {
            let kind = match load(&found.real[&rel], max) {
                Loaded::Text { text, .. } => sniff(&text, named),
                Loaded::Skipped(_) => None,
            };
            (rel, named, kind)
        })
        .collect();
    for (rel, named, kind) in sniffed {
        match kind {
            Some(kind) => found.files.push(Candidate {
                path: found.real[&rel].clone(),
                linted: found.in_scope.contains(&rel),
                rel,
                kind,
            }),
            None if named => found.unclaimed.push(rel),
            None => {}
        }
    }
    for (rel, why) in unresolved {
        // Also a link to a directory whose files a kind would claim (`etc/nginx/conf.d
        // -> /srv/elsewhere`): the files an include reads there are not in the repository.
        let claimed =
            config.classify(&rel).is_some() || config.classify(&format!("{rel}/x.conf")).is_some();
        if found.scope.contains(&rel) && (claimed || found.scope.is_named(&rel)) {
            found.skipped.push((rel, why.to_string()));
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
}

impl Walk {
    fn tree(&mut self, top: &Path, root: &Path, config: &Config) -> Result<(), Error> {
        let meta = std::fs::metadata(top)
            .map_err(|e| Error::io(format!("cannot read `{}`", top.display()), e))?;
        if !meta.is_dir() {
            self.entry(top, relative(root, top), config, true);
            return Ok(());
        }
        let walker = ignore::WalkBuilder::new(top)
            .hidden(false)
            .git_global(false)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| {
                let name = e.file_name();
                !(e.file_type().is_some_and(|t| t.is_dir()) && (name == ".git" || name == "target"))
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| !t.is_dir()) => {
                    self.entry(entry.path(), relative(root, entry.path()), config, false);
                }
                Ok(_) => {}
                Err(ignore::Error::WithPath { path, err }) => {
                    self.special.push((
                        relative(root, &path),
                        format!("skipped: cannot read it: {err}"),
                        true,
                    ));
                }
                Err(_) => {}
            }
        }
        Ok(())
    }

    fn entry(&mut self, path: &Path, rel: String, config: &Config, named: bool) {
        if config.is_excluded(&rel) || (!named && ancestors_excluded(&rel, config)) {
            return;
        }
        let meta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let why = format!("file skipped: cannot read it: {e}");
                return self.special.push((rel, why, false));
            }
        };
        if meta.file_type().is_symlink() {
            match std::fs::read_link(path) {
                Ok(target) => self.links.push(Link { rel, target }),
                Err(e) => {
                    let why = format!("file skipped: cannot read it: {e}");
                    self.special.push((rel, why, false));
                }
            }
        } else if meta.is_file() {
            self.names.insert(rel.clone(), rel.clone());
            self.real.insert(rel, path.to_path_buf());
        } else {
            // A FIFO, socket or device: opening a FIFO would block for ever, and a
            // device can be read for ever. Not opened, but not skipped in silence.
            let why = "file skipped: it is not a regular file (a FIFO, socket or device)";
            self.special.push((rel, why.to_string(), false));
        }
    }
}

const LEADS_OUT: &str = "file skipped: it is a symlink that leads out of the linted root";
const LEADS_NOWHERE: &str = "file skipped: it is a symlink that leads nowhere";

/// Where a link's target is, as far as the names known so far tell.
enum Target {
    File(String),
    Dir(String),
    /// Leaves the root (a relative target with too many `..`).
    Outside,
    /// Not (yet) known: nowhere, or through a link not resolved yet.
    Unknown,
}

/// Adds the names links give (to files, and to every file below a linked directory) to
/// `names`, and returns the links that lead out of the root or nowhere.
fn resolve_links(
    links: &[Link],
    names: &mut BTreeMap<String, String>,
) -> Vec<(String, &'static str)> {
    let mut pending: Vec<&Link> = links.iter().collect();
    pending.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut failed: Vec<(String, &'static str)> = Vec::new();
    let mut linked_dirs: Vec<(String, String)> = Vec::new();
    let mut budget = MAX_ALIASES;
    for _ in 0..MAX_LINK_ROUNDS {
        let dirs = directories(names);
        let mut progress = false;
        let mut still = Vec::new();
        for link in pending {
            match target(link, names, &dirs) {
                Target::File(name) => {
                    let canonical = names[&name].clone();
                    names.insert(link.rel.clone(), canonical);
                    progress = true;
                }
                // A link to a directory above itself (`loop -> .`) adds nothing new.
                Target::Dir(dir)
                    if dir.is_empty()
                        || link.rel == dir
                        || link.rel.starts_with(&format!("{dir}/")) =>
                {
                    failed.push((link.rel.clone(), LEADS_NOWHERE));
                }
                Target::Dir(dir) => {
                    linked_dirs.push((link.rel.clone(), dir));
                    progress = true;
                }
                Target::Outside => failed.push((link.rel.clone(), LEADS_OUT)),
                Target::Unknown => still.push(link),
            }
        }
        pending = still;
        // Every linked directory gives the files below its target a name below the
        // link, also those that links in it resolved to since.
        for (link, dir) in &linked_dirs {
            let prefix = format!("{dir}/");
            let below: Vec<(String, String)> = names
                .range::<str, _>((
                    std::ops::Bound::Included(prefix.as_str()),
                    std::ops::Bound::Unbounded,
                ))
                .take_while(|(n, _)| n.starts_with(&prefix))
                .map(|(n, c)| (format!("{link}/{}", &n[prefix.len()..]), c.clone()))
                .collect();
            for (name, canonical) in below {
                if budget == 0 {
                    break;
                }
                if let std::collections::btree_map::Entry::Vacant(e) = names.entry(name) {
                    budget -= 1;
                    e.insert(canonical);
                    progress = true;
                }
            }
        }
        if !progress {
            break;
        }
    }
    for link in pending {
        let why = if link.target.is_absolute() {
            LEADS_OUT
        } else {
            LEADS_NOWHERE
        };
        failed.push((link.rel.clone(), why));
    }
    failed
}

/// Every directory that holds a name, `""` for the root.
fn directories(names: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut dirs = BTreeSet::new();
    dirs.insert(String::new());
    for name in names.keys() {
        let mut at = name.as_str();
        while let Some((dir, _)) = at.rsplit_once('/') {
            if !dirs.insert(dir.to_string()) {
                break;
            }
            at = dir;
        }
    }
    dirs
}

/// Where `link` points, within the repository.
fn target(link: &Link, names: &BTreeMap<String, String>, dirs: &BTreeSet<String>) -> Target {
    let found = |rel: &str| {
        if names.contains_key(rel) {
            Some(Target::File(rel.to_string()))
        } else if dirs.contains(rel) {
            Some(Target::Dir(rel.to_string()))
        } else {
            None
        }
    };
    let dir: Vec<&str> = link.rel.split('/').collect();
    let dir = &dir[..dir.len() - 1];
    let target = link.target.to_string_lossy();
    let parts: Vec<&str> = target.split('/').filter(|p| !p.is_empty()).collect();
    if !link.target.is_absolute() {
        return match normalize(&[dir, &parts[..]].concat()) {
            Some(rel) => found(&rel).unwrap_or(Target::Unknown),
            None => Target::Outside,
        };
    }
    // An absolute target names the machine the repository describes: the longest tail
    // of it (at least two names, or the whole of a shorter one) below the nearest
    // ancestor of the link.
    let keep = parts.len().min(2);
    for skip in 0..=parts.len().saturating_sub(keep) {
        if parts[skip..].contains(&"..") {
            continue;
        }
        for depth in (0..=dir.len()).rev() {
            if let Some(rel) = normalize(&[&dir[..depth], &parts[skip..]].concat())
                && let Some(t) = found(&rel)
            {
                return t;
            }
        }
    }
    Target::Unknown
}

/// `parts` joined with `/`, `.` and `..` collapsed; `None` if `..` leaves the root.
fn normalize(parts: &[&str]) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        match *p {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p),
        }
    }
    Some(out.join("/"))
}

/// Directory names whose files may be nginx configuration without a `.conf` name.
const NGINX_DIRS: &[&str] = &[
    "sites-available",
    "sites-enabled",
    "conf.d",
    "vhosts.d",
    "snippets",
    "http.d",
    "servers",
];

/// Is a file of this name worth reading to see whether it is nginx?
fn sniffable(name: &str) -> bool {
    let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
    let parent = dir.rsplit('/').next().unwrap_or("");
    file.ends_with(".conf") || NGINX_DIRS.contains(&parent)
}

/// Postfix parameters that only a `main.cf` sets (with any name starting `smtpd_`,
/// `smtp_`, `virtual_`, `postscreen_` or `lmtp_`).
const POSTFIX_PARAMETERS: &[&str] = &[
    "alias_database",
    "alias_maps",
    "compatibility_level",
    "home_mailbox",
    "inet_interfaces",
    "inet_protocols",
    "mailbox_command",
    "mailbox_size_limit",
    "message_size_limit",
    "mydestination",
    "mydomain",
    "myhostname",
    "mynetworks",
    "myorigin",
    "recipient_delimiter",
    "relay_domains",
    "relayhost",
    "transport_maps",
];

/// The kind of a file that no glob claims, from its content.
///
/// - nginx: nginx's grammar reads the file without an error and it opens, at its top
///   level, a block of a main or `http` context (`http`, `events`, `stream`, `mail`,
///   `server`, `upstream`). Files with only directives (a `snippets/ssl.conf`) are
///   nginx when a configuration includes them.
/// - For a file named on the command line also Postfix: a `main.cf` is lines of
///   `name = value` (with comments and indented continuations) of which at least one
///   names a parameter only `main.cf` sets; a `master.cf` is service lines of eight or
///   more fields with a service type (`inet`, `unix`, `unix-dgram`, `fifo`, `pass`).
pub fn sniff(text: &str, named: bool) -> Option<FileKind> {
    let doc = crate::parse::nginx::parse(crate::source::FileId(0), text);
    let opens_block = doc.root.children.iter().any(|c| {
        c.field("block").is_some()
            && matches!(
                c.name.value.as_str(),
                "http" | "events" | "stream" | "mail" | "server" | "upstream"
            )
    });
    if doc.diagnostics.is_empty() && opens_block {
        return Some(FileKind::Nginx);
    }
    if !named {
        return None;
    }
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with('#') && !l.starts_with([' ', '\t'])
        })
        .collect();
    if lines.is_empty() {
        return None;
    }
    let param = |l: &str| -> Option<String> {
        let (name, _) = l.split_once('=')?;
        let name = name.trim();
        (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
            .then(|| name.to_string())
    };
    let names: Option<Vec<String>> = lines.iter().map(|l| param(l)).collect();
    if let Some(names) = names
        && names.iter().any(|n| {
            POSTFIX_PARAMETERS.contains(&n.as_str())
                || ["smtpd_", "smtp_", "virtual_", "postscreen_", "lmtp_"]
                    .iter()
                    .any(|p| n.starts_with(p))
        })
    {
        return Some(FileKind::PostfixMain);
    }
    let service = |l: &str| {
        let fields: Vec<&str> = l.split_whitespace().collect();
        fields.len() >= 8 && matches!(fields[1], "inet" | "unix" | "unix-dgram" | "fifo" | "pass")
    };
    lines
        .iter()
        .all(|l| service(l))
        .then_some(FileKind::PostfixMaster)
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
    if kind.family() == "inventory" {
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

fn ancestors_excluded(rel: &str, config: &Config) -> bool {
    rel.match_indices('/')
        .any(|(i, _)| config.is_excluded(&rel[..i]))
}

/// A path named on the command line, absolute, with the symlinks of its directories
/// resolved but not a symlink at its end: `sites-enabled/x` stays the link (which the
/// repository resolves), not what it leads to on this machine.
pub fn absolute(path: &Path) -> Result<PathBuf, Error> {
    let err = |e| Error::io(format!("cannot read `{}`", path.display()), e);
    let meta = std::fs::symlink_metadata(path).map_err(err)?;
    match (
        meta.file_type().is_symlink(),
        path.parent(),
        path.file_name(),
    ) {
        (true, Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            Ok(canonical(parent)?.join(name))
        }
        _ => canonical(path),
    }
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
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
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

/// A file's contents, or why it was not read.
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
    Skipped(String),
}

/// Reads a file, unless it is larger than `max_size` bytes.
pub fn load(path: &Path, max_size: u64) -> Loaded {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > max_size => {
            return Loaded::Skipped(format!(
                "file skipped: {} bytes is more than the limit of {max_size} bytes (`max-file-size`)",
                m.len()
            ));
        }
        Err(e) => return Loaded::Skipped(format!("file skipped: cannot read it: {e}")),
        Ok(_) => {}
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Loaded::Skipped(format!("file skipped: cannot read it: {e}")),
    };
    decode(bytes)
}

/// Text from bytes: binary (NUL) files are skipped, a BOM is dropped, invalid UTF-8
/// is replaced and its offset kept.
pub fn decode(bytes: Vec<u8>) -> Loaded {
    // git-crypt's header (`\0GITCRYPT\0`), before the NUL check calls it binary.
    if bytes.starts_with(b"\0GITCRYPT\0") {
        return Loaded::Skipped("file skipped: it is encrypted with git-crypt".into());
    }
    // ansible-vault's header (`$ANSIBLE_VAULT;1.1;AES256`): Ansible decrypts the file
    // at run time; what it holds cannot be judged from the repository.
    if bytes.starts_with(b"$ANSIBLE_VAULT;") {
        return Loaded::Skipped("file skipped: it is encrypted with ansible-vault".into());
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
            Loaded::Skipped(s) => panic!("{s}"),
        }
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
        assert!(t(FileKind::InventoryYaml, "hosts.yml.j2", "h: 1\n"));
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
