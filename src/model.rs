//! The document model: what every reader produces and every backend renders.
//!
//! It knows nothing of source formats or output formats. `imprint normalise`
//! prints it as JSON, and that JSON is itself a valid source, so field names
//! here are a public interface (documented in the README).

use serde::{Deserialize, Serialize};

/// One source file: a listing of publications by one owner.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    /// Date as given by the source (free text, e.g. `2024-05-01`).
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub publications: Vec<Publication>,
}

pub fn default_language() -> String {
    "en-GB".to_string()
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub series: Option<String>,
    /// Kind label as the source spells it canonically: `Paper`, `Policy Brief`, ...
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub summary: Vec<Block>,
    #[serde(default)]
    pub contents: Vec<ContentsEntry>,
    /// Remarks meant for readers, kept out of the summary.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Where the full text is, when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub source: SourceSpan,
}

/// Where a publication came from, for messages and the repair log.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpan {
    pub file: String,
    pub first_line: usize,
    pub last_line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentsEntry {
    /// As written, without the final dot: `2.1`; empty for `Appendix`.
    #[serde(default)]
    pub number: String,
    pub level: usize,
    pub title: String,
    /// Source line (1-based); 0 when unknown.
    #[serde(default)]
    pub line: usize,
}

/// A block of summary text. Plain listings only ever give paragraphs;
/// Markdown sources give the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    Paragraph {
        inlines: Vec<Inline>,
        /// Source line (1-based); 0 when unknown.
        #[serde(default)]
        line: usize,
        /// Text of a raw HTML block, its tags removed: kept as written,
        /// never repaired.
        #[serde(default, skip_serializing_if = "is_false")]
        from_html: bool,
    },
    Heading {
        level: u8,
        inlines: Vec<Inline>,
        /// Anchor for internal links (`{#method}`, or made from the text); may be empty.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        id: String,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
        /// Task state per item (`- [x]`): `null` for an item that is no task.
        /// Empty when no item is a task.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tasks: Vec<Option<bool>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Image {
        /// Path relative to the source file's folder; readers check it stays inside.
        src: String,
        alt: String,
        /// Source line (1-based); 0 when unknown.
        #[serde(default)]
        line: usize,
    },
    /// Preformatted text, kept exactly: whitespace, line breaks, no repairs.
    CodeBlock {
        /// The fence's info word (`rust`); empty when none.
        #[serde(default)]
        language: String,
        text: String,
        /// Source line (1-based); 0 when unknown.
        #[serde(default)]
        line: usize,
    },
    /// A table whose cells hold inlines (all a pipe table can hold).
    Table {
        /// One per column.
        alignments: Vec<Alignment>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        /// Source line (1-based); 0 when unknown.
        #[serde(default)]
        line: usize,
    },
    DefinitionList {
        items: Vec<Definition>,
    },
    /// A thematic break (`---`).
    Rule,
}

/// A table column's alignment, from the delimiter row (`:--`, `:-:`, `--:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    #[default]
    Default,
    Left,
    Center,
    Right,
}

/// A term and its definitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub term: Vec<Inline>,
    pub definitions: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Inline {
    Text {
        text: String,
    },
    Emphasis {
        inlines: Vec<Inline>,
    },
    Strong {
        inlines: Vec<Inline>,
    },
    Code {
        text: String,
    },
    /// `url` may be `#id`: a link to the heading with that id.
    Link {
        url: String,
        inlines: Vec<Inline>,
    },
    LineBreak,
    Strikeout {
        inlines: Vec<Inline>,
    },
    Superscript {
        inlines: Vec<Inline>,
    },
    Subscript {
        inlines: Vec<Inline>,
    },
    /// A footnote: its mark sits here, its blocks are set apart by each backend.
    Footnote {
        blocks: Vec<Block>,
    },
    /// An image inside a sentence (an image alone in its paragraph is `Block::Image`).
    Image {
        src: String,
        alt: String,
        /// Source line (1-based); 0 when unknown.
        #[serde(default)]
        line: usize,
    },
    /// TeX source of a formula, `display` for one set apart (`$$…$$`).
    Math {
        display: bool,
        tex: String,
    },
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }
}

impl Block {
    pub fn paragraph(text: impl Into<String>, line: usize) -> Block {
        Block::Paragraph {
            inlines: vec![Inline::text(text)],
            line,
            from_html: false,
        }
    }
}

fn is_false(value: &bool) -> bool {
    !value
}

/// The plain text of some inlines, emphasis and links flattened.
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inline_text(inlines, &mut out);
    out
}

fn push_inline_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } | Inline::Math { tex: text, .. } => {
                out.push_str(text)
            }
            Inline::Emphasis { inlines }
            | Inline::Strong { inlines }
            | Inline::Strikeout { inlines }
            | Inline::Superscript { inlines }
            | Inline::Subscript { inlines }
            | Inline::Link { inlines, .. } => push_inline_text(inlines, out),
            Inline::LineBreak => out.push(' '),
            Inline::Image { alt, .. } => out.push_str(alt),
            // A footnote's text is not part of the sentence it is attached to.
            Inline::Footnote { .. } => {}
        }
    }
}

/// The plain text of a block, for digests, search and tests. Blocks inside
/// lists and quotes are separated by a blank line.
pub fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => inline_text(inlines),
        Block::List { items, .. } => items
            .iter()
            .flatten()
            .map(block_text)
            .collect::<Vec<_>>()
            .join("\n\n"),
        Block::Quote { blocks } => blocks
            .iter()
            .map(block_text)
            .collect::<Vec<_>>()
            .join("\n\n"),
        Block::Image { alt, .. } => alt.clone(),
        Block::CodeBlock { text, .. } => text.clone(),
        Block::Table { head, rows, .. } => std::iter::once(head)
            .chain(rows)
            .map(|row| {
                row.iter()
                    .map(|cell| inline_text(cell))
                    .collect::<Vec<_>>()
                    .join("\t")
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Block::DefinitionList { items } => items
            .iter()
            .flat_map(|item| {
                std::iter::once(inline_text(&item.term))
                    .chain(item.definitions.iter().flatten().map(block_text))
            })
            .collect::<Vec<_>>()
            .join("\n\n"),
        Block::Rule => String::new(),
    }
}

/// Every image in some blocks, in sentences and footnotes too: (src, line).
pub fn images(blocks: &[Block]) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    for block in blocks {
        block_images(block, &mut out);
    }
    out
}

fn block_images<'a>(block: &'a Block, out: &mut Vec<(&'a str, usize)>) {
    match block {
        Block::Image { src, line, .. } => out.push((src, *line)),
        Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
            inline_images(inlines, out)
        }
        Block::Quote { blocks } => blocks.iter().for_each(|b| block_images(b, out)),
        Block::List { items, .. } => items.iter().flatten().for_each(|b| block_images(b, out)),
        Block::Table { head, rows, .. } => head
            .iter()
            .chain(rows.iter().flatten())
            .for_each(|cell| inline_images(cell, out)),
        Block::DefinitionList { items } => {
            for item in items {
                inline_images(&item.term, out);
                item.definitions
                    .iter()
                    .flatten()
                    .for_each(|b| block_images(b, out));
            }
        }
        Block::CodeBlock { .. } | Block::Rule => {}
    }
}

fn inline_images<'a>(inlines: &'a [Inline], out: &mut Vec<(&'a str, usize)>) {
    for inline in inlines {
        match inline {
            Inline::Image { src, line, .. } => out.push((src, *line)),
            Inline::Emphasis { inlines }
            | Inline::Strong { inlines }
            | Inline::Strikeout { inlines }
            | Inline::Superscript { inlines }
            | Inline::Subscript { inlines }
            | Inline::Link { inlines, .. } => inline_images(inlines, out),
            Inline::Footnote { blocks } => blocks.iter().for_each(|b| block_images(b, out)),
            _ => {}
        }
    }
}

/// A heading id made from its text, GitHub's way: lowercase letters,
/// digits, `-` and `_` kept, spaces made `-`, the rest dropped.
pub fn heading_slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => {
                Some(c.to_lowercase().next().unwrap_or(c))
            }
            ' ' => Some('-'),
            _ => None,
        })
        .collect()
}

impl Publication {
    /// Every word the summary holds, in order: what a backend must not lose.
    pub fn summary_text(&self) -> String {
        self.summary
            .iter()
            .map(block_text)
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Whether an image is on the web (`https://…`, `data:`, `//host/…`):
/// links are never followed, so such an image is shown by its description.
pub fn is_remote_image(src: &str) -> bool {
    let src = src.trim();
    let scheme = src.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    scheme || src.starts_with("//")
}

/// Resolves an image path from the model against the source's folder,
/// refusing any path that is absolute or climbs out of it (also through a
/// symlink), so a source cannot make imprint read other files.
pub fn resolve_asset(
    source_dir: &std::path::Path,
    src: &str,
) -> anyhow::Result<std::path::PathBuf> {
    use std::path::Component;
    let relative = std::path::Path::new(src);
    let mut depth: usize = 0;
    for component in relative.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => depth -= 1,
            _ => anyhow::bail!(
                "image `{src}` is outside the sources folder; only paths inside it are read"
            ),
        }
    }
    let path = source_dir.join(relative);
    let real = path
        .canonicalize()
        .map_err(|e| anyhow::anyhow!("image `{src}` cannot be read: {e}"))?;
    let base = source_dir.canonicalize()?;
    if !real.starts_with(&base) {
        anyhow::bail!("image `{src}` leads outside the sources folder (through a link)");
    }
    Ok(real)
}

/// Whether a backend may make a link clickable: only web and mail links.
/// `javascript:`, `file:` and other schemes would run code or reach the
/// reader's disk; a relative link names a file the output does not hold.
/// The link's text is kept either way, as plain text.
pub fn is_followable_link(url: &str) -> bool {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let scheme_ok = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    // Characters a URI may not hold unescaped (RFC 3986) make it no link at all.
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c);
    scheme_ok && !url.chars().any(forbidden)
}
