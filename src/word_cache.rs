//! What was worked out for each word (a dictionary answer, a shape,
//! hyphenation points), shared by a build's sources and bounded by bytes,
//! not by entries: a batch of unusual sources, or `watch` running all day,
//! brings ever new tokens, and long ones made large entries under an entry
//! count (or none: the dictionary's answers grew without end).

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::RwLock;

use compact_str::CompactString;

/// Pieces longer than this are worked out every time: a word is shorter,
/// and what is longer (a URL, a run of glued text) rarely comes back.
const LONGEST_WORD: usize = 64;

/// Bytes a map entry costs beyond its key's text and its value's own size:
/// the table slot, the key's and the value's headers.
const ENTRY_OVERHEAD: usize = 64;

/// `S` is the map's hasher: each user brings a fast one for its words.
pub struct WordCache<V, S> {
    filled: RwLock<Filled<V, S>>,
    /// Bytes the entries may take; beyond it, new words are not kept.
    budget: usize,
}

struct Filled<V, S> {
    /// Keys up to 24 bytes (nearly every word) lie in the table itself, so
    /// a lookup reads one place in memory, not two.
    words: HashMap<CompactString, V, S>,
    bytes: usize,
}

impl<V: Clone, S: BuildHasher + Default> WordCache<V, S> {
    pub fn new(budget: usize) -> WordCache<V, S> {
        WordCache {
            filled: RwLock::new(Filled {
                words: HashMap::default(),
                bytes: 0,
            }),
            budget,
        }
    }

    /// The value kept for `word`, or `make`'s, kept while the budget
    /// allows; `size` is the bytes a value holds besides its header.
    pub fn get_or_make(
        &self,
        word: &str,
        size: impl Fn(&V) -> usize,
        make: impl FnOnce() -> V,
    ) -> V {
        self.get_or_make_kept(word, size, make).0
    }

    /// `get_or_make`, and whether the value is kept.
    pub fn get_or_make_kept(
        &self,
        word: &str,
        size: impl Fn(&V) -> usize,
        make: impl FnOnce() -> V,
    ) -> (V, bool) {
        if word.len() > LONGEST_WORD {
            return (make(), false);
        }
        // A poisoned lock only means another thread panicked mid-insert;
        // the map itself is still sound.
        if let Some(hit) = self
            .filled
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .words
            .get(word)
        {
            return (hit.clone(), true);
        }
        let value = make();
        let cost = word.len() + size(&value) + ENTRY_OVERHEAD;
        let mut filled = self.filled.write().unwrap_or_else(|e| e.into_inner());
        let kept = filled.words.contains_key(word);
        if filled.bytes + cost <= self.budget && !kept {
            filled.bytes += cost;
            filled.words.insert(CompactString::new(word), value.clone());
            return (value, true);
        }
        (value, kept)
    }

    /// Calls `visit` on every word kept and its value.
    pub fn for_each(&self, mut visit: impl FnMut(&str, &V)) {
        let filled = self.filled.read().unwrap_or_else(|e| e.into_inner());
        for (word, value) in &filled.words {
            visit(word, value);
        }
    }

    /// Forgets the value kept for `word`; `size` as for `get_or_make`.
    pub fn remove(&self, word: &str, size: impl Fn(&V) -> usize) {
        let mut filled = self.filled.write().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = filled.words.remove(word) {
            filled.bytes -= word.len() + size(&value) + ENTRY_OVERHEAD;
        }
    }

    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.filled.read().unwrap().bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_words_within_the_budget_and_skips_long_pieces() {
        let cache: WordCache<Vec<u8>, std::collections::hash_map::RandomState> =
            WordCache::new(10_000);
        let mut made = 0;
        for round in 0..2 {
            for n in 0..1000 {
                let word = format!("word{n}");
                let value = cache.get_or_make(&word, Vec::len, || {
                    made += 1;
                    vec![0; 32]
                });
                assert_eq!(value.len(), 32);
            }
            assert!(
                cache.bytes() <= 10_000,
                "round {round}: {} bytes",
                cache.bytes()
            );
        }
        // Kept words are not made again; the rest are, each time.
        let kept = 10_000 / (32 + 6 + ENTRY_OVERHEAD);
        assert!(made > 1000 && made < 2000 - kept / 2, "made {made}");
        let long = "x".repeat(LONGEST_WORD + 1);
        cache.get_or_make(&long, Vec::len, Vec::new);
        let filled = cache.filled.read().unwrap();
        assert!(!filled.words.contains_key(long.as_str()));
    }
}
