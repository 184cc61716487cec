//! A YAML or JSON file loaded as Ansible's `from_yaml` (`parsing/utils/yaml.py`) loads it:
//! as JSON first, and as YAML (1.1, PyYAML's resolver: [`super::yaml11`]) only if that
//! fails; every value with its byte span (saphyr reads the YAML). A duplicate key keeps its
//! first position and takes the last value (Ansible warns: a `not-checked` note).
//!
//! Deliberate differences: YAML nested deeper than [`MAX_YAML_DEPTH`] levels, or more than
//! 255 levels of `[…]`/`{…}` (saphyr's limit), is not read (libyaml reads 1000), nor is a
//! file with more duplicate keys than art32 reads it again for ([`MAX_DUPLICATE_KEYS`], and
//! [`MAX_REREAD`] of text).

use std::collections::HashMap;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use crate::model::ParseDiagnostic;
use crate::source::{FileId, Span};

use super::text::{excerpt, is_vault_encrypted, vault_diagnostic};
use super::values::{Data, Item};
use super::yaml11::{
    Merged, ScalarTag, construct_float, construct_int, construct_timestamp, resolve_plain,
    yaml_bool_any_case,
};

/// YAML nested deeper than this is not read (the trees are recursive). Ansible's PyYAML,
/// with libyaml, reads up to 1000 levels; inventories nest a handful.
const MAX_YAML_DEPTH: usize = 200;

/// Duplicate mapping keys art32 reads in one file: saphyr rejects them, so each one is
/// renamed and the file read again.
const MAX_DUPLICATE_KEYS: usize = 100;

/// How much text those readings again may add up to in one file (fewer duplicates in a
/// large file): a 10 MiB file with a hundred duplicate keys would be a gigabyte to read.
const MAX_REREAD: usize = 4 << 20;

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
pub(super) struct Loaded {
    /// The first document, `None` for a file with none (empty, or only comments).
    pub(super) data: Option<Item>,
    pub(super) diagnostics: Vec<ParseDiagnostic>,
}

/// Why a text could not be loaded at all.
pub(super) struct LoadError {
    pub(super) span: Span,
    pub(super) message: String,
}

/// Loads `text` the way Ansible's `from_yaml` does: as JSON if it is JSON, else as YAML 1.1.
pub(super) fn load_yaml(file: FileId, text: &str) -> Result<Loaded, LoadError> {
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

/// Turns saphyr's nodes into [`Item`]s, typing scalars as PyYAML would.
/// Mappings with at most this many keys find duplicates by comparing, not hashing.
const FEW_KEYS: usize = 16;

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
                let span = match &data {
                    Data::Map(m) => {
                        self.collection_span(span, m.iter().flat_map(|(k, v)| [k.span, v.span]))
                    }
                    _ => self.collection_span(span, std::iter::empty()),
                };
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
        let mut out: Vec<(Item, Item, bool)> = Vec::with_capacity(merged.items.len() + own.len());
        // Where each key is in `out`: strings (nearly every key) by their text, the
        // others by comparison, so that a mapping of n keys is not n² comparisons. A
        // small mapping (most are) is searched, not hashed.
        let small = merged.items.len() + own.len() <= FEW_KEYS;
        let mut strings: HashMap<String, usize> = HashMap::new();
        let mut others: Vec<usize> = Vec::new();
        let merged_count = merged.items.len();
        for (i, (k, v)) in merged.items.into_iter().chain(own).enumerate() {
            let is_own = i >= merged_count;
            let at = match &k.data {
                data if small => out.iter().position(|o| o.0.data == *data),
                Data::Str(text) => strings.get(text).copied(),
                data => others.iter().copied().find(|&o| out[o].0.data == *data),
            };
            if at.is_none() && !small {
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

#[cfg(test)]
mod tests {
    use crate::formats::inventory::test_support::{F, messages, value};
    use crate::formats::inventory::{parse_ini, parse_vars};
    use crate::model::Value;

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
}
