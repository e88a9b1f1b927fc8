//! The digest on any model a reader makes of arbitrary bytes: no panic, and
//! no line wider than the width asked for.
#![no_main]

mod common;

use std::sync::OnceLock;

use imprint::render::{self, Document};
use libfuzzer_sys::fuzz_target;
use unicode_width::UnicodeWidthStr;

fuzz_target!(|data: &[u8]| {
    let Some((&width, data)) = data.split_first() else {
        return;
    };
    // Widths from 20 (the digest's minimum) to 83.
    let width = 20 + usize::from(width % 64);
    static DIGESTS: OnceLock<Vec<Box<dyn render::Backend>>> = OnceLock::new();
    let digests = DIGESTS.get_or_init(|| {
        (20..84)
            .map(|w| {
                render::backend(render::Format::Txt, &common::options(w))
                    .expect("the digest template loads")
            })
            .collect()
    });
    let Some(collection) = common::read_any(data) else {
        return;
    };
    let doc = Document {
        collection: &collection,
        stem: "input",
        source_dir: std::path::Path::new("/nonexistent-imprint-fuzz"),
    };
    let rendered = digests[width - 20]
        .render(&doc)
        .expect("the digest renders any model");
    let text = String::from_utf8(rendered.bytes).expect("the digest is UTF-8");
    for line in text.lines() {
        assert!(line.width() <= width, "line wider than {width}: {line:?}");
    }
});
