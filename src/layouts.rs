//! Layout files and fonts: a project's own where it has them, else the ones
//! built into the binary, file by file. So `imprint build notes.md` works in
//! any folder, and a project may hold only the one file it changes
//! (`layouts/epub/style.css`).
//!
//! What stays an error: a layouts folder that was named (`--layouts`,
//! `imprint.toml`) but does not exist, a file that exists but cannot be read
//! or parsed (the backends say so), and a font that a project's own layout
//! names but that is not there.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};

use crate::init::PROJECT_FILES;

/// One layout file or font, read.
pub struct LayoutFile {
    /// Where it came from, as messages name it.
    pub path: PathBuf,
    pub bytes: Cow<'static, [u8]>,
    pub built_in: bool,
}

impl LayoutFile {
    /// The contents as text, for templates and settings files.
    pub fn text(&self) -> Result<&str> {
        std::str::from_utf8(&self.bytes)
            .with_context(|| format!("{}: not UTF-8 text", self.path.display()))
    }
}

/// The files read since the last `take_used`, each with its origin: what
/// `-v` prints and what the incremental-build key hashes.
static USED: Mutex<BTreeMap<PathBuf, bool>> = Mutex::new(BTreeMap::new());

/// Files the backends read, sorted, with whether each was built in.
pub fn take_used() -> Vec<(PathBuf, bool)> {
    let mut used = USED.lock().unwrap_or_else(|e| e.into_inner());
    std::mem::take(&mut *used).into_iter().collect()
}

fn record(file: LayoutFile) -> LayoutFile {
    let mut used = USED.lock().unwrap_or_else(|e| e.into_inner());
    used.insert(file.path.clone(), file.built_in);
    file
}

/// A layouts folder that was named must exist; the default one may be absent.
pub fn check_folder(dir: &Path, named: bool) -> Result<()> {
    if named && !dir.is_dir() {
        bail!(
            "{}: the layouts folder does not exist (leave it out to use the built-in layouts, or run `imprint init` to get a copy to edit)",
            dir.display()
        );
    }
    Ok(())
}

/// `name` (e.g. `epub/style.css`) from the layouts folder, else built in.
pub fn read(dir: &Path, name: &str) -> Result<LayoutFile> {
    let path = dir.join(name);
    if std::fs::symlink_metadata(&path).is_ok() {
        let bytes = std::fs::read(&path)
            .with_context(|| format!("{}: cannot read the layout file", path.display()))?;
        return Ok(record(LayoutFile {
            path,
            bytes: Cow::Owned(bytes),
            built_in: false,
        }));
    }
    match built_in(&format!("layouts/{name}")) {
        Some(file) => Ok(record(file)),
        None => bail!(
            "{}: no such layout file, and none by that name is built in",
            path.display()
        ),
    }
}

/// A font at `path` (already placed by its layout's rule). A font that is
/// not there is the built-in one of that name when a built-in layout names
/// it, or when the project has no fonts folder at all; a font a project's
/// own layout names in a fonts folder it has must be there.
pub fn font(path: &Path, named_in: &LayoutFile) -> Result<LayoutFile> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let folder = path.parent().unwrap_or(Path::new(""));
    let no_fonts_folder = folder.file_name().is_some_and(|f| f == "fonts") && !folder.exists();
    let exists = std::fs::symlink_metadata(path).is_ok();
    if !exists && (named_in.built_in || no_fonts_folder) {
        if let Some(file) = built_in(&format!("fonts/{name}")) {
            return Ok(record(file));
        }
    }
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "{}: cannot read the font named in {}",
            path.display(),
            named_in.path.display()
        )
    })?;
    Ok(record(LayoutFile {
        path: path.to_path_buf(),
        bytes: Cow::Owned(bytes),
        built_in: false,
    }))
}

fn built_in(name: &str) -> Option<LayoutFile> {
    PROJECT_FILES
        .iter()
        .find(|(path, _)| *path == name)
        .map(|(path, bytes)| LayoutFile {
            path: PathBuf::from(format!("<built in>/{path}")),
            bytes: Cow::Borrowed(*bytes),
            built_in: true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_file_wins_and_a_missing_one_is_built_in() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("epub")).unwrap();
        std::fs::write(dir.path().join("epub/style.css"), "p {}").unwrap();
        let css = read(dir.path(), "epub/style.css").unwrap();
        assert!(!css.built_in);
        assert_eq!(&*css.bytes, b"p {}");
        let digest = read(dir.path(), "digest.txt.hbs").unwrap();
        assert!(digest.built_in);
        assert!(digest.text().unwrap().contains("{{"));
        assert!(read(dir.path(), "no-such.hbs").is_err());
    }

    #[test]
    fn fonts_fall_back_only_for_built_in_layouts() {
        let dir = tempfile::tempdir().unwrap();
        let brief = read(dir.path(), "brief.toml").unwrap();
        let font = font(&dir.path().join("fonts/NotoSerif-Regular.ttf"), &brief).unwrap();
        assert!(font.built_in);
        // A project's own layout: built in only while it has no fonts folder.
        std::fs::write(dir.path().join("brief.toml"), "x").unwrap();
        let own = read(dir.path(), "brief.toml").unwrap();
        let named = dir.path().join("fonts/NotoSerif-Regular.ttf");
        assert!(super::font(&named, &own).unwrap().built_in);
        std::fs::create_dir(dir.path().join("fonts")).unwrap();
        let error = super::font(&named, &own).err().unwrap();
        assert!(format!("{error:#}").contains("NotoSerif-Regular.ttf"));
        let unknown = dir.path().join("other/Unknown.ttf");
        assert!(super::font(&unknown, &brief).is_err());
    }

    #[test]
    fn a_named_folder_must_exist() {
        assert!(check_folder(Path::new("/no/such/layouts"), true).is_err());
        assert!(check_folder(Path::new("/no/such/layouts"), false).is_ok());
    }
}
