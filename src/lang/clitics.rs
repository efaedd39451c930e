/*!
Enclitic pronouns: `vótalo`, `respáldanos`, `votémoslo`, `inscríbete`, `diciéndoselo`.

Pronouns follow infinitives, gerunds and commands (the imperative, and the usted, nosotros and
ustedes subjunctives). [`attach`] writes the form with one or two pronouns: the stress stays on
the verb's syllable and the written accent follows the general rules (`vota` + `lo` →
`vótalo`, `dé` + `me` → `deme`, `envía` + `lo` → `envíalo`); the nosotros form drops its `-s`
before `nos` and `se` (`votemos` + `nos` → `votémonos`), the vosotros imperative its `-d`
before `os` (`votad` + `os` → `votaos`, but `idos`). [`strip`] undoes it for matching: the
verb forms a word may be, with the number of pronouns it carries.
*/

use super::stress::{stress_of, syllables, write_stress};

/// Pronouns that may stand last.
pub const LAST: &[&str] = &[
    "los", "las", "les", "nos", "lo", "la", "le", "me", "te", "se", "os",
];
/// Pronouns that may stand before a third-person one (`selo`, `melo`, `noslo`).
pub const FIRST: &[&str] = &["nos", "me", "te", "se", "os"];
const THIRD_PERSON: &[&str] = &["lo", "la", "los", "las", "le", "les"];

/// Every sequence of one or two enclitic pronouns, as written after the verb.
pub fn sequences() -> Vec<String> {
    let mut out: Vec<String> = LAST.iter().map(|p| p.to_string()).collect();
    for first in FIRST {
        for third in THIRD_PERSON {
            out.push(format!("{first}{third}"));
        }
    }
    out
}

/// `form` with the pronouns `pronouns` (one or two, written together: `selo`), accented as
/// the rules want. `nosotros` tells that `form` is the nosotros command (`votemos`), `vos`
/// that it is the vosotros imperative (`votad`).
pub fn attach(form: &str, pronouns: &str, nosotros: bool, vos: bool) -> Option<String> {
    let stress = stress_of(form)?;
    let mut base = form.to_string();
    if nosotros && (pronouns.starts_with("nos") || pronouns.starts_with("se")) {
        base.pop();
    }
    if vos && pronouns.starts_with("os") && base != "id" {
        base.pop();
    }
    let word = format!("{base}{pronouns}");
    // The verb's stressed syllable, counted from the end, moves back by the pronouns'.
    let extra = syllables(pronouns);
    write_stress(&word, stress + extra)
}

/// The ways a word (lowercase) may be a verb form plus enclitic pronouns: `(verb form as
/// written, pronouns)`. The nosotros `-s` and vosotros `-d` dropped before a pronoun are
/// given back as further candidates (`votémonos` → `votémo`, `votémos` + `nos`). Accents are
/// not checked here.
pub fn strip(word: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for_each_stem(word, &mut |stem, pronouns| {
        out.push((stem.to_string(), pronouns.to_string()));
    });
    out
}

/// [`strip`] without allocating its answers: calls `f(stem, pronouns)` for each candidate.
/// The hot path of lemma lookups, so it allocates only to give back a dropped `-s`/`-d`.
pub fn for_each_stem(word: &str, f: &mut dyn FnMut(&str, &str)) {
    let mut buf = String::new();
    let mut emit = |stem: &str, first: &str, last: &str| {
        if stem.chars().filter(|c| c.is_alphabetic()).take(2).count() < 2 {
            return;
        }
        let pronouns_owned;
        let pronouns = if first.is_empty() {
            last
        } else {
            pronouns_owned = [first, last].concat();
            pronouns_owned.as_str()
        };
        let lead = if first.is_empty() { last } else { first };
        for restored in ["s", "d"] {
            let wanted = match restored {
                "s" => lead == "nos" || lead == "se",
                _ => lead == "os",
            };
            if wanted {
                buf.clear();
                buf.push_str(stem);
                buf.push_str(restored);
                f(&buf, pronouns);
            }
        }
        f(stem, pronouns);
    };
    for last in LAST {
        let Some(rest) = word.strip_suffix(last) else {
            continue;
        };
        emit(rest, "", last);
        if THIRD_PERSON.contains(last) {
            for first in FIRST {
                if let Some(stem) = rest.strip_suffix(first) {
                    emit(stem, first, last);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attaches_with_the_right_accent() {
        assert_eq!(
            attach("vota", "lo", false, false).as_deref(),
            Some("vótalo")
        );
        assert_eq!(
            attach("respalda", "nos", false, false).as_deref(),
            Some("respáldanos")
        );
        assert_eq!(
            attach("voten", "lo", false, false).as_deref(),
            Some("vótenlo")
        );
        assert_eq!(
            attach("votar", "lo", false, false).as_deref(),
            Some("votarlo")
        );
        assert_eq!(
            attach("votar", "selo", false, false).as_deref(),
            Some("votárselo")
        );
        assert_eq!(
            attach("votando", "lo", false, false).as_deref(),
            Some("votándolo")
        );
        assert_eq!(
            attach("votemos", "lo", true, false).as_deref(),
            Some("votémoslo")
        );
        assert_eq!(
            attach("votemos", "nos", true, false).as_deref(),
            Some("votémonos")
        );
        assert_eq!(
            attach("votad", "os", false, true).as_deref(),
            Some("votaos")
        );
        assert_eq!(attach("id", "os", false, true).as_deref(), Some("idos"));
        assert_eq!(attach("dé", "me", false, false).as_deref(), Some("deme"));
        assert_eq!(
            attach("envía", "lo", false, false).as_deref(),
            Some("envíalo")
        );
        assert_eq!(
            attach("inscribe", "te", false, false).as_deref(),
            Some("inscríbete")
        );
        assert_eq!(
            attach("di", "selo", false, false).as_deref(),
            Some("díselo")
        );
    }

    #[test]
    fn strips_one_or_two_pronouns() {
        let has = |s: &[(String, String)], stem: &str, p: &str| {
            s.contains(&(stem.to_string(), p.to_string()))
        };
        let s = strip("votemonos");
        assert!(has(&s, "votemos", "nos"), "{s:?}");
        let s = strip("votenlo");
        assert!(has(&s, "voten", "lo"), "{s:?}");
        let s = strip("diciendoselo");
        assert!(has(&s, "diciendo", "selo"), "{s:?}");
        let s = strip("votaos");
        assert!(has(&s, "votad", "os"), "{s:?}");
        assert!(strip("lo").is_empty());
    }
}
