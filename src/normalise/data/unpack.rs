//! The build script: unpacks the word list the repository keeps gzipped
//! (`dictionary.txt.gz`, 1.3 MB) into the build's output folder, so that
//! the binary holds it as text (4.9 MB) and a run searches it where it
//! lies. Unpacking it at every run took most of a one-file build's CPU.

use std::io::Read;
use std::path::PathBuf;

fn main() {
    let packed = "src/normalise/data/dictionary.txt.gz";
    println!("cargo:rerun-if-changed={packed}");
    let bytes = std::fs::read(packed).expect("the dictionary is in the repository");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .expect("the dictionary is valid gzip and UTF-8");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("dictionary.txt"), text).expect("the build folder is writable");
}
