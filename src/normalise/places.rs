//! Where text lives in the model, so each repair can visit every piece of
//! it with the source line to log.

use crate::model::{Block, Collection, Inline, Publication};

/// What a piece of text is; word repairs leave names alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Owner, authors, collection title.
    Name,
    /// Publication title, subtitle or series.
    Title,
    /// A table of contents entry's title.
    Contents,
    /// Summary text.
    Summary,
}

/// One piece of text and its surroundings.
pub struct Spot<'a> {
    pub text: &'a mut String,
    pub file: &'a str,
    pub line: usize,
    pub field: Field,
    /// The text runs on into another inline before (after) it, with no
    /// space between: its first (last) word may continue there.
    pub joined_before: bool,
    pub joined_after: bool,
}

/// Calls `visit` on the collection's own text (title, owner); the rest of
/// its text is in the publications (`for_each_in_publication`).
pub fn for_each_in_head(collection: &mut Collection, visit: &mut impl FnMut(Spot)) {
    let file = collection
        .publications
        .first()
        .map(|p| p.source.file.clone())
        .unwrap_or_default();
    visit(whole(&mut collection.title, &file, 1, Field::Name));
    if let Some(owner) = collection.owner.as_mut() {
        visit(whole(owner, &file, 1, Field::Name));
    }
}

pub fn for_each_in_publication(publication: &mut Publication, visit: &mut impl FnMut(Spot)) {
    let file = publication.source.file.as_str();
    let line = publication.source.first_line;
    visit(whole(&mut publication.title, file, line, Field::Title));
    if let Some(subtitle) = publication.subtitle.as_mut() {
        visit(whole(subtitle, file, line, Field::Title));
    }
    for author in &mut publication.authors {
        visit(whole(author, file, line, Field::Name));
    }
    // A series line is titled text (and a listing's first title may be
    // read as one): repaired as a title.
    if let Some(series) = publication.series.as_mut() {
        visit(whole(series, file, line, Field::Title));
    }
    for entry in &mut publication.contents {
        let line = if entry.line > 0 { entry.line } else { line };
        visit(whole(&mut entry.title, file, line, Field::Contents));
    }
    let mut last_line = line;
    for block in &mut publication.summary {
        blocks(block, file, &mut last_line, visit);
    }
}

fn whole<'a>(text: &'a mut String, file: &'a str, line: usize, field: Field) -> Spot<'a> {
    Spot {
        text,
        file,
        line,
        field,
        joined_before: false,
        joined_after: false,
    }
}

/// Blocks without a line of their own are logged at the last line seen.
fn blocks(block: &mut Block, file: &str, last_line: &mut usize, visit: &mut impl FnMut(Spot)) {
    match block {
        Block::Paragraph {
            inlines,
            line,
            from_html,
        } => {
            if *line > 0 {
                *last_line = *line;
            }
            if !*from_html {
                inline_run(inlines, file, *last_line, visit);
            }
        }
        Block::Heading { inlines, .. } => inline_run(inlines, file, *last_line, visit),
        Block::List { items, .. } => {
            for block in items.iter_mut().flatten() {
                blocks(block, file, last_line, visit);
            }
        }
        Block::Quote { blocks: inner } => {
            for block in inner {
                blocks(block, file, last_line, visit);
            }
        }
        Block::Image { alt, line, .. } => {
            if *line > 0 {
                *last_line = *line;
            }
            visit(whole(alt, file, *last_line, Field::Summary))
        }
        Block::Table {
            head, rows, line, ..
        } => {
            if *line > 0 {
                *last_line = *line;
            }
            for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                inline_run(cell, file, *last_line, visit);
            }
        }
        Block::DefinitionList { items } => {
            for item in items {
                inline_run(&mut item.term, file, *last_line, visit);
                for block in item.definitions.iter_mut().flatten() {
                    blocks(block, file, last_line, visit);
                }
            }
        }
        // Code is kept exactly as written.
        Block::CodeBlock { line, .. } => {
            if *line > 0 {
                *last_line = *line;
            }
        }
        Block::Rule => {}
    }
}

/// A flattened run of inlines: text pieces, and what sits between them.
enum Piece<'a> {
    Text(&'a mut String),
    /// Code, math or another non-text inline that words may run into:
    /// never repaired.
    Opaque,
    Break,
    /// A footnote: its mark sits in the sentence, its blocks are text of their own.
    Note(&'a mut Vec<Block>),
    /// An image's description: in the sentence, but words of its own.
    Alt(&'a mut String),
}

fn flatten<'a>(inlines: &'a mut [Inline], out: &mut Vec<Piece<'a>>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push(Piece::Text(text)),
            Inline::Code { .. } | Inline::Math { .. } => out.push(Piece::Opaque),
            Inline::LineBreak => out.push(Piece::Break),
            // An image's description is words of its own, not part of the sentence.
            Inline::Image { alt, .. } => out.push(Piece::Alt(alt)),
            Inline::Footnote { blocks } => out.push(Piece::Note(blocks)),
            Inline::Emphasis { inlines }
            | Inline::Strong { inlines }
            | Inline::Strikeout { inlines }
            | Inline::Superscript { inlines }
            | Inline::Subscript { inlines }
            | Inline::Link { inlines, .. } => flatten(inlines, out),
        }
    }
}

fn inline_run(inlines: &mut [Inline], file: &str, line: usize, visit: &mut impl FnMut(Spot)) {
    let mut pieces = Vec::new();
    flatten(inlines, &mut pieces);
    let count = pieces.len();
    // A text runs into its neighbour unless a break or a space stands
    // between them (a soft line break is a text of one space).
    let edges: Vec<(bool, bool)> = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => (
                !text.starts_with(char::is_whitespace),
                !text.ends_with(char::is_whitespace),
            ),
            Piece::Break => (false, false),
            _ => (true, true),
        })
        .collect();
    for (index, piece) in pieces.into_iter().enumerate() {
        match piece {
            Piece::Text(text) => visit(Spot {
                joined_before: index > 0 && edges[index - 1].1,
                joined_after: index + 1 < count && edges[index + 1].0,
                text,
                file,
                line,
                field: Field::Summary,
            }),
            Piece::Note(note) => {
                let mut note_line = line;
                for block in note {
                    blocks(block, file, &mut note_line, visit);
                }
            }
            Piece::Alt(alt) => visit(whole(alt, file, line, Field::Summary)),
            Piece::Opaque | Piece::Break => {}
        }
    }
}
