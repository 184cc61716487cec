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
    for name in [
        "jq",
        "python3",
        "cargo",
        "art32",
        "rustc",
        "curl",
        "tar",
        "sha256sum",
        "evil/bin/cargo",
    ] {
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
    // A release without assets, so that the install falls back to the source build.
    let releases = work.path().join("releases");
    std::fs::create_dir_all(&releases).unwrap();
    let run = |script: &str, mode: &str, args: &str| {
        let output = work.path().join("github_output");
        let _ = std::fs::remove_file(&output);
        let o = Command::new("bash")
            .arg(root().join(".github/action").join(script))
            .args((!mode.is_empty()).then_some(mode))
            .current_dir(&ws)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env(
                "ART32_RELEASE_BASE",
                format!("file://{}", releases.display()),
            )
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

    let (release, outputs) = run("install.sh", "release", "");
    assert!(
        release.status.success() && outputs.contains("cache-key="),
        "{}{outputs}",
        String::from_utf8_lossy(&release.stderr)
    );
    let (install, _) = run("install.sh", "source", "");
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

    let (lint, outputs) = run("lint.sh", "", "--today 2026-11-26");
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
    let (broken, outputs) = run("lint.sh", "", "--no-such-option");
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

/// A runner for `install.sh`: its own HOME whose `cargo` (first on the fixed PATH) only
/// records its arguments, RUNNER_TEMP, GITHUB_OUTPUT and GITHUB_PATH, and a directory of
/// releases standing in for the download (`<releases>/v<version>/<asset>`).
#[cfg(unix)]
struct Runner {
    dir: tempfile::TempDir,
}

#[cfg(unix)]
struct Run {
    ok: bool,
    stdout: String,
    outputs: String,
    paths: String,
}

#[cfg(unix)]
impl Runner {
    fn new() -> Runner {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("home/.cargo/bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(dir.path().join("temp")).unwrap();
        std::fs::create_dir_all(dir.path().join("releases")).unwrap();
        let cargo = bin.join("cargo");
        std::fs::write(
            &cargo,
            format!(
                "#!/bin/sh\necho \"$@\" >> '{}'\n",
                dir.path().join("cargo-calls").display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
        Runner { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Publishes the art32 under test as this version's release asset for Linux x86_64
    /// (packaged by the release workflow's script); returns the archive.
    fn publish(&self) -> PathBuf {
        let packaged = packaged_release();
        let dir = self.path(&format!("releases/v{}", version()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut archive = None;
        for entry in std::fs::read_dir(packaged).unwrap().flatten() {
            let to = dir.join(entry.file_name());
            std::fs::copy(entry.path(), &to).unwrap();
            if !to.to_string_lossy().ends_with(".sha256") {
                archive = Some(to);
            }
        }
        archive.unwrap()
    }

    fn install(&self, mode: &str, os: &str, arch: &str) -> Run {
        for f in ["github_output", "github_path"] {
            let _ = std::fs::remove_file(self.path(f));
        }
        let o = Command::new("bash")
            .arg(root().join(".github/action/install.sh"))
            .arg(mode)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", self.path("home"))
            .env("ACTION_PATH", root())
            .env("RUNNER_TEMP", self.path("temp"))
            .env("RUNNER_OS", os)
            .env("RUNNER_ARCH", arch)
            .env("GITHUB_OUTPUT", self.path("github_output"))
            .env("GITHUB_PATH", self.path("github_path"))
            .env(
                "ART32_RELEASE_BASE",
                format!("file://{}", self.path("releases").display()),
            )
            .output()
            .unwrap();
        Run {
            ok: o.status.success(),
            stdout: format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
            outputs: std::fs::read_to_string(self.path("github_output")).unwrap_or_default(),
            paths: std::fs::read_to_string(self.path("github_path")).unwrap_or_default(),
        }
    }

    fn cargo_calls(&self) -> String {
        std::fs::read_to_string(self.path("cargo-calls")).unwrap_or_default()
    }

    /// What RUNNER_TEMP holds after a run, temporary download directories included.
    fn temp_entries(&self) -> Vec<String> {
        std::fs::read_dir(self.path("temp"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    }
}

/// The art32 under test packaged with `.github/release/package.sh`, once per test process
/// (gzip of a debug binary takes seconds), in Cargo's directory for test scratch files.
#[cfg(unix)]
fn packaged_release() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        // Those of earlier test processes that have ended.
        for entry in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("action-release-")
                && !std::path::Path::new("/proc").join(pid).exists()
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let dir = tmp.join(format!("action-release-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = Command::new("bash")
            .arg(root().join(".github/release/package.sh"))
            .arg("x86_64-unknown-linux-musl")
            .arg(env!("CARGO_BIN_EXE_art32"))
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

fn version() -> String {
    let manifest: toml::Table = std::fs::read_to_string(root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    manifest["package"]["version"].as_str().unwrap().to_owned()
}

#[cfg(unix)]
#[test]
fn install_downloads_verifies_and_installs_the_release_binary() {
    let runner = Runner::new();
    runner.publish();
    let run = runner.install("release", "Linux", "X64");
    assert!(run.ok, "{}", run.stdout);
    let dir = runner.path(&format!(
        "temp/art32-{}-x86_64-unknown-linux-musl",
        version()
    ));
    let bin = dir.join("art32");
    assert_eq!(run.outputs, format!("bin={}\n", bin.display()));
    assert_eq!(run.paths, format!("{}\n", dir.display()));
    assert!(run.stdout.contains("sha256 "), "{}", run.stdout);
    // The installed binary runs and lints.
    let o = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("art32 {}", version())
    );
    let o = Command::new(&bin)
        .args(["lint", "--today", "2026-11-26"])
        .arg(root().join("examples/demo-infra"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    // Nothing was built, and the download directory is gone.
    assert_eq!(runner.cargo_calls(), "");
    assert_eq!(
        runner.temp_entries(),
        [format!("art32-{}-x86_64-unknown-linux-musl", version())]
    );
}

/// A download that does not match its checksum fails the step, installs nothing and
/// does not fall back to a build (which would hide the tampering).
#[cfg(unix)]
#[test]
fn install_refuses_a_tampered_archive_or_checksum() {
    let tamper = |archive: &std::path::Path, what: &str| {
        let sum = archive.with_file_name(format!(
            "{}.sha256",
            archive.file_name().unwrap().to_string_lossy()
        ));
        match what {
            "archive" => {
                let mut bytes = std::fs::read(archive).unwrap();
                bytes.extend_from_slice(b"tampered");
                std::fs::write(archive, bytes).unwrap();
            }
            "checksum" => {
                let text = std::fs::read_to_string(&sum).unwrap();
                std::fs::write(&sum, format!("{}{}", "0".repeat(64), &text[64..])).unwrap();
            }
            _ => std::fs::remove_file(&sum).unwrap(),
        }
    };
    let cases = [
        ("archive", "checksum mismatch for art32-"),
        ("checksum", "checksum mismatch for art32-"),
        ("no checksum", "has no checksum"),
    ];
    for (what, message) in cases {
        let runner = Runner::new();
        tamper(&runner.publish(), what);
        let run = runner.install("release", "Linux", "X64");
        assert!(!run.ok, "{}", run.stdout);
        assert!(
            run.stdout.contains("::error::") && run.stdout.contains(message),
            "{}",
            run.stdout
        );
        assert_eq!(run.outputs, "", "no bin, no cache key: no build");
        assert_eq!(run.paths, "");
        assert!(
            runner.temp_entries().is_empty(),
            "{:?}",
            runner.temp_entries()
        );
        assert_eq!(runner.cargo_calls(), "");
    }
}

/// No asset for this version, or none for this runner: the release step hands a cache
/// key to the source build, which runs `cargo install --locked` on the action's checkout.
#[cfg(unix)]
#[test]
fn install_builds_from_source_when_no_asset_exists() {
    for (os, arch) in [("Linux", "X64"), ("Linux", "ARM"), ("FreeBSD", "X64")] {
        let runner = Runner::new();
        if arch == "ARM" {
            runner.publish();
        }
        let run = runner.install("release", os, arch);
        assert!(run.ok, "{}", run.stdout);
        assert!(
            run.stdout.contains("building from source"),
            "{}",
            run.stdout
        );
        let key = run
            .outputs
            .strip_prefix("cache-key=art32-source-")
            .unwrap_or_else(|| panic!("{}", run.outputs));
        assert!(
            key.starts_with(&format!("{}-{os}-{arch}-stable-", version())),
            "{key}"
        );
        assert!(!run.outputs.contains("bin="), "{}", run.outputs);
        assert_eq!(runner.cargo_calls(), "");

        let run = runner.install("source", os, arch);
        assert!(run.ok, "{}", run.stdout);
        assert_eq!(
            runner.cargo_calls(),
            format!(
                "install --locked --path {} --bin art32 --force\n",
                root().display()
            )
        );
        assert_eq!(
            run.outputs,
            format!("bin={}\n", runner.path("home/.cargo/bin/art32").display())
        );
    }
}

/// The source build's cache key follows the action's version, Cargo.lock and sources
/// (hashed by the script: `hashFiles` cannot see the action's directory).
#[cfg(unix)]
#[test]
fn cache_key_changes_with_version_lock_file_and_sources() {
    let action = tempfile::tempdir().unwrap();
    for rel in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        std::fs::copy(root().join(rel), action.path().join(rel)).unwrap();
    }
    for rel in ["src", "rules", "defaults"] {
        copy_dir(&root().join(rel), &action.path().join(rel));
    }
    let temp = tempfile::tempdir().unwrap();
    let key = || {
        let o = Command::new("bash")
            .arg(root().join(".github/action/install.sh"))
            .arg("cache-key")
            .env("ACTION_PATH", action.path())
            .env("RUNNER_TEMP", temp.path())
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let first = key();
    assert!(
        first.starts_with(&format!("art32-source-{}-Linux-X64-stable-", version())),
        "{first}"
    );
    assert_eq!(key(), first, "the key is stable");

    let edit = |rel: &str, from: &str, to: &str| {
        let p = action.path().join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    };
    let mut seen = vec![first];
    let mut changed = |what: &str| {
        let k = key();
        assert!(!seen.contains(&k), "{what} did not change the key: {k}");
        seen.push(k);
    };
    std::fs::write(
        action.path().join("src/lib.rs"),
        std::fs::read_to_string(action.path().join("src/lib.rs")).unwrap() + "\n",
    )
    .unwrap();
    changed("src/lib.rs");
    std::fs::write(action.path().join("src/new.rs"), "").unwrap();
    changed("a new file in src/");
    edit("Cargo.lock", "version = ", "version =  ");
    changed("Cargo.lock");
    edit(
        "Cargo.toml",
        &format!("version = \"{}\"", version()),
        "version = \"9.9.9\"",
    );
    changed("the version");
    assert!(seen.last().unwrap().starts_with("art32-source-9.9.9-"));
}
