//! The GitHub Action: its shell steps run locally with the `GITHUB_*` variables a
//! runner sets, and its definition is safe on pull requests from forks.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn lint_step_sets_outputs_annotations_and_summary() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("examples/demo-infra"),
        &work.path().join("infra"),
    );
    let output = work.path().join("github_output");
    let summary = work.path().join("step_summary");
    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_art32"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = Command::new("bash")
        .arg(root().join(".github/action/lint.sh"))
        .current_dir(work.path())
        .env("PATH", path)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("ACTION_PATH", root())
        .env("ART32_PATHS", "infra")
        .env("ART32_FAIL_ON", "error")
        .env("ART32_SARIF", "out/art32.sarif")
        .env("ART32_ARGS", "--today 2026-11-26")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    // The demo has errors: the step fails, as the gate of a pull request should.
    assert_eq!(
        o.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout.lines().any(|l| l.starts_with("::error file=hosts/")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("::warning file=hosts/")),
        "{stdout}"
    );
    let outputs = std::fs::read_to_string(&output).unwrap();
    let findings: usize = outputs
        .lines()
        .find_map(|l| l.strip_prefix("findings="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert_eq!(
        findings,
        stdout.lines().filter(|l| l.starts_with("::")).count(),
        "{outputs}"
    );
    assert!(
        outputs.contains("sarif-file=out/art32.sarif\n"),
        "{outputs}"
    );
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(work.path().join("out/art32.sarif")).unwrap(),
    )
    .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(
        summary.contains("| TOM item") && summary.contains("2.a.v"),
        "{summary}"
    );
}

/// Inputs and event data reach the shell only through `env:`, never interpolated
/// into `run:` (script injection); the documented workflow uses `pull_request` and
/// least permissions.
#[test]
fn action_and_documented_workflow_are_safe_for_forks() {
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let mut in_run = false;
    for line in action.lines() {
        let t = line.trim_start();
        if t.starts_with("run:") {
            in_run = true;
            assert!(!t.contains("${{"), "interpolation in run: {line}");
            continue;
        }
        if in_run
            && (t.starts_with("- ")
                || t.starts_with("env:")
                || t.starts_with("with:")
                || t.is_empty())
        {
            in_run = false;
        }
        if in_run {
            assert!(!t.contains("${{"), "interpolation in run: {line}");
        }
    }
    let doc = std::fs::read_to_string(root().join("docs/github-action.md")).unwrap();
    assert!(
        !doc.contains("pull_request_target:"),
        "the workflow must not run on pull_request_target"
    );
    assert!(doc.contains("contents: read") && doc.contains("security-events: write"));
    assert!(doc.contains("github/codeql-action/upload-sarif"));
}
