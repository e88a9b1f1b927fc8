//! What the normaliser knows about English words: a Hunspell dictionary
//! (is this a word?), web word frequencies (how likely is it?), and the
//! words the user protects. The lists are embedded in the binary (see
//! `data/README.md` for their sources and licences), sorted, and split into
//! words once per process. Lookups are cached per source file by the caller.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::word_cache::WordCache;

use anyhow::Result;

/// Every form of the en_GB Hunspell dictionary, `word<TAB>web count`,
/// gzipped (1.3 MB instead of 4.9 MB in the repository and the binary).
const DICTIONARY_GZ: &[u8] = include_bytes!("data/dictionary.txt.gz");
/// Words that are not in the dictionary but common on the web, `word<TAB>count`.
const WEB_WORDS: &str = include_str!("data/web-words.txt");
/// The sum of all counts in the web unigram list the counts come from.
const WEB_TOTAL: f64 = 588_117_981_387.0;

/// A sorted word list, split into words and counts once per process
/// (a few milliseconds: building a hash map of it took ten times longer).
struct List {
    words: Vec<&'static str>,
    counts: Vec<u64>,
    /// Where the words starting with each two bytes begin: a lookup then
    /// searches a few hundred neighbouring words, not the whole list.
    starts: Vec<u32>,
}

/// The first two bytes of a word as a number; in byte order, like the words.
fn prefix(word: &str) -> usize {
    let bytes = word.as_bytes();
    (usize::from(bytes.first().copied().unwrap_or(0)) << 8)
        | usize::from(bytes.get(1).copied().unwrap_or(0))
}

impl List {
    fn parse(text: &'static str) -> List {
        let (words, counts) = entries(text);
        List::of(words, counts)
    }

    /// The list of sorted `words` and their `counts`.
    fn of(words: Vec<&'static str>, counts: Vec<u64>) -> List {
        let mut starts = vec![0; (1 << 16) + 1];
        let mut next = 0;
        for (index, word) in words.iter().enumerate() {
            let key = prefix(word);
            while next <= key {
                starts[next] = index as u32;
                next += 1;
            }
        }
        for slot in &mut starts[next..] {
            *slot = words.len() as u32;
        }
        List {
            words,
            counts,
            starts,
        }
    }

    /// The count of `word`, if it is listed.
    fn lookup(&self, word: &str) -> Option<u64> {
        let key = prefix(word);
        let (from, to) = (self.starts[key] as usize, self.starts[key + 1] as usize);
        let index = self.words[from..to]
            .binary_search_by(|listed| byte_order(listed.as_bytes(), word.as_bytes()))
            .ok()?;
        Some(self.counts[from + index])
    }
}

/// The words and counts of `word<TAB>count` lines.
fn entries(text: &'static str) -> (Vec<&'static str>, Vec<u64>) {
    let mut words = Vec::with_capacity(text.len() / 12);
    let mut counts = Vec::with_capacity(text.len() / 12);
    // By bytes: `str::lines` and `split_once` cost more than the rest.
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let mut tab = start;
        while tab < bytes.len() && bytes[tab] != b'\t' && bytes[tab] != b'\n' {
            tab += 1;
        }
        let mut count: u64 = 0;
        let mut end = tab;
        if tab < bytes.len() && bytes[tab] == b'\t' {
            end += 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                count = count * 10 + u64::from(bytes[end] - b'0');
                end += 1;
            }
        }
        // Tabs and newlines are ASCII, so `start..tab` is on character boundaries.
        words.push(&text[start..tab]);
        counts.push(count);
        start = end + 1;
    }
    (words, counts)
}

/// The order of two words, as `str` orders them, compared inline: words
/// are short, and a call to `memcmp` per step of a search cost more than
/// the compare.
fn byte_order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

struct Lists {
    dictionary: List,
    web: List,
}

static LISTS: OnceLock<Lists> = OnceLock::new();

fn lists() -> &'static Lists {
    LISTS.get_or_init(|| {
        // Loading comes before any source gives the other cores work: the
        // web list is read while the dictionary is unpacked, and the
        // dictionary's two halves at once.
        std::thread::scope(|scope| {
            let web = scope.spawn(|| List::parse(WEB_WORDS));
            let text = unpacked_dictionary();
            let middle = text[..text.len() / 2].rfind('\n').map_or(0, |k| k + 1);
            let (first, second) = text.split_at(middle);
            let second = scope.spawn(|| entries(second));
            let (mut words, mut counts) = entries(first);
            let (more_words, more_counts) = second.join().expect("reading words cannot fail");
            words.extend(more_words);
            counts.extend(more_counts);
            Lists {
                dictionary: List::of(words, counts),
                web: web.join().expect("reading words cannot fail"),
            }
        })
    })
}

/// The dictionary text, unpacked once per process and kept for its
/// lifetime (the lists borrow their words from it).
fn unpacked_dictionary() -> &'static str {
    let mut text = String::with_capacity(5 << 20);
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(DICTIONARY_GZ), &mut text)
        .expect("the embedded dictionary is valid gzip and UTF-8");
    Box::leak(text.into_boxed_str())
}

/// Case forms a dictionary entry accepts, as Hunspell does: a lowercase
/// entry also matches its Capitalised and UPPERCASE forms, a Capitalised
/// entry (a name) its UPPERCASE form.
fn case_forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return forms;
    };
    let rest: String = chars.collect();
    let capitalised = first.is_uppercase() && !rest.chars().any(char::is_uppercase);
    let upper = word.chars().count() > 1 && !word.chars().any(char::is_lowercase);
    if capitalised || upper {
        forms.push(word.to_lowercase());
    }
    if upper {
        forms.push(first.to_string() + &rest.to_lowercase());
    }
    forms
}

pub struct Lexicon {
    keep: HashSet<String>,
    /// Dictionary answers already looked up in this build: sources share
    /// most of their words. (A pure cache: answers never depend on it.)
    answers: WordCache<Option<u64>, BuildHasherDefault<WordHasher>>,
    /// Web counts already worked out (up to three lookups each, and the
    /// segmentations ask for the same parts again and again).
    web_counts: WordCache<u64, BuildHasherDefault<WordHasher>>,
}

/// Bytes of dictionary answers kept: a build's common words, while a
/// process that meets ever new tokens stays bounded.
const ANSWER_BYTES: usize = 16 << 20;

/// A hash map keyed by words, with a hash fast on short strings.
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

/// rustc's Fx hash with splitmix64's finish (so the low bits vary too):
/// keys are words from trusted lists and sources, and a crafted key can
/// at worst slow one build down.
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl Lexicon {
    /// `keep` lists words (or two-word phrases) the user protects from any repair.
    pub fn load(keep: &[String]) -> Result<Lexicon> {
        // The lists load on another thread while the build sets up its
        // backends and reads the first sources; the first lookup waits.
        // (Without a thread to spare, that lookup loads them.)
        if LISTS.get().is_none() {
            let _ = std::thread::Builder::new().spawn(lists);
        }
        Ok(Lexicon {
            answers: WordCache::new(ANSWER_BYTES),
            web_counts: WordCache::new(ANSWER_BYTES / 4),
            keep: keep
                .iter()
                .map(|k| k.trim().to_lowercase())
                .filter(|k| !k.is_empty())
                .collect(),
        })
    }

    /// Whether the user protects any word at all.
    pub fn keeps_any(&self) -> bool {
        !self.keep.is_empty()
    }

    /// Whether the user asked for this word (any case) to be left alone.
    pub fn is_kept(&self, word: &str) -> bool {
        !self.keep.is_empty() && self.keep.contains(&word.to_lowercase())
    }

    /// The web count of a dictionary word (0 when the web list lacks it),
    /// or `None` when the dictionary does not know the word in this case.
    pub fn dictionary_count(&self, word: &str) -> Option<u64> {
        self.answers.get_or_make(word, |_| 0, || self.look_up(word))
    }

    /// `dictionary_count` without keeping the answer (for guesses that are
    /// mostly no words, which would crowd out the answers worth keeping).
    pub fn look_up_once(&self, word: &str) -> Option<u64> {
        self.look_up(word)
    }

    fn look_up(&self, word: &str) -> Option<u64> {
        // (`str::contains` of a character beyond ASCII is a substring search.)
        let word = if !word.is_ascii() && word.contains('\u{2019}') {
            Cow::Owned(word.replace('\u{2019}', "'"))
        } else {
            Cow::Borrowed(word)
        };
        // The list leaves out possessives: `world's` is known when `world` is.
        let word = word.strip_suffix("'s").unwrap_or(&word);
        let dictionary = &lists().dictionary;
        // An ASCII word without capitals has no other case form to try.
        let other_forms = !word.is_ascii() || word.bytes().any(|b| b.is_ascii_uppercase());
        dictionary.lookup(word).or_else(|| {
            if !other_forms {
                return None;
            }
            case_forms(word)
                .iter()
                .skip(1)
                .find_map(|form| dictionary.lookup(form))
        })
    }

    pub fn is_word(&self, word: &str) -> bool {
        self.dictionary_count(word).is_some()
    }

    /// How often the web writes `word` in any case, dictionary word or not.
    pub fn web_count(&self, word: &str) -> u64 {
        self.web_counts
            .get_or_make(word, |_| 0, || self.look_up_web_count(word))
    }

    fn look_up_web_count(&self, word: &str) -> u64 {
        let lower = word.to_lowercase();
        // (Made only when needed: most words are found in lowercase.)
        let capitalised = || {
            if lower.len() >= 2 && lower.is_ascii() {
                let mut form = lower.clone();
                form[..1].make_ascii_uppercase();
                return form;
            }
            case_forms(&lower.to_uppercase()).pop().unwrap_or_default()
        };
        self.dictionary_count(&lower)
            .or_else(|| self.dictionary_count(&capitalised()))
            .or_else(|| lists().web.lookup(&lower))
            .unwrap_or(0)
    }

    /// The cost of a word in a segmentation: minus the log of its web
    /// probability, with `floor` standing in for counts below it.
    pub fn cost(count: u64, floor: u64) -> f64 {
        (WEB_TOTAL / count.max(floor).max(1) as f64).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_british_forms_and_case_rules() {
        let lexicon = Lexicon::load(&["DCAFsupport".to_string()]).unwrap();
        for word in [
            "organised",
            "criminalisation",
            "harmonisation",
            "policymakers",
            "Organisation",
            "HUMAN",
            "world's",
            "world\u{2019}s",
        ] {
            assert!(lexicon.is_word(word), "{word}");
        }
        for word in ["increasingconcern", "ahuman", "popu", "lation"] {
            assert!(!lexicon.is_word(word), "{word}");
        }
        assert!(lexicon.web_count("underreported") > 50_000);
        assert!(lexicon.is_kept("dcafSUPPORT"));
        assert!(!lexicon.is_kept("support"));
    }
}
