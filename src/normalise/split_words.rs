//! Words split by a stray space (`popu lation`). Two tokens are joined when
//! one of them is not a word and the joined form is one. Two words are
//! joined only when the joined word is far more common than the two apart
//! (`multi lateral`); `non governmental` and `Policy makers` stay as written.

use super::glued_words::{self, Evidence, Position};
use super::lexicon::Lexicon;
use super::vocabulary::asked;

/// Particles that make phrasal verbs with the word before them (`shut down`).
const PARTICLES: &[&str] = &["away", "back", "down", "off", "out", "over", "up"];

/// How much more likely (in nats) a word must be than its two parts
/// together for two words to be joined: e^8, about 3000 times. (`data
/// base`, written apart by some, scores 7.6; `non governmental` 4.9.)
const JOIN_MARGIN: f64 = 8.0;
/// The same, when the file writes the joined word elsewhere: e^6, about
/// 400 times (`Gene rating` scores 6.6 where the file has `generating`).
const ATTESTED_JOIN_MARGIN: f64 = 6.0;
/// A short word this common on the web is a word of its own.
const RARE_SHORT: u64 = 100_000_000;

/// A run of ASCII letters (a split never happens inside anything else).
fn letters(s: &str) -> bool {
    s.len() >= 3 && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Whether two dictionary words (with their web counts) could be the two
/// pieces of one word: only when the shorter is short and rare (`multi
/// lateral`, `protect ion`). Most pairs of words fail this at once.
pub fn may_be_pieces((a, a_count): (&str, u64), (b, b_count): (&str, u64)) -> bool {
    let (shorter, count) = if a.len() <= b.len() {
        (a, a_count)
    } else {
        (b, b_count)
    };
    shorter.len() >= 3 && shorter.len() <= 5 && count < RARE_SHORT
}

/// The joined token, and why, when `first second` is one word split in two.
pub fn join_pair(first: &str, second: &str, evidence: &Evidence) -> Option<(String, &'static str)> {
    let head_start = first.find(|c: char| c.is_ascii_alphabetic())?;
    let (lead, head) = first.split_at(head_start);
    let tail_end = second
        .rfind(|c: char| c.is_ascii_alphabetic())
        .map(|i| i + 1)?;
    let (tail, trail) = second.split_at(tail_end);
    let lead_ok = lead
        .chars()
        .all(|c| matches!(c, '(' | '[' | '"' | '\u{201c}' | '\u{2018}'));
    // `COPY RIGHT`: shouted text splits too (see `shouted_join`).
    let shouted = [head, tail]
        .iter()
        .all(|w| w.bytes().all(|b| b.is_ascii_uppercase()));
    if !lead_ok
        || !letters(head)
        || !letters(tail)
        || !(tail.bytes().all(|b| b.is_ascii_lowercase()) || shouted)
        || trail.contains(|c: char| c.is_alphanumeric())
    {
        return None;
    }
    if shouted {
        return shouted_join(head, tail, evidence)
            .map(|(joined, why)| (format!("{lead}{joined}{trail}"), why));
    }
    // `DCAF hopes`: an acronym is a word of its own.
    if head.len() > 1 && head.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let lexicon = evidence.lexicon;
    // (The phrase is made only when the user keeps any words.)
    let kept_phrase = || lexicon.keeps_any() && lexicon.is_kept(&format!("{head} {tail}"));
    if lexicon.is_kept(head) || lexicon.is_kept(tail) || kept_phrase() {
        return None;
    }
    // Each part looked up once: most pairs that get here are two words.
    let (head_count, tail_count) = (
        lexicon.dictionary_count(head),
        lexicon.dictionary_count(tail),
    );
    // (A piece the file uses twice is a word, unless the file splits the
    // same dictionary word the same way twice: `sof tware`, `Sof tware`;
    // not `using nom` twice beside a glued `usingnom`.)
    let split_twice = || {
        evidence
            .vocabulary
            .phrase_at_least(&format!("{head} {tail}"), 2)
            && lexicon.is_word(&format!("{head}{tail}"))
    };
    let whole = |word: &str, count: Option<u64>| {
        count.is_some() || evidence.vocabulary.word_at_least(word, 2) && !split_twice()
    };
    let both_words = whole(head, head_count) && whole(tail, tail_count);
    if both_words {
        let (Some(head_count), Some(tail_count)) = (head_count, tail_count) else {
            return None;
        };
        if !may_be_pieces((head, head_count), (tail, tail_count)) {
            return None;
        }
    }
    let joined = format!("{head}{tail}");
    let in_dictionary = lexicon.is_word(&joined) || lexicon.is_kept(&joined);
    // Seen in the file is evidence only for a form that is not itself words
    // glued together (`theunderreported` elsewhere does not make `The
    // underreported` one word).
    // (Written only in code or a link's address, the joined form names
    // an identifier or an account: `searchParams`, `tarunyadav1`.)
    let seen = || {
        let mark = asked::mark();
        if !evidence.vocabulary.word_at_least(&joined, 1) || evidence.vocabulary.in_code(&joined) {
            return false;
        }
        // Where the joined form is itself a glue, the answer does not depend
        // on the count: a later round need not look again if it moves.
        let count = asked::take_since(mark);
        let whole = glued_words::split_token(&joined, evidence, Position::Title).is_none();
        if whole {
            asked::again(&count);
        }
        whole
    };
    if !in_dictionary && !seen() {
        return None;
    }
    if both_words {
        let cost = |w: &str| Lexicon::cost(evidence.lexicon.web_count(w), 1);
        let margin = cost(head) + cost(tail) - cost(&joined);
        // (The file's own use of the joined word lowers the bar, where the
        // first piece is no word the file uses elsewhere: `bug fixes` stays
        // in a changelog that writes `bugfixes` and `bug`.)
        let attested = || {
            evidence.vocabulary.word_at_least(&joined, 1)
                && !evidence.vocabulary.word_at_least(head, 2)
        };
        let much_likelier = margin >= JOIN_MARGIN || margin >= ATTESTED_JOIN_MARGIN && attested();
        // (`shut down`, `set up`: a verb and its particle are words apart,
        // whatever the noun they make; `with out` is no verb's.)
        let phrasal_verb = PARTICLES.contains(&tail) && !glued_words::is_grammar_word(head);
        // The file writes the two words apart elsewhere too.
        let written_apart = evidence
            .vocabulary
            .phrase_at_least(&format!("{head} {tail}"), 2);
        if !in_dictionary || !much_likelier || written_apart || phrasal_verb {
            return None;
        }
    }
    let why = if both_words {
        "two words far rarer apart than the word they make together"
    } else {
        "a word split by a space: a part is not a word, the whole is"
    };
    Some((format!("{lead}{joined}{trail}"), why))
}

/// `WARRA NTY`: shouted pieces, one no word, whose join is a dictionary
/// word; `COPY RIGHT`: two shouted dictionary words that could be pieces,
/// whose join is a dictionary word the file writes elsewhere (any case)
/// and never apart. (`DCAF HOPES` and `ANY ONE` stay: no word, or no pieces.)
fn shouted_join(head: &str, tail: &str, evidence: &Evidence) -> Option<(String, &'static str)> {
    let lexicon = evidence.lexicon;
    let joined = format!("{head}{tail}");
    if lexicon.is_kept(head) || lexicon.is_kept(tail) || !lexicon.is_word(&joined) {
        return None;
    }
    let (ok, why) = match (
        lexicon.dictionary_count(head),
        lexicon.dictionary_count(tail),
    ) {
        (Some(a), Some(b)) => (
            may_be_pieces((head, a), (tail, b))
                && evidence.vocabulary.word_at_least(&joined, 1)
                && !evidence
                    .vocabulary
                    .phrase_at_least(&format!("{head} {tail}"), 2),
            "two shouted words the file writes as one word elsewhere",
        ),
        // (A piece the file uses as a word, `DCAF`, is one; `WAR RANTY`
        // has one piece that is no word.)
        _ => (
            !evidence.is_known(head, 2) || !evidence.is_known(tail, 2),
            "a shouted word split by a space: a part is not a word, the whole is",
        ),
    };
    ok.then_some((joined, why))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Collection, Publication};
    use crate::normalise::glued_words::tests::{with_code_evidence, with_evidence};
    use crate::normalise::lexicon::Lexicon;
    use crate::normalise::vocabulary::{Vocabulary, Words};

    #[test]
    fn joins_only_when_a_part_is_not_a_word() {
        let lexicon = Lexicon::load(&["Karin Anna".to_string()]).unwrap();
        let mut collection = Collection {
            publications: vec![Publication {
                summary: vec![Block::paragraph(
                    "the Ukemba report, theunderreported; The underreported",
                    1,
                )],
                ..Publication::default()
            }],
            ..Collection::default()
        };
        let vocabulary = Vocabulary::of(&mut collection);
        let evidence = Evidence::new(&lexicon, Words::new(&vocabulary, &[]));
        let join = |a: &str, b: &str| join_pair(a, b, &evidence).map(|(joined, _)| joined);
        assert_eq!(join("popu", "lation"), Some("population".to_string()));
        assert_eq!(join("(Secur", "ity),"), Some("(Security),".to_string()));
        assert_eq!(join("Ukem", "ba"), None);
        assert_eq!(join("multi", "lateral"), Some("multilateral".to_string()));
        assert_eq!(join("Euro", "pean"), Some("European".to_string()));
        assert_eq!(join("data", "base"), None);
        assert_eq!(join("any", "one"), None);
        assert_eq!(join("health", "care"), None);
        assert_eq!(join("non", "governmental"), None);
        assert_eq!(join("Policy", "makers"), None);
        assert_eq!(join("popu", "Lation"), None);
        assert_eq!(join("popu,", "lation"), None);
        assert_eq!(join("DCAF", "hopes"), None);
        assert_eq!(join("Karin", "Anna"), None);
        // A verb and its particle are words apart (`shut down` the server).
        assert_eq!(join("shut", "down"), None);
        // A glued form elsewhere in the file is no evidence for joining.
        assert_eq!(join("The", "underreported"), None);
    }

    #[test]
    fn the_files_own_word_joins_its_pieces() {
        let with = |text: &str, check: &dyn Fn(&dyn Fn(&str, &str) -> Option<String>)| {
            with_evidence(text, |evidence| {
                check(&|a, b| join_pair(a, b, evidence).map(|(joined, _)| joined))
            });
        };
        with("generating code; THE COPYRIGHT HOLDERS", &|join| {
            assert_eq!(join("Gene", "rating"), Some("Generating".to_string()));
            assert_eq!(join("COPY", "RIGHT"), Some("COPYRIGHT".to_string()));
            // A shouted piece that is no word.
            assert_eq!(join("WARRA", "NTY"), Some("WARRANTY".to_string()));
            assert_eq!(join("WAR", "RANTY"), Some("WARRANTY".to_string()));
            assert_eq!(join("(WHA", "TSOEVER."), Some("(WHATSOEVER.".to_string()));
            // Shouted words that make no word, or are no pieces.
            assert_eq!(join("DCAF", "HOPES"), None);
            assert_eq!(join("WARRA", "NTYX"), None);
            assert_eq!(join("ANY", "ONE"), None);
        });
        // A first piece the file uses on its own is a word there.
        with("bugfixes; a bug; bug fixes", &|join| {
            assert_eq!(join("bug", "fixes"), None);
        });
        // But not a piece that the same split of a word gives twice.
        with("create sof tware; any Covered Sof tware", &|join| {
            assert_eq!(join("Sof", "tware"), Some("Software".to_string()));
        });
        with("using nom; and using nom; usingnom", &|join| {
            assert_eq!(join("using", "nom"), None);
        });
        // A form that the file's code writes names an identifier.
        with("set searchparams first", &|join| {
            assert_eq!(join("search", "params."), Some("searchparams.".to_string()));
        });
        with_code_evidence(
            "set searchParams first",
            Some("options.searchParams"),
            |e| {
                assert_eq!(join_pair("search", "params.", e), None);
            },
        );
        // Without the file's word: two words stay two.
        with("the gene rating; copy right", &|join| {
            assert_eq!(join("Gene", "rating"), None);
            assert_eq!(join("COPY", "RIGHT"), None);
        });
    }
}
