//! Which reader reads an inventory source, as Ansible's plugins try it in turn: every file is
//! read as JSON first and as YAML only if that fails ([`super::load`]). A file that loads to
//! a non-empty mapping is a YAML inventory (the `yaml` plugin runs before `ini` for files
//! with no extension or `.yml`/`.yaml`/`.json`); anything else, an empty file included, is
//! read as INI. A mapping with a `plugin` key configures an inventory plugin.
//!
//! Deliberate difference: a YAML mapping is read as a YAML inventory whatever the file is
//! called (Ansible reads YAML only from files with no extension or a YAML one).

use crate::model::{Document, FileKind, ParseDiagnostic};
use crate::source::FileId;

use super::ini::ini_nodes;
use super::load::{Loaded, load_yaml};
use super::text::{excerpt, is_vault_encrypted, root_node, vault_diagnostic};
use super::values::{Data, Item};
use super::yaml::{plugin_node, yaml_groups};

/// Parses a YAML inventory. Like Ansible, a file that is no YAML mapping is read as INI
/// (an empty file is an empty inventory).
pub fn parse_yaml(file: FileId, text: &str) -> Document {
    read_inventory(FileKind::InventoryYaml, file, text)
}

/// Parses an INI inventory. A file that holds a YAML mapping is read as a YAML inventory,
/// as Ansible reads an inventory file without an extension.
pub fn parse_ini(file: FileId, text: &str) -> Document {
    read_inventory(FileKind::InventoryIni, file, text)
}

fn read_inventory(kind: FileKind, file: FileId, text: &str) -> Document {
    let mut root = root_node(file, text);
    let mut diagnostics = Vec::new();
    let document = |root, diagnostics| Document {
        kind,
        file,
        root,
        diagnostics,
    };
    if is_vault_encrypted(text) {
        return document(root, vec![vault_diagnostic(file, text)]);
    }
    let yaml = load_yaml(file, text);
    if let Ok(Loaded {
        data: Some(Item {
            data: Data::Map(entries),
            ..
        }),
        diagnostics: loaded,
    }) = &yaml
        && !entries.is_empty()
    {
        diagnostics.extend(loaded.iter().cloned());
        if let Some((key, plugin)) = entries
            .iter()
            .find(|(k, v)| matches!(&k.data, Data::Str(s) if s == "plugin") && !v.data.is_falsy())
        {
            let name = plugin.data.scalar_text();
            if kind == FileKind::InventoryIni {
                diagnostics.push(ParseDiagnostic::error(
                    key.span.to(plugin.span),
                    format!(
                        "inventory plugin configuration (`plugin: {}`) in a file not named `.yml` or `.yaml`: ansible's `auto` plugin reads plugin configurations only from such files, and its `yaml` and `ini` plugins refuse this one",
                        excerpt(&name)
                    ),
                ));
            } else {
                root.children.push(plugin_node(key, plugin, entries));
            }
        } else {
            root.children = yaml_groups(entries, &mut diagnostics);
        }
        return document(root, diagnostics);
    }
    let (nodes, ini_diagnostics) = ini_nodes(file, text);
    if ini_diagnostics.is_empty() || kind == FileKind::InventoryIni {
        root.children = nodes;
        return document(root, ini_diagnostics);
    }
    match yaml {
        Err(e) => diagnostics.push(ParseDiagnostic::error(e.span, e.message)),
        Ok(loaded) => {
            diagnostics.extend(loaded.diagnostics);
            if let Some(item) = loaded.data {
                diagnostics.push(ParseDiagnostic::error(
                    item.span,
                    format!(
                        "a YAML inventory must be a mapping of groups, not {}",
                        if item.data.is_falsy() {
                            "an empty value".to_string()
                        } else {
                            format!("a {}", item.data.type_name())
                        }
                    ),
                ));
            }
        }
    }
    document(root, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::inventory::test_support::{F, hosts_of, messages};
    use crate::formats::inventory::{parse_ini, parse_vars};
    use crate::model::FileKind;

    #[test]
    fn what_is_no_inventory() {
        // A plugin configuration is read by the plugin at run time: a `plugin` node, which
        // linking turns into a `not-checked` note, no error.
        let doc = parse_yaml(F, "plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n");
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let plugin = &doc.root.children[0];
        assert_eq!(
            (plugin.kind, plugin.name.value.as_str(), plugin.args.len()),
            ("plugin", "amazon.aws.aws_ec2", 0)
        );
        let text = "plugin: constructed\nstrict: false\ngroups: {web: \"true\"}\ncompose: {}\nkeyed_groups:\n  - key: x\n";
        let doc = parse_yaml(F, text);
        let plugin = &doc.root.children[0];
        let args: Vec<&str> = plugin.args.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(args, ["groups", "keyed_groups"]);
        assert_eq!(
            &text[plugin.span.start..plugin.span.end],
            "plugin: constructed"
        );
        // Ansible reads plugin configurations only from `.yml`/`.yaml` files (`auto`); in a
        // file without such a name, its `yaml` and `ini` plugins both refuse it.
        let doc = parse_ini(F, "plugin: constructed\n");
        assert!(doc.root.children.is_empty());
        assert_eq!(
            messages(&doc),
            [
                "inventory plugin configuration (`plugin: constructed`) in a file not named `.yml` or `.yaml`: ansible's `auto` plugin reads plugin configurations only from such files, and its `yaml` and `ini` plugins refuse this one"
            ]
        );
        let doc = parse_ini(F, "$ANSIBLE_VAULT;1.1;AES256\n6161\n");
        assert_eq!(
            messages(&doc),
            ["the file is vault-encrypted: art32 cannot read it without the vault password"]
        );
        // An empty YAML file is an empty inventory, as Ansible's INI reader makes it.
        assert!(parse_yaml(F, "# nothing\n").diagnostics.is_empty());
        let doc = parse_yaml(F, "- a\n- b\n");
        assert_eq!(
            messages(&doc),
            ["a YAML inventory must be a mapping of groups, not a list"]
        );
        // A file without an extension may hold YAML: read as YAML, like Ansible's yaml plugin.
        let doc = parse_ini(F, "all:\n  hosts:\n    a:\n");
        assert_eq!(
            (doc.kind, hosts_of(&doc)),
            (FileKind::InventoryIni, vec!["a".to_string()])
        );
        // `{}` is empty to the yaml plugin, so the ini plugin reads it: a host named `{}`.
        assert_eq!(hosts_of(&parse_ini(F, "{}")), ["{}"]);
        assert_eq!(
            messages(&parse_vars(F, "- a\n")),
            ["a vars file must hold a mapping of variables, not a list"]
        );
    }
}
