//! The set's rounds: `rounds = [...]` under `[set]` and `[[round]]` tables, checked into a
//! [`Rounds`] (known ids or ids the set defines, each once, at least one).

use std::collections::BTreeSet;

use super::Ctx;
use super::raw::RawFile;
use crate::diag::Code;
use crate::msg;
use crate::round::{KNOWN, MAX_ROUNDS, RoundDef, Rounds, known_def};
use crate::text::nearest;

type Span = std::ops::Range<usize>;

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
        // Every spelling must hold a letter or digit: `---` or `""` would match a cell of
        // dashes or nothing (case, diacritics, `-` and `_` do not count).
        let all: Vec<(&str, String, Span)> = [("id", &id, r.id.span()), ("vi", &vi, r.vi.span()), ("en", &en, r.en.span())]
            .into_iter()
            .map(|(w, t, s)| (w, t.clone(), s))
            .chain(r.aliases.iter().map(|a| ("aliases", cx.text(a), a.span())))
            .collect();
        for (what, text, span) in all {
            if !crate::round::key(&text).chars().any(char::is_alphanumeric) {
                cx.error(
                    Code::InvalidSetting,
                    span,
                    msg!(
                        "vòng `{id}`: `{what}` = \"{text}\" không có chữ cái hay chữ số nào",
                        "round `{id}`: `{what}` = \"{text}\" has no letter or digit"
                    ),
                    msg!(
                        "viết tên có chữ, ví dụ \"hội đồng thẩm định tỉnh\"; bỏ cách viết rỗng khỏi `aliases`",
                        "write a name with letters, such as \"provincial appraisal council\"; drop empty spellings from `aliases`"
                    ),
                );
            }
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
            aliases: r.aliases.iter().map(|a| cx.text(a)).collect(),
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
    // Where each declared round is written (its [[round]] table, else its place in
    // `rounds`) and whether its spellings are the set's own.
    let mut placed: Vec<(Span, bool)> = Vec::new();
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
            Some(d) => {
                let table = raw.round.iter().find(|r| cx.text(&r.id) == id).map(|r| r.id.span());
                placed.push((table.clone().unwrap_or_else(|| item.span()), table.is_some()));
                defs.push(d);
            }
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
    if collisions(&defs, &placed, cx) {
        return Rounds::default();
    }
    Rounds::from_defs(defs)
}

/// Two declared rounds answering to one spelling (compared as [`crate::round::key`]): an
/// `invalid-setting` error at the later one, unless both spellings are parcalc's own other
/// spellings (`final` of `appraisal-2` and `appraisal`), which stay ambiguous and are refused
/// where evidence or a flag uses them. Whether any was found.
fn collisions(defs: &[RoundDef], placed: &[(Span, bool)], cx: &mut Ctx) -> bool {
    use crate::round::key;
    let spellings = |d: &RoundDef| -> Vec<(String, bool)> {
        [&d.id, &d.vi, &d.en]
            .into_iter()
            .map(|t| (t.clone(), true))
            .chain(d.aliases.iter().map(|a| (a.clone(), false)))
            .collect()
    };
    let mut found = false;
    for (j, later) in defs.iter().enumerate() {
        let Some((span, own_j)) = placed.get(j) else { continue };
        'earlier: for (i, earlier) in defs.iter().enumerate().take(j) {
            let own_i = placed.get(i).is_some_and(|p| p.1);
            for (a, a_name) in spellings(earlier) {
                for (b, b_name) in spellings(later) {
                    let shared_builtin_alias = !a_name && !b_name && !own_i && !own_j;
                    if key(&a) != key(&b) || shared_builtin_alias {
                        continue;
                    }
                    found = true;
                    let (x, y) = (&earlier.id, &later.id);
                    cx.error(
                        Code::InvalidSetting,
                        span.clone(),
                        msg!(
                            "vòng `{y}` (`{b}`) và vòng `{x}` (`{a}`) được viết giống nhau: ô vòng không biết chọn vòng nào",
                            "rounds `{y}` (`{b}`) and `{x}` (`{a}`) are spelled alike: a round cell could not tell them apart"
                        ),
                        msg!(
                            "đặt cho một trong hai vòng tên hoặc cách viết khác (id, vi, en, aliases trong bảng [[round]])",
                            "give one of the two rounds another name or spelling (id, vi, en, aliases in its [[round]] table)"
                        ),
                    );
                    continue 'earlier;
                }
            }
        }
    }
    found
}
