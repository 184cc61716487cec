//! Runs every rule fixture: `fixtures/<rule-id>/{fail,pass}/` are linted as
//! repositories of their own, and the findings must be exactly the ones that
//! `# expect: RULE-ID` comments announce.
//!
//! A fixture runs with only its own rule (`Registry::only`), as ruff's and oxlint's rule
//! tests do, so that adding a rule never breaks another rule's fixtures: with the
//! engine's own rules (`parse-error`, `not-checked`, `art32.suppression`, …, which
//! report what any run may meet), and for two engine rules whose findings are about
//! other rules' checks, those rules too (`RUNS_WITH`).
//!
//! How the rules play together is covered by one run of all of them on
//! `examples/demo-infra`: the snapshots `cli__demo-human.snap` and `cli__demo-json.snap`
//! of `tests/cli.rs` (and `sarif__demo-sarif.snap`). The two checks below that hold for
//! any finding (one finding a fix location; the same with BOM and CRLF) run all rules
//! on every fixture.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use art32::lint::{self, Setup, Target};
use art32::output::human;

mod support;
use support::{copy_dir, empty_repo, today};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

type Expectation = (String, usize, String);

/// `# expect: A, B` at the end of a line expects findings starting on that line; on a
/// comment line of its own, on the next line that is not blank or a comment.
/// `# expect-here: A` expects them on the comment line itself.
fn expectations(root: &Path) -> BTreeSet<Expectation> {
    let mut out = BTreeSet::new();
    for entry in walk(root) {
        let rel = art32::discover::relative(root, &entry);
        let Ok(text) = std::fs::read_to_string(&entry) else {
            continue;
        };
        let mut pending: Vec<String> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let ids: Vec<String> = line
                .find("# expect:")
                .map(|at| {
                    line[at + "# expect:".len()..]
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            // `# expect-here:` on a comment line: the finding starts on that very line
            // (a file-level finding at the start of a file that begins with a comment).
            if let Some(at) = line.find("# expect-here:") {
                for id in line[at + "# expect-here:".len()..].split(',') {
                    let id = id.trim();
                    if !id.is_empty() {
                        out.insert((rel.clone(), i + 1, id.to_string()));
                    }
                }
                continue;
            }
            let comment_only = trimmed.starts_with('#') || trimmed.starts_with(';');
            if comment_only || trimmed.is_empty() {
                pending.extend(ids);
                continue;
            }
            for id in pending.drain(..).chain(ids) {
                out.insert((rel.clone(), i + 1, id));
            }
        }
        assert!(
            pending.is_empty(),
            "{rel}: `# expect:` with no line after it"
        );
    }
    out
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Lints a copy of `root` made a repository of its own (with `.git`): in place it would
/// be a directory of art32's own repository, whose root would be the lint root. With
/// `rules`, only those rules and the engine's own run; without, all rules.
fn lint(root: &Path, rules: Option<&[String]>) -> (Setup, lint::Report) {
    let repo = empty_repo();
    copy_dir(root, repo.path());
    let target = Target {
        paths: vec![repo.path().to_path_buf()],
        config: None,
    };
    let mut setup = Setup::new(&target).unwrap_or_else(|e| panic!("{}: {e:?}", root.display()));
    if let Some(rules) = rules {
        for id in rules {
            assert!(
                setup.registry.get(id).is_some(),
                "{}: no rule `{id}`",
                root.display()
            );
        }
        setup
            .registry
            .only(&rules.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let report = lint::run(&setup, today()).unwrap();
    (setup, report)
}

/// The fixtures of engine rules whose findings are about other rules, and those rules:
/// suppressions of `fstab.stable-device-id` (valid, void, and void ones that leave its
/// findings standing); one `not-checked` note at an ansible-vault value naming every
/// inventory rule that needed it (`not-checked/fail/inventory/vault`).
const RUNS_WITH: &[(&str, &[&str])] = &[
    ("art32.suppression", &["fstab.stable-device-id"]),
    (
        "not-checked",
        &[
            "inventory.backup-media",
            "inventory.commission-date",
            "inventory.data-server-age",
            "inventory.internet-server-age",
            "inventory.weekly-check",
        ],
    ),
];

/// The rules the fixtures of `rule` run with: `rule` and those [`RUNS_WITH`] names for
/// it (the engine's own rules run anyway).
fn rules_of(rule: &str) -> Vec<String> {
    let also = RUNS_WITH.iter().filter(|(r, _)| *r == rule);
    std::iter::once(rule)
        .chain(also.flat_map(|(_, with)| with.iter().copied()))
        .map(str::to_string)
        .collect()
}

fn findings(report: &lint::Report) -> BTreeSet<Expectation> {
    report
        .findings
        .iter()
        .map(|f| {
            let file = report.sources.get(f.primary.span.file);
            (
                file.path.clone(),
                file.line_col(f.primary.span.start).line,
                f.rule.clone(),
            )
        })
        .collect()
}

#[test]
fn every_fixture_produces_exactly_its_expected_findings() {
    let mut failures = Vec::new();
    let mut dirs = 0;
    for rule_dir in walk_dirs(&fixtures_dir()) {
        let rule = rule_dir.file_name().unwrap().to_string_lossy().into_owned();
        for case in ["fail", "pass"] {
            let root = rule_dir.join(case);
            if !root.is_dir() {
                continue;
            }
            dirs += 1;
            let want = expectations(&root);
            let (_, report) = lint(&root, Some(&rules_of(&rule)));
            let got = findings(&report);
            for missing in want.difference(&got) {
                failures.push(format!("{rule}/{case}: missing {missing:?}"));
            }
            for extra in got.difference(&want) {
                failures.push(format!("{rule}/{case}: unexpected {extra:?}"));
            }
            if case == "pass" && want.iter().any(|(_, _, r)| *r == rule) {
                failures.push(format!("{rule}/pass: expects a finding of its own rule"));
            }
            if case == "fail" && !want.iter().any(|(_, _, r)| *r == rule) {
                failures.push(format!("{rule}/fail: expects no finding of its own rule"));
            }
        }
    }
    assert!(dirs >= 12, "only {dirs} fixture directories found");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every fixture repository: `fixtures/<rule>/{fail,pass}`, with the rule's name and
/// the case.
fn fixture_roots() -> Vec<(String, &'static str, PathBuf)> {
    let mut out = Vec::new();
    for rule_dir in walk_dirs(&fixtures_dir()) {
        let rule = rule_dir.file_name().unwrap().to_string_lossy().into_owned();
        for case in ["fail", "pass"] {
            let root = rule_dir.join(case);
            if root.is_dir() {
                out.push((rule.clone(), case, root));
            }
        }
    }
    out
}

fn walk_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// One problem, one finding: in every fixture, no two findings of one rule sit at the
/// same place (the directive, parameter or line where the fix goes). Places that
/// inherit the problem are labels of that one finding.
#[test]
fn no_two_findings_of_a_rule_share_a_fix_location() {
    let mut failures = Vec::new();
    for (rule, case, root) in fixture_roots() {
        let (_, report) = lint(&root, None);
        let mut at: BTreeSet<(String, String, usize, usize)> = BTreeSet::new();
        for f in &report.findings {
            let file = report.sources.get(f.primary.span.file);
            let place = (
                f.rule.clone(),
                file.path.clone(),
                f.primary.span.start,
                f.primary.span.end,
            );
            if !at.insert(place.clone()) {
                let line = file.line_col(f.primary.span.start).line;
                failures.push(format!(
                    "{rule}/{case}: {} twice at {}:{line}: {}",
                    place.0, place.1, f.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// What a user sees for each rule's failing fixture.
#[test]
fn failing_fixtures_render_as_snapshots() {
    for rule_dir in walk_dirs(&fixtures_dir()) {
        let rule = rule_dir.file_name().unwrap().to_string_lossy().into_owned();
        let root = rule_dir.join("fail");
        let (setup, report) = lint(&root, Some(&rules_of(&rule)));
        let text = human::render(
            &report,
            &setup.registry.catalogue,
            human::Style {
                color: false,
                width: 100,
            },
        );
        insta::assert_snapshot!(format!("fixture-{rule}"), text);
    }
}

/// Findings as a user reads them: where (path, line, column, end) and what.
type Seen = (String, usize, usize, usize, usize, String, String);

fn seen(report: &lint::Report) -> BTreeSet<Seen> {
    report
        .findings
        .iter()
        .map(|f| {
            let file = report.sources.get(f.primary.span.file);
            let start = file.line_col(f.primary.span.start);
            let end = file.line_col(f.primary.span.end);
            (
                file.path.clone(),
                start.line,
                start.column,
                end.line,
                end.column,
                f.rule.clone(),
                f.message.clone(),
            )
        })
        .collect()
}

/// Every format reads the same with a UTF-8 byte-order mark and CRLF line endings:
/// each fixture, every file of it rewritten so (`art32.toml` too), gives the same
/// findings at the same lines and columns with the same messages.
#[test]
fn every_fixture_reads_the_same_with_bom_and_crlf() {
    let mut failures = Vec::new();
    for rule_dir in walk_dirs(&fixtures_dir()) {
        for case in ["fail", "pass"] {
            let root = rule_dir.join(case);
            if !root.is_dir() {
                continue;
            }
            let dos = tempfile::tempdir().unwrap();
            for file in walk(&root) {
                let to = dos.path().join(file.strip_prefix(&root).unwrap());
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                let text = std::fs::read_to_string(&file).unwrap();
                let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
                std::fs::write(&to, format!("\u{feff}{crlf}")).unwrap();
            }
            let (_, unix) = lint(&root, None);
            let (_, windows) = lint(dos.path(), None);
            let (unix, windows) = (seen(&unix), seen(&windows));
            let name = format!("{}/{case}", rule_dir.file_name().unwrap().to_string_lossy());
            for missing in unix.difference(&windows) {
                failures.push(format!("{name}: with BOM and CRLF, missing {missing:?}"));
            }
            for extra in windows.difference(&unix) {
                failures.push(format!("{name}: with BOM and CRLF, unexpected {extra:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
