//! The manual page: one complete page, `parcalc(1)`, with every command and its options,
//! the examples of every command's `--help`, the exit status and the environment. One
//! page rather than one per command, so that `parcalc man > parcalc.1` is the whole manual
//! and the page refers to no other page that might not be installed.
//!
//! Built from the same clap command as `--help` ([`super::command`]), so the page speaks
//! the help's language and cannot drift from the options.

use clap::{Arg, ArgAction};
use roff::{Roff, bold, italic, roman};

use super::{ENVIRONMENT, ENVIRONMENT_NOTE, examples, exit_status, pick};
use crate::number::Lang;

/// Section headings, in Vietnamese and English.
struct Headings {
    name: &'static str,
    synopsis: &'static str,
    description: &'static str,
    options: &'static str,
    commands: &'static str,
    examples: &'static str,
    exit_status: &'static str,
    environment: &'static str,
    see_also: &'static str,
}

const EN: Headings = Headings {
    name: "NAME",
    synopsis: "SYNOPSIS",
    description: "DESCRIPTION",
    options: "OPTIONS",
    commands: "COMMANDS",
    examples: "EXAMPLES",
    exit_status: "EXIT STATUS",
    environment: "ENVIRONMENT",
    see_also: "SEE ALSO",
};

const VI: Headings = Headings {
    name: "TÊN",
    synopsis: "CÚ PHÁP",
    description: "MÔ TẢ",
    options: "TÙY CHỌN",
    commands: "CÁC LỆNH",
    examples: "VÍ DỤ",
    exit_status: "MÃ THOÁT",
    environment: "BIẾN MÔI TRƯỜNG",
    see_also: "XEM THÊM",
};

/// The manual page in `lang`, as roff source.
pub fn page(lang: Lang) -> String {
    let cmd = super::command(lang);
    let h = match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    };
    let mut r = Roff::new();
    let version = format!("parcalc {}", env!("CARGO_PKG_VERSION"));
    // `""`: no date, so that the page is the same on every run.
    r.control(
        "TH",
        [
            "PARCALC",
            "1",
            "\"\"",
            version.as_str(),
            pick(lang, "Lệnh người dùng", "User Commands"),
        ],
    );

    r.control("SH", [h.name]);
    let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
    r.text([roman(format!("parcalc - {about}"))]);

    r.control("SH", [h.synopsis]);
    let global: Vec<&Arg> = cmd.get_arguments().filter(|a| a.is_global_set()).collect();
    let mut line = vec![bold("parcalc")];
    for a in &global {
        line.push(roman(" ["));
        line.extend(flag(a));
        line.push(roman("]"));
    }
    line.push(roman(" "));
    line.push(italic(pick(lang, "LỆNH", "COMMAND")));
    line.push(roman(" ..."));
    r.text(line);
    for sub in subcommands(&cmd) {
        r.control("br", []);
        r.text([bold("parcalc"), roman(format!(" {}", usage(sub)))]);
    }

    r.control("SH", [h.description]);
    paragraphs(
        &mut r,
        &cmd.get_long_about()
            .or(cmd.get_about())
            .map(ToString::to_string)
            .unwrap_or_default(),
    );

    r.control("SH", [h.options]);
    let own: Vec<&Arg> = cmd.get_arguments().filter(|a| !a.is_hide_set()).collect();
    options(&mut r, &own, lang);

    r.control("SH", [h.commands]);
    for sub in subcommands(&cmd) {
        r.control("SS", [format!("parcalc {}", sub.get_name()).as_str()]);
        paragraphs(
            &mut r,
            &sub.get_long_about()
                .or(sub.get_about())
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        r.control("PP", []);
        r.text([bold("parcalc"), roman(format!(" {}", usage(sub)))]);
        // The options every command shares are described once, under OPTIONS.
        let args: Vec<&Arg> = sub
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_global_set() && !is_help(a))
            .collect();
        options(&mut r, &args, lang);
    }

    r.control("SH", [h.examples]);
    for sub in subcommands(&cmd) {
        let list = examples(sub.get_name());
        if list.is_empty() {
            continue;
        }
        r.control("SS", [format!("parcalc {}", sub.get_name()).as_str()]);
        for ex in list {
            r.control("PP", []);
            r.text([roman(pick(lang, ex.vi, ex.en))]);
            r.control("PP", []);
            r.control("RS", ["4"]);
            r.control("nf", []);
            for c in ex.commands {
                r.text([roman(*c)]);
            }
            r.control("fi", []);
            r.control("RE", []);
        }
    }

    r.control("SH", [h.exit_status]);
    for e in exit_status("parcalc") {
        r.control("TP", []);
        r.text([bold(e.code.to_string())]);
        r.text([roman(pick(lang, e.vi, e.en))]);
    }

    r.control("SH", [h.environment]);
    for v in ENVIRONMENT {
        r.control("TP", []);
        r.text([bold(v.name)]);
        r.text([roman(pick(lang, v.vi, v.en))]);
    }
    r.control("PP", []);
    r.text([roman(pick(lang, ENVIRONMENT_NOTE.0, ENVIRONMENT_NOTE.1))]);

    r.control("SH", [h.see_also]);
    r.text([
        bold("parcalc"),
        roman(" "),
        italic(pick(lang, "LỆNH", "COMMAND")),
        roman(pick(
            lang,
            " --help (cùng nội dung, theo từng lệnh). Trong mã nguồn của parcalc: docs/criteria-format.md (định dạng bộ tiêu chí) và docs/checks.md (mọi mã chẩn đoán của check).",
            " --help (the same text, command by command). In parcalc's source: docs/criteria-format.md (the criteria file format) and docs/checks.md (every diagnostic code of check).",
        )),
    ]);
    r.render()
}

/// The commands shown in the manual: all but clap's `help`.
fn subcommands(cmd: &clap::Command) -> Vec<&clap::Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .collect()
}

fn is_help(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong)
}

/// A command's usage after `parcalc`, as clap writes it (`score [OPTIONS] --criteria …`).
fn usage(sub: &clap::Command) -> String {
    let text = sub.clone().render_usage().to_string();
    let text = text.lines().next().unwrap_or_default();
    // clap writes "Usage: parcalc score …": keep what follows the program's name.
    text.split_once("parcalc ").map_or(text, |(_, rest)| rest).trim().to_string()
}

/// `--criteria <FILE>...` (or `-c, --criteria <FILE>...` with `both`).
fn flag(arg: &Arg) -> Vec<roff::Inline> {
    let mut v = Vec::new();
    if arg.is_positional() {
        let name = arg
            .get_value_names()
            .and_then(|n| n.first())
            .map_or(arg.get_id().as_str(), |n| n.as_str());
        v.push(italic(name));
        return v;
    }
    match (arg.get_short(), arg.get_long()) {
        (Some(s), Some(l)) => {
            v.push(bold(format!("-{s}")));
            v.push(roman(", "));
            v.push(bold(format!("--{l}")));
        }
        (Some(s), None) => v.push(bold(format!("-{s}"))),
        (None, Some(l)) => v.push(bold(format!("--{l}"))),
        (None, None) => {}
    }
    let takes = arg.get_num_args().is_some_and(|n| n.takes_values());
    if takes {
        let name = arg.get_value_names().and_then(|n| n.first()).map_or("VALUE", |n| n.as_str());
        v.push(roman(" "));
        v.push(italic(name));
        if arg.get_num_args().is_some_and(|n| n.max_values() > 1) {
            v.push(roman("..."));
        }
    }
    v
}

/// Options as a tagged list: the flag, then its help, its default and its possible values
/// (unless the help already says them, as the Vietnamese does).
fn options(r: &mut Roff, args: &[&Arg], lang: Lang) {
    for arg in args {
        r.control("TP", []);
        r.text(flag(arg));
        // `--help`'s long text speaks of `-h`, which the page has no use for.
        let help = if is_help(arg) {
            arg.get_help()
        } else {
            arg.get_long_help().or(arg.get_help())
        };
        let help = help.map(ToString::to_string).unwrap_or_default();
        let takes = arg.get_num_args().is_some_and(|n| n.takes_values());
        let mut text = help;
        if takes && !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
            let d: Vec<_> = arg.get_default_values().iter().map(|d| d.to_string_lossy()).collect();
            text.push_str(&format!(" [{}: {}]", pick(lang, "mặc định", "default"), d.join(", ")));
        }
        let values: Vec<_> = arg.get_possible_values().into_iter().filter(|v| !v.is_hide_set()).collect();
        if takes && !arg.is_hide_possible_values_set() && !values.is_empty() {
            if values.iter().any(|v| v.get_help().is_some()) {
                text.push_str(&format!("\n\n{}:", pick(lang, "Giá trị", "Possible values")));
                for v in &values {
                    text.push_str(&format!("\n- {}", v.get_name()));
                    if let Some(h) = v.get_help() {
                        text.push_str(&format!(": {h}"));
                    }
                }
            } else {
                let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
                text.push_str(&format!(" [{}: {}]", pick(lang, "giá trị", "possible values"), names.join(", ")));
            }
        }
        lines(r, &text);
    }
}

/// Text whose lines are kept, an empty line as a gap and `- item` lines as a bullet list
/// (the possible values).
fn lines(r: &mut Roff, text: &str) {
    let mut in_list = false;
    let mut after_gap = true;
    for line in text.lines() {
        if let Some(item) = line.strip_prefix("- ") {
            if !in_list {
                // `.TP` indents its body, which `.IP` does not carry over: indent as much again.
                r.control("RS", ["7"]);
                in_list = true;
            }
            r.control("IP", ["\\(bu", "2"]);
            r.text([roman(item)]);
            continue;
        }
        if in_list {
            r.control("RE", []);
            in_list = false;
        }
        if line.trim().is_empty() {
            r.control("sp", []);
            after_gap = true;
        } else {
            if !after_gap {
                r.control("br", []);
            }
            r.text([roman(line)]);
            after_gap = false;
        }
    }
    if in_list {
        r.control("RE", []);
    }
}

/// Text whose paragraphs are separated by empty lines.
fn paragraphs(r: &mut Roff, text: &str) {
    for (i, para) in text.split("\n\n").enumerate() {
        if i > 0 {
            r.control("PP", []);
        }
        r.text([roman(para.replace('\n', " "))]);
    }
}
