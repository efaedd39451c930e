/*!
Positions as the client counts them, and edits of an open document.

The engine speaks byte offsets into the document's text; the protocol speaks lines and
columns, the columns counted in UTF-16 code units unless client and server agreed on UTF-8
(`general.positionEncodings`). Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol
says. A position past the end of its line means the end of the line (the line break is not
part of it); a line past the last means the end of the text; a column inside a character
(between the two halves of a UTF-16 surrogate pair) means the start of that character.
*/

use std::ops::Range;

use lsp_types::{
    Position, PositionEncodingKind, Range as LspRange, TextDocumentContentChangeEvent,
};

/// How the client counts columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// The encoding to use given what the client offers (in its order of preference): UTF-8
    /// when offered (no conversion at all), else UTF-16, which every client supports.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    /// Width of `c` in this encoding's units.
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Where each line starts in a text, and how to turn offsets into positions and back.
#[derive(Debug, Clone)]
pub struct Lines<'t> {
    text: &'t str,
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Lines<'t> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines { text, starts }
    }

    /// The text of line `line` without its line break (empty past the last line).
    fn content(&self, line: usize) -> Range<usize> {
        let Some(&start) = self.starts.get(line) else {
            return self.text.len()..self.text.len();
        };
        let mut end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line_text = &self.text.as_bytes()[start..end];
        if line_text.ends_with(b"\r\n") {
            end -= 2;
        } else if line_text.ends_with(b"\n") || line_text.ends_with(b"\r") {
            end -= 1;
        }
        start..end
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The position of byte `offset` (clamped to the text, moved back to a char boundary).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = match enc {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => self.text[start..offset].chars().map(char::len_utf16).sum(),
        };
        Position::new(to_u32(line), to_u32(column))
    }

    /// The byte offset of `pos` (see the module doc for positions out of the text).
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        let line = self.content(pos.line as usize);
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in self.text[line.clone()].char_indices() {
            let w = enc.width(c);
            if units + w > want {
                return line.start + i;
            }
            units += w;
        }
        line.end
    }

    /// The byte range of a protocol range (start and end ordered).
    pub fn range(&self, r: LspRange, enc: Encoding) -> Range<usize> {
        let a = self.offset(r.start, enc);
        let b = self.offset(r.end, enc);
        a.min(b)..a.max(b)
    }

    /// The protocol range of a byte range.
    pub fn lsp_range(&self, r: &Range<usize>, enc: Encoding) -> LspRange {
        LspRange::new(self.position(r.start, enc), self.position(r.end, enc))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Applies one change of `textDocument/didChange` to `text`: a range edit, or the whole
/// text when the change has no range.
pub fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        Some(r) => {
            let range = Lines::new(text).range(r, enc);
            text.replace_range(range, &change.text);
        }
        None => *text = change.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn emoji_and_accents_in_utf16_and_utf8() {
        // «👍» is 2 UTF-16 units and 4 bytes; «é» is 1 unit and 2 bytes.
        let text = "uno\r\né👍 DNI 45678912\rfin";
        let lines = Lines::new(text);
        let dni = text.find("DNI").expect("present");
        assert_eq!(lines.position(dni, Encoding::Utf16), pos(1, 4));
        assert_eq!(lines.position(dni, Encoding::Utf8), pos(1, 7));
        assert_eq!(lines.offset(pos(1, 4), Encoding::Utf16), dni);
        assert_eq!(lines.offset(pos(1, 7), Encoding::Utf8), dni);
        let fin = text.find("fin").expect("present");
        assert_eq!(lines.position(fin, Encoding::Utf16), pos(2, 0));
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(lines.offset(pos(1, 2), Encoding::Utf16), "uno\r\né".len());
        // Past the end of a line: before its break; past the last line: the end.
        assert_eq!(lines.offset(pos(0, 99), Encoding::Utf16), 3);
        assert_eq!(lines.offset(pos(9, 0), Encoding::Utf16), text.len());
    }

    #[test]
    fn incremental_edits_in_order() {
        let mut text = String::from("Hola 👋 a los ciudadanos\nsegunda línea");
        let change = |l0, c0, l1, c1, t: &str| TextDocumentContentChangeEvent {
            range: Some(LspRange::new(pos(l0, c0), pos(l1, c1))),
            range_length: None,
            text: t.to_string(),
        };
        // «los ciudadanos» starts at UTF-16 column 10 (the emoji counts 2).
        apply_change(
            &mut text,
            change(0, 10, 0, 24, "la ciudadanía"),
            Encoding::Utf16,
        );
        assert_eq!(text, "Hola 👋 a la ciudadanía\nsegunda línea");
        apply_change(&mut text, change(0, 23, 1, 0, " y la "), Encoding::Utf16);
        assert_eq!(text, "Hola 👋 a la ciudadanía y la segunda línea");
        apply_change(&mut text, change(0, 0, 0, 0, "¡"), Encoding::Utf8);
        assert_eq!(text, "¡Hola 👋 a la ciudadanía y la segunda línea");
        let whole = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "nuevo".into(),
        };
        apply_change(&mut text, whole, Encoding::Utf16);
        assert_eq!(text, "nuevo");
    }

    /// Text made of pieces that exercise every width and every line break.
    fn text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "ñ", "é", "👍", "🇵🇪", "\n", "\r\n", "\r", " ", "DNI", "€", "𝒜",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    /// The position of `offset` counted the slow, obvious way.
    fn reference_position(text: &str, offset: usize, enc: Encoding) -> Position {
        let before = &text[..offset];
        let normalized = before.replace("\r\n", "\n").replace('\r', "\n");
        let line = normalized.matches('\n').count();
        let last = normalized.rsplit('\n').next().unwrap_or("");
        let column = match enc {
            Encoding::Utf8 => last.len(),
            Encoding::Utf16 => last.encode_utf16().count(),
        };
        pos(line as u32, column as u32)
    }

    fn boundaries(text: &str) -> Vec<usize> {
        let mut b: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        b.push(text.len());
        // Between `\r` and `\n` is not a position a client can name.
        b.retain(|&i| !(text[..i].ends_with('\r') && text[i..].starts_with('\n')));
        b
    }

    proptest! {
        #[test]
        fn positions_round_trip(text in text_strategy(), pick in any::<prop::sample::Index>()) {
            let lines = Lines::new(&text);
            let offsets = boundaries(&text);
            let offset = offsets[pick.index(offsets.len())];
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let p = lines.position(offset, enc);
                prop_assert_eq!(p, reference_position(&text, offset, enc));
                prop_assert_eq!(lines.offset(p, enc), offset);
            }
        }

        #[test]
        fn range_edits_match_byte_edits(
            text in text_strategy(),
            a in any::<prop::sample::Index>(),
            b in any::<prop::sample::Index>(),
            insert in text_strategy(),
            utf8 in any::<bool>(),
        ) {
            let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let offsets = boundaries(&text);
            let (x, y) = (offsets[a.index(offsets.len())], offsets[b.index(offsets.len())]);
            let (start, end) = (x.min(y), x.max(y));
            let mut expected = text.clone();
            expected.replace_range(start..end, &insert);
            let lines = Lines::new(&text);
            let change = TextDocumentContentChangeEvent {
                range: Some(LspRange::new(
                    reference_position(&text, start, enc),
                    reference_position(&text, end, enc),
                )),
                range_length: None,
                text: insert.clone(),
            };
            prop_assert_eq!(lines.range(change.range.unwrap_or_default(), enc), start..end);
            let mut edited = text.clone();
            apply_change(&mut edited, change, enc);
            prop_assert_eq!(edited, expected);
        }
    }
}
