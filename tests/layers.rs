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
    &["model", "finding", "defaults"],
    &["formats"],
    &["config", "catalogue", "discover"],
    &["rules"],
    &["evaluate", "suppress"],
    &["lint"],
    &["output", "commands"],
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
