//! The normaliser on whatever a reader makes of arbitrary bytes: no panic,
//! and repairing twice changes nothing the second time.
#![no_main]

mod common;

use imprint::normalise::{self, Lexicon};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(mut collection) = common::read_any(data) else {
        return;
    };
    let lexicon = Lexicon::load(&[]).expect("an empty lexicon loads");
    normalise::repair(&mut collection, &lexicon);
    let once = collection.clone();
    let second = normalise::repair(&mut collection, &lexicon);
    assert_eq!(
        collection, once,
        "a second repair changed the model: {second:?}"
    );
});
