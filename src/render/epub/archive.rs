//! The EPUB's zip archive, written as the book is made: each entry's
//! header and bytes go on the end as they come, the central directory
//! after the last. Every entry gets the book's date as its time and the
//! same permissions, so the same book always gives the same bytes.
//! Entries arrive deflated already (`deflated`) or are stored as they are.

use anyhow::{bail, Result};
use chrono::{DateTime, Datelike, Timelike, Utc};

use super::deflated::Deflated;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const DIRECTORY_HEADER: u32 = 0x0201_4b50;
const DIRECTORY_END: u32 = 0x0605_4b50;
const ZIP64_DIRECTORY_END: u32 = 0x0606_4b50;
const ZIP64_END_LOCATOR: u32 = 0x0706_4b50;

const STORED: u16 = 0;
const DEFLATED: u16 = 8;
/// Made on Unix (so the permissions below are read), zip version 4.5.
const MADE_BY: u16 = 3 << 8 | 45;
/// A regular file, readable by all, written by its owner (`rw-r--r--`).
const FILE_ATTRIBUTES: u32 = 0o100_644 << 16;
/// Flag bit 11: the name is UTF-8 (set only for names that are not ASCII).
const UTF8_NAME: u16 = 1 << 11;

pub struct Archive {
    bytes: Vec<u8>,
    directory: Vec<u8>,
    entries: u64,
    /// MS-DOS time and date, as zip headers hold them.
    time: u16,
    date: u16,
}

impl Archive {
    /// An empty archive whose entries are dated `date` (clamped to the
    /// years a zip header can hold), with room for `capacity` bytes.
    pub fn new(date: DateTime<Utc>, capacity: usize) -> Archive {
        let year = date.year().clamp(1980, 2107) as u16;
        Archive {
            bytes: Vec::with_capacity(capacity),
            directory: Vec::new(),
            entries: 0,
            time: (date.hour() as u16) << 11
                | (date.minute() as u16) << 5
                | date.second() as u16 / 2,
            date: (year - 1980) << 9 | (date.month() as u16) << 5 | date.day() as u16,
        }
    }

    pub fn stored(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let crc = crc32fast::hash(bytes);
        self.entry(name, STORED, crc, bytes, bytes.len() as u64)
    }

    pub fn deflated(&mut self, name: &str, entry: &Deflated) -> Result<()> {
        self.entry(name, DEFLATED, entry.crc, &entry.bytes, entry.size)
    }

    fn entry(&mut self, name: &str, method: u16, crc: u32, data: &[u8], size: u64) -> Result<()> {
        let (Ok(compressed), Ok(size), Ok(offset), Ok(name_length)) = (
            u32::try_from(data.len()),
            u32::try_from(size),
            u32::try_from(self.bytes.len()),
            u16::try_from(name.len()),
        ) else {
            bail!("the EPUB entry `{name}` does not fit in a zip archive (over 4 GB)");
        };
        let needs = if method == DEFLATED { 20 } else { 10 };
        let flags = if name.is_ascii() { 0 } else { UTF8_NAME };
        // What the local header and the directory's entry share.
        let common = |out: &mut Vec<u8>| {
            for half in [needs, flags, method, self.time, self.date] {
                out.extend_from_slice(&half.to_le_bytes());
            }
            for word in [crc, compressed, size] {
                out.extend_from_slice(&word.to_le_bytes());
            }
            out.extend_from_slice(&name_length.to_le_bytes());
            // No extra field.
            out.extend_from_slice(&0u16.to_le_bytes());
        };
        self.bytes.extend_from_slice(&LOCAL_HEADER.to_le_bytes());
        common(&mut self.bytes);
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.extend_from_slice(data);

        self.directory
            .extend_from_slice(&DIRECTORY_HEADER.to_le_bytes());
        self.directory.extend_from_slice(&MADE_BY.to_le_bytes());
        common(&mut self.directory);
        // No comment, first disk, no internal attributes.
        for half in [0u16, 0, 0] {
            self.directory.extend_from_slice(&half.to_le_bytes());
        }
        self.directory
            .extend_from_slice(&FILE_ATTRIBUTES.to_le_bytes());
        self.directory.extend_from_slice(&offset.to_le_bytes());
        self.directory.extend_from_slice(name.as_bytes());
        self.entries += 1;
        Ok(())
    }

    /// The archive's bytes, its central directory written. More entries
    /// than the classic end record can count (65,535: a listing of that
    /// many papers) get the zip64 end records as well.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        let (Ok(directory_size), Ok(directory_offset)) = (
            u32::try_from(self.directory.len()),
            u32::try_from(self.bytes.len()),
        ) else {
            bail!("the EPUB does not fit in a zip archive (over 4 GB)");
        };
        self.bytes.extend_from_slice(&self.directory);
        let count = match u16::try_from(self.entries) {
            Ok(count) if count < u16::MAX => count,
            _ => {
                let zip64_end = self.bytes.len() as u64;
                let out = &mut self.bytes;
                out.extend_from_slice(&ZIP64_DIRECTORY_END.to_le_bytes());
                // The size of the record after this field.
                out.extend_from_slice(&44u64.to_le_bytes());
                for half in [MADE_BY, 45] {
                    out.extend_from_slice(&half.to_le_bytes());
                }
                // This disk, the directory's disk.
                out.extend_from_slice(&[0; 8]);
                for word in [
                    self.entries,
                    self.entries,
                    directory_size as u64,
                    directory_offset as u64,
                ] {
                    out.extend_from_slice(&word.to_le_bytes());
                }
                out.extend_from_slice(&ZIP64_END_LOCATOR.to_le_bytes());
                out.extend_from_slice(&0u32.to_le_bytes());
                out.extend_from_slice(&zip64_end.to_le_bytes());
                out.extend_from_slice(&1u32.to_le_bytes());
                u16::MAX
            }
        };
        let out = &mut self.bytes;
        out.extend_from_slice(&DIRECTORY_END.to_le_bytes());
        for half in [0u16, 0, count, count] {
            out.extend_from_slice(&half.to_le_bytes());
        }
        out.extend_from_slice(&directory_size.to_le_bytes());
        out.extend_from_slice(&directory_offset.to_le_bytes());
        // No comment.
        out.extend_from_slice(&0u16.to_le_bytes());
        Ok(self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::io::{Cursor, Read};

    fn read(zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
        let mut text = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut text).unwrap();
        text
    }

    /// The zip crate reads back every entry, stored or deflated, with its
    /// method, time and permissions, and the names in order.
    #[test]
    fn entries_read_back_with_their_method_time_and_permissions() {
        let date = Utc.with_ymd_and_hms(2024, 3, 9, 17, 45, 31).unwrap();
        let mut archive = Archive::new(date, 0);
        archive.stored("mimetype", b"application/epub+zip").unwrap();
        let page = b"<p>Text, text, text, text.</p>".repeat(40);
        archive
            .deflated("OEBPS/page.xhtml", &Deflated::of(&page).unwrap())
            .unwrap();
        archive.stored("OEBPS/images/ölbild.png", b"").unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(archive.finish().unwrap())).unwrap();
        let names: Vec<String> = (0..zip.len())
            .map(|k| zip.by_index(k).unwrap().name().to_string())
            .collect();
        assert_eq!(
            names,
            ["mimetype", "OEBPS/page.xhtml", "OEBPS/images/ölbild.png"]
        );
        assert_eq!(read(&mut zip, "mimetype"), b"application/epub+zip");
        assert_eq!(read(&mut zip, "OEBPS/page.xhtml"), page);
        assert!(read(&mut zip, "OEBPS/images/ölbild.png").is_empty());
        for (index, method) in [
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Deflated,
            zip::CompressionMethod::Stored,
        ]
        .into_iter()
        .enumerate()
        {
            let entry = zip.by_index(index).unwrap();
            assert_eq!(entry.compression(), method);
            assert_eq!(entry.unix_mode(), Some(0o100_644));
            let time = entry.last_modified().unwrap();
            assert_eq!((time.year(), time.month(), time.day()), (2024, 3, 9));
            assert_eq!((time.hour(), time.minute(), time.second()), (17, 45, 30));
        }
    }

    /// Past 65,534 entries the zip64 end records say how many there are.
    #[test]
    fn more_entries_than_the_classic_end_record_counts() {
        let mut archive = Archive::new(Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(), 0);
        let count = 70_000;
        for k in 0..count {
            archive.stored(&format!("{k}"), b"x").unwrap();
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(archive.finish().unwrap())).unwrap();
        assert_eq!(zip.len(), count);
        assert_eq!(read(&mut zip, "69999"), b"x");
    }
}
