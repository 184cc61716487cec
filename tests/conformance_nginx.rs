//! The nginx parser against crossplane 0.5.8, on the shared corpus.
//!
//! Oracle (see `../shared/corpus/oracle/README.md`): `<file>.crossplane-syntax.json`, written by
//! `crossplane.parse(file, catch_errors=True, single=True, comments=True, check_ctx=False,
//! check_args=False)`: crossplane's syntax tree without include following or directive checks.
//! Every test collects all mismatches and reports them together, and checks how many files and
//! directives it compared, so that it cannot pass by comparing nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use art32::formats::nginx::parse as nginx;
use art32::lint::{self, Setup, Target};
use art32::model::{Document, Node, Value};
use art32::source::{FileId, SourceFile, SourceMap};
use serde_json::Value as Json;

mod support;
use support::conformance::{
    CORPUS, check_document, check_span, files_under, read_text, relative, report,
};

/// How much of crossplane's tree a deliberately different file is compared with.
#[derive(Clone, Copy)]
enum Scope {
    /// All of it: only the diagnostics differ.
    Tree,
    /// The directives that start before the line of art32's first error.
    BeforeError,
}

/// Corpus files where art32 deliberately differs from crossplane: text that nginx rejects,
/// which crossplane (without its argument checks) reads without an error into a tree that
/// nginx would never build. art32 reports nginx's error there; its first error must be the
/// one listed, and the trees are compared as far as `Scope` says.
///
/// nginx's tokenizer (`ngx_conf_read_token` in `src/core/ngx_conf_file.c`) rejects `}` after a
/// directive's arguments and `;` or `{` without a directive name ("unexpected ..."); a `{`
/// inside a word ends the word and opens a block. crossplane instead ends the directive at
/// such a `}` without closing the block, and makes directives named `{` and `;`.
const DEVIATIONS: &[(&str, usize, &str, Scope, &str)] = &[
    (
        "Gixy-Next/tests/plugins/simply/allow_without_deny/include_and_deny_fp.conf",
        1,
        "unexpected `}`",
        Scope::BeforeError,
        "gixy's `// Options: {...}` test header is no nginx syntax",
    ),
    (
        "Gixy-Next/tests/plugins/simply/origins/map_origin_allowlist_fp.conf",
        3,
        "unexpected `}`",
        Scope::BeforeError,
        "an unquoted regex with `{1,5}`; nginx requires a regex with `{` or `}` to be quoted",
    ),
    (
        "crossplane/tests/configs/missing-semicolon/broken-above.conf",
        5,
        "unexpected `}`",
        Scope::BeforeError,
        "a directive without `;` before `}` (crossplane's own test of that error, which it \
         reports only with its argument checks on)",
    ),
    (
        "crossplane/tests/configs/missing-semicolon/broken-below.conf",
        8,
        "unexpected `}`",
        Scope::BeforeError,
        "a directive without `;` before `}`, as above",
    ),
    (
        "crossplane/tests/configs/quote-behavior/nginx.conf",
        2,
        "empty directive name",
        Scope::Tree,
        "crossplane's lexer test names a directive `\"\"`; nginx reports an unknown directive. \
         art32 keeps the node as crossplane does",
    ),
    (
        "modoboa-installer/modoboa_installer/scripts/files/nginx/autoconfig.conf.tpl",
        7,
        "unexpected `}`",
        Scope::BeforeError,
        "a template: `%{hostname}` placeholders",
    ),
    (
        "modoboa-installer/modoboa_installer/scripts/files/nginx/modoboa.conf.tpl",
        29,
        "unexpected `}`",
        Scope::BeforeError,
        "a template: `%{hostname}` placeholders",
    ),
    (
        "nginx-proxy-manager/docker/rootfs/etc/nginx/conf.d/production.conf.template",
        3,
        "unexpected `{`",
        Scope::BeforeError,
        "a template: `{{NPM_ADMIN_PORT}}` placeholders",
    ),
    (
        "weblate-docker/etc/nginx/default.tpl",
        2,
        "unexpected `{`",
        Scope::BeforeError,
        "a Jinja template: `{% if ... %}` lines",
    ),
];

/// Long values (Lua bodies) cut to keep reports readable.
fn clip(text: &str) -> String {
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

/// One statement of crossplane's `parsed` list, comments already left out.
struct Statement<'a> {
    directive: &'a str,
    line: i64,
    args: Vec<&'a str>,
    block: Option<Vec<Statement<'a>>>,
}

fn statements(list: &Json) -> Result<Vec<Statement<'_>>, String> {
    let list = list.as_array().ok_or("`parsed`/`block` is no array")?;
    let mut out = Vec::new();
    for stmt in list {
        let directive = stmt["directive"].as_str().ok_or("no `directive`")?;
        // Comments are entries of their own in crossplane's tree (`"directive": "#"`).
        if directive == "#" && stmt.get("comment").is_some() {
            continue;
        }
        let args = stmt["args"]
            .as_array()
            .ok_or("no `args`")?
            .iter()
            .map(|a| a.as_str().ok_or("an argument is no string"))
            .collect::<Result<_, _>>()?;
        let block = match stmt.get("block") {
            Some(block) => Some(statements(block)?),
            None => None,
        };
        out.push(Statement {
            directive,
            line: stmt["line"].as_i64().ok_or("no `line`")?,
            args,
            block,
        });
    }
    Ok(out)
}

/// The statements that start before `line`, and of their blocks likewise.
fn statements_before<'a>(list: Vec<Statement<'a>>, line: usize) -> Vec<Statement<'a>> {
    list.into_iter()
        .filter(|s| usize::try_from(s.line).is_ok_and(|l| l < line))
        .map(|s| Statement {
            block: s.block.map(|b| statements_before(b, line)),
            ..s
        })
        .collect()
}

/// The nodes whose names start before `line`, and of their children likewise.
fn nodes_before(nodes: &[Node], source: &SourceFile, line: usize) -> Vec<Node> {
    nodes
        .iter()
        .filter(|n| source.line_col(n.name.span.start).line < line)
        .map(|n| Node {
            children: nodes_before(&n.children, source, line),
            ..n.clone()
        })
        .collect()
}

struct Comparison<'a> {
    rel: &'a str,
    source: &'a SourceFile,
    mismatches: &'a mut Vec<String>,
    directives: usize,
}

impl Comparison<'_> {
    fn mismatch(&mut self, path: &str, what: String) {
        self.mismatches.push(format!(
            "{}: {}: {what}",
            self.rel,
            path.trim_start_matches(" > ")
        ));
    }

    /// Compares crossplane's statements with art32's nodes in order; with `prefix`, art32 may
    /// have more nodes after them (it reads on after an error, where crossplane stops).
    fn compare(&mut self, path: &str, want: &[Statement<'_>], got: &[Node], prefix: bool) {
        let count_differs = if prefix {
            got.len() < want.len()
        } else {
            got.len() != want.len()
        };
        if count_differs {
            let names = |names: Vec<&str>| names.join(" ");
            self.mismatch(
                path,
                format!(
                    "{} entries expected, got {}:\n    crossplane [{}]\n    art32      [{}]",
                    want.len(),
                    got.len(),
                    names(want.iter().map(|s| s.directive).collect()),
                    names(got.iter().map(|n| n.name.value.as_str()).collect()),
                ),
            );
        }
        for (i, (want, got)) in want.iter().zip(got).enumerate() {
            self.directives += 1;
            let here = format!("{path} > {}[{i}]", want.directive);
            if got.name.value != want.directive {
                self.mismatch(
                    &here,
                    format!(
                        "name: expected {:?}, got {:?}",
                        want.directive, got.name.value
                    ),
                );
            }
            let line = self.source.line_col(got.name.span.start).line;
            if i64::try_from(line).ok() != Some(want.line) {
                self.mismatch(&here, format!("line: expected {}, got {line}", want.line));
            }
            let got_args: Vec<&str> = got.args.iter().map(|a| a.value.as_str()).collect();
            if got_args != want.args {
                let show =
                    |args: &[&str]| args.iter().map(|a| clip(a)).collect::<Vec<_>>().join(", ");
                self.mismatch(
                    &here,
                    format!(
                        "args:\n    crossplane [{}]\n    art32      [{}]",
                        show(&want.args),
                        show(&got_args)
                    ),
                );
            }
            let is_block = matches!(
                got.field("block").map(|f| &f.value),
                Some(Value::Bool(true))
            );
            match &want.block {
                Some(block) if is_block => self.compare(&here, block, &got.children, prefix),
                Some(_) => self.mismatch(&here, "expected a block, got none".to_string()),
                None if is_block || !got.children.is_empty() => {
                    self.mismatch(&here, "expected no block, got one".to_string())
                }
                None => {}
            }
        }
    }
}

#[test]
fn nginx_matches_crossplane_syntax_tree() {
    let base = Path::new(CORPUS).join("nginx");
    let oracle = Path::new(CORPUS).join("oracle/nginx");
    let mut mismatches = Vec::new();
    let (mut files, mut directives, mut failed_files) = (0, 0, 0);
    let mut deviated = Vec::new();
    for path in files_under(&base) {
        let rel = relative(&path, &base);
        let json = oracle.join(format!("{rel}.crossplane-syntax.json"));
        if !json.exists() {
            continue; // licenses, READMEs, JSON and PEM files have no oracle
        }
        let payload: Json = match serde_json::from_str(&read_text(&json)) {
            Ok(payload) => payload,
            Err(e) => {
                mismatches.push(format!("{rel}: unreadable oracle: {e}"));
                continue;
            }
        };
        let config = &payload["config"][0];
        let want = match statements(&config["parsed"]) {
            Ok(want) => want,
            Err(e) => {
                mismatches.push(format!("{rel}: unreadable oracle: {e}"));
                continue;
            }
        };
        let text = read_text(&path);
        let source = SourceFile::new(rel.clone(), text.as_str());
        let doc = nginx::parse(FileId(0), &text);
        let failed = config["status"] == "failed";

        let got_lines: Vec<usize> = doc
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| source.line_col(d.span.start).line)
            .collect();
        let messages: Vec<&str> = doc.diagnostics.iter().map(|d| d.message.as_str()).collect();
        let deviation = DEVIATIONS.iter().find(|d| d.0 == rel);

        let (want, got) = match deviation {
            Some(&(_, line, _, Scope::BeforeError, _)) => (
                statements_before(want, line),
                nodes_before(&doc.root.children, &source, line),
            ),
            _ => (want, doc.root.children.clone()),
        };
        let mut comparison = Comparison {
            rel: &rel,
            source: &source,
            mismatches: &mut mismatches,
            directives: 0,
        };
        comparison.compare("", &want, &got, failed);
        directives += comparison.directives;

        if let Some(&(_, line, message, _, _)) = deviation {
            deviated.push(rel.clone());
            let first = doc
                .diagnostics
                .first()
                .map(|d| (source.line_col(d.span.start).line, d.message.as_str()));
            if failed || first != Some((line, message)) {
                mismatches.push(format!(
                    "{rel}: listed as a deliberate difference with art32's first error \
                     {message:?} on line {line}; crossplane status {}, art32 {first:?}",
                    config["status"]
                ));
            }
        } else if failed {
            failed_files += 1;
            // crossplane stops at its first error; art32's first error must be on that line.
            // For a directive left unterminated at the end of the file crossplane reports
            // `"line": null` (an uncaught StopIteration); art32 reports at the end of the text.
            let want_line = match &config["errors"][0]["line"] {
                Json::Null => source.line_col(text.len()).line,
                line => line
                    .as_u64()
                    .and_then(|l| usize::try_from(l).ok())
                    .unwrap_or(0),
            };
            if got_lines.first() != Some(&want_line) {
                mismatches.push(format!(
                    "{rel}: crossplane reports an error on line {want_line} ({}), art32 on \
                     lines {got_lines:?} {messages:?}",
                    config["errors"][0]["error"]
                ));
            }
        } else if !doc.diagnostics.is_empty() {
            mismatches.push(format!(
                "{rel}: crossplane reports no error, art32 on lines {got_lines:?} {messages:?}"
            ));
        }
        files += 1;
    }
    report("nginx/crossplane", &mismatches);
    assert_eq!(
        deviated,
        DEVIATIONS
            .iter()
            .map(|d| d.0.to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(files, 1129, "nginx files compared with crossplane");
    assert_eq!(failed_files, 4, "nginx files crossplane rejects");
    assert_eq!(
        directives, 15719,
        "nginx directives compared with crossplane"
    );
}

fn check_node(node: &Node, doc: &Document, text: &str, out: &mut Vec<String>) {
    check_span(node.kind, node.span, doc, text, out);
    check_span("name", node.name.span, doc, text, out);
    for (name, field) in &node.fields {
        check_span(name, field.span, doc, text, out);
    }
    for arg in &node.args {
        check_span("arg", arg.span, doc, text, out);
        if arg.span.start < node.span.start || arg.span.end > node.span.end {
            out.push(format!("arg {:?} outside its directive", arg.value));
        }
    }
    for child in &node.children {
        check_node(child, doc, text, out);
    }
}

#[test]
fn every_nginx_corpus_file_parses_with_valid_spans() {
    let base = Path::new(CORPUS).join("nginx");
    let mut inputs: Vec<(String, String)> = files_under(&base)
        .into_iter()
        .map(|path| (relative(&path, &base), read_text(&path)))
        .collect();
    assert!(inputs.len() > 1100, "nginx corpus files: {}", inputs.len());
    let odd = [
        "",
        "\u{feff}",
        "\u{feff}a;",
        "\\",
        "a \\",
        "a\\\r\n;",
        "\"",
        "'a",
        "a \"b",
        "a ${",
        "a ${b",
        "a $",
        "}",
        "}}}{{{",
        ";;;",
        "{ a; }",
        "a }",
        "\"\" a;",
        "if (",
        "if ();",
        "if ( ) { }",
        "if (é) {}",
        "if \"(\u{2003}\" \"\u{2003})\";",
        "content_by_lua_block",
        "content_by_lua_block ",
        "content_by_lua_block x;",
        "content_by_lua_block { -",
        "content_by_lua_block { --",
        "content_by_lua_block { \"",
        "content_by_lua_block { é }",
        "set_by_lua_block",
        "set_by_lua_block $a",
        "set_by_lua_block $a ",
        "set_by_lua_block $a {",
        "\"content_by_lua_block\"{x}",
        "#",
        "# é\r",
        "a\r\rb;\r",
        "é\u{3000}ü\u{1c}ö;",
        "map $a $b { default 0; x { y; } }",
    ];
    inputs.extend(odd.iter().map(|t| (format!("{t:?}"), t.to_string())));
    let depth = 100_000;
    inputs.push((
        "deep nesting".to_string(),
        format!("{}{}", "a {".repeat(depth), "}".repeat(depth)),
    ));
    inputs.push(("deep unclosed".to_string(), "a {".repeat(depth)));

    let mut problems = Vec::new();
    for (i, (what, text)) in inputs.iter().enumerate() {
        let file = FileId(u32::try_from(i).unwrap_or(u32::MAX));
        check_document(
            what,
            &nginx::parse(file, text),
            text,
            check_node,
            &mut problems,
        );
    }
    report("span", &problems);
}

// End to end on the corpus: includes against crossplane's, parse errors across a run.

/// The corpus files crossplane was run on (oracle/README.md: everything but licenses,
/// READMEs, JSON, Markdown and PEM files), relative to `corpus/nginx`.
fn corpus_inputs() -> Vec<String> {
    let root = Path::new(CORPUS).join("nginx");
    let mut out: Vec<String> = files_under(&root)
        .iter()
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            !(name.starts_with("LICENSE")
                || name.starts_with("README")
                || [".json", ".md", ".pem"].iter().any(|x| name.ends_with(x)))
        })
        .map(|p| relative(p, &root))
        .collect();
    out.sort();
    out
}

fn oracle_json(rel: &str, suffix: &str) -> Option<Json> {
    let p = Path::new(CORPUS)
        .join("oracle/nginx")
        .join(format!("{rel}{suffix}"));
    serde_json::from_str(&fs::read_to_string(p).ok()?).ok()
}

/// For every complete configuration (top-level `events` or `http`), the files reached
/// through `include` are the ones crossplane reached (its `config` list). Absolute
/// includes are read as crossplane read them, on a machine where `/etc/nginx` is empty:
/// art32's mapping of absolute paths into the repository is turned off here (it is a
/// deliberate addition, tested in `link::nginx`).
#[test]
fn complete_configurations_reach_the_files_crossplane_reaches() {
    let root = Path::new(CORPUS).join("nginx");
    let rels = corpus_inputs();
    let mut sources = SourceMap::default();
    let mut docs: Vec<Document> = Vec::new();
    for rel in &rels {
        let bytes = std::fs::read(root.join(rel)).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let id = sources.add(SourceFile::new(rel.clone(), text));
        let text = sources.get(id).text.clone();
        docs.push(nginx::parse(id, &text));
    }
    let files: BTreeSet<String> = rels.iter().cloned().collect();
    let refs: Vec<&Document> = docs.iter().collect();
    let mut compared = 0;
    let mut failures = Vec::new();
    for doc in &docs {
        let rel = &sources.get(doc.file).path;
        let main = doc
            .root
            .children
            .iter()
            .any(|c| c.name.value == "events" || c.name.value == "http");
        if !main {
            continue;
        }
        let Some(oracle) = oracle_json(rel, ".crossplane-default.json") else {
            continue;
        };
        let want: BTreeSet<String> = oracle["config"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["file"].as_str().unwrap().to_string())
            .collect();
        let (reached, _) = art32::formats::nginx::link::reach(doc, &refs, &sources, &files, None);
        let got: BTreeSet<String> = reached
            .iter()
            .map(|id| sources.get(*id).path.clone())
            .collect();
        compared += 1;
        if want != got {
            failures.push(format!(
                "{rel}:\n  crossplane only: {:?}\n  art32 only: {:?}",
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        compared >= 40,
        "only {compared} complete configurations compared"
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// art32 lints the whole corpus without a panic; `parse-error` findings are exactly in
/// the files where crossplane's own parser fails.
#[test]
fn whole_corpus_lints_and_parse_errors_match_crossplane() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("art32.toml");
    // Keep the inputs the oracle was made from: exclude the rest.
    let text = "exclude = [\"**/LICENSE*\", \"**/README*\", \"**/*.json\", \"**/*.md\", \"**/*.pem\"]\n\
                [kinds]\nnginx = [\"**\"]\nfstab = []\ncrypttab = []\n";
    std::fs::write(&config, text).unwrap();
    let target = Target {
        paths: vec![Path::new(CORPUS).join("nginx")],
        config: Some(config),
    };
    let setup = Setup::new(&target).unwrap();
    let report = lint::run(&setup, "2026-11-26".parse().unwrap()).unwrap();
    // Every input is checked, or named as not reached (below a complete configuration
    // that includes nothing of it: nginx does not read it), or skipped as a template
    // with one note.
    let templates: BTreeSet<String> = report
        .findings
        .iter()
        .filter(|f| f.rule == "skipped-file" && f.message.contains("template"))
        .map(|f| report.sources.get(f.primary.span.file).path.clone())
        .collect();
    let unchecked: BTreeSet<String> = report
        .unreached
        .iter()
        .cloned()
        .chain(templates.iter().cloned())
        .collect();
    assert_eq!(
        report.files_checked + report.unreached.len() + templates.len(),
        corpus_inputs().len()
    );
    assert!(
        report.files_checked > corpus_inputs().len() / 2,
        "{}",
        report.files_checked
    );

    let mut ours: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.rule == "parse-error") {
        let file = report.sources.get(f.primary.span.file);
        // Include cycles are art32's own diagnosis, not a syntax error.
        if f.message.starts_with("include cycle") {
            continue;
        }
        ours.entry(file.path.clone())
            .or_default()
            .push(file.line_col(f.primary.span.start).line);
    }
    let mut theirs: BTreeSet<String> = BTreeSet::new();
    for rel in corpus_inputs() {
        if let Some(o) = oracle_json(&rel, ".crossplane-syntax.json")
            && o["status"] == "failed"
        {
            theirs.insert(rel);
        }
    }
    // Deliberate differences: the files of `DEVIATIONS` (nginx rejects what crossplane
    // lets through). `non-unicode/nginx.conf` (a Latin-1 byte in a comment and in a
    // `return` argument) is no parse error for crossplane, nor for nginx 1.22.1
    // (`nginx -t`: syntax is ok), nor for art32.
    theirs.extend(DEVIATIONS.iter().map(|d| d.0.to_string()));
    // A file nginx does not read (not reached) or a template is not judged at all.
    theirs.retain(|rel| !unchecked.contains(rel));
    let ours_files: BTreeSet<String> = ours.keys().cloned().collect();
    assert!(theirs.len() > 4, "{theirs:?}");
    assert_eq!(
        ours_files, theirs,
        "files with parse-error (left: art32, right: crossplane's failures and the documented deviations)"
    );
}
