//! Code blocks: each source line set as written in the monospace face, on a
//! light tint, never justified or hyphenated. A line wider than the text
//! is cut where it reaches the edge and goes on after a `↪` mark.

use super::fonts::FaceId;
use super::style::{Brief, Rgb};
use super::tagging::SpanTag;
use super::text::{line_box, Line, Span, Typesetter, CODE_SIZE};
use crate::render::CODE_BREAKS;

/// Tabs stop every this many columns.
const TAB: usize = 4;

/// What starts a line that goes on from the one above.
const CONTINUED: &str = "↪ ";

/// The tint behind code: the rule colour, much lightened.
pub fn tint(brief: &Brief) -> Rgb {
    brief.colours.rule.map(|c| c + (1.0 - c) * 0.8)
}

/// The lines of a code block, `indent` from the text's left edge and
/// `width` wide (tint included).
pub fn code_lines(
    ts: &mut Typesetter,
    brief: &Brief,
    text: &str,
    indent: f32,
    width: f32,
    place: &str,
) -> Vec<Line> {
    let size = brief.sizes.body * CODE_SIZE;
    let pad = size * 0.6;
    let room = (width - 2.0 * pad).max(size * 4.0);
    let scale = size / 1000.0;
    let shade = Some((indent, indent + width, tint(brief)));
    let face = ts.shaper.fonts().face(FaceId::Mono);
    let (height, baseline) = line_box(
        size,
        face.ascent * size,
        face.descent * size,
        brief.sizes.leading * 0.92,
    );
    let mark = ts.shape(FaceId::Mono, CONTINUED, place);
    let mark_width = mark.width * scale;
    let mut lines = Vec::new();
    for source_line in text.split('\n') {
        let expanded = expand_tabs(source_line.trim_end());
        let shaped = ts.shape(FaceId::Mono, &expanded, place);
        let mut start = 0;
        let mut first = true;
        while first || start < shaped.glyphs.len() {
            let lead = if first { 0.0 } else { mark_width };
            // Glyphs that fit, cut only where a character starts, and
            // rather after a space or separator in the line's second half.
            let mut end = start;
            let mut used = 0.0;
            let mut last_break = None;
            let mut overflow = false;
            for (g, glyph) in shaped.glyphs.iter().enumerate().skip(start) {
                let starts_cluster = glyph.text.1 > glyph.text.0;
                if starts_cluster && g > start && lead + used + glyph.advance * scale > room {
                    overflow = true;
                    break;
                }
                used += glyph.advance * scale;
                end = g + 1;
                let text = shaped.glyph_text(glyph);
                if (text == " " || (text.len() == 1 && CODE_BREAKS.contains(text)))
                    && (lead + used) * 2.0 >= room
                {
                    last_break = Some(end);
                }
            }
            if let (true, Some(at)) = (overflow, last_break) {
                end = at;
            }
            let mut spans = Vec::new();
            if !first {
                spans.push(Span {
                    x: indent + pad,
                    size,
                    colour: brief.colours.muted,
                    glyphs: 0..mark.glyphs.len(),
                    shaped: mark.clone(),
                    // The continuation mark is not part of the code.
                    tag: SpanTag::Artifact,
                    rise: 0.0,
                });
            }
            if end > start {
                spans.push(Span {
                    x: indent + pad + lead,
                    size,
                    colour: brief.colours.text,
                    glyphs: start..end,
                    shaped: shaped.clone(),
                    tag: SpanTag::Block,
                    rise: 0.0,
                });
            }
            lines.push(Line {
                height,
                baseline,
                spans,
                shade,
                ..Line::default()
            });
            start = end;
            first = false;
        }
    }
    // Half a line of tint above and below the text.
    if let Some(first) = lines.first_mut() {
        first.height += pad;
        first.baseline += pad;
    }
    if let Some(last) = lines.last_mut() {
        last.height += pad;
    }
    lines
}

/// Tabs as spaces to the next tab stop, so columns line up as in an editor.
fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let spaces = TAB - column % TAB;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_stop_every_four_columns() {
        assert_eq!(expand_tabs("a\tbc\td"), "a   bc  d");
    }
}
