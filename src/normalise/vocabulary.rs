//! Words seen in one source file. A word the dictionary lacks but the file
//! uses elsewhere (a name, a coinage) is a word there. Evidence is taken
//! from the same source file only, never from the rest of the build, so a
//! file's repaired text depends on that file alone: builds can be sharded
//! or incremental and give the same output.

use std::collections::HashMap;

use crate::model::Collection;

use super::places::{self, Spot};

pub struct Vocabulary {
    counts: HashMap<String, u32>,
}

impl Vocabulary {
    /// Counts the words of every piece of text in the collection: runs of
    /// letters (with apostrophes inside), case folded.
    pub fn of(collection: &mut Collection) -> Vocabulary {
        let mut vocabulary = Vocabulary {
            counts: HashMap::new(),
        };
        places::for_each(collection, |spot: Spot| vocabulary.add_text(spot.text));
        vocabulary
    }

    fn add_text(&mut self, text: &str) {
        let mut word = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let inside_apostrophe = matches!(c, '\'' | '\u{2019}')
                && !word.is_empty()
                && chars.peek().is_some_and(|n| n.is_alphabetic());
            if c.is_alphabetic() {
                word.extend(c.to_lowercase());
            } else if inside_apostrophe {
                word.push('\'');
            } else if !word.is_empty() {
                self.add_word(&word);
                word.clear();
            }
        }
        if !word.is_empty() {
            self.add_word(&word);
        }
    }

    fn add_word(&mut self, word: &str) {
        match self.counts.get_mut(word) {
            Some(count) => *count += 1,
            None => {
                self.counts.insert(word.to_string(), 1);
            }
        }
    }

    /// How many times the file holds `word` as a word of its own (any case).
    pub fn count(&self, word: &str) -> u32 {
        let key: String = word
            .chars()
            .map(|c| if c == '\u{2019}' { '\'' } else { c })
            .flat_map(char::to_lowercase)
            .collect();
        self.counts.get(&key).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_letter_runs_case_folded() {
        let mut v = Vocabulary {
            counts: HashMap::new(),
        };
        v.add_text("The world’s trafficking.However, DCAF-led; the World's");
        assert_eq!(v.count("world's"), 2);
        assert_eq!(v.count("THE"), 2);
        assert_eq!(v.count("however"), 1);
        assert_eq!(v.count("dcaf"), 1);
        assert_eq!(v.count("led"), 1);
        assert_eq!(v.count("trafficking.however"), 0);
    }
}
