//! Each host's effective variables, as Ansible merges them (`vars/manager.py`,
//! `plugins/vars/host_group_vars.py`, `parsing/dataloader.py`):
//! - Each later step replacing whole values of earlier ones: `all`'s inventory variables;
//!   the other groups' inventory variables, groups sorted by depth (the longest path from
//!   `all`), priority (default 1) and name; `group_vars/all`; the other groups' `group_vars`
//!   files in the same order; the host's inventory variables; its `host_vars` files.
//! - For a group or host `NAME`, the first of `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json`
//!   that exists is read; a directory is read whole, recursively and sorted by name, skipping
//!   names that start with `.` or end with `~`, directories with an extension, and files
//!   with an extension other than those three.
//! - `ansible-inventory` drops variables that Ansible sets itself at run time
//!   ([`INTERNAL_VARIABLES`], `constants.INTERNAL_STATIC_VARS`); so does art32, which keeps
//!   the field `groups` for the host's groups.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Document, Fields, Node, Value};
use crate::source::Spanned;

use super::link::VarsFile;
use super::replay::{ALL, Inventory};

/// Variables Ansible sets itself, which `ansible-inventory` leaves out of its output.
const INTERNAL_VARIABLES: &[&str] = &[
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

impl Inventory<'_> {
    /// One node per host, in host name order, and the hosts (indexes) left out because the
    /// steps ran out before they were resolved.
    pub(super) fn host_nodes<'f>(&'f self, files: &[VarsFile<'f>]) -> (Vec<Node>, Vec<usize>) {
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
            // The winning definition of each variable, by reference: only what the host
            // ends up with is copied.
            let mut vars: BTreeMap<&str, Spanned<&Value>> = BTreeMap::new();
            self.spend(self.groups[ALL].vars.len());
            extend(&mut vars, &self.groups[ALL].vars);
            for &g in &sorted {
                if !self.spend(1 + self.groups[g].vars.len()) {
                    break;
                }
                extend(&mut vars, &self.groups[g].vars);
            }
            let mut from_files = |vars: &mut BTreeMap<&'f str, Spanned<&'f Value>>,
                                  is_host: bool,
                                  index: usize,
                                  name: &str| {
                let found = cache
                    .entry((is_host, index))
                    .or_insert_with(|| vars_nodes(files, is_host, name));
                self.spend(1 + found.len());
                for var in found.iter() {
                    if let Some(value) = var.field("value") {
                        vars.insert(&var.name.value, Spanned::new(&value.value, var.span));
                    }
                }
            };
            from_files(&mut vars, false, ALL, "all");
            for &g in &sorted {
                from_files(&mut vars, false, g, &self.groups[g].name);
            }
            extend(&mut vars, &host.vars);
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
                if !INTERNAL_VARIABLES.contains(&name) {
                    node.fields.insert(
                        name.to_string(),
                        Spanned::new(value.value.clone(), value.span),
                    );
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

/// Sets the variables of `from` in `vars`, each replacing an earlier definition.
fn extend<'v>(vars: &mut BTreeMap<&'v str, Spanned<&'v Value>>, from: &'v Fields) {
    for (name, value) in from {
        vars.insert(name, Spanned::new(&value.value, value.span));
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
    use crate::formats::inventory::test_support::{groups, host, linked, var};

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
    fn extensions_as_python_splits_them() {
        assert_eq!(extension("a.yml"), ".yml");
        assert_eq!(extension(".hidden"), "");
        assert_eq!(extension("conf.d"), ".d");
        assert_eq!(extension("a.b.json"), ".json");
        assert_eq!(extension("noext"), "");
    }
}
