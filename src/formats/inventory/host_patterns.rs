//! Host patterns as Ansible reads them (`parsing/utils/addresses.py`, `_expand_hostpattern`
//! and `expand_hostname_range` of `plugins/inventory/__init__.py`): `name:port` when the rest
//! is a valid host name or address, ranges `[01:10]`, `[a:f]`, `[0:10:2]` (zero-padded when
//! the start is), several per name.
//!
//! Deliberate difference: the host patterns of an inventory expand to at most
//! `link::MAX_RANGE_HOSTS` hosts in all (a `host` node keeps its ranges unexpanded, field
//! `ranges` their count; linking expands them with [`expand_host_ranges`]).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Node, ParseDiagnostic, Value};
use crate::source::{Span, Spanned};

use super::python::py_int;
use super::text::{excerpt, py_is_space};

/// `parsing/utils/addresses.py`: a host pattern with an optional `:port`, whose host part
/// must be an IPv4 or IPv6 address or a host name (all three may hold ranges) for the port
/// to count. Python's `(?<![_-])` becomes "the last character of a label is not `_` or `-`".
struct AddressPatterns {
    bracketed_hostport: Regex,
    hostport: Regex,
    ipv4: Regex,
    ipv6: Regex,
    hostname: Regex,
}

static ADDRESS: LazyLock<Option<AddressPatterns>> = LazyLock::new(|| {
    let numeric_range = r"\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]";
    let hexadecimal_range = r"\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]";
    let alphanumeric_range = r"\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]";
    let i6 = format!(r"(?:[0-9a-f]{{1,4}}|{hexadecimal_range})");
    let i4 = format!(r"(?:[01]?[0-9]{{1,2}}|2[0-4][0-9]|25[0-5]|{numeric_range})");
    let r = alphanumeric_range;
    let label = format!(r"(?:(?:\w|{r})(?:[\w-]|{r})*(?:[^\W_]|{r})|[^\W_]|{r})");
    let ipv6 = [
        format!("(?:{i6}:){{7}}{i6}"),
        format!("(?:{i6}:){{1,6}}:"),
        format!("(?:{i6}:)(?::{i6}){{1,6}}"),
        format!("(?:{i6}:){{2}}(?::{i6}){{1,5}}"),
        format!("(?:{i6}:){{3}}(?::{i6}){{1,4}}"),
        format!("(?:{i6}:){{4}}(?::{i6}){{1,3}}"),
        format!("(?:{i6}:){{5}}(?::{i6}){{1,2}}"),
        format!("(?:{i6}:){{6}}(?::{i6})"),
        format!(":(?::{i6}){{1,6}}"),
        format!("{i6}?::"),
        format!(r"(?:0:){{6}}(?:{i6}\.){{3}}{i6}"),
        format!(r"::(?:ffff:)?(?:{i6}\.){{3}}{i6}"),
        format!(r"(?:0:){{5}}ffff:(?:{i6}\.){{3}}{i6}"),
    ]
    .join("|");
    Some(AddressPatterns {
        bracketed_hostport: Regex::new(r"^\[(.+)\]:([0-9]+)$").ok()?,
        hostport: Regex::new(r"^((?:[^:\[\]]|\[[^\]]*\])*):([0-9]+)$").ok()?,
        ipv4: Regex::new(&format!(r"(?i)^(?:{i4}\.){{3}}{i4}$")).ok()?,
        ipv6: Regex::new(&format!("(?i)^(?:{ipv6})$")).ok()?,
        hostname: Regex::new(&format!(r"(?i)^{label}(?:\.{label})*$")).ok()?,
    })
});

/// A host pattern's host part and port, as byte ranges into it.
struct Address {
    host: (usize, usize),
    /// The port's digits and where they are.
    port: Option<(String, (usize, usize))>,
}

/// `parse_address(pattern, allow_ranges=True)`, or `None` where Ansible's parser rejects the
/// pattern (it then keeps the whole pattern as the host, `:port` and all).
fn parse_address(pattern: &str) -> Option<Address> {
    let patterns = ADDRESS.as_ref()?;
    let mut host = (0, pattern.len());
    let mut port = None;
    for re in [&patterns.bracketed_hostport, &patterns.hostport] {
        let current = &pattern[host.0..host.1];
        if let Some(c) = re.captures(current) {
            let (Some(h), Some(p)) = (c.get(1), c.get(2)) else {
                continue;
            };
            port = Some((
                p.as_str().to_string(),
                (host.0 + p.start(), host.0 + p.end()),
            ));
            host = (host.0 + h.start(), host.0 + h.end());
        }
    }
    let h = &pattern[host.0..host.1];
    let valid = [&patterns.ipv4, &patterns.ipv6, &patterns.hostname]
        .iter()
        .any(|re| re.is_match(h));
    valid.then_some(Address { host, port })
}

/// A host pattern split into its host part and port, as `_expand_hostpattern` does. The
/// ranges of the host part are counted here and expanded when the inventory is linked
/// ([`expand_host_ranges`]), within the inventory's budget of hosts: a file of a few
/// kilobytes can name billions of hosts.
#[derive(Debug)]
struct Expanded {
    /// The host part, ranges unexpanded.
    host: String,
    /// How many hosts the ranges make (1 without ranges; capped at `u64::MAX`).
    count: u128,
    /// The port's digits and where they are in the pattern.
    port: Option<(String, (usize, usize))>,
}

fn expand_pattern(pattern: &str) -> Result<Expanded, String> {
    let (host, port) = match parse_address(pattern) {
        Some(Address { host: (s, e), port }) => (&pattern[s..e], port),
        None => (pattern, None),
    };
    let count = count_range_hosts(host, 0)?;
    Ok(Expanded {
        host: host.to_string(),
        count,
        port,
    })
}

/// The first `limit` hosts that the ranges of `host` (the host part of a pattern, as a
/// parsed `host` node with a `ranges` field holds it) expand to, in Ansible's order.
pub(super) fn expand_host_ranges(host: &str, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    // The parser has checked the ranges: an error here leaves what was made.
    let _ = expand_ranges(host, &mut out, 0, limit);
    out
}

/// One `[begin:end(:step)]` of a host name: `expand_hostname_range` splits at the first `[`
/// and the first `]` after replacing it.
struct Range<'a> {
    head: &'a str,
    tail: &'a str,
    items: RangeItems,
}

enum RangeItems {
    Letters(Vec<char>),
    Numbers {
        begin: i128,
        end: i128,
        step: i128,
        width: Option<usize>,
    },
}

impl RangeItems {
    fn len(&self) -> u128 {
        match self {
            RangeItems::Letters(l) => l.len() as u128,
            RangeItems::Numbers {
                begin, end, step, ..
            } => {
                if *step > 0 && end >= begin {
                    ((end - begin) / step + 1) as u128
                } else {
                    0
                }
            }
        }
    }

    fn nth(&self, i: u128) -> String {
        match self {
            RangeItems::Letters(l) => l
                .get(usize::try_from(i).unwrap_or(usize::MAX))
                .map(char::to_string)
                .unwrap_or_default(),
            RangeItems::Numbers {
                begin, step, width, ..
            } => {
                let n = begin + step * i128::try_from(i).unwrap_or(0);
                match width {
                    Some(w) => zfill(&n.to_string(), *w),
                    None => n.to_string(),
                }
            }
        }
    }
}

/// Python's `str.zfill`: zeros after the sign.
fn zfill(s: &str, width: usize) -> String {
    let (sign, digits) = match s.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", s),
    };
    let len = sign.len() + digits.len();
    format!("{sign}{}{digits}", "0".repeat(width.saturating_sub(len)))
}

const ASCII_LETTERS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn split_range(name: &str) -> Result<Range<'_>, String> {
    let open = name.find('[').ok_or("no range")?;
    let close = open + 1 + name[open + 1..].find(']').ok_or_else(|| bad_range(name))?;
    let head = &name[..open];
    let body = &name[open + 1..close];
    let tail = &name[close + 1..];
    // Python splits the text on `|` after replacing the brackets: a `|` anywhere breaks it.
    if name.contains('|') || name[..open].contains(']') {
        return Err(bad_range(name));
    }
    let bounds: Vec<&str> = body.split(':').collect();
    if bounds.len() != 2 && bounds.len() != 3 {
        return Err(format!(
            "host range `[{body}]` must be begin:end or begin:end:step"
        ));
    }
    let begin = if bounds[0].is_empty() { "0" } else { bounds[0] };
    let end = bounds[1];
    let step = bounds.get(2).copied().unwrap_or("1");
    if end.is_empty() {
        return Err(format!("host range `[{body}]` must specify an end value"));
    }
    let width = if begin.starts_with('0') && begin.len() > 1 {
        if begin.len() != end.len() {
            return Err(format!(
                "host range `[{body}]` must have begin and end of equal length"
            ));
        }
        Some(begin.len())
    } else {
        None
    };
    // `string.ascii_letters.index(...)` finds substrings, so `ab` starts at `a`.
    if let (Some(b), Some(e)) = (ASCII_LETTERS.find(begin), ASCII_LETTERS.find(end)) {
        if b > e {
            return Err(format!("host range `[{body}]` must have begin <= end"));
        }
        if let Some(step) = py_int(step).filter(|s| *s != 0) {
            let letters: Vec<char> = ASCII_LETTERS[b..=e].chars().collect();
            let items = if step > 0 {
                letters
                    .into_iter()
                    .step_by(usize::try_from(step).unwrap_or(usize::MAX))
                    .collect()
            } else {
                Vec::new()
            };
            return Ok(Range {
                head,
                tail,
                items: RangeItems::Letters(items),
            });
        }
    }
    let (Some(b), Some(e), Some(s)) = (py_int(begin), py_int(end), py_int(step)) else {
        return Err(format!(
            "host range `[{body}]` is not a number or letter range"
        ));
    };
    if s == 0 {
        return Err(format!("host range `[{body}]` has a step of zero"));
    }
    Ok(Range {
        head,
        tail,
        items: RangeItems::Numbers {
            begin: b,
            end: e,
            step: s,
            width,
        },
    })
}

fn bad_range(name: &str) -> String {
    format!("host range in `{}` has no matching brackets", excerpt(name))
}

/// How many hosts a name with ranges expands to (capped once it passes the limit).
fn count_range_hosts(name: &str, depth: usize) -> Result<u128, String> {
    if !name.contains('[') {
        return Ok(1);
    }
    if depth > 64 {
        return Err(format!("too many ranges in `{}`", excerpt(name)));
    }
    let range = split_range(name)?;
    let n = range.items.len();
    if n == 0 {
        return Ok(0);
    }
    // Each item gives the same shape of tail, except for zero-filled widths: count the first.
    let first = format!("{}{}{}", range.head, range.items.nth(0), range.tail);
    let per = count_range_hosts(&first, depth + 1)?;
    Ok(n.saturating_mul(per).min(u128::from(u64::MAX)))
}

fn expand_ranges(
    name: &str,
    out: &mut Vec<String>,
    depth: usize,
    limit: usize,
) -> Result<(), String> {
    if out.len() >= limit {
        return Ok(());
    }
    if !name.contains('[') {
        out.push(name.to_string());
        return Ok(());
    }
    if depth > 64 {
        return Err(format!("too many ranges in `{}`", excerpt(name)));
    }
    let range = split_range(name)?;
    for i in 0..range.items.len() {
        if out.len() >= limit {
            break;
        }
        let next = format!("{}{}{}", range.head, range.items.nth(i), range.tail);
        expand_ranges(&next, out, depth + 1, limit)?;
    }
    Ok(())
}

/// A `host` node for a pattern, with the problems Ansible would reject it for.
pub(super) struct HostPattern<'a> {
    pub(super) pattern: &'a str,
    /// Where the pattern is, and whether its text in the file is exactly `pattern`.
    pub(super) span: Span,
    pub(super) exact: bool,
    /// The line or entry that defines the host.
    pub(super) definition: Span,
}

pub(super) fn host_node(
    p: &HostPattern<'_>,
    ini: bool,
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Node {
    let mut node = Node::new(
        "host",
        Spanned::new(p.pattern.to_string(), p.span),
        p.definition,
    );
    let expanded = match expand_pattern(p.pattern) {
        Ok(e) => e,
        Err(message) => {
            diagnostics.push(ParseDiagnostic::error(p.span, message));
            return node;
        }
    };
    if ini && expanded.port.is_none() && p.pattern.trim_matches(py_is_space).ends_with(':') {
        diagnostics.push(ParseDiagnostic::error(
            p.span,
            format!(
                "host pattern `{}` ends in `:`, which is reserved for a port",
                excerpt(p.pattern)
            ),
        ));
    }
    // A range makes host names of digits or letters: only a plain name can be `---` or empty.
    let plain = expanded.count == 1 && !expanded.host.contains('[');
    if ini && plain && expanded.host.trim_matches(py_is_space) == "---" {
        diagnostics.push(ParseDiagnostic::error(
            p.span,
            "host pattern `---` is a sign of a YAML file, not an INI inventory",
        ));
    }
    if plain && expanded.host.is_empty() {
        diagnostics.push(ParseDiagnostic::error(p.span, "empty host name"));
    }
    if plain {
        if !expanded.host.is_empty() {
            node.args = vec![Spanned::new(expanded.host, p.span)];
        }
    } else if expanded.count > 0 {
        let count = i64::try_from(expanded.count).unwrap_or(i64::MAX);
        node.set("ranges", Value::Int(count), p.span);
        node.args = vec![Spanned::new(expanded.host, p.span)];
    }
    if let Some((port, (s, e))) = expanded.port {
        let span = if p.exact {
            Span::new(p.span.file, p.span.start + s, p.span.start + e)
        } else {
            p.span
        };
        // `Host(name, port)` sets `ansible_port` only for a port that is not 0.
        let digits = port.trim_start_matches('0');
        if !digits.is_empty() {
            let value = digits
                .parse::<i64>()
                .map_or_else(|_| Value::Str(digits.to_string()), Value::Int);
            node.set("port", value, span);
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::inventory::parse_ini;
    use crate::formats::inventory::test_support::{F, find, hosts_of, messages};
    use crate::model::Value;

    #[test]
    fn ranges_expand_with_steps_letters_and_zero_padding() {
        let doc = parse_ini(
            F,
            "web[01:03].example.com\ndb-[a:c]\nn[0:10:5]\nx[8:10]y[a:b]\n",
        );
        assert_eq!(
            hosts_of(&doc),
            [
                "web01.example.com",
                "web02.example.com",
                "web03.example.com",
                "db-a",
                "db-b",
                "db-c",
                "n0",
                "n5",
                "n10",
                "x8ya",
                "x8yb",
                "x9ya",
                "x9yb",
                "x10ya",
                "x10yb",
            ]
        );
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        // Python's ascii_letters: lower case before upper case; `[:3]` starts at 0.
        assert_eq!(
            hosts_of(&parse_ini(F, "h[y:B]\n")),
            ["hy", "hz", "hA", "hB"]
        );
        assert_eq!(hosts_of(&parse_ini(F, "h[:2]\n")), ["h0", "h1", "h2"]);
        for bad in [
            "h[1:3\n",
            "h[1]\n",
            "h[01:3]\n",
            "h[3:1:0]\n",
            "h[c:a]\n",
            "h[1:]\n",
        ] {
            let doc = parse_ini(F, bad);
            assert_eq!(doc.diagnostics.len(), 1, "{bad:?}: {:?}", doc.diagnostics);
        }
    }

    #[test]
    fn ranges_are_counted_not_expanded() {
        // 500 patterns of 10 000 hosts each in 7 KB: the parsed tree holds the patterns.
        let text: String = (0..500).map(|i| format!("h{i}-[0:9999]\n")).collect();
        let doc = parse_ini(F, &text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(doc.root.children.len(), 500);
        let first = &doc.root.children[0];
        assert_eq!(first.args[0].value, "h0-[0:9999]");
        assert_eq!(
            first.field("ranges").map(|r| &r.value),
            Some(&Value::Int(10_000))
        );
        let doc = parse_ini(F, "web[0:99999999][a:z]\n");
        assert_eq!(
            doc.root.children[0].field("ranges").map(|r| &r.value),
            Some(&Value::Int(2_600_000_000))
        );
        assert_eq!(
            expand_host_ranges("web[0:99999999][a:z]", 3),
            ["web0a", "web0b", "web0c"]
        );
    }

    #[test]
    fn host_port_counts_only_for_valid_host_names() {
        let doc = parse_ini(
            F,
            "a.example.com:2222\n[::1]:22\n10.0.0.[1:2]:8022\nbad_:22\nfe80::1\nz:0\n",
        );
        let port = |name: &str| {
            find(&doc.root, "host", name)
                .and_then(|h| h.field("port"))
                .map(|p| {
                    (
                        p.value.clone(),
                        &"a.example.com:2222\n[::1]:22\n10.0.0.[1:2]:8022\n"
                            [p.span.start..p.span.end],
                    )
                })
        };
        assert_eq!(port("a.example.com:2222"), Some((Value::Int(2222), "2222")));
        assert_eq!(port("[::1]:22"), Some((Value::Int(22), "22")));
        assert_eq!(port("10.0.0.[1:2]:8022"), Some((Value::Int(8022), "8022")));
        // A label may not end in `_`, so the pattern is no host name and keeps its `:22`.
        assert_eq!(port("bad_:22"), None);
        assert_eq!(port("z:0"), None);
        assert_eq!(
            hosts_of(&doc),
            [
                "a.example.com",
                "::1",
                "10.0.0.1",
                "10.0.0.2",
                "bad_:22",
                "fe80::1",
                "z"
            ]
        );
        let doc = parse_ini(F, "[g]\nweb:\n");
        assert_eq!(
            messages(&doc),
            ["host pattern `web:` ends in `:`, which is reserved for a port"]
        );
    }
}
