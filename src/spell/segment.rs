/*!
All-lowercase hashtags split into words by the dictionary: `#votaporlucia` → `vota por
lucia`, so rules read the words of a tag written without capitals.

A tag is split only when it is no word itself and splits into known words one way only with
the fewest pieces, each piece a word of two letters or more (or `a`, `e`, `o`, `u`, `y`), a
word written with a capital (a name) or without its accent (`peru`, `lucia`: tags drop
accents) counting as known. The embedded dictionary is read on the first tag that needs it
and every answer is remembered for the process.
*/

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use super::{Source, Speller, enclitic};

/// Shortest tag worth splitting, in letters.
const MIN_LETTERS: usize = 6;
/// Longest tag split (the dynamic programme is quadratic in it).
const MAX_LETTERS: usize = 40;
/// Answers remembered.
const CAPACITY: usize = 1 << 14;

static MEMO: LazyLock<Mutex<HashMap<String, Option<Vec<usize>>>>> = LazyLock::new(Mutex::default);

/// Where `body` (a hashtag without `#`, all lowercase) splits into words, as byte offsets of
/// the second and later words.
pub fn split(body: &str) -> Option<Vec<usize>> {
    let letters = body.chars().count();
    if !(MIN_LETTERS..=MAX_LETTERS).contains(&letters)
        || !body.chars().all(|c| c.is_alphabetic() && !c.is_uppercase())
    {
        return None;
    }
    if let Some(known) = MEMO
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(body)
    {
        return known.clone();
    }
    let answer = super::shared(&Source::Embedded, &[])
        .ok()
        .and_then(|s| split_with(body, &|w| known(&s, w)));
    let mut memo = MEMO.lock().unwrap_or_else(PoisonError::into_inner);
    if memo.len() >= CAPACITY {
        memo.clear();
    }
    memo.insert(body.to_string(), answer.clone());
    answer
}

/// Whether `word` (lowercase) is a word: as written, capitalised, or with an accent.
fn known(s: &Speller, word: &str) -> bool {
    let cap = || {
        let mut c = word.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    s.is_known(word)
        || s.is_known(&cap())
        || enclitic::accent_variants(word)
            .into_iter()
            .take(3)
            .any(|v| s.is_known(&v) || s.is_known(&cap_of(&v)))
}

fn cap_of(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The split of `body` by `known`, if there is exactly one with the fewest pieces.
pub fn split_with(body: &str, known: &dyn Fn(&str) -> bool) -> Option<Vec<usize>> {
    if known(body) {
        return None;
    }
    let bounds: Vec<usize> = body
        .char_indices()
        .map(|(i, _)| i)
        .chain([body.len()])
        .collect();
    let n = bounds.len() - 1;
    // best[k]: (fewest pieces for the first k chars, how many splits reach it, previous k)
    let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 1, 0));
    for end in 1..=n {
        for start in 0..end {
            let Some((pieces, ways, _)) = best[start] else {
                continue;
            };
            let piece = &body[bounds[start]..bounds[end]];
            let len = end - start;
            let ok = if len == 1 {
                matches!(piece, "a" | "e" | "o" | "u" | "y")
            } else {
                known(piece)
            };
            if !ok {
                continue;
            }
            let cand = pieces + 1;
            best[end] = match best[end] {
                Some((p, w, prev)) if p == cand => Some((p, w + ways, prev)),
                Some(b) if b.0 < cand => Some(b),
                _ => Some((cand, ways, start)),
            };
        }
    }
    let (pieces, ways, _) = best[n]?;
    if pieces < 2 || ways != 1 {
        return None;
    }
    let mut cuts = Vec::new();
    let mut k = n;
    while k > 0 {
        let (_, _, prev) = best[k]?;
        if prev > 0 {
            cuts.push(bounds[prev]);
        }
        k = prev;
    }
    cuts.reverse();
    Some(cuts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(body: &str, dict: &[&str]) -> Option<Vec<String>> {
        let known = |w: &str| dict.contains(&w);
        let cuts = split_with(body, &known)?;
        let mut out = Vec::new();
        let mut start = 0;
        for c in cuts.into_iter().chain([body.len()]) {
            out.push(body[start..c].to_string());
            start = c;
        }
        Some(out)
    }

    #[test]
    fn splits_only_when_unambiguous() {
        let dict = ["vota", "por", "lucia", "votapor", "el", "peru", "primero"];
        assert_eq!(
            words("votaporlucia", &dict).unwrap(),
            ["votapor", "lucia"],
            "fewest pieces win"
        );
        assert_eq!(
            words("elperuprimero", &dict).unwrap(),
            ["el", "peru", "primero"]
        );
        assert_eq!(words("peru", &dict), None);
        assert_eq!(words("perux", &dict), None);
        // two splits with as few pieces: left alone
        assert_eq!(words("abcd", &["ab", "cd", "a", "bcd"]), None);
    }
}
