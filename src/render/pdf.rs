//! PDF brief backend (issue 4).

use anyhow::{bail, Result};

use crate::render::{Backend, Document, Format, RenderOptions, Rendered};

pub struct Pdf;

impl Pdf {
    pub fn new(_options: &RenderOptions) -> Result<Pdf> {
        bail!("the pdf format is not built yet")
    }
}

impl Backend for Pdf {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, _doc: &Document) -> Result<Rendered> {
        bail!("the pdf format is not built yet")
    }
}
