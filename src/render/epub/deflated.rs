//! Zip entries deflated here, not by the zip crate. The zip crate sets up a
//! new compressor for every entry (zeroing its tables, a few per cent of a
//! corpus build at a dozen entries a book) and deflates on one core, which
//! left the last half second of a 20,000-paper book's build to one core
//! (its navigation and NCX are some 70 MB of text). Here each thread keeps
//! one compressor, and long text is deflated in pieces on all cores: each
//! piece on its own and ended on a byte (a sync flush), the last with the
//! final block, which together make one deflate stream. The entries reach
//! the archive as a small zip of their own (`archive`), whose entries
//! `package::fix_archive` copies as they are.

use std::cell::RefCell;
use std::io::{self, Write};

use anyhow::{bail, Result};
use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;

/// Fast deflate for the book's text: zip's default level (6) costs several
/// times the time for a few per cent; level 1 is no faster here and 7 %
/// larger.
const LEVEL: u32 = 2;
/// Text deflated in one piece; a longer text is cut into pieces this long,
/// as many deflated at a time as there are threads.
const PIECE: usize = 1 << 20;

/// Level 1 for a picture's image data (`cover`): mostly long runs of one
/// byte, which it deflates at twice the speed of level 2.
const PICTURE_LEVEL: u32 = 1;

thread_local! {
    /// One raw-deflate compressor per thread and level, reset between pieces.
    static COMPRESSOR: RefCell<Compress> =
        RefCell::new(Compress::new(Compression::new(LEVEL), false));
    static PICTURE_COMPRESSOR: RefCell<Compress> =
        RefCell::new(Compress::new(Compression::new(PICTURE_LEVEL), false));
}

/// An entry's bytes deflated, with what the zip headers say of the text.
pub struct Deflated {
    pub bytes: Vec<u8>,
    pub crc: u32,
    pub size: u64,
}

impl Deflated {
    /// `text` deflated in one piece (a page, a stylesheet).
    pub fn of(text: &[u8]) -> io::Result<Deflated> {
        let mut bytes = Vec::with_capacity(text.len() / 3 + 64);
        deflate(text, true, &mut bytes)?;
        Ok(Deflated {
            bytes,
            crc: crc32fast::hash(text),
            size: text.len() as u64,
        })
    }
}

/// Deflates what is written to it, in pieces on all cores (see the module
/// comment); `finish` gives the entry.
#[derive(Default)]
pub struct Deflater {
    pending: Vec<u8>,
    bytes: Vec<u8>,
    crc: crc32fast::Hasher,
    size: u64,
}

impl Deflater {
    pub fn finish(mut self) -> io::Result<Deflated> {
        self.deflate_pending(true)?;
        Ok(Deflated {
            bytes: self.bytes,
            crc: self.crc.finalize(),
            size: self.size,
        })
    }

    /// Deflates the text waiting, every piece ended on a byte, the last
    /// one with the final block when `last`.
    fn deflate_pending(&mut self, last: bool) -> io::Result<()> {
        if self.pending.is_empty() && !last {
            return Ok(());
        }
        self.crc.update(&self.pending);
        self.size += self.pending.len() as u64;
        let pieces: Vec<&[u8]> = match self.pending.is_empty() {
            // (The final block is still written.)
            true => vec![&[][..]],
            false => self.pending.chunks(PIECE).collect(),
        };
        let count = pieces.len();
        let deflated: Vec<Vec<u8>> = pieces
            .into_par_iter()
            .enumerate()
            .map(|(k, piece)| {
                let mut out = Vec::with_capacity(piece.len() / 3 + 64);
                deflate(piece, last && k + 1 == count, &mut out)?;
                Ok(out)
            })
            .collect::<io::Result<_>>()?;
        for piece in deflated {
            self.bytes.extend_from_slice(&piece);
        }
        self.pending.clear();
        Ok(())
    }
}

impl Write for Deflater {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= PIECE * rayon::current_num_threads() {
            self.deflate_pending(false)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Appends `piece` deflated on its own to `out`: ended with the final
/// block when `last`, else on a byte boundary for the next piece.
fn deflate(piece: &[u8], last: bool, out: &mut Vec<u8>) -> io::Result<()> {
    COMPRESSOR.with_borrow_mut(|compressor| deflate_with(compressor, piece, last, out))
}

/// `deflate` for a picture's image data (see `PICTURE_LEVEL`).
pub(super) fn deflate_picture(piece: &[u8], last: bool, out: &mut Vec<u8>) -> io::Result<()> {
    PICTURE_COMPRESSOR.with_borrow_mut(|compressor| deflate_with(compressor, piece, last, out))
}

fn deflate_with(
    compressor: &mut Compress,
    piece: &[u8],
    last: bool,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let flush = match last {
        true => FlushCompress::Finish,
        false => FlushCompress::Sync,
    };
    compressor.reset();
    loop {
        let consumed = compressor.total_in() as usize;
        let status = compressor
            .compress_vec(&piece[consumed..], out, flush)
            .map_err(io::Error::other)?;
        let all_in = compressor.total_in() as usize == piece.len();
        match status {
            Status::StreamEnd => return Ok(()),
            // A sync flush is done when all is in and the output had
            // room to spare (zlib's rule).
            _ if !last && all_in && out.len() < out.capacity() => return Ok(()),
            _ => out.reserve(out.capacity().max(1024)),
        }
    }
}

/// A zip archive of `entries` (name and bytes), all deflated, to copy the
/// entries from; times and permissions are set as they are copied.
pub fn archive(entries: &[(impl AsRef<str>, Deflated)]) -> Result<Vec<u8>> {
    let mut zip = Vec::with_capacity(entries.iter().map(|(_, e)| e.bytes.len() + 128).sum());
    let mut directory = Vec::new();
    for (name, entry) in entries {
        let name = name.as_ref();
        let (Ok(compressed), Ok(size), Ok(offset), Ok(name_length)) = (
            u32::try_from(entry.bytes.len()),
            u32::try_from(entry.size),
            u32::try_from(zip.len()),
            u16::try_from(name.len()),
        ) else {
            bail!("the EPUB entry `{name}` is too large for a zip archive");
        };
        // Version 2.0 (deflate), no flags, deflated, no time (set later).
        let common = |out: &mut Vec<u8>| {
            for half in [20u16, 0, 8, 0, 0] {
                out.extend_from_slice(&half.to_le_bytes());
            }
            for word in [entry.crc, compressed, size] {
                out.extend_from_slice(&word.to_le_bytes());
            }
            out.extend_from_slice(&name_length.to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
        };
        zip.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut zip);
        zip.extend_from_slice(name.as_bytes());
        zip.extend_from_slice(&entry.bytes);
        directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        directory.extend_from_slice(&20u16.to_le_bytes());
        common(&mut directory);
        // No comment, disk 0, no attributes, then the local header's place.
        for half in [0u16, 0, 0] {
            directory.extend_from_slice(&half.to_le_bytes());
        }
        directory.extend_from_slice(&0u32.to_le_bytes());
        directory.extend_from_slice(&offset.to_le_bytes());
        directory.extend_from_slice(name.as_bytes());
    }
    let (Ok(count), Ok(directory_size), Ok(directory_offset)) = (
        u16::try_from(entries.len()),
        u32::try_from(directory.len()),
        u32::try_from(zip.len()),
    ) else {
        bail!("too many EPUB entries for one zip archive");
    };
    zip.extend_from_slice(&directory);
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for half in [0u16, 0, count, count] {
        zip.extend_from_slice(&half.to_le_bytes());
    }
    zip.extend_from_slice(&directory_size.to_le_bytes());
    zip.extend_from_slice(&directory_offset.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    Ok(zip)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    /// Text deflated in pieces on several threads, and in one piece, reads
    /// back whole from the small archive, with the CRC and size the zip
    /// crate checks.
    #[test]
    fn entries_read_back_from_their_archive() {
        let long: Vec<u8> = (0..3 * PIECE * rayon::current_num_threads() + 12345)
            .map(|k| b"<navPoint id=\"x\">\n"[k % 18] ^ (k / 997 % 3) as u8)
            .collect();
        let mut deflater = Deflater::default();
        for chunk in long.chunks(70_001) {
            deflater.write_all(chunk).unwrap();
        }
        let pieces = deflater.finish().unwrap();
        assert!(pieces.bytes.len() < long.len() / 2);
        let short = Deflated::of(b"body { margin: 0 }").unwrap();
        let empty = Deflater::default().finish().unwrap();
        let zip = archive(&[("a.ncx", pieces), ("b.css", short), ("c", empty)]).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
        let mut read = |name: &str| {
            let mut text = Vec::new();
            archive
                .by_name(name)
                .unwrap()
                .read_to_end(&mut text)
                .unwrap();
            text
        };
        assert_eq!(read("a.ncx"), long);
        assert_eq!(read("b.css"), b"body { margin: 0 }");
        assert!(read("c").is_empty());
    }
}
