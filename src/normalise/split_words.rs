//! Words split by a stray space (`popu lation`). Two tokens are joined only
//! when one of them is not a word and the joined form is one: `non
//! governmental` and `Policy makers` are two words and stay as written.

use super::glued_words::Evidence;

/// A run of ASCII letters (a split never happens inside anything else).
fn letters(s: &str) -> bool {
    s.len() >= 2 && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// A word, or a word used elsewhere in the file (the token itself counts once).
fn is_whole(word: &str, evidence: &Evidence) -> bool {
    evidence.is_known(word, 2)
}

/// The joined token when `first second` is one word split in two.
pub fn join_pair(first: &str, second: &str, evidence: &Evidence) -> Option<String> {
    let head_start = first.find(|c: char| c.is_ascii_alphabetic())?;
    let (lead, head) = first.split_at(head_start);
    let tail_end = second
        .rfind(|c: char| c.is_ascii_alphabetic())
        .map(|i| i + 1)?;
    let (tail, trail) = second.split_at(tail_end);
    let lead_ok = lead
        .chars()
        .all(|c| matches!(c, '(' | '[' | '"' | '\u{201c}' | '\u{2018}'));
    if !lead_ok
        || !letters(head)
        || !letters(tail)
        || !tail.bytes().all(|b| b.is_ascii_lowercase())
        || trail.contains(|c: char| c.is_alphanumeric())
    {
        return None;
    }
    // `DCAF hopes`: an acronym is a word of its own.
    if head.len() > 1 && head.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let lexicon = evidence.lexicon;
    if lexicon.is_kept(head) || lexicon.is_kept(tail) || lexicon.is_kept(&format!("{head} {tail}"))
    {
        return None;
    }
    let joined = format!("{head}{tail}");
    let joined_known = evidence.is_word(&joined) || evidence.vocabulary.count(&joined) >= 1;
    if !joined_known || (is_whole(head, evidence) && is_whole(tail, evidence)) {
        return None;
    }
    Some(format!("{lead}{joined}{trail}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Collection, Publication};
    use crate::normalise::lexicon::Lexicon;
    use crate::normalise::vocabulary::Vocabulary;

    #[test]
    fn joins_only_when_a_part_is_not_a_word() {
        let lexicon = Lexicon::load(&["Karin Anna".to_string()]).unwrap();
        let mut collection = Collection {
            publications: vec![Publication {
                summary: vec![Block::paragraph("the Ukemba report, on Ukemba", 1)],
                ..Publication::default()
            }],
            ..Collection::default()
        };
        let vocabulary = Vocabulary::of(&mut collection);
        let evidence = Evidence {
            lexicon: &lexicon,
            vocabulary: &vocabulary,
        };
        let join = |a: &str, b: &str| join_pair(a, b, &evidence);
        assert_eq!(join("popu", "lation"), Some("population".to_string()));
        assert_eq!(join("(Secur", "ity),"), Some("(Security),".to_string()));
        assert_eq!(join("Uk", "emba"), Some("Ukemba".to_string()));
        assert_eq!(join("non", "governmental"), None);
        assert_eq!(join("Policy", "makers"), None);
        assert_eq!(join("popu", "Lation"), None);
        assert_eq!(join("popu,", "lation"), None);
        assert_eq!(join("DCAF", "hopes"), None);
        assert_eq!(join("Karin", "Anna"), None);
    }
}
