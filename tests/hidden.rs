//! A pull request must not hide its own findings (issue 12): a claimed file made binary
//! or oversized fails the run, and files git tracks are linted whatever ignore files say.
//! The tracked cases build real repositories with `git init` and `git add` (the test runs
//! git; art32 never does); without `git` on the machine they say so and pass.

use std::path::Path;
use std::process::Command as Process;

mod support;
use support::{json, json_findings, lint, write};

/// A site with a weak `ssl_protocols`: an `nginx.tls-protocols` error.
const WEAK_SITE: &str = "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.2;\n    \
                         ssl_certificate /etc/ssl/shop.pem;\n    ssl_certificate_key /etc/ssl/shop.key;\n}\n";

/// (path, rule, severity) of every finding.
fn found(v: &serde_json::Value) -> Vec<(String, String, String)> {
    json_findings(v)
        .into_iter()
        .map(|f| (f.path, f.rule, f.severity))
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

/// Runs git in `dir` (isolated from the machine's configuration). `false` when git is
/// not installed: the caller skips, saying so.
fn git(dir: &Path, args: &[&str]) -> bool {
    let out = Process::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output();
    match out {
        Ok(o) => {
            assert!(
                o.status.success(),
                "git {args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: `git` is not installed, the tracked-file cases need it");
            false
        }
        Err(e) => panic!("git: {e}"),
    }
}

/// A repository whose tracked site has an error, hidden by an ignore file the pull
/// request adds; an untracked file the ignore file names; a file `art32.toml` excludes.
/// `None` without git.
fn hidden_repo(ignore_file: &str, ignore: &str) -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    if !git(root, &["init", "-q"]) {
        return None;
    }
    write(root, "etc/nginx/sites-enabled/shop", WEAK_SITE.as_bytes());
    write(
        root,
        "legacy/etc/nginx/sites-enabled/old",
        WEAK_SITE.as_bytes(),
    );
    write(root, "art32.toml", b"exclude = [\"legacy\"]\n");
    assert!(git(root, &["add", "."]));
    write(root, ignore_file, ignore.as_bytes());
    // Untracked: a site and a directory the ignore file prunes.
    write(
        root,
        "etc/nginx/sites-enabled/untracked",
        WEAK_SITE.as_bytes(),
    );
    write(
        root,
        "build/etc/nginx/sites-enabled/x",
        WEAK_SITE.as_bytes(),
    );
    Some(dir)
}

/// A `.ignore` with `*` (or a `.gitignore` entry) dropped tracked files in silence.
#[test]
fn tracked_files_are_linted_whatever_ignore_files_say() {
    for (file, text) in [
        (".ignore", "*\n"),
        (".gitignore", "etc/\nbuild/\n"),
        (".git/info/exclude", "sites-enabled\nbuild\n"),
    ] {
        let Some(dir) = hidden_repo(file, text) else {
            return;
        };
        let o = lint(dir.path(), &["--format", "json"]);
        let v = json(&o);
        let f = found(&v);
        assert!(
            has(
                &f,
                "etc/nginx/sites-enabled/shop",
                "nginx.tls-protocols",
                "error"
            ),
            "{file}: {f:?}"
        );
        assert_eq!(o.status.code(), Some(1), "{file}");
        // Untracked ignored files are not linted, but counted; so is the exclude.
        assert!(
            f.iter()
                .all(|f| !f.0.contains("untracked") && !f.0.starts_with("build/")),
            "{file}: {f:?}"
        );
        assert!(f.iter().all(|f| !f.0.starts_with("legacy/")), "{f:?}");
        let excluded = &v["summary"]["excluded"];
        assert_eq!(excluded["config"], 1, "{file}: {excluded}");
        let ignored = excluded["ignored"].as_u64().unwrap();
        assert!(ignored >= 2, "{file}: {excluded}");
        let o = lint(dir.path(), &[]);
        let out = String::from_utf8_lossy(&o.stdout);
        let line = format!(
            "excluded: {ignored} untracked paths by .gitignore/.ignore (a directory counts \
             once), 1 file by `exclude` in art32.toml"
        );
        assert!(out.contains(&line), "{file}: {out}");
    }
}

/// `.ignore` with `*`: exactly what is counted (the untracked site, `build/`, and the
/// ignore file itself; `.git` never).
#[test]
fn ignored_paths_are_counted_exactly() {
    let Some(dir) = hidden_repo(".ignore", "*\n") else {
        return;
    };
    let v = json(&lint(dir.path(), &["--format", "json"]));
    assert_eq!(
        v["summary"]["excluded"],
        serde_json::json!({"ignored": 3, "config": 1})
    );
    assert_eq!(v["summary"]["files"], 1);
}

/// Index versions 2, 3 (an intent-to-add entry has extended flags) and 4 (prefix
/// compression), and a SHA-256 repository.
#[test]
fn every_index_version_is_read() {
    for (init, update) in [
        (
            vec!["init", "-q"],
            vec!["update-index", "--index-version", "2"],
        ),
        (
            vec!["init", "-q"],
            vec!["update-index", "--index-version", "3"],
        ),
        (
            vec!["init", "-q"],
            vec!["update-index", "--index-version", "4"],
        ),
        (
            vec!["init", "-q", "--object-format=sha256"],
            vec!["update-index", "--index-version", "4"],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        if !git(root, &init) {
            return;
        }
        write(root, "etc/nginx/sites-enabled/shop", WEAK_SITE.as_bytes());
        write(root, "etc/nginx/sites-enabled/new", WEAK_SITE.as_bytes());
        for i in 0..20 {
            write(
                root,
                &format!("etc/nginx/snippets/s{i}.conf"),
                b"gzip on;\n",
            );
        }
        assert!(git(
            root,
            &["add", "etc/nginx/sites-enabled/shop", "etc/nginx/snippets"]
        ));
        assert!(git(root, &["add", "-N", "etc/nginx/sites-enabled/new"]));
        assert!(git(root, &update));
        write(root, ".gitignore", b"etc\n");
        let v = json(&lint(root, &["--format", "json"]));
        let f = found(&v);
        for site in ["shop", "new"] {
            assert!(
                has(
                    &f,
                    &format!("etc/nginx/sites-enabled/{site}"),
                    "nginx.tls-protocols",
                    "error"
                ),
                "{init:?} {update:?}: {f:?}"
            );
        }
        assert_eq!(v["summary"]["files"], 22, "{init:?} {update:?}");
        assert!(f.iter().all(|f| f.1 != "skipped-file"), "{f:?}");
    }
}

/// A worktree's `.git` is a file naming its git directory, which names it back.
#[test]
fn a_worktree_index_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main");
    std::fs::create_dir(&main).unwrap();
    if !git(&main, &["init", "-q"]) {
        return;
    }
    write(&main, "etc/nginx/sites-enabled/shop", WEAK_SITE.as_bytes());
    assert!(git(&main, &["add", "."]));
    assert!(git(&main, &["commit", "-qm", "x"]));
    assert!(git(&main, &["worktree", "add", "-q", "../wt"]));
    let wt = dir.path().join("wt");
    write(&wt, ".ignore", b"*\n");
    let f = found(&json(&lint(&wt, &["--format", "json"])));
    assert!(
        has(
            &f,
            "etc/nginx/sites-enabled/shop",
            "nginx.tls-protocols",
            "error"
        ),
        "{f:?}"
    );
}

/// A damaged index, or a `.git` file that names somebody else's git directory: a note,
/// and the ignore files decide as before — never a panic.
#[test]
fn a_hostile_index_falls_back_with_a_note() {
    let Some(dir) = hidden_repo(".ignore", "*\n") else {
        return;
    };
    let root = dir.path();
    let index = std::fs::read(root.join(".git/index")).unwrap();
    let mut huge = index.clone();
    huge[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
    for (what, bytes) in [
        ("truncated", index[..index.len() / 2].to_vec()),
        ("huge count", huge),
        ("not an index", b"DIRC\0\0\0\x09".to_vec()),
    ] {
        std::fs::write(root.join(".git/index"), &bytes).unwrap();
        let o = lint(root, &["--format", "json"]);
        let f = found(&json(&o));
        assert!(
            has(&f, ".git/index", "skipped-file", "note"),
            "{what}: {f:?}"
        );
        assert!(
            f.iter().all(|f| f.1 != "nginx.tls-protocols"),
            "{what}: {f:?}"
        );
    }
    // A `.git` file naming a directory that does not name this checkout back.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(elsewhere.path().join("g")).unwrap();
    std::fs::write(elsewhere.path().join("g/index"), &index).unwrap();
    std::fs::remove_dir_all(root.join(".git")).unwrap();
    let gitdir = format!("gitdir: {}\n", elsewhere.path().join("g").display());
    std::fs::write(root.join(".git"), gitdir).unwrap();
    let f = found(&json(&lint(root, &["--format", "json"])));
    assert!(has(&f, ".git", "skipped-file", "note"), "{f:?}");
    assert!(f.iter().all(|f| f.1 != "nginx.tls-protocols"), "{f:?}");
}

/// A file only its content makes nginx (a `*.conf` outside the globs) was a note when a
/// NUL byte or padding kept it from being read: it is told by what it holds up to the
/// size limit, NUL bytes read as blanks, and then fails the run as a claimed file does.
#[test]
fn a_file_its_content_claims_fails_the_run_when_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "deploy/site.conf",
        format!("{WEAK_SITE}# \0\n").as_bytes(),
    );
    write(dir.path(), "art32.toml", b"");
    let o = lint(dir.path(), &["--format", "json"]);
    let f = found(&json(&o));
    assert!(has(&f, "deploy/site.conf", "unread-file", "error"), "{f:?}");
    assert_eq!(o.status.code(), Some(1), "{f:?}");
    // Padded past the limit: the first `max-file-size` bytes tell it.
    let padded = format!("{WEAK_SITE}{}\n", "#".repeat(200));
    write(dir.path(), "deploy/site.conf", padded.as_bytes());
    write(dir.path(), "art32.toml", b"max-file-size = 190\n");
    let o = lint(dir.path(), &["--format", "json"]);
    let f = found(&json(&o));
    assert!(has(&f, "deploy/site.conf", "unread-file", "error"), "{f:?}");
    assert_eq!(o.status.code(), Some(1), "{f:?}");
    // A binary `.conf` that is no nginx stays a note.
    write(dir.path(), "deploy/site.conf", b"\x7fELF\0\0\0binary");
    let o = lint(dir.path(), &["--format", "json"]);
    let f = found(&json(&o));
    assert!(has(&f, "deploy/site.conf", "skipped-file", "note"), "{f:?}");
    assert_eq!(o.status.code(), Some(0), "{f:?}");
}

/// Ignore files between the root and a directory named on the command line do not
/// hide its untracked files (they did when the walk read every ignore file up to the
/// root).
#[test]
fn ignore_files_above_a_named_directory_do_not_hide_it() {
    let dir = support::empty_repo();
    write(dir.path(), ".gitignore", b"etc/nginx/*\n");
    write(
        dir.path(),
        "etc/nginx/sites-enabled/shop",
        WEAK_SITE.as_bytes(),
    );
    let o = lint(dir.path(), &["--format", "json", "etc/nginx"]);
    let f = found(&json(&o));
    assert!(
        has(
            &f,
            "etc/nginx/sites-enabled/shop",
            "nginx.tls-protocols",
            "error"
        ),
        "{f:?}"
    );
    // The whole repository: the ignore file applies to the untracked site.
    let o = lint(dir.path(), &["--format", "json"]);
    assert!(found(&json(&o)).is_empty());
}
