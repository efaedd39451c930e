/*!
The anchors of every token pattern in one map: folded word → the patterns whose anchor may be
that word.

A token pattern's **anchor** is its rarest required test whose words are all known (a word,
a lemma's forms, a lexicon's entries; see [`crate::rules::patterns`]). The engine looks a
word up once here and learns every (rule, pattern) that may match around it, instead of
asking each pattern. A verb form may carry enclitic pronouns that no form list holds
(`vótenlo`, `apoyémoslo`): a word is looked up as written and again without the pronouns it
may end in, like [`crate::lang::lexeme::FormIndex`] does. The answer is a superset: the
pattern itself decides.
*/

use crate::lang::clitics;
use crate::rules::patterns::AnchorSource;

type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A required test of a token pattern: (rule index, pattern index in the rule, test slot;
/// slot 0 is the anchor).
pub type PatternRef = (u32, u16, u8);

/// Words → sources → patterns: a lexicon or a lemma many patterns anchor on is indexed
/// once.
#[derive(Debug, Default)]
pub struct AnchorIndex {
    words: Map<Box<str>, Vec<u32>>,
    /// The patterns of each source.
    sources: Vec<Vec<PatternRef>>,
    /// Source ids by [`AnchorSource::key`].
    ids: Map<(usize, String), u32>,
    /// Patterns without an anchor: they read every sentence.
    unanchored: Vec<PatternRef>,
}

impl AnchorIndex {
    /// Adds the patterns of `rule`: for each, the sources of the words of its required
    /// tests, the anchor's first (see [`crate::rules::patterns::Pattern::requirements`]);
    /// `None` or an empty list for a pattern without an anchor.
    pub fn add_rule(&mut self, rule: u32, patterns: Vec<Option<Vec<Vec<AnchorSource>>>>) {
        for (pi, slots) in patterns.into_iter().enumerate() {
            let slots = slots.unwrap_or_default();
            if slots.is_empty() {
                self.unanchored.push((rule, pi as u16, 0));
                continue;
            }
            for (slot, sources) in slots.into_iter().enumerate() {
                let p = (rule, pi as u16, slot as u8);
                for source in sources {
                    let id = self.source_id(&source);
                    let list = &mut self.sources[id as usize];
                    if !list.contains(&p) {
                        list.push(p);
                    }
                }
            }
        }
    }

    /// The id of a source, its words indexed the first time.
    fn source_id(&mut self, source: &AnchorSource) -> u32 {
        let (k, w) = source.key();
        let key = (k, w.to_string());
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.sources.len() as u32;
        self.ids.insert(key, id);
        self.sources.push(Vec::new());
        let words = &mut self.words;
        source.for_each_word(&mut |w| match words.get_mut(w) {
            Some(list) => {
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
            None => {
                words.insert(w.into(), vec![id]);
            }
        });
        id
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.unanchored.is_empty()
    }

    /// Every anchor word.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.keys().map(|w| &**w)
    }

    /// Patterns that read every sentence.
    pub fn unanchored(&self) -> &[PatternRef] {
        &self.unanchored
    }

    /// Calls `f` with each required test that the folded word `word` may pass (a test may
    /// come more than once).
    pub fn lookup(&self, word: &str, f: &mut dyn FnMut(PatternRef)) {
        let mut emit = |ids: &Vec<u32>| {
            for &id in ids {
                self.sources[id as usize].iter().for_each(|p| f(*p));
            }
        };
        if let Some(ids) = self.words.get(word) {
            emit(ids);
        }
        if word.len() > 3 {
            clitics::for_each_stem(word, &mut |stem, _| {
                if let Some(ids) = self.words.get(stem) {
                    emit(ids);
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(ix: &AnchorIndex, word: &str) -> Vec<PatternRef> {
        let mut out = Vec::new();
        ix.lookup(word, &mut |p| out.push(p));
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn words_and_enclitic_forms_find_their_patterns() {
        let mut ix = AnchorIndex::default();
        let w = |s: &str| AnchorSource::Word(s.into());
        ix.add_rule(
            0,
            vec![
                Some(vec![vec![w("voten"), w("votar")], vec![w("por")]]),
                None,
            ],
        );
        ix.add_rule(3, vec![Some(vec![vec![w("voten")]])]);
        assert_eq!(found(&ix, "voten"), vec![(0, 0, 0), (3, 0, 0)]);
        assert_eq!(found(&ix, "votenlo"), vec![(0, 0, 0), (3, 0, 0)]);
        assert_eq!(found(&ix, "votarselo"), vec![(0, 0, 0)]);
        assert_eq!(found(&ix, "por"), vec![(0, 0, 1)]);
        assert_eq!(found(&ix, "votaron"), vec![]);
        assert_eq!(ix.unanchored(), &[(0, 1, 0)]);
    }
}
