//! The build report: what `--report json` prints, one document on stdout.
//! Its shape is documented in the README; tests check it.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::render::Format;

#[derive(Debug, Serialize, Deserialize)]
pub struct Report {
    pub imprint: String,
    pub sources: Vec<SourceReport>,
    pub totals: Totals,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SourceReport {
    pub source: String,
    pub outputs: Vec<OutputReport>,
    /// Number of repairs the normaliser made (none when all outputs were skipped).
    pub repairs: usize,
    pub warnings: Vec<String>,
    pub errors: Vec<String>,
    pub seconds: f64,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct OutputReport {
    pub path: String,
    pub format: String,
    pub bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    /// True when the output was up to date and not rebuilt.
    pub skipped: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
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
            format: format.extension().to_string(),
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
            imprint: env!("CARGO_PKG_VERSION").to_string(),
            sources,
            totals,
        }
    }
}

/// `imprint report merge`: one report from the `--report json` files of a
/// sharded build, given in shard order: their sources one after another,
/// totals summed, `seconds` the longest shard's (shards run side by side).
pub fn merge(files: &[PathBuf]) -> Result<Report> {
    let mut merged = Report::new(Vec::new(), 0.0);
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read the report", file.display()))?;
        let report: Report = serde_json::from_str(&text).with_context(|| {
            format!(
                "{}: not a report from `imprint build --report json`",
                file.display()
            )
        })?;
        let (t, m) = (&report.totals, &mut merged.totals);
        m.sources += t.sources;
        m.failed += t.failed;
        m.written += t.written;
        m.skipped += t.skipped;
        m.pages += t.pages;
        m.bytes += t.bytes;
        m.seconds = m.seconds.max(t.seconds);
        merged.sources.extend(report.sources);
    }
    Ok(merged)
}
