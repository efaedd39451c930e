//! Morphology (#10): the forms vigia generates for a lemma are Spanish words, checked against
//! the embedded RLA-ES dictionary, for the verbs the packs care about and for a sample of the
//! whole verb table.

use std::sync::OnceLock;

use vigia::lang::verbs::{self, Cell, Tense};
use vigia::lang::{clitics, nominal};
use vigia::spell::{self, Source, Speller};

fn speller() -> &'static Speller {
    static S: OnceLock<Speller> = OnceLock::new();
    S.get_or_init(|| spell::load(&Source::Embedded, &[]).expect("embedded dictionary"))
}

/// Forms of `lemma` the dictionary does not know.
fn unknown_forms(lemma: &str) -> Vec<String> {
    let p = verbs::conjugate(lemma).unwrap_or_else(|| panic!("{lemma} conjugates"));
    p.forms
        .iter()
        .map(|(_, f)| f.clone())
        .filter(|f| !speller().is_known(f))
        .collect()
}

#[test]
fn issue_10_verbs_of_the_packs_in_every_person_tense_and_mood() {
    for lemma in [
        "votar",
        "respaldar",
        "apoyar",
        "bendecir",
        "orar",
        "comprar",
        "hospedarse",
        "inscribirse",
        "enviar",
        "escribir",
        "responder",
        "publicar",
        "elegir",
        "tener",
        "hacer",
        "ir",
        "ser",
        "decir",
        "pedir",
        "seguir",
        "conocer",
        "contar",
        "construir",
        "leer",
        "reunir",
        "evaluar",
        "conducir",
        "mantener",
        "exponer",
        "prever",
        "jugar",
    ] {
        let missing = unknown_forms(lemma);
        assert!(missing.is_empty(), "{lemma}: {missing:?}");
    }
}

#[test]
fn issue_10_enclitic_forms_are_words_the_speller_accepts() {
    let p = verbs::conjugate("votar").unwrap();
    let mut made = Vec::new();
    for (cell, form) in &p.forms {
        if !cell.takes_enclitics() {
            continue;
        }
        let nosotros = *cell
            == Cell::Fin {
                tense: Tense::Subj,
                person: 3,
            };
        let vos = *cell == Cell::Imp { plural: true };
        for pron in clitics::sequences() {
            made.push(clitics::attach(form, &pron, nosotros, vos).unwrap());
        }
    }
    for w in [
        "vótalo",
        "vótenlo",
        "votémoslo",
        "votarlo",
        "votándolo",
        "votárselo",
    ] {
        assert!(made.iter().any(|m| m == w), "{w} not made");
    }
    let rejected: Vec<&String> = made.iter().filter(|w| !speller().is_known(w)).collect();
    assert!(rejected.is_empty(), "{rejected:?}");
}

#[test]
fn issue_10_plurals_and_genders_are_words() {
    let persons = [
        "ciudadano",
        "ingeniero",
        "trabajador",
        "alcalde",
        "gobernador",
        "candidato",
        "joven",
        "corrupto",
        "ladrón",
        "francés",
    ];
    let things = [
        "canción", "país", "ley", "luz", "examen", "crisis", "lápiz", "régimen",
    ];
    for (lemma, genders) in persons
        .iter()
        .map(|l| (l, true))
        .chain(things.iter().map(|l| (l, false)))
    {
        for (_, form) in nominal::forms(lemma, genders) {
            assert!(speller().is_known(&form), "{lemma}: {form}");
        }
    }
}

/// Every 37th verb of the table: at least 95 % of the forms are words of the dictionary
/// (vosotros forms and the future subjunctive of rare verbs are its usual gaps).
#[test]
fn issue_10_the_verb_table_agrees_with_the_dictionary() {
    let mut infinitives: Vec<&str> = verbs::infinitives().collect();
    infinitives.sort_unstable();
    let (mut total, mut known) = (0usize, 0usize);
    let mut worst = Vec::new();
    for inf in infinitives.iter().step_by(37) {
        let p = verbs::conjugate(inf).unwrap();
        let n = p.forms.len();
        let k = p
            .forms
            .iter()
            .filter(|(_, f)| speller().is_known(f))
            .count();
        total += n;
        known += k;
        if k * 10 < n * 8 {
            worst.push(format!("{inf} {k}/{n}"));
        }
    }
    assert!(
        known * 100 >= total * 95,
        "{known}/{total}; worst: {worst:?}"
    );
}
