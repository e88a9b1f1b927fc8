//! Paragraph setting: styled text to lines of placed glyph spans, with
//! hyphenation, total-fit breaking and justification.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::Arc;

use anyhow::{Context, Result};
use hyphenation::{Hyphenator, Language, Load, Standard};

use super::fonts::{FaceId, Shaped, Shaper, WordHasher, WordParts, FACES};
use super::linebreak::{break_lines, space_factor, After, Item};
use super::style::Rgb;
use super::tagging::SpanTag;
use crate::model::{Block, Inline};
use crate::word_cache::WordCache;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub face: FaceId,
    pub size: f32,
    pub colour: Rgb,
    /// Index into the paragraph's link targets.
    pub link: Option<usize>,
    /// Drawn struck through.
    pub strike: bool,
    /// Points above the baseline (superscript), below when negative.
    pub rise: f32,
    /// The footnote this text is the mark of (an index into the document's footnotes).
    pub note: Option<usize>,
    /// An inline picture set in place of this run's text.
    pub picture: Option<InlinePicture>,
}

/// A picture inside a sentence, sized to its line and sitting on the baseline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InlinePicture {
    /// Index into the document's pictures.
    pub index: usize,
    pub width: f32,
    pub height: f32,
    /// Its `Figure` element; an artifact without a description.
    pub tag: SpanTag,
}

/// The text of a run that is a picture: one character, so it is one word
/// (or part of one) for line breaking.
pub const PICTURE_TEXT: &str = "\u{FFFC}";

/// Where a link goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Uri(String),
    /// An anchor id (a publication heading or one of its contents entries).
    Anchor(usize),
}

/// Shaped text at a position on its line.
#[derive(Clone, Debug)]
pub struct Span {
    /// From the left edge of the text area.
    pub x: f32,
    pub size: f32,
    pub colour: Rgb,
    pub shaped: Arc<Shaped>,
    pub glyphs: Range<usize>,
    /// Its structure element, when not its block's.
    pub tag: SpanTag,
    /// Points above the line's baseline.
    pub rise: f32,
}

/// A clickable stretch of a line.
#[derive(Clone, Debug)]
pub struct LinkBox {
    pub x0: f32,
    pub x1: f32,
    pub target: Target,
    /// The structure element the link belongs to.
    pub tag: SpanTag,
}

/// One line: spans placed horizontally, and its box height.
#[derive(Clone, Debug, Default)]
pub struct Line {
    pub height: f32,
    /// Baseline, measured down from the top of the line box.
    pub baseline: f32,
    pub spans: Vec<Span>,
    pub links: Vec<LinkBox>,
    /// An anchor (bookmark or link target) at the top of this line.
    pub anchor: Option<usize>,
    /// Horizontal strokes (through struck text, table rules): from x, to
    /// x, height above the baseline, colour.
    pub strikes: Vec<(f32, f32, f32, Rgb)>,
    /// The footnotes marked on this line: they go to the foot of its page.
    pub notes: Vec<usize>,
    /// A tint behind the line (code), from x to x.
    pub shade: Option<(f32, f32, Rgb)>,
    /// No page break after this line (the lines of one table row).
    pub joined: bool,
    /// Inline pictures, each with its x from the left edge of the text area.
    pub pictures: Vec<(f32, InlinePicture)>,
}

/// Styled text split into runs: what a paragraph is made of.
#[derive(Clone, Debug)]
pub struct Run {
    pub text: String,
    pub style: Style,
}

/// A forced line break inside a paragraph.
pub const NEWLINE: &str = "\n";

/// What inlines refer to beyond themselves: headings (for `#id` links)
/// and footnotes.
pub struct Refs<'a, 'm> {
    /// Heading ids and their anchors.
    pub anchors: &'a HashMap<String, usize>,
    /// Footnotes met, in order; the first is the document's footnote `first_note`.
    pub notes: Vec<&'m [Block]>,
    pub first_note: usize,
    /// The number the next footnote mark shows (counted per publication).
    pub number: usize,
    /// Images inside sentences: the index of the run standing for each
    /// (its description, until the caller sets the picture), and the image.
    pub pictures: Vec<(usize, &'m Inline)>,
}

/// Flattens inlines into runs, emphasis and strong choosing faces.
pub fn runs_from_inlines<'m>(
    inlines: &'m [Inline],
    base: Style,
    link_colour: Rgb,
    links: &mut Vec<Target>,
    refs: &mut Refs<'_, 'm>,
) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut ctx = RunContext {
        link_colour,
        links,
        refs,
        out: &mut runs,
    };
    ctx.push(inlines, base, false, false);
    runs
}

struct RunContext<'c, 'a, 'm> {
    link_colour: Rgb,
    links: &'c mut Vec<Target>,
    refs: &'c mut Refs<'a, 'm>,
    out: &'c mut Vec<Run>,
}

impl<'m> RunContext<'_, '_, 'm> {
    fn push(&mut self, inlines: &'m [Inline], style: Style, italic: bool, bold: bool) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => self.out.push(Run {
                    text: text.clone(),
                    style: Style {
                        face: styled_face(style.face, italic, bold),
                        ..style
                    },
                }),
                Inline::Code { text } | Inline::Math { tex: text, .. } => self.out.push(Run {
                    text: text.clone(),
                    style: Style {
                        face: FaceId::Mono,
                        size: style.size * CODE_SIZE,
                        ..style
                    },
                }),
                Inline::Emphasis { inlines } => self.push(inlines, style, !italic, bold),
                Inline::Strong { inlines } => self.push(inlines, style, italic, true),
                Inline::Strikeout { inlines } => self.push(
                    inlines,
                    Style {
                        strike: true,
                        ..style
                    },
                    italic,
                    bold,
                ),
                Inline::Superscript { inlines } => {
                    self.push(inlines, raised(style, 0.35), italic, bold)
                }
                Inline::Subscript { inlines } => {
                    self.push(inlines, raised(style, -0.15), italic, bold)
                }
                Inline::Footnote { blocks } => {
                    self.refs.notes.push(blocks);
                    let note = self.refs.first_note + self.refs.notes.len() - 1;
                    self.out.push(Run {
                        text: self.refs.number.to_string(),
                        style: Style {
                            face: styled_face(style.face, italic, bold),
                            note: Some(note),
                            ..raised(style, 0.35)
                        },
                    });
                    self.refs.number += 1;
                }
                Inline::Image { src, alt, .. } => {
                    self.refs.pictures.push((self.out.len(), inline));
                    self.out.push(Run {
                        text: format!("[image: {}]", if alt.is_empty() { src } else { alt }),
                        style: Style {
                            face: styled_face(style.face, !italic, bold),
                            ..style
                        },
                    })
                }
                Inline::Link { url, inlines } => {
                    let target = if crate::model::is_followable_link(url) {
                        Some(Target::Uri(url.trim().to_string()))
                    } else {
                        url.trim()
                            .strip_prefix('#')
                            .and_then(|id| self.refs.anchors.get(id))
                            .map(|&anchor| Target::Anchor(anchor))
                    };
                    match target {
                        Some(target) => {
                            self.links.push(target);
                            let linked = Style {
                                colour: self.link_colour,
                                link: Some(self.links.len() - 1),
                                ..style
                            };
                            self.push(inlines, linked, italic, bold)
                        }
                        None => self.push(inlines, style, italic, bold),
                    }
                }
                Inline::LineBreak => self.out.push(Run {
                    text: NEWLINE.into(),
                    style,
                }),
            }
        }
    }
}

/// The most a justified line's spaces grow, beyond their natural width (2 = three times as wide).
const MAX_STRETCH: f32 = 2.0;

/// Code is set this much smaller than the text around it: a monospace face
/// looks bigger at the same size.
pub const CODE_SIZE: f32 = 0.88;

/// Smaller type moved up (or down) by `by` of the text size.
fn raised(style: Style, by: f32) -> Style {
    Style {
        size: style.size * 0.7,
        rise: style.rise + style.size * by,
        ..style
    }
}

/// The face for emphasis and strong within a family.
fn styled_face(base: FaceId, italic: bool, bold: bool) -> FaceId {
    match base {
        FaceId::Regular | FaceId::Italic | FaceId::Bold | FaceId::BoldItalic => {
            let italic = italic ^ matches!(base, FaceId::Italic | FaceId::BoldItalic);
            let bold = bold || matches!(base, FaceId::Bold | FaceId::BoldItalic);
            match (italic, bold) {
                (false, false) => FaceId::Regular,
                (true, false) => FaceId::Italic,
                (false, true) => FaceId::Bold,
                (true, true) => FaceId::BoldItalic,
            }
        }
        FaceId::Label if bold => FaceId::Heading,
        other => other,
    }
}

/// British English hyphenation patterns, and the points already found for
/// each word, shared by a build's documents (prose repeats its words).
pub struct Hyphenation {
    patterns: Standard,
    /// Shortest word that is hyphenated.
    min_word: usize,
    known: WordCache<Arc<[usize]>, BuildHasherDefault<WordHasher>>,
}

/// The fewest letters of a word in capitals that is hyphenated: shorter
/// ones may be acronyms (UNESCAP, NAVSEA).
const SHOUTED_WORD: usize = 9;

/// Bytes of words remembered; beyond this a flood of distinct words is
/// hyphenated without being kept, so memory stays bounded.
const KNOWN_BYTES: usize = 16 << 20;

impl Hyphenation {
    pub fn load(file: &crate::layouts::LayoutFile, min_word: usize) -> Result<Hyphenation> {
        let patterns = Standard::from_reader(Language::EnglishGB, &mut &file.bytes[..])
            .with_context(|| {
                format!(
                    "{}: cannot load the hyphenation patterns",
                    file.path.display()
                )
            })?;
        Ok(Hyphenation {
            patterns,
            min_word,
            known: WordCache::new(KNOWN_BYTES),
        })
    }

    /// Byte offsets where `word` (all letters) may be hyphenated.
    fn points(&self, word: &str) -> Arc<[usize]> {
        self.known.get_or_make(
            word,
            |points| points.len() * std::mem::size_of::<usize>(),
            || {
                let lower = word.to_lowercase();
                // Skip short words and acronyms (DCAF, OSCE), but not words
                // in capitals too long to be one (MERCHANTABILITY, in
                // licence texts); lowercasing must keep byte offsets valid.
                let letters = word.chars().count();
                let capitals = word.chars().filter(|c| c.is_uppercase()).count();
                let shouted = capitals == letters && letters >= SHOUTED_WORD;
                if letters < self.min_word
                    || (capitals > 1 && !shouted)
                    || lower.len() != word.len()
                {
                    Arc::from([])
                } else {
                    self.patterns.hyphenate(&lower).breaks.into()
                }
            },
        )
    }
}

/// What a paragraph needs besides its runs.
pub struct Setting<'a> {
    pub width: f32,
    /// Left offset of every line (lists, quotes).
    pub indent: f32,
    pub justify: bool,
    pub hyphenate: bool,
    pub leading: f32,
    pub links: &'a [Target],
}

/// The shared state of setting text in one document.
pub struct Typesetter<'f> {
    pub shaper: Shaper<'f>,
    hyphenation: &'f Hyphenation,
    /// Warnings about characters no font has, each (character, place) once.
    pub warnings: Vec<String>,
    warned: HashSet<(char, String)>,
    /// Warnings taken in from other typesetters (`absorb`).
    taken_in: HashSet<String>,
    /// Widths of a space and of a hyphen in each face, in thousandths of an
    /// em: wanted after every word part.
    spacing: [Option<(f32, f32)>; FACES],
}

/// An item's content, parallel to the breaker's items.
struct Piece {
    shaped: Arc<Shaped>,
    glyphs: Range<usize>,
    style: Style,
}

impl<'f> Typesetter<'f> {
    pub fn new(shaper: Shaper<'f>, hyphenation: &'f Hyphenation) -> Self {
        Typesetter {
            shaper,
            hyphenation,
            warnings: Vec::new(),
            warned: HashSet::new(),
            taken_in: HashSet::new(),
            spacing: [None; FACES],
        }
    }

    /// Takes in the warnings of a typesetter that set a later part of the
    /// document (`fresh`): each character and place is warned of once.
    pub fn absorb(&mut self, other: Typesetter) {
        for warning in other.warnings {
            if self.taken_in.insert(warning.clone()) {
                self.warnings.push(warning);
            }
        }
        self.warned.extend(other.warned);
    }

    /// A typesetter with the same fonts, caches and patterns and no
    /// warnings yet, for laying out on another thread.
    pub fn fresh(&self) -> Typesetter<'f> {
        Typesetter::new(self.shaper, self.hyphenation)
    }

    /// Widths of a space and of a hyphen in `face`, thousandths of an em.
    fn space_and_hyphen(&mut self, face: FaceId, place: &str) -> (f32, f32) {
        if let Some(known) = self.spacing[face.index()] {
            return known;
        }
        let space = self.shape(face, " ", place);
        let hyphen = self.shape(face, "-", place);
        let widths = (space.width, hyphen.width);
        // Remembered only when nothing is missing, so that every place
        // still gets its warning.
        if space.missing.is_empty() && hyphen.missing.is_empty() {
            self.spacing[face.index()] = Some(widths);
        }
        widths
    }

    pub fn shape(&mut self, face: FaceId, text: &str, place: &str) -> Arc<Shaped> {
        let shaped = self.shaper.shape(face, text);
        self.warn_missing(&shaped, place);
        shaped
    }

    /// Warns of each character of `shaped` no font has, once per place.
    fn warn_missing(&mut self, shaped: &Shaped, place: &str) {
        for &c in &shaped.missing {
            if self.warned.insert((c, place.to_string())) {
                let shown = if c.is_control() {
                    String::new()
                } else {
                    format!(" ({c})")
                };
                self.warnings.push(format!(
                    "character U+{:04X}{shown} is in none of the fonts; drawn as a replacement mark ({place})",
                    c as u32
                ));
            }
        }
    }

    /// Width in points of `text` in `style`.
    pub fn width(&mut self, text: &str, style: Style, place: &str) -> f32 {
        self.shape(style.face, text, place).width * style.size / 1000.0
    }

    /// Sets styled runs as lines. `place` names the source line for warnings.
    pub fn set(&mut self, runs: &[Run], setting: &Setting, place: &str) -> Vec<Line> {
        let mut lines = Vec::new();
        // Forced breaks split the paragraph into parts set one by one.
        for part in runs.split(|run| run.text == NEWLINE) {
            lines.extend(self.set_part(part, setting, place));
        }
        lines
    }

    fn set_part(&mut self, runs: &[Run], setting: &Setting, place: &str) -> Vec<Line> {
        let (items, pieces) = self.items(runs, setting.width, setting.hyphenate, place);
        if items.is_empty() {
            return Vec::new();
        }
        let ends = break_lines(&items, setting.width, setting.justify);
        let mut lines = Vec::with_capacity(ends.len());
        // Each line takes its pieces, shapes and all, as they are.
        let mut pieces = pieces.into_iter();
        let mut start = 0;
        for (n, &end) in ends.iter().enumerate() {
            let last = n + 1 == ends.len();
            lines.push(self.line(
                &items[start..end],
                pieces.by_ref().take(end - start),
                setting,
                last,
                place,
            ));
            start = end;
        }
        lines
    }

    /// Places one line's pieces, stretching its spaces when justified.
    fn line(
        &mut self,
        items: &[Item],
        pieces: impl Iterator<Item = Piece>,
        setting: &Setting,
        last: bool,
        place: &str,
    ) -> Line {
        let mut natural = 0.0;
        let mut spaces = 0.0;
        for (k, item) in items.iter().enumerate() {
            natural += item.width;
            if k + 1 < items.len() {
                if let After::Space(w) = item.after {
                    natural += w;
                    spaces += w;
                }
            }
        }
        let hyphen = match items.last().map(|i| i.after) {
            Some(After::Hyphen(w)) => {
                natural += w;
                true
            }
            _ => false,
        };
        // A line broken inside a word (after a hyphen, in a URL or code) is
        // justified too, unless its spaces would grow past `MAX_STRETCH`.
        let ragged = last;
        let factor = if (setting.justify && !ragged) || natural > setting.width {
            space_factor(natural, spaces, setting.width)
        } else {
            0.0
        };
        // A line that would need spaces over three times their width (a long
        // word or code that cannot break follows) is left ragged instead.
        let factor = if factor > MAX_STRETCH { 0.0 } else { factor };
        let mut line = Line {
            // A span a piece, and one for a hyphen.
            spans: Vec::with_capacity(items.len() + 1),
            ..Line::default()
        };
        let mut x = setting.indent;
        let mut max_size: f32 = 0.0;
        let mut ascent: f32 = 0.0;
        let mut descent: f32 = 0.0;
        for (k, (item, piece)) in items.iter().zip(pieces).enumerate() {
            let style = piece.style;
            max_size = max_size.max(style.size);
            let face = self.shaper.fonts().face(style.face);
            ascent = ascent.max(face.ascent * style.size);
            descent = descent.max(face.descent * style.size);
            let x0 = x;
            if let Some(picture) = style.picture {
                ascent = ascent.max(picture.height);
                line.pictures.push((x, picture));
            } else {
                line.spans.push(Span {
                    x,
                    size: style.size,
                    colour: style.colour,
                    shaped: piece.shaped,
                    glyphs: piece.glyphs,
                    tag: style
                        .link
                        .map_or(SpanTag::Block, |k| SpanTag::Link(k as u32)),
                    rise: style.rise,
                });
            }
            if let Some(note) = style.note {
                line.notes.push(note);
            }
            x += item.width;
            if k + 1 == items.len() && hyphen {
                let shaped = self.shape(style.face, "-", place);
                line.spans.push(Span {
                    x,
                    size: style.size,
                    colour: style.colour,
                    glyphs: 0..shaped.glyphs.len(),
                    shaped,
                    tag: style
                        .link
                        .map_or(SpanTag::Block, |k| SpanTag::Link(k as u32)),
                    rise: style.rise,
                });
                x += match item.after {
                    After::Hyphen(w) => w,
                    _ => 0.0,
                };
            }
            let x_text_end = x;
            if style.strike {
                let at = style.rise + style.size * 0.3;
                match line.strikes.last_mut() {
                    // One stroke across the space when strike goes on.
                    Some(last) if (last.2 - at).abs() < 0.01 && x0 - last.1 < max_size => {
                        last.1 = x_text_end
                    }
                    _ => line.strikes.push((x0, x_text_end, at, style.colour)),
                }
            }
            if k + 1 < items.len() {
                if let After::Space(w) = item.after {
                    x += w * (1.0 + factor);
                }
            }
            if let Some(link) = style.link {
                let target = &setting.links[link];
                // Extend the previous box across the space when the link goes on.
                match line.links.last_mut() {
                    Some(last) if last.target == *target && (last.x1 - x0).abs() < max_size => {
                        last.x1 = x_text_end
                    }
                    _ => line.links.push(LinkBox {
                        x0,
                        x1: x_text_end,
                        target: target.clone(),
                        tag: SpanTag::Link(link as u32),
                    }),
                }
            }
        }
        let (height, baseline) = line_box(max_size, ascent, descent, setting.leading);
        line.height = height;
        line.baseline = baseline;
        line
    }

    /// Words to breakable items: hyphenation points, URL break points and
    /// chunks of words too wide for any line.
    fn items(
        &mut self,
        runs: &[Run],
        width: f32,
        hyphenate: bool,
        place: &str,
    ) -> (Vec<Item>, Vec<Piece>) {
        let mut items = Vec::new();
        let mut pieces = Vec::new();
        let (word_pieces, word_ends) = words(runs);
        let mut word_start = 0;
        for &word_end in &word_ends {
            let word = &word_pieces[word_start..word_end];
            word_start = word_end;
            let single = word.len() == 1;
            for (seg, (style, text)) in word.iter().enumerate() {
                if let Some(picture) = style.picture {
                    let (space, _) = self.space_and_hyphen(style.face, place);
                    items.push(Item {
                        width: picture.width,
                        after: if seg + 1 < word.len() {
                            After::Join
                        } else {
                            After::Space(space * style.size / 1000.0)
                        },
                    });
                    pieces.push(Piece {
                        shaped: self.shape(style.face, "", place),
                        glyphs: 0..0,
                        style: *style,
                    });
                    continue;
                }
                // A word of several styles (a link and the `)` after it) may
                // break inside each piece too, but is never hyphenated.
                let parts = if style.face == FaceId::Mono {
                    self.shaped_parts(style.face, &code_parts(text), place)
                } else if hyphenate && single {
                    let shaper = self.shaper;
                    let parts = shaper.word_parts(style.face, text, || {
                        let parts = self.word_parts(text, true);
                        self.shaped_parts(style.face, &parts, place)
                    });
                    for (shaped, _) in parts.iter() {
                        self.warn_missing(shaped, place);
                    }
                    parts
                } else {
                    let parts = self.word_parts(text, false);
                    self.shaped_parts(style.face, &parts, place)
                };
                for (part_no, (shaped, after)) in parts.iter().enumerate() {
                    let scale = style.size / 1000.0;
                    let (space, hyphen) = self.space_and_hyphen(style.face, place);
                    let after = if part_no + 1 < parts.len() {
                        match after {
                            After::Hyphen(_) => After::Hyphen(hyphen * scale),
                            other => *other,
                        }
                    } else if seg + 1 < word.len() {
                        After::Join
                    } else {
                        After::Space(space * scale)
                    };
                    // A part that fits is one item, as wide as its shaped
                    // width says (most parts: no walk over its glyphs).
                    let part_width = shaped.width * scale;
                    if part_width <= width {
                        items.push(Item {
                            width: part_width,
                            after,
                        });
                        pieces.push(Piece {
                            shaped: shaped.clone(),
                            glyphs: 0..shaped.glyphs.len(),
                            style: *style,
                        });
                        continue;
                    }
                    // A part wider than the line may break between any two
                    // characters; the breaker picks where.
                    let mut start = 0;
                    let mut chunk_width = 0.0;
                    let glyphs = &shaped.glyphs;
                    for (g, glyph) in glyphs.iter().enumerate() {
                        let w = glyph.advance * scale;
                        let cluster_start = glyph.text.1 > glyph.text.0;
                        if g > start && cluster_start {
                            items.push(Item {
                                width: chunk_width,
                                after: After::Break,
                            });
                            pieces.push(Piece {
                                shaped: shaped.clone(),
                                glyphs: start..g,
                                style: *style,
                            });
                            start = g;
                            chunk_width = 0.0;
                        }
                        chunk_width += w;
                    }
                    items.push(Item {
                        width: chunk_width,
                        after,
                    });
                    pieces.push(Piece {
                        shaped: shaped.clone(),
                        glyphs: start..glyphs.len(),
                        style: *style,
                    });
                }
            }
        }
        if let Some(last) = items.last_mut() {
            last.after = After::End;
        }
        (items, pieces)
    }

    /// `parts`, each shaped in `face`.
    fn shaped_parts(&mut self, face: FaceId, parts: &[(&str, After)], place: &str) -> WordParts {
        parts
            .iter()
            .map(|&(part, after)| (self.shape(face, part, place), after))
            .collect()
    }

    /// A word's unbreakable parts and how each may break from the next.
    fn word_parts<'w>(&self, word: &'w str, hyphenate: bool) -> Vec<(&'w str, After)> {
        let mut cuts: Vec<(usize, After)> = Vec::new();
        let url = word.contains("://") || word.starts_with("www.");
        let dashes = ['-', '‐', '–', '—'];
        // After an existing hyphen or dash (with letters on both sides), and
        // after the slashes and separators of URLs.
        let chars: Vec<(usize, char)> = if url || word.contains(dashes) {
            word.char_indices().collect()
        } else {
            Vec::new()
        };
        for (i, &(at, c)) in chars.iter().enumerate() {
            if i < 2 || i + 2 >= chars.len() {
                continue;
            }
            let end = at + c.len_utf8();
            let after_hyphen = dashes.contains(&c)
                && chars[i - 1].1.is_alphanumeric()
                && chars[i + 1].1.is_alphanumeric();
            let in_url = url && matches!(c, '/' | '.' | '?' | '&' | '=' | '-' | '_' | '#');
            if in_url {
                cuts.push((end, After::Break));
            } else if after_hyphen {
                cuts.push((end, After::Dash));
            }
        }
        if hyphenate && !url {
            self.hyphenation_points(word, &mut cuts);
        }
        cuts.sort_by_key(|&(at, _)| at);
        cuts.dedup_by_key(|&mut (at, _)| at);
        let mut parts = Vec::with_capacity(cuts.len() + 1);
        let mut start = 0;
        for (at, after) in cuts {
            parts.push((&word[start..at], after));
            start = at;
        }
        parts.push((&word[start..], After::Join));
        parts
    }

    /// Hyphenation points of the alphabetic stretches of `word`.
    fn hyphenation_points(&self, word: &str, cuts: &mut Vec<(usize, After)>) {
        let mut at = 0;
        for stretch in word.split(|c: char| !c.is_alphabetic()) {
            let start = at;
            at += stretch.len();
            // The separator that ended this stretch.
            at += word[at..].chars().next().map_or(0, char::len_utf8);
            for &b in self.hyphenation.points(stretch).iter() {
                cuts.push((start + b, After::Hyphen(0.0)));
            }
        }
    }
}

/// Where inline code may break: after `/ _ . :: -` (never hyphenated).
fn code_parts(code: &str) -> Vec<(&str, After)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = code.as_bytes();
    for (at, &b) in bytes.iter().enumerate() {
        let end = at + 1;
        let breaks = matches!(b, b'/' | b'_' | b'.' | b'-')
            || (b == b':' && at > 0 && bytes[at - 1] == b':' && bytes.get(end) != Some(&b':'));
        // Not at the very start or end: a lone `-` or `/` stays with its word.
        if breaks && end - start > 1 && end < code.len() {
            parts.push((&code[start..end], After::Break));
            start = end;
        }
    }
    parts.push((&code[start..], After::Join));
    parts
}

/// The height of a line box and its baseline, from the biggest type on it:
/// the glyph boxes (ascent + descent) always fit inside the line box.
pub fn line_box(size: f32, ascent: f32, descent: f32, leading: f32) -> (f32, f32) {
    let height = (size * leading).max(ascent + descent);
    (height, (height - ascent - descent) / 2.0 + ascent)
}

/// Words: the text between spaces, as (style, text) pieces, with the end
/// of each word's pieces (one list, not a list per word: paragraphs have
/// many words).
fn words(runs: &[Run]) -> (Vec<(Style, &str)>, Vec<usize>) {
    let mut pieces: Vec<(Style, &str)> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut open = false;
    for run in runs {
        let mut rest = run.text.as_str();
        while !rest.is_empty() {
            let space = rest.find(char::is_whitespace);
            let (word, tail) = match space {
                Some(at) => (&rest[..at], &rest[at..]),
                None => (rest, ""),
            };
            if !word.is_empty() {
                pieces.push((run.style, word));
                if open {
                    if let Some(end) = ends.last_mut() {
                        *end = pieces.len();
                    }
                } else {
                    ends.push(pieces.len());
                }
                open = true;
            }
            if let Some(c) = tail.chars().next() {
                open = false;
                rest = &tail[c.len_utf8()..];
            } else {
                rest = "";
            }
        }
    }
    (pieces, ends)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hyphenation() -> Hyphenation {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("layouts/hyphenation/en-gb.standard.bincode");
        let file = crate::layouts::LayoutFile {
            bytes: std::fs::read(&path).unwrap().into(),
            path,
            built_in: false,
        };
        Hyphenation::load(&file, 5).unwrap()
    }

    #[test]
    fn long_words_in_capitals_are_hyphenated_but_acronyms_are_not() {
        let h = hyphenation();
        assert!(!h.points("MERCHANTABILITY").is_empty());
        assert!(!h.points("merchantability").is_empty());
        for acronym in ["UNESCAP", "NAVSEA", "OSCE", "McDonaldsCorp"] {
            assert!(h.points(acronym).is_empty(), "{acronym}");
        }
    }
}
