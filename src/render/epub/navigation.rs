//! The book's navigation: the contents list of `nav.xhtml` and the
//! navigation points of `toc.ncx`, written as each publication is added.
//! epub-builder would build both from a tree of every entry, indenting
//! each nested list again for every level above it: for a listing of
//! 20,000 papers (218,000 contents entries) that was about a tenth of
//! the CPU of the whole EPUB build. The text is the same as epub-builder's, so its landmarks
//! and head stay, and `package::fix_archive` puts these lists in place.

use epub_builder::TocElement;
use html_escape::{encode_double_quoted_attribute as attribute, encode_text};

/// Both lists, growing entry by entry.
#[derive(Default)]
pub struct Navigation {
    /// The items of the contents list (`<li>` lines).
    items: String,
    /// The navigation points.
    points: String,
    /// The last navigation point's number.
    play_order: u32,
}

/// Two spaces per level, as epub-builder indents.
fn line(out: &mut String, depth: usize, text: &str) {
    if !out.is_empty() {
        out.push('\n');
    }
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push_str(text);
}

impl Navigation {
    /// Adds a top-level entry and the entries nested in it.
    pub fn add(&mut self, element: &TocElement) {
        self.item(element, 3);
        self.point(element, 2);
    }

    fn item(&mut self, element: &TocElement, depth: usize) {
        let href = attribute(&element.url);
        let title = encode_text(&element.title);
        if element.children.is_empty() {
            line(
                &mut self.items,
                depth,
                &format!("<li><a href=\"{href}\">{title}</a></li>"),
            );
            return;
        }
        line(&mut self.items, depth, "<li>");
        line(
            &mut self.items,
            depth + 1,
            &format!("<a href=\"{href}\">{title}</a>"),
        );
        line(&mut self.items, depth + 1, "<ol>");
        for child in &element.children {
            self.item(child, depth + 2);
        }
        line(&mut self.items, depth + 1, "</ol>");
        line(&mut self.items, depth, "</li>");
    }

    fn point(&mut self, element: &TocElement, depth: usize) {
        self.play_order += 1;
        let id = self.play_order;
        let title = encode_text(&element.title);
        let out = &mut self.points;
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
            self.point(child, depth + 1);
        }
        line(&mut self.points, depth, "</navPoint>");
    }

    /// The contents list (what follows the list's heading in `nav.xhtml`)
    /// and the navigation points (the inside of the NCX's `navMap`).
    pub fn finish(self) -> (String, String) {
        let list = format!("    <ol>\n{}\n    </ol>", self.items);
        (list, self.points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use epub_builder::Toc;

    /// The lists are the text epub-builder writes for the same entries:
    /// nesting three deep, escaping, and entries with and without children.
    #[test]
    fn same_text_as_epub_builder() {
        let mut elements = vec![
            TocElement::new("cover.xhtml", "Cover"),
            TocElement::new("title.xhtml", "Title page"),
        ];
        for p in 1..4 {
            let href = format!("publication-{p}.xhtml");
            let mut element = TocElement::new(&href, format!("Paper {p} <on \"rules\"> & more"));
            for (k, level) in [2, 3, 3, 2, 3, 4, 2].iter().enumerate() {
                element.add(
                    TocElement::new(format!("{href}#contents-{k}"), format!(" Entry {k} "))
                        .level(*level),
                );
            }
            elements.push(element);
        }
        elements.push(TocElement::new("publication-4.xhtml", "Last"));
        let mut toc = Toc::new();
        let mut navigation = Navigation::default();
        for element in &elements {
            toc.add(element.clone());
            navigation.add(element);
        }
        let (list, points) = navigation.finish();
        assert_eq!(list, toc.render(true, true));
        assert_eq!(points, toc.render_epub(true));
    }
}
