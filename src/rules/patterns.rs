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
| `a\|b\|<c>` | any of the alternatives |
| `!x` | a token that is not `x` |
| `x?` | `x` or nothing |
| `*N` | up to N tokens of any kind (N ≤ 20) |
| `^`, `$` | the start, the end of the sentence |
| `[` … `]` | what the finding underlines (default: the whole match); attached or alone |

A backslash escapes `[ ] ? ! * | \` in a literal (`\?`). Matches never cross a sentence end.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
];

/// One alternative of a token test.
#[derive(Debug, Clone)]
pub enum Alt {
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
}

/// A test on the tokens at one position: alternatives, maybe negated.
#[derive(Debug, Clone)]
pub struct Test {
    pub alts: Vec<Alt>,
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
    pub phrases: Vec<Vec<Test>>,
    /// Where it was read from.
    pub path: String,
}

/// Lexicons by id.
pub type Lexicons = HashMap<String, Arc<Lexicon>>;

impl Lexicon {
    /// The numbers of tokens an entry covers from `toks[i]`.
    fn lengths(
        &self,
        toks: &[Token],
        text: &str,
        i: usize,
        end: usize,
        f: &Features,
        out: &mut Vec<usize>,
    ) {
        let mut hits: Vec<Hit> = Vec::new();
        if toks[i].is_word() {
            self.words.lookup(&toks[i].folded, &mut hits);
            if hits.iter().any(|h| f.accepts(h)) {
                out.push(1);
            }
        }
        'phrase: for phrase in &self.phrases {
            if i + phrase.len() > end {
                continue;
            }
            for (k, t) in phrase.iter().enumerate() {
                let mut l = Vec::new();
                t.lengths(toks, text, i + k, end, &mut l);
                if !l.contains(&1) {
                    continue 'phrase;
                }
            }
            out.push(phrase.len());
        }
    }

    /// Every folded word an entry may start with, if all are known (for anchoring).
    fn first_words(&self) -> Option<Vec<String>> {
        let mut out: Vec<String> = self.words.forms().map(str::to_string).collect();
        for phrase in &self.phrases {
            out.extend(phrase.first()?.anchor_words()?);
        }
        Some(out)
    }
}

impl Test {
    /// The numbers of tokens this test covers from `toks[i]` (none: no match).
    fn lengths(&self, toks: &[Token], text: &str, i: usize, end: usize, out: &mut Vec<usize>) {
        if i >= end {
            return;
        }
        let t = &toks[i];
        let mut found = Vec::new();
        for alt in &self.alts {
            match alt {
                Alt::Lexicon { lexicon, features } => {
                    lexicon.lengths(toks, text, i, end, features, &mut found);
                }
                other => {
                    if alt_matches(other, t, text, toks, i) {
                        found.push(1);
                    }
                }
            }
        }
        if self.negated {
            if found.is_empty() && t.kind != TokKind::Gap {
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
            match alt {
                Alt::Literal(w) => out.push(w.clone()),
                Alt::Exact(w) => out.push(fold(w)),
                Alt::Lemma { index, .. } => out.extend(index.forms().map(str::to_string)),
                Alt::Lexicon { lexicon, .. } => out.extend(lexicon.first_words()?),
                _ => return None,
            }
        }
        Some(out)
    }

    /// Whether a folded word may be this test (anchors are checked with it before a
    /// sentence is tokenised).
    pub fn may_be(&self, word: &str) -> bool {
        self.alts.iter().any(|alt| match alt {
            Alt::Literal(w) => w == word,
            Alt::Exact(w) => fold(w) == word,
            Alt::Lemma {
                index, features, ..
            } => index.matches(word, features),
            Alt::Lexicon { lexicon, features } => {
                lexicon.words.matches(word, features)
                    || lexicon
                        .phrases
                        .iter()
                        .any(|p| p.first().is_some_and(|t| t.may_be(word)))
            }
            _ => true,
        })
    }
}

fn alt_matches(alt: &Alt, t: &Token, text: &str, toks: &[Token], i: usize) -> bool {
    match alt {
        Alt::Literal(w) => t.kind != TokKind::Gap && t.folded == *w,
        Alt::Exact(w) => {
            t.is_word() && {
                use unicode_normalization::UnicodeNormalization;
                let written: String = text[t.span.clone()]
                    .nfc()
                    .collect::<String>()
                    .to_lowercase();
                written == *w
            }
        }
        Alt::Lemma {
            index, features, ..
        } => t.is_word() && index.matches(&t.folded, features),
        Alt::Lexicon { .. } => false,
        Alt::Regex(re) => t.kind != TokKind::Gap && re.is_match(&t.folded),
        Alt::Class(c) => class_matches(*c, t, toks, i),
        Alt::Any => t.kind != TokKind::Gap,
    }
}

fn class_matches(c: Class, t: &Token, toks: &[Token], i: usize) -> bool {
    let word = t.kind == TokKind::Word && !t.has(tokens::MENTION);
    match c {
        Class::Cap => word && t.has(tokens::CAP),
        Class::Upper => word && t.has(tokens::UPPER),
        Class::Lower => word && !t.has(tokens::CAP),
        Class::Num => t.kind == TokKind::Number,
        Class::Word => t.is_word(),
        Class::Punct => t.kind == TokKind::Punct,
        Class::Symbol => t.kind == TokKind::Symbol,
        Class::Name => {
            let _ = (toks, i);
            word && t.has(tokens::CAP) && !t.has(tokens::SENTENCE_START) && !t.has(tokens::HASHTAG)
        }
        Class::Hashtag => t.has(tokens::HASHTAG),
        Class::Mention => t.has(tokens::MENTION),
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

/// Whitespace-separated chunks with their byte offsets.
fn chunks(src: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    src.split_whitespace().map(move |c| {
        let at = src[pos..].find(c).map_or(pos, |i| pos + i);
        pos = at + c.len();
        (at, c)
    })
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
    for (at, alt) in split_alts(body) {
        alts.push(parse_alt(alt, off + at, lexicons)?);
    }
    if alts.is_empty() {
        return err(off, "prueba vacía");
    }
    Ok(Test { alts, negated })
}

/// Splits at `|` outside `<…>` and `/…/`, honouring `\|`.
fn split_alts(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut depth_angle = false;
    let mut in_regex = false;
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '<' if !in_regex => depth_angle = true,
            '>' if !in_regex => depth_angle = false,
            '/' if !depth_angle && (i == start || in_regex) => in_regex = !in_regex,
            '|' if !depth_angle && !in_regex => {
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

fn parse_alt(alt: &str, off: usize, lexicons: Option<&Lexicons>) -> Result<Alt, PatternError> {
    if alt == "_" {
        return Ok(Alt::Any);
    }
    if let Some(name) = alt.strip_prefix('%') {
        return CLASSES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| Alt::Class(*c))
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
            .map(Alt::Regex)
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
        return Ok(Alt::Lemma {
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
        return Ok(Alt::Lexicon { lexicon, features });
    }
    if let Some(rest) = alt.strip_prefix('=') {
        use unicode_normalization::UnicodeNormalization;
        return Ok(Alt::Exact(
            unescape(rest).nfc().collect::<String>().to_lowercase(),
        ));
    }
    let word = unescape(alt);
    let folded = fold(&word);
    if folded.trim().is_empty() {
        return err(off, format!("palabra vacía «{alt}»"));
    }
    Ok(Alt::Literal(folded))
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
        let mut s = sentence.start;
        while s < sentence.end {
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
                s = end;
            } else {
                s += 1;
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
                test.lengths(toks, text, ti, sentence.end, &mut lengths);
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

/// Parses a lexicon phrase entry into single-token tests.
pub fn parse_phrase(src: &str) -> Result<Vec<Test>, PatternError> {
    chunks(src)
        .map(|(off, chunk)| parse_test(chunk, off, None))
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
