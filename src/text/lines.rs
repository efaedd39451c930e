/*!
Line and column lookup for byte offsets.

Lines and columns are 1-based. Columns count Unicode scalar values (what the JSON output
promises); [`LineIndex::utf16_column`] counts UTF-16 code units for formats that want them.
A `\r\n` pair ends a line like `\n` does.

A column far from its line start is not counted from the line start: the index keeps the
number of scalar values before every [`BLOCK`] bytes of the text (built the first time such a
column is asked for), so a column costs at most two partial blocks whatever the line length,
and 100,000 findings on one long line cost no more than on 100,000 short ones.
*/

use std::sync::OnceLock;

/// Bytes per checkpoint of the scalar-value count.
const BLOCK: usize = 512;

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Scalar values in `text[..i * BLOCK]` for every block `i` (built on first need).
    blocks: OnceLock<Vec<usize>>,
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
        LineIndex {
            starts,
            blocks: OnceLock::new(),
        }
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
        let column = if offset - start <= 2 * BLOCK {
            text[start..offset].chars().count()
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        Position {
            line: line + 1,
            column: column + 1,
        }
    }

    /// Scalar values in `text[..offset]` (`offset` on a char boundary): the checkpoint of its
    /// block plus the characters counted from there.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let blocks = self.blocks.get_or_init(|| {
            let mut count = 0;
            let mut out = Vec::with_capacity(bytes.len() / BLOCK + 1);
            for block in bytes.chunks(BLOCK) {
                out.push(count);
                count += scalar_starts(block);
            }
            out.push(count);
            out
        });
        let b = offset / BLOCK;
        blocks[b] + scalar_starts(&bytes[b * BLOCK..offset])
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

/// How many scalar values start in `bytes` (the bytes that are not UTF-8 continuations).
fn scalar_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
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

    #[test]
    fn far_columns_use_the_checkpoints_and_agree_with_counting() {
        let t = format!("{}\n{}", "ñandú 🇵🇪 x".repeat(300), "año ".repeat(500));
        let idx = LineIndex::new(&t);
        for (off, _) in t.char_indices().step_by(7).chain([(t.len(), ' ')]) {
            let line = idx.line_of(off);
            let start = if line == 0 {
                0
            } else {
                t[..off].rfind('\n').unwrap() + 1
            };
            let want = t[start..off].chars().count() + 1;
            assert_eq!(idx.position(&t, off).column, want, "at {off}");
        }
    }
}
