/*!
The suggestion index: every form a dictionary accepts, searched by edit distance.

Hunspell-style suggesters try hundreds of edits of the unknown word and look each one up by
stripping affixes, then fall back to comparing n-grams with every stem: milliseconds per word,
tens of milliseconds for a word with no close correction, and real archives have thousands of
distinct unknown words (names, English, jargon). Here the dictionary is expanded once into its
forms ([`super::affix`]), each form folded to a key (lowercase, no accents, `ñ` as `n`, one
byte per letter), and the keys stored in a finite-state transducer ([`fst`]). A correction is a
key within a small edit distance of the unknown word's key: a depth-first walk of the
transducer that carries one row of the edit-distance table per depth and prunes a branch as soon
as every cell of its row exceeds the bound. Transpositions count as one edit.

The index of the embedded dictionary is built ahead of time (`data/hunspell/es.index`, by
`cargo run --release --example build_spell_index`; a test checks it matches the dictionary),
so a run reads it without building anything. Other dictionaries are indexed on their first
suggestion; words added at run time get a small index of their own.
*/

use std::borrow::Cow;

use fst::raw::{Fst, Node};

/// What an index file starts with.
const MAGIC: &[u8; 8] = b"VIGIAIX1";

/// Letters of a key: one byte each.
fn key_byte(c: char) -> Option<u8> {
    let c = match crate::text::fold::fold_char(c)? {
        'ñ' => 'n',
        'ç' => 'c',
        c => c,
    };
    Some(if c.is_ascii() {
        c as u8
    } else {
        // Letters beyond Latin-1, rare in a Spanish dictionary: a byte of their own range.
        0x80 | (u32::from(c) % 0x7F) as u8
    })
}

/// The key of a word.
pub fn key(word: &str) -> Vec<u8> {
    word.chars().filter_map(key_byte).collect()
}

/// One correction found by [`Index::search`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub word: String,
    /// Edits between the keys (accents and case set aside).
    pub distance: u8,
}

/// Forms by key, searchable by edit distance.
///
/// Each form is stored as its key, a zero byte, and a recipe that turns the key back into the
/// form: for each letter that differs, its position counted from the end and the letter
/// (`publicó` → `publico\0` `\x01ó`). Recipes repeat across words (an accent on the third
/// letter from the end, a capital initial), so the transducer shares them.
pub struct Index {
    /// `None` for an index of no words.
    fst: Option<Fst<Cow<'static, [u8]>>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("forms", &self.len())
            .finish_non_exhaustive()
    }
}

/// A recipe that is the whole form: its letters do not line up with the key's.
const WHOLE: u8 = 0xFF;

/// `form` as stored: its key, a zero byte, its recipe.
fn entry(form: &str) -> Vec<u8> {
    let k = key(form);
    let mut out = k.clone();
    out.push(0);
    let chars: Vec<char> = form.chars().collect();
    if chars.len() != k.len() || chars.len() >= usize::from(WHOLE) {
        out.push(WHOLE);
        out.extend_from_slice(form.as_bytes());
        return out;
    }
    for (i, (&c, &b)) in chars.iter().zip(&k).enumerate() {
        if c.is_ascii() && c as u8 == b {
            continue;
        }
        out.push((chars.len() - i) as u8);
        let mut buf = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
    out
}

/// The form of `key` that `recipe` describes.
fn form(key: &[u8], recipe: &[u8]) -> Option<String> {
    if let Some(whole) = recipe.strip_prefix(&[WHOLE]) {
        return std::str::from_utf8(whole).ok().map(str::to_string);
    }
    let mut chars: Vec<char> = key.iter().map(|&b| char::from(b)).collect();
    let recipe = std::str::from_utf8(recipe).ok()?;
    let mut it = recipe.chars();
    while let (Some(pos), Some(c)) = (it.next(), it.next()) {
        let at = chars.len().checked_sub(pos as usize)?;
        *chars.get_mut(at)? = c;
    }
    Some(chars.into_iter().collect())
}

impl Index {
    /// Indexes `words` (in any order, repeats allowed).
    pub fn build<'a>(words: impl IntoIterator<Item = &'a str>) -> Index {
        let mut entries: Vec<Vec<u8>> = words
            .into_iter()
            .filter(|w| !key(w).is_empty())
            .map(entry)
            .collect();
        entries.sort_unstable();
        entries.dedup();
        let mut builder = fst::raw::Builder::memory();
        for e in &entries {
            // Entries are sorted and distinct: inserting cannot fail.
            let _ = builder.add(e);
        }
        let fst = builder
            .into_inner()
            .ok()
            .and_then(|bytes| Fst::new(Cow::Owned(bytes)).ok());
        Index { fst }
    }

    /// An index written by [`Index::to_bytes`], read in place.
    pub fn from_bytes(bytes: &'static [u8]) -> Option<Index> {
        let fst = bytes.strip_prefix(MAGIC)?;
        Some(Index {
            fst: Some(Fst::new(Cow::Borrowed(fst)).ok()?),
        })
    }

    /// The index as one file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let fst = self.fst.as_ref().map_or(&[][..], Fst::as_bytes);
        [MAGIC.as_slice(), fst].concat()
    }

    /// How many forms the index has.
    pub fn len(&self) -> usize {
        self.fst.as_ref().map_or(0, Fst::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every form whose key is within `max` edits of `word`'s key, at most `limit` of them
    /// (the walk stops there).
    pub fn search(&self, word: &str, max: u8, limit: usize, out: &mut Vec<Candidate>) {
        self.walk(word, max, limit, false, out);
    }

    /// Like [`Index::search`], among the forms that begin with the word's first letter. Few
    /// slips touch the first letter, and a walk that keeps it visits a small part of the
    /// index: two edits cost about as much as one edit anywhere.
    pub fn search_same_start(&self, word: &str, max: u8, limit: usize, out: &mut Vec<Candidate>) {
        self.walk(word, max, limit, true, out);
    }

    fn walk(&self, word: &str, max: u8, limit: usize, anchored: bool, out: &mut Vec<Candidate>) {
        let query = key(word);
        let Some(fst) = &self.fst else { return };
        if query.is_empty() || query.len() > 64 {
            return;
        }
        let mut walk = Walk {
            fst,
            anchored,
            query: &query,
            max,
            limit,
            width: query.len() + 1,
            rows: (0..=query.len()).map(|j| (j as u8).min(max + 1)).collect(),
            path: Vec::new(),
            out,
        };
        walk.node(fst.root());
    }
}

/// A depth-first walk carrying the edit-distance table, one row per depth.
struct Walk<'a, 'o> {
    fst: &'a Fst<Cow<'static, [u8]>>,
    /// Whether forms must begin with the query's first letter.
    anchored: bool,
    query: &'a [u8],
    max: u8,
    limit: usize,
    width: usize,
    /// Row `d` of the table (restricted Damerau–Levenshtein) at `rows[d * width..]`.
    rows: Vec<u8>,
    path: Vec<u8>,
    out: &'o mut Vec<Candidate>,
}

impl Walk<'_, '_> {
    fn node(&mut self, node: Node<'_>) {
        let depth = self.path.len();
        for t in node.transitions() {
            if self.out.len() >= self.limit {
                return;
            }
            if depth == 0 && self.anchored && t.inp != self.query[0] {
                continue;
            }
            if t.inp == 0 {
                let d = self.rows[depth * self.width + self.width - 1];
                if d <= self.max {
                    let mut recipe = Vec::new();
                    self.forms(self.fst.node(t.addr), &mut recipe, d);
                }
                continue;
            }
            if !self.push_row(t.inp) {
                continue;
            }
            self.path.push(t.inp);
            self.node(self.fst.node(t.addr));
            self.path.pop();
            self.rows.truncate((depth + 1) * self.width);
        }
    }

    /// Emits the form of every recipe below `node`.
    fn forms(&mut self, node: Node<'_>, recipe: &mut Vec<u8>, distance: u8) {
        if node.is_final()
            && let Some(word) = form(&self.path, recipe)
        {
            self.out.push(Candidate { word, distance });
        }
        for t in node.transitions() {
            recipe.push(t.inp);
            self.forms(self.fst.node(t.addr), recipe, distance);
            recipe.pop();
        }
    }

    /// Appends the row for letter `b` at the next depth; false (and nothing appended) when
    /// every cell is over the bound.
    fn push_row(&mut self, b: u8) -> bool {
        let (w, depth, q) = (self.width, self.path.len(), self.query);
        let prev = depth * w;
        self.rows.resize(prev + 2 * w, 0);
        let (before, row) = self.rows.split_at_mut(prev + w);
        let last = &before[prev..];
        // Only cells within `max` of the diagonal can be within the bound; the others are
        // capped just over it, which keeps every comparison with the bound right.
        let over = self.max + 1;
        let i = depth + 1;
        let (lo, hi) = (
            i.saturating_sub(self.max.into()).max(1),
            (i + usize::from(self.max)).min(w - 1),
        );
        row.fill(over);
        row[0] = (i as u8).min(over);
        let mut best = row[0];
        for j in lo..=hi {
            let cost = u8::from(q[j - 1] != b);
            let mut v = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if j > 1 && depth > 0 && q[j - 1] == self.path[depth - 1] && q[j - 2] == b {
                v = v.min(before[prev - w + j - 2] + 1);
            }
            row[j] = v.min(over);
            best = best.min(v);
        }
        if best > self.max {
            self.rows.truncate(prev + w);
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(index: &Index, w: &str, max: u8) -> Vec<(String, u8)> {
        let mut out = Vec::new();
        index.search(w, max, 100, &mut out);
        let mut v: Vec<_> = out.into_iter().map(|c| (c.word, c.distance)).collect();
        v.sort();
        v
    }

    const WORDS: &[&str] = &[
        "casa",
        "cosa",
        "caso",
        "evaluación",
        "año",
        "Lima",
        "ano",
        "acaso",
    ];

    #[test]
    fn finds_forms_within_the_distance() {
        let i = Index::build(WORDS.iter().copied());
        assert_eq!(
            words(&i, "casa", 1),
            [("casa".into(), 0), ("caso".into(), 1), ("cosa".into(), 1)]
        );
        assert_eq!(words(&i, "evaluacion", 0), [("evaluación".into(), 0)]);
        assert_eq!(words(&i, "senor", 0), Vec::<(String, u8)>::new());
    }

    #[test]
    fn accents_case_and_enye_share_a_key() {
        let i = Index::build(WORDS.iter().copied());
        assert_eq!(words(&i, "ANO", 0), [("ano".into(), 0), ("año".into(), 0)]);
        assert_eq!(words(&i, "lima", 0), [("Lima".into(), 0)]);
    }

    #[test]
    fn a_transposition_is_one_edit() {
        let i = Index::build(WORDS.iter().copied());
        assert_eq!(words(&i, "csaa", 1), [("casa".into(), 1)]);
        assert_eq!(words(&i, "acsao", 1), [("acaso".into(), 1)]);
    }

    #[test]
    fn round_trips_through_bytes() {
        let i = Index::build(WORDS.iter().copied());
        let bytes: &'static [u8] = Box::leak(i.to_bytes().into_boxed_slice());
        let j = Index::from_bytes(bytes).expect("a valid index");
        assert_eq!(words(&j, "caza", 2), words(&i, "caza", 2));
        assert!(Index::from_bytes(b"VIGIAIX1\xff").is_none());
        assert_eq!(i.len(), WORDS.len());
    }

    #[test]
    fn the_walk_stops_at_the_limit() {
        let i = Index::build(WORDS.iter().copied());
        let mut out = Vec::new();
        i.search("casa", 2, 2, &mut out);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn an_anchored_walk_keeps_the_first_letter() {
        let i = Index::build(WORDS.iter().copied());
        let mut out = Vec::new();
        i.search_same_start("cas", 2, 100, &mut out);
        let mut found: Vec<_> = out.into_iter().map(|c| c.word).collect();
        found.sort();
        assert_eq!(found, ["casa", "caso", "cosa"]);
    }
}
