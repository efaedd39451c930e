/*!
Words formed from a known word, which the dictionary cannot list one by one: a productive
prefix (`exjefe`, `viceministerial`, `multirregional`, `cofinanciamiento`,
`georreferenciar`) or a productive suffix on a verb of the verb table (`postergación`,
`inundable`, `insubsanable`).

Prefixes are written joined to the word (RAE, *Ortografía de la lengua española* 2010,
§4.2.2.1.2): `exministro`, `vicepresidente`; a prefix ending in a vowel doubles the `r` that
starts the word (`multirregional`, `georreferenciar`). The negative `in-`/`im-`/`i-` is only
accepted before an adjective in `-ble` (`insubsanable`, `imprescindible`), where it is
productive; elsewhere it would explain typos (`inpacto`). Suffixes are the regular
nominalisations and adjectives of a verb (RAE, *Nueva gramática* §5–7): `-ación`, `-ición`,
`-miento`, `-ble`, `-dor`, with their plurals and feminines, on an infinitive the verb table
knows.
*/

use crate::lang::verbs;

/// Prefixes written joined to a word, longest first within each letter.
pub const PREFIXES: &[&str] = &[
    "agro", "anti", "archi", "auto", "bio", "ciber", "contra", "cuasi", "des", "eco", "electro",
    "ex", "extra", "fito", "geo", "hidro", "hiper", "infra", "inter", "intra", "macro", "micro",
    "mini", "mono", "multi", "neo", "pluri", "poli", "pos", "post", "pre", "pro", "psico", "re",
    "semi", "seudo", "sobre", "socio", "sub", "super", "supra", "tele", "termo", "trans", "tri",
    "ultra", "vice", "co", "bi",
];

/// The shortest word a prefix may be put on (letters).
const MIN_BASE: usize = 4;

/// Verb suffixes: (suffix, conjugation endings of the infinitive it attaches to).
const VERB_SUFFIXES: &[(&str, &[&str])] = &[
    ("aciones", &["ar"]),
    ("ación", &["ar"]),
    ("iciones", &["er", "ir"]),
    ("ición", &["er", "ir"]),
    ("amientos", &["ar"]),
    ("amiento", &["ar"]),
    ("imientos", &["er", "ir"]),
    ("imiento", &["er", "ir"]),
    ("ables", &["ar"]),
    ("able", &["ar"]),
    ("ibles", &["er", "ir"]),
    ("ible", &["er", "ir"]),
    ("adores", &["ar"]),
    ("adoras", &["ar"]),
    ("adora", &["ar"]),
    ("ador", &["ar"]),
    ("edores", &["er"]),
    ("edora", &["er"]),
    ("edor", &["er"]),
    ("idores", &["ir"]),
    ("idora", &["ir"]),
    ("idor", &["ir"]),
];

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

/// The word a prefix is put on: `rr` after a vowel-final prefix stands for the base's `r`.
fn base_after<'a>(prefix: &str, rest: &'a str) -> Option<std::borrow::Cow<'a, str>> {
    let vowel_end = prefix.ends_with(['a', 'e', 'i', 'o', 'u']);
    if vowel_end && rest.starts_with('r') {
        // `multiregional` is misspelt: the prefix doubles the `r`.
        return rest
            .strip_prefix("rr")
            .map(|r| std::borrow::Cow::Owned(format!("r{r}")));
    }
    Some(std::borrow::Cow::Borrowed(rest))
}

/// Whether `word` (lowercase) is a verb's regular derivative (`postergación`, `inundable`).
fn by_suffix(word: &str) -> bool {
    VERB_SUFFIXES.iter().any(|(suffix, ends)| {
        word.strip_suffix(suffix).is_some_and(|stem| {
            letters(stem) >= 3 && ends.iter().any(|e| verbs::is_known(&format!("{stem}{e}")))
        })
    })
}

/// Whether `word` is formed by a productive prefix or suffix on a word `known` accepts.
pub fn is_formed(word: &str, known: &dyn Fn(&str) -> bool) -> bool {
    let lower = word.to_lowercase();
    if by_suffix(&lower) {
        return true;
    }
    let adjective_in_ble = |rest: &str| {
        (rest.ends_with("ble") || rest.ends_with("bles")) && (known(rest) || by_suffix(rest))
    };
    for neg in ["in", "im", "i"] {
        if let Some(rest) = lower.strip_prefix(neg)
            && letters(rest) >= MIN_BASE
            && adjective_in_ble(rest)
        {
            return true;
        }
    }
    PREFIXES.iter().any(|p| {
        lower
            .strip_prefix(p)
            .and_then(|rest| base_after(p, rest))
            .is_some_and(|base| letters(&base) >= MIN_BASE && (known(&base) || by_suffix(&base)))
    })
}

/// Whether a suggestion that splits a word in two (`ex jefe`, `di rectoral`) only undoes a
/// prefix: the prefix rule would write it joined, so the split is no correction.
pub fn splits_a_prefix(suggestion: &str) -> bool {
    suggestion.split_once(' ').is_some_and(|(first, _)| {
        PREFIXES.contains(&first.to_lowercase().as_str())
            || first.chars().count() <= 2
                && !matches!(
                    first,
                    "a" | "y"
                        | "o"
                        | "e"
                        | "u"
                        | "de"
                        | "la"
                        | "el"
                        | "en"
                        | "lo"
                        | "se"
                        | "me"
                        | "te"
                        | "le"
                        | "su"
                        | "tu"
                        | "mi"
                        | "al"
                        | "es"
                        | "ha"
                        | "ya"
                        | "no"
                        | "si"
                )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(w: &str) -> bool {
        [
            "jefe",
            "ministro",
            "ministerial",
            "regional",
            "provincial",
            "financiamiento",
            "referenciar",
            "profesionales",
            "métrica",
            "subsanable",
        ]
        .contains(&w)
    }

    #[test]
    fn prefixed_words() {
        for w in [
            "exjefe",
            "Exministro",
            "viceministerial",
            "multirregional",
            "interprovincial",
            "cofinanciamiento",
            "georreferenciar",
            "preprofesionales",
            "hidrométrica",
            "insubsanable",
        ] {
            assert!(is_formed(w, &known), "{w}");
        }
        for w in ["multiregional", "inpacto", "exje", "vicexyz", "coa"] {
            assert!(!is_formed(w, &known), "{w}");
        }
    }

    #[test]
    fn verb_derivatives() {
        for w in [
            "postergación",
            "postergaciones",
            "inundable",
            "inundables",
            "evaluadoras",
        ] {
            assert!(is_formed(w, &|_| false), "{w}");
        }
        assert!(!is_formed("casación2", &|_| false));
        assert!(!is_formed("xyzación", &|_| false));
    }

    #[test]
    fn prefix_splits_are_no_suggestion() {
        assert!(splits_a_prefix("ex jefe"));
        assert!(splits_a_prefix("di rectoral"));
        assert!(!splits_a_prefix("a partir"));
        assert!(!splits_a_prefix("sin embargo"));
    }
}
