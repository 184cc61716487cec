//! Budgets are totals (issue 12): what a few kilobytes of input can make art32 build —
//! include diagnostics, spliced configurations, rendered messages, expanded values — is
//! bounded by a count over the whole run, never per item; and what a budget stops is
//! reported once and not judged, never judged out of context. Counts, not timings: the
//! peak memory these inputs took before and after is in `docs/security.md`.

mod support;

/// Lints a repository of `files` on a 2 MiB stack (rayon's workers have no more);
/// each finding as (path, rule, message).
fn lint_files(files: Vec<(String, Vec<u8>)>) -> Vec<(String, String, String)> {
    support::lint_in_process(files, None)
}

fn file(rel: &str, text: &str) -> (String, Vec<u8>) {
    (rel.to_string(), text.as_bytes().to_vec())
}

/// Eight files that each include all eight (`include conf.d/*.conf;`) are 8! ways
/// round the cycles: each include that closes a cycle is reported once, not once a way
/// (109 600 findings and 380 MB before; twelve such files took 5.3 GB and 82 s).
#[test]
fn include_cycles_through_a_glob_are_reported_once_each() {
    let mut files = vec![file(
        "etc/nginx/nginx.conf",
        "events {}\nhttp {\n    include conf.d/*.conf;\n}\n",
    )];
    for i in 1..=8 {
        files.push(file(
            &format!("etc/nginx/conf.d/{i}.conf"),
            "include conf.d/*.conf;\n",
        ));
    }
    let found = lint_files(files);
    let cycles = found
        .iter()
        .filter(|(_, _, m)| m.starts_with("include cycle: "))
        .count();
    // At most one for each include (8) and each file it names (8).
    assert!((1..=64).contains(&cycles), "{cycles}: {found:?}");
    assert!(found.len() <= 64 + 1, "{}", found.len());
}

/// Twelve such files are 12! ways: the refusals count against the splice budget, so
/// the walk ends at the budget with one finding that says so.
#[test]
fn include_cycles_count_against_the_splice_budget() {
    let mut files = vec![file(
        "etc/nginx/nginx.conf",
        "events {}\nhttp {\n    include conf.d/*.conf;\n}\n",
    )];
    for i in 1..=12 {
        files.push(file(
            &format!("etc/nginx/conf.d/{i}.conf"),
            "include conf.d/*.conf;\n",
        ));
    }
    let found = lint_files(files);
    let stops = found
        .iter()
        .filter(|(_, _, m)| {
            m.contains("the includes of this configuration splice in more than 1000000")
        })
        .count();
    assert_eq!(stops, 1, "{found:?}");
    assert!(found.len() <= 12 * 12 + 1, "{}", found.len());
}

/// An include bomb — two includes of the next file on each of 20 levels, 2^20 copies —
/// in `dir`, included by its `nginx.conf` before five sites that, read on their own,
/// would each send plain HTTP upstream.
fn bomb(dir: &str, files: &mut Vec<(String, Vec<u8>)>) {
    files.push(file(
        &format!("{dir}/nginx.conf"),
        "events {}\nhttp {\n    server_tokens off;\n    access_log off;\n    \
         include b0.conf;\n    include sites/*;\n}\n",
    ));
    for i in 0..20 {
        files.push(file(
            &format!("{dir}/b{i}.conf"),
            &format!("gzip off;\ninclude b{0}.conf;\ninclude b{0}.conf;\n", i + 1),
        ));
    }
    files.push(file(&format!("{dir}/b20.conf"), "gzip off;\n"));
    for i in 0..5 {
        files.push(file(&format!("{dir}/sites/s{i}"), SITE));
    }
}

const SITE: &str = "server {\n    listen 127.0.0.1:8000;\n    location / {\n        \
                    proxy_pass http://10.0.3.17:8080;\n    }\n}\n";

/// A configuration's splice budget (1 000 000 directives) is spent by a bomb: one
/// finding says so, and the sites after the bomb are not judged — no false
/// `plaintext-upstream` from a site read out of its `http`. The budget of all
/// configurations together is that much more than the nginx files hold: a second bomb
/// spends it, with one finding that names the configurations linked after it, which
/// are not judged either.
#[test]
fn a_spent_splice_budget_is_one_finding_and_judges_nothing_out_of_context() {
    let mut files = Vec::new();
    bomb("a/nginx", &mut files);
    bomb("b/nginx", &mut files);
    // A configuration linked after both (its path sorts later).
    files.push(file(
        "c/nginx/nginx.conf",
        &format!("events {{}}\nhttp {{\n    server_tokens off;\n    access_log off;\n{SITE}}}\n"),
    ));
    let found = lint_files(files);
    let own: Vec<_> = found
        .iter()
        .filter(|(_, _, m)| {
            m.contains("the includes of this configuration splice in more than 1000000")
        })
        .collect();
    assert_eq!(own.len(), 1, "{found:?}");
    assert!(own[0].0.starts_with("a/nginx/"), "{own:?}");
    let all: Vec<_> = found
        .iter()
        .filter(|(_, _, m)| m.contains("directives more than its nginx files hold"))
        .collect();
    assert_eq!(all.len(), 1, "{found:?}");
    assert!(all[0].0.starts_with("b/nginx/"), "{all:?}");
    assert!(
        all[0].2.ends_with("not checked: c/nginx/nginx.conf"),
        "{all:?}"
    );
    let judged: Vec<_> = found
        .iter()
        .filter(|(p, r, _)| {
            r.starts_with("nginx.") && (p.contains("/sites/") || p.starts_with("c/"))
        })
        .collect();
    assert!(judged.is_empty(), "{judged:?}");
    // The configuration not linked says so at its start, once.
    let not_linked: Vec<_> = found
        .iter()
        .filter(|(p, r, _)| p == "c/nginx/nginx.conf" && r == "parse-error")
        .collect();
    assert_eq!(not_linked.len(), 1, "{found:?}");
    assert!(
        not_linked[0]
            .2
            .contains("budget of all nginx configurations ran out in `b/nginx/"),
        "{not_linked:?}"
    );
    assert_eq!(found.len(), 3, "{found:?}");
    // Linted alone (pre-commit passing it), it is linked on its own, without the bombs,
    // and judged in its context: its own finding, nothing passed over in silence.
    let mut files = Vec::new();
    bomb("a/nginx", &mut files);
    bomb("b/nginx", &mut files);
    files.push(file(
        "c/nginx/nginx.conf",
        &format!("events {{}}\nhttp {{\n    server_tokens off;\n    access_log off;\n{SITE}}}\n"),
    ));
    let alone = support::lint_in_process(files, Some("c/nginx/nginx.conf"));
    let rules: Vec<(&str, &str)> = alone
        .iter()
        .map(|(p, r, _)| (p.as_str(), r.as_str()))
        .collect();
    assert_eq!(rules, [("c/nginx/nginx.conf", "nginx.plaintext-upstream")]);
}

/// A repository rule whose message names `{spec}` 20 000 times, on an fstab whose
/// device is 100 KB: 2 GB of message (3.9 GB peak, a 2 GB JSON report before). The
/// message, and every text a finding renders from a template, keeps 4 KiB and says how
/// much it cut.
#[test]
fn rendered_messages_are_capped() {
    let rule = format!(
        "id = \"fstab.long\"\ntitle = \"Long\"\ntom = [\"2.a.v\"]\nseverity = \"error\"\n\
         message = \"{}\"\nhelp = \"{}\"\nrationale = \"r\"\nreferences = [\"mount(8)\"]\n\
         [select]\nkind = \"fstab\"\npath = \"mount\"\n\
         [assert]\nfield = \"options\"\ncontains-all = [\"ro\"]\n",
        "{spec}".repeat(20_000),
        "{file}".repeat(20_000),
    );
    let device = format!("/dev/{}", "a".repeat(100_000));
    let found = lint_files(vec![
        file("art32.toml", "rule-dirs = [\"policy\"]\n"),
        file("policy/fstab/long.toml", &rule),
        file(
            "etc/fstab",
            &format!("{device} {} ext4 defaults 0 2\n", "/srv"),
        ),
    ]);
    let long: Vec<_> = found.iter().filter(|(_, r, _)| r == "fstab.long").collect();
    assert_eq!(long.len(), 1, "{found:?}");
    let message = &long[0].2;
    let whole = 20_000 * device.len();
    let cap = art32::rules::template::MAX_RENDERED;
    assert_eq!(
        message.strip_prefix(&device[..cap]),
        Some(format!("… ({} more bytes not shown)", whole - cap).as_str()),
    );
}
