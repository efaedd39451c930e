/*!
Verbs with enclitic pronouns: `Descárgalo`, `Inscríbete`, `responderle`, `diciéndoselo`.

The Spanish Hunspell dictionary lists enclitic forms for few verbs, and social posts are full
of them (`Síguenos`, `Escríbenos`, `Cuéntanos`). A word the dictionary lacks is accepted when
it splits into a form the dictionary knows that can carry pronouns (an infinitive, a gerund or
a command: it ends in `-r`, `-ndo`, a vowel, `-n`, the nosotros `-mos` or the vosotros `-d`)
plus one or two enclitic pronouns, and its written accent is where
[`crate::lang::clitics::attach`] puts it (`descarga` + `lo` → `descárgalo`, `hacer` + `se` +
`lo` → `hacérselo`, `hacer` + `lo` → `hacerlo`, `hagamos` + `lo` → `hagámoslo`). So
`descargalo` is still reported, and [`correct`] suggests `descárgalo`.

Diminutives are the other common gap ([`is_diminutive`]): `abuelitos`, `ahorita`, `poquito`
are accepted when the word they come from is known.
*/

use crate::lang::clitics;
use crate::lang::stress::{add_acute, strip_acute};

/// Whether a verb form written `base` (lowercase) may carry enclitics: an infinitive, a
/// gerund, a command (ending in a vowel or `-n`), the nosotros command before `nos`/`se`
/// restored (`-mos`), the vosotros imperative (`-d`).
fn takes_pronouns(base: &str) -> bool {
    base.ends_with('r')
        || base.ends_with("ndo")
        || base.ends_with('n')
        || base.ends_with("mos")
        || base.ends_with('d')
        || base
            .chars()
            .last()
            .is_some_and(crate::lang::stress::is_vowel)
}

/// The spellings `word` should have as a verb form plus pronouns, for each way it splits
/// into a form `known` accepts and enclitics (lowercase).
fn expected(word: &str, known: &impl Fn(&str) -> bool) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut out = Vec::new();
    for (stem, pronouns) in clitics::strip(&lower) {
        let plain: String = stem.chars().map(strip_acute).collect();
        // A stem with its own accent (`envíe`, `oír`) keeps it; otherwise the plain form.
        let base = if stem != plain && known(&stem) {
            stem
        } else if known(&plain) {
            plain
        } else {
            continue;
        };
        if !takes_pronouns(&base) {
            continue;
        }
        let nosotros = base.ends_with("mos");
        let vos = base.ends_with('d');
        if let Some(e) = clitics::attach(&base, &pronouns, nosotros, vos) {
            out.push(e);
        }
    }
    out
}

/// Whether `word` is a known verb form with enclitic pronouns, correctly accented.
pub fn is_enclitic_form(word: &str, known: impl Fn(&str) -> bool) -> bool {
    let lower = word.to_lowercase();
    expected(word, &known).contains(&lower)
}

/// The correctly accented spelling of a verb with enclitics written with a wrong accent
/// (`descargalo` → `descárgalo`, `hacérlo` → `hacerlo`), in the case of `word`.
pub fn correct(word: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    let lower = word.to_lowercase();
    let fold = |s: &str| s.chars().map(strip_acute).collect::<String>();
    let e = expected(word, &known)
        .into_iter()
        .find(|e| *e != lower && fold(e) == fold(&lower))?;
    Some(with_case_of(word, &e))
}

/// `text` with the capitals of `model`: all capitals, or a capital first letter.
fn with_case_of(model: &str, text: &str) -> String {
    let letters: Vec<char> = model.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return text.to_uppercase();
    }
    if model.chars().next().is_some_and(char::is_uppercase) {
        let mut c = text.chars();
        return c
            .next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default();
    }
    text.to_string()
}

/// Whether `word` is a diminutive (`abuelitos`, `ahorita`, `poquito`, `cafecito`) of a word
/// `known` accepts: the Spanish dictionary lists few of them, and Peruvian posts use many.
pub fn is_diminutive(word: &str, known: impl Fn(&str) -> bool) -> bool {
    const ENDINGS: &[(&str, &[&str])] = &[
        ("ecitos", &["", "e", "é"]),
        ("ecitas", &["", "e", "é"]),
        ("ecito", &["", "e", "é"]),
        ("ecita", &["", "e", "é"]),
        ("citos", &["", "e", "é"]),
        ("citas", &["", "e", "é"]),
        ("cito", &["", "e", "é"]),
        ("cita", &["", "e", "é"]),
        ("itos", &["o", "os", "e", "es", ""]),
        ("itas", &["a", "as", "e", "es", ""]),
        ("ito", &["o", "e", ""]),
        ("ita", &["a", "e", ""]),
    ];
    let lower = word.to_lowercase();
    for (ending, bases) in ENDINGS {
        let Some(stem) = lower.strip_suffix(ending) else {
            continue;
        };
        if stem.chars().count() < 2 {
            continue;
        }
        // `poqu-ito` → `poco`, `amigu-ito` → `amigo`.
        let stems = [
            stem.to_string(),
            stem.strip_suffix("qu")
                .map(|s| format!("{s}c"))
                .unwrap_or_default(),
            stem.strip_suffix("gu")
                .map(|s| format!("{s}g"))
                .unwrap_or_default(),
        ];
        for s in stems.iter().filter(|s| !s.is_empty()) {
            if bases.iter().any(|b| known(&format!("{s}{b}"))) {
                return true;
            }
        }
    }
    false
}

/// `word` with its written accent moved to each other vowel, or, without one, added to
/// each vowel: last vowels first, where Spanish accents mostly fall.
pub fn accent_variants(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let plain: Vec<char> = chars.iter().map(|&c| strip_acute(c)).collect();
    let mut out = Vec::new();
    for i in (0..chars.len()).rev() {
        let c = add_acute(plain[i]);
        if c == plain[i] || c == chars[i] {
            continue;
        }
        let mut v = plain.clone();
        v[i] = c;
        out.push(v.into_iter().collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Verb forms a dictionary would know.
    fn known(w: &str) -> bool {
        let lower = w.to_lowercase();
        [
            "descarga",
            "inscribe",
            "presente",
            "siga",
            "sigan",
            "sigue",
            "escribe",
            "cuenta",
            "responder",
            "hacer",
            "da",
            "diciendo",
            "envíe",
            "oír",
            "casa",
            "ambiental",
            "conoce",
        ]
        .contains(&lower.as_str())
    }

    #[test]
    fn accepts_well_accented_enclitic_forms() {
        for w in [
            "Descárgalo",
            "Inscríbete",
            "Preséntelas",
            "Síganos",
            "síganlos",
            "Síguenos",
            "Escríbenos",
            "Cuéntanos",
            "responderle",
            "hacerlo",
            "hacérselo",
            "dame",
            "dámelo",
            "diciéndole",
            "diciéndoselo",
            "envíenos",
            "oírlo",
            "Conócelo",
        ] {
            assert!(is_enclitic_form(w, known), "{w}");
        }
    }

    #[test]
    fn rejects_wrong_accents_and_non_verbs() {
        for w in [
            "descargalo",
            "inscribete",
            "Siganos",
            "hacérlo",
            "hacerselo",
            "respondérle",
            "casalo",
            "ambientalse",
            "lo",
            "evaluacionle",
        ] {
            assert!(!is_enclitic_form(w, known), "{w}");
        }
    }

    #[test]
    fn suggests_the_right_accent() {
        assert_eq!(correct("descargalo", known).as_deref(), Some("descárgalo"));
        assert_eq!(correct("Siganos", known).as_deref(), Some("Síganos"));
        assert_eq!(correct("hacérlo", known).as_deref(), Some("hacerlo"));
        assert_eq!(correct("hacerselo", known).as_deref(), Some("hacérselo"));
        assert_eq!(correct("Descárgalo", known), None);
        assert_eq!(correct("ambietal", known), None);
    }

    #[test]
    fn accent_variants_move_or_add_the_accent() {
        assert_eq!(
            accent_variants("certficacion"),
            [
                "certficación",
                "certficacíon",
                "certficácion",
                "certfícacion",
                "cértficacion"
            ]
        );
        assert_eq!(
            accent_variants("evaluacíon"),
            [
                "evaluación",
                "evaluácion",
                "evalúacion",
                "eváluacion",
                "évaluacion"
            ]
        );
    }

    #[test]
    fn diminutives_of_known_words() {
        let known = |w: &str| {
            [
                "abuelo", "abuela", "ahora", "poco", "café", "amigo", "pan", "casa",
            ]
            .contains(&w)
        };
        for w in [
            "abuelitos",
            "Abuelitas",
            "ahorita",
            "poquito",
            "cafecito",
            "amiguitos",
            "pancito",
            "casita",
        ] {
            assert!(is_diminutive(w, known), "{w}");
        }
        for w in ["evaluita", "ito", "perrito", "casota"] {
            assert!(!is_diminutive(w, known), "{w}");
        }
    }
}
