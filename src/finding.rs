//! Findings: what rules report, in the order users see them.

use std::fmt;

use serde::Serialize;

use crate::source::Span;

/// Ids of the rules the engine itself reports.
pub const PARSE_ERROR: &str = "parse-error";
pub const SKIPPED_FILE: &str = "skipped-file";
/// A file a kind claims that was not read (binary, too large, unreadable): its findings
/// would be hidden, so it is an error by default.
pub const UNREAD_FILE: &str = "unread-file";
pub const NOT_CHECKED: &str = "not-checked";
/// An `[[attest]]` of `art32.toml` whose `valid-for` has run out.
pub const ATTESTATION_OVERDUE: &str = "art32.attestation-overdue";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "note" => Some(Severity::Note),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A secondary label: "inherited from here", "`NAME` is not declared in this crypttab".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub tom: Vec<String>,
    pub primary: Label,
    pub labels: Vec<Label>,
    pub message: String,
    pub help: String,
    /// Where the node sits in its document, e.g. `mount[/srv]/options`: stable
    /// when lines move, for fingerprints.
    pub node_path: String,
    /// The checked node's name (`server`, an fstab line's device): where context
    /// labels about that node go.
    pub anchor: Span,
}

/// Items as a message names them: `` `a`, `b` ``, each in backticks.
pub fn code_list<T: fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// art32's fingerprint of a finding: FNV-1a (64 bits) over the rule, the path and the
/// node's structural path (or, for findings about no node, the text they point at).
/// Stable across platforms and Rust versions, unlike `std`'s hashers; not unique
/// when one rule reports one node twice.
pub fn fingerprint(rule: &str, path: &str, node_path: &str) -> String {
    // Separated, so that ("ab", "c") and ("a", "bc") differ.
    let input = [rule, path, node_path].join("\0");
    format!("{:016x}", fnv1a(input.as_bytes()))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_fnv1a_of_rule_path_and_node() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(
            fingerprint("r", "p", "n"),
            format!("{:016x}", fnv1a(b"r\0p\0n"))
        );
        assert_ne!(fingerprint("ab", "c", "x"), fingerprint("a", "bc", "x"));
    }
}
