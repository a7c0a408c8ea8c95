//! Writes a synthetic evidence CSV for every leaf of a criteria set, for benchmarks:
//! `cargo run --release --example gen_evidence -- --criteria criteria/synthetic-100.toml --units 8000 --out /tmp/1m.csv`
//! The generation itself is `parcalc::synth`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::Parser;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    criteria: PathBuf,
    #[arg(long)]
    units: u64,
    #[arg(long, default_value_t = 1)]
    years: i32,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long)]
    out: PathBuf,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let set = match parcalc::criteria::load_file(&args.criteria) {
        Ok(s) => s,
        Err(f) => {
            eprint!("{}", parcalc::diag::render_all(&f.0, parcalc::number::Lang::En));
            std::process::exit(2);
        }
    };
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&args.out)?);
    let rows = parcalc::synth::write_evidence(&set, args.units, args.years, args.seed, &mut w)?;
    w.flush()?;
    eprintln!(
        "wrote {rows} rows for {} units × {} year(s) to {}",
        args.units,
        args.years,
        args.out.display()
    );
    Ok(())
}
