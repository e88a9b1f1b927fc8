//! imprint: repairs scraped publication listings and renders them as a PDF
//! brief, an EPUB and a plain-text digest.

mod build;
mod cli;
mod config;
mod model;
mod normalise;
mod read;
mod render;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = <cli::Cli as clap::Parser>::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("imprint: error: {error:#}");
            ExitCode::from(1)
        }
    }
}
