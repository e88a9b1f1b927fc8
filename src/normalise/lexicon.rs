//! What the normaliser knows about English words: a Hunspell dictionary
//! (is this a word?), web word frequencies (how likely is it?), and the
//! words the user protects. The lists are embedded in the binary (see
//! `data/README.md` for their sources and licences) and sorted by bytes, so
//! loading them is only finding line starts.

use std::collections::HashSet;
use std::sync::OnceLock;

use anyhow::Result;

/// Every form of the en_GB Hunspell dictionary, `word<TAB>web count`.
const DICTIONARY: &str = include_str!("data/dictionary.txt");
/// Words that are not in the dictionary but common on the web, `word<TAB>count`.
const WEB_WORDS: &str = include_str!("data/web-words.txt");
/// The sum of all counts in the web unigram list the counts come from.
const WEB_TOTAL: f64 = 588_117_981_387.0;

/// The embedded lists, split into lines once per process.
struct Lists {
    dictionary: Vec<&'static str>,
    web: Vec<&'static str>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| Lists {
        dictionary: DICTIONARY.lines().collect(),
        web: WEB_WORDS.lines().collect(),
    })
}

/// The count of `word` in a sorted `word<TAB>count` list, if it is listed.
fn lookup(list: &[&'static str], word: &str) -> Option<u64> {
    let index = list
        .binary_search_by(|line| line.split_once('\t').map_or(*line, |(w, _)| w).cmp(word))
        .ok()?;
    let count = list[index].split_once('\t').map_or("0", |(_, c)| c);
    Some(count.parse().unwrap_or(0))
}

/// Case forms a dictionary entry accepts, as Hunspell does: a lowercase
/// entry also matches its Capitalised and UPPERCASE forms, a Capitalised
/// entry (a name) its UPPERCASE form.
fn case_forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return forms;
    };
    let rest: String = chars.collect();
    let capitalised = first.is_uppercase() && !rest.chars().any(char::is_uppercase);
    let upper = word.chars().count() > 1 && !word.chars().any(char::is_lowercase);
    if capitalised || upper {
        forms.push(word.to_lowercase());
    }
    if upper {
        forms.push(first.to_string() + &rest.to_lowercase());
    }
    forms
}

pub struct Lexicon {
    lists: &'static Lists,
    keep: HashSet<String>,
}

impl Lexicon {
    /// `keep` lists words (or two-word phrases) the user protects from any repair.
    pub fn load(keep: &[String]) -> Result<Lexicon> {
        Ok(Lexicon {
            lists: lists(),
            keep: keep
                .iter()
                .map(|k| k.trim().to_lowercase())
                .filter(|k| !k.is_empty())
                .collect(),
        })
    }

    /// Whether the user asked for this word (any case) to be left alone.
    pub fn is_kept(&self, word: &str) -> bool {
        !self.keep.is_empty() && self.keep.contains(&word.to_lowercase())
    }

    /// The web count of a dictionary word (0 when the web list lacks it),
    /// or `None` when the dictionary does not know the word in this case.
    pub fn dictionary_count(&self, word: &str) -> Option<u64> {
        let word = word.replace('\u{2019}', "'");
        // The list leaves out possessives: `world's` is known when `world` is.
        let word = word.strip_suffix("'s").unwrap_or(&word);
        case_forms(word)
            .iter()
            .find_map(|form| lookup(&self.lists.dictionary, form))
    }

    pub fn is_word(&self, word: &str) -> bool {
        self.dictionary_count(word).is_some()
    }

    /// How often the web writes `word` (lowercase), dictionary word or not.
    pub fn web_count(&self, word: &str) -> u64 {
        let lower = word.to_lowercase();
        self.dictionary_count(&lower)
            .or_else(|| lookup(&self.lists.web, &lower))
            .unwrap_or(0)
    }

    /// The cost of a word in a segmentation: minus the log of its web
    /// probability, with `floor` standing in for counts below it.
    pub fn cost(count: u64, floor: u64) -> f64 {
        (WEB_TOTAL / count.max(floor).max(1) as f64).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_british_forms_and_case_rules() {
        let lexicon = Lexicon::load(&["DCAFsupport".to_string()]).unwrap();
        for word in [
            "organised",
            "criminalisation",
            "harmonisation",
            "policymakers",
            "Organisation",
            "HUMAN",
            "world's",
            "world\u{2019}s",
        ] {
            assert!(lexicon.is_word(word), "{word}");
        }
        for word in ["increasingconcern", "ahuman", "popu", "lation"] {
            assert!(!lexicon.is_word(word), "{word}");
        }
        assert!(lexicon.web_count("underreported") > 50_000);
        assert!(lexicon.is_kept("dcafSUPPORT"));
        assert!(!lexicon.is_kept("support"));
    }
}
