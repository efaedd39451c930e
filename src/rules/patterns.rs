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

A backslash escapes `[ ] ? ! * | & ( ) \` in a literal (`\?`, `\(`). In a conjunction (`&`), a lexicon
matches its one-word entries only. Matches never cross a sentence end.
*/

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::lang::lexeme::{self, Features, FormIndex, Hit, Pos};
use crate::rules::regexes::PackRegex;
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
    /// Compiled on first use (a pattern may never meet a token it must test).
    Regex(Arc<PackRegex>),
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
    /// A test of many plain words (`a|al|por|en|un|…`) looks a token up once in a set of
    /// those words instead of comparing it with each: the words, and the other alternatives.
    words: Option<(WordSet, Vec<usize>)>,
}

type WordSet = std::collections::HashSet<Box<str>, foldhash::fast::RandomState>;

/// From how many plain-word alternatives a test looks words up in a set.
const WORD_SET_MIN: usize = 4;

impl Test {
    fn new(alts: Vec<Vec<Atom>>, negated: bool) -> Test {
        fn literal(alt: &[Atom]) -> Option<&str> {
            match alt {
                [Atom::Literal(w)] => Some(w.as_str()),
                _ => None,
            }
        }
        let n = alts.iter().filter(|a| literal(a).is_some()).count();
        let words = (n >= WORD_SET_MIN).then(|| {
            let set = alts
                .iter()
                .filter_map(|a| literal(a))
                .map(Box::from)
                .collect();
            let rest = (0..alts.len())
                .filter(|&i| literal(&alts[i]).is_none())
                .collect();
            (set, rest)
        });
        Test {
            alts,
            negated,
            words,
        }
    }
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
    /// The most tokens the elements before the anchor can cover: a match starts at most
    /// this far before a token the anchor accepts.
    max_before: usize,
    /// Required elements whose words are known and not very common, the anchor first: a
    /// sentence must hold a word of each (see [`Pattern::requirements`]).
    required: Vec<usize>,
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
    /// The anchor cost of its one-word entries (see [`AnchorSource`]), once computed.
    pub cost: std::sync::OnceLock<usize>,
    /// Its phrases by the words they may start with, built on first use.
    pub phrase_index: std::sync::OnceLock<PhraseIndex>,
}

/// Phrases by the folded words they may start with; a phrase whose first words are not
/// all known is tried everywhere.
#[derive(Debug, Default, Clone)]
pub struct PhraseIndex {
    by_word: HashMap<Box<str>, Vec<u32>, foldhash::fast::RandomState>,
    anywhere: Vec<u32>,
}

impl PhraseIndex {
    fn new(phrases: &[Phrase]) -> PhraseIndex {
        let mut ix = PhraseIndex::default();
        for (pi, phrase) in phrases.iter().enumerate() {
            let pi = pi as u32;
            match phrase_first_sources(phrase) {
                Some(sources) => {
                    for s in sources {
                        s.for_each_word(&mut |w| {
                            let list = ix.by_word.entry(w.into()).or_default();
                            if list.last() != Some(&pi) {
                                list.push(pi);
                            }
                        });
                    }
                }
                None => ix.anywhere.push(pi),
            }
        }
        ix
    }

    /// Calls `f` with the index of each phrase that may start with the folded word `word`
    /// (as written, or a verb form without its enclitic pronouns); a phrase may come twice.
    fn candidates(&self, word: &str, f: &mut dyn FnMut(usize)) {
        self.anywhere.iter().for_each(|&pi| f(pi as usize));
        if let Some(list) = self.by_word.get(word) {
            list.iter().for_each(|&pi| f(pi as usize));
        }
        if word.len() > 3 {
            crate::lang::clitics::for_each_stem(word, &mut |stem, _| {
                if let Some(list) = self.by_word.get(stem) {
                    list.iter().for_each(|&pi| f(pi as usize));
                }
            });
        }
    }
}

/// Lexicons by id.
pub type Lexicons = HashMap<String, Arc<Lexicon>>;

/// A sequence of single-token tests, each maybe optional: a lexicon's phrase entry or an
/// alternative of a `( … | … )` group.
pub type Phrase = Vec<(Test, bool)>;

/// A small set of token counts (the lengths a test may cover at one position), kept
/// inline: matching tries millions of positions and most sets hold none or one.
#[derive(Debug, Clone, Default)]
pub struct Lens {
    n: usize,
    inline: [u16; 6],
    spill: Vec<u16>,
}

impl Lens {
    fn push(&mut self, len: usize) {
        let len = len as u16;
        if self.contains(len) {
            return;
        }
        if self.n < self.inline.len() {
            self.inline[self.n] = len;
            self.n += 1;
        } else {
            self.spill.push(len);
        }
    }

    fn contains(&self, len: u16) -> bool {
        self.inline[..self.n].contains(&len) || self.spill.contains(&len)
    }

    fn is_empty(&self) -> bool {
        self.n == 0
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.inline[..self.n]
            .iter()
            .chain(&self.spill)
            .map(|&l| l as usize)
    }

    /// The lengths, longest first (a match prefers the longest).
    fn longest_first(&self) -> Lens {
        let mut out = self.clone();
        out.inline[..out.n].sort_unstable_by(|a, b| b.cmp(a));
        if !out.spill.is_empty() {
            let mut all: Vec<u16> = out.iter().map(|l| l as u16).collect();
            all.sort_unstable_by(|a, b| b.cmp(a));
            let n = out.inline.len();
            out.inline.copy_from_slice(&all[..n]);
            out.spill = all[n..].to_vec();
        }
        out
    }
}

/// The numbers of tokens `phrase` covers from `toks[i]`.
fn phrase_lengths(
    phrase: &[(Test, bool)],
    toks: &[Token],
    text: &str,
    i: usize,
    sentence: &Range<usize>,
    out: &mut Lens,
) {
    // Positions reached after each element, from `i` (a small set: phrases are short).
    let mut at = Lens::default();
    at.push(i);
    for (test, optional) in phrase {
        let mut next = Lens::default();
        for p in at.iter() {
            let mut l = Lens::default();
            test.lengths(toks, text, p, sentence, &mut l);
            for n in l.iter() {
                next.push(p + n);
            }
            if *optional {
                next.push(p);
            }
        }
        if next.is_empty() {
            return;
        }
        at = next;
    }
    for p in at.iter() {
        out.push(p - i);
    }
}

/// Where the words a phrase may start with come from, if all are known.
fn phrase_first_sources(phrase: &[(Test, bool)]) -> Option<Vec<AnchorSource>> {
    let mut out = Vec::new();
    for (test, optional) in phrase {
        out.extend(test.anchor_sources()?);
        if !optional {
            return Some(out);
        }
    }
    None
}

/// Where the words an anchor may be come from: the engine indexes each source once,
/// however many patterns share it (see [`crate::rules::anchors`]).
#[derive(Debug, Clone)]
pub enum AnchorSource {
    /// A folded word.
    Word(String),
    /// A lexicon's one-word entries, and with `true` the first words of its phrases.
    Lexicon(Arc<Lexicon>, bool),
    /// A lemma's forms.
    Lemma(Arc<FormIndex>),
}

impl AnchorSource {
    /// Calls `f` with every folded word of the source.
    pub fn for_each_word(&self, f: &mut dyn FnMut(&str)) {
        match self {
            AnchorSource::Word(w) => f(w),
            AnchorSource::Lemma(ix) => ix.forms().for_each(f),
            AnchorSource::Lexicon(l, phrases) => {
                l.words.forms().for_each(&mut *f);
                if *phrases {
                    for p in &l.phrases {
                        for s in phrase_first_sources(p).into_iter().flatten() {
                            s.for_each_word(f);
                        }
                    }
                }
            }
        }
    }

    /// How often the source's words occur, roughly: a word costs 1, a very common one much
    /// more. A lexicon's cost is computed once.
    fn cost(&self) -> usize {
        match self {
            AnchorSource::Word(w) => word_cost(w),
            AnchorSource::Lemma(ix) => ix.forms().map(word_cost).sum(),
            AnchorSource::Lexicon(l, phrases) => {
                let words = *l.cost.get_or_init(|| l.words.forms().map(word_cost).sum());
                let firsts: usize = if *phrases {
                    l.phrases
                        .iter()
                        .flat_map(|p| phrase_first_sources(p).into_iter().flatten())
                        .map(|s| s.cost())
                        .sum()
                } else {
                    0
                };
                words + firsts
            }
        }
    }

    /// An identity for sharing: equal keys, same words.
    pub fn key(&self) -> (usize, &str) {
        match self {
            AnchorSource::Word(w) => (0, w),
            AnchorSource::Lexicon(l, phrases) => (Arc::as_ptr(l) as usize + *phrases as usize, ""),
            AnchorSource::Lemma(ix) => (Arc::as_ptr(ix) as usize, ""),
        }
    }
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
        out: &mut Lens,
    ) {
        if toks[i].is_word() && self.words.matches(&toks[i].folded, f) {
            out.push(1);
        }
        // Phrases are entries as written: features (which narrow a lemma's forms) leave
        // them out. Only the phrases that may start with this token are tried.
        if f.is_empty() && !self.phrases.is_empty() {
            let index = self
                .phrase_index
                .get_or_init(|| PhraseIndex::new(&self.phrases));
            index.candidates(&toks[i].folded, &mut |pi| {
                phrase_lengths(&self.phrases[pi], toks, text, i, sentence, out);
            });
        }
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
        out: &mut Lens,
    ) {
        let end = sentence.end;
        let mut found = Lens::default();
        let alts: &mut dyn Iterator<Item = &Vec<Atom>> = match &self.words {
            Some((set, rest)) => {
                if i < end && toks[i].kind != TokKind::Gap && set.contains(toks[i].folded.as_str())
                {
                    found.push(1);
                }
                &mut rest.iter().map(|&k| &self.alts[k])
            }
            None => &mut self.alts.iter(),
        };
        for alt in alts {
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
        for n in found.iter() {
            out.push(n);
        }
    }

    /// Whether the test may be an anchor: not negated, and every alternative a finite set
    /// of folded words. The sources of those words.
    fn anchor_sources(&self) -> Option<Vec<AnchorSource>> {
        if self.negated {
            return None;
        }
        let mut out = Vec::new();
        for alt in &self.alts {
            // A conjunction is anchored by its first atom with known words.
            let sources = alt.iter().find_map(|atom| match atom {
                Atom::Literal(w) => Some(Some(vec![AnchorSource::Word(w.clone())])),
                Atom::Exact(w) => Some(Some(vec![AnchorSource::Word(fold(w))])),
                Atom::Lemma { index, .. } => Some(Some(vec![AnchorSource::Lemma(index.clone())])),
                Atom::Lexicon { lexicon, .. } => {
                    let phrases = alt.len() == 1 && !lexicon.phrases.is_empty();
                    let known = !phrases
                        || lexicon
                            .phrases
                            .iter()
                            .all(|p| phrase_first_sources(p).is_some());
                    Some(known.then(|| vec![AnchorSource::Lexicon(lexicon.clone(), phrases)]))
                }
                Atom::Group(phrases) => Some(
                    phrases
                        .iter()
                        .map(|p| phrase_first_sources(p))
                        .collect::<Option<Vec<_>>>()
                        .map(|v| v.concat()),
                ),
                _ => None,
            });
            out.extend(sources.flatten()?);
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
        Atom::Regex(re) => {
            t.kind != TokKind::Gap && re.get().is_some_and(|re| re.is_match(&t.folded))
        }
        Atom::Class(c) => class_matches(c, t, text, toks, i),
        Atom::Any => t.kind != TokKind::Gap,
        Atom::Start | Atom::End => false,
        Atom::Not(a) => t.kind != TokKind::Gap && !atom_matches(a, t, text, toks, i),
        // A group in a conjunction: its one-token sequences.
        Atom::Group(phrases) => phrases.iter().any(|p| {
            p.len() == 1 && {
                let mut l = Lens::default();
                p[0].0.lengths(toks, text, i, &(i..i + 1), &mut l);
                l.contains(1)
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
            word && crate::lang::analyze::readings_of_written(&text[t.span.clone()])
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
    let max_before = anchor.map_or(0, |a| elems[..a].iter().map(max_len).sum());
    // Other required tests whose words are known and none very common: a sentence without
    // one of their words cannot match, whatever the anchor.
    let mut required: Vec<usize> = anchor.into_iter().collect();
    if anchor.is_some() {
        for (i, e) in elems.iter().enumerate() {
            if required.len() >= MAX_REQUIRED || Some(i) == anchor {
                continue;
            }
            if let Elem::Test {
                test,
                optional: false,
            } = e
                && let Some(sources) = test.anchor_sources()
                && sources.iter().map(AnchorSource::cost).sum::<usize>() < COMMON_COST
            {
                required.push(i);
            }
        }
    }
    Ok(Pattern {
        source: src.to_string(),
        elems,
        mark,
        anchor,
        max_before,
        required,
    })
}

/// Most tests of a pattern the engine checks a sentence for (the anchor included).
pub const MAX_REQUIRED: usize = 8;

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
    Ok(Test::new(alts, negated))
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

/// The forms of a lemma as an index, built once per process: packs cite the same lemmas
/// in many patterns.
fn lemma_index(lemma: &str, pos: Pos) -> Result<Arc<FormIndex>, String> {
    type Memo = std::sync::Mutex<HashMap<(String, Pos), Arc<FormIndex>>>;
    static MEMO: std::sync::OnceLock<Memo> = std::sync::OnceLock::new();
    let memo = MEMO.get_or_init(Default::default);
    let key = (lemma.to_string(), pos);
    if let Some(ix) = memo.lock().map_err(|e| e.to_string())?.get(&key) {
        return Ok(ix.clone());
    }
    let forms = lexeme::expand(lemma, pos, None)?;
    let mut index = FormIndex::default();
    index.add(0, &forms);
    let index = Arc::new(index);
    if let Ok(mut m) = memo.lock() {
        m.insert(key, index.clone());
    }
    Ok(index)
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
        return PackRegex::parse(&format!("^(?:{re})$"))
            .map(|r| Atom::Regex(Arc::new(r)))
            .map_err(|m| PatternError {
                offset: off,
                message: format!("regex no válido: {m}"),
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
        let index = lemma_index(lemma, pos).map_err(|m| PatternError {
            offset: off,
            message: m,
        })?;
        return Ok(Atom::Lemma {
            lemma: lemma.to_string(),
            index,
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
            } => test
                .anchor_sources()
                .map(|s| (i, s.iter().map(AnchorSource::cost).sum::<usize>().max(1))),
            _ => None,
        })
        .min_by_key(|(_, c)| *c)
        .map(|(i, _)| i)
}

/// The most tokens an element can cover.
fn max_len(e: &Elem) -> usize {
    match e {
        Elem::Skip(n) => *n as usize,
        Elem::Start | Elem::End => 0,
        Elem::Test { test, .. } => test
            .alts
            .iter()
            .map(|alt| match alt.as_slice() {
                [Atom::Lexicon { lexicon, .. }] => lexicon
                    .phrases
                    .iter()
                    .map(Vec::len)
                    .max()
                    .unwrap_or(0)
                    .max(1),
                [Atom::Group(phrases)] => phrases.iter().map(Vec::len).max().unwrap_or(0),
                _ => 1,
            })
            .max()
            .unwrap_or(1),
    }
}

/// Frequent Spanish words: an anchor made of them finds a sentence in nearly every post.
const COMMON: &[&str] = &[
    "de", "la", "que", "el", "en", "y", "a", "los", "se", "del", "las", "un", "por", "con", "no",
    "una", "su", "para", "es", "al", "lo", "como", "mas", "o", "pero", "sus", "le", "ha", "me",
    "si", "sin", "sobre", "este", "ya", "entre", "cuando", "todo", "esta", "ser", "son", "dos",
    "tambien", "fue", "habia", "era", "muy", "hasta", "desde", "mucho", "hacia", "mi", "tu", "te",
    "nos", "les", "e", "u", "ni", "hoy", "aqui", "todos", "todas", "nuestro", "nuestra", "usted",
    "ustedes", "este", "estos", "estas", "esa", "ese", "eso", "esto", "cada", "otro", "otra",
    "otros", "otras", "mismo", "misma", "tiene", "tienen", "hay", "puede", "pueden", "hace", "han",
    "he", "hemos", "son", "esta", "estan", "estamos", "va", "vamos", "solo", "asi", "donde",
    "quien", "cual", "porque", "pues", "bien", "mejor", "mayor", "parte", "dia", "vez", "año",
    "años", "tiempo", "gran", "nuevo", "nueva", "primer", "primera", "tres", ",", ".", ":", ";",
    "!", "?", "¿", "¡", "(", ")", "-", "\"",
];

/// The cost of a very common word.
const COMMON_COST: usize = 10_000;

fn word_cost(word: &str) -> usize {
    if COMMON.contains(&word) {
        COMMON_COST
    } else {
        1
    }
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
    pub fn anchor_sources(&self) -> Option<Vec<AnchorSource>> {
        let Elem::Test { test, .. } = &self.elems[self.anchor?] else {
            return None;
        };
        test.anchor_sources()
    }

    /// The sources of the words of each required test (see [`Pattern::required`]), the
    /// anchor's first; empty for a pattern without an anchor.
    pub fn requirements(&self) -> Vec<Vec<AnchorSource>> {
        self.required
            .iter()
            .filter_map(|&i| match &self.elems[i] {
                Elem::Test { test, .. } => test.anchor_sources(),
                _ => None,
            })
            .collect()
    }

    /// The anchor's words (see [`Pattern::anchor_sources`]), sorted.
    pub fn anchor_words(&self) -> Option<Vec<String>> {
        let mut out = Vec::new();
        for s in self.anchor_sources()? {
            s.for_each_word(&mut |w| out.push(w.to_string()));
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
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
        // Every start that may lead to a match is tried: a match the caller drops (an
        // antipattern) must not hide a shorter one inside it. With an anchor, a match starts
        // at most `max_before` tokens before a token the anchor may be.
        let anchor_test = match self.anchor.map(|a| &self.elems[a]) {
            Some(Elem::Test { test, .. }) => Some(test),
            _ => None,
        };
        let near = sentence
            .clone()
            .filter(|&s| anchor_test.is_none_or(|test| test.may_be(&toks[s].folded)));
        self.find_near(toks, text, sentence.clone(), near, out);
    }

    /// The slots of [`Pattern::requirements`], as bits: a sentence holding a word of each
    /// may match.
    pub fn required_mask(&self) -> u32 {
        (1u32 << self.required.len()) - 1
    }

    /// Whether the pattern has an anchor (see [`Pattern::anchor_words`]).
    pub fn is_anchored(&self) -> bool {
        self.anchor.is_some()
    }

    /// Like [`Pattern::find`], given the tokens of the sentence where the anchor may stand
    /// (increasing; all of them for a pattern without an anchor).
    pub fn find_near(
        &self,
        toks: &[Token],
        text: &str,
        sentence: Range<usize>,
        anchors: impl Iterator<Item = usize>,
        out: &mut Vec<Match>,
    ) {
        let mut next_start = sentence.start;
        for reach in anchors {
            let from = reach
                .saturating_sub(self.max_before)
                .max(sentence.start)
                .max(next_start);
            for start in from..=reach {
                self.try_start(toks, text, start, &sentence, out);
            }
            next_start = next_start.max(reach + 1);
        }
    }

    fn try_start(
        &self,
        toks: &[Token],
        text: &str,
        s: usize,
        sentence: &Range<usize>,
        out: &mut Vec<Match>,
    ) {
        let mut marks = [usize::MAX; 2];
        if let Some(end) = self.match_at(toks, text, 0, s, sentence, &mut marks)
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
                let mut lengths = Lens::default();
                test.lengths(toks, text, ti, sentence, &mut lengths);
                for len in lengths.longest_first().iter() {
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
            cost: Default::default(),
            phrase_index: Default::default(),
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
