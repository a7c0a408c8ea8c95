//! Where a report's data came from: each input file's name, size and SHA-256, computed from
//! the very bytes the run read (not by opening the file again), so that a reader holding a
//! printed report can tell with `sha256sum` whether a file on their disk is the one it was
//! made from.

use sha2::{Digest, Sha256};

/// One file a run read: criteria or evidence, or standard input (`<stdin>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The name used in locations: the path as given, or `<stdin>`.
    pub name: String,
    /// Bytes read.
    pub len: u64,
    pub sha256: [u8; 32],
}

/// How many hex digits of the SHA-256 a report prints: 48 bits, enough to tell apart the
/// versions of a file a unit keeps, short enough for a table cell on a phone.
pub const SHORT_HEX: usize = 12;

impl InputFile {
    /// The record of reading `bytes` under `name`.
    pub fn of(name: impl Into<String>, bytes: &[u8]) -> InputFile {
        InputFile {
            name: name.into(),
            len: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            sha256: Sha256::digest(bytes).into(),
        }
    }

    /// The SHA-256 in lower-case hex, as `sha256sum` prints it.
    pub fn hex(&self) -> String {
        use std::fmt::Write as _;
        self.sha256.iter().fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }

    /// The first [`SHORT_HEX`] hex digits of the SHA-256.
    pub fn short_hex(&self) -> String {
        let mut h = self.hex();
        h.truncate(SHORT_HEX);
        h
    }

    /// The file's name without its folders (`tcdv.csv`), or the whole name when it has none
    /// (`<stdin>`). Reports print this rather than the path, which may name a person's
    /// folders (`C:\Users\…`); the hash tells files of the same name apart.
    pub fn file_name(&self) -> &str {
        self.name.rsplit(['/', '\\']).find(|s| !s.is_empty()).unwrap_or(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_match_sha256sum() {
        // `printf 'abc' | sha256sum`
        let f = InputFile::of("a/b/abc.csv", b"abc");
        assert_eq!(f.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(f.short_hex(), "ba7816bf8f01");
        assert_eq!(f.len, 3);
        // `sha256sum /dev/null`
        assert_eq!(
            InputFile::of("<stdin>", b"").hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn file_names_drop_the_folders() {
        assert_eq!(InputFile::of("a/b/abc.csv", b"").file_name(), "abc.csv");
        assert_eq!(InputFile::of(r"C:\Users\Lan\số liệu.xlsx", b"").file_name(), "số liệu.xlsx");
        assert_eq!(InputFile::of("<stdin>", b"").file_name(), "<stdin>");
        assert_eq!(InputFile::of("dir/", b"").file_name(), "dir");
        assert_eq!(InputFile::of("/", b"").file_name(), "/");
    }
}
