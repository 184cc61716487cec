//! Hostile input: every parser and every TOML reader answers any input — random
//! bytes, or real files from the corpus and the fixtures with random damage — with a
//! tree or a diagnostic, never a panic, and every span it reports lies inside the
//! text on character boundaries. Bounded so the suite stays fast.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use art32::config::Config;
use art32::model::{Document, FileKind, Node};
use art32::parse;
use art32::rules::{Registry, RuleSource};
use art32::source::{FileId, Span};

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

/// Real inputs to damage: the fixtures and a sample of the shared corpus.
fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("fixtures"), &mut paths);
    files(&root.join("../shared/corpus/nginx/crossplane"), &mut paths);
    files(&root.join("../shared/corpus/postfix/postfix"), &mut paths);
    files(&root.join("../shared/corpus/fstab/util-linux"), &mut paths);
    files(&root.join("../shared/corpus/inventory/ansible"), &mut paths);
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
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
        art32::discover::Loaded::Skipped(_) => String::from_utf8_lossy(bytes).replace('\0', ""),
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
        // Either it compiles or it is an error with a diagnostic: both are fine.
        let _ = Registry::compile(&sources, art32::catalogue::Catalogue::builtin(), &Config::default_config());
    }

    #[test]
    fn damaged_config_files_are_diagnosed_not_fatal(muts in prop::collection::vec(mutation(), 1..8)) {
        let seed = b"exclude = [\"vendor\"]\nrule-dirs = []\nmax-file-size = 100\n[kinds]\nfstab = [\"**/fstab\"]\n[versions]\nnginx = \"1.24\"\n[rules.\"fstab.mount-options\"]\nseverity = \"error\"\nparams.required = { \"/tmp\" = [\"nodev\"] }\n".to_vec();
        let text = String::from_utf8_lossy(&apply(seed, &muts)).into_owned();
        if let Ok(config) = Config::parse(Some("art32.toml"), &text, Path::new(".")) {
            let _ = Registry::load(&config);
        }
    }
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
