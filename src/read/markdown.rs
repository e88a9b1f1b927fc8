//! Markdown sources with a YAML front-matter block, parsed by pulldown-cmark.
//! Each top-level heading starts a publication; a file without one is one
//! publication. A "Table of Contents" heading's lines become contents
//! entries; a paragraph that is only a kind label (`*Paper*`) sets the kind.

use std::ops::Range;
use std::path::Path;

use anyhow::{anyhow, bail, Result};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::model::{inline_text, Block, Collection, Inline, Publication, SourceSpan};
use crate::read::{contents_line, is_contents_heading, Finding, KindLabels};

/// Quotes and lists nested deeper than this are flattened into the deepest
/// level kept, so hostile input cannot exhaust the stack of any backend.
const MAX_NESTING: usize = 24;

#[derive(Default, Deserialize)]
#[serde(default)]
struct FrontMatter {
    title: Option<String>,
    subtitle: Option<String>,
    author: Option<OneOrMany>,
    authors: Option<OneOrMany>,
    series: Option<String>,
    kind: Option<String>,
    date: Option<serde_norway::Value>,
    language: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(name) => vec![name],
            OneOrMany::Many(names) => names,
        }
    }
}

/// Splits off a leading `---` front-matter block: (yaml, body, body's first line).
fn split_front_matter(text: &str) -> Result<(&str, &str, usize)> {
    let Some(after) = text.strip_prefix("---\n") else {
        return Ok(("", text, 1));
    };
    let mut offset = 0;
    for (index, line) in after.split_inclusive('\n').enumerate() {
        if matches!(line.trim_end(), "---" | "...") {
            return Ok((&after[..offset], &after[offset + line.len()..], index + 3));
        }
        offset += line.len();
    }
    bail!("line 1: front matter opened with `---` is never closed (end it with a `---` line)")
}

/// The YAML parser slows down with the square of bracket nesting: front
/// matter of 100,000 `[` took minutes. Real front matter never nests deep.
const MAX_FRONT_MATTER_DEPTH: usize = 1000;

/// How deep `[` and `{` nest, quotes not considered: a quoted title would
/// need a thousand brackets to be refused.
fn bracket_depth(yaml: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0);
    for c in yaml.chars() {
        match c {
            '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The YAML parser counts lines from the first line after `---`; messages
/// count them in the file, so every `line N` it gives is moved by `by`.
fn shift_line_numbers(message: &str, by: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        let (before, after) = rest.split_at(at + "line ".len());
        out.push_str(before);
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match after[..digits].parse::<usize>() {
            Ok(number) => out.push_str(&(number + by).to_string()),
            Err(_) => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

fn value_text(value: serde_norway::Value) -> String {
    match value {
        serde_norway::Value::String(s) => s,
        other => serde_norway::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// A top-level block and the byte range of its source.
struct Sourced {
    block: Block,
    range: Range<usize>,
}

enum Container {
    Quote(Vec<Block>),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
}

/// Builds blocks from pulldown-cmark events, keeping inline structure.
struct Builder {
    top: Vec<Sourced>,
    containers: Vec<Container>,
    /// Inline groups being filled: (what closes them, their inlines).
    inlines: Vec<(InlineOpen, Vec<Inline>)>,
    /// Images met inside a paragraph, placed after it.
    images: Vec<Block>,
    heading: Option<u8>,
    skipped_depth: usize,
    /// Emphasis, strong and links opened past `MAX_NESTING` inline groups:
    /// their text joins the enclosing group, without the markup.
    skipped_inlines: usize,
    code: Option<String>,
    start: usize,
}

enum InlineOpen {
    Block,
    Emphasis,
    Strong,
    Link(String),
    Image(String),
}

impl Builder {
    fn push_block(&mut self, block: Block, range: &Range<usize>) {
        match self.containers.last_mut() {
            Some(Container::Quote(blocks)) | Some(Container::Item(blocks)) => blocks.push(block),
            Some(Container::List { items, .. }) => items.push(vec![block]),
            None => self.top.push(Sourced {
                block,
                range: self.start.min(range.start)..range.end,
            }),
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.inlines.is_empty() {
            // Tight list items hold text without a paragraph.
            self.inlines.push((InlineOpen::Block, Vec::new()));
        }
        self.inlines
            .last_mut()
            .expect("an inline group is open")
            .1
            .push(inline);
    }

    fn close_inlines(&mut self, range: &Range<usize>, line: usize) {
        if let Some((_, inlines)) = self.inlines.pop() {
            let block = match self.heading.take() {
                Some(level) => Block::Heading { level, inlines },
                None => Block::Paragraph { inlines, line },
            };
            let empty = matches!(&block, Block::Paragraph { inlines, .. } if inline_text(inlines).trim().is_empty());
            if !empty {
                self.push_block(block, range);
            }
        }
        // Images are placed even when no text group was open: a tight list
        // item holding only an image has none, and lost the image.
        for image in std::mem::take(&mut self.images) {
            self.push_block(image, range);
        }
    }

    fn close_inline_group(&mut self) {
        let Some((open, inlines)) = self.inlines.pop() else {
            return;
        };
        let inline = match open {
            InlineOpen::Emphasis => Inline::Emphasis { inlines },
            InlineOpen::Strong => Inline::Strong { inlines },
            InlineOpen::Link(url) => Inline::Link { url, inlines },
            InlineOpen::Image(src) => {
                self.images.push(Block::Image {
                    src,
                    alt: inline_text(&inlines),
                });
                return;
            }
            InlineOpen::Block => {
                self.inlines.push((InlineOpen::Block, inlines));
                return;
            }
        };
        self.push_inline(inline);
    }
}

/// Byte offsets where each line of `body` starts.
fn line_starts(body: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The line holding byte `offset` (any byte, even inside a character).
fn line_of(line_starts: &[usize], offset: usize, first_line: usize) -> usize {
    line_starts.partition_point(|&start| start <= offset) + first_line - 1
}

fn parse_blocks(body: &str, first_line: usize) -> Vec<Sourced> {
    let line_starts = line_starts(body);
    let mut b = Builder {
        top: Vec::new(),
        containers: Vec::new(),
        inlines: Vec::new(),
        images: Vec::new(),
        heading: None,
        skipped_depth: 0,
        skipped_inlines: 0,
        code: None,
        start: usize::MAX,
    };
    for (event, range) in Parser::new(body).into_offset_iter() {
        let line = line_of(&line_starts, range.start, first_line);
        if b.containers.is_empty() && b.inlines.is_empty() && b.start == usize::MAX {
            b.start = range.start;
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                b.close_inlines(&range, line);
                b.inlines.push((InlineOpen::Block, Vec::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                b.close_inlines(&range, line);
                b.heading = Some(heading_number(level));
                b.inlines.push((InlineOpen::Block, Vec::new()));
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Heading(_)) => {
                b.close_inlines(&range, line)
            }
            Event::Start(Tag::BlockQuote(_))
            | Event::Start(Tag::List(_))
            | Event::Start(Tag::Item)
                if b.containers.len() >= MAX_NESTING =>
            {
                // Each flattened item or quote is still a paragraph of its
                // own, so its words are not glued to the previous one's.
                b.close_inlines(&range, line);
                b.skipped_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_))
            | Event::End(TagEnd::List(_))
            | Event::End(TagEnd::Item)
                if b.skipped_depth > 0 =>
            {
                b.close_inlines(&range, line);
                b.skipped_depth -= 1;
            }
            Event::Start(Tag::BlockQuote(_)) => {
                b.close_inlines(&range, line);
                b.containers.push(Container::Quote(Vec::new()));
            }
            Event::Start(Tag::List(start)) => {
                b.close_inlines(&range, line);
                b.containers.push(Container::List {
                    ordered: start.is_some(),
                    items: Vec::new(),
                });
            }
            Event::Start(Tag::Item) => {
                b.close_inlines(&range, line);
                b.containers.push(Container::Item(Vec::new()));
            }
            Event::End(TagEnd::BlockQuote(_))
            | Event::End(TagEnd::List(_))
            | Event::End(TagEnd::Item) => {
                b.close_inlines(&range, line);
                let block = match b.containers.pop() {
                    Some(Container::Quote(blocks)) => Some(Block::Quote { blocks }),
                    Some(Container::List { ordered, items }) => {
                        Some(Block::List { ordered, items })
                    }
                    Some(Container::Item(blocks)) => {
                        if let Some(Container::List { items, .. }) = b.containers.last_mut() {
                            items.push(blocks);
                        }
                        None
                    }
                    None => None,
                };
                if let Some(block) = block {
                    b.push_block(block, &range);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                b.close_inlines(&range, line);
                b.code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                let text = b.code.take().unwrap_or_default();
                b.push_block(
                    Block::Paragraph {
                        inlines: vec![Inline::Code {
                            text: text.trim_end().to_string(),
                        }],
                        line,
                    },
                    &range,
                );
            }
            // `**` nested thousands deep would make an inline tree that
            // overflows the stack of whatever walks it.
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. })
                if b.inlines.len() >= MAX_NESTING =>
            {
                b.skipped_inlines += 1;
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link)
                if b.skipped_inlines > 0 =>
            {
                b.skipped_inlines -= 1;
            }
            Event::Start(Tag::Emphasis) => b.inlines.push((InlineOpen::Emphasis, Vec::new())),
            Event::Start(Tag::Strong) => b.inlines.push((InlineOpen::Strong, Vec::new())),
            Event::Start(Tag::Link { dest_url, .. }) => b
                .inlines
                .push((InlineOpen::Link(dest_url.to_string()), Vec::new())),
            Event::Start(Tag::Image { dest_url, .. }) => b
                .inlines
                .push((InlineOpen::Image(dest_url.to_string()), Vec::new())),
            Event::End(TagEnd::Emphasis)
            | Event::End(TagEnd::Strong)
            | Event::End(TagEnd::Link)
            | Event::End(TagEnd::Image) => b.close_inline_group(),
            Event::Text(text) => match b.code.as_mut() {
                Some(code) => code.push_str(&text),
                None => b.push_inline(Inline::text(text.to_string())),
            },
            Event::Code(text) => b.push_inline(Inline::Code {
                text: text.to_string(),
            }),
            // Raw HTML is kept as the text it is, never interpreted.
            Event::Html(text) | Event::InlineHtml(text) => {
                b.push_inline(Inline::text(text.trim_end().to_string()))
            }
            Event::SoftBreak => b.push_inline(Inline::text(" ")),
            Event::HardBreak => b.push_inline(Inline::LineBreak),
            _ => {}
        }
        if b.containers.is_empty() && b.inlines.is_empty() {
            b.start = usize::MAX;
        }
    }
    b.close_inlines(
        &(body.len()..body.len()),
        line_of(&line_starts, body.len(), first_line),
    );
    b.top
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The text of a paragraph that is only an emphasised word or two (`*Paper*`).
fn emphasised_label(block: &Block) -> Option<String> {
    match block {
        Block::Paragraph { inlines, .. } => match inlines.as_slice() {
            [Inline::Emphasis { inlines }] | [Inline::Strong { inlines }] => {
                Some(inline_text(inlines))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The source lines of a block in a contents section, without line-block
/// bars, indentation or Markdown escapes; with 0-based line numbers.
fn contents_lines<'a>(
    body: &'a str,
    line_starts: &[usize],
    range: &Range<usize>,
) -> impl Iterator<Item = (usize, String)> + 'a {
    let start_line = line_of(line_starts, range.start, 0);
    body[range.clone()]
        .lines()
        .enumerate()
        .filter_map(move |(index, raw)| {
            let line = raw
                .trim()
                .trim_start_matches('|')
                .trim_start_matches(['-', '*', '+', ' ', '\u{a0}', '\t', '>'])
                .replace('\\', "");
            let line = line.trim();
            (!line.is_empty()).then(|| (start_line + index, line.to_string()))
        })
}

pub fn read(
    text: &str,
    file: &str,
    kinds: &KindLabels,
    path: &Path,
) -> Result<(Collection, Vec<Finding>)> {
    let (yaml, body, body_line) = split_front_matter(text)?;
    let front: FrontMatter = if yaml.trim().is_empty() {
        FrontMatter::default()
    } else if bracket_depth(yaml) > MAX_FRONT_MATTER_DEPTH {
        bail!(
            "line 2: malformed front matter: brackets nested more than {MAX_FRONT_MATTER_DEPTH} deep (front matter holds a title, authors and the like)"
        );
    } else {
        serde_norway::from_str(yaml).map_err(|e| {
            let line = e.location().map(|l| l.line() + 1).unwrap_or(1);
            let e = shift_line_numbers(&e.to_string(), 1);
            anyhow!("line {line}: malformed front matter: {e}")
        })?
    };
    let mut authors = front
        .authors
        .or(front.author)
        .map(OneOrMany::into_vec)
        .unwrap_or_default();
    authors.retain(|a| !a.trim().is_empty());
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut collection = Collection {
        title: front.title.clone().unwrap_or_default(),
        owner: authors.first().cloned(),
        // Empty when the front matter gives none: the build fills it in.
        language: front.language.clone().unwrap_or_default(),
        date: front.date.map(value_text),
        publications: Vec::new(),
    };
    let findings = Vec::new();
    let blocks = parse_blocks(body, body_line);

    let has_sections = blocks
        .iter()
        .any(|s| matches!(s.block, Block::Heading { level: 1, .. }));
    // A binary search, not a count from the start for every block: a file
    // of thousands of blocks took minutes.
    let starts = line_starts(body);
    let line_of = |offset: usize| self::line_of(&starts, offset, body_line);
    let new_publication = |title: String, line: usize| Publication {
        title,
        subtitle: if has_sections {
            None
        } else {
            front.subtitle.clone()
        },
        authors: authors.clone(),
        series: front.series.clone(),
        kind: front
            .kind
            .as_deref()
            .map(|k| kinds.canonical(k).unwrap_or(k).to_string()),
        url: if has_sections { None } else { front.url.clone() },
        source: SourceSpan {
            file: file.to_string(),
            first_line: line,
            last_line: line,
        },
        ..Publication::default()
    };

    let mut current: Option<Publication> = None;
    let mut in_contents = false;
    for sourced in &blocks {
        let last_line = line_of(sourced.range.end.saturating_sub(1).max(sourced.range.start));
        if let Block::Heading { level: 1, inlines } = &sourced.block {
            collection.publications.extend(current.take());
            let mut publication = new_publication(inline_text(inlines), line_of(sourced.range.start));
            // `# [Title](https://…)`: the heading links to the full text.
            if let [Inline::Link { url, .. }] = inlines.as_slice() {
                publication.url = Some(url.clone());
            }
            current = Some(publication);
            in_contents = false;
            continue;
        }
        // Text before the first heading (or a file without headings) is a
        // publication of its own, titled from the front matter.
        let publication = current.get_or_insert_with(|| {
            new_publication(
                front.title.clone().unwrap_or_else(|| stem.clone()),
                line_of(sourced.range.start),
            )
        });
        publication.source.last_line = last_line;
        if let Block::Heading { inlines, .. } = &sourced.block {
            if is_contents_heading(&inline_text(inlines)) {
                in_contents = true;
                continue;
            }
            in_contents = false;
        }
        if let Some(kind) = emphasised_label(&sourced.block)
            .and_then(|label| kinds.canonical(&label).map(str::to_string))
        {
            publication.kind = Some(kind);
            continue;
        }
        if in_contents && !matches!(sourced.block, Block::Heading { .. }) {
            for (line, text) in contents_lines(body, &starts, &sourced.range) {
                publication
                    .contents
                    .push(contents_line(&text, line + body_line));
            }
            continue;
        }
        publication.summary.push(sourced.block.clone());
    }
    collection.publications.extend(current);
    if collection.title.is_empty() {
        collection.title = collection
            .publications
            .first()
            .map(|p| p.title.clone())
            .unwrap_or(stem);
    }
    Ok((collection, findings))
}
