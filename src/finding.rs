//! Findings: what rules report, in the order users see them.

use std::fmt;

use serde::Serialize;

use crate::source::Span;

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
