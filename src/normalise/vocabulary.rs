//! Words seen in one source file. A word the dictionary lacks but the file
//! uses elsewhere (a name, a coinage) is a word there. Evidence is taken
//! from the same source file only, never from the rest of the build, so a
//! file's repaired text depends on that file alone: builds can be sharded
//! or incremental and give the same output.

use crate::model::Collection;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::RwLock;

use super::lexicon::{WordHasher, WordMap};
use super::places::{self, Spot};

pub struct Vocabulary {
    /// Each word (case folded): its number, and how often the file has it.
    words: WordMap<(u32, u32)>,
    /// Two words written one space apart, by their numbers, counted: the
    /// two-word phrases asked about, without scanning the text each time.
    pairs: HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
    /// All the file's text, case folded, one piece a line, for the rarer
    /// phrases with punctuation, each counted once.
    text: String,
    /// Behind a lock: publications are repaired on several threads.
    phrases: RwLock<WordMap<usize>>,
}

impl Vocabulary {
    /// Counts the words of every piece of text in the collection: runs of
    /// letters (with apostrophes inside), case folded.
    pub fn of(collection: &mut Collection) -> Vocabulary {
        let mut vocabulary = Vocabulary {
            words: WordMap::default(),
            pairs: HashMap::default(),
            text: String::new(),
            phrases: RwLock::default(),
        };
        places::for_each(collection, |spot: Spot| vocabulary.add_text(spot.text));
        vocabulary
    }

    fn add_text(&mut self, text: &str) {
        let start = self.text.len();
        if text.is_ascii() {
            self.text.push_str(&text.to_ascii_lowercase());
        } else {
            self.text.push_str(&text.to_lowercase());
        }
        self.text.push('\n');
        let lower = std::mem::take(&mut self.text);
        let mut word_start = None;
        // The last word: its number and where it ended.
        let mut previous: Option<(u32, usize)> = None;
        let mut chars = lower[start..].char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let at = start + at;
            if c.is_alphabetic() {
                word_start.get_or_insert(at);
                continue;
            }
            // An apostrophe between letters is part of the word (`world’s`).
            let inside = matches!(c, '\'' | '\u{2019}')
                && word_start.is_some()
                && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic());
            if inside {
                continue;
            }
            if let Some(from) = word_start.take() {
                let id = self.add_word(&lower[from..at]);
                if let Some((before, end)) = previous {
                    if &lower[end..from] == " " {
                        *self
                            .pairs
                            .entry(u64::from(before) << 32 | u64::from(id))
                            .or_insert(0) += 1;
                    }
                }
                previous = Some((id, at));
            }
        }
        self.text = lower;
    }

    /// Counts a case-folded word; returns its number.
    fn add_word(&mut self, word: &str) -> u32 {
        let word = if word.contains('\u{2019}') {
            std::borrow::Cow::Owned(word.replace('\u{2019}', "'"))
        } else {
            std::borrow::Cow::Borrowed(word)
        };
        if let Some((id, count)) = self.words.get_mut(word.as_ref()) {
            *count += 1;
            return *id;
        }
        let id = self.words.len() as u32;
        self.words.insert(word.into_owned(), (id, 1));
        id
    }

    fn entry(&self, word: &str) -> Option<(u32, u32)> {
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            return self.words.get(word).copied();
        }
        let key: String = word
            .chars()
            .map(|c| if c == '\u{2019}' { '\'' } else { c })
            .flat_map(char::to_lowercase)
            .collect();
        self.words.get(&key).copied()
    }

    /// How many times the file holds `word` as a word of its own (any case).
    pub fn count(&self, word: &str) -> u32 {
        self.entry(word).map_or(0, |(_, count)| count)
    }

    /// Whether the file writes `phrase` (any case) as words of their own.
    pub fn has_phrase(&self, phrase: &str) -> bool {
        self.phrase_count(phrase) > 0
    }

    /// How many times the file writes `phrase` (any case) as words of their own.
    pub fn phrase_count(&self, phrase: &str) -> usize {
        let word_like = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '\'' || c == '\u{2019}')
        };
        if let Some((first, second)) = phrase.split_once(' ') {
            if word_like(first) && word_like(second) {
                let (Some((a, _)), Some((b, _))) = (self.entry(first), self.entry(second)) else {
                    return 0;
                };
                let key = u64::from(a) << 32 | u64::from(b);
                return self.pairs.get(&key).map_or(0, |&n| n as usize);
            }
        }
        let phrase = phrase.to_lowercase();
        if let Some(&count) = self
            .phrases
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&phrase)
        {
            return count;
        }
        let count = self
            .text
            .match_indices(&phrase)
            .filter(|&(at, _)| {
                let before = self.text[..at].chars().next_back();
                let after = self.text[at + phrase.len()..].chars().next();
                !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
            })
            .count();
        self.phrases
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(phrase, count);
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_letter_runs_case_folded() {
        let mut v = Vocabulary {
            words: WordMap::default(),
            pairs: HashMap::default(),
            text: String::new(),
            phrases: RwLock::default(),
        };
        v.add_text("The world’s trafficking.However, DCAF-led; the World's");
        assert_eq!(v.count("world's"), 2);
        assert_eq!(v.count("THE"), 2);
        assert_eq!(v.count("however"), 1);
        assert_eq!(v.count("dcaf"), 1);
        assert_eq!(v.count("led"), 1);
        assert_eq!(v.count("trafficking.however"), 0);
        assert!(v.has_phrase("The World's"));
        assert_eq!(v.phrase_count("the world\u{2019}s"), 2);
        assert!(!v.has_phrase("the world"));
        assert!(!v.has_phrase("he world's"));
        assert_eq!(v.phrase_count("dcaf-led; the"), 1);
        assert_eq!(v.phrase_count("however, dcaf"), 1);
        assert_eq!(v.phrase_count("trafficking however"), 0);
    }
}
