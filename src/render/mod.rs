//! Backends: each turns the model into one output file's bytes.
//!
//! A backend is built once per build from its layout folder (so templates
//! and fonts are read once, and a broken layout fails before any source is
//! touched), then renders any number of documents. It knows nothing of
//! readers; writing the bytes to disk is the caller's job (atomically).

pub mod digest;
pub mod epub;
pub mod pdf;

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::model::Collection;

/// The output formats imprint knows, in the order it builds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    Txt,
    Pdf,
    Epub,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Txt, Format::Pdf, Format::Epub];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Pdf => "pdf",
            Format::Epub => "epub",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.extension() == name)
    }
}

/// Settings every backend may read; resolved once from the CLI and `imprint.toml`.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub layouts: PathBuf,
    /// Digest line width in terminal columns.
    pub width: usize,
    /// The build date: `SOURCE_DATE_EPOCH`, else `imprint.toml`, else now.
    pub date: DateTime<Utc>,
    pub publisher: Option<String>,
    /// EPUB identifier override (a UUID); derived from the content when unset.
    pub identifier: Option<String>,
    /// `--pdf-standard`: overrides `pdf_standard` in brief.toml.
    pub pdf_standard: Option<pdf::PdfStandard>,
}

/// One document to render: the model plus where its source lives, for
/// assets next to it (Markdown images, a user's cover picture).
pub struct Document<'a> {
    pub collection: &'a Collection,
    /// Source file name without extension; names the outputs.
    pub stem: &'a str,
    /// The folder that holds the source file; assets must stay inside it.
    pub source_dir: &'a Path,
}

/// What a backend produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// Page count, for formats that have pages.
    pub pages: Option<usize>,
    /// Things the reader of the output should know (e.g. a glyph no font has).
    pub warnings: Vec<String>,
}

pub trait Backend: Send + Sync {
    fn format(&self) -> Format;
    fn render(&self, doc: &Document) -> Result<Rendered>;
}

/// Builds the backend for `format`, reading its layout files now.
pub fn backend(format: Format, options: &RenderOptions) -> Result<Box<dyn Backend>> {
    Ok(match format {
        Format::Txt => Box::new(digest::Digest::new(options)?),
        Format::Pdf => Box::new(pdf::Pdf::new(options)?),
        Format::Epub => Box::new(epub::Epub::new(options)?),
    })
}

/// Where a code line too long for its room is best cut: after a space or
/// one of these marks, so words stay whole.
pub const CODE_BREAKS: &str = "/_.,;:-)]}>";

/// The line every backend prints under a publication that says where its
/// full text is: a real link (made clickable only for `http(s)`/`mailto:`).
pub fn full_text_link(url: &str) -> crate::model::Block {
    use crate::model::{Block, Inline};
    Block::Paragraph {
        inlines: vec![
            Inline::text("Full text: "),
            Inline::Link {
                url: url.to_string(),
                inlines: vec![Inline::text(url)],
            },
        ],
        line: 0,
        from_html: false,
    }
}
