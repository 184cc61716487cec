//! Ansible inventories: sources (INI, YAML, CSV, plugin configurations) and their
//! `group_vars`/`host_vars` files, read as ansible-core 2.19's `ini` and `yaml`
//! inventory plugins read them (`parse.rs`), then linked (`link.rs`) into the hosts
//! Ansible would see, each with its effective variables.

pub mod link;
pub mod parse;

use super::{Comments, Format, HASH_COMMENTS, Kind, LinkContext, Linked, PLAIN_INHERITANCE};
use crate::model::{Document, Family, FileKind};

/// A glob `PREFIX<dir>SUFFIX` where `<dir>` is one path component other than `etc`
/// (globset has no negation, so: not starting with `e`, or `e`, `e…`, `et`, `et…`, `etc…`
/// without being exactly `etc`).
macro_rules! not_etc {
    ($prefix:literal, $suffix:literal) => {
        concat!($prefix, "{[!e]*,e,e[!t]*,et,et[!c]*,etc?*}", $suffix)
    };
}

/// Hosts carry their variables as fields; which ones is up to the inventory.
const FIELDS: &[&str] = &["groups"];

/// Ansible's YAML reader refuses text that is not UTF-8 (its INI reader escapes it).
const YAML_UTF8: Option<&str> =
    Some("which Ansible's YAML reader refuses (`surrogates not allowed`)");

/// INI inventories: `#` and `;` lines, but only `#` ends a host line (Ansible's ini
/// plugin reads `; …` there as a variable and fails).
const INI_COMMENTS: Comments = Comments {
    line: &['#', ';'],
    trailing: &['#'],
};

pub static FORMAT: Format = Format {
    family: Family::Inventory,
    name: "inventory",
    kinds: &[
        Kind {
            kind: FileKind::InventoryVars,
            name: "inventory-vars",
            globs: &[
                "**/inventory/**/group_vars/**",
                "**/inventory/**/host_vars/**",
                "**/inventories/**/group_vars/**",
                "**/inventories/**/host_vars/**",
            ],
            fields: FIELDS,
            key_field: None,
            example_path: "inventory/hosts.ini",
            parse: parse::parse_vars,
            comments: HASH_COMMENTS,
            refuses_invalid_utf8: YAML_UTF8,
            sniff: None,
            markup_is_template: false,
        },
        Kind {
            kind: FileKind::InventoryYaml,
            name: "inventory-yaml",
            globs: &[
                "**/inventory/**/*.yml",
                "**/inventory/**/*.yaml",
                "**/inventories/**/*.yml",
                "**/inventories/**/*.yaml",
                "**/inventory.yml",
                "**/inventory.yaml",
                "**/hosts.yml",
                "**/hosts.yaml",
            ],
            fields: FIELDS,
            key_field: None,
            example_path: "inventory/hosts.yml",
            parse: parse::parse_yaml,
            comments: HASH_COMMENTS,
            refuses_invalid_utf8: YAML_UTF8,
            sniff: None,
            markup_is_template: false,
        },
        Kind {
            kind: FileKind::InventoryCsv,
            name: "inventory-csv",
            globs: &["**/inventory/**/*.csv", "**/inventories/**/*.csv"],
            fields: FIELDS,
            key_field: None,
            example_path: "inventory/assets.csv",
            parse: parse::parse_csv,
            comments: HASH_COMMENTS,
            refuses_invalid_utf8: None,
            sniff: None,
            markup_is_template: false,
        },
        // Files without an extension are read as Ansible reads them: YAML if they hold a
        // mapping, else INI (`parse.rs`). `hosts` and `inventory` are claimed in
        // `inventory/` or `inventories/` and in the directories below them
        // (`inventories/<env>/hosts`) but one called `etc`: an `etc/hosts` is the
        // resolver's file, not an inventory, in any layout.
        Kind {
            kind: FileKind::InventoryIni,
            name: "inventory-ini",
            globs: &[
                "**/inventory/hosts*",
                "**/inventory/inventory",
                "**/inventories/hosts",
                "**/inventories/inventory",
                not_etc!("**/inventory/**/", "/hosts"),
                not_etc!("**/inventory/**/", "/inventory"),
                not_etc!("**/inventories/**/", "/hosts"),
                not_etc!("**/inventories/**/", "/inventory"),
                "**/inventory/**/*.ini",
                "**/inventories/**/*.ini",
                "**/inventory.ini",
                "**/hosts.ini",
            ],
            fields: FIELDS,
            key_field: None,
            example_path: "inventory/hosts.ini",
            parse: parse::parse_ini,
            comments: INI_COMMENTS,
            refuses_invalid_utf8: None,
            sniff: None,
            markup_is_template: false,
        },
    ],
    defaults: None,
    link: Some(link),
    whole_family: true,
    includes: false,
    inheritance: PLAIN_INHERITANCE,
};

/// Links the sources of each inventory directory with its vars files; the parsed files
/// are not needed after.
fn link(parsed: &mut Vec<Document>, cx: &LinkContext) -> Linked {
    let parsed = std::mem::take(parsed);
    let docs: Vec<&Document> = parsed.iter().collect();
    Linked::from_docs(link::link(&docs, cx.sources))
}
