/*!
`vigia words`: the words a spelling rule does not know, counted over many inputs.

An editor runs it over an archive of past posts and reads, in one pass, which words would be
reported and how often: the frequent ones are names and terms to add to the accepted words,
the rare ones are usually typos. Inputs are walked and decoded like `vigia check` does, in
parallel; no suggestions are computed (they cost far more than checking).
*/

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::check::{CheckOptions, read_input};
use crate::engine::Engine;
use crate::error::Error;
use crate::project::Project;
use crate::rules::kind::Context;
use crate::rules::kind::spelling::Spelling;

/// Inputs read together before their counts are merged.
const BATCH: usize = 128;

/// An unknown word and how often it was seen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WordCount {
    pub word: String,
    /// Occurrences.
    pub count: usize,
    /// Documents it occurs in.
    pub documents: usize,
}

/// Unknown words of a set of inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub files: usize,
    pub documents: usize,
    /// Words of prose seen (checked or not).
    pub words: usize,
    /// Occurrences of unknown words.
    pub unknown: usize,
    pub failed_inputs: usize,
    /// Most frequent first, then by word.
    pub list: Vec<WordCount>,
}

#[derive(Debug, Default)]
struct Tally {
    count: usize,
    documents: usize,
    /// Every occurrence was capitalised only because it opened a sentence.
    initial_only: bool,
}

/// The first rule of kind `spelling` of `engine`, with its id.
pub fn spelling_rule(engine: &Engine) -> Option<(&str, &Spelling)> {
    engine.rules().rules.iter().find_map(|r| {
        r.kind
            .as_any()
            .and_then(|k| k.downcast_ref::<Spelling>())
            .map(|k| (r.info.id.as_str(), k))
    })
}

/// Counts the words of the inputs of `opts` that the spelling rule of each input's profile
/// does not know (nor the project's vocabulary accepts). Per-input errors go to `on_error`;
/// no spelling rule, or a dictionary that cannot be loaded, stops the count.
pub fn unknown_words(
    project: &Project,
    opts: &CheckOptions,
    on_error: &mut dyn FnMut(&Error),
) -> Result<Report, Error> {
    let mut any = false;
    for profile in project.profiles() {
        if let Some((id, spelling)) = spelling_rule(&profile.engine) {
            any = true;
            if let Err(e) = spelling.speller() {
                return Err(Error::Usage(format!("la regla {id} no puede revisar: {e}")));
            }
        }
    }
    if !any {
        return Err(Error::Usage(
            "no hay ninguna regla de ortografía (kind spelling) entre las cargadas".into(),
        ));
    }
    // Files the configuration excludes are not counted, as `check` does not read them.
    let (inputs, failed) = crate::check::inputs(project, opts, on_error);
    let mut report = Report {
        failed_inputs: failed,
        ..Report::default()
    };
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    for batch in inputs.chunks(BATCH) {
        let results: Vec<_> = batch
            .par_iter()
            .map(|input| {
                read_input(input, opts).map(|docs| {
                    docs.into_iter()
                        .map(|doc| {
                            let profile = project.profile_for(Path::new(&doc.origin.path));
                            let vocabulary = &profile.engine.rules().vocabulary;
                            let cx = Context::with_vocabulary(&doc, vocabulary);
                            let words = match spelling_rule(&profile.engine)
                                .map(|(_, s)| (s, s.speller()))
                            {
                                Some((s, Ok(speller))) => s.unknown(&cx, speller),
                                _ => Default::default(),
                            };
                            let text = cx.view(crate::rules::Scope::Prose);
                            let mut seen: HashMap<String, Tally> = HashMap::new();
                            for w in &words.check {
                                let word = &text[w.span.clone()];
                                let initial = w.sentence_start && has_capital(word);
                                let t = seen.entry(word.to_string()).or_insert(Tally {
                                    initial_only: true,
                                    ..Tally::default()
                                });
                                t.count += 1;
                                t.initial_only &= initial;
                            }
                            let notices: Vec<Error> = doc
                                .notices
                                .iter()
                                .map(|n| {
                                    let (line, column) = crate::report::position(&doc, n.offset);
                                    Error::Input {
                                        path: doc.origin.path.clone(),
                                        line,
                                        column,
                                        message: n.message.clone(),
                                    }
                                })
                                .collect();
                            (notices, words.total, seen)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for result in results {
            match result {
                Ok(docs) => {
                    report.files += 1;
                    for (notices, total, seen) in docs {
                        for e in &notices {
                            report.failed_inputs += 1;
                            on_error(e);
                        }
                        report.documents += 1;
                        report.words += total;
                        for (word, t) in seen {
                            report.unknown += t.count;
                            let all = tallies.entry(word).or_insert(Tally {
                                initial_only: true,
                                ..Tally::default()
                            });
                            all.count += t.count;
                            all.documents += 1;
                            all.initial_only &= t.initial_only;
                        }
                    }
                }
                Err(e) => {
                    report.failed_inputs += 1;
                    on_error(&e);
                }
            }
        }
    }
    report.list = merge_sentence_starts(tallies);
    Ok(report)
}

fn has_capital(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// `Ambietal` seen only at sentence starts is the same word as `ambietal`: counted under the
/// lowercase form when that occurs too (one accept entry in lowercase covers both).
fn merge_sentence_starts(mut tallies: HashMap<String, Tally>) -> Vec<WordCount> {
    let initials: Vec<String> = tallies
        .iter()
        .filter(|(w, t)| t.initial_only && has_capital(w))
        .map(|(w, _)| w.clone())
        .collect();
    for w in initials {
        let mut chars = w.chars();
        let lower: String = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        if tallies.contains_key(&lower)
            && let Some(t) = tallies.remove(&w)
            && let Some(l) = tallies.get_mut(&lower)
        {
            l.count += t.count;
            // A document may hold both forms: an upper bound, good enough for a listing.
            l.documents += t.documents;
        }
    }
    let mut list: Vec<WordCount> = tallies
        .into_iter()
        .map(|(word, t)| WordCount {
            word,
            count: t.count,
            documents: t.documents,
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_start_forms_merge_into_lowercase() {
        let mut t = HashMap::new();
        let tally = |count, initial_only| Tally {
            count,
            documents: 1,
            initial_only,
        };
        t.insert("Ambietal".to_string(), tally(2, true));
        t.insert("ambietal".to_string(), tally(1, false));
        t.insert("Cusipata".to_string(), tally(1, true));
        t.insert("Yanta".to_string(), tally(3, false));
        t.insert("yanta".to_string(), tally(1, false));
        let list = merge_sentence_starts(t);
        let got: Vec<(&str, usize)> = list.iter().map(|w| (w.word.as_str(), w.count)).collect();
        assert_eq!(
            got,
            [("Yanta", 3), ("ambietal", 3), ("Cusipata", 1), ("yanta", 1)]
        );
    }
}
