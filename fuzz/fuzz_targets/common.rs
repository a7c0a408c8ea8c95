//! What the evidence targets do with whatever evidence they read: score it in both stages
//! against a set that uses every rule kind, render the results, and check it.

use std::sync::OnceLock;

use parcalc::criteria::CriteriaSet;
use parcalc::evidence::{Evidence, Stage};
use parcalc::number::Lang;
use parcalc::render::{Format, score as render};
use parcalc::score::{Options, score};

fn set() -> &'static CriteriaSet {
    static SET: OnceLock<CriteriaSet> = OnceLock::new();
    SET.get_or_init(|| {
        parcalc::criteria::load_str("reference.toml", include_str!("../../criteria/dak-nong-district-2022.toml")).expect("reference set")
    })
}

pub fn score_and_check(ev: &Evidence) {
    for stage in [Stage::SelfAssessment, Stage::Appraisal] {
        match score(set(), ev, &Options { stage: Some(stage), unit: None }) {
            Ok(r) => {
                let _ = render(&r, Format::Table, Lang::Vi);
                let _ = render(&r, Format::Json, Lang::En);
            }
            Err(failed) => {
                let _ = (parcalc::diag::render_all(&failed.0, Lang::Vi), parcalc::diag::render_all(&failed.0, Lang::En));
            }
        }
    }
    let _ = parcalc::check::check_evidence(set(), ev);
}
