//! The EPUB 3 backend: one XHTML file per publication from handlebars
//! templates in `layouts/epub/`, a navigation document and an NCX, a cover,
//! accessibility metadata; written into the archive in one pass, the same
//! bytes for the same book.

mod archive;
mod cover;
mod deflated;
mod math;
mod navigation;
mod package;
pub(crate) mod xhtml;

use std::collections::BTreeSet;

use anyhow::{anyhow, Context as _, Result};
use chrono::{DateTime, Utc};
use handlebars::{Context, Handlebars};
use rayon::prelude::*;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::model::{Collection, Publication, SourceSpan};
use crate::render::{Backend, Document, Format, RenderOptions, Rendered};

use cover::CoverLayout;
use navigation::{Entry, Navigation};
use xhtml::{escape, xml_chars, Anchors, Chapter, Images};

const TEMPLATES: [&str; 3] = [
    "cover.xhtml.hbs",
    "title.xhtml.hbs",
    "publication.xhtml.hbs",
];
const STYLESHEET: &str = "epub/style.css";
/// Pages made on all cores at a time: a long listing's pages are not all
/// held before they are deflated.
const PAGE_BATCH: usize = 256;
/// Publications written out for the identifier's hash at a time.
const HASH_BATCH: usize = 1024;

/// Namespace for identifiers derived from a book's content.
const IDENTIFIER_NAMESPACE: Uuid = Uuid::from_u128(0x5f0c_6a1e_2b7d_4e8a_9c31_d4f2_a8e6_7b10);

pub struct Epub {
    templates: Handlebars<'static>,
    /// The container files and the stylesheet.
    fixed: package::FixedFiles,
    cover: CoverLayout,
    date: DateTime<Utc>,
    publisher: Option<String>,
    identifier: Option<Uuid>,
}

impl Epub {
    pub fn new(options: &RenderOptions) -> Result<Epub> {
        let mut templates = Handlebars::new();
        templates.set_strict_mode(false);
        templates.register_escape_fn(escape);
        for name in TEMPLATES {
            let file = crate::layouts::read(&options.layouts, &format!("epub/{name}"))?;
            templates
                .register_template_string(name, file.text()?)
                .with_context(|| {
                    format!("{}: cannot load the EPUB template", file.path.display())
                })?;
        }
        let stylesheet = crate::layouts::read(&options.layouts, STYLESHEET)?;
        let identifier = options
            .identifier
            .as_deref()
            .map(|text| {
                Uuid::parse_str(text.trim().trim_start_matches("urn:uuid:"))
                    .map_err(|e| anyhow!("the EPUB identifier `{text}` is not a UUID ({e})"))
            })
            .transpose()?;
        Ok(Epub {
            templates,
            fixed: package::FixedFiles::new(&stylesheet.bytes)?,
            cover: CoverLayout::load(&options.layouts)?,
            date: options.date,
            publisher: options.publisher.clone(),
            identifier,
        })
    }

    /// `data` is handed to handlebars as it is (`render` would copy it).
    fn fill(&self, template: &str, data: &Context) -> Result<Vec<u8>> {
        Ok(self
            .templates
            .render_with_context(template, data)
            .with_context(|| format!("the EPUB template {template} failed"))?
            .into_bytes())
    }
}

impl Backend for Epub {
    fn format(&self) -> Format {
        Format::Epub
    }

    fn render(&self, doc: &Document) -> Result<Rendered> {
        let collection = doc.collection;
        let mut warnings = Vec::new();
        let language = book_language(&collection.language, &mut warnings);
        let title = non_empty(&collection.title, doc.stem);

        let identifier = self.identifier.unwrap_or_else(|| content_identifier(doc));
        let mut book = package::Book::new(self.date, &self.fixed)?;
        let cover = self.cover.cover(
            doc.source_dir,
            doc.stem,
            title,
            collection.owner.as_deref(),
            &mut warnings,
        )?;
        let cover_href = format!("cover.{}", cover.extension);
        book.stored(&format!("OEBPS/{cover_href}"), &cover.bytes)?;

        let book_data = Context::from(json!({
            "language": language,
            "title": title,
            "owner": collection.owner,
            "date": collection.date,
            "publisher": self.publisher,
            "count": collection.publications.len(),
            "one": collection.publications.len() == 1,
            "cover": cover_href,
        }));
        book.text(
            "OEBPS/cover.xhtml",
            &self.fill("cover.xhtml.hbs", &book_data)?,
        )?;
        book.text(
            "OEBPS/title.xhtml",
            &self.fill("title.xhtml.hbs", &book_data)?,
        )?;

        let source_file = collection
            .publications
            .first()
            .map_or("", |p| &p.source.file);
        let mut images = Images::new(doc.source_dir, source_file);
        let href = |index: usize| format!("publication-{}.xhtml", index + 1);
        let anchors = Anchors::of(&collection.publications, href);
        // Chapters holding MathML, which the package must declare.
        let mut with_math = Vec::new();
        // A page is made from its publication alone, so pages are made on
        // all cores, a batch at a time; but pictures are numbered in the
        // order the book first shows them, so the pages with pictures are
        // made in order, here.
        let page = |index: usize, publication: &Publication, images: &mut Images| {
            let data = publication_data(publication, index, &language, images, &anchors)
                .with_context(|| format!("publication `{}`", publication.title))?;
            let page = self.fill("publication.xhtml.hbs", &Context::from(data))?;
            let math = page.windows(6).any(|w| w == b"<math ");
            Ok::<_, anyhow::Error>((page, math))
        };
        let publications = &collection.publications;
        for (batch, chunk) in publications.chunks(PAGE_BATCH).enumerate() {
            let first = batch * PAGE_BATCH;
            let made: Vec<Option<Result<_>>> = chunk
                .par_iter()
                .enumerate()
                .map(|(at, publication)| {
                    let pictures = crate::model::images(&publication.summary);
                    let mut none = Images::new(doc.source_dir, source_file);
                    pictures
                        .is_empty()
                        .then(|| page(first + at, publication, &mut none))
                })
                .collect();
            for ((at, publication), made) in chunk.iter().enumerate().zip(made) {
                let index = first + at;
                let (page, math) = match made {
                    Some(made) => made?,
                    None => page(index, publication, &mut images)?,
                };
                let href = href(index);
                if math {
                    with_math.push(href.clone());
                }
                book.page(format!("OEBPS/{href}"), page)?;
            }
        }
        warnings.append(&mut images.warnings);
        let mut pictures = Vec::with_capacity(images.files.len());
        for image in &images.files {
            let name = format!("OEBPS/{}", image.href);
            // SVG is text; PNG and JPEG are compressed already.
            if image.media_type == "image/svg+xml" {
                book.text(&name, &image.bytes)?;
            } else {
                book.stored(&name, &image.bytes)?;
            }
            pictures.push((image.href.clone(), image.media_type));
        }

        let navigation = Navigation {
            front: vec![
                Entry::new("cover.xhtml", "Cover"),
                Entry::new("title.xhtml", "Title page"),
            ],
            publications,
            entry: &|index, publication| publication_toc(publication, &href(index)),
        };
        let subjects: Vec<&str> = publications
            .iter()
            .filter_map(|p| p.series.as_deref())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let package = package::Package {
            identifier: &uuid::fmt::Urn::from_uuid(identifier).to_string(),
            title,
            language: &language,
            creators: &creators(collection),
            description: &description(collection),
            subjects: &subjects,
            modified: self.date,
            metadata: &self.extra_metadata(images.all_described, !with_math.is_empty()),
            cover_href: &cover_href,
            cover_media_type: cover.media_type,
            pictures: &pictures,
            with_math: &with_math,
            navigation: &navigation,
            depth: navigation_depth(collection),
            page_href: &href,
        };
        Ok(Rendered {
            bytes: book.finish(&package)?,
            pages: None,
            warnings,
        })
    }
}

impl Epub {
    /// Package metadata lines past the book's own: the publisher and
    /// schema.org accessibility statements (text with structure and
    /// navigation; pictures described when every one has a description;
    /// formulas as MathML).
    fn extra_metadata(&self, pictures_described: bool, math: bool) -> String {
        let mut metadata = vec![
            ("schema:accessMode", "textual"),
            ("schema:accessMode", "visual"),
            ("schema:accessModeSufficient", "textual"),
            ("schema:accessibilityFeature", "structuralNavigation"),
            ("schema:accessibilityFeature", "tableOfContents"),
            ("schema:accessibilityFeature", "readingOrder"),
        ];
        if pictures_described {
            metadata.push(("schema:accessibilityFeature", "alternativeText"));
        }
        if math {
            metadata.push(("schema:accessibilityFeature", "MathML"));
        }
        metadata.push(("schema:accessibilityHazard", "none"));
        metadata.push((
            "schema:accessibilitySummary",
            if pictures_described {
                "Reflowable text with headings and a navigable table of contents; \
                 every picture has a text description."
            } else {
                "Reflowable text with headings and a navigable table of contents; \
                 some pictures have no text description."
            },
        ));
        let mut out = String::new();
        if let Some(publisher) = &self.publisher {
            out.push_str(&format!(
                "    <dc:publisher>{}</dc:publisher>\n",
                escape(publisher)
            ));
        }
        for (property, value) in metadata {
            out.push_str(&format!(
                "    <meta property=\"{property}\">{value}</meta>\n"
            ));
        }
        out
    }
}

fn non_empty<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

/// The model's language if it is a well-formed language tag, else `en-GB`.
fn book_language(language: &str, warnings: &mut Vec<String>) -> String {
    let well_formed = language.split('-').enumerate().all(|(i, part)| {
        let letters = part.chars().all(|c| c.is_ascii_alphabetic());
        let alnum = part.chars().all(|c| c.is_ascii_alphanumeric());
        (1..=8).contains(&part.len())
            && if i == 0 {
                letters && part.len() >= 2
            } else {
                alnum
            }
    });
    if well_formed {
        language.to_string()
    } else {
        let fallback = crate::model::default_language();
        warnings.push(format!(
            "language `{language}` is not a language tag such as en-GB; the EPUB says {fallback}"
        ));
        fallback
    }
}

/// The owner and every distinct author, in order of appearance.
fn creators(collection: &Collection) -> Vec<String> {
    let mut seen = BTreeSet::new();
    collection
        .owner
        .iter()
        .chain(collection.publications.iter().flat_map(|p| &p.authors))
        .map(|name| name.trim())
        .filter(|name| !name.is_empty() && seen.insert(name.to_string()))
        .map(str::to_string)
        .collect()
}

fn description(collection: &Collection) -> String {
    let titles: Vec<&str> = collection
        .publications
        .iter()
        .map(|p| p.title.as_str())
        .collect();
    let count = titles.len();
    format!(
        "{count} publication{}{}: {}",
        if count == 1 { "" } else { "s" },
        collection
            .owner
            .as_deref()
            .map(|o| format!(" by {o}"))
            .unwrap_or_default(),
        titles.join("; ")
    )
}

/// A UUID v5 of the model and the source's name: the same content gives
/// the same identifier on every machine and every run. Where the text was
/// read from (the path as typed, line numbers) is not content. The model's
/// JSON is hashed a batch of publications at a time, so a long listing's
/// model is never written out whole.
fn content_identifier(doc: &Document) -> Uuid {
    let collection = doc.collection;
    let mut hash = sha1_smol::Sha1::new();
    hash.update(IDENTIFIER_NAMESPACE.as_bytes());
    // The collection's JSON ends with its publications: the rest of it,
    // then each publication without its source span.
    let head = Collection {
        title: collection.title.clone(),
        owner: collection.owner.clone(),
        language: collection.language.clone(),
        date: collection.date.clone(),
        publications: Vec::new(),
    };
    let head = serde_json::to_vec(&head).unwrap_or_default();
    hash.update(head.strip_suffix(b"]}").unwrap_or(&head));
    // Written on all cores a batch at a time, and hashed in order.
    for (batch, publications) in collection.publications.chunks(HASH_BATCH).enumerate() {
        let written: Vec<Vec<u8>> = publications
            .par_chunks(64)
            .map(|publications| {
                let mut json = Vec::new();
                for publication in publications {
                    json.push(b',');
                    let publication = Publication {
                        source: SourceSpan::default(),
                        ..publication.clone()
                    };
                    let _ = serde_json::to_writer(&mut json, &publication);
                }
                json
            })
            .collect();
        for (part, json) in written.iter().enumerate() {
            // (No comma before the first publication.)
            let first = batch == 0 && part == 0;
            hash.update(if first { &json[1..] } else { json });
        }
    }
    hash.update(b"]}");
    hash.update(doc.stem.as_bytes());
    let digest = hash.digest().bytes();
    let mut bytes = [0; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
}

/// What `publication.xhtml.hbs` sees. `summary` and `contents` are XHTML
/// fragments (use triple braces); everything else is text.
fn publication_data(
    publication: &Publication,
    index: usize,
    language: &str,
    images: &mut Images,
    anchors: &Anchors,
) -> Result<Value> {
    let mut chapter = Chapter::new(images, anchors);
    let summary = chapter.blocks(&publication.summary)?;
    let full_text = match &publication.url {
        Some(url) => chapter.blocks(&[crate::render::full_text_link(url)])?,
        None => String::new(),
    };
    let footnotes = chapter.footnotes()?;
    Ok(json!({
        "language": language,
        "number": index + 1,
        "title": non_empty(&publication.title, "Untitled"),
        "subtitle": publication.subtitle,
        "kind": publication.kind,
        "series": publication.series,
        "authors": publication.authors.join(", "),
        "author_list": publication.authors,
        "summary": summary,
        "footnotes": footnotes,
        "contents": xhtml::contents_list(&publication.contents),
        "notes": publication.notes,
        "full_text": full_text,
    }))
}

/// Levels in the navigation: publications, then their nested contents.
fn navigation_depth(collection: &Collection) -> usize {
    1 + collection
        .publications
        .iter()
        .flat_map(|p| xhtml::nesting_levels(&p.contents))
        .max()
        .unwrap_or(0)
}

/// The navigation entry of a publication, its contents nested below it.
fn publication_toc(publication: &Publication, href: &str) -> Entry {
    let mut entry = Entry::new(href, xml_chars(non_empty(&publication.title, "Untitled")));
    let levels = xhtml::nesting_levels(&publication.contents);
    entry.children = navigation::nest(publication.contents.iter().zip(levels).enumerate().map(
        |(index, (contents, level))| {
            let label = xhtml::entry_label(contents);
            let label = non_empty(&label, "Untitled section");
            let href = format!("{href}#{}", xhtml::contents_anchor(index));
            (Entry::new(href, xml_chars(label)), level)
        },
    ));
    entry
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    /// Hashed a publication at a time, the identifier is the UUID v5 of the
    /// whole model's JSON without source spans, and the spans do not count.
    #[test]
    fn identifier_is_the_v5_of_the_model_without_sources() {
        let publication = |title: &str, line: usize| Publication {
            title: title.into(),
            authors: vec!["Karin Grimm".into()],
            summary: vec![Block::paragraph("Text of \"the\" summary.", line + 2)],
            source: SourceSpan {
                file: "listing.txt".into(),
                first_line: line,
                last_line: line + 3,
            },
            ..Publication::default()
        };
        let mut collection = Collection {
            title: "Briefs".into(),
            owner: Some("Owner".into()),
            language: "en-GB".into(),
            date: None,
            publications: vec![publication("One", 3), publication("Two", 9)],
        };
        let doc = |collection: &Collection| {
            content_identifier(&Document {
                collection,
                stem: "briefs",
                source_dir: std::path::Path::new("."),
            })
        };
        let mut whole = collection.clone();
        for p in &mut whole.publications {
            p.source = SourceSpan::default();
        }
        let mut name = serde_json::to_vec(&whole).unwrap();
        name.extend_from_slice(b"briefs");
        let expected = Uuid::new_v5(&IDENTIFIER_NAMESPACE, &name);
        assert_eq!(doc(&collection), expected);
        collection.publications[1].source.first_line = 40;
        assert_eq!(doc(&collection), expected);
        collection.publications[1].title = "Three".into();
        assert_ne!(doc(&collection), expected);
        collection.publications.clear();
        assert_ne!(doc(&collection), expected);
    }
}
