//! imprint: repairs scraped publication listings and renders them as a PDF
//! brief, an EPUB and a plain-text digest.
//!
//! The pipeline, one module a stage: `read` (formats to model), `normalise`
//! (text repairs), `model`, `render` (backends), with `build` running it for
//! many sources and `cli` the command line. The library exists for the
//! binary, the fuzz targets and the property tests.

pub mod build;
pub mod cli;
pub mod config;
pub mod images;
pub mod init;
pub mod layouts;
pub mod model;
pub mod normalise;
pub mod read;
pub mod render;
pub mod svg;
pub mod watch;
mod word_cache;
