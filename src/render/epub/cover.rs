//! The cover picture: the user's `<stem>.cover.png|.jpg` beside the source
//! when there is one, else a PNG drawn from `layouts/epub/cover.toml`: the
//! title (wrapped, shrunk to fit) and the owner on a plain background.

use std::cell::{Cell, RefCell};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ab_glyph::{Font, FontArc, GlyphId, PxScale, ScaleFont};
use anyhow::{anyhow, bail, Context as _, Result};
use image::Rgb;
use serde::Deserialize;

use super::deflated;

pub const LAYOUT: &str = "epub/cover.toml";

/// Shades of each text colour over the background, for smooth glyph edges:
/// with the background and the rule, 16 colours, so a pixel takes half a
/// byte (seven steps between text and background look as smooth as more at
/// a cover's size, and the picture is half the bytes to compress).
const SHADES: u8 = 7;
/// Palette indices: 0 is the background (a new canvas is all zeros), then
/// the rule, then the title's shades, then the owner's.
const RULE: u8 = 1;
const TITLE: u8 = 2;
const OWNER: u8 = TITLE + SHADES;
const _: () = assert!(
    OWNER + SHADES <= 16,
    "a palette index must fit in half a byte"
);

/// `layouts/epub/cover.toml` as written; font paths are relative to it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LayoutFile {
    width: u32,
    height: u32,
    margin: u32,
    background: String,
    rule: String,
    title_colour: String,
    owner_colour: String,
    title_font: PathBuf,
    owner_font: PathBuf,
    fallback_font: PathBuf,
    title_size: f32,
    owner_size: f32,
}

/// A font with the fallback used for characters it lacks.
struct Face {
    /// Main font first, then the fallback.
    fonts: [FontArc; 2],
    /// Tells the title's face from the owner's in the glyph cache.
    id: u8,
}

/// Rasterised glyphs, shared by every cover of a build. Titles repeat
/// letters and come in a few sizes, so most glyphs are drawn once; a glyph's
/// bitmap is the same whether cached or not, so output never depends on
/// what was drawn before.
#[derive(Default)]
struct GlyphCache {
    glyphs: HashMap<GlyphKey, Arc<GlyphBitmap>>,
    bytes: usize,
}

thread_local! {
    /// The pixels of the last cover drawn on this thread, cleared and drawn
    /// on again: fresh memory for each book's picture (1 MB at the default
    /// size) cost more than the drawing.
    static CANVAS: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// The cover's pixels as palette indices (see `RULE`, `TITLE`, `OWNER`),
/// two to a byte and each row starting on a byte, as a PNG of bit depth 4
/// holds them: drawn that way, nothing is packed or copied to encode it.
/// Most rows are background (index 0) and never touched.
struct Canvas {
    width: usize,
    height: usize,
    row_bytes: usize,
    bytes: Vec<u8>,
    /// Whether each row was drawn on; the others are all zeros.
    touched: Vec<bool>,
}

impl Canvas {
    /// A background canvas, in `zeros` (all zero bytes) when it is large
    /// enough.
    fn new(width: usize, height: usize, mut zeros: Vec<u8>) -> Canvas {
        let row_bytes = width.div_ceil(2);
        zeros.resize(row_bytes * height, 0);
        Canvas {
            width,
            height,
            row_bytes,
            bytes: zeros,
            touched: vec![false; height],
        }
    }

    #[cfg(test)]
    fn get(&self, x: usize, y: usize) -> u8 {
        let byte = self.bytes[y * self.row_bytes + x / 2];
        if x % 2 == 0 {
            byte >> 4
        } else {
            byte & 0x0f
        }
    }

    /// Sets pixel (x, y) to `index` (under 16).
    fn set(&mut self, x: usize, y: usize, index: u8) {
        let byte = &mut self.bytes[y * self.row_bytes + x / 2];
        *byte = match x % 2 {
            0 => (*byte & 0x0f) | index << 4,
            _ => (*byte & 0xf0) | index,
        };
        self.touched[y] = true;
    }

    /// Draws `bitmap` with its top left pixel at (`left`, `top`), clipped
    /// to the canvas: each pixel it covers gets the index of its shade
    /// counted from `first_shade`, unless that colour's stronger shade is
    /// there already (where neighbouring glyphs overlap).
    fn draw(&mut self, left: i64, top: i64, bitmap: &GlyphBitmap, first_shade: u8) {
        let width = bitmap.width.max(1);
        // The bitmap's columns that fall on the canvas.
        let from = (-left).clamp(0, width as i64) as usize;
        let to = (self.width as i64 - left).clamp(0, width as i64) as usize;
        for (row, shades) in bitmap.shades.chunks_exact(width).enumerate() {
            let y = top + row as i64;
            if y < 0 || y >= self.height as i64 || from >= to {
                continue;
            }
            let y = y as usize;
            let line = &mut self.bytes[y * self.row_bytes..(y + 1) * self.row_bytes];
            let mut drawn = false;
            for (column, &shade) in (from..to).zip(&shades[from..to]) {
                if shade == 0 {
                    continue;
                }
                let index = first_shade + shade - 1;
                let x = (left + column as i64) as usize;
                let byte = &mut line[x / 2];
                let shift = if x % 2 == 0 { 4 } else { 0 };
                let old = *byte >> shift & 0x0f;
                if old < first_shade || old < index {
                    *byte = *byte & !(0x0f << shift) | index << shift;
                    drawn = true;
                }
            }
            self.touched[y] |= drawn;
        }
    }

    /// The rows as a PNG's image data holds them (each led by filter byte
    /// 0, "none"), as a zlib stream. A blank row is all zero bytes, filter
    /// byte and all, and most rows are blank: stretches of them are
    /// deflated once per thread and reused, and only the rows drawn on are
    /// deflated for each cover.
    fn zlib_stream(&self) -> std::io::Result<Vec<u8>> {
        // Deflate with a 32 KB window, fastest (RFC 1950).
        let mut out = vec![0x78, 0x01];
        let mut adler = simd_adler32::Adler32::new();
        let mut rows = Vec::new();
        let mut y = 0;
        while y < self.height {
            let end = (y..self.height)
                .find(|&row| self.touched[row] != self.touched[y])
                .unwrap_or(self.height);
            if self.touched[y] {
                rows.clear();
                for row in
                    self.bytes[y * self.row_bytes..end * self.row_bytes].chunks(self.row_bytes)
                {
                    rows.push(0);
                    rows.extend_from_slice(row);
                }
                adler.write(&rows);
                deflated::deflate(&rows, false, &mut out)?;
            } else {
                let zeros = (end - y) * (self.row_bytes + 1);
                adler = after_zeros(adler, zeros);
                blank_rows(self.row_bytes, end - y, &mut out)?;
            }
            y = end;
        }
        out.extend_from_slice(&deflated::EMPTY_FINAL_BLOCK);
        out.extend(adler.finish().to_be_bytes());
        Ok(out)
    }

    /// The buffer with every row drawn on cleared again, to be reused.
    fn into_zeros(mut self) -> Vec<u8> {
        for (row, touched) in self.bytes.chunks_mut(self.row_bytes).zip(self.touched) {
            if touched {
                row.fill(0);
            }
        }
        self.bytes
    }
}

/// Blank rows are deflated this many at a time.
const BLANK_ROWS: usize = 64;

thread_local! {
    /// Deflated stretches of blank rows, by row length and count (up to
    /// `BLANK_ROWS`), each ended on a byte so that they can be joined.
    static BLANK: RefCell<HashMap<(usize, usize), Vec<u8>>> = RefCell::default();
}

/// Appends `count` blank rows of `row_bytes` (and their filter bytes),
/// deflated, to `out`.
fn blank_rows(row_bytes: usize, count: usize, out: &mut Vec<u8>) -> std::io::Result<()> {
    BLANK.with_borrow_mut(|blank| {
        let mut left = count;
        while left > 0 {
            let rows = left.min(BLANK_ROWS);
            let deflated = match blank.entry((row_bytes, rows)) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(new) => {
                    let mut bytes = Vec::new();
                    deflated::deflate(&vec![0; rows * (row_bytes + 1)], false, &mut bytes)?;
                    new.insert(bytes)
                }
            };
            out.extend_from_slice(deflated);
            left -= rows;
        }
        Ok(())
    })
}

/// The Adler-32 checksum `adler` after `count` more zero bytes: the first
/// sum stays, the second gains the first `count` times (RFC 1950).
fn after_zeros(adler: simd_adler32::Adler32, count: usize) -> simd_adler32::Adler32 {
    const MOD: u64 = 65521;
    let sum = adler.finish();
    let (a, b) = ((sum & 0xffff) as u64, (sum >> 16) as u64);
    let b = (b + (count as u64 % MOD) * a) % MOD;
    simd_adler32::Adler32::from_checksum(((b as u32) << 16) | a as u32)
}

/// Beyond this many bytes of bitmaps, new glyphs are drawn but not kept.
const GLYPH_CACHE_BYTES: usize = 16 << 20;

/// Which font (face and slot), which glyph, at which size in pixels.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct GlyphKey {
    font: u8,
    glyph: u16,
    size: u32,
}

/// A glyph's shades (0 = untouched, up to `SHADES`), placed relative to
/// its origin on the baseline.
struct GlyphBitmap {
    left: i64,
    top: i64,
    width: usize,
    shades: Vec<u8>,
}

pub struct CoverLayout {
    pub width: u32,
    pub height: u32,
    margin: u32,
    background: Rgb<u8>,
    rule: Rgb<u8>,
    title_colour: Rgb<u8>,
    owner_colour: Rgb<u8>,
    title_face: Face,
    owner_face: Face,
    title_size: f32,
    owner_size: f32,
    glyphs: Mutex<GlyphCache>,
}

/// The finished cover: its bytes and what they are.
pub struct Cover {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
    pub extension: &'static str,
}

impl CoverLayout {
    /// Reads the layout and its fonts, once per build.
    pub fn load(layouts: &Path) -> Result<CoverLayout> {
        let layout = crate::layouts::read(layouts, LAYOUT)?;
        let path = layout.path.clone();
        let file: LayoutFile = toml::from_str(layout.text()?)
            .with_context(|| format!("{}: not a valid cover layout", path.display()))?;
        // Font paths are relative to the file's place in the layouts folder.
        let folder = layouts.join(LAYOUT);
        let folder = folder.parent().unwrap_or(Path::new("."));
        let load_font =
            |name: &Path| load_font(&crate::layouts::font(&folder.join(name), &layout)?);
        let colour = |name: &str, value: &str| {
            parse_colour(value).with_context(|| {
                format!(
                    "{}: `{name}` must be a colour like \"#1d3557\"",
                    path.display()
                )
            })
        };
        if !(100..=4000).contains(&file.width) || !(100..=4000).contains(&file.height) {
            bail!(
                "{}: width and height must be between 100 and 4000 pixels",
                path.display()
            );
        }
        if file.margin * 3 > file.width.min(file.height) {
            bail!("{}: the margin leaves no room for text", path.display());
        }
        if !(4.0..=1000.0).contains(&file.title_size) || !(4.0..=1000.0).contains(&file.owner_size)
        {
            bail!(
                "{}: title_size and owner_size must be between 4 and 1000 pixels",
                path.display()
            );
        }
        Ok(CoverLayout {
            width: file.width,
            height: file.height,
            margin: file.margin,
            background: colour("background", &file.background)?,
            rule: colour("rule", &file.rule)?,
            title_colour: colour("title_colour", &file.title_colour)?,
            owner_colour: colour("owner_colour", &file.owner_colour)?,
            title_face: Face {
                fonts: [
                    load_font(&file.title_font)?,
                    load_font(&file.fallback_font)?,
                ],
                id: 0,
            },
            owner_face: Face {
                fonts: [
                    load_font(&file.owner_font)?,
                    load_font(&file.fallback_font)?,
                ],
                id: 1,
            },
            title_size: file.title_size,
            owner_size: file.owner_size,
            glyphs: Mutex::default(),
        })
    }

    /// The user's cover for `stem` if there is one, else a drawn one.
    /// Characters no font has are reported in `warnings`.
    pub fn cover(
        &self,
        source_dir: &Path,
        stem: &str,
        title: &str,
        owner: Option<&str>,
        warnings: &mut Vec<String>,
    ) -> Result<Cover> {
        if let Some(cover) = user_cover(source_dir, stem)? {
            return Ok(cover);
        }
        let mut canvas = Canvas::new(self.width as usize, self.height as usize, CANVAS.take());
        self.draw(&mut canvas, title, owner, warnings);
        let bytes = self.encode(&canvas);
        CANVAS.set(canvas.into_zeros());
        Ok(Cover {
            bytes: bytes?,
            media_type: "image/png",
            extension: "png",
        })
    }

    /// The drawing as a palette PNG of half a byte a pixel, instead of three
    /// bytes: a batch draws a cover per source, and encoding took the most.
    fn encode(&self, canvas: &Canvas) -> Result<Vec<u8>> {
        let mut palette = Vec::with_capacity(3 * (OWNER + SHADES) as usize);
        palette.extend(self.background.0);
        palette.extend(self.rule.0);
        for colour in [self.title_colour, self.owner_colour] {
            for shade in 1..=SHADES {
                let c = shade as f32 / SHADES as f32;
                palette.extend(
                    self.background
                        .0
                        .iter()
                        .zip(colour.0)
                        .map(|(&bg, fg)| (bg as f32 * (1.0 - c) + fg as f32 * c).round() as u8),
                );
            }
        }
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Four);
        encoder.set_palette(palette);
        let mut writer = encoder
            .write_header()
            .context("cannot encode the cover picture")?;
        // The image data is deflated here (`Canvas::zlib_stream`), so it
        // goes in as a chunk of its own.
        let data = canvas
            .zlib_stream()
            .context("cannot encode the cover picture")?;
        writer
            .write_chunk(png::chunk::IDAT, &data)
            .context("cannot encode the cover picture")?;
        writer.finish().context("cannot encode the cover picture")?;
        Ok(bytes)
    }

    /// The cover as palette indices (see `RULE`, `TITLE`, `OWNER`).
    fn draw(
        &self,
        canvas: &mut Canvas,
        title: &str,
        owner: Option<&str>,
        warnings: &mut Vec<String>,
    ) {
        let text_width = (self.width - 2 * self.margin) as f32;
        let margin = self.margin as f32;

        // The title shrinks until it fits in the upper two thirds.
        let room = self.height as f32 * 0.62 - margin;
        let mut size = self.title_size;
        let mut lines = wrap(&self.title_face, size, title, text_width);
        while lines.len() as f32 * size * 1.25 > room && size > 12.0 {
            size *= 0.85;
            lines = wrap(&self.title_face, size, title, text_width);
        }
        let mut y = margin * 1.5;
        for line in &lines {
            self.draw_line(canvas, &self.title_face, size, line, margin, y, TITLE);
            y += size * 1.25;
        }

        let rule_y = (self.height as f32 * 0.70) as u32;
        let rule_height = (self.height / 200).max(2);
        for yy in rule_y..rule_y + rule_height {
            for xx in self.margin..self.margin + (self.width - 2 * self.margin) / 3 {
                canvas.set(xx as usize, yy as usize, RULE);
            }
        }

        if let Some(owner) = owner.filter(|o| !o.trim().is_empty()) {
            let mut y = rule_y as f32 + rule_height as f32 + self.owner_size * 0.6;
            for line in wrap(&self.owner_face, self.owner_size, owner, text_width)
                .iter()
                .take(3)
            {
                self.draw_line(
                    canvas,
                    &self.owner_face,
                    self.owner_size,
                    line,
                    margin,
                    y,
                    OWNER,
                );
                y += self.owner_size * 1.3;
            }
        }

        let missing: String = title
            .chars()
            .chain(owner.unwrap_or("").chars())
            .filter(|&c| {
                !c.is_whitespace() && !c.is_control() && self.title_face.glyph(c).is_none()
            })
            .collect();
        if !missing.is_empty() {
            warnings.push(format!(
                "cover: no font has the characters `{missing}`; they are blank on the cover"
            ));
        }
    }
}

impl Face {
    /// Which font has `c` (main first) and its glyph, or none.
    fn glyph(&self, c: char) -> Option<(usize, GlyphId)> {
        (0..self.fonts.len())
            .map(|which| (which, self.fonts[which].glyph_id(c)))
            .find(|(_, id)| id.0 != 0)
    }

    fn advance(&self, size: f32, c: char) -> f32 {
        match self.glyph(c) {
            Some((which, id)) => self.fonts[which]
                .as_scaled(PxScale::from(size))
                .h_advance(id),
            None => size * 0.5,
        }
    }

    fn width(&self, size: f32, text: &str) -> f32 {
        text.chars().map(|c| self.advance(size, c)).sum()
    }
}

/// Greedy line breaking at spaces; a word wider than the line is cut.
fn wrap(face: &Face, size: f32, text: &str, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if face.width(size, &candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if !line.is_empty() && face.width(size, &line) + face.advance(size, c) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

impl CoverLayout {
    /// Draws one line with its top at `top`: each pixel a glyph touches gets
    /// the shade of `first_shade`'s colour that matches its coverage. Glyphs
    /// sit on whole pixels, so their bitmaps can be reused.
    #[allow(clippy::too_many_arguments)]
    fn draw_line(
        &self,
        canvas: &mut Canvas,
        face: &Face,
        size: f32,
        text: &str,
        left: f32,
        top: f32,
        first_shade: u8,
    ) {
        let baseline = (top + face.fonts[0].as_scaled(PxScale::from(size)).ascent()).round() as i64;
        let mut x = left;
        for c in text.chars() {
            let Some((which, id)) = face.glyph(c) else {
                x += size * 0.5;
                continue;
            };
            let bitmap = self.glyph(face, which, id, size);
            let font = &face.fonts[which];
            let origin_x = x.round() as i64 + bitmap.left;
            let origin_y = baseline + bitmap.top;
            x += font.as_scaled(PxScale::from(size)).h_advance(id);
            canvas.draw(origin_x, origin_y, &bitmap, first_shade);
        }
    }

    /// The bitmap of glyph `id` of the face's font `which` at `size`, from
    /// the cache or drawn now.
    fn glyph(&self, face: &Face, which: usize, id: GlyphId, size: f32) -> Arc<GlyphBitmap> {
        let key = GlyphKey {
            font: face.id * 2 + which as u8,
            glyph: id.0,
            size: size.to_bits(),
        };
        if let Some(bitmap) = self
            .glyphs
            .lock()
            .ok()
            .and_then(|c| c.glyphs.get(&key).cloned())
        {
            return bitmap;
        }
        let bitmap = Arc::new(rasterise(&face.fonts[which], id, size));
        if let Ok(mut cache) = self.glyphs.lock() {
            if cache.bytes + bitmap.shades.len() <= GLYPH_CACHE_BYTES {
                cache.bytes += bitmap.shades.len();
                cache.glyphs.insert(key, bitmap.clone());
            }
        }
        bitmap
    }
}

/// A glyph drawn with its origin at (0, 0), coverage quantised to shades.
fn rasterise(font: &FontArc, id: GlyphId, size: f32) -> GlyphBitmap {
    let glyph = id.with_scale_and_position(PxScale::from(size), ab_glyph::point(0.0, 0.0));
    let Some(outline) = font.outline_glyph(glyph) else {
        return GlyphBitmap {
            left: 0,
            top: 0,
            width: 0,
            shades: Vec::new(),
        };
    };
    let bounds = outline.px_bounds();
    let width = bounds.width() as usize;
    let mut shades = vec![0u8; width * bounds.height() as usize];
    outline.draw(|x, y, coverage| {
        if let Some(shade) = shades.get_mut(y as usize * width + x as usize) {
            *shade = (coverage.clamp(0.0, 1.0) * SHADES as f32).round() as u8;
        }
    });
    GlyphBitmap {
        left: bounds.min.x as i64,
        top: bounds.min.y as i64,
        width,
        shades,
    }
}

/// `sources/<stem>.cover.png` or `.jpg` beside the source, checked to be
/// a picture that decodes, so a broken file is named rather than shipped.
fn user_cover(source_dir: &Path, stem: &str) -> Result<Option<Cover>> {
    for (extension, media_type, format) in [
        ("png", "image/png", image::ImageFormat::Png),
        ("jpg", "image/jpeg", image::ImageFormat::Jpeg),
        ("jpeg", "image/jpeg", image::ImageFormat::Jpeg),
    ] {
        let path = source_dir.join(format!("{stem}.cover.{extension}"));
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path)
            .with_context(|| format!("{}: cannot read the cover picture", path.display()))?;
        image::load_from_memory_with_format(&bytes, format).map_err(|e| {
            anyhow!(
                "{}: the cover picture is not a valid {} file ({e}); replace or remove it",
                path.display(),
                extension.to_uppercase()
            )
        })?;
        let extension = if extension == "png" { "png" } else { "jpg" };
        return Ok(Some(Cover {
            bytes,
            media_type,
            extension,
        }));
    }
    Ok(None)
}

fn load_font(font: &crate::layouts::LayoutFile) -> Result<FontArc> {
    FontArc::try_from_vec(font.bytes.to_vec())
        .map_err(|_| anyhow!("{}: not a TrueType or OpenType font", font.path.display()))
}

fn parse_colour(text: &str) -> Result<Rgb<u8>> {
    let hex = text
        .strip_prefix('#')
        .filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()))
        .ok_or_else(|| anyhow!("`{text}` is not a #rrggbb colour"))?;
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("checked hex digits");
    Ok(Rgb([channel(0), channel(2), channel(4)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> CoverLayout {
        CoverLayout::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts")).unwrap()
    }

    #[test]
    fn long_titles_wrap_within_the_margins() {
        let layout = layout();
        let width = (layout.width - 2 * layout.margin) as f32;
        let title = format!("A {} title", "Verylongwordwithoutanybreak".repeat(4));
        let lines = wrap(&layout.title_face, layout.title_size, &title, width);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines
            .iter()
            .all(|line| layout.title_face.width(layout.title_size, line) <= width));
        assert_eq!(lines.concat().replace(' ', ""), title.replace(' ', ""));
    }

    #[test]
    fn indices_are_packed_two_to_a_byte_and_rows_start_on_a_byte() {
        let mut canvas = Canvas::new(3, 3, Vec::new());
        for (i, index) in [1, 2, 3, 4, 5, 15].into_iter().enumerate() {
            canvas.set(i % 3, 1 + i / 3, index);
        }
        canvas.set(1, 1, 9);
        assert_eq!(canvas.bytes, vec![0, 0, 0x19, 0x30, 0x45, 0xf0]);
        assert_eq!((canvas.get(1, 1), canvas.get(2, 2)), (9, 15));
        assert_eq!(canvas.touched, vec![false, true, true]);
        assert_eq!(canvas.into_zeros(), vec![0; 6]);
    }

    #[test]
    fn the_image_data_unpacks_to_every_row_with_its_filter_byte() {
        // Blank stretches longer than `BLANK_ROWS`, drawn rows at the top,
        // in the middle and at the bottom: the zlib stream (its checksum
        // too, which the decoder checks) must give back every row.
        let (width, height) = (9, 3 * BLANK_ROWS + 7);
        let mut canvas = Canvas::new(width, height, Vec::new());
        for (x, y, index) in [
            (0, 0, 3),
            (8, 1, 15),
            (4, BLANK_ROWS + 40, 7),
            (2, height - 1, 1),
        ] {
            canvas.set(x, y, index);
        }
        let mut rows = Vec::new();
        for row in canvas.bytes.chunks(canvas.row_bytes) {
            rows.push(0);
            rows.extend_from_slice(row);
        }
        let mut unpacked = Vec::new();
        for _ in 0..2 {
            // The second time, the blank stretches come from the cache.
            let stream = canvas.zlib_stream().unwrap();
            unpacked.clear();
            std::io::Read::read_to_end(
                &mut flate2::read::ZlibDecoder::new(&stream[..]),
                &mut unpacked,
            )
            .unwrap();
            assert!(unpacked == rows);
        }
    }

    #[test]
    fn a_cover_drawn_after_another_is_the_same_as_drawn_first() {
        // Glyph bitmaps are cached and the canvas is drawn on again: neither
        // may leave anything of the cover drawn before.
        let mut warnings = Vec::new();
        let nowhere = Path::new("/nonexistent-imprint-test");
        let mut draw = |layout: &CoverLayout, title: &str, owner: &str| {
            let cover = layout.cover(nowhere, "x", title, Some(owner), &mut warnings);
            cover.unwrap().bytes
        };
        let cold = draw(&layout(), "Costs and Benefits", "Karin Grimm");
        let warm = layout();
        let other = draw(
            &warm,
            "Benefits, Costs and Others: a Longer Title",
            "Grimm Karin",
        );
        let again = draw(&warm, "Costs and Benefits", "Karin Grimm");
        assert!(other != cold);
        assert!(cold == again);
        assert!(warnings.is_empty());
    }
}
