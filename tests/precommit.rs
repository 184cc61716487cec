//! The pre-commit hook with the real `pre-commit` (from PyPI): `pre-commit try-repo`
//! against this checkout fails on a bad configuration and passes on a good one. It
//! builds art32 the way pre-commit's `rust` language does (`cargo install`), so it takes
//! a few minutes; `.ci/run` installs pre-commit so that CI always runs it.

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "git {args:?}");
}

#[test]
fn pre_commit_try_repo_fails_on_bad_and_passes_on_good_config() {
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
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let repo = work.path().join("repo");
    std::fs::create_dir_all(repo.join("etc")).unwrap();
    git(&repo, &["init", "-q"]);
    std::fs::write(repo.join("etc/fstab"), "/dev/sda1 / ext4 defaults 0 1\n").unwrap();
    std::fs::write(repo.join("README.md"), "not linted\n").unwrap();
    git(&repo, &["add", "-A"]);
    let run = || {
        Command::new("pre-commit")
            .args([
                "try-repo",
                env!("CARGO_MANIFEST_DIR"),
                "art32",
                "--all-files",
            ])
            .current_dir(&repo)
            .env("PRE_COMMIT_HOME", work.path().join("cache"))
            .output()
            .unwrap()
    };
    let bad = run();
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
    let good = run();
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
    let site = Command::new("pre-commit")
        .args([
            "try-repo",
            env!("CARGO_MANIFEST_DIR"),
            "art32",
            "--files",
            "etc/nginx/sites-available/shop",
        ])
        .current_dir(&repo)
        .env("PRE_COMMIT_HOME", work.path().join("cache"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&site.stdout);
    assert!(!site.status.success(), "{out}");
    assert!(out.contains("warning[nginx.hsts]"), "{out}");
    assert!(out.contains("etc/nginx/sites-available/shop"), "{out}");
    assert!(out.contains("checked 1 file"), "{out}");
}
