//! Where things go: the collection as blocks of lines, then pages. The
//! contents list is laid out, the pages it points at are found, and it is
//! laid out again with their numbers until nothing moves.

use std::path::Path;
use std::sync::Arc;

use super::fonts::FaceId;
use super::style::{Brief, Rgb};
use super::text::{
    runs_from_inlines, Line, LinkBox, Run, Setting, Span, Style, Target, Typesetter,
};
use crate::model::{self, Block as ModelBlock, Collection, Publication};

/// A picture decoded for placing: 8-bit RGB pixels.
pub struct Picture {
    pub width_px: u32,
    pub height_px: u32,
    pub rgb: Vec<u8>,
}

/// A logo for the title block, decoded once per build.
pub struct Logo {
    pub picture: Arc<Picture>,
    /// Width in points, when brief.toml sets one.
    pub width: Option<f32>,
}

/// What the paginator moves as a unit.
struct Block {
    lines: Vec<Line>,
    space_before: f32,
    /// Never leave this block last on a page (headings).
    keep_with_next: bool,
    /// Fewest lines left on either side when split (widows and orphans).
    min_split: usize,
    /// Start a new page before this block.
    new_page: bool,
    /// A picture filling the block's only line: index, indent, width.
    picture: Option<(usize, f32, f32)>,
    /// A horizontal rule across the middle of the block's only line.
    rule: bool,
}

impl Block {
    fn text(lines: Vec<Line>, space_before: f32) -> Block {
        Block {
            lines,
            space_before,
            keep_with_next: false,
            min_split: 2,
            new_page: false,
            picture: None,
            rule: false,
        }
    }

    fn height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum()
    }
}

/// Something drawn on a page, in PDF coordinates (points from bottom left).
pub enum Mark {
    Text {
        x: f32,
        y: f32,
        span: Span,
    },
    Link {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        target: Target,
    },
    Picture {
        index: usize,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
    Rule {
        x0: f32,
        x1: f32,
        y: f32,
        colour: Rgb,
    },
}

/// An outline entry: depth 0 for a publication, deeper for its contents.
pub struct OutlineEntry {
    pub depth: usize,
    pub title: String,
    pub anchor: usize,
}

pub struct Laid {
    pub pages: Vec<Vec<Mark>>,
    /// Page index and top (PDF y) of each anchor.
    pub anchors: Vec<(usize, f32)>,
    pub outline: Vec<OutlineEntry>,
    pub pictures: Vec<Arc<Picture>>,
    pub warnings: Vec<String>,
}

pub struct Layout<'a, 'f> {
    brief: &'a Brief,
    ts: Typesetter<'f>,
    anchors: usize,
    outline: Vec<OutlineEntry>,
    pictures: Vec<Arc<Picture>>,
    source_dir: &'a Path,
    /// Extra right margin while inside a quotation.
    right_indent: f32,
}

impl<'a, 'f> Layout<'a, 'f> {
    pub fn new(brief: &'a Brief, ts: Typesetter<'f>, source_dir: &'a Path) -> Self {
        Layout {
            brief,
            ts,
            anchors: 0,
            outline: Vec::new(),
            pictures: Vec::new(),
            source_dir,
            right_indent: 0.0,
        }
    }

    fn style(&self, face: FaceId, size: f32, colour: Rgb) -> Style {
        Style {
            face,
            size,
            colour,
            link: None,
        }
    }

    fn new_anchor(&mut self) -> usize {
        self.anchors += 1;
        self.anchors - 1
    }

    /// Plain text set ragged (titles, labels) or justified.
    fn plain(&mut self, text: &str, style: Style, indent: f32, place: &str) -> Vec<Line> {
        let runs = [Run {
            text: text.to_string(),
            style,
        }];
        let setting = Setting {
            width: self.brief.page.text_width() - indent,
            indent,
            justify: false,
            hyphenate: false,
            leading: self.brief.sizes.leading,
            links: &[],
        };
        self.ts.set(&runs, &setting, place)
    }

    pub fn run(mut self, collection: &Collection, date: &str, logo: Option<&Logo>) -> Laid {
        let mut sections = Vec::new();
        let mut pub_anchors = Vec::new();
        for (i, publication) in collection.publications.iter().enumerate() {
            let anchor = self.new_anchor();
            pub_anchors.push(anchor);
            let mut blocks = self.section(publication, anchor);
            if i == 0 {
                if let Some(first) = blocks.first_mut() {
                    first.new_page = true;
                }
            }
            sections.extend(blocks);
        }
        let mut title = Vec::new();
        if let Some(logo) = logo {
            title.push(self.logo_block(logo));
        }
        title.extend(self.title_block(collection, date));
        // Contents: lay out with page numbers until they stop changing. The
        // number column is reserved at four digits, so the contents keep
        // their length and the second round is normally the last.
        let mut numbers = vec![0usize; pub_anchors.len()];
        let mut placed;
        let mut rounds = 0;
        loop {
            let contents = self.contents(collection, &pub_anchors, &numbers);
            let blocks: Vec<&Block> = title.iter().chain(&contents).chain(&sections).collect();
            placed = paginate(self.brief, &blocks, self.anchors);
            let found: Vec<usize> = pub_anchors.iter().map(|&a| placed.1[a].0 + 1).collect();
            rounds += 1;
            if found == numbers || rounds == 4 {
                break;
            }
            numbers = found;
        }
        let (mut pages, anchors) = placed;
        self.running(&mut pages, &collection.title);
        Laid {
            pages,
            anchors,
            outline: self.outline,
            pictures: self.pictures,
            warnings: self.ts.warnings,
        }
    }

    /// Running header and footer from page 2 on, inside the margins' width.
    fn running(&mut self, pages: &mut [Vec<Mark>], title: &str) {
        let b = self.brief;
        let page = b.page;
        let style = self.style(FaceId::Label, b.sizes.small, b.colours.muted);
        let total = pages.len();
        let width = page.text_width();
        for (index, marks) in pages.iter_mut().enumerate().skip(1) {
            let fill = |template: &str| {
                template
                    .replace("{title}", title)
                    .replace("{page}", &(index + 1).to_string())
                    .replace("{pages}", &total.to_string())
            };
            let header_y = page.height - page.top * 0.55;
            if let Some(span) = self.fitted(&fill(&b.running.header), style, width) {
                marks.push(Mark::Text {
                    x: page.left,
                    y: header_y,
                    span,
                });
                marks.push(Mark::Rule {
                    x0: page.left,
                    x1: page.width - page.right,
                    y: header_y - b.sizes.small * 0.6,
                    colour: b.colours.rule,
                });
            }
            if let Some(span) = self.fitted(&fill(&b.running.footer), style, width) {
                let x = page.left + (width - span_width(&span)) / 2.0;
                marks.push(Mark::Text {
                    x,
                    y: page.bottom * 0.45,
                    span,
                });
            }
        }
    }

    /// One line of text, cut short with an ellipsis if wider than `width`.
    fn fitted(&mut self, text: &str, style: Style, width: f32) -> Option<Span> {
        if text.trim().is_empty() {
            return None;
        }
        let scale = style.size / 1000.0;
        let mut shaped = self
            .ts
            .shape(style.face, text, "layouts/brief.toml [running]");
        if shaped.width * scale > width {
            // The longest cut (at a character boundary, with an ellipsis)
            // that fits, found by bisection: cutting one character at a
            // time shaped a long title once per character, on every page.
            let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let cut = |end: usize| format!("{}…", text[..end].trim_end());
            let (mut fits, mut too_wide) = (0, ends.len());
            while too_wide - fits > 1 {
                let mid = (fits + too_wide) / 2;
                let trial =
                    self.ts
                        .shape(style.face, &cut(ends[mid]), "layouts/brief.toml [running]");
                if trial.width * scale <= width {
                    fits = mid;
                } else {
                    too_wide = mid;
                }
            }
            shaped = self
                .ts
                .shape(style.face, &cut(ends[fits]), "layouts/brief.toml [running]");
        }
        Some(Span {
            x: 0.0,
            size: style.size,
            colour: style.colour,
            glyphs: 0..shaped.glyphs.len(),
            shaped,
        })
    }

    /// The logo above the title, at its width from brief.toml or its natural
    /// size, never wider than the text.
    fn logo_block(&mut self, logo: &Logo) -> Block {
        let picture = &logo.picture;
        let natural = picture.width_px as f32 * 0.75;
        let width = logo
            .width
            .unwrap_or(natural)
            .min(self.brief.page.text_width());
        let height = width * picture.height_px as f32 / picture.width_px as f32;
        let height = height.min(self.brief.page.text_height() * 0.25);
        let width = height * picture.width_px as f32 / picture.height_px as f32;
        self.pictures.push(picture.clone());
        let line = Line {
            height: height + self.brief.sizes.body,
            baseline: height,
            ..Line::default()
        };
        let mut block = Block::text(vec![line], 0.0);
        block.picture = Some((self.pictures.len() - 1, 0.0, width));
        block.keep_with_next = true;
        block
    }

    fn title_block(&mut self, collection: &Collection, date: &str) -> Vec<Block> {
        let b = self.brief;
        let c = b.colours;
        let s = b.sizes;
        let place = "title";
        let mut blocks = Vec::new();
        let title = self.plain(
            &collection.title,
            self.style(FaceId::Heading, s.title, c.accent),
            0.0,
            place,
        );
        blocks.push(Block::text(title, 0.0));
        if let Some(owner) = &collection.owner {
            let lines = self.plain(
                owner,
                self.style(FaceId::Label, s.subheading, c.text),
                0.0,
                place,
            );
            blocks.push(Block::text(lines, s.body * 0.4));
        }
        let mut series: Vec<&str> = Vec::new();
        for p in &collection.publications {
            if let Some(name) = p.series.as_deref() {
                if !series.contains(&name) {
                    series.push(name);
                }
            }
        }
        if !series.is_empty() {
            let lines = self.plain(
                &series.join(" · "),
                self.style(FaceId::Italic, s.body, c.text),
                0.0,
                place,
            );
            blocks.push(Block::text(lines, s.body * 0.8));
        }
        let count = collection.publications.len();
        let facts = format!(
            "{count} publication{} · {date}",
            if count == 1 { "" } else { "s" }
        );
        let lines = self.plain(
            &facts,
            self.style(FaceId::Label, s.small, c.muted),
            0.0,
            place,
        );
        blocks.push(Block::text(lines, s.body * 0.4));
        blocks.push(rule_block(s.body));
        if count > 0 {
            let heading = self.plain(
                "Contents",
                self.style(FaceId::Heading, s.subheading, c.accent),
                0.0,
                place,
            );
            let mut block = Block::text(heading, s.body * 1.2);
            block.keep_with_next = true;
            blocks.push(block);
        }
        for block in &mut blocks {
            block.min_split = 1;
        }
        blocks
    }

    /// The contents list: each entry a link to its publication, with dot
    /// leaders and the page number at the right margin.
    fn contents(
        &mut self,
        collection: &Collection,
        anchors: &[usize],
        numbers: &[usize],
    ) -> Vec<Block> {
        let b = self.brief;
        let size = b.sizes.body;
        let style = self.style(FaceId::Regular, size, b.colours.text);
        let width = b.page.text_width();
        let number_column = self.ts.width("0000", style, "contents");
        let gap = size * 0.3;
        let dot = self.ts.shape(FaceId::Regular, ".", "contents");
        let pitch = size * 0.55;
        let mut blocks = Vec::new();
        for (i, p) in collection.publications.iter().enumerate() {
            let place = source_place(p, p.source.first_line);
            let runs = [Run {
                text: shown_title(p).to_string(),
                style,
            }];
            let setting = Setting {
                width: width - number_column - gap,
                indent: 0.0,
                justify: false,
                hyphenate: true,
                leading: b.sizes.leading,
                links: &[],
            };
            let mut lines = self.ts.set(&runs, &setting, &place);
            let number = if numbers[i] == 0 {
                "0".to_string()
            } else {
                numbers[i].to_string()
            };
            let number_width = self.ts.width(&number, style, &place);
            if let Some(last) = lines.last_mut() {
                let text_end = last
                    .spans
                    .last()
                    .map(|s| s.x + span_width(s))
                    .unwrap_or(0.0);
                let leader_end = width - number_column - gap * 0.5;
                let mut k = ((text_end + gap) / pitch).ceil() as i32;
                while (k as f32) * pitch + dot.width * size / 1000.0 <= leader_end {
                    last.spans.push(Span {
                        x: k as f32 * pitch,
                        size,
                        colour: b.colours.muted,
                        shaped: dot.clone(),
                        glyphs: 0..dot.glyphs.len(),
                    });
                    k += 1;
                }
                let shaped = self.ts.shape(FaceId::Regular, &number, &place);
                last.spans.push(Span {
                    x: width - number_width,
                    size,
                    colour: b.colours.text,
                    glyphs: 0..shaped.glyphs.len(),
                    shaped,
                });
            }
            for line in &mut lines {
                line.links.push(LinkBox {
                    x0: 0.0,
                    x1: width,
                    target: Target::Anchor(anchors[i]),
                });
            }
            let mut block = Block::text(lines, size * 0.25);
            block.min_split = 99;
            blocks.push(block);
        }
        blocks
    }

    fn section(&mut self, p: &Publication, anchor: usize) -> Vec<Block> {
        let b = self.brief;
        let c = b.colours;
        let s = b.sizes;
        let place = source_place(p, p.source.first_line);
        let mut head: Vec<Block> = Vec::new();
        let kind = p.kind.as_deref().unwrap_or("Publication");
        let mut lines = self.plain(
            kind,
            self.style(FaceId::Label, s.small, c.accent),
            0.0,
            &place,
        );
        if let Some(first) = lines.first_mut() {
            first.anchor = Some(anchor);
        }
        head.push(Block::text(lines, s.body * 3.0));
        let title = self.plain(
            shown_title(p),
            self.style(FaceId::Heading, s.heading, c.text),
            0.0,
            &place,
        );
        head.push(Block::text(title, s.body * 0.2));
        if let Some(subtitle) = &p.subtitle {
            let lines = self.plain(
                subtitle,
                self.style(FaceId::Italic, s.subheading, c.text),
                0.0,
                &place,
            );
            head.push(Block::text(lines, 0.0));
        }
        if !p.authors.is_empty() {
            let lines = self.plain(
                &join_names(&p.authors),
                self.style(FaceId::Italic, s.body, c.text),
                0.0,
                &place,
            );
            head.push(Block::text(lines, s.body * 0.4));
        }
        if let Some(series) = &p.series {
            let lines = self.plain(
                series,
                self.style(FaceId::Label, s.small, c.muted),
                0.0,
                &place,
            );
            head.push(Block::text(lines, s.body * 0.1));
        }
        self.outline.push(OutlineEntry {
            depth: 0,
            title: shown_title(p).to_string(),
            anchor,
        });
        for block in &mut head {
            block.keep_with_next = true;
            block.min_split = 99;
        }
        let mut blocks = head;
        let body = self.style(FaceId::Regular, s.body, c.text);
        let mut first = true;
        for block in &p.summary {
            let space = if first { s.body * 0.9 } else { s.body * 0.5 };
            first = false;
            self.model_block(block, p, body, 0.0, space, &mut blocks);
        }
        if !p.contents.is_empty() {
            let lines = self.plain(
                "Contents",
                self.style(FaceId::Heading, s.body, c.accent),
                0.0,
                &place,
            );
            let mut heading = Block::text(lines, s.body * 1.1);
            heading.keep_with_next = true;
            heading.min_split = 99;
            blocks.push(heading);
            for entry in &p.contents {
                blocks.push(self.contents_entry(p, entry));
            }
        }
        for note in &p.notes {
            let runs = [Run {
                text: note.clone(),
                style: self.style(FaceId::Italic, s.small, c.muted),
            }];
            let setting = self.setting(0.0, true, &[]);
            let lines = self.ts.set(&runs, &setting, &place);
            blocks.push(Block::text(lines, s.body * 0.8));
        }
        if let Some(url) = &p.url {
            let link = crate::render::full_text_link(url);
            self.model_block(&link, p, body, 0.0, s.body * 0.8, &mut blocks);
        }
        blocks
    }

    fn setting<'l>(&self, indent: f32, justify: bool, links: &'l [Target]) -> Setting<'l> {
        Setting {
            width: self.brief.page.text_width() - indent - self.right_indent,
            indent,
            justify,
            hyphenate: true,
            leading: self.brief.sizes.leading,
            links,
        }
    }

    /// One entry of a publication's own contents: its number in a column,
    /// the title hanging beside it, indented by level; a bookmark target.
    fn contents_entry(&mut self, p: &Publication, entry: &model::ContentsEntry) -> Block {
        let s = self.brief.sizes;
        let style = self.style(FaceId::Regular, s.body, self.brief.colours.text);
        let place = source_place(p, entry.line);
        let step = s.body * 1.5;
        let indent = step * entry.level.saturating_sub(1).min(4) as f32;
        let number_width = if entry.number.is_empty() {
            0.0
        } else {
            self.ts.width(&entry.number, style, &place)
        };
        let title_indent = if entry.number.is_empty() {
            indent
        } else {
            indent + (number_width + s.body * 0.6).max(s.body * 2.2)
        };
        let runs = [Run {
            text: entry.title.clone(),
            style,
        }];
        let setting = Setting {
            justify: false,
            ..self.setting(title_indent, false, &[])
        };
        let mut lines = self.ts.set(&runs, &setting, &place);
        let anchor = self.new_anchor();
        if let Some(first) = lines.first_mut() {
            if !entry.number.is_empty() {
                let shaped = self.ts.shape(FaceId::Regular, &entry.number, &place);
                first.spans.insert(
                    0,
                    Span {
                        x: indent,
                        size: s.body,
                        colour: self.brief.colours.muted,
                        glyphs: 0..shaped.glyphs.len(),
                        shaped,
                    },
                );
            }
            first.anchor = Some(anchor);
        }
        let title = if entry.number.is_empty() {
            entry.title.clone()
        } else {
            format!("{} {}", entry.number, entry.title)
        };
        self.outline.push(OutlineEntry {
            depth: entry.level.max(1),
            title,
            anchor,
        });
        let mut block = Block::text(lines, s.body * 0.15);
        block.min_split = 2;
        block
    }

    /// A summary block (paragraph, heading, list, quote, picture).
    fn model_block(
        &mut self,
        block: &ModelBlock,
        p: &Publication,
        style: Style,
        indent: f32,
        space: f32,
        out: &mut Vec<Block>,
    ) {
        let s = self.brief.sizes;
        let c = self.brief.colours;
        // Deeply nested lists and quotes stop moving right at some point,
        // so text always keeps a usable width.
        let indent = indent.min(self.brief.page.text_width() * 0.4);
        match block {
            ModelBlock::Paragraph { inlines, line } => {
                let place = source_place(
                    p,
                    if *line > 0 {
                        *line
                    } else {
                        p.source.first_line
                    },
                );
                let mut links = Vec::new();
                let runs = runs_from_inlines(inlines, style, c.link, &mut links);
                let setting = self.setting(indent, true, &links);
                let lines = self.ts.set(&runs, &setting, &place);
                out.push(Block::text(lines, space));
            }
            ModelBlock::Heading { level, inlines } => {
                let place = source_place(p, p.source.first_line);
                let size = if *level <= 2 { s.subheading } else { s.body };
                let heading = self.style(FaceId::Heading, size, c.accent);
                let mut links = Vec::new();
                let runs = runs_from_inlines(inlines, heading, c.link, &mut links);
                let setting = Setting {
                    justify: false,
                    hyphenate: false,
                    ..self.setting(indent, false, &links)
                };
                let lines = self.ts.set(&runs, &setting, &place);
                let mut block = Block::text(lines, s.body * 1.1);
                block.keep_with_next = true;
                block.min_split = 99;
                out.push(block);
            }
            ModelBlock::List { ordered, items } => {
                let place = source_place(p, p.source.first_line);
                let marker = |n: usize| {
                    if *ordered {
                        format!("{}.", n + 1)
                    } else {
                        "•".to_string()
                    }
                };
                // Room for the widest marker and a gap before the text.
                let widest = self
                    .ts
                    .width(&marker(items.len().saturating_sub(1)), style, &place);
                let hang = (s.body * 1.6).max(widest + s.body * 0.5);
                for (n, item) in items.iter().enumerate() {
                    let marker = marker(n);
                    let start = out.len();
                    for (k, inner) in item.iter().enumerate() {
                        let gap = if k == 0 { s.body * 0.25 } else { s.body * 0.4 };
                        self.model_block(inner, p, style, indent + hang, gap, out);
                    }
                    let shaped = self.ts.shape(style.face, &marker, &place);
                    if let Some(first) = out[start..].iter_mut().find_map(|b| b.lines.first_mut()) {
                        let marker_width = shaped.width * style.size / 1000.0;
                        first.spans.insert(
                            0,
                            Span {
                                x: indent + hang - marker_width - s.body * 0.5,
                                size: style.size,
                                colour: style.colour,
                                glyphs: 0..shaped.glyphs.len(),
                                shaped,
                            },
                        );
                    }
                }
            }
            ModelBlock::Quote { blocks } => {
                let quoted = self.style(FaceId::Italic, style.size, style.colour);
                let room = self.brief.page.text_width() * 0.15 - self.right_indent;
                let inset = (s.body * 2.0).min(room.max(0.0));
                self.right_indent += inset;
                for (k, inner) in blocks.iter().enumerate() {
                    let gap = if k == 0 { space } else { s.body * 0.5 };
                    self.model_block(inner, p, quoted, indent + s.body * 2.0, gap, out);
                }
                self.right_indent -= inset;
            }
            ModelBlock::Image { src, alt } => self.picture(src, alt, p, indent, out),
        }
    }

    /// A picture at its natural size (1 px = 0.75 pt) or the text width,
    /// whichever is smaller; the alt text in its place when it cannot be read.
    fn picture(
        &mut self,
        src: &str,
        alt: &str,
        p: &Publication,
        indent: f32,
        out: &mut Vec<Block>,
    ) {
        let place = source_place(p, p.source.first_line);
        match load_picture(self.source_dir, src) {
            Ok(picture) => {
                let page = self.brief.page;
                let natural_w = picture.width_px as f32 * 0.75;
                let natural_h = picture.height_px as f32 * 0.75;
                let scale = ((page.text_width() - indent - self.right_indent) / natural_w)
                    .min(page.text_height() * 0.9 / natural_h)
                    .min(1.0);
                let (w, h) = (natural_w * scale, natural_h * scale);
                self.pictures.push(Arc::new(picture));
                let line = Line {
                    height: h,
                    baseline: h,
                    ..Line::default()
                };
                let mut block = Block::text(vec![line], self.brief.sizes.body * 0.6);
                block.picture = Some((self.pictures.len() - 1, indent, w));
                out.push(block);
            }
            Err(e) => {
                self.ts
                    .warnings
                    .push(format!("{e:#}; its description is shown instead ({place})"));
                let style = self.style(
                    FaceId::Italic,
                    self.brief.sizes.body,
                    self.brief.colours.muted,
                );
                let text = if alt.is_empty() {
                    format!("[image: {src}]")
                } else {
                    format!("[image: {alt}]")
                };
                let lines = self.plain(&text, style, indent, &place);
                out.push(Block::text(lines, self.brief.sizes.body * 0.5));
            }
        }
    }
}

fn load_picture(source_dir: &Path, src: &str) -> anyhow::Result<Picture> {
    let path = model::resolve_asset(source_dir, src)?;
    Picture::load(&path).map_err(|e| anyhow::anyhow!("image `{src}`: {e:#}"))
}

impl Picture {
    /// Decodes a PNG or JPEG, laying any transparency over white paper.
    pub fn load(path: &Path) -> anyhow::Result<Picture> {
        use anyhow::Context;
        let image = image::open(path)
            .with_context(|| format!("{}: cannot decode the image", path.display()))?
            .to_rgba8();
        let (width_px, height_px) = image.dimensions();
        let mut rgb = Vec::with_capacity(width_px as usize * height_px as usize * 3);
        for pixel in image.pixels() {
            let [r, g, b, a] = pixel.0;
            let over_white =
                |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
            rgb.extend([over_white(r), over_white(g), over_white(b)]);
        }
        Ok(Picture {
            width_px,
            height_px,
            rgb,
        })
    }
}

fn rule_block(size: f32) -> Block {
    let mut block = Block::text(
        vec![Line {
            height: size * 0.8,
            baseline: size * 0.8,
            ..Line::default()
        }],
        0.0,
    );
    block.rule = true;
    block
}

fn span_width(span: &Span) -> f32 {
    span.shaped.glyphs[span.glyphs.clone()]
        .iter()
        .map(|g| g.advance)
        .sum::<f32>()
        * span.size
        / 1000.0
}

fn source_place(p: &Publication, line: usize) -> String {
    match (p.source.file.is_empty(), line) {
        (true, 0) => format!("publication “{}”", p.title),
        (true, line) => format!("line {line}"),
        (false, 0) => p.source.file.clone(),
        (false, line) => format!("{}:{line}", p.source.file),
    }
}

/// A publication's title, or a visible stand-in when the source has none,
/// so its contents line, heading and bookmark are never blank.
fn shown_title(p: &Publication) -> &str {
    if p.title.trim().is_empty() {
        "Untitled"
    } else {
        &p.title
    }
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

type Placed = (Vec<Vec<Mark>>, Vec<(usize, f32)>);

/// Fills pages top to bottom, keeping headings with what follows and
/// splitting blocks only where both sides keep `min_split` lines.
fn paginate(brief: &Brief, blocks: &[&Block], anchor_count: usize) -> Placed {
    let page = brief.page;
    let top = page.height - page.top;
    let bottom = page.bottom;
    let mut pages: Vec<Vec<Mark>> = vec![Vec::new()];
    let mut anchors = vec![(0usize, top); anchor_count];
    let mut y = top;
    // Next block, and its first line not yet placed.
    let (mut i, mut from) = (0, 0);
    while i < blocks.len() {
        let block = blocks[i];
        let lines = &block.lines[from..];
        let at_top = y >= top - 0.01;
        if (block.new_page && from == 0 && !at_top) || lines.is_empty() {
            if lines.is_empty() {
                (i, from) = (i + 1, 0);
            } else {
                pages.push(Vec::new());
                y = top;
            }
            continue;
        }
        let space = if at_top || from > 0 {
            0.0
        } else {
            block.space_before
        };
        // What must fit now: the block's first part, or for a heading the
        // whole chain of headings and the first part of what follows.
        let needed = if block.keep_with_next && from == 0 {
            let end = (i..blocks.len())
                .find(|&j| !blocks[j].keep_with_next)
                .unwrap_or(blocks.len());
            let chain: f32 = blocks[i..end].iter().map(|b| b.height()).sum::<f32>()
                + blocks[i + 1..end]
                    .iter()
                    .map(|b| b.space_before)
                    .sum::<f32>();
            chain
                + blocks.get(end).map_or(0.0, |next| {
                    next.space_before + first_part(next.min_split, &next.lines)
                })
        } else {
            first_part(block.min_split, lines)
        };
        if needed > y - space - bottom + 0.01 && !at_top {
            pages.push(Vec::new());
            y = top;
            continue;
        }
        y -= space;
        let n = lines.len();
        let mut fit = 0;
        let mut used = 0.0;
        while fit < n && used + lines[fit].height <= y - bottom + 0.01 {
            used += lines[fit].height;
            fit += 1;
        }
        let min = block.min_split;
        let take = if fit >= n {
            n
        } else if n >= 2 * min && fit >= min {
            fit.min(n - min)
        } else if at_top {
            // Taller than a page: take what fits, at least one line.
            fit.max(1)
        } else {
            0
        };
        if take == 0 {
            pages.push(Vec::new());
            y = top;
            continue;
        }
        let page_index = pages.len() - 1;
        let left = page.left;
        let marks = &mut pages[page_index];
        for line in &lines[..take] {
            if let Some(anchor) = line.anchor {
                anchors[anchor] = (page_index, y);
            }
            let baseline = y - line.baseline;
            for span in &line.spans {
                marks.push(Mark::Text {
                    x: left + span.x,
                    y: baseline,
                    span: span.clone(),
                });
            }
            for link in &line.links {
                marks.push(Mark::Link {
                    x0: left + link.x0,
                    y0: y - line.height,
                    x1: left + link.x1,
                    y1: y,
                    target: link.target.clone(),
                });
            }
            if let Some((index, indent, width)) = block.picture {
                // The picture fills the line down to its baseline.
                marks.push(Mark::Picture {
                    index,
                    x: left + indent,
                    y: y - line.baseline,
                    width,
                    height: line.baseline,
                });
            }
            if block.rule {
                marks.push(Mark::Rule {
                    x0: left,
                    x1: page.width - page.right,
                    y: y - line.height / 2.0,
                    colour: brief.colours.rule,
                });
            }
            y -= line.height;
        }
        if take < n {
            from += take;
            pages.push(Vec::new());
            y = top;
        } else {
            (i, from) = (i + 1, 0);
        }
    }
    (pages, anchors)
}

/// The height that must fit for a block to start on this page.
fn first_part(min_split: usize, lines: &[Line]) -> f32 {
    let n = lines.len();
    let k = if n >= 2 * min_split { min_split } else { n };
    lines[..k].iter().map(|l| l.height).sum()
}
