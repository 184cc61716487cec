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

/// Sets the fields a format derives on a node its linker never saw: the default that
/// `rules::inherit` stands in for a directive no level sets (a Postfix
/// `smtpd_tls_protocols` default gets its `protocols`, as a linked one does).
pub fn derive(kind: FileKind, node: &mut Node) {
    if matches!(kind, FileKind::PostfixMain | FileKind::PostfixMaster) {
        postfix::derive::param_fields(node);
    }
}
