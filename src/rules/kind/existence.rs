#![doc = include_str!("../../../docs/kinds/existence.md")]

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use super::{Context, Draft, Kind, read_terms};
use crate::rules::pack::{Problems, RuleDef};
use crate::text::{Unglued, fold};

pub const FIELDS: &[&str] = &["terms", "obfuscation"];

#[derive(Debug)]
pub struct Existence {
    terms: Vec<String>,
    /// Masked spellings: the regex, and the folded plain terms it also matches (found by
    /// the shared automaton instead).
    obfuscated: Option<(Masked, HashSet<String>)>,
}

/// The regex of masked spellings, taken only where not glued to a word before it; compiled
/// on first use (most posts show no sign of masking).
#[derive(Debug)]
struct Masked {
    source: String,
    compiled: OnceLock<Option<Unglued>>,
}

impl Masked {
    fn get(&self) -> Option<&Unglued> {
        self.compiled
            .get_or_init(|| Unglued::new(&self.source, GLUED).ok())
            .as_ref()
    }
}

/// Word characters for masked words as a regex class: letters, digits and the masking
/// symbols `*@$` (what [`glued`] says).
const GLUED: &str = r"\p{Alphabetic}\p{N}*@$";

pub fn compile(rd: &RuleDef, p: &mut Problems) -> Option<Existence> {
    let Some(list) = &rd.terms else {
        p.at(&rd.kind.referenced, "kind existence necesita `terms`");
        return None;
    };
    let terms = read_terms(&list.value, p);
    if terms.is_empty() {
        p.at(&list.referenced, "`terms` está vacío");
        return None;
    }
    let obfuscated = match &rd.obfuscation {
        Some(o) if o.value => {
            let re = Masked {
                source: obfuscation_regex(&terms),
                compiled: OnceLock::new(),
            };
            if p.eager && re.get().is_none() {
                p.at(
                    &o.referenced,
                    "no se pudo compilar `obfuscation`: demasiados términos",
                );
                return None;
            }
            Some((re, terms.iter().map(|t| fold(t)).collect()))
        }
        _ => None,
    };
    Some(Existence { terms, obfuscated })
}

/// Characters that may stand for a letter in masked insults.
fn letter_class(c: char) -> String {
    match c {
        'a' => "[a4@*]+".into(),
        'e' => "[e3*]+".into(),
        'i' => "[i1!*]+".into(),
        'o' => "[o0*]+".into(),
        'u' => "[u*]+".into(),
        's' => "[s5$]+".into(),
        ' ' => "[ ._-]+".into(),
        c if c.is_alphabetic() => format!("{}+", regex::escape(&c.to_string())),
        c => regex::escape(&c.to_string()),
    }
}

fn obfuscation_regex(terms: &[String]) -> String {
    let mut folded: Vec<String> = terms.iter().map(|t| fold(t)).collect();
    folded.sort_by_key(|t| std::cmp::Reverse(t.len()));
    folded.dedup();
    let alts: Vec<String> = folded
        .iter()
        .map(|t| t.chars().map(letter_class).collect::<String>())
        .collect();
    format!("(?:{})", alts.join("|"))
}

/// Signs of masked words in folded text: a run of masking symbols between two letters
/// (`m13rda`, `p!ta`), a `*` touching a letter (`c*rajo`, `mierd*`), a doubled `a`, `i` or
/// `u` (rare in Spanish, common in `mierdaa`), or a letter three times in a row.
pub fn masking_signs(text: &str) -> bool {
    let b = text.as_bytes();
    let letter = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_lowercase());
    let mask = |c: u8| matches!(c, b'*' | b'@' | b'$' | b'!' | b'0'..=b'9');
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'*' && ((i > 0 && letter(i - 1)) || letter(i + 1)) {
            return true;
        }
        if mask(c) && i > 0 && letter(i - 1) {
            let mut j = i;
            while j < b.len() && mask(b[j]) {
                j += 1;
            }
            if letter(j) {
                return true;
            }
            i = j;
            continue;
        }
        if c.is_ascii_lowercase()
            && b.get(i + 1) == Some(&c)
            && (matches!(c, b'a' | b'i' | b'u') || b.get(i + 2) == Some(&c))
        {
            return true;
        }
        i += 1;
    }
    false
}

/// Word characters for masked words: letters, digits and the masking symbols.
fn glued(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '*' | '@' | '$')
}

impl Kind for Existence {
    fn terms(&self) -> Vec<&str> {
        self.terms.iter().map(String::as_str).collect()
    }

    fn on_term(&self, _variant: usize, span: Range<usize>, _cx: &Context) -> Option<Draft> {
        Some(Draft::at(span))
    }

    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        // Plain spellings come from the shared automaton; the regex only runs where a masked
        // spelling is possible at all.
        let Some((re, plain)) = &self.obfuscated else {
            return;
        };
        if !cx.has_masking() {
            return;
        }
        let Some(re) = re.get() else { return };
        for m in masked_matches(re, plain, &cx.folded.text) {
            out.push(Draft::at(cx.folded.range_to_orig(&cx.doc.text, m)));
        }
    }
}

/// The masked spellings in folded `text`: matches of `re` not glued to a word on either side
/// and not a plain spelling. A candidate starts at the start of the text or after a character
/// that does not glue it (one forward search skips every glued start); rejected, the search
/// goes on after it, so the text is read a bounded number of times.
fn masked_matches(re: &Unglued, plain: &HashSet<String>, text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len()
        && let Some(m) = re.find_at(text, at)
    {
        if !text[m.end..].chars().next().is_some_and(glued) && !plain.contains(&text[m.clone()]) {
            out.push(m.clone());
        }
        at = if m.is_empty() {
            m.end + text[m.end..].chars().next().map_or(1, char::len_utf8)
        } else {
            m.end
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_signs_are_rare_in_plain_spanish() {
        for s in ["c*rajo", "m13rda", "mierdaaa", "p!ta", "idiotaa", "mierd*"] {
            assert!(masking_signs(s), "{s}");
        }
        for s in [
            "el taller de @senaceperu es el 2x1 de marzo",
            "leer y creer en la cooperación",
            "la ley 27806 y el eia-d",
            "carro, llama, acción",
        ] {
            assert!(!masking_signs(s), "{s}");
        }
    }

    #[test]
    fn the_glued_class_is_letters_digits_and_masking_signs() {
        crate::text::unglued::assert_class_is(GLUED, glued);
    }

    /// [`masked_matches`] the slow way: the leftmost match; glued to what precedes it,
    /// search again one character later; otherwise rejected or taken, after it.
    fn one_start_at_a_time(
        re: &regex::Regex,
        plain: &HashSet<String>,
        text: &str,
    ) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = re.find_at(text, at) {
            if text[..m.start()].chars().next_back().is_some_and(glued) {
                at = m.start() + text[m.start()..].chars().next().unwrap().len_utf8();
                continue;
            }
            if !text[m.end()..].chars().next().is_some_and(glued) && !plain.contains(m.as_str()) {
                out.push(m.range());
            }
            at = m.end();
        }
        out
    }

    #[test]
    fn masked_matches_are_those_of_one_start_at_a_time() {
        let terms: Vec<String> = ["carajo", "mierda", "hijo de puta", "idiota"]
            .map(String::from)
            .to_vec();
        let source = obfuscation_regex(&terms);
        let slow = regex::Regex::new(&source).unwrap();
        let fast = Unglued::new(&source, GLUED).unwrap();
        let plain: HashSet<String> = terms.iter().map(|t| fold(t)).collect();
        let parts = [
            "c", "a", "r", "j", "o", "m", "i", "e", "d", "h", "p", "u", "t", "x", "ñ", "1", "3",
            "0", "4", "*", "@", "$", "!", " ", ".", "-", "_", "carajo", "idiota", "hijo de",
        ];
        let mut seed: u64 = 7;
        let mut step = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        };
        for _ in 0..20_000 {
            let n = step() % 24 + 1;
            let text: String = (0..n)
                .map(|_| parts[step() as usize % parts.len()])
                .collect();
            assert_eq!(
                masked_matches(&fast, &plain, &text),
                one_start_at_a_time(&slow, &plain, &text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn obfuscation_variants() {
        let re =
            regex::Regex::new(&obfuscation_regex(&["carajo".into(), "mierda".into()])).unwrap();
        for s in [
            "carajo", "c*rajo", "caraaajo", "m13rda", "mierdaaa", "m!erda",
        ] {
            assert!(re.is_match(s), "{s}");
        }
        for s in ["cajero", "merida"] {
            assert!(!re.is_match(s), "{s}");
        }
    }
}
