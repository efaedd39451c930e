/*!
Spelling: a Hunspell dictionary read with spellbook, the bundled Peruvian vocabulary, and a
memo of verdicts shared by every thread.

[`dictionary`] says which `.aff`/`.dic` pair to read (the embedded RLA-ES dictionary, or one
the user names),
[`token`] says which words of a post to look up, and [`Speller`] answers, once per distinct
word ([`memo`]); [`enclitic`] accepts the verbs with pronouns and the diminutives the
dictionary lacks (`Descárgalo`, `abuelitos`). Parsing the dictionary takes about a tenth of a second, so a speller is built
lazily, once per process and per source ([`shared`]), and used by all threads behind an
`Arc`.
*/

pub mod dictionary;
pub mod enclitic;
pub mod formation;
pub mod memo;
pub mod segment;
pub mod token;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock, PoisonError};

pub use dictionary::{Files, Given, Source};

use memo::{Local, Memo};

/// The bundled vocabulary: words of Peruvian institutional posts that `es_PE` lacks.
pub const PERU_VOCABULARY: &str = include_str!("../../data/vocab-peru.txt");

/// The bundled public-administration vocabulary, with its sources (`data/vocab-admin.txt`).
pub const ADMIN_VOCABULARY: &str = include_str!("../../data/vocab-admin.txt");

/// Suggestions kept per unknown word.
pub const MAX_SUGGESTIONS: usize = 5;

/// Longer words get no suggestions: no Spanish word is this long, and the suggester's cost
/// grows fast with length (`aaaa…` of a test post).
pub const MAX_SUGGESTED_CHARS: usize = 30;

/// Words up to this long with two slips are retried with their accent moved.
const MAX_ACCENT_RETRY_CHARS: usize = 20;

/// Distinct words memoised per speller.
const MEMO_CAPACITY: usize = 1 << 16;

/// Why there is no speller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpellError {
    /// No dictionary in the places searched.
    #[error(
        "no se encontró un diccionario Hunspell de español del sistema ({}) en {}; \
         instálelo (Debian/Ubuntu: apt-get install hunspell-es), indique uno con \
         --dictionary o la variable {}, o use el embebido (sin --dictionary)",
        dictionary::LANGUAGES.join(", "),
        display_dirs(.searched),
        dictionary::ENV_VAR
    )]
    NotFound { searched: Vec<PathBuf> },
    /// A dictionary file that cannot be read.
    #[error("{}: {message}", .path.display())]
    Read { path: PathBuf, message: String },
    /// A dictionary file spellbook cannot parse.
    #[error("{}: diccionario Hunspell no válido: {message}", .path.display())]
    Parse { path: PathBuf, message: String },
    /// A word of an accept list that is not a word.
    #[error("palabra aceptada no válida «{word}»: {message}")]
    Word { word: String, message: String },
}

fn display_dirs(dirs: &[PathBuf]) -> String {
    const SHOWN: usize = 4;
    let mut s = dirs
        .iter()
        .take(SHOWN)
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if dirs.len() > SHOWN {
        s.push_str(&format!(" y {} más", dirs.len() - SHOWN));
    }
    s
}

/// The words of a vocabulary list: one per line, `#` comments and blank lines skipped.
pub fn vocabulary_words(list: &str) -> impl Iterator<Item = &str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Why `word` cannot be an accepted word, if it cannot.
pub fn invalid_word(word: &str) -> Option<&'static str> {
    if word.is_empty() {
        Some("está vacía")
    } else if word.chars().any(char::is_whitespace) {
        Some("lleva espacios: escriba una palabra por entrada")
    } else if word.contains('/') {
        Some("lleva «/»")
    } else if !word.chars().any(char::is_alphabetic) {
        Some("no tiene letras")
    } else {
        None
    }
}

/// What the memo knows of a word.
#[derive(Clone)]
enum Verdict {
    Known,
    /// Unknown; its suggestions are computed on first demand.
    Unknown(Arc<OnceLock<Vec<String>>>),
}

/// A dictionary with its memo.
pub struct Speller {
    /// Hashed with a fixed seed: spellbook's n-gram suggester walks the word table in hash
    /// order and keeps the first of equal candidates, so a random seed made suggestions
    /// change from run to run.
    dict: spellbook::Dictionary<foldhash::fast::FixedState>,
    memo: Memo<Verdict>,
    local: Local,
    /// The `.dic` file it was read from.
    path: PathBuf,
}

impl fmt::Debug for Speller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Speller")
            .field("path", &self.path)
            .field("memoised", &self.memo.len())
            .finish_non_exhaustive()
    }
}

impl Speller {
    /// Parses a dictionary from the text of its `.aff` and `.dic` files.
    pub fn new(aff: &str, dic: &str, path: PathBuf) -> Result<Speller, SpellError> {
        let hasher = foldhash::fast::FixedState::with_seed(0x5eed);
        let dict = spellbook::Dictionary::new_with_hasher(aff, dic, hasher).map_err(|e| {
            SpellError::Parse {
                path: path.clone(),
                message: e.to_string(),
            }
        })?;
        Ok(Speller {
            dict,
            memo: Memo::new(MEMO_CAPACITY),
            local: Local::new(),
            path,
        })
    }

    /// Reads and parses the dictionary `files`.
    pub fn read(files: &Files) -> Result<Speller, SpellError> {
        let read = |p: &Path| {
            std::fs::read(p)
                .map_err(|e| SpellError::Read {
                    path: p.to_path_buf(),
                    message: crate::error::io_message(&e),
                })
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|e| SpellError::Read {
                        path: p.to_path_buf(),
                        message: format!(
                            "el diccionario no está en UTF-8 (byte {})",
                            e.utf8_error().valid_up_to()
                        ),
                    })
                })
        };
        Speller::new(&read(&files.aff)?, &read(&files.dic)?, files.dic.clone())
    }

    /// Adds words to the dictionary. A lowercase word is also accepted capitalised and in
    /// capitals; a capitalised one (a proper noun) also in capitals, not in lowercase.
    pub fn accept<'a>(
        &mut self,
        words: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), SpellError> {
        // Verdicts given so far may change.
        self.memo = Memo::new(MEMO_CAPACITY);
        self.local = Local::new();
        for word in words {
            let err = |message: String| SpellError::Word {
                word: word.to_string(),
                message,
            };
            if let Some(why) = invalid_word(word) {
                return Err(err(why.to_string()));
            }
            self.dict.add(word).map_err(|e| err(e.to_string()))?;
        }
        Ok(())
    }

    /// The `.dic` file this speller was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn verdict(&self, word: &str) -> Verdict {
        self.memo.get_or_insert_with(word, || {
            let check = |w: &str| self.dict.check(w);
            if check(word)
                || enclitic::is_enclitic_form(word, check)
                || enclitic::is_diminutive(word, check)
                // A prefix on a voseo enclitic (`des` + `cargalo`) is no formation: the word is
                // a misaccented `descárgalo`.
                || (formation::is_formed(word, &check)
                    && enclitic::correct(word, check).is_none())
            {
                Verdict::Known
            } else {
                Verdict::Unknown(Arc::default())
            }
        })
    }

    /// Whether the dictionary (or the accepted words) has `word`, as written.
    pub fn is_known(&self, word: &str) -> bool {
        self.with_known(|known| known(word))
    }

    /// Runs `f` with a `known` function like [`Speller::is_known`], cheaper for the many
    /// words of a document.
    pub fn with_known<R>(&self, f: impl FnOnce(&mut dyn FnMut(&str) -> bool) -> R) -> R {
        self.local.batch(|batch| {
            f(&mut |word: &str| {
                batch.get_or_insert_with(word, || matches!(self.verdict(word), Verdict::Known))
            })
        })
    }

    /// Corrections for `word`, best first (empty for a known word). Ranked by spellbook's
    /// suggester, which tries edits, the `.aff` replacement table and accent maps first and
    /// n-gram similarity only when those find nothing; a verb with enclitics given its right
    /// accent comes first (`descargalo` → `descárgalo`), then one that only changes capitals
    /// (`senace` → `Senace`), then the fewest edits once accents and case are set aside
    /// (`estan` → `están` before `es tan`), a split word first among equals (`apartir` →
    /// `a partir`, the commonest of Spanish misspellings).
    pub fn suggestions(&self, word: &str) -> Vec<String> {
        let Verdict::Unknown(cell) = self.verdict(word) else {
            return Vec::new();
        };
        cell.get_or_init(|| {
            let mut out = Vec::new();
            let chars = word.chars().count();
            if chars > MAX_SUGGESTED_CHARS {
                return out;
            }
            let accented = enclitic::correct(word, |w| self.dict.check(w));
            let suggester = || self.dict.suggester();
            let edits = |w: &str, out: &mut Vec<String>| {
                suggester().with_ngram_suggestions(false).suggest(w, out)
            };
            edits(word, &mut out);
            if out.is_empty() && chars <= MAX_ACCENT_RETRY_CHARS {
                // Two slips, one of them the accent (`certficacion`): one edit away from a
                // variant with the accent on one of its last vowels.
                let mut found = Vec::new();
                for variant in enclitic::accent_variants(word).into_iter().take(4) {
                    edits(&variant, &mut found);
                    for f in found.drain(..) {
                        if !out.contains(&f) {
                            out.push(f);
                        }
                    }
                }
            }
            if out.is_empty() {
                suggester().suggest(word, &mut out);
            }
            out.retain(|s| {
                s != word && Some(s) != accented.as_ref() && !formation::splits_a_prefix(s)
            });
            let lower = word.to_lowercase();
            let folded = crate::text::fold(word);
            // Stable: spellbook's order breaks ties.
            out.sort_by_cached_key(|s| {
                let s_lower = s.to_lowercase();
                let split = s.contains(' ')
                    && s_lower.replace(' ', "") == lower
                    && s.split(' ')
                        .all(|p| p.chars().any(|c| "aeiouáéíóú".contains(c)));
                (
                    s_lower != lower,
                    strsim::levenshtein(&crate::text::fold(s), &folded),
                    !split,
                )
            });
            out.splice(0..0, accented);
            out.truncate(MAX_SUGGESTIONS);
            out
        })
        .clone()
    }
}

/// A speller being loaded or loaded, shared by everything that asks for the same one.
type Slot = Arc<OnceLock<Result<Arc<Speller>, SpellError>>>;

/// What a speller is built from: its dictionary and the words it accepts besides.
type Key = (Source, Vec<String>);

/// Spellers of this process.
static SPELLERS: LazyLock<Mutex<HashMap<Key, Slot>>> = LazyLock::new(Mutex::default);

/// The speller for `source` with the bundled vocabulary plus `accept`: loaded on the first
/// call, then shared by every caller (and thread) asking for the same one. A failure is
/// remembered too, so it is reported, not retried, by each caller.
pub fn shared(source: &Source, accept: &[String]) -> Result<Arc<Speller>, SpellError> {
    let slot = SPELLERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry((source.clone(), accept.to_vec()))
        .or_default()
        .clone();
    slot.get_or_init(|| load(source, accept).map(Arc::new))
        .clone()
}

/// Locates, reads and parses the dictionary of `source`, with the vocabulary added.
pub fn load(source: &Source, accept: &[String]) -> Result<Speller, SpellError> {
    let mut speller = match source {
        Source::Embedded => Speller::new(
            dictionary::EMBEDDED_AFF,
            dictionary::EMBEDDED_DIC,
            PathBuf::from(dictionary::EMBEDDED_NAME),
        )?,
        _ => Speller::read(&dictionary::locate(source)?)?,
    };
    speller.accept(vocabulary_words(PERU_VOCABULARY))?;
    speller.accept(vocabulary_words(ADMIN_VOCABULARY))?;
    speller.accept(accept.iter().map(String::as_str))?;
    Ok(speller)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny dictionary in Hunspell format: enough to test the speller without the system
    /// one (whose behaviour the rule's tests cover).
    const AFF: &str =
        "SET UTF-8\nTRY aeiouáéíóúnrstlcdm\nMAP 1\nMAP oó\n\nSFX S Y 1\nSFX S 0 s [aeiouáéíóú]\n";
    const DIC: &str = "4\ncasa/S\nevaluación\nambiental\nSenace\n";

    fn tiny() -> Speller {
        Speller::new(AFF, DIC, PathBuf::from("tiny.dic")).unwrap()
    }

    #[test]
    fn checks_and_suggests() {
        let s = tiny();
        assert!(s.is_known("casa"));
        assert!(s.is_known("casas"));
        assert!(s.is_known("Casa"));
        assert!(s.is_known("CASAS"));
        assert!(!s.is_known("cása"));
        assert_eq!(s.suggestions("evaluacion"), ["evaluación"]);
        assert_eq!(s.suggestions("casa"), Vec::<String>::new());
        // Capitals-only corrections first.
        assert_eq!(
            s.suggestions("senace").first().map(String::as_str),
            Some("Senace")
        );
    }

    #[test]
    fn very_long_words_get_no_suggestions() {
        let s = tiny();
        let long = "a".repeat(MAX_SUGGESTED_CHARS + 1);
        assert!(!s.is_known(&long));
        assert!(s.suggestions(&long).is_empty());
    }

    #[test]
    fn accepted_words_follow_hunspell_case_rules() {
        let mut s = tiny();
        s.accept(["ayllu", "Chumbivilcas"]).unwrap();
        for ok in ["ayllu", "Ayllu", "AYLLU", "Chumbivilcas", "CHUMBIVILCAS"] {
            assert!(s.is_known(ok), "{ok}");
        }
        assert!(!s.is_known("chumbivilcas"));
        let e = s.accept(["dos palabras"]).unwrap_err();
        assert!(e.to_string().contains("«dos palabras»"), "{e}");
        assert!(s.accept(["a/b"]).is_err());
    }

    #[test]
    fn the_admin_vocabulary_is_well_formed_and_new() {
        let words: Vec<&str> = vocabulary_words(ADMIN_VOCABULARY).collect();
        let peru: Vec<&str> = vocabulary_words(PERU_VOCABULARY).collect();
        let mut seen = std::collections::HashSet::new();
        for w in &words {
            assert_eq!(invalid_word(w), None, "{w}");
            assert!(seen.insert(*w), "{w} is listed twice");
            assert!(!peru.contains(w), "{w} is in vocab-peru.txt too");
        }
    }

    #[test]
    fn the_bundled_vocabulary_is_well_formed() {
        let words: Vec<&str> = vocabulary_words(PERU_VOCABULARY).collect();
        assert!(words.len() > 1000, "{} words", words.len());
        let mut seen = std::collections::HashSet::new();
        for w in &words {
            assert_eq!(invalid_word(w), None, "{w}");
            assert!(seen.insert(*w), "{w} is listed twice");
        }
        for w in ["Senace", "EIA-d", "ayllu", "Huancané", "asháninka"] {
            assert!(words.contains(&w), "{w}");
        }
    }

    #[test]
    fn a_parse_error_names_the_file() {
        let e = Speller::new("FLAG nonsense\n", "1\nx\n", PathBuf::from("roto.dic")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("roto.dic: diccionario Hunspell no válido"),
            "{e}"
        );
    }

    #[test]
    fn shared_spellers_remember_failures() {
        let dir = tempfile::tempdir().unwrap();
        let source = Source::Path(dir.path().join("falta.dic"), Given::Rule);
        let a = shared(&source, &[]).unwrap_err();
        let b = shared(&source, &[]).unwrap_err();
        assert_eq!(a, b);
        assert!(matches!(a, SpellError::Read { .. }));
    }
}
