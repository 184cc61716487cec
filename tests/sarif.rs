//! The machine outputs for GitHub, from the built binary: SARIF (schema, snapshot,
//! fingerprints, the SARIF Multitool's GitHub rules), workflow commands and the step
//! summary, and several formats written in one run.

use serde_json::Value;
use std::path::{Path, PathBuf};

mod support;
use support::{TODAY, art32, copy_dir, lint, stderr, stdout, write};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `examples/demo-infra` at the same place in a repository of its own, so that the
/// paths (relative to the repository root) do not depend on how this checkout was made.
fn demo_repo() -> (tempfile::TempDir, PathBuf) {
    let repo = support::empty_repo();
    let demo = repo.path().join("examples/demo-infra");
    copy_dir(&manifest().join("examples/demo-infra"), &demo);
    (repo, demo)
}

/// A repository with nginx (labels in other places), Postfix, a parse error, an
/// unresolved include and a line with characters outside the BMP.
fn mixed_repo() -> tempfile::TempDir {
    let repo = support::empty_repo();
    for (fixture, to) in [
        ("nginx.hsts", "web"),
        ("postfix.open-relay", "mail"),
        ("parse-error", "broken"),
        ("unresolved-include", "inc"),
    ] {
        copy_dir(
            &manifest().join("fixtures").join(fixture).join("fail"),
            &repo.path().join(to),
        );
    }
    write(
        repo.path(),
        "data/etc/fstab",
        "/dev/sdc1 /media/😀usb vfat defaults 0 0\n".as_bytes(),
    );
    repo
}

fn sarif_of(dir: &Path) -> (String, Value) {
    let o = lint(dir, &["--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    let v: Value = serde_json::from_str(&text).unwrap();
    (text, v)
}

fn schema_errors(sarif: &Value) -> Vec<String> {
    let path = manifest().join("../shared/schemas/sarif-2.1.0.json");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap();
    // Formats too (`uri`, `uri-reference`, `date-time`): 2020-12 only annotates them.
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    validator
        .iter_errors(sarif)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// What GitHub requires beyond the schema ("SARIF support for code scanning").
fn check_github_requirements(v: &Value) {
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "one run per tool and category");
    let run = &runs[0];
    assert_eq!(run["automationDetails"]["id"], "art32/");
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object());
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "art32");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "rules are sorted by id");
    for r in rules {
        for key in ["shortDescription", "fullDescription"] {
            let t = r[key]["text"].as_str().unwrap();
            assert!(!t.is_empty() && t.chars().count() <= 1024, "{key} of {r}");
        }
        assert!(!r["help"]["text"].as_str().unwrap().is_empty());
        assert!(
            r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("How to fix")
        );
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
        let p = &r["properties"];
        let tags = p["tags"].as_array().unwrap();
        assert!(tags.len() <= 20 && tags.contains(&Value::from("security")));
        let sev: f64 = p["security-severity"].as_str().unwrap().parse().unwrap();
        assert!(sev > 0.0 && sev <= 10.0);
        assert_eq!(p["precision"], "high");
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 25_000);
    for res in results {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[i]["id"], res["ruleId"],
            "ruleIndex points at the rule"
        );
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains('\\') && !uri.contains(':'));
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(loc["region"][key].as_u64().unwrap() >= 1, "{key} in {res}");
        }
        assert!(res["partialFingerprints"]["art32/v1"].is_string());
        assert_eq!(res["suppressions"], Value::Array(Vec::new()));
    }
}

#[test]
fn demo_sarif_is_valid_snapshotted_and_deterministic() {
    let (_repo, demo) = demo_repo();
    let (text, v) = sarif_of(&demo);
    let errors = schema_errors(&v);
    assert!(errors.is_empty(), "schema: {errors:#?}");
    check_github_requirements(&v);
    // Paths are relative to the repository root, not the lint root.
    let uri =
        &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert!(
        uri.as_str().unwrap().starts_with("examples/demo-infra/"),
        "{uri}"
    );
    for jobs in ["1", "8"] {
        let again = lint(&demo, &["--format", "sarif", "-j", jobs]);
        assert_eq!(stdout(&again), text, "-j {jobs}");
    }
    insta::assert_snapshot!("demo-sarif", text);
}

/// Each rule's `helpUri` is its page in the repository, and the page is there.
#[test]
fn help_uris_lead_to_the_rule_pages() {
    let (_repo, demo) = demo_repo();
    let (_, v) = sarif_of(&demo);
    let prefix = format!("{}/blob/main/", env!("CARGO_PKG_REPOSITORY"));
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 30, "{} rules", rules.len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let uri = rule["helpUri"]
            .as_str()
            .unwrap_or_else(|| panic!("{id}: no helpUri"));
        let path = uri
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{id}: {uri}"));
        assert_eq!(path, format!("docs/rules/{id}.md"));
        assert!(manifest().join(path).is_file(), "{id}: no {path}");
    }
}

#[test]
fn related_locations_columns_and_builtin_rules() {
    let repo = mixed_repo();
    let (_, v) = sarif_of(repo.path());
    let errors = schema_errors(&v);
    assert!(errors.is_empty(), "schema: {errors:#?}");
    check_github_requirements(&v);
    let run = &v["runs"][0];
    let results = run["results"].as_array().unwrap();
    let rule_ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    for id in ["nginx.hsts", "postfix.open-relay", "parse-error"] {
        assert!(rule_ids.contains(&id), "{id} in {rule_ids:?}");
    }
    // The engine's own rules are described once they report.
    let described: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(described.contains(&"parse-error"));
    // An extra label ("not inherited, because …") is a related location with its text.
    let related = results
        .iter()
        .find_map(|r| r["relatedLocations"].as_array())
        .expect("a result with related locations");
    assert!(related[0]["message"]["text"].as_str().unwrap().len() > 3);
    assert_eq!(related[0]["id"], 1);
    // `/media/😀usb`: the emoji counts two UTF-16 code units, so the options that
    // follow it start one column later than they would counting characters.
    let line = "/dev/sdc1 /media/😀usb vfat defaults 0 0";
    let units_to = |s: &str| line[..line.find(s).unwrap()].encode_utf16().count() as u64 + 1;
    let removable = results
        .iter()
        .find(|r| r["ruleId"] == "fstab.removable-media-options")
        .expect("a finding on the removable medium");
    let region = &removable["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        removable["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "data/etc/fstab"
    );
    assert_eq!(region["startColumn"], units_to("defaults"), "{region}");
    assert_eq!(region["endColumn"], units_to(" 0 0"), "{region}");
    assert_eq!(units_to("defaults"), 29);
}

/// `art32/v1` of every result, in order.
fn fingerprints(v: &Value) -> Vec<String> {
    v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["art32/v1"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn start_lines(v: &Value) -> Vec<u64> {
    v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect()
}

#[test]
fn fingerprints_survive_lines_moving() {
    let repo = support::empty_repo();
    let nginx_path = "etc/nginx/nginx.conf";
    let nginx =
        std::fs::read_to_string(manifest().join("fixtures/nginx.hsts/fail").join(nginx_path))
            .unwrap();
    let fstab = "UUID=ab12 / ext4 defaults 0 1\n\
                 nas:/export /mnt/nas nfs4 defaults 0 0\n\
                 /dev/sdc1 /media/usb vfat defaults 0 0\n";
    write(repo.path(), nginx_path, nginx.as_bytes());
    write(repo.path(), "etc/fstab", fstab.as_bytes());
    let (_, before) = sarif_of(repo.path());

    // Comments and blank lines above the findings and between them.
    let nginx_moved = format!(
        "# managed by configuration management\n\n{}",
        nginx.replacen("server {", "\n# a comment\n\nserver {", 2)
    );
    let fstab_moved = format!("# /etc/fstab\n\n{}", fstab.replace('\n', "\n\n"));
    write(repo.path(), nginx_path, nginx_moved.as_bytes());
    write(repo.path(), "etc/fstab", fstab_moved.as_bytes());
    let (_, after) = sarif_of(repo.path());

    assert!(fingerprints(&before).len() >= 4, "{before}");
    assert_eq!(fingerprints(&before), fingerprints(&after));
    let (lb, la) = (start_lines(&before), start_lines(&after));
    assert!(
        lb.iter().zip(&la).all(|(b, a)| a > b),
        "every finding moved down: {lb:?} → {la:?}"
    );

    // A different node is a different finding.
    write(
        repo.path(),
        "etc/fstab",
        fstab.replace("/mnt/nas", "/mnt/backup").as_bytes(),
    );
    let (_, other) = sarif_of(repo.path());
    assert_ne!(fingerprints(&before), fingerprints(&other));
}

#[test]
fn github_annotations_cannot_inject_workflow_commands() {
    let repo = support::empty_repo();
    // A mount point with fstab's octal escapes for LF and CR (`\012`, `\015`), and a
    // directory whose name holds a line break, a comma and colons.
    let evil_line =
        "nas:/export /mnt/x\\012::add-mask::x\\015::set-output\\040name=a::b nfs4 defaults 0 0\n";
    write(repo.path(), "etc/fstab", evil_line.as_bytes());
    write(
        repo.path(),
        "hosts/a\n::add-mask::y,b:c/etc/fstab",
        b"/dev/sda1 / ext4 defaults 0 1\n",
    );
    let o = lint(repo.path(), &["--format", "github"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    // One line per finding and the summary line: no line but a finding's starts with `::`.
    let commands: Vec<&&str> = lines.iter().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), lines.len() - 1, "{out}");
    for l in &commands {
        assert!(
            l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice "),
            "{l}"
        );
        assert!(!l.contains('\r'), "{l:?}");
    }
    assert!(
        !out.lines()
            .any(|l| l.starts_with("::add-mask") || l.starts_with("::set-output"))
    );
    assert!(
        out.contains("/mnt/x%0A::add-mask::x%0D::set-output name=a::b"),
        "{out}"
    );
    // In properties `,` and `:` are escaped too, so the file name cannot end them.
    assert!(
        out.contains("file=hosts/a%0A%3A%3Aadd-mask%3A%3Ay%2Cb%3Ac/etc/fstab,line=1,"),
        "{out}"
    );
    let nfs = commands
        .iter()
        .find(|l| l.contains("fstab.nfs-kerberos"))
        .unwrap();
    assert!(
        nfs.starts_with("::error file=etc/fstab,line=1,col="),
        "{nfs}"
    );
    assert!(nfs.contains(",endLine=1,endColumn="));
    assert!(nfs.contains(",title=art32 fstab.nfs-kerberos (TOM 2.b.ii)::"));
    assert!(nfs.contains("%0Ahelp: add `sec=krb5p`"), "{nfs}");
    assert!(
        out.ends_with("checked 2 files: 1 error, 2 warnings, 0 notes\n"),
        "{out}"
    );
}

#[test]
fn github_step_summary_is_appended_and_escaped() {
    let repo = support::empty_repo();
    write(
        repo.path(),
        "etc/fstab",
        b"nas:/export /mnt/nas nfs4 defaults 0 0\n/dev/sda1 / ext4 defaults 0 1\n",
    );
    write(repo.path(), "broken/etc/fstab", b"/dev/sdb1 /srv\n");
    // A catalogue of the company's own whose title for 5.a carries Markdown and HTML.
    let catalogue = std::fs::read_to_string(manifest().join("rules/tom.toml")).unwrap();
    let hostile =
        r#"en = "Available <img src=x onerror=alert(1)> | *always* [x](https://evil) @team #1""#;
    let start = catalogue.find("id = \"5.a\"").unwrap();
    let en_at = start + catalogue[start..].find("en = ").unwrap();
    let en_end = en_at + catalogue[en_at..].find('\n').unwrap();
    let catalogue = format!("{}{hostile}{}", &catalogue[..en_at], &catalogue[en_end..]);
    write(repo.path(), "policy/tom.toml", catalogue.as_bytes());
    write(
        repo.path(),
        "art32.toml",
        b"catalogue = \"policy/tom.toml\"\n",
    );

    let summary = repo.path().join("summary.md");
    std::fs::write(&summary, "## an earlier step\n\n").unwrap();
    let o = art32()
        .current_dir(repo.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["lint", "--today", TODAY, "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("## an earlier step\n\n## art32\n"), "{md}");
    assert!(
        md.contains("| TOM item | Measure | Errors | Warnings | Notes |"),
        "{md}"
    );
    assert!(md.contains("| 2.b.ii | "), "{md}");
    let row = md
        .lines()
        .find(|l| l.starts_with("| 5.a |"))
        .unwrap_or_else(|| panic!("a row for 5.a: {md}"));
    // No autolink either: `https\://` (issue 12).
    assert_eq!(
        row,
        r"| 5.a | Available &lt;img src=x onerror=alert(1)&gt; \| \*always\* \[x\](https\://evil) \@team \#1 | 0 | 2 | 0 |"
    );
    assert!(!md.contains("<img"));
    // The parse error names no TOM item.
    assert!(
        md.contains("| — | findings without a TOM item | 1 | 0 | 0 |"),
        "{md}"
    );

    // Without `--format github` nothing is appended.
    let before = std::fs::read_to_string(&summary).unwrap();
    let o = art32()
        .current_dir(repo.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["lint", "--today", TODAY, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), before);
}

#[test]
fn several_formats_in_one_run() {
    let (_repo, demo) = demo_repo();
    let out_dir = tempfile::tempdir().unwrap();
    let sarif_path = out_dir.path().join("art32.sarif");
    let json_path = out_dir.path().join("report.json");
    let human_path = out_dir.path().join("report.txt");
    std::fs::write(&sarif_path, "stale").unwrap();
    let o = art32()
        .current_dir(&demo)
        .args(["lint", "--today", TODAY, "--color", "always"])
        .args([
            "--format", "github", "--output", "-", "--format", "sarif", "--output",
        ])
        .arg(&sarif_path)
        .args(["--format", "json", "-o"])
        .arg(&json_path)
        .args(["--format", "human", "--output"])
        .arg(&human_path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // Each file holds what its format alone prints.
    let alone = |format: &str| stdout(&lint(&demo, &["--format", format]));
    assert!(stdout(&o).starts_with("::"), "github to stdout");
    assert_eq!(stdout(&o), alone("github"));
    assert_eq!(
        std::fs::read_to_string(&sarif_path).unwrap(),
        alone("sarif")
    );
    assert_eq!(std::fs::read_to_string(&json_path).unwrap(), alone("json"));
    // Human output in a file has no colour, even with `--color always`.
    let human = std::fs::read_to_string(&human_path).unwrap();
    assert!(!human.contains('\u{1b}'), "{human}");
    assert_eq!(human, alone("human"));
    // Written through a temporary file and a rename: nothing else is left.
    let mut names: Vec<String> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["art32.sarif", "report.json", "report.txt"]);

    // `--output` alone goes with the default format.
    let o = lint(&demo, &["--output"]);
    assert_eq!(o.status.code(), Some(2));
    let plain = out_dir.path().join("plain.txt");
    let o = art32()
        .current_dir(&demo)
        .args(["lint", "--today", TODAY, "--output"])
        .arg(&plain)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert_eq!(std::fs::read_to_string(&plain).unwrap(), alone("human"));
}

#[test]
fn ambiguous_output_plans_are_usage_errors() {
    let (_repo, demo) = demo_repo();
    for args in [
        &["--format", "sarif", "--output", "a", "--output", "b"][..],
        &["--format", "sarif", "--format", "json"][..],
        &[
            "--format", "sarif", "-o", "x", "--format", "json", "-o", "x",
        ][..],
        // Pairing by position alone: both outputs follow `--format json`.
        &[
            "--format", "sarif", "--format", "json", "-o", "x", "-o", "y",
        ][..],
        // An output before every format.
        &["-o", "x", "--format", "sarif"][..],
    ] {
        let o = lint(&demo, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        assert!(stderr(&o).contains("--output"), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
    assert!(!demo.join("a").exists() && !demo.join("x").exists());
}

/// The README's own example: `--format human --format sarif -o art32.sarif --format json
/// -o report/art32.json` writes SARIF (not the human report) to `art32.sarif`, JSON to
/// the report, and the human report to stdout (issue 12).
#[test]
fn each_output_follows_its_format() {
    let (_repo, demo) = demo_repo();
    let out = tempfile::tempdir().unwrap();
    let (sarif, json) = (
        out.path().join("art32.sarif"),
        out.path().join("report/art32.json"),
    );
    let o = art32()
        .current_dir(&demo)
        .args(["lint", "--today", TODAY, "--color", "never"])
        .args(["--format", "human", "--format", "sarif", "-o"])
        .arg(&sarif)
        .args(["--format", "json", "-o"])
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let alone = |format: &str| stdout(&lint(&demo, &["--format", format]));
    assert_eq!(stdout(&o), alone("human"));
    assert_eq!(std::fs::read_to_string(&sarif).unwrap(), alone("sarif"));
    assert_eq!(std::fs::read_to_string(&json).unwrap(), alone("json"));
}

/// The SARIF Multitool: from `ART32_SARIF_MULTITOOL`, or installed into `node_modules/`
/// by `.ci/run` (`npm install --prefix . @microsoft/sarif-multitool-linux`).
fn multitool() -> Option<PathBuf> {
    let path = std::env::var_os("ART32_SARIF_MULTITOOL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            manifest().join("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
        });
    path.is_file().then_some(path)
}

#[test]
fn sarif_multitool_reports_no_errors_and_no_warnings() {
    let Some(tool) = multitool() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but the SARIF Multitool is missing: `.ci/run` installs it into node_modules/ (or set ART32_SARIF_MULTITOOL)"
        );
        eprintln!("skipped: the SARIF Multitool is not installed (see .ci/run)");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let (_demo_repo, demo) = demo_repo();
    let mixed = mixed_repo();
    for (name, dir) in [("demo", demo.as_path()), ("mixed", mixed.path())] {
        let (text, _) = sarif_of(dir);
        let input = work.path().join(format!("{name}.sarif"));
        std::fs::write(&input, text).unwrap();
        let report = work.path().join(format!("{name}.validation.sarif"));
        let o = std::process::Command::new(&tool)
            .args(["validate", "--rule-kind", "Sarif;Gh", "--output"])
            .arg(&report)
            .arg(&input)
            .output()
            .unwrap();
        assert!(o.status.success(), "{name}: {}{}", stdout(&o), stderr(&o));
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        let problems: Vec<String> = v["runs"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|run| run["results"].as_array().cloned().unwrap_or_default())
            // A result without a level is a warning (SARIF §3.27.10).
            .filter(|r| r["level"].as_str().unwrap_or("warning") != "note")
            .map(|r| {
                format!(
                    "{} {}: {}",
                    r["level"].as_str().unwrap_or("warning"),
                    r["ruleId"],
                    r["message"]
                )
            })
            .collect();
        assert!(problems.is_empty(), "{name}: {problems:#?}\n{}", stdout(&o));
    }
}

/// 26,000 broken lines in one file cannot push a rule's finding out of the 25,000
/// results GitHub takes: parse errors go last, and the log says what was left out
/// (issue 12).
#[test]
fn capped_results_keep_the_rules_findings_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/fstab",
        b"UUID=0a3407de-014b-458b-b5c1-848e92a327a3 /tmp ext4 defaults 0 2\n",
    );
    write(
        dir.path(),
        "etc/nginx/junk.conf",
        "}\n".repeat(26_000).as_bytes(),
    );
    let (_, v) = sarif_of(dir.path());
    assert!(schema_errors(&v).is_empty(), "{:?}", schema_errors(&v));
    let run = &v["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 25_000);
    assert!(
        results.iter().any(|r| r["ruleId"] == "fstab.mount-options"),
        "the rule's finding was dropped"
    );
    let notice = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(notice.contains("left out"), "{notice}");
}
