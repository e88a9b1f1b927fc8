//! PDF objects written straight to bytes, and the file put together from
//! them. A long document's structure tree and outline are hundreds of
//! thousands of small dictionaries: held as lopdf objects they took over a
//! kilobyte each (3 GB at 20,000 papers), written at once they take what
//! their bytes take. lopdf keeps the rest (pages, fonts, catalog) until the
//! file is saved here.

use std::io::Write;

use lopdf::{Object, ObjectId, StringFormat};

/// The most items imprint puts in one array of a long document (the page
/// tree's kids, an element's kids, a parent-tree node's): PDF/A-1 keeps
/// PDF 1.4's limit of 8191, so longer lists are split into nodes.
pub const MOST_ARRAY_ITEMS: usize = 8000;

/// Indirect objects already written, in the order they were put.
#[derive(Default)]
pub struct Written {
    bytes: Vec<u8>,
    /// Each object's number and where it starts in `bytes`.
    starts: Vec<(u32, usize)>,
}

impl Written {
    /// The start of a file: its header, with room for `capacity` bytes in
    /// all. Room not written to takes no memory, so the caller may
    /// overestimate; growing later would hold two copies of the file.
    pub fn file(version: &str, capacity: usize) -> Written {
        let mut bytes = Vec::with_capacity(capacity);
        let _ = write!(bytes, "%PDF-{version}\n");
        // Four bytes over 127 mark the file as binary (ISO 19005-2 6.1.2).
        bytes.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
        Written {
            bytes,
            starts: Vec::new(),
        }
    }

    /// Room for `more` bytes.
    pub fn reserve(&mut self, more: usize) {
        self.bytes.reserve(more);
    }

    /// Writes `object` as indirect object `id`; the caller drops it.
    pub fn put(&mut self, id: ObjectId, object: &Object) {
        self.put_with(id, |out| write_object(out, object));
    }

    /// Adds what `other` wrote after what this wrote.
    pub fn append(&mut self, other: Written) {
        let base = self.bytes.len();
        self.starts
            .extend(other.starts.iter().map(|&(id, start)| (id, base + start)));
        self.bytes.extend_from_slice(&other.bytes);
    }

    /// Writes indirect object `id`, its body written by `body` (for one too
    /// large to build as a lopdf object first).
    pub fn put_with(&mut self, id: ObjectId, body: impl FnOnce(&mut Vec<u8>)) {
        self.starts.push((id.0, self.bytes.len()));
        indirect(&mut self.bytes, id.0, body);
    }
}

fn indirect(out: &mut Vec<u8>, id: u32, body: impl FnOnce(&mut Vec<u8>)) {
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{id} 0 obj\n");
    body(out);
    out.extend_from_slice(b"\nendobj\n");
}

/// The whole file: `file` (begun with `Written::file`), then lopdf's
/// objects (taken out of `pdf`), the cross-reference table and the
/// trailer.
pub fn save(pdf: &mut lopdf::Document, file: Written) -> Vec<u8> {
    let Written {
        bytes: mut out,
        starts,
    } = file;
    debug_assert!(out.starts_with(format!("%PDF-{}", pdf.version).as_bytes()));
    let mut offsets = starts;
    offsets.reserve(pdf.objects.len());
    // Each object is dropped once written.
    for ((id, _), object) in std::mem::take(&mut pdf.objects) {
        offsets.push((id, out.len()));
        indirect(&mut out, id, |out| write_object(out, &object));
    }
    offsets.sort_unstable();
    debug_assert!(
        offsets.windows(2).all(|w| w[0].0 != w[1].0),
        "an object twice"
    );

    // One subsection from 0, as a file never updated has (PDF 32000-1
    // 7.5.4); numbers no object has are free. Entries are 20 bytes.
    let size = offsets.last().map_or(0, |&(id, _)| id).max(pdf.max_id) + 1;
    let xref_start = out.len();
    let _ = write!(out, "xref\n0 {size}\n0000000000 65535 f \n");
    let mut next = offsets.iter().peekable();
    for id in 1..size {
        match next.next_if(|&&(number, _)| number == id) {
            Some((_, offset)) => {
                let _ = write!(out, "{offset:010} 00000 n \n");
            }
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    pdf.trailer.set("Size", i64::from(size));
    out.extend_from_slice(b"trailer\n");
    write_object(&mut out, &Object::Dictionary(pdf.trailer.clone()));
    let _ = write!(out, "\nstartxref\n{xref_start}\n%%EOF");
    out
}

/// One object in PDF syntax.
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        Object::Integer(value) => {
            let _ = write!(out, "{value}");
        }
        // PDF has no NaN or infinity; nothing written here makes one.
        Object::Real(value) if value.is_finite() => {
            let _ = write!(out, "{value}");
        }
        Object::Real(_) => out.push(b'0'),
        Object::Name(name) => write_name(out, name),
        Object::String(text, StringFormat::Literal) => {
            out.push(b'(');
            for &byte in text {
                match byte {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
                    // A raw carriage return would be read as a line end.
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(byte),
                }
            }
            out.push(b')');
        }
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for byte in text {
                let _ = write!(out, "{byte:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, dict: &lopdf::Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

/// A name, with white space, delimiters and bytes outside the printable
/// range as `#XX` (PDF 32000-1 7.3.5).
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if b"()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte) {
            let _ = write!(out, "#{byte:02X}");
        } else {
            out.push(byte);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Dictionary;

    fn shown(object: Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, &object);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn objects_in_pdf_syntax() {
        assert_eq!(shown(Object::Name(b"A B#(".to_vec())), "/A#20B#23#28");
        assert_eq!(
            shown(Object::string_literal("a (b) \\ c\r")),
            "(a \\(b\\) \\\\ c\\r)"
        );
        assert_eq!(shown(Object::Real(f32::NAN)), "0");
        assert_eq!(
            shown(Object::String(
                vec![0xfe, 0xff, 0, 65],
                StringFormat::Hexadecimal
            )),
            "<FEFF0041>"
        );
        let dict = Dictionary::from_iter([
            ("S", Object::Name(b"P".to_vec())),
            (
                "K",
                Object::Array(vec![1.into(), Object::Reference((7, 0))]),
            ),
            ("X", Object::Real(0.5)),
        ]);
        assert_eq!(
            shown(Object::Dictionary(dict)),
            "<</S /P/K [1 7 0 R]/X 0.5>>"
        );
    }

    /// The saved file reads back whole with lopdf, objects written here
    /// included, and its cross-reference offsets point at the objects.
    #[test]
    fn saved_file_reads_back() {
        let mut pdf = lopdf::Document::with_version("1.7");
        let pages = pdf.new_object_id();
        let page = pdf.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(pages)),
        ]));
        pdf.objects.insert(
            pages,
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", vec![Object::Reference(page)].into()),
                ("Count", 1.into()),
            ])),
        );
        let extra = pdf.new_object_id();
        let catalog = pdf.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
            ("Extra", Object::Reference(extra)),
        ]));
        pdf.trailer.set("Root", Object::Reference(catalog));
        let mut written = Written::file(&pdf.version, 0);
        written.put(extra, &Object::string_literal("written apart"));
        let bytes = save(&mut pdf, written);
        let back = lopdf::Document::load_mem(&bytes).expect("reads back");
        assert_eq!(back.get_pages().len(), 1);
        let text = back.get_object(extra).and_then(Object::as_str).unwrap();
        assert_eq!(text, b"written apart");
        let start = bytes.windows(9).rposition(|w| w == b"startxref").unwrap();
        let xref: usize = String::from_utf8_lossy(&bytes[start + 10..])
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let size = pdf.max_id + 1;
        assert!(bytes[xref..].starts_with(format!("xref\n0 {size}\n").as_bytes()));
    }
}
