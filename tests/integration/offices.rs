//! The offices' world: the reference evidence saved as xlsx, as Excel's `;`-separated CSV
//! with decimal commas and a BOM, and as UTF-16 gives byte-identical JSON.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::support::{CRITERIA, Dir, evidence, root, run_owned};

/// The reference rows: (file stem, [criterion, item, value, agency, document, note]).
fn reference_rows() -> Vec<(String, Vec<[String; 6]>)> {
    evidence()
        .iter()
        .map(|f| {
            let ev = parcalc::evidence::load_files(&[f]).unwrap();
            let stem = std::path::Path::new(f).file_stem().unwrap().to_string_lossy().into_owned();
            let rows = ev
                .rows
                .iter()
                .map(|r| {
                    [
                        r.target.clone(),
                        r.item.clone().unwrap_or_default(),
                        r.value.clone(),
                        r.agencies.join("; "),
                        r.document.clone().unwrap_or_default(),
                        r.note.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            (stem, rows)
        })
        .collect()
}

const HEADER: [&str; 6] = ["criterion", "item", "value", "agency", "document", "note"];

fn score_json(files: &[String]) -> String {
    let mut args = vec![
        "score".to_string(),
        "-c".into(),
        root().join(CRITERIA).to_string_lossy().into_owned(),
        "--format".into(),
        "json".into(),
        "-e".into(),
    ];
    args.extend(files.iter().cloned());
    let (code, out, err) = run_owned(&args);
    assert_eq!(code, 0, "{err}");
    out
}

fn decimal_comma(v: &str) -> String {
    // Numbers and percentages as a Vietnamese Excel writes them; fractions and dates stay.
    let body = v.trim_end_matches('%');
    if !v.contains('/') && body.parse::<f64>().is_ok() {
        v.replace('.', ",")
    } else {
        v.to_string()
    }
}

#[test]
fn xlsx_semicolon_csv_and_utf16_give_identical_json() {
    let original = score_json(&evidence());
    let rows = reference_rows();
    let dir = Dir::new();

    // One workbook, one sheet per agency; numbers, percentages and dates as spreadsheet cells.
    let mut wb = Workbook::new();
    let pct = Format::new().set_num_format("0.0%");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (stem, rs) in &rows {
        let ws = wb.add_worksheet();
        ws.set_name(stem).unwrap();
        for (c, h) in HEADER.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (i, r) in rs.iter().enumerate() {
            let row = i as u32 + 1;
            for (c, cell) in r.iter().enumerate() {
                let col = c as u16;
                let as_number = cell.replace(',', ".");
                if c == 2 && cell.ends_with('%') {
                    let n: f64 = as_number.trim_end_matches('%').parse().unwrap();
                    ws.write_number_with_format(row, col, n / 100.0, &pct).unwrap();
                } else if c == 2 && parcalc::value::parse_date(cell).is_ok() && cell.contains('/') {
                    let d = parcalc::value::parse_date(cell).unwrap();
                    use chrono::Datelike;
                    let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap();
                    ws.write_datetime_with_format(row, col, &dt, &date).unwrap();
                } else if c == 2 && as_number.parse::<f64>().is_ok() {
                    ws.write_number(row, col, as_number.parse::<f64>().unwrap()).unwrap();
                } else if !cell.is_empty() {
                    ws.write_string(row, col, cell).unwrap();
                }
            }
        }
    }
    // An instructions sheet without evidence columns is skipped.
    wb.add_worksheet()
        .set_name("Hướng dẫn")
        .unwrap()
        .write_string(0, 0, "Điền mỗi dòng một số liệu")
        .unwrap();
    let xlsx = dir.path().join("evidence.xlsx");
    wb.save(&xlsx).unwrap();
    assert_eq!(score_json(&[xlsx.to_string_lossy().into_owned()]), original, "xlsx");

    // Excel on a Vietnamese locale: `;`, decimal commas, a UTF-8 BOM.
    let mut semicolon = Vec::new();
    for (stem, rs) in &rows {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(vec![0xEF, 0xBB, 0xBF]);
        w.write_record(HEADER).unwrap();
        for r in rs {
            let mut r = r.clone();
            r[2] = decimal_comma(&r[2]);
            w.write_record(&r).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        semicolon.push(dir.bytes(&format!("{stem}-excel.csv"), &bytes));
    }
    assert_eq!(score_json(&semicolon), original, "semicolon CSV");

    // Excel's "Unicode text" on a Vietnamese locale: UTF-16LE with a BOM, tab-separated,
    // decimal commas.
    let mut utf16 = Vec::new();
    for (stem, rs) in &rows {
        let mut w = csv::WriterBuilder::new().delimiter(b'\t').from_writer(Vec::new());
        w.write_record(HEADER).unwrap();
        for r in rs {
            let mut r = r.clone();
            r[2] = decimal_comma(&r[2]);
            w.write_record(&r).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        utf16.push(dir.bytes(&format!("{stem}.txt"), &bytes));
    }
    assert_eq!(score_json(&utf16), original, "UTF-16");
}

#[test]
fn workbook_errors_name_file_sheet_and_cell() {
    let dir = Dir::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Nội vụ").unwrap();
    for (c, h) in ["tiêu chí", "giá trị"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "1.7").unwrap();
    ws.write_number(1, 1, 2).unwrap();
    ws.write_string(6, 0, "3.4.4").unwrap();
    ws.write_number(6, 1, 95).unwrap();
    let path = dir.path().join("evidence.xlsx");
    wb.save(&path).unwrap();
    let args = vec![
        "check".to_string(),
        "-c".into(),
        root().join(CRITERIA).to_string_lossy().into_owned(),
        "-e".into(),
        path.to_string_lossy().into_owned(),
        "--lang".into(),
        "en".into(),
    ];
    let (code, out, _) = run_owned(&args);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[invalid-value]: 3.4.4: the cell holds the number 95, not a percentage (column `giá trị`)"),
        "{out}"
    );
    assert!(out.contains(&format!("--> {} › Nội vụ › B7", path.display())), "{out}");
}

fn reference() -> String {
    root().join(CRITERIA).to_string_lossy().into_owned()
}

#[test]
fn template_filled_in_scores_without_edits() {
    let dir = Dir::new();
    for agency in [None, Some("tckh"), Some("Phòng Nội vụ")] {
        let path = dir.path().join("template.csv");
        let _ = std::fs::remove_file(&path);
        let mut args = vec![
            "template".to_string(),
            "-c".into(),
            reference(),
            "-o".into(),
            path.to_string_lossy().into_owned(),
        ];
        if let Some(a) = agency {
            args.extend(["--agency".into(), a.into()]);
        }
        let (code, _, err) = run_owned(&args);
        assert_eq!(code, 0, "{err}");
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a BOM so Excel reads UTF-8");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        // Fill in: the example as the value, and a reason where manual points need one.
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert_eq!(
            headers.iter().collect::<Vec<_>>(),
            [
                "tiêu chí",
                "tên tiêu chí",
                "mục",
                "gợi ý",
                "ví dụ",
                "tối đa",
                "giá trị",
                "tài liệu kiểm chứng",
                "ghi chú",
                "giải trình"
            ]
        );
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&headers).unwrap();
        let mut n = 0;
        for rec in reader.records() {
            let mut rec: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
            rec[6] = rec[4].clone();
            rec[7] = "Báo cáo năm".into();
            rec[8] = "điền từ mẫu".into();
            w.write_record(&rec).unwrap();
            n += 1;
        }
        let filled = dir.file("filled.csv", &String::from_utf8(w.into_inner().unwrap()).unwrap());
        let (code, out, err) = run_owned(&[
            "score".to_string(),
            "-c".into(),
            reference(),
            "-e".into(),
            filled,
            "--format".into(),
            "json".into(),
        ]);
        assert_eq!(code, 0, "{agency:?}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let leaves = v["nodes"].as_array().unwrap().iter().filter(|n| n["rule"].is_string()).count();
        let scored = v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["status"] == "scored" && n["rule"].is_string())
            .count();
        assert_eq!(leaves, 70);
        match agency {
            None => assert_eq!(scored, leaves, "every leaf is scored from the filled template ({n} rows)"),
            Some(_) => assert!(scored > 0 && scored < leaves, "{agency:?}: {scored}"),
        }
    }
    // The xlsx template reads back as evidence: blank rows are no facts yet.
    let x = dir.path().join("template.xlsx");
    let (code, _, err) = run_owned(&[
        "template".to_string(),
        "-c".into(),
        reference(),
        "-o".into(),
        x.to_string_lossy().into_owned(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run_owned(&[
        "score".to_string(),
        "-c".into(),
        reference(),
        "-e".into(),
        x.to_string_lossy().into_owned(),
        "--format".into(),
        "json".into(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"]["awarded"], "0");
    assert!(
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["rule"].is_string())
            .all(|n| n["status"] == "missing_evidence")
    );
    let template = |lang: &str| {
        run_owned(&[
            "template".to_string(),
            "-c".into(),
            reference(),
            "--agency".into(),
            "nobody".into(),
            "--lang".into(),
            lang.into(),
        ])
    };
    let (code, _, err) = template("en");
    assert_eq!(code, 2);
    assert!(err.contains("unknown agency `nobody`"), "{err}");
    let (code, _, err) = template("vi");
    assert_eq!(code, 2);
    assert!(err.contains("cơ quan `nobody` không có trong bộ tiêu chí"), "{err}");
}

#[test]
fn init_writes_a_set_that_check_accepts_and_never_overwrites() {
    let dir = Dir::new();
    for level in ["province", "department", "district", "commune"] {
        for lang in ["vi", "en"] {
            let path = dir.path().join(format!("{level}-{lang}.toml")).to_string_lossy().into_owned();
            let (code, out, err) = run_owned(&[
                "init".into(),
                "--level".into(),
                level.into(),
                "--lang".into(),
                lang.into(),
                "-o".into(),
                path.clone(),
            ]);
            assert_eq!(code, 0, "{err}");
            assert!(out.starts_with(if lang == "vi" { "đã ghi " } else { "wrote " }), "{out}");
            let (code, out, _) = run_owned(&["check".into(), "--deny".into(), "warnings".into(), "-c".into(), path.clone()]);
            assert_eq!(code, 0, "{level} {lang}: {out}");
            let before = std::fs::read(&path).unwrap();
            let (code, _, err) = run_owned(&["init".into(), "--lang".into(), lang.into(), "-o".into(), path.clone()]);
            assert_eq!(code, 2);
            let refusal = if lang == "vi" {
                "đã có; parcalc init không bao giờ ghi đè tệp"
            } else {
                "already exists; parcalc init never overwrites a file"
            };
            assert!(err.contains(refusal), "{err}");
            assert_eq!(std::fs::read(&path).unwrap(), before);
        }
    }
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, _) = super::support::run(&["completions", shell]);
        assert_eq!(code, 0);
        assert!(out.len() > 1000 && out.contains("parcalc"), "{shell}");
    }
    let (code, out, _) = super::support::run(&["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH PARCALC 1") && out.contains("score"), "{out}");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let args = |color: &str, format: &str| {
        let mut a = vec![
            "--color".to_string(),
            color.into(),
            "score".into(),
            "-c".into(),
            reference(),
            "--format".into(),
            format.into(),
            "-e".into(),
        ];
        a.extend(evidence());
        a
    };
    let esc = "\u{1b}[";
    let run_term = |a: &[String], no_color: bool| {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let argv = std::iter::once("parcalc".to_string()).chain(a.iter().cloned()).map(Into::into);
        let term = parcalc::cli::Terminal {
            stdout_is_tty: true,
            stderr_is_tty: true,
            no_color,
            columns: Some(80),
            ..Default::default()
        };
        let code = parcalc::cli::run_in(argv, &mut out, &mut err, term);
        (code, String::from_utf8(out).unwrap())
    };
    assert!(run_term(&args("auto", "table"), false).1.contains(esc), "a terminal gets colour");
    assert!(!run_term(&args("auto", "table"), true).1.contains(esc), "NO_COLOR turns it off");
    assert!(
        run_term(&args("always", "table"), true).1.contains(esc),
        "an explicit flag wins over NO_COLOR"
    );
    assert!(!run_term(&args("never", "table"), false).1.contains(esc));
    assert!(!run_term(&args("always", "json"), false).1.contains(esc), "JSON is never coloured");
    assert!(!run_term(&args("always", "csv"), false).1.contains(esc), "CSV is never coloured");
    // Not a terminal (a pipe or a file): no colour.
    let (_, out, _) = run_owned(&args("auto", "table"));
    assert!(!out.contains(esc));
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut args = vec![
        "score".to_string(),
        "-c".into(),
        reference(),
        "--format".into(),
        "markdown".into(),
        "-e".into(),
    ];
    args.extend(evidence());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parcalc"))
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn reports_speak_one_language_at_a_time() {
    let english = [
        "Total",
        "Lost",
        "Points by area",
        "Criteria that lost points",
        "Points lost by agency",
        "Responsible",
        "Reason",
        "Round",
    ];
    let vietnamese = [
        "Tổng điểm",
        "Bị trừ",
        "Điểm theo lĩnh vực",
        "Các tiêu chí bị trừ điểm",
        "Điểm bị trừ theo cơ quan",
        "Cơ quan chịu trách nhiệm",
        "Lý do",
        "Vòng chấm",
    ];
    for format in ["table", "markdown", "html"] {
        let mut a = vec![
            "score".to_string(),
            "-c".into(),
            reference(),
            "--format".into(),
            format.into(),
            "--lang".into(),
            "vi".into(),
            "-e".into(),
        ];
        a.extend(evidence());
        let (_, vi, _) = run_owned(&a);
        let pos = a.iter().position(|x| x == "vi").unwrap();
        a[pos] = "en".into();
        let (_, en, _) = run_owned(&a);
        for (e, v) in english.iter().zip(vietnamese) {
            assert!(en.contains(e) && !en.contains(v), "{format}: `{e}` / `{v}` in English");
            assert!(vi.contains(v), "{format}: `{v}` in Vietnamese");
        }
        assert!(
            en.contains("71.79") && vi.contains("71,79"),
            "decimal point in English, comma in Vietnamese"
        );
    }
}

/// Where every element is wider than the page, text smaller than `min` CSS pixels, chart
/// labels cut short, and numeric columns whose decimal marks do not line up.
const MEASURE: &str = r#"((min) => {
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).replace(/ /g, '.') : '') + ' «' + (el.textContent || '').trim().slice(0, 40) + '»';
  const overflow = [];
  const small = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5) overflow.push(name(el) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (text && size < min) small.push(name(el) + ' ' + size + 'px');
  }
  const cut = [...document.querySelectorAll('.bar .l')].filter((l) => l.scrollWidth > l.clientWidth + 1 || l.scrollHeight > l.clientHeight + 1).map(name);
  const misaligned = [];
  let columns = 0;
  for (const table of document.querySelectorAll('table')) {
    const marks = new Map();
    for (const row of table.tBodies[0].rows) {
      [...row.cells].forEach((cell, i) => {
        const f = cell.querySelector('.f');
        if (!f) return;
        if (!marks.has(i)) marks.set(i, []);
        marks.get(i).push(f.getBoundingClientRect().left);
      });
    }
    for (const [i, xs] of marks) {
      columns += 1;
      if (Math.max(...xs) - Math.min(...xs) > 0.5) misaligned.push(table.rows[0].cells[i].textContent + ': ' + xs.map(Math.round).join(' '));
    }
  }
  return { width, innerWidth, scrollWidth: document.documentElement.scrollWidth, overflow, small, cut, misaligned, columns,
           bars: document.querySelectorAll('.bar .l').length };
})"#;

/// The HTML report an officer attaches, in a real headless Chromium: on a 1280 px screen,
/// on a 390 px phone, and printed on A4. Nothing is wider than the page, nothing needs
/// zooming on the phone, chart labels are whole, numbers line up on the decimal mark, and
/// the print has the pages it should. The header names the files read with their SHA-256.
#[test]
fn html_report_renders_in_headless_chromium() {
    let dir = Dir::new();
    // A criteria set with the document's particulars, and evidence whose file names have
    // spaces, Vietnamese letters and markup.
    let criteria = std::fs::read_to_string(reference()).unwrap()
        + "\n[document]\nparent = \"UBND TỈNH ĐẮK NÔNG\"\nissuer = \"UBND HUYỆN ĐẮK GLONG\"\nnumber = \"125/BC-UBND\"\nplace = \"Đắk Glong\"\nsigner = \"Nguyễn Văn A\"\nsigner_title = \"KT. CHỦ TỊCH|PHÓ CHỦ TỊCH\"\nrecipients = [\"UBND tỉnh Đắk Nông\", \"Sở Nội vụ\"]\n";
    let criteria = dir.file("bộ tiêu chí.toml", &criteria);
    let evidence_dir = dir.path().join("số liệu <2022> & bản cuối");
    std::fs::create_dir(&evidence_dir).unwrap();
    let mut files = Vec::new();
    for f in evidence() {
        let name = std::path::Path::new(&f)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".csv", " (đã ký).csv");
        let to = evidence_dir.join(name);
        std::fs::copy(&f, &to).unwrap();
        files.push(to);
    }
    let html = dir.path().join("báo cáo.html");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parcalc"))
        .args(["score", "-c", &criteria, "-o"])
        .arg(&html)
        .arg("-e")
        .arg(&evidence_dir)
        .env("SOURCE_DATE_EPOCH", "1764028800") // 25 November 2025
        .env_remove("PARCALC_LANG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("size: A4 portrait"));
    assert!(page.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    assert!(page.contains("@bottom-right { content: \"Trang \" counter(page) \" / \" counter(pages);"));
    for external in ["http://", "https://", "<script", "<link", "@import", "url("] {
        assert!(!page.contains(external), "self-contained: found `{external}`");
    }
    // The header: issuer, number, date line, unit facts, the criteria file and every
    // evidence file with the first 12 hex digits of its SHA-256, and the signature block.
    use sha2::Digest as _;
    let short = |path: &std::path::Path| -> String {
        let hex: String = sha2::Sha256::digest(std::fs::read(path).unwrap())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        hex[..12].to_string()
    };
    for expected in [
        "<div class=\"upper\">UBND TỈNH ĐẮK NÔNG</div><div class=\"upper strong\">UBND HUYỆN ĐẮK GLONG</div><div>Số: 125/BC-UBND</div>",
        "<div class=\"date\">Đắk Glong, ngày 25 tháng 11 năm 2025</div>",
        "<dt>Năm đánh giá</dt><dd>2022</dd>",
        "<dt>Vòng chấm</dt><dd>tự đánh giá (chưa có số liệu thẩm định)</dd>",
        "<dt>Ngày lập</dt><dd>25/11/2025</dd>",
        "(<code>dak-nong-district-2022</code>)<br>bộ tiêu chí.toml · SHA-256 <code",
        "<div class=\"head\">Nơi nhận:</div><ul><li>UBND tỉnh Đắk Nông</li><li>Sở Nội vụ</li></ul>",
        "<div class=\"title\">KT. CHỦ TỊCH</div><div class=\"title\">PHÓ CHỦ TỊCH</div>",
        "<div class=\"name\">Nguyễn Văn A</div>",
    ] {
        assert!(page.contains(expected), "missing `{expected}`");
    }
    assert!(page.contains(&format!("\">{}</code>", short(std::path::Path::new(&criteria)))));
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy();
        let line = format!("{name} · SHA-256 <code title=\"");
        let at = page.find(&line).unwrap_or_else(|| panic!("evidence file {name} not listed"));
        assert!(page[at..].contains(&format!("\">{}</code>", short(f))));
    }
    assert!(!page.contains(&*evidence_dir.to_string_lossy()), "folders are not printed");
    // Every column the terminal shows: awarded and evidence document among the losses, and
    // the agencies' total row.
    for head in ["<th class=\"n\">Đạt</th>", "<th>Tài liệu kiểm chứng</th>", "<th>Tiêu chí</th>"] {
        assert!(page.contains(head), "missing column {head}");
    }
    assert_eq!(page.matches("<tr class=\"sum\">").count(), 2, "areas and agencies have a total row");
    assert!(page.contains("<tr class=\"sum\"><td data-label=\"Cơ quan\">Cộng</td>"));

    let Some(program) = super::chromium::find() else {
        assert!(
            std::env::var_os("PARCALC_REQUIRE_BROWSER").is_none(),
            "PARCALC_REQUIRE_BROWSER is set but no Chromium is installed"
        );
        eprintln!("skipped: no headless Chromium installed (apt-get install chromium); the HTML was checked as text only");
        return;
    };
    let mut browser = super::chromium::Browser::launch(program, &dir.path().join("profile"));
    let pdf = render_everywhere(&mut browser, &html, "report", 10);
    assert_eq!(super::chromium::pdf_pages(&pdf), 5, "pages printed");

    // Hostile: a document name of 400 characters without a space, a 300-character issuer,
    // markup and a terminal escape in the particulars, a six-line signer's title, evidence
    // on standard input, in English: still nothing wider than a phone or the page.
    let long = "QĐ-UBND/".repeat(50);
    let particulars = format!(
        "\n[document]\nissuer = \"{}\"\nnumber = \"<script>alert(1)</script>\\u001b[31m\"\nsigner_title = \"A|B|C|D|E|F\"\nrecipients = [\"{long}\"]\n",
        "Ủy ban nhân dân ".repeat(20)
    );
    let criteria = dir.file("hostile.toml", &(std::fs::read_to_string(reference()).unwrap() + &particulars));
    let mut files = evidence();
    let stdin_file = files.remove(files.iter().position(|f| f.ends_with("van-phong.csv")).unwrap());
    let mut csv = csv::Reader::from_path(&stdin_file).unwrap();
    let headers = csv.headers().unwrap().clone();
    let doc = headers.iter().position(|h| h == "document").unwrap();
    let mut rewritten = csv::Writer::from_writer(Vec::new());
    rewritten.write_record(&headers).unwrap();
    for record in csv.records() {
        let record: Vec<String> = record
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, v)| if i == doc { long.clone() } else { v.to_string() })
            .collect();
        rewritten.write_record(&record).unwrap();
    }
    let rewritten = rewritten.into_inner().unwrap();
    let hostile = dir.path().join("hostile.html");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parcalc"))
        .args(["score", "--lang", "en", "-c", &criteria, "-o"])
        .arg(&hostile)
        .arg("-e")
        .args(&files)
        .arg("-")
        .env("SOURCE_DATE_EPOCH", "1764028800")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &rewritten).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(&hostile).unwrap();
    assert!(page.contains("No.: &lt;script&gt;alert(1)&lt;/script&gt;\\u{1b}[31m</div>"));
    assert!(page.contains("<dt>Date produced</dt><dd>25 Nov 2025</dd>"));
    assert!(page.contains(&format!("&lt;stdin&gt; · SHA-256 <code title=\"{}\">", hex(&rewritten))));
    assert!(page.matches(&long).count() >= 2, "the long name is printed whole");
    let pdf = render_everywhere(&mut browser, &hostile, "hostile", 10);
    assert!(super::chromium::pdf_pages(&pdf) >= 5);
}

fn hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Lays the report at `html` out on a 1280 px screen, a 390 px phone and A4 paper, checks
/// each layout (see [`MEASURE`]; `columns` numeric columns line up on their decimal marks
/// on the screen and the paper), keeps the screenshots and the PDF where
/// `PARCALC_KEEP_HTML_RENDER` says, and returns the PDF.
fn render_everywhere(browser: &mut super::chromium::Browser, html: &std::path::Path, name: &str, columns: usize) -> Vec<u8> {
    let keep = std::env::var_os("PARCALC_KEEP_HTML_RENDER").map(std::path::PathBuf::from);
    // file:// with the path percent-encoded (spaces, `<`, `&`, Vietnamese letters).
    let url = format!(
        "file://{}",
        html.to_string_lossy()
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            })
            .collect::<String>()
    );
    let areas = std::fs::read_to_string(html).unwrap().matches("<div class=\"bar\">").count();
    assert_eq!(areas, 9, "{name}: one bar per area");
    // (layout, width, height, phone, media, smallest text in CSS px). A4 printed with 14 mm
    // margins leaves 182 mm = 688 CSS px for the page's content.
    for (layout, width, height, phone, media, min) in [
        ("1280", 1280, 900, false, "screen", 11.0),
        ("390", 390, 844, true, "screen", 12.0),
        ("a4", 688, 1000, false, "print", 9.0),
    ] {
        let at = format!("{name} at {layout}");
        browser.show(&url, width, height, phone, media);
        let m = browser.eval(&format!("{MEASURE}({min})"));
        assert_eq!(
            m["innerWidth"], width,
            "{at}: the page is laid out {width} px wide (viewport meta on a phone)"
        );
        assert_eq!(m["scrollWidth"], width, "{at}: no horizontal scrolling");
        assert_eq!(m["overflow"], serde_json::json!([]), "{at}: elements wider than the page");
        assert_eq!(m["small"], serde_json::json!([]), "{at}: text smaller than {min} px");
        assert_eq!(m["bars"], areas, "{at}");
        assert_eq!(m["cut"], serde_json::json!([]), "{at}: chart labels cut short");
        if !phone {
            // Areas: max, awarded, lost, %; losses: max, awarded, lost; agencies: alone,
            // shared, lost. (On a phone each row is a card and values stand alone.)
            assert_eq!(m["columns"], columns, "{at}");
            assert_eq!(m["misaligned"], serde_json::json!([]), "{at}: decimal marks out of line");
        }
        let png = browser.screenshot();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{at}: screenshot");
        if let Some(keep) = &keep {
            std::fs::write(keep.join(format!("{name}-{layout}.png")), &png).unwrap();
        }
    }
    let pdf = browser.pdf();
    assert!(pdf.starts_with(b"%PDF"));
    let text = String::from_utf8_lossy(&pdf);
    // A4 portrait is 595 × 842 points.
    assert!(
        text.contains("/MediaBox [0 0 594.95996 841.91998]") || text.contains("/MediaBox [0 0 595 842]"),
        "{name}: A4 portrait pages"
    );
    if let Some(keep) = &keep {
        std::fs::write(keep.join(format!("{name}.pdf")), &pdf).unwrap();
    }
    pdf
}

/// The `[document]` table of a criteria set gives the particulars of the documents made
/// from it; a key the table does not know is a located error.
#[test]
fn the_document_table_gives_a_documents_particulars() {
    let set = super::support::small_criteria(
        "\n[document]\nparent = \"UBND TỈNH ĐẮK NÔNG\"\nissuer = \"UBND HUYỆN ĐẮK GLONG\"\nnumber = \"125/KH-UBND\"\nplace = \"Đắk Glong\"\nsigner = \"Nguyễn Văn A\"\nsigner_title = \"KT. CHỦ TỊCH|PHÓ CHỦ TỊCH\"\nrecipients = [\"UBND tỉnh\", \"Sở Nội vụ\", \"\"]\n",
    );
    let loaded = parcalc::criteria::load_str("c.toml", &set).unwrap();
    let d = loaded.document;
    assert_eq!(d.parent.as_deref(), Some("UBND TỈNH ĐẮK NÔNG"));
    assert_eq!(d.issuer.as_deref(), Some("UBND HUYỆN ĐẮK GLONG"));
    assert_eq!(d.number.as_deref(), Some("125/KH-UBND"));
    assert_eq!(d.place.as_deref(), Some("Đắk Glong"));
    assert_eq!(d.signer.as_deref(), Some("Nguyễn Văn A"));
    assert_eq!(d.signer_title.as_deref(), Some("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"));
    assert_eq!(d.recipients, ["UBND tỉnh", "Sở Nội vụ"]);
    assert_eq!(d.date, None);
    // Without the table every particular is a blank.
    let plain = parcalc::criteria::load_str("c.toml", &super::support::small_criteria("")).unwrap();
    assert_eq!(plain.document, parcalc::document::DocumentInfo::default());
    let bad = super::support::small_criteria("\n[document]\nsigner_name = \"A\"\n");
    let failed = parcalc::criteria::load_str("c.toml", &bad).unwrap_err();
    assert_eq!(failed.0[0].code, parcalc::diag::Code::TomlSchema);
}

/// The document flags reach the HTML report as they reach the Word one: the command line
/// over the criteria set's `[document]` table.
#[test]
fn document_flags_reach_the_html_report() {
    let (code, html, err) = super::support::run_owned(&super::support::reference_args(&[
        "--format",
        "html",
        "--signer",
        "Nguyễn Văn B",
        "--place",
        "Đắk Glong",
        "--date",
        "20/03/2023",
        "--recipient",
        "Sở Nội vụ",
    ]));
    assert_eq!(code, 0, "{err}");
    for part in [
        "Nguyễn Văn B",
        "Đắk Glong, ngày 20 tháng 3 năm 2023",
        "Sở Nội vụ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ] {
        assert!(html.contains(part), "{part}");
    }
    // A moment late on 14 November UTC is 15 November in Vietnam.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parcalc"))
        .args(super::support::reference_args(&["--format", "html", "--place", "Đắk Glong"]))
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env_remove("PARCALC_LANG")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Đắk Glong, ngày 15 tháng 11 năm 2023"));
}
