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

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::{OnceLock, RwLock};

use rayon::prelude::*;

use super::lexicon::{WordHasher, WordMap};
use super::places::{self, Spot};
use asked::Asked;

/// The fewest publications a part counted apart holds: fewer are not
/// worth a part's own maps and the adding up.
const PART: usize = 256;
/// The same for changed stretches of text (a few words each).
const TEXTS_PART: usize = 4096;

#[derive(Default)]
pub struct Vocabulary {
    /// Each word (case folded): its number, and how often the file has it.
    words: WordMap<(u32, u32)>,
    /// Two words written one space apart, by their numbers, counted: the
    /// two-word phrases asked about, without scanning the text each time.
    pairs: HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
    /// The pairs whose words both start with a capital as written
    /// (`Security Studies`, not `a thread pool`).
    capital_pairs: HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
    /// By word number: how often the word starts with a small letter as
    /// written (`version`; `Rust` a name never does).
    lowercase: Vec<u32>,
    /// All the file's text, case folded, one piece a line, for the rarer
    /// phrases with punctuation, each counted once.
    text: String,
    /// Behind a lock: publications are repaired on several threads.
    phrases: RwLock<WordMap<usize>>,
    /// Where each word without an apostrophe starts in `text`, by its
    /// number: a phrase is looked for only where its rarest runs of letters
    /// are (a scan of the whole text per phrase grew with the square of a
    /// long listing). Kept while counting, so no second pass is needed,
    /// then packed (`packed_starts`).
    starts: Vec<Vec<u32>>,
    packed_starts: PackedStarts,
    /// Where each word with an apostrophe starts and ends in `text`, and
    /// (made on first use) where the runs of letters inside them start.
    apostrophe_words: Vec<(u32, u32)>,
    apostrophe_runs: OnceLock<WordMap<Vec<u32>>>,
    /// Whole whitespace-separated tokens, edge punctuation trimmed, case folded.
    tokens: WordMap<u32>,
    /// Tokens and letter runs of code spans and link addresses, case folded.
    code: WordMap<()>,
    /// Whether the file has code spans or blocks.
    code_spans: bool,
    /// How many times its text writes `::` or `()`: code written as text
    /// (`rayon::join`, `new()`). Counted, not flagged, so that a few
    /// pieces' part can be taken away again (see `Words`).
    code_marks: u32,
    /// How many times the file writes an en dash with a space either side.
    spaced_en_dashes: u32,
}

impl Vocabulary {
    /// Counts the words of every piece of text in the collection: runs of
    /// letters (with apostrophes inside), case folded. A long listing's
    /// publications are counted in parts on all cores, and the parts added
    /// up in order: the counts and word numbers are those of one pass.
    pub fn of(collection: &mut Collection) -> Vocabulary {
        // The head's text (title, owner) comes first: the first part counts it.
        let mut head: Vec<String> = Vec::new();
        places::for_each_in_head(collection, &mut |spot: Spot| head.push(spot.text.clone()));
        // A collection without a title of its own takes its first entry's
        // title (or series): a copy the reader made, not words the file
        // writes twice, so it is not counted again.
        let copied = collection.publications.first().is_some_and(|first| {
            first.title == collection.title || first.series.as_ref() == Some(&collection.title)
        });
        if copied && !head.is_empty() {
            // (The title is the head's first piece.)
            head.remove(0);
        }
        let publications = &mut collection.publications;
        let per_part = publications
            .len()
            .div_ceil(2 * rayon::current_num_threads())
            .max(PART);
        let mut parts: Vec<Vocabulary> = publications
            .par_chunks_mut(per_part)
            .enumerate()
            .map(|(index, publications)| {
                let mut part = Vocabulary::default();
                for text in head.iter().filter(|_| index == 0) {
                    part.add_text(text);
                }
                for publication in publications {
                    places::for_each_in_publication(publication, &mut |spot: Spot| {
                        part.add_text(spot.text)
                    });
                    for block in &publication.summary {
                        part.add_code_of_block(block);
                    }
                }
                part
            })
            .collect();
        if parts.is_empty() {
            parts.push(Vocabulary::of_texts(&head, String::as_str));
        }
        Vocabulary::sum(parts)
    }

    /// The words of `texts`, counted in parts on all cores as `of` does.
    fn of_texts<T: Sync>(texts: &[T], text: impl Fn(&T) -> &str + Sync) -> Vocabulary {
        let per_part = texts
            .len()
            .div_ceil(2 * rayon::current_num_threads())
            .max(TEXTS_PART);
        let parts: Vec<Vocabulary> = texts
            .par_chunks(per_part)
            .map(|texts| {
                let mut part = Vocabulary::default();
                for each in texts {
                    part.add_text(text(each));
                }
                part
            })
            .collect();
        Vocabulary::sum(parts)
    }

    /// The counts of `parts` added up in order, each part's text after the
    /// one's before.
    fn sum(parts: Vec<Vocabulary>) -> Vocabulary {
        let mut parts = parts.into_iter();
        let Some(mut sum) = parts.next() else {
            return Vocabulary::default();
        };
        sum.text
            .reserve_exact(parts.as_slice().iter().map(|p| p.text.len()).sum());
        for part in parts {
            sum.append(part);
        }
        sum.pack_starts();
        sum
    }

    /// Packs the words' starts once counting is done; no word is counted
    /// after.
    fn pack_starts(&mut self) {
        self.packed_starts = PackedStarts::of(std::mem::take(&mut self.starts));
    }

    /// Adds the counts of `part`, text counted after this one's. A word new
    /// here gets the next number, in the order `part` first met them, so
    /// numbers still go by first appearance.
    fn append(&mut self, mut part: Vocabulary) {
        let offset = self.text.len() as u32;
        self.text.push_str(&part.text);
        let mut words: Vec<(String, (u32, u32))> = part.words.drain().collect();
        words.sort_unstable_by_key(|&(_, (id, _))| id);
        // The number here of each of the part's words.
        let mut numbers = vec![0u32; words.len()];
        for (word, (part_id, count)) in words {
            let mut starts = std::mem::take(&mut part.starts[part_id as usize]);
            starts.iter_mut().for_each(|start| *start += offset);
            let id = match self.words.get_mut(word.as_str()) {
                Some((id, total)) => {
                    *total += count;
                    self.starts[*id as usize].extend_from_slice(&starts);
                    *id
                }
                None => {
                    let id = self.words.len() as u32;
                    self.words.insert(word, (id, count));
                    self.starts.push(starts);
                    self.lowercase.push(0);
                    id
                }
            };
            self.lowercase[id as usize] += part.lowercase[part_id as usize];
            numbers[part_id as usize] = id;
        }
        let renumber = |pair: u64| {
            u64::from(numbers[(pair >> 32) as usize]) << 32
                | u64::from(numbers[pair as u32 as usize])
        };
        for (pair, count) in part.pairs {
            *self.pairs.entry(renumber(pair)).or_insert(0) += count;
        }
        for (pair, count) in part.capital_pairs {
            *self.capital_pairs.entry(renumber(pair)).or_insert(0) += count;
        }
        let moved = part
            .apostrophe_words
            .iter()
            .map(|&(from, to)| (from + offset, to + offset));
        self.apostrophe_words.extend(moved);
        for (token, count) in part.tokens {
            *self.tokens.entry(token).or_insert(0) += count;
        }
        self.code.extend(part.code);
        self.code_spans |= part.code_spans;
        self.code_marks += part.code_marks;
        self.spaced_en_dashes += part.spaced_en_dashes;
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
                self.code_spans = true;
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
                    self.code_spans = true;
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
        // Whether each word starts with a capital as written: for ASCII
        // text, the byte where the case-folded word starts says so.
        let capitals = (!text.is_ascii()).then(|| capitalised_words(text));
        let mut word_number = 0;
        if text.is_ascii() {
            self.text.push_str(text);
            self.text[start..].make_ascii_lowercase();
        } else {
            self.text.push_str(&text.to_lowercase());
        }
        self.text.push('\n');
        let piece = &self.text[start..];
        // (Counted the same way in every vocabulary, so counts add up.)
        let bytes = piece.as_bytes();
        let marks = bytes
            .windows(2)
            .filter(|w| matches!(w, [b':', b':'] | [b'(', b')']));
        self.code_marks += marks.count() as u32;
        if bytes.contains(&0xe2) {
            self.spaced_en_dashes += piece.matches(" \u{2013} ").count() as u32;
        }
        for token in self.text[start..].split_whitespace() {
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
        // The last word: its number, where it ended, whether a capital starts it.
        let mut previous: Option<(u32, usize, bool)> = None;
        for (from, at) in word_spans(&lower[start..]) {
            let (from, at) = (start + from, start + at);
            let word = &lower[from..at];
            let id = self.add_word(word);
            let capital = match &capitals {
                None => text.as_bytes()[from - start].is_ascii_uppercase(),
                Some(capitals) => capitals.get(word_number).copied().unwrap_or(false),
            };
            word_number += 1;
            if !capital {
                self.lowercase[id as usize] += 1;
            }
            if word.contains(['\'', '\u{2019}']) {
                self.apostrophe_words.push((from as u32, at as u32));
            } else {
                self.starts[id as usize].push(from as u32);
            }
            if let Some((before, end, before_capital)) = previous {
                // (One space between: bytes compared, no string compare per word.)
                if from == end + 1 && lower.as_bytes()[end] == b' ' {
                    let pair = u64::from(before) << 32 | u64::from(id);
                    *self.pairs.entry(pair).or_insert(0) += 1;
                    if before_capital && capital {
                        *self.capital_pairs.entry(pair).or_insert(0) += 1;
                    }
                }
            }
            previous = Some((id, at, capital));
        }
        self.text = lower;
    }

    /// Counts a case-folded word; returns its number.
    fn add_word(&mut self, word: &str) -> u32 {
        // (`str::contains` of a character beyond ASCII is a substring search.)
        let word = if !word.is_ascii() && word.contains('\u{2019}') {
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
        self.lowercase.push(0);
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

    /// How many times the file holds `word` starting with a small letter.
    pub fn lowercase_count(&self, word: &str) -> u32 {
        self.entry(word)
            .map_or(0, |(id, _)| self.lowercase[id as usize])
    }

    /// How many times the file writes `token` whole (any case, edge
    /// punctuation aside), outside code.
    pub fn token_count(&self, token: &str) -> u32 {
        let key = trim_token(token).to_lowercase();
        self.tokens.get(&key).copied().unwrap_or(0)
    }

    /// Whether the file's code spans or link addresses hold `token` (any case).
    pub fn in_code(&self, token: &str) -> bool {
        !self.code.is_empty() && self.code.contains_key(&trim_token(token).to_lowercase())
    }

    /// How many times the file writes `first second` (any case), one space apart.
    pub fn pair_count(&self, first: &str, second: &str) -> u32 {
        self.count_pair(&self.pairs, first, second)
    }

    /// How many times the file writes `first second` one space apart,
    /// each starting with a capital (`Security Studies`).
    pub fn capital_pair_count(&self, first: &str, second: &str) -> u32 {
        self.count_pair(&self.capital_pairs, first, second)
    }

    fn count_pair(
        &self,
        pairs: &HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
        first: &str,
        second: &str,
    ) -> u32 {
        let (Some((a, _)), Some((b, _))) = (self.entry(first), self.entry(second)) else {
            return 0;
        };
        pairs
            .get(&(u64::from(a) << 32 | u64::from(b)))
            .copied()
            .unwrap_or(0)
    }

    /// Where the run of letters `run` (lowercase) starts in `text`: as a
    /// word of its own, and inside words with an apostrophe.
    fn run_starts(&self, run: &str) -> (Starts<'_>, &[u32]) {
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
        let whole = self.words.get(run).map_or(Starts::NONE, |&(id, _)| {
            self.packed_starts.of_word(id as usize)
        });
        let inside = inside.get(run).map_or(&[][..], Vec::as_slice);
        (whole, inside)
    }

    /// How many times the file writes `phrase` (any case) as words of their
    /// own; a phrase of more than `PHRASE_SPACES` spaces never.
    pub fn phrase_count(&self, phrase: &str) -> usize {
        if phrase.bytes().filter(|&b| b == b' ').count() > PHRASE_SPACES {
            return 0;
        }
        if let Some((first, second)) = pair_of(phrase) {
            return self.pair_count(first, second) as usize;
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
        // whole run of the text too. Where it may start is where its two
        // rarest runs, each less its offset in the phrase, agree: lists of
        // numbers walked in order, where looking at the text at every start
        // of a common word was most of the time on a long listing.
        let mut runs: Vec<(usize, Starts, &[u32])> = letter_runs(&phrase)
            .map(|(offset, run)| {
                let (whole, inside) = self.run_starts(run);
                (offset, whole, inside)
            })
            .collect();
        runs.sort_by_key(|(_, whole, inside)| whole.count + inside.len());
        // Where the phrase would start, by one run's starts, in order.
        let starts = |&(offset, whole, inside): &(usize, Starts, &[u32])| {
            let mut at: Vec<usize> = whole
                .iter()
                .chain(inside.iter().copied())
                .filter_map(|start| (start as usize).checked_sub(offset))
                .collect();
            // (Each list is in order; the two together may not be.)
            if !inside.is_empty() {
                at.sort_unstable();
            }
            at
        };
        let candidates: Vec<usize> = match &runs[..] {
            [] => self.text.match_indices(&phrase).map(|(at, _)| at).collect(),
            [only] => starts(only),
            [rarest, next, ..] => in_both(&starts(rarest), &starts(next)),
        };
        let count = candidates
            .into_iter()
            .filter(|&at| {
                self.text.get(at..at + phrase.len()) == Some(phrase.as_str()) && stands_alone(at)
            })
            .count();
        self.phrases
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(phrase, count);
        count
    }
}

/// Where each word starts in the text, packed: by word number, the gaps
/// between its starts in order, each in LEB128 (seven bits a byte). Most
/// gaps take one or two bytes, where a list of 32-bit numbers took four
/// and, grown a start at a time, up to twice that.
#[derive(Default)]
struct PackedStarts {
    bytes: Vec<u8>,
    /// By word number: where its gaps end in `bytes`, and how many it has.
    ends: Vec<(usize, u32)>,
}

impl PackedStarts {
    fn of(starts: Vec<Vec<u32>>) -> PackedStarts {
        let mut packed = PackedStarts {
            bytes: Vec::with_capacity(starts.iter().map(|s| s.len() * 2).sum()),
            ends: Vec::with_capacity(starts.len()),
        };
        for word in starts {
            let mut last = 0;
            for &start in &word {
                let mut gap = start - last;
                last = start;
                while gap >= 0x80 {
                    packed.bytes.push(gap as u8 | 0x80);
                    gap >>= 7;
                }
                packed.bytes.push(gap as u8);
            }
            packed.ends.push((packed.bytes.len(), word.len() as u32));
        }
        packed.bytes.shrink_to_fit();
        packed
    }

    fn of_word(&self, id: usize) -> Starts<'_> {
        let from = id.checked_sub(1).map_or(0, |before| self.ends[before].0);
        let Some(&(to, count)) = self.ends.get(id) else {
            debug_assert!(false, "the starts are looked up before they are packed");
            return Starts::NONE;
        };
        Starts {
            bytes: &self.bytes[from..to],
            count: count as usize,
        }
    }
}

/// One word's starts in the text, packed (see `PackedStarts`).
#[derive(Clone, Copy)]
struct Starts<'a> {
    bytes: &'a [u8],
    count: usize,
}

impl Starts<'_> {
    const NONE: Starts<'static> = Starts {
        bytes: &[],
        count: 0,
    };

    /// The starts, in order.
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.bytes.iter();
        let mut last = 0u32;
        std::iter::from_fn(move || {
            let mut gap = 0u32;
            let mut shift = 0;
            loop {
                let byte = *bytes.next()?;
                gap |= u32::from(byte & 0x7f) << shift;
                shift += 7;
                if byte < 0x80 {
                    break;
                }
            }
            last += gap;
            Some(last)
        })
    }
}

/// The repairs ask whether the file has a word, a token or a phrase at
/// least so many times, up to this many (to weigh a token written whole
/// against its words written apart): a count above this answers nothing more.
pub const ENOUGH: u32 = 16;

/// Words, words in small letters and pairs of capitals are asked about
/// up to this many times (`word_at_least(word, 3)` at most).
const WORD_TIMES: u32 = 3;

/// `Words::pair_count` answers up to this many (to compare the cuts of a
/// token, more says nothing more).
const PAIR_TIMES: u32 = 2;

/// The most spaces a phrase asked about may hold (a glued token split in
/// a few places: `of defence, whereas`); a longer one is never found. A
/// change is then counted over the changed words and this many whole
/// tokens either side (see `Change`).
pub const PHRASE_SPACES: usize = 3;

/// What one round of repairs changed, as words: the text around each
/// change as it was and as it is now, each counted as a file of its own.
/// Taken with enough unchanged tokens either side (`PHRASE_SPACES`), every
/// word, token, pair and phrase that the change adds or removes is in it,
/// and what is not changed counts the same in both; so the file's words
/// after the round are those before it, less the first, plus the second.
pub struct Change {
    removed: Vocabulary,
    added: Vocabulary,
}

impl Change {
    /// `stretches`: each changed stretch of text as it was, and as it is now.
    pub fn of(stretches: &[(String, String)]) -> Change {
        let (removed, added) = rayon::join(
            || Vocabulary::of_texts(stretches, |(was, _)| was),
            || Vocabulary::of_texts(stretches, |(_, now)| now),
        );
        Change { removed, added }
    }
}

/// The file's words as they stand: those counted when the rounds of word
/// repairs began, and what each round changed since.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    base: &'a Vocabulary,
    changes: &'a [Change],
}

impl<'a> Words<'a> {
    pub fn new(base: &'a Vocabulary, changes: &'a [Change]) -> Words<'a> {
        Words { base, changes }
    }

    /// `ask` of the base, less each removed text's answer, plus each added's.
    fn sum(&self, ask: impl Fn(&Vocabulary) -> u32) -> u32 {
        // (Each removed text is part of what came before it: no underflow.)
        self.changes
            .iter()
            .fold(ask(self.base), |n, c| n + ask(&c.added) - ask(&c.removed))
    }

    /// Whether the file holds `word` as a word of its own (any case) at
    /// least `times` times (at most `ENOUGH`).
    pub fn word_at_least(&self, word: &str, times: u32) -> bool {
        asked::note(Asked::Word, times, &[word]);
        self.sum(|v| v.count(word)) >= times
    }

    /// Whether the file holds `word` starting with a small letter at least
    /// `times` times (at most `ENOUGH`).
    pub fn lowercase_at_least(&self, word: &str, times: u32) -> bool {
        asked::note(Asked::LowercaseWord, times, &[word]);
        self.sum(|v| v.lowercase_count(word)) >= times
    }

    /// Whether the file writes `first second` one space apart, each
    /// starting with a capital, at least `times` times (at most `ENOUGH`).
    pub fn capital_pair_at_least(&self, first: &str, second: &str, times: u32) -> bool {
        asked::note(Asked::CapitalPair, times, &[first, second]);
        self.sum(|v| v.capital_pair_count(first, second)) >= times
    }

    /// Whether the file writes `token` whole (any case, edge punctuation
    /// aside) outside code at least `times` times (at most `ENOUGH`).
    pub fn token_at_least(&self, token: &str, times: u32) -> bool {
        asked::note(Asked::Token, times, &[token]);
        self.sum(|v| v.token_count(token)) >= times
    }

    /// How many times the file writes `first second` (any case), one space
    /// apart, up to `PAIR_TIMES`.
    pub fn pair_count(&self, first: &str, second: &str) -> u32 {
        for times in 1..=PAIR_TIMES {
            asked::note(Asked::Pair, times, &[first, second]);
        }
        self.sum(|v| v.pair_count(first, second)).min(PAIR_TIMES)
    }

    /// How many times the file writes `token` whole (any case, edge
    /// punctuation aside) outside code, up to `ENOUGH`.
    pub fn token_times(&self, token: &str) -> u32 {
        let count = self.sum(|v| v.token_count(token)).min(ENOUGH);
        note_count(Asked::Token, count, &[token]);
        count
    }

    /// How many times the file writes `phrase` (any case) as words of their
    /// own, up to `ENOUGH`.
    pub fn phrase_times(&self, phrase: &str) -> u32 {
        let count = self.sum(|v| v.phrase_count(phrase) as u32).min(ENOUGH);
        match pair_of(phrase) {
            Some((first, second)) => note_count(Asked::Pair, count, &[first, second]),
            None => note_count(Asked::Phrase, count, &[phrase]),
        }
        count
    }

    /// Whether the file writes `phrase` (any case) as words of their own at
    /// least `times` times (at most `ENOUGH`).
    pub fn phrase_at_least(&self, phrase: &str, times: u32) -> bool {
        match pair_of(phrase) {
            Some((first, second)) => asked::note(Asked::Pair, times, &[first, second]),
            None => asked::note(Asked::Phrase, times, &[phrase]),
        }
        self.sum(|v| v.phrase_count(phrase) as u32) >= times
    }

    /// Whether the file writes `phrase` (any case) as words of their own.
    pub fn has_phrase(&self, phrase: &str) -> bool {
        self.phrase_at_least(phrase, 1)
    }

    /// Whether the file's code spans or link addresses hold `token` (any
    /// case). (Code is never repaired: the base knows it.)
    pub fn in_code(&self, token: &str) -> bool {
        self.base.in_code(token)
    }

    /// Whether the file shows code at all (a technical text, where
    /// `HashSet` or `WebAssembly` is a name, not two words).
    pub fn has_code(&self) -> bool {
        self.base.code_spans || self.sum(|v| v.code_marks) > 0
    }

    /// Whether the file writes an en dash with a space either side somewhere.
    pub fn spaces_en_dashes(&self) -> bool {
        self.sum(|v| v.spaced_en_dashes) > 0
    }
}

/// Notes that a verdict asked how many times `parts` are there and got
/// `count`: a change of the count crosses "at least `count`" or "at least
/// `count + 1`" (see `moved_keys`), so those two say when to ask again.
fn note_count(asked: Asked, count: u32, parts: &[&str]) {
    for times in count.max(1)..=(count + 1).min(ENOUGH) {
        asked::note(asked, times, parts);
    }
}

/// A set of `asked::key`s.
pub type Keys = HashSet<u64, BuildHasherDefault<WordHasher>>;

/// The words, tokens, pairs and phrases whose answers (up to `ENOUGH`)
/// the last change of `words` moved, as `asked::key`s; `None` when the
/// file's code or spaced dashes came or went (what every verdict asks).
pub fn moved_keys(words: Words) -> Option<Keys> {
    let (last, earlier) = words.changes.split_last()?;
    let before = Words::new(words.base, earlier);
    if before.has_code() != words.has_code()
        || before.spaces_en_dashes() != words.spaces_en_dashes()
    {
        return None;
    }
    let mut keys = HashSet::default();
    // What `ask` answered before the last change and after it; only a key
    // the change added or took away (most of a stretch is the same on both
    // sides) is looked up in the rest.
    let mut moved = |asked: Asked, key: &[&str], ask: &dyn Fn(&Vocabulary) -> u32| {
        let (removed, added) = (ask(&last.removed), ask(&last.added));
        if removed == added {
            return;
        }
        let a = before.sum(ask);
        let b = a + added - removed;
        // (An answer "at least `times`" moves for the counts in between;
        // only tokens and phrases are asked their counts.)
        let most = match asked {
            Asked::Token | Asked::Pair | Asked::Phrase => ENOUGH,
            _ => WORD_TIMES,
        };
        for times in a.min(b) + 1..=a.max(b).min(most) {
            keys.insert(asked::key(asked, times, key));
        }
    };
    for vocabulary in [&last.removed, &last.added] {
        let mut by_id = vec![""; vocabulary.words.len()];
        for (word, &(id, _)) in &vocabulary.words {
            by_id[id as usize] = word;
            moved(Asked::Word, &[word], &|v| v.count(word));
            moved(Asked::LowercaseWord, &[word], &|v| v.lowercase_count(word));
        }
        for token in vocabulary.tokens.keys() {
            moved(Asked::Token, &[token], &|v| v.token_count(token));
        }
        for &pair in vocabulary.pairs.keys() {
            let (first, second) = (by_id[(pair >> 32) as usize], by_id[pair as u32 as usize]);
            moved(Asked::Pair, &[first, second], &|v| {
                v.pair_count(first, second)
            });
        }
        for &pair in vocabulary.capital_pairs.keys() {
            let (first, second) = (by_id[(pair >> 32) as usize], by_id[pair as u32 as usize]);
            moved(Asked::CapitalPair, &[first, second], &|v| {
                v.capital_pair_count(first, second)
            });
        }
    }
    // Phrases with marks are asked of the base (and kept there) whatever
    // the changes: every one asked so far is there.
    let asked: Vec<String> = words
        .base
        .phrases
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .keys()
        .cloned()
        .collect();
    for phrase in &asked {
        moved(Asked::Phrase, &[phrase], &|v| v.phrase_count(phrase) as u32);
    }
    Some(keys)
}

/// What the word repairs asked of the file's words, noted as they ask, so
/// that a later round knows which verdicts a change can move. Each thread
/// notes on its own: a verdict is worked out on one thread.
pub mod asked {
    use std::cell::RefCell;

    /// What is asked: each its own kind of key. (A verdict on a token is
    /// asked of the glue repairs, and depends on what they asked.)
    #[derive(Clone, Copy)]
    pub enum Asked {
        Word,
        Token,
        Pair,
        Phrase,
        Verdict,
        LowercaseWord,
        CapitalPair,
    }

    thread_local! {
        static NOTED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
    }

    /// A word, token, pair or phrase asked about, and how many times it
    /// must be there (or a verdict, and where), as a number: the kind, the
    /// times, and its letters and digits, lowercase (`Copyright holder`
    /// and `copyright, holder` are one phrase: a verdict that asked about
    /// either is looked at again).
    pub fn key(asked: Asked, times: u32, parts: &[&str]) -> u64 {
        // FNV-1a, a character at a time, so parts run on into each other.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ (asked as u64) << 8 ^ u64::from(times);
        let mut add = |c: char| {
            let mut bytes = [0; 4];
            for &b in c.encode_utf8(&mut bytes).as_bytes() {
                hash = (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        };
        for part in parts {
            if part.is_ascii() {
                for b in part.bytes().filter(u8::is_ascii_alphanumeric) {
                    add(char::from(b.to_ascii_lowercase()));
                }
                continue;
            }
            // (A final sigma is a sigma: case folding a whole word makes it one.)
            for c in part.chars().flat_map(char::to_lowercase) {
                if c.is_alphanumeric() {
                    add(if c == '\u{3c2}' { '\u{3c3}' } else { c });
                }
            }
        }
        hash
    }

    /// Notes that a verdict asked about `parts` (run on into one key).
    pub fn note(asked: Asked, times: u32, parts: &[&str]) {
        let key = key(asked, times, parts);
        NOTED.with(|noted| noted.borrow_mut().push(key));
    }

    /// Where the notes stand now.
    pub fn mark() -> usize {
        NOTED.with(|noted| noted.borrow().len())
    }

    /// The keys noted since `mark`, no longer noted.
    pub fn take_since(mark: usize) -> Vec<u64> {
        let mut keys = Vec::new();
        move_since(mark, &mut keys);
        keys
    }

    /// Moves the keys noted since `mark` to the end of `keys`.
    pub fn move_since(mark: usize, keys: &mut Vec<u64>) {
        NOTED.with(|noted| {
            let mut noted = noted.borrow_mut();
            let mark = mark.min(noted.len());
            keys.extend_from_slice(&noted[mark..]);
            noted.truncate(mark);
        })
    }

    /// Notes again what a verdict kept for reuse asked.
    pub fn again(keys: &[u64]) {
        NOTED.with(|noted| noted.borrow_mut().extend_from_slice(keys));
    }
}

/// Where each word of `text` starts and ends: runs of letters, with
/// apostrophes inside (`world’s`). ASCII text, most of it, is walked by
/// bytes (a letter there is an ASCII letter, and `’` is not there).
fn word_spans(text: &str) -> Box<dyn Iterator<Item = (usize, usize)> + '_> {
    if text.is_ascii() {
        let bytes = text.as_bytes();
        let mut at = 0;
        return Box::new(std::iter::from_fn(move || {
            while at < bytes.len() && !bytes[at].is_ascii_alphabetic() {
                at += 1;
            }
            if at == bytes.len() {
                return None;
            }
            let from = at;
            while at < bytes.len()
                && (bytes[at].is_ascii_alphabetic()
                    || bytes[at] == b'\'' && bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic))
            {
                at += 1;
            }
            Some((from, at))
        }));
    }
    let mut chars = text.char_indices().peekable();
    Box::new(std::iter::from_fn(move || {
        let mut word_start = None;
        while let Some((at, c)) = chars.next() {
            if c.is_alphabetic() {
                word_start.get_or_insert(at);
                continue;
            }
            // An apostrophe between letters is part of the word.
            let inside = matches!(c, '\'' | '\u{2019}')
                && word_start.is_some()
                && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic());
            if inside {
                continue;
            }
            if let Some(from) = word_start {
                return Some((from, at));
            }
        }
        word_start.map(|from| (from, text.len()))
    }))
}

/// Whether each word of `text` (as `Vocabulary::add_text` finds them: runs
/// of letters, apostrophes inside) starts with a capital.
fn capitalised_words(text: &str) -> Vec<bool> {
    let mut capitals = Vec::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() {
            if !in_word {
                capitals.push(c.is_uppercase());
            }
            in_word = true;
            continue;
        }
        let inside = matches!(c, '\'' | '\u{2019}')
            && in_word
            && chars.peek().is_some_and(|n| n.is_alphabetic());
        if !inside {
            in_word = false;
        }
    }
    capitals
}

/// A phrase of two words (letters, apostrophes inside), as its two words.
/// The numbers in both `a` and `b`, each in order.
fn in_both(a: &[usize], b: &[usize]) -> Vec<usize> {
    let (mut i, mut j) = (0, 0);
    let mut both = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    both
}

fn pair_of(phrase: &str) -> Option<(&str, &str)> {
    let word_like = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '\u{2019}')
    };
    phrase
        .split_once(' ')
        .filter(|&(first, second)| word_like(first) && word_like(second))
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
        v.pack_starts();
        assert_eq!(v.count("world's"), 2);
        assert_eq!(v.count("THE"), 2);
        assert_eq!(v.count("however"), 1);
        assert_eq!(v.count("dcaf"), 1);
        assert_eq!(v.count("led"), 1);
        assert_eq!(v.count("trafficking.however"), 0);
        assert_eq!(v.phrase_count("The World's"), 2);
        assert_eq!(v.phrase_count("the world\u{2019}s"), 2);
        assert_eq!(v.phrase_count("the world"), 0);
        assert_eq!(v.phrase_count("he world's"), 0);
        assert_eq!(v.phrase_count("dcaf-led; the"), 1);
        assert_eq!(v.phrase_count("however, dcaf"), 1);
        assert_eq!(v.phrase_count("trafficking however"), 0);
        let mut v = Vocabulary::default();
        v.add_text("Base64 and (base64), tiny-skia");
        assert_eq!(v.token_count("base64."), 2);
        assert_eq!(v.token_count("tiny-skia"), 1);
        v.add_code("cargo add anstyle::Style");
        assert!(v.in_code("anstyle") && v.in_code("Style") && !v.in_code("base64"));
    }

    #[test]
    fn counts_words_in_small_letters_and_pairs_of_capitals() {
        let mut v = Vocabulary::default();
        v.add_text("Rust has a thread pool. The Thread Pool of Rust; rust-lang");
        assert_eq!((v.count("rust"), v.lowercase_count("rust")), (3, 1));
        assert_eq!(v.lowercase_count("Has"), 1);
        assert_eq!(v.pair_count("thread", "pool"), 2);
        assert_eq!(v.capital_pair_count("thread", "pool"), 1);
        assert_eq!(v.capital_pair_count("the", "thread"), 1);
        assert_eq!(v.capital_pair_count("pool", "of"), 0);
        // Beyond ASCII, each word's own first letter.
        let mut v = Vocabulary::default();
        v.add_text("Études Générales and the world’s Économie générale");
        assert_eq!(v.capital_pair_count("études", "générales"), 1);
        assert_eq!(v.capital_pair_count("économie", "générale"), 0);
        assert_eq!(v.lowercase_count("world's"), 1);
        assert_eq!(v.lowercase_count("générale"), 1);
        assert_eq!(v.lowercase_count("économie"), 0);
    }

    #[test]
    fn a_collection_title_copied_from_the_first_entry_counts_once() {
        use crate::model::Publication;
        let entry = |title: &str, series: Option<&str>| Publication {
            title: title.into(),
            series: series.map(Into::into),
            ..Publication::default()
        };
        let count = |title: &str, first: Publication, word: &str| {
            let mut collection = Collection {
                title: title.into(),
                publications: vec![first],
                ..Collection::default()
            };
            Vocabulary::of(&mut collection).count(word)
        };
        // A one-entry listing's title, copied as the collection's title.
        let first = entry("Sof tware for rivers", None);
        assert_eq!(count("Sof tware for rivers", first, "tware"), 1);
        // A series line, copied too.
        let first = entry("Rivers", Some("Field notes"));
        assert_eq!(count("Field notes", first, "notes"), 1);
        // A title of the collection's own is the file's words.
        let first = entry("Sof tware for rivers", None);
        assert_eq!(count("Rivers of the world", first, "rivers"), 2);
    }

    #[test]
    fn counting_in_parts_gives_the_counts_and_numbers_of_one_pass() {
        use crate::model::{Block, Inline, Publication};
        // Enough publications for several parts, with words that come back
        // across parts, capitals, apostrophes, code and en dashes.
        let words = [
            "world’s",
            "Rust",
            "thread",
            "pool",
            "DCAF",
            "états",
            "base64",
            "new()",
        ];
        let publications: Vec<Publication> = (0..3 * PART + 7)
            .map(|n| {
                // A new word every 40 publications: some first met in a later part.
                let coined = format!(
                    "{}ing",
                    char::from(b'a' + (n / 40 % 26) as u8).to_string().repeat(2)
                );
                let text = format!(
                    "{} {} – {} Pool {n} the {} {coined}",
                    words[n % words.len()],
                    words[(n * 7) % words.len()],
                    words[(n / 3) % words.len()],
                    "x".repeat(n % 5),
                );
                let inlines = vec![
                    Inline::text(text),
                    Inline::Code {
                        text: format!("cargo add item{}", n % 11),
                    },
                ];
                Publication {
                    title: format!("Title {} of {}", n % 13, words[n % 3]),
                    summary: vec![Block::Paragraph {
                        inlines,
                        line: n + 1,
                        from_html: false,
                    }],
                    ..Publication::default()
                }
            })
            .collect();
        let mut collection = Collection {
            title: "The World’s Listing".into(),
            publications,
            ..Collection::default()
        };
        let parts = Vocabulary::of(&mut collection);
        let mut one = Vocabulary::default();
        places::for_each_in_head(&mut collection, &mut |spot: Spot| one.add_text(spot.text));
        for publication in &mut collection.publications {
            places::for_each_in_publication(publication, &mut |spot: Spot| one.add_text(spot.text));
        }
        for block in collection.publications.iter().flat_map(|p| &p.summary) {
            one.add_code_of_block(block);
        }
        assert!(one.words.len() > 20);
        assert_eq!(parts.text, one.text);
        assert_eq!(parts.words, one.words);
        assert_eq!(parts.lowercase, one.lowercase);
        one.pack_starts();
        assert_eq!(parts.packed_starts.bytes, one.packed_starts.bytes);
        assert_eq!(parts.packed_starts.ends, one.packed_starts.ends);
        assert_eq!(parts.pairs, one.pairs);
        assert_eq!(parts.capital_pairs, one.capital_pairs);
        assert_eq!(parts.apostrophe_words, one.apostrophe_words);
        assert_eq!(parts.tokens, one.tokens);
        assert_eq!(parts.code, one.code);
        assert_eq!(
            (parts.code_spans, parts.code_marks, parts.spaced_en_dashes),
            (one.code_spans, one.code_marks, one.spaced_en_dashes)
        );
        assert!(one.code_marks > 0 && one.spaced_en_dashes > 0);
    }
}
