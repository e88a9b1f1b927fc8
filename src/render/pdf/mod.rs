//! The PDF brief: a title block with a linked contents list, one typeset
//! section per publication, running header and footer, bookmarks.
//!
//! `layout` decides where everything goes (with `text` setting paragraphs,
//! `linebreak` choosing line breaks and `fonts` shaping); `write` turns the
//! pages into PDF bytes, with `content` writing each page's operators.
//! Fonts, layout and hyphenation patterns are read once in `Pdf::new`; each
//! `render` is independent of every other, so documents may be rendered from
//! several threads at once with identical results.

mod code;
mod content;
mod fonts;
mod footnotes;
mod layout;
mod linebreak;
mod objects;
mod pdfa;
mod style;
mod table;
mod tagging;
mod text;
mod write;

use std::sync::Arc;

use anyhow::{Context, Result};

use crate::render::{Backend, Document, Format, RenderOptions, Rendered};
use fonts::{Fonts, ShapeCache, Shaper};
use layout::{Layout, Logo, Picture};
use style::Brief;
use text::{Hyphenation, Typesetter};
use write::Metadata;

pub use pdfa::PdfStandard;

pub struct Pdf {
    brief: Brief,
    fonts: Fonts,
    hyphenation: Hyphenation,
    shapes: ShapeCache,
    logo: Option<Logo>,
    /// The build date, as the title block shows it and as a PDF date.
    date_shown: String,
    date_pdf: String,
    /// From `--pdf-standard`, else brief.toml.
    standard: Option<PdfStandard>,
}

impl Pdf {
    pub fn new(options: &RenderOptions) -> Result<Pdf> {
        let brief = Brief::load(&options.layouts)?;
        let fonts = Fonts::load(&brief.fonts, &brief.file)?;
        let hyphenation = Hyphenation::load(&brief.patterns, brief.min_hyphenated_word)?;
        let logo = match &brief.logo {
            Some(path) => Some(Logo {
                picture: Arc::new(Picture::load(path).context("the logo in brief.toml [title]")?),
                width: brief.logo_width,
            }),
            None => None,
        };
        let standard = options.pdf_standard.or(brief.pdf_standard);
        Ok(Pdf {
            brief,
            fonts,
            hyphenation,
            shapes: ShapeCache::new(),
            logo,
            date_shown: options.date.format("%-d %B %Y").to_string(),
            date_pdf: options.date.format("D:%Y%m%d%H%M%SZ").to_string(),
            standard,
        })
    }
}

impl Backend for Pdf {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, doc: &Document) -> Result<Rendered> {
        let collection = doc.collection;
        let typesetter = Typesetter::new(Shaper::new(&self.fonts, &self.shapes), &self.hyphenation);
        let mut writer = write::Writer::new(&self.fonts);
        // Pages are written on other threads while layout goes on; the
        // scope ends once every batch is written.
        let mut laid = rayon::in_place_scope(|scope| {
            Layout::new(&self.brief, typesetter, doc.source_dir).run(
                collection,
                &self.date_shown,
                self.logo.as_ref(),
                &mut |pages, tree| writer.add(pages, tree, scope),
            )
        })?;
        let mut series: Vec<&str> = Vec::new();
        for p in &collection.publications {
            if let Some(name) = p.series.as_deref() {
                if !series.contains(&name) {
                    series.push(name);
                }
            }
        }
        let mut keywords: Vec<&str> = series.clone();
        for p in &collection.publications {
            if let Some(kind) = p.kind.as_deref() {
                if !keywords.contains(&kind) {
                    keywords.push(kind);
                }
            }
        }
        let meta = Metadata {
            title: collection.title.clone(),
            author: collection.owner.clone().unwrap_or_default(),
            subject: series.join("; "),
            keywords: keywords.join(", "),
            creator: format!("imprint {}", env!("CARGO_PKG_VERSION")),
            date: self.date_pdf.clone(),
            lang: collection.language.clone(),
            standard: self.standard,
        };
        let pages = laid.running.len();
        let warnings = std::mem::take(&mut laid.warnings);
        let bytes = writer.into_pdf(laid, &self.brief.page, &meta)?;
        Ok(Rendered {
            bytes,
            pages: Some(pages),
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Collection, Publication};
    use chrono::TimeZone;

    fn collection(title: &str) -> Collection {
        Collection {
            title: title.into(),
            owner: Some("Karin Grimm".into()),
            publications: vec![Publication {
                title: "Security Sector Responses to Trafficking".into(),
                kind: Some("Paper".into()),
                summary: vec![Block::paragraph(
                    "In recent years trafficking in human beings has become an issue of \
                     increasing concern to European states, organised crime and corruption.",
                    3,
                )],
                ..Publication::default()
            }],
            ..Collection::default()
        }
    }

    /// Output depends only on the document: not on what the process rendered
    /// before, nor on other threads rendering at the same time.
    #[test]
    fn same_bytes_in_one_process_and_across_threads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = RenderOptions {
            layouts: root.join("layouts"),
            width: 72,
            date: chrono::Utc.timestamp_opt(1_700_000_000, 0).unwrap(),
            publisher: None,
            identifier: None,
            pdf_standard: None,
        };
        let pdf = Pdf::new(&options).unwrap();
        let render = |c: &Collection| {
            pdf.render(&Document {
                collection: c,
                stem: "x",
                source_dir: root,
            })
            .unwrap()
            .bytes
        };
        let (a, b) = (collection("A"), collection("B"));
        let first = render(&a);
        render(&b);
        assert!(
            render(&a) == first,
            "a second render in one process differs"
        );
        let parallel: Vec<Vec<u8>> = std::thread::scope(|s| {
            let handles: Vec<_> = [&a, &b, &a]
                .into_iter()
                .map(|c| s.spawn(|| render(c)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(
            parallel[0] == first && parallel[2] == first,
            "threads change the bytes"
        );
    }
}
