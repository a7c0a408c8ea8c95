//! Rounds of a scoring year: self-assessment (tự đánh giá), explanation (giải trình),
//! appraisal round 1 and round 2 (thẩm định lần 1, lần 2). A criteria set declares its
//! rounds in order (`rounds = [...]` under `[set]`, default `self, appraisal`); an evidence
//! row names its round in the `stage`/`round` column, and a [`Round`] exists only as a
//! position in the set's [`Rounds`], so an undeclared round cannot reach the scorer.
//!
//! Scoring at a round uses, for each criterion, the value rows of the latest round at or
//! before it that has some (see `score::select`).

use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::number::Lang;

/// One declared round: its id (as written in evidence and on the command line) and names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundDef {
    pub id: String,
    pub vi: String,
    pub en: String,
    /// Other spellings accepted in evidence and on the command line.
    pub aliases: Vec<String>,
}

/// A round of a criteria set: its position in the set's declared order. Made only by
/// [`Rounds`], so it is always one of the set's rounds; later rounds compare greater.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Round(u8);

impl Round {
    /// The position in the declared order (0 = the first round).
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The rounds a criteria set declares, in order: at least one, ids unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rounds {
    defs: Arc<[RoundDef]>,
    /// Each round's comparison keys ([`key`]): its id and names, then its other spellings;
    /// computed once, as every evidence row's round is looked up.
    keys: Arc<[(Vec<String>, Vec<String>)]>,
}

/// Most rounds a set may declare (a year has five deadlines in the busiest systems).
pub const MAX_ROUNDS: usize = 16;

/// The rounds parcalc knows by id: `(id, vi, en, other spellings)`.
pub const KNOWN: [(&str, &str, &str, &[&str]); 5] = [
    (
        "self",
        "tự đánh giá",
        "self-assessment",
        &["tự chấm", "tự chấm điểm", "self assessment", "tự đánh giá, chấm điểm"],
    ),
    ("explanation", "giải trình", "explanation", &["giai đoạn giải trình", "explain"]),
    (
        "appraisal-1",
        "thẩm định lần 1",
        "appraisal round 1",
        &["thẩm định 1", "appraisal 1", "lần 1", "round 1", "thẩm định vòng 1"],
    ),
    (
        "appraisal-2",
        "thẩm định lần 2",
        "appraisal round 2",
        &[
            "thẩm định 2",
            "appraisal 2",
            "lần 2",
            "round 2",
            "thẩm định vòng 2",
            "hội đồng thẩm định",
            "final",
        ],
    ),
    ("appraisal", "thẩm định", "appraisal", &["hội đồng thẩm định", "final"]),
];

/// The comparison key of a round's name: lower case, no diacritics (`đ` → `d`), `-` and `_`
/// read as spaces, inner spaces collapsed; so `Thẩm định lần 1`, `tham dinh lan 1` and
/// `THẨM ĐỊNH LẦN 1` are one name.
pub fn key(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded = crate::text::fold(text);
    let bare: String = folded
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            '-' | '_' => ' ',
            c => c,
        })
        .collect();
    bare.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why a name is not a round of the set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotARound {
    /// No declared round has that name.
    Unknown,
    /// Several declared rounds answer to it (an alias two rounds share).
    Ambiguous(Vec<String>),
}

impl Default for Rounds {
    /// `self, appraisal`: what every set without `rounds` declares.
    fn default() -> Rounds {
        Rounds::known(&["self", "appraisal"]).unwrap_or_else(|_| Rounds::from_defs(Vec::new()))
    }
}

impl Rounds {
    /// Rounds from known ids only (see [`KNOWN`]); the first unknown id is the error.
    pub fn known(ids: &[&str]) -> Result<Rounds, String> {
        ids.iter()
            .map(|id| known_def(id).ok_or_else(|| (*id).to_string()))
            .collect::<Result<Vec<_>, _>>()
            .map(Rounds::from_defs)
    }

    /// Rounds from definitions already checked by the criteria loader (non-empty, at most
    /// [`MAX_ROUNDS`], unique ids).
    pub(crate) fn from_defs(defs: Vec<RoundDef>) -> Rounds {
        debug_assert!(defs.len() <= MAX_ROUNDS);
        let keys: Vec<(Vec<String>, Vec<String>)> = defs
            .iter()
            .map(|d| (vec![key(&d.id), key(&d.vi), key(&d.en)], d.aliases.iter().map(|a| key(a)).collect()))
            .collect();
        Rounds {
            defs: Arc::from(defs),
            keys: Arc::from(keys),
        }
    }

    pub fn first(&self) -> Round {
        Round(0)
    }

    pub fn last(&self) -> Round {
        Round(u8::try_from(self.defs.len().saturating_sub(1)).unwrap_or(0))
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// Every round, in order.
    pub fn all(&self) -> impl Iterator<Item = Round> + use<> {
        (0..u8::try_from(self.defs.len()).unwrap_or(0)).map(Round)
    }

    pub fn def(&self, round: Round) -> Option<&RoundDef> {
        self.defs.get(round.index())
    }

    /// The round's id (`appraisal-2`).
    pub fn id(&self, round: Round) -> &str {
        self.def(round).map_or("", |d| d.id.as_str())
    }

    /// The round's name in `lang` (`thẩm định lần 2`, `appraisal round 2`).
    pub fn name(&self, round: Round, lang: Lang) -> &str {
        self.def(round).map_or("", |d| match lang {
            Lang::Vi => d.vi.as_str(),
            Lang::En => d.en.as_str(),
        })
    }

    /// The declared rounds as a message lists them: `self (tự đánh giá), appraisal (thẩm định)`.
    pub fn listed(&self) -> Msg {
        Msg::by(|lang| {
            self.all()
                .map(|r| match self.name(r, lang) {
                    name if key(name) == key(self.id(r)) => self.id(r).to_string(),
                    name => format!("{} ({name})", self.id(r)),
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
    }

    /// The round `text` names: an id or a name (`appraisal-2`, `Thẩm định lần 2`) first,
    /// then another spelling; case, diacritics, `-` and `_` do not matter. An empty text is
    /// the first round (rows without a round).
    pub fn parse(&self, text: &str) -> Result<Round, NotARound> {
        if text.trim().is_empty() {
            return Ok(self.first());
        }
        let k = key(text);
        let by = |aliases: bool| -> Vec<Round> {
            self.all()
                .filter(|r| {
                    self.keys
                        .get(r.index())
                        .is_some_and(|(names, other)| if aliases { other } else { names }.contains(&k))
                })
                .collect()
        };
        for found in [by(false), by(true)] {
            match found.as_slice() {
                [] => {}
                [one] => return Ok(*one),
                many => return Err(NotARound::Ambiguous(many.iter().map(|r| self.id(*r).to_string()).collect())),
            }
        }
        Err(NotARound::Unknown)
    }

    /// [`Rounds::parse`] for a command-line flag: the error is an `invalid-value` diagnostic
    /// (the code of an undeclared round in evidence) whose fix lists the declared rounds.
    pub fn parse_flag(&self, flag: &str, text: &str) -> Result<Round, Diagnostic> {
        // An empty cell is the first round; an empty flag is a slip, never a round.
        let parsed = if text.trim().is_empty() {
            Err(NotARound::Unknown)
        } else {
            self.parse(text)
        };
        parsed.map_err(|e| {
            let message = match e {
                NotARound::Unknown => crate::msg!(
                    "{flag} `{text}`: bộ tiêu chí không khai báo vòng này",
                    "{flag} `{text}`: the criteria set declares no such round"
                ),
                NotARound::Ambiguous(ids) => {
                    let ids = ids.join(", ");
                    crate::msg!(
                        "{flag} `{text}` có thể là nhiều vòng ({ids})",
                        "{flag} `{text}` could be several rounds ({ids})"
                    )
                }
            };
            let listed = self.listed();
            let flag = flag.to_string();
            Diagnostic::error(Code::InvalidValue, message).help(Msg::by(move |lang| match lang {
                Lang::Vi => format!("ghi mã hoặc tên một vòng đã khai báo sau {flag}: {}", listed.get(lang)),
                Lang::En => format!("give {flag} the id or name of a declared round: {}", listed.get(lang)),
            }))
        })
    }

    /// The round a command-line flag names, or the last round when it is absent.
    pub fn flag_or_last(&self, flag: &str, text: Option<&str>) -> Result<Round, Diagnostic> {
        text.map_or(Ok(self.last()), |t| self.parse_flag(flag, t))
    }
}

/// A known round's definition by id (its id, names and other spellings).
pub fn known_def(id: &str) -> Option<RoundDef> {
    KNOWN.iter().find(|k| k.0 == id).map(|(id, vi, en, aliases)| RoundDef {
        id: (*id).to_string(),
        vi: (*vi).to_string(),
        en: (*en).to_string(),
        aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn four() -> Rounds {
        Rounds::known(&["self", "explanation", "appraisal-1", "appraisal-2"]).unwrap()
    }

    #[test]
    fn names_match_whatever_the_case_diacritics_and_dashes() {
        let r = four();
        for (text, id) in [
            ("", "self"),
            ("self", "self"),
            ("Tự đánh giá", "self"),
            ("tu danh gia", "self"),
            ("TỰ CHẤM", "self"),
            ("giải trình", "explanation"),
            ("GIAI TRINH", "explanation"),
            ("thẩm định lần 1", "appraisal-1"),
            ("Tham dinh lan 1", "appraisal-1"),
            ("appraisal_1", "appraisal-1"),
            ("appraisal round 2", "appraisal-2"),
            ("Hội đồng thẩm định", "appraisal-2"),
            ("thẩm  định   lần 2", "appraisal-2"),
            ("final", "appraisal-2"),
        ] {
            assert_eq!(r.parse(text).map(|x| r.id(x)), Ok(id), "{text}");
        }
        // Plain "thẩm định" names no round of a set with two appraisal rounds: never guessed.
        assert_eq!(r.parse("thẩm định"), Err(NotARound::Unknown));
        assert_eq!(r.parse("appraisal-3"), Err(NotARound::Unknown));
    }

    #[test]
    fn default_rounds_read_the_old_stage_names() {
        let r = Rounds::default();
        assert_eq!(r.len(), 2);
        assert_eq!(r.parse("thẩm định").map(|x| r.id(x)), Ok("appraisal"));
        assert_eq!(r.parse("Tham dinh").map(|x| r.id(x)), Ok("appraisal"));
        assert_eq!(r.parse("final").map(|x| r.id(x)), Ok("appraisal"));
        assert_eq!(r.parse("self-assessment").map(|x| r.id(x)), Ok("self"));
        assert_eq!(r.name(r.last(), Lang::Vi), "thẩm định");
        assert!(r.first() < r.last());
    }

    #[test]
    fn an_alias_two_rounds_share_is_ambiguous() {
        let r = Rounds::known(&["self", "appraisal-2", "appraisal"]).unwrap();
        assert_eq!(
            r.parse("hội đồng thẩm định"),
            Err(NotARound::Ambiguous(vec!["appraisal-2".into(), "appraisal".into()]))
        );
        // An id or name wins over another round's alias.
        assert_eq!(r.parse("thẩm định").map(|x| r.id(x)), Ok("appraisal"));
        let d = r.parse_flag("--round", "x").unwrap_err();
        assert_eq!(d.code, Code::InvalidValue);
        assert_eq!(
            d.render(Lang::En),
            "error[invalid-value]: --round `x`: the criteria set declares no such round\n |\n = help: give --round the id or name of a declared round: self (self-assessment), appraisal-2 (appraisal round 2), appraisal"
        );
        assert!(
            d.render(Lang::Vi)
                .contains("ghi mã hoặc tên một vòng đã khai báo sau --round: self (tự đánh giá), appraisal-2 (thẩm định lần 2)")
        );
        let d = r.parse_flag("--to", "final").unwrap_err();
        assert!(
            d.render(Lang::En)
                .contains("--to `final` could be several rounds (appraisal-2, appraisal)")
        );
        // An empty flag names no round (an empty cell is the first one).
        assert_eq!(r.parse(" ").map(|x| r.id(x)), Ok("self"));
        let d = r.parse_flag("--stage/--round", " ").unwrap_err();
        assert!(
            d.render(Lang::En)
                .contains("--stage/--round ` `: the criteria set declares no such round"),
            "{}",
            d.render(Lang::En)
        );
    }
}
