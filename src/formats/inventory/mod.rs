//! Ansible inventories, read the way `ansible-inventory --list` of ansible-core 2.19 reads
//! them: INI and YAML inventory sources, the `group_vars/`/`host_vars/` files beside them,
//! and CSV asset lists (an art32 format: a header row, one host per row).
//!
//! The parsed trees are raw: what each file says, in file order. [`link`] replays them the
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
