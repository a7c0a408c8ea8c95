#!/usr/bin/env python3
"""The polars group-by an analyst would write instead of `parcalc rank`.

    python3 benches/peers/polars_groupby.py FILE [OUT]

Reads the evidence CSV with polars (every column as polars infers it from the file),
casts `value` to a float where it parses (yes/no, dates, levels, ratios such as `597/695`
and `89,2%` become null), groups by `unit`, sums, sorts by the sum (a ranking) and writes
`unit,value` to OUT (default: /dev/null). This is not a score: it shows what a fast
general-purpose dataframe pass over the same file costs.
"""

import sys

import polars as pl


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: polars_groupby.py FILE [OUT]")
    path = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) == 3 else "/dev/null"
    df = pl.read_csv(path, infer_schema_length=10_000)
    totals = (
        df.with_columns(pl.col("value").cast(pl.Float64, strict=False))
        .group_by("unit")
        .agg(pl.col("value").sum())
        .sort("value", descending=True)
    )
    totals.write_csv(out)


if __name__ == "__main__":
    main()
