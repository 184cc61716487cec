//! The built binary: exit codes, formats, commands, and bad input.

use std::path::{Path, PathBuf};
use std::process::Output;

mod support;
use support::{TODAY, art32, copy_dir, json_findings, lint, lint_json, stderr, stdout, write};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-infra")
}

/// Lints `dir` (within a minute, exit 0 or 1) and returns its findings as (path, rule,
/// message).
fn lint_findings(dir: &Path) -> Vec<(String, String, String)> {
    json_findings(&lint_json(dir, &[]))
        .into_iter()
        .map(|f| (f.path, f.rule, f.message))
        .collect()
}

#[test]
fn demo_repository_human_output() {
    let o = lint(&demo(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    insta::assert_snapshot!("demo-human", stdout(&o));
}

#[test]
fn demo_repository_json_output() {
    let o = lint(&demo(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], 1);
    for f in v["findings"].as_array().unwrap() {
        for key in [
            "rule",
            "severity",
            "tom",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "help",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        assert!(!f["path"].as_str().unwrap().contains('\\'));
    }
    insta::assert_snapshot!("demo-json", stdout(&o));
}

#[test]
fn output_is_identical_for_any_number_of_jobs() {
    let runs: Vec<_> = ["1", "2", "8"]
        .iter()
        .map(|j| stdout(&lint(&demo(), &["--format", "json", "-j", j])))
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
    let human: Vec<_> = ["1", "8"]
        .iter()
        .map(|j| stdout(&lint(&demo(), &["-j", j])))
        .collect();
    assert_eq!(human[0], human[1]);
}

#[test]
fn lint_root_and_paths_from_elsewhere() {
    // Run from the repository root with a relative path: paths stay relative to the lint root.
    let o = art32()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "lint",
            "examples/demo-infra",
            "--format",
            "json",
            "--today",
            TODAY,
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The demo's overdue attestation in its art32.toml, then the hosts' files.
    assert_eq!(v["findings"][0]["path"], "art32.toml", "{v}");
    assert!(
        v["findings"][1]["path"]
            .as_str()
            .unwrap()
            .starts_with("hosts/"),
        "{v}"
    );
}

#[test]
fn fail_on_threshold_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    // Only a warning: a kernel device name outside any data path.
    write(dir.path(), "etc/fstab", b"/dev/sda1 / ext4 defaults 0 1\n");
    assert_eq!(lint(dir.path(), &[]).status.code(), Some(1));
    assert_eq!(
        lint(dir.path(), &["--fail-on", "error"]).status.code(),
        Some(0)
    );
    assert_eq!(
        lint(dir.path(), &["--fail-on", "note"]).status.code(),
        Some(1)
    );
    write(dir.path(), "etc/fstab", b"UUID=ab12 / ext4 defaults 0 1\n");
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "checked 1 file: 0 errors, 0 warnings, 0 notes\n"
    );
}

#[test]
fn usage_and_config_errors_exit_2_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "etc/fstab", b"UUID=ab12 / ext4 defaults 0 1\n");
    let o = art32()
        .current_dir(dir.path())
        .args(["lint", "no/such/dir"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));

    write(
        dir.path(),
        "art32.toml",
        b"[rules.\"fstab.mount-options\"]\nseverity = \"loud\"\n",
    );
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("unknown severity `loud`") && err.contains("art32.toml:2:12"),
        "{err}"
    );

    write(dir.path(), "art32.toml", b"rule-dirs = [\"policy\"]\n");
    write(
        dir.path(),
        "policy/fstab/x.toml",
        b"id = \"fstab.x\"\ntitle = 1\n",
    );
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("x.toml:2:9") && err.contains("invalid type"),
        "{err}"
    );

    let o = art32()
        .current_dir(dir.path())
        .args(["lint", "--today", "26.11.2026"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn explicit_config_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "etc/fstab", b"/dev/sda1 / ext4 defaults 0 1\n");
    write(
        dir.path(),
        "conf/strict.toml",
        b"[rules.\"fstab.stable-device-id\"]\nseverity = \"error\"\n",
    );
    let o = lint(
        dir.path(),
        &["--config", "conf/strict.toml", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["severity"], "error");
    assert_eq!(v["findings"][0]["path"], "etc/fstab");
}

#[test]
fn gitignore_and_excludes_are_respected_and_files_can_be_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", b"old/\n");
    write(
        dir.path(),
        "old/etc/fstab",
        b"/dev/sda1 / ext4 defaults 0 1\n",
    );
    write(
        dir.path(),
        "vendor/etc/fstab",
        b"/dev/sda1 / ext4 defaults 0 1\n",
    );
    write(dir.path(), "art32.toml", b"exclude = [\"vendor\"]\n");
    write(dir.path(), "etc/fstab", b"/dev/sdb1 / ext4 defaults 0 1\n");
    let o = lint(dir.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["etc/fstab"]);
    assert_eq!(v["summary"]["files"], 1);
    // Files named on the command line (as pre-commit passes them) are linted.
    let o = lint(dir.path(), &["--format", "json", "etc/fstab"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["findings"][0]["path"], "etc/fstab");
}

#[test]
fn bad_input_files_are_reported_and_never_crash() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "binary/etc/fstab",
        b"\x7fELF\x02\x01\x01\0\0\0\0",
    );
    write(dir.path(), "empty/etc/fstab", b"");
    write(dir.path(), "short/etc/fstab", b"onlyonefield\n");
    write(dir.path(), "latin1/etc/fstab", b"# M\xfcnchen\nLABEL=data /srv/d\xfcsseldorf ext4 defaults 0 2\n/dev/sdb1 /opt ext4 defaults 0 2\n");
    write(
        dir.path(),
        "crlf/etc/fstab",
        b"UUID=ab12 /tmp ext4 defaults 0 2\r\n/dev/sdc1 /opt ext4 defaults 0 2\r\n",
    );
    write(
        dir.path(),
        "bom/etc/crypttab",
        b"\xEF\xBB\xBFdata UUID=ab12 none luks\r\n",
    );
    let o = lint(dir.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found: Vec<(String, String, u64, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let has = |path: &str, rule: &str, line: u64| {
        found
            .iter()
            .any(|f| f.0 == path && f.1 == rule && f.2 == line)
    };
    // A claimed file that is not read hides its findings: an error (issue 12).
    assert!(has("binary/etc/fstab", "unread-file", 1), "{found:?}");
    assert!(has("short/etc/fstab", "parse-error", 1), "{found:?}");
    // util-linux reads bytes: `findmnt --tab-file F --verify` finds no parse error in
    // a Latin-1 comment or mount point, so art32 reports none (issue 10).
    assert!(
        !found
            .iter()
            .any(|f| f.0 == "latin1/etc/fstab" && f.1 == "parse-error"),
        "{found:?}"
    );
    // A file with invalid UTF-8 is checked like any other.
    assert!(
        has("latin1/etc/fstab", "fstab.data-encrypted", 2),
        "{found:?}"
    );
    assert!(
        has("latin1/etc/fstab", "fstab.stable-device-id", 3),
        "{found:?}"
    );
    // CRLF: the options field ends before `\r`, and the second line is line 2.
    assert!(
        found.contains(&("crlf/etc/fstab".into(), "fstab.mount-options".into(), 1, 21)),
        "{found:?}"
    );
    assert!(
        has("crlf/etc/fstab", "fstab.stable-device-id", 2),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|f| f.0.starts_with("empty/") || f.0.starts_with("bom/")),
        "{found:?}"
    );
    let crlf = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "crlf/etc/fstab")
        .unwrap();
    assert_eq!(crlf["end_column"], 29);
    // Bytes that are not UTF-8 are shown as U+FFFD.
    let bad_utf8 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "latin1/etc/fstab")
        .unwrap();
    assert!(
        bad_utf8["message"]
            .as_str()
            .unwrap()
            .contains("`/srv/d\u{FFFD}sseldorf`"),
        "{bad_utf8}"
    );
    // The binary file was skipped, not checked.
    assert_eq!(v["summary"]["files"], 5);

    // The human output renders all of it too.
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("binary (contains NUL bytes)") && out.contains("checked 5 files"),
        "{out}"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "etc/fstab", b"/dev/sda1 / ext4 defaults 0 1\n");
    let run = |args: &[&str], no_color: bool| {
        let mut c = art32();
        c.current_dir(dir.path())
            .args(["lint", "--today", TODAY])
            .args(args);
        if no_color {
            c.env("NO_COLOR", "1");
        }
        stdout(&c.output().unwrap())
    };
    assert!(run(&["--color", "always"], false).contains('\x1b'));
    assert!(!run(&["--color", "never"], false).contains('\x1b'));
    // Not a terminal, and NO_COLOR: plain either way.
    assert!(!run(&[], false).contains('\x1b'));
    assert!(!run(&[], true).contains('\x1b'));
}

#[test]
fn rules_lists_every_rule() {
    let o = art32().args(["rules"]).output().unwrap();
    assert!(o.status.success());
    let out = stdout(&o);
    for id in [
        "fstab.mount-options",
        "fstab.stable-device-id",
        "fstab.network-mount-nofail",
        "fstab.nfs-kerberos",
        "fstab.data-encrypted",
        "fstab.removable-media-options",
        "parse-error",
    ] {
        assert!(out.contains(id), "{id} missing:\n{out}");
    }
    insta::assert_snapshot!("rules", out);
    let o = art32()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "fstab.nfs-kerberos")
        .unwrap();
    assert_eq!(r["tom"][0], "2.b.ii");
    assert_eq!(r["severity"], "error");
    assert_eq!(r["kind"], "fstab");
}

#[test]
fn explain_shows_everything_about_a_rule() {
    let o = art32()
        .args(["explain", "fstab.mount-options"])
        .output()
        .unwrap();
    assert!(o.status.success());
    insta::assert_snapshot!("explain-mount-options", stdout(&o));
    // Every rule's explanation fills in its params: no `<param.…>` is left.
    let o = art32()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for r in rules["rules"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let o = art32().args(["explain", id]).output().unwrap();
        assert!(o.status.success(), "{id}");
        assert!(!stdout(&o).contains("<param."), "{id}: {}", stdout(&o));
    }
    let o = art32().args(["explain", "fstab.nope"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown rule `fstab.nope`"));
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = tempfile::tempdir().unwrap();
    let o = art32()
        .current_dir(dir.path())
        .arg("init")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("art32.toml")).unwrap();
    assert!(
        text.contains("# [rules.\"fstab.data-encrypted\"]")
            && text.contains("# params.data-paths = ["),
        "{text}"
    );
    // Every commented setting, uncommented, is a valid config with the defaults.
    let uncommented: String = text
        .lines()
        .filter(|l| {
            l.starts_with("# ")
                && !l.starts_with("#  ")
                && (l.contains(" = ") || l.starts_with("# ["))
        })
        .map(|l| format!("{}\n", &l[2..]))
        .collect();
    std::fs::write(dir.path().join("art32.toml"), &uncommented).unwrap();
    write(dir.path(), "etc/fstab", b"/dev/sda1 / ext4 defaults 0 1\n");
    let o = lint(dir.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}\n{uncommented}", stderr(&o));
    // A second init refuses to overwrite.
    let o = art32()
        .current_dir(dir.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("art32.toml")).unwrap(),
        uncommented
    );
}

#[test]
fn own_rules_and_own_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "etc/fstab", b"UUID=ab12 / ext4 defaults 0 1\n");
    write(
        dir.path(),
        "tom.toml",
        "title = \"Our TOM\"\n[[item]]\nid = \"A.1\"\nde = \"Wurzel schreibgeschützt\"\nen = \"Root is read-only\"\ntype = \"technical\"\n".as_bytes(),
    );
    let rule = "id = \"fstab.root-ro\"\ntitle = \"Root is read-only\"\ntom = [\"A.1\"]\nseverity = \"error\"\n\
        message = \"`{file}` is mounted read-write\"\nhelp = \"add `ro`\"\nrationale = \"r\"\nreferences = [\"mount(8)\"]\n\
        [select]\nkind = \"fstab\"\npath = \"mount\"\nwhere = { field = \"file\", path-is = [\"/\"] }\n\
        [assert]\nfield = \"options\"\ncontains-all = [\"ro\"]\n";
    write(dir.path(), "policy/fstab/root-ro.toml", rule.as_bytes());
    // The built-in rules name items of the reference catalogue: with our own, they
    // must be disabled or mapped, and art32 says which item is unknown.
    write(
        dir.path(),
        "art32.toml",
        b"catalogue = \"tom.toml\"\nrule-dirs = [\"policy\"]\n",
    );
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown TOM item `2.b.ii`"),
        "{}",
        stderr(&o)
    );

    // Map the built-in rules to our items, or switch them off.
    let mut config = String::from("catalogue = \"tom.toml\"\nrule-dirs = [\"policy\"]\n");
    let builtin = art32::rules::Registry::load(&art32::config::Config::default_config()).unwrap();
    for r in builtin
        .rules
        .iter()
        .filter(|r| !r.tom.is_empty() && r.id != "fstab.mount-options")
    {
        config.push_str(&format!("[rules.\"{}\"]\nenabled = false\n", r.id));
    }
    config.push_str("[rules.\"fstab.mount-options\"]\ntom = [\"A.9\"]\n");
    write(dir.path(), "art32.toml", config.as_bytes());
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown TOM item `A.9`") && stderr(&o).contains("art32.toml"),
        "{}",
        stderr(&o)
    );
    write(
        dir.path(),
        "art32.toml",
        config.replace("A.9", "A.1").as_bytes(),
    );
    write(
        dir.path(),
        "etc/fstab",
        b"UUID=ab12 / ext4 defaults 0 1\nUUID=cd34 /tmp ext4 defaults 0 2\n",
    );
    let o = lint(dir.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["rule"], "fstab.root-ro");
    assert_eq!(v["findings"][0]["message"], "`/` is mounted read-write");
    assert_eq!(v["findings"][0]["tom"][0], "A.1");
    assert_eq!(v["findings"][1]["rule"], "fstab.mount-options");
    assert_eq!(v["findings"][1]["tom"], serde_json::json!(["A.1"]));
    assert_eq!(v["findings"].as_array().unwrap().len(), 2);
    let o = art32()
        .current_dir(dir.path())
        .args(["explain", "fstab.root-ro"])
        .output()
        .unwrap();
    assert!(stdout(&o).contains("Root is read-only"));
}

#[test]
fn several_paths_share_one_root() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a/etc/fstab",
        b"/dev/sda1 / ext4 defaults 0 1\n",
    );
    write(
        dir.path(),
        "b/etc/fstab",
        b"/dev/sdb1 / ext4 defaults 0 1\n",
    );
    let paths = |o: &Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    };
    let o = lint(dir.path(), &["--format", "json", "a", "b"]);
    assert_eq!(paths(&o), ["a/etc/fstab", "b/etc/fstab"]);
    let o = lint(&dir.path().join("a"), &["--format", "json", "../b", "."]);
    assert_eq!(paths(&o), ["a/etc/fstab", "b/etc/fstab"]);
    // The same file named twice is linted once; the root is the deepest directory
    // holding every path.
    let o = lint(dir.path(), &["--format", "json", "a", "a/etc/fstab", "./a"]);
    assert_eq!(paths(&o), ["etc/fstab"]);
}

/// A pre-commit hook passes only the changed fstab: its crypttab is still read.
#[test]
fn a_single_file_still_sees_its_crypttab() {
    let all = lint(&demo(), &["--format", "json", "hosts/db1"]);
    let one = lint(&demo(), &["--format", "json", "hosts/db1/etc/fstab"]);
    let findings = |o: &Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"].clone()
    };
    assert_eq!(findings(&all), findings(&one));
    assert_eq!(
        findings(&one).as_array().unwrap().len(),
        1,
        "{}",
        findings(&one)
    );
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 1);
}

#[cfg(unix)]
#[test]
fn symlinks_stay_inside_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    write(dir.path(), "real/fstab", b"/dev/sda1 / ext4 defaults 0 1\n");
    write(outside.path(), "fstab", b"/dev/sdz1 / ext4 defaults 0 1\n");
    std::fs::create_dir_all(dir.path().join("hosts/a/etc")).unwrap();
    std::os::unix::fs::symlink("../../../real/fstab", dir.path().join("hosts/a/etc/fstab"))
        .unwrap();
    std::fs::create_dir_all(dir.path().join("hosts/b/etc")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("fstab"),
        dir.path().join("hosts/b/etc/fstab"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("hosts/c/etc")).unwrap();
    std::os::unix::fs::symlink("nowhere", dir.path().join("hosts/c/etc/fstab")).unwrap();
    let o = lint(dir.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let got: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The real file and its link are one file, reported where its text is (issue 10:
    // a finding sits where the fix goes).
    assert_eq!(
        got,
        [
            ("hosts/b/etc/fstab".to_string(), "skipped-file".to_string()),
            ("hosts/c/etc/fstab".to_string(), "skipped-file".to_string()),
            (
                "real/fstab".to_string(),
                "fstab.stable-device-id".to_string()
            ),
        ]
    );
    assert!(stdout(&o).contains("leads out of the linted root"));
}

/// The default `ssl_protocols` depends on the target nginx version.
#[test]
fn nginx_defaults_follow_the_target_version() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        b"events {}\nhttp {\n    server_tokens off;\n    access_log off;\n    ssl_ciphers ECDHE+AESGCM;\n    server {\n        listen 443 ssl;\n        ssl_certificate a.pem;\n        ssl_certificate_key a.key;\n        add_header Strict-Transport-Security \"max-age=63072000\" always;\n    }\n}\n",
    );
    let messages = |version: Option<&str>| -> Vec<String> {
        let config = version.map_or(String::new(), |v| format!("[versions]\nnginx = \"{v}\"\n"));
        write(dir.path(), "art32.toml", config.as_bytes());
        let o = lint(dir.path(), &["--format", "json"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect()
    };
    // Default target: nginx 1.18, whose default is TLSv1 TLSv1.1 TLSv1.2.
    assert_eq!(messages(None), ["TLS server allows `TLSv1`, `TLSv1.1`"]);
    assert_eq!(
        messages(Some("1.23.4")),
        ["TLS server allows `TLSv1`, `TLSv1.1`"]
    );
    assert_eq!(
        messages(Some("1.8")),
        ["TLS server allows `SSLv3`, `TLSv1`, `TLSv1.1`"]
    );
    assert!(messages(Some("1.27.3")).is_empty());
    write(
        dir.path(),
        "art32.toml",
        b"[versions]\nnginx = \"latest\"\n",
    );
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a version"), "{}", stderr(&o));
}

/// The lines of `rule`'s findings in `dir` with `[versions] nginx = VERSION`.
fn lines_at_version(dir: &Path, version: &str, rule: &str) -> Vec<u64> {
    write(
        dir,
        "art32.toml",
        format!("[versions]\nnginx = \"{version}\"\n").as_bytes(),
    );
    let o = lint(dir, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["line"].as_u64().unwrap())
        .collect()
}

/// Before nginx 1.29.2 only the default server of a socket decides the handshake's
/// protocols; from 1.29.2 each virtual server's own `ssl_protocols` counts (nginx
/// CHANGES 1.29.2). The target version decides which server is judged.
#[test]
fn named_servers_protocols_count_from_nginx_1_29_2() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        b"events {}\nhttp {\n    server_tokens off;\n    access_log off;\n    \
          ssl_certificate a.pem;\n    ssl_certificate_key a.key;\n    \
          add_header Strict-Transport-Security \"max-age=63072000\" always;\n    \
          server {\n        listen 443 ssl;\n        ssl_protocols TLSv1.2 TLSv1.3;\n    }\n    \
          server {\n        listen 443 ssl;\n        server_name b.example.com;\n        \
          ssl_protocols TLSv1 TLSv1.2;\n    }\n}\n",
    );
    let lines = |version: &str| lines_at_version(dir.path(), version, "nginx.tls-protocols");
    assert_eq!(lines("1.29.1"), Vec::<u64>::new());
    assert_eq!(lines("1.29.2"), [15]);
}

/// nginx 1.29.3's `add_header_inherit merge` keeps the inherited headers where a level
/// adds its own; `off` drops them even where it adds none (CHANGES 1.29.3,
/// ngx_http_headers_module). Before 1.29.3 a level's `add_header` replaces them.
#[test]
fn add_header_inherit_merge_keeps_hsts_from_nginx_1_29_3() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        b"events {}\nhttp {\n    server_tokens off;\n    access_log off;\n    \
          ssl_certificate a.pem;\n    ssl_certificate_key a.key;\n    \
          add_header Strict-Transport-Security \"max-age=63072000\" always;\n    \
          add_header_inherit merge;\n    server {\n        listen 443 ssl;\n        \
          location / {\n            add_header X-Frame-Options DENY always;\n        }\n        \
          location /plain/ {\n            add_header_inherit off;\n        }\n    }\n}\n",
    );
    let lines = |version: &str| lines_at_version(dir.path(), version, "nginx.hsts");
    // 1.29.3: `/` merges HSTS with its own header; `/plain/` inherits nothing.
    assert_eq!(lines("1.29.3"), [14]);
    // Before: `/`'s own add_header (line 12) replaces the inherited HSTS; `/plain/`
    // inherits it.
    assert_eq!(lines("1.28"), [12]);
}

/// A finding past column 65,535 (a 75 KB `nginx.conf` on one line) renders in every
/// format without a panic; the human output names the place in words instead of
/// drawing a line it cannot draw (issue 12).
#[test]
fn findings_on_very_long_lines_render_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let conf = format!(
        "events {{}} http {{ server_tokens off; access_log off; {} server {{ listen 127.0.0.1:80; \
         location / {{ autoindex on; }} }} }}",
        "map $a $b { default 0; } ".repeat(3000)
    );
    write(dir.path(), "etc/nginx/nginx.conf", conf.as_bytes());
    for format in ["human", "json", "sarif", "github"] {
        let o = lint(dir.path(), &["--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
    }
    let o = lint(dir.path(), &[]);
    let column = conf.find("on; }").unwrap() + 1;
    assert!(
        stdout(&o).contains(&format!(
            "at etc/nginx/nginx.conf:1:{column} (a line of {} bytes, not shown)",
            conf.len()
        )),
        "{}",
        stdout(&o)
    );
}

/// `-o` never replaces a symlink, a FIFO or a device with a regular file, and never
/// writes through a symlinked directory of the repository (issue 12).
#[cfg(unix)]
#[test]
fn outputs_replace_only_regular_files_inside_the_repository() {
    use std::os::unix::fs::symlink;
    let dir = support::empty_repo();
    write(dir.path(), "etc/fstab", b"/dev/sda1 / ext4 defaults 0 1\n");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("keep"), "keep").unwrap();
    symlink(outside.path().join("keep"), dir.path().join("link.sarif")).unwrap();
    symlink(outside.path(), dir.path().join("reports")).unwrap();
    let fifo = dir.path().join("fifo.sarif");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for out in ["link.sarif", "fifo.sarif", "reports/art32.sarif"] {
        let o = lint(dir.path(), &["--format", "sarif", "--output", out]);
        assert_eq!(o.status.code(), Some(2), "{out}: {}", stderr(&o));
    }
    assert_eq!(
        std::fs::read_to_string(outside.path().join("keep")).unwrap(),
        "keep"
    );
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.sarif"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!outside.path().join("art32.sarif").exists());
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

/// No byte from a linted file starts a line of the human output (a CI log acts on
/// `::error …` at the start of a line), and GitHub's legacy `##[command]`, acted on
/// anywhere in a line, is broken up: an fstab `\012` in a mount point, a comment with
/// `##[add-mask]`, a file name with a line break (issue 12).
#[cfg(unix)]
#[test]
fn no_input_starts_a_log_line_or_a_legacy_command() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/fstab",
        b"# ##[add-mask]secret\n/dev/sda1 /srv\\012::error\\040title=Forged::pwned ext4 defaults 0 2\n",
    );
    write(
        dir.path(),
        "hosts/x\n::error title=Name::y/etc/fstab",
        b"/dev/sdb1 /srv ext4 defaults 0 2\n",
    );
    let o = lint(dir.path(), &[]);
    let out = stdout(&o);
    assert!(out.contains("Forged"), "{out}");
    for line in out.lines() {
        assert!(!line.starts_with("::"), "{line}");
        assert!(!line.contains("##["), "{line}");
    }
}

/// A crafted file cannot drive the terminal: escape sequences in linted text are shown
/// inert, in messages, labels, source lines and paths.
#[test]
fn terminal_escapes_in_linted_files_are_shown_inert() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/fstab",
        b"/dev/sda1 /srv\x1b[2J\x1b]0;pwned\x07 ext4 defaults\x1b[31m,\xc2\x9b31m 0 1\r\nLABEL=x /tmp\rfake ext4 defaults 0 2\n",
    );
    let o = lint(dir.path(), &[]);
    let out = stdout(&o);
    assert!(
        !out.contains('\x1b') && !out.contains('\x07') && !out.contains('\u{9b}'),
        "{out:?}"
    );
    assert!(!out.replace("\r\n", "\n").contains('\r'), "{out:?}");
    assert!(out.contains("/srv?[2J?]0;pwned?"), "{out}");
}

#[test]
fn files_over_the_size_limit_are_not_read_and_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "etc/fstab", b"/dev/sda1 / ext4 defaults 0 1\n");
    write(dir.path(), "art32.toml", b"max-file-size = 16\n");
    let o = lint(dir.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["rule"], "unread-file");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("limit of 16 bytes")
    );
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    write(dir.path(), "art32.toml", b"max-file-size = 0\n");
    assert_eq!(lint(dir.path(), &[]).status.code(), Some(2));
}

#[test]
fn suppressions_excludes_and_baselines() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/fstab",
        b"/dev/sda1 / ext4 defaults 0 1  # art32-ignore: fstab.stable-device-id -- the only disk\n/dev/sdb1 /opt ext4 defaults 0 2\n",
    );
    write(
        dir.path(),
        "legacy/etc/fstab",
        b"/dev/sdc1 /opt ext4 defaults 0 2\n",
    );
    let json = |o: &Output| -> serde_json::Value { serde_json::from_slice(&o.stdout).unwrap() };

    // The inline suppression takes one finding out; it is counted, and kept in SARIF.
    let v = json(&lint(dir.path(), &["--format", "json"]));
    assert_eq!(v["summary"]["suppressed"], 1);
    assert_eq!(v["findings"].as_array().unwrap().len(), 2);
    let o = lint(dir.path(), &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let suppressed: Vec<_> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["suppressions"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(
        suppressed[0]["suppressions"][0]["justification"],
        "the only disk"
    );
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    assert!(stdout(&lint(dir.path(), &[])).contains("(1 suppressed)"));

    // Teams that review waivers centrally switch inline suppressions off.
    write(dir.path(), "art32.toml", b"inline-suppressions = false\n");
    let v = json(&lint(dir.path(), &["--format", "json"]));
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules.iter().filter(|r| **r == "art32.suppression").count(),
        1,
        "{rules:?}"
    );
    assert_eq!(
        rules
            .iter()
            .filter(|r| **r == "fstab.stable-device-id")
            .count(),
        3,
        "{rules:?}"
    );

    // A rule's `exclude` globs.
    write(
        dir.path(),
        "art32.toml",
        b"[rules.\"fstab.stable-device-id\"]\nexclude = [\"legacy/**\"]\n",
    );
    let v = json(&lint(dir.path(), &["--format", "json"]));
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["path"] != "legacy/etc/fstab"),
        "{v}"
    );
    // A directory stands for everything in it, as in the top-level `exclude`.
    write(
        dir.path(),
        "art32.toml",
        b"[rules.\"fstab.stable-device-id\"]\nexclude = [\"legacy\"]\n",
    );
    let v = json(&lint(dir.path(), &["--format", "json"]));
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["path"] != "legacy/etc/fstab"),
        "{v}"
    );
    std::fs::remove_file(dir.path().join("art32.toml")).unwrap();

    // Baseline: today's findings are accepted; a new one is reported; fixed ones are counted.
    let o = art32()
        .current_dir(dir.path())
        .args(["baseline", "--today", TODAY, "--output", "base.json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("recorded 2 findings"), "{}", stdout(&o));
    let o = lint(dir.path(), &["--baseline", "base.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    write(
        dir.path(),
        "legacy/etc/fstab",
        b"UUID=ab /opt ext4 defaults 0 2\n",
    );
    write(
        dir.path(),
        "new/etc/fstab",
        b"/dev/sde1 /opt ext4 defaults 0 2\n",
    );
    // Lines moving does not change fingerprints.
    write(dir.path(), "etc/fstab", b"# a comment\n\n/dev/sda1 / ext4 defaults 0 1  # art32-ignore: fstab.stable-device-id -- the only disk\n/dev/sdb1 /opt ext4 defaults 0 2\n");
    let o = lint(dir.path(), &["--baseline", "base.json", "--format", "json"]);
    let v = json(&o);
    let paths: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["new/etc/fstab"]);
    assert_eq!(v["summary"]["baseline"]["baselined"], 1);
    assert_eq!(v["summary"]["baseline"]["gone"], 1);
    assert!(
        stdout(&lint(dir.path(), &["--baseline", "base.json"]))
            .contains("the baseline accepted 1 finding and has 1 entry no longer found")
    );
}

#[test]
fn suppressions_follow_each_formats_comment_syntax() {
    let dir = tempfile::tempdir().unwrap();
    // nginx: an end-of-line `#` comment.
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        b"http {\n    server_tokens off;\n    access_log off;\n    server {\n        listen 127.0.0.1:80;\n        autoindex on;  # art32-ignore: nginx.autoindex -- internal mirror\n    }\n}\n",
    );
    // INI inventory: `;` comment lines too.
    write(
        dir.path(),
        "inventory/hosts.ini",
        b"; art32-ignore: inventory.internet-server-age -- replaced in December, ticket 7\nwww1 tom_role=internet tom_commissioned=2020-01-01 tom_backup_media=a,b tom_last_check=2026-11-25\n",
    );
    // Postfix: `#` starts a comment only at the start of a line. The line before works;
    // at the end of a line the `#` is part of the value, and suppresses nothing.
    write(
        dir.path(),
        "etc/postfix/main.cf",
        b"compatibility_level = 3.6\n# art32-ignore: postfix.outbound-tls -- the relay host is on the same LAN\nsmtp_tls_security_level = none\nsmtpd_tls_security_level = none # art32-ignore: postfix.smtpd-tls -- not a comment\n",
    );
    let o = lint(dir.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(v["summary"]["suppressed"], 3, "{v}");
    assert!(!rules.contains(&"nginx.autoindex"), "{rules:?}");
    assert!(
        !rules.contains(&"inventory.internet-server-age"),
        "{rules:?}"
    );
    assert!(!rules.contains(&"postfix.outbound-tls"), "{rules:?}");
    assert!(rules.contains(&"postfix.smtpd-tls"), "{rules:?}");
    assert!(!rules.contains(&"art32.suppression"), "{rules:?}");
}

/// FIFOs, sockets and devices are never opened (opening a FIFO blocks for ever): one
/// named like a file art32 reads is a note, and one an nginx include names is not in
/// the repository. The run ends (the timeout would fail the test otherwise).
#[cfg(unix)]
#[test]
fn fifos_sockets_and_devices_are_skipped_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("etc/nginx")).unwrap();
    let mkfifo = |rel: &str| {
        let status = std::process::Command::new("mkfifo")
            .arg(dir.path().join(rel))
            .status()
            .unwrap();
        assert!(status.success());
    };
    mkfifo("etc/fstab");
    mkfifo("etc/nginx/mime.types");
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("etc/crypttab")).unwrap();
    // A device, through a symlink (making one needs root): it leads out of the root.
    std::fs::create_dir_all(dir.path().join("dev/etc")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("dev/etc/fstab")).unwrap();
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        b"events {}\nhttp {\n    include mime.types;\n    server_tokens off;\n}\n",
    );
    let found = lint_findings(dir.path());
    let not_regular = "file skipped: it is not a regular file (a FIFO, socket or device)";
    for path in ["etc/fstab", "etc/crypttab"] {
        assert!(
            found.contains(&(path.into(), "skipped-file".into(), not_regular.into())),
            "{found:?}"
        );
    }
    assert!(
        found.contains(&(
            "dev/etc/fstab".into(),
            "skipped-file".into(),
            "file skipped: it is a symlink that leads out of the linted root".into()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "etc/nginx/nginx.conf".into(),
            "unresolved-include".into(),
            "`mime.types` is not in the repository; its directives are not checked".into()
        )),
        "{found:?}"
    );
}

/// Symlink loops end (a loop of file links is a link that leads nowhere; directory
/// links are not followed), and an nginx include does not leave the root: not through
/// a symlink, not by `..`, not by an absolute path outside the mirrored `/etc`.
#[cfg(unix)]
#[test]
fn symlink_loops_end_and_includes_stay_inside_the_root() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    // Read, this would be a parse error and an autoindex finding.
    write(outside.path(), "secret.conf", b"autoindex on;\nbroken {\n");
    std::fs::create_dir_all(dir.path().join("a/etc")).unwrap();
    std::fs::create_dir_all(dir.path().join("b/etc")).unwrap();
    symlink("../../b/etc/fstab", dir.path().join("a/etc/fstab")).unwrap();
    symlink("../../a/etc/fstab", dir.path().join("b/etc/fstab")).unwrap();
    std::fs::create_dir_all(dir.path().join("c/etc")).unwrap();
    symlink("fstab", dir.path().join("c/etc/fstab")).unwrap();
    symlink(".", dir.path().join("loop")).unwrap();
    symlink("..", dir.path().join("c/up")).unwrap();
    write(
        dir.path(),
        "real/etc/fstab",
        b"/dev/sda1 / ext4 defaults 0 1\n",
    );
    std::fs::create_dir_all(dir.path().join("etc/nginx/snippets")).unwrap();
    symlink(
        outside.path().join("secret.conf"),
        dir.path().join("etc/nginx/snippets/evil.conf"),
    )
    .unwrap();
    symlink(
        outside.path().join("secret.conf"),
        dir.path().join("etc/nginx/evil.inc"),
    )
    .unwrap();
    let up = format!(
        "../../../../../../../../../..{}",
        outside.path().join("secret.conf").display()
    );
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        format!(
            "events {{}}\nhttp {{\n    server_tokens off;\n    include snippets/evil.conf;\n    \
             include evil.inc;\n    include {up};\n    include /etc/passwd;\n    include {};\n}}\n",
            outside.path().join("secret.conf").display()
        )
        .as_bytes(),
    );
    let found = lint_findings(dir.path());
    let nowhere = "file skipped: it is a symlink that leads nowhere";
    for path in ["a/etc/fstab", "b/etc/fstab", "c/etc/fstab"] {
        assert!(
            found.contains(&(path.into(), "skipped-file".into(), nowhere.into())),
            "{found:?}"
        );
    }
    assert!(
        found.contains(&(
            "etc/nginx/snippets/evil.conf".into(),
            "skipped-file".into(),
            "file skipped: it is a symlink that leads out of the linted root".into()
        )),
        "{found:?}"
    );
    // The real fstab once, not again through `loop/` or `c/up/`.
    assert!(found.iter().any(|f| f.0 == "real/etc/fstab"), "{found:?}");
    assert!(
        !found
            .iter()
            .any(|f| f.0.starts_with("loop/") || f.0.starts_with("c/up/")),
        "{found:?}"
    );
    let nginx: Vec<&(String, String, String)> = found
        .iter()
        .filter(|f| f.0.starts_with("etc/nginx/"))
        .collect();
    // Nothing of the outside file was read: no autoindex, no parse error.
    assert!(
        nginx
            .iter()
            .all(|f| f.1 == "unresolved-include" || f.1 == "skipped-file"),
        "{nginx:?}"
    );
    let unresolved: Vec<&str> = nginx
        .iter()
        .filter(|f| f.1 == "unresolved-include")
        .map(|f| f.2.as_str())
        .collect();
    assert_eq!(unresolved.len(), 5, "{unresolved:?}");
    assert!(
        unresolved
            .iter()
            .any(|m| m.contains("is outside the linted root; not followed")),
        "{unresolved:?}"
    );
}

/// Nothing but a line break or a tab, nor a bidi override mark, that a terminal acts on.
fn assert_inert(out: &str) {
    assert!(
        !out.chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t')
                || ('\u{80}'..='\u{9f}').contains(&c)),
        "{out:?}"
    );
}

/// The repository's own files reach the terminal through more than the linted text:
/// file names, its rule files, its TOM catalogue, its config. Escape sequences in any
/// of them are shown inert, in findings, in exit-2 diagnostics, in `rules` and
/// `explain`.
#[cfg(unix)]
#[test]
fn terminal_escapes_in_names_rules_catalogues_and_config_are_inert() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "hosts/\x1b[2J\x1b]0;pwned\x07/etc/fstab",
        b"/dev/sda1 / ext4 defaults 0 1\n",
    );
    write(
        dir.path(),
        "tom.toml",
        "title = \"Our TOM\"\n[[item]]\nid = \"A.1\"\nde = \"x\"\nen = \"Root \\u001b[31mread-only\\u009b\\r\"\ntype = \"technical\"\n".as_bytes(),
    );
    let rule = "id = \"fstab.root-ro\"\ntitle = \"Root \\u001b]0;t\\u0007 is read-only\"\ntom = [\"A.1\"]\nseverity = \"error\"\n\
        message = \"`{file}` is \\u001b[2Jmounted read-write\"\nhelp = \"add \\u001b[5m`ro`\"\nrationale = \"r\\r\\u001b[1A\"\nreferences = [\"mount(8)\"]\n\
        [select]\nkind = \"fstab\"\npath = \"mount\"\n\
        [assert]\nfield = \"options\"\ncontains-all = [\"ro\"]\n";
    write(dir.path(), "policy/fstab/root-ro.toml", rule.as_bytes());
    let mut config = String::from("catalogue = \"tom.toml\"\nrule-dirs = [\"policy\"]\n");
    let builtin = art32::rules::Registry::load(&art32::config::Config::default_config()).unwrap();
    for r in builtin.rules.iter().filter(|r| !r.tom.is_empty()) {
        config.push_str(&format!("[rules.\"{}\"]\nenabled = false\n", r.id));
    }
    write(dir.path(), "art32.toml", config.as_bytes());

    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert_inert(&out);
    assert!(
        out.contains("hosts/\\u{1b}[2J\\u{1b}]0;pwned\\u{7}/etc/fstab"),
        "{out}"
    );
    assert!(out.contains("is \\u{1b}[2Jmounted read-write"), "{out}");
    assert!(
        out.contains("TOM A.1: Root \\u{1b}[31mread-only\\u{9b}\\u{d}"),
        "{out}"
    );
    for args in [&["rules"][..], &["explain", "fstab.root-ro"]] {
        let o = art32().current_dir(dir.path()).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_inert(&stdout(&o));
        assert!(
            stdout(&o).contains("Root \\u{1b}]0;t\\u{7} is read-only"),
            "{}",
            stdout(&o)
        );
    }

    // A mistake in the rule file: its text is shown in the diagnostic (exit 2).
    write(
        dir.path(),
        "policy/fstab/root-ro.toml",
        format!("# \x1b]0;pwned\x07\r\n{rule}unknown-key = \"\x1b[2J\"\n").as_bytes(),
    );
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_inert(&stderr(&o));
    assert!(stderr(&o).contains("root-ro.toml"), "{}", stderr(&o));
    // And in the config.
    write(
        dir.path(),
        "art32.toml",
        b"exclude = [\"\x1b[2J\"\nmax-file-size = \"\x1b]0;x\x07\"\n",
    );
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_inert(&stderr(&o));
    assert!(stderr(&o).contains("art32.toml"), "{}", stderr(&o));
}

/// A repository of every kind: the demo (nginx with includes, Postfix, a YAML
/// inventory, fstab, crypttab) and every rule's failing fixture (INI and CSV
/// inventories, group and host vars, include cycles, suppressions, …) side by side.
fn every_kind_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&demo(), dir.path());
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for e in std::fs::read_dir(&fixtures).unwrap().flatten() {
        let to = dir.path().join("fx").join(e.file_name());
        copy_dir(&e.path().join("fail"), &to);
    }
    // A CSV asset list with findings of its own.
    write(
        dir.path(),
        "assets/inventory/assets.csv",
        b"hostname,tom_role,tom_commissioned,tom_backup_media,tom_last_check\r\n\
          www9.example.com,internet,2015-01-10,disk,2026-11-24\r\ndb9.internal,data,2014-03-01,,2026-01-01\r\n",
    );
    dir
}

/// Byte-identical JSON, SARIF, GitHub and human output for `--jobs` 1, 2 and 8 and
/// from one run to the next, on a repository with every kind and many files.
#[test]
fn every_format_is_identical_for_any_jobs_and_across_runs() {
    let repo = every_kind_repo();
    let out = tempfile::tempdir().unwrap();
    let run = |jobs: &str, n: usize| -> Vec<Vec<u8>> {
        let names = ["a.json", "a.sarif", "a.github", "a.txt"]
            .map(|f| out.path().join(format!("{jobs}-{n}-{f}")));
        let o = art32()
            .current_dir(repo.path())
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(["lint", "--today", TODAY, "--color", "never", "-j", jobs])
            .args(["--format", "json", "--output"])
            .arg(&names[0])
            .args(["--format", "sarif", "--output"])
            .arg(&names[1])
            .args(["--format", "github", "--output"])
            .arg(&names[2])
            .args(["--format", "human", "--output"])
            .arg(&names[3])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        names.iter().map(|p| std::fs::read(p).unwrap()).collect()
    };
    let first = run("1", 0);
    let v: serde_json::Value = serde_json::from_slice(&first[0]).unwrap();
    let paths: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    for expected in [
        "hosts/web1/etc/nginx/nginx.conf",
        "hosts/mail1/etc/postfix/main.cf",
        "inventory/hosts.yml",
        "fx/inventory.commission-date/inventory/hosts.ini",
        "fx/inventory.backup-media/inventory/hosts.yml",
        "fx/inventory.data-server-age/inventory/group_vars/databases.yml",
        "assets/inventory/assets.csv",
        "fx/postfix.open-relay/etc/postfix/main.cf",
        "fx/parse-error/etc/crypttab",
    ] {
        assert!(
            paths.iter().any(|p| p.starts_with(expected)),
            "no finding in {expected}: {paths:?}"
        );
    }
    assert!(paths.len() > 40, "{paths:?}");
    for (jobs, n) in [("2", 0), ("8", 0), ("8", 1), ("1", 1)] {
        let again = run(jobs, n);
        for (i, format) in ["json", "sarif", "github", "human"].iter().enumerate() {
            assert!(
                first[i] == again[i],
                "{format} differs with -j {jobs} (run {n})"
            );
        }
    }
}

/// Linting writes nothing but what it is told to: no file in the repository changes,
/// appears or disappears; `--output` adds exactly its file (written through a
/// temporary file that does not stay), and `baseline` its own.
#[test]
fn linting_writes_nothing_but_its_outputs() {
    fn snapshot(
        dir: &Path,
    ) -> std::collections::BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
        let mut out = std::collections::BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let meta = e.metadata().unwrap();
                if meta.is_dir() {
                    stack.push(e.path());
                    out.insert(e.path(), (Vec::new(), meta.modified().unwrap()));
                } else {
                    let bytes = std::fs::read(e.path()).unwrap();
                    out.insert(e.path(), (bytes, meta.modified().unwrap()));
                }
            }
        }
        out
    }
    let repo = every_kind_repo();
    let before = snapshot(repo.path());
    for format in ["human", "json", "sarif", "github"] {
        let o = art32()
            .current_dir(repo.path())
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(["lint", "--today", TODAY, "--format", format])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    }
    assert!(
        snapshot(repo.path()) == before,
        "linting changed the repository"
    );

    let o = lint(
        repo.path(),
        &["--format", "sarif", "--output", "reports/art32.sarif"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = art32()
        .current_dir(repo.path())
        .args([
            "baseline",
            "--today",
            TODAY,
            "--output",
            "art32-baseline.json",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = snapshot(repo.path());
    let added: Vec<&PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert_eq!(
        added,
        [
            &repo.path().join("art32-baseline.json"),
            &repo.path().join("reports"),
            &repo.path().join("reports/art32.sarif"),
        ]
    );
    assert!(
        before
            .iter()
            .all(|(p, v)| after.get(p) == Some(v) || p == repo.path()),
        "a file of the repository changed"
    );
}

/// The runner decodes `%0A` in a workflow command back into a line break: a `%` from
/// a linted file is escaped itself (`%25`), so that text cannot become a second
/// command. In a file name too, where `:` and `,` are escaped as well.
#[test]
fn github_commands_escape_percent_signs_from_linted_files() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/fstab",
        b"/dev/sda1 /srv/%0A::add-mask::x%0D%25 ext4 defaults 0 2\n",
    );
    write(
        dir.path(),
        "h%0A::warning::x,y:z/etc/fstab",
        b"/dev/sdb1 / ext4 defaults 0 1\n",
    );
    let o = lint(dir.path(), &["--format", "github"]);
    let out = stdout(&o);
    assert!(
        out.lines().all(|l| l.starts_with("::warning file=")
            || l.starts_with("::error file=")
            || l.starts_with("::notice file=")
            || l.starts_with("checked ")),
        "{out}"
    );
    assert!(out.contains("/srv/%250A::add-mask::x%250D%2525"), "{out}");
    assert!(!out.contains("/srv/%0A"), "{out}");
    assert!(
        out.contains("file=h%250A%3A%3Awarning%3A%3Ax%2Cy%3Az/etc/fstab,"),
        "{out}"
    );
}

/// A finding about a group labels every host of it: 1,000 hosts from one range line.
/// The human output draws 10 labels and counts the rest, JSON and SARIF list 100 and
/// count the rest, GitHub annotations name 10 (issue 12: 157 bytes of inventory made
/// 2.3 GB of human output and 30 MB of JSON).
#[test]
fn labels_of_a_finding_are_capped_in_every_format_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "inventory/hosts",
        b"w-[0:999] tom_role=internet\n",
    );
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let findings = out.matches("× host `w-0`").count() + out.matches("⚠ host `w-0`").count();
    assert!(findings >= 2, "{out}");
    assert_eq!(out.matches("inherits it").count(), 9 * findings, "{out}");
    assert_eq!(
        out.matches("and 990 more places not shown").count(),
        findings,
        "{out}"
    );
    assert!(out.len() < 4096 * findings, "{} bytes", out.len());

    let o = lint(dir.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for f in v["findings"].as_array().unwrap() {
        assert_eq!(f["labels"].as_array().unwrap().len(), 100, "{f}");
        assert_eq!(f["labels_omitted"], 899, "{f}");
    }
    let o = lint(dir.path(), &["--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for r in v["runs"][0]["results"].as_array().unwrap() {
        assert_eq!(r["relatedLocations"].as_array().unwrap().len(), 100, "{r}");
        let message = r["message"]["text"].as_str().unwrap();
        assert!(
            message.ends_with("(899 more related locations not listed)"),
            "{message}"
        );
    }
    let o = lint(dir.path(), &["--format", "github"]);
    let out = stdout(&o);
    assert_eq!(out.matches("inherits it").count(), 9 * findings, "{out}");
    assert!(out.contains("and 990 more places not shown"), "{out}");
}

/// An excerpt shows the lines of its labels and one line around each, not every line
/// between two labels far apart: a `log_format` 2,000 lines above the `access_log` that
/// uses it printed all 2,000 lines, for each server that used it (issue 12).
#[test]
fn excerpts_show_the_labelled_lines_not_the_lines_between() {
    let dir = tempfile::tempdir().unwrap();
    let conf = format!(
        "http {{\n{}    log_format main '$remote_addr';\n    server_tokens off;\n{}    server {{\n        \
         listen 80;\n        access_log /var/log/nginx/a.log main;\n        return 301 \
         https://$host$request_uri;\n    }}\n}}\n",
        "    # before\n".repeat(3000),
        "    # filler\n".repeat(2000)
    );
    write(dir.path(), "etc/nginx/nginx.conf", conf.as_bytes());
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("`main` is defined here"), "{out}");
    assert!(out.matches("# filler").count() <= 4, "{out}");
    assert!(out.lines().count() < 100, "{out}");
}

/// A GitHub runner trims a log line's leading whitespace before it looks for
/// `::command` (actions/runner `ActionCommand.TryParseV2`), so indenting a wrapped line
/// does not help: no line of the human output, trimmed, starts with input text. Text
/// from a linted file and from the repository's own rule (message, help, label) puts
/// `::error` at every distance from the start, so that any wrapping would land one at
/// the start of a line (issue 12).
#[test]
fn no_wrapped_line_starts_with_input_text() {
    let dir = tempfile::tempdir().unwrap();
    // Every word a forged command, then the same after 0 to 59 one-letter words.
    let forged: Vec<String> = std::iter::repeat_n(String::new(), 40)
        .chain((0..60).map(|k| "a ".repeat(k)))
        .map(|pad| format!("{pad}::error::Forged"))
        .collect();
    let forged = forged.join(" ");
    write(
        dir.path(),
        "etc/fstab",
        format!(
            "/dev/sda1 /srv/{} ext4 defaults 0 2\n",
            forged.replace(' ', "\\040")
        )
        .as_bytes(),
    );
    let rule = format!(
        "id = \"fstab.forge\"\ntitle = \"t\"\ntom = [\"2.a.i\"]\nseverity = \"error\"\n\
         message = \"`{{file}}` {forged}\"\nhelp = \"{forged}\"\nrationale = \"r\"\n\
         references = [\"x\"]\n[select]\nkind = \"fstab\"\npath = \"mount\"\n\
         [assert]\nfield = \"options\"\ncontains-all = [\"ro\"]\nlabel = \"{forged}\"\n"
    );
    write(dir.path(), "policy/fstab/forge.toml", rule.as_bytes());
    write(dir.path(), "art32.toml", b"rule-dirs = [\"policy\"]\n");
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.matches("Forged").count() > 300, "{out}");
    for line in out.lines() {
        assert!(!line.trim_start().starts_with("::"), "{line}");
        assert!(!line.contains("##["), "{line}");
    }
    // The exit-2 diagnostic of a rule file with the same text.
    write(
        dir.path(),
        "policy/fstab/forge.toml",
        format!("{rule}unknown-key = \"{forged}\"\n").as_bytes(),
    );
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    for line in stderr(&o).lines() {
        assert!(!line.trim_start().starts_with("::"), "{line}");
    }
}

/// `explain` and `rules` print a repository's rule file and catalogue: a line break in
/// a title, a TOM text or a reference, or a line of the rationale, help or example, used
/// to start a line of its own (the rationale indented by blanks, which the runner
/// trims). Now one-line fields keep their breaks as escapes and blocks are drawn behind
/// `│`, so no line starts with the file's text.
#[test]
fn explain_and_rules_start_no_line_with_rule_file_text() {
    let dir = support::empty_repo();
    let f = "::error title=Forged::x";
    write(
        dir.path(),
        "tom.toml",
        format!(
            "title = \"Our TOM\"\n[[item]]\nid = \"A.1\"\nde = \"x\\n{f}\"\nen = \"y\\u2028{f}\"\ntype = \"technical\"\n"
        )
        .as_bytes(),
    );
    let rule = format!(
        "id = \"fstab.forge\"\ntitle = \"t\\n{f}\"\ntom = [\"A.1\"]\nseverity = \"error\"\n\
         message = \"m\"\nhelp = \"h\\n{f}\\n##[add-mask]x\"\nrationale = \"\"\"\n{f}\n\n  {f}\n\"\"\"\n\
         references = [\"r\\r{f}\"]\n[select]\nkind = \"fstab\"\npath = \"mount\"\n\
         [assert]\nfield = \"options\"\ncontains-all = [\"ro\"]\n\
         [example]\nfail = \"{f}\\n\"\npass = \"\\n{f}\\n\"\n"
    );
    write(dir.path(), "policy/fstab/forge.toml", rule.as_bytes());
    let mut config = String::from("catalogue = \"tom.toml\"\nrule-dirs = [\"policy\"]\n");
    let builtin = art32::rules::Registry::load(&art32::config::Config::default_config()).unwrap();
    for r in builtin.rules.iter().filter(|r| !r.tom.is_empty()) {
        config.push_str(&format!("[rules.\"{}\"]\nenabled = false\n", r.id));
    }
    write(dir.path(), "art32.toml", config.as_bytes());
    for args in [&["rules"][..], &["explain", "fstab.forge"]] {
        let o = art32().current_dir(dir.path()).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("Forged"), "{out}");
        for line in out.lines() {
            assert!(!line.trim_start().starts_with("::"), "{line}\n{out}");
            assert!(!line.contains("##["), "{line}");
        }
    }
}

/// The TLS profile is chosen per repository: the same `ssl_ciphers` passes Mozilla's
/// intermediate profile (the default), fails BSI TR-02102-2 (no ChaCha20) and Mozilla's
/// modern one (no TLS 1.2 suite at all); a profile of one's own in a rule directory
/// works like the built-in ones, and an unknown one is an error.
#[test]
fn the_tls_profile_is_chosen_in_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        b"events {}\nhttp {\n    server_tokens off;\n    access_log off;\n    ssl_protocols TLSv1.2;\n    \
          ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305;\n    server {\n        \
          listen 443 ssl;\n        ssl_certificate a.pem;\n        ssl_certificate_key a.key;\n        \
          add_header Strict-Transport-Security \"max-age=63072000\" always;\n    }\n}\n",
    );
    write(
        dir.path(),
        "mine/tls-profiles/gcm-only.toml",
        b"id = \"gcm-only\"\ntitle = \"GCM only\"\nsummary = \"s\"\nreferences = [\"ours\"]\n\
          protocols = [\"TLSv1.2\"]\ntls12 = [\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"]\ntls13 = []\n",
    );
    let findings = |config: &str| -> Vec<String> {
        write(dir.path(), "art32.toml", config.as_bytes());
        let o = lint(dir.path(), &["--format", "json"]);
        let v: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)));
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{}: {}",
                    f["rule"].as_str().unwrap(),
                    f["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(findings(""), Vec::<String>::new());
    assert_eq!(
        findings("[tls]\nprofile = \"mozilla-intermediate\"\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        findings("[tls]\nprofile = \"bsi-tr-02102-2\"\n"),
        [
            "nginx.tls-ciphers: TLS server enables 1 suite outside the `bsi-tr-02102-2` profile: \
          `TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256`"
        ]
    );
    assert_eq!(
        findings("[tls]\nprofile = \"mozilla-modern\"\n"),
        [
            "nginx.tls-ciphers: TLS server enables 2 suites outside the `mozilla-modern` profile: \
          `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`, `TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256`"
        ]
    );
    assert_eq!(
        findings("rule-dirs = [\"mine\"]\n[tls]\nprofile = \"gcm-only\"\n"),
        [
            "nginx.tls-ciphers: TLS server enables 1 suite outside the `gcm-only` profile: \
          `TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256`"
        ]
    );
    // A rule's param names a profile of its own, whatever the config selects.
    assert_eq!(
        findings(
            "[tls]\nprofile = \"bsi-tr-02102-2\"\n[rules.\"nginx.tls-ciphers\"]\nparams.profile = \"mozilla-intermediate\"\n"
        ),
        Vec::<String>::new()
    );
    write(dir.path(), "art32.toml", b"[tls]\nprofile = \"bsi\"\n");
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "unknown TLS profile `bsi` (known: `bsi-tr-02102-2`, `mozilla-intermediate`, `mozilla-modern`)"
        ),
        "{}",
        stderr(&o)
    );
    // A profile that names a suite OpenSSL does not know is refused where it is written.
    write(
        dir.path(),
        "mine/tls-profiles/gcm-only.toml",
        b"id = \"gcm-only\"\ntitle = \"GCM only\"\nsummary = \"s\"\nreferences = [\"ours\"]\n\
          protocols = [\"TLSv1.2\"]\ntls12 = [\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265\"]\ntls13 = []\n",
    );
    write(dir.path(), "art32.toml", b"rule-dirs = [\"mine\"]\n");
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265` is not the IANA name of a TLS 1.2 suite"
        ),
        "{}",
        stderr(&o)
    );
}

/// `art32 ciphers` lists what a string enables against the profile, and the profile.
#[test]
fn ciphers_lists_every_suite_a_string_enables() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        art32()
            .current_dir(dir.path())
            .arg("ciphers")
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&[
        "ECDHE+AESGCM:AES128-SHA:PSK-AES128-GCM-SHA256",
        "--tls13",
        "TLS_AES_128_CCM_SHA256",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("ciphers-string", stdout(&o));
    let o = run(&["--profile", "bsi-tr-02102-2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("ciphers-profile", stdout(&o));
    let o = run(&["NOSUCH"]);
    assert!(stdout(&o).contains("`NOSUCH`: OpenSSL refuses it: no cipher matches `NOSUCH`"));
    let o = run(&["HIGH", "--profile", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown TLS profile `nope`"));
}

/// `explain` of a cipher rule names the profile it judges against and what it allows,
/// as the config selects it.
#[test]
fn explain_names_the_tls_profile_of_a_cipher_rule() {
    let dir = tempfile::tempdir().unwrap();
    let explain = |rule: &str| {
        let o = art32()
            .current_dir(dir.path())
            .args(["explain", rule])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let text = explain("nginx.tls-ciphers");
    assert!(
        text.contains("`mozilla-intermediate` (the one `[tls] profile` selects)")
            && text.contains("TLS 1.2 suites it allows: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,"),
        "{text}"
    );
    write(
        dir.path(),
        "art32.toml",
        b"[tls]\nprofile = \"mozilla-modern\"\n",
    );
    let text = explain("postfix.tls-ciphers");
    assert!(
        text.contains("`mozilla-modern` (the one `[tls] profile` selects)")
            && text.contains("TLS 1.2 suites it allows: none"),
        "{text}"
    );
    assert!(!explain("nginx.tls-protocols").contains("TLS profile"));
    // The full expansion of what holds where nothing is set.
    let text = explain("nginx.tls-ciphers");
    assert!(
        text.contains("`HIGH:!aNULL:!MD5:!kDHE` enables ")
            && text.contains("OUTSIDE AES256-GCM-SHA384")
            && !text.contains("OUTSIDE DHE-RSA-AES256-GCM-SHA384"),
        "{text}"
    );
    assert!(
        explain("nginx.tls13-ciphers")
            .contains("`TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256` enables 3 TLS 1.3 suites"),
    );
}

/// The profile switches the Postfix rules too: exclusions that leave Mozilla
/// intermediate's six suites pass it and fail BSI TR-02102-2 (ChaCha20), whose TLS 1.3
/// list also lacks OpenSSL's default ChaCha20 suite. A profile id defined twice is an
/// error.
#[test]
fn the_tls_profile_switches_the_postfix_rules_and_is_defined_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/postfix/main.cf",
        b"compatibility_level = 3.6\nsmtp_tls_security_level = encrypt\n\
          smtp_tls_mandatory_exclude_ciphers = aNULL, kRSA, kDHE, SHA1, SHA256, SHA384, CAMELLIA, ARIA, AESCCM, PSK, SRP\n",
    );
    let rules = |config: &str| -> Vec<String> {
        write(dir.path(), "art32.toml", config.as_bytes());
        let o = lint(dir.path(), &["--format", "json"]);
        let v: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)));
        let mut ids: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .filter(|r| r.contains("ciphers"))
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(rules(""), Vec::<String>::new());
    assert_eq!(
        rules("[tls]\nprofile = \"bsi-tr-02102-2\"\n"),
        ["postfix.tls-ciphers", "postfix.tls13-ciphers"]
    );
    write(
        dir.path(),
        "mine/tls-profiles/mozilla-modern.toml",
        b"id = \"mozilla-modern\"\ntitle = \"t\"\nsummary = \"s\"\nreferences = [\"r\"]\n\
          protocols = [\"TLSv1.3\"]\ntls12 = []\ntls13 = [\"TLS_AES_128_GCM_SHA256\"]\n",
    );
    write(dir.path(), "art32.toml", b"rule-dirs = [\"mine\"]\n");
    let o = lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("profile `mozilla-modern` is already defined in `rules/tls-profiles/mozilla-modern.toml`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn concise_output_is_one_line_a_finding() {
    let o = lint(&demo(), &["--format", "concise"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let json = json_findings(&lint_json(&demo(), &[]));
    assert_eq!(lines.len(), json.len() + 1, "{out}");
    // `path:line:col: severity[rule] message`, in the JSON output's order.
    for (line, f) in lines.iter().zip(&json) {
        assert!(
            line.starts_with(&format!("{}:", f.path)) && line.contains(&format!("[{}] ", f.rule)),
            "{line}"
        );
    }
    assert!(lines[lines.len() - 1].starts_with("checked "), "{out}");
    insta::assert_snapshot!("demo-concise", out);
}

#[test]
fn concise_output_keeps_input_text_on_its_line() {
    let repo = support::empty_repo();
    // A line break in the path, an escape sequence in the message.
    write(
        repo.path(),
        "hosts/a\nb/etc/fstab",
        "nas:/x /mnt/n\u{1b}[2Jas nfs4 defaults 0 0\n",
    );
    let o = lint(repo.path(), &["--format", "concise"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert_inert(&out);
    assert!(out.contains("\\u{1b}[2J"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() > 1, "{out}");
    for line in &lines[..lines.len() - 1] {
        assert!(line.starts_with("hosts/a\\u{a}b/etc/fstab:1:"), "{line}");
    }
}

#[test]
fn exit_zero_quiet_and_statistics() {
    // `--exit-zero`: the same output, exit 0.
    let plain = lint(&demo(), &["--format", "concise"]);
    assert_eq!(plain.status.code(), Some(1));
    let zero = lint(&demo(), &["--format", "concise", "--exit-zero"]);
    assert_eq!(zero.status.code(), Some(0), "{}", stderr(&zero));
    assert_eq!(stdout(&zero), stdout(&plain));
    // A usage error still exits 2.
    let o = lint(&demo(), &["--exit-zero", "no/such/path"]);
    assert_eq!(o.status.code(), Some(2));

    // `--quiet`: the findings, no summary, in both text formats; the exit code stays.
    let quiet = lint(&demo(), &["--format", "concise", "--quiet"]);
    assert_eq!(quiet.status.code(), Some(1));
    let expected: String = stdout(&plain)
        .lines()
        .filter(|l| !l.starts_with("checked "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(stdout(&quiet), expected);
    let human = stdout(&lint(&demo(), &[]));
    let human_quiet = stdout(&lint(&demo(), &["-q"]));
    assert!(human.contains("\nchecked 10 files: "), "{human}");
    assert!(
        !human_quiet.lines().any(|l| l.starts_with("checked ")),
        "{human_quiet}"
    );
    assert!(human.starts_with(&human_quiet));
    assert_eq!(human_quiet.matches("warning[").count(), 9);

    // `--statistics`: counts per rule, most frequent first, ties by id, then the summary.
    let stats = lint(&demo(), &["--statistics"]);
    assert_eq!(stats.status.code(), Some(1));
    let out = stdout(&stats);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "3  fstab.data-encrypted           Data file systems sit on encrypted devices"
    );
    assert_eq!(
        lines[1],
        "2  fstab.mount-options            Hardened mount points carry nodev, nosuid and noexec"
    );
    assert!(
        lines[2].starts_with("1  art32.attestation-overdue      "),
        "{out}"
    );
    assert_eq!(lines.len(), 19 + 1, "{out}");
    assert_eq!(
        lines[19],
        "checked 10 files: 11 errors, 9 warnings, 2 notes"
    );
    let counted: usize = lines[..19]
        .iter()
        .map(|l| {
            l.split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(counted, 22);
    // With `--quiet`, the counts alone; the same in concise output; JSON is unchanged.
    let o = lint(&demo(), &["--statistics", "--quiet", "--format", "concise"]);
    assert_eq!(
        stdout(&o),
        lines[..19]
            .iter()
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    );
    let json = lint(&demo(), &["--statistics", "--quiet", "--format", "json"]);
    assert_eq!(stdout(&json), stdout(&lint(&demo(), &["--format", "json"])));
    // Nothing found: nothing to count, only the summary.
    let clean = support::empty_repo();
    write(clean.path(), "etc/fstab", "UUID=1 / ext4 defaults 0 1\n");
    let o = lint(clean.path(), &["--statistics"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "checked 1 file: 0 errors, 0 warnings, 0 notes\n"
    );
}

/// The rules of the concise findings of `lint EXTRA…` in `dir`, in order, deduplicated.
fn rules_found(dir: &Path, extra: &[&str]) -> Vec<String> {
    let o = lint(dir, &[&["--format", "concise", "--quiet"], extra].concat());
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let mut rules: Vec<String> = stdout(&o)
        .lines()
        .filter_map(|l| Some(l.split_once('[')?.1.split_once(']')?.0.to_string()))
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn rules_are_selected_by_id_prefix_and_tom_item() {
    let all = rules_found(&demo(), &[]);
    assert_eq!(all.len(), 19, "{all:?}");
    // The demo's overdue attestation is about TOM items, not files: a run narrowed to
    // some rules by `--select` does not report it (the lists below), one that only
    // ignores some does.
    assert!(all.contains(&"art32.attestation-overdue".to_string()));
    assert_eq!(
        rules_found(&demo(), &["--select", "tom:8"]),
        ["fstab.data-encrypted", "inventory.weekly-check"]
    );
    // A prefix ends at a `.` or `-`; lists are comma-separated and repeatable.
    assert_eq!(
        rules_found(&demo(), &["--select", "nginx.tls,postfix.mynetworks"]),
        [
            "nginx.tls-ciphers",
            "nginx.tls-protocols",
            "postfix.mynetworks"
        ]
    );
    assert_eq!(
        rules_found(&demo(), &["--select", "nginx.tls", "--select", "tom:7"]),
        [
            "inventory.backup-media",
            "nginx.tls-ciphers",
            "nginx.tls-protocols"
        ]
    );
    // A TOM item selects the rules mapped to it and to the items below it.
    assert_eq!(
        rules_found(&demo(), &["--select", "tom:2.a.i"]),
        ["nginx.tls-ciphers", "nginx.tls-protocols"]
    );
    assert_eq!(
        rules_found(&demo(), &["--select", "tom:2.a"]),
        [
            "fstab.data-encrypted",
            "nginx.tls-ciphers",
            "nginx.tls-protocols",
            "postfix.outbound-tls",
            "postfix.submission-tls"
        ]
    );
    // `--ignore` removes, after `--extend-select` adds.
    let rest = rules_found(
        &demo(),
        &["--ignore", "fstab, inventory", "--ignore", "nginx"],
    );
    assert_eq!(
        rest,
        [
            "art32.attestation-overdue",
            "postfix.mynetworks",
            "postfix.outbound-tls",
            "postfix.submission-tls"
        ]
    );
    assert_eq!(
        rules_found(
            &demo(),
            &[
                "--select",
                "postfix",
                "--extend-select",
                "nginx.autoindex",
                "--ignore",
                "postfix.outbound-tls"
            ]
        ),
        [
            "nginx.autoindex",
            "postfix.mynetworks",
            "postfix.submission-tls"
        ]
    );

    // A rule art32.toml disables: `--extend-select` and `--select` run it again.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&demo(), dir.path());
    let config = dir.path().join("art32.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[rules.\"nginx.autoindex\"]\nenabled = false\n");
    std::fs::write(&config, text).unwrap();
    let without = rules_found(dir.path(), &[]);
    assert!(!without.contains(&"nginx.autoindex".to_string()));
    assert_eq!(without.len(), 18);
    let with = rules_found(dir.path(), &["--extend-select", "nginx.autoindex"]);
    assert_eq!(with, all);
    assert_eq!(
        rules_found(dir.path(), &["--select", "nginx.autoindex"]),
        ["nginx.autoindex"]
    );

    // The engine's own rules stay whatever is selected.
    let repo = support::empty_repo();
    write(
        repo.path(),
        "etc/nginx/nginx.conf",
        "http { server { listen 80 }\n",
    );
    assert_eq!(
        rules_found(repo.path(), &["--select", "fstab"]),
        ["parse-error"]
    );
}

#[test]
fn unknown_rule_selectors_are_usage_errors_with_a_suggestion() {
    for (args, expected) in [
        (
            &["--select", "nginx.tls-cipher"][..],
            "unknown rule or prefix `nginx.tls-cipher` in `--select`; did you mean `nginx.tls-ciphers`?",
        ),
        (&["--ignore", "fstab,ngnix"][..], "did you mean `nginx`?"),
        (
            &["--extend-select", "tom:2.a.x"][..],
            "unknown TOM item `tom:2.a.x` in `--extend-select`; did you mean `tom:2.a.i`?",
        ),
        (
            &["--select", "nginx."][..],
            "unknown rule or prefix `nginx.`",
        ),
        (&["--select", "qqqqqqqq"][..], "(`art32 rules` lists them)"),
        (&["--ignore", "parse-error"][..], "reported by art32 itself"),
        (&["--select", ""][..], "names no rule"),
    ] {
        let o = lint(&demo(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn suppressions_of_rules_that_do_not_run_are_not_called_unused() {
    let repo = support::empty_repo();
    write(
        repo.path(),
        "etc/fstab",
        "# art32-ignore: fstab.stable-device-id -- legacy box, see ticket 12\n\
         /dev/sdb1 /srv ext4 defaults 0 2\n",
    );
    let all = rules_found(repo.path(), &[]);
    assert_eq!(all, ["fstab.data-encrypted"]);
    assert_eq!(
        rules_found(repo.path(), &["--select", "fstab.data-encrypted"]),
        ["fstab.data-encrypted"]
    );
    // A suppression of a rule that runs and finds nothing there is still reported.
    write(
        repo.path(),
        "etc/fstab",
        "# art32-ignore: fstab.stable-device-id -- legacy box, see ticket 12\n\
         UUID=1 /srv ext4 defaults 0 2\n",
    );
    assert_eq!(
        rules_found(repo.path(), &["--select", "fstab"]),
        ["art32.suppression", "fstab.data-encrypted"]
    );
}

/// `art32 lint - --stdin-filename NAME EXTRA…` in `dir`, with `text` on stdin.
fn lint_stdin(dir: &Path, name: &str, text: &str, extra: &[&str]) -> Output {
    art32()
        .current_dir(dir)
        .args([
            "lint", "--today", TODAY, "--color", "never", "--format", "concise", "-",
        ])
        .args(["--stdin-filename", name])
        .args(extra)
        .write_stdin(text)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

#[test]
fn a_file_on_stdin_is_linted_as_the_file_it_names() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&demo(), dir.path());
    let before = std::fs::read_dir(dir.path().join("hosts/web1/etc/nginx/sites-enabled"))
        .unwrap()
        .count();
    // An nginx site, in the context of the nginx.conf that includes it: the findings of
    // the file on disk, and then of the text given instead of it.
    let site = "hosts/web1/etc/nginx/sites-enabled/shop.conf";
    let text = std::fs::read_to_string(dir.path().join(site)).unwrap();
    let on_disk = lint(dir.path(), &["--format", "concise", site]);
    let o = lint_stdin(dir.path(), site, &text, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&on_disk));
    assert!(stdout(&o).contains(&format!("{site}:37:19: warning[nginx.autoindex]")));
    assert!(stdout(&o).contains("error[nginx.tls-ciphers]"));
    let edited = text.replace("autoindex on", "autoindex off");
    let o = lint_stdin(dir.path(), site, &edited, &[]);
    assert!(!stdout(&o).contains("nginx.autoindex"), "{}", stdout(&o));
    assert!(stdout(&o).contains("error[nginx.admin-protected]"));
    // From a directory below the root, the name is relative to it; findings are under
    // the path from the root. A new file need not exist.
    let o = lint_stdin(
        &dir.path().join("hosts/web1"),
        "etc/nginx/sites-enabled/new.conf",
        "server {\n    listen 80;\n    autoindex on;\n}\n",
        &[],
    );
    assert!(
        stdout(&o)
            .contains("hosts/web1/etc/nginx/sites-enabled/new.conf:3:15: warning[nginx.autoindex]"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(
        stdout(&o).ends_with("checked 1 file: 1 error, 1 warning, 0 notes\n"),
        "{}",
        stdout(&o)
    );

    // An fstab, with the crypttab beside it on disk as its context.
    let fstab = "hosts/db1/etc/fstab";
    let encrypted = "/dev/mapper/pg_crypt  /var/lib/postgresql  xfs  defaults  0  2\n";
    let o = lint_stdin(dir.path(), fstab, encrypted, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("hosts/db1/etc/fstab:1:1: error[fstab.data-encrypted]"),
        "{}",
        stdout(&o)
    );
    let encrypted = "/dev/mapper/mysql_crypt  /var/lib/postgresql  xfs  defaults  0  2\n";
    let o = lint_stdin(dir.path(), fstab, encrypted, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o),
        "checked 1 file: 0 errors, 0 warnings, 0 notes\n"
    );
    // Nothing was written.
    let after = std::fs::read_dir(dir.path().join("hosts/web1/etc/nginx/sites-enabled"))
        .unwrap()
        .count();
    assert_eq!(before, after);
    assert!(
        !dir.path()
            .join("hosts/web1/etc/nginx/sites-enabled/new.conf")
            .exists()
    );
}

#[test]
fn stdin_needs_its_filename_inside_the_repository() {
    let o = art32()
        .current_dir(demo())
        .args(["lint", "-"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("add `--stdin-filename PATH`"),
        "{}",
        stderr(&o)
    );
    let o = lint(&demo(), &["--stdin-filename", "etc/fstab"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("use it with `art32 lint -`"));
    let o = lint(&demo(), &["-", "hosts", "--stdin-filename", "etc/fstab"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("linted alone"));
    let o = lint_stdin(&demo(), "../elsewhere/etc/fstab", "x", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a file in the repository"));
    // A file no kind claims is named, not judged.
    let o = lint_stdin(&demo(), "notes.txt", "hello\n", &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("notes.txt:1:1: note[skipped-file] file not checked"));
    // Over `max-file-size`, it is not read, as on disk.
    let repo = support::empty_repo();
    write(repo.path(), "art32.toml", "max-file-size = 10\n");
    let o = lint_stdin(
        repo.path(),
        "etc/fstab",
        "/dev/sdc1 /data ext4 defaults 0 2\n",
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("etc/fstab:1:1: error[unread-file] file skipped: 11 bytes or more"),
        "{}",
        stdout(&o)
    );
}

/// Diagnostics wrap at `COLUMNS` but never inside a path (`ca-certificates` is not split
/// at its hyphen); `FORCE_COLOR` and `CLICOLOR_FORCE` turn colours on off a terminal,
/// `NO_COLOR` off, `FORCE_COLOR=0` does not force.
#[test]
fn diagnostics_honour_columns_and_colour_variables() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let path = "policy/ca-certificates-and-other-long-names.toml";
    write(
        dir.path(),
        "art32.toml",
        format!("catalogue = \"{path}\"\n").as_bytes(),
    );
    let run = |vars: &[(&str, &str)]| {
        let mut cmd = art32();
        cmd.current_dir(dir.path())
            .args(["lint", "."])
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("COLUMNS");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let o = cmd.output().unwrap();
        assert_eq!(o.status.code(), Some(2));
        stderr(&o)
    };
    let narrow = run(&[("COLUMNS", "40")]);
    assert!(
        narrow.lines().any(|l| l.contains(path)),
        "the path is split:\n{narrow}"
    );
    assert!(
        narrow.lines().count() > 5,
        "not wrapped at 40 columns:\n{narrow}"
    );
    assert!(!run(&[]).contains('\u{1b}'));
    assert!(run(&[("FORCE_COLOR", "1")]).contains("\u{1b}["));
    assert!(run(&[("CLICOLOR_FORCE", "1")]).contains("\u{1b}["));
    assert!(!run(&[("FORCE_COLOR", "0")]).contains('\u{1b}'));
    assert!(!run(&[("NO_COLOR", "1")]).contains('\u{1b}'));
    assert!(run(&[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]).contains("\u{1b}["));
}

/// `--verbose` prints one line per stage on stderr after the run, with what the stage
/// went through, and changes nothing on stdout (json and human); without it, stderr
/// has no timing.
#[test]
fn verbose_times_each_stage_on_stderr_and_leaves_stdout_alone() {
    for format in ["json", "human"] {
        let plain = lint(&demo(), &["--format", format]);
        for flag in ["--verbose", "-v"] {
            let verbose = lint(&demo(), &["--format", format, flag]);
            assert_eq!(verbose.status.code(), plain.status.code());
            assert!(
                verbose.stdout == plain.stdout,
                "{format} {flag}: stdout differs"
            );
            let err = stderr(&verbose);
            for stage in [
                "setup", "discover", "read", "parse", "link", "evaluate", "suppress", "render",
                "total",
            ] {
                assert!(
                    err.lines()
                        .any(|l| l.starts_with(&format!("timing: {stage} ")) && l.contains(" ms")),
                    "{format} {flag}: no line for `{stage}`:\n{err}"
                );
            }
            for what in [" files", " documents", " findings"] {
                assert!(err.contains(what), "{format} {flag}: no{what}:\n{err}");
            }
            // Counts are the run's: the demo's findings, as many as the JSON lists.
            if format == "json" {
                let n = support::json(&plain)["findings"].as_array().unwrap().len();
                assert!(
                    err.lines().any(|l| l.starts_with("timing: suppress ")
                        && l.contains(&format!(" {n} findings"))),
                    "{err}"
                );
            }
        }
        assert!(!stderr(&plain).contains("timing:"), "{}", stderr(&plain));
    }
}

/// As in ruff, `--verbose` and `--quiet` contradict each other: a usage error.
#[test]
fn verbose_and_quiet_do_not_go_together() {
    for args in [["-v", "-q"], ["--verbose", "--quiet"]] {
        let o = lint(&demo(), &args);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
}

/// A generated repository (bench/gen.py, as tests/bench_gen.rs calls it) whose lint
/// with `-j 1` takes well over a second in a debug build (about 3.5 s of CPU on the
/// machine this was written on), in a temporary directory.
fn long_run_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen.py"))
        .args(["repo", LONG_RUN_SCALE])
        .arg(dir.path().join("repo"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// bench/gen.py's scale (MB) for a run of well over a second in a debug build.
const LONG_RUN_SCALE: &str = "8";

/// With stderr a pipe, a long run writes nothing on stderr but diagnostics (none here):
/// no progress line, not even outside CI on a terminal-capable `TERM`.
#[test]
fn a_long_run_into_a_pipe_writes_no_progress_line() {
    let dir = long_run_repository();
    let o = art32()
        .current_dir(dir.path().join("repo"))
        .args(["lint", "--today", TODAY, "--format", "json", "-j", "1", "."])
        .env_remove("CI")
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert!(!support::json(&o)["findings"].as_array().unwrap().is_empty());
}

/// Under a pseudo-terminal (util-linux `script`), a run of over a second shows the
/// progress line on stderr — the stage and files done of all — and clears it before the
/// findings are printed on the same terminal; with `CI` set, or `--quiet`, there is none.
#[cfg(target_os = "linux")]
#[test]
fn a_long_run_on_a_terminal_shows_a_progress_line_but_not_in_ci() {
    let dir = long_run_repository();
    let bin = env!("CARGO_BIN_EXE_art32");
    // What the terminal received: stdout and stderr of the run, both on the pty.
    let terminal = |ci: Option<&str>, extra: &str| {
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec"])
            .arg(format!(
                "'{bin}' lint --today {TODAY} --color never --format concise -j 1 {extra} ."
            ))
            .arg("/dev/null")
            .current_dir(dir.path().join("repo"))
            .env("TERM", "xterm-256color")
            .env_remove("CI")
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("COLUMNS")
            .stdin(std::process::Stdio::null());
        if let Some(ci) = ci {
            cmd.env("CI", ci);
        }
        let o = cmd.output().expect("script (util-linux) runs");
        // `script -e` exits with the command's status: 1, findings.
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        stdout(&o)
    };
    let shown = terminal(None, "");
    let last_line = shown
        .rfind("art32: ")
        .unwrap_or_else(|| panic!("no progress line on the terminal:\n{shown:?}"));
    assert!(
        [
            "read ",
            "parse ",
            "link ",
            "evaluate ",
            "discover",
            "setup",
            "suppress"
        ]
        .iter()
        .any(|s| shown[last_line..].starts_with(&format!("art32: {s}"))),
        "{shown:?}"
    );
    assert!(
        shown.contains(" files") && shown.contains('/'),
        "no files done of all:\n{shown:?}"
    );
    // Cleared (erase the line) after its last drawing, and no line of output before:
    // the line is redrawn with `\r`, never ends one.
    let cleared = shown[last_line..]
        .find("\r\u{1b}[2K")
        .map(|at| last_line + at)
        .unwrap_or_else(|| panic!("the line is not cleared:\n{shown:?}"));
    assert!(!shown[..cleared].contains('\n'), "{shown:?}");
    assert!(!shown[cleared..].contains("art32: "), "{shown:?}");
    assert!(shown[cleared..].contains(": error["), "{shown:?}");
    let in_ci = terminal(Some("1"), "");
    assert!(!in_ci.contains("art32: "), "CI=1:\n{in_ci:?}");
    assert!(in_ci.contains(": error["), "CI=1:\n{in_ci:?}");
    let quiet = terminal(None, "--quiet");
    assert!(!quiet.contains("art32: "), "--quiet:\n{quiet:?}");
}
