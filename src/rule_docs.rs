//! The rule documentation in the repository, `docs/rules/<id>.md`: one Markdown page a
//! built-in rule, and an index, generated from the rule records (the single source of
//! truth) with the pieces `art32 explain` uses. SARIF's `helpUri` and `explain` link the
//! pages (`Rule::doc_url`); `tests/rule_docs.rs` fails when the files differ from what
//! this renders.

use std::collections::BTreeMap;

use crate::catalogue::Catalogue;
use crate::commands::{how_to_fix, inline_toml, profile_section, what_it_checks};
use crate::config::Config;
use crate::defaults::Defaults;
use crate::error::Error;
use crate::rules::{Registry, Rule};
use crate::tls::profile::Profiles;

/// Where the pages are, relative to the repository root.
pub use crate::rules::DOCS_DIR as DIR;

/// Every page, by file name within [`DIR`]: one a built-in rule, and `README.md`
/// listing them. Rendered with the built-in rules, catalogue and defaults, as no
/// `art32.toml` changes them.
pub fn pages() -> Result<BTreeMap<String, String>, Error> {
    let config = Config::default_config();
    let registry = Registry::load(&config)?;
    let defaults = crate::formats::defaults(&config.versions);
    let mut out = BTreeMap::new();
    let rules: Vec<&Rule> = registry.rules.iter().filter(|r| r.is_builtin()).collect();
    for r in &rules {
        out.insert(
            format!("{}.md", r.id),
            page(r, &registry.catalogue, &registry.profiles, &defaults),
        );
    }
    out.insert("README.md".to_string(), index(&rules));
    Ok(out)
}

const GENERATED: &str = "<!-- Generated from the rule files by `ART32_UPDATE_RULE_DOCS=1 cargo test --test rule_docs`; do not edit. -->\n";

fn index(rules: &[&Rule]) -> String {
    let mut out = format!(
        "{GENERATED}\n# art32 rules\n\nEvery rule built into art32 (`art32 rules` lists them, `art32 explain ID` \
         shows one).\n\n| Rule | Severity | TOM | Title |\n|---|---|---|---|\n"
    );
    for r in rules {
        out.push_str(&format!(
            "| [`{}`]({}.md) | {} | {} | {} |\n",
            r.id,
            r.id,
            r.default_severity.name(),
            if r.tom.is_empty() {
                "–".to_string()
            } else {
                r.tom.join(", ")
            },
            cell(&r.title)
        ));
    }
    out
}

/// The page of one rule: what `art32 explain` shows, as Markdown, with the defaults.
pub fn page(
    rule: &Rule,
    catalogue: &Catalogue,
    profiles: &Profiles,
    defaults: &Defaults,
) -> String {
    let mut out = format!(
        "{GENERATED}\n# `{}` — {}\n\n- **Severity:** {}\n",
        rule.id,
        rule.title,
        rule.default_severity.name()
    );
    if let Some(check) = &rule.check {
        out.push_str(&format!("- **Files:** {}\n", check.kind.family()));
    } else {
        out.push_str("- **Reported by:** art32 itself, for any file\n");
    }
    out.push_str(&format!(
        "- **Configure:** `[rules.\"{}\"]` in `art32.toml` (`enabled`, `severity`, `exclude`{})\n",
        rule.id,
        if rule.default_params.is_empty() {
            ""
        } else {
            ", `params`"
        }
    ));
    if !rule.tom.is_empty() {
        out.push_str("\n## TOM\n\n");
        for t in &rule.tom {
            match catalogue.item(t) {
                Some(item) => {
                    out.push_str(&format!("- **{t}** {}<br>\n  _„{}“_\n", item.en, item.de))
                }
                None => out.push_str(&format!("- **{t}**\n")),
            }
        }
    }
    out.push_str(&format!("\n## Why\n\n{}\n", rule.rationale.trim()));
    if let Some(check) = &rule.check {
        out.push_str(&format!(
            "\n## What it checks\n\n{}\n",
            what_it_checks(check)
        ));
    }
    out.push_str(&format!(
        "\n## How to fix\n\n{}\n",
        how_to_fix(rule, &rule.default_params).trim()
    ));
    if !rule.default_params.is_empty() {
        out.push_str("\n## Params\n\nThe defaults; set `params.NAME` under the rule's table in `art32.toml` to change one.\n\n");
        let body: String = rule
            .default_params
            .iter()
            .map(|(k, v)| format!("{k} = {}\n", inline_toml(v)))
            .collect();
        out.push_str(&fenced("toml", &body));
    }
    if let Some(section) = profile_section(rule, profiles, defaults) {
        out.push_str("\n## TLS profile\n\n");
        let body: String = section
            .lines()
            .skip_while(|l| l.trim().is_empty() || l.trim() == "TLS profile")
            .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
            .collect();
        out.push_str(&fenced("text", &body));
    }
    if !rule.references.is_empty() {
        out.push_str("\n## References\n\n");
        for r in &rule.references {
            out.push_str(&format!("- {r}\n"));
        }
    }
    if let (Some(ex), Some(check)) = (&rule.example, &rule.check) {
        let path = ex.path.as_deref().unwrap_or(check.kind.example_path());
        let lang = if check.kind.family().name() == "nginx" {
            "nginx"
        } else {
            "text"
        };
        for (title, text) in [("Fails", &ex.fail), ("Passes", &ex.pass)] {
            out.push_str(&format!("\n## {title}\n\n`{path}`:\n\n"));
            out.push_str(&fenced(lang, text.as_written()));
        }
        if !ex.context.is_empty() {
            out.push_str("\nWith these files beside it:\n");
            for (p, text) in &ex.context {
                out.push_str(&format!("\n`{p}`:\n\n"));
                out.push_str(&fenced("text", text.as_written()));
            }
        }
        // The page shows the placeholders, not the dates of the day it was generated,
        // which would go stale (and make the page differ from the test's every day).
        if ex.has_dates() {
            out.push_str(
                "\n`{today}`, `{today-7d}`, `{today+1y}` stand for the day the example is run, \
                 a week before it, a year after it (units `y`, `mo`, `w`, `d`): the example \
                 holds on any day. `art32 explain` shows them as dates.\n",
            );
        }
    }
    out
}

/// A fenced code block whose fence no line of `text` can close.
fn fenced(lang: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{}\n{fence}\n", text.trim_end())
}

/// Text in a table cell: a `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
