//! Where a source's images are, and what is said when one cannot be used.
//!
//! A path that leaves the sources folder (absolute, `..`, a symlink out) is
//! an error: it is never read. A picture that is simply missing or cannot
//! be decoded is a warning naming the image reference's `file:line`, and
//! the outputs show its description (alt text) instead.

use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use crate::model::{resolve_asset, Collection};

/// The image file `src` names, `None` when nothing is there; an error when
/// the path would leave `source_dir`.
pub fn locate(source_dir: &Path, src: &str) -> Result<Option<PathBuf>> {
    if stays_inside(src) && std::fs::symlink_metadata(source_dir.join(src)).is_err() {
        return Ok(None);
    }
    resolve_asset(source_dir, src).map(Some)
}

/// Whether `src` names a place inside its folder, by its text alone.
pub fn stays_inside(src: &str) -> bool {
    let mut depth: usize = 0;
    for component in Path::new(src).components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => depth -= 1,
            _ => return false,
        }
    }
    true
}

/// The warning for an image the outputs show as its description.
pub fn unusable(file: &str, line: usize, src: &str, problem: &str) -> String {
    let place = match line {
        0 => file.to_string(),
        line => format!("{file}:{line}"),
    };
    format!("{place}: image `{src}` {problem}; its description is shown instead")
}

/// Every image of a collection kept on disk (images on the web are never
/// fetched), with its publication's source file, in order.
pub fn all(collection: &Collection) -> Vec<(&str, &str, usize)> {
    let mut out = Vec::new();
    for publication in &collection.publications {
        for (src, line) in crate::model::images(&publication.summary) {
            if !crate::model::is_remote_image(src) {
                out.push((publication.source.file.as_str(), src, line));
            }
        }
    }
    out
}

/// A warning for each image that is not there, whatever the formats built
/// (the digest never opens images, so this is where a missing one is said).
pub fn missing(collection: &Collection, source_dir: &Path) -> Vec<String> {
    let mut warnings = Vec::new();
    for (file, src, line) in all(collection) {
        if let Ok(None) = locate(source_dir, src) {
            let warning = unusable(file, line, src, "is missing");
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_is_none_and_leaving_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.png"), b"x").unwrap();
        assert!(locate(dir.path(), "a.png").unwrap().is_some());
        assert!(locate(dir.path(), "gone.png").unwrap().is_none());
        assert!(locate(dir.path(), "sub/../gone.png").unwrap().is_none());
        assert!(locate(dir.path(), "../gone.png").is_err());
        assert!(locate(dir.path(), "/etc/passwd").is_err());
        assert!(locate(dir.path(), "/no/such/file.png").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_is_an_error_even_when_broken() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("out.png")).unwrap();
        std::os::unix::fs::symlink("/no/such/file", dir.path().join("broken.png")).unwrap();
        assert!(locate(dir.path(), "out.png").is_err());
        assert!(locate(dir.path(), "broken.png").is_err());
    }
}
