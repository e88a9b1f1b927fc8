//! The plain-text digest: a handlebars template (`layouts/digest.txt.hbs`)
//! fills in logical lines, then every line is wrapped to the width in
//! terminal columns, so no template edit can make a line too long.

use std::borrow::Cow;
use std::io::Write as _;

use anyhow::{Context as _, Result};
use handlebars::template::TemplateElement;
use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson, Template,
};
use rayon::prelude::*;
use serde_json::Value;
use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};
use unicode_width::UnicodeWidthStr;

use crate::model::{Alignment, Block, Collection, Inline, Publication};
use crate::render::{Backend, Document, Format, RenderOptions, Rendered, CODE_BREAKS};

const TEMPLATE: &str = "digest.txt.hbs";

pub struct Digest {
    templates: Handlebars<'static>,
    width: usize,
    /// Whether the template is rendered in parts (see `register_parts`).
    in_parts: bool,
}

/// `{{underline text "="}}`: a rule as wide as the text, at most the line width.
struct Underline {
    width: usize,
}

impl HelperDef for Underline {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
        let mark = h.param(1).and_then(|p| p.value().as_str()).unwrap_or("-");
        Ok(ScopedJson::Derived(Value::String(
            mark.repeat(text.width().min(self.width)),
        )))
    }
}

impl Digest {
    pub fn new(options: &RenderOptions) -> Result<Digest> {
        let file = crate::layouts::read(&options.layouts, TEMPLATE)?;
        Digest::with_template(file.text()?, options.width)
            .with_context(|| format!("{}: cannot load the digest template", file.path.display()))
    }

    fn with_template(source: &str, width: usize) -> Result<Digest> {
        let mut templates = Handlebars::new();
        templates.set_strict_mode(false);
        // Plain text: nothing to escape.
        templates.register_escape_fn(handlebars::no_escape);
        let width = width.max(20);
        templates.register_helper("underline", Box::new(Underline { width }));
        templates.register_template_string(TEMPLATE, source)?;
        let in_parts = register_parts(&mut templates, source);
        Ok(Digest {
            templates,
            width,
            in_parts,
        })
    }

    /// The digest's text, from the template whole or in its parts.
    fn text(&self, collection: &Collection, in_parts: bool) -> Result<Vec<u8>> {
        // The template's output is wrapped line by line as it is written:
        // for a long listing the unwrapped text is never held.
        let mut lines = LineWrapper {
            pending: Vec::new(),
            text: String::new(),
            width: self.width,
        };
        match in_parts {
            true => self.render_in_parts(collection, &mut lines)?,
            false => {
                let publications = publication_data(&collection.publications, 0, self.width);
                let head = head_data(collection);
                self.render_template(TEMPLATE, &head, Some(publications), &mut lines)?
            }
        }
        Ok(one_blank_line_at_most(lines.finish()?))
    }

    /// Renders the template `name` onto `out`, seeing `head` and, when
    /// given, `publications`.
    fn render_template(
        &self,
        name: &str,
        head: &serde_json::Map<String, Value>,
        publications: Option<Vec<Value>>,
        out: impl std::io::Write,
    ) -> Result<()> {
        let mut data = head.clone();
        if let Some(publications) = publications {
            data.insert("publications".to_string(), Value::from(publications));
        }
        self.templates
            .render_with_context_to_write(name, &Context::from(Value::Object(data)), out)
            .context("the digest template failed")
    }

    /// The template's output from its parts (see `register_parts`): the
    /// publications a part at a time, on all cores, each part's data made
    /// and dropped there, so a long listing's is never all held.
    fn render_in_parts(&self, collection: &Collection, lines: &mut LineWrapper) -> Result<()> {
        let head = head_data(collection);
        let render = |name: &str, publications: Option<Vec<Value>>| -> Result<Vec<u8>> {
            let mut out = Vec::new();
            self.render_template(name, &head, publications, &mut out)?;
            Ok(out)
        };
        lines.write_all(&render(PART_BEFORE, None)?)?;
        let all = &collection.publications;
        // No publications still renders the loop once, for its `{{else}}`.
        let parts: Vec<(usize, &[Publication])> = match all.is_empty() {
            true => vec![(0, &all[..])],
            false => all
                .chunks(PUBLICATIONS_PER_PART)
                .enumerate()
                .map(|(k, part)| (k * PUBLICATIONS_PER_PART, part))
                .collect(),
        };
        for batch in parts.chunks(PARTS_PER_BATCH) {
            let texts: Vec<Vec<u8>> = batch
                .par_iter()
                .map(|&(first, part)| {
                    render(PART_EACH, Some(publication_data(part, first, self.width)))
                })
                .collect::<Result<_>>()?;
            for text in texts {
                lines.write_all(&text)?;
            }
        }
        lines.write_all(&render(PART_AFTER, None)?)?;
        Ok(())
    }
}

/// Names of the template's parts: what comes before its loop over the
/// publications, the loop, and what comes after.
const PART_BEFORE: &str = "digest.txt.hbs before";
const PART_EACH: &str = "digest.txt.hbs each";
const PART_AFTER: &str = "digest.txt.hbs after";
/// Publications rendered by one call of the loop part, and parts rendered
/// on all cores before their text is wrapped.
const PUBLICATIONS_PER_PART: usize = 64;
const PARTS_PER_BATCH: usize = 16;

/// Registers the template cut in three around its top-level
/// `{{#each publications}}` when the parts, rendered one after another
/// (the loop's a slice of the publications at a time), give the whole
/// template's text: nothing else names the publications, nothing asks for
/// a loop's position or the root (`@index`, `@first`, `@last`, `@key`,
/// `@root`), and there are no partials or decorators, which could be
/// defined in one part and used in another. Returns whether it did; any
/// other template is rendered whole.
fn register_parts(templates: &mut Handlebars, source: &str) -> bool {
    let plain = source.matches("publications").count() == 1
        && !["@index", "@first", "@last", "@key", "@root"]
            .iter()
            .any(|name| source.contains(name));
    let Some(template) = templates.get_template(TEMPLATE).filter(|_| plain) else {
        return false;
    };
    if !template.elements.iter().all(no_partials) {
        return false;
    }
    let is_loop = |element: &TemplateElement| {
        matches!(element, TemplateElement::HelperBlock(block)
            if block.name.as_name() == Some("each")
                && block.params.len() == 1
                && block.params[0].as_name() == Some("publications"))
    };
    let Some(at) = template.elements.iter().position(is_loop) else {
        return false;
    };
    let part = |range: std::ops::Range<usize>| {
        let mut part = Template::new();
        part.elements = template.elements[range.clone()].to_vec();
        // Line numbers for error messages, when there is one per element.
        if template.mapping.len() == template.elements.len() {
            part.mapping = template.mapping[range].to_vec();
        }
        part
    };
    let parts = [
        (PART_BEFORE, part(0..at)),
        (PART_EACH, part(at..at + 1)),
        (PART_AFTER, part(at + 1..template.elements.len())),
    ];
    for (name, part) in parts {
        templates.register_template(name, part);
    }
    true
}

/// Whether `element` and everything inside it is free of partials and
/// decorators.
fn no_partials(element: &TemplateElement) -> bool {
    match element {
        TemplateElement::HelperBlock(block)
        | TemplateElement::Expression(block)
        | TemplateElement::HtmlExpression(block) => [&block.template, &block.inverse]
            .into_iter()
            .flatten()
            .all(|inner| inner.elements.iter().all(no_partials)),
        TemplateElement::RawString(_) | TemplateElement::Comment(_) => true,
        // Partials, decorators, and kinds a later handlebars may add.
        _ => false,
    }
}

impl Backend for Digest {
    fn format(&self) -> Format {
        Format::Txt
    }

    fn render(&self, doc: &Document) -> Result<Rendered> {
        Ok(Rendered {
            bytes: self.text(doc.collection, self.in_parts)?,
            ..Rendered::default()
        })
    }
}

/// Takes the template's output and wraps its lines a batch at a time, on
/// all cores: the output of a long listing is never held unwrapped.
struct LineWrapper {
    /// Output not wrapped yet; its last line may not be ended.
    pending: Vec<u8>,
    text: String,
    width: usize,
}

/// Output wrapped once this much of it waits, in pieces of about
/// `WRAP_PIECE` bytes.
const WRAP_BATCH: usize = 1 << 20;
const WRAP_PIECE: usize = 64 << 10;

impl LineWrapper {
    fn finish(mut self) -> Result<String> {
        self.wrap_pending(true)?;
        Ok(self.text)
    }

    /// Wraps the lines pending that are ended (all of them when `all`).
    fn wrap_pending(&mut self, all: bool) -> std::io::Result<()> {
        let ended = match all {
            true => self.pending.len(),
            false => self
                .pending
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |k| k + 1),
        };
        // Pieces of whole lines, wrapped apart and joined in order.
        let mut pieces = Vec::new();
        let mut rest = &self.pending[..ended];
        while !rest.is_empty() {
            let end = match rest.len() <= WRAP_PIECE {
                true => rest.len(),
                false => rest[WRAP_PIECE..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(rest.len(), |k| WRAP_PIECE + k + 1),
            };
            pieces.push(&rest[..end]);
            rest = &rest[end..];
        }
        let width = self.width;
        let wrapped: Vec<String> = pieces
            .into_par_iter()
            .map(|piece| {
                let mut out = String::with_capacity(piece.len() + piece.len() / 8);
                // A piece ends with a newline, except the output's last line.
                let piece = piece.strip_suffix(b"\n").unwrap_or(piece);
                for line in piece.split(|&b| b == b'\n') {
                    wrap_bytes(line, width, &mut out)?;
                }
                Ok(out)
            })
            .collect::<std::io::Result<_>>()?;
        for piece in wrapped {
            self.text.push_str(&piece);
        }
        self.pending.drain(..ended);
        Ok(())
    }
}

impl std::io::Write for LineWrapper {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= WRAP_BATCH {
            self.wrap_pending(false)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One line of the template's output, wrapped onto `out`. A line ends at a
/// newline byte, never inside a UTF-8 sequence, so it is whole text.
fn wrap_bytes(line: &[u8], width: usize, out: &mut String) -> std::io::Result<()> {
    let line = std::str::from_utf8(line)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    wrap_line(&visible(line), width, out);
    Ok(())
}

/// One blank line at most between paragraphs, one newline at the end: in
/// one pass over the bytes (replacing until no run of three newlines was
/// left copied the whole digest each round; a newline is one byte, never
/// part of another character).
fn one_blank_line_at_most(text: String) -> Vec<u8> {
    let end = text.trim_end().len();
    let mut bytes = text.into_bytes();
    bytes.truncate(end);
    let mut newlines = 0;
    bytes.retain(|&b| {
        if b == b'\n' {
            newlines += 1;
            newlines <= 2
        } else {
            newlines = 0;
            true
        }
    });
    bytes.push(b'\n');
    bytes
}

/// Tabs become spaces and other control characters (NUL, ESC, ...) a
/// visible U+FFFD: a digest is read in terminals, where they would move the
/// cursor or hide text, and they have no width to wrap by. (The repair
/// removes stray ones earlier and logs it; this is for `--no-repair` and
/// model JSON.)
fn visible(text: &str) -> Cow<'_, str> {
    if !text.contains(|c: char| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' => c,
                '\t' => ' ',
                c if c.is_control() => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// What the template sees besides the publications.
fn head_data(collection: &Collection) -> serde_json::Map<String, Value> {
    let count = collection.publications.len();
    fields([
        ("title", Value::from(collection.title.as_str())),
        ("owner", Value::from(collection.owner.as_deref())),
        ("date", Value::from(collection.date.as_deref())),
        ("language", Value::from(collection.language.as_str())),
        ("count", Value::from(count)),
        ("one", Value::from(count == 1)),
    ])
}

/// What the template sees of `publications`, the first of them numbered
/// `first + 1`: the model plus the lines a plain-text reader needs.
fn publication_data(publications: &[Publication], first: usize, width: usize) -> Vec<Value> {
    publications
        .par_iter()
        .enumerate()
        .map(|(index, p)| {
            let meta: Vec<String> = [p.kind.clone(), p.series.clone(), Some(p.authors.join(", "))]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect();
            let (summary, footnotes) = Summary::of(&p.summary, width);
            let contents: Vec<Value> = p
                .contents
                .iter()
                .map(|e| {
                    object([
                        ("indent", Value::from("  ".repeat(e.level.clamp(1, 8)))),
                        ("number", Value::from(e.number.as_str())),
                        ("title", Value::from(e.title.as_str())),
                    ])
                })
                .collect();
            // (Lines made here are moved in: `json!` would copy them.)
            object([
                ("number", Value::from(first + index + 1)),
                ("title", Value::from(p.title.as_str())),
                ("subtitle", Value::from(p.subtitle.as_deref())),
                ("meta", Value::from(meta.join(" · "))),
                ("kind", Value::from(p.kind.as_deref())),
                ("series", Value::from(p.series.as_deref())),
                ("authors", Value::from(p.authors.as_slice())),
                ("summary", Value::from(summary)),
                ("contents", Value::from(contents)),
                ("notes", Value::from(p.notes.as_slice())),
                ("footnotes", Value::from(footnotes)),
                ("url", Value::from(p.url.as_deref())),
            ])
        })
        .collect()
}

/// A template object of `fields`.
fn object<const N: usize>(named: [(&str, Value); N]) -> Value {
    Value::Object(fields(named))
}

fn fields<const N: usize>(named: [(&str, Value); N]) -> serde_json::Map<String, Value> {
    named.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Marks a line that is laid out already (code, table rows): the wrapper
/// leaves it as it is. A private-use character no source text needs.
const VERBATIM: char = '\u{E000}';

/// Code lines are indented by this much, as Markdown writes them.
const CODE_INDENT: &str = "    ";

/// The summary of one publication as logical lines, and its footnotes,
/// numbered in the order their marks appear.
struct Summary<'m> {
    lines: Vec<String>,
    footnotes: Vec<&'m [Block]>,
}

impl<'m> Summary<'m> {
    /// The publication's summary, then its footnotes as lines `[N] …`.
    fn of(blocks: &'m [Block], width: usize) -> (Vec<String>, Vec<String>) {
        let mut summary = Summary {
            lines: Vec::new(),
            footnotes: Vec::new(),
        };
        let mut lines = Vec::new();
        for block in blocks {
            summary.block(block, "", width, &mut lines);
        }
        summary.lines = lines;
        // Footnotes may hold footnotes (model JSON): each gets the next number.
        let mut notes = Vec::new();
        let mut next = 0;
        while next < summary.footnotes.len() {
            let marker = format!("[{}] ", next + 1);
            let mut note_lines = Vec::new();
            for block in summary.footnotes[next] {
                summary.block(
                    block,
                    "",
                    width.saturating_sub(marker.width()),
                    &mut note_lines,
                );
            }
            notes.push(hang(&marker, &note_lines).join("\n"));
            next += 1;
        }
        (summary.lines, notes)
    }

    /// A block as logical lines of plain text: list items get `- ` or
    /// `N. `, quotes `> `, nested ones more indentation. `room` is the
    /// width left after `prefix`.
    fn block(&mut self, block: &'m Block, prefix: &str, room: usize, out: &mut Vec<String>) {
        match block {
            Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
                out.push(format!("{prefix}{}", self.inline_text(inlines).trim()))
            }
            Block::List {
                ordered,
                items,
                tasks,
            } => {
                for (index, item) in items.iter().enumerate() {
                    let mut marker = if *ordered {
                        format!("{}. ", index + 1)
                    } else {
                        "- ".to_string()
                    };
                    match tasks.get(index).copied().flatten() {
                        Some(true) => marker.push_str("[x] "),
                        Some(false) => marker.push_str("[ ] "),
                        None => {}
                    }
                    let mut item_lines = Vec::new();
                    for block in item {
                        self.block(
                            block,
                            "",
                            room.saturating_sub(marker.width()),
                            &mut item_lines,
                        );
                    }
                    for line in hang(&marker, &item_lines) {
                        out.push(prefix_line(prefix, &line));
                    }
                }
            }
            Block::Quote { blocks } => {
                for block in blocks {
                    self.block(block, &format!("{prefix}> "), room.saturating_sub(2), out);
                }
            }
            Block::Image { src, alt, .. } => out.push(format!(
                "{prefix}[image: {}]",
                if alt.is_empty() { src } else { alt }
            )),
            Block::CodeBlock { text, .. } => {
                let room = room.saturating_sub(CODE_INDENT.len()).max(8);
                let lines: Vec<String> = text
                    .lines()
                    .flat_map(|line| code_line(&line.replace('\t', "    "), room))
                    .map(|line| format!("{VERBATIM}{prefix}{CODE_INDENT}{line}"))
                    .collect();
                out.push(lines.join("\n"));
            }
            Block::Table {
                alignments,
                head,
                rows,
                ..
            } => {
                let mut text = |row: &'m [Vec<Inline>]| -> Vec<String> {
                    row.iter()
                        .map(|cell| self.inline_text(cell).trim().to_string())
                        .collect()
                };
                let head = text(head);
                let rows: Vec<Vec<String>> = rows.iter().map(|row| text(row)).collect();
                match table_lines(alignments, &head, &rows, room) {
                    Some(lines) => {
                        let lines: Vec<String> = lines
                            .into_iter()
                            .map(|line| format!("{VERBATIM}{prefix}{line}"))
                            .collect();
                        out.push(lines.join("\n"));
                    }
                    // Too many columns for any width: a row per paragraph.
                    None => {
                        for row in std::iter::once(&head).chain(&rows) {
                            out.push(format!("{prefix}{}", row.join(" | ")));
                        }
                    }
                }
            }
            Block::DefinitionList { items } => {
                for item in items {
                    out.push(format!("{prefix}{}", self.inline_text(&item.term).trim()));
                    for definition in &item.definitions {
                        let mut lines = Vec::new();
                        for block in definition {
                            self.block(block, "", room.saturating_sub(4), &mut lines);
                        }
                        for line in hang("    ", &lines) {
                            out.push(prefix_line(prefix, &line));
                        }
                    }
                }
            }
            Block::Rule => out.push(format!("{prefix}* * *")),
        }
    }

    /// Inlines as plain text: struck text with combining strokes, footnote
    /// marks as `[N]`, math as its TeX source.
    fn inline_text(&mut self, inlines: &'m [Inline]) -> String {
        let mut out = String::new();
        self.push_inlines(inlines, &mut out);
        out
    }

    fn push_inlines(&mut self, inlines: &'m [Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text { text } | Inline::Code { text } => out.push_str(text),
                Inline::Emphasis { inlines }
                | Inline::Strong { inlines }
                | Inline::Subscript { inlines }
                | Inline::Link { inlines, .. } => self.push_inlines(inlines, out),
                Inline::Superscript { inlines } => {
                    out.push('^');
                    self.push_inlines(inlines, out);
                }
                Inline::Strikeout { inlines } => {
                    let mut struck = String::new();
                    self.push_inlines(inlines, &mut struck);
                    for c in struck.chars() {
                        out.push(c);
                        if !c.is_whitespace() {
                            out.push('\u{336}');
                        }
                    }
                }
                Inline::LineBreak => out.push(' '),
                Inline::Footnote { blocks } => {
                    self.footnotes.push(blocks);
                    out.push_str(&format!("[{}]", self.footnotes.len()));
                }
                Inline::Image { src, alt, .. } => out.push_str(&format!(
                    "[image: {}]",
                    if alt.is_empty() { src } else { alt }
                )),
                Inline::Math { display, tex } => {
                    let fence = if *display { "$$" } else { "$" };
                    out.push_str(&format!("{fence}{tex}{fence}"));
                }
            }
        }
    }
}

/// Lines led by `marker` on the first and as many spaces on the others;
/// a verbatim line keeps its mark in front.
fn hang(marker: &str, lines: &[String]) -> Vec<String> {
    let space = " ".repeat(marker.width());
    lines
        .iter()
        .flat_map(|block| block.split('\n'))
        .enumerate()
        .map(|(n, line)| {
            let lead = if n == 0 { marker } else { &space };
            prefix_line(lead, line)
        })
        .collect()
}

/// `line` with `lead` in front, after the verbatim mark if it has one.
fn prefix_line(lead: &str, line: &str) -> String {
    line.split('\n')
        .map(|line| match line.strip_prefix(VERBATIM) {
            Some(rest) => format!("{VERBATIM}{lead}{rest}"),
            None => format!("{lead}{line}"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A code line cut into pieces of at most `room` columns, each piece after
/// the first led by `↪ ` so a reader sees it continues.
fn code_line(line: &str, room: usize) -> Vec<String> {
    let line = line.trim_end();
    if line.width() <= room {
        return vec![line.to_string()];
    }
    let mut out = Vec::new();
    let mut current = String::new();
    for c in line.chars() {
        let lead = if out.is_empty() { 0 } else { 2 };
        if (current.as_str().width() + c.to_string().width() + lead > room) && !current.is_empty() {
            // Cut after the last space or separator in the second half, so
            // words stay whole; spaces at a cut go on the next piece (a
            // line's end is trimmed).
            let cut = current
                .char_indices()
                .filter(|&(_, c)| c == ' ' || CODE_BREAKS.contains(c))
                .map(|(at, c)| at + c.len_utf8())
                .filter(|&at| current[..at].width() * 2 >= room)
                .last()
                .unwrap_or(current.len());
            let rest = current.split_off(cut);
            let kept = current.trim_end().len();
            let spaces = current.split_off(kept);
            out.push(std::mem::replace(&mut current, spaces + &rest));
        }
        current.push(c);
    }
    out.push(current);
    out.into_iter()
        .enumerate()
        .map(|(n, piece)| {
            if n == 0 {
                piece
            } else {
                format!("↪ {piece}")
            }
        })
        .collect()
}

/// A table as aligned columns that fit `room`: each column gets its
/// widest cell's width when all fit, else at least its longest word and a
/// share of the rest; cells wrap inside their column. A rule of `-` sits
/// under the header.
fn table_lines(
    alignments: &[Alignment],
    head: &[String],
    rows: &[Vec<String>],
    room: usize,
) -> Option<Vec<String>> {
    const GAP: usize = 2;
    let columns = std::iter::once(head.len())
        .chain(rows.iter().map(Vec::len))
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return Some(Vec::new());
    }
    // Narrower than four columns a cell would break every word.
    if columns * 4 + GAP * (columns - 1) > room {
        return None;
    }
    let all = || std::iter::once(head).chain(rows.iter().map(Vec::as_slice));
    let cell = |row: &[String], c: usize| row.get(c).map_or("", String::as_str).to_string();
    let natural: Vec<usize> = (0..columns)
        .map(|c| all().map(|r| cell(r, c).width()).max().unwrap_or(0).max(1))
        .collect();
    let longest_word: Vec<usize> = (0..columns)
        .map(|c| {
            all()
                .flat_map(|r| {
                    cell(r, c)
                        .split_whitespace()
                        .map(UnicodeWidthStr::width)
                        .collect::<Vec<_>>()
                })
                .max()
                .unwrap_or(1)
                .max(1)
        })
        .collect();
    let text_room = room - GAP * (columns - 1);
    let widths = column_widths(&natural, &longest_word, text_room);
    let mut out = Vec::new();
    let push_row = |row: &[String], out: &mut Vec<String>| {
        let wrapped: Vec<Vec<String>> = (0..columns)
            .map(|c| {
                let options = Options::new(widths[c])
                    .break_words(true)
                    .word_separator(WordSeparator::AsciiSpace)
                    .word_splitter(WordSplitter::NoHyphenation);
                textwrap::wrap(&cell(row, c), &options)
                    .into_iter()
                    .map(|l| l.into_owned())
                    .collect()
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for n in 0..height {
            let parts: Vec<String> = (0..columns)
                .map(|c| {
                    let text = wrapped[c].get(n).map_or("", String::as_str);
                    let pad = widths[c].saturating_sub(text.width());
                    match alignments.get(c).copied().unwrap_or_default() {
                        Alignment::Right => format!("{}{text}", " ".repeat(pad)),
                        Alignment::Center => {
                            format!("{}{text}{}", " ".repeat(pad / 2), " ".repeat(pad - pad / 2))
                        }
                        Alignment::Left | Alignment::Default => {
                            format!("{text}{}", " ".repeat(pad))
                        }
                    }
                })
                .collect();
            out.push(parts.join(&" ".repeat(GAP)).trim_end().to_string());
        }
    };
    push_row(head, &mut out);
    out.push(
        widths
            .iter()
            .map(|&w| "-".repeat(w))
            .collect::<Vec<_>>()
            .join(&" ".repeat(GAP)),
    );
    for row in rows {
        push_row(row, &mut out);
    }
    Some(out)
}

/// Column widths within `room`, as browsers choose them: the preferred
/// (natural) widths when they fit; else each column's minimum (longest
/// word) plus a share of what is left in proportion to what it wants more;
/// minimums too wide are scaled down (their words are then broken).
fn column_widths(natural: &[usize], minimum: &[usize], room: usize) -> Vec<usize> {
    let total: usize = natural.iter().sum();
    if total <= room {
        return natural.to_vec();
    }
    let min_total: usize = minimum.iter().sum();
    if min_total >= room {
        return minimum
            .iter()
            .map(|&m| (m * room / min_total.max(1)).max(1))
            .collect();
    }
    let spare = room - min_total;
    let wants: usize = natural.iter().zip(minimum).map(|(n, m)| n - m.min(n)).sum();
    natural
        .iter()
        .zip(minimum)
        .map(|(&n, &m)| m + (n - m.min(n)) * spare / wants.max(1))
        .collect()
}

/// Wraps one logical line; continuation lines hang under the text after
/// the line's indentation and any list marker (`2.1. `, `- `, `> `).
fn wrap_line(line: &str, width: usize, out: &mut String) {
    let line = line.trim_end();
    if let Some(laid_out) = line.strip_prefix(VERBATIM) {
        push_fitted(laid_out, width, out);
        return;
    }
    if line.width() <= width {
        out.push_str(line);
        out.push('\n');
        return;
    }
    let body_start = line.len() - line.trim_start().len();
    let marker_len = list_marker_len(&line[body_start..]);
    let (lead, body) = line.split_at(body_start + marker_len);
    // A lead wider than half the line (deep indentation, a long section
    // number) would leave no room, or overflow as a first-line indent: it
    // is wrapped as text instead.
    let (lead, body) = if lead.width() * 2 <= width {
        (lead, body)
    } else {
        ("", line.trim_start())
    };
    let hang: String = lead
        .chars()
        .map(|c| if c == '>' { '>' } else { ' ' })
        .collect();
    let options = Options::new(width)
        .initial_indent(lead)
        .subsequent_indent(&hang)
        .break_words(true)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
        .wrap_algorithm(WrapAlgorithm::FirstFit);
    for wrapped in textwrap::wrap(body, &options) {
        push_fitted(wrapped.trim_end(), width, out);
    }
}

/// textwrap sums the widths of single characters, but a few sequences are
/// wider as a whole (`❤` with U+FE0F is two columns, not one), so a line it
/// made may still be too wide: such a line is cut at the last character
/// that fits.
fn push_fitted(line: &str, width: usize, out: &mut String) {
    let mut rest = line;
    while rest.width() > width {
        let mut end = 0;
        for (index, c) in rest.char_indices() {
            let next = index + c.len_utf8();
            if rest[..next].width() > width {
                break;
            }
            end = next;
        }
        // A single character is at most two columns; the width is at least 20.
        let end = end.max(rest.chars().next().map_or(0, char::len_utf8));
        out.push_str(&rest[..end]);
        out.push('\n');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.push('\n');
}

/// Byte length of a list marker at the start of `text`, with its space.
fn list_marker_len(text: &str) -> usize {
    let quote = text.len() - text.trim_start_matches("> ").len();
    let rest = &text[quote..];
    if rest.starts_with("- ") || rest.starts_with("* ") {
        return quote + 2;
    }
    let number = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(0);
    if number > 0 && rest[..number].ends_with('.') && rest[number..].starts_with(' ') {
        quote + number + 1
    } else {
        quote
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A collection of `count` publications, some with contents and notes.
    fn collection(count: usize) -> Collection {
        let publications = (0..count)
            .map(|n| Publication {
                title: format!("Paper {n} on the long history of a subject that wraps"),
                authors: vec![format!("Author {n}")],
                contents: (0..n % 3)
                    .map(|k| crate::model::ContentsEntry {
                        level: 1 + k,
                        number: format!("{k}"),
                        title: format!("Part {k}"),
                        line: 0,
                    })
                    .collect(),
                notes: (0..n % 2).map(|_| "A note.".to_string()).collect(),
                ..Default::default()
            })
            .collect();
        Collection {
            title: "A listing".to_string(),
            owner: Some("An owner".to_string()),
            publications,
            ..Default::default()
        }
    }

    #[test]
    fn a_template_rendered_in_parts_gives_the_whole_templates_text() {
        let shipped = include_str!("../../layouts/digest.txt.hbs");
        // Trimmed tags, `else`, the parent's fields and a loop inside the loop.
        let tricky = "{{title}} ({{count}})\n{{~#each publications~}}\n\n{{number}} {{title}} of {{../title}}\
            {{#each contents}} [{{title}}]{{else}} -{{/each}}{{else}}none{{/each}}\n{{owner}}";
        for template in [shipped, tricky] {
            let digest = Digest::with_template(template, 60).unwrap();
            assert!(digest.in_parts, "{template}");
            for count in [0, 1, 64, 65, 1100] {
                let books = collection(count);
                let whole = digest.text(&books, false).unwrap();
                assert_eq!(digest.text(&books, true).unwrap(), whole, "{count}");
                assert!(String::from_utf8_lossy(&whole).contains(&format!("{count}")));
            }
        }
    }

    #[test]
    fn templates_that_need_the_whole_loop_are_rendered_whole() {
        for template in [
            "{{#each publications}}{{@index}} {{title}}{{/each}}",
            "{{#each publications}}{{#if @last}}.{{/if}}{{/each}}",
            "{{#each publications}}{{title}}{{/each}}{{publications.[0].title}}",
            "{{#*inline \"x\"}}{{title}}{{/inline}}{{#each publications}}{{> x}}{{/each}}",
            "{{#each notes}}{{this}}{{/each}}",
        ] {
            let digest = Digest::with_template(template, 60).unwrap();
            assert!(!digest.in_parts, "{template}");
            digest.text(&collection(3), false).unwrap();
        }
    }

    #[test]
    fn long_lines_wrap_with_a_hanging_indent() {
        let mut out = String::new();
        wrap_line(
            "  2.1. Overview of Global Patterns in Human Trafficking and more words",
            30,
            &mut out,
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "  2.1. Overview of Global");
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with("       ") && l.width() <= 30),
            "{lines:?}"
        );
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let mut out = String::new();
        wrap_line(&"x".repeat(50), 20, &mut out);
        assert!(out.lines().all(|l| l.width() <= 20));
        assert_eq!(out.replace('\n', ""), "x".repeat(50));
    }

    #[test]
    fn a_lead_wider_than_half_the_line_is_wrapped_as_text() {
        let mut out = String::new();
        wrap_line("              0.00.0. a", 20, &mut out);
        assert_eq!(out, "0.00.0. a\n");
        let mut out = String::new();
        wrap_line(
            &format!("{}1.2.3.4.5.6.7.8. {}", " ".repeat(8), "word ".repeat(9)),
            20,
            &mut out,
        );
        assert!(out.lines().all(|l| l.width() <= 20), "{out}");
    }

    #[test]
    fn sequences_wider_than_their_characters_still_fit() {
        let mut out = String::new();
        wrap_line(&"❤\u{fe0f}".repeat(30), 20, &mut out);
        assert!(out.lines().all(|l| l.width() <= 20), "{out}");
        assert_eq!(out.replace('\n', ""), "❤\u{fe0f}".repeat(30));
    }

    /// handlebars writes in pieces: a line may arrive in several, and the
    /// last may have no newline.
    #[test]
    fn lines_split_across_writes_are_wrapped_whole() {
        use std::io::Write;
        let mut lines = LineWrapper {
            pending: Vec::new(),
            text: String::new(),
            width: 20,
        };
        for piece in [
            "one two ",
            "three four five",
            " six\n\tseven\n",
            "eight ",
            "nine",
        ] {
            lines.write_all(piece.as_bytes()).unwrap();
        }
        let text = one_blank_line_at_most(lines.finish().unwrap());
        assert_eq!(text, b"one two three four\nfive six\n seven\neight nine\n");
    }

    /// Past a batch, lines are wrapped in pieces on several threads: the
    /// text is the same as wrapping each line alone, in order.
    #[test]
    fn long_output_is_wrapped_in_order_in_pieces() {
        use std::io::Write;
        let source: String = (0..40_000)
            .map(|i| format!("line {i} {}\n", "word ".repeat(i % 37)))
            .collect();
        assert!(source.len() > 2 * WRAP_BATCH);
        let mut lines = LineWrapper {
            pending: Vec::new(),
            text: String::new(),
            width: 30,
        };
        for piece in source.as_bytes().chunks(7919) {
            lines.write_all(piece).unwrap();
        }
        let mut expected = String::new();
        for line in source.lines() {
            wrap_bytes(line.as_bytes(), 30, &mut expected).unwrap();
        }
        assert!(lines.finish().unwrap() == expected);
    }

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(
            visible("a\tb\u{1b}[31mc\0d\n"),
            "a b\u{fffd}[31mc\u{fffd}d\n"
        );
    }

    #[test]
    fn width_counts_terminal_columns() {
        let mut out = String::new();
        wrap_line("漢字漢字 漢字漢字 漢字漢字", 10, &mut out);
        assert!(out.lines().all(|l| l.width() <= 10), "{out}");
    }
}
