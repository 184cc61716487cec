//! `art32 report`: each TOM item's status from the findings of one lint run, the
//! attestations of `art32.toml` and their expiry, the JSON layout and its schema, and
//! the commit read from `.git`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod support;
use support::{TODAY, art32, copy_dir, empty_repo, json, lint_json, stderr, write};

const UUID: &str = "0a3407de-014b-458b-b5c1-848e92a327a3";

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-infra")
}

/// `art32 report --format json --today TODAY EXTRA…` in `dir`: its JSON, after checking it exited 0.
fn report(dir: &Path, extra: &[&str]) -> Value {
    let mut c = art32();
    c.current_dir(dir).args(["report", "--format", "json"]);
    if !extra.contains(&"--today") {
        c.args(["--today", TODAY]);
    }
    let o = c.args(extra).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    json(&o)
}

/// `art32 lint --format json --today DAY` in `dir`.
fn lint_on(dir: &Path, day: &str) -> Value {
    let o = art32()
        .current_dir(dir)
        .args(["lint", "--format", "json", "--today", day])
        .output()
        .unwrap();
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    json(&o)
}

fn item<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

fn texts(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn kept_broken_and_not_verified_for_a_missing_kind() {
    let dir = empty_repo();
    write(
        dir.path(),
        "etc/fstab",
        format!("UUID={UUID} / ext4 defaults 0 1\n"),
    );
    // 5.a needs fstab and crypttab files: without a crypttab it is not verified, and
    // says what is missing.
    let r = report(dir.path(), &[]);
    let a = item(&r, "5.a");
    assert_eq!(a["status"], "not-verified", "{a:#}");
    assert_eq!(texts(&a["needed"]), ["a crypttab (/etc/crypttab)"]);
    let fstab_rule = a["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "fstab.stable-device-id")
        .unwrap();
    assert_eq!(texts(&fstab_rule["files"]), ["etc/fstab"]);

    write(
        dir.path(),
        "etc/crypttab",
        format!("data UUID={UUID} none luks\n"),
    );
    let r = report(dir.path(), &[]);
    assert_eq!(item(&r, "5.a")["status"], "kept", "{:#}", item(&r, "5.a"));
    assert_eq!(item(&r, "5.a")["needed"], serde_json::json!([]));

    write(
        dir.path(),
        "etc/fstab",
        "/dev/sdb1 /srv ext4 defaults,nofail 0 2\n",
    );
    let r = report(dir.path(), &[]);
    let a = item(&r, "5.a");
    assert_eq!(a["status"], "broken", "{a:#}");
    let findings: Vec<&Value> = a["rules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap())
        .collect();
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "fstab.stable-device-id"
                && f["path"] == "etc/fstab"
                && f["line"] == 1
                && f["source_line"] == "/dev/sdb1 /srv ext4 defaults,nofail 0 2"),
        "{a:#}"
    );
    assert_eq!(
        r["summary"]["broken"].as_u64(),
        Some(
            r["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["status"] == "broken")
                .count() as u64
        )
    );
}

#[test]
fn a_parse_error_in_a_file_of_the_kind_makes_the_item_not_verified() {
    let dir = empty_repo();
    let good = "events {}\nhttp {\n  access_log off;\n  server { listen 80; }\n}\n";
    write(dir.path(), "etc/nginx/nginx.conf", good);
    let r = report(dir.path(), &[]);
    assert_eq!(item(&r, "1.a")["status"], "kept", "{:#}", item(&r, "1.a"));
    write(dir.path(), "etc/nginx/nginx.conf", format!("{good}}}\n"));
    let r = report(dir.path(), &[]);
    let a = item(&r, "1.a");
    assert_eq!(a["status"], "not-verified", "{a:#}");
    assert!(
        a["reason"]
            .as_str()
            .unwrap()
            .contains("`etc/nginx/nginx.conf`"),
        "{a:#}"
    );
    // The parse error itself is among the files art32 could not judge.
    assert!(
        r["unread"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "parse-error" && f["path"] == "etc/nginx/nginx.conf"),
        "{r:#}"
    );
}

const ATTEST: &str = "[[attest]]\ntom = \"8.c\"\nby = \"Petra Berger, DPO\"\ndate = \
                      \"2025-10-14\"\nevidence = \"https://intranet.example.com/review\"\n\
                      valid-for = \"1y\"\n";

#[test]
fn organisational_items_are_attested_until_the_attestation_runs_out() {
    let dir = empty_repo();
    let r = report(dir.path(), &[]);
    let c = item(&r, "8.c");
    assert_eq!(c["status"], "not-verified");
    assert!(
        texts(&c["needed"])[0].contains("`[[attest]]` for `8.c`"),
        "{c:#}"
    );

    write(dir.path(), "art32.toml", ATTEST);
    // The last day it holds: 2026-10-13.
    let r = report(dir.path(), &["--today", "2026-10-13"]);
    let c = item(&r, "8.c");
    assert_eq!(c["status"], "attested", "{c:#}");
    assert_eq!(c["attestation"]["valid_until"], "2026-10-13");
    assert_eq!(c["attestation"]["overdue"], false);
    assert_eq!(r["summary"]["attested"], 1);
    let lint = lint_on(dir.path(), "2026-10-13");
    assert_eq!(
        lint["findings"],
        serde_json::json!([]),
        "a valid attestation is no finding"
    );

    let r = report(dir.path(), &["--today", "2026-10-14"]);
    let c = item(&r, "8.c");
    assert_eq!(c["status"], "attestation-overdue", "{c:#}");
    assert_eq!(c["attestation"]["overdue"], true);
    assert_eq!(r["summary"]["attestation_overdue"], 1);
    let shown = &c["rules"][0]["findings"][0];
    assert_eq!(shown["rule"], "art32.attestation-overdue");
    assert_eq!(
        (shown["path"].as_str(), shown["line"].as_u64()),
        (Some("art32.toml"), Some(4))
    );
    // `lint` reports it too, at the entry.
    let lint = lint_on(dir.path(), "2026-10-14");
    let f = &lint["findings"][0];
    assert_eq!(f["rule"], "art32.attestation-overdue");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["tom"], serde_json::json!(["8.c"]));
    assert_eq!(
        (f["path"].as_str(), f["line"].as_u64()),
        (Some("art32.toml"), Some(4))
    );

    // A later attestation replaces it; the severity is configurable like any rule's.
    write(
        dir.path(),
        "art32.toml",
        format!(
            "{ATTEST}\n{}\n[rules.\"art32.attestation-overdue\"]\nseverity = \"error\"\n",
            ATTEST.replace("2025-10-14", "2026-10-20")
        ),
    );
    let r = report(dir.path(), &["--today", "2026-10-21"]);
    assert_eq!(item(&r, "8.c")["status"], "attested");
    assert_eq!(item(&r, "8.c")["attestation"]["date"], "2026-10-20");
    let r = report(dir.path(), &["--today", "2027-11-01"]);
    assert_eq!(
        item(&r, "8.c")["rules"][0]["findings"][0]["severity"],
        "error"
    );
    assert_eq!(
        item(&r, "8.c")["rules"][0]["findings"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "only the attestation that counts is overdue"
    );
}

#[test]
fn a_remark_says_the_text_promises_nothing_and_the_rules_do_not_decide() {
    let dir = empty_repo();
    // server_tokens on: nginx.server-tokens, mapped to 4.a, finds it.
    write(
        dir.path(),
        "etc/nginx/nginx.conf",
        "events {}\nhttp {\n  access_log off;\n  server_tokens on;\n  server { listen 80; }\n}\n",
    );
    let r = report(dir.path(), &[]);
    let a = item(&r, "4.a");
    assert!(
        a["remark"].as_str().unwrap().contains("promises nothing"),
        "{a:#}"
    );
    assert_eq!(a["rules"][0]["id"], "nginx.server-tokens");
    assert_eq!(
        a["rules"][0]["findings"].as_array().unwrap().len(),
        1,
        "{a:#}"
    );
    assert_eq!(
        a["status"], "not-verified",
        "a remark's item is not broken by its heading's rules"
    );
    assert!(
        a["reason"].as_str().unwrap().contains("promises nothing"),
        "{a:#}"
    );
}

#[test]
fn technical_items_without_rules_name_the_evidence_and_may_be_attested() {
    let dir = empty_repo();
    let r = report(dir.path(), &[]);
    let a = item(&r, "6.a");
    assert_eq!(
        (a["status"].as_str(), a["kind"].as_str()),
        (Some("not-verified"), Some("technical"))
    );
    assert_eq!(a["rules"], serde_json::json!([]));
    let needed = texts(&a["needed"]);
    assert!(
        needed[0].starts_with("load and capacity data"),
        "{needed:?}"
    );
    assert!(needed[1].contains("`[[attest]]`"), "{needed:?}");
    let s = &r["summary"];
    assert_eq!(s["technical"], 13);
    assert_eq!(s["technical_with_rules"], 12);
    assert_eq!(
        s["technical_verified"], 0,
        "nothing to examine in an empty repository"
    );

    write(dir.path(), "art32.toml", ATTEST.replace("8.c", "6.a"));
    let r = report(dir.path(), &["--today", "2026-01-01"]);
    assert_eq!(item(&r, "6.a")["status"], "attested");
}

/// (rule, path, line) of findings.
fn keys<'a>(findings: impl IntoIterator<Item = &'a Value>) -> BTreeSet<(String, String, u64)> {
    findings
        .into_iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn lint_and_report_agree_on_the_demo() {
    let lint = lint_json(&demo(), &[]);
    let r = report(&demo(), &[]);
    let in_items: Vec<&Value> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["rules"].as_array().unwrap())
        .flat_map(|rule| rule["findings"].as_array().unwrap())
        .collect();
    let elsewhere: Vec<&Value> = r["unread"].as_array().unwrap().iter().collect();
    let from_lint = keys(lint["findings"].as_array().unwrap());
    let from_report = keys(in_items.iter().copied().chain(elsewhere));
    assert_eq!(from_lint, from_report);
    assert!(from_lint.len() >= 20, "{from_lint:?}");
    // The overdue attestation of the demo is one of them, shown with its item.
    assert!(from_lint.contains(&("art32.attestation-overdue".into(), "art32.toml".into(), 41)));
    assert_eq!(item(&r, "8.c")["status"], "attestation-overdue");
    assert_eq!(item(&r, "3.a")["status"], "attested");
    // Every item broken has findings, every item kept has none and examined files.
    for i in r["items"].as_array().unwrap() {
        let n: usize = i["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["findings"].as_array().unwrap().len())
            .sum();
        match i["status"].as_str().unwrap() {
            "broken" => assert!(n > 0, "{i:#}"),
            "kept" => {
                assert_eq!(n, 0, "{i:#}");
                assert!(
                    i["rules"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|r| !r["files"].as_array().unwrap().is_empty())
                );
            }
            _ => {}
        }
    }
}

#[test]
fn findings_with_no_item_are_listed_as_unread() {
    let dir = empty_repo();
    // A suppression without a reason is void: an `art32.suppression` finding, no item's.
    write(
        dir.path(),
        "etc/fstab",
        "# art32-ignore: fstab.stable-device-id\n/dev/sdb1 /srv ext4 defaults,nofail 0 2\n",
    );
    let r = report(dir.path(), &[]);
    assert!(
        r["unread"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "art32.suppression" && f["line"] == 1),
        "{r:#}"
    );
    assert_eq!(item(&r, "5.a")["status"], "broken");
}

#[test]
fn demo_report_json() {
    let o = art32()
        .current_dir(demo())
        .args(["report", "--today", TODAY, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = support::stdout(&o);
    // The commit is the checkout's, whatever it is; the rest is as printed (key order
    // included).
    let commit = match &json(&o)["header"]["commit"] {
        Value::String(id) => format!("\"{id}\""),
        _ => "null".to_string(),
    };
    let text = text.replacen(
        &format!("\"commit\": {commit}"),
        "\"commit\": \"[commit]\"",
        1,
    );
    insta::assert_snapshot!("demo-report-json", text);
}

/// The Markdown and the HTML report of the demo, the way a DPO gets them (Markdown is
/// the default format), with the checkout's commit id masked.
#[test]
fn demo_report_markdown_and_html() {
    let commit = report(&demo(), &[])["header"]["commit"]
        .as_str()
        .map(str::to_string);
    for (format, name) in [
        (None, "demo-report-markdown"),
        (Some("html"), "demo-report-html"),
    ] {
        let mut c = art32();
        c.current_dir(demo()).args(["report", "--today", TODAY]);
        if let Some(f) = format {
            c.args(["--format", f]);
        }
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mut text = support::stdout(&o);
        if let Some(id) = &commit {
            assert!(text.contains(id.as_str()), "{name} names no commit");
            text = text.replace(id.as_str(), "[commit]");
        }
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn the_report_is_valid_against_its_schema_and_written_atomically() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&demo(), dir.path());
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("tom.json");
    let o = art32()
        .current_dir(dir.path())
        .args(["report", "--today", TODAY, "--format", "json", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written["report_version"], 1);
    let empty = report(empty_repo().path(), &[]);
    for r in [&written, &empty] {
        let errors: Vec<String> = validator
            .iter_errors(r)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // What it never prints is refused.
    let mut bad = written.clone();
    bad["items"][0]["status"] = "fine".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = written;
    bad["header"]["extra"] = 1.into();
    assert!(!validator.is_valid(&bad));
}

/// `art32 report` in `dir` with `art32.toml` holding `config`: exit 2 and the
/// diagnostic, which points into the config.
fn config_error(config: &str) -> String {
    let dir = empty_repo();
    write(dir.path(), "art32.toml", config);
    let o = art32()
        .current_dir(dir.path())
        .args(["report", "--today", TODAY, "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{config}: {}", stderr(&o));
    stderr(&o)
}

#[test]
fn a_bad_attestation_is_a_config_error_at_its_place() {
    for (from, to, message, at) in [
        (
            "\"8.c\"",
            "\"8.z\"",
            "unknown TOM item `8.z`",
            "art32.toml:2:7",
        ),
        (
            "\"2025-10-14\"",
            "\"14.10.2025\"",
            "`date` is the day",
            "art32.toml:4:8",
        ),
        (
            "\"2025-10-14\"",
            "\"2026-11-27\"",
            "after today (2026-11-26)",
            "art32.toml:4:8",
        ),
        (
            "\"1y\"",
            "\"1 fortnight\"",
            "`valid-for` is how long",
            "art32.toml:6:13",
        ),
        (
            "\"1y\"",
            "\"0d\"",
            "`valid-for` is how long",
            "art32.toml:6:13",
        ),
        (
            "\"https://intranet.example.com/review\"",
            "\"docs/missing.pdf\"",
            "the evidence `docs/missing.pdf` cannot be found",
            "art32.toml:5:12",
        ),
        (
            "\"https://intranet.example.com/review\"",
            "\"../../../etc/passwd\"",
            "leads out of the linted root",
            "art32.toml:5:12",
        ),
    ] {
        let e = config_error(&ATTEST.replace(from, to));
        assert!(e.contains(message), "{to}: {e}");
        assert!(e.contains(at), "{to}: {e}");
    }
    let e = config_error(&ATTEST.replace("valid-for", "valid-until"));
    assert!(e.contains("unknown field `valid-until`"), "{e}");
    // The same errors stop `lint`.
    let dir = empty_repo();
    write(dir.path(), "art32.toml", ATTEST.replace("8.c", "8.z"));
    let o = support::lint(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn evidence_in_the_repository_is_accepted() {
    let dir = empty_repo();
    write(dir.path(), "docs/review-2025.pdf", "%PDF");
    write(
        dir.path(),
        "art32.toml",
        ATTEST.replace(
            "https://intranet.example.com/review",
            "docs/review-2025.pdf",
        ),
    );
    let r = report(dir.path(), &["--today", "2026-01-01"]);
    assert_eq!(
        item(&r, "8.c")["attestation"]["evidence"],
        "docs/review-2025.pdf"
    );
}

mod git {
    use super::*;
    use art32::report::git::head;
    use support::git;

    #[test]
    fn head_of_a_real_repository_on_a_branch_detached_and_packed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        git(d, &["init", "-q", "-b", "main"]);
        assert_eq!(head(d), None, "no commit yet");
        write(d, "a", "1");
        git(d, &["add", "a"]);
        git(d, &["commit", "-q", "-m", "one"]);
        let first = git(d, &["rev-parse", "HEAD"]);
        assert_eq!(head(d).as_deref(), Some(first.as_str()));
        // From a subdirectory (the lint root of an art32.toml below the repository's).
        std::fs::create_dir(d.join("infra")).unwrap();
        assert_eq!(head(&d.join("infra")).as_deref(), Some(first.as_str()));
        write(d, "a", "2");
        git(d, &["commit", "-q", "-am", "two"]);
        let second = git(d, &["rev-parse", "HEAD"]);
        git(d, &["checkout", "-q", "--detach", &first]);
        assert_eq!(head(d).as_deref(), Some(first.as_str()));
        git(d, &["checkout", "-q", "main"]);
        git(d, &["pack-refs", "--all", "--prune"]);
        assert!(!d.join(".git/refs/heads/main").exists());
        assert_eq!(head(d).as_deref(), Some(second.as_str()));
        // The report's header carries it.
        let r = report(d, &[]);
        assert_eq!(r["header"]["commit"], second.as_str());
    }

    #[test]
    fn hostile_git_files_give_no_commit() {
        let id = "0123456789abcdef0123456789abcdef01234567";
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        write(&repo, ".git/HEAD", format!("{id}\n"));
        assert_eq!(head(&repo).as_deref(), Some(id));
        // Huge.
        write(&repo, ".git/HEAD", format!("{id}\n").repeat(10_000));
        assert_eq!(head(&repo), None);
        // Not an id.
        write(&repo, ".git/HEAD", "hello\n");
        assert_eq!(head(&repo), None);
        // A cycle of refs.
        write(&repo, ".git/HEAD", "ref: refs/heads/a\n");
        write(&repo, ".git/refs/heads/a", "ref: refs/heads/b\n");
        write(&repo, ".git/refs/heads/b", "ref: refs/heads/a\n");
        assert_eq!(head(&repo), None);
        // A ref leaving the git directory.
        write(&repo, ".git/HEAD", "ref: refs/../../outside\n");
        write(&repo, "outside", format!("{id}\n"));
        assert_eq!(head(&repo), None);
        // A FIFO for HEAD is not waited on.
        std::fs::remove_file(repo.join(".git/HEAD")).unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(repo.join(".git/HEAD"))
            .status();
        if fifo.is_ok_and(|s| s.success()) {
            assert_eq!(head(&repo), None);
        }
        // A `gitdir:` file pointing outside the repository, at a valid git directory.
        let outside = dir.path().join("elsewhere");
        write(&outside, "HEAD", format!("{id}\n"));
        let other = dir.path().join("other");
        write(&other, ".git", format!("gitdir: {}\n", outside.display()));
        assert_eq!(head(&other), None);
        write(&other, ".git", "gitdir: ../elsewhere\n");
        assert_eq!(head(&other), None);
        // … and one inside it is followed.
        write(&other, "gitdirs/main/HEAD", format!("{id}\n"));
        write(&other, ".git", "gitdir: gitdirs/main\n");
        assert_eq!(head(&other).as_deref(), Some(id));
        // A `.git` symlink is not followed.
        let linked = dir.path().join("linked");
        std::fs::create_dir(&linked).unwrap();
        std::os::unix::fs::symlink(repo.join(".git"), linked.join(".git")).unwrap();
        assert_eq!(head(&linked), None);
    }
}

/// Only a rule built into art32 links to a page of art32's docs: a repository's own
/// rule has none (its page does not exist), nor do its findings.
#[test]
fn only_built_in_rules_link_to_their_pages() {
    let dir = empty_repo();
    write(dir.path(), "art32.toml", "rule-dirs = [\"policy\"]\n");
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/fstab/stable-device-id.toml"),
    )
    .unwrap();
    // The same rule under a repository's own id (a built-in id cannot be defined again).
    write(
        dir.path(),
        "policy/acme-stable-device-id.toml",
        builtin.replace(
            "id = \"fstab.stable-device-id\"",
            "id = \"fstab.acme-stable-device-id\"",
        ),
    );
    write(dir.path(), "etc/fstab", "/dev/sda1 / ext4 defaults 0 1\n");
    let r = report(dir.path(), &[]);
    let rules = item(&r, "5.a")["rules"].as_array().unwrap().clone();
    let rule = |id: &str| {
        rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} not mapped to 5.a: {rules:#?}"))
            .clone()
    };
    let own = rule("fstab.acme-stable-device-id");
    assert_eq!(own["doc_url"], Value::Null);
    let findings = own["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "{own:#}");
    assert!(findings.iter().all(|f| f["doc_url"] == Value::Null));
    let builtin = rule("fstab.stable-device-id");
    let page = "/docs/rules/fstab.stable-device-id.md";
    assert!(
        builtin["doc_url"]
            .as_str()
            .is_some_and(|u| u.ends_with(page))
    );
    assert!(
        builtin["findings"].as_array().unwrap()[0]["doc_url"]
            .as_str()
            .is_some_and(|u| u.ends_with(page))
    );
}
