//! A build: find the sources, read and repair each, render every format,
//! write each output atomically. One failed source never stops the others.

mod manifest;
mod report;
pub mod shard;
mod target;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use manifest::{Entry, KeyHasher, Manifest};
pub use report::{merge as merge_reports, OutputReport, Report, SourceReport};
pub use target::{output_format, Target, UsageError};

use anyhow::{anyhow, bail, Context, Result};
use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Config;
use crate::model::Collection;
use crate::normalise::{self, Lexicon, Repair, RepairKind};
use crate::read::{self, Finding, KindLabels, SourceFormat};
use crate::render::{self, Backend, Document, Format, RenderOptions, Rendered};

/// Formats built when neither `--format` nor `imprint.toml` names any.
pub const DEFAULT_FORMATS: &[Format] = &Format::ALL;

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
    /// Worker threads; all cores when unset.
    pub jobs: Option<usize>,
    /// Rebuild outputs even when they are up to date.
    pub force: bool,
    pub shard: Option<Shard>,
    /// Print the JSON report on stdout instead of one line per output.
    pub report_json: bool,
    /// `-o FILE` or `-o -`: the one output of the one source goes exactly there.
    pub output: Option<Target>,
    /// Fail a source on any warning or finding (`--strict`).
    pub strict: bool,
    /// Whether the layouts folder was named (`--layouts`, `imprint.toml`):
    /// then it must exist; the default `layouts/` may be absent.
    pub layouts_named: bool,
    /// Whether the build date was fixed (SOURCE_DATE_EPOCH or imprint.toml)
    /// rather than taken from the clock.
    pub date_is_fixed: bool,
    /// Extra kind labels and protected words, as text, for the manifest key.
    pub word_settings: String,
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
            jobs: None,
            force: false,
            shard: None,
            report_json: false,
            output: None,
            strict: false,
            layouts_named: layouts.is_some() || config.layouts.is_some(),
            date_is_fixed: std::env::var_os("SOURCE_DATE_EPOCH").is_some() || config.date.is_some(),
            word_settings: format!("{:?} {:?}", config.kinds, config.keep),
            title: config.title.clone(),
            language: config.language.clone(),
            kinds: KindLabels::new(&config.kinds),
            lexicon: Lexicon::load(&config.keep)?,
            render: RenderOptions {
                layouts: layouts
                    .or(config.layouts.clone())
                    .unwrap_or_else(|| PathBuf::from("layouts")),
                width: config.width.unwrap_or(72),
                date: build_date(config)?,
                publisher: config.publisher.clone(),
                identifier: config.identifier.clone(),
                pdf_standard: None,
            },
        })
    }
}

/// `SOURCE_DATE_EPOCH` when set (reproducible builds), else the config's
/// date, else now.
fn build_date(config: &Config) -> Result<DateTime<Utc>> {
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            anyhow!("SOURCE_DATE_EPOCH must be a whole number of seconds, not `{epoch}`")
        })?;
        return DateTime::from_timestamp(seconds, 0)
            .ok_or_else(|| anyhow!("SOURCE_DATE_EPOCH `{epoch}` is out of range"));
    }
    if let Some(date) = config.date.as_deref() {
        if let Ok(moment) = DateTime::parse_from_rfc3339(date) {
            return Ok(moment.with_timezone(&Utc));
        }
        let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
            anyhow!(
                "{}: date `{date}` is not YYYY-MM-DD or RFC 3339",
                config.name()
            )
        })?;
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
    let bytes = read::source_bytes(path)?;
    prepare_bytes(path, bytes, settings)
}

fn prepare_bytes(path: &Path, bytes: Vec<u8>, settings: &Settings) -> Result<Prepared> {
    // Standard input has no extension to go by: listing text unless --from says.
    let from = match target::is_stdin(path) {
        true => settings.from.or(Some(SourceFormat::Txt)),
        false => settings.from,
    };
    let path = target::shown(path);
    let source = read::read_bytes(path, bytes, from, &settings.kinds)?;
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
    // A source that gives no language gets the configured one, else en-GB.
    if collection.language.trim().is_empty() {
        collection.language = settings
            .language
            .clone()
            .unwrap_or_else(crate::model::default_language);
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
        if target::is_stdin(path) {
            sources.push(path.clone());
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| anyhow!("{}: {}", path.display(), e))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("{}: cannot list the folder", path.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                // Anything with a source's name that is not a folder is a
                // source, so a broken link or a symlink loop fails with its
                // reason instead of being skipped without a word.
                .filter(|p| !p.is_dir() && SourceFormat::from_path(p).is_some())
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
    // A file named twice (`sources sources/a.txt`, `./a.txt a.txt`) is one
    // source, not two that would overwrite each other's outputs.
    let mut seen = std::collections::HashSet::new();
    sources.retain(|source| seen.insert(source.canonicalize().unwrap_or_else(|_| source.clone())));
    Ok(sources)
}

/// Which of N deterministic slices of the sources to build (`--shard K/N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Shard, String> {
        let parsed = text
            .split_once('/')
            .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
        match parsed {
            Some((index, count)) if count >= 1 && (1..=count).contains(&index) => {
                Ok(Shard { index, count })
            }
            _ => Err(format!("`{text}` is not K/N with 1 <= K <= N (e.g. 2/3)")),
        }
    }
}

impl Shard {
    /// A source belongs to a shard by a hash of its file name, so adding a
    /// source never moves the others to another shard.
    fn contains(&self, source: &Path) -> bool {
        let mut hasher = KeyHasher::default();
        hasher.add(output_stem(source).as_bytes());
        let key = hasher.finish();
        let value = u64::from_str_radix(&key[..16], 16).expect("a hex digest");
        (value % self.count as u64) as usize == self.index - 1
    }
}

/// Set by Ctrl-C: sources not yet started are reported as interrupted;
/// those in flight finish writing (atomically) first.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C stopped the build.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// The backends of a build, made once from the layouts (and kept by
/// `watch` until a layout or font changes), with the files they read.
pub struct Backends {
    list: Vec<Box<dyn Backend>>,
    /// Layout files and fonts read, and whether each was built in.
    used: Vec<(PathBuf, bool)>,
}

impl Backends {
    pub fn new(settings: &Settings) -> Result<Backends> {
        crate::layouts::check_folder(&settings.render.layouts, settings.layouts_named)?;
        let list = settings
            .formats
            .iter()
            .map(|&format| render::backend(format, &settings.render))
            .collect::<Result<_>>()?;
        let used = crate::layouts::take_used();
        if settings.verbosity == Verbosity::Verbose {
            for (path, _) in &used {
                eprintln!("imprint: using {}", path.display());
            }
        }
        Ok(Backends { list, used })
    }

    /// The layout files and fonts the backends read.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.used.iter().map(|(path, _)| path.as_path())
    }
}

/// From here on, Ctrl-C lets sources in flight finish and stops the rest.
pub fn catch_interrupts() {
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
}

pub fn build(paths: &[PathBuf], settings: &Settings) -> Result<Report> {
    build_with(paths, settings, &Backends::new(settings)?)
}

pub fn build_with(paths: &[PathBuf], settings: &Settings, backends: &Backends) -> Result<Report> {
    let started = Instant::now();
    let mut sources = collect_sources(paths)?;
    check_output_names(&sources)?;
    if let Some(shard) = settings.shard {
        sources.retain(|s| shard.contains(s));
    }
    if settings.output.is_some() && sources.len() != 1 {
        return Err(UsageError(format!(
            "-o names one output, but there are {} sources; use --out DIR for several",
            sources.len()
        ))
        .into());
    }
    if settings.output.is_none() {
        std::fs::create_dir_all(&settings.out).with_context(|| {
            format!(
                "{}: cannot create the output folder",
                settings.out.display()
            )
        })?;
    }
    let stdin = match sources.iter().any(|s| target::is_stdin(s)) {
        true => target::read_stdin()?,
        false => Vec::new(),
    };
    catch_interrupts();

    // With -o there is no output folder to keep a manifest in: always built.
    let manifest = if settings.force || settings.output.is_some() {
        Manifest::default()
    } else {
        Manifest::load(&settings.out)
    };
    let fingerprint = settings_fingerprint(settings, &backends.used);
    let assets = assets_fingerprints(&sources);
    let progress = progress_bar(sources.len(), settings.verbosity);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let results: Vec<(SourceReport, Vec<(PathBuf, Entry)>)> = pool.install(|| {
        sources
            .par_iter()
            .map(|source| {
                let mut key = fingerprint.clone();
                key.add(
                    assets
                        .get(source_folder(source))
                        .map_or(&b""[..], |a| a.as_bytes()),
                );
                let result = build_one(source, settings, &backends.list, &manifest, key, &stdin);
                progress.inc(1);
                result
            })
            .collect()
    });
    progress.finish_and_clear();

    let mut manifest = manifest;
    let mut reports = Vec::with_capacity(results.len());
    for (report, built) in results {
        for (path, entry) in built {
            manifest.record(&path, entry);
        }
        reports.push(report);
    }
    if settings.output.is_none() {
        write_atomically(
            &settings.out.join(manifest::FILE_NAME),
            &manifest.to_bytes(),
        )?;
    }
    let report = Report::new(reports, started.elapsed().as_secs_f64());
    print_outcome(&report, settings)?;
    Ok(report)
}

fn progress_bar(len: usize, verbosity: Verbosity) -> ProgressBar {
    if verbosity == Verbosity::Quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} sources, {elapsed} ({eta} left)")
            .expect("a valid progress template"),
    );
    bar
}

/// Messages on stderr, results on stdout: the JSON report, or one line per
/// output written (and, with -v, per output skipped).
fn print_outcome(report: &Report, settings: &Settings) -> Result<()> {
    let quiet = settings.verbosity == Verbosity::Quiet;
    let mut stdout = std::io::stdout().lock();
    for source in &report.sources {
        if !quiet {
            for warning in &source.warnings {
                // A warning that names its own place (`file:line: …`) is shown as it is.
                if warning.starts_with(&format!("{}:", source.source)) {
                    eprintln!("imprint: warning: {warning}");
                } else {
                    eprintln!("imprint: warning: {}: {warning}", source.source);
                }
            }
        }
        for error in &source.errors {
            eprintln!("imprint: error: {}: {error}", source.source);
        }
        // With `-o -` standard output holds the output itself.
        if quiet || settings.report_json || settings.output == Some(Target::Stdout) {
            continue;
        }
        for output in &source.outputs {
            if !output.skipped {
                writeln!(stdout, "wrote {}", output.path)?;
            } else if settings.verbosity == Verbosity::Verbose {
                writeln!(stdout, "unchanged {}", output.path)?;
            }
        }
    }
    if settings.report_json {
        serde_json::to_writer_pretty(&mut stdout, report)?;
        writeln!(stdout)?;
    } else if settings.verbosity == Verbosity::Verbose {
        let t = &report.totals;
        eprintln!(
            "imprint: {} sources, {} outputs written, {} unchanged, {} failed, {:.2} s",
            t.sources, t.written, t.skipped, t.failed, t.seconds
        );
    }
    Ok(())
}

/// What every output of this build depends on besides its own source: the
/// imprint version, the settings that change output, and the layout files
/// and fonts the backends read (`used`: each path, whether it was built in,
/// and a project file's contents).
fn settings_fingerprint(settings: &Settings, used: &[(PathBuf, bool)]) -> KeyHasher {
    let mut hasher = KeyHasher::default();
    let render = &settings.render;
    hasher
        .add(env!("CARGO_PKG_VERSION").as_bytes())
        .add(
            format!(
                "{:?}",
                (
                    &settings.from,
                    settings.repair,
                    &settings.title,
                    &settings.language
                )
            )
            .as_bytes(),
        )
        .add(
            format!(
                "{:?}",
                (
                    render.width,
                    &render.publisher,
                    &render.identifier,
                    render.pdf_standard
                )
            )
            .as_bytes(),
        )
        .add(settings.word_settings.as_bytes());
    // The date only matters when it is fixed; "now" must not defeat skipping.
    if settings.date_is_fixed {
        hasher.add(render.date.to_rfc3339().as_bytes());
    }
    for (path, built_in) in used {
        hasher.add(path.to_string_lossy().as_bytes());
        // A built-in file changes only with the version, hashed above.
        if !built_in {
            hasher.add(&std::fs::read(path).unwrap_or_default());
        }
    }
    hasher
}

/// The folder that holds a source, where its images and cover live.
fn source_folder(source: &Path) -> &Path {
    source
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// For each source folder, a hash of the files in it that are not sources
/// (covers, images), so a changed picture rebuilds the outputs using it.
fn assets_fingerprints(sources: &[PathBuf]) -> std::collections::HashMap<&Path, String> {
    let mut folders = std::collections::HashMap::new();
    for source in sources.iter().filter(|s| !target::is_stdin(s)) {
        folders
            .entry(source_folder(source))
            .or_insert_with_key(|folder| {
                let mut hasher = KeyHasher::default();
                hasher.add_tree(folder, |file| SourceFormat::from_path(file).is_none());
                hasher.finish()
            });
    }
    folders
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
    target::shown(source)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string())
}

/// Builds every format of one source. Outputs that are up to date are
/// skipped; the rest are rendered, and only when all rendered is anything
/// written, so a failure never leaves one format new and another old.
fn build_one(
    source: &Path,
    settings: &Settings,
    backends: &[Box<dyn Backend>],
    manifest: &Manifest,
    key: KeyHasher,
    stdin: &[u8],
) -> (SourceReport, Vec<(PathBuf, Entry)>) {
    let started = Instant::now();
    let mut report = SourceReport {
        source: target::shown(source).display().to_string(),
        ..SourceReport::default()
    };
    let mut built = Vec::new();
    if INTERRUPTED.load(Ordering::SeqCst) {
        report
            .errors
            .push("interrupted before it was built".to_string());
        return (report, built);
    }
    if let Err(error) = render_and_write(
        source,
        settings,
        backends,
        manifest,
        key,
        stdin,
        &mut report,
        &mut built,
    ) {
        report.errors.push(format!("{error:#}"));
    }
    report.seconds = started.elapsed().as_secs_f64();
    (report, built)
}

fn render_and_write(
    source: &Path,
    settings: &Settings,
    backends: &[Box<dyn Backend>],
    manifest: &Manifest,
    mut source_key: KeyHasher,
    stdin: &[u8],
    report: &mut SourceReport,
    built: &mut Vec<(PathBuf, Entry)>,
) -> Result<()> {
    let from_stdin = target::is_stdin(source);
    let bytes = match from_stdin {
        true => stdin.to_vec(),
        false => read::source_bytes(source)?,
    };
    let stem = output_stem(source);
    let source_dir = source_folder(source);
    source_key.add(&bytes);
    let mut stale = Vec::new();
    for backend in backends {
        let format = backend.format();
        let path = match &settings.output {
            Some(target) => target.path(),
            None => settings.out.join(format!("{stem}.{}", format.extension())),
        };
        let mut key = source_key.clone();
        key.add(format.extension().as_bytes());
        let key = key.finish();
        // Standard input is never "unchanged"; --strict must see every warning.
        let may_skip = !from_stdin && !settings.strict;
        match manifest.fresh(&path, &key).filter(|_| may_skip) {
            Some(entry) => report.outputs.push(OutputReport::new(
                &path,
                format,
                entry.bytes,
                entry.pages,
                true,
            )),
            None => stale.push((backend, path, key)),
        }
    }
    if stale.is_empty() {
        return Ok(());
    }
    // The bytes become the text (no copy for UTF-8). Only the repairs'
    // count is reported: the log need not be held while the outputs render
    // (large for a long listing).
    let mut prepared = prepare_bytes(source, bytes, settings)?;
    report.repairs = std::mem::take(&mut prepared.repairs).len();
    report.warnings.extend(prepared.decode_note.clone());
    report
        .warnings
        .extend(crate::images::missing(&prepared.collection, source_dir));
    if settings.strict {
        report.warnings.extend(
            prepared
                .findings
                .iter()
                .map(|f| format!("{}:{}: {}", f.file, f.line, f.message)),
        );
    }
    let doc = Document {
        collection: &prepared.collection,
        stem: &stem,
        source_dir,
    };
    let rendered: Vec<Rendered> = stale
        .par_iter()
        .map(|(backend, _, _)| {
            backend
                .render(&doc)
                .with_context(|| format!("cannot render {}", backend.format().extension()))
        })
        .collect::<Result<_>>()?;
    for output in &rendered {
        for warning in &output.warnings {
            // The PDF and the EPUB may say the same thing about one image.
            if !report.warnings.contains(warning) {
                report.warnings.push(warning.clone());
            }
        }
    }
    if settings.strict && !report.warnings.is_empty() {
        bail!(
            "--strict: {} warning(s), so nothing was written for this source",
            report.warnings.len()
        );
    }
    for ((backend, path, key), output) in stale.iter().zip(rendered) {
        match &settings.output {
            Some(target) => target.write(&output.bytes)?,
            None => write_atomically(path, &output.bytes)?,
        }
        let bytes = output.bytes.len() as u64;
        report.outputs.push(OutputReport::new(
            path,
            backend.format(),
            bytes,
            output.pages,
            false,
        ));
        if settings.output.is_some() {
            continue;
        }
        built.push((
            path.clone(),
            Entry {
                key: key.clone(),
                bytes,
                pages: output.pages,
            },
        ));
    }
    Ok(())
}

/// Writes through a temporary file in the same folder, then renames it into
/// place: readers see the old file or the new one, never a partial one, and
/// a symlink at the output name is replaced, not followed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".imprint-").suffix(".tmp");
    // A temporary file would be private (0600); an output is an ordinary
    // file, made as other tools make files: 0644 less the umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut temp = builder
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot write in this folder", dir.display()))?;
    temp.write_all(bytes)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_replace_the_old_file_whole_and_are_ordinary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.txt");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
        #[cfg(unix)]
        {
            // Readable by others as far as the umask allows, as a file
            // another tool makes (0666 less the umask), not execute.
            use std::os::unix::fs::PermissionsExt;
            let other = dir.path().join("other");
            std::fs::write(&other, b"").unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), mode(&other) & 0o644);
        }
    }
}
