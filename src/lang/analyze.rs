/*!
Verb analysis: which verb forms a written word is (`realizo` → realizar, present, 1.ª sg.).

The reverse of [`super::verbs`]: a word is cut into a candidate stem and an ending of some
regular paradigm, the stem changes of the classes are undone (`cuent` → `cont`, `pid` →
`ped`, `conozc` → `conoc`, `envi` → `envi`), and each candidate infinitive the verb table
knows is conjugated and compared with the word; the forms of the irregular models and the
verbs formed on them are looked up directly. Answers are remembered for the process, so a
word costs its analysis once.
*/

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use super::stress::strip_acute;
use super::verbs::{self, Cell};

/// A reading of a word as a verb form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub infinitive: Arc<str>,
    pub cell: Cell,
    /// The form carries enclitic pronouns (`escríbanos`), correctly accented.
    pub clitics: bool,
}

/// Endings of the regular paradigms (and the future and conditional, which follow the
/// infinitive), with the conjugations they belong to.
const ENDINGS: &[(&str, &[&str])] = &[
    ("o", &["ar", "er", "ir"]),
    ("as", &["ar"]),
    ("a", &["ar", "er", "ir"]),
    ("amos", &["ar", "er", "ir"]),
    ("áis", &["ar", "er", "ir"]),
    ("an", &["ar", "er", "ir"]),
    ("é", &["ar"]),
    ("aste", &["ar"]),
    ("ó", &["ar"]),
    ("asteis", &["ar"]),
    ("aron", &["ar"]),
    ("aba", &["ar"]),
    ("abas", &["ar"]),
    ("ábamos", &["ar"]),
    ("abais", &["ar"]),
    ("aban", &["ar"]),
    ("e", &["ar", "er", "ir"]),
    ("es", &["ar", "er", "ir"]),
    ("emos", &["ar", "er"]),
    ("éis", &["ar", "er"]),
    ("en", &["ar", "er", "ir"]),
    ("ara", &["ar"]),
    ("aras", &["ar"]),
    ("áramos", &["ar"]),
    ("arais", &["ar"]),
    ("aran", &["ar"]),
    ("ase", &["ar"]),
    ("ases", &["ar"]),
    ("ásemos", &["ar"]),
    ("aseis", &["ar"]),
    ("asen", &["ar"]),
    ("are", &["ar"]),
    ("ares", &["ar"]),
    ("áremos", &["ar"]),
    ("areis", &["ar"]),
    ("aren", &["ar"]),
    ("ad", &["ar"]),
    ("ando", &["ar"]),
    ("ado", &["ar"]),
    ("ada", &["ar"]),
    ("ados", &["ar"]),
    ("adas", &["ar"]),
    ("imos", &["er", "ir"]),
    ("ís", &["ir"]),
    ("í", &["er", "ir"]),
    ("iste", &["er", "ir"]),
    ("ió", &["er", "ir"]),
    ("isteis", &["er", "ir"]),
    ("ieron", &["er", "ir"]),
    ("eron", &["er", "ir"]),
    ("ía", &["er", "ir"]),
    ("ías", &["er", "ir"]),
    ("íamos", &["er", "ir"]),
    ("íais", &["er", "ir"]),
    ("ían", &["er", "ir"]),
    ("iera", &["er", "ir"]),
    ("ieras", &["er", "ir"]),
    ("iéramos", &["er", "ir"]),
    ("ierais", &["er", "ir"]),
    ("ieran", &["er", "ir"]),
    ("iese", &["er", "ir"]),
    ("ieses", &["er", "ir"]),
    ("iésemos", &["er", "ir"]),
    ("ieseis", &["er", "ir"]),
    ("iesen", &["er", "ir"]),
    ("iere", &["er", "ir"]),
    ("ieres", &["er", "ir"]),
    ("iéremos", &["er", "ir"]),
    ("iereis", &["er", "ir"]),
    ("ieren", &["er", "ir"]),
    ("ed", &["er"]),
    ("id", &["ir"]),
    ("iendo", &["er", "ir"]),
    ("yendo", &["er", "ir"]),
    ("ido", &["er", "ir"]),
    ("ida", &["er", "ir"]),
    ("idos", &["er", "ir"]),
    ("idas", &["er", "ir"]),
    ("ído", &["er", "ir"]),
    ("yó", &["er", "ir"]),
    ("yeron", &["er", "ir"]),
    ("yera", &["er", "ir"]),
    ("yo", &["ir"]),
    ("ye", &["ir"]),
    ("yen", &["ir"]),
    ("ya", &["ir"]),
    ("yan", &["ir"]),
];

/// Future and conditional endings, after the whole infinitive (or an irregular stem).
const FUTURE: &[&str] = &[
    "é", "ás", "á", "emos", "éis", "án", "ía", "ías", "íamos", "íais", "ían",
];

/// Stems the classes change, undone: (written, base).
const UNDO: &[(&str, &str)] = &[
    ("ie", "e"),
    ("ue", "o"),
    ("hue", "o"),
    ("ye", "e"),
    ("i", "e"),
    ("u", "o"),
    ("zc", "c"),
    ("z", "c"),
    ("j", "g"),
    ("qu", "c"),
    ("gu", "g"),
    ("gü", "gu"),
    ("c", "z"),
    ("g", "gu"),
    ("c", "qu"),
    ("y", ""),
    ("j", "c"),
];

/// Answers remembered (distinct words of a run).
const CAPACITY: usize = 1 << 15;

type Memo = HashMap<String, Arc<[Reading]>>;
static MEMO: LazyLock<Mutex<Memo>> = LazyLock::new(Mutex::default);

/// Conjugations remembered: each holds about a hundred forms, so all the verbs of a large
/// text would take tens of megabytes; the verbs of a run's recent words are enough.
const PARADIGM_CAPACITY: usize = 1 << 12;

/// Conjugations of the verbs tried, remembered.
static PARADIGMS: LazyLock<Mutex<HashMap<String, Option<Arc<verbs::Paradigm>>>>> =
    LazyLock::new(Mutex::default);

fn paradigm(inf: &str) -> Option<Arc<verbs::Paradigm>> {
    let mut map = PARADIGMS.lock().unwrap_or_else(PoisonError::into_inner);
    if map.len() > PARADIGM_CAPACITY {
        map.clear();
    }
    map.entry(inf.to_string())
        .or_insert_with(|| verbs::lookup(inf).and_then(|v| v.paradigm()).map(Arc::new))
        .clone()
}

/// The forms of the irregular models and of the verbs formed on them: form → readings.
static IRREGULAR: LazyLock<HashMap<String, Vec<Reading>>> = LazyLock::new(|| {
    let mut out: HashMap<String, Vec<Reading>> = HashMap::new();
    let models: Vec<&str> = verbs::model_names().collect();
    for inf in verbs::infinitives().chain(models.iter().copied()) {
        let Some(v) = verbs::lookup(inf) else {
            continue;
        };
        if !matches!(v.class, verbs::Class::Model(_)) {
            continue;
        }
        let Some(p) = v.paradigm() else { continue };
        let name: Arc<str> = Arc::from(inf);
        for (cell, form) in p.forms {
            let list = out.entry(form).or_default();
            let r = Reading {
                infinitive: name.clone(),
                cell,
                clitics: false,
            };
            if !list.contains(&r) {
                list.push(r);
            }
        }
    }
    out
});

/// Builds the tables of the analysis now (on a pool thread while packs load, say) rather
/// than at the first word.
pub fn warm() {
    LazyLock::force(&IRREGULAR);
}

/// [`readings`] of a word as written in a text (any case, maybe decomposed), remembered by
/// each thread as written: the same words come back in every sentence, and this lookup
/// takes no lock and allocates nothing when it hits.
pub fn readings_of_written(written: &str) -> Arc<[Reading]> {
    use std::cell::RefCell;
    thread_local! {
        static SEEN: RefCell<HashMap<Box<str>, Arc<[Reading]>>> = RefCell::default();
    }
    if let Some(r) = SEEN.with(|m| m.borrow().get(written).cloned()) {
        return r;
    }
    use unicode_normalization::UnicodeNormalization;
    let lower = written.nfc().collect::<String>().to_lowercase();
    let found = readings(&lower);
    SEEN.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= CAPACITY {
            m.clear();
        }
        m.insert(written.into(), found.clone());
    });
    found
}

/// Every reading of `word` (lowercase, with its accents as written) as a verb form.
pub fn readings(word: &str) -> Arc<[Reading]> {
    if let Some(r) = MEMO
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(word)
    {
        return r.clone();
    }
    let found: Arc<[Reading]> = Arc::from(analyse(word));
    let mut memo = MEMO.lock().unwrap_or_else(PoisonError::into_inner);
    if memo.len() >= CAPACITY {
        memo.clear();
    }
    memo.insert(word.to_string(), found.clone());
    found
}

fn analyse(word: &str) -> Vec<Reading> {
    let mut out = plain_readings(word);
    // With enclitic pronouns: the verb form without them, the whole written with the accent
    // the pronouns ask for (`escríbanos`, not `escribanos`).
    if word.chars().count() > 4 {
        for (stem, pronouns) in super::clitics::strip(word) {
            let plain_stem: String = stem.chars().map(strip_acute).collect();
            let mut bases = vec![plain_stem.clone()];
            if plain_stem != stem {
                bases.push(stem.clone());
            }
            // A hiatus accent of the base (`envíe`) is written in the word too.
            bases.extend(crate::lang::stress::hiatus_variants(&plain_stem));
            for base in bases {
                for r in plain_readings(&base) {
                    if !r.cell.takes_enclitics() {
                        continue;
                    }
                    let nosotros = matches!(
                        r.cell,
                        Cell::Fin {
                            tense: verbs::Tense::Subj,
                            person: 3
                        }
                    );
                    let vos = r.cell == Cell::Imp { plural: true };
                    if super::clitics::attach(&base, &pronouns, nosotros, vos).as_deref()
                        == Some(word)
                    {
                        let r = Reading { clitics: true, ..r };
                        if !out.contains(&r) {
                            out.push(r);
                        }
                    }
                }
            }
        }
    }
    out
}

fn plain_readings(word: &str) -> Vec<Reading> {
    let mut out: Vec<Reading> = IRREGULAR.get(word).cloned().unwrap_or_default();
    if word.chars().count() < 2 {
        return out;
    }
    let mut tried: Vec<String> = Vec::new();
    let mut try_inf = |inf: String, out: &mut Vec<Reading>| {
        if tried.contains(&inf) || !verbs::is_known(&inf) {
            return;
        }
        tried.push(inf.clone());
        let Some(p) = paradigm(&inf) else { return };
        let name: Arc<str> = Arc::from(inf.as_str());
        for (cell, form) in &p.forms {
            if form == word {
                let r = Reading {
                    infinitive: name.clone(),
                    cell: *cell,
                    clitics: false,
                };
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
    };
    // The infinitive itself.
    try_inf(word.to_string(), &mut out);
    for (ending, conjs) in ENDINGS {
        let Some(stem) = word.strip_suffix(ending) else {
            continue;
        };
        if stem.is_empty() {
            continue;
        }
        // The stem as written, unaccented (envío → envi), and with each class change undone.
        let plain: String = stem.chars().map(strip_acute).collect();
        let mut stems = vec![plain.clone()];
        for (from, to) in UNDO {
            if let Some(i) = plain.rfind(from) {
                let mut s = plain.clone();
                s.replace_range(i..i + from.len(), to);
                stems.push(s);
            }
        }
        for s in stems {
            for c in *conjs {
                try_inf(format!("{s}{c}"), &mut out);
            }
        }
    }
    for ending in FUTURE {
        if let Some(inf) = word.strip_suffix(ending) {
            try_inf(inf.to_string(), &mut out);
            // oiré → oír, reiré → reír
            if let Some(stem) = inf.strip_suffix("ir") {
                try_inf(format!("{stem}ír"), &mut out);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::verbs::Tense;

    fn cells(word: &str) -> Vec<(String, Cell)> {
        readings(word)
            .iter()
            .map(|r| (r.infinitive.to_string(), r.cell))
            .collect()
    }

    fn fin(tense: Tense, person: u8) -> Cell {
        Cell::Fin { tense, person }
    }

    #[test]
    fn regular_and_changed_stems() {
        assert!(cells("realizo").contains(&("realizar".into(), fin(Tense::Pres, 0))));
        assert!(cells("realizó").contains(&("realizar".into(), fin(Tense::Pret, 2))));
        assert!(cells("cuento").contains(&("contar".into(), fin(Tense::Pres, 0))));
        assert!(cells("pidió").contains(&("pedir".into(), fin(Tense::Pret, 2))));
        assert!(cells("conozco").contains(&("conocer".into(), fin(Tense::Pres, 0))));
        assert!(cells("envío").contains(&("enviar".into(), fin(Tense::Pres, 0))));
        assert!(cells("publiqué").contains(&("publicar".into(), fin(Tense::Pret, 0))));
        assert!(cells("evaluaremos").contains(&("evaluar".into(), fin(Tense::Fut, 3))));
        assert!(cells("construyó").contains(&("construir".into(), fin(Tense::Pret, 2))));
        assert!(cells("participar").contains(&("participar".into(), Cell::Inf)));
    }

    #[test]
    fn irregular_models() {
        assert!(cells("tuvo").contains(&("tener".into(), fin(Tense::Pret, 2))));
        assert!(cells("mantuvo").contains(&("mantener".into(), fin(Tense::Pret, 2))));
        assert!(cells("fue").iter().any(|(i, _)| i == "ser"));
        assert!(cells("fue").iter().any(|(i, _)| i == "ir"));
        assert!(cells("hubieron").contains(&("haber".into(), fin(Tense::Pret, 5))));
    }

    #[test]
    fn enclitic_forms_need_their_accent() {
        let r = readings("escríbanos");
        assert!(
            r.iter().any(|r| r.clitics && &*r.infinitive == "escribir"),
            "{r:?}"
        );
        assert!(readings("escribanos").iter().all(|r| !r.clitics));
        assert!(
            readings("vótenlo")
                .iter()
                .any(|r| r.clitics && &*r.infinitive == "votar")
        );
        assert!(
            readings("envíenos")
                .iter()
                .any(|r| r.clitics && &*r.infinitive == "enviar")
        );
    }

    #[test]
    fn non_verbs_have_no_reading() {
        for w in ["casa", "página", "evaluación", "el", "de", "lista"] {
            assert!(
                cells(w).iter().all(|(i, _)| i != "casar" || w == "casa"),
                "{w}: {:?}",
                cells(w)
            );
        }
        assert!(cells("evaluación").is_empty());
        assert!(cells("página").is_empty());
    }
}
