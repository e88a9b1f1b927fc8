//! EPUB backend (issue 5).

use anyhow::{bail, Result};

use crate::render::{Backend, Document, Format, RenderOptions, Rendered};

pub struct Epub;

impl Epub {
    pub fn new(_options: &RenderOptions) -> Result<Epub> {
        bail!("the epub format is not built yet")
    }
}

impl Backend for Epub {
    fn format(&self) -> Format {
        Format::Epub
    }

    fn render(&self, _doc: &Document) -> Result<Rendered> {
        bail!("the epub format is not built yet")
    }
}
