//! Ansible inventories, read the way `ansible-inventory --list` of ansible-core 2.19 reads
//! them: INI and YAML inventory sources, the `group_vars/`/`host_vars/` files beside them,
//! and CSV asset lists (an art32 format: a header row, one host per row).
//!
//! The parsed trees are raw: what each file says, in file order. [`link()`] replays them the
//! way Ansible builds its inventory and computes each host's effective variables.
//!
//! Layout. The root's children are `group` nodes (a YAML top-level key, an INI section) and,
//! for INI lines before the first section and CSV rows, `host` nodes of group `ungrouped`.
//! - `group`: name = the group; INI sections carry field `section` (`hosts`, `vars` or
//!   `children`). Children: `var`, `host`, `child` (INI `[g:children]` entries) and, in YAML,
//!   nested `group` nodes (`children:`), in file order.
//! - `host`: name = the host pattern as written, `args` = the host names it expands to,
//!   field `port` (from `host:port`); `var` children are its inline variables.
//! - `var`: name = the variable, field `value` = its value as Ansible types it; the node spans
//!   the whole definition. Integers are `Int`, booleans `Bool`; floats, dates (ISO format),
//!   and null (empty text) are `Str`; a list of scalars is a `List`, each item spanned;
//!   mappings and nested lists are `Str` holding compact JSON, as `ansible-inventory --list`
//!   prints them. A `!unsafe` value is its plain value (`ansible-inventory` wraps it in
//!   `{"__ansible_unsafe": …}`).
//! - `plugin`: an inventory plugin configuration (a YAML mapping with a `plugin` key, in a
//!   `.yml`/`.yaml` source): name = the plugin, args = the `CONSTRUCTING_OPTIONS` it sets
//!   (`yaml.rs`). Such a file has no other nodes: the plugin computes its hosts and groups
//!   when Ansible runs, and linking names what that leaves unchecked (a `not-checked` note).
//!
//! Vault. A value tagged `!vault` (inline ansible-vault ciphertext) is no parse error, as it
//! is none for Ansible, which decrypts it only when the value is used: the value is
//! `Value::Opaque` holding what `ansible-inventory --list` prints (`{"__ansible_vault": "…"}`),
//! and so is a list or mapping with such a value inside. Rules cannot judge it: for every
//! test but `exists` it is unknown, which the rule engine reports as a `not-checked` note at
//! the value instead of judging the ciphertext as if it were plain text
//! (`rules::predicate`). A whole file encrypted with ansible-vault is `discover`'s to skip
//! with one `skipped-file` note; given one anyway, the parsers report that they cannot read
//! it.
//!
//! What Ansible does (ansible-core 2.19.14, `plugins/inventory/{yaml,ini}.py`,
//! `plugins/inventory/__init__.py`, `parsing/utils/addresses.py`, `parsing/utils/yaml.py`,
//! PyYAML 6's `resolver.py`/`constructor.py`), checked against its output in
//! `tests/conformance_inventory.rs`, is in the doc of each module, one a seam:
//! - reading: `sources.rs` (which reader reads a source), `load.rs` (JSON, else YAML, with
//!   spans and bounds), `yaml11.rs` (PyYAML's YAML 1.1 typing), `python.rs`
//!   (`ast.literal_eval` and Python's way of writing values), `shlex.rs`, `text.rs` (lines
//!   as Python splits them), `values.rs` (values as Ansible holds them, as model values);
//! - the formats: `yaml.rs` (YAML inventories and plugin configurations), `ini.rs`,
//!   `csv.rs`, `vars.rs` (`group_vars/`/`host_vars/` files), `host_patterns.rs` (`name:port`
//!   and ranges);
//! - linking: `link.rs` (which files are one inventory, plugins, budgets), `replay.rs` (the
//!   groups and hosts Ansible builds), `variables.rs` (each host's effective variables).
//!
//! Deliberate differences: art32 reports every problem and reads on where Ansible gives up on
//! the file; the others are in the module docs.

mod csv;
mod host_patterns;
mod ini;
mod link;
mod load;
mod python;
mod replay;
mod scope;
mod shlex;
mod sources;
mod text;
mod values;
mod variables;
mod vars;
mod yaml;
mod yaml11;

#[cfg(test)]
mod test_support;

pub use self::csv::parse_csv;
pub use link::{MAX_INVENTORY_WORK, MAX_RANGE_HOSTS, VarsFile, effective, link};
pub use sources::{parse_ini, parse_yaml};
pub use vars::parse_vars;

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
            parse: parse_vars,
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
            parse: parse_yaml,
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
            parse: parse_csv,
            comments: HASH_COMMENTS,
            refuses_invalid_utf8: None,
            sniff: None,
            markup_is_template: false,
        },
        // Files without an extension are read as Ansible reads them: YAML if they hold a
        // mapping, else INI (`sources.rs`). `hosts` and `inventory` are claimed in
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
            parse: parse_ini,
            comments: INI_COMMENTS,
            refuses_invalid_utf8: None,
            sniff: None,
            markup_is_template: false,
        },
    ],
    defaults: None,
    link: Some(link_family),
    context: super::Context::Pick(scope::pick),
    includes: false,
    inheritance: PLAIN_INHERITANCE,
    derive: None,
};

/// Links the sources of each inventory directory with its vars files; the parsed files
/// are not needed after.
fn link_family(parsed: &mut Vec<Document>, cx: &LinkContext) -> Linked {
    let parsed = std::mem::take(parsed);
    let docs: Vec<&Document> = parsed.iter().collect();
    Linked::from_docs(link(&docs, cx.sources))
}
