//! The crate's modules form layers, and a module imports only from its own layer or
//! below (issue 13: one-way layers, no import circle). This test reads `src/` and
//! fails on an import upward that is not in `KNOWN_UPWARD` — the ones the code had
//! when the check came in, each to be removed by the renovation (and then from the
//! list: the test also fails when a listed import is gone, so the list only shrinks).
//! Test code (`#[cfg(test)]` modules) may reach anywhere.

use std::collections::BTreeSet;
use std::path::Path;

/// Top-level modules by layer, lowest first.
const LAYERS: &[&[&str]] = &[
    &["source", "inert", "error", "read"],
    &["model", "finding", "defaults", "tls"],
    &["formats"],
    &["config", "catalogue", "discover"],
    &["rules"],
    &["evaluate", "suppress"],
    &["lint"],
    &["output", "commands", "report"],
    &["rule_docs"],
    &["main", "lib"],
];

/// Imports upward still tolerated, as (from, to) top-level modules: none any more.
const KNOWN_UPWARD: &[(&str, &str)] = &[];

fn layer(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&module))
        .unwrap_or_else(|| panic!("module `{module}` is in no layer of tests/layers.rs"))
}

/// The top-level modules `text` imports through `crate::` paths, outside comments
/// and test modules.
fn imports(text: &str) -> BTreeSet<String> {
    let code = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut found = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a::X, b};` (one line; rustfmt keeps longer groups on
                // lines of their own, which the loop below reads as they come).
                for item in group.split([',', '}']) {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.insert(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    let mut upward = BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let from = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        let text = std::fs::read_to_string(file).unwrap();
        for to in imports(&text) {
            if to == from || !LAYERS.iter().any(|l| l.contains(&to.as_str())) {
                continue;
            }
            if layer(&to) > layer(&from) {
                upward.insert((from.clone(), to, rel.display().to_string()));
            }
        }
    }
    let known: BTreeSet<(&str, &str)> = KNOWN_UPWARD.iter().copied().collect();
    let new: Vec<_> = upward
        .iter()
        .filter(|(f, t, _)| !known.contains(&(f.as_str(), t.as_str())))
        .collect();
    assert!(
        new.is_empty(),
        "imports from a layer above (move the item down, or pass it in):\n{new:#?}"
    );
    let gone: Vec<_> = known
        .iter()
        .filter(|(f, t)| !upward.iter().any(|(uf, ut, _)| uf == f && ut == t))
        .collect();
    assert!(
        gone.is_empty(),
        "these upward imports are gone: take them off KNOWN_UPWARD {gone:?}"
    );
}

/// The scanner sees `crate::` paths in code, single and grouped, and not in comments.
#[test]
fn imports_are_read_from_code_only() {
    let text = "use crate::a::X;\nuse crate::{b::Y, c};\n// crate::d\nlet x = crate::e::f(); // crate::g\n#[cfg(test)]\nmod tests { use crate::h; }\n";
    let got: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(got, ["a", "b", "c", "e"]);
}

/// The modules that run every format and may name none (issue 13): the pipeline, the
/// rule engine, discovery and suppressions. What they need to know about a format they
/// take from `formats::FORMATS`.
const FORMAT_FREE: &[&str] = &[
    "lint.rs",
    "discover.rs",
    "discover/",
    "suppress.rs",
    "evaluate.rs",
    "rules/",
];

/// Mentions of a format in those modules still tolerated, as (file, mention): none any
/// more (a listed one that is gone fails the test too, so the list only shrinks).
const KNOWN_FORMAT_MENTIONS: &[(&str, &str)] = &[];

/// The format names, kinds and families a line of code mentions: `FileKind::Nginx`,
/// `Family::Postfix`, `formats::nginx`, or a family's name as a string literal.
fn format_mentions(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    for prefix in ["FileKind::", "Family::"] {
        for (at, _) in code.match_indices(prefix) {
            let name: String = code[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if name.starts_with(|c: char| c.is_ascii_uppercase()) && name != "ALL" {
                out.push(format!("{prefix}{name}"));
            }
        }
    }
    for format in ["fstab", "crypttab", "nginx", "postfix", "inventory"] {
        for mention in [format!("formats::{format}"), format!("\"{format}\"")] {
            if code.contains(&mention) {
                out.push(mention);
            }
        }
    }
    out
}

/// Is `file` a module its parent declares under `#[cfg(test)]` (test helpers, such as
/// `rules/predicate/table.rs`)?
fn test_only(src: &Path, file: &Path) -> bool {
    let (Some(dir), Some(stem)) = (file.parent(), file.file_stem()) else {
        return false;
    };
    let stem = stem.to_string_lossy();
    let parents = [dir.with_extension("rs"), dir.join("mod.rs")];
    parents.iter().filter(|p| p.starts_with(src)).any(|p| {
        std::fs::read_to_string(p).is_ok_and(|t| t.contains(&format!("#[cfg(test)]\nmod {stem};")))
    })
}

#[test]
fn the_pipeline_and_the_rule_engine_name_no_format() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    let mut found = BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap().display().to_string();
        if !FORMAT_FREE
            .iter()
            .any(|m| rel == *m || (m.ends_with('/') && rel.starts_with(m)))
        {
            continue;
        }
        if test_only(&src, file) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let code = match text.find("#[cfg(test)]\nmod ") {
            Some(at) => &text[..at],
            None => &text,
        };
        for line in code.lines() {
            for mention in format_mentions(line) {
                found.insert((rel.clone(), mention));
            }
        }
    }
    let known: BTreeSet<(String, String)> = KNOWN_FORMAT_MENTIONS
        .iter()
        .map(|(f, m)| (f.to_string(), m.to_string()))
        .collect();
    let new: Vec<_> = found.difference(&known).collect();
    assert!(
        new.is_empty(),
        "these modules name a format (move the knowledge into its `Format`):\n{new:#?}"
    );
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        gone.is_empty(),
        "these mentions are gone: take them off KNOWN_FORMAT_MENTIONS {gone:?}"
    );
}

/// The scanner sees kinds, families, format paths and names in code, not in comments.
#[test]
fn format_mentions_are_read_from_code_only() {
    assert_eq!(
        format_mentions(
            r#"if k == FileKind::Nginx && f != "postfix" { formats::fstab::x() } // FileKind::Crypttab"#
        ),
        ["FileKind::Nginx", "formats::fstab", "\"postfix\""]
    );
    assert!(format_mentions("for k in FileKind::ALL { k.family() == Family::ALL[0] }").is_empty());
}
