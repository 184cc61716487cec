//! Human output: rustc-style reports rendered by miette. The only module that knows
//! miette's report types.

use std::cell::OnceCell;
use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::catalogue::Catalogue;
use crate::finding::{Finding, Label, Severity};
use crate::inert::{excerpt_text, inert_line};
use crate::lint::Report;
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// How to draw: colours or not, and miette's terminal width (lines are not wrapped).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// The whole human report: every finding, then the summary line.
///
/// Lines are not wrapped: a GitHub runner trims a log line's leading whitespace before
/// it looks for `::command`, so a wrapped line of help that began with input text could
/// forge one. Every line starts with miette's drawing or art32's own words (a message's
/// further lines with `│`, help's with `TOM`), as rustc's do.
pub fn render(report: &Report, catalogue: &Catalogue, style: Style) -> String {
    render_quiet(report, catalogue, style, false)
}

/// As [`render`]; `quiet` leaves out everything but the findings (`--quiet`).
pub fn render_quiet(report: &Report, catalogue: &Catalogue, style: Style, quiet: bool) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_wrap_lines(false)
        .with_links(false)
        .with_context_lines(1);
    let excerpts = Excerpts::new(&report.sources);
    let mut out = String::new();
    for f in &report.findings {
        let diag = FindingReport::new(f, &excerpts, catalogue);
        if handler.render_report(&mut out, &diag).is_err() {
            out.push_str(&inert_line(&format!("{}: {}", f.rule, f.message)));
            out.push('\n');
        }
        out.push('\n');
    }
    if quiet {
        return out;
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

struct FindingReport<'a> {
    header: String,
    message: String,
    severity: Severity,
    help: String,
    source: Excerpt<'a>,
    labels: Vec<LabeledSpan>,
    related: Vec<FindingReport<'a>>,
}

/// Lines longer than this (bytes) are not shown as excerpts: the place is named in
/// words instead. (miette cannot draw a label past column 65,535, and a megabyte line
/// is no help to read.) Nor are they shown as context around another line.
const MAX_EXCERPT_LINE: usize = 4096;

/// Labels drawn for one finding, its primary one among them; the others are counted
/// (`and 9990 more places not shown`). A finding about a group of 10,000 hosts labels
/// each host, and miette draws each label across the lines of all the others.
pub const MAX_LABELS: usize = 10;

/// Lines of one label's span drawn; a longer span (or one over a line too long to
/// show) is drawn on its first line and says where it ends.
const MAX_SPAN_LINES: usize = 20;

/// `path:line:column` of a label on a line too long to show, with the line's length.
fn too_long(file: &SourceFile, span: Span) -> Option<String> {
    let len = file.line_len(span.start);
    (len > MAX_EXCERPT_LINE).then(|| {
        let at = file.line_col(span.start);
        format!(
            "{}:{}:{} (a line of {len} bytes, not shown)",
            file.path, at.line, at.column
        )
    })
}

/// A label as drawn: a span over more than [`MAX_SPAN_LINES`] lines, or over a line too
/// long to show, is cut to the end of its first line, and its text says where it ends.
fn drawn(file: &SourceFile, label: &Label) -> (Span, String) {
    let span = label.span;
    let first = file.line_index(span.start);
    let last = file.line_index(span.end.saturating_sub(1).max(span.start));
    let long = (first..=last.min(first + MAX_SPAN_LINES))
        .any(|l| file.line_bounds(l).1 - file.line_bounds(l).0 > MAX_EXCERPT_LINE);
    if last == first || (last - first < MAX_SPAN_LINES && !long) {
        return (span, label.text.clone());
    }
    let end = file.line_bounds(first).1.max(span.start);
    (
        Span::new(span.file, span.start, end),
        format!("{} (to line {})", label.text, last + 1),
    )
}

impl<'a> FindingReport<'a> {
    fn new(f: &Finding, excerpts: &'a Excerpts<'a>, catalogue: &Catalogue) -> FindingReport<'a> {
        let sources = excerpts.sources;
        let file = f.primary.span.file;
        // At most MAX_LABELS labels, the primary one first; labels on lines too long to
        // draw are named in words, after the message, and so are how many more there are.
        let mut places = Vec::new();
        let mut shown = Vec::new();
        for (i, l) in std::iter::once(&f.primary).chain(&f.labels).enumerate() {
            if i == MAX_LABELS {
                break;
            }
            let source = sources.get(l.span.file);
            match too_long(source, l.span) {
                Some(at) => places.push(format!("at {at}: {}", l.text)),
                None => {
                    let (span, text) = drawn(source, l);
                    shown.push((i == 0, Label { span, text }));
                }
            }
        }
        let more = (f.labels.len() + 1).saturating_sub(MAX_LABELS);
        if more > 0 {
            places.push(format!(
                "and {more} more place{} not shown",
                if more == 1 { "" } else { "s" }
            ));
        }
        let (same, other): (Vec<_>, Vec<_>) =
            shown.into_iter().partition(|(_, l)| l.span.file == file);
        let labels = same
            .iter()
            .map(|(primary, l)| labeled(&l.text, l.span, *primary))
            .collect();
        let mut help = inert_line(&f.help);
        for t in &f.tom {
            // A catalogue of the repository's own is as untrusted as the files.
            let title = catalogue.item(t).map_or("", |i| i.en.as_str());
            help.push('\n');
            help.push_str(&inert_line(&format!("TOM {t}: {title}")));
        }
        // Labels in other files: one block per file, in the order they first appear.
        let mut files: Vec<FileId> = Vec::new();
        for (_, l) in &other {
            if !files.contains(&l.span.file) {
                files.push(l.span.file);
            }
        }
        let related = files
            .into_iter()
            .map(|file| {
                let here: Vec<&Label> = other
                    .iter()
                    .filter(|(_, l)| l.span.file == file)
                    .map(|(_, l)| l)
                    .collect();
                let mut texts: Vec<&str> = here.iter().map(|l| l.text.as_str()).collect();
                texts.dedup();
                FindingReport {
                    header: String::new(),
                    message: inert_line(&texts.join("; ")),
                    severity: Severity::Note,
                    help: String::new(),
                    source: excerpts.get(file),
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
                .join("\n  "),
            severity: f.severity,
            help,
            source: excerpts.get(file),
            labels,
            related,
        }
    }
}

/// The files' texts as excerpts show them (made inert, [`excerpt_text`]), each made
/// once, when a finding first shows it, and shared by all findings.
struct Excerpts<'a> {
    sources: &'a SourceMap,
    texts: Vec<OnceCell<(String, String)>>,
}

impl<'a> Excerpts<'a> {
    fn new(sources: &'a SourceMap) -> Self {
        Excerpts {
            sources,
            texts: (0..sources.len()).map(|_| OnceCell::new()).collect(),
        }
    }

    fn get(&'a self, id: FileId) -> Excerpt<'a> {
        let file = self.sources.get(id);
        let (name, text) = self.texts[id.0 as usize]
            .get_or_init(|| (inert_line(&file.path), excerpt_text(&file.text)));
        Excerpt { name, file, text }
    }
}

/// One file as miette reads it. miette's own sources find a span's line by scanning
/// from the start of the text, for every label of every finding (8,000 findings in a
/// 700 KB file took minutes); this one looks lines and columns up in the
/// [`SourceFile`]'s index, so reading an excerpt costs the excerpt's size.
struct Excerpt<'a> {
    name: &'a str,
    file: &'a SourceFile,
    /// `file.text` made inert, byte for byte the same length and lines.
    text: &'a str,
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let file = self.file;
        let start = span.offset();
        let end = start
            .checked_add(span.len())
            .filter(|&end| end <= self.text.len())
            .ok_or(MietteError::OutOfBounds)?;
        let first = file.line_index(start);
        let last = file.line_index(end.saturating_sub(1).max(start));
        // Context lines, as many as asked for and available, but none too long to show.
        let short = |l: usize| {
            let (a, b) = file.line_bounds(l);
            b - a <= MAX_EXCERPT_LINE
        };
        let mut top = first;
        while first - top < context_lines_before && top > 0 && short(top - 1) {
            top -= 1;
        }
        let mut bottom = last;
        while bottom - last < context_lines_after
            && bottom + 1 < file.line_count()
            && short(bottom + 1)
        {
            bottom += 1;
        }
        // As miette's own sources do: without context before, the contents start at
        // the span, and say its column (in characters, as in every other format).
        let (from, line, column) = if context_lines_before == 0 {
            (start, first, file.line_col(start).column - 1)
        } else {
            (file.line_bounds(top).0, top, 0)
        };
        // The last line with its line break: miette draws an empty last line only then.
        let to = file.line_bounds(bottom + 1).0.max(end);
        let data = self.text.as_bytes().get(from..to).unwrap_or_default();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            data,
            (from, data.len()).into(),
            line,
            column,
            bottom - line + 1,
        )))
    }
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

impl fmt::Debug for FindingReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingReport<'_> {}

impl Diagnostic for FindingReport<'_> {
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
