//! nginx across files: `include` resolution, entry points, and what `listen` says.
//!
//! - A relative include is resolved against the configuration prefix, the directory
//!   of the main `nginx.conf` (nginx resolves it against its conf prefix, not against
//!   the including file). A file's prefix is taken to be the nearest directory, from
//!   its own up, that holds an `nginx.conf`.
//! - Infrastructure repositories mirror `/etc`: an absolute include is mapped into the
//!   repository by the part of the prefix that it shares (`<root>/hosts/web1/etc/nginx`
//!   stands for `/etc/nginx`, so `/etc/letsencrypt/x` is `hosts/web1/etc/letsencrypt/x`),
//!   or else by the configured absolute prefix (default `/etc/nginx`, where Debian's and
//!   nginx.org's packages keep it), so that `<root>/nginx/nginx.conf` also works.
//! - Globs are expanded in sorted order, as nginx does (it uses glob(3), which sorts);
//!   one that matches nothing is fine, as in nginx.
//! - Entry points are the nginx files no other nginx file includes. Their includes are
//!   spliced in place, so every node keeps its own file and span. An entry point
//!   without `http`/`events`/`stream`/`mail` (a `sites-enabled` file on its own) is
//!   read in `http` context.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

use globset::GlobBuilder;

use crate::formats::nginx::parse::MAX_DEPTH;
use crate::model::{Document, FileKind, Node, ParseDiagnostic, Value};
use crate::source::{FileId, SourceMap, Span, Spanned};

/// nginx's conf prefix in the stock packages (Debian, nginx.org).
pub const DEFAULT_PREFIX: &str = "/etc/nginx";

/// A glob that matches more files than this is not followed: a repository with that
/// many configuration files in one include is broken or hostile.
pub const MAX_GLOB_MATCHES: usize = 10_000;

/// How many file names the globs of one linking may test, together: a file of a
/// million `include *x;` lines in a repository of ten thousand files would otherwise
/// be 10^10 tests. Beyond it globs are not followed. (A glob tests only the files under
/// its literal leading directories, and each pattern is resolved once.)
pub const MAX_GLOB_TESTS: usize = 1_000_000;

/// Includes nested deeper than this are not followed (nginx has no limit, but a
/// repository that nests this deep is broken or hostile).
const MAX_INCLUDE_DEPTH: usize = 64;

/// How much the includes of one configuration may splice in: directives, each included
/// file and each include refused (a cycle, too deep) counting one more, so that empty
/// files and refusals count too. nginx reads a file as often as it is included, so two
/// includes of the next file on each of 64 levels would be 2^64 copies, and twelve files
/// that each include all twelve 12! cycles; beyond this budget includes are not
/// followed. All configurations of a repository together splice in at most this much
/// more than the nginx files hold (see [`splice_budget`]), so that memory stays within
/// the size of the input and this constant, however many configurations there are.
pub const MAX_INCLUDED_NODES: usize = 1_000_000;

/// Where an include argument leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Files in the repository, relative to the root, in nginx's order.
    Files(Vec<String>),
    /// A plain path that is not in the repository (as written).
    Missing(String),
    /// A path that would leave the linted root.
    Outside(String),
    /// A glob that matches more than `MAX_GLOB_MATCHES` files (how many).
    TooMany(String, usize),
    /// A glob not tried: the globs before it tested `MAX_GLOB_TESTS` file names.
    OverBudget(String),
}

/// The directory (relative to the root, `""` for the root) whose `nginx.conf` is the
/// conf prefix for `rel`: the nearest one from `rel`'s own directory up.
pub fn conf_dir(rel: &str, files: &BTreeSet<String>) -> String {
    let mut dir = parent(rel);
    loop {
        if files.contains(&join(dir, "nginx.conf")) {
            return dir.to_string();
        }
        if dir.is_empty() {
            return parent(rel).to_string();
        }
        dir = parent(dir);
    }
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Collapses `.` and `..`; `None` if `..` would leave the root.
fn normalize(parts: &[&str]) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        match *p {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p.to_string()),
        }
    }
    Some(out)
}

/// Resolves an include argument for a file whose conf prefix is `conf_dir`. With
/// `prefix` `None`, absolute paths are not mapped into the repository (they are read
/// as nginx would read them on a machine without those files).
pub fn resolve(
    arg: &str,
    conf_dir: &str,
    prefix: Option<&str>,
    files: &BTreeSet<String>,
) -> Resolution {
    resolve_within(arg, conf_dir, prefix, files, &Cell::new(MAX_GLOB_TESTS))
}

/// [`resolve`], with globs testing file names out of `budget` (shared by the includes of
/// one linking). A glob tests only the files under its literal leading directories.
fn resolve_within(
    arg: &str,
    conf_dir: &str,
    prefix: Option<&str>,
    files: &BTreeSet<String>,
    budget: &Cell<usize>,
) -> Resolution {
    let conf: Vec<&str> = conf_dir.split('/').filter(|p| !p.is_empty()).collect();
    let candidate: Option<Vec<String>> = if let Some(abs) = arg.strip_prefix('/') {
        let Some(prefix) = prefix else {
            return Resolution::Missing(arg.to_string());
        };
        let path: Vec<&str> = abs.split('/').collect();
        let prefix_parts: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
        // The conf dir mirrors the prefix (`<x>/etc/nginx`): `<x>` stands for `/`.
        let mirror_base = conf
            .ends_with(&prefix_parts)
            .then(|| [&conf[..conf.len() - prefix_parts.len()], &path[..]].concat());
        // The conf dir stands for the prefix itself (`nginx/` for `/etc/nginx`).
        let under_prefix = path
            .starts_with(&prefix_parts)
            .then(|| [&conf[..], &path[prefix_parts.len()..]].concat());
        // Another layout: the longest tail of the conf dir that the path starts with.
        let shared_tail = (1..=conf.len().min(path.len()))
            .rev()
            .find(|k| conf[conf.len() - k..] == path[..*k])
            .map(|k| [&conf[..conf.len() - k], &path[..]].concat());
        match mirror_base.or(under_prefix).or(shared_tail) {
            Some(parts) => normalize(&parts),
            None => return Resolution::Missing(arg.to_string()),
        }
    } else {
        let path: Vec<&str> = arg.split('/').collect();
        normalize(&[&conf[..], &path[..]].concat())
    };
    let Some(parts) = candidate else {
        return Resolution::Outside(arg.to_string());
    };
    let rel = parts.join("/");
    if rel.contains(['*', '?', '[']) {
        let Ok(glob) = GlobBuilder::new(&rel).literal_separator(true).build() else {
            return Resolution::Missing(arg.to_string());
        };
        let m = glob.compile_matcher();
        // glob(3) without GLOB_PERIOD: a wildcard does not match a leading `.`.
        let visible = |f: &str| {
            f.split('/')
                .zip(rel.split('/'))
                .all(|(name, pat)| !name.starts_with('.') || pat.starts_with('.'))
        };
        // Only the files under the directories before the first wildcard can match.
        let wild = rel.find(['*', '?', '[', '{', '\\']).unwrap_or(rel.len());
        let dir = rel[..wild].rfind('/').map_or("", |i| &rel[..=i]);
        let candidates = files
            .range::<str, _>((std::ops::Bound::Included(dir), std::ops::Bound::Unbounded))
            .take_while(|f| f.starts_with(dir));
        // `files` is sorted, as glob(3) sorts its matches.
        let mut found: Vec<String> = Vec::new();
        for f in candidates {
            let Some(left) = budget.get().checked_sub(1) else {
                return Resolution::OverBudget(arg.to_string());
            };
            budget.set(left);
            if m.is_match(f.as_str()) && visible(f) {
                found.push(f.clone());
            }
        }
        if found.len() > MAX_GLOB_MATCHES {
            return Resolution::TooMany(arg.to_string(), found.len());
        }
        return Resolution::Files(found);
    }
    if files.contains(&rel) {
        Resolution::Files(vec![rel])
    } else {
        Resolution::Missing(arg.to_string())
    }
}

fn is_include(node: &Node) -> bool {
    node.kind == "directive" && node.name.value == "include" && node.args.len() == 1
}

fn includes<'n>(node: &'n Node, out: &mut Vec<&'n str>) {
    for c in &node.children {
        if is_include(c) {
            out.push(&c.args[0].value);
        }
        includes(c, out);
    }
}

struct Ctx<'a> {
    docs: &'a [&'a Document],
    /// Each document's path → its index in `docs`.
    by_path: BTreeMap<&'a str, usize>,
    /// Each document's size: how many nodes it holds at every depth, and how many
    /// levels they nest ([`count_nodes`], [`tree_depth`]), counted once.
    sizes: Vec<(usize, usize)>,
    sources: &'a SourceMap,
    files: &'a BTreeSet<String>,
    /// Names that are links (or below linked directories) → the path holding the text.
    aliases: &'a BTreeMap<String, String>,
    prefix: Option<&'a str>,
    /// What is left of [`MAX_GLOB_TESTS`].
    glob_tests: Cell<usize>,
    /// Includes resolved so far, by argument and conf prefix.
    resolved: std::cell::RefCell<BTreeMap<(String, String), Resolution>>,
}

impl<'a> Ctx<'a> {
    fn new(
        docs: &'a [&'a Document],
        sources: &'a SourceMap,
        files: &'a BTreeSet<String>,
        aliases: &'a BTreeMap<String, String>,
        prefix: Option<&'a str>,
    ) -> Self {
        Ctx {
            docs,
            by_path: docs
                .iter()
                .enumerate()
                .map(|(i, d)| (sources.get(d.file).path.as_str(), i))
                .collect(),
            sizes: docs
                .iter()
                .map(|d| (count_nodes(&d.root.children), tree_depth(&d.root.children)))
                .collect(),
            sources,
            files,
            aliases,
            prefix,
            glob_tests: Cell::new(MAX_GLOB_TESTS),
            resolved: Default::default(),
        }
    }

    /// The splice budget of all configurations of one linking: [`MAX_INCLUDED_NODES`]
    /// more than the nginx files hold (each file counting one), so that a large
    /// repository is linked in full, a configuration that spends its own budget leaves
    /// the others theirs, and a small repository cannot splice in more than the constant.
    fn splice_budget(&self) -> usize {
        self.sizes
            .iter()
            .map(|(nodes, _)| 1 + nodes)
            .fold(MAX_INCLUDED_NODES, usize::saturating_add)
    }
}

impl Ctx<'_> {
    /// The path that holds the text of the file `name` names.
    fn canonical<'n>(&'n self, name: &'n str) -> &'n str {
        self.aliases.get(name).map_or(name, String::as_str)
    }

    /// Resolves `arg` against the first of the candidate conf prefixes under which it
    /// names files (a fragment's prefix is not known: see [`conf_dirs`]).
    fn resolve_any(&self, arg: &str, confs: &[String]) -> Resolution {
        let mut first = None;
        for conf in confs {
            let r = self.resolve(arg, conf);
            if matches!(&r, Resolution::Files(f) if !f.is_empty()) {
                return r;
            }
            first.get_or_insert(r);
        }
        first.unwrap_or_else(|| Resolution::Missing(arg.to_string()))
    }

    fn resolve(&self, arg: &str, conf: &str) -> Resolution {
        let key = (arg.to_string(), conf.to_string());
        if let Some(r) = self.resolved.borrow().get(&key) {
            return r.clone();
        }
        let r = resolve_within(arg, conf, self.prefix, self.files, &self.glob_tests);
        self.resolved.borrow_mut().insert(key, r.clone());
        r
    }
}

/// The nginx configurations to check, and what linking found.
#[derive(Debug, Default)]
pub struct Linked {
    /// Each entry point with its includes spliced in.
    pub docs: Vec<Document>,
    /// Includes that could not be followed.
    pub diagnostics: Vec<ParseDiagnostic>,
    /// For each entry point, the files it reaches through `include`, itself first, in
    /// the order nginx reads them.
    pub reached: BTreeMap<FileId, Vec<FileId>>,
    /// Files in the repository that an include names but that were not given to
    /// `link`: read them and link again.
    pub unloaded: BTreeMap<String, Span>,
    /// Files in the tree of a complete `nginx.conf` (one with `http`, `events`, …: the
    /// nearest `nginx.conf` above them) that no configuration reaches: nginx does not
    /// read them (Debian's `snippets/snakeoil.conf`, a site in `sites-available` that
    /// is not enabled), so they are not checked.
    pub unreached: Vec<FileId>,
}

/// What a walk through the includes of one entry point collects.
struct Splice<'s> {
    stack: Vec<FileId>,
    diagnostics: &'s mut Vec<ParseDiagnostic>,
    reached: Vec<FileId>,
    reached_set: BTreeSet<FileId>,
    /// Files not given to `link` → the first include argument that names one.
    unloaded: &'s mut BTreeMap<String, Span>,
    /// What is left of [`MAX_INCLUDED_NODES`] for this configuration; `None` once it
    /// ran out.
    own: Option<usize>,
    /// What is left of the splice budget of all configurations ([`splice_budget`]);
    /// `None` once it ran out.
    budget: &'s mut Option<usize>,
    /// Where the budget of all configurations ran out: the index of that diagnostic.
    stop: &'s mut Option<usize>,
    /// Includes refused so far (at an include, of a file, or of the whole include for
    /// `None`): each is reported once, however many ways lead to it.
    refused: BTreeSet<(Span, Option<FileId>)>,
    /// What the walk decided, for building the tree after it ([`Event`]).
    events: Vec<Event>,
}

/// What the walk through a configuration's includes decided, in the order it met them
/// (document order, depth first, an included file's nodes where it is included): at
/// each `include`, an `Enter` for each file spliced in there (followed by the events
/// inside that file), then `End`. Building the tree replays them, so that the walk (with
/// its budgets, which depend on the order of the configurations) runs alone and the
/// trees can be built after it, in parallel, from nodes moved rather than copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    /// The nodes of the document of this index in `Ctx::docs` are spliced in.
    Enter(usize),
    /// The include is done.
    End,
}

impl<'s> Splice<'s> {
    fn new(
        entry: FileId,
        diagnostics: &'s mut Vec<ParseDiagnostic>,
        unloaded: &'s mut BTreeMap<String, Span>,
        budget: &'s mut Option<usize>,
        stop: &'s mut Option<usize>,
    ) -> Self {
        Splice {
            stack: vec![entry],
            diagnostics,
            reached: vec![entry],
            reached_set: BTreeSet::from([entry]),
            unloaded,
            own: Some(MAX_INCLUDED_NODES),
            budget,
            stop,
            refused: BTreeSet::new(),
            events: Vec::new(),
        }
    }

    /// Has a budget run out (this configuration's or that of all)?
    fn spent(&self) -> bool {
        self.own.is_none() || self.budget.is_none()
    }

    /// Takes `cost` from the budgets; `false` (and, the first time, a diagnostic at
    /// `at`) when they do not cover it.
    fn charge(&mut self, cost: usize, at: Span) -> bool {
        let (Some(own), Some(all)) = (self.own, *self.budget) else {
            return false;
        };
        let message = if all < cost {
            *self.budget = None;
            *self.stop = Some(self.diagnostics.len());
            format!(
                "the includes of this repository's configurations splice in \
                 {MAX_INCLUDED_NODES} directives more than its nginx files hold (each file \
                 included and each include refused counts one); this include and the ones \
                 after it are not followed"
            )
        } else if own < cost {
            self.own = None;
            format!(
                "the includes of this configuration splice in more than {MAX_INCLUDED_NODES} \
                 directives; this include and the ones after it are not followed (each file \
                 included and each include refused counts one directive)"
            )
        } else {
            self.own = Some(own - cost);
            *self.budget = Some(all - cost);
            return true;
        };
        self.diagnostics.push(ParseDiagnostic::error(at, message));
        false
    }

    /// An include not followed: charged to the budget every time (so that a walk that
    /// finds it again and again ends); `true` the first time, when it is to be reported.
    fn refuse(&mut self, key: (Span, Option<FileId>)) -> bool {
        self.charge(1, key.0) && self.refused.insert(key)
    }

    fn report(
        &mut self,
        key: (Span, Option<FileId>),
        diagnostic: impl FnOnce() -> ParseDiagnostic,
    ) {
        if self.refuse(key) {
            self.diagnostics.push(diagnostic());
        }
    }
}

/// Is the document a main configuration (`events`, `http`, … at top level)?
fn is_main(doc: &Document) -> bool {
    doc.root
        .children
        .iter()
        .any(|c| matches!(c.name.value.as_str(), "http" | "events" | "stream" | "mail"))
}

/// The candidate conf prefixes of a document: its own directory for a main
/// configuration; else the directory of the nearest `nginx.conf` above it; else (a
/// repository of `conf.d/` and `snippets/` without `nginx.conf`) its own directory and
/// each one above it up to the root, an include resolving against the first under
/// which it names files.
fn conf_dirs(doc: &Document, sources: &SourceMap, files: &BTreeSet<String>) -> Vec<String> {
    let path = &sources.get(doc.file).path;
    if is_main(doc) {
        return vec![parent(path).to_string()];
    }
    let mut dir = parent(path);
    let mut out = Vec::new();
    loop {
        if files.contains(&join(dir, "nginx.conf")) {
            return vec![dir.to_string()];
        }
        out.push(dir.to_string());
        if dir.is_empty() {
            return out;
        }
        dir = parent(dir);
    }
}

/// The files `entry` reaches through `include`, itself first, when it is read as the
/// main configuration; and the includes that could not be followed.
pub fn reach(
    entry: &Document,
    docs: &[&Document],
    sources: &SourceMap,
    files: &BTreeSet<String>,
    prefix: Option<&str>,
) -> (Vec<FileId>, Vec<ParseDiagnostic>) {
    let aliases = BTreeMap::new();
    let cx = Ctx::new(docs, sources, files, &aliases, prefix);
    let mut diagnostics = Vec::new();
    let mut unloaded = BTreeMap::new();
    let mut budget = Some(cx.splice_budget());
    let mut stop = None;
    let mut walk = Splice::new(
        entry.file,
        &mut diagnostics,
        &mut unloaded,
        &mut budget,
        &mut stop,
    );
    let conf = [parent(&sources.get(entry.file).path).to_string()];
    walk_includes(&entry.root.children, 0, &conf, &cx, &mut walk);
    (walk.reached, diagnostics)
}

/// The nginx configurations to check: each entry point with its includes spliced in,
/// in `http` context when it is a fragment, with `listen` and `server` annotated; and
/// what could not be followed. `files` are every name in the repository, `aliases` the
/// names that are links to another (→ the path that holds the text, which is where
/// documents are found and findings reported). The documents are copied; see
/// [`link_owned`] for linking that takes them.
pub fn link(
    docs: &[&Document],
    sources: &SourceMap,
    files: &BTreeSet<String>,
    aliases: &BTreeMap<String, String>,
    prefix: Option<&str>,
    sni_protocols: bool,
) -> Linked {
    let cx = Ctx::new(docs, sources, files, aliases, prefix);
    let mut plan = plan(&cx);
    let shared: Vec<Option<&Document>> = docs.iter().copied().map(Some).collect();
    let docs = build(plan.works(), &shared, sources, files, sni_protocols);
    plan.finish(docs)
}

/// [`link`], taking the parsed documents when linking is done with them: when no
/// include names a file that was not given (`Linked::unloaded` is empty, so that the
/// caller reads no more files and links no more), the nodes of a file that one
/// configuration alone includes are moved into it instead of copied (a file included
/// several times is copied for all its uses but the last); otherwise the documents are
/// left, to be linked again with the files the includes name. Where the caller
/// `reads_next` one of those files, nothing is built: the result only names them.
pub fn link_owned(
    parsed: &mut Vec<Document>,
    sources: &SourceMap,
    files: &BTreeSet<String>,
    aliases: &BTreeMap<String, String>,
    prefix: Option<&str>,
    sni_protocols: bool,
    reads_next: &dyn Fn(&str) -> bool,
) -> Linked {
    let (plan, files_of) = {
        let refs: Vec<&Document> = parsed.iter().collect();
        let cx = Ctx::new(&refs, sources, files, aliases, prefix);
        let mut plan = plan(&cx);
        if plan.unloaded.keys().any(|name| reads_next(name)) {
            return Linked {
                unloaded: plan.unloaded,
                ..Linked::default()
            };
        }
        if !plan.unloaded.is_empty() {
            let shared: Vec<Option<&Document>> = refs.iter().copied().map(Some).collect();
            let docs = build(plan.works(), &shared, sources, files, sni_protocols);
            return plan.finish(docs);
        }
        (plan, refs.len())
    };
    // Which configurations use each document (as its entry point or spliced in), and
    // how often.
    let mut users: Vec<(Option<usize>, bool, usize)> = vec![(None, false, 0); files_of];
    let mut count = |doc: usize, entry: usize| {
        let (first, many, uses) = &mut users[doc];
        match *first {
            None => *first = Some(entry),
            Some(e) if e != entry => *many = true,
            Some(_) => {}
        }
        *uses += 1;
    };
    for (n, (entry, events)) in plan.entries.iter().enumerate() {
        count(*entry, n);
        for e in events {
            if let Event::Enter(doc) = e {
                count(*doc, n);
            }
        }
    }
    let mut store: Vec<Option<Document>> = std::mem::take(parsed).into_iter().map(Some).collect();
    let mut plan = plan;
    let mut works = plan.works();
    for (doc, (first, many, uses)) in users.into_iter().enumerate() {
        match first {
            // Used by one configuration alone: it takes the document.
            Some(entry) if !many => {
                if let Some(d) = store[doc].take() {
                    works[entry].own.insert(doc, (uses, d));
                }
            }
            // Used by several: each copies it.
            Some(_) => {}
            // Used by none (not reached): not needed.
            None => store[doc] = None,
        }
    }
    let shared: Vec<Option<&Document>> = store.iter().map(Option::as_ref).collect();
    let docs = build(works, &shared, sources, files, sni_protocols);
    drop(shared);
    drop(store);
    plan.finish(docs)
}

/// What the walks through the includes of every configuration found, before any tree
/// is built.
struct Plan {
    /// Each entry point (an index in `Ctx::docs`) with the walk's [`Event`]s, in the
    /// order the configurations are checked.
    entries: Vec<(usize, Vec<Event>)>,
    diagnostics: Vec<ParseDiagnostic>,
    reached: BTreeMap<FileId, Vec<FileId>>,
    unloaded: BTreeMap<String, Span>,
    unreached: Vec<FileId>,
}

/// Walks the includes of every configuration, in order: which files are entry
/// points, what each splices in, and what could not be followed.
fn plan(cx: &Ctx) -> Plan {
    let docs = cx.docs;
    let sources = cx.sources;
    let files = cx.files;
    // Who includes whom, as far as each file's own prefix tells: files that nobody
    // includes are entry points, main configurations first.
    let mut included: BTreeMap<FileId, Vec<FileId>> = BTreeMap::new();
    for doc in docs {
        let conf = conf_dirs(doc, sources, files);
        let mut args = Vec::new();
        includes(&doc.root, &mut args);
        for arg in args {
            if let Resolution::Files(found) = cx.resolve_any(arg, &conf) {
                for f in found {
                    if let Some(target) = cx.by_path.get(cx.canonical(&f)).map(|i| docs[*i])
                        && target.file != doc.file
                    {
                        included.entry(target.file).or_default().push(doc.file);
                    }
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|i| {
        let d = docs[*i];
        (included.contains_key(&d.file), !is_main(d), d.file)
    });

    let mut diagnostics = Vec::new();
    let mut unloaded = BTreeMap::new();
    let mut budget = Some(cx.splice_budget());
    let mut stop = None;
    // Entry points not linked because the budget ran out before them.
    let mut not_linked: Vec<FileId> = Vec::new();
    let mut entries = Vec::new();
    let mut reached_by: BTreeMap<FileId, Vec<FileId>> = BTreeMap::new();
    let mut seen: BTreeSet<FileId> = BTreeSet::new();
    let mut unreached = Vec::new();
    // Directories of the complete `nginx.conf`s linked so far (they come first).
    let mut main_dirs: BTreeSet<String> = BTreeSet::new();
    // A file that an entry point reaches is checked there; one that none reaches is
    // not read by nginx when it lies in the tree of a complete `nginx.conf`, and is an
    // entry point of its own otherwise (a fragment, or an include cycle).
    for index in order {
        let entry = docs[index];
        if seen.contains(&entry.file) {
            continue;
        }
        let path = sources.get(entry.file).path.as_str();
        // Not reached, though a file that is reached includes it: an include that was
        // not followed (a limit, a cycle) cut it off, and said so there. Judged on its
        // own it would be judged out of context (a site without its `http`): not at all.
        let cut_off = included
            .get(&entry.file)
            .is_some_and(|by| by.iter().any(|f| seen.contains(f)));
        if cut_off && !is_main(entry) {
            continue;
        }
        if !is_main(entry) && main_dirs.contains(&conf_dir(path, files)) {
            unreached.push(entry.file);
            continue;
        }
        if is_main(entry) && path.rsplit('/').next() == Some("nginx.conf") {
            main_dirs.insert(parent(path).to_string());
        }
        // The budget ran out in an earlier configuration: this one is not judged (its
        // includes would be cut off), and the place where it ran out says so.
        if budget.is_none() {
            not_linked.push(entry.file);
            continue;
        }
        let conf = conf_dirs(entry, sources, files);
        let mut walk = Splice::new(
            entry.file,
            &mut diagnostics,
            &mut unloaded,
            &mut budget,
            &mut stop,
        );
        walk_includes(&entry.root.children, 0, &conf, cx, &mut walk);
        let Splice {
            reached, events, ..
        } = walk;
        seen.extend(reached.iter().copied());
        reached_by.insert(entry.file, reached);
        entries.push((index, events));
    }
    // One that an entry point checked later reached after all is not unreached.
    unreached.retain(|f| !seen.contains(f));
    not_linked.retain(|f| !seen.contains(f));
    if let (Some(at), false) = (stop, not_linked.is_empty()) {
        let names: Vec<&str> = not_linked
            .iter()
            .take(3)
            .map(|f| sources.get(*f).path.as_str())
            .collect();
        let more = match not_linked.len() - names.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        diagnostics[at].message.push_str(&format!(
            "; nor are the configurations linked after it, which are not checked: {}{more}",
            names.join(", ")
        ));
        // Each of them says so at its start too: a run that lints only one of them
        // (pre-commit) does not report the place where the budget ran out.
        let spent = diagnostics[at].span;
        let spent_in = sources.get(spent.file).path.clone();
        for file in &not_linked {
            let start = crate::source::Span {
                file: *file,
                start: 0,
                end: 0,
            };
            diagnostics.push(ParseDiagnostic::error(
                start,
                format!(
                    "not checked: the include budget of all nginx configurations ran out in \
                     `{spent_in}` before this configuration was linked"
                ),
            ));
        }
    }
    Plan {
        entries,
        diagnostics,
        reached: reached_by,
        unloaded,
        unreached,
    }
}

impl Plan {
    /// The result: the built configurations and what the walks found.
    fn finish(self, docs: Vec<Document>) -> Linked {
        let mut diagnostics = self.diagnostics;
        diagnostics.sort_by(|a, b| (a.span, &a.message).cmp(&(b.span, &b.message)));
        diagnostics.dedup();
        Linked {
            docs,
            diagnostics,
            reached: self.reached,
            unloaded: self.unloaded,
            unreached: self.unreached,
        }
    }
}

/// One configuration to build: its entry point, the walk's events, and the documents
/// it alone uses (index → how many times, the document).
struct Work {
    entry: usize,
    events: Vec<Event>,
    own: BTreeMap<usize, (usize, Document)>,
}

impl Plan {
    /// The configurations to build, each with no document of its own yet.
    fn works(&mut self) -> Vec<Work> {
        std::mem::take(&mut self.entries)
            .into_iter()
            .map(|(entry, events)| Work {
                entry,
                events,
                own: BTreeMap::new(),
            })
            .collect()
    }
}

/// Builds the configurations (in parallel: each is independent once the walks are
/// done), in `http` context when a fragment, with the fields rules read.
fn build(
    works: Vec<Work>,
    shared: &[Option<&Document>],
    sources: &SourceMap,
    files: &BTreeSet<String>,
    sni_protocols: bool,
) -> Vec<Document> {
    use rayon::prelude::*;
    let built: Vec<(Document, Upstreams)> = works
        .into_par_iter()
        .map(|work| {
            let file = shared
                .get(work.entry)
                .copied()
                .flatten()
                .or_else(|| work.own.get(&work.entry).map(|(_, d)| d))
                .map(|d| d.file);
            let mut builder = Builder {
                events: work.events.into_iter(),
                own: work.own,
                shared,
            };
            let mut root = builder.root(work.entry);
            let main_context = root
                .children
                .iter()
                .any(|c| matches!(c.name.value.as_str(), "http" | "events" | "stream" | "mail"));
            if !main_context && !root.children.is_empty() {
                // Labels on the implied `http` point at the start of the file.
                let start = Span::new(root.span.file, 0, 0);
                let mut http = Node::new("context", Spanned::new("http".into(), start), root.span);
                http.children = std::mem::take(&mut root.children);
                root.children.push(http);
            }
            annotate(&mut root, None, false);
            annotate_handshakes(&mut root, sni_protocols);
            annotate_more_headers(&mut root, &[]);
            super::logs::annotate(&mut root);
            let mut upstreams = BTreeMap::new();
            collect_upstreams(&root, &mut upstreams);
            let doc = Document {
                kind: FileKind::Nginx,
                file: file.unwrap_or(root.span.file),
                root,
                diagnostics: Vec::new(),
            };
            (doc, upstreams)
        })
        .collect();
    // `*_pass` targets through `upstream` blocks: those of the document itself, else
    // those of the other documents of the same configuration (the same conf prefix:
    // a `conf.d` file linted as a fragment beside the one defining the upstream).
    let mut by_conf: BTreeMap<String, Upstreams> = BTreeMap::new();
    let mut confs = Vec::with_capacity(built.len());
    for (doc, upstreams) in &built {
        let conf = conf_dir(&sources.get(doc.file).path, files);
        let shared = by_conf.entry(conf.clone()).or_default();
        for (name, servers) in upstreams {
            shared
                .entry(name.clone())
                .or_insert_with(|| servers.clone());
        }
        confs.push(conf);
    }
    built
        .into_par_iter()
        .zip(confs)
        .map(|((mut doc, upstreams), conf)| {
            let empty = Upstreams::new();
            let of_conf = by_conf.get(&conf).unwrap_or(&empty);
            annotate_passes(&mut doc.root, &upstreams, of_conf);
            doc
        })
        .collect()
}

/// `upstream` name → its servers.
type Upstreams = BTreeMap<String, Vec<Spanned<String>>>;

/// Builds one configuration's tree by replaying its walk's [`Event`]s.
struct Builder<'p> {
    events: std::vec::IntoIter<Event>,
    /// The documents this configuration alone uses: how many uses are left, the
    /// document. The last use takes its nodes, the others copy them.
    own: BTreeMap<usize, (usize, Document)>,
    /// The documents several configurations use (copied at each use).
    shared: &'p [Option<&'p Document>],
}

impl Builder<'_> {
    /// The root of document `i` with its includes spliced in.
    fn root(&mut self, i: usize) -> Node {
        if let Some((left, doc)) = self.own.remove(&i) {
            if left <= 1 {
                let mut root = doc.root;
                self.fill(&mut root.children);
                return root;
            }
            let children = self.copy(&doc.root.children);
            let root = shallow(&doc.root, children);
            self.own.insert(i, (left - 1, doc));
            return root;
        }
        let shared = self.shared;
        match shared.get(i).copied().flatten() {
            Some(doc) => {
                let children = self.copy(&doc.root.children);
                shallow(&doc.root, children)
            }
            None => Node::new(
                "file",
                Spanned::new(String::new(), Span::default()),
                Span::default(),
            ),
        }
    }

    /// The top-level nodes of document `i` with their includes spliced in.
    fn nodes(&mut self, i: usize) -> Vec<Node> {
        if let Some((left, doc)) = self.own.remove(&i) {
            if left <= 1 {
                let mut nodes = doc.root.children;
                self.fill(&mut nodes);
                return nodes;
            }
            let nodes = self.copy(&doc.root.children);
            self.own.insert(i, (left - 1, doc));
            return nodes;
        }
        let shared = self.shared;
        match shared.get(i).copied().flatten() {
            Some(doc) => self.copy(&doc.root.children),
            None => Vec::new(),
        }
    }

    /// At an `include`: the nodes of the files the walk spliced in there.
    fn splice(&mut self, out: &mut Vec<Node>) {
        while let Some(Event::Enter(i)) = self.events.next() {
            let nodes = self.nodes(i);
            out.extend(nodes);
        }
    }

    /// Splices the includes among `nodes` (taken, not copied) in, at every depth.
    fn fill(&mut self, nodes: &mut Vec<Node>) {
        if !nodes.iter().any(is_include) {
            for n in nodes.iter_mut() {
                self.fill(&mut n.children);
            }
            return;
        }
        let old = std::mem::take(nodes);
        let mut out = Vec::with_capacity(old.len());
        for mut n in old {
            if is_include(&n) {
                self.splice(&mut out);
            } else {
                self.fill(&mut n.children);
                out.push(n);
            }
        }
        out.shrink_to_fit();
        *nodes = out;
    }

    /// A copy of `nodes` with the includes among them spliced in, at every depth.
    fn copy(&mut self, nodes: &[Node]) -> Vec<Node> {
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            if is_include(n) {
                self.splice(&mut out);
            } else {
                let children = self.copy(&n.children);
                out.push(shallow(n, children));
            }
        }
        out.shrink_to_fit();
        out
    }
}

/// `node` with other children (not `node.clone()`, which would copy its own).
fn shallow(node: &Node, children: Vec<Node>) -> Node {
    Node {
        kind: node.kind,
        name: node.name.clone(),
        args: node.args.clone(),
        fields: node.fields.clone(),
        children,
        span: node.span,
    }
}

/// Walks `children` (blocks `depth` deep) and the files their includes splice in, in
/// the order nginx reads them, recording what is spliced where ([`Event`]).
fn walk_includes(children: &[Node], depth: usize, conf: &[String], cx: &Ctx, walk: &mut Splice) {
    for child in children {
        if is_include(child) {
            walk_include(child, depth, conf, cx, walk);
            walk.events.push(Event::End);
        } else if !child.children.is_empty() {
            walk_includes(&child.children, depth + 1, conf, cx, walk);
        }
    }
}

/// One `include` (blocks `depth` deep): the files it splices in, or why not.
fn walk_include(child: &Node, depth: usize, conf: &[String], cx: &Ctx, walk: &mut Splice) {
    // Once a budget ran out, no include is followed, and that was said once.
    if walk.spent() {
        return;
    }
    let arg = &child.args[0];
    let not_followed = |message: String| ParseDiagnostic::unresolved(arg.span, message);
    match cx.resolve_any(&arg.value, conf) {
        Resolution::Files(found) => {
            for f in found {
                let f = cx.canonical(&f);
                let Some(&index) = cx.by_path.get(f) else {
                    walk.unloaded.entry(f.to_string()).or_insert(arg.span);
                    continue;
                };
                let doc = cx.docs[index];
                let (nodes, levels) = cx.sizes[index];
                let key = (child.span, Some(doc.file));
                if let Some(at) = walk.stack.iter().position(|s| *s == doc.file) {
                    if walk.refuse(key) {
                        let cycle: Vec<&str> = walk.stack[at..]
                            .iter()
                            .chain(std::iter::once(&doc.file))
                            .map(|id| cx.sources.get(*id).path.as_str())
                            .collect();
                        walk.diagnostics.push(ParseDiagnostic::error(
                            child.span,
                            format!("include cycle: {}; not followed", cycle.join(" → ")),
                        ));
                    }
                    continue;
                }
                if walk.stack.len() >= MAX_INCLUDE_DEPTH {
                    walk.report(key, || {
                        ParseDiagnostic::error(
                            child.span,
                            format!(
                                "includes nested more than {MAX_INCLUDE_DEPTH} deep; not followed"
                            ),
                        )
                    });
                    continue;
                }
                // The parser keeps each file within `MAX_DEPTH` blocks; the blocks of a
                // file and of the files it includes together are kept there too, so
                // that no later stage recurses deeper.
                if depth + levels > MAX_DEPTH + 1 {
                    walk.report(key, || {
                        ParseDiagnostic::error(
                            child.span,
                            format!(
                                "blocks nested more than {MAX_DEPTH} deep with the included \
                                 files; not followed"
                            ),
                        )
                    });
                    continue;
                }
                if !walk.charge(1 + nodes, child.span) {
                    break;
                }
                walk.stack.push(doc.file);
                if walk.reached_set.insert(doc.file) {
                    walk.reached.push(doc.file);
                }
                walk.events.push(Event::Enter(index));
                walk_includes(&doc.root.children, depth, conf, cx, walk);
                walk.stack.pop();
            }
        }
        Resolution::Missing(path) => walk.report((arg.span, None), || {
            not_followed(format!(
                "`{path}` is not in the repository; its directives are not checked"
            ))
        }),
        Resolution::TooMany(pattern, n) => walk.report((arg.span, None), || {
            not_followed(format!(
                "`{pattern}` matches {n} files, more than {MAX_GLOB_MATCHES}; not followed"
            ))
        }),
        Resolution::OverBudget(pattern) => walk.report((arg.span, None), || {
            not_followed(format!(
                "`{pattern}` is not followed: the globs of these configurations tested more \
                 than {MAX_GLOB_TESTS} file names"
            ))
        }),
        Resolution::Outside(path) => walk.report((arg.span, None), || {
            not_followed(format!("`{path}` is outside the linted root; not followed"))
        }),
    }
}

/// How many nodes `nodes` hold, at every depth.
fn count_nodes(nodes: &[Node]) -> usize {
    nodes.iter().map(|n| 1 + count_nodes(&n.children)).sum()
}

/// How many levels of nodes `nodes` nest: 0 for none, 1 for directives without
/// blocks, a level more for each block around them.
fn tree_depth(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| 1 + tree_depth(&n.children))
        .max()
        .unwrap_or(0)
}

/// Is the host a loopback address or name (`127.0.0.0/8`, `::1`, `localhost`)?
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Is a `*_pass` host (`host:port`, `[v6]:port`, `unix:PATH`, as in `hosts`) on this
/// machine: a unix socket, or a loopback address or name with or without a port?
pub fn is_local(host_port: &str) -> bool {
    let host = host_port
        .rsplit_once(':')
        .filter(|_| !host_port.starts_with('[') || host_port.contains("]:"))
        .map_or(host_port, |(h, _)| h);
    host_port.starts_with("unix:") || is_loopback(host) || is_loopback(host_port)
}

/// The scheme and the host:port (or `unix:` path) of a `*_pass` target; bare
/// addresses are the module's default scheme (`grpc_pass host:port` is `grpc://`).
pub fn parse_pass(directive: &str, target: &str) -> Option<(String, String)> {
    if target.contains('$') {
        return None; // decided at run time
    }
    let (scheme, rest) = match target.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => {
            let scheme = match directive {
                "grpc_pass" => "grpc",
                "uwsgi_pass" => "uwsgi",
                "fastcgi_pass" => "fastcgi",
                "scgi_pass" => "scgi",
                "memcached_pass" => "memcached",
                _ => return None,
            };
            (scheme.to_string(), target)
        }
    };
    if let Some(path) = rest.strip_prefix("unix:") {
        return Some((
            scheme,
            format!("unix:{}", path.split(':').next().unwrap_or(path)),
        ));
    }
    let host_port = rest.split('/').next().unwrap_or(rest);
    Some((scheme, host_port.to_string()))
}

fn host_of(host_port: &str) -> &str {
    if host_port.starts_with('[') {
        return host_port
            .split_once(']')
            .map_or(host_port, |(h, _)| h.trim_start_matches('['));
    }
    host_port.rsplit_once(':').map_or(host_port, |(h, _)| h)
}

/// Sets `scheme` and `hosts` on `proxy_pass` and its kin: the hosts a request can go
/// to, through an `upstream` block of that name when there is one (each host spanned
/// where it is written); and `remote-hosts`, those not on this machine ([`is_local`]),
/// spanned at the first, when there are any. An upstream is looked up among the
/// configuration's `own`, then among those of the documents of its conf prefix.
fn annotate_passes(node: &mut Node, own: &Upstreams, of_conf: &Upstreams) {
    const PASSES: &[&str] = &[
        "proxy_pass",
        "grpc_pass",
        "uwsgi_pass",
        "fastcgi_pass",
        "scgi_pass",
        "memcached_pass",
    ];
    for c in &mut node.children {
        if c.kind == "directive"
            && PASSES.contains(&c.name.value.as_str())
            && let Some(target) = c.args.first()
            && let Some((scheme, host_port)) = parse_pass(&c.name.value, &target.value)
        {
            let span = target.span;
            let name = host_of(&host_port);
            let hosts = match own
                .get(name)
                .or_else(|| of_conf.get(name))
                .filter(|_| !host_port.starts_with("unix:"))
            {
                Some(servers) => servers.clone(),
                None => vec![Spanned::new(host_port.clone(), span)],
            };
            let remote: Vec<Spanned<String>> = hosts
                .iter()
                .filter(|h| !is_local(&h.value))
                .cloned()
                .collect();
            if let Some(first) = remote.first() {
                let at = first.span;
                c.set("remote-hosts", Value::List(remote), at);
            }
            c.set("scheme", Value::Str(scheme), span);
            c.set("hosts", Value::List(hosts), span);
        }
        annotate_passes(c, own, of_conf);
    }
}

/// `upstream NAME { server ADDRESS …; }` blocks anywhere in the configuration.
fn collect_upstreams(node: &Node, out: &mut Upstreams) {
    for c in &node.children {
        if c.name.value == "upstream"
            && let Some(name) = c.args.first()
        {
            let servers = c
                .children
                .iter()
                .filter(|s| s.name.value == "server")
                .filter_map(|s| s.args.first().cloned())
                .collect();
            out.insert(name.value.clone(), servers);
        }
        collect_upstreams(c, out);
    }
}

/// A parsed `listen`: where and how a server accepts connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listen {
    pub address: String,
    pub port: Option<u16>,
    pub ssl: bool,
    pub quic: bool,
    pub default_server: bool,
    pub unix: bool,
}

/// Reads `listen`'s arguments. When only an address is given the port is 80, also
/// with `ssl` (nginx parses the address with a default port of 80,
/// ngx_http_core_module.c `ngx_http_core_listen`).
pub fn parse_listen(args: &[Spanned<String>]) -> Option<Listen> {
    let first = args.first()?.value.as_str();
    let flags: Vec<&str> = args[1..].iter().map(|a| a.value.as_str()).collect();
    let mut l = Listen {
        address: "*".into(),
        port: Some(80),
        ssl: flags.contains(&"ssl"),
        quic: flags.contains(&"quic"),
        default_server: flags.contains(&"default_server") || flags.contains(&"default"),
        unix: false,
    };
    if let Some(path) = first.strip_prefix("unix:") {
        l.address = path.to_string();
        l.port = None;
        l.unix = true;
        return Some(l);
    }
    if let Some(rest) = first.strip_prefix('[') {
        // [v6] or [v6]:port
        let (addr, after) = rest.split_once(']')?;
        l.address = format!("[{addr}]");
        if let Some(port) = after.strip_prefix(':') {
            l.port = port.parse().ok();
        }
        return Some(l);
    }
    if let Ok(port) = first.parse::<u16>() {
        l.port = Some(port);
        return Some(l);
    }
    match first.rsplit_once(':') {
        Some((addr, port)) => {
            l.address = addr.to_string();
            l.port = port.parse().ok();
        }
        None => l.address = first.to_string(),
    }
    Some(l)
}

fn flag(node: &mut Node, name: &str, value: bool, span: Span) {
    node.set(name, Value::Bool(value), span);
}

/// The socket a TCP `listen` opens, with nginx's wildcard spellings made one
/// (`listen 443`, `*:443` and `0.0.0.0:443` are the same socket).
fn socket(l: &Listen) -> Option<(String, u16)> {
    if l.unix {
        return None;
    }
    let address = match l.address.as_str() {
        "*" | "0.0.0.0" => "*".to_string(),
        a => a.to_ascii_lowercase(),
    };
    Some((address, l.port?))
}

fn ssl_on(n: &Node) -> bool {
    n.children
        .iter()
        .any(|c| c.name.value == "ssl" && c.args.first().is_some_and(|a| a.value == "on"))
}

/// The sockets of `http`'s servers that some `listen` opens with `ssl` (or whose server
/// has `ssl on`). nginx keeps one set of options per address:port, so `ssl` on any
/// `listen` of a socket makes every server on it TLS (ngx_http.c
/// `ngx_http_add_addresses`: `ssl` is OR-ed over the socket's listens; a live nginx
/// 1.22.1 completes the handshake for a server with only `listen 443 http2;` there).
fn ssl_sockets(http: &Node, http_ssl_on: bool) -> BTreeSet<(String, u16)> {
    let mut out = BTreeSet::new();
    for server in http.children.iter().filter(|c| is_server_block(c)) {
        let all_tls = http_ssl_on || ssl_on(server);
        for c in server.children.iter().filter(|c| c.name.value == "listen") {
            if let Some(l) = parse_listen(&c.args)
                && (l.ssl || all_tls)
                && let Some(s) = socket(&l)
            {
                out.insert(s);
            }
        }
    }
    out
}

fn is_server_block(n: &Node) -> bool {
    n.name.value == "server" && n.kind == "directive" && n.field("block").is_some()
}

/// Sets the fields rules read: on `listen` (`address`, `port`, `ssl`, `quic`,
/// `default-server`, `unix`) and on every `server` inside `http` (`tls`,
/// `plain-http` — plain HTTP on an address other than loopback or a unix socket —,
/// `server-name`, `answers-all`, and `http-serves` on a plain-HTTP server that serves
/// some request), `unreachable` on the locations of a server that answers all.
/// `ssl_sockets`: the sockets of the enclosing `http` that are TLS.
/// `ssl on` (removed in nginx 1.25.1) makes every listen of its server TLS, also when
/// set at `http` level.
fn annotate(
    node: &mut Node,
    ssl_sockets_of_http: Option<&BTreeSet<(String, u16)>>,
    http_ssl_on: bool,
) {
    let is_http = node.name.value == "http";
    let http_ssl_on = if is_http { ssl_on(node) } else { http_ssl_on };
    let own_sockets = is_http.then(|| ssl_sockets(node, http_ssl_on));
    if let Some(sockets) = ssl_sockets_of_http
        && is_server_block(node)
    {
        let all_tls = http_ssl_on || ssl_on(node);
        let mut tls = false;
        let mut plain = false;
        let mut plain_listen = None;
        let mut any_listen = false;
        for c in node
            .children
            .iter_mut()
            .filter(|c| c.name.value == "listen")
        {
            let Some(l) = parse_listen(&c.args) else {
                continue;
            };
            any_listen = true;
            let span = c.span;
            let shared_ssl = socket(&l).is_some_and(|s| sockets.contains(&s));
            let ssl = l.ssl || all_tls || shared_ssl;
            let secure = ssl || l.quic;
            tls |= secure;
            if !secure && !l.unix && !is_loopback(&l.address) {
                plain = true;
                plain_listen.get_or_insert(span);
            }
            c.set("address", Value::Str(l.address), span);
            if let Some(port) = l.port {
                c.set("port", Value::Int(port.into()), span);
            }
            flag(c, "ssl", ssl, span);
            flag(c, "quic", l.quic, span);
            flag(c, "default-server", l.default_server, span);
            flag(c, "unix", l.unix, span);
        }
        // No listen at all: nginx listens on *:80 (or *:8000 when not run as root).
        if !any_listen {
            plain = !all_tls;
            tls = all_tls;
        }
        let span = node.name.span;
        flag(node, "tls", tls, span);
        flag(node, "plain-http", plain, span);
        // Whatever the scheme: only a server that is plain HTTP alone has every
        // request plain, for `if ($scheme != "https")`.
        let answers_all = matches!(rewrite_phase(&node.children, plain && !tls), Phase::Answers);
        flag(node, "answers-all", answers_all, span);
        if answers_all {
            mark_unreachable(&mut node.children, span);
        }
        if plain {
            let serves = plain_http_serves(node);
            if !serves.is_empty() {
                let at = plain_listen.unwrap_or(span);
                node.set("http-serves", Value::Str(serves.join(", ")), at);
            }
        }
        if let Some(name) = node
            .children
            .iter()
            .find(|c| c.name.value == "server_name")
            .and_then(|c| c.args.first())
        {
            let name = Value::Str(name.value.clone());
            node.set("server-name", name, span);
        }
    }
    // Only blocks directly in `http` are virtual servers (an `upstream`'s `server`
    // lines are not).
    for c in &mut node.children {
        annotate(c, own_sockets.as_ref(), http_ssl_on);
    }
}

/// Which servers' TLS settings a handshake uses. In `http`, `tls-handshake` on each TLS
/// server: with `sni_protocols` (nginx 1.29.2 and later: CHANGES, "now the
/// `ssl_protocols` directive works in a virtual server different from the default
/// server when using OpenSSL 1.1.1 or newer") every TLS server; before, only the
/// default server of one of its TLS sockets (the one whose `listen` says
/// `default_server`, else the first server listening there), whose `ssl_protocols`
/// the handshake negotiates before the name is known (a live nginx 1.22.1 accepts
/// TLSv1.2 for a named server with `ssl_protocols TLSv1.3` behind a default server
/// that allows it). In `stream` and `mail`, `tls` on each server that listens with
/// `ssl` (or, in `mail`, offers `starttls`), with `tls-handshake` too.
fn annotate_handshakes(node: &mut Node, sni_protocols: bool) {
    for block in node.children.iter_mut() {
        match block.name.value.as_str() {
            "http" => http_handshakes(block, sni_protocols),
            "stream" | "mail" => {
                let mail = block.name.value == "mail";
                let block_ssl = ssl_on(block);
                let block_suites = conf_ciphersuites(block);
                let starttls_above = mail && starttls(block);
                for server in block.children.iter_mut().filter(|c| is_server_block(c)) {
                    let listens_ssl = server
                        .children
                        .iter()
                        .filter(|c| c.name.value == "listen")
                        .any(|c| parse_listen(&c.args).is_some_and(|l| l.ssl));
                    let tls = listens_ssl
                        || block_ssl
                        || ssl_on(server)
                        || (mail && (starttls_above || starttls(server)));
                    let span = server.name.span;
                    flag(server, "tls", tls, span);
                    flag(server, "tls-handshake", tls, span);
                    if tls {
                        set_tls13_suites(server, block_suites.as_ref(), false);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `starttls on` or `only` in a mail block.
fn starttls(n: &Node) -> bool {
    n.children
        .iter()
        .any(|c| c.name.value == "starttls" && c.args.first().is_some_and(|a| a.value != "off"))
}

fn http_handshakes(http: &mut Node, sni_protocols: bool) {
    let http_suites = conf_ciphersuites(http);
    let http_unseen = http.kind == "context";
    // The default server of each socket: `default_server`, else the first there.
    let mut defaults: BTreeMap<(String, u16), (bool, usize)> = BTreeMap::new();
    for (i, server) in http.children.iter().enumerate() {
        if !is_server_block(server) {
            continue;
        }
        for c in server.children.iter().filter(|c| c.name.value == "listen") {
            if let Some(l) = parse_listen(&c.args)
                && let Some(s) = socket(&l)
            {
                match defaults.get(&s) {
                    Some((true, _)) => {}
                    Some((false, _)) if !l.default_server => {}
                    _ => {
                        defaults.insert(s, (l.default_server, i));
                    }
                }
            }
        }
    }
    // Before 1.29.2: the named servers' own lists, which the default server overrides,
    // as labels of the default server's findings.
    let mut ignored: BTreeMap<usize, Vec<Spanned<String>>> = BTreeMap::new();
    if !sni_protocols {
        for (i, server) in http.children.iter().enumerate() {
            let Some(own) = server
                .children
                .iter()
                .find(|c| c.name.value == "ssl_protocols")
                .filter(|_| is_server_block(server))
            else {
                continue;
            };
            for c in server.children.iter().filter(|c| c.name.value == "listen") {
                if let Some(l) = parse_listen(&c.args)
                    && let Some(s) = socket(&l)
                    && let Some((_, d)) = defaults.get(&s)
                    && *d != i
                {
                    let text = format!(
                        "no effect before nginx 1.29.2: the default server of `{}:{}` decides \
                         the protocols",
                        s.0, s.1
                    );
                    let list = ignored.entry(*d).or_default();
                    if !list.iter().any(|x| x.span == own.span) {
                        list.push(Spanned::new(text, own.span));
                    }
                }
            }
        }
    }
    for (i, server) in http.children.iter_mut().enumerate() {
        if !is_server_block(server)
            || server
                .field("tls")
                .is_none_or(|v| v.value != Value::Bool(true))
        {
            continue;
        }
        if let Some(items) = ignored.remove(&i) {
            let span = server.name.span;
            server.set("ignored-protocols", Value::List(items), span);
        }
        let socket_default = server
            .children
            .iter()
            .filter(|c| {
                c.name.value == "listen"
                    && c.field("ssl").is_some_and(|v| v.value == Value::Bool(true))
            })
            .filter_map(|c| parse_listen(&c.args))
            .filter_map(|l| socket(&l))
            .any(|s| defaults.get(&s).is_some_and(|(_, d)| *d == i))
            || !server.children.iter().any(|c| c.name.value == "listen");
        let span = server.name.span;
        flag(
            server,
            "tls-handshake",
            sni_protocols || socket_default,
            span,
        );
        if socket_default {
            set_tls13_suites(server, http_suites.as_ref(), http_unseen);
        }
    }
}

/// What a level's `ssl_conf_command`s say of the TLS 1.3 suites: `None` where it has
/// none (it inherits the enclosing level's: `ngx_conf_merge_ptr_value`, all of them or
/// none), else the value of its last `Ciphersuites` command (OpenSSL applies them in
/// order; the command's name is matched without case, as `SSL_CONF_cmd` does in file
/// mode: a live nginx 1.22.1 takes `ciphersuites` too), or none.
fn conf_ciphersuites(level: &Node) -> Option<Option<(String, Span)>> {
    super::ciphers::conf_command(level, "Ciphersuites")
}

/// `tls13-ciphersuites` on a server whose TLS 1.3 suites a handshake uses: the
/// `Ciphersuites` of the `ssl_conf_command`s in effect there, spanned at that value,
/// else OpenSSL's default list spanned at the server. Those of a server that is not the
/// default server of its socket have no effect: the handshake takes the default
/// server's (a live nginx 1.22.1 with OpenSSL 3.0 negotiates TLS_AES_128_GCM_SHA256 for
/// a named server whose own list is `TLS_AES_256_GCM_SHA384`, and refuses it for every
/// name when the default server's list is that), unlike its `ssl_ciphers`, which apply
/// once the name is known. Not set where the enclosing level is one art32 cannot see
/// (a fragment's implied `http`) and the server sets none itself.
fn set_tls13_suites(server: &mut Node, above: Option<&Option<(String, Span)>>, above_unseen: bool) {
    let (text, span) = match conf_ciphersuites(server) {
        Some(own) => own,
        None if above_unseen => return,
        None => above.cloned().flatten(),
    }
    .unwrap_or_else(|| {
        (
            crate::tls::openssl::DEFAULT_TLS13.to_string(),
            server.name.span,
        )
    });
    server.set("tls13-ciphersuites", Value::Str(text), span);
}

/// Sets `more-headers` on every block where headers-more's `more_set_headers` adds
/// output headers to every response: the headers (`Name: value`) of its own
/// directives after those of the enclosing levels, which headers-more always merges
/// (headers-more-nginx-module `ngx_http_headers_more_merge_loc_conf` appends a level's
/// commands to its parent's, unlike `add_header`). A directive limited by `-s` (status
/// codes) or `-t` (content types) does not count.
fn annotate_more_headers(node: &mut Node, inherited: &[Spanned<String>]) {
    // The enclosing levels' list is lent to the levels that add none.
    let mut in_effect = std::borrow::Cow::Borrowed(inherited);
    for c in node
        .children
        .iter()
        .filter(|c| c.name.value == "more_set_headers")
    {
        if c.args.iter().any(|a| a.value == "-s" || a.value == "-t") {
            continue;
        }
        in_effect.to_mut().extend(c.args.iter().cloned());
    }
    if node.field("block").is_some() && !in_effect.is_empty() {
        let span = node.name.span;
        node.set("more-headers", Value::List(in_effect.to_vec()), span);
    }
    for c in &mut node.children {
        annotate_more_headers(c, &in_effect);
    }
}

/// Marks the locations of a server whose server-level `return` or `rewrite` answers
/// every request: nginx runs those before it selects a location, so no request
/// reaches one (a live nginx 1.22.1 answers `/admin` with the server's 301).
fn mark_unreachable(children: &mut [Node], server: Span) {
    for c in children.iter_mut().filter(|c| c.name.value == "location") {
        flag(c, "unreachable", true, server);
        mark_unreachable(&mut c.children, server);
    }
}

/// What the rewrite-module directives of one level (`return`, `rewrite`, `if`,
/// `break`) do with a request, in the order nginx runs them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    /// Every request is redirected to `https://` or refused (4xx, `444`).
    Answers,
    /// Some request gets an answer that is neither: `return 200 …`, a redirect to
    /// `http://`. The text says which directive.
    Serves(String),
    /// The remaining requests go on: to location selection (server level) or to the
    /// content the location serves.
    Continues,
}

/// The start of the paths (acme-challenge) that a plain-HTTP server may serve for
/// certificate renewal (RFC 8555 8.3).
const ACME_PATH: &str = "/.well-known/acme-challenge";

/// Is a `return`'s answer a redirect to `https://` or a refusal (4xx, `444`)?
/// (ngx_http_rewrite_module: `return URL` is a 302; codes 301, 302, 303, 307, 308
/// take a URL.)
fn return_answers(args: &[Spanned<String>]) -> bool {
    let a: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
    match a.as_slice() {
        [url] if url.starts_with("https://") => true,
        [code, ..] if code.len() == 3 && code.starts_with('4') => true,
        [code, url, ..] => {
            matches!(*code, "301" | "302" | "303" | "307" | "308") && url.starts_with("https://")
        }
        _ => false,
    }
}

/// Does a `rewrite` regex match every URI? Every request URI starts with `/`, so the
/// usual spellings (`^`, `^/`, `^(.*)$`, `^/(.*)$`, `.*`, …) do.
fn matches_every_uri(re: &str) -> bool {
    let re = re.strip_prefix("(?i)").unwrap_or(re);
    let re = re.strip_prefix('^').unwrap_or(re);
    let re = re.strip_suffix('$').unwrap_or(re);
    matches!(
        re,
        "" | "/" | ".*" | "(.*)" | "/.*" | "/(.*)" | "(/.*)" | ".+" | "(.+)" | "."
    )
}

/// Is an `if` condition true for every plain-HTTP request (certbot's `$scheme !=
/// "https"`)? crossplane gives the condition as arguments without the parentheses.
fn always_plain(cond: &[Spanned<String>]) -> bool {
    let c: Vec<&str> = cond.iter().map(|a| a.value.as_str()).collect();
    matches!(
        c.as_slice(),
        ["$scheme", "!=", "https"]
            | ["$scheme", "=", "http"]
            | ["$https", "!=", "on"]
            | ["$https", "=", ""]
    )
}

/// Runs the rewrite-module directives of one level for a request (`plain`: a
/// plain-HTTP one, for which `if ($scheme != "https")` always holds).
fn rewrite_phase(children: &[Node], plain: bool) -> Phase {
    for c in children {
        match c.name.value.as_str() {
            "return" => {
                return if return_answers(&c.args) {
                    Phase::Answers
                } else {
                    Phase::Serves(format!("`return {}`", args_text(&c.args)))
                };
            }
            "rewrite" => {
                let (Some(re), Some(to)) = (c.args.first(), c.args.get(1)) else {
                    continue;
                };
                if to.value.starts_with("http://") {
                    return Phase::Serves(format!("`rewrite {}`", args_text(&c.args)));
                }
                if to.value.starts_with("https://") && matches_every_uri(&re.value) {
                    return Phase::Answers;
                }
                // A partial redirect, or an internal rewrite: the other requests go on.
            }
            "if" => match rewrite_phase(&c.children, plain) {
                Phase::Answers if plain && always_plain(&c.args) => return Phase::Answers,
                // Only the requests the condition picks are answered: the others go on.
                Phase::Answers | Phase::Continues => {}
                Phase::Serves(what) => return Phase::Serves(what),
            },
            "break" => return Phase::Continues,
            _ => {}
        }
    }
    Phase::Continues
}

fn args_text(args: &[Spanned<String>]) -> String {
    args.iter()
        .map(|a| a.value.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a plain-HTTP request to this server may get other than a redirect to
/// `https://` or a refusal, as nginx handles it (checked against a live nginx 1.22.1):
/// the server-level rewrite directives run first; then the location the URI selects —
/// a nested location before its parent, any regex location before a prefix one — runs
/// its own; a URI that no location matches is served from the server's `root`. The
/// acme-challenge location, named (`@…`) and `internal` locations are not asked.
fn plain_http_serves(server: &Node) -> Vec<String> {
    match rewrite_phase(&server.children, true) {
        Phase::Answers => return Vec::new(),
        Phase::Serves(what) => return vec![what],
        Phase::Continues => {}
    }
    let mut out = Vec::new();
    let mut covered = false;
    for loc in server
        .children
        .iter()
        .filter(|c| c.name.value == "location")
    {
        covered |= matches_every_path(loc);
        location_serves(loc, &mut out);
    }
    if !covered {
        out.insert(
            0,
            "URIs no `location` matches (from the server's `root`)".into(),
        );
    }
    out
}

/// Does a location match every URI that no other location takes (`location /`, a
/// regex that matches everything)?
fn matches_every_path(loc: &Node) -> bool {
    let a: Vec<&str> = loc.args.iter().map(|a| a.value.as_str()).collect();
    match a.as_slice() {
        ["/"] | ["^~", "/"] => true,
        ["~" | "~*", re] => matches_every_uri(re),
        _ => false,
    }
}

fn location_serves(loc: &Node, out: &mut Vec<String>) {
    let path = loc.args.last().map_or("", |a| a.value.as_str());
    let plain_path = path.trim_start_matches('^').replace('\\', "");
    if path.starts_with('@')
        || plain_path
            .trim_start_matches('/')
            .starts_with(&ACME_PATH[1..])
        || loc.children.iter().any(|c| c.name.value == "internal")
    {
        return;
    }
    match rewrite_phase(&loc.children, true) {
        Phase::Answers => {}
        Phase::Serves(_) | Phase::Continues => {
            out.push(format!("`location {}`", args_text(&loc.args)));
        }
    }
    // A nested location takes the URIs it matches from its parent, whose `return`
    // then does not run for them.
    for nested in loc.children.iter().filter(|c| c.name.value == "location") {
        location_serves(nested, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// `text` as `nginx/nginx.conf`, linked alone.
    fn linked(text: &str) -> Document {
        let mut sources = SourceMap::default();
        let file = sources.add(crate::source::SourceFile::new("nginx/nginx.conf", text));
        let doc = crate::formats::nginx::parse::parse(file, text);
        let mut out = link(
            &[&doc],
            &sources,
            &files(&["nginx/nginx.conf"]),
            &BTreeMap::new(),
            Some(DEFAULT_PREFIX),
            false,
        );
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        out.docs.remove(0)
    }

    fn find<'a>(node: &'a Node, name: &str, out: &mut Vec<&'a Node>) {
        for c in &node.children {
            if c.name.value == name {
                out.push(c);
            }
            find(c, name, out);
        }
    }

    /// The TLS 1.3 suites a handshake uses: on the default server of each socket (and
    /// every TLS server of `stream`), the last `Ciphersuites` of the nearest level with
    /// `ssl_conf_command`s (a level's own replace the enclosing level's, all of them),
    /// OpenSSL's default where none says; nothing on a named server, or where a
    /// fragment's `http` art32 cannot see might say.
    #[test]
    fn tls13_ciphersuites_of_the_servers_a_handshake_uses() {
        let text = "events {}\nhttp {\n\
            ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256;\n\
            server { listen 443 ssl; server_name a; }\n\
            server { listen 443 ssl; server_name b; ssl_conf_command Ciphersuites TLS_AES_128_CCM_SHA256; }\n\
            server { listen 8443 ssl; server_name c; ssl_conf_command Options -SessionTicket; }\n\
            server { listen 9443 ssl; server_name d; ssl_conf_command CipherSuites X; ssl_conf_command ciphersuites TLS_AES_256_GCM_SHA384; }\n\
            server { listen 80; server_name e; }\n}\n\
            stream {\n  ssl_conf_command Ciphersuites TLS_AES_128_CCM_SHA256;\n\
            server { listen 993 ssl; }\n  server { listen 995 ssl; }\n}\n";
        let doc = linked(text);
        let mut servers = Vec::new();
        find(&doc.root, "server", &mut servers);
        let suites: Vec<Option<String>> = servers
            .iter()
            .map(|s| s.field("tls13-ciphersuites").map(|v| v.value.text()))
            .collect();
        assert_eq!(
            suites,
            [
                Some("TLS_AES_128_GCM_SHA256".to_string()),
                None,
                Some(crate::tls::openssl::DEFAULT_TLS13.to_string()),
                Some("TLS_AES_256_GCM_SHA384".to_string()),
                None,
                Some("TLS_AES_128_CCM_SHA256".to_string()),
                Some("TLS_AES_128_CCM_SHA256".to_string()),
            ]
        );
        // A fragment: the `http` around it is not seen.
        let mut sources = SourceMap::default();
        let text = "server { listen 443 ssl; }\nserver { listen 8443 ssl; ssl_conf_command Ciphersuites TLS_AES_128_CCM_SHA256; }\n";
        let file = sources.add(crate::source::SourceFile::new("nginx/conf.d/a.conf", text));
        let doc = crate::formats::nginx::parse::parse(file, text);
        let out = link(
            &[&doc],
            &sources,
            &files(&["nginx/conf.d/a.conf"]),
            &BTreeMap::new(),
            Some(DEFAULT_PREFIX),
            false,
        );
        let mut servers = Vec::new();
        find(&out.docs[0].root, "server", &mut servers);
        let suites: Vec<Option<String>> = servers
            .iter()
            .map(|s| s.field("tls13-ciphersuites").map(|v| v.value.text()))
            .collect();
        assert_eq!(suites, [None, Some("TLS_AES_128_CCM_SHA256".to_string())]);
    }

    #[test]
    fn passes_name_the_hosts_not_on_this_machine() {
        let text = "events {}\nhttp {\n\
            upstream mixed { server 127.0.0.1:8080; server 10.0.0.2; server app.internal:9000; }\n\
            upstream here { server unix:/run/app.sock; server [::1]:8443; server localhost; }\n\
            server {\n\
            location /a { proxy_pass http://mixed; }\n\
            location /b { proxy_pass http://here/x; }\n\
            location /c { grpc_pass 10.0.3.17:50051; }\n\
            location /d { uwsgi_pass unix:/run/u.sock; }\n\
            location /e { proxy_pass http://$backend; }\n\
            }\n}\n";
        let doc = linked(text);
        let mut passes = Vec::new();
        for name in ["proxy_pass", "grpc_pass", "uwsgi_pass"] {
            find(&doc.root, name, &mut passes);
        }
        let at = |s: Span| &text[s.start..s.end];
        let seen: Vec<(Option<String>, Vec<&str>, Option<&str>)> = passes
            .iter()
            .map(|p| {
                let remote = match p.field("remote-hosts").map(|f| &f.value) {
                    Some(Value::List(items)) => items.iter().map(|i| at(i.span)).collect(),
                    _ => Vec::new(),
                };
                (
                    p.field("scheme").map(|f| f.value.text()),
                    remote,
                    p.field("remote-hosts").map(|f| at(f.span)),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (
                    Some("http".into()),
                    vec!["10.0.0.2", "app.internal:9000"],
                    Some("10.0.0.2")
                ),
                (Some("http".into()), vec![], None),
                // A variable: decided at run time, no fields.
                (None, vec![], None),
                (
                    Some("grpc".into()),
                    vec!["10.0.3.17:50051"],
                    Some("10.0.3.17:50051")
                ),
                (Some("uwsgi".into()), vec![], None),
            ]
        );
        assert!(is_local("127.0.0.1:8080") && is_local("[::1]:80") && is_local("::1"));
        assert!(is_local("unix:/run/a.sock") && is_local("LocalHost:81"));
        assert!(!is_local("10.0.0.1:80") && !is_local("[fe80::1]:80") && !is_local(""));
    }

    /// A repository of two configurations: `a` includes `ssl.conf` twice and `site.conf`
    /// once (which includes `ssl.conf` too), `b` includes `ssl.conf` of `a` through a
    /// relative path of its own prefix, plus a cycle and a file nobody reaches.
    fn repository() -> (SourceMap, Vec<Document>, BTreeSet<String>) {
        let texts = [
            (
                "a/nginx/nginx.conf",
                "events {}\nhttp {\n upstream up { server 10.0.0.1; }\n                  server { include snippets/ssl.conf; location / { include snippets/ssl.conf; proxy_pass http://up; } }\n                  include sites/*.conf;\n}\n",
            ),
            (
                "a/nginx/snippets/ssl.conf",
                "ssl_protocols TLSv1.2; more_set_headers \"X: y\";\n",
            ),
            (
                "a/nginx/sites/site.conf",
                "server { listen 80; include snippets/ssl.conf; access_log /l; include cycle.conf; }\n",
            ),
            ("a/nginx/cycle.conf", "include cycle.conf;\n"),
            ("a/nginx/unused/x.conf", "server { listen 81; }\n"),
            (
                "b/nginx/nginx.conf",
                "events {}\nhttp { server { include ../../a/nginx/snippets/ssl.conf; } }\n",
            ),
        ];
        let mut sources = SourceMap::default();
        let mut docs = Vec::new();
        for (path, text) in texts {
            let file = sources.add(crate::source::SourceFile::new(path, text));
            docs.push(crate::formats::nginx::parse::parse(file, text));
        }
        let names = files(&texts.map(|(p, _)| p));
        (sources, docs, names)
    }

    /// Linking that takes the parsed documents (moving the nodes of a file one
    /// configuration alone uses) gives what linking copies of them gives.
    #[test]
    fn linking_by_moving_gives_what_linking_by_copying_gives() {
        let (sources, docs, names) = repository();
        let refs: Vec<&Document> = docs.iter().collect();
        let aliases = BTreeMap::new();
        let copied = link(
            &refs,
            &sources,
            &names,
            &aliases,
            Some(DEFAULT_PREFIX),
            false,
        );
        let mut parsed = docs.clone();
        let moved = link_owned(
            &mut parsed,
            &sources,
            &names,
            &aliases,
            Some(DEFAULT_PREFIX),
            false,
            &|_| false,
        );
        // Nothing is left to read: the documents were taken.
        assert!(moved.unloaded.is_empty() && parsed.is_empty());
        assert_eq!(moved.docs, copied.docs);
        assert_eq!(moved.diagnostics, copied.diagnostics);
        assert_eq!(moved.reached, copied.reached);
        assert_eq!(moved.unreached, copied.unreached);
        assert_eq!(copied.docs.len(), 2);
        // `ssl.conf` is in `a` three times and in `b` once, each a copy of its own.
        let mut ssl = Vec::new();
        for doc in &moved.docs {
            find(&doc.root, "ssl_protocols", &mut ssl);
        }
        assert_eq!(ssl.len(), 4);
        // The upstream of `a` is found from its location.
        let mut passes = Vec::new();
        find(&moved.docs[0].root, "proxy_pass", &mut passes);
        assert_eq!(
            passes[0].field("hosts").map(|f| f.value.text()),
            Some("10.0.0.1".into())
        );
    }

    /// When an include names a file that was not given, the parsed documents stay, to
    /// be linked again with it.
    #[test]
    fn documents_stay_when_an_include_names_a_file_not_read_yet() {
        let (sources, mut docs, names) = repository();
        let site = docs.remove(2);
        let before = docs.clone();
        let aliases = BTreeMap::new();
        let linked = link_owned(
            &mut docs,
            &sources,
            &names,
            &aliases,
            Some(DEFAULT_PREFIX),
            false,
            &|_| false,
        );
        assert_eq!(
            linked.unloaded.keys().collect::<Vec<_>>(),
            ["a/nginx/sites/site.conf"]
        );
        assert_eq!(docs, before);
        assert!(!linked.docs.is_empty(), "not read next: linked as it is");
        // The caller reads it next: nothing is built, the file is only named.
        let named = link_owned(
            &mut docs,
            &sources,
            &names,
            &aliases,
            Some(DEFAULT_PREFIX),
            false,
            &|name| name == "a/nginx/sites/site.conf",
        );
        assert_eq!(
            named.unloaded.keys().collect::<Vec<_>>(),
            ["a/nginx/sites/site.conf"]
        );
        assert!(named.docs.is_empty() && named.diagnostics.is_empty());
        assert_eq!(docs, before);
        docs.push(site);
        let linked = link_owned(
            &mut docs,
            &sources,
            &names,
            &aliases,
            Some(DEFAULT_PREFIX),
            false,
            &|_| false,
        );
        assert!(linked.unloaded.is_empty() && docs.is_empty());
    }

    #[test]
    fn access_logs_get_their_fields_when_linked() {
        let doc = linked("http { log_format f '$remote_addr'; server { access_log /a.log f; } }");
        let mut logs = Vec::new();
        find(&doc.root, "access_log", &mut logs);
        assert_eq!(
            logs[0].field("logs").map(|f| f.value.text()),
            Some("$remote_addr".into())
        );
    }

    #[test]
    fn includes_resolve_against_the_conf_prefix_and_mirror_etc() {
        let f = files(&[
            "hosts/web1/etc/nginx/nginx.conf",
            "hosts/web1/etc/nginx/sites-enabled/b.conf",
            "hosts/web1/etc/nginx/sites-enabled/a.conf",
            "hosts/web1/etc/nginx/snippets/ssl.conf",
            "hosts/web1/etc/letsencrypt/options-ssl-nginx.conf",
            "nginx/nginx.conf",
            "nginx/conf.d/x.conf",
            "nginx/conf.d/.hidden.conf",
        ]);
        let conf = "hosts/web1/etc/nginx";
        assert_eq!(
            conf_dir("hosts/web1/etc/nginx/sites-enabled/a.conf", &f),
            conf
        );
        assert_eq!(
            resolve("/etc/nginx/sites-enabled/*", conf, Some(DEFAULT_PREFIX), &f),
            Resolution::Files(vec![
                "hosts/web1/etc/nginx/sites-enabled/a.conf".into(),
                "hosts/web1/etc/nginx/sites-enabled/b.conf".into()
            ])
        );
        assert_eq!(
            resolve("snippets/ssl.conf", conf, Some(DEFAULT_PREFIX), &f),
            Resolution::Files(vec!["hosts/web1/etc/nginx/snippets/ssl.conf".into()])
        );
        assert_eq!(
            resolve(
                "/etc/letsencrypt/options-ssl-nginx.conf",
                conf,
                Some(DEFAULT_PREFIX),
                &f
            ),
            Resolution::Files(vec![
                "hosts/web1/etc/letsencrypt/options-ssl-nginx.conf".into()
            ])
        );
        assert_eq!(
            resolve("/etc/nginx/mime.types", conf, Some(DEFAULT_PREFIX), &f),
            Resolution::Missing("/etc/nginx/mime.types".into())
        );
        assert_eq!(
            resolve("conf.d/none-*.conf", "nginx", Some(DEFAULT_PREFIX), &f),
            Resolution::Files(vec![])
        );
        // A repository that keeps /etc/nginx as nginx/.
        assert_eq!(
            resolve(
                "/etc/nginx/conf.d/*.conf",
                "nginx",
                Some(DEFAULT_PREFIX),
                &f
            ),
            Resolution::Files(vec!["nginx/conf.d/x.conf".into()])
        );
        assert_eq!(
            resolve("../../../../../etc/passwd", conf, Some(DEFAULT_PREFIX), &f),
            Resolution::Outside("../../../../../etc/passwd".into())
        );
        assert_eq!(
            resolve(
                "/usr/share/nginx/modules/*.conf",
                "nginx",
                Some(DEFAULT_PREFIX),
                &f
            ),
            Resolution::Missing("/usr/share/nginx/modules/*.conf".into())
        );
        // Without a prefix, absolute paths are read as nginx reads them elsewhere.
        assert_eq!(
            resolve("/etc/nginx/sites-enabled/*", conf, None, &f),
            Resolution::Missing("/etc/nginx/sites-enabled/*".into())
        );
    }

    #[test]
    fn listen_forms() {
        let l = |s: &str| {
            let args: Vec<Spanned<String>> = s
                .split(' ')
                .map(|a| Spanned::new(a.to_string(), Span::default()))
                .collect();
            parse_listen(&args).unwrap()
        };
        assert_eq!((l("80").port, l("80").ssl), (Some(80), false));
        assert_eq!(
            (l("443 ssl http2").port, l("443 ssl").ssl),
            (Some(443), true)
        );
        assert_eq!(l("127.0.0.1").port, Some(80));
        assert_eq!(l("127.0.0.1:8080").address, "127.0.0.1");
        assert_eq!(l("[::]:443 ssl").address, "[::]");
        assert_eq!(l("[::]:443 ssl").port, Some(443));
        assert_eq!(l("[::1]").port, Some(80));
        assert!(l("unix:/run/nginx.sock").unix);
        assert!(l("443 quic reuseport").quic);
        assert!(l("80 default_server").default_server);
        assert_eq!(l("localhost:8000").port, Some(8000));
    }

    #[test]
    fn pass_targets_and_loopback() {
        assert_eq!(
            parse_pass("proxy_pass", "http://app:8080/x"),
            Some(("http".into(), "app:8080".into()))
        );
        assert_eq!(
            parse_pass("proxy_pass", "https://[::1]:8443"),
            Some(("https".into(), "[::1]:8443".into()))
        );
        assert_eq!(
            parse_pass("grpc_pass", "10.0.0.5:50051"),
            Some(("grpc".into(), "10.0.0.5:50051".into()))
        );
        assert_eq!(
            parse_pass("uwsgi_pass", "unix:/run/app.sock"),
            Some(("uwsgi".into(), "unix:/run/app.sock".into()))
        );
        assert_eq!(
            parse_pass("proxy_pass", "http://unix:/run/app.sock:/api"),
            Some(("http".into(), "unix:/run/app.sock".into()))
        );
        assert_eq!(parse_pass("proxy_pass", "http://$backend"), None);
        assert!(is_loopback("127.0.0.1") && is_loopback("[::1]") && is_loopback("LOCALHOST"));
        assert!(!is_loopback("10.0.0.1") && !is_loopback("app"));
        assert_eq!(host_of("app:8080"), "app");
        assert_eq!(host_of("[::1]:80"), "::1");
    }
}
