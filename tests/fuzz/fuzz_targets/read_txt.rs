//! The txt reader on arbitrary bytes: an error is fine, a panic is not.
#![no_main]

mod common;

use imprint::read::SourceFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = common::read(data, SourceFormat::Txt);
});
