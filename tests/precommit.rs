//! The pre-commit hooks with the real `pre-commit` (from PyPI): `pre-commit try-repo`
//! against this checkout fails on a bad configuration and passes on a good one, for both
//! ids of `.pre-commit-hooks.yaml`:
//! - `art32` (`language: python`) installs the art32 wheel: here the one
//!   `python/build-wheel.sh` built into `target/wheels/`, with pip kept off every index
//!   (`PIP_NO_INDEX`), which also proves that the hook's package (the root pyproject.toml)
//!   needs nothing from an index but that wheel;
//! - `art32-rust` builds art32 the way pre-commit's `rust` language does (`cargo
//!   install`), so it takes a few minutes.
//!
//! `.ci/run` installs pre-commit and builds the wheel, so that CI always runs both.
//! `try-repo` on a path takes the committed HEAD of the checkout, not the working tree.

mod support;

use std::path::{Path, PathBuf};

use std::process::{Command, Output};
use support::git;

fn pre_commit_available() -> bool {
    let available = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have pre-commit (installed by .ci/run)"
        );
        eprintln!("pre-commit is not installed: skipped (pip install pre-commit)");
    }
    available
}

/// `target/wheels/`, when it holds an art32 wheel of this version (`python/build-wheel.sh`).
fn wheels() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/wheels");
    let prefix = format!("art32-{}-", env!("CARGO_PKG_VERSION"));
    let found = std::fs::read_dir(&dir).ok()?.flatten().any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        name.starts_with(&prefix) && name.ends_with(".whl")
    });
    found.then_some(dir)
}

#[test]
fn python_hook_installs_the_wheel_and_fails_on_bad_and_passes_on_good_config() {
    if !pre_commit_available() {
        return;
    }
    let Some(wheels) = wheels() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but target/wheels/ has no art32 wheel of this version: `.ci/run` builds it (python/build-wheel.sh)"
        );
        eprintln!("skipped: no art32 wheel in target/wheels/ (run python/build-wheel.sh)");
        return;
    };
    let wheels = wheels.to_string_lossy().into_owned();
    check_hook(
        "art32",
        &[("PIP_FIND_LINKS", &wheels), ("PIP_NO_INDEX", "1")],
    );
}

#[test]
fn rust_hook_fails_on_bad_and_passes_on_good_config() {
    if pre_commit_available() {
        check_hook("art32-rust", &[]);
    }
}

/// Runs hook `id` with `pre-commit try-repo` on a repository with a bad fstab, then a
/// good one, then a commit of one nginx site; `env` is added to pre-commit's environment.
fn check_hook(id: &str, env: &[(&str, &str)]) {
    let work = tempfile::tempdir().unwrap();
    let repo = work.path().join("repo");
    std::fs::create_dir_all(repo.join("etc")).unwrap();
    git(&repo, &["init", "-q"]);
    std::fs::write(repo.join("etc/fstab"), "/dev/sda1 / ext4 defaults 0 1\n").unwrap();
    std::fs::write(repo.join("README.md"), "not linted\n").unwrap();
    git(&repo, &["add", "-A"]);
    let run = |files: &[&str]| -> Output {
        Command::new("pre-commit")
            .args(["try-repo", env!("CARGO_MANIFEST_DIR"), id])
            .args(files)
            .current_dir(&repo)
            .env("PRE_COMMIT_HOME", work.path().join("cache"))
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    let bad = run(&["--all-files"]);
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(
        !bad.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    assert!(out.contains("fstab.stable-device-id"), "{out}");

    std::fs::write(
        repo.join("etc/fstab"),
        "UUID=0a3407de-014b-458b-b5c1-848e92a327a3 / ext4 defaults 0 1\n",
    )
    .unwrap();
    git(&repo, &["add", "-A"]);
    let good = run(&["--all-files"]);
    let out = String::from_utf8_lossy(&good.stdout);
    assert!(
        good.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&good.stderr)
    );

    // A commit that changes only a site of a Debian layout (enabled by an absolute
    // symlink, as the package does): pre-commit passes that one file, and art32 judges
    // it in the context of the nginx.conf that includes it (no HSTS there: a warning).
    std::fs::create_dir_all(repo.join("etc/nginx/sites-available")).unwrap();
    std::fs::create_dir_all(repo.join("etc/nginx/sites-enabled")).unwrap();
    std::fs::write(
        repo.join("etc/nginx/nginx.conf"),
        "events {}\nhttp {\n    server_tokens off;\n    include /etc/nginx/sites-enabled/*;\n}\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("etc/nginx/sites-available/shop"),
        "server {\n    listen 443 ssl;\n    ssl_certificate /etc/letsencrypt/live/shop/fullchain.pem;\n    \
         ssl_certificate_key /etc/letsencrypt/live/shop/privkey.pem;\n}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "/etc/nginx/sites-available/shop",
        repo.join("etc/nginx/sites-enabled/shop"),
    )
    .unwrap();
    git(&repo, &["add", "-A"]);
    let site = run(&["--files", "etc/nginx/sites-available/shop"]);
    let out = String::from_utf8_lossy(&site.stdout);
    assert!(!site.status.success(), "{out}");
    assert!(out.contains("warning[nginx.hsts]"), "{out}");
    assert!(out.contains("etc/nginx/sites-available/shop"), "{out}");
    assert!(out.contains("checked 1 file"), "{out}");
}
