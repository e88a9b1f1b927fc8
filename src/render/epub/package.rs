//! Finishing epub-builder's archive. Every entry is copied in the same
//! order with one fixed time and fixed permissions, `mimetype` first and
//! stored, so the same book gives the same bytes. epub-builder wrote empty
//! placeholders for the stylesheet, the cover and title pages, the first
//! publication page and the pictures: their bytes are put in here (the
//! later pages after the first, see `Pages`),
//! deflated fast or stored (epub-builder would deflate every entry at zip's
//! default level, compressed pictures too). Three text files get what
//! epub-builder has no setter for; the other entries keep their compressed
//! bytes untouched.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read, Write};
use std::ops::Range;

use anyhow::{bail, Context as _, Result};
use chrono::{DateTime, Datelike, Timelike, Utc};
use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::deflated::{self, Deflated, Deflater};
use super::navigation::Navigation;

const PACKAGE: &str = "OEBPS/content.opf";
const NAVIGATION: &str = "OEBPS/nav.xhtml";
const NCX: &str = "OEBPS/toc.ncx";

/// What to change in epub-builder's archive.
pub struct Fixes<'a> {
    /// The time every entry gets (clamped to the years a zip file can hold).
    pub date: DateTime<Utc>,
    /// OPF metadata elements added to the package file.
    pub metadata: &'a str,
    /// The book's language, which the navigation document lacks.
    pub language: &'a str,
    /// The identifier (`urn:uuid:…`), which the NCX lacks.
    pub identifier: &'a str,
    /// How deep the navigation nests (1 when it is flat).
    pub depth: usize,
    /// Content documents (`publication-3.xhtml`) that hold MathML.
    pub with_math: &'a [String],
    /// The navigation's contents list and the NCX's navigation points,
    /// in place of epub-builder's (which has only the first entries).
    pub navigation: &'a Navigation<'a>,
    /// The href of each publication page (by index from 0): the package
    /// lists those after the first.
    pub page_href: &'a dyn Fn(usize) -> String,
}

/// The bytes of the entries epub-builder holds placeholders for, by entry
/// name, and whether each is deflated or stored.
#[derive(Default)]
pub struct Entries {
    by_name: HashMap<String, (Vec<u8>, bool)>,
    bytes: usize,
}

impl Entries {
    /// Text, deflated in the archive.
    pub fn deflated(&mut self, name: &str, bytes: Vec<u8>) {
        self.bytes += bytes.len();
        self.by_name.insert(name.to_string(), (bytes, true));
    }

    /// Already compressed (a PNG or JPEG picture), stored as it is.
    pub fn stored(&mut self, name: &str, bytes: Vec<u8>) {
        self.bytes += bytes.len();
        self.by_name.insert(name.to_string(), (bytes, false));
    }
}

/// Pages deflated this many bytes at a time, on all cores.
const PAGE_BATCH: usize = 1 << 20;

/// The publication pages, deflated ahead a batch at a time on all cores:
/// each part of a batch is a small archive whose entries `fix_archive`
/// copies as they are (epub-builder would deflate them one by one, at
/// zip's default level). Each entry is deflated on its own, so how pages
/// are grouped never changes the book's bytes. epub-builder holds a
/// placeholder for the first page only: the pages follow it in the
/// archive, and `fix_text` lists the rest in the package.
#[derive(Default)]
pub struct Pages {
    waiting: Vec<(String, Vec<u8>)>,
    waiting_bytes: usize,
    /// Small archives of deflated pages, in the book's order.
    parts: Vec<Vec<u8>>,
    /// The first page's entry name, which epub-builder holds.
    first: Option<String>,
}

impl Pages {
    /// A page for the entry `name` (`OEBPS/publication-1.xhtml`).
    pub fn add(&mut self, name: String, bytes: Vec<u8>) -> Result<()> {
        if self.first.is_none() {
            self.first = Some(name.clone());
        }
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
        let per_part = waiting.len().div_ceil(rayon::current_num_threads()).max(1);
        let parts: Vec<Vec<u8>> = waiting
            .into_par_iter()
            .chunks(per_part)
            .map(|pages| -> Result<Vec<u8>> {
                let deflated = pages
                    .into_iter()
                    .map(|(name, bytes)| Ok((name, Deflated::of(&bytes)?)))
                    .collect::<std::io::Result<Vec<_>>>()?;
                deflated::archive(&deflated)
            })
            .collect::<Result<_>>()?;
        self.parts.extend(parts);
        Ok(())
    }
}

pub fn fix_archive(
    bytes: &[u8],
    fixes: &Fixes,
    mut entries: Entries,
    mut pages: Pages,
) -> Result<Vec<u8>> {
    let time = zip_time(fixes.date);
    pages.deflate_waiting()?;
    let mut parts = pages
        .parts
        .iter()
        .map(|part| ZipArchive::new(Cursor::new(part.as_slice())))
        .collect::<Result<Vec<_>, _>>()?;
    // The text entries deflated here, in a small archive of their own.
    let texts: Vec<(String, Deflated)> = entries
        .by_name
        .iter()
        .filter(|(_, (_, deflate))| *deflate)
        .map(|(name, (bytes, _))| Ok((name.clone(), Deflated::of(bytes)?)))
        .collect::<std::io::Result<_>>()?;
    let mut texts = ZipArchive::new(Cursor::new(deflated::archive(&texts)?))?;
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).context("epub-builder wrote a broken archive")?;
    // Room for the whole book, so it is never copied as it grows: the
    // pages' deflated bytes and the entries' (at most as many again
    // deflated), and the navigation, whose lists are not held (deflated,
    // under a kilobyte a publication). Room never written to costs no
    // memory.
    let pages_bytes: usize = pages.parts.iter().map(Vec::len).sum();
    let navigation_bytes = fixes.navigation.publications.len() * 1024;
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(
        bytes.len() + entries.bytes + pages_bytes + navigation_bytes + 65536,
    )));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index)?;
        let name = entry.name().to_string();
        if index == 0 {
            // The EPUB container rule: `mimetype` first, stored, nothing else.
            if name != "mimetype" || entry.compression() != CompressionMethod::Stored {
                bail!("epub-builder did not write `mimetype` first and stored");
            }
            drop(entry);
            writer.start_file("mimetype", stored)?;
            writer.write_all(b"application/epub+zip")?;
        } else if pages.first.as_ref() == Some(&name) {
            drop(entry);
            pages.first = None;
            for part in &mut parts {
                for page in 0..part.len() {
                    writer.raw_copy_file_touch(part.by_index_raw(page)?, time, Some(0o644))?;
                }
            }
        } else if let Some((bytes, deflate)) = entries.by_name.remove(&name) {
            drop(entry);
            match deflate {
                true => {
                    let text = texts
                        .index_for_name(&name)
                        .context("an entry went missing")?;
                    writer.raw_copy_file_touch(texts.by_index_raw(text)?, time, Some(0o644))?
                }
                false => {
                    writer.start_file(name, stored)?;
                    writer.write_all(&bytes)?;
                }
            }
        } else if [PACKAGE, NAVIGATION, NCX].contains(&name.as_str()) {
            // Room for the text and what is added to it, so neither the
            // read nor the fixes copy it again.
            let mut text = String::with_capacity(entry.size() as usize + 4096);
            drop(entry);
            archive.by_index(index)?.read_to_string(&mut text)?;
            let fixed = fix_text(&name, text, fixes)?;
            let mut deflater = Deflater::default();
            fixed.write_to(&mut deflater, fixes.navigation)?;
            let one = deflated::archive(&[(&name, deflater.finish()?)])?;
            let mut one = ZipArchive::new(Cursor::new(one))?;
            writer.raw_copy_file_touch(one.by_index_raw(0)?, time, Some(0o644))?;
        } else {
            writer.raw_copy_file_touch(entry, time, Some(0o644))?;
        }
    }
    if let Some(name) = entries.by_name.keys().chain(&pages.first).next() {
        bail!("epub-builder did not write the entry `{name}`");
    }
    Ok(writer.finish()?.into_inner())
}

/// A fixed text file: epub-builder's text with `inserted` in place of
/// `text[cut]`. The navigation's contents list and the NCX's points (tens
/// of MB for a long listing) are written after the text's head as they
/// are made.
struct Fixed {
    text: String,
    cut: Range<usize>,
    inserted: Inserted,
}

/// What goes in place of a fixed text's cut.
enum Inserted {
    Nothing,
    ContentsList,
    NavigationPoints,
}

impl Fixed {
    fn whole(text: String) -> Fixed {
        Fixed {
            cut: text.len()..text.len(),
            text,
            inserted: Inserted::Nothing,
        }
    }

    fn write_to(&self, out: &mut impl Write, navigation: &Navigation) -> std::io::Result<()> {
        out.write_all(self.text[..self.cut.start].as_bytes())?;
        match self.inserted {
            Inserted::Nothing => {}
            Inserted::ContentsList => navigation.write_contents_list(out)?,
            Inserted::NavigationPoints => navigation.write_points(out)?,
        }
        out.write_all(self.text[self.cut.end..].as_bytes())
    }
}

/// What lies between the end of the line holding the first `start` and
/// the next `end`.
fn between(text: &str, start: &str, end: &str, name: &str) -> Result<Range<usize>> {
    let Some(from) = text
        .find(start)
        .and_then(|at| Some(at + text[at..].find('\n')? + 1))
    else {
        bail!("epub-builder's {name} has no `{start}` line");
    };
    let Some(to) = text[from..].find(end).map(|k| from + k) else {
        bail!("epub-builder's {name} has no `{end}`");
    };
    Ok(from..to)
}

/// Inserts `addition` before the first `marker` of `text`.
fn insert_before(mut text: String, marker: &str, addition: &str, name: &str) -> Result<String> {
    let Some(at) = text.find(marker) else {
        bail!("epub-builder wrote {name} without `{marker}`");
    };
    text.insert_str(at, addition);
    Ok(text)
}

/// Replaces the first `old` of `text` with `new`, in place.
fn replace_once(mut text: String, old: &str, new: &str, name: &str) -> Result<String> {
    let Some(at) = text.find(old) else {
        bail!("epub-builder wrote {name} without `{old}`");
    };
    text.replace_range(at..at + old.len(), new);
    Ok(text)
}

fn fix_text(name: &str, text: String, fixes: &Fixes) -> Result<Fixed> {
    match name {
        PACKAGE => {
            // The package's own language, which assistive tools read first.
            let text = insert_before(
                text,
                " xmlns=\"http://www.idpf.org/2007/opf\"",
                &format!(" xml:lang=\"{}\"", fixes.language),
                name,
            )?;
            let text = insert_before(text, "</metadata>", fixes.metadata, name)?;
            let text =
                list_later_pages(text, fixes.navigation.publications.len(), fixes.page_href)?;
            Ok(Fixed::whole(declare_math(&text, fixes.with_math)))
        }
        // Reading systems pick voices and hyphenation from the language.
        // The two navigation landmarks get the ARIA role and distinct names.
        NAVIGATION => {
            let text = insert_before(
                text,
                " xmlns:epub=",
                &format!(" xml:lang=\"{0}\" lang=\"{0}\"", fixes.language),
                name,
            )?;
            let text = replace_once(
                text,
                "<nav epub:type = \"toc\" id=\"toc\">",
                "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">",
                name,
            )?;
            let text = replace_once(
                text,
                "<nav epub:type = \"landmarks\">",
                "<nav epub:type=\"landmarks\" aria-label=\"Landmarks\">",
                name,
            )?;
            let cut = between(&text, "<h1 id=\"toc-title\">", "\n  </nav>", name)?;
            Ok(Fixed {
                text,
                cut,
                inserted: Inserted::ContentsList,
            })
        }
        // Older readers match the NCX to the package by this identifier,
        // and size their navigation by the depth (epub-builder always says 1).
        _ => {
            let text = replace_once(
                text,
                "<meta name=\"dtb:depth\" content=\"1\" />",
                &format!(
                    "<meta name=\"dtb:uid\" content=\"{}\" />\n    \
                     <meta name=\"dtb:depth\" content=\"{}\" />",
                    fixes.identifier, fixes.depth
                ),
                name,
            )?;
            let cut = between(&text, "<navMap>", "\n  </navMap>", name)?;
            Ok(Fixed {
                text,
                cut,
                inserted: Inserted::NavigationPoints,
            })
        }
    }
}

/// Lists the publication pages after the first in the manifest and the
/// spine, after the first page, as epub-builder lists the pages it holds.
fn list_later_pages(
    mut text: String,
    pages: usize,
    page_href: &dyn Fn(usize) -> String,
) -> Result<String> {
    if pages < 2 {
        return Ok(text);
    }
    let first = page_href(0);
    let mut items = String::new();
    let mut itemrefs = String::new();
    for index in 1..pages {
        let href = page_href(index);
        items.push_str(&format!(
            "    <item media-type=\"application/xhtml+xml\" id=\"id_{href}\" href=\"{href}\"/>\n"
        ));
        itemrefs.push_str(&format!("    <itemref idref=\"id_{href}\"/>\n"));
    }
    for (line, addition) in [
        (format!(" href=\"{first}\"/>"), items),
        (format!("<itemref idref=\"id_{first}\"/>"), itemrefs),
    ] {
        let Some(at) = text
            .find(&line)
            .and_then(|at| Some(at + text[at..].find('\n')? + 1))
        else {
            bail!("epub-builder's package has no `{line}` line");
        };
        text.insert_str(at, &addition);
    }
    Ok(text)
}

/// Gives the manifest items of `with_math` the `mathml` property, which
/// epub-builder has no setter for: one pass, however many chapters.
fn declare_math(package: &str, with_math: &[String]) -> String {
    if with_math.is_empty() {
        return package.to_string();
    }
    let hrefs: HashSet<&str> = with_math.iter().map(String::as_str).collect();
    let mut out = String::with_capacity(package.len() + with_math.len() * 20);
    let mut rest = package;
    while let Some(end) = rest
        .find("<item ")
        .and_then(|at| Some(at + rest[at..].find("/>")?))
    {
        let item = &rest[..end];
        out.push_str(item);
        let href = item
            .rsplit_once(" href=\"")
            .and_then(|(_, value)| value.split_once('"'))
            .map(|(href, _)| href);
        if href.is_some_and(|href| hrefs.contains(href)) {
            out.push_str(" properties=\"mathml\"");
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn zip_time(date: DateTime<Utc>) -> zip::DateTime {
    let year = date.year().clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(
        year,
        date.month() as u8,
        date.day() as u8,
        date.hour() as u8,
        date.minute() as u8,
        date.second() as u8,
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_after_the_first_are_listed_after_it_and_can_be_declared_mathml() {
        let package = "<manifest>\n    \
            <item media-type=\"application/xhtml+xml\" id=\"id_title.xhtml\" href=\"title.xhtml\"/>\n    \
            <item media-type=\"application/xhtml+xml\" id=\"id_p-1.xhtml\" href=\"p-1.xhtml\"/>\n  \
            </manifest>\n  <spine>\n    \
            <itemref idref=\"id_title.xhtml\"/>\n    \
            <itemref idref=\"id_p-1.xhtml\"/>\n  </spine>\n";
        let href = |index: usize| format!("p-{}.xhtml", index + 1);
        let listed = list_later_pages(package.to_string(), 3, &href).unwrap();
        let listed = declare_math(&listed, &["p-3.xhtml".to_string()]);
        let items: Vec<&str> = listed.lines().filter(|l| l.contains("<item ")).collect();
        assert_eq!(items.len(), 4);
        assert!(
            items[3].ends_with("id=\"id_p-3.xhtml\" href=\"p-3.xhtml\" properties=\"mathml\"/>")
        );
        assert!(!items[2].contains("mathml"));
        let spine: Vec<&str> = listed.lines().filter(|l| l.contains("<itemref ")).collect();
        assert_eq!(
            spine,
            [
                "    <itemref idref=\"id_title.xhtml\"/>",
                "    <itemref idref=\"id_p-1.xhtml\"/>",
                "    <itemref idref=\"id_p-2.xhtml\"/>",
                "    <itemref idref=\"id_p-3.xhtml\"/>",
            ]
        );
        // One page (or none): nothing to list, and no first page is needed.
        assert_eq!(list_later_pages("x".to_string(), 1, &href).unwrap(), "x");
        assert!(list_later_pages("<spine/>".to_string(), 2, &href).is_err());
    }
}
