//! Markdown sources with a YAML front-matter block, parsed by pulldown-cmark.
//! Each top-level heading starts a publication; a file without one is one
//! publication. A "Table of Contents" heading's lines become contents
//! entries; a paragraph that is only a kind label (`*Paper*`) sets the kind.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use anyhow::{anyhow, bail, Result};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::model::{
    heading_slug, inline_text, Alignment, Block, Collection, Definition, Inline, Publication,
    SourceSpan,
};
use crate::read::{contents_line, html, is_contents_heading, Finding, KindLabels};

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

/// The front-matter keys `FrontMatter` reads; any other is a finding, so a
/// typo such as `autor:` is not lost without a word.
const FRONT_MATTER_KEYS: &[&str] = &[
    "title", "subtitle", "author", "authors", "series", "kind", "date", "language", "url",
];

/// Keys of the front matter imprint does not read, with their lines (the
/// front matter starts on line 2).
fn unknown_front_matter_keys(yaml: &str) -> Vec<(usize, String)> {
    let Ok(serde_norway::Value::Mapping(map)) = serde_norway::from_str(yaml) else {
        return Vec::new();
    };
    map.keys()
        .map(|key| match key.as_str() {
            Some(name) => name.to_string(),
            None => value_text(key.clone()),
        })
        .filter(|name| !FRONT_MATTER_KEYS.contains(&name.as_str()))
        .map(|name| {
            let line = yaml
                .lines()
                .position(|l| {
                    l.trim_start()
                        .trim_start_matches(['"', '\''])
                        .starts_with(name.as_str())
                })
                .map_or(1, |index| index + 2);
            (line, name)
        })
        .collect()
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
        tasks: Vec<Option<bool>>,
    },
    Item {
        blocks: Vec<Block>,
        task: Option<bool>,
    },
    Table {
        alignments: Vec<Alignment>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        line: usize,
    },
    /// A footnote's definition: its label and blocks.
    Footnote(String, Vec<Block>),
    DefinitionList(Vec<Definition>),
    /// One definition of the last term.
    Definition(Vec<Block>),
}

/// Builds blocks from pulldown-cmark events, keeping inline structure.
struct Builder {
    top: Vec<Sourced>,
    containers: Vec<Container>,
    /// Inline groups being filled: (what closes them, their inlines).
    inlines: Vec<(InlineOpen, Vec<Inline>)>,
    heading: Option<(u8, String)>,
    skipped_depth: usize,
    /// Emphasis, strong and links opened past `MAX_NESTING` inline groups:
    /// their text joins the enclosing group, without the markup.
    skipped_inlines: usize,
    /// A code block being read: its language, text and first line.
    code: Option<(String, String, usize)>,
    /// The row of table cells being read.
    row: Vec<Vec<Inline>>,
    /// Footnote definitions by label (the first of a label wins).
    footnotes: HashMap<String, Vec<Block>>,
    /// Heading ids given so far, so made ones are unique (`usage`, `usage-1`).
    ids: HashMap<String, usize>,
    /// Images open inside one another, and those closed inside another.
    open_images: usize,
    nested_images: Vec<Inline>,
    /// Raw HTML removed: per tag (or `comment`), its first line and count.
    removed_html: BTreeMap<String, (usize, usize)>,
    /// The text being read is a raw HTML block's: its paragraphs are kept
    /// as written.
    from_html: bool,
    start: usize,
}

#[derive(PartialEq)]
enum InlineOpen {
    Block,
    Emphasis,
    Strong,
    Strikeout,
    Link(String),
    Image(String, usize),
    /// Opened by an allow-listed HTML tag.
    Html(html::Mapped, String),
}

impl Builder {
    fn push_block(&mut self, block: Block, range: &Range<usize>) {
        match self.containers.last_mut() {
            Some(
                Container::Quote(blocks)
                | Container::Item { blocks, .. }
                | Container::Footnote(_, blocks)
                | Container::Definition(blocks),
            ) => blocks.push(block),
            Some(Container::List { items, tasks, .. }) => {
                items.push(vec![block]);
                tasks.push(None);
            }
            // Tables and definition lists hold no loose blocks; none reach here.
            Some(Container::Table { .. } | Container::DefinitionList(_)) => {}
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
        let group = &mut self.inlines.last_mut().expect("an inline group is open").1;
        // The parser hands over one text in pieces (at `~`, `[`, `*` that
        // open nothing, and at soft line breaks): one text, so that the
        // repairs see its words whole.
        if let (Some(Inline::Text { text: last }), Inline::Text { text }) =
            (group.last_mut(), &inline)
        {
            last.push_str(text);
            return;
        }
        group.push(inline);
    }

    /// The inlines of the block being read, every open group closed.
    fn take_inlines(&mut self) -> Option<Vec<Inline>> {
        while self.inlines.len() > 1 {
            self.close_inline_group();
        }
        self.inlines.pop().map(|(_, inlines)| inlines)
    }

    fn close_inlines(&mut self, range: &Range<usize>, line: usize) {
        let Some(inlines) = self.take_inlines() else {
            self.heading = None;
            return;
        };
        let block = match self.heading.take() {
            Some((level, id)) => Block::Heading {
                level,
                id: self.heading_id(id, &inlines),
                inlines,
            },
            None => match lone_image(&inlines) {
                Some(image) => image,
                None => Block::Paragraph {
                    inlines,
                    line,
                    from_html: self.from_html,
                },
            },
        };
        let empty = matches!(&block, Block::Paragraph { inlines, .. } if is_blank(inlines));
        if !empty {
            self.push_block(block, range);
        }
    }

    /// The id written (`{#id}`), or one made from the text, unique in the file.
    fn heading_id(&mut self, given: String, inlines: &[Inline]) -> String {
        if !given.is_empty() {
            self.ids.entry(given.clone()).or_insert(0);
            return given;
        }
        let slug = heading_slug(&inline_text(inlines));
        let mut id = slug.clone();
        while self.ids.contains_key(&id) {
            let n = self.ids.get_mut(&slug).map_or(1, |n| {
                *n += 1;
                *n
            });
            id = format!("{slug}-{n}");
        }
        self.ids.insert(id.clone(), 0);
        id
    }

    fn close_inline_group(&mut self) {
        let Some((open, inlines)) = self.inlines.pop() else {
            return;
        };
        let inline = match open {
            InlineOpen::Emphasis | InlineOpen::Html(html::Mapped::Emphasis, _) => {
                Inline::Emphasis { inlines }
            }
            InlineOpen::Strong | InlineOpen::Html(html::Mapped::Strong, _) => {
                Inline::Strong { inlines }
            }
            InlineOpen::Strikeout | InlineOpen::Html(html::Mapped::Strikeout, _) => {
                Inline::Strikeout { inlines }
            }
            InlineOpen::Html(html::Mapped::Superscript, _) => Inline::Superscript { inlines },
            InlineOpen::Html(html::Mapped::Subscript, _) => Inline::Subscript { inlines },
            InlineOpen::Html(html::Mapped::Code, _) => Inline::Code {
                text: inline_text(&inlines),
            },
            InlineOpen::Link(url) | InlineOpen::Html(_, url) => Inline::Link { url, inlines },
            InlineOpen::Image(src, line) => {
                let image = Inline::Image {
                    src,
                    alt: inline_text(&inlines),
                    line,
                };
                self.open_images -= 1;
                // An image in an image's description is kept, after it.
                if self.open_images > 0 {
                    self.nested_images.push(image);
                } else {
                    self.push_inline(image);
                    for nested in std::mem::take(&mut self.nested_images).into_iter().rev() {
                        self.push_inline(nested);
                    }
                }
                return;
            }
            InlineOpen::Block => {
                self.inlines.push((InlineOpen::Block, inlines));
                return;
            }
        };
        self.push_inline(inline);
    }

    /// Closes the innermost group opened by Markdown, and any HTML groups
    /// left open inside it (`*a <sup>b*`).
    fn close_markdown_group(&mut self) {
        while matches!(self.inlines.last(), Some((InlineOpen::Html(..), _))) {
            self.close_inline_group();
        }
        self.close_inline_group();
    }

    fn removed(&mut self, what: &str, line: usize) {
        let entry = self
            .removed_html
            .entry(what.to_string())
            .or_insert((line, 0));
        entry.1 += 1;
    }

    /// Raw HTML, inline or a block's line: allow-listed tags become the
    /// model's inlines, comments and other tags are removed, text stays.
    fn html(&mut self, raw: &str, in_block: bool, range: &Range<usize>, line: usize) {
        for piece in html::pieces(raw) {
            match piece {
                html::Piece::Text(text) => {
                    let text = html::decode(text);
                    match self.code.as_mut() {
                        Some((_, code, _)) => code.push_str(&text),
                        None if in_block => {
                            // Line breaks and indentation in HTML are spaces.
                            let mut spaced = String::with_capacity(text.len());
                            for c in text.chars() {
                                if !c.is_whitespace() {
                                    spaced.push(c);
                                } else if !spaced.ends_with(' ') {
                                    spaced.push(' ');
                                }
                            }
                            let started = self.inlines.iter().any(|(_, i)| !i.is_empty());
                            let spaced = if started {
                                &spaced
                            } else {
                                spaced.trim_start()
                            };
                            if !spaced.is_empty() {
                                self.push_inline(Inline::text(spaced.to_string()));
                            }
                        }
                        None => self.push_inline(Inline::text(text)),
                    }
                }
                html::Piece::Comment => self.removed("comment", line),
                html::Piece::Tag(tag) => self.html_tag(tag, in_block, range, line),
            }
        }
    }

    fn html_tag(&mut self, tag: html::Tag, in_block: bool, range: &Range<usize>, line: usize) {
        if in_block && tag.name == "pre" {
            if tag.closing {
                if let Some((language, text, first)) = self.code.take() {
                    self.push_code(language, text, first, range);
                }
            } else {
                self.close_inlines(range, line);
                self.code = Some((String::new(), String::new(), line));
            }
            return;
        }
        if self.code.is_some() {
            if !tag.closing {
                self.removed(&tag.name, line);
            }
            return;
        }
        // `<img>`: a picture like Markdown's, alone in its paragraph or not.
        // One at a site's root (`/logo.svg`) is a web page's, not the
        // folder's: it is removed like other tags, not an error.
        if let Some(src) = tag
            .src
            .as_ref()
            .filter(|src| crate::model::is_remote_image(src) || crate::images::stays_inside(src))
        {
            self.push_inline(Inline::Image {
                src: src.clone(),
                alt: tag.alt.unwrap_or_default(),
                line,
            });
            return;
        }
        match tag.mapped() {
            Some(html::Mapped::LineBreak) => self.push_inline(Inline::LineBreak),
            Some(mapped) if !tag.closing => {
                if self.inlines.len() >= MAX_NESTING {
                    return;
                }
                if self.inlines.is_empty() {
                    self.inlines.push((InlineOpen::Block, Vec::new()));
                }
                let url = tag.href.unwrap_or_default();
                self.inlines
                    .push((InlineOpen::Html(mapped, url), Vec::new()));
            }
            Some(mapped) => {
                // A closing tag closes its group, and groups opened inside it.
                let open = self
                    .inlines
                    .iter()
                    .rposition(|(open, _)| matches!(open, InlineOpen::Html(m, _) if *m == mapped))
                    .filter(|&at| {
                        self.inlines[at..]
                            .iter()
                            .all(|(open, _)| matches!(open, InlineOpen::Html(..)))
                    });
                match open {
                    Some(at) => {
                        while self.inlines.len() > at {
                            self.close_inline_group();
                        }
                    }
                    // A closing tag nothing opened: nothing to keep.
                    None => {}
                }
            }
            None => {
                if in_block && tag.breaks_paragraph() {
                    self.close_inlines(range, line);
                }
                if !tag.closing {
                    self.removed(&tag.name, line);
                }
            }
        }
    }

    fn push_code(&mut self, language: String, text: String, line: usize, range: &Range<usize>) {
        let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
        if text.trim().is_empty() && language.is_empty() {
            return;
        }
        self.push_block(
            Block::CodeBlock {
                language,
                text,
                line,
            },
            range,
        );
    }

    fn cell(&mut self) {
        let inlines = self.take_inlines().unwrap_or_default();
        self.row.push(inlines);
    }
}

/// Whether inlines hold nothing to show.
fn is_blank(inlines: &[Inline]) -> bool {
    inlines.iter().all(|inline| match inline {
        Inline::Text { text } => text.trim().is_empty(),
        Inline::Emphasis { inlines } | Inline::Strong { inlines } => is_blank(inlines),
        _ => false,
    })
}

/// An image alone in its paragraph is a block of its own.
fn lone_image(inlines: &[Inline]) -> Option<Block> {
    let mut shown = inlines
        .iter()
        .filter(|i| !matches!(i, Inline::Text { text } if text.trim().is_empty()));
    match (shown.next(), shown.next()) {
        (Some(Inline::Image { src, alt, line }), None) => Some(Block::Image {
            src: src.clone(),
            alt: alt.clone(),
            line: *line,
        }),
        _ => None,
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

/// The Markdown people write: CommonMark with GitHub's tables, footnotes,
/// strikethrough and task lists, heading ids, definition lists and math.
/// Smart punctuation stays off: the text is kept as typed.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH
}

/// Where a footnote's definition is still to be filled in: the reference
/// may come before the definition. (A NUL cannot come from the parser,
/// which turns it into U+FFFD, so no source can forge this.)
const FOOTNOTE_PLACEHOLDER: &str = "\0footnote";

fn footnote_placeholder(label: &str) -> Inline {
    Inline::Footnote {
        blocks: vec![Block::CodeBlock {
            language: FOOTNOTE_PLACEHOLDER.to_string(),
            text: label.to_string(),
            line: 0,
        }],
    }
}

fn parse_blocks(body: &str, first_line: usize) -> (Vec<Sourced>, Vec<(usize, String)>) {
    let line_starts = line_starts(body);
    let mut b = Builder {
        top: Vec::new(),
        containers: Vec::new(),
        inlines: Vec::new(),
        heading: None,
        skipped_depth: 0,
        skipped_inlines: 0,
        code: None,
        row: Vec::new(),
        footnotes: HashMap::new(),
        ids: HashMap::new(),
        removed_html: BTreeMap::new(),
        from_html: false,
        open_images: 0,
        nested_images: Vec::new(),
        start: usize::MAX,
    };
    let mut in_html_block = false;
    // The raw text of the HTML block being read, and its first line.
    let mut html_block = (String::new(), 0);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let line = line_of(&line_starts, range.start, first_line);
        if b.containers.is_empty() && b.inlines.is_empty() && b.start == usize::MAX {
            b.start = range.start;
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                b.close_inlines(&range, line);
                b.inlines.push((InlineOpen::Block, Vec::new()));
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                b.close_inlines(&range, line);
                let id = id.map(|id| id.to_string()).unwrap_or_default();
                b.heading = Some((heading_number(level), id));
                b.inlines.push((InlineOpen::Block, Vec::new()));
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Heading(_)) => {
                b.close_inlines(&range, line)
            }
            Event::Start(
                Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::DefinitionListDefinition,
            ) if b.containers.len() >= MAX_NESTING => {
                // Each flattened item or quote is still a paragraph of its
                // own, so its words are not glued to the previous one's.
                b.close_inlines(&range, line);
                b.skipped_depth += 1;
            }
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListDefinition,
            ) if b.skipped_depth > 0 => {
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
                    tasks: Vec::new(),
                });
            }
            Event::Start(Tag::Item) => {
                b.close_inlines(&range, line);
                b.containers.push(Container::Item {
                    blocks: Vec::new(),
                    task: None,
                });
            }
            Event::TaskListMarker(done) => {
                if let Some(Container::Item { task, .. }) = b.containers.last_mut() {
                    *task = Some(done);
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                b.close_inlines(&range, line);
                b.containers
                    .push(Container::Footnote(label.to_string(), Vec::new()));
            }
            Event::Start(Tag::DefinitionList) => {
                b.close_inlines(&range, line);
                b.containers.push(Container::DefinitionList(Vec::new()));
            }
            Event::Start(Tag::DefinitionListTitle) => {
                b.close_inlines(&range, line);
                b.inlines.push((InlineOpen::Block, Vec::new()));
            }
            Event::End(TagEnd::DefinitionListTitle) => {
                let term = b.take_inlines().unwrap_or_default();
                if let Some(Container::DefinitionList(items)) = b.containers.last_mut() {
                    items.push(Definition {
                        term,
                        definitions: Vec::new(),
                    });
                }
            }
            Event::Start(Tag::DefinitionListDefinition) => {
                b.close_inlines(&range, line);
                b.containers.push(Container::Definition(Vec::new()));
            }
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListDefinition,
            ) => {
                b.close_inlines(&range, line);
                let block = match b.containers.pop() {
                    Some(Container::Quote(blocks)) => Some(Block::Quote { blocks }),
                    Some(Container::List {
                        ordered,
                        items,
                        mut tasks,
                    }) => {
                        if tasks.iter().all(Option::is_none) {
                            tasks.clear();
                        }
                        Some(Block::List {
                            ordered,
                            items,
                            tasks,
                        })
                    }
                    Some(Container::Item { blocks, task }) => {
                        if let Some(Container::List { items, tasks, .. }) = b.containers.last_mut()
                        {
                            items.push(blocks);
                            tasks.push(task);
                        }
                        None
                    }
                    Some(Container::Footnote(label, blocks)) => {
                        b.footnotes.entry(label).or_insert(blocks);
                        None
                    }
                    Some(Container::DefinitionList(items)) => Some(Block::DefinitionList { items }),
                    Some(Container::Definition(blocks)) => {
                        match b.containers.last_mut() {
                            Some(Container::DefinitionList(items)) => match items.last_mut() {
                                Some(item) => item.definitions.push(blocks),
                                None => items.push(Definition {
                                    term: Vec::new(),
                                    definitions: vec![blocks],
                                }),
                            },
                            _ => {
                                for block in blocks {
                                    b.push_block(block, &range);
                                }
                            }
                        }
                        None
                    }
                    Some(Container::Table { .. }) | None => None,
                };
                if let Some(block) = block {
                    b.push_block(block, &range);
                }
            }
            Event::Start(Tag::Table(alignments)) => {
                b.close_inlines(&range, line);
                b.containers.push(Container::Table {
                    alignments: alignments.iter().map(alignment).collect(),
                    head: Vec::new(),
                    rows: Vec::new(),
                    line,
                });
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => b.row.clear(),
            Event::Start(Tag::TableCell) => b.inlines.push((InlineOpen::Block, Vec::new())),
            Event::End(TagEnd::TableCell) => b.cell(),
            Event::End(TagEnd::TableHead) => {
                let row = std::mem::take(&mut b.row);
                if let Some(Container::Table { head, .. }) = b.containers.last_mut() {
                    *head = row;
                }
            }
            Event::End(TagEnd::TableRow) => {
                let mut row = std::mem::take(&mut b.row);
                // GFM ignores cells beyond the header's count; their text is kept.
                let source = body.get(range.clone()).unwrap_or("");
                let cells = raw_cells(source);
                if cells.len() > row.len() {
                    for cell in &cells[row.len()..] {
                        row.push(vec![Inline::text(cell.replace("\\|", "|"))]);
                    }
                }
                if let Some(Container::Table { rows, .. }) = b.containers.last_mut() {
                    rows.push(row);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(Container::Table {
                    alignments,
                    head,
                    rows,
                    line,
                }) = b.containers.pop()
                {
                    b.push_block(
                        Block::Table {
                            alignments,
                            head,
                            rows,
                            line,
                        },
                        &range,
                    );
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                b.close_inlines(&range, line);
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                b.code = Some((language, String::new(), line));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, text, first)) = b.code.take() {
                    b.push_code(language, text, first, &range);
                }
            }
            Event::Rule => {
                b.close_inlines(&range, line);
                b.push_block(Block::Rule, &range);
            }
            // `**` nested thousands deep would make an inline tree that
            // overflows the stack of whatever walks it.
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
                if b.inlines.len() >= MAX_NESTING =>
            {
                b.skipped_inlines += 1;
            }
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) if b.skipped_inlines > 0 => {
                b.skipped_inlines -= 1;
            }
            Event::Start(Tag::Emphasis) => b.inlines.push((InlineOpen::Emphasis, Vec::new())),
            Event::Start(Tag::Strong) => b.inlines.push((InlineOpen::Strong, Vec::new())),
            Event::Start(Tag::Strikethrough) => b.inlines.push((InlineOpen::Strikeout, Vec::new())),
            Event::Start(Tag::Link { dest_url, .. }) => b
                .inlines
                .push((InlineOpen::Link(dest_url.to_string()), Vec::new())),
            Event::Start(Tag::Image { dest_url, .. }) => {
                if b.inlines.is_empty() {
                    b.inlines.push((InlineOpen::Block, Vec::new()));
                }
                b.open_images += 1;
                b.inlines
                    .push((InlineOpen::Image(dest_url.to_string(), line), Vec::new()))
            }
            Event::End(TagEnd::Emphasis)
            | Event::End(TagEnd::Strong)
            | Event::End(TagEnd::Strikethrough)
            | Event::End(TagEnd::Link)
            | Event::End(TagEnd::Image) => b.close_markdown_group(),
            Event::Text(text) => match b.code.as_mut() {
                Some((_, code, _)) => code.push_str(&text),
                None => b.push_inline(Inline::text(text.to_string())),
            },
            Event::Code(text) => b.push_inline(Inline::Code {
                text: text.to_string(),
            }),
            Event::InlineMath(tex) => b.push_inline(Inline::Math {
                display: false,
                tex: tex.to_string(),
            }),
            Event::DisplayMath(tex) => b.push_inline(Inline::Math {
                display: true,
                tex: tex.to_string(),
            }),
            Event::FootnoteReference(label) => {
                // Inside a footnote, or an image's description, a mark
                // stays the text it was.
                let nested = b.open_images > 0
                    || b.containers
                        .iter()
                        .any(|c| matches!(c, Container::Footnote(..)));
                if nested {
                    b.push_inline(Inline::text(format!("[^{label}]")));
                } else {
                    b.push_inline(footnote_placeholder(&label));
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                b.close_inlines(&range, line);
                in_html_block = true;
                html_block = (String::new(), line);
            }
            Event::End(TagEnd::HtmlBlock) => {
                // A block's lines are read together: a comment or tag may span them.
                let (raw, first) = std::mem::take(&mut html_block);
                b.from_html = true;
                b.html(&raw, true, &range, first);
                if let Some((language, text, first)) = b.code.take() {
                    b.push_code(language, text, first, &range);
                }
                b.close_inlines(&range, line);
                b.from_html = false;
                in_html_block = false;
            }
            Event::Html(text) if in_html_block => html_block.0.push_str(&text),
            Event::Html(text) | Event::InlineHtml(text) => b.html(&text, false, &range, line),
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
    let footnotes = std::mem::take(&mut b.footnotes);
    for sourced in &mut b.top {
        fill_footnotes(std::slice::from_mut(&mut sourced.block), &footnotes);
    }
    let removed = b
        .removed_html
        .iter()
        .map(|(what, &(line, count))| {
            let what = match what.as_str() {
                "comment" => "HTML comment dropped".to_string(),
                tag => format!("HTML tag <{tag}> removed, its text kept"),
            };
            let more = if count > 1 {
                format!(" ({count} times in the file)")
            } else {
                String::new()
            };
            (line, format!("{what}{more}"))
        })
        .collect();
    (b.top, removed)
}

/// The cells of a table row's source line: split at `|` (not `\|`),
/// the outer pipes dropped.
fn raw_cells(line: &str) -> Vec<&str> {
    let line = line.trim();
    let mut cells = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        match c {
            '\\' => escaped = !escaped,
            '|' if !escaped => {
                cells.push(line[start..at].trim());
                start = at + 1;
            }
            _ => escaped = false,
        }
    }
    cells.push(line[start..].trim());
    if line.starts_with('|') {
        cells.remove(0);
    }
    if line.ends_with('|') && line.len() > 1 && !line.ends_with("\\|") {
        cells.pop();
    }
    cells
}

fn alignment(a: &pulldown_cmark::Alignment) -> Alignment {
    match a {
        pulldown_cmark::Alignment::None => Alignment::Default,
        pulldown_cmark::Alignment::Left => Alignment::Left,
        pulldown_cmark::Alignment::Center => Alignment::Center,
        pulldown_cmark::Alignment::Right => Alignment::Right,
    }
}

/// Puts each footnote's definition where it is referenced.
fn fill_footnotes(blocks: &mut [Block], footnotes: &HashMap<String, Vec<Block>>) {
    for block in blocks {
        match block {
            Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
                fill_inline_footnotes(inlines, footnotes)
            }
            Block::List { items, .. } => {
                for item in items {
                    fill_footnotes(item, footnotes);
                }
            }
            Block::Quote { blocks } => fill_footnotes(blocks, footnotes),
            Block::Table { head, rows, .. } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    fill_inline_footnotes(cell, footnotes);
                }
            }
            Block::DefinitionList { items } => {
                for item in items {
                    fill_inline_footnotes(&mut item.term, footnotes);
                    for definition in &mut item.definitions {
                        fill_footnotes(definition, footnotes);
                    }
                }
            }
            Block::Image { .. } | Block::CodeBlock { .. } | Block::Rule => {}
        }
    }
}

fn fill_inline_footnotes(inlines: &mut [Inline], footnotes: &HashMap<String, Vec<Block>>) {
    for inline in inlines {
        match inline {
            Inline::Footnote { blocks } => {
                if let [Block::CodeBlock { language, text, .. }] = blocks.as_slice() {
                    if language == FOOTNOTE_PLACEHOLDER {
                        *inline = match footnotes.get(text) {
                            Some(note) => Inline::Footnote {
                                blocks: note.clone(),
                            },
                            None => Inline::text(format!("[^{text}]")),
                        };
                    }
                }
            }
            Inline::Emphasis { inlines }
            | Inline::Strong { inlines }
            | Inline::Strikeout { inlines }
            | Inline::Superscript { inlines }
            | Inline::Subscript { inlines }
            | Inline::Link { inlines, .. } => fill_inline_footnotes(inlines, footnotes),
            _ => {}
        }
    }
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
    let (blocks, removed_html) = parse_blocks(body, body_line);
    let mut findings: Vec<Finding> = removed_html
        .into_iter()
        .map(|(line, message)| Finding {
            file: file.to_string(),
            line,
            message,
        })
        .collect();
    for (line, key) in unknown_front_matter_keys(yaml) {
        findings.push(Finding {
            file: file.to_string(),
            line,
            message: format!(
                "front matter key `{key}` is not read (known: {})",
                FRONT_MATTER_KEYS.join(", ")
            ),
        });
    }
    let remote: Vec<(&str, usize)> = blocks
        .iter()
        .flat_map(|s| crate::model::images(std::slice::from_ref(&s.block)))
        .filter(|(src, _)| crate::model::is_remote_image(src))
        .collect();
    if let Some(&(src, line)) = remote.first() {
        let more = match remote.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        findings.push(Finding {
            file: file.to_string(),
            line,
            message: format!(
                "image `{src}` is on the web and is not fetched; its description is shown{more}"
            ),
        });
    }

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
        url: if has_sections {
            None
        } else {
            front.url.clone()
        },
        source: SourceSpan {
            file: file.to_string(),
            first_line: line,
            last_line: line,
        },
        ..Publication::default()
    };

    let first_heading = blocks.iter().find_map(|s| match &s.block {
        Block::Heading { inlines, .. } => Some(inline_text(inlines)),
        _ => None,
    });
    let mut current: Option<Publication> = None;
    let mut in_contents = false;
    for sourced in &blocks {
        let last_line = line_of(sourced.range.end.saturating_sub(1).max(sourced.range.start));
        if let Block::Heading {
            level: 1, inlines, ..
        } = &sourced.block
        {
            collection.publications.extend(current.take());
            let mut publication =
                new_publication(inline_text(inlines), line_of(sourced.range.start));
            // `# [Title](https://…)`: the heading links to the full text.
            if let [Inline::Link { url, .. }] = inlines.as_slice() {
                publication.url = Some(url.clone());
            }
            current = Some(publication);
            in_contents = false;
            continue;
        }
        // Text before the first heading (or a file without top-level
        // headings) is a publication of its own, titled from the front
        // matter, else its first heading of any level, else the file name.
        if current.is_none() && front.title.is_none() && !has_sections {
            if let Block::Heading { inlines, .. } = &sourced.block {
                let title = inline_text(inlines);
                if !is_contents_heading(&title) {
                    current = Some(new_publication(title, line_of(sourced.range.start)));
                    continue;
                }
            }
        }
        let publication = current.get_or_insert_with(|| {
            let title = front
                .title
                .clone()
                .or_else(|| (!has_sections).then(|| first_heading.clone()).flatten())
                .unwrap_or_else(|| stem.clone());
            new_publication(title, line_of(sourced.range.start))
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
