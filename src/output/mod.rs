//! Emitters: how findings reach people and machines.

pub mod human;
pub mod json;

use crate::finding::Severity;
use crate::lint::Report;

/// `checked 4 files: 2 errors, 1 warning, 0 notes`
pub fn summary_line(report: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "checked {}: {}, {}, {}",
        plural(report.files_checked, "file"),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Note), "note"),
    )
}
