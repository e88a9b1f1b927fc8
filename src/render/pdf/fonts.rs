//! The faces the brief uses, parsed once per build, and shaping: text to
//! positioned glyphs with the font's real advances and kerning (rustybuzz),
//! falling back to the fallback face for characters a face lacks.

use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use anyhow::{bail, Result};

use super::linebreak::After;
use super::style::FontFiles;
use crate::layouts::LayoutFile;
use crate::word_cache::WordCache;

/// Which face, as an index into `Fonts::faces`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    Regular,
    Italic,
    Bold,
    BoldItalic,
    Heading,
    Label,
    Fallback,
    /// Code, inline and in blocks, and math source.
    Mono,
}

/// How many faces a brief uses.
pub const FACES: usize = 8;

impl FaceId {
    pub fn index(self) -> usize {
        self as usize
    }
}

pub struct Face {
    pub id: FaceId,
    /// PostScript name, for the PDF font dictionary.
    pub name: String,
    pub data: &'static [u8],
    pub shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
    /// hhea ascender and descender (descender positive), in ems: the box a
    /// PDF reader draws around a glyph.
    pub ascent: f32,
    pub descent: f32,
    /// The font without hinting, made when a brief first embeds the face
    /// (`None`: it has none, or is embedded as it is).
    unhinted: OnceLock<Option<Vec<u8>>>,
}

impl Face {
    fn load(id: FaceId, path: &Path, named_in: &LayoutFile) -> Result<Face> {
        let font = crate::layouts::font(path, named_in)?;
        let path = &font.path;
        // A build parses each face once and keeps it for the whole process;
        // leaking a project's font gives rustybuzz the 'static borrow it
        // needs to be shared between threads without a self-referential
        // struct (a built-in one already is 'static).
        let data: &'static [u8] = match font.bytes {
            std::borrow::Cow::Borrowed(bytes) => bytes,
            std::borrow::Cow::Owned(bytes) => Box::leak(bytes.into_boxed_slice()),
        };
        let Some(shaper) = rustybuzz::Face::from_slice(data, 0) else {
            bail!("{}: not a TrueType/OpenType font", path.display());
        };
        let hhea = shaper.tables().hhea;
        let units_per_em = shaper.units_per_em() as f32;
        let name = shaper
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser_name::POST_SCRIPT_NAME && n.is_unicode())
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| {
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Font".into())
            })
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        Ok(Face {
            id,
            name,
            data,
            units_per_em,
            ascent: f32::from(hhea.ascender) / units_per_em,
            descent: -f32::from(hhea.descender) / units_per_em,
            shaper,
            unhinted: OnceLock::new(),
        })
    }

    /// The font program a PDF embeds (subset): without hinting when it
    /// can be taken out (see `unhinted`).
    pub fn embedded(&self) -> &[u8] {
        self.unhinted
            .get_or_init(|| super::unhinted::without_hinting(self.data))
            .as_deref()
            .unwrap_or(self.data)
    }

    /// How many glyphs the face has: glyph ids are below this.
    pub fn glyph_count(&self) -> usize {
        usize::from(self.shaper.number_of_glyphs())
    }

    pub fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }

    /// The space glyph and its advance (thousandths of an em), if any.
    pub fn space(&self) -> Option<(u16, f32)> {
        let gid = self.shaper.glyph_index(' ')?.0;
        Some((gid, self.pdf_advance(gid)))
    }

    /// The advance a PDF reader uses for `gid` (from the `/W` array printpdf
    /// writes), in thousandths of an em, computed exactly as printpdf does.
    fn pdf_advance(&self, gid: u16) -> f32 {
        let raw = self
            .shaper
            .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        (raw as f32 * 1000.0 / self.units_per_em) as i64 as f32
    }
}

mod ttf_parser_name {
    pub const POST_SCRIPT_NAME: u16 = 6;
}

/// The eight faces of brief.toml.
pub struct Fonts {
    pub faces: Vec<Face>,
    /// What stands in for a character no face has.
    replacement: char,
}

impl Fonts {
    pub fn load(files: &FontFiles, named_in: &LayoutFile) -> Result<Fonts> {
        let paths = [
            (FaceId::Regular, &files.regular),
            (FaceId::Italic, &files.italic),
            (FaceId::Bold, &files.bold),
            (FaceId::BoldItalic, &files.bold_italic),
            (FaceId::Heading, &files.heading),
            (FaceId::Label, &files.label),
            (FaceId::Fallback, &files.fallback),
            (FaceId::Mono, &files.mono),
        ];
        let faces = paths
            .into_iter()
            .map(|(id, path)| Face::load(id, path, named_in))
            .collect::<Result<Vec<_>>>()?;
        let replacement = if faces[FaceId::Fallback.index()].has('\u{FFFD}') {
            '\u{FFFD}'
        } else {
            '?'
        };
        Ok(Fonts { faces, replacement })
    }

    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id.index()]
    }
}

/// One shaped glyph. Advances are in thousandths of an em.
#[derive(Clone, Debug)]
pub struct Glyph {
    pub face: FaceId,
    pub gid: u16,
    pub advance: f32,
    /// The kerning included in `advance`: how far the pen moves beyond the
    /// advance a PDF reader takes from the font's /W widths.
    pub kerning: f32,
    /// The text this glyph stands for (byte range into `Shaped::text`); empty
    /// for the second and later glyphs of one cluster.
    pub text: (u32, u32),
}

/// A shaped piece of text (a word or part of one).
#[derive(Debug)]
pub struct Shaped {
    pub text: String,
    pub glyphs: Vec<Glyph>,
    /// Sum of advances, thousandths of an em.
    pub width: f32,
    /// Characters no face has (drawn as the replacement character).
    pub missing: Vec<char>,
    replacement: String,
}

impl Shaped {
    /// Bytes this holds, for the cache's budget.
    fn heap_bytes(&self) -> usize {
        std::mem::size_of::<Shaped>()
            + self.text.len()
            + self.glyphs.len() * std::mem::size_of::<Glyph>()
            + self.missing.len() * std::mem::size_of::<char>()
            + self.replacement.len()
    }

    /// What a text extractor should get for `glyph`: its characters, or
    /// the replacement character it shows.
    pub fn glyph_text(&self, glyph: &Glyph) -> &str {
        if glyph.text == REPLACED {
            &self.replacement
        } else {
            &self.text[glyph.text.0 as usize..glyph.text.1 as usize]
        }
    }

    /// `count` copies of this piece's glyphs, one copy every `pitch`
    /// thousandths of an em: a contents line's dot leader as one span
    /// rather than a span per dot (20,000 entries made a million spans).
    pub fn repeated(&self, count: usize, pitch: f32) -> Shaped {
        let mut glyphs = Vec::with_capacity(count * self.glyphs.len());
        for _ in 0..count {
            for glyph in &self.glyphs {
                glyphs.push(glyph.clone());
            }
            if let Some(last) = glyphs.last_mut() {
                // The pen goes on to the next copy.
                let extra = pitch - self.width;
                last.advance += extra;
                last.kerning += extra;
            }
        }
        Shaped {
            text: self.text.clone(),
            glyphs,
            width: pitch * count as f32,
            missing: self.missing.clone(),
            replacement: self.replacement.clone(),
        }
    }
}

/// Shaped pieces shared by every document of a build: prose repeats its
/// words, within a document and across a batch, and shaping is the costly
/// step of layout. Shaping is deterministic, so sharing cannot change output.
pub struct ShapeCache {
    /// One map per face, so a lookup by `&str` needs no allocation.
    faces: Vec<WordCache<Arc<Shaped>, BuildHasherDefault<WordHasher>>>,
    /// Each word of hyphenated prose as layout breaks it, by face: its
    /// parts, each shaped, and how each may break from the next. A word is
    /// looked up once, instead of once for its hyphenation points and once
    /// for each part.
    words: Vec<WordCache<WordParts, BuildHasherDefault<WordHasher>>>,
}

/// A word's unbreakable parts, shaped, each with how it may break from the
/// next (the last: `After::Join`).
pub type WordParts = Arc<[(Arc<Shaped>, After)]>;

/// The multiply-rotate hash of rustc's FxHasher, eight bytes at a time,
/// for maps keyed by words: layout looks words up several times each, and
/// SipHash's protection against crafted keys costs more than the lookup
/// itself. Iteration order is never used.
#[derive(Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Bytes kept per face; beyond this (a flood of distinct words), pieces
/// are shaped without being remembered, so memory stays bounded. A word's
/// entry takes some 300 bytes: this holds tens of thousands of words.
const CACHE_BYTES: usize = 16 << 20;
/// The same for words' shaped parts: an entry is a few pointers more than
/// its shapes (which the shape cache holds too), so it needs less room.
const WORD_PARTS_BYTES: usize = 8 << 20;

impl ShapeCache {
    pub fn new() -> ShapeCache {
        ShapeCache {
            faces: (0..FACES).map(|_| WordCache::new(CACHE_BYTES)).collect(),
            words: (0..FACES)
                .map(|_| WordCache::new(WORD_PARTS_BYTES))
                .collect(),
        }
    }
}

/// Shapes text with the build's fonts, through the shared cache.
#[derive(Clone, Copy)]
pub struct Shaper<'f> {
    fonts: &'f Fonts,
    cache: &'f ShapeCache,
}

impl<'f> Shaper<'f> {
    pub fn new(fonts: &'f Fonts, cache: &'f ShapeCache) -> Shaper<'f> {
        Shaper { fonts, cache }
    }

    pub fn fonts(&self) -> &'f Fonts {
        self.fonts
    }

    pub fn shape(&self, face: FaceId, text: &str) -> Arc<Shaped> {
        self.cache.faces[face.index()].get_or_make(
            text,
            |shaped| shaped.heap_bytes(),
            || Arc::new(shape_uncached(self.fonts, face, text)),
        )
    }

    /// `word`'s parts in `face` as `make` breaks and shapes them, kept for
    /// the build. (The shapes are counted again here though the shape
    /// cache may hold them too: memory stays bounded either way.)
    pub fn word_parts(
        &self,
        face: FaceId,
        word: &str,
        make: impl FnOnce() -> WordParts,
    ) -> WordParts {
        self.cache.words[face.index()].get_or_make(
            word,
            |parts| {
                parts
                    .iter()
                    .map(|(shaped, _)| {
                        shaped.heap_bytes() + std::mem::size_of::<(Arc<Shaped>, After)>()
                    })
                    .sum()
            },
            make,
        )
    }
}

fn shape_uncached(fonts: &Fonts, primary: FaceId, text: &str) -> Shaped {
    let lacks = |c: char| !fonts.face(primary).has(c) && !fonts.face(FaceId::Fallback).has(c);
    let stand_ins: String;
    // (The cheap match first: this runs for every word shaped.)
    let text = if text.chars().any(|c| stand_in(c).is_some() && lacks(c)) {
        stand_ins = text
            .chars()
            .map(|c| match stand_in(c) {
                Some(s) if lacks(c) => s,
                _ => c,
            })
            .collect();
        &stand_ins
    } else {
        text
    };
    // Split into runs by the face that has each character; a character no
    // face has becomes a run of its own, showing the replacement character.
    struct Run {
        face: FaceId,
        start: usize,
        end: usize,
        replaced: bool,
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut missing = Vec::new();
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        let face = if fonts.face(primary).has(c) {
            primary
        } else if fonts.face(FaceId::Fallback).has(c) {
            FaceId::Fallback
        } else if is_invisible(c) {
            // The shaper hides these; they join the run they follow.
            match runs.last() {
                Some(run) if !run.replaced => run.face,
                _ => primary,
            }
        } else {
            missing.push(c);
            let face = if fonts.face(primary).has(fonts.replacement) {
                primary
            } else {
                FaceId::Fallback
            };
            // Neighbouring missing characters share one run, shaped once:
            // a run per character made CJK text cost a shaping plan each.
            match runs.last_mut() {
                Some(run) if run.replaced && run.face == face => run.end = end,
                _ => runs.push(Run {
                    face,
                    start: at,
                    end,
                    replaced: true,
                }),
            }
            continue;
        };
        match runs.last_mut() {
            Some(run) if run.face == face && !run.replaced => run.end = end,
            _ => runs.push(Run {
                face,
                start: at,
                end,
                replaced: false,
            }),
        }
    }
    let mut glyphs = Vec::new();
    let replacement = fonts.replacement.to_string();
    for run in &runs {
        let face = fonts.face(run.face);
        // One replacement mark for each missing character of the run.
        let replaced;
        let run_text = if run.replaced {
            replaced = replacement.repeat(text[run.start..run.end].chars().count());
            &replaced
        } else {
            &text[run.start..run.end]
        };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(run_text);
        let output = rustybuzz::shape(&face.shaper, &[], buffer);
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let scale = 1000.0 / face.units_per_em;
        // Cluster starts in text order, to find where each cluster ends
        // (a search per glyph over all glyphs was quadratic on long code lines).
        let mut clusters: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
        clusters.sort_unstable();
        clusters.dedup();
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            let first_of_cluster = i == 0 || infos[i - 1].cluster != info.cluster;

            // The cluster ends where the next one (in text order) begins;
            // right-to-left runs list glyphs in visual order.
            let end = clusters
                .get(clusters.partition_point(|&c| c <= start))
                .copied()
                .unwrap_or(run_text.len());
            let range = if run.replaced && first_of_cluster {
                REPLACED
            } else if first_of_cluster {
                ((run.start + start) as u32, (run.start + end) as u32)
            } else {
                (0, 0)
            };
            // The advance a PDF reader uses (the /W width), plus kerning
            // rounded to whole thousandths of an em: the page then needs a
            // position adjustment only where there is kerning.
            let gid = info.glyph_id as u16;
            let plain = face
                .shaper
                .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
                .unwrap_or(0);
            let kerning = ((pos.x_advance - i32::from(plain)) as f32 * scale).round();
            glyphs.push(Glyph {
                face: run.face,
                gid,
                advance: face.pdf_advance(gid) + kerning,
                kerning,
                text: range,
            });
        }
    }
    let width = glyphs.iter().map(|g| g.advance).sum();
    Shaped {
        text: text.to_string(),
        glyphs,
        width,
        missing,
        replacement,
    }
}

/// A plain mark to draw for a coloured one of emoji keyboards that no
/// face has (the fallback, DejaVu Sans, has the plain ones).
fn stand_in(c: char) -> Option<char> {
    match c {
        '\u{2705}' => Some('\u{2714}'),              // ✅ → ✔
        '\u{274C}' | '\u{274E}' => Some('\u{2718}'), // ❌ ❎ → ✘
        '\u{2B50}' => Some('\u{2605}'),              // ⭐ → ★
        _ => None,
    }
}

/// Characters with no glyph of their own (variation selectors, joiners,
/// the byte-order mark): a face that lacks them loses nothing.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// `Glyph::text` of a glyph drawn for a character no face has.
const REPLACED: (u32, u32) = (u32::MAX, u32::MAX);
