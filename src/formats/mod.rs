//! The formats art32 reads, one folder each (`fstab/`, `crypttab/`, `nginx/`,
//! `postfix/`, `inventory/`): its parser (a pure function from text to a [`Document`]),
//! its linker where files of the format are read together, and its entry in
//! [`FORMATS`], the table that tells the pipeline everything it needs to know about a
//! format: its kinds with their names, default globs, fields, key field, example path,
//! parser and comment syntax; its family; its defaults table; which files it needs
//! for context; how to link; how values are inherited. `lint.rs`, `discover.rs`,
//! `suppress.rs`, `config.rs` and the rule engine loop over the table and name no
//! format.
//!
//! Adding a format: a folder here with its parser (and linker, content sniffing, derived
//! fields), one [`Format`] in it, one line in [`FORMATS`], its kinds in [`FileKind`] and
//! its family in [`Family`] (`model.rs`), its rules under `rules/<family>/` with
//! fixtures under `fixtures/` (docs/design.md, "Formats", has the whole list).

pub mod crypttab;
pub mod fstab;
pub mod inventory;
pub mod nginx;
pub mod postfix;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::LazyLock;

use crate::defaults::{Defaults, Version};
use crate::model::{Document, Family, FileKind, Node, ParseDiagnostic};
use crate::source::{FileId, SourceMap, Span};

/// Every format, in the order of [`FileKind::ALL`] (the order globs classify in).
pub static FORMATS: &[&Format] = &[
    &fstab::FORMAT,
    &crypttab::FORMAT,
    &nginx::FORMAT,
    &postfix::FORMAT,
    &inventory::FORMAT,
];

/// Every kind's entry and format, by `FileKind` discriminant (the table lists the kinds
/// in the order of `FileKind::ALL`, tested): the pipeline and the rule engine ask for
/// them per file and per node, so they are looked up, not searched.
static BY_KIND: LazyLock<Vec<(&'static Kind, &'static Format)>> = LazyLock::new(|| {
    FORMATS
        .iter()
        .flat_map(|f| f.kinds.iter().map(move |k| (k, *f)))
        .collect()
});

/// What the pipeline knows about a format.
pub struct Format {
    pub family: Family,
    /// The family's name, as rules (`select.kind`), rule ids and `[versions]` write it.
    pub name: &'static str,
    /// Its kinds; the first stands for the family (it owns the defaults table, rule
    /// examples are written as it, documents linked from several kinds take it).
    pub kinds: &'static [Kind],
    /// The embedded defaults table (`defaults/<family>.toml`), if the format has one:
    /// the value of a directive no level sets, by version.
    pub defaults: Option<&'static str>,
    /// Linking: the parsed documents of the family → the documents rules see. `None`:
    /// each file is checked on its own, and only a linted one.
    pub link: Option<LinkFn>,
    /// The files of the family a run that lints only some of them reads too (as
    /// context, not linted), because linking needs them: an nginx site in its
    /// `nginx.conf`, a `master.cf` with its `main.cf`, a `group_vars` file with its
    /// inventory.
    pub context: Context,
    /// Files of the format name other files (nginx `include`): a named file no kind
    /// claims may be one of them, so the family is read as context for it.
    pub includes: bool,
    pub inheritance: Inheritance,
    /// Sets the fields the format derives on a node its linker never saw: the default
    /// that `rules::inherit` stands in for a directive no level sets (a Postfix
    /// `smtpd_tls_protocols` default gets its `protocols`, as a linked one does).
    pub derive: Option<fn(&mut Node)>,
}

/// Which files of its family a linted file needs read with it ([`Format::context`]).
pub enum Context {
    /// None: each file is judged on its own.
    Alone,
    /// The family's files in the linted file's own directory (Postfix: a `main.cf` and
    /// the `master.cf` beside it are one configuration).
    Directory,
    /// The files the format's rule picks.
    Pick(PickFn),
}

/// Picks, from the family's files, those the linted ones need: indices into
/// [`Family::files`](ContextQuery::files). The files picked may be more than needed,
/// never fewer: linting a file alone must give what linting the whole repository gives
/// for it.
pub type PickFn = fn(&ContextQuery) -> BTreeSet<usize>;

/// What a [`PickFn`] knows: the walk's names, not the files' text.
pub struct ContextQuery<'a> {
    /// Every file of the family a kind claims, by the path holding its text, sorted.
    pub files: &'a [(&'a str, FileKind)],
    /// Which of them are linted (indices into `files`).
    pub linted: &'a BTreeSet<usize>,
    /// Every name the walk saw → the path that holds its text (a name that is not a
    /// link maps to itself).
    pub names: &'a BTreeMap<String, String>,
    /// Every name the walk saw, as [`LinkContext::names`].
    pub paths: &'a BTreeSet<String>,
    /// As [`LinkContext::prefix`].
    pub prefix: Option<&'a str>,
}

impl Context {
    /// The files of the family that the linted ones need, besides themselves.
    pub fn pick(&self, query: &ContextQuery) -> BTreeSet<usize> {
        match self {
            Context::Alone => BTreeSet::new(),
            Context::Directory => {
                let dirs: BTreeSet<&str> = query
                    .linted
                    .iter()
                    .map(|i| parent(query.files[*i].0))
                    .collect();
                (0..query.files.len())
                    .filter(|i| dirs.contains(parent(query.files[*i].0)))
                    .collect()
            }
            Context::Pick(pick) => pick(query),
        }
    }
}

/// The directory of a path relative to the root (`""` for the root).
pub fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// One kind of file of a format.
pub struct Kind {
    pub kind: FileKind,
    /// Its name in `[kinds]` and messages.
    pub name: &'static str,
    /// The globs that claim a file for the kind when `art32.toml` says nothing.
    pub globs: &'static [&'static str],
    /// The fields its nodes carry (parser and linker), for checking rule placeholders.
    pub fields: &'static [&'static str],
    /// The field that tells a node from its siblings, for fingerprints (else the
    /// node's first argument).
    pub key_field: Option<&'static str>,
    /// Where a rule's `[example]` of this kind is written (tests, `explain`).
    pub example_path: &'static str,
    pub parse: fn(FileId, &str) -> Document,
    /// What starts a comment, for `art32-ignore`.
    pub comments: Comments,
    /// Why text that is not UTF-8 is refused, when the daemon refuses it (a finding at
    /// the first bad byte); `None`: the daemon reads bytes, so it is no finding.
    pub refuses_invalid_utf8: Option<&'static str>,
    /// How a file no glob claims is claimed for the kind by its content.
    pub sniff: Option<Sniff>,
    /// Template markup (Jinja, ERB) in the file makes it a template, not the format's
    /// syntax. `false` where the format's reader evaluates such markup itself (Ansible
    /// inventories).
    pub markup_is_template: bool,
}

/// Claiming files by their content.
pub struct Sniff {
    /// Is a file of this name (not named on the command line) worth reading to see?
    pub names: fn(&str) -> bool,
    /// Does the content make it this kind? `named`: the file was named on the command
    /// line (a looser shape will do).
    pub content: fn(&str, bool) -> bool,
}

/// What starts a comment in a kind of file: on a line of its own, and at the end of a
/// line.
#[derive(Debug, Clone, Copy)]
pub struct Comments {
    pub line: &'static [char],
    pub trailing: &'static [char],
}

/// `#` on a line of its own or after a value.
pub const HASH_COMMENTS: Comments = Comments {
    line: &['#'],
    trailing: &['#'],
};

/// How a directive's value is looked up through enclosing levels (`rules::inherit`).
pub struct Inheritance {
    /// Directives a level declares as one set: declaring one of them drops every
    /// inherited one of the set (nginx's `allow`/`deny`).
    pub groups: &'static [&'static [&'static str]],
    /// A level that declares a directive twice counts only its last declaration
    /// (Postfix: "the later definition wins", postconf(5)).
    pub last_wins: bool,
    /// Directives whose inheritance a mode directive sets, from a version on: with
    /// `merge` a level's occurrences are added to the enclosing level's, with `on`
    /// they replace them, with `off` nothing is inherited (nginx 1.29.3's
    /// `add_header_inherit`).
    pub modes: &'static [InheritMode],
    /// The setting that selects the defaults a level gets, read at the nearest level
    /// that sets it (Postfix's `compatibility_level`, also as a service's `-o`).
    pub level_setting: Option<&'static str>,
    /// Under a `context` root (a level art32 cannot see), only the names the defaults
    /// table lists may be set there (Postfix: `main.cf` holds parameters; the other
    /// names rules look up are services, which it does not define). `false`: any name.
    pub unseen_sets_only_known: bool,
}

/// No inheritance beyond the plain rule.
pub const PLAIN_INHERITANCE: Inheritance = Inheritance {
    groups: &[],
    last_wins: false,
    modes: &[],
    level_setting: None,
    unseen_sets_only_known: false,
};

/// A directive whose inheritance the directive `mode` sets, from version `since`.
pub struct InheritMode {
    pub directive: &'static str,
    pub mode: &'static str,
    pub since: &'static str,
}

/// Links the parsed documents of a family. The parsed documents are lent: a linker may
/// take them (they are not needed after it), or leave them to be linked again when it
/// names files not read yet (`Linked::unloaded`).
pub type LinkFn = fn(&mut Vec<Document>, &LinkContext) -> Linked;

/// What linking needs from the run.
pub struct LinkContext<'a> {
    pub sources: &'a SourceMap,
    pub defaults: &'a Defaults,
    /// Every path the walk saw, claimed by a kind or not (include globs match them).
    pub names: &'a BTreeSet<String>,
    /// Names that are links within the repository → the path that holds the text.
    pub aliases: &'a BTreeMap<String, String>,
    /// The absolute path a configuration's main directory stands for on the host
    /// (`[nginx] prefix`), which absolute paths in it are read against.
    pub prefix: Option<&'a str>,
    /// Whether the caller reads a file that linking names (in `Linked::unloaded`) and
    /// links the family again: a linker that names such a file need not link, only say
    /// what it names (nginx's first round would otherwise build every configuration to
    /// throw it away when `mime.types` or `fastcgi_params` is read next).
    pub reads_next: &'a (dyn Fn(&str) -> bool + Sync),
}

/// The documents rules see, and what linking found.
#[derive(Debug, Default)]
pub struct Linked {
    pub docs: Vec<Document>,
    /// What could not be linked, reported like parse errors.
    pub diagnostics: Vec<ParseDiagnostic>,
    /// Files in the repository that linked files name but that were not given to the
    /// linker, with where they are named: read them (as the family's first kind) and
    /// link again.
    pub unloaded: BTreeMap<String, Span>,
    /// Files the daemon does not read (no configuration reaches them): not checked.
    pub unreached: Vec<FileId>,
}

impl Linked {
    /// Documents that carry what linking could not do in their own diagnostics: moved
    /// out, so that they are reported like parse errors.
    pub fn from_docs(mut docs: Vec<Document>) -> Linked {
        let mut diagnostics = Vec::new();
        for doc in &mut docs {
            diagnostics.append(&mut doc.diagnostics);
        }
        Linked {
            docs,
            diagnostics,
            ..Linked::default()
        }
    }
}

/// Parses one file of the given kind. Never fails: problems are in `diagnostics`.
pub fn parse(kind: FileKind, file: FileId, text: &str) -> Document {
    (kind.spec().parse)(file, text)
}

/// The fields the kind's format derives on a node its linker never saw (`Format::derive`).
pub fn derive(kind: FileKind, node: &mut Node) {
    if let Some(derive) = kind.format().derive {
        derive(node);
    }
}

/// The kind of a file no glob claims, from its content: the first kind in table order
/// whose format claims it.
pub fn sniff(text: &str, named: bool) -> Option<FileKind> {
    FORMATS
        .iter()
        .flat_map(|f| f.kinds)
        .find(|k| k.sniff.as_ref().is_some_and(|s| (s.content)(text, named)))
        .map(|k| k.kind)
}

/// Is a file of this name, not named on the command line, worth reading to see what
/// it is?
pub fn sniffable(name: &str) -> bool {
    FORMATS
        .iter()
        .flat_map(|f| f.kinds)
        .any(|k| k.sniff.as_ref().is_some_and(|s| (s.names)(name)))
}

/// The defaults tables of every format, resolved for the target versions (`None` for
/// a family: its table's `default_version`).
pub fn defaults(targets: &BTreeMap<FileKind, Version>) -> Defaults {
    Defaults::new(
        targets,
        FORMATS
            .iter()
            .filter_map(|f| Some((f.kinds[0].kind, f.defaults?))),
    )
}

impl FileKind {
    /// The kind's entry in its format.
    pub fn spec(self) -> &'static Kind {
        BY_KIND[self as usize].0
    }

    /// The format the kind belongs to.
    pub fn format(self) -> &'static Format {
        BY_KIND[self as usize].1
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn from_name(name: &str) -> Option<FileKind> {
        FileKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The family: the format whose files are linked and checked together.
    pub fn family(self) -> Family {
        self.format().family
    }

    /// The kind that stands for a family (its first kind): rules of the family are
    /// evaluated on documents of this kind.
    pub fn from_family(family: &str) -> Option<FileKind> {
        Family::from_name(family).map(Family::first_kind)
    }

    /// Every family name, in order.
    pub fn families() -> Vec<&'static str> {
        FORMATS.iter().map(|f| f.name).collect()
    }

    /// The fields of every kind of the family (for checking placeholders).
    pub fn family_fields(self) -> Vec<&'static str> {
        self.format()
            .kinds
            .iter()
            .flat_map(|k| k.fields.iter().copied())
            .collect()
    }

    /// Globs that classify a file as this kind when `art32.toml` says nothing.
    pub fn default_globs(self) -> &'static [&'static str] {
        self.spec().globs
    }

    /// The fields the parser and linker set on this kind's nodes.
    pub fn fields(self) -> &'static [&'static str] {
        self.spec().fields
    }

    /// Where the `[example]` of a rule for this kind's family is written (tests,
    /// explain): a file of the kind, where such files usually sit.
    pub fn example_path(self) -> &'static str {
        self.spec().example_path
    }

    /// The field that tells a node from its siblings, for fingerprints.
    pub fn key_field(self) -> Option<&'static str> {
        self.spec().key_field
    }

    /// Why the default target version of the kind's defaults table is what it is, for
    /// docs and `init`: `(version, reason)`.
    pub fn default_version(self) -> Option<(String, String)> {
        Defaults::default_version(
            self.format()
                .defaults
                .filter(|_| self == self.family().first_kind())?,
        )
    }
}

impl Family {
    pub fn format(self) -> &'static Format {
        FORMATS
            .iter()
            .find(|f| f.family == self)
            .expect("every family is in the table (tested)")
    }

    pub fn name(self) -> &'static str {
        self.format().name
    }

    pub fn from_name(name: &str) -> Option<Family> {
        FORMATS.iter().find(|f| f.name == name).map(|f| f.family)
    }

    /// The kind that stands for the family.
    pub fn first_kind(self) -> FileKind {
        self.format().kinds[0].kind
    }

    /// The family's kinds.
    pub fn kinds(self) -> impl Iterator<Item = FileKind> {
        self.format().kinds.iter().map(|k| k.kind)
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table lists every kind once, in the order of `FileKind::ALL`, and every
    /// family once, in the order of `Family::ALL`.
    #[test]
    fn the_table_lists_every_kind_and_family_once_in_order() {
        let kinds: Vec<FileKind> = FORMATS
            .iter()
            .flat_map(|f| f.kinds)
            .map(|k| k.kind)
            .collect();
        assert_eq!(kinds, FileKind::ALL);
        for (i, kind) in FileKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i, "`FileKind::ALL` is in declaration order");
            assert_eq!(kind.spec().kind, *kind);
            assert!(kind.format().kinds.iter().any(|k| k.kind == *kind));
        }
        let families: Vec<Family> = FORMATS.iter().map(|f| f.family).collect();
        assert_eq!(families, Family::ALL);
        let mut names: Vec<&str> = FileKind::ALL.iter().map(|k| k.name()).collect();
        names.extend(FORMATS.iter().map(|f| f.name));
        let unique: BTreeSet<&str> = names.iter().copied().collect();
        // A family that is one kind shares its kind's name; no other name twice.
        let single: usize = FORMATS.iter().filter(|f| f.kinds.len() == 1).count();
        assert_eq!(unique.len(), names.len() - single);
        for f in FORMATS {
            if let [only] = f.kinds {
                assert_eq!(only.name, f.name);
            }
        }
    }

    /// The embedded defaults tables parse, and every version in them parses.
    #[test]
    fn embedded_defaults_tables_parse() {
        for f in FORMATS {
            if let Some(text) = f.defaults {
                Defaults::check_table(text).unwrap_or_else(|e| panic!("{}: {e}", f.name));
            }
        }
        assert!(FileKind::Nginx.default_version().is_some());
        assert!(FileKind::PostfixMaster.default_version().is_none());
    }
}
