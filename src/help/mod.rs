//! Help for people: the examples every command's `--help` shows, the environment variables,
//! the exit status, the Vietnamese help, and the manual page ([`man`]).
//!
//! The clap definitions are written in English. [`command`] builds them and dresses them
//! for a language: examples and exit status after each command's options, and in Vietnamese
//! every about and help text replaced from the table in `vi.rs`, which is keyed by the
//! English text (like gettext's msgid) so that a new or reworded flag without a translation
//! fails a test instead of showing English in Vietnamese help. clap's own words are
//! replaced too where clap allows it: the headings ("Cách dùng", "Lệnh", "Đối số",
//! "Tùy chọn"), defaults and possible values. The usage line itself (`[OPTIONS]`,
//! `<COMMAND>`) and clap's error messages stay in English.
//!
//! Every example is a real command on the shipped files (`criteria/`, `examples/`), run
//! from the repository's root by a test, so examples cannot rot.

pub mod man;
mod vi;

use clap::{Arg, CommandFactory};

use crate::cli::Cli;
use crate::number::Lang;

/// The evidence formats every `--evidence` accepts, for its help.
macro_rules! evidence_formats {
    () => {
        "CSV or TSV files (separator `,`, `;` or tab, found from the header), xlsx, xlsm, xlsb, \
         xls or ods workbooks, a folder of them, or `-` for standard input"
    };
}

/// `-e/--evidence` of `score` and `plan`.
pub const EVIDENCE: &str = concat!("Evidence: ", evidence_formats!(), "; several are merged.");
/// `-e/--evidence` of `rank`.
pub const EVIDENCE_UNITS: &str = concat!(
    "Evidence with a `unit` column naming each row's unit: ",
    evidence_formats!(),
    "; several are merged."
);
/// `-e/--evidence` of `check`.
pub const EVIDENCE_CHECK: &str = concat!("Evidence to check against each criteria set: ", evidence_formats!(), ".");
/// `--a-evidence` of `compare`.
pub const EVIDENCE_A: &str = concat!("Side A's evidence, scored with --a-criteria: ", evidence_formats!(), ".");
/// `--b-evidence` of `compare`.
pub const EVIDENCE_B: &str = concat!("Side B's evidence, scored with --b-criteria: ", evidence_formats!(), ".");
/// `-e/--evidence` of `compare --stages`.
pub const EVIDENCE_STAGES: &str = concat!("Evidence for --stages: ", evidence_formats!(), ".");
/// `--answers` of `score` and `survey`.
pub const ANSWERS: &str = concat!(
    "Survey answers, one row per respondent and question, scoring the criteria set's [[survey]] leaves: ",
    evidence_formats!(),
    "; several are merged."
);
/// `--answers` of `check`.
pub const ANSWERS_CHECK: &str = concat!(
    "Survey answers to check against each criteria set's [[survey]] tables: ",
    evidence_formats!(),
    "."
);
/// `--csv-dialect` of the reports.
pub const CSV_DIALECT: &str = "How CSV is written: `plain` for programs (`,` between fields, `.` decimals, no byte order mark); `excel` for Excel with English settings (UTF-8 with a byte order mark); `excel-vi` for Excel with Vietnamese settings (byte order mark, `;` between fields, `,` decimals)";
/// `--csv-dialect` of `template`, whose CSV is for people.
pub const CSV_DIALECT_TEMPLATE: &str = "How CSV is written: `excel` for Excel with English settings (UTF-8 with a byte order mark, `,` between fields, `.` decimals); `excel-vi` for Excel with Vietnamese settings (byte order mark, `;` between fields, `,` decimals); `plain` for programs (no byte order mark)";

/// One example: what it does, in both languages, and the shell commands (run in order).
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub vi: &'static str,
    pub en: &'static str,
    pub commands: &'static [&'static str],
}

macro_rules! reference {
    ($command:literal) => {
        concat!(
            "parcalc ",
            $command,
            " -c criteria/dak-nong-district-2022.toml -e examples/dak-nong-2022/*.csv"
        )
    };
    ($command:literal, $rest:literal) => {
        concat!(
            "parcalc ",
            $command,
            " -c criteria/dak-nong-district-2022.toml -e examples/dak-nong-2022/*.csv ",
            $rest
        )
    };
}

macro_rules! districts {
    ($rest:literal) => {
        concat!(
            "parcalc rank -c criteria/dak-nong-district-2022.toml -e examples/districts-2022/evidence.csv",
            $rest
        )
    };
}

const SCORE: &[Example] = &[
    Example {
        vi: "Chấm điểm huyện tham chiếu; báo cáo theo ngôn ngữ của bộ tiêu chí (tiếng Việt)",
        en: "Score the reference district; the report is in the criteria set's language (Vietnamese)",
        commands: &[reference!("score")],
    },
    Example {
        vi: "Cùng báo cáo đó bằng tiếng Anh, dạng Markdown, ghi ra tệp",
        en: "The same report in English, as Markdown, written to a file",
        commands: &[reference!("score", "--lang en -o report.md")],
    },
    Example {
        vi: "Giả định tỷ lệ đúng hẹn của tiêu chí 3.4.4 đạt 95%: được thêm bao nhiêu điểm",
        en: "What if the on-time rate of criterion 3.4.4 reached 95%: the points it would gain",
        commands: &[reference!("score", "--set 3.4.4=95%")],
    },
    Example {
        vi: "Chỉ phần tự đánh giá, dạng JSON cho các công cụ khác (số thập phân là chuỗi)",
        en: "The self-assessment only, as JSON for other tools (decimals as strings)",
        commands: &[reference!("score", "--stage self -o self-assessment.json")],
    },
];

const CHECK: &[Example] = &[
    Example {
        vi: "Kiểm tra mọi bộ tiêu chí kèm theo; cảnh báo cũng làm lệnh thất bại",
        en: "Check every shipped criteria set; warnings fail too",
        commands: &["parcalc check --deny warnings -c criteria/*.toml"],
    },
    Example {
        vi: "Kiểm tra tài liệu kiểm chứng theo bộ tiêu chí, dạng chú thích GitHub cho CI",
        en: "Check evidence against its criteria set, as GitHub annotations for CI",
        commands: &[reference!("check", "--format github")],
    },
];

const RANK: &[Example] = &[
    Example {
        vi: "Xếp hạng tám huyện có chung một tệp tài liệu kiểm chứng (cột `unit`)",
        en: "Rank the eight districts of one evidence file (its `unit` column)",
        commands: &[districts!("")],
    },
    Example {
        vi: "Lưu bảng xếp hạng dạng JSON; lần sau, hiện thay đổi thứ hạng và điểm so với bảng đó",
        en: "Keep a ranking as JSON; next time, show rank and point changes against it",
        commands: &[districts!(" -o rank-2022.json"), districts!(" --previous rank-2022.json")],
    },
    Example {
        vi: "Bảng xếp hạng dạng tệp xlsx",
        en: "The ranking as an xlsx workbook",
        commands: &[districts!(" -o rank.xlsx")],
    },
];

const COMPARE: &[Example] = &[
    Example {
        vi: "So sánh hai năm từ kết quả chấm điểm; --map nối các tiêu chí được đánh số lại",
        en: "Two years, from their score results; --map follows renumbered criteria",
        commands: &[
            "parcalc score -c criteria/dak-nong-district-2022.toml -e examples/dak-nong-2022/*.csv -o 2022.json",
            "parcalc score -c criteria/dak-nong-district-2023.toml -e examples/dak-nong-2023/*.csv -o 2023.json",
            "parcalc compare 2022.json 2023.json --map criteria/codes-2022-2023.csv",
        ],
    },
    Example {
        vi: "Cùng phép so sánh đó trong một bước, bằng tiếng Anh",
        en: "The same in one step, in English",
        commands: &[
            "parcalc compare --a-criteria criteria/dak-nong-district-2022.toml --a-evidence examples/dak-nong-2022/*.csv --b-criteria criteria/dak-nong-district-2023.toml --b-evidence examples/dak-nong-2023/*.csv --map criteria/codes-2022-2023.csv --lang en",
        ],
    },
    Example {
        vi: "Tự đánh giá so với kết quả thẩm định: các tiêu chí hội đồng thẩm định đã thay đổi",
        en: "Self-assessment against appraisal: the criteria the appraisal council changed",
        commands: &[reference!("compare", "--stages")],
    },
];

const PLAN: &[Example] = &[
    Example {
        vi: "Việc cần khắc phục, cơ quan chủ trì, phối hợp, thời hạn và số điểm bị trừ",
        en: "What to fix, who leads, who cooperates, by when, and the points at stake",
        commands: &[reference!("plan")],
    },
    Example {
        vi: "Dạng tệp xlsx để đính kèm kế hoạch khắc phục",
        en: "As an xlsx workbook to attach to the remediation plan",
        commands: &[reference!("plan", "-o plan.xlsx")],
    },
    Example {
        vi: "Kể cả các tiêu chí điều tra xã hội học, dạng Markdown",
        en: "Survey criteria included, as Markdown",
        commands: &[reference!("plan", "--include-survey --format markdown")],
    },
];

const SURVEY: &[Example] = &[
    Example {
        vi: "Điểm điều tra xã hội học tính từ phiếu trả lời: theo câu hỏi, và các nhóm làm mất điểm nhiều nhất",
        en: "Survey points from the answers: by question, and the groups that cost the most points",
        commands: &["parcalc survey -c criteria/dak-nong-district-2022.toml --answers examples/dak-nong-2022/khao-sat"],
    },
    Example {
        vi: "Chấm điểm với các tiêu chí điều tra tính từ phiếu trả lời thay cho tệp khao-sat.csv",
        en: "Score with the survey criteria computed from the answers instead of khao-sat.csv",
        commands: &[
            "parcalc score -c criteria/dak-nong-district-2022.toml -e examples/dak-nong-2022/[ntv]*.csv --answers examples/dak-nong-2022/khao-sat --lang en",
        ],
    },
];

const TEMPLATE: &[Example] = &[
    Example {
        vi: "Tệp xlsx để điền, mỗi dòng một số liệu mà bộ tiêu chí cần",
        en: "An xlsx sheet to fill, one row per fact the criteria set needs",
        commands: &["parcalc template -c criteria/dak-nong-district-2022.toml -o evidence.xlsx"],
    },
    Example {
        vi: "Chỉ các tiêu chí do Phòng Nội vụ chủ trì, dạng CSV",
        en: "Only the criteria the Internal Affairs office leads, as CSV",
        commands: &["parcalc template -c criteria/dak-nong-district-2022.toml --agency noi-vu -o noi-vu.csv"],
    },
];

const INIT: &[Example] = &[
    Example {
        vi: "Bộ tiêu chí khởi đầu cho cấp huyện, bằng tiếng Việt, rồi kiểm tra nó",
        en: "A starter set for a district, in Vietnamese, then check it",
        commands: &["parcalc init --level district -o criteria.toml", "parcalc check -c criteria.toml"],
    },
    Example {
        vi: "Bộ tiêu chí cấp xã năm 2026, bằng tiếng Anh",
        en: "A commune set for 2026, in English",
        commands: &["parcalc init --level commune --year 2026 --lang en -o commune-2026.toml"],
    },
];

const COMPLETIONS: &[Example] = &[
    Example {
        vi: "Bash: ghi tập lệnh rồi nạp bằng `source parcalc.bash` (hoặc chép vào ~/.local/share/bash-completion/completions/parcalc)",
        en: "Bash: write the script, then load it with `source parcalc.bash` (or copy it to ~/.local/share/bash-completion/completions/parcalc)",
        commands: &["parcalc completions bash > parcalc.bash"],
    },
    Example {
        vi: "Zsh: đặt _parcalc vào một thư mục trong $fpath",
        en: "Zsh: put _parcalc in a folder of your $fpath",
        commands: &["parcalc completions zsh > _parcalc"],
    },
    Example {
        vi: "Fish: chép vào ~/.config/fish/completions/",
        en: "Fish: copy it to ~/.config/fish/completions/",
        commands: &["parcalc completions fish > parcalc.fish"],
    },
    Example {
        vi: "PowerShell, với mô tả bằng tiếng Việt",
        en: "PowerShell, with descriptions in Vietnamese",
        commands: &["parcalc --lang vi completions powershell > parcalc.ps1"],
    },
];

const MAN: &[Example] = &[
    Example {
        vi: "Ghi trang hướng dẫn rồi đọc bằng `man -l parcalc.1`",
        en: "Write the manual page, then read it with `man -l parcalc.1`",
        commands: &["parcalc man > parcalc.1"],
    },
    Example {
        vi: "Trang hướng dẫn bằng tiếng Việt",
        en: "The manual page in Vietnamese",
        commands: &["parcalc --lang vi man > parcalc.vi.1"],
    },
];

const PARCALC: &[Example] = &[
    SCORE[0],
    Example {
        vi: "Kiểm tra bộ tiêu chí và tài liệu kiểm chứng trước khi nộp",
        en: "Check a criteria set and its evidence before submitting them",
        commands: &[reference!("check")],
    },
    PLAN[1],
    Example {
        vi: "Báo cáo và trợ giúp bằng tiếng Anh cho cả phiên làm việc của shell",
        en: "English reports and help for the whole shell session",
        commands: &["export PARCALC_LANG=en", reference!("score")],
    },
];

/// The examples of a command (`parcalc` for the program itself), in the order shown.
pub fn examples(command: &str) -> &'static [Example] {
    match command {
        "parcalc" => PARCALC,
        "score" => SCORE,
        "check" => CHECK,
        "rank" => RANK,
        "compare" => COMPARE,
        "plan" => PLAN,
        "template" => TEMPLATE,
        "survey" => SURVEY,
        "init" => INIT,
        "completions" => COMPLETIONS,
        "man" => MAN,
        _ => &[],
    }
}

/// An environment variable parcalc reads.
#[derive(Debug, Clone, Copy)]
pub struct Variable {
    pub name: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

/// Every environment variable parcalc reads.
pub const ENVIRONMENT: &[Variable] = &[
    Variable {
        name: crate::cli::LANG_VAR,
        vi: "Ngôn ngữ của báo cáo, thông báo và trợ giúp khi không có --lang: vi hoặc en. Khi không đặt hoặc rỗng: ngôn ngữ của bộ tiêu chí (trợ giúp bằng tiếng Anh).",
        en: "Language of reports, messages and help when --lang is not given: vi or en. Unset or empty: the criteria set's language (help in English).",
    },
    Variable {
        name: crate::cli::COLOR_VAR,
        vi: "Khi nào dùng màu, khi không có --color: auto, always hoặc never. Biến này được ưu tiên hơn NO_COLOR.",
        en: "When to use colours when --color is not given: auto, always or never. It wins over NO_COLOR.",
    },
    Variable {
        name: "NO_COLOR",
        vi: "Khi có giá trị khác rỗng: không dùng màu, trừ khi --color hoặc PARCALC_COLOR là always (https://no-color.org).",
        en: "Set to a non-empty value: no colours, unless --color or PARCALC_COLOR says always (https://no-color.org).",
    },
];

/// What the environment sections add after the variables.
const ENVIRONMENT_NOTE: (&str, &str) = (
    "Tùy chọn trên dòng lệnh được ưu tiên hơn biến môi trường. Giá trị không hợp lệ của PARCALC_LANG hoặc PARCALC_COLOR là lỗi (mã thoát 2).",
    "A flag on the command line wins over a variable. An invalid value of PARCALC_LANG or PARCALC_COLOR is an error (exit status 2).",
);

/// An exit status and what it means.
#[derive(Debug, Clone, Copy)]
pub struct ExitStatus {
    pub code: i32,
    pub vi: &'static str,
    pub en: &'static str,
}

const EXIT_OK: ExitStatus = ExitStatus {
    code: crate::cli::EXIT_OK,
    vi: "thành công",
    en: "success",
};

const EXIT_INPUT: ExitStatus = ExitStatus {
    code: crate::cli::EXIT_INPUT,
    vi: "lỗi cách dùng hoặc dữ liệu vào: sai tham số, không đọc được tệp, bộ tiêu chí hoặc tài liệu kiểm chứng không hợp lệ, PARCALC_LANG hoặc PARCALC_COLOR không hợp lệ",
    en: "usage or input error: wrong arguments, a file that cannot be read, invalid criteria or evidence, an invalid PARCALC_LANG or PARCALC_COLOR",
};

const EXIT_FINDINGS: ExitStatus = ExitStatus {
    code: crate::cli::EXIT_FINDINGS,
    vi: "check tìm thấy vấn đề: một lỗi, hoặc một cảnh báo khi có --deny warnings",
    en: "check found a problem: an error, or a warning under --deny warnings",
};

/// The exit statuses of a command (`parcalc` for the program as a whole).
pub fn exit_status(command: &str) -> &'static [ExitStatus] {
    match command {
        "parcalc" | "check" => &[EXIT_OK, EXIT_FINDINGS, EXIT_INPUT],
        _ => &[EXIT_OK, EXIT_INPUT],
    }
}

/// `vi` or `en`, as `lang` asks.
pub fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    crate::i18n::tr(lang, vi, en)
}

/// The Vietnamese of an English help text, if the table has it.
pub fn vietnamese(english: &str) -> Option<&'static str> {
    vi::TEXTS.iter().find(|(en, _)| *en == english).map(|(_, vi)| *vi)
}

/// Every (English, Vietnamese) pair of the table.
pub fn table() -> &'static [(&'static str, &'static str)] {
    vi::TEXTS
}

/// A help text in `lang`: English as written; Vietnamese from the table, else English.
fn text(lang: Lang, english: &str) -> String {
    match lang {
        Lang::En => english.to_string(),
        Lang::Vi => vietnamese(english).unwrap_or(english).to_string(),
    }
}

/// The examples block of a command's help (empty when it has none).
pub fn examples_block(command: &str, lang: Lang) -> String {
    let examples = examples(command);
    if examples.is_empty() {
        return String::new();
    }
    let mut s = format!("{}\n", pick(lang, "Ví dụ:", "Examples:"));
    for (i, ex) in examples.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&format!("  # {}\n", pick(lang, ex.vi, ex.en)));
        for c in ex.commands {
            s.push_str(&format!("  {c}\n"));
        }
    }
    s
}

/// What follows the options in `--help`: examples, exit status, and for the program itself
/// the environment.
fn long_after(command: &str, lang: Lang) -> String {
    let mut s = examples_block(command, lang);
    s.push_str(&format!("\n{}\n", pick(lang, "Mã thoát:", "Exit status:")));
    for e in exit_status(command) {
        s.push_str(&format!("  {}  {}\n", e.code, pick(lang, e.vi, e.en)));
    }
    if command == "parcalc" {
        s.push_str(&format!("\n{}\n", pick(lang, "Biến môi trường:", "Environment:")));
        for v in ENVIRONMENT {
            s.push_str(&format!("  {}\n      {}\n", v.name, pick(lang, v.vi, v.en)));
        }
        s.push_str(&format!("  {}\n", pick(lang, ENVIRONMENT_NOTE.0, ENVIRONMENT_NOTE.1)));
    }
    s.trim_end().to_string()
}

/// clap's help layout with the usage heading in Vietnamese.
const VI_TEMPLATE: &str = "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// The command line of parcalc, built, with examples and (in Vietnamese) every text translated.
pub fn command(lang: Lang) -> clap::Command {
    let mut cmd = Cli::command();
    // Building first adds the `--help`, `--version` and `help` items clap makes itself, and
    // the derive's deferred arguments, so that they can be dressed too.
    cmd.build();
    dress(cmd, lang)
}

fn dress(mut cmd: clap::Command, lang: Lang) -> clap::Command {
    let name = cmd.get_name().to_string();
    if !examples(&name).is_empty() {
        cmd = cmd
            .after_help(examples_block(&name, lang).trim_end().to_string())
            .after_long_help(long_after(&name, lang));
    }
    if lang == Lang::Vi {
        if let Some(about) = cmd.get_about().map(ToString::to_string) {
            cmd = cmd.about(text(lang, &about));
        }
        if let Some(about) = cmd.get_long_about().map(ToString::to_string) {
            cmd = cmd.long_about(text(lang, &about));
        }
        cmd = cmd
            .help_template(VI_TEMPLATE)
            .subcommand_help_heading("Lệnh")
            .mut_args(|a| arg_vi(a, lang));
    }
    cmd.mut_subcommands(|s| dress(s, lang))
}

/// An argument's help in Vietnamese, with its default and possible values said in
/// Vietnamese (clap's `[default: …]` and `[possible values: …]` are hidden).
fn arg_vi(arg: Arg, lang: Lang) -> Arg {
    let heading = if arg.is_positional() { "Đối số" } else { "Tùy chọn" };
    let help = arg.get_help().map(|h| text(lang, &h.to_string()));
    let long = arg.get_long_help().map(|h| text(lang, &h.to_string()));
    let takes_values = arg.get_num_args().is_some_and(|n| n.takes_values());
    let mut default = String::new();
    if takes_values && !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
        let defaults: Vec<_> = arg.get_default_values().iter().map(|d| d.to_string_lossy()).collect();
        default = format!(" [mặc định: {}]", defaults.join(", "));
    }
    let values: Vec<_> = arg.get_possible_values().into_iter().filter(|v| !v.is_hide_set()).collect();
    let mut inline = String::new();
    let mut listed = String::new();
    if takes_values && !arg.is_hide_possible_values_set() && !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        inline = format!(" [giá trị: {}]", names.join(", "));
        // As clap does in long help: values that have a help text are listed one a line.
        if values.iter().any(|v| v.get_help().is_some()) {
            listed.push_str("\n\nGiá trị:");
            for v in &values {
                listed.push_str(&format!("\n- {}", v.get_name()));
                if let Some(h) = v.get_help() {
                    listed.push_str(&format!(": {}", text(lang, &h.to_string())));
                }
            }
        }
    }
    let short = help.clone().map(|h| format!("{h}{default}{inline}"));
    let long = match (&long, listed.is_empty()) {
        (Some(l), true) => Some(format!("{l}{default}{inline}")),
        (Some(l), false) => Some(format!("{l}{default}{listed}")),
        (None, false) => help.map(|h| format!("{h}{default}{listed}")),
        (None, true) => None,
    };
    let mut arg = arg.help_heading(heading).hide_default_value(true).hide_possible_values(true);
    if let Some(short) = short {
        arg = arg.help(short);
    }
    if let Some(long) = long {
        arg = arg.long_help(long);
    }
    arg
}

/// Every English text the help shows that the Vietnamese table must have: abouts, argument
/// helps and possible values' helps, of every command (clap's own included).
pub fn english_texts() -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        out.extend(cmd.get_about().map(ToString::to_string));
        out.extend(cmd.get_long_about().map(ToString::to_string));
        for a in cmd.get_arguments() {
            out.extend(a.get_help().map(ToString::to_string));
            out.extend(a.get_long_help().map(ToString::to_string));
            for v in a.get_possible_values() {
                out.extend(v.get_help().map(ToString::to_string));
            }
        }
        for s in cmd.get_subcommands() {
            walk(s, out);
        }
    }
    let mut out = Vec::new();
    walk(&command(Lang::En), &mut out);
    out.sort();
    out.dedup();
    out
}
