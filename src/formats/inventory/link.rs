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
//! `vars/manager.py`, `plugins/vars/host_group_vars.py`, `parsing/dataloader.py`): the
//! sources are replayed as Ansible builds its groups and hosts ([`super::replay`]), and each
//! host's effective variables are merged from them and the vars files
//! ([`super::variables`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Document, FileKind, Node, ParseDiagnostic};
use crate::source::{SourceMap, Span, Spanned};

use super::replay::Inventory;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::inventory::test_support::{host, linked, var};
    use crate::formats::inventory::{parse_ini, parse_vars, parse_yaml};
    use crate::source::SourceFile;

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
