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

pub mod affix;
pub mod dictionary;
pub mod enclitic;
pub mod formation;
pub mod memo;
pub mod segment;
pub mod suggest;
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

/// A dictionary with its memo and its suggestion index.
pub struct Speller {
    dict: spellbook::Dictionary<foldhash::fast::FixedState>,
    memo: Memo<Verdict>,
    local: Local,
    /// The `.dic` file it was read from.
    path: PathBuf,
    /// The texts of a dictionary that is not the embedded one, to index on the first
    /// suggestion (`None` for the embedded one, whose index is built ahead of time).
    texts: Option<Box<(String, String)>>,
    /// Every form of the dictionary, searchable by edit distance (built or read on first use).
    index: OnceLock<suggest::Index>,
    /// Words accepted besides the dictionary (vocabularies, `vocabulary.accept`).
    accepted: Vec<String>,
    accepted_index: OnceLock<suggest::Index>,
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
        // A fixed seed: the dictionary's word table is walked in hash order.
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
            texts: Some(Box::new((aff.to_string(), dic.to_string()))),
            index: OnceLock::new(),
            accepted: Vec::new(),
            accepted_index: OnceLock::new(),
        })
    }

    /// The embedded dictionary, with its index built ahead of time.
    pub fn embedded() -> Result<Speller, SpellError> {
        let mut s = Speller::new(
            dictionary::EMBEDDED_AFF,
            dictionary::EMBEDDED_DIC,
            PathBuf::from(dictionary::EMBEDDED_NAME),
        )?;
        if let Some(index) = suggest::Index::from_bytes(EMBEDDED_INDEX) {
            s.texts = None;
            let _ = s.index.set(index);
        }
        Ok(s)
    }

    /// The index of the dictionary's forms.
    fn index(&self) -> &suggest::Index {
        self.index.get_or_init(|| match &self.texts {
            Some(texts) => index_of(&texts.0, &texts.1),
            None => suggest::Index::build([]),
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
            self.accepted.push(word.to_string());
        }
        self.accepted_index = OnceLock::new();
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

    /// Corrections for `word`, best first (empty for a known word): the forms of the
    /// dictionary and the accepted words whose keys ([`suggest::key`]: no case, no accents)
    /// are one edit away, or two when one finds none and the word is longer than four
    /// letters (the two-edit walk keeps the first letter), and the word split in two known
    /// words. Only accent and case fixes when there are some. A verb with enclitics given its right
    /// accent comes first (`descargalo` → `descárgalo`), then one that only changes capitals
    /// (`senace` → `Senace`), then the fewest edits once accents and case are set aside
    /// (`estan` → `están` before `es tan`), a split word first among equals (`apartir` →
    /// `a partir`, the commonest of Spanish misspellings), then the fewest edits with accents
    /// (`publico` keeps its accent-free spelling when it can), then the closest length.
    pub fn suggestions(&self, word: &str) -> Vec<String> {
        let Verdict::Unknown(cell) = self.verdict(word) else {
            return Vec::new();
        };
        cell.get_or_init(|| self.compute_suggestions(word)).clone()
    }

    fn compute_suggestions(&self, word: &str) -> Vec<String> {
        let chars = word.chars().count();
        // Two letters are an abbreviation or a symbol more often than a slip.
        if chars > MAX_SUGGESTED_CHARS || suggest::key(word).len() <= 2 {
            return Vec::new();
        }
        let check = |w: &str| self.dict.check(w);
        let accented = enclitic::correct(word, check);
        let accepted = self
            .accepted_index
            .get_or_init(|| suggest::Index::build(self.accepted.iter().map(String::as_str)));
        let mut found = Vec::new();
        for index in [self.index(), accepted] {
            index.search(word, 1, MAX_CANDIDATES, &mut found);
        }
        // Two edits only when one finds nothing: a farther guess would bury a close one.
        if found.is_empty() && suggest::key(word).len() > 4 {
            found.clear();
            for index in [self.index(), accepted] {
                index.search(word, 1, MAX_CANDIDATES, &mut found);
                index.search_same_start(word, 2, MAX_CANDIDATES, &mut found);
            }
        }
        // A form that differs only in accents or capitals is the correction: the others
        // would only distract from it (`evaluacíon` → `evaluación`, not `evacuación`).
        if found.iter().any(|c| c.distance == 0) {
            found.retain(|c| c.distance == 0);
        }
        // Every form of the index is a word of the dictionary: nothing to check again.
        let case = Case::of(word);
        let mut out: Vec<(String, u8, bool)> = found
            .into_iter()
            .map(|c| (case.apply(&c.word), c.distance, false))
            .collect();
        if out.iter().all(|(_, d, _)| *d > 0) {
            out.extend(self.splits(word).into_iter().map(|s| (s, 1, true)));
        }
        out.retain(|(s, _, _)| {
            s != word && Some(s) != accented.as_ref() && !formation::splits_a_prefix(s)
        });
        let lower = word.to_lowercase();
        out.sort_by_cached_key(|(s, distance, split)| {
            let s_lower = s.to_lowercase();
            (
                s_lower != lower,
                *distance,
                !split,
                Case::of(s) != case,
                strsim::levenshtein(&s_lower, &lower),
                s.chars().count().abs_diff(chars),
                s.clone(),
            )
        });
        // One spelling per word: `aire` for `dire`, not `Aire` too.
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<String> = out
            .into_iter()
            .map(|(s, _, _)| s)
            .filter(|s| seen.insert(s.to_lowercase()))
            .collect();
        out.splice(0..0, accented);
        out.truncate(MAX_SUGGESTIONS);
        out
    }

    /// `word` cut in two known words, one of them a short word that is often glued to the
    /// next or the last (`apartir` → `a partir`, `seha` → `se ha`, `situadoes` →
    /// `situado es`); a cut into two content words (`cementario` → `cementa rio`) is a guess
    /// too far.
    fn splits(&self, word: &str) -> Vec<String> {
        let glued = |p: &str| GLUED.contains(&p.to_lowercase().as_str());
        word.char_indices()
            .skip(1)
            .map(|(i, _)| word.split_at(i))
            .filter(|(a, b)| glued(a) || glued(b))
            .filter(|(a, b)| self.dict.check(a) && self.dict.check(b))
            .map(|(a, b)| format!("{a} {b}"))
            .collect()
    }
}

/// Short words that writers glue to a neighbour.
const GLUED: &[&str] = &[
    "a", "al", "con", "de", "del", "el", "en", "es", "ha", "han", "la", "las", "le", "les", "lo",
    "los", "me", "mi", "mis", "no", "nos", "o", "para", "por", "que", "se", "si", "sin", "su",
    "sus", "te", "tu", "un", "una", "y", "ya",
];

/// Candidates kept per search before ranking.
const MAX_CANDIDATES: usize = 200;

/// How an unknown word is capitalised, to give its corrections the same capitals.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Case {
    Lower,
    Title,
    Upper,
}

impl Case {
    fn of(word: &str) -> Case {
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        match letters.next() {
            Some(c) if c.is_uppercase() => {
                let rest: Vec<char> = letters.collect();
                if !rest.is_empty() && rest.iter().all(|c| c.is_uppercase()) {
                    Case::Upper
                } else {
                    Case::Title
                }
            }
            _ => Case::Lower,
        }
    }

    fn apply(self, s: &str) -> String {
        match self {
            Case::Lower => s.to_string(),
            Case::Upper => s.to_uppercase(),
            Case::Title => {
                let mut c = s.chars();
                c.next().map_or_else(String::new, |f| {
                    f.to_uppercase().chain(c).collect::<String>()
                })
            }
        }
    }
}

/// The index of every form of the dictionary of `aff` and `dic`.
fn index_of(aff: &str, dic: &str) -> suggest::Index {
    let mut forms = Vec::new();
    affix::Affixes::parse(aff).expand(dic, &mut |w| forms.push(w.to_string()));
    suggest::Index::build(forms.iter().map(String::as_str))
}

/// The suggestion index of the embedded dictionary, built ahead of time
/// (`examples/build_spell_index.rs`).
const EMBEDDED_INDEX: &[u8] = include_bytes!("../../data/hunspell/es.index");

/// The suggestion index of the embedded dictionary, as `data/hunspell/es.index` holds it.
pub fn embedded_index_bytes() -> Vec<u8> {
    index_of(dictionary::EMBEDDED_AFF, dictionary::EMBEDDED_DIC).to_bytes()
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
        Source::Embedded => Speller::embedded()?,
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
    fn the_embedded_index_matches_the_dictionary() {
        assert!(
            embedded_index_bytes() == EMBEDDED_INDEX,
            "data/hunspell/es.index is out of date: \
             cargo run --release --example build_spell_index"
        );
    }

    #[test]
    fn suggestions_come_from_the_index_with_the_words_case() {
        let s = load(&Source::Embedded, &["Qhapaq".to_string()]).expect("embedded");
        assert_eq!(
            s.suggestions("Evaluacion").first().map(String::as_str),
            Some("Evaluación")
        );
        assert_eq!(
            s.suggestions("EVALUACION").first().map(String::as_str),
            Some("EVALUACIÓN")
        );
        // Two slips, one of them the accent; a glued short word; an accepted word.
        assert_eq!(
            s.suggestions("certficacion").first().map(String::as_str),
            Some("certificación")
        );
        assert_eq!(
            s.suggestions("seha").first().map(String::as_str),
            Some("se ha")
        );
        assert_eq!(
            s.suggestions("qhapac").first().map(String::as_str),
            Some("Qhapaq")
        );
        // No split into two content words, no guess for two letters.
        assert!(!s.suggestions("cementario").iter().any(|w| w.contains(' ')));
        assert!(s.suggestions("sp").is_empty());
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
