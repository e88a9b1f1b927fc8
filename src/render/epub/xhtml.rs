//! The model as XHTML fragments: escaped text, summary blocks, the nested
//! contents list. Templates place these fragments; everything that reaches
//! the book as text goes through `escape` first.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::model::{heading_slug, Alignment, Block, ContentsEntry, Inline, Publication};

/// Text made safe for XML content and attribute values. Characters XML 1.0
/// forbids (most C0 controls) become U+FFFD, so they stay visible.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // By bytes, copying the runs between the few that change: every byte
    // that does is ASCII or starts U+FFFE or U+FFFF (EF BF BE, EF BF BF),
    // so each cut falls between characters.
    let bytes = text.as_bytes();
    let mut copied = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\t' | b'\n' | b'\r' => continue,
            0..=0x1f => "\u{FFFD}",
            0xef if matches!(bytes.get(at + 1..at + 3), Some([0xbf, 0xbe | 0xbf])) => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        copied = at + if byte == 0xef { 3 } else { 1 };
    }
    out.push_str(&text[copied..]);
    out
}

/// Text for the navigation lists, whose writer escapes markup but passes
/// on the characters XML 1.0 forbids: those become U+FFFD.
pub fn xml_chars(text: &str) -> String {
    text.chars()
        .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
        .collect()
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
}

/// An image file the summary refers to, copied into the book.
pub struct Image {
    /// Path inside the book's content folder, e.g. `images/image-1.png`.
    pub href: String,
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
}

/// Collects the images of one book, each file once however often it is used.
pub struct Images<'a> {
    source_dir: &'a Path,
    /// The source file, for warnings.
    file: &'a str,
    by_path: HashMap<PathBuf, usize>,
    pub files: Vec<Image>,
    /// Whether every image so far came with a description (alt text).
    pub all_described: bool,
    /// Images that could not be used, shown as their description.
    pub warnings: Vec<String>,
}

impl<'a> Images<'a> {
    pub fn new(source_dir: &'a Path, file: &'a str) -> Images<'a> {
        Images {
            source_dir,
            file,
            by_path: HashMap::new(),
            files: Vec::new(),
            all_described: true,
            warnings: Vec::new(),
        }
    }

    /// The book path of the image at `src`, reading it the first time;
    /// `None` when it is missing (the build says so) or unusable (a
    /// warning here). A path out of the sources folder is an error.
    fn add(&mut self, src: &str, line: usize) -> Result<Option<String>> {
        let Some(path) = crate::images::locate(self.source_dir, src)? else {
            return Ok(None);
        };
        if let Some(&index) = self.by_path.get(&path) {
            return Ok(Some(self.files[index].href.clone()));
        }
        let (bytes, media_type, extension) = match read_image(&path) {
            Ok(image) => image,
            Err(e) => {
                let problem = format!("cannot be used ({e:#})");
                let warning = crate::images::unusable(self.file, line, src, &problem);
                self.warnings.push(warning);
                return Ok(None);
            }
        };
        let href = format!("images/image-{}.{extension}", self.files.len() + 1);
        self.by_path.insert(path, self.files.len());
        self.files.push(Image {
            href: href.clone(),
            bytes,
            media_type,
        });
        Ok(Some(href))
    }
}

/// An image's bytes for the book, its media type and extension; an SVG
/// cleaned of scripts and outside references first.
fn read_image(path: &Path) -> Result<(Vec<u8>, &'static str, &'static str)> {
    let bytes = std::fs::read(path).context("cannot be read")?;
    let (media_type, extension) = image_type(&bytes)?;
    let bytes = if media_type == "image/svg+xml" {
        crate::svg::sanitise(&bytes)?
    } else {
        bytes
    };
    Ok((bytes, media_type, extension))
}

/// Media type and extension of an image, from its first bytes: the types
/// every EPUB 3 reader must show.
pub fn image_type(bytes: &[u8]) -> Result<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(("image/png", "png"))
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Ok(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Ok(("image/gif", "gif"))
    } else if crate::svg::is_svg(bytes) {
        Ok(("image/svg+xml", "svg"))
    } else {
        bail!("not a PNG, JPEG, GIF or SVG file")
    }
}

/// Where each heading id of the book lives: `#method` in any chapter
/// links to `publication-3.xhtml#h-method`. A publication's title counts
/// as a heading too (its made-up id, `#first-steps`), pointing at its file.
pub struct Anchors(HashMap<String, String>);

impl Anchors {
    pub fn of(publications: &[Publication], href: impl Fn(usize) -> String) -> Anchors {
        let mut map = HashMap::new();
        for (index, publication) in publications.iter().enumerate() {
            let file = href(index);
            let mut used = HashSet::new();
            heading_anchors(&publication.summary, &mut |id| {
                if let Some(anchor) = element_id(id, &mut used) {
                    map.entry(id.to_string())
                        .or_insert_with(|| format!("{file}#{anchor}"));
                }
            });
        }
        for (index, publication) in publications.iter().enumerate() {
            map.entry(heading_slug(&publication.title))
                .or_insert_with(|| href(index));
        }
        Anchors(map)
    }

    /// The book link for `#id`, if a heading has that id.
    fn resolve(&self, url: &str) -> Option<&str> {
        let id = url.trim().strip_prefix('#')?;
        self.0.get(id).map(String::as_str)
    }
}

/// Calls `visit` with each heading id, in the order `blocks` writes them.
fn heading_anchors(blocks: &[Block], visit: &mut impl FnMut(&str)) {
    for block in blocks {
        match block {
            Block::Heading { id, .. } if !id.is_empty() => visit(id),
            Block::List { items, .. } => items.iter().for_each(|item| heading_anchors(item, visit)),
            Block::Quote { blocks } => heading_anchors(blocks, visit),
            Block::DefinitionList { items } => items
                .iter()
                .flat_map(|item| &item.definitions)
                .for_each(|blocks| heading_anchors(blocks, visit)),
            _ => {}
        }
    }
}

/// The XHTML id for a heading id: `h-` and the id with anything an XML
/// name may not hold made `-`; none when the chapter has it already.
fn element_id(id: &str, used: &mut HashSet<String>) -> Option<String> {
    let clean: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let anchor = format!("h-{clean}");
    used.insert(anchor.clone()).then_some(anchor)
}

/// One chapter's summary being written: its images, the book's anchors,
/// the ids given so far and the footnotes met, numbered from 1.
pub struct Chapter<'c, 'i> {
    images: &'c mut Images<'i>,
    anchors: &'c Anchors,
    ids: HashSet<String>,
    footnotes: Vec<Vec<Block>>,
    /// Inside a footnote headings get no id (the anchors map skips them).
    in_note: bool,
}

impl<'c, 'i> Chapter<'c, 'i> {
    pub fn new(images: &'c mut Images<'i>, anchors: &'c Anchors) -> Self {
        Chapter {
            images,
            anchors,
            ids: HashSet::new(),
            footnotes: Vec::new(),
            in_note: false,
        }
    }

    /// Summary blocks as XHTML. Headings start at `h2`, below the publication title.
    pub fn blocks(&mut self, blocks: &[Block]) -> Result<String> {
        let mut out = String::new();
        for block in blocks {
            self.block(block, &mut out)?;
        }
        Ok(out)
    }

    /// The chapter's footnotes, as EPUB 3 notes each linking back to its mark.
    pub fn footnotes(&mut self) -> Result<String> {
        let mut out = String::new();
        self.in_note = true;
        let mut next = 0;
        while next < self.footnotes.len() {
            let blocks = self.footnotes[next].clone();
            next += 1;
            out.push_str(&format!(
                "<aside id=\"fn-{next}\" class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\">\n<p class=\"footnote-mark\"><a href=\"#fnref-{next}\" role=\"doc-backlink\">{next}</a></p>\n"
            ));
            for block in &blocks {
                self.block(block, &mut out)?;
            }
            out.push_str("</aside>\n");
        }
        Ok(out)
    }

    fn block(&mut self, block: &Block, out: &mut String) -> Result<()> {
        match block {
            Block::Paragraph { inlines, .. } => {
                out.push_str("<p>");
                self.inlines(inlines, false, out)?;
                out.push_str("</p>\n");
            }
            Block::Heading { level, inlines, id } => {
                let level = (*level).clamp(2, 6);
                let anchor = (!id.is_empty() && !self.in_note)
                    .then(|| element_id(id, &mut self.ids))
                    .flatten();
                match anchor {
                    Some(anchor) => out.push_str(&format!("<h{level} id=\"{}\">", escape(&anchor))),
                    None => out.push_str(&format!("<h{level}>")),
                }
                self.inlines(inlines, false, out)?;
                out.push_str(&format!("</h{level}>\n"));
            }
            Block::List {
                ordered,
                items,
                tasks,
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                out.push_str(&format!("<{tag}>\n"));
                for (index, item) in items.iter().enumerate() {
                    match tasks.get(index).copied().flatten() {
                        Some(done) => out.push_str(&format!(
                            "<li class=\"task\"><span class=\"task-box\" role=\"img\" aria-label=\"{}\">{}</span> ",
                            if done { "done" } else { "to do" },
                            if done { "☑" } else { "☐" }
                        )),
                        None => out.push_str("<li>"),
                    }
                    for block in item {
                        self.block(block, out)?;
                    }
                    out.push_str("</li>\n");
                }
                out.push_str(&format!("</{tag}>\n"));
            }
            Block::Quote { blocks } => {
                out.push_str("<blockquote>\n");
                for block in blocks {
                    self.block(block, out)?;
                }
                out.push_str("</blockquote>\n");
            }
            Block::Image { src, alt, .. } if crate::model::is_remote_image(src) => {
                out.push_str(&format!(
                    "<p class=\"image\">{}</p>\n",
                    escape(&image_stand_in(src, alt))
                ));
            }
            Block::Image { src, alt, line } => match self.images.add(src, *line)? {
                Some(href) => {
                    self.images.all_described &= !alt.trim().is_empty();
                    out.push_str(&format!(
                        "<p class=\"image\"><img src=\"{}\" alt=\"{}\"/></p>\n",
                        escape(&href),
                        escape(alt)
                    ));
                }
                // The picture cannot be shown: its description stands in.
                None => out.push_str(&format!(
                    "<p class=\"image\">{}</p>\n",
                    escape(&image_stand_in(src, alt))
                )),
            },
            Block::CodeBlock { language, text, .. } => {
                let class = language
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || "-_+".contains(*c))
                    .collect::<String>();
                if class.is_empty() {
                    out.push_str("<pre><code>");
                } else {
                    out.push_str(&format!("<pre><code class=\"language-{class}\">"));
                }
                out.push_str(&escape(text));
                out.push_str("</code></pre>\n");
            }
            Block::Table {
                alignments,
                head,
                rows,
                ..
            } => {
                out.push_str("<table>\n");
                if !head.is_empty() {
                    out.push_str("<thead>\n<tr>");
                    for (column, cell) in head.iter().enumerate() {
                        out.push_str(&format!("<th scope=\"col\"{}>", align(alignments, column)));
                        self.inlines(cell, false, out)?;
                        out.push_str("</th>");
                    }
                    out.push_str("</tr>\n</thead>\n");
                }
                out.push_str("<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for (column, cell) in row.iter().enumerate() {
                        out.push_str(&format!("<td{}>", align(alignments, column)));
                        self.inlines(cell, false, out)?;
                        out.push_str("</td>");
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::DefinitionList { items } => {
                out.push_str("<dl>\n");
                for item in items {
                    out.push_str("<dt>");
                    self.inlines(&item.term, false, out)?;
                    out.push_str("</dt>\n");
                    for definition in &item.definitions {
                        out.push_str("<dd>");
                        for block in definition {
                            self.block(block, out)?;
                        }
                        out.push_str("</dd>\n");
                    }
                }
                out.push_str("</dl>\n");
            }
            Block::Rule => out.push_str("<hr/>\n"),
        }
        Ok(())
    }

    /// Inlines as XHTML; a link inside a link becomes plain text (XHTML forbids nesting).
    fn inlines(&mut self, inlines: &[Inline], in_link: bool, out: &mut String) -> Result<()> {
        for inline in inlines {
            let wrap = |tag: &str| (format!("<{tag}>"), format!("</{tag}>"));
            let (open, close, inner) = match inline {
                Inline::Text { text } => {
                    out.push_str(&escape(text));
                    continue;
                }
                Inline::Code { text } => {
                    out.push_str(&format!("<code>{}</code>", escape(text)));
                    continue;
                }
                Inline::Math { display, tex } => {
                    match super::math::mathml(tex, *display) {
                        Some(math) => out.push_str(&math),
                        None => {
                            let class = if *display { "math display" } else { "math" };
                            out.push_str(&format!(
                                "<code class=\"{class}\">{}</code>",
                                escape(tex)
                            ));
                        }
                    }
                    continue;
                }
                Inline::LineBreak => {
                    out.push_str("<br/>");
                    continue;
                }
                Inline::Image { src, alt, .. } if crate::model::is_remote_image(src) => {
                    out.push_str(&escape(&image_stand_in(src, alt)));
                    continue;
                }
                Inline::Image { src, alt, line } => {
                    match self.images.add(src, *line)? {
                        Some(href) => {
                            self.images.all_described &= !alt.trim().is_empty();
                            out.push_str(&format!(
                                "<img class=\"inline\" src=\"{}\" alt=\"{}\"/>",
                                escape(&href),
                                escape(alt)
                            ));
                        }
                        None => out.push_str(&escape(&image_stand_in(src, alt))),
                    }
                    continue;
                }
                Inline::Footnote { blocks } => {
                    self.footnotes.push(blocks.clone());
                    let n = self.footnotes.len();
                    // A mark inside a link cannot be a link itself.
                    if in_link {
                        out.push_str(&format!("<sup>{n}</sup>"));
                    } else {
                        out.push_str(&format!(
                            "<sup><a id=\"fnref-{n}\" href=\"#fn-{n}\" epub:type=\"noteref\" role=\"doc-noteref\">{n}</a></sup>"
                        ));
                    }
                    continue;
                }
                Inline::Emphasis { inlines } => (wrap("em").0, wrap("em").1, inlines),
                Inline::Strong { inlines } => (wrap("strong").0, wrap("strong").1, inlines),
                Inline::Strikeout { inlines } => (wrap("del").0, wrap("del").1, inlines),
                Inline::Superscript { inlines } => (wrap("sup").0, wrap("sup").1, inlines),
                Inline::Subscript { inlines } => (wrap("sub").0, wrap("sub").1, inlines),
                Inline::Link { url, inlines } if !in_link => {
                    let href = if crate::model::is_followable_link(url) {
                        Some(url.trim().to_string())
                    } else {
                        self.anchors.resolve(url).map(str::to_string)
                    };
                    match href {
                        Some(href) => {
                            out.push_str(&format!("<a href=\"{}\">", escape(&href)));
                            self.inlines(inlines, true, out)?;
                            out.push_str("</a>");
                        }
                        None => self.inlines(inlines, in_link, out)?,
                    }
                    continue;
                }
                Inline::Link { inlines, .. } => {
                    self.inlines(inlines, in_link, out)?;
                    continue;
                }
            };
            out.push_str(&open);
            self.inlines(inner, in_link, out)?;
            out.push_str(&close);
        }
        Ok(())
    }
}

/// What stands for an image on the web, which is never fetched.
fn image_stand_in(src: &str, alt: &str) -> String {
    format!("[image: {}]", if alt.trim().is_empty() { src } else { alt })
}

/// A cell's alignment from the delimiter row, as a style.
fn align(alignments: &[Alignment], column: usize) -> &'static str {
    match alignments.get(column) {
        Some(Alignment::Left) => " style=\"text-align: left\"",
        Some(Alignment::Center) => " style=\"text-align: center\"",
        Some(Alignment::Right) => " style=\"text-align: right\"",
        _ => "",
    }
}

/// The id of contents entry `index` in its publication's file, for the navigation.
pub fn contents_anchor(index: usize) -> String {
    format!("contents-{}", index + 1)
}

/// Levels made safe for nesting: the first entry is level 1, and no entry
/// is more than one level deeper than the one before it.
pub fn nesting_levels(entries: &[ContentsEntry]) -> Vec<usize> {
    let mut levels = Vec::with_capacity(entries.len());
    let mut previous = 0;
    for entry in entries {
        let level = entry.level.clamp(1, previous + 1);
        levels.push(level);
        previous = level;
    }
    levels
}

/// What a contents entry reads as: `2.1 Key concepts`.
pub fn entry_label(entry: &ContentsEntry) -> String {
    if entry.number.is_empty() {
        entry.title.clone()
    } else {
        format!("{} {}", entry.number, entry.title)
    }
}

/// The contents as nested ordered lists; each entry carries its anchor.
pub fn contents_list(entries: &[ContentsEntry]) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for (index, (entry, level)) in entries.iter().zip(nesting_levels(entries)).enumerate() {
        if level > depth {
            if depth > 0 {
                out.push('\n');
            }
            out.push_str("<ol class=\"contents\">\n");
            depth = level;
        } else {
            out.push_str("</li>\n");
            while depth > level {
                out.push_str("</ol>\n</li>\n");
                depth -= 1;
            }
        }
        out.push_str(&format!("<li id=\"{}\">", contents_anchor(index)));
        if !entry.number.is_empty() {
            out.push_str(&format!(
                "<span class=\"number\">{}</span> ",
                escape(&entry.number)
            ));
        }
        out.push_str(&escape(&entry.title));
    }
    while depth > 0 {
        out.push_str("</li>\n</ol>\n");
        depth -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(number: &str, level: usize) -> ContentsEntry {
        ContentsEntry {
            number: number.to_string(),
            level,
            title: format!("T{number}"),
            line: 0,
        }
    }

    #[test]
    fn hostile_text_stays_text() {
        assert_eq!(
            escape("Costs & <Benefits> \"2024\" ]]>\u{1}"),
            "Costs &amp; &lt;Benefits&gt; &quot;2024&quot; ]]&gt;\u{FFFD}"
        );
        // Characters XML forbids, beside others that share their bytes.
        assert_eq!(
            escape("\u{FFFE}é\u{FFFF}\u{FFFD}\u{FEFF}\t\r\n'x\u{1f}\u{7f}"),
            "\u{FFFD}é\u{FFFD}\u{FFFD}\u{FEFF}\t\r\n&#39;x\u{FFFD}\u{7f}"
        );
    }

    #[test]
    fn contents_nest_by_level_and_close() {
        let list = contents_list(&[
            entry("1", 1),
            entry("1.1", 2),
            entry("1.1.1", 4),
            entry("2", 1),
        ]);
        assert_eq!(list.matches("<ol").count(), list.matches("</ol>").count());
        assert_eq!(list.matches("<li").count(), list.matches("</li>").count());
        assert_eq!(list.matches("<ol").count(), 3, "{list}");
        assert!(list.contains("id=\"contents-4\""));
    }

    #[test]
    fn only_safe_links_are_clickable() {
        let link = |url: &str| Inline::Link {
            url: url.to_string(),
            inlines: vec![Inline::text("x")],
        };
        let dir = std::env::temp_dir();
        let mut images = Images::new(&dir, "test.md");
        let anchors = Anchors(HashMap::from([(
            "method".to_string(),
            "publication-2.xhtml#h-method".to_string(),
        )]));
        let mut chapter = Chapter::new(&mut images, &anchors);
        let mut out = String::new();
        chapter
            .inlines(
                &[
                    link("https://a.example/?a=1&b=2"),
                    link("javascript:alert(1)"),
                    link("file:///etc/passwd"),
                    link("#method"),
                    link("#nowhere"),
                ],
                false,
                &mut out,
            )
            .unwrap();
        assert_eq!(
            out,
            "<a href=\"https://a.example/?a=1&amp;b=2\">x</a>xx<a href=\"publication-2.xhtml#h-method\">x</a>x"
        );
    }
}
