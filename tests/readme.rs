//! The README's rule table is rendered from the registry: one row a rule with a check,
//! in the registry's order (by id, as `art32 rules` lists them), with its id and TOM
//! items. The `checks` column says in a line what the rule checks; the rule records hold
//! no such line, so it is the README's own text, kept row by row (a new rule starts with
//! its title). When the table differs, the test prints the table to paste.

use std::path::Path;

use art32::config::Config;
use art32::rules::Registry;

const HEADER: &str = "| rule | TOM | checks |";

/// The `checks` text of `id`'s row anywhere in the README.
fn checks_of<'a>(readme: &'a str, id: &str) -> Option<&'a str> {
    let start = format!("| `{id}` |");
    readme.lines().find_map(|line| {
        let rest = line.strip_prefix(&start)?;
        let (_tom, checks) = rest.split_once(" | ")?;
        Some(checks.strip_suffix(" |").unwrap_or(checks).trim())
    })
}

/// The table as the registry renders it, with the README's `checks` text.
fn expected_table(registry: &Registry, readme: &str) -> String {
    let mut out = format!("{HEADER}\n|---|---|---|\n");
    for rule in registry.rules.iter().filter(|r| r.check.is_some()) {
        let checks = checks_of(readme, &rule.id).unwrap_or(&rule.title);
        out.push_str(&format!(
            "| `{}` | {} | {checks} |\n",
            rule.id,
            rule.tom.join(", ")
        ));
    }
    out
}

#[test]
fn readme_rule_table_is_rendered_from_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let registry = Registry::load(&Config::default_config()).expect("built-in rules compile");
    let want = expected_table(&registry, &readme);

    let lines: Vec<&str> = readme.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == HEADER)
        .unwrap_or_else(|| panic!("README.md has no line `{HEADER}`"));
    let table: Vec<&str> = lines[at..]
        .iter()
        .copied()
        .take_while(|l| l.starts_with('|'))
        .collect();
    let got = format!("{}\n", table.join("\n"));
    // A row of a rule outside the table (after a blank line, Markdown's end of a table)
    // is stale even when the table is right.
    let stray: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < at || *i >= at + table.len())
        .map(|(_, l)| *l)
        .filter(|l| {
            registry
                .rules
                .iter()
                .any(|r| l.starts_with(&format!("| `{}` |", r.id)))
        })
        .collect();
    assert!(
        got == want && stray.is_empty(),
        "README.md's rule table (line {}) is not the registry's{}; replace it with:\n\n{want}",
        at + 1,
        if stray.is_empty() {
            String::new()
        } else {
            format!(", and these rows lie outside it:\n{}", stray.join("\n"))
        },
    );
}

/// The rendering itself: a rule with a row keeps its `checks` text, a new rule starts
/// with its title, and rules without a check (the engine's own) have no row.
#[test]
fn the_rendered_table_keeps_the_readmes_checks_text() {
    let registry = Registry::load(&Config::default_config()).unwrap();
    let readme = "| `nginx.autoindex` | 9.z | no `autoindex on` |\n";
    let table = expected_table(&registry, readme);
    assert!(
        table.starts_with("| rule | TOM | checks |\n|---|---|---|\n"),
        "{table}"
    );
    assert!(
        table.contains("\n| `nginx.autoindex` | 3.b | no `autoindex on` |\n"),
        "{table}"
    );
    let title = &registry.get("fstab.nfs-kerberos").unwrap().title;
    assert!(
        table.contains(&format!("\n| `fstab.nfs-kerberos` | 2.b.ii | {title} |\n")),
        "{table}"
    );
    assert!(!table.contains("`parse-error`"), "{table}");
    let rows = table.lines().count() - 2;
    assert_eq!(rows, registry.active().count());
}

/// The install instructions name the version being released: every `v0.1.0`,
/// `art32-0.1.0-`, `art32==0.1.0` and `rev: v0.1.0` in the README and the install and
/// Action pages is Cargo.toml's version, so a version bump that forgets them fails here.
#[test]
fn install_instructions_name_the_cargo_version() {
    let version = env!("CARGO_PKG_VERSION");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shapes = regex::Regex::new(
        r"(?:releases/download/v|art32-|art32==|rev: v|art32/art32@v|--tag v)(\d+\.\d+\.\d+)",
    )
    .unwrap();
    let mut seen = 0;
    for page in ["README.md", "docs/install.md", "docs/github-action.md"] {
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        for c in shapes.captures_iter(&text) {
            seen += 1;
            assert_eq!(
                &c[1], version,
                "{page}: `{}` is not the version in Cargo.toml",
                &c[0]
            );
        }
    }
    assert!(
        seen >= 8,
        "only {seen} versioned install instructions found"
    );
}
