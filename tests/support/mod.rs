//! Helpers shared by the integration tests (`mod support;` in a test file). Each test
//! file is its own crate and uses some of them.
#![allow(dead_code)]

pub mod conformance;

use std::path::Path;
use std::process::Output;

/// The `--today` of every test run, so that date rules judge the same days.
pub const TODAY: &str = "2026-11-26";

/// Runs `git ARGS` in `dir` as a throwaway identity, without the user's or the
/// system's git configuration; its stdout, trimmed. Fails the test if git fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let o = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// [`TODAY`] as a date, for runs in-process.
pub fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 26)
}

/// Writes `bytes` to `rel` below `dir`, creating the directories on the way.
pub fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A new, empty repository: a temporary directory with `.git`, as `git init` leaves it
/// for art32 (which looks for the directory, never runs git).
pub fn empty_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// Copies the directory `from` to `to`, recursively, creating `to`: directories and
/// regular files, and symlinks as symlinks.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (path, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&path).unwrap(), &target).unwrap();
        } else if kind.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The built `art32`, with none of `NO_COLOR`, `FORCE_COLOR`, `CLICOLOR_FORCE`,
/// `COLUMNS` and `GITHUB_STEP_SUMMARY` from the environment (a test run inside GitHub
/// Actions must not write to the job's summary, nor a CI's colour settings change output).
pub fn art32() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("art32").unwrap();
    c.env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .env_remove("GITHUB_STEP_SUMMARY");
    c
}

/// `art32 lint --today TODAY --color never EXTRA…` run in `dir`.
pub fn lint(dir: &Path, extra: &[&str]) -> Output {
    art32()
        .current_dir(dir)
        .args(["lint", "--today", TODAY, "--color", "never"])
        .args(extra)
        .output()
        .unwrap()
}

/// `art32 lint --format json EXTRA…` run in `dir` (within a minute, so that a hang
/// fails the test): its report, after checking that it ran (exit 0 or 1).
pub fn lint_json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let o = art32()
        .current_dir(dir)
        .args([
            "lint", "--today", TODAY, "--color", "never", "--format", "json",
        ])
        .args(extra)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The JSON report on a run's standard output (stdout and stderr shown if it is none).
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A finding of a JSON report, the fields tests compare.
#[derive(Debug, Clone)]
pub struct JsonFinding {
    pub path: String,
    pub line: u64,
    pub rule: String,
    pub severity: String,
    pub message: String,
}

/// The findings of a JSON report, in its order.
pub fn json_findings(v: &serde_json::Value) -> Vec<JsonFinding> {
    let text = |f: &serde_json::Value, key: &str| f[key].as_str().unwrap().to_string();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| JsonFinding {
            path: text(f, "path"),
            line: f["line"].as_u64().unwrap(),
            rule: text(f, "rule"),
            severity: text(f, "severity"),
            message: text(f, "message"),
        })
        .collect()
}

/// Runs `f` on a thread with a 2 MiB stack, the size of rayon's workers, so that deep
/// recursion fails here as it would there.
pub fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// Lints `files` (path, content) in a new repository in-process on a thread with a
/// 2 MiB stack (rayon's workers' size), on 2026-11-26: (path, rule, message) of each
/// finding. Only `only` (relative to the repository) is linted when given, as
/// pre-commit passes one file.
pub fn lint_in_process<B: AsRef<[u8]> + Send + 'static>(
    files: Vec<(String, B)>,
    only: Option<&'static str>,
) -> Vec<(String, String, String)> {
    on_small_stack(move || {
        let dir = empty_repo();
        for (rel, bytes) in &files {
            write(dir.path(), rel, bytes);
        }
        let path = only.map_or(dir.path().to_path_buf(), |p| dir.path().join(p));
        let setup = art32::lint::Setup::new(&art32::lint::Target {
            paths: vec![path],
            config: None,
        })
        .unwrap();
        let report = art32::lint::run(&setup, today()).unwrap();
        report
            .findings
            .iter()
            .map(|f| {
                let path = report.sources.get(f.primary.span.file).path.clone();
                (path, f.rule.clone(), f.message.clone())
            })
            .collect()
    })
}
