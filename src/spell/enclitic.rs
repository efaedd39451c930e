/*!
Verbs with enclitic pronouns: `Descárgalo`, `Inscríbete`, `responderle`, `diciéndoselo`.

The Spanish Hunspell dictionary lists enclitic forms for few verbs, and social posts are full
of them (`Síguenos`, `Escríbenos`, `Cuéntanos`). A word the dictionary lacks is accepted when
it splits into a form the dictionary knows that can carry pronouns (an infinitive, a gerund or
an imperative: it ends in `-r`, `-ndo`, a vowel or `-n`) plus one or two enclitic pronouns,
and its written accent is where Spanish stress rules put it: the whole word carries an accent
when its stress falls on the third syllable from the end or earlier (`descarga` + `lo` →
`descárgalo`, `hacer` + `se` + `lo` → `hacérselo`), and no added accent otherwise (`hacer` +
`lo` → `hacerlo`). So `descargalo` is still reported, and [`correct`] suggests `descárgalo`.

Diminutives are the other common gap ([`is_diminutive`]): `abuelitos`, `ahorita`, `poquito`
are accepted when the word they come from is known.
*/

/// Pronouns that may stand last.
const LAST: &[&str] = &[
    "los", "las", "les", "nos", "lo", "la", "le", "me", "te", "se", "os",
];
/// Pronouns that may stand before `lo`, `la`, `los`, `las`, `le`, `les`.
const FIRST: &[&str] = &["nos", "me", "te", "se", "os"];
const THIRD_PERSON: &[&str] = &["lo", "la", "los", "las", "le", "les"];

fn strip_acute(c: char) -> char {
    match c {
        'á' => 'a',
        'é' => 'e',
        'í' => 'i',
        'ó' => 'o',
        'ú' => 'u',
        'Á' => 'A',
        'É' => 'E',
        'Í' => 'I',
        'Ó' => 'O',
        'Ú' => 'U',
        c => c,
    }
}

fn add_acute(c: char) -> char {
    match c {
        'a' => 'á',
        'e' => 'é',
        'i' => 'í',
        'o' => 'ó',
        'u' => 'ú',
        'A' => 'Á',
        'E' => 'É',
        'I' => 'Í',
        'O' => 'Ó',
        'U' => 'Ú',
        c => c,
    }
}

fn is_accented(c: char) -> bool {
    strip_acute(c) != c
}

fn is_vowel(c: char) -> bool {
    matches!(
        strip_acute(c.to_lowercase().next().unwrap_or(c)),
        'a' | 'e' | 'i' | 'o' | 'u' | 'ü'
    )
}

fn is_strong(c: char) -> bool {
    matches!(
        strip_acute(c.to_lowercase().next().unwrap_or(c)),
        'a' | 'e' | 'o'
    )
}

/// Syllable nuclei of a word: char index ranges of its vowel groups, hiatus split
/// (`le-e`, `envi-e`), the silent `u` of `que`, `gui` left out.
fn nuclei(chars: &[char]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut prev_vowel: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let silent_u = lower == 'u'
            && i > 0
            && matches!(chars[i - 1].to_lowercase().next(), Some('q' | 'g'))
            && chars.get(i + 1).is_some_and(|n| {
                matches!(
                    strip_acute(n.to_lowercase().next().unwrap_or(*n)),
                    'e' | 'i'
                )
            });
        if !is_vowel(c) || silent_u {
            prev_vowel = None;
            continue;
        }
        let joins = prev_vowel.is_some_and(|p| {
            let hiatus = (is_strong(p) && is_strong(c))
                || (is_accented(p) && !is_strong(p))
                || (is_accented(c) && !is_strong(c));
            !hiatus
        });
        match out.last_mut() {
            Some(last) if joins => last.end = i + 1,
            _ => out.push(i..i + 1),
        }
        prev_vowel = Some(c);
    }
    out
}

/// Index from the end (1 = last) of the stressed nucleus of `chars`, by its accent or by the
/// default rules (penultimate after a vowel, `n` or `s`; last otherwise).
fn stress_from_end(chars: &[char], nuclei: &[std::ops::Range<usize>]) -> Option<usize> {
    if let Some(i) = chars.iter().position(|&c| is_accented(c)) {
        return nuclei
            .iter()
            .rev()
            .position(|n| n.contains(&i))
            .map(|p| p + 1);
    }
    let last = chars.last()?.to_lowercase().next()?;
    Some(
        if (is_vowel(last) || matches!(last, 'n' | 's')) && nuclei.len() >= 2 {
            2
        } else {
            1
        },
    )
}

/// The vowel of a nucleus that carries a written accent: the strong one, or the second of
/// two weak ones (`cuí-da`, `con-stru-í`).
fn accent_slot(chars: &[char], n: &std::ops::Range<usize>) -> usize {
    n.clone()
        .find(|&i| is_strong(chars[i]))
        .unwrap_or(n.end - 1)
}

/// The ways `word` may split into a stem and one or two enclitic pronouns.
fn splits(word: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    for last in LAST {
        let Some(rest) = word.strip_suffix(last) else {
            continue;
        };
        out.push((rest, 1));
        if THIRD_PERSON.contains(last) {
            for first in FIRST {
                if let Some(stem) = rest.strip_suffix(first) {
                    out.push((stem, 2));
                }
            }
        }
    }
    out.retain(|(stem, _)| stem.chars().filter(|c| c.is_alphabetic()).count() >= 2);
    out
}

/// How `word` should be written as `stem` + `pronouns` syllables, if `stem` is a form that
/// takes enclitics and `known` accepts it.
fn expected(stem: &str, pronouns: usize, known: &impl Fn(&str) -> bool) -> Option<String> {
    let plain: String = stem.chars().map(strip_acute).collect();
    let lower = plain.to_lowercase();
    let verb_like = lower.ends_with('r')
        || lower.ends_with("ndo")
        || lower.ends_with('n')
        || lower.chars().last().is_some_and(is_vowel);
    if !verb_like {
        return None;
    }
    // A stem with its own accent (`envíe`, `oír`) keeps it; otherwise the plain form.
    let base = if stem != plain && known(stem) {
        stem.to_string()
    } else if known(&plain) {
        plain
    } else {
        return None;
    };
    let mut chars: Vec<char> = base.chars().collect();
    let nuc = nuclei(&chars);
    let stress = stress_from_end(&chars, &nuc)?;
    if stress + pronouns >= 3 && !chars.iter().any(|&c| is_accented(c)) {
        let n = &nuc[nuc.len() - stress];
        let i = accent_slot(&chars, n);
        chars[i] = add_acute(chars[i]);
    }
    Some(chars.into_iter().collect())
}

/// Whether `word` is a known verb form with enclitic pronouns, correctly accented.
pub fn is_enclitic_form(word: &str, known: impl Fn(&str) -> bool) -> bool {
    splits(word)
        .into_iter()
        .any(|(stem, n)| expected(stem, n, &known).is_some_and(|e| e == stem))
}

/// The correctly accented spelling of a verb with enclitics written with a wrong accent
/// (`descargalo` → `descárgalo`, `hacérlo` → `hacerlo`).
pub fn correct(word: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    splits(word).into_iter().find_map(|(stem, n)| {
        let e = expected(stem, n, &known)?;
        (e != stem).then(|| format!("{e}{}", &word[stem.len()..]))
    })
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

    #[test]
    fn syllable_nuclei() {
        let n = |w: &str| nuclei(&w.chars().collect::<Vec<_>>()).len();
        assert_eq!(n("descarga"), 3);
        assert_eq!(n("sigue"), 2);
        assert_eq!(n("cuenta"), 2);
        assert_eq!(n("envíe"), 3);
        assert_eq!(n("lee"), 2);
        assert_eq!(n("que"), 1);
    }
}
