//! How the bytes are written. Each page's content stream is written as
//! layout hands the page over (`content` writes the operators; glyphs get
//! their subset codes in the order the pages are written), so a long
//! document never holds every page's marks. At the end printpdf builds
//! the frame (subset fonts with fixed resource names, pictures, the page
//! tree), a lopdf post-step adds what printpdf does not do right (page
//! mode, metadata, a fixed trailer /ID), so output depends only on the
//! input. The pages with their links, the nested outline and the structure
//! tree are written as bytes (`objects`), which also saves the file.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver, Sender};

use anyhow::{anyhow, bail, ensure, Context, Result};
use flate2::{Compress, Compression, FlushCompress, Status};
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Codepoint, FontId, ImageCompression, ImageOptimizationOptions, Mm, Op, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, RawImage, RawImageData, RawImageFormat,
    TextItem, XObject, XObjectId,
};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::content;
use super::fonts::Fonts;
use super::layout::{Laid, Mark};
use super::objects;
use super::pdfa::{self, PdfStandard};
use super::style::Page;
use super::tagging::{self, Tree};
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

/// How many publication pages are written at once, on all cores, and how
/// many such batches may wait for a thread.
const BATCH: usize = 64;
const MOST_IN_FLIGHT: usize = 2;

/// Writes the document: page content streams as layout hands pages over
/// (so their marks are dropped early), then the fonts, subset to the
/// glyphs shown, and the rest of the file.
pub struct Writer<'f> {
    fonts: &'f Fonts,
    /// Per face, by code in the subset: the glyph id and the first
    /// non-empty text the glyph stands for (for ToUnicode). Held by code,
    /// not by glyph id: a document shows a few hundred of a face's
    /// thousands of glyphs.
    texts: Vec<Vec<(u16, Option<Box<str>>)>>,
    /// Per face, by glyph id: its code in the subset, given in the order
    /// pages are written (publications, then front matter and running
    /// heads; 0: not shown yet); and per face in use its space's code and
    /// advance.
    codes: Codes,
    remappers: Vec<subsetter::GlyphRemapper>,
    /// Publication pages waiting for a full batch.
    waiting: Vec<Vec<Mark>>,
    /// Batches being written in the background come back here.
    done: (Sender<Batch>, Receiver<Batch>),
    /// Batches of publication pages written but not filed yet, by number.
    ready: BTreeMap<usize, Vec<WrittenPage>>,
    /// Batches begun, and filed (in order).
    batches: usize,
    batches_filed: usize,
    /// Batches being written on other threads.
    in_flight: usize,
    /// The file so far: its header, then each content stream once it is
    /// written and the pages before it are filed (so a page's bytes are
    /// not held twice), numbered from 1; `into_pdf` adds the rest.
    file: objects::Written,
    streams: u32,
    /// The publication pages filed, in order.
    body: Vec<PageInFile>,
}

#[derive(Clone)]
struct Codes {
    codes: Vec<Vec<u16>>,
    spaces: Vec<Option<(u16, f32)>>,
}

/// A batch written in the background, with its pages' marks, which go
/// back to be dropped on the thread that made them: freed on other
/// threads, a long document's marks piled up in the allocator.
struct Batch {
    index: usize,
    written: Result<Vec<WrittenPage>>,
    marks: Vec<Vec<Mark>>,
}

/// A page in the file: its content stream's object number, and what the
/// rest of the file needs of it.
struct PageInFile {
    content: lopdf::ObjectId,
    /// Of the content stream as stored, for the /ID.
    digest: [u8; 32],
    record: tagging::PageRecord,
    links: Vec<Mark>,
}

/// A page's content, written.
struct WrittenPage {
    bytes: Vec<u8>,
    /// Whether `bytes` are compressed (not when that gains nothing).
    packed: bool,
    /// Of the content stream as stored, for the /ID.
    digest: [u8; 32],
    record: tagging::PageRecord,
    /// The page's link marks, for its annotations.
    links: Vec<Mark>,
}

impl<'f> Writer<'f> {
    /// A writer for a file of PDF `version`, which may take `capacity`
    /// bytes (see `objects::Written::file`).
    pub fn new(fonts: &'f Fonts, version: &str, capacity: usize) -> Self {
        let faces = fonts.faces.len();
        Writer {
            fonts,
            texts: vec![Vec::new(); faces],
            codes: Codes {
                codes: vec![Vec::new(); faces],
                spaces: vec![None; faces],
            },
            remappers: (0..faces)
                .map(|_| subsetter::GlyphRemapper::new())
                .collect(),
            waiting: Vec::new(),
            done: mpsc::channel(),
            ready: BTreeMap::new(),
            batches: 0,
            batches_filed: 0,
            in_flight: 0,
            file: objects::Written::file(version, capacity),
            streams: 0,
            body: Vec::new(),
        }
    }

    /// Takes full publication pages from layout, in order. Each full batch
    /// is written on `scope` while layout goes on.
    pub fn add<'s>(
        &mut self,
        pages: Vec<Vec<Mark>>,
        tree: &Tree,
        scope: &rayon::Scope<'s>,
    ) -> Result<()> {
        self.waiting.extend(pages);
        while let Ok(batch) = self.done.1.try_recv() {
            self.take_batch(batch)?;
        }
        if self.waiting.len() >= BATCH {
            let pages = std::mem::take(&mut self.waiting);
            if self.in_flight >= MOST_IN_FLIGHT {
                // The other threads are behind: this one writes too, so
                // pages waiting to be written stay few.
                let written = self.write_pages(pages, tree)?;
                self.ready.insert(self.batches, written);
                self.batches += 1;
                self.file_ready();
                return Ok(());
            }
            let tags = self.prepare(&pages, tree);
            // The codes as they are now: every glyph of these pages has one.
            let codes = self.codes.clone();
            let index = self.batches;
            self.batches += 1;
            let sender = self.done.0.clone();
            self.in_flight += 1;
            scope.spawn(move |_| {
                let written = write_batch(&pages, tags, &codes);
                // The receiver outlives the scope.
                let _ = sender.send(Batch {
                    index,
                    written,
                    marks: pages,
                });
            });
        }
        Ok(())
    }

    fn take_batch(&mut self, batch: Batch) -> Result<()> {
        self.in_flight -= 1;
        self.ready.insert(batch.index, batch.written?);
        drop(batch.marks);
        self.file_ready();
        Ok(())
    }

    /// Files the batches that are written and follow those filed.
    fn file_ready(&mut self) {
        while let Some(pages) = self.ready.remove(&self.batches_filed) {
            for page in pages {
                let filed = self.file_page(page);
                self.body.push(filed);
            }
            self.batches_filed += 1;
        }
    }

    /// Puts a page's content stream in the file.
    fn file_page(&mut self, page: WrittenPage) -> PageInFile {
        self.streams += 1;
        let content = (self.streams, 0);
        let mut stream = lopdf::Stream::new(Dictionary::new(), page.bytes);
        if page.packed {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
        self.file.put(content, &Object::Stream(stream));
        PageInFile {
            content,
            digest: page.digest,
            record: page.record,
            links: page.links,
        }
    }

    /// Writes pages and files them, a batch at a time.
    fn write_and_file(&mut self, pages: Vec<Vec<Mark>>, tree: &Tree) -> Result<Vec<PageInFile>> {
        let mut filed = Vec::with_capacity(pages.len());
        let mut pages = pages.into_iter();
        loop {
            let batch: Vec<Vec<Mark>> = pages.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                return Ok(filed);
            }
            for page in self.write_pages(batch, tree)? {
                filed.push(self.file_page(page));
            }
        }
    }

    /// Gives each glyph of the pages a code (in page order) and numbers
    /// each page's marks for the structure tree.
    fn prepare(&mut self, pages: &[Vec<Mark>], tree: &Tree) -> Vec<tagging::PageTags> {
        for marks in pages {
            self.note_glyphs(marks);
        }
        pages
            .iter()
            .map(|marks| tagging::number_marks(marks, tree))
            .collect()
    }

    /// Gives each glyph the marks show a code, and each face in use its
    /// space (spaces between words are space glyphs, see `content`).
    fn note_glyphs(&mut self, marks: &[Mark]) {
        for mark in marks {
            let Mark::Text { span, .. } = mark else {
                continue;
            };
            for glyph in &span.shaped.glyphs[span.glyphs.clone()] {
                let face = glyph.face.index();
                if self.codes.codes[face].is_empty() {
                    self.start_face(face);
                }
                let gid = usize::from(glyph.gid);
                let Some(code) = self.codes.codes[face].get_mut(gid) else {
                    continue;
                };
                if *code == 0 && gid != 0 {
                    *code = self.remappers[face].remap(glyph.gid);
                }
                let (of, text) = text_of(&mut self.texts[face], *code);
                *of = glyph.gid;
                if text.as_deref().is_none_or(str::is_empty) {
                    let shown = span.shaped.glyph_text(glyph);
                    if text.is_none() || !shown.is_empty() {
                        *text = Some(shown.into());
                    }
                }
            }
        }
    }

    fn start_face(&mut self, face: usize) {
        let count = self.fonts.face(self.fonts.faces[face].id).glyph_count();
        self.codes.codes[face] = vec![0; count];
        if let Some((gid, advance)) = self.fonts.faces[face].space() {
            if usize::from(gid) < count {
                let code = self.remappers[face].remap(gid);
                self.codes.codes[face][usize::from(gid)] = code;
                *text_of(&mut self.texts[face], code) = (gid, Some(" ".into()));
                self.codes.spaces[face] = Some((code, advance));
            }
        }
    }

    /// Writes pages here and now.
    fn write_pages(&mut self, pages: Vec<Vec<Mark>>, tree: &Tree) -> Result<Vec<WrittenPage>> {
        let tags = self.prepare(&pages, tree);
        write_batch(&pages, tags, &self.codes)
    }

    /// Writes the front matter and running heads, then the whole file.
    /// The batches sent to `add`'s scope must all be done (the scope ended).
    pub fn into_pdf(mut self, mut laid: Laid, page: &Page, meta: &Metadata) -> Result<Vec<u8>> {
        while let Ok(batch) = self.done.1.try_recv() {
            self.take_batch(batch)?;
        }
        let waiting = std::mem::take(&mut self.waiting);
        let last = self.write_pages(waiting, &laid.tree)?;
        self.ready.insert(self.batches, last);
        self.batches += 1;
        self.file_ready();
        ensure!(
            self.batches_filed == self.batches,
            "a batch of pages was never written"
        );
        let body = std::mem::take(&mut self.body);
        let front = self.write_and_file(std::mem::take(&mut laid.front), &laid.tree)?;
        // A page with neither head nor foot has no second stream.
        let running_marks = std::mem::take(&mut laid.running);
        let has_running: Vec<bool> = running_marks.iter().map(|m| !m.is_empty()).collect();
        let running_marks = running_marks
            .into_iter()
            .filter(|m| !m.is_empty())
            .collect();
        let mut running_filed = self.write_and_file(running_marks, &laid.tree)?.into_iter();
        let running: Vec<Option<PageInFile>> = has_running
            .into_iter()
            .map(|has| if has { running_filed.next() } else { None })
            .collect();
        let mut filed: Vec<PageInFile> = front.into_iter().chain(body).collect();

        let mut doc = PdfDocument::new(&meta.title);
        // printpdf writes a font's /W widths and ToUnicode map from the
        // glyphs its page operations show. The page contents are filed
        // here instead (`content`), so printpdf is shown each used glyph
        // once, on a page of its own, which is then taken out whole
        // (`Frame::take`): the document's pages are written as bytes.
        let mut glyph_list = vec![Op::StartTextSection];
        for (face_index, texts) in self.texts.iter().enumerate() {
            let mut glyphs: Vec<(u16, &str)> = texts
                .iter()
                .filter_map(|(gid, text)| Some((*gid, text.as_deref()?)))
                .collect();
            glyphs.sort_unstable_by_key(|&(gid, _)| gid);
            if glyphs.is_empty() {
                continue;
            }
            let face_id = self.fonts.faces[face_index].id;
            let face = self.fonts.face(face_id);
            let codes = &self.codes.codes[face_index];
            let subset = subsetter::subset(face.embedded(), 0, &self.remappers[face_index])
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
                            gid: codes[usize::from(gid)],
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

        // printpdf is given one page, to carry the glyph list; it is
        // replaced by the document's pages, filed below as bytes (as
        // lopdf objects, a long document's pages took hundreds of MB).
        doc.pages = vec![PdfPage::new(
            Mm(page.width * 25.4 / 72.0),
            Mm(page.height * 25.4 / 72.0),
            glyph_list,
        )];
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
        drop(doc);
        // Numbered after the content streams already in the file.
        pdf.renumber_objects_with(self.streams + 1);
        let frame = Frame::take(&mut pdf)?;
        ensure!(
            running.len() == filed.len(),
            "{} pages laid out, {} running heads",
            filed.len(),
            running.len()
        );
        let page_ids: Vec<lopdf::ObjectId> = filed.iter().map(|_| pdf.new_object_id()).collect();
        let annotation_ids: Vec<Vec<lopdf::ObjectId>> = filed
            .iter()
            .map(|w| w.links.iter().map(|_| pdf.new_object_id()).collect())
            .collect();
        let parents = frame.set_kids(&mut pdf, &page_ids)?;
        let mut page_digests = Vec::with_capacity(2 * filed.len());
        let mut records = Vec::with_capacity(filed.len());
        for (w, running) in filed.iter_mut().zip(&running) {
            page_digests.push(w.digest);
            records.push(std::mem::take(&mut w.record));
            page_digests.extend(running.as_ref().map(|r| r.digest));
        }
        let outline_ids = (!laid.outline.is_empty()).then(|| {
            let root = pdf.new_object_id();
            let ids: Vec<lopdf::ObjectId> =
                laid.outline.iter().map(|_| pdf.new_object_id()).collect();
            (root, ids)
        });
        finish(
            &mut pdf,
            outline_ids.as_ref().map(|(root, _)| *root),
            meta,
            &page_digests,
        )?;
        let mut file = std::mem::take(&mut self.file);
        file.reserve(room_for_rest(&pdf, &filed, &laid));
        // The outline and the structure tree, filed at once.
        let catalog = tagging::Catalog { lang: &meta.lang };
        let (outline, keys) = rayon::join(
            || match &outline_ids {
                Some((root, ids)) => outline(&laid, &page_ids, page.left, *root, ids),
                None => objects::Written::default(),
            },
            || {
                tagging::write(
                    &mut pdf,
                    &laid.tree,
                    &records,
                    &page_ids,
                    &annotation_ids,
                    &catalog,
                    &mut file,
                )
            },
        );
        let keys = keys?;
        file.append(outline);
        drop(records);
        let pages = Pages {
            frame: &frame,
            ids: &page_ids,
            parents: &parents,
            anchors: &laid.anchors,
        };
        for (index, (w, running)) in filed.into_iter().zip(running).enumerate() {
            pages.write(
                &mut file,
                index,
                w,
                running,
                &annotation_ids[index],
                &keys[index],
            );
        }
        pdfa::apply(&mut pdf, meta, meta.standard)?;
        compress(&mut pdf)?;
        let bytes = objects::save(&mut pdf, file);
        Ok(bytes)
    }
}

/// The glyph id and text kept for subset code `code` of a face, made room
/// for when the code is new.
fn text_of(texts: &mut Vec<(u16, Option<Box<str>>)>, code: u16) -> &mut (u16, Option<Box<str>>) {
    let code = usize::from(code);
    if texts.len() <= code {
        texts.resize(code + 1, (0, None));
    }
    &mut texts[code]
}

/// Each page's operators, written and compressed on all cores; only the
/// compressed bytes are kept.
fn write_batch(
    pages: &[Vec<Mark>],
    tags: Vec<tagging::PageTags>,
    codes: &Codes,
) -> Result<Vec<WrittenPage>> {
    let glyphs = content::Glyphs {
        codes: &codes.codes,
        spaces: &codes.spaces,
    };
    pages
        .par_iter()
        .zip(tags)
        .map(|(marks, tags)| {
            let plain = content::page_content(marks, &glyphs, &tags);
            let record = tagging::record(marks, tags);
            let links = marks
                .iter()
                .filter(|mark| matches!(mark, Mark::Link { .. }))
                .cloned()
                .collect();
            let (bytes, packed) = match compressed(&plain)? {
                Some(packed) => (packed, true),
                None => (plain, false),
            };
            // Compression is deterministic, so the stored bytes (a third
            // as many to hash) stand for the content as well.
            let digest: [u8; 32] = Sha256::digest(&bytes).into();
            Ok(WrittenPage {
                bytes,
                packed,
                digest,
                record,
                links,
            })
        })
        .collect()
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
        out.shrink_to_fit();
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

/// More bytes than the rest of the file will take: lopdf's objects as
/// they are (before compression), and a generous share per page, link,
/// structure element and outline entry (its cross-reference entry
/// included). Room never written to costs nothing.
fn room_for_rest(pdf: &lopdf::Document, pages: &[PageInFile], laid: &Laid) -> usize {
    let objects: usize = pdf
        .objects
        .values()
        .map(|object| match object {
            Object::Stream(stream) => stream.content.len() + 256,
            _ => 256,
        })
        .sum();
    let links: usize = pages.iter().map(|w| 1024 + 512 * w.links.len()).sum();
    let outline: usize = laid.outline.iter().map(|e| 4 * e.title.len() + 512).sum();
    objects + links + outline + 256 * laid.tree.nodes.len() + 4096
}

/// What printpdf's one page leaves for every page: the page tree node,
/// the resources (shared by all pages) and the page boxes.
struct Frame {
    parent: lopdf::ObjectId,
    resources: lopdf::ObjectId,
    boxes: Vec<(&'static str, Object)>,
}

impl Frame {
    /// Takes printpdf's page (and its content stream) out of `pdf`.
    fn take(pdf: &mut lopdf::Document) -> Result<Frame> {
        let pages = pdf.get_pages();
        let (Some(&page_id), 1) = (pages.values().next(), pages.len()) else {
            bail!("printpdf wrote {} pages, not one", pages.len());
        };
        let Some(Object::Dictionary(page)) = pdf.objects.remove(&page_id) else {
            bail!("printpdf wrote a page that is not a dictionary");
        };
        let reference = |name: &[u8]| {
            page.get(name)
                .and_then(Object::as_reference)
                .with_context(|| {
                    format!(
                        "printpdf wrote a page without /{}",
                        String::from_utf8_lossy(name)
                    )
                })
        };
        pdf.objects.remove(&reference(b"Contents")?);
        let boxes = ["MediaBox", "TrimBox", "CropBox"]
            .into_iter()
            .filter_map(|name| Some((name, page.get(name.as_bytes()).ok()?.clone())))
            .collect();
        Ok(Frame {
            parent: reference(b"Parent")?,
            resources: reference(b"Resources")?,
            boxes,
        })
    }

    /// Puts the document's pages in the page tree: under its root, or for
    /// a long document in nodes of `PAGES_PER_NODE` under it (see
    /// `objects::MOST_ARRAY_ITEMS`). Gives each page's parent.
    fn set_kids(
        &self,
        pdf: &mut lopdf::Document,
        page_ids: &[lopdf::ObjectId],
    ) -> Result<Vec<lopdf::ObjectId>> {
        let references = |ids: &[lopdf::ObjectId]| -> Vec<Object> {
            ids.iter().map(|&id| Object::Reference(id)).collect()
        };
        let mut parents = vec![self.parent; page_ids.len()];
        let kids = if page_ids.len() <= PAGES_PER_NODE {
            references(page_ids)
        } else {
            let mut nodes = Vec::new();
            for (chunk, ids) in page_ids.chunks(PAGES_PER_NODE).enumerate() {
                let node = pdf.add_object(Dictionary::from_iter([
                    ("Type", Object::Name(b"Pages".to_vec())),
                    ("Parent", Object::Reference(self.parent)),
                    ("Kids", Object::Array(references(ids))),
                    ("Count", Object::Integer(ids.len() as i64)),
                ]));
                parents[chunk * PAGES_PER_NODE..][..ids.len()].fill(node);
                nodes.push(node);
            }
            references(&nodes)
        };
        let root = pdf.get_dictionary_mut(self.parent)?;
        root.set("Kids", kids);
        root.set("Count", page_ids.len() as i64);
        Ok(parents)
    }
}

/// Pages per node of a long document's page tree.
const PAGES_PER_NODE: usize = objects::MOST_ARRAY_ITEMS;

/// Writes the pages as bytes.
struct Pages<'a> {
    frame: &'a Frame,
    ids: &'a [lopdf::ObjectId],
    /// Each page's node in the page tree.
    parents: &'a [lopdf::ObjectId],
    /// Each anchor's page and height, where internal links go.
    anchors: &'a [(usize, f32)],
}

impl Pages<'_> {
    /// Page `index`: its content streams (the page's own, then its running
    /// head and foot), its link annotations (with their keys in the parent
    /// tree) and the page object.
    fn write(
        &self,
        out: &mut objects::Written,
        index: usize,
        page: PageInFile,
        running: Option<PageInFile>,
        annotations: &[lopdf::ObjectId],
        keys: &[Option<usize>],
    ) {
        let id = self.ids[index];
        for ((link, &annotation), &key) in page.links.iter().zip(annotations).zip(keys) {
            if let Some(dict) = self.annotation(link, id, key) {
                out.put(annotation, &Object::Dictionary(dict));
            }
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Page".to_vec()));
        for (name, value) in &self.frame.boxes {
            dict.set(*name, value.clone());
        }
        dict.set("Parent", Object::Reference(self.parents[index]));
        dict.set("Resources", Object::Reference(self.frame.resources));
        // The running head and foot, when the page has them, are a second stream.
        let page_content = Object::Reference(page.content);
        dict.set(
            "Contents",
            match running {
                None => page_content,
                Some(r) => Object::Array(vec![page_content, Object::Reference(r.content)]),
            },
        );
        if !annotations.is_empty() {
            let refs: Vec<Object> = annotations.iter().map(|&a| Object::Reference(a)).collect();
            dict.set("Annots", refs);
        }
        dict.set("StructParents", index as i64);
        dict.set("Tabs", Object::Name(b"S".to_vec()));
        out.put(id, &Object::Dictionary(dict));
    }

    /// A link's annotation on page `page`, with its description (PDF/UA
    /// wants one on every annotation) and its key in the parent tree.
    fn annotation(
        &self,
        link: &Mark,
        page: lopdf::ObjectId,
        key: Option<usize>,
    ) -> Option<Dictionary> {
        let Mark::Link {
            x0,
            y0,
            x1,
            y1,
            target,
            ..
        } = link
        else {
            return None;
        };
        let (action, description) = match target {
            Target::Uri(uri) => (
                Dictionary::from_iter([
                    ("S", Object::Name(b"URI".to_vec())),
                    ("URI", Object::string_literal(uri.as_str())),
                ]),
                format!("Link to {uri}"),
            ),
            Target::Anchor(anchor) => {
                let (page_index, top) = self.anchors[*anchor];
                (
                    Dictionary::from_iter([
                        ("S", Object::Name(b"GoTo".to_vec())),
                        ("D", destination(self.ids[page_index], Object::Null, top)),
                    ]),
                    "Link within the document".to_string(),
                )
            }
        };
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Annot".to_vec()));
        dict.set("Subtype", Object::Name(b"Link".to_vec()));
        let rect = [*x0, *y0, *x1, *y1].map(Object::Real);
        dict.set("Rect", rect.to_vec());
        dict.set("A", action);
        // No border, no colour; the box inverts when clicked.
        dict.set("Border", vec![Object::Integer(0); 3]);
        dict.set("C", Vec::<Object>::new());
        dict.set("H", Object::Name(b"I".to_vec()));
        dict.set("P", Object::Reference(page));
        // Printed with the page.
        dict.set("F", 4);
        dict.set("Contents", text_string(&description));
        if let Some(key) = key {
            dict.set("StructParent", key as i64);
        }
        Some(dict)
    }
}

/// A destination on `page`, a little above `top`, at `left` (`Null`:
/// where the reader is), at the zoom the reader has.
fn destination(page: lopdf::ObjectId, left: Object, top: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        left,
        Object::Real(top + 4.0),
        Object::Null,
    ])
}

/// The nested outline as objects `ids` (one per entry) under `root`,
/// written as bytes.
fn outline(
    laid: &Laid,
    page_ids: &[lopdf::ObjectId],
    left: f32,
    root: lopdf::ObjectId,
    ids: &[lopdf::ObjectId],
) -> objects::Written {
    let mut written = objects::Written::default();
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
            destination(page_ids[page_index], Object::Real(left - 4.0), top),
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
        written.put(ids[i], &Object::Dictionary(item));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(ids[top_level[0]]));
    outlines.set(
        "Last",
        Object::Reference(ids[*top_level.last().unwrap_or(&0)]),
    );
    outlines.set("Count", top_level.len() as i64);
    written.put(root, &Object::Dictionary(outlines));
    written
}

/// The post-step: catalog entries for the outline, metadata and a fixed
/// /ID.
fn finish(
    pdf: &mut lopdf::Document,
    outline_root: Option<lopdf::ObjectId>,
    meta: &Metadata,
    page_digests: &[[u8; 32]],
) -> Result<()> {
    if let Some(root) = outline_root {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_document_s_pages_hang_from_nodes_under_the_root() {
        let mut pdf = lopdf::Document::with_version("1.4");
        let root = pdf.add_object(Dictionary::from_iter([(
            "Type",
            Object::Name(b"Pages".to_vec()),
        )]));
        let frame = Frame {
            parent: root,
            resources: root,
            boxes: Vec::new(),
        };
        let pages: Vec<lopdf::ObjectId> =
            (0..=PAGES_PER_NODE).map(|_| pdf.new_object_id()).collect();
        let parents = frame.set_kids(&mut pdf, &pages).unwrap();
        let root_node = pdf.get_dictionary(root).unwrap();
        assert_eq!(
            root_node.get(b"Count").unwrap().as_i64().unwrap(),
            pages.len() as i64
        );
        let nodes: Vec<lopdf::ObjectId> = root_node
            .get(b"Kids")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|kid| kid.as_reference().unwrap())
            .collect();
        assert_eq!(nodes.len(), 2);
        for (node, first) in nodes.iter().zip([0, PAGES_PER_NODE]) {
            let dict = pdf.get_dictionary(*node).unwrap();
            assert_eq!(dict.get(b"Parent").unwrap().as_reference().unwrap(), root);
            let kids = dict.get(b"Kids").unwrap().as_array().unwrap();
            assert_eq!(kids[0].as_reference().unwrap(), pages[first]);
            assert_eq!(
                dict.get(b"Count").unwrap().as_i64().unwrap(),
                kids.len() as i64
            );
            assert!(parents[first..first + kids.len()].iter().all(|p| p == node));
        }
        // A short document's pages hang from the root itself.
        let parents = frame.set_kids(&mut pdf, &pages[..3]).unwrap();
        assert_eq!(parents, vec![root; 3]);
    }
}
