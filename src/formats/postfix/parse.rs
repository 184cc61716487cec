//! Postfix `main.cf` (postconf(5)) and `master.cf` (master(5)), read the way Postfix 3.7
//! reads them, and Postfix's `$name` expansion.
//!
//! What Postfix does (`src/util/readlline.c`, `split_nameval.c`, `mystrtok.c`, `extpar.c`,
//! `mac_parse.c`, `mac_expand.c`, `src/postconf/postconf_master.c`, `postconf_user.c`,
//! `postconf_print.c`), checked against postconf 3.7.11 (`tests/conformance_postfix.rs`):
//! - Physical lines end at `\n` only; a `\r` before it stays and counts as whitespace (C
//!   `isspace`: space, `\t`, `\n`, `\v`, `\f`, `\r`). A line that is empty, all whitespace,
//!   or whose first non-whitespace character is `#` is ignored, and it does not end a logical
//!   line: `#` starts a comment only there, anywhere else it is text.
//! - A logical line starts with a non-whitespace character; each following line that starts
//!   with whitespace continues it, its own leading whitespace included (the newline is
//!   dropped). Indented text before the first logical line is ignored with a warning
//!   (`logical line must not start with whitespace`).
//! - `main.cf`: `name = value`. The name runs to whitespace or `=`; whitespace may surround
//!   `=`; the value is trimmed. Otherwise postconf stops with `missing '=' after attribute
//!   name` (or `missing attribute name`), naming the first line of the logical line. The last
//!   definition of a name wins.
//! - postconf prints a value with every run of space, tab, `\r` and `\n` as one space
//!   (`pcf_print_line`); `value` holds that. Postfix programs themselves see inner
//!   whitespace as written, which matters only for free text such as `smtpd_banner`.
//! - List values split on runs of commas and whitespace, except inside `{…}`, nested
//!   (`mystrtokq` with `CHARS_COMMA_SP`, `CHARS_BRACE`); a `}` with no open `{` is text.
//! - `master.cf`: an entry is a logical line split on whitespace, except inside `{…}`. Fewer
//!   than 8 fields is `bad field count`. The type must be `inet`, `unix`, `unix-dgram` (Postfix
//!   3.4), `fifo` or `pass`; private, unpriv and chroot one of `y`, `n`, `-`; wakeup `-` or
//!   digits with an optional trailing `?`; maxproc `-` or digits. postconf stops at the first
//!   bad entry.
//! - After the command, arguments starting with `-` (up to `--` or the first other argument)
//!   are options. `-o` takes the rest of its argument or else the next one: `-o name=value`,
//!   `-oname=value`, and (Postfix 3.0) `-o { name = value }`, whose braces and the
//!   whitespace inside them are stripped before `name = value` is split as in `main.cf`.
//!   Unbraced `-o name = value` sets nothing (`name` has no `=`). The last `-o` of a name wins.
//! - Expansion follows Postfix 3.7's `mac_parse.c` and `mac_expand.c`; see [`try_expand`].
//!
//! Deliberate differences: postconf stops at the first bad line or entry, art32 reports each
//! one and reads on; a leading UTF-8 BOM is skipped (Postfix would make it part of the first
//! name). A `-o` without `name=value` (or at the very end) and a `-o {…}` with unbalanced
//! braces are reported: postconf only ignores or warns, but the daemon exits (`invalid "-o
//! …" option value`, `single_server.c` and the other skeletons). An option argument like
//! `-vo` is read as getopt(3) reads it, as the daemons do: the first `o` takes the value.
//! postconf looks for an `o` past the second character even when the argument starts with
//! `-o`, so it splits `-osyslog_name=x` into `-osysl` and `-og_name=x`.

use crate::model::{Document, FileKind, Node, ParseDiagnostic, Value};
use crate::source::{FileId, Span, Spanned};

/// The service types postconf 3.7 accepts (`unix-dgram`, for postlogd, since Postfix 3.4).
const SERVICE_TYPES: &[&str] = &["inet", "unix", "unix-dgram", "fifo", "pass"];

/// The `master.cf` columns, in order, as the model names them.
const COLUMNS: [&str; 8] = [
    "service", "type", "private", "unpriv", "chroot", "wakeup", "maxproc", "command",
];

/// Postfix gives up on macro nesting deeper than this (`mac_expand.c`).
const MAX_NESTING: usize = 100;

/// Lookups and nested expansions one `expand` call may make before it gives up.
const MAX_STEPS: usize = 100_000;

/// The longest text one `expand` call produces before it gives up.
const MAX_OUTPUT: usize = 1 << 20;

/// How much text expansions may read and write, together, before they give up: one
/// [`try_expand`], or all the [`try_expand_within`] calls that share a budget (every
/// parameter of a configuration). The limits above bound one value; this bounds the
/// work, which values that each expand to 1 MiB, or read a long value many times,
/// would otherwise multiply.
pub const MAX_EXPANSION_WORK: usize = 16 << 20;

/// Parses a `main.cf`: one `param` node per definition, in file order.
pub fn parse_main(file: FileId, text: &str) -> Document {
    let whole = Span::new(file, 0, text.len());
    let mut root = Node::new("file", Spanned::new(String::new(), whole), whole);
    let mut diagnostics = Vec::new();
    for line in logical_lines(text) {
        if line.indented {
            diagnostics.push(orphan(file, &line, "parameter"));
            continue;
        }
        let (start, end) = line.trimmed(0, line.text.len());
        match split_nameval(line.text.as_bytes(), start, end) {
            Ok(nv) => {
                let span = line.span(file, nv.name.0, nv.end());
                root.children.push(param(file, &line, &nv, span));
            }
            Err(problem) => diagnostics.push(ParseDiagnostic::error(
                line.span(file, start, end),
                problem.message(&line.text),
            )),
        }
    }
    // Held until the run ends: no room for more (a doubling vector keeps up to half).
    root.children.shrink_to_fit();
    Document {
        kind: FileKind::PostfixMain,
        file,
        root,
        diagnostics,
    }
}

/// Parses a `master.cf`: one `service` node per entry, its `-o` overrides as `param` children.
pub fn parse_master(file: FileId, text: &str) -> Document {
    let whole = Span::new(file, 0, text.len());
    let mut root = Node::new("file", Spanned::new(String::new(), whole), whole);
    let mut diagnostics = Vec::new();
    for line in logical_lines(text) {
        if line.indented {
            diagnostics.push(orphan(file, &line, "service"));
            continue;
        }
        if let Some(service) = service(file, &line, &mut diagnostics) {
            root.children.push(service);
        }
    }
    root.children.shrink_to_fit();
    Document {
        kind: FileKind::PostfixMaster,
        file,
        root,
        diagnostics,
    }
}

/// C `isspace` in the C locale, which Postfix's `ISSPACE` is.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The separators postconf normalizes when it prints (`PCF_SEPARATORS`) and that split
/// `master.cf` fields (`PCF_MASTER_BLANKS`).
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// List separators: `CHARS_COMMA_SP`.
fn is_list_separator(b: u8) -> bool {
    b == b',' || is_blank(b)
}

/// One logical line: the text Postfix joins from its physical lines, and for each byte of
/// it the offset in the file it came from.
struct Logical {
    text: String,
    offsets: Vec<usize>,
    /// Where the last physical line of it ends in the file.
    end: usize,
    /// It starts with whitespace: text before the first logical line, which Postfix ignores.
    indented: bool,
}

impl Logical {
    fn at(&self, i: usize) -> usize {
        self.offsets.get(i).copied().unwrap_or(self.end)
    }

    /// The file span of the logical range `start..end`.
    fn span(&self, file: FileId, start: usize, end: usize) -> Span {
        if start >= end {
            let at = self.at(start);
            return Span::new(file, at, at);
        }
        let last = self.offsets.get(end - 1).map_or(self.end, |o| o + 1);
        Span::new(file, self.at(start), last)
    }

    fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The range without leading and trailing whitespace.
    fn trimmed(&self, mut start: usize, mut end: usize) -> (usize, usize) {
        let b = self.text.as_bytes();
        while start < end && is_space(b[start]) {
            start += 1;
        }
        while end > start && is_space(b[end - 1]) {
            end -= 1;
        }
        (start, end)
    }
}

/// The logical lines of a file, as `readllines` joins them.
fn logical_lines(text: &str) -> Vec<Logical> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines: Vec<Logical> = Vec::new();
    let mut current: Option<Logical> = None;
    let mut offset = bom;
    for line in text[bom..].split('\n') {
        let start = offset;
        offset += line.len() + 1;
        let bytes = line.as_bytes();
        match bytes.iter().position(|&b| !is_space(b)) {
            None => continue,
            Some(first) if bytes[first] == b'#' => continue,
            Some(first) => {
                let continues = first > 0;
                let mut logical = match current.take() {
                    Some(logical) if continues => logical,
                    previous => {
                        lines.extend(previous);
                        Logical {
                            text: String::new(),
                            offsets: Vec::new(),
                            end: start,
                            indented: continues,
                        }
                    }
                };
                logical.text.push_str(line);
                logical.offsets.extend(start..start + line.len());
                logical.end = start + line.len();
                current = Some(logical);
            }
        }
    }
    lines.extend(current);
    lines
}

fn orphan(file: FileId, line: &Logical, what: &str) -> ParseDiagnostic {
    let (start, end) = line.trimmed(0, line.text.len());
    ParseDiagnostic::error(
        line.span(file, start, end),
        format!(
            "line starts with whitespace but continues no {what}; postfix ignores `{}`",
            excerpt(line.slice(start, end))
        ),
    )
}

/// At most 40 characters of `s`, for messages.
fn excerpt(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// `name = value` found in a logical range: byte ranges in the logical text.
struct NameValue {
    name: (usize, usize),
    equals: usize,
    value: (usize, usize),
}

impl NameValue {
    /// Where the definition ends: after the value, or after `=` when it is empty.
    fn end(&self) -> usize {
        if self.value.0 < self.value.1 {
            self.value.1
        } else {
            self.equals + 1
        }
    }
}

enum NamevalError {
    MissingName,
    MissingEquals { name: (usize, usize) },
}

impl NamevalError {
    fn message(&self, text: &str) -> String {
        match self {
            NamevalError::MissingName => "missing attribute name before `=`".to_string(),
            NamevalError::MissingEquals { name: (s, e) } => format!(
                "missing '=' after attribute name `{}`: expected `name = value`",
                excerpt(text.get(*s..*e).unwrap_or(""))
            ),
        }
    }
}

/// Splits `name = value` as `split_nameval` does: the name runs to whitespace or `=`, and
/// the value is trimmed.
fn split_nameval(b: &[u8], start: usize, end: usize) -> Result<NameValue, NamevalError> {
    let mut pos = start;
    while pos < end && is_space(b[pos]) {
        pos += 1;
    }
    if pos == end || b[pos] == b'=' {
        return Err(NamevalError::MissingName);
    }
    let name_start = pos;
    while pos < end && !is_space(b[pos]) && b[pos] != b'=' {
        pos += 1;
    }
    let name = (name_start, pos);
    while pos < end && is_space(b[pos]) {
        pos += 1;
    }
    if pos == end || b[pos] != b'=' {
        return Err(NamevalError::MissingEquals { name });
    }
    let equals = pos;
    pos += 1;
    while pos < end && is_space(b[pos]) {
        pos += 1;
    }
    let mut value_end = end;
    while value_end > pos && is_space(b[value_end - 1]) {
        value_end -= 1;
    }
    Ok(NameValue {
        name,
        equals,
        value: (pos, value_end),
    })
}

/// A `param` node for a `name = value` found in a logical line.
fn param(file: FileId, line: &Logical, nv: &NameValue, span: Span) -> Node {
    let name_span = line.span(file, nv.name.0, nv.name.1);
    let mut node = Node::new(
        "param",
        Spanned::new(line.slice(nv.name.0, nv.name.1).to_string(), name_span),
        span,
    );
    let (start, end) = nv.value;
    let value_span = if start < end {
        line.span(file, start, end)
    } else {
        let after = line.at(nv.equals) + 1;
        Span::new(file, after, after)
    };
    let raw = line.slice(start, end);
    let items = split_list(raw)
        .into_iter()
        .map(|(s, e)| Spanned::new(normalize(&raw[s..e]), line.span(file, start + s, start + e)))
        .collect();
    node.set("value", Value::Str(normalize(raw)), value_span);
    node.set("items", Value::List(items), value_span);
    node
}

/// Text with every run of whitespace as one space and none at either end, as postconf
/// prints values.
fn normalize(s: &str) -> String {
    s.split(|c: char| c.is_ascii() && is_blank(c as u8))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Byte ranges of the tokens of `b[start..end]`, split at runs of `separator` bytes except
/// inside `{…}` (`mystrtokq`).
fn tokens(b: &[u8], start: usize, end: usize, separator: fn(u8) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = start;
    loop {
        while pos < end && separator(b[pos]) {
            pos += 1;
        }
        if pos == end {
            return out;
        }
        let token_start = pos;
        let mut level = 0usize;
        while pos < end {
            match b[pos] {
                b'{' => level += 1,
                b'}' if level > 0 => level -= 1,
                c if level == 0 && separator(c) => break,
                _ => {}
            }
            pos += 1;
        }
        out.push((token_start, pos));
    }
}

/// The byte ranges of the items of a list value: split at commas and whitespace, except
/// inside `{…}`, as Postfix splits list parameters.
pub fn split_list(value: &str) -> Vec<(usize, usize)> {
    tokens(value.as_bytes(), 0, value.len(), is_list_separator)
}

fn service(file: FileId, line: &Logical, diagnostics: &mut Vec<ParseDiagnostic>) -> Option<Node> {
    let b = line.text.as_bytes();
    let fields = tokens(b, 0, b.len(), is_blank);
    let (first, last) = match (fields.first(), fields.last()) {
        (Some(first), Some(last)) => (first.0, last.1),
        _ => return None,
    };
    let entry = line.span(file, first, last);
    if fields.len() < COLUMNS.len() {
        diagnostics.push(ParseDiagnostic::error(
            entry,
            format!(
                "bad field count: a service needs 8 fields (service, type, private, unpriv, \
                 chroot, wakeup, maxproc, command), found {} in `{}`",
                fields.len(),
                excerpt(line.slice(first, last))
            ),
        ));
        return None;
    }
    let text = |(s, e): (usize, usize)| line.slice(s, e);
    let span = |(s, e): (usize, usize)| line.span(file, s, e);
    for (i, message) in check_columns(line, &fields) {
        diagnostics.push(ParseDiagnostic::error(span(fields[i]), message));
    }

    let name = fields[0];
    let mut node = Node::new(
        "service",
        Spanned::new(text(name).to_string(), span(name)),
        entry,
    );
    for (column, &field) in COLUMNS.iter().zip(&fields) {
        node.set(column, Value::Str(text(field).to_string()), span(field));
    }
    node.set(
        "service-key",
        Value::Str(format!("{}/{}", text(fields[0]), text(fields[1]))),
        span(name),
    );
    let arguments = &fields[COLUMNS.len()..];
    let arguments_span = match (arguments.first(), arguments.last()) {
        (Some(first), Some(last)) => line.span(file, first.0, last.1),
        _ => {
            let end = line.span(file, fields[7].0, fields[7].1).end;
            Span::new(file, end, end)
        }
    };
    node.set(
        "arguments",
        Value::List(
            arguments
                .iter()
                .map(|&a| Spanned::new(text(a).to_string(), span(a)))
                .collect(),
        ),
        arguments_span,
    );
    node.children = overrides(file, line, arguments, diagnostics);
    Some(node)
}

/// Problems with the fixed columns, as postconf checks them: (field index, message).
fn check_columns(line: &Logical, fields: &[(usize, usize)]) -> Vec<(usize, String)> {
    let text = |i: usize| fields.get(i).map_or("", |&(s, e)| line.slice(s, e));
    let mut problems = Vec::new();
    let kind = text(1);
    if !SERVICE_TYPES.contains(&kind) {
        problems.push((
            1,
            format!(
                "invalid service type `{}`: expected `inet`, `unix`, `unix-dgram`, `fifo` or \
                 `pass`",
                excerpt(kind)
            ),
        ));
    }
    for (i, column) in [(2, "private"), (3, "unpriv"), (4, "chroot")] {
        let value = text(i);
        if !matches!(value, "y" | "n" | "-") {
            problems.push((
                i,
                format!(
                    "invalid {column} field `{}`: expected `y`, `n` or `-`",
                    excerpt(value)
                ),
            ));
        }
    }
    let wakeup = text(5);
    let digits = wakeup.strip_suffix('?').unwrap_or(wakeup);
    if digits != "-" && !digits.bytes().all(|b| b.is_ascii_digit()) {
        problems.push((
            5,
            format!(
                "invalid wakeup field `{}`: expected seconds, optionally followed by `?`, or `-`",
                excerpt(wakeup)
            ),
        ));
    }
    let maxproc = text(6);
    if maxproc != "-" && !maxproc.bytes().all(|b| b.is_ascii_digit()) {
        problems.push((
            6,
            format!(
                "invalid maxproc field `{}`: expected a process limit or `-`",
                excerpt(maxproc)
            ),
        ));
    }
    problems
}

/// The `-o` overrides among a service's arguments, as `param` nodes.
fn overrides(
    file: FileId,
    line: &Logical,
    arguments: &[(usize, usize)],
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Vec<Node> {
    let mut params = Vec::new();
    let mut k = 0;
    while let Some(&(start, end)) = arguments.get(k) {
        let argument = line.slice(start, end);
        if !argument.starts_with('-') || argument == "--" || argument == "-" {
            break;
        }
        let Some(o) = argument[1..].find('o').map(|i| i + 1) else {
            k += 1;
            continue;
        };
        let (value, next) = if o + 1 < argument.len() {
            ((start + o + 1, end), k + 1)
        } else if let Some(&value) = arguments.get(k + 1) {
            (value, k + 2)
        } else {
            diagnostics.push(ParseDiagnostic::error(
                line.span(file, start, end),
                "`-o` at the end of the command has no `name=value`",
            ));
            break;
        };
        if let Some(node) = override_param(file, line, start, value, diagnostics) {
            params.push(node);
        }
        k = next;
    }
    params
}

/// One `-o name=value` or `-o { name = value }`; `option` is where the `-o` argument starts.
fn override_param(
    file: FileId,
    line: &Logical,
    option: usize,
    (start, end): (usize, usize),
    diagnostics: &mut Vec<ParseDiagnostic>,
) -> Option<Node> {
    let b = line.text.as_bytes();
    let written = line.span(file, start, end);
    let (content_start, content_end) = if b[start] == b'{' {
        let mut level = 0usize;
        let close = (start..end).find(|&i| {
            match b[i] {
                b'{' => level += 1,
                b'}' => level = level.saturating_sub(1),
                _ => {}
            }
            level == 0
        });
        let inner_end = match close {
            None => {
                diagnostics.push(ParseDiagnostic::error(
                    written,
                    format!("missing `}}` in `-o {}`", excerpt(line.slice(start, end))),
                ));
                end
            }
            Some(close) => {
                if close + 1 < end {
                    diagnostics.push(ParseDiagnostic::error(
                        written,
                        format!(
                            "text after `}}` in `-o {}`",
                            excerpt(line.slice(start, end))
                        ),
                    ));
                }
                close
            }
        };
        line.trimmed(start + 1, inner_end)
    } else {
        (start, end)
    };
    match split_nameval(b, content_start, content_end) {
        Ok(nv) => {
            let span = line.span(file, option, nv.end().max(end));
            Some(param(file, line, &nv, span))
        }
        Err(_) => {
            diagnostics.push(ParseDiagnostic::error(
                written,
                format!(
                    "`-o {}` sets no parameter: expected `-o name=value` or `-o {{ name = value }}`",
                    excerpt(line.slice(start, end))
                ),
            ));
            None
        }
    }
}

/// The parameters Postfix knows, one a line, sorted (comment lines first).
const KNOWN_PARAMETERS: &str = include_str!("../../../defaults/postfix-parameters.txt");

/// Is `name` a parameter Postfix 3.7 knows (`postconf -d`)? Postfix evaluates these; a
/// parameter of one's own only where one of them uses it, so that a `$` expansion that
/// fails there makes `postconf` stop (`fatal: macro processing error`), and elsewhere
/// only warn (`unused parameter`).
pub fn is_known_parameter(name: &str) -> bool {
    KNOWN_PARAMETERS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == name)
}

/// Parameters that Postfix programs read without `$name` expansion and `postconf -x` shows
/// as written (their `CONFIG_RAW_TABLE`s: local.c, smtpd.c, postscreen.c): the program
/// expands them itself, later, with its own attributes (`mailbox_command` with
/// `${extension}`, …).
pub const RAW_PARAMETERS: &[&str] = &[
    "command_execution_directory",
    "default_rbl_reply",
    "forward_path",
    "luser_relay",
    "mailbox_command",
    "postscreen_command_time_limit",
    "postscreen_expansion_filter",
    "postscreen_reject_footer",
    "smtpd_expansion_filter",
    "smtpd_reject_footer",
];

/// Why an expansion stopped. Postfix programs exit with `macro processing error` on any
/// of these; `expanded` is the text produced before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    pub expanded: String,
    pub message: String,
}

/// Expands `$name`, `${name}`, `$(name)`, `${name?text}`, `${name:text}`, the `{text}`
/// forms, `${name?{a}:{b}}`, relations such as `${{$a} == {b}?…}` or
/// `${{$compatibility_level} <level {2}?…}`, and `$$`, as `postconf -x` does. `lookup`
/// gives a parameter's value as written or `None`; looked-up values are expanded in turn.
/// An undefined name expands to nothing. On a syntax error, a cycle or nesting deeper than
/// 100, the text expanded up to there. (Callers skip [`RAW_PARAMETERS`].)
pub fn expand(value: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    try_expand(value, lookup).unwrap_or_else(|e| e.expanded)
}

/// [`expand`], telling an expansion Postfix would reject from one it accepts.
///
/// As in Postfix 3.7's `mac_parse.c` and `mac_expand.c`: a plain `$name` is letters,
/// digits and `_`; `${…}` and `$(…)` end at the matching brace; inside, whitespace may
/// surround the name. `?` takes its text when the value is non-empty, `:` when it is empty
/// or undefined; a text operand is `{…}` (whitespace around it ignored) or else the rest of
/// the expression, `:` included. A relation is `true` or empty. Unlike Postfix, the operands
/// of a relation count towards the nesting limit (Postfix starts them afresh, so a cycle
/// through them never ends), and an expansion stops after 100 000 lookups or 1 MiB of text.
pub fn try_expand(
    value: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ExpandError> {
    let mut budget = MAX_EXPANSION_WORK;
    try_expand_within(value, lookup, &mut budget)
}

/// [`try_expand`] within a budget of text read and written (bytes, and one a lookup),
/// which it lowers by what it spends: once it is spent, expansions fail.
pub fn try_expand_within(
    value: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    budget: &mut usize,
) -> Result<String, ExpandError> {
    let mut expander = Expander {
        lookup,
        steps: 0,
        work: *budget,
        error: None,
    };
    let mut out = String::new();
    expander.parse(value, &mut out, 0);
    *budget = expander.work;
    match expander.error {
        None => Ok(out),
        Some(message) => Err(ExpandError {
            expanded: out,
            message,
        }),
    }
}

struct Expander<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    steps: usize,
    /// What is left of the budget of text read and written.
    work: usize,
    error: Option<String>,
}

impl Expander<'_> {
    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(message);
        }
    }

    /// Spends `n` of the budget; false (and the expansion fails) once it is spent.
    fn spend(&mut self, n: usize) -> bool {
        match self.work.checked_sub(n) {
            Some(left) => {
                self.work = left;
                true
            }
            None => {
                self.work = 0;
                self.fail(format!(
                    "expansions read and write more than {} MiB of text",
                    MAX_EXPANSION_WORK >> 20
                ));
                false
            }
        }
    }

    fn append(&mut self, out: &mut String, text: &str) {
        if !self.spend(text.len()) {
            return;
        }
        if out.len() + text.len() > MAX_OUTPUT {
            self.fail("expansion longer than 1 MiB".to_string());
        } else {
            out.push_str(text);
        }
    }

    /// Literal text, `$$`, and the references in `text` (`mac_parse`), at nesting `level`.
    fn parse(&mut self, text: &str, out: &mut String, level: usize) {
        if text.is_empty() || self.error.is_some() || !self.spend(text.len()) {
            return;
        }
        if level > MAX_NESTING {
            self.fail(format!(
                "unreasonable macro call nesting: `{}`",
                excerpt(text)
            ));
            return;
        }
        let b = text.as_bytes();
        let mut pos = 0;
        while pos < b.len() && self.error.is_none() {
            if b[pos] != b'$' {
                let next = text[pos..].find('$').map_or(b.len(), |i| pos + i);
                self.append(out, &text[pos..next]);
                pos = next;
                continue;
            }
            if b.get(pos + 1) == Some(&b'$') {
                self.append(out, "$");
                pos += 2;
                continue;
            }
            pos += 1;
            let expression = match b.get(pos) {
                Some(&open @ (b'{' | b'(')) => {
                    let close = if open == b'{' { b'}' } else { b')' };
                    let mut depth = 1usize;
                    let mut end = pos + 1;
                    while depth > 0 {
                        match b.get(end) {
                            None => {
                                self.fail(format!(
                                    "truncated macro reference: `{}`",
                                    excerpt(text)
                                ));
                                return;
                            }
                            Some(&c) if c == open => depth += 1,
                            Some(&c) if c == close => depth -= 1,
                            _ => {}
                        }
                        end += 1;
                    }
                    let inner = &text[pos + 1..end - 1];
                    pos = end;
                    inner
                }
                _ => {
                    let end = b[pos..]
                        .iter()
                        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                        .map_or(b.len(), |i| pos + i);
                    let name = &text[pos..end];
                    pos = end;
                    name
                }
            };
            if expression.is_empty() {
                self.fail(format!("empty macro name: `{}`", excerpt(text)));
                return;
            }
            self.expression(expression, out, level);
        }
    }

    /// One `$name` or `${…}` (`mac_expand_callback`).
    fn expression(&mut self, expr: &str, out: &mut String, level: usize) {
        self.steps += 1;
        if !self.spend(1) {
            return;
        }
        if self.steps > MAX_STEPS {
            self.fail("expansion needs more than 100000 lookups".to_string());
            return;
        }
        let b = expr.as_bytes();
        let mut pos;
        let value: Option<String>;
        let lead = skip_blanks(b, 0);
        if b.get(lead) == Some(&b'{') {
            let Some(result) = self.logical(expr, lead, level) else {
                return;
            };
            value = Some(if result.0 { "true" } else { "" }.to_string());
            pos = result.1;
            if pos < b.len() && b[pos] != b'?' && b[pos] != b':' {
                self.fail(format!(
                    "`?` or `:` expected at `{}`",
                    excerpt(&expr[pos..])
                ));
                return;
            }
        } else {
            // The name may have whitespace around it: `${ name ? text }`.
            let start = lead;
            let mut end = start;
            loop {
                let next = skip_blanks(b, end);
                if next == b.len() || b[next] == b'?' || b[next] == b':' {
                    pos = next;
                    break;
                }
                if !(b[end].is_ascii_alphanumeric() || b[end] == b'_') {
                    self.fail(format!(
                        "attribute name syntax error at `{}`",
                        excerpt(&expr[end..])
                    ));
                    return;
                }
                end += 1;
            }
            value = (self.lookup)(&expr[start..end]);
        }
        let set = value.as_deref().is_some_and(|v| !v.is_empty());
        match b.get(pos) {
            None => {
                if let Some(value) = value.filter(|v| !v.is_empty()) {
                    self.parse(&value, out, level + 1);
                }
            }
            Some(&operator) => {
                pos += 1;
                if operator == b'?' {
                    let Some((when_set, after)) = self.operand(expr, pos) else {
                        return;
                    };
                    if set {
                        self.parse(when_set, out, level + 1);
                    }
                    if after == b.len() {
                        return;
                    }
                    if b[after] != b':' {
                        self.fail(format!("`:` expected at `{}`", excerpt(&expr[after..])));
                        return;
                    }
                    pos = after + 1;
                }
                let Some((when_unset, after)) = self.operand(expr, pos) else {
                    return;
                };
                if !set {
                    self.parse(when_unset, out, level + 1);
                }
                if after != b.len() {
                    self.fail(format!("unexpected input at `{}`", excerpt(&expr[after..])));
                }
            }
        }
    }

    /// A result operand at `pos`: `{text}` (whitespace around it skipped) or the rest of
    /// the expression. Returns the text and where the expression goes on.
    fn operand<'e>(&mut self, expr: &'e str, pos: usize) -> Option<(&'e str, usize)> {
        let b = expr.as_bytes();
        let brace = skip_blanks(b, pos);
        if b.get(brace) == Some(&b'{') {
            self.curly(expr, brace)
        } else {
            Some((&expr[pos..], b.len()))
        }
    }

    /// The text inside the balanced `{…}` at `open`, and the position after it and the
    /// whitespace that follows.
    fn curly<'e>(&mut self, expr: &'e str, open: usize) -> Option<(&'e str, usize)> {
        let b = expr.as_bytes();
        let mut depth = 0usize;
        for (i, &c) in b.iter().enumerate().skip(open) {
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some((&expr[open + 1..i], skip_blanks(b, i + 1)));
                    }
                }
                _ => {}
            }
        }
        self.fail(format!(
            "unbalanced {{}} in attribute expression: `{}`",
            excerpt(expr)
        ));
        None
    }

    /// `{a} OP {b}` at `open`: whether it holds, and where the expression goes on. OP is
    /// `==`, `!=`, `<`, `<=`, `>=` or `>`, comparing numbers when both sides are all digits
    /// and bytes otherwise, or the same with the suffix `level`, comparing compatibility
    /// levels (`compat_level.c`).
    fn logical(&mut self, expr: &str, open: usize, level: usize) -> Option<(bool, usize)> {
        let b = expr.as_bytes();
        let (left, pos) = self.curly(expr, open)?;
        let operator_len = b[pos..]
            .iter()
            .take_while(|c| b"<>!=?+-*/~&|%".contains(c))
            .count();
        let operator = &expr[pos..pos + operator_len];
        if !matches!(operator, "==" | "!=" | "<" | "<=" | ">=" | ">") {
            self.fail(format!(
                "`==`, `!=`, `<`, `<=`, `>=` or `>` expected at `{}`",
                excerpt(&expr[pos..])
            ));
            return None;
        }
        let suffix_start = pos + operator_len;
        let suffix_len = b[suffix_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let suffix = &expr[suffix_start..suffix_start + suffix_len];
        if !suffix.is_empty() && suffix != "level" {
            self.fail(format!("bad operator suffix `{operator}{suffix}`"));
            return None;
        }
        let brace = skip_blanks(b, suffix_start + suffix_len);
        if b.get(brace) != Some(&b'{') {
            self.fail(format!(
                "`{{expression}}` expected at `{}`",
                excerpt(&expr[brace..])
            ));
            return None;
        }
        let (right, after) = self.curly(expr, brace)?;
        let mut left_value = String::new();
        self.parse(left, &mut left_value, level + 1);
        let mut right_value = String::new();
        self.parse(right, &mut right_value, level + 1);
        if self.error.is_some() {
            return None;
        }
        let order = if suffix.is_empty() {
            compare(&left_value, &right_value)
        } else {
            match (
                compatibility_level(&left_value),
                compatibility_level(&right_value),
            ) {
                (Some(l), Some(r)) => Some(l.cmp(&r)),
                _ => None,
            }
        };
        let Some(order) = order else {
            self.fail(format!(
                "cannot compare `{}` {operator}{suffix} `{}`",
                excerpt(&left_value),
                excerpt(&right_value)
            ));
            return None;
        };
        let holds = match operator {
            "==" => order.is_eq(),
            "!=" => order.is_ne(),
            "<" => order.is_lt(),
            "<=" => order.is_le(),
            ">=" => order.is_ge(),
            _ => order.is_gt(),
        };
        Some((holds, after))
    }
}

/// Numbers when both are all digits (and fit a C `long`), else bytes (`mac_exp_eval`).
fn compare(left: &str, right: &str) -> Option<std::cmp::Ordering> {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if all_digits(left) && all_digits(right) {
        Some(left.parse::<i64>().ok()?.cmp(&right.parse::<i64>().ok()?))
    } else {
        Some(left.as_bytes().cmp(right.as_bytes()))
    }
}

/// `major[.minor[.patch]]` as one comparable number, minor and patch below 1024, or `None`
/// (`compat_level_from_string`, which reads each part with C `strtol`).
fn compatibility_level(s: &str) -> Option<i64> {
    let mut parts = s.split('.');
    let major = c_long(parts.next()?)?;
    let minor = parts.next().map_or(Some(0), c_long)?;
    let patch = parts.next().map_or(Some(0), c_long)?;
    let fits = parts.next().is_none()
        && (0..=i64::MAX >> 20).contains(&major)
        && (0..1024).contains(&minor)
        && (0..1024).contains(&patch);
    fits.then_some((major << 20) | (minor << 10) | patch)
}

/// A whole string read as C `strtol` base 10: leading whitespace, a sign, digits.
fn c_long(s: &str) -> Option<i64> {
    let s = s.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse().ok()
}

/// The position after the space, tab, `\r` and `\n` at `pos` (`MAC_EXP_WHITESPACE`).
fn skip_blanks(b: &[u8], mut pos: usize) -> usize {
    while pos < b.len() && is_blank(b[pos]) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const F: FileId = FileId(3);

    fn params(text: &str) -> Vec<Node> {
        let doc = parse_main(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        doc.root.children
    }

    fn str_field<'a>(node: &'a Node, name: &str) -> &'a str {
        match node.field(name).map(|f| &f.value) {
            Some(Value::Str(s)) => s,
            other => panic!("field {name}: {other:?}"),
        }
    }

    fn items(node: &Node, field: &str) -> Vec<String> {
        match node.field(field).map(|f| &f.value) {
            Some(Value::List(items)) => items.iter().map(|i| i.value.clone()).collect(),
            other => panic!("field {field}: {other:?}"),
        }
    }

    /// Each item with the text its span covers.
    fn item_spans<'t>(node: &Node, field: &str, text: &'t str) -> Vec<(String, &'t str)> {
        match node.field(field).map(|f| &f.value) {
            Some(Value::List(items)) => items
                .iter()
                .map(|i| (i.value.clone(), &text[i.span.start..i.span.end]))
                .collect(),
            other => panic!("field {field}: {other:?}"),
        }
    }

    fn covered(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    fn error_lines(doc: &Document, text: &str) -> Vec<usize> {
        doc.diagnostics
            .iter()
            .map(|d| text[..d.span.start].matches('\n').count() + 1)
            .collect()
    }

    #[test]
    fn known_parameters_are_postconf_d_names() {
        for name in [
            "smtpd_banner",
            "smtpd_tls_security_level",
            "smtpd_tls_CAfile",
            "mynetworks",
            "2bounce_notice_recipient",
        ] {
            assert!(is_known_parameter(name), "{name}");
        }
        for name in [
            "mua_client_restrictions",
            "",
            "# The parameters",
            "smtpd_banner ",
        ] {
            assert!(!is_known_parameter(name), "{name:?}");
        }
        let names: Vec<&str> = KNOWN_PARAMETERS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect();
        assert!(names.len() > 1000, "{}", names.len());
        assert!(
            names.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
    }

    #[test]
    fn reads_name_value_with_whitespace_around_equals() {
        let text = "myhostname=mail.example.org\nrelayhost   =   [smtp.example.org]:587  \n";
        let p = params(text);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].kind, "param");
        assert_eq!(p[0].name.value, "myhostname");
        assert_eq!(covered(text, p[0].name.span), "myhostname");
        assert_eq!(str_field(&p[0], "value"), "mail.example.org");
        assert_eq!(p[1].name.value, "relayhost");
        assert_eq!(str_field(&p[1], "value"), "[smtp.example.org]:587");
        assert_eq!(
            covered(text, p[1].field("value").unwrap().span),
            "[smtp.example.org]:587"
        );
        assert_eq!(
            covered(text, p[1].span),
            "relayhost   =   [smtp.example.org]:587"
        );
    }

    #[test]
    fn continuation_lines_join_and_items_point_at_their_lines() {
        let text = "smtpd_recipient_restrictions =\n    permit_mynetworks,\n\t\
                    reject_unauth_destination   check_policy_service unix:private/policy\n\
                    next = 1\n";
        let p = params(text);
        assert_eq!(p.len(), 2);
        assert_eq!(
            str_field(&p[0], "value"),
            "permit_mynetworks, reject_unauth_destination check_policy_service \
             unix:private/policy"
        );
        let value = p[0].field("value").unwrap().span;
        assert!(covered(text, value).starts_with("permit_mynetworks,\n"));
        assert!(covered(text, value).ends_with("unix:private/policy"));
        assert!(covered(text, p[0].span).starts_with("smtpd_recipient_restrictions ="));
        assert!(covered(text, p[0].span).ends_with("private/policy"));
        let spans = item_spans(&p[0], "items", text);
        let expected = [
            "permit_mynetworks",
            "reject_unauth_destination",
            "check_policy_service",
            "unix:private/policy",
        ];
        assert_eq!(spans.len(), expected.len());
        for ((value, written), want) in spans.iter().zip(expected) {
            assert_eq!((value.as_str(), *written), (want, want));
        }
        // The third item is on the third line.
        let third = match &p[0].field("items").unwrap().value {
            Value::List(items) => items[2].span.start,
            _ => unreachable!(),
        };
        assert_eq!(text[..third].matches('\n').count(), 2);
    }

    #[test]
    fn comments_and_blank_lines_do_not_end_a_logical_line() {
        // readllines drops them but keeps reading: the indented line after them continues.
        let text =
            "# header\nmydestination = a\n\n# about b\n   \n  b\n  # c, not a value\nx = y # z\n";
        let p = params(text);
        assert_eq!(p.len(), 2);
        assert_eq!(str_field(&p[0], "value"), "a b");
        assert_eq!(items(&p[0], "items"), ["a", "b"]);
        // `#` after the start of a line is text.
        assert_eq!(str_field(&p[1], "value"), "y # z");
        assert_eq!(items(&p[1], "items"), ["y", "#", "z"]);
    }

    #[test]
    fn empty_values_have_an_empty_span_after_the_equals_sign() {
        let text = "relayhost =\nmynetworks=   \nx = 1\n";
        let p = params(text);
        assert_eq!(p.len(), 3);
        for node in &p[..2] {
            assert_eq!(str_field(node, "value"), "");
            assert_eq!(items(node, "items"), Vec::<String>::new());
            let span = node.field("value").unwrap().span;
            assert!(span.is_empty());
            assert_eq!(&text[span.start - 1..span.start], "=");
        }
        assert_eq!(covered(text, p[0].span), "relayhost =");
        assert_eq!(covered(text, p[1].span), "mynetworks=");
    }

    #[test]
    fn duplicates_are_kept_in_file_order() {
        let p = params("a = 1\nb = 2\na = 3\n");
        let names: Vec<_> = p
            .iter()
            .map(|n| (n.name.value.as_str(), str_field(n, "value")))
            .collect();
        assert_eq!(names, [("a", "1"), ("b", "2"), ("a", "3")]);
    }

    #[test]
    fn list_items_keep_braces_together() {
        let text = "smtpd_client_restrictions = check_client_access {inline:{ 1.2.3.4=OK, \
                    5.6.7.8=REJECT }}, permit ,,reject }x {unclosed, a b";
        let p = params(text);
        let spans = item_spans(&p[0], "items", text);
        let values: Vec<_> = spans.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(
            values,
            [
                "check_client_access",
                "{inline:{ 1.2.3.4=OK, 5.6.7.8=REJECT }}",
                "permit",
                "reject",
                "}x",
                "{unclosed, a b",
            ]
        );
        for (value, written) in &spans {
            assert_eq!(value, written);
        }
    }

    #[test]
    fn item_values_inside_braces_have_normalized_whitespace() {
        let text = "x = {a,\n   b}\n";
        let p = params(text);
        assert_eq!(str_field(&p[0], "value"), "{a, b}");
        assert_eq!(
            item_spans(&p[0], "items", text),
            [("{a, b}".into(), "{a,\n   b}")]
        );
    }

    #[test]
    fn split_list_matches_items() {
        let value = " a,b  {c, d} ,";
        let parts: Vec<_> = split_list(value)
            .into_iter()
            .map(|(s, e)| &value[s..e])
            .collect();
        assert_eq!(parts, ["a", "b", "{c, d}"]);
        assert!(split_list("").is_empty());
        assert!(split_list(" , ,").is_empty());
    }

    #[test]
    fn crlf_and_bom() {
        let text = "\u{feff}a = 1\r\nb =\r\n  2,\r\n  3\r\n";
        let p = params(text);
        assert_eq!(p[0].name.value, "a");
        assert_eq!(covered(text, p[0].name.span), "a");
        assert_eq!(str_field(&p[0], "value"), "1");
        assert_eq!(covered(text, p[0].span), "a = 1");
        assert_eq!(str_field(&p[1], "value"), "2, 3");
        assert_eq!(items(&p[1], "items"), ["2", "3"]);
        assert_eq!(
            covered(text, p[1].field("value").unwrap().span),
            "2,\r\n  3"
        );
    }

    #[test]
    fn malformed_lines_are_reported_and_parsing_goes_on() {
        let text = "a = 1\n{% if RELAY %}\nb = 2\n= 3\n  indented\nc\n";
        let doc = parse_main(F, text);
        let names: Vec<_> = doc
            .root
            .children
            .iter()
            .map(|n| n.name.value.as_str())
            .collect();
        assert_eq!(names, ["a", "b"]);
        // `= 3` and its continuation `  indented` are one logical line.
        assert_eq!(error_lines(&doc, text), [2, 4, 6]);
        assert_eq!(
            doc.diagnostics[0].message,
            "missing '=' after attribute name `{%`: expected `name = value`"
        );
        assert_eq!(covered(text, doc.diagnostics[0].span), "{% if RELAY %}");
        assert_eq!(
            doc.diagnostics[1].message,
            "missing attribute name before `=`"
        );
        assert!(doc.diagnostics.iter().all(|d| d.is_error()));
    }

    #[test]
    fn indented_text_before_the_first_parameter_is_ignored_and_reported() {
        let text = "# c\n  a = 1\n  b = 2\nc = 3\n";
        let doc = parse_main(F, text);
        assert_eq!(doc.root.children.len(), 1);
        assert_eq!(doc.root.children[0].name.value, "c");
        assert_eq!(error_lines(&doc, text), [2]);
        assert!(
            doc.diagnostics[0]
                .message
                .starts_with("line starts with whitespace")
        );
    }

    #[test]
    fn name_and_equals_may_be_on_different_lines() {
        let text = "a\n = b\n";
        let p = params(text);
        assert_eq!(p[0].name.value, "a");
        assert_eq!(str_field(&p[0], "value"), "b");
        assert_eq!(covered(text, p[0].span), "a\n = b");
    }

    const MASTER: &str = "\
# service type  private unpriv  chroot  wakeup  maxproc command + args
smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
# -o commented=out
  -o { smtpd_client_restrictions = permit_sasl_authenticated,
       reject }
  -o smtpd_tls_security_level=encrypt -vosmtpd_sasl_auth_enable=yes
  -o smtpd_tls_security_level=may
pickup    unix  n       -       y       60?     1       pickup
maildrop  unix  -       n       n       -       -       pipe
  flags=DRXhu user=vmail argv=/usr/bin/maildrop -d ${recipient} -o not=option
";

    fn services(text: &str) -> Vec<Node> {
        let doc = parse_master(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        doc.root.children
    }

    #[test]
    fn master_columns_with_dashes() {
        let s = services(MASTER);
        assert_eq!(s.len(), 4);
        let smtp = &s[0];
        assert_eq!(smtp.kind, "service");
        assert_eq!(smtp.name.value, "smtp");
        let columns: Vec<_> = COLUMNS.iter().map(|c| str_field(smtp, c)).collect();
        assert_eq!(columns, ["smtp", "inet", "n", "-", "y", "-", "-", "smtpd"]);
        assert_eq!(str_field(smtp, "service-key"), "smtp/inet");
        assert_eq!(
            covered(MASTER, smtp.field("service-key").unwrap().span),
            "smtp"
        );
        assert_eq!(covered(MASTER, smtp.field("unpriv").unwrap().span), "-");
        assert_eq!(items(smtp, "arguments"), Vec::<String>::new());
        assert!(smtp.children.is_empty());
        assert_eq!(
            covered(MASTER, smtp.span),
            "smtp      inet  n       -       y       -       -       smtpd"
        );
        assert_eq!(str_field(&s[2], "wakeup"), "60?");
        assert_eq!(str_field(&s[2], "maxproc"), "1");
    }

    #[test]
    fn master_overrides_in_all_forms() {
        let s = services(MASTER);
        let submission = &s[1];
        assert!(covered(MASTER, submission.span).ends_with("smtpd_tls_security_level=may"));
        let overrides: Vec<_> = submission
            .children
            .iter()
            .map(|p| (p.name.value.as_str(), str_field(p, "value")))
            .collect();
        assert_eq!(
            overrides,
            [
                ("syslog_name", "postfix/submission"),
                (
                    "smtpd_client_restrictions",
                    "permit_sasl_authenticated, reject"
                ),
                ("smtpd_tls_security_level", "encrypt"),
                ("smtpd_sasl_auth_enable", "yes"),
                ("smtpd_tls_security_level", "may"),
            ]
        );
        let braced = &submission.children[1];
        assert_eq!(braced.kind, "param");
        assert_eq!(
            covered(MASTER, braced.name.span),
            "smtpd_client_restrictions"
        );
        assert_eq!(
            covered(MASTER, braced.field("value").unwrap().span),
            "permit_sasl_authenticated,\n       reject"
        );
        assert_eq!(
            item_spans(braced, "items", MASTER),
            [
                (
                    "permit_sasl_authenticated".into(),
                    "permit_sasl_authenticated"
                ),
                ("reject".into(), "reject"),
            ]
        );
        assert!(covered(MASTER, braced.span).starts_with("-o { smtpd_client_restrictions"));
        assert!(covered(MASTER, braced.span).ends_with("reject }"));
        let clustered = &submission.children[3];
        assert_eq!(
            covered(MASTER, clustered.span),
            "-vosmtpd_sasl_auth_enable=yes"
        );
        assert_eq!(
            covered(MASTER, clustered.name.span),
            "smtpd_sasl_auth_enable"
        );
        assert_eq!(
            items(submission, "arguments"),
            [
                "-o",
                "syslog_name=postfix/submission",
                "-o",
                "{ smtpd_client_restrictions = permit_sasl_authenticated,       reject }",
                "-o",
                "smtpd_tls_security_level=encrypt",
                "-vosmtpd_sasl_auth_enable=yes",
                "-o",
                "smtpd_tls_security_level=may",
            ]
        );
    }

    #[test]
    fn options_end_at_the_first_other_argument() {
        let s = services(MASTER);
        let maildrop = &s[3];
        assert!(maildrop.children.is_empty());
        let arguments = item_spans(maildrop, "arguments", MASTER);
        assert_eq!(arguments[0], ("flags=DRXhu".into(), "flags=DRXhu"));
        assert_eq!(arguments.len(), 7);
        assert_eq!(arguments[4].0, "${recipient}");
    }

    #[test]
    fn unbraced_spaces_around_equals_set_nothing() {
        let text = "smtp inet n - y - - smtpd -o name = value -o other=1\n";
        let doc = parse_master(F, text);
        assert_eq!(doc.root.children.len(), 1);
        // `-o name` has no `=`; `=` then ends the options, so `-o other=1` is an argument.
        assert!(doc.root.children[0].children.is_empty());
        assert_eq!(doc.diagnostics.len(), 1);
        assert_eq!(covered(text, doc.diagnostics[0].span), "name");
    }

    #[test]
    fn master_bad_entries() {
        let text = "submission/inet/opt=value\n\
                    smtp inet n - y - - smtpd\n\
                    {# jinja comment #}\n\
                    amavis unix - - n - PH_MAX smtp\n\
                    bad kind x yes n 5s - cmd\n\
                    last unix - - n - - cmd -o\n\
                    braces unix - - n - - cmd -o {a=1}x -o {b=2\n";
        let doc = parse_master(F, text);
        let names: Vec<_> = doc
            .root
            .children
            .iter()
            .map(|n| n.name.value.as_str())
            .collect();
        assert_eq!(names, ["smtp", "amavis", "bad", "last", "braces"]);
        assert_eq!(error_lines(&doc, text), [1, 3, 4, 5, 5, 5, 5, 6, 7, 7]);
        assert!(doc.diagnostics[0].message.starts_with("bad field count"));
        assert_eq!(covered(text, doc.diagnostics[2].span), "PH_MAX");
        let braces = &doc.root.children[4];
        let set: Vec<_> = braces
            .children
            .iter()
            .map(|p| (p.name.value.as_str(), str_field(p, "value")))
            .collect();
        assert_eq!(set, [("a", "1"), ("b", "2")]);
    }

    #[test]
    fn master_crlf_bom_and_continuations() {
        let text = "\u{feff}smtp inet n - y - - smtpd\r\n  -o a=1\r\n\r\n  -o b=2\r\n";
        let s = services(text);
        assert_eq!(s[0].name.value, "smtp");
        let set: Vec<_> = s[0]
            .children
            .iter()
            .map(|p| (p.name.value.as_str(), str_field(p, "value")))
            .collect();
        assert_eq!(set, [("a", "1"), ("b", "2")]);
        assert_eq!(covered(text, s[0].children[1].span), "-o b=2");
    }

    fn table(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn x(value: &str, pairs: &[(&str, &str)]) -> String {
        let t = table(pairs);
        expand(value, &|name| t.get(name).cloned())
    }

    fn x_err(value: &str, pairs: &[(&str, &str)]) -> ExpandError {
        let t = table(pairs);
        match try_expand(value, &|name| t.get(name).cloned()) {
            Err(e) => e,
            Ok(s) => panic!("`{value}` expanded to `{s}`"),
        }
    }

    #[test]
    fn expands_names_in_every_form() {
        let t = [
            ("myhostname", "mail.example.org"),
            ("mydomain", "example.org"),
            ("empty", ""),
            ("nested", "$mydomain and ${myhostname}"),
        ];
        assert_eq!(x("$myhostname", &t), "mail.example.org");
        assert_eq!(x("${myhostname}", &t), "mail.example.org");
        assert_eq!(x("$(myhostname)", &t), "mail.example.org");
        assert_eq!(x("a $mydomain.b", &t), "a example.org.b");
        assert_eq!(x("$mydomain-x", &t), "example.org-x");
        assert_eq!(x("[$nested]", &t), "[example.org and mail.example.org]");
        assert_eq!(x("$$mydomain $$", &t), "$mydomain $");
        assert_eq!(x("$unknown|${unknown}", &t), "|");
        assert_eq!(x("$empty", &t), "");
    }

    #[test]
    fn expands_conditionals() {
        let t = [("set", "yes"), ("empty", ""), ("other", "o")];
        assert_eq!(x("${set?value}", &t), "value");
        assert_eq!(x("${empty?value}", &t), "");
        assert_eq!(x("${unknown?value}", &t), "");
        assert_eq!(x("${set?{a $other}}", &t), "a o");
        assert_eq!(x("${set? {b} }", &t), "b");
        assert_eq!(x("${set:value}", &t), "");
        assert_eq!(x("${empty:value}", &t), "value");
        assert_eq!(x("${unknown:{v $other}}", &t), "v o");
        assert_eq!(x("${set?{a}:{b}}", &t), "a");
        assert_eq!(x("${empty?{a}:{b}}", &t), "b");
        assert_eq!(x("${unknown?{a} : b}", &t), " b");
        // Without braces the `?` text runs to the end, `:` included (Postfix 2.2 to 2.11).
        assert_eq!(x("${set?a:b}", &t), "a:b");
        assert_eq!(x("${set?${other}x}", &t), "ox");
        assert_eq!(x("${{$set} == {yes}?same}", &t), "same");
        assert_eq!(x("${{$set} == {yes}?same:differs}", &t), "same:differs");
        assert_eq!(x("${{$set} != {yes}?{same}:{differs}}", &t), "differs");
        assert_eq!(x("${{a}=={a}}", &t), "true");
        assert_eq!(x("${ set ? {a} : {b} }", &t), "a");
        assert_eq!(x("${ unknown }", &t), "");
    }

    #[test]
    fn expands_relations() {
        let t = [("n", "10"), ("compatibility_level", "3.10"), ("old", "0")];
        assert_eq!(x("${{$n} > {9}?more}", &t), "more");
        // All digits compare as numbers, anything else as bytes.
        assert_eq!(x("${{$n} < {9}?{less}:{notless}}", &t), "notless");
        assert_eq!(x("${{${n}x} < {9x}?less}", &t), "less");
        assert_eq!(x("${{a} <= {b}}${{b} >= {b}}${{a} > {b}}", &t), "truetrue");
        // `3.10` is a later level than `3.9`, though not a larger number.
        assert_eq!(x("${{$compatibility_level} >level {3.9}?new}", &t), "new");
        assert_eq!(
            x(
                "${{$compatibility_level} <level {2} ? {subnet} : {host}}",
                &t
            ),
            "host"
        );
        assert_eq!(x("${{$old} <level {2} ? {subnet} : {host}}", &t), "subnet");
        assert_eq!(x("${{3.9.1} ==level {3.9.1}}", &t), "true");
        assert!(
            x_err("${{a} <level {2}}", &t)
                .message
                .starts_with("cannot compare")
        );
        assert!(
            x_err("${{3.1024} <level {4}}", &t)
                .message
                .starts_with("cannot compare")
        );
        assert!(
            x_err("${{1} <size {2}}", &t)
                .message
                .starts_with("bad operator suffix")
        );
        assert!(x_err("${{1} <> {2}}", &t).message.contains("expected"));
    }

    #[test]
    fn expansion_errors_stop_where_postfix_stops() {
        let t = [("a", "1")];
        assert_eq!(x_err("x$", &t).expanded, "x");
        assert_eq!(x_err("x $ y", &t).message, "empty macro name: `x $ y`");
        assert_eq!(x_err("x${a", &t).expanded, "x");
        assert_eq!(x_err("$a${a b}tail", &t).expanded, "1");
        assert_eq!(x_err("${}", &t).expanded, "");
        assert_eq!(x_err("${a?{x}y}", &t).expanded, "x");
        assert_eq!(x_err("${{a} = {b}}", &t).expanded, "");
        assert_eq!(x_err("<${ a b }>", &t).expanded, "<");
        assert_eq!(x_err("${a?{x}", &t).expanded, "");
        assert_eq!(x("x${a b}", &t), "x");
    }

    #[test]
    fn expansion_cycles_and_depth_stop() {
        let cycle = x_err("<$a>", &[("a", "$b"), ("b", "x$a")]);
        assert!(cycle.message.starts_with("unreasonable macro call nesting"));
        assert!(cycle.expanded.starts_with("<xxx"));
        assert_eq!(x("$self", &[("self", "$self")]), "");
        let logical = x_err("${{$a}=={x}?y}", &[("a", "${{$a}=={x}?y}")]);
        assert!(
            logical
                .message
                .starts_with("unreasonable macro call nesting")
        );
        // Doubling at every level would be 2^60 lookups.
        let owned: Vec<(String, String)> = (0..60)
            .map(|i| (format!("a{i}"), format!("$a{0}$a{0}", i + 1)))
            .collect();
        let pairs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert!(x_err("$a0", &pairs).message.contains("lookups"));
        let wide: Vec<(String, String)> = (0..30)
            .map(|i| {
                (
                    format!("w{i}"),
                    format!("{}$w{1}$w{1}", "x".repeat(64), i + 1),
                )
            })
            .collect();
        let pairs: Vec<(&str, &str)> = wide.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert!(x_err("$w0", &pairs).message.contains("1 MiB"));
        // Text nested 100 deep is fine, as in Postfix; one more is not.
        let chain: Vec<(String, String)> = (0..99)
            .map(|i| (format!("c{i}"), format!("$c{}", i + 1)))
            .chain([("c99".to_string(), "end".to_string())])
            .collect();
        let pairs: Vec<(&str, &str)> = chain
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(x("$c0", &pairs), "end");
        let deeper: Vec<(&str, &str)> = pairs.iter().copied().chain([("c", "$c0")]).collect();
        assert!(x_err("$c", &deeper).message.contains("nesting"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            "",
            "\u{feff}",
            "\u{feff}\n  x",
            "=",
            "a=",
            "\r\r\n\r",
            "é = ü\n  ö,{é\n",
            "a = {{{{\n",
            "a b c d e f g",
            "a b c d e f g h -o",
            "a b c d e f g h -o {",
            "a b c d e f g h -o {}",
            "a b c d e f g h -o{x=1}",
            "a b c d e f g h -o - -- -o",
            "a b c d e f g h }}}} {{ -o x=",
            "\0 = \0\n\0",
        ];
        for text in odd {
            for doc in [parse_main(F, text), parse_master(F, text)] {
                let mut spans = vec![doc.root.span];
                for d in &doc.diagnostics {
                    spans.push(d.span);
                }
                let mut pending: Vec<&Node> = doc.root.children.iter().collect();
                while let Some(n) = pending.pop() {
                    spans.push(n.span);
                    spans.push(n.name.span);
                    for f in n.fields.values() {
                        spans.push(f.span);
                        if let Value::List(items) = &f.value {
                            spans.extend(items.iter().map(|i| i.span));
                        }
                    }
                    pending.extend(&n.children);
                }
                for s in spans {
                    assert!(s.start <= s.end && s.end <= text.len(), "{text:?}: {s:?}");
                    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                }
            }
            let _ = expand(text, &|_| Some(text.to_string()));
        }
    }
}
