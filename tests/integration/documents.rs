//! Word documents as offices hand them in: `plan -o plan.docx` and `score -o report.docx`,
//! read back as packages (particulars, determinism, language) and printed by LibreOffice to
//! PDF, whose text, pages, fonts and margins are checked with poppler's tools.
//!
//! LibreOffice (`soffice`) and poppler (`pdftotext`, `pdfinfo`, `pdffonts`, `pdftoppm`) may
//! be missing on a developer's machine: the printed checks then say they skipped, unless
//! `PARCALC_REQUIRE_LIBREOFFICE` is set (CI sets it), when a missing program fails.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::support::{Dir, evidence, reference_args, root, run_owned};

/// The particulars of the reference plan, as seed 004's plan carries them.
const PARTICULARS: &[&str] = &[
    "--date",
    "20/03/2023",
    "--parent-agency",
    "UBND tỉnh Đắk Nông",
    "--issuer",
    "UBND huyện Đắk Glong",
    "--doc-number",
    "125/KH-UBND",
    "--place",
    "Đắk Glong",
    "--signer",
    "Võ Quốc Tuấn",
    "--signer-title",
    "KT. CHỦ TỊCH|PHÓ CHỦ TỊCH",
    "--recipient",
    "Sở Nội vụ (đ/b)",
    "--recipient",
    "Lưu: VT, NV",
];

/// `plan` on the reference case with `extra` arguments.
fn plan_args(extra: &[&str]) -> Vec<String> {
    let mut v = vec![
        "plan".to_string(),
        "-c".into(),
        root().join(super::support::CRITERIA).to_string_lossy().into_owned(),
        "-e".into(),
    ];
    v.extend(evidence());
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

/// Writes a document with `args` plus `-o path` and returns its bytes.
fn write(mut args: Vec<String>, path: &Path) -> Vec<u8> {
    args.push("-o".into());
    args.push(path.to_string_lossy().into_owned());
    let (code, out, err) = run_owned(&args);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    std::fs::read(path).unwrap()
}

/// One part of a docx package.
pub fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The text of a docx's body: the runs' text, one space between paragraphs (and for any
/// run of spaces), XML entities decoded.
pub fn docx_text(docx: &[u8]) -> String {
    let xml = part(docx, "word/document.xml");
    let mut out = String::new();
    for para in xml.split("</w:p>") {
        // A text element is `<w:t>` or `<w:t xml:space="preserve">`, not `<w:tbl>` or `<w:tcPr>`.
        let mut rest = para;
        while let Some(at) = rest.find("<w:t") {
            rest = &rest[at + 4..];
            if !(rest.starts_with('>') || rest.starts_with(' ')) {
                continue;
            }
            let Some((_, body)) = rest.split_once('>') else { break };
            let text = body.split("</w:t>").next().unwrap_or("");
            out.push_str(text);
            rest = body;
        }
        out.push(' ');
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    squeeze(&out)
}

/// The plan's rows as `parcalc plan --format json` gives them: code, title, lead agency
/// names, deadline, points.
fn plan_rows() -> (Vec<(String, String, String, String)>, String) {
    let (code, out, err) = run_owned(&plan_args(&["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                r["title"].as_str().unwrap().to_string(),
                r["deadline"].as_str().unwrap_or("").to_string(),
                r["points_at_stake"].as_str().unwrap().replace('.', ","),
            )
        })
        .collect();
    (rows, doc["total_at_stake"].as_str().unwrap().replace('.', ","))
}

#[test]
fn the_plan_document_carries_every_row_area_and_total_with_its_particulars() {
    let dir = Dir::new();
    let docx = write(plan_args(PARTICULARS), &dir.path().join("kế hoạch.docx"));
    assert!(docx.starts_with(b"PK\x03\x04"));
    let text = docx_text(&docx);
    let (rows, total) = plan_rows();
    // Seed 004's appendix: 21 rows, 24,607 points lost in the published result.
    assert_eq!((rows.len(), total.as_str()), (21, "24,607"));
    for (code, title, deadline, points) in &rows {
        assert!(text.contains(&format!("{code}. {title}")), "{code} {title} in {text}");
        assert!(text.contains(deadline.as_str()), "{deadline}");
        assert!(text.contains(points.as_str()), "{points}");
    }
    for needle in [
        "UBND TỈNH ĐẮK NÔNG",
        "UBND HUYỆN ĐẮK GLONG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/KH-UBND",
        "Đắk Glong, ngày 20 tháng 3 năm 2023",
        "KẾ HOẠCH",
        "STT Nội dung khắc phục Cơ quan chủ trì Cơ quan phối hợp Thời gian hoàn thành Điểm bị trừ",
        // The areas with their points, as seed 004 lists them.
        "I Công tác chỉ đạo, điều hành cải cách hành chính 3,75",
        "II Cải cách thủ tục hành chính 9",
        "III Cải cách tổ chức bộ máy hành chính nhà nước 1",
        "IV Cải cách chế độ công vụ 2,25",
        "V Xây dựng và phát triển chính quyền điện tử, chính quyền số 7,685",
        "Tổng cộng: 21 nội dung 24,607",
        "chưa tính 3,603 điểm điều tra xã hội học",
        "Nơi nhận: - Sở Nội vụ (đ/b); - Lưu: VT, NV.",
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "Võ Quốc Tuấn",
        // Agencies by their full names, as the appendix writes them.
        "Văn phòng HĐND&UBND huyện; UBND các xã, thị trấn",
    ] {
        assert!(text.contains(needle), "`{needle}` in {text}");
    }
    // Numbered 1… in the order printed: by area, then by code.
    assert!(text.contains("1 1.2.2. Chất lượng báo cáo") && text.contains("21 8.6. "), "{text}");
    let xml = part(&docx, "word/document.xml");
    // A4 landscape, Times New Roman, the header row repeated on each page.
    assert!(xml.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />"#), "{xml}");
    assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
    assert!(part(&docx, "word/styles.xml").contains(r#"w:ascii="Times New Roman""#));
}

#[test]
fn blanks_are_left_as_a_printed_form_leaves_them() {
    let dir = Dir::new();
    let docx = write(plan_args(&["--date", "2023-03-20"]), &dir.path().join("plan.docx"));
    let text = docx_text(&docx);
    for needle in [
        "…………………… …………………… CỘNG HÒA",
        "Số: /KH-UBND",
        "……………, ngày 20 tháng 3 năm 2023",
        "Nơi nhận: - …………………….",
    ] {
        assert!(text.contains(needle), "`{needle}` in {text}");
    }
    // Room for the number to be written in before the symbol.
    assert!(part(&docx, "word/document.xml").contains(">Số:         /KH-UBND<"));
    // The criteria set's [document] table fills them; a flag overrides one field of it.
    let set = std::fs::read_to_string(root().join(super::support::CRITERIA)).unwrap()
        + "\n[document]\nissuer = \"UBND HUYỆN ĐẮK GLONG\"\nnumber = \"7/BC-UBND\"\nplace = \"Gia Nghĩa\"\nsigner = \"Nguyễn Văn A\"\n";
    let criteria = dir.file("bộ tiêu chí.toml", &set);
    let mut args = reference_args(&["--date", "05/02/2023", "--place", "Đắk Glong"]);
    args[2] = criteria;
    let text = docx_text(&write(args, &dir.path().join("báo cáo.docx")));
    for needle in [
        "UBND HUYỆN ĐẮK GLONG",
        "Số: 7/BC-UBND",
        "Đắk Glong, ngày 05 tháng 02 năm 2023",
        "BÁO CÁO",
        "Nguyễn Văn A",
    ] {
        assert!(text.contains(needle), "`{needle}` in {text}");
    }
    assert!(!text.contains("Gia Nghĩa"), "{text}");
}

#[test]
fn the_same_inputs_give_the_same_bytes_and_the_document_date() {
    let dir = Dir::new();
    let a = write(plan_args(&["--date", "2023-03-20"]), &dir.path().join("a.docx"));
    let b = write(plan_args(&["--date", "2023-03-20"]), &dir.path().join("b.docx"));
    assert!(a == b, "two runs gave different bytes");
    let core = part(&a, "docProps/core.xml");
    assert!(
        core.contains(r#"<dcterms:created xsi:type="dcterms:W3CDTF">2023-03-20T00:00:00Z</dcterms:created>"#),
        "{core}"
    );
    assert!(
        core.contains(r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2023-03-20T00:00:00Z</dcterms:modified>"#),
        "{core}"
    );
    let r1 = write(reference_args(&["--date", "2023-03-20"]), &dir.path().join("r1.docx"));
    let r2 = write(reference_args(&["--date", "2023-03-20"]), &dir.path().join("r2.docx"));
    assert!(r1 == r2, "two score reports gave different bytes");
    // No clock time inside the zip either: every entry is dated 1980-01-01, the zip epoch.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1), "{:?}", f.name());
    }
}

#[test]
fn an_english_document_has_english_labels() {
    let dir = Dir::new();
    let text = docx_text(&write(
        plan_args(&["--lang", "en", "--date", "2023-03-20", "--place", "Dak Glong"]),
        &dir.path().join("plan.docx"),
    ));
    for needle in [
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness",
        "No.: /KH-UBND",
        "Dak Glong, 20 Mar 2023",
        "PLAN",
        "No. What to fix Lead agencies Cooperating agencies Deadline Points lost",
        "Total: 21 items 24.607",
        "Recipients:",
    ] {
        assert!(text.contains(needle), "`{needle}` in {text}");
    }
}

#[test]
fn a_word_document_needs_a_file_and_only_plan_and_score_write_one() {
    let (code, out, err) = run_owned(&plan_args(&["--format", "docx"]));
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err, "error: định dạng docx cần ghi ra tệp: hãy thêm `-o bao-cao.docx`\n");
    let dir = Dir::new();
    let target = dir.path().join("rank.docx");
    let districts = root().join("examples/districts-2022/evidence.csv").to_string_lossy().into_owned();
    let criteria = root().join(super::support::CRITERIA).to_string_lossy().into_owned();
    let args = [
        "rank",
        "-c",
        &criteria,
        "-e",
        &districts,
        "-o",
        &target.to_string_lossy(),
        "--lang",
        "en",
    ]
    .map(String::from);
    let (code, _, err) = run_owned(&args);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`parcalc rank` cannot write `.docx` files"), "{err}");
    assert!(!target.exists());
    // A name with an upper-case extension is still a Word document.
    let docx = write(plan_args(&["--date", "2023-03-20"]), &dir.path().join("PLAN.DOCX"));
    assert!(docx.starts_with(b"PK\x03\x04"));
}

/// Text from the inputs reaches the document as text: markup is escaped by the XML writer
/// and control characters are shown as escapes, so the package stays valid XML.
#[test]
fn hostile_particulars_stay_text() {
    let dir = Dir::new();
    let docx = write(
        plan_args(&[
            "--date",
            "2023-03-20",
            "--issuer",
            "<w:p>&amp;\u{1b}[31m\u{202e}A",
            "--signer",
            "]]><x/>",
            "--recipient",
            &"dài ".repeat(2000),
        ]),
        &dir.path().join("plan.docx"),
    );
    let xml = part(&docx, "word/document.xml");
    // In capitals as an issuer is printed, the escape sequence and the bidi override shown.
    assert!(xml.contains(">&lt;W:P&gt;&amp;AMP;\\u{1b}[31M\\u{202e}A<"), "{xml}");
    assert!(xml.contains("]]&gt;&lt;x/&gt;"));
    assert!(!xml.contains('\u{1b}') && !xml.contains('\u{202e}'));
}

// ---- printed by LibreOffice -------------------------------------------------------------

/// The programs the printed checks need, or `None` (skipped) when one is missing and CI
/// does not require them.
fn office() -> Option<()> {
    let found = |p: &str| {
        Command::new(p)
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    };
    let mut missing: Vec<&str> = ["soffice", "pdftotext", "pdfinfo", "pdffonts", "pdftoppm"]
        .into_iter()
        .filter(|p| !found(p))
        .collect();
    if missing.is_empty() && !has_writer() {
        missing.push("LibreOffice Writer");
    }
    if missing.is_empty() {
        return Some(());
    }
    assert!(
        std::env::var_os("PARCALC_REQUIRE_LIBREOFFICE").is_none(),
        "PARCALC_REQUIRE_LIBREOFFICE is set but {} missing",
        missing.join(", ")
    );
    eprintln!(
        "skipped: {} not installed (apt-get install libreoffice-writer-nogui poppler-utils fonts-liberation2); the docx was checked as a package only",
        missing.join(", ")
    );
    None
}

/// Whether the LibreOffice on PATH has Writer (Debian packages Calc and Writer apart): its
/// library beside the real `soffice`. Where that layout is not found, Writer is assumed.
fn has_writer() -> bool {
    let Some(soffice) =
        std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|d| d.join("soffice")).find(|p| p.exists()))
    else {
        return true;
    };
    let Ok(real) = std::fs::canonicalize(soffice) else { return true };
    let program = real.parent().unwrap_or(Path::new("/"));
    !program.join("soffice.bin").exists() || program.join("libswlo.so").exists()
}

/// Runs `cmd` to its end, or ends it (by its own id) after two minutes. Its output goes to
/// files, so that a full pipe never stops it while it is waited for.
fn finish(mut cmd: Command) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} took more than two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    std::process::Output {
        status,
        stdout: std::fs::read(&out).unwrap(),
        stderr: std::fs::read(&err).unwrap(),
    }
}

fn tool(program: &str, args: &[&str]) -> String {
    let mut cmd = Command::new(program);
    cmd.args(args);
    let out = finish(cmd);
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `docx` printed to PDF by LibreOffice, in a profile of its own (parallel tests do not
/// share one).
fn print(docx: &Path, dir: &Path) -> PathBuf {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    let mut cmd = Command::new("soffice");
    cmd.args([profile.as_str(), "--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx);
    let out = finish(cmd);
    assert!(out.status.success(), "soffice: {}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.exists(), "soffice wrote no PDF: {}", String::from_utf8_lossy(&out.stderr));
    pdf
}

/// Every page's size in points, from `pdfinfo`.
fn page_sizes(pdf: &str) -> Vec<(f64, f64)> {
    tool("pdfinfo", &["-f", "1", "-l", "999", pdf])
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let size = l.split(" size: ").nth(1).unwrap();
            let mut it = size.split_whitespace();
            let w: f64 = it.next().unwrap().parse().unwrap();
            it.next();
            let h: f64 = it.next().unwrap().parse().unwrap();
            (w, h)
        })
        .collect()
}

/// The right edge of the rightmost word on any page (`pdftotext -bbox`), in points.
fn rightmost_word(pdf: &str) -> f64 {
    tool("pdftotext", &["-bbox", pdf, "-"])
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("<word "))
        .filter_map(|l| l.split("xMax=\"").nth(1)?.split('"').next()?.parse::<f64>().ok())
        .fold(0.0, f64::max)
}

/// Fonts embedded in the PDF: Times New Roman or its metric twin Liberation Serif (what
/// LibreOffice substitutes where Times is not installed), never a fallback font.
fn assert_declared_fonts(pdf: &str) {
    let fonts = tool("pdffonts", &[pdf]);
    let names: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, n)| n))
        .collect();
    assert!(!names.is_empty(), "{fonts}");
    for n in names {
        assert!(
            n.starts_with("TimesNewRoman") || n.starts_with("LiberationSerif"),
            "font {n} is neither Times New Roman nor its metric twin:\n{fonts}"
        );
    }
}

/// Whitespace runs as one space, for text that wraps in table cells.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const A4: (f64, f64) = (595.3, 841.9);

fn is_a4(size: (f64, f64), landscape: bool) -> bool {
    let (w, h) = if landscape { (A4.1, A4.0) } else { A4 };
    (size.0 - w).abs() < 1.0 && (size.1 - h).abs() < 1.0
}

#[test]
fn the_plan_prints_on_a4_landscape_with_every_row_in_the_declared_font() {
    if office().is_none() {
        return;
    }
    let dir = Dir::new();
    let docx = dir.path().join("kế hoạch khắc phục.docx");
    write(plan_args(PARTICULARS), &docx);
    let pdf = print(&docx, dir.path());
    let pdf = pdf.to_string_lossy().into_owned();
    let sizes = page_sizes(&pdf);
    assert!(sizes.len() >= 2, "{sizes:?}");
    assert!(sizes.iter().all(|s| is_a4(*s, true)), "A4 landscape: {sizes:?}");
    // Nothing past the right margin (15 mm from the edge), a point of rounding allowed.
    let right = rightmost_word(&pdf);
    assert!(right <= A4.1 - 42.5 + 1.0, "a word ends at {right} pt");
    assert!(right > A4.1 - 42.5 - 20.0, "the table reaches the margin: {right} pt");
    assert_declared_fonts(&pdf);
    let text = squeeze(&tool("pdftotext", &[&pdf, "-"]));
    let (rows, _) = plan_rows();
    for (code, _, _, points) in &rows {
        assert!(text.contains(&format!("{code}.")), "row {code} printed: {text}");
        assert!(text.contains(points.as_str()));
    }
    for needle in [
        "Tổng cộng: 21 nội dung",
        "24,607",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Võ Quốc Tuấn",
    ] {
        assert!(text.contains(needle), "`{needle}` printed: {text}");
    }
    // The header row is printed again at the top of every page of the table.
    // (The last page may hold only the closing and the signature.)
    for page in 2..sizes.len() {
        let p = page.to_string();
        let on_page = squeeze(&tool("pdftotext", &["-f", &p, "-l", &p, &pdf, "-"]));
        for label in ["STT", "Nội dung khắc phục", "Cơ quan chủ trì", "Cơ quan phối hợp", "Điểm bị"] {
            assert!(on_page.contains(label), "page {page} repeats `{label}`: {on_page}");
        }
    }
    // The page numbers, from page 2 on.
    let second = squeeze(&tool("pdftotext", &["-f", "2", "-l", "2", &pdf, "-"]));
    assert!(second.starts_with("2 "), "{second}");
    render_first_page(&pdf, dir.path(), "plan", true);
}

#[test]
fn the_score_report_prints_on_a4_portrait_with_its_totals() {
    if office().is_none() {
        return;
    }
    let dir = Dir::new();
    let docx = dir.path().join("báo cáo.docx");
    write(reference_args(&["--date", "20/03/2023"]), &docx);
    let pdf = print(&docx, dir.path()).to_string_lossy().into_owned();
    let sizes = page_sizes(&pdf);
    assert!(sizes.iter().all(|s| is_a4(*s, false)), "A4 portrait: {sizes:?}");
    let right = rightmost_word(&pdf);
    assert!(right <= A4.0 - 42.5 + 1.0, "a word ends at {right} pt");
    assert_declared_fonts(&pdf);
    // Laid out as printed: a table row is one line.
    let text = squeeze(&tool("pdftotext", &["-layout", &pdf, "-"]));
    for needle in [
        "BÁO CÁO",
        "Tổng điểm: 71,79 / 100",
        "Xếp loại: Khá",
        "II. ĐIỂM THEO LĨNH VỰC",
        "Tổng cộng 100 71,79 28,21",
        "III. CÁC TIÊU CHÍ BỊ TRỪ ĐIỂM (23)",
        "IV. ĐIỂM BỊ TRỪ THEO CƠ QUAN",
        "Nơi nhận:",
    ] {
        assert!(text.contains(needle), "`{needle}` printed: {text}");
    }
    render_first_page(&pdf, dir.path(), "report", false);
}

/// Page 1 as a PNG (kept in `PARCALC_KEEP_DOCX_RENDER` when set, to look at).
fn render_first_page(pdf: &str, dir: &Path, name: &str, landscape: bool) {
    let stem = dir.join(name).to_string_lossy().into_owned();
    tool("pdftoppm", &["-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, &stem]);
    let png = std::fs::read(format!("{stem}.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let (w, h) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!(w > h, landscape, "{w}×{h}");
    if let Some(keep) = std::env::var_os("PARCALC_KEEP_DOCX_RENDER") {
        let _ = std::fs::copy(format!("{stem}.png"), Path::new(&keep).join(format!("{name}.png")));
        let _ = std::fs::copy(pdf, Path::new(&keep).join(format!("{name}.pdf")));
    }
}

/// A unit that lost nothing still gets a plan: the table says so and totals zero; the
/// signer's title from the criteria set prints one line per `|`, in capitals.
#[test]
fn a_plan_with_nothing_to_fix_says_so() {
    let dir = Dir::new();
    let set = super::support::small_criteria("\n[document]\nsigner_title = \"kt. chủ tịch|phó chủ tịch\"\n");
    let c = dir.file("c.toml", &set);
    let e = dir.file("e.csv", "criterion,value\n1.1,yes\n1.2,95%\n2,100%\n");
    let args = ["plan", "-c", &c, "-e", &e, "--date", "2023-03-20", "--lang", "vi"]
        .map(String::from)
        .to_vec();
    let text = docx_text(&write(args, &dir.path().join("plan.docx")));
    for needle in [
        "Không có nội dung nào bị trừ điểm. Tổng cộng: 0 nội dung 0",
        "đạt 10/10 điểm",
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
    ] {
        assert!(text.contains(needle), "`{needle}` in {text}");
    }
}
