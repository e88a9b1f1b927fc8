//! Word repairs in rounds. A repair is evidence for the next (splitting
//! `acopyright holder` makes `copyright holder` written apart twice, which
//! then splits `copyrightholder`), so the words are weighed again until a
//! round changes nothing, and repairing the result changes nothing.
//!
//! A later round gives the same verdicts as judging everything afresh, at a
//! small part of the cost. The file's words are not counted again: the
//! counts before the rounds, less the changed stretches as they were, plus
//! as they are (`vocabulary::Change`). Only tokens whose verdict the last
//! round can have moved are judged again: those next to its changes, and
//! those whose verdicts asked about a word, token, pair or phrase whose
//! count the changes moved across what the repairs ask (once? twice?), or
//! about a verdict on another token that came out different. A token's
//! verdict looks only at it and its neighbours, and what it asks of the
//! file's words is noted as it asks (`vocabulary::asked`), so every other
//! token would be judged as before.

use std::ops::Range;

use rayon::prelude::*;

use super::glued_words::Evidence;
use super::places;
use super::vocabulary::{moved_keys, Change, Keys, Vocabulary, Words, PHRASE_SPACES};
use super::{repair_words, Lexicon, Repair};
use crate::model::Collection;

/// At most this many rounds; a round after the first finds little, and
/// nothing in almost every file.
const ROUNDS: usize = 3;

/// What judging one piece of text tells the next round.
#[derive(Default)]
pub struct Judged {
    /// What verdicts asked of the file's words (`vocabulary::asked`), run
    /// after run of tokens.
    pub keys: Vec<u64>,
    /// Each run of tokens whose verdict asked: where its keys end in
    /// `keys`, and where it is in the text.
    pub runs: Vec<(usize, Range<usize>)>,
    /// Each change: where it was in the text before, and is in the text now.
    pub edits: Vec<(Range<usize>, Range<usize>)>,
}

/// A run of tokens whose verdicts asked about the file's words: where its
/// keys end in `Kept::keys`, and where it is in its piece's text now.
/// (Offsets in one paragraph or title fit 32 bits, as the vocabulary's do.)
#[derive(Clone, Copy)]
struct Run {
    keys_end: u32,
    start: u32,
    end: u32,
}

/// What the rounds keep about one publication's pieces of text, piece by
/// piece: what their verdicts asked (the runs where each text is now), and
/// where the last round changed them. Flat arrays, not a few small ones per
/// piece: a long listing has hundreds of thousands of pieces.
#[derive(Default)]
struct Kept {
    /// Where each piece's runs end in `runs`.
    piece_ends: Vec<u32>,
    runs: Vec<Run>,
    keys: Vec<u64>,
    /// The last round's changes: the piece, and where the change is now.
    changed: Vec<(u32, Range<u32>)>,
}

impl Kept {
    /// The runs of piece `piece` (none when it has none kept), each with
    /// the keys it asked.
    fn runs_of(&self, piece: usize) -> impl Iterator<Item = (&[u64], Range<usize>)> + '_ {
        let first = match piece {
            0 => 0,
            _ => self
                .piece_ends
                .get(piece - 1)
                .map_or(0, |&end| end as usize),
        };
        let end = self
            .piece_ends
            .get(piece)
            .map_or(first, |&end| end as usize);
        (first..end).map(move |k| {
            let keys_from = match k {
                0 => 0,
                _ => self.runs[k - 1].keys_end as usize,
            };
            let run = self.runs[k];
            let keys = &self.keys[keys_from..run.keys_end as usize];
            (keys, run.start as usize..run.end as usize)
        })
    }

    /// Adds a run of the piece being filled in.
    fn push_run(&mut self, keys: &[u64], range: Range<usize>) {
        self.keys.extend_from_slice(keys);
        self.runs.push(Run {
            keys_end: self.keys.len() as u32,
            start: range.start as u32,
            end: range.end as u32,
        });
    }

    /// Ends the piece being filled in; the next run starts the next piece.
    fn end_piece(&mut self) {
        self.piece_ends.push(self.runs.len() as u32);
    }

    /// The runs of the piece being filled in, to move with its edits.
    fn last_piece_runs(&mut self) -> &mut [Run] {
        let first = self.piece_ends.last().map_or(0, |&end| end as usize);
        &mut self.runs[first..]
    }
}

/// Runs the word repairs over the collection until a round changes nothing
/// (at most `ROUNDS`), and returns their log.
pub fn repair_words_in_rounds(collection: &mut Collection, lexicon: &Lexicon) -> Vec<Repair> {
    // (The head holds names only: word repairs leave names alone.)
    let base = Vocabulary::of(collection);
    let mut kept: Vec<Kept> = Vec::new();
    kept.resize_with(collection.publications.len(), Kept::default);
    let mut changes: Vec<Change> = Vec::new();
    // `None`: judge every token (a first round, or one after a change
    // that moved what every verdict asks). Otherwise the moved keys.
    let mut moved: Option<Keys> = None;
    let mut verdicts = None;
    let mut log = Vec::new();
    for round in 1..=ROUNDS {
        let words = Words::new(&base, &changes);
        let evidence = match (verdicts.take(), moved.as_mut()) {
            (Some(verdicts), Some(moved)) => {
                let evidence = Evidence::with_verdicts(lexicon, words, verdicts);
                evidence.carry_over(moved);
                evidence
            }
            _ => Evidence::new(lexicon, words),
        };
        let results: Vec<(Vec<Repair>, Vec<(String, String)>)> = collection
            .publications
            .par_iter_mut()
            .zip(kept.par_iter_mut())
            .map(|(publication, kept)| {
                // What the last round kept, read piece by piece as this
                // round fills in what it keeps.
                let last = std::mem::take(kept);
                let mut last_changed = last.changed.iter().peekable();
                let mut log = Vec::new();
                let mut stretches = Vec::new();
                let mut piece = 0;
                places::for_each_in_publication(publication, &mut |mut spot| {
                    let changed = std::iter::from_fn(|| {
                        last_changed
                            .next_if(|(p, _)| *p as usize == piece)
                            .map(|(_, r)| r.start as usize..r.end as usize)
                    });
                    let near = match &moved {
                        None => None,
                        Some(keys) => {
                            let mut near: Vec<Range<usize>> = changed.collect();
                            near.extend(last.runs_of(piece).filter_map(|(asked, run)| {
                                asked.iter().any(|key| keys.contains(key)).then_some(run)
                            }));
                            Some(near)
                        }
                    };
                    // The runs kept from earlier rounds (when not all is judged again).
                    if near.is_some() {
                        for (asked, run) in last.runs_of(piece) {
                            kept.push_run(asked, run);
                        }
                    }
                    if near.as_ref().is_none_or(|near| !near.is_empty()) {
                        let mut judged = Judged::default();
                        let was = repair_words(
                            &mut spot,
                            &evidence,
                            near.as_deref(),
                            &mut judged,
                            &mut log,
                        );
                        let mut from = 0;
                        for (end, run) in judged.runs {
                            kept.push_run(&judged.keys[from..end], run);
                            from = end;
                        }
                        if let Some(was) = was {
                            let edits = &judged.edits;
                            for run in kept.last_piece_runs() {
                                let now = moved_range(run.start as usize..run.end as usize, edits);
                                (run.start, run.end) = (now.start as u32, now.end as u32);
                            }
                            for (_, now) in edits {
                                let now = now.start as u32..now.end as u32;
                                kept.changed.push((piece as u32, now));
                            }
                            stretches.extend(around(&was, spot.text, edits));
                        }
                    }
                    kept.end_piece();
                    piece += 1;
                });
                (log, stretches)
            })
            .collect();
        let mut stretches = Vec::new();
        for (round_log, round_stretches) in results {
            log.extend(round_log);
            stretches.extend(round_stretches);
        }
        if stretches.is_empty() || round == ROUNDS {
            break;
        }
        verdicts = Some(evidence.into_verdicts());
        changes.push(Change::of(&stretches));
        // (Counted now: not held while the moved keys are worked out.)
        drop(stretches);
        moved = moved_keys(Words::new(&base, &changes));
    }
    log
}

/// `range` of a text before `edits`, in the text after them; an end inside
/// an edit goes to its end, a start inside one to its start.
fn moved_range(range: Range<usize>, edits: &[(Range<usize>, Range<usize>)]) -> Range<usize> {
    let place = |at: usize, is_end: bool| {
        let mut shift: isize = 0;
        for (before, after) in edits {
            if at < before.start || (!is_end && at == before.start) {
                break;
            }
            if at < before.end || (is_end && at == before.end) {
                return if is_end { after.end } else { after.start };
            }
            shift += after.len() as isize - before.len() as isize;
        }
        at.saturating_add_signed(shift)
    };
    place(range.start, false)..place(range.end, true)
}

/// The stretches of a changed text around its `edits`, as it was and as it
/// is: whole tokens, with `PHRASE_SPACES` more either side (all a phrase
/// through a change can reach); stretches that meet are joined. Between
/// edits the two texts are the same, so both sides cover the same tokens.
fn around(was: &str, now: &str, edits: &[(Range<usize>, Range<usize>)]) -> Vec<(String, String)> {
    let mut stretches: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (before, after) in edits {
        let before = widen(was, before.clone(), PHRASE_SPACES);
        let after = widen(now, after.clone(), PHRASE_SPACES);
        match stretches.last_mut() {
            Some((b, a)) if before.start <= b.end => {
                b.end = before.end;
                a.end = after.end;
            }
            _ => stretches.push((before, after)),
        }
    }
    stretches
        .into_iter()
        .map(|(b, a)| (was[b].to_string(), now[a].to_string()))
        .collect()
}

/// `range` (whole tokens of `text`) with `tokens` more tokens either side.
pub fn widen(text: &str, range: Range<usize>, tokens: usize) -> Range<usize> {
    let (mut start, mut end) = (range.start, range.end);
    for _ in 0..tokens {
        let token_end = text[..start].trim_end().len();
        start = text[..token_end]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(at, c)| at + c.len_utf8());
        let token_start = text.len() - text[end..].trim_start().len();
        end = text[token_start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |at| token_start + at);
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Publication};

    fn collection(paragraphs: &[&str]) -> Collection {
        let summary = paragraphs
            .iter()
            .enumerate()
            .map(|(line, text)| Block::paragraph(*text, line + 1))
            .collect();
        Collection {
            publications: vec![Publication {
                title: "Notes".into(),
                summary,
                ..Publication::default()
            }],
            ..Collection::default()
        }
    }

    #[test]
    fn later_rounds_repair_what_earlier_repairs_show_and_then_nothing() {
        // Splitting `acopyright holder` makes `copyright holder` written
        // apart twice, which splits `copyrightholder` in a second round,
        // in another paragraph, through the changed counts alone.
        let lexicon = Lexicon::load(&[]).unwrap();
        let mut c = collection(&[
            "Each copyright holder signs, and acopyright holder may sign twice.",
            "Then every copyrightholder keeps the notices.",
        ]);
        let log = repair_words_in_rounds(&mut c, &lexicon);
        let text: Vec<String> = c.publications[0]
            .summary
            .iter()
            .map(|b| match b {
                Block::Paragraph { inlines, .. } => format!("{inlines:?}"),
                _ => String::new(),
            })
            .collect();
        assert!(text[0].contains("a copyright holder may"), "{text:?}");
        assert!(text[1].contains("every copyright holder keeps"), "{text:?}");
        assert_eq!(log.len(), 2);
        // A fresh start on the result changes nothing.
        assert!(repair_words_in_rounds(&mut c, &lexicon).is_empty());
    }

    #[test]
    fn ranges_move_with_the_edits_before_them() {
        // `ofthe` (4..9) became `of the` (4..10); `popu lation` (12..23)
        // became `population` (13..23).
        let edits = [(4..9, 4..10), (12..23, 13..23)];
        assert_eq!(moved_range(0..3, &edits), 0..3);
        assert_eq!(moved_range(4..9, &edits), 4..10);
        assert_eq!(moved_range(6..11, &edits), 4..12);
        assert_eq!(moved_range(10..11, &edits), 11..12);
        assert_eq!(moved_range(24..30, &edits), 24..30);
        assert_eq!(moved_range(10..14, &edits), 11..23);
    }

    #[test]
    fn widens_by_whole_tokens() {
        let text = "one two  thr\u{2003}four five";
        // `thr` is at 9..12.
        assert_eq!(&text[widen(text, 9..12, 1)], "two  thr\u{2003}four");
        assert_eq!(&text[widen(text, 9..12, 9)], text);
        assert_eq!(&text[widen(text, 0..3, 0)], "one");
    }

    #[test]
    fn stretches_around_edits_cover_the_same_tokens() {
        let was = "a b c d ofthe e f g h i j k l m n o p q r s t u v w x y z ahuman";
        let now = "a b c d of the e f g h i j k l m n o p q r s t u v w x y z a human";
        let edits = [(8..13, 8..14), (58..64, 59..66)];
        let got = around(was, now, &edits);
        assert_eq!(PHRASE_SPACES, 3);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "b c d ofthe e f g");
        assert_eq!(got[0].1, "b c d of the e f g");
        assert_eq!(got[1].0, "x y z ahuman");
        assert_eq!(got[1].1, "x y z a human");
        // Stretches that meet are one.
        let was = "ofthe b ahuman";
        let now = "of the b a human";
        let got = around(was, now, &[(0..5, 0..6), (8..14, 9..16)]);
        assert_eq!(got, vec![(was.to_string(), now.to_string())]);
    }
}
