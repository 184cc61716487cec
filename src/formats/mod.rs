//! The formats: one folder each, with its parser (a pure function from text to a
//! [`Document`]) and, where files of the format are read together, its linker.

pub mod crypttab;
pub mod fstab;
pub mod inventory;
pub mod nginx;
pub mod postfix;

use crate::model::{Document, FileKind, Node};
use crate::source::FileId;

/// Parses one file of the given kind. Never fails: problems are in `diagnostics`.
pub fn parse(kind: FileKind, file: FileId, text: &str) -> Document {
    match kind {
        FileKind::Fstab => fstab::parse::parse(file, text),
        FileKind::Crypttab => crypttab::parse::parse(file, text),
        FileKind::Nginx => nginx::parse::parse(file, text),
        FileKind::PostfixMain => postfix::parse::parse_main(file, text),
        FileKind::PostfixMaster => postfix::parse::parse_master(file, text),
        FileKind::InventoryVars => inventory::parse::parse_vars(file, text),
        FileKind::InventoryYaml => inventory::parse::parse_yaml(file, text),
        FileKind::InventoryCsv => inventory::parse::parse_csv(file, text),
        FileKind::InventoryIni => inventory::parse::parse_ini(file, text),
    }
}

/// Gives a node the rule engine builds (a directive's default, `rules::inherit`) the
/// fields linking gives the format's own nodes of that name.
pub fn derive(kind: FileKind, node: &mut Node) {
    if kind == FileKind::Nginx {
        nginx::logs::derive(node);
    }
}
