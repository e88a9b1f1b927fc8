//! Readers: one per source format, each turning a file into a `Collection`.
//! They know the formats' layouts; text damage is the normaliser's job.

mod evidence;
mod html;
pub mod json;
pub mod markdown;
pub mod txt;

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::model::{Collection, ContentsEntry};
use crate::normalise::encoding;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceFormat {
    Txt,
    Md,
    Json,
}

impl SourceFormat {
    /// The format a file's extension names, if imprint reads it.
    pub fn from_path(path: &Path) -> Option<SourceFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" => Some(SourceFormat::Txt),
            "md" | "markdown" => Some(SourceFormat::Md),
            "json" => Some(SourceFormat::Json),
            _ => None,
        }
    }
}

/// Something the reader could not place, for `imprint check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// A source as read: the model, what could not be placed, and how the
/// bytes were decoded when that was not plain UTF-8.
pub struct Source {
    pub collection: Collection,
    pub findings: Vec<Finding>,
    pub decode_note: Option<String>,
}

/// The kind labels that end an entry in a listing, matched without regard to case.
pub struct KindLabels(Vec<String>);

pub const DEFAULT_KIND_LABELS: &[&str] = &[
    "Paper",
    "Report",
    "Policy Brief",
    "Policy Paper",
    "Working Paper",
    "Book",
    "Book Chapter",
    "Article",
    "Tool Kit",
    "Toolkit",
    "Handbook",
    "Guide",
    "Guidance Note",
    "Case Study",
    "Briefing",
    "Note",
];

impl KindLabels {
    pub fn new(extra: &[String]) -> KindLabels {
        let mut labels: Vec<String> = DEFAULT_KIND_LABELS.iter().map(|s| s.to_string()).collect();
        labels.extend(extra.iter().map(|s| s.trim().to_string()));
        KindLabels(labels)
    }

    /// The label's canonical spelling when `line` is one.
    pub fn canonical(&self, line: &str) -> Option<&str> {
        let line = line.trim();
        self.0
            .iter()
            .find(|label| label.eq_ignore_ascii_case(line))
            .map(String::as_str)
    }
}

/// Reads one source file; the format comes from `from` or the extension.
pub fn read_file(path: &Path, from: Option<SourceFormat>, kinds: &KindLabels) -> Result<Source> {
    let bytes = source_bytes(path)?;
    read_bytes(path, bytes, from, kinds)
}

/// A source file's bytes. Only regular files (or links to them) are read:
/// a device or a pipe given as a source (`/dev/zero`, a FIFO named `x.txt`)
/// could be endless.
pub fn source_bytes(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).context("cannot read the file")?;
    if !meta.is_file() {
        bail!(
            "not a regular file (a folder, device or pipe); give imprint a .txt, .md or .json file"
        );
    }
    std::fs::read(path).context("cannot read the file")
}

/// Reads a source whose bytes are already loaded (a build hashes them first).
pub fn read_bytes(
    path: &Path,
    bytes: Vec<u8>,
    from: Option<SourceFormat>,
    kinds: &KindLabels,
) -> Result<Source> {
    let format = match from.or_else(|| SourceFormat::from_path(path)) {
        Some(format) => format,
        None => bail!(
            "unknown source extension (imprint reads .txt, .md and .json; use --from to say which)"
        ),
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        bail!("the file is empty (no text to build from)");
    }
    let decoded = encoding::decode(bytes)?;
    let file = path.display().to_string();
    // (Checked first: each replacement would copy a long listing whole.)
    let mut text = decoded.text;
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    let (collection, findings) = match format {
        SourceFormat::Txt => txt::read(&text, &file, kinds)?,
        SourceFormat::Md => markdown::read(&text, &file, kinds, path)?,
        SourceFormat::Json => (json::read(&text)?, Vec::new()),
    };
    if collection.publications.is_empty() {
        match format {
            SourceFormat::Json => bail!("no publications found (the model's `publications` list is empty)"),
            _ => bail!("no publications found (a listing needs entries: a title, its paragraphs, and a kind label line such as `Paper` after them)"),
        }
    }
    check_images(&collection, path)?;
    Ok(Source {
        collection,
        findings,
        decode_note: decoded.note,
    })
}

/// Every image a source names, Markdown or model JSON, must stay inside
/// the source's folder (a missing one is the build's warning, not an error).
fn check_images(collection: &Collection, path: &Path) -> Result<()> {
    // `notes.md` in the current folder has the parent "", which is ".".
    let source_dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for publication in &collection.publications {
        for (src, line) in crate::model::images(&publication.summary) {
            if crate::model::is_remote_image(src) {
                continue;
            }
            crate::images::locate(source_dir, src)
                .map(|_| ())
                .map_err(|e| match line {
                    0 => e,
                    line => anyhow::anyhow!("line {line}: {e}"),
                })?;
        }
    }
    Ok(())
}

/// Reads one line of a table of contents: `2.1. Key concepts` is number
/// `2.1` at level 2; a line without a number (`Appendix`) is level 1.
pub fn contents_line(line: &str, line_number: usize) -> ContentsEntry {
    let line = line.trim();
    let number_len = line
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(line.len());
    let (number, rest) = line.split_at(number_len);
    // `1.`, `2.1` and `3` are section numbers; `2024` opening a title is a year.
    let numbered = number.starts_with(|c: char| c.is_ascii_digit())
        && (number.contains('.') || number.len() <= 2)
        && (rest.is_empty() || rest.starts_with(char::is_whitespace));
    if numbered && !rest.trim().is_empty() {
        let number = number.trim_end_matches('.').to_string();
        ContentsEntry {
            level: number.split('.').count(),
            number,
            title: rest.trim().to_string(),
            line: line_number,
        }
    } else {
        ContentsEntry {
            number: String::new(),
            level: 1,
            title: line.to_string(),
            line: line_number,
        }
    }
}

/// True for a heading line that opens a table of contents.
pub fn is_contents_heading(line: &str) -> bool {
    let line = line.trim().trim_end_matches(':');
    line.eq_ignore_ascii_case("table of contents") || line.eq_ignore_ascii_case("contents")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_levels_follow_the_number_depth() {
        let e = contents_line("2.1. Key concepts", 3);
        assert_eq!(
            (e.number.as_str(), e.level, e.title.as_str()),
            ("2.1", 2, "Key concepts")
        );
        let e = contents_line("1. Introduction", 1);
        assert_eq!((e.number.as_str(), e.level), ("1", 1));
        let e = contents_line("Appendix", 1);
        assert_eq!(
            (e.number.as_str(), e.level, e.title.as_str()),
            ("", 1, "Appendix")
        );
        let e = contents_line("2024 in review", 1);
        assert_eq!(
            (e.number.as_str(), e.title.as_str()),
            ("", "2024 in review")
        );
    }

    #[test]
    fn kind_labels_match_without_case() {
        let kinds = KindLabels::new(&["Dossier".to_string()]);
        assert_eq!(kinds.canonical("policy brief"), Some("Policy Brief"));
        assert_eq!(kinds.canonical(" DOSSIER "), Some("Dossier"));
        assert_eq!(kinds.canonical("Paperwork"), None);
    }
}
