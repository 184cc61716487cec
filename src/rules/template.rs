//! Message templates: text with `{placeholders}`, checked when a rule is compiled.
//! `{{` and `}}` stand for literal braces. `{a|b|c}` is the first of `a`, `b` that has
//! a value that is not empty, else `c`.

use std::collections::BTreeMap;
use std::sync::Arc;

/// The most bytes a rendered template (a message, a label, help) keeps; what is past
/// it is cut, and a marker says how many bytes were. A rule may name one placeholder
/// many times and a value may be long: 20 000 `{spec}` of a 100 KB field would be 2 GB.
/// The lengths are counted before anything is copied, so the long text is never built.
pub const MAX_RENDERED: usize = 4096;

/// How many bytes of `text`, at most `room`, end on a character boundary.
fn fitting(text: &str, room: usize) -> usize {
    let mut end = room.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    /// A placeholder and its fallbacks, in order (one, without a fallback).
    Var(Vec<Slot>),
    /// Bytes that binding cut (past [`MAX_RENDERED`]).
    Cut(usize),
}

/// One alternative of a placeholder: a name to look up, or a value bound early (a
/// param behind a placeholder only evaluation fills), shared by every copy.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    Name(String),
    Bound(Arc<str>),
}

/// Text built up to [`MAX_RENDERED`] bytes, counting what does not fit.
#[derive(Default)]
struct Capped {
    out: String,
    cut: usize,
}

impl Capped {
    fn push(&mut self, text: &str) {
        let room = if self.cut > 0 {
            0
        } else {
            MAX_RENDERED.saturating_sub(self.out.len())
        };
        let end = fitting(text, room);
        self.out.push_str(&text[..end]);
        self.cut += text.len() - end;
    }

    fn finish(mut self) -> String {
        if self.cut > 0 {
            self.out
                .push_str(&format!("… ({} more bytes not shown)", self.cut));
        }
        self.out
    }
}

/// A placeholder that cannot be filled, or a brace that is not closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub offset: usize,
    pub message: String,
}

impl Template {
    /// Parses `text`; every placeholder must satisfy `known`.
    pub fn parse(text: &str, known: impl Fn(&str) -> bool) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut buf = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|p| p.1) == Some('{') => {
                    chars.next();
                    buf.push('{');
                }
                '}' if chars.peek().map(|p| p.1) == Some('}') => {
                    chars.next();
                    buf.push('}');
                }
                '{' => {
                    let rest = &text[i + 1..];
                    let Some(len) = rest.find('}') else {
                        return Err(TemplateError {
                            offset: i,
                            message: "`{` is not closed (write `{{` for a literal brace)".into(),
                        });
                    };
                    let written = rest[..len].trim();
                    let mut slots = Vec::new();
                    for name in written.split('|').map(str::trim) {
                        if !known(name) {
                            let message = if name == written {
                                format!("unknown placeholder `{{{name}}}`")
                            } else {
                                format!("unknown placeholder `{{{name}}}` in `{{{written}}}`")
                            };
                            return Err(TemplateError { offset: i, message });
                        }
                        slots.push(Slot::Name(name.to_string()));
                    }
                    if !buf.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut buf)));
                    }
                    parts.push(Part::Var(slots));
                    // Skip the name and the closing brace (`len` is in bytes).
                    while chars.peek().is_some_and(|(j, _)| *j <= i + 1 + len) {
                        chars.next();
                    }
                }
                '}' => {
                    return Err(TemplateError {
                        offset: i,
                        message: "unmatched `}` (write `}}` for a literal brace)".into(),
                    });
                }
                c => buf.push(c),
            }
        }
        if !buf.is_empty() {
            parts.push(Part::Text(buf));
        }
        Ok(Template { parts })
    }

    /// Fills the placeholders; one that has no value renders as `?`. At most
    /// [`MAX_RENDERED`] bytes, and a marker where it was cut.
    pub fn render(&self, lookup: impl Fn(&str) -> Option<String>) -> String {
        self.fill(lookup, Some("?")).unwrap_or_default()
    }

    /// Fills the placeholders, or `None` if one has no value (cut as `render` is).
    pub fn try_render(&self, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
        self.fill(lookup, None)
    }

    /// Each placeholder is looked up once, however often it appears.
    /// A placeholder whose last alternative has no value renders as `missing`, or
    /// makes the whole `None`.
    fn fill(
        &self,
        lookup: impl Fn(&str) -> Option<String>,
        missing: Option<&str>,
    ) -> Option<String> {
        let mut values: BTreeMap<&str, Option<String>> = BTreeMap::new();
        let mut out = Capped::default();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push(t),
                Part::Var(slots) => {
                    for (i, slot) in slots.iter().enumerate() {
                        let last = i + 1 == slots.len();
                        let value = match slot {
                            Slot::Name(v) => {
                                values.entry(v).or_insert_with(|| lookup(v)).as_deref()
                            }
                            Slot::Bound(t) => Some(&**t),
                        };
                        match value {
                            Some(t) if last || !t.is_empty() => {
                                out.push(t);
                                break;
                            }
                            None if last => {
                                out.push(missing?);
                                break;
                            }
                            _ => {}
                        }
                    }
                }
                Part::Cut(n) => out.cut += n,
            }
        }
        Some(out.finish())
    }

    /// Fills what `value` knows now (e.g. params, at compile time), keeping the rest.
    /// The text it binds is cut at [`MAX_RENDERED`] bytes, as rendering would cut it.
    /// A placeholder with fallbacks is filled when its choice is known now; else it
    /// keeps the alternatives still in question, with what is known bound.
    pub fn bind(&self, value: impl Fn(&str) -> Option<String>) -> Template {
        let mut values: BTreeMap<&str, Option<Arc<str>>> = BTreeMap::new();
        let mut parts: Vec<Part> = Vec::new();
        let mut text = 0;
        for part in &self.parts {
            let mut open = Vec::new();
            let bound = match part {
                Part::Var(slots) => {
                    let mut chosen = None;
                    for (i, slot) in slots.iter().enumerate() {
                        let last = i + 1 == slots.len();
                        let known = match slot {
                            Slot::Name(v) => values
                                .entry(v)
                                .or_insert_with(|| value(v).map(Arc::from))
                                .clone(),
                            Slot::Bound(t) => Some(t.clone()),
                        };
                        match known {
                            Some(t) if (last || !t.is_empty()) && open.is_empty() => {
                                chosen = Some(t);
                                break;
                            }
                            Some(t) if last || !t.is_empty() => {
                                open.push(Slot::Bound(t));
                                break;
                            }
                            Some(_) => {}
                            None => open.push(slot.clone()),
                        }
                    }
                    chosen
                }
                Part::Text(t) => Some(Arc::from(t.as_str())),
                Part::Cut(_) => None,
            };
            let Some(t) = bound else {
                parts.push(match part {
                    Part::Var(_) => Part::Var(open),
                    other => other.clone(),
                });
                continue;
            };
            let t = &*t;
            let end = fitting(t, MAX_RENDERED.saturating_sub(text));
            text += end;
            match parts.last_mut() {
                Some(Part::Text(prev)) => prev.push_str(&t[..end]),
                _ if end > 0 => parts.push(Part::Text(t[..end].to_string())),
                _ => {}
            }
            if t.len() > end {
                match parts.last_mut() {
                    Some(Part::Cut(n)) => *n += t.len() - end,
                    _ => parts.push(Part::Cut(t.len() - end)),
                }
            }
        }
        Template { parts }
    }

    /// The placeholder names still to look up, fallbacks included, in order.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().flat_map(|p| match p {
            Part::Var(slots) => slots
                .iter()
                .filter_map(|s| match s {
                    Slot::Name(v) => Some(v.as_str()),
                    Slot::Bound(_) => None,
                })
                .collect(),
            Part::Text(_) | Part::Cut(_) => Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_placeholders_and_escaped_braces() {
        let t = Template::parse("`{file}` lacks {missing} {{x}}", |_| true).unwrap();
        let out = t.render(|v| (v == "file").then(|| "/tmp".to_string()));
        assert_eq!(out, "`/tmp` lacks ? {x}");
    }

    #[test]
    fn binding_fills_known_placeholders_early() {
        let t = Template::parse("{param.x} and {value}", |_| true).unwrap();
        let bound = t.bind(|v| (v == "param.x").then(|| "P".to_string()));
        assert_eq!(bound.vars().collect::<Vec<_>>(), ["value"]);
        assert_eq!(bound.render(|_| Some("V".into())), "P and V");
    }

    #[test]
    fn non_ascii_placeholder_names_do_not_eat_the_text_after_them() {
        let t = Template::parse("{größe} danach", |_| true).unwrap();
        assert_eq!(t.render(|_| Some("X".into())), "X danach");
    }

    /// 20 000 placeholders of a 100 KB value would be 2 GB: the message keeps
    /// `MAX_RENDERED` bytes, says how much it cut, and the value is looked up once.
    #[test]
    fn rendered_text_is_capped_and_says_how_much_was_cut() {
        let t = Template::parse(&"é{spec}".repeat(20_000), |_| true).unwrap();
        // `é` (2 bytes), then 100 000 bytes: the cut falls inside the value.
        let lookups = std::cell::Cell::new(0);
        let value = "a".repeat(100_000);
        let out = t.render(|_| {
            lookups.set(lookups.get() + 1);
            Some(value.clone())
        });
        assert_eq!(lookups.get(), 1);
        let whole = 20_000 * (2 + 100_000);
        let (kept, marker) = out.split_once('…').unwrap();
        assert_eq!(kept.len(), MAX_RENDERED);
        assert_eq!(
            marker,
            format!(" ({} more bytes not shown)", whole - MAX_RENDERED)
        );
        // Cut on a character boundary.
        let t = Template::parse("{v}", |_| true).unwrap();
        let out = t.render(|_| Some(format!("a{}", "é".repeat(MAX_RENDERED))));
        assert!(out.starts_with('a') && out.ends_with("… (4098 more bytes not shown)"));
        assert_eq!(out.find('…'), Some(MAX_RENDERED - 1));
        let t = Template::parse(&"{v}".repeat(3), |_| true).unwrap();
        let out = t.try_render(|_| Some("b".repeat(MAX_RENDERED))).unwrap();
        assert!(out.ends_with(&format!("… ({} more bytes not shown)", 2 * MAX_RENDERED)));
    }

    /// Binding a long param many times at compile time keeps `MAX_RENDERED` bytes too,
    /// and rendering still says how much was cut.
    #[test]
    fn bound_text_is_capped_too() {
        let t = Template::parse(&"{param.x}{value}".repeat(20_000), |_| true).unwrap();
        let bound = t.bind(|v| (v == "param.x").then(|| "p".repeat(100_000)));
        let out = bound.render(|_| Some("v".into()));
        let (kept, marker) = out.split_once('…').unwrap();
        assert_eq!(kept.len(), MAX_RENDERED);
        assert_eq!(
            marker,
            format!(
                " ({} more bytes not shown)",
                20_000 * 100_001 - MAX_RENDERED
            )
        );
        // Short ones are as before.
        let t = Template::parse("{param.x}-{value}", |_| true).unwrap();
        let bound = t.bind(|v| (v == "param.x").then(|| "P".to_string()));
        assert_eq!(bound.render(|_| Some("V".into())), "P-V");
    }

    #[test]
    fn rejects_unknown_and_unclosed_placeholders() {
        let e = Template::parse("ab {nope}", |v| v == "file").unwrap_err();
        assert_eq!(e.offset, 3);
        assert!(e.message.contains("`{nope}`"));
        assert!(Template::parse("a {file", |_| true).is_err());
        assert!(Template::parse("a }", |_| true).is_err());
    }

    fn lookup<'a>(vars: &'a [(&str, &str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |v| {
            vars.iter()
                .find(|(k, _)| *k == v)
                .map(|(_, x)| x.to_string())
        }
    }

    #[test]
    fn a_fallback_is_the_first_alternative_bound_and_not_empty() {
        let t = Template::parse("[{ a | b |c}]", |_| true).unwrap();
        assert_eq!(t.vars().collect::<Vec<_>>(), ["a", "b", "c"]);
        for (vars, want) in [
            (&[("a", "A"), ("b", "B"), ("c", "C")][..], "[A]"),
            (&[("a", ""), ("b", "B"), ("c", "C")], "[B]"),
            (&[("b", ""), ("c", "C")], "[C]"),
            // The last alternative is rendered as it is: empty, or `?` when unbound.
            (&[("a", ""), ("b", ""), ("c", "")], "[]"),
            (&[("a", "")], "[?]"),
            (&[], "[?]"),
        ] {
            assert_eq!(t.render(lookup(vars)), want, "{vars:?}");
        }
        assert_eq!(t.try_render(lookup(&[("b", "B")])).as_deref(), Some("[B]"));
        assert_eq!(t.try_render(lookup(&[("a", "")])), None);
        // Looked up once however often it appears.
        let t = Template::parse(&"{a|b}".repeat(100), |_| true).unwrap();
        let lookups = std::cell::Cell::new(0);
        let out = t.render(|v| {
            lookups.set(lookups.get() + 1);
            (v == "b").then(|| "x".into())
        });
        assert_eq!((out.len(), lookups.get()), (100, 2));
    }

    #[test]
    fn every_alternative_must_be_known() {
        let known = |v: &str| matches!(v, "a" | "b");
        assert!(Template::parse("{a|b}", known).is_ok());
        let e = Template::parse("x {a|c}", known).unwrap_err();
        assert_eq!(
            (e.offset, e.message.as_str()),
            (2, "unknown placeholder `{c}` in `{a|c}`")
        );
        let e = Template::parse("{a|}", known).unwrap_err();
        assert_eq!(e.message, "unknown placeholder `{}` in `{a|}`");
        let e = Template::parse("{c}", known).unwrap_err();
        assert_eq!(e.message, "unknown placeholder `{c}`");
    }

    /// A param bound at compile time: chosen now when it comes first and is not empty,
    /// else kept as a fallback of what evaluation fills.
    #[test]
    fn binding_a_fallback() {
        let param = |x: &'static str| move |v: &str| (v == "param.x").then(|| x.to_string());
        let t = Template::parse("{param.x|value}", |_| true).unwrap();
        let bound = t.bind(param("P"));
        assert_eq!(bound.vars().count(), 0);
        assert_eq!(bound.render(|_| None), "P");
        let bound = t.bind(param(""));
        assert_eq!(bound.vars().collect::<Vec<_>>(), ["value"]);
        assert_eq!(bound.render(lookup(&[("value", "V")])), "V");
        let t = Template::parse("<{value|param.x}>", |_| true).unwrap();
        let bound = t.bind(param("P"));
        assert_eq!(bound.vars().collect::<Vec<_>>(), ["value"]);
        assert_eq!(bound.render(lookup(&[("value", "V")])), "<V>");
        assert_eq!(bound.render(lookup(&[("value", "")])), "<P>");
        assert_eq!(bound.render(|_| None), "<P>");
        // A long param kept as a fallback is shared, and cut when rendered.
        let t = Template::parse(&"{value|param.x}".repeat(1000), |_| true).unwrap();
        let bound = t.bind(|v| (v == "param.x").then(|| "p".repeat(100_000)));
        let out = bound.render(|_| None);
        assert!(out.ends_with(&format!(
            "… ({} more bytes not shown)",
            1000 * 100_000 - MAX_RENDERED
        )));
    }
}
