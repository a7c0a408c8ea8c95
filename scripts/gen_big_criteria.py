#!/usr/bin/env python3
"""Writes the big criteria set of benches/rank.rs (`big_criteria`) to standard output:
areas of 99 leaves each (rules binary, tiers, formula), 100 nodes per area.

    python3 scripts/gen_big_criteria.py 5000 > big.toml
    parcalc check -c big.toml
"""
import sys


def big_criteria(nodes: int) -> str:
    out = ['[set]\nid = "big"\ntitle = "big"\nyear = 2025\nlevel = "commune"\nlanguage = "en"\n']
    areas = nodes // 100
    out.append(f"total = {areas * 99}\n\n")
    for a in range(1, areas + 1):
        out.append(f'[[node]]\ncode = "{a}"\ntitle = "Area {a}"\nmax = 99\n\n')
        for leaf in range(1, 100):
            if leaf % 3 == 0:
                rule = 'rule = { kind = "binary" }'
            elif leaf % 3 == 1:
                rule = 'rule = { kind = "tiers", tiers = [{ when = "[90%, 100%]", points = 1 }, { when = "[0%, 90%)", points = 0.5 }] }'
            else:
                rule = 'rule = { kind = "formula", expr = "b / a", when_undefined = 1 }'
            out.append(f'[[node]]\ncode = "{a}.{leaf}"\ntitle = "Criterion {a}.{leaf}"\nmax = 1\n{rule}\n\n')
    return "".join(out)


if __name__ == "__main__":
    sys.stdout.write(big_criteria(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
