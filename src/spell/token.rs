/*!
Tokenising prose for the spelling check: which words to look up, and which to leave alone.

The input is a document's prose view (URLs, e-mail addresses, code, markup and front matter
already blanked, byte offsets unchanged). Text is cut at white space into chunks; punctuation
around a chunk is peeled off (and tracked: quotes, sentence ends), and what remains is split
into words at Unicode word bounds (UAX #29, `unicode-segmentation`).

Left alone, because a dictionary cannot judge them:

- @mentions and #hashtags (hashtags may instead be split at capitals and checked:
  `#CertificaciónAmbiental` → `Certificación`, `Ambiental`);
- numbers and codes: any chunk with a digit or a symbol such as `/`, `°`, `_`
  (`R.D. N° 123-2024`, `2x1`, `S/`), and abbreviations with inner dots (`R.D.`, `EE.UU.`);
- single letters and all-caps acronyms (`SEIA`, `EIA-d`);
- words inside quotes («…», "…", “…”) or backticks: titles, citations, code;
- capitalised words in mid-sentence, which are proper nouns (unless `ProperNouns::Check`).

A capitalised word at the start of a sentence (or of a line) is checked: the dictionary
accepts `Evaluación` when it knows `evaluación`. A capitalised sentence start that the same
text also uses capitalised in mid-sentence is a proper noun and is left alone too.

Every byte of every post goes through here, so the common chunk, a word alone or followed by
plain punctuation, is handled in the same pass over bytes that finds it; only chunks with
more in them are peeled and segmented.
*/

use std::collections::HashSet;
use std::ops::Range;

use foldhash::fast::RandomState;
use unicode_segmentation::UnicodeSegmentation;

/// What blanked non-prose regions are filled with in a prose view.
const FILLER: char = '\u{1F}';

/// Capitalised words in mid-sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProperNouns {
    /// Taken for proper nouns and not checked (the default).
    #[default]
    Skip,
    /// Checked like any other word.
    Check,
}

/// Hashtags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hashtags {
    /// Not checked (the default).
    #[default]
    Skip,
    /// Split at capitals (`#CertificaciónAmbiental`) and the parts checked; a hashtag
    /// without capitals cannot be split and is not checked.
    Split,
}

/// How to tokenise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    pub proper_nouns: ProperNouns,
    pub hashtags: Hashtags,
}

/// A word to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range of the word in the text.
    pub span: Range<usize>,
    /// The hyphenated compound or hashtag the word is part of, accepted as a whole when the
    /// dictionary knows it (`EIA-sd`, `IntegrAmbiente`).
    pub whole: Option<Range<usize>>,
    /// A full stop follows: the word may be an abbreviation (`Av.`, `Ing.`).
    pub dot: bool,
    /// The word starts a sentence or a line (or is a part of a split hashtag): it may be
    /// capitalised only because of where it stands.
    pub sentence_start: bool,
    /// A part of a split hashtag.
    pub hashtag: bool,
}

/// The result of tokenising a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// The words to look up, in order.
    pub check: Vec<Word>,
    /// How many words the text has (checked or not).
    pub total: usize,
}

/// Where words go: to the caller's function as they come, except capitalised sentence
/// starts, held back to the end of the text, where a proper noun seen in mid-sentence in the
/// meantime drops them. Memory grows with those and with the distinct names, not with every
/// word of the text.
struct Sink<'t, F> {
    f: F,
    opts: Options,
    /// Words of the text, checked or not.
    total: usize,
    /// Capitalised in mid-sentence: a set, as an archive has many.
    mid_sentence: HashSet<&'t str, RandomState>,
    held: Vec<Word>,
}

impl<F: FnMut(Word)> Sink<'_, F> {
    fn emit(&mut self, word: Word, capitalised_start: bool) {
        if capitalised_start && self.opts.proper_nouns == ProperNouns::Skip {
            self.held.push(word);
        } else {
            (self.f)(word);
        }
    }
}

/// Quote and sentence state while walking a text.
#[derive(Debug, Default)]
struct State {
    sentence_start: bool,
    /// Open «» or “” quotes.
    quotes: usize,
    /// Inside "…".
    straight: bool,
    /// Inside `…`.
    backtick: bool,
}

impl State {
    fn quoted(&self) -> bool {
        self.quotes > 0 || self.straight || self.backtick
    }

    /// Effects of a punctuation mark between words.
    fn punct(&mut self, c: char) {
        match c {
            '«' | '“' => self.quotes += 1,
            '»' | '”' => self.quotes = self.quotes.saturating_sub(1),
            '"' => self.straight = !self.straight,
            '`' => self.backtick = !self.backtick,
            '.' | '!' | '?' | '…' => self.sentence_start = true,
            _ => {}
        }
    }

    /// A blank line: quotes do not run across paragraphs.
    fn paragraph(&mut self) {
        self.quotes = 0;
        self.straight = false;
        self.backtick = false;
        self.sentence_start = true;
    }
}

/// The words of `text[range]` to look up, in order, and the number of words.
pub fn words(text: &str, range: Range<usize>, opts: Options) -> Words {
    let mut check = Vec::new();
    let total = for_each_word(text, range, opts, |w| check.push(w));
    check.sort_by_key(|w| w.span.start);
    Words { check, total }
}

/// Calls `f` with each word of `text[range]` to look up (capitalised sentence starts last),
/// and returns the number of words.
pub fn for_each_word(text: &str, range: Range<usize>, opts: Options, f: impl FnMut(Word)) -> usize {
    let mut st = State {
        sentence_start: true,
        ..State::default()
    };
    let mut out = Sink {
        f,
        opts,
        total: 0,
        mid_sentence: HashSet::default(),
        held: Vec::new(),
    };
    // Bytes, not chars: prose is mostly ASCII, and this loop sees every byte of every post.
    let bytes = text.as_bytes();
    let end = range.end;
    let mut i = range.start;
    while i < end {
        let (space, _) = space_at(text, i);
        if space {
            let mut newlines = 0;
            let mut j = i;
            while j < end {
                let (space, len) = space_at(text, j);
                if !space {
                    break;
                }
                newlines += usize::from(bytes[j] == b'\n');
                j += len;
            }
            if newlines > 1 {
                st.paragraph();
            } else if newlines == 1 {
                st.sentence_start = true;
            }
            i = j;
            continue;
        }
        // The common cases, a word alone or followed by plain punctuation (`proyecto`,
        // `evaluación,` `Senace.`), are handled in this one pass; the rest in `chunk`.
        let start = i;
        let mut word_end = None;
        let mut plain = true;
        let (mut letters, mut upper) = (0, 0);
        while i < end {
            let run = i;
            while i < end && bytes[i].is_ascii_alphabetic() {
                upper += usize::from(bytes[i] < b'a');
                i += 1;
            }
            letters += i - run;
            if i > run && word_end.is_some() {
                plain = false;
            }
            if i == end {
                break;
            }
            let b = bytes[i];
            let (c, len) = if b < 0x80 {
                (b as char, 1)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            };
            if c.is_whitespace() || c == FILLER {
                break;
            }
            if is_letter(c) {
                plain &= word_end.is_none();
                letters += 1;
                upper += usize::from(c.is_uppercase());
            } else {
                word_end.get_or_insert(i);
                plain &= matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')');
            }
            i += len;
        }
        let word_end = word_end.unwrap_or(i);
        if plain && word_end > start {
            out.total += 1;
            let sentence_start = std::mem::replace(&mut st.sentence_start, false);
            if !st.quoted() {
                let dot = bytes.get(word_end) == Some(&b'.');
                let span = start..word_end;
                decide(
                    text,
                    span,
                    letters,
                    upper,
                    None,
                    sentence_start,
                    dot,
                    &mut out,
                );
            }
            after_word(text, start..word_end, word_end..i, &mut st);
            continue;
        }
        chunk(text, start..i, &mut st, &mut out);
    }
    for w in std::mem::take(&mut out.held) {
        if !out.mid_sentence.contains(&&text[w.span.clone()]) {
            (out.f)(w);
        }
    }
    out.total
}

/// Whether the char at byte `i` separates chunks (white space or blanked filler), and its
/// length.
#[inline]
fn space_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        // As the word loop, which asks `char::is_whitespace`: U+000B (the vertical tab Word
        // writes for a manual line break) included.
        return (crate::text::fold::is_space_byte(b) || b == FILLER as u8, 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (c.is_whitespace(), c.len_utf8())
}

/// Whether `c` is a letter; Latin letters are told without Unicode table look-ups. The
/// ordinal indicators `ª` and `º` (`Nº`) count as symbols.
#[inline]
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{BF}' => false,
        '\u{C0}'..='\u{24F}' => c != '\u{D7}' && c != '\u{F7}',
        _ => c.is_alphabetic(),
    }
}

/// What a chunk's core is made of, learnt in one pass.
#[derive(Debug, Default)]
struct Shape {
    /// Letters only: one word, no segmentation needed.
    letters_only: bool,
    /// A digit, a code symbol or an inner full stop: a number, code or abbreviation.
    code: bool,
    hyphen: bool,
    /// Runs of letters, an estimate of its words for the statistics.
    words: usize,
}

fn shape(core: &str) -> Shape {
    let mut sh = Shape {
        letters_only: true,
        ..Shape::default()
    };
    let mut in_letters = false;
    let mut after_digit = false;
    for c in core.chars() {
        let letter = is_letter(c);
        if letter {
            if !in_letters && !after_digit {
                sh.words += 1;
            }
            in_letters = true;
            continue;
        }
        sh.letters_only = false;
        in_letters = false;
        after_digit = c.is_numeric();
        if after_digit || c == '.' || is_code_symbol(c) {
            sh.code = true;
        } else if is_hyphen(c) {
            sh.hyphen = true;
        }
    }
    sh
}

/// Symbols that make a chunk a code, an amount or an address rather than words.
fn is_code_symbol(c: char) -> bool {
    matches!(
        c,
        '/' | '\\'
            | '_'
            | '='
            | '+'
            | '&'
            | '<'
            | '>'
            | '|'
            | '~'
            | '^'
            | '*'
            | '%'
            | '$'
            | '€'
            | '°'
            | 'º'
            | 'ª'
            | '@'
            | '#'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–')
}

/// Whether a full stop after `word` more likely ends an abbreviation before a name (`Sr.`,
/// `Ing.`, `Av.`, an initial) than a sentence. Erring this way only leaves the next
/// capitalised word unchecked; lowercase abbreviations (`pág.`, `etc.`) are rarely followed
/// by a capital that is not a new sentence.
fn looks_abbreviated(word: &str) -> bool {
    let n = word.chars().count();
    n == 1 || (n <= 4 && word.chars().next().is_some_and(char::is_uppercase))
}

fn chunk<'t>(text: &'t str, r: Range<usize>, st: &mut State, out: &mut Sink<'t, impl FnMut(Word)>) {
    let opts = out.opts;
    let s = &text[r.clone()];
    let bytes = s.as_bytes();
    // Peel punctuation off both ends; `@` and `#` belong to the word they start.
    let lead = if bytes[0].is_ascii_alphanumeric() {
        0
    } else {
        s.char_indices()
            .find(|&(_, c)| is_letter(c) || c.is_numeric() || c == '@' || c == '#')
            .map_or(s.len(), |(i, _)| i)
    };
    for c in s[..lead].chars() {
        st.punct(c);
    }
    if lead == s.len() {
        return;
    }
    let tail = if bytes[s.len() - 1].is_ascii_alphanumeric() {
        s.len()
    } else {
        s.char_indices()
            .rev()
            .find(|&(_, c)| is_letter(c) || c.is_numeric())
            .map_or(lead, |(i, c)| i + c.len_utf8())
            .max(lead + 1)
    };
    let core = r.start + lead..r.start + tail;
    let core_text = &text[core.clone()];
    let sentence_start = std::mem::replace(&mut st.sentence_start, false);

    let first = core_text.chars().next().unwrap_or(' ');
    let sh = shape(core_text);
    out.total += sh.words;
    let simple = sh.letters_only;
    let skip = st.quoted()
        || (first == '#' && opts.hashtags == Hashtags::Skip)
        || first == '@'
        || (first != '#' && sh.code);
    let dot = text[r.start + tail..r.end].starts_with('.');
    let mut last_word = core.clone();
    if !skip {
        if first == '#' {
            hashtag(text, core.start + 1..core.end, out);
        } else if simple {
            consider(text, core.clone(), None, sentence_start, dot, out);
        } else {
            let whole = sh.hyphen.then(|| core.clone());
            let mut first_word = true;
            for (i, w) in core_text.split_word_bound_indices() {
                if !w.chars().next().is_some_and(is_letter) {
                    continue;
                }
                let span = core.start + i..core.start + i + w.len();
                last_word = span.clone();
                let dot = dot && span.end == core.end;
                consider(
                    text,
                    span,
                    whole.clone(),
                    sentence_start && first_word,
                    dot,
                    out,
                );
                first_word = false;
            }
        }
    }
    after_word(text, last_word, r.start + tail..r.end, st);
}

/// Effects of the punctuation at `trailing` that follows a chunk whose last word is at
/// `last`.
fn after_word(text: &str, last: Range<usize>, trailing: Range<usize>, st: &mut State) {
    let trailing = &text[trailing];
    if trailing.starts_with('.') {
        let last_word = &text[last];
        if last_word.contains('.') || looks_abbreviated(last_word) {
            // `Sr. Quispe`: the stop is the abbreviation's, not the sentence's.
            for c in trailing.chars().skip(1) {
                st.punct(c);
            }
            return;
        }
    }
    for c in trailing.chars() {
        st.punct(c);
    }
}

/// Decides whether the word at `span` is looked up.
fn consider<'t>(
    text: &'t str,
    span: Range<usize>,
    whole: Option<Range<usize>>,
    sentence_start: bool,
    dot: bool,
    out: &mut Sink<'t, impl FnMut(Word)>,
) {
    let mut letters = 0;
    let mut upper = 0;
    for c in text[span.clone()].chars() {
        if c.is_ascii() {
            letters += usize::from(c.is_ascii_alphabetic());
            upper += usize::from(c.is_ascii_uppercase());
        } else {
            letters += usize::from(is_letter(c));
            upper += usize::from(c.is_uppercase());
        }
    }
    decide(text, span, letters, upper, whole, sentence_start, dot, out);
}

/// [`consider`] once the word's letters and capitals are counted.
#[allow(clippy::too_many_arguments)]
fn decide<'t>(
    text: &'t str,
    span: Range<usize>,
    letters: usize,
    upper: usize,
    whole: Option<Range<usize>>,
    sentence_start: bool,
    dot: bool,
    out: &mut Sink<'t, impl FnMut(Word)>,
) {
    let word = &text[span.clone()];
    if letters < 2 || upper == letters {
        return; // a letter, an initial or an acronym
    }
    let mut capitalised_start = false;
    if upper > 0 {
        let title = upper == 1 && word.chars().next().is_some_and(char::is_uppercase);
        let check = (title && sentence_start) || out.opts.proper_nouns == ProperNouns::Check;
        if !check {
            if title {
                out.mid_sentence.insert(word);
            }
            return;
        }
        capitalised_start = title && sentence_start;
    }
    out.emit(
        Word {
            span,
            whole,
            dot,
            sentence_start,
            hashtag: false,
        },
        capitalised_start,
    );
}

/// The parts of a hashtag's text (`span`, without `#`) split at capitals.
fn hashtag(text: &str, span: Range<usize>, out: &mut Sink<'_, impl FnMut(Word)>) {
    let tag = &text[span.clone()];
    if !tag.chars().all(is_letter)
        || !tag.chars().any(char::is_uppercase)
        || !tag.chars().any(char::is_lowercase)
    {
        return;
    }
    let mut starts = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = tag.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let boundary = match prev {
            None => true,
            // `yoMe`: lower → upper.
            Some(p) if p.is_lowercase() && c.is_uppercase() => true,
            // `ONGSalud`: the last capital of a run that a lowercase letter follows.
            Some(p) if p.is_uppercase() && c.is_uppercase() => next.is_some_and(char::is_lowercase),
            _ => false,
        };
        if boundary {
            starts.push(i);
        }
        prev = Some(c);
    }
    starts.push(tag.len());
    for w in starts.windows(2) {
        let part = span.start + w[0]..span.start + w[1];
        let word = &text[part.clone()];
        let letters = word.chars().count();
        if letters < 2 || word.chars().all(char::is_uppercase) {
            continue;
        }
        out.emit(
            Word {
                span: part,
                whole: Some(span.clone()),
                dot: false,
                sentence_start: true,
                hashtag: true,
            },
            true,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked_with(text: &str, opts: Options) -> Vec<&str> {
        words(text, 0..text.len(), opts)
            .check
            .into_iter()
            .map(|w| &text[w.span])
            .collect()
    }

    fn checked(text: &str) -> Vec<&str> {
        checked_with(text, Options::default())
    }

    #[test]
    fn issue_13_vertical_tab_separates_words() {
        assert_eq!(
            checked("Hola\u{b}mundo\u{b}\u{b}hoy"),
            ["Hola", "mundo", "hoy"]
        );
        assert_eq!(checked("\u{b}"), Vec::<&str>::new());
        assert_eq!(checked("\u{c}texto\u{b}"), ["texto"]);
    }

    #[test]
    fn plain_words_are_checked() {
        assert_eq!(
            checked("la evaluación del estudio avanza"),
            ["la", "evaluación", "del", "estudio", "avanza"]
        );
        let w = words("una palabra", 0..11, Options::default());
        assert_eq!(w.total, 2);
    }

    #[test]
    fn mentions_hashtags_numbers_and_codes_are_skipped() {
        assert_eq!(
            checked("hola @SenacePeru y #CertificacionAmbiental #senace"),
            ["hola"]
        );
        assert_eq!(
            checked("según la R.D. N° 123-2024-SENACE-PE/DEIN del año"),
            ["según", "la", "del", "año"]
        );
        assert_eq!(checked("oferta 2x1 a S/ 99.90 hoy"), ["oferta", "hoy"]);
        assert_eq!(checked("el Nº 5 y el 1.º lugar"), ["el", "el", "lugar"]);
        assert_eq!(checked("el EIA-d y el SEIA, ok"), ["el", "el", "ok"]);
        assert_eq!(checked("los/as niñ@s todos"), ["todos"]);
    }

    #[test]
    fn hashtags_can_be_split_at_capitals() {
        let opts = Options {
            hashtags: Hashtags::Split,
            ..Options::default()
        };
        let text = "con #CertificacionAmbiental y #yoMeVacuno #ONGSalud #senace #Senace2025";
        assert_eq!(
            checked_with(text, opts),
            [
                "con",
                "Certificacion",
                "Ambiental",
                "yo",
                "Me",
                "Vacuno",
                "Salud"
            ]
        );
        let w = words(text, 0..text.len(), opts);
        let part = &w.check[1];
        assert_eq!(&text[part.whole.clone().unwrap()], "CertificacionAmbiental");
    }

    #[test]
    fn quoted_words_are_skipped() {
        assert_eq!(
            checked(
                "el taller «Fortalesimiento de kapasidades» y \"otrx cosa\" en “sitio web” de `codigo` fin"
            ),
            ["el", "taller", "en", "de", "fin"]
        );
        // An unclosed quote ends with its paragraph.
        assert_eq!(checked("dijo «algo\n\ndespués"), ["dijo", "después"]);
    }

    #[test]
    fn capitals_mid_sentence_are_proper_nouns() {
        assert_eq!(
            checked("Evaluamos el proyecto en Chumbivilcas con WhatsApp. Luego, el equipo"),
            [
                "Evaluamos",
                "el",
                "proyecto",
                "en",
                "con",
                "Luego",
                "el",
                "equipo"
            ]
        );
        let all = Options {
            proper_nouns: ProperNouns::Check,
            ..Options::default()
        };
        assert_eq!(
            checked_with("en Chumbivilcas con WhatsApp", all),
            ["en", "Chumbivilcas", "con", "WhatsApp"]
        );
    }

    #[test]
    fn sentence_and_line_starts_are_checked() {
        let text = "¡Hola! ¿Sabía que… Ambietal es? Participa:\nTaller hoy\n\n«Evaluacíon»";
        assert_eq!(
            checked(text),
            [
                "Hola",
                "Sabía",
                "que",
                "Ambietal",
                "es",
                "Participa",
                "Taller",
                "hoy"
            ]
        );
        let w = words(text, 0..text.len(), Options::default());
        let starts: Vec<_> = w
            .check
            .iter()
            .filter(|w| w.sentence_start)
            .map(|w| &text[w.span.clone()])
            .collect();
        assert_eq!(starts, ["Hola", "Sabía", "Ambietal", "Participa", "Taller"]);
    }

    #[test]
    fn a_proper_noun_at_a_sentence_start_is_known_from_elsewhere() {
        assert_eq!(
            checked("Cusipata recibe el taller. El equipo viajó a Cusipata."),
            ["recibe", "el", "taller", "El", "equipo", "viajó"]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "lo atendió el Ing. Quispe y la Av. Grau, etc.";
        assert_eq!(checked(text), ["lo", "atendió", "el", "la", "etc"]);
        let w = words(text, 0..text.len(), Options::default());
        assert!(w.check.last().unwrap().dot);
        // A lowercase word before a stop does end the sentence.
        assert_eq!(
            checked("fin del taller. Mañana"),
            ["fin", "del", "taller", "Mañana"]
        );
        assert_eq!(
            checked("desde hoy. Descárgalo"),
            ["desde", "hoy", "Descárgalo"]
        );
    }

    #[test]
    fn hyphenated_words_are_checked_in_parts_with_the_whole() {
        let text = "zona político-administrativa";
        let w = words(text, 0..text.len(), Options::default());
        let parts: Vec<_> = w.check.iter().map(|w| &text[w.span.clone()]).collect();
        assert_eq!(parts, ["zona", "político", "administrativa"]);
        assert_eq!(
            &text[w.check[1].whole.clone().unwrap()],
            "político-administrativa"
        );
        assert_eq!(w.total, 3);
    }

    #[test]
    fn blanked_regions_separate_words_and_offsets_are_kept() {
        let text = "ver \u{1F}\u{1F}\u{1F} aquí";
        let w = words(text, 0..text.len(), Options::default());
        assert_eq!(w.check.len(), 2);
        assert_eq!(&text[w.check[1].span.clone()], "aquí");
        // A range that starts after front matter.
        let text = "xx\nhola mundo";
        let w = words(text, 3..text.len(), Options::default());
        assert_eq!(w.check[0].span, 3..7);
    }

    #[test]
    fn single_letters_and_acronyms_are_skipped() {
        assert_eq!(
            checked("a las 9 a. m. con el MINAM y OEFA y"),
            ["las", "con", "el"]
        );
    }
}
