//! Any bytes given as an evidence file give a score or diagnostics, never a panic. The
//! evidence is scored against a set that uses every rule kind.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match parcalc::evidence::load_bytes("fuzz.csv", data) {
        Ok(ev) => common::score_and_check(&ev),
        Err(failed) => {
            let _ = parcalc::diag::render_all(&failed.0, parcalc::number::Lang::Vi);
        }
    }
});
