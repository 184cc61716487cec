//! Issue 12, "memory bounded by the input": the budgets of Ansible inventories are totals,
//! not per item — hosts made by ranges per inventory (not per pattern), resolution steps
//! per run (not per inventory), YAML alias expansion in bytes (not nodes) — and what a
//! budget stops is named once and never judged out of context. Counts, not timings.

use art32::formats::inventory::{MAX_INVENTORY_WORK, MAX_RANGE_HOSTS, link, parse_ini, parse_vars};
use art32::model::Document;
use art32::source::{SourceFile, SourceMap};

mod support;

/// (path, rule, message) of each finding of a lint run over `files` in a repository.
fn lint_files(files: &[(String, String)]) -> Vec<(String, String, String)> {
    support::lint_in_process(files.to_vec(), None)
}

/// The linked inventories of INI sources and vars files: (hosts, diagnostics) each.
fn linked(files: &[(String, String)]) -> Vec<(usize, Vec<String>)> {
    let mut sources = SourceMap::default();
    let docs: Vec<Document> = files
        .iter()
        .map(|(path, text)| {
            let id = sources.add(SourceFile::new(path.clone(), text.clone()));
            if path.contains("group_vars/") {
                parse_vars(id, text)
            } else {
                parse_ini(id, text)
            }
        })
        .collect();
    let refs: Vec<&Document> = docs.iter().collect();
    link(&refs, &sources)
        .into_iter()
        .map(|d| {
            let notes = d.diagnostics.iter().map(|n| n.message.clone()).collect();
            (d.root.children.len(), notes)
        })
        .collect()
}

/// 500 lines of `h{i}-[0:9999]` (7 KB) asked for 5 000 000 hosts: 2.2 GB and 43 s, then no
/// host checked. The 10 000 hosts are a cap of the inventory, across its patterns and
/// files, with one finding at the first pattern cut.
#[test]
fn host_ranges_are_capped_per_inventory() {
    let lines = |from: usize, to: usize| -> String {
        (from..to).map(|i| format!("h{i:03}-[0:9999]\n")).collect()
    };
    for (a, b) in [(lines(0, 2), lines(2, 3)), (lines(0, 250), lines(250, 500))] {
        let out = linked(&[
            ("inventory/a.ini".into(), format!("[web]\n{a}")),
            ("inventory/b.ini".into(), format!("[db]\n{b}")),
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0, MAX_RANGE_HOSTS);
        assert_eq!(out[0].1.len(), 1, "{:?}", out[0].1);
        assert!(
            out[0].1[0].starts_with("the host ranges of this inventory make "),
            "{:?}",
            out[0].1
        );
    }
}

/// Three inventories whose groups nest 1 400 deep: each takes about 2 000 000 steps, within
/// the budget alone (it was a budget per inventory), not all together. The first two are
/// judged; the third is not judged at all (its host would otherwise be judged without its
/// groups), and one finding names its host.
#[test]
fn the_step_budget_is_shared_by_the_inventories_of_a_run() {
    let mut chain: String = (0..1400)
        .map(|i| format!("[g{i}:children]\ng{}\n", i + 1))
        .collect();
    chain.push_str("[g1400]\nweb1 tom_role=internet\n");
    let found = lint_files(&[
        ("a/inventory/hosts".into(), chain.clone()),
        ("b/inventory/hosts".into(), chain.clone()),
        ("c/inventory/hosts".into(), chain),
    ]);
    let of = |dir: &str| -> Vec<&(String, String, String)> {
        found.iter().filter(|f| f.0.starts_with(dir)).collect()
    };
    for judged in ["a/", "b/"] {
        assert!(
            of(judged).iter().any(|f| f.1.starts_with("inventory.")),
            "{found:?}"
        );
        assert!(
            !of(judged).iter().any(|f| f.1 == "parse-error"),
            "{found:?}"
        );
    }
    let c = of("c/");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].1, "parse-error");
    assert_eq!(
        c[0].2,
        format!(
            "resolving the groups and variables of the inventories takes more than \
             {MAX_INVENTORY_WORK} steps in all (groups nested too deep, or very many hosts \
             sharing very many variables): art32 does not check the 1 host of this \
             inventory: `web1`"
        )
    );
}

/// A 1 MB scalar aliased 3 000 times asked for 3 GB (saphyr's budget counts nodes). Alias
/// expansion is counted in bytes: one finding, the file not read.
#[test]
fn alias_expansion_is_counted_in_bytes() {
    let vars = format!(
        "a: &x \"{}\"\n{}",
        "y".repeat(1 << 20),
        (0..3000).map(|i| format!("b{i}: *x\n")).collect::<String>()
    );
    let vars_len = vars.len();
    let found = lint_files(&[
        ("inventory/hosts".into(), "[web]\nw1\n".into()),
        ("inventory/group_vars/web.yml".into(), vars),
    ]);
    let errors: Vec<_> = found.iter().filter(|f| f.1 == "parse-error").collect();
    assert_eq!(errors.len(), 1, "{found:?}");
    assert_eq!(errors[0].0, "inventory/group_vars/web.yml");
    let budget = format!("aliases expand to more than {} bytes", vars_len);
    assert!(errors[0].2.starts_with(&budget), "{errors:?}");
}
