//! `select.path`: a small CSS-like selector over the node tree.
//!
//! `a > b` (b is a child of a), `a b` (b is a descendant of a), `*`, `[field]`,
//! `[field=value]`, `[field!=value]`, `[field~=regex]`, `:root`, and lists
//! `a, b` (either). A type matches a
//! node's kind or its name (`mount`, `server`, `smtpd_tls_security_level`); the
//! document's root node is matched by `:root` alone. `[name=…]` reads a field `name`
//! where the node has one (crypttab), else the node's name.

use regex::Regex;

use crate::model::Node;

#[derive(Debug, Clone)]
pub struct Selector {
    /// The alternatives of a list `a, b`.
    alternatives: Vec<Complex>,
}

/// Compounds left to right; `.0` is the combinator joining a compound to the one
/// before it (ignored for the first).
type Complex = Vec<(Combinator, Compound)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Combinator {
    Descendant,
    Child,
}

#[derive(Debug, Clone, Default)]
struct Compound {
    name: Option<String>,
    root: bool,
    attrs: Vec<Attr>,
}

#[derive(Debug, Clone)]
struct Attr {
    field: String,
    test: AttrTest,
}

#[derive(Debug, Clone)]
enum AttrTest {
    Exists,
    Equals(String),
    NotEquals(String),
    Matches(Regex),
}

/// Where a selector is malformed: a byte offset into the selector text and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError {
    pub offset: usize,
    pub message: String,
}

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, SelectorError> {
        let mut p = Parser { text, pos: 0 };
        let mut alternatives = Vec::new();
        loop {
            alternatives.push(Self::complex(&mut p)?);
            if p.eof() {
                return Ok(Selector { alternatives });
            }
            // `complex` stops only at the end or at a `,`.
            p.pos += 1;
        }
    }

    fn complex(p: &mut Parser) -> Result<Complex, SelectorError> {
        let mut steps = Vec::new();
        let mut combinator = Combinator::Descendant;
        loop {
            let had_space = p.skip_ws();
            if p.eof() || p.peek() == Some(',') {
                break;
            }
            if p.peek() == Some('>') {
                if steps.is_empty() {
                    return Err(p.error("`>` needs a selector before it"));
                }
                p.pos += 1;
                combinator = Combinator::Child;
                p.skip_ws();
                if p.eof() {
                    return Err(p.error("`>` needs a selector after it"));
                }
            } else if !steps.is_empty() && !had_space && combinator == Combinator::Descendant {
                return Err(p.error("unexpected character"));
            }
            let compound = p.compound()?;
            steps.push((combinator, compound));
            combinator = Combinator::Descendant;
        }
        if steps.is_empty() {
            return Err(p.error("empty selector"));
        }
        Ok(steps)
    }

    /// The names a node must have (as its kind or its name) for the selector to match
    /// it: the names of the last compound of every alternative; `None` when some
    /// alternative's last compound names nothing (`*`, `[…]` alone, `:root`), so that
    /// any node may match. Evaluation tests a rule only at nodes with one of these
    /// names.
    pub fn last_names(&self) -> Option<Vec<&str>> {
        self.alternatives
            .iter()
            .map(|steps| steps.last().and_then(|(_, c)| c.name.as_deref()))
            .collect()
    }

    /// Does the selector match `node`, whose ancestors (root first) are `ancestors`?
    pub fn matches(&self, node: &Node, ancestors: &[&Node]) -> bool {
        self.alternatives.iter().any(|steps| {
            let Some(((_, last), rest)) = steps.split_last() else {
                return false;
            };
            last.matches(node, ancestors.is_empty())
                && Self::match_rest(rest, steps.last().map(|s| s.0), ancestors)
        })
    }

    /// Matches the compounds `rest` (right to left) against `ancestors`, where the
    /// compound just matched was joined to `rest` by `joint`.
    fn match_rest(
        rest: &[(Combinator, Compound)],
        joint: Option<Combinator>,
        ancestors: &[&Node],
    ) -> bool {
        let Some(((comb, compound), before)) = rest.split_last() else {
            return true;
        };
        match joint {
            Some(Combinator::Child) => match ancestors.split_last() {
                Some((parent, above)) => {
                    compound.matches(parent, above.is_empty())
                        && Self::match_rest(before, Some(*comb), above)
                }
                None => false,
            },
            _ => (0..ancestors.len()).rev().any(|i| {
                compound.matches(ancestors[i], i == 0)
                    && Self::match_rest(before, Some(*comb), &ancestors[..i])
            }),
        }
    }
}

impl Compound {
    fn matches(&self, node: &Node, is_root: bool) -> bool {
        // The document root is matched only by `:root`, so `*` means "any entry".
        if self.root != is_root {
            return false;
        }
        if let Some(name) = &self.name
            && name != node.kind
            && *name != node.name.value
        {
            return false;
        }
        self.attrs.iter().all(|a| {
            let value = node
                .field(&a.field)
                .map(|v| v.value.text())
                .or_else(|| (a.field == "name").then(|| node.name.value.clone()));
            match (&a.test, value) {
                (AttrTest::Exists, v) => v.is_some(),
                (AttrTest::Equals(want), Some(v)) => v == *want,
                (AttrTest::NotEquals(want), v) => v.as_deref() != Some(want.as_str()),
                (AttrTest::Matches(re), Some(v)) => re.is_match(&v),
                (_, None) => false,
            }
        })
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn eof(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
        self.pos > start
    }

    fn error(&self, message: &str) -> SelectorError {
        SelectorError {
            offset: self.pos,
            message: message.into(),
        }
    }

    fn ident(&mut self) -> &str {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$'))
        {
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
        &self.text[start..self.pos]
    }

    fn compound(&mut self) -> Result<Compound, SelectorError> {
        let mut c = Compound::default();
        if self.peek() == Some('*') {
            self.pos += 1;
        } else {
            let name = self.ident();
            if !name.is_empty() {
                c.name = Some(name.to_string());
            }
        }
        loop {
            match self.peek() {
                Some('[') => {
                    self.pos += 1;
                    c.attrs.push(self.attr()?);
                }
                Some(':') => {
                    self.pos += 1;
                    let at = self.pos;
                    match self.ident() {
                        "root" => c.root = true,
                        other => {
                            return Err(SelectorError {
                                offset: at,
                                message: format!("unknown pseudo-class `:{other}` (only `:root`)"),
                            });
                        }
                    }
                }
                _ => break,
            }
        }
        if c.name.is_none()
            && c.attrs.is_empty()
            && !c.root
            && !self.text[..self.pos].ends_with('*')
        {
            return Err(self.error("expected a node name, `*`, `[…]` or `:root`"));
        }
        Ok(c)
    }

    fn attr(&mut self) -> Result<Attr, SelectorError> {
        self.skip_ws();
        let field = self.ident().to_string();
        if field.is_empty() {
            return Err(self.error("expected a field name"));
        }
        self.skip_ws();
        let rest = &self.text[self.pos..];
        let op = ["!=", "~=", "=", "]"]
            .into_iter()
            .find(|op| rest.starts_with(op))
            .ok_or_else(|| self.error("expected `=`, `!=`, `~=` or `]`"))?;
        self.pos += op.len();
        if op == "]" {
            return Ok(Attr {
                field,
                test: AttrTest::Exists,
            });
        }
        self.skip_ws();
        let value_at = self.pos;
        let value = self.value()?;
        self.skip_ws();
        if self.peek() != Some(']') {
            return Err(self.error("expected `]`"));
        }
        self.pos += 1;
        let test =
            match op {
                "=" => AttrTest::Equals(value),
                "!=" => AttrTest::NotEquals(value),
                _ => AttrTest::Matches(crate::rules::build_regex(&value).map_err(|e| {
                    SelectorError {
                        offset: value_at,
                        message: e,
                    }
                })?),
            };
        Ok(Attr { field, test })
    }

    fn value(&mut self) -> Result<String, SelectorError> {
        match self.peek() {
            Some(q @ ('"' | '\'')) => {
                self.pos += 1;
                let start = self.pos;
                match self.text[start..].find(q) {
                    Some(len) => {
                        self.pos = start + len + 1;
                        Ok(self.text[start..start + len].to_string())
                    }
                    None => Err(self.error("unterminated string")),
                }
            }
            _ => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c != ']' && !c.is_whitespace()) {
                    self.pos += self.peek().map_or(1, char::len_utf8);
                }
                if self.pos == start {
                    return Err(self.error("expected a value"));
                }
                Ok(self.text[start..self.pos].to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;
    use crate::source::{Span, Spanned};

    fn node(kind: &'static str, name: &str) -> Node {
        Node::new(
            kind,
            Spanned::new(name.into(), Span::default()),
            Span::default(),
        )
    }

    #[test]
    fn last_names_index_the_last_compound() {
        let names = |t: &str| {
            let sel = Selector::parse(t).unwrap();
            sel.last_names()
                .map(|v| v.into_iter().map(String::from).collect::<Vec<_>>())
        };
        assert_eq!(names("http > server"), Some(vec!["server".to_string()]));
        assert_eq!(
            names("server, http location[x]"),
            Some(vec!["server".to_string(), "location".to_string()])
        );
        assert_eq!(names("server *"), None);
        assert_eq!(names("server, [name=x]"), None);
        assert_eq!(names(":root"), None);
        // A name matches a node's kind or its name: both are looked up.
        let sel = Selector::parse("mount").unwrap();
        assert!(sel.matches(&node("mount", "/srv"), &[&node("file", "")]));
    }

    #[test]
    fn child_and_descendant_combinators() {
        let root = node("file", "");
        let http = node("directive", "http");
        let server = node("directive", "server");
        let location = node("directive", "location");
        let child = Selector::parse("http > server").unwrap();
        assert!(child.matches(&server, &[&root, &http]));
        assert!(!child.matches(&location, &[&root, &http, &server]));
        let desc = Selector::parse("http location").unwrap();
        assert!(desc.matches(&location, &[&root, &http, &server]));
        assert!(!desc.matches(&location, &[&root, &server]));
        let list = Selector::parse("http > server, http server location").unwrap();
        assert!(list.matches(&server, &[&root, &http]));
        assert!(list.matches(&location, &[&root, &http, &server]));
        assert!(!list.matches(&http, &[&root]));
        let rooted = Selector::parse(":root > http").unwrap();
        assert!(rooted.matches(&http, &[&root]));
        assert!(!rooted.matches(&http, &[&root, &server]));
    }

    #[test]
    fn attributes_compare_field_text() {
        let mut m = node("mount", "mount");
        m.set("vfstype", Value::Str("nfs4".into()), Span::default());
        let root = node("file", "");
        let matches = |s: &str| Selector::parse(s).unwrap().matches(&m, &[&root]);
        assert!(matches("mount[vfstype=nfs4]"));
        assert!(matches("mount[vfstype~='^nfs']"));
        assert!(matches("mount[vfstype]"));
        assert!(matches("*[vfstype!=ext4]"));
        assert!(!matches("mount[vfstype=ext4]"));
        assert!(!matches("mount[spec]"));
        assert!(!matches("crypt"));
    }

    #[test]
    fn malformed_selectors_say_where() {
        assert_eq!(Selector::parse("> a").unwrap_err().offset, 0);
        assert!(Selector::parse("a,").is_err());
        assert!(Selector::parse(", a").is_err());
        assert_eq!(Selector::parse("a >").unwrap_err().offset, 3);
        assert!(Selector::parse("a[b").is_err());
        assert!(Selector::parse("a:first").is_err());
        assert!(Selector::parse("a[b~='(']").is_err());
        assert!(Selector::parse("").is_err());
    }
}
