//! One file in and one out: `build -` reads the source from standard input,
//! `-o FILE` writes the one output exactly there and `-o -` to standard
//! output, for pipes and scripts.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::render::Format;

/// Where `-o` sends the one output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    Stdout,
}

impl Target {
    pub fn parse(text: &Path) -> Target {
        if text == Path::new("-") {
            Target::Stdout
        } else {
            Target::File(text.to_path_buf())
        }
    }

    /// The output path as reports name it.
    pub fn path(&self) -> PathBuf {
        match self {
            Target::File(path) => path.clone(),
            Target::Stdout => PathBuf::from("-"),
        }
    }

    /// Writes the output: a file atomically (creating its folders), or
    /// standard output in one piece.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        match self {
            Target::File(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).with_context(|| {
                        format!("{}: cannot create the folder", parent.display())
                    })?;
                }
                super::write_atomically(path, bytes)
            }
            Target::Stdout => {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(bytes)?;
                stdout.flush()?;
                Ok(())
            }
        }
    }
}

/// A mistake in how the command was called (exit 2), as opposed to a
/// source that failed (exit 1).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The formats `-o` can write, checked before anything is read: a file's
/// format follows its extension; standard output takes exactly one format,
/// and never a binary one when it is a terminal.
pub fn output_format(
    target: &Target,
    asked: &[Format],
    named: bool,
) -> std::result::Result<Format, UsageError> {
    let format = match target {
        Target::File(path) => {
            let extension = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            let Some(format) = Format::parse(&extension) else {
                return Err(UsageError(format!(
                    "-o {}: the output's extension says its format: .pdf, .epub or .txt",
                    path.display()
                )));
            };
            if named && asked != [format] {
                return Err(UsageError(format!(
                    "-o {} writes one {} file; --format asks for something else",
                    path.display(),
                    format.extension()
                )));
            }
            format
        }
        Target::Stdout => match asked {
            [format] => *format,
            _ => {
                return Err(UsageError(
                    "-o - writes one format to standard output: choose it with --format txt, pdf or epub"
                        .to_string(),
                ))
            }
        },
    };
    if *target == Target::Stdout && format != Format::Txt && std::io::stdout().is_terminal() {
        return Err(UsageError(format!(
            "refusing to write a binary {} to a terminal; redirect it (> file.{}) or pipe it",
            format.extension().to_uppercase(),
            format.extension()
        )));
    }
    Ok(format)
}

/// `-` as a source: standard input.
pub fn is_stdin(source: &Path) -> bool {
    source == Path::new("-")
}

/// The name a source has in messages and models: `stdin` for `-`.
pub fn shown(source: &Path) -> &Path {
    if is_stdin(source) {
        Path::new("stdin")
    } else {
        source
    }
}

/// All of standard input.
pub fn read_stdin() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .context("stdin: cannot read standard input")?;
    Ok(bytes)
}
