#![doc = include_str!("../../../docs/kinds/substitution.md")]

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Context, Draft, Kind, read_terms};
use crate::rules::pack::{Problems, RuleDef};
use crate::rules::template::match_case;
use crate::text::fold;

pub const FIELDS: &[&str] = &["swap", "allow_doubled"];

#[derive(Debug)]
pub struct Substitution {
    swaps: Vec<(String, Vec<String>)>,
    allow_doubled: bool,
}

pub fn compile(rd: &RuleDef, p: &mut Problems) -> Option<Substitution> {
    let Some(swap) = &rd.swap else {
        p.at(&rd.kind.referenced, "kind substitution necesita `swap`");
        return None;
    };
    if swap.value.0.is_empty() {
        p.at(&swap.referenced, "`swap` está vacío");
        return None;
    }
    let mut swaps = Vec::new();
    for (key, alts) in &swap.value.0 {
        let Some(term) = read_terms(std::slice::from_ref(key), p).pop() else {
            continue;
        };
        let alts: Vec<String> = alts
            .iter()
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|a| !a.is_empty())
            .collect();
        if alts.is_empty() {
            p.at(
                &key.referenced,
                format!("«{term}» no tiene alternativas en `swap`"),
            );
            continue;
        }
        swaps.push((term, alts));
    }
    Some(Substitution {
        swaps,
        allow_doubled: rd.allow_doubled.as_ref().is_some_and(|a| a.value),
    })
}

/// Same words, ignoring case and spacing but not accents.
fn same_words(a: &str, b: &str) -> bool {
    // Without allocating: this runs for every hit of a term (`informacion` → `información`
    // sees every correct «información» too).
    fn words(s: &str) -> impl Iterator<Item = char> + '_ {
        s.split_whitespace()
            .flat_map(|w| std::iter::once(' ').chain(w.chars().flat_map(char::to_lowercase)))
    }
    words(a).eq(words(b))
}

impl Kind for Substitution {
    fn terms(&self) -> Vec<&str> {
        self.swaps.iter().map(|(t, _)| t.as_str()).collect()
    }

    fn on_term(&self, variant: usize, span: Range<usize>, cx: &Context) -> Option<Draft> {
        let (_, alts) = &self.swaps[variant];
        let matched = &cx.doc.text[span.clone()];
        if alts.iter().any(|a| same_words(matched, a)) {
            return None;
        }
        if self.allow_doubled && is_doubled(cx, &span) {
            return None;
        }
        Some(Draft {
            suggestions: alts.iter().map(|a| match_case(matched, a)).collect(),
            ..Draft::at(span)
        })
    }
}

static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:/ ?(?:as|a|es)(?:[^\p{L}]|$)|\((?:as|a)\)| (?:y|e|o|u) (?:(?:las|la|unas|una) )?(\p{L}+))")
        .expect("valid regex")
});
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{L}])(?:(las|la|unas|una)|(\p{L}+)) (?:y|e|o|u) $").expect("valid regex")
});

/// Is the match one half of a doubled, already inclusive phrase? ("los ciudadanos y las
/// ciudadanas", "ciudadanas y ciudadanos", "las y los participantes", "ciudadanos/as").
fn is_doubled(cx: &Context, span: &Range<usize>) -> bool {
    let f = &cx.folded;
    let (fs, fe) = (f.to_folded(span.start), f.to_folded(span.end));
    let text = &f.text;
    let last_word = text[fs..fe].split(' ').next_back().unwrap_or("");
    let after = window_after(text, fe, 80);
    if let Some(c) = AFTER.captures(after) {
        match c.get(1) {
            None => return true,
            Some(w) if is_feminine_pair(last_word, w.as_str()) => return true,
            _ => {}
        }
    }
    let before = window_before(text, fs, 80);
    if let Some(c) = BEFORE.captures(before) {
        if c.get(1).is_some() {
            return true;
        }
        if let Some(w) = c.get(2)
            && is_feminine_pair(last_word, w.as_str())
        {
            return true;
        }
    }
    false
}

/// `ciudadanos` / `ciudadanas`, `trabajadores` / `trabajadoras`: same stem, feminine form.
fn is_feminine_pair(masc: &str, other: &str) -> bool {
    let (m, o) = (fold(masc), fold(other));
    if !(o.ends_with('a') || o.ends_with("as")) {
        return false;
    }
    let common = m.chars().zip(o.chars()).take_while(|(a, b)| a == b).count();
    common >= 4.min(m.chars().count().saturating_sub(2)).max(2)
}

fn window_after(text: &str, at: usize, len: usize) -> &str {
    let mut end = (at + len).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[at..end]
}

fn window_before(text: &str, at: usize, len: usize) -> &str {
    let mut start = at.saturating_sub(len);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..at]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feminine_pairs() {
        assert!(is_feminine_pair("ciudadanos", "ciudadanas"));
        assert!(is_feminine_pair("trabajadores", "trabajadoras"));
        assert!(!is_feminine_pair("ciudadanos", "autoridades"));
        assert!(!is_feminine_pair("usuarios", "empresas"));
    }
}
