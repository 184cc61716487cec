//! Hostile input: every parser and every TOML reader answers any input — random
//! bytes, or real files from the corpus and the fixtures with random damage — with a
//! tree or a diagnostic, never a panic, and every span it reports lies inside the
//! text on character boundaries; so does the whole pipeline on damaged repositories.
//! And the work is bounded: nesting, includes, expansions and ranges built to blow up
//! end in a finding, not in a stack overflow, a hang or exhausted memory. Bounded so
//! the suite stays fast.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;

use art32::config::Config;
use art32::formats as parse;
use art32::lint::{self, Setup, Target};
use art32::model::{Document, FileKind, Node};
use art32::output::{self, Format};
use art32::rules::{Registry, RuleSource};
use art32::source::{FileId, Span};

mod support;

const CASES: u32 = 48;

fn check_span(span: Span, text: &str) -> Result<(), String> {
    if span.start > span.end || span.end > text.len() {
        return Err(format!("span {span:?} outside {} bytes", text.len()));
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return Err(format!("span {span:?} not on char boundaries"));
    }
    Ok(())
}

fn check_node(node: &Node, text: &str) -> Result<(), String> {
    check_span(node.span, text)?;
    check_span(node.name.span, text)?;
    for a in &node.args {
        check_span(a.span, text)?;
    }
    for v in node.fields.values() {
        check_span(v.span, text)?;
        if let art32::model::Value::List(items) = &v.value {
            for i in items {
                check_span(i.span, text)?;
            }
        }
    }
    node.children.iter().try_for_each(|c| check_node(c, text))
}

/// Parses `text` as every kind and checks the result.
fn parse_all(text: &str) -> Result<(), String> {
    for kind in FileKind::ALL {
        let doc: Document = parse::parse(*kind, FileId(0), text);
        check_node(&doc.root, text).map_err(|e| format!("{kind}: {e}"))?;
        for d in &doc.diagnostics {
            check_span(d.span, text).map_err(|e| format!("{kind} diagnostic: {e}"))?;
        }
    }
    Ok(())
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if std::fs::metadata(&p).is_ok_and(|m| m.len() < 64 * 1024) {
            out.push(p);
        }
    }
}

/// Real inputs to damage, read once: the fixtures (every kind, the inventory formats
/// among them) and the shared corpus of every kind but the reference tools' output.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        files(&root.join("fixtures"), &mut paths);
        for kind in ["nginx", "postfix", "fstab", "crypttab", "inventory"] {
            files(&root.join("../shared/corpus").join(kind), &mut paths);
        }
        paths.sort();
        paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Flip(usize, u8),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let special = prop::sample::select(vec![
        b"{".to_vec(),
        b"}".to_vec(),
        b";".to_vec(),
        b"\"".to_vec(),
        b"'".to_vec(),
        b"\\".to_vec(),
        b"\n".to_vec(),
        b"\r".to_vec(),
        b"\0".to_vec(),
        b"#".to_vec(),
        b"$".to_vec(),
        b"${".to_vec(),
        b"[".to_vec(),
        b"]".to_vec(),
        b":".to_vec(),
        b"=".to_vec(),
        b"-o ".to_vec(),
        b"  ".to_vec(),
        b"\xff".to_vec(),
        b"\xc3".to_vec(),
        b"\xe2\x80\xae".to_vec(),
        b"web[01:99999999]".to_vec(),
        b"\\040".to_vec(),
        b"{{".to_vec(),
        b"- ".to_vec(),
        b"&a *a".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), special).prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (any::<usize>(), 1usize..200).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = bytes.len();
        match m {
            Mutation::Insert(at, b) => {
                let at = if len == 0 { 0 } else { at % (len + 1) };
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Delete(at, n) if len > 0 => {
                let at = at % len;
                let end = (at + n).min(len);
                bytes.drain(at..end);
            }
            Mutation::Flip(at, b) if len > 0 => bytes[at % len] = *b,
            Mutation::Duplicate(at, n) if len > 0 => {
                let at = at % len;
                let end = (at + n).min(len);
                let copy = bytes[at..end].to_vec();
                bytes.splice(end..end, copy);
            }
            _ => {}
        }
    }
    bytes
}

fn text_of(bytes: &[u8]) -> String {
    match art32::discover::decode(bytes.to_vec()) {
        art32::discover::Loaded::Text { text, .. } => text,
        _ => String::from_utf8_lossy(bytes).replace('\0', ""),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let text = text_of(&bytes);
        prop_assert_eq!(parse_all(&text), Ok(()));
    }

    #[test]
    fn damaged_real_files_never_panic(seed in any::<prop::sample::Index>(), muts in prop::collection::vec(mutation(), 1..12)) {
        let seeds = seeds();
        prop_assume!(!seeds.is_empty());
        let bytes = apply(seeds[seed.index(seeds.len())].clone(), &muts);
        let text = text_of(&bytes);
        prop_assert_eq!(parse_all(&text), Ok(()));
    }

    #[test]
    fn damaged_rule_files_are_diagnosed_not_fatal(seed in any::<prop::sample::Index>(), muts in prop::collection::vec(mutation(), 1..8)) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut paths = Vec::new();
        files(&root, &mut paths);
        paths.retain(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("tom.toml"));
        paths.sort();
        let path = &paths[seed.index(paths.len())];
        let bytes = apply(std::fs::read(path).unwrap(), &muts);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let name = path.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
        let sources = vec![RuleSource { path: format!("user/{name}"), text, builtin: false }];
        // Either it compiles or it is an error with a diagnostic that renders.
        if let Err(e) = Registry::compile(&sources, art32::catalogue::Catalogue::builtin(), &Config::default_config()) {
            prop_assert!(!render_error(e).is_empty());
        }
    }

    #[test]
    fn damaged_config_files_are_diagnosed_not_fatal(seed in any::<prop::sample::Index>(), muts in prop::collection::vec(mutation(), 1..8)) {
        let mut seeds = vec![b"exclude = [\"vendor\"]\nrule-dirs = []\nmax-file-size = 100\n[kinds]\nfstab = [\"**/fstab\"]\n[versions]\nnginx = \"1.24\"\n[rules.\"fstab.mount-options\"]\nseverity = \"error\"\nparams.required = { \"/tmp\" = [\"nodev\"] }\n".to_vec()];
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        files(&root.join("fixtures"), &mut paths);
        files(&root.join("examples"), &mut paths);
        paths.retain(|p| p.ends_with("art32.toml"));
        paths.sort();
        seeds.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
        let bytes = apply(seeds[seed.index(seeds.len())].clone(), &muts);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match Config::parse(Some("art32.toml"), &text, Path::new(".")) {
            Ok(config) => {
                if let Err(e) = Registry::load(&config) {
                    prop_assert!(!render_error(e).is_empty());
                }
            }
            Err(e) => prop_assert!(!render_error(e.into()).is_empty()),
        }
    }

    /// TLS protocol lists (`smtpd_tls_protocols` and kin, in every syntax Postfix
    /// accepts, and anything else): what is enabled is one contiguous range of
    /// protocols, and every exclusion and bound written holds.
    #[test]
    fn protocol_lists_are_one_range_that_honours_every_exclusion(
        items in prop::collection::vec(protocol_item(), 0..6),
    ) {
        const ALL: [&str; 6] = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
        let refs: Vec<&str> = items.iter().map(String::as_str).collect();
        let on = art32::formats::postfix::link::enabled_protocols(&refs);
        let at = |p: &str| ALL.iter().position(|a| a.eq_ignore_ascii_case(p));
        let positions: Vec<usize> = on.iter().map(|p| at(p).unwrap()).collect();
        prop_assert!(positions.windows(2).all(|w| w[1] == w[0] + 1), "{on:?}");
        let tokens = items.iter().flat_map(|i| i.split([' ', '\t', ',', ':'])).filter(|t| !t.is_empty());
        for t in tokens {
            if let Some(p) = t.strip_prefix('!').and_then(at) {
                prop_assert!(!positions.contains(&p), "{t} in {on:?}");
            } else if let Some(p) = t.strip_prefix(">=").and_then(at) {
                prop_assert!(positions.iter().all(|&q| q >= p), "{t}: {on:?}");
            } else if let Some(p) = t.strip_prefix("<=").and_then(at) {
                prop_assert!(positions.iter().all(|&q| q <= p), "{t}: {on:?}");
            }
        }
    }

    /// The small languages inside values and rules: Postfix `$name` expansion over
    /// parameters that name each other, rule selectors and message templates. An
    /// error's offset lies inside the text.
    #[test]
    fn expansions_selectors_and_templates_never_panic(
        text in "[-a-z$_{}():?!=<> ]{0,60}",
        params in prop::collection::vec(("[a-c]", "[-a-z$_{}():?!=<> ]{0,30}"), 0..6),
    ) {
        let lookup = |name: &str| params.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        let _ = art32::formats::postfix::parse::try_expand(&text, &lookup);
        if let Err(e) = art32::rules::selector::Selector::parse(&text) {
            prop_assert!(e.offset <= text.len());
        }
        if let Err(e) = art32::rules::template::Template::parse(&text, |n| n.len() < 3) {
            prop_assert!(e.offset <= text.len());
        }
    }

    /// The whole pipeline on a damaged repository: a fixture with one file damaged,
    /// linted, suppressed and rendered in every format. Every finding and label lies
    /// inside its file on character boundaries.
    #[test]
    fn damaged_repositories_never_panic(
        seed in any::<prop::sample::Index>(),
        file in any::<prop::sample::Index>(),
        muts in prop::collection::vec(mutation(), 1..8),
    ) {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut cases: Vec<PathBuf> = Vec::new();
        for rule in std::fs::read_dir(&fixtures).unwrap().flatten() {
            cases.extend(["fail", "pass"].map(|c| rule.path().join(c)).into_iter().filter(|p| p.is_dir()));
        }
        cases.sort();
        let case = &cases[seed.index(cases.len())];
        let mut paths = Vec::new();
        files(case, &mut paths);
        paths.sort();
        let dir = tempfile::tempdir().unwrap();
        let damaged = file.index(paths.len());
        for (i, p) in paths.iter().enumerate() {
            let rel = p.strip_prefix(case).unwrap();
            let to = dir.path().join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            let mut bytes = std::fs::read(p).unwrap();
            if i == damaged && !rel.ends_with("art32.toml") {
                bytes = apply(bytes, &muts);
            }
            std::fs::write(&to, bytes).unwrap();
        }
        let Ok(setup) = Setup::new(&Target { paths: vec![dir.path().to_path_buf()], config: None }) else {
            return Ok(());
        };
        let report = lint::run(&setup, TODAY).unwrap();
        for f in &report.findings {
            for span in std::iter::once(f.primary.span).chain(f.labels.iter().map(|l| l.span)) {
                let text = &report.sources.get(span.file).text;
                prop_assert_eq!(check_span(span, text), Ok(()));
            }
        }
        render_all(&setup, &report);
    }
}

fn protocol_item() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3", "tlsv1.2", "TLSv9", "", "x",
    ]);
    let prefix = prop::sample::select(vec!["", "", "!", ">=", "<=", "<", "!!"]);
    let sep = prop::sample::select(vec!["", " ", ",", ":", ", ", "\t"]);
    prop::collection::vec((prefix, name, sep), 1..4).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(p, n, s)| format!("{p}{n}{s}"))
            .collect()
    })
}

/// A diagnostic rendered as the command line shows it (exit status 2).
fn render_error(e: art32::error::Error) -> String {
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, &e.inert())
        .unwrap();
    out
}

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 26);

/// Every output format of a report.
fn render_all(setup: &Setup, report: &lint::Report) -> Vec<String> {
    let cx = output::Context {
        registry: &setup.registry,
        repo_prefix: "",
    };
    let mut out: Vec<String> = [Format::Human, Format::Json, Format::Sarif, Format::Github]
        .into_iter()
        .map(|f| output::render(f, report, cx, false).text)
        .collect();
    out.push(output::github::step_summary(report, cx));
    out
}

/// Lints files written to a fresh directory, on a thread with a 2 MiB stack (what
/// rayon's workers get): what no stage may need more of, however deep the input.
fn lint_files(files: Vec<(String, Vec<u8>)>) -> Vec<(String, String, String)> {
    support::on_small_stack(move || {
        let dir = tempfile::tempdir().unwrap();
        for (rel, bytes) in &files {
            support::write(dir.path(), rel, bytes);
        }
        let setup = Setup::new(&Target {
            paths: vec![dir.path().to_path_buf()],
            config: None,
        })
        .unwrap();
        let report = lint::run(&setup, TODAY).unwrap();
        render_all(&setup, &report);
        report
            .findings
            .iter()
            .map(|f| {
                let path = report.sources.get(f.primary.span.file).path.clone();
                (path, f.rule.clone(), f.message.clone())
            })
            .collect()
    })
}

/// A finding in a file whose path starts with `path` whose message contains `message`.
fn has(found: &[(String, String, String)], path: &str, message: &str) -> bool {
    found
        .iter()
        .any(|(p, _, m)| p.starts_with(path) && m.contains(message))
}

/// Deep nesting is a diagnostic, not a stack overflow.
#[test]
fn hundred_thousand_nested_blocks() {
    let text = "a {".repeat(100_000) + &"}".repeat(100_000);
    assert_eq!(parse_all(&text), Ok(()));
    let yaml = "a:\n".to_string()
        + &(1..2000)
            .map(|i| format!("{}b:\n", " ".repeat(i)))
            .collect::<String>();
    assert_eq!(parse_all(&yaml), Ok(()));
    let flow = "[".repeat(100_000);
    assert_eq!(parse_all(&flow), Ok(()));
}

/// 100 000 nested nginx blocks, and blocks nested across includes, through the whole
/// pipeline (link, evaluate, render) on a 2 MiB stack: a finding where the nesting
/// gets too deep, what is above it still checked.
#[test]
fn deep_nginx_nesting_through_the_whole_pipeline() {
    let deep = format!(
        "events {{}}\nhttp {{ server {{ listen 80; {} autoindex on; {} }} }}\n",
        "location / {".repeat(100_000),
        "}".repeat(100_000)
    );
    // 10 files of 30 levels, each including the next inside its innermost block.
    let mut files = vec![("etc/nginx/nginx.conf".to_string(), deep.into_bytes())];
    let mut nested = vec![(
        "nest/nginx/nginx.conf".to_string(),
        b"events {}\nhttp { server { listen 80; include n0.conf; } }\n".to_vec(),
    )];
    for i in 0..10 {
        let body = format!(
            "{} include n{}.conf; {}",
            "location / {".repeat(30),
            i + 1,
            "}".repeat(30)
        );
        nested.push((format!("nest/nginx/n{i}.conf"), body.into_bytes()));
    }
    files.extend(nested);
    let found = lint_files(files);
    assert!(
        has(
            &found,
            "etc/nginx/nginx.conf",
            "blocks nested more than 100 deep; this one is skipped"
        ),
        "{found:?}"
    );
    assert!(
        has(&found, "etc/nginx/nginx.conf", "announce the nginx version"),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "nest/nginx/n2.conf",
            "blocks nested more than 100 deep with the included files; not followed"
        ),
        "{found:?}"
    );
}

/// Includes built to blow up: two includes of the next file on each of 30 levels
/// (2^30 copies), a chain 70 files deep, and a glob over more files than the limit.
#[test]
fn include_bombs_depth_and_globs_are_bounded() {
    let started = std::time::Instant::now();
    let mut files = vec![(
        "bomb/nginx/nginx.conf".to_string(),
        b"events {}\nhttp { server_tokens off; include b0.conf; }\n".to_vec(),
    )];
    for i in 0..30 {
        let body = format!(
            "access_log off;\ninclude b{0}.conf;\ninclude b{0}.conf;\n",
            i + 1
        );
        files.push((format!("bomb/nginx/b{i}.conf"), body.into_bytes()));
    }
    files.push((
        "chain/nginx/nginx.conf".to_string(),
        b"events {}\nhttp { include c0.conf; }\n".to_vec(),
    ));
    for i in 0..70 {
        let body = format!("server_tokens off;\ninclude c{}.conf;\n", i + 1);
        files.push((format!("chain/nginx/c{i}.conf"), body.into_bytes()));
    }
    let found = lint_files(files);
    assert!(
        has(
            &found,
            "bomb/nginx/",
            "the includes of this configuration splice in more than 1000000 directives; \
             this include and the ones after it are not followed"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "chain/nginx/c62.conf",
            "includes nested more than 64 deep; not followed"
        ),
        "{found:?}"
    );
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());

    // Glob expansion: a pattern that matches more files than the limit.
    let many: std::collections::BTreeSet<String> = (0
        ..=art32::formats::nginx::link::MAX_GLOB_MATCHES)
        .map(|i| format!("nginx/conf.d/{i:05}.conf"))
        .collect();
    assert_eq!(
        art32::formats::nginx::link::resolve("conf.d/*.conf", "nginx", None, &many),
        art32::formats::nginx::link::Resolution::TooMany("conf.d/*.conf".into(), 10_001)
    );
    let fewer: std::collections::BTreeSet<String> = many.iter().skip(1).cloned().collect();
    assert!(matches!(
        art32::formats::nginx::link::resolve("conf.d/*.conf", "nginx", None, &fewer),
        art32::formats::nginx::link::Resolution::Files(f) if f.len() == 10_000
    ));

    // Many globs over many files: 120 globs that each test 10 000 names, a few of
    // them more than once.
    let mut sources = art32::source::SourceMap::default();
    let text: String = (0..120)
        .map(|i| format!("include *{i}.x;\ninclude *{}.x;\n", i / 2))
        .collect();
    let id = sources.add(art32::source::SourceFile::new(
        "nginx/nginx.conf",
        text.as_str(),
    ));
    let doc = parse::parse(FileKind::Nginx, id, &text);
    let mut files: std::collections::BTreeSet<String> =
        fewer.iter().map(|f| f.replace("conf.d/", "")).collect();
    files.insert("nginx/nginx.conf".into());
    let linked = art32::formats::nginx::link::link(
        &[&doc],
        &sources,
        &files,
        &Default::default(),
        None,
        false,
    );
    let over: Vec<_> = linked
        .diagnostics
        .iter()
        .filter(|d| {
            d.message
                .contains("the globs of these configurations tested more than 1000000 file names")
        })
        .map(|d| &text[d.span.start..d.span.end])
        .collect();
    // 10 001 names a pattern: the first 99 patterns are tried (each once: the ones
    // written twice cost nothing more), the other 21 are not.
    assert_eq!(over.first(), Some(&"*99.x"), "{over:?}");
    assert_eq!(over.len(), 21, "{over:?}");
}

/// Postfix: 40 000 parameters that each expand to 1 MiB (a doubling chain), which
/// `postfix.duplicate-parameter` compares with each other, and restriction classes
/// that name each other 50 times each, 8 deep. Each ends in bounded time, with a
/// finding where a budget ran out.
#[test]
fn postfix_expansion_duplicate_and_class_bombs_are_bounded() {
    let started = std::time::Instant::now();
    let mut main = String::from("b0 = ");
    main.push_str(&"x ".repeat(50));
    main.push('\n');
    for i in 1..15 {
        main.push_str(&format!("b{i} = $b{0} $b{0}\n", i - 1));
    }
    for i in 0..40_000 {
        main.push_str(&format!("p{i} = $b14\n"));
    }
    let mut dup = "smtpd_tls_security_level = may\n".repeat(3);
    // A cycle: Postfix stops with a macro processing error.
    dup.push_str("a = $b\nb = ${a}\n");
    dup.push_str("smtpd_restriction_classes = c0 c1 c2 c3 c4 c5 c6 c7\n");
    for level in 0..8 {
        let next = if level == 7 {
            "permit_mynetworks".to_string()
        } else {
            format!("c{} ", level + 1).repeat(50)
        };
        dup.push_str(&format!("c{level} = {next}\n"));
    }
    dup.push_str("smtpd_relay_restrictions = c0, permit\n");
    let found = lint_files(vec![
        ("bomb/postfix/main.cf".into(), main.into_bytes()),
        ("dup/postfix/main.cf".into(), dup.into_bytes()),
    ]);
    assert!(
        has(
            &found,
            "bomb/postfix/main.cf",
            "expansions read and write more than 16 MiB of text; this value and the ones \
             after it are checked as written"
        ),
        "{found:?}"
    );
    let duplicates = found
        .iter()
        .filter(|(p, r, _)| p == "dup/postfix/main.cf" && r == "postfix.duplicate-parameter")
        .count();
    assert_eq!(duplicates, 2);
    assert!(
        has(
            &found,
            "dup/postfix/main.cf",
            "`a` cannot be expanded as Postfix would: unreasonable macro call nesting"
        ),
        "{found:?}"
    );
    // The classes end without a verdict, and `permit` lets the client relay.
    assert!(
        found
            .iter()
            .any(|(p, r, _)| p == "dup/postfix/main.cf" && r == "postfix.open-relay"),
        "{found:?}"
    );
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

/// Ansible: a host range of 10^8 hosts, YAML nested deeper than the limit in an
/// inventory and in a vars file, a large file with many duplicate keys (each one
/// makes art32 read the file again), and a chain of 4000 groups, declared before the
/// groups they name (each child walks its parent's ancestors: n² steps): findings, not
/// 10^8 hosts, a stack overflow, a gigabyte to read or minutes of work.
#[test]
fn inventory_ranges_and_deep_yaml_are_bounded() {
    let deep_block: String = (0..2000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let deep_flow = format!("all:\n  vars:\n    x: {}\n", "[".repeat(100_000));
    let mut duplicates = String::from("all:\n  hosts:\n");
    for i in 0..40_000 {
        duplicates.push_str(&format!("    h{i}:\n"));
    }
    duplicates.push_str(&"  vars:\n    a: 1\n    a: 2\n".repeat(50));
    let mut chain: String = (0..4000)
        .map(|i| format!("[g{i}:children]\ng{}\n", i + 1))
        .collect();
    chain.push_str("[g4000]\nweb1 tom_role=internet\n");
    let just_within = format!("[web]\nw1 x=\"{}{}\"\n", "[ ".repeat(199), "] ".repeat(199));
    let within_block: String = (0..199)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let within_flow = format!("a: {}{}\n", "[".repeat(199), "]".repeat(199));
    let found = lint_files(vec![
        (
            "a/inventory/hosts.ini".into(),
            b"[web]\nweb[0:99999999].example.com\n".to_vec(),
        ),
        ("b/inventory/hosts.yml".into(), deep_flow.into_bytes()),
        (
            "b/inventory/group_vars/all.yml".into(),
            deep_block.into_bytes(),
        ),
        ("c/inventory/hosts.yml".into(), duplicates.into_bytes()),
        ("d/inventory/hosts.ini".into(), chain.into_bytes()),
    ]);
    // Just within the limits: read, on the same 2 MiB stack. In a run of their own: the
    // steps of resolving inventories are a budget of the run, which `d/` spends.
    let within = lint_files(vec![
        ("e/inventory/hosts.ini".into(), just_within.into_bytes()),
        (
            "e/inventory/group_vars/all.yml".into(),
            within_block.into_bytes(),
        ),
        (
            "e/inventory/group_vars/web.yml".into(),
            within_flow.into_bytes(),
        ),
    ]);
    assert!(within.is_empty(), "{within:?}");
    assert!(
        has(
            &found,
            "d/inventory/hosts.ini",
            "groups nest so deep that looking for loops takes more than 1000000 steps"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "d/inventory/hosts.ini",
            "resolving the groups and variables of the inventories takes more than 5000000 \
             steps in all (groups nested too deep, or very many hosts sharing very many \
             variables): art32 does not check the 1 host of this inventory: `web1`"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "c/inventory/hosts.yml",
            "duplicate mapping keys (art32 reads the file again for each): art32 does not read it"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "a/inventory/hosts.ini",
            "the host ranges of this inventory make 100000000 hosts in all, more than the \
             10000 art32 makes for one inventory"
        ),
        "{found:?}"
    );
    assert!(
        has(&found, "b/inventory/hosts.yml", "nested more than"),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "b/inventory/group_vars/all.yml",
            "nested more than 200 levels deep"
        ),
        "{found:?}"
    );
}

/// Invalid UTF-8 in a file of every kind: nginx, Postfix and util-linux read bytes, so
/// in their files it is no finding (`nginx -t`, `postconf -n`, `findmnt --verify`
/// accept Latin-1 comments), nor in an INI inventory (ansible-core 2.19.14 escapes the
/// bytes with a deprecation warning) or a CSV list; Ansible's YAML reader refuses them
/// (`ansible-inventory -i hosts.yml`: "surrogates not allowed"; a `group_vars` file
/// fails the run with exit 4), so in YAML sources and vars files it is a finding at the
/// byte offset in the file (a byte-order mark before it counts), and the rest of the
/// file still read.
#[test]
fn invalid_utf8_is_reported_at_its_byte_in_every_kind() {
    let mut paths: Vec<&str> = FileKind::ALL.iter().map(|k| k.example_path()).collect();
    paths.push("inventory/group_vars/all.yml");
    paths.dedup();
    let files = paths
        .iter()
        .map(|p| (p.to_string(), b"\xEF\xBB\xBF# M\xFCnchen\n".to_vec()))
        .collect();
    let found = lint_files(files);
    for path in paths {
        let reported = found.contains(&(
            path.to_string(),
            "parse-error".to_string(),
            "invalid UTF-8 at byte 6, which Ansible's YAML reader refuses (`surrogates not \
             allowed`); the rest of the file is still checked"
                .to_string(),
        ));
        let yaml = path.ends_with(".yml");
        assert_eq!(reported, yaml, "{path}: {found:?}");
    }
}

/// The default size limit is 10 MiB: a file one byte over it is not read (an
/// `unread-file` error where a kind claims it); one of exactly 10 MiB is read.
#[test]
fn files_over_ten_mib_are_skipped_by_default() {
    let limit = art32::discover::MAX_FILE_SIZE as usize;
    assert_eq!(limit, 10 << 20);
    let fill = |n: usize| {
        let mut text = b"/dev/sda1 / ext4 defaults 0 1\n#".to_vec();
        text.resize(n - 1, b'x');
        text.push(b'\n');
        text
    };
    let found = lint_files(vec![
        ("over/etc/fstab".into(), fill(limit + 1)),
        ("at/etc/fstab".into(), fill(limit)),
    ]);
    assert_eq!(
        found
            .iter()
            .filter(|f| f.0.starts_with("over/"))
            .collect::<Vec<_>>(),
        [&(
            "over/etc/fstab".to_string(),
            "unread-file".to_string(),
            "file skipped: 10485761 bytes is more than the limit of 10485760 bytes (`max-file-size`)"
                .to_string()
        )]
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "at/etc/fstab" && f.1 == "fstab.stable-device-id"),
        "{found:?}"
    );
}

/// Rule files and catalogues are read with a byte-order mark and CRLF line endings.
#[test]
fn rule_files_and_catalogues_read_with_bom_and_crlf() {
    let dos = |s: &str| format!("\u{feff}{}", s.replace('\n', "\r\n"));
    let catalogue = dos(
        "title = \"Our TOM\"\n[[item]]\nid = \"A.1\"\nde = \"Wurzel\"\nen = \"Root\"\ntype = \"technical\"\n",
    );
    let catalogue = art32::catalogue::Catalogue::parse("tom.toml", &catalogue).unwrap();
    let rule = dos(
        "id = \"fstab.root-ro\"\ntitle = \"Root is read-only\"\ntom = [\"A.1\"]\nseverity = \"error\"\n\
         message = \"`{file}` is mounted read-write\"\nhelp = \"add `ro`\"\nrationale = \"r\"\n\
         references = [\"mount(8)\"]\n[select]\nkind = \"fstab\"\npath = \"mount\"\n\
         [assert]\nfield = \"options\"\ncontains-all = [\"ro\"]\n",
    );
    let sources = vec![RuleSource {
        path: "policy/fstab/root-ro.toml".into(),
        text: rule,
        builtin: false,
    }];
    let registry = Registry::compile(&sources, catalogue, &Config::default_config()).unwrap();
    assert!(registry.get("fstab.root-ro").is_some());
}
