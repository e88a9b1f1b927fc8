//! The normaliser: repairs the damage that copying and scraping did to the
//! text, between the readers and the model. Every change is logged.

pub mod encoding;

use anyhow::Result;
use serde::Serialize;

use crate::model::Collection;

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

/// What the normaliser knows about words; loaded once per build.
pub struct Lexicon {
    keep: Vec<String>,
}

impl Lexicon {
    /// `keep` lists words the user protects from any repair.
    pub fn load(keep: &[String]) -> Result<Lexicon> {
        Ok(Lexicon {
            keep: keep.to_vec(),
        })
    }

    pub fn is_kept(&self, word: &str) -> bool {
        self.keep.iter().any(|k| k == word)
    }
}

/// Repairs a collection in place and returns the log of what changed.
pub fn repair(collection: &mut Collection, _lexicon: &Lexicon) -> Vec<Repair> {
    let mut log = Vec::new();
    drop_repeated_entries(collection, &mut log);
    log
}

/// Keeps the first of publications that repeat one another exactly
/// (source lines aside).
fn drop_repeated_entries(collection: &mut Collection, log: &mut Vec<Repair>) {
    let mut kept: Vec<crate::model::Publication> = Vec::new();
    for publication in collection.publications.drain(..) {
        let same = |p: &crate::model::Publication| {
            p.title == publication.title
                && p.summary_text() == publication.summary_text()
                && p.contents
                    .iter()
                    .map(|c| (&c.number, &c.title))
                    .eq(publication.contents.iter().map(|c| (&c.number, &c.title)))
        };
        if let Some(first) = kept.iter().find(|p| same(p)) {
            log.push(Repair {
                kind: RepairKind::RepeatedEntry,
                before: publication.title.clone(),
                after: String::new(),
                file: publication.source.file.clone(),
                line: publication.source.first_line,
                why: format!(
                    "repeats the entry at line {} and was dropped",
                    first.source.first_line
                ),
            });
        } else {
            kept.push(publication);
        }
    }
    collection.publications = kept;
}
