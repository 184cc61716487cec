//! The parsed sources of one inventory replayed as Ansible builds its inventory
//! (`inventory/data.py`, `group.py`, `host.py`, `helpers.py`), within the budgets of
//! [`super::link`]:
//! - Sources are replayed in order. A host belongs to the groups it is listed in and to all
//!   their ancestors; once everything is read, groups without a parent become children of
//!   `all`, and hosts in no group but `all` join `ungrouped` (hosts in another group leave
//!   it). A child that would make a loop of groups is not added. A host's `ansible_port`
//!   comes from the first `host:port` that creates it.
//! - Setting a variable on a name looks for a group of that name first, then a host.
//!   `ansible_group_priority` in an inventory source sets the group's priority instead of a
//!   variable (in a vars file it is a plain variable).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{Fields, Node, Value};
use crate::source::{Span, Spanned};

use super::host_patterns::expand_host_ranges;
use super::ini::priority_of;
use super::link::MAX_RANGE_HOSTS;

/// An inventory plugin configuration met while replaying the sources.
pub(super) struct Plugin<'a> {
    pub(super) node: &'a Node,
    /// How many hosts the sources read before it made.
    pub(super) hosts_before: usize,
}

pub(super) struct Group {
    pub(super) name: String,
    /// Its variables (few, mostly: a vector, not a map's node of eleven).
    pub(super) vars: Fields,
    pub(super) priority: i64,
    /// Parent groups, with the line that made this group their child (none for `all`'s
    /// children that Ansible adds itself).
    parents: Vec<(usize, Option<Span>)>,
}

pub(super) struct Host {
    pub(super) name: String,
    /// Its first definition.
    pub(super) first: Span,
    pub(super) vars: Fields,
    /// The groups it is listed in, with where.
    groups: Vec<(usize, Span)>,
}

pub(super) struct Inventory<'a> {
    pub(super) groups: Vec<Group>,
    group_index: HashMap<String, usize>,
    pub(super) hosts: Vec<Host>,
    host_index: HashMap<String, usize>,
    /// What is left of [`MAX_INVENTORY_WORK`](super::link::MAX_INVENTORY_WORK); `None` once it ran out.
    pub(super) work: std::cell::Cell<Option<usize>>,
    pub(super) plugins: Vec<Plugin<'a>>,
    /// What is left of [`MAX_RANGE_HOSTS`].
    ranges_left: usize,
    /// How many hosts the ranges ask for, all together.
    pub(super) ranges_asked: u128,
    /// The first pattern whose hosts were not all made.
    pub(super) ranges_cut: Option<Span>,
}

pub(super) const ALL: usize = 0;
const UNGROUPED: usize = 1;

/// INI `[parent:children]` entries naming groups not declared yet: child → (parent, at),
/// in file order.
type Pending = BTreeMap<String, Vec<(usize, Span)>>;

impl<'a> Inventory<'a> {
    pub(super) fn new(work: usize) -> Self {
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
            vars: Fields::default(),
            priority: 1,
            parents: Vec::new(),
        });
        let g = self.groups.len() - 1;
        self.group_index.insert(name.to_string(), g);
        g
    }

    /// Spends `n` steps of the budget; false once it is spent.
    pub(super) fn spend(&self, n: usize) -> bool {
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
                let mut vars = Fields::default();
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

    pub(super) fn replay(&mut self, root: &'a Node) {
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
    pub(super) fn reconcile(&mut self) {
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
    pub(super) fn ancestry(&self, h: usize) -> BTreeMap<usize, Span> {
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
    pub(super) fn depths(&self) -> Vec<usize> {
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
}

#[cfg(test)]
mod tests {
    use crate::formats::inventory::test_support::{groups, host, linked, var};
    use crate::formats::inventory::{link, parse_yaml};
    use crate::model::{Document, Value};
    use crate::source::{SourceFile, SourceMap};

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
}
