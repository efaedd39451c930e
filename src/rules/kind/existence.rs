/*!
`existence`: words or phrases that must not appear.

```yaml
kind: existence
terms: [confidencial, "uso interno"]
obfuscation: true   # optional: also `c*rajo`, `m13rda`, `mierdaaa`
```

Terms are matched by the engine's shared automaton on folded prose (case and accents
ignored, `ñ` kept, whole words, phrases across line breaks). With `obfuscation`, the rule
instead compiles its terms into one regex over the folded prose in which every letter may
repeat and vowels may be masked (`*`, `4`/`@`, `3`, `1`/`!`, `0`; `5`/`$` for `s`).
*/

use std::ops::Range;

use regex::Regex;

use super::{Context, Draft, Kind, read_terms};
use crate::rules::pack::{Problems, RuleDef};
use crate::text::fold;

pub const FIELDS: &[&str] = &["terms", "obfuscation"];

#[derive(Debug)]
pub struct Existence {
    terms: Vec<String>,
    obfuscated: Option<Regex>,
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
        Some(o) if o.value => match obfuscation_regex(&terms) {
            Ok(r) => Some(r),
            Err(e) => {
                p.at(
                    &o.referenced,
                    format!("no se pudo compilar `obfuscation`: {e}"),
                );
                return None;
            }
        },
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

fn obfuscation_regex(terms: &[String]) -> Result<Regex, regex::Error> {
    let mut folded: Vec<String> = terms.iter().map(|t| fold(t)).collect();
    folded.sort_by_key(|t| std::cmp::Reverse(t.len()));
    folded.dedup();
    let alts: Vec<String> = folded
        .iter()
        .map(|t| t.chars().map(letter_class).collect::<String>())
        .collect();
    regex::RegexBuilder::new(&format!("(?:{})", alts.join("|")))
        .size_limit(50 << 20)
        .dfa_size_limit(50 << 20)
        .build()
}

/// Word characters for masked words: letters, digits and the masking symbols.
fn glued(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '*' | '@' | '$')
}

impl Kind for Existence {
    fn terms(&self) -> Vec<&str> {
        if self.obfuscated.is_some() {
            Vec::new()
        } else {
            self.terms.iter().map(String::as_str).collect()
        }
    }

    fn on_term(&self, _variant: usize, span: Range<usize>, _cx: &Context) -> Option<Draft> {
        Some(Draft::at(span))
    }

    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(re) = &self.obfuscated else { return };
        let text = &cx.folded.text;
        let mut at = 0;
        while let Some(m) = re.find_at(text, at) {
            let ok = !text[..m.start()].chars().next_back().is_some_and(glued)
                && !text[m.end()..].chars().next().is_some_and(glued);
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
    fn obfuscation_variants() {
        let re = obfuscation_regex(&["carajo".into(), "mierda".into()]).unwrap();
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
