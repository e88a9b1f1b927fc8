//! The book's navigation: the contents list of `nav.xhtml` and the
//! navigation points of `toc.ncx`. For a listing of 20,000 papers (218,000
//! contents entries) these lists are some 70 MB of text, so they are
//! written straight into the archive as it is written (`package`), a batch
//! of publications at a time on all cores, and never held whole.

use std::io::{self, Write};

use html_escape::{encode_double_quoted_attribute as attribute, encode_text};
use rayon::prelude::*;

use crate::model::Publication;

/// Publications whose entries are made at a time, on all cores.
const BATCH: usize = 256;

/// One entry: a page, or a place in it, and the entries nested below it.
pub struct Entry {
    pub title: String,
    pub href: String,
    pub children: Vec<Entry>,
}

impl Entry {
    pub fn new(href: impl Into<String>, title: impl Into<String>) -> Entry {
        Entry {
            title: title.into(),
            href: href.into(),
            children: Vec::new(),
        }
    }
}

/// Nests entries by their level (1 for the top), each placed under the
/// last entry one level up; a level is at most one more than the level
/// before it (`xhtml::nesting_levels`).
pub fn nest(entries: impl IntoIterator<Item = (Entry, usize)>) -> Vec<Entry> {
    let mut top: Vec<Entry> = Vec::new();
    for (entry, level) in entries {
        let mut siblings = &mut top;
        for _ in 1..level {
            let count = siblings.len();
            if count == 0 {
                break;
            }
            siblings = &mut siblings[count - 1].children;
        }
        siblings.push(entry);
    }
    top
}

/// The book's entries: the pages before the publications (cover, title
/// page), then each publication's, its contents nested in it.
pub struct Navigation<'a> {
    pub front: Vec<Entry>,
    pub publications: &'a [Publication],
    /// A publication's entry, from its index and itself.
    pub entry: &'a (dyn Fn(usize, &Publication) -> Entry + Sync),
}

/// Two spaces per level; every line starts with a newline (the first
/// line's is left out when written).
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
        write: &(dyn Fn(&Entry, u32, &mut String) + Sync),
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
            let elements: Vec<Entry> = publications
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
fn entries(element: &Entry) -> u32 {
    1 + element.children.iter().map(entries).sum::<u32>()
}

fn item(out: &mut String, element: &Entry, depth: usize) {
    let href = attribute(&element.href);
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
fn point(out: &mut String, element: &Entry, depth: usize, play_order: &mut u32) {
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
        &format!("<content src=\"{}\"/>", attribute(&element.href)),
    );
    for child in &element.children {
        point(out, child, depth + 1, play_order);
    }
    line(out, depth, "</navPoint>");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entries of a list (`ol`) or of a navigation point, as the
    /// written XML holds them: each one's href, title and children.
    fn read_back(node: roxmltree::Node, list: &str, entry: &str) -> Vec<(String, String, usize)> {
        let mut out = Vec::new();
        for child in node.children().filter(|n| n.has_tag_name(entry)) {
            let link = child
                .descendants()
                .find(|n| n.has_tag_name("a") || n.has_tag_name("content"))
                .unwrap();
            let href = link.attribute("href").or(link.attribute("src")).unwrap();
            let title = match link.has_tag_name("a") {
                true => link.text().unwrap_or(""),
                false => child
                    .descendants()
                    .find(|n| n.has_tag_name("text"))
                    .and_then(|n| n.text())
                    .unwrap_or(""),
            };
            let nested = match list {
                "ol" => child.children().find(|n| n.has_tag_name("ol")),
                _ => Some(child),
            };
            let children = nested.map_or(Vec::new(), |n| read_back(n, list, entry));
            out.push((href.to_string(), title.to_string(), children.len()));
            out.extend(children);
        }
        out
    }

    /// Every entry, flattened in order: href, title (trimmed, as the NCX
    /// writes it) and the number of its entries below it.
    fn flatten(entry: &Entry, out: &mut Vec<(String, String, usize)>) {
        out.push((entry.href.clone(), entry.title.clone(), 0));
        let at = out.len() - 1;
        for child in &entry.children {
            flatten(child, out);
        }
        out[at].2 = out.len() - at - 1;
    }

    /// Both lists read back, as XML, as the entries they were written
    /// from: nesting three deep, escaping, entries with and without
    /// children, more publications than a batch; the NCX's play order
    /// counts the points in order.
    #[test]
    fn lists_read_back_as_their_entries() {
        let publications: Vec<Publication> = (0..BATCH + 3)
            .map(|p| Publication {
                title: format!("Paper {p} <on \"rules\"> & more"),
                ..Publication::default()
            })
            .collect();
        let entry = |p: usize, publication: &Publication| {
            let href = format!("publication-{p}.xhtml");
            // Every third publication has no contents.
            let levels = match p % 3 {
                0 => &[][..],
                _ => &[1, 2, 2, 1, 2, 3, 1][..],
            };
            let mut element = Entry::new(&href, &publication.title);
            element.children = nest(levels.iter().enumerate().map(|(k, &level)| {
                let title = format!("Entry {k}");
                (Entry::new(format!("{href}#contents-{k}"), title), level)
            }));
            element
        };
        let front = || {
            vec![
                Entry::new("cover.xhtml", "Cover"),
                Entry::new("title.xhtml", "Title page"),
            ]
        };
        let navigation = Navigation {
            front: front(),
            publications: &publications,
            entry: &entry,
        };
        let mut expected = Vec::new();
        for element in front().into_iter().chain(
            publications
                .iter()
                .enumerate()
                .map(|(p, publication)| entry(p, publication)),
        ) {
            flatten(&element, &mut expected);
        }
        // Publication 1 holds its 7 entries; its entry 3 holds 4, and 4 holds 5.
        assert_eq!(expected[3].2, 7);
        assert_eq!(expected[3 + 3 + 1].2, 2);
        assert_eq!(expected[3 + 4 + 1].2, 1);

        let mut list = Vec::new();
        navigation.write_contents_list(&mut list).unwrap();
        let list = String::from_utf8(list).unwrap();
        let parsed = roxmltree::Document::parse(&list).unwrap();
        assert_eq!(read_back(parsed.root_element(), "ol", "li"), expected);

        let mut points = b"<navMap>\n".to_vec();
        navigation.write_points(&mut points).unwrap();
        points.extend_from_slice(b"\n</navMap>");
        let points = String::from_utf8(points).unwrap();
        let parsed = roxmltree::Document::parse(&points).unwrap();
        assert_eq!(
            read_back(parsed.root_element(), "navMap", "navPoint"),
            expected
        );
        let orders: Vec<usize> = parsed
            .descendants()
            .filter(|n| n.has_tag_name("navPoint"))
            .map(|n| n.attribute("playOrder").unwrap().parse().unwrap())
            .collect();
        assert_eq!(orders, (1..=expected.len()).collect::<Vec<_>>());
    }
}
