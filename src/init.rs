//! `parcalc init`: a commented starter criteria set for a level, with the usual areas, a
//! few criteria of each rule shape, classification bands and an agency registry. The
//! output passes `parcalc check`; the maxima are placeholders to replace with the
//! province's own.

use crate::criteria::UnitLevel;
use crate::number::Lang;

struct Area {
    title_vi: &'static str,
    title_en: &'static str,
    max: u32,
}

fn areas(level: UnitLevel) -> Vec<Area> {
    let a = |title_vi, title_en, max| Area { title_vi, title_en, max };
    match level {
        UnitLevel::Province | UnitLevel::District => vec![
            a(
                "Công tác chỉ đạo, điều hành cải cách hành chính",
                "Direction and administration",
                10,
            ),
            a(
                "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
                "Institutional reform",
                8,
            ),
            a("Cải cách thủ tục hành chính", "Administrative procedures", 14),
            a("Cải cách tổ chức bộ máy hành chính nhà nước", "Organisational apparatus", 8),
            a("Cải cách chế độ công vụ", "Civil service", 12),
            a("Cải cách tài chính công", "Public finance", 6),
            a(
                "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
                "E-government and digital government",
                14,
            ),
            a(
                "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế – xã hội",
                "Impact on people and socio-economic development",
                8,
            ),
            a("Điều tra xã hội học", "Sociological survey", 20),
        ],
        UnitLevel::Department => vec![
            a(
                "Công tác chỉ đạo, điều hành cải cách hành chính",
                "Direction and administration",
                12,
            ),
            a(
                "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
                "Institutional reform",
                10,
            ),
            a("Cải cách thủ tục hành chính", "Administrative procedures", 16),
            a("Cải cách tổ chức bộ máy hành chính nhà nước", "Organisational apparatus", 10),
            a("Cải cách chế độ công vụ", "Civil service", 14),
            a("Cải cách tài chính công", "Public finance", 8),
            a(
                "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
                "E-government and digital government",
                10,
            ),
            a("Điều tra xã hội học", "Sociological survey", 20),
        ],
        UnitLevel::Commune => vec![
            a(
                "Công tác chỉ đạo, điều hành cải cách hành chính",
                "Direction and administration",
                15,
            ),
            a("Cải cách thủ tục hành chính", "Administrative procedures", 25),
            a("Cải cách chế độ công vụ", "Civil service", 15),
            a(
                "Xây dựng chính quyền điện tử, chính quyền số",
                "E-government and digital government",
                15,
            ),
            a("Tác động của cải cách hành chính", "Impact on people", 10),
            a("Khảo sát sự hài lòng của người dân", "Citizen satisfaction survey", 20),
        ],
    }
}

fn agencies(level: UnitLevel) -> Vec<(&'static str, &'static str, &'static str)> {
    match level {
        UnitLevel::Commune => vec![
            ("vp", "Văn phòng – Thống kê UBND xã", "Văn phòng"),
            ("tu-phap", "Công chức Tư pháp – Hộ tịch", "Tư pháp"),
            ("mot-cua", "Bộ phận Một cửa xã", "Một cửa"),
        ],
        UnitLevel::Department => vec![
            ("vp", "Văn phòng Sở", "Văn phòng"),
            ("tccb", "Phòng Tổ chức cán bộ", "TCCB"),
            ("khtc", "Phòng Kế hoạch – Tài chính", "KHTC"),
        ],
        UnitLevel::Province => vec![
            ("snv", "Sở Nội vụ", "Nội vụ"),
            ("vp", "Văn phòng UBND tỉnh", "VP UBND"),
            ("stp", "Sở Tư pháp", "Tư pháp"),
            ("stc", "Sở Tài chính", "Tài chính"),
        ],
        UnitLevel::District => vec![
            ("noi-vu", "Phòng Nội vụ", "Nội vụ"),
            ("vp", "Văn phòng HĐND&UBND huyện", "VP HĐND&UBND"),
            ("tu-phap", "Phòng Tư pháp", "Tư pháp"),
            ("tckh", "Phòng Tài chính – Kế hoạch", "TC–KH"),
            ("vhtt", "Phòng Văn hóa và Thông tin", "VH&TT"),
        ],
    }
}

fn level_name(level: UnitLevel) -> &'static str {
    match level {
        UnitLevel::Province => "province",
        UnitLevel::Department => "department",
        UnitLevel::District => "district",
        UnitLevel::Commune => "commune",
    }
}

/// The starter criteria set as TOML text.
pub fn starter(level: UnitLevel, lang: Lang, year: i32) -> String {
    let areas = areas(level);
    let agencies = agencies(level);
    let total: u32 = areas.iter().map(|a| a.max).sum();
    let lead = agencies[0].0;
    let mut s = String::new();
    let name = level_name(level);
    s.push_str(&format!(
        "# Starter PAR INDEX criteria set for the {name} level, written by `parcalc init`.\n\
         # Replace the titles, maxima and rules with those of your province's decision; keep\n\
         # every parent's max equal to the sum of its children's and the areas equal to\n\
         # `total`. Run `parcalc check --criteria {{this file}}` after each change.\n\
         # Format reference: docs/criteria-format.md.\n\n"
    ));
    let (title, title_en) = match level {
        UnitLevel::Province => ("Bộ chỉ số cải cách hành chính cấp tỉnh", "Provincial PAR criteria"),
        UnitLevel::Department => ("Bộ chỉ số cải cách hành chính các sở, ban, ngành", "Department PAR criteria"),
        UnitLevel::District => ("Bộ chỉ số cải cách hành chính cấp huyện", "District PAR criteria"),
        UnitLevel::Commune => ("Bộ chỉ số cải cách hành chính cấp xã", "Commune PAR criteria"),
    };
    s.push_str(&format!(
        "[set]\nid = \"{name}-{year}\"\ntitle = \"{title} năm {year}\"\ntitle_en = \"{title_en} {year}\"\nyear = {year}\nlevel = \"{name}\"\nlanguage = \"{}\"   # default report language: vi or en\ntotal = {total}\n\n",
        lang.code()
    ));
    s.push_str("[set.rounding]\nplaces = 3            # points are published with 3 decimals\nstrategy = \"half-up\"  # half-up, half-even or down\nindex_places = 2      # the index % with 2\n\n");
    s.push_str("[set.policy]\nnot_applicable = \"exclude\"  # a criterion that does not arise leaves the maximum\nmissing_evidence = \"zero\"\nmissing_document = \"warn\"\n\n");
    s.push_str("# Classification bands, highest lower bound first.\n");
    for (min, vi, en) in [
        ("90%", "Xuất sắc", "Excellent"),
        ("80%", "Tốt", "Good"),
        ("70%", "Khá", "Fair"),
        ("55%", "Trung bình", "Average"),
        ("0%", "Yếu", "Weak"),
    ] {
        s.push_str(&format!("[[band]]\nmin = \"{min}\"\nvi = \"{vi}\"\nen = \"{en}\"\n\n"));
    }
    s.push_str("# Agencies: ids are used in `lead`, `cooperating` and the evidence `agency` column.\n");
    for (id, name, short) in &agencies {
        s.push_str(&format!("[[agency]]\nid = \"{id}\"\nname = \"{name}\"\nshort = \"{short}\"\n\n"));
    }
    let last = areas.len();
    for (i, a) in areas.iter().enumerate() {
        let code = i + 1;
        s.push_str(&format!(
            "# ---- Area {code} ----\n[[node]]\ncode = \"{code}\"\ntitle = \"{}\"\ntitle_en = \"{}\"\nmax = {}\nlead = [\"{lead}\"]\n\n",
            a.title_vi, a.title_en, a.max
        ));
        if code == last {
            // The survey part: points imported from the survey results.
            let half = a.max / 2;
            s.push_str(&format!(
                "[[node]]\ncode = \"{code}.1\"\ntitle = \"Khảo sát cán bộ, công chức\"\nmax = {half}\nrule = {{ kind = \"survey\" }}   # the value is the points\n\n\
                 [[node]]\ncode = \"{code}.2\"\ntitle = \"Khảo sát sự hài lòng của người dân, tổ chức (SIPAS)\"\nmax = {}\nrule = {{ kind = \"survey\", scale = 100 }}   # a result out of 100\n\n",
                a.max - half
            ));
            continue;
        }
        // Two sub-criteria per area: a yes/no one worth 1 point, and one scored by tiers.
        let rest = a.max - 1;
        let deadline = if code == 1 {
            "deadline = \"Trước ngày 31/12 hàng năm\"\n"
        } else {
            "deadline = \"Thường xuyên\"\n"
        };
        let first = if code == 1 {
            format!(
                "rule = {{ kind = \"deadline\", due = \"31/12/{}\", late = 0.5, missing = 0 }}\n",
                year - 1
            )
        } else {
            "rule = { kind = \"binary\" }\n".to_string()
        };
        s.push_str(&format!(
            "[[node]]\ncode = \"{code}.1\"\ntitle = \"Ban hành kế hoạch thực hiện nhiệm vụ (lĩnh vực {code})\"\nmax = 1\n{deadline}document_required = true\n{first}\n"
        ));
        s.push_str(&format!(
            "[[node]]\ncode = \"{code}.2\"\ntitle = \"Tỷ lệ hoàn thành nhiệm vụ (lĩnh vực {code})\"\nmax = {rest}\n{deadline}[node.rule]\nkind = \"tiers\"\nmeasure = {{ vi = \"tỷ lệ hoàn thành\", en = \"completion rate\" }}\ntiers = [\n  {{ when = \"[90%, 100%]\", points = {rest} }},\n  {{ when = \"[70%, 90%)\", points = {} }},\n  {{ when = \"[0%, 70%)\", points = 0 }},\n]\n\n",
            rust_decimal::Decimal::from(rest) / rust_decimal::Decimal::TWO
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_passes_the_loader() {
        for level in [UnitLevel::Province, UnitLevel::Department, UnitLevel::District, UnitLevel::Commune] {
            for lang in [Lang::Vi, Lang::En] {
                let text = starter(level, lang, 2025);
                let set = crate::criteria::load_str("init.toml", &text)
                    .unwrap_or_else(|f| panic!("{}", crate::diag::render_all(&f.0, crate::number::Lang::En)));
                assert!(set.warnings.is_empty());
                assert_eq!(set.total, rust_decimal::Decimal::ONE_HUNDRED);
                assert_eq!(set.language, lang);
            }
        }
    }
}
