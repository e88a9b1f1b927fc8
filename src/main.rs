use std::process::ExitCode;

// mimalloc: a build allocates and frees many small strings and some large
// buffers per source; glibc's allocator spent about a tenth of the CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = <imprint::cli::Cli as clap::Parser>::parse();
    match imprint::cli::run(args) {
        Ok(code) => code,
        // A closed pipe (`imprint man | head`) is the reader's choice, not an error.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("imprint: error: {error:#}");
            ExitCode::from(1)
        }
    }
}
