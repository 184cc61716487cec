//! `art32 report`: the evidence per TOM item, for the data-protection officer. For each
//! item of the catalogue, in its order: whether the infrastructure keeps it (computed
//! from the same findings `lint` gives), the rules mapped to it with the files each
//! examined, the findings and the suppressed ones with their justification, and for
//! organisational items the attestation `art32.toml` records.
//!
//! This module holds the model every format renders (`render_json`, `markdown`,
//! `html`); `build` computes it from a lint run.

use serde::Serialize;

mod build;
pub mod git;
mod html;
mod json;
mod markdown;

pub use build::{REPORT_VERSION, build};
pub use html::html;
pub use json::render_json;
pub use markdown::markdown;

/// What every format says before an item's `remark`.
pub(crate) const REMARK_NOTE: &str = "the item's own text does not promise what its rules \
     check; their results below belong to its heading, not to this sentence.";

/// The whole report: header, one entry per catalogue item, summary.
#[derive(Debug, Clone, Serialize)]
pub struct TomReport {
    /// Version of the JSON layout (`report_version`), bumped on incompatible change.
    pub report_version: u32,
    pub header: Header,
    pub summary: Summary,
    /// In the catalogue's order.
    pub items: Vec<ItemReport>,
    /// Files art32 could not read or judge (parse errors, unread files, `not-checked`
    /// notes, skipped files, unresolved includes), by path: the engine's findings,
    /// which no TOM item is mapped to but which limit what `kept` means.
    /// Also the engine's other findings with no TOM item (`art32.suppression`, a void
    /// suppression): every finding of the run is under an item or here (a rule with a
    /// check always names items of the catalogue).
    pub unread: Vec<FindingRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// The lint root as given (relative to the current directory, or `.`).
    pub repository: String,
    /// `HEAD`'s commit id, read from the repository's `.git` (no `git` is run); `None`
    /// outside a git repository or where HEAD cannot be resolved.
    pub commit: Option<String>,
    /// The date every date rule and attestation compared with (YYYY-MM-DD).
    pub today: String,
    /// art32's version (`CARGO_PKG_VERSION`).
    pub art32_version: String,
    /// The catalogue's title and where it comes from (`rules/tom.toml` built in, or the
    /// config's `catalogue` path).
    pub catalogue: String,
    pub catalogue_path: String,
    /// The TLS profile the cipher rules judged against (id and title).
    pub tls_profile: String,
    /// How many files were checked (as `lint` counts them).
    pub files_checked: usize,
}

/// Counts per status, and how many technical items art32 verifies.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub kept: usize,
    pub broken: usize,
    pub not_verified: usize,
    pub attested: usize,
    pub attestation_overdue: usize,
    /// Technical items in the catalogue.
    pub technical: usize,
    /// Technical items with at least one rule mapped to them (what art32 can verify).
    pub technical_with_rules: usize,
    /// Technical items whose status is `kept` or `broken` in this run (verified).
    pub technical_verified: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every rule mapped to it ran on at least one file and found nothing.
    Kept,
    /// A rule mapped to it has findings (not counting suppressed ones).
    Broken,
    /// Technical, but not every rule mapped to it ran on a file (or none exists);
    /// organisational without an attestation.
    NotVerified,
    /// Organisational, with a current attestation.
    Attested,
    /// Organisational, with an attestation whose `valid_for` has run out.
    AttestationOverdue,
}

impl Status {
    /// As the report prints it: `kept`, `broken`, `not verified`, `attested`,
    /// `attestation overdue`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Kept => "kept",
            Status::Broken => "broken",
            Status::NotVerified => "not verified",
            Status::Attested => "attested",
            Status::AttestationOverdue => "attestation overdue",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemReport {
    pub id: String,
    /// The item's German text, as the TOM document has it, and the English gloss.
    pub de: String,
    pub en: String,
    /// The sections it stands under, outermost first (`2` Verschlüsselung, `2.a` Hosting).
    pub sections: Vec<SectionRef>,
    /// `technical` or `organisational`, as the catalogue types it.
    pub kind: String,
    pub status: Status,
    /// Why the status is what it is, in a sentence (e.g. "no nginx configuration in the
    /// repository: the rules of this item read nginx files").
    pub reason: String,
    /// The catalogue's remark that the item's own text makes no technical promise
    /// (its `remark`), shown beside the rules' results.
    pub remark: Option<String>,
    /// For `not verified`: what evidence would be needed (file kinds for the rules
    /// that did not run, the catalogue's `evidence` text, an attestation).
    pub needed: Vec<String>,
    pub rules: Vec<RuleResult>,
    pub attestation: Option<AttestationRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRef {
    pub id: String,
    pub de: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleResult {
    pub id: String,
    pub title: String,
    pub severity: String,
    /// The file kind the rule reads (`nginx`, `postfix`, …).
    pub kind: String,
    /// The files it examined, by path relative to the root, sorted.
    pub files: Vec<String>,
    /// The rule's page in art32's docs (`docs/rules/<id>.md`): only for a rule built into
    /// art32, not for a repository's own rule.
    pub doc_url: Option<String>,
    pub findings: Vec<FindingRef>,
    pub suppressed: Vec<SuppressedRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingRef {
    pub rule: String,
    pub severity: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The source line the finding points at, without its line break (for quoting).
    pub source_line: String,
    /// The page of the finding's rule, as [`RuleResult::doc_url`].
    pub doc_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SuppressedRef {
    pub finding: FindingRef,
    /// `inline` or `baseline`.
    pub kind: String,
    pub justification: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttestationRef {
    pub by: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub evidence: String,
    /// As written (`1y`).
    pub valid_for: String,
    /// The last day it holds (YYYY-MM-DD).
    pub valid_until: String,
    pub overdue: bool,
}
