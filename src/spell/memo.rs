/*!
A bounded memo shared by threads: one verdict per distinct word.

Posts repeat the same few thousand words, so each distinct word is looked up in the dictionary
once per run, whatever the number of threads. The map is split into shards, each behind its own
`RwLock`, so threads reading different words rarely wait for each other, and readers of the
same shard never do. Memory is bounded: a shard that reaches its share of the capacity is
emptied before the next insertion; the words that matter come back at once, and looking a word
up again costs microseconds.
*/

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{PoisonError, RwLock};

use foldhash::fast::RandomState;

const SHARDS: usize = 16;

type Shard<V> = RwLock<HashMap<Box<str>, V, RandomState>>;

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
            hasher: RandomState::default(),
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

/// Words each thread keeps at hand before asking a [`Memo`].
const LOCAL_CAPACITY: usize = 1 << 13;

static NEXT_OWNER: AtomicUsize = AtomicUsize::new(1);

/// A thread's answers, with the [`Local`] they belong to.
type Answers = (usize, HashMap<Box<str>, bool, RandomState>);

thread_local! {
    static LOCAL: RefCell<Answers> = RefCell::new((0, HashMap::default()));
}

/// A per-thread front for one yes/no question about words: the common words of a run are
/// answered with no lock and no atomic operation, which matters when every word of every post
/// asks. Each thread keeps the words of one owner at a time, at most [`LOCAL_CAPACITY`].
#[derive(Debug)]
pub struct Local {
    owner: usize,
}

impl Default for Local {
    fn default() -> Local {
        Local::new()
    }
}

impl Local {
    pub fn new() -> Local {
        Local {
            owner: NEXT_OWNER.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The answer for `key`, from this thread's memory or from `f`.
    pub fn get_or_insert_with(&self, key: &str, f: impl FnOnce() -> bool) -> bool {
        self.batch(|b| b.get_or_insert_with(key, f))
    }

    /// Runs `f` with this thread's answers at hand, for many questions in a row (the words
    /// of a document) at the cost of one thread-local access.
    pub fn batch<R>(&self, f: impl FnOnce(&mut Batch<'_>) -> R) -> R {
        LOCAL.with_borrow_mut(|(owner, map)| {
            if *owner != self.owner {
                map.clear();
                *owner = self.owner;
            }
            f(&mut Batch { map })
        })
    }
}

/// A thread's answers, borrowed by [`Local::batch`].
pub struct Batch<'a> {
    map: &'a mut HashMap<Box<str>, bool, RandomState>,
}

impl Batch<'_> {
    /// The answer for `key`, from this thread's memory or from `f`.
    pub fn get_or_insert_with(&mut self, key: &str, f: impl FnOnce() -> bool) -> bool {
        if let Some(&v) = self.map.get(key) {
            return v;
        }
        let v = f();
        if self.map.len() >= LOCAL_CAPACITY {
            self.map.clear();
        }
        self.map.insert(key.into(), v);
        v
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
    fn local_fronts_do_not_mix_owners() {
        let (a, b) = (Local::new(), Local::new());
        assert!(a.get_or_insert_with("casa", || true));
        assert!(!b.get_or_insert_with("casa", || false));
        // `a`'s answer was dropped for `b`'s; it is asked again.
        assert!(!a.get_or_insert_with("casa", || false));
        assert!(!a.get_or_insert_with("casa", || unreachable!()));
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
