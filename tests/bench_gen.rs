//! bench/gen.py keeps writing input art32 judges as it would a real repository (issue
//! 14): the benchmarks (bench/scale.sh, bench/shapes.sh, benches/throughput.rs) measure
//! nothing useful on input that fails to parse or that no rule looks at. Small sizes
//! only — the measuring is the scripts' job, never a test's.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use art32::finding;
use art32::lint::{self, Setup, Target};

/// The rules each shape's input must trigger at N = 100 (at least these).
const SHAPES: &[(&str, &[&str])] = &[
    (
        "fstab-lines",
        &["fstab.data-encrypted", "fstab.stable-device-id"],
    ),
    ("fstab-options", &["fstab.mount-options"]),
    (
        "inventory-csv",
        &["inventory.backup-media", "inventory.weekly-check"],
    ),
    (
        "inventory-groups",
        &["inventory.backup-media", "inventory.internet-server-age"],
    ),
    (
        "inventory-yaml-groups",
        &["inventory.weekly-check", "inventory.data-server-age"],
    ),
    (
        "nginx-include-chain",
        &["nginx.autoindex", "nginx.access-log-ip"],
    ),
    (
        "nginx-includes",
        &["nginx.autoindex", "nginx.access-log-ip"],
    ),
    ("nginx-log-formats", &["nginx.access-log-ip"]),
    ("nginx-map", &["nginx.http-redirects-to-https"]),
    ("nginx-one-line", &["nginx.autoindex", "nginx.hsts"]),
    (
        "nginx-servers",
        &["nginx.plaintext-upstream", "nginx.access-log-ip"],
    ),
    ("postfix-chains", &["postfix.smtpd-tls"]),
    ("postfix-classes", &["postfix.smtpd-tls"]),
    ("postfix-master", &["postfix.smtpd-tls"]),
];

/// The rules the generated repository must trigger, a few of each family's.
const REPO: &[&str] = &[
    "fstab.data-encrypted",
    "fstab.mount-options",
    "fstab.nfs-kerberos",
    "inventory.backup-media",
    "inventory.commission-date",
    "inventory.internet-server-age",
    "inventory.weekly-check",
    "nginx.access-log-ip",
    "nginx.autoindex",
    "nginx.plaintext-upstream",
    "nginx.server-tokens",
    "nginx.tls-protocols",
    "postfix.smtpd-tls",
    "postfix.tls-protocols",
];

/// What the engine reports when it could not judge a file: never in generated input.
const NOT_JUDGED: &[&str] = &[
    finding::PARSE_ERROR,
    finding::SKIPPED_FILE,
    finding::UNREAD_FILE,
    finding::NOT_CHECKED,
    "unresolved-include",
];

fn generate(args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen.py"))
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "bench/gen.py {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Lints `dir` in-process as `art32 lint --today 2026-12-01 DIR`: the rules found, and
/// the number of files checked.
fn lint(dir: &Path) -> (BTreeSet<String>, usize, Vec<String>) {
    let setup = Setup::new(&Target {
        paths: vec![dir.to_path_buf()],
        config: None,
    })
    .unwrap();
    let report = lint::run(&setup, jiff::civil::date(2026, 12, 1)).unwrap();
    let not_judged = report
        .findings
        .iter()
        .filter(|f| NOT_JUDGED.contains(&f.rule.as_str()))
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    let rules = report.findings.iter().map(|f| f.rule.clone()).collect();
    (rules, report.files_checked, not_judged)
}

#[test]
fn every_shape_is_judged_and_triggers_its_rules() {
    let listed: Vec<String> = generate(&["shapes"]).lines().map(String::from).collect();
    let known: Vec<&str> = SHAPES.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        listed, known,
        "bench/gen.py shapes and this table (in that order) differ"
    );
    for (shape, expected) in SHAPES {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("repo");
        generate(&["shape", shape, "100", dir.to_str().unwrap()]);
        let (rules, files, not_judged) = lint(&dir);
        assert!(files >= 1, "{shape}: no file checked");
        assert!(not_judged.is_empty(), "{shape}: {not_judged:?}");
        for rule in *expected {
            assert!(rules.contains(*rule), "{shape}: no {rule} in {rules:?}");
        }
    }
}

#[test]
fn the_generated_repository_is_judged_and_triggers_every_family() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    generate(&["repo", "1", dir.to_str().unwrap()]);
    let (rules, files, not_judged) = lint(&dir);
    assert!(not_judged.is_empty(), "{not_judged:?}");
    for rule in REPO {
        assert!(rules.contains(*rule), "no {rule} in {rules:?}");
    }
    // Every generated file is linted, sites-enabled symlinks once (as their target);
    // only art32.toml is not.
    let regular = walk(&dir);
    assert_eq!(files, regular - 1, "{files} of {regular} files checked");
}

/// The regular files under `dir` (symlinks not followed).
fn walk(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let kind = e.file_type().unwrap();
            if kind.is_dir() {
                walk(&e.path())
            } else {
                usize::from(kind.is_file())
            }
        })
        .sum()
}

/// The same seed writes the same bytes (bench numbers from different runs compare).
#[test]
fn the_generator_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        generate(&["shape", "nginx-map", "50", dir.to_str().unwrap()]);
        generate(&["shape", "inventory-csv", "50", dir.to_str().unwrap()]);
    }
    for rel in ["etc/nginx/nginx.conf", "inventory/assets.csv"] {
        assert_eq!(
            std::fs::read(a.join(rel)).unwrap(),
            std::fs::read(b.join(rel)).unwrap(),
            "{rel}"
        );
    }
}
