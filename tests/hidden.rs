//! A pull request must not hide its own findings (issue 12): a claimed file made binary
//! or oversized fails the run, and files git tracks are linted whatever ignore files say.
//! The tracked cases build real repositories with `git init` and `git add` (the test runs
//! git; art32 never does); without `git` on the machine they say so and pass.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

const TODAY: &str = "2026-11-26";

/// A site with a weak `ssl_protocols`: an `nginx.tls-protocols` error.
const WEAK_SITE: &str = "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.2;\n    \
                         ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n}\n";

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn lint(dir: &Path, extra: &[&str]) -> Output {
    Command::cargo_bin("art32")
        .unwrap()
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .args(["lint", "--today", TODAY, "--color", "never"])
        .args(extra)
        .output()
        .unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// (path, rule, severity) of every finding.
fn found(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(found: &[(String, String, String)], path: &str, rule: &str, severity: &str) -> bool {
    found
        .iter()
        .any(|f| f.0 == path && f.1 == rule && f.2 == severity)
}

/// One NUL byte in a comment of a claimed nginx site turned its errors into one note,
/// and the default gate passed.
#[test]
fn a_nul_byte_in_a_claimed_file_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let site = format!("# shop\0\n{WEAK_SITE}");
    write(dir.path(), "etc/nginx/sites-enabled/shop", site.as_bytes());
    write(dir.path(), "art32.toml", b"");
    let o = lint(dir.path(), &["--format", "json"]);
    let v = json(&o);
    let f = found(&v);
    assert!(
        has(&f, "etc/nginx/sites-enabled/shop", "unread-file", "error"),
        "{f:?}"
    );
    assert_eq!(o.status.code(), Some(1), "{f:?}");
    // The human report says so too, and fails alike.
    let o = lint(dir.path(), &[]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("error[unread-file]"), "{out}");
    assert!(out.contains("contains NUL bytes"), "{out}");
    assert_eq!(o.status.code(), Some(1));
}

/// Padding a claimed file past `max-file-size` did the same.
#[test]
fn a_claimed_file_over_the_size_limit_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/nginx/sites-enabled/shop",
        WEAK_SITE.as_bytes(),
    );
    write(dir.path(), "art32.toml", b"max-file-size = 64\n");
    let o = lint(dir.path(), &["--format", "json"]);
    let f = found(&json(&o));
    assert_eq!(
        f,
        [(
            "etc/nginx/sites-enabled/shop".to_string(),
            "unread-file".to_string(),
            "error".to_string()
        )]
    );
    assert_eq!(o.status.code(), Some(1));
}

/// A file that an nginx configuration includes is claimed by the include, whatever its
/// name: unread, it fails the run as well.
#[test]
fn an_included_file_that_is_not_read_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        b"events {}\nhttp {\n    include /etc/nginx/vhosts/*.site;\n}\n",
    );
    let site = format!("# x\0\n{WEAK_SITE}");
    write(dir.path(), "etc/nginx/vhosts/shop.site", site.as_bytes());
    write(dir.path(), "art32.toml", b"");
    let o = lint(dir.path(), &["--format", "json"]);
    let f = found(&json(&o));
    assert!(
        has(&f, "etc/nginx/vhosts/shop.site", "unread-file", "error"),
        "{f:?}"
    );
    assert_eq!(o.status.code(), Some(1));
}

/// Files skipped on purpose stay notes: an ansible-vault vars file, a template, and a
/// binary file no kind claims (named on the command line).
#[test]
fn encrypted_templates_and_unclaimed_files_stay_notes() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "inventory/group_vars/all/vault.yml",
        b"$ANSIBLE_VAULT;1.1;AES256\n6231336665383132\n",
    );
    write(
        dir.path(),
        "inventory/hosts.yml",
        b"all:\n  hosts:\n    web1:\n",
    );
    write(
        dir.path(),
        "etc/nginx/sites-enabled/shop.j2",
        b"server { listen {{ port }}; }\n",
    );
    write(dir.path(), "blob.bin", b"\0\x01\x02");
    write(dir.path(), "art32.toml", b"");
    let o = lint(dir.path(), &["--format", "json", ".", "blob.bin"]);
    let f = found(&json(&o));
    assert!(
        has(
            &f,
            "inventory/group_vars/all/vault.yml",
            "skipped-file",
            "note"
        ),
        "{f:?}"
    );
    assert!(
        has(
            &f,
            "etc/nginx/sites-enabled/shop.j2",
            "skipped-file",
            "note"
        ),
        "{f:?}"
    );
    assert!(has(&f, "blob.bin", "skipped-file", "note"), "{f:?}");
    assert!(f.iter().all(|f| f.1 != "unread-file"), "{f:?}");
    assert_eq!(o.status.code(), Some(0), "{f:?}");
}

/// `[rules.unread-file] severity = …` is the way to accept unread files, reviewed in
/// `art32.toml` like every other severity (the default gate fails on warnings).
#[test]
fn the_severity_of_unread_files_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let site = format!("# shop\0\n{WEAK_SITE}");
    write(dir.path(), "etc/nginx/sites-enabled/shop", site.as_bytes());
    for (severity, fail_on, code) in [
        ("warning", "warning", 1),
        ("warning", "error", 0),
        ("note", "warning", 0),
    ] {
        let config = format!("[rules.unread-file]\nseverity = \"{severity}\"\n");
        write(dir.path(), "art32.toml", config.as_bytes());
        let o = lint(dir.path(), &["--format", "json", "--fail-on", fail_on]);
        let f = found(&json(&o));
        assert_eq!(
            f,
            [(
                "etc/nginx/sites-enabled/shop".to_string(),
                "unread-file".to_string(),
                severity.to_string()
            )]
        );
        assert_eq!(
            o.status.code(),
            Some(code),
            "{severity}, --fail-on {fail_on}"
        );
    }
}
