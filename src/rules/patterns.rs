/*!
Token patterns: a sequence of tests over the tokens of one sentence, in the spirit of
LanguageTool's pattern rules, written on one line.

```text
[<votar:cmd> por] !@vote-neutral-objects      « vota por », « vótenlo por » … not « su foto »
@greeting-adjectives:m,pl @person-nouns:m,pl  « Estimados ciudadanos »
[<enviar> *3 @messaging-channels]             « envíenos el número por DM »
```

Elements are separated by spaces:

| element | matches |
|---|---|
| `palabra` | the word, case and accents ignored (`mas` matches «Más») |
| `=más` | the word with exactly these accents (case ignored) |
| `<votar>` | any form of the lemma: a verb's conjugation with enclitics, a noun's number; `<corrupto:adj>` an adjective's gender and number, `<ciudadano:person>` a person noun's |
| `<votar:cmd,1p>` | forms with these features (see [`crate::lang::lexeme::Features`]) |
| `@lexicon`, `@lexicon:m,pl` | any entry of a lexicon (one or several tokens) |
| `/regex/` | a token whose folded text the regex matches whole |
| `%cap` `%upper` `%lower` `%num` `%word` `%punct` `%symbol` `%name` `%hashtag` `%mention` | a class of token |
| `_` | any token |
| `%plain` | a word written without accents (`pagina`, not `página`) |
| `%verb`, `%verb:pres,1s` | a verb form of the verb table, with these features (see [`crate::lang::analyze`]) |
| `a&b`, `a&!b` | a token that passes both tests, or the first and not the second |
| `(a favor\|en contra)` | any of these sequences of words (each word a test, `x?` optional) |
| `a\|b\|<c>` | any of the alternatives |
| `!x` | a token that is not `x` |
| `x?` | `x` or nothing |
| `*N` | up to N tokens of any kind (N ≤ 20) |
| `^`, `$` | the start, the end of the sentence (also as an alternative: `^\|,`) |
| `[` … `]` | what the finding underlines (default: the whole match); attached or alone |

A backslash escapes `[ ] ? ! * | & \` in a literal (`\?`). In a conjunction (`&`), a lexicon
matches its one-word entries only. Matches never cross a sentence end.
*/

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use regex::Regex;

use crate::lang::lexeme::{self, Features, FormIndex, Hit, Pos};
use crate::text::fold;
use crate::text::tokens::{self, Kind as TokKind, Token};

/// Longest skip a pattern may write.
pub const MAX_SKIP: u8 = 20;

/// A parse error: its byte offset in the pattern and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub offset: usize,
    pub message: String,
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, PatternError> {
    Err(PatternError {
        offset,
        message: message.into(),
    })
}

/// A class of tokens (`%cap`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    Cap,
    Upper,
    Lower,
    Num,
    Word,
    Punct,
    Symbol,
    Name,
    Hashtag,
    Mention,
    /// Written without an acute accent or diaeresis.
    Plain,
    /// A verb form with these features.
    Verb(Features),
}

const CLASSES: &[(&str, Class)] = &[
    ("cap", Class::Cap),
    ("upper", Class::Upper),
    ("lower", Class::Lower),
    ("num", Class::Num),
    ("word", Class::Word),
    ("punct", Class::Punct),
    ("symbol", Class::Symbol),
    ("name", Class::Name),
    ("hashtag", Class::Hashtag),
    ("mention", Class::Mention),
    ("plain", Class::Plain),
];

/// One test of a conjunction (`a&b`) of an alternative.
#[derive(Debug, Clone)]
pub enum Atom {
    /// A folded word.
    Literal(String),
    /// A lowercase word compared with its accents.
    Exact(String),
    /// Forms of a lemma.
    Lemma {
        lemma: String,
        index: Arc<FormIndex>,
        features: Features,
    },
    /// Entries of a lexicon.
    Lexicon {
        lexicon: Arc<Lexicon>,
        features: Features,
    },
    Regex(Regex),
    Class(Class),
    Any,
    /// `^`, `$` in an alternation: the sentence's start or end (no token).
    Start,
    End,
    /// `!x` inside a conjunction: a token that is not `x`.
    Not(Box<Atom>),
    /// `(a b|c)`: any of these sequences.
    Group(Vec<Phrase>),
}

/// A test on the tokens at one position: alternatives, each a conjunction of atoms, maybe
/// negated.
#[derive(Debug, Clone)]
pub struct Test {
    pub alts: Vec<Vec<Atom>>,
    pub negated: bool,
}

#[derive(Debug, Clone)]
pub enum Elem {
    Test { test: Test, optional: bool },
    Skip(u8),
    Start,
    End,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    elems: Vec<Elem>,
    /// Elements `mark.0..mark.1` are underlined.
    mark: Option<(usize, usize)>,
    /// The element a match must contain whose forms the engine looks for, if any.
    anchor: Option<usize>,
}

/// A lexicon as patterns use it: its single-word entries as one form index, its phrases as
/// sequences of single-token tests.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub id: String,
    pub title: String,
    pub description: String,
    pub source: String,
    pub pos: Pos,
    /// Entries as written, for `vigia explain`.
    pub entries: Vec<String>,
    pub words: FormIndex,
    pub phrases: Vec<Phrase>,
    /// Where it was read from.
    pub path: String,
}

/// Lexicons by id.
pub type Lexicons = HashMap<String, Arc<Lexicon>>;

/// A sequence of single-token tests, each maybe optional: a lexicon's phrase entry or an
/// alternative of a `( … | … )` group.
pub type Phrase = Vec<(Test, bool)>;

/// The numbers of tokens `phrase` covers from `toks[i]`.
fn phrase_lengths(
    phrase: &[(Test, bool)],
    toks: &[Token],
    text: &str,
    i: usize,
    sentence: &Range<usize>,
    out: &mut Vec<usize>,
) {
    // Positions reached after each element, from `i` (a small set: phrases are short).
    let mut at = vec![i];
    for (test, optional) in phrase {
        let mut next = Vec::new();
        for &p in &at {
            let mut l = Vec::new();
            test.lengths(toks, text, p, sentence, &mut l);
            next.extend(l.into_iter().map(|n| p + n));
            if *optional {
                next.push(p);
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.is_empty() {
            return;
        }
        at = next;
    }
    out.extend(at.into_iter().rev().map(|p| p - i));
}

/// The folded words a phrase may start with, if all are known.
fn phrase_first_words(phrase: &[(Test, bool)]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for (test, optional) in phrase {
        out.extend(test.anchor_words()?);
        if !optional {
            return Some(out);
        }
    }
    None
}

impl Lexicon {
    /// The numbers of tokens an entry covers from `toks[i]`.
    fn lengths(
        &self,
        toks: &[Token],
        text: &str,
        i: usize,
        sentence: &Range<usize>,
        f: &Features,
        out: &mut Vec<usize>,
    ) {
        let end = sentence.end;
        let mut hits: Vec<Hit> = Vec::new();
        if toks[i].is_word() {
            self.words.lookup(&toks[i].folded, &mut hits);
            if hits.iter().any(|h| f.accepts(h)) {
                out.push(1);
            }
        }
        // Phrases are entries as written: features (which narrow a lemma's forms) leave
        // them out.
        if f.is_empty() {
            for phrase in &self.phrases {
                phrase_lengths(phrase, toks, text, i, sentence, out);
            }
        }
        let _ = end;
    }

    /// Every folded word an entry may start with, if all are known (for anchoring).
    fn first_words(&self) -> Option<Vec<String>> {
        let mut out: Vec<String> = self.words.forms().map(str::to_string).collect();
        for phrase in &self.phrases {
            out.extend(phrase_first_words(phrase)?);
        }
        Some(out)
    }
}

impl Test {
    /// The numbers of tokens this test covers from `toks[i]` in the sentence `sentence`
    /// (none: no match; zero: a sentence edge `^`, `$` in an alternation).
    fn lengths(
        &self,
        toks: &[Token],
        text: &str,
        i: usize,
        sentence: &Range<usize>,
        out: &mut Vec<usize>,
    ) {
        let end = sentence.end;
        let mut found = Vec::new();
        for alt in &self.alts {
            match alt.as_slice() {
                [Atom::Start] if i == sentence.start => found.push(0),
                [Atom::End] if i == end => found.push(0),
                _ if i >= end => {}
                [Atom::Lexicon { lexicon, features }] => {
                    lexicon.lengths(toks, text, i, sentence, features, &mut found);
                }
                [Atom::Group(phrases)] => {
                    for p in phrases {
                        phrase_lengths(p, toks, text, i, sentence, &mut found);
                    }
                }
                atoms => {
                    if atoms
                        .iter()
                        .all(|a| atom_matches(a, &toks[i], text, toks, i))
                    {
                        found.push(1);
                    }
                }
            }
        }
        if self.negated {
            if found.is_empty() && i < end && toks[i].kind != TokKind::Gap {
                out.push(1);
            }
            return;
        }
        found.sort_unstable_by(|a, b| b.cmp(a));
        found.dedup();
        out.extend(found);
    }

    /// Whether the test may be an anchor: not negated, and every alternative a finite set
    /// of folded words.
    fn anchor_words(&self) -> Option<Vec<String>> {
        if self.negated {
            return None;
        }
        let mut out = Vec::new();
        for alt in &self.alts {
            // A conjunction is anchored by its first atom with known words.
            let words = alt.iter().find_map(|atom| match atom {
                Atom::Literal(w) => Some(Some(vec![w.clone()])),
                Atom::Exact(w) => Some(Some(vec![fold(w)])),
                Atom::Lemma { index, .. } => {
                    Some(Some(index.forms().map(str::to_string).collect()))
                }
                Atom::Lexicon { lexicon, .. } => Some(if alt.len() == 1 {
                    lexicon.first_words()
                } else {
                    Some(lexicon.words.forms().map(str::to_string).collect())
                }),
                Atom::Group(phrases) => Some(
                    phrases
                        .iter()
                        .map(|p| phrase_first_words(p))
                        .collect::<Option<Vec<_>>>()
                        .map(|v| v.concat()),
                ),
                _ => None,
            });
            out.extend(words.flatten()?);
        }
        Some(out)
    }

    /// Whether a folded word may be this test (anchors are checked with it before a
    /// sentence is tokenised).
    pub fn may_be(&self, word: &str) -> bool {
        self.alts.iter().any(|alt| {
            alt.iter().all(|atom| match atom {
                Atom::Literal(w) => w == word,
                Atom::Exact(w) => fold(w) == word,
                Atom::Lemma {
                    index, features, ..
                } => index.matches(word, features),
                Atom::Lexicon { lexicon, features } => {
                    lexicon.words.matches(word, features)
                        || (alt.len() == 1
                            && features.is_empty()
                            && lexicon.phrases.iter().any(|p| phrase_may_start(p, word)))
                }
                Atom::Group(phrases) => phrases.iter().any(|p| phrase_may_start(p, word)),
                _ => true,
            })
        })
    }
}

/// Whether a phrase may start with the folded word `word` (an optional first test lets the
/// next one start it too).
fn phrase_may_start(phrase: &[(Test, bool)], word: &str) -> bool {
    for (test, optional) in phrase {
        if test.may_be(word) {
            return true;
        }
        if !optional {
            return false;
        }
    }
    false
}

fn atom_matches(atom: &Atom, t: &Token, text: &str, toks: &[Token], i: usize) -> bool {
    match atom {
        Atom::Literal(w) => t.kind != TokKind::Gap && t.folded == *w,
        Atom::Exact(w) => t.is_word() && written_lower(text, t) == *w,
        Atom::Lemma {
            index, features, ..
        } => t.is_word() && index.matches(&t.folded, features),
        // A lexicon in a conjunction: its one-word entries.
        Atom::Lexicon { lexicon, features } => {
            t.is_word() && lexicon.words.matches(&t.folded, features)
        }
        Atom::Regex(re) => t.kind != TokKind::Gap && re.is_match(&t.folded),
        Atom::Class(c) => class_matches(c, t, text, toks, i),
        Atom::Any => t.kind != TokKind::Gap,
        Atom::Start | Atom::End => false,
        Atom::Not(a) => t.kind != TokKind::Gap && !atom_matches(a, t, text, toks, i),
        // A group in a conjunction: its one-token sequences.
        Atom::Group(phrases) => phrases.iter().any(|p| {
            p.len() == 1 && {
                let mut l = Vec::new();
                p[0].0.lengths(toks, text, i, &(i..i + 1), &mut l);
                l.contains(&1)
            }
        }),
    }
}

/// A token as written, lowercase and composed (NFC).
fn written_lower(text: &str, t: &Token) -> String {
    use unicode_normalization::UnicodeNormalization;
    text[t.span.clone()]
        .nfc()
        .collect::<String>()
        .to_lowercase()
}

fn class_matches(c: &Class, t: &Token, text: &str, toks: &[Token], i: usize) -> bool {
    let word = t.kind == TokKind::Word && !t.has(tokens::MENTION);
    let _ = (toks, i);
    match c {
        Class::Cap => word && t.has(tokens::CAP),
        Class::Upper => word && t.has(tokens::UPPER),
        Class::Lower => word && !t.has(tokens::CAP),
        Class::Num => t.kind == TokKind::Number,
        Class::Word => t.is_word(),
        Class::Punct => t.kind == TokKind::Punct,
        Class::Symbol => t.kind == TokKind::Symbol,
        Class::Name => {
            word && t.has(tokens::CAP) && !t.has(tokens::SENTENCE_START) && !t.has(tokens::HASHTAG)
        }
        Class::Hashtag => t.has(tokens::HASHTAG),
        Class::Mention => t.has(tokens::MENTION),
        Class::Plain => {
            word && !text[t.span.clone()].chars().any(|c| {
                crate::lang::stress::is_accented(c)
                    || matches!(c, 'ü' | 'Ü' | '\u{301}' | '\u{308}')
            })
        }
        Class::Verb(f) => {
            word && crate::lang::analyze::readings(&written_lower(text, t))
                .iter()
                .any(|r| {
                    f.accepts(&Hit {
                        entry: 0,
                        tag: lexeme::Tag::Verb(r.cell),
                        clitics: r.clitics,
                    })
                })
        }
    }
}

// ---------------------------------------------------------------------------- parsing

/// Parses a pattern. `lexicons` resolves `@id`; `phrase` parses a lexicon entry (no
/// lexicons, skips, anchors or marks).
pub fn parse(src: &str, lexicons: &Lexicons) -> Result<Pattern, PatternError> {
    let mut elems = Vec::new();
    let mut mark_start = None;
    let mut mark_end = None;
    for (offset, chunk) in chunks(src) {
        let mut body = chunk;
        let mut off = offset;
        while let Some(rest) = body.strip_prefix('[') {
            if mark_start.is_some() {
                return err(off, "el patrón abre «[» dos veces");
            }
            mark_start = Some(elems.len());
            body = rest;
            off += 1;
        }
        let mut closes = 0;
        while body.ends_with(']') && !body.ends_with("\\]") && !is_regex_end(body) {
            body = &body[..body.len() - 1];
            closes += 1;
        }
        if !body.is_empty() {
            elems.push(parse_elem(body, off, lexicons)?);
        }
        for _ in 0..closes {
            if mark_start.is_none() || mark_end.is_some() {
                return err(off + body.len(), "«]» sin «[»");
            }
            mark_end = Some(elems.len());
        }
    }
    if mark_start.is_some() != mark_end.is_some() {
        return err(src.len(), "falta «]»");
    }
    let mark = mark_start.zip(mark_end);
    if mark.is_some_and(|(s, e)| s >= e) {
        return err(0, "«[ ]» no marca ningún elemento");
    }
    if !elems.iter().any(|e| {
        matches!(
            e,
            Elem::Test {
                optional: false,
                ..
            }
        )
    }) {
        return err(0, "el patrón necesita al menos una prueba obligatoria");
    }
    let anchor = choose_anchor(&elems);
    Ok(Pattern {
        source: src.to_string(),
        elems,
        mark,
        anchor,
    })
}

/// A regex chunk `/…/` (maybe `/…/?`) whose last `]` belongs to it.
fn is_regex_end(body: &str) -> bool {
    body.starts_with('/') && (body.ends_with("]/") || body.ends_with("]/?"))
}

/// Whitespace-separated chunks with their byte offsets; a `( … )` group (which may hold
/// spaces) is one chunk with what is glued to it (`[(a b|c)]?`).
fn chunks(src: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut depth = 0usize;
        let mut escaped = false;
        while i < bytes.len() {
            let b = bytes[i];
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'(' {
                depth += 1;
            } else if b == b')' {
                depth = depth.saturating_sub(1);
            } else if b.is_ascii_whitespace() && depth == 0 {
                break;
            }
            i += 1;
        }
        out.push((start, &src[start..i]));
    }
    out
}

fn parse_elem(body: &str, off: usize, lexicons: &Lexicons) -> Result<Elem, PatternError> {
    match body {
        "^" => return Ok(Elem::Start),
        "$" => return Ok(Elem::End),
        _ => {}
    }
    if let Some(n) = body.strip_prefix('*') {
        let n: u8 = n
            .parse()
            .ok()
            .filter(|n| *n >= 1 && *n <= MAX_SKIP)
            .ok_or_else(|| PatternError {
                offset: off,
                message: format!("salto no válido «{body}»: escriba *N, con N de 1 a {MAX_SKIP}"),
            })?;
        return Ok(Elem::Skip(n));
    }
    let (body, optional) = match body.strip_suffix('?') {
        Some(b) if !b.ends_with('\\') && !b.is_empty() => (b, true),
        _ => (body, false),
    };
    let test = parse_test(body, off, Some(lexicons))?;
    Ok(Elem::Test { test, optional })
}

/// Parses one token test (`!a|<b>|@c`). Without `lexicons`, `@` is refused (lexicon
/// phrases cannot nest lexicons).
pub fn parse_test(
    body: &str,
    off: usize,
    lexicons: Option<&Lexicons>,
) -> Result<Test, PatternError> {
    let (body, negated, off) = match body.strip_prefix('!') {
        Some(b) if !b.is_empty() => (b, true, off + 1),
        _ => (body, false, off),
    };
    let mut alts = Vec::new();
    for (at, alt) in split_alts(body, '|') {
        let mut atoms = Vec::new();
        for (at2, atom) in split_alts(alt, '&') {
            let at = off + at + at2;
            atoms.push(match atom.strip_prefix('!') {
                // `a&!b`: the negation of one atom of a conjunction
                Some(rest) if !rest.is_empty() => {
                    Atom::Not(Box::new(parse_alt(rest, at + 1, lexicons)?))
                }
                _ => parse_alt(atom, at, lexicons)?,
            });
        }
        if atoms.is_empty() {
            return err(off + at, "prueba vacía");
        }
        alts.push(atoms);
    }
    if alts.is_empty() {
        return err(off, "prueba vacía");
    }
    Ok(Test { alts, negated })
}

/// Splits at `sep` (`|`, `&`) outside `<…>` and `/…/`, honouring escapes.
fn split_alts(body: &str, sep: char) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut depth_angle = false;
    let mut in_regex = false;
    let mut start = 0;
    let mut escaped = false;
    let mut depth_paren = 0usize;
    let mut prev: Option<char> = None;
    for (i, c) in body.char_indices() {
        if escaped {
            escaped = false;
            prev = Some(c);
            continue;
        }
        // A regex opens where an atom starts: at the start, or after `|`, `&` or `!`.
        let atom_start = i == start || matches!(prev, Some('|' | '&' | '!'));
        prev = Some(c);
        match c {
            '\\' => escaped = true,
            '<' if !in_regex => depth_angle = true,
            '>' if !in_regex => depth_angle = false,
            '(' if !in_regex && !depth_angle => depth_paren += 1,
            ')' if !in_regex && !depth_angle => depth_paren = depth_paren.saturating_sub(1),
            '/' if !depth_angle && depth_paren == 0 && (atom_start || in_regex) => {
                in_regex = !in_regex
            }
            c if c == sep && !depth_angle && !in_regex && depth_paren == 0 => {
                out.push((start, &body[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push((start, &body[start..]));
    out.retain(|(_, s)| !s.is_empty());
    out
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn parse_alt(alt: &str, off: usize, lexicons: Option<&Lexicons>) -> Result<Atom, PatternError> {
    match alt {
        "_" => return Ok(Atom::Any),
        "^" => return Ok(Atom::Start),
        "$" => return Ok(Atom::End),
        _ => {}
    }
    if let Some(inner) = alt.strip_prefix('(').and_then(|a| a.strip_suffix(')')) {
        let mut phrases = Vec::new();
        for (at, seq) in split_alts(inner, '|') {
            let phrase = parse_sequence(seq, off + 1 + at, lexicons)?;
            if phrase.is_empty() {
                return err(off, "alternativa vacía en «( )»");
            }
            phrases.push(phrase);
        }
        if phrases.is_empty() {
            return err(off, "grupo «( )» vacío");
        }
        return Ok(Atom::Group(phrases));
    }
    if let Some(rest) = alt.strip_prefix("%verb") {
        let feats = match rest.strip_prefix(':') {
            Some(f) => f,
            None if rest.is_empty() => "",
            None => return err(off, format!("clase desconocida «{alt}»")),
        };
        let f = Features::parse(feats).map_err(|m| PatternError {
            offset: off,
            message: m,
        })?;
        return Ok(Atom::Class(Class::Verb(f)));
    }
    if let Some(name) = alt.strip_prefix('%') {
        return CLASSES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| Atom::Class(c.clone()))
            .ok_or_else(|| PatternError {
                offset: off,
                message: format!(
                    "clase desconocida «%{name}» (clases: {})",
                    CLASSES
                        .iter()
                        .map(|(n, _)| format!("%{n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
    }
    if let Some(rest) = alt.strip_prefix('/') {
        let Some(re) = rest.strip_suffix('/') else {
            return err(off, "falta la «/» que cierra el regex");
        };
        return Regex::new(&format!("^(?:{re})$"))
            .map(Atom::Regex)
            .map_err(|e| PatternError {
                offset: off,
                message: format!(
                    "regex no válido: {}",
                    e.to_string().lines().last().unwrap_or_default()
                ),
            });
    }
    if let Some(rest) = alt.strip_prefix('<') {
        let Some(inner) = rest.strip_suffix('>') else {
            return err(off, "falta «>»");
        };
        let (lemma, feats) = inner.split_once(':').unwrap_or((inner, ""));
        let lemma = lemma.trim();
        if lemma.is_empty() {
            return err(off, "lema vacío");
        }
        let mut pos = None;
        let mut rest_feats = Vec::new();
        for f in feats.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            match Pos::parse(f) {
                Some(p) => pos = Some(p),
                None => rest_feats.push(f),
            }
        }
        let features = Features::parse(&rest_feats.join(",")).map_err(|m| PatternError {
            offset: off,
            message: m,
        })?;
        let pos = pos.unwrap_or_else(|| Pos::infer(lemma));
        let forms = lexeme::expand(lemma, pos, None).map_err(|m| PatternError {
            offset: off,
            message: m,
        })?;
        let mut index = FormIndex::default();
        index.add(0, &forms);
        return Ok(Atom::Lemma {
            lemma: lemma.to_string(),
            index: Arc::new(index),
            features,
        });
    }
    if let Some(rest) = alt.strip_prefix('@')
        && !rest.is_empty()
        && !rest.starts_with('\\')
    {
        let Some(lexicons) = lexicons else {
            return err(off, "una entrada de léxico no puede citar otro léxico");
        };
        let (id, feats) = rest.split_once(':').unwrap_or((rest, ""));
        let lexicon = lexicons.get(id).cloned().ok_or_else(|| {
            let hint = crate::rules::did_you_mean(id, lexicons.keys().map(String::as_str))
                .map(|m| format!("; ¿quiso decir «@{m}»?"))
                .unwrap_or_default();
            PatternError {
                offset: off,
                message: format!("léxico desconocido «@{id}»{hint}"),
            }
        })?;
        let features = Features::parse(feats).map_err(|m| PatternError {
            offset: off,
            message: m,
        })?;
        return Ok(Atom::Lexicon { lexicon, features });
    }
    if let Some(rest) = alt.strip_prefix('=') {
        use unicode_normalization::UnicodeNormalization;
        return Ok(Atom::Exact(
            unescape(rest).nfc().collect::<String>().to_lowercase(),
        ));
    }
    let word = unescape(alt);
    let folded = fold(&word);
    if folded.trim().is_empty() {
        return err(off, format!("palabra vacía «{alt}»"));
    }
    Ok(Atom::Literal(folded))
}

/// The element whose words the engine looks for: a required test with finite words, the
/// rarest by a rough cost (very common words cost much).
fn choose_anchor(elems: &[Elem]) -> Option<usize> {
    elems
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Elem::Test {
                test,
                optional: false,
            } => test.anchor_words().map(|w| (i, cost(&w))),
            _ => None,
        })
        .min_by_key(|(_, c)| *c)
        .map(|(i, _)| i)
}

/// Frequent Spanish words: an anchor made of them finds a sentence in nearly every post.
const COMMON: &[&str] = &[
    "de", "la", "que", "el", "en", "y", "a", "los", "se", "del", "las", "un", "por", "con", "no",
    "una", "su", "para", "es", "al", "lo", "como", "mas", "o", "pero", "sus", "le", "ha", "me",
    "si", "sin", "sobre", "este", "ya", "entre", "cuando", "todo", "esta", "ser", "son", "dos",
    "tambien", "fue", "habia", "era", "muy", "hasta", "desde", "mucho", "hacia", "mi", "tu", "te",
    "nos", "les", "e", "u", "ni", "hoy", "aqui", "todos", "todas", "nuestro", "nuestra", "usted",
    "ustedes", "este", "estos", "estas",
];

fn cost(words: &[String]) -> usize {
    words
        .iter()
        .map(|w| {
            if COMMON.contains(&w.as_str()) {
                10_000
            } else {
                1
            }
        })
        .sum::<usize>()
        .max(1)
}

// ---------------------------------------------------------------------------- matching

/// A match: the tokens matched and the tokens underlined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub tokens: Range<usize>,
    pub marked: Range<usize>,
}

impl Pattern {
    /// The folded words a match must contain one of (at a word start), if the pattern has
    /// an anchor.
    pub fn anchor_words(&self) -> Option<Vec<String>> {
        let Elem::Test { test, .. } = &self.elems[self.anchor?] else {
            return None;
        };
        test.anchor_words()
    }

    /// Whether the folded word at an anchor hit may be this pattern's anchor.
    pub fn anchor_may_be(&self, word: &str) -> bool {
        match self.anchor.map(|a| &self.elems[a]) {
            Some(Elem::Test { test, .. }) => test.may_be(word),
            _ => true,
        }
    }

    /// Every match inside `toks[sentence]` (one sentence), leftmost first, not overlapping.
    pub fn find(&self, toks: &[Token], text: &str, sentence: Range<usize>, out: &mut Vec<Match>) {
        // Every start is tried: a match the caller drops (an antipattern) must not hide a
        // shorter one inside it. The caller keeps the ones that do not overlap.
        for s in sentence.clone() {
            let mut marks = [usize::MAX; 2];
            if let Some(end) = self.match_at(toks, text, 0, s, &sentence, &mut marks)
                && end > s
            {
                let marked = match self.mark {
                    Some(_) if marks[0] < marks[1] && marks[1] != usize::MAX => marks[0]..marks[1],
                    _ => s..end,
                };
                out.push(Match {
                    tokens: s..end,
                    marked,
                });
            }
        }
    }

    fn match_at(
        &self,
        toks: &[Token],
        text: &str,
        ei: usize,
        ti: usize,
        sentence: &Range<usize>,
        marks: &mut [usize; 2],
    ) -> Option<usize> {
        if let Some((ms, me)) = self.mark {
            if ei == ms {
                marks[0] = ti;
            }
            if ei == me {
                marks[1] = ti;
            }
        }
        let Some(elem) = self.elems.get(ei) else {
            return Some(ti);
        };
        match elem {
            Elem::Start => (ti == sentence.start)
                .then(|| self.match_at(toks, text, ei + 1, ti, sentence, marks))
                .flatten(),
            Elem::End => (ti == sentence.end)
                .then(|| self.match_at(toks, text, ei + 1, ti, sentence, marks))
                .flatten(),
            Elem::Skip(n) => {
                for k in 0..=*n as usize {
                    if ti + k > sentence.end {
                        break;
                    }
                    if let Some(e) = self.match_at(toks, text, ei + 1, ti + k, sentence, marks) {
                        return Some(e);
                    }
                }
                None
            }
            Elem::Test { test, optional } => {
                let mut lengths = Vec::new();
                test.lengths(toks, text, ti, sentence, &mut lengths);
                for len in lengths {
                    if let Some(e) = self.match_at(toks, text, ei + 1, ti + len, sentence, marks) {
                        return Some(e);
                    }
                }
                if *optional {
                    return self.match_at(toks, text, ei + 1, ti, sentence, marks);
                }
                None
            }
        }
    }
}

/// The token ranges of each sentence of `toks`.
pub fn sentences(toks: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=toks.len() {
        if i == toks.len() || toks[i].sentence != toks[start].sentence {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// Parses a lexicon phrase entry into single-token tests, each maybe optional (`lo|la?`).
pub fn parse_phrase(src: &str) -> Result<Phrase, PatternError> {
    parse_sequence(src, 0, None)
}

/// A sequence of single-token tests, `x?` optional (a phrase, a group's alternative).
fn parse_sequence(
    src: &str,
    base: usize,
    lexicons: Option<&Lexicons>,
) -> Result<Phrase, PatternError> {
    chunks(src)
        .into_iter()
        .map(|(off, chunk)| {
            let (body, optional) = match chunk.strip_suffix('?') {
                Some(b) if !b.ends_with('\\') && !b.is_empty() => (b, true),
                _ => (chunk, false),
            };
            Ok((parse_test(body, base + off, lexicons)?, optional))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::lexeme::expand;

    fn lexicons() -> Lexicons {
        let mut words = FormIndex::default();
        for (i, l) in ["ciudadano", "vecino"].iter().enumerate() {
            words.add(i as u32, &expand(l, Pos::Person, None).unwrap());
        }
        let persons = Lexicon {
            id: "persons".into(),
            title: String::new(),
            description: String::new(),
            source: String::new(),
            pos: Pos::Person,
            entries: vec![],
            words,
            phrases: vec![parse_phrase("adulto|adultos mayor|mayores").unwrap()],
            path: String::new(),
        };
        let mut m = Lexicons::new();
        m.insert("persons".into(), Arc::new(persons));
        m
    }

    /// The underlined texts of every match of `pattern` in `text`.
    fn found(pattern: &str, text: &str) -> Vec<String> {
        let p = parse(pattern, &lexicons()).unwrap_or_else(|e| panic!("{e:?}"));
        let toks = tokens::tokenize(text, 0..text.len(), None);
        let mut out = Vec::new();
        for s in sentences(&toks) {
            let mut ms = Vec::new();
            p.find(&toks, text, s, &mut ms);
            for m in ms {
                let span = toks[m.marked.start].span.start..toks[m.marked.end - 1].span.end;
                out.push(text[span].to_string());
            }
        }
        out
    }

    #[test]
    fn lemmas_with_features_and_marks() {
        assert_eq!(
            found("[<votar:cmd> por]", "¡Vótenlo por el cambio!"),
            ["Vótenlo por"]
        );
        assert_eq!(
            found("[<votar:cmd> por]", "Votemos por Ana y votaron por Luis."),
            ["Votemos por"]
        );
        assert!(found("[<votar:cmd> por] !su|tu", "Vote por su foto favorita").is_empty());
        assert_eq!(
            found("[<votar:cmd> por] !su|tu", "Vote por Ana"),
            ["Vote por"]
        );
    }

    #[test]
    fn lexicons_of_words_and_phrases() {
        let p = "estimados|queridos @persons:m,pl";
        assert_eq!(
            found(p, "Estimados ciudadanos: hoy"),
            ["Estimados ciudadanos"]
        );
        assert!(found(p, "Estimadas ciudadanas").is_empty());
        assert_eq!(
            found("los @persons", "para los adultos mayores de Ica"),
            ["los adultos mayores"]
        );
    }

    #[test]
    fn skips_optionals_and_sentence_bounds() {
        let p = "[<enviar>] *3 whatsapp";
        assert_eq!(
            found(p, "Envíenos su número de DNI por WhatsApp"),
            Vec::<String>::new()
        );
        assert_eq!(found(p, "Envíenos su DNI por WhatsApp"), ["Envíenos"]);
        assert!(found(p, "Envíenos su DNI. WhatsApp no.").is_empty());
        assert_eq!(found("muy? importante", "es importante"), ["importante"]);
        assert_eq!(found("^ hola", "Hola. Y hola"), ["Hola"]);
        assert_eq!(found("hola $", "Hola. Y hola"), ["hola"]);
    }

    #[test]
    fn hashtags_read_as_words() {
        assert_eq!(
            found("peru primero", "Con todo #PerúPrimero"),
            ["PerúPrimero"]
        );
        assert_eq!(found("[%hashtag]", "#PerúPrimero"), ["Perú", "Primero"]);
    }

    #[test]
    fn exact_regex_and_classes() {
        assert_eq!(
            found("[=mas] %word", "Mas información y más datos"),
            ["Mas"]
        );
        assert_eq!(found("dni /\\d{8}/", "mi DNI 45678912"), ["DNI 45678912"]);
        assert_eq!(
            found("candidato [%name %name?]", "el candidato Juan Pérez"),
            ["Juan Pérez"]
        );
    }

    #[test]
    fn verbs_plain_words_and_conjunctions() {
        let p = "se [%verb:pres,1s&%plain]";
        assert_eq!(found(p, "El taller se realizo ayer."), ["realizo"]);
        assert!(found(p, "El taller se realizó ayer.").is_empty());
        assert!(found(p, "El taller se casa mañana.").is_empty());
        assert_eq!(
            found("la [pagina&%plain]", "Ver la pagina y la página"),
            ["pagina"]
        );
        assert_eq!(found("[%verb:pret]", "Ayer tuvimos taller"), ["tuvimos"]);
    }

    #[test]
    fn groups_optional_phrase_words_and_all_starts() {
        let p = "[<estar> (a favor|en contra) de] la|el";
        assert_eq!(
            found(p, "Estamos en contra de la vacancia"),
            ["Estamos en contra de"]
        );
        assert_eq!(found(p, "Están a favor de la medida"), ["Están a favor de"]);
        assert!(found(p, "Estamos en la sala de la comunidad").is_empty());
        // An optional word of a group's sequence.
        assert_eq!(
            found(
                "antes de que se (lo|la? notifique)",
                "antes de que se notifique"
            ),
            ["antes de que se notifique"]
        );
        // A sentence-start or comma alternative.
        assert_eq!(
            found(
                "^|, [sino] te",
                "Sino te inscribes, sino te llamamos. Y sino te"
            ),
            ["Sino", "sino"]
        );
        // A conjunction with a negated atom.
        assert_eq!(
            found("[%word&!%verb] ciudadanos", "Muchos ciudadanos"),
            ["Muchos"]
        );
        assert!(found("[%word&!%verb] ciudadanos", "Estimados ciudadanos").is_empty());
    }

    #[test]
    fn parse_errors_have_offsets() {
        let e = parse("vota [por", &lexicons()).unwrap_err();
        assert_eq!(e.offset, 9);
        let e = parse("vota @persona", &lexicons()).unwrap_err();
        assert_eq!(e.offset, 5);
        assert!(
            e.message.contains("¿quiso decir «@persons»?"),
            "{}",
            e.message
        );
        let e = parse("<votar:xyz>", &lexicons()).unwrap_err();
        assert!(e.message.contains("rasgo desconocido"));
        assert!(parse("*2", &lexicons()).is_err());
        assert!(parse("a *99 b", &lexicons()).is_err());
    }

    #[test]
    fn anchors_avoid_common_words() {
        let p = parse("[<votar:cmd> por]", &lexicons()).unwrap();
        let w = p.anchor_words().unwrap();
        assert!(w.contains(&"votemos".to_string()));
        assert!(!w.contains(&"por".to_string()));
        let p = parse("%cap %cap", &lexicons()).unwrap();
        assert!(p.anchor_words().is_none());
    }
}
