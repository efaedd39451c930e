/*!
Spanish verb conjugation: every simple form of a verb, each with its place in the paradigm.

A verb is conjugated from its infinitive and its **class**, which `data/lang/verbs.tsv` gives
for every verb of the embedded dictionary (built by `cargo run --example build_verbs` from
the dictionary's own affix rules, see [`crate::lang`]):

- regular paradigms of `-ar`, `-er`, `-ir`, with the spelling changes Spanish makes at the
  junction of stem and ending (`busqué`, `llegue`, `averigüe`, `venzo`, `escojo`, `sigo`,
  `leyó`, `leíste`, `construyo`, `gruñó`);
- stem changes in the stressed forms (`ie` pensar → pienso, `ue` contar → cuento, `i` pedir
  → pido, `ie-i` sentir → siento/sintió, `ue-u` dormir → duermo/durmió, `i-ie` adquirir →
  adquiero, `u-ue` jugar → juego), accents on a weak stem vowel (`iar` enviar → envío, `uar`
  actuar → actúo, `hiato` reunir → reúno), `zc` (conocer → conozco) and `duc` (conducir →
  conduzco, conduje);
- irregular models (`=tener`), written in `data/lang/irregular-verbs.tsv`, for the verb and
  the verbs formed on it with a prefix (contener, mantener → mantén);
- irregular participles (`part=escrito`).

A verb missing from the table is conjugated regularly, or on a model whose infinitive ends
it (`sobreponer` on `poner`). [`conjugate`] gives the paradigm; enclitic pronouns are
attached by [`crate::lang::clitics`].
*/

use std::collections::HashMap;
use std::sync::LazyLock;

use super::stress::{add_acute, stress_of, strip_acute, write_stress};

/// Simple tenses with six persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tense {
    /// Present indicative.
    Pres,
    /// Preterite (pretérito perfecto simple).
    Pret,
    /// Imperfect indicative.
    Impf,
    Fut,
    Cond,
    /// Present subjunctive.
    Subj,
    /// Imperfect subjunctive in `-ra`.
    SubjRa,
    /// Imperfect subjunctive in `-se`.
    SubjSe,
    /// Future subjunctive.
    SubjFut,
}

pub const TENSES: [Tense; 9] = [
    Tense::Pres,
    Tense::Pret,
    Tense::Impf,
    Tense::Fut,
    Tense::Cond,
    Tense::Subj,
    Tense::SubjRa,
    Tense::SubjSe,
    Tense::SubjFut,
];

impl Tense {
    /// The name used in token patterns and in `vigia explain`.
    pub fn name(self) -> &'static str {
        match self {
            Tense::Pres => "pres",
            Tense::Pret => "pret",
            Tense::Impf => "impf",
            Tense::Fut => "fut",
            Tense::Cond => "cond",
            Tense::Subj => "subj",
            Tense::SubjRa => "subj-ra",
            Tense::SubjSe => "subj-se",
            Tense::SubjFut => "subj-fut",
        }
    }

    /// The Spanish name shown in `vigia explain`.
    pub fn label(self) -> &'static str {
        match self {
            Tense::Pres => "presente",
            Tense::Pret => "pretérito perfecto simple",
            Tense::Impf => "pretérito imperfecto",
            Tense::Fut => "futuro",
            Tense::Cond => "condicional",
            Tense::Subj => "presente de subjuntivo",
            Tense::SubjRa => "pretérito imperfecto de subjuntivo (-ra)",
            Tense::SubjSe => "pretérito imperfecto de subjuntivo (-se)",
            Tense::SubjFut => "futuro de subjuntivo",
        }
    }
}

/// A form's place in the paradigm. Persons are 0..6: yo, tú, él/usted, nosotros, vosotros,
/// ellos/ustedes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cell {
    Inf,
    Ger,
    Part {
        fem: bool,
        plural: bool,
    },
    Fin {
        tense: Tense,
        person: u8,
    },
    /// The imperative proper: tú (`vota`) and vosotros (`votad`). The usted, nosotros and
    /// ustedes commands are present subjunctives.
    Imp {
        plural: bool,
    },
}

impl Cell {
    /// Whether the form is a command (imperative, or a present subjunctive of usted,
    /// nosotros or ustedes: `vote`, `votemos`, `voten`).
    pub fn is_command(self) -> bool {
        match self {
            Cell::Imp { .. } => true,
            Cell::Fin {
                tense: Tense::Subj,
                person,
            } => matches!(person, 2 | 3 | 5),
            _ => false,
        }
    }

    /// Whether enclitic pronouns may follow the form (`votarlo`, `votándolo`, `vótalo`,
    /// `vótenlo`, `votémoslo`).
    pub fn takes_enclitics(self) -> bool {
        matches!(self, Cell::Inf | Cell::Ger) || self.is_command()
    }

    /// A short description for `vigia explain` (`presente, 1.ª sg.`).
    pub fn describe(self) -> String {
        const PERSONS: [&str; 6] = [
            "1.ª sg.", "2.ª sg.", "3.ª sg.", "1.ª pl.", "2.ª pl.", "3.ª pl.",
        ];
        match self {
            Cell::Inf => "infinitivo".into(),
            Cell::Ger => "gerundio".into(),
            Cell::Part { fem, plural } => format!(
                "participio {} {}",
                if fem { "fem." } else { "masc." },
                if plural { "pl." } else { "sg." }
            ),
            Cell::Fin { tense, person } => {
                format!("{}, {}", tense.label(), PERSONS[person as usize])
            }
            Cell::Imp { plural } => {
                format!("imperativo, {}", if plural { "vosotros" } else { "tú" })
            }
        }
    }
}

/// A verb's conjugation: every form with its cell, in paradigm order. A cell may have two
/// forms (`imprimido`, `impreso`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paradigm {
    /// The infinitive (without a pronominal `-se`).
    pub infinitive: String,
    pub forms: Vec<(Cell, String)>,
}

impl Paradigm {
    /// The forms of one cell.
    pub fn get(&self, cell: Cell) -> impl Iterator<Item = &str> {
        self.forms
            .iter()
            .filter(move |(c, _)| *c == cell)
            .map(|(_, f)| f.as_str())
    }

    /// The first form of a finite cell (tests and `explain`).
    pub fn form(&self, tense: Tense, person: u8) -> Option<&str> {
        self.get(Cell::Fin { tense, person }).next()
    }
}

/// The three conjugations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conj {
    Ar,
    Er,
    Ir,
}

/// How a verb departs from its regular paradigm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    None,
    /// e → ie in stressed forms (pensar, entender).
    Ie,
    /// o → ue in stressed forms (contar, volver).
    Ue,
    /// e → i (pedir).
    I,
    /// e → ie / i (sentir).
    IeI,
    /// o → ue / u (dormir).
    UeU,
    /// i → ie (adquirir).
    IIe,
    /// u → ue (jugar).
    UUe,
    /// Accent on the stem's weak vowel in stressed forms: enviar → envío.
    Iar,
    /// actuar → actúo.
    Uar,
    /// aislar → aíslo, reunir → reúno, prohibir → prohíbo.
    Hiatus,
    /// c → zc before a, o (conocer → conozco).
    Zc,
    /// conducir → conduzco, conduje.
    Duc,
}

const CHANGES: &[(&str, Change)] = &[
    ("reg", Change::None),
    ("ie", Change::Ie),
    ("ue", Change::Ue),
    ("i", Change::I),
    ("ie-i", Change::IeI),
    ("ue-u", Change::UeU),
    ("i-ie", Change::IIe),
    ("u-ue", Change::UUe),
    ("iar", Change::Iar),
    ("uar", Change::Uar),
    ("hiato", Change::Hiatus),
    ("zc", Change::Zc),
    ("duc", Change::Duc),
];

impl Change {
    pub fn name(self) -> &'static str {
        CHANGES
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("reg", |(n, _)| n)
    }

    pub fn parse(s: &str) -> Option<Change> {
        CHANGES.iter().find(|(n, _)| *n == s).map(|(_, c)| *c)
    }

    /// Every class, for the table builder.
    pub fn all() -> impl Iterator<Item = Change> {
        CHANGES.iter().map(|(_, c)| *c)
    }
}

/// How a verb is conjugated.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Class {
    Regular(Change),
    /// On an irregular model (its infinitive).
    Model(String),
}

impl Class {
    pub fn name(&self) -> String {
        match self {
            Class::Regular(c) => c.name().to_string(),
            Class::Model(m) => format!("={m}"),
        }
    }

    pub fn parse(s: &str) -> Option<Class> {
        match s.strip_prefix('=') {
            Some(m) => models()
                .contains_key(m)
                .then(|| Class::Model(m.to_string())),
            None => Change::parse(s).map(Class::Regular),
        }
    }
}

/// A verb as the table has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verb {
    pub infinitive: String,
    pub class: Class,
    /// Participles (masculine singular) replacing the regular one; both when listed with it.
    pub participles: Vec<String>,
}

// ---------------------------------------------------------------------------- endings

struct Endings {
    pres: [&'static str; 6],
    pret: [&'static str; 6],
    impf: [&'static str; 6],
    subj: [&'static str; 6],
    ra: [&'static str; 6],
    se: [&'static str; 6],
    subj_fut: [&'static str; 6],
    imp: [&'static str; 2],
    ger: &'static str,
    part: &'static str,
}

const AR: Endings = Endings {
    pres: ["o", "as", "a", "amos", "áis", "an"],
    pret: ["é", "aste", "ó", "amos", "asteis", "aron"],
    impf: ["aba", "abas", "aba", "ábamos", "abais", "aban"],
    subj: ["e", "es", "e", "emos", "éis", "en"],
    ra: ["ara", "aras", "ara", "áramos", "arais", "aran"],
    se: ["ase", "ases", "ase", "ásemos", "aseis", "asen"],
    subj_fut: ["are", "ares", "are", "áremos", "areis", "aren"],
    imp: ["a", "ad"],
    ger: "ando",
    part: "ado",
};

const ER: Endings = Endings {
    pres: ["o", "es", "e", "emos", "éis", "en"],
    pret: ["í", "iste", "ió", "imos", "isteis", "ieron"],
    impf: ["ía", "ías", "ía", "íamos", "íais", "ían"],
    subj: ["a", "as", "a", "amos", "áis", "an"],
    ra: ["iera", "ieras", "iera", "iéramos", "ierais", "ieran"],
    se: ["iese", "ieses", "iese", "iésemos", "ieseis", "iesen"],
    subj_fut: ["iere", "ieres", "iere", "iéremos", "iereis", "ieren"],
    imp: ["e", "ed"],
    ger: "iendo",
    part: "ido",
};

const IR: Endings = Endings {
    pres: ["o", "es", "e", "imos", "ís", "en"],
    imp: ["e", "id"],
    ..ER
};

const FUT: [&str; 6] = ["é", "ás", "á", "emos", "éis", "án"];
const COND: [&str; 6] = ["ía", "ías", "ía", "íamos", "íais", "ían"];

/// Strong preterite endings (tuve, dije, conduje): no accent, and `-eron` after `j`.
const STRONG_PRET: [&str; 6] = ["e", "iste", "o", "imos", "isteis", "ieron"];

impl Conj {
    fn of(infinitive: &str) -> Option<(Conj, &str)> {
        let plain = infinitive
            .strip_suffix("ír")
            .map(|s| (Conj::Ir, s))
            .or_else(|| infinitive.strip_suffix("ar").map(|s| (Conj::Ar, s)))
            .or_else(|| infinitive.strip_suffix("er").map(|s| (Conj::Er, s)))
            .or_else(|| infinitive.strip_suffix("ir").map(|s| (Conj::Ir, s)))?;
        Some(plain)
    }

    fn endings(self) -> &'static Endings {
        match self {
            Conj::Ar => &AR,
            Conj::Er => &ER,
            Conj::Ir => &IR,
        }
    }
}

// ---------------------------------------------------------------------------- junctions

fn ends_strong_vowel(stem: &str) -> bool {
    stem.chars()
        .last()
        .is_some_and(|c| matches!(strip_acute(c), 'a' | 'e' | 'o'))
}

/// `-uir` verbs other than `-guir` and `-quir` (construir, incluir, huir).
fn is_uir(stem: &str, conj: Conj) -> bool {
    conj == Conj::Ir && stem.ends_with('u') && !stem.ends_with("gu") && !stem.ends_with("qu")
}

/// Joins a stem and an ending with the spelling changes of the junction.
fn join(stem: &str, ending: &str, conj: Conj, change: Change) -> String {
    let first = ending.chars().next().map(strip_acute);
    let front = matches!(first, Some('e' | 'i'));
    let back = matches!(first, Some('a' | 'o' | 'u'));
    let mut stem = stem.to_string();
    let mut ending = ending.to_string();
    if conj == Conj::Ar && front {
        // busqué, llegue, averigüe, empecé
        for (from, to) in [("gu", "gü"), ("c", "qu"), ("g", "gu"), ("z", "c")] {
            if let Some(s) = stem.strip_suffix(from) {
                stem = format!("{s}{to}");
                break;
            }
        }
    } else if conj != Conj::Ar && back {
        if let Some(s) = stem.strip_suffix('c') {
            let after_vowel = s.chars().last().is_some_and(super::stress::is_vowel);
            stem = if matches!(change, Change::Zc | Change::Duc) && after_vowel {
                format!("{s}zc")
            } else {
                format!("{s}z")
            };
        } else if let Some(s) = stem.strip_suffix("gu") {
            stem = format!("{s}g");
        } else if let Some(s) = stem.strip_suffix("qu") {
            stem = format!("{s}c");
        } else if let Some(s) = stem.strip_suffix('g') {
            stem = format!("{s}j");
        }
    }
    if is_uir(&stem, conj) && matches!(first, Some('a' | 'e' | 'o')) {
        // construyo, construye, construya
        stem.push('y');
    }
    let vowel_stem = ends_strong_vowel(&stem) || (is_uir(&stem, conj) && !stem.ends_with('y'));
    if conj != Conj::Ar && vowel_stem && ending.starts_with('i') {
        let next = ending[1..].chars().next();
        if next.is_some_and(super::stress::is_vowel) {
            // leyó, leyeron, leyendo, construyó
            ending.replace_range(..1, "y");
        } else if ends_strong_vowel(&stem) {
            // leíste, leímos, leído
            ending.replace_range(..1, "í");
        }
    }
    if (stem.ends_with('ñ') || stem.ends_with("ll")) && ending.starts_with("i") {
        let next = ending[1..].chars().next();
        if next.is_some_and(|c| matches!(strip_acute(c), 'e' | 'o')) {
            // gruñó, bulleron
            ending.remove(0);
        }
    }
    stem + &ending
}

// ---------------------------------------------------------------------------- stem changes

/// Which stem a cell takes in a stem-changing verb.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StemKind {
    Plain,
    /// Stressed on the stem: pres 1s 2s 3s 3p, subj 1s 2s 3s 3p, imperative tú.
    Strong,
    /// The `-ir` weak change: pret 3s 3p, imperfect and future subjunctive, subj 1p 2p,
    /// gerund.
    Weak,
}

fn stem_kind(cell: Cell) -> StemKind {
    match cell {
        Cell::Fin {
            tense: Tense::Pres | Tense::Subj,
            person: 0 | 1 | 2 | 5,
        }
        | Cell::Imp { plural: false } => StemKind::Strong,
        Cell::Fin {
            tense: Tense::Subj,
            person: 3 | 4,
        }
        | Cell::Fin {
            tense: Tense::Pret,
            person: 2 | 5,
        }
        | Cell::Fin {
            tense: Tense::SubjRa | Tense::SubjSe | Tense::SubjFut,
            ..
        }
        | Cell::Ger => StemKind::Weak,
        _ => StemKind::Plain,
    }
}

/// Replaces the last `from` vowel of `stem` by `to`.
fn replace_last(stem: &str, from: char, to: &str) -> Option<String> {
    let i = stem.rfind(from)?;
    let mut s = String::with_capacity(stem.len() + to.len());
    s.push_str(&stem[..i]);
    s.push_str(to);
    s.push_str(&stem[i + from.len_utf8()..]);
    Some(s)
}

/// Puts an acute accent on the last weak vowel (`i`, `u`) of `stem`.
fn accent_last_weak(stem: &str) -> Option<String> {
    let (i, c) = stem
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, 'i' | 'u'))?;
    let mut s = stem.to_string();
    s.replace_range(i..i + c.len_utf8(), &add_acute(c).to_string());
    Some(s)
}

fn changed_stem(stem: &str, change: Change, kind: StemKind, conj: Conj) -> String {
    let strong = kind == StemKind::Strong;
    let weak = kind == StemKind::Weak && conj == Conj::Ir;
    let changed = match (change, kind) {
        (Change::Ie, StemKind::Strong) | (Change::IeI, StemKind::Strong) => {
            diphthong(stem, 'e', "ie", "ye")
        }
        (Change::Ue, StemKind::Strong) | (Change::UeU, StemKind::Strong) => {
            diphthong(stem, 'o', "ue", "hue")
        }
        (Change::IIe, StemKind::Strong) => replace_last(stem, 'i', "ie"),
        (Change::UUe, StemKind::Strong) => replace_last(stem, 'u', "ue"),
        (Change::I, _) if strong || weak => replace_last(stem, 'e', "i"),
        (Change::IeI, _) if weak => replace_last(stem, 'e', "i"),
        (Change::UeU, _) if weak => replace_last(stem, 'o', "u"),
        (Change::Iar, StemKind::Strong) if stem.ends_with('i') => accent_last_weak(stem),
        (Change::Uar, StemKind::Strong) if stem.ends_with('u') => accent_last_weak(stem),
        (Change::Hiatus, StemKind::Strong) if !stem.ends_with(['i', 'u']) => accent_last_weak(stem),
        _ => None,
    };
    changed.unwrap_or_else(|| stem.to_string())
}

/// e → ie (o → ue), or `ye` (`hue`) when the vowel opens the word (errar → yerro, oler →
/// huelo).
fn diphthong(stem: &str, from: char, to: &str, initial: &str) -> Option<String> {
    let i = stem.rfind(from)?;
    Some(if i == 0 {
        format!("{initial}{}", &stem[1..])
    } else {
        replace_last(stem, from, to)?
    })
}

// ---------------------------------------------------------------------------- regular

/// The paradigm of a verb conjugated regularly, with `change`.
fn regular(infinitive: &str, change: Change) -> Option<Vec<(Cell, String)>> {
    let (conj, stem) = Conj::of(infinitive)?;
    if stem.is_empty() && conj == Conj::Ar {
        return None;
    }
    let e = conj.endings();
    let mut out = Vec::with_capacity(64);
    out.push((Cell::Inf, infinitive.to_string()));
    // The stem of each kind, changed once (not once per form).
    let stems = [StemKind::Strong, StemKind::Weak, StemKind::Plain]
        .map(|k| (k, changed_stem(stem, change, k, conj)));
    let form = |cell: Cell, ending: &str| {
        let kind = stem_kind(cell);
        let s = stems
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(stem, |(_, s)| s.as_str());
        join(s, ending, conj, change)
    };
    out.push((Cell::Ger, form(Cell::Ger, e.ger)));
    let part = form(
        Cell::Part {
            fem: false,
            plural: false,
        },
        e.part,
    );
    out.extend(participle_forms(&part));
    // The future stem keeps the infinitive whole, without a hiatus accent (oír → oiré).
    let fut_stem: String = infinitive.chars().map(strip_acute).collect();
    let duc_pret = (change == Change::Duc)
        .then(|| stem.strip_suffix('c').map(|s| format!("{s}j")))
        .flatten();
    for tense in TENSES {
        for person in 0..6u8 {
            let cell = Cell::Fin { tense, person };
            let p = person as usize;
            let f = match tense {
                Tense::Pres => form(cell, e.pres[p]),
                Tense::Impf => form(cell, e.impf[p]),
                Tense::Subj => form(cell, e.subj[p]),
                Tense::Fut => format!("{fut_stem}{}", FUT[p]),
                Tense::Cond => format!("{fut_stem}{}", COND[p]),
                Tense::Pret => match &duc_pret {
                    Some(j) => strong_pret(j, p),
                    None => form(cell, e.pret[p]),
                },
                Tense::SubjRa | Tense::SubjSe | Tense::SubjFut => match &duc_pret {
                    Some(j) => past_subjunctive(&strong_pret(j, 5), tense, p),
                    None => {
                        let endings = match tense {
                            Tense::SubjRa => &e.ra,
                            Tense::SubjSe => &e.se,
                            _ => &e.subj_fut,
                        };
                        form(cell, endings[p])
                    }
                },
            };
            out.push((cell, f));
        }
    }
    out.push((
        Cell::Imp { plural: false },
        form(Cell::Imp { plural: false }, e.imp[0]),
    ));
    out.push((
        Cell::Imp { plural: true },
        format!("{}{}", &infinitive[..infinitive.len() - 1], "d"),
    ));
    Some(out)
}

/// A strong preterite (tuve, dije, conduje): `-eron` after `j`.
fn strong_pret(stem: &str, p: usize) -> String {
    if p == 5 && stem.ends_with('j') {
        return format!("{stem}eron");
    }
    format!("{stem}{}", STRONG_PRET[p])
}

/// The imperfect or future subjunctive from the third plural of the preterite (tuvieron →
/// tuviera, tuviéramos).
fn past_subjunctive(pret_3p: &str, tense: Tense, p: usize) -> String {
    let stem = pret_3p.strip_suffix("ron").unwrap_or(pret_3p);
    let ending = match tense {
        Tense::SubjRa => ["ra", "ras", "ra", "ramos", "rais", "ran"][p],
        Tense::SubjSe => ["se", "ses", "se", "semos", "seis", "sen"][p],
        _ => ["re", "res", "re", "remos", "reis", "ren"][p],
    };
    if p == 3 {
        // The stem's last vowel is stressed: tuvié-ramos, fué-ramos.
        let mut chars: Vec<char> = stem.chars().collect();
        if let Some(i) = chars.iter().rposition(|&c| super::stress::is_vowel(c)) {
            chars[i] = add_acute(chars[i]);
        }
        return format!("{}{ending}", chars.into_iter().collect::<String>());
    }
    format!("{stem}{ending}")
}

/// The four forms of a participle from its masculine singular.
pub fn participle_forms(masc: &str) -> Vec<(Cell, String)> {
    let base = masc.strip_suffix('o').unwrap_or(masc);
    vec![
        (
            Cell::Part {
                fem: false,
                plural: false,
            },
            masc.to_string(),
        ),
        (
            Cell::Part {
                fem: true,
                plural: false,
            },
            format!("{base}a"),
        ),
        (
            Cell::Part {
                fem: false,
                plural: true,
            },
            format!("{base}os"),
        ),
        (
            Cell::Part {
                fem: true,
                plural: true,
            },
            format!("{base}as"),
        ),
    ]
}

// ---------------------------------------------------------------------------- models

/// An irregular model: the cells it does not form regularly.
#[derive(Debug, Default)]
struct Model {
    pres: Option<Vec<String>>,
    pret: Option<Vec<String>>,
    impf: Option<Vec<String>>,
    fut: Option<Vec<String>>,
    subj: Option<Vec<String>>,
    imp: Option<String>,
    ger: Option<String>,
    part: Option<String>,
}

const IRREGULAR: &str = include_str!("../../data/lang/irregular-verbs.tsv");

/// Models whose participle only makes compound tenses, with no feminine or plural.
const INVARIABLE_PARTICIPLE: &[&str] = &["ser", "estar", "haber", "poder", "ir"];

fn models() -> &'static HashMap<String, Model> {
    static MODELS: LazyLock<HashMap<String, Model>> = LazyLock::new(|| parse_models(IRREGULAR));
    &MODELS
}

/// Reads `irregular-verbs.tsv`. The file is vigia's own and tested; a malformed line is a
/// programming error caught by the tests, so it is skipped here rather than reported.
fn parse_models(text: &str) -> HashMap<String, Model> {
    let mut out: HashMap<String, Model> = HashMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(model), Some(cells), Some(forms)) = (cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        let forms: Vec<String> = forms.split_whitespace().map(str::to_string).collect();
        let m = out.entry(model.to_string()).or_default();
        let six = || (forms.len() == 6).then(|| forms.clone());
        match cells {
            "pres" => m.pres = six(),
            "pret" => m.pret = six(),
            "impf" => m.impf = six(),
            "fut" => m.fut = six(),
            "subj" => m.subj = six(),
            "imp" => m.imp = forms.first().cloned(),
            "ger" => m.ger = forms.first().cloned(),
            "part" => m.part = forms.first().cloned(),
            _ => {}
        }
    }
    out
}

/// The infinitives of the irregular models.
pub fn model_names() -> impl Iterator<Item = &'static str> {
    models().keys().map(String::as_str)
}

/// The paradigm of model `name` itself.
fn model_paradigm(name: &str) -> Option<Vec<(Cell, String)>> {
    let m = models().get(name)?;
    let mut forms = regular(name, Change::None)?;
    let set = |forms: &mut Vec<(Cell, String)>, cell: Cell, value: &str| {
        for (c, f) in forms.iter_mut() {
            if *c == cell {
                *f = value.to_string();
            }
        }
    };
    let six = |tense: Tense, list: &Option<Vec<String>>, forms: &mut Vec<(Cell, String)>| {
        if let Some(list) = list {
            for (p, f) in list.iter().enumerate() {
                set(
                    forms,
                    Cell::Fin {
                        tense,
                        person: p as u8,
                    },
                    f,
                );
            }
        }
    };
    six(Tense::Pres, &m.pres, &mut forms);
    six(Tense::Pret, &m.pret, &mut forms);
    six(Tense::Impf, &m.impf, &mut forms);
    six(Tense::Fut, &m.fut, &mut forms);
    if let Some(fut) = &m.fut {
        let stem = fut[0].strip_suffix('é').unwrap_or(&fut[0]);
        for (p, ending) in COND.iter().enumerate() {
            set(
                &mut forms,
                Cell::Fin {
                    tense: Tense::Cond,
                    person: p as u8,
                },
                &format!("{stem}{ending}"),
            );
        }
    }
    match (&m.subj, &m.pres) {
        (Some(_), _) => six(Tense::Subj, &m.subj, &mut forms),
        (None, Some(pres)) => {
            // tengo → tenga
            let (conj, _) = Conj::of(name)?;
            let stem = pres[0].strip_suffix('o').unwrap_or(&pres[0]);
            let endings = conj.endings();
            for p in 0..6 {
                set(
                    &mut forms,
                    Cell::Fin {
                        tense: Tense::Subj,
                        person: p as u8,
                    },
                    &format!("{stem}{}", endings.subj[p]),
                );
            }
        }
        _ => {}
    }
    if let Some(pret) = &m.pret {
        for tense in [Tense::SubjRa, Tense::SubjSe, Tense::SubjFut] {
            for p in 0..6 {
                set(
                    &mut forms,
                    Cell::Fin {
                        tense,
                        person: p as u8,
                    },
                    &past_subjunctive(&pret[5], tense, p),
                );
            }
        }
    }
    if let Some(imp) = &m.imp {
        set(&mut forms, Cell::Imp { plural: false }, imp);
    }
    if let Some(ger) = &m.ger {
        set(&mut forms, Cell::Ger, ger);
    }
    if let Some(part) = &m.part {
        forms.retain(|(c, _)| !matches!(c, Cell::Part { .. }));
        forms.extend(participle_forms(part));
    }
    if INVARIABLE_PARTICIPLE.contains(&name) {
        // `sido`, `estado`, `habido`: only in compound tenses; `sida`, `estadas` are not
        // their forms.
        forms.retain(|(c, _)| !matches!(c, Cell::Part { fem, plural } if *fem || *plural));
    }
    Some(forms)
}

/// The paradigm of `infinitive` on model `model`: the model's forms with the verb's own
/// beginning instead of the model's (contener = con + tener; maldecir on bendecir), each
/// written accent set again by the model form's stress (ten → contén).
fn on_model(infinitive: &str, model: &str) -> Option<Vec<(Cell, String)>> {
    let base = model_paradigm(model)?;
    if infinitive == model {
        return Some(base);
    }
    // The longest common ending of the two infinitives decides what each adds before it.
    let common = infinitive
        .chars()
        .rev()
        .zip(model.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let own = &infinitive[..infinitive.len() - common];
    let theirs = &model[..model.len() - common];
    let mut out = Vec::with_capacity(base.len());
    for (cell, form) in base {
        let rest = form.strip_prefix(theirs)?;
        let derived = format!("{own}{rest}");
        let derived = stress_of(&form)
            .and_then(|s| write_stress(&derived, s))
            .unwrap_or(derived);
        out.push((cell, derived));
    }
    // Verbs on `decir` with a prefix say `contradice`, not `contradí`.
    if model == "decir" && !own.is_empty() {
        for (c, f) in out.iter_mut() {
            if *c == (Cell::Imp { plural: false }) {
                *f = format!("{own}dice");
            }
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------- the table

const TABLE: &str = include_str!("../../data/lang/verbs.tsv");

/// The verb table: infinitive → line, read on first use.
fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE_MAP: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| Some((l.split('\t').next()?, l)))
            .collect()
    });
    &TABLE_MAP
}

/// Whether the table lists `infinitive` as a verb of the dictionary.
pub fn is_known(infinitive: &str) -> bool {
    table().contains_key(infinitive)
}

/// Every infinitive of the table.
pub fn infinitives() -> impl Iterator<Item = &'static str> {
    table().keys().copied()
}

fn parse_line(line: &str) -> Option<Verb> {
    let mut cols = line.split('\t');
    let infinitive = cols.next()?.to_string();
    let class = cols
        .next()
        .map_or(Some(Class::Regular(Change::None)), Class::parse)?;
    let participles = cols
        .find_map(|c| c.strip_prefix("part="))
        .map(|p| p.split('|').map(str::to_string).collect())
        .unwrap_or_default();
    Some(Verb {
        infinitive,
        class,
        participles,
    })
}

/// Prefixes with which the dictionary forms verbs it does not list (its `PFX` flags).
const PREFIXES: &[&str] = &[
    "des", "re", "pre", "sobre", "contra", "co", "in", "im", "auto", "entre", "sub", "super",
    "inter", "trans", "anti",
];

/// Models that new verbs are formed on with a prefix. Others end many unrelated verbs
/// (`ver`: mover, llover; `dar`: ayudar; `ir`: every `-ir` verb), so a verb missing from the
/// table is only put on one of these.
const PRODUCTIVE: &[&str] = &[
    "tener", "poner", "venir", "hacer", "decir", "traer", "salir", "valer", "caer",
];

/// The verb `infinitive` (lowercase, without `-se`): from the table, else inferred: a model
/// itself, or a verb formed with a prefix on a productive model (`sobreponer` on `poner`),
/// else regular.
pub fn lookup(infinitive: &str) -> Option<Verb> {
    if let Some(line) = table().get(infinitive) {
        return parse_line(line);
    }
    Conj::of(infinitive)?;
    // A verb the dictionary builds with a prefix flag (`desaprobar`, `reorganizar`) is
    // conjugated like its base.
    if !models().contains_key(infinitive) {
        for prefix in PREFIXES {
            if let Some(base) = infinitive.strip_prefix(prefix)
                && base.chars().count() >= 4
                && let Some(line) = table().get(base)
                && let Some(v) = parse_line(line)
                && !matches!(v.class, Class::Model(_))
            {
                return Some(Verb {
                    infinitive: infinitive.to_string(),
                    class: v.class,
                    participles: v
                        .participles
                        .iter()
                        .map(|p| format!("{prefix}{p}"))
                        .collect(),
                });
            }
        }
    }
    let model = if models().contains_key(infinitive) {
        Some(infinitive)
    } else {
        PRODUCTIVE
            .iter()
            .copied()
            .filter(|m| infinitive.ends_with(m) && infinitive.len() > m.len())
            .max_by_key(|m| m.len())
    };
    Some(Verb {
        infinitive: infinitive.to_string(),
        class: model.map_or(Class::Regular(Change::None), |m| {
            Class::Model(m.to_string())
        }),
        participles: Vec::new(),
    })
}

impl Verb {
    /// Every simple form of the verb.
    pub fn paradigm(&self) -> Option<Paradigm> {
        let mut forms = match &self.class {
            Class::Regular(change) => regular(&self.infinitive, *change)?,
            Class::Model(m) => on_model(&self.infinitive, m)?,
        };
        if !self.participles.is_empty() {
            let regular_part = forms
                .iter()
                .find(|(c, _)| matches!(c, Cell::Part { .. }))
                .map(|(_, f)| f.clone());
            let keep_regular = regular_part
                .as_ref()
                .is_some_and(|r| self.participles.contains(r));
            if !keep_regular {
                forms.retain(|(c, _)| !matches!(c, Cell::Part { .. }));
            }
            for p in &self.participles {
                if Some(p) != regular_part.as_ref() {
                    forms.extend(participle_forms(p));
                }
            }
        }
        Some(Paradigm {
            infinitive: self.infinitive.clone(),
            forms,
        })
    }
}

/// The paradigm of a verb given by its infinitive (`votar`, `inscribirse`: a pronominal
/// `-se` is dropped), or `None` when it is no infinitive.
pub fn conjugate(lemma: &str) -> Option<Paradigm> {
    let lemma = lemma.trim().to_lowercase();
    let infinitive = pronominal_base(&lemma).unwrap_or(&lemma);
    lookup(infinitive)?.paradigm()
}

/// `inscribirse` → `inscribir`.
pub fn pronominal_base(lemma: &str) -> Option<&str> {
    let base = lemma.strip_suffix("se")?;
    Conj::of(base).map(|_| base)
}

/// Conjugates `infinitive` as `class` (the table builder tries each class).
pub fn conjugate_as(infinitive: &str, class: &Class) -> Option<Vec<(Cell, String)>> {
    Verb {
        infinitive: infinitive.to_string(),
        class: class.clone(),
        participles: Vec::new(),
    }
    .paradigm()
    .map(|p| p.forms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &str) -> Paradigm {
        conjugate(v).unwrap_or_else(|| panic!("{v} conjugates"))
    }

    fn row(v: &str, tense: Tense) -> Vec<String> {
        let par = p(v);
        (0..6)
            .map(|i| par.form(tense, i).unwrap().to_string())
            .collect()
    }

    #[test]
    fn regular_ar_er_ir() {
        assert_eq!(
            row("votar", Tense::Pres),
            ["voto", "votas", "vota", "votamos", "votáis", "votan"]
        );
        assert_eq!(
            row("votar", Tense::Pret),
            ["voté", "votaste", "votó", "votamos", "votasteis", "votaron"]
        );
        assert_eq!(
            row("responder", Tense::Subj),
            [
                "responda",
                "respondas",
                "responda",
                "respondamos",
                "respondáis",
                "respondan"
            ]
        );
        assert_eq!(
            row("escribir", Tense::Pres),
            [
                "escribo",
                "escribes",
                "escribe",
                "escribimos",
                "escribís",
                "escriben"
            ]
        );
        assert_eq!(row("apoyar", Tense::SubjRa)[3], "apoyáramos");
        assert_eq!(row("apoyar", Tense::Fut)[0], "apoyaré");
        assert_eq!(row("respaldar", Tense::Cond)[5], "respaldarían");
        let v = p("votar");
        assert_eq!(v.get(Cell::Ger).next(), Some("votando"));
        assert_eq!(v.get(Cell::Imp { plural: false }).next(), Some("vota"));
        assert_eq!(v.get(Cell::Imp { plural: true }).next(), Some("votad"));
        assert_eq!(
            v.get(Cell::Part {
                fem: true,
                plural: true
            })
            .next(),
            Some("votadas")
        );
    }

    #[test]
    fn spelling_at_the_junction() {
        assert_eq!(row("publicar", Tense::Pret)[0], "publiqué");
        assert_eq!(row("publicar", Tense::Subj)[3], "publiquemos");
        assert_eq!(row("pagar", Tense::Subj)[0], "pague");
        assert_eq!(row("averiguar", Tense::Subj)[0], "averigüe");
        assert_eq!(row("organizar", Tense::Pret)[0], "organicé");
        assert_eq!(row("vencer", Tense::Pres)[0], "venzo");
        assert_eq!(row("escoger", Tense::Subj)[0], "escoja");
        assert_eq!(row("distinguir", Tense::Pres)[0], "distingo");
        assert_eq!(
            row("leer", Tense::Pret),
            ["leí", "leíste", "leyó", "leímos", "leísteis", "leyeron"]
        );
        assert_eq!(p("creer").get(Cell::Ger).next(), Some("creyendo"));
        assert_eq!(
            row("construir", Tense::Pres),
            [
                "construyo",
                "construyes",
                "construye",
                "construimos",
                "construís",
                "construyen"
            ]
        );
        assert_eq!(row("construir", Tense::Pret)[2], "construyó");
        assert_eq!(row("gruñir", Tense::Pret)[5], "gruñeron");
    }

    #[test]
    fn stem_changes_and_accents() {
        let as_ = |v: &str, c: &str| {
            conjugate_as(v, &Class::parse(c).unwrap())
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>()
        };
        let get = |forms: &[(Cell, String)], tense, person| {
            forms
                .iter()
                .find(|(c, _)| *c == Cell::Fin { tense, person })
                .unwrap()
                .1
                .clone()
        };
        let f = as_("contar", "ue");
        assert_eq!(get(&f, Tense::Pres, 0), "cuento");
        assert_eq!(get(&f, Tense::Pres, 3), "contamos");
        let f = as_("pedir", "i");
        assert_eq!(get(&f, Tense::Pres, 0), "pido");
        assert_eq!(get(&f, Tense::Pret, 2), "pidió");
        assert_eq!(get(&f, Tense::Subj, 3), "pidamos");
        let f = as_("sentir", "ie-i");
        assert_eq!(get(&f, Tense::Pres, 0), "siento");
        assert_eq!(get(&f, Tense::Pret, 5), "sintieron");
        let f = as_("dormir", "ue-u");
        assert_eq!(get(&f, Tense::Subj, 3), "durmamos");
        let f = as_("enviar", "iar");
        assert_eq!(get(&f, Tense::Pres, 0), "envío");
        assert_eq!(get(&f, Tense::Pres, 3), "enviamos");
        let f = as_("actuar", "uar");
        assert_eq!(get(&f, Tense::Subj, 5), "actúen");
        let f = as_("reunir", "hiato");
        assert_eq!(get(&f, Tense::Pres, 2), "reúne");
        let f = as_("conocer", "zc");
        assert_eq!(get(&f, Tense::Pres, 0), "conozco");
        assert_eq!(get(&f, Tense::Subj, 3), "conozcamos");
        let f = as_("conducir", "duc");
        assert_eq!(get(&f, Tense::Pret, 0), "conduje");
        assert_eq!(get(&f, Tense::Pret, 5), "condujeron");
        assert_eq!(get(&f, Tense::SubjRa, 3), "condujéramos");
        let f = as_("elegir", "i");
        assert_eq!(get(&f, Tense::Pres, 0), "elijo");
        let f = as_("seguir", "i");
        assert_eq!(get(&f, Tense::Pres, 0), "sigo");
        assert_eq!(get(&f, Tense::Subj, 3), "sigamos");
        let f = as_("errar", "ie");
        assert_eq!(get(&f, Tense::Pres, 0), "yerro");
        let f = as_("oler", "ue");
        assert_eq!(get(&f, Tense::Pres, 0), "huelo");
        let f = as_("jugar", "u-ue");
        assert_eq!(get(&f, Tense::Subj, 0), "juegue");
        let f = as_("empezar", "ie");
        assert_eq!(get(&f, Tense::Subj, 0), "empiece");
    }

    #[test]
    fn irregular_models() {
        assert_eq!(
            row("tener", Tense::Pret),
            [
                "tuve",
                "tuviste",
                "tuvo",
                "tuvimos",
                "tuvisteis",
                "tuvieron"
            ]
        );
        assert_eq!(row("tener", Tense::Cond)[0], "tendría");
        assert_eq!(row("tener", Tense::Subj)[0], "tenga");
        assert_eq!(row("tener", Tense::SubjRa)[3], "tuviéramos");
        assert_eq!(row("ser", Tense::SubjSe)[0], "fuese");
        assert_eq!(row("ir", Tense::Subj)[3], "vayamos");
        assert_eq!(p("ir").get(Cell::Ger).next(), Some("yendo"));
        assert_eq!(row("oír", Tense::Pret)[2], "oyó");
        assert_eq!(row("oír", Tense::Fut)[0], "oiré");
        assert_eq!(row("caer", Tense::Pret)[5], "cayeron");
        assert_eq!(row("traer", Tense::SubjRa)[0], "trajera");
        assert_eq!(row("hacer", Tense::Fut)[2], "hará");
        assert_eq!(
            p("hacer")
                .get(Cell::Part {
                    fem: false,
                    plural: false
                })
                .next(),
            Some("hecho")
        );
        assert_eq!(row("bendecir", Tense::Pret)[2], "bendijo");
        assert_eq!(row("bendecir", Tense::Fut)[0], "bendeciré");
        assert_eq!(
            p("bendecir").get(Cell::Imp { plural: false }).next(),
            Some("bendice")
        );
    }

    #[test]
    fn verbs_on_a_model_with_a_prefix() {
        let v = |inf: &str, model: &str| on_model(inf, model).unwrap();
        let get = |forms: &[(Cell, String)], cell: Cell| {
            forms.iter().find(|(c, _)| *c == cell).unwrap().1.clone()
        };
        let f = v("mantener", "tener");
        assert_eq!(get(&f, Cell::Imp { plural: false }), "mantén");
        assert_eq!(
            get(
                &f,
                Cell::Fin {
                    tense: Tense::Pret,
                    person: 2
                }
            ),
            "mantuvo"
        );
        assert_eq!(
            get(
                &f,
                Cell::Fin {
                    tense: Tense::Fut,
                    person: 0
                }
            ),
            "mantendré"
        );
        let f = v("prever", "ver");
        assert_eq!(
            get(
                &f,
                Cell::Fin {
                    tense: Tense::Pret,
                    person: 2
                }
            ),
            "previó"
        );
        assert_eq!(
            get(
                &f,
                Cell::Fin {
                    tense: Tense::Pres,
                    person: 2
                }
            ),
            "prevé"
        );
        assert_eq!(
            get(
                &f,
                Cell::Fin {
                    tense: Tense::Pres,
                    person: 0
                }
            ),
            "preveo"
        );
        let f = v("deshacer", "hacer");
        assert_eq!(get(&f, Cell::Imp { plural: false }), "deshaz");
        let f = v("componer", "poner");
        assert_eq!(
            get(
                &f,
                Cell::Part {
                    fem: false,
                    plural: false
                }
            ),
            "compuesto"
        );
        let f = v("predecir", "decir");
        assert_eq!(get(&f, Cell::Imp { plural: false }), "predice");
        let f = v("maldecir", "bendecir");
        assert_eq!(
            get(
                &f,
                Cell::Fin {
                    tense: Tense::Pres,
                    person: 0
                }
            ),
            "maldigo"
        );
        let f = v("sonreír", "reír");
        assert_eq!(
            get(
                &f,
                Cell::Fin {
                    tense: Tense::Pres,
                    person: 2
                }
            ),
            "sonríe"
        );
    }

    #[test]
    fn prefixed_verbs_and_invariable_participles() {
        assert_eq!(row("desaprobar", Tense::Pres)[2], "desaprueba");
        assert!(
            p("ser")
                .get(Cell::Part {
                    fem: true,
                    plural: false
                })
                .next()
                .is_none()
        );
        assert_eq!(
            p("ser")
                .get(Cell::Part {
                    fem: false,
                    plural: false
                })
                .next(),
            Some("sido")
        );
    }

    #[test]
    fn pronominal_lemmas_and_unknown_verbs() {
        assert_eq!(conjugate("inscribirse").unwrap().infinitive, "inscribir");
        assert_eq!(
            conjugate("hospedarse").unwrap().form(Tense::Pres, 0),
            Some("hospedo")
        );
        // Not in the table: inferred on the model whose infinitive ends it.
        assert_eq!(
            lookup("sobreponer").unwrap().class,
            Class::Model("poner".into())
        );
        assert!(conjugate("casa").is_none());
    }

    #[test]
    fn the_model_table_is_well_formed() {
        for line in IRREGULAR
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "{line}");
            let n = cols[2].split_whitespace().count();
            match cols[1] {
                "pres" | "pret" | "impf" | "fut" | "subj" => assert_eq!(n, 6, "{line}"),
                "imp" | "ger" | "part" => assert_eq!(n, 1, "{line}"),
                other => panic!("unknown cells {other}: {line}"),
            }
        }
        for m in model_names() {
            assert!(model_paradigm(m).is_some(), "{m}");
        }
    }
}
