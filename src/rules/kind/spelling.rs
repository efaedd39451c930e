#![doc = include_str!("../../../docs/kinds/spelling.md")]

use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::{Context, Draft, Kind};
use crate::rules::pack::{Problems, RuleDef};
use crate::rules::{KindSettings, Scope};
use crate::spell::token::{self, Hashtags, Options, ProperNouns, Words};
use crate::spell::{self, Source, SpellError, Speller};

pub const FIELDS: &[&str] = &["dictionary", "accept", "proper_nouns", "hashtags"];

#[derive(Debug)]
pub struct Spelling {
    options: Options,
    /// The rule's `dictionary:` field, resolved against the pack's directory.
    rule_dictionary: Option<PathBuf>,
    /// `--dictionary`.
    settings_dictionary: Option<PathBuf>,
    /// `dictionary:` of `.vigia.yaml`, resolved against its directory.
    config_dictionary: Option<PathBuf>,
    accept: Vec<String>,
    speller: OnceLock<Result<Arc<Speller>, SpellError>>,
}

pub fn compile(rd: &RuleDef, p: &mut Problems) -> Option<Spelling> {
    let before = p.errors.len();
    let proper_nouns = match rd.proper_nouns.as_ref().map(|s| (s.value.as_str(), s)) {
        None | Some(("skip", _)) => ProperNouns::Skip,
        Some(("check", _)) => ProperNouns::Check,
        Some((other, s)) => {
            p.at(
                &s.referenced,
                format!("`proper_nouns` desconocido «{other}»: use skip o check"),
            );
            ProperNouns::Skip
        }
    };
    let hashtags = match rd.hashtags.as_ref().map(|s| (s.value.as_str(), s)) {
        None | Some(("skip", _)) => Hashtags::Skip,
        Some(("split", _)) => Hashtags::Split,
        Some((other, s)) => {
            p.at(
                &s.referenced,
                format!("`hashtags` desconocido «{other}»: use skip o split"),
            );
            Hashtags::Skip
        }
    };
    let mut accept = Vec::new();
    for w in rd.accept.iter().flat_map(|a| &a.value) {
        let word = w.value.trim();
        match spell::invalid_word(word) {
            Some(why) => p.at(
                &w.referenced,
                format!("palabra aceptada no válida «{word}»: {why}"),
            ),
            None => accept.push(word.to_string()),
        }
    }
    let rule_dictionary = match &rd.dictionary {
        Some(d) if d.value.trim().is_empty() => {
            p.at(&d.referenced, "`dictionary` está vacío");
            None
        }
        Some(d) => {
            let path = Path::new(d.value.trim());
            let pack_dir = Path::new(p.path()).parent();
            Some(match pack_dir {
                _ if spell::dictionary::is_keyword(path) => path.to_path_buf(),
                Some(dir) if path.is_relative() => dir.join(path),
                _ => path.to_path_buf(),
            })
        }
        None => None,
    };
    (p.errors.len() == before).then(|| Spelling {
        options: Options {
            proper_nouns,
            hashtags,
        },
        rule_dictionary,
        settings_dictionary: None,
        config_dictionary: None,
        accept,
        speller: OnceLock::new(),
    })
}

impl Spelling {
    /// A spelling kind with these options, dictionary path and accepted words.
    pub fn new(options: Options, dictionary: Option<PathBuf>, accept: Vec<String>) -> Spelling {
        Spelling {
            options,
            rule_dictionary: dictionary,
            settings_dictionary: None,
            config_dictionary: None,
            accept,
            speller: OnceLock::new(),
        }
    }

    /// Where the dictionary comes from in this run.
    pub fn source(&self) -> Source {
        Source::resolve(
            self.settings_dictionary.as_deref(),
            self.config_dictionary.as_deref(),
            self.rule_dictionary.as_deref(),
        )
    }

    /// The speller, loaded on the first call (shared with other rules and threads).
    pub fn speller(&self) -> Result<&Arc<Speller>, &SpellError> {
        self.speller
            .get_or_init(|| spell::shared(&self.source(), &self.accept))
            .as_ref()
    }

    /// The words of `cx`'s prose that `speller` does not know, in order, with the number of
    /// words.
    pub fn unknown(&self, cx: &Context, speller: &Speller) -> Words {
        let text = cx.view(Scope::Prose);
        let mut check = Vec::new();
        let total = speller.with_known(|known| {
            token::for_each_word(text, cx.doc.body.clone(), self.options, |w| {
                let word = &text[w.span.clone()];
                let ok = known(word)
                    // The project's own words (`vocabulary.accept` of `.vigia.yaml`).
                    || cx.vocabulary.accepts(word)
                    // `Av.`: an abbreviation the dictionary has with its stop.
                    || (w.dot && known(&text[w.span.start..w.span.end + 1]))
                    // `cel.`, `Nro.`: an abbreviation of the tokenizer's list, with its stop.
                    || (w.dot && crate::text::tokens::ABBREVIATIONS.contains(&crate::text::fold(word).as_str()))
                    // `EIA-sd`, `IntegrAmbiente`: known as a whole.
                    || w.whole.as_ref().is_some_and(|r| known(&text[r.clone()]));
                // `#ParticipacionCiudadana`, `#Peru`: hashtags often drop accents to be
                // found; one that is only unaccented is let be.
                let ok = ok
                    || (w.hashtag
                        && speller
                            .suggestions(word)
                            .iter()
                            .any(|s| crate::text::fold(s) == crate::text::fold(word)));
                if !ok {
                    check.push(w);
                }
            })
        });
        check.sort_by_key(|w| w.span.start);
        drop_species_names(text, &mut check);
        Words { check, total }
    }
}

/// Endings of the Latin epithet of a scientific name (`racemosa`, `vicugna`, `raimondii`,
/// `peruvianus`, `andina`, `weberbaueri`).
const EPITHET_ENDINGS: &[&str] = &[
    "us", "a", "um", "is", "ii", "ae", "i", "es", "ensis", "oides", "ata", "ana", "ina", "ica",
    "ix", "ax", "ex", "or", "ns",
];

/// Leaves out scientific names of species: a capitalised genus followed by a lowercase epithet
/// with a Latin ending (`Polylepis racemosa`, `Puya raimondii`), which no Spanish dictionary
/// has. The epithet is dropped when the genus is a capitalised word (checked or not), and the
/// genus when it was to be checked (at a sentence start).
fn drop_species_names(text: &str, check: &mut Vec<token::Word>) {
    let mut drop: Vec<std::ops::Range<usize>> = Vec::new();
    for w in check.iter() {
        let word = &text[w.span.clone()];
        if !word.chars().all(|c| c.is_lowercase())
            || word.chars().count() < 4
            || !EPITHET_ENDINGS.iter().any(|e| word.ends_with(e))
        {
            continue;
        }
        // The word before, across spaces only.
        let before = text[..w.span.start].trim_end_matches([' ', '\t']);
        if before.len() == w.span.start {
            continue;
        }
        let genus_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map(|(i, _)| i);
        let Some(gs) = genus_start else { continue };
        let genus = &before[gs..];
        let mut chars = genus.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase)
            && genus.chars().count() >= 3
            && chars.all(char::is_lowercase);
        if capitalised {
            drop.push(w.span.clone());
            drop.push(gs..before.len());
        }
    }
    if !drop.is_empty() {
        check.retain(|w| !drop.contains(&w.span));
    }
}

impl Kind for Spelling {
    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Ok(speller) = self.speller() else {
            return;
        };
        let text = cx.view(Scope::Prose);
        for w in self.unknown(cx, speller).check {
            let suggestions = if cx.suggest {
                speller.suggestions(&text[w.span.clone()])
            } else {
                Vec::new()
            };
            let did_you_mean = suggestions
                .first()
                .map(|s| format!("; ¿quiso decir «{s}»?"))
                .unwrap_or_default();
            out.push(Draft {
                span: w.span,
                vars: vec![("did_you_mean".into(), did_you_mean)],
                suggestions,
            });
        }
    }

    fn placeholders(&self) -> Vec<String> {
        vec!["did_you_mean".into()]
    }

    fn configure(&mut self, settings: &KindSettings) {
        if let Some(d) = &settings.dictionary {
            self.settings_dictionary = Some(d.clone());
        }
        if let Some(d) = &settings.config_dictionary {
            self.config_dictionary = Some(d.clone());
        }
        self.speller = OnceLock::new();
    }

    fn failure(&self) -> Option<String> {
        match self.speller.get() {
            Some(Err(e)) => Some(e.to_string()),
            _ => None,
        }
    }

    fn as_any(&self) -> Option<&dyn Any> {
        Some(self)
    }
}
