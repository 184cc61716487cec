//! Message templates: text with `{placeholders}`, checked when a rule is compiled.
//! `{{` and `}}` stand for literal braces.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Var(String),
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
                    let name = rest[..len].trim();
                    if !known(name) {
                        return Err(TemplateError {
                            offset: i,
                            message: format!("unknown placeholder `{{{name}}}`"),
                        });
                    }
                    if !buf.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut buf)));
                    }
                    parts.push(Part::Var(name.to_string()));
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

    /// Fills the placeholders; one that has no value renders as `?`.
    pub fn render(&self, lookup: impl Fn(&str) -> Option<String>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Var(v) => out.push_str(lookup(v).as_deref().unwrap_or("?")),
            }
        }
        out
    }

    /// Fills the placeholders, or `None` if one has no value.
    pub fn try_render(&self, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Var(v) => out.push_str(&lookup(v)?),
            }
        }
        Some(out)
    }

    /// Fills what `value` knows now (e.g. params, at compile time), keeping the rest.
    pub fn bind(&self, value: impl Fn(&str) -> Option<String>) -> Template {
        let mut parts: Vec<Part> = Vec::new();
        for part in &self.parts {
            let part = match part {
                Part::Var(v) => value(v).map_or_else(|| part.clone(), Part::Text),
                Part::Text(_) => part.clone(),
            };
            match (parts.last_mut(), part) {
                (Some(Part::Text(prev)), Part::Text(t)) => prev.push_str(&t),
                (_, part) => parts.push(part),
            }
        }
        Template { parts }
    }

    /// The placeholder names, in order.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var(v) => Some(v.as_str()),
            Part::Text(_) => None,
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

    #[test]
    fn rejects_unknown_and_unclosed_placeholders() {
        let e = Template::parse("ab {nope}", |v| v == "file").unwrap_err();
        assert_eq!(e.offset, 3);
        assert!(e.message.contains("`{nope}`"));
        assert!(Template::parse("a {file", |_| true).is_err());
        assert!(Template::parse("a }", |_| true).is_err());
    }
}
