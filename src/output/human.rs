//! Human output: rustc-style reports rendered by miette. The only module that knows
//! miette's report types.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use crate::catalogue::Catalogue;
use crate::finding::{Finding, Severity};
use crate::lint::Report;
use crate::source::{SourceMap, Span};

/// How to draw: colours or not, and the width to wrap at.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// The whole human report: every finding, then the summary line.
pub fn render(report: &Report, catalogue: &Catalogue, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for f in &report.findings {
        let diag = FindingReport::new(f, &report.sources, catalogue);
        if handler.render_report(&mut out, &diag).is_err() {
            out.push_str(&inert_line(&format!("{}: {}", f.rule, f.message)));
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&super::summary_line(report));
    out.push('\n');
    if let Some(line) = excluded_line(report) {
        out.push_str(&line);
        out.push('\n');
    }
    if !report.unreached.is_empty() {
        let (what, them) = match report.unreached.len() {
            1 => ("1 file".to_string(), "it"),
            n => (format!("{n} files"), "them"),
        };
        out.push_str(&inert_line(&format!(
            "not checked: {what} that no nginx configuration includes (nginx does not read \
             {them}): {}",
            report.unreached.join(", ")
        )));
        out.push('\n');
    }
    out
}

/// `excluded: 3 untracked paths by .gitignore/.ignore, 2 files by art32.toml exclude`,
/// when the walk left anything out.
fn excluded_line(report: &Report) -> Option<String> {
    let e = report.excluded;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if e.ignored > 0 {
        parts.push(format!(
            "{} by .gitignore/.ignore (a directory counts once)",
            plural(e.ignored, "untracked path")
        ));
    }
    if e.config > 0 {
        parts.push(format!(
            "{} by `exclude` in art32.toml",
            plural(e.config, "file")
        ));
    }
    (!parts.is_empty()).then(|| format!("excluded: {}", parts.join(", ")))
}

struct FindingReport {
    header: String,
    message: String,
    severity: Severity,
    help: String,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    related: Vec<FindingReport>,
}

/// Lines longer than this (bytes) are not shown as excerpts: the place is named in
/// words instead. (miette cannot draw a label past column 65,535, and a megabyte line
/// is no help to read.)
const MAX_EXCERPT_LINE: usize = 4096;

/// `path:line:column` of a label on a line too long to show, with the line's length.
fn too_long(sources: &SourceMap, span: Span) -> Option<String> {
    let file = sources.get(span.file);
    let len = file.line_len(span.start);
    (len > MAX_EXCERPT_LINE).then(|| {
        let at = file.line_col(span.start);
        format!(
            "{}:{}:{} (a line of {len} bytes, not shown)",
            file.path, at.line, at.column
        )
    })
}

impl FindingReport {
    fn new(f: &Finding, sources: &SourceMap, catalogue: &Catalogue) -> FindingReport {
        let file = f.primary.span.file;
        // Labels on lines too long to draw are named in words, after the message.
        let mut places = Vec::new();
        let mut drawn = |text: &str, span: Span| match too_long(sources, span) {
            Some(at) => {
                places.push(format!("{at}: {text}"));
                false
            }
            None => true,
        };
        let primary_drawn = drawn(&f.primary.text, f.primary.span);
        let shown: Vec<&crate::finding::Label> =
            f.labels.iter().filter(|l| drawn(&l.text, l.span)).collect();
        let (same, other): (Vec<_>, Vec<_>) = shown.into_iter().partition(|l| l.span.file == file);
        let mut labels = Vec::new();
        if primary_drawn {
            labels.push(labeled(&f.primary.text, f.primary.span, true));
        }
        labels.extend(same.iter().map(|l| labeled(&l.text, l.span, false)));
        let mut help = inert_line(&f.help);
        for t in &f.tom {
            // A catalogue of the repository's own is as untrusted as the files.
            let title = catalogue.item(t).map_or("", |i| i.en.as_str());
            help.push('\n');
            help.push_str(&inert_line(&format!("TOM {t}: {title}")));
        }
        // Labels in other files: one block per file, in the order they first appear.
        let mut files: Vec<crate::source::FileId> = Vec::new();
        for l in &other {
            if !files.contains(&l.span.file) {
                files.push(l.span.file);
            }
        }
        let related = files
            .into_iter()
            .map(|file| {
                let here: Vec<_> = other.iter().filter(|l| l.span.file == file).collect();
                let mut texts: Vec<&str> = here.iter().map(|l| l.text.as_str()).collect();
                texts.dedup();
                FindingReport {
                    header: String::new(),
                    message: inert_line(&texts.join("; ")),
                    severity: Severity::Note,
                    help: String::new(),
                    source: named(sources, here[0].span),
                    labels: here
                        .iter()
                        .enumerate()
                        .map(|(i, l)| labeled(&l.text, l.span, i == 0))
                        .collect(),
                    related: Vec::new(),
                }
            })
            .collect();
        FindingReport {
            // Rule ids and TOM ids come from rule files and catalogues, which may be
            // the repository's own.
            header: inert_line(&if f.tom.is_empty() {
                format!("{}[{}]", f.severity, f.rule)
            } else {
                format!("{}[{}] TOM {}", f.severity, f.rule, f.tom.join(", "))
            }),
            message: std::iter::once(f.message.as_str())
                .chain(places.iter().map(|p| p.as_str()))
                .map(inert_line)
                .collect::<Vec<_>>()
                .join("\n  at "),
            severity: f.severity,
            help,
            source: named(sources, f.primary.span),
            labels,
            related,
        }
    }
}

fn named(sources: &SourceMap, span: Span) -> NamedSource<String> {
    let file = sources.get(span.file);
    NamedSource::new(inert_line(&file.path), same_length_inert(&file.text))
}

fn labeled(text: &str, span: Span, primary: bool) -> LabeledSpan {
    let len = span.len();
    let text = Some(inert_line(text));
    if primary {
        LabeledSpan::new_primary_with_span(text, (span.start, len))
    } else {
        LabeledSpan::new_with_span(text, (span.start, len))
    }
}

/// Is `c` a control character a terminal acts on (C0 but tab and newline, DEL, C1)?
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// Text taken from linted files, made harmless for a terminal: control characters
/// (ESC sequences, CR, C1 controls) are shown as `\u{1b}` escapes instead of acting.
/// Also for the diagnostics into rule and config files (`crate::error`).
pub fn inert(text: &str) -> String {
    escape(text, |c| is_control(c) && c != '\n')
}

/// Text from input shown within one line of output (a message, a label, a path): as
/// `inert`, and its line breaks (LF, CR, U+2028, U+2029) shown as escapes too, so that
/// no input text starts a line of its own: a CI log runs `::error …` at the start of a
/// line.
pub fn inert_line(text: &str) -> String {
    escape(text, |c| {
        is_control(c) || matches!(c, '\n' | '\u{2028}' | '\u{2029}')
    })
}

/// `text` with the characters `hide` picks shown as `\u{…}` escapes, and GitHub's
/// legacy `##[command]` syntax, which a runner acts on anywhere in a line, broken up.
fn escape(text: &str, hide: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if hide(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if out.contains("##[") {
        out = out.replace("##[", "##\\u{5b}");
    }
    out
}

/// Source text for rendering, made harmless the same way but byte for byte the same
/// length, so that spans still fit: each control character becomes `?` (one byte, or
/// `¿` for the two-byte C1 controls). A CR before a newline stays.
pub fn same_length_inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if is_control(c) {
            out.push(if c.len_utf8() == 2 { '¿' } else { '?' });
        } else {
            out.push(c);
        }
    }
    // GitHub's legacy `##[command]`, acted on anywhere in a line: `#?[`, same length.
    if out.contains("##[") {
        out = out.replace("##[", "#?[");
    }
    out
}

impl fmt::Debug for FindingReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingReport {}

impl Diagnostic for FindingReport {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.header.is_empty()).then(|| Box::new(&self.header) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let evil = "a\u{1b}[2J\u{1b}]0;title\u{7}b\rc\u{9b}31m";
        let shown = inert(evil);
        assert!(!shown.chars().any(is_control), "{shown:?}");
        assert!(shown.contains("\\u{1b}[2J"));
        let same = same_length_inert(evil);
        assert_eq!(same.len(), evil.len());
        assert!(!same.chars().any(is_control));
        assert_eq!(same_length_inert("x\r\ny"), "x\r\ny");
    }
}
