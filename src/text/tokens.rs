/*!
Tokens and sentences: what token patterns match against.

[`tokenize`] cuts a stretch of text (a prose view: hidden regions are filler) into words,
numbers, punctuation, symbols and gaps, each with its byte span in the text, its folded form
(see [`crate::text::fold`]) and the index of its sentence.

- A **word** is a run of letters and digits; a hyphen joins letters or digits (`EIA-d`), an
  apostrophe letters, a period, comma or slash digits (`1,500.50`, `12/03/2026`). A run with no
  letter is a **number**.
- A **hashtag** is split into its words (`#PerúPrimero` → `Perú`, `Primero`; `#Vota2026` →
  `Vota`, `2026`): at capitals after lowercase, between letters and digits, at `_`, and where
  the caller's `split` says for an all-lowercase tag. The parts are words flagged
  [`HASHTAG`]; the `#` is no token, so a pattern reads the tag as words.
- A **mention** (`@senaceperu`) is one token, flagged [`MENTION`], `@` included.
- Filler (a URL, code or an address the prose view hides) is one **gap** token: nothing but a
  skip goes over it.

A **sentence** ends after `.`, `!`, `?` or `…` when the next token does not start in
lowercase and the period does not close an abbreviation (`Sr.`, `Av.`, an initial); at a
blank line; and at a line break before a token that does not start in lowercase (posts use
line breaks between sentences and list items), unless the line ends in a word no sentence
ends with (`de`, `la`, `y`: a line wrapped inside «la Mesa de / Partes Virtual»). Patterns never match across a sentence end.
*/

use std::ops::Range;

use super::fold::{SEPARATOR, fold, is_space_byte};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    Punct,
    /// Emoji and other symbols.
    Symbol,
    /// A hidden region (URL, e-mail address, code).
    Gap,
}

/// The first letter is a capital.
pub const CAP: u8 = 1;
/// Two letters or more, all capitals (`SENACE`, `DNI`).
pub const UPPER: u8 = 2;
/// A word of a hashtag.
pub const HASHTAG: u8 = 4;
/// The first word of a hashtag.
pub const HASHTAG_START: u8 = 8;
/// A mention (`@cuenta`).
pub const MENTION: u8 = 16;
/// The first token of its sentence.
pub const SENTENCE_START: u8 = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Range<usize>,
    pub folded: String,
    pub kind: Kind,
    pub sentence: u32,
    pub flags: u8,
}

impl Token {
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Number)
    }
}

/// Abbreviations whose period does not end a sentence (folded, without the period).
pub const ABBREVIATIONS: &[&str] = &[
    "sr", "sra", "srta", "sres", "dr", "dra", "drs", "ing", "lic", "arq", "abog", "prof", "av",
    "avda", "jr", "ca", "psje", "urb", "mz", "lt", "n", "no", "nro", "num", "art", "arts", "inc",
    "pag", "pags", "tel", "cel", "aprox", "ej", "p", "pp", "dpto", "depto", "prov", "dist", "reg",
    "gob", "min", "ee", "uu", "s", "vs", "cf", "max", "mín", "min", "ud", "uds", "vd", "vds",
    "sto", "sta", "mons", "gral", "cap", "of", "ofic", "adm", "res", "exp", "doc",
];

/// Whether `word` before a period is an abbreviation or an initial.
pub fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true;
    }
    ABBREVIATIONS.contains(&fold(word).as_str())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&c) || c == '\u{AD}'
}

/// Where an all-lowercase hashtag splits into words (byte offsets inside its body), if it
/// does: the caller's dictionary segmentation.
pub type Split<'a> = &'a dyn Fn(&str) -> Option<Vec<usize>>;

/// Cuts the body of a hashtag (without `#`) into words: at a capital after a lowercase
/// letter, between letters and digits, at `_`; an all-lowercase body by `split`.
pub fn hashtag_parts(body: &str, split: Option<Split>) -> Vec<Range<usize>> {
    let mut cuts: Vec<usize> = Vec::new();
    let mut prev: Option<char> = None;
    let mut any_upper = false;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        any_upper |= c.is_uppercase();
        if let Some(p) = prev {
            // `perúPrimero`; `NoALa`: a capital between a capital and a lowercase letter
            // starts a word (`HTTPServer` → `HTTP`, `Server`).
            let next_lower = chars.peek().is_some_and(|(_, n)| n.is_lowercase());
            let case = c.is_uppercase() && (p.is_lowercase() || (p.is_uppercase() && next_lower));
            let digit = p.is_alphabetic() != c.is_alphabetic() && p != '_' && c != '_';
            if case || digit {
                cuts.push(i);
            }
        }
        prev = Some(c);
    }
    if !any_upper
        && cuts.is_empty()
        && let Some(f) = split
        && let Some(more) = f(body)
    {
        cuts = more;
    }
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([body.len()]) {
        let part = &body[start..cut];
        // `_` separates and is no word.
        let mut s = start;
        for piece in part.split('_') {
            if !piece.is_empty() {
                out.push(s..s + piece.len());
            }
            s += piece.len() + 1;
        }
        start = cut;
    }
    out
}

/// The offsets where the words of the hashtags of `text[range]` part (a capital after a
/// lowercase letter, a digit after a letter…; not at `_`, which parts them already).
pub fn hashtag_breaks(text: &str, range: Range<usize>, split: Option<Split>) -> Vec<usize> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for i in memchr::memchr_iter(b'#', &bytes[range.clone()]).map(|i| range.start + i) {
        if text[..i].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        let body_start = i + 1;
        let mut j = body_start;
        while j < range.end {
            let d = text[j..].chars().next().expect("in bounds");
            if is_word_char(d) || d == '_' {
                j += d.len_utf8();
            } else {
                break;
            }
        }
        if j == body_start {
            continue;
        }
        for part in hashtag_parts(&text[body_start..j], split)
            .into_iter()
            .skip(1)
        {
            let at = body_start + part.start;
            if text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                out.push(at);
            }
        }
    }
    out
}

/// The tokens of `text[range]`. `split` segments all-lowercase hashtags.
pub fn tokenize(text: &str, range: Range<usize>, split: Option<Split>) -> Vec<Token> {
    let mut t = Tokenizer {
        text,
        out: Vec::new(),
        sentence: 0,
        newlines: 0,
        pending_end: false,
        started: false,
    };
    let bytes = text.as_bytes();
    let mut i = range.start;
    let end = range.end;
    while i < end {
        let b = bytes[i];
        if b < 0x80 && is_space_byte(b) {
            t.newlines += usize::from(b == b'\n');
            i += 1;
            continue;
        }
        if b == SEPARATOR as u8 {
            let start = i;
            while i < end && bytes[i] == SEPARATOR as u8 {
                i += 1;
            }
            t.push(start..i, String::new(), Kind::Gap, 0);
            continue;
        }
        let c = text[i..].chars().next().expect("in bounds");
        if c.is_whitespace() {
            t.newlines += usize::from(c == '\u{2028}' || c == '\u{2029}');
            i += c.len_utf8();
            continue;
        }
        let glued_before = text[..i].chars().next_back().is_some_and(is_word_char);
        if (c == '#' || c == '@') && !glued_before {
            let body_start = i + 1;
            let mut j = body_start;
            while j < end {
                let d = text[j..].chars().next().expect("in bounds");
                let dotted = c == '@'
                    && d == '.'
                    && text[j + 1..end].chars().next().is_some_and(is_word_char);
                if is_word_char(d) || d == '_' || dotted {
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            if j > body_start {
                if c == '@' {
                    t.push(i..j, fold(&text[i..j]), Kind::Word, MENTION);
                } else {
                    let body = &text[body_start..j];
                    for (n, part) in hashtag_parts(body, split).into_iter().enumerate() {
                        let span = body_start + part.start..body_start + part.end;
                        let word = &text[span.clone()];
                        let kind = if word.chars().any(char::is_alphabetic) {
                            Kind::Word
                        } else {
                            Kind::Number
                        };
                        let start_flag = if n == 0 { HASHTAG_START } else { 0 };
                        t.push(
                            span,
                            fold(word),
                            kind,
                            HASHTAG | start_flag | case_flags(word),
                        );
                    }
                }
                i = j;
                continue;
            }
        }
        if is_word_char(c) {
            let start = i;
            let mut j = i;
            let mut letters = false;
            while j < end {
                let d = text[j..].chars().next().expect("in bounds");
                if is_word_char(d) {
                    letters |= d.is_alphabetic();
                    j += d.len_utf8();
                    continue;
                }
                let prev = text[..j].chars().next_back();
                let next = text[j + d.len_utf8()..end].chars().next();
                let joins = match d {
                    '-' | '‐' | '‑' => {
                        prev.is_some_and(char::is_alphanumeric)
                            && next.is_some_and(char::is_alphanumeric)
                    }
                    '\'' | '’' => {
                        prev.is_some_and(char::is_alphabetic)
                            && next.is_some_and(char::is_alphabetic)
                    }
                    '.' | ',' | '/' => {
                        prev.is_some_and(|p| p.is_ascii_digit())
                            && next.is_some_and(|n| n.is_ascii_digit())
                    }
                    _ => false,
                };
                if joins {
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            let word = &text[start..j];
            let kind = if letters { Kind::Word } else { Kind::Number };
            t.push(start..j, fold(word), kind, case_flags(word));
            i = j;
            continue;
        }
        let len = c.len_utf8();
        let kind = if c.is_ascii_punctuation()
            || matches!(
                c,
                '¿' | '¡'
                    | '«'
                    | '»'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '…'
                    | '—'
                    | '–'
                    | '•'
                    | '°'
                    | 'º'
                    | 'ª'
            ) {
            Kind::Punct
        } else {
            Kind::Symbol
        };
        t.push(i..i + len, c.to_string(), kind, 0);
        i += len;
    }
    t.out
}

fn case_flags(word: &str) -> u8 {
    let mut letters = 0;
    let mut upper = 0;
    let mut first_upper = None;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
        first_upper.get_or_insert(c.is_uppercase());
    }
    let mut f = 0;
    if first_upper == Some(true) {
        f |= CAP;
    }
    if letters >= 2 && upper == letters {
        f |= UPPER;
    }
    f
}

struct Tokenizer<'t> {
    text: &'t str,
    out: Vec<Token>,
    sentence: u32,
    newlines: usize,
    /// A sentence-ending mark was read: the next token that does not start in lowercase
    /// opens a sentence.
    pending_end: bool,
    started: bool,
}

impl Tokenizer<'_> {
    fn push(&mut self, span: Range<usize>, folded: String, kind: Kind, mut flags: u8) {
        let lower_start = kind == Kind::Word
            && self.text[span.clone()]
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
        // A text wrapped by hand breaks lines inside sentences: a line that ends in a word
        // no sentence ends with (`de`, `la`, `y`…) goes on in the next one.
        let wrapped = !self.pending_end
            && self.newlines == 1
            && self.out.last().is_some_and(|prev| {
                prev.kind == Kind::Word && CONTINUES.contains(&prev.folded.as_str())
            });
        let opens = self.started
            && (self.newlines >= 2
                || (kind != Kind::Gap
                    && !lower_start
                    && !wrapped
                    && (self.pending_end || self.newlines == 1)
                    && !matches!(
                        self.text[span.clone()].chars().next(),
                        Some(',' | ';' | ':' | ')' | ']' | '»' | '”' | '.' | '!' | '?' | '…')
                    )));
        // Filler before the first word (a URL opening the text) stands alone, as it does
        // after a paragraph break: the first word opens the sentence.
        let opens = opens || (!self.started && kind != Kind::Gap && !self.out.is_empty());
        if opens {
            self.sentence += 1;
        }
        if opens || !self.started {
            flags |= SENTENCE_START;
        }
        if kind != Kind::Gap {
            self.started = true;
            self.newlines = 0;
        }
        // The period after an abbreviation or an initial does not end the sentence.
        let ends = match self.text[span.clone()].chars().next() {
            Some('!' | '?' | '…') => true,
            Some('.') => !self.out.last().is_some_and(|prev| {
                prev.span.end == span.start
                    && prev.kind == Kind::Word
                    && is_abbreviation(&self.text[prev.span.clone()])
            }),
            _ => false,
        };
        if kind == Kind::Punct {
            self.pending_end = ends || (self.pending_end && closes(&self.text[span.clone()]));
        } else if kind != Kind::Gap {
            self.pending_end = false;
        }
        self.out.push(Token {
            span,
            folded,
            kind,
            sentence: self.sentence,
            flags,
        });
    }
}

/// Words a sentence does not end with (prepositions, articles, conjunctions), folded: a
/// line break after one does not end the sentence.
const CONTINUES: &[&str] = &[
    "a", "al", "ante", "bajo", "con", "contra", "de", "del", "desde", "durante", "e", "el", "en",
    "entre", "hacia", "hasta", "la", "las", "lo", "los", "mediante", "ni", "o", "para", "por",
    "que", "segun", "sin", "sobre", "su", "sus", "tras", "u", "un", "una", "unas", "unos", "y",
];

/// Closing quotes and brackets after a final mark keep the sentence's end pending.
fn closes(p: &str) -> bool {
    matches!(
        p,
        ")" | "]" | "»" | "”" | "\"" | "'" | "’" | "." | "!" | "?" | "…"
    )
}

// ---------------------------------------------------------------------------- windows

/// Longest stretch of text tokenised around an anchor in each direction, when no paragraph
/// break comes first (bytes).
const WINDOW: usize = 2048;

/// The folded word that starts at byte `at` of folded text (letters, digits and the
/// joiners the tokeniser keeps inside a word), or the one punctuation mark there.
pub fn word_at(text: &str, at: usize) -> &str {
    let mut end = at;
    let mut chars = text[at..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let joins = match c {
            '-' | '\'' => next.is_some_and(char::is_alphanumeric),
            _ => false,
        };
        if c.is_alphanumeric() || (joins && end > at) {
            end = at + i + c.len_utf8();
        } else {
            if end == at {
                end = at + c.len_utf8();
            }
            break;
        }
    }
    &text[at..end]
}

/// A stretch around `at` that starts and ends between paragraphs (or sentences, in a long
/// paragraph), so no sentence is cut.
pub fn window(view: &str, body: &Range<usize>, at: usize) -> Range<usize> {
    let bytes = view.as_bytes();
    let lo = at.saturating_sub(WINDOW).max(body.start);
    let hi = (at + WINDOW).min(body.end);
    let start = memchr::memmem::rfind(&bytes[lo..at], b"\n\n")
        .map(|i| lo + i + 2)
        .unwrap_or_else(|| {
            if lo == body.start {
                lo
            } else {
                sentence_cut(view, lo, at, false)
            }
        });
    let end = memchr::memmem::find(&bytes[at..hi], b"\n\n")
        .map(|i| at + i)
        .unwrap_or_else(|| {
            if hi == body.end {
                hi
            } else {
                sentence_cut(view, at, hi, true)
            }
        });
    start..end.max(at)
}

/// A sentence boundary in `view[lo..hi]` (after `. ` before a capital), the last one
/// (`last`) or the first; else a white space; else the edge.
fn sentence_cut(view: &str, lo: usize, hi: usize, first: bool) -> usize {
    let mut lo = lo;
    while !view.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = hi;
    while !view.is_char_boundary(hi) {
        hi -= 1;
    }
    let part = &view[lo..hi];
    let cuts = part.match_indices(". ").filter_map(|(i, _)| {
        part[i + 2..]
            .chars()
            .next()
            .filter(|c| c.is_uppercase())
            .map(|_| lo + i + 2)
    });
    let cut = if first { cuts.min() } else { cuts.max() };
    cut.or_else(|| {
        let spaces = part.match_indices(' ').map(|(i, _)| lo + i + 1);
        if first { spaces.min() } else { spaces.max() }
    })
    .unwrap_or(if first { hi } else { lo })
}

/// Where a chunk of a text matched in pieces ends: at a paragraph break, else at a sentence
/// end, within twice [`WINDOW`] of `start`.
pub fn chunk_end(view: &str, body: &Range<usize>, start: usize) -> usize {
    let hi = (start + 2 * WINDOW).min(body.end);
    if hi == body.end {
        return hi;
    }
    memchr::memmem::find(&view.as_bytes()[start..hi], b"\n\n")
        .map(|i| start + i + 2)
        .unwrap_or_else(|| sentence_cut(view, start, hi, false))
        .max(start + 1)
        .min(hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, u32)> {
        tokenize(text, 0..text.len(), None)
            .into_iter()
            .map(|t| (text[t.span].to_string(), t.sentence))
            .collect()
    }

    #[test]
    fn words_numbers_and_punctuation() {
        let t = "El EIA-d N° 1,500.50 del 12/03/2026: ¡vótalo!";
        let w: Vec<String> = words(t).into_iter().map(|(w, _)| w).collect();
        assert_eq!(
            w,
            [
                "El",
                "EIA-d",
                "N",
                "°",
                "1,500.50",
                "del",
                "12/03/2026",
                ":",
                "¡",
                "vótalo",
                "!"
            ]
        );
        let toks = tokenize(t, 0..t.len(), None);
        assert_eq!(toks[9].folded, "votalo");
        assert!(toks[1].has(CAP) && !toks[1].has(UPPER));
        assert_eq!(toks[4].kind, Kind::Number);
    }

    #[test]
    fn hashtags_split_into_words() {
        let t = "Vota #PerúPrimero y #Vota2026 con @senaceperu #votaporlucia";
        let toks = tokenize(t, 0..t.len(), None);
        let w: Vec<&str> = toks.iter().map(|t| &t.folded[..]).collect();
        assert_eq!(
            w,
            [
                "vota",
                "peru",
                "primero",
                "y",
                "vota",
                "2026",
                "con",
                "@senaceperu",
                "votaporlucia"
            ]
        );
        assert!(toks[1].has(HASHTAG_START) && toks[2].has(HASHTAG) && !toks[2].has(HASHTAG_START));
        assert!(toks[7].has(MENTION));
        let split = |b: &str| (b == "votaporlucia").then(|| vec![4, 7]);
        let toks = tokenize(t, 0..t.len(), Some(&split));
        let w: Vec<&str> = toks.iter().map(|t| &t.folded[..]).collect();
        assert_eq!(&w[8..], ["vota", "por", "lucia"]);
        assert_eq!(hashtag_parts("No_A_La_Vacancia", None).len(), 4);
    }

    #[test]
    fn sentences() {
        let s =
            words("Hola, Sr. Pérez. Gracias por escribir.\nVisite la web\nde la entidad.\n\nfin");
        let ids: Vec<u32> = s.iter().map(|(_, n)| *n).collect();
        let at = |w: &str| s.iter().find(|(x, _)| x == w).unwrap().1;
        assert_eq!(at("Pérez"), 0);
        assert_eq!(at("Gracias"), 1);
        assert_eq!(at("Visite"), 2);
        assert_eq!(at("de"), 2);
        assert_eq!(at("fin"), 3);
        assert_eq!(*ids.last().unwrap(), 3);
        // A line wrapped after a preposition goes on; a list item does not.
        let s = words("Escriba a la Mesa de\nPartes Virtual hoy\nLunes cerrado");
        let at = |w: &str| s.iter().find(|(x, _)| x == w).unwrap().1;
        assert_eq!(at("Partes"), 0);
        assert_eq!(at("Lunes"), 1);
        let s = words("¿Vienes? ¡Claro! etc. y más");
        assert_eq!(s.iter().find(|(w, _)| w == "Claro").unwrap().1, 1);
        assert_eq!(s.iter().find(|(w, _)| w == "y").unwrap().1, 1);
    }

    /// #12: a URL opening the text is a sentence of its own, as after a paragraph break, so
    /// a text reads the same at the start of a document and after other paragraphs.
    #[test]
    fn issue_12_leading_filler_stands_alone_as_after_a_paragraph() {
        let url = "\u{1F}".repeat(17);
        let alone = words(&format!("{url} ATENCION VECINOS"));
        let after: Vec<(String, u32)> = words(&format!("Hola.\n\n{url} ATENCION VECINOS"))
            .into_iter()
            .skip(2)
            .map(|(w, n)| (w, n - 1))
            .collect();
        assert_eq!(alone, after);
        assert_eq!(alone[1], ("ATENCION".to_string(), 1));
    }

    #[test]
    fn gaps_and_sub_ranges() {
        let t = format!("Escriba a {} hoy", "\u{1F}".repeat(10));
        let toks = tokenize(&t, 0..t.len(), None);
        assert_eq!(toks[2].kind, Kind::Gap);
        assert_eq!(toks[3].sentence, 0);
        let toks = tokenize("uno dos tres", 4..7, None);
        assert_eq!(toks.len(), 1);
        assert_eq!(toks[0].span, 4..7);
    }
}
