//! Words seen in one source file. A word the dictionary lacks but the file
//! uses elsewhere (a name, a coinage) is a word there. Evidence is taken
//! from the same source file only, never from the rest of the build, so a
//! file's repaired text depends on that file alone: builds can be sharded
//! or incremental and give the same output.
//!
//! Tokens are counted whole too, as written (`base64`, `tiny-skia`,
//! `WebAssembly`), and so are the words of code spans and link addresses:
//! a token the file writes in code (`init`, `anstyle`) is the file's own term.

use crate::model::{Block, Collection, Inline};

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::{OnceLock, RwLock};

use super::lexicon::{WordHasher, WordMap};
use super::places::{self, Spot};

#[derive(Default)]
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
    /// Where each word without an apostrophe starts in `text`, by its
    /// number: a phrase is looked for only where its longest run of letters
    /// is (a scan of the whole text per phrase grew with the square of a
    /// long listing). Kept while counting, so no second pass is needed.
    starts: Vec<Vec<u32>>,
    /// Where each word with an apostrophe starts and ends in `text`, and
    /// (made on first use) where the runs of letters inside them start.
    apostrophe_words: Vec<(u32, u32)>,
    apostrophe_runs: OnceLock<WordMap<Vec<u32>>>,
    /// Whole whitespace-separated tokens, edge punctuation trimmed, case folded.
    tokens: WordMap<u32>,
    /// Tokens and letter runs of code spans and link addresses, case folded.
    code: WordMap<()>,
    /// Whether the file has code spans or blocks, or code-like tokens.
    shows_code: bool,
    /// Whether the file writes an en dash with a space either side.
    spaced_en_dash: bool,
}

impl Vocabulary {
    /// Counts the words of every piece of text in the collection: runs of
    /// letters (with apostrophes inside), case folded.
    pub fn of(collection: &mut Collection) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        places::for_each(collection, |spot: Spot| vocabulary.add_text(spot.text));
        vocabulary.spaced_en_dash = vocabulary.text.contains(" \u{2013} ");
        for publication in &collection.publications {
            for block in &publication.summary {
                vocabulary.add_code_of_block(block);
            }
        }
        vocabulary
    }

    fn add_code_of_block(&mut self, block: &Block) {
        match block {
            Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
                self.add_code_of_inlines(inlines)
            }
            Block::List { items, .. } => {
                for block in items.iter().flatten() {
                    self.add_code_of_block(block);
                }
            }
            Block::Quote { blocks } => {
                for block in blocks {
                    self.add_code_of_block(block);
                }
            }
            Block::Image { src, .. } => self.add_code(src),
            Block::CodeBlock { text, .. } => {
                self.shows_code = true;
                self.add_code(text)
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    self.add_code_of_inlines(cell);
                }
            }
            Block::DefinitionList { items } => {
                for item in items {
                    self.add_code_of_inlines(&item.term);
                    for block in item.definitions.iter().flatten() {
                        self.add_code_of_block(block);
                    }
                }
            }
            Block::Rule => {}
        }
    }

    fn add_code_of_inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Code { text } => {
                    self.shows_code = true;
                    self.add_code(text)
                }
                Inline::Link { url, inlines } => {
                    self.add_code(url);
                    self.add_code_of_inlines(inlines);
                }
                Inline::Emphasis { inlines }
                | Inline::Strong { inlines }
                | Inline::Strikeout { inlines }
                | Inline::Superscript { inlines }
                | Inline::Subscript { inlines } => self.add_code_of_inlines(inlines),
                Inline::Footnote { blocks } => {
                    for block in blocks {
                        self.add_code_of_block(block);
                    }
                }
                Inline::Image { src, .. } => self.add_code(src),
                Inline::Math { tex, .. } => self.add_code(tex),
                Inline::Text { .. } | Inline::LineBreak => {}
            }
        }
    }

    /// Code's whole tokens and its runs of letters (`anstyle::Style`).
    fn add_code(&mut self, code: &str) {
        let lower = code.to_lowercase();
        for token in lower.split_whitespace() {
            self.code.insert(trim_token(token).to_string(), ());
        }
        for run in lower.split(|c: char| !c.is_alphanumeric()) {
            if !run.is_empty() {
                self.code.insert(run.to_string(), ());
            }
        }
    }

    fn add_text(&mut self, text: &str) {
        let start = self.text.len();
        if text.is_ascii() {
            self.text.push_str(text);
            self.text[start..].make_ascii_lowercase();
        } else {
            self.text.push_str(&text.to_lowercase());
        }
        self.text.push('\n');
        for token in self.text[start..].split_whitespace() {
            // `rayon::join`, `new()`: code written as text.
            if !self.shows_code && token.bytes().any(|b| b == b':' || b == b'(') {
                self.shows_code = token.contains("::") || token.contains("()");
            }
            let token = trim_token(token);
            if !token.is_empty() {
                match self.tokens.get_mut(token) {
                    Some(count) => *count += 1,
                    None => {
                        self.tokens.insert(token.to_string(), 1);
                    }
                }
            }
        }
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
                let word = &lower[from..at];
                let id = self.add_word(word);
                if word.contains(['\'', '\u{2019}']) {
                    self.apostrophe_words.push((from as u32, at as u32));
                } else {
                    self.starts[id as usize].push(from as u32);
                }
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
        self.starts.push(Vec::new());
        id
    }

    fn entry(&self, word: &str) -> Option<(u32, u32)> {
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            return self.words.get(word).copied();
        }
        if word.bytes().all(|b| b.is_ascii_alphabetic()) {
            return self.words.get(&word.to_ascii_lowercase()).copied();
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

    /// How many times the file writes `token` whole (any case, edge
    /// punctuation aside), outside code.
    pub fn token_count(&self, token: &str) -> u32 {
        let key = trim_token(token).to_lowercase();
        self.tokens.get(&key).copied().unwrap_or(0)
    }

    /// Whether the file writes an en dash with a space either side somewhere.
    pub fn spaces_en_dashes(&self) -> bool {
        self.spaced_en_dash
    }

    /// Whether the file shows code at all (a technical text, where
    /// `HashSet` or `WebAssembly` is a name, not two words).
    pub fn has_code(&self) -> bool {
        self.shows_code
    }

    /// Whether the file's code spans or link addresses hold `token` (any case).
    pub fn in_code(&self, token: &str) -> bool {
        !self.code.is_empty() && self.code.contains_key(&trim_token(token).to_lowercase())
    }

    /// How many times the file writes `first second` (any case), one space apart.
    pub fn pair_count(&self, first: &str, second: &str) -> u32 {
        let (Some((a, _)), Some((b, _))) = (self.entry(first), self.entry(second)) else {
            return 0;
        };
        self.pairs
            .get(&(u64::from(a) << 32 | u64::from(b)))
            .copied()
            .unwrap_or(0)
    }

    /// Whether the file writes `phrase` (any case) as words of their own.
    pub fn has_phrase(&self, phrase: &str) -> bool {
        self.phrase_count(phrase) > 0
    }

    /// Where the run of letters `run` (lowercase) starts in `text`: as a
    /// word of its own, and inside words with an apostrophe.
    fn run_starts(&self, run: &str) -> impl Iterator<Item = u32> + '_ {
        let inside = self.apostrophe_runs.get_or_init(|| {
            let mut runs: WordMap<Vec<u32>> = WordMap::default();
            for &(from, to) in &self.apostrophe_words {
                let word = &self.text[from as usize..to as usize];
                for (at, run) in letter_runs(word) {
                    runs.entry(run.to_string())
                        .or_default()
                        .push(from + at as u32);
                }
            }
            runs
        });
        let whole = self
            .words
            .get(run)
            .map_or(&[][..], |&(id, _)| &self.starts[id as usize][..]);
        let inside = inside.get(run).map_or(&[][..], Vec::as_slice);
        whole.iter().chain(inside).copied()
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
                return self.pair_count(first, second) as usize;
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
        let stands_alone = |at: usize| {
            let before = self.text[..at].chars().next_back();
            let after = self.text[at + phrase.len()..].chars().next();
            !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
        };
        // Where the phrase stands alone, each of its runs of letters is a
        // whole run of the text too.
        let longest = letter_runs(&phrase).max_by_key(|&(_, run)| run.len());
        let count = match longest {
            Some((offset, run)) => self
                .run_starts(run)
                .filter_map(|start| (start as usize).checked_sub(offset))
                .filter(|&at| {
                    self.text.get(at..at + phrase.len()) == Some(phrase.as_str())
                        && stands_alone(at)
                })
                .count(),
            None => self
                .text
                .match_indices(&phrase)
                .filter(|&(at, _)| stands_alone(at))
                .count(),
        };
        self.phrases
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(phrase, count);
        count
    }
}

/// A token without the punctuation around it (`(base64),` → `base64`).
pub fn trim_token(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The runs of letters in `text`, each with its byte offset.
fn letter_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while rest.next_if(|&(_, c)| !c.is_alphabetic()).is_some() {}
        let &(start, _) = rest.peek()?;
        let mut end = start;
        while let Some((at, c)) = rest.next_if(|&(_, c)| c.is_alphabetic()) {
            end = at + c.len_utf8();
        }
        Some((start, &text[start..end]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_letter_runs_case_folded() {
        let mut v = Vocabulary::default();
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
        v.add_text("Base64 and (base64), tiny-skia");
        assert_eq!(v.token_count("base64."), 2);
        assert_eq!(v.token_count("tiny-skia"), 1);
        v.add_code("cargo add anstyle::Style");
        assert!(v.in_code("anstyle") && v.in_code("Style") && !v.in_code("base64"));
    }
}
