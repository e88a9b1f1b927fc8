//! Words seen in one source file. A word the dictionary lacks but the file
//! uses elsewhere (a name, a coinage) is a word there. Evidence is taken
//! from the same source file only, never from the rest of the build, so a
//! file's repaired text depends on that file alone: builds can be sharded
//! or incremental and give the same output.

use crate::model::Collection;

use std::cell::RefCell;

use super::lexicon::WordMap;
use super::places::{self, Spot};

pub struct Vocabulary {
    counts: WordMap<u32>,
    /// All the file's text, case folded, one piece a line: to look up phrases.
    text: String,
    phrases: RefCell<WordMap<usize>>,
}

impl Vocabulary {
    /// Counts the words of every piece of text in the collection: runs of
    /// letters (with apostrophes inside), case folded.
    pub fn of(collection: &mut Collection) -> Vocabulary {
        let mut vocabulary = Vocabulary {
            counts: WordMap::default(),
            text: String::new(),
            phrases: RefCell::default(),
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
                self.add_word(&lower[from..at]);
            }
        }
        self.text = lower;
    }

    fn add_word(&mut self, word: &str) {
        let word = if word.contains('\u{2019}') {
            std::borrow::Cow::Owned(word.replace('\u{2019}', "'"))
        } else {
            std::borrow::Cow::Borrowed(word)
        };
        match self.counts.get_mut(word.as_ref()) {
            Some(count) => *count += 1,
            None => {
                self.counts.insert(word.into_owned(), 1);
            }
        }
    }

    /// How many times the file holds `word` as a word of its own (any case).
    pub fn count(&self, word: &str) -> u32 {
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            return self.counts.get(word).copied().unwrap_or(0);
        }
        let key: String = word
            .chars()
            .map(|c| if c == '\u{2019}' { '\'' } else { c })
            .flat_map(char::to_lowercase)
            .collect();
        self.counts.get(&key).copied().unwrap_or(0)
    }

    /// Whether the file writes `phrase` (any case) as words of their own.
    pub fn has_phrase(&self, phrase: &str) -> bool {
        self.phrase_count(phrase) > 0
    }

    /// How many times the file writes `phrase` (any case) as words of their
    /// own. Each phrase asked for is counted once, by a scan of the text.
    pub fn phrase_count(&self, phrase: &str) -> usize {
        let phrase = phrase.to_lowercase();
        if let Some(&count) = self.phrases.borrow().get(&phrase) {
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
        self.phrases.borrow_mut().insert(phrase, count);
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_letter_runs_case_folded() {
        let mut v = Vocabulary {
            counts: WordMap::default(),
            text: String::new(),
            phrases: RefCell::default(),
        };
        v.add_text("The world’s trafficking.However, DCAF-led; the World's");
        assert_eq!(v.count("world's"), 2);
        assert_eq!(v.count("THE"), 2);
        assert_eq!(v.count("however"), 1);
        assert_eq!(v.count("dcaf"), 1);
        assert_eq!(v.count("led"), 1);
        assert_eq!(v.count("trafficking.however"), 0);
        assert!(v.has_phrase("The World"));
        assert!(!v.has_phrase("he world"));
        assert_eq!(v.phrase_count("dcaf-led; the"), 1);
        assert_eq!(v.phrase_count("however, dcaf"), 1);
        assert_eq!(v.phrase_count("trafficking however"), 0);
    }
}
