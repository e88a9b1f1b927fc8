//! The build script: unpacks the word lists the repository keeps gzipped
//! (`dictionary.txt.gz`, 1.3 MB; `web-pairs.txt.gz`, 0.9 MB) into the
//! build's output folder, so that the binary holds them as text (4.9 and
//! 3.3 MB) and a run searches them where they lie. Unpacking them at every
//! run took most of a one-file build's CPU.

use std::io::Read;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["dictionary.txt", "web-pairs.txt"] {
        let packed = format!("src/normalise/data/{name}.gz");
        println!("cargo:rerun-if-changed={packed}");
        let bytes = std::fs::read(&packed).expect("the word lists are in the repository");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("the word lists are valid gzip and UTF-8");
        std::fs::write(out.join(name), text).expect("the build folder is writable");
    }
}
