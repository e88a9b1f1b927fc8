//! Bytes to text: byte-order marks, UTF-16, legacy 8-bit encodings.

use anyhow::{bail, Result};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use rayon::prelude::*;

/// The decoded text and, when it was not plain UTF-8, a note saying how it was read.
pub struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

/// Decodes a source file's bytes. UTF-8 (with or without BOM) and UTF-16
/// with a BOM are read as such; UTF-16 without a BOM is recognised by its
/// zero bytes; anything else that is not UTF-8 is read as Windows-1252
/// (a superset of Latin-1's printable range). Binary data is refused.
/// UTF-8 bytes become the text as they are, without a copy (a listing can be
/// tens of megabytes).
pub fn decode(bytes: Vec<u8>) -> Result<Decoded> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            bail!(
                "the file starts with a {} byte-order mark but is not valid {}",
                encoding.name(),
                encoding.name()
            );
        }
        let note = (encoding != UTF_8)
            .then(|| format!("decoded as {} (byte-order mark)", encoding.name()));
        return checked(text.into_owned(), note);
    }
    if let Some(encoding) = utf16_without_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
        if !had_errors {
            return checked(
                text.into_owned(),
                Some(format!(
                    "decoded as {} (no byte-order mark)",
                    encoding.name()
                )),
            );
        }
    }
    match String::from_utf8(bytes) {
        Ok(text) => checked(text, None),
        Err(error) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(error.as_bytes());
            checked(
                text.into_owned(),
                Some("not valid UTF-8; decoded as Windows-1252".to_string()),
            )
        }
    }
}

/// UTF-16 text without a BOM has a zero byte in most odd (LE) or even (BE)
/// positions when it is mostly Latin script.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let pairs = bytes.len() / 2;
    // (One pass for both counts: a listing can be tens of megabytes.)
    let (mut zero_high, mut zero_low) = (0, 0);
    for p in bytes.chunks_exact(2) {
        zero_high += usize::from(p[1] == 0 && p[0] != 0);
        zero_low += usize::from(p[0] == 0 && p[1] != 0);
    }
    if zero_high * 10 >= pairs * 7 {
        Some(UTF_16LE)
    } else if zero_low * 10 >= pairs * 7 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A control character of one byte other than the line and page breaks
/// and the tab.
fn stray(b: u8) -> bool {
    (b < 0x20 || b == 0x7f) && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)
}

/// Bytes counted at a time by `checked`.
const PIECE: usize = 1 << 20;

/// Refuses text that is really binary data: more than one character in twenty
/// a control character (NUL included). A few strays are left for the
/// spacing repair to remove and log.
fn checked(text: String, note: Option<String>) -> Result<Decoded> {
    // Counted over the bytes, in plain sums the compiler turns into vector
    // code, a piece at a time on all cores: a character is a byte that does
    // not continue one, the controls are U+0000-U+001F and U+007F (one
    // byte each) and U+0080-U+009F (0xC2 and a byte 0x80-0x9F). Each piece
    // counts the pair that starts on the byte before it, so a pair across
    // two pieces counts once.
    let bytes = text.as_bytes();
    let starts: Vec<usize> = (0..bytes.len()).step_by(PIECE).collect();
    let (chars, controls) = starts
        .par_iter()
        .map(|&start| {
            let end = (start + PIECE).min(bytes.len());
            let from = start.saturating_sub(1);
            let (before, at) = (&bytes[from..end - 1], &bytes[from + 1..end]);
            let mut chars = usize::from(start == 0 && end > 0 && bytes[0] & 0xc0 != 0x80);
            let mut controls = usize::from(start == 0 && end > 0 && stray(bytes[0]));
            // Sums of 64 bytes at a time fit a byte, which vector code adds
            // 32 or 64 at once.
            for (before, at) in before.chunks(64).zip(at.chunks(64)) {
                let (mut c, mut k) = (0u8, 0u8);
                for (&p, &b) in before.iter().zip(at) {
                    c += u8::from(b & 0xc0 != 0x80);
                    k += u8::from(stray(b)) + u8::from(p == 0xc2 && (0x80..=0x9f).contains(&b));
                }
                chars += usize::from(c);
                controls += usize::from(k);
            }
            (chars, controls)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    if controls * 20 > chars.max(1) {
        bail!("this looks like binary data, not text (NUL or control bytes); give imprint a .txt, .md or .json source");
    }
    Ok(Decoded { text, note })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// More than one character in twenty a control is refused, counted in
    /// characters, not bytes; U+0080-U+009F are controls too.
    #[test]
    fn refuses_text_that_is_mostly_control_characters() {
        let refused = |text: String| checked(text, None).is_err();
        assert!(!refused(format!("{}\u{1}", "é".repeat(19))));
        assert!(refused(format!("{}\u{1}", "é".repeat(10))));
        assert!(!refused(format!("{}\u{85}", "é".repeat(19))));
        assert!(refused(format!("{}\u{85}", "é".repeat(9))));
        assert!(!refused("a\tb\r\n\u{c}".repeat(10)));
        assert!(refused("ab\0".repeat(10)));
        assert!(refused("ab\u{7f}".repeat(10)));
        assert!(!refused(String::new()));
        assert!(refused("\u{1}".to_string()));
        assert!(!refused("a".to_string()));
        // A control of two bytes across two pieces counts once: 52,429
        // controls in 1,048,580 characters is one in twenty, a character
        // fewer is over.
        let across = |tail: usize| {
            let mut text = "\u{1}".repeat(52_428);
            text.push_str(&"a".repeat(PIECE - 1 - 52_428));
            text.push('\u{85}');
            text.push_str(&"a".repeat(tail));
            text
        };
        assert!(!refused(across(4)));
        assert!(refused(across(3)));
    }
}
