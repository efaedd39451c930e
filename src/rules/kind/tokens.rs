#![doc = include_str!("../../../docs/kinds/tokens.md")]

use std::ops::Range;

use serde_saphyr::Spanned;

use super::{Context, Draft, Kind, TokenRule};
use crate::rules::pack::{Problems, RuleDef};
use crate::rules::patterns::{self, Match, Pattern};
use crate::rules::template::{Template, match_case};
use crate::text::tokens::Token;

pub const FIELDS: &[&str] = &["patterns", "antipatterns", "suggestions", "swap", "respell"];

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
    Some(Tokens {
        patterns,
        antipatterns,
        suggestions,
        swap,
        respell,
    })
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

impl TokenRule for Tokens {
    fn pattern_anchors(&self) -> Vec<Option<Vec<Vec<patterns::AnchorSource>>>> {
        self.patterns
            .iter()
            .map(|p| Some(p.requirements()).filter(|r| !r.is_empty()))
            .collect()
    }

    fn run_tokens(
        &self,
        cx: &Context,
        toks: &[Token],
        sentences: &[Range<usize>],
        anchors: &[(u32, u16, u8)],
        out: &mut Vec<Draft>,
    ) {
        let view = cx.view(crate::rules::Scope::Prose);
        let doc = &cx.doc.text;
        let reads_all = self.patterns.iter().any(|p| !p.is_anchored());
        // Every sentence, or only those holding a required test (anchors are by token).
        let mut next = 0;
        let picked = std::iter::from_fn(|| {
            if reads_all {
                let s = sentences.get(next)?;
                next += 1;
                return Some(s);
            }
            let a = anchors.get(next)?.0 as usize;
            let si = sentences.partition_point(|s| s.end <= a);
            let s = sentences.get(si)?;
            next += anchors[next..].partition_point(|x| (x.0 as usize) < s.end);
            Some(s)
        });
        for sentence in picked {
            let sentence = sentence.clone();
            // The required tests found inside this sentence.
            let lo = anchors.partition_point(|a| (a.0 as usize) < sentence.start);
            let hi = anchors.partition_point(|a| (a.0 as usize) < sentence.end);
            let here = &anchors[lo..hi];
            if here.is_empty() && !reads_all {
                continue;
            }
            let mut found: Vec<Match> = Vec::new();
            for (pi, p) in self.patterns.iter().enumerate() {
                if !p.is_anchored() {
                    p.find_near(toks, view, sentence.clone(), sentence.clone(), &mut found);
                    continue;
                }
                let mine = || here.iter().filter(|a| a.1 as usize == pi);
                let seen = mine().fold(0u32, |m, a| m | 1 << a.2);
                if seen != p.required_mask() {
                    continue;
                }
                let near = mine().filter(|a| a.2 == 0).map(|a| a.0 as usize);
                p.find_near(toks, view, sentence.clone(), near, &mut found);
            }
            if found.is_empty() {
                continue;
            }
            let mut anti: Vec<Match> = Vec::new();
            for a in &self.antipatterns {
                a.find(toks, view, sentence.clone(), &mut anti);
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
                let span = span_of(toks, &m.marked);
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

    fn token_rule(&self) -> Option<&dyn TokenRule> {
        Some(self)
    }
}
