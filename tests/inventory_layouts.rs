//! Ansible inventory layouts through the built binary: which files are inventories, which
//! files are one inventory, and that `/etc/hosts` is never one.
//!
//! What Ansible does, checked with ansible-core 2.19.14 (`ansible-inventory -i SRC --list`):
//! - `-i inventories/prod` reads every file of the directory in name order (skipping
//!   hidden names, `group_vars`, `host_vars` and `INVENTORY_IGNORE_EXTS`) as one inventory,
//!   with the `group_vars/` and `host_vars/` of that directory
//!   (https://docs.ansible.com/ansible/latest/inventory_guide/intro_inventory.html#organizing-inventory-in-a-directory).
//! - A file without an extension is tried by the `yaml` plugin before the `ini` plugin
//!   (`enable_plugins` order; the yaml plugin accepts no extension, `.yml`, `.yaml`,
//!   `.json`): a YAML mapping in `inventories/staging/hosts` is a YAML inventory.
//! - `/etc/hosts` is the resolver's host table (hosts(5)), not an inventory.

use std::collections::BTreeSet;
use std::path::Path;

mod support;
use support::{json_findings, lint_json, write};

/// Lints `paths` from `dir`: the linted file count and the findings as (path, line, rule).
fn lint(dir: &Path, paths: &[&str]) -> (u64, BTreeSet<(String, u64, String)>) {
    let v = lint_json(dir, paths);
    let findings = json_findings(&v)
        .into_iter()
        .map(|f| (f.path, f.line, f.rule))
        .collect();
    (v["summary"]["files"].as_u64().unwrap(), findings)
}

fn found(list: &[(&str, u64, &str)]) -> BTreeSet<(String, u64, String)> {
    list.iter()
        .map(|(p, l, r)| (p.to_string(), *l, r.to_string()))
        .collect()
}

const RESOLVER_HOSTS: &str = "127.0.0.1\tlocalhost\n::1 localhost ip6-localhost\n\
                              192.0.2.10 www1.example.com www1 tom_role=internet\n";

#[test]
fn environment_layouts_are_inventories_merged_by_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    // inventories/<env>/inventory: INI without an extension, plus a YAML source and
    // group_vars in the same directory: one inventory. c1 is in `web` through cloud.yml, and
    // gets its role from the INI source's `[web:vars]` (ansible-inventory -i
    // inventories/prod --list: c1 {tom_role: internet}).
    write(
        root,
        "inventories/prod/inventory",
        "[web]\np1 tom_commissioned=15.03.2021\n[web:vars]\ntom_role=internet\n",
    );
    write(
        root,
        "inventories/prod/cloud.yml",
        "web:\n  hosts:\n    c1:\n",
    );
    write(
        root,
        "inventories/prod/group_vars/all.yml",
        "tom_backup_media: [disk, tape]\ntom_last_check: 2026-11-24\n",
    );
    // inventories/<env>/hosts holding YAML: read as YAML, as Ansible's yaml plugin comes
    // before the ini plugin for a file without an extension.
    write(
        root,
        "inventories/staging/hosts",
        "all:\n  hosts:\n    s1:\n      tom_role: data\n      tom_commissioned: 15.03.2021\n      \
         tom_backup_media: [disk, tape]\n      tom_last_check: 2026-11-24\n",
    );
    // inventory/<env>/hosts and inventory/<env>/inventory, each with its own group_vars.
    write(
        root,
        "inventory/dev/hosts",
        "d1 tom_role=internet tom_commissioned=2026-01-01 tom_last_check=2026-11-24\n",
    );
    write(
        root,
        "inventory/dev/group_vars/all",
        "tom_backup_media: disk\n",
    );
    write(
        root,
        "inventory/test/inventory",
        "t1 tom_role=internet tom_commissioned=2026-01-01 tom_backup_media=a,b \
         tom_last_check=2026-11-24\n",
    );
    // Deeper environment directories too (openshift-ansible's inventory/dynamic/aws/inventory).
    write(
        root,
        "inventory/dynamic/aws/inventory",
        "a1 tom_role=internet tom_commissioned=2026-01 tom_backup_media=a,b \
         tom_last_check=2026-11-24\n",
    );
    // The resolver's host table, wherever it sits: never an inventory.
    write(root, "etc/hosts", RESOLVER_HOSTS);
    write(root, "hosts/web1/etc/hosts", RESOLVER_HOSTS);
    write(root, "inventory/etc/hosts", RESOLVER_HOSTS);
    write(root, "inventories/prod/files/etc/hosts", RESOLVER_HOSTS);

    let (files, findings) = lint(root, &["."]);
    let want = found(&[
        // p1's date is no date; c1 has none (its role comes from the other source).
        ("inventories/prod/cloud.yml", 3, "inventory.commission-date"),
        ("inventories/prod/inventory", 2, "inventory.commission-date"),
        ("inventories/staging/hosts", 5, "inventory.commission-date"),
        // dev's group_vars/all (no extension) is read: one medium.
        ("inventory/dev/group_vars/all", 1, "inventory.backup-media"),
    ]);
    assert_eq!(findings, want);
    // Six sources and two vars files; no `hosts` under an `etc`.
    assert_eq!(files, 8, "{findings:?}");

    // Whatever the lint root (issue 10): the environment's directory, from the top or
    // from inside it, and one source alone (as pre-commit passes it), judge as `.` does.
    let prod = found(&[
        ("inventories/prod/cloud.yml", 3, "inventory.commission-date"),
        ("inventories/prod/inventory", 2, "inventory.commission-date"),
    ]);
    assert_eq!(lint(root, &["inventories/prod"]).1, prod);
    assert_eq!(lint(&root.join("inventories/prod"), &[]).1, prod);
    assert_eq!(
        lint(root, &["inventories/prod/inventory"]).1,
        found(&[("inventories/prod/inventory", 2, "inventory.commission-date")])
    );
}

#[test]
fn etc_hosts_is_never_an_inventory() {
    // A repository that is `/etc` itself, and one with host trees: only the fstab is read.
    for layout in [
        "hosts",
        "etc/hosts",
        "srv/web1/etc/hosts",
        "inventory/etc/hosts",
        "inventories/prod/files/etc/hosts",
        "inventory/hosts_files/web1/etc/hosts",
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), layout, RESOLVER_HOSTS);
        write(dir.path(), "fstab", "/dev/sda1 / ext4 defaults 0 1\n");
        let (files, findings) = lint(dir.path(), &["."]);
        assert!(
            findings.iter().all(|(p, _, _)| !p.ends_with("hosts")),
            "{layout}: {findings:?}"
        );
        assert_eq!(files, 1, "{layout}: only the fstab is read");
    }
}
