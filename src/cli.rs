//! The command line: flags parsed by clap, then each command run.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::build::{self, Settings};
use crate::config::Config;
use crate::read::SourceFormat;
use crate::render::Format;

#[derive(Parser)]
#[command(
    name = "imprint",
    version,
    about = "Repairs scraped publication listings and renders a PDF brief, an EPUB and a plain-text digest"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Say more about what is done.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// Settings file (default: imprint.toml in the current folder, if any).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Build outputs from source files or folders (default: sources/);
    /// `-` reads one source from standard input.
    Build {
        paths: Vec<PathBuf>,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Build, then rebuild whatever a saved change affects, until Ctrl-C.
    Watch {
        paths: Vec<PathBuf>,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Print the repaired document model of one source as JSON.
    Normalise {
        file: PathBuf,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Report what needs attention in sources: lines the reader could not
    /// place and every repair made. Exit 1 when anything was unplaced
    /// (or, with --strict, repaired).
    Check {
        paths: Vec<PathBuf>,
        /// Print the findings and repairs as JSON.
        #[arg(long)]
        json: bool,
        /// Exit 1 when any repair was needed, too.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Work with `--report json` files.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Create a project: imprint.toml, sources/ with an example, and a
    /// copy of the default layouts/ and fonts/ to edit.
    Init {
        /// Folder to create the project in (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff).
    Man,
}

/// The options `build` and `watch` share.
#[derive(Args)]
struct BuildArgs {
    /// Output folder (default: output/).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Formats to build, comma-separated (default: txt,pdf,epub).
    #[arg(long, value_delimiter = ',', value_name = "txt,pdf,epub")]
    format: Vec<Format>,
    /// Digest width in terminal columns (default: 72).
    #[arg(long, value_name = "N")]
    width: Option<usize>,
    /// Worker threads (default: all cores; 1 builds serially).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Print a report on stdout instead of one line per output.
    #[arg(long, value_name = "FORMAT")]
    report: Option<ReportFormat>,
    /// Rebuild every output, even those whose inputs are unchanged.
    #[arg(long)]
    force: bool,
    /// Build only the K-th of N deterministic slices of the sources;
    /// `auto` takes K and N from the CI engine's environment.
    #[arg(long, value_name = "K/N|auto")]
    shard: Option<build::shard::ShardArg>,
    /// Write the one output of one source exactly to FILE (its extension
    /// gives the format); `-` writes it to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Fail a source on any warning or finding (missing image or glyph,
    /// unplaced line), so nothing is written that needs attention.
    #[arg(long)]
    strict: bool,
    /// Write archival PDF/A of this part and level (default: brief.toml's pdf_standard, else none).
    #[arg(long, value_name = "STANDARD")]
    pdf_standard: Option<crate::render::pdf::PdfStandard>,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Print one report from the shards' reports (give them in shard order):
    /// sources in order, totals summed, seconds the longest shard's.
    Merge {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    Json,
}

#[derive(Args)]
struct InputArgs {
    /// Read sources in this format whatever their extension.
    #[arg(long, value_name = "FORMAT")]
    from: Option<SourceFormat>,
    /// Layouts folder with templates, stylesheets and page geometry (default: layouts/).
    #[arg(long, value_name = "DIR")]
    layouts: Option<PathBuf>,
    /// Leave the text as it is: no repairs.
    #[arg(long)]
    no_repair: bool,
}

impl InputArgs {
    fn settings(self, config: &Config, verbosity: build::Verbosity) -> Result<Settings> {
        Settings::new(config, self.layouts, self.from, !self.no_repair, verbosity)
    }
}

impl BuildArgs {
    /// The settings of a build; a usage mistake (`-o` with the wrong
    /// formats) is a `build::UsageError`.
    fn settings(&self, config: &Config, verbosity: build::Verbosity) -> Result<Settings> {
        let input = InputArgs {
            from: self.input.from,
            layouts: self.input.layouts.clone(),
            no_repair: self.input.no_repair,
        };
        let mut settings = input.settings(config, verbosity)?;
        settings.out = self
            .out
            .clone()
            .or(config.out.clone())
            .unwrap_or_else(|| PathBuf::from("output"));
        settings.formats = if self.format.is_empty() {
            config_formats(config)?
        } else {
            self.format.clone()
        };
        if let Some(width) = self.width.or(config.width) {
            settings.render.width = width;
        }
        settings.jobs = self.jobs.map(usize::from);
        settings.report_json = self.report.is_some();
        settings.force = self.force;
        settings.shard = self
            .shard
            .map(build::shard::ShardArg::resolve)
            .transpose()?;
        settings.render.pdf_standard = self.pdf_standard;
        settings.strict = self.strict;
        if let Some(output) = &self.output {
            let target = build::Target::parse(output);
            if target == build::Target::Stdout && settings.report_json {
                bail!(build::UsageError(
                    "-o - puts the output on standard output, where --report json would go too"
                        .into()
                ));
            }
            let format = build::output_format(&target, &settings.formats, !self.format.is_empty())?;
            settings.formats = vec![format];
            settings.output = Some(target);
        }
        Ok(settings)
    }
}

/// A usage mistake is reported the way clap reports its own (with the
/// usage line) and exits 2; any other error passes through.
fn usage_error(error: anyhow::Error) -> anyhow::Error {
    match error.downcast_ref::<build::UsageError>() {
        Some(usage) => Cli::command()
            .error(clap::error::ErrorKind::ArgumentConflict, usage)
            .exit(),
        None => error,
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let config = Config::load(cli.config.as_deref())?;
    let verbosity = if cli.quiet {
        build::Verbosity::Quiet
    } else if cli.verbose {
        build::Verbosity::Verbose
    } else {
        build::Verbosity::Normal
    };
    match cli.command {
        Command::Build { paths, build } => {
            let settings = match build.settings(&config, verbosity) {
                Ok(settings) => settings,
                Err(error) => return Err(usage_error(error)),
            };
            let report = build::build(&paths, &settings).map_err(usage_error)?;
            Ok(if build::interrupted() {
                ExitCode::from(130)
            } else if report.totals.failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Watch { paths, build } => {
            if build.output.is_some() || build.report.is_some() {
                return Err(usage_error(
                    build::UsageError(
                        "watch writes into --out; -o and --report are for build".into(),
                    )
                    .into(),
                ));
            }
            let config_path = cli.config.clone();
            let settings = move || {
                let config = Config::load(config_path.as_deref())?;
                build.settings(&config, verbosity)
            };
            crate::watch::watch(&paths, cli.config.as_deref(), settings)
        }
        Command::Normalise { file, input } => {
            let settings = input.settings(&config, verbosity)?;
            let prepared =
                build::prepare(&file, &settings).with_context(|| file.display().to_string())?;
            // Buffered: a long model is many short lines, each a write otherwise.
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            serde_json::to_writer_pretty(&mut stdout, &prepared.collection)?;
            writeln!(stdout)?;
            stdout.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            paths,
            json,
            strict,
            input,
        } => {
            let settings = input.settings(&config, verbosity)?;
            build::check(&paths, &settings, json, strict)
        }
        Command::Report {
            command: ReportCommand::Merge { files },
        } => {
            let report = build::merge_reports(&files)?;
            let mut stdout = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut stdout, &report)?;
            writeln!(stdout)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            crate::init::scaffold(&dir)?;
            if verbosity != build::Verbosity::Quiet {
                println!(
                    "created an imprint project in {}; build it with `imprint build` there",
                    dir.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            // Into a buffer first: clap_complete panics on a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "imprint", &mut script);
            std::io::stdout().write_all(&script)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn config_formats(config: &Config) -> Result<Vec<Format>> {
    let Some(names) = &config.formats else {
        return Ok(build::DEFAULT_FORMATS.to_vec());
    };
    names
        .iter()
        .map(|name| match Format::parse(name) {
            Some(format) => Ok(format),
            None => bail!(
                "{}: unknown format `{name}` (use txt, pdf or epub)",
                config.name()
            ),
        })
        .collect()
}
