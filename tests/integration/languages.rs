//! Each report speaks one language: a Vietnamese report holds no English label of parcalc's
//! own, and an English report no Vietnamese one. The labels are every bilingual pair in the
//! source (`Label` table arms, `tr(lang, "vi", "en")`, `Text::new("vi", "en")`), read from
//! `src/` so that a label added tomorrow is checked too. Text that comes from the inputs
//! (titles, agency names, documents, units) is taken out of a report before it is searched.

use super::support::{CRITERIA, Dir, root, run};

/// A Rust string literal at the start of `s` (after spaces): its value and the rest.
fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start().strip_prefix('"')?;
    let mut value = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &s[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => value.push('\n'),
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

/// `"vi", "en")` at the start of `s`.
fn pair(s: &str) -> Option<(String, String)> {
    let (vi, rest) = literal(s)?;
    let (en, rest) = literal(rest.trim_start().strip_prefix(',')?)?;
    rest.trim_start().starts_with(')').then_some((vi, en))
}

/// Every bilingual label pair written in `src/` (help texts aside: they are checked by the
/// help tests).
fn labels() -> Vec<(String, String)> {
    let mut files = vec![root().join("src")];
    let mut pairs = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            if path.ends_with("help") {
                continue;
            }
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for marker in ["tr(", "Text::new(", "=> ("] {
            for (at, _) in text.match_indices(marker) {
                let mut rest = &text[at + marker.len()..];
                if marker == "tr(" {
                    // `tr(lang, …`: skip the language argument.
                    let Some((_, after)) = rest.split_once(',') else { continue };
                    rest = after;
                }
                if let Some(p) = pair(rest) {
                    pairs.push(p);
                }
            }
        }
    }
    pairs.sort();
    pairs.dedup();
    pairs
}

/// Every string the inputs hold: criteria set strings and evidence cells.
fn input_strings(criteria: &[&str], evidence: &[String]) -> Vec<String> {
    fn walk(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            toml::Value::Table(t) => t.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for c in criteria {
        let text = std::fs::read_to_string(root().join(c)).unwrap();
        walk(&toml::Value::Table(text.parse().unwrap()), &mut out);
    }
    for e in evidence {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(e).unwrap();
        for record in reader.records() {
            out.extend(record.unwrap().iter().map(str::to_string));
        }
    }
    out.retain(|s| !s.trim().is_empty());
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

/// HTML without its tags and entities. Of a style sheet only the texts it prints
/// (`content: "Trang "`) are kept: class names and properties are not words of the report.
fn html_text(html: &str) -> String {
    let mut html = html.to_string();
    while let Some(start) = html.find("<style>") {
        let end = html[start..].find("</style>").map_or(html.len(), |e| start + e + "</style>".len());
        let printed: Vec<&str> = html[start..end].split('"').skip(1).step_by(2).collect();
        let printed = printed.join(" ");
        html.replace_range(start..end, &printed);
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Where `word` occurs in `text` as a whole word (not inside a longer word).
fn whole_word(text: &str, word: &str) -> Option<usize> {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(word)
        .map(|(i, _)| i)
        .find(|&i| !is_word(text[..i].chars().next_back()) && !is_word(text[i + word.len()..].chars().next()))
}

#[test]
fn every_report_is_in_one_language() {
    let labels = labels();
    // The table, `tr` and `Text` pairs: a parse that found nothing would prove nothing.
    assert!(labels.len() >= 100, "{}", labels.len());
    assert!(labels.contains(&("Tổng điểm".to_string(), "Total".to_string())));
    // Labels that differ between the languages and are words, not symbols or formats.
    let checked: Vec<&(String, String)> = labels
        .iter()
        .filter(|(vi, en)| vi != en && !en.contains('{') && en.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let evidence = super::support::evidence();
    let districts = root().join("examples/districts-2022/evidence.csv").to_string_lossy().into_owned();
    let excerpts = root().join("criteria/provincial-excerpts-2022.toml").to_string_lossy().into_owned();
    let excerpts_evidence = root()
        .join("examples/provincial-excerpts/so-lieu.csv")
        .to_string_lossy()
        .into_owned();
    let mut all_evidence = evidence.clone();
    all_evidence.push(districts.clone());
    // The four-round example: its evidence folder's files.
    let rounds_dir = root().join("examples/rounds-2022/evidence");
    let mut rounds_files: Vec<String> = std::fs::read_dir(&rounds_dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    rounds_files.sort();
    all_evidence.extend(rounds_files.iter().cloned());
    let rounds_criteria = root().join("examples/rounds-2022/criteria.toml").to_string_lossy().into_owned();
    let rounds_dir = rounds_dir.to_string_lossy().into_owned();
    all_evidence.push(excerpts_evidence.clone());
    // The tracking example: its plan (filled in) and its evidence.
    let track_plan = root().join("examples/track-2023/ke-hoach-2023.csv").to_string_lossy().into_owned();
    let track_dir = root().join("examples/track-2023/evidence").to_string_lossy().into_owned();
    all_evidence.push(track_plan.clone());
    let mut data = input_strings(
        &[
            CRITERIA,
            "criteria/dak-nong-district-2023.toml",
            "criteria/provincial-excerpts-2022.toml",
        ],
        &all_evidence,
    );
    // The survey answers' cells (group names) are inputs too.
    let answers = root().join("examples/dak-nong-2022/khao-sat").to_string_lossy().into_owned();
    for f in ["lanh-dao.csv", "sipas.csv"] {
        let text = std::fs::read_to_string(root().join("examples/dak-nong-2022/khao-sat").join(f)).unwrap();
        data.extend(text.lines().flat_map(|l| l.split([',', ';'])).map(str::to_string));
    }
    data.retain(|s| !s.trim().is_empty());
    data.sort_by_key(|s| std::cmp::Reverse(s.len()));
    data.dedup();
    let from_answers = |cmd: &str, extra: &[&str]| {
        let mut v = vec![
            cmd.to_string(),
            "-c".into(),
            root().join(CRITERIA).to_string_lossy().into_owned(),
            "-e".into(),
        ];
        v.extend(evidence.iter().filter(|e| !e.ends_with("khao-sat.csv")).cloned());
        v.extend(["--answers".to_string(), answers.clone()]);
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let criteria = root().join(CRITERIA).to_string_lossy().into_owned();
    let dir = Dir::new();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    let with_evidence = |cmd: &str, extra: &[&str]| {
        let mut v = vec![cmd.to_string(), "-c".into(), criteria.clone(), "-e".into()];
        v.extend(evidence.iter().cloned());
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let score_json = |path: &std::path::Path| {
        let mut args = with_evidence("score", &["-o"]);
        args.push(path.to_string_lossy().into_owned());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(run(&args).0, 0);
    };
    score_json(&a);
    score_json(&b);
    let mut searched = 0;
    for (lang, other) in [("vi", 1), ("en", 0)] {
        let mut runs: Vec<(String, Vec<String>)> = Vec::new();
        for format in ["table", "markdown", "html", "xlsx"] {
            runs.push((format!("score {format}"), with_evidence("score", &["--format", format])));
            runs.push((format!("plan {format}"), with_evidence("plan", &["--format", format])));
            runs.push((
                format!("score --set {format}"),
                with_evidence("score", &["--format", format, "--set", "3.4.4=95%"]),
            ));
            runs.push((
                format!("survey {format}"),
                ["survey", "-c", &criteria, "--answers", &answers, "--format", format]
                    .map(String::from)
                    .to_vec(),
            ));
            runs.push((format!("score --answers {format}"), from_answers("score", &["--format", format])));
            runs.push((
                format!("plan --answers {format}"),
                from_answers("plan", &["--format", format, "--include-survey"]),
            ));
            runs.push((
                format!("rank {format}"),
                ["rank", "-c", &criteria, "-e", &districts, "--format", format]
                    .map(String::from)
                    .to_vec(),
            ));
            runs.push((
                format!("compare --stages {format}"),
                ["compare", "--stages", "-c", &rounds_criteria, "-e", &rounds_dir, "--format", format]
                    .map(String::from)
                    .to_vec(),
            ));
            runs.push((
                format!("score --round {format}"),
                [
                    "score",
                    "-c",
                    &rounds_criteria,
                    "-e",
                    &rounds_dir,
                    "--round",
                    "explanation",
                    "--format",
                    format,
                ]
                .map(String::from)
                .to_vec(),
            ));
            // (markdown: the plan's own text, escaped there, cannot be taken out of the report)
            if format == "table" || format == "xlsx" {
                runs.push((
                    format!("track {format}"),
                    [
                        "track",
                        "-c",
                        &criteria,
                        "--plan",
                        &track_plan,
                        "-e",
                        &track_dir,
                        "--as-of",
                        "30/09/2023",
                        "--format",
                        format,
                    ]
                    .map(String::from)
                    .to_vec(),
                ));
            }
            runs.push((
                format!("compare {format}"),
                ["compare", &a.to_string_lossy(), &b.to_string_lossy(), "--format", format]
                    .map(String::from)
                    .to_vec(),
            ));
        }
        // Checklist and status-only deadline reasons (the provincial excerpt set).
        for format in ["table", "markdown"] {
            runs.push((
                format!("score excerpts {format}"),
                ["score", "-c", &excerpts, "-e", &excerpts_evidence, "--format", format]
                    .map(String::from)
                    .to_vec(),
            ));
        }
        // Word documents, read back as the text of their paragraphs.
        for cmd in ["score", "plan"] {
            let path = dir.path().join(format!("{cmd}-{lang}.docx")).to_string_lossy().into_owned();
            runs.push((format!("{cmd} docx"), with_evidence(cmd, &["--date", "2023-03-20", "-o", &path])));
        }
        for (name, mut args) in runs {
            args.extend(["--lang".to_string(), lang.into(), "--width".into(), "1000".into()]);
            let workbook = dir.path().join(format!("{searched}.xlsx"));
            if name.ends_with("xlsx") {
                args.extend(["-o".to_string(), workbook.to_string_lossy().into_owned()]);
            }
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, out, err) = run(&refs);
            assert_eq!(code, 0, "{name}: {err}");
            let mut text = if name.ends_with("html") {
                html_text(&out)
            } else if name.ends_with("xlsx") {
                xlsx_text(&workbook)
            } else if name.ends_with("docx") {
                let path = &args[args.iter().position(|a| a == "-o").unwrap() + 1];
                super::documents::docx_text(&std::fs::read(path).unwrap())
            } else {
                out
            };
            for d in &data {
                text = text.replace(d.as_str(), " ");
            }
            for pair in &checked {
                let foreign = if other == 1 { &pair.1 } else { &pair.0 };
                if let Some(i) = whole_word(&text, foreign) {
                    let from = text.floor_char_boundary(i.saturating_sub(60));
                    let to = text.ceil_char_boundary((i + foreign.len() + 40).min(text.len()));
                    panic!("{name} --lang {lang}: `{foreign}` in …{}…", &text[from..to]);
                }
            }
            searched += 1;
        }
    }
    assert_eq!(searched, 92);
}

/// Every sheet name and text cell of a workbook, one per line.
fn xlsx_text(path: &std::path::Path) -> String {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut lines = wb.sheet_names();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        lines.extend(range.rows().flatten().filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
    }
    lines.join("\n")
}

#[test]
fn the_label_search_finds_a_foreign_label() {
    // The search itself can fail: an English label in a Vietnamese line is found, a label
    // inside a longer word is not.
    assert_eq!(whole_word("Tổng điểm: 71,79 · Total", "Total"), Some(25));
    assert_eq!(whole_word("Subtotal 5", "Total"), None);
    assert_eq!(whole_word("Totals", "Total"), None);
    assert_eq!(pair(r#""Tổng điểm", "Total")"#), Some(("Tổng điểm".into(), "Total".into())));
    assert_eq!(html_text("<td>a &amp; b</td>"), " a & b ");
    assert_eq!(
        html_text("<style>.hint { font: \"Noto\"; } @page { content: \"Page \" counter(page) }</style><p>x</p>"),
        "Noto Page  x "
    );
}
