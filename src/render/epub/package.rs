//! The book's archive. epub-builder deflates every file at a slow level, so
//! the book's own files (pages, stylesheet, pictures) are given to it empty
//! and written here instead, each deflated once at a fast level as soon as
//! it is made (pictures stored: they are compressed already). Then its
//! archive is copied in after them: three of its text files get what it
//! has no setter for, the rest keep their compressed bytes. Every entry has
//! one fixed time and fixed permissions, `mimetype` first and stored, so
//! the same book gives the same bytes.

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};

use anyhow::{bail, Context as _, Result};
use chrono::{DateTime, Datelike, Timelike, Utc};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Fast deflate: level 6 (zip's default) costs several times the time
/// for a few per cent of a book's size.
const COMPRESSION_LEVEL: i64 = 1;

/// Shorter files (a cover or title page) are stored: setting up a
/// compressor for each entry (some hundreds of KB of tables) costs more
/// than the few hundred bytes saved.
const SMALLEST_COMPRESSED: usize = 2048;

/// Room reserved for the archive: a typical book never grows its buffer
/// (growing by doubling copied it and faulted fresh pages in for every
/// book: a third more CPU). Pages not written are never touched.
const ROOM: usize = 1 << 20;

const PACKAGE: &str = "OEBPS/content.opf";
const NAVIGATION: &str = "OEBPS/nav.xhtml";
const NCX: &str = "OEBPS/toc.ncx";

/// What to change in epub-builder's files.
pub struct Fixes<'a> {
    /// OPF metadata elements added to the package file.
    pub metadata: &'a str,
    /// The book's language, which the navigation document lacks.
    pub language: &'a str,
    /// The identifier (`urn:uuid:…`), which the NCX lacks.
    pub identifier: &'a str,
    /// How deep the navigation nests (1 when it is flat).
    pub depth: usize,
}

/// The archive being written.
pub struct Archive {
    writer: ZipWriter<Cursor<Vec<u8>>>,
    stored: SimpleFileOptions,
    deflated: SimpleFileOptions,
    time: zip::DateTime,
    /// The files written here, which epub-builder holds empty.
    names: HashSet<String>,
}

impl Archive {
    /// Starts the archive with `mimetype`, first and stored (the EPUB
    /// container rule). `date` is every entry's time (clamped to the years
    /// a zip file can hold).
    pub fn new(date: DateTime<Utc>) -> Result<Archive> {
        let time = zip_time(date);
        let stored = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(time)
            .unix_permissions(0o644);
        let deflated = stored
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(COMPRESSION_LEVEL));
        let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(ROOM)));
        writer.start_file("mimetype", stored)?;
        writer.write_all(b"application/epub+zip")?;
        Ok(Archive {
            writer,
            stored,
            deflated,
            time,
            names: HashSet::new(),
        })
    }

    /// Adds a file of the book, deflated when `compress` and not tiny.
    pub fn add(&mut self, name: String, bytes: &[u8], compress: bool) -> Result<()> {
        let options = match compress && bytes.len() >= SMALLEST_COMPRESSED {
            true => self.deflated,
            false => self.stored,
        };
        self.writer.start_file(name.as_str(), options)?;
        self.writer.write_all(bytes)?;
        self.names.insert(name);
        Ok(())
    }

    /// Copies in epub-builder's archive `bytes`, but for the files written
    /// here, and fixes its package, navigation and NCX files.
    pub fn finish(mut self, bytes: &[u8], fixes: &Fixes) -> Result<Vec<u8>> {
        let mut archive =
            ZipArchive::new(Cursor::new(bytes)).context("epub-builder wrote a broken archive")?;
        let mut placeholders = 0;
        for index in 0..archive.len() {
            let entry = archive.by_index_raw(index)?;
            let name = entry.name().to_string();
            if index == 0 {
                if name != "mimetype" || entry.compression() != CompressionMethod::Stored {
                    bail!("epub-builder did not write `mimetype` first and stored");
                }
            } else if self.names.contains(&name) {
                placeholders += 1;
            } else if [PACKAGE, NAVIGATION, NCX].contains(&name.as_str()) {
                drop(entry);
                let mut text = String::new();
                archive.by_index(index)?.read_to_string(&mut text)?;
                let text = fix_text(&name, text, fixes)?;
                self.writer.start_file(name, self.deflated)?;
                self.writer.write_all(text.as_bytes())?;
            } else {
                self.writer
                    .raw_copy_file_touch(entry, self.time, Some(0o644))?;
            }
        }
        // Each file written here must be one epub-builder lists.
        if placeholders != self.names.len() {
            bail!("epub-builder left out some of the book's files");
        }
        Ok(self.writer.finish()?.into_inner())
    }
}

/// Inserts `addition` before the first `marker` of `text`.
fn insert_before(mut text: String, marker: &str, addition: &str, name: &str) -> Result<String> {
    let Some(at) = text.find(marker) else {
        bail!("epub-builder wrote {name} without `{marker}`");
    };
    text.insert_str(at, addition);
    Ok(text)
}

/// Replaces the first `old` of `text` with `new`.
fn replace_once(text: String, old: &str, new: &str, name: &str) -> Result<String> {
    if !text.contains(old) {
        bail!("epub-builder wrote {name} without `{old}`");
    }
    Ok(text.replacen(old, new, 1))
}

fn fix_text(name: &str, text: String, fixes: &Fixes) -> Result<String> {
    match name {
        PACKAGE => {
            // The package's own language, which assistive tools read first.
            let text = insert_before(
                text,
                " xmlns=\"http://www.idpf.org/2007/opf\"",
                &format!(" xml:lang=\"{}\"", fixes.language),
                name,
            )?;
            insert_before(text, "</metadata>", fixes.metadata, name)
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
            replace_once(
                text,
                "<nav epub:type = \"landmarks\">",
                "<nav epub:type=\"landmarks\" aria-label=\"Landmarks\">",
                name,
            )
        }
        // Older readers match the NCX to the package by this identifier,
        // and size their navigation by the depth (epub-builder always says 1).
        _ => {
            let depth = "<meta name=\"dtb:depth\" content=\"1\" />";
            if !text.contains(depth) {
                bail!("epub-builder wrote {name} without `{depth}`");
            }
            Ok(text.replacen(
                depth,
                &format!(
                    "<meta name=\"dtb:uid\" content=\"{}\" />\n    \
                     <meta name=\"dtb:depth\" content=\"{}\" />",
                    fixes.identifier, fixes.depth
                ),
                1,
            ))
        }
    }
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
