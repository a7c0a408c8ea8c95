//! The set's rounds: `rounds = [...]` under `[set]` and `[[round]]` tables, checked into a
//! [`Rounds`] (known ids or ids the set defines, each once, at least one).

use std::collections::BTreeSet;

use super::Ctx;
use super::raw::RawFile;
use crate::diag::Code;
use crate::msg;
use crate::round::{KNOWN, MAX_ROUNDS, RoundDef, Rounds, known_def};
use crate::text::{nearest, nfc};

/// The declared rounds, or the default `self, appraisal`; problems go to `cx`.
pub(super) fn rounds(raw: &RawFile, cx: &mut Ctx) -> Rounds {
    let mut custom: Vec<RoundDef> = Vec::new();
    for r in &raw.round {
        let id = cx.text(&r.id);
        let (vi, en) = (cx.text(&r.vi), cx.text(&r.en));
        if id.is_empty() || id.chars().any(char::is_whitespace) || vi.is_empty() || en.is_empty() {
            cx.error(
                Code::InvalidSetting,
                r.id.span(),
                msg!(
                    "vòng `{id}` cần mã một từ, tên tiếng Việt (`vi`) và tên tiếng Anh (`en`)",
                    "round `{id}` needs a one-word id, a Vietnamese name (`vi`) and an English name (`en`)"
                ),
                msg!(
                    "ví dụ: id = \"hoi-dong\", vi = \"hội đồng thẩm định\", en = \"appraisal council\"",
                    "for example: id = \"hoi-dong\", vi = \"hội đồng thẩm định\", en = \"appraisal council\""
                ),
            );
            continue;
        }
        if custom.iter().any(|c| c.id == id) {
            cx.error(
                Code::InvalidSetting,
                r.id.span(),
                msg!("vòng `{id}` được định nghĩa hai lần", "round `{id}` is defined twice"),
                msg!("giữ một bảng [[round]] cho mỗi mã", "keep one [[round]] table per id"),
            );
            continue;
        }
        custom.push(RoundDef {
            id,
            vi,
            en,
            aliases: r.aliases.iter().map(|a| nfc(a)).filter(|a| !a.is_empty()).collect(),
        });
    }
    let Some(list) = &raw.set.rounds else {
        if let Some(r) = raw.round.first() {
            cx.error(
                Code::InvalidSetting,
                r.id.span(),
                msg!(
                    "có bảng [[round]] nhưng `[set]` không khai báo `rounds`",
                    "a [[round]] table is given but `[set]` declares no `rounds`"
                ),
                msg!(
                    "khai báo thứ tự các vòng, ví dụ rounds = [\"self\", \"{}\"]",
                    "declare the rounds in order, such as rounds = [\"self\", \"{}\"]",
                    r.id.get_ref()
                ),
            );
        }
        return Rounds::default();
    };
    let known_ids: Vec<&str> = KNOWN.iter().map(|k| k.0).chain(custom.iter().map(|c| c.id.as_str())).collect();
    let mut defs: Vec<RoundDef> = Vec::new();
    let mut seen = BTreeSet::new();
    for item in list.get_ref() {
        let id = cx.text(item);
        let def = custom.iter().find(|c| c.id == id).cloned().or_else(|| known_def(&id));
        match def {
            Some(_) if !seen.insert(id.clone()) => cx.error(
                Code::InvalidSetting,
                item.span(),
                msg!(
                    "vòng `{id}` được khai báo hai lần trong `rounds`",
                    "round `{id}` is listed twice in `rounds`"
                ),
                msg!("mỗi vòng chỉ ghi một lần", "list each round once"),
            ),
            Some(d) => defs.push(d),
            None => {
                let all = known_ids.join(", ");
                let help = match nearest(&id, known_ids.iter().copied()) {
                    Some(s) => msg!(
                        "có phải là `{s}`? (các vòng đã biết: {all}; vòng khác cần một bảng [[round]])",
                        "did you mean `{s}`? (known rounds: {all}; another round needs a [[round]] table)"
                    ),
                    None => msg!(
                        "dùng một trong: {all}, hoặc định nghĩa vòng bằng bảng [[round]] (id, vi, en)",
                        "use one of: {all}, or define the round in a [[round]] table (id, vi, en)"
                    ),
                };
                cx.error(
                    Code::InvalidSetting,
                    item.span(),
                    msg!("vòng `{id}` không xác định", "unknown round `{id}`"),
                    help,
                );
            }
        }
    }
    for r in &raw.round {
        let id = cx.text(&r.id);
        if custom.iter().any(|c| c.id == id) && !seen.contains(&id) {
            cx.error(
                Code::InvalidSetting,
                r.id.span(),
                msg!(
                    "vòng `{id}` được định nghĩa nhưng không có trong `rounds`",
                    "round `{id}` is defined but not listed in `rounds`"
                ),
                msg!(
                    "thêm \"{id}\" vào `rounds` đúng thứ tự, hoặc xóa bảng [[round]] này",
                    "add \"{id}\" to `rounds` in its place, or delete this [[round]] table"
                ),
            );
        }
    }
    if list.get_ref().is_empty() || list.get_ref().len() > MAX_ROUNDS {
        let n = list.get_ref().len();
        cx.error(
            Code::InvalidSetting,
            list.span(),
            msg!(
                "`rounds` có {n} vòng; cần từ 1 đến {MAX_ROUNDS} vòng",
                "`rounds` lists {n} rounds; give 1 to {MAX_ROUNDS}"
            ),
            msg!(
                "ví dụ: rounds = [\"self\", \"explanation\", \"appraisal-1\", \"appraisal-2\"]",
                "for example: rounds = [\"self\", \"explanation\", \"appraisal-1\", \"appraisal-2\"]"
            ),
        );
        return Rounds::default();
    }
    if defs.is_empty() {
        return Rounds::default();
    }
    Rounds::from_defs(defs)
}
