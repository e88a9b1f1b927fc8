use std::process::ExitCode;

fn main() -> ExitCode {
    let args = <imprint::cli::Cli as clap::Parser>::parse();
    match imprint::cli::run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("imprint: error: {error:#}");
            ExitCode::from(1)
        }
    }
}
