//! `group_vars/` and `host_vars/` files, which Ansible's `host_group_vars` plugin loads as it
//! loads an inventory file ([`super::load`]); which of them a group or host reads is for
//! linking to say ([`super::variables`]).

use crate::model::{Document, FileKind, ParseDiagnostic};
use crate::source::FileId;

use super::load::load_yaml;
use super::text::root_node;
use super::values::{Data, Item, push_var_nodes};

/// Parses a `group_vars/` or `host_vars/` file: one `var` node per variable. An empty
/// file, or one whose value is empty, sets nothing; anything else must be a mapping.
pub fn parse_vars(file: FileId, text: &str) -> Document {
    let mut root = root_node(file, text);
    let mut diagnostics = Vec::new();
    match load_yaml(file, text) {
        Err(e) => diagnostics.push(ParseDiagnostic::error(e.span, e.message)),
        Ok(loaded) => {
            diagnostics.extend(loaded.diagnostics);
            match loaded.data {
                Some(Item {
                    data: Data::Map(entries),
                    ..
                }) => push_var_nodes(&mut root, &entries),
                Some(item) if !item.data.is_falsy() => diagnostics.push(ParseDiagnostic::error(
                    item.span,
                    format!(
                        "a vars file must hold a mapping of variables, not a {}",
                        item.data.type_name()
                    ),
                )),
                _ => {}
            }
        }
    }
    Document {
        kind: FileKind::InventoryVars,
        file,
        root,
        diagnostics,
    }
}
