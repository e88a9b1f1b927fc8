//! The normaliser: repairs the damage that copying and scraping did to the
//! text, between the readers and the model. Every change is logged.
//!
//! Precision comes first: a repair that damages clean text is worse than a
//! missed one. Each source file is repaired on its own evidence (see
//! `vocabulary`), so its output never depends on the other sources.

mod boilerplate;
pub mod encoding;
mod glued_words;
mod lexicon;
mod places;
mod repeats;
mod rounds;
mod spacing;
mod split_words;
mod vocabulary;

use serde::Serialize;

use std::ops::Range;

use rayon::prelude::*;

use crate::model::{Collection, Publication};

pub use lexicon::Lexicon;

use glued_words::{Evidence, Position};
use places::{Field, Spot};
use rounds::Judged;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepairKind {
    Encoding,
    Spacing,
    GluedWords,
    SplitWord,
    RepeatedEntry,
    Boilerplate,
}

/// One change made to the text: what, where, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repair {
    pub kind: RepairKind,
    pub before: String,
    pub after: String,
    pub file: String,
    pub line: usize,
    pub why: String,
}

/// Repairs a collection in place and returns the log of what changed.
pub fn repair(collection: &mut Collection, lexicon: &Lexicon) -> Vec<Repair> {
    let mut log = Vec::new();
    places::for_each_in_head(collection, &mut |spot| clean_spacing(spot, &mut log));
    log.extend(for_each_piece(collection, |publication, log| {
        places::for_each_in_publication(publication, &mut |spot| clean_spacing(spot, log));
    }));
    log.extend(for_each_piece(collection, boilerplate::repair));
    let mut dropped = repeats::drop_repeated(collection, &mut log);
    // What was repaired in a dropped copy is not news: its first copy says
    // it. Copies sorted by first line, with the furthest last line so far,
    // answer "inside a dropped copy?" by a binary search.
    dropped.sort_unstable();
    let mut furthest = 0;
    let reach: Vec<usize> = dropped
        .iter()
        .map(|&(_, last)| {
            furthest = furthest.max(last);
            furthest
        })
        .collect();
    log.retain(|r| {
        let starting_before = dropped.partition_point(|&(first, _)| first <= r.line);
        r.kind == RepairKind::RepeatedEntry
            || starting_before == 0
            || reach[starting_before - 1] < r.line
    });
    log.extend(rounds::repair_words_in_rounds(collection, lexicon));
    // Repaired words can make a dead-link sentence of a glued one (`a
    // note.Read more here.`), or an entry the same as another: the rules
    // look again, or a second repair would take them out. What they take
    // out changes the file's words, which the word repairs weigh
    // (`over100,000` written twice is kept; a form written thrice is the
    // file's own), so those run again too, until nothing goes: a second
    // repair must find nothing to do. (Each time round takes a sentence or
    // an entry out: the loop ends.)
    loop {
        let mut taken_out = for_each_piece(collection, boilerplate::repair);
        let repeated = repeats::drop_repeated(collection, &mut taken_out);
        if taken_out.is_empty() && repeated.is_empty() {
            break;
        }
        log.extend(taken_out);
        log.extend(rounds::repair_words_in_rounds(collection, lexicon));
    }
    log.sort_by_key(|r| r.line);
    log
}

/// Runs `repair` on every publication, on all cores (a 20,000-entry listing
/// is one source), and joins their logs in publication order, so the log
/// is the same however many threads ran.
fn for_each_piece(
    collection: &mut Collection,
    repair: impl Fn(&mut Publication, &mut Vec<Repair>) + Sync,
) -> Vec<Repair> {
    let logs: Vec<Vec<Repair>> = collection
        .publications
        .par_iter_mut()
        .map(|publication| {
            let mut log = Vec::new();
            repair(publication, &mut log);
            log
        })
        .collect();
    logs.into_iter().flatten().collect()
}

/// Spacing and stray characters, logged once per kind per piece of text.
fn clean_spacing(spot: Spot, log: &mut Vec<Repair>) {
    let Some(cleaned) = spacing::clean(spot.text, !spot.joined_before, !spot.joined_after) else {
        return;
    };
    let before = spacing::visible_excerpt(spot.text);
    let mut entry = |kind, why: String| {
        log.push(Repair {
            kind,
            before: before.clone(),
            after: String::new(),
            file: spot.file.to_string(),
            line: spot.line,
            why,
        })
    };
    if cleaned.recoded > 0 {
        entry(
            RepairKind::Encoding,
            format!(
                "{} Windows-1252 punctuation mark(s) stored as control characters, restored",
                cleaned.recoded
            ),
        );
    }
    if !cleaned.spacing.is_empty() {
        let what: Vec<String> = cleaned
            .spacing
            .iter()
            .map(|(what, n)| format!("{what} ×{n}"))
            .collect();
        entry(RepairKind::Spacing, format!("cleaned: {}", what.join(", ")));
    }
    *spot.text = cleaned.text;
}

/// Split words joined, then glued words split, token by token; returns
/// the text as it was when it changed. With `near`, only the tokens next to
/// those ranges of the text are judged (the rest was judged before, on the
/// same evidence). `judged` gets what the next round needs to know.
fn repair_words(
    spot: &mut Spot,
    evidence: &Evidence,
    near: Option<&[Range<usize>]>,
    judged: &mut Judged,
    log: &mut Vec<Repair>,
) -> Option<String> {
    if spot.field == Field::Name || !spot.text.contains(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    // With `near`, only the stretch around it (and two tokens more either
    // side, for the verdicts' neighbours) need be looked at.
    let (from, to) = match near {
        Some(ranges) if !ranges.is_empty() => {
            let first = ranges.iter().map(|r| r.start).min().unwrap_or(0);
            let last = ranges.iter().map(|r| r.end).max().unwrap_or(0);
            let stretch = rounds::widen(spot.text, first..last, 2);
            (stretch.start, stretch.end)
        }
        _ => (0, spot.text.len()),
    };
    let text = &spot.text[from..to];
    let (joined_before, joined_after) = (
        from == 0 && spot.joined_before,
        to == spot.text.len() && spot.joined_after,
    );
    // Tokens and the whitespace before each.
    let mut tokens: Vec<(&str, &str)> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let gap_len = rest.len() - rest.trim_start().len();
        let (gap, after) = rest.split_at(gap_len);
        let token_len = after.find(char::is_whitespace).unwrap_or(after.len());
        let (token, tail) = after.split_at(token_len);
        tokens.push((gap, token));
        rest = tail;
    }
    let count = tokens.len();
    let start_of = |i: usize| tokens[i].1.as_ptr() as usize - text.as_ptr() as usize;
    // A token's verdict looks at its neighbours: those next to a range too.
    let judge: Vec<bool> = match near {
        None => vec![true; count],
        Some(ranges) => {
            let mut ranges = ranges.to_vec();
            ranges.sort_unstable_by_key(|r| r.start);
            // The ranges ending before the token are behind it for good.
            let mut reach = 0;
            let mut next = ranges.iter().peekable();
            let touched: Vec<bool> = (0..count)
                .map(|i| {
                    // (The ranges are in the whole text.)
                    let start = from + start_of(i);
                    let end = start + tokens[i].1.len();
                    while let Some(r) = next.next_if(|r| r.start < end) {
                        reach = reach.max(r.end);
                    }
                    start < reach
                })
                .collect();
            (0..count)
                .map(|i| touched[i.saturating_sub(1)..(i + 2).min(count)].contains(&true))
                .collect()
        }
    };
    // Most tokens are plain lowercase words, perhaps with a full stop or
    // comma after: looked up once here, they need nothing more. (Only
    // where a token or the one before is judged.)
    let plain: Vec<Option<(&str, u64)>> = tokens
        .iter()
        .enumerate()
        .map(|(i, (_, token))| {
            let word = token.trim_end_matches(['.', ',', ';', ':']);
            let lowercase = !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase());
            let needed = judge[i] || (i > 0 && judge[i - 1]);
            (lowercase && needed)
                .then(|| evidence.lexicon.dictionary_count(word))
                .flatten()
                // (`nota`: a word that may hide glue is judged as a token.)
                .filter(|&n| !glued_words::may_hide_article(word, n))
                .map(|n| (word, n))
        })
        .collect();
    // What a verdict on tokens `from..=to` asked of the file's words since `mark`.
    let mut asked = |mark: usize, first: usize, last: usize| {
        let before = judged.keys.len();
        vocabulary::asked::move_since(mark, &mut judged.keys);
        if judged.keys.len() > before {
            let last = last.min(count - 1);
            let end = start_of(last) + tokens[last].1.len();
            judged
                .runs
                .push((judged.keys.len(), from + start_of(first)..from + end));
        }
    };
    // A token that runs on into another inline is only part of a word.
    let whole = |i: usize| {
        let (gap, token) = tokens[i];
        // (Trailing whitespace makes a last, empty token.)
        let runs_in = i == 0 && gap.is_empty() && joined_before;
        let runs_on = i + 1 == count && joined_after;
        !(token.is_empty() || runs_in || runs_on)
    };
    let titled = matches!(spot.field, Field::Title | Field::Contents);
    // A capital means a name inside a sentence, but not in a title or at
    // the start of a sentence (after `.`, but not after an initial `P.`).
    let position = |i: usize| {
        if titled {
            return Position::Title;
        }
        let Some(before) = i.checked_sub(1).map(|j| tokens[j].1) else {
            return Position::SentenceStart;
        };
        let before = before.trim_end_matches(['"', '\u{201d}', '\u{2019}', ')']);
        let initial = before.len() <= 2 || before.trim_end_matches('.').contains('.');
        if before.ends_with(['.', '!', '?', ':']) && !initial {
            Position::SentenceStart
        } else {
            Position::Inside
        }
    };
    // A piece of a split word that could not be joined back: not a word,
    // not words glued either, and one word with its neighbour `j` as far as
    // the web or the file knows (`underre ported`).
    let fragment = |i: usize, j: usize| {
        let core = |k: usize| tokens[k].1.trim_matches(|c: char| !c.is_ascii_alphabetic());
        let (piece, other) = (core(i), core(j));
        let joined = if i < j {
            format!("{piece}{other}")
        } else {
            format!("{other}{piece}")
        };
        piece.len() >= 2
            && piece.bytes().skip(1).all(|b| b.is_ascii_lowercase())
            && !evidence.is_known(piece, 2)
            && (evidence.lexicon.web_count(&joined) > 0
                || evidence.vocabulary.word_at_least(&joined, 1))
            && glued_words::split_token(tokens[i].1, evidence, position(i)).is_none()
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < count {
        let (gap, token) = tokens[i];
        out.push_str(gap);
        if !judge[i] {
            out.push_str(token);
            i += 1;
            continue;
        }
        let plain_pair = match (plain[i], plain.get(i + 1).copied().flatten()) {
            (Some((a, _)), Some(_)) if a.len() < tokens[i].1.len() => Some(false),
            (Some(a), Some(b)) => Some(split_words::may_be_pieces(a, b)),
            _ => None,
        };
        if i + 1 < count
            && tokens[i + 1].0 == " "
            && whole(i)
            && whole(i + 1)
            && plain_pair != Some(false)
        {
            let next = tokens[i + 1].1;
            let mark = vocabulary::asked::mark();
            let join = split_words::join_pair(token, next, evidence);
            asked(mark, i, i + 1);
            if let Some((joined, why)) = join {
                log.push(Repair {
                    kind: RepairKind::SplitWord,
                    before: format!("{token} {next}"),
                    after: joined.clone(),
                    file: spot.file.to_string(),
                    line: spot.line,
                    why: why.to_string(),
                });
                let at = start_of(i);
                let was = at..start_of(i + 1) + next.len();
                let now = from + out.len()..from + out.len() + joined.len();
                judged.edits.push((from + was.start..from + was.end, now));
                out.push_str(&joined);
                i += 2;
                continue;
            }
        }
        // Next to a piece of a split word, a non-word is likely one too.
        let beside_fragment = || {
            (i > 0 && gap == " " && fragment(i - 1, i))
                || (i + 1 < count && tokens[i + 1].0 == " " && fragment(i + 1, i))
        };
        // (Both pair rules below need a function word and three letters.)
        let pair_rules = whole(i) && plain[i].is_none() && token.len() >= 5;
        let split = (whole(i) && plain[i].is_none())
            .then(|| {
                let mark = vocabulary::asked::mark();
                // (`PROVIDED"AS IS"AND`: a lone straight quotation mark
                // between words opens or closes as the marks before it in
                // the text say; the repairs add or take away none.)
                // (A mark that would open but that nothing after closes
                // leaves the count in doubt: the token's own rules judge.)
                let quotes = |text: &str| text.bytes().filter(|&b| b == b'"').count();
                let lone_quote = (quotes(token) == 1)
                    .then(|| {
                        let at = from + start_of(i);
                        let opens = quotes(&spot.text[..at]) % 2 == 0;
                        let closed_later = spot.text[at + token.len()..].contains('"');
                        (!opens || closed_later).then_some(opens)
                    })
                    .flatten()
                    .and_then(|opens| glued_words::split_at_lone_quote(token, opens, evidence));
                let split =
                    lone_quote.or_else(|| glued_words::split_token(token, evidence, position(i)));
                asked(mark, i, i);
                split
            })
            .flatten()
            .or_else(|| {
                // (`Notes onanstream`: the word before is evidence too.)
                pair_rules.then_some(())?;
                let before = i.checked_sub(1).filter(|_| gap == " ")?;
                let mark = vocabulary::asked::mark();
                let split = glued_words::split_after_pair(tokens[before].1, token, evidence);
                asked(mark, before, i);
                split
            })
            .or_else(|| {
                // (`Karglor Copyright`: and the word after.)
                pair_rules.then_some(())?;
                let after = Some(i + 1).filter(|&j| j < count && tokens[j].0 == " ")?;
                let mark = vocabulary::asked::mark();
                let split = glued_words::split_before_pair(token, tokens[after].1, evidence);
                asked(mark, i, after);
                split
            })
            .or_else(|| {
                // (`the GeneralServices Administration`: a name's words beside it.)
                (pair_rules && glued_words::capital_inside(token)).then_some(())?;
                let before = i.checked_sub(1).filter(|_| gap == " ");
                let after = Some(i + 1).filter(|&j| j < count && tokens[j].0 == " ");
                let mark = vocabulary::asked::mark();
                let split = glued_words::split_in_name(
                    before.map(|b| tokens[b].1),
                    token,
                    after.map(|a| tokens[a].1),
                    evidence,
                );
                asked(mark, before.unwrap_or(i), after.unwrap_or(i));
                split
            })
            .filter(|_| {
                let mark = vocabulary::asked::mark();
                let beside = beside_fragment();
                asked(mark, i.saturating_sub(1), i + 1);
                !beside
            });
        match split {
            Some(split) => {
                log.push(Repair {
                    kind: RepairKind::GluedWords,
                    before: token.to_string(),
                    after: split.text.clone(),
                    file: spot.file.to_string(),
                    line: spot.line,
                    why: split.why.to_string(),
                });
                let at = start_of(i);
                let now = from + out.len()..from + out.len() + split.text.len();
                judged.edits.push((from + at..from + at + token.len(), now));
                out.push_str(&split.text);
            }
            None => out.push_str(token),
        }
        i += 1;
    }
    if judged.edits.is_empty() {
        return None;
    }
    let whole = [&spot.text[..from], &out, &spot.text[to..]].concat();
    Some(std::mem::replace(spot.text, whole))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, ContentsEntry, Inline, Publication, SourceSpan};

    fn collection(summary: Vec<Block>, contents: Vec<ContentsEntry>) -> Collection {
        Collection {
            title: "Series".into(),
            publications: vec![Publication {
                title: "Responses toTrafficking".into(),
                summary,
                contents,
                source: SourceSpan {
                    file: "f.txt".into(),
                    first_line: 5,
                    last_line: 20,
                },
                ..Publication::default()
            }],
            ..Collection::default()
        }
    }

    #[test]
    fn words_running_into_other_inlines_are_left_alone() {
        // `*increasing*concern`: the word goes on in the next inline.
        let summary = vec![Block::Paragraph {
            inlines: vec![
                Inline::Emphasis {
                    inlines: vec![Inline::text("an increasing")],
                },
                Inline::text("concern andcorruption "),
                Inline::Code {
                    text: "ofhuman".into(),
                },
            ],
            line: 7,
            from_html: false,
        }];
        let mut c = collection(summary, vec![]);
        let log = repair(&mut c, &Lexicon::load(&[]).unwrap());
        let Block::Paragraph { inlines, .. } = &c.publications[0].summary[0] else {
            panic!("a paragraph");
        };
        assert_eq!(inlines[1], Inline::text("concern and corruption "));
        assert_eq!(
            inlines[2],
            Inline::Code {
                text: "ofhuman".into()
            }
        );
        let glue = log.iter().find(|r| r.before == "andcorruption").unwrap();
        assert_eq!((glue.file.as_str(), glue.line), ("f.txt", 7));
    }

    #[test]
    fn code_math_urls_and_html_are_never_repaired_but_footnotes_and_cells_are() {
        // Glues the code below does not use, each once: a word the file
        // writes elsewhere (code included) is its own term and stays.
        let glued_cell = || vec![Inline::text("cases ofbribery")];
        let summary = vec![
            Block::CodeBlock {
                language: String::new(),
                text: "let andcorruption = ofhuman;".into(),
                line: 3,
            },
            Block::Paragraph {
                inlines: vec![
                    Inline::Math {
                        display: false,
                        tex: "andcorruption".into(),
                    },
                    Inline::text(" and "),
                    Inline::Link {
                        url: "https://example.org/andcorruption".into(),
                        inlines: vec![Inline::text("a link")],
                    },
                    Inline::Footnote {
                        blocks: vec![Block::paragraph("a rise ofcorruption cases", 9)],
                    },
                ],
                line: 5,
                from_html: false,
            },
            Block::Table {
                alignments: vec![],
                head: vec![glued_cell()],
                rows: vec![],
                line: 7,
            },
            // The text of a raw HTML block, spacing and all.
            Block::Paragraph {
                inlines: vec![Inline::text("a rise  ofsmuggling cases")],
                line: 8,
                from_html: true,
            },
        ];
        let before = summary.clone();
        let mut c = collection(summary, vec![]);
        repair(&mut c, &Lexicon::load(&[]).unwrap());
        let after = &c.publications[0].summary;
        assert_eq!(after[0], before[0]);
        let Block::Paragraph { inlines, .. } = &after[1] else {
            panic!("a paragraph");
        };
        assert_eq!(inlines[..3], before_inlines(&before[1])[..3]);
        let fixed = vec![Inline::text("a rise of corruption cases")];
        assert_eq!(
            inlines[3],
            Inline::Footnote {
                blocks: vec![Block::Paragraph {
                    inlines: fixed.clone(),
                    line: 9,
                    from_html: false,
                }]
            }
        );
        let Block::Table { head, .. } = &after[2] else {
            panic!("a table");
        };
        assert_eq!(head[0], vec![Inline::text("cases of bribery")]);
        assert_eq!(after[3], before[3]);
    }

    fn before_inlines(block: &Block) -> Vec<Inline> {
        match block {
            Block::Paragraph { inlines, .. } => inlines.clone(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn titles_and_contents_are_repaired_and_logged_at_their_lines() {
        let contents = vec![ContentsEntry {
            number: "4".into(),
            level: 1,
            title: "Improving Responses to Traffickingin Human Beings".into(),
            line: 12,
        }];
        let mut c = collection(vec![Block::paragraph("Clean text.", 7)], contents);
        let log = repair(&mut c, &Lexicon::load(&[]).unwrap());
        let p = &c.publications[0];
        assert_eq!(p.title, "Responses to Trafficking");
        assert_eq!(
            p.contents[0].title,
            "Improving Responses to Trafficking in Human Beings"
        );
        let lines: Vec<usize> = log.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![5, 12]);
    }

    #[test]
    fn a_series_line_is_repaired_as_a_title_and_names_are_left_alone() {
        // (A listing's first title may be read as its series line.)
        let mut c = collection(vec![Block::paragraph("Clean text.", 7)], vec![]);
        let p = &mut c.publications[0];
        p.series = Some("Notes onthe reforms".into());
        p.authors = vec!["Anna Ofthe".into()];
        repair(&mut c, &Lexicon::load(&[]).unwrap());
        let p = &c.publications[0];
        assert_eq!(p.series.as_deref(), Some("Notes on the reforms"));
        assert_eq!(p.authors, vec!["Anna Ofthe".to_string()]);
    }
}
