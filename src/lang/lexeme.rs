/*!
Lemmas as sets of folded forms: what a token pattern's `<votar>` or a lexicon entry matches.

[`expand`] gives every written form of a lemma with its [`Tag`] (a verb's cell, a noun's
gender and number). [`FormIndex`] holds the folded forms of many lemmas (a lexicon) and answers
for a folded word which lemmas it is a form of, enclitic pronouns included: a verb's
infinitive, gerund and commands are not stored with every pronoun; a word is looked up as
written and again without the pronouns it may end in (`votenlo` → `voten`). [`Features`]
narrows a match to some cells (`cmd`, `1p`, `m`, `pl`…).
*/

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use super::verbs::{self, Cell, Tense};
use super::{clitics, nominal};
use crate::text::fold;

/// How a lemma inflects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    /// Every simple form, and enclitic pronouns after infinitives, gerunds and commands.
    Verb,
    /// Singular and plural.
    Noun,
    /// A person noun: masculine and feminine, singular and plural.
    Person,
    /// An adjective: masculine and feminine, singular and plural.
    Adj,
    /// Exactly as written.
    Word,
}

impl Pos {
    pub const NAMES: &'static [&'static str] = &["verb", "noun", "person", "adj", "word"];

    pub fn parse(s: &str) -> Option<Pos> {
        Some(match s {
            "verb" => Pos::Verb,
            "noun" => Pos::Noun,
            "person" => Pos::Person,
            "adj" => Pos::Adj,
            "word" => Pos::Word,
            _ => return None,
        })
    }

    /// The part of speech a lemma written alone suggests: a verb when it is an infinitive
    /// the verb table knows (`votar`, `inscribirse`), else a noun.
    pub fn infer(lemma: &str) -> Pos {
        let l = lemma.to_lowercase();
        let base = verbs::pronominal_base(&l).unwrap_or(&l);
        if verbs::is_known(base) {
            Pos::Verb
        } else {
            Pos::Noun
        }
    }
}

/// A form's place in its lemma's paradigm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    Verb(Cell),
    Nom(nominal::Gn),
    Word,
}

/// Every written form of `lemma` with its tag. `fem` gives an irregular feminine for
/// persons and adjectives (`alcalde` → `alcaldesa`).
pub fn expand(lemma: &str, pos: Pos, fem: Option<&str>) -> Result<Vec<(String, Tag)>, String> {
    let lemma = lemma.trim();
    let lower = lemma.to_lowercase();
    match pos {
        Pos::Verb => {
            let p = verbs::conjugate(&lower)
                .ok_or_else(|| format!("«{lemma}» no es un infinitivo (-ar, -er, -ir)"))?;
            Ok(p.forms
                .into_iter()
                .map(|(c, f)| (f, Tag::Verb(c)))
                .collect())
        }
        Pos::Noun => Ok(nominal::forms(&lower, false)
            .into_iter()
            .map(|(g, f)| (f, Tag::Nom(g)))
            .collect()),
        Pos::Person | Pos::Adj => {
            let mut forms = nominal::forms(&lower, true);
            if let Some(f) = fem {
                let f = f.trim().to_lowercase();
                forms.retain(|(g, _)| g.fem != Some(true));
                for (g, _) in forms.iter_mut() {
                    g.fem = Some(false);
                }
                for (g, form) in nominal::forms(&f, false) {
                    forms.push((
                        nominal::Gn {
                            fem: Some(true),
                            plural: g.plural,
                        },
                        form,
                    ));
                }
            }
            Ok(forms.into_iter().map(|(g, f)| (f, Tag::Nom(g))).collect())
        }
        Pos::Word => Ok(vec![(lemma.to_string(), Tag::Word)]),
    }
}

/// Folded forms of many lemmas, each with the entries (lemmas) and tags it stands for.
#[derive(Debug, Default, Clone)]
pub struct FormIndex {
    map: HashMap<String, Vec<(u32, Tag)>>,
    /// Folded form → the forms as written (with their accents).
    written: HashMap<String, Vec<String>>,
    /// Whether some entry is a verb (words are then also looked up without enclitics).
    verbs: bool,
}

/// A match of a word in a [`FormIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub entry: u32,
    pub tag: Tag,
    /// The word carries enclitic pronouns.
    pub clitics: bool,
}

impl FormIndex {
    /// Adds the forms of entry `entry`.
    pub fn add(&mut self, entry: u32, forms: &[(String, Tag)]) {
        for (form, tag) in forms {
            self.verbs |= matches!(tag, Tag::Verb(_));
            let key = fold(form);
            let written = self.written.entry(key.clone()).or_default();
            if !written.contains(form) {
                written.push(form.clone());
            }
            let list = self.map.entry(key).or_default();
            if !list.contains(&(entry, *tag)) {
                list.push((entry, *tag));
            }
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The folded forms, for anchoring (each is a whole word).
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// The forms as written that fold to `folded` (`pagina` → `página`).
    pub fn written(&self, folded: &str) -> &[String] {
        self.written.get(folded).map_or(&[], Vec::as_slice)
    }

    /// Every reading of the folded word `word`.
    pub fn lookup(&self, word: &str, out: &mut Vec<Hit>) {
        self.any(word, &mut |h| {
            out.push(h);
            false
        });
    }

    /// Whether `f` holds for some reading of the folded word `word`; stops at the first.
    /// Allocates nothing (the hot path of token patterns).
    pub fn any(&self, word: &str, f: &mut dyn FnMut(Hit) -> bool) -> bool {
        if let Some(list) = self.map.get(word) {
            for &(entry, tag) in list {
                if f(Hit {
                    entry,
                    tag,
                    clitics: false,
                }) {
                    return true;
                }
            }
        }
        let mut found = false;
        if self.verbs && word.len() > 3 {
            clitics::for_each_stem(word, &mut |stem, _| {
                if found {
                    return;
                }
                if let Some(list) = self.map.get(stem) {
                    found = list
                        .iter()
                        .filter(|(_, t)| matches!(t, Tag::Verb(c) if c.takes_enclitics()))
                        .any(|&(entry, tag)| {
                            f(Hit {
                                entry,
                                tag,
                                clitics: true,
                            })
                        });
                }
            });
        }
        found
    }

    /// Whether `word` is a form of some entry that `features` accepts.
    pub fn matches(&self, word: &str, features: &Features) -> bool {
        self.any(word, &mut |h| features.accepts(&h))
    }
}

/// Restrictions on the forms a lemma test accepts: `cmd`, `1p`, `m`, `pl`, `cl`…
/// Features of one group are alternatives; groups must all hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    moods: Vec<Mood>,
    persons: Vec<u8>,
    fem: Option<bool>,
    plural: Option<bool>,
    clitics: Option<bool>,
}

/// The tense or mood groups of the `:` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mood {
    Inf,
    Ger,
    Part,
    Tense(Tense),
    /// Either imperfect subjunctive (`-ra`, `-se`).
    SubjPast,
    /// The imperative proper (tú, vosotros).
    Imp,
    /// Any command: the imperative and the usted, nosotros, ustedes subjunctives.
    Cmd,
    /// Any finite form.
    Fin,
}

/// The feature names a lemma test accepts, for messages.
pub const FEATURE_NAMES: &str = "inf, ger, part, pres, pret, impf, fut, cond, subj, subj-ra, \
     subj-se, subj-past, subj-fut, imp, cmd, fin, 1s, 2s, 3s, 1p, 2p, 3p, m, f, sg, pl, cl, nocl";

impl Features {
    pub fn is_empty(&self) -> bool {
        *self == Features::default()
    }

    /// Parses a comma-separated list. Part-of-speech names (`verb`, `adj`…) are left to the
    /// caller.
    pub fn parse(list: &str) -> Result<Features, String> {
        let mut f = Features::default();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let mood = match name {
                "inf" => Some(Mood::Inf),
                "ger" => Some(Mood::Ger),
                "part" => Some(Mood::Part),
                "subj-past" => Some(Mood::SubjPast),
                "imp" => Some(Mood::Imp),
                "cmd" => Some(Mood::Cmd),
                "fin" => Some(Mood::Fin),
                _ => verbs::TENSES
                    .iter()
                    .find(|t| t.name() == name)
                    .map(|t| Mood::Tense(*t)),
            };
            if let Some(m) = mood {
                f.moods.push(m);
                continue;
            }
            match name {
                "1s" => f.persons.push(0),
                "2s" => f.persons.push(1),
                "3s" => f.persons.push(2),
                "1p" => f.persons.push(3),
                "2p" => f.persons.push(4),
                "3p" => f.persons.push(5),
                "m" => f.fem = Some(false),
                "f" => f.fem = Some(true),
                "sg" => f.plural = Some(false),
                "pl" => f.plural = Some(true),
                "cl" => f.clitics = Some(true),
                "nocl" => f.clitics = Some(false),
                other => {
                    return Err(format!(
                        "rasgo desconocido «{other}» (rasgos: {FEATURE_NAMES})"
                    ));
                }
            }
        }
        Ok(f)
    }

    /// Whether a reading has these features.
    pub fn accepts(&self, hit: &Hit) -> bool {
        if self.clitics.is_some_and(|c| c != hit.clitics) {
            return false;
        }
        match hit.tag {
            Tag::Verb(cell) => {
                let mood_ok =
                    self.moods.is_empty() || self.moods.iter().any(|m| mood_has(*m, cell));
                let person = match cell {
                    Cell::Fin { person, .. } => Some(person),
                    Cell::Imp { plural } => Some(if plural { 4 } else { 1 }),
                    _ => None,
                };
                let person_ok =
                    self.persons.is_empty() || person.is_some_and(|p| self.persons.contains(&p));
                let (fem, plural) = match cell {
                    Cell::Part { fem, plural } => (Some(fem), Some(plural)),
                    _ => (None, None),
                };
                mood_ok
                    && person_ok
                    && self.fem.is_none_or(|f| fem == Some(f))
                    && self.plural.is_none_or(|p| plural == Some(p))
            }
            Tag::Nom(gn) => {
                self.moods.is_empty()
                    && self.persons.is_empty()
                    // A form with one gender for both (`estudiantes`) has either.
                    && self.fem.is_none_or(|f| gn.fem.is_none_or(|g| g == f))
                    && self.plural.is_none_or(|p| gn.plural == p)
            }
            Tag::Word => self.moods.is_empty() && self.persons.is_empty(),
        }
    }
}

fn mood_has(m: Mood, cell: Cell) -> bool {
    match (m, cell) {
        (Mood::Inf, Cell::Inf) | (Mood::Ger, Cell::Ger) => true,
        (Mood::Part, Cell::Part { .. }) => true,
        (Mood::Tense(t), Cell::Fin { tense, .. }) => t == tense,
        (Mood::SubjPast, Cell::Fin { tense, .. }) => {
            matches!(tense, Tense::SubjRa | Tense::SubjSe)
        }
        (Mood::Imp, Cell::Imp { .. }) => true,
        (Mood::Cmd, c) => c.is_command(),
        (Mood::Fin, Cell::Fin { .. } | Cell::Imp { .. }) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(lemma: &str, pos: Pos) -> FormIndex {
        let mut ix = FormIndex::default();
        ix.add(0, &expand(lemma, pos, None).unwrap());
        ix
    }

    #[test]
    fn verbs_match_every_form_and_enclitics() {
        let ix = index("votar", Pos::Verb);
        let any = Features::default();
        for w in [
            "votar",
            "votemos",
            "votenlo",
            "votalo",
            "votandolo",
            "votaron",
            "votaria",
        ] {
            assert!(ix.matches(w, &any), "{w}");
        }
        assert!(!ix.matches("voto2", &any));
        let cmd = Features::parse("cmd").unwrap();
        assert!(ix.matches("votemos", &cmd));
        assert!(ix.matches("votenlo", &cmd));
        assert!(ix.matches("vota", &cmd));
        assert!(!ix.matches("votaron", &cmd));
        let fut1 = Features::parse("fut,1s,1p").unwrap();
        assert!(ix.matches("votaremos", &fut1));
        assert!(!ix.matches("votaran", &fut1));
        // the -ra subjunctive is not the future
        assert!(!ix.matches("votaras", &fut1));
    }

    #[test]
    fn persons_have_gender_and_number() {
        let mut ix = FormIndex::default();
        ix.add(0, &expand("ciudadano", Pos::Person, None).unwrap());
        ix.add(
            1,
            &expand("alcalde", Pos::Person, Some("alcaldesa")).unwrap(),
        );
        ix.add(2, &expand("estudiante", Pos::Person, None).unwrap());
        let mpl = Features::parse("m,pl").unwrap();
        assert!(ix.matches("ciudadanos", &mpl));
        assert!(!ix.matches("ciudadanas", &mpl));
        assert!(ix.matches("alcaldes", &mpl));
        assert!(!ix.matches("alcaldesas", &mpl));
        assert!(ix.matches("estudiantes", &mpl));
        assert!(Features::parse("x").is_err());
    }

    #[test]
    fn the_part_of_speech_of_a_lone_lemma() {
        assert_eq!(Pos::infer("votar"), Pos::Verb);
        assert_eq!(Pos::infer("inscribirse"), Pos::Verb);
        assert_eq!(Pos::infer("hogar"), Pos::Noun);
        assert_eq!(Pos::infer("expediente"), Pos::Noun);
    }
}
