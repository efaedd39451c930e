//! Builds `data/lang/verbs.tsv`: every verb of the embedded Spanish dictionary with the class
//! vigia conjugates it by.
//!
//! ```sh
//! cargo run --release --example build_verbs            # rewrites data/lang/verbs.tsv
//! cargo run --release --example build_verbs -- --stats # and prints how well each class fits
//! ```
//!
//! The RLA-ES dictionary (`data/hunspell/`) lists each verb once, by its infinitive, with affix
//! flags whose suffix rules generate its conjugation, irregular forms included (`tener/X…` →
//! `tuve`, `tendré`, `tengo`). For each verb this program expands those rules, conjugates the
//! infinitive under every class vigia knows (regular, each stem change, each irregular model
//! the infinitive may be formed on), and keeps the class whose forms the dictionary has most
//! of; irregular participles (`escrito`, `impreso`, `vuelto`) are found among the
//! dictionary's words. The result is reproducible: same dictionary, same file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use vigia::lang::verbs::{self, Cell, Change, Class};

const AFF: &str = include_str!("../data/hunspell/es.aff");
const DIC: &str = include_str!("../data/hunspell/es.dic");

/// Flags whose rules inflect verbs (present, the other tenses, stem-changing and irregular
/// paradigms, participles). Derivational (`-ción`) and enclitic flags are left out.
const VERB_FLAGS: &[char] = &['E', 'R', 'I', 'X', 'D'];

/// One suffix rule: strip `strip` from the end, add `add`, if the word ends as `cond` says.
struct Rule {
    strip: String,
    add: String,
    cond: Vec<CondChar>,
}

enum CondChar {
    Any,
    One(char),
    In(Vec<char>),
    NotIn(Vec<char>),
}

fn parse_cond(s: &str) -> Vec<CondChar> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => out.push(CondChar::Any),
            '[' => {
                let negated = chars.peek() == Some(&'^');
                if negated {
                    chars.next();
                }
                let mut set = Vec::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    set.push(d);
                }
                out.push(if negated {
                    CondChar::NotIn(set)
                } else {
                    CondChar::In(set)
                });
            }
            c => out.push(CondChar::One(c)),
        }
    }
    out
}

impl Rule {
    fn apply(&self, word: &str) -> Option<String> {
        let chars: Vec<char> = word.chars().collect();
        if self.cond.len() > chars.len() {
            return None;
        }
        let tail = &chars[chars.len() - self.cond.len()..];
        let ok = self.cond.iter().zip(tail).all(|(c, &w)| match c {
            CondChar::Any => true,
            CondChar::One(x) => *x == w,
            CondChar::In(set) => set.contains(&w),
            CondChar::NotIn(set) => !set.contains(&w),
        });
        if !ok {
            return None;
        }
        let base = word.strip_suffix(self.strip.as_str())?;
        Some(format!("{base}{}", self.add))
    }
}

/// Every suffix rule of the `.aff`, by flag (those that chain to further flags left out).
fn parse_aff() -> HashMap<char, Vec<Rule>> {
    let mut rules: HashMap<char, Vec<Rule>> = HashMap::new();
    for line in AFF.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 5 || cols[0] != "SFX" {
            continue;
        }
        let Some(flag) = cols[1].chars().next() else {
            continue;
        };
        if cols[3].contains('/') {
            continue;
        }
        let strip = if cols[2] == "0" { "" } else { cols[2] };
        let add = if cols[3] == "0" { "" } else { cols[3] };
        rules.entry(flag).or_default().push(Rule {
            strip: strip.to_string(),
            add: add.to_string(),
            cond: parse_cond(cols[4]),
        });
    }
    rules
}

fn is_infinitive(w: &str) -> bool {
    (w.ends_with("ar") || w.ends_with("er") || w.ends_with("ir") || w.ends_with("ír"))
        && w.chars().all(|c| c.is_lowercase())
        && w.chars().count() > 2
}

fn main() {
    let stats = std::env::args().any(|a| a == "--stats");
    let show: Option<String> = std::env::args().skip_while(|a| a != "--show").nth(1);
    let rules = parse_aff();
    // Every word the dictionary accepts (its entries expanded by every suffix rule): a form
    // listed on its own (`huelo`, `juego`) counts as much as one a verb's flags generate.
    let mut words: HashSet<String> = HashSet::new();
    // infinitive → the forms its entries' verb flags generate.
    let mut verbs: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for line in DIC.lines().skip(1) {
        let (word, flags) = line.split_once('/').unwrap_or((line, ""));
        words.insert(word.to_string());
        let verb = is_infinitive(word) && flags.chars().any(|f| "EIRX".contains(f));
        if verb {
            verbs
                .entry(word.to_string())
                .or_default()
                .insert(word.to_string());
        }
        for f in flags.chars() {
            for r in rules.get(&f).into_iter().flatten() {
                if let Some(form) = r.apply(word) {
                    if verb && VERB_FLAGS.contains(&f) {
                        verbs
                            .entry(word.to_string())
                            .or_default()
                            .insert(form.clone());
                    }
                    words.insert(form);
                }
            }
        }
    }
    // Infinitives listed without flags, their forms listed one by one (jugar): verbs when
    // most of the forms of some class are words.
    let plain: Vec<String> = DIC
        .lines()
        .skip(1)
        .filter(|l| !l.contains('/') && is_infinitive(l) && !verbs.contains_key(*l))
        .map(str::to_string)
        .collect();
    for inf in plain {
        let fits = Change::all().map(Class::Regular).any(|class| {
            verbs::conjugate_as(&inf, &class).is_some_and(|forms| {
                let judged: Vec<&String> = forms
                    .iter()
                    .filter(|(c, _)| !matches!(c, Cell::Part { .. } | Cell::Imp { plural: true }))
                    .map(|(_, f)| f)
                    .collect();
                let missing = judged
                    .iter()
                    .filter(|f| !words.contains(f.as_str()))
                    .count();
                missing * 4 <= judged.len()
            })
        });
        if fits {
            verbs.insert(inf.clone(), HashSet::from([inf]));
        }
    }
    let models: Vec<&str> = verbs::model_names().collect();
    // Some models (estar, ir, dar, haber…) are listed form by form, not as an infinitive
    // with flags: they are verbs all the same.
    let listed: HashSet<String> = verbs.keys().cloned().collect();
    let mut out = String::from(
        "# Spanish verbs of the embedded dictionary (data/hunspell/es.dic) and how vigia\n\
         # conjugates each: the class (reg, ie, ue, i, ie-i, ue-u, i-ie, u-ue, iar, uar, hiato,\n\
         # zc, duc, or =model of irregular-verbs.tsv; a line without one is regular) and the\n\
         # participles that replace the regular one. Generated by\n\
         # `cargo run --release --example build_verbs` from the dictionary's affix rules;\n\
         # do not edit by hand.\n",
    );
    let mut by_class: BTreeMap<String, usize> = BTreeMap::new();
    let mut poor = Vec::new();
    for (inf, hun) in &verbs {
        let mut candidates: Vec<Class> = Change::all().map(Class::Regular).collect();
        for m in &models {
            let common = inf
                .chars()
                .rev()
                .zip(m.chars().rev())
                .take_while(|(a, b)| a == b)
                .count();
            if inf.ends_with(m) || common >= 5 {
                candidates.push(Class::Model((*m).to_string()));
            }
        }
        // Fewest generated forms missing from the dictionary; ties: first candidate
        // (regular, then the simpler changes, then models).
        let mut best: Option<(usize, usize, Class)> = None;
        for class in candidates {
            let Some(forms) = verbs::conjugate_as(inf, &class) else {
                continue;
            };
            let judged: Vec<&String> = forms
                .iter()
                .filter(|(c, _)| !matches!(c, Cell::Part { .. }))
                .map(|(_, f)| f)
                .collect();
            let known = |f: &str| hun.contains(f) || words.contains(f);
            let missing = judged.iter().filter(|f| !known(f.as_str())).count();
            if show.as_deref() == Some(inf.as_str()) {
                let absent: Vec<&&String> = judged.iter().filter(|f| !known(f.as_str())).collect();
                eprintln!("{} missing {missing}: {absent:?}", class.name());
            }
            if best.as_ref().is_none_or(|(m, _, _)| missing < *m) {
                best = Some((missing, judged.len(), class));
            }
        }
        let Some((missing, total, mut class)) = best else {
            continue;
        };
        // A model is conjugated as itself: the dictionary lists some models form by form,
        // and their flags are shared with unrelated verbs (`ser/X` expands to `sía`).
        if models.contains(&inf.as_str()) {
            class = Class::Model(inf.clone());
        }
        if missing * 4 > total {
            poor.push((inf.clone(), class.name(), missing, total));
        }
        *by_class.entry(class.name()).or_default() += 1;
        // Participles: the regular one if the dictionary has it, and the irregular ones it
        // has as words.
        let forms = verbs::conjugate_as(inf, &class).unwrap_or_default();
        let regular_part = forms
            .iter()
            .find(|(c, _)| matches!(c, Cell::Part { .. }))
            .map(|(_, f)| f.clone())
            .unwrap_or_default();
        let mut parts: Vec<String> = Vec::new();
        for p in irregular_participles(inf) {
            if p != regular_part && words.contains(p.as_str()) && !parts.contains(&p) {
                parts.push(p);
            }
        }
        let _ = write!(out, "{inf}");
        let name = class.name();
        if name != "reg" || !parts.is_empty() {
            let _ = write!(out, "\t{name}");
        }
        if !parts.is_empty() {
            if hun.contains(&regular_part) || words.contains(regular_part.as_str()) {
                parts.insert(0, regular_part);
            }
            let _ = write!(out, "\tpart={}", parts.join("|"));
        }
        out.push('\n');
    }
    if show.is_some() {
        let mut hun: Vec<&String> = verbs[show.as_deref().unwrap_or_default()].iter().collect();
        hun.sort();
        eprintln!("dictionary: {hun:?}");
        return;
    }
    let mut missing_models: Vec<&&str> = models.iter().filter(|m| !listed.contains(**m)).collect();
    missing_models.sort();
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    let header = lines.iter().take_while(|l| l.starts_with('#')).count();
    for m in missing_models {
        lines.push(format!("{m}\t={m}"));
    }
    lines[header..].sort();
    let out = lines.join("\n") + "\n";
    std::fs::write("data/lang/verbs.tsv", out).expect("write data/lang/verbs.tsv");
    eprintln!("{} verbs", verbs.len());
    if stats {
        for (c, n) in &by_class {
            eprintln!("{n:6} {c}");
        }
        eprintln!(
            "{} verbs with over a quarter of their forms missing:",
            poor.len()
        );
        for (inf, c, m, t) in poor.iter().take(60) {
            eprintln!("  {inf} {c} {m}/{t}");
        }
    }
}

/// Irregular participles a verb may have, by the endings that form them (RAE, *Nueva
/// gramática*, §4.13): `-olver` → `-uelto`, `-brir` → `-bierto`, `-scribir` → `-scrito`…
fn irregular_participles(inf: &str) -> Vec<String> {
    const PATTERNS: &[(&str, &str)] = &[
        ("olver", "uelto"),
        ("abrir", "abierto"),
        ("ubrir", "ubierto"),
        ("scribir", "scrito"),
        ("romper", "roto"),
        ("morir", "muerto"),
        ("primir", "preso"),
        ("freír", "frito"),
        ("veer", "visto"),
        ("poner", "puesto"),
        ("hacer", "hecho"),
        ("decir", "dicho"),
        ("ver", "visto"),
        ("solver", "suelto"),
        ("pudrir", "podrido"),
        ("podrir", "podrido"),
        ("cribir", "crito"),
    ];
    PATTERNS
        .iter()
        .filter_map(|(end, part)| inf.strip_suffix(end).map(|stem| format!("{stem}{part}")))
        .collect()
}
