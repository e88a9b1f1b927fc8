//! The book's navigation: the contents list of `nav.xhtml` and the
//! navigation points of `toc.ncx`. epub-builder would build both from a
//! tree of every entry, indenting each nested list again for every level
//! above it: for a listing of 20,000 papers (218,000 contents entries) that
//! was about a tenth of the CPU of the whole EPUB build. Here they are
//! written straight into the archive as `package::fix_archive` writes it,
//! a batch of publications at a time on all cores, so the 70 MB of text
//! such a listing's lists make is never held. The text is the same as
//! epub-builder's, so its landmarks and head stay.

use std::io::{self, Write};

use epub_builder::TocElement;
use html_escape::{encode_double_quoted_attribute as attribute, encode_text};
use rayon::prelude::*;

use crate::model::Publication;

/// Publications whose entries are made at a time, on all cores.
const BATCH: usize = 256;

/// The book's entries: the pages before the publications (cover, title
/// page), then each publication's, its contents nested in it.
pub struct Navigation<'a> {
    pub front: Vec<TocElement>,
    pub publications: &'a [Publication],
    /// A publication's entry, from its index and itself.
    pub entry: &'a (dyn Fn(usize, &Publication) -> TocElement + Sync),
}

/// Two spaces per level, as epub-builder indents; every line starts with a
/// newline (the first line's is left out when written).
fn line(out: &mut String, depth: usize, text: &str) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push_str(text);
}

impl Navigation<'_> {
    /// The contents list: what follows the list's heading in `nav.xhtml`.
    pub fn write_contents_list(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"    <ol>\n")?;
        self.write_lines(out, &|element, _, text| item(text, element, 3))?;
        out.write_all(b"\n    </ol>")
    }

    /// The navigation points: the inside of the NCX's `navMap`.
    pub fn write_points(&self, out: &mut dyn Write) -> io::Result<()> {
        self.write_lines(out, &|element, before, text| {
            point(text, element, 2, &mut { before })
        })
    }

    /// Writes the lines `write` makes of each top-level entry, given the
    /// number of entries before it; the first line without its newline.
    fn write_lines(
        &self,
        out: &mut dyn Write,
        write: &(dyn Fn(&TocElement, u32, &mut String) + Sync),
    ) -> io::Result<()> {
        let mut before = 0;
        let mut first = true;
        let mut put = |text: String, out: &mut dyn Write| {
            let text = match first {
                true => text.strip_prefix('\n').unwrap_or(&text),
                false => &text,
            };
            first = false;
            out.write_all(text.as_bytes())
        };
        for element in &self.front {
            let mut text = String::new();
            write(element, before, &mut text);
            before += entries(element);
            put(text, out)?;
        }
        for (batch, publications) in self.publications.chunks(BATCH).enumerate() {
            let elements: Vec<TocElement> = publications
                .par_iter()
                .enumerate()
                .map(|(at, publication)| (self.entry)(batch * BATCH + at, publication))
                .collect();
            // The number of entries before each.
            let starts: Vec<u32> = elements
                .iter()
                .map(|element| {
                    let start = before;
                    before += entries(element);
                    start
                })
                .collect();
            let texts: Vec<String> = elements
                .par_iter()
                .zip(starts)
                .map(|(element, start)| {
                    let mut text = String::new();
                    write(element, start, &mut text);
                    text
                })
                .collect();
            for text in texts {
                put(text, out)?;
            }
        }
        Ok(())
    }
}

/// How many entries `element` holds, itself included.
fn entries(element: &TocElement) -> u32 {
    1 + element.children.iter().map(entries).sum::<u32>()
}

fn item(out: &mut String, element: &TocElement, depth: usize) {
    let href = attribute(&element.url);
    let title = encode_text(&element.title);
    if element.children.is_empty() {
        line(
            out,
            depth,
            &format!("<li><a href=\"{href}\">{title}</a></li>"),
        );
        return;
    }
    line(out, depth, "<li>");
    line(out, depth + 1, &format!("<a href=\"{href}\">{title}</a>"));
    line(out, depth + 1, "<ol>");
    for child in &element.children {
        item(out, child, depth + 2);
    }
    line(out, depth + 1, "</ol>");
    line(out, depth, "</li>");
}

/// The navigation point of `element` and its children; `play_order` is the
/// number of the point before.
fn point(out: &mut String, element: &TocElement, depth: usize, play_order: &mut u32) {
    *play_order += 1;
    let id = *play_order;
    let title = encode_text(&element.title);
    line(
        out,
        depth,
        &format!("<navPoint playOrder=\"{id}\" id=\"navPoint-{id}\">"),
    );
    line(out, depth + 1, "<navLabel>");
    line(out, depth + 1, &format!(" <text>{}</text>", title.trim()));
    line(out, depth + 1, "</navLabel>");
    line(
        out,
        depth + 1,
        &format!("<content src=\"{}\"/>", attribute(&element.url)),
    );
    for child in &element.children {
        point(out, child, depth + 1, play_order);
    }
    line(out, depth, "</navPoint>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use epub_builder::Toc;

    /// The lists are the text epub-builder writes for the same entries:
    /// nesting three deep, escaping, entries with and without children,
    /// and more publications than a batch.
    #[test]
    fn same_text_as_epub_builder() {
        let front = vec![
            TocElement::new("cover.xhtml", "Cover"),
            TocElement::new("title.xhtml", "Title page"),
        ];
        let publications: Vec<Publication> = (0..BATCH + 3)
            .map(|p| Publication {
                title: format!("Paper {p} <on \"rules\"> & more"),
                ..Publication::default()
            })
            .collect();
        let entry = |p: usize, publication: &Publication| {
            let href = format!("publication-{p}.xhtml");
            let mut element = TocElement::new(&href, &publication.title);
            // Every third publication has no contents.
            let levels = match p % 3 {
                0 => &[][..],
                _ => &[2, 3, 3, 2, 3, 4, 2][..],
            };
            for (k, level) in levels.iter().enumerate() {
                element.add(
                    TocElement::new(format!("{href}#contents-{k}"), format!(" Entry {k} "))
                        .level(*level),
                );
            }
            element
        };
        let mut toc = Toc::new();
        for element in &front {
            toc.add(element.clone());
        }
        for (p, publication) in publications.iter().enumerate() {
            toc.add(entry(p, publication));
        }
        let navigation = Navigation {
            front,
            publications: &publications,
            entry: &entry,
        };
        let mut list = Vec::new();
        navigation.write_contents_list(&mut list).unwrap();
        assert_eq!(String::from_utf8(list).unwrap(), toc.render(true, true));
        let mut points = Vec::new();
        navigation.write_points(&mut points).unwrap();
        assert_eq!(String::from_utf8(points).unwrap(), toc.render_epub(true));
    }
}
