//! `layouts/brief.toml`: page geometry, font files, sizes and colours, read
//! once into typed settings (lengths in PostScript points from here on).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

const MM: f32 = 72.0 / 25.4;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BriefFile {
    page: PageFile,
    fonts: FontFiles,
    sizes: Sizes,
    colours: ColourFile,
    running: Running,
    hyphenation: HyphenationFile,
    #[serde(default)]
    title: TitleFile,
    /// "a-1b", "a-2b" or "a-2u": write PDF/A.
    pdf_standard: Option<super::PdfStandard>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TitleFile {
    logo: Option<PathBuf>,
    logo_width: Option<f32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFile {
    #[serde(default = "a4")]
    paper: String,
    margin_top: f32,
    margin_bottom: f32,
    margin_left: f32,
    margin_right: f32,
}

fn a4() -> String {
    "A4".into()
}

/// Font files as written in brief.toml.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FontFiles {
    pub regular: PathBuf,
    pub italic: PathBuf,
    pub bold: PathBuf,
    pub bold_italic: PathBuf,
    pub heading: PathBuf,
    pub label: PathBuf,
    pub fallback: PathBuf,
    /// Code; a brief.toml written before there was code keeps working.
    #[serde(default = "default_mono")]
    pub mono: PathBuf,
}

fn default_mono() -> PathBuf {
    PathBuf::from("fonts/DejaVuSansMono.ttf")
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    pub body: f32,
    pub small: f32,
    pub title: f32,
    pub heading: f32,
    pub subheading: f32,
    pub leading: f32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColourFile {
    text: String,
    accent: String,
    muted: String,
    link: String,
    rule: String,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Running {
    pub header: String,
    pub footer: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HyphenationFile {
    patterns: PathBuf,
    min_word: usize,
}

pub type Rgb = [f32; 3];

#[derive(Clone, Copy)]
pub struct Colours {
    pub text: Rgb,
    pub accent: Rgb,
    pub muted: Rgb,
    pub link: Rgb,
    pub rule: Rgb,
}

/// The page: size and the text area inside the margins, in points.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Page {
    pub fn text_width(&self) -> f32 {
        self.width - self.left - self.right
    }
    pub fn text_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

/// brief.toml, resolved: fonts as absolute paths, lengths in points.
pub struct Brief {
    pub page: Page,
    pub fonts: FontFiles,
    pub sizes: Sizes,
    pub colours: Colours,
    pub running: Running,
    pub patterns: crate::layouts::LayoutFile,
    pub min_hyphenated_word: usize,
    /// brief.toml as read: its fonts fall back to the built-in ones only
    /// when it is the built-in file itself.
    pub file: crate::layouts::LayoutFile,
    /// A PNG or JPEG for the title block, and its width in points.
    pub logo: Option<PathBuf>,
    pub logo_width: Option<f32>,
    pub pdf_standard: Option<super::PdfStandard>,
}

impl Brief {
    pub fn load(layouts: &Path) -> Result<Brief> {
        let brief = crate::layouts::read(layouts, "brief.toml")?;
        let path = brief.path.clone();
        let file: BriefFile = toml::from_str(brief.text()?)
            .with_context(|| format!("{}: not a valid PDF layout", path.display()))?;
        let (width, height) = paper_size(&file.page.paper)
            .with_context(|| format!("{}: [page] paper", path.display()))?;
        let page = Page {
            width,
            height,
            top: file.page.margin_top * MM,
            bottom: file.page.margin_bottom * MM,
            left: file.page.margin_left * MM,
            right: file.page.margin_right * MM,
        };
        if page.text_width() < 72.0 || page.text_height() < 144.0 {
            bail!(
                "{}: the margins leave too little room for text",
                path.display()
            );
        }
        let colours = Colours {
            text: colour(&file.colours.text, &path)?,
            accent: colour(&file.colours.accent, &path)?,
            muted: colour(&file.colours.muted, &path)?,
            link: colour(&file.colours.link, &path)?,
            rule: colour(&file.colours.rule, &path)?,
        };
        let s = file.sizes;
        if [s.body, s.small, s.title, s.heading, s.subheading]
            .iter()
            .any(|&size| !(3.0..=96.0).contains(&size))
            || !(1.0..=3.0).contains(&s.leading)
        {
            bail!(
                "{}: [sizes] must be between 3 and 96 pt, leading between 1 and 3",
                path.display()
            );
        }
        let base = layouts.parent().unwrap_or(Path::new("."));
        let f = file.fonts;
        let fonts = FontFiles {
            regular: font_path(&f.regular, base),
            italic: font_path(&f.italic, base),
            bold: font_path(&f.bold, base),
            bold_italic: font_path(&f.bold_italic, base),
            heading: font_path(&f.heading, base),
            label: font_path(&f.label, base),
            fallback: font_path(&f.fallback, base),
            mono: font_path(&f.mono, base),
        };
        Ok(Brief {
            page,
            fonts,
            sizes: s,
            colours,
            running: file.running,
            patterns: crate::layouts::read(layouts, &file.hyphenation.patterns.to_string_lossy())?,
            min_hyphenated_word: file.hyphenation.min_word.max(4),
            logo: file
                .title
                .logo
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| layouts.join(p)),
            logo_width: file.title.logo_width.map(|mm| mm.clamp(5.0, 500.0) * MM),
            file: brief,
            pdf_standard: file.pdf_standard,
        })
    }
}

/// The rule documented in brief.toml: as written (relative to the current
/// directory), else relative to the layouts folder's parent.
fn font_path(path: &Path, base: &Path) -> PathBuf {
    if path.is_absolute() || path.exists() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

fn paper_size(paper: &str) -> Result<(f32, f32)> {
    match paper.trim().to_ascii_lowercase().as_str() {
        "a4" => return Ok((595.28, 841.89)),
        "letter" => return Ok((612.0, 792.0)),
        _ => {}
    }
    let numbers = paper
        .trim()
        .strip_suffix("mm")
        .map(|dims| dims.split(['x', '×']).map(|n| n.trim().parse::<f32>()));
    if let Some(numbers) = numbers {
        if let [Ok(w), Ok(h)] = numbers.collect::<Vec<_>>()[..] {
            if (50.0..=2000.0).contains(&w) && (50.0..=2000.0).contains(&h) {
                return Ok((w * MM, h * MM));
            }
        }
    }
    bail!("`{paper}` is not a paper size: use A4, Letter or \"W x H mm\" (50 to 2000 mm)")
}

fn colour(hex: &str, path: &Path) -> Result<Rgb> {
    let digits = hex.strip_prefix('#').unwrap_or(hex);
    let value = (digits.len() == 6)
        .then(|| u32::from_str_radix(digits, 16).ok())
        .flatten()
        .with_context(|| {
            format!(
                "{}: colour `{hex}` is not of the form #rrggbb",
                path.display()
            )
        })?;
    let channel = |shift: u32| ((value >> shift) & 0xff) as f32 / 255.0;
    Ok([channel(16), channel(8), channel(0)])
}
