//! Any bytes given as a criteria file give a criteria set or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match parcalc::criteria::load_bytes("fuzz.toml", data) {
        Ok(set) => {
            for w in &set.warnings {
                let _ = w.render();
            }
        }
        Err(failed) => {
            let _ = parcalc::diag::render_all(&failed.0, parcalc::number::Lang::Vi);
        }
    }
});
