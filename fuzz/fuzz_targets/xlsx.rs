//! Any bytes given as a workbook give a score or diagnostics within the documented limits,
//! never a panic or an abort. The bytes go through the reader the CLI uses
//! (`read_files`, by path, so the format follows the extension): as an `.xls` when they
//! start with the compound-file signature, as an `.ods` when they hold the OpenDocument
//! mimetype, as an `.xlsx` otherwise. The evidence read is scored
//! and checked against a set that uses every rule kind.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

mod common;

use libfuzzer_sys::fuzz_target;

/// A directory of this process's own (several fuzzing jobs may run side by side), in
/// memory when the system has one.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
        let d = base.join(format!("parcalc-fuzz-xlsx-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("fuzz directory");
        d
    })
}

const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const CFB_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fuzz_target!(|data: &[u8]| {
    let name = if data.starts_with(CFB_SIGNATURE) {
        "fuzz.xls"
    } else if data.windows(ODS_MIMETYPE.len()).any(|w| w == ODS_MIMETYPE) {
        "fuzz.ods"
    } else {
        "fuzz.xlsx"
    };
    let path = dir().join(name);
    std::fs::write(&path, data).expect("write the input");
    let (ev, diags) = parcalc::evidence::read_files(&[&path]);
    let _ = parcalc::diag::render_all(&diags, parcalc::number::Lang::Vi);
    common::score_and_check(&ev);
});
