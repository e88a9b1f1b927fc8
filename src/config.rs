//! `imprint.toml`: project settings, read once into typed structs.
//! Every field is optional; command-line flags override them.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Replaces every collection's title.
    pub title: Option<String>,
    /// Language when a source gives none (default `en-GB`).
    pub language: Option<String>,
    /// Formats to build when `--format` is not given: `txt`, `pdf`, `epub`.
    pub formats: Option<Vec<String>>,
    /// Digest width in terminal columns (default 72).
    pub width: Option<usize>,
    /// Output folder (default `output`).
    pub out: Option<PathBuf>,
    /// Layouts folder (default `layouts`).
    pub layouts: Option<PathBuf>,
    /// Extra kind labels that end a listing entry, besides the built-in ones.
    pub kinds: Vec<String>,
    /// Words the repairs must never change.
    pub keep: Vec<String>,
    /// EPUB publisher.
    pub publisher: Option<String>,
    /// EPUB identifier (a UUID); derived from the content when unset.
    pub identifier: Option<String>,
    /// Build date (`YYYY-MM-DD` or RFC 3339) when `SOURCE_DATE_EPOCH` is unset.
    pub date: Option<String>,
    /// The file these settings came from, for messages (`--config` may name
    /// any file, not only `imprint.toml`).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

impl Config {
    /// Reads `path`, or `imprint.toml` in the current folder when no path
    /// is given and it exists; otherwise the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let path = match path {
            Some(path) => path.to_path_buf(),
            None if Path::new("imprint.toml").exists() => PathBuf::from("imprint.toml"),
            None => return Ok(Config::default()),
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read the config file", path.display()))?;
        let mut config: Config =
            toml::from_str(&text).with_context(|| format!("{}: invalid config", path.display()))?;
        config.path = Some(path);
        Ok(config)
    }

    /// The settings file's name as messages give it.
    pub fn name(&self) -> String {
        self.path
            .as_deref()
            .unwrap_or(Path::new("imprint.toml"))
            .display()
            .to_string()
    }
}
