#![doc = include_str!("../../docs/lexicons.md")]

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::pack::Problems;
use super::patterns::{self, Lexicon, Lexicons};
use crate::lang::lexeme::{self, FormIndex, Pos};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconDef {
    lexicon: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    description: String,
    source: Spanned<String>,
    #[serde(default)]
    pos: Option<Spanned<String>>,
    entries: Spanned<Vec<Spanned<EntryDef>>>,
}

/// An entry as written: a lemma or phrase, or a map with `lemma`, `fem` and `pos`.
#[derive(Debug)]
enum EntryDef {
    Text(String),
    Full {
        lemma: String,
        fem: Option<String>,
        pos: Option<String>,
    },
}

impl<'de> Deserialize<'de> for EntryDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EntryDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a lemma or phrase, or a map with `lemma`, `fem` and `pos`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EntryDef, E> {
                Ok(EntryDef::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EntryDef, A::Error> {
                let (mut lemma, mut fem, mut pos) = (None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "lemma" => lemma = Some(map.next_value()?),
                        "fem" => fem = Some(map.next_value()?),
                        "pos" => pos = Some(map.next_value()?),
                        other => {
                            return Err(de::Error::unknown_field(other, &["lemma", "fem", "pos"]));
                        }
                    }
                }
                Ok(EntryDef::Full {
                    lemma: lemma.ok_or_else(|| de::Error::missing_field("lemma"))?,
                    fem,
                    pos,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether a YAML text is a lexicon (its first key is `lexicon:`) rather than a pack.
pub fn is_lexicon(text: &str) -> bool {
    text.lines()
        .map(str::trim_end)
        .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---")
        .is_some_and(|l| l.starts_with("lexicon:"))
}

/// Reads one lexicon file into `lexicons`, reporting problems at their place.
pub fn load(
    text: &str,
    bundled: bool,
    lexicons: &mut Lexicons,
    origins: &mut HashSet<String>,
    p: &mut Problems,
) {
    if let Some((at, lexicon)) = compile(text, p) {
        insert(lexicon, at, bundled, lexicons, origins, p);
    }
}

/// Adds a compiled lexicon to `lexicons`: a lexicon read from a file may replace a bundled
/// one of the same id (`origins`: the ids already read from files); any other repeated id
/// is an error, the only one reported for that file.
pub fn insert(
    lexicon: Lexicon,
    at: serde_saphyr::Location,
    bundled: bool,
    lexicons: &mut Lexicons,
    origins: &mut HashSet<String>,
    p: &mut Problems,
) {
    let id = lexicon.id.clone();
    if lexicons.contains_key(&id) {
        let replaces_bundled = !bundled && !origins.contains(&id);
        if !replaces_bundled {
            p.errors.clear();
            p.at(&at, format!("el léxico «{id}» ya fue definido"));
            return;
        }
    }
    origins.insert(id.clone());
    lexicons.insert(id, Arc::new(lexicon));
}

/// Compiles one lexicon file alone (so files compile in parallel): the lexicon and where
/// its id is written, or `None` when the file is no usable lexicon. Problems go to `p`.
pub fn compile(text: &str, p: &mut Problems) -> Option<(serde_saphyr::Location, Lexicon)> {
    // YAML 1.2 booleans only: a Spanish «y» or «no» is a word, not a boolean.
    let options = serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_aliases: 100,
            max_depth: 16,
        },
    };
    let def: LexiconDef = match serde_saphyr::from_str_with_options(text, options) {
        Ok(d) => d,
        Err(e) => {
            let source: Arc<str> = Arc::from(text);
            p.errors
                .push(super::pack::yaml_error(p.path(), &source, &e));
            return None;
        }
    };
    let id = def.lexicon.value.trim().to_string();
    if !super::pack::valid_id(&id) {
        p.at(
            &def.lexicon.referenced,
            format!("id de léxico no válido «{id}»: use minúsculas, dígitos y guiones"),
        );
        return None;
    }
    if def.title.value.trim().is_empty() {
        p.at(&def.title.referenced, "`title` está vacío");
    }
    if def.source.value.trim().is_empty() {
        p.at(
            &def.source.referenced,
            "`source` está vacío: diga de dónde sale la lista",
        );
    }
    let pos = match &def.pos {
        None => None,
        Some(s) => match Pos::parse(s.value.trim()) {
            Some(p) => Some(p),
            None => {
                p.at(
                    &s.referenced,
                    format!(
                        "`pos` desconocido «{}»: use {}",
                        s.value,
                        Pos::NAMES.join(", ")
                    ),
                );
                return None;
            }
        },
    };
    if def.entries.value.is_empty() {
        p.at(&def.entries.referenced, "`entries` está vacío");
    }
    let mut words = FormIndex::default();
    let mut phrases = Vec::new();
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    for (n, e) in def.entries.value.iter().enumerate() {
        let (text, fem, entry_pos) = match &e.value {
            EntryDef::Text(t) => (t.trim(), None, None),
            EntryDef::Full { lemma, fem, pos } => (lemma.trim(), fem.as_deref(), pos.as_deref()),
        };
        if text.is_empty() {
            p.at(&e.referenced, "entrada vacía");
            continue;
        }
        if !seen.insert(crate::text::fold(text)) {
            p.at(&e.referenced, format!("entrada repetida «{text}»"));
            continue;
        }
        entries.push(text.to_string());
        let entry_pos = match entry_pos {
            Some(s) => match Pos::parse(s) {
                Some(p) => Some(p),
                None => {
                    p.at(&e.referenced, format!("`pos` desconocido «{s}»"));
                    continue;
                }
            },
            None => None,
        };
        let phrase =
            text.split_whitespace().nth(1).is_some() || text.contains(['<', '|', '(', '?']);
        if phrase {
            match patterns::parse_phrase(text) {
                Ok(tests) => phrases.push(tests),
                Err(pe) => p.at(&e.referenced, format!("«{text}»: {}", pe.message)),
            }
            continue;
        }
        let pos = entry_pos.or(pos).unwrap_or_else(|| Pos::infer(text));
        match lexeme::expand(text, pos, fem) {
            Ok(forms) => words.add(n as u32, &forms),
            Err(m) => p.at(&e.referenced, m),
        }
    }
    Some((
        def.lexicon.referenced,
        Lexicon {
            id,
            title: def.title.value.trim().to_string(),
            description: def.description.trim().to_string(),
            source: def.source.value.trim().to_string(),
            pos: pos.unwrap_or(Pos::Word),
            entries,
            words,
            phrases,
            path: p.path().to_string(),
            cost: Default::default(),
            phrase_index: Default::default(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems<'a>(path: &'a str, text: &str) -> Problems<'a> {
        Problems::new(path, text, true)
    }

    #[test]
    fn reads_lemmas_phrases_and_reports_places() {
        let text = "lexicon: gente\ntitle: Gente\nsource: propia\npos: person\nentries:\n  - ciudadano\n  - { lemma: alcalde, fem: alcaldesa }\n  - adulto|adultos mayor|mayores\n";
        let mut lex = Lexicons::new();
        let mut p = problems("gente.yaml", text);
        load(text, false, &mut lex, &mut HashSet::new(), &mut p);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let l = &lex["gente"];
        assert_eq!(l.entries.len(), 3);
        assert_eq!(l.phrases.len(), 1);
        assert!(l.words.matches("alcaldesas", &Default::default()));
        let bad = "lexicon: x\ntitle: X\nsource: s\npos: verb\nentries:\n  - casa\n  - votar\n  - votar\n";
        let mut p = problems("x.yaml", bad);
        load(
            bad,
            false,
            &mut Lexicons::new(),
            &mut HashSet::new(),
            &mut p,
        );
        let msgs: Vec<(usize, String)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.message.clone()))
            .collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert_eq!(msgs[0].0, 6);
        assert!(msgs[0].1.contains("no es un infinitivo"));
        assert_eq!(msgs[1].0, 8);
        assert!(msgs[1].1.contains("repetida"));
    }

    #[test]
    fn tells_lexicons_from_packs() {
        assert!(is_lexicon("# comentario\n---\nlexicon: x\n"));
        assert!(!is_lexicon("pack: x\nrules: []\n"));
    }
}
