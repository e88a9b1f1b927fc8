//! SVG pictures on arbitrary bytes: cleaned for the EPUB and drawn for the
//! PDF. An error is fine; a panic, a hang or runaway memory is not, and
//! what the cleaner keeps must still parse and carry no script.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(clean) = imprint::svg::sanitise(data) {
        let text = String::from_utf8(clean).expect("the cleaner writes UTF-8");
        let document = roxmltree::Document::parse(&text).expect("the cleaner writes XML");
        assert!(!document
            .descendants()
            .any(|n| n.tag_name().name().eq_ignore_ascii_case("script")));
    }
    let _ = imprint::svg::rasterise(data);
});
