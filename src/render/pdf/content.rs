//! Page content streams, written directly as PDF operator bytes: text as
//! one `TJ` array per baseline and style, rules and pictures. Building
//! printpdf operations glyph by glyph cost several times the whole layout.

use super::fonts::FaceId;
use super::layout::Mark;
use super::tagging::PageTags;

/// Resource name of a face's font, as the page resources list it.
pub fn font_name(face: FaceId) -> String {
    format!("F{}", face.index() + 1)
}

/// Resource name of a picture's image XObject.
pub fn picture_name(index: usize) -> String {
    format!("Im{}", index + 1)
}

/// The codes the font dictionaries use, per face.
pub struct Glyphs<'a> {
    /// By glyph id, the subset glyph id.
    pub codes: &'a [Vec<u16>],
    /// The space glyph's code and advance (thousandths of an em).
    pub spaces: &'a [Option<(u16, f32)>],
}

/// The content stream of one page, with the codes of `glyphs`; `tags`
/// gives the marked-content id of each mark and the role of each id's
/// element (`tagging`).
pub fn page_content(marks: &[Mark], glyphs: &Glyphs, tags: &PageTags) -> Vec<u8> {
    let codes = glyphs.codes;
    let mut out = Vec::with_capacity(8 * 1024);
    // Tints first: text is drawn over them.
    for mark in marks {
        if let Mark::Shade {
            x0,
            y0,
            x1,
            y1,
            colour: c,
        } = mark
        {
            begin_marked(&mut out, None, tags);
            colour(&mut out, *c);
            out.extend_from_slice(b"rg\n");
            numbers(&mut out, &[*x0, *y0, x1 - x0, y1 - y0]);
            out.extend_from_slice(b"re\nf\nEMC\n");
        }
    }
    out.extend_from_slice(b"BT\n");
    let mut text = TextRuns {
        spaces: glyphs.spaces,
        ..TextRuns::default()
    };
    // The marked content open in the text object: an id, or an artifact.
    let mut marked: Option<Option<u32>> = None;
    for (mark, &mcid) in marks.iter().zip(&tags.mcids) {
        let Mark::Text { x, y, span, .. } = mark else {
            continue;
        };
        if marked != Some(mcid) {
            text.flush(&mut out);
            if marked.is_some() {
                out.extend_from_slice(b"EMC\n");
            }
            begin_marked(&mut out, mcid, tags);
            marked = Some(mcid);
            text.new_content = true;
        }
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
            let codes = &codes[face_id.index()];
            let width =
                glyphs[start..end].iter().map(|g| g.advance).sum::<f32>() * span.size / 1000.0;
            let items = text.start(&mut out, (face_id, span.size, span.colour), pen, *y, width);
            items.push(b'(');
            for glyph in &glyphs[start..end] {
                glyph_code(
                    items,
                    codes.get(usize::from(glyph.gid)).copied().unwrap_or(0),
                );
                // The reader advances by the /W width; this moves the pen
                // to the shaped (kerned) advance instead.
                if glyph.kerning != 0.0 {
                    items.extend_from_slice(b") ");
                    number(items, -glyph.kerning);
                    items.push(b'(');
                }
            }
            items.push(b')');
            pen += width;
            start = end;
            text.hyphen = span.shaped.text == "-";
        }
    }
    text.flush(&mut out);
    if marked.is_some() {
        out.extend_from_slice(b"EMC\n");
    }
    out.extend_from_slice(b"ET\n");
    for (mark, &mcid) in marks.iter().zip(&tags.mcids) {
        match mark {
            Mark::Rule {
                x0,
                x1,
                y,
                colour: c,
            } => {
                begin_marked(&mut out, None, tags);
                colour(&mut out, *c);
                out.extend_from_slice(b"RG\n0.6 w\n[] 0 d\n");
                numbers(&mut out, &[*x0, *y]);
                out.extend_from_slice(b"m\n");
                numbers(&mut out, &[*x1, *y]);
                out.extend_from_slice(b"l\nS\nEMC\n");
            }
            Mark::Picture {
                index,
                x,
                y,
                width,
                height,
                ..
            } => {
                begin_marked(&mut out, mcid, tags);
                out.extend_from_slice(b"q\n");
                numbers(&mut out, &[*width, 0.0, 0.0, *height, *x, *y]);
                out.extend_from_slice(b"cm\n/");
                out.extend_from_slice(picture_name(*index).as_bytes());
                out.extend_from_slice(b" Do\nQ\nEMC\n");
            }
            Mark::Text { .. } | Mark::Link { .. } | Mark::Shade { .. } => {}
        }
    }
    out
}

/// Opens marked content: with its id and its element's role, or as an
/// artifact.
fn begin_marked(out: &mut Vec<u8>, mcid: Option<u32>, tags: &PageTags) {
    match mcid {
        Some(id) => {
            out.push(b'/');
            out.extend_from_slice(tags.roles[id as usize].as_bytes());
            out.extend_from_slice(b" <</MCID ");
            number(out, id as f32);
            out.extend_from_slice(b">> BDC\n");
        }
        None => out.extend_from_slice(b"/Artifact BMC\n"),
    }
}

/// Text shown so far on one baseline in one face, size and colour: one
/// text matrix and one `TJ` per such run. A gap between words is a space
/// glyph (so extracted and tagged text has its spaces) plus an offset; a
/// line that goes on from the one before starts with a space too, drawn
/// in the margin.
#[derive(Default)]
struct TextRuns<'a> {
    /// Face, size and colour in effect in the content stream.
    state: Option<(FaceId, f32, [f32; 3])>,
    /// The open run: its start, baseline and pen position.
    open: Option<(f32, f32, f32)>,
    /// The open run's `TJ` array contents.
    items: Vec<u8>,
    spaces: &'a [Option<(u16, f32)>],
    /// Baseline and pen after the last text shown, open run or not.
    last: Option<(f32, f32)>,
    /// The last text shown was a hyphen (the word goes on, no space).
    hyphen: bool,
    /// Marked content began since the last text.
    new_content: bool,
}

/// Gaps wider than this (thousandths of an em) are between words.
const WORD_GAP: f32 = 120.0;

impl TextRuns<'_> {
    /// Starts showing `width` points of text at (`x`, `y`): continues the
    /// open run when it can, and returns the array to append glyphs to.
    fn start(
        &mut self,
        out: &mut Vec<u8>,
        state: (FaceId, f32, [f32; 3]),
        x: f32,
        y: f32,
        width: f32,
    ) -> &mut Vec<u8> {
        let size = state.1;
        let (face, _, fill) = state;
        let space = self.spaces.get(face.index()).copied().flatten();
        let continues = self.state == Some(state)
            && self
                .open
                .is_some_and(|(_, run_y, pen)| run_y == y && x >= pen - 0.01);
        // Whether a space comes first: a gap between words on this line, or
        // a new line of the same text.
        let spaced = match self.last {
            Some((last_y, pen)) if last_y == y => (x - pen) * 1000.0 / size > WORD_GAP,
            Some(_) => !self.hyphen && !self.new_content,
            None => false,
        };
        self.last = Some((y, x + width));
        self.new_content = false;
        if let (true, Some((_, _, pen))) = (continues, self.open.as_mut()) {
            let mut gap = (x - *pen) * 1000.0 / size;
            if let (true, Some((code, advance))) = (spaced, space) {
                self.items.extend_from_slice(b" (");
                glyph_code(&mut self.items, code);
                self.items.push(b')');
                gap -= advance;
            }
            if gap.abs() > 0.001 {
                self.items.push(b' ');
                number(&mut self.items, -gap);
            }
            *pen = x + width;
            return &mut self.items;
        }
        self.flush(out);
        if self.state.map(|s| s.2) != Some(fill) {
            colour(out, fill);
            out.extend_from_slice(b"rg\n");
        }
        if self.state.map(|s| (s.0, s.1)) != Some((face, size)) {
            out.push(b'/');
            out.extend_from_slice(font_name(face).as_bytes());
            out.push(b' ');
            numbers(out, &[size]);
            out.extend_from_slice(b"Tf\n");
        }
        self.state = Some(state);
        match (spaced, space) {
            (true, Some((code, advance))) => {
                self.items.push(b'(');
                glyph_code(&mut self.items, code);
                self.items.extend_from_slice(b") ");
                self.open = Some((x - advance * size / 1000.0, y, x + width));
            }
            _ => self.open = Some((x, y, x + width)),
        }
        &mut self.items
    }

    fn flush(&mut self, out: &mut Vec<u8>) {
        if let Some((x, y, _)) = self.open.take() {
            out.extend_from_slice(b"1 0 0 1 ");
            numbers(out, &[x, y]);
            out.extend_from_slice(b"Tm\n[");
            out.extend_from_slice(&self.items);
            out.extend_from_slice(b"] TJ\n");
            self.items.clear();
        }
    }
}

fn colour(out: &mut Vec<u8>, rgb: [f32; 3]) {
    numbers(out, &rgb);
}

/// Each number followed by a space.
fn numbers(out: &mut Vec<u8>, values: &[f32]) {
    for &v in values {
        number(out, v);
        out.push(b' ');
    }
}

/// A number to three decimals, without trailing zeros: finer than any
/// device resolves, and much cheaper than float formatting.
fn number(out: &mut Vec<u8>, value: f32) {
    let thousandths = (f64::from(value) * 1000.0).round() as i64;
    if thousandths < 0 {
        out.push(b'-');
    }
    let magnitude = thousandths.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut whole = magnitude / 1000;
    loop {
        at -= 1;
        digits[at] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
    let mut fraction = magnitude % 1000;
    if fraction != 0 {
        out.push(b'.');
        let mut place = 100;
        while fraction != 0 {
            out.push(b'0' + (fraction / place) as u8);
            fraction %= place;
            place /= 10;
        }
    }
}

/// A two-byte glyph code inside a literal string: its bytes as they are
/// (half the bytes of hex digits, to write and to compress), but for the
/// parentheses and backslash, which would end or escape the string, and
/// the line ends, which a reader may take for one another (PDF 7.3.4.2).
fn glyph_code(out: &mut Vec<u8>, code: u16) {
    for byte in code.to_be_bytes() {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(byte),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(value: f32) -> String {
        let mut out = Vec::new();
        number(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_have_at_most_three_decimals_and_no_trailing_zeros() {
        assert_eq!(shown(0.0), "0");
        assert_eq!(shown(70.86614), "70.866");
        assert_eq!(shown(-259.9996), "-260");
        assert_eq!(shown(0.6), "0.6");
        assert_eq!(shown(-0.05), "-0.05");
        assert_eq!(shown(0.0004), "0");
        assert_eq!(shown(1234.5), "1234.5");
        assert_eq!(shown(0.105882354), "0.106");
    }

    #[test]
    fn glyph_codes_are_two_bytes_with_string_delimiters_escaped() {
        let mut out = Vec::new();
        for code in [0x1b, 0xabcd, 0x2829, 0x5c0d, 0x0a00] {
            glyph_code(&mut out, code);
        }
        assert_eq!(out, b"\x00\x1b\xab\xcd\\(\\)\\\\\\r\\n\x00");
    }
}
