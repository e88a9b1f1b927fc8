//! Repeated entries: a listing copied twice holds the same publication
//! twice, sometimes with different spacing damage in each copy, and a copy
//! may come back without its author or series lines.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault};

use rayon::prelude::*;

use crate::model::{Collection, Publication};

use super::lexicon::WordHasher;
use super::{Repair, RepairKind};

/// What two copies of one entry share however the copying spaced them:
/// title, subtitle, summary and contents with every space removed,
/// apostrophes made straight and case folded. Glued and split words,
/// doubled and odd spaces all vanish from this key.
fn key(publication: &Publication) -> String {
    let mut text = String::new();
    text.push_str(&publication.title);
    text.push('\u{1}');
    text.push_str(publication.subtitle.as_deref().unwrap_or_default());
    text.push('\u{1}');
    text.push_str(&publication.summary_text());
    for entry in &publication.contents {
        text.push('\u{1}');
        text.push_str(&entry.number);
        text.push('\u{2}');
        text.push_str(&entry.title);
    }
    // Most text is ASCII: byte by byte, no Unicode case tables for it.
    if text.is_ascii() {
        let mut bytes = text.into_bytes();
        bytes.retain(|&b| !char::from(b).is_whitespace());
        bytes.make_ascii_lowercase();
        return String::from_utf8(bytes).expect("ASCII stays ASCII");
    }
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Most text is ASCII: no Unicode case tables for it.
            'A'..='Z' => key.push(c.to_ascii_lowercase()),
            c if c.is_ascii() && !c.is_whitespace() => key.push(c),
            '\u{2019}' => key.push('\''),
            '\u{200b}' | '\u{ad}' | '\u{feff}' => {}
            c if c.is_whitespace() => {}
            c => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// How much of the metadata a copy carries.
fn metadata(publication: &Publication) -> usize {
    usize::from(!publication.authors.is_empty())
        + usize::from(publication.series.is_some())
        + usize::from(publication.kind.is_some())
        + usize::from(publication.url.is_some())
}

/// Keeps the first of publications that repeat one another, at its place,
/// with the metadata of the copy that carries the most (notes of a dropped
/// copy move to the kept one), and returns the source line ranges of the
/// copies dropped.
pub fn drop_repeated(collection: &mut Collection, log: &mut Vec<Repair>) -> Vec<(usize, usize)> {
    // The keys are whole entries' text: each is made and hashed on all
    // cores, and only the hash is held. Two entries with the same hash are
    // compared by their keys, made again.
    let hasher = BuildHasherDefault::<WordHasher>::default();
    let hashes: Vec<u64> = collection
        .publications
        .par_iter()
        .map(|publication| hasher.hash_one(key(publication)))
        .collect();
    let mut kept: Vec<Publication> = Vec::new();
    // Where the first copies with each hash are in `kept`: a search through
    // `kept` for every entry grew with the square of the listing.
    let mut index: HashMap<u64, Vec<usize>, BuildHasherDefault<WordHasher>> = HashMap::default();
    let mut dropped = Vec::new();
    for (publication, hash) in collection.publications.drain(..).zip(hashes) {
        let same_hash = index.entry(hash).or_default();
        let repeated = match same_hash.as_slice() {
            [] => None,
            firsts => {
                let wanted = key(&publication);
                firsts.iter().copied().find(|&at| key(&kept[at]) == wanted)
            }
        };
        match repeated {
            Some(at) => {
                let first = &mut kept[at];
                let exact = first.title == publication.title
                    && first.summary_text() == publication.summary_text()
                    && first
                        .contents
                        .iter()
                        .map(|c| (&c.number, &c.title))
                        .eq(publication.contents.iter().map(|c| (&c.number, &c.title)));
                log.push(Repair {
                    kind: RepairKind::RepeatedEntry,
                    before: publication.title.clone(),
                    after: String::new(),
                    file: publication.source.file.clone(),
                    line: publication.source.first_line,
                    why: format!(
                        "repeats the entry at line {}{}; dropped",
                        first.source.first_line,
                        if exact { "" } else { " (but for spacing)" }
                    ),
                });
                if metadata(&publication) > metadata(first) {
                    first.authors = publication.authors.clone();
                    first.series = publication.series.clone();
                    first.kind = publication.kind.clone();
                    first.url = publication.url.clone();
                }
                for note in &publication.notes {
                    if !first.notes.contains(note) {
                        first.notes.push(note.clone());
                    }
                }
                dropped.push((publication.source.first_line, publication.source.last_line));
            }
            None => {
                same_hash.push(kept.len());
                kept.push(publication);
            }
        }
    }
    collection.publications = kept;
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, SourceSpan};

    fn entry(title: &str, text: &str, line: usize) -> Publication {
        Publication {
            title: title.into(),
            summary: vec![Block::paragraph(text, line + 2)],
            source: SourceSpan {
                file: "f.txt".into(),
                first_line: line,
                last_line: line + 4,
            },
            ..Publication::default()
        }
    }

    #[test]
    fn drops_exact_and_spacing_only_repeats() {
        let mut c = Collection {
            publications: vec![
                entry("A Title", "An increasingconcern today.", 1),
                entry("A  Title", "An increasing concern to day.", 10),
                entry("A Title", "A different text.", 20),
                entry("A Title", "An increasingconcern today.", 30),
            ],
            ..Collection::default()
        };
        let mut log = Vec::new();
        let dropped = drop_repeated(&mut c, &mut log);
        assert_eq!(c.publications.len(), 2);
        assert_eq!(dropped, vec![(10, 14), (30, 34)]);
        assert!(log[0].why.contains("but for spacing"), "{}", log[0].why);
        assert!(!log[1].why.contains("but for spacing"));
    }

    #[test]
    fn the_first_place_keeps_the_richest_metadata() {
        let bare = entry("A Title", "Text.", 1);
        let mut rich = entry("A Title", "Text.", 10);
        rich.authors = vec!["Ann Author".into()];
        rich.series = Some("Notes".into());
        let mut c = Collection {
            publications: vec![bare, entry("Other", "Else.", 5), rich],
            ..Collection::default()
        };
        drop_repeated(&mut c, &mut Vec::new());
        let first = &c.publications[0];
        assert_eq!((first.source.first_line, first.authors.len()), (1, 1));
        assert_eq!(first.series.as_deref(), Some("Notes"));
        assert_eq!(c.publications[1].title, "Other");
    }
}
