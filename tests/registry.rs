//! Contract tests over the rule registry: every rule is complete, documented,
//! exemplified and tested.

use std::path::Path;

use art32::config::Config;
use art32::lint::{self, Setup, Target};
use art32::rules::{Registry, RuleSource};

fn registry() -> Registry {
    Registry::load(&Config::default_config()).expect("built-in rules compile")
}

#[test]
fn every_rule_is_complete() {
    let reg = registry();
    assert!(reg.rules.len() >= 8, "{} rules", reg.rules.len());
    for r in &reg.rules {
        assert!(!r.title.is_empty() && !r.rationale.is_empty(), "{}", r.id);
        assert!(!r.references.is_empty(), "{}: no references", r.id);
        assert!(
            !r.help.render(|_| Some(String::new())).is_empty(),
            "{}: no help",
            r.id
        );
        let msg = r.message.render(|_| Some("x".into()));
        // Lowercase start, as rustc; an acronym (`NFS`) is written as it is.
        let first = msg.split_whitespace().next().unwrap_or("");
        let acronym = first.len() > 1
            && first
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        assert!(
            acronym || first.starts_with(|c: char| !c.is_uppercase()),
            "{}: message starts uppercase",
            r.id
        );
        assert!(!msg.ends_with('.'), "{}: message ends with a period", r.id);
        if r.check.is_some() {
            let kind = r.kind_name();
            assert!(r.id.starts_with(&format!("{kind}.")), "{}", r.id);
            assert!(!r.tom.is_empty(), "{}: no TOM item", r.id);
            // Items may be organisational: a rule can still give evidence for them
            // (nginx.server-tokens supports 4.a, autoindex 3.b); they must exist.
            for t in &r.tom {
                assert!(reg.catalogue.item(t).is_some(), "{}: {t}", r.id);
            }
            assert!(r.example.is_some(), "{}: no [example]", r.id);
            let name = r.id.split_once('.').unwrap().1;
            let file =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rules/{kind}/{name}.toml"));
            assert!(file.is_file(), "{}: not at {}", r.id, file.display());
        }
    }
}

#[test]
fn every_rule_has_failing_and_passing_fixtures() {
    let reg = registry();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for r in &reg.rules {
        // A skipped or unread file is binary or huge: the CLI tests (and
        // `tests/hidden.rs`) cover them. An overdue attestation is in `art32.toml`, which
        // no fixture is: `tests/report.rs` covers it.
        if r.id == "skipped-file" || r.id == "unread-file" || r.id == "art32.attestation-overdue" {
            continue;
        }
        for case in ["fail", "pass"] {
            let dir = fixtures.join(&r.id).join(case);
            assert!(dir.is_dir(), "{}: no {}", r.id, dir.display());
        }
    }
}

/// The `[example]` of each rule is what `art32 explain` shows: it must be true.
#[test]
fn rule_examples_fail_and_pass_as_shown() {
    examples_fail_and_pass_on("2026-11-26".parse().unwrap());
}

/// And true on the day someone reads it: a date rule's example must not pass or fail
/// only because of when it was written.
/// Dates in examples are written relative to the day of the run (`{today-3d}`), and
/// counted from the day linted with.
#[test]
fn rule_examples_fail_and_pass_as_shown_today() {
    examples_fail_and_pass_on(jiff::ZonedDateTime::now().date());
}

/// Years from now, and on a leap day, as well: no example holds only for the dates
/// it was written in.
#[test]
fn rule_examples_fail_and_pass_as_shown_on_other_days() {
    for day in ["2031-07-01", "2040-02-29"] {
        examples_fail_and_pass_on(day.parse().unwrap());
    }
}

/// Which built-in examples depend on the day: the date rules' ones, which write their
/// dates relative to it; no example holds a fixed date that could go stale.
#[test]
fn the_date_rules_examples_write_relative_dates() {
    let reg = registry();
    let dated: Vec<&str> = reg
        .rules
        .iter()
        .filter(|r| r.example.as_ref().is_some_and(|e| e.has_dates()))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        dated,
        [
            "inventory.commission-date",
            "inventory.data-server-age",
            "inventory.internet-server-age",
            "inventory.weekly-check",
        ]
    );
    for r in &reg.rules {
        let Some(ex) = &r.example else { continue };
        for text in [&ex.fail, &ex.pass].into_iter().chain(ex.context.values()) {
            let written = text.as_written();
            let dates = written
                .split(|c: char| !c.is_ascii_digit() && c != '-')
                .filter(|w| w.len() >= 7 && (w.starts_with("19") || w.starts_with("20")))
                .count();
            assert_eq!(
                dates, 0,
                "{}: a fixed date in its example:\n{written}",
                r.id
            );
        }
    }
}

fn examples_fail_and_pass_on(today: jiff::civil::Date) {
    let reg = registry();
    let mut wrong = Vec::new();
    for r in reg.rules.iter().filter(|r| r.check.is_some()) {
        let ex = r.example.as_ref().unwrap();
        for (text, should_fail) in [(&ex.fail, true), (&ex.pass, false)] {
            let dir = tempfile::tempdir().unwrap();
            let kind = r.check.as_ref().unwrap().kind;
            let path = dir
                .path()
                .join(ex.path.as_deref().unwrap_or(kind.example_path()));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text.on(today)).unwrap();
            for (path, content) in &ex.context {
                let p = dir.path().join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, content.on(today)).unwrap();
            }
            let target = Target {
                paths: vec![dir.path().to_path_buf()],
                config: None,
            };
            let setup = Setup::new(&target).unwrap();
            let report = lint::run(&setup, today).unwrap();
            let hits = report.findings.iter().filter(|f| f.rule == r.id).count();
            if (hits > 0) != should_fail {
                wrong.push(format!(
                    "{}: example {} does not {} on {today}:\n{}",
                    r.id,
                    if should_fail { "fail" } else { "pass" },
                    if should_fail { "fail" } else { "pass" },
                    text.on(today)
                ));
            }
            let parse_errors = report
                .findings
                .iter()
                .filter(|f| f.rule == "parse-error")
                .count();
            assert_eq!(parse_errors, 0, "{}: example does not parse", r.id);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn compile_one(path: &str, text: &str) -> String {
    let sources = vec![RuleSource {
        path: path.into(),
        text: text.into(),
        builtin: false,
    }];
    let cat = art32::catalogue::Catalogue::builtin();
    match Registry::compile(&sources, cat, &Config::default_config()) {
        Ok(_) => String::new(),
        Err(e) => format!("{:?}", miette::Report::new(e)),
    }
}

const GOOD: &str = r#"id = "fstab.root-ro"
title = "t"
tom = ["2.b.ii"]
severity = "error"
message = "`{file}` is writable"
help = "add `ro`"
rationale = "r"
references = ["x"]
[select]
kind = "fstab"
path = "mount"
[assert]
field = "options"
contains-all = ["ro"]
"#;

#[test]
fn a_user_rule_compiles() {
    assert_eq!(compile_one("my/root-ro.toml", GOOD), "");
}

#[test]
fn inline_tables_and_param_placeholders_compile() {
    let cidr = GOOD.replace(
        "contains-all = [\"ro\"]",
        "cidr-max-breadth = { v4 = 24, v6 = 48, private-exempt = true }\nlabel = \"wider than {param.limit}\"",
    ) + "[params]\nlimit = \"/24\"\n";
    // `[params]` must come before the tables: rebuild in TOML order.
    let (head, tail) = cidr.split_once("[select]").unwrap();
    let (tail, params) = tail.split_once("[params]").unwrap();
    let text = format!("{head}[params]{params}[select]{tail}");
    assert_eq!(compile_one("my/root-ro.toml", &text), "");
}

/// A malformed date placeholder in a rule's example is a rule error, underlined where
/// it is written, in a one-line string and in a multi-line one alike.
#[test]
fn a_malformed_date_placeholder_is_a_rule_error_at_its_place() {
    let with_example = |example: &str| format!("{GOOD}[example]\n{example}");
    let ok = with_example("fail = \"/ / ext4 {today-3d} 0 1\\n\"\npass = '{today}'\n");
    assert_eq!(compile_one("my/root-ro.toml", &ok), "");
    let cases = [
        (
            "fail = \"/ / ext4 {today-3x} 0 1\"\npass = \"x\"\n",
            "{today-3x}",
        ),
        (
            "fail = \"x\"\npass = \"\"\"\n# a comment\n/ / ext4 {today+} 0 1\n\"\"\"\n",
            "{today+}",
        ),
        (
            "fail = \"x\"\npass = \"x\"\n[example.context]\n\"etc/crypttab\" = '''\nx {today 1d}\n'''\n",
            "{today 1d}",
        ),
    ];
    for (example, shown) in cases {
        let text = with_example(example);
        let out = compile_one("my/root-ro.toml", &text);
        assert!(
            out.contains("invalid rule: malformed date placeholder")
                && out.contains(&format!("`{shown}`")),
            "{out}"
        );
        // The label underlines the placeholder itself, on its line.
        let line = text.lines().find(|l| l.contains(shown)).unwrap();
        let pad = line.find('{').unwrap();
        let under = out
            .lines()
            .skip_while(|l| !l.ends_with(line))
            .nth(1)
            .unwrap_or_else(|| panic!("{out}"));
        let (_, marks) = under.split_once('·').unwrap();
        let marks = &marks[1..];
        assert_eq!(
            marks.chars().take_while(|c| *c == ' ').count(),
            pad,
            "{out}"
        );
        assert_eq!(marks.trim().chars().count(), shown.chars().count(), "{out}");
    }
}

#[test]
fn mistakes_in_rule_files_are_diagnosed_in_the_file() {
    let cases = [
        (GOOD.replace("2.b.ii", "2.z"), "unknown TOM item `2.z`"),
        (
            GOOD.replace("severity = \"error\"", "severity = \"fatal\""),
            "unknown severity `fatal`",
        ),
        (
            GOOD.replace("`{file}`", "`{flie}`"),
            "unknown placeholder `{flie}`",
        ),
        (
            GOOD.replace("kind = \"fstab\"", "kind = \"nginxx\""),
            "unknown file kind `nginxx`",
        ),
        (
            GOOD.replace("path = \"mount\"", "path = \"mount >\""),
            "bad selector",
        ),
        (
            GOOD.replace("contains-all", "contains-al"),
            "unknown field `contains-al`",
        ),
        (
            GOOD.replace(
                "contains-all = [\"ro\"]",
                "contains-all = [\"ro\"]\nexists = true",
            ),
            "exactly one test",
        ),
        (
            GOOD.replace("contains-all = [\"ro\"]", "matches = \"(\""),
            "bad regex",
        ),
        (
            GOOD.replace(
                "contains-all = [\"ro\"]",
                "contains-all = { param = \"nope\" }",
            ),
            "no param `nope`",
        ),
        (
            GOOD.replace("references = [\"x\"]", "references = []"),
            "at least one reference",
        ),
        (
            GOOD.replace("id = \"fstab.root-ro\"", "id = \"fstab.Root\""),
            "must be `<kind>.<kebab-case-name>`",
        ),
        (GOOD.replace("title = \"t\"\n", ""), "missing field `title`"),
        (GOOD.replace("[select]", "[select\n"), "invalid"),
        (
            GOOD.replace("contains-all = [\"ro\"]", "equals = [\"a\", \"b\"]"),
            "`equals` takes one value",
        ),
        (
            GOOD.replace("id = \"fstab.root-ro\"", "id = \"crypttab.root-ro\""),
            "a rule for fstab files has an id `fstab.…`",
        ),
        (
            GOOD.replace("tom = [\"2.b.ii\"]", "tom = []"),
            "names the TOM items it checks",
        ),
    ];
    for (text, want) in cases {
        let out = compile_one("my/root-ro.toml", &text);
        assert!(out.contains(want), "expected `{want}` in:\n{out}");
        assert!(out.contains("my/root-ro.toml"), "names the file:\n{out}");
    }
    let out = compile_one("my/other-name.toml", GOOD);
    assert!(out.contains("does not match its file name"), "{out}");
}

#[test]
fn config_overrides_are_checked_against_the_rules() {
    let reg = |text: &str| {
        let config = Config::parse(Some("art32.toml"), text, Path::new(".")).unwrap();
        Registry::load(&config)
            .map(|r| r.rules.len())
            .map_err(|e| format!("{:?}", miette::Report::new(e)))
    };
    assert!(reg("[rules.\"fstab.mount-options\"]\nseverity = \"error\"\n").is_ok());
    let e = reg("[rules.\"fstab.mount-optoins\"]\nenabled = false\n").unwrap_err();
    assert!(e.contains("unknown rule `fstab.mount-optoins`"), "{e}");
    let e = reg("[rules.\"fstab.mount-options\"]\nparams.requird = {}\n").unwrap_err();
    assert!(e.contains("has no param `requird`"), "{e}");
    let e = reg("[rules.\"fstab.mount-options\"]\nparams.required = [\"/tmp\"]\n").unwrap_err();
    assert!(e.contains("must be of type table"), "{e}");
    let e =
        reg("[rules.\"fstab.data-encrypted\"]\nparams.encrypted-devices = [\"(\"]\n").unwrap_err();
    assert!(
        e.contains("the params given for `fstab.data-encrypted` do not work")
            && e.contains("art32.toml:2:"),
        "{e}"
    );
    assert!(!e.contains("unknown rule"), "{e}");
    let e = reg("[rules.\"fstab.mount-options\"]\nseverity = \"loud\"\n").unwrap_err();
    assert!(!e.contains("unknown rule"), "{e}");
    assert!(e.contains("unknown severity `loud`"), "{e}");
}

#[test]
fn overridden_params_and_severity_take_effect() {
    let config = Config::parse(
        Some("art32.toml"),
        "[rules.\"fstab.mount-options\"]\nseverity = \"note\"\nparams.required = { \"/opt\" = [\"ro\"] }\n[rules.\"fstab.stable-device-id\"]\nenabled = false\n",
        Path::new("."),
    )
    .unwrap();
    let reg = Registry::load(&config).unwrap();
    let r = reg.get("fstab.mount-options").unwrap();
    assert_eq!(r.severity, art32::finding::Severity::Note);
    assert!(
        r.params["required"]
            .as_table()
            .unwrap()
            .contains_key("/opt")
    );
    assert!(!reg.get("fstab.stable-device-id").unwrap().enabled);
    assert!(reg.active().all(|r| r.id != "fstab.stable-device-id"));
}

/// `{name}` is the crypttab volume name (the field), not the node type `crypt`.
#[test]
fn fields_win_over_the_node_name_in_placeholders_and_selectors() {
    let dir = tempfile::tempdir().unwrap();
    let rule = r#"id = "crypttab.discard"
title = "t"
tom = ["2.a.v"]
severity = "note"
message = "volume `{name}` allows discard"
help = "remove `discard`"
rationale = "r"
references = ["crypttab(5)"]
[select]
kind = "crypttab"
path = "crypt[name~='^data']"
[assert]
field = "options"
contains-none = ["discard"]
"#;
    std::fs::create_dir_all(dir.path().join("policy/crypttab")).unwrap();
    std::fs::create_dir_all(dir.path().join("etc")).unwrap();
    std::fs::write(dir.path().join("policy/crypttab/discard.toml"), rule).unwrap();
    std::fs::write(dir.path().join("art32.toml"), "rule-dirs = [\"policy\"]\n").unwrap();
    std::fs::write(
        dir.path().join("etc/crypttab"),
        "data1 UUID=a none luks,discard\nswap1 UUID=b none luks,discard\n",
    )
    .unwrap();
    let target = Target {
        paths: vec![dir.path().to_path_buf()],
        config: None,
    };
    let setup = Setup::new(&target).unwrap();
    let report = lint::run(&setup, "2026-11-26".parse().unwrap()).unwrap();
    let msgs: Vec<_> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(msgs, ["volume `data1` allows discard"]);
}

/// A `master.cf` kept without its `main.cf` leaves unknown exactly the names the
/// Postfix defaults table lists (`rules::inherit`): so every parameter a Postfix rule
/// reads through `child` must be there (with its default, or as computed), and the
/// only other names are the services rules look for.
#[test]
fn every_parameter_a_postfix_rule_reads_is_in_the_defaults_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("defaults/postfix.toml")).unwrap())
            .unwrap();
    let known: Vec<&str> = table["directive"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    let services = ["submission", "submissions", "smtps"];
    let child = regex::Regex::new(r#"child = "([^"]+)""#).unwrap();
    let mut read = 0;
    for entry in std::fs::read_dir(root.join("rules/postfix")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for c in child.captures_iter(&text) {
            let name = &c[1];
            read += 1;
            assert!(
                known.contains(&name) || services.contains(&name),
                "{}: `{name}` is neither in defaults/postfix.toml nor a service",
                path.display()
            );
        }
    }
    assert!(read > 20, "only {read} `child` look-ups found");
}

/// `if`/`then` and `{a|b}` (issue 13): what the `then` binds is known to the templates,
/// and every alternative of a fallback must be known.
#[test]
fn implications_and_fallbacks_compile() {
    let implied = GOOD
        .replace(
            "field = \"options\"\ncontains-all = [\"ro\"]\n",
            "if = { field = \"file\", equals = \"/\" }\nthen = { field = \"options\", contains-all = [\"ro\"] }\n",
        )
        .replace("`{file}` is writable", "`{file}` lacks {missing|expected}");
    assert_eq!(compile_one("my/root-ro.toml", &implied), "");
    let out = compile_one(
        "my/root-ro.toml",
        &implied.replace("{missing|expected}", "{missing|flie}"),
    );
    assert!(
        out.contains("unknown placeholder `{flie}` in `{missing|flie}`"),
        "{out}"
    );
    let out = compile_one("my/root-ro.toml", &implied.replace("then = {", "than = {"));
    assert!(out.contains("unknown field `than`"), "{out}");
    let out = compile_one(
        "my/root-ro.toml",
        &implied.replace(
            "then = {",
            "all = [{ field = \"file\", exists = true }]\nthen = {",
        ),
    );
    assert!(out.contains("`if` and `then` make one predicate"), "{out}");
}
