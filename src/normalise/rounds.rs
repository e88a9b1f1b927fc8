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

/// What the rounds keep about one piece of text: what its verdicts asked
/// (the runs where its text is now), and where the last round changed it.
#[derive(Default)]
struct Piece {
    asked: Judged,
    changed: Vec<Range<usize>>,
}

/// Runs the word repairs over the collection until a round changes nothing
/// (at most `ROUNDS`), and returns their log.
pub fn repair_words_in_rounds(collection: &mut Collection, lexicon: &Lexicon) -> Vec<Repair> {
    // (The head holds names only: word repairs leave names alone.)
    let base = Vocabulary::of(collection);
    let mut pieces: Vec<Vec<Piece>> = Vec::new();
    pieces.resize_with(collection.publications.len(), Vec::new);
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
            .zip(pieces.par_iter_mut())
            .map(|(publication, kept)| {
                let mut log = Vec::new();
                let mut stretches = Vec::new();
                let mut place = 0;
                places::for_each_in_publication(publication, &mut |mut spot| {
                    if kept.len() <= place {
                        kept.push(Piece::default());
                    }
                    let piece = &mut kept[place];
                    place += 1;
                    let near = match &moved {
                        None => {
                            piece.changed.clear();
                            None
                        }
                        Some(keys) => {
                            let mut near = std::mem::take(&mut piece.changed);
                            near.extend(asked_about(&piece.asked, keys));
                            if near.is_empty() {
                                return;
                            }
                            Some(near)
                        }
                    };
                    let mut judged = Judged::default();
                    let was =
                        repair_words(&mut spot, &evidence, near.as_deref(), &mut judged, &mut log);
                    let edits = std::mem::take(&mut judged.edits);
                    if near.is_none() {
                        piece.asked = judged;
                    } else {
                        let offset = piece.asked.keys.len();
                        piece.asked.keys.extend(judged.keys);
                        let runs = judged.runs.into_iter().map(|(end, r)| (offset + end, r));
                        piece.asked.runs.extend(runs);
                    }
                    if let Some(was) = was {
                        for (_, run) in &mut piece.asked.runs {
                            *run = moved_range(run.clone(), &edits);
                        }
                        piece.changed = edits.iter().map(|(_, now)| now.clone()).collect();
                        stretches.extend(around(&was, spot.text, &edits));
                    }
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
        moved = moved_keys(Words::new(&base, &changes));
    }
    log
}

/// Where the runs of `asked` that asked about one of `keys` are in the text.
fn asked_about<'a>(asked: &'a Judged, keys: &'a Keys) -> impl Iterator<Item = Range<usize>> + 'a {
    let mut from = 0;
    asked.runs.iter().filter_map(move |(end, run)| {
        let hit = asked.keys[from..*end].iter().any(|key| keys.contains(key));
        from = *end;
        hit.then(|| run.clone())
    })
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
