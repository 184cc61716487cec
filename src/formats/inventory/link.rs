//! Ansible inventories: each inventory directory with the `group_vars/` and `host_vars/`
//! in it, as `ansible-inventory -i DIR --list` of ansible-core 2.19 sees it: one `host` node
//! per host, in host name order, with its groups and its effective variables.
//!
//! Which files are one inventory. The inventory of a source (an INI, YAML or CSV file, or an
//! inventory plugin configuration) is the directory that holds it: `inventories/prod/hosts`,
//! `inventories/prod/cloud.yml` and `inventories/prod/group_vars/` are the inventory
//! `inventories/prod`, as `ansible-inventory -i inventories/prod` reads it. The sources of a
//! directory are replayed in name order (Ansible sorts a directory's entries), each later one
//! adding to what the earlier ones made; the linked document has the kind and file of the
//! first. Not merged: a source whose name Ansible skips in a directory (hidden, or ending in
//! one of `INVENTORY_IGNORE_EXTS`: `hosts.bak`, `hosts.orig`, …), which is an inventory of its
//! own as `-i FILE` reads it; sources in a subdirectory, which are the subdirectory's
//! inventory (Ansible's `-i DIR` would also read them, but it reads `group_vars/` only beside
//! the directory it was given, so an environment directory below another is meant to be
//! given itself); and a file inside `group_vars/`/`host_vars/`, which is never a source. So
//! several files in one directory that are meant as alternatives (`inventory/prod.ini` and
//! `inventory/staging.ini` given one at a time) are judged as the one inventory Ansible
//! makes of the directory: keep such environments in directories of their own.
//!
//! Inventory plugins. A plugin configuration (`plugin:` at the top of a `.yml`/`.yaml`
//! source) has its hosts computed when Ansible runs; art32 runs no plugins. Each gets one
//! `not-checked` note at its `plugin:` line that names the plugin. The `constructed` plugin
//! (with `groups`, `keyed_groups` or `compose`) computes groups and variables of the hosts
//! that the sources read before it made — and so, through `group_vars`, their role — so
//! those hosts are left out of the linked inventory and named in that note (up to
//! [`NAMED_HOSTS`], then counted): one note where the cause is and where a suppression or
//! `exclude` goes, as ruff reports one diagnostic per cause, rather than one per host, which
//! would repeat the same cause over every host of a large inventory.
//!
//! How Ansible builds it (`inventory/data.py`, `group.py`, `host.py`, `helpers.py`,
//! `vars/manager.py`, `plugins/vars/host_group_vars.py`, `parsing/dataloader.py`):
//! - Sources are replayed in order. A host belongs to the groups it is listed in and to all
//!   their ancestors; once everything is read, groups without a parent become children of
//!   `all`, and hosts in no group but `all` join `ungrouped` (hosts in another group leave
//!   it). A child that would make a loop of groups is not added. A host's `ansible_port`
//!   comes from the first `host:port` that creates it.
//! - Setting a variable on a name looks for a group of that name first, then a host.
//!   `ansible_group_priority` in an inventory source sets the group's priority instead of a
//!   variable (in a vars file it is a plain variable).
//! - Effective variables, each later step replacing whole values of earlier ones: `all`'s
//!   inventory variables; the other groups' inventory variables, groups sorted by depth (the
//!   longest path from `all`), priority (default 1) and name; `group_vars/all`; the other
//!   groups' `group_vars` files in the same order; the host's inventory variables; its
//!   `host_vars` files.
//! - For a group or host `NAME`, the first of `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json`
//!   that exists is read; a directory is read whole, recursively and sorted by name, skipping
//!   names that start with `.` or end with `~`, directories with an extension, and files
//!   with an extension other than those three.
//! - `ansible-inventory` drops variables that Ansible sets itself at run time
//!   ([`INTERNAL_VARIABLES`], `constants.INTERNAL_STATIC_VARS`); so does art32, which keeps
//!   the field `groups` for the host's groups.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::host_patterns::expand_host_ranges;
use super::ini::priority_of;
use crate::model::{Document, FileKind, Node, ParseDiagnostic, Value};
use crate::source::{SourceMap, Span, Spanned};

/// Variables Ansible sets itself, which `ansible-inventory` leaves out of its output.
pub const INTERNAL_VARIABLES: &[&str] = &[
    "ansible_async_path",
    "ansible_collection_name",
    "ansible_config_file",
    "ansible_dependent_role_names",
    "ansible_diff_mode",
    "ansible_facts",
    "ansible_forks",
    "ansible_inventory_sources",
    "ansible_limit",
    "ansible_play_batch",
    "ansible_play_hosts",
    "ansible_play_hosts_all",
    "ansible_play_role_names",
    "ansible_playbook_python",
    "ansible_role_name",
    "ansible_role_names",
    "ansible_run_tags",
    "ansible_skip_tags",
    "ansible_verbosity",
    "ansible_version",
    "inventory_dir",
    "inventory_file",
    "inventory_hostname",
    "inventory_hostname_short",
    "groups",
    "group_names",
    "hostvars",
    "playbook_dir",
    "play_hosts",
    "role_name",
    "role_names",
    "role_path",
    "role_uuid",
];

/// The extensions of vars files (`YAML_FILENAME_EXTENSIONS`); a file without one is read too.
const VARS_EXTENSIONS: [&str; 3] = [".yml", ".yaml", ".json"];

/// One `group_vars/` or `host_vars/` file: its path relative to the inventory's directory
/// (`group_vars/all.yml`, `host_vars/web1/ports.yml`) and its parsed document.
#[derive(Debug, Clone, Copy)]
pub struct VarsFile<'a> {
    pub path: &'a str,
    pub doc: &'a Document,
}

/// The names Ansible skips when it reads a directory as an inventory
/// (`InventoryManager.parse_source`: `IGNORED_ALWAYS` and the default
/// `INVENTORY_IGNORE_EXTS`, matched at the end of the name).
const IGNORED_IN_DIRECTORY: [&str; 12] = [
    ".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".cfg", ".retry",
];

/// Whether `ansible-inventory -i DIR` reads a file called `name` in `DIR` as a source.
fn read_from_directory(name: &str) -> bool {
    !name.starts_with('.') && !IGNORED_IN_DIRECTORY.iter().any(|e| name.ends_with(e))
}

/// The linked inventories: one per inventory directory (the sources of a directory
/// merged, see the module doc), plus one per source that Ansible would not read from its
/// directory (a `hosts.bak`), each with the vars files of its directory.
pub fn link(docs: &[&Document], sources: &SourceMap) -> Vec<Document> {
    link_within(docs, sources, MAX_INVENTORY_WORK)
}

/// [`link`], all inventories together taking at most `work` steps.
fn link_within(docs: &[&Document], sources: &SourceMap, mut work: usize) -> Vec<Document> {
    let path = |d: &Document| sources.get(d.file).path.as_str();
    // The vars files by the directory whose inventory reads them: the one holding the first
    // `group_vars`/`host_vars` of their path.
    let mut vars: BTreeMap<&str, Vec<VarsFile<'_>>> = BTreeMap::new();
    for doc in docs.iter().filter(|d| d.kind == FileKind::InventoryVars) {
        let p = path(doc);
        let mut at = 0;
        for component in p.split('/') {
            if component == "group_vars" || component == "host_vars" {
                let dir = p[..at].strip_suffix('/').unwrap_or("");
                vars.entry(dir).or_default().push(VarsFile {
                    path: &p[at..],
                    doc,
                });
                break;
            }
            at += component.len() + 1;
        }
    }
    // (directory, the file for a source read on its own) → sources, in path order.
    let mut inventories: BTreeMap<(&str, &str), Vec<(&str, &Document)>> = BTreeMap::new();
    for source in docs.iter().filter(|d| {
        matches!(
            d.kind,
            FileKind::InventoryIni | FileKind::InventoryYaml | FileKind::InventoryCsv
        )
    }) {
        let p = path(source);
        let (dir, name) = p.rsplit_once('/').unwrap_or(("", p));
        // Ansible never reads a vars directory as an inventory.
        if dir
            .split('/')
            .any(|c| c == "group_vars" || c == "host_vars")
        {
            continue;
        }
        let alone = if read_from_directory(name) { "" } else { p };
        inventories
            .entry((dir, alone))
            .or_default()
            .push((p, *source));
    }
    let mut out = Vec::new();
    for ((dir, _), mut members) in inventories {
        members.sort_by(|a, b| a.0.cmp(b.0));
        let beside = vars.get(dir).map_or(&[][..], Vec::as_slice);
        let sources: Vec<&Document> = members.iter().map(|(_, d)| *d).collect();
        let first = sources[0];
        let mut root = Node::new(
            "file",
            Spanned::new(String::new(), first.root.span),
            first.root.span,
        );
        let resolved = resolve(&sources, beside, work);
        work = resolved.work_left;
        root.children = resolved.hosts;
        out.push(Document {
            kind: first.kind,
            file: first.file,
            root,
            diagnostics: resolved.diagnostics,
        });
    }
    out
}

/// The hosts of the inventory Ansible builds from `sources` (read in this order, as the
/// files of an inventory directory are) and the vars files of their directory: one `host`
/// node per host, sorted by name, with field `groups` and one field per effective variable.
/// Hosts whose groups and variables an inventory plugin computes are left out.
pub fn effective(sources: &[&Document], vars: &[VarsFile<'_>]) -> Vec<Node> {
    resolve(sources, vars, MAX_INVENTORY_WORK).hosts
}

/// How many steps resolving the inventories of one run may take, all together: hosts made,
/// parent links followed (to refuse loops, and to find each host's groups) and variables
/// merged into hosts. Each is linear in the output for the inventories people write; a
/// chain of n groups is n²/2 steps, and every host of a group of n hosts takes the group's
/// m variables, n·m. A total, not a budget per inventory: a thousand small inventories
/// sharing a thousand vars files would otherwise each take the whole budget.
pub const MAX_INVENTORY_WORK: usize = 5_000_000;

/// How many hosts the ranges of one inventory's host patterns (`web[01:20]`) make, all
/// patterns of all its sources together; a plain host name counts against the steps only.
pub const MAX_RANGE_HOSTS: usize = 10_000;

/// At most this many hosts are named in a plugin's note; the rest are counted.
const NAMED_HOSTS: usize = 10;

/// The names under which Ansible loads its `constructed` plugin, which computes groups and
/// variables for the hosts that the sources read before it made.
const CONSTRUCTED: [&str; 3] = [
    "constructed",
    "ansible.builtin.constructed",
    "ansible.legacy.constructed",
];

/// An inventory: the hosts it checks, and what linking says about it.
struct Resolved {
    hosts: Vec<Node>,
    diagnostics: Vec<ParseDiagnostic>,
    /// What is left of the steps it was given.
    work_left: usize,
}

/// `names` (host names) in backticks, sorted, the first [`NAMED_HOSTS`] of them, and how
/// many more: "`a`, `b` and 3 more".
fn named_hosts(mut names: Vec<&str>) -> String {
    names.sort_unstable();
    let mut shown = names
        .iter()
        .take(NAMED_HOSTS)
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMED_HOSTS {
        shown.push_str(&format!(" and {} more", names.len() - NAMED_HOSTS));
    }
    shown
}

fn count_hosts(n: usize) -> String {
    match n {
        1 => "1 host".to_string(),
        n => format!("{n} hosts"),
    }
}

/// [`effective`] within `work` steps, with a `not-checked` note per inventory plugin
/// configuration. Where the steps run out, the hosts not fully resolved by then are left
/// out and named in one `parse-error` (a limit reached, as for the other limits): a host
/// judged with half its groups or variables would be judged out of context. If they run
/// out before the groups are known (while replaying the sources), no host is checked.
fn resolve(sources: &[&Document], vars: &[VarsFile<'_>], work: usize) -> Resolved {
    let mut inventory = Inventory::new(work);
    for source in sources {
        inventory.replay(&source.root);
    }
    inventory.reconcile();
    let file = sources.first().map_or(crate::source::FileId(0), |s| s.file);
    let mut diagnostics = Vec::new();
    if let Some(cut) = inventory.ranges_cut {
        diagnostics.push(ParseDiagnostic::error(
            cut,
            format!(
                "the host ranges of this inventory make {} hosts in all, more than the \
                 {MAX_RANGE_HOSTS} art32 makes for one inventory: the hosts of this pattern \
                 past those and of the ranges after it are not checked",
                inventory.ranges_asked
            ),
        ));
    }
    let out_of_steps = |checked: usize, unchecked: Vec<&str>| {
        let what = if checked == 0 {
            format!(
                "art32 does not check the {} of this inventory",
                count_hosts(unchecked.len())
            )
        } else {
            format!(
                "art32 checks {} of this inventory (in host name order), not the {} after them",
                count_hosts(checked),
                count_hosts(unchecked.len())
            )
        };
        format!(
            "resolving the groups and variables of the inventories takes more than \
             {MAX_INVENTORY_WORK} steps in all (groups nested too deep, or very many hosts \
             sharing very many variables): {what}: {}",
            named_hosts(unchecked)
        )
    };
    if inventory.work.get().is_none() {
        let all = inventory.hosts.iter().map(|h| h.name.as_str()).collect();
        diagnostics.push(ParseDiagnostic::error(
            Span::new(file, 0, 0),
            out_of_steps(0, all),
        ));
        return Resolved {
            hosts: Vec::new(),
            diagnostics,
            work_left: 0,
        };
    }
    let (mut hosts, unchecked) = inventory.host_nodes(vars);
    if !unchecked.is_empty() {
        let names = unchecked
            .iter()
            .map(|&h| inventory.hosts[h].name.as_str())
            .collect();
        diagnostics.push(ParseDiagnostic::error(
            Span::new(file, 0, 0),
            out_of_steps(hosts.len(), names),
        ));
    }
    let mut computed: BTreeSet<&str> = BTreeSet::new();
    for plugin in &inventory.plugins {
        let name = &plugin.node.name.value;
        let options: Vec<&str> = plugin.node.args.iter().map(|a| a.value.as_str()).collect();
        let message = if CONSTRUCTED.contains(&name.as_str()) && !options.is_empty() {
            let before: Vec<&str> = inventory.hosts[..plugin.hosts_before]
                .iter()
                .map(|h| h.name.as_str())
                .collect();
            computed.extend(before.iter().copied());
            let options = options
                .iter()
                .map(|o| format!("`{o}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if before.is_empty() {
                format!(
                    "the `{name}` inventory plugin computes groups and variables ({options}) \
                     of the hosts read before it when Ansible runs, and no source of this \
                     inventory comes before it (Ansible reads a directory's files in name order)"
                )
            } else {
                let count = count_hosts(before.len());
                let shown = named_hosts(before);
                format!(
                    "the `{name}` inventory plugin computes groups and variables ({options}) \
                     of {count} when Ansible runs, so art32 does not check them: {shown}"
                )
            }
        } else {
            format!(
                "the `{name}` inventory plugin computes its hosts, groups and variables when \
                 Ansible runs: art32 does not run inventory plugins, so they are not checked"
            )
        };
        diagnostics.push(ParseDiagnostic::not_checked(plugin.node.span, message));
    }
    hosts.retain(|h| !computed.contains(h.name.value.as_str()));
    Resolved {
        hosts,
        diagnostics,
        work_left: inventory.work.get().unwrap_or(0),
    }
}

/// An inventory plugin configuration met while replaying the sources.
struct Plugin<'a> {
    node: &'a Node,
    /// How many hosts the sources read before it made.
    hosts_before: usize,
}

struct Group {
    name: String,
    vars: BTreeMap<String, Spanned<Value>>,
    priority: i64,
    /// Parent groups, with the line that made this group their child (none for `all`'s
    /// children that Ansible adds itself).
    parents: Vec<(usize, Option<Span>)>,
}

struct Host {
    name: String,
    /// Its first definition.
    first: Span,
    vars: BTreeMap<String, Spanned<Value>>,
    /// The groups it is listed in, with where.
    groups: Vec<(usize, Span)>,
}

struct Inventory<'a> {
    groups: Vec<Group>,
    group_index: HashMap<String, usize>,
    hosts: Vec<Host>,
    host_index: HashMap<String, usize>,
    /// What is left of [`MAX_INVENTORY_WORK`]; `None` once it ran out.
    work: std::cell::Cell<Option<usize>>,
    plugins: Vec<Plugin<'a>>,
    /// What is left of [`MAX_RANGE_HOSTS`].
    ranges_left: usize,
    /// How many hosts the ranges ask for, all together.
    ranges_asked: u128,
    /// The first pattern whose hosts were not all made.
    ranges_cut: Option<Span>,
}

const ALL: usize = 0;
const UNGROUPED: usize = 1;

/// INI `[parent:children]` entries naming groups not declared yet: child → (parent, at),
/// in file order.
type Pending = BTreeMap<String, Vec<(usize, Span)>>;

impl<'a> Inventory<'a> {
    fn new(work: usize) -> Self {
        let mut inventory = Inventory {
            groups: Vec::new(),
            group_index: HashMap::new(),
            hosts: Vec::new(),
            host_index: HashMap::new(),
            work: std::cell::Cell::new(Some(work)),
            plugins: Vec::new(),
            ranges_left: MAX_RANGE_HOSTS,
            ranges_asked: 0,
            ranges_cut: None,
        };
        inventory.group("all");
        inventory.group("ungrouped");
        inventory.add_child(ALL, UNGROUPED, None);
        inventory
    }

    fn group(&mut self, name: &str) -> usize {
        if let Some(&g) = self.group_index.get(name) {
            return g;
        }
        self.groups.push(Group {
            name: name.to_string(),
            vars: BTreeMap::new(),
            priority: 1,
            parents: Vec::new(),
        });
        let g = self.groups.len() - 1;
        self.group_index.insert(name.to_string(), g);
        g
    }

    /// Spends `n` steps of the budget; false once it is spent.
    fn spend(&self, n: usize) -> bool {
        let left = self.work.get().and_then(|left| left.checked_sub(n));
        self.work.set(left);
        left.is_some()
    }

    /// Whether `ancestor` is above `of` — or, once the budget is spent, maybe (so that
    /// no loop is made).
    fn is_ancestor(&self, ancestor: usize, of: usize) -> bool {
        let mut seen = BTreeSet::new();
        let mut todo = vec![of];
        while let Some(g) = todo.pop() {
            if !self.spend(1 + self.groups[g].parents.len()) {
                return true;
            }
            for &(p, _) in &self.groups[g].parents {
                if p == ancestor {
                    return true;
                }
                if seen.insert(p) {
                    todo.push(p);
                }
            }
        }
        false
    }

    /// `add_child_group`, which refuses a child that would make a loop.
    fn add_child(&mut self, parent: usize, child: usize, span: Option<Span>) {
        if parent == child
            || self.is_ancestor(child, parent)
            || self.groups[child].parents.iter().any(|&(p, _)| p == parent)
        {
            return;
        }
        self.groups[child].parents.push((parent, span));
    }

    fn add_host(&mut self, name: &str, group: usize, port: Option<&Spanned<Value>>, at: Span) {
        let h = match self.host_index.get(name) {
            Some(&h) => h,
            None => {
                self.spend(1);
                let mut vars = BTreeMap::new();
                if let Some(port) = port {
                    vars.insert("ansible_port".to_string(), port.clone());
                }
                self.hosts.push(Host {
                    name: name.to_string(),
                    first: at,
                    vars,
                    groups: Vec::new(),
                });
                let h = self.hosts.len() - 1;
                self.host_index.insert(name.to_string(), h);
                h
            }
        };
        if self.spend(self.hosts[h].groups.len())
            && !self.hosts[h].groups.iter().any(|&(g, _)| g == group)
        {
            self.hosts[h].groups.push((group, at));
        }
    }

    fn set_group_var(&mut self, group: usize, var: &Node) {
        let Some(value) = var.field("value") else {
            return;
        };
        if var.name.value == "ansible_group_priority" {
            if let Some(p) = priority_of(&value.value) {
                self.groups[group].priority = p;
            }
            return;
        }
        self.groups[group].vars.insert(
            var.name.value.clone(),
            Spanned::new(value.value.clone(), var.span),
        );
    }

    /// `InventoryData.set_variable`: a group of that name takes it before the host does.
    fn set_host_var(&mut self, host: &str, var: &Node) {
        if let Some(&g) = self.group_index.get(host) {
            self.set_group_var(g, var);
            return;
        }
        let (Some(&h), Some(value)) = (self.host_index.get(host), var.field("value")) else {
            return;
        };
        self.hosts[h].vars.insert(
            var.name.value.clone(),
            Spanned::new(value.value.clone(), var.span),
        );
    }

    fn replay(&mut self, root: &'a Node) {
        // INI `[parent:children]` entries naming groups not declared yet: child → (parent, at).
        let mut pending: Pending = BTreeMap::new();
        for node in &root.children {
            match node.kind {
                "host" => self.replay_host(node, UNGROUPED),
                "plugin" => self.plugins.push(Plugin {
                    node,
                    hosts_before: self.hosts.len(),
                }),
                "group" => match node.field("section").map(|s| s.value.text()) {
                    Some(section) => self.replay_section(node, &section, &mut pending),
                    None => {
                        self.replay_yaml_group(node, 0);
                    }
                },
                _ => {}
            }
        }
    }

    fn replay_host(&mut self, node: &Node, group: usize) {
        let port = node.field("port");
        let names: Vec<String> = match (node.field("ranges"), node.args.first()) {
            (Some(count), Some(pattern)) => {
                let count = match count.value {
                    Value::Int(n) => u128::try_from(n).unwrap_or(0),
                    _ => 0,
                };
                self.ranges_asked = self.ranges_asked.saturating_add(count);
                let made =
                    usize::try_from(count).map_or(self.ranges_left, |c| c.min(self.ranges_left));
                if (made as u128) < count && self.ranges_cut.is_none() {
                    self.ranges_cut = Some(pattern.span);
                }
                self.ranges_left -= made;
                expand_host_ranges(&pattern.value, made)
            }
            _ => node.args.iter().map(|a| a.value.clone()).collect(),
        };
        for name in &names {
            self.add_host(name, group, port, node.span);
            for var in node.children.iter().filter(|c| c.kind == "var") {
                self.set_host_var(name, var);
            }
        }
    }

    fn replay_section(&mut self, node: &Node, section: &str, pending: &mut Pending) {
        if !matches!(section, "hosts" | "vars" | "children") {
            return;
        }
        let g = self.group(&node.name.value);
        if section != "vars" {
            self.resolve_pending(&node.name.value, pending);
        }
        for child in &node.children {
            match child.kind {
                "host" => self.replay_host(child, g),
                "var" => self.set_group_var(g, child),
                "child" => match self.group_index.get(&child.name.value) {
                    Some(&c) => self.add_child(g, c, Some(child.name.span)),
                    None => pending
                        .entry(child.name.value.clone())
                        .or_default()
                        .push((g, child.name.span)),
                },
                _ => {}
            }
        }
    }

    /// `_add_pending_children`: a group declared at last joins the parents that named it,
    /// and so, in turn, do those parents that were waiting themselves.
    fn resolve_pending(&mut self, name: &str, pending: &mut Pending) {
        let mut todo = vec![name.to_string()];
        while let Some(name) = todo.pop() {
            let Some(&c) = self.group_index.get(&name) else {
                continue;
            };
            let waiting = pending.remove(&name).unwrap_or_default();
            for (parent, span) in waiting {
                self.add_child(parent, c, Some(span));
                let parent_name = self.groups[parent].name.clone();
                if pending.contains_key(&parent_name) {
                    todo.push(parent_name);
                }
            }
        }
    }

    fn replay_yaml_group(&mut self, node: &Node, depth: usize) -> usize {
        let g = self.group(&node.name.value);
        for child in &node.children {
            match child.kind {
                "var" => self.set_group_var(g, child),
                "host" => self.replay_host(child, g),
                "group" if depth < 1000 => {
                    let c = self.replay_yaml_group(child, depth + 1);
                    self.add_child(g, c, Some(child.name.span));
                }
                _ => {}
            }
        }
        g
    }

    /// `reconcile_inventory`: top-level groups under `all`, lone hosts in `ungrouped`.
    fn reconcile(&mut self) {
        for g in 0..self.groups.len() {
            if g != ALL && self.groups[g].parents.is_empty() {
                self.add_child(ALL, g, None);
            }
        }
        for h in 0..self.hosts.len() {
            let groups = self.ancestry(h);
            let others = groups.keys().any(|&g| g != ALL && g != UNGROUPED);
            let host = &mut self.hosts[h];
            if groups.contains_key(&UNGROUPED) {
                if others {
                    host.groups.retain(|&(g, _)| g != UNGROUPED);
                }
            } else if !others {
                let first = host.first;
                host.groups.push((UNGROUPED, first));
            }
        }
    }

    /// The groups of a host, each with where its membership is declared: the host's line
    /// for the groups it is listed in, the `children` entry for their ancestors, and the
    /// host's first definition where Ansible adds the group itself.
    fn ancestry(&self, h: usize) -> BTreeMap<usize, Span> {
        let host = &self.hosts[h];
        let mut out: BTreeMap<usize, Span> = BTreeMap::new();
        let mut todo: Vec<(usize, Span)> = host.groups.clone();
        while let Some((g, span)) = todo.pop() {
            if out.contains_key(&g) || !self.spend(1) {
                continue;
            }
            out.insert(g, span);
            for &(p, declared) in &self.groups[g].parents {
                todo.push((p, declared.unwrap_or(host.first)));
            }
        }
        out
    }

    /// Each group's depth: the longest path from a group without parents (`all`).
    fn depths(&self) -> Vec<usize> {
        let n = self.groups.len();
        let mut depth = vec![0usize; n];
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut waiting = vec![0usize; n];
        for (g, group) in self.groups.iter().enumerate() {
            waiting[g] = group.parents.len();
            for &(p, _) in &group.parents {
                children[p].push(g);
            }
        }
        let mut ready: Vec<usize> = (0..n).filter(|&g| waiting[g] == 0).collect();
        while let Some(g) = ready.pop() {
            for &c in &children[g] {
                depth[c] = depth[c].max(depth[g] + 1);
                waiting[c] -= 1;
                if waiting[c] == 0 {
                    ready.push(c);
                }
            }
        }
        depth
    }

    /// One node per host, in host name order, and the hosts (indexes) left out because the
    /// steps ran out before they were resolved.
    fn host_nodes(&self, files: &[VarsFile<'_>]) -> (Vec<Node>, Vec<usize>) {
        let depth = self.depths();
        let mut order: Vec<usize> = (0..self.hosts.len()).collect();
        order.sort_by(|&a, &b| self.hosts[a].name.cmp(&self.hosts[b].name));
        let files: BTreeMap<&str, &Document> = files.iter().map(|f| (f.path, f.doc)).collect();
        let files = &files;
        let mut cache: HashMap<(bool, usize), Vec<&Node>> = HashMap::new();
        let mut nodes = Vec::new();
        let mut unchecked = Vec::new();
        for h in order {
            if self.work.get().is_none() {
                unchecked.push(h);
                continue;
            }
            let host = &self.hosts[h];
            let groups = self.ancestry(h);
            let mut sorted: Vec<usize> = groups.keys().copied().filter(|&g| g != ALL).collect();
            sorted.sort_by(|&a, &b| {
                let (ga, gb) = (&self.groups[a], &self.groups[b]);
                (depth[a], ga.priority, &ga.name).cmp(&(depth[b], gb.priority, &gb.name))
            });
            let mut vars: BTreeMap<String, Spanned<Value>> = BTreeMap::new();
            self.spend(self.groups[ALL].vars.len());
            vars.extend(self.groups[ALL].vars.clone());
            for &g in &sorted {
                if !self.spend(1 + self.groups[g].vars.len()) {
                    break;
                }
                vars.extend(self.groups[g].vars.clone());
            }
            let mut from_files = |vars: &mut BTreeMap<String, Spanned<Value>>,
                                  is_host: bool,
                                  index: usize,
                                  name: &str| {
                let found = cache
                    .entry((is_host, index))
                    .or_insert_with(|| vars_nodes(files, is_host, name));
                self.spend(1 + found.len());
                for var in found.iter() {
                    if let Some(value) = var.field("value") {
                        vars.insert(
                            var.name.value.clone(),
                            Spanned::new(value.value.clone(), var.span),
                        );
                    }
                }
            };
            from_files(&mut vars, false, ALL, "all");
            for &g in &sorted {
                from_files(&mut vars, false, g, &self.groups[g].name);
            }
            vars.extend(host.vars.clone());
            from_files(&mut vars, true, h, &host.name);

            let mut node = Node::new(
                "host",
                Spanned::new(host.name.clone(), host.first),
                host.first,
            );
            let mut names: Vec<Spanned<String>> = groups
                .iter()
                .map(|(&g, &span)| Spanned::new(self.groups[g].name.clone(), span))
                .collect();
            names.sort_by(|a, b| a.value.cmp(&b.value));
            for (name, value) in vars {
                if !INTERNAL_VARIABLES.contains(&name.as_str()) {
                    node.fields.insert(name, value);
                }
            }
            node.set("groups", Value::List(names), host.first);
            // A host the steps ran out on is left half resolved: not judged.
            if self.work.get().is_none() {
                unchecked.push(h);
            } else {
                nodes.push(node);
            }
        }
        (nodes, unchecked)
    }
}

/// The variables of the vars files of a group or host, in the order Ansible reads them;
/// `files` by their path relative to the inventory's directory.
fn vars_nodes<'a>(
    files: &BTreeMap<&str, &'a Document>,
    is_host: bool,
    name: &str,
) -> Vec<&'a Node> {
    let subdir = if is_host { "host_vars" } else { "group_vars" };
    if name.starts_with('/') || name.is_empty() {
        return Vec::new();
    }
    let base = format!("{subdir}/{name}");
    let vars_of = |doc: &'a Document| doc.root.children.iter().filter(|c| c.kind == "var");
    for ext in std::iter::once("").chain(VARS_EXTENSIONS) {
        let candidate = format!("{base}{ext}");
        if let Some(doc) = files.get(candidate.as_str()) {
            return vars_of(doc).collect();
        }
        let prefix = format!("{candidate}/");
        let mut inside: Vec<(Vec<&str>, &Document)> = files
            .range(prefix.as_str()..)
            .map_while(|(path, doc)| {
                let rel = path.strip_prefix(&prefix)?;
                Some((rel.split('/').collect(), *doc))
            })
            .collect();
        if inside.is_empty() {
            continue;
        }
        inside.retain(|(parts, _)| readable_in_vars_dir(parts));
        inside.sort_by(|a, b| a.0.cmp(&b.0));
        return inside
            .into_iter()
            .flat_map(|(_, doc)| vars_of(doc))
            .collect();
    }
    Vec::new()
}

/// Whether Ansible reads a file at `parts` (relative to a vars directory).
fn readable_in_vars_dir(parts: &[&str]) -> bool {
    let Some((file, dirs)) = parts.split_last() else {
        return false;
    };
    let visible = |p: &&str| !p.starts_with('.') && !p.ends_with('~');
    dirs.iter().all(|d| visible(d) && extension(d).is_empty())
        && visible(file)
        && (extension(file).is_empty() || VARS_EXTENSIONS.contains(&extension(file)))
}

/// Python's `os.path.splitext(name)[1]`: from the last dot, unless the name only starts
/// with dots.
fn extension(name: &str) -> &str {
    let stem_start = name.len() - name.trim_start_matches('.').len();
    match name[stem_start..].rfind('.') {
        Some(i) => &name[stem_start + i..],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::inventory::{parse_csv, parse_ini, parse_vars, parse_yaml};
    use crate::source::SourceFile;

    /// Links the files, given as (path, text), and returns the hosts of `source`'s document.
    fn linked(files: &[(&str, &str)], source: &str) -> (Vec<Node>, SourceMap) {
        let mut sources = SourceMap::default();
        let mut docs = Vec::new();
        for (path, text) in files {
            let id = sources.add(SourceFile::new(*path, *text));
            let vars = path.contains("group_vars/") || path.contains("host_vars/");
            docs.push(if vars {
                parse_vars(id, text)
            } else if path.ends_with(".yml") {
                parse_yaml(id, text)
            } else if path.ends_with(".csv") {
                parse_csv(id, text)
            } else {
                parse_ini(id, text)
            });
        }
        let refs: Vec<&Document> = docs.iter().collect();
        let linked = link(&refs, &sources);
        let doc = linked
            .into_iter()
            .find(|d| sources.get(d.file).path == source)
            .unwrap_or_else(|| panic!("no inventory for {source}"));
        (doc.root.children, sources)
    }

    fn host<'a>(hosts: &'a [Node], name: &str) -> &'a Node {
        hosts
            .iter()
            .find(|h| h.name.value == name)
            .unwrap_or_else(|| panic!("no host {name}"))
    }

    fn var(h: &Node, name: &str) -> Option<String> {
        h.field(name).map(|v| v.value.text())
    }

    fn groups(h: &Node) -> Vec<String> {
        match h.field("groups").map(|g| &g.value) {
            Some(Value::List(items)) => items.iter().map(|i| i.value.clone()).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn precedence_from_all_to_host_vars() {
        let ini = "[web]\nw1 h=host\nw2\n[web:vars]\na=web\nb=web\nh=web\n\
                   [infra:children]\nweb\n[infra:vars]\na=infra\nc=infra\nf=infra\n\
                   [all:vars]\na=all\nd=all\ng=all\n";
        let files = [
            ("inv/hosts", ini),
            (
                "inv/group_vars/all.yml",
                "d: all-file\ne: all-file\nf: all-file\ng: all-file\n",
            ),
            ("inv/group_vars/infra.yml", "e: infra-file\nf: infra-file\n"),
            ("inv/group_vars/web", "f: web-file\nh: web-file\n"),
            ("inv/host_vars/w1.yml", "h: w1-file\n"),
        ];
        let (hosts, sources) = linked(&files, "inv/hosts");
        let w1 = host(&hosts, "w1");
        // Inventory vars by depth: all < infra < web; then the files in the same order;
        // then the host's own, then its host_vars.
        assert_eq!(var(w1, "a").as_deref(), Some("web"));
        assert_eq!(var(w1, "b").as_deref(), Some("web"));
        assert_eq!(var(w1, "c").as_deref(), Some("infra"));
        assert_eq!(var(w1, "d").as_deref(), Some("all-file"));
        assert_eq!(var(w1, "e").as_deref(), Some("infra-file"));
        assert_eq!(var(w1, "f").as_deref(), Some("web-file"));
        assert_eq!(var(w1, "g").as_deref(), Some("all-file"));
        assert_eq!(var(w1, "h").as_deref(), Some("w1-file"));
        assert_eq!(var(host(&hosts, "w2"), "h").as_deref(), Some("web-file"));
        // Each value spans the definition that won.
        let f = w1.field("f").map(|f| {
            (
                sources.get(f.span.file).path.clone(),
                sources.get(f.span.file).slice(f.span).to_string(),
            )
        });
        assert_eq!(
            f,
            Some(("inv/group_vars/web".to_string(), "f: web-file".to_string()))
        );
        let a = w1
            .field("a")
            .map(|f| sources.get(f.span.file).slice(f.span).to_string());
        assert_eq!(a.as_deref(), Some("a=web"));
        assert_eq!(groups(w1), ["all", "infra", "web"]);
    }

    #[test]
    fn same_depth_groups_by_priority_then_name() {
        let ini = "[b]\nh\n[a]\nh\n[c]\nh\n[b:vars]\nv=b\nansible_group_priority=0\n[a:vars]\nv=a\n[c:vars]\nv=c\n";
        let (hosts, _) = linked(&[("hosts", ini)], "hosts");
        // Priorities: b 0, a 1, c 1: so b < a < c, and c wins.
        let h = host(&hosts, "h");
        assert_eq!(var(h, "v").as_deref(), Some("c"));
        assert_eq!(var(h, "ansible_group_priority"), None);
        let ini = "[b]\nh\n[a]\nh\n[b:vars]\nv=b\n[a:vars]\nv=a\nansible_group_priority=3\n";
        let (hosts, _) = linked(&[("hosts", ini)], "hosts");
        assert_eq!(var(host(&hosts, "h"), "v").as_deref(), Some("a"));
        // A deeper group beats any priority.
        let ini =
            "[p:children]\nc\n[c]\nh\n[p:vars]\nv=p\nansible_group_priority=99\n[c:vars]\nv=c\n";
        let (hosts, _) = linked(&[("hosts", ini)], "hosts");
        assert_eq!(var(host(&hosts, "h"), "v").as_deref(), Some("c"));
    }

    #[test]
    fn all_and_ungrouped_as_ansible_sets_them() {
        let ini = "lone\n[all]\nin_all\n[ungrouped]\nalso\nboth\n[web]\nboth\nw\n";
        let (hosts, _) = linked(&[("hosts", ini)], "hosts");
        assert_eq!(groups(host(&hosts, "lone")), ["all", "ungrouped"]);
        assert_eq!(groups(host(&hosts, "in_all")), ["all", "ungrouped"]);
        assert_eq!(groups(host(&hosts, "also")), ["all", "ungrouped"]);
        assert_eq!(groups(host(&hosts, "both")), ["all", "web"]);
        assert_eq!(groups(host(&hosts, "w")), ["all", "web"]);
        let names: Vec<&str> = hosts.iter().map(|h| h.name.value.as_str()).collect();
        assert_eq!(names, ["also", "both", "in_all", "lone", "w"]);
    }

    #[test]
    fn children_declared_before_their_groups() {
        let ini = "[top:children]\nmid\n[mid:vars]\nv=mid\n[mid:children]\nleaf\n[leaf]\nh\n";
        let (hosts, sources) = linked(&[("hosts", ini)], "hosts");
        let h = host(&hosts, "h");
        assert_eq!(groups(h), ["all", "leaf", "mid", "top"]);
        assert_eq!(var(h, "v").as_deref(), Some("mid"));
        // Membership of an ancestor spans the `children` entry that makes it.
        let top = match h.field("groups").map(|g| &g.value) {
            Some(Value::List(items)) => items.iter().find(|i| i.value == "top").map(|i| i.span),
            _ => None,
        };
        assert_eq!(
            top.map(|s| sources.get(s.file).slice(s).to_string())
                .as_deref(),
            Some("mid")
        );
    }

    #[test]
    fn ports_names_and_group_host_clashes() {
        let ini = "[a]\nh:2222\nh:3333\n[b]\nb x=1\n";
        let (hosts, _) = linked(&[("hosts", ini)], "hosts");
        // Only the line that creates the host sets its port.
        assert_eq!(
            var(host(&hosts, "h"), "ansible_port").as_deref(),
            Some("2222")
        );
        // A variable of a name that is a group goes to the group (and so to its hosts).
        assert_eq!(var(host(&hosts, "b"), "x").as_deref(), Some("1"));
        // Variables Ansible sets itself are left out.
        let (hosts, _) = linked(
            &[("hosts", "h inventory_hostname=x groups=y role_name=z k=1\n")],
            "hosts",
        );
        let h = host(&hosts, "h");
        assert_eq!(var(h, "inventory_hostname"), None);
        assert_eq!(var(h, "role_name"), None);
        assert_eq!(groups(h), ["all", "ungrouped"]);
        assert_eq!(var(h, "k").as_deref(), Some("1"));
    }

    #[test]
    fn vars_files_as_host_group_vars_finds_them() {
        let files = [
            (
                "inv/hosts.yml",
                "all:\n  hosts:\n    web1:\n  children:\n    web:\n      hosts:\n        web1:\n",
            ),
            // The first of NAME, NAME.yml, NAME.yaml, NAME.json: a directory shadows web.yml.
            ("inv/group_vars/web/10-a.yml", "a: 1\nb: 1\n"),
            ("inv/group_vars/web/20-b.json", "{\"b\": 2}"),
            ("inv/group_vars/web/sub/c", "c: 3\n"),
            ("inv/group_vars/web/notes.txt", "d: 4\n"),
            ("inv/group_vars/web/.hidden.yml", "e: 5\n"),
            ("inv/group_vars/web/old.yml~", "f: 6\n"),
            ("inv/group_vars/web/conf.d/x.yml", "g: 7\n"),
            ("inv/group_vars/web.yml", "h: 8\n"),
            ("inv/group_vars/all.yaml", "i: 9\n"),
            ("inv/group_vars/all.json", "{\"j\": 10}"),
            ("inv/host_vars/web1.json", "{\"k\": 11}"),
            ("other/group_vars/all.yml", "z: 0\n"),
        ];
        let (hosts, _) = linked(&files, "inv/hosts.yml");
        let h = host(&hosts, "web1");
        let vars: Vec<(String, String)> = h
            .fields
            .iter()
            .filter(|(k, _)| *k != "groups")
            .map(|(k, v)| (k.clone(), v.value.text()))
            .collect();
        let want = [("a", "1"), ("b", "2"), ("c", "3"), ("i", "9"), ("k", "11")];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(vars, want);
    }

    #[test]
    fn yaml_and_csv_sources() {
        let yaml = "all:\n  vars:\n    v: all\n  children:\n    g:\n      vars: {v: g}\n      hosts:\n        'n[1:2]':\n        x:\n          v: x\n";
        let (hosts, _) = linked(&[("i.yml", yaml)], "i.yml");
        assert_eq!(var(host(&hosts, "n1"), "v").as_deref(), Some("g"));
        assert_eq!(var(host(&hosts, "x"), "v").as_deref(), Some("x"));
        assert_eq!(groups(host(&hosts, "n2")), ["all", "g"]);
        let csv = "hostname,role\nweb1,internet\n";
        let (hosts, _) = linked(
            &[("inv/a.csv", csv), ("inv/group_vars/all.yml", "site: x\n")],
            "inv/a.csv",
        );
        let h = host(&hosts, "web1");
        assert_eq!(var(h, "role").as_deref(), Some("internet"));
        assert_eq!(var(h, "site").as_deref(), Some("x"));
        assert_eq!(groups(h), ["all", "ungrouped"]);
    }

    #[test]
    fn loops_and_vars_directories_are_not_followed() {
        let ini = "[a:children]\nb\n[b:children]\na\n[a]\nh\n";
        let (hosts, _) = linked(&[("hosts", ini)], "hosts");
        // `b` is a child of `a`; making `a` a child of `b` too would close a loop.
        assert_eq!(groups(host(&hosts, "h")), ["a", "all"]);
        let files = [("inv/group_vars/all.yml", "x: 1\n"), ("inv/hosts", "h\n")];
        let mut sources = SourceMap::default();
        let docs: Vec<Document> = files
            .iter()
            .map(|(p, t)| {
                let id = sources.add(SourceFile::new(*p, *t));
                parse_yaml(id, t)
            })
            .collect();
        let refs: Vec<&Document> = docs.iter().collect();
        // A YAML file inside group_vars/ is never an inventory source.
        assert_eq!(link(&refs, &sources).len(), 1);
    }

    /// Links the files and returns every inventory: its first file and its host names.
    fn inventories(files: &[(&str, &str)]) -> Vec<(String, Vec<String>, Vec<String>)> {
        let mut sources = SourceMap::default();
        let mut docs = Vec::new();
        for (path, text) in files {
            let id = sources.add(SourceFile::new(*path, *text));
            docs.push(if path.contains("group_vars/") {
                parse_vars(id, text)
            } else if path.ends_with(".yml") {
                parse_yaml(id, text)
            } else {
                parse_ini(id, text)
            });
        }
        let refs: Vec<&Document> = docs.iter().collect();
        link(&refs, &sources)
            .into_iter()
            .map(|d| {
                let hosts = d.root.children.iter().map(|h| h.name.value.clone());
                let notes = d
                    .diagnostics
                    .iter()
                    .map(|n| format!("{}: {}", n.rule, n.message));
                (
                    sources.get(d.file).path.clone(),
                    hosts.collect(),
                    notes.collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_directory_is_one_inventory_in_name_order() {
        // `ansible-inventory -i inv/prod --list` (ansible-core 2.19.14) reads cloud.yml, then
        // hosts: web1 {a: ini, b: ini, c: yml, d: gv}, web2 {b: ini, d: gv}, web3 {b: ini,
        // d: gv} — a later source replaces a host's and a group's values of an earlier one.
        let files = [
            (
                "inv/prod/hosts",
                "[web]\nweb1 a=ini\nweb2\n[web:vars]\nb=ini\n",
            ),
            (
                "inv/prod/cloud.yml",
                "all:\n  children:\n    web:\n      hosts:\n        web1: {a: yml, c: yml}\n        web3:\n      vars: {b: yml}\n",
            ),
            ("inv/prod/group_vars/web.yml", "d: gv\n"),
            // Skipped by `-i DIR` (`INVENTORY_IGNORE_EXTS`): an inventory of its own.
            ("inv/prod/hosts.bak", "old\n"),
            // Another directory: another inventory, without prod's group_vars.
            ("inv/staging/hosts", "[web]\nweb1\n"),
        ];
        let (hosts, _) = linked(&files, "inv/prod/cloud.yml");
        let w1 = host(&hosts, "web1");
        assert_eq!(var(w1, "a").as_deref(), Some("ini"));
        assert_eq!(var(w1, "b").as_deref(), Some("ini"));
        assert_eq!(var(w1, "c").as_deref(), Some("yml"));
        assert_eq!(var(w1, "d").as_deref(), Some("gv"));
        assert_eq!(var(host(&hosts, "web3"), "b").as_deref(), Some("ini"));
        let all = inventories(&files);
        let names: Vec<(&str, usize)> = all.iter().map(|(f, h, _)| (f.as_str(), h.len())).collect();
        assert_eq!(
            names,
            [
                ("inv/prod/cloud.yml", 3),
                ("inv/prod/hosts.bak", 1),
                ("inv/staging/hosts", 1)
            ]
        );
        let (staging, _) = linked(&files, "inv/staging/hosts");
        assert_eq!(var(host(&staging, "web1"), "d"), None);
    }

    #[test]
    fn plugins_are_notes_and_constructed_hosts_are_not_checked() {
        let files = [
            ("inv/a-hosts", "web1\nweb2\n"),
            (
                "inv/m-constructed.yml",
                "plugin: constructed\ngroups:\n  internet: \"true\"\n",
            ),
            ("inv/z-late.yml", "all:\n  hosts:\n    late1:\n"),
            ("inv/aws_ec2.yml", "plugin: amazon.aws.aws_ec2\n"),
        ];
        let all = inventories(&files);
        assert_eq!(all.len(), 1);
        let (_, hosts, notes) = &all[0];
        // The hosts read before `constructed` are its to group: left out, named.
        assert_eq!(hosts, &["late1"]);
        assert_eq!(
            notes,
            &[
                "not-checked: the `amazon.aws.aws_ec2` inventory plugin computes its hosts, \
                 groups and variables when Ansible runs: art32 does not run inventory plugins, \
                 so they are not checked",
                "not-checked: the `constructed` inventory plugin computes groups and variables \
                 (`groups`) of 2 hosts when Ansible runs, so art32 does not check them: \
                 `web1`, `web2`",
            ]
        );
        // Read first (or alone), it computes nothing; without its options, nothing either.
        let alone = inventories(&[(
            "i/c.yml",
            "plugin: ansible.builtin.constructed\ncompose:\n  x: 1\n",
        )]);
        assert!(alone[0].2[0].contains("no source of this inventory comes before it"));
        let idle = inventories(&[("i/a", "h\n"), ("i/c.yml", "plugin: constructed\n")]);
        assert_eq!(idle[0].1, ["h"]);
    }

    #[test]
    fn extensions_as_python_splits_them() {
        assert_eq!(extension("a.yml"), ".yml");
        assert_eq!(extension(".hidden"), "");
        assert_eq!(extension("conf.d"), ".d");
        assert_eq!(extension("a.b.json"), ".json");
        assert_eq!(extension("noext"), "");
    }
}

#[cfg(test)]
mod budget_tests {
    use super::*;
    use crate::formats::inventory::{parse_ini, parse_vars};
    use crate::source::SourceFile;

    /// Links the files within `work` steps: per inventory, its first file, its hosts (name
    /// and how many variables) and its diagnostics.
    type Linked = Vec<(String, Vec<(String, usize)>, Vec<String>)>;

    fn linked_within(files: &[(String, String)], work: usize) -> Linked {
        let mut sources = SourceMap::default();
        let mut docs = Vec::new();
        for (path, text) in files {
            let id = sources.add(SourceFile::new(path.clone(), text.clone()));
            docs.push(if path.contains("group_vars/") {
                parse_vars(id, text)
            } else {
                parse_ini(id, text)
            });
        }
        let refs: Vec<&Document> = docs.iter().collect();
        link_within(&refs, &sources, work)
            .into_iter()
            .map(|d| {
                let hosts = d
                    .root
                    .children
                    .iter()
                    .map(|h| (h.name.value.clone(), h.fields.len() - 1))
                    .collect();
                let notes = d
                    .diagnostics
                    .iter()
                    .map(|n| format!("{}: {}", n.rule, n.message))
                    .collect();
                (sources.get(d.file).path.clone(), hosts, notes)
            })
            .collect()
    }

    #[test]
    fn host_ranges_are_capped_per_inventory_not_per_pattern() {
        // 500 patterns of 10 000 hosts each, in two files of one inventory: 10 000 hosts in
        // all, and one finding, at the first pattern cut.
        let half: String = (0..250).map(|i| format!("h{i:03}-[0:9999]\n")).collect();
        let later: String = (250..500).map(|i| format!("h{i:03}-[0:9999]\n")).collect();
        let files = [
            ("inv/a.ini".to_string(), format!("[web]\n{half}")),
            ("inv/b.ini".to_string(), format!("[web]\n{later}")),
        ];
        let out = linked_within(&files, MAX_INVENTORY_WORK);
        assert_eq!(out.len(), 1);
        let (_, hosts, notes) = &out[0];
        assert_eq!(hosts.len(), MAX_RANGE_HOSTS);
        assert_eq!(
            notes,
            &[
                "parse-error: the host ranges of this inventory make 5000000 hosts in all, more \
               than the 10000 art32 makes for one inventory: the hosts of this pattern past \
               those and of the ranges after it are not checked"
            ]
        );
        // Plain host names are no ranges: 20 000 of them are read.
        let plain: String = (0..20_000).map(|i| format!("p{i}\n")).collect();
        let out = linked_within(&[("inv/hosts".to_string(), plain)], MAX_INVENTORY_WORK);
        assert_eq!(out[0].1.len(), 20_000);
        assert!(out[0].2.is_empty(), "{:?}", out[0].2);
    }

    /// Two inventories (directories) of 3 hosts each sharing nothing: within a budget that
    /// the first spends, the second is not resolved at all, and one finding names its hosts.
    #[test]
    fn the_step_budget_is_shared_by_the_inventories_of_a_run() {
        let mut files = Vec::new();
        for inv in ["a", "b", "c"] {
            files.push((format!("{inv}/hosts"), "[web]\nw1\nw2\nw3\n".to_string()));
            let vars: String = (0..10).map(|i| format!("v{i}: x\n")).collect();
            files.push((format!("{inv}/group_vars/web.yml"), vars));
        }
        let full = linked_within(&files, MAX_INVENTORY_WORK);
        assert_eq!(full.len(), 3);
        assert!(
            full.iter().all(|(_, h, n)| h.len() == 3 && n.is_empty()),
            "{full:?}"
        );
        // What one inventory takes, measured.
        let mut inventory = Inventory::new(MAX_INVENTORY_WORK);
        let one = &files[..2];
        let docs: Vec<Document> = {
            let mut sources = SourceMap::default();
            one.iter()
                .map(|(p, t)| {
                    let id = sources.add(SourceFile::new(p.clone(), t.clone()));
                    if p.contains("group_vars/") {
                        parse_vars(id, t)
                    } else {
                        parse_ini(id, t)
                    }
                })
                .collect()
        };
        inventory.replay(&docs[0].root);
        inventory.reconcile();
        let vars = [VarsFile {
            path: "group_vars/web.yml",
            doc: &docs[1],
        }];
        let (hosts, unchecked) = inventory.host_nodes(&vars);
        assert_eq!((hosts.len(), unchecked.len()), (3, 0));
        let per_inventory = MAX_INVENTORY_WORK - inventory.work.get().unwrap_or(0);

        // Enough for one and a half: `a` whole, `b` in part, `c` not at all.
        let out = linked_within(&files, per_inventory * 3 / 2);
        let (a, b, c) = (&out[0], &out[1], &out[2]);
        assert_eq!(a.1.len(), 3);
        assert!(a.2.is_empty(), "{a:?}");
        // Every host that is checked has all its variables (10 and `ansible_port`-less).
        assert!(b.1.iter().all(|(_, vars)| *vars == 10), "{b:?}");
        assert!(b.1.len() < 3, "{b:?}");
        assert_eq!(b.2.len(), 1, "{b:?}");
        assert!(
            b.2[0].starts_with(
                "parse-error: resolving the groups and variables of the \
                                inventories takes more than"
            ),
            "{b:?}"
        );
        assert!(b.2[0].ends_with("`w3`"), "{b:?}");
        assert!(c.1.is_empty(), "{c:?}");
        assert_eq!(
            c.2,
            [format!(
                "parse-error: resolving the groups and variables of the inventories takes more \
                 than {MAX_INVENTORY_WORK} steps in all (groups nested too deep, or very many \
                 hosts sharing very many variables): art32 does not check the 3 hosts of this \
                 inventory: `w1`, `w2`, `w3`"
            )]
        );
    }
}
