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
    /// Characters and UTF-16 units before every [`COLUMN_BLOCK`]-th byte, for text that
    /// is not all ASCII (empty for ASCII, where both are the byte offset). A column is
    /// then a look-up and a count over at most two blocks, however long its line: one
    /// megabyte-long line with a finding every few bytes costs no more than many lines.
    column_marks: Vec<(usize, usize)>,
}

/// Bytes between two marks of [`SourceFile`]'s column index.
const COLUMN_BLOCK: usize = 256;

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
        let mut column_marks = Vec::new();
        if !text.is_ascii() {
            let mut before = (0, 0);
            for block in bytes.chunks(COLUMN_BLOCK) {
                column_marks.push(before);
                before = count_units(block, before);
            }
        }
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            column_marks,
        }
    }

    /// Line and column of a byte offset (clamped into the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let (offset, line, start) = self.line_of(offset);
        LineCol {
            line: line + 1,
            column: self.units_before(offset).0 - self.units_before(start).0 + 1,
        }
    }

    /// Line and column of a byte offset, the column counted in UTF-16 code units (as
    /// SARIF's default `columnKind` does).
    pub fn line_col_utf16(&self, offset: usize) -> LineCol {
        let (offset, line, start) = self.line_of(offset);
        LineCol {
            line: line + 1,
            column: self.units_before(offset).1 - self.units_before(start).1 + 1,
        }
    }

    /// Characters and UTF-16 units that start before byte `offset` (at most the text's
    /// length).
    fn units_before(&self, offset: usize) -> (usize, usize) {
        if self.column_marks.is_empty() {
            return (offset, offset);
        }
        let block = (offset / COLUMN_BLOCK).min(self.column_marks.len() - 1);
        let from = block * COLUMN_BLOCK;
        count_units(
            self.text.as_bytes().get(from..offset).unwrap_or_default(),
            self.column_marks[block],
        )
    }

    /// The 0-based line holding byte `offset` (clamped into the text).
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_of(offset).1
    }

    /// Where 0-based line `line` starts, and where it ends without its line break (the
    /// text's end for a line past the last).
    pub fn line_bounds(&self, line: usize) -> (usize, usize) {
        let Some(&start) = self.line_starts.get(line) else {
            return (self.text.len(), self.text.len());
        };
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        (
            start,
            start + self.text[start..end].trim_end_matches(['\n', '\r']).len(),
        )
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
        let (start, end) = self.line_bounds(self.line_index(offset));
        end - start
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// `before` plus the characters and UTF-16 units that start in `bytes` (a character
/// starts at every byte that is not a UTF-8 continuation byte; one of four bytes is two
/// UTF-16 units).
fn count_units(bytes: &[u8], before: (usize, usize)) -> (usize, usize) {
    let (mut chars, mut units) = before;
    for &b in bytes {
        if (b as i8) >= -0x40 {
            chars += 1;
            units += 1 + usize::from(b >= 0xf0);
        }
    }
    (chars, units)
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

    /// Columns on one long line come from the index, not from counting the line per
    /// look-up (1 M `}` on one line took minutes, issue 12): every offset of a long
    /// mixed line gives the column a count from the line start gives, in characters and
    /// in UTF-16 units, across block boundaries and at the end of the text.
    #[test]
    fn columns_on_long_lines_match_a_count_from_the_line_start() {
        let line: String = (0..3000)
            .map(|i| match i % 7 {
                0 => 'ü',
                3 => '😀',
                5 => '€',
                _ => '}',
            })
            .collect();
        for text in [
            format!("a\n{line}"),
            format!("{line}\n{line}"),
            "}".repeat(COLUMN_BLOCK * 3),
            format!("{}ü", "x".repeat(COLUMN_BLOCK - 1)),
        ] {
            let f = SourceFile::new("x", text.as_str());
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
                let before = &text[start..offset];
                let line = text[..offset].matches('\n').count() + 1;
                let column = before.chars().count() + 1;
                let utf16 = before.encode_utf16().count() + 1;
                assert_eq!(f.line_col(offset), LineCol { line, column }, "{offset}");
                assert_eq!(
                    f.line_col_utf16(offset),
                    LineCol {
                        line,
                        column: utf16
                    },
                    "{offset}"
                );
            }
        }
        let f = SourceFile::new("x", "ab\r\ncd\n");
        assert_eq!(f.line_bounds(0), (0, 2));
        assert_eq!(f.line_bounds(1), (4, 6));
        assert_eq!(f.line_bounds(2), (7, 7));
        assert_eq!(f.line_bounds(9), (7, 7));
    }
}
