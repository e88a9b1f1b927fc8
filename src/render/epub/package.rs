//! The book's archive and the files that make its pages a book: the
//! container, the package document (metadata, manifest, spine), the
//! navigation document and the NCX. Everything is written in one pass, in
//! the book's order: `mimetype` first and stored, as the EPUB container
//! rule asks, then the fixed files, the pages as they are made, the
//! pictures, and the package's own files last, when every page is known.

use std::collections::HashSet;
use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, Utc};
use rayon::prelude::*;

use super::archive::Archive;
use super::deflated::{Deflated, Deflater};
use super::navigation::Navigation;
use super::xhtml::escape;

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

/// Apple Books shows the book in its own fonts only when asked to.
const APPLE_DISPLAY_OPTIONS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<display_options>
  <platform name="*">
    <option name="specified-fonts">true</option>
  </platform>
</display_options>
"#;

/// Pages deflated this many bytes at a time, on all cores.
const PAGE_BATCH: usize = 1 << 20;

/// What the package document and the navigation say of the book.
pub struct Package<'a> {
    /// `urn:uuid:…`
    pub identifier: &'a str,
    pub title: &'a str,
    pub language: &'a str,
    pub creators: &'a [String],
    pub description: &'a str,
    pub subjects: &'a [&'a str],
    pub modified: DateTime<Utc>,
    /// Metadata lines added as they are (publisher, accessibility).
    pub metadata: &'a str,
    pub cover_href: &'a str,
    pub cover_media_type: &'a str,
    /// Pictures: their href in the content folder and media type.
    pub pictures: &'a [(String, &'static str)],
    /// Pages (`publication-3.xhtml`) that hold MathML.
    pub with_math: &'a [String],
    pub navigation: &'a Navigation<'a>,
    /// How deep the navigation nests (1 when it is flat).
    pub depth: usize,
    /// The href of each publication page, by index from 0.
    pub page_href: &'a dyn Fn(usize) -> String,
}

/// The files every book of a build holds, deflated once per build: the
/// container files and the stylesheet.
pub struct FixedFiles {
    files: Vec<(&'static str, Deflated)>,
}

impl FixedFiles {
    pub fn new(stylesheet: &[u8]) -> Result<FixedFiles> {
        let files = [
            ("META-INF/container.xml", CONTAINER.as_bytes()),
            (
                "META-INF/com.apple.ibooks.display-options.xml",
                APPLE_DISPLAY_OPTIONS.as_bytes(),
            ),
            ("OEBPS/stylesheet.css", stylesheet),
        ];
        let files = files
            .into_iter()
            .map(|(name, bytes)| Ok((name, Deflated::of(bytes)?)))
            .collect::<std::io::Result<_>>()?;
        Ok(FixedFiles { files })
    }
}

/// The archive as the book is written into it.
pub struct Book {
    archive: Archive,
    /// Pages not yet deflated, with their entry names.
    waiting: Vec<(String, Vec<u8>)>,
    waiting_bytes: usize,
}

impl Book {
    /// A book dated `date`, its `mimetype` and the fixed files written.
    pub fn new(date: DateTime<Utc>, fixed: &FixedFiles) -> Result<Book> {
        let mut book = Book {
            archive: Archive::new(date, 1 << 16),
            waiting: Vec::new(),
            waiting_bytes: 0,
        };
        book.archive.stored("mimetype", b"application/epub+zip")?;
        for (name, file) in &fixed.files {
            book.archive.deflated(name, file)?;
        }
        Ok(book)
    }

    /// A text entry, deflated.
    pub fn text(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.deflate_waiting()?;
        self.archive.deflated(name, &Deflated::of(bytes)?)
    }

    /// An entry compressed already (a PNG or JPEG picture), stored.
    pub fn stored(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.deflate_waiting()?;
        self.archive.stored(name, bytes)
    }

    /// A publication page: pages are deflated a batch at a time on all
    /// cores, each on its own, so how they are batched never changes the
    /// book's bytes.
    pub fn page(&mut self, name: String, bytes: Vec<u8>) -> Result<()> {
        self.waiting_bytes += bytes.len();
        self.waiting.push((name, bytes));
        if self.waiting_bytes >= PAGE_BATCH {
            self.deflate_waiting()?;
        }
        Ok(())
    }

    fn deflate_waiting(&mut self) -> Result<()> {
        let waiting = std::mem::take(&mut self.waiting);
        self.waiting_bytes = 0;
        let deflated = waiting
            .par_iter()
            .map(|(_, bytes)| Deflated::of(bytes))
            .collect::<std::io::Result<Vec<_>>>()?;
        for ((name, _), entry) in waiting.iter().zip(&deflated) {
            self.archive.deflated(name, entry)?;
        }
        Ok(())
    }

    /// Writes the package document, the NCX and the navigation document,
    /// and gives the archive's bytes.
    pub fn finish(mut self, package: &Package) -> Result<Vec<u8>> {
        self.text("OEBPS/content.opf", package_document(package).as_bytes())?;
        // The NCX and the navigation of a long listing are tens of MB:
        // they are deflated as they are written, never held whole.
        let mut ncx = Deflater::default();
        write_ncx(package, &mut ncx)?;
        self.archive.deflated("OEBPS/toc.ncx", &ncx.finish()?)?;
        let mut navigation = Deflater::default();
        write_navigation_document(package, &mut navigation)?;
        self.archive
            .deflated("OEBPS/nav.xhtml", &navigation.finish()?)?;
        self.archive.finish()
    }
}

/// A manifest item's id: `id_` and the href, every character other than
/// a letter, digit, `-`, `_` or `.` made `_` (`images/image-1.png` gives
/// `id_images_image-1.png`).
fn item_id(href: &str) -> String {
    let id: String = href
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
            _ => '_',
        })
        .collect();
    format!("id_{id}")
}

fn package_document(package: &Package) -> String {
    let pages = package.navigation.publications.len();
    let language = escape(package.language);
    let mut out = String::with_capacity(4096 + pages * 160);
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package version=\"3.0\" xml:lang=\"{language}\" xmlns=\"http://www.idpf.org/2007/opf\" \
         unique-identifier=\"epub-id-1\">\n  \
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:opf=\"http://www.idpf.org/2007/opf\">\n    \
         <dc:identifier id=\"epub-id-1\">{}</dc:identifier>\n    \
         <dc:title>{}</dc:title>\n    \
         <dc:language>{language}</dc:language>\n",
        escape(package.identifier),
        escape(package.title),
    ));
    for (k, creator) in package.creators.iter().enumerate() {
        out.push_str(&format!(
            "    <dc:creator id=\"epub-creator-{k}\">{}</dc:creator>\n    \
             <meta refines=\"#epub-creator-{k}\" property=\"role\" \
             scheme=\"marc:relators\">aut</meta>\n",
            escape(creator)
        ));
    }
    out.push_str(&format!(
        "    <meta property=\"dcterms:modified\">{}</meta>\n",
        package.modified.format("%Y-%m-%dT%H:%M:%SZ")
    ));
    if !package.description.is_empty() {
        out.push_str(&format!(
            "    <dc:description>{}</dc:description>\n",
            escape(package.description)
        ));
    }
    for subject in package.subjects {
        out.push_str(&format!(
            "    <dc:subject>{}</dc:subject>\n",
            escape(subject)
        ));
    }
    // For EPUB 2 readers, which do not know the cover-image property.
    out.push_str("    <meta name=\"cover\" content=\"cover-image\"/>\n");
    out.push_str(package.metadata);
    out.push_str("  </metadata>\n  <manifest>\n");

    let item = |out: &mut String, media_type: &str, id: &str, href: &str, properties: &str| {
        out.push_str(&format!(
            "    <item media-type=\"{media_type}\" id=\"{id}\" href=\"{}\"{properties}/>\n",
            escape(href)
        ));
    };
    out.push_str(
        "    <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n    \
         <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" \
         properties=\"nav\"/>\n",
    );
    item(
        &mut out,
        "text/css",
        "id_stylesheet.css",
        "stylesheet.css",
        "",
    );
    out.push_str(&format!(
        "    <item media-type=\"{}\" properties=\"cover-image\" id=\"cover-image\" href=\"{}\"/>\n",
        package.cover_media_type,
        escape(package.cover_href)
    ));
    let xhtml = "application/xhtml+xml";
    let with_math: HashSet<&str> = package.with_math.iter().map(String::as_str).collect();
    let hrefs: Vec<String> = (0..pages).map(package.page_href).collect();
    for href in ["cover.xhtml", "title.xhtml"] {
        item(&mut out, xhtml, &item_id(href), href, "");
    }
    for href in &hrefs {
        let properties = match with_math.contains(href.as_str()) {
            true => " properties=\"mathml\"",
            false => "",
        };
        item(&mut out, xhtml, &item_id(href), href, properties);
    }
    for (href, media_type) in package.pictures {
        item(&mut out, media_type, &item_id(href), href, "");
    }
    out.push_str("  </manifest>\n  <spine toc=\"ncx\" page-progression-direction=\"ltr\">\n");
    for href in ["cover.xhtml", "title.xhtml"]
        .into_iter()
        .chain(hrefs.iter().map(String::as_str))
    {
        out.push_str(&format!("    <itemref idref=\"{}\"/>\n", item_id(href)));
    }
    // The guide, for EPUB 2 readers: what the landmarks say for EPUB 3.
    out.push_str(
        "  </spine>\n  <guide>\n    \
         <reference type=\"toc\" title=\"Contents\" href=\"nav.xhtml\"/>\n",
    );
    for (kind, title, href) in landmarks(package) {
        let kind = match kind {
            "titlepage" => "title-page",
            "bodymatter" => "text",
            _ => kind,
        };
        out.push_str(&format!(
            "    <reference type=\"{kind}\" title=\"{}\" href=\"{href}\"/>\n",
            escape(&title)
        ));
    }
    out.push_str("  </guide>\n</package>\n");
    out
}

/// The cover, the title page and the first publication: each landmark's
/// EPUB 3 type, title and href.
fn landmarks(package: &Package) -> Vec<(&'static str, String, String)> {
    let mut landmarks = vec![
        ("cover", "Cover".to_string(), "cover.xhtml".to_string()),
        (
            "titlepage",
            "Title page".to_string(),
            "title.xhtml".to_string(),
        ),
    ];
    if let Some(first) = package.navigation.publications.first() {
        let entry = (package.navigation.entry)(0, first);
        landmarks.push(("bodymatter", entry.title, entry.href));
    }
    landmarks
}

fn write_ncx(package: &Package, out: &mut impl Write) -> std::io::Result<()> {
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\">\n  \
         <head>\n    \
         <meta name=\"dtb:uid\" content=\"{}\" />\n    \
         <meta name=\"dtb:depth\" content=\"{}\" />\n    \
         <meta name=\"dtb:totalPageCount\" content=\"0\" />\n    \
         <meta name=\"dtb:maxPageNumber\" content=\"0\" />\n  \
         </head>\n  \
         <docTitle>\n    <text>{}</text>\n  </docTitle>\n  \
         <navMap>\n",
        escape(package.identifier),
        package.depth,
        escape(package.title),
    )?;
    package.navigation.write_points(out)?;
    out.write_all(b"\n  </navMap>\n</ncx>\n")
}

fn write_navigation_document(package: &Package, out: &mut impl Write) -> std::io::Result<()> {
    // Reading systems pick voices and hyphenation from the language; the
    // two navigation lists get their ARIA roles and distinct names.
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"{0}\" lang=\"{0}\" \
         xmlns:epub=\"http://www.idpf.org/2007/ops\">\n\
         <head>\n  \
         <meta charset=\"utf-8\" />\n  \
         <meta name=\"generator\" content=\"imprint\" />\n  \
         <title>Contents</title>\n  \
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\" />\n\
         </head>\n\
         <body>\n  \
         <nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n    \
         <h1 id=\"toc-title\">Contents</h1>\n",
        escape(package.language)
    )?;
    package.navigation.write_contents_list(out)?;
    out.write_all(
        b"\n  </nav>\n  \
          <nav epub:type=\"landmarks\" aria-label=\"Landmarks\">\n    <ol>\n",
    )?;
    for (kind, title, href) in landmarks(package) {
        writeln!(
            out,
            "      <li><a epub:type=\"{kind}\" href=\"{href}\">{}</a></li>",
            escape(&title)
        )?;
    }
    out.write_all(b"    </ol>\n  </nav>\n</body>\n</html>\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Publication;
    use chrono::TimeZone;
    use std::io::{Cursor, Read};

    /// The package document lists every page in the manifest and the
    /// spine, in order, declares MathML where a page holds it, escapes
    /// the metadata, and parses as XML; so do the NCX and the navigation.
    #[test]
    fn package_files_list_every_page_and_parse() {
        let publications: Vec<Publication> = ["One", "Two & <Three>", "Four"]
            .iter()
            .map(|title| Publication {
                title: title.to_string(),
                ..Publication::default()
            })
            .collect();
        let href = |index: usize| format!("publication-{}.xhtml", index + 1);
        let entry = |index: usize, publication: &Publication| super::super::navigation::Entry {
            title: publication.title.clone(),
            href: href(index),
            children: Vec::new(),
        };
        let navigation = Navigation {
            front: Vec::new(),
            publications: &publications,
            entry: &entry,
        };
        let package = Package {
            identifier: "urn:uuid:5f0c6a1e-2b7d-4e8a-9c31-d4f2a8e67b10",
            title: "Briefs \"A\" & B",
            language: "en-GB",
            creators: &["Karin Grimm".to_string()],
            description: "",
            subjects: &["Series <1>"],
            modified: Utc.with_ymd_and_hms(2023, 11, 14, 22, 13, 20).unwrap(),
            metadata: "",
            cover_href: "cover.png",
            cover_media_type: "image/png",
            pictures: &[("images/image-1.jpg".to_string(), "image/jpeg")],
            with_math: &["publication-3.xhtml".to_string()],
            navigation: &navigation,
            depth: 1,
            page_href: &href,
        };
        let fixed = FixedFiles::new(b"p { margin: 0 }").unwrap();
        let mut book = Book::new(package.modified, &fixed).unwrap();
        for index in 0..3 {
            book.page(format!("OEBPS/{}", href(index)), b"<p/>".to_vec())
                .unwrap();
        }
        let bytes = book.finish(&package).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..zip.len())
            .map(|k| zip.by_index(k).unwrap().name().to_string())
            .collect();
        assert_eq!(names[0], "mimetype");
        assert_eq!(names[3], "OEBPS/stylesheet.css");
        assert_eq!(names[4], "OEBPS/publication-1.xhtml");
        assert_eq!(names.last().unwrap(), "OEBPS/nav.xhtml");
        let mut read = |name: &str| {
            let mut text = String::new();
            zip.by_name(name)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        };
        let opf = read("OEBPS/content.opf");
        let document = roxmltree::Document::parse(&opf).unwrap();
        let spine: Vec<&str> = document
            .descendants()
            .filter(|n| n.has_tag_name("itemref"))
            .filter_map(|n| n.attribute("idref"))
            .collect();
        assert_eq!(
            spine,
            [
                "id_cover.xhtml",
                "id_title.xhtml",
                "id_publication-1.xhtml",
                "id_publication-2.xhtml",
                "id_publication-3.xhtml"
            ]
        );
        let item = |id: &str| {
            document
                .descendants()
                .find(|n| n.attribute("id") == Some(id))
                .unwrap()
        };
        assert_eq!(
            item("id_publication-3.xhtml").attribute("properties"),
            Some("mathml")
        );
        assert_eq!(item("id_publication-2.xhtml").attribute("properties"), None);
        assert_eq!(
            item("id_images_image-1.jpg").attribute("href"),
            Some("images/image-1.jpg")
        );
        let title = document
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .unwrap();
        assert_eq!(title.text(), Some("Briefs \"A\" & B"));
        let guide_text = document
            .descendants()
            .find(|n| n.attribute("type") == Some("text"))
            .unwrap();
        assert_eq!(guide_text.attribute("title"), Some("One"));
        for name in ["OEBPS/toc.ncx", "OEBPS/nav.xhtml"] {
            let text = read(name);
            let options = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            let parsed = roxmltree::Document::parse_with_options(&text, options).unwrap();
            let links = parsed
                .descendants()
                .filter(|n| n.has_tag_name("a") || n.has_tag_name("content"))
                .count();
            // Three publications, and the landmarks in the navigation.
            assert_eq!(links, if name.ends_with("ncx") { 3 } else { 6 }, "{text}");
        }
    }
}
