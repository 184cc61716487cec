//! `docs/rules/` is what the rule files render to (`art32::rule_docs::pages`): no page
//! missing, stale or left over. `ART32_UPDATE_RULE_DOCS=1` rewrites the directory.

use std::collections::BTreeMap;
use std::path::Path;

const REGENERATE: &str = "regenerate them with `ART32_UPDATE_RULE_DOCS=1 cargo test --test rule_docs` \
                          and commit docs/rules/";

fn on_disk(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        out.insert(name, text);
    }
    out
}

#[test]
fn rule_docs_are_current() {
    let pages = art32::rule_docs::pages().expect("built-in rules compile");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(art32::rule_docs::DIR);
    if std::env::var_os("ART32_UPDATE_RULE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, _) in on_disk(&dir) {
            if !pages.contains_key(&name) {
                std::fs::remove_file(dir.join(name)).unwrap();
            }
        }
        for (name, text) in &pages {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let disk = on_disk(&dir);
    let mut problems = Vec::new();
    for (name, text) in &pages {
        match disk.get(name) {
            None => problems.push(format!("missing: docs/rules/{name}")),
            Some(t) if t != text => problems.push(format!("stale: docs/rules/{name}")),
            Some(_) => {}
        }
    }
    for name in disk.keys().filter(|n| !pages.contains_key(*n)) {
        problems.push(format!("not generated from a rule: docs/rules/{name}"));
    }
    assert!(
        problems.is_empty(),
        "the rule pages are not current:\n  {}\n{REGENERATE}",
        problems.join("\n  ")
    );
}

/// Every rule with a check has a page, and the page shows its examples, TOM items in
/// both languages and its references: the links from SARIF and `explain` lead there.
#[test]
fn every_checked_rule_has_a_full_page() {
    let pages = art32::rule_docs::pages().unwrap();
    let config = art32::config::Config::default_config();
    let reg = art32::rules::Registry::load(&config).unwrap();
    let checked: Vec<_> = reg.rules.iter().filter(|r| r.check.is_some()).collect();
    assert!(checked.len() >= 30, "{} rules", checked.len());
    for r in checked {
        let page = pages
            .get(&format!("{}.md", r.id))
            .unwrap_or_else(|| panic!("{}: no page", r.id));
        assert!(page.contains(&r.title), "{}", r.id);
        let ex = r.example.as_ref().unwrap();
        assert!(
            page.contains(ex.fail.as_written().trim_end()),
            "{}: fail example",
            r.id
        );
        assert!(
            page.contains(ex.pass.as_written().trim_end()),
            "{}: pass example",
            r.id
        );
        for t in &r.tom {
            let item = reg.catalogue.item(t).unwrap();
            assert!(
                page.contains(&item.en) && page.contains(&item.de),
                "{}: {t}",
                r.id
            );
        }
        for reference in &r.references {
            assert!(page.contains(reference.as_str()), "{}: reference", r.id);
        }
        for k in r.default_params.keys() {
            assert!(page.contains(&format!("\n{k} = ")), "{}: param {k}", r.id);
        }
        assert!(pages["README.md"].contains(&format!("({}.md)", r.id)));
    }
}

#[test]
fn links_point_at_the_pages() {
    assert_eq!(
        art32::rules::doc_url("nginx.hsts"),
        format!(
            "{}/blob/main/docs/rules/nginx.hsts.md",
            env!("CARGO_PKG_REPOSITORY")
        )
    );
}

/// Only a rule built into art32 links a page: a repository's own rule (even one that
/// takes a built-in id) has none in art32's docs.
#[test]
fn only_builtin_rules_link_a_page() {
    let config = art32::config::Config::default_config();
    let reg = art32::rules::Registry::load(&config).unwrap();
    let hsts = reg.get("nginx.hsts").unwrap();
    assert_eq!(hsts.doc_url(), Some(art32::rules::doc_url("nginx.hsts")));
    let own = art32::rules::RuleSource {
        path: "policy/rules/nginx/hsts.toml".into(),
        text: hsts
            .text
            .replacen("severity = \"warning\"", "severity = \"error\"", 1),
        builtin: false,
    };
    let reg =
        art32::rules::Registry::compile(&[own], art32::catalogue::Catalogue::builtin(), &config)
            .unwrap();
    let own = reg.get("nginx.hsts").unwrap();
    assert_eq!(own.default_severity.name(), "error");
    assert_eq!(own.doc_url(), None);
}
