//! Source files and positions: the text of one settings file, its byte spans, and the
//! conversion from byte offsets to 1-based line and column numbers.
//!
//! Columns count Unicode scalar values (characters), not bytes, so a position under a
//! non-ASCII key lines up with what an editor shows. Nothing here reads the disk.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A half-open byte range `start..end` into a [`SourceFile`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte covered.
    pub start: usize,
    /// One past the last byte covered.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given in the wrong order).
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end { Self { start, end } } else { Self { start: end, end: start } }
    }

    /// An empty span at `offset`.
    pub fn point(offset: usize) -> Self {
        Self { start: offset, end: offset }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range<usize>`.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        Self::new(range.start, range.end)
    }
}

/// A 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in Unicode scalar values from the start of the line.
    pub column: usize,
}

/// One settings file's text with a line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it or discovery found it (used in every report).
    pub path: PathBuf,
    /// The whole text, decoded as UTF-8 (a leading BOM, if any, is kept).
    pub text: String,
    /// Byte offset of the first character of each line.
    line_starts: Vec<usize>,
    /// Column checkpoints: entry `k` is the first character boundary at or after byte
    /// `k * COLUMN_CHECKPOINT`, with the number of characters of its line before it. A column
    /// is counted from the checkpoint before it, so it costs at most one checkpoint distance
    /// however long the line (a minified file is one line and can have a finding per server).
    column_checkpoints: Vec<(usize, usize)>,
}

/// Bytes between two column checkpoints.
const COLUMN_CHECKPOINT: usize = 4096;

impl SourceFile {
    /// Build a source file and its line index. `\n`, `\r\n` and a lone `\r` all end a line.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut column_checkpoints = Vec::with_capacity(bytes.len() / COLUMN_CHECKPOINT + 1);
        let mut chars_in_line = 0;
        for (i, &byte) in bytes.iter().enumerate() {
            let starts_char = byte & 0xC0 != 0x80;
            while starts_char && column_checkpoints.len() * COLUMN_CHECKPOINT <= i {
                column_checkpoints.push((i, chars_in_line));
            }
            let ends_line = byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i + 1);
                chars_in_line = 0;
            } else if starts_char {
                chars_in_line += 1;
            }
        }
        while column_checkpoints.len() * COLUMN_CHECKPOINT <= bytes.len() {
            column_checkpoints.push((bytes.len(), chars_in_line));
        }
        Self { path: path.into(), text, line_starts, column_checkpoints }
    }

    /// The path of this file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of lines (a file with no newline has one line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and column of a byte offset. Offsets past the end clamp to the end; an
    /// offset inside a multi-byte character counts as that character.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        let mut boundary = offset;
        while boundary > line_start && !self.text.is_char_boundary(boundary) {
            boundary -= 1;
        }
        // `boundary` is a character boundary at or after byte `k * COLUMN_CHECKPOINT`, so the
        // checkpoint (the first such boundary) is not after it.
        let checkpoint = self.column_checkpoints[boundary / COLUMN_CHECKPOINT];
        let (from, before) = if checkpoint.0 > line_start { checkpoint } else { (line_start, 0) };
        let column = before + self.text[from..boundary].chars().count() + 1;
        LineCol { line: line_index + 1, column }
    }

    /// The text of a span, or `""` when the span does not fall on character boundaries.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// Byte range of a 1-based line, without its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let index = line.saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[index];
        let mut end = self.line_starts.get(index + 1).copied().unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        Span::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_all_line_endings() {
        let file = SourceFile::new("x.json", "{\r\n  \"é\": 1,\r  \"b\": 2\n}");
        assert_eq!(file.line_count(), 4);
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        // `1` after `"é": ` on line 2: 2 spaces, 3 chars of key, colon, space.
        let one = file.text.find('1').unwrap();
        assert_eq!(file.line_col(one), LineCol { line: 2, column: 8 });
        let b = file.text.find("\"b\"").unwrap();
        assert_eq!(file.line_col(b), LineCol { line: 3, column: 3 });
        assert_eq!(file.line_col(10_000), file.line_col(file.text.len()));
        assert_eq!(file.slice(file.line_span(2)), "  \"é\": 1,");
    }

    #[test]
    fn columns_on_long_lines_match_a_plain_character_count() {
        // Lines longer than several checkpoints, multi-byte characters straddling checkpoint
        // offsets, and every kind of line break.
        let mut text = String::new();
        for i in 0..3 * COLUMN_CHECKPOINT {
            text.push(match i % 7 {
                0 => 'é',
                1 => '€',
                2 => '𝄞',
                _ => 'a',
            });
            if i % 5000 == 4999 {
                text.push_str(["\n", "\r\n", "\r"][i % 3]);
            }
        }
        let file = SourceFile::new("x.json", text.clone());
        for offset in (0..=text.len()).step_by(3).chain([text.len()]) {
            let lc = file.line_col(offset);
            let line_start = file.line_span(lc.line).start;
            let mut boundary = offset;
            while !text.is_char_boundary(boundary) {
                boundary -= 1;
            }
            let expected = text[line_start..boundary].chars().count() + 1;
            assert_eq!(lc.column, expected, "offset {offset}");
        }
        for len in [0, COLUMN_CHECKPOINT, 2 * COLUMN_CHECKPOINT] {
            let file = SourceFile::new("x.json", "a".repeat(len));
            assert_eq!(file.line_col(len), LineCol { line: 1, column: len + 1 });
        }
    }

    #[test]
    fn offset_inside_a_character_maps_to_that_character() {
        let file = SourceFile::new("x.json", "\"é\"");
        assert_eq!(file.line_col(2), LineCol { line: 1, column: 2 });
    }
}
