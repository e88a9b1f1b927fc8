//! A build: find the sources, read and repair each, render every format,
//! write each output atomically. One failed source never stops the others.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Config;
use crate::model::Collection;
use crate::normalise::{self, Lexicon, Repair, RepairKind};
use crate::read::{self, Finding, KindLabels, SourceFormat};
use crate::render::{self, Backend, Document, Format, RenderOptions};

/// Formats built when neither `--format` nor `imprint.toml` names any.
pub const DEFAULT_FORMATS: &[Format] = &[Format::Txt];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Everything a build needs, resolved once from flags and `imprint.toml`.
pub struct Settings {
    pub out: PathBuf,
    pub formats: Vec<Format>,
    pub from: Option<SourceFormat>,
    pub repair: bool,
    pub verbosity: Verbosity,
    pub title: Option<String>,
    pub language: Option<String>,
    pub kinds: KindLabels,
    pub lexicon: Lexicon,
    pub render: RenderOptions,
}

impl Settings {
    pub fn new(
        config: &Config,
        layouts: Option<PathBuf>,
        from: Option<SourceFormat>,
        repair: bool,
        verbosity: Verbosity,
    ) -> Result<Settings> {
        Ok(Settings {
            out: PathBuf::from("output"),
            formats: DEFAULT_FORMATS.to_vec(),
            from,
            repair,
            verbosity,
            title: config.title.clone(),
            language: config.language.clone(),
            kinds: KindLabels::new(&config.kinds),
            lexicon: Lexicon::load(&config.keep)?,
            render: RenderOptions {
                layouts: layouts
                    .or(config.layouts.clone())
                    .unwrap_or_else(|| PathBuf::from("layouts")),
                width: config.width.unwrap_or(72),
                date: build_date(config.date.as_deref())?,
                publisher: config.publisher.clone(),
                identifier: config.identifier.clone(),
            },
        })
    }
}

/// `SOURCE_DATE_EPOCH` when set (reproducible builds), else the config's
/// date, else now.
fn build_date(configured: Option<&str>) -> Result<DateTime<Utc>> {
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            anyhow!("SOURCE_DATE_EPOCH must be a whole number of seconds, not `{epoch}`")
        })?;
        return DateTime::from_timestamp(seconds, 0)
            .ok_or_else(|| anyhow!("SOURCE_DATE_EPOCH `{epoch}` is out of range"));
    }
    if let Some(date) = configured {
        if let Ok(moment) = DateTime::parse_from_rfc3339(date) {
            return Ok(moment.with_timezone(&Utc));
        }
        let day = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|_| anyhow!("imprint.toml: date `{date}` is not YYYY-MM-DD or RFC 3339"))?;
        return Ok(day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
    }
    Ok(Utc::now())
}

/// A source read and repaired, ready to render.
pub struct Prepared {
    pub collection: Collection,
    pub findings: Vec<Finding>,
    pub repairs: Vec<Repair>,
    pub decode_note: Option<String>,
}

pub fn prepare(path: &Path, settings: &Settings) -> Result<Prepared> {
    let source = read::read_file(path, settings.from, &settings.kinds)?;
    let mut collection = source.collection;
    let mut repairs = Vec::new();
    if let Some(note) = &source.decode_note {
        repairs.push(Repair {
            kind: RepairKind::Encoding,
            before: String::new(),
            after: String::new(),
            file: path.display().to_string(),
            line: 1,
            why: note.clone(),
        });
    }
    if settings.repair {
        repairs.extend(normalise::repair(&mut collection, &settings.lexicon));
    }
    if let Some(title) = &settings.title {
        collection.title = title.clone();
    }
    if let Some(language) = &settings.language {
        if collection.language.is_empty() {
            collection.language = language.clone();
        }
    }
    Ok(Prepared {
        collection,
        findings: source.findings,
        repairs,
        decode_note: source.decode_note,
    })
}

/// The source files named by `paths` (files, or folders whose readable
/// files are taken), sorted; `sources/` when no path is given.
pub fn collect_sources(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let default = [PathBuf::from("sources")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut sources = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| anyhow!("{}: {}", path.display(), e))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("{}: cannot list the folder", path.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && SourceFormat::from_path(p).is_some())
                .collect();
            if found.is_empty() {
                bail!(
                    "{}: no sources in this folder (imprint reads .txt, .md and .json files)",
                    path.display()
                );
            }
            found.sort();
            sources.extend(found);
        } else {
            sources.push(path.clone());
        }
    }
    Ok(sources)
}

/// Totals of a build.
pub struct BuildReport {
    pub written: usize,
    pub failed: usize,
}

pub fn build(paths: &[PathBuf], settings: &Settings) -> Result<BuildReport> {
    let sources = collect_sources(paths)?;
    check_output_names(&sources)?;
    let backends: Vec<Box<dyn Backend>> = settings
        .formats
        .iter()
        .map(|&format| render::backend(format, &settings.render))
        .collect::<Result<_>>()?;
    std::fs::create_dir_all(&settings.out).with_context(|| {
        format!(
            "{}: cannot create the output folder",
            settings.out.display()
        )
    })?;
    let mut report = BuildReport {
        written: 0,
        failed: 0,
    };
    for source in &sources {
        match build_one(source, settings, &backends) {
            Ok(written) => report.written += written,
            Err(error) => {
                report.failed += 1;
                eprintln!("imprint: error: {}: {error:#}", source.display());
            }
        }
    }
    Ok(report)
}

/// Two sources with one stem would overwrite each other's outputs.
fn check_output_names(sources: &[PathBuf]) -> Result<()> {
    let mut seen: std::collections::BTreeMap<String, &PathBuf> = Default::default();
    for source in sources {
        let stem = output_stem(source);
        if let Some(first) = seen.insert(stem.clone(), source) {
            bail!(
                "{} and {} would both write outputs named `{stem}`; rename one",
                first.display(),
                source.display()
            );
        }
    }
    Ok(())
}

fn output_stem(source: &Path) -> String {
    source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string())
}

fn build_one(source: &Path, settings: &Settings, backends: &[Box<dyn Backend>]) -> Result<usize> {
    let prepared = prepare(source, settings)?;
    let quiet = settings.verbosity == Verbosity::Quiet;
    if let (Some(note), false) = (&prepared.decode_note, quiet) {
        eprintln!("imprint: warning: {}: {note}", source.display());
    }
    let stem = output_stem(source);
    let source_dir = source
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let doc = Document {
        collection: &prepared.collection,
        stem: &stem,
        source_dir,
    };
    // Render everything first so a failure in one format writes nothing half-done.
    let mut rendered = Vec::new();
    for backend in backends {
        let output = backend
            .render(&doc)
            .with_context(|| format!("cannot render {}", backend.format().extension()))?;
        rendered.push((backend.format(), output));
    }
    for (format, output) in &rendered {
        let path = settings.out.join(format!("{stem}.{}", format.extension()));
        write_atomically(&path, &output.bytes)?;
        if !quiet {
            for warning in &output.warnings {
                eprintln!("imprint: warning: {}: {warning}", source.display());
            }
            println!("wrote {}", path.display());
        }
    }
    Ok(rendered.len())
}

/// Writes through a temporary file in the same folder, then renames it into
/// place: readers see the old file or the new one, never a partial one, and
/// a symlink at the output name is replaced, not followed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".imprint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot write in this folder", dir.display()))?;
    temp.write_all(bytes)
        .and_then(|_| temp.as_file().sync_data())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    temp.persist(path)
        .map_err(|e| anyhow!("{}: cannot write: {}", path.display(), e.error))?;
    Ok(())
}

/// `imprint check`: findings and repairs for each source.
pub fn check(paths: &[PathBuf], settings: &Settings, json: bool, strict: bool) -> Result<ExitCode> {
    let sources = collect_sources(paths)?;
    let mut findings = Vec::new();
    let mut repairs = Vec::new();
    let mut failed = 0;
    for source in &sources {
        match prepare(source, settings) {
            Ok(prepared) => {
                findings.extend(prepared.findings);
                repairs.extend(prepared.repairs);
            }
            Err(error) => {
                failed += 1;
                eprintln!("imprint: error: {}: {error:#}", source.display());
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(
            &mut stdout,
            &serde_json::json!({"findings": findings, "repairs": repairs}),
        )?;
        writeln!(stdout)?;
    } else {
        for finding in &findings {
            writeln!(
                stdout,
                "{}:{}: {}",
                finding.file, finding.line, finding.message
            )?;
        }
        print_repairs(&mut stdout, &repairs)?;
    }
    let attention = failed > 0 || !findings.is_empty() || (strict && !repairs.is_empty());
    Ok(if attention {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The repair log as a table: where, kind, before → after, why.
fn print_repairs(out: &mut impl Write, repairs: &[Repair]) -> Result<()> {
    for repair in repairs {
        let kind = serde_json::to_value(repair.kind)?;
        writeln!(
            out,
            "{}:{}\t{}\t{:?} -> {:?}\t{}",
            repair.file,
            repair.line,
            kind.as_str().unwrap_or_default(),
            repair.before,
            repair.after,
            repair.why
        )?;
    }
    Ok(())
}
