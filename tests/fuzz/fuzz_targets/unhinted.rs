//! Taking the hinting out of a font (for embedding) on arbitrary bytes: a
//! font from a project's layout is input too. `None` is fine, a panic is
//! not, and what comes out has nothing left to take out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(unhinted) = imprint::render::pdf::without_hinting(data) {
        assert!(imprint::render::pdf::without_hinting(&unhinted).is_none());
    }
});
