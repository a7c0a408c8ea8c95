//! Reading and validating a criteria file. Syntax and unknown keys are reported by the
//! TOML reader; everything else (codes, tree shape, maxima, rules, agencies, bands,
//! rounding) is checked here, and every problem found is reported, not just the first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;

use super::raw::{RawFile, RawNode, RawRounding};
use super::{
    Adjustment, AdjustmentItem, AdjustmentKind, Agency, Band, CriteriaSet, Ctx, MissingDocumentPolicy, MissingEvidencePolicy, Node,
    NotApplicablePolicy, Policy, UnitLevel,
};
use crate::code::CriterionCode;
use crate::diag::{Code, Diagnostic, Failed, Location, SourceFile};
use crate::number::{Lang, Rounding, RoundingStrategy, plain};
use crate::number_format::NumberFormat;
use crate::rules::{self, Text};
use crate::text::{nearest, nfc};

/// Largest criteria file accepted; real sets are a few hundred kilobytes.
const MAX_BYTES: usize = 16 * 1024 * 1024;

/// Reads and validates a criteria file.
pub fn load_file(path: &Path) -> Result<CriteriaSet, Failed> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Failed(vec![
            Diagnostic::error(Code::FileRead, format!("cannot read `{name}`: {e}"))
                .at(Location::file_only(name.as_str().into()))
                .help("check the path given to --criteria"),
        ])
    })?;
    load_bytes(&name, &bytes)
}

/// The language a criteria file declares (`[set] language`), read as leniently as possible
/// so that the diagnostics about a broken file can still be in its language: `None` when
/// the file cannot be read or declares no known language.
pub fn declared_language(path: &Path) -> Option<Lang> {
    let bytes = std::fs::read(path).ok().filter(|b| b.len() <= MAX_BYTES)?;
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes)).into_owned();
    if let Ok(table) = text.parse::<toml::Table>() {
        let lang = table.get("set")?.get("language")?.as_str()?;
        return Lang::parse(lang.trim());
    }
    // Not valid TOML: the first `language = "…"` line after a `[set]` header.
    let mut in_set = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_set = line == "[set]";
        } else if in_set && let Some(value) = line.strip_prefix("language").map(str::trim_start) {
            let value = value.strip_prefix('=')?.trim().trim_matches('"');
            return Lang::parse(value);
        }
    }
    None
}

/// Reads a criteria set from raw bytes (UTF-8, with or without BOM).
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<CriteriaSet, Failed> {
    let text = crate::evidence::decode_utf8(name, bytes).map_err(|d| Failed(vec![d]))?;
    load_str(name, &text)
}

/// Validates criteria text; `name` is used in diagnostics.
pub fn load_str(name: &str, text: &str) -> Result<CriteriaSet, Failed> {
    let src = SourceFile::new(name, text);
    if text.len() > MAX_BYTES {
        return Err(Failed(vec![
            Diagnostic::error(Code::FileRead, format!("`{name}` is larger than 16 MiB"))
                .at(Location::file_only(name.into()))
                .help("a criteria set is a few hundred kilobytes at most; is this the right file?"),
        ]));
    }
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return Err(Failed(vec![toml_error(&src, &e)])),
    };
    let mut cx = Ctx::new(&src);
    let set = build(raw, &mut cx);
    let mut diags = cx.diags;
    crate::diag::sort(&mut diags);
    match set {
        Some(mut set) if !diags.iter().any(Diagnostic::is_error) => {
            set.warnings = diags;
            Ok(set)
        }
        _ => Err(Failed(diags)),
    }
}

fn toml_error(src: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_string();
    let unknown = message.starts_with("unknown field");
    let code = if unknown || message.starts_with("missing field") || message.starts_with("invalid type") {
        Code::TomlSchema
    } else {
        Code::TomlSyntax
    };
    let mut help = match code {
        Code::TomlSchema => "see docs/criteria-format.md for the keys each table accepts".to_string(),
        _ => "fix the TOML syntax at this place (quotes, brackets, `=` between key and value)".to_string(),
    };
    if unknown && let (Some(field), Some(list)) = (message.split('`').nth(1), message.split("expected").nth(1)) {
        let options: Vec<&str> = list.split('`').skip(1).step_by(2).collect();
        if let Some(s) = nearest(field, options.iter().copied()) {
            help = format!("did you mean `{s}`?");
        }
    }
    let d = Diagnostic::error(code, message).help(help);
    match e.span() {
        Some(span) => d.at(src.locate(span)),
        None => d.at(Location::file_only(src.name.clone())),
    }
}

fn build(raw: RawFile, cx: &mut Ctx) -> Option<CriteriaSet> {
    let set = &raw.set;
    let id = cx.text(&set.id);
    if id.is_empty() {
        cx.error(
            Code::InvalidSetting,
            set.id.span(),
            "the set id is empty",
            "give the set an id such as \"dak-nong-district-2022\"",
        );
    }
    let title = cx.text(&set.title);
    let year = cx.integer(&set.year, "year", 1900..2201).map(|y| y as i32);
    let level = UnitLevel::parse(set.level.get_ref().trim());
    if level.is_none() {
        let hint = suggest(set.level.get_ref(), &UnitLevel::NAMES);
        cx.error(
            Code::InvalidSetting,
            set.level.span(),
            format!("unknown level `{}`", set.level.get_ref()),
            hint,
        );
    }
    let language = Lang::parse(set.language.get_ref().trim());
    if language.is_none() {
        cx.error(
            Code::InvalidSetting,
            set.language.span(),
            format!("unknown language `{}`", set.language.get_ref()),
            "use \"vi\" or \"en\"",
        );
    }
    let number_format = set.number_format.as_ref().and_then(|f| {
        let parsed = NumberFormat::parse(f.get_ref());
        if parsed.is_none() {
            cx.error(
                Code::InvalidSetting,
                f.span(),
                format!("unknown number format `{}`", f.get_ref()),
                "use \"vi\" (1.234,5: `,` is the decimal mark) or \"en\" (1,234.5: `.` is the decimal point)",
            );
        }
        parsed
    });
    let total = cx.points(&set.total, "total");

    let default_rounding = Rounding {
        places: 3,
        strategy: RoundingStrategy::HalfUp,
    };
    let (rounding, index_rounding) = match &set.rounding {
        Some(r) => {
            let points = rounding(r, default_rounding, cx);
            let index = match &r.index_places {
                Some(lit) => cx
                    .integer(lit, "index_places", 0..i64::from(Rounding::MAX_PLACES) + 1)
                    .map(|p| Rounding {
                        places: p as u32,
                        strategy: points.strategy,
                    }),
                None => Some(Rounding {
                    places: 2,
                    strategy: points.strategy,
                }),
            };
            (points, index.unwrap_or(default_rounding))
        }
        None => (
            default_rounding,
            Rounding {
                places: 2,
                strategy: RoundingStrategy::HalfUp,
            },
        ),
    };
    let policy = policy(&raw, cx);

    // Agencies: unique ids, declared once.
    let mut agencies: Vec<Agency> = Vec::new();
    for a in &raw.agency {
        let aid = cx.text(&a.id);
        if aid.is_empty() || aid.chars().any(char::is_whitespace) {
            cx.error(
                Code::InvalidSetting,
                a.id.span(),
                format!("agency id `{aid}` must be one word"),
                "use a short id such as \"noi-vu\"",
            );
            continue;
        }
        if agencies.iter().any(|x| x.id == aid) {
            cx.error(
                Code::DuplicateAgency,
                a.id.span(),
                format!("agency `{aid}` is declared twice"),
                "keep one [[agency]] table per id",
            );
            continue;
        }
        let name = cx.text(&a.name);
        agencies.push(Agency {
            short: a.short.as_deref().map(nfc).unwrap_or_else(|| name.clone()),
            id: aid,
            name,
            name_en: a.name_en.as_deref().map(nfc),
        });
    }
    let known: Vec<String> = agencies.iter().map(|a| a.id.clone()).collect();

    // Bands: written from the highest down, each lower bound strictly below the previous.
    let mut bands = Vec::new();
    let mut previous: Option<Decimal> = None;
    for b in &raw.band {
        let Some(min) = cx.share(&b.min, "band min") else { continue };
        let min_percent = min * Decimal::ONE_HUNDRED;
        if !(Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&min_percent) {
            cx.error(
                Code::BandOrder,
                b.min.span(),
                format!("band lower bound {}% is outside 0–100%", plain(min_percent)),
                "write bounds such as \"90%\"",
            );
            continue;
        }
        if let Some(p) = previous
            && min_percent >= p
        {
            cx.error(
                Code::BandOrder,
                b.min.span(),
                format!(
                    "band `{}` starts at {}%, not below the band before it ({}%)",
                    b.vi,
                    plain(min_percent),
                    plain(p)
                ),
                "list bands from the highest lower bound down, each bound lower than the one before",
            );
            continue;
        }
        previous = Some(min_percent);
        bands.push(Band {
            min: min_percent.normalize(),
            vi: nfc(&b.vi),
            en: nfc(&b.en),
        });
    }

    // Nodes.
    let mut nodes: BTreeMap<CriterionCode, Node> = BTreeMap::new();
    for rn in &raw.node {
        if let Some(node) = node(rn, rounding, &known, cx) {
            if let Some(prev) = nodes.get(&node.code) {
                let first = cx.loc(prev.span.clone()).line;
                cx.error(
                    Code::DuplicateCode,
                    rn.code.span(),
                    format!("code `{}` is declared twice (first on line {first})", node.code),
                    "give each node its own code, or merge the two",
                );
                continue;
            }
            nodes.insert(node.code.clone(), node);
        }
    }
    let declared: BTreeSet<CriterionCode> = raw
        .node
        .iter()
        .filter(|n| n.rule.is_some())
        .filter_map(|n| n.code.get_ref().parse().ok())
        .collect();
    tree(&mut nodes, &declared, total, set, cx);

    let adjustments = adjustments(&raw, &known, cx);

    Some(CriteriaSet {
        id,
        title,
        title_en: set.title_en.as_deref().map(nfc),
        year: year?,
        level: level?,
        language: language?,
        number_format,
        total: total?,
        rounding,
        index_rounding,
        policy,
        bands,
        agencies,
        nodes,
        adjustments,
        source: cx.src.clone(),
        warnings: Vec::new(),
    })
}

fn suggest(word: &str, options: &[&str]) -> String {
    match nearest(word, options.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? (one of: {})", options.join(", ")),
        None => format!("use one of: {}", options.join(", ")),
    }
}

fn rounding(r: &RawRounding, inherited: Rounding, cx: &mut Ctx) -> Rounding {
    let places = match &r.places {
        Some(lit) => cx
            .integer(lit, "rounding places", 0..i64::from(Rounding::MAX_PLACES) + 1)
            .map_or(inherited.places, |p| p as u32),
        None => inherited.places,
    };
    let strategy = match &r.strategy {
        Some(s) => match RoundingStrategy::parse(s.get_ref().trim()) {
            Some(st) => st,
            None => {
                let hint = suggest(s.get_ref(), &RoundingStrategy::NAMES);
                cx.error(
                    Code::InvalidRounding,
                    s.span(),
                    format!("unknown rounding strategy `{}`", s.get_ref()),
                    hint,
                );
                inherited.strategy
            }
        },
        None => inherited.strategy,
    };
    Rounding { places, strategy }
}

fn policy(raw: &RawFile, cx: &mut Ctx) -> Policy {
    let mut p = Policy {
        not_applicable: NotApplicablePolicy::Exclude,
        missing_evidence: MissingEvidencePolicy::Zero,
        missing_document: MissingDocumentPolicy::Warn,
    };
    let Some(rp) = &raw.set.policy else { return p };
    if let Some(s) = &rp.not_applicable {
        match s.get_ref().trim() {
            "exclude" => p.not_applicable = NotApplicablePolicy::Exclude,
            "full-marks" => p.not_applicable = NotApplicablePolicy::FullMarks,
            other => cx.error(
                Code::InvalidSetting,
                s.span(),
                format!("unknown not_applicable policy `{other}`"),
                suggest(other, &["exclude", "full-marks"]),
            ),
        }
    }
    if let Some(s) = &rp.missing_evidence {
        match s.get_ref().trim() {
            "zero" => p.missing_evidence = MissingEvidencePolicy::Zero,
            "error" => p.missing_evidence = MissingEvidencePolicy::Error,
            other => cx.error(
                Code::InvalidSetting,
                s.span(),
                format!("unknown missing_evidence policy `{other}`"),
                suggest(other, &["zero", "error"]),
            ),
        }
    }
    if let Some(s) = &rp.missing_document {
        match s.get_ref().trim() {
            "warn" => p.missing_document = MissingDocumentPolicy::Warn,
            "zero" => p.missing_document = MissingDocumentPolicy::Zero,
            other => cx.error(
                Code::InvalidSetting,
                s.span(),
                format!("unknown missing_document policy `{other}`"),
                suggest(other, &["warn", "zero"]),
            ),
        }
    }
    p
}

fn agency_list(list: &[crate::criteria::raw::SStr], known: &[String], cx: &mut Ctx) -> Vec<String> {
    let mut out = Vec::new();
    for a in list {
        let id = cx.text(a);
        if known.contains(&id) {
            if !out.contains(&id) {
                out.push(id);
            }
        } else {
            let hint = match nearest(&id, known.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`? Agencies are declared in [[agency]] tables"),
                None => "declare it in an [[agency]] table, or use a declared id".to_string(),
            };
            cx.error(Code::UnknownAgency, a.span(), format!("unknown agency `{id}`"), hint);
        }
    }
    out
}

fn node(rn: &RawNode, set_rounding: Rounding, known: &[String], cx: &mut Ctx) -> Option<Node> {
    let code: CriterionCode = match rn.code.get_ref().parse() {
        Ok(c) => c,
        Err(e) => {
            cx.error(
                Code::InvalidCode,
                rn.code.span(),
                format!("`{}` is not a valid code: {e}", rn.code.get_ref()),
                "codes are numbers joined by dots, such as \"3.4.4\"",
            );
            return None;
        }
    };
    let title = cx.text(&rn.title);
    if title.is_empty() {
        cx.error(
            Code::InvalidSetting,
            rn.title.span(),
            format!("node {code} has an empty title"),
            "write the title as it appears in the criteria document",
        );
    }
    let max = cx.points(&rn.max, &format!("max of {code}"));
    let lead = agency_list(&rn.lead, known, cx);
    let cooperating = agency_list(&rn.cooperating, known, cx);
    let node_rounding = rn.rounding.as_ref().map(|r| rounding(r, set_rounding, cx));
    let rule = match (&rn.rule, max) {
        (Some(r), Some(m)) => {
            let rounding = node_rounding.unwrap_or(set_rounding);
            max_precision(&code, m, rounding, rn, cx);
            rules::build(r, m, rounding, &code, cx)
        }
        _ => None,
    };
    Some(Node {
        span: rn.code.span(),
        code,
        title,
        title_en: rn.title_en.as_deref().map(nfc),
        max: max?,
        lead,
        cooperating,
        deadline: rn.deadline.as_deref().map(nfc),
        document_required: rn.document_required,
        may_be_not_applicable: rn.may_be_not_applicable,
        rounding: node_rounding,
        rule,
        children: Vec::new(),
    })
}

/// Warns when a leaf's maximum has more decimals than its rounding keeps: the leaf's points
/// are rounded, so a criterion that is fully met could never reach its maximum
/// (`max = 1.0004567` with 3 places scores 1 and silently loses 0.0004567).
fn max_precision(code: &CriterionCode, max: Decimal, rounding: Rounding, rn: &RawNode, cx: &mut Ctx) {
    let rounded = rounding.apply(max);
    if rounded == max.normalize() {
        return;
    }
    cx.warn(
        Code::MaxPrecision,
        rn.max.span(),
        format!(
            "max of {code} is {} but its points are rounded to {} decimal place(s): fully met, it scores {} and loses {}",
            plain(max),
            rounding.places,
            plain(rounded),
            plain(max - rounded)
        ),
        format!(
            "write the max with at most {} decimals, or raise `places` in [set.rounding] (or the node's `rounding`)",
            rounding.places
        ),
    );
}

/// Links children to parents and checks the tree: every parent exists, leaves have rules,
/// parents don't, each parent's maximum is its children's sum, the areas add up to the total.
fn tree(
    nodes: &mut BTreeMap<CriterionCode, Node>,
    declared: &BTreeSet<CriterionCode>,
    total: Option<Decimal>,
    set: &super::raw::RawSet,
    cx: &mut Ctx,
) {
    let codes: Vec<CriterionCode> = nodes.keys().cloned().collect();
    for code in &codes {
        if let Some(parent) = code.parent() {
            if let Some(p) = nodes.get_mut(&parent) {
                p.children.push(code.clone());
            } else {
                let loc = cx.loc(nodes[code].span.clone());
                cx.diags.push(
                    Diagnostic::error(Code::MissingParent, format!("node {code} has no parent: {parent} is not declared"))
                        .at(loc)
                        .help(format!("add a [[node]] with code = \"{parent}\", or fix the code")),
                );
            }
        }
    }
    for node in nodes.values() {
        if node.is_leaf() && node.rule.is_none() && !declared.contains(&node.code) {
            cx.diags.push(
                Diagnostic::error(Code::MissingRule, format!("leaf {} has no rule", node.code))
                    .at(cx.src.locate(node.span.clone()))
                    .help("add `rule = { kind = \"binary\" }` or another rule kind (see docs/criteria-format.md)"),
            );
        }
        if !node.is_leaf() && declared.contains(&node.code) {
            cx.diags.push(
                Diagnostic::error(Code::RuleOnParent, format!("{} has children and a rule", node.code))
                    .at(cx.src.locate(node.span.clone()))
                    .help("a parent's score is the sum of its children; move the rule to a leaf"),
            );
        }
        if !node.is_leaf() {
            let sum: Decimal = node.children.iter().map(|c| nodes[c].max).sum();
            if sum != node.max {
                let list: Vec<String> = node.children.iter().map(|c| format!("{c} = {}", plain(nodes[c].max))).collect();
                cx.diags.push(
                    Diagnostic::error(
                        Code::MaxMismatch,
                        format!(
                            "max of {} is {} but its children add up to {} (difference {})",
                            node.code,
                            plain(node.max),
                            plain(sum),
                            plain(node.max - sum)
                        ),
                    )
                    .at(cx.src.locate(node.span.clone()))
                    .help(format!("children: {}; fix the parent's max or a child's", list.join(", "))),
                );
            }
        }
    }
    if let Some(total) = total {
        let areas: Decimal = nodes.values().filter(|n| n.code.depth() == 1).map(|n| n.max).sum();
        if areas != total && !nodes.is_empty() {
            cx.error(
                Code::TotalMismatch,
                set.total.span(),
                format!(
                    "the set's total is {} but its areas add up to {} (difference {})",
                    plain(total),
                    plain(areas),
                    plain(total - areas)
                ),
                "the total must equal the sum of the areas' maxima",
            );
        }
        if nodes.is_empty() {
            cx.error(
                Code::MissingRule,
                set.total.span(),
                "the criteria set declares no [[node]]",
                "add areas and criteria as [[node]] tables",
            );
        }
    }
}

fn adjustments(raw: &RawFile, known: &[String], cx: &mut Ctx) -> Vec<Adjustment> {
    let mut out: Vec<Adjustment> = Vec::new();
    for ra in &raw.adjustment {
        let id = cx.text(&ra.id);
        if id.parse::<CriterionCode>().is_ok() || id.is_empty() {
            cx.error(
                Code::InvalidSetting,
                ra.id.span(),
                format!("adjustment id `{id}` must be a word, not a code"),
                "use an id such as \"bonus\" or \"penalty\"",
            );
            continue;
        }
        if out.iter().any(|a| a.id == id) {
            cx.error(
                Code::DuplicateCode,
                ra.id.span(),
                format!("adjustment `{id}` is declared twice"),
                "",
            );
            continue;
        }
        let kind = match ra.kind.get_ref().trim() {
            "bonus" => AdjustmentKind::Bonus,
            "penalty" => AdjustmentKind::Penalty,
            other => {
                cx.error(
                    Code::InvalidSetting,
                    ra.kind.span(),
                    format!("unknown adjustment kind `{other}`"),
                    suggest(other, &["bonus", "penalty"]),
                );
                continue;
            }
        };
        let Some(cap) = cx.points(&ra.cap, "adjustment cap") else {
            continue;
        };
        let mut items = Vec::new();
        for it in &ra.items {
            let iid = cx.text(&it.id);
            let Some(points) = it.points.as_ref().and_then(|p| cx.points(p, &format!("points of item {iid}"))) else {
                if it.points.is_none() {
                    cx.error(
                        Code::InvalidRule,
                        it.id.span(),
                        format!("item `{iid}` has no points"),
                        "add `points = 0.5`",
                    );
                }
                continue;
            };
            items.push(AdjustmentItem {
                label: Text {
                    vi: it.vi.as_deref().map(nfc).unwrap_or_else(|| iid.clone()),
                    en: it.en.as_deref().map(nfc).unwrap_or_else(|| iid.clone()),
                },
                id: iid,
                points,
            });
        }
        out.push(Adjustment {
            id,
            kind,
            title: nfc(&ra.title),
            title_en: ra.title_en.as_deref().map(nfc),
            cap,
            items,
            lead: agency_list(&ra.lead, known, cx),
        });
    }
    out
}
