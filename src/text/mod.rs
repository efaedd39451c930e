/*!
Text utilities shared by every stage: folding for matching, and line/column lookup, and the
splitting of very large texts into pieces that can be worked on in parallel.
*/

pub mod fold;
pub mod lines;
pub mod tokens;
pub mod unglued;

pub use fold::{Folded, Hidden, at_word_bounds, fold, is_word_char};
pub use lines::{LineIndex, Position};
pub use unglued::Unglued;

use std::ops::Range;

/// Texts at least this long (bytes) are folded, scanned for URLs and linted with several
/// threads; shorter ones (every post) on one, since posts are already checked in parallel.
pub const PARALLEL_MIN: usize = 1 << 20;

/// The paragraphs of `text[range]`, in order, covering it: each ends after the last line
/// break of a run of white space holding two or more (a blank line), where the next one
/// starts; a run at the end of `range` stays in the last paragraph. So a paragraph keeps the
/// blank line after its text, and the next one starts where the document could: a regex
/// run on one paragraph alone reads it as it would the whole of a document, and no match
/// joins the words of two paragraphs. Runs are read inside `range` only, so cutting a text
/// at these places and asking again for each piece gives the same paragraphs.
pub fn paragraphs(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = range.start;
    let mut search = range.start;
    std::iter::from_fn(move || {
        if start >= range.end {
            return None;
        }
        while let Some(i) = memchr::memchr(b'\n', &bytes[search..range.end]) {
            let first = search + i;
            let mut last = first;
            let mut p = first + 1;
            while p < range.end {
                let c = text[p..].chars().next().expect("in bounds");
                if !c.is_whitespace() {
                    break;
                }
                if c == '\n' {
                    last = p;
                }
                p += c.len_utf8();
            }
            search = p;
            // A run that reaches the end of the range ends the last paragraph.
            if last > first && p < range.end {
                let para = start..last + 1;
                start = last + 1;
                return Some(para);
            }
        }
        let para = start..range.end;
        start = range.end;
        Some(para)
    })
}

/// Splits `range` into about `pieces` consecutive ranges whose inner seams are positions
/// where `seam_ok` holds (each seam is moved forward to the first such position).
pub fn split_at_seams(
    range: Range<usize>,
    pieces: usize,
    seam_ok: impl Fn(usize) -> bool,
) -> Vec<Range<usize>> {
    let step = (range.len() / pieces.max(1)).max(1);
    let mut out = Vec::with_capacity(pieces);
    let mut start = range.start;
    while start < range.end {
        let mut seam = start.saturating_add(step).min(range.end);
        while seam < range.end && !seam_ok(seam) {
            seam += 1;
        }
        out.push(start..seam);
        start = seam;
    }
    out
}

/// How many pieces a large text is split into: a few per thread, for balance.
pub fn piece_count() -> usize {
    4 * rayon::current_num_threads()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        paragraphs(text, 0..text.len()).map(|r| &text[r]).collect()
    }

    #[test]
    fn paragraphs_end_at_the_last_break_of_a_blank_line() {
        assert_eq!(paras("el DNI\n\n45678912"), ["el DNI\n\n", "45678912"]);
        assert_eq!(
            paras("uno\ndos \n \t\n\n  tres\n\u{A0}\ncuatro\n"),
            ["uno\ndos \n \t\n\n", "  tres\n\u{A0}\n", "cuatro\n"]
        );
        assert_eq!(
            paras("sin cortes\r\n en dos líneas"),
            ["sin cortes\r\n en dos líneas"]
        );
        assert_eq!(paras("fin\n\n \n"), ["fin\n\n \n"]);
        assert_eq!(paras("\n\nx"), ["\n\n", "x"]);
        assert!(paras("").is_empty());
    }

    #[test]
    fn paragraphs_of_pieces_are_the_paragraphs_of_the_whole() {
        let text = "Hola.\n\nUna línea\ny otra \r\n\r\n\n  Fin\n \nño";
        let all: Vec<Range<usize>> = paragraphs(text, 0..text.len()).collect();
        for cut in all.iter().map(|r| r.end) {
            let mut pieces: Vec<Range<usize>> = paragraphs(text, 0..cut).collect();
            pieces.extend(paragraphs(text, cut..text.len()));
            assert_eq!(pieces, all, "cut at {cut}");
        }
    }
}

/// `s` safe to print on a terminal: control characters (escape sequences, newlines, C1
/// controls) written as `\u{…}`, so that a file name cannot move the cursor, colour the
/// screen or fake a line of output.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod printable_tests {
    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            super::printable("a\u{1b}[31mb\nc.md"),
            "a\\u{1b}[31mb\\u{a}c.md"
        );
        assert_eq!(super::printable("señal.md"), "señal.md");
    }
}
