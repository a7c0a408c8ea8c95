//! No injection anywhere: a criteria set and evidence full of markup, terminal escapes,
//! spreadsheet formulas and table breakers go through every command that writes a report,
//! in every format. HTML and Markdown never carry raw markup; no output carries a control
//! or bidi character that could drive a terminal; every spreadsheet text cell is neutralised
//! while numbers stay numbers.

use std::path::Path;

use super::support::{Dir, run_owned};

/// Titles, band labels and agency names with every kind of payload (TOML `\u` escapes).
const CRITERIA: &str = r#"[set]
id = "hostile"
title = "Set <script>alert(1)</script> \u001B]52;c;aGk=\u0007 =HYPERLINK(\"http://evil\",\"x\") | pipe"
year = 2022
level = "commune"
language = "en"
total = 10

[document]
parent = "<script>alert(1)</script>"
issuer = "\u001B]52;c;aGk=\u0007 <b>bold</b>"
number = "</td></tr></table>"
place = "\u202Eexe.txt"
signer = "<img src=x onerror=alert(1)>"
signer_title = "=1+1|<script>alert(2)</script>"
recipients = ["<b>r</b>", "\u009B2J"]

[[band]]
min = "80%"
vi = "Tốt \u001B[31mđỏ </td></tr></table><script>alert(3)</script>"
en = "<img src=x onerror=alert(1)> \u001B[31mGood"

[[band]]
min = "0%"
vi = "Yếu \u202Eexe.txt \u009B2J"
en = "=1+1 \u202Eweak"

[[agency]]
id = "a"
name = "=HYPERLINK(\"http://evil\",\"A\") <script>alert(1)</script>"
short = "@SUM(A1) \u001B]52;c;aGk=\u0007"

[[agency]]
id = "b"
name = "+cmd|' /C calc'!A0 \u001B[31mB | x\ny"

[[node]]
code = "1"
title = "-2+3 <script>alert(1)</script>"
max = 6
lead = ["a"]
cooperating = ["b"]

[[node]]
code = "1.1"
title = "=HYPERLINK(\"http://evil\") \u001B]52;c;aGk=\u0007 | a\nb"
max = 2
rule = { kind = "binary" }

[[node]]
code = "1.2"
title = "\tline [x](javascript:alert(1)) ![i](http://evil/t.png) \u009B31m \u007F"
max = 4
rule = { kind = "tiers", tiers = [{ when = "[90%, 100%]", points = 4 }, { when = "[0%, 90%)", points = 1 }] }

[[node]]
code = "2"
title = " =1+1 <b>bold</b> & \u202Eexe.txt `code` \\| escaped"
max = 4
lead = ["b"]
rule = { kind = "manual" }
"#;

/// Documents and notes (the manual rule's reasons) with payloads, in two stages.
const EVIDENCE: &str = "criterion,value,document,note,stage\n\
1.1,có,\"=HYPERLINK(\"\"http://evil\"\") doc \x1b]52;c;aGk=\x07\",,self\n\
1.1,không,<script>alert(2)</script>,,appraisal\n\
1.2,95%,\"@doc \x1b[31m\",,self\n\
1.2,50%,-1 doc,,appraisal\n\
2,3,,\"+reason <script>x</script> \x1b]52;c;aGk=\x07 | pipe\nnewline\",self\n\
2,1.5,,\"=1+2 <img src=x onerror=alert(1)> \x1b[31m \u{202e}\",appraisal\n";

/// Two units whose names carry payloads.
const UNITS: &str = "unit,criterion,value,note\n\
\"Xã <script>alert(1)</script> \x1b]52;c;aGk=\x07\",1.1,có,\n\
\"Xã <script>alert(1)</script> \x1b]52;c;aGk=\x07\",1.2,95%,\n\
\"Xã <script>alert(1)</script> \x1b]52;c;aGk=\x07\",2,3,ok\n\
\"=HYPERLINK(\"\"http://evil\"\") \x1b[31m|\",1.1,không,\n\
\"=HYPERLINK(\"\"http://evil\"\") \x1b[31m|\",1.2,50%,\n\
\"=HYPERLINK(\"\"http://evil\"\") \x1b[31m|\",2,1,\"-bad\r\n|\"\n";

/// The distinct payloads above, for the record.
const PAYLOADS: [&str; 20] = [
    "<script>alert(1)</script>",
    "</td></tr></table><script>",
    "<img src=x onerror=alert(1)>",
    "<b>bold</b> &",
    "\x1b]52;c;aGk=\x07 (OSC 52 clipboard write)",
    "\x1b[31m (colour)",
    "\u{9b}2J (C1 CSI)",
    "\u{7f} (DEL)",
    "\u{202e} (bidi override)",
    "=HYPERLINK(…)",
    "+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "-2+3",
    " =1+1 (formula behind a space)",
    "\t (leading tab)",
    "| (table breaker)",
    "\n and \r\n inside a cell",
    "[x](javascript:alert(1))",
    "![i](http://evil/t.png)",
    "`code` and \\| (Markdown escapes)",
];

fn setup() -> Dir {
    let dir = Dir::new();
    let c = dir.file("c.toml", CRITERIA);
    let e = dir.file("e.csv", EVIDENCE);
    dir.file("units.csv", UNITS);
    for (stage, name) in [("self", "a.json"), ("appraisal", "b.json")] {
        let out = dir.path().join(name).to_string_lossy().into_owned();
        let (code, _, err) = run_owned(&strings(&["score", "-c", &c, "-e", &e, "--stage", stage, "-o", &out]));
        assert_eq!(code, 0, "{err}");
    }
    dir
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Every command that writes a report, with its inputs.
fn commands(p: &Path) -> Vec<Vec<String>> {
    let f = |n: &str| p.join(n).to_string_lossy().into_owned();
    let (c, e) = (f("c.toml"), f("e.csv"));
    vec![
        strings(&["score", "-c", &c, "-e", &e]),
        strings(&["score", "-c", &c, "-e", &e, "--stage", "self"]),
        strings(&["plan", "-c", &c, "-e", &e]),
        strings(&["rank", "-c", &c, "-e", &f("units.csv")]),
        strings(&["compare", "--stages", "-c", &c, "-e", &e]),
        strings(&["compare", &f("a.json"), &f("b.json"), "--all"]),
        strings(&[
            "compare",
            "--a-criteria",
            &c,
            "--a-evidence",
            &f("units.csv"),
            "--b-criteria",
            &c,
            "--b-evidence",
            &f("units.csv"),
            "--unit",
            "Xã <script>alert(1)</script> \x1b]52;c;aGk=\x07",
        ]),
        strings(&["template", "-c", &c, "--force"]),
        strings(&["template", "-c", &c, "--force", "--agency", "a"]),
    ]
}

/// A control or bidi character that is not a line break.
fn hidden(text: &str) -> Option<char> {
    text.chars().find(|c| *c != '\n' && parcalc::text::is_hidden_control(*c))
}

fn assert_no_markup(label: &str, text: &str) {
    let lower = text.to_lowercase();
    for raw in ["<script", "<img", "<b>", "</td></tr></table>"] {
        assert!(!lower.contains(raw), "{label}: raw `{raw}`:\n{text}");
    }
}

/// Every tag in the page is one parcalc writes.
fn assert_only_own_tags(label: &str, html: &str) {
    const OWN: [&str; 31] = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "h1", "h2", "div", "svg", "g", "text", "rect", "table", "thead",
        "tbody", "tr", "th", "td", "p", "span", "header", "section", "dl", "dt", "dd", "code", "br", "ul", "li",
    ];
    for (i, _) in html.match_indices('<') {
        let name: String = html[i + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_lowercase();
        assert!(OWN.contains(&name.as_str()), "{label}: tag `<{name}` not written by parcalc");
    }
    assert!(html.contains("&lt;"), "{label}: the hostile text is shown, escaped");
}

/// Markdown: rows of one table have the same number of unescaped `|`.
fn assert_markdown_tables(label: &str, md: &str) {
    let pipes = |line: &str| {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '\\' if !escaped => escaped = true,
                '|' if !escaped => n += 1,
                _ => escaped = false,
            }
            if c != '\\' {
                escaped = false;
            }
        }
        n
    };
    let mut expected = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = pipes(line);
            assert_eq!(*expected.get_or_insert(n), n, "{label}: a cell broke the table: {line}");
        } else {
            expected = None;
        }
    }
    assert!(!md.contains("[x]("), "{label}: a link survived");
    assert!(!md.contains("![i]("), "{label}: an image survived");
}

/// A spreadsheet text cell that a spreadsheet would run as a formula.
fn formula_like(cell: &str) -> bool {
    cell.starts_with(['\t', '\r', '\n']) || cell.trim_start().starts_with(['=', '+', '-', '@'])
}

fn assert_csv_neutral(label: &str, csv_text: &str) -> usize {
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut neutralised = 0;
    for rec in reader.records() {
        for cell in rec.unwrap().iter() {
            let number = cell.parse::<f64>().is_ok();
            assert!(number || !formula_like(cell), "{label}: formula-like CSV cell {cell:?}");
            assert!(hidden(cell).is_none(), "{label}: control character in CSV cell {cell:?}");
            neutralised += usize::from(cell.starts_with('\''));
        }
    }
    neutralised
}

fn assert_xlsx_neutral(label: &str, path: &Path) -> usize {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut neutralised = 0;
    for name in wb.sheet_names().clone() {
        let range = wb.worksheet_range(&name).unwrap();
        for cell in range.rows().flat_map(|r| r.iter()) {
            if let Data::String(s) = cell {
                assert!(!formula_like(s), "{label}: formula-like xlsx cell {s:?} in {name}");
                assert!(hidden(s).is_none(), "{label}: control character in xlsx cell {s:?}");
                neutralised += usize::from(s.starts_with('\''));
            }
        }
        // The only formulas are parcalc's own totals: `SUBTOTAL(9,G4:G24)`.
        let formulas = wb.worksheet_formula(&name).unwrap();
        for (_, _, f) in formulas.used_cells() {
            assert!(is_total(f), "{label}: {name} has the formula {f:?}");
        }
    }
    neutralised
}

/// A total row's sum: `SUBTOTAL(9,` a column's range `)`, nothing else.
pub(crate) fn is_total(formula: &str) -> bool {
    let Some(range) = formula.strip_prefix("SUBTOTAL(9,").and_then(|f| f.strip_suffix(')')) else {
        return false;
    };
    let cell = |c: &str| {
        let letters = c.chars().take_while(char::is_ascii_uppercase).count();
        letters > 0 && c.len() > letters && c[letters..].chars().all(|d| d.is_ascii_digit())
    };
    range.split_once(':').is_some_and(|(a, b)| cell(a) && cell(b))
}

#[test]
fn hostile_text_is_inert_in_every_command_and_format() {
    let dir = setup();
    let p = dir.path();
    let mut runs = 0;
    let mut neutralised = 0;
    for cmd in commands(p) {
        let template = cmd[0] == "template";
        let formats: &[&str] = if template {
            &["csv", "xlsx"]
        } else {
            &["table", "markdown", "html", "csv", "json", "xlsx"]
        };
        for lang in ["en", "vi"] {
            for format in formats {
                let out = p.join(format!("out-{runs}.{format}"));
                let mut args = cmd.clone();
                args.extend(strings(&["--lang", lang, "--format", format]));
                // Files for the binary formats and HTML; standard output (the terminal) for the rest.
                let to_file = matches!(*format, "xlsx" | "html");
                if to_file {
                    args.extend(["-o".to_string(), out.to_string_lossy().into_owned()]);
                }
                let (code, stdout, err) = run_owned(&args);
                runs += 1;
                let label = format!("{args:?}");
                assert_eq!(code, 0, "{label}: {err}");
                assert!(hidden(&err).is_none(), "{label}: stderr {err:?}");
                let text = if to_file && *format == "html" {
                    std::fs::read_to_string(&out).unwrap()
                } else {
                    stdout
                };
                match *format {
                    "xlsx" => neutralised += assert_xlsx_neutral(&label, &out),
                    "csv" => neutralised += assert_csv_neutral(&label, &text),
                    _ => {}
                }
                if *format == "xlsx" {
                    continue;
                }
                assert!(hidden(&text).is_none(), "{label}: control character {:?} in\n{text}", hidden(&text));
                match *format {
                    "html" => {
                        assert_no_markup(&label, &text);
                        assert_only_own_tags(&label, &text);
                    }
                    "markdown" => {
                        assert_no_markup(&label, &text);
                        assert_markdown_tables(&label, &text);
                        assert!(text.contains("&lt;"), "{label}: {text}");
                    }
                    "table" => assert!(text.contains("\\u{1b}"), "{label}: the escapes are shown: {text}"),
                    "json" => {
                        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                        // The data is kept exactly: JSON escapes, it does not rewrite.
                        assert!(v.to_string().contains("\\u001b"), "{label}");
                    }
                    _ => {}
                }
            }
        }
    }
    assert_eq!(runs, 2 * (2 * 6 + 5 * 6 + 2 * 2));
    assert!(neutralised >= 100, "formula-like cells were present and neutralised: {neutralised}");
    assert_eq!(PAYLOADS.len(), 20);
}

#[test]
fn numbers_stay_numbers_in_spreadsheets() {
    let dir = setup();
    let p = dir.path();
    let x = p.join("plan.xlsx");
    let mut args = commands(p)[2].clone();
    args.extend(["-o".to_string(), x.to_string_lossy().into_owned()]);
    let (code, _, err) = run_owned(&args);
    assert_eq!(code, 0, "{err}");
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<Data> = range.rows().flat_map(|r| r.to_vec()).collect();
    assert!(cells.contains(&Data::Float(2.5)), "{cells:?}");
    // The title row is neutralised too: the set title does not start with a formula, but a
    // plan for a set titled `=…` would.
    let criteria = CRITERIA.replace("title = \"Set <script>", "title = \"=1+2 Set <script>");
    let c = dir.file("c2.toml", &criteria);
    let mut args = args.clone();
    args[2] = c;
    let (code, _, err) = run_owned(&args);
    assert_eq!(code, 0, "{err}");
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let title = range.get_value((0, 0)).unwrap().to_string();
    assert!(title.starts_with("'=1+2 Set <script>alert(1)</script> \\u{1b}]52"), "{title}");
    // Negative changes are numbers in xlsx and plain numbers in CSV.
    let mut args = commands(p)[4].clone();
    let xs = p.join("stages.xlsx");
    args.extend(["-o".to_string(), xs.to_string_lossy().into_owned()]);
    let (code, _, err) = run_owned(&args);
    assert_eq!(code, 0, "{err}");
    let mut wb: Xlsx<_> = open_workbook(&xs).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    assert!(
        range.rows().flat_map(|r| r.iter()).any(|c| matches!(c, Data::Float(f) if *f < 0.0)),
        "{range:?}"
    );
    let mut args = commands(p)[4].clone();
    args.extend(strings(&["--format", "csv"]));
    let (code, out, err) = run_owned(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|l| l.split(',').any(|c| c == "-2")), "{out}");
}

#[test]
fn diagnostics_quote_hostile_input_inertly() {
    let dir = setup();
    let c = dir.path().join("c.toml").to_string_lossy().into_owned();
    let bad = dir.file(
        "bad.csv",
        "criterion,value,document\n9.9\x1b]52;c;aGk=\x07,1,\n1.1,\u{202e}maybe\x1b[31m,\n1.2,\u{9b}50%,\n",
    );
    let (code, out, err) = run_owned(&strings(&["score", "-c", &c, "-e", &bad]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("error["), "{err}");
    assert!(hidden(&err).is_none(), "{err:?}");
    for format in ["human", "github", "json"] {
        let (code, out, _) = run_owned(&strings(&["check", "-c", &c, "-e", &bad, "--format", format]));
        assert_eq!(code, 1, "{out}");
        assert!(hidden(&out).is_none(), "{format}: {out:?}");
    }
}
