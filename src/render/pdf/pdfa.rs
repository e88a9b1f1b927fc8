//! Document metadata as XMP (always: title, PDF/UA identification) and the
//! archival PDF/A parts on request: the header version, the PDF/A
//! identification, an sRGB output intent and CIDSets for subset fonts.
//! Annotations already carry the print flag (`tagging`) and nothing here
//! uses transparency.

use anyhow::{Context, Result};
use lopdf::{Dictionary, Object, Stream};
use serde::Deserialize;

use super::write::Metadata;

/// The PDF/A part and conformance level to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
pub enum PdfStandard {
    /// PDF/A-1b (ISO 19005-1, PDF 1.4): visual appearance preserved.
    #[serde(rename = "a-1b")]
    #[value(name = "a-1b")]
    A1b,
    /// PDF/A-2b (ISO 19005-2, PDF 1.7).
    #[serde(rename = "a-2b")]
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-2u: PDF/A-2b with Unicode for all text.
    #[serde(rename = "a-2u")]
    #[value(name = "a-2u")]
    A2u,
}

impl PdfStandard {
    fn part(self) -> u8 {
        match self {
            PdfStandard::A1b => 1,
            PdfStandard::A2b | PdfStandard::A2u => 2,
        }
    }

    fn conformance(self) -> &'static str {
        match self {
            PdfStandard::A1b | PdfStandard::A2b => "B",
            PdfStandard::A2u => "U",
        }
    }

    /// The header version the part is based on.
    fn version(self) -> &'static str {
        match self {
            PdfStandard::A1b => "1.4",
            PdfStandard::A2b | PdfStandard::A2u => "1.7",
        }
    }
}

/// sRGB IEC61966-2.1 (ICC v2), from Debian's icc-profiles-free (licence
/// beside it).
const SRGB: &[u8] = include_bytes!("data/sRGB.icc");

/// The header version: that of the PDF/A part asked for, else 1.7.
pub fn version(standard: Option<PdfStandard>) -> &'static str {
    standard.map_or("1.7", PdfStandard::version)
}

/// Sets the version, writes the XMP metadata and, for PDF/A, what the part
/// requires. Runs after the /Info dictionary is written.
pub fn apply(
    pdf: &mut lopdf::Document,
    meta: &Metadata,
    standard: Option<PdfStandard>,
) -> Result<()> {
    pdf.version = version(standard).to_string();
    drop_empty_info(pdf);
    let mut xmp = Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(meta, standard).into_bytes(),
    );
    // Archivers read the metadata without a PDF parser: never compressed.
    xmp.allows_compression = false;
    let xmp = pdf.add_object(xmp);
    let intent = match standard {
        Some(_) => {
            let profile = pdf.add_object(Stream::new(
                Dictionary::from_iter([("N", Object::Integer(3))]),
                SRGB.to_vec(),
            ));
            Some(Dictionary::from_iter([
                ("Type", Object::Name(b"OutputIntent".to_vec())),
                ("S", Object::Name(b"GTS_PDFA1".to_vec())),
                (
                    "OutputConditionIdentifier",
                    Object::string_literal("sRGB IEC61966-2.1"),
                ),
                ("Info", Object::string_literal("sRGB IEC61966-2.1")),
                (
                    "RegistryName",
                    Object::string_literal("http://www.color.org"),
                ),
                ("DestOutputProfile", Object::Reference(profile)),
            ]))
        }
        None => None,
    };
    if standard == Some(PdfStandard::A1b) {
        add_cid_sets(pdf)?;
    }
    let catalog = pdf.catalog_mut().context("the PDF has no catalog")?;
    catalog.set("Metadata", Object::Reference(xmp));
    match intent {
        Some(intent) => catalog.set("OutputIntents", vec![Object::Dictionary(intent)]),
        None => {
            catalog.remove(b"OutputIntents");
        }
    }
    Ok(())
}

/// Empty /Info entries go: XMP has no empty counterparts to match them.
fn drop_empty_info(pdf: &mut lopdf::Document) {
    let Ok(Object::Reference(id)) = pdf.trailer.get(b"Info") else {
        return;
    };
    let id = *id;
    if let Ok(Object::Dictionary(info)) = pdf.get_object_mut(id) {
        let empty: Vec<Vec<u8>> = info
            .iter()
            .filter(|(_, value)| matches!(value, Object::String(bytes, _) if bytes.is_empty()))
            .map(|(key, _)| key.clone())
            .collect();
        for key in empty {
            info.remove(&key);
        }
    }
}

/// The XMP packet: the /Info entries again (PDF/A wants them to agree),
/// the PDF/UA identification and, when asked for, the PDF/A one. The
/// PDF/UA schema is not one PDF/A-1 knows, so it is described in an
/// extension schema.
fn xmp(meta: &Metadata, standard: Option<PdfStandard>) -> String {
    let date = xmp_date(&meta.date);
    let mut x = String::with_capacity(4096);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(concat!(
        "<rdf:Description rdf:about=\"\"",
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
        " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"",
        " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
        " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n",
    ));
    x.push_str(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        escape(&meta.title)
    ));
    if !meta.author.is_empty() {
        x.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(&meta.author)
        ));
    }
    if !meta.subject.is_empty() {
        x.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            escape(&meta.subject)
        ));
    }
    x.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        escape(&meta.lang)
    ));
    if !meta.keywords.is_empty() {
        x.push_str(&format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            escape(&meta.keywords)
        ));
    }
    x.push_str(&format!(
        "<pdf:Producer>{}</pdf:Producer>\n",
        escape(&meta.creator)
    ));
    x.push_str(&format!(
        "<xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        escape(&meta.creator)
    ));
    x.push_str(&format!("<xmp:CreateDate>{date}</xmp:CreateDate>\n"));
    x.push_str(&format!("<xmp:ModifyDate>{date}</xmp:ModifyDate>\n"));
    x.push_str(&format!("<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"));
    x.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    x.push_str("</rdf:Description>\n");
    if let Some(standard) = standard {
        x.push_str(&format!(
            concat!(
                "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n",
                "<pdfaid:part>{}</pdfaid:part>\n",
                "<pdfaid:conformance>{}</pdfaid:conformance>\n",
                "</rdf:Description>\n",
            ),
            standard.part(),
            standard.conformance()
        ));
        x.push_str(PDFUA_EXTENSION_SCHEMA);
    }
    x.push_str("</rdf:RDF>\n</x:xmpmeta>\n");
    x.push_str("<?xpacket end=\"r\"?>");
    x
}

/// The PDF/UA identification schema described for PDF/A validators.
const PDFUA_EXTENSION_SCHEMA: &str = concat!(
    "<rdf:Description rdf:about=\"\"",
    " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"",
    " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"",
    " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n",
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n",
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n",
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n",
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n",
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n",
    "<pdfaProperty:name>part</pdfaProperty:name>\n",
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n",
    "<pdfaProperty:category>internal</pdfaProperty:category>\n",
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n",
    "</rdf:li></rdf:Seq></pdfaSchema:property>\n",
    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n",
    "</rdf:Description>\n",
);

/// `D:YYYYMMDDHHmmSSZ` as an XMP date.
fn xmp_date(pdf_date: &str) -> String {
    let d = pdf_date.trim_start_matches("D:");
    if d.len() < 14 || !d.is_char_boundary(14) {
        return String::new();
    }
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// PDF/A-1 wants each subset CID font to list its glyphs in a /CIDSet:
/// a bit per CID, set for those the embedded program has (the subsets are
/// renumbered from 0, and CIDs are glyph ids).
fn add_cid_sets(pdf: &mut lopdf::Document) -> Result<()> {
    let mut descriptors = Vec::new();
    for (&id, object) in &pdf.objects {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        if let Ok(font_file) = dict.get(b"FontFile2").and_then(Object::as_reference) {
            descriptors.push((id, font_file));
        }
    }
    for (descriptor, font_file) in descriptors {
        let Ok(Object::Stream(stream)) = pdf.get_object(font_file) else {
            continue;
        };
        let program = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let glyphs = rustybuzz::ttf_parser::Face::parse(&program, 0)
            .context("an embedded font cannot be read back for its CIDSet")?
            .number_of_glyphs();
        let mut bits = vec![0u8; usize::from(glyphs).div_ceil(8)];
        for cid in 0..usize::from(glyphs) {
            bits[cid / 8] |= 0x80 >> (cid % 8);
        }
        let set = pdf.add_object(Stream::new(Dictionary::new(), bits));
        pdf.get_dictionary_mut(descriptor)?
            .set("CIDSet", Object::Reference(set));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_become_xmp_dates() {
        assert_eq!(xmp_date("D:20231114221320Z"), "2023-11-14T22:13:20Z");
        assert_eq!(xmp_date("D:2023"), "");
    }

    #[test]
    fn xmp_says_the_part_and_conformance_asked_for() {
        let meta = Metadata {
            title: "Papers & <Briefs>".into(),
            author: String::new(),
            subject: String::new(),
            keywords: String::new(),
            creator: "imprint".into(),
            date: "D:20231114221320Z".into(),
            lang: "en-GB".into(),
            standard: None,
        };
        let plain = xmp(&meta, None);
        assert!(plain.contains("Papers &amp; &lt;Briefs&gt;"));
        assert!(plain.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(!plain.contains("pdfaid:part"));
        let a2u = xmp(&meta, Some(PdfStandard::A2u));
        assert!(a2u.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(a2u.contains("<pdfaid:conformance>U</pdfaid:conformance>"));
        assert!(!a2u.contains("dc:creator"), "no empty author");
    }
}
