/*!
A bounded memo shared by threads: one verdict per distinct word.

Posts repeat the same few thousand words, so each distinct word is looked up in the dictionary
once per run, whatever the number of threads. The map is split into shards, each behind its own
`RwLock`, so threads reading different words rarely wait for each other, and readers of the
same shard never do. Memory is bounded: a shard that reaches its share of the capacity is
emptied before the next insertion; the words that matter come back at once, and looking a word
up again costs microseconds.
*/

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{PoisonError, RwLock};

const SHARDS: usize = 16;

type Shard<V> = RwLock<HashMap<Box<str>, V>>;

/// A concurrent, bounded map from words to values.
pub struct Memo<V> {
    shards: Box<[Shard<V>]>,
    per_shard: usize,
    hasher: RandomState,
}

impl<V: Clone> Memo<V> {
    /// A memo holding at most about `capacity` words.
    pub fn new(capacity: usize) -> Memo<V> {
        Memo {
            shards: (0..SHARDS).map(|_| RwLock::default()).collect(),
            per_shard: capacity.div_ceil(SHARDS).max(1),
            hasher: RandomState::new(),
        }
    }

    fn shard(&self, key: &str) -> &Shard<V> {
        &self.shards[self.hasher.hash_one(key) as usize % SHARDS]
    }

    /// The value of `key`, computed with `f` (outside any lock) the first time.
    pub fn get_or_insert_with(&self, key: &str, f: impl FnOnce() -> V) -> V {
        let shard = self.shard(key);
        if let Some(v) = shard
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
        {
            return v.clone();
        }
        // Two threads may compute the same new word at once; both get the same answer.
        let v = f();
        let mut map = shard.write().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= self.per_shard && !map.contains_key(key) {
            map.clear();
        }
        map.entry(key.into()).or_insert(v).clone()
    }

    /// How many words are memoised.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.read().unwrap_or_else(PoisonError::into_inner).len())
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn computes_each_word_once() {
        let memo: Memo<usize> = Memo::new(100);
        let calls = AtomicUsize::new(0);
        for _ in 0..3 {
            for w in ["casa", "perro", "casa"] {
                let v = memo.get_or_insert_with(w, || {
                    calls.fetch_add(1, Ordering::Relaxed);
                    w.len()
                });
                assert_eq!(v, w.len());
            }
        }
        assert_eq!(calls.load(Ordering::Relaxed), 2);
        assert_eq!(memo.len(), 2);
    }

    #[test]
    fn stays_within_its_capacity() {
        let memo: Memo<u32> = Memo::new(64);
        for i in 0..10_000u32 {
            memo.get_or_insert_with(&format!("w{i}"), || i);
        }
        assert!(memo.len() <= 64, "{} words kept", memo.len());
        // Still answers correctly after evictions.
        assert_eq!(memo.get_or_insert_with("w5", || 5), 5);
    }

    #[test]
    fn shared_across_threads() {
        let memo: Memo<usize> = Memo::new(1000);
        std::thread::scope(|s| {
            for t in 0..4 {
                let memo = &memo;
                s.spawn(move || {
                    for i in 0..200 {
                        let w = format!("p{}", (i + t) % 50);
                        assert_eq!(memo.get_or_insert_with(&w, || w.len()), w.len());
                    }
                });
            }
        });
        assert_eq!(memo.len(), 50);
    }
}
