//! parcalc: PAR INDEX (Chỉ số cải cách hành chính) score calculator and deduction analyzer.
//!
//! The library reads a criteria set (TOML) and evidence (CSV), scores it with exact
//! decimals, and returns data; the `parcalc` binary renders it. Modules, one per concept:
//!
//! - [`code`]: dotted criterion codes that sort by segment;
//! - [`number`], [`number_format`], [`value`], [`text`]: exact numbers, the Vietnamese and
//!   English ways of writing them, office-style values, NFC text;
//! - [`criteria`]: the criteria tree and its TOML format;
//! - [`rules`]: one file per rule shape (where `3.4.4`'s tiers are evaluated: `rules/tiers.rs`);
//! - [`evidence`]: evidence CSV files; [`round`]: the rounds of a scoring year;
//! - [`score`]: scoring, roll-up and responsibility for losses;
//! - [`render`]: table, JSON, CSV, Markdown and HTML output; [`provenance`]: the files a
//!   report was made from, with their SHA-256;
//! - [`diag`]: located diagnostics with stable codes;
//! - [`check`]: every problem in criteria and evidence files, for CI;
//! - [`cli`] and `cmd/`: the command line, one file per subcommand; [`terminal`]: how wide
//!   terminal reports are;
//! - [`help`]: help texts in Vietnamese and English, examples, and the manual page.

#![warn(clippy::print_stdout, clippy::print_stderr)]
// Errors here are diagnostics (location, excerpt, help): large by design, and rare.
#![allow(clippy::result_large_err)]

pub mod batch;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod code;
pub mod compare;
pub mod criteria;
pub mod diag;
pub mod document;
pub mod evidence;
pub mod help;
pub mod i18n;
pub mod init;
pub mod number;
pub mod number_format;
pub mod plan;
pub mod provenance;
pub mod rank;
pub mod render;
pub mod round;
pub mod rules;
pub mod score;
pub mod survey;
pub mod synth;
pub mod template;
pub mod terminal;
pub mod text;
pub mod track;
pub mod value;
pub mod whatif;
