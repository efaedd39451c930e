#![doc = include_str!("../../../docs/kinds/existence.md")]

use std::ops::Range;

use std::collections::HashSet;

use crate::rules::regexes::PackRegex;

use super::{Context, Draft, Kind, read_terms};
use crate::rules::pack::{Problems, RuleDef};
use crate::text::fold;

pub const FIELDS: &[&str] = &["terms", "obfuscation"];

#[derive(Debug)]
pub struct Existence {
    terms: Vec<String>,
    /// Masked spellings: the regex, and the folded plain terms it also matches (found by
    /// the shared automaton instead).
    obfuscated: Option<(PackRegex, HashSet<String>)>,
}

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
            let re = PackRegex::internal(obfuscation_regex(&terms));
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
        let text = &cx.folded.text;
        let mut at = 0;
        while let Some(m) = re.find_at(text, at) {
            let ok = !text[..m.start()].chars().next_back().is_some_and(glued)
                && !text[m.end()..].chars().next().is_some_and(glued)
                && !plain.contains(&text[m.range()]);
            if ok {
                out.push(Draft::at(
                    cx.folded.range_to_orig(&cx.doc.text, m.start()..m.end()),
                ));
                at = m.end();
            } else {
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
            if at >= text.len() {
                break;
            }
        }
    }
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
