//! nginx configuration, read the way crossplane 0.5.8 (the nginx authors' parser) reads it as a
//! pure syntax tree (`crossplane.parse(single=True, comments=True, check_ctx=False,
//! check_args=False)`: no include following, no context or argument-count checks).
//!
//! What crossplane 0.5.8 does (`crossplane/lexer.py`, `parser.py`, `ext/lua.py`), checked on
//! the shared corpus by `tests/conformance_nginx.rs`:
//! - The file is read as text with universal newlines: `\r\n` and a lone `\r` are `\n`, in
//!   values too. Whitespace is Python's `str.isspace`: Unicode White_Space plus U+001C..U+001F.
//! - `\` pairs with the next character everywhere. The pair is kept as written (both
//!   characters) and never ends a token, opens a quote, a comment or a block. A `\` as the
//!   last character of the file is dropped.
//! - A token is a run of characters ended by whitespace, `{`, `}` or `;`. (nginx reads `a}b` as
//!   one word; crossplane's split is kept, so that `}` is reported below.) `"` and `'` open a
//!   quoted token only at the start of a token; inside one they are ordinary characters. A
//!   quoted token ends at the same quote, and only `\` + that quote is unescaped (`\\` stays
//!   two backslashes, `\'` in double quotes stays as written). A new token starts right
//!   after the closing quote, so `"a"b` is two arguments. Quoted `{`, `}`, `;`, `#` are text.
//! - `#` at the start of a token comments out the rest of the line. A comment between the
//!   arguments of a directive is no argument.
//! - A `$` followed by `{` inside a token takes everything up to the next `}` or whitespace
//!   into the token, `;` and quotes included, and then the character after it even when that
//!   is whitespace: `${x} b` is one argument, `${x}  b` two (`"${x} "` and `"b"`).
//! - A `*_by_lua_block` name followed by whitespace (or quoted) makes the text between its
//!   braces one argument, as written; braces in Lua strings and `--` comments do not count.
//!   `set_by_lua_block` reads one argument (up to whitespace) before the body.
//! - `if` loses the `(` opening its first argument and the `)` closing its last, with the
//!   whitespace next to them; an argument left empty is dropped.
//! - A directive's line is the line its name starts on.
//!
//! Deliberate differences, on input that nginx rejects (or, for nesting, no configuration has):
//! - nginx's syntax errors that crossplane without its argument checks lets through are
//!   reported, with nginx's message: `;` or `{` where a name should be (crossplane makes
//!   directives named `;` and `{`), `}` right after arguments (crossplane ends the directive
//!   there and stays inside the block) and an empty quoted name (nginx: unknown directive).
//! - A name left at the end of the file without `;` is reported (crossplane drops it, its
//!   issue #114). After any error the rest of the file is still read, where crossplane's
//!   tree is empty.
//! - A leading UTF-8 BOM is skipped (crossplane makes it part of the first name).
//! - Blocks nested deeper than [`MAX_DEPTH`] are reported and skipped, so that no later
//!   stage recurses deep: linking, evaluation and rendering walk the tree recursively,
//!   and a thread's stack (2 MiB for rayon's workers) must hold every level of each.
//!   crossplane 0.5.8 fails between 900 and 1000 levels, at Python's recursion limit; no
//!   configuration of the corpus nests more than 5.

use std::collections::VecDeque;

use crate::model::{Document, FileKind, Node, ParseDiagnostic, Value};
use crate::source::{FileId, Span, Spanned};

/// Blocks whose contents are data (map keys, MIME types, …), not directives: their children
/// are `entry` nodes.
const ENTRY_BLOCKS: &[&str] = &[
    "map",
    "geo",
    "types",
    "split_clients",
    "charset_map",
    "match",
];

/// The directives crossplane's Lua extension reads a raw body for (`crossplane/ext/lua.py`).
const LUA_BLOCKS: &[&str] = &[
    "access_by_lua_block",
    "balancer_by_lua_block",
    "body_filter_by_lua_block",
    "content_by_lua_block",
    "header_filter_by_lua_block",
    "init_by_lua_block",
    "init_worker_by_lua_block",
    "log_by_lua_block",
    "rewrite_by_lua_block",
    "set_by_lua_block",
    "ssl_certificate_by_lua_block",
    "ssl_session_fetch_by_lua_block",
    "ssl_session_store_by_lua_block",
];

/// How deep blocks may nest; a deeper block is reported and skipped.
pub const MAX_DEPTH: usize = 100;

pub fn parse(file: FileId, text: &str) -> Document {
    let whole = Span::new(file, 0, text.len());
    let root = Node::new("file", Spanned::new(String::new(), whole), whole);
    let mut parser = Parser {
        file,
        text,
        lexer: Lexer::new(text),
        stack: vec![Frame {
            node: root,
            first: 0,
            open: whole,
            entries: false,
            keep: true,
        }],
        nodes: Vec::new(),
        args: Vec::new(),
        skipping: 0,
        last_end: 0,
        diagnostics: Vec::new(),
    };
    parser.run();
    let Parser {
        mut stack,
        mut nodes,
        lexer,
        mut diagnostics,
        ..
    } = parser;
    diagnostics.extend(
        lexer.errors.into_iter().map(|(start, end, message)| {
            ParseDiagnostic::error(Span::new(file, start, end), message)
        }),
    );
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    let root = stack.pop().map_or_else(
        || Node::new("file", Spanned::new(String::new(), whole), whole),
        |frame| {
            let mut root = frame.node;
            root.children = nodes.drain(frame.first.min(nodes.len())..).collect();
            root
        },
    );
    Document {
        kind: FileKind::Nginx,
        file,
        root,
        diagnostics,
    }
}

/// Python's `str.isspace`, which crossplane splits on.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// One character as crossplane's lexer sees it: line ends already `\n`, and a `\` together
/// with the character after it.
#[derive(Debug, Clone, Copy)]
struct Unit {
    ch: char,
    escaped: bool,
    start: usize,
    end: usize,
}

impl Unit {
    /// The unescaped character `c`.
    fn is(self, c: char) -> bool {
        !self.escaped && self.ch == c
    }

    fn is_space(self) -> bool {
        !self.escaped && is_space(self.ch)
    }

    fn push_to(self, value: &mut String) {
        if self.escaped {
            value.push('\\');
        }
        value.push(self.ch);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Word,
    Quoted,
    Open,
    Close,
    Semicolon,
    Comment,
}

#[derive(Debug)]
struct Token {
    kind: TokenKind,
    value: String,
    start: usize,
    end: usize,
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    /// Whether the next token is in a directive name's place (crossplane's
    /// `next_token_is_directive`), which is when a Lua block name counts.
    directive_next: bool,
    pending: VecDeque<Token>,
    errors: Vec<(usize, usize, String)>,
    /// The text of the word or quoted token being read, kept between tokens so that each
    /// token's value is allocated once, at its length.
    buf: String,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            text,
            pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
            directive_next: true,
            pending: VecDeque::new(),
            errors: Vec::new(),
            buf: String::new(),
        }
    }

    fn next_token(&mut self) -> Option<Token> {
        if self.pending.is_empty() {
            self.lex();
        }
        self.pending.pop_front()
    }

    /// The unit at `pos`; `None` at the end of the text and at a `\` that ends it.
    fn unit_at(&self, pos: usize) -> Option<Unit> {
        let rest = self.text.get(pos..)?;
        let newline = |rest: &str| match rest.as_bytes() {
            [b'\r', b'\n', ..] => Some(('\n', 2)),
            [b'\r', ..] => Some(('\n', 1)),
            _ => rest.chars().next().map(|c| (c, c.len_utf8())),
        };
        let (ch, len) = newline(rest)?;
        if ch != '\\' {
            return Some(Unit {
                ch,
                escaped: false,
                start: pos,
                end: pos + len,
            });
        }
        let (ch, escaped_len) = newline(&rest[1..])?;
        Some(Unit {
            ch,
            escaped: true,
            start: pos,
            end: pos + 1 + escaped_len,
        })
    }

    fn bump(&mut self) -> Option<Unit> {
        let unit = self.unit_at(self.pos)?;
        self.pos = unit.end;
        Some(unit)
    }

    fn bump_non_space(&mut self) -> Option<Unit> {
        loop {
            let unit = self.bump()?;
            if !unit.is_space() {
                return Some(unit);
            }
        }
    }

    fn emit(&mut self, kind: TokenKind, value: String, start: usize, end: usize) {
        self.pending.push_back(Token {
            kind,
            value,
            start,
            end,
        });
    }

    /// The buffer for a token's text, empty.
    fn take_buf(&mut self) -> String {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf
    }

    /// Emits a copy of `buf` (exactly as long as the text) and keeps the buffer.
    fn emit_buf(&mut self, kind: TokenKind, buf: String, start: usize, end: usize) {
        let value = buf.as_str().to_owned();
        self.buf = buf;
        self.emit(kind, value, start, end);
    }

    /// Reads the next token (or several: a Lua block brings its name, body and `;`) into
    /// `pending`; nothing at the end of the text.
    fn lex(&mut self) {
        let Some(first) = self.bump_non_space() else {
            return;
        };
        if first.is('#') {
            let mut end = first.end;
            // Up to the line end, which goes with the comment (an escaped one too).
            while let Some(unit) = self.bump() {
                if unit.ch == '\n' {
                    break;
                }
                end = unit.end;
            }
            let value = self.text.get(first.start..end).unwrap_or("").to_string();
            self.emit(TokenKind::Comment, value, first.start, end);
            return;
        }
        if first.is('"') || first.is('\'') {
            self.quoted(first);
            return;
        }
        if let Some(kind) = special(first) {
            self.emit(kind, String::new(), first.start, first.end);
            self.directive_next = true;
            return;
        }
        self.word(first);
    }

    fn quoted(&mut self, open: Unit) {
        let mut value = self.take_buf();
        let mut end = open.end;
        // At the end of the text the string is cut short; the parser reports the end.
        while let Some(unit) = self.bump() {
            end = unit.end;
            if unit.is(open.ch) {
                break;
            }
            if unit.escaped && unit.ch == open.ch {
                value.push(open.ch);
            } else {
                unit.push_to(&mut value);
            }
        }
        self.emit_separated(TokenKind::Quoted, value, open.start, end);
    }

    fn word(&mut self, first: Unit) {
        let start = first.start;
        let mut value = self.take_buf();
        first.push_to(&mut value);
        let mut end = first.end;
        loop {
            let Some(mut unit) = self.bump() else {
                self.emit_buf(TokenKind::Word, value, start, end);
                return;
            };
            if unit.is_space() {
                self.emit_separated(TokenKind::Word, value, start, end);
                return;
            }
            if value.ends_with('$') && unit.is('{') {
                self.directive_next = false;
                while !value.ends_with('}') && !unit.is_space() {
                    unit.push_to(&mut value);
                    end = unit.end;
                    match self.bump() {
                        Some(next) => unit = next,
                        None => {
                            self.emit_buf(TokenKind::Word, value, start, end);
                            return;
                        }
                    }
                }
                // The unit after the expansion joins the token below, whitespace or not.
            }
            if let Some(kind) = special(unit) {
                self.emit_buf(TokenKind::Word, value, start, end);
                self.emit(kind, String::new(), unit.start, unit.end);
                self.directive_next = true;
                return;
            }
            unit.push_to(&mut value);
            end = unit.end;
        }
    }

    /// Emits a token that ended at whitespace or at its closing quote. A Lua block name in a
    /// directive name's place then reads its body.
    /// `value` is the buffer ([`Lexer::emit_buf`]).
    fn emit_separated(&mut self, kind: TokenKind, value: String, start: usize, end: usize) {
        let lua = self.directive_next && LUA_BLOCKS.contains(&value.as_str());
        let name = lua.then(|| value.clone());
        self.emit_buf(kind, value, start, end);
        match name {
            Some(name) => self.directive_next = self.lua_block(&name),
            None => self.directive_next = false,
        }
    }

    /// The Lua body after a `*_by_lua_block` name, as one quoted token followed by a `;`
    /// token at the closing brace. At the end of the text nothing more is emitted. `false`
    /// when there is no `{` and the arguments are read as usual.
    fn lua_block(&mut self, name: &str) -> bool {
        if name == "set_by_lua_block" {
            let Some(mut unit) = self.bump_non_space() else {
                return true;
            };
            let (start, mut value) = (unit.start, String::new());
            loop {
                unit.push_to(&mut value);
                let end = unit.end;
                match self.bump() {
                    None => return true,
                    Some(next) if next.is_space() => {
                        self.emit(TokenKind::Word, value, start, end);
                        break;
                    }
                    Some(next) => unit = next,
                }
            }
        }
        let Some(open) = self.bump_non_space() else {
            return true;
        };
        if !open.is('{') {
            self.errors.push((
                open.start,
                open.end,
                format!("expected `{{` to start the Lua block of `{name}`"),
            ));
            self.pos = open.start;
            return false;
        }
        let mut depth = 1usize;
        let mut value = String::new();
        while let Some(unit) = self.bump() {
            if unit.is('-') && self.unit_at(self.pos).is_some_and(|next| next.is('-')) {
                // A Lua comment, to the end of the line.
                unit.push_to(&mut value);
                while let Some(next) = self.bump() {
                    next.push_to(&mut value);
                    if next.is('\n') {
                        break;
                    }
                }
                continue;
            }
            if unit.is('{') {
                depth += 1;
            } else if unit.is('}') {
                depth -= 1;
                if depth == 0 {
                    self.emit(TokenKind::Quoted, value, open.end, unit.start);
                    self.emit(TokenKind::Semicolon, String::new(), unit.start, unit.end);
                    return true;
                }
            } else if unit.is('"') || unit.is('\'') {
                unit.push_to(&mut value);
                while let Some(next) = self.bump() {
                    next.push_to(&mut value);
                    if next.is(unit.ch) {
                        break;
                    }
                }
                continue;
            }
            unit.push_to(&mut value);
        }
        true
    }
}

/// `{`, `}` and `;`, which are tokens of their own unless escaped or quoted.
fn special(unit: Unit) -> Option<TokenKind> {
    match unit {
        u if u.is('{') => Some(TokenKind::Open),
        u if u.is('}') => Some(TokenKind::Close),
        u if u.is(';') => Some(TokenKind::Semicolon),
        _ => None,
    }
}

/// An open block: the directive that opened it (the root for the file), with its children
/// so far.
struct Frame {
    /// The directive, without its children: those are `Parser::nodes` from `first` on.
    node: Node,
    first: usize,
    /// The `{`.
    open: Span,
    /// Whether the children are data entries rather than directives.
    entries: bool,
    /// `false` for a block without a name, which is reported and dropped.
    keep: bool,
}

struct Parser<'a> {
    file: FileId,
    text: &'a str,
    lexer: Lexer<'a>,
    /// The root and the open blocks, innermost last.
    stack: Vec<Frame>,
    /// The finished children of the open blocks, each block's after its parent's: a
    /// block's children are moved into a vector of their number when it closes (where
    /// pushing to the block's own would leave up to half of it unused).
    nodes: Vec<Node>,
    /// The arguments of the directive being read (moved out the same way).
    args: Vec<Spanned<String>>,
    /// Open braces of a block being skipped for nesting too deep.
    skipping: usize,
    /// Where the last token read ended.
    last_end: usize,
    diagnostics: Vec<ParseDiagnostic>,
}

impl Parser<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        let span = self.span(start, end);
        self.diagnostics.push(ParseDiagnostic::error(span, message));
    }

    fn next_token(&mut self) -> Option<Token> {
        let token = self.lexer.next_token()?;
        self.last_end = token.end;
        Some(token)
    }

    fn run(&mut self) {
        while let Some(token) = self.next_token() {
            if self.skipping > 0 {
                match token.kind {
                    TokenKind::Open => self.skipping += 1,
                    TokenKind::Close => self.skipping -= 1,
                    _ => {}
                }
                continue;
            }
            match token.kind {
                TokenKind::Comment => {}
                TokenKind::Word | TokenKind::Quoted => self.directive(token),
                TokenKind::Close => self.close(token.start, token.end),
                TokenKind::Semicolon => self.error(token.start, token.end, "unexpected `;`"),
                TokenKind::Open => {
                    self.error(token.start, token.end, "unexpected `{`");
                    let name = Spanned::new(String::new(), self.span(token.start, token.start));
                    let node = Node::new("directive", name, self.span(token.start, token.end));
                    self.open(node, token.start, token.end, false);
                }
            }
        }
        self.end_of_file();
    }

    fn directive(&mut self, name: Token) {
        let name_span = self.span(name.start, name.end);
        let kind = match self.stack.last() {
            Some(frame) if frame.entries => "entry",
            _ => "directive",
        };
        // `""` is a fine map key, but no directive.
        if name.value.is_empty() && kind == "directive" {
            self.error(name.start, name.end, "empty directive name");
        }
        let mut node = Node::new(kind, Spanned::new(name.value, name_span), name_span);
        let mut args = std::mem::take(&mut self.args);
        args.clear();
        loop {
            let Some(token) = self.next_token() else {
                self.unterminated_at_end();
                return;
            };
            if !matches!(
                token.kind,
                TokenKind::Comment | TokenKind::Word | TokenKind::Quoted
            ) {
                // A vector of the arguments' number; the buffer is kept for the next.
                let mut exact = Vec::with_capacity(args.len());
                exact.append(&mut args);
                node.args = exact;
                self.args = std::mem::take(&mut args);
            }
            match token.kind {
                TokenKind::Comment => {}
                TokenKind::Word | TokenKind::Quoted => {
                    let span = self.span(token.start, token.end);
                    args.push(Spanned::new(token.value, span));
                }
                TokenKind::Semicolon => {
                    node.span = self.span(name.start, token.end);
                    strip_if_parentheses(&mut node);
                    self.finish(node);
                    return;
                }
                TokenKind::Open => {
                    strip_if_parentheses(&mut node);
                    self.open(node, token.start, token.end, true);
                    return;
                }
                TokenKind::Close => {
                    self.error(token.start, token.end, "unexpected `}`");
                    let end = node.args.last().map_or(name.end, |a| a.span.end);
                    node.span = self.span(name.start, end);
                    strip_if_parentheses(&mut node);
                    self.finish(node);
                    if self.stack.len() > 1 {
                        self.close(token.start, token.end);
                    }
                    return;
                }
            }
        }
    }

    /// Adds a finished node to the innermost open block.
    fn finish(&mut self, node: Node) {
        if !self.stack.is_empty() {
            self.nodes.push(node);
        }
    }

    fn open(&mut self, node: Node, start: usize, end: usize, keep: bool) {
        if self.stack.len() > MAX_DEPTH {
            self.error(
                start,
                end,
                format!("blocks nested more than {MAX_DEPTH} deep; this one is skipped"),
            );
            self.skipping = 1;
            return;
        }
        let entries = self.stack.last().is_some_and(|f| f.entries)
            || ENTRY_BLOCKS.contains(&node.name.value.as_str());
        self.stack.push(Frame {
            node,
            first: self.nodes.len(),
            open: self.span(start, end),
            entries,
            keep,
        });
    }

    /// Closes the innermost block at the `}` spanning `start..end`.
    fn close(&mut self, start: usize, end: usize) {
        if self.stack.len() <= 1 {
            self.error(start, end, "unexpected `}`");
            return;
        }
        self.pop_block(end);
    }

    /// Ends the innermost block at `end` and adds it to its parent.
    fn pop_block(&mut self, end: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let mut node = frame.node;
        let first = frame.first.min(self.nodes.len());
        node.children = self.nodes.drain(first..).collect();
        let block = self.span(frame.open.start, end);
        node.set("block", Value::Bool(true), block);
        node.span = self.span(node.name.span.start, end);
        if frame.keep {
            self.finish(node);
        }
    }

    /// A directive without `;` or `{` at the end of the text. crossplane reports no line for
    /// it; the diagnostic is at the end of the text. Inside an open block, the open block is
    /// what gets reported.
    fn unterminated_at_end(&mut self) {
        if self.stack.len() == 1 {
            let end = self.text.len();
            self.error(end, end, "unexpected end of file, expecting `;` or `}`");
        }
    }

    /// Reports blocks left open at the end of the text (where crossplane does: right after
    /// the last token) and keeps what they hold.
    fn end_of_file(&mut self) {
        if self.stack.len() > 1 || self.skipping > 0 {
            let message = match self.stack.last() {
                Some(frame) if self.skipping == 0 && !frame.node.name.value.is_empty() => {
                    format!(
                        "unexpected end of file, expecting `}}` to close `{}`",
                        frame.node.name.value
                    )
                }
                _ => "unexpected end of file, expecting `}`".to_string(),
            };
            self.error(self.last_end, self.last_end, message);
        }
        while self.stack.len() > 1 {
            self.pop_block(self.last_end);
        }
    }
}

/// crossplane's `_prepare_if_args`: `if ( $a = b )` has the arguments `$a`, `=`, `b`.
fn strip_if_parentheses(node: &mut Node) {
    if node.name.value != "if" {
        return;
    }
    let args = &mut node.args;
    let wrapped = args.first().is_some_and(|a| a.value.starts_with('('))
        && args.last().is_some_and(|a| a.value.ends_with(')'));
    if !wrapped {
        return;
    }
    if let Some(first) = args.first_mut() {
        first.value = first.value[1..].trim_start_matches(is_space).to_string();
    }
    if let Some(last) = args.last_mut() {
        last.value.pop();
        last.value = last.value.trim_end_matches(is_space).to_string();
    }
    let start = usize::from(args.first().is_some_and(|a| a.value.is_empty()));
    let end = args.len() - usize::from(args.last().is_some_and(|a| a.value.is_empty()));
    if start >= end {
        args.clear();
    } else {
        args.truncate(end);
        args.drain(..start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(3);

    /// The tree in one line: `name "arg" …;` or `name "arg" … { … }`, entries marked `=`.
    fn shape(nodes: &[Node]) -> String {
        let mut out = Vec::new();
        for node in nodes {
            let mut text = format!("{:?}", node.name.value);
            if node.kind == "entry" {
                text.insert(0, '=');
            }
            for arg in &node.args {
                text.push_str(&format!(" {:?}", arg.value));
            }
            if node.field("block").is_some() {
                text.push_str(&format!(" {{ {} }}", shape(&node.children)));
            } else {
                assert!(node.children.is_empty());
                text.push(';');
            }
            out.push(text);
        }
        out.join(" ")
    }

    /// The tree of a text that must parse without diagnostics.
    fn tree(text: &str) -> String {
        let doc = parse(F, text);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        shape(&doc.root.children)
    }

    fn errors(text: &str) -> Vec<(usize, usize, String)> {
        parse(F, text)
            .diagnostics
            .into_iter()
            .map(|d| {
                assert!(d.is_error());
                (d.span.start, d.span.end, d.message)
            })
            .collect()
    }

    fn range(span: Span) -> (usize, usize) {
        (span.start, span.end)
    }

    #[test]
    fn spans_cover_names_arguments_and_blocks() {
        let text = "http {\n  listen 80 \"a b\";\n}\n";
        let doc = parse(F, text);
        assert!(doc.diagnostics.is_empty());
        assert_eq!(doc.kind, FileKind::Nginx);
        assert_eq!((doc.root.kind, range(doc.root.span)), ("file", (0, 28)));
        let http = &doc.root.children[0];
        assert_eq!((http.kind, http.name.value.as_str()), ("directive", "http"));
        assert_eq!(range(http.name.span), (0, 4));
        assert_eq!(range(http.span), (0, 27));
        let block = http.field("block").map(|b| (&b.value, range(b.span)));
        assert_eq!(block, Some((&Value::Bool(true), (5, 27))));
        let listen = &http.children[0];
        assert_eq!(range(listen.name.span), (9, 15));
        assert_eq!(range(listen.span), (9, 25));
        let args: Vec<_> = listen
            .args
            .iter()
            .map(|a| (a.value.as_str(), range(a.span)))
            .collect();
        // A quoted argument's span includes its quotes.
        assert_eq!(args, [("80", (16, 18)), ("a b", (19, 24))]);
        assert!(listen.field("block").is_none() && listen.span.file == F);
    }

    /// Every vector and string of the tree is as long as what it holds: a directive with
    /// one argument holds one, a block with one directive one (pushing would leave room
    /// for four of each).
    #[test]
    fn the_tree_holds_no_unused_room() {
        fn check(node: &Node) {
            assert_eq!(
                node.args.capacity(),
                node.args.len(),
                "{:?}",
                node.name.value
            );
            assert_eq!(node.children.capacity(), node.children.len());
            assert_eq!(node.name.value.capacity(), node.name.value.len());
            for a in &node.args {
                assert_eq!(a.value.capacity(), a.value.len(), "{:?}", a.value);
            }
            node.children.iter().for_each(check);
        }
        let text = "http { server { listen 443 ssl; location / { proxy_pass http://app; } } \
                    map $a $b { default \"a long quoted value\"; } x ${y}z; }\nuser nginx;";
        let doc = parse(F, text);
        assert!(doc.diagnostics.is_empty());
        check(&doc.root);
    }

    #[test]
    fn quotes_and_escapes_as_crossplane_reads_them() {
        // Only `\` + the closing quote is unescaped; every other pair stays as written.
        let text = r#"a "b\"c\\d\x" 'e\"f\'' g\h\;i\ j "x;{}#" '';"#;
        assert_eq!(
            tree(text),
            r#""a" "b\"c\\\\d\\x" "e\\\"f'" "g\\h\\;i\\ j" "x;{}#" "";"#
        );
        // A quote starts a quoted token only at a token's start; a token starts after one.
        assert_eq!(tree("a\"b\" \"c\"d;"), r#""a\"b\"" "c" "d";"#);
        let doc = parse(F, "x \"c\"d;");
        let spans: Vec<_> = doc.root.children[0]
            .args
            .iter()
            .map(|a| range(a.span))
            .collect();
        assert_eq!(spans, [(2, 5), (5, 6)]);
        // Quoted names, and a quoted `}` that closes nothing.
        assert_eq!(tree("\"a\" { 'b' \"}\"; }"), r#""a" { "b" "}"; }"#);
        // A `\` at the very end of the text is dropped.
        assert_eq!(tree("a;\\"), r#""a";"#);
    }

    #[test]
    fn parameter_expansion_keeps_braces_and_the_next_character() {
        assert_eq!(tree("a ${x} b;"), r#""a" "${x} b";"#);
        assert_eq!(tree("a ${x}  b;"), r#""a" "${x} " "b";"#);
        assert_eq!(
            tree("a ${x;y}z \"${q}\" $${r};"),
            r#""a" "${x;y}z" "${q}" "$${r}";"#
        );
        assert_eq!(tree("a ${x}${y} z;"), r#""a" "${x}${y} z";"#);
        // Without `$` a `{` inside a word opens a block.
        assert_eq!(tree("a b{c;}"), r#""a" "b" { "c"; }"#);
        let doc = parse(F, "a ${x} b;");
        assert_eq!(range(doc.root.children[0].args[0].span), (2, 8));
    }

    #[test]
    fn if_loses_its_parentheses() {
        assert_eq!(
            tree("if ( $a = b ) { return 403; }"),
            r#""if" "$a" "=" "b" { "return" "403"; }"#
        );
        assert_eq!(tree("if ($a) {}"), r#""if" "$a" {  }"#);
        assert_eq!(tree("if (-f $x) {}"), r#""if" "-f" "$x" {  }"#);
        assert_eq!(tree("if ( ) {}"), r#""if" {  }"#);
        assert_eq!(tree("if () {}"), r#""if" {  }"#);
        // The `)` of a quoted last argument counts too; the stand-alone `)` is dropped.
        assert_eq!(tree("if ($a ~ \"(x)\") {}"), r#""if" "$a" "~" "(x)" {  }"#);
        assert_eq!(tree("if $a {}"), r#""if" "$a" {  }"#);
        // The spans still cover the arguments as written.
        let doc = parse(F, "if ($a) {}");
        assert_eq!(range(doc.root.children[0].args[0].span), (3, 7));
    }

    #[test]
    fn lua_block_body_is_one_raw_argument() {
        let text = "content_by_lua_block {\n  a = \"}\" -- }\n  b{} }\nx;";
        assert_eq!(
            tree(text),
            r#""content_by_lua_block" "\n  a = \"}\" -- }\n  b{} "; "x";"#
        );
        let doc = parse(F, text);
        let lua = &doc.root.children[0];
        assert!(lua.field("block").is_none());
        assert_eq!(range(lua.args[0].span), (22, 44));
        assert_eq!(range(lua.span), (0, 45));
        assert_eq!(
            tree("set_by_lua_block $res { return '}' } x;"),
            r#""set_by_lua_block" "$res" " return '}' "; "x";"#
        );
        assert_eq!(
            tree("\"content_by_lua_block\" {a}"),
            r#""content_by_lua_block" "a";"#
        );
        // Only in a name's place, and only followed by whitespace or quoted.
        assert_eq!(
            tree("a content_by_lua_block {b;}"),
            r#""a" "content_by_lua_block" { "b"; }"#
        );
        assert_eq!(
            tree("content_by_lua_block{ a; }"),
            r#""content_by_lua_block" { "a"; }"#
        );
    }

    #[test]
    fn lua_block_without_brace_is_reported() {
        let doc = parse(F, "content_by_lua_block x;\ny;");
        assert_eq!(
            doc.diagnostics
                .iter()
                .map(|d| (range(d.span), d.message.as_str()))
                .collect::<Vec<_>>(),
            [(
                (21, 22),
                "expected `{` to start the Lua block of `content_by_lua_block`"
            )]
        );
        assert_eq!(
            shape(&doc.root.children),
            r#""content_by_lua_block" "x"; "y";"#
        );
    }

    #[test]
    fn contents_of_data_blocks_are_entries() {
        let text = "http { map $a $b { default 0; \"\" 1; } types { text/html html; } \
                    geo $g { 10.0.0.0/8 1; } server { listen 80; } }";
        assert_eq!(
            tree(text),
            r#""http" { "map" "$a" "$b" { ="default" "0"; ="" "1"; } "types" { ="text/html" "html"; } "geo" "$g" { ="10.0.0.0/8" "1"; } "server" { "listen" "80"; } }"#
        );
        for block in ["split_clients", "charset_map", "match"] {
            let doc = parse(F, &format!("{block} x {{ a b; }}"));
            assert_eq!(doc.root.children[0].kind, "directive");
            assert_eq!(doc.root.children[0].children[0].kind, "entry");
        }
        // An empty quoted name is a fine map key, but no directive.
        assert_eq!(
            errors("\"\" 1;"),
            [(0, 2, "empty directive name".to_string())]
        );
    }

    #[test]
    fn comments_are_no_nodes_and_no_arguments() {
        let text = "# top\na # between\n b;#after\nc foo#bar \"d\"#e\n; '#f';";
        assert_eq!(tree(text), r##""a" "b"; "c" "foo#bar" "d"; "#f";"##);
        assert_eq!(tree("# only a comment"), "");
    }

    #[test]
    fn crlf_and_lone_cr_end_lines_and_become_newlines_in_values() {
        let text = "a \"x\r\ny\" b\r\n;\rc;\r\n";
        assert_eq!(tree(text), r#""a" "x\ny" "b"; "c";"#);
        let doc = parse(F, text);
        let source = crate::source::SourceFile::new("x", text);
        assert_eq!(
            source.line_col(doc.root.children[1].name.span.start).line,
            4
        );
        assert_eq!(range(doc.root.children[0].args[0].span), (2, 8));
    }

    #[test]
    fn a_leading_bom_is_skipped() {
        let doc = parse(F, "\u{feff}user nginx;");
        assert!(doc.diagnostics.is_empty());
        assert_eq!(doc.root.children[0].name.value, "user");
        assert_eq!(range(doc.root.children[0].name.span), (3, 7));
    }

    #[test]
    fn errors_are_reported_and_reading_goes_on() {
        // A stray `}` at the top is skipped.
        let text = "a;\n}\nb;";
        assert_eq!(errors(text), [(3, 4, "unexpected `}`".to_string())]);
        assert_eq!(shape(&parse(F, text).root.children), r#""a"; "b";"#);
        // A missing `;` at the end of the file: reported at the end, the directive dropped.
        let text = "a;\nb c";
        let expected = "unexpected end of file, expecting `;` or `}`".to_string();
        assert_eq!(errors(text), [(6, 6, expected)]);
        assert_eq!(shape(&parse(F, text).root.children), r#""a";"#);
        // A missing `;` before `}` ends the directive and the block, as in nginx.
        let text = "s { l 80 }\nt;";
        assert_eq!(errors(text), [(9, 10, "unexpected `}`".to_string())]);
        let doc = parse(F, text);
        assert_eq!(shape(&doc.root.children), r#""s" { "l" "80"; } "t";"#);
        assert_eq!(range(doc.root.children[0].children[0].span), (4, 8));
        // `;` and `{` without a name.
        let text = "a;; { b; } c;";
        assert_eq!(
            errors(text),
            [
                (2, 3, "unexpected `;`".to_string()),
                (4, 5, "unexpected `{`".to_string())
            ]
        );
        assert_eq!(shape(&parse(F, text).root.children), r#""a"; "c";"#);
        // An unclosed block: reported after the last token, its contents kept.
        let text = "http {\n  server { a; # note\n\n";
        let expected = "unexpected end of file, expecting `}` to close `server`".to_string();
        assert_eq!(errors(text), [(27, 27, expected)]);
        let doc = parse(F, text);
        assert_eq!(shape(&doc.root.children), r#""http" { "server" { "a"; } }"#);
        assert_eq!(range(doc.root.children[0].span), (0, 27));
        // An unterminated quote runs to the end of the file.
        assert_eq!(errors("a \"b;\n").len(), 1);
    }

    #[test]
    fn deep_nesting_is_capped_without_overflowing_the_stack() {
        let depth = 100_000;
        let text = format!("{}x;{}y;", "a {".repeat(depth), "}".repeat(depth));
        let doc = parse(F, &text);
        let start = MAX_DEPTH * 3;
        let message = format!("blocks nested more than {MAX_DEPTH} deep; this one is skipped");
        assert_eq!(
            doc.diagnostics
                .iter()
                .map(|d| (range(d.span), d.message.as_str()))
                .collect::<Vec<_>>(),
            [((start + 2, start + 3), message.as_str())]
        );
        let mut levels = 0;
        let mut node = &doc.root;
        while let Some(child) = node.children.first() {
            node = child;
            levels += 1;
        }
        assert_eq!(levels, MAX_DEPTH);
        assert_eq!(shape(&doc.root.children[1..]), r#""y";"#);
        // Unclosed, too.
        let text = "a {".repeat(depth);
        assert_eq!(parse(F, &text).diagnostics.len(), 2);
    }
}
