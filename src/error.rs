//! Errors that stop a run (exit 2): a bad rule, config or catalogue file, a bad
//! command line. Each points into the file it is about.

use std::ops::Range;

use miette::{
    Diagnostic, MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};
use thiserror::Error;

/// A mistake in a TOML file art32 reads as instructions (rule, config, catalogue).
#[derive(Debug, Error, Diagnostic)]
#[error("{what}: {message}")]
#[diagnostic(code(art32::invalid_file))]
pub struct TomlFileError {
    pub what: &'static str,
    pub message: String,
    #[source_code]
    pub src: NamedSource<OffendingLines>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
}

impl TomlFileError {
    pub fn new(
        what: &'static str,
        path: &str,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let message = message.into();
        let span = span.map(|r| {
            let start = r.start.min(text.len());
            let end = r.end.clamp(start, text.len());
            SourceSpan::from(start..end)
        });
        TomlFileError {
            what,
            label: first_line(&message).to_string(),
            message,
            src: NamedSource::new(path, OffendingLines(text.to_string())).with_language("toml"),
            span,
        }
    }

    /// From a `toml` deserialization error, which knows where it happened.
    pub fn from_toml(what: &'static str, path: &str, text: &str, err: &toml::de::Error) -> Self {
        TomlFileError::new(what, path, text, err.span(), err.message().trim())
    }
}

impl TomlFileError {
    /// The error without the file's text or the parser's words, which may quote it:
    /// only where it is. For a file outside the lint root, which may be anything on
    /// this machine (`/proc/self/environ`).
    pub fn withheld(self) -> TomlFileError {
        let text = &self.src.inner().0;
        let at = self.span.map(|s| {
            let before = &text.as_bytes()[..s.offset().min(text.len())];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
            (line, column)
        });
        let message = match at {
            Some((line, column)) => format!(
                "at line {line}, column {column} (not shown: the file is outside the linted root)"
            ),
            None => "not shown: the file is outside the linted root".to_string(),
        };
        let name = self.src.name().to_string();
        TomlFileError::new(self.what, &name, "", None, message)
    }
}

/// A file's text as a diagnostic shows it: the whole lines a label is on, never the
/// lines around them (which miette would add as context). A file may hold more than
/// the offending line should show.
#[derive(Debug, Clone)]
pub struct OffendingLines(pub String);

impl SourceCode for OffendingLines {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // Without context, the span alone (where miette takes its line and column).
        if context_lines_before == 0 && context_lines_after == 0 {
            return self.0.read_span(span, 0, 0);
        }
        let text = self.0.as_bytes();
        let from = span.offset().min(text.len());
        let to = (span.offset() + span.len()).clamp(from, text.len());
        let start = text[..from]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let last = if to > from { to - 1 } else { from };
        let mut end = text[last..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| last + i);
        if end > to.max(start) && text[end - 1] == b'\r' {
            end -= 1;
        }
        let line = text[..start].iter().filter(|&&b| b == b'\n').count();
        let lines = text[start..end].iter().filter(|&&b| b == b'\n').count() + 1;
        Ok(Box::new(MietteSpanContents::new(
            &text[start..end],
            (start, end - start).into(),
            line,
            0,
            line + lines,
        )))
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// Everything that ends a run with exit status 2.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Toml(Box<TomlFileError>),
    #[error("{} errors in rule and config files", .0.len())]
    #[diagnostic(code(art32::invalid_rules))]
    Many(#[related] Vec<TomlFileError>),
    #[error("{message}")]
    #[diagnostic(code(art32::io))]
    Io {
        message: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    #[diagnostic(code(art32::usage))]
    Usage(String),
}

impl From<TomlFileError> for Error {
    fn from(e: TomlFileError) -> Self {
        Error::Toml(Box::new(e))
    }
}

impl Error {
    pub fn io(message: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            message: message.into(),
            source,
        }
    }

    /// The error with every text it shows made harmless for a terminal: rule and
    /// config files, catalogues and baselines may be the repository's own, and a
    /// diagnostic shows their text (`inert::inert`).
    pub fn inert(self) -> Error {
        use crate::inert::inert;
        match self {
            Error::Toml(e) => Error::Toml(Box::new(e.inert())),
            Error::Many(errors) => {
                Error::Many(errors.into_iter().map(TomlFileError::inert).collect())
            }
            Error::Io { message, source } => Error::Io {
                message: inert(&message),
                source,
            },
            Error::Usage(message) => Error::Usage(inert(&message)),
        }
    }
}

impl TomlFileError {
    fn inert(self) -> TomlFileError {
        use crate::inert::{inert, same_length_inert};
        let src = NamedSource::new(
            inert(self.src.name()),
            OffendingLines(same_length_inert(&self.src.inner().0)),
        )
        .with_language("toml");
        TomlFileError {
            what: self.what,
            message: inert(&self.message),
            src,
            span: self.span,
            label: inert(&self.label),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_into_files_show_no_control_characters() {
        let text = "# \u{1b}]0;title\u{7}\r\nid = \"x\u{1b}[2J\"\n";
        let e = Error::from(TomlFileError::new(
            "invalid rule",
            "rules/\u{1b}[31m.toml",
            text,
            Some(18..30),
            "unknown key `\u{1b}[2J`\nsecond line\u{9b}",
        ))
        .inert();
        let mut out = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .render_report(&mut out, &e)
            .unwrap();
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("\\u{1b}[2J"), "{out}");
        let usage = Error::Usage("`\u{1b}[2J` is not a baseline".into()).inert();
        assert_eq!(usage.to_string(), "`\\u{1b}[2J` is not a baseline");
    }
}
