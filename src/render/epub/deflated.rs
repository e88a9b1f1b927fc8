//! The book's entries deflated. Setting up a compressor zeroes its tables,
//! which a dozen entries a book would pay for each, so each thread keeps
//! one, reset between entries. Long text (the navigation and NCX of a
//! 20,000-paper listing are some 70 MB) is deflated in pieces on all
//! cores: each piece on its own and ended on a byte (a sync flush), the
//! last with the final block, which together make one deflate stream.

use std::cell::RefCell;
use std::io::{self, Write};

use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;

/// The fastest level, for the pages, the small files and the cover's image
/// data: level 2 took an eighth more of the EPUB's CPU (building a Huffman
/// code for each block, where level 1 uses the fixed one) for books 8 %
/// smaller; zip's default level (6) costs several times the time for a few
/// per cent more.
const LEVEL: u32 = 1;
/// Level 2 for the long text deflated in pieces (`Deflater`: the
/// navigation and NCX, tens of MB for a long listing), whose repeated
/// markup its own Huffman codes make a third smaller than level 1 does.
const LONG_TEXT_LEVEL: u32 = 2;
/// Text deflated in one piece; a longer text is cut into pieces this long,
/// as many deflated at a time as there are threads.
const PIECE: usize = 1 << 20;

thread_local! {
    /// Raw-deflate compressors, one per thread and level, reset between
    /// pieces.
    static COMPRESSOR: RefCell<Compress> =
        RefCell::new(Compress::new(Compression::new(LEVEL), false));
    static LONG_TEXT_COMPRESSOR: RefCell<Compress> =
        RefCell::new(Compress::new(Compression::new(LONG_TEXT_LEVEL), false));
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
                LONG_TEXT_COMPRESSOR.with_borrow_mut(|compressor| {
                    deflate_with(compressor, piece, last && k + 1 == count, &mut out)
                })?;
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

/// An empty final block (fixed code: the final bit, type 01, end of
/// block), which ends a stream whose pieces were each ended on a byte.
/// Deflating nothing would give these two bytes too, after a reset of the
/// compressor's 128 KB table.
pub(super) const EMPTY_FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

/// Appends `piece` deflated on its own to `out`: ended with the final
/// block when `last`, else on a byte boundary for the next piece.
pub(super) fn deflate(piece: &[u8], last: bool, out: &mut Vec<u8>) -> io::Result<()> {
    COMPRESSOR.with_borrow_mut(|compressor| deflate_with(compressor, piece, last, out))
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
            // A sync flush is done when all is in and the output had room
            // to spare (zlib's rule).
            _ if !last && all_in && out.len() < out.capacity() => return Ok(()),
            _ => out.reserve(out.capacity().max(1024)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::epub::archive::Archive;
    use std::io::{Cursor, Read};

    /// Text deflated in pieces on several threads, and in one piece, reads
    /// back whole from an archive, with the CRC and size the zip crate
    /// checks.
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
        let mut archive = Archive::new(chrono::Utc::now(), 0);
        for (name, entry) in [("a.ncx", pieces), ("b.css", short), ("c", empty)] {
            archive.deflated(name, &entry).unwrap();
        }
        let mut archive = zip::ZipArchive::new(Cursor::new(archive.finish().unwrap())).unwrap();
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
