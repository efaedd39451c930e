/*!
Inflection of nouns and adjectives: number, and gender where the word has both.

The plural follows the RAE's *Ortografía* and *Nueva gramática* (§3.2): a word ending in an
unstressed vowel or in stressed `á é ó` adds `-s` (`casa`, `café`); in stressed `í ú` it adds
`-es` (`ají` → `ajíes`); in `-s` or `-x` it stays the same unless stressed on the last syllable
(`crisis`, `análisis`; `país` → `países`); other consonants add `-es` (`papel`, `ley`, `luz`
→ `luces`), the written accent following the stress (`canción` → `canciones`, `joven` →
`jóvenes`). A few irregular plurals are listed (`carácter` → `caracteres`, `régimen` →
`regímenes`).

The feminine of a word with two genders: `-o` → `-a` (`ciudadano`), `-or` → `-ora`
(`trabajador`), `-ón` → `-ona`, `-és` → `-esa`, `-ín` → `-ina`, `-án` → `-ana`; other
words (`estudiante`, `joven`, `líder`) have one form for both genders.
*/

use super::stress::{stress_of, write_stress};

/// A nominal form's gender (`None`: one form for both, or unknown) and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gn {
    pub fem: Option<bool>,
    pub plural: bool,
}

const IRREGULAR_PLURALS: &[(&str, &str)] = &[
    ("carácter", "caracteres"),
    ("régimen", "regímenes"),
    ("espécimen", "especímenes"),
    ("hábitat", "hábitats"),
    ("club", "clubes"),
    ("álbum", "álbumes"),
    ("currículum", "currículos"),
    ("memorándum", "memorandos"),
];

/// The plural of a singular noun or adjective (lowercase).
pub fn plural(word: &str) -> String {
    if let Some((_, p)) = IRREGULAR_PLURALS.iter().find(|(s, _)| *s == word) {
        return (*p).to_string();
    }
    let Some(last) = word.chars().last() else {
        return String::new();
    };
    let stress = stress_of(word).unwrap_or(1);
    match last {
        'a' | 'e' | 'i' | 'o' | 'u' | 'á' | 'é' | 'ó' => format!("{word}s"),
        'í' | 'ú' => format!("{word}es"),
        's' | 'x' if stress > 1 => word.to_string(),
        'z' => respell(&format!("{}ces", &word[..word.len() - 1]), stress),
        c if c.is_alphabetic() && !matches!(c, 'l' | 'n' | 'r' | 'd' | 'j' | 's' | 'x' | 'y') => {
            // Other final consonants are loanwords: `chef` → `chefs`, `récord` → `récords`.
            format!("{word}s")
        }
        _ => respell(&format!("{word}es"), stress),
    }
}

/// A plural formed by adding a syllable, re-accented: the stress stays on the same
/// syllable, one place further from the end.
fn respell(word: &str, stress: usize) -> String {
    write_stress(word, stress + 1).unwrap_or_else(|| word.to_string())
}

/// The feminine of a masculine singular with two genders, if the ending has one.
pub fn feminine(word: &str) -> Option<String> {
    if let Some(stem) = word.strip_suffix('o') {
        return Some(format!("{stem}a"));
    }
    for (m, f) in [("ón", "ona"), ("és", "esa"), ("ín", "ina"), ("án", "ana")] {
        if let Some(stem) = word.strip_suffix(m) {
            return Some(format!("{stem}{f}"));
        }
    }
    if word.ends_with("or") {
        return Some(format!("{word}a"));
    }
    None
}

/// Every form of a noun or adjective with its gender and number. `genders`: the word has a
/// masculine and a feminine (an adjective, a person noun); otherwise only number varies
/// and the gender is left unknown.
pub fn forms(lemma: &str, genders: bool) -> Vec<(Gn, String)> {
    let sg = |fem| Gn { fem, plural: false };
    let pl = |fem| Gn { fem, plural: true };
    let fem = if genders { feminine(lemma) } else { None };
    match fem {
        Some(f) => vec![
            (sg(Some(false)), lemma.to_string()),
            (pl(Some(false)), plural(lemma)),
            (sg(Some(true)), f.clone()),
            (pl(Some(true)), plural(&f)),
        ],
        None => vec![(sg(None), lemma.to_string()), (pl(None), plural(lemma))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        for (s, p) in [
            ("casa", "casas"),
            ("café", "cafés"),
            ("ají", "ajíes"),
            ("papel", "papeles"),
            ("ley", "leyes"),
            ("luz", "luces"),
            ("canción", "canciones"),
            ("joven", "jóvenes"),
            ("examen", "exámenes"),
            ("país", "países"),
            ("inglés", "ingleses"),
            ("crisis", "crisis"),
            ("lunes", "lunes"),
            ("carácter", "caracteres"),
            ("régimen", "regímenes"),
            ("ciudadano", "ciudadanos"),
            ("alcalde", "alcaldes"),
            ("gobernador", "gobernadores"),
            ("chef", "chefs"),
            ("lápiz", "lápices"),
            ("origen", "orígenes"),
        ] {
            assert_eq!(plural(s), p, "{s}");
        }
    }

    #[test]
    fn feminines_and_forms() {
        assert_eq!(feminine("ciudadano").as_deref(), Some("ciudadana"));
        assert_eq!(feminine("trabajador").as_deref(), Some("trabajadora"));
        assert_eq!(feminine("campeón").as_deref(), Some("campeona"));
        assert_eq!(feminine("francés").as_deref(), Some("francesa"));
        assert_eq!(feminine("estudiante"), None);
        let f = forms("ingeniero", true);
        assert!(f.contains(&(
            Gn {
                fem: Some(false),
                plural: true
            },
            "ingenieros".to_string()
        )));
        assert!(f.contains(&(
            Gn {
                fem: Some(true),
                plural: true
            },
            "ingenieras".to_string()
        )));
        assert_eq!(forms("estudiante", true).len(), 2);
    }
}
