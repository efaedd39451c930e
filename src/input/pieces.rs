/*!
Reading a large file in pieces, so that checking it takes memory bounded by the piece size,
not by the file.

A piece ends at a paragraph break (a blank line; in Markdown, not inside a fenced code block)
when there is one in its first `size` bytes, since every rule reads a paragraph at most: the
findings of a file are then the findings of its pieces. A paragraph longer than a piece is cut
at a line break, and a line longer than a piece at a space (a token longer than a piece at a
character boundary): those cuts are the only places where a piece can differ from the whole.
Each piece knows the lines, bytes and characters before it ([`Piece`]), so findings keep the
file's positions. Pieces are cut on bytes that are never inside a UTF-8 character (`\n`,
space), so UTF-8 text decodes piece by piece.
*/

use std::io::{self, Read};

use super::Piece;

/// Cuts a byte stream into pieces of about `size` bytes.
pub struct Pieces<R> {
    reader: R,
    size: usize,
    markdown: bool,
    buf: Vec<u8>,
    eof: bool,
    next: Piece,
}

impl<R: Read> Pieces<R> {
    pub fn new(reader: R, size: usize, markdown: bool) -> Pieces<R> {
        Pieces {
            reader,
            size: size.max(1),
            markdown,
            buf: Vec::new(),
            eof: false,
            next: Piece::default(),
        }
    }

    /// The next piece and where it starts; `None` at the end of the stream.
    pub fn next_piece(&mut self) -> io::Result<Option<(Piece, Vec<u8>)>> {
        while !self.eof && self.buf.len() < self.size {
            let mut chunk = vec![0; self.size - self.buf.len()];
            let n = match self.reader.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                self.eof = true;
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
        if self.buf.is_empty() {
            return Ok(None);
        }
        let cut = if self.eof && self.buf.len() <= self.size {
            self.buf.len()
        } else {
            cut_point(&self.buf[..self.size.min(self.buf.len())], self.markdown)
        };
        let rest = self.buf.split_off(cut);
        let piece = std::mem::replace(&mut self.buf, rest);
        let at = self.next;
        let newlines = memchr::memchr_iter(b'\n', &piece).count();
        let tail = match memchr::memrchr(b'\n', &piece) {
            Some(i) => &piece[i + 1..],
            None => &piece[..],
        };
        let tail_chars = String::from_utf8_lossy(tail).chars().count();
        self.next = Piece {
            line: at.line + newlines,
            byte: at.byte + piece.len(),
            column: if newlines == 0 {
                at.column + tail_chars
            } else {
                tail_chars
            },
        };
        Ok(Some((at, piece)))
    }
}

/// Where to end a piece of `buf`: after its last paragraph break outside a code fence, else
/// after its last line break, else after its last space, else at its last character
/// boundary.
fn cut_point(buf: &[u8], markdown: bool) -> usize {
    let mut fenced = false;
    let mut last_break = None;
    let mut start = 0;
    while start < buf.len() {
        let end = memchr::memchr(b'\n', &buf[start..]).map(|i| start + i + 1);
        let Some(end) = end else { break };
        let line = &buf[start..end];
        let trimmed = line.trim_ascii();
        if markdown && (trimmed.starts_with(b"```") || trimmed.starts_with(b"~~~")) {
            fenced = !fenced;
        } else if trimmed.is_empty() && !fenced && start > 0 {
            last_break = Some(end);
        }
        start = end;
    }
    if let Some(cut) = last_break {
        return cut;
    }
    if let Some(i) = memchr::memrchr(b'\n', buf) {
        return i + 1;
    }
    if let Some(i) = memchr::memrchr2(b' ', b'\t', buf) {
        return i + 1;
    }
    // A character boundary: not a UTF-8 continuation byte.
    let mut cut = buf.len();
    while cut > 1 && buf[cut - 1] & 0xC0 == 0x80 {
        cut -= 1;
    }
    // `cut - 1` starts a character that may continue past the buffer.
    if cut > 1 && buf[cut - 1] >= 0xC0 {
        cut -= 1;
    }
    cut.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str, size: usize, markdown: bool) -> Vec<(Piece, String)> {
        let mut p = Pieces::new(text.as_bytes(), size, markdown);
        let mut out = Vec::new();
        while let Some((at, bytes)) = p.next_piece().expect("in memory") {
            out.push((at, String::from_utf8(bytes).expect("cut at a boundary")));
        }
        out
    }

    #[test]
    fn pieces_end_at_paragraph_breaks_and_know_where_they_start() {
        let text = "uno dos\ntres\n\ncuatro\n\ncinco seis\n";
        let p = pieces(text, 16, false);
        assert_eq!(p[0].1, "uno dos\ntres\n\n");
        assert_eq!(
            p[1].0,
            Piece {
                line: 3,
                byte: 14,
                column: 0
            }
        );
        assert_eq!(p.iter().map(|x| x.1.as_str()).collect::<String>(), text);
    }

    #[test]
    fn long_lines_are_cut_at_spaces_and_keep_their_columns() {
        let text = "ñandú ñandú ñandú ñandú\n";
        let p = pieces(text, 10, false);
        assert_eq!(p.iter().map(|x| x.1.as_str()).collect::<String>(), text);
        assert_eq!(p[0].1, "ñandú ");
        assert_eq!(p[1].0.column, 6);
        assert_eq!(p[1].0.line, 0);
    }

    #[test]
    fn a_token_longer_than_a_piece_is_cut_between_characters() {
        let text = "ááááááááááááááá";
        let p = pieces(text, 7, false);
        assert_eq!(p.iter().map(|x| x.1.as_str()).collect::<String>(), text);
    }

    #[test]
    fn markdown_code_fences_are_not_cut_at_their_blank_lines() {
        let text = "a\n\n```\nx\n\ny\n```\nb\n";
        let p = pieces(text, 16, true);
        assert_eq!(p[0].1, "a\n\n");
    }
}
