//! Workbooks and CSV that offices open, print and hand in: cells read back with calamine
//! (values and types), the page setup read from the workbook's XML, and the printed pages
//! checked in LibreOffice (`soffice --headless --convert-to pdf`, then `pdftotext`). Without
//! LibreOffice the print checks say they skipped, unless `PARCALC_REQUIRE_CALC` is set (CI).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::support::{CRITERIA, Dir, evidence, root, run, run_owned};

fn reference_command(command: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        command.to_string(),
        "-c".into(),
        root().join(CRITERIA).to_string_lossy().into_owned(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push("-e".into());
    args.extend(evidence());
    args
}

/// Writes `command -o name` for the reference case into `dir` and returns the path.
fn write_reference(dir: &Dir, command: &str, name: &str) -> PathBuf {
    let path = dir.path().join(name);
    let (code, out, err) = run_owned(&reference_command(command, &["-o", &path.to_string_lossy()]));
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    path
}

/// A part of an xlsx file (its XML) by name.
fn part(xlsx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

fn float(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn score_xlsx_has_a_sheet_per_part_and_round_trips_its_numbers() {
    let dir = Dir::new();
    let x = write_reference(&dir, "score", "báo cáo điểm.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Tóm tắt", "Điểm theo lĩnh vực", "Bị trừ", "Cơ quan", "Tất cả tiêu chí"]
    );

    let summary = wb.worksheet_range("Tóm tắt").unwrap();
    let pairs: Vec<(String, Data)> = summary.rows().skip(3).map(|r| (r[0].to_string(), r[1].clone())).collect();
    let get = |k: &str| pairs.iter().find(|(l, _)| l == k).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(get("Tổng điểm"), Data::Float(71.79));
    assert_eq!(get("Điểm tối đa áp dụng"), Data::Float(100.0));
    assert_eq!(get("Bị trừ"), Data::Float(28.21));
    assert_eq!(get("Chỉ số (%)"), Data::Float(71.79));
    assert_eq!(get("Xếp loại"), Data::String("Khá".into()));
    assert_eq!(get("Vòng chấm"), Data::String("tự đánh giá (chưa có số liệu thẩm định)".into()));

    // Every criterion's numbers are the JSON report's exact decimals, stored as numbers;
    // codes stay text (7.2 is not the number 7.2).
    let (code, json, err) = run_owned(&reference_command("score", &["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    let all = wb.worksheet_range("Tất cả tiêu chí").unwrap();
    let rows: Vec<&[Data]> = all.rows().skip(3).collect();
    assert_eq!(rows.len(), nodes.len());
    for (row, node) in rows.iter().zip(nodes) {
        assert_eq!(row[0], Data::String(node["code"].as_str().unwrap().into()));
        for (col, key) in [(2, "max"), (3, "applicable_max"), (4, "awarded"), (5, "lost")] {
            let exact: f64 = node[key].as_str().unwrap().parse().unwrap();
            assert_eq!(float(&row[col]), exact, "{} {key}", node["code"]);
        }
    }
    assert!(rows.iter().any(|r| r[0] == Data::String("7.2".into())));

    // The areas' sum row and the losses' total (a SUBTOTAL formula holding the exact sum).
    let areas = wb.worksheet_range("Điểm theo lĩnh vực").unwrap();
    let last = areas.rows().next_back().unwrap();
    assert_eq!(last[1], Data::String("Cộng".into()));
    assert_eq!((float(&last[2]), float(&last[3]), float(&last[4])), (100.0, 71.79, 28.21));
    let losses = wb.worksheet_range("Bị trừ").unwrap();
    let total = losses.rows().next_back().unwrap();
    assert_eq!(total[1], Data::String("Cộng".into()));
    assert_eq!(float(&total[4]), 28.21);
    let formulas = wb.worksheet_formula("Bị trừ").unwrap();
    let written: Vec<&String> = formulas.used_cells().map(|(_, _, f)| f).collect();
    assert_eq!(written, ["SUBTOTAL(9,C4:C26)", "SUBTOTAL(9,D4:D26)", "SUBTOTAL(9,E4:E26)"]);
}

#[test]
fn every_sheet_is_set_up_to_print() {
    let dir = Dir::new();
    let plan = write_reference(&dir, "plan", "plan.xlsx");
    let sheet = part(&plan, "xl/worksheets/sheet1.xml");
    for expected in [
        // Title, blank line, header on row 3: frozen below it, filtered, repeated on each page.
        r#"<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>"#,
        r#"<autoFilter ref="A3:J24"/>"#,
        r#"<pageSetUpPr fitToPage="1"/>"#,
        r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#,
        "<oddFooter>&amp;L&amp;A&amp;R&amp;P / &amp;N</oddFooter>",
        // The total row after the 21 rows, outside the filter.
        r#"<f>SUBTOTAL(9,G4:G24)</f><v>24.607</v>"#,
    ] {
        assert!(sheet.contains(expected), "{expected} not in:\n{sheet}");
    }
    let book = part(&plan, "xl/workbook.xml");
    assert!(
        book.contains(r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">'Kế hoạch khắc phục'!$3:$3</definedName>"#),
        "{book}"
    );
    // Points with the three decimals the set uses, changes with their sign.
    let styles = part(&plan, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="0.000""#), "{styles}");
    // Rows as tall as their wrapped text: 7.2's reason takes fifteen lines of 15 points (the
    // status columns for `track` narrow the text columns).
    assert!(sheet.contains(r#"<row r="5" spans="1:10" ht="225" customHeight="1">"#), "{sheet}");

    // The template: narrow enough for portrait; the columns to fill are text, so `95,5%`
    // stays as typed.
    let t = dir.path().join("mẫu.xlsx");
    let (code, _, err) = run(&[
        "template",
        "-c",
        &root().join(CRITERIA).to_string_lossy(),
        "-o",
        &t.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    let sheet = part(&t, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"orientation="portrait""#) || sheet.contains(r#"orientation="landscape""#));
    assert!(
        sheet.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#),
        "{sheet}"
    );
    let styles = part(&t, "xl/styles.xml");
    assert!(
        styles.contains(r#"formatCode="@""#),
        "text format for the columns to fill: {styles}"
    );
    let mut wb: Xlsx<_> = open_workbook(&t).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(
        header,
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
}

/// Same inputs and SOURCE_DATE_EPOCH, same bytes.
#[test]
fn workbooks_are_reproducible() {
    let dir = Dir::new();
    let bytes = |name: &str| {
        let path = dir.path().join(name);
        let mut args = reference_command("score", &["-o", &path.to_string_lossy()]);
        args.insert(0, "--lang=en".into());
        let status = Command::new(env!("CARGO_BIN_EXE_parcalc"))
            .args(&args)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .env_remove("PARCALC_LANG")
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(path).unwrap()
    };
    let (a, b) = (bytes("a.xlsx"), bytes("b.xlsx"));
    assert!(a == b, "two runs differ");
    let x = dir.path().join("a.xlsx");
    assert!(part(&x, "docProps/core.xml").contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2023-11-15T00:00:00Z</dcterms:created>"));
    let wb: Xlsx<_> = open_workbook(&x).unwrap();
    assert_eq!(wb.sheet_names(), ["Summary", "Points by area", "Lost", "Agency", "All criteria"]);
}

#[test]
fn csv_for_vietnamese_excel_has_a_bom_semicolons_and_decimal_commas() {
    let (code, plain, err) = run_owned(&reference_command("plan", &["--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(plain.starts_with("STT,Mã,Nội dung khắc phục,"), "{plain}");
    assert!(plain.contains(",4.855,,,\n"), "{plain}");
    // The status columns `track` reads back, empty for the agencies to fill in.
    assert!(plain.starts_with("STT,Mã,Nội dung khắc phục,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành,Điểm bị trừ,Trạng thái,Ngày hoàn thành,Tài liệu kiểm chứng\n"), "{plain}");
    let (code, vi, err) = run_owned(&reference_command("plan", &["--format", "csv", "--csv-dialect", "excel-vi"]));
    assert_eq!(code, 0, "{err}");
    assert!(vi.starts_with("\u{feff}STT;Mã;Nội dung khắc phục;Cơ quan chủ trì;"), "{vi}");
    assert!(vi.contains(";4,855;;;\n"), "{vi}");
    assert!(!vi.contains(";4.855"), "{vi}");
    // The same rows, only the dialect differs.
    assert_eq!(vi.lines().count(), plain.lines().count());
    // A reason with `;` inside is quoted in the `;` dialect.
    let two = vi.lines().find(|l| l.starts_with("1;3.4.4;")).unwrap();
    assert!(two.contains(";\"Văn phòng HĐND&UBND huyện; UBND các xã, thị trấn\";"), "{two}");

    let (code, score, err) = run_owned(&reference_command("score", &["--format", "csv", "--csv-dialect", "excel"]));
    assert_eq!(code, 0, "{err}");
    assert!(score.starts_with("\u{feff}code,depth,title,max,"), "{score}");
    assert!(score.contains("\n7.2,2,"), "{score}");
    let (_, score_vi, _) = run_owned(&reference_command("score", &["--format", "csv", "--csv-dialect", "excel-vi"]));
    // Codes keep their dots; only numbers take the decimal comma.
    assert!(
        score_vi.contains("\n7.2;2;Việc cung cấp dịch vụ công trực tuyến;6;6;1,145;4,855;"),
        "{score_vi}"
    );

    // A template written for Vietnamese Excel, filled there and saved, is read back.
    let dir = Dir::new();
    let c = super::support::small_criteria("");
    let c = dir.file("c.toml", &c);
    let (code, template, err) = run(&["template", "-c", &c, "--csv-dialect", "excel-vi", "--lang", "vi"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        template.starts_with("\u{feff}tiêu chí;tên tiêu chí;mục;gợi ý;ví dụ;tối đa;giá trị;"),
        "{template}"
    );
    let filled: String = template
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let mut cells: Vec<String> = l.split(';').map(String::from).collect();
            if i > 0 {
                cells[6] = ["có", "95,5%", "50%"][i - 1].to_string();
            }
            cells.join(";") + "\n"
        })
        .collect();
    let e = dir.file("điền.csv", &filled);
    let (code, out, err) = run(&["score", "-c", &c, "-e", &e, "--format", "json"]);
    assert_eq!(code, 0, "{err}\n{filled}");
    // có → 2 of 2, 95,5% → 4 of 4 (area 1: 6), 50% of 4 → 2.
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let awarded: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["awarded"].as_str().unwrap())
        .collect();
    assert_eq!(awarded, ["6", "2", "4", "2"], "{out}");
}

/// Runs LibreOffice on `file` (a private profile in `dir`, so parallel runs do not share
/// one) and returns the PDF; `None` when LibreOffice is not installed.
fn to_pdf(dir: &Path, file: &Path) -> Option<PathBuf> {
    let installed = Command::new("soffice")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            std::env::var_os("PARCALC_REQUIRE_CALC").is_none(),
            "PARCALC_REQUIRE_CALC is set but LibreOffice (soffice) is not installed"
        );
        eprintln!("skipped: LibreOffice is not installed (apt-get install libreoffice-calc-nogui poppler-utils)");
        return None;
    }
    let profile = format!("file://{}", dir.join("lo-profile").display());
    let mut child = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "soffice failed: {status}");
            break;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("soffice did not finish in 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let pdf = dir.join(file.with_extension("pdf").file_name().unwrap());
    assert!(pdf.exists(), "no PDF from soffice");
    Some(pdf)
}

fn pdf_text(pdf: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-layout");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed with LibreOffice");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// `pdfinfo`'s page count and the size of the first page.
fn pdf_pages(pdf: &Path) -> (usize, String) {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    let field = |k: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(k))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    (field("Pages:").parse().unwrap(), field("Page size:"))
}

#[test]
fn plan_xlsx_prints_one_page_wide_with_every_header_on_each_page() {
    let dir = Dir::new();
    let plan = write_reference(&dir, "plan", "kế hoạch khắc phục.xlsx");
    let Some(pdf) = to_pdf(dir.path(), &plan) else { return };
    let (pages, size) = pdf_pages(&pdf);
    assert_eq!(size, "841.89 x 595.304 pts (A4)", "A4 landscape");
    // Seven (four before the plan had the three status columns the agencies fill in).
    assert_eq!(pages, 7);
    let headers = [
        "STT",
        "Mã",
        "Nội dung khắc phục",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Điểm bị trừ",
        "Trạng thái",
    ];
    for page in 1..=pages {
        let text = pdf_text(&pdf, Some(page));
        let header = text
            .lines()
            .find(|l| l.trim_start().starts_with("STT"))
            .unwrap_or_else(|| panic!("page {page}:\n{text}"));
        for h in headers {
            assert!(header.contains(h), "page {page}: `{h}` not in the header line `{header}`");
        }
        // The footer: the sheet's name and `page / pages` (pdftotext may drop the spaces).
        let footer = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
        assert!(footer.starts_with("Kế hoạch khắc phục"), "page {page}: {footer}");
        assert!(
            footer.replace(' ', "").ends_with(&format!("{page}/{pages}")),
            "page {page}: {footer}"
        );
    }
    let first = pdf_text(&pdf, Some(1));
    // Page 1 shows whole rows, the points column included.
    assert!(
        first.lines().any(|l| l.contains("3.4.4") && l.trim_end().ends_with("5.000")),
        "{first}"
    );
    let all = pdf_text(&pdf, None);
    for stt in 1..=21 {
        assert!(
            all.lines().any(|l| l.trim_start().starts_with(&format!("{stt} "))),
            "row {stt} missing:\n{all}"
        );
    }
    assert!(all.lines().any(|l| l.contains("Cộng") && l.trim_end().ends_with("24.607")), "{all}");
}

#[test]
fn score_xlsx_prints_every_sheet_one_page_wide() {
    let dir = Dir::new();
    let score = write_reference(&dir, "score", "score.xlsx");
    let Some(pdf) = to_pdf(dir.path(), &score) else { return };
    let (pages, _) = pdf_pages(&pdf);
    assert_eq!(pages, 18);
    let text = pdf_text(&pdf, None);
    // Each sheet's header line is whole on the page: every column printed beside the others.
    for header in [
        ["Nội dung", "Giá trị"].as_slice(),
        &["Mã", "Lĩnh vực", "Tối đa", "Đạt", "Bị trừ", "%"],
        &[
            "Mã",
            "Tiêu chí",
            "Tối đa",
            "Đạt",
            "Bị trừ",
            "Lý do",
            "Tài liệu kiểm chứng",
            "Cơ quan chịu trách nhiệm",
        ],
        &["Cơ quan", "Riêng", "Chia sẻ", "Bị trừ", "Tiêu chí"],
        &["Mã", "Tiêu chí", "Tối đa", "Điểm tối đa", "Đạt", "Bị trừ", "Trạng thái", "Lý do"],
    ] {
        assert!(
            text.lines().any(|l| header.iter().all(|h| l.contains(h))),
            "no line with all of {header:?}:\n{text}"
        );
    }
    // The last page says it is the last.
    assert!(text.replace(' ', "").contains(&format!("{pages}/{pages}")));
}
