//! Shared by the fuzz targets: reading fuzz bytes as a source, and the
//! backends built once from the repository's own layouts.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use imprint::model::Collection;
use imprint::read::{self, KindLabels, SourceFormat};
use imprint::render::{self, Backend, Document, Format, RenderOptions};

pub fn kinds() -> &'static KindLabels {
    static KINDS: OnceLock<KindLabels> = OnceLock::new();
    KINDS.get_or_init(|| KindLabels::new(&[]))
}

/// A path in a folder that does not exist: readers take only its name and
/// extension, and any image it names fails to resolve instead of reading
/// a real file.
pub fn source_path(format: SourceFormat) -> PathBuf {
    let name = match format {
        SourceFormat::Txt => "input.txt",
        SourceFormat::Md => "input.md",
        SourceFormat::Json => "input.json",
    };
    Path::new("/nonexistent-imprint-fuzz").join(name)
}

/// Reads `bytes` as a source of `format`; an error is a fine outcome.
pub fn read(bytes: &[u8], format: SourceFormat) -> Option<Collection> {
    read::read_bytes(&source_path(format), bytes.to_vec(), Some(format), kinds())
        .ok()
        .map(|source| source.collection)
}

/// The first byte picks the reader, the rest is the source.
pub fn read_any(data: &[u8]) -> Option<Collection> {
    let (&selector, bytes) = data.split_first()?;
    let format = match selector % 3 {
        0 => SourceFormat::Txt,
        1 => SourceFormat::Md,
        _ => SourceFormat::Json,
    };
    read(bytes, format)
}

pub fn options(width: usize) -> RenderOptions {
    RenderOptions {
        layouts: Path::new(env!("CARGO_MANIFEST_DIR")).join("../../layouts"),
        width,
        date: chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("a valid date"),
        publisher: None,
        identifier: None,
        pdf_standard: None,
    }
}

/// The backend for `format`, built once; `None` (said once) while the
/// backend cannot be built, e.g. before its implementation is merged.
pub fn backend(
    format: Format,
    slot: &'static OnceLock<Option<Box<dyn Backend>>>,
) -> Option<&'static dyn Backend> {
    slot.get_or_init(|| match render::backend(format, &options(72)) {
        Ok(backend) => Some(backend),
        Err(error) => {
            eprintln!(
                "fuzz: the {} backend is not available: {error:#}",
                format.extension()
            );
            None
        }
    })
    .as_deref()
}

/// Renders a model; an error is fine (and must name the problem), a panic is not.
pub fn render(backend: &dyn Backend, collection: &Collection) {
    let doc = Document {
        collection,
        stem: "input",
        source_dir: Path::new("/nonexistent-imprint-fuzz"),
    };
    let _ = backend.render(&doc);
}
