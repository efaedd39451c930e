/*!
Where a Spanish word is stressed and where its written accent goes.

Words are handled as lowercase `char` slices. A syllable nucleus is a group of vowels that
sound in one syllable: diphthongs join (`cuen-ta`), hiatus splits (`le-e`, `en-ví-e`), the
silent `u` of `que`, `qui`, `gue`, `gui` is no vowel. The stress is on the nucleus with the
written accent, else on the penultimate when the word ends in a vowel, `n` or `s`, else on
the last ([`stress_from_end`]). [`write_stress`] puts the accent back where the RAE's
*Ortografía* (2010, §3.4) wants it for a given stressed nucleus: on *agudas* of more than one
syllable ending in a vowel, `n` or `s`, on *llanas* ending otherwise, on every *esdrújula*;
the accent of a hiatus (`envía`, `oír`, `reúne`) is kept whatever the rule says.
*/

use std::ops::Range;

/// The vowel without its acute accent (`é` → `e`); any other char unchanged.
pub fn strip_acute(c: char) -> char {
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

/// The vowel with an acute accent (`e` → `é`); any other char unchanged.
pub fn add_acute(c: char) -> char {
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

pub fn is_accented(c: char) -> bool {
    strip_acute(c) != c
}

fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

pub fn is_vowel(c: char) -> bool {
    matches!(strip_acute(lower(c)), 'a' | 'e' | 'i' | 'o' | 'u' | 'ü')
}

/// An open vowel (`a e o`), accented or not.
pub fn is_strong(c: char) -> bool {
    matches!(strip_acute(lower(c)), 'a' | 'e' | 'o')
}

/// Syllable nuclei of a word: char index ranges of its vowel groups, hiatus split
/// (`le-e`, `envi-e`), the silent `u` of `que`, `gui` left out.
pub fn nuclei(chars: &[char]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut prev_vowel: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let silent_u = lower(c) == 'u'
            && i > 0
            && matches!(lower(chars[i - 1]), 'q' | 'g')
            && chars
                .get(i + 1)
                .is_some_and(|&n| matches!(strip_acute(lower(n)), 'e' | 'i'));
        // `y` closes a diphthong at the end of a word (`hoy`, `muy`), and is a consonant
        // before a vowel.
        let final_y = lower(c) == 'y' && i + 1 == chars.len() && prev_vowel.is_some();
        if !(is_vowel(c) || final_y) || silent_u {
            prev_vowel = None;
            continue;
        }
        let joins = prev_vowel.is_some_and(|p| {
            let hiatus = (is_strong(p) && is_strong(c))
                || (is_accented(p) && !is_strong(p))
                || (is_accented(c) && !is_strong(c))
                || strip_acute(lower(p)) == strip_acute(lower(c));
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

/// Whether a word ending in `last` is a *llana* by default (vowel, `n` or `s`).
fn ends_like_llana(last: char) -> bool {
    let l = lower(last);
    is_vowel(l) || matches!(l, 'n' | 's')
}

/// Index from the end (1 = last) of the stressed nucleus of `chars`, by its accent or by the
/// default rules (penultimate after a vowel, `n` or `s`; last otherwise).
pub fn stress_from_end(chars: &[char], nuclei: &[Range<usize>]) -> Option<usize> {
    if let Some(i) = chars.iter().position(|&c| is_accented(c)) {
        return nuclei
            .iter()
            .rev()
            .position(|n| n.contains(&i))
            .map(|p| p + 1);
    }
    let last = *chars.last()?;
    if nuclei.is_empty() {
        return None;
    }
    Some(if ends_like_llana(last) && nuclei.len() >= 2 {
        2
    } else {
        1
    })
}

/// The vowel of a nucleus that carries a written accent: the strong one, or the second of
/// two weak ones (`cuí-da`, `con-stru-í`).
pub fn accent_slot(chars: &[char], n: &Range<usize>) -> usize {
    n.clone()
        .find(|&i| is_strong(chars[i]))
        .unwrap_or(n.end - 1)
}

/// Whether the accent at char `i` marks a hiatus (`envía`, `reúne`, `oír`): an accented
/// weak vowel next to a strong one. Such an accent stays whatever the general rules say.
fn hiatus_accent(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    is_accented(c)
        && !is_strong(c)
        && (i > 0 && is_strong(chars[i - 1])
            || chars.get(i + 1).is_some_and(|&n| is_strong(n))
            || (i > 1 && lower(chars[i - 1]) == 'h' && is_strong(chars[i - 2]))
            || chars.get(i + 1).is_some_and(|&n| lower(n) == 'h')
                && chars.get(i + 2).is_some_and(|&n| is_strong(n)))
}

/// `word` written with its stress on nucleus `stressed` (from the end, 1 = last), the
/// written accent where the rules want it. A hiatus accent is kept; any other accent is
/// dropped or moved. `None` when the word has fewer nuclei.
pub fn write_stress(word: &str, stressed: usize) -> Option<String> {
    let mut chars: Vec<char> = word.chars().collect();
    let n = nuclei(&chars);
    if stressed == 0 || stressed > n.len() {
        return None;
    }
    let target = &n[n.len() - stressed];
    if target.clone().any(|i| hiatus_accent(&chars, i)) {
        // `envía` + `lo`: the hiatus accent stays and no other accent is written.
        for (i, c) in chars.iter_mut().enumerate() {
            if !target.contains(&i) {
                *c = strip_acute(*c);
            }
        }
        return Some(chars.into_iter().collect());
    }
    let hiatus: Vec<bool> = (0..chars.len()).map(|i| hiatus_accent(&chars, i)).collect();
    for (c, keep) in chars.iter_mut().zip(hiatus) {
        if !keep {
            *c = strip_acute(*c);
        }
    }
    let last = *chars.last()?;
    let needs = match stressed {
        1 => n.len() > 1 && ends_like_llana(last),
        2 => !ends_like_llana(last),
        _ => true,
    };
    if needs {
        let i = accent_slot(&chars, target);
        chars[i] = add_acute(chars[i]);
    }
    Some(chars.into_iter().collect())
}

/// `word` with an accent on one of its weak vowels next to a strong one (`envie` → `envíe`,
/// `actuen` → `actúen`): the forms of `-iar`, `-uar` and hiatus verbs that write one.
pub fn hiatus_variants(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let c = chars[i];
        if !matches!(c, 'i' | 'u') {
            continue;
        }
        let next_strong = chars.get(i + 1).is_some_and(|&n| is_strong(n));
        let prev_strong = i > 0 && is_strong(chars[i - 1]);
        if next_strong || prev_strong {
            let mut v = chars.clone();
            v[i] = add_acute(c);
            out.push(v.into_iter().collect());
        }
    }
    out
}

/// The stressed nucleus of `word`, from the end (1 = last).
pub fn stress_of(word: &str) -> Option<usize> {
    let chars: Vec<char> = word.chars().collect();
    let n = nuclei(&chars);
    stress_from_end(&chars, &n)
}

/// The number of syllable nuclei of `word`.
pub fn syllables(word: &str) -> usize {
    nuclei(&word.chars().collect::<Vec<_>>()).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_nuclei() {
        let n = |w: &str| syllables(w);
        assert_eq!(n("descarga"), 3);
        assert_eq!(n("sigue"), 2);
        assert_eq!(n("cuenta"), 2);
        assert_eq!(n("envíe"), 3);
        assert_eq!(n("lee"), 2);
        assert_eq!(n("que"), 1);
        assert_eq!(n("hoy"), 1);
        assert_eq!(n("leyes"), 2);
    }

    #[test]
    fn stress_by_accent_or_default() {
        assert_eq!(stress_of("casa"), Some(2));
        assert_eq!(stress_of("papel"), Some(1));
        assert_eq!(stress_of("canción"), Some(1));
        assert_eq!(stress_of("árbol"), Some(2));
        assert_eq!(stress_of("cómpralo"), Some(3));
        assert_eq!(stress_of("ten"), Some(1));
    }

    #[test]
    fn accents_follow_the_stress() {
        // agudas
        assert_eq!(write_stress("conten", 1).as_deref(), Some("contén"));
        assert_eq!(write_stress("deshaz", 1).as_deref(), Some("deshaz"));
        assert_eq!(write_stress("previo", 1).as_deref(), Some("previó"));
        assert_eq!(write_stress("ten", 1).as_deref(), Some("ten"));
        // llanas
        assert_eq!(write_stress("canciones", 2).as_deref(), Some("canciones"));
        assert_eq!(write_stress("cancion", 1).as_deref(), Some("canción"));
        assert_eq!(write_stress("arbol", 2).as_deref(), Some("árbol"));
        // esdrújulas
        assert_eq!(write_stress("jovenes", 3).as_deref(), Some("jóvenes"));
        assert_eq!(write_stress("descargalo", 3).as_deref(), Some("descárgalo"));
        // a hiatus accent stays; others move
        assert_eq!(write_stress("envíalo", 3).as_deref(), Some("envíalo"));
        assert_eq!(write_stress("dé", 1).as_deref(), Some("de"));
        assert_eq!(write_stress("deme", 2).as_deref(), Some("deme"));
        assert_eq!(write_stress("oírlo", 2).as_deref(), Some("oírlo"));
        assert_eq!(write_stress("x", 1), None);
    }
}
