//! Scraped listing text, in the layout of the sample: an owner line, a
//! series heading, then entries. An entry is a title, paragraphs, an
//! optional "Table of Contents" block, and a lone kind label line.

use anyhow::Result;

use crate::model::{Block, Collection, Publication, SourceSpan};
use crate::read::{contents_line, is_contents_heading, Finding, KindLabels};

/// Lines between blank lines, with the 1-based number of the first.
struct Group<'a> {
    line: usize,
    lines: Vec<&'a str>,
}

impl Group<'_> {
    fn last_line(&self) -> usize {
        self.line + self.lines.len() - 1
    }

    /// A wrapped paragraph's lines joined back into one.
    fn joined(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn groups(text: &str) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    let mut open = false;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            open = false;
        } else if open {
            groups
                .last_mut()
                .expect("an open group exists")
                .lines
                .push(line);
        } else {
            groups.push(Group {
                line: index + 1,
                lines: vec![line],
            });
            open = true;
        }
    }
    groups
}

/// A table of contents line is short and not a sentence; anything else
/// after a contents block is summary text again (e.g. a closing remark).
fn looks_like_contents(group: &Group) -> bool {
    group.lines.iter().all(|line| {
        let line = line.trim();
        line.chars().count() <= 160
            && !(line.ends_with('.') && line.split_whitespace().count() > 12)
    })
}

struct Entry {
    publication: Publication,
    in_contents: bool,
    /// Line of a contents heading, to report one that lists nothing.
    contents_heading: Option<usize>,
}

impl Entry {
    /// The publication, with a finding when its contents heading had no
    /// entries after it (the heading line is not kept as text).
    fn finish(self, file: &str, findings: &mut Vec<Finding>) -> Publication {
        if let (Some(line), true) = (self.contents_heading, self.publication.contents.is_empty()) {
            findings.push(Finding {
                file: file.to_string(),
                line,
                message: "`Table of Contents` heading with no entries after it (add them, or remove the heading)".to_string(),
            });
        }
        self.publication
    }
}

pub fn read(text: &str, file: &str, kinds: &KindLabels) -> Result<(Collection, Vec<Finding>)> {
    let groups = groups(text);
    let mut findings = Vec::new();
    let mut collection = Collection {
        // A listing never says its language: the build fills it in.
        language: String::new(),
        ..Collection::default()
    };
    let mut rest = &groups[..];
    // The header: owner, then series, unless the listing goes straight to entries.
    if let [owner, series, tail @ ..] = rest {
        if owner.lines.len() == 1
            && series.lines.len() == 1
            && kinds.canonical(series.lines[0]).is_none()
        {
            collection.owner = Some(owner.joined());
            collection.title = series.joined();
            rest = tail;
        }
    }
    let series = (!collection.title.is_empty()).then(|| collection.title.clone());
    let authors: Vec<String> = collection.owner.iter().cloned().collect();

    let mut entry: Option<Entry> = None;
    for group in rest {
        if group.lines.len() == 1 {
            if let Some(kind) = kinds.canonical(group.lines[0]) {
                match entry.take() {
                    Some(done) => {
                        let mut publication = done.finish(file, &mut findings);
                        publication.kind = Some(kind.to_string());
                        publication.source.last_line = group.line;
                        collection.publications.push(publication);
                    }
                    None => findings.push(Finding {
                        file: file.to_string(),
                        line: group.line,
                        message: format!("kind label `{kind}` with no entry before it"),
                    }),
                }
                continue;
            }
        }
        let Some(current) = entry.as_mut() else {
            entry = Some(Entry {
                publication: Publication {
                    title: group.joined(),
                    authors: authors.clone(),
                    series: series.clone(),
                    source: SourceSpan {
                        file: file.to_string(),
                        first_line: group.line,
                        last_line: group.last_line(),
                    },
                    ..Publication::default()
                },
                in_contents: false,
                contents_heading: None,
            });
            continue;
        };
        let publication = &mut current.publication;
        publication.source.last_line = group.last_line();
        if is_contents_heading(group.lines[0]) {
            current.in_contents = true;
            current.contents_heading = Some(group.line);
            for (offset, line) in group.lines.iter().enumerate().skip(1) {
                publication
                    .contents
                    .push(contents_line(line, group.line + offset));
            }
        } else if current.in_contents && looks_like_contents(group) {
            for (offset, line) in group.lines.iter().enumerate() {
                publication
                    .contents
                    .push(contents_line(line, group.line + offset));
            }
        } else {
            current.in_contents = false;
            publication
                .summary
                .push(Block::paragraph(group.joined(), group.line));
        }
    }
    if let Some(unfinished) = entry {
        let publication = unfinished.finish(file, &mut findings);
        findings.push(Finding {
            file: file.to_string(),
            line: publication.source.first_line,
            message: format!(
                "entry `{}` has no kind label line (such as `Paper`) after it; kept without a kind",
                publication.title
            ),
        });
        collection.publications.push(publication);
    }
    if collection.title.is_empty() {
        collection.title = collection
            .publications
            .first()
            .map(|p| p.title.clone())
            .unwrap_or_default();
    }
    Ok((collection, findings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTING: &str = "Ann Author\n\nSome Series\n\nFirst Title\n\nA paragraph\nwrapped over two lines.\n\nTable of Contents\n\n1. Introduction\n\n2. Body\n2.1. Part\n\nAppendix\n\nPaper\n\nSecond Title\n\nText.\n\nPOLICY BRIEF\n\nDangling Title\n\nNo label.\n";

    #[test]
    fn reads_header_entries_and_contents() {
        let (c, findings) = read(LISTING, "x.txt", &KindLabels::new(&[])).unwrap();
        assert_eq!(c.owner.as_deref(), Some("Ann Author"));
        assert_eq!(c.title, "Some Series");
        assert_eq!(c.publications.len(), 3);
        let first = &c.publications[0];
        assert_eq!(first.title, "First Title");
        assert_eq!(first.authors, vec!["Ann Author"]);
        assert_eq!(first.summary_text(), "A paragraph wrapped over two lines.");
        let numbers: Vec<(&str, usize)> = first
            .contents
            .iter()
            .map(|e| (e.number.as_str(), e.level))
            .collect();
        assert_eq!(numbers, vec![("1", 1), ("2", 1), ("2.1", 2), ("", 1)]);
        assert_eq!(first.source.first_line, 5);
        assert_eq!(first.source.last_line, 19);
        assert_eq!(c.publications[1].kind.as_deref(), Some("Policy Brief"));
        assert_eq!(c.publications[2].kind, None);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].line, 27);
    }
}
