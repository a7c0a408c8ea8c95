//! Any bytes given as an evidence file give a score or diagnostics, never a panic. The
//! evidence is scored against a set that uses every rule kind.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use parcalc::criteria::CriteriaSet;
use parcalc::evidence::Stage;
use parcalc::number::Lang;
use parcalc::render::{Format, score as render};
use parcalc::score::{Options, score};

fn set() -> &'static CriteriaSet {
    static SET: OnceLock<CriteriaSet> = OnceLock::new();
    SET.get_or_init(|| {
        parcalc::criteria::load_str("reference.toml", include_str!("../../criteria/dak-nong-district-2022.toml")).expect("reference set")
    })
}

fuzz_target!(|data: &[u8]| {
    match parcalc::evidence::load_bytes("fuzz.csv", data) {
        Ok(ev) => {
            for stage in [Stage::SelfAssessment, Stage::Appraisal] {
                match score(set(), &ev, &Options { stage: Some(stage), unit: None }) {
                    Ok(r) => {
                        let _ = render(&r, Format::Table, Lang::Vi);
                        let _ = render(&r, Format::Json, Lang::En);
                    }
                    Err(failed) => {
                        let _ = parcalc::diag::render_all(&failed.0);
                    }
                }
            }
            let _ = parcalc::check::check_evidence(set(), &ev);
        }
        Err(failed) => {
            let _ = parcalc::diag::render_all(&failed.0);
        }
    }
});
