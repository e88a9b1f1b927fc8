//! How the bytes are written: printpdf builds the document (subset fonts
//! with fixed resource names, pictures, links), each page's content stream
//! is replaced by the operators `content` writes, and a lopdf post-step adds
//! what printpdf does not do right (nested outline with positions, page
//! mode, metadata, a fixed trailer /ID), so output depends only on the input.

use std::cell::RefCell;

use anyhow::{anyhow, bail, Context, Result};
use flate2::{Compress, Compression, FlushCompress, Status};
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, ColorArray, Destination, FontId, HighlightingMode,
    ImageCompression, ImageOptimizationOptions, LinkAnnotation, Mm, Op, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, RawImage, RawImageData, RawImageFormat,
    Rect, TextItem, XObject, XObjectId,
};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::content;
use super::fonts::Fonts;
use super::layout::{Laid, Mark};
use super::pdfa::{self, PdfStandard};
use super::style::Page;
use super::tagging;
use super::text::Target;

/// Document information for the /Info dictionary.
pub struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    pub creator: String,
    /// PDF date string, `D:YYYYMMDDHHmmSSZ`.
    pub date: String,
    /// The document's language (BCP 47), for /Lang and the XMP.
    pub lang: String,
    pub standard: Option<PdfStandard>,
}

/// Writes the document. The laid-out pages are taken from `laid` and each
/// page's marks are dropped as soon as its content is written, so a long
/// document does not hold every page's marks and the PDF objects at once.
pub fn write(laid: &mut Laid, fonts: &Fonts, page: &Page, meta: &Metadata) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&meta.title);

    // Fonts: subset each face to the glyphs used, renumbering them. Each
    // glyph keeps the first non-empty text it stands for, for ToUnicode.
    // Tables indexed by glyph id: a page shows thousands of glyphs.
    let mut used: Vec<Vec<Option<&str>>> = vec![Vec::new(); fonts.faces.len()];
    for mark in laid.pages.iter().flatten() {
        if let Mark::Text { span, .. } = mark {
            for glyph in &span.shaped.glyphs[span.glyphs.clone()] {
                let table = &mut used[glyph.face.index()];
                if table.is_empty() {
                    table.resize(fonts.face(glyph.face).glyph_count(), None);
                }
                let Some(text) = table.get_mut(usize::from(glyph.gid)) else {
                    continue;
                };
                if text.is_none_or(str::is_empty) {
                    *text = Some(span.shaped.glyph_text(glyph));
                }
            }
        }
    }
    // Spaces between words are shown as space glyphs (`content`), so every
    // face in use keeps its space.
    for (face, table) in fonts.faces.iter().zip(&mut used) {
        if let (Some((gid, _)), false) = (face.space(), table.is_empty()) {
            if let Some(text) = table.get_mut(usize::from(gid)) {
                *text = Some(" ");
            }
        }
    }
    // Each face's subset glyph id (the code pages show) by original id.
    let mut codes: Vec<Vec<u16>> = vec![Vec::new(); fonts.faces.len()];
    // printpdf writes a font's /W widths and ToUnicode map from the glyphs
    // its page operations show. The page contents are written here instead
    // (`content`), so printpdf is shown each used glyph once, on the first
    // page, whose content stream is then replaced like every other.
    let mut glyph_list = vec![Op::StartTextSection];
    for (face_index, table) in used.iter().enumerate() {
        let glyphs: Vec<(u16, &str)> = table
            .iter()
            .enumerate()
            .filter_map(|(gid, text)| Some((gid as u16, (*text)?)))
            .collect();
        if glyphs.is_empty() {
            continue;
        }
        let face_id = fonts.faces[face_index].id;
        let face = fonts.face(face_id);
        let mut remapper = subsetter::GlyphRemapper::new();
        let face_codes = &mut codes[face_index];
        face_codes.resize(table.len(), 0);
        for &(gid, _) in &glyphs {
            face_codes[usize::from(gid)] = remapper.remap(gid);
        }
        let subset = subsetter::subset(face.data, 0, &remapper)
            .map_err(|e| anyhow!("cannot subset the font {}: {e}", face.name))?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&subset, 0, &mut warnings)
            .with_context(|| format!("cannot read back the subset of {}", face.name))?;
        parsed.font_name = Some(format!("{}+{}", subset_tag(&face.name, &glyphs), face.name));
        doc.resources
            .fonts
            .map
            .insert(FontId(content::font_name(face_id)), PdfFont::new(parsed));
        glyph_list.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(content::font_name(face_id))),
            size: Pt(10.0),
        });
        glyph_list.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(
                glyphs
                    .iter()
                    .map(|&(gid, text)| Codepoint {
                        gid: face_codes[usize::from(gid)],
                        offset: 0.0,
                        cid: Some(text.to_string()),
                    })
                    .collect(),
            )],
        });
    }
    glyph_list.push(Op::EndTextSection);

    for (index, picture) in laid.pictures.iter().enumerate() {
        doc.resources.xobjects.map.insert(
            XObjectId(content::picture_name(index)),
            XObject::Image(RawImage {
                pixels: RawImageData::U8(picture.rgb.clone()),
                width: picture.width_px as usize,
                height: picture.height_px as usize,
                data_format: RawImageFormat::RGB8,
                tag: Vec::new(),
            }),
        );
    }

    let mut pages: Vec<PdfPage> = laid
        .pages
        .iter()
        .map(|marks| {
            PdfPage::new(
                Mm(page.width * 25.4 / 72.0),
                Mm(page.height * 25.4 / 72.0),
                link_ops(marks, laid),
            )
        })
        .collect();
    if let Some(first) = pages.first_mut() {
        first.ops.extend(glyph_list);
    }
    doc.pages = pages;

    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: Some(ImageOptimizationOptions {
            quality: None,
            max_image_size: None,
            dither_greyscale: None,
            convert_to_greyscale: Some(false),
            auto_optimize: Some(false),
            format: Some(ImageCompression::Flate),
        }),
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    let page_ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    let tags: Vec<tagging::PageTags> = laid
        .pages
        .iter()
        .map(|m| tagging::number_marks(m))
        .collect();
    let spaces: Vec<Option<(u16, f32)>> = fonts
        .faces
        .iter()
        .zip(&codes)
        .map(|(face, codes)| {
            let (gid, advance) = face.space()?;
            Some((*codes.get(usize::from(gid))?, advance))
        })
        .collect();
    let glyphs = content::Glyphs {
        codes: &codes,
        spaces: &spaces,
    };
    // What the structure tree needs of the marks: where the links are.
    let links: Vec<Vec<tagging::PageLink>> = laid.pages.iter().map(|m| tagging::links(m)).collect();
    // Each page's operators, written and compressed on all cores; only the
    // compressed bytes are kept, so a long document never holds every
    // page's operators at once. The /ID digests the uncompressed ones.
    let pages = std::mem::take(&mut laid.pages);
    let tree = &laid.tree;
    let streams: Vec<(Vec<u8>, bool, [u8; 32])> = pages
        .into_par_iter()
        .zip(tags.par_iter())
        .map(|(marks, page_tags)| {
            let plain = content::page_content(&marks, &glyphs, page_tags, tree);
            drop(marks);
            let digest: [u8; 32] = Sha256::digest(&plain).into();
            match compressed(&plain)? {
                Some(packed) => Ok((packed, true, digest)),
                None => Ok((plain, false, digest)),
            }
        })
        .collect::<Result<_>>()?;
    let mut page_digests = Vec::with_capacity(streams.len());
    for (&page_id, (bytes, packed, digest)) in page_ids.iter().zip(streams) {
        let contents = pdf
            .get_dictionary(page_id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(Object::as_reference)
            .context("printpdf wrote a page without contents")?;
        let Ok(Object::Stream(stream)) = pdf.get_object_mut(contents) else {
            bail!("printpdf wrote page contents that are not a stream");
        };
        if packed {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        } else {
            // Too short to gain: the final pass must not try it again.
            stream.allows_compression = false;
        }
        stream.set_content(bytes);
        page_digests.push(digest);
    }
    finish(&mut pdf, laid, page, meta, &page_digests)?;
    let catalog = tagging::Catalog { lang: &meta.lang };
    tagging::write(&mut pdf, &laid.tree, &links, &tags, &catalog)?;
    drop((links, tags));
    pdfa::apply(&mut pdf, meta, meta.standard)?;
    compress(&mut pdf)?;
    // Room for the whole file at once: growing by doubling would hold the
    // old and the new copy of a long document together.
    let streams: usize = pdf
        .objects
        .values()
        .map(|object| match object {
            Object::Stream(stream) => stream.content.len(),
            _ => 0,
        })
        .sum();
    let mut bytes = Vec::with_capacity(streams + 256 * pdf.objects.len() + 4096);
    pdf.save_to(&mut bytes).context("cannot write the PDF")?;
    Ok(bytes)
}

thread_local! {
    /// One compressor per thread, reset between streams: setting one up
    /// (some hundreds of KB of tables) for every document cost more than
    /// compressing its pages.
    static COMPRESSOR: RefCell<Compress> =
        RefCell::new(Compress::new(Compression::new(COMPRESSION_LEVEL), true));
}

/// Flate-compresses every stream not yet filtered and not tiny, at a fast
/// level: the best level (lopdf's) costs several times the time for a few
/// per cent.
fn compress(pdf: &mut lopdf::Document) -> Result<()> {
    for object in pdf.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() || !stream.allows_compression {
            continue;
        }
        if let Some(out) = compressed(&stream.content)? {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(out);
        }
    }
    Ok(())
}

/// `content` Flate-compressed, or `None` when it is too short to be worth
/// it or would not get shorter.
fn compressed(content: &[u8]) -> Result<Option<Vec<u8>>> {
    if content.len() < SMALLEST_COMPRESSED {
        return Ok(None);
    }
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        let mut out = Vec::with_capacity(content.len() / 2 + 64);
        loop {
            let consumed = compressor.total_in() as usize;
            let status = compressor
                .compress_vec(&content[consumed..], &mut out, FlushCompress::Finish)
                .map_err(|e| anyhow!("cannot compress a PDF stream: {e}"))?;
            match status {
                Status::StreamEnd => break,
                _ => out.reserve(out.capacity().max(1024)),
            }
        }
        Ok((out.len() < content.len()).then_some(out))
    })
}

const COMPRESSION_LEVEL: u32 = 1;

/// Shorter streams (ToUnicode maps, short pages) are stored as they are:
/// resetting the compressor costs more than the few bytes saved.
const SMALLEST_COMPRESSED: usize = 2048;

/// Six capital letters naming a subset (PDF 9.6.4), from its contents, so
/// the same document always gets the same tag.
fn subset_tag(name: &str, glyphs: &[(u16, &str)]) -> String {
    let mut hash = Sha256::new();
    hash.update(name.as_bytes());
    for (gid, _) in glyphs {
        hash.update(gid.to_be_bytes());
    }
    hash.finalize()[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// A page's links, as printpdf annotations.
fn link_ops(marks: &[Mark], laid: &Laid) -> Vec<Op> {
    let mut ops = Vec::new();
    for mark in marks {
        let Mark::Link {
            x0,
            y0,
            x1,
            y1,
            target,
            ..
        } = mark
        else {
            continue;
        };
        let actions = match target {
            Target::Uri(uri) => Actions::Uri(uri.clone()),
            Target::Anchor(anchor) => {
                let (page_index, top) = laid.anchors[*anchor];
                Actions::Goto(Destination::Xyz {
                    page: page_index + 1,
                    left: None,
                    top: Some(top + 4.0),
                    zoom: None,
                })
            }
        };
        ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                Rect::from_xywh(Pt(*x0), Pt(*y0), Pt(x1 - x0), Pt(y1 - y0)),
                actions,
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                Some(HighlightingMode::Invert),
            ),
        });
    }
    ops
}

/// The post-step: outline, catalog entries, metadata and a fixed /ID.
fn finish(
    pdf: &mut lopdf::Document,
    laid: &Laid,
    page: &Page,
    meta: &Metadata,
    page_digests: &[[u8; 32]],
) -> Result<()> {
    let page_ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();

    if !laid.outline.is_empty() {
        let root = pdf.new_object_id();
        let ids: Vec<lopdf::ObjectId> = laid.outline.iter().map(|_| pdf.new_object_id()).collect();
        // Parent of each entry: the nearest earlier entry that is shallower.
        let mut parents: Vec<Option<usize>> = Vec::with_capacity(ids.len());
        let mut stack: Vec<usize> = Vec::new();
        for (i, entry) in laid.outline.iter().enumerate() {
            while stack
                .last()
                .is_some_and(|&p| laid.outline[p].depth >= entry.depth)
            {
                stack.pop();
            }
            parents.push(stack.last().copied());
            stack.push(i);
        }
        // Children of each entry, and the top level, in one pass: scanning
        // every entry for each entry's children grew with the square of
        // the outline (20,000 papers: most of the PDF's time).
        let mut kids_of: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
        let mut top_level: Vec<usize> = Vec::new();
        // Each entry's place among its siblings.
        let mut places: Vec<usize> = Vec::with_capacity(ids.len());
        for (i, parent) in parents.iter().enumerate() {
            let siblings = match parent {
                Some(p) => &mut kids_of[*p],
                None => &mut top_level,
            };
            places.push(siblings.len());
            siblings.push(i);
        }
        for (i, entry) in laid.outline.iter().enumerate() {
            let siblings = match parents[i] {
                Some(p) => &kids_of[p],
                None => &top_level,
            };
            let at = places[i];
            let (page_index, top) = laid.anchors[entry.anchor];
            let mut item = Dictionary::new();
            item.set("Title", text_string(&entry.title));
            item.set(
                "Parent",
                parents[i].map_or(Object::Reference(root), |p| Object::Reference(ids[p])),
            );
            item.set(
                "Dest",
                vec![
                    Object::Reference(page_ids[page_index]),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Real(page.left - 4.0),
                    Object::Real(top + 4.0),
                    Object::Null,
                ],
            );
            if at > 0 {
                item.set("Prev", Object::Reference(ids[siblings[at - 1]]));
            }
            if let Some(&next) = siblings.get(at + 1) {
                item.set("Next", Object::Reference(ids[next]));
            }
            let kids = &kids_of[i];
            if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
                item.set("First", Object::Reference(ids[first]));
                item.set("Last", Object::Reference(ids[last]));
                // Closed: a negative count of the entries it would show.
                item.set("Count", -(kids.len() as i64));
            }
            pdf.objects.insert(ids[i], Object::Dictionary(item));
        }
        let mut outlines = Dictionary::new();
        outlines.set("Type", Object::Name(b"Outlines".to_vec()));
        outlines.set("First", Object::Reference(ids[top_level[0]]));
        outlines.set(
            "Last",
            Object::Reference(ids[*top_level.last().unwrap_or(&0)]),
        );
        outlines.set("Count", top_level.len() as i64);
        pdf.objects.insert(root, Object::Dictionary(outlines));
        let catalog = pdf.catalog_mut().context("the PDF has no catalog")?;
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }

    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    info.set("Author", text_string(&meta.author));
    info.set("Subject", text_string(&meta.subject));
    info.set("Keywords", text_string(&meta.keywords));
    info.set("Creator", text_string(&meta.creator));
    info.set("Producer", text_string(&meta.creator));
    info.set("CreationDate", Object::string_literal(meta.date.clone()));
    info.set("ModDate", Object::string_literal(meta.date.clone()));
    // Replace printpdf's /Info (its dates are the clock's, not the build's).
    if let Ok(Object::Reference(old)) = pdf.trailer.get(b"Info") {
        let old = *old;
        pdf.objects.remove(&old);
    }
    let info_id = pdf.add_object(Object::Dictionary(info));
    pdf.trailer.set("Info", Object::Reference(info_id));

    // The /ID: a digest of what the pages show (the page contents decide
    // the font subsets too), so two builds of the same input agree and
    // different inputs differ.
    let mut hash = Sha256::new();
    for digest in page_digests {
        hash.update(digest);
    }
    hash.update(meta.title.as_bytes());
    hash.update(meta.date.as_bytes());
    let id = hash.finalize()[..16].to_vec();
    pdf.trailer.set(
        "ID",
        vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ],
    );
    Ok(())
}

/// A PDF text string: literal when plain ASCII, else UTF-16BE with a BOM.
pub fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::string_literal(text)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        for unit in text.encode_utf16() {
            bytes.extend(unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}
