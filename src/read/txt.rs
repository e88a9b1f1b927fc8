//! Scraped listing text. The layout is inferred from the file, not assumed:
//! blank lines split it into blocks, each block is described by evidence
//! (`evidence`), and roles are assigned by the grammar of an entry,
//!
//! ```text
//! [author line]* [series line]? title paragraph+ [contents]? [boilerplate]? label
//! ```
//!
//! with an optional page header (owner, series) decided on evidence. The
//! runs of heading-like blocks between paragraphs are where one entry ends
//! and the next begins; each run gets the best-scoring assignment of roles.
//! Kind labels come from the built-in list (a prior), `kinds` in the
//! settings, and the file itself: a short line that closes several entries.

use std::borrow::Cow;
use std::collections::HashMap;

use anyhow::Result;
use rayon::prelude::*;

use crate::model::{Block, Collection, Publication, SourceSpan};
use crate::read::evidence::{
    is_name_list, is_prose, label_shape, name_prefix, numbered, series_shape, split_names,
};
use crate::read::{contents_line, is_contents_heading, Finding, KindLabels};

/// Lines between blank lines, with the 1-based number of the first.
struct Group<'a> {
    line: usize,
    lines: Vec<&'a str>,
    /// The lines joined back into one (a wrapped paragraph); a single line
    /// is borrowed, not copied.
    text: Cow<'a, str>,
    prose: bool,
    /// Evidence from the block's own text (heading-like blocks only).
    shape: Shape,
    /// The kind, when the block is a kind label for sure (once labels are learnt).
    kind: Option<String>,
    /// The same line occurs elsewhere in the file.
    repeated: bool,
}

/// What a heading-like block looks like, worked out once.
#[derive(Default, Clone, Copy)]
struct Shape {
    contents_heading: bool,
    /// Every line is a numbered contents line.
    numbered: bool,
    label: bool,
    /// How many person names the line holds (0: not a list of names).
    names: usize,
    byline: bool,
    series: bool,
}

impl Shape {
    fn of(lines: &[&str], text: &str) -> Shape {
        let one_line = lines.len() == 1;
        let names = if one_line && is_name_list(text) {
            split_names(text).len()
        } else {
            0
        };
        Shape {
            contents_heading: is_contents_heading(lines[0]),
            numbered: lines.iter().all(|l| numbered(l)),
            label: one_line && label_shape(text),
            names,
            byline: names > 0 && name_prefix(text).is_some(),
            series: one_line && series_shape(text),
        }
    }
}

impl Group<'_> {
    fn last_line(&self) -> usize {
        self.line + self.lines.len() - 1
    }
}

fn groups(text: &str) -> Vec<Group<'_>> {
    let mut spans: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut open = false;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            open = false;
        } else if open {
            spans.last_mut().expect("an open group exists").1.push(line);
        } else {
            spans.push((index + 1, vec![line]));
            open = true;
        }
    }
    // (Each block's evidence is its own: worked out on all cores.)
    spans
        .into_par_iter()
        .map(|(line, lines)| {
            let text = match lines[..] {
                [one] => Cow::Borrowed(one.trim()),
                _ => Cow::Owned(lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")),
            };
            let prose = !is_contents_heading(lines[0]) && is_prose(&lines, &text);
            let shape = if prose {
                Shape::default()
            } else {
                Shape::of(&lines, &text)
            };
            Group {
                line,
                lines,
                text,
                prose,
                shape,
                kind: None,
                repeated: false,
            }
        })
        .collect()
}

/// A table of contents line is short and not a sentence.
fn looks_like_contents(group: &Group) -> bool {
    group.lines.iter().all(|line| {
        let line = line.trim();
        line.chars().count() <= 160
            && !(line.ends_with('.') && line.split_whitespace().count() > 12)
    })
}

/// A block that runs on (it starts in small letters, or ends with `:`,
/// `;`, `,`, `and` or `or`) or is longer than any title: a paragraph that
/// is not sentence-shaped, so the line before it is no series line but a
/// title.
fn runs_on(group: &Group) -> bool {
    let text = group.text.trim();
    text.starts_with(|c: char| c.is_lowercase())
        || text.ends_with([':', ';', ','])
        || text.ends_with(" and")
        || text.ends_with(" or")
        || text.split_whitespace().nth(24).is_some()
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A contents heading or line.
    Contents,
    /// The kind label that ends an entry.
    Label,
    /// A second label with no entry before it.
    Stray,
    /// The page's owner or series line.
    Header,
    Author,
    Series,
    Title,
    /// Authors named after the title: `by Ann Author`.
    Byline,
    /// Summary text that is not sentence-shaped (no final full stop).
    Paragraph,
    /// Left over where nothing fits (kept as text, reported).
    Unplaced,
}

const ROLES: [Role; 10] = [
    Role::Contents,
    Role::Label,
    Role::Stray,
    Role::Header,
    Role::Author,
    Role::Series,
    Role::Title,
    Role::Byline,
    Role::Paragraph,
    Role::Unplaced,
];

/// Where a run of heading-like blocks sits.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Place {
    /// An entry is open before the run (its paragraphs came before).
    open: bool,
    /// The file ends after the run; otherwise a paragraph follows.
    end: bool,
    /// The run opens the listing: page header and first entry. What the
    /// other entries carry says which lines can be the first entry's own:
    /// at most as many author lines, a series line if any has one.
    opening: Option<(usize, bool)>,
}

/// Which role may follow which, by the grammar
/// `[author]* [series]? title paragraph* [contents]? label`, repeated
/// (a series line may also come before the authors);
/// with a bonus or cost. `None` before the first block.
fn step(before: Option<Role>, next: Role, place: Place) -> Option<f64> {
    use Role::*;
    // An entry that ends without its label is unusual.
    const UNLABELLED: f64 = -2.0;
    let new_entry = matches!(next, Author | Series | Title);
    match before {
        None if place.open => match next {
            Contents | Label | Stray => Some(0.0),
            Unplaced => place.end.then_some(0.0),
            _ if new_entry => Some(UNLABELLED),
            _ => None,
        },
        None => match next {
            Stray | Header => Some(0.0),
            _ if new_entry => Some(0.0),
            _ => None,
        },
        Some(Contents) => match next {
            Contents | Label | Stray => Some(0.0),
            Unplaced => place.end.then_some(0.0),
            _ if new_entry => Some(UNLABELLED),
            _ => None,
        },
        Some(Label) | Some(Stray) => match next {
            Stray => Some(0.0),
            Unplaced => place.end.then_some(0.0),
            Header => (place.opening.is_some() && before == Some(Stray)).then_some(0.0),
            _ if new_entry => Some(0.0),
            _ => None,
        },
        Some(Header) => matches!(next, Header | Author | Series | Title).then_some(0.0),
        Some(Author) => matches!(next, Author | Series | Title).then_some(0.0),
        // Some sites put the series line before the authors.
        Some(Series) => matches!(next, Author | Title).then_some(0.0),
        // A title with no paragraph after it is unusual.
        Some(Title) | Some(Byline) => match next {
            Byline | Paragraph => Some(0.0),
            Contents | Label => Some(-3.0),
            _ => None,
        },
        Some(Paragraph) => matches!(next, Paragraph | Contents | Label).then_some(0.0),
        Some(Unplaced) => (next == Unplaced).then_some(0.0),
    }
}

/// Whether a run may end with this role: a paragraph follows a title, its
/// byline or summary, or contents; the file ends after anything closed.
fn may_end(role: Role, place: Place) -> bool {
    use Role::*;
    match (place.end, place.opening.is_some() && !place.open) {
        (false, _) => matches!(role, Title | Byline | Paragraph | Contents),
        (true, true) => matches!(role, Label | Contents | Stray),
        (true, false) => !matches!(role, Header | Author | Series),
    }
}

/// What the whole file says about labels and repeated lines.
struct FileEvidence<'a> {
    kinds: &'a KindLabels,
    /// Lowercased short lines that close entries in this file.
    learned: Vec<String>,
    /// How often each lowercased heading-like line occurs.
    counts: HashMap<String, usize>,
    /// The longest of those lines, in bytes.
    longest: usize,
}

impl FileEvidence<'_> {
    /// The label's kind when `text` is one for sure.
    fn label(&self, text: &str) -> Option<String> {
        if let Some(kind) = self.kinds.canonical(text) {
            return Some(kind.to_string());
        }
        if self.too_long(text) {
            return None;
        }
        let lower = text.trim().to_lowercase();
        self.learned
            .contains(&lower)
            .then(|| text.trim().to_string())
    }

    fn repeated(&self, text: &str) -> bool {
        !self.too_long(text)
            && self
                .counts
                .get(&text.trim().to_lowercase())
                .copied()
                .unwrap_or(0)
                >= 2
    }

    /// Whether `text` is too long to be any line counted: paragraphs are
    /// not lowered only to find that out.
    fn too_long(&self, text: &str) -> bool {
        !may_lower_to(text.trim(), self.longest)
    }
}

/// Whether `text` lowered may be `bytes` long or shorter: a character
/// lowered keeps at least a third of its bytes.
fn may_lower_to(text: &str, bytes: usize) -> bool {
    text.len() <= 3 * bytes
}

/// Whether `text` in lowercase is `lower`, without a copy when it is ASCII
/// or far longer (this runs for every line of a long listing).
fn lowercase_is(text: &str, lower: &str) -> bool {
    if !may_lower_to(text, lower.len()) {
        return false;
    }
    match text.is_ascii() {
        true => {
            text.len() == lower.len()
                && text
                    .bytes()
                    .map(|b| b.to_ascii_lowercase())
                    .eq(lower.bytes())
        }
        false => text.to_lowercase() == lower,
    }
}

/// A short line that follows the body of an entry (paragraphs or contents)
/// in two places or more, or ends the file, closes entries: it is this
/// site's kind label. A line that is itself followed by a label (`Appendix`
/// before `Paper`) is the last contents line instead.
fn learn<'a>(groups: &[Group], kinds: &'a KindLabels) -> FileEvidence<'a> {
    let candidate =
        |group: &Group| !group.prose && group.shape.label && !group.shape.contents_heading;
    // Paragraphs or a contents block come right before.
    let body_before = |index: usize| {
        index > 0 && {
            let before = &groups[index - 1];
            before.prose || before.lines.len() > 1 || before.shape.numbered
        }
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut after_body: HashMap<String, usize> = HashMap::new();
    for (index, group) in groups.iter().enumerate() {
        if group.prose || group.lines.len() > 1 || group.text.len() > 200 {
            continue;
        }
        let lower = group.text.to_lowercase();
        *counts.entry(lower.clone()).or_default() += 1;
        if body_before(index) && candidate(group) {
            *after_body.entry(lower).or_default() += 1;
        }
    }
    let candidates: Vec<String> = after_body
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(text, _)| text)
        .collect();
    // The line after `index` closes the entry instead: a label, or a short
    // line (no name, no series) that the next entry's lines follow.
    let label_next = |index: usize| {
        let Some(next) = groups.get(index + 1) else {
            return false;
        };
        let then_heading = groups.get(index + 2).is_none_or(|g| !g.prose);
        kinds.canonical(&next.text).is_some()
            || candidates.iter().any(|c| lowercase_is(&next.text, c))
            || (next.shape.label && next.shape.names == 0 && !next.shape.series && then_heading)
    };
    let mut learned: Vec<String> = candidates
        .iter()
        .filter(|text| {
            let mut seen = 0;
            let mut before_label = 0;
            for (index, group) in groups.iter().enumerate() {
                if group.lines.len() == 1 && lowercase_is(&group.text, text) {
                    seen += 1;
                    before_label += usize::from(label_next(index));
                }
            }
            before_label * 2 <= seen
        })
        .cloned()
        .collect();
    if let Some(last) = groups
        .last()
        .filter(|last| candidate(last) && body_before(groups.len() - 1))
    {
        learned.push(last.text.to_lowercase());
    }
    learned.sort();
    learned.dedup();
    let longest = counts
        .keys()
        .chain(&learned)
        .map(String::len)
        .max()
        .unwrap_or(0);
    FileEvidence {
        kinds,
        learned,
        counts,
        longest,
    }
}

/// How well the block `run[i]` fits `role`: higher is likelier, `None`
/// is impossible.
fn fit(role: Role, i: usize, run: &[&Group], place: Place) -> Option<f64> {
    let group = run[i];
    let shape = group.shape;
    let label = group.kind.is_some();
    match role {
        Role::Contents => {
            if shape.contents_heading {
                Some(5.0)
            } else if label {
                Some(-6.0)
            } else if shape.numbered {
                Some(3.0)
            } else if looks_like_contents(group)
                && run[..i]
                    .iter()
                    .any(|g| g.shape.contents_heading || g.shape.numbered)
            {
                Some(0.5)
            } else {
                None
            }
        }
        Role::Label => {
            if group.lines.len() > 1 {
                None
            } else if label {
                Some(6.0)
            } else if shape.label && shape.names < 2 {
                // A short line after the body; two-word labels look like names.
                Some(2.0)
            } else {
                Some(-3.0)
            }
        }
        Role::Stray => label.then_some(0.0),
        // A page header is an owner and a series line, no more.
        Role::Header => place.opening.map(|_| if i < 2 { 0.0 } else { -3.0 }),
        Role::Author => {
            let allowed = place.opening.is_none_or(|(authors, _)| authors > 0);
            (allowed && shape.names > 0).then_some(3.0)
        }
        Role::Series => {
            let allowed = place.opening.is_none_or(|(_, series)| series);
            // A title follows a series line; a block that runs on is none.
            let before_text = run.get(i + 1).is_some_and(|next| runs_on(next));
            if !allowed || before_text || shape.names > 0 || group.lines.len() > 1 {
                None
            } else if label {
                Some(-6.0)
            } else {
                let fits = if shape.series { 3.0 } else { -1.0 };
                Some(fits + if group.repeated { 1.0 } else { 0.0 })
            }
        }
        Role::Title => {
            if label {
                Some(-6.0)
            } else if shape.numbered {
                Some(-4.0)
            } else {
                Some(0.0)
            }
        }
        Role::Byline => shape.byline.then_some(3.0),
        Role::Paragraph => Some(if label {
            -6.0
        } else if group.text.split_whitespace().count() < 8 {
            -2.0
        } else {
            -1.0
        }),
        Role::Unplaced => Some(-2.0),
    }
}

/// The best roles for a run: a dynamic programme over the grammar's steps.
fn assign(run: &[&Group], place: Place) -> Vec<(Role, f64)> {
    let n = run.len();
    let r = ROLES.len();
    if n == 0 {
        return Vec::new();
    }
    // best[i][p]: best score of blocks 0..=i with block i in role p, and the role before.
    let mut best: Vec<Vec<Option<(f64, usize)>>> = vec![vec![None; r]; n];
    for i in 0..n {
        for (p, &role) in ROLES.iter().enumerate() {
            let Some(score) = fit(role, i, run, place) else {
                continue;
            };
            let from = if i == 0 {
                step(None, role, place).map(|bonus| (bonus, usize::MAX))
            } else {
                (0..r)
                    .filter_map(|q| {
                        let (before, _) = best[i - 1][q]?;
                        let bonus = step(Some(ROLES[q]), role, place)?;
                        Some((before + bonus, q))
                    })
                    .max_by(|a, b| a.0.total_cmp(&b.0))
            };
            if let Some((before, q)) = from {
                best[i][p] = Some((before + score, q));
            }
        }
    }
    let trace = |mut p: usize| {
        let mut roles = vec![(Role::Unplaced, 0.0); n];
        for i in (0..n).rev() {
            roles[i] = (ROLES[p], fit(ROLES[p], i, run, place).unwrap_or(0.0));
            if i > 0 {
                p = best[i][p].map_or(0, |(_, q)| q);
            }
        }
        roles
    };
    // At the end of the file, a new entry that no label closes is less
    // likely than lines that fit nowhere.
    let unclosed = |p: usize, roles: &[(Role, f64)]| {
        place.end && ROLES[p] != Role::Label && roles.iter().any(|(r, _)| *r == Role::Title)
    };
    let best_end = (0..r)
        .filter(|&p| may_end(ROLES[p], place))
        .filter_map(|p| {
            let (score, _) = best[n - 1][p]?;
            let roles = trace(p);
            let penalty = if unclosed(p, &roles) { 4.0 } else { 0.0 };
            Some((roles, score - penalty))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let Some((roles, _)) = best_end else {
        return run.iter().map(|_| (Role::Unplaced, -5.0)).collect();
    };
    // A file without a single paragraph is a listing only on good evidence
    // (a known label, contents): `Owner` and `Series` alone are not one.
    if place.end && place.opening.is_some() && roles.iter().all(|&(_, score)| score < 5.0) {
        return run.iter().map(|_| (Role::Unplaced, -5.0)).collect();
    }
    roles
}

struct Entry {
    publication: Publication,
    /// Line of a contents heading, to report one that lists nothing.
    contents_heading: Option<usize>,
}

/// The listing as it is assembled, block by block.
struct Assembly<'a> {
    file: &'a str,
    collection: Collection,
    findings: Vec<Finding>,
    entry: Option<Entry>,
    /// Authors and series read for the entry whose title comes next.
    authors: Vec<String>,
    series: Option<String>,
    first_line: Option<usize>,
    /// Paragraphs before any entry, given to the first one.
    before_first: Vec<Block>,
    header: Vec<String>,
}

impl Assembly<'_> {
    fn finding(&mut self, line: usize, message: String) {
        self.findings.push(Finding {
            file: self.file.to_string(),
            line,
            message,
        });
    }

    /// Closes the open entry, with its kind when a label closed it.
    fn close(&mut self, kind: Option<(String, usize)>) {
        let Some(done) = self.entry.take() else {
            return;
        };
        let mut publication = done.publication;
        if let (Some(line), true) = (done.contents_heading, publication.contents.is_empty()) {
            self.finding(line, "`Table of Contents` heading with no entries after it (add them, or remove the heading)".to_string());
        }
        match kind {
            Some((kind, line)) => {
                publication.kind = Some(kind);
                publication.source.last_line = line;
            }
            None => {
                let message = format!(
                    "entry `{}` has no kind label line (such as `Paper`) after it; kept without a kind",
                    publication.title
                );
                self.finding(publication.source.first_line, message);
            }
        }
        self.collection.publications.push(publication);
    }

    fn paragraph(&mut self, group: &Group) {
        let block = Block::paragraph(group.text.to_string(), group.line);
        // After a label, text that fits nowhere stays with the entry it follows.
        let publication = match self.entry.as_mut() {
            Some(entry) => Some(&mut entry.publication),
            None => self.collection.publications.last_mut(),
        };
        match publication {
            Some(publication) => {
                publication.summary.push(block);
                publication.source.last_line = group.last_line();
            }
            None => self.before_first.push(block),
        }
    }

    fn contents(&mut self, group: &Group) {
        let Some(entry) = self.entry.as_mut() else {
            return;
        };
        let publication = &mut entry.publication;
        publication.source.last_line = group.last_line();
        let skip = if is_contents_heading(group.lines[0]) {
            entry.contents_heading = Some(group.line);
            1
        } else {
            0
        };
        for (offset, line) in group.lines.iter().enumerate().skip(skip) {
            publication
                .contents
                .push(contents_line(line, group.line + offset));
        }
    }

    fn title(&mut self, group: &Group) {
        self.close(None);
        let mut summary = std::mem::take(&mut self.before_first);
        if let Some(first) = summary.first() {
            let line = match first {
                Block::Paragraph { line, .. } => *line,
                _ => group.line,
            };
            self.finding(line, "text before the first entry's title; kept as the start of its summary (guessed role: paragraph)".to_string());
        }
        let first_line = self.first_line.take().unwrap_or(group.line);
        self.entry = Some(Entry {
            publication: Publication {
                title: group.text.to_string(),
                authors: std::mem::take(&mut self.authors),
                series: self.series.take(),
                summary: std::mem::take(&mut summary),
                source: SourceSpan {
                    file: self.file.to_string(),
                    first_line,
                    last_line: group.last_line(),
                },
                ..Publication::default()
            },
            contents_heading: None,
        });
    }

    fn place(&mut self, run: &[&Group], roles: &[(Role, f64)]) {
        for (group, &(role, score)) in run.iter().zip(roles) {
            if score < 0.0 && role != Role::Unplaced {
                let what = format!("{role:?}").to_lowercase();
                self.finding(
                    group.line,
                    format!(
                        "not sure what `{}` is (guessed role: {what}); check the entry around it",
                        group.text
                    ),
                );
            }
            match role {
                Role::Contents => self.contents(group),
                Role::Label => {
                    let kind = group.kind.clone().unwrap_or_else(|| group.text.to_string());
                    self.close(Some((kind, group.line)));
                }
                Role::Stray => {
                    let kind = group.kind.clone().unwrap_or_default();
                    self.finding(
                        group.line,
                        format!("kind label `{kind}` with no entry before it"),
                    );
                }
                Role::Header => self.header.push(group.text.to_string()),
                Role::Author => {
                    self.first_line.get_or_insert(group.line);
                    self.authors.extend(split_names(&group.text));
                }
                Role::Series => {
                    self.first_line.get_or_insert(group.line);
                    self.series = Some(group.text.to_string());
                }
                Role::Title => self.title(group),
                Role::Paragraph => self.paragraph(group),
                Role::Byline => {
                    if let Some(entry) = self.entry.as_mut() {
                        entry.publication.authors.extend(split_names(&group.text));
                    }
                }
                Role::Unplaced => {
                    self.finding(
                        group.line,
                        format!("`{}` fits no part of an entry; kept as a paragraph (guessed role: paragraph)", group.text),
                    );
                    self.paragraph(group);
                }
            }
        }
    }
}

/// Runs of heading-like blocks weighed per job (a listing's entries, each
/// a few lines): a short listing is weighed on one thread.
const RUNS_PER_JOB: usize = 256;

pub fn read(text: &str, file: &str, kinds: &KindLabels) -> Result<(Collection, Vec<Finding>)> {
    let mut groups = groups(text);
    let evidence = learn(&groups, kinds);
    for group in groups.iter_mut().filter(|g| !g.prose) {
        if group.lines.len() == 1 && !group.shape.contents_heading {
            group.kind = evidence.label(&group.text);
        }
        group.repeated = evidence.repeated(&group.text);
    }
    // Runs of heading-like blocks, each with the index of the block after it.
    let mut runs: Vec<(Vec<&Group>, usize)> = Vec::new();
    let mut current: Vec<&Group> = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        if group.prose {
            runs.push((std::mem::take(&mut current), index));
        } else {
            current.push(group);
        }
    }
    runs.push((current, groups.len()));
    // The first run before a paragraph opens the listing (or the only run,
    // in a file with no paragraph at all); whether it holds a page header
    // depends on what the other entries carry.
    let opening = runs
        .iter()
        .position(|(run, next)| !run.is_empty() && *next < groups.len())
        .or_else(|| (runs.len() == 1 && !runs[0].0.is_empty()).then_some(0));
    let place = |index: usize, opening: Option<(usize, bool)>| Place {
        open: opening.is_none(),
        end: runs[index].1 == groups.len(),
        opening,
    };
    // Each run is weighed on its own: on all cores for a long listing.
    let mut assigned: Vec<Vec<(Role, f64)>> = runs
        .par_iter()
        .with_min_len(RUNS_PER_JOB)
        .enumerate()
        .map(|(index, (run, _))| match opening {
            Some(o) if index <= o => Vec::new(),
            _ => assign(run, place(index, None)),
        })
        .collect();
    if let Some(o) = opening {
        let count =
            |roles: &Vec<(Role, f64)>, role: Role| roles.iter().filter(|(r, _)| *r == role).count();
        let authors = assigned
            .iter()
            .map(|roles| count(roles, Role::Author))
            .max()
            .unwrap_or(0);
        let series = assigned.iter().any(|roles| count(roles, Role::Series) > 0);
        let mut roles = assign(&runs[o].0, place(o, Some((authors, series))));
        // More author lines than any other entry has: the first are the page's.
        let extra = count(&roles, Role::Author).saturating_sub(authors);
        for (role, _) in roles
            .iter_mut()
            .filter(|(r, _)| *r == Role::Author)
            .take(extra)
        {
            *role = Role::Header;
        }
        assigned[o] = roles;
    }

    let mut assembly = Assembly {
        file,
        collection: Collection {
            // A listing never says its language: the build fills it in.
            language: String::new(),
            ..Collection::default()
        },
        findings: Vec::new(),
        entry: None,
        authors: Vec::new(),
        series: None,
        first_line: None,
        before_first: Vec::new(),
        header: Vec::new(),
    };
    for ((run, next), roles) in runs.iter().zip(&assigned) {
        if opening.is_none() {
            // No entry anywhere: nothing to place the text in.
            break;
        }
        assembly.place(run, roles);
        if let Some(group) = groups.get(*next) {
            assembly.paragraph(group);
        }
    }
    assembly.close(None);
    let Assembly {
        mut collection,
        mut findings,
        header,
        ..
    } = assembly;
    // The page header: an owner line and a series heading, either alone.
    let (owner, series) = match header.as_slice() {
        [] => (None, None),
        [one] if series_shape(one) && !is_name_list(one) => (None, Some(one.clone())),
        [one] => (Some(one.clone()), None),
        [owner, series, rest @ ..] => {
            if !rest.is_empty() {
                findings.push(Finding {
                    file: file.to_string(),
                    line: 1,
                    message: format!(
                        "page header has more lines than an owner and a series; also read: {}",
                        rest.join(" / ")
                    ),
                });
            }
            (Some(owner.clone()), Some(series.clone()))
        }
    };
    for publication in &mut collection.publications {
        if publication.authors.is_empty() {
            publication.authors.extend(owner.clone());
        }
        if publication.series.is_none() {
            publication.series = series.clone();
        }
    }
    collection.owner = owner;
    collection.title = match series {
        Some(series) => series,
        None => common_series(&collection.publications).unwrap_or_else(|| {
            collection
                .publications
                .first()
                .map(|p| p.title.clone())
                .unwrap_or_default()
        }),
    };
    findings.sort_by_key(|f| f.line);
    Ok((collection, findings))
}

/// The series most publications carry (the first of equals), if any does:
/// without a page header it is the listing's best title.
fn common_series(publications: &[Publication]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for series in publications.iter().filter_map(|p| p.series.as_deref()) {
        let n = counts.entry(series).or_default();
        if *n == 0 {
            order.push(series);
        }
        *n += 1;
    }
    // `max_by_key` keeps the last of equals: look from the end.
    order
        .into_iter()
        .rev()
        .max_by_key(|s| counts[s])
        .map(str::to_string)
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
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].line, 27);
    }

    /// Labels the code has never seen, metadata per entry, no page header.
    #[test]
    fn learns_labels_and_reads_entry_metadata() {
        let text = "Mira Olsen and Tariq Haddad\n\nFieldwork Digests\n\nWater Rights in Upland Valleys\n\nA study of shared wells.\n\nLedger Sheet\n\nPetra van Dijk\n\nSchool Meals and Attendance\n\nWhat a free lunch changed.\n\nLedger Sheet\n\nFieldwork Digests\n\nRoads After the Flood\n\nRebuilding in three districts.\n\nLedger Sheet\n";
        let (c, findings) = read(text, "x.txt", &KindLabels::new(&[])).unwrap();
        assert!(findings.is_empty(), "{findings:?}");
        let got: Vec<(&str, Vec<String>, Option<&str>, Option<&str>)> = c
            .publications
            .iter()
            .map(|p| {
                (
                    p.title.as_str(),
                    p.authors.clone(),
                    p.series.as_deref(),
                    p.kind.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Water Rights in Upland Valleys",
                    vec!["Mira Olsen".to_string(), "Tariq Haddad".to_string()],
                    Some("Fieldwork Digests"),
                    Some("Ledger Sheet")
                ),
                (
                    "School Meals and Attendance",
                    vec!["Petra van Dijk".to_string()],
                    None,
                    Some("Ledger Sheet")
                ),
                (
                    "Roads After the Flood",
                    vec![],
                    Some("Fieldwork Digests"),
                    Some("Ledger Sheet")
                ),
            ]
        );
        assert_eq!(c.owner, None);
        assert_eq!(c.publications[0].source.first_line, 1);
    }

    /// A title with a series word, then a block that introduces a list
    /// (`…produces:`) or runs long without a full stop: the line is the
    /// entry's title and the block its summary, not a series line and a
    /// title.
    #[test]
    fn a_block_that_runs_on_is_no_title() {
        let text = "First Title\n\nSome text.\n\nPaper\n\nField Notes on Wells, part 1\n\nThe survey counts three kinds of well:\n\nPaper\n\nField Notes on Roads, part 2\n\nRoads were rebuilt in three districts after the flood and the costs were shared between the county, the villages along the river and the two mills that used the lower bridge every day of the year\n\nPaper\n\nA Plain Title\n\nText.\n\nPaper\n";
        let (c, _) = read(text, "x.txt", &KindLabels::new(&[])).unwrap();
        let got: Vec<(&str, Option<&str>)> = c
            .publications
            .iter()
            .map(|p| (p.title.as_str(), p.series.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("First Title", None),
                ("Field Notes on Wells, part 1", None),
                ("Field Notes on Roads, part 2", None),
                ("A Plain Title", None),
            ]
        );
        assert_eq!(
            c.publications[1].summary_text(),
            "The survey counts three kinds of well:"
        );
    }
}
