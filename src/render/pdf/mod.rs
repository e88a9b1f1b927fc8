//! The PDF brief: a title block with a linked contents list, one typeset
//! section per publication, running header and footer, bookmarks.
//!
//! `layout` decides where everything goes (with `text` setting paragraphs,
//! `linebreak` choosing line breaks and `fonts` shaping), setting parts of
//! the publications on all cores and paginating them in order; `write`
//! turns the pages into PDF bytes as they fill, with `content` writing
//! each page's operators and `objects` the file's largest object sets.
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
mod unhinted;
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
// (Public for the fuzz target.)
pub use unhinted::without_hinting;

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
    /// Publications set per part on one thread (`Layout::part_size`).
    part_size: usize,
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
            part_size: layout::PART,
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
        // Room for the file (see `objects::Written::file`): generous, as
        // room never written to costs nothing.
        let room = (1 << 20) + 32 * 1024 * collection.publications.len();
        let version = pdfa::version(self.standard);
        let mut writer = write::Writer::new(&self.fonts, version, room);
        // Pages are written on other threads while layout goes on; the
        // scope ends once every batch is written.
        let mut layout = Layout::new(&self.brief, typesetter, doc.source_dir);
        layout.part_size = self.part_size;
        let mut laid = rayon::in_place_scope(|scope| {
            layout.run(
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

    fn test_options(root: &std::path::Path) -> RenderOptions {
        RenderOptions {
            layouts: root.join("layouts"),
            width: 72,
            date: chrono::Utc.timestamp_opt(1_700_000_000, 0).unwrap(),
            publisher: None,
            identifier: None,
            pdf_standard: None,
        }
    }

    /// Publications set in parts on several threads are numbered as if set
    /// one by one: footnotes, links to headings in other publications,
    /// pictures and contents entries come out the same for any part size.
    #[test]
    fn parts_of_any_size_give_the_same_bytes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = test_options(root);
        let publications: Vec<serde_json::Value> = (0..23)
            .map(|i| {
                serde_json::json!({
                    "title": format!("Paper {i}"),
                    "summary": [
                        {"type": "heading", "level": 2, "id": format!("part-{i}"),
                         "inlines": [{"type": "text", "text": format!("Part {i}")}]},
                        {"type": "paragraph", "inlines": [
                            {"type": "text", "text": "See "},
                            {"type": "link", "url": format!("#part-{}", (i * 7) % 23),
                             "inlines": [{"type": "text", "text": "another part"}]},
                            {"type": "text", "text": " and a chart "},
                            {"type": "image", "src": "tests/fixtures/pdf/chart.png", "alt": "chart"},
                            {"type": "footnote", "blocks": [{"type": "paragraph",
                                "inlines": [{"type": "text", "text": format!("Note of paper {i}.")}]}]},
                            {"type": "text", "text": " in a sentence long enough to wrap a line or two. ".repeat(3)}
                        ]},
                        // A heading last: kept with the next publication's start.
                        {"type": "heading", "level": 3, "id": format!("end-{i}"),
                         "inlines": [{"type": "text", "text": format!("Afterword {i}")}]}
                    ],
                    "contents": [{"number": "1", "level": 1, "title": "Introduction"},
                                 {"number": "2", "level": 1, "title": "Findings"}]
                })
            })
            .collect();
        let collection: Collection = serde_json::from_value(serde_json::json!({
            "title": "Parts", "publications": publications
        }))
        .unwrap();
        let mut pdf = Pdf::new(&options).unwrap();
        let mut render = |part_size: usize| {
            pdf.part_size = part_size;
            pdf.render(&Document {
                collection: &collection,
                stem: "x",
                source_dir: root,
            })
            .unwrap()
        };
        let whole = render(1000);
        assert!(whole.warnings.is_empty(), "{:?}", whole.warnings);
        for part_size in [1, 2, 5] {
            let parts = render(part_size);
            assert!(parts.bytes == whole.bytes, "part size {part_size} differs");
        }
        // No publications: the title page alone.
        let empty = Collection {
            title: "Nothing yet".into(),
            ..Collection::default()
        };
        let alone = pdf
            .render(&Document {
                collection: &empty,
                stem: "x",
                source_dir: root,
            })
            .unwrap();
        assert_eq!(alone.pages, Some(1));
    }

    /// Output depends only on the document: not on what the process rendered
    /// before, nor on other threads rendering at the same time.
    #[test]
    fn same_bytes_in_one_process_and_across_threads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = test_options(root);
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
