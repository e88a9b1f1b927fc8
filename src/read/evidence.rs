//! What one block of a scraped listing looks like, judged from its own text:
//! sentence shape, length, final punctuation, capitalisation, a person-name
//! shape. The listing reader weighs these to give each block a role.

/// Sentence endings, with closing quotes or brackets after them.
fn ends_a_sentence(text: &str) -> bool {
    let core = text.trim_end_matches(['"', '\u{201d}', '\u{2019}', ')', ']', ' ', '\u{a0}']);
    core.ends_with(['.', '!', '…'])
}

/// Whether a block reads as running text rather than a heading-like line
/// (title, label, author, series, contents line). Titles may be long or
/// end in `?`; paragraphs end a sentence, run over lines, or are huge.
pub fn is_prose(lines: &[&str], text: &str) -> bool {
    if text.len() > 5000 {
        return true;
    }
    let mut score = 0;
    // An author list can end with an initial: `A. Author and B. W.`
    if ends_a_sentence(text) && !(text.len() < 200 && is_name_list(text)) {
        score += 2;
    }
    if lines.len() > 1 && !lines.iter().all(|l| numbered(l)) {
        score += 1;
    }
    if text.starts_with(|c: char| c.is_lowercase()) {
        score += 1;
    }
    if score < 2 && text.len() > 150 && text.split_whitespace().count() > 25 {
        if text.trim_end().ends_with('?') {
            score += 1;
        }
        if text.matches(". ").count() >= 2 {
            score += 1;
        }
    }
    score >= 2
}

/// A contents line with a section number: `2.1. Key concepts`, `3 Results`.
pub fn numbered(line: &str) -> bool {
    let line = line.trim();
    let number_len = line
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(line.len());
    let (number, rest) = line.split_at(number_len);
    number.starts_with(|c: char| c.is_ascii_digit())
        && (number.contains('.') || number.len() <= 2)
        && rest.starts_with(char::is_whitespace)
        && !rest.trim().is_empty()
        && line.chars().count() <= 160
}

/// A short heading-like line that could be a kind label: a few words, no
/// digits, no sentence punctuation, starting with a capital.
pub fn label_shape(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=5).contains(&words)
        && text.chars().count() <= 48
        && text.starts_with(|c: char| c.is_uppercase())
        && !text.contains(|c: char| {
            c.is_ascii_digit() || matches!(c, ',' | ';' | ':' | '.' | '?' | '!')
        })
}

/// Lowercase words inside names: `Ana de Souza`, `Jan van der Berg`.
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le",
    "bin", "binti", "ibn", "al", "el", "ter", "ten", "zu", "y",
];

/// Words of institutions and publication series, which a person's name
/// does not contain.
const NOT_NAME_WORDS: &[&str] = &[
    "centre",
    "center",
    "institute",
    "university",
    "ministry",
    "department",
    "office",
    "commission",
    "council",
    "parliament",
    "programme",
    "program",
    "agency",
    "series",
    "papers",
    "reports",
    "briefs",
    "briefings",
    "notes",
    "publications",
    "research",
    "policy",
    "analysis",
    "analyses",
    "insights",
    "commentary",
    "commentaries",
    "the",
    "of",
    "for",
    "and",
    "on",
    "in",
    "to",
    "with",
];

/// One person's name: two to five words, each capitalised, an initial
/// (`A.`, `J.-P.`) or a particle, at least one real capitalised word.
fn is_name(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return false;
    }
    let mut proper = 0;
    for word in &words {
        let bare = word.trim_end_matches('.');
        if word.starts_with(|c: char| c.is_lowercase()) && PARTICLES.contains(word) {
            continue;
        }
        if NOT_NAME_WORDS.iter().any(|w| w.eq_ignore_ascii_case(bare)) {
            return false;
        }
        let initial = word.ends_with('.')
            && word.starts_with(|c: char| c.is_uppercase())
            && word
                .split(['.', '-'])
                .all(|piece| piece.chars().count() <= 2);
        let capitalised = word.starts_with(|c: char| c.is_uppercase())
            && word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))
            && word.chars().skip(1).any(|c| c.is_lowercase());
        if capitalised {
            proper += 1;
        } else if !initial {
            return false;
        }
    }
    proper >= 1
}

/// What a byline says before the names: `by Ann Author`, `Authors: …`.
const NAME_PREFIXES: &[&str] = &["by ", "authors:", "author:", "author(s):", "written by "];

/// The byline prefix of `text`, if it has one.
pub fn name_prefix(text: &str) -> Option<&'static str> {
    // The prefixes are ASCII: only the line's first bytes need comparing
    // (lowering a whole paragraph for each line cost a tenth of reading).
    let text = text.trim_start();
    NAME_PREFIXES.iter().copied().find(|p| {
        text.as_bytes()
            .get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
    })
}

/// A line of one or more person names: `Ann Author`, `Ann Author, Ben
/// Writer`, `Ann Author and Ben Writer`, `A. Author; B. Writer`, with or
/// without a byline prefix (`by …`).
pub fn is_name_list(text: &str) -> bool {
    let names = split_names(text);
    !series_shape(text)
        && !names.is_empty()
        && names.len() <= 12
        && names.iter().all(|n| is_name(n))
}

/// The names of an author line, in order.
pub fn split_names(text: &str) -> Vec<String> {
    let text = text.trim_start();
    let text = name_prefix(text).map_or(text, |p| &text[p.len()..]);
    text.split([';', ',', '&'])
        .flat_map(|part| part.split(" and "))
        .map(|name| name.trim().trim_start_matches("and ").trim())
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

/// Words that name a publication series: `Library Research Notes`,
/// `EPRS Briefings`, `Occasional Paper Series`.
const SERIES_WORDS: &[&str] = &[
    "series",
    "papers",
    "reports",
    "briefs",
    "briefings",
    "notes",
    "studies",
    "publications",
    "analyses",
    "insights",
    "commentaries",
    "perspectives",
    "documents",
    "books",
    "guides",
    "chapters",
    "articles",
    "handbooks",
    "toolkits",
    "essays",
    "reviews",
    "library",
    "digests",
    "bulletins",
    "dossiers",
    "monographs",
    "yearbooks",
    "factsheets",
    "sheets",
    "outlooks",
    "collection",
    "occasional",
    "working",
];

/// Words of an institution's name (`Centre for Security Studies`): an
/// owner, not a series.
const INSTITUTION_WORDS: &[&str] = &[
    "centre",
    "center",
    "institute",
    "university",
    "ministry",
    "department",
    "office",
    "council",
    "commission",
    "agency",
    "foundation",
    "college",
    "academy",
];

pub fn series_shape(text: &str) -> bool {
    let is_in = |list: &[&str], w: &str| list.iter().any(|s| s.eq_ignore_ascii_case(w));
    text.len() <= 480
        && text.chars().count() <= 120
        && !ends_a_sentence(text)
        && text.split_whitespace().any(|w| is_in(SERIES_WORDS, w))
        && !text.split_whitespace().any(|w| is_in(INSTITUTION_WORDS, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_lists_of_names() {
        for yes in [
            "Karin Grimm",
            "Ann Author, Ben Writer",
            "Ann Author and Ben Writer",
            "A. Author; B. Writer",
            "Jan van der Berg",
            "Nur binti Aziz and J.-P. Morel",
            "by Ann Author & Ben Writer",
            "Authors: Ann Author; Ben Writer",
        ] {
            assert!(is_name_list(yes), "{yes}");
        }
        for no in [
            "Policy and Research Papers",
            "Centre for Security Studies",
            "Security Sector Responses to Trafficking in Human Beings",
            "EPRS Briefings",
            "2024 Report",
            "1. Introduction",
        ] {
            assert!(!is_name_list(no), "{no}");
        }
        assert_eq!(
            split_names("A. Author; B. Writer and C. Third"),
            vec!["A. Author", "B. Writer", "C. Third"]
        );
    }

    #[test]
    fn prose_and_headings() {
        let prose = |t: &str| is_prose(&[t], t);
        assert!(prose("Text."));
        assert!(prose(
            "For full access to the report, kindly follow the link. "
        ));
        assert!(!prose("Sexual Violence in Armed Conflict: Global Overview"));
        assert!(!prose("Is Deterrence Working?"));
        assert!(label_shape("Sheet or Leaflet"));
        assert!(!label_shape("Ann Author, Ben Writer"));
        assert!(series_shape("Library Research Notes"));
        assert!(!series_shape("Office for Border Studies and Papers"));
    }
}
