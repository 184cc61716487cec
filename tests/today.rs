//! The day date rules compare with: `--today`, else `today` in art32.toml, else the
//! clock, alike for `lint`, `baseline` and `explain`; the demo pins it.

use std::path::Path;

mod support;
use support::{TODAY, art32, stderr, stdout, write};

/// One internet server whose dates all hold on 2020-01-12 (checked two days before,
/// commissioned half a year before) and fail on any day from 2022 on, the clock's
/// included: `inventory.weekly-check` and `inventory.internet-server-age` report it then.
fn repo(config: Option<&str>) -> tempfile::TempDir {
    let dir = support::empty_repo();
    write(
        dir.path(),
        "inventory/hosts.ini",
        "[web]\nwww1.example.com tom_role=internet tom_commissioned=2019-06-01 \
         tom_backup_media=disk,tape tom_last_check=2020-01-10\n",
    );
    if let Some(text) = config {
        write(dir.path(), "art32.toml", text);
    }
    dir
}

/// The rules of a JSON report's findings, sorted.
fn rules_found(dir: &Path, extra: &[&str]) -> Vec<String> {
    let o = art32()
        .current_dir(dir)
        .args(["lint", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut rules: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    rules.sort();
    rules
}

const LATE: [&str; 2] = ["inventory.internet-server-age", "inventory.weekly-check"];

#[test]
fn the_command_line_wins_over_the_config_and_the_config_over_the_clock() {
    // The clock: every day this test can run on is after 2022.
    let plain = repo(None);
    assert_eq!(rules_found(plain.path(), &[]), LATE);
    assert!(rules_found(plain.path(), &["--today", "2020-01-12"]).is_empty());
    // The config's day, unless the command line gives another.
    let pinned = repo(Some("# pinned for the report\ntoday = \"2020-01-12\"\n"));
    assert!(rules_found(pinned.path(), &[]).is_empty());
    assert_eq!(rules_found(pinned.path(), &["--today", TODAY]), LATE);
    // A TOML date is a date too.
    let toml_date = repo(Some("today = 2020-01-12\n"));
    assert!(rules_found(toml_date.path(), &[]).is_empty());
}

/// `baseline` records the findings of the same day `lint` judges on.
#[test]
fn baseline_resolves_the_day_as_lint_does() {
    let recorded = |dir: &Path, extra: &[&str]| {
        let o = art32()
            .current_dir(dir)
            .args(["baseline", "-o", "base.json"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let pinned = repo(Some("today = \"2020-01-12\"\n"));
    assert_eq!(
        recorded(pinned.path(), &[]),
        "recorded 0 findings in base.json\n"
    );
    assert_eq!(
        recorded(pinned.path(), &["--today", TODAY]),
        "recorded 2 findings in base.json\n"
    );
    let plain = repo(None);
    assert_eq!(
        recorded(plain.path(), &[]),
        "recorded 2 findings in base.json\n"
    );
}

#[test]
fn a_config_today_that_is_no_date_is_a_config_error_at_it() {
    let dir = repo(Some("exclude = []\ntoday = \"26.11.2026\"\n"));
    for command in ["lint", "baseline", "explain"] {
        let mut args = vec![command];
        if command == "explain" {
            args.push("inventory.weekly-check");
        }
        let o = art32()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{command}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("invalid config: `today` is a date")
                && err.contains("art32.toml:2:9")
                && err.contains("today = \"26.11.2026\""),
            "{command}: {err}"
        );
    }
}

/// `explain` shows an example's relative dates as dates of the day it resolves, and
/// nothing else of its output changes with the day.
#[test]
fn explain_shows_example_dates_counted_from_the_day() {
    let explain = |dir: &Path, extra: &[&str]| {
        let o = art32()
            .current_dir(dir)
            .args(["explain", "inventory.weekly-check"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let plain = repo(None);
    let on_today = explain(plain.path(), &["--today", TODAY]);
    assert!(
        on_today.contains("tom_last_check=2026-11-23\n")
            && on_today.contains("tom_last_check=2026-10-01\n")
            && on_today.contains("(dates counted from 2026-11-26, the day of the run")
            && !on_today.contains("={today"),
        "{on_today}"
    );
    let later = explain(plain.path(), &["--today", "2031-03-02"]);
    assert!(later.contains("tom_last_check=2031-02-27\n"), "{later}");
    let unchanged = |text: &str| {
        text.replace("2026-11-23", "D1")
            .replace("2026-10-01", "D2")
            .replace("2026-11-26", "D0")
            .replace("2031-02-27", "D1")
            .replace("2031-01-05", "D2")
            .replace("2031-03-02", "D0")
    };
    assert_eq!(unchanged(&on_today), unchanged(&later));
    // The config's day, without `--today`.
    let pinned = repo(Some(&format!("today = \"{TODAY}\"\n")));
    assert_eq!(explain(pinned.path(), &[]), on_today);
    // A rule without dates in its example says nothing of them.
    let o = art32()
        .current_dir(plain.path())
        .args(["explain", "inventory.backup-media"])
        .output()
        .unwrap();
    assert!(!stdout(&o).contains("dates counted"), "{}", stdout(&o));
}

/// The body of an insta snapshot file (after its header).
fn snapshot(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/snapshots/{name}.snap"));
    let text = std::fs::read_to_string(&path).unwrap();
    let body = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .map(|(_, body)| body)
        .unwrap_or_else(|| panic!("{}: no insta header", path.display()));
    body.trim_end().to_string()
}

/// The demo pins `today` in its art32.toml: the README's command, without `--today`,
/// prints what the snapshot taken with `--today 2026-11-26` shows, on any day.
#[test]
fn the_demo_output_does_not_change_with_the_day() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-infra");
    let config = std::fs::read_to_string(demo.join("art32.toml")).unwrap();
    assert!(
        config.contains(&format!("\ntoday = \"{TODAY}\"\n")),
        "{config}"
    );
    for (format, name) in [("human", "cli__demo-human"), ("json", "cli__demo-json")] {
        let o = art32()
            .current_dir(&demo)
            .args(["lint", "--color", "never", "--format", format])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(stdout(&o).trim_end(), snapshot(name), "{format}");
    }
}
