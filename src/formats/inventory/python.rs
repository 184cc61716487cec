//! Python as Ansible's code runs it on inventory values: `ast.literal_eval`, through which
//! the INI reader passes every variable's value (so `22` is an integer, `"x"` loses its
//! quotes, `True` is a boolean but `yes` a string, `80,443` a list; what it rejects stays
//! the text as written), what Ansible keeps of a literal
//! (`_parse_recursive_coerce_types_and_tag`), `int()`, and `repr(float)` and
//! `str(complex)` as `ansible-inventory --list` prints them.

use crate::source::Span;

use super::text::py_is_space;
use super::values::{Data, Item};

/// Python's parser rejects literals nested deeper than this (`too many nested parentheses`),
/// so `literal_eval` leaves such an INI value as text.
const MAX_LITERAL_DEPTH: usize = 200;

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
/// decimal exponent is between -4 and 16, else as `1e+16`; always with a `.0` or an exponent.
pub(super) fn py_float_repr(f: f64) -> String {
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

/// Python's `int()` on a range bound: white space, a sign, digits with single underscores.
pub(super) fn py_int(s: &str) -> Option<i128> {
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

/// A value `ast.literal_eval` makes, before Ansible turns it into a variable.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Py {
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
pub(super) fn literal_eval(text: &str) -> Option<Py> {
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

pub(super) fn parse_py_float(text: &str) -> Option<f64> {
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
pub(super) fn py_to_data(value: Py, span: Span) -> Data {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
