use std::process::ExitCode;

// mimalloc: a build allocates and frees many small strings and some large
// buffers per source; glibc's allocator spent about a tenth of the CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc gives memory that a build freed back to the system a second
// later by default: a long listing's reading and word counting free well
// over 100 MB that then stayed resident while the rounds of repairs and the
// backends ran (the 20,000-paper digest peaked at about 350 MB instead of
// 285). A tenth of a second still keeps memory for reuse from one source of
// a corpus to the next (no CPU time lost in the benches). The crate's
// bindings lack this option, so its number in mimalloc.h's `mi_option_e`
// (the same in mimalloc 2 and 3) is written here.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
const PURGE_DELAY_MS: std::ffi::c_long = 100;
extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

fn main() -> ExitCode {
    // SAFETY: a plain setter of mimalloc (linked in as the allocator above),
    // called before any other thread starts.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
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
