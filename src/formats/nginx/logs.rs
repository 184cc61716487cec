//! What an `access_log` writes, derived when linking so that rules read it as fields:
//! `log-format` (the format's name), `log-format-defined` (where a `log_format`
//! defines it) and `logs` (the variables it writes, once `map`s are applied).
//!
//! - The format is the directive's second argument, `combined` when there is none or
//!   when it is an option (`buffer=32k`). `log_format NAME …` is looked up from the
//!   nearest enclosing block outwards (`escape=` ignored); `combined` is nginx's
//!   predefined format when no block defines it (ngx_http_log_module.c,
//!   `ngx_http_combined_fmt`). `access_log off`, one without arguments, and a format
//!   defined nowhere art32 can see get no fields.
//! - Variables are whole names (`$remote_addr_anon` is not `$remote_addr`;
//!   `${remote_addr}` is). A variable that a `map` of an enclosing block defines is
//!   what that map's values pass through: `$client=$remote_addr` for
//!   `map … $client { default $remote_addr; }`, one item for each variable its values
//!   use — a capture of its regex too: `$anon=$ip` for a masked address,
//!   `~(?P<ip>\d+\.\d+\.\d+)\. $ip.0` — and `$name=` for a map whose values are
//!   constants. The values of a map are not followed further into other maps.
//! - The items are spanned at the format's name in the `access_log` (else the whole
//!   directive), where the format is chosen.
//!
//! The `access_log` that applies when no level declares one is built by the rule
//! engine (`rules::inherit`, nginx's `logs/access.log combined`); [`derive`] gives it
//! the same fields, from the predefined format (the enclosing blocks are not looked
//! at: nginx refuses a `log_format combined`, and a `map` can only define a variable
//! `combined` writes by redefining a built-in one).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::model::{Node, Value};
use crate::source::{Span, Spanned};

/// nginx's predefined `combined` format (ngx_http_log_module.c, `ngx_http_combined_fmt`).
pub const COMBINED_FORMAT: &str = "$remote_addr - $remote_user [$time_local] \"$request\" \
     $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"";

/// The variables of [`COMBINED_FORMAT`], read once.
static COMBINED: LazyLock<Vec<String>> = LazyLock::new(|| variables(COMBINED_FORMAT));

/// The variables (`$name`, `${name}`) a text uses, as whole names.
pub fn variables(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            let braced = bytes.get(i + 1) == Some(&b'{');
            let start = if braced { i + 2 } else { i + 1 };
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            if end > start {
                out.push(text[start..end].to_string());
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// What one block declares that an `access_log` inside it may use.
#[derive(Default)]
struct Level {
    /// `log_format` name → its variables and the directive (the first of that name).
    formats: BTreeMap<String, (Vec<String>, Span)>,
    /// Variable a `map` defines → the variables its values use (several maps of one
    /// variable: all of theirs).
    maps: BTreeMap<String, Vec<String>>,
}

impl Level {
    fn of(block: &Node) -> Level {
        let mut level = Level::default();
        for c in &block.children {
            match c.name.value.as_str() {
                "log_format" => {
                    if let Some(name) = c.args.first()
                        && !level.formats.contains_key(&name.value)
                    {
                        let text: Vec<&str> = c.args[1..]
                            .iter()
                            .map(|a| a.value.as_str())
                            .filter(|a| !a.starts_with("escape="))
                            .collect();
                        level
                            .formats
                            .insert(name.value.clone(), (variables(&text.join(" ")), c.span));
                    }
                }
                "map" if c.args.len() >= 2 => {
                    let Some(to) = variables(&c.args[1].value).into_iter().next() else {
                        continue;
                    };
                    let passed = level.maps.entry(to).or_default();
                    for entry in &c.children {
                        for a in &entry.args {
                            for v in variables(&a.value) {
                                if !passed.contains(&v) {
                                    passed.push(v);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        level
    }
}

/// Sets the fields of every `access_log` in the tree (module doc).
pub fn annotate(root: &mut Node) {
    let mut levels = Vec::new();
    walk(root, &mut levels);
}

fn walk(node: &mut Node, levels: &mut Vec<Level>) {
    levels.push(Level::of(node));
    for c in &mut node.children {
        if c.name.value == "access_log" {
            set_fields(c, levels);
        }
        if !c.children.is_empty() {
            walk(c, levels);
        }
    }
    levels.pop();
}

/// The fields of the `access_log` nginx applies when no level declares one.
pub fn derive(node: &mut Node) {
    if node.name.value == "access_log" {
        set_fields(node, &[]);
    }
}

/// `levels`: what the enclosing blocks declare, outermost first.
fn set_fields(access_log: &mut Node, levels: &[Level]) {
    let Some(first) = access_log.args.first() else {
        return;
    };
    if first.value == "off" {
        return;
    }
    let name = access_log
        .args
        .get(1)
        .map(|a| a.value.as_str())
        .filter(|a| !a.contains('='))
        .unwrap_or("combined")
        .to_string();
    let defined = levels.iter().rev().find_map(|l| l.formats.get(&name));
    let (written, defined_at) = match defined {
        Some((vars, at)) => (vars, Some(*at)),
        None if name == "combined" => (&*COMBINED, None),
        None => return,
    };
    let at = access_log
        .args
        .get(1)
        .filter(|a| a.value == name)
        .map_or(access_log.span, |a| a.span);
    let mut items: Vec<Spanned<String>> = Vec::new();
    let mut push = |text: String| {
        if !items.iter().any(|i| i.value == text) {
            items.push(Spanned::new(text, at));
        }
    };
    for v in written {
        let mapped: Vec<&Vec<String>> = levels.iter().filter_map(|l| l.maps.get(v)).collect();
        if mapped.is_empty() {
            push(format!("${v}"));
        } else if mapped.iter().all(|passed| passed.is_empty()) {
            push(format!("${v}="));
        } else {
            for w in mapped.into_iter().flatten() {
                push(format!("${v}=${w}"));
            }
        }
    }
    if let Some(def) = defined_at {
        access_log.set("log-format-defined", Value::Str(name.clone()), def);
    }
    access_log.set("log-format", Value::Str(name), at);
    access_log.set("logs", Value::List(items), at);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    /// The parsed `text` with its `access_log`s annotated, and the text.
    fn annotated(text: &str) -> Node {
        let mut doc = crate::formats::nginx::parse::parse(FileId(0), text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        annotate(&mut doc.root);
        doc.root
    }

    /// The `access_log`s of the tree, in order.
    fn access_logs(node: &Node, out: &mut Vec<Node>) {
        for c in &node.children {
            if c.name.value == "access_log" {
                out.push(c.clone());
            }
            access_logs(c, out);
        }
    }

    /// `logs`, `log-format` and `log-format-defined` of the `i`th `access_log`, each
    /// with the text its span covers.
    /// A field's text and the text its span covers.
    type Named = Option<(String, String)>;

    fn fields_of(text: &str, i: usize) -> (Vec<String>, Named, Named) {
        let root = annotated(text);
        let mut found = Vec::new();
        access_logs(&root, &mut found);
        let log = &found[i];
        let at = |s: Span| text[s.start..s.end].to_string();
        let logs = match log.field("logs").map(|f| &f.value) {
            Some(Value::List(items)) => {
                for item in items {
                    assert_eq!(item.span, log.field("logs").unwrap().span);
                }
                items.iter().map(|i| i.value.clone()).collect()
            }
            None => Vec::new(),
            other => panic!("{other:?}"),
        };
        let named = |f: &str| log.field(f).map(|v| (v.value.text(), at(v.span)));
        (logs, named("log-format"), named("log-format-defined"))
    }

    #[test]
    fn the_predefined_combined_format_is_written_where_no_log_format_defines_it() {
        let text =
            "http { access_log /var/log/a.log; server { access_log /b.log combined buffer=32k; } }";
        let (logs, format, defined) = fields_of(text, 0);
        assert_eq!(
            logs,
            [
                "$remote_addr",
                "$remote_user",
                "$time_local",
                "$request",
                "$status",
                "$body_bytes_sent",
                "$http_referer",
                "$http_user_agent"
            ]
        );
        // No format named: the whole directive is where it is chosen.
        assert_eq!(
            format,
            Some(("combined".into(), "access_log /var/log/a.log;".into()))
        );
        assert_eq!(defined, None);
        let (logs, format, _) = fields_of(text, 1);
        assert_eq!(logs.len(), 8);
        assert_eq!(format, Some(("combined".into(), "combined".into())));
    }

    #[test]
    fn a_log_format_is_looked_up_from_the_nearest_block_outwards() {
        let text = "http {\n\
            log_format main '$remote_addr $status';\n\
            server {\n\
            log_format main escape=json '$host ${request}x $host';\n\
            location / { access_log /a.log main; }\n\
            }\n\
            server { access_log /b.log main; access_log /c.log other; }\n\
            }";
        let (logs, format, defined) = fields_of(text, 0);
        assert_eq!(logs, ["$host", "$request"]);
        assert_eq!(format, Some(("main".into(), "main".into())));
        assert_eq!(
            defined,
            Some((
                "main".into(),
                "log_format main escape=json '$host ${request}x $host';".into()
            ))
        );
        let (logs, _, defined) = fields_of(text, 1);
        assert_eq!(logs, ["$remote_addr", "$status"]);
        assert_eq!(
            defined.map(|d| d.1),
            Some("log_format main '$remote_addr $status';".into())
        );
        // Defined nowhere art32 can see: no fields.
        assert_eq!(fields_of(text, 2), (vec![], None, None));
    }

    #[test]
    fn maps_mask_or_pass_variables_through() {
        let text = r#"http {
            map $remote_addr $remote_addr_anon { ~(?P<ip>\d+\.\d+\.\d+)\. $ip.0; default 0.0.0.0; }
            map $http_x_forwarded_for $client { "" $remote_addr; default "$http_x_forwarded_for:$remote_addr"; }
            log_format f '$remote_addr_anon $client $remote_addr $status $client';
            server { access_log /a.log f; access_log off; access_log; }
        }"#;
        let (logs, ..) = fields_of(text, 0);
        assert_eq!(
            logs,
            [
                // A capture of the map's regex is a variable of its own.
                "$remote_addr_anon=$ip",
                "$client=$remote_addr",
                "$client=$http_x_forwarded_for",
                "$remote_addr",
                "$status"
            ]
        );
        assert_eq!(fields_of(text, 1), (vec![], None, None));
        assert_eq!(fields_of(text, 2), (vec![], None, None));
        // A map whose values are constants passes nothing on.
        let text = "http { map $remote_addr $seen { default 1; } server { map $x $y { default $remote_addr; } location / { access_log /a.log f; } } log_format f '$seen $y'; }";
        assert_eq!(fields_of(text, 0).0, ["$seen=", "$y=$remote_addr"]);
    }

    #[test]
    fn a_default_access_log_gets_the_fields_of_the_predefined_format() {
        let at = Span::new(FileId(0), 3, 9);
        let mut node = Node::new("default", Spanned::new("access_log".into(), at), at);
        node.args = ["logs/access.log", "combined"]
            .iter()
            .map(|a| Spanned::new(a.to_string(), at))
            .collect();
        crate::formats::derive(crate::model::FileKind::Nginx, &mut node);
        assert_eq!(
            node.field("log-format").map(|f| f.value.text()),
            Some("combined".into())
        );
        assert!(node.field("log-format-defined").is_none());
        match node.field("logs").map(|f| &f.value) {
            Some(Value::List(items)) => {
                assert_eq!(items.len(), 8);
                assert!(items.iter().all(|i| i.span == at));
            }
            other => panic!("{other:?}"),
        }
        // Other kinds and other directives are left alone.
        let mut other = node.clone();
        other.fields = Default::default();
        crate::formats::derive(crate::model::FileKind::PostfixMain, &mut other);
        assert!(other.field("logs").is_none());
        other.name.value = "error_log".into();
        crate::formats::derive(crate::model::FileKind::Nginx, &mut other);
        assert!(other.field("logs").is_none());
    }

    #[test]
    fn variables_are_whole_names() {
        assert_eq!(
            variables("$remote_addr_anon - ${remote_addr}x $1"),
            ["remote_addr_anon", "remote_addr", "1"]
        );
        assert_eq!(variables(COMBINED_FORMAT)[0], "remote_addr");
    }
}
