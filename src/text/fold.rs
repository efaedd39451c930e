/*!
Spanish-aware folding: the side copy of a text in which terms are matched.

Folding lowercases (Unicode), removes vowel accents and the diaeresis (`información` →
`informacion`, `pingüino` → `pinguino`) but keeps `ñ` (`año` never becomes `ano`), collapses
every run of white space to one space, drops invisible characters (soft hyphen, zero-width
space and joiners) and replaces each masked region (code, URLs, markup…) by nothing or by one
separator character; a blank line is a separator too. The original text is never touched: [`Folded`] keeps a sparse map from
folded byte offsets back to original ones, so findings are always reported on the original.

Each original character folds to at most one character, so every char boundary of the folded
text maps to a char boundary of the original.
*/

use std::ops::Range;

use unicode_normalization::char::decompose_canonical;

/// The character a masked region folds to when it must separate words and phrases.
pub const SEPARATOR: char = '\u{1F}';

/// How a region excluded from matching appears in the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// The region vanishes: words on both sides join as if it were not there
    /// (inline markup such as `**` or `[`).
    Remove,
    /// The region becomes one [`SEPARATOR`]: nothing matches across it (URLs, code, HTML).
    Separate,
}

/// A folded copy of (part of) a text, with the map back to original byte offsets.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// Checkpoints `(folded, original)`; between two checkpoints bytes map one to one.
    marks: Vec<(u32, u32)>,
    /// Original offset of the first folded byte.
    base: usize,
    /// Original offset one past the last folded byte.
    end: usize,
}

impl Folded {
    /// Folds `src[range]`, hiding `hidden` regions (sorted, non-overlapping, inside `range`).
    pub fn new(src: &str, range: Range<usize>, hidden: &[(Range<usize>, Hidden)]) -> Folded {
        Folded::with_breaks(src, range, hidden, &[])
    }

    /// Like [`Folded::new`], with a space added before each offset of `breaks` (sorted):
    /// the word breaks inside hashtags (`#PerúPrimero` folds to `#peru primero`), so terms
    /// and anchors find the words of a hashtag.
    ///
    /// A large text is folded in pieces on several threads and the pieces joined: each seam
    /// lies between two ASCII letters outside hidden regions and off the breaks, where
    /// folding depends on nothing before it, so the result is the same as folding in one go.
    pub fn with_breaks(
        src: &str,
        range: Range<usize>,
        hidden: &[(Range<usize>, Hidden)],
        breaks: &[usize],
    ) -> Folded {
        if range.len() < super::PARALLEL_MIN {
            return Folded::new_serial(src, range, hidden, breaks);
        }
        use rayon::prelude::*;
        let bytes = src.as_bytes();
        let inside_hidden = |p: usize| {
            let i = hidden.partition_point(|(r, _)| r.end <= p);
            hidden.get(i).is_some_and(|(r, _)| r.start < p)
        };
        let pieces = super::split_at_seams(range.clone(), super::piece_count(), |p| {
            bytes[p - 1].is_ascii_alphanumeric()
                && bytes[p].is_ascii_alphanumeric()
                && !inside_hidden(p)
                && breaks.binary_search(&p).is_err()
        });
        let folded: Vec<Folded> = pieces
            .into_par_iter()
            .map(|r| Folded::new_serial(src, r, hidden, breaks))
            .collect();
        let total: usize = folded.iter().map(|p| p.text.len()).sum();
        let mut pieces = folded.into_iter();
        // The first piece grows into the whole: no second full copy alive at once.
        let mut f = pieces.next().expect("a non-empty range has a piece");
        f.text.reserve(total - f.text.len());
        f.end = range.end;
        for piece in pieces {
            let shift = f.text.len() as u32;
            // A piece's first mark repeats the distance the previous piece ended with.
            f.marks
                .extend(piece.marks.into_iter().skip(1).map(|(t, o)| (t + shift, o)));
            f.text.push_str(&piece.text);
        }
        f
    }

    fn new_serial(
        src: &str,
        range: Range<usize>,
        hidden: &[(Range<usize>, Hidden)],
        breaks: &[usize],
    ) -> Folded {
        let mut f = Folded {
            text: String::with_capacity(range.len()),
            marks: Vec::new(),
            base: range.start,
            end: range.end,
        };
        f.marks.push((0, range.start as u32));
        let mut delta: isize = range.start as isize;
        let mut pos = range.start;
        let mut hidden = hidden
            .iter()
            .filter(|(r, _)| r.start < range.end && r.end > range.start)
            .peekable();
        let bytes = src.as_bytes();
        let first_break = breaks.partition_point(|&b| b < range.start);
        let mut breaks = breaks[first_break..].iter().copied().peekable();
        while pos < range.end {
            while breaks.peek().is_some_and(|&b| b < pos) {
                breaks.next();
            }
            if breaks.peek() == Some(&pos) {
                breaks.next();
                if !f.text.is_empty() && !f.text.ends_with([' ', SEPARATOR]) {
                    f.text.push(' ');
                    f.checkpoint(pos, &mut delta);
                }
            }
            let next_break = breaks.peek().copied().unwrap_or(range.end);
            let stop = hidden
                .peek()
                .map_or(range.end, |(r, _)| r.start.max(pos))
                .min(next_break.max(pos));
            if pos == stop {
                let (r, how) = hidden.next().expect("peeked");
                if how == &Hidden::Separate && !f.text.ends_with(SEPARATOR) {
                    f.text.push(SEPARATOR);
                }
                pos = r.end.min(range.end).max(pos);
                f.checkpoint(pos, &mut delta);
                continue;
            }
            // Plain ASCII run, single spaces between words included (each folds to itself):
            // copied and lowercased in bulk, no checkpoint needed.
            let b = bytes[pos];
            if b.is_ascii() && !is_space_byte(b) {
                let mut run_end = pos;
                while run_end < stop {
                    let c = bytes[run_end];
                    if c.is_ascii() && !is_space_byte(c) {
                        run_end += 1;
                    } else if c == b' '
                        && run_end + 1 < stop
                        && bytes[run_end + 1].is_ascii()
                        && !(bytes[run_end + 1] as char).is_whitespace()
                    {
                        run_end += 2;
                    } else {
                        break;
                    }
                }
                // `n` followed by a combining tilde is `ñ`: leave it to the slow path.
                let run_end = if run_end < stop
                    && src[run_end..].starts_with('\u{303}')
                    && matches!(bytes[run_end - 1], b'n' | b'N')
                {
                    run_end - 1
                } else {
                    run_end
                };
                let start = f.text.len();
                f.text.push_str(&src[pos..run_end]);
                f.text[start..].make_ascii_lowercase();
                pos = run_end;
                if pos < stop && (bytes[pos] == b'n' || bytes[pos] == b'N') {
                    // handled below as an `n` + U+0303 unit
                } else {
                    continue;
                }
            }
            let c = src[pos..].chars().next().expect("in bounds");
            let mut next = pos + c.len_utf8();
            if c.is_whitespace() {
                let mut newlines = usize::from(c == '\n');
                while next < stop {
                    match src[next..].chars().next() {
                        Some(w) if w.is_whitespace() => {
                            newlines += usize::from(w == '\n');
                            next += w.len_utf8();
                        }
                        _ => break,
                    }
                }
                // A blank line ends a paragraph: phrases do not run across it.
                let sep = if newlines >= 2 { SEPARATOR } else { ' ' };
                if !f.text.ends_with(sep) {
                    f.text.push(sep);
                }
            } else if (c == 'n' || c == 'N') && src[next..stop].starts_with('\u{303}') {
                next += '\u{303}'.len_utf8();
                f.text.push('ñ');
            } else if let Some(folded) = fold_char(c) {
                f.text.push(folded);
            }
            pos = next;
            f.checkpoint(pos, &mut delta);
        }
        f
    }

    fn checkpoint(&mut self, orig: usize, delta: &mut isize) {
        let folded = self.text.len();
        let d = orig as isize - folded as isize;
        if d != *delta {
            *delta = d;
            if let Some(last) = self.marks.last_mut()
                && last.0 as usize == folded
            {
                last.1 = orig as u32;
                return;
            }
            self.marks.push((folded as u32, orig as u32));
        }
    }

    /// Maps a folded byte offset (a char boundary) to the original text.
    pub fn to_orig(&self, folded: usize) -> usize {
        let i = self.marks.partition_point(|&(f, _)| f as usize <= folded) - 1;
        let (f, o) = self.marks[i];
        (o as usize + (folded - f as usize)).min(self.end)
    }

    /// Maps a folded range (on char boundaries) to the original range it came from. The end
    /// takes in the characters that folded to nothing right after the last one (combining
    /// marks, soft hyphens) but never the white space or hidden markup that follows.
    pub fn range_to_orig(&self, src: &str, r: Range<usize>) -> Range<usize> {
        let start = self.to_orig(r.start);
        let Some(last) = self.text[r.start..r.end].chars().next_back() else {
            return start..start;
        };
        let last_orig = self.to_orig(r.end - last.len_utf8()).min(src.len());
        let mut end = last_orig;
        let mut chars = src[last_orig..].chars();
        if let Some(c) = chars.next() {
            end += c.len_utf8();
        }
        for c in chars {
            if end >= self.end || fold_char(c).is_some() {
                break;
            }
            end += c.len_utf8();
        }
        start..end.min(self.end).max(start)
    }

    /// Maps an original offset to the folded text (the first folded byte at or after it).
    pub fn to_folded(&self, orig: usize) -> usize {
        if orig <= self.base {
            return 0;
        }
        let i = self.marks.partition_point(|&(_, o)| o as usize <= orig) - 1;
        let (f, o) = self.marks[i];
        let next_f = self
            .marks
            .get(i + 1)
            .map_or(self.text.len(), |&(f, _)| f as usize);
        (f as usize + (orig - o as usize)).min(next_f)
    }
}

/// Whether an ASCII byte is white space as `char::is_whitespace` says, U+000B (the vertical
/// tab) included, which `u8::is_ascii_whitespace` leaves out.
#[inline]
pub fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Folds one character: `None` when it disappears.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        'ñ' | 'Ñ' => Some('ñ'),
        // soft hyphen, zero-width space / joiners, word joiner, BOM
        '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        '\u{300}'..='\u{36F}' => None,
        // typographic apostrophes fold to the ASCII one
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => Some('\''),
        // case variants that Unicode case-insensitive regexes accept for `s` and `k`
        'ſ' => Some('s'),
        '\u{212A}' => Some('k'),
        c if c.is_ascii() => Some(c.to_ascii_lowercase()),
        // Latin-1 letters, the bulk of Spanish text beyond ASCII: precomputed.
        '\u{C0}'..='\u{FF}' => Some(LATIN1[c as usize - 0xC0]),
        c => fold_other(c),
    }
}

/// [`fold_char`] of U+00C0..=U+00FF (`ñ`, handled before, aside).
const LATIN1: [char; 64] = [
    'a', 'a', 'a', 'a', 'a', 'a', 'æ', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', //
    'ð', 'n', 'o', 'o', 'o', 'o', 'o', '×', 'ø', 'u', 'u', 'u', 'u', 'y', 'þ', 'ß', //
    'a', 'a', 'a', 'a', 'a', 'a', 'æ', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', //
    'ð', 'n', 'o', 'o', 'o', 'o', 'o', '÷', 'ø', 'u', 'u', 'u', 'u', 'y', 'þ', 'y', //
];

/// Lowercase, and the base letter of an accented Latin letter.
fn fold_other(c: char) -> Option<char> {
    let l = c.to_lowercase().next().unwrap_or(c);
    if !is_latin(l) {
        return Some(l);
    }
    let mut base = None;
    decompose_canonical(l, |d| {
        if base.is_none() && !('\u{300}'..='\u{36F}').contains(&d) {
            base = Some(d);
        }
    });
    base.or(Some(l))
}

fn is_latin(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Folds a short string (terms, suggestions, window checks). The words of a hashtag written
/// in CamelCase are parted as in a document (`#PerúPrimero` → `#peru primero`).
pub fn fold(s: &str) -> String {
    // Words and phrases of ASCII and Latin-1 letters, single spaces between them (nearly
    // every term, lemma form and token) fold char by char, as the document folder would.
    let mut out = String::with_capacity(s.len());
    let mut prev_space = true;
    let mut simple = true;
    for c in s.chars() {
        match c {
            ' ' if !prev_space => {
                out.push(' ');
                prev_space = true;
                continue;
            }
            '#' => simple = false,
            c if c.is_ascii_graphic() => out.push(c.to_ascii_lowercase()),
            '\u{C0}'..='\u{FF}' if c != '×' && c != '÷' => {
                out.push(fold_char(c).unwrap_or(c));
            }
            _ => simple = false,
        }
        if !simple {
            break;
        }
        prev_space = false;
    }
    if (simple && !prev_space) || s.is_empty() {
        return out;
    }
    if s.contains('#') {
        let breaks = super::tokens::hashtag_breaks(s, 0..s.len(), None);
        return Folded::with_breaks(s, 0..s.len(), &[], &breaks).text;
    }
    Folded::new(s, 0..s.len(), &[]).text
}

/// Is `c` part of a word (letters and digits)?
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when `text[start..end]` is not glued to word characters on its sides. An edge
/// whose own character is not a word character (`S/`, `(`) needs no boundary, except the
/// sigils of hashtags and mentions: `#tag` and `@cuenta` glued after a word are not tags.
pub fn at_word_bounds(text: &str, start: usize, end: usize) -> bool {
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let before_ok = !first.is_some_and(|c| is_word_char(c) || c == '#' || c == '@')
        || !text[..start].chars().next_back().is_some_and(is_word_char);
    let after_ok =
        !last.is_some_and(is_word_char) || !text[end..].chars().next().is_some_and(is_word_char);
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The short-string fast path of `fold` folds like the document folder.
        #[test]
        fn fold_fast_path_agrees(s in "[a-zA-Z0-9áéíóúüñÁÉÍÓÚÜÑàçÇ'.,;:¿?¡!()ºª -]{0,24}") {
            proptest::prop_assert_eq!(fold(&s), Folded::new(&s, 0..s.len(), &[]).text);
        }
    }

    fn roundtrip(src: &str, needle: &str) -> Option<String> {
        let f = Folded::new(src, 0..src.len(), &[]);
        let at = f.text.find(needle)?;
        let r = f.range_to_orig(src, at..at + needle.len());
        Some(src[r].to_string())
    }

    #[test]
    fn folds_case_and_accents_but_not_enye() {
        assert_eq!(fold("INFORMACIÓN Pública"), "informacion publica");
        assert_eq!(fold("Año"), "año");
        assert_eq!(fold("AÑO"), "año");
        assert_eq!(fold("pingüino"), "pinguino");
        assert_ne!(fold("año"), fold("ano"));
    }

    #[test]
    fn nfd_input_folds_like_nfc() {
        assert_eq!(fold("informacio\u{301}n"), "informacion");
        assert_eq!(fold("an\u{303}o"), "año");
        assert_eq!(fold("AN\u{303}O"), "año");
    }

    #[test]
    fn latin1_table_matches_the_general_rule() {
        for c in '\u{C0}'..='\u{FF}' {
            if c != 'ñ' && c != 'Ñ' {
                assert_eq!(fold_char(c), fold_other(c), "{c}");
            }
        }
    }

    #[test]
    fn large_texts_fold_in_pieces_like_in_one_go() {
        let unit = "Año NUEVO  en   Madre de Dios,\n\nla informacio\u{301}n pública y **más** «citas» 🇵🇪 #PerúPrimero.\t";
        let src = unit.repeat(3 * crate::text::PARALLEL_MIN / unit.len());
        let stars: Vec<(Range<usize>, Hidden)> = src
            .match_indices("**")
            .map(|(i, _)| (i..i + 2, Hidden::Remove))
            .collect();
        let breaks = super::super::tokens::hashtag_breaks(&src, 0..src.len(), None);
        let whole = Folded::with_breaks(&src, 0..src.len(), &stars, &breaks);
        let serial = Folded::new_serial(&src, 0..src.len(), &stars, &breaks);
        assert_eq!(whole.text, serial.text);
        assert_eq!(whole.marks, serial.marks);
        assert_eq!((whole.base, whole.end), (serial.base, serial.end));
    }

    #[test]
    fn ascii_runs_and_spaces() {
        assert_eq!(
            fold("Uno Dos  Tres\tCuatro \u{A0}cinco \u{B}seis"),
            "uno dos tres cuatro cinco seis"
        );
        let src = "Vota Por el CAMBIO y";
        let f = Folded::new(src, 0..src.len(), &[]);
        let at = f.text.find("por el cambio").unwrap();
        assert_eq!(&src[f.range_to_orig(src, at..at + 13)], "Por el CAMBIO");
        assert_eq!(fold("Campan\u{303}a a"), "campaña a");
    }

    #[test]
    fn whitespace_runs_collapse() {
        assert_eq!(fold("los \n\t ciudadanos"), "los ciudadanos");
        // #13: the vertical tab and the form feed are white space too.
        assert_eq!(fold("a\u{b}b\u{c}c"), "a b c");
        assert_eq!(fold("\u{a0}\u{ad}\u{b}"), " ");
        assert_eq!(fold("a\u{A0}b"), "a b");
        assert_eq!(fold("fin.\n\nInicio"), "fin.\u{1F}inicio");
    }

    #[test]
    fn spans_map_back_to_original() {
        assert_eq!(
            roundtrip("Los  Ciudadanos", "los ciudadanos").unwrap(),
            "Los  Ciudadanos"
        );
        assert_eq!(
            roundtrip("¿Información?", "informacion").unwrap(),
            "Información"
        );
        assert_eq!(roundtrip("🇵🇪 Año nuevo", "año").unwrap(), "Año");
        assert_eq!(
            roundtrip("evaluacio\u{301}n final", "evaluacion").unwrap(),
            "evaluacio\u{301}n"
        );
        assert_eq!(roundtrip("mier\u{AD}da", "mierda").unwrap(), "mier\u{AD}da");
    }

    #[test]
    fn hidden_regions() {
        let src = "los **ciudadanos** ver `code` aquí";
        let a = src.find("**").unwrap();
        let b = src[a + 2..].find("**").unwrap() + a + 2;
        let c = src.find('`').unwrap();
        let hidden = vec![
            (a..a + 2, Hidden::Remove),
            (b..b + 2, Hidden::Remove),
            (c..c + 6, Hidden::Separate),
        ];
        let f = Folded::new(src, 0..src.len(), &hidden);
        assert_eq!(f.text, "los ciudadanos ver \u{1F} aqui");
        let at = f.text.find("ciudadanos").unwrap();
        assert_eq!(&src[f.range_to_orig(src, at..at + 10)], "ciudadanos");
        let at = f.text.find("aqui").unwrap();
        assert_eq!(&src[f.range_to_orig(src, at..at + 4)], "aquí");
    }

    #[test]
    fn hashtag_words_are_parted() {
        assert_eq!(
            fold("#PerúPrimero y #Vota2026"),
            "#peru primero y #vota 2026"
        );
        let src = "Vota #NoALaVacancia ya";
        let breaks = crate::text::tokens::hashtag_breaks(src, 0..src.len(), None);
        let f = Folded::with_breaks(src, 0..src.len(), &[], &breaks);
        assert_eq!(f.text, "vota #no a la vacancia ya");
        let at = f.text.find("la vacancia").unwrap();
        assert_eq!(&src[f.range_to_orig(src, at..at + 11)], "LaVacancia");
        assert_eq!(
            f.to_folded(src.find("Vacancia").unwrap()),
            f.text.find("vacancia").unwrap()
        );
    }

    #[test]
    fn inverse_map() {
        let src = "Él vio la información aquí";
        let f = Folded::new(src, 0..src.len(), &[]);
        let o = src.find("información").unwrap();
        assert_eq!(&f.text[f.to_folded(o)..], "informacion aqui");
    }

    #[test]
    fn word_bounds() {
        let t = "compartido partido adiós dios";
        assert!(!at_word_bounds(t, 4, 10));
        assert!(at_word_bounds(t, 11, 18));
        assert!(at_word_bounds("#vota", 0, 5));
        assert!(at_word_bounds("ver #vota", 4, 9));
        assert!(!at_word_bounds("ab#vota", 2, 7));
    }
}
