//! How the bytes are written: laid-out pages to printpdf operations with
//! subset fonts and fixed resource names, then a lopdf post-step for what
//! printpdf does not do right (nested outline with positions, page mode,
//! metadata, a fixed trailer /ID), so output depends only on the input.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, Context, Result};
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, Color, ColorArray, Destination, FontId, HighlightingMode,
    ImageCompression, ImageOptimizationOptions, Line as PdfLine, LineDashPattern, LinePoint,
    LinkAnnotation, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, RawImage, RawImageData, RawImageFormat, Rect, Rgb, TextItem,
    TextMatrix, XObject, XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

use super::fonts::{FaceId, Fonts};
use super::layout::{Laid, Mark};
use super::style::Page;
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
}

pub fn write(laid: &Laid, fonts: &Fonts, page: &Page, meta: &Metadata) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&meta.title);

    // Fonts: subset each face to the glyphs used, renumbering them.
    let mut used: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
    for mark in laid.pages.iter().flatten() {
        if let Mark::Text { span, .. } = mark {
            for glyph in &span.shaped.glyphs[span.glyphs.clone()] {
                used.entry(glyph.face).or_default().insert(glyph.gid);
            }
        }
    }
    let mut remap: BTreeMap<FaceId, subsetter::GlyphRemapper> = BTreeMap::new();
    for (&face_id, gids) in &used {
        let face = fonts.face(face_id);
        let mut remapper = subsetter::GlyphRemapper::new();
        for &gid in gids {
            remapper.remap(gid);
        }
        let subset = subsetter::subset(face.data, 0, &remapper)
            .map_err(|e| anyhow!("cannot subset the font {}: {e}", face.name))?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&subset, 0, &mut warnings)
            .with_context(|| format!("cannot read back the subset of {}", face.name))?;
        parsed.font_name = Some(format!("{}+{}", subset_tag(&face.name, gids), face.name));
        doc.resources
            .fonts
            .map
            .insert(font_id(face_id), PdfFont::new(parsed));
        remap.insert(face_id, remapper);
    }

    for (index, picture) in laid.pictures.iter().enumerate() {
        doc.resources.xobjects.map.insert(
            picture_id(index),
            XObject::Image(RawImage {
                pixels: RawImageData::U8(picture.rgb.clone()),
                width: picture.width_px as usize,
                height: picture.height_px as usize,
                data_format: RawImageFormat::RGB8,
                tag: Vec::new(),
            }),
        );
    }

    let pages = laid
        .pages
        .iter()
        .map(|marks| {
            PdfPage::new(
                Mm(page.width * 25.4 / 72.0),
                Mm(page.height * 25.4 / 72.0),
                page_ops(marks, fonts, &remap, laid),
            )
        })
        .collect();
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
    finish(&mut pdf, laid, page, meta)?;
    compress(&mut pdf)?;
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).context("cannot write the PDF")?;
    Ok(bytes)
}

/// Flate-compresses every stream not yet filtered, at a fast level: the
/// best level (lopdf's) costs several times the time for a few per cent.
/// One compressor is reset between streams; setting one up is costly.
fn compress(pdf: &mut lopdf::Document) -> Result<()> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    let mut compressor = Compress::new(Compression::new(COMPRESSION_LEVEL), true);
    for object in pdf.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() || !stream.allows_compression {
            continue;
        }
        compressor.reset();
        let mut out = Vec::with_capacity(stream.content.len() / 2 + 64);
        loop {
            let consumed = compressor.total_in() as usize;
            let status = compressor
                .compress_vec(&stream.content[consumed..], &mut out, FlushCompress::Finish)
                .map_err(|e| anyhow!("cannot compress a PDF stream: {e}"))?;
            match status {
                Status::StreamEnd => break,
                _ => out.reserve(out.capacity().max(1024)),
            }
        }
        if out.len() < stream.content.len() {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(out);
        }
    }
    Ok(())
}

const COMPRESSION_LEVEL: u32 = 1;

fn font_id(face: FaceId) -> FontId {
    FontId(format!("F{}", face.index() + 1))
}

fn picture_id(index: usize) -> XObjectId {
    XObjectId(format!("Im{}", index + 1))
}

/// Six capital letters naming a subset (PDF 9.6.4), from its contents, so
/// the same document always gets the same tag.
fn subset_tag(name: &str, gids: &BTreeSet<u16>) -> String {
    let mut hash = Sha256::new();
    hash.update(name.as_bytes());
    for gid in gids {
        hash.update(gid.to_be_bytes());
    }
    hash.finalize()[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

fn rgb(rgb: [f32; 3]) -> Color {
    Color::Rgb(Rgb::new(rgb[0], rgb[1], rgb[2], None))
}

fn page_ops(
    marks: &[Mark],
    fonts: &Fonts,
    remap: &BTreeMap<FaceId, subsetter::GlyphRemapper>,
    laid: &Laid,
) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    let mut text = TextRuns::default();
    for mark in marks {
        let Mark::Text { x, y, span } = mark else {
            continue;
        };
        let glyphs = &span.shaped.glyphs[span.glyphs.clone()];
        let mut pen = *x;
        // Stretches of glyphs from one face.
        let mut start = 0;
        while start < glyphs.len() {
            let face_id = glyphs[start].face;
            let end = glyphs[start..]
                .iter()
                .position(|g| g.face != face_id)
                .map_or(glyphs.len(), |k| start + k);
            let face = fonts.face(face_id);
            let remapper = &remap[&face_id];
            let codepoints = glyphs[start..end]
                .iter()
                .map(|g| Codepoint {
                    gid: remapper.get(g.gid).unwrap_or(0),
                    // The reader advances by the /W width; this moves the
                    // pen to the shaped (kerned) advance instead.
                    offset: face.pdf_advance(g.gid) - g.advance,
                    cid: Some(span.shaped.glyph_text(g).to_string()),
                })
                .collect();
            let width =
                glyphs[start..end].iter().map(|g| g.advance).sum::<f32>() * span.size / 1000.0;
            text.show(
                &mut ops,
                (face_id, span.size, span.colour),
                pen,
                *y,
                width,
                codepoints,
            );
            pen += width;
            start = end;
        }
    }
    text.flush(&mut ops);
    ops.push(Op::EndTextSection);
    for mark in marks {
        match mark {
            Mark::Rule {
                x0,
                x1,
                y,
                colour: c,
            } => {
                ops.push(Op::SetOutlineColor { col: rgb(*c) });
                ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
                ops.push(Op::SetLineDashPattern {
                    dash: LineDashPattern::default(),
                });
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: Pt(*x0),
                                    y: Pt(*y),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: Pt(*x1),
                                    y: Pt(*y),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Mark::Picture {
                index,
                x,
                y,
                width,
                height,
            } => {
                let picture = &laid.pictures[*index];
                ops.push(Op::UseXobject {
                    id: picture_id(*index),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(*y)),
                        scale_x: Some(width / picture.width_px as f32),
                        scale_y: Some(height / picture.height_px as f32),
                        dpi: Some(72.0),
                        ..XObjectTransform::default()
                    },
                });
            }
            Mark::Link {
                x0,
                y0,
                x1,
                y1,
                target,
            } => {
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
            Mark::Text { .. } => {}
        }
    }
    ops
}

/// Text shown so far on one baseline in one face, size and colour: one
/// text matrix and one show operation per such run, the gaps between words
/// as offsets, keeps the operations (and printpdf's work) few.
#[derive(Default)]
struct TextRuns {
    /// Face, size and colour in effect in the content stream.
    state: Option<(FaceId, f32, [f32; 3])>,
    /// The open run: its start, baseline, pen position and items.
    open: Option<(f32, f32, f32, Vec<TextItem>)>,
}

impl TextRuns {
    fn show(
        &mut self,
        ops: &mut Vec<Op>,
        state: (FaceId, f32, [f32; 3]),
        x: f32,
        y: f32,
        width: f32,
        codepoints: Vec<Codepoint>,
    ) {
        let size = state.1;
        let continues = self.state == Some(state)
            && self
                .open
                .as_ref()
                .is_some_and(|&(_, run_y, pen, _)| run_y == y && x >= pen - 0.01);
        if continues {
            if let Some((_, _, pen, items)) = self.open.as_mut() {
                let gap = (x - *pen) * 1000.0 / size;
                if gap.abs() > 0.001 {
                    items.push(TextItem::Offset(-gap));
                }
                items.push(TextItem::GlyphIds(codepoints));
                *pen = x + width;
            }
            return;
        }
        self.flush(ops);
        let (face, _, colour) = state;
        if self.state.map(|s| s.2) != Some(colour) {
            ops.push(Op::SetFillColor { col: rgb(colour) });
        }
        if self.state.map(|s| (s.0, s.1)) != Some((face, size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(face)),
                size: Pt(size),
            });
        }
        self.state = Some(state);
        self.open = Some((x, y, x + width, vec![TextItem::GlyphIds(codepoints)]));
    }

    fn flush(&mut self, ops: &mut Vec<Op>) {
        if let Some((x, y, _, items)) = self.open.take() {
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            });
            ops.push(Op::ShowText { items });
        }
    }
}

/// The post-step: outline, catalog entries, metadata and a fixed /ID.
fn finish(pdf: &mut lopdf::Document, laid: &Laid, page: &Page, meta: &Metadata) -> Result<()> {
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
        let children = |parent: Option<usize>| -> Vec<usize> {
            (0..ids.len()).filter(|&i| parents[i] == parent).collect()
        };
        for (i, entry) in laid.outline.iter().enumerate() {
            let siblings = children(parents[i]);
            let at = siblings.iter().position(|&s| s == i).unwrap_or(0);
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
            let kids = children(Some(i));
            if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
                item.set("First", Object::Reference(ids[first]));
                item.set("Last", Object::Reference(ids[last]));
                // Closed: a negative count of the entries it would show.
                item.set("Count", -(kids.len() as i64));
            }
            pdf.objects.insert(ids[i], Object::Dictionary(item));
        }
        let top_level = children(None);
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
    for &page_id in &page_ids {
        let contents = pdf
            .get_dictionary(page_id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(Object::as_reference);
        if let Ok(Object::Stream(stream)) = contents.and_then(|id| pdf.get_object(id)) {
            hash.update(&stream.content);
        }
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
fn text_string(text: &str) -> Object {
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
