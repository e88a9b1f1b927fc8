//! The model as XHTML fragments: escaped text, summary blocks, the nested
//! contents list. Templates place these fragments; everything that reaches
//! the book as text goes through `escape` first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::model::{Block, ContentsEntry, Inline};

/// Text made safe for XML content and attribute values. Characters XML 1.0
/// forbids (most C0 controls) become U+FFFD, so they stay visible.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if !is_xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text for epub-builder, which escapes markup itself but passes on the
/// characters XML 1.0 forbids: those become U+FFFD.
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

/// Summary blocks as XHTML. Headings start at `h2`, below the publication title.
pub fn blocks(blocks: &[Block], images: &mut Images) -> Result<String> {
    let mut out = String::new();
    for block in blocks {
        push_block(block, images, &mut out)?;
    }
    Ok(out)
}

fn push_block(block: &Block, images: &mut Images, out: &mut String) -> Result<()> {
    match block {
        Block::Paragraph { inlines, .. } => {
            out.push_str("<p>");
            push_inlines(inlines, false, out);
            out.push_str("</p>\n");
        }
        Block::Heading { level, inlines } => {
            let level = (*level).clamp(2, 6);
            out.push_str(&format!("<h{level}>"));
            push_inlines(inlines, false, out);
            out.push_str(&format!("</h{level}>\n"));
        }
        Block::List { ordered, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            out.push_str(&format!("<{tag}>\n"));
            for item in items {
                out.push_str("<li>");
                for block in item {
                    push_block(block, images, out)?;
                }
                out.push_str("</li>\n");
            }
            out.push_str(&format!("</{tag}>\n"));
        }
        Block::Quote { blocks } => {
            out.push_str("<blockquote>\n");
            for block in blocks {
                push_block(block, images, out)?;
            }
            out.push_str("</blockquote>\n");
        }
        Block::Image { src, alt, line } => match images.add(src, *line)? {
            Some(href) => {
                images.all_described &= !alt.trim().is_empty();
                out.push_str(&format!(
                    "<p class=\"image\"><img src=\"{}\" alt=\"{}\"/></p>\n",
                    escape(&href),
                    escape(alt)
                ));
            }
            // The picture cannot be shown: its description stands in.
            None => out.push_str(&format!(
                "<p class=\"image\">[image: {}]</p>\n",
                escape(if alt.trim().is_empty() { src } else { alt })
            )),
        },
    }
    Ok(())
}

/// Inlines as XHTML; a link inside a link becomes plain text (XHTML forbids nesting).
fn push_inlines(inlines: &[Inline], in_link: bool, out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Code { text } => {
                out.push_str("<code>");
                out.push_str(&escape(text));
                out.push_str("</code>");
            }
            Inline::Emphasis { inlines } => {
                out.push_str("<em>");
                push_inlines(inlines, in_link, out);
                out.push_str("</em>");
            }
            Inline::Strong { inlines } => {
                out.push_str("<strong>");
                push_inlines(inlines, in_link, out);
                out.push_str("</strong>");
            }
            Inline::Link { url, inlines } if !in_link && crate::model::is_followable_link(url) => {
                out.push_str(&format!("<a href=\"{}\">", escape(url.trim())));
                push_inlines(inlines, true, out);
                out.push_str("</a>");
            }
            Inline::Link { inlines, .. } => push_inlines(inlines, in_link, out),
            Inline::LineBreak => out.push_str("<br/>"),
        }
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
        let mut out = String::new();
        let link = |url: &str| Inline::Link {
            url: url.to_string(),
            inlines: vec![Inline::text("x")],
        };
        push_inlines(
            &[
                link("https://a.example/?a=1&b=2"),
                link("javascript:alert(1)"),
                link("file:///etc/passwd"),
            ],
            false,
            &mut out,
        );
        assert_eq!(out, "<a href=\"https://a.example/?a=1&amp;b=2\">x</a>xx");
    }
}
