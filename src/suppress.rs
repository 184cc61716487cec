//! Suppress: what a repository has accepted, by inline comment, config `exclude` or
//! baseline, is taken out of the findings (and kept aside, for SARIF and the summary).
//!
//! Inline: `# art32-ignore: RULE-ID[, RULE-ID] [until=YYYY-MM-DD] -- reason`, in a
//! comment at the end of the offending line, or on a comment line of its own, where it
//! applies to the next line that is not blank or a comment. Each kind's own comment
//! syntax counts: `#` everywhere, also `;` lines in INI inventories; in Postfix files only
//! whole-line comments exist. A suppression that is not valid — no reason, a malformed or past `until`,
//! an unknown rule, suppressing nothing, or any at all with `inline-suppressions =
//! false` — is void and is a finding of its own (`art32.suppression`).

use std::collections::{BTreeMap, BTreeSet};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::finding::{Finding, Label, code_list};
use crate::formats::{Comments, HASH_COMMENTS};
use crate::rules::Registry;
use crate::source::{FileId, SourceFile, SourceMap, Span};

pub const SUPPRESSION_RULE: &str = "art32.suppression";
const MARKER: &str = "art32-ignore:";

/// How a finding was suppressed (SARIF `suppressions[].kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An inline comment in the linted file.
    InSource,
    /// The baseline file.
    External,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub finding: Finding,
    pub kind: Kind,
    pub justification: String,
}

/// One `art32-ignore` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inline {
    file: FileId,
    /// Where the comment is written (for findings about it).
    span: Span,
    /// The 1-based line it applies to.
    line: usize,
    rules: Vec<String>,
    reason: String,
    /// The last day it holds.
    until: Option<Date>,
    problem: Option<String>,
}

/// What a baseline file holds: today's findings by fingerprint.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    pub message: String,
}

/// What applying a baseline found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BaselineStats {
    /// Findings the baseline accepted.
    pub baselined: usize,
    /// Baseline entries no finding matched any more (fixed, or moved beyond recognition).
    pub gone: usize,
}

/// A finding's fingerprint: stable when lines move (rule, path, structural node path).
pub fn fingerprint(f: &Finding, sources: &SourceMap) -> String {
    let path = &sources.get(f.primary.span.file).path;
    let key = if f.node_path.is_empty() {
        sources
            .get(f.primary.span.file)
            .slice(f.primary.span)
            .to_string()
    } else {
        f.node_path.clone()
    };
    crate::finding::fingerprint(&f.rule, path, &key)
}

impl Baseline {
    pub fn of(findings: &[Finding], sources: &SourceMap) -> Baseline {
        let mut entries: Vec<BaselineEntry> = findings
            .iter()
            .map(|f| BaselineEntry {
                fingerprint: fingerprint(f, sources),
                rule: f.rule.clone(),
                path: sources.get(f.primary.span.file).path.clone(),
                message: f.message.clone(),
            })
            .collect();
        entries.sort();
        entries.dedup();
        Baseline {
            version: 1,
            findings: entries,
        }
    }
}

/// Applies per-rule config excludes, inline suppressions and the baseline. Returns the
/// findings that remain (with `art32.suppression` findings added), the suppressed ones
/// and, with a baseline, its statistics.
pub fn suppress(
    findings: Vec<Finding>,
    sources: &SourceMap,
    linted: &BTreeSet<FileId>,
    registry: &Registry,
    config: &Config,
    baseline: Option<&Baseline>,
    today: Date,
) -> (Vec<Finding>, Vec<Suppressed>, Option<BaselineStats>) {
    // Config: rules that do not apply to some paths.
    let excludes: BTreeMap<&str, GlobSet> = config
        .rules
        .iter()
        .filter(|(_, o)| !o.exclude.is_empty())
        .filter_map(|(id, o)| {
            let mut b = GlobSetBuilder::new();
            for g in &o.exclude {
                // As the top-level `exclude`: a directory stands for everything in it.
                let g = g.trim_end_matches('/');
                b.add(GlobBuilder::new(g).literal_separator(true).build().ok()?);
                b.add(
                    GlobBuilder::new(&format!("{g}/**"))
                        .literal_separator(true)
                        .build()
                        .ok()?,
                );
            }
            Some((id.as_str(), b.build().ok()?))
        })
        .collect();
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .filter(|f| {
            excludes
                .get(f.rule.as_str())
                .is_none_or(|set| !set.is_match(&sources.get(f.primary.span.file).path))
        })
        .collect();

    // Inline.
    let mut inline: Vec<Inline> = Vec::new();
    for (id, file) in sources.iter().filter(|(id, _)| linted.contains(id)) {
        // The comment syntax of the file's kind by its globs (`#` for one claimed
        // otherwise: nginx includes, content).
        let comments = config
            .classify(&file.path)
            .map_or(HASH_COMMENTS, |k| k.spec().comments);
        inline.extend(scan(id, file, comments));
    }
    let mut used = vec![false; inline.len()];
    let mut problems: Vec<(usize, String)> = Vec::new();
    for (i, s) in inline.iter().enumerate() {
        let problem = if !config.inline_suppressions {
            Some(
                "inline suppressions are disabled in art32.toml (`inline-suppressions = false`)"
                    .to_string(),
            )
        } else if let Some(p) = &s.problem {
            Some(p.clone())
        } else if let Some(unknown) = s.rules.iter().find(|r| registry.get(r).is_none()) {
            Some(format!(
                "unknown rule `{unknown}` (`art32 rules` lists them)"
            ))
        } else {
            expired(s, today)
        };
        if let Some(p) = problem {
            problems.push((i, p));
        }
    }
    let void: BTreeSet<usize> = problems.iter().map(|(i, _)| *i).collect();
    // The valid comments by the line they apply to, in order.
    let mut by_line: BTreeMap<(FileId, usize), Vec<usize>> = BTreeMap::new();
    for (i, s) in inline.iter().enumerate().filter(|(i, _)| !void.contains(i)) {
        by_line.entry((s.file, s.line)).or_default().push(i);
    }
    let mut suppressed = Vec::new();
    let mut kept = Vec::new();
    for f in findings.drain(..) {
        let file = sources.get(f.primary.span.file);
        let line = file.line_col(f.primary.span.start).line;
        let hit = by_line
            .get(&(f.primary.span.file, line))
            .into_iter()
            .flatten()
            .map(|&i| (i, &inline[i]))
            .find(|(_, s)| s.rules.contains(&f.rule));
        match hit {
            Some((i, s)) => {
                used[i] = true;
                suppressed.push(Suppressed {
                    finding: f,
                    kind: Kind::InSource,
                    justification: s.reason.clone(),
                });
            }
            None => kept.push(f),
        }
    }
    // Whether a suppression of a rule that does not run (disabled in art32.toml, or not
    // selected with `--select`/`--ignore`) would suppress something is not known.
    let runs = |id: &String| registry.get(id).is_some_and(|r| r.enabled);
    for (i, s) in inline.iter().enumerate() {
        if !used[i] && !void.contains(&i) && s.rules.iter().all(runs) {
            problems.push((
                i,
                format!(
                    "suppresses nothing: no finding of {} starts on line {}",
                    code_list(&s.rules),
                    s.line
                ),
            ));
        }
    }
    if let Some(rule) = registry.get(SUPPRESSION_RULE).filter(|r| r.enabled) {
        for (i, problem) in problems {
            let s = &inline[i];
            kept.push(Finding {
                rule: rule.id.clone(),
                severity: rule.severity,
                tom: rule.tom.clone(),
                primary: Label {
                    span: s.span,
                    text: problem.clone(),
                },
                labels: Vec::new(),
                message: format!("this suppression is void: {problem}"),
                help: rule.help.render(|_| None),
                node_path: String::new(),
                anchor: s.span,
            });
        }
    }

    // Baseline.
    let stats = baseline.map(|b| {
        let mut known: BTreeMap<&str, bool> = b
            .findings
            .iter()
            .map(|e| (e.fingerprint.as_str(), false))
            .collect();
        let mut remaining = Vec::new();
        let mut baselined = 0;
        for f in kept.drain(..) {
            let fp = fingerprint(&f, sources);
            match known.get_mut(fp.as_str()) {
                Some(seen) => {
                    *seen = true;
                    baselined += 1;
                    suppressed.push(Suppressed {
                        finding: f,
                        kind: Kind::External,
                        justification: "accepted in the baseline".into(),
                    });
                }
                None => remaining.push(f),
            }
        }
        kept = remaining;
        BaselineStats {
            baselined,
            gone: known.values().filter(|seen| !**seen).count(),
        }
    });
    (kept, suppressed, stats)
}

fn expired(s: &Inline, today: Date) -> Option<String> {
    s.until
        .filter(|until| *until < today)
        .map(|until| format!("expired on {until} (`until=`)"))
}

/// The `art32-ignore` comments of a file.
fn scan(id: FileId, file: &SourceFile, comments: Comments) -> Vec<Inline> {
    let text = &file.text;
    let lines: Vec<(usize, &str)> = {
        let mut out = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            out.push((start, line));
            start += line.len() + 1;
        }
        out
    };
    let is_comment_line = |l: &str| l.trim_start().starts_with(comments.line);
    let mut found = Vec::new();
    for (n, (start, line)) in lines.iter().enumerate() {
        let Some(at) = line.find(MARKER) else {
            continue;
        };
        // Inside a comment: a `#` (or `;`) before the marker, at the start of the line
        // or after whitespace.
        let before = &line[..at];
        let standalone = before.trim_start().starts_with(comments.line);
        let hash = if standalone {
            before.len() - before.trim_start().len()
        } else {
            match before.rfind(comments.trailing) {
                Some(hash) if hash > 0 && before[..hash].ends_with([' ', '\t']) => hash,
                _ => continue,
            }
        };
        let target = if standalone {
            lines
                .iter()
                .enumerate()
                .skip(n + 1)
                .find(|(_, (_, l))| !l.trim().is_empty() && !is_comment_line(l))
                .map(|(i, _)| i + 1)
        } else {
            Some(n + 1)
        };
        // A further ` #` starts another comment (`… -- reason # note`).
        let body = line[at + MARKER.len()..].trim_end_matches('\r');
        let body = body.split_once(" #").map_or(body, |(b, _)| b);
        let (spec, reason) = match body.split_once("--") {
            Some((spec, reason)) => (spec, reason.trim().to_string()),
            None => (body, String::new()),
        };
        let mut rules = Vec::new();
        let mut problem = None;
        let mut until = None;
        for token in spec
            .split([',', ' ', '\t'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            match token.strip_prefix("until=") {
                Some(date) => until = Some(date.to_string()),
                None => rules.push(token.to_string()),
            }
        }
        if rules.is_empty() {
            problem = Some("names no rule".to_string());
        } else if reason.is_empty() {
            problem = Some("gives no reason (`-- why this is acceptable`)".to_string());
        }
        let comment_start = start + hash;
        let span = Span::new(id, comment_start, start + line.trim_end_matches('\r').len());
        let until_date = until.as_deref().map(|u| (u, parse_until(u)));
        if problem.is_none()
            && let Some((written, None)) = until_date
        {
            problem = Some(format!("`until={written}` is not a date (`YYYY-MM-DD`)"));
        }
        if problem.is_none() && target.is_none() {
            problem = Some("is followed by no line it could apply to".into());
        }
        let s = Inline {
            file: id,
            span,
            line: target.unwrap_or(n + 1),
            rules,
            reason,
            until: until_date.and_then(|(_, d)| d),
            problem,
        };
        found.push(s);
    }
    found
}

fn parse_until(s: &str) -> Option<Date> {
    (s.len() == 10).then(|| s.parse::<Date>().ok()).flatten()
}
