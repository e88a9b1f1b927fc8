//! `imprint watch`: build, then rebuild whenever a saved file changes what
//! the outputs are made from (a source, its images, a layout, a font, the
//! settings), until Ctrl-C.
//!
//! Folders are watched, not files, so a source an editor deletes and
//! re-creates on save is still seen. The incremental build does the rest:
//! only outputs whose inputs changed are made again.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};

use crate::build::{self, Backends, Settings, Verbosity};

/// Quiet time after a change before rebuilding: an editor's save (write,
/// rename, touch) counts once, and a rebuild still starts well within 300 ms.
const DEBOUNCE: Duration = Duration::from_millis(60);
/// How often the loop looks for Ctrl-C while nothing changes.
const POLL: Duration = Duration::from_millis(100);

pub fn watch(
    paths: &[PathBuf],
    config: Option<&Path>,
    make_settings: impl Fn() -> Result<Settings>,
) -> Result<ExitCode> {
    build::catch_interrupts();
    let mut settings = make_settings()?;
    let mut backends = Backends::new(&settings)?;
    run(paths, &settings, &backends, None);

    let (sender, events) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, sender).context("cannot watch for changes")?;
    let watched = watched_folders(paths, config, &settings, &backends);
    for (folder, mode) in &watched {
        debouncer
            .watcher()
            .watch(folder, *mode)
            .with_context(|| format!("{}: cannot watch this folder", folder.display()))?;
    }
    if settings.verbosity != Verbosity::Quiet {
        eprintln!(
            "imprint: watching {} folder(s); Ctrl-C stops",
            watched.len()
        );
    }
    let mut seen = Seen::default();
    loop {
        if build::interrupted() {
            return Ok(ExitCode::from(130));
        }
        let changed = match events.recv_timeout(POLL) {
            Ok(Ok(events)) => events
                .into_iter()
                .map(|e| e.path)
                .filter(|p| relevant(p, &settings) && seen.changed(p))
                .collect::<BTreeSet<_>>(),
            Ok(Err(error)) => {
                eprintln!("imprint: warning: watching: {error}");
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(ExitCode::from(1)),
        };
        if changed.is_empty() {
            continue;
        }
        let started = SystemTime::now();
        // A changed layout, font or settings file: read them all again.
        if changed
            .iter()
            .any(|p| is_setup(p, config, &settings, &backends))
        {
            match make_settings().and_then(|s| Backends::new(&s).map(|b| (s, b))) {
                Ok((new_settings, new_backends)) => {
                    settings = new_settings;
                    backends = new_backends;
                }
                Err(error) => {
                    eprintln!("imprint: error: {error:#}");
                    continue;
                }
            }
        }
        let saved = changed
            .iter()
            .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            .max();
        let delay = saved.and_then(|saved| started.duration_since(saved).ok());
        run(paths, &settings, &backends, Some((&changed, delay)));
    }
}

/// One build; its errors are printed and watching goes on.
fn run(
    paths: &[PathBuf],
    settings: &Settings,
    backends: &Backends,
    change: Option<(&BTreeSet<PathBuf>, Option<Duration>)>,
) {
    let clock = Instant::now();
    match build::build_with(paths, settings, backends) {
        Ok(report) => {
            let Some((changed, delay)) = change else {
                return;
            };
            let t = &report.totals;
            // A change that altered no output (a file beside the sources
            // that none uses) is not worth a line.
            if settings.verbosity == Verbosity::Quiet || t.written + t.failed == 0 {
                return;
            }
            let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
            let delay = match delay {
                Some(delay) => format!("started {} ms after the save", delay.as_millis()),
                None => "started after a deletion".to_string(),
            };
            eprintln!(
                "imprint: rebuilt after a change to {}: {} written, {} unchanged, {} failed; {delay}, took {:.2} s",
                names.join(", "),
                t.written,
                t.skipped,
                t.failed,
                clock.elapsed().as_secs_f64()
            );
        }
        Err(error) => eprintln!("imprint: error: {error:#}"),
    }
}

/// The size and modification time last seen of each file an event named.
/// Events also come when a file is only opened (by the build itself, which
/// would otherwise rebuild for ever): only a file whose size or time moved,
/// or that appeared or went, counts as changed.
#[derive(Default)]
struct Seen(HashMap<PathBuf, Option<(SystemTime, u64)>>);

impl Seen {
    fn changed(&mut self, path: &Path) -> bool {
        let now = std::fs::metadata(path)
            .ok()
            .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()));
        self.0.insert(path.to_path_buf(), now) != Some(now)
    }
}

/// The folders to watch: each source's folder (or the folder given), the
/// folders holding the layout files and fonts used, and the settings file's.
fn watched_folders(
    paths: &[PathBuf],
    config: Option<&Path>,
    settings: &Settings,
    backends: &Backends,
) -> Vec<(PathBuf, RecursiveMode)> {
    let default = [PathBuf::from("sources")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut folders = BTreeSet::new();
    for path in paths.iter().filter(|p| p.as_os_str() != "-") {
        let folder = if path.is_dir() {
            path.clone()
        } else {
            parent(path)
        };
        folders.insert((folder, false));
    }
    if settings.render.layouts.is_dir() {
        folders.insert((settings.render.layouts.clone(), true));
    }
    for file in backends.files().filter(|f| f.exists()) {
        folders.insert((parent(file), false));
    }
    folders.insert((parent(config.unwrap_or(Path::new("imprint.toml"))), false));
    folders
        .into_iter()
        .filter(|(folder, _)| folder.is_dir())
        .map(|(folder, recursive)| {
            let mode = match recursive {
                true => RecursiveMode::Recursive,
                false => RecursiveMode::NonRecursive,
            };
            (folder, mode)
        })
        .collect()
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether a change can matter: not the build's own writes (its outputs,
/// temporary files and manifest), a folder's own entry, or an editor's
/// hidden, backup and swap files.
fn relevant(path: &Path, settings: &Settings) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let editor_file = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    if editor_file || path.is_dir() {
        return false;
    }
    let out = settings.out.canonicalize().ok();
    let inside_out = |p: &Path| {
        out.as_ref()
            .is_some_and(|out| p.canonicalize().is_ok_and(|p| p.starts_with(out)))
    };
    !inside_out(path) && !path.parent().is_some_and(inside_out)
}

/// Whether the path is a settings, layout or font file rather than a
/// source or an image.
fn is_setup(path: &Path, config: Option<&Path>, settings: &Settings, backends: &Backends) -> bool {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => {
            a.file_name() == b.file_name()
                && parent(a).canonicalize().ok() == parent(b).canonicalize().ok()
        }
    };
    let layouts = settings.render.layouts.canonicalize().ok();
    same(path, config.unwrap_or(Path::new("imprint.toml")))
        || backends.files().any(|file| same(path, file))
        || layouts.is_some_and(|dir| {
            parent(path)
                .canonicalize()
                .is_ok_and(|p| p.starts_with(dir))
        })
}
