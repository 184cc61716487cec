//! `art32 report --format json`: the model as it is, pretty-printed, keys in the order
//! the types declare them (stable), `report_version` first. `docs/report.schema.json`
//! describes it.

use super::TomReport;

pub fn render_json(report: &TomReport) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
    s.push('\n');
    s
}
