//! nginx across files: `include` resolution, entry points, and what `listen` says.
//!
//! - A relative include is resolved against the configuration prefix, the directory
//!   of the main `nginx.conf` (nginx resolves it against its conf prefix, not against
//!   the including file). A file's prefix is taken to be the nearest directory, from
//!   its own up, that holds an `nginx.conf`.
//! - Infrastructure repositories mirror `/etc`: an absolute include is mapped into the
//!   repository by the part of the prefix that it shares (`<root>/hosts/web1/etc/nginx`
//!   stands for `/etc/nginx`, so `/etc/letsencrypt/x` is `hosts/web1/etc/letsencrypt/x`),
//!   or else by the configured absolute prefix (default `/etc/nginx`, where Debian's and
//!   nginx.org's packages keep it), so that `<root>/nginx/nginx.conf` also works.
//! - Globs are expanded in sorted order, as nginx does (it uses glob(3), which sorts);
//!   one that matches nothing is fine, as in nginx.
//! - Entry points are the nginx files no other nginx file includes. Their includes are
//!   spliced in place, so every node keeps its own file and span. An entry point
//!   without `http`/`events`/`stream`/`mail` (a `sites-enabled` file on its own) is
//!   read in `http` context.

use std::collections::{BTreeMap, BTreeSet};

use globset::GlobBuilder;

use crate::model::{Document, FileKind, Node, ParseDiagnostic, Value};
use crate::source::{FileId, SourceMap, Span, Spanned};

/// nginx's conf prefix in the stock packages (Debian, nginx.org).
pub const DEFAULT_PREFIX: &str = "/etc/nginx";

/// Includes nested deeper than this are not followed (nginx has no limit, but a
/// repository that nests this deep is broken or hostile).
const MAX_INCLUDE_DEPTH: usize = 64;

/// Where an include argument leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Files in the repository, relative to the root, in nginx's order.
    Files(Vec<String>),
    /// A plain path that is not in the repository (as written).
    Missing(String),
    /// A path that would leave the linted root.
    Outside(String),
}

/// The directory (relative to the root, `""` for the root) whose `nginx.conf` is the
/// conf prefix for `rel`: the nearest one from `rel`'s own directory up.
pub fn conf_dir(rel: &str, files: &BTreeSet<String>) -> String {
    let mut dir = parent(rel);
    loop {
        if files.contains(&join(dir, "nginx.conf")) {
            return dir.to_string();
        }
        if dir.is_empty() {
            return parent(rel).to_string();
        }
        dir = parent(dir);
    }
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Collapses `.` and `..`; `None` if `..` would leave the root.
fn normalize(parts: &[&str]) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        match *p {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p.to_string()),
        }
    }
    Some(out)
}

/// Resolves an include argument for a file whose conf prefix is `conf_dir`.
pub fn resolve(arg: &str, conf_dir: &str, prefix: &str, files: &BTreeSet<String>) -> Resolution {
    let conf: Vec<&str> = conf_dir.split('/').filter(|p| !p.is_empty()).collect();
    let candidate: Option<Vec<String>> = if let Some(abs) = arg.strip_prefix('/') {
        let path: Vec<&str> = abs.split('/').collect();
        let prefix_parts: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
        // The conf dir mirrors the prefix (`<x>/etc/nginx`): `<x>` stands for `/`.
        let mirror_base = conf
            .ends_with(&prefix_parts)
            .then(|| [&conf[..conf.len() - prefix_parts.len()], &path[..]].concat());
        // The conf dir stands for the prefix itself (`nginx/` for `/etc/nginx`).
        let under_prefix = path
            .starts_with(&prefix_parts)
            .then(|| [&conf[..], &path[prefix_parts.len()..]].concat());
        // Another layout: the longest tail of the conf dir that the path starts with.
        let shared_tail = (1..=conf.len().min(path.len()))
            .rev()
            .find(|k| conf[conf.len() - k..] == path[..*k])
            .map(|k| [&conf[..conf.len() - k], &path[..]].concat());
        match mirror_base.or(under_prefix).or(shared_tail) {
            Some(parts) => normalize(&parts),
            None => return Resolution::Missing(arg.to_string()),
        }
    } else {
        let path: Vec<&str> = arg.split('/').collect();
        normalize(&[&conf[..], &path[..]].concat())
    };
    let Some(parts) = candidate else {
        return Resolution::Outside(arg.to_string());
    };
    let rel = parts.join("/");
    if rel.contains(['*', '?', '[']) {
        let Ok(glob) = GlobBuilder::new(&rel).literal_separator(true).build() else {
            return Resolution::Missing(arg.to_string());
        };
        let m = glob.compile_matcher();
        // `files` is sorted, as glob(3) sorts its matches.
        return Resolution::Files(
            files
                .iter()
                .filter(|f| m.is_match(f.as_str()))
                .cloned()
                .collect(),
        );
    }
    if files.contains(&rel) {
        Resolution::Files(vec![rel])
    } else {
        Resolution::Missing(arg.to_string())
    }
}

fn is_include(node: &Node) -> bool {
    node.kind == "directive" && node.name.value == "include" && node.args.len() == 1
}

fn includes(node: &Node, out: &mut Vec<String>) {
    for c in &node.children {
        if is_include(c) {
            out.push(c.args[0].value.clone());
        }
        includes(c, out);
    }
}

/// Files the nginx documents include that are not loaded yet (relative paths).
pub fn wanted(
    docs: &[&Document],
    sources: &SourceMap,
    files: &BTreeSet<String>,
    prefix: &str,
) -> BTreeSet<String> {
    let loaded: BTreeSet<&str> = docs
        .iter()
        .map(|d| sources.get(d.file).path.as_str())
        .collect();
    let mut out = BTreeSet::new();
    for doc in docs {
        let path = &sources.get(doc.file).path;
        let conf = conf_dir(path, files);
        let mut args = Vec::new();
        includes(&doc.root, &mut args);
        for arg in args {
            if let Resolution::Files(found) = resolve(&arg, &conf, prefix, files) {
                out.extend(found.into_iter().filter(|f| !loaded.contains(f.as_str())));
            }
        }
    }
    out
}

struct Ctx<'a> {
    by_path: BTreeMap<&'a str, &'a Document>,
    sources: &'a SourceMap,
    files: &'a BTreeSet<String>,
    prefix: &'a str,
}

/// The nginx configurations to check: each entry point with its includes spliced in,
/// in `http` context when it is a fragment, with `listen` and `server` annotated; and
/// what could not be followed.
pub fn link(
    docs: &[&Document],
    sources: &SourceMap,
    files: &BTreeSet<String>,
    prefix: &str,
) -> (Vec<Document>, Vec<ParseDiagnostic>) {
    let cx = Ctx {
        by_path: docs
            .iter()
            .map(|d| (sources.get(d.file).path.as_str(), *d))
            .collect(),
        sources,
        files,
        prefix,
    };
    // Who includes whom.
    let mut included: BTreeSet<FileId> = BTreeSet::new();
    let mut edges: BTreeMap<FileId, Vec<FileId>> = BTreeMap::new();
    for doc in docs {
        let path = &sources.get(doc.file).path;
        let conf = conf_dir(path, files);
        let mut args = Vec::new();
        includes(&doc.root, &mut args);
        for arg in args {
            if let Resolution::Files(found) = resolve(&arg, &conf, prefix, files) {
                for f in found {
                    if let Some(target) = cx.by_path.get(f.as_str())
                        && target.file != doc.file
                    {
                        included.insert(target.file);
                        edges.entry(doc.file).or_default().push(target.file);
                    }
                }
            }
        }
    }
    // Entry points: included by nobody; then, for files reachable from none of them
    // (include cycles), the first of each such group.
    let mut entries: Vec<&Document> = docs
        .iter()
        .copied()
        .filter(|d| !included.contains(&d.file))
        .collect();
    let mut reached: BTreeSet<FileId> = BTreeSet::new();
    let reach = |from: FileId, reached: &mut BTreeSet<FileId>| {
        let mut stack = vec![from];
        while let Some(f) = stack.pop() {
            if reached.insert(f) {
                stack.extend(edges.get(&f).into_iter().flatten().copied());
            }
        }
    };
    for e in &entries {
        reach(e.file, &mut reached);
    }
    for doc in docs {
        if !reached.contains(&doc.file) {
            entries.push(doc);
            reach(doc.file, &mut reached);
        }
    }

    let mut diagnostics = Vec::new();
    let mut out = Vec::new();
    for entry in entries {
        let conf = conf_dir(&sources.get(entry.file).path, files);
        let mut stack = vec![entry.file];
        let mut root = entry.root.clone();
        root.children = splice(
            &entry.root.children,
            &conf,
            &mut stack,
            &cx,
            &mut diagnostics,
        );
        let main_context = root
            .children
            .iter()
            .any(|c| matches!(c.name.value.as_str(), "http" | "events" | "stream" | "mail"));
        if !main_context && !root.children.is_empty() {
            let mut http = Node::new("context", Spanned::new("http".into(), root.span), root.span);
            http.children = std::mem::take(&mut root.children);
            root.children.push(http);
        }
        annotate(&mut root, false, false);
        out.push(Document {
            kind: FileKind::Nginx,
            file: entry.file,
            root,
            diagnostics: Vec::new(),
        });
    }
    diagnostics.sort_by_key(|d: &ParseDiagnostic| (d.span, d.message.clone()));
    diagnostics.dedup();
    (out, diagnostics)
}

/// `children` with every `include` replaced by the included files' top-level nodes.
fn splice(
    children: &[Node],
    conf: &str,
    stack: &mut Vec<FileId>,
    cx: &Ctx,
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Vec<Node> {
    let mut out = Vec::with_capacity(children.len());
    for child in children {
        if !is_include(child) {
            let mut c = child.clone();
            c.children = splice(&child.children, conf, stack, cx, diagnostics);
            out.push(c);
            continue;
        }
        let arg = &child.args[0];
        match resolve(&arg.value, conf, cx.prefix, cx.files) {
            Resolution::Files(found) => {
                for f in found {
                    let Some(doc) = cx.by_path.get(f.as_str()) else {
                        continue;
                    };
                    if let Some(at) = stack.iter().position(|s| *s == doc.file) {
                        let cycle: Vec<&str> = stack[at..]
                            .iter()
                            .chain(std::iter::once(&doc.file))
                            .map(|id| cx.sources.get(*id).path.as_str())
                            .collect();
                        diagnostics.push(ParseDiagnostic::error(
                            child.span,
                            format!("include cycle: {}; not followed", cycle.join(" → ")),
                        ));
                        continue;
                    }
                    if stack.len() >= MAX_INCLUDE_DEPTH {
                        diagnostics.push(ParseDiagnostic::error(
                            child.span,
                            format!(
                                "includes nested more than {MAX_INCLUDE_DEPTH} deep; not followed"
                            ),
                        ));
                        continue;
                    }
                    stack.push(doc.file);
                    out.extend(splice(&doc.root.children, conf, stack, cx, diagnostics));
                    stack.pop();
                }
            }
            Resolution::Missing(path) => diagnostics.push(ParseDiagnostic::unresolved(
                arg.span,
                format!("`{path}` is not in the repository; its directives are not checked"),
            )),
            Resolution::Outside(path) => diagnostics.push(ParseDiagnostic::unresolved(
                arg.span,
                format!("`{path}` is outside the linted root; not followed"),
            )),
        }
    }
    out
}

/// A parsed `listen`: where and how a server accepts connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listen {
    pub address: String,
    pub port: Option<u16>,
    pub ssl: bool,
    pub quic: bool,
    pub default_server: bool,
    pub unix: bool,
}

/// Reads `listen`'s arguments. When only an address is given the port is 80, also
/// with `ssl` (nginx parses the address with a default port of 80,
/// ngx_http_core_module.c `ngx_http_core_listen`).
pub fn parse_listen(args: &[Spanned<String>]) -> Option<Listen> {
    let first = args.first()?.value.as_str();
    let flags: Vec<&str> = args[1..].iter().map(|a| a.value.as_str()).collect();
    let mut l = Listen {
        address: "*".into(),
        port: Some(80),
        ssl: flags.contains(&"ssl"),
        quic: flags.contains(&"quic"),
        default_server: flags.contains(&"default_server") || flags.contains(&"default"),
        unix: false,
    };
    if let Some(path) = first.strip_prefix("unix:") {
        l.address = path.to_string();
        l.port = None;
        l.unix = true;
        return Some(l);
    }
    if let Some(rest) = first.strip_prefix('[') {
        // [v6] or [v6]:port
        let (addr, after) = rest.split_once(']')?;
        l.address = format!("[{addr}]");
        if let Some(port) = after.strip_prefix(':') {
            l.port = port.parse().ok();
        }
        return Some(l);
    }
    if let Ok(port) = first.parse::<u16>() {
        l.port = Some(port);
        return Some(l);
    }
    match first.rsplit_once(':') {
        Some((addr, port)) => {
            l.address = addr.to_string();
            l.port = port.parse().ok();
        }
        None => l.address = first.to_string(),
    }
    Some(l)
}

fn flag(node: &mut Node, name: &str, value: bool, span: Span) {
    node.set(name, Value::Bool(value), span);
}

/// Sets the fields rules read: on `listen` (`address`, `port`, `ssl`, `quic`,
/// `default-server`, `unix`) and on every `server` inside `http` (`tls`,
/// `plain-http`, `server-name`). `ssl on` (removed in nginx 1.25.1) makes every
/// listen of its server TLS, also when set at `http` level.
fn annotate(node: &mut Node, in_http: bool, http_ssl_on: bool) {
    let ssl_on = |n: &Node| {
        n.children
            .iter()
            .any(|c| c.name.value == "ssl" && c.args.first().is_some_and(|a| a.value == "on"))
    };
    let is_http = node.name.value == "http";
    let http_ssl_on = if is_http { ssl_on(node) } else { http_ssl_on };
    if in_http && node.name.value == "server" && node.kind == "directive" {
        let all_tls = http_ssl_on || ssl_on(node);
        let mut tls = false;
        let mut plain = false;
        let mut any_listen = false;
        for c in node
            .children
            .iter_mut()
            .filter(|c| c.name.value == "listen")
        {
            let Some(l) = parse_listen(&c.args) else {
                continue;
            };
            any_listen = true;
            let span = c.span;
            let secure = l.ssl || l.quic || all_tls;
            tls |= secure;
            plain |= !secure && !l.unix;
            c.set("address", Value::Str(l.address), span);
            if let Some(port) = l.port {
                c.set("port", Value::Int(port.into()), span);
            }
            flag(c, "ssl", l.ssl || all_tls, span);
            flag(c, "quic", l.quic, span);
            flag(c, "default-server", l.default_server, span);
            flag(c, "unix", l.unix, span);
        }
        // No listen at all: nginx listens on *:80 (or *:8000 when not run as root).
        if !any_listen {
            plain = !all_tls;
            tls = all_tls;
        }
        let span = node.name.span;
        flag(node, "tls", tls, span);
        flag(node, "plain-http", plain, span);
        if let Some(name) = node
            .children
            .iter()
            .find(|c| c.name.value == "server_name")
            .and_then(|c| c.args.first())
        {
            let name = Value::Str(name.value.clone());
            node.set("server-name", name, span);
        }
    }
    let in_http = in_http || is_http;
    for c in &mut node.children {
        annotate(c, in_http, http_ssl_on);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn includes_resolve_against_the_conf_prefix_and_mirror_etc() {
        let f = files(&[
            "hosts/web1/etc/nginx/nginx.conf",
            "hosts/web1/etc/nginx/sites-enabled/b.conf",
            "hosts/web1/etc/nginx/sites-enabled/a.conf",
            "hosts/web1/etc/nginx/snippets/ssl.conf",
            "hosts/web1/etc/letsencrypt/options-ssl-nginx.conf",
            "nginx/nginx.conf",
            "nginx/conf.d/x.conf",
        ]);
        let conf = "hosts/web1/etc/nginx";
        assert_eq!(
            conf_dir("hosts/web1/etc/nginx/sites-enabled/a.conf", &f),
            conf
        );
        assert_eq!(
            resolve("/etc/nginx/sites-enabled/*", conf, DEFAULT_PREFIX, &f),
            Resolution::Files(vec![
                "hosts/web1/etc/nginx/sites-enabled/a.conf".into(),
                "hosts/web1/etc/nginx/sites-enabled/b.conf".into()
            ])
        );
        assert_eq!(
            resolve("snippets/ssl.conf", conf, DEFAULT_PREFIX, &f),
            Resolution::Files(vec!["hosts/web1/etc/nginx/snippets/ssl.conf".into()])
        );
        assert_eq!(
            resolve(
                "/etc/letsencrypt/options-ssl-nginx.conf",
                conf,
                DEFAULT_PREFIX,
                &f
            ),
            Resolution::Files(vec![
                "hosts/web1/etc/letsencrypt/options-ssl-nginx.conf".into()
            ])
        );
        assert_eq!(
            resolve("/etc/nginx/mime.types", conf, DEFAULT_PREFIX, &f),
            Resolution::Missing("/etc/nginx/mime.types".into())
        );
        assert_eq!(
            resolve("conf.d/none-*.conf", "nginx", DEFAULT_PREFIX, &f),
            Resolution::Files(vec![])
        );
        // A repository that keeps /etc/nginx as nginx/.
        assert_eq!(
            resolve("/etc/nginx/conf.d/*.conf", "nginx", DEFAULT_PREFIX, &f),
            Resolution::Files(vec!["nginx/conf.d/x.conf".into()])
        );
        assert_eq!(
            resolve("../../../../../etc/passwd", conf, DEFAULT_PREFIX, &f),
            Resolution::Outside("../../../../../etc/passwd".into())
        );
        assert_eq!(
            resolve(
                "/usr/share/nginx/modules/*.conf",
                "nginx",
                DEFAULT_PREFIX,
                &f
            ),
            Resolution::Missing("/usr/share/nginx/modules/*.conf".into())
        );
    }

    #[test]
    fn listen_forms() {
        let l = |s: &str| {
            let args: Vec<Spanned<String>> = s
                .split(' ')
                .map(|a| Spanned::new(a.to_string(), Span::default()))
                .collect();
            parse_listen(&args).unwrap()
        };
        assert_eq!((l("80").port, l("80").ssl), (Some(80), false));
        assert_eq!(
            (l("443 ssl http2").port, l("443 ssl").ssl),
            (Some(443), true)
        );
        assert_eq!(l("127.0.0.1").port, Some(80));
        assert_eq!(l("127.0.0.1:8080").address, "127.0.0.1");
        assert_eq!(l("[::]:443 ssl").address, "[::]");
        assert_eq!(l("[::]:443 ssl").port, Some(443));
        assert_eq!(l("[::1]").port, Some(80));
        assert!(l("unix:/run/nginx.sock").unix);
        assert!(l("443 quic reuseport").quic);
        assert!(l("80 default_server").default_server);
        assert_eq!(l("localhost:8000").port, Some(8000));
    }
}
