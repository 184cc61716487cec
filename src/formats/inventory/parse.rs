//! Ansible inventories, read the way `ansible-inventory --list` of ansible-core 2.19 reads
//! them: INI and YAML inventory sources, the `group_vars/`/`host_vars/` files beside them,
//! and CSV asset lists (an art32 format: a header row, one host per row).
//!
//! The trees are raw: what each file says, in file order. `src/link/inventory.rs` replays
//! them the way Ansible builds its inventory and computes each host's effective variables.
//!
//! Layout. The root's children are `group` nodes (a YAML top-level key, an INI section) and,
//! for INI lines before the first section and CSV rows, `host` nodes of group `ungrouped`.
//! - `group`: name = the group; INI sections carry field `section` (`hosts`, `vars` or
//!   `children`). Children: `var`, `host`, `child` (INI `[g:children]` entries) and, in YAML,
//!   nested `group` nodes (`children:`), in file order.
//! - `host`: name = the host pattern as written, `args` = the host names it expands to,
//!   field `port` (from `host:port`); `var` children are its inline variables.
//! - `var`: name = the variable, field `value` = its value as Ansible types it; the node spans
//!   the whole definition. Integers are `Int`, booleans `Bool`; floats, dates (ISO format),
//!   and null (empty text) are `Str`; a list of scalars is a `List`, each item spanned;
//!   mappings and nested lists are `Str` holding compact JSON, as `ansible-inventory --list`
//!   prints them. A `!unsafe` value is its plain value (`ansible-inventory` wraps it in
//!   `{"__ansible_unsafe": …}`).
//! - `plugin`: an inventory plugin configuration (a YAML mapping with a `plugin` key, in a
//!   `.yml`/`.yaml` source): name = the plugin, args = the [`CONSTRUCTING_OPTIONS`] it sets.
//!   Such a file has no other nodes: the plugin computes its hosts and groups when Ansible
//!   runs, and linking names what that leaves unchecked (a `not-checked` note).
//!
//! Vault. A value tagged `!vault` (inline ansible-vault ciphertext) is no parse error, as it
//! is none for Ansible, which decrypts it only when the value is used: the value is
//! `Value::Opaque` holding what `ansible-inventory --list` prints (`{"__ansible_vault": "…"}`),
//! and so is a list or mapping with such a value inside. Rules cannot judge it: for every
//! test but `exists` it is unknown, which the rule engine reports as a `not-checked` note at
//! the value instead of judging the ciphertext as if it were plain text
//! (`rules::predicate`). A whole file encrypted with ansible-vault is `discover`'s to skip
//! with one `skipped-file` note; given one anyway, the parsers report that they cannot read
//! it.
//!
//! What Ansible does (ansible-core 2.19.14, `plugins/inventory/{yaml,ini}.py`,
//! `plugins/inventory/__init__.py`, `parsing/utils/addresses.py`, `parsing/utils/yaml.py`,
//! PyYAML 6's `resolver.py`/`constructor.py`), checked against its output in
//! `tests/conformance_inventory.rs`:
//! - Every file is read as JSON first and as YAML (1.1, PyYAML's resolver) only if that fails.
//!   A file that loads to a non-empty mapping is a YAML inventory (the `yaml` plugin runs before
//!   `ini` for files with no extension or `.yml`/`.yaml`/`.json`); anything else, an empty file
//!   included, is read as INI. A mapping with a `plugin` key configures an inventory plugin.
//! - YAML 1.1 typing: `yes`/`no`/`on`/`off` are booleans, `0777` is octal, `1_000` and
//!   `10:30` (base 60) are integers, `1.10` is the float 1.1, `2024-01-02` is a date,
//!   `09` and `1e5` are strings. A duplicate key keeps its first position and takes the
//!   last value. `<<` merges mappings; of several, the first wins for keys of one Latin-1
//!   character and the last for others (PyYAML 6.0.4's `flatten_mapping` compares key
//!   objects, and CPython shares one-character strings).
//! - INI: lines split as Python's `str.splitlines` does and are stripped; `#` and `;` start a
//!   comment line. Host lines are split like a POSIX shell (`shlex`, `#` ends the line), the
//!   first word a host pattern, the rest `key=value`; `[g:vars]` lines split at the first
//!   `=`. Both values go through Python's `ast.literal_eval` (so `22` is an integer, `"x"`
//!   loses its quotes, `True` is a boolean but `yes` a string, `80,443` a list, and `a # b`
//!   keeps its comment); what it rejects stays the text as written. The plugin's own
//!   documentation says `[g:vars]` values are strings; its code (`_parse_variable_definition`)
//!   and its output (`x=6000` prints as `6000`) say otherwise.
//! - YAML inventories: top-level keys are groups; a group holds `vars`, `children` and
//!   `hosts` mappings (a string stands for one key); a host's value is its variables or
//!   empty. Ansible skips, with a warning, top-level group values that are no mapping and
//!   other keys, and uses the last value of a duplicate key: art32 says so in `not-checked`
//!   notes (what was skipped is not checked). A child group whose value is no mapping is
//!   skipped too, and then Ansible refuses the file (`g is not a known host nor group`): a
//!   parse error, as is everything Ansible refuses.
//! - Host patterns: `name:port` when the rest is a valid host name or address, ranges
//!   `[01:10]`, `[a:f]`, `[0:10:2]` (zero-padded when the start is), several per name.
//!
//! Deliberate differences: art32 reports every problem and reads on where Ansible gives up on
//! the file; a leading UTF-8 BOM is skipped (Ansible's INI reader keeps it in the first line);
//! a YAML mapping is read as a YAML inventory whatever the file is called (Ansible reads YAML
//! only from files with no extension or a YAML one); the host patterns of an inventory
//! expand to at most `link::inventory::MAX_RANGE_HOSTS` hosts in all (a `host` node keeps
//! its ranges unexpanded, field `ranges` their count); YAML nested deeper than [`MAX_YAML_DEPTH`] levels, or more than
//! 255 levels of `[…]`/`{…}` (saphyr's limit), is not read (libyaml reads 1000), nor is a
//! file with more duplicate keys than art32 reads it again for (`MAX_DUPLICATE_KEYS`, and
//! `MAX_REREAD` of text); loops of INI groups are looked for along at most
//! `MAX_GROUP_WALK` parent links a file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::Regex;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use crate::model::{Document, FileKind, Node, ParseDiagnostic, Value};
use crate::source::{FileId, Span, Spanned};

/// YAML nested deeper than this is not read (the trees are recursive). Ansible's PyYAML,
/// with libyaml, reads up to 1000 levels; inventories nest a handful.
pub const MAX_YAML_DEPTH: usize = 200;

/// Python's parser rejects literals nested deeper than this (`too many nested parentheses`),
/// so `literal_eval` leaves such an INI value as text.
const MAX_LITERAL_DEPTH: usize = 200;

/// Duplicate mapping keys art32 reads in one file: saphyr rejects them, so each one is
/// renamed and the file read again.
const MAX_DUPLICATE_KEYS: usize = 100;

/// How much text those readings again may add up to in one file (fewer duplicates in a
/// large file): a 10 MiB file with a hundred duplicate keys would be a gigabyte to read.
const MAX_REREAD: usize = 4 << 20;

// ---------------------------------------------------------------------------------------
// Values as Ansible holds them
// ---------------------------------------------------------------------------------------

/// A value as Python holds it once Ansible has read it.
#[derive(Debug, Clone, PartialEq)]
enum Data {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer beyond `i64`, as decimal digits.
    BigInt(String),
    Float(f64),
    Str(String),
    /// A date or time, in Python's `isoformat()` (how Ansible serialises it).
    Date(String),
    /// A `!vault` value: its ciphertext.
    Vault(String),
    List(Vec<Item>),
    Map(Vec<(Item, Item)>),
}

#[derive(Debug, Clone, PartialEq)]
struct Item {
    data: Data,
    span: Span,
}

impl Item {
    fn new(data: Data, span: Span) -> Self {
        Item { data, span }
    }
}

impl Data {
    fn is_collection(&self) -> bool {
        matches!(self, Data::List(_) | Data::Map(_))
    }

    /// Python truthiness, for Ansible's `value or {}`.
    fn is_falsy(&self) -> bool {
        match self {
            Data::Null => true,
            Data::Bool(b) => !b,
            Data::Int(i) => *i == 0,
            Data::Float(f) => *f == 0.0,
            Data::Str(s) => s.is_empty(),
            Data::List(l) => l.is_empty(),
            Data::Map(m) => m.is_empty(),
            Data::BigInt(_) | Data::Date(_) | Data::Vault(_) => false,
        }
    }

    /// What the value is, for messages (Python's type names, as Ansible's messages say).
    fn type_name(&self) -> &'static str {
        match self {
            Data::Null => "null",
            Data::Bool(_) => "boolean",
            Data::Int(_) | Data::BigInt(_) => "integer",
            Data::Float(_) => "float",
            Data::Str(_) => "string",
            Data::Date(_) => "date",
            Data::Vault(_) => "vault value",
            Data::List(_) => "list",
            Data::Map(_) => "mapping",
        }
    }

    /// The text of a scalar: what a list item or a dictionary key becomes.
    fn scalar_text(&self) -> String {
        match self {
            Data::Null => String::new(),
            Data::Bool(b) => b.to_string(),
            Data::Int(i) => i.to_string(),
            Data::BigInt(s) | Data::Str(s) | Data::Date(s) => s.clone(),
            Data::Float(f) => py_float_repr(*f),
            Data::Vault(_) | Data::List(_) | Data::Map(_) => self.json(),
        }
    }

    /// A mapping key as `json.dumps` writes it: strings as they are, other scalars as JSON.
    fn key_text(&self) -> String {
        match self {
            Data::Null => "null".to_string(),
            Data::Float(f) => json_float(*f),
            _ => self.scalar_text(),
        }
    }

    /// Compact JSON, as `ansible-inventory --list` would print the value.
    fn json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Data::Null => out.push_str("null"),
            Data::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Data::Int(i) => out.push_str(&i.to_string()),
            Data::BigInt(s) => out.push_str(s),
            Data::Float(f) => out.push_str(&json_float(*f)),
            Data::Str(s) | Data::Date(s) => out.push_str(&json_string(s)),
            Data::Vault(s) => {
                out.push_str("{\"__ansible_vault\":");
                out.push_str(&json_string(s));
                out.push('}');
            }
            Data::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.data.write_json(out);
                }
                out.push(']');
            }
            Data::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&json_string(&k.data.key_text()));
                    out.push(':');
                    v.data.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// The model's value: scalars as they are, a list of scalars as a list, anything
    /// nested as compact JSON.
    fn to_value(&self) -> Value {
        match self {
            _ if self.holds_vault() => Value::Opaque(self.json()),
            Data::Bool(b) => Value::Bool(*b),
            Data::Int(i) => Value::Int(*i),
            Data::List(items) if !items.iter().any(|i| i.data.is_nested()) => Value::List(
                items
                    .iter()
                    .map(|i| Spanned::new(i.data.scalar_text(), i.span))
                    .collect(),
            ),
            Data::List(_) | Data::Map(_) | Data::Vault(_) => Value::Str(self.json()),
            _ => Value::Str(self.scalar_text()),
        }
    }

    /// Whether the value is, or holds somewhere inside, a `!vault` ciphertext.
    fn holds_vault(&self) -> bool {
        match self {
            Data::Vault(_) => true,
            Data::List(items) => items.iter().any(|i| i.data.holds_vault()),
            Data::Map(entries) => entries
                .iter()
                .any(|(k, v)| k.data.holds_vault() || v.data.holds_vault()),
            _ => false,
        }
    }

    fn is_nested(&self) -> bool {
        matches!(self, Data::List(_) | Data::Map(_) | Data::Vault(_))
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// A float as Python's `json.dumps` writes it (`NaN` and `Infinity` are not JSON, but
/// that is what Python writes).
fn json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        py_float_repr(f)
    }
}

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
/// decimal exponent is between -4 and 16, else as `1e+16`; always with a `.0` or an exponent.
fn py_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sci = format!("{f:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let point = exponent + 1;
    if point > -4 && point <= 16 {
        let body = if point <= 0 {
            let zeros = usize::try_from(-point).unwrap_or(0);
            format!("0.{}{digits}", "0".repeat(zeros))
        } else {
            let point = usize::try_from(point).unwrap_or(0);
            if digits.len() <= point {
                format!("{digits}{}.0", "0".repeat(point - digits.len()))
            } else {
                format!("{}.{}", &digits[..point], &digits[point..])
            }
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let esign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{esign}{:02}", exponent.abs())
    }
}

// ---------------------------------------------------------------------------------------
// Lines and text
// ---------------------------------------------------------------------------------------

/// Python's `str.isspace`: Unicode white space and the information separators `\x1c`–`\x1f`.
fn py_is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Line boundaries of Python's `str.splitlines`.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The byte ranges of the lines of `text` from byte `start`, as `str.splitlines` splits them.
fn py_lines(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut line_start = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_line_break(c) {
            lines.push((line_start, start + i));
            let mut next = start + i + c.len_utf8();
            if c == '\r' && text.as_bytes().get(next) == Some(&b'\n') {
                chars.next();
                next += 1;
            }
            line_start = next;
        }
    }
    if line_start < text.len() {
        lines.push((line_start, text.len()));
    }
    lines
}

/// The range without Python white space at either end.
fn py_strip(text: &str, (start, end): (usize, usize)) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(py_is_space).len();
    let trail = s.len() - s.trim_end_matches(py_is_space).len();
    if lead == s.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// At most 40 characters of `s`, for messages.
fn excerpt(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// Ansible decrypts a file that starts with this header; without the password it cannot
/// read it (`parsing/vault`).
fn is_vault_encrypted(text: &str) -> bool {
    text[bom_len(text)..].starts_with("$ANSIBLE_VAULT;")
}

fn root_node(file: FileId, text: &str) -> Node {
    let whole = Span::new(file, 0, text.len());
    Node::new("file", Spanned::new(String::new(), whole), whole)
}

fn vault_diagnostic(file: FileId, text: &str) -> ParseDiagnostic {
    let start = bom_len(text);
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |e| start + e);
    ParseDiagnostic::error(
        Span::new(file, start, end),
        "the file is vault-encrypted: art32 cannot read it without the vault password",
    )
}

// ---------------------------------------------------------------------------------------
// Host patterns
// ---------------------------------------------------------------------------------------

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
pub fn expand_host_ranges(host: &str, limit: usize) -> Vec<String> {
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

/// Python's `int()` on a range bound: white space, a sign, digits with single underscores.
fn py_int(s: &str) -> Option<i128> {
    let t = s.trim_matches(py_is_space);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let n: i128 = digits.replace('_', "").parse().ok()?;
    Some(if neg { -n } else { n })
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

// ---------------------------------------------------------------------------------------
// shlex
// ---------------------------------------------------------------------------------------

/// A word of a host line: its text after quote removal, and for each character of it the
/// byte offset it came from.
#[derive(Debug)]
struct Word {
    text: String,
    offsets: Vec<usize>,
    start: usize,
    end: usize,
}

impl Word {
    fn span_of(&self, file: FileId, from: usize, to: usize) -> Span {
        // `from..to` are char indices into `text`.
        let start = self.offsets.get(from).copied().unwrap_or(self.end);
        let end = if to == 0 || to > self.offsets.len() {
            if to == 0 { start } else { self.end }
        } else if to == self.offsets.len() {
            self.end
        } else {
            self.offsets.get(to).copied().unwrap_or(self.end)
        };
        Span::new(file, start, end.max(start))
    }
}

/// Python's `shlex.split(line, comments=True)` (POSIX mode): words split at space, tab,
/// `\r` and `\n`; `'…'` quotes everything, `"…"` all but `\"` and `\\`, `\` outside quotes
/// escapes the next character, and `#` outside quotes ends the line.
fn shlex_split(text: &str, start: usize, end: usize) -> Result<Vec<Word>, String> {
    #[derive(PartialEq, Clone, Copy)]
    enum State {
        Between,
        Word,
        Quote(char),
        /// After a backslash; what it was in: a word (`None`) or double quotes.
        Escape(Option<char>),
    }
    fn push(words: &mut Vec<Word>, word: &mut Word, quoted: &mut bool) {
        if !word.text.is_empty() || *quoted {
            let at = word.end;
            words.push(std::mem::replace(
                word,
                Word {
                    text: String::new(),
                    offsets: Vec::new(),
                    start: at,
                    end: at,
                },
            ));
        }
        *quoted = false;
    }
    let mut words = Vec::new();
    let mut state = State::Between;
    let mut word = Word {
        text: String::new(),
        offsets: Vec::new(),
        start,
        end: start,
    };
    let mut quoted = false;
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        let next = at + c.len_utf8();
        match state {
            State::Between | State::Word => {
                if is_ws(c) {
                    if state == State::Word {
                        push(&mut words, &mut word, &mut quoted);
                        state = State::Between;
                    }
                    continue;
                }
                if c == '#' {
                    break;
                }
                if state == State::Between {
                    word.start = at;
                }
                match c {
                    '\\' => state = State::Escape(None),
                    '\'' | '"' => {
                        quoted = true;
                        state = State::Quote(c);
                    }
                    _ => {
                        word.text.push(c);
                        word.offsets.push(at);
                        state = State::Word;
                    }
                }
                word.end = next;
            }
            State::Quote(q) => {
                if c == q {
                    state = State::Word;
                } else if q == '"' && c == '\\' {
                    state = State::Escape(Some(q));
                } else {
                    word.text.push(c);
                    word.offsets.push(at);
                }
                word.end = next;
            }
            State::Escape(inside) => {
                // Inside double quotes only `"` and `\` are escaped; the backslash stays
                // before anything else.
                if inside.is_some() && c != '"' && c != '\\' {
                    word.text.push('\\');
                    word.offsets.push(at.saturating_sub(1));
                }
                word.text.push(c);
                word.offsets.push(at);
                state = inside.map_or(State::Word, State::Quote);
                word.end = next;
            }
        }
    }
    match state {
        State::Quote(_) => Err("no closing quotation".to_string()),
        State::Escape(_) => Err("no escaped character".to_string()),
        _ => {
            push(&mut words, &mut word, &mut quoted);
            Ok(words)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Python literals (`ast.literal_eval`)
// ---------------------------------------------------------------------------------------

/// A value `ast.literal_eval` makes, before Ansible turns it into a variable.
#[derive(Debug, Clone, PartialEq)]
enum Py {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Complex(f64, f64),
    Str(String),
    Bytes(Vec<u8>),
    Ellipsis,
    List(Vec<Py>),
    Tuple(Vec<Py>),
    Set(Vec<Py>),
    Dict(Vec<(Py, Py)>),
}

/// `ast.literal_eval(text)`, or `None` where Python raises (`SyntaxError`, `ValueError`):
/// Ansible then keeps the text as it is. Integers past 128 bits and `\N{…}` escapes are not
/// read either (Python reads them).
fn literal_eval(text: &str) -> Option<Py> {
    let text = text.trim_start_matches([' ', '\t']);
    let mut p = PyParser {
        chars: text.chars().collect(),
        pos: 0,
        depth: 0,
    };
    let value = p.expressions()?;
    p.skip_space();
    (p.pos == p.chars.len()).then_some(value)
}

struct PyParser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl PyParser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    /// Blanks and a comment up to the end (the text is one line).
    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\u{c}' => self.pos += 1,
                '#' => self.pos = self.chars.len(),
                _ => break,
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// `a` or `a, b, …` (a tuple, as in eval mode).
    fn expressions(&mut self) -> Option<Py> {
        let first = self.expression()?;
        self.skip_space();
        if self.peek() != Some(',') {
            return Some(first);
        }
        let mut items = vec![first];
        while self.eat(',') {
            self.skip_space();
            if self.peek().is_none() {
                break;
            }
            items.push(self.expression()?);
        }
        Some(Py::Tuple(items))
    }

    /// A literal, a signed number, or a number plus or minus an imaginary number.
    fn expression(&mut self) -> Option<Py> {
        self.depth += 1;
        if self.depth > MAX_LITERAL_DEPTH {
            return None;
        }
        self.skip_space();
        let value = match self.peek()? {
            '+' | '-' => {
                let negative = self.peek() == Some('-');
                self.pos += 1;
                let n = self.number_operand()?;
                let signed = match (n, negative) {
                    (n, false) => n,
                    (Py::Int(i), true) => Py::Int(i.checked_neg()?),
                    (Py::Float(f), true) => Py::Float(-f),
                    (Py::Complex(r, i), true) => Py::Complex(-r, -i),
                    _ => return None,
                };
                self.complex_tail(signed)?
            }
            _ => {
                let atom = self.atom()?;
                if matches!(atom, Py::Int(_) | Py::Float(_)) {
                    self.complex_tail(atom)?
                } else {
                    atom
                }
            }
        };
        self.depth -= 1;
        Some(value)
    }

    /// `left + 2j` / `left - 2j`: the only operators `literal_eval` accepts.
    fn complex_tail(&mut self, left: Py) -> Option<Py> {
        self.skip_space();
        let negative = match self.peek() {
            Some('+') => false,
            Some('-') => true,
            _ => return Some(left),
        };
        if matches!(left, Py::Complex(..)) {
            return None;
        }
        self.pos += 1;
        let Py::Complex(_, imag) = self.number_operand()? else {
            return None;
        };
        let real = match left {
            Py::Int(i) => i as f64,
            Py::Float(f) => f,
            _ => return None,
        };
        let imag = if negative { -imag } else { imag };
        // A further operator makes a `BinOp` of a `BinOp`, which is not a literal.
        self.skip_space();
        if matches!(self.peek(), Some('+' | '-')) {
            return None;
        }
        Some(Py::Complex(real, imag))
    }

    /// A number, possibly in parentheses (they make no node of their own).
    fn number_operand(&mut self) -> Option<Py> {
        self.skip_space();
        if self.peek() == Some('(') {
            let save = self.pos;
            self.pos += 1;
            let inner = self.expression();
            if let Some(n @ (Py::Int(_) | Py::Float(_) | Py::Complex(..))) = inner
                && self.eat(')')
                && !matches!(n, Py::Complex(r, _) if r != 0.0 || r.is_sign_negative())
            {
                return Some(n);
            }
            self.pos = save;
            return None;
        }
        match self.peek()? {
            c if c.is_ascii_digit() || c == '.' => self.number(),
            _ => None,
        }
    }

    fn atom(&mut self) -> Option<Py> {
        self.skip_space();
        let c = self.peek()?;
        match c {
            '(' => {
                self.pos += 1;
                if self.eat(')') {
                    return Some(Py::Tuple(Vec::new()));
                }
                let first = self.expression()?;
                if self.eat(')') {
                    return Some(first);
                }
                let mut items = vec![first];
                while self.eat(',') {
                    if self.eat(')') {
                        return Some(Py::Tuple(items));
                    }
                    items.push(self.expression()?);
                }
                self.eat(')').then_some(Py::Tuple(items))
            }
            '[' => {
                self.pos += 1;
                let items = self.sequence(']')?;
                Some(Py::List(items))
            }
            '{' => {
                self.pos += 1;
                if self.eat('}') {
                    return Some(Py::Dict(Vec::new()));
                }
                let first = self.expression()?;
                if self.eat(':') {
                    let mut entries = vec![(first, self.expression()?)];
                    while self.eat(',') {
                        if self.eat('}') {
                            return Some(Py::Dict(entries));
                        }
                        let k = self.expression()?;
                        if !self.eat(':') {
                            return None;
                        }
                        entries.push((k, self.expression()?));
                    }
                    self.eat('}').then_some(Py::Dict(entries))
                } else {
                    let mut items = vec![first];
                    while self.eat(',') {
                        if self.eat('}') {
                            return Some(Py::Set(items));
                        }
                        items.push(self.expression()?);
                    }
                    self.eat('}').then_some(Py::Set(items))
                }
            }
            '.' if self.peek_at(1) == Some('.') && self.peek_at(2) == Some('.') => {
                self.pos += 3;
                Some(Py::Ellipsis)
            }
            c if c.is_ascii_digit() || c == '.' => self.number(),
            '\'' | '"' => self.strings(),
            c if c.is_alphabetic() || c == '_' => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.pos += 1;
                }
                let word: String = self.chars[start..self.pos].iter().collect();
                if self.peek().is_some_and(|c| c == '\'' || c == '"') && word.len() <= 2 {
                    self.pos = start;
                    return self.strings();
                }
                match word.as_str() {
                    "True" => Some(Py::Bool(true)),
                    "False" => Some(Py::Bool(false)),
                    "None" => Some(Py::None),
                    "set" if self.eat('(') && self.eat(')') => Some(Py::Set(Vec::new())),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Items up to `close`, with an optional trailing comma.
    fn sequence(&mut self, close: char) -> Option<Vec<Py>> {
        let mut items = Vec::new();
        if self.eat(close) {
            return Some(items);
        }
        loop {
            items.push(self.expression()?);
            if self.eat(close) {
                return Some(items);
            }
            if !self.eat(',') {
                return None;
            }
            if self.eat(close) {
                return Some(items);
            }
        }
    }

    /// Python's number tokens: decimal (no leading zeros), `0x`/`0o`/`0b`, floats,
    /// imaginary numbers; `_` only between digits; no name character right after.
    fn number(&mut self) -> Option<Py> {
        let start = self.pos;
        let digits = |p: &mut PyParser, ok: fn(char) -> bool| -> Option<String> {
            let mut s = String::new();
            let mut last_underscore = false;
            while let Some(c) = p.peek() {
                if ok(c) {
                    s.push(c);
                    last_underscore = false;
                } else if c == '_' && !s.is_empty() && !last_underscore {
                    last_underscore = true;
                } else {
                    break;
                }
                p.pos += 1;
            }
            (!last_underscore && !s.is_empty()).then_some(s)
        };
        let value = if self.peek() == Some('0')
            && matches!(self.peek_at(1), Some('x' | 'X' | 'o' | 'O' | 'b' | 'B'))
        {
            let radix = match self.peek_at(1) {
                Some('x' | 'X') => 16,
                Some('o' | 'O') => 8,
                _ => 2,
            };
            self.pos += 2;
            if self.peek() == Some('_') {
                self.pos += 1;
            }
            let d = digits(self, |c| c.is_ascii_hexdigit())?;
            Py::Int(i128::from_str_radix(&d, radix).ok()?)
        } else {
            let int_part = if self.peek() == Some('.') {
                String::new()
            } else {
                digits(self, |c| c.is_ascii_digit())?
            };
            let mut is_float = false;
            let mut text = int_part.clone();
            if self.peek() == Some('.') {
                is_float = true;
                self.pos += 1;
                text.push('.');
                if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    text.push_str(&digits(self, |c| c.is_ascii_digit())?);
                }
                if text == "." {
                    return None;
                }
            }
            if matches!(self.peek(), Some('e' | 'E')) {
                let save = self.pos;
                self.pos += 1;
                let mut exp = String::from("e");
                if let Some(s @ ('+' | '-')) = self.peek() {
                    exp.push(s);
                    self.pos += 1;
                }
                match digits(self, |c| c.is_ascii_digit()) {
                    Some(d) => {
                        exp.push_str(&d);
                        text.push_str(&exp);
                        is_float = true;
                    }
                    None => {
                        self.pos = save;
                        return None;
                    }
                }
            }
            if matches!(self.peek(), Some('j' | 'J')) {
                self.pos += 1;
                if self.name_follows() {
                    return None;
                }
                return Some(Py::Complex(0.0, parse_py_float(&text)?));
            }
            if is_float {
                Py::Float(parse_py_float(&text)?)
            } else {
                if int_part.len() > 1
                    && int_part.starts_with('0')
                    && int_part.bytes().any(|b| b != b'0')
                {
                    return None;
                }
                Py::Int(int_part.parse().ok()?)
            }
        };
        if self.name_follows() || self.pos == start {
            return None;
        }
        Some(value)
    }

    fn name_follows(&self) -> bool {
        self.peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
    }

    /// One or more adjacent string literals, concatenated; all `str` or all `bytes`.
    fn strings(&mut self) -> Option<Py> {
        let mut text: Option<String> = None;
        let mut bytes: Option<Vec<u8>> = None;
        loop {
            self.skip_space();
            let start = self.pos;
            let mut prefix = String::new();
            while let Some(c) = self.peek().filter(|c| c.is_ascii_alphabetic()) {
                prefix.push(c.to_ascii_lowercase());
                self.pos += 1;
            }
            let Some(quote @ ('\'' | '"')) = self.peek() else {
                self.pos = start;
                break;
            };
            let (raw, is_bytes) = match prefix.as_str() {
                "" | "u" => (false, false),
                "r" => (true, false),
                "b" => (false, true),
                "br" | "rb" => (true, true),
                _ => return None, // f-strings are not literals; other prefixes do not parse
            };
            let triple = self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote);
            self.pos += if triple { 3 } else { 1 };
            let mut body = Vec::new();
            loop {
                let c = self.peek()?;
                if c == quote
                    && (!triple
                        || (self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote)))
                {
                    self.pos += if triple { 3 } else { 1 };
                    break;
                }
                if c == '\\' {
                    let next = self.peek_at(1)?;
                    body.push(c);
                    body.push(next);
                    self.pos += 2;
                    continue;
                }
                body.push(c);
                self.pos += 1;
            }
            if is_bytes {
                if text.is_some() || body.iter().any(|c| !c.is_ascii()) {
                    return None;
                }
                let decoded = if raw {
                    body.iter().map(|&c| c as u8).collect()
                } else {
                    unescape_bytes(&body)?
                };
                bytes.get_or_insert_with(Vec::new).extend(decoded);
            } else {
                if bytes.is_some() {
                    return None;
                }
                let decoded = if raw {
                    body.iter().collect()
                } else {
                    unescape_str(&body)?
                };
                text.get_or_insert_with(String::new).push_str(&decoded);
            }
        }
        match (text, bytes) {
            (Some(t), None) => Some(Py::Str(t)),
            (None, Some(b)) => Some(Py::Bytes(b)),
            _ => None,
        }
    }
}

fn parse_py_float(text: &str) -> Option<f64> {
    let mut t = text.to_string();
    if t.starts_with('.') {
        t.insert(0, '0');
    }
    if let Some(dot) = t.find('.') {
        let after = t[dot + 1..].chars().next();
        if !after.is_some_and(|c| c.is_ascii_digit()) {
            t.insert(dot + 1, '0');
        }
    }
    t.parse().ok()
}

/// Escape sequences of a Python `str` literal; unknown ones keep their backslash.
fn unescape_str(body: &[char]) -> Option<String> {
    let mut out = String::new();
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c != '\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let e = *body.get(i + 1)?;
        i += 2;
        match e {
            '\n' => {}
            '\\' | '\'' | '"' => out.push(e),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '0'..='7' => {
                let mut n = e.to_digit(8)?;
                for _ in 0..2 {
                    match body.get(i).and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            n = n * 8 + d;
                            i += 1;
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(n)?);
            }
            'x' | 'u' | 'U' => {
                let len = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = body.get(i..i + len)?.iter().collect();
                if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                i += len;
            }
            'N' => return None,
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

fn unescape_bytes(body: &[char]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c != '\\' {
            out.push(c as u8);
            i += 1;
            continue;
        }
        let e = *body.get(i + 1)?;
        i += 2;
        match e {
            '\n' => {}
            '\\' | '\'' | '"' => out.push(e as u8),
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            'v' => out.push(11),
            '0'..='7' => {
                let mut n = e.to_digit(8)?;
                for _ in 0..2 {
                    match body.get(i).and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            n = n * 8 + d;
                            i += 1;
                        }
                        None => break,
                    }
                }
                out.push(u8::try_from(n & 0xff).ok()?);
            }
            'x' => {
                let hex: String = body.get(i..i + 2)?.iter().collect();
                out.push(u8::from_str_radix(&hex, 16).ok()?);
                i += 2;
            }
            other => {
                out.push(b'\\');
                out.push(other as u8);
            }
        }
    }
    Some(out)
}

/// Python's `str(complex)`: `2j`, `(1+2j)`, `(-0-1j)`.
fn py_complex_str(real: f64, imag: f64) -> String {
    let part = |f: f64| {
        let r = py_float_repr(f);
        r.strip_suffix(".0").map(str::to_string).unwrap_or(r)
    };
    if real == 0.0 && !real.is_sign_negative() {
        return format!("{}j", part(imag));
    }
    let sign = if imag < 0.0 || (imag == 0.0 && imag.is_sign_negative()) {
        ""
    } else {
        "+"
    };
    format!("({}{sign}{}j)", part(real), part(imag))
}

/// What Ansible keeps of a literal (`_parse_recursive_coerce_types_and_tag`): tuples and
/// sets become lists, bytes text, `...` and complex numbers their text.
fn py_to_data(value: Py, span: Span) -> Data {
    let item = |v: Py| Item::new(py_to_data(v, span), span);
    match value {
        Py::None => Data::Null,
        Py::Bool(b) => Data::Bool(b),
        Py::Int(i) => i64::try_from(i).map_or_else(|_| Data::BigInt(i.to_string()), Data::Int),
        Py::Float(f) => Data::Float(f),
        Py::Complex(r, i) => Data::Str(py_complex_str(r, i)),
        Py::Str(s) => Data::Str(s),
        Py::Bytes(b) => Data::Str(String::from_utf8_lossy(&b).into_owned()),
        Py::Ellipsis => Data::Str("...".to_string()),
        Py::List(items) | Py::Tuple(items) => Data::List(items.into_iter().map(item).collect()),
        Py::Set(items) => {
            let mut seen: Vec<Py> = Vec::new();
            for i in items {
                if !seen.contains(&i) {
                    seen.push(i);
                }
            }
            Data::List(seen.into_iter().map(item).collect())
        }
        Py::Dict(entries) => {
            let mut out: Vec<(Item, Item)> = Vec::new();
            for (k, v) in entries {
                let k = item(k);
                let v = item(v);
                match out.iter_mut().find(|(ek, _)| ek.data == k.data) {
                    Some(slot) => slot.1 = v,
                    None => out.push((k, v)),
                }
            }
            Data::Map(out)
        }
    }
}

/// Ansible's `_parse_value`: the literal Python reads, or else the text as it is.
fn ini_value(text: &str, span: Span) -> Data {
    match literal_eval(text) {
        Some(value) => py_to_data(value, span),
        None => Data::Str(text.to_string()),
    }
}

// ---------------------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------------------

/// An upper bound of how deeply a YAML text nests, found without parsing it, so that no
/// tree deeper than [`MAX_YAML_DEPTH`] is ever built (saphyr's trees are recursive).
///
/// Each nesting level needs an indicator (`- `, `? `, `: `) or a flow bracket: every line
/// gets the bound of its parent line (the last one less indented) plus its own indicators and
/// brackets, and one more for a sequence at its parent key's indentation. Block scalars and
/// quoted text only make the bound larger. Aliases can nest deeper than the text shows, but
/// saphyr's budget for them (100 000 nodes) keeps that to a few hundred levels.
fn yaml_depth_bound(text: &str) -> usize {
    struct Level {
        indent: usize,
        base: usize,
        widest: usize,
    }
    let mut stack: Vec<Level> = Vec::new();
    let mut flow = 0usize;
    let mut flow_base = 0usize;
    let mut worst = 0usize;
    for line in text.split('\n') {
        let body = line.trim_end_matches('\r');
        let rest = body.trim_start_matches(' ');
        let indent = body.len() - rest.len();
        let blank = rest.trim().is_empty() || rest.trim_start().starts_with('#');
        if flow == 0 && blank {
            continue;
        }
        let (indicators, deepest, after) = scan_yaml_line(rest, flow);
        let bound = if flow > 0 {
            flow_base + indicators + deepest
        } else {
            while stack.last().is_some_and(|l| l.indent > indent) {
                stack.pop();
            }
            // A sequence may sit at its parent key's indentation (`key:` / `- item`).
            let base = match stack.last() {
                Some(l) if l.indent == indent => l.base + usize::from(rest.starts_with('-')),
                Some(l) => l.widest,
                None => 0,
            };
            if stack.last().is_none_or(|l| l.indent != indent) {
                stack.push(Level {
                    indent,
                    base,
                    widest: 0,
                });
            }
            let bound = base + indicators + deepest;
            if let Some(l) = stack.last_mut() {
                l.widest = l.widest.max(bound);
            }
            if after > 0 {
                flow_base = bound;
            }
            bound
        };
        worst = worst.max(bound);
        flow = after;
    }
    worst
}

/// Indicators on a line, the deepest flow nesting on it and the nesting after it.
fn scan_yaml_line(line: &str, mut flow: usize) -> (usize, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let mut indicators = 0;
    let mut deepest = flow;
    let mut i = 0;
    let boundary = |c: Option<char>| c.is_none_or(|c| c == ' ' || c == '\t');
    while i < chars.len() {
        let c = chars[i];
        let before = if i == 0 { None } else { Some(chars[i - 1]) };
        match c {
            '#' if boundary(before) => break,
            '\'' | '"' if before.is_none_or(|b| " \t[{,:".contains(b)) => {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != c {
                    if c == '"' && chars[j] == '\\' {
                        j += 1;
                    }
                    j += 1;
                }
                i = j;
            }
            '[' | '{' => {
                flow += 1;
                deepest = deepest.max(flow);
            }
            ']' | '}' => flow = flow.saturating_sub(1),
            '-' | '?' | ':' if boundary(chars.get(i + 1).copied()) || (c == ':' && flow > 0) => {
                indicators += 1;
            }
            _ => {}
        }
        i += 1;
    }
    (indicators, deepest, flow)
}

/// A YAML (or JSON) file loaded as Ansible loads it, with byte spans.
struct Loaded {
    /// The first document, `None` for a file with none (empty, or only comments).
    data: Option<Item>,
    diagnostics: Vec<ParseDiagnostic>,
}

/// Why a text could not be loaded at all.
struct LoadError {
    span: Span,
    message: String,
}

/// Loads `text` the way Ansible's `from_yaml` does: as JSON if it is JSON, else as YAML 1.1.
fn load_yaml(file: FileId, text: &str) -> Result<Loaded, LoadError> {
    let whole = Span::new(file, 0, text.len());
    if is_vault_encrypted(text) {
        let d = vault_diagnostic(file, text);
        return Err(LoadError {
            span: d.span,
            message: d.message,
        });
    }
    let bound = yaml_depth_bound(text);
    if bound > MAX_YAML_DEPTH * 2 {
        return Err(LoadError {
            span: whole,
            message: format!(
                "nested more than {MAX_YAML_DEPTH} levels deep: art32 does not read it"
            ),
        });
    }
    let json_value = serde_json::from_str::<serde_json::Value>(text).ok();
    let json = json_value.is_some();
    let chars = CharOffsets::new(text);
    if let Err((at, budget)) = aliases_within(text) {
        return Err(LoadError {
            span: chars.span(file, at, at + 1),
            message: format!(
                "aliases expand to more than {budget} bytes (as many as the file holds, at \
                 least {MIN_ALIAS_BYTES}; a value counts {NODE_BYTES} bytes besides its \
                 text): art32 does not read it"
            ),
        });
    }
    // Mapping keys saphyr rejects as duplicates are renamed (one character, so character
    // positions stay) and read back from the original text: PyYAML accepts them. The
    // characters are only copied once there is one.
    let mut work: Vec<char> = Vec::new();
    let mut renamed: Vec<(usize, char)> = Vec::new();
    let docs = loop {
        let source: std::borrow::Cow<'_, str> = if renamed.is_empty() {
            text.into()
        } else {
            work.iter().collect::<String>().into()
        };
        match MarkedYaml::load_from_str(&source) {
            Ok(docs) => break docs,
            Err(e) => {
                let at = e.marker().index();
                let span = chars.span(file, at, at + 1);
                // JSON that saphyr cannot read as YAML (a surrogate pair escape, say) is still
                // JSON: read it without spans of its parts.
                if let Some(value) = &json_value {
                    return Ok(Loaded {
                        data: Some(json_item(value, whole)),
                        diagnostics: Vec::new(),
                    });
                }
                if e.info() == "recursion limit exceeded" {
                    // saphyr counts flow levels in a byte; libyaml allows 1000.
                    return Err(LoadError {
                        span,
                        message: "`[…]` and `{…}` nested more than 255 levels deep: art32 does \
                                  not read them"
                            .to_string(),
                    });
                }
                if e.info() != "duplicated key in mapping" {
                    return Err(LoadError {
                        span,
                        message: format!("invalid YAML: {}", e.info()),
                    });
                }
                let most = MAX_DUPLICATE_KEYS.min(MAX_REREAD / source.len().max(1));
                if renamed.len() >= most {
                    return Err(LoadError {
                        span,
                        message: format!(
                            "more than {most} duplicate mapping keys (art32 reads the file \
                             again for each): art32 does not read it"
                        ),
                    });
                }
                if work.is_empty() {
                    work = text.chars().collect();
                }
                let Some(target) = duplicate_key_char(&work, at) else {
                    return Err(LoadError {
                        span,
                        message: "a duplicate mapping key art32 cannot read".to_string(),
                    });
                };
                let stand_in = char::from_u32(0xE000 + renamed.len() as u32).unwrap_or('\u{E000}');
                renamed.push((target, work[target]));
                work[target] = stand_in;
            }
        }
    };
    let mut loader = Converter {
        file,
        text,
        chars: &chars,
        json,
        renamed: &renamed,
        diagnostics: Vec::new(),
        too_deep: false,
    };
    if docs.len() > 1 {
        let at = docs[1].span.start.index();
        loader.diagnostics.push(ParseDiagnostic::error(
            chars.span(file, at, at),
            "more than one YAML document: ansible reads files of one document only",
        ));
    }
    let data = match docs.first() {
        Some(doc) if !matches!(doc.data, YamlData::BadValue) => Some(loader.item(doc, 0)),
        Some(doc) => {
            let at = doc.span.start.index();
            Some(Item::new(Data::Null, chars.span(file, at, at)))
        }
        None => None,
    };
    Ok(Loaded {
        data,
        diagnostics: loader.diagnostics,
    })
}

/// The character of a duplicate key at `at` (a character index) that can stand for it: its
/// first character, inside the quotes if it is quoted, after any anchor or tag.
fn duplicate_key_char(work: &[char], mut at: usize) -> Option<usize> {
    while let Some(&c) = work.get(at)
        && (c == '&' || c == '!')
    {
        while work.get(at).is_some_and(|c| !c.is_whitespace()) {
            at += 1;
        }
        while work.get(at).is_some_and(|c| *c == ' ' || *c == '\t') {
            at += 1;
        }
    }
    let c = *work.get(at)?;
    if c == '\'' || c == '"' {
        let inner = *work.get(at + 1)?;
        return (inner != c && inner != '\\' && !inner.is_whitespace()).then_some(at + 1);
    }
    (!c.is_whitespace() && !"[]{},:#|>*&!%@`".contains(c)).then_some(at)
}

/// Alias expansion may add as many bytes to a YAML file as the file holds, and at least
/// this many. saphyr copies the anchored value for each alias, and its own budget counts
/// nodes, not bytes: a 1 MB scalar aliased 3 000 times would be 3 GB.
const MIN_ALIAS_BYTES: u64 = 1 << 20;

/// What a value costs besides its text, in that count (what saphyr and art32 keep for a
/// node, roughly).
const NODE_BYTES: u64 = 64;

/// Whether the aliases of `text` expand to at most `max(text.len(), MIN_ALIAS_BYTES)` bytes;
/// if not, the character index of the alias that passes it, and the budget. One pass over
/// saphyr's events, before anything is copied; a text saphyr cannot read is left to it.
fn aliases_within(text: &str) -> Result<(), (usize, u64)> {
    use saphyr_parser::{Event, Parser};
    if !text.contains('*') {
        return Ok(());
    }
    let budget = (text.len() as u64).max(MIN_ALIAS_BYTES);
    // The size of each anchor, and of each collection still open (with its anchor).
    let mut sizes: HashMap<usize, u64> = HashMap::new();
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut expanded: u64 = 0;
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else {
            return Ok(());
        };
        let (anchor, size) = match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, NODE_BYTES));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                Some(frame) => frame,
                None => continue,
            },
            Event::Scalar(value, _, anchor, _) => (anchor, NODE_BYTES + value.len() as u64),
            Event::Alias(id) => {
                let size = sizes.get(&id).copied().unwrap_or(0);
                expanded = expanded.saturating_add(size);
                if expanded > budget {
                    return Err((span.start.index(), budget));
                }
                (0, size)
            }
            _ => continue,
        };
        if anchor > 0 {
            sizes.insert(anchor, size);
        }
        if let Some((_, parent)) = open.last_mut() {
            *parent = parent.saturating_add(size);
        }
    }
    Ok(())
}

/// Character index to byte offset (saphyr's markers count characters). An ASCII text needs
/// no table: its characters are its bytes.
struct CharOffsets {
    /// Empty for an ASCII text.
    offsets: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let mut offsets = Vec::new();
        if !text.is_ascii() {
            offsets = text.char_indices().map(|(i, _)| i).collect();
            offsets.push(text.len());
        }
        CharOffsets {
            offsets,
            len: text.len(),
        }
    }

    fn byte(&self, index: usize) -> usize {
        if self.offsets.is_empty() {
            return index.min(self.len);
        }
        self.offsets
            .get(index)
            .or(self.offsets.last())
            .copied()
            .unwrap_or(0)
    }

    fn span(&self, file: FileId, start: usize, end: usize) -> Span {
        let s = self.byte(start);
        Span::new(file, s, self.byte(end).max(s))
    }
}

/// PyYAML's implicit types for plain scalars (`yaml/resolver.py`), YAML 1.1.
struct Resolver {
    int: Regex,
    float: Regex,
    /// What the resolver takes for a timestamp (a date alone needs two-digit fields)…
    timestamp: Regex,
    /// …and how the constructor splits it.
    timestamp_parts: Regex,
}

static RESOLVER: LazyLock<Option<Resolver>> = LazyLock::new(|| {
    Some(Resolver {
        int: Regex::new(
            r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        )
        .ok()?,
        float: Regex::new(
            r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        )
        .ok()?,
        timestamp: Regex::new(
            r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        )
        .ok()?,
        timestamp_parts: Regex::new(
            r"^(?P<year>[0-9][0-9][0-9][0-9])-(?P<month>[0-9][0-9]?)-(?P<day>[0-9][0-9]?)(?:(?:[Tt]|[ \t]+)(?P<hour>[0-9][0-9]?):(?P<minute>[0-9][0-9]):(?P<second>[0-9][0-9])(?:\.(?P<fraction>[0-9]*))?(?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)(?::(?P<tz_minute>[0-9][0-9]))?))?)?$",
        )
        .ok()?,
    })
});

/// What a YAML 1.1 tag makes of a scalar's text.
#[derive(Clone, Copy, PartialEq)]
enum ScalarTag {
    Implicit,
    Str,
    Int,
    Float,
    Bool,
    Null,
    Timestamp,
    Vault,
}

/// A plain scalar as PyYAML resolves it (the first implicit resolver that matches).
fn resolve_plain(text: &str) -> Result<Data, String> {
    let Some(r) = RESOLVER.as_ref() else {
        return Ok(Data::Str(text.to_string()));
    };
    let first = text.chars().next();
    match first {
        None => return Ok(Data::Null),
        Some('y' | 'Y' | 'n' | 'N' | 't' | 'T' | 'f' | 'F' | 'o' | 'O') => {
            if let Some(b) = yaml_bool(text) {
                return Ok(Data::Bool(b));
            }
        }
        _ => {}
    }
    if first.is_some_and(|c| "-+0123456789.".contains(c)) && r.float.is_match(text) {
        return construct_float(text);
    }
    if first.is_some_and(|c| "-+0123456789".contains(c)) && r.int.is_match(text) {
        return construct_int(text);
    }
    if matches!(text, "~" | "null" | "Null" | "NULL") {
        return Ok(Data::Null);
    }
    if first.is_some_and(|c| c.is_ascii_digit()) && r.timestamp.is_match(text) {
        return construct_timestamp(text);
    }
    if text == "=" {
        return Err(
            "a plain `=` is YAML 1.1's value tag, which ansible cannot read: quote it".into(),
        );
    }
    Ok(Data::Str(text.to_string()))
}

fn yaml_bool(text: &str) -> Option<bool> {
    match text {
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// `construct_yaml_int`: underscores dropped, `0b`, `0x`, a leading `0` for octal, and
/// `:` for base 60.
fn construct_int(text: &str) -> Result<Data, String> {
    let bad = || format!("`{}` is not an integer", excerpt(text));
    let value = text.replace('_', "");
    let (negative, digits) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value.as_str()),
    };
    let magnitude: i128 = if digits == "0" {
        0
    } else if let Some(b) = digits.strip_prefix("0b") {
        i128::from_str_radix(b, 2).map_err(|_| bad())?
    } else if let Some(h) = digits.strip_prefix("0x") {
        i128::from_str_radix(h, 16).map_err(|_| bad())?
    } else if digits.starts_with('0') {
        i128::from_str_radix(digits, 8).map_err(|_| bad())?
    } else if digits.contains(':') {
        let mut n: i128 = 0;
        for part in digits.split(':') {
            let p: i128 = part.parse().map_err(|_| bad())?;
            n = n
                .checked_mul(60)
                .and_then(|n| n.checked_add(p))
                .ok_or_else(bad)?;
        }
        n
    } else {
        digits.parse().map_err(|_| bad())?
    };
    let n = if negative { -magnitude } else { magnitude };
    Ok(i64::try_from(n).map_or_else(|_| Data::BigInt(n.to_string()), Data::Int))
}

/// `construct_yaml_float`: underscores dropped, `.inf`, `.nan`, and `:` for base 60.
fn construct_float(text: &str) -> Result<Data, String> {
    let bad = || format!("`{}` is not a float", excerpt(text));
    let value = text.replace('_', "").to_lowercase();
    let (sign, body) = match value.as_bytes().first() {
        Some(b'-') => (-1.0, &value[1..]),
        Some(b'+') => (1.0, &value[1..]),
        _ => (1.0, value.as_str()),
    };
    let f = if body == ".inf" {
        f64::INFINITY
    } else if body == ".nan" {
        return Ok(Data::Float(f64::NAN));
    } else if body.contains(':') {
        let mut n = 0.0;
        for part in body.split(':') {
            n = n * 60.0 + parse_py_float(part).ok_or_else(bad)?;
        }
        n
    } else {
        parse_py_float(body).ok_or_else(bad)?
    };
    Ok(Data::Float(sign * f))
}

/// `construct_yaml_timestamp`, written as Python's `isoformat()` writes the date or time.
fn construct_timestamp(text: &str) -> Result<Data, String> {
    let bad = || format!("`{}` is not a valid date", excerpt(text));
    let r = RESOLVER.as_ref().ok_or_else(bad)?;
    let c = r.timestamp_parts.captures(text).ok_or_else(bad)?;
    let num = |name: &str| -> Option<u32> { c.name(name).and_then(|m| m.as_str().parse().ok()) };
    let (year, month, day) = (
        num("year").ok_or_else(bad)?,
        num("month").ok_or_else(bad)?,
        num("day").ok_or_else(bad)?,
    );
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if year == 0 || day == 0 || day > days_in_month {
        return Err(bad());
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    let Some(hour) = num("hour") else {
        return Ok(Data::Date(date));
    };
    let (minute, second) = (
        num("minute").ok_or_else(bad)?,
        num("second").ok_or_else(bad)?,
    );
    if hour > 23 || minute > 59 || second > 59 {
        return Err(bad());
    }
    let mut out = format!("{date}T{hour:02}:{minute:02}:{second:02}");
    if let Some(f) = c.name("fraction").map(|m| m.as_str()) {
        let mut micro: String = f.chars().take(6).collect();
        while micro.len() < 6 {
            micro.push('0');
        }
        if micro != "000000" {
            out.push('.');
            out.push_str(&micro);
        }
    }
    if let Some(sign) = c.name("tz_sign").map(|m| m.as_str()) {
        let h = num("tz_hour").unwrap_or(0);
        let m = num("tz_minute").unwrap_or(0);
        if h > 23 || m > 59 {
            return Err(bad());
        }
        let sign = if sign == "-" && (h, m) != (0, 0) {
            '-'
        } else {
            '+'
        };
        out.push_str(&format!("{sign}{h:02}:{m:02}"));
    } else if c.name("tz").is_some() {
        out.push_str("+00:00");
    }
    Ok(Data::Date(out))
}

/// Turns saphyr's nodes into [`Item`]s, typing scalars as PyYAML would.
struct Converter<'a> {
    file: FileId,
    text: &'a str,
    chars: &'a CharOffsets,
    /// The text is JSON: Ansible read it with `json.loads`.
    json: bool,
    renamed: &'a [(usize, char)],
    diagnostics: Vec<ParseDiagnostic>,
    /// Nesting past the limit was reported (once).
    too_deep: bool,
}

impl Converter<'_> {
    fn span(&self, node: &MarkedYaml) -> Span {
        self.chars
            .span(self.file, node.span.start.index(), node.span.end.index())
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diagnostics.push(ParseDiagnostic::error(span, message));
    }

    fn item(&mut self, node: &MarkedYaml, depth: usize) -> Item {
        let span = self.span(node);
        if depth > MAX_YAML_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                self.error(
                    span,
                    format!(
                        "nested more than {MAX_YAML_DEPTH} levels deep: art32 does not read it"
                    ),
                );
            }
            return Item::new(Data::Null, span);
        }
        match &node.data {
            YamlData::Sequence(items) => {
                let items: Vec<Item> = items.iter().map(|i| self.item(i, depth + 1)).collect();
                let span = self.collection_span(span, items.iter().map(|i| i.span));
                Item::new(Data::List(items), span)
            }
            YamlData::Mapping(map) => {
                let entries: Vec<(&MarkedYaml, &MarkedYaml)> = map.iter().collect();
                let data = self.mapping(&entries, depth);
                let spans: Vec<Span> = match &data {
                    Data::Map(m) => m.iter().flat_map(|(k, v)| [k.span, v.span]).collect(),
                    _ => Vec::new(),
                };
                let span = self.collection_span(span, spans.into_iter());
                Item::new(data, span)
            }
            YamlData::Tagged(tag, inner) => {
                let name = format!("{}{}", tag.handle, tag.suffix);
                match &inner.data {
                    YamlData::Sequence(_) | YamlData::Mapping(_) => {
                        if !matches!(name.as_str(), "!unsafe") {
                            self.error(
                                span,
                                format!("unknown YAML tag `{name}`: ansible cannot read it"),
                            );
                        }
                        let mut item = self.item(inner, depth + 1);
                        item.span = span;
                        item
                    }
                    _ => self.scalar(node, inner, span, Some(&name)),
                }
            }
            YamlData::Alias(_) | YamlData::BadValue => {
                let (data, _) = self.raw_scalar(span, None);
                Item::new(data, span)
            }
            YamlData::Value(_) | YamlData::Representation(..) => {
                self.scalar(node, node, span, None)
            }
        }
    }

    /// saphyr ends a flow collection's span before its closing bracket, and a block one at
    /// the next token (after blank lines and comments): end it at its bracket, or its last
    /// entry.
    fn collection_span(&self, span: Span, children: impl Iterator<Item = Span>) -> Span {
        let raw = &self.text[span.start..span.end];
        let (body, _, _) = self.properties(raw);
        if body.starts_with(['[', '{']) {
            return match self.text[span.end..].chars().next() {
                Some(c @ (']' | '}')) => Span::new(span.file, span.start, span.end + c.len_utf8()),
                _ => span,
            };
        }
        let end = children
            .filter(|c| c.file == span.file && c.start >= span.start && c.end <= span.end)
            .map(|c| c.end)
            .max();
        match end {
            Some(end) if !body.starts_with('*') => Span::new(span.file, span.start, end),
            _ => span,
        }
    }

    /// The text of the scalar at `span` without its anchor and tag: (text, tag, its offset).
    fn properties<'t>(&self, raw: &'t str) -> (&'t str, Option<&'t str>, usize) {
        let mut rest = raw;
        let mut tag = None;
        loop {
            let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
            if let Some(c @ ('&' | '!')) = trimmed.chars().next() {
                let end = trimmed
                    .find([' ', '\t', '\r', '\n'])
                    .unwrap_or(trimmed.len());
                if c == '!' {
                    tag = Some(&trimmed[..end]);
                }
                rest = &trimmed[end..];
            } else {
                rest = trimmed;
                break;
            }
        }
        let offset = raw.len() - rest.len();
        (rest, tag, offset)
    }

    /// A scalar whose text is only in the file (an alias or a value saphyr could not type).
    fn raw_scalar(&mut self, span: Span, tag: Option<&str>) -> (Data, Span) {
        let raw = &self.text[span.start..span.end];
        let (text, _, offset) = self.properties(raw);
        let at = Span::new(span.file, span.start + offset, span.end);
        let tag = self.scalar_tag(tag, span);
        (self.typed(text, true, tag, at), at)
    }

    fn scalar_tag(&mut self, tag: Option<&str>, span: Span) -> ScalarTag {
        let Some(tag) = tag else {
            return ScalarTag::Implicit;
        };
        let core = tag
            .strip_prefix("!!")
            .or_else(|| tag.strip_prefix("tag:yaml.org,2002:"))
            .or_else(|| {
                tag.strip_prefix("!<tag:yaml.org,2002:")
                    .and_then(|t| t.strip_suffix('>'))
            });
        match (core, tag) {
            (Some("str"), _) => ScalarTag::Str,
            (Some("int"), _) => ScalarTag::Int,
            (Some("float"), _) => ScalarTag::Float,
            (Some("bool"), _) => ScalarTag::Bool,
            (Some("null"), _) => ScalarTag::Null,
            (Some("timestamp"), _) => ScalarTag::Timestamp,
            (_, "!unsafe") => ScalarTag::Implicit,
            (_, "!vault" | "!vault-encrypted") => ScalarTag::Vault,
            _ => {
                self.error(
                    span,
                    format!("unknown YAML tag `{tag}`: ansible cannot read it"),
                );
                ScalarTag::Implicit
            }
        }
    }

    fn scalar(
        &mut self,
        outer: &MarkedYaml,
        inner: &MarkedYaml,
        span: Span,
        tag: Option<&str>,
    ) -> Item {
        let raw = &self.text[span.start..span.end];
        let (text, raw_tag, offset) = self.properties(raw);
        let tag = self.scalar_tag(tag.or(raw_tag), span);
        let value_span = Span::new(span.file, span.start + offset, span.end);
        let plain = !text.starts_with(['\'', '"', '|', '>']);
        // A plain scalar on one line is its own text; anything else is saphyr's value.
        let value: String = if plain && !text.contains(['\n', '\r']) {
            text.to_string()
        } else {
            let mut v = match &inner.data {
                YamlData::Value(Scalar::String(s)) => s.to_string(),
                YamlData::Value(Scalar::Integer(i)) => i.to_string(),
                YamlData::Value(Scalar::FloatingPoint(f)) => f.to_string(),
                YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
                YamlData::Representation(s, ..) => s.to_string(),
                _ => String::new(),
            };
            let start = outer.span.start.index() + raw[..offset].chars().count();
            if let Some(&(_, original)) = self
                .renamed
                .iter()
                .find(|(at, _)| *at == start + 1 || *at == start)
                && let Some(first) = v.chars().next()
            {
                v.replace_range(..first.len_utf8(), &original.to_string());
            }
            v
        };
        Item::new(self.typed(&value, plain, tag, value_span), value_span)
    }

    fn typed(&mut self, value: &str, plain: bool, tag: ScalarTag, span: Span) -> Data {
        let result = match tag {
            ScalarTag::Implicit if plain && self.json => Ok(json_scalar(value)),
            ScalarTag::Implicit if plain => resolve_plain(value),
            ScalarTag::Implicit | ScalarTag::Str => Ok(Data::Str(value.to_string())),
            ScalarTag::Vault => Ok(Data::Vault(value.to_string())),
            ScalarTag::Int => construct_int(value),
            ScalarTag::Float => construct_float(value),
            ScalarTag::Bool => yaml_bool_any_case(value)
                .map(Data::Bool)
                .ok_or_else(|| format!("`{}` is not a boolean", excerpt(value))),
            ScalarTag::Null => Ok(Data::Null),
            ScalarTag::Timestamp => construct_timestamp(value),
        };
        result.unwrap_or_else(|message| {
            self.error(span, message);
            Data::Str(value.to_string())
        })
    }

    /// A mapping as PyYAML builds it: `<<` merges first, then the keys; a key that comes
    /// again keeps its first place and takes the last value.
    fn mapping(&mut self, entries: &[(&MarkedYaml, &MarkedYaml)], depth: usize) -> Data {
        let mut merged = Merged::default();
        let mut own: Vec<(Item, Item)> = Vec::new();
        for (k, v) in entries {
            let key = self.item(k, depth + 1);
            let is_merge = !self.json
                && matches!(&key.data, Data::Str(s) if s == "<<")
                && self.text[key.span.start..key.span.end] == *"<<";
            if is_merge {
                let value = self.item(v, depth + 1);
                match value.data {
                    Data::Map(m) => merged.add(m),
                    Data::List(list) => {
                        for sub in list {
                            match sub.data {
                                Data::Map(m) => merged.add(m),
                                other => self.error(
                                    sub.span,
                                    format!(
                                        "expected a mapping for merging, found a {}",
                                        other.type_name()
                                    ),
                                ),
                            }
                        }
                    }
                    other => self.error(
                        value.span,
                        format!(
                            "expected a mapping or list of mappings for merging, found a {}",
                            other.type_name()
                        ),
                    ),
                }
                continue;
            }
            if key.data.is_collection() {
                self.error(
                    key.span,
                    "a list or mapping as a mapping key: ansible cannot read it",
                );
                continue;
            }
            let value = self.item(v, depth + 1);
            own.push((key, value));
        }
        let mut out: Vec<(Item, Item, bool)> = Vec::new();
        // Where each key is in `out`: strings (nearly every key) by their text, the
        // others by comparison, so that a mapping of n keys is not n² comparisons.
        let mut strings: HashMap<String, usize> = HashMap::new();
        let mut others: Vec<usize> = Vec::new();
        let merged_count = merged.items.len();
        for (i, (k, v)) in merged.items.into_iter().chain(own).enumerate() {
            let is_own = i >= merged_count;
            let at = match &k.data {
                Data::Str(text) => strings.get(text).copied(),
                data => others.iter().copied().find(|&o| out[o].0.data == *data),
            };
            if at.is_none() {
                match &k.data {
                    Data::Str(text) => {
                        strings.insert(text.clone(), out.len());
                    }
                    _ => others.push(out.len()),
                }
            }
            match at.map(|o| &mut out[o]) {
                Some(slot) => {
                    // Ansible warns (`DUPLICATE_YAML_DICT_KEY=warn`) and reads on.
                    if is_own && slot.2 && !self.json {
                        self.diagnostics.push(ParseDiagnostic::not_checked(
                            k.span,
                            format!(
                                "duplicate key `{}`: ansible uses the last value, so the earlier one is not checked",
                                excerpt(&k.data.key_text())
                            ),
                        ));
                    }
                    slot.0 = k;
                    slot.1 = v;
                    slot.2 |= is_own;
                }
                None => out.push((k, v, is_own)),
            }
        }
        Data::Map(out.into_iter().map(|(k, v, _)| (k, v)).collect())
    }
}

fn yaml_bool_any_case(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "true" | "on" => Some(true),
        "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// The entries `<<` merges into a mapping, with what tells whether the next one is
/// the same key object as one of them.
#[derive(Default)]
struct Merged {
    items: Vec<(Item, Item)>,
    /// Where their keys are written.
    spans: BTreeSet<(usize, usize)>,
    /// Those with keys CPython shares.
    shared: Vec<usize>,
}

impl Merged {
    /// Adds a merged mapping's entries as PyYAML 6's `flatten_mapping` does: an entry is
    /// left out when an earlier merged one has the same key *object* — the same node (one
    /// anchor merged twice), or a key of at most one Latin-1 character, which CPython
    /// shares. So an earlier mapping wins for such keys and a later one for all others.
    fn add(&mut self, entries: Vec<(Item, Item)>) {
        let shared = |d: &Data| {
            let t = d.key_text();
            let mut chars = t.chars();
            match (chars.next(), chars.next()) {
                (None, _) => true,
                (Some(c), None) => u32::from(c) < 256,
                _ => false,
            }
        };
        for (k, v) in entries {
            let is_shared = shared(&k.data);
            let same_object = self.spans.contains(&(k.span.start, k.span.end))
                || (is_shared && self.shared.iter().any(|&i| self.items[i].0.data == k.data));
            if !same_object {
                self.spans.insert((k.span.start, k.span.end));
                if is_shared {
                    self.shared.push(self.items.len());
                }
                self.items.push((k, v));
            }
        }
    }
}

/// A JSON value as `json.loads` reads it, every part spanning `span`.
fn json_item(value: &serde_json::Value, span: Span) -> Item {
    use serde_json::Value as J;
    let data = match value {
        J::Null => Data::Null,
        J::Bool(b) => Data::Bool(*b),
        J::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Data::Int(i),
            (None, Some(f)) if n.is_f64() => Data::Float(f),
            _ => Data::BigInt(n.to_string()),
        },
        J::String(s) => Data::Str(s.clone()),
        J::Array(items) => Data::List(items.iter().map(|i| json_item(i, span)).collect()),
        J::Object(map) => Data::Map(
            map.iter()
                .map(|(k, v)| (Item::new(Data::Str(k.clone()), span), json_item(v, span)))
                .collect(),
        ),
    };
    Item::new(data, span)
}

/// A JSON scalar as Python's `json.loads` types it.
fn json_scalar(text: &str) -> Data {
    match text {
        "true" => Data::Bool(true),
        "false" => Data::Bool(false),
        "null" => Data::Null,
        _ if text.contains(['.', 'e', 'E']) => text
            .parse::<f64>()
            .map_or_else(|_| Data::Str(text.to_string()), Data::Float),
        _ => match text.parse::<i64>() {
            Ok(i) => Data::Int(i),
            Err(_) if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') => {
                Data::BigInt(text.to_string())
            }
            Err(_) => Data::Str(text.to_string()),
        },
    }
}
// ---------------------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------------------

fn var_node(name: String, name_span: Span, value: &Item, span: Span) -> Node {
    let mut node = Node::new("var", Spanned::new(name, name_span), span);
    node.set("value", value.data.to_value(), value.span);
    node
}

/// A `host` node for a pattern, with the problems Ansible would reject it for.
struct HostPattern<'a> {
    pattern: &'a str,
    /// Where the pattern is, and whether its text in the file is exactly `pattern`.
    span: Span,
    exact: bool,
    /// The line or entry that defines the host.
    definition: Span,
}

fn host_node(p: &HostPattern<'_>, ini: bool, diagnostics: &mut Vec<ParseDiagnostic>) -> Node {
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

// ---------------------------------------------------------------------------------------
// YAML inventories (`plugins/inventory/yaml.py`)
// ---------------------------------------------------------------------------------------

fn yaml_groups(root: &[(Item, Item)], diagnostics: &mut Vec<ParseDiagnostic>) -> Vec<Node> {
    root.iter()
        .filter_map(|(k, v)| yaml_group(k, v, false, diagnostics))
        .collect()
}

/// A group of a YAML inventory; `child` for an entry of a `children` mapping.
fn yaml_group(
    key: &Item,
    value: &Item,
    child: bool,
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Option<Node> {
    let name = match &key.data {
        Data::Str(s) if !s.is_empty() => s.clone(),
        other => {
            diagnostics.push(ParseDiagnostic::error(
                key.span,
                format!(
                    "invalid group name `{}`: a group name must be a non-empty string",
                    excerpt(&other.key_text())
                ),
            ));
            return None;
        }
    };
    let entries = match &value.data {
        Data::Map(entries) => entries.as_slice(),
        Data::Null => &[],
        other => {
            // Ansible skips it with a warning; as a child, it then fails to add the group it
            // skipped (`g is not a known host nor group`) and refuses the file.
            let message = format!(
                "`{}` is not a valid group definition (a {}, not a mapping): ansible skips it",
                excerpt(&name),
                other.type_name()
            );
            diagnostics.push(if child {
                ParseDiagnostic::error(
                    value.span,
                    format!(
                        "{message}, and then refuses the file, as its parent names it as a child"
                    ),
                )
            } else {
                ParseDiagnostic::not_checked(value.span, message)
            });
            return None;
        }
    };
    let span = key.span.to(value.span);
    let mut node = Node::new("group", Spanned::new(name.clone(), key.span), span);
    for (k, v) in entries {
        let section = match &k.data {
            Data::Str(s) => s.as_str(),
            _ => "",
        };
        // A string stands for a mapping with that one key.
        let single;
        let members: &[(Item, Item)] = match &v.data {
            Data::Map(m) => m,
            Data::Null => continue,
            Data::Str(s) if matches!(section, "vars" | "children" | "hosts") => {
                single = [(
                    Item::new(Data::Str(s.clone()), v.span),
                    Item::new(Data::Null, Span::new(v.span.file, v.span.end, v.span.end)),
                )];
                &single
            }
            other => {
                // Ansible refuses a `vars`, `children` or `hosts` that is no mapping, and
                // skips other keys with a warning.
                diagnostics.push(if matches!(section, "vars" | "children" | "hosts") {
                    ParseDiagnostic::error(
                        v.span,
                        format!(
                            "invalid `{section}` entry for group `{}`: requires a mapping, found a {}",
                            excerpt(&name),
                            other.type_name()
                        ),
                    )
                } else {
                    ParseDiagnostic::not_checked(
                        v.span,
                        format!(
                            "key `{}` in group `{}` is not a mapping: ansible skips it",
                            excerpt(&k.data.key_text()),
                            excerpt(&name)
                        ),
                    )
                });
                continue;
            }
        };
        match section {
            "vars" => {
                for (vk, vv) in members {
                    node.children.push(var_node(
                        vk.data.key_text(),
                        vk.span,
                        vv,
                        vk.span.to(vv.span),
                    ));
                }
            }
            "children" => {
                for (ck, cv) in members {
                    if let Some(child) = yaml_group(ck, cv, true, diagnostics) {
                        node.children.push(child);
                    }
                }
            }
            "hosts" => {
                for (hk, hv) in members {
                    node.children.push(yaml_host(hk, hv, diagnostics));
                }
            }
            _ => diagnostics.push(ParseDiagnostic::not_checked(
                k.span,
                format!(
                    "unexpected key `{}` in group `{}`: only `vars`, `children` and `hosts` are valid, ansible skips it",
                    excerpt(&k.data.key_text()),
                    excerpt(&name)
                ),
            )),
        }
    }
    Some(node)
}

fn yaml_host(key: &Item, value: &Item, diagnostics: &mut Vec<ParseDiagnostic>) -> Node {
    let definition = key.span.to(value.span);
    let Data::Str(pattern) = &key.data else {
        diagnostics.push(ParseDiagnostic::error(
            key.span,
            format!(
                "host pattern `{}` must be a string: quote it",
                excerpt(&key.data.key_text())
            ),
        ));
        return Node::new(
            "host",
            Spanned::new(key.data.key_text(), key.span),
            definition,
        );
    };
    let mut node = host_node(
        &HostPattern {
            pattern,
            span: key.span,
            exact: key.span.len() == pattern.len(),
            definition,
        },
        false,
        diagnostics,
    );
    match &value.data {
        Data::Map(vars) => {
            for (vk, vv) in vars {
                node.children.push(var_node(
                    vk.data.key_text(),
                    vk.span,
                    vv,
                    vk.span.to(vv.span),
                ));
            }
        }
        d if d.is_falsy() => {}
        other => diagnostics.push(ParseDiagnostic::error(
            value.span,
            format!(
                "the variables of host `{}` must be a mapping, not a {}",
                excerpt(pattern),
                other.type_name()
            ),
        )),
    }
    node
}

// ---------------------------------------------------------------------------------------
// INI inventories (`plugins/inventory/ini.py`)
// ---------------------------------------------------------------------------------------

struct IniPatterns {
    section: Regex,
    group: Regex,
}

static INI: LazyLock<Option<IniPatterns>> = LazyLock::new(|| {
    Some(IniPatterns {
        section: Regex::new(r"^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$").ok()?,
        group: Regex::new(r"^([^:\]\s]+)\s*(?:#.*)?$").ok()?,
    })
});

#[derive(Clone, Copy, PartialEq)]
enum IniState {
    Hosts,
    Vars,
    Children,
    /// After a bad section header: Ansible has given up on the file.
    Invalid,
}

/// Groups as the INI file declares them, to report what Ansible rejects at the end.
#[derive(Default)]
struct IniGroups {
    known: BTreeSet<String>,
    /// `[g:vars]` seen before `g` was declared: group → lines.
    pending_vars: BTreeMap<String, Vec<Span>>,
    /// `[p:children]` entries naming a group not declared yet: child → (parent, line).
    pending_children: BTreeMap<String, Vec<(String, Span)>>,
    /// Child → parents.
    parents: BTreeMap<String, Vec<String>>,
    /// What is left of [`MAX_GROUP_WALK`]; `None` once it ran out (and that was
    /// reported): then loops are no longer looked for.
    walk_left: Option<usize>,
}

/// Follows parent links up from `of` looking for `ancestor`, at most `left` of them:
/// whether it was found, and what is left (`None` if that ran out first).
fn walk_up(
    parents: &BTreeMap<String, Vec<String>>,
    ancestor: &str,
    of: &str,
    mut left: usize,
) -> (bool, Option<usize>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut todo = vec![of];
    while let Some(g) = todo.pop() {
        for p in parents.get(g).into_iter().flatten() {
            let Some(l) = left.checked_sub(1) else {
                return (false, None);
            };
            left = l;
            if seen.insert(p) {
                if p == ancestor {
                    return (true, Some(left));
                }
                todo.push(p);
            }
        }
    }
    (false, Some(left))
}

/// How many parent links the loop checks of one file may follow together: each new
/// child walks the ancestors of its parent, which for a chain of n groups is n²/2.
/// (Linking has its own budget, [`crate::formats::inventory::link`].)
const MAX_GROUP_WALK: usize = 1_000_000;

impl IniGroups {
    fn new() -> Self {
        let mut g = IniGroups {
            walk_left: Some(MAX_GROUP_WALK),
            ..IniGroups::default()
        };
        g.known.insert("all".to_string());
        g.known.insert("ungrouped".to_string());
        g
    }

    /// Whether `ancestor` is above `of`; `None` when the budget ran out on the way.
    fn is_ancestor(&mut self, ancestor: &str, of: &str) -> Option<bool> {
        let left = self.walk_left?;
        let (found, left) = walk_up(&self.parents, ancestor, of, left);
        self.walk_left = left;
        left.map(|_| found)
    }

    fn add_child(&mut self, parent: &str, child: &str, span: Span, out: &mut Vec<ParseDiagnostic>) {
        let had_budget = self.walk_left.is_some();
        let loop_found = parent == child || self.is_ancestor(child, parent) == Some(true);
        if loop_found {
            out.push(ParseDiagnostic::error(
                span,
                format!("adding group `{child}` to `{parent}` makes a loop of groups"),
            ));
            return;
        }
        if had_budget && self.walk_left.is_none() {
            out.push(ParseDiagnostic::error(
                span,
                format!(
                    "groups nest so deep that looking for loops takes more than \
                     {MAX_GROUP_WALK} steps; from here on loops are not reported"
                ),
            ));
        }
        self.parents
            .entry(child.to_string())
            .or_default()
            .push(parent.to_string());
    }
}

fn ini_nodes(file: FileId, text: &str) -> (Vec<Node>, Vec<ParseDiagnostic>) {
    let mut diagnostics = Vec::new();
    let mut nodes: Vec<Node> = Vec::new();
    let Some(patterns) = INI.as_ref() else {
        return (nodes, diagnostics);
    };
    let mut groups = IniGroups::new();
    let mut in_section = false;
    let mut state = IniState::Hosts;
    let mut group = String::from("ungrouped");
    for range in py_lines(text, bom_len(text)) {
        let (s, e) = py_strip(text, range);
        let line = &text[s..e];
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        let line_span = Span::new(file, s, e);
        if let Some(c) = patterns.section.captures(line) {
            let (Some(name), tag) = (c.get(1), c.get(2)) else {
                continue;
            };
            let tag_text = tag.map_or("hosts", |t| t.as_str());
            group = name.as_str().to_string();
            state = match tag_text {
                "hosts" => IniState::Hosts,
                "vars" => IniState::Vars,
                "children" => IniState::Children,
                other => {
                    diagnostics.push(ParseDiagnostic::error(
                        line_span,
                        format!("section `{line}` has unknown type `{other}`: use `hosts`, `vars` or `children`"),
                    ));
                    IniState::Invalid
                }
            };
            in_section = true;
            let mut node = Node::new(
                "group",
                Spanned::new(
                    group.clone(),
                    Span::new(file, s + name.start(), s + name.end()),
                ),
                line_span,
            );
            node.set("section", Value::Str(tag_text.to_string()), line_span);
            nodes.push(node);
            if state == IniState::Invalid {
                continue;
            }
            if !groups.known.contains(&group) {
                if state == IniState::Vars && !groups.pending_children.contains_key(&group) {
                    groups
                        .pending_vars
                        .entry(group.clone())
                        .or_default()
                        .push(line_span);
                }
                groups.known.insert(group.clone());
            }
            if state != IniState::Vars {
                groups.pending_vars.remove(&group);
                let resolved = groups.pending_children.remove(&group).unwrap_or_default();
                for (parent, span) in resolved {
                    groups.add_child(&parent, &group, span, &mut diagnostics);
                }
            }
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            diagnostics.push(ParseDiagnostic::error(
                line_span,
                format!(
                    "invalid section `{}`: a section header has no spaces or other invalid characters",
                    excerpt(line)
                ),
            ));
            state = IniState::Invalid;
            continue;
        }
        let node = match state {
            IniState::Hosts => ini_host(file, text, (s, e), &mut diagnostics),
            IniState::Vars => ini_var(file, text, (s, e), &mut diagnostics),
            IniState::Children => {
                let Some(name) = patterns.group.captures(line).and_then(|c| c.get(1)) else {
                    diagnostics.push(ParseDiagnostic::error(
                        line_span,
                        format!("expected a group name, got `{}`", excerpt(line)),
                    ));
                    continue;
                };
                let child = name.as_str().to_string();
                let name_span = Span::new(file, s + name.start(), s + name.end());
                if groups.known.contains(&child) {
                    groups.add_child(&group, &child, name_span, &mut diagnostics);
                } else {
                    groups
                        .pending_children
                        .entry(child.clone())
                        .or_default()
                        .push((group.clone(), name_span));
                }
                Some(Node::new(
                    "child",
                    Spanned::new(child, name_span),
                    line_span,
                ))
            }
            IniState::Invalid => None,
        };
        if let Some(node) = node {
            match nodes.last_mut() {
                Some(section) if in_section => section.children.push(node),
                _ => nodes.push(node),
            }
        }
    }
    for (g, spans) in groups.pending_vars {
        for span in spans {
            diagnostics.push(ParseDiagnostic::error(
                span,
                format!("section `[{g}:vars]` is for group `{g}`, which is not defined"),
            ));
        }
    }
    for (child, waiting) in groups.pending_children {
        for (parent, span) in waiting {
            diagnostics.push(ParseDiagnostic::error(
                span,
                format!(
                    "section `[{parent}:children]` names group `{child}`, which is not defined"
                ),
            ));
        }
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    (nodes, diagnostics)
}

fn ini_host(
    file: FileId,
    text: &str,
    (s, e): (usize, usize),
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Option<Node> {
    let line_span = Span::new(file, s, e);
    let words = match shlex_split(text, s, e) {
        Ok(w) => w,
        Err(why) => {
            diagnostics.push(ParseDiagnostic::error(
                line_span,
                format!("cannot split host line: {why}"),
            ));
            return None;
        }
    };
    let first = words.first()?;
    let pattern_span = Span::new(file, first.start, first.end);
    let mut node = host_node(
        &HostPattern {
            pattern: &first.text,
            span: pattern_span,
            exact: first.end - first.start == first.text.len(),
            definition: line_span,
        },
        true,
        diagnostics,
    );
    for word in &words[1..] {
        let word_span = Span::new(file, word.start, word.end);
        let Some(eq) = word.text.find('=') else {
            diagnostics.push(ParseDiagnostic::error(
                word_span,
                format!(
                    "expected a `key=value` host variable, got `{}`",
                    excerpt(&word.text)
                ),
            ));
            continue;
        };
        let eq_char = word.text[..eq].chars().count();
        let key = word.text[..eq].to_string();
        let value_text = &word.text[eq + 1..];
        let key_span = word.span_of(file, 0, eq_char);
        let value_span = Span::new(
            file,
            word.span_of(file, eq_char, eq_char + 1).end.min(word.end),
            word.end,
        );
        let value = Item::new(ini_value(value_text, value_span), value_span);
        check_priority(&key, &value, diagnostics);
        node.children
            .push(var_node(key, key_span, &value, word_span));
    }
    Some(node)
}

fn ini_var(
    file: FileId,
    text: &str,
    (s, e): (usize, usize),
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Option<Node> {
    let line = &text[s..e];
    let line_span = Span::new(file, s, e);
    let Some(eq) = line.find('=') else {
        diagnostics.push(ParseDiagnostic::error(
            line_span,
            format!("expected `key=value`, got `{}`", excerpt(line)),
        ));
        return None;
    };
    let (ks, ke) = py_strip(text, (s, s + eq));
    let (vs, ve) = py_strip(text, (s + eq + 1, e));
    let (vs, ve) = if vs == ve { (e, e) } else { (vs, ve) };
    let key_span = Span::new(file, ks, ke);
    let value_span = Span::new(file, vs, ve);
    let value = Item::new(ini_value(&text[vs..ve], value_span), value_span);
    let key = text[ks..ke].to_string();
    check_priority(&key, &value, diagnostics);
    Some(var_node(key, key_span, &value, line_span))
}

/// `ansible_group_priority` sets the group's priority with Python's `int()`.
fn check_priority(key: &str, value: &Item, diagnostics: &mut Vec<ParseDiagnostic>) {
    if key == "ansible_group_priority" && priority_of(&value.data.to_value()).is_none() {
        diagnostics.push(ParseDiagnostic::error(
            value.span,
            "`ansible_group_priority` must be an integer",
        ));
    }
}

/// Python's `int(value)` for `ansible_group_priority`.
pub fn priority_of(value: &Value) -> Option<i64> {
    match value {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Str(s) => py_int(s).and_then(|i| i64::try_from(i).ok()),
        Value::List(_) | Value::Opaque(_) => None,
    }
}

// ---------------------------------------------------------------------------------------
// CSV asset lists
// ---------------------------------------------------------------------------------------

/// The columns that name the host, in any case; the first of them in the header wins.
const HOST_COLUMNS: [&str; 3] = ["name", "host", "hostname"];

fn csv_nodes(file: FileId, text: &str) -> (Vec<Node>, Vec<ParseDiagnostic>) {
    let mut diagnostics = Vec::new();
    let mut nodes = Vec::new();
    let bom = bom_len(text);
    let body = &text[bom..];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                let at = record.position().map_or(start, |p| p.byte() as usize);
                let cells = record
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                rows.push((bom + at, cells));
            }
            Ok(false) => break,
            Err(e) => {
                let at = e.position().map_or(start, |p| p.byte() as usize);
                let at = (bom + at).min(text.len());
                diagnostics.push(ParseDiagnostic::error(
                    Span::new(file, at, at),
                    format!("invalid CSV: {e}"),
                ));
                break;
            }
        }
    }
    let Some((header_at, header)) = rows.first() else {
        return (nodes, diagnostics);
    };
    let header_spans = csv_cell_spans(text, *header_at, header.len(), file);
    let header_span = row_span(text, *header_at, file);
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim_matches(py_is_space).to_string())
        .collect();
    let Some(host_col) = names
        .iter()
        .position(|n| HOST_COLUMNS.contains(&n.to_lowercase().as_str()))
    else {
        diagnostics.push(ParseDiagnostic::error(
            header_span,
            "the CSV header has no `name`, `host` or `hostname` column",
        ));
        return (nodes, diagnostics);
    };
    for (at, cells) in &rows[1..] {
        let spans = csv_cell_spans(text, *at, cells.len(), file);
        let span = row_span(text, *at, file);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let host = cells
            .get(host_col)
            .map(|h| h.trim_matches(py_is_space))
            .unwrap_or_default();
        if host.is_empty() {
            diagnostics.push(ParseDiagnostic::error(span, "row without a host name"));
            continue;
        }
        let host_span = spans.get(host_col).copied().unwrap_or(span);
        let mut node = Node::new("host", Spanned::new(host.to_string(), host_span), span);
        node.args = vec![Spanned::new(host.to_string(), host_span)];
        for (i, cell) in cells.iter().enumerate() {
            let Some(name) = names.get(i).filter(|n| !n.is_empty() && i != host_col) else {
                continue;
            };
            let cell_span = spans.get(i).copied().unwrap_or(span);
            let name_span = header_spans.get(i).copied().unwrap_or(header_span);
            let value = Item::new(Data::Str(cell.clone()), cell_span);
            node.children
                .push(var_node(name.clone(), name_span, &value, cell_span));
        }
        nodes.push(node);
    }
    (nodes, diagnostics)
}

/// The line of a record, without its line break.
fn row_span(text: &str, at: usize, file: FileId) -> Span {
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |e| at + e);
    Span::new(file, at, end)
}

/// The spans of the cells of the record at `at`, quotes included.
fn csv_cell_spans(text: &str, at: usize, count: usize, file: FileId) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::with_capacity(count);
    let mut i = at;
    for _ in 0..count {
        let start = i;
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < bytes.len() && !matches!(bytes[i], b',' | b'\n' | b'\r') {
            i += 1;
        }
        spans.push(Span::new(file, start, i));
        if bytes.get(i) == Some(&b',') {
            i += 1;
        } else {
            break;
        }
    }
    spans
}

// ---------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------

/// Parses a `group_vars/` or `host_vars/` file: one `var` node per variable. An empty
/// file, or one whose value is empty, sets nothing; anything else must be a mapping.
pub fn parse_vars(file: FileId, text: &str) -> Document {
    let mut root = root_node(file, text);
    let mut diagnostics = Vec::new();
    match load_yaml(file, text) {
        Err(e) => diagnostics.push(ParseDiagnostic::error(e.span, e.message)),
        Ok(loaded) => {
            diagnostics.extend(loaded.diagnostics);
            match loaded.data {
                Some(Item {
                    data: Data::Map(entries),
                    ..
                }) => {
                    for (k, v) in &entries {
                        root.children.push(var_node(
                            k.data.key_text(),
                            k.span,
                            v,
                            k.span.to(v.span),
                        ));
                    }
                }
                Some(item) if !item.data.is_falsy() => diagnostics.push(ParseDiagnostic::error(
                    item.span,
                    format!(
                        "a vars file must hold a mapping of variables, not a {}",
                        item.data.type_name()
                    ),
                )),
                _ => {}
            }
        }
    }
    Document {
        kind: FileKind::InventoryVars,
        file,
        root,
        diagnostics,
    }
}

/// Parses a YAML inventory. Like Ansible, a file that is no YAML mapping is read as INI
/// (an empty file is an empty inventory).
pub fn parse_yaml(file: FileId, text: &str) -> Document {
    read_inventory(FileKind::InventoryYaml, file, text)
}

/// Parses an INI inventory. A file that holds a YAML mapping is read as a YAML inventory,
/// as Ansible reads an inventory file without an extension.
pub fn parse_ini(file: FileId, text: &str) -> Document {
    read_inventory(FileKind::InventoryIni, file, text)
}

/// Parses a CSV asset list: a header row, then one host per row. The first column named
/// `name`, `host` or `hostname` (in any case) holds the host; the others are its variables,
/// as strings.
pub fn parse_csv(file: FileId, text: &str) -> Document {
    let mut root = root_node(file, text);
    let (nodes, diagnostics) = if is_vault_encrypted(text) {
        (Vec::new(), vec![vault_diagnostic(file, text)])
    } else {
        csv_nodes(file, text)
    };
    root.children = nodes;
    Document {
        kind: FileKind::InventoryCsv,
        file,
        root,
        diagnostics,
    }
}

/// The options with which the `constructed` plugin (and every plugin with Ansible's
/// `Constructable` options) computes groups and variables of hosts at run time.
pub const CONSTRUCTING_OPTIONS: [&str; 3] = ["groups", "keyed_groups", "compose"];

/// A `plugin` node for an inventory plugin configuration: name = the plugin as written
/// (`constructed`, `amazon.aws.aws_ec2`), spanning the `plugin:` entry; args = those of
/// [`CONSTRUCTING_OPTIONS`] that the configuration sets (not empty).
fn plugin_node(key: &Item, plugin: &Item, entries: &[(Item, Item)]) -> Node {
    let span = key.span.to(plugin.span);
    let mut node = Node::new(
        "plugin",
        Spanned::new(plugin.data.scalar_text(), plugin.span),
        span,
    );
    node.args = entries
        .iter()
        .filter_map(|(k, v)| match &k.data {
            Data::Str(s) if CONSTRUCTING_OPTIONS.contains(&s.as_str()) && !v.data.is_falsy() => {
                Some(Spanned::new(s.clone(), k.span))
            }
            _ => None,
        })
        .collect();
    node
}

fn read_inventory(kind: FileKind, file: FileId, text: &str) -> Document {
    let mut root = root_node(file, text);
    let mut diagnostics = Vec::new();
    let document = |root, diagnostics| Document {
        kind,
        file,
        root,
        diagnostics,
    };
    if is_vault_encrypted(text) {
        return document(root, vec![vault_diagnostic(file, text)]);
    }
    let yaml = load_yaml(file, text);
    if let Ok(Loaded {
        data: Some(Item {
            data: Data::Map(entries),
            ..
        }),
        diagnostics: loaded,
    }) = &yaml
        && !entries.is_empty()
    {
        diagnostics.extend(loaded.iter().cloned());
        if let Some((key, plugin)) = entries
            .iter()
            .find(|(k, v)| matches!(&k.data, Data::Str(s) if s == "plugin") && !v.data.is_falsy())
        {
            let name = plugin.data.scalar_text();
            if kind == FileKind::InventoryIni {
                diagnostics.push(ParseDiagnostic::error(
                    key.span.to(plugin.span),
                    format!(
                        "inventory plugin configuration (`plugin: {}`) in a file not named `.yml` or `.yaml`: ansible's `auto` plugin reads plugin configurations only from such files, and its `yaml` and `ini` plugins refuse this one",
                        excerpt(&name)
                    ),
                ));
            } else {
                root.children.push(plugin_node(key, plugin, entries));
            }
        } else {
            root.children = yaml_groups(entries, &mut diagnostics);
        }
        return document(root, diagnostics);
    }
    let (nodes, ini_diagnostics) = ini_nodes(file, text);
    if ini_diagnostics.is_empty() || kind == FileKind::InventoryIni {
        root.children = nodes;
        return document(root, ini_diagnostics);
    }
    match yaml {
        Err(e) => diagnostics.push(ParseDiagnostic::error(e.span, e.message)),
        Ok(loaded) => {
            diagnostics.extend(loaded.diagnostics);
            if let Some(item) = loaded.data {
                diagnostics.push(ParseDiagnostic::error(
                    item.span,
                    format!(
                        "a YAML inventory must be a mapping of groups, not {}",
                        if item.data.is_falsy() {
                            "an empty value".to_string()
                        } else {
                            format!("a {}", item.data.type_name())
                        }
                    ),
                ));
            }
        }
    }
    document(root, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    /// The host names of a parsed document, ranges expanded as linking does.
    fn hosts_of(doc: &Document) -> Vec<String> {
        fn walk(n: &Node, out: &mut Vec<String>) {
            if n.kind == "host" {
                for a in &n.args {
                    match n.field("ranges") {
                        Some(_) => out.extend(expand_host_ranges(&a.value, usize::MAX)),
                        None => out.push(a.value.clone()),
                    }
                }
            }
            n.children.iter().for_each(|c| walk(c, out));
        }
        let mut out = Vec::new();
        walk(&doc.root, &mut out);
        out
    }

    fn find<'a>(n: &'a Node, kind: &str, name: &str) -> Option<&'a Node> {
        if n.kind == kind && n.name.value == name {
            return Some(n);
        }
        n.children.iter().find_map(|c| find(c, kind, name))
    }

    fn value(doc: &Document, var: &str) -> Value {
        find(&doc.root, "var", var)
            .and_then(|v| v.field("value"))
            .map(|v| v.value.clone())
            .unwrap_or_else(|| panic!("no var `{var}` in {doc:#?}"))
    }

    fn s(v: &str) -> Value {
        Value::Str(v.to_string())
    }

    fn list(v: &Value) -> Vec<String> {
        match v {
            Value::List(items) => items.iter().map(|i| i.value.clone()).collect(),
            other => panic!("not a list: {other:?}"),
        }
    }

    fn messages(doc: &Document) -> Vec<String> {
        doc.diagnostics.iter().map(|d| d.message.clone()).collect()
    }

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

    #[test]
    fn ini_values_are_python_literals() {
        let doc = parse_ini(
            F,
            "[h]\nh a=1 b=\"x y\" c='[1, 2]' d=yes e=True f=0777 g=1.50 i=80,443 j=None k=\"'22'\" \
             l=\"{'k': [1]}\" m=0x1F n=-3 o=1e3 p=b'x' q=... r=1j s=(1,) t=1_000\n\
             [h:vars]\nu = 8080 # a comment\nv=text # a comment\nw='quoted' \n",
        );
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(value(&doc, "a"), Value::Int(1));
        assert_eq!(value(&doc, "b"), s("x y"));
        assert_eq!(list(&value(&doc, "c")), ["1", "2"]);
        assert_eq!(value(&doc, "d"), s("yes"));
        assert_eq!(value(&doc, "e"), Value::Bool(true));
        assert_eq!(value(&doc, "f"), s("0777"));
        assert_eq!(value(&doc, "g"), s("1.5"));
        assert_eq!(list(&value(&doc, "i")), ["80", "443"]);
        assert_eq!(value(&doc, "j"), s(""));
        assert_eq!(value(&doc, "k"), s("22"));
        assert_eq!(value(&doc, "l"), s("{\"k\":[1]}"));
        assert_eq!(value(&doc, "m"), Value::Int(31));
        assert_eq!(value(&doc, "n"), Value::Int(-3));
        assert_eq!(value(&doc, "o"), s("1000.0"));
        // shlex takes the quotes first: `b'x'` is the name `bx`.
        assert_eq!(value(&doc, "p"), s("bx"));
        assert_eq!(value(&doc, "q"), s("..."));
        assert_eq!(value(&doc, "r"), s("1j"));
        assert_eq!(list(&value(&doc, "s")), ["1"]);
        assert_eq!(value(&doc, "t"), Value::Int(1000));
        // `[g:vars]` values go through literal_eval too; Python comments are dropped, but
        // text that is no literal keeps its comment.
        assert_eq!(value(&doc, "u"), Value::Int(8080));
        assert_eq!(value(&doc, "v"), s("text # a comment"));
        assert_eq!(value(&doc, "w"), s("quoted"));
        let w = find(&doc.root, "var", "w")
            .and_then(|v| v.field("value"))
            .map(|v| v.span);
        assert_eq!(w.map(|s| s.len()), Some(8));
    }

    #[test]
    fn python_literal_edges() {
        let eval = |t: &str| literal_eval(t).map(|v| py_to_data(v, Span::default()).json());
        assert_eq!(eval("'a' \"b\""), Some("\"ab\"".into()));
        assert_eq!(eval("-(1)"), Some("-1".into()));
        assert_eq!(eval("1+2j"), Some("\"(1+2j)\"".into()));
        assert_eq!(eval("-1j"), Some("\"(-0-1j)\"".into()));
        assert_eq!(eval("{1: 2, 1: 3}"), Some("{\"1\":3}".into()));
        assert_eq!(eval("set()"), Some("[]".into()));
        assert_eq!(eval("'\\x41\\101\\u00e9'"), Some("\"AAé\"".into()));
        assert_eq!(eval("r'\\d'"), Some("\"\\\\d\"".into()));
        assert_eq!(eval("1e400"), Some("Infinity".into()));
        for no in [
            "0777", "1_", "1__0", "09", "f'x'", "x", "1+2", "--1", "'a' b'b'", "[1, 2", "a, b",
            "ur'x'",
        ] {
            assert_eq!(eval(no), None, "{no}");
        }
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        assert_eq!(eval(&deep), None);
    }

    #[test]
    fn python_float_repr() {
        for (f, r) in [
            (1.0, "1.0"),
            (1.5, "1.5"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5e-7, "-2.5e-07"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (-0.0, "-0.0"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(py_float_repr(f), r);
        }
    }

    #[test]
    fn ini_comments_sections_and_children() {
        let text = "; comment\n# comment\nalpha # trailing\n[web] # web servers\nw1\n\n\
                    [infra:children]\nweb\ndb\n[db]\nd1\n[web:vars]\nx=1\n";
        let doc = parse_ini(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let kinds: Vec<(&str, &str)> = doc
            .root
            .children
            .iter()
            .map(|n| (n.kind, n.name.value.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("host", "alpha"),
                ("group", "web"),
                ("group", "infra"),
                ("group", "db"),
                ("group", "web")
            ]
        );
        let infra = &doc.root.children[2];
        assert_eq!(
            infra.field("section").map(|s| s.value.text()),
            Some("children".into())
        );
        let children: Vec<&str> = infra
            .children
            .iter()
            .map(|c| c.name.value.as_str())
            .collect();
        assert_eq!(children, ["web", "db"]);
        assert_eq!(hosts_of(&doc), ["alpha", "w1", "d1"]);

        let doc = parse_ini(
            F,
            "[a:children]\nnope\n[b:vars]\nx=1\n[c:bogus]\n[d e]\nh x\n",
        );
        assert_eq!(
            messages(&doc),
            [
                "section `[a:children]` names group `nope`, which is not defined",
                "section `[b:vars]` is for group `b`, which is not defined",
                "section `[c:bogus]` has unknown type `bogus`: use `hosts`, `vars` or `children`",
                "invalid section `[d e]`: a section header has no spaces or other invalid characters",
            ]
        );
        let doc = parse_ini(F, "[a:children]\nb\n[b:children]\na\n");
        assert_eq!(
            messages(&doc),
            ["adding group `a` to `b` makes a loop of groups"]
        );
        let doc = parse_ini(F, "h x\nh 'open\n");
        assert_eq!(
            messages(&doc),
            [
                "expected a `key=value` host variable, got `x`",
                "cannot split host line: no closing quotation"
            ]
        );
    }

    #[test]
    fn bom_and_crlf() {
        let text = "\u{feff}[web]\r\nw1 x=1\r\n[web:vars]\r\ny = two \r\n";
        let doc = parse_ini(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(hosts_of(&doc), ["w1"]);
        assert_eq!(value(&doc, "y"), s("two"));
        let y = find(&doc.root, "var", "y").map(|n| &text[n.span.start..n.span.end]);
        assert_eq!(y, Some("y = two"));

        let text = "\u{feff}all:\r\n  hosts:\r\n    a:\r\n      x: 1\r\n";
        let doc = parse_yaml(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(hosts_of(&doc), ["a"]);
        let x = find(&doc.root, "var", "x").map(|n| &text[n.span.start..n.span.end]);
        assert_eq!(x, Some("x: 1"));

        let text = "\u{feff}name,os\r\nweb1,linux\r\n";
        let doc = parse_csv(F, text);
        assert_eq!(value(&doc, "os"), s("linux"));
    }

    #[test]
    fn yaml_inventory_layout_and_null_hosts() {
        let text = "all:\n  hosts:\n    web[1:2]:\n    db:2222:\n      x: 1\n  vars:\n    v: 1\n  \
                    children:\n    g:\n      hosts: single\n    empty:\n";
        let doc = parse_yaml(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(hosts_of(&doc), ["web1", "web2", "db", "single"]);
        let db =
            find(&doc.root, "host", "db:2222").map(|h| h.field("port").map(|p| p.value.clone()));
        assert_eq!(db, Some(Some(Value::Int(2222))));
        assert!(find(&doc.root, "group", "empty").is_some());
        assert_eq!(value(&doc, "v"), Value::Int(1));

        let doc = parse_yaml(
            F,
            "all:\n  hosts: [a, b]\n  bogus: {}\n  children:\n    g: [1]\n  vars:\n    x: 1\n1234:\n  hosts:\n    5678:\n",
        );
        assert_eq!(
            messages(&doc),
            [
                "invalid `hosts` entry for group `all`: requires a mapping, found a list",
                "unexpected key `bogus` in group `all`: only `vars`, `children` and `hosts` are valid, ansible skips it",
                "`g` is not a valid group definition (a list, not a mapping): ansible skips it, and then refuses the file, as its parent names it as a child",
                "invalid group name `1234`: a group name must be a non-empty string",
            ]
        );
        // Only what Ansible refuses is an error; what it skips with a warning is a note
        // (ansible-inventory 2.19.14: "Skipping unexpected key (bogus) in group (all)", and
        // for a top-level `g: [1]`, "Skipping 'g' as this is not a valid group definition").
        let rules: Vec<&str> = doc.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(
            rules,
            ["parse-error", "not-checked", "parse-error", "parse-error"]
        );
        let doc = parse_yaml(F, "g: [1]\nall:\n  hosts:\n    a:\n");
        let rules: Vec<&str> = doc.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(
            (rules, hosts_of(&doc)),
            (vec!["not-checked"], vec!["a".to_string()])
        );
    }

    #[test]
    fn yaml_one_one_typing() {
        let text = "a: yes\nb: 'yes'\nc: 0777\nd: 1_000\ne: 10:30\nf: 1.10\ng: 2024-01-02\n\
                    h: 2001-12-14 21:59:43.10 -5\ni: 09\nj: 1e5\nk: ~\nl: !!str 12\nm: !vault |\n  \
                    $ANSIBLE_VAULT;1.1;AES256\n  3131\nn: [a, 1, {b: 2}]\no: .5\np: 2024-1-2\nq: 0x1F\n";
        let doc = parse_vars(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(value(&doc, "a"), Value::Bool(true));
        assert_eq!(value(&doc, "b"), s("yes"));
        assert_eq!(value(&doc, "c"), Value::Int(511));
        assert_eq!(value(&doc, "d"), Value::Int(1000));
        assert_eq!(value(&doc, "e"), Value::Int(630));
        assert_eq!(value(&doc, "f"), s("1.1"));
        assert_eq!(value(&doc, "g"), s("2024-01-02"));
        assert_eq!(value(&doc, "h"), s("2001-12-14T21:59:43.100000-05:00"));
        assert_eq!(value(&doc, "i"), s("09"));
        assert_eq!(value(&doc, "j"), s("1e5"));
        assert_eq!(value(&doc, "k"), s(""));
        assert_eq!(value(&doc, "l"), s("12"));
        assert_eq!(
            value(&doc, "m"),
            Value::Opaque("{\"__ansible_vault\":\"$ANSIBLE_VAULT;1.1;AES256\\n3131\\n\"}".into())
        );
        assert_eq!(value(&doc, "n"), s("[\"a\",1,{\"b\":2}]"));
        assert_eq!(value(&doc, "o"), s("0.5"));
        assert_eq!(value(&doc, "p"), s("2024-1-2"));
        assert_eq!(value(&doc, "q"), Value::Int(31));
        // Each list item keeps its own span.
        let items = match value(&parse_vars(F, "l: [x, 'y']\n"), "l") {
            Value::List(items) => items
                .iter()
                .map(|i| (i.span.start, i.span.end))
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(items, [(4, 5), (7, 10)]);
        // JSON is read as JSON: `1e5` is a float there.
        assert_eq!(
            value(&parse_vars(F, "{\"j\": 1e5, \"k\": null}"), "j"),
            s("100000.0")
        );
    }

    #[test]
    fn yaml_merges_and_duplicate_keys() {
        let text = "base: &b {x: 1, y: 1, yy: 1}\nother: &o {y: 2, yy: 2, z: 2}\nm:\n  <<: [*b, *o]\n  x: own\nd: 1\nd: 2\n'q': 1\nq: 3\n";
        let doc = parse_vars(F, text);
        assert_eq!(
            messages(&doc),
            [
                "duplicate key `d`: ansible uses the last value, so the earlier one is not checked",
                "duplicate key `q`: ansible uses the last value, so the earlier one is not checked"
            ]
        );
        // Ansible warns and reads on: a note, no parse error.
        assert!(doc.diagnostics.iter().all(|d| d.rule == "not-checked"));
        // The first mapping wins for one-character keys, the last for others (PyYAML 6.0.4).
        assert_eq!(
            value(&doc, "m"),
            s("{\"x\":\"own\",\"y\":1,\"yy\":2,\"z\":2}")
        );
        assert_eq!(value(&doc, "d"), Value::Int(2));
        assert_eq!(value(&doc, "q"), Value::Int(3));
        let d = find(&doc.root, "var", "d").map(|n| &text[n.span.start..n.span.end]);
        assert_eq!(d, Some("d: 2"));
    }

    #[test]
    fn alias_expansion_is_counted_in_bytes() {
        // A 64 KiB scalar aliased 100 times: 6.4 MB from a 65 KB file, within saphyr's node
        // budget (100 nodes).
        let big = format!(
            "a: &x \"{}\"\n{}",
            "y".repeat(64 << 10),
            (0..100).map(|i| format!("b{i}: *x\n")).collect::<String>()
        );
        let doc = parse_vars(F, &big);
        assert!(doc.root.children.is_empty());
        let at = big.find("b15: *x").unwrap() + 5;
        assert_eq!(
            doc.diagnostics
                .iter()
                .map(|d| (d.rule, d.span.start, d.message.as_str()))
                .collect::<Vec<_>>(),
            [(
                "parse-error",
                at,
                "aliases expand to more than 1048576 bytes (as many as the file holds, at \
                 least 1048576; a value counts 64 bytes besides its text): art32 does not read it"
            )]
        );
        // Nested anchors (a "billion laughs") count what they hold.
        let mut laughs = String::from("l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for i in 1..12 {
            let p = i - 1;
            laughs.push_str(&format!("l{i}: &l{i} [*l{p}, *l{p}, *l{p}, *l{p}]\n"));
        }
        assert_eq!(parse_vars(F, &laughs).diagnostics.len(), 1);
        // Merge keys as people write them are read.
        let merges = format!(
            "d: &d {{user: admin, port: 22, backup: weekly}}\n{}",
            (0..1000)
                .map(|i| format!("h{i}: {{<<: *d, name: h{i}}}\n"))
                .collect::<String>()
        );
        let doc = parse_vars(F, &merges);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(doc.root.children.len(), 1001);
    }

    #[test]
    fn deep_nesting_is_reported_not_followed() {
        let too_deep = ["nested more than 200 levels deep: art32 does not read it"];
        for text in [
            "[".repeat(100_000),
            format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000)),
            "- ".repeat(50_000) + "x\n",
            (0..2000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect(),
        ] {
            assert_eq!(messages(&parse_vars(F, &text)), too_deep);
        }
        // Up to the limit it is read; a little deeper is reported where it goes too deep.
        let flow = format!("a: {}{}", "[".repeat(199), "]".repeat(199));
        assert!(parse_vars(F, &flow).diagnostics.is_empty());
        let block: String = (0..199)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(parse_vars(F, &block).diagnostics.is_empty());
        let block: String = (0..300)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert_eq!(messages(&parse_vars(F, &block)), too_deep);
        // saphyr counts flow levels in a byte.
        let flow = format!("a: {}{}", "[".repeat(300), "]".repeat(300));
        assert_eq!(
            messages(&parse_vars(F, &flow)),
            ["`[…]` and `{…}` nested more than 255 levels deep: art32 does not read them"]
        );
        // Python's parser stops at 200 levels: the INI value stays text.
        let nested = |n: usize| format!("h v=\"{}{}\"\n", "[ ".repeat(n), "] ".repeat(n));
        let doc = parse_ini(F, &nested(201));
        assert!(matches!(value(&doc, "v"), Value::Str(s) if s.starts_with("[ [ [")));
        let doc = parse_ini(F, &nested(200));
        assert!(matches!(value(&doc, "v"), Value::Str(s) if s.starts_with("[[[")));
    }

    #[test]
    fn csv_asset_lists() {
        let text = "Role,Hostname,Backup Media\ndata,db1.internal,\"nas, tape\"\n,,\nweb,,x\n";
        let doc = parse_csv(F, text);
        assert_eq!(hosts_of(&doc), ["db1.internal"]);
        assert_eq!(messages(&doc), ["row without a host name"]);
        assert_eq!(value(&doc, "Role"), s("data"));
        let media = find(&doc.root, "var", "Backup Media").and_then(|v| v.field("value"));
        assert_eq!(media.map(|m| m.value.clone()), Some(s("nas, tape")));
        assert_eq!(
            media.map(|m| &text[m.span.start..m.span.end]),
            Some("\"nas, tape\"")
        );
        let host = &doc.root.children[0];
        assert_eq!(
            &text[host.name.span.start..host.name.span.end],
            "db1.internal"
        );
        assert_eq!(
            messages(&parse_csv(F, "a,b\n1,2\n")),
            ["the CSV header has no `name`, `host` or `hostname` column"]
        );
    }

    #[test]
    fn what_is_no_inventory() {
        // A plugin configuration is read by the plugin at run time: a `plugin` node, which
        // linking turns into a `not-checked` note, no error.
        let doc = parse_yaml(F, "plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n");
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let plugin = &doc.root.children[0];
        assert_eq!(
            (plugin.kind, plugin.name.value.as_str(), plugin.args.len()),
            ("plugin", "amazon.aws.aws_ec2", 0)
        );
        let text = "plugin: constructed\nstrict: false\ngroups: {web: \"true\"}\ncompose: {}\nkeyed_groups:\n  - key: x\n";
        let doc = parse_yaml(F, text);
        let plugin = &doc.root.children[0];
        let args: Vec<&str> = plugin.args.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(args, ["groups", "keyed_groups"]);
        assert_eq!(
            &text[plugin.span.start..plugin.span.end],
            "plugin: constructed"
        );
        // Ansible reads plugin configurations only from `.yml`/`.yaml` files (`auto`); in a
        // file without such a name, its `yaml` and `ini` plugins both refuse it.
        let doc = parse_ini(F, "plugin: constructed\n");
        assert!(doc.root.children.is_empty());
        assert_eq!(
            messages(&doc),
            [
                "inventory plugin configuration (`plugin: constructed`) in a file not named `.yml` or `.yaml`: ansible's `auto` plugin reads plugin configurations only from such files, and its `yaml` and `ini` plugins refuse this one"
            ]
        );
        let doc = parse_ini(F, "$ANSIBLE_VAULT;1.1;AES256\n6161\n");
        assert_eq!(
            messages(&doc),
            ["the file is vault-encrypted: art32 cannot read it without the vault password"]
        );
        // An empty YAML file is an empty inventory, as Ansible's INI reader makes it.
        assert!(parse_yaml(F, "# nothing\n").diagnostics.is_empty());
        let doc = parse_yaml(F, "- a\n- b\n");
        assert_eq!(
            messages(&doc),
            ["a YAML inventory must be a mapping of groups, not a list"]
        );
        // A file without an extension may hold YAML: read as YAML, like Ansible's yaml plugin.
        let doc = parse_ini(F, "all:\n  hosts:\n    a:\n");
        assert_eq!(
            (doc.kind, hosts_of(&doc)),
            (FileKind::InventoryIni, vec!["a".to_string()])
        );
        // `{}` is empty to the yaml plugin, so the ini plugin reads it: a host named `{}`.
        assert_eq!(hosts_of(&parse_ini(F, "{}")), ["{}"]);
        assert_eq!(
            messages(&parse_vars(F, "- a\n")),
            ["a vars file must hold a mapping of variables, not a list"]
        );
    }

    #[test]
    fn shlex_offsets() {
        let line = "h a=\"x y\" b=c\\ d 'e'=f #g";
        let words = shlex_split(line, 0, line.len()).unwrap_or_default();
        let texts: Vec<(&str, &str)> = words
            .iter()
            .map(|w| (w.text.as_str(), &line[w.start..w.end]))
            .collect();
        assert_eq!(
            texts,
            [
                ("h", "h"),
                ("a=x y", "a=\"x y\""),
                ("b=c d", "b=c\\ d"),
                ("e=f", "'e'=f")
            ]
        );
    }
}
