//! The build report: what `--report json` prints, one document on stdout.
//! Its shape is documented in the README; tests check it.

use serde::Serialize;

use crate::render::Format;

#[derive(Debug, Serialize)]
pub struct Report {
    pub imprint: &'static str,
    pub sources: Vec<SourceReport>,
    pub totals: Totals,
}

#[derive(Debug, Default, Serialize)]
pub struct SourceReport {
    pub source: String,
    pub outputs: Vec<OutputReport>,
    /// Number of repairs the normaliser made (none when all outputs were skipped).
    pub repairs: usize,
    pub warnings: Vec<String>,
    pub errors: Vec<String>,
    pub seconds: f64,
}

#[derive(Debug, Serialize)]
pub struct OutputReport {
    pub path: String,
    pub format: &'static str,
    pub bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    /// True when the output was up to date and not rebuilt.
    pub skipped: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub sources: usize,
    pub failed: usize,
    pub written: usize,
    pub skipped: usize,
    pub pages: usize,
    pub bytes: u64,
    pub seconds: f64,
}

impl OutputReport {
    pub fn new(
        path: &std::path::Path,
        format: Format,
        bytes: u64,
        pages: Option<usize>,
        skipped: bool,
    ) -> OutputReport {
        OutputReport {
            path: path.display().to_string(),
            format: format.extension(),
            bytes,
            pages,
            skipped,
        }
    }
}

impl Report {
    pub fn new(sources: Vec<SourceReport>, seconds: f64) -> Report {
        let mut totals = Totals {
            sources: sources.len(),
            seconds,
            ..Totals::default()
        };
        for source in &sources {
            totals.failed += usize::from(!source.errors.is_empty());
            for output in &source.outputs {
                if output.skipped {
                    totals.skipped += 1;
                } else {
                    totals.written += 1;
                }
                totals.pages += output.pages.unwrap_or(0);
                totals.bytes += output.bytes;
            }
        }
        Report {
            imprint: env!("CARGO_PKG_VERSION"),
            sources,
            totals,
        }
    }
}
