//! Dead-link boilerplate: sentences that point at a link the copying lost
//! ("please follow the link", "click here", "read more"). They are taken
//! out of the summary and kept, word for word, in the repair log only: no
//! output should send its reader to a link that is not there.

use crate::model::{Block, Inline, Publication};

use super::{Repair, RepairKind};

/// Phrases that only make sense next to a link.
const LINK_PHRASES: &[&str] = &[
    "follow the link",
    "follow this link",
    "click here",
    "click on the link",
    "download the full report",
    "download the report here",
    "full access to the",
    "is available here",
    "available at the link",
    "(link is external)",
];

/// Whole sentences that are a link's label and nothing else.
const LINK_LABELS: &[&str] = &[
    "read more",
    "read more here",
    "read the full report",
    "more information",
    "download",
    "download pdf",
    "download the report",
];

/// How boilerplate sentences begin, to tell them from text run into them.
const SENTENCE_OPENINGS: &[&str] = &[
    "For full access",
    "For details",
    "For more details",
    "For further details",
    "For the full",
    "Kindly follow",
    "Click here",
    "Click on the link",
    "Read more",
    "Read the full report",
    "Download",
    "To download",
    "Please follow",
    "Follow this link",
    "The full report is available",
];

/// Whether a sentence points at a link that is not there.
fn is_dead_link(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    if LINK_PHRASES.iter().any(|p| lower.contains(p)) {
        return true;
    }
    let label = lower.trim_end_matches(|c: char| {
        matches!(c, '.' | '!' | ':' | '…' | '»' | '›' | '>' | ' ' | ')' | ']')
    });
    let label = label.trim_start_matches(['(', '[', ' ']);
    LINK_LABELS.contains(&label)
}

/// Byte ranges of the sentences in `text`: a sentence ends at `.`, `!`,
/// `?` or `…` (and closing quotes or brackets) followed by a space and a
/// capital letter, quote or bracket, or at the end of the text.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(_, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '\u{201d}' | '\u{2019}' | ')' | ']') {
            j += 1;
        }
        let (Some(&(space_at, ' ')), Some(&(_, next))) = (chars.get(j), chars.get(j + 1)) else {
            continue;
        };
        if next.is_uppercase() || matches!(next, '"' | '\u{201c}' | '(' | '[') {
            spans.push((start, space_at));
            start = space_at + 1;
        }
    }
    if start < text.len() {
        spans.push((start, text.len()));
    }
    spans
}

/// Where a dead-link sentence starts after a sentence glued to it, its
/// end's space lost (`Reference.The`: a small letter, a full stop, a
/// capitalised word); 0 if no such end comes before the link's words, or
/// if what comes before points at a link too (kept, it would be taken out
/// the next time the text is repaired).
fn glued_sentence_end(sentence: &str) -> usize {
    let bytes = sentence.as_bytes();
    (1..bytes.len().saturating_sub(2))
        .rev()
        .find(|&i| {
            matches!(bytes[i], b'.' | b'!' | b'?')
                && bytes[i - 1].is_ascii_lowercase()
                && bytes[i + 1].is_ascii_uppercase()
                && bytes[i + 2].is_ascii_lowercase()
                && is_dead_link(&sentence[i + 1..])
                && !is_dead_link(&sentence[..=i])
        })
        .map_or(0, |i| i + 1)
}

/// Removes dead-link sentences from the publication's plain paragraphs
/// (a paragraph that still holds a link is left alone: its link is not
/// dead), drops paragraphs left empty, and logs what was removed.
pub fn repair(publication: &mut Publication, log: &mut Vec<Repair>) {
    let file = publication.source.file.clone();
    publication.summary.retain_mut(|block| {
        let Block::Paragraph { inlines, line, .. } = block else {
            return true;
        };
        let [Inline::Text { text }] = inlines.as_mut_slice() else {
            return true;
        };
        // Every phrase and label holds one of these: most paragraphs hold none.
        let lower = text.to_ascii_lowercase();
        if ![
            "link",
            "click",
            "read more",
            "read the",
            "download",
            "more information",
            "full access",
            "available here",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            return true;
        }
        let mut kept = Vec::new();
        let mut removed = false;
        for (start, end) in sentences(text) {
            let whole = text[start..end].trim();
            if !is_dead_link(whole) {
                if !whole.is_empty() {
                    kept.push(whole.to_string());
                }
                continue;
            }
            // `Theodore Roosevelt Click here …`: what comes before the
            // boilerplate's own opening words is not part of it.
            let opening = SENTENCE_OPENINGS
                .iter()
                .filter_map(|o| whole.find(o))
                .min()
                .unwrap_or(0);
            // `… the Reference.The PDF 2.0 specification is available here.`:
            // nor is a sentence glued to it, its end's space lost.
            let cut = opening.max(glued_sentence_end(whole));
            let (before, sentence) = (whole[..cut].trim(), whole[cut..].trim());
            if !before.is_empty() {
                kept.push(before.to_string());
            }
            log.push(Repair {
                kind: RepairKind::Boilerplate,
                before: sentence.to_string(),
                after: String::new(),
                file: file.clone(),
                line: *line,
                why: "points at a link that is gone; removed (kept here word for word)".to_string(),
            });
            removed = true;
        }
        if removed {
            *text = kept.join(" ");
        }
        !text.trim().is_empty()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn publication(paragraphs: &[&str]) -> Publication {
        Publication {
            title: "T".into(),
            summary: paragraphs
                .iter()
                .enumerate()
                .map(|(i, p)| Block::paragraph(*p, i + 1))
                .collect(),
            ..Publication::default()
        }
    }

    #[test]
    fn removes_link_sentences_and_logs_them_word_for_word() {
        let mut p = publication(&[
            "Real text. For full access to the report, A Title: Sub, please follow the link. ",
            "Read more »",
            "Readers should read more widely. Click the button, e.g. the red one.",
            "Joel Frad Bink Click here to download the full report.",
            "More text. For details and full access to the brief, A Title, kindly follow the link.",
        ]);
        let mut log = Vec::new();
        repair(&mut p, &mut log);
        assert_eq!(
            p.summary_text(),
            "Real text.\n\nReaders should read more widely. Click the button, e.g. the red one.\n\nJoel Frad Bink\n\nMore text."
        );
        assert!(p.notes.is_empty());
        let removed: Vec<&str> = log.iter().map(|r| r.before.as_str()).collect();
        assert_eq!(
            removed,
            vec![
                "For full access to the report, A Title: Sub, please follow the link.",
                "Read more »",
                "Click here to download the full report.",
                "For details and full access to the brief, A Title, kindly follow the link.",
            ]
        );
        assert_eq!(log[1].line, 2);
    }

    #[test]
    fn keeps_a_sentence_glued_to_a_dead_link_one() {
        let mut p = publication(&[
            "Read the guide to the format.The full draft is available here.",
            "See e.g.Chapter two of the guide.",
        ]);
        let mut log = Vec::new();
        repair(&mut p, &mut log);
        assert_eq!(
            p.summary_text(),
            "Read the guide to the format.\n\nSee e.g.Chapter two of the guide."
        );
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].before, "The full draft is available here.");

        // Glued to one that points at a link too, both go at once: kept,
        // the first would go the next time (repairs are idempotent).
        let glued = "Please follow the link. a note.Read more here.";
        let mut p = publication(&[glued]);
        let mut log = Vec::new();
        repair(&mut p, &mut log);
        assert!(p.summary.is_empty());
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].before, glued);
    }

    #[test]
    fn splits_sentences_only_before_capitals() {
        let text = "One e.g. two. Three? “Four.” Five";
        let spans: Vec<&str> = sentences(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(spans, vec!["One e.g. two.", "Three?", "“Four.”", "Five"]);
    }
}
