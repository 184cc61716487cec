//! YAML inventories (`plugins/inventory/yaml.py`) and inventory plugin configurations.
//!
//! Top-level keys are groups; a group holds `vars`, `children` and `hosts` mappings (a
//! string stands for one key); a host's value is its variables or empty. Ansible skips,
//! with a warning, top-level group values that are no mapping and other keys, and uses the
//! last value of a duplicate key: art32 says so in `not-checked` notes (what was skipped is
//! not checked). A child group whose value is no mapping is skipped too, and then Ansible
//! refuses the file (`g is not a known host nor group`): a parse error, as is everything
//! Ansible refuses.
//!
//! A mapping with a `plugin` key configures an inventory plugin: one `plugin` node (name =
//! the plugin, args = the [`CONSTRUCTING_OPTIONS`] it sets) and nothing else, as the plugin
//! computes its hosts and groups when Ansible runs.

use crate::model::{Node, ParseDiagnostic};
use crate::source::{Span, Spanned};

use super::host_patterns::{HostPattern, host_node};
use super::text::excerpt;
use super::values::{Data, Item, push_var_nodes};

pub(super) fn yaml_groups(
    root: &[(Item, Item)],
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Vec<Node> {
    root.iter()
        .filter_map(|(k, v)| yaml_group(k, v, false, diagnostics))
        .collect()
}

/// A group of a YAML inventory; `child` for an entry of a `children` mapping.
fn yaml_group(
    key: &Item,
    value: &Item,
    child: bool,
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Option<Node> {
    let name = match &key.data {
        Data::Str(s) if !s.is_empty() => s.clone(),
        other => {
            diagnostics.push(ParseDiagnostic::error(
                key.span,
                format!(
                    "invalid group name `{}`: a group name must be a non-empty string",
                    excerpt(&other.key_text())
                ),
            ));
            return None;
        }
    };
    let entries = match &value.data {
        Data::Map(entries) => entries.as_slice(),
        Data::Null => &[],
        other => {
            // Ansible skips it with a warning; as a child, it then fails to add the group it
            // skipped (`g is not a known host nor group`) and refuses the file.
            let message = format!(
                "`{}` is not a valid group definition (a {}, not a mapping): ansible skips it",
                excerpt(&name),
                other.type_name()
            );
            diagnostics.push(if child {
                ParseDiagnostic::error(
                    value.span,
                    format!(
                        "{message}, and then refuses the file, as its parent names it as a child"
                    ),
                )
            } else {
                ParseDiagnostic::not_checked(value.span, message)
            });
            return None;
        }
    };
    let span = key.span.to(value.span);
    let mut node = Node::new("group", Spanned::new(name.clone(), key.span), span);
    for (k, v) in entries {
        let section = match &k.data {
            Data::Str(s) => s.as_str(),
            _ => "",
        };
        // A string stands for a mapping with that one key.
        let single;
        let members: &[(Item, Item)] = match &v.data {
            Data::Map(m) => m,
            Data::Null => continue,
            Data::Str(s) if matches!(section, "vars" | "children" | "hosts") => {
                single = [(
                    Item::new(Data::Str(s.clone()), v.span),
                    Item::new(Data::Null, Span::new(v.span.file, v.span.end, v.span.end)),
                )];
                &single
            }
            other => {
                // Ansible refuses a `vars`, `children` or `hosts` that is no mapping, and
                // skips other keys with a warning.
                diagnostics.push(if matches!(section, "vars" | "children" | "hosts") {
                    ParseDiagnostic::error(
                        v.span,
                        format!(
                            "invalid `{section}` entry for group `{}`: requires a mapping, found a {}",
                            excerpt(&name),
                            other.type_name()
                        ),
                    )
                } else {
                    ParseDiagnostic::not_checked(
                        v.span,
                        format!(
                            "key `{}` in group `{}` is not a mapping: ansible skips it",
                            excerpt(&k.data.key_text()),
                            excerpt(&name)
                        ),
                    )
                });
                continue;
            }
        };
        match section {
            "vars" => push_var_nodes(&mut node, members),
            "children" => {
                for (ck, cv) in members {
                    if let Some(child) = yaml_group(ck, cv, true, diagnostics) {
                        node.children.push(child);
                    }
                }
            }
            "hosts" => {
                node.children.reserve_exact(members.len());
                for (hk, hv) in members {
                    node.children.push(yaml_host(hk, hv, diagnostics));
                }
            }
            _ => diagnostics.push(ParseDiagnostic::not_checked(
                k.span,
                format!(
                    "unexpected key `{}` in group `{}`: only `vars`, `children` and `hosts` are valid, ansible skips it",
                    excerpt(&k.data.key_text()),
                    excerpt(&name)
                ),
            )),
        }
    }
    Some(node)
}

fn yaml_host(key: &Item, value: &Item, diagnostics: &mut Vec<ParseDiagnostic>) -> Node {
    let definition = key.span.to(value.span);
    let Data::Str(pattern) = &key.data else {
        diagnostics.push(ParseDiagnostic::error(
            key.span,
            format!(
                "host pattern `{}` must be a string: quote it",
                excerpt(&key.data.key_text())
            ),
        ));
        return Node::new(
            "host",
            Spanned::new(key.data.key_text(), key.span),
            definition,
        );
    };
    let mut node = host_node(
        &HostPattern {
            pattern,
            span: key.span,
            exact: key.span.len() == pattern.len(),
            definition,
        },
        false,
        diagnostics,
    );
    match &value.data {
        Data::Map(vars) => push_var_nodes(&mut node, vars),
        d if d.is_falsy() => {}
        other => diagnostics.push(ParseDiagnostic::error(
            value.span,
            format!(
                "the variables of host `{}` must be a mapping, not a {}",
                excerpt(pattern),
                other.type_name()
            ),
        )),
    }
    node
}

/// The options with which the `constructed` plugin (and every plugin with Ansible's
/// `Constructable` options) computes groups and variables of hosts at run time.
const CONSTRUCTING_OPTIONS: [&str; 3] = ["groups", "keyed_groups", "compose"];

/// A `plugin` node for an inventory plugin configuration: name = the plugin as written
/// (`constructed`, `amazon.aws.aws_ec2`), spanning the `plugin:` entry; args = those of
/// [`CONSTRUCTING_OPTIONS`] that the configuration sets (not empty).
pub(super) fn plugin_node(key: &Item, plugin: &Item, entries: &[(Item, Item)]) -> Node {
    let span = key.span.to(plugin.span);
    let mut node = Node::new(
        "plugin",
        Spanned::new(plugin.data.scalar_text(), plugin.span),
        span,
    );
    node.args = entries
        .iter()
        .filter_map(|(k, v)| match &k.data {
            Data::Str(s) if CONSTRUCTING_OPTIONS.contains(&s.as_str()) && !v.data.is_falsy() => {
                Some(Spanned::new(s.clone(), k.span))
            }
            _ => None,
        })
        .collect();
    node
}

#[cfg(test)]
mod tests {
    use crate::formats::inventory::parse_yaml;
    use crate::formats::inventory::test_support::{F, find, hosts_of, messages, value};
    use crate::model::Value;

    #[test]
    fn yaml_inventory_layout_and_null_hosts() {
        let text = "all:\n  hosts:\n    web[1:2]:\n    db:2222:\n      x: 1\n  vars:\n    v: 1\n  \
                    children:\n    g:\n      hosts: single\n    empty:\n";
        let doc = parse_yaml(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(hosts_of(&doc), ["web1", "web2", "db", "single"]);
        let db =
            find(&doc.root, "host", "db:2222").map(|h| h.field("port").map(|p| p.value.clone()));
        assert_eq!(db, Some(Some(Value::Int(2222))));
        assert!(find(&doc.root, "group", "empty").is_some());
        assert_eq!(value(&doc, "v"), Value::Int(1));

        let doc = parse_yaml(
            F,
            "all:\n  hosts: [a, b]\n  bogus: {}\n  children:\n    g: [1]\n  vars:\n    x: 1\n1234:\n  hosts:\n    5678:\n",
        );
        assert_eq!(
            messages(&doc),
            [
                "invalid `hosts` entry for group `all`: requires a mapping, found a list",
                "unexpected key `bogus` in group `all`: only `vars`, `children` and `hosts` are valid, ansible skips it",
                "`g` is not a valid group definition (a list, not a mapping): ansible skips it, and then refuses the file, as its parent names it as a child",
                "invalid group name `1234`: a group name must be a non-empty string",
            ]
        );
        // Only what Ansible refuses is an error; what it skips with a warning is a note
        // (ansible-inventory 2.19.14: "Skipping unexpected key (bogus) in group (all)", and
        // for a top-level `g: [1]`, "Skipping 'g' as this is not a valid group definition").
        let rules: Vec<&str> = doc.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(
            rules,
            ["parse-error", "not-checked", "parse-error", "parse-error"]
        );
        let doc = parse_yaml(F, "g: [1]\nall:\n  hosts:\n    a:\n");
        let rules: Vec<&str> = doc.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(
            (rules, hosts_of(&doc)),
            (vec!["not-checked"], vec!["a".to_string()])
        );
    }
}
