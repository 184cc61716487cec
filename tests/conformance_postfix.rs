//! The Postfix parsers and `$name` expansion against postconf 3.7.11, on the shared corpus.
//!
//! Oracles (see `../shared/corpus/oracle/README.md`): each `main.cf`-like input was run
//! through `postconf -c DIR -n` and `-x -n` with a `master.cf` beside it, each
//! `master.cf`-like input through `postconf -c DIR -M` and `-P` with a `main.cf` beside it.
//! postconf reads both files and dies on either; where the partner file was what failed, the
//! run was repeated with Debian's stock `master.cf` (`.stock-master`) or an empty `main.cf`
//! (`.empty-main`), and that run is the one compared. Every test collects all mismatches
//! and reports them together, and checks how many files and entries it compared.
//!
//! What postconf prints that is not what the file says, and is therefore left out of the
//! comparison (never a difference in art32):
//! - `-c DIR` adds `config_directory = DIR` to `-n` output.
//! - `-n` omits parameters postconf does not know (`unused parameter: name=value` on stderr):
//!   user-defined names that nothing references, and names that are service-specific
//!   (`smtp-amavis_destination_recipient_limit`) only for services of another `master.cf`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use art32::formats::postfix::parse::{
    self as postfix, RAW_PARAMETERS, expand, split_list, try_expand,
};
use art32::lint::{self, Setup, Target};
use art32::model::{Document, Node, Value};
use art32::source::FileId;

mod support;
use support::conformance::{
    CORPUS, check_document, check_span, files_under, line_of, read_text, relative, report,
};

/// The scratch directory the oracle ran in; `-c` makes it `config_directory`.
const ORACLE_CONFIG_DIRECTORY: &str = "/tmp/postconf-oracle";

const MASTER_COLUMNS: [&str; 8] = [
    "service", "type", "private", "unpriv", "chroot", "wakeup", "maxproc", "command",
];

/// The inputs the oracle script reads as `main.cf` and as `master.cf`, by file name.
fn is_main(name: &str) -> bool {
    matches!(
        name,
        "main.cf" | "main.cf.tpl" | "test77-main.cf" | "postfix-main.cf"
    ) || name.starts_with("main.cf.")
}

fn is_master(name: &str) -> bool {
    matches!(
        name,
        "master.cf" | "master.cf.tpl" | "postfix-master.cf" | "postfix-amavis.cf"
    )
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// One postconf run: what it printed, its exit status and its stderr.
struct Run {
    tag: String,
    stdout: String,
    status: i32,
    stderr: String,
}

fn run(rel: &str, tag: &str) -> Option<Run> {
    let base = Path::new(CORPUS).join("oracle/postfix").join(rel);
    let stdout = PathBuf::from(format!("{}.postconf-{tag}.txt", base.display()));
    if !stdout.exists() {
        return None;
    }
    let err = PathBuf::from(format!("{}.postconf-{tag}.stderr.txt", base.display()));
    let stderr = if err.exists() {
        read_text(&err)
    } else {
        String::new()
    };
    let status = stderr
        .lines()
        .find_map(|l| l.strip_prefix("# exit status: "))
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    Some(Run {
        tag: tag.to_string(),
        stdout: read_text(&stdout),
        status,
        stderr,
    })
}

/// The first successful run of `tags`, or else the first run (which failed).
fn pick(rel: &str, tags: &[&str]) -> Option<Result<Run, Run>> {
    let runs: Vec<Run> = tags.iter().filter_map(|t| run(rel, t)).collect();
    let mut runs = runs.into_iter();
    let first = runs.next()?;
    if first.status == 0 {
        return Some(Ok(first));
    }
    Some(runs.find(|r| r.status == 0).ok_or(first))
}

/// Names in `unused parameter: name=value` warnings: postconf leaves them out of `-n`.
fn unused_parameters(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.split("unused parameter: ").nth(1))
        .filter_map(|rest| rest.split('=').next())
        .map(str::to_string)
        .collect()
}

/// Whitespace runs as one space, as postconf prints (`pcf_print_line`).
fn normalize(s: &str) -> String {
    s.split([' ', '\t', '\r', '\n'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn text_field(node: &Node, name: &str) -> String {
    node.field(name).map(|f| f.value.text()).unwrap_or_default()
}

fn list_field(node: &Node, name: &str) -> Vec<String> {
    match node.field(name).map(|f| &f.value) {
        Some(Value::List(items)) => items.iter().map(|i| i.value.clone()).collect(),
        _ => Vec::new(),
    }
}

/// Each parameter's value, the last definition winning, sorted by name as postconf sorts.
fn last_values(nodes: &[Node]) -> BTreeMap<String, String> {
    nodes
        .iter()
        .filter(|n| n.kind == "param")
        .map(|n| (n.name.value.clone(), text_field(n, "value")))
        .collect()
}

/// Lines of `postconf -n` as postconf formats them.
fn postconf_lines(params: &BTreeMap<String, String>) -> Vec<String> {
    params
        .iter()
        .map(|(name, value)| normalize(&format!("{name} = {value}")))
        .collect()
}

fn error_lines(doc: &Document, text: &str) -> Vec<usize> {
    doc.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| line_of(text, d.span.start))
        .collect()
}

/// The line a fatal `main.cf` error names: `main.cf, line N: missing '=' ...`.
fn main_cf_error_line(stderr: &str) -> Option<usize> {
    stderr
        .lines()
        .filter(|l| l.contains("missing '='") || l.contains("missing attribute name"))
        .find_map(|l| l.split("main.cf, line ").nth(1))
        .and_then(|rest| rest.split(':').next()?.parse().ok())
}

/// A main.cf input and the postconf run it is compared with.
struct MainCase {
    rel: String,
    text: String,
    doc: Document,
    oracle: Result<Run, Run>,
}

fn main_cases(tags: &[&str]) -> Vec<MainCase> {
    let base = Path::new(CORPUS).join("postfix");
    files_under(&base)
        .into_iter()
        .filter_map(|path| {
            let rel = relative(&path, &base);
            if !is_main(file_name(&rel)) {
                return None;
            }
            let oracle = pick(&rel, tags)?;
            let text = read_text(&path);
            let doc = postfix::parse_main(FileId(0), &text);
            Some(MainCase {
                rel,
                text,
                doc,
                oracle,
            })
        })
        .collect()
}

/// Checks a `main.cf` that postconf rejected: art32's first error is on the line postconf
/// names (postconf stops there).
fn check_rejected_main(case: &MainCase, failed: &Run, mismatches: &mut Vec<String>) -> bool {
    let got = error_lines(&case.doc, &case.text);
    match main_cf_error_line(&failed.stderr) {
        Some(line) if got.first() == Some(&line) => true,
        Some(line) => {
            mismatches.push(format!(
                "{} ({}): postconf rejects line {line}, art32 reports lines {got:?}",
                case.rel, failed.tag
            ));
            false
        }
        None => {
            mismatches.push(format!(
                "{} ({}): postconf failed for another reason: {}",
                case.rel,
                failed.tag,
                failed.stderr.lines().last().unwrap_or("")
            ));
            false
        }
    }
}

#[test]
fn main_cf_matches_postconf_n() {
    let mut mismatches = Vec::new();
    let (mut files, mut params, mut rejected, mut stock_master) = (0, 0, 0, 0);
    for case in main_cases(&["n", "n.stock-master"]) {
        let oracle = match &case.oracle {
            Ok(run) => run,
            Err(failed) => {
                if check_rejected_main(&case, failed, &mut mismatches) {
                    rejected += 1;
                }
                continue;
            }
        };
        if oracle.tag != "n" {
            stock_master += 1;
        }
        let config_directory = format!("config_directory = {ORACLE_CONFIG_DIRECTORY}");
        let want: Vec<String> = oracle
            .stdout
            .lines()
            .filter(|l| *l != config_directory)
            .map(str::to_string)
            .collect();
        let mut values = last_values(&case.doc.root.children);
        for name in unused_parameters(&oracle.stderr) {
            values.remove(&name);
        }
        let got = postconf_lines(&values);
        if got != want {
            let missing: Vec<_> = want.iter().filter(|l| !got.contains(l)).collect();
            let extra: Vec<_> = got.iter().filter(|l| !want.contains(l)).collect();
            mismatches.push(format!(
                "{} ({}):\n  postconf only {missing:#?}\n  art32 only    {extra:#?}",
                case.rel, oracle.tag
            ));
        }
        if !case.doc.diagnostics.is_empty() {
            mismatches.push(format!(
                "{}: postconf accepts it, art32 reports {:?}",
                case.rel, case.doc.diagnostics
            ));
        }
        files += 1;
        params += want.len();
    }
    report("main.cf/postconf -n", &mismatches);
    assert_eq!(files, 29, "main.cf files compared with postconf -n");
    assert_eq!(
        stock_master, 8,
        "of them, runs redone with the stock master.cf"
    );
    assert_eq!(params, 943, "parameters compared with postconf -n");
    assert_eq!(rejected, 3, "main.cf templates postconf rejects");
}

/// `postconf -d` of the oracle machine: the defaults, host-derived ones included.
fn defaults() -> HashMap<String, String> {
    let text = read_text(&Path::new(CORPUS).join("oracle/postfix/defaults-3.7.11.txt"));
    text.lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(" =")?;
            Some((name.to_string(), value.trim_start().to_string()))
        })
        .collect()
}

/// Stands for `$process_id`: postconf's own PID, different in every oracle run.
const PROCESS_ID: &str = "\u{1}";

/// Stands for a default `mynetworks` that postconf computed from other network settings
/// than those of `postconf -d`.
const OTHER_NETWORKS: &str = "\u{2}";

/// What the default `mynetworks` is computed from (`mynetworks.c`: the style, and the
/// addresses of the interfaces Postfix listens on for the protocols it uses).
const NETWORK_SETTINGS: &[&str] = &["mynetworks_style", "inet_interfaces", "inet_protocols"];

/// Whether `want` is `pattern` with a number where `pattern` has [`PROCESS_ID`].
fn matches_process_id(pattern: &str, want: &str) -> bool {
    let mut parts = pattern.split(PROCESS_ID);
    let Some(rest) = parts.next().and_then(|first| want.strip_prefix(first)) else {
        return false;
    };
    let mut rest = rest;
    for part in parts {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[digits..].strip_prefix(part) {
            Some(after) if digits > 0 => rest = after,
            _ => return false,
        }
    }
    rest.is_empty()
}

/// `postconf -x -n` against art32's values expanded with `expand`, looking names up as
/// postconf does: `config_directory` (set by `-c`), then `main.cf`, then the defaults.
///
/// What the defaults file cannot give, and how it is handled (host facts, not art32's):
/// - `process_id` is postconf's PID, another in each run: it is matched as any number.
/// - postconf computes the default `mynetworks` from [`NETWORK_SETTINGS`] and the machine's
///   interfaces (`mynetworks.c`), each network followed by a space. `postconf -d` printed
///   it for the default settings, without that last space; it gets the space back. Where a
///   file changes the settings (`inet_interfaces = loopback-only`) the defaults file has no
///   value: such lines are counted, not compared.
/// - Parameters in [`RAW_PARAMETERS`] are shown as written, as postconf shows them.
#[test]
fn main_cf_expands_like_postconf_x_n() {
    let defaults = defaults();
    assert!(defaults.len() > 1000, "defaults read: {}", defaults.len());
    let mut mismatches = Vec::new();
    let (mut files, mut params, mut expanded, mut other_networks, mut raw) = (0, 0, 0, 0, 0);
    for case in main_cases(&["x-n", "x-n.stock-master"]) {
        let Ok(oracle) = &case.oracle else {
            continue; // the rejected templates, checked against `-n`
        };
        let values = last_values(&case.doc.root.children);
        let base = |name: &str| -> Option<String> {
            if name == "config_directory" {
                return Some(ORACLE_CONFIG_DIRECTORY.to_string());
            }
            values.get(name).or_else(|| defaults.get(name)).cloned()
        };
        let default = |name: &str| defaults.get(name).cloned();
        let default_networks = NETWORK_SETTINGS.iter().all(|setting| {
            let value = format!("${setting}");
            expand(&value, &base) == expand(&value, &default)
        });
        let lookup = |name: &str| -> Option<String> {
            match name {
                "process_id" => Some(PROCESS_ID.to_string()),
                "mynetworks" if !values.contains_key(name) => Some(if default_networks {
                    format!("{} ", defaults.get(name)?)
                } else {
                    OTHER_NETWORKS.to_string()
                }),
                _ => base(name),
            }
        };
        let mut shown = values.clone();
        for name in unused_parameters(&oracle.stderr) {
            shown.remove(&name);
        }
        shown.insert(
            "config_directory".to_string(),
            ORACLE_CONFIG_DIRECTORY.to_string(),
        );
        let want: BTreeMap<&str, &str> = oracle
            .stdout
            .lines()
            .map(|l| (l.split_once(" =").map_or(l, |(name, _)| name), l))
            .collect();
        let names = |m: Vec<&str>| m.join(", ");
        if !shown.keys().map(String::as_str).eq(want.keys().copied()) {
            mismatches.push(format!(
                "{}: postconf shows [{}], art32 [{}]",
                case.rel,
                names(want.keys().copied().collect()),
                names(shown.keys().map(String::as_str).collect())
            ));
            continue;
        }
        for (name, value) in &shown {
            let x = if RAW_PARAMETERS.contains(&name.as_str()) {
                raw += 1;
                value.clone()
            } else {
                match try_expand(value, &lookup) {
                    Ok(x) => x,
                    Err(e) => {
                        mismatches.push(format!(
                            "{}: `{name} = {value}` does not expand: {}",
                            case.rel, e.message
                        ));
                        continue;
                    }
                }
            };
            if x != *value {
                expanded += 1;
            }
            let got = normalize(&format!("{name} = {x}"));
            let want = want.get(name.as_str()).copied().unwrap_or_default();
            let same = if got.contains(OTHER_NETWORKS) {
                other_networks += 1;
                true
            } else if got.contains(PROCESS_ID) {
                matches_process_id(&got, want)
            } else {
                got == want
            };
            if !same {
                mismatches.push(format!(
                    "{} ({}):\n  postconf {want}\n  art32    {got}",
                    case.rel, oracle.tag
                ));
            }
        }
        files += 1;
        params += want.len();
    }
    report("main.cf/postconf -x -n", &mismatches);
    assert_eq!(files, 29, "main.cf files compared with postconf -x -n");
    assert_eq!(params, 972, "parameters compared with postconf -x -n");
    assert_eq!(expanded, 57, "values that expansion changed");
    assert_eq!(raw, 4, "raw parameters shown as written");
    assert_eq!(
        other_networks, 1,
        "values with another default mynetworks, not compared"
    );
}

/// Tokens of a `postconf -M` line or a `master.cf` entry: whitespace-separated, except
/// inside `{…}`.
fn master_tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut level = 0usize;
    for c in line.chars() {
        match c {
            '{' => level += 1,
            '}' if level > 0 => level -= 1,
            ' ' | '\t' | '\r' | '\n' if level == 0 => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The text inside `{…}`, trimmed, for an argument that starts with `{` (extpar with
/// `EXTPAR_FLAG_STRIP`); anything else as it is.
fn unbrace(arg: &str) -> String {
    let Some(inner) = arg.strip_prefix('{') else {
        return arg.to_string();
    };
    let mut level = 1usize;
    let close = inner.char_indices().find_map(|(i, c)| {
        match c {
            '{' => level += 1,
            '}' => level -= 1,
            _ => {}
        }
        (level == 0).then_some(i)
    });
    close
        .map_or(inner, |i| &inner[..i])
        .trim_matches([' ', '\t', '\r', '\n', '\u{b}', '\u{c}'])
        .to_string()
}

/// `name = value` as `name=value`, the way postconf rewrites a braced `-o` value.
fn nameval(text: &str) -> String {
    let is_space = |c: char| c.is_ascii_whitespace() || c == '\u{b}';
    let Some(end) = text.find(|c: char| is_space(c) || c == '=') else {
        return text.to_string();
    };
    let rest = text[end..].trim_start_matches(is_space);
    match rest.strip_prefix('=') {
        Some(value) if end > 0 => format!("{}={}", &text[..end], value.trim_matches(is_space)),
        _ => text.to_string(),
    }
}

/// Command arguments as written, rewritten the way `postconf -M` shows them: `-oname=value`
/// as `-o` `name=value`, braces around `-o` values and other arguments taken off, and
/// `-o { name = value }` as `name=value`.
fn postconf_arguments(arguments: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut options = true;
    let mut i = 0;
    while let Some(arg) = arguments.get(i) {
        i += 1;
        if options && arg.starts_with('-') && arg != "--" && arg != "-" {
            let Some(o) = arg[1..].find('o').map(|p| p + 1) else {
                out.push(arg.clone());
                continue;
            };
            if o > 1 {
                out.push(arg[..o].to_string());
            }
            out.push("-o".to_string());
            let value = if o + 1 < arg.len() {
                arg[o + 1..].to_string()
            } else if let Some(next) = arguments.get(i) {
                i += 1;
                next.clone()
            } else {
                break;
            };
            out.push(if value.starts_with('{') {
                nameval(&unbrace(&value))
            } else {
                value
            });
        } else {
            options = false;
            out.push(unbrace(arg));
        }
    }
    out
}

/// A `postconf -M` line: the 8 columns as printed, and the arguments with the braces that
/// postconf puts around text with whitespace taken off.
fn postconf_service(line: &str) -> (Vec<String>, Vec<String>) {
    let tokens = master_tokens(line);
    let split = tokens.len().min(8);
    let arguments = tokens[split..]
        .iter()
        .map(|t| {
            if t.starts_with('{') && t.ends_with('}') {
                unbrace(t)
            } else {
                t.clone()
            }
        })
        .collect();
    (tokens[..split].to_vec(), arguments)
}

/// Where postconf says a `master.cf` went wrong: `line N: bad field count`, or the entry
/// of an `invalid <field> field "X" in "<entry>"`. The line of the entry, and the text the
/// art32 error must mention.
fn master_failure(stderr: &str, text: &str) -> Option<(usize, String)> {
    let fatal = stderr.lines().find(|l| l.contains("fatal: "))?;
    if let Some(rest) = fatal.split("master.cf: line ").nth(1) {
        let (line, message) = rest.split_once(": ")?;
        return Some((line.parse().ok()?, message.to_string()));
    }
    let rest = fatal.split("fatal: invalid ").nth(1)?;
    let (_, rest) = rest.split_once(" field \"")?;
    let (value, rest) = rest.split_once("\" in \"")?;
    let entry: Vec<&str> = rest.split_whitespace().take(8).collect();
    let line = text
        .lines()
        .position(|l| l.split_whitespace().take(8).eq(entry.iter().copied()))?;
    Some((line + 1, format!("`{value}`")))
}

#[test]
fn master_cf_matches_postconf_m_and_p() {
    let base = Path::new(CORPUS).join("postfix");
    let mut mismatches = Vec::new();
    let (mut files, mut services, mut overrides, mut rejected, mut empty_main) = (0, 0, 0, 0, 0);
    for path in files_under(&base) {
        let rel = relative(&path, &base);
        if !is_master(file_name(&rel)) {
            continue;
        }
        let Some(m) = pick(&rel, &["M", "M.empty-main"]) else {
            mismatches.push(format!("{rel}: no -M oracle"));
            continue;
        };
        let text = read_text(&path);
        let doc = postfix::parse_master(FileId(0), &text);
        let oracle = match m {
            Ok(run) => run,
            Err(failed) => {
                let first = doc.diagnostics.first();
                match master_failure(&failed.stderr, &text) {
                    Some((line, mention))
                        if first.is_some_and(|d| {
                            line_of(&text, d.span.start) == line && d.message.contains(&mention)
                        }) =>
                    {
                        rejected += 1;
                    }
                    expected => mismatches.push(format!(
                        "{rel}: postconf fails with {expected:?}, art32 reports {:?}",
                        doc.diagnostics
                    )),
                }
                continue;
            }
        };
        if oracle.tag != "M" {
            empty_main += 1;
        }
        if !doc.diagnostics.is_empty() {
            mismatches.push(format!(
                "{rel}: postconf accepts it, art32 reports {:?}",
                doc.diagnostics
            ));
        }

        let want: Vec<(Vec<String>, Vec<String>)> =
            oracle.stdout.lines().map(postconf_service).collect();
        let got: Vec<(Vec<String>, Vec<String>)> = doc
            .root
            .children
            .iter()
            .map(|s| {
                let columns = MASTER_COLUMNS.iter().map(|c| text_field(s, c)).collect();
                (columns, postconf_arguments(&list_field(s, "arguments")))
            })
            .collect();
        if want.len() != got.len() {
            mismatches.push(format!(
                "{rel}: postconf -M shows {} services, art32 {}",
                want.len(),
                got.len()
            ));
        }
        for (w, g) in want.iter().zip(&got) {
            if w != g {
                mismatches.push(format!("{rel}:\n  postconf {w:?}\n  art32    {g:?}"));
            }
        }

        let p_tag = oracle.tag.replacen('M', "P", 1);
        let Some(p) = run(&rel, &p_tag).filter(|r| r.status == 0) else {
            mismatches.push(format!("{rel}: no successful -{p_tag} run"));
            continue;
        };
        let want: Vec<&str> = p.stdout.lines().collect();
        let got: Vec<String> = doc
            .root
            .children
            .iter()
            .flat_map(|s| {
                let key = text_field(s, "service-key");
                last_values(&s.children)
                    .into_iter()
                    .map(move |(name, value)| normalize(&format!("{key}/{name} = {value}")))
            })
            .collect();
        if want != got {
            mismatches.push(format!(
                "{rel} (-{p_tag}):\n  postconf {want:#?}\n  art32    {got:#?}"
            ));
        }
        files += 1;
        services += doc.root.children.len();
        overrides += want.len();
    }
    report("master.cf/postconf -M -P", &mismatches);
    assert_eq!(
        files, 17,
        "master.cf files compared with postconf -M and -P"
    );
    assert_eq!(empty_main, 1, "of them, runs redone with an empty main.cf");
    assert_eq!(services, 468, "services compared with postconf -M");
    assert_eq!(overrides, 245, "-o overrides compared with postconf -P");
    assert_eq!(rejected, 5, "master.cf files postconf rejects");
}

#[test]
fn expansion_splits_like_the_items() {
    // The link stage splits expanded values with `split_list`; on values without `$` that
    // must give what `items` holds.
    let base = Path::new(CORPUS).join("postfix");
    let mut mismatches = Vec::new();
    let mut values = 0;
    for path in files_under(&base) {
        let rel = relative(&path, &base);
        if !is_main(file_name(&rel)) {
            continue;
        }
        let doc = postfix::parse_main(FileId(0), &read_text(&path));
        for p in &doc.root.children {
            let value = text_field(p, "value");
            let split: Vec<&str> = split_list(&value)
                .into_iter()
                .map(|(s, e)| &value[s..e])
                .collect();
            if split != list_field(p, "items") {
                mismatches.push(format!("{rel}: `{}` splits differently", p.name.value));
            }
            values += 1;
        }
    }
    report("split_list", &mismatches);
    assert!(values > 1000, "values split: {values}");
}

fn check_node(node: &Node, doc: &Document, text: &str, out: &mut Vec<String>) {
    check_span(node.kind, node.span, doc, text, out);
    check_span("name", node.name.span, doc, text, out);
    for (name, field) in &node.fields {
        check_span(name, field.span, doc, text, out);
        if let Value::List(items) = &field.value {
            for item in items {
                check_span(name, item.span, doc, text, out);
            }
        }
    }
    for child in &node.children {
        check_node(child, doc, text, out);
    }
}

#[test]
fn every_postfix_file_parses_with_valid_spans() {
    let base = Path::new(CORPUS).join("postfix");
    let mut inputs: Vec<(String, String)> = files_under(&base)
        .into_iter()
        .map(|path| (relative(&path, &base), read_text(&path)))
        .collect();
    assert!(inputs.len() > 100, "postfix corpus files: {}", inputs.len());
    let odd = [
        "\u{feff}",
        "\u{feff}  x = 1\n",
        "\0\0\0",
        "\r\r\n\r",
        "=",
        "\u{fffd} = \u{fffd},\u{fffd}\n \u{fffd}{\u{fffd}",
        "é=é\n\té\n#é\n é ü -o é=é",
        "a b c d e f g h -o {é=ü} -oé -o{ -o",
        "a b c d e f g h i {{{{ }}}} }",
    ];
    inputs.extend(odd.iter().map(|t| (format!("{t:?}"), t.to_string())));
    let huge = format!(
        "a = {}\n{}",
        "x, {y z} ".repeat(100_000),
        "smtp inet n - y - - smtpd -o a=1 ".repeat(10_000)
    );
    inputs.push(("huge".to_string(), huge));

    let mut problems = Vec::new();
    for (i, (what, text)) in inputs.iter().enumerate() {
        let file = FileId(u32::try_from(i).unwrap_or(u32::MAX));
        let name = file_name(what);
        if !is_master(name) {
            let doc = postfix::parse_main(file, text);
            check_document(
                &format!("main {what}"),
                &doc,
                text,
                check_node,
                &mut problems,
            );
        }
        if !is_main(name) {
            let doc = postfix::parse_master(file, text);
            check_document(
                &format!("master {what}"),
                &doc,
                text,
                check_node,
                &mut problems,
            );
        }
    }
    report("span", &problems);
}

/// What postconf said about one file of its own: accepted, or refused (at a line of it).
#[derive(Debug, PartialEq)]
enum Verdict {
    Accepted,
    Refused(Option<usize>),
}

/// postconf's verdict on the file itself: a `main.cf` whose run (with its `master.cf`, or
/// else the stock one) stops at a line of it; a `master.cf` whose run (with its `main.cf`,
/// or else an empty one) stops at an entry of it. `None`: no oracle for the file.
fn postconf_verdict(rel: &str, text: &str) -> Option<Verdict> {
    let name = file_name(rel);
    let run = if is_main(name) {
        pick(rel, &["n", "n.stock-master"])?
    } else if is_master(name) {
        pick(rel, &["M", "M.empty-main"])?
    } else {
        return None;
    };
    Some(match run {
        Ok(_) => Verdict::Accepted,
        Err(failed) if is_main(name) => Verdict::Refused(main_cf_error_line(&failed.stderr)),
        Err(failed) => Verdict::Refused(master_failure(&failed.stderr, text).map(|(l, _)| l)),
    })
}

/// `parse-error` means invalid for Postfix. The corpus linted as one repository, as a
/// user would (`art32 lint corpus/postfix`): a `parse-error` finding is on a file postconf
/// refuses, the first on the line postconf names (postconf stops there; art32 goes on and
/// may report later lines too), and every file art32 reads as Postfix that postconf
/// refuses has one. Left out, with the reason:
/// - Templates (`{{ … }}`/`{% … %}` markup): postconf refuses them, but they are not
///   Postfix's syntax gone wrong; art32 skips each with one `skipped-file` note.
/// - Bytes that are not UTF-8 are no finding at all: postconf passes them through.
/// - What postconf only warns about (a `$` expansion that fails in a parameter nothing
///   uses, the expansion budget) is a `not-checked` note, not a parse error: checked by
///   the fixtures `parse-error/fail/postfix` and `not-checked/fail/postfix-unused`.
#[test]
fn parse_errors_only_where_postconf_refuses() {
    let root = Path::new(CORPUS).join("postfix");
    let setup = Setup::new(&Target {
        paths: vec![root.clone()],
        config: None,
    })
    .expect("setup");
    let linted = lint::run(&setup, "2026-11-26".parse().expect("date")).expect("lint");
    let mut reported: BTreeMap<String, usize> = BTreeMap::new();
    // Templates (Jinja in Mailu, Go templates in hardware-mailserver) are refused by
    // postconf but are not Postfix's syntax: art32 skips each with one note instead.
    let templates: BTreeSet<String> = linted
        .findings
        .iter()
        .filter(|f| f.rule == "skipped-file" && f.message.contains("template"))
        .map(|f| linted.sources.get(f.primary.span.file).path.clone())
        .collect();
    for f in linted.findings.iter().filter(|f| f.rule == "parse-error") {
        let file = linted.sources.get(f.primary.span.file);
        let line = file.line_col(f.primary.span.start).line;
        let first = reported.entry(file.path.clone()).or_insert(line);
        *first = (*first).min(line);
    }
    let mut mismatches = Vec::new();
    let (mut files, mut refused, mut templated) = (0, 0, 0);
    for (_, file) in linted.sources.iter() {
        if templates.contains(&file.path) {
            let text = fs::read_to_string(root.join(&file.path)).unwrap_or_default();
            match postconf_verdict(&file.path, &text) {
                Some(Verdict::Refused(_)) if !reported.contains_key(&file.path) => templated += 1,
                verdict => mismatches.push(format!(
                    "{}: a template (postconf {verdict:?}) with a parse-error or accepted",
                    file.path
                )),
            }
            continue;
        }
        let Some(verdict) = postconf_verdict(&file.path, &file.text) else {
            if let Some(line) = reported.get(&file.path) {
                mismatches.push(format!(
                    "{}:{line}: parse-error on a file postconf has no verdict on",
                    file.path
                ));
            }
            continue;
        };
        files += 1;
        match (verdict, reported.get(&file.path)) {
            (Verdict::Accepted, None) => {}
            (Verdict::Refused(Some(want)), Some(&got)) if want == got => refused += 1,
            (verdict, got) => mismatches.push(format!(
                "{}: postconf {verdict:?}, art32's first parse-error at line {got:?}",
                file.path
            )),
        }
    }
    report("parse-error/postconf", &mismatches);
    assert_eq!(files, 32, "main.cf and master.cf files read as Postfix");
    assert_eq!(refused, 1, "of them, files postconf refuses");
    assert_eq!(
        templated, 3,
        "templates postconf refuses, skipped with a note"
    );
}

/// `$mydomain` and `$myhostname` in the linked configuration, against `postconf -c DIR -x
/// smtpd_tls_cert_file` of Postfix 3.7.11 (run on these `main.cf` texts, with a stock
/// `master.cf` beside them): `mydomain` is `myhostname` minus its first label, or
/// `localdomain` when it has no dot. Without `myhostname` both come from the machine's
/// host name, which the repository does not hold: the value is unknown (no `args`).
#[test]
fn mydomain_expands_like_postconf_x() {
    use art32::source::{SourceFile, SourceMap};
    let cases: &[(&str, Option<&str>)] = &[
        (
            "myhostname = mail.example.org\nsmtpd_tls_cert_file = /etc/ssl/$mydomain.pem\n",
            Some("/etc/ssl/example.org.pem"),
        ),
        (
            "myhostname = mail\nsmtpd_tls_cert_file = /etc/ssl/$mydomain.pem\n",
            Some("/etc/ssl/localdomain.pem"),
        ),
        (
            "myhostname = a.b.c.d\nsmtpd_tls_cert_file = ${mydomain}/$myhostname\n",
            Some("b.c.d/a.b.c.d"),
        ),
        (
            "myhostname = $mydomain\nsmtpd_tls_cert_file = $mydomain\n",
            Some("localdomain"),
        ),
        (
            "myhostname = mx.$relay_domain\nrelay_domain = example.net\nsmtpd_tls_cert_file = /etc/ssl/$(mydomain).pem\n",
            Some("/etc/ssl/example.net.pem"),
        ),
        // postconf prints the oracle machine's name here (`vm.b.org`).
        (
            "mydomain = b.org\nsmtpd_tls_cert_file = $myhostname\n",
            None,
        ),
        ("smtpd_tls_cert_file = /etc/ssl/$mydomain.pem\n", None),
    ];
    let defaults = art32::formats::defaults(&BTreeMap::new());
    let mut mismatches = Vec::new();
    for (text, want) in cases {
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("etc/postfix/main.cf", *text));
        let doc = postfix::parse_main(file, text);
        let linked = art32::formats::postfix::link::link(vec![doc], &sources, &defaults);
        let Some(param) = linked.first().and_then(|d| {
            d.root
                .children
                .iter()
                .rfind(|c| c.name.value == "smtpd_tls_cert_file")
        }) else {
            mismatches.push(format!("{text:?}: no smtpd_tls_cert_file"));
            continue;
        };
        let unknown = param.field("unknown").is_some();
        let got = (!unknown).then(|| {
            param
                .args
                .iter()
                .map(|a| a.value.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        });
        if got.as_deref() != *want {
            mismatches.push(format!("{text:?}: postconf {want:?}, art32 {got:?}"));
        }
    }
    report("$mydomain/postconf -x", &mismatches);
}
