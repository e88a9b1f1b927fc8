//! The epub backend on any model a reader makes of arbitrary bytes: an error
//! is fine, a panic is not. Until the backend is merged it cannot be built,
//! and this target only says so once.
#![no_main]

mod common;

use std::sync::OnceLock;

use imprint::render::{Backend, Format};
use libfuzzer_sys::fuzz_target;

static BACKEND: OnceLock<Option<Box<dyn Backend>>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(backend) = common::backend(Format::Epub, &BACKEND) else {
        return;
    };
    if let Some(collection) = common::read_any(data) {
        common::render(backend, &collection);
    }
});
