/*!
Line and column lookup for byte offsets.

Lines and columns are 1-based. Columns count Unicode scalar values (what the JSON output
promises); [`LineIndex::utf16_column`] counts UTF-16 code units for formats that want them.
A `\r\n` pair ends a line like `\n` does.
*/

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of line `line` (0-based), without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(text.len(), |&n| n - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 1-based line and column (in scalar values) of `offset`.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.line_of(offset);
        let start = self.starts[line];
        Position {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }

    /// 1-based column of `offset` in UTF-16 code units.
    pub fn utf16_column(&self, text: &str, offset: usize) -> usize {
        let start = self.starts[self.line_of(offset)];
        text[start..offset].encode_utf16().count() + 1
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_scalar_values() {
        let t = "uno\r\nDNI 🇵🇪 ñandú\nfin";
        let idx = LineIndex::new(t);
        let off = t.find("ñandú").unwrap();
        assert_eq!(idx.position(t, off), Position { line: 2, column: 8 });
        assert_eq!(idx.utf16_column(t, off), 10);
        assert_eq!(&t[idx.line_range(t, 0)], "uno");
        assert_eq!(idx.position(t, t.len()), Position { line: 3, column: 4 });
    }
}
