//! Words glued together where a line break was lost (`increasingconcern`,
//! `theOrganisation`, `trafficking.However`, `in2020`). Only a token that
//! is not a word is ever split: not in the dictionary, not protected by the
//! user, not used elsewhere in the same file (unless the file also writes
//! it apart, or it holds a function word: `ofthe` recurs). Case changes and
//! a full stop, comma, bracket or number between words are strong
//! evidence; otherwise the token must split into two common words that
//! cost less, by web frequency, than the token, with guards where chance
//! splits hide: closed compounds (`postconflict`, `underreported`), word
//! endings (`tact ion`), short parts (`rhythm us`), and capitalised names
//! (a capitalised non-word inside a sentence is split only before a word
//! such as `in`, `of`, `have`: `Traffickingin`, `Nationshave`).

use std::hash::BuildHasherDefault;
use std::sync::Arc;

use rayon::prelude::*;

use super::lexicon::{Lexicon, WordHasher};
use super::vocabulary::asked::{self, Asked};
use super::vocabulary::{trim_token, Keys, Words, ENOUGH};
use crate::word_cache::WordCache;

/// What the word repairs know: the lexicon and the source file's words.
pub struct Evidence<'a> {
    pub lexicon: &'a Lexicon,
    pub vocabulary: Words<'a>,
    /// What `split_token` answered for each token, by position: a file
    /// repeats its tokens, and the answer depends on nothing else.
    /// (With what each asked of the file's words: see `vocabulary::asked`.)
    splits: Verdicts,
}

/// The verdicts on tokens by position (see `Evidence::splits`).
pub type Verdicts = [WordCache<Verdict, BuildHasherDefault<WordHasher>>; 3];

/// A verdict on a token, and what it asked of the file's words.
pub type Verdict = (Option<Split>, Arc<[u64]>);

/// Bytes of answers `Evidence` keeps per position (the file's distinct
/// tokens that are not plain words: a few thousand in a long listing).
const SPLIT_BYTES: usize = 4 << 20;

impl<'a> Evidence<'a> {
    pub fn new(lexicon: &'a Lexicon, vocabulary: Words<'a>) -> Evidence<'a> {
        let splits = std::array::from_fn(|_| WordCache::new(SPLIT_BYTES));
        Evidence::with_verdicts(lexicon, vocabulary, splits)
    }

    /// Evidence with the verdicts of an earlier round (see `carry_over`).
    pub fn with_verdicts(
        lexicon: &'a Lexicon,
        vocabulary: Words<'a>,
        splits: Verdicts,
    ) -> Evidence<'a> {
        Evidence {
            lexicon,
            vocabulary,
            splits,
        }
    }

    /// The verdicts on tokens worked out so far, with what each asked.
    pub fn into_verdicts(self) -> Verdicts {
        self.splits
    }

    /// Keeps the verdicts of an earlier round that hold on this evidence:
    /// those that asked about none of the `moved` keys. The others are
    /// worked out again, and one that comes out different joins the moved
    /// keys, which moves those that asked about it in turn. (One worked out
    /// again may have used a verdict found moved only later: it asked about
    /// that verdict, so it is worked out again then.)
    pub fn carry_over(&self, moved: &mut Keys) {
        let mut fresh = moved.clone();
        while !fresh.is_empty() {
            let mut again = Vec::new();
            for position in [Position::Title, Position::SentenceStart, Position::Inside] {
                self.splits[position as usize].for_each(|token, (split, keys)| {
                    if keys.iter().any(|key| fresh.contains(key)) {
                        again.push((position, token.to_string(), split.clone()));
                    }
                });
            }
            for (position, token, _) in &again {
                self.splits[*position as usize].remove(token, verdict_size);
            }
            fresh.clear();
            // (Worked out on all cores: a verdict is the same whichever
            // thread works it out, and whenever.)
            let changed: Vec<bool> = again
                .par_iter()
                .map(|(position, token, split)| {
                    let mark = asked::mark();
                    let now = split_token(token, self, *position);
                    // (What this asked is no piece of text's.)
                    asked::take_since(mark);
                    now != *split
                })
                .collect();
            for ((position, token, _), changed) in again.iter().zip(changed) {
                let key = asked::key(Asked::Verdict, *position as u32, &[token]);
                if changed && moved.insert(key) {
                    fresh.insert(key);
                }
            }
        }
    }

    /// A word of the dictionary or one the user keeps.
    pub fn is_word(&self, word: &str) -> bool {
        self.lexicon.is_word(word) || self.lexicon.is_kept(word)
    }

    /// A word, or used on its own at least `times` in the file.
    pub fn is_known(&self, word: &str, times: u32) -> bool {
        self.is_word(word) || self.vocabulary.word_at_least(word, times)
    }

    /// A word of the dictionary that the web writes at least `count` times.
    fn listed_at_least(&self, word: &str, count: u64) -> bool {
        self.lexicon
            .dictionary_count(word)
            .is_some_and(|listed| listed >= count)
    }
}

/// Short words that may be one part of a split.
const SHORT_WORDS: &[&str] = &[
    "a", "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my",
    "no", "of", "on", "or", "so", "to", "up", "us", "we",
];

/// Words that glue to an acronym or a capitalised word (`theEU`).
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
];

/// Prefixes that make closed compounds (`postconflict`, `underreported`):
/// a token made of one and a content word is left whole.
const PREFIXES: &[&str] = &[
    "anti", "auto", "bio", "co", "con", "counter", "cross", "cyber", "de", "dis", "eco", "extra",
    "fore", "geo", "hyper", "infra", "inter", "intra", "macro", "mega", "micro", "mid", "mini",
    "mis", "multi", "neo", "non", "out", "over", "post", "pre", "pro", "proto", "pseudo", "quasi",
    "re", "self", "semi", "socio", "sub", "super", "tele", "trans", "ultra", "under", "up", "down",
    "half",
];

/// Heads of closed compounds the policy world writes as one word
/// (`statebuilding`, `rulemaking`, `gatekeepers`, `stakeholders`).
const COMPOUND_HEADS: &[&str] = &[
    "builder", "builders", "building", "holder", "holders", "keeper", "keepers", "keeping",
    "maker", "makers", "making",
];

/// Short words that end a glue (`protectionof`, `thelaw` aside): a split
/// whose second part has three letters or fewer must end in one of these.
const GLUE_WORDS: &[&str] = &[
    "a", "all", "an", "and", "any", "are", "as", "at", "be", "but", "by", "can", "did", "do",
    "for", "had", "has", "her", "his", "how", "if", "in", "is", "it", "its", "may", "new", "no",
    "nor", "not", "now", "of", "on", "one", "or", "our", "own", "so", "the", "to", "two", "up",
    "use", "was", "way", "we", "who", "why", "you",
];

/// Words that follow a capitalised word glued to them (`Nationshave`,
/// `Traffickingin`): a capitalised non-word inside a sentence is split only
/// before one of these. (Not `on`, `as`, `at`: names end so; names that
/// end in `is` or `or` are words of the lists: `Curtis`, `Windsor`.)
const CAPITAL_GLUE_WORDS: &[&str] = &[
    "and", "are", "between", "can", "could", "for", "from", "had", "has", "have", "in", "into",
    "may", "might", "must", "not", "of", "shall", "should", "that", "the", "through", "to",
    "under", "was", "were", "which", "will", "with", "within", "without", "would", "is", "or",
];

/// Verbs that glue to the next word (`beused`), even beside code.
const AUXILIARIES: &[&str] = &[
    "are", "be", "can", "could", "is", "may", "might", "must", "should", "was", "were", "will",
    "would",
];

/// Words that open sentences and glue to the next (`Inrecent`, `Ifthe`).
const OPENERS: &[&str] = &[
    "a",
    "all",
    "also",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "despite",
    "during",
    "each",
    "for",
    "from",
    "however",
    "if",
    "in",
    "it",
    "its",
    "many",
    "more",
    "most",
    "on",
    "one",
    "our",
    "over",
    "please",
    "since",
    "so",
    "some",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "thus",
    "to",
    "under",
    "we",
    "when",
    "where",
    "while",
    "with",
    "yet",
    "you",
    "your",
];

/// Words a number follows (`section3`, `least6`, `over50`).
const NUMBERED: &[&str] = &[
    "about",
    "annex",
    "appendix",
    "around",
    "article",
    "articles",
    "chapter",
    "chapters",
    "clause",
    "clauses",
    "figure",
    "goal",
    "goals",
    "have",
    "here",
    "last",
    "least",
    "level",
    "nearly",
    "only",
    "over",
    "page",
    "pages",
    "paragraph",
    "paragraphs",
    "part",
    "parts",
    "phase",
    "pillar",
    "principle",
    "resolution",
    "rule",
    "rules",
    "some",
    "section",
    "sections",
    "step",
    "steps",
    "table",
    "than",
    "under",
    "until",
    "version",
    "volume",
    "within",
];

/// Months, which a day's number follows (`January1,`).
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Units written right after a number: a share, a temperature (`2%`, `1.5\u{b0}C`).
const UNITS: [&str; 3] = ["%", "\u{b0}C", "\u{b0}F"];

/// Currency codes, which an amount follows (`USD128`).
const CURRENCY_CODES: &[&str] = &[
    "AUD", "CAD", "CHF", "CNY", "EUR", "GBP", "INR", "JPY", "USD",
];

/// Abbreviations that end in a full stop before a capital (`Dr.Smith` is not a glue).
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "art", "ch", "co", "col", "corp", "dept", "dr", "ed", "eds", "etc", "fig",
    "gen", "gov", "inc", "jr", "lt", "ltd", "mr", "mrs", "ms", "mt", "no", "nos", "op", "pp",
    "prof", "rev", "sec", "sgt", "sr", "st", "vol", "vols", "vs",
];

/// Domain endings: `example.Com` is an address, not a sentence.
const DOMAINS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "int", "info", "io", "eu", "uk",
];

/// Words that are also word endings: `tact ion`, `dog less`, `solicit ate`
/// are derived words, not glues (unless a function word comes first: `the age`).
const SUFFIX_WORDS: &[&str] = &[
    "able", "age", "ages", "ant", "ants", "ate", "dom", "ess", "est", "ful", "hood", "ion", "ions",
    "ism", "isms", "ist", "ists", "kin", "led", "less", "let", "lets", "like", "ling", "lings",
    "man", "men", "ness", "ship", "some", "ster", "try", "ward", "wards", "wise",
];

/// A dictionary word this common may be a short part of a split.
const COMMON: u64 = 100_000;
/// A three-letter word this common may start a split (`key`, `law`, `new`).
const COMMON_SHORT: u64 = 10_000_000;
/// A short word this common may end a split after a function word (`the law`).
const VERY_COMMON: u64 = 50_000_000;
/// Web counts below this cost as much as this.
const COUNT_FLOOR: u64 = 1_000;
/// The cost of a token that no list knows: rarer than any listed word.
const UNKNOWN_COST: f64 = 34.0;
/// A split must cost this much (in nats) less than the token.
const SPLIT_MARGIN: f64 = 1.0;
/// A lowercase word this common may follow a capitalised one glued to it
/// inside a sentence (`Westernpartners`; not `Linebender`, `Callstack`).
const VERY_COMMON_TAIL: u64 = 20_000_000;
/// Two content words glued whose costs add up to more than this (rarer
/// than one in e^22 pairs) need other evidence.
const RARE_PAIR_COST: f64 = 22.0;
/// The same, in prose without code for two dictionary words of four
/// letters or more.
const RARE_PROSE_PAIR_COST: f64 = 24.0;
/// The same, for two dictionary words of six letters or more each, which
/// chance splits seldom make (`irregularrainfall`, `forciblydisplaced`).
const RARE_LONG_PROSE_PAIR_COST: f64 = 27.0;
/// How much (in nats) a web count is discounted for a token holding a
/// function word: e^3, twenty times.
const TYPO_DISCOUNT: f64 = 3.0;
/// A CamelCase token this common on the web is a name (`PowerPoint`, `LinkedIn`).
const CAMEL_CASE_NAME: u64 = 100_000;

fn is_lower_word(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase())
}

fn is_upper_word(s: &str) -> bool {
    s.len() >= 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// `inca` → `Inca`: a word with its first letter a capital (if ASCII).
fn capitalise(word: &str) -> String {
    let mut out = word.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// `Word`: a capital, then lowercase letters.
fn is_capitalised(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_uppercase()) && bytes.all(|b| b.is_ascii_lowercase())
}

fn is_function_word(s: &str) -> bool {
    FUNCTION_WORDS.contains(&s.to_ascii_lowercase().as_str())
}

/// A word of the lists of words that glue (any case): function words,
/// sentence openers, short glue words, words that follow a capitalised one.
fn is_glue_word(s: &str) -> bool {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        return is_glue_word(&s.to_ascii_lowercase());
    }
    [GLUE_WORDS, FUNCTION_WORDS, CAPITAL_GLUE_WORDS, OPENERS]
        .iter()
        .any(|list| list.contains(&s))
}

/// Words of grammar that the glue lists lack: determiners, numbers,
/// quantifiers, degree words (`other than`, `three areas`, `just check`).
const GRAMMAR_WORDS: &[&str] = &[
    "been", "being", "both", "each", "eight", "either", "even", "few", "first", "five", "four",
    "just", "last", "less", "much", "neither", "next", "nine", "only", "other", "same", "seven",
    "six", "ten", "than", "three", "very",
];

/// `sec comp`, `bit flags`, `zero copy`, `new type`: two short content
/// words (five letters or fewer, neither a word of grammar) make a term's
/// name more often than a glue.
fn short_content_pair(left: &str, right: &str) -> bool {
    let content = |w: &str| !is_grammar_word(&w.to_ascii_lowercase());
    left.len() <= 5 && right.len() <= 5 && content(left) && content(right)
}

/// A lowercase word of grammar: of the glue lists (which hold a few
/// content words too: `new`, `use`, `way`, `own`), `GRAMMAR_WORDS` or
/// `GRAMMAR_GLUE`.
pub(crate) fn is_grammar_word(lower: &str) -> bool {
    (is_glue_word(lower) && !matches!(lower, "new" | "use" | "way" | "own"))
        || GRAMMAR_WORDS.contains(&lower)
        || GRAMMAR_GLUE.contains(&lower)
}

/// How many times the file must write a split apart for a token it
/// writes whole twice to be split all the same. A lowercase token whole
/// twice and apart once is a name made of its words (`scopeguard` for a
/// scope guard): twice, then. A capitalised one (`Regionalcooperation`)
/// stands first in a title or sentence, where lost line breaks glue words;
/// but one the file writes whole three times or more is its name
/// (`Proptest`, once split by damage as `Prop test`).
fn times_apart(token: &str, evidence: &Evidence) -> u32 {
    if token.bytes().any(|b| b.is_ascii_uppercase())
        && !evidence.vocabulary.token_at_least(token, 3)
    {
        1
    } else {
        2
    }
}

/// A replacement for a token: its new text and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub text: String,
    pub why: &'static str,
}

/// Where a token stands, which says what a capital at its start means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// In a title or contents line: Title Case, capitals mean nothing.
    Title,
    /// First word of a sentence.
    SentenceStart,
    /// Inside a sentence: a capitalised non-word is a name.
    Inside,
}

/// Splits one whitespace-free token if it is words glued together, and
/// the file gives no sign that it is a term of its own.
pub fn split_token(token: &str, evidence: &Evidence, position: Position) -> Option<Split> {
    let mark = asked::mark();
    let kept = &evidence.splits[position as usize];
    let ((split, keys), is_kept) = kept.get_or_make_kept(token, verdict_size, || {
        let split = split_token_afresh(token, evidence, position);
        (split, asked::take_since(mark).into())
    });
    // What asked for this verdict depends on the verdict, which a later
    // round can check (see `Evidence::carry_over`), if it is kept.
    if is_kept {
        asked::note(Asked::Verdict, position as u32, &[token]);
    } else {
        asked::again(&keys);
    }
    split
}

fn verdict_size((split, keys): &(Option<Split>, Arc<[u64]>)) -> usize {
    split.as_ref().map_or(0, |s| s.text.len()) + keys.len() * 8
}

fn split_token_afresh(token: &str, evidence: &Evidence, position: Position) -> Option<Split> {
    let split = find_split(token, evidence, position)?;
    let core = |s: &str| s.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let (token_core, split_core) = (core(token), core(&split.text));
    let vocabulary = evidence.vocabulary;
    // `init`, `anstyle`, `base64`: written in the file's code, or elsewhere
    // whole (unless also apart, or with a function word: `ofthe` recurs).
    // (A word's derived form stays, whichever rule would split it.)
    if vocabulary.in_code(&token_core) || derived_form(&token_core, evidence) {
        return None;
    }
    let lowercase = token_core.bytes().all(|b| !b.is_ascii_uppercase());
    let prose_glue = !vocabulary.has_code() && shows_glue(&split_core, evidence);
    let function_glue = lowercase && prose_glue;
    // `nextTick`, `LiviaMedeiros` (a handle, beside `Livia Medeiros`): a
    // form the file writes whole three times or more, and at least half as
    // often as its words apart, is one of its own; lost line breaks glue
    // words by chance, seldom thrice alike, and `theWorld` twenty times in
    // a long file is outnumbered by `the World` (written apart as often as
    // the count goes, `ENOUGH`: no answer, then).
    // (Not words of grammar alone, `inthe`, nor in prose a function word
    // and a name, `ofEurope`: such glue recurs.)
    let grammar_only = split_core
        .split(' ')
        .all(|w| is_grammar_word(&w.to_ascii_lowercase()));
    if !prose_glue && !grammar_only && vocabulary.token_at_least(&token_core, 3) {
        let apart = vocabulary.phrase_times(&split_core);
        if apart < ENOUGH && 2 * vocabulary.token_times(&token_core) >= apart {
            return None;
        }
    }
    if vocabulary.token_at_least(&token_core, 2)
        && !function_glue
        && !vocabulary.phrase_at_least(&split_core, times_apart(&token_core, evidence))
    {
        return None;
    }
    // `[thiserror]`, `"frontloaded"`: a token quoted or bracketed whole is
    // a term being named, unless a function word shows a glue (`(ofthe)`).
    let opens = token.starts_with(['(', '[', '"', '\u{201c}', '\u{2018}']);
    let closes = token
        .trim_end_matches(['.', ',', ';', ':'])
        .ends_with([')', ']', '"', '\u{201d}', '\u{2019}']);
    // (`"metas"` stays: a function word must open the glue.)
    let has_function_word = split_core
        .split([' ', '-'])
        .next()
        .is_some_and(is_function_word);
    // (A number is no term's name: `(55percent)`, `(IMF2022b)`.)
    let number = split_core.contains(|c: char| c.is_ascii_digit());
    // (`"ThisLicense"`: unless the file writes its words apart.)
    if opens
        && closes
        && !has_function_word
        && !number
        && !split_core.contains(['.', ',', ';', ':'])
        && !vocabulary.phrase_at_least(&split_core, 1)
    {
        return None;
    }
    // `becase`: a very common word with a vowel dropped is a typo, where
    // the split leaves a short word (`be case`).
    let short_part = split_core.split(' ').any(|part| part.len() <= 2);
    if lowercase && short_part && dropped_letter(&token_core, evidence) {
        return None;
    }
    articles_agree(&split_core).then_some(split)
}

/// Whether `word` (five to nine letters) is a very common word with one
/// vowel left out (`becase` for `because`), not words glued together.
fn dropped_letter(word: &str, evidence: &Evidence) -> bool {
    if !(5..=9).contains(&word.len()) || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let mut candidate = String::with_capacity(word.len() + 1);
    (1..word.len()).any(|at| {
        [b'a', b'e', b'i', b'o', b'u'].into_iter().any(|letter| {
            candidate.clear();
            candidate.push_str(&word[..at]);
            candidate.push(letter as char);
            candidate.push_str(&word[at..]);
            // (Not kept in the lexicon's answers: most are no words.)
            evidence
                .lexicon
                .look_up_once(&candidate)
                .is_some_and(|count| count >= VERY_COMMON)
        })
    })
}

/// `an style`, `a example`: a split that breaks the article rule is a
/// chance split (`anstyle`); `an hour`, `a union`, `an SSR` pass.
fn articles_agree(text: &str) -> bool {
    let words: Vec<&str> = text.split([' ', '-']).collect();
    words.windows(2).all(|pair| {
        // (`an \u{201c}age-old`: the word inside a quotation mark.)
        let next = pair[1].trim_start_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = next.bytes().next() else {
            return true;
        };
        if next.len() >= 2 && next.bytes().all(|b| b.is_ascii_uppercase()) {
            return true;
        }
        let vowel = matches!(first.to_ascii_lowercase(), b'a' | b'e' | b'i' | b'o');
        // (`a euro`, `a one-off`: vowels said as consonants.)
        let lower = next.to_ascii_lowercase();
        let said_as_consonant = lower.starts_with("eu") || lower.starts_with("one");
        match pair[0].to_ascii_lowercase().as_str() {
            "an" => vowel || matches!(first.to_ascii_lowercase(), b'h' | b'u'),
            "a" => !vowel || said_as_consonant,
            _ => true,
        }
    })
}

fn find_split(token: &str, evidence: &Evidence, position: Position) -> Option<Split> {
    // Most tokens are plain words, perhaps with a comma or full stop after.
    // (A word in any case: `The`, `Geneva`, `HUMAN`.)
    let plain = token.trim_end_matches(['.', ',', ';', ':']);
    if plain.bytes().all(|b| b.is_ascii_alphabetic()) && evidence.is_word(plain) {
        return split_before_article(plain, token, evidence);
    }
    // (`{stream.Readable}`: braces hold a type or a placeholder, never
    // prose; `--libdir`, `-Wall`: a command's option.)
    let option = token
        .trim_start_matches('-')
        .starts_with(|c: char| c.is_ascii_alphanumeric())
        && token.starts_with('-');
    if token.len() < 3
        || option
        || kebab_case(trim_token(token)) && evidence.vocabulary.has_code()
        || token.contains(['@', '{', '}'])
        || token.contains("www")
        || token.contains("http")
    {
        return None;
    }
    if let Some(split) = split_before_term(token, evidence)
        .or_else(|| split_before_name(token, evidence))
        .or_else(|| split_after_term(token, evidence))
        .or_else(|| split_at_small_name(token, evidence))
        .or_else(|| split_after_i(token, evidence))
        .or_else(|| split_two_names(token, evidence))
        .or_else(|| split_after_name(token, evidence))
        .or_else(|| split_after_comma(token, evidence))
    {
        return Some(split);
    }
    if let Some(split) = split_after_and_or(token, evidence) {
        return Some(split);
    }
    if token.contains(['/', '\\', '_', '=', '#', '&', '<', '>']) {
        return None;
    }
    if let Some(split) = split_after_mark(token, evidence) {
        return Some(split);
    }
    if token.contains('\u{2014}') {
        return split_at_em_dash(token, evidence, position);
    }
    if let Some(split) =
        split_after_compound(token, evidence).or_else(|| split_suspended_hyphen(token, evidence))
    {
        return Some(split);
    }
    if token.contains(|c: char| c.is_ascii_digit()) {
        if let Some(split) =
            split_before_year(token).or_else(|| split_before_numbered_acronym(token))
        {
            return Some(split);
        }
        // (`4(b)and`, `3),the`: a bracket after a number, then a word;
        // `of[c2rust]`: a link's text with a number.)
        let bracket = || {
            token
                .contains(['(', ')', '[', ']'])
                .then(|| split_at_bracket(token, evidence))
                .flatten()
        };
        return split_at_number(token, evidence).or_else(bracket);
    }
    if token.contains(['(', ')', '[', ']', '"', '\u{201c}', '\u{201d}', '\u{2018}']) {
        if let Some(split) = split_at_bracket(token, evidence) {
            return Some(split);
        }
    }
    if token.contains('\u{2013}') {
        return split_at_dash(token, evidence);
    }
    if let Some(split) =
        split_at_initials(token, evidence).or_else(|| split_before_quote(token, evidence))
    {
        return Some(split);
    }
    let core_start = token.find(|c: char| c.is_alphanumeric())?;
    let core_end = token
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric())
        .map(|(i, c)| i + c.len_utf8())?;
    let (lead, core, trail) = (
        &token[..core_start],
        &token[core_start..core_end],
        &token[core_end..],
    );
    // `doin'`, `'Tis`: elisions are words as written.
    // (`developers'` is a plural possessive, not an elision.)
    let elided = |s: &str| s.contains(['\'', '\u{2019}']);
    // (`bydenial\u{2019}`: in prose, a curly closing quotation mark after a
    // function word glued to a longer word is no elision.)
    let quoted_glue = || {
        trail.starts_with('\u{2019}')
            && !evidence.vocabulary.has_code()
            && FUNCTION_WORDS.iter().any(|f| {
                core.strip_prefix(f)
                    .is_some_and(|rest| rest.len() >= 4 && common_word(rest, evidence))
            })
    };
    if elided(lead)
        || (elided(trail) && !core.ends_with('s') && !quoted_glue())
        || !core.chars().all(|c| {
            c.is_ascii_alphabetic()
                || matches!(
                    c,
                    '-' | '\'' | '\u{2019}' | '.' | ',' | ';' | ':' | '!' | '?'
                )
        })
        || evidence.lexicon.is_kept(core)
    {
        return None;
    }
    // Only the first and last parts of a hyphenated compound can hold a
    // word from beyond the lost line break; or, of three parts or more, a
    // middle one where two compounds met (`low-incomeworking-age`).
    let segments: Vec<&str> = core.split('-').collect();
    let last = segments.len() - 1;
    let mut why = None;
    let mut out = Vec::with_capacity(segments.len());
    for (index, segment) in segments.iter().enumerate() {
        // (`forEach-able`: a part the file's code writes is a term.)
        let in_code = last > 0 && evidence.vocabulary.in_code(segment);
        let repaired = if (index == 0 || index == last || last >= 2) && !in_code {
            split_segment(
                segment,
                evidence,
                if index == 0 {
                    position
                } else {
                    Position::Inside
                },
            )
            .or_else(|| {
                let next = segments.get(1).filter(|_| index == 0)?;
                split_before_prefix(segment, next, evidence)
                    .or_else(|| split_article_before_compound(segment, &segments[1..], evidence))
            })
        } else {
            None
        };
        match repaired {
            Some(split) => {
                why.get_or_insert(split.why);
                out.push(split.text);
            }
            None => out.push(segment.to_string()),
        }
    }
    Some(Split {
        text: format!("{lead}{}{trail}", out.join("-")),
        why: why?,
    })
}

/// `test-fs-readfile-tostring-fail`, `no-useless-backreference`: three
/// parts or more in small letters joined by hyphens, none after the first
/// a word of grammar, as tests, files and rules are named; prose joins
/// words so with words of grammar (`state-of-the-art`, `up-to-date`).
fn kebab_case(core: &str) -> bool {
    let parts: Vec<&str> = core.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|part| is_lower_word(part))
        && parts[1..].iter().all(|part| !is_grammar_word(part))
}

/// `typeof`, `mixin`, `sizeof`: a word and a function word after
/// it that the web knows joined, a term beside code (even where the file
/// writes `size of`); `ofthe`, `aswell` open with one, as typos do.
fn term_with_function_word(word: &str, left: &str, right: &str, evidence: &Evidence) -> bool {
    !is_function_word(left)
        && is_function_word(right)
        && evidence.lexicon.web_count(&word.to_ascii_lowercase()) >= COMMON
}

/// Below this web count, a word made of a glue word and `a` is rarer than
/// the glue (`nota`, `fora`; not `whoa`, `area`).
const RARE_JOIN: u64 = 1_000_000;

/// `nota`, `fora`: a glue word and the article, joined into a rare word
/// (`nota bene`, the plural of `forum`) that the file uses nowhere else.
fn split_before_article(plain: &str, token: &str, evidence: &Evidence) -> Option<Split> {
    let count = evidence.lexicon.dictionary_count(plain)?;
    let ok = may_hide_article(plain, count) && !evidence.vocabulary.word_at_least(plain, 2);
    ok.then(|| Split {
        text: format!("{} a{}", &plain[..plain.len() - 1], &token[plain.len()..]),
        why: "a glue word and the article, joined into a rare word",
    })
}

/// Whether a dictionary word (with its web count) may be a glue word and
/// `a` run together (`nota`): the caller then judges it as a token.
pub fn may_hide_article(word: &str, count: u64) -> bool {
    // (Not `Nota`, `Fora`: `Nota Bene` is written so.)
    count < RARE_JOIN
        && word
            .strip_suffix('a')
            .is_some_and(|stem| stem.len() >= 3 && GLUE_WORDS.contains(&stem))
}

/// `whereasnon-governmental`: a word glued to the prefix that opens a
/// hyphenated compound (`non-`, `post-`, `anti-`), before a word.
fn split_before_prefix(segment: &str, next: &str, evidence: &Evidence) -> Option<Split> {
    if !segment.bytes().all(|b| b.is_ascii_alphabetic()) || evidence.is_word(segment) {
        return None;
    }
    let lower = segment.to_ascii_lowercase();
    let prefix = PREFIXES
        .iter()
        .filter(|p| p.len() >= 3 && lower.ends_with(*p))
        .max_by_key(|p| p.len())?;
    let word = &segment[..segment.len() - prefix.len()];
    // (Not two prefixes: `nonself-governing`.)
    let word_ok = (word.len() >= 3 || is_function_word(word))
        && !PREFIXES.contains(&word.to_ascii_lowercase().as_str())
        && (is_lower_word(word) || is_capitalised(word))
        && evidence.is_word(word);
    (word_ok && is_lower_word(next) && evidence.is_word(next)).then(|| Split {
        text: format!("{word} {}", &segment[word.len()..]),
        why: "a word glued to the prefix of a hyphenated compound",
    })
}

/// `theopt-in`, `anon-trivial`: an article glued to the first part of a
/// hyphenated compound. The compound is a word of the dictionary
/// (`non-trivial`), opens with a prefix (`non-goal`), or, after `the` or
/// `an`, opens with a common word the file writes on its own (`opt-in`).
/// (Not `a` and a word: `async-std` is no `a sync-std`.)
fn split_article_before_compound(
    segment: &str,
    rest: &[&str],
    evidence: &Evidence,
) -> Option<Split> {
    let next = rest.first()?;
    if !is_lower_word(segment) || !is_lower_word(next) || !evidence.is_word(next) {
        return None;
    }
    let is_word = evidence.is_word(segment);
    ["the", "an", "a"].into_iter().find_map(|article| {
        let word = segment.strip_prefix(article).filter(|w| w.len() >= 3)?;
        let compound = format!("{word}-{}", rest.join("-"));
        let ok = if is_word {
            // (`anon` is a word, a rare one; `across-the-board`, `amid`
            // and `afore` stay.)
            word == "non"
        } else {
            evidence.is_word(&compound)
                || PREFIXES.contains(&word)
                || article != "a"
                    && common_word(word, evidence)
                    && evidence.vocabulary.word_at_least(word, 1)
        };
        ok.then(|| Split {
            text: format!("{article} {word}"),
            why: "an article glued to a hyphenated compound",
        })
    })
}

/// The copyright sign and `Copyright`: words a year follows (as do `MONTHS`).
const BEFORE_YEAR: &[&str] = &["(c)", "(C)", "\u{a9}", "Copyright", "copyright"];

/// `(c)2017`, `Copyright2010-2014,`, `March1996`: a year glued to the sign
/// or word before it (a range or a mark may follow the year).
fn split_before_year(token: &str) -> Option<Split> {
    BEFORE_YEAR.iter().chain(MONTHS).find_map(|word| {
        let rest = token.strip_prefix(word)?;
        let year = rest.get(..4)?;
        let is_year = (year.starts_with("19") || year.starts_with("20"))
            && year.bytes().all(|b| b.is_ascii_digit());
        let after = &rest[4..];
        let ends =
            after.is_empty() || after.starts_with(['-', '\u{2013}', ',', '.', ';', ':', ')']);
        (is_year && ends).then(|| Split {
            text: format!("{word} {rest}"),
            why: "a year glued to the sign or word before it",
        })
    })
}

/// `part1` as `part 1`: letters and digits with a space between them.
fn spaced(core: &str) -> String {
    let at = core
        .char_indices()
        .skip(1)
        .find(|&(i, c)| c.is_ascii_digit() != core[..i].ends_with(|p: char| p.is_ascii_digit()))
        .map_or(core.len(), |(i, _)| i);
    format!("{} {}", &core[..at], &core[at..])
}

/// Words glued to a name no identifier starts with (see `split_before_term`).
const NAME_OPENERS: &[&str] = &[
    "a", "about", "against", "an", "and", "from", "of", "the", "via", "with",
];

/// `onencoding_rs,`, `a32-bit`, `theApache-2.0`: a function word glued to
/// a term (letters with digits, `_`, `.` or `/`) that the file writes whole
/// elsewhere, and never with the function word.
fn split_before_term(token: &str, evidence: &Evidence) -> Option<Split> {
    let vocabulary = evidence.vocabulary;
    if vocabulary.token_at_least(token, 2) {
        return None;
    }
    // (And prepositions that name a licence or a size: `underCC0`.)
    let mut words = FUNCTION_WORDS.iter().chain(&[
        "under", "over", "into", "via", "than", "about", "against", "see",
    ]);
    words.find_map(|word| {
        let rest = token.get(word.len()..)?;
        // (The word first: most tokens start with none of them.)
        if !token[..word.len()].eq_ignore_ascii_case(word) {
            return None;
        }
        let term = trim_token(rest);
        let letters = term.bytes().filter(u8::is_ascii_alphabetic).count();
        // A term's marks join its parts (`_`, `-`, `.`, `/`, digits); a
        // comma or a full stop before a capital is glue of its own.
        let sentence_glue = term.contains([',', ';', ':', '!', '?', '(', ')', '[', ']', '"'])
            || term
                .as_bytes()
                .windows(2)
                .any(|pair| pair[0] == b'.' && pair[1].is_ascii_uppercase());
        // (A hyphen alone makes a compound, not a term: `non-governmental`.)
        let term_like = term.contains(|c: char| c.is_ascii_digit() || matches!(c, '_' | '.' | '/'));
        // `theKuhn–Munkres`, `aboutUTF-8`, `againstMD5's`: after a word
        // that opens no identifier (not `to`, `on`, `for`, `as`: `toString`,
        // `forEach-able`), a capital and a term's marks show a name, even
        // one the file writes only here.
        // (Written in small letters: `AES-GCM` is no `A ES-GCM`.)
        // (`SeeLICENSE-APACHE`: `see` opens none in any case.)
        let named = (NAME_OPENERS.contains(word) && token.starts_with(word) || *word == "see")
            && rest.starts_with(|c: char| c.is_ascii_uppercase())
            && (term_like || term.contains(['-', '\u{2013}', '\'', '\u{2019}']));
        // (`inCONTRIBUTING.md`, `toISO-2022-JP`: after any of them, a
        // name in capitals with a file's extension or a hyphen.)
        let capitals = rest.bytes().take_while(u8::is_ascii_uppercase).count();
        let shouted_name = token.starts_with(word)
            && word.len() >= 2
            && capitals >= 3
            && matches!(rest.as_bytes().get(capitals), Some(b'.' | b'-'))
            && rest[capitals + 1..].starts_with(|c: char| c.is_ascii_alphanumeric());
        let named = named || shouted_name;
        let ok = rest.starts_with(|c: char| c.is_ascii_alphanumeric())
            && (term_like || named)
            && !sentence_glue
            && letters >= 2
            && (vocabulary.token_at_least(term, 1) || named)
            // The term itself written with glue elsewhere is no evidence.
            && split_token(rest, evidence, Position::Inside).is_none();
        ok.then(|| Split {
            text: format!("{} {rest}", &token[..word.len()]),
            why: "a function word glued to a term the file writes on its own",
        })
    })
}

/// Words no identifier opens with (unlike `is`, `to`, `on`, `get`:
/// `isOpen`, `toString`, `onClick`).
const NO_IDENTIFIER_WORDS: &[&str] = &[
    "although", "because", "but", "of", "our", "see", "since", "than", "that", "the", "their",
    "these", "those", "unless", "until", "via", "whereas", "which", "your",
];

/// Words that open the names of methods that ask or fetch (`isOpen`,
/// `hasValue`, `getItem`, `willClose`).
const ACCESSORS: &[&str] = &[
    "can", "did", "does", "get", "has", "is", "not", "set", "should", "will",
];

/// `toWebAssembly,`, `onlyLatin1`: a word of grammar glued to a name
/// (a capital inside, perhaps digits or marks) that the file writes on its
/// own elsewhere.
fn split_before_name(token: &str, evidence: &Evidence) -> Option<Split> {
    let bytes = token.as_bytes();
    // (A capitalised word first is a name of its own: `AsRef`, `OnePlus`.)
    if !bytes.first().is_some_and(u8::is_ascii_lowercase) {
        return None;
    }
    // (All ASCII before `at`: a character boundary.)
    let at = (1..bytes.len()).find(|&i| !bytes[i].is_ascii_lowercase())?;
    let (left, right) = token.split_at(at);
    let name = trim_token(right);
    // (`butChrono`, `seeTokio`: no identifier opens with these, so a name
    // the file also writes in small letters, as crates are, is no part.)
    let opens_none = NO_IDENTIFIER_WORDS.contains(&left);
    // (`viaGitHub`, `theLicense`: after such a word, a CamelCase name
    // the lists know is one even where the file writes it only here; and
    // so is a capitalised word of theirs after a word no name of a field
    // or a call opens with either: not `seeAlso`, `fromString`.)
    let camel_case = || name.bytes().skip(1).any(|b| b.is_ascii_uppercase());
    let listed = || {
        camel_case() && (evidence.is_word(name) || evidence.lexicon.web_count(name) >= COMMON)
            || matches!(left, "the" | "of" | "via" | "because")
                && name.len() >= 4
                && is_capitalised(name)
                && evidence.is_word(name)
    };
    let known = || evidence.vocabulary.token_at_least(name, 1) || opens_none && listed();
    // (Beside code, `isUint8Array`, `hasTextDecoder`, `willEmitClose`: a
    // question or an accessor opens a method's name.)
    let accessor = ACCESSORS.contains(&left) && evidence.vocabulary.has_code();
    let ok = bytes[at].is_ascii_uppercase()
        && !accessor
        && (is_grammar_word(left) || opens_none)
        && name.len() >= 3
        && name.bytes().any(|b| b.is_ascii_lowercase())
        && known()
        && (opens_none || !identifier_part(left, name, evidence));
    ok.then(|| Split {
        text: format!("{left} {right}"),
        why: "a word glued to a name the file writes on its own",
    })
}

/// `isOpen`, `nextOptions`: a word of grammar, then a capitalised word
/// that the file writes in small letters too, is an identifier in any
/// file, unless the file writes the two apart; `lastModified` is one
/// where the file writes them joined by a hyphen (`Last-Modified`).
fn identifier_part(left: &str, right: &str, evidence: &Evidence) -> bool {
    let vocabulary = evidence.vocabulary;
    // (Beside code, `for each` written apart is no sign against `forEach`:
    // prose writes the words apart anyway.)
    let apart = || !vocabulary.has_code() && vocabulary.has_phrase(&format!("{left} {right}"));
    // (Beside code, `no` opens the names of options: `noCommittish`.)
    let option = left == "no" && vocabulary.has_code();
    // (Written in small letters as often as not: `string`, `timeout`; not
    // `Rust`, which a file may write once as `rust-lang`.)
    // (`Linux`, which the lists hold only with its capital, is a name
    // however the file writes it.)
    let lexicon = evidence.lexicon;
    let name = lexicon.is_listed_as_written(right)
        && !lexicon.is_listed_as_written(&right.to_ascii_lowercase());
    let small_word = || {
        !name
            && (vocabulary.lowercase_at_least(right, 2)
                || vocabulary.lowercase_at_least(right, 1) && !vocabulary.word_at_least(right, 3))
    };
    is_capitalised(right)
        && (option || hyphenated(left, right, evidence) || small_word() && !apart())
}

/// Whether the file writes `left` and `right` joined by a hyphen, in its
/// text or its code (`32-bit`, `Last-Modified`, `compile-time` for
/// `compile times`): a compound it uses, not two words that lost their space.
fn hyphenated(left: &str, right: &str, evidence: &Evidence) -> bool {
    let singular = right.strip_suffix('s').filter(|r| r.len() >= 3);
    [Some(right), singular].into_iter().flatten().any(|r| {
        let joined = format!("{left}-{r}");
        evidence.vocabulary.token_at_least(&joined, 1) || evidence.vocabulary.in_code(&joined)
    })
}

/// Words of grammar that follow a term glued to them (`QuickCheckand`).
const AFTER_TERM_WORDS: &[&str] = &[
    "and", "are", "as", "at", "by", "for", "has", "have", "in", "is", "of", "on", "or", "that",
    "the", "to", "was", "with",
];

/// `token` without the marks that may end it (`word),` → `word`), and
/// those marks.
fn without_trail(token: &str) -> (&str, &str) {
    let core = token.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
    (core, &token[core.len()..])
}

/// A word and its possessive ending (`'s` or `’s`), or the word and "".
fn without_possessive(word: &str) -> (&str, &str) {
    POSSESSIVE_ENDINGS
        .iter()
        .find_map(|p| word.strip_suffix(p).map(|stem| (stem, &word[stem.len()..])))
        .unwrap_or((word, ""))
}

/// `Latin1to`, `UTF-8or`, `QuickCheckand`: a term (a capital inside, or
/// digits) that the file writes on its own elsewhere, glued to a word of
/// grammar after it.
fn split_after_term(token: &str, evidence: &Evidence) -> Option<Split> {
    let (core, trail) = without_trail(token);
    AFTER_TERM_WORDS.iter().find_map(|word| {
        let term = core.strip_suffix(word)?;
        let name = trim_token(term);
        let shape = name.len() >= 2
            && term.ends_with(|c: char| c.is_ascii_alphanumeric())
            // (By bytes: a first letter beyond ASCII is no character boundary.)
            && name.bytes().skip(1).any(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        // (`AllocError` is no `AllocErr or`: the last capitalised word runs
        // on into a word; an acronym's last capital does not: `iOSand`.)
        let last_word = &name[name.rfind(|c: char| c.is_ascii_uppercase()).unwrap_or(0)..];
        let runs_on = is_capitalised(last_word)
            && last_word.len() >= 2
            && evidence.is_word(&format!("{last_word}{word}"));
        if !shape || runs_on {
            return None;
        }
        let why = if evidence.vocabulary.token_at_least(name, 1) {
            "a term the file writes on its own, glued to the word after it"
        } else if camel_case_name(name, word, evidence) {
            "a CamelCase name glued to the word after it"
        } else {
            return None;
        };
        Some(Split {
            text: format!("{term} {word}{trail}"),
            why,
        })
    })
}

/// Words before a name glued to them (`thezlib`, `withoutstd`).
const BEFORE_NAME_WORDS: &[&str] = &[
    "about", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "than", "the",
    "to", "uses", "via", "with", "without",
];

/// How common a word must be to follow a capital letter glued to it
/// (`caller` is, four million times; `arson`, under one, is not).
const COMMON_AFTER_LETTER: u64 = 2_000_000;

/// `nomcan`, `Mioand`, `thezlib`, `withoutstd.`, `Ccaller`: a name that no
/// list knows, in small letters or capitalised to open a sentence, which
/// the file writes on its own twice, glued to a word of grammar after or
/// before it; or a capital letter the file writes alone (`C`), before a
/// common word. Not `stdin` (a web word), nor a token the code writes.
fn split_at_small_name(token: &str, evidence: &Evidence) -> Option<Split> {
    let (core, trail) = without_trail(token);
    let vocabulary = evidence.vocabulary;
    if core.len() < 5
        || !(is_lower_word(core) || is_capitalised(core))
        || evidence.lexicon.web_count(core) > 0
        || vocabulary.in_code(core)
    {
        return None;
    }
    let name = |name: &str| {
        name.len() >= 3
            && !evidence.is_word(&name.to_ascii_lowercase())
            && vocabulary.word_at_least(name, 2)
    };
    let lower = core.to_ascii_lowercase();
    let after = CAPITAL_GLUE_WORDS
        .iter()
        .chain(AFTER_TERM_WORDS)
        .find(|word| lower.strip_suffix(*word).is_some_and(name))
        .map(|word| core.len() - word.len());
    let before = || {
        BEFORE_NAME_WORDS
            .iter()
            .find(|word| lower.strip_prefix(*word).is_some_and(name))
            .map(|word| word.len())
    };
    // (`Ccaller`; a surname is no letter and a word: `Karson`, `Pinca`,
    // where `Inca` is a name and `arson` no word common enough.)
    let letter = || {
        let (first, rest) = core.split_at(1);
        let ok = is_capitalised(core)
            && !matches!(first, "A" | "I" | "O")
            && rest.len() >= 4
            && evidence.listed_at_least(rest, COMMON_AFTER_LETTER)
            && !evidence.lexicon.is_listed_as_written(&capitalise(rest))
            && vocabulary.token_at_least(first, 2);
        ok.then_some(1)
    };
    // (`Synoperates`, `Miogenerally`: or, capitalised, before a common
    // word; in small letters a tool is named so: `zigbuild`. All ASCII:
    // every cut is a character boundary.)
    let word = || {
        let cuts = if is_capitalised(core) {
            3..core.len() - 4
        } else {
            0..0
        };
        cuts.rev().find(|&at| {
            name(&core[..at])
                && is_lower_word(&core[at..])
                && common_after_name(&core[at..], evidence)
        })
    };
    let at = after.or_else(before).or_else(letter).or_else(word)?;
    Some(Split {
        text: format!("{} {}{trail}", &core[..at], &core[at..]),
        why: "a name the file writes on its own, glued to a word",
    })
}

/// `AlexCrichton`, `MartinGeisler`, `RaphLevien`, `WestAfrica`: two names
/// glued, as a first name and a surname or the words of a place are. The
/// first is a name of the dictionary (`Martin`, `West`) or of the web's
/// list (`Raph`; not `Serde`), the second no word in small letters
/// (`Geisler`, `Levien`, `Africa`); after a name only the web knows, no
/// word of the web either (not `MagicaVoxel`). A product's CamelCase name
/// ends in a common word (`JavaScript`, `PowerPoint`, `MacBook`).
fn split_two_names(token: &str, evidence: &Evidence) -> Option<Split> {
    let (core, trail) = without_trail(token);
    let at = core.bytes().skip(1).position(|b| b.is_ascii_uppercase())? + 1;
    let (first, second) = core.split_at(at);
    let lexicon = evidence.lexicon;
    let first_listed = lexicon.is_listed_as_written(first);
    let first_ok = first.len() >= 3
        && (first_listed || !evidence.is_word(first) && lexicon.web_count(first) > 0);
    let second_ok = second.len() >= 4
        && lexicon
            .dictionary_count(&second.to_ascii_lowercase())
            .is_none()
        && (first_listed || evidence.is_word(second) || lexicon.web_count(second) == 0);
    let ok = is_capitalised(first)
        && is_capitalised(second)
        && !SURNAME_PARTICLES.contains(&first)
        && first_ok
        && second_ok
        && !evidence.is_word(core)
        && lexicon.web_count(core) == 0
        && !evidence.vocabulary.in_code(core);
    ok.then(|| Split {
        text: format!("{first} {second}{trail}"),
        why: "two names glued",
    })
}

/// Words that open surnames written as one (`MacCuaig`, `DelBono`).
const SURNAME_PARTICLES: &[&str] = &["Da", "De", "Del", "Della", "Di", "Le", "Mac", "Van", "Von"];

/// Verbs that follow `I` (`Iwas`, `Ithink`).
const AFTER_I: &[&str] = &[
    "am", "believe", "can", "could", "did", "do", "found", "had", "have", "hope", "know", "need",
    "think", "thought", "tried", "use", "used", "want", "wanted", "was", "will", "would", "wrote",
];

/// `Iwas`, `Istumbled`: the pronoun `I` glued to a verb after it (the
/// web's list holds such typos: `iwas`), or to a common past form where
/// the web knows no such word; not a word of the dictionary (`Ido`).
fn split_after_i(token: &str, evidence: &Evidence) -> Option<Split> {
    let (core, trail) = without_trail(token);
    let verb = core.strip_prefix('I').filter(|rest| is_lower_word(rest))?;
    let past = || {
        verb.len() >= 5
            && verb.ends_with("ed")
            && evidence.lexicon.web_count(core) == 0
            && evidence.listed_at_least(verb, COMMON)
    };
    let ok = (AFTER_I.contains(&verb) || past())
        && !evidence.is_word(core)
        && !evidence.vocabulary.in_code(core);
    ok.then(|| Split {
        text: format!("I {verb}{trail}"),
        why: "the pronoun I glued to the verb after it",
    })
}

/// `OpenTypeshaping`, `gb18030range`: a name (a capital inside, or
/// digits) that the file writes on its own elsewhere, glued to a common
/// word of four letters or more in small letters.
fn split_after_name(token: &str, evidence: &Evidence) -> Option<Split> {
    let (core, trail) = without_trail(token);
    let bytes = core.as_bytes();
    let tail = bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_lowercase())
        .count();
    if !core.is_ascii() || tail < 4 || tail == core.len() {
        return None;
    }
    // (All ASCII: every cut is a character boundary.)
    (4..=tail).find_map(|length| {
        let (name, word) = core.split_at(core.len() - length);
        let shape = name.len() >= 3
            && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && name.bytes().all(|b| b.is_ascii_alphanumeric())
            && name
                .bytes()
                .skip(1)
                .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        // (A name in small letters and digits names a crate with a short
        // word: `crc32fast`; `gb18030range` is glued.)
        let lowercase = !name.bytes().any(|b| b.is_ascii_uppercase());
        let word_ok = || (word.len() >= 5 || !lowercase) && evidence.listed_at_least(word, COMMON);
        // (`theMarch` is no name `theM`, though the file writes `them`.)
        let lower_word = || evidence.is_word(&name.to_ascii_lowercase());
        (shape && word_ok() && evidence.vocabulary.token_at_least(name, 1) && !lower_word()).then(
            || Split {
                text: format!("{name} {word}{trail}"),
                why: "a name the file writes on its own, glued to a word after it",
            },
        )
    })
}

/// `ThreadSanitizerthat`, `LunaSVGand`: a CamelCase name (a small letter,
/// then a capital) that ends in a word or an acronym, before a glue word
/// of three letters or more. No name ends so in small letters.
fn camel_case_name(name: &str, word: &str, evidence: &Evidence) -> bool {
    let bytes = name.as_bytes();
    let rises = bytes
        .windows(2)
        .any(|pair| pair[0].is_ascii_lowercase() && pair[1].is_ascii_uppercase());
    let Some(last) = bytes.iter().rposition(u8::is_ascii_uppercase) else {
        return false;
    };
    // (All ASCII up to a capital: `last` is a character boundary.)
    let tail = &name[last..];
    let acronym = tail.len() == 1 && last > 0 && bytes[last - 1].is_ascii_uppercase();
    // (`NewZealand` ends in no `Zeal`, nor `AuthMetadataPlugin` in `Plug`:
    // the word runs on.)
    let runs_on =
        |joined: &str| evidence.is_word(joined) || evidence.lexicon.web_count(joined) >= COMMON;
    let word_end = is_capitalised(tail)
        && tail.len() >= 4
        && evidence.is_word(tail)
        && !runs_on(&format!("{tail}{word}"));
    // (`TrueTypeor`: a short word of grammar after a word that it does not
    // run on.)
    let short_word = matches!(word, "in" | "is" | "of" | "or" | "to") && word_end;
    (word.len() >= 3 || short_word) && name.is_ascii() && rises && (acronym || word_end)
}

/// `high-and low-income`: a suspended hyphen glued to the `and` or `or`
/// after it (no compound ends in `-and`; `rock-and-roll` goes on).
fn split_suspended_hyphen(token: &str, evidence: &Evidence) -> Option<Split> {
    let (head, last) = token.split_once('-')?;
    let ok = matches!(last, "and" | "or")
        && head.len() >= 2
        && (is_lower_word(head) || is_capitalised(head))
        && evidence.is_known(head, 1);
    ok.then(|| Split {
        text: format!("{head}- {last}"),
        why: "a suspended hyphen glued to the word after it",
    })
}

/// `32-bitcounter`, `compile-timetype`: a hyphenated compound the file
/// writes elsewhere, glued to a word after it (a common one, one the file
/// uses, or an acronym: `64-bitSPARC`).
fn split_after_compound(token: &str, evidence: &Evidence) -> Option<Split> {
    let (core, trail) = without_trail(token);
    let (head, last) = core.rsplit_once('-')?;
    if head.is_empty()
        || last.len() < 5
        || !last.bytes().all(|b| b.is_ascii_alphabetic())
        || evidence.is_word(last)
    {
        return None;
    }
    let vocabulary = evidence.vocabulary;
    let word_ok = |w: &str| {
        (is_lower_word(w) && (common_word(w, evidence) || vocabulary.word_at_least(w, 2)))
            || (w.len() >= 3 && is_upper_word(w))
    };
    // (All ASCII letters: every cut is a character boundary.)
    // (`policy-makersat`, `notify-typesis`: a function word or a glue
    // word of two letters may end it.)
    let attested = (2..=last.len() - 2).rev().find(|&at| {
        let (first, word) = last.split_at(at);
        if word.len() < 3 && !is_function_word(word) && !GLUE_WORDS.contains(&word) {
            return false;
        }
        let compound = format!("{head}-{first}");
        // (`trade-offsthat`: or a compound of the dictionary's.)
        is_lower_word(first)
            && word_ok(word)
            && (vocabulary.token_at_least(&compound, 1) || evidence.is_word(&compound))
    });
    // `security-sensitivecontexts`, `128-bitvalue`: a compound of words
    // (or a number) whose last part is two common words the web never
    // writes joined (`per-codepoint` stays; a name written twice or in the
    // file's code stays too, see `split_token`).
    let of_words = || {
        head.split('-').all(|part| {
            part.bytes().all(|b| b.is_ascii_digit())
                || is_lower_word(part) && evidence.is_word(part)
        }) && evidence.lexicon.web_count(last) == 0
    };
    let cut = attested.or_else(|| {
        let common = |w: &str| w.len() >= 3 && is_lower_word(w) && common_word(w, evidence);
        // (`rust-aliasable`: a word ending is no second word; nor is a
        // word of three letters: `windows-bindgen` names a tool.)
        of_words()
            .then(|| {
                (3..=last.len() - 4).rev().find(|&at| {
                    let (first, word) = last.split_at(at);
                    common(first) && common(word) && !SUFFIX_WORDS.contains(&word)
                })
            })
            .flatten()
    })?;
    if vocabulary.token_at_least(core, 2) {
        return None;
    }
    Some(Split {
        text: format!("{head}-{} {}{trail}", &last[..cut], &last[cut..]),
        why: "a hyphenated compound glued to the word after it",
    })
}

/// `PROVIDED"AS`, `IS"AND`: two words about a lone straight quotation
/// mark, which `opens` (then the space goes before it) or closes (after
/// it), as the count of marks before it in the text says.
pub fn split_at_lone_quote(token: &str, opens: bool, evidence: &Evidence) -> Option<Split> {
    let (core, trail) = without_trail(token);
    let (left, right) = core.split_once('"')?;
    let word = |w: &str| {
        w.len() >= 2
            && w.bytes().all(|b| b.is_ascii_alphabetic())
            && evidence.is_known(&w.to_ascii_lowercase(), 1)
    };
    if !word(left) || !word(right) {
        return None;
    }
    let text = if opens {
        format!("{left} \"{right}{trail}")
    } else {
        format!("{left}\" {right}{trail}")
    };
    Some(Split {
        text,
        why: "no space beside a quotation mark",
    })
}

/// `Notes onanstream,` where the file writes `Notes on` twice or more: a
/// function word glued to the term after it, in a place where the file
/// puts that function word after the same word. (Asked only of a token
/// `split_token` leaves whole; the word before must be no word of grammar,
/// which stands before anything.)
pub fn split_after_pair(before: &str, token: &str, evidence: &Evidence) -> Option<Split> {
    let (core, trail) = without_trail(token);
    if !core.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let function = FUNCTION_WORDS
        .iter()
        .filter(|f| f.len() >= 2)
        .find(|f| core.strip_prefix(**f).is_some_and(|rest| rest.len() >= 3))?;
    if evidence.is_word(core) {
        return None;
    }
    let before = before.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    let before_ok = before.len() >= 3
        && before.bytes().all(|b| b.is_ascii_alphabetic())
        && !is_grammar_word(&before.to_ascii_lowercase());
    if !before_ok {
        return None;
    }
    if evidence.is_known(core, 2) || evidence.vocabulary.token_at_least(core, 2) {
        return None;
    }
    let rest = &core[function.len()..];
    // (`then-current`: a word opens the token.)
    let letters = core.split(|c: char| !c.is_ascii_alphabetic()).next()?;
    if evidence.is_word(letters) {
        return None;
    }
    // (`toString`, `onClick`: a capital after it is an identifier's.)
    let rest_ok = rest.starts_with(|c: char| c.is_ascii_lowercase())
        && rest.ends_with(|c: char| c.is_ascii_alphanumeric())
        && evidence.lexicon.web_count(core) == 0
        && !evidence.vocabulary.in_code(core);
    (rest_ok && evidence.vocabulary.pair_count(before, function) >= 2).then(|| Split {
        text: format!("{function} {rest}{trail}"),
        why: "a function word glued to a term, after a word the file writes it after",
    })
}

/// `Karglor Copyright` where the file writes `or Copyright` twice or
/// more: a word glued to the function word the file puts before the next
/// word (the mirror of `split_after_pair`). The next word must be no word
/// of grammar, which anything stands before.
pub fn split_before_pair(token: &str, next: &str, evidence: &Evidence) -> Option<Split> {
    if !token.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let function = FUNCTION_WORDS
        .iter()
        .filter(|f| f.len() >= 2)
        .find(|f| token.strip_suffix(**f).is_some_and(|word| word.len() >= 3))?;
    if evidence.is_word(token) {
        return None;
    }
    let next = next.trim_end_matches(|c: char| !c.is_ascii_alphabetic());
    let next_ok = next.len() >= 3
        && next.bytes().all(|b| b.is_ascii_alphabetic())
        && !is_grammar_word(&next.to_ascii_lowercase());
    if !next_ok {
        return None;
    }
    if evidence.is_known(token, 2) || evidence.vocabulary.token_at_least(token, 2) {
        return None;
    }
    let word = &token[..token.len() - function.len()];
    // (A name, or a word: not `libcollecti on`.)
    let ok = (is_capitalised(word) || evidence.is_known(word, 1))
        && evidence.lexicon.web_count(token) == 0
        && !evidence.vocabulary.in_code(token)
        && evidence.vocabulary.pair_count(function, next) >= 2;
    ok.then(|| Split {
        text: format!("{word} {function}"),
        why: "a word glued to a function word the file writes before the next word",
    })
}

/// Whether `token` opens with a capital and has another after a small
/// letter (`GeneralServices`): what `split_in_name` needs, checked first
/// because most tokens have none.
pub fn capital_inside(token: &str) -> bool {
    let bytes = token.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes
            .windows(2)
            .any(|pair| pair[0].is_ascii_lowercase() && pair[1].is_ascii_uppercase())
}

/// Letters of two capitalised words glued that may be a longer name's
/// (`ArmyNational Guard`, `Prime Minister`), not a product's own, even
/// where the web knows the token a little.
const NAME_OF_WORDS: usize = 12;
/// Letters of each of the two common words for a name glued to stand
/// alone, with no other word of the name beside it (`EuropeanCouncil`).
const LONG_NAME_PART: usize = 5;

/// `the GeneralServices Administration`, `Hungarian PrimeMinister`: in
/// a file without code, two capitalised common words glued, beside a
/// capitalised word of the same name (not one that opens sentences). A
/// name of several words is written so; a product's CamelCase name
/// (`PowerPoint`, `YouTube`) is in the lists, and the file's own names
/// stay (asked only of a token `split_token` leaves whole).
pub fn split_in_name(
    before: Option<&str>,
    token: &str,
    after: Option<&str>,
    evidence: &Evidence,
) -> Option<Split> {
    if evidence.vocabulary.has_code() {
        return None;
    }
    let (core, trail) = without_trail(token);
    let (core, possessive) = without_possessive(core);
    let bytes = core.as_bytes();
    let mut rises = (1..bytes.len())
        .filter(|&i| bytes[i - 1].is_ascii_lowercase() && bytes[i].is_ascii_uppercase());
    let at = rises.next()?;
    if rises.next().is_some() {
        return None;
    }
    let (left, right) = core.split_at(at);
    // (In the case written, `European` being a name of the dictionary's;
    // or an American spelling the web knows well, `Defense`.)
    let common = |w: &str| {
        w.len() >= 3 && (common_word(w, evidence) || evidence.lexicon.web_count(w) >= COMMON_SHORT)
    };
    // (Products and projects take short names, `JetBrains`, `RustCrypto`,
    // `CharString`; a body's or an office's words are longer.)
    let words_ok = is_capitalised(left) && is_capitalised(right) && common(left) && common(right);
    if !words_ok
        || evidence.is_word(core)
        || evidence.lexicon.web_count(core) >= CAMEL_CASE_NAME
        || evidence.vocabulary.in_code(core)
        || evidence.vocabulary.token_at_least(core, 2)
    {
        return None;
    }
    // (`(EU)`, `COP26`: an acronym beside it is the name's too.)
    let name_word = |w: &str| {
        let letters = w.trim_matches(|c: char| !c.is_alphabetic());
        let lower = letters.to_lowercase();
        letters.len() >= 2
            && letters.starts_with(|c: char| c.is_uppercase())
            && !OPENERS.contains(&lower.as_str())
            && !is_function_word(&lower)
    };
    let before_ok =
        before.is_some_and(|b| !b.ends_with(['.', ',', ';', ':', '!', '?', ')']) && name_word(b));
    let after_ok = trail.is_empty() && possessive.is_empty() && after.is_some_and(name_word);
    // (`the EuropeanParliament.`, `EasternEuropean`: two long and common
    // words, which a product's name seldom joins; `ThreadSanitizer` does.)
    let long_word =
        |w: &str| w.len() >= LONG_NAME_PART && evidence.lexicon.web_count(w) >= COMMON_SHORT;
    let long_words = long_word(left) && long_word(right);
    // (`the Nobel PeacePrize`, `WorldWar II`: a short pair of very common
    // words too, beside a capitalised word of the name or its number,
    // where the web knows no such token; `RustCrypto`, `CFF CharString`
    // stay.)
    let very_common = |w: &str| evidence.listed_at_least(&w.to_ascii_lowercase(), COMMON_SHORT);
    let word_of_name = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        is_capitalised(w) || matches!(w, "I" | "II" | "III" | "IV" | "V" | "VI")
    };
    // (`CFF CharString Parser`: beside an acronym, a technical name.)
    let acronym = |w: Option<&str>| {
        w.is_some_and(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            is_upper_word(w) && !word_of_name(w)
        })
    };
    let short_pair = very_common(left)
        && very_common(right)
        && evidence.lexicon.web_count(core) == 0
        && !acronym(before)
        && !acronym(after)
        && (before_ok && before.is_some_and(word_of_name)
            || after_ok && after.is_some_and(word_of_name));
    let beside_name = (before_ok || after_ok) && core.len() >= NAME_OF_WORDS;
    let long_pair = long_words && core.len() >= NAME_OF_WORDS;
    (beside_name || long_pair || short_pair).then(|| Split {
        text: format!("{left} {right}{possessive}{trail}"),
        why: "two capitalised words glued inside a name of several words",
    })
}

/// `flate2,part`, `thumbv7neon,testing`, `UUID,you`: a comma between a
/// term (digits, `_`, `-`, `.` or capitals in it) and a common word in
/// small letters. A comma is glue whatever stands before it; the word after
/// it must be common, so `a,b` and `std,alloc` stay as written.
fn split_after_comma(token: &str, evidence: &Evidence) -> Option<Split> {
    let (left, right) = token.split_once(',')?;
    let (word, trail) = without_trail(right);
    // (`'as-is',without`, `IS",WITHOUT`, `\u{201c}Available\u{201d},\u{201c}Tested\u{201d}`:
    // a quotation closed, then a comma and a word, quoted or not.)
    const QUOTES: [char; 6] = ['\'', '"', '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}'];
    let quoted_word = |w: &str| {
        let inner = w.trim_matches(QUOTES);
        inner.len() >= 2
            && inner.split('-').all(|part| {
                part.bytes().all(|b| b.is_ascii_alphabetic())
                    && evidence.is_word(&part.to_ascii_lowercase())
            })
    };
    let closed = left
        .strip_suffix(['\'', '"', '\u{201d}', '\u{2019}'])
        .is_some_and(|inside| inside.ends_with(|c: char| c.is_alphabetic()));
    if closed && quoted_word(left) && quoted_word(word) && !trail.contains(',') {
        return Some(Split {
            text: format!("{left}, {word}{trail}"),
            why: "no space after a comma after a quotation",
        });
    }
    let left_ok = left.ends_with(|c: char| c.is_ascii_alphanumeric())
        && left.bytes().any(|b| b.is_ascii_alphabetic())
        && left
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        // (A word in small letters is `punctuation_glue`'s, with its guards.)
        && !is_lower_word(left)
        && !is_capitalised(left);
    let common = |w: &str| is_lower_word(w) && evidence.listed_at_least(w, COMMON);
    // (`royalty-free,non-exclusive`: a compound after a compound.)
    let compound = left.contains('-')
        && word.split_once('-').is_some_and(|(prefix, rest)| {
            (common(prefix) || PREFIXES.contains(&prefix)) && common(rest)
        });
    let word_ok = word.len() >= 2 && !trail.contains(',') && (common(word) || compound);
    // `2020,to`, `2024,Crisis`: a number, then a common word (a digit
    // after the comma would make it a thousands separator).
    // (`2.0,updating`: in prose, a decimal too, before a longer word.)
    let decimal = !evidence.vocabulary.has_code()
        && word.len() >= 4
        && left.starts_with(|c: char| c.is_ascii_digit())
        && left.ends_with(|c: char| c.is_ascii_digit())
        && left.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let number = !left.is_empty() && left.bytes().all(|b| b.is_ascii_digit()) || decimal;
    let capitalised_common =
        is_capitalised(word) && word.len() >= 3 && common(&word.to_ascii_lowercase());
    // (`June 5,2026,`: a day, then a year; no thousands are written so.)
    let day_then_year = number && left.len() <= 2 && is_year(word);
    if number && (word_ok || capitalised_common && !trail.contains(',')) || day_then_year {
        return Some(Split {
            text: format!("{left}, {word}{trail}"),
            why: "no space after a comma between a number and a word",
        });
    }
    if left_ok && word_ok {
        return Some(Split {
            text: format!("{left}, {word}{trail}"),
            why: "no space after a comma between two words",
        });
    }
    // `CSS,TTF,`, `PowerVR,PKM`, `(PBM,PGM,`: two names (letters and
    // hyphens, two capitals or more) about a comma, in a list that may go
    // on; clean text puts a space there (`Result<T,E>` and `(0,0)` are no
    // names; `UUID,You` may be a term's).
    let name = |w: &str| {
        w.bytes().filter(u8::is_ascii_uppercase).count() >= 2
            && w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && !w.ends_with('-')
    };
    let name_start = left.find(|c: char| c != '(' && c != '[' && c != '"')?;
    let names = name_start <= 1 && name(&left[name_start..]) && name(word);
    names.then(|| Split {
        text: format!("{left}, {word}{trail}"),
        why: "no space after a comma between two names",
    })
}

/// `and/ordistribute`, `modify,and/or`: the pair `and/or` (a phrase of
/// its own, never a path) glued to a word in small letters.
fn split_after_and_or(token: &str, evidence: &Evidence) -> Option<Split> {
    let (core, trail) = without_trail(token);
    let at = core.find("and/or")?;
    let (before, after) = (&core[..at], &core[at + "and/or".len()..]);
    let word_ok = |w: &str| w.len() >= 3 && is_lower_word(w) && evidence.is_word(w);
    let text = match (before, after) {
        ("", word) if word_ok(word) => format!("and/or {word}{trail}"),
        (word, "") if word.strip_suffix(',').is_some_and(word_ok) || word_ok(word) => {
            format!("{word} and/or{trail}")
        }
        _ => return None,
    };
    Some(Split {
        text,
        why: "no space beside `and/or`",
    })
}

/// A number glued to a word: `in2020`, `the2019`, `60days`, `15and`,
/// `2.License`. Not `4th`, `1990s`, `G20`, `COVID19`, `mp3`, `base64`,
/// `Latin1`, `python3`, `3.5`: the word must be a lowercase or capitalised
/// dictionary word of three letters or more (two for a function word), and
/// before a number a short common word or a year's place (`review2019`);
/// the number plain digits, the token unknown to the web.
fn split_at_number(token: &str, evidence: &Evidence) -> Option<Split> {
    split_number(token, evidence, false)
}

/// `split_at_number`, told whether `token` ends a span of years
/// (`2017-` went before it).
fn split_number(token: &str, evidence: &Evidence, in_span_of_years: bool) -> Option<Split> {
    if let Some(split) = split_at_size(token, evidence) {
        return Some(split);
    }
    // (`G7countries`, `G20economy.`: in prose, an acronym with its number,
    // then a common word in small letters.)
    let (core, trail) = without_trail(token);
    if let Some(at) = core.find(|c: char| c.is_ascii_lowercase()) {
        let (name, word) = core.split_at(at);
        if numbered_acronym(name)
            && !evidence.vocabulary.has_code()
            && word.len() >= 4
            && is_lower_word(word)
            && common_word(word, evidence)
        {
            return Some(Split {
                text: format!("{name} {word}{trail}"),
                why: "a number glued to a word",
            });
        }
    }
    // `May-2020benchmarks`: a number after a hyphen, glued to a word.
    // (A non-breaking hyphen too: `COVID\u{2011}19pandemic`.)
    if let Some((at, hyphen)) = token
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '-' | '\u{2011}'))
    {
        let (head, last) = (&token[..at], &token[at + hyphen.len_utf8()..]);
        if last.starts_with(|c: char| c.is_ascii_digit()) && !head.is_empty() {
            if let Some(split) = split_number(last, evidence, is_year(head)) {
                return Some(Split {
                    text: format!("{head}{hyphen}{}", split.text),
                    why: split.why,
                });
            }
            // `TheCOVID-19`: words glued before a name's number.
            let digits = last.trim_end_matches(['.', ',', ';', ':']);
            if digits.bytes().all(|b| b.is_ascii_digit())
                && head.bytes().all(|b| b.is_ascii_alphabetic())
            {
                if let Some(split) = split_word(head, evidence, Position::Inside) {
                    return Some(Split {
                        text: format!("{}{hyphen}{last}", split.text),
                        why: split.why,
                    });
                }
            }
        }
    }
    // `IFPRI\u{2019}s2020`, `world's510`: in prose, a possessive glued to a number.
    if !evidence.vocabulary.has_code() {
        for ending in POSSESSIVE_ENDINGS {
            if let Some((owner, number)) = token.split_once(ending) {
                let owner_ok = owner.len() >= 2 && owner.bytes().all(|b| b.is_ascii_alphabetic());
                if owner_ok && number.starts_with(|c: char| c.is_ascii_digit()) {
                    return Some(Split {
                        text: format!("{owner}{ending} {number}"),
                        why: "a possessive glued to a number",
                    });
                }
            }
        }
    }
    // `$2billion`, `£1.7trillion`: an amount glued to the word after it.
    if let Some(amount) = token.strip_prefix(['$', '\u{a3}', '\u{20ac}']) {
        let sign = &token[..token.len() - amount.len()];
        if amount.starts_with(|c: char| c.is_ascii_digit()) {
            return split_at_number(amount, evidence).map(|split| Split {
                text: format!("{sign}{}", split.text),
                why: split.why,
            });
        }
    }
    if let Some(split) =
        split_before_amount(token, evidence).or_else(|| split_after_prose_number(token, evidence))
    {
        return Some(split);
    }
    let (core, trail) = without_trail(token);
    let word_ok = |w: &str| {
        (is_lower_word(w) || is_capitalised(w))
            && (w.len() >= 3 || (w.len() == 2 && is_function_word(w)))
            && evidence.is_word(w)
            && (evidence.lexicon.web_count(core) == 0
                || evidence.vocabulary.has_phrase(&spaced(core)))
    };
    let why = "a number glued to a word";
    let digits_end = core
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(core.len());
    if digits_end > 0 {
        // `60days`, or a section number run into its title: `2.License`,
        // `5.2.If`.
        let dotted_end = core
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(core.len());
        let (dotted, after) = core.split_at(dotted_end);
        // `1.85and`, `7.0series`: a version before a short word that
        // glues, or a longer word in small letters.
        let word_after = GLUE_WORDS.contains(&after)
            || after.len() >= 4 && is_lower_word(after) && evidence.is_word(after);
        let version = dotted.contains('.')
            && dotted.ends_with(|c: char| c.is_ascii_digit())
            && word_after
            && evidence.lexicon.web_count(core) == 0;
        if version {
            return Some(Split {
                text: format!("{dotted} {after}{trail}"),
                why,
            });
        }
        // `1.1."Contributor"`: a section's number before a defined term.
        let quoted = after
            .trim_start_matches(['"', '\u{201c}'])
            .trim_end_matches(['"', '\u{201d}']);
        if dotted.ends_with('.')
            && quoted.len() < after.len()
            && is_capitalised(quoted)
            && evidence.is_known(quoted, 1)
        {
            return Some(Split {
                text: format!("{dotted} {after}{trail}"),
                why,
            });
        }
        // (`8.TRANSLATION`: a section's number before a shouted heading.)
        let shouted_heading = dotted.ends_with('.')
            && after.len() >= 3
            && is_upper_word(after)
            && evidence.is_word(after);
        let (number, word) = if dotted.ends_with('.') && (is_capitalised(after) || shouted_heading)
        {
            (dotted.to_string(), after)
        } else {
            let (number, rest) = core.split_at(digits_end);
            (number.to_string(), rest)
        };
        // (`2016JRC`: in prose, a year before an acronym the file writes.)
        let year_then_acronym = is_year(&number)
            && is_upper_word(word)
            && !evidence.vocabulary.has_code()
            && evidence.vocabulary.token_at_least(word, 1);
        // (`2018Artyom`, `2017-2024oyvindln`: a copyright's year, or span
        // of years, before its holder's name; in any file.)
        let year_then_name = is_year(&number)
            && word.len() >= 3
            && word.bytes().all(|b| b.is_ascii_alphabetic())
            && (is_capitalised(word) || in_span_of_years);
        if year_then_acronym || year_then_name {
            return Some(Split {
                text: format!("{number} {word}{trail}"),
                why,
            });
        }
        // (`1of 12`, as pages copied from PDFs say.)
        // (In prose, `16on`, `3or`: no unit is written so.)
        let short_ok = matches!(word, "of" | "and" | "the" | "to")
            || matches!(word, "on" | "or" | "at" | "by") && !evidence.vocabulary.has_code();
        // (After a section's number, a sentence may open with `If`, `In`.)
        let opens = number.ends_with('.')
            && word.len() == 2
            && evidence.is_word(word)
            && evidence.lexicon.web_count(core) == 0;
        // (`32bit` where the file writes `32-bit`: a compound it uses;
        // `8bit`, `5min`: a unit written on its number.)
        let compound = hyphenated(&number, word, evidence) || NUMBER_UNITS.contains(&word);
        let glued = (word.len() >= 3 || short_ok) && word_ok(word) && !compound;
        return (glued || opens || shouted_heading).then(|| Split {
            text: format!("{number} {word}{trail}"),
            why,
        });
    }
    // `v0.9version`, `v2.6.0tera`: a version before a word, or a name the
    // file writes on its own.
    if let Some(rest) = core.strip_prefix(['v', 'V']) {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (version, word) = rest.split_at(end);
        let ok = version.contains('.')
            && version.starts_with(|c: char| c.is_ascii_digit())
            && version.ends_with(|c: char| c.is_ascii_digit())
            && word.len() >= 3
            && is_lower_word(word)
            && (evidence.is_word(word) || evidence.vocabulary.token_at_least(word, 1))
            && evidence.lexicon.web_count(core) == 0;
        if ok {
            return Some(Split {
                text: format!("{} {word}{trail}", &core[..core.len() - word.len()]),
                why,
            });
        }
    }
    // `License.5.`: a sentence's end, then the next section's number.
    if let Some((word, number)) = core.split_once('.') {
        let section = (1..=2).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
        if section
            && trail == "."
            && word.len() >= 3
            && (is_lower_word(word) || is_capitalised(word))
            && evidence.is_word(word)
        {
            return Some(Split {
                text: format!("{word}. {number}{trail}"),
                why,
            });
        }
    }
    // `in2020`: a word, then digits only. (`(Version2.0)`: a bracket may
    // open the token.)
    let letters_end = core.find(|c: char| c.is_ascii_digit())?;
    let (word, number) = core.split_at(letters_end);
    let bracket = if word.starts_with('(') { "(" } else { "" };
    let word = &word[bracket.len()..];
    let lower = word.to_ascii_lowercase();
    // Only digits may follow (`in2020`, not `caf0–`), or a span of years.
    let span = year_span(number);
    let all_digits = number.bytes().all(|b| b.is_ascii_digit()) || span;
    let year = is_year(number) || span;
    // (`ILO2015c`: a citation's year, lettered.)
    let cited_year = number.len() == 5
        && number.as_bytes()[4].is_ascii_lowercase()
        && number[..4].bytes().all(|b| b.is_ascii_digit())
        && matches!(&number[..2], "19" | "20");
    let glue_word = GLUE_WORDS.contains(&lower.as_str()) || OPENERS.contains(&lower.as_str());
    // `tree1`, `python3`, `win32` are identifiers: only words that count
    // or number things take a number glued on, and any word a year.
    // (`Report2010`, `UK2040`: in prose without code, a capitalised
    // common word or an acronym the lists know, before a year.)
    // (`USD2007` is a price level, written so; `USD128` an amount.)
    let currency = CURRENCY_CODES.contains(&word);
    let named_year = (year || cited_year && is_upper_word(word))
        && !evidence.vocabulary.has_code()
        && !currency
        && (is_capitalised(word) && common_word(&lower, evidence)
            || is_upper_word(word) && evidence.is_known(word, 1))
        && evidence.lexicon.web_count(core) == 0;
    // (`Crumbaugh2019;`, `(Smith2020)`: in prose, a citation's name and year.)
    let citation = (year || cited_year)
        && is_capitalised(word)
        && word.len() >= 3
        && matches!(trail, ";" | ")" | ");" | ")," | ").");
    // (`January1,`, `USD128`: a month before its day, a currency before
    // an amount.)
    let day = all_digits && number.len() <= 2 && MONTHS.contains(&word);
    let amount = currency && all_digits && !year;
    let prose_pair = (citation || day || amount) && !evidence.vocabulary.has_code();
    let place_ok = glue_word
        || NUMBERED.contains(&lower.as_str())
        || (year && is_lower_word(word) && common_word(word, evidence));
    // `is1.56.0`, `to2.5`, `Version2.0`: a short glue word (or `version`)
    // before a version or a decimal (no identifier is written so).
    let dotted = number.contains('.')
        && !number.contains("..")
        && number.ends_with(|c: char| c.is_ascii_digit())
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    // (`Section10.2`, `Rust1.69`, `PDF1.7`: a word that numbers things, or
    // a name the file writes on its own, before a section or a version.)
    // (`DigComp2.1`: a CamelCase name too.)
    let name = word.len() >= 3
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && evidence.vocabulary.token_at_least(word, 1);
    let glued_version = dotted
        && (GLUE_WORDS.contains(&word)
            || lower == "version"
            || NUMBERED.contains(&lower.as_str())
            || name)
        && evidence.is_known(word, 1)
        && evidence.lexicon.web_count(core) == 0;
    // `with64-byte`: a glue word before a number's compound.
    let compound = number.split_once('-').is_some_and(|(digits, unit)| {
        !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && unit.len() >= 3
            // (`of20-year-olds`: the unit may be a compound too.)
            && unit.split('-').all(is_lower_word)
    });
    let glued_compound = compound && word.len() >= 2 && glue_word && evidence.is_word(word);
    let glued = place_ok && all_digits && word_ok(word)
        || named_year
        || glued_version
        || glued_compound
        || prose_pair;
    glued.then(|| Split {
        text: format!("{bracket}{word} {number}{trail}"),
        why,
    })
}

/// `TheG7`, `theCOP26`: a function word glued to an acronym with a number.
/// (`AVX2` stays.)
fn split_before_numbered_acronym(token: &str) -> Option<Split> {
    let (core, trail) = without_trail(token);
    let at = core.get(1..)?.find(|c: char| c.is_ascii_uppercase())? + 1;
    let (word, acronym) = core.split_at(at);
    // (Not `A`: `AVX2` is a name.)
    let word_ok = word.len() >= 2
        && (is_lower_word(word) || is_capitalised(word))
        && is_function_word(&word.to_ascii_lowercase());
    (word_ok && numbered_acronym(acronym)).then(|| Split {
        text: format!("{word} {acronym}{trail}"),
        why: "a function word glued to an acronym with a number",
    })
}

/// `G7`, `COP26`, `G20`: capitals, then digits.
fn numbered_acronym(word: &str) -> bool {
    let letters = word.bytes().take_while(u8::is_ascii_uppercase).count();
    letters >= 1
        && letters < word.len()
        && word.len() <= 8
        && word[letters..].bytes().all(|b| b.is_ascii_digit())
}

/// `15%`, `2.5%`: a share.
fn is_share(text: &str) -> bool {
    text.strip_suffix('%').is_some_and(|digits| {
        digits.starts_with(|c: char| c.is_ascii_digit())
            && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    })
}

/// Units of size and width that follow a number (`64KiB`, `32-bit`).
const SIZE_UNITS: &[&str] = &[
    "KiB", "MiB", "GiB", "TiB", "kB", "KB", "MB", "GB", "TB", "-bit", "-byte",
];

/// Units that technical text writes on their number (`8bit`, `5min`).
const NUMBER_UNITS: &[&str] = &["bit", "bits", "byte", "bytes", "min", "mins", "sec", "secs"];

/// `about24.5KiB`, `than64KiB`, `a64-bit`, `~2.8MBof`: a word that glues
/// glued to a size, or a size glued to a word after it. In any file: no
/// identifier is named with a unit of size between words.
fn split_at_size(token: &str, evidence: &Evidence) -> Option<Split> {
    let (core, trail) = without_trail(token);
    let body = core.trim_start_matches('~');
    let lead = &core[..core.len() - body.len()];
    let number_start = body.find(|c: char| c.is_ascii_digit())?;
    let (written, rest) = body.split_at(number_start);
    let number_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, rest) = rest.split_at(number_end);
    let unit = SIZE_UNITS.iter().find(|unit| rest.starts_with(*unit))?;
    let after = &rest[unit.len()..];
    if number.ends_with('.') || !written.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let glue = |w: &str| {
        let lower = w.to_ascii_lowercase();
        // (`a64-bit`, `About24KiB`: small letters after the first;
        // `supports128-bit`: or a common word of four letters or more.)
        w.bytes().skip(1).all(|b| b.is_ascii_lowercase())
            && (is_glue_word(&lower)
                || GRAMMAR_WORDS.contains(&lower.as_str())
                || NUMBERED.contains(&lower.as_str())
                || FINITE_VERBS.contains(&lower.as_str())
                || lower.len() >= 4 && evidence.listed_at_least(&lower, COMMON))
    };
    let text = match (written.is_empty(), after.is_empty()) {
        (false, true) if glue(written) => format!("{lead}{written} {number}{unit}{trail}"),
        (true, false)
            if glue(after)
                || after.len() >= 4 && is_lower_word(after) && evidence.is_word(after) =>
        {
            format!("{lead}{number}{unit} {after}{trail}")
        }
        _ => return None,
    };
    Some(Split {
        text,
        why: "a size glued to a word",
    })
}

/// `1999`, `2020`: four digits that read as a year of the last century or this.
fn is_year(number: &str) -> bool {
    number.len() == 4
        && number.bytes().all(|b| b.is_ascii_digit())
        && matches!(&number[..2], "19" | "20")
}

/// `to\u{a3}1`, `than$36`, `reached60`, `over100,000`, `to2024\u{2013}25`: in
/// a file without code, a word in small letters glued to an amount or a
/// number written as prose writes them (a currency sign, thousands
/// separators, a decimal, a range). Before a currency sign any common
/// word; before a number a word that glues (`to`, `than`) or a past form
/// or an adverb (identifiers are named with neither: `python3`, `lua5.4`).
fn split_before_amount(token: &str, evidence: &Evidence) -> Option<Split> {
    if evidence.vocabulary.has_code() {
        return None;
    }
    let (core, trail) = without_trail(token);
    // (`About1%`: a sentence's first word too.)
    let letters_end = core.find(|c: char| !c.is_ascii_alphabetic())?;
    let (written, amount) = core.split_at(letters_end);
    if !(is_lower_word(written) || is_capitalised(written)) {
        return None;
    }
    let lower = written.to_ascii_lowercase();
    let word = lower.as_str();
    let number = amount.trim_start_matches(['$', '\u{a3}', '\u{20ac}']);
    let currency = number.len() < amount.len();
    let unit = UNITS.into_iter().find(|unit| number.ends_with(unit));
    let share = unit.is_some();
    let decade = number.ends_with("0s");
    let number = &number[..number.len() - unit.map_or(0, str::len)];
    let number = if decade {
        &number[..number.len() - 1]
    } else {
        number
    };
    // (`about1%`, `their30s`, `the2010-19`: a share, a decade or a span of
    // years is as plainly a quantity as an amount of money.)
    let quantity = currency || share || decade || year_span(number);
    // (Million and billion written short: `\u{a3}20.6bn`.)
    let digits = number
        .strip_suffix("bn")
        .or_else(|| number.strip_suffix('m'))
        .unwrap_or(number);
    let prose_number = digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '\u{2013}'))
        && !digits.contains(",,")
        && !digits.contains("..")
        || year_span(digits);
    let plain = digits.bytes().all(|b| b.is_ascii_digit()) && !quantity;
    let glue = GLUE_WORDS.contains(&word) || NUMBERED.contains(&word) || OPENERS.contains(&word);
    // (A past form, an adverb, a long present participle or a word that
    // says how near a number is names no identifier: `reached60`,
    // `approximately17`, `covering80`, `almost6,000`; `python3.8` and
    // `level2` stay.)
    let verb_or_adverb = word.len() >= 5
        && (word.ends_with("ed")
            || word.ends_with("ly")
            || word.len() >= 7 && word.ends_with("ing"))
        && common_word(word, evidence)
        || matches!(
            word,
            "almost" | "below" | "above" | "around" | "roughly" | "nearly"
        );
    let word_ok = if quantity {
        glue || word.len() >= 4 && common_word(word, evidence)
    } else if plain {
        verb_or_adverb
    } else {
        glue || verb_or_adverb
    };
    let ok = prose_number
        && word_ok
        && evidence.lexicon.web_count(core) == 0
        && !evidence.vocabulary.in_code(core);
    ok.then(|| Split {
        text: format!("{written} {amount}{trail}"),
        why: "a word glued to an amount or a number",
    })
}

/// `2010-19`, `2019\u{2013}2024`: a span of years, by a hyphen or an en dash.
fn year_span(number: &str) -> bool {
    let Some((from, to)) = number.split_once(['-', '\u{2013}']) else {
        return false;
    };
    is_year(from) && (to.len() == 2 && to.bytes().all(|b| b.is_ascii_digit()) || is_year(to))
}

/// `added,\u{201d}IFPRI`, `time,\u{201c}Pacific`, `(GFPR).\u{201c}Integrated`,
/// `instruments;4)`: in a file without code, a comma, a full stop or a
/// semicolon after a word, then a quotation mark and a word, or after a
/// semicolon any word or number, with no space: the space goes after a
/// closing mark and before an opening one. (Curly marks only: straight
/// ones open and close alike.)
fn split_after_mark(token: &str, evidence: &Evidence) -> Option<Split> {
    if evidence.vocabulary.has_code() {
        return None;
    }
    let (at, mark) = token
        .char_indices()
        .find(|&(_, c)| matches!(c, ',' | '.' | ';' | ':'))?;
    let (left, rest) = (&token[..at], &token[at + 1..]);
    let word_before = left.ends_with(|c: char| c.is_alphabetic() || c == ')')
        && left.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let (closing, after) = match rest.strip_prefix('\u{201d}') {
        Some(after) => ("\u{201d}", after),
        None => ("", rest),
    };
    let word_after = |w: &str| {
        w.trim_start_matches('\u{201c}')
            .starts_with(|c: char| c.is_alphabetic())
    };
    // (`HDI,Gender`, `2021:Mobilising`: a comma or a colon before a
    // capitalised common word of four letters or more, after a word, an
    // acronym or a number; not `UUID,You`, `std:This1`.)
    let (next, _) = without_trail(after);
    // (`2013,DigComp`, `Finally,G7`: or before a name the file writes on
    // its own that no list holds as a word.)
    let name_after = || {
        next.starts_with(|c: char| c.is_ascii_uppercase())
            && next.len() >= 2
            && next.bytes().all(|b| b.is_ascii_alphanumeric())
            && !evidence.is_word(&next.to_ascii_lowercase())
            && !evidence.is_word(next)
            && evidence.vocabulary.token_at_least(next, 1)
    };
    // (`Since 1990,GAO`: an acronym after a number.)
    let number_before = left.bytes().all(|b| b.is_ascii_digit());
    let capital_after = matches!(mark, ',' | ':')
        && (is_capitalised(next)
            && next.len() >= 4
            && common_word(&next.to_ascii_lowercase(), evidence)
            || name_after()
            || number_before && is_upper_word(next))
        && left.chars().filter(|c| c.is_alphanumeric()).count() >= 2
        && left.ends_with(|c: char| c.is_alphanumeric());
    // (`women,75%`, `jobs:34%`, `Since1990,2000`: a word, then a share
    // or a year.)
    let (amount, _) = without_trail(after);
    let share_or_year = is_share(amount) || is_year(amount);
    let number_after = matches!(mark, ',' | ':')
        && share_or_year
        && left.len() >= 3
        && is_lower_word(left)
        && evidence.is_word(left);
    // (`US:nearly`: a colon before a common word in small letters.)
    let small_after = mark == ':'
        && is_upper_word(left)
        && is_lower_word(next)
        && next.len() >= 4
        && common_word(next, evidence)
        && left.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && left.ends_with(|c: char| c.is_alphabetic());
    let ok = capital_after
        || small_after
        || number_after
        || word_before
            && match (mark, closing) {
                (',' | '.', "\u{201d}") => word_after(after),
                (',' | '.', _) => after.starts_with('\u{201c}') && word_after(after),
                (';', _) => after
                    .starts_with(|c: char| c.is_alphanumeric() || matches!(c, '\u{201c}' | '(')),
                _ => false,
            };
    ok.then(|| Split {
        text: format!("{left}{mark}{closing} {after}"),
        why: "no space after a mark between two words",
    })
}

/// `40%and`, `100,000in`, `2,200a`, `5.1per`, `20\u{2013}35percent`, `1990sor`:
/// in a file without code, a number as prose writes it (thousands
/// separators, a decimal, a range, a per cent sign, a decade's `s`) glued
/// to a word after it: a word that glues, or a common one of four letters
/// or more. (Plain digits before a word are `split_at_number`'s.)
fn split_after_prose_number(token: &str, evidence: &Evidence) -> Option<Split> {
    if evidence.vocabulary.has_code() {
        return None;
    }
    let (core, trail) = without_trail(token);
    // (`~40percent`, `(55percent)`: an approximate number, or one in brackets.)
    let (lead, core) = match core.strip_prefix(['~', '(']) {
        Some(rest) => (&core[..1], rest),
        None => ("", core),
    };
    let end = core
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.' | '\u{2013}')))
        .unwrap_or(core.len());
    let (number, rest) = core.split_at(end);
    let marked = number.contains([',', '.', '\u{2013}']);
    // (`20thAnniversary`, `21stcentury`: an ordinal's ending.)
    let ordinal = Some(ordinal_ending(number)).filter(|ending| {
        number.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(ending) && rest.len() > 2
    });
    // (`1.5\u{b0}Cin`: a temperature's unit.)
    let unit = UNITS.into_iter().find(|unit| rest.starts_with(unit));
    let (sign, word) = match (unit, ordinal) {
        (Some(unit), _) => (unit, &rest[unit.len()..]),
        (None, Some(ending)) => (ending, &rest[ending.len()..]),
        // (A decade: four digits or two ending in 0, then `s`: `30sand`
        // is `30s and`.)
        (None, None) if matches!(number.len(), 2 | 4) && number.ends_with('0') => {
            match rest.strip_prefix('s') {
                Some(word) if GLUE_WORDS.contains(&word) => ("s", word),
                _ => ("", rest),
            }
        }
        (None, None) => ("", rest),
    };
    // (`40percent`: no identifier ends so.)
    let per = matches!(word, "per" | "percent");
    let number_ok = number.starts_with(|c: char| c.is_ascii_digit())
        && number.ends_with(|c: char| c.is_ascii_digit())
        && !number.contains(",,")
        && !number.contains("..")
        && (marked || !sign.is_empty() || per);
    // (After a per cent sign, any word: `34%say`.)
    let word_ok = is_lower_word(word)
        && (GLUE_WORDS.contains(&word)
            || per
            || word.len() >= 4 && common_word(word, evidence)
            || sign == "%" && word.len() >= 2 && evidence.is_word(word))
        || ordinal.is_some()
            && is_capitalised(word)
            && word.len() >= 4
            && common_word(&word.to_ascii_lowercase(), evidence);
    (number_ok && word_ok && evidence.lexicon.web_count(core) == 0).then(|| Split {
        text: format!("{lead}{number}{sign} {word}{trail}"),
        why: "a number glued to a word",
    })
}

/// The ending an ordinal of `number` takes: `1st`, `2nd`, `13th`, `36th`.
fn ordinal_ending(number: &str) -> &'static str {
    let tens = number.len() >= 2 && number.as_bytes()[number.len() - 2] == b'1';
    match number.as_bytes().last() {
        Some(b'1') if !tens => "st",
        Some(b'2') if !tens => "nd",
        Some(b'3') if !tens => "rd",
        _ => "th",
    }
}

/// A bracket or quotation mark between two words with no space on its
/// outer side: `and(for`, `work)run`, `version"of`, `The"Document",`.
/// Not `organisation(s)` nor a word quoted whole.
fn split_at_bracket(token: &str, evidence: &Evidence) -> Option<Split> {
    if let Some(split) =
        split_before_gloss(token, evidence).or_else(|| split_after_gloss(token, evidence))
    {
        return Some(split);
    }
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    let letter = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_ascii_alphabetic());
    let mut cuts = Vec::new();
    let straight_quotes = token.matches('"').count();
    let mut quotes = 0;
    // `Contribution(s)alone`: a plural marker opens no bracket.
    let plural = |i: usize| {
        let text = |j: usize| chars.get(j).map(|&(_, c)| c);
        text(i) == Some('(') && text(i + 1) == Some('s') && text(i + 2) == Some(')')
    };
    for (i, &(at, c)) in chars.iter().enumerate() {
        if plural(i) {
            continue;
        }
        let opening = match c {
            '(' | '[' | '\u{201c}' | '\u{2018}' => true,
            ')' | ']' | '\u{201d}' => false,
            // A straight quote opens or closes: known when the token holds
            // both (`The"Document",`); a lone one closes a quote the token
            // opened (`"Software"means`) or comes before a function word
            // (`version"of`), and opens one after it (`was"Never`).
            '"' if straight_quotes == 2 => {
                quotes += 1;
                quotes == 1
            }
            '"' if straight_quotes == 1 => {
                let glue = |w: &str| is_function_word(w) || GLUE_WORDS.contains(&w);
                let (before, after) = (&token[..at], &token[at + 1..]);
                let word_after = after.trim_end_matches(|c: char| !c.is_ascii_alphabetic());
                let word_before = before.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
                // (`License"means`: a defined term closes before a verb.)
                let term_closes = is_capitalised(word_before)
                    && word_after.len() >= 3
                    && is_lower_word(word_after);
                // (`or"it`: after a function word a quote opens.)
                if before.starts_with('"') {
                    false
                } else if is_function_word(word_before) && !word_after.is_empty() {
                    true
                } else if glue(word_after) || term_closes {
                    false
                } else if glue(word_before) {
                    true
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        // `budget).Despite`, `(UN).Member`: a closing bracket, a mark, a word.
        let mark_after = !opening
            && chars
                .get(i + 1)
                .is_some_and(|&(_, m)| matches!(m, '.' | ',' | ';' | ':'))
            && letter(i + 2);
        // (`(Section 3),the`: a number in brackets closes too.)
        let closed = |j: usize| {
            letter(j)
                || chars.get(j).is_some_and(|&(_, c)| c.is_ascii_digit())
                || chars
                    .get(j)
                    .is_some_and(|&(_, c)| matches!(c, ')' | '"' | '\u{201d}'))
        };
        if mark_after && i > 0 && closed(i - 1) {
            cuts.push(chars[i + 1].0 + 1);
            continue;
        }
        // `list.)For`: a sentence ends inside the bracket.
        let ends_inside = i > 0 && matches!(chars[i - 1].1, '.' | '!' | '?');
        if !opening && ends_inside && letter(i + 1) {
            cuts.push(at + c.len_utf8());
            continue;
        }
        // `fails.(Spec`: a sentence ends before the bracket opens.
        let after_mark = opening
            && i >= 2
            && matches!(chars[i - 1].1, '.' | ',' | ';')
            && letter(i - 2)
            && letter(i + 1);
        // (`"Your")shall`, `(0,0)at`: a quotation or a number closes too.)
        let after_closed = !opening && i > 0 && closed(i - 1) && letter(i + 1);
        if !(i > 0 && letter(i - 1) && letter(i + 1) || after_mark || after_closed) {
            continue;
        }
        cuts.push(if opening { at } else { at + c.len_utf8() });
    }
    let [cut] = cuts.as_slice() else {
        return None;
    };
    let (left, right) = token.split_at(*cut);
    // The words either side of the cut, without their other punctuation.
    let letters = |s: &str| {
        s.trim_matches(|c: char| !c.is_ascii_alphabetic())
            .to_string()
    };
    let (left_word, right_word) = (letters(left), letters(right));
    // (`Contribution(s)`: the word is before its plural marker.)
    let left_word = match left_word.strip_suffix("(s") {
        Some(word) => word.to_string(),
        None => left_word,
    };
    // `Copyright(c)`: the copyright sign written in letters.
    let sign = right.trim_end_matches(['.', ',', ';', ':']);
    if left_word.eq_ignore_ascii_case("copyright") && matches!(sign, "(c)" | "(C)") {
        return Some(Split {
            text: format!("{left} {right}"),
            why: "no space between a word and a bracket or quotation mark",
        });
    }
    // `Chaining(CBC)`: an acronym glossing the words before it, the last
    // of which gives its last letter.
    let glossed = right
        .trim_end_matches(['.', ',', ';', ':'])
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .filter(|acronym| is_upper_word(acronym));
    let spelled = glossed.is_some_and(|acronym| {
        left.len() >= 4
            && is_capitalised(left)
            && evidence.is_word(left)
            && acronym.ends_with(&left[..1])
    });
    if spelled {
        return Some(Split {
            text: format!("{left} {right}"),
            why: "no space before an acronym in brackets",
        });
    }
    // `testing(i.e.,`: a Latin abbreviation opens a gloss, not a call.
    let latin = matches!(right_word.as_str(), "i.e" | "e.g");
    // `findUp(name,`, `.set(key,`: beside code, a word before an opening
    // bracket is a call, unless it is a word of grammar (`and(for`).
    // (`has(object,`, `first(arr,`: any word before arguments is a call;
    // `createError[code`: a word before an open square bracket an index.)
    let arguments = right.ends_with(',') && !right.contains(')');
    let call = right.starts_with('(')
        && !latin
        && !left.ends_with(['.', ',', ';'])
        && (left.starts_with('.')
            || arguments
            || !is_grammar_word(&left_word.to_ascii_lowercase()));
    let index = right.starts_with('[')
        && !right.contains(']')
        && !is_grammar_word(&left_word.to_ascii_lowercase());
    if (call || index) && evidence.vocabulary.has_code() {
        return None;
    }
    // `the[rust-libxml]`, `[rust-libxml]wrapper`: square brackets round a
    // name hold a link's text (its address lost); a word in small letters
    // beside them is glue. (`items[index]` beside code is an index.)
    let link_text = |s: &str| {
        let inner = s.trim_end_matches(['.', ',', ';', ':']);
        inner.starts_with('[')
            && inner.ends_with(']')
            && inner[1..inner.len() - 1]
                .bytes()
                .filter(u8::is_ascii_alphanumeric)
                .count()
                >= 3
            && inner.bytes().any(|b| b.is_ascii_alphabetic())
            && !inner[1..inner.len() - 1].contains(['[', ']'])
    };
    let plain_word = |w: &str| is_lower_word(w) && w.len() >= 2 && evidence.is_word(w);
    let no_code = !evidence.vocabulary.has_code();
    let before_link = link_text(right) && left == left_word && plain_word(left);
    let after_link = link_text(left) && right.trim_end_matches(['.', ',', ';', ':']) == right_word;
    if (before_link || after_link && plain_word(&right_word))
        && (no_code || is_grammar_word(&left_word) || after_link)
    {
        return Some(Split {
            text: format!("{left} {right}"),
            why: "no space between a word and a link's bracketed text",
        });
    }
    // `derive(Error)`, `time(NEON)`: a call or a gloss closed inside the
    // token is written so on purpose (but `or(ii)` is a list in a sentence).
    let closes_inside = |open: char, close: char| {
        right.starts_with(open)
            && right
                .find(close)
                .is_some_and(|at| !right[at..].contains(|c: char| c.is_ascii_alphabetic()))
    };
    let list_marker = |w: &str| {
        matches!(
            w,
            "a" | "b" | "c" | "d" | "i" | "ii" | "iii" | "iv" | "v" | "vi"
        )
    };
    // (`or(ii)`, `not(i)`, `either(a)`, `worldwide,(ii)`: a word of
    // grammar or a comma before a marker.)
    let enumerates = |w: &str| {
        list_marker(w)
            && (is_grammar_word(&letters(left).to_ascii_lowercase()) || left.ends_with([',', ';']))
    };
    // (No call is named `the`: `the[ChaCha]` is glue.)
    let after_function_word = is_function_word(&left_word) && right_word.len() >= 3;
    if (closes_inside('(', ')') || closes_inside('[', ']'))
        && !enumerates(&right_word)
        && !after_function_word
    {
        return None;
    }
    let word_ok = |w: &str| {
        w.bytes().all(|b| b.is_ascii_alphabetic())
            // (`precise).So`: a short word of grammar in any case.)
            && (w.len() >= 3 || is_glue_word(w))
            && evidence.is_known(w, 1)
            // (`well-being(high`, `an\u{201c}age-old`: a compound of words.)
            || w.contains('-')
                && !w.contains("--")
                && w.split('-').all(|part| part.len() >= 2 && evidence.is_known(part, 1))
    };
    // `(UN).Member`: a bracketed gloss stands for itself; after a full
    // stop a sentence starts.
    // `(ii)for`: a list marker before a function word.
    let number_closed = left
        .trim_start_matches('(')
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit())
        && left_word.is_empty()
        && left.trim_end_matches(['.', ',', ';', ':']).ends_with(')');
    // `(b)describe`: a bracketed list marker opens an item; but
    // `(a)synchronous` brackets a word's first letters.
    let bracketed_start = left == format!("({left_word})");
    if bracketed_start && evidence.is_word(&format!("{left_word}{right_word}")) {
        return None;
    }
    // (`(c)YEAR`, `(a)The`: or before a capitalised or shouted word.)
    let item = bracketed_start
        && list_marker(&left_word)
        && (is_lower_word(&right_word) || right_word.len() >= 3 && evidence.is_word(&right_word));
    let gloss = left.starts_with('(') && left.ends_with(['.', ',', ';', ':'])
        || number_closed
        || item
        || list_marker(&left_word) && left.ends_with(')') && is_function_word(&right_word);
    let sentence_ok = !left.ends_with('.') || is_capitalised(&right_word);
    // `U+0100).Checks`: a bracket closed at a sentence's end.
    let sentence_after =
        (left.ends_with(").") || left.ends_with("].")) && is_capitalised(&right_word);
    let right_ok = word_ok(&right_word) || enumerates(&right_word) || latin;
    ((gloss || sentence_after || word_ok(&left_word)) && right_ok && sentence_ok).then(|| Split {
        text: format!("{left} {right}"),
        why: "no space between a word and a bracket or quotation mark",
    })
}

/// `of'high-risk'`, `a'risk-based`: in prose without code, a function
/// word, then a straight quotation mark opening a quoted word (no word
/// is elided so: `o'clock`, `y'all` open with no function word).
fn split_before_quote(token: &str, evidence: &Evidence) -> Option<Split> {
    if evidence.vocabulary.has_code() {
        return None;
    }
    let (left, right) = token.split_once('\'')?;
    let words_ok = |text: &str| {
        text.len() >= 3
            && text
                .split('-')
                .all(|part| is_lower_word(part) && evidence.is_known(part, 1))
    };
    // (`'unacceptable'risks`, `'high-risk'AI`: a quotation closed, then a
    // word in small letters or an acronym the file writes.)
    if left.is_empty() {
        let (quoted, after) = right.split_once('\'')?;
        let (word, _) = without_trail(after);
        let word_ok = word.len() >= 2
            && word.bytes().all(|b| b.is_ascii_alphabetic())
            && (is_lower_word(word) || is_upper_word(word))
            && evidence.is_known(word, 1);
        return (words_ok(quoted) && word_ok).then(|| Split {
            text: format!("'{quoted}' {after}"),
            why: "no space after a quotation mark",
        });
    }
    let quoted = right.trim_end_matches(|c: char| !c.is_ascii_alphabetic());
    // (`presenting'unacceptable'`: after any word, when the quotation
    // closes in the token.)
    let closes = without_trail(right).0.ends_with('\'');
    let left_ok = is_function_word(left)
        || closes && left.len() >= 3 && is_lower_word(left) && evidence.is_word(left);
    (left_ok && words_ok(quoted)).then(|| Split {
        text: format!("{left} '{right}"),
        why: "no space before a quotation mark",
    })
}

/// `theU.S.`, `deployedU.S.`, `U.S.China\u{2019}s`: initials with full
/// stops (two or more) glued to a word in small letters before them, or to
/// a capitalised word after them (`e.g.` and `i.e.` are small letters).
fn split_at_initials(token: &str, evidence: &Evidence) -> Option<Split> {
    let bytes = token.as_bytes();
    let pair =
        |i: usize| i + 1 < bytes.len() && bytes[i].is_ascii_uppercase() && bytes[i + 1] == b'.';
    let start = (0..bytes.len()).find(|&i| pair(i) && pair(i + 2))?;
    let mut end = start;
    while pair(end) {
        end += 2;
    }
    let (before, initials, after) = (&token[..start], &token[start..end], &token[end..]);
    // (`disarmament.U.S.`: a sentence ends before the initials.)
    let (before, stop) = match before.strip_suffix('.') {
        Some(word) if word.len() >= 4 && !evidence.vocabulary.has_code() => (word, "."),
        _ => (before, ""),
    };
    // (`TheU.S.`: a capitalised word that opens sentences too.)
    let opener = is_capitalised(before) && OPENERS.contains(&before.to_ascii_lowercase().as_str());
    let before_ok = before.is_empty()
        || opener
        || is_lower_word(before)
            && (is_function_word(before)
                || GLUE_WORDS.contains(&before)
                || before.len() >= 4 && common_word(before, evidence));
    let (word, trail) = without_trail(after);
    let (name, _) = without_possessive(word);
    // (`U.S.interference`: in prose without code, a common word after.)
    let after_ok = word.is_empty()
        || is_capitalised(name)
            && name.len() >= 3
            && (evidence.is_known(name, 1) || common_word(&name.to_ascii_lowercase(), evidence))
        || is_lower_word(name)
            && name.len() >= 3
            && !evidence.vocabulary.has_code()
            && common_word(name, evidence);
    if !before_ok || !after_ok || before.is_empty() && word.is_empty() {
        return None;
    }
    let mut text = String::from(before);
    text.push_str(stop);
    if !before.is_empty() {
        text.push(' ');
    }
    text.push_str(initials);
    if !word.is_empty() {
        text.push(' ');
    }
    text.push_str(word);
    text.push_str(trail);
    Some(Split {
        text,
        why: "initials glued to a word",
    })
}

/// `(AI)act`, `(FY)2022.`, `(1)a`: in a file without code, an acronym
/// or an item's number in brackets, then a word or a number with no space.
/// (`(s)he` and `(a)synchronous` bracket letters of a word.)
fn split_after_gloss(token: &str, evidence: &Evidence) -> Option<Split> {
    if evidence.vocabulary.has_code() {
        return None;
    }
    let close = token.find(')')?;
    let inner = token.strip_prefix('(')?.get(..close - 1)?;
    let (after, trail) = without_trail(&token[close + 1..]);
    let item = (1..=2).contains(&inner.len()) && inner.bytes().all(|b| b.is_ascii_digit());
    // (`(15%)say`: a share in brackets.)
    let share = is_share(inner);
    // (`(COVID-19)crisis`, `(EPA\u{2019}s)Climate`: an acronym with its
    // number or possessive.)
    let (owner, _) = without_possessive(inner);
    let acronym = match owner.split_once('-') {
        Some((head, number)) => is_upper_word(head) && number.bytes().all(|b| b.is_ascii_digit()),
        None => is_upper_word(owner),
    };
    let word = (after.len() >= 3 || is_function_word(after))
        && is_lower_word(after)
        && evidence.is_word(after)
        || acronym
            && is_capitalised(after)
            && after.len() >= 4
            && common_word(&after.to_ascii_lowercase(), evidence);
    let number = after.len() >= 2 && after.bytes().all(|b| b.is_ascii_digit());
    let ok = (item || acronym || share) && (word || number && !item && !share);
    ok.then(|| Split {
        text: format!("({inner}) {after}{trail}"),
        why: "no space after a gloss or an item's number in brackets",
    })
}

/// `Goals(MDGs)`, `Blanchard(2021),`, `Exiles(ecre)`: in a file without
/// code, a capitalised word before an acronym, a year or a word in
/// brackets (or a common word or a possessive before an acronym) is a
/// name and its gloss (prose writes no calls; `derive(Error)`,
/// `Copyright(cc)` and `Contribution(s)` stay).
fn split_before_gloss(token: &str, evidence: &Evidence) -> Option<Split> {
    if evidence.vocabulary.has_code() {
        return None;
    }
    let (left, right) = token.split_at(token.find('(')?);
    let inner = right
        .trim_end_matches(['.', ',', ';', ':'])
        .strip_prefix('(')?
        .strip_suffix(')')?;
    // (`Defense(DoD)`, `Agency's(EPA's)`: an acronym in mixed case, or
    // with its possessive.)
    let (inner_owner, _) = without_possessive(inner);
    let mixed_acronym = |w: &str| {
        (2..=6).contains(&w.len())
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.ends_with(|c: char| c.is_ascii_uppercase())
            && w.bytes().all(|b| b.is_ascii_alphabetic())
    };
    // (`Programs(GAO-06-97)`: or a report's number after an acronym.)
    let numbered = inner.split_once('-').is_some_and(|(head, number)| {
        is_upper_word(head) && number.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    });
    let acronym = is_upper_word(inner)
        || inner.strip_suffix('s').is_some_and(is_upper_word)
        || mixed_acronym(inner_owner)
        || numbered
        || numbered_acronym(inner);
    // (`addressed(1)`, `women(15%)`: a word before an item's number or a share.)
    let digits = inner.trim_end_matches('%');
    let item = is_lower_word(left)
        && left.len() >= 2
        && evidence.is_word(left)
        && (1..=3).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.len() <= 2 || digits.len() < inner.len());
    let number = inner.len() >= 2 && inner.bytes().all(|b| b.is_ascii_digit());
    let word = inner.len() >= 3 && is_lower_word(inner);
    // (`assessment(IA)`, `Development\u{2019}s(OECD)`: a common word of six
    // letters or more, or a possessive, before an acronym; `time(NEON)`
    // may name a call.)
    let (owner, possessive) = without_possessive(left);
    let word_before = (is_lower_word(left) && left.len() >= 6 && common_word(left, evidence))
        || !possessive.is_empty() && is_capitalised(owner) && owner.len() >= 3;
    // (`AI(GPAI)`: an acronym glossed by a longer one.)
    let acronym_before = is_upper_word(left) && acronym && inner.len() > left.len();
    let ok = is_capitalised(left) && left.len() >= 3 && (acronym || number || word)
        || (word_before || acronym_before) && acronym
        || item;
    ok.then(|| Split {
        text: format!("{left} {right}"),
        why: "no space between a name and its gloss in brackets",
    })
}

/// `reforms–notably`: an en dash between two words, where the file
/// writes it with spaces elsewhere (`Kuhn–Munkres`, `1990–2000`, and an
/// unspaced em dash, a style of its own, stay as written).
fn split_at_dash(token: &str, evidence: &Evidence) -> Option<Split> {
    let (at, dash) = token.char_indices().find(|&(_, c)| c == '\u{2013}')?;
    let (left, right) = (&token[..at], &token[at + dash.len_utf8()..]);
    let left_word = left.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    let right_word = right.trim_end_matches(|c: char| !c.is_ascii_alphabetic());
    // (The token itself makes its words known once: `win–winworkplace`.)
    let word_ok = |w: &str| {
        w.len() >= 2
            && w.bytes().all(|b| b.is_ascii_alphabetic())
            && !is_upper_word(w)
            && evidence.is_known(w, 2)
    };
    // (`Armenia–Azerbaijan` joins two names; `win–win` repeats a word.)
    let names = is_capitalised(left_word) && is_capitalised(right_word)
        || left_word.eq_ignore_ascii_case(right_word);
    // `reforms –notably`: one space lost, the dash stays with its word.
    let side_ok = |edge: &str, word: &str| edge.is_empty() || word_ok(word);
    (side_ok(left, left_word)
        && side_ok(right, right_word)
        && !(left.is_empty() && right.is_empty())
        && !names
        && evidence.vocabulary.spaces_en_dashes())
    .then(|| Split {
        text: format!("{left} {dash} {right}").trim().to_string(),
        why: "a dash the file spaces elsewhere, between two words",
    })
}

/// `sustainedinvestment—from`, `by2015—five`: an unspaced em dash is a
/// style of its own, so the words on either side of it are judged apart,
/// each as a token, and the dashes kept where they were.
fn split_at_em_dash(token: &str, evidence: &Evidence, position: Position) -> Option<Split> {
    let mut why = None;
    let mut pieces = Vec::new();
    for (index, piece) in token.split('\u{2014}').enumerate() {
        let at = if index == 0 {
            position
        } else {
            Position::Inside
        };
        let split = (!piece.is_empty())
            .then(|| find_split(piece, evidence, at))
            .flatten();
        match split {
            Some(split) => {
                why.get_or_insert(split.why);
                pieces.push(split.text);
            }
            None => pieces.push(piece.to_string()),
        }
    }
    Some(Split {
        text: pieces.join("\u{2014}"),
        why: why?,
    })
}

/// A hyphen-free part of a token: punctuation glue first, then each side.
fn split_segment(segment: &str, evidence: &Evidence, position: Position) -> Option<Split> {
    let marks: Vec<(usize, char)> = segment
        .char_indices()
        .filter(|(_, c)| matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
        .collect();
    match marks.as_slice() {
        [] => split_word(segment, evidence, position),
        [(at, mark)] => {
            let (left, right) = (&segment[..*at], &segment[at + 1..]);
            if !punctuation_glue(left, *mark, right, evidence, position) {
                return None;
            }
            let left_text =
                split_word(left, evidence, position).map_or(left.to_string(), |s| s.text);
            let right_text = split_word(right, evidence, Position::SentenceStart)
                .map_or(right.to_string(), |s| s.text);
            Some(Split {
                text: format!("{left_text}{mark} {right_text}"),
                why: if *mark == ',' {
                    "no space after a comma between two words"
                } else if *mark == ':' && is_lower_word(right) {
                    "no space after a colon between two words"
                } else if is_lower_word(right) {
                    "no space after an abbreviation's full stop"
                } else {
                    "no space after a sentence's end before a capital"
                },
            })
        }
        // `e.g.consider`: a Latin abbreviation, then a word in small letters.
        [(1, '.'), (3, '.')] if matches!(&segment[..4], "e.g." | "i.e.") => {
            let word = &segment[4..];
            // (`e.g.ESF`: or, in prose, an acronym the file writes.)
            let acronym = is_upper_word(word)
                && !evidence.vocabulary.has_code()
                && evidence.is_known(word, 1);
            let word_ok = is_lower_word(word) && evidence.is_word(word) || acronym;
            (word.len() >= 2 && word_ok).then(|| Split {
                text: format!("{} {word}", &segment[..4]),
                why: "no space after an abbreviation's full stop",
            })
        }
        // `e.g.`, `U.S.A.`: abbreviations, not glue.
        _ => None,
    }
}

/// `trafficking.However`, `agencies.NATO`, `level,and`: a word, a mark, a
/// word; not an abbreviation, an address or a decimal (digits never get here).
fn punctuation_glue(
    left: &str,
    mark: char,
    right: &str,
    evidence: &Evidence,
    position: Position,
) -> bool {
    // `RNG.This`, `IMPLIED,INCLUDING`: capitals end a word too.
    let shouted = is_upper_word(left)
        && left.len() >= 3
        && evidence.is_word(left)
        && (is_upper_word(right) || mark == '.');
    // `RNG.This`: an acronym ends a sentence before a word that opens one.
    // (`EMPL.First`: in prose, an acronym the file writes, before a
    // common capitalised word.)
    let acronym_ends = mark == '.'
        && is_upper_word(left)
        && is_capitalised(right)
        && (OPENERS.contains(&right.to_ascii_lowercase().as_str())
            || !evidence.vocabulary.has_code()
                && right.len() >= 4
                && common_word(&right.to_ascii_lowercase(), evidence)
                && evidence.vocabulary.token_at_least(left, 1));
    // `vs.optional`: an abbreviation's full stop before a common word in
    // small letters (a name or an address after it would not be one).
    let abbreviation = ABBREVIATIONS.contains(&left.to_ascii_lowercase().as_str());
    let after_abbreviation = abbreviation
        && mark == '.'
        && is_lower_word(left)
        && right.len() >= 3
        && is_lower_word(right)
        && !DOMAINS.contains(&right)
        && evidence.listed_at_least(right, COMMON);
    // `A:This`, `Note:The`: a colon before a word that opens sentences,
    // after a label (a question's `Q:` and answer's `A:` are one letter).
    // (`Note:this`: a capitalised word labels a sentence in small letters.)
    let label = |l: &str| is_capitalised(l) && l.len() >= 3 && evidence.is_word(l);
    let after_label = mark == ':'
        && left.bytes().all(|b| b.is_ascii_alphabetic())
        && (is_capitalised(right) || is_lower_word(right) && label(left))
        && OPENERS.contains(&right.to_ascii_lowercase().as_str());
    if after_abbreviation || after_label {
        return true;
    }
    // `MAJOR.MINOR`: between shouted words, a full stop ends a sentence
    // only before a word that opens one (`LICENSE.THE`).
    let right_lower = right.to_ascii_lowercase();
    if mark == '.'
        && is_upper_word(left)
        && is_upper_word(right)
        && !OPENERS.contains(&right_lower.as_str())
    {
        return false;
    }
    let code = evidence.vocabulary.has_code();
    // `got.ParseError`: beside code, a full stop before a CamelCase name
    // is a path; and so is one before a capitalised word that opens no
    // sentence (`net.Socket`, `fs.Stats`, `threading.Lock`: a module's
    // class), or a name's parts (`Kent.Fan`).
    let camel_case = right.bytes().skip(1).any(|b| b.is_ascii_uppercase()) && !is_upper_word(right);
    let opens_sentence = OPENERS.contains(&right_lower.as_str()) || is_grammar_word(&right_lower);
    let (right_word, _) = without_possessive(right);
    let capitals = is_capitalised(right_word) || is_upper_word(right_word);
    if mark == '.' && code && (camel_case || capitals && !opens_sentence) {
        return false;
    }
    // (`chmod,chown`, `lib,src:`: beside code, a comma between two short
    // words, neither of grammar, writes a list tight, as code does.)
    let short_content = |w: &str| w.len() <= 6 && !is_grammar_word(&w.to_ascii_lowercase());
    if mark == ',' && code && short_content(left) && short_content(right) {
        return false;
    }
    // `lazystream.Writable`, `Yallist.Node`: a name the file's code writes
    // (no word of the lists), a full stop and a capitalised word that opens
    // no sentence (nor is glued to a word: `Theparser`): a path.
    let code_name = mark == '.' && !evidence.is_word(left) && evidence.vocabulary.in_code(left);
    if code_name
        && !OPENERS.contains(&right_lower.as_str())
        && split_word(right, evidence, Position::SentenceStart).is_none()
    {
        return false;
    }
    let left_ok = left.len() >= 2
        && left.bytes().all(|b| b.is_ascii_alphabetic())
        && (left.ends_with(|c: char| c.is_ascii_lowercase()) || shouted || acronym_ends)
        && !abbreviation
        && (evidence.is_known(left, 1) || split_word(left, evidence, position).is_some());
    // (`level,a`; `crate.A`, `so.I`: one-letter words that open sentences.)
    let one_letter = (mark == ',' && right == "a")
        || (mark == '.' && matches!(right, "A" | "I") && is_lower_word(left) && left.len() >= 3);
    // (`Now,let's`: a contraction or a possessive is a word too.)
    let right_letters = match right.split_once(['\'', '\u{2019}']) {
        Some((word, ending)) if matches!(ending, "s" | "t" | "ll" | "re" | "ve" | "d" | "m") => {
            word
        }
        _ => right,
    };
    let right_ok = (right_letters.len() >= 2 || one_letter)
        && right_letters.bytes().all(|b| b.is_ascii_alphabetic())
        && !DOMAINS.contains(&right_lower.as_str())
        && (evidence.is_known(right, 1)
            || split_word(right, evidence, Position::SentenceStart).is_some());
    // (`recently,SIPRI`: in a file without code, an acronym the file writes.)
    let no_code = !code;
    let shape_ok = match mark {
        ',' | ';' => {
            is_lower_word(right_letters)
                || is_capitalised(right_letters)
                || shouted && evidence.is_word(right)
                || no_code
                    && is_lower_word(left)
                    && (is_upper_word(right) || right.strip_suffix('s').is_some_and(is_upper_word))
        }
        // `reform:the`, `challenge:namely`: in a file without code, a colon
        // between two words in small letters (not `npm:next` beside code).
        ':' if no_code && is_lower_word(left) && is_lower_word(right) => {
            left.len() >= 3
                && evidence.is_word(left)
                && evidence.is_word(right)
                && (GLUE_WORDS.contains(&right)
                    || OPENERS.contains(&right)
                    || right.len() >= 4 && common_word(right, evidence))
        }
        // (`License:Zlib`: beside code, a colon before a capitalised word
        // is a key and its value, as badges write them; an opener after a
        // label is the rule above's.)
        ':' if !no_code => false,
        // (`Node.JS`: beside code, a name's two capitals.)
        _ => {
            is_capitalised(right)
                || right.len() > 2 && is_capitalised(&right[..2])
                || is_upper_word(right)
                    && (right.len() >= 3 || no_code)
                    && left.len() >= 3
                    && evidence.is_word(left)
        }
    };
    left_ok && right_ok && shape_ok
}

/// Splits a run of letters (possibly with an apostrophe) that is not a word.
fn split_word(word: &str, evidence: &Evidence, position: Position) -> Option<Split> {
    // `thestate's`: the possessive stays on the stem's last word.
    let (stem, possessive) = without_possessive(word);
    if !possessive.is_empty() {
        if evidence.is_word(word) {
            return None;
        }
        let split = split_word(stem, evidence, position)?;
        return Some(Split {
            text: format!("{}{possessive}", split.text),
            why: split.why,
        });
    }
    if word.contains(['\'', '\u{2019}']) {
        return split_after_possessive(word, evidence)
            .or_else(|| split_at_contraction(word, evidence));
    }
    if !word.bytes().all(|b| b.is_ascii_alphabetic()) || evidence.is_word(word) {
        return None;
    }
    if derived_form(word, evidence) {
        return None;
    }
    let split = split_at_case_change(word, evidence, position)
        .or_else(|| split_capitals(word, evidence))
        // (A pair the web writes apart chooses the cut too: `examineshow`
        // is `examines how`, not `examine show`; `Wereport` is `We report`.)
        .or_else(|| split_web_pair(word, evidence))
        .or_else(|| split_after_file_name(word, evidence))
        .or_else(|| split_by_cost(word, evidence, position))
        .or_else(|| split_attested(word, evidence))?;
    // A token the file uses more than once is the file's word (a name, a
    // coinage), unless the file also writes it as the split words (as
    // often, see `times_apart`), or its words show a glue (`shows_glue`).
    if let Some((left, right)) = split.text.split_once(' ') {
        if left.len() + right.len() == word.len() && compound_in_use(word, left, right, evidence) {
            return None;
        }
    }
    if evidence.vocabulary.word_at_least(word, 2)
        && !shows_glue(&split.text, evidence)
        && !evidence
            .vocabulary
            .phrase_at_least(&split.text, times_apart(word, evidence))
    {
        return None;
    }
    Some(split)
}

/// Whether `word` is common enough to be glued after a name: five letters
/// or more, seven for a plural or a verb's `-s` form (`Skiapoints` may be
/// a name).
fn common_after_name(word: &str, evidence: &Evidence) -> bool {
    (word.len() >= 7 || word.len() >= 5 && !word.ends_with('s'))
        && evidence.listed_at_least(word, COMMON)
}

/// A lowercase (or Capitalised) token split into two common words.
fn split_by_cost(word: &str, evidence: &Evidence, position: Position) -> Option<Split> {
    let capitalised = word.bytes().next().is_some_and(|b| b.is_ascii_uppercase());
    if !word.bytes().skip(1).all(|b| b.is_ascii_lowercase()) || word.len() < 3 || word.len() > 40 {
        return None;
    }
    let (left, right) = best_segmentation(word, evidence)?;
    // (`billabongsand`, `makersat`, `typesis`: a plural before a function
    // word or a glue word of two letters, not a singular before `sand`,
    // `sat`, `sis`; but `evidence show`.)
    let (left, right) = match right.strip_prefix('s') {
        Some(rest)
            if (is_function_word(rest) || rest.len() == 2 && GLUE_WORDS.contains(&rest))
                && evidence.is_word(&word[..=left.len()]) =>
        {
            word.split_at(left.len() + 1)
        }
        _ => (left, right),
    };
    // Beside code, `init` is not `in it`: two tiny words are chance there,
    // unless a preposition or `is` comes before an article or `it` where
    // the web writes the two apart often and never joined (`toit`, `inan`;
    // `atan` and `todo` name a function and a task).
    let article_after = matches!(left, "to" | "in" | "of" | "is" | "on" | "if" | "by" | "as")
        && matches!(right, "a" | "an" | "it")
        && evidence.lexicon.web_pair_cut(&word.to_ascii_lowercase()) == Some(left.len());
    if left.len() <= 2 && right.len() <= 2 && evidence.vocabulary.has_code() && !article_after {
        return None;
    }
    // `skia` is not `ski a`: an article ends a glue after a short word
    // only if that word glues (`ofa`, `isa`).
    if right.eq_ignore_ascii_case("a") && left.len() < 4 && !GLUE_WORDS.contains(&left) {
        return None;
    }
    // Beside code, `seccomp`, `newtype` and `codepoints` are terms: only a
    // glue with a short function word is split there.
    // (`takesme`, `carewhat`, `blockuntil`: a word of grammar beside a
    // content word is no part of a term's name; `whome` is a slip for
    // `whom`, and the web knows the terms made so: `workaround`.)
    let whole_count = evidence.lexicon.web_count(&word.to_ascii_lowercase());
    let grammar = |w: &str, other: &str| {
        GRAMMAR_GLUE.contains(&w) && !is_grammar_word(other) && whole_count < COMMON
    };
    // (`withoutany`, `underthis`: two words of grammar, which name no
    // term; `crateis`, `filesare`: a common word, then a verb that glues,
    // where the web knows no such join.)
    // (Not `whome`, a slip for `whom`: the second word has three letters,
    // or is `be` or `it` after one of three letters or more: `shouldbe`,
    // `thatit`, `canbe`.)
    let grammar_pair = left.len() >= 2
        && (right.len() >= 3 || matches!(right, "be" | "it") && left.len() >= 3)
        && is_grammar_word(&left.to_ascii_lowercase())
        && is_grammar_word(right)
        && whole_count < COMMON;
    // (In small letters: names end so, `Beauxis`.)
    let verb_after = matches!(right, "is" | "are" | "was" | "were" | "has" | "have")
        && !capitalised
        && left.len() >= 4
        && evidence.listed_at_least(&left.to_ascii_lowercase(), COMMON)
        && whole_count == 0;
    // (`youexplicitly`, `ensurethat`: a word of grammar beside a common
    // word of four letters or more that the code does not write, where
    // the web knows no such join.)
    let common_beside = |w: &str| {
        w.len() >= 4
            && !evidence.vocabulary.in_code(w)
            && evidence.listed_at_least(&w.to_ascii_lowercase(), COMMON)
    };
    // (Not before `where`, `through`, `around` or `about`, which end words:
    // `everwhere` is a slip for `everywhere`.)
    let ends_words = matches!(right, "where" | "through" | "around" | "about");
    let grammar_beside_word = whole_count == 0
        && (left.len() >= 2 && is_grammar_word(&left.to_ascii_lowercase()) && common_beside(right)
            || right.len() >= 3
                && is_grammar_word(right)
                && !ends_words
                && !capitalised
                && common_beside(left));
    let content_words = !is_function_word(left)
        && !is_function_word(right)
        && !grammar(left, right)
        && !grammar(right, left)
        && !grammar_pair
        && !verb_after
        && !grammar_beside_word;
    // (`beused`, `canbe`, `willget`: an auxiliary before a longer word, or
    // a very common one of three letters, glues too.)
    let verb_after_auxiliary =
        right.len() >= 4 || right.len() == 3 && evidence.listed_at_least(right, COMMON_SHORT);
    let auxiliary =
        AUXILIARIES.contains(&left) && verb_after_auxiliary && !GLUE_WORDS.contains(&right);
    let no_compound = content_words && starts_no_compound(left, right, evidence);
    // `Rustimplementations`, `Debianstable`: a name the file writes on its
    // own, then a common word in small letters.
    let name_before_word = capitalised
        && left.len() >= 3
        && common_after_name(right, evidence)
        && evidence.lexicon.web_count(word) == 0
        && evidence.vocabulary.word_at_least(left, 2);
    if evidence.vocabulary.has_code() && term_with_function_word(word, left, right, evidence) {
        return None;
    }
    if evidence.vocabulary.has_code()
        && content_words
        && !auxiliary
        && !no_compound
        && !name_before_word
    {
        return None;
    }
    // Two rarer content words (`burntsushi`, `rustflags`) need a part the
    // file uses elsewhere, or a long one (chance splits have short parts).
    let cost = |w: &str| Lexicon::cost(evidence.lexicon.web_count(w), COUNT_FLOOR);
    let seen = |w: &str| w.len() >= 10 || evidence.vocabulary.word_at_least(w, 1);
    // (A title's `Budgetaryoversight`: two long dictionary words.)
    let long_words_in_title = position == Position::Title
        && capitalised
        && left.len() >= 6
        && right.len() >= 6
        && evidence.is_word(left)
        && evidence.is_word(right);
    // (In prose without code, two words the lists know, of four letters or
    // more, may be rarer: `civiliandeaths`, `debtburdens`; a coined name
    // there is mostly short, `layouting`.)
    let prose_words = !evidence.vocabulary.has_code()
        && left.len() >= 4
        && right.len() >= 4
        && evidence.lexicon.web_count(left) > 0
        && evidence.lexicon.web_count(right) > 0;
    let long_words = |w: &str| w.len() >= 6 && evidence.lexicon.is_word(w);
    let rare_limit = if prose_words && long_words(left) && long_words(right) {
        RARE_LONG_PROSE_PAIR_COST
    } else if prose_words {
        RARE_PROSE_PAIR_COST
    } else {
        RARE_PAIR_COST
    };
    if content_words
        && cost(left) + cost(right) > rare_limit
        && !seen(left)
        && !seen(right)
        && !long_words_in_title
        && !no_compound
    {
        return None;
    }
    // Two short content words (`seccomp`, `fastrand`) need the file to
    // write them apart.
    // (A verb that is no noun makes no term: `looksgood`, `Skiauses`.)
    // (`Hamastook`: in prose, a name is no part of a term.)
    let prose_name = proper_name(left, evidence) && !evidence.vocabulary.has_code();
    if short_content_pair(left, right)
        && !no_compound
        && !prose_name
        && !evidence.vocabulary.has_phrase(&format!("{left} {right}"))
    {
        return None;
    }
    // A capitalised non-word is a name, unless it is in a title, or opens a
    // sentence and splits into common words (`Thereremain`), or ends in a
    // word that glues to capitalised ones (`Traffickingin`, `Nationshave`).
    let common =
        |w: &str| w.len() >= 2 && evidence.listed_at_least(&w.to_ascii_lowercase(), COMMON);
    let opener = OPENERS.contains(&left.to_ascii_lowercase().as_str());
    let name_safe = match position {
        Position::Title => true,
        // (`Typicallya`, `Unlesswe`: a common word, then a short one that
        // glues, where the web knows no such name.)
        Position::SentenceStart => {
            opener
                || (left.len() >= 3 && right.len() >= 4 && common(left) && common(right))
                || (left.len() >= 4
                    && common(left)
                    && GLUE_WORDS.contains(&right)
                    && evidence.lexicon.web_count(word) == 0)
        }
        // `Westernpartners`: a capitalised word and a lowercase one, in a
        // file without code, where no list knows the token as a name.
        Position::Inside => {
            let tail = evidence.lexicon.dictionary_count(right).unwrap_or(0);
            // (After a word that opens sentences, `Youdistribute`, any
            // common one.)
            right.len() >= 4
                && (left.len() >= 4 && common(left) && tail >= VERY_COMMON_TAIL
                    || opener && tail >= COMMON)
                && evidence.lexicon.web_count(word) == 0
                && !evidence.vocabulary.has_code()
        }
    };
    // (`Europeanauthorities`: in prose without code, a name the
    // dictionary holds, then a common word.)
    let name_then_word = proper_name(left, evidence)
        && follows_name(right, evidence)
        && evidence.lexicon.web_count(word) == 0
        && !evidence.vocabulary.has_code();
    // (`Youmay`: a common short word may end so too.)
    // (`Skiauses`: a name the file writes, then a verb that is no noun.)
    let glues_on = (left.len() >= 4 || common(left)) && CAPITAL_GLUE_WORDS.contains(&right)
        || FINITE_VERBS.contains(&right)
            && left.len() >= 4
            && evidence.vocabulary.word_at_least(left, 2);
    if capitalised && !name_safe && !glues_on && !name_before_word && !name_then_word {
        return None;
    }
    Some(Split {
        text: format!("{left} {right}"),
        why: "not a word; splits into common words",
    })
}

/// `urbanareas`, `helpbring`, `civilianpopulation`, `InternalMarket`: a
/// pair of words the web writes apart often, where the cost rules see two
/// short or rare content words and hold back. The list has no join that
/// is a word or a web word (`cleanup`, `hashmap`, `PowerPoint`), so a
/// compound in use never matches. The case must be two words' case: small
/// letters, a capital first, or two capitalised words of four letters or
/// more meeting at the cut.
/// Not beside code, where the web's pairs are often a term's name written
/// whole (`entrypoint`, `fallthrough`).
fn split_web_pair(word: &str, evidence: &Evidence) -> Option<Split> {
    if evidence.vocabulary.has_code() {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let cut = evidence.lexicon.web_pair_cut(&lower)?;
    // (A web word is listed only where the web writes it apart far more
    // often, `sametime`; the file's own use keeps it, `Allsorts`.)
    // (Nor where a compound is made so: `Decisionmakers`, `Antiwar`.)
    let (left, right) = lower.split_at(cut);
    let compound = COMPOUND_HEADS.contains(&right) || PREFIXES.contains(&left);
    if evidence.lexicon.web_count(&lower) > 0
        && (compound || evidence.vocabulary.word_at_least(word, 2))
    {
        return None;
    }
    let (left, right) = word.split_at(cut);
    // (Not `isOpen`, an identifier's case; `BigBand` may be a name, two
    // long words seldom are; `Typicallya` is the glue rules'.)
    let lower_right = (is_lower_word(left) || is_capitalised(left)) && is_lower_word(right);
    let capitalised_pair =
        is_capitalised(left) && is_capitalised(right) && left.len() >= 4 && right.len() >= 4;
    let ok = (lower_right || capitalised_pair) && left.len() >= 2 && right.len() >= 2;
    ok.then(|| Split {
        text: format!("{left} {right}"),
        why: "not a word; the web writes these two words apart often",
    })
}

/// `Skripalin`, `Commissionproclaimed`, `Unionearn`: in prose without
/// code, a capitalised word the file writes on its own (a name the lists
/// may not know), then a word that follows names or a very common word.
/// Not `Allsorts` (an opener first), `Bytemuck` (a rarer word after) nor
/// a token the file writes whole again.
fn split_after_file_name(word: &str, evidence: &Evidence) -> Option<Split> {
    if evidence.vocabulary.has_code()
        || !is_capitalised(word)
        || word.len() < 6
        || evidence.lexicon.web_count(word) > 0
        || evidence.vocabulary.token_at_least(word, 2)
    {
        return None;
    }
    // (A plural or a verb's `-s` form of seven letters or more: `Skiapoints`
    // may be a name.)
    let common = |right: &str| {
        let count = evidence.lexicon.dictionary_count(right).unwrap_or(0);
        let long = if right.ends_with('s') { 7 } else { 4 };
        right.len() >= 7 && count >= COMMON || right.len() >= long && count >= COMMON_SHORT
    };
    let name_before = |cut: usize, follows: &dyn Fn(&str) -> bool| {
        let (left, right) = word.split_at(cut);
        let lower = left.to_ascii_lowercase();
        // (A word the file also writes in small letters is no name: `were`.)
        let ok = !OPENERS.contains(&lower.as_str())
            && !is_function_word(&lower)
            && follows(right)
            && evidence.vocabulary.token_at_least(left, 1)
            && !evidence.vocabulary.lowercase_at_least(left, 1);
        ok.then(|| Split {
            text: format!("{left} {right}"),
            why: "a name the file writes, glued to the word after it",
        })
    };
    // A word that follows names first (`Licenseshall` is `License shall`,
    // not `Licenses hall`), then the longest name (`Commissioner` before
    // `Commission`).
    let cuts = || (3..=word.len() - 2).rev();
    cuts()
        .find_map(|cut| name_before(cut, &|right| CAPITAL_GLUE_WORDS.contains(&right)))
        .or_else(|| cuts().find_map(|cut| name_before(cut, &common)))
}

/// `European`, `July`, `Paris`: a name the dictionary holds only
/// capitalised, of four letters or more, and common.
fn proper_name(word: &str, evidence: &Evidence) -> bool {
    word.len() >= 4
        && is_capitalised(word)
        && evidence
            .lexicon
            .dictionary_count(&word.to_ascii_lowercase())
            .is_none()
        && evidence.listed_at_least(word, COMMON)
}

/// Whether the words of a split show a glue even where the file writes
/// the token whole twice: a function word (`ofthe` recurs where copying
/// lost spaces), or in prose a short glue word or one of `GRAMMAR_GLUE`
/// (`whichis` glued twice), but no opener (`thiserror` is a crate's name)
/// and none of the glue lists' content words.
fn shows_glue(split: &str, evidence: &Evidence) -> bool {
    let prose = !evidence.vocabulary.has_code();
    let prose_glue_word = |w: &str| {
        (GLUE_WORDS.contains(&w) && !matches!(w, "new" | "use" | "way" | "own"))
            || GRAMMAR_GLUE.contains(&w)
    };
    split
        .split(' ')
        .any(|w| is_function_word(w) || prose && prose_glue_word(w))
}

/// What may follow a name glued to it in prose: a common word of four
/// letters or more, or a short glue word (`December by`; not `an`, which
/// ends names: `Maryan`).
fn follows_name(word: &str, evidence: &Evidence) -> bool {
    word.len() >= 4 && evidence.listed_at_least(word, COMMON)
        || word.len() >= 2 && word != "an" && GLUE_WORDS.contains(&word)
}

/// Words of grammar that glue to a content word beside code as well:
/// pronouns, some question words, prepositions and conjunctions (`takesme`,
/// `mylocal`, `carewhat`, `blockuntil`, `abovecode`, `failupon`,
/// `takequite`, `becauseit`).
/// (Not auxiliaries, which end
/// names, `Beauxis`; nor `where`, `through`, `around`, `about`, which
/// make words: `everywhere`, `fallthrough`, `workaround`.)
const GRAMMAR_GLUE: &[&str] = &[
    "above", "against", "although", "because", "below", "between", "during", "him", "me", "my",
    "our", "quite", "their", "them", "unless", "until", "upon", "us", "what", "whereas", "whether",
    "which", "your",
];

/// Verbs that are no nouns, and so no part of a compound (`wentwrong`,
/// `cratesays`, `looksgood`).
const FINITE_VERBS: &[&str] = &[
    "does", "goes", "looks", "makes", "says", "seems", "uses", "went",
];

/// Endings of words that start no compounds: past forms (`parsed`),
/// present participles (`working`), adverbs (`plainly`) and adjectives
/// (`defective`, `compatible`, `additional`).
const NO_COMPOUND_ENDINGS: &[&str] =
    &["ed", "ing", "ly", "al", "ive", "ible", "able", "ous", "ful"];

/// Beside code two content words glued are mostly a term's name
/// (`codepoints`, `linebreaking`), but not when the first is a past form,
/// an adverb or an adjective of six letters or more whose stem is a word
/// (`parseddocument`, `plainlymarked`, `defectivecombining`), either is
/// a verb that is no noun (`wentwrong`, `cratesays`), or either is an
/// adverb (`librarysimply`, `specificallyrequested`).
fn starts_no_compound(left: &str, right: &str, evidence: &Evidence) -> bool {
    if FINITE_VERBS.contains(&left) || FINITE_VERBS.contains(&right) {
        return true;
    }
    if adverb(left, evidence) || adverb(right, evidence) {
        return true;
    }
    inflected(left, evidence)
        || plural_first(left, right, evidence)
        || adjective_first(left, right, evidence)
}

/// `smallpatch`, `oldcode`, `crazybugs`: an adjective that compares
/// (the dictionary has its `-est` form) before a common word of four
/// letters or more. Terms name things by nouns (`bytestring`,
/// `codepoint`); the few made so are words or on the web (`whitespace`,
/// `quickcheck`), or their parts are the file's code (`shorthash` where
/// code writes `hash`), and `newtype` is left to the file's own evidence.
fn adjective_first(left: &str, right: &str, evidence: &Evidence) -> bool {
    if left.len() < 3 || right.len() < 4 || left == "new" {
        return false;
    }
    let common = evidence.listed_at_least(right, COMMON_SHORT);
    let code = evidence.vocabulary;
    if !common || code.in_code(left) || code.in_code(right) {
        return false;
    }
    let superlative = match left.as_bytes() {
        [.., b'e'] => format!("{left}st"),
        [.., b'y'] => format!("{}iest", &left[..left.len() - 1]),
        // (`big`, `hot`: a short vowel doubles the last consonant.)
        [.., a, b] if left.len() == 3 && b"aeiou".contains(a) && !b"aeiouwy".contains(b) => {
            format!("{left}{}est", *b as char)
        }
        _ => format!("{left}est"),
    };
    let joined = format!("{left}{right}");
    let singular = joined.strip_suffix('s').unwrap_or(&joined);
    evidence.is_word(&superlative)
        && evidence.lexicon.web_count(&joined) == 0
        && evidence.lexicon.web_count(singular) == 0
}

/// `actually`, `specifically`, `probably`, `simply`: an adverb of six
/// letters or more made from an adjective of the dictionary.
fn adverb(word: &str, evidence: &Evidence) -> bool {
    let Some(stem) = word.strip_suffix("ly").filter(|_| word.len() >= 6) else {
        return false;
    };
    let adjective = |w: &str| w.len() >= 3 && evidence.is_word(w);
    // (`specifically` from `specific`; `probably` from `probable`.)
    adjective(stem)
        || stem.strip_suffix("al").is_some_and(adjective)
        || stem.ends_with('b') && adjective(&format!("{stem}le"))
        || word == "simply"
}

/// `callsbuilt`, `bytesbased`: a plural (or a verb's `-s` form) of a word
/// before a longer word; compounds put the singular first (`bytestream`,
/// not `bytesstream`), and the few that do not are on the web
/// (`newsgroup`, `salesforce`).
fn plural_first(left: &str, right: &str, evidence: &Evidence) -> bool {
    let stem = left.strip_suffix('s').unwrap_or("");
    stem.len() >= 3
        && !stem.ends_with(['s', 'u', 'i'])
        && right.len() >= 4
        && evidence.is_word(stem)
        && evidence.lexicon.web_count(&format!("{left}{right}")) == 0
}

/// A word of six letters or more with an ending of `NO_COMPOUND_ENDINGS`
/// whose stem is a word (`parsed` from `parse`, `plainly` from `plain`,
/// `embedded` from `embed`).
fn inflected(word: &str, evidence: &Evidence) -> bool {
    inflected_with(word, NO_COMPOUND_ENDINGS, evidence)
}

/// Endings that make a word of another (`thenable`, `blockingly`,
/// `onboarded`): a token so made of a word is that word's form, not glue.
/// (Not `al`: `thereal` is glue.)
const DERIVING_ENDINGS: &[&str] = &["able", "ed", "ing", "ly"];

/// `thenable`, `blockingly`: a word and an ending that derives from it,
/// whatever words the letters hold (`bloc kingly`); but a short word of
/// grammar before a common word glues: `toonly`, `noneed`, `toshed`.
fn derived_form(word: &str, evidence: &Evidence) -> bool {
    let stem_of_four = |ending: &str| word.len() >= ending.len() + 4;
    let glue_first = || {
        (1..=3).any(|at| {
            word.get(..at).is_some_and(is_glue_word)
                && evidence.listed_at_least(&word[at..], COMMON)
        })
    };
    is_lower_word(word)
        && DERIVING_ENDINGS
            .iter()
            .any(|ending| word.ends_with(ending) && stem_of_four(ending))
        && inflected_with(word, DERIVING_ENDINGS, evidence)
        && !glue_first()
}

/// `inflected`, with these endings.
fn inflected_with(word: &str, endings: &[&str], evidence: &Evidence) -> bool {
    word.len() >= 6
        && endings.iter().any(|ending| {
            word.strip_suffix(ending).is_some_and(|stem| {
                // (`additional`, `original`; not `signal`, `metal`.)
                if *ending == "al" && stem.len() < 5 {
                    return false;
                }
                let verb_ending = matches!(*ending, "ed" | "ing");
                let stem_e = || verb_ending && evidence.is_word(&format!("{stem}e"));
                // (`embedded`, `running`: a doubled last consonant.)
                let doubled = || {
                    let bytes = stem.as_bytes();
                    verb_ending
                        && bytes.len() >= 4
                        && bytes[bytes.len() - 1] == bytes[bytes.len() - 2]
                        && !b"aeiou".contains(&bytes[bytes.len() - 1])
                        && evidence.is_word(&stem[..stem.len() - 1])
                };
                stem.len() >= 3 && (evidence.is_word(stem) || stem_e() || doubled())
            })
        })
}

/// `copyrightholder`, `undersection`, `aremet`, `Yourown`: two words the
/// same file writes apart elsewhere, and never joined. The file's own usage
/// outweighs the guards against chance splits (prefix compounds, word
/// endings, short or rare parts, code nearby); a dictionary word never
/// gets here (`fora` stays).
fn split_attested(word: &str, evidence: &Evidence) -> Option<Split> {
    // (`COPYRIGHTHOLDER` too: a licence shouts its words; and `ASIS`, `INNO`,
    // but not `TODO` or `INIT`, which the web writes as words.)
    // (Beside code, four capitals name a tool: `ASAN`.)
    let shouted = is_upper_word(word)
        && (word.len() >= 5
            || word.len() == 4
                && !evidence.vocabulary.has_code()
                && evidence.lexicon.web_count(&word.to_ascii_lowercase()) < RARE_JOIN);
    if !(word.bytes().skip(1).all(|b| b.is_ascii_lowercase()) || shouted)
        || evidence.vocabulary.word_at_least(word, 2)
    {
        return None;
    }
    // (`I will`, `a way`: one-letter words only these.)
    let part_ok = |w: &str| w.len() >= 2 || matches!(w, "a" | "A" | "I");
    let mut best: Option<(u32, usize)> = None;
    for cut in 1..word.len() {
        let (left, right) = word.split_at(cut);
        if !part_ok(left) || !part_ok(right) {
            continue;
        }
        // (More than twice says no more: see `vocabulary::Words`.)
        let times = evidence.vocabulary.pair_count(left, right);
        let words_ok = evidence.is_word(left) && evidence.is_word(right);
        // Two content words apart once may be a compound written both
        // ways (`bit cast`, `bitcast`): twice, then.
        let needed = if is_glue_word(left) || is_glue_word(right) {
            1
        } else {
            2
        };
        if times >= needed && words_ok && best.is_none_or(|(most, _)| times > most) {
            best = Some((times, cut));
        }
    }
    let (_, cut) = best?;
    let (left, right) = word.split_at(cut);
    // (`sizeof`, `instanceof`; not `thatthe`, `ifa`, `upto`: a word of
    // grammar first glues.)
    let lower_left = left.to_ascii_lowercase();
    let term = evidence.vocabulary.has_code()
        && !is_grammar_word(&lower_left)
        && term_with_function_word(word, &lower_left, &right.to_ascii_lowercase(), evidence);
    (!term).then(|| Split {
        text: format!("{left} {right}"),
        why: "not a word; the file writes these two words apart elsewhere",
    })
}

/// A compound this common on the web, with no function word in it, is in
/// use as one word (`cleanup`, 5 million; two words glued by chance, such
/// as `textfile`, stay far below, and the web's typos hold a function
/// word: `ofthe`, `aswell`).
const COMPOUND_IN_USE: u64 = 2_000_000;

/// Whether `word` is a compound in use, though the file writes its words
/// (`left`, `right`) apart too: the file writes it with a plural's `s`
/// added or taken away, a form the web knows (`speedups`, `querystring`),
/// or the web knows it well (`cleanup`), or the file's code writes one of
/// its two content words (`githost`). (With a function word in it, the
/// other form may be glued as well: `Theparser` beside `Theparsers`. A
/// hyphenated form, `compile-time` for `compiletimes`, would say so too,
/// but asking for it here made the verdicts of later rounds be worked out
/// again far more often: 3 % more instructions for a whole `normalise`.)
fn compound_in_use(word: &str, left: &str, right: &str, evidence: &Evidence) -> bool {
    if is_function_word(left) || is_function_word(right) {
        return false;
    }
    // (`githost`, `Typechecker`: two content words, one the file's code
    // writes, name a thing of that code.)
    let vocabulary = evidence.vocabulary;
    let content = |w: &str| !is_grammar_word(&w.to_ascii_lowercase());
    if content(left) && content(right) && (vocabulary.in_code(left) || vocabulary.in_code(right)) {
        return true;
    }
    let lower = word.to_ascii_lowercase();
    let other_number = match lower.strip_suffix('s') {
        Some(singular) => singular.to_string(),
        None => format!("{lower}s"),
    };
    // (The other form must be one the web knows: a file may glue both,
    // `agenciesrequire` and `agenciesrequires`.)
    let lexicon = evidence.lexicon;
    let attested = lexicon.web_count(&lower) >= COMPOUND_IN_USE
        || lexicon.web_count(&other_number) > 0
            && (vocabulary.in_code(&other_number) || vocabulary.word_at_least(&other_number, 1));
    attested && !holds_function_word(&lower, evidence)
}

/// `world'sown`: a possessive glued to the next word.
fn split_after_possessive(word: &str, evidence: &Evidence) -> Option<Split> {
    let (at, apostrophe) = word
        .char_indices()
        .find(|(_, c)| matches!(c, '\'' | '\u{2019}'))?;
    let after = &word[at + apostrophe.len_utf8()..];
    // `world'sown`, or a plural's `authors'protection`.
    let (owner, next) = match after.strip_prefix('s') {
        Some(next) => (&word[..at], next),
        None if word[..at].ends_with('s') => (&word[..at], after),
        // `wealth\u{2019}to`: a closing quotation mark, then a word that
        // glues (a curly one: no elision or contraction ends so).
        // (`zero\u{2019}greenhouse`: in prose, a common word of four letters or more.)
        None if apostrophe == '\u{2019}'
            && (GLUE_WORDS.contains(&after)
                || !evidence.vocabulary.has_code()
                    && after.len() >= 4
                    && is_lower_word(after)
                    && common_word(after, evidence))
            && after.len() >= 2
            && word[..at].len() >= 3
            && evidence.is_word(&word[..at]) =>
        {
            return Some(Split {
                text: format!("{} {after}", &word[..at + apostrophe.len_utf8()]),
                why: "a closing quotation mark glued to the next word",
            });
        }
        None => return None,
    };
    // `neighbor'suneasiness`: American spellings are words too, by the web.
    let word_like = |w: &str| evidence.is_word(w) || evidence.lexicon.web_count(w) >= COMMON_SHORT;
    // (`Energy\u{2019}sOffice`, `year'sWEO`: in a file without code, a
    // capitalised word or an acronym the file writes may follow too.)
    let no_code = !evidence.vocabulary.has_code();
    // (`Carnegie\u{2019}sJudy`: or a name the dictionary holds.)
    let next_ok = is_lower_word(next) && word_like(next)
        || no_code
            && is_capitalised(next)
            && (word_like(&next.to_ascii_lowercase()) || evidence.is_word(next))
        || no_code && is_upper_word(next) && evidence.is_known(next, 1);
    // (`SIPRI\u{2019}sresearch`: in prose, an owner the file writes.)
    // (`Milosevic\u{2019}sdefeat`, `RFF\u{2019}sFederal`: no possessive is glued so in prose.)
    let owner_ok = word_like(owner)
        || no_code
            && (is_capitalised(owner) && owner.len() >= 3
                || is_upper_word(owner) && evidence.is_known(owner, 1));
    if evidence.is_known(word, 2) || next.len() < 3 || !next_ok || !owner_ok {
        return None;
    }
    let possessive = &word[..word.len() - next.len()];
    Some(Split {
        text: format!("{possessive} {next}"),
        why: "a possessive glued to the next word",
    })
}

/// A possessive's endings, with a straight and a curly apostrophe.
const POSSESSIVE_ENDINGS: [&str; 2] = ["'s", "\u{2019}s"];

/// Contractions that end a word: `don't`, `you're`, `we've`, `it'll`, `I'd`, `I'm`.
const CONTRACTIONS: &[&str] = &["n't", "'re", "'ve", "'ll", "'d", "'m"];

/// `don'tdo`, `doesn'tprovide`, `ifyou're`, `operationsisn't`: a
/// contraction (a dictionary word) glued to a word after or before it.
fn split_at_contraction(word: &str, evidence: &Evidence) -> Option<Split> {
    if evidence.is_word(word) {
        return None;
    }
    let plain = word.replace('\u{2019}', "'");
    let (at, _) = plain.match_indices('\'').next()?;
    // Where the contraction's ending starts and ends (`n't`, `'re`, …).
    let (from, end) = CONTRACTIONS.iter().find_map(|c| {
        let from = if c.starts_with('n') {
            at.checked_sub(1)?
        } else {
            at
        };
        plain[from..].starts_with(c).then(|| (from, from + c.len()))
    })?;
    let letters = |w: &str| w.bytes().all(|b| b.is_ascii_alphabetic());
    let part_ok = |w: &str| (w.len() >= 2 || w == "a" || w == "I") && evidence.is_word(w);
    // (`plain` differs from `word` only in its apostrophe, one byte less
    // for a curly one: cut `word` by what remains.)
    let cut = |at: usize| word.len() - (plain.len() - at);
    let (left, right) = (&plain[..end], &plain[end..]);
    if !right.is_empty() {
        // `don'tdo`: the contraction first.
        let ok = evidence.is_word(left) && is_lower_word(right) && part_ok(right);
        return ok.then(|| Split {
            text: format!("{} {}", &word[..cut(end)], &word[cut(end)..]),
            why: "a contraction glued to the next word",
        });
    }
    // `ifyou're`: a word, then the contraction; the first cut that gives
    // two words.
    (1..from).find_map(|c| {
        let (first, second) = (&plain[..c], &plain[c..]);
        (letters(first) && part_ok(first) && evidence.is_word(second)).then(|| Split {
            text: format!("{} {}", &word[..c], &word[c..]),
            why: "a contraction glued to the next word",
        })
    })
}

/// Whether `word` is a dictionary word common enough to be part of a split.
fn common_word(word: &str, evidence: &Evidence) -> bool {
    evidence
        .lexicon
        .dictionary_count(word)
        .is_some_and(|c| c >= COMMON || word.len() >= 6)
}

/// `theOrganisation`, `toTrafficking`, `theEU`, `UnitedNations`,
/// `SSRsupport`, `DCAFReport`.
fn split_at_case_change(word: &str, evidence: &Evidence, position: Position) -> Option<Split> {
    let bytes = word.as_bytes();
    let rises: Vec<usize> = (1..bytes.len())
        .filter(|&i| bytes[i - 1].is_ascii_lowercase() && bytes[i].is_ascii_uppercase())
        .collect();
    let why = "a capital inside a word, where two words meet";
    if let [at] = rises.as_slice() {
        let (left, right) = word.split_at(*at);
        let function_word = is_function_word(left);
        let code = evidence.vocabulary.has_code();
        // (`theSahel`, `ofToorale`: in prose, after a function word, any
        // name of four letters or more.)
        let any_name_in_prose = || function_word && !code && right.len() >= 4;
        let right_known = (is_capitalised(right)
            && (evidence.is_known(right, 1) || any_name_in_prose()))
            || split_word(right, evidence, Position::SentenceStart).is_some();
        // (`forNCRs`: an acronym's plural is an acronym.)
        // (`TheG7`, `theCOP26`: with a number too.)
        let acronym = is_upper_word(right)
            || right.strip_suffix('s').is_some_and(is_upper_word)
            || numbered_acronym(right);
        let ok = if is_lower_word(left) {
            let left_ok = function_word || left.len() >= 2 && common_word(left, evidence);
            // (Beside code, `toJSON`, `isTTY`, `toString`, `onTimeout`,
            // `forEach`: a method's name; before an acronym, unless the
            // file writes the two apart.)
            let method = || {
                code && if acronym {
                    METHOD_VERBS.contains(&left)
                        && !evidence.vocabulary.has_phrase(&format!("{left} {right}"))
                } else {
                    // (`forEach`, `forAll`: `for` before a word of grammar.)
                    let for_each = left == "for" && is_grammar_word(&right.to_ascii_lowercase());
                    (METHOD_OPENERS.contains(&left) || for_each)
                        && identifier_part(left, right, evidence)
                }
            };
            left_ok
                && !method()
                && if acronym {
                    // `theEU`, `butWITHOUT`; `supportNATO`, where the
                    // acronym is known.
                    // (Beside code, a word before two capitals names a
                    // system: `watchOS`, `visionOS`.)
                    function_word
                        || GLUE_WORDS.contains(&left)
                        || (left.len() >= 4
                            && (right.len() >= 3 || !code)
                            && evidence.is_known(right, 1)
                            && evidence.lexicon.web_count(word) == 0)
                } else {
                    // (Beside code, `cacheControl` and `isOpen` are
                    // identifiers: only a function word glues so; and
                    // `isOpen` may be one in any file.)
                    // (A preposition of five letters or more opens none:
                    // `betweenMember`.)
                    let identifier = || {
                        is_grammar_word(left)
                            && !(GRAMMAR_GLUE.contains(&left) && left.len() >= 5)
                            && identifier_part(left, right, evidence)
                    };
                    right_known && (function_word || !code && !identifier())
                }
        } else {
            // `TheCommission`; in a file without code, `UnitedNations` where
            // it writes `United Nations`, or in a title where it writes a
            // part in small letters (`RustCrypto` in a file that writes
            // only `Rust`, a name, stays); not `PowerPoint`, `GitHub`,
            // `McDonald`, nor `HashSet` beside code.
            let part = |w: &str| {
                common_word(w, evidence)
                    || (w.len() >= 4 && evidence.vocabulary.word_at_least(w, 1))
            };
            let long_common =
                |w: &str| w.len() >= 4 && common_word(&w.to_ascii_lowercase(), evidence);
            let no_code = !code;
            // (Written apart with their capitals: `Security Studies`, twice
            // beside code (`Legal Entity` in a licence); a thread pool is no
            // sign that `ThreadPool` is glued.)
            let times = if no_code { 1 } else { 2 };
            // (`UnlessYou`, `IfWe`: a word that opens clauses before a
            // pronoun, as licences write `You`; no name is made so.)
            let clause_then_pronoun = matches!(right, "You" | "Your" | "We" | "They")
                && (OPENERS.contains(&left.to_ascii_lowercase().as_str())
                    || GRAMMAR_GLUE.contains(&left.to_ascii_lowercase().as_str()));
            // (Beside code, `AsRef`, `FromIterator`, `ToString`, `ForEach`,
            // `OrElse`, `OnMessage`, `AtExit` are names of traits, methods
            // and hooks: only an article or a preposition that opens none
            // glues so there: `InPrince`.)
            let opens_no_name = matches!(left, "The" | "An" | "In" | "Of" | "By" | "With");
            let function_glue = function_word && (no_code || opens_no_name);
            let evidence_of_words = function_glue
                || clause_then_pronoun
                || evidence
                    .vocabulary
                    .capital_pair_at_least(left, right, times)
                || (no_code
                    && position == Position::Title
                    && long_common(left)
                    && long_common(right)
                    && (evidence.vocabulary.lowercase_at_least(left, 1)
                        || evidence.vocabulary.lowercase_at_least(right, 1)
                        // (Two long words: `LessonsLearned`, not `RustCrypto`.)
                        || left.len() >= 5 && right.len() >= 5));
            // `TheMSRV`, `ForNATO`: a function word before an acronym.
            // (`ThisWHO`, `DidSNAP`: in prose, a word that opens
            // questions or sentences, before an acronym the file writes.)
            let opens = OPENERS.contains(&left.to_ascii_lowercase().as_str())
                || matches!(left, "Did" | "Does" | "Do" | "Is" | "Are" | "Was" | "Were");
            let before_acronym = is_capitalised(left)
                && acronym
                && (function_word
                    || opens && no_code && evidence.vocabulary.token_at_least(right, 1));
            // `SeeThe`, `TopicsWhy`: no name ends in a word of grammar
            // (but `ReadAll`, `WaitFor` do in some).
            // (Beside code, `TryFrom`, `ReadWith` are names too.)
            let grammar_end = matches!(right, "The" | "And" | "Why" | "How" | "That" | "Which")
                || no_code && matches!(right, "With" | "From");
            let ends_in_grammar = grammar_end && left.len() >= 3 && common_word(left, evidence);
            before_acronym
                || is_capitalised(left) && ends_in_grammar
                || is_capitalised(left)
                    && (function_glue || left.len() >= 3 && part(left))
                    && is_capitalised(right)
                    && right.len() >= 3
                    && part(right)
                    && evidence_of_words
                    && evidence.lexicon.web_count(word) < CAMEL_CASE_NAME
        };
        if !ok {
            return split_before_camel_case(word, *at, evidence);
        }
        let right_text = split_word(right, evidence, Position::SentenceStart)
            .map_or(right.to_string(), |s| s.text);
        return Some(Split {
            text: format!("{left} {right_text}"),
            why,
        });
    }
    if !rises.is_empty() {
        return split_before_camel_case(word, rises[0], evidence);
    }
    // An acronym glued to a word: capitals, then lowercase letters.
    let caps = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let rest = &word[caps..];
    // `ONEof`: a shouted word, then a function word.
    // (`ODAor`: in prose, an acronym the file writes.)
    let shouted_known = evidence.is_word(&word[..caps])
        || !evidence.vocabulary.has_code() && evidence.is_known(&word[..caps], 1);
    // (`SIPRIto`: in prose, any acronym of three letters or more.)
    let prose_acronym = !evidence.vocabulary.has_code() && caps >= 3;
    if caps >= 3 && is_function_word(rest) && (shouted_known || prose_acronym) {
        return Some(Split {
            text: format!("{} {rest}", &word[..caps]),
            why,
        });
    }
    if caps < 2 || rest.len() < 3 || !is_lower_word(rest) {
        return None;
    }
    // `PDFsthat`, `PDFscontaining`: an acronym's plural, then a glue word
    // or a common word of five letters or more (not `PDFsharp`).
    if let Some(next) = rest.strip_prefix('s') {
        let word_ok = is_glue_word(next) || next.len() >= 5 && common_word(next, evidence);
        // (`MEPsand`: before a function word the plural wins over `sand`.)
        if next.len() >= 3 && word_ok && (!evidence.is_word(rest) || is_function_word(next)) {
            return Some(Split {
                text: format!("{}s {next}", &word[..caps]),
                why,
            });
        }
    }
    let capital_word = &word[caps - 1..];
    // (`ACall`, `IAgree`: `A` or `I`, then a capitalised common word.)
    let one_letter_word = caps == 2
        && matches!(&word[..1], "A" | "I")
        && capital_word.len() >= 4
        && common_word(&capital_word.to_ascii_lowercase(), evidence);
    if one_letter_word {
        return Some(Split {
            text: format!("{} {capital_word}", &word[..1]),
            why,
        });
    }
    // `FSEvents`: `FSE vents` or `FS Events`? A name, either way.
    // (`CLion` is not `CL ion`: a word ending is no word here; nor is
    // `XCode` an `XC ode`: a letter before a capitalised word names it.)
    let letter_name = caps == 2
        && capital_word.len() >= 4
        && common_word(&capital_word.to_ascii_lowercase(), evidence);
    // (`VScode`, `MSbuild`, `ECMAscript`: beside code, two capitals, or
    // an acronym the file never writes alone, before a word that is no
    // word of grammar name a tool, unless the file writes the two apart;
    // `APImisuse` is glue.)
    let code = evidence.vocabulary.has_code();
    let acronym = &word[..caps - 1];
    let apart = |first: &str, second: &str| evidence.vocabulary.pair_count(first, second) > 0;
    let capitals = &word[..caps];
    let names_tool = caps == 2 || !evidence.vocabulary.word_at_least(capitals, 1);
    let tool_name = code && names_tool && !is_glue_word(rest) && !apart(capitals, rest);
    if common_word(rest, evidence) && !SUFFIX_WORDS.contains(&rest) && !letter_name && !tool_name {
        if caps >= 3 && evidence.is_word(capital_word) {
            // (`EUMember`: in prose, the shorter acronym when the file
            // writes it and not the longer.)
            let vocabulary = evidence.vocabulary;
            let shorter = !vocabulary.has_code()
                && vocabulary.token_at_least(&word[..caps - 1], 1)
                && !vocabulary.token_at_least(&word[..caps], 1);
            return shorter.then(|| Split {
                text: format!("{} {capital_word}", &word[..caps - 1]),
                why,
            });
        }
        return Some(Split {
            text: format!("{} {rest}", &word[..caps]),
            why,
        });
    }
    // (`ESTree`, `SSLError`, `DOMException`: beside code, an acronym and
    // a capitalised word make a class's name, unless the file writes the
    // two apart.)
    let named = code && !apart(acronym, capital_word);
    if caps >= 3 && capital_word.len() >= 4 && common_word(capital_word, evidence) && !named {
        return Some(Split {
            text: format!("{} {capital_word}", &word[..caps - 1]),
            why,
        });
    }
    None
}

/// Words that open the names of methods before an acronym (`toJSON`,
/// `isTTY`, `useHTTPS`, `getURL`; not `has`: `hasFFI` is glue).
const METHOD_VERBS: &[&str] = &[
    "as", "create", "from", "get", "is", "on", "parse", "set", "to", "use",
];

/// Words that open the names of methods and fields before a capitalised
/// word (`toString`, `onTimeout`, `withContext`; `for` only before a word
/// of grammar, as it glues to traits' names: `forWrite`).
const METHOD_OPENERS: &[&str] = &["as", "from", "is", "on", "to", "with"];

/// `forFreeBSD`, `withCLion`, `theRustCrypto`: an article or a
/// preposition in small letters before a name with capitals of its own
/// (two capitals after it). Not `to`, `from`, `on`, `in`, which open
/// method names (`toJsValue`, `fromCharCode`, `onValueChange`).
fn split_before_camel_case(word: &str, at: usize, evidence: &Evidence) -> Option<Split> {
    let (left, right) = word.split_at(at);
    let capitals = right.bytes().filter(u8::is_ascii_uppercase).count();
    let ok = matches!(left, "the" | "for" | "with" | "by")
        && capitals >= 2
        && right.len() >= 4
        && right.bytes().any(|b| b.is_ascii_lowercase())
        && evidence.lexicon.web_count(word) == 0;
    ok.then(|| Split {
        text: format!("{left} {right}"),
        why: "a function word glued to a name with capitals of its own",
    })
}

/// `WITHREGARD`, `ORANY`, `FITNESSFOR`: capitals glued in shouted text,
/// when the words are likelier than the token (acronyms such as `UNICEF`
/// are common on the web) and one is a short glue word or both are long.
fn split_capitals(word: &str, evidence: &Evidence) -> Option<Split> {
    if word.len() < 5 || !is_upper_word(word) {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let (left, right) = best_segmentation(&lower, evidence)?;
    let glue = |w: &str| GLUE_WORDS.contains(&w) || is_function_word(w);
    let words_ok = evidence.is_word(left) && evidence.is_word(right);
    // (`ARISINGOUT`: a very common word of three letters ends it too.)
    let very_common = |w: &str| w.len() == 3 && evidence.listed_at_least(w, VERY_COMMON);
    let shape_ok =
        glue(left) || glue(right) || (left.len() >= 4 && (right.len() >= 4 || very_common(right)));
    (words_ok && shape_ok).then(|| Split {
        text: format!("{} {}", &word[..left.len()], &word[left.len()..]),
        why: "capitals glued together: splits into common words",
    })
}

/// The cost of `part` as one word of a split, if it can be one.
fn part_cost(part: &str, evidence: &Evidence) -> Option<f64> {
    if part.len() <= 2 {
        return SHORT_WORDS
            .contains(&part)
            .then(|| Lexicon::cost(evidence.lexicon.web_count(part), COUNT_FLOOR));
    }
    if let Some(count) = evidence.lexicon.dictionary_count(part) {
        if count >= COMMON || part.len() >= 6 {
            return Some(Lexicon::cost(count, COUNT_FLOOR));
        }
    }
    // (`restructurings`: the plural of a long word the dictionary lacks
    // costs as its singular does.)
    // (Not `previouss`: a singular that ends in `s` takes `-es`.)
    if let Some(singular) = part
        .strip_suffix('s')
        .filter(|s| s.len() >= 6 && !s.ends_with('s'))
    {
        if let Some(count) = evidence.lexicon.dictionary_count(singular) {
            return Some(Lexicon::cost(count, COUNT_FLOOR));
        }
    }
    (part.len() >= 4 && evidence.vocabulary.word_at_least(part, 1))
        .then(|| Lexicon::cost(COMMON, 1))
}

/// A function word and a word make `lower` (`ofthe`, `aswell`, `inthe`).
/// The web list holds such common typos: they must be far commoner to
/// stand as written.
fn holds_function_word(lower: &str, evidence: &Evidence) -> bool {
    FUNCTION_WORDS.iter().any(|f| {
        let right = lower.strip_prefix(f).filter(|r| evidence.is_word(r));
        let left = lower.strip_suffix(f).filter(|l| evidence.is_word(l));
        right.or(left).is_some_and(|part| !part.is_empty())
    })
}

/// The cheapest split of a lowercase (or Capitalised) token into two
/// words, when it is clearly cheaper than the token itself.
fn best_segmentation<'w>(word: &'w str, evidence: &Evidence) -> Option<(&'w str, &'w str)> {
    let lower = word.to_ascii_lowercase();
    // A prefix and a content word make a closed compound, not a glue.
    let whole_count = evidence.lexicon.web_count(&lower);
    let compound = |prefixes: &[&str]| {
        prefixes.iter().any(|p| {
            lower.strip_prefix(p).is_some_and(|rest| {
                rest.len() >= 3
                    && !is_function_word(rest)
                    && !OPENERS.contains(&rest)
                    && !GRAMMAR_WORDS.contains(&rest)
                    && evidence.is_word(rest)
            })
        })
    };
    if compound(PREFIXES) {
        return None;
    }
    // The web list holds common typos (`aswell`, `ofthe`): a token with a
    // function word in it must be far commoner to stand as written.
    let whole_cost = if whole_count > 0 {
        let typo = holds_function_word(&lower, evidence);
        Lexicon::cost(whole_count, 1) + if typo { TYPO_DISCOUNT } else { 0.0 }
    } else {
        UNKNOWN_COST
    };
    let no_code = !evidence.vocabulary.has_code();
    let mut best: Option<(f64, usize)> = None;
    for cut in 1..lower.len() {
        let (left, right) = lower.split_at(cut);
        // (After a glue word, a word ending is a word: `would like`, `that try`.)
        // (`engineslike`, `somethinglike`: no compound in `-like` is made
        // of a plural or of `something`.)
        let like_glue = right == "like"
            && (left.len() >= 5 && left.ends_with('s') && !left.ends_with("ss")
                || left.ends_with("thing"));
        if (SUFFIX_WORDS.contains(&right) || COMPOUND_HEADS.contains(&right))
            && !is_glue_word(left)
            && !like_glue
        {
            continue;
        }
        // Short parts are where chance splits hide (`rhythm us`, `mud
        // gobbling`): a short end must be a glue word, a short start common.
        let count = |w: &str| evidence.lexicon.dictionary_count(w).unwrap_or(0);
        // (`supporteddue`: after a past form or an adverb, a common one.)
        // (In prose without code, a common word of three letters after a
        // common one of five or more: `strongjob`, `previouscap`.)
        let prose_short_end = !evidence.vocabulary.has_code()
            && right.len() == 3
            && left.len() >= 5
            && count(right) >= COMMON_SHORT
            && count(left) >= COMMON_SHORT;
        let short_end_ok = right.len() > 3
            || prose_short_end
            || GLUE_WORDS.contains(&right)
            || (matches!(right, "me" | "us") && left.len() >= 4)
            || (is_glue_word(left) && count(right) >= VERY_COMMON)
            || (count(right) >= COMMON_SHORT && inflected(left, evidence));
        let short_start_ok = left.len() != 3
            || GLUE_WORDS.contains(&left)
            || ((right.len() >= 4 || GLUE_WORDS.contains(&right)) && count(left) >= COMMON_SHORT);
        if !short_end_ok || !short_start_ok {
            continue;
        }
        // (`Unixand`, `Norsefor`: a name the dictionary holds capitalised,
        // before a word that follows names; `Javascript` is no `Java script`.)
        let written = &word[..cut];
        // (`Europeanauthorities`, `Julyshowed`, `Decemberby`: in prose
        // without code, a name before a common word of four letters or
        // more, or a short glue word.)
        let name_cost = || {
            let glues_on = CAPITAL_GLUE_WORDS.contains(&right)
                || no_code
                    && follows_name(right, evidence)
                    && proper_name(written, evidence)
                    && whole_count == 0
                    // (`Javascript`: the dictionary writes `JavaScript`.)
                    && !evidence.is_word(&format!("{written}{}", capitalise(right)));
            // (`Bidenand`: in prose, a name only the web knows, before a
            // word that follows names.)
            let web_name = || {
                let count = evidence.lexicon.web_count(written);
                (no_code && CAPITAL_GLUE_WORDS.contains(&right) && count >= COMMON)
                    .then(|| Lexicon::cost(count, COUNT_FLOOR))
            };
            (left.len() >= 4 && is_capitalised(written) && glues_on)
                .then(|| part_cost(written, evidence).or_else(web_name))
                .flatten()
        };
        let Some(left_cost) = part_cost(left, evidence).or_else(name_cost) else {
            continue;
        };
        // `the underreported`: after a function word, a long word the web
        // knows (and no typo of the web's own, such as `ofthe`).
        let web_word = || {
            if right.len() < 6 || !FUNCTION_WORDS.contains(&left) {
                return None;
            }
            let count = evidence.lexicon.web_count(right);
            (count > 0 && !holds_function_word(right, evidence))
                .then(|| Lexicon::cost(count, COUNT_FLOOR))
        };
        let Some(right_cost) = part_cost(right, evidence).or_else(web_word) else {
            continue;
        };
        let cost = left_cost + right_cost;
        if best.is_none_or(|(b, _)| cost < b) {
            best = Some((cost, cut));
        }
    }
    let (cost, cut) = best?;
    (cost + SPLIT_MARGIN < whole_cost).then(|| word.split_at(cut))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Block, Collection, Inline, Publication};
    use crate::normalise::vocabulary::Vocabulary;

    /// Calls `check` with the evidence of a file of one paragraph, `text`.
    pub(crate) fn with_evidence(text: &str, check: impl FnOnce(&Evidence)) {
        with_code_evidence(text, None, check);
    }

    /// Evidence from a paragraph of `text`, then a code span if given.
    pub(crate) fn with_code_evidence(
        text: &str,
        code: Option<&str>,
        check: impl FnOnce(&Evidence),
    ) {
        let lexicon = Lexicon::load(&["SSRkeep".to_string()]).unwrap();
        let mut inlines = vec![Inline::text(text)];
        inlines.extend(code.map(|c| Inline::Code { text: c.into() }));
        let paragraph = Block::Paragraph {
            inlines,
            line: 1,
            from_html: false,
        };
        let mut collection = Collection {
            publications: vec![Publication {
                summary: vec![paragraph],
                ..Publication::default()
            }],
            ..Collection::default()
        };
        let vocabulary = Vocabulary::of(&mut collection);
        check(&Evidence::new(&lexicon, Words::new(&vocabulary, &[])));
    }

    fn split(token: &str, evidence: &Evidence) -> String {
        split_token(token, evidence, Position::Title).map_or(token.to_string(), |s| s.text)
    }

    #[test]
    fn splits_the_sample_glues() {
        with_evidence("", |e| {
            for (glued, words) in [
                ("increasingconcern", "increasing concern"),
                ("ahuman", "a human"),
                ("underminingnational", "undermining national"),
                ("andcorruption.", "and corruption."),
                ("theOrganisation", "the Organisation"),
                ("makeimportant", "make important"),
                ("humantrafficking", "human trafficking"),
                ("andcooperation", "and cooperation"),
                ("concerningcriminalisation", "concerning criminalisation"),
                ("protectionof", "protection of"),
                ("incountries", "in countries"),
                ("securityresponses,", "security responses,"),
                ("aparticular", "a particular"),
                ("ofhuman", "of human"),
                ("toTrafficking", "to Trafficking"),
                ("Traffickingin", "Trafficking in"),
                ("trafficking.However,", "trafficking. However,"),
                ("level,and", "level, and"),
                ("theEU", "the EU"),
                ("SSRsupport", "SSR support"),
                ("DCAFReport", "DCAF Report"),
                ("post-conflictsocieties", "post-conflict societies"),
                (
                    "world\u{2019}saccountability",
                    "world\u{2019}s accountability",
                ),
                ("in2020,", "in 2020,"),
                ("60days", "60 days"),
                ("13.Use", "13. Use"),
                ("and(for", "and (for"),
                ("work)run", "work) run"),
                ("(version)of", "(version) of"),
                ("authors'protection,", "authors' protection,"),
                ("thedevelopers'", "the developers'"),
                ("underthis", "under this"),
                ("The\"Document\",", "The \"Document\","),
            ] {
                assert_eq!(split(glued, e), words);
            }
        });
    }

    fn split_at(token: &str, evidence: &Evidence, position: Position) -> String {
        split_token(token, evidence, position).map_or(token.to_string(), |s| s.text)
    }

    #[test]
    fn splits_glue_at_brackets_dashes_and_quotes() {
        with_evidence("a text – spaced", |e| {
            assert_eq!(split("budget).Despite", e), "budget). Despite");
            assert_eq!(split("(UN).Member", e), "(UN). Member");
            assert_eq!(
                split("reforms\u{2013}notably", e),
                "reforms \u{2013} notably"
            );
            assert_eq!(split("of\u{2018}Security", e), "of \u{2018}Security");
            // A call, a gloss, and a dash the file never spaces.
            assert_eq!(split("derive(Error)", e), "derive(Error)");
            assert_eq!(split("(de)compression", e), "(de)compression");
            assert_eq!(split("budget).despite", e), "budget).despite");
            // A term quoted or bracketed whole is named, not glued.
            assert_eq!(split("[thiserror]", e), "[thiserror]");
            assert_eq!(split("\"frontloaded\"", e), "\"frontloaded\"");
            assert_eq!(split("(ofthe)", e), "(of the)");
            // Lists in a sentence, and a quoted term's bracket.
            assert_eq!(split("or(ii)", e), "or (ii)");
            assert_eq!(split("(ii)for", e), "(ii) for");
            assert_eq!(split("\"License\").The", e), "\"License\"). The");
            assert_eq!(split("doesa", e), "does a");
            // A lone straight quote: it closes what the token opened, or
            // sits before a function word; it opens after one.
            assert_eq!(split("\"Software\"means", e), "\"Software\" means");
            assert_eq!(split("version\"of", e), "version\" of");
            assert_eq!(split("was\"Never", e), "was \"Never");
            assert_eq!(split("inch\"marks", e), "inch\"marks");
            // A capitalised defined term closes its quote before a verb.
            assert_eq!(split("License\"means", e), "License\" means");
            assert_eq!(split("Big\"ab", e), "Big\"ab");
            // A number's closing bracket, a mark or not, then a word.
            assert_eq!(split("3),the", e), "3), the");
            assert_eq!(split("2019).The", e), "2019). The");
            assert_eq!(split("4(b)and", e), "4(b) and");
            assert_eq!(split("f(3)x", e), "f(3)x");
            assert_eq!(split("3),x", e), "3),x");
            // Short glue words after a bracket; a plural marker is no bracket.
            assert_eq!(split("dates)is", e), "dates) is");
            assert_eq!(split("Contribution(s)alone", e), "Contribution(s) alone");
            assert_eq!(split("organisation(s)", e), "organisation(s)");
        });
        with_code_evidence("for each; the call", Some("forEach"), |e| {
            // A hyphenated compound's part that the file's code writes.
            assert_eq!(split("forEach-able", e), "forEach-able");
            assert_eq!(split("forEach", e), "forEach");
        });
        with_evidence("for each", |e| {
            assert_eq!(split("forEach-able", e), "for Each-able");
        });
        let text = "a list; the yallist crate";
        with_code_evidence(text, Some("yallist.push(node)"), |e| {
            // A name the code writes, a full stop, a word that opens no
            // sentence: a path. Before one that opens a sentence, a glue.
            assert_eq!(split("yallist.Node", e), "yallist.Node");
            assert_eq!(split("yallist.This", e), "yallist. This");
        });
        with_evidence(text, |e| {
            assert_eq!(split("yallist.Node", e), "yallist. Node");
        });
        with_evidence("a ChaCha cipher", |e| {
            // No call is named `the`.
            assert_eq!(split("the[ChaCha]", e), "the [ChaCha]");
            assert_eq!(split("derive(ChaCha)", e), "derive(ChaCha)");
        });
        with_evidence("no spaced dashes here", |e| {
            assert_eq!(split("reforms\u{2013}notably", e), "reforms\u{2013}notably");
            assert_eq!(split("Kuhn\u{2013}Munkres", e), "Kuhn\u{2013}Munkres");
        });
    }

    #[test]
    fn splits_words_glued_to_numbers_only_where_a_number_goes() {
        with_evidence("32-bit targets", |e| {
            // The file writes it hyphenated: a compound, not a glue.
            assert_eq!(split("32bit", e), "32bit");
            assert_eq!(split("60days", e), "60 days");
        });
        with_evidence("", |e| {
            // A unit written on its number, as technical text does.
            assert_eq!(split("32bit", e), "32bit");
            assert_eq!(split("5min,", e), "5min,");
            assert_eq!(split("12weeks", e), "12 weeks");
            assert_eq!(split("the2019", e), "the 2019");
            assert_eq!(split("in1999", e), "in 1999");
            assert_eq!(split("review2019", e), "review 2019");
            assert_eq!(split("1of", e), "1 of");
            assert_eq!(split("13.Use", e), "13. Use");
            assert_eq!(split("5.2.If", e), "5.2. If");
            assert_eq!(split("3.5.If", e), "3.5. If");
            assert_eq!(split("1.2.3", e), "1.2.3");
            assert_eq!(split("2in", e), "2in");
            // A version after `v`, before a word.
            assert_eq!(split("v0.9version", e), "v0.9 version");
            for term in ["v0.9", "v1.2.3x", "v2.6.0zyxw", "v8engine"] {
                assert_eq!(split(term, e), term);
            }
            // A number after a hyphen.
            assert_eq!(split("May-2020benchmarks,", e), "May-2020 benchmarks,");
            for term in ["x86-64", "1990-2000s", "COVID-19s"] {
                assert_eq!(split(term, e), term);
            }
            // A section's number before a defined term in quotes.
            assert_eq!(split("1.1.\"Contributor\"", e), "1.1. \"Contributor\"");
            assert_eq!(
                split("2.\u{201c}Licence\u{201d}", e),
                "2. \u{201c}Licence\u{201d}"
            );
            assert_eq!(split("1.1\"Contributor\"", e), "1.1\"Contributor\"");
            assert_eq!(split("1.\"xyzzy\"", e), "1.\"xyzzy\"");
            for term in [
                "utf8",
                "h264",
                "mp4",
                "x86",
                "win32",
                "python3",
                "sha256",
                "Latin1",
                // Digits then a dash of several bytes (a fuzz find: no panic).
                "café0–",
                "in0–",
            ] {
                assert_eq!(split(term, e), term);
            }
        });
    }

    #[test]
    fn splits_acronyms_and_capitals_glued_to_words() {
        with_evidence("Security Studies", |e| {
            assert_eq!(split("UNpeacekeeping", e), "UN peacekeeping");
            assert_eq!(split("supportNATO", e), "support NATO");
            assert_eq!(split("TheCommission", e), "The Commission");
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("SecurityStudies"), "Security Studies");
            assert_eq!(inside("Westernpartners"), "Western partners");
            assert_eq!(inside("WITHREGARD"), "WITH REGARD");
            assert_eq!(inside("ONEof"), "ONE of");
            assert_eq!(inside("butWITHOUT"), "but WITHOUT");
            assert_eq!(inside("Youdistribute"), "You distribute");
            assert_eq!(inside("Waiveris"), "Waiver is");
            assert_eq!(inside("Windsor"), "Windsor");
            assert_eq!(inside("IMPLIED,INCLUDING"), "IMPLIED, INCLUDING");
            // Between shouted words, a full stop ends a sentence only
            // before a word that opens one.
            assert_eq!(inside("LICENSE.THE"), "LICENSE. THE");
            assert_eq!(inside("MAJOR.MINOR"), "MAJOR.MINOR");
            // A one-letter word opening a sentence.
            assert_eq!(inside("crate.A"), "crate. A");
            assert_eq!(inside("U.S.A"), "U.S.A");
            // Names: both readings are words, or the web knows the token.
            assert_eq!(inside("FSEvents"), "FSEvents");
            assert_eq!(inside("Linebender"), "Linebender");
            assert_eq!(inside("MobileCoin"), "MobileCoin");
            assert_eq!(inside("UNICEF"), "UNICEF");
        });
    }

    #[test]
    fn camel_case_needs_its_words_with_their_capitals_or_in_small_letters() {
        // `ThreadPool` is a name in a file that writes `a thread pool`;
        // `SecurityStudies` glued where the file writes `Security Studies`.
        with_evidence("a thread pool; the Security Studies of a world bank", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("ThreadPool"), "ThreadPool");
            assert_eq!(inside("SecurityStudies"), "Security Studies");
            // In a title, a part the file writes in small letters.
            assert_eq!(split("WorldBank", e), "World Bank");
        });
        // A title's `RustCrypto` where the file writes only `Rust`, a name.
        with_evidence("Rust crates by the Rust Project", |e| {
            assert_eq!(split("RustCrypto", e), "RustCrypto");
        });
        with_evidence("Rust crates and crypto", |e| {
            assert_eq!(split("RustCrypto", e), "Rust Crypto");
        });
        // Two long common words in a title need no other evidence; a
        // capitalised glue of two long dictionary words neither.
        with_evidence("", |e| {
            assert_eq!(split("LessonsLearned", e), "Lessons Learned");
            assert_eq!(split("Budgetaryoversight", e), "Budgetary oversight");
            assert_eq!(split("ThreadPool", e), "ThreadPool");
            let inside = |t: &str| split_at(t, e, Position::Inside);
            // (The web writes `lessons learned` apart: anywhere, then.)
            assert_eq!(inside("LessonsLearned"), "Lessons Learned");
            assert_eq!(inside("Budgetaryoversight"), "Budgetaryoversight");
        });
    }

    #[test]
    fn glue_beside_code_with_capitals_acronyms_versions_and_labels() {
        // (`new()`: the file shows code.)
        let text = "Call new() once. A Legal Entity is one; each Legal Entity \
                    and the Data Format.";
        with_evidence(text, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            // Capitals written apart twice beside code; once is no sign.
            assert_eq!(inside("LegalEntity"), "Legal Entity");
            assert_eq!(inside("DataFormat"), "DataFormat");
            // A function word before an acronym.
            assert_eq!(inside("TheMSRV"), "The MSRV");
            assert_eq!(inside("ForNATO"), "For NATO");
            assert_eq!(inside("InDesign"), "InDesign");
            // An acronym's plural before a common longer word.
            assert_eq!(inside("PDFscontaining"), "PDFs containing");
            assert_eq!(inside("PDFsxyzzy"), "PDFsxyzzy");
            // A version before a word in small letters.
            assert_eq!(inside("7.0series"), "7.0 series");
            assert_eq!(inside("Apache-2.0license,"), "Apache-2.0 license,");
            assert_eq!(inside("2.0Series"), "2.0Series");
            // Calls, identifiers and paths beside code stay.
            for token in [
                "findUp(name,",
                ".all(predicate,",
                ".any(predicate",
                "cacheControl",
                "got.ParseError",
            ] {
                assert_eq!(inside(token), token);
            }
            assert_eq!(inside("exists.Don't"), "exists. Don't");
            assert_eq!(inside("and(for"), "and (for");
            assert_eq!(inside("theOrganisation"), "the Organisation");
            // A capitalised label before a sentence in small letters.
            assert_eq!(inside("Note:this"), "Note: this");
            assert_eq!(inside("note:this"), "note:this");
            assert_eq!(inside("Xyzzy:this"), "Xyzzy:this");
        });
    }

    #[test]
    fn a_name_the_file_uses_glued_to_a_modal() {
        with_evidence("Kurbo is a library for curves", |e| {
            assert_eq!(split_at("Kurbomight", e, Position::Inside), "Kurbo might");
        });
    }

    #[test]
    fn splits_ordinary_two_word_glue() {
        with_evidence("", |e| {
            for (glued, words) in [
                ("aswell", "as well"),
                ("threeareas", "three areas"),
                ("lawenforcement", "law enforcement"),
            ] {
                assert_eq!(split(glued, e), words);
            }
            // Sentence openers glued to the next word.
            let start = |t: &str| split_at(t, e, Position::SentenceStart);
            assert_eq!(start("Butwe"), "But we");
            assert_eq!(start("Soit's"), "So it's");
            assert_eq!(start("Thereforewe"), "Therefore we");
            // A function word before a long word the web knows; a word
            // before the prefix of a hyphenated compound.
            assert_eq!(split("theunderreported", e), "the underreported");
            assert_eq!(split("ofwellbeing", e), "of wellbeing");
            assert_eq!(
                split("whereasnon-governmental", e),
                "whereas non-governmental"
            );
            assert_eq!(split("thepost-conflict", e), "the post-conflict");
            for word in [
                "nonself-governing",
                "counter-terrorism",
                "anti-corruption",
                "Sino-Soviet",
            ] {
                assert_eq!(split(word, e), word);
            }
            // Acronyms' plurals.
            assert_eq!(split("forNCRs", e), "for NCRs");
            assert_eq!(split("PDFsthat", e), "PDFs that");
            assert_eq!(split("UNsat", e), "UN sat");
            // Contractions glued either side.
            assert_eq!(split("don'tdo", e), "don't do");
            assert_eq!(split("doesn\u{2019}tprovide", e), "doesn\u{2019}t provide");
            assert_eq!(split("ifyou're", e), "if you're");
            assert_eq!(split("operationsisn't", e), "operations isn't");
            for word in [
                "isn't",
                "you're",
                "rock'n'roll",
                "O'Neill",
                "d'Ivoire",
                "don'tlxq",
            ] {
                assert_eq!(split(word, e), word);
            }
            // After a glue word, a short common word or a word ending.
            assert_eq!(start("Pleasesee"), "Please see");
            assert_eq!(split("wouldlike", e), "would like");
            assert_eq!(split("thattry", e), "that try");
            // An article must agree (as said: `a euro`, `a one-off`); a
            // word ending is no word.
            assert_eq!(split("anstyle", e), "anstyle");
            assert_eq!(split("aeuro", e), "a euro");
            assert_eq!(split("aone-off", e), "a one-off");
            assert_eq!(split("skia", e), "skia");
            assert_eq!(split("CLion", e), "CLion");
            assert_eq!(split("upstreamed", e), "upstreamed");
        });
    }

    #[test]
    fn splits_function_words_from_terms_the_file_writes() {
        let text = "Notes on encoding_rs, part 1; a 32-bit build under Apache-2.0 \
                    and crates.io; a1 and b1; defence,whereas; incivil-military";
        with_evidence(text, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("onencoding_rs,"), "on encoding_rs,");
            assert_eq!(inside("a32-bit"), "a 32-bit");
            assert_eq!(inside("theApache-2.0"), "the Apache-2.0");
            assert_eq!(inside("oncrates.io"), "on crates.io");
            assert_eq!(inside("part1"), "part 1");
            // Not a term the file writes, too few letters, or letters only.
            assert_eq!(inside("ontokio_rs"), "ontokio_rs");
            assert_eq!(inside("ab1"), "ab1");
            assert_eq!(inside("another"), "another");
            // Glue at a comma inside is split there, not before the word;
            // a hyphenated compound is no term (`incivil-military` elsewhere).
            assert_eq!(inside("ofdefence,whereas"), "of defence, whereas");
            assert_eq!(inside("withincivil-military"), "within civil-military");
        });
    }

    #[test]
    fn splits_a_word_that_opens_no_identifier_from_a_name_with_marks() {
        // The names are written only glued: a capital and a term's marks
        // after `the`, `and`, `about` or `against` show them.
        with_evidence("Some notes here.", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("theKuhn\u{2013}Munkres"), "the Kuhn\u{2013}Munkres");
            assert_eq!(inside("aboutUTF-8"), "about UTF-8");
            assert_eq!(inside("againstMD5's"), "against MD5's");
            assert_eq!(inside("andI/O-safe"), "and I/O-safe");
            assert_eq!(inside("theRustCrypto/AEADs"), "the RustCrypto/AEADs");
            // Identifiers open with `to`, `for`, `on`.
            assert_eq!(inside("toAddress4Nat64"), "toAddress4Nat64");
            // A capital opens an acronym, not a glued `a` or `an`.
            assert_eq!(inside("AES-GCM"), "AES-GCM");
            assert_eq!(inside("ANSI-C"), "ANSI-C");
        });
    }

    #[test]
    fn splits_a_name_the_dictionary_holds_capitalised_from_a_word_after_it() {
        with_evidence("Some notes here.", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("Norsefor"), "Norse for");
            assert_eq!(inside("Crichtonand"), "Crichton and");
            // A short name may end a longer one (`Ianto`); a name and a
            // content word may be a name too.
            assert_eq!(inside("Ianto"), "Ianto");
            assert_eq!(split_at("Javascript", e, Position::Title), "Javascript");
        });
    }

    #[test]
    fn splits_an_article_glued_to_a_hyphenated_compound() {
        with_evidence("You may opt out; it is a good goal.", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("theopt-in"), "the opt-in");
            assert_eq!(inside("anopt-in"), "an opt-in");
            assert_eq!(inside("anon-goal"), "a non-goal");
            assert_eq!(inside("anon-trivial"), "a non-trivial");
            // `a` and a word is a name (`async-std`); `across-the-board`
            // is words; `an` agrees with no `style`.
            assert_eq!(inside("async-std"), "async-std");
            assert_eq!(inside("across-the-board"), "across-the-board");
            assert_eq!(inside("anstyle-parse"), "anstyle-parse");
        });
        // A common word the file never writes on its own may be a name's.
        with_evidence("Nothing here.", |e| {
            assert_eq!(split_at("theopt-in", e, Position::Inside), "theopt-in");
        });
    }

    #[test]
    fn splits_a_word_of_grammar_from_a_name_the_file_writes() {
        with_evidence(
            "Usage with WebAssembly; WebAssembly threads; Latin1 text",
            |e| {
                let inside = |t: &str| split_at(t, e, Position::Inside);
                assert_eq!(inside("toWebAssembly,"), "to WebAssembly,");
                assert_eq!(inside("onlyLatin1"), "only Latin1");
                // Not a name the file writes, nor after a content word.
                assert_eq!(inside("toJsValue"), "toJsValue");
                assert_eq!(inside("useWebAssembly"), "useWebAssembly");
                assert_eq!(inside("AsWebAssembly"), "AsWebAssembly");
                // A letter beyond ASCII first (a bench find: no panic).
                assert_eq!(inside("éWebAssembly"), "éWebAssembly");
            },
        );
    }

    #[test]
    fn keeps_identifiers_made_of_a_word_of_grammar_and_a_common_word() {
        let text = "Open and Options; open it; the options; Rust; a Modified copy";
        with_evidence(text, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            // The file writes `open` and `options` in small letters: the
            // capitals are an identifier's.
            assert_eq!(inside("isOpen"), "isOpen");
            assert_eq!(inside("nextOptions)"), "nextOptions)");
            // A name keeps its capital wherever the file writes it.
            assert_eq!(inside("isRust"), "is Rust");
            assert_eq!(inside("lastModified"), "last Modified");
        });
        with_evidence("Open it; open it; it is open", |e| {
            // Written apart too: a glue.
            assert_eq!(split_at("isOpen", e, Position::Inside), "is Open");
        });
        with_evidence("a Modified copy; the `Last-Modified` header", |e| {
            // Joined by a hyphen: a compound the file uses.
            assert_eq!(
                split_at("lastModified", e, Position::Inside),
                "lastModified"
            );
        });
    }

    #[test]
    fn splits_a_term_the_file_writes_from_the_word_after_it() {
        let text = "QuickCheck tests; Latin1 text; UTF-8 text; C code";
        with_evidence(text, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("QuickCheckand"), "QuickCheck and");
            assert_eq!(inside("Latin1to"), "Latin1 to");
            assert_eq!(inside("UTF-8or,"), "UTF-8 or,");
            // A CamelCase name that ends in a word or an acronym, written
            // nowhere else, before a glue word of three letters or more,
            // or a short one after a word it does not run on.
            assert_eq!(inside("ThreadSanitizerthat"), "ThreadSanitizer that");
            assert_eq!(inside("TrueTypeor"), "TrueType or");
            assert_eq!(inside("LunaSVGand"), "LunaSVG and");
            assert_eq!(inside("iOSand"), "iOS and");
            for token in [
                "GitHubfor",
                "BigBand",
                "McAnd",
                "LunaSVGto",
                "Lunasvgand",
                "OpenProcessor",
            ] {
                assert_eq!(inside(token), token);
            }
            // Not written on its own, or too short to be a term.
            assert_eq!(inside("SimpleCSSxyz"), "SimpleCSSxyz");
            assert_eq!(inside("Cand"), "Cand");
            // A letter beyond ASCII first: no panic.
            assert_eq!(inside("Żmijand"), "Żmijand");
        });
    }

    #[test]
    fn splits_a_glue_word_from_a_version_number() {
        with_evidence("", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("is1.56.0."), "is 1.56.0.");
            assert_eq!(inside("to2.5"), "to 2.5");
            // A version before a glue word; a count after `have`.
            assert_eq!(inside("1.85and"), "1.85 and");
            assert_eq!(inside("have18"), "have 18");
            for term in ["1.0rc", "2.5x", "1.85andy"] {
                assert_eq!(inside(term), term);
            }
            // Identifiers and numbers that are no version stay.
            for term in ["python3.8", "v1.2", "is1..2", "as3.x"] {
                assert_eq!(inside(term), term);
            }
        });
    }

    #[test]
    fn splits_a_function_word_after_a_word_the_file_writes_it_after() {
        let text = "Notes on serde, part 1. Notes on rand, part 2. Using the tools.";
        with_evidence(text, |e| {
            let after = |before: &str, t: &str| {
                split_after_pair(before, t, e).map_or(t.to_string(), |s| s.text)
            };
            assert_eq!(after("Notes", "onanstream,"), "on anstream,");
            assert_eq!(after("Notes", "onrand_core,"), "on rand_core,");
            // Only after the word the file writes it after, twice.
            assert_eq!(after("Remarks", "onanstream,"), "onanstream,");
            assert_eq!(after("Using", "theanstream"), "theanstream");
            // Not a word of grammar before it, a capital or a word in it.
            assert_eq!(after("the", "onanstream"), "onanstream");
            assert_eq!(after("Notes", "onClick"), "onClick");
            assert_eq!(after("Notes", "online"), "online");
            assert_eq!(after("Notes", "onion-free"), "onion-free");
        });
        let text = "Using the tools, using the lists, using then-current builds.";
        with_evidence(text, |e| {
            let got = split_after_pair("using", "then-current", e);
            assert_eq!(got, None);
        });
    }

    #[test]
    fn splits_a_function_word_before_a_word_the_file_writes_it_before() {
        let text = "Ann Lee or Copyright 2003. Ben Fox or Copyright 2004. Hand or foot.";
        with_evidence(text, |e| {
            let before = |t: &str, next: &str| {
                split_before_pair(t, next, e).map_or(t.to_string(), |s| s.text)
            };
            assert_eq!(before("Karglor", "Copyright"), "Kargl or");
            // Only before the word the file writes it before, twice.
            assert_eq!(before("Karglor", "foot"), "Karglor");
            assert_eq!(before("Karglor", "Notice"), "Karglor");
            // Not a word, a short stem, nor a mark after it.
            assert_eq!(before("Windsor", "Copyright"), "Windsor");
            assert_eq!(before("Kor", "Copyright"), "Kor");
            assert_eq!(before("Karglor,", "Copyright"), "Karglor,");
            assert_eq!(before("libcollection", "Copyright"), "libcollection");
        });
    }

    #[test]
    fn splits_a_comma_between_a_term_and_a_common_word() {
        with_evidence("", |e| {
            let title = |t: &str| split(t, e);
            assert_eq!(title("flate2,part"), "flate2, part");
            assert_eq!(
                title("ab_glyph_rasterizer,part"),
                "ab_glyph_rasterizer, part"
            );
            assert_eq!(title("UUID,you"), "UUID, you");
            assert_eq!(title("4d1,you."), "4d1, you.");
            // Not before a rare word, a letter or a capital; not numbers.
            for token in [
                "std,alloc",
                "x86,y",
                "UUID,You",
                "1,000",
                "a1,b2",
                "1.5,and",
            ] {
                assert_eq!(title(token), token);
            }
        });
    }

    #[test]
    fn splits_a_word_no_identifier_opens_with_from_a_name() {
        // Crates are named in small letters too (`chrono`, `Chrono`).
        with_evidence(
            "Use Chrono and Tokio; chrono, tokio; isOpen and Open.",
            |e| {
                let inside = |t: &str| split_at(t, e, Position::Inside);
                assert_eq!(inside("butChrono"), "but Chrono");
                assert_eq!(inside("seeTokio."), "see Tokio.");
            },
        );
    }

    #[test]
    fn splits_a_year_from_the_copyright_sign_or_a_month() {
        with_evidence("Some notes here.", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("(c)2017"), "(c) 2017");
            assert_eq!(inside("(c)2014--2026,"), "(c) 2014--2026,");
            assert_eq!(inside("Copyright2010-2014"), "Copyright 2010-2014");
            assert_eq!(inside("March1996"), "March 1996");
            // Not a year, or a year that runs on into a name.
            assert_eq!(inside("(c)123"), "(c)123");
            assert_eq!(inside("March2020x"), "March2020x");
        });
    }

    #[test]
    fn splits_a_comma_between_two_names() {
        with_evidence("Some notes here.", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("CSS,TTF,"), "CSS, TTF,");
            assert_eq!(inside("PowerVR,PKM"), "PowerVR, PKM");
            assert_eq!(inside("(PBM,PGM,"), "(PBM, PGM,");
            assert_eq!(inside("TrueType,OpenType,"), "TrueType, OpenType,");
            // Types and numbers are no names; one letter is no name.
            assert_eq!(inside("Result<T,E>"), "Result<T,E>");
            assert_eq!(inside("(0,0)"), "(0,0)");
            assert_eq!(inside("K,V"), "K,V");
        });
    }

    #[test]
    fn splits_a_colon_after_a_label_before_a_sentence() {
        with_evidence("", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("A:This"), "A: This");
            assert_eq!(inside("Note:The"), "Note: The");
            // Not before a name, nor a drive or a scheme.
            for token in ["A:Kurbo", "C:Windows", "std:This1"] {
                assert_eq!(inside(token), token);
            }
        });
    }

    #[test]
    fn splits_the_copyright_sign_and_a_glue_word_before_the_article() {
        with_evidence("nothing but fora and fora", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("Copyright(c)"), "Copyright (c)");
            assert_eq!(inside("COPYRIGHT(C)"), "COPYRIGHT (C)");
            assert_eq!(inside("nota"), "not a");
            // `fora` is the file's word (twice); `whoa` and `area` are
            // common; `Nota Bene` is written with its capital.
            for token in ["fora", "whoa", "area", "Nota", "Option(c)", "Copyright(cc)"] {
                assert_eq!(inside(token), token);
            }
        });
    }

    #[test]
    fn glue_at_marks_after_acronyms_abbreviations_and_before_contractions() {
        with_evidence("an RNG", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("RNG.This"), "RNG. This");
            assert_eq!(inside("vs.optional"), "vs. optional");
            assert_eq!(inside("Now,let's"), "Now, let's");
            assert_eq!(inside("bytes,a"), "bytes, a");
            // An acronym before a name, an abbreviation before an address
            // or a rare word, a word before an odd ending: as written.
            assert_eq!(inside("RNG.Kurbo"), "RNG.Kurbo");
            assert_eq!(inside("co.uk"), "co.uk");
            assert_eq!(inside("vs.xyzzy"), "vs.xyzzy");
            assert_eq!(inside("Now,let'x"), "Now,let'x");
        });
    }

    #[test]
    fn like_after_a_plural_and_grammar_words_after_a_prefix() {
        with_evidence("", |e| {
            assert_eq!(split("somethinglike", e), "something like");
            assert_eq!(split("engineslike", e), "engines like");
            assert_eq!(split("undereither", e), "under either");
            // `-like` compounds of one thing, and prefix compounds, stay.
            assert_eq!(split("glasslike", e), "glasslike");
            assert_eq!(split("enginelike", e), "enginelike");
            assert_eq!(split("underactive", e), "underactive");
        });
    }

    #[test]
    fn short_content_words_need_the_file_to_write_them_apart() {
        with_evidence("Notes on fast code; a simple and fast generator", |e| {
            // Two short content words: a term's name, not a glue.
            for term in [
                "fastrand", "seccomp", "bitflags", "zerocopy", "newtype", "libcore",
            ] {
                assert_eq!(split(term, e), term);
            }
            // A word of grammar, or a long word, may still be glued.
            assert_eq!(split("otherthan", e), "other than");
            assert_eq!(split("threeareas", e), "three areas");
            assert_eq!(split("lawenforcement", e), "law enforcement");
        });
        with_evidence("the work is done; work done twice", |e| {
            assert_eq!(split("workdone", e), "work done");
        });
    }

    #[test]
    fn a_lowercase_token_written_whole_twice_needs_its_words_apart_twice() {
        let text = "Notes on jobserver, part 1. An implementation of the job server; \
                    in jobserver-rs. The Regional cooperation and Regionalcooperation";
        with_evidence(text, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("jobserver"), "jobserver");
            assert_eq!(split("Regionalcooperation", e), "Regional cooperation");
        });
        with_evidence("a jobserver, the job server and the job server", |e| {
            assert_eq!(split_at("jobserver", e, Position::Inside), "job server");
        });
    }

    #[test]
    fn a_capitalised_token_written_whole_three_times_needs_its_words_apart_twice() {
        let text = "Notes on proptest, part 1. Proptest is a testing tool. \
                    In Proptest, you write a strategy; Prop test runs them.";
        with_evidence(text, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("Proptest"), "Proptest");
            assert_eq!(inside("proptest"), "proptest");
        });
    }

    #[test]
    fn splits_words_the_file_writes_apart() {
        let text = "the copyright holder and each copyright holder; under section 2; \
                    conditions are met; your own; a bit cast, a bitcast; line breaking; \
                    PROVIDED AS IS; IN NO EVENT; things to do";
        with_evidence(text, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("copyrightholder"), "copyright holder");
            assert_eq!(inside("undersection"), "under section");
            assert_eq!(inside("aremet."), "are met.");
            assert_eq!(inside("Yourown"), "Your own");
            assert_eq!(inside("COPYRIGHTHOLDER"), "COPYRIGHT HOLDER");
            assert_eq!(inside("ASIS"), "AS IS");
            assert_eq!(inside("INNO"), "IN NO");
            // (The web writes `todo` as a word.)
            assert_eq!(inside("TODO"), "TODO");
            // Two content words also written joined, or apart only once:
            // a compound, as far as the file's usage tells.
            assert_eq!(split_attested("bitcast", e), None);
            assert_eq!(split_attested("linebreaking", e), None);
            // Never a dictionary word.
            assert_eq!(inside("undersea"), "undersea");
        });
    }

    #[test]
    fn keeps_compounds_in_use_that_the_file_also_writes_apart() {
        let text = "query strings, two query strings; speed up and speed up; \
                    compile times, compile times; clean up, clean up";
        with_evidence(text, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            // Apart only: the file's usage says two words.
            assert_eq!(inside("querystrings"), "query strings");
            assert_eq!(inside("speedup"), "speed up");
            assert_eq!(inside("compiletimes"), "compile times");
            // Far commoner on the web than any chance glue.
            assert_eq!(inside("cleanup"), "cleanup");
        });
        let text = format!("{text}; a querystring, speedups");
        with_evidence(&text, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            // Written joined with a plural's `s` added or taken away: a
            // compound the file uses.
            assert_eq!(inside("querystrings"), "querystrings");
            assert_eq!(inside("speedup"), "speedup");
            assert_eq!(inside("compiletimes"), "compile times");
        });
        with_evidence("Theparser combination; Theparsers", |e| {
            // With a function word in it, the other form is glued too.
            assert_eq!(split("Theparsers", e), "The parsers");
        });
        with_evidence("agenciesrequire this; agencies require", |e| {
            // An other form that the web does not know may be glued too.
            assert_eq!(split("agenciesrequires", e), "agencies requires");
        });
    }

    #[test]
    fn the_files_own_terms_stay_whole() {
        let lexicon = Lexicon::load(&[]).unwrap();
        let mut collection = Collection {
            publications: vec![Publication {
                summary: vec![Block::Paragraph {
                    inlines: vec![
                        Inline::text("Use seccomp filters, base64 and tree1; base64 again. "),
                        Inline::Code {
                            text: "anstyle::Style init".into(),
                        },
                    ],
                    line: 1,
                    from_html: false,
                }],
                ..Publication::default()
            }],
            ..Collection::default()
        };
        let vocabulary = Vocabulary::of(&mut collection);
        let e = Evidence::new(&lexicon, Words::new(&vocabulary, &[]));
        for term in [
            "anstyle",
            "init",
            "base64",
            "tree1",
            "seccomp",
            "newtype",
            "zerocopy",
            "HashSet",
            "ThreadPool",
            "codepoints",
        ] {
            assert_eq!(split_at(term, &e, Position::Inside), term);
        }
        // A glue with a function word, or an auxiliary before a longer
        // word, is still one beside code (but not `hasher`, `nowrap`).
        assert_eq!(split_at("ofthe", &e, Position::Inside), "of the");
        assert_eq!(split_at("beused", &e, Position::Inside), "be used");
        for term in ["nowrap", "oneshot", "hasher"] {
            assert_eq!(split_at(term, &e, Position::Inside), term);
        }
        // A past form, an adverb or an adjective first, or a verb that is
        // no noun, starts no term: glue, beside code too.
        for (glued, words) in [
            ("supporteddue", "supported due"),
            ("increasedper", "increased per"),
            ("parseddocument", "parsed document"),
            ("plainlymarked", "plainly marked"),
            ("defectivecombining", "defective combining"),
            ("wentwrong", "went wrong"),
            ("looksgood", "looks good"),
        ] {
            assert_eq!(split_at(glued, &e, Position::Inside), words);
        }
        // (Stems that are no words: `embedded`, `compatible`; short ones.)
        for term in ["embeddedhal", "compatibleness", "fixedbuf", "linebreaking"] {
            assert_eq!(split_at(term, &e, Position::Inside), term);
        }
        // A plural first: no compound is made so, unless the web knows it.
        assert_eq!(split_at("callsbuilt", &e, Position::Inside), "calls built");
        assert_eq!(split_at("bytesbased", &e, Position::Inside), "bytes based");
        for term in ["newsgroup", "bytesmut", "statusbar"] {
            assert_eq!(split_at(term, &e, Position::Inside), term);
        }
    }

    #[test]
    fn splits_a_function_word_before_a_name_with_capitals_of_its_own() {
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("theJetBrains"), "the JetBrains");
            assert_eq!(inside("forFreeBSD."), "for FreeBSD.");
            assert_eq!(inside("withCLion."), "with CLion.");
            // Not after another word or a word that opens method names,
            // nor one capital alone.
            assert_eq!(inside("useJetBrains"), "useJetBrains");
            assert_eq!(inside("toJetBrains"), "toJetBrains");
            assert_eq!(inside("forJetbrains"), "forJetbrains");
        });
    }

    #[test]
    fn beside_code_splits_years_before_names_sizes_quotations_markers_and_small_names() {
        let text =
            "the mio crate; mio polls, std and std again; C and C too; see the previous page; \
                    notify-types and notify-type";
        with_code_evidence(text, Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            for (glued, words) in [
                // A copyright's year, or span of years, before its holder.
                ("2018Artyom", "2018 Artyom"),
                ("2017-2024oyvindln", "2017-2024 oyvindln"),
                // A size after a word that glues, or before a word.
                ("about24.5KiB.", "about 24.5KiB."),
                ("than64KiB", "than 64KiB"),
                ("uses32-bit", "uses 32-bit"),
                ("a64-bit", "a 64-bit"),
                ("~2.8MBof", "~2.8MB of"),
                // A comma after a closed quotation.
                ("'as-is',without", "'as-is', without"),
                ("IS\",WITHOUT", "IS\", WITHOUT"),
                (
                    "\u{201c}Available\u{201d},\u{201c}Tested\u{201d}",
                    "\u{201c}Available\u{201d}, \u{201c}Tested\u{201d}",
                ),
                // A list's marker after a word of grammar.
                ("not(i)", "not (i)"),
                ("either(a)", "either (a)"),
                // `See` before a file's or a path's name.
                ("SeeLICENSE-APACHE", "See LICENSE-APACHE"),
                // A name in small letters the file writes twice, then a
                // word of grammar.
                ("mioand", "mio and"),
                ("Miocan", "Mio can"),
                ("withoutstd.", "without std."),
                // A capital the file writes alone, before a common word.
                ("Ccaller.", "C caller."),
                // A plural of a word that ends in `s` is no part.
                ("previousstable", "previousstable"),
                // A compound the file writes, in the plural, before `is`.
                ("notify-typesis", "notify-types is"),
                // A word that opens clauses before a licence's `You`.
                ("UnlessYou", "Unless You"),
                ("ForEach", "ForEach"),
                // Two words of grammar; a word of grammar beside a common
                // word; a common word before a verb that glues.
                ("withoutany", "without any"),
                ("shouldbe", "should be"),
                ("thatit", "that it"),
                ("youexplicitly", "you explicitly"),
                ("ensurethat", "ensure that"),
                ("crateis", "crate is"),
                ("whome", "whome"),
                // Kept: a web word, a unit alone, an identifier's case, a
                // year's letter, a call, a short quoted item.
                ("stdin", "stdin"),
                ("64-bits", "64-bits"),
                ("2.8MB", "2.8MB"),
                ("seeAlso", "seeAlso"),
                ("License:Zlib", "License:Zlib"),
                ("2019a", "2019a"),
                ("any(unix)", "any(unix)"),
                ("\"a\",\"b\"", "\"a\",\"b\""),
            ] {
                assert_eq!(inside(glued), words, "{glued}");
            }
        });
        // Once only, the name may be a word of the file's own.
        with_code_evidence("the mio crate", Some("x = 1"), |e| {
            assert_eq!(split_at("mioand", e, Position::Inside), "mioand");
        });
    }

    #[test]
    fn beside_code_splits_names_after_conjunctions_and_brackets_after_sentences() {
        let text = "Syn and Syn again; QuickCheck runs; Tokio is used; the files; \
                    the work is precise and fails; a test";
        with_code_evidence(text, Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            for (glued, words) in [
                // A word no identifier opens with, before a name the file
                // writes, or a CamelCase name the lists know.
                ("becauseQuickCheck", "because QuickCheck"),
                ("viaGitHub", "via GitHub"),
                ("unlessTokio", "unless Tokio"),
                ("theLicense.", "the License."),
                // A function word before a name in capitals with an
                // extension or a hyphen; a common word before a size.
                ("inCONTRIBUTING.md", "in CONTRIBUTING.md"),
                ("toISO-2022-JP.", "to ISO-2022-JP."),
                ("supports128-bit", "supports 128-bit"),
                // `I` before a verb, or a common past form.
                ("Iwas", "I was"),
                ("Istumbled", "I stumbled"),
                // A first name and a surname.
                ("AlexCrichton", "Alex Crichton"),
                ("RaphLevien.", "Raph Levien."),
                // A name the file writes twice, before a common word.
                ("Synoperates", "Syn operates"),
                ("synoperates", "synoperates"),
                // A bracket after a sentence's end, or closed after a
                // quotation or a number; a marker after a comma.
                ("precise).So", "precise). So"),
                ("fails.(Spec", "fails. (Spec"),
                ("\"Your\")shall", "\"Your\") shall"),
                ("(0,0)at", "(0,0) at"),
                ("work,(ii)", "work, (ii)"),
                // A link's text with a number in it.
                ("of[c2rust].", "of [c2rust]."),
                ("[MD5]cryptographic", "[MD5] cryptographic"),
                // Kept: identifiers opened by a verb, `to` or `see`; a
                // word and a name with an `I`; products' names; a name
                // before a short plural; a call after a word; an index.
                ("toGitHub", "toGitHub"),
                ("getQuickCheck", "getQuickCheck"),
                ("seeAlso", "seeAlso"),
                ("Ido", "Ido"),
                ("Inotify", "Inotify"),
                ("JavaScript", "JavaScript"),
                ("MacBook", "MacBook"),
                ("SerdeJson", "SerdeJson"),
                ("MagicaVoxel", "MagicaVoxel"),
                ("Synpoints", "Synpoints"),
                ("precise(Spec", "precise(Spec"),
                ("items[0]x", "items[0]x"),
            ] {
                assert_eq!(inside(glued), words, "{glued}");
            }
        });
        // Written once, `Syn` may be a word of the file's own.
        with_code_evidence("the Syn crate", Some("x = 1"), |e| {
            assert_eq!(split_at("Synoperates", e, Position::Inside), "Synoperates");
        });
    }

    #[test]
    fn beside_code_splits_articles_auxiliaries_and_adverbs() {
        with_code_evidence("The crate and its code.", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            for (glued, words) in [
                // A preposition or `is` before an article or `it`.
                ("toit", "to it"),
                ("inan", "in an"),
                // An auxiliary before a verb of three letters or more, or
                // before `be`; a conjunction before `it`.
                ("willget", "will get"),
                ("canbe", "can be"),
                ("becauseit", "because it"),
                ("shouldadd", "should add"),
                // An adverb on either side: no term is made so.
                ("librarysimply", "library simply"),
                ("specificallyrequested", "specifically requested"),
                // Kept: `init`, a function, a task, a term.
                ("init", "init"),
                ("atan", "atan"),
                ("todo", "todo"),
                ("codepoints", "codepoints"),
            ] {
                assert_eq!(inside(glued), words, "{glued}");
            }
        });
    }

    #[test]
    fn beside_code_keeps_names_of_traits_systems_and_tools() {
        let text = "AllocErr and crc32 and gb18030 and zig cc, zig again; the OS";
        with_code_evidence(text, Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            for (written, words) in [
                // Traits and methods: a word of grammar first or last.
                ("AsRef", "AsRef"),
                ("FromIterator.", "FromIterator."),
                ("TryFrom", "TryFrom"),
                ("ToString", "ToString"),
                // An article, or a preposition that opens no name, still
                // glues.
                ("TheCommission", "The Commission"),
                ("InPrince", "In Prince"),
                // A licence's shouting, ending in a short common word.
                ("ARISINGOUT", "ARISING OUT"),
                // Systems, a letter before a word, a word running on.
                ("watchOS", "watchOS"),
                ("visionOS", "visionOS"),
                ("XCode.", "XCode."),
                ("AllocError", "AllocError"),
                // Crates and tools in small letters; a range is glued.
                ("crc32fast", "crc32fast"),
                ("gb18030range", "gb18030 range"),
                ("zigbuild", "zigbuild"),
                // Calls and indexes in headings of API documents; a
                // name's two capitals; the names of options.
                ("has(object,", "has(object,"),
                ("createError[code", "createError[code"),
                ("Node.JS", "Node.JS"),
                ("noCommittish", "noCommittish"),
            ] {
                assert_eq!(inside(written), words, "{written}");
            }
        });
        // In prose without code, `As` before a word glues.
        with_evidence("Ref is short", |e| {
            assert_eq!(split_at("AsRef", e, Position::Inside), "As Ref");
        });
    }

    #[test]
    fn beside_code_keeps_methods_classes_paths_and_lists() {
        let text = "a string and a timeout, for each one; the write call; \
            uses Uint8Array and EmitClose, Linux and FFI";
        with_code_evidence(text, Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            for (written, words) in [
                // Methods: a word that opens them, then a word the file
                // writes in small letters, or an acronym.
                ("toString", "toString"),
                ("onTimeout,", "onTimeout,"),
                ("forEach()", "forEach()"),
                ("toJSON()", "toJSON()"),
                ("isTTY", "isTTY"),
                ("createXYZ", "createXYZ"),
                ("isUint8Array", "isUint8Array"),
                ("willEmitClose", "willEmitClose"),
                ("OnMessage", "OnMessage"),
                ("AtExit", "AtExit"),
                // A name (only capitalised in the lists), a trait, and an
                // acronym after `has` still glue.
                ("onLinux", "on Linux"),
                ("forWrite", "for Write"),
                ("hasFFI", "has FFI"),
                // Classes and tools: an acronym, then a word.
                ("SSLError", "SSLError"),
                ("DOMException", "DOMException"),
                ("VScode", "VScode"),
                ("ECMAscript", "ECMAscript"),
                ("AuthMetadataPlugin", "AuthMetadataPlugin"),
                // A module's class, a constant; a sentence's end before a
                // word that opens one still glues.
                ("net.Socket", "net.Socket"),
                ("fs.Stats", "fs.Stats"),
                ("net.Server's", "net.Server's"),
                ("common.PORT", "common.PORT"),
                ("{stream.Readable}", "{stream.Readable}"),
                ("crate.The", "crate. The"),
                // Lists written tight, tests' and rules' names, options; a
                // comma before a word of grammar still glues.
                ("chmod,chown", "chmod,chown"),
                ("lib,src:", "lib,src:"),
                ("level,and", "level, and"),
                (
                    "test-fs-readfile-tostring-fail",
                    "test-fs-readfile-tostring-fail",
                ),
                ("no-useless-backreference", "no-useless-backreference"),
                ("state-of-the-artmodels", "state-of-the-art models"),
                ("--libdir", "--libdir"),
                (
                    "-Winconsistent-missing-override",
                    "-Winconsistent-missing-override",
                ),
            ] {
                assert_eq!(inside(written), words, "{written}");
            }
        });
        // In prose without code, the same shapes are glue.
        with_evidence("a string; Security", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("toString"), "to String");
            assert_eq!(inside("state.Security"), "state. Security");
        });
    }

    #[test]
    fn a_word_with_an_ending_that_derives_from_it_stays() {
        with_evidence("some prose", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("thenable"), "thenable");
            assert_eq!(inside("blockingly."), "blockingly.");
            // (A stem of grammar, or none, is glue; so is a short word of
            // grammar before a common word.)
            assert_eq!(inside("beable"), "be able");
            assert_eq!(inside("thereal"), "the real");
            assert_eq!(inside("toonly"), "to only");
            assert_eq!(inside("noneed"), "no need");
        });
    }

    #[test]
    fn a_form_written_thrice_and_names_stay() {
        let thrice = "LiviaMedeiros wrote it, LiviaMedeiros again, LiviaMedeiros too, \
            with Livia Medeiros; inthe, inthe, inthe";
        with_evidence(thrice, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("LiviaMedeiros"), "LiviaMedeiros");
            // (Words of grammar alone recur as glue.)
            assert_eq!(inside("inthe"), "in the");
        });
        // (But a glue outnumbered by its words apart, as in a long file.)
        let outnumbered = "theWorld, theWorld, theWorld; the World the World the World \
            the World the World the World the World";
        with_evidence(outnumbered, |e| {
            assert_eq!(split_at("theWorld", e, Position::Inside), "the World");
        });
        // (Nor, in prose, a function word and a name, however often.)
        with_evidence("ofEurope, ofEurope, ofEurope; of Europe, of Europe", |e| {
            assert_eq!(split_at("ofEurope", e, Position::Inside), "of Europe");
        });
        with_evidence("AlexCrichton wrote it", |e| {
            assert_eq!(
                split_at("AlexCrichton", e, Position::Inside),
                "Alex Crichton"
            );
        });
        // Surnames written as one; a surname is no letter and a word.
        with_evidence("by K and K, by P and P", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("DelBono"), "DelBono");
            assert_eq!(inside("MacCuaig"), "MacCuaig");
            assert_eq!(inside("Karson"), "Karson");
            assert_eq!(inside("Pinca"), "Pinca");
        });
    }

    #[test]
    fn in_a_licence_splits_quoted_terms_sections_and_placeholders() {
        with_evidence("This License applies to any Legal Entity.", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            for (glued, words) in [
                // A quoted term whose words the file writes apart.
                ("\"ThisLicense\"", "\"This License\""),
                ("\"LegalEntity\"", "\"Legal Entity\""),
                ("\"frontloaded\"", "\"frontloaded\""),
                // A section's number before a shouted heading; words that
                // number things.
                ("8.TRANSLATION", "8. TRANSLATION"),
                ("Version3,", "Version 3,"),
                ("Paragraphs3", "Paragraphs 3"),
                ("1.2.3", "1.2.3"),
                // A list's marker before a capitalised or shouted word.
                ("(c)YEAR", "(c) YEAR"),
                ("(a)The", "(a) The"),
                ("(a)synchronous", "(a)synchronous"),
            ] {
                assert_eq!(inside(glued), words, "{glued}");
            }
        });
    }

    #[test]
    fn in_prose_splits_quotations_acronyms_with_numbers_and_the_shorter_acronym() {
        let text = "The EU and its Member states; the G7 met; high risk and AI";
        with_evidence(text, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            for (glued, words) in [
                // A quotation closed in the token, after any word, or
                // before a word or an acronym the file writes.
                ("presenting'unacceptable'", "presenting 'unacceptable'"),
                ("'unacceptable'risks", "'unacceptable' risks"),
                ("'high-risk'AI", "'high-risk' AI"),
                // An acronym with its number, then a common word.
                ("G7countries", "G7 countries"),
                // The acronym the file writes, not one a letter longer.
                ("EUMember", "EU Member"),
                // A plural before a glue word of two letters, not of three.
                ("typesis", "types is"),
                ("evidenceshow", "evidence show"),
                // Two rarer words of six letters or more.
                ("irregularrainfall", "irregular rainfall"),
                ("forciblydisplaced", "forcibly displaced"),
                // A colon before a capitalised word (beside code, a key's).
                ("Confrontation:Europe", "Confrontation: Europe"),
                // Kept: a quotation that does not close, elisions, a
                // number's name before a rare word.
                ("presenting'unacceptable", "presenting'unacceptable"),
                ("rock'n'roll", "rock'n'roll"),
                ("'twas", "'twas"),
                ("G7x", "G7x"),
            ] {
                assert_eq!(inside(glued), words, "{glued}");
            }
        });
        // (Nor where the file writes no acronym: `EUM ember` may be as good.)
        with_evidence("members", |e| {
            assert_eq!(split_at("EUMember", e, Position::Inside), "EUMember");
        });
        with_code_evidence("the G7 met", Some("x = 1"), |e| {
            for token in ["G7countries", "irregularrainfall"] {
                assert_eq!(split_at(token, e, Position::Inside), token);
            }
        });
    }

    #[test]
    fn a_lone_straight_quotation_mark_opens_or_closes_as_told() {
        with_evidence("the software is provided as is", |e| {
            let lone = |t: &str, opens: bool| split_at_lone_quote(t, opens, e).map(|s| s.text);
            assert_eq!(lone("PROVIDED\"AS", true).as_deref(), Some("PROVIDED \"AS"));
            assert_eq!(lone("IS\"AND,", false).as_deref(), Some("IS\" AND,"));
            // Not beside a mark, a number or a word nobody knows.
            for token in ["IS\")AND", "5\"wide", "IS\"Zqxv", "A\"AS"] {
                assert_eq!(lone(token, true), None, "{token}");
            }
        });
    }

    #[test]
    fn splits_a_hyphenated_compound_the_file_writes_from_the_word_after_it() {
        let text = "a 32-bit value, a compile-time check";
        with_code_evidence(text, Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("32-bitcounter,"), "32-bit counter,");
            assert_eq!(inside("64-bitSPARC"), "64-bitSPARC");
            assert_eq!(inside("32-bitSPARC"), "32-bit SPARC");
            assert_eq!(inside("compile-timetype"), "compile-time type");
            // Not a rare word after.
            assert_eq!(inside("32-bitzzzz"), "32-bitzzzz");
        });
    }

    #[test]
    fn splits_a_section_or_a_version_from_the_word_before_it() {
        with_code_evidence("Rust and PDF, a section", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("Section10.2)"), "Section 10.2)");
            assert_eq!(inside("Rust1.69"), "Rust 1.69");
            assert_eq!(inside("PDF1.7,"), "PDF 1.7,");
            // Not a name the file never writes on its own, nor a word
            // before digits alone, nor a range of numbers.
            assert_eq!(inside("Qtx5.15"), "Qtx5.15");
            assert_eq!(inside("Rust1"), "Rust1");
            assert_eq!(inside("Rust1..2"), "Rust1..2");
        });
    }

    #[test]
    fn splits_a_compound_of_words_from_two_common_words_after_it() {
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("run-timetype"), "run-time type");
            assert_eq!(inside("work-stealingdeques,"), "work-stealingdeques,");
            assert_eq!(
                inside("security-sensitivecontexts,"),
                "security-sensitive contexts,"
            );
            assert_eq!(inside("128-bitvalue"), "128-bit value");
            // Not after a part that is no word, nor where the web knows
            // the last part (`codepoint`).
            assert_eq!(inside("zune-sensitivecontexts"), "zune-sensitivecontexts");
            assert_eq!(inside("per-codepoint"), "per-codepoint");
            assert_eq!(inside("rust-aliasable"), "rust-aliasable");
        });
        // Nor a name the file writes twice.
        with_code_evidence("a run-timetype, the run-timetype", Some("x = 1"), |e| {
            assert_eq!(
                split_at("run-timetype", e, Position::Inside),
                "run-timetype"
            );
        });
    }

    #[test]
    fn splits_a_capitalised_word_of_grammar_from_the_word_before_it() {
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("SeeThe"), "See The");
            assert_eq!(inside("TopicsWhy"), "Topics Why");
            // Names end so in some words of grammar; and not after a rare word.
            assert_eq!(inside("ReadAll"), "ReadAll");
            assert_eq!(inside("WaitFor"), "WaitFor");
            assert_eq!(inside("ZxqThe"), "ZxqThe");
        });
    }

    #[test]
    fn splits_a_name_the_file_writes_from_a_common_word_after_it() {
        let text = "Debian ships it; Debian tests it; Webpack and Web pages, Web";
        with_code_evidence(text, Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("Debianstable"), "Debian stable");
            assert_eq!(inside("Debianimplementations"), "Debian implementations");
            // A short word after it, or a name the file writes once.
            assert_eq!(inside("Webpack"), "Webpack");
            assert_eq!(inside("Ubuntustable"), "Ubuntustable");
        });
    }

    #[test]
    fn splits_a_word_from_a_links_bracketed_text() {
        with_evidence("some prose", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("the[rust-libxml]"), "the [rust-libxml]");
            assert_eq!(inside("found[here],"), "found [here],");
            assert_eq!(inside("[rust-libxml]wrapper"), "[rust-libxml] wrapper");
            // Too few letters inside, or no word beside them.
            assert_eq!(inside("items[i]"), "items[i]");
            assert_eq!(inside("xq[rust-libxml]"), "xq[rust-libxml]");
        });
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            // Beside code, a content word before brackets indexes them.
            assert_eq!(inside("items[index]"), "items[index]");
            assert_eq!(inside("the[rust-libxml]"), "the [rust-libxml]");
        });
    }

    #[test]
    fn terms_quotes_and_typos_that_look_like_glue_stay() {
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            // Beside code, a word and a function word the web knows joined.
            assert_eq!(inside("typeof"), "typeof");
            assert_eq!(inside("mixin"), "mixin");
            // A function word first is still glue; so is a join the web
            // does not know.
            assert_eq!(inside("ofthe"), "of the");
            assert_eq!(inside("aswell"), "as well");
            // An acronym and a capitalised word: a class's name.
            assert_eq!(inside("EHCont"), "EHCont");
            assert_eq!(inside("DCAFReport"), "DCAFReport");
            assert_eq!(inside("SSLError"), "SSLError");
        });
        // Even where the file writes the words apart, beside code: keywords
        // and titles; a typo opens with a function word.
        with_code_evidence("the size of it; that the; as well", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("sizeof"), "sizeof");
            assert_eq!(inside("aswell"), "as well");
            assert_eq!(inside("thatthe"), "that the");
        });
        // (Unless the file writes the two apart.)
        with_code_evidence("the DCAF Report", Some("x = 1"), |e| {
            assert_eq!(split_at("DCAFReport", e, Position::Inside), "DCAF Report");
        });
        with_evidence("some prose", |e| {
            assert_eq!(split_at("EHCont", e, Position::Inside), "EH Cont");
        });
        with_code_evidence("the EH tables", Some("x = 1"), |e| {
            assert_eq!(split_at("EHCont", e, Position::Inside), "EHCont");
        });
        with_code_evidence("the EH Cont tables", Some("x = 1"), |e| {
            assert_eq!(split_at("EHCont", e, Position::Inside), "EH Cont");
        });
        with_evidence("some prose", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("typeof"), "type of");
            // A token quoted whole is a term unless a function word opens it.
            assert_eq!(inside("\"metas\")"), "\"metas\")");
            assert_eq!(inside("(ofthe)"), "(of the)");
            // A very common word with a letter dropped is a typo.
            assert_eq!(inside("becase"), "becase");
            assert_eq!(inside("thecase"), "the case");
        });
    }

    #[test]
    fn a_name_the_file_writes_before_a_verb_and_a_preposition_before_a_term() {
        with_evidence("Skia is big; Skia is fast. Test code is CC0.", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("Skiauses"), "Skia uses");
            assert_eq!(inside("underCC0."), "under CC0.");
            // A name written once, a verb that may be a noun: as written.
            assert_eq!(inside("Kurbouses"), "Kurbouses");
            assert_eq!(inside("Skiapoints"), "Skiapoints");
            assert_eq!(inside("underCC1"), "underCC1");
        });
    }

    #[test]
    fn leaves_words_alone() {
        with_evidence("Karin Grimm and the Grimm report", |e| {
            for word in [
                "DCAF",
                "OSCE",
                "Grimm",
                "organised",
                "criminalisation",
                "harmonisation",
                "underreported",
                "policymakers",
                "postconflict",
                "post-conflict",
                "world\u{2019}s",
                "e.g.",
                "U.S.",
                "3.5",
                "www.dcaf.ch",
                "info@dcaf.ch",
                "https://example.org/Report",
                "example.Com",
                "Dr.Smith",
                "iPhone",
                "McDonald",
                "SSRkeep",
                "wellbeing",
                "decisionmaking",
                "statebuilding",
                "underresourced",
                "overreliance",
                "Wiśniewski",
                "(DCAF),",
                "4th",
                "1990s",
                "G20",
                "COVID19",
                "mp3",
                "3.5",
                "2.1.",
                "10km",
                "A4",
                "A4,",
                "organisation(s)",
                "\"quoted\"",
                "(DCAF)",
                "“world’s”",
            ] {
                assert_eq!(split(word, e), word);
            }
        });
    }

    #[test]
    fn in_prose_splits_pairs_the_web_writes_apart_and_glue_at_numbers_names_and_marks() {
        with_evidence("", |e| {
            for (glued, words) in [
                // Pairs the web writes apart; two rarer words; a word of
                // three letters after a longer one.
                ("urbanareas", "urban areas"),
                ("helpbring", "help bring"),
                ("InternalMarket", "Internal Market"),
                ("civiliandeaths", "civilian deaths"),
                ("strongjob", "strong job"),
                // Numbers as prose writes them, and years after names.
                ("40%and", "40% and"),
                ("100,000in", "100,000 in"),
                ("1990sor", "1990s or"),
                ("5.1per", "5.1 per"),
                ("Report2010", "Report 2010"),
                ("UK2040", "UK 2040"),
                ("of20-year-olds", "of 20-year-olds"),
                // Names: two long common words; a name, then a word.
                ("Europeanauthorities", "European authorities"),
                ("Julyshowed", "July showed"),
                ("U.S.interference", "U.S. interference"),
                // Marks and quotation marks.
                ("low-incomeworking-age", "low-income working-age"),
                ("wealth\u{2019}to", "wealth\u{2019} to"),
                ("added,\u{201d}IFPRI", "added,\u{201d} IFPRI"),
                ("time,\u{201c}Pacific", "time, \u{201c}Pacific"),
                ("instruments;4)", "instruments; 4)"),
            ] {
                assert_eq!(split(glued, e), words, "{glued}");
            }
            for word in [
                "cleanup",
                "PowerPoint",
                "Javascript",
                "state-of-the-art",
                "y\u{2019}all",
                "rock\u{2019}n",
                "1,000",
                "3rd",
                "COP26",
                "2.5mm",
            ] {
                assert_eq!(split(word, e), word);
            }
        });
        // Beside code these are a term's name, a call, an expression.
        with_code_evidence("", Some("let x = 1;"), |e| {
            for word in [
                "urbanareas",
                "civiliandeaths",
                "40%and",
                "Report2010",
                "Europeanauthorities",
                "instruments;4)",
            ] {
                assert_eq!(split(word, e), word);
            }
        });
    }

    #[test]
    fn in_prose_splits_names_before_words_numbers_after_names_and_cuts_by_the_web() {
        with_evidence("", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            for (glued, words) in [
                // A name before a word (short ones too), a name the web
                // knows before a word that follows names.
                ("Hamastook", "Hamas took"),
                ("Decemberby", "December by"),
                ("Bidenand", "Biden and"),
                // The web's pair chooses the cut; a long plural costs as
                // its singular.
                ("examineshow", "examines how"),
                ("restructuringsin", "restructurings in"),
                // Numbers after names, possessives and citations.
                ("TheCOVID-19", "The COVID-19"),
                ("IFPRI\u{2019}s2020", "IFPRI\u{2019}s 2020"),
                ("Carnegie\u{2019}sJudy", "Carnegie\u{2019}s Judy"),
                ("representatives,NGOs", "representatives, NGOs"),
                // Marks before capitals, ordinals, prepositions, acronyms.
                ("HDI,Gender", "HDI, Gender"),
                ("2021:Mobilising", "2021: Mobilising"),
                ("20thAnniversary", "20th Anniversary"),
                ("21stcentury", "21st century"),
                ("betweenMember", "between Member"),
                ("Armyhad", "Army had"),
                ("MEPsand", "MEPs and"),
            ] {
                assert_eq!(inside(glued), words, "{glued}");
            }
            assert_eq!(split_at("Yetsome", e, Position::SentenceStart), "Yet some");
            // `an` ends names; the dictionary's CamelCase name stays.
            for word in [
                "Maryan",
                "Javascript",
                "Kimset",
                "1st",
                "4thGen",
                "std::io",
                "1,000",
            ] {
                assert_eq!(inside(word), word);
            }
        });
        // A citation's lettered year after an acronym the file writes.
        with_evidence("the ILO said", |e| {
            assert_eq!(split("(ILO2015c;", e), "(ILO 2015c;");
            assert_eq!(split("(e.g.ILO", e), "(e.g. ILO");
            // A possessive of an acronym the file writes, before a word.
            assert_eq!(
                split("ILO\u{2019}sdefinition", e),
                "ILO\u{2019}s definition"
            );
            assert_eq!(
                split("ZQXJ\u{2019}sdefinition", e),
                "ZQXJ\u{2019}sdefinition"
            );
            // A common word or a possessive before an acronym in brackets.
            assert_eq!(split("assessment(ILO)", e), "assessment (ILO)");
            assert_eq!(split("Labour\u{2019}s(ILO)", e), "Labour\u{2019}s (ILO)");
            for token in ["function(x)", "organisation(s)", "assessment(x)"] {
                assert_eq!(split(token, e), token);
            }
            assert_eq!(split("(ZQXJ2015c;", e), "(ZQXJ2015c;");
        });
        // A glue word shows a glue written twice; an opener does not: a
        // crate's name.
        with_evidence("whichis one whichis two; thiserror and thiserror", |e| {
            assert_eq!(split("whichis", e), "which is");
            assert_eq!(split("thiserror", e), "thiserror");
        });
        // Two long names need no other word of the name, American
        // spellings too.
        with_evidence("", |e| {
            let name = |token: &str| split_in_name(Some("the"), token, None, e).map(|s| s.text);
            assert_eq!(name("DefenseAgency").as_deref(), Some("Defense Agency"));
            assert_eq!(name("SmartThings"), None, "short: a product's name");
        });
    }

    #[test]
    fn in_prose_splits_shares_spans_of_years_glosses_quotes_and_names_the_file_writes() {
        let evidence = "Skripal and the Commission and JRC and the DigComp and G7 and \
                        the GAO and the WHO, in 2016 and 2019.";
        with_evidence(evidence, |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            for (glued, words) in [
                // Words before shares, decades, spans of years and amounts.
                ("about1%", "about 1%"),
                ("projected2%", "projected 2%"),
                ("their30s", "their 30s"),
                ("the2010-19", "the 2010-19"),
                ("period2013\u{2013}2016,", "period 2013\u{2013}2016,"),
                ("cover12\u{2013}14%", "cover 12\u{2013}14%"),
                ("~40percent", "~40 percent"),
                ("34%say", "34% say"),
                ("1.5\u{b0}Cin", "1.5\u{b0}C in"),
                ("USD128", "USD 128"),
                ("January1,", "January 1,"),
                ("Report2022\u{2013}2023", "Report 2022\u{2013}2023"),
                ("(Crumbaugh2019;", "(Crumbaugh 2019;"),
                ("2016JRC", "2016 JRC"),
                ("36states", "36 states"),
                ("16on", "16 on"),
                ("COVID\u{2011}19pandemic", "COVID\u{2011}19 pandemic"),
                ("DigComp2.1", "DigComp 2.1"),
                // Marks: a day and its year, names, shares and words after them.
                ("5,2026,", "5, 2026,"),
                ("2013,DigComp", "2013, DigComp"),
                ("Finally,G7", "Finally, G7"),
                ("1990,GAO", "1990, GAO"),
                ("2.0,updating", "2.0, updating"),
                ("women,75%", "women, 75%"),
                ("US:nearly", "US: nearly"),
                ("sanctions;(4)", "sanctions; (4)"),
                ("disarmament.U.S.", "disarmament. U.S."),
                // Brackets and quotation marks.
                ("Defense(DoD).", "Defense (DoD)."),
                ("Agency's(EPA's)", "Agency's (EPA's)"),
                ("Programs(GAO-06-97),", "Programs (GAO-06-97),"),
                ("addressed(1)", "addressed (1)"),
                ("women(15%)", "women (15%)"),
                ("well-being(high", "well-being (high"),
                ("(AI)act", "(AI) act"),
                ("(FY)2022.", "(FY) 2022."),
                ("(COVID-19)crisis.", "(COVID-19) crisis."),
                ("(1)a", "(1) a"),
                ("an\u{201c}age-old", "an \u{201c}age-old"),
                ("of'high-risk'", "of 'high-risk'"),
                ("zero\u{2019}greenhouse", "zero\u{2019} greenhouse"),
                ("Milosevic\u{2019}sdefeat", "Milosevic\u{2019}s defeat"),
                // Names the file writes, or any after a function word.
                ("Skripalin", "Skripal in"),
                ("Commissionproclaimed", "Commission proclaimed"),
                ("theSahel,", "the Sahel,"),
                ("ofToorale", "of Toorale"),
                ("ThisWHO", "This WHO"),
                ("ACall", "A Call"),
                // Words of grammar, compounds and web words glued.
                ("beenweak", "been weak"),
                ("trade-offsthat", "trade-offs that"),
                ("borrowersand/or", "borrowers and/or"),
                ("sametime", "same time"),
                // A plural before a function word; acronyms with numbers
                // and before function words; more numbers and shares.
                ("30sand", "30s and"),
                ("high-and", "high- and"),
                ("bydenial\u{2019}", "by denial\u{2019}"),
                ("billabongsand", "billabongs and"),
                ("TheG7", "The G7"),
                ("SIPRIto", "SIPRI to"),
                ("almost6,000", "almost 6,000"),
                ("covering80", "covering 80"),
                ("below2\u{b0}C", "below 2\u{b0}C"),
                ("(55percent)", "(55 percent)"),
                ("(15%)say", "(15%) say"),
                ("AI(GPAI)", "AI (GPAI)"),
                ("Parties(COP26).", "Parties (COP26)."),
            ] {
                assert_eq!(inside(glued), words, "{glued}");
            }
            for kept in [
                // A price level, a word repeated about a dash, a compound
                // of the dictionary's heads, a name that runs on, letters
                // bracketed in a word, an elision.
                "USD2007",
                "AVX2",
                "string8",
                "win\u{2013}win",
                "Decisionmakers",
                "NewZealand,",
                "(s)he",
                "o'clock",
                "1,000",
                "12,345",
            ] {
                assert_eq!(inside(kept), kept);
            }
        });
        // An acronym the file writes ends a sentence; `theM` is no name
        // because the file writes `them`; `Were` is no name because the file
        // writes `were`, and the web's pair cuts `We report`; a dash's words
        // are not known from the token itself.
        with_evidence(
            "the EMPL and them, and we were there: the March plan. Were they? \
             jobs – pay",
            |e| {
                let inside = |t: &str| split_at(t, e, Position::Inside);
                assert_eq!(inside("EMPL.First"), "EMPL. First");
                assert_eq!(inside("theMarch"), "the March");
                assert_eq!(
                    split_at("Wereport", e, Position::SentenceStart),
                    "We report"
                );
                assert_eq!(inside("(IMF2022b)."), "(IMF 2022b).");
                assert_eq!(inside("win\u{2013}winworkplace"), "win\u{2013}winworkplace");
            },
        );
        // A web word the file writes whole twice is its own; `shall`
        // follows names before a longer name does.
        with_evidence(
            "Allsorts is a crate. Allsorts reads fonts. The License holds.",
            |e| {
                assert_eq!(split_at("Allsorts", e, Position::Inside), "Allsorts");
                assert_eq!(
                    split_at("Licenseshall", e, Position::Inside),
                    "License shall"
                );
            },
        );
        // Beside code none of these is glue.
        with_code_evidence("some prose", Some("let x = 1;"), |e| {
            for kept in ["about1%", "(AI)act", "Skripalin", "sametime", "US:nearly"] {
                assert_eq!(split_at(kept, e, Position::Inside), kept);
            }
        });
        // Short pairs of very common words beside a capitalised word of the
        // name; a product's name beside one stays.
        with_evidence("", |e| {
            let name = |before: &str, token: &str, after: &str| {
                split_in_name(Some(before), token, Some(after), e).map(|s| s.text)
            };
            assert_eq!(name("the", "WorldWar", "II").as_deref(), Some("World War"));
            assert_eq!(
                name("Nobel", "PeacePrize", "and").as_deref(),
                Some("Peace Prize")
            );
            assert_eq!(name("The", "RustCrypto", "Project"), None);
            assert_eq!(name("CFF", "CharString", "parsing"), None);
        });
    }

    #[test]
    fn splits_an_adjective_that_compares_from_a_word_beside_code() {
        with_code_evidence("some prose", Some("let hash = 1;"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("smallpatch"), "small patch");
            assert_eq!(inside("oldcode"), "old code");
            assert_eq!(inside("crazybugs."), "crazy bugs.");
            assert_eq!(inside("largespace"), "large space");
            // Not before a rarer word (`rand`), a part the code writes, a
            // compound the web knows in the singular, nor `new`.
            for term in ["fastrand", "shorthash", "whitespaces", "newtest"] {
                assert_eq!(inside(term), term);
            }
        });
    }

    #[test]
    fn splits_a_word_of_grammar_from_a_content_word_beside_code() {
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("takesme"), "takes me");
            assert_eq!(inside("addthem"), "add them");
            assert_eq!(inside("mylocal"), "my local");
            assert_eq!(inside("carewhat"), "care what");
            assert_eq!(inside("blockuntil"), "block until");
            assert_eq!(inside("abovecode"), "above code");
            assert_eq!(inside("failupon"), "fail upon");
            assert_eq!(inside("takequite"), "take quite");
            // (`whome`, a slip for `whom`: a word of grammar before it;
            // words of grammar that make words or end names.)
            for term in ["whome", "everwhere", "fallthrough", "Beauxis"] {
                assert_eq!(inside(term), term);
            }
        });
    }

    #[test]
    fn splits_a_common_word_from_a_short_glue_word_at_a_sentence_start() {
        with_evidence("some prose", |e| {
            let start = |t: &str| split_at(t, e, Position::SentenceStart);
            assert_eq!(start("Typicallya"), "Typically a");
            assert_eq!(start("Unlesswe"), "Unless we");
            assert_eq!(start("Fixeda"), "Fixed a");
            // Inside a sentence a capitalised token is still a name.
            assert_eq!(split_at("Typicallya", e, Position::Inside), "Typicallya");
        });
    }

    #[test]
    fn splits_a_list_item_an_abbreviation_and_a_section_number() {
        with_evidence("some prose", |e| {
            assert_eq!(split("(b)describe", e), "(b) describe");
            assert_eq!(split("(ii)that", e), "(ii) that");
            assert_eq!(split("e.g.consider", e), "e.g. consider");
            assert_eq!(split("(i.e.allocated).", e), "(i.e. allocated).");
            assert_eq!(split("License.5.", e), "License. 5.");
            assert_eq!(split("form.3.", e), "form. 3.");
            // A bracketed first letter, a name after the abbreviation, a
            // short word or a decimal before a number stay.
            for token in ["(a)synchronous", "e.g.Foo", "No.5.", "3.5.", "form.123."] {
                assert_eq!(split(token, e), token);
            }
        });
    }

    #[test]
    fn splits_a_participle_first_and_a_glue_word_before_a_numbers_compound() {
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("workingallocator"), "working allocator");
            assert_eq!(inside("unwindingpanic)."), "unwinding panic).");
            assert_eq!(inside("with64-byte"), "with 64-byte");
            assert_eq!(inside("additionalterms"), "additional terms");
            // (`signal`: a short stem; `-al` nouns make compounds.)
            assert_eq!(inside("signalhandler"), "signalhandler");
            // (No word before `ing`: `string`, `thing` make compounds.)
            for term in ["stringbuilder", "thingmaker", "sha3-256", "x86-linux"] {
                assert_eq!(inside(term), term);
            }
        });
    }

    #[test]
    fn splits_glue_at_quotes_brackets_and_commas_of_other_shapes() {
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            // A function word before a lone quote opens it.
            assert_eq!(inside("or\"it"), "or \"it");
            assert_eq!(inside("version\"of"), "version\" of");
            // A sentence ends inside a bracket, or at one closed before.
            assert_eq!(inside("list.)For"), "list.) For");
            assert_eq!(inside("U+0100).Checks"), "U+0100). Checks");
            // An acronym in brackets spelling the words before it.
            assert_eq!(inside("Chaining(CBC)"), "Chaining (CBC)");
            assert_eq!(inside("Chaining(NEON)"), "Chaining(NEON)");
            assert_eq!(inside("of(NATO)"), "of (NATO)");
            // A Latin abbreviation opens a gloss, not a call.
            assert_eq!(inside("testing(i.e.,"), "testing (i.e.,");
            assert_eq!(inside("testing(value,"), "testing(value,");
            assert_eq!(inside("(Version2.0)."), "(Version 2.0).");
            assert_eq!(
                inside("royalty-free,non-exclusive"),
                "royalty-free, non-exclusive"
            );
            assert_eq!(
                inside("royalty-free,zzz-exclusive"),
                "royalty-free,zzz-exclusive"
            );
        });
    }

    #[test]
    fn keeps_two_content_words_one_of_which_the_code_writes() {
        let text = "fetch it from the git host; the git host answers";
        with_code_evidence(text, Some("git clone url"), |e| {
            assert_eq!(split_at("githost.", e, Position::Inside), "githost.");
            assert_eq!(split_at("Githost", e, Position::SentenceStart), "Githost");
            // (A function word in it is still glue.)
            assert_eq!(split_at("thegit", e, Position::Inside), "the git");
        });
        // Where the code does not write either, the file's words apart
        // split it.
        with_code_evidence(text, Some("x = 1"), |e| {
            assert_eq!(split_at("githost.", e, Position::Inside), "git host.");
        });
    }

    #[test]
    fn splits_inflected_words_first_and_glue_beside_and_or() {
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("embeddedecosystem,"), "embedded ecosystem,");
            assert_eq!(inside("runningtotal"), "running total");
            assert_eq!(inside("and/ordistribute"), "and/or distribute");
            assert_eq!(inside("modify,and/or"), "modify, and/or");
            assert_eq!(inside("and/orzzz"), "and/orzzz");
            assert_eq!(inside("band/or"), "band/or");
        });
    }

    #[test]
    fn splits_a_name_the_file_writes_from_a_common_word_glued_after_it() {
        let text = "OpenType fonts, QuickCheck tests and gb18030 data";
        with_code_evidence(text, Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("OpenTypeshaping,"), "OpenType shaping,");
            assert_eq!(inside("QuickCheckfamily)"), "QuickCheck family)");
            assert_eq!(inside("gb18030range"), "gb18030 range");
            // Not a name the file does not write, nor a rare word after.
            assert_eq!(inside("LuaJITshaping"), "LuaJITshaping");
            assert_eq!(inside("OpenTypezzzz"), "OpenTypezzzz");
        });
    }

    #[test]
    fn judges_the_words_beside_an_unspaced_em_dash_apart() {
        with_evidence("some plain prose", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(
                inside("sustainedinvestment\u{2014}from"),
                "sustained investment\u{2014}from"
            );
            assert_eq!(inside("records\u{2014}andthe"), "records\u{2014}and the");
            assert_eq!(inside("by2015\u{2014}five"), "by 2015\u{2014}five");
            // Words either side, or a dash alone, stay as written.
            for token in [
                "reforms\u{2014}notably",
                "\u{2014}and",
                "x86\u{2014}arm",
                "\u{2014}",
            ] {
                assert_eq!(inside(token), token);
            }
        });
    }

    #[test]
    fn splits_a_word_from_an_amount_or_a_number_in_prose() {
        with_evidence("some plain prose", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            for (glued, apart) in [
                ("to\u{a3}1", "to \u{a3}1"),
                ("than$36", "than $36"),
                ("by\u{a3}20.6bn,", "by \u{a3}20.6bn,"),
                ("reached60", "reached 60"),
                ("approximately17", "approximately 17"),
                ("over100,000", "over 100,000"),
                ("to2024\u{2013}25", "to 2024\u{2013}25"),
                ("$2billion", "$2 billion"),
                ("\u{a3}1.7trillion.", "\u{a3}1.7 trillion."),
                ("2020,to", "2020, to"),
                ("2024,Crisis", "2024, Crisis"),
            ] {
                assert_eq!(inside(glued), apart);
            }
            for term in [
                "python3",
                "python3.8",
                "win32",
                "mp4",
                "sha256",
                "100,000",
                "$36",
                "2,xq",
                "tree1,2",
                "abc1.2",
                "seed42",
            ] {
                assert_eq!(inside(term), term);
            }
        });
        // Beside code, a word and a number may be an identifier's parts.
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("reached60"), "reached60");
            assert_eq!(inside("over100,000"), "over100,000");
        });
    }

    #[test]
    fn splits_a_name_from_its_gloss_in_brackets_in_prose() {
        with_evidence("some plain prose", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("Goals(MDGs)"), "Goals (MDGs)");
            assert_eq!(inside("Blanchard(2021),"), "Blanchard (2021),");
            assert_eq!(inside("Exiles(ecre)."), "Exiles (ecre).");
            for term in [
                "Contribution(s)",
                "f(x)",
                "organisation(s)",
                "derive(Error)",
                "Copyright(cc)",
                "time(NEON)",
            ] {
                assert_eq!(inside(term), term);
            }
        });
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("Goals(MDGs)"), "Goals(MDGs)");
        });
    }

    #[test]
    fn splits_two_capitalised_words_glued_inside_a_longer_name() {
        with_evidence("some plain prose", |e| {
            let name = |before: Option<&str>, token: &str, after: Option<&str>| {
                split_in_name(before, token, after, e).map_or(token.to_string(), |s| s.text)
            };
            assert_eq!(
                name(Some("the"), "GeneralServices", Some("Administration")),
                "General Services"
            );
            assert_eq!(
                name(Some("Hungarian"), "PrimeMinister", Some("said")),
                "Prime Minister"
            );
            assert_eq!(
                name(Some("Chinese"), "CommunistParty\u{2019}s", Some("front")),
                "Communist Party\u{2019}s"
            );
            assert_eq!(
                name(Some("the"), "EasternUnion", Some("(EU)")),
                "Eastern Union"
            );
            // Two long, common words need no other word of the name.
            assert_eq!(
                name(Some("the"), "SecurityCouncil", Some("on")),
                "Security Council"
            );
            assert_eq!(
                name(Some("the"), "EuropeanParliament.", None),
                "European Parliament."
            );
            // Others not beside words in small letters, an opener, or
            // across a comma.
            assert_eq!(
                name(Some("the"), "ThreadSanitizer", Some("on")),
                "ThreadSanitizer"
            );
            assert_eq!(
                name(Some("The"), "ThreadSanitizer", None),
                "ThreadSanitizer"
            );
            assert_eq!(
                name(Some("Canada,"), "ThreadSanitizer", Some("and")),
                "ThreadSanitizer"
            );
            assert_eq!(
                name(Some("the"), "ThreadSanitizer,", Some("Bureau")),
                "ThreadSanitizer,"
            );
            // Not a product's name, listed or short, nor rare or lowercase parts.
            assert_eq!(
                name(Some("The"), "RustCrypto", Some("Project")),
                "RustCrypto"
            );
            assert_eq!(
                name(Some("CFF"), "CharString", Some("Parser")),
                "CharString"
            );
            assert_eq!(
                name(Some("Microsoft"), "PowerPoint", Some("Slides")),
                "PowerPoint"
            );
            assert_eq!(
                name(Some("Rust"), "ZyxwvutCouncil", Some("Team")),
                "ZyxwvutCouncil"
            );
            assert_eq!(
                name(Some("Big"), "securityCouncil", Some("Team")),
                "securityCouncil"
            );
        });
        // Beside code, CamelCase (`ThreadPoolBuilder`) is a name.
        with_code_evidence("some prose", Some("x = 1"), |e| {
            let got = split_in_name(Some("the"), "SecurityCouncil", Some("Builder"), e);
            assert!(got.is_none());
        });
        // Nor a token the file writes whole elsewhere.
        with_evidence("the SecurityCouncil met; the SecurityCouncil said", |e| {
            assert!(split_in_name(Some("Big"), "SecurityCouncil", Some("Team"), e).is_none());
        });
    }

    #[test]
    fn splits_initials_from_a_word_glued_before_or_after_them() {
        with_evidence("some plain prose", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("theU.S."), "the U.S.");
            assert_eq!(inside("deployedU.S.,"), "deployed U.S.,");
            assert_eq!(inside("U.S.China\u{2019}s"), "U.S. China\u{2019}s");
            assert_eq!(inside("theU.K.Government"), "the U.K. Government");
            assert_eq!(inside("TheU.S."), "The U.S.");
            // Abbreviations in small letters, one initial, a rare word or
            // a capitalised word that opens no sentence stay.
            for token in ["e.g.", "U.S.", "xqzU.S.", "U.S.Zyxwv", "GordonU.S."] {
                assert_eq!(inside(token), token);
            }
        });
    }

    #[test]
    fn splits_a_possessive_from_a_capitalised_word_or_an_acronym_in_prose() {
        with_evidence("the WEO said so", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("Energy\u{2019}sOffice"), "Energy\u{2019}s Office");
            assert_eq!(inside("year'sWEO"), "year's WEO");
            // An acronym the file never writes stays.
            assert_eq!(inside("year'sXQZ"), "year'sXQZ");
        });
        with_code_evidence("the WEO said so", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("Energy\u{2019}sOffice"), "Energy\u{2019}sOffice");
            assert_eq!(inside("year'sWEO"), "year'sWEO");
        });
    }

    #[test]
    fn splits_a_comma_before_an_acronym_and_a_colon_between_words_in_prose() {
        with_evidence("the SIPRI yearbook", |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("recently,SIPRI"), "recently, SIPRI");
            assert_eq!(inside("reform:the"), "reform: the");
            assert_eq!(inside("challenge:namely,"), "challenge: namely,");
            for token in ["recently,XQZ", "npm:next", "reform:xq", "a:the"] {
                assert_eq!(inside(token), token);
            }
        });
        with_code_evidence("the SIPRI yearbook", Some("x = 1"), |e| {
            let inside = |t: &str| split_at(t, e, Position::Inside);
            assert_eq!(inside("recently,SIPRI"), "recently,SIPRI");
            assert_eq!(inside("reform:the"), "reform:the");
        });
    }
}
