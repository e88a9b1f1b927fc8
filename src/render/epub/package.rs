//! Making epub-builder's archive reproducible: every entry copied, in the
//! same order and with its compressed bytes untouched, but with one fixed
//! time and fixed permissions, `mimetype` first and stored. The package
//! file gets the metadata epub-builder has no setter for, and the cover is
//! put in here, stored: epub-builder would deflate the already compressed
//! picture again, the slowest step of a build.

use std::io::{Cursor, Read, Write};

use anyhow::{bail, Context as _, Result};
use chrono::{DateTime, Datelike, Timelike, Utc};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const PACKAGE: &str = "OEBPS/content.opf";

/// `bytes` rewritten with every entry dated `date` (clamped to the years a
/// zip file can hold), `metadata` (OPF elements) added to the package, and
/// the entry named `cover.0` (a placeholder) holding `cover.1`.
pub fn fix_archive(
    bytes: &[u8],
    date: DateTime<Utc>,
    metadata: &str,
    cover: (&str, &[u8]),
) -> Result<Vec<u8>> {
    let time = zip_time(date);
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).context("epub-builder wrote a broken archive")?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(
        bytes.len() + cover.1.len() + 1024,
    )));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut cover_written = false;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index)?;
        if index == 0 {
            // The EPUB container rule: `mimetype` first, stored, nothing else.
            if entry.name() != "mimetype" || entry.compression() != CompressionMethod::Stored {
                bail!("epub-builder did not write `mimetype` first and stored");
            }
            drop(entry);
            writer.start_file("mimetype", stored)?;
            writer.write_all(b"application/epub+zip")?;
            continue;
        }
        if entry.name() == PACKAGE {
            drop(entry);
            let mut package = String::new();
            archive.by_index(index)?.read_to_string(&mut package)?;
            let Some(end) = package.find("</metadata>") else {
                bail!("epub-builder wrote a package file without metadata");
            };
            package.insert_str(end, metadata);
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(time)
                .unix_permissions(0o644);
            writer.start_file(PACKAGE, options)?;
            writer.write_all(package.as_bytes())?;
            continue;
        }
        if entry.name() == cover.0 {
            drop(entry);
            cover_written = true;
            writer.start_file(cover.0, stored)?;
            writer.write_all(cover.1)?;
            continue;
        }
        writer.raw_copy_file_touch(entry, time, Some(0o644))?;
    }
    if !cover_written {
        bail!("epub-builder did not write the cover entry `{}`", cover.0);
    }
    Ok(writer.finish()?.into_inner())
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
