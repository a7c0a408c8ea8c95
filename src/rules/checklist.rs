//! `checklist`: additive yes/no items, each worth its own points, summed and capped at
//! `cap` (default: the leaf's maximum). Xuân Lộc's commune 4.2 "Mức độ đa dạng trong tuyên
//! truyền CCHC" (max 1) is the model: electronic boards 0.25 + website/social network 0.25
//! + traditional forms 0.5.
//!
//! Evidence: one yes/no row per item, `item` = the item's id or its vi/en name (any case).
//! Only yes/no is accepted: `2`, `0,5` or `x2` are refused at their cell, never read as
//! "yes". An item with no row counts as "no", and the reason says it was not reported; a
//! row without `item` whose value is `không`/`0` says that no item was met. The criterion
//! without any row at all is missing evidence, like every rule's.
//!
//! Load-time checks: at least one item; ids (and names) unique; each item's points above 0
//! and within the cap; the items together must reach the cap, or the leaf could never
//! score its maximum.

use rust_decimal::Decimal;

use super::{Input, Outcome, Text, of_max};
use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::RawRule;
use crate::diag::{Code, Diagnostic};
use crate::evidence::Row;
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, show};
use crate::text::{fold, nearest, nfc};
use crate::value::{parse_count, parse_yes_no};

#[derive(Debug, Clone)]
pub struct ChecklistItem {
    pub id: String,
    pub label: Text,
    /// Points the item adds when met (above 0).
    pub points: Decimal,
}

#[derive(Debug, Clone)]
pub struct Checklist {
    /// What the items are (`measure`), named before them in the reason when given.
    pub measure: Option<Text>,
    pub items: Vec<ChecklistItem>,
    pub cap: Decimal,
}

impl Checklist {
    pub fn build(raw: &RawRule, max: Decimal, code: &CriterionCode, cx: &mut Ctx) -> Option<Checklist> {
        let Some(raw_items) = raw.items.as_ref().filter(|i| !i.is_empty()) else {
            cx.error(
                Code::InvalidRule,
                raw.kind.span(),
                msg!(
                    "{code}: quy tắc danh mục cần khóa `items`",
                    "{code}: a checklist rule needs `items`"
                ),
                msg!(
                    "thêm `items = [{{ id = \"website\", vi = \"Trang thông tin điện tử\", en = \"website\", points = 0.25 }}]`",
                    "add `items = [{{ id = \"website\", vi = \"Trang thông tin điện tử\", en = \"website\", points = 0.25 }}]`"
                ),
            );
            return None;
        };
        let cap = match &raw.cap {
            Some(l) => {
                let c = cx.points(l, &Msg::same("cap"))?;
                if c > max {
                    cx.error(
                        Code::PointsAboveMax,
                        l.span(),
                        Msg::new(
                            format!("{code}: mức trần {} cao hơn điểm tối đa {}", show(c, Lang::Vi), show(max, Lang::Vi)),
                            format!("{code}: cap {} is above the maximum {}", show(c, Lang::En), show(max, Lang::En)),
                        ),
                        msg!(
                            "mức trần không được vượt điểm tối đa của nút",
                            "the cap must not exceed the node's max"
                        ),
                    );
                    return None;
                }
                c
            }
            None => max,
        };
        let mut ok = true;
        let mut items: Vec<ChecklistItem> = Vec::new();
        for it in raw_items {
            let id = cx.text(&it.id).trim().to_string();
            if id.is_empty() {
                ok = false;
                cx.error(
                    Code::InvalidRule,
                    it.id.span(),
                    msg!(
                        "{code}: một mục của danh mục không có mã",
                        "{code}: a checklist item has an empty id"
                    ),
                    msg!(
                        "đặt cho mục một mã ngắn, như `id = \"website\"`; số liệu ghi mã này ở cột `item`",
                        "give the item a short id, such as `id = \"website\"`; evidence names it in the `item` column"
                    ),
                );
                continue;
            }
            if let Some(min) = &it.min {
                ok = false;
                cx.error(
                    Code::InvalidRule,
                    min.span(),
                    msg!(
                        "{code}: mục `{id}` của danh mục không dùng khóa `min`",
                        "{code}: checklist item `{id}` does not use `min`"
                    ),
                    msg!(
                        "bỏ `min`; `min` chỉ dùng cho biến của quy tắc công thức",
                        "remove `min`; `min` is only for formula variables"
                    ),
                );
            }
            let label = Text::new(
                it.vi.as_deref().map(nfc).unwrap_or_else(|| id.clone()),
                it.en.as_deref().map(nfc).unwrap_or_else(|| id.clone()),
            );
            // An item is found by its id or either name, so no two items may share a spelling.
            let spellings = [id.as_str(), label.vi.as_str(), label.en.as_str()].map(fold);
            if let Some(other) = items.iter().find(|o| {
                [o.id.as_str(), o.label.vi.as_str(), o.label.en.as_str()]
                    .iter()
                    .any(|s| spellings.contains(&fold(s)))
            }) {
                ok = false;
                let other = other.id.clone();
                cx.error(
                    Code::InvalidRule,
                    it.id.span(),
                    if fold(&other) == fold(&id) {
                        msg!("{code}: mục `{id}` được liệt kê hai lần", "{code}: item `{id}` is listed twice")
                    } else {
                        msg!(
                            "{code}: mục `{id}` và mục `{other}` trùng mã hoặc tên",
                            "{code}: items `{id}` and `{other}` share an id or a name"
                        )
                    },
                    msg!(
                        "mỗi mục cần mã và tên riêng, vì số liệu có thể ghi mục bằng mã hoặc tên",
                        "give each item its own id and names: evidence may name an item by either"
                    ),
                );
                continue;
            }
            let Some(points_lit) = &it.points else {
                ok = false;
                cx.error(
                    Code::InvalidRule,
                    it.id.span(),
                    msg!("{code}: mục `{id}` chưa có điểm", "{code}: item `{id}` has no points"),
                    msg!(
                        "thêm `points = 0.25` (số điểm khi đạt mục này)",
                        "add `points = 0.25` (the points the item adds when met)"
                    ),
                );
                continue;
            };
            let Some(points) = cx.points(points_lit, &|| msg!("điểm của mục {id}", "points of item {id}")) else {
                ok = false;
                continue;
            };
            if points.is_zero() {
                ok = false;
                cx.error(
                    Code::InvalidRule,
                    points_lit.span(),
                    msg!("{code}: mục `{id}` cho 0 điểm", "{code}: item `{id}` gives 0 points"),
                    msg!(
                        "mỗi mục của danh mục cho một số điểm lớn hơn 0; bỏ mục này nếu nó không được tính điểm",
                        "each checklist item adds more than 0 points; remove the item if it scores nothing"
                    ),
                );
                continue;
            }
            if !super::check_range(cx, code, points_lit.span(), "points", points, Decimal::ZERO, cap) {
                ok = false;
                continue;
            }
            items.push(ChecklistItem { id, label, points });
        }
        if ok {
            let sum = items.iter().try_fold(Decimal::ZERO, |acc, i| acc.checked_add(i.points));
            if let Some(sum) = sum
                && sum < cap
            {
                ok = false;
                cx.error(
                    Code::InvalidRule,
                    raw.kind.span(),
                    Msg::by(|l| match l {
                        Lang::Vi => format!(
                            "{code}: các mục cộng lại được {} điểm, chưa tới {} {}: đạt mọi mục cũng không được đủ điểm",
                            show(sum, l),
                            if raw.cap.is_some() { "mức trần" } else { "điểm tối đa" },
                            show(cap, l)
                        ),
                        Lang::En => format!(
                            "{code}: the items add up to {}, below the {} {}: meeting every item could not score it",
                            show(sum, l),
                            if raw.cap.is_some() { "cap" } else { "maximum" },
                            show(cap, l)
                        ),
                    }),
                    msg!(
                        "thêm mục còn thiếu, sửa điểm các mục, hoặc giảm điểm tối đa của nút",
                        "add the missing item, correct the items' points, or lower the node's max"
                    ),
                );
            }
        }
        ok.then(|| Checklist {
            measure: raw.measure.as_ref().map(|l| Text::new(nfc(&l.vi), nfc(&l.en))),
            items,
            cap,
        })
    }

    /// The id of the item an evidence `item` cell names (by id or name, any case).
    pub fn item_id(&self, written: &str) -> Option<&str> {
        self.find(written).map(|i| self.items[i].id.as_str())
    }

    /// The item an evidence `item` cell names: by id, then by id or name in any case.
    fn find(&self, written: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == written).or_else(|| {
            let f = fold(written);
            self.items
                .iter()
                .position(|i| fold(&i.id) == f || fold(&i.label.vi) == f || fold(&i.label.en) == f)
        })
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        // Per item: whether it was met, and the row that said so.
        let mut answers: Vec<Option<(bool, &Row)>> = vec![None; self.items.len()];
        let mut none_row: Option<&Row> = None;
        for row in input.rows {
            let Some(written) = &row.item else {
                let none = parse_yes_no(&row.value).is_ok_and(|b| !b) || parse_count(&row.value).is_ok_and(|n| n.is_zero());
                if none {
                    none_row = Some(row);
                } else {
                    errors.push(row.invalid(
                        msg!(
                            "{}: dòng của danh mục cần ghi mục ở cột `item` (một trong: {})",
                            "{}: a checklist row needs an `item` (one of: {})",
                            row.target,
                            self.ids()
                        ),
                        msg!(
                            "ghi mỗi mục một dòng: mã hoặc tên mục ở cột `item`, `có` hoặc `không` ở cột `value`",
                            "write one row per item: its id or name in `item`, `có` or `không` in `value`"
                        ),
                    ));
                }
                continue;
            };
            let Some(index) = self.find(written) else {
                let names = self
                    .items
                    .iter()
                    .flat_map(|i| [i.id.as_str(), i.label.vi.as_str(), i.label.en.as_str()]);
                let hint = nearest(written, names)
                    .map(|s| msg!("có phải là `{s}`? ", "did you mean `{s}`? "))
                    .unwrap_or_default();
                errors.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        msg!(
                            "{}: mục `{written}` không có trong danh mục",
                            "{}: unknown checklist item `{written}`",
                            row.target
                        ),
                    )
                    .at(row.loc("item"))
                    .help(Msg::by(|l| {
                        format!("{}{}: {}", hint.get(l), crate::i18n::tr(l, "các mục", "items"), self.ids())
                    })),
                );
                continue;
            };
            let met = match parse_yes_no(&row.value) {
                Ok(b) => b,
                Err(m) => {
                    errors.push(row.invalid(
                        super::at_target(row, &m),
                        msg!(
                            "mỗi mục của danh mục chỉ ghi `có` hoặc `không` (cũng chấp nhận: đạt/không đạt, yes/no, x, 1/0); điểm của mục do bộ tiêu chí quy định",
                            "a checklist item is only `có` or `không` (also: đạt/không đạt, yes/no, x, 1/0); the criteria set gives its points"
                        ),
                    ));
                    continue;
                }
            };
            let item = &self.items[index];
            match answers[index] {
                Some((_, first)) => errors.push(row.invalid(
                    msg!(
                        "{}: mục `{}` đã được ghi ở {} (`{}`)",
                        "{}: item `{}` is already given at {} (`{}`)",
                        row.target,
                        item.id,
                        first.position(),
                        first.item.as_deref().unwrap_or_default()
                    ),
                    msg!(
                        "giữ một dòng cho mỗi mục (mục có thể ghi bằng mã hoặc tên, nhưng chỉ một lần)",
                        "keep one row per item (an item may be named by id or name, but once)"
                    ),
                )),
                None => answers[index] = Some((met, row)),
            }
        }
        if let Some(row) = none_row
            && let Some((_, said)) = answers.iter().flatten().find(|(met, _)| *met)
        {
            errors.push(row.invalid(
                msg!(
                    "{}: dòng này ghi không đạt mục nào, nhưng {} ghi đạt mục `{}`",
                    "{}: this row says no item was met, but {} says item `{}` was",
                    row.target,
                    said.position(),
                    said.item.as_deref().unwrap_or_default()
                ),
                msg!("bỏ một trong hai dòng", "remove one of the two rows"),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let sum = self
            .items
            .iter()
            .zip(&answers)
            .filter(|(_, a)| a.is_some_and(|(met, _)| met))
            .try_fold(Decimal::ZERO, |acc, (i, _)| acc.checked_add(i.points))
            .unwrap_or(Decimal::MAX);
        let points = sum.min(self.cap);
        if !input.explain {
            return Ok(Outcome {
                points,
                reason: Text::default(),
            });
        }
        let list = |lang: Lang, want: Option<bool>| {
            self.items
                .iter()
                .zip(&answers)
                .filter(|(_, a)| a.map(|(met, _)| met) == want || (want == Some(false) && a.is_none() && none_row.is_some()))
                .map(|(i, _)| format!("{} ({})", i.label.get(lang), show(i.points, lang)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut vi = Vec::new();
        let mut en = Vec::new();
        for (want, v, e) in [
            (Some(true), "đạt", "met"),
            (Some(false), "không đạt", "not met"),
            (None, "không có số liệu, tính là không đạt", "not reported, counted as not met"),
        ] {
            if want.is_none() && none_row.is_some() {
                continue;
            }
            let (lv, le) = (list(Lang::Vi, want), list(Lang::En, want));
            if !lv.is_empty() {
                vi.push(format!("{v}: {lv}"));
                en.push(format!("{e}: {le}"));
            }
        }
        let of = of_max(points, input.max);
        let capped = |lang: Lang| {
            if sum > self.cap {
                match lang {
                    Lang::Vi => format!("; cộng {}, tối đa {}", show(sum, lang), show(self.cap, lang)),
                    Lang::En => format!("; sum {}, capped at {}", show(sum, lang), show(self.cap, lang)),
                }
            } else {
                String::new()
            }
        };
        let (mv, me) = self
            .measure
            .as_ref()
            .map_or((String::new(), String::new()), |m| (format!("{}: ", m.vi), format!("{}: ", m.en)));
        Ok(Outcome {
            points,
            reason: Text::new(
                format!("{mv}{}{} → {}", vi.join("; "), capped(Lang::Vi), of.vi),
                format!("{me}{}{} → {}", en.join("; "), capped(Lang::En), of.en),
            ),
        })
    }

    fn ids(&self) -> String {
        self.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Code;
    use crate::rules::testing::{build_errors, eval, points, rule};

    /// Xuân Lộc commune 2022, 4.2 (max 1).
    const XUAN_LOC: &str = r#"kind = "checklist"
items = [
  { id = "bang-dien-tu", vi = "Bảng điện tử, màn hình", en = "electronic boards, screens", points = 0.25 },
  { id = "website", vi = "Trang thông tin điện tử, mạng xã hội", en = "website, social network", points = 0.25 },
  { id = "truyen-thong", vi = "Hình thức truyền thống", en = "traditional forms", points = 0.5 },
]"#;

    #[test]
    fn met_items_add_up() {
        let r = rule(XUAN_LOC, "1");
        let all = [("bang-dien-tu", "có"), ("website", "có"), ("truyen-thong", "có")];
        assert_eq!(points(&r, "1", &all), "1");
        let none = [("bang-dien-tu", "không"), ("website", "no"), ("truyen-thong", "0")];
        assert_eq!(points(&r, "1", &none), "0");
        assert_eq!(
            points(&r, "1", &[("bang-dien-tu", "x"), ("website", "không"), ("truyen-thong", "đạt")]),
            "0.75"
        );
        let out = eval(&r, "1", &[("bang-dien-tu", "có"), ("website", "không"), ("truyen-thong", "có")]).unwrap();
        assert_eq!(
            out.reason.vi,
            "đạt: Bảng điện tử, màn hình (0,25), Hình thức truyền thống (0,5); không đạt: Trang thông tin điện tử, mạng xã hội (0,25) → 0,75/1 điểm"
        );
        assert_eq!(
            out.reason.en,
            "met: electronic boards, screens (0.25), traditional forms (0.5); not met: website, social network (0.25) → 0.75 of 1"
        );
    }

    #[test]
    fn the_measure_opens_the_reason() {
        let r = rule(
            &format!("{XUAN_LOC}\nmeasure = {{ vi = \"hình thức tuyên truyền\", en = \"communication forms\" }}"),
            "1",
        );
        let out = eval(&r, "1", &[("", "không")]).unwrap();
        assert!(
            out.reason.vi.starts_with("hình thức tuyên truyền: không đạt: Bảng điện tử"),
            "{}",
            out.reason.vi
        );
        assert!(
            out.reason.en.starts_with("communication forms: not met: electronic boards"),
            "{}",
            out.reason.en
        );
    }

    #[test]
    fn the_sum_is_capped() {
        let r = rule(&format!("{XUAN_LOC}\ncap = 0.5"), "1");
        assert_eq!(points(&r, "1", &[("bang-dien-tu", "có"), ("website", "có")]), "0.5");
        let out = eval(&r, "1", &[("bang-dien-tu", "có"), ("website", "có"), ("truyen-thong", "có")]).unwrap();
        assert_eq!(out.points.to_string(), "0.5");
        assert!(out.reason.en.ends_with("; sum 1, capped at 0.5 → 0.5 of 1"), "{}", out.reason.en);
        assert!(out.reason.vi.ends_with("; cộng 1, tối đa 0,5 → 0,5/1 điểm"), "{}", out.reason.vi);
        // Exactly at the cap: no cap note.
        let out = eval(&r, "1", &[("truyen-thong", "có")]).unwrap();
        assert_eq!(out.points.to_string(), "0.5");
        assert!(!out.reason.en.contains("capped"), "{}", out.reason.en);
        // Items adding up past the leaf's maximum are capped at it.
        let r = rule(
            "kind = \"checklist\"\nitems = [{ id = \"a\", points = 0.75 }, { id = \"b\", points = 0.75 }]",
            "1",
        );
        assert_eq!(points(&r, "1", &[("a", "có"), ("b", "có")]), "1");
        assert_eq!(points(&r, "1", &[("a", "có"), ("b", "không")]), "0.75");
    }

    #[test]
    fn an_item_without_a_row_counts_as_not_met() {
        let r = rule(XUAN_LOC, "1");
        let out = eval(&r, "1", &[("website", "có")]).unwrap();
        assert_eq!(out.points.to_string(), "0.25");
        assert_eq!(
            out.reason.en,
            "met: website, social network (0.25); not reported, counted as not met: electronic boards, screens (0.25), traditional forms (0.5) → 0.25 of 1"
        );
        assert_eq!(
            out.reason.vi,
            "đạt: Trang thông tin điện tử, mạng xã hội (0,25); không có số liệu, tính là không đạt: Bảng điện tử, màn hình (0,25), Hình thức truyền thống (0,5) → 0,25/1 điểm"
        );
        // A row without an item saying "none" answers every item.
        let out = eval(&r, "1", &[("", "không")]).unwrap();
        assert_eq!(out.points.to_string(), "0");
        assert!(out.reason.en.starts_with("not met: electronic boards"), "{}", out.reason.en);
        let e = eval(&r, "1", &[("", "không"), ("website", "có")]).unwrap_err();
        assert!(e[0].message.en().contains("says no item was met"), "{}", e[0].message);
        let e = eval(&r, "1", &[("", "có")]).unwrap_err();
        assert!(e[0].message.en().contains("needs an `item`"), "{}", e[0].message);
    }

    #[test]
    fn items_are_named_by_id_or_name_in_any_case() {
        let r = rule(XUAN_LOC, "1");
        for name in [
            "website",
            "WEBSITE",
            "Trang thông tin điện tử, mạng xã hội",
            "trang thông tin điện tử,  mạng xã hội",
            "Website, social network",
        ] {
            assert_eq!(points(&r, "1", &[(name, "có")]), "0.25", "{name}");
        }
        let e = eval(&r, "1", &[("webiste", "có")]).unwrap_err();
        assert_eq!(e[0].code, Code::InvalidValue);
        assert_eq!(e[0].message.en(), "9.9: unknown checklist item `webiste`");
        assert_eq!(e[0].message.vi(), "9.9: mục `webiste` không có trong danh mục");
        assert_eq!(
            e[0].help.as_ref().unwrap().en(),
            "did you mean `website`? items: bang-dien-tu, website, truyen-thong"
        );
        assert_eq!(e[0].location.as_ref().unwrap().field.as_deref(), Some("item"));
    }

    /// What-if (`--set 4.2:ITEM=…`) finds the row naming an item through `item_id`.
    #[test]
    fn item_id_and_item_key_name_one_item_however_spelled() {
        let r = rule(XUAN_LOC, "1");
        let crate::rules::Rule::Checklist(c) = &r else {
            panic!("not a checklist")
        };
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Trang thông tin điện tử, mạng xã hội").collect();
        for name in [
            "website",
            "WEBSITE",
            "Website, Social Network",
            "trang thông tin điện tử, mạng xã hội",
            nfd.as_str(),
        ] {
            assert_eq!(c.item_id(name), Some("website"), "{name}");
            assert_eq!(r.item_key(name), r.item_key("website"), "{name}");
        }
        assert_eq!(c.item_id("Bảng điện tử, màn hình"), Some("bang-dien-tu"));
        assert_eq!(c.item_id("TRUYEN-THONG"), Some("truyen-thong"));
        assert_eq!(c.item_id("webiste"), None);
        assert_ne!(r.item_key("website"), r.item_key("truyen-thong"));
        // An unknown item is still one key in any case, and never the key of a known one.
        assert_eq!(r.item_key("Webiste"), r.item_key("webiste"));
        assert_ne!(r.item_key("webiste"), r.item_key("website"));
        // Other rules: the item's id in any case.
        let d = rule(
            r#"kind = "deductions"
items = [{ id = "muc_do_4", points = 0.1 }]"#,
            "1",
        );
        assert_eq!(d.item_key("MUC_DO_4"), d.item_key("muc_do_4"));
        assert_ne!(d.item_key("muc_do_3"), d.item_key("muc_do_4"));
    }

    #[test]
    fn only_yes_or_no_is_accepted() {
        let r = rule(XUAN_LOC, "1");
        // (`0,5` is tested through a CSV file, where its cell is quoted: tests/integration/shapes.rs)
        for value in ["2", "0.5", "x2", "", "0.25", "-1"] {
            let e = eval(&r, "1", &[("website", value)]).unwrap_err();
            assert_eq!(e.len(), 1, "{value}");
            assert_eq!(e[0].code, Code::InvalidValue, "{value}");
            assert_eq!(e[0].message.en(), format!("9.9: `{value}` is not yes/no"));
            assert_eq!(e[0].message.vi(), format!("9.9: `{value}` không phải là có/không"));
            assert!(e[0].help.as_ref().unwrap().en().contains("the criteria set gives its points"));
            assert_eq!(e[0].location.as_ref().unwrap().field.as_deref(), Some("value"));
        }
    }

    #[test]
    fn points_without_reasons_are_the_same() {
        use crate::rules::Input;
        let r = rule(&format!("{XUAN_LOC}\ncap = 0.75"), "1");
        for answers in [["có", "có", "có"], ["có", "không", "có"], ["không", "x", "không"], ["0", "0", "0"]] {
            let rows: Vec<_> = ["bang-dien-tu", "website", "truyen-thong"]
                .iter()
                .zip(answers)
                .map(|(i, a)| crate::rules::testing::row(i, a, None))
                .collect();
            let refs: Vec<&crate::evidence::Row> = rows.iter().collect();
            let code = "9.9".parse().unwrap();
            let run = |explain| {
                r.evaluate(&Input {
                    code: &code,
                    max: rust_decimal::Decimal::ONE,
                    rows: &refs,
                    explain,
                })
                .unwrap()
                .points
            };
            assert_eq!(run(true), run(false), "{answers:?}");
        }
        assert_eq!(
            points(&r, "1", &[("bang-dien-tu", "có"), ("website", "có"), ("truyen-thong", "có")]),
            "0.75"
        );
        // A cap equal to the maximum is accepted.
        assert!(build_errors(&format!("{XUAN_LOC}\ncap = 1"), "1").is_empty());
    }

    #[test]
    fn an_item_given_twice_is_an_error() {
        let r = rule(XUAN_LOC, "1");
        let e = eval(&r, "1", &[("website", "có"), ("Website, social network", "có")]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].message.en(), "9.9: item `website` is already given at test.csv:2 (`website`)");
        assert_eq!(e[0].message.vi(), "9.9: mục `website` đã được ghi ở test.csv:2 (`website`)");
    }

    fn errors(body: &str, max: &str) -> Vec<(Code, String)> {
        build_errors(&format!("kind = \"checklist\"\n{body}"), max)
            .iter()
            .map(|d| (d.code, d.message.en().to_string()))
            .collect()
    }

    #[test]
    fn load_time_checks() {
        assert_eq!(errors("", "1"), [(Code::InvalidRule, "9.9: a checklist rule needs `items`".into())]);
        assert_eq!(
            errors("items = [{ id = \"a\", points = 1 }, { id = \"A\", points = 1 }]", "1"),
            [(Code::InvalidRule, "9.9: item `A` is listed twice".into())]
        );
        assert_eq!(
            errors(
                "items = [{ id = \"a\", vi = \"x\", points = 1 }, { id = \"b\", en = \"X\", points = 1 }]",
                "1"
            ),
            [(Code::InvalidRule, "9.9: items `b` and `a` share an id or a name".into())]
        );
        assert_eq!(
            errors("items = [{ id = \"a\" }]", "1"),
            [(Code::InvalidRule, "9.9: item `a` has no points".into())]
        );
        assert_eq!(
            errors("items = [{ id = \"a\", points = 0 }, { id = \"b\", points = 1 }]", "1"),
            [(Code::InvalidRule, "9.9: item `a` gives 0 points".into())]
        );
        assert_eq!(
            errors("items = [{ id = \"a\", points = -0.25 }, { id = \"b\", points = 1 }]", "1")[0].0,
            Code::InvalidNumber
        );
        // An item worth more than the maximum (or the cap): the bound itself is fine.
        assert_eq!(
            errors("items = [{ id = \"a\", points = 1.25 }]", "1"),
            [(Code::PointsAboveMax, "9.9: points gives 1.25 points, above the maximum 1".into())]
        );
        assert_eq!(errors("items = [{ id = \"a\", points = 1 }]", "1"), []);
        assert_eq!(
            errors(
                "items = [{ id = \"a\", points = 0.75 }, { id = \"b\", points = 0.5 }]\ncap = 0.5",
                "1"
            )[0]
            .0,
            Code::PointsAboveMax
        );
        // The items must reach the maximum (or the cap); exactly reaching it is fine.
        assert_eq!(
            errors("items = [{ id = \"a\", points = 0.25 }, { id = \"b\", points = 0.5 }]", "1"),
            [(
                Code::InvalidRule,
                "9.9: the items add up to 0.75, below the maximum 1: meeting every item could not score it".into()
            )]
        );
        let e = build_errors("kind = \"checklist\"\nitems = [{ id = \"a\", points = 0.25 }]", "1");
        assert_eq!(
            e[0].message.vi(),
            "9.9: các mục cộng lại được 0,25 điểm, chưa tới điểm tối đa 1: đạt mọi mục cũng không được đủ điểm"
        );
        assert_eq!(
            errors("items = [{ id = \"a\", points = 0.25 }]\ncap = 0.5", "1")[0].1,
            "9.9: the items add up to 0.25, below the cap 0.5: meeting every item could not score it"
        );
        assert_eq!(
            errors(
                "items = [{ id = \"a\", points = 0.25 }, { id = \"b\", points = 0.25 }]\ncap = 0.5",
                "1"
            ),
            []
        );
        // The cap: within the maximum.
        assert_eq!(
            errors("items = [{ id = \"a\", points = 1 }]\ncap = 1.5", "1"),
            [(Code::PointsAboveMax, "9.9: cap 1.5 is above the maximum 1".into())]
        );
        assert_eq!(
            errors("items = [{ id = \" \", points = 1 }]", "1"),
            [(Code::InvalidRule, "9.9: a checklist item has an empty id".into())]
        );
        // `min` belongs to formula variables only.
        assert_eq!(
            errors("items = [{ id = \"a\", points = 1, min = 1 }]", "1"),
            [(Code::InvalidRule, "9.9: checklist item `a` does not use `min`".into())]
        );
        // Fields of other kinds.
        assert_eq!(
            errors("items = [{ id = \"a\", points = 1 }]\nper_item = 1", "1")[0].0,
            Code::InvalidRule
        );
    }
}
