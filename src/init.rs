//! `imprint init`: a new project with every setting explained, an example
//! source and copies of the default layouts and fonts to edit.

use std::path::Path;

use anyhow::{bail, Context, Result};

/// One built-in file: its path in a project and its bytes.
macro_rules! project_file {
    ($path:literal) => {
        ($path, include_bytes!(concat!("../", $path)) as &[u8])
    };
}

/// The default layouts and fonts, built into the binary so a project can
/// be created anywhere. A test checks this list against the folders.
pub const PROJECT_FILES: &[(&str, &[u8])] = &[
    project_file!("fonts/DejaVu-LICENSE.txt"),
    project_file!("fonts/DejaVuSans.ttf"),
    project_file!("fonts/DejaVuSansMono.ttf"),
    project_file!("fonts/Noto-OFL.txt"),
    project_file!("fonts/NotoSans-Bold.ttf"),
    project_file!("fonts/NotoSans-Regular.ttf"),
    project_file!("fonts/NotoSerif-Bold.ttf"),
    project_file!("fonts/NotoSerif-BoldItalic.ttf"),
    project_file!("fonts/NotoSerif-Italic.ttf"),
    project_file!("fonts/NotoSerif-Regular.ttf"),
    project_file!("layouts/brief.toml"),
    project_file!("layouts/digest.txt.hbs"),
    project_file!("layouts/epub/cover.toml"),
    project_file!("layouts/epub/cover.xhtml.hbs"),
    project_file!("layouts/epub/publication.xhtml.hbs"),
    project_file!("layouts/epub/style.css"),
    project_file!("layouts/epub/title.xhtml.hbs"),
    project_file!("layouts/hyphenation/LICENCE.txt"),
    project_file!("layouts/hyphenation/en-gb.standard.bincode"),
];

const CONFIG: &str = r#"# imprint settings. Every line is optional; command-line flags win.

# Replace every collection's title.
# title = "Publications 2025"

# Language when a source gives none.
# language = "en-GB"

# Formats `imprint build` writes when --format is not given.
# formats = ["txt", "pdf", "epub"]

# Digest line width, in terminal columns.
# width = 72

# Output and layouts folders.
# out = "output"
# layouts = "layouts"

# Extra kind labels that end an entry in a listing (besides Paper, Report, ...).
# kinds = ["Dossier"]

# Words the repairs must never change.
# keep = ["DCAF", "OSCE"]

# EPUB publisher, and a fixed identifier (a UUID) instead of one derived from the content.
# publisher = "Our Institute"
# identifier = "0d1c5f1e-2a4b-4c6d-8e9f-0a1b2c3d4e5f"

# Build date when SOURCE_DATE_EPOCH is not set (else the current time).
# date = "2025-01-31"
"#;

const EXAMPLE: &str = r#"---
title: Example Papers
author: A. N. Author
series: Working Papers
---

# A First Paper

Its summary, with *emphasis* and a [link](https://example.org).

*Paper*
"#;

pub fn scaffold(dir: &Path) -> Result<()> {
    let config = dir.join("imprint.toml");
    if config.exists() {
        bail!(
            "{}: already exists; imprint init leaves existing projects alone",
            config.display()
        );
    }
    let files = [
        ("imprint.toml", CONFIG.as_bytes()),
        ("sources/example.md", EXAMPLE.as_bytes()),
    ];
    for (name, bytes) in files.iter().chain(PROJECT_FILES) {
        let path = dir.join(name);
        if path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create", parent.display()))?;
        }
        crate::build::write_atomically(&path, bytes)?;
    }
    std::fs::create_dir_all(dir.join("output"))
        .with_context(|| format!("{}: cannot create", dir.join("output").display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of the shipped layouts/ and fonts/ is built in, so `init`
    /// gives a project that builds like this one.
    #[test]
    fn every_layout_and_font_file_is_built_in() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk = Vec::new();
        for folder in ["layouts", "fonts"] {
            collect(&root.join(folder), root, &mut on_disk);
        }
        on_disk.sort();
        let mut built_in: Vec<String> = PROJECT_FILES
            .iter()
            .map(|(name, _)| name.to_string())
            .collect();
        built_in.sort();
        assert_eq!(on_disk, built_in);
    }

    fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect(&path, root, out);
            } else {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
}
