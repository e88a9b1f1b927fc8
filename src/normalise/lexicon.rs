//! What the normaliser knows about English words: a Hunspell dictionary
//! (is this a word?), web word frequencies (how likely is it?), the pairs
//! of words the web writes apart often (where does a glue split?), and the
//! words the user protects. The lists are embedded in the binary (see
//! `data/README.md` for their sources and licences), sorted, and searched
//! where they lie. Lookups are cached per source file by the caller.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::word_cache::WordCache;

use anyhow::Result;

/// Every form of the en_GB Hunspell dictionary, `word<TAB>web count`: kept
/// gzipped in the repository and unpacked by the build script
/// (`data/unpack.rs`), so it is text in the binary.
const DICTIONARY: &str = include_str!(concat!(env!("OUT_DIR"), "/dictionary.txt"));
/// Words that are not in the dictionary but common on the web, `word<TAB>count`.
const WEB_WORDS: &str = include_str!("data/web-words.txt");
/// Pairs of words the web writes apart often (100,000 times or more) whose
/// join is no word of either list, `join<TAB>length of the first word`
/// (`urbanareas<TAB>5`): unpacked by the build script like the dictionary.
const WEB_PAIRS: &str = include_str!(concat!(env!("OUT_DIR"), "/web-pairs.txt"));
/// The sum of all counts in the web unigram list the counts come from.
const WEB_TOTAL: f64 = 588_117_981_387.0;

/// A sorted list of `word<TAB>count` lines, read where it lies: only where
/// each line starts is noted once per process (a scan for newlines), and a
/// lookup reads its words and count from the text. Splitting the lists
/// into words and counts took most of a small build's CPU, and the memory
/// it filled.
struct List {
    text: &'static [u8],
    /// Where each line starts in `text`.
    lines: Vec<u32>,
    /// Where the lines of the words starting with each two bytes begin in
    /// `lines`: a lookup then searches a few hundred neighbouring words,
    /// not the whole list.
    starts: Vec<u32>,
}

/// The first two bytes of a word as a number; in byte order, like the words.
fn prefix(word: &[u8]) -> usize {
    (usize::from(word.first().copied().unwrap_or(0)) << 8)
        | usize::from(word.get(1).copied().unwrap_or(0))
}

impl List {
    fn of(text: &'static str) -> List {
        let text = text.as_bytes();
        let mut lines = Vec::with_capacity(text.len() / 12);
        let mut starts = vec![0; (1 << 16) + 1];
        let mut next = 0;
        // Each line's start (empty lines skipped), and where each two-byte
        // prefix begins. (A one-byte word's second byte is its tab.)
        let ends = memchr::memchr_iter(b'\n', text).chain([text.len()]);
        let mut line = 0;
        for end in ends {
            if end > line {
                let key = match text[line + 1..end].first() {
                    None | Some(b'\t') => prefix(&text[line..line + 1]),
                    Some(_) => prefix(&text[line..line + 2]),
                };
                while next <= key {
                    starts[next] = lines.len() as u32;
                    next += 1;
                }
                lines.push(line as u32);
            }
            line = end + 1;
        }
        for slot in &mut starts[next..] {
            *slot = lines.len() as u32;
        }
        List {
            text,
            lines,
            starts,
        }
    }

    /// The count of `word`, if it is listed.
    fn lookup(&self, word: &str) -> Option<u64> {
        let key = prefix(word.as_bytes());
        let (from, to) = (self.starts[key] as usize, self.starts[key + 1] as usize);
        let index = self.lines[from..to]
            .binary_search_by(|&line| order_at(self.text, line, word.as_bytes()))
            .ok()?;
        Some(count_at(self.text, self.lines[from + index]))
    }
}

/// The word of the line starting at `line`: up to its tab (or its end).
fn word_at(text: &[u8], line: u32) -> &[u8] {
    let rest = &text[line as usize..];
    let end = rest
        .iter()
        .position(|&b| b == b'\t' || b == b'\n')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The count of the line starting at `line`: the digits after its tab (0
/// when it has none).
fn count_at(text: &[u8], line: u32) -> u64 {
    let word = word_at(text, line);
    let rest = &text[line as usize + word.len()..];
    let digits = rest.strip_prefix(b"\t").unwrap_or_default();
    digits
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0, |count, &b| count * 10 + u64::from(b - b'0'))
}

/// The order of the word of the line starting at `line` and `word`, as
/// `str` orders them, compared in place: words are short, and a call to
/// `memcmp` per step of a search cost more than the compare.
fn order_at(text: &[u8], line: u32, word: &[u8]) -> Ordering {
    let listed = &text[line as usize..];
    let ended = |at: usize| matches!(listed.get(at), None | Some(b'\t' | b'\n'));
    for (at, &byte) in word.iter().enumerate() {
        if ended(at) {
            return Ordering::Less;
        }
        if listed[at] != byte {
            return listed[at].cmp(&byte);
        }
    }
    match ended(word.len()) {
        true => Ordering::Equal,
        false => Ordering::Greater,
    }
}

/// The count of `word` in `text`, a sorted list of `word<TAB>count`
/// lines, found by halving the text itself: for a list asked only of a
/// few tokens, where noting where each line starts (as `List` does) would
/// cost more than all its lookups.
fn search_lines(text: &[u8], word: &[u8]) -> Option<u64> {
    // `low` is always a line's start, `high` a line's start or the end.
    let (mut low, mut high) = (0, text.len());
    while low < high {
        let middle = low + (high - low) / 2;
        let start = memchr::memrchr(b'\n', &text[low..middle]).map_or(low, |at| low + at + 1);
        let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |at| start + at);
        match order_at(text, start as u32, word) {
            Ordering::Equal => return Some(count_at(text, start as u32)),
            Ordering::Less => low = end + 1,
            Ordering::Greater => high = start,
        }
    }
    None
}

struct Lists {
    dictionary: List,
    web: List,
}

static LISTS: OnceLock<Lists> = OnceLock::new();

fn lists() -> &'static Lists {
    LISTS.get_or_init(|| Lists {
        dictionary: List::of(DICTIONARY),
        web: List::of(WEB_WORDS),
    })
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

    /// Whether the dictionary holds `word` in this very case (`Martin`,
    /// a name, as well as `martin`, a bird).
    pub fn is_listed_as_written(&self, word: &str) -> bool {
        lists().dictionary.lookup(word).is_some()
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

    /// Where the web's pair of words joined as `lower` (a lowercase ASCII
    /// token) splits, if the web writes such a pair apart often: `urban
    /// areas` for `urbanareas` gives 5.
    pub fn web_pair_cut(&self, lower: &str) -> Option<usize> {
        let cut = search_lines(WEB_PAIRS.as_bytes(), lower.as_bytes())? as usize;
        (cut > 0 && cut < lower.len()).then_some(cut)
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
    fn a_list_finds_every_word_with_its_count_and_nothing_else() {
        let list = List::of("A\t7\nAb\nab\t12\nabc\t3\nb\t0\nzz\t99");
        assert_eq!(list.lookup("A"), Some(7));
        assert_eq!(list.lookup("Ab"), Some(0), "a line without a count");
        assert_eq!(list.lookup("ab"), Some(12));
        assert_eq!(list.lookup("zz"), Some(99), "the last line has no newline");
        for missing in ["", "a", "abcd", "aa", "zzz", "B", "\t"] {
            assert_eq!(list.lookup(missing), None, "{missing:?}");
        }
        // Every line of the shipped lists is found, with its own count.
        for (text, list) in [(DICTIONARY, &lists().dictionary), (WEB_WORDS, &lists().web)] {
            for line in text.lines() {
                let (word, count) = line.split_once('\t').unwrap_or((line, "0"));
                assert_eq!(list.lookup(word), count.parse().ok(), "{line}");
            }
        }
    }

    #[test]
    fn a_search_of_the_text_finds_every_line_and_nothing_else() {
        let text = b"A\t7\nAb\nab\t12\nabc\t3\nb\t0\nzz\t99";
        assert_eq!(search_lines(text, b"A"), Some(7));
        assert_eq!(search_lines(text, b"Ab"), Some(0), "a line without a count");
        assert_eq!(search_lines(text, b"ab"), Some(12));
        assert_eq!(
            search_lines(text, b"zz"),
            Some(99),
            "the last line has no newline"
        );
        for missing in ["", "a", "abcd", "aa", "zzz", "B", "\t"] {
            assert_eq!(search_lines(text, missing.as_bytes()), None, "{missing:?}");
        }
        assert_eq!(search_lines(b"", b"a"), None);
        for line in WEB_PAIRS.lines() {
            let (join, cut) = line.split_once('\t').unwrap();
            assert_eq!(
                search_lines(WEB_PAIRS.as_bytes(), join.as_bytes()),
                cut.parse().ok()
            );
        }
        let lexicon = Lexicon::load(&[]).unwrap();
        assert_eq!(lexicon.web_pair_cut("urbanareas"), Some(5));
        assert_eq!(lexicon.web_pair_cut("cleanup"), None, "a web word");
        assert_eq!(
            lexicon.web_pair_cut("zerocopy"),
            None,
            "no pair of the web's"
        );
    }

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
