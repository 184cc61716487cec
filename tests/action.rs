//! The GitHub Action: its shell steps run locally with the `GITHUB_*` variables a
//! runner sets, and its definition is safe on pull requests from forks.

use std::path::PathBuf;
use std::process::Command;

mod support;
use support::copy_dir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
    let temp = tempfile::tempdir().unwrap();
    let o = Command::new("bash")
        .arg(root().join(".github/action/lint.sh"))
        .current_dir(work.path())
        .env("ART32_BIN", env!("CARGO_BIN_EXE_art32"))
        .env("GITHUB_WORKSPACE", work.path())
        .env("RUNNER_TEMP", temp.path())
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
    let sarif_path = work.path().canonicalize().unwrap().join("out/art32.sarif");
    assert!(
        outputs.contains(&format!("sarif-file={}\n", sarif_path.display())),
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
    // Third-party actions pinned by commit SHA (art32's own is the workflow's choice of
    // release); the checkout keeps no token in `.git/config`.
    for line in action.lines().chain(doc.lines()) {
        let Some((_, used)) = line.split_once("uses: ") else {
            continue;
        };
        if used.starts_with("art32/art32@") {
            continue;
        }
        let sha = used
            .split_once('@')
            .map(|(_, r)| r.split_whitespace().next().unwrap_or(""));
        assert!(
            sha.is_some_and(|s| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())),
            "not pinned by SHA: {line}"
        );
    }
    assert!(doc.contains("persist-credentials: false"));
}

/// A pull request that plants programs and modules in the workspace (`json.py` for a
/// `python3 -`, `jq`, `python3`, `cargo`, `art32`, a `rust-toolchain.toml` naming its own
/// toolchain, a `.cargo/config.toml`) and a stale `art32.sarif`: the action's steps run
/// none of them, never report the stale SARIF, and fail on an art32 error.
#[cfg(unix)]
#[test]
fn the_action_runs_nothing_from_the_workspace() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().unwrap();
    let ws = work.path().join("ws");
    copy_dir(&root().join("examples/demo-infra"), &ws);
    let marks = work.path().join("marks");
    std::fs::create_dir_all(&marks).unwrap();
    let plant = |rel: &str, text: String| {
        let p = ws.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    for name in ["jq", "python3", "cargo", "art32", "rustc", "evil/bin/cargo"] {
        plant(
            name,
            format!(
                "#!/bin/sh\ntouch '{}/{}'\n",
                marks.display(),
                name.replace('/', "_")
            ),
        );
    }
    plant(
        "json.py",
        format!("open('{}/json.py', 'w').close()\n", marks.display()),
    );
    plant(
        "rust-toolchain.toml",
        format!("[toolchain]\npath = \"{}\"\n", ws.join("evil").display()),
    );
    plant(
        ".cargo/config.toml",
        format!(
            "[build]\nrustc-wrapper = \"{}\"\n",
            ws.join("cargo").display()
        ),
    );
    let stale = r#"{"version":"2.1.0","runs":[{"results":[]}]}"#;
    std::fs::write(ws.join("art32.sarif"), stale).unwrap();

    // The runner's own environment, with the workspace on PATH as a careless workflow
    // might have it, and a home whose cargo records how it was called.
    let home = work.path().join("home");
    let record = work.path().join("cargo-call");
    std::fs::create_dir_all(home.join(".cargo/bin")).unwrap();
    let fake_cargo = home.join(".cargo/bin/cargo");
    std::fs::write(
        &fake_cargo,
        format!(
            "#!/bin/sh\n{{ pwd; echo \"$RUSTUP_TOOLCHAIN\"; echo \"$CARGO_TARGET_DIR\"; }} > '{}'\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake_cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    let temp = work.path().join("runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    let path = format!("{}:/usr/bin:/bin", ws.display());
    let run = |script: &str, args: &str| {
        let output = work.path().join("github_output");
        let _ = std::fs::remove_file(&output);
        let o = Command::new("bash")
            .arg(root().join(".github/action").join(script))
            .current_dir(&ws)
            .env("PATH", &path)
            .env("HOME", &home)
            .env("ACTION_PATH", root())
            .env("ART32_BIN", env!("CARGO_BIN_EXE_art32"))
            .env("GITHUB_WORKSPACE", &ws)
            .env("RUNNER_TEMP", &temp)
            .env("GITHUB_OUTPUT", &output)
            .env("ART32_ARGS", args)
            .env("ART32_FAIL_ON", "error")
            .output()
            .unwrap();
        (o, std::fs::read_to_string(&output).unwrap_or_default())
    };

    let (install, _) = run("install.sh", "");
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    let call = std::fs::read_to_string(&record).unwrap();
    let lines: Vec<&str> = call.lines().collect();
    assert_eq!(
        lines[0],
        temp.canonicalize().unwrap().to_str().unwrap(),
        "{call}"
    );
    assert_eq!(lines[1], "stable", "{call}");
    assert!(lines[2].starts_with(temp.to_str().unwrap()), "{call}");

    let (lint, outputs) = run("lint.sh", "--today 2026-11-26");
    assert_eq!(
        lint.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&lint.stderr)
    );
    let findings: usize = outputs
        .lines()
        .find_map(|l| l.strip_prefix("findings="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(findings > 0, "{outputs}");
    assert_ne!(
        std::fs::read_to_string(ws.join("art32.sarif")).unwrap(),
        stale
    );

    // art32 cannot lint: the stale SARIF is gone, no outputs, and the step fails.
    std::fs::write(ws.join("art32.sarif"), stale).unwrap();
    let (broken, outputs) = run("lint.sh", "--no-such-option");
    assert_eq!(broken.status.code(), Some(2));
    assert!(!ws.join("art32.sarif").exists());
    assert!(!outputs.contains("findings="), "{outputs}");
    assert!(String::from_utf8_lossy(&broken.stdout).contains("::error::art32 could not lint"));

    let ran: Vec<String> = std::fs::read_dir(&marks)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(ran.is_empty(), "ran from the workspace: {ran:?}");
}
