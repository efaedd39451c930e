/*!
`tokens`: token patterns over the words of each sentence, with lemmas and lexicons.

```yaml
kind: tokens
patterns:                          # any of them (syntax: crate::rules::patterns)
  - "[<votar:cmd> por] !su|tu|sus|tus"
  - "[<dar> su|tu voto] a|por"
antipatterns:                      # a finding whose underlined tokens one of these
  - "<votar> por primera vez"      # overlaps is dropped
suggestions: ["la ciudadanía"]     # optional, templates with {match}
swap: {pagina: página}             # optional: suggestions for the underlined text (folded)
respell: "pret,3s"                 # optional: suggest the underlined word accented as the
                                   # verb form with these features (realizo → realizó), or
                                   # as written in a lexicon ("@accented-nouns": pagina →
                                   # página); a finding without such a form is dropped
```

The engine looks for each pattern's **anchor** (its rarest required test whose words are
known: a word, a lemma's forms, a lexicon's entries) in its one automaton pass over the
folded prose. Only the paragraphs around an anchor are tokenised and matched; a pattern
without an anchor (classes and regexes only) is matched over the whole text.
*/

use std::ops::Range;

use serde_saphyr::Spanned;

use super::{Context, Draft, Kind};
use crate::rules::pack::{Problems, RuleDef};
use crate::rules::patterns::{self, Match, Pattern};
use crate::rules::template::{Template, match_case};
use crate::text::tokens::{self, Token};

pub const FIELDS: &[&str] = &["patterns", "antipatterns", "suggestions", "swap", "respell"];

/// Longest stretch of text tokenised around an anchor in each direction, when no paragraph
/// break comes first (bytes).
const WINDOW: usize = 2048;

/// Anchors are looked for by their first characters; the word found is then checked whole.
pub const ANCHOR_PREFIX: usize = 4;

#[derive(Debug)]
pub struct Tokens {
    patterns: Vec<Pattern>,
    antipatterns: Vec<Pattern>,
    suggestions: Vec<Template>,
    /// Suggestions by the underlined text, folded.
    swap: std::collections::HashMap<String, Vec<String>>,
    /// Suggest the underlined word re-accented: as a verb form, or as a lexicon writes it.
    respell: Option<Respell>,
    /// Folded words that may start an anchor's match, when every pattern has an anchor.
    anchors: Option<Vec<String>>,
}

fn compile_list(
    list: &Spanned<Vec<Spanned<String>>>,
    field: &str,
    p: &mut Problems,
) -> Option<Vec<Pattern>> {
    let lexicons = p.lexicons.clone();
    let mut out = Vec::new();
    let mut ok = true;
    for src in &list.value {
        match patterns::parse(&src.value, &lexicons) {
            Ok(pat) => out.push(pat),
            Err(e) => {
                p.at_inside(
                    &src.referenced,
                    e.offset,
                    format!("`{field}`: {}", e.message),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

pub fn compile(rd: &RuleDef, p: &mut Problems) -> Option<Tokens> {
    let Some(list) = &rd.patterns else {
        p.at(&rd.kind.referenced, "kind tokens necesita `patterns`");
        return None;
    };
    if list.value.is_empty() {
        p.at(&list.referenced, "`patterns` está vacío");
        return None;
    }
    let patterns = compile_list(list, "patterns", p)?;
    let antipatterns = match &rd.antipatterns {
        Some(a) => compile_list(a, "antipatterns", p)?,
        None => Vec::new(),
    };
    let mut suggestions = Vec::new();
    for s in rd.suggestions.iter().flat_map(|s| &s.value) {
        match Template::parse(&s.value) {
            Ok(t) => {
                if let Some(bad) = t.names().find(|n| *n != "match") {
                    p.at(
                        &s.referenced,
                        format!("marcador desconocido «{{{bad}}}» en `suggestions`"),
                    );
                    return None;
                }
                suggestions.push(t);
            }
            Err(m) => {
                p.at(&s.referenced, m);
                return None;
            }
        }
    }
    let mut swap = std::collections::HashMap::new();
    if let Some(sw) = &rd.swap {
        for (key, alts) in &sw.value.0 {
            swap.insert(crate::text::fold(key.value.trim()), alts.clone());
        }
    }
    let respell = match &rd.respell {
        Some(r) => match r.value.trim().strip_prefix('@') {
            Some(id) => match p.lexicons.get(id) {
                Some(l) => Some(Respell::Lexicon(l.clone())),
                None => {
                    p.at(
                        &r.referenced,
                        format!("`respell`: léxico desconocido «@{id}»"),
                    );
                    return None;
                }
            },
            None => match crate::lang::lexeme::Features::parse(&r.value) {
                Ok(f) => Some(Respell::Verb(f)),
                Err(m) => {
                    p.at(&r.referenced, format!("`respell`: {m}"));
                    return None;
                }
            },
        },
        None => None,
    };
    let anchors = patterns
        .iter()
        .map(Pattern::anchor_words)
        .collect::<Option<Vec<Vec<String>>>>()
        .map(|lists| {
            let mut all: Vec<String> = lists.into_iter().flatten().collect();
            all.sort_unstable();
            all.dedup();
            all
        });
    Some(Tokens {
        patterns,
        antipatterns,
        suggestions,
        swap,
        respell,
        anchors,
    })
}

/// The folded word that starts at byte `at` of folded text (letters, digits and the
/// joiners the tokeniser keeps inside a word), or the one punctuation mark there.
fn word_at(text: &str, at: usize) -> &str {
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
fn window(view: &str, body: &Range<usize>, at: usize) -> Range<usize> {
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

impl Tokens {
    /// Findings of every pattern in the sentences of `view[range]`.
    fn run(&self, cx: &Context, range: Range<usize>, out: &mut Vec<Draft>) {
        let view = cx.view(crate::rules::Scope::Prose);
        let split = |body: &str| cx.hashtag_split(body);
        let toks = tokens::tokenize(view, range, Some(&split));
        let doc = &cx.doc.text;
        for sentence in patterns::sentences(&toks) {
            let mut found: Vec<Match> = Vec::new();
            for p in &self.patterns {
                p.find(&toks, view, sentence.clone(), &mut found);
            }
            if found.is_empty() {
                continue;
            }
            let mut anti: Vec<Match> = Vec::new();
            for a in &self.antipatterns {
                a.find(&toks, view, sentence.clone(), &mut anti);
            }
            found.sort_by_key(|m| (m.marked.start, std::cmp::Reverse(m.marked.end)));
            let mut last_end = 0;
            for m in found {
                if m.marked.start < last_end
                    || anti
                        .iter()
                        .any(|a| a.tokens.start < m.marked.end && m.marked.start < a.tokens.end)
                {
                    continue;
                }
                let span = span_of(&toks, &m.marked);
                let matched = &doc[span.clone()];
                let mut suggestions: Vec<String> = Vec::new();
                if let Some(r) = &self.respell {
                    match r.apply(matched) {
                        Some(s) => suggestions.push(s),
                        None => continue,
                    }
                }
                if let Some(alts) = self.swap.get(&crate::text::fold(matched)) {
                    suggestions.extend(alts.iter().map(|a| match_case(matched, a)));
                }
                suggestions.extend(
                    self.suggestions
                        .iter()
                        .map(|t| t.render([("match".to_string(), matched.to_string())].as_slice())),
                );
                last_end = m.marked.end;
                out.push(Draft {
                    span,
                    vars: Vec::new(),
                    suggestions,
                });
            }
        }
    }
}

/// Where a chunk of a text matched in pieces ends: at a paragraph break, else at a sentence
/// end, within twice [`WINDOW`] of `start`.
fn chunk_end(view: &str, body: &Range<usize>, start: usize) -> usize {
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

/// How `respell:` writes the underlined word again.
#[derive(Debug)]
enum Respell {
    /// As the verb form with these features.
    Verb(crate::lang::lexeme::Features),
    /// As a lexicon writes it.
    Lexicon(std::sync::Arc<crate::rules::patterns::Lexicon>),
}

impl Respell {
    fn apply(&self, word: &str) -> Option<String> {
        match self {
            Respell::Verb(f) => respelled(word, f),
            Respell::Lexicon(l) => {
                let lower = word.to_lowercase();
                l.words
                    .written(&crate::text::fold(word))
                    .iter()
                    .find(|w| w.to_lowercase() != lower)
                    .map(|w| match_case(word, w))
            }
        }
    }
}

/// `word` with its accents moved or added so that it is a verb form with `features`
/// (realizo → realizó for `pret,3s`), in its case.
fn respelled(word: &str, features: &crate::lang::lexeme::Features) -> Option<String> {
    let lower = word.to_lowercase();
    crate::spell::enclitic::accent_variants(&lower)
        .into_iter()
        .find(|v| {
            crate::lang::analyze::readings(v).iter().any(|r| {
                features.accepts(&crate::lang::lexeme::Hit {
                    entry: 0,
                    tag: crate::lang::lexeme::Tag::Verb(r.cell),
                    clitics: r.clitics,
                })
            })
        })
        .map(|v| match_case(word, &v))
}

fn span_of(toks: &[Token], r: &Range<usize>) -> Range<usize> {
    toks[r.start].span.start..toks[r.end - 1].span.end
}

impl Kind for Tokens {
    fn describe(&self) -> Option<String> {
        let mut out = String::from("## Patrones\n\n");
        for p in &self.patterns {
            out.push_str(&format!("- `{}`\n", p.source));
        }
        if !self.antipatterns.is_empty() {
            out.push_str("\nExcepciones (antipatrones):\n\n");
            for p in &self.antipatterns {
                out.push_str(&format!("- `{}`\n", p.source));
            }
        }
        out.push_str(
            "\n`vigia explain @léxico` muestra las entradas de un léxico; \
             `vigia explain \"<lema>\"`, las formas de un lema.\n",
        );
        Some(out)
    }

    fn anchors(&self) -> Vec<String> {
        self.anchors.clone().unwrap_or_default()
    }

    fn on_anchors(&self, cx: &Context, hits: &[usize], out: &mut Vec<Draft>) {
        let folded = &cx.folded.text;
        let view = cx.view(crate::rules::Scope::Prose);
        let body = &cx.doc.body;
        let mut windows: Vec<Range<usize>> = Vec::new();
        for &f in hits {
            let word = word_at(folded, f);
            if !self.patterns.iter().any(|p| p.anchor_may_be(word)) {
                continue;
            }
            let at = cx.folded.to_orig(f);
            if windows.last().is_some_and(|w| w.contains(&at)) {
                continue;
            }
            let w = window(view, body, at);
            match windows.last_mut() {
                Some(last) if last.end >= w.start => last.end = last.end.max(w.end),
                _ => windows.push(w),
            }
        }
        for w in windows {
            self.run(cx, w, out);
        }
    }

    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        if self.anchors.is_some() {
            return;
        }
        let view = cx.view(crate::rules::Scope::Prose);
        let body = cx.doc.body.clone();
        let mut start = body.start;
        while start < body.end {
            let end = chunk_end(view, &body, start);
            self.run(cx, start..end, out);
            start = end;
        }
    }
}
