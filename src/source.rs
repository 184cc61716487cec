//! Source files and byte spans. Line and column numbers are computed only when rendering.

use std::sync::Arc;

/// Index of a [`SourceFile`] in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }

    /// The smallest span covering both (which must be in the same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A value together with the span of the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A file as read from disk: its path relative to the lint root (with `/`) and its text.
///
/// Invalid UTF-8 is replaced by U+FFFD when the file is read (the byte offset of the
/// first bad byte is reported as a `parse-error`); a leading UTF-8 BOM is dropped.
/// Spans index `text`, so they always point at renderable text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

/// A 1-based line and column (columns count characters, as editors and SARIF do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        // A lone `\r` ends a line too, as terminals and miette's renderer see it.
        let bytes = text.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(bytes.iter().enumerate().filter_map(|(i, b)| match b {
                b'\n' => Some(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => Some(i + 1),
                _ => None,
            }))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// Line and column of a byte offset (clamped into the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let (offset, line, start) = self.line_of(offset);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The offset clamped into the text, the 0-based line holding it and that line's
    /// start.
    fn line_of(&self, offset: usize) -> (usize, usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        (offset, line, self.line_starts[line])
    }

    /// The text a span covers, or `""` if the span does not fit.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// How many bytes the line holding `offset` has (without its line break).
    pub fn line_len(&self, offset: usize) -> usize {
        let (_, line, start) = self.line_of(offset);
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r']).len()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Every file read in one run, addressed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_lines_from_one() {
        let f = SourceFile::new("x", "ab\nüx\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // `x` follows a two-byte character: byte 5, column 2.
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_col(100), LineCol { line: 3, column: 1 });
        let crlf = SourceFile::new("x", "a\r\nb\rc");
        assert_eq!(crlf.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(crlf.line_col(5), LineCol { line: 3, column: 1 });
    }
}
