//! A TrueType font without its hinting, for embedding. Hinting is a
//! program per glyph (and a few shared tables) that snaps outlines to a
//! screen's pixel grid at small sizes; printers and most PDF readers ignore
//! it, yet in the Noto faces it is half of an embedded subset's bytes
//! (instructions 42 % of `glyf`, plus `fpgm`, `prep` and `cvt `). Without
//! it a brief is smaller and its fonts are quicker to subset and compress.
//! Shaping and metrics still read the font as shipped: outlines, advances
//! and every other table are kept as they are.

use rustybuzz::ttf_parser::RawFace;

/// Tables that only serve hinting (`hdmx`, `LTSH` and `VDMX` give widths
/// and heights as hinted at each pixel size).
const HINTING_TABLES: [&[u8; 4]; 6] = [b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX"];

const MOST_TABLES: usize = 256;

/// Component flags of a composite glyph (OpenType `glyf`).
const ARGS_ARE_WORDS: u16 = 0x0001;
const HAS_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const HAS_X_AND_Y_SCALE: u16 = 0x0040;
const HAS_TWO_BY_TWO: u16 = 0x0080;
const HAS_INSTRUCTIONS: u16 = 0x0100;

/// `font` without hinting, or `None` when it has none to take out (a CFF
/// font, or one already unhinted) or cannot be read as TrueType; the
/// caller then embeds it as it is.
pub fn without_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let tables = table_records(font)?;
    let table = |tag: &[u8; 4]| {
        tables
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, bytes)| *bytes)
    };
    let (glyf, loca, head, maxp) = (
        table(b"glyf")?,
        table(b"loca")?,
        table(b"head")?,
        table(b"maxp")?,
    );
    let long_offsets = read_u16(head, 50)? != 0;
    let glyphs = usize::from(read_u16(maxp, 4)?);
    let offset = |k: usize| match long_offsets {
        true => read_u32(loca, 4 * k).map(|o| o as usize),
        false => read_u16(loca, 2 * k).map(|o| 2 * usize::from(o)),
    };

    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(4 * (glyphs + 1));
    let mut removed = 0;
    for k in 0..glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let glyph = glyf.get(offset(k)?..offset(k + 1)?)?;
        removed += strip_glyph(glyph, &mut new_glyf)?;
        // Every glyph starts on four bytes, as the long offsets allow.
        new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    let hinting_tables = tables.iter().any(|(tag, _)| HINTING_TABLES.contains(&tag));
    if removed == 0 && !hinting_tables {
        return None;
    }
    let mut new_head = head.to_vec();
    // Long offsets; the whole-font checksum is left to whoever writes the
    // final font (the subsetter).
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);

    let kept: Vec<([u8; 4], &[u8])> = tables
        .iter()
        .filter(|(tag, _)| !HINTING_TABLES.contains(&tag))
        .map(|&(tag, bytes)| match &tag {
            b"glyf" => (tag, &new_glyf[..]),
            b"loca" => (tag, &new_loca[..]),
            b"head" => (tag, &new_head[..]),
            _ => (tag, bytes),
        })
        .collect();
    Some(font_file(font.get(0..4)?, &kept))
}

/// The font's tables, by tag, as slices of `font` (a single font, not a
/// collection), as ttf-parser reads its table directory.
fn table_records(font: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    // TrueType outlines ('true' on old Apple fonts); CFF fonts ('OTTO')
    // have no hinting of this kind.
    if !font.starts_with(&[0, 1, 0, 0]) && !font.starts_with(b"true") {
        return None;
    }
    let face = RawFace::parse(font, 0).ok()?;
    // Real fonts have a few dozen tables; many more cannot be written back
    // (the table directory's search fields are 16-bit).
    if usize::from(face.table_records.len()) > MOST_TABLES {
        return None;
    }
    face.table_records
        .into_iter()
        .map(|record| {
            let offset = record.offset as usize;
            let end = offset.checked_add(record.length as usize)?;
            Some((record.tag.to_bytes(), font.get(offset..end)?))
        })
        .collect()
}

/// Appends `glyph` without its instructions to `out`; gives how many bytes
/// of instructions it had.
fn strip_glyph(glyph: &[u8], out: &mut Vec<u8>) -> Option<usize> {
    if glyph.is_empty() {
        return Some(0);
    }
    let contours = i16::from_be_bytes(glyph.get(0..2)?.try_into().ok()?);
    if contours >= 0 {
        // Header, contour ends, instruction length, instructions, then
        // the points' flags and coordinates.
        let length_at = 10 + 2 * contours as usize;
        let length = usize::from(read_u16(glyph, length_at)?);
        let points = glyph.get(length_at + 2 + length..)?;
        out.extend_from_slice(&glyph[..length_at]);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(points);
        return Some(length);
    }
    // A composite: components, then instructions if a component says so.
    out.extend_from_slice(glyph.get(..10)?);
    let mut at = 10;
    let mut has_instructions = false;
    loop {
        let flags = read_u16(glyph, at)?;
        let arguments = if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        let transform = if flags & HAS_SCALE != 0 {
            2
        } else if flags & HAS_X_AND_Y_SCALE != 0 {
            4
        } else if flags & HAS_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        let component = glyph.get(at..at + 4 + arguments + transform)?;
        has_instructions |= flags & HAS_INSTRUCTIONS != 0;
        out.extend_from_slice(&(flags & !HAS_INSTRUCTIONS).to_be_bytes());
        out.extend_from_slice(&component[2..]);
        at += component.len();
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    match has_instructions {
        true => Some(usize::from(read_u16(glyph, at)?)),
        false => Some(0),
    }
}

/// A font file of `tables` (in tag order, as readers search them).
fn font_file(version: &[u8], tables: &[([u8; 4], &[u8])]) -> Vec<u8> {
    let mut tables = tables.to_vec();
    tables.sort_by_key(|(tag, _)| *tag);
    let count = tables.len() as u16;
    let entry_selector = count.checked_ilog2().unwrap_or(0) as u16;
    let search_range = 16 * (1u16 << entry_selector);
    let mut out = Vec::new();
    out.extend_from_slice(version);
    for field in [
        count,
        search_range,
        entry_selector,
        16 * count - search_range,
    ] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, bytes) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(bytes).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        offset += bytes.len().next_multiple_of(4);
    }
    for (_, bytes) in &tables {
        out.extend_from_slice(bytes);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    out
}

/// A table's checksum: its big-endian words summed, the last one padded.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.chunks(4).fold(0u32, |sum, word| {
        let mut padded = [0; 4];
        padded[..word.len()].copy_from_slice(word);
        sum.wrapping_add(u32::from_be_bytes(padded))
    })
}

fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustybuzz::ttf_parser::{self, GlyphId, OutlineBuilder};

    /// Every outline command, as text, to compare glyphs.
    #[derive(Default)]
    struct Outline(String);

    impl OutlineBuilder for Outline {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("M{x},{y} ");
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("L{x},{y} ");
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0 += &format!("Q{x1},{y1},{x},{y} ");
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0 += &format!("C{x1},{y1},{x2},{y2},{x},{y} ");
        }
        fn close(&mut self) {
            self.0 += "Z ";
        }
    }

    fn outline(face: &ttf_parser::Face, glyph: u16) -> String {
        let mut outline = Outline::default();
        face.outline_glyph(GlyphId(glyph), &mut outline);
        outline.0
    }

    #[test]
    fn hinting_goes_and_every_outline_and_advance_stays() {
        for name in ["NotoSerif-Regular.ttf", "DejaVuSansMono.ttf"] {
            let path = format!("{}/fonts/{name}", env!("CARGO_MANIFEST_DIR"));
            let font = std::fs::read(path).unwrap();
            let unhinted = without_hinting(&font).expect("the font has hinting");
            assert!(unhinted.len() < font.len(), "{name}");
            let before = ttf_parser::Face::parse(&font, 0).unwrap();
            let after = ttf_parser::Face::parse(&unhinted, 0).expect("a font still");
            assert_eq!(after.number_of_glyphs(), before.number_of_glyphs());
            for glyph in 0..before.number_of_glyphs() {
                assert_eq!(
                    outline(&after, glyph),
                    outline(&before, glyph),
                    "{name} {glyph}"
                );
                let advance = |face: &ttf_parser::Face| face.glyph_hor_advance(GlyphId(glyph));
                assert_eq!(advance(&after), advance(&before));
            }
            let tables = table_records(&unhinted).unwrap();
            assert!(tables.iter().all(|(tag, _)| !HINTING_TABLES.contains(&tag)));
            // Nothing is left to take out: no glyph has instructions.
            assert_eq!(without_hinting(&unhinted), None, "{name}");
        }
    }

    #[test]
    fn a_font_that_cannot_be_read_is_embedded_as_it_is() {
        let font = std::fs::read(format!(
            "{}/fonts/NotoSerif-Regular.ttf",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert_eq!(without_hinting(b"OTTO"), None);
        assert_eq!(without_hinting(&font[..font.len() / 2]), None);
        assert_eq!(without_hinting(&[]), None);
    }
}
