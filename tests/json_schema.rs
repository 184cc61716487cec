//! `docs/art32.schema.json` describes what `art32 lint --format json` prints: the demo's
//! report and the edge cases (nothing found, suppressed, baseline, unreached files,
//! labels cut) validate against it, and it rejects what art32 never prints.

use std::path::Path;

use serde_json::{Value, json};

mod support;
use support::{TODAY, art32, copy_dir, lint_json, stderr, write};

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/art32.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::new(&schema).expect("the schema is a valid 2020-12 schema")
}

fn assert_valid(report: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(report)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{report}");
}

#[test]
fn the_demo_report_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-infra"),
        dir.path(),
    );
    let v = lint_json(dir.path(), &[]);
    assert!(v["findings"].as_array().unwrap().len() >= 10, "{v}");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| !f["labels"].as_array().unwrap().is_empty()),
        "the demo has a finding with labels"
    );
    assert_valid(&v);
}

#[test]
fn a_report_without_findings_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let v = lint_json(dir.path(), &[]);
    assert_eq!(v["findings"], json!([]));
    assert_valid(&v);
    write(
        dir.path(),
        "etc/fstab",
        "UUID=0a3407de-014b-458b-b5c1-848e92a327a3 / ext4 defaults 0 1\n",
    );
    let v = lint_json(dir.path(), &[]);
    assert_eq!(v["findings"], json!([]), "{v}");
    assert_eq!(v["summary"]["files"], 1);
    assert_valid(&v);
}

#[test]
fn suppressed_unreached_and_cut_reports_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/art32.suppression/pass"),
        &dir.path().join("a"),
    );
    write(dir.path(), "b/etc/nginx/nginx.conf", "events {}\nhttp {}\n");
    write(
        dir.path(),
        "b/etc/nginx/snippets/orphan.conf",
        "server_tokens on;\n",
    );
    write(
        dir.path(),
        "c/inventory/hosts",
        "w-[0:199] tom_role=internet\n",
    );
    let v = lint_json(dir.path(), &[]);
    assert!(v["summary"]["suppressed"].as_u64().unwrap() > 0, "{v}");
    assert!(v["summary"]["unreached"].is_array(), "{v}");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["labels_omitted"].as_u64().is_some_and(|n| n > 0)),
        "{v}"
    );
    assert_valid(&v);
}

#[test]
fn a_report_against_a_baseline_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-infra"),
        dir.path(),
    );
    let o = art32()
        .current_dir(dir.path())
        .args(["baseline", "--today", TODAY, "-o", "base.json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    write(
        dir.path(),
        "new/etc/fstab",
        "/dev/sdz1 /data ext4 defaults 0 2\n",
    );
    let v = lint_json(dir.path(), &["--baseline", "base.json"]);
    assert!(
        v["summary"]["baseline"]["baselined"].as_u64().unwrap() > 0,
        "{v}"
    );
    assert!(!v["findings"].as_array().unwrap().is_empty(), "{v}");
    assert_valid(&v);
}

/// The schema is not so loose that anything passes: what art32 never prints fails.
#[test]
fn the_schema_rejects_what_art32_never_prints() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-infra"),
        dir.path(),
    );
    let good = lint_json(dir.path(), &[]);
    let v = validator();
    assert!(v.is_valid(&good));
    type Change = Box<dyn Fn(&mut Value)>;
    let broken: Vec<(&str, Change)> = vec![
        ("version 2", Box::new(|r| r["version"] = json!(2))),
        (
            "unknown severity",
            Box::new(|r| r["findings"][0]["severity"] = json!("fatal")),
        ),
        ("line 0", Box::new(|r| r["findings"][0]["line"] = json!(0))),
        (
            "no path",
            Box::new(|r| {
                r["findings"][0].as_object_mut().unwrap().remove("path");
            }),
        ),
        (
            "extra field in a finding",
            Box::new(|r| r["findings"][0]["fingerprint"] = json!("x")),
        ),
        (
            "extra field in a label",
            Box::new(|r| {
                let f = r["findings"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|f| !f["labels"].as_array().unwrap().is_empty())
                    .unwrap();
                f["labels"][0]["rule"] = json!("x");
            }),
        ),
        (
            "no summary",
            Box::new(|r| {
                r.as_object_mut().unwrap().remove("summary");
            }),
        ),
        (
            "negative count",
            Box::new(|r| r["summary"]["errors"] = json!(-1)),
        ),
        (
            "baseline without gone",
            Box::new(|r| r["summary"]["baseline"] = json!({ "baselined": 1 })),
        ),
    ];
    for (what, change) in broken {
        let mut r = good.clone();
        change(&mut r);
        assert!(!v.is_valid(&r), "accepted: {what}");
    }
}
