//! Where things go: the collection as blocks of lines, then pages. The
//! publications come first, set in parts on all cores and paginated in
//! order, their full pages handed on as they fill; then the title and
//! contents, laid out again with the pages' numbers until nothing moves
//! (the contents' length does not depend on them), and the running heads.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::fonts::FaceId;
use super::footnotes::{self, Foot};
use super::style::{Brief, Rgb};
use super::tagging::{Node, NodeId, Role, SpanTag, Tree, ROOT};
use super::text::{
    runs_from_inlines, InlinePicture, Line, LinkBox, Refs, Run, Setting, Span, Style, Target,
    Typesetter, PICTURE_TEXT,
};
use super::{code, table};
use crate::model::{self, Block as ModelBlock, Collection, Publication};

/// A picture decoded for placing: 8-bit RGB pixels.
pub struct Picture {
    pub width_px: u32,
    pub height_px: u32,
    pub rgb: Vec<u8>,
    /// Natural size of a pixel: 0.75 pt (96 dpi) for bitmaps, less for SVG
    /// drawn at print resolution.
    pub points_per_px: f32,
}

/// A logo for the title block, decoded once per build.
pub struct Logo {
    pub picture: Arc<Picture>,
    /// Width in points, when brief.toml sets one.
    pub width: Option<f32>,
}

/// In a contents line, the room before the page number's column and the
/// distance between leader dots, in ems.
const LEADER_GAP: f32 = 0.3;
const LEADER_PITCH: f32 = 0.55;

/// Publications laid out together on one thread (by default), and how
/// many parts are set on all cores before their pages are placed.
pub const PART: usize = 8;
const PARTS_AT_ONCE: usize = 8;

/// What the paginator moves as a unit.
struct Block {
    lines: Vec<Line>,
    space_before: f32,
    /// Never leave this block last on a page (headings).
    keep_with_next: bool,
    /// Fewest lines left on either side when split (widows and orphans).
    min_split: usize,
    /// A picture filling the block's only line: index, indent, width.
    picture: Option<(usize, f32, f32)>,
    /// A horizontal rule across the middle of the block's only line.
    rule: bool,
    /// Its structure element; `None` for artifacts (rules, the logo).
    tag: Option<NodeId>,
    /// The structure element of each of its links, by link index.
    links: Vec<NodeId>,
    /// Lines repeated at the top of each page the block continues on (a table's header).
    header: Vec<Line>,
}

impl Block {
    fn text(lines: Vec<Line>, space_before: f32) -> Block {
        Block {
            lines,
            space_before,
            keep_with_next: false,
            min_split: 2,
            picture: None,
            rule: false,
            header: Vec::new(),
            tag: None,
            links: Vec::new(),
        }
    }

    /// The block as the structure element `tag`.
    fn tagged(mut self, tag: NodeId) -> Block {
        self.tag = Some(tag);
        self
    }

    /// The element a span or link box of this block belongs to.
    fn element(&self, tag: SpanTag) -> Option<NodeId> {
        match tag {
            SpanTag::Block => self.tag,
            SpanTag::Link(k) => self.links.get(k as usize).copied().or(self.tag),
            SpanTag::Node(node) => Some(node),
            SpanTag::Artifact => None,
        }
    }

    fn height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum()
    }
}

/// Something drawn on a page, in PDF coordinates (points from bottom left).
/// `tag` is the structure element; `None` marks an artifact.
#[derive(Clone)]
pub enum Mark {
    Text {
        x: f32,
        y: f32,
        span: Span,
        tag: Option<NodeId>,
    },
    Link {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        target: Target,
        tag: Option<NodeId>,
    },
    Picture {
        index: usize,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        tag: Option<NodeId>,
    },
    Rule {
        x0: f32,
        x1: f32,
        y: f32,
        colour: Rgb,
    },
    /// A tinted rectangle behind text (code).
    Shade {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        colour: Rgb,
    },
}

/// An outline entry: depth 0 for a publication, deeper for its contents.
pub struct OutlineEntry {
    pub depth: usize,
    pub title: String,
    pub anchor: usize,
}

/// What layout leaves once the publications' pages have gone to the sink.
pub struct Laid {
    /// The title and contents pages, which come before the publications'.
    pub front: Vec<Vec<Mark>>,
    /// Every page's running header and footer (none on the first).
    pub running: Vec<Vec<Mark>>,
    /// Page index and top (PDF y) of each anchor.
    pub anchors: Vec<(usize, f32)>,
    pub outline: Vec<OutlineEntry>,
    pub pictures: Vec<Arc<Picture>>,
    pub warnings: Vec<String>,
    pub tree: Tree,
}

/// How a fragment's numbers move when it is taken in (`Layout::absorb`).
struct Shift {
    /// Added to each element but the root.
    nodes: NodeId,
    /// Anchors from `base` on are the fragment's own, moved by `anchors`.
    base: usize,
    anchors: usize,
    notes: usize,
    pictures: usize,
}

impl Shift {
    fn node(&self, node: NodeId) -> NodeId {
        if node == ROOT {
            ROOT
        } else {
            node + self.nodes
        }
    }

    fn anchor(&self, anchor: usize) -> usize {
        if anchor >= self.base {
            anchor + self.anchors
        } else {
            anchor
        }
    }

    fn tag(&self, tag: &mut SpanTag) {
        if let SpanTag::Node(node) = tag {
            *node = self.node(*node);
        }
    }

    fn block(&self, block: &mut Block) {
        block.tag = block.tag.map(|n| self.node(n));
        block.links.iter_mut().for_each(|n| *n = self.node(*n));
        if let Some((index, _, _)) = &mut block.picture {
            *index += self.pictures;
        }
        block.lines.iter_mut().for_each(|line| self.line(line));
        block.header.iter_mut().for_each(|line| self.line(line));
    }

    fn line(&self, line: &mut Line) {
        for span in &mut line.spans {
            self.tag(&mut span.tag);
        }
        for link in &mut line.links {
            self.tag(&mut link.tag);
            if let Target::Anchor(anchor) = &mut link.target {
                *anchor = self.anchor(*anchor);
            }
        }
        line.anchor = line.anchor.map(|a| self.anchor(a));
        line.notes.iter_mut().for_each(|n| *n += self.notes);
        for (_, picture) in &mut line.pictures {
            picture.index += self.pictures;
            self.tag(&mut picture.tag);
        }
    }
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
    tree: Tree,
    /// The structure element new blocks go in.
    parent: NodeId,
    /// Heading ids (and publication titles' made-up ids) and their anchors.
    heading_anchors: Arc<HashMap<String, usize>>,
    /// Each footnote's lines, for the foot of the page that marks it.
    notes: Vec<Vec<Line>>,
    /// The number of the next footnote in the publication being laid out.
    note_number: usize,
    /// Publications per part set on one thread (`run`); the output is the
    /// same for any size.
    pub part_size: usize,
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
            tree: Tree::new(),
            parent: ROOT,
            heading_anchors: Arc::default(),
            notes: Vec::new(),
            note_number: 1,
            part_size: PART,
        }
    }

    fn style(&self, face: FaceId, size: f32, colour: Rgb) -> Style {
        Style {
            face,
            size,
            colour,
            link: None,
            strike: false,
            rise: 0.0,
            note: None,
            picture: None,
        }
    }

    /// A new structure element in the current one.
    fn element(&mut self, role: Role) -> NodeId {
        self.tree.add(role, self.parent)
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

    /// Lays out the collection. The publications' pages go to `sink` as
    /// they fill, numbered from 0 after the front matter (title and
    /// contents); those come last, in `Laid::front`, once the contents
    /// know their page numbers.
    pub fn run(
        mut self,
        collection: &Collection,
        date: &str,
        logo: Option<&Logo>,
        sink: &mut (dyn FnMut(Vec<Vec<Mark>>, &Tree) -> anyhow::Result<()> + Send),
    ) -> anyhow::Result<Laid> {
        let pub_anchors: Vec<usize> = collection
            .publications
            .iter()
            .map(|_| self.new_anchor())
            .collect();
        self.heading_anchors(collection, &pub_anchors);
        let mut body = Paginator::new(self.brief, self.anchors);
        // Blocks that must stay with a block of the next publication.
        let mut held: Vec<Block> = Vec::new();
        let publications = &collection.publications;
        let mut placed = 0;
        // Publications are set in parts of a few each, on all cores, a
        // window of parts at a time, while the window before is paginated;
        // the parts are taken in order, so every element, anchor, note and
        // picture gets the number it would get laid out one by one. Every
        // part numbers its own anchors from `template`'s count, above every
        // publication's and heading's anchor.
        let part_size = self.part_size.max(1);
        let window_size = part_size * PARTS_AT_ONCE;
        let template = self.fragment();
        let set_window = |window: usize| -> Vec<(Layout<'a, 'f>, Vec<Vec<Block>>)> {
            let end = (window + window_size).min(publications.len());
            (window..end)
                .step_by(part_size)
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(|start| {
                    let mut part = template.fragment();
                    let sections = (start..(start + part_size).min(end))
                        .map(|i| {
                            part.note_number = 1;
                            part.section(&publications[i], pub_anchors[i])
                        })
                        .collect();
                    (part, sections)
                })
                .collect()
        };
        let windows: Vec<usize> = (0..publications.len()).step_by(window_size).collect();
        let mut next = windows.first().map(|&w| set_window(w));
        for k in 0..windows.len() {
            let parts = next.take().unwrap_or_default();
            // Pagination is the first closure, which rayon runs on this
            // thread: the pages' marks are made (and later freed) here.
            let (done, following) = rayon::join(
                || -> anyhow::Result<()> {
                    for (part, mut sections) in parts {
                        self.absorb(part, template.anchors, &mut sections);
                        for blocks in sections {
                            held.extend(blocks);
                            placed += 1;
                            let ready = if placed == publications.len() {
                                held.len()
                            } else {
                                held.iter()
                                    .rposition(|b| !b.keep_with_next)
                                    .map_or(0, |k| k + 1)
                            };
                            let placing: Vec<Block> = held.drain(..ready).collect();
                            body.place(&placing.iter().collect::<Vec<_>>(), &self.notes);
                            sink(body.take_full(), &self.tree)?;
                        }
                    }
                    Ok(())
                },
                || windows.get(k + 1).map(|&w| set_window(w)),
            );
            done?;
            next = following;
        }
        let taken = body.taken;
        let (mut last_pages, mut body_anchors) = body.finish();
        // The front matter has no footnotes.
        self.notes = Vec::new();
        let top = self.brief.page.height - self.brief.page.top;
        body_anchors.resize(self.anchors, (0, top));
        if publications.is_empty() {
            last_pages.clear();
        }
        let body_count = taken + last_pages.len();
        sink(last_pages, &self.tree)?;

        let mut title = Vec::new();
        if let Some(logo) = logo {
            title.push(self.logo_block(logo));
        }
        title.extend(self.title_block(collection, date));
        let toc = self.element(Role::TOC);
        let entry_links: Vec<NodeId> = pub_anchors
            .iter()
            .map(|_| {
                let item = self.tree.add(Role::TOCI, toc);
                self.tree.add(Role::Link, item)
            })
            .collect();
        // The front matter, laid out until the contents' numbers stop
        // changing. They do not change how its lines break (the number
        // column is reserved), so the second round is normally the last.
        let mut numbers = vec![0usize; pub_anchors.len()];
        let mut contents = self.contents(collection, &pub_anchors, &entry_links);
        let mut front;
        let mut rounds = 0;
        loop {
            let blocks: Vec<&Block> = title.iter().chain(&contents).collect();
            let mut paginator = Paginator::new(self.brief, 0);
            paginator.place(&blocks, &self.notes);
            front = paginator.finish().0;
            let found: Vec<usize> = pub_anchors
                .iter()
                .map(|&a| front.len() + body_anchors[a].0 + 1)
                .collect();
            rounds += 1;
            if found == numbers || rounds == 4 {
                break;
            }
            numbers = found;
            self.number_contents(&mut contents, collection, &numbers);
        }
        let anchors = body_anchors
            .into_iter()
            .map(|(page, top)| (front.len() + page, top))
            .collect();
        let running = self.running(front.len() + body_count, &collection.title);
        Ok(Laid {
            front,
            running,
            anchors,
            outline: self.outline,
            pictures: self.pictures,
            warnings: self.ts.warnings,
            tree: self.tree,
        })
    }

    /// A layout for a part of the publications, on another thread: its own
    /// tree, pictures, notes, outline and warnings, numbered from zero, and
    /// anchors from this layout's count; `absorb` takes it in.
    fn fragment(&self) -> Layout<'a, 'f> {
        Layout {
            brief: self.brief,
            ts: self.ts.fresh(),
            anchors: self.anchors,
            outline: Vec::new(),
            pictures: Vec::new(),
            source_dir: self.source_dir,
            right_indent: 0.0,
            tree: Tree::new(),
            parent: ROOT,
            heading_anchors: self.heading_anchors.clone(),
            notes: Vec::new(),
            note_number: 1,
            part_size: PART,
        }
    }

    /// Takes in a fragment that started at anchor `base`, renumbering what
    /// its blocks refer to as if they had been laid out here.
    fn absorb(&mut self, part: Layout<'a, 'f>, base: usize, sections: &mut [Vec<Block>]) {
        let shift = Shift {
            nodes: self.tree.nodes.len() as NodeId - 1,
            base,
            anchors: self.anchors - base,
            notes: self.notes.len(),
            pictures: self.pictures.len(),
        };
        for node in part.tree.nodes.into_iter().skip(1) {
            self.tree.nodes.push(Node {
                parent: node.parent.map(|p| shift.node(p)),
                ..node
            });
        }
        for block in sections.iter_mut().flatten() {
            shift.block(block);
        }
        for mut lines in part.notes {
            lines.iter_mut().for_each(|line| shift.line(line));
            self.notes.push(lines);
        }
        self.outline
            .extend(part.outline.into_iter().map(|entry| OutlineEntry {
                anchor: shift.anchor(entry.anchor),
                ..entry
            }));
        self.pictures.extend(part.pictures);
        self.anchors += part.anchors - base;
        self.ts.absorb(part.ts);
    }

    /// Running header and footer from page 2 on, inside the margins'
    /// width: each page's marks for them, written as a content stream of
    /// their own once the page count is known.
    fn running(&mut self, total: usize, title: &str) -> Vec<Vec<Mark>> {
        // Each page's foot is text of its own to shape: pages are done in
        // parts on all cores, warnings taken in in order.
        let indices: Vec<usize> = (0..total).collect();
        let parts: Vec<(Vec<Vec<Mark>>, Typesetter)> = indices
            .par_chunks(512)
            .map(|indices| {
                let mut part = self.fragment();
                let pages = indices
                    .iter()
                    .map(|&index| part.running_page(index, total, title))
                    .collect();
                (pages, part.ts)
            })
            .collect();
        let mut pages = Vec::with_capacity(total);
        for (part_pages, ts) in parts {
            pages.extend(part_pages);
            self.ts.absorb(ts);
        }
        pages
    }

    /// The running head and foot of the page at `index` (none on the first).
    fn running_page(&mut self, index: usize, total: usize, title: &str) -> Vec<Mark> {
        let b = self.brief;
        let page = b.page;
        let style = self.style(FaceId::Label, b.sizes.small, b.colours.muted);
        let width = page.text_width();
        let mut marks = Vec::new();
        if index == 0 {
            return marks;
        }
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
                tag: None,
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
                tag: None,
            });
        }
        marks
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
            tag: SpanTag::Artifact,
            rise: 0.0,
        })
    }

    /// The logo above the title, at its width from brief.toml or its natural
    /// size, never wider than the text.
    fn logo_block(&mut self, logo: &Logo) -> Block {
        let picture = &logo.picture;
        let natural = picture.width_px as f32 * picture.points_per_px;
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
        let heading = self.element(Role::H(1));
        blocks.push(Block::text(title, 0.0).tagged(heading));
        if let Some(owner) = &collection.owner {
            let lines = self.plain(
                owner,
                self.style(FaceId::Label, s.subheading, c.text),
                0.0,
                place,
            );
            let tag = self.element(Role::P);
            blocks.push(Block::text(lines, s.body * 0.4).tagged(tag));
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
            let tag = self.element(Role::P);
            blocks.push(Block::text(lines, s.body * 0.8).tagged(tag));
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
        let tag = self.element(Role::P);
        blocks.push(Block::text(lines, s.body * 0.4).tagged(tag));
        blocks.push(rule_block(s.body));
        if count > 0 {
            let heading = self.plain(
                "Contents",
                self.style(FaceId::Heading, s.subheading, c.accent),
                0.0,
                place,
            );
            let tag = self.element(Role::H(2));
            let mut block = Block::text(heading, s.body * 1.2).tagged(tag);
            block.keep_with_next = true;
            blocks.push(block);
        }
        for block in &mut blocks {
            block.min_split = 1;
        }
        blocks
    }

    /// The page number of a contents entry, at the right margin (0 while
    /// the page is not known).
    fn page_number(&mut self, p: &Publication, number: usize) -> Span {
        let b = self.brief;
        let style = self.style(FaceId::Regular, b.sizes.body, b.colours.text);
        let place = source_place(p, p.source.first_line);
        let number = number.to_string();
        let shaped = self.ts.shape(FaceId::Regular, &number, &place);
        Span {
            x: b.page.text_width() - shaped.width * style.size / 1000.0,
            size: style.size,
            colour: style.colour,
            glyphs: 0..shaped.glyphs.len(),
            shaped,
            tag: SpanTag::Block,
            rise: 0.0,
        }
    }

    /// Puts `numbers` in the contents list in place of the numbers there
    /// (each entry's last span): the entries' lines do not change.
    fn number_contents(
        &mut self,
        blocks: &mut [Block],
        collection: &Collection,
        numbers: &[usize],
    ) {
        let size = self.brief.sizes.body;
        let dot = self.ts.shape(FaceId::Regular, ".", "contents");
        for ((block, p), &number) in blocks.iter_mut().zip(&collection.publications).zip(numbers) {
            let Some(last) = block.lines.last_mut() else {
                continue;
            };
            last.spans.pop();
            let number = self.page_number(p, number);
            // A number wider than its column (five digits) takes the
            // leader's last dots, so the two never touch.
            let end = number.x - size * LEADER_GAP * 0.5;
            if let Some(leader) = last
                .spans
                .last_mut()
                .filter(|s| s.tag == SpanTag::Artifact && !dot.glyphs.is_empty())
            {
                let per_dot = dot.glyphs.len();
                let dots = leader.glyphs.len() / per_dot;
                let fit = ((end - leader.x - dot.width * size / 1000.0) / (size * LEADER_PITCH))
                    .floor()
                    .max(-1.0) as isize
                    + 1;
                leader.glyphs.end = leader.glyphs.start + dots.min(fit.max(0) as usize) * per_dot;
            }
            last.spans.push(number);
        }
    }

    /// The contents list: each entry a link to its publication, with dot
    /// leaders and its page number (0 until `number_contents`) at the right
    /// margin.
    fn contents(
        &mut self,
        collection: &Collection,
        anchors: &[usize],
        links: &[NodeId],
    ) -> Vec<Block> {
        let b = self.brief;
        let size = b.sizes.body;
        let style = self.style(FaceId::Regular, size, b.colours.text);
        let width = b.page.text_width();
        let number_column = self.ts.width("0000", style, "contents");
        let gap = size * LEADER_GAP;
        let dot = self.ts.shape(FaceId::Regular, ".", "contents");
        let pitch = size * LEADER_PITCH;
        let most_dots = (width / pitch) as usize + 1;
        let leader = Arc::new(dot.repeated(most_dots, pitch * 1000.0 / size));
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
            if let Some(last) = lines.last_mut() {
                let text_end = last
                    .spans
                    .last()
                    .map(|s| s.x + span_width(s))
                    .unwrap_or(0.0);
                // Dots on a grid of `pitch`, so they line up down the list.
                let leader_end = width - number_column - gap * 0.5;
                let first = ((text_end + gap) / pitch).ceil().max(0.0);
                let room = leader_end - dot.width * size / 1000.0 - first * pitch;
                if room >= 0.0 {
                    let count = (room / pitch).floor() as usize + 1;
                    last.spans.push(Span {
                        x: first * pitch,
                        size,
                        colour: b.colours.muted,
                        glyphs: 0..count.min(most_dots) * dot.glyphs.len(),
                        shaped: leader.clone(),
                        tag: SpanTag::Artifact,
                        rise: 0.0,
                    });
                }
                last.spans.push(self.page_number(p, 0));
            }
            for line in &mut lines {
                line.links.push(LinkBox {
                    x0: 0.0,
                    x1: width,
                    target: Target::Anchor(anchors[i]),
                    tag: SpanTag::Block,
                });
            }
            let mut block = Block::text(lines, size * 0.25).tagged(links[i]);
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
        self.parent = self.tree.add(Role::Sect, ROOT);
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
        let tag = self.element(Role::P);
        head.push(Block::text(lines, s.body * 3.0).tagged(tag));
        let title = self.plain(
            shown_title(p),
            self.style(FaceId::Heading, s.heading, c.text),
            0.0,
            &place,
        );
        let tag = self.element(Role::H(2));
        head.push(Block::text(title, s.body * 0.2).tagged(tag));
        if let Some(subtitle) = &p.subtitle {
            let lines = self.plain(
                subtitle,
                self.style(FaceId::Italic, s.subheading, c.text),
                0.0,
                &place,
            );
            let tag = self.element(Role::P);
            head.push(Block::text(lines, 0.0).tagged(tag));
        }
        if !p.authors.is_empty() {
            let lines = self.plain(
                &join_names(&p.authors),
                self.style(FaceId::Italic, s.body, c.text),
                0.0,
                &place,
            );
            let tag = self.element(Role::P);
            head.push(Block::text(lines, s.body * 0.4).tagged(tag));
        }
        if let Some(series) = &p.series {
            let lines = self.plain(
                series,
                self.style(FaceId::Label, s.small, c.muted),
                0.0,
                &place,
            );
            let tag = self.element(Role::P);
            head.push(Block::text(lines, s.body * 0.1).tagged(tag));
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
            let tag = self.element(Role::H(3));
            let mut heading = Block::text(lines, s.body * 1.1).tagged(tag);
            heading.keep_with_next = true;
            heading.min_split = 99;
            blocks.push(heading);
            let section = self.parent;
            self.parent = self.element(Role::TOC);
            for entry in &p.contents {
                blocks.push(self.contents_entry(p, entry));
            }
            self.parent = section;
        }
        for note in &p.notes {
            let runs = [Run {
                text: note.clone(),
                style: self.style(FaceId::Italic, s.small, c.muted),
            }];
            let setting = self.setting(0.0, true, &[]);
            let lines = self.ts.set(&runs, &setting, &place);
            let tag = self.element(Role::P);
            blocks.push(Block::text(lines, s.body * 0.8).tagged(tag));
        }
        if let Some(url) = &p.url {
            let link = crate::render::full_text_link(url);
            self.model_block(&link, p, body, 0.0, s.body * 0.8, &mut blocks);
        }
        self.parent = ROOT;
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
                        tag: SpanTag::Block,
                        rise: 0.0,
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
        let tag = self.element(Role::TOCI);
        let mut block = Block::text(lines, s.body * 0.15).tagged(tag);
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
            ModelBlock::Paragraph { inlines, line, .. } => {
                let place = source_place(
                    p,
                    if *line > 0 {
                        *line
                    } else {
                        p.source.first_line
                    },
                );
                let mut links = Vec::new();
                let runs = self.runs(inlines, style, &mut links, p);
                let setting = self.setting(indent, true, &links);
                let lines = self.ts.set(&runs, &setting, &place);
                let tag = self.element(Role::P);
                self.nest_figures(&runs, tag);
                let mut block = Block::text(lines, space).tagged(tag);
                block.links = links
                    .iter()
                    .map(|_| self.tree.add(Role::Link, tag))
                    .collect();
                out.push(block);
            }
            ModelBlock::Heading { level, inlines, id } => {
                let place = source_place(p, p.source.first_line);
                let size = if *level <= 2 { s.subheading } else { s.body };
                let heading = self.style(FaceId::Heading, size, c.accent);
                let mut links = Vec::new();
                let runs = self.runs(inlines, heading, &mut links, p);
                let setting = Setting {
                    justify: false,
                    hyphenate: false,
                    ..self.setting(indent, false, &links)
                };
                let mut lines = self.ts.set(&runs, &setting, &place);
                if let (Some(first), Some(&anchor)) =
                    (lines.first_mut(), self.heading_anchors.get(id.as_str()))
                {
                    first.anchor.get_or_insert(anchor);
                }
                // Below the publication's title (H2).
                let tag = self.element(Role::H(level.saturating_add(2)));
                self.nest_figures(&runs, tag);
                let mut block = Block::text(lines, s.body * 1.1).tagged(tag);
                block.links = links
                    .iter()
                    .map(|_| self.tree.add(Role::Link, tag))
                    .collect();
                block.keep_with_next = true;
                block.min_split = 99;
                out.push(block);
            }
            ModelBlock::List {
                ordered,
                items,
                tasks,
            } => {
                let place = source_place(p, p.source.first_line);
                let marker = |n: usize| {
                    let number = if *ordered {
                        format!("{}.", n + 1)
                    } else {
                        "•".to_string()
                    };
                    match tasks.get(n).copied().flatten() {
                        Some(true) => format!("{number} ☑"),
                        Some(false) => format!("{number} ☐"),
                        None => number,
                    }
                };
                // Room for the widest marker and a gap before the text.
                let widest = (0..items.len())
                    .map(|n| self.ts.width(&marker(n), style, &place))
                    .fold(0.0, f32::max);
                let hang = (s.body * 1.6).max(widest + s.body * 0.5);
                let outer = self.parent;
                let list = self.element(Role::L);
                for (n, item) in items.iter().enumerate() {
                    let marker = marker(n);
                    let start = out.len();
                    let li = self.tree.add(Role::LI, list);
                    let label = self.tree.add(Role::Lbl, li);
                    self.parent = self.tree.add(Role::LBody, li);
                    for (k, inner) in item.iter().enumerate() {
                        let gap = if k == 0 { s.body * 0.25 } else { s.body * 0.4 };
                        self.model_block(inner, p, style, indent + hang, gap, out);
                    }
                    self.parent = outer;
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
                                tag: SpanTag::Node(label),
                                rise: 0.0,
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
                let outer = self.parent;
                self.parent = self.element(Role::BlockQuote);
                for (k, inner) in blocks.iter().enumerate() {
                    let gap = if k == 0 { space } else { s.body * 0.5 };
                    self.model_block(inner, p, quoted, indent + s.body * 2.0, gap, out);
                }
                self.parent = outer;
                self.right_indent -= inset;
            }
            ModelBlock::Image { src, alt, line } => self.picture(src, alt, p, *line, indent, out),
            ModelBlock::CodeBlock { text, line, .. } => {
                let place = source_place(
                    p,
                    if *line > 0 {
                        *line
                    } else {
                        p.source.first_line
                    },
                );
                let width = self.brief.page.text_width() - indent - self.right_indent;
                let lines = code::code_lines(&mut self.ts, self.brief, text, indent, width, &place);
                let tag = self.element(Role::Code);
                let mut block = Block::text(lines, space.max(s.body * 0.5)).tagged(tag);
                // A short block is kept on one page.
                block.min_split = if block.lines.len() <= 12 {
                    block.lines.len()
                } else {
                    3
                };
                out.push(block);
            }
            ModelBlock::Table {
                alignments,
                head,
                rows,
                line,
            } => {
                let place = source_place(
                    p,
                    if *line > 0 {
                        *line
                    } else {
                        p.source.first_line
                    },
                );
                let header_style = self.style(FaceId::Bold, style.size, style.colour);
                let table_node = self.element(Role::Table);
                let cell = |layout: &mut Self, inlines: &[model::Inline], style: Style, tag| {
                    let mut links = Vec::new();
                    let runs = layout.runs(inlines, style, &mut links, p);
                    layout.nest_figures(&runs, tag);
                    table::Cell { runs, links, tag }
                };
                let head_row = self.tree.add(Role::TR, table_node);
                let head: Vec<table::Cell> = head
                    .iter()
                    .map(|c| {
                        let th = self.tree.add(Role::TH, head_row);
                        cell(self, c, header_style, th)
                    })
                    .collect();
                let rows: Vec<Vec<table::Cell>> = rows
                    .iter()
                    .map(|row| {
                        let tr = self.tree.add(Role::TR, table_node);
                        row.iter()
                            .map(|c| {
                                let td = self.tree.add(Role::TD, tr);
                                cell(self, c, style, td)
                            })
                            .collect()
                    })
                    .collect();
                let width = self.brief.page.text_width() - indent - self.right_indent;
                let set = table::set_table(
                    &mut self.ts,
                    self.brief,
                    alignments,
                    &head,
                    &rows,
                    indent,
                    width,
                    &place,
                );
                let mut lines = set.header.clone();
                lines.extend(set.body);
                let mut block = Block::text(lines, space.max(s.body * 0.6)).tagged(table_node);
                block.min_split = 1;
                block.header = set.header;
                out.push(block);
            }
            ModelBlock::DefinitionList { items } => {
                let term_style = self.style(FaceId::Bold, style.size, style.colour);
                for item in items {
                    let term = ModelBlock::Paragraph {
                        inlines: item.term.clone(),
                        line: 0,
                        from_html: false,
                    };
                    let start = out.len();
                    self.model_block(&term, p, term_style, indent, space, out);
                    if let Some(block) = out.get_mut(start) {
                        block.keep_with_next = true;
                    }
                    for definition in &item.definitions {
                        for (k, inner) in definition.iter().enumerate() {
                            let gap = if k == 0 { s.body * 0.2 } else { s.body * 0.4 };
                            self.model_block(inner, p, style, indent + s.body * 2.0, gap, out);
                        }
                    }
                }
            }
            ModelBlock::Rule => out.push(rule_block(s.body)),
        }
    }

    /// Runs of some inlines; the footnotes they mark are laid out for the page foot.
    fn runs(
        &mut self,
        inlines: &[model::Inline],
        style: Style,
        links: &mut Vec<Target>,
        p: &Publication,
    ) -> Vec<Run> {
        let mut refs = Refs {
            anchors: &self.heading_anchors,
            notes: Vec::new(),
            first_note: self.notes.len(),
            number: self.note_number,
            pictures: Vec::new(),
        };
        let mut runs = runs_from_inlines(inlines, style, self.brief.colours.link, links, &mut refs);
        let Refs {
            notes,
            number,
            pictures,
            ..
        } = refs;
        for (at, image) in pictures {
            if let model::Inline::Image { src, alt, line } = image {
                let run = &mut runs[at];
                run.style.picture = self.inline_picture(src, alt, *line, run.style.size, p);
                if run.style.picture.is_some() {
                    run.text = PICTURE_TEXT.to_string();
                }
            }
        }
        // Places are kept first, so notes inside these notes come after them.
        let first = self.notes.len();
        self.notes.extend(notes.iter().map(|_| Vec::new()));
        let first_number = self.note_number;
        self.note_number = number;
        for (k, blocks) in notes.into_iter().enumerate() {
            self.notes[first + k] = self.footnote(blocks, first_number + k, p);
        }
        runs
    }

    /// The picture `src` names, decoded; `None` when its description must
    /// stand in: on the web (never fetched, the reader says so), missing
    /// (the build says so), or not a picture (said here).
    fn usable_picture(&mut self, src: &str, line: usize, p: &Publication) -> Option<Picture> {
        if model::is_remote_image(src) {
            return None;
        }
        load_picture(self.source_dir, src).unwrap_or_else(|e| {
            self.ts.warnings.push(crate::images::unusable(
                &p.source.file,
                line,
                src,
                &format!("cannot be used ({e:#})"),
            ));
            None
        })
    }

    /// Moves the figures of `runs`' inline pictures into `element` (the
    /// paragraph, heading or cell they are read in): `runs` makes them
    /// before that element exists.
    fn nest_figures(&mut self, runs: &[Run], element: NodeId) {
        for run in runs {
            if let Some(InlinePicture {
                tag: SpanTag::Node(figure),
                ..
            }) = run.style.picture
            {
                self.tree.nodes[figure as usize].parent = Some(element);
            }
        }
    }

    /// A picture inside a sentence, as tall as a line of `size` text at
    /// most; `None` (its description stays) when it is on the web or
    /// cannot be used.
    fn inline_picture(
        &mut self,
        src: &str,
        alt: &str,
        line: usize,
        size: f32,
        p: &Publication,
    ) -> Option<InlinePicture> {
        let picture = self.usable_picture(src, line, p)?;
        let natural_w = picture.width_px as f32 * picture.points_per_px;
        let natural_h = picture.height_px as f32 * picture.points_per_px;
        let scale = (size * 1.2 / natural_h)
            .min(self.brief.page.text_width() * 0.5 / natural_w)
            .min(1.0);
        self.pictures.push(Arc::new(picture));
        // A picture without a description is decoration (an artifact).
        let tag = if alt.trim().is_empty() {
            SpanTag::Artifact
        } else {
            let figure = self.element(Role::Figure);
            self.tree.set_alt(figure, alt);
            SpanTag::Node(figure)
        };
        Some(InlinePicture {
            index: self.pictures.len() - 1,
            width: natural_w * scale,
            height: natural_h * scale,
            tag,
        })
    }

    /// A footnote's lines: its number, then its blocks in the small size.
    fn footnote(&mut self, blocks: &[ModelBlock], number: usize, p: &Publication) -> Vec<Line> {
        let s = self.brief.sizes;
        let style = self.style(FaceId::Regular, s.small, self.brief.colours.text);
        let hang = s.small * 1.8;
        let outer = self.parent;
        let note = self.tree.add(Role::Note, outer);
        self.parent = note;
        let mut laid = Vec::new();
        for (k, block) in blocks.iter().enumerate() {
            let gap = if k == 0 { 0.0 } else { s.small * 0.3 };
            self.model_block(block, p, style, hang, gap, &mut laid);
        }
        self.parent = outer;
        // The note's lines leave their blocks: each span keeps its element.
        let node_tag = |node: Option<NodeId>| node.map_or(SpanTag::Artifact, SpanTag::Node);
        let mut lines: Vec<Line> = Vec::new();
        for mut block in laid {
            let mut block_lines = std::mem::take(&mut block.lines);
            for line in &mut block_lines {
                for span in &mut line.spans {
                    span.tag = node_tag(block.element(span.tag));
                }
                for link in &mut line.links {
                    link.tag = node_tag(block.element(link.tag));
                }
            }
            lines.append(&mut block_lines);
        }
        let place = source_place(p, p.source.first_line);
        let shaped = self.ts.shape(FaceId::Regular, &number.to_string(), &place);
        if lines.is_empty() {
            lines.push(Line {
                height: s.small * s.leading,
                baseline: s.small,
                ..Line::default()
            });
        }
        lines[0].spans.insert(
            0,
            Span {
                x: 0.0,
                size: s.small,
                colour: self.brief.colours.muted,
                glyphs: 0..shaped.glyphs.len(),
                shaped,
                tag: SpanTag::Node(note),
                rise: 0.0,
            },
        );
        lines
    }

    /// Anchors for every heading id, so `#id` links find their heading
    /// wherever it is; a publication's title answers to its made-up id.
    fn heading_anchors(&mut self, collection: &Collection, pub_anchors: &[usize]) {
        fn ids<'m>(blocks: &'m [ModelBlock], out: &mut Vec<&'m str>) {
            for block in blocks {
                match block {
                    ModelBlock::Heading { id, .. } if !id.is_empty() => out.push(id),
                    ModelBlock::List { items, .. } => items.iter().for_each(|i| ids(i, out)),
                    ModelBlock::Quote { blocks } => ids(blocks, out),
                    _ => {}
                }
            }
        }
        let mut found = Vec::new();
        for publication in &collection.publications {
            ids(&publication.summary, &mut found);
        }
        let mut anchors = HashMap::new();
        for id in found {
            if !anchors.contains_key(id) {
                anchors.insert(id.to_string(), self.new_anchor());
            }
        }
        for (publication, &anchor) in collection.publications.iter().zip(pub_anchors) {
            anchors
                .entry(model::heading_slug(&publication.title))
                .or_insert(anchor);
        }
        // Shared with the layouts of parts (`fragment`).
        self.heading_anchors = Arc::new(anchors);
    }

    /// A picture at its natural size or the text width, whichever is
    /// smaller; the alt text in its place when it cannot be read (a missing
    /// file is warned about by the build, an undecodable one here).
    fn picture(
        &mut self,
        src: &str,
        alt: &str,
        p: &Publication,
        line: usize,
        indent: f32,
        out: &mut Vec<Block>,
    ) {
        let place = source_place(p, if line > 0 { line } else { p.source.first_line });
        match self.usable_picture(src, line, p) {
            Some(picture) => {
                let page = self.brief.page;
                let natural_w = picture.width_px as f32 * picture.points_per_px;
                let natural_h = picture.height_px as f32 * picture.points_per_px;
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
                // A picture without a description is decoration (an artifact).
                if !alt.trim().is_empty() {
                    let figure = self.element(Role::Figure);
                    self.tree.set_alt(figure, alt);
                    block.tag = Some(figure);
                }
                block.picture = Some((self.pictures.len() - 1, indent, w));
                out.push(block);
            }
            None => {
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
                let tag = self.element(Role::P);
                out.push(Block::text(lines, self.brief.sizes.body * 0.5).tagged(tag));
            }
        }
    }
}

fn load_picture(source_dir: &Path, src: &str) -> anyhow::Result<Option<Picture>> {
    match crate::images::locate(source_dir, src)? {
        Some(path) => Picture::load(&path).map(Some),
        None => Ok(None),
    }
}

impl Picture {
    /// Decodes a PNG or JPEG, or draws an SVG, laying any transparency
    /// over white paper.
    pub fn load(path: &Path) -> anyhow::Result<Picture> {
        use anyhow::Context;
        let bytes =
            std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
        if crate::svg::is_svg(&bytes) {
            let raster =
                crate::svg::rasterise(&bytes).with_context(|| path.display().to_string())?;
            // Premultiplied alpha: over white is the colour plus the white let through.
            let rgb = raster
                .rgba
                .chunks_exact(4)
                .flat_map(|p| [0, 1, 2].map(|i| p[i].saturating_add(255 - p[3])))
                .collect();
            return Ok(Picture {
                width_px: raster.width,
                height_px: raster.height,
                rgb,
                points_per_px: raster.points_per_px,
            });
        }
        let image = image::load_from_memory(&bytes)
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
            points_per_px: 0.75,
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

/// Fills pages top to bottom, keeping headings with what follows and
/// splitting blocks only where both sides keep `min_split` lines. Blocks
/// come in batches (a publication at a time), and full pages can be taken
/// out as they fill, so a long document never holds all its pages' marks.
struct Paginator<'b> {
    brief: &'b Brief,
    /// Pages not yet taken; the last is the one being filled.
    pages: Vec<Vec<Mark>>,
    /// Pages taken out before `pages[0]`.
    taken: usize,
    /// Top of the room left on the page being filled.
    y: f32,
    foot: Foot,
    /// Page index and top (PDF y) of each anchor placed so far.
    anchors: Vec<(usize, f32)>,
}

impl<'b> Paginator<'b> {
    fn new(brief: &'b Brief, anchor_count: usize) -> Self {
        let top = brief.page.height - brief.page.top;
        Paginator {
            brief,
            pages: vec![Vec::new()],
            taken: 0,
            y: top,
            foot: Foot::default(),
            anchors: vec![(0, top); anchor_count],
        }
    }

    /// Places `blocks` after what is placed already. What must stay with
    /// the next block (`keep_with_next`) looks ahead only within `blocks`.
    fn place(&mut self, blocks: &[&Block], notes: &[Vec<Line>]) {
        let brief = self.brief;
        let page = brief.page;
        let top = page.height - page.top;
        let bottom = page.bottom;
        let gap = footnotes::rule_gap(brief);
        // Next block, and its first line not yet placed.
        let (mut i, mut from) = (0, 0);
        while i < blocks.len() {
            let block = blocks[i];
            let lines = &block.lines[from..];
            let at_top = self.y >= top - 0.01;
            if lines.is_empty() {
                (i, from) = (i + 1, 0);
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
            if needed > self.y - space - bottom + 0.01 && !at_top {
                self.turn_page();
                continue;
            }
            self.y -= space;
            if from > 0 && at_top && !block.header.is_empty() {
                // A table's header row again, above the rows that go on.
                for line in &block.header {
                    // Repeated for the reader's eye only: an artifact.
                    let marks = self.pages.last_mut().expect("a page");
                    line_marks(marks, line, page.left, self.y, |_| None);
                    self.y -= line.height;
                }
            }
            let n = lines.len();
            let mut fit = 0;
            let mut used = 0.0;
            let mut foot_used = self.foot.height(gap);
            while fit < n {
                let notes_needed = self.foot.needed(&lines[fit], notes, gap, foot_used > 0.0);
                if used + lines[fit].height + foot_used + notes_needed > self.y - bottom + 0.01 {
                    break;
                }
                used += lines[fit].height;
                foot_used += notes_needed;
                fit += 1;
            }
            // The lines of a table row stay together.
            while fit > 0 && fit < n && lines[fit - 1].joined {
                fit -= 1;
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
                self.turn_page();
                continue;
            }
            let page_index = self.taken + self.pages.len() - 1;
            let left = page.left;
            for line in &lines[..take] {
                let y = self.y;
                if let Some(anchor) = line.anchor {
                    // Sections make anchors as they are laid out.
                    if anchor >= self.anchors.len() {
                        self.anchors.resize(anchor + 1, (0, top));
                    }
                    self.anchors[anchor] = (page_index, y);
                }
                let marks = self.pages.last_mut().expect("a page");
                line_marks(marks, line, left, y, |tag| block.element(tag));
                for link in &line.links {
                    marks.push(Mark::Link {
                        x0: left + link.x0,
                        y0: y - line.height,
                        x1: left + link.x1,
                        y1: y,
                        target: link.target.clone(),
                        tag: block.element(link.tag),
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
                        tag: block.tag,
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
                self.y -= line.height;
                let room = self.y - bottom - self.foot.height(gap) - gap;
                self.foot.add(line, notes, room);
            }
            if take < n {
                from += take;
                self.turn_page();
            } else {
                (i, from) = (i + 1, 0);
            }
        }
    }

    /// Ends a page, its footnotes drawn at its foot, and starts the next,
    /// giving back what the full one reserved and does not use.
    fn turn_page(&mut self) {
        let gap = footnotes::rule_gap(self.brief);
        let marks = self.pages.last_mut().expect("a page");
        self.foot.draw(marks, self.brief, gap);
        marks.shrink_to_fit();
        // Room for as many marks as the full page held, so the next one is
        // seldom copied as it grows.
        let room = marks.len();
        self.pages.push(Vec::with_capacity(room));
        self.foot.new_page();
        self.y = self.brief.page.height - self.brief.page.top;
    }

    /// The full pages not taken yet, in order.
    fn take_full(&mut self) -> Vec<Vec<Mark>> {
        let filling = self.pages.pop().expect("a page");
        let full = std::mem::replace(&mut self.pages, vec![filling]);
        self.taken += full.len();
        full
    }

    /// Ends the last page (and any a long footnote runs on to); returns the
    /// pages not taken and the anchors.
    fn finish(mut self) -> (Vec<Vec<Mark>>, Vec<(usize, f32)>) {
        let gap = footnotes::rule_gap(self.brief);
        loop {
            let marks = self.pages.last_mut().expect("a page");
            self.foot.draw(marks, self.brief, gap);
            if !self.foot.has_carry() {
                return (self.pages, self.anchors);
            }
            self.turn_page();
        }
    }
}
/// A line's text, strokes and tint, its top at `y`; `element` gives each
/// span's structure element (`None`: an artifact).
pub(super) fn line_marks(
    marks: &mut Vec<Mark>,
    line: &Line,
    left: f32,
    y: f32,
    element: impl Fn(SpanTag) -> Option<NodeId>,
) {
    let baseline = y - line.baseline;
    if let Some((x0, x1, colour)) = line.shade {
        marks.push(Mark::Shade {
            x0: left + x0,
            y0: y - line.height,
            x1: left + x1,
            y1: y,
            colour,
        });
    }
    for span in &line.spans {
        marks.push(Mark::Text {
            x: left + span.x,
            y: baseline + span.rise,
            span: span.clone(),
            tag: element(span.tag),
        });
    }
    for &(x0, x1, above, colour) in &line.strikes {
        marks.push(Mark::Rule {
            x0: left + x0,
            x1: left + x1,
            y: baseline + above,
            colour,
        });
    }
    for &(x, picture) in &line.pictures {
        marks.push(Mark::Picture {
            index: picture.index,
            x: left + x,
            y: baseline,
            width: picture.width,
            height: picture.height,
            tag: element(picture.tag),
        });
    }
}

/// The height that must fit for a block to start on this page.
fn first_part(min_split: usize, lines: &[Line]) -> f32 {
    let n = lines.len();
    let k = if n >= 2 * min_split { min_split } else { n };
    lines[..k].iter().map(|l| l.height).sum()
}
