//! How wide terminal reports are.
//!
//! Tables and summaries are laid out for a width in columns, chosen in this order:
//!
//! 1. `--width N`, for standard output and files alike;
//! 2. when standard output is a terminal, the terminal's width (read from the terminal
//!    itself on Linux, macOS and Windows; if it cannot be read, `COLUMNS`, else 80);
//! 3. otherwise — a pipe, a redirection, or a file written with `-o` — [`DEFAULT_WIDTH`],
//!    so that saved reports are the same whatever terminal they were made in.

/// The width of reports that do not go to a terminal (pipes, redirections, `-o` files):
/// wide enough for the score report's tables with their text columns readable, narrow
/// enough for a document page or a code review.
pub const DEFAULT_WIDTH: usize = 100;

/// The narrowest layout: below it codes, ids and numbers would break across lines (a total
/// `71,79` cut into `71,7` and `9`), so `--width` refuses less and a narrower terminal gets
/// this width (it wraps the lines itself, but every number stays whole).
pub const MIN_WIDTH: u16 = 40;

/// The width assumed for a terminal whose size cannot be read and no `COLUMNS` says.
pub const FALLBACK_TERMINAL_WIDTH: u16 = 80;

/// The width of the terminal on standard output, for a standard output that is a terminal:
/// the terminal's own size, else a positive `COLUMNS`, else [`FALLBACK_TERMINAL_WIDTH`].
pub fn stdout_columns() -> u16 {
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(terminal_size::Width(w), _)| w)
        .filter(|w| *w > 0)
        .or_else(|| columns_variable(std::env::var_os("COLUMNS").as_deref()))
        .unwrap_or(FALLBACK_TERMINAL_WIDTH)
}

/// A positive `COLUMNS` value.
fn columns_variable(value: Option<&std::ffi::OsStr>) -> Option<u16> {
    value?.to_str()?.trim().parse::<u16>().ok().filter(|w| *w > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn columns_variable_must_be_a_positive_number() {
        assert_eq!(columns_variable(Some(OsStr::new("132"))), Some(132));
        assert_eq!(columns_variable(Some(OsStr::new(" 90 "))), Some(90));
        assert_eq!(columns_variable(Some(OsStr::new("0"))), None);
        assert_eq!(columns_variable(Some(OsStr::new("-5"))), None);
        assert_eq!(columns_variable(Some(OsStr::new("wide"))), None);
        assert_eq!(columns_variable(Some(OsStr::new("99999"))), None);
        assert_eq!(columns_variable(None), None);
    }
}
