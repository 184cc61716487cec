//! Linting one file (a pre-commit hook) reads only the files it needs
//! (`Format::context`), and gives exactly what linting the whole repository gives for
//! that file: the same findings, labels and all, the same `unreached` mark. Checked for
//! every file a kind claims in `examples/demo-infra`, in each directory of the shared
//! corpus and in a generated repository (`bench/gen.py repo 1`).

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use art32::lint::{Setup, Target, run};

/// The findings of a report by path (as JSON, labels included), and its unreached files.
fn by_path(setup: &Setup) -> (BTreeMap<String, Vec<Value>>, Vec<String>) {
    let report = run(setup, support::today()).unwrap();
    let json: Value = serde_json::from_str(&art32::output::json::render(&report)).unwrap();
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for f in json["findings"].as_array().unwrap() {
        out.entry(f["path"].as_str().unwrap().to_string())
            .or_default()
            .push(f.clone());
    }
    (out, report.unreached)
}

/// Every file a kind claims in `dir`, linted alone, against the whole run; returns the
/// mismatches.
fn check_repository(dir: &Path) -> Vec<String> {
    let dir = dir.to_path_buf();
    support::on_small_stack(move || {
        let whole = Setup::new(&Target {
            paths: vec![dir.clone()],
            config: None,
        })
        .unwrap();
        let (findings, unreached) = by_path(&whole);
        let found = art32::discover::discover(&whole.paths, &whole.root, &whole.config).unwrap();
        let files: Vec<String> = found.files.iter().map(|c| c.rel.clone()).collect();
        assert!(!files.is_empty(), "{}: no files", dir.display());
        let root = whole.root.clone();
        files
            .par_iter()
            .filter_map(|rel| {
                let setup = Setup::new(&Target {
                    paths: vec![root.join(rel)],
                    config: None,
                })
                .unwrap();
                let (alone, alone_unreached) = by_path(&setup);
                let mut problems = Vec::new();
                let empty = Vec::new();
                let want = findings.get(rel).unwrap_or(&empty);
                let got = alone.get(rel).unwrap_or(&empty);
                if want != got {
                    problems.push(format!(
                        "{}: {rel}: alone {} findings, whole {}:\n  alone: {}\n  whole: {}",
                        dir.display(),
                        got.len(),
                        want.len(),
                        serde_json::to_string(got).unwrap(),
                        serde_json::to_string(want).unwrap()
                    ));
                }
                if let Some(other) = alone.keys().find(|p| *p != rel) {
                    problems.push(format!("{rel}: alone reports on {other}"));
                }
                if unreached.contains(rel) != alone_unreached.contains(rel) {
                    problems.push(format!(
                        "{}: {rel}: unreached alone {}, whole {}",
                        dir.display(),
                        alone_unreached.contains(rel),
                        unreached.contains(rel)
                    ));
                }
                (!problems.is_empty()).then(|| problems.join("\n"))
            })
            .collect()
    })
}

fn check(dirs: &[PathBuf]) {
    let mut problems = Vec::new();
    for dir in dirs {
        problems.extend(check_repository(dir));
    }
    support::conformance::report("file alone vs whole repository", &problems);
}

#[test]
fn each_file_of_the_demo_alone_gives_what_the_whole_run_gives() {
    check(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-infra")]);
}

#[test]
fn each_file_of_a_generated_repository_alone_gives_what_the_whole_run_gives() {
    let out = tempfile::tempdir().unwrap();
    let repo = out.path().join("repo");
    let generated = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/bench/gen.py"))
        .args(["repo", "1"])
        .arg(&repo)
        .output();
    match generated {
        Ok(o) if o.status.success() => {}
        other => {
            assert!(
                std::env::var("CI").is_err(),
                "CI must have python3: {other:?}"
            );
            eprintln!("python3 bench/gen.py failed: skipped ({other:?})");
            return;
        }
    }
    // A repository of its own (the generated `art32.toml` marks it).
    check(&[repo]);
}

#[test]
fn each_file_of_the_corpus_alone_gives_what_the_whole_run_gives() {
    let corpus = Path::new(support::conformance::CORPUS);
    if !corpus.is_dir() {
        assert!(std::env::var("CI").is_err(), "CI must have the corpus");
        eprintln!("no corpus: skipped");
        return;
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("oracle"))
        .collect();
    dirs.sort();
    // Each directory as a repository of its own (a file linted alone finds its root by
    // the `.git` above it).
    let work = tempfile::tempdir().unwrap();
    let copies: Vec<PathBuf> = dirs
        .iter()
        .map(|d| {
            let copy = work.path().join(d.file_name().unwrap());
            support::copy_dir(d, &copy);
            std::fs::create_dir_all(copy.join(".git")).unwrap();
            copy
        })
        .collect();
    check(&copies);
}
