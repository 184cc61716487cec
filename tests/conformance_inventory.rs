//! The inventory parsers and the inventory link against `ansible-inventory --list` of
//! ansible-core 2.19.14, on the shared corpus.
//!
//! Oracles (see `../shared/corpus/oracle/README.md`, inventory section): every inventory file
//! was run as `ansible-inventory -i FILE --list`, and every directory with a `group_vars/` or
//! `host_vars/` as `ansible-inventory -i DIR --list` (`<dir>.dir.*`). A file run reads the
//! file and the vars files beside it; a directory run reads every file in it that Ansible
//! takes for an inventory source ([`ansible_sources`]) and the directory's vars files. Each
//! case here reads exactly those files with art32's parsers, links them, and compares the
//! hosts, each host's groups (from the oracle's group tree) and each host's effective
//! variables (`_meta.hostvars`). All mismatches are collected and reported together.
//!
//! Where Ansible could not read a source (`Unable to parse … as an inventory source`, or a
//! failed run), art32 must report a parse error in it. Such a source is left out of a
//! directory's comparison: Ansible keeps what a failing plugin added before it failed, art32
//! does not replay half a file.
//!
//! What `ansible-inventory` prints that is not what the files say, and how it is compared
//! (facts of Ansible's serialisation, not differences in art32):
//! - Floats are JSON numbers; art32 holds them as text (Python's `repr`): compared as numbers.
//! - `null` is JSON `null`; art32 holds it as the empty text.
//! - Dates are written as ISO text (`isoformat()`), as art32 holds them.
//! - Mappings and nested lists are JSON; art32 holds them as compact JSON text: compared as
//!   parsed JSON. List items are compared by their text.
//! - `!unsafe` values are printed as `{"__ansible_unsafe": value}`; art32 holds the value.
//! - Inventory plugin configurations (`plugin: constructed`) are no inventories art32 reads:
//!   linking gives a `not-checked` note for each (no parse error), and Ansible's output for
//!   them has no hosts. The `aws_ec2` configuration fails in the oracle only because the
//!   `amazon.aws` collection was not installed (`specifies unknown plugin`): not a problem
//!   of the file, so no parse error either.
//!
//! Directory runs (`ansible-inventory -i DIR`) go through [`inventory::link`], which merges
//! the sources of one directory into one inventory, when all of the directory's sources are
//! directly in it (art32's inventory of a source is its own directory); Ansible also reads
//! the sources of subdirectories, which art32 links as inventories of their own: those runs
//! are compared with the sources replayed in Ansible's order ([`inventory::effective`]).
//!
//! Deliberate differences (see [`DEVIATIONS`]): art32 does not read TOML inventories (their
//! hosts are left out of the comparison); it reads a YAML inventory whatever the file is
//! called; and it reads a path with commas in it as any other path.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use art32::formats::inventory::{self, VarsFile};
use art32::model::{Document, FileKind, Node, Value};
use art32::source::{FileId, SourceFile, SourceMap, Span};
use serde_json::Value as Json;

mod support;
use support::conformance::{CORPUS, read_text, relative, report};

/// Sources Ansible fails on that art32 reads, and why.
const DEVIATIONS: &[(&str, &str)] = &[
    (
        "AnixOps-ansible/inventory/hosts.yml.example",
        "a YAML inventory named `.example`: Ansible's yaml plugin only takes files without an \
         extension or with a YAML one, and its ini plugin fails on `---`; art32 reads YAML \
         whatever the file is called",
    ),
    (
        "ansible/test/integration/targets/path_with_comma_in_inventory/this,path,has,commas/hosts",
        "ansible-core 2.19 fails on a relative `-i` path with commas in it (`The src field \
         must be an absolute path`), a quirk of how it was invoked, not of the file",
    ),
];

/// Inventory files art32 does not read: TOML inventories (Ansible's `toml` plugin).
fn is_toml(path: &str) -> bool {
    path.ends_with(".toml")
}

/// The files below `dir`, sorted; none for a directory that is not there (an inventory
/// without `group_vars/`), which `support::conformance::files_under` refuses.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The files Ansible takes for inventory sources in a directory (`InventoryManager
/// .parse_source`): entries sorted by name, recursively, skipping hidden names,
/// `group_vars`, `host_vars`, `vars_plugins` and the extensions of `INVENTORY_IGNORE_EXTS`.
fn ansible_sources(dir: &Path) -> Vec<PathBuf> {
    const IGNORED_EXTENSIONS: [&str; 12] = [
        ".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".cfg",
        ".retry",
    ];
    let mut names: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    let mut out = Vec::new();
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.')
            || matches!(name.as_str(), "host_vars" | "group_vars" | "vars_plugins")
            || IGNORED_EXTENSIONS.iter().any(|e| name.ends_with(e))
        {
            continue;
        }
        if path.is_dir() {
            out.extend(ansible_sources(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The parser art32 uses for an inventory source, by the name Ansible's plugins go by.
fn parse_source(rel: &str, file: FileId, text: &str) -> Document {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name.ends_with(".csv") {
        inventory::parse_csv(file, text)
    } else if name.ends_with(".yml") || name.ends_with(".yaml") || name.ends_with(".json") {
        inventory::parse_yaml(file, text)
    } else {
        inventory::parse_ini(file, text)
    }
}

/// One oracle run.
struct Case {
    /// The input, relative to `corpus/inventory`.
    rel: String,
    dir: bool,
    /// The JSON, or `None` where the run failed.
    json: Option<Json>,
    stderr: String,
}

fn cases() -> Vec<Case> {
    let base = Path::new(CORPUS).join("oracle/inventory");
    let mut out = Vec::new();
    for path in files_under(&base) {
        let rel = relative(&path, &base);
        let (input, failed) = if let Some(r) = rel.strip_suffix(".ansible-inventory.json") {
            (r, false)
        } else if let Some(r) = rel.strip_suffix(".ansible-inventory.json.err") {
            (r, true)
        } else {
            continue;
        };
        let (input, dir) = match input.strip_suffix(".dir") {
            Some(d) => (d, true),
            None => (input, false),
        };
        let stderr_path = if failed {
            path.clone()
        } else {
            PathBuf::from(format!("{}.stderr.txt", path.display()))
        };
        let stderr = if stderr_path.exists() {
            read_text(&stderr_path)
        } else {
            String::new()
        };
        let json = if failed {
            None
        } else {
            Some(serde_json::from_str(&read_text(&path)).unwrap_or_else(|e| panic!("{rel}: {e}")))
        };
        out.push(Case {
            rel: input.to_string(),
            dir,
            json,
            stderr,
        });
    }
    out
}

/// The sources Ansible could not parse, relative to `corpus/inventory`.
fn unparsed(stderr: &str) -> BTreeSet<String> {
    stderr
        .lines()
        .filter_map(|l| l.split("Unable to parse ").nth(1))
        .filter_map(|rest| rest.split(" as an inventory source").next())
        .map(|p| match p.split_once("/corpus/inventory/") {
            Some((_, rel)) => rel.to_string(),
            None => p.to_string(),
        })
        .collect()
}

/// The hosts of an `ansible-inventory --list` output, each with its groups.
fn oracle_groups(json: &Json) -> BTreeMap<String, BTreeSet<String>> {
    let Some(map) = json.as_object() else {
        return BTreeMap::new();
    };
    let direct = |g: &str| -> Vec<String> {
        map.get(g)
            .and_then(|v| v.get("hosts"))
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|h| h.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let children = |g: &str| -> Vec<String> {
        map.get(g)
            .and_then(|v| v.get("children"))
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|h| h.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut groups: BTreeSet<String> = map.keys().filter(|k| *k != "_meta").cloned().collect();
    for g in groups.clone() {
        groups.extend(children(&g));
    }
    for g in &groups {
        let mut seen = BTreeSet::new();
        let mut todo = vec![g.clone()];
        while let Some(x) = todo.pop() {
            if !seen.insert(x.clone()) {
                continue;
            }
            for h in direct(&x) {
                out.entry(h).or_default().insert(g.clone());
            }
            todo.extend(children(&x));
        }
    }
    if let Some(hostvars) = json
        .get("_meta")
        .and_then(|m| m.get("hostvars"))
        .and_then(Json::as_object)
    {
        for h in hostvars.keys() {
            out.entry(h.clone()).or_default();
        }
    }
    for groups in out.values_mut() {
        groups.insert("all".to_string());
    }
    out
}

fn python_float(text: &str) -> Option<f64> {
    match text {
        "inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        _ => text.parse().ok(),
    }
}

/// A scalar of the oracle as art32 writes list items.
fn item_matches(item: &str, oracle: &Json) -> bool {
    match oracle {
        Json::String(s) => item == s,
        Json::Bool(b) => item == b.to_string(),
        Json::Null => item.is_empty(),
        Json::Number(n) if n.is_f64() => python_float(item).is_some_and(|f| Some(f) == n.as_f64()),
        Json::Number(n) => item == n.to_string(),
        _ => false,
    }
}

/// Whether art32's value is the value `ansible-inventory` printed.
fn same(value: &Value, oracle: &Json) -> bool {
    // `!unsafe` values are printed wrapped; art32 holds the value.
    if let Some(inner) = oracle
        .get("__ansible_unsafe")
        .filter(|_| oracle.as_object().is_some_and(|o| o.len() == 1))
    {
        return same(value, inner);
    }
    match (value, oracle) {
        (Value::Int(i), Json::Number(n)) => n.as_i64() == Some(*i),
        (Value::Bool(b), Json::Bool(o)) => b == o,
        (Value::List(items), Json::Array(o)) => {
            items.len() == o.len() && items.iter().zip(o).all(|(i, o)| item_matches(&i.value, o))
        }
        (Value::Str(s), Json::String(o)) => s == o,
        (Value::Str(s), Json::Null) => s.is_empty(),
        (Value::Str(s), Json::Number(n)) if n.is_f64() => {
            python_float(s).is_some_and(|f| Some(f) == n.as_f64())
        }
        (Value::Str(s), Json::Number(n)) => *s == n.to_string(),
        (Value::Str(s) | Value::Opaque(s), Json::Array(_) | Json::Object(_)) => {
            serde_json::from_str::<Json>(s).is_ok_and(|parsed| parsed == *oracle)
        }
        _ => false,
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| format!("{:?}", i.value))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => format!("{other:?}"),
    }
}

/// Whether art32 reports a parse error: what Ansible only warns about and reads past
/// (a skipped key, a duplicate key) is a `not-checked` note, no error.
fn has_error(doc: &Document) -> bool {
    doc.diagnostics.iter().any(|d| d.is_error())
}

/// Diagnostics on a source Ansible read: only the problems Ansible warns about and reads
/// past may be there, and only where it warned.
fn unexpected_diagnostics(doc: &Document, stderr: &str) -> Vec<String> {
    doc.diagnostics
        .iter()
        .filter(|d| {
            let warned = (d.message.contains("ansible skips it") && stderr.contains("Skipping"))
                || (d.message.contains("duplicate key")
                    && stderr.contains("duplicate mapping key"));
            !warned || d.is_error()
        })
        .map(|d| d.message.clone())
        .collect()
}

/// Counts of what was compared.
#[derive(Default, Debug)]
struct Counts {
    files: usize,
    dirs: usize,
    hosts: usize,
    memberships: usize,
    values: usize,
    rejected: usize,
    failed_runs: usize,
    toml_hosts: usize,
    plugin_configs: usize,
    /// Directory runs compared with the one inventory `link` makes of the directory.
    merged_dirs: usize,
    /// Of those, directories with more than one source.
    multi_source_dirs: usize,
    deviations: usize,
}

fn compare_hosts(
    what: &str,
    hosts: &[Node],
    json: &Json,
    skip_hosts: &BTreeSet<String>,
    counts: &mut Counts,
    mismatches: &mut Vec<String>,
) {
    let want = oracle_groups(json);
    let empty = serde_json::Map::new();
    let hostvars = json
        .get("_meta")
        .and_then(|m| m.get("hostvars"))
        .and_then(Json::as_object)
        .unwrap_or(&empty);
    let got: BTreeMap<&str, &Node> = hosts.iter().map(|h| (h.name.value.as_str(), h)).collect();
    let want_names: BTreeSet<&str> = want
        .keys()
        .map(String::as_str)
        .filter(|h| !skip_hosts.contains(*h))
        .collect();
    let got_names: BTreeSet<&str> = got.keys().copied().collect();
    if want_names != got_names {
        mismatches.push(format!(
            "{what}: hosts differ\n  ansible only {:?}\n  art32 only   {:?}",
            want_names.difference(&got_names).collect::<Vec<_>>(),
            got_names.difference(&want_names).collect::<Vec<_>>()
        ));
    }
    for name in want_names.intersection(&got_names) {
        let node = got[name];
        counts.hosts += 1;
        let groups: BTreeSet<String> = match node.field("groups").map(|f| &f.value) {
            Some(Value::List(items)) => items.iter().map(|i| i.value.clone()).collect(),
            _ => BTreeSet::new(),
        };
        let want_groups = &want[*name];
        if &groups != want_groups {
            mismatches.push(format!(
                "{what}: host `{name}` groups\n  ansible {want_groups:?}\n  art32   {groups:?}"
            ));
        }
        counts.memberships += want_groups.len();
        let want_vars = hostvars
            .get(*name)
            .and_then(Json::as_object)
            .unwrap_or(&empty);
        let got_vars: BTreeMap<&str, &Value> = node
            .fields
            .iter()
            .filter(|(k, _)| k.as_str() != "groups")
            .map(|(k, v)| (k.as_str(), &v.value))
            .collect();
        let want_keys: BTreeSet<&str> = want_vars.keys().map(String::as_str).collect();
        let got_keys: BTreeSet<&str> = got_vars.keys().copied().collect();
        if want_keys != got_keys {
            mismatches.push(format!(
                "{what}: host `{name}` variables differ\n  ansible only {:?}\n  art32 only   {:?}",
                want_keys.difference(&got_keys).collect::<Vec<_>>(),
                got_keys.difference(&want_keys).collect::<Vec<_>>()
            ));
        }
        for key in want_keys.intersection(&got_keys) {
            counts.values += 1;
            let (value, oracle) = (got_vars[key], &want_vars[*key]);
            if !same(value, oracle) {
                mismatches.push(format!(
                    "{what}: host `{name}` `{key}`\n  ansible {oracle}\n  art32   {}",
                    text_of(value)
                ));
            }
        }
    }
}

/// The vars files of an inventory directory, parsed.
fn vars_files(dir: &Path, base: &Path, sources: &mut SourceMap) -> Vec<(String, Document)> {
    let mut out = Vec::new();
    for sub in ["group_vars", "host_vars"] {
        for path in files_under(&dir.join(sub)) {
            let rel = relative(&path, dir);
            let text = read_text(&path);
            let id = sources.add(SourceFile::new(relative(&path, base), text.as_str()));
            out.push((rel, inventory::parse_vars(id, &text)));
        }
    }
    out
}

#[test]
fn inventories_match_ansible_inventory_list() {
    let base = Path::new(CORPUS).join("inventory");
    let deviations: BTreeMap<&str, &str> = DEVIATIONS.iter().copied().collect();
    let mut counts = Counts::default();
    let mut mismatches = Vec::new();
    // The hosts of each TOML inventory, which art32 does not read.
    let mut toml_hosts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let all = cases();
    for case in all.iter().filter(|c| !c.dir && is_toml(&c.rel)) {
        if let Some(json) = &case.json {
            toml_hosts.insert(case.rel.clone(), oracle_groups(json).into_keys().collect());
        }
    }
    for case in &all {
        let input = base.join(&case.rel);
        let dir = if case.dir {
            input.clone()
        } else {
            input
                .parent()
                .expect("a file has a directory")
                .to_path_buf()
        };
        let source_paths = if case.dir {
            ansible_sources(&input)
        } else {
            vec![input.clone()]
        };
        let failing = unparsed(&case.stderr);
        let mut sources = SourceMap::default();
        let mut docs: Vec<(String, Document)> = Vec::new();
        let mut skip_hosts: BTreeSet<String> = BTreeSet::new();
        for path in &source_paths {
            let rel = relative(path, &base);
            if is_toml(&rel) {
                let hosts = toml_hosts.get(&rel).cloned().unwrap_or_default();
                counts.toml_hosts += hosts.len();
                skip_hosts.extend(hosts);
                continue;
            }
            let text = read_text(path);
            let id = sources.add(SourceFile::new(rel.as_str(), text.as_str()));
            docs.push((rel.clone(), parse_source(&rel, id, &text)));
        }
        let vars = vars_files(&dir, &base, &mut sources);

        // Sources Ansible could not read: art32 reports them.
        let mut read: Vec<&Document> = Vec::new();
        for (rel, doc) in &docs {
            let plugin = doc.root.children.iter().any(|c| c.kind == "plugin");
            if plugin {
                counts.plugin_configs += 1;
            }
            // Ansible without the plugin's collection cannot load it: no fault of the file.
            if failing.contains(rel) && plugin && case.stderr.contains("specifies unknown plugin") {
                assert!(
                    !has_error(doc),
                    "{rel}: a plugin configuration, reported as an error"
                );
                continue;
            }
            if failing.contains(rel) {
                if let Some(why) = deviations.get(rel.as_str()) {
                    assert!(
                        !has_error(doc),
                        "{rel}: a deviation ({why}), but art32 reports it"
                    );
                    counts.deviations += 1;
                } else if has_error(doc) {
                    counts.rejected += 1;
                } else {
                    mismatches.push(format!(
                        "{}: ansible cannot parse `{rel}`, art32 reports nothing",
                        case.rel
                    ));
                }
                continue;
            }
            let unexpected = unexpected_diagnostics(doc, &case.stderr);
            if !unexpected.is_empty() && case.json.is_some() {
                mismatches.push(format!(
                    "{}: ansible reads `{rel}`, art32 reports {unexpected:?}",
                    case.rel
                ));
            }
            read.push(doc);
        }
        let Some(json) = &case.json else {
            // The run failed as a whole (a vault-encrypted vars file): art32 must say so
            // somewhere in what it read.
            let any = docs
                .iter()
                .map(|(_, d)| d)
                .chain(vars.iter().map(|(_, d)| d));
            if any.clone().any(has_error) {
                counts.failed_runs += 1;
            } else {
                mismatches.push(format!(
                    "{}: ansible-inventory failed, art32 reports nothing",
                    case.rel
                ));
            }
            continue;
        };
        if !case.dir && !failing.is_empty() {
            continue;
        }
        let files: Vec<VarsFile<'_>> = vars
            .iter()
            .map(|(path, doc)| VarsFile { path, doc })
            .collect();
        let direct = source_paths
            .iter()
            .all(|p| p.parent() == Some(input.as_path()));
        let hosts = if case.dir && (!direct || read.is_empty()) {
            counts.dirs += 1;
            inventory::effective(&read, &files)
        } else if case.dir {
            counts.dirs += 1;
            counts.merged_dirs += 1;
            if read.len() > 1 {
                counts.multi_source_dirs += 1;
            }
            let mut all_docs: Vec<&Document> = read.clone();
            all_docs.extend(vars.iter().map(|(_, d)| d));
            let linked = inventory::link(&all_docs, &sources);
            let [doc] = linked.as_slice() else {
                mismatches.push(format!(
                    "{}/: link made {} inventories of the directory, not one",
                    case.rel,
                    linked.len()
                ));
                continue;
            };
            // Each plugin configuration of the directory has its note.
            let plugins = read
                .iter()
                .flat_map(|d| &d.root.children)
                .filter(|c| c.kind == "plugin")
                .count();
            let notes = doc
                .diagnostics
                .iter()
                .filter(|d| d.rule == "not-checked")
                .count();
            if notes != plugins {
                mismatches.push(format!(
                    "{}/: {plugins} plugin configurations, {notes} not-checked notes",
                    case.rel
                ));
            }
            doc.root.children.clone()
        } else {
            counts.files += 1;
            let mut all_docs: Vec<&Document> = read.clone();
            all_docs.extend(vars.iter().map(|(_, d)| d));
            let linked = inventory::link(&all_docs, &sources);
            match linked.as_slice() {
                [doc] => doc.root.children.clone(),
                [] if read.is_empty() => Vec::new(),
                other => {
                    mismatches.push(format!(
                        "{}: link made {} documents, not one",
                        case.rel,
                        other.len()
                    ));
                    continue;
                }
            }
        };
        let what = if case.dir {
            format!("{}/ (directory)", case.rel)
        } else {
            case.rel.clone()
        };
        compare_hosts(
            &what,
            &hosts,
            json,
            &skip_hosts,
            &mut counts,
            &mut mismatches,
        );
    }
    eprintln!("{counts:?}");
    report("ansible-inventory --list", &mismatches);
    assert_eq!(counts.files, 183, "inventory files compared");
    assert_eq!(counts.dirs, 79, "inventory directories compared");
    assert_eq!(counts.hosts, 927, "hosts compared");
    assert_eq!(counts.memberships, 2758, "group memberships compared");
    assert_eq!(counts.values, 10772, "host variables compared");
    assert_eq!(counts.merged_dirs, 55, "directories merged by link");
    assert_eq!(
        counts.multi_source_dirs, 6,
        "merged directories of several sources"
    );
    assert_eq!(
        counts.rejected, 10,
        "sources ansible cannot parse, reported by art32"
    );
    assert_eq!(counts.failed_runs, 2, "failed runs, reported by art32");
    assert_eq!(
        counts.toml_hosts, 3,
        "hosts of TOML inventories, not compared"
    );
    assert_eq!(
        counts.plugin_configs, 9,
        "plugin configurations, reported by art32"
    );
    assert_eq!(counts.deviations, DEVIATIONS.len() * 2, "deviations seen");
}

fn check_span(what: &str, span: Span, text: &str, out: &mut Vec<String>) {
    let fits = span.file == FILE
        && span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end);
    if !fits {
        out.push(format!(
            "{what}: bad span {span:?} in a text of {} bytes",
            text.len()
        ));
    }
}

/// The file every span of a parsed document must be in.
const FILE: FileId = FileId(7);

fn check_node(what: &str, node: &Node, text: &str, out: &mut Vec<String>) {
    check_span(what, node.span, text, out);
    check_span(what, node.name.span, text, out);
    for a in &node.args {
        check_span(what, a.span, text, out);
    }
    for (name, field) in &node.fields {
        check_span(&format!("{what} {name}"), field.span, text, out);
        if let Value::List(items) = &field.value {
            for item in items {
                check_span(&format!("{what} {name}"), item.span, text, out);
            }
        }
    }
    for child in &node.children {
        check_node(what, child, text, out);
    }
}

#[test]
fn every_inventory_file_parses_with_valid_spans() {
    let base = Path::new(CORPUS).join("inventory");
    let mut inputs: Vec<(String, String)> = files_under(&base)
        .into_iter()
        .map(|path| (relative(&path, &base), read_text(&path)))
        .collect();
    assert!(
        inputs.len() > 400,
        "inventory corpus files: {}",
        inputs.len()
    );
    let odd = [
        "\u{feff}",
        "\u{feff}[web]\r\nweb1 x=1\r\n",
        "\u{feff}all:\r\n  hosts:\r\n    a:\r\n",
        "\0\0\0",
        "\r\r\n\r",
        "[",
        "[]",
        "[a:b]\n",
        "a[1:",
        "a[1:3]b[",
        "é[a:z]ü x='é",
        "\"unclosed",
        "h x=\"{'a': [1, (2, 3)], 'b': {1, 2}}\" y=0x1F z=1e400 w=1+2j v=b'\\xff'",
        "h\u{2028}i\u{85}j\u{c}k",
        "[g:vars]\nk=\"\\N{DASH}\" # c\n",
        "a:\n  - &x [*x]\n",
        "a: !!int x\nb: !foo 1\nc: !!binary YQ==\n",
        "{\"all\": {\"hosts\": {\"a:22\": null}}}",
        "name,vars\n\"x,y\",\"a\"\"b\"\n,\n",
        "host;x\n",
        "a: b: c",
        "? [a]\n: 1\n",
        "<<: [1, {a: 1}]\n",
    ];
    inputs.extend(odd.iter().map(|t| (format!("{t:?}"), t.to_string())));
    inputs.push(("deep flow".into(), "[".repeat(100_000)));
    inputs.push((
        "deep flow closed".into(),
        format!("a: {}{}", "[".repeat(5000), "]".repeat(5000)),
    ));
    inputs.push(("deep block".into(), "- ".repeat(50_000) + "x\n"));
    inputs.push((
        "deep indent".into(),
        (0..3000)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect(),
    ));
    inputs.push((
        "alias chain".into(),
        std::iter::once("a0: &a0 [x]\n".to_string())
            .chain((1..600).map(|i| format!("a{i}: &a{i} [*a{}]\n", i - 1)))
            .collect(),
    ));
    inputs.push(("deep literal".into(), format!("h x={}", "[".repeat(10_000))));
    inputs.push(("huge range".into(), "web[0:99999999][a:z][0:9]\n".into()));
    inputs.push((
        "many aliases".into(),
        "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n\
         c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n\
         e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
            .into(),
    ));

    type Parser = fn(FileId, &str) -> Document;
    let parsers: [(&str, Parser); 4] = [
        ("ini", inventory::parse_ini),
        ("yaml", inventory::parse_yaml),
        ("csv", inventory::parse_csv),
        ("vars", inventory::parse_vars),
    ];
    let mut problems = Vec::new();
    let mut parsed = 0;
    for (what, text) in &inputs {
        for (name, parser) in parsers {
            let doc = parser(FILE, text);
            let label = format!("{name} {what}");
            check_node(&label, &doc.root, text, &mut problems);
            for d in &doc.diagnostics {
                check_span(&format!("{label} diagnostic"), d.span, text, &mut problems);
                if d.message.is_empty() || d.message.starts_with(char::is_uppercase) {
                    problems.push(format!(
                        "{label}: message `{}` should start lowercase",
                        d.message
                    ));
                }
            }
            parsed += 1;
        }
    }
    report("spans", &problems);
    assert!(parsed > 1600, "documents parsed: {parsed}");

    // The link over a whole repository of inventories never panics either.
    let mut sources = SourceMap::default();
    let mut docs = Vec::new();
    for (rel, text) in inputs
        .iter()
        .filter(|(r, _)| !r.starts_with('"') && !r.contains(' '))
    {
        let id = sources.add(SourceFile::new(rel.as_str(), text.as_str()));
        let in_vars = rel.contains("group_vars/") || rel.contains("host_vars/");
        docs.push(if in_vars {
            inventory::parse_vars(id, text)
        } else {
            parse_source(rel, id, text)
        });
    }
    let refs: Vec<&Document> = docs.iter().collect();
    let linked = inventory::link(&refs, &sources);
    assert!(linked.len() > 150, "linked inventories: {}", linked.len());
    assert!(linked.iter().all(|d| d.kind != FileKind::InventoryVars));
}
