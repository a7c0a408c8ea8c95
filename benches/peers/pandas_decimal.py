#!/usr/bin/env python3
"""The same exact scoring as `parcalc rank`, written with pandas and Python's Decimal.

    python3 benches/peers/pandas_decimal.py CRITERIA FILE [OUT]

Reads the criteria set (TOML, with tomllib; numbers as Decimal) and the evidence CSV (with
pandas, every column as text), scores every leaf of every unit with the rules of the set,
rounds each leaf as the set says, and writes `unit,awarded,applicable_max` to OUT (default:
standard output), one line per unit.

Rule kinds implemented, as in src/rules/*.rs: binary, deadline, tiers (ratio, count,
number), proportional, formula (+ - * / and parentheses over the variables, exact
fractions, rounded once), deductions, count, level, manual and survey; not-applicable
rows (the leaf leaves the applicable maximum), missing rows (0 points, the leaf stays
applicable) and bonus/penalty adjustments (items × points, capped). It checks the values
only as far as the synthetic set needs: a value parcalc refuses may score here.
"""

import ast
import sys
import tomllib
import unicodedata
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd

NOT_APPLICABLE = {"không phát sinh", "không áp dụng", "kps", "kad", "n/a", "na", "not applicable", "-"}
YES = {"có", "co", "yes", "y", "true", "đạt", "dat", "x", "1"}
NO = {"không", "khong", "no", "n", "false", "không đạt", "khong dat", "chưa", "0"}
ON_TIME = {"đúng hạn", "dung han", "on time", "kịp thời", "kip thoi"}
LATE = {"chậm", "cham", "late", "không kịp thời", "khong kip thoi", "trễ hạn", "tre han"}
MISSING = {"không ban hành", "chưa ban hành", "missing", "khong ban hanh", "chua ban hanh"}
STRATEGIES = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


def fold(text):
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def dec(v):
    """A TOML number (Decimal, int) or a string such as "0.5" or "95%" as a Decimal."""
    if isinstance(v, str):
        s = v.strip()
        return Decimal(s[:-1].strip().replace(",", ".")) / 100 if s.endswith("%") else Decimal(s)
    return Decimal(v)


def number(text):
    s = text.strip()
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    return Decimal(s)


def ratio(text):
    """`597/695`, `89,2%`, `0.9` as an exact Fraction."""
    s = text.strip()
    if "/" in s:
        a, b = s.split("/", 1)
        return Fraction(number(a)) / Fraction(number(b))
    if s.endswith("%"):
        return Fraction(number(s[:-1])) / 100
    return Fraction(number(s))


def round_fraction(q, places, strategy):
    """A Fraction rounded to `places` decimals, exactly (no 28-digit quotient first)."""
    scaled = q * 10**places
    sign = -1 if scaled < 0 else 1
    a = abs(scaled)
    whole, rest = divmod(a.numerator, a.denominator)
    twice = 2 * rest
    if strategy == ROUND_HALF_UP:
        up = twice >= a.denominator
    elif strategy == ROUND_HALF_EVEN:
        up = twice > a.denominator or (twice == a.denominator and whole % 2 == 1)
    else:
        up = False
    return Decimal(sign * (whole + up)).scaleb(-places)


def interval(text):
    """`[95%, 100%]`, `[3, )` as (lo, lo_closed, hi, hi_closed) with Fraction bounds."""
    s = text.strip()
    lo_closed, hi_closed = s[0] == "[", s[-1] == "]"
    lo, hi = (p.strip() for p in s[1:-1].split(","))
    return (Fraction(dec(lo)) if lo else None, lo_closed, Fraction(dec(hi)) if hi else None, hi_closed)


def contains(iv, x):
    lo, lo_closed, hi, hi_closed = iv
    if lo is not None and (x < lo or (x == lo and not lo_closed)):
        return False
    return not (hi is not None and (x > hi or (x == hi and not hi_closed)))


def compile_expr(expr, lits=None):
    """A formula as a function of a dict of Fractions; ZeroDivisionError when undefined."""
    tree = ast.parse(expr, mode="eval")

    def build(n):
        if isinstance(n, ast.Expression):
            return build(n.body)
        if isinstance(n, ast.BinOp):
            left, right = build(n.left), build(n.right)
            op = type(n.op)
            if op is ast.Add:
                return lambda v: left(v) + right(v)
            if op is ast.Sub:
                return lambda v: left(v) - right(v)
            if op is ast.Mult:
                return lambda v: left(v) * right(v)
            if op is ast.Div:
                return lambda v: left(v) / right(v)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            inner = build(n.operand)
            return lambda v: -inner(v)
        if isinstance(n, ast.Name):
            return lambda v, k=n.id: v[k]
        if isinstance(n, ast.Constant):
            c = Fraction(ast.get_source_segment(expr, n))
            return lambda v: c
        raise SystemExit(f"formula `{expr}`: unsupported syntax")

    return build(tree)


class Leaf:
    def __init__(self, node, rounding):
        self.code = node["code"]
        self.max = dec(node["max"])
        r = node["rule"]
        self.kind = r["kind"]
        self.places, self.strategy = rounding
        if self.kind == "deadline":
            d, m, y = (int(p) for p in r["due"].split("/")) if "due" in r else (0, 0, 0)
            self.due = date(y, m, d) if "due" in r else None
            self.on_time = dec(r.get("on_time", self.max))
            self.late = dec(r["late"]) if "late" in r else None
            self.late_per_day = dec(r["late_per_day"]) if "late_per_day" in r else None
            self.missing = dec(r.get("missing", 0))
            self.floor = dec(r["floor"]) if "floor" in r else min(self.missing, Decimal(0))
        elif self.kind == "tiers":
            self.on = r.get("on", "ratio")
            self.tiers = [(interval(t["when"]), dec(t["points"])) for t in r["tiers"]]
        elif self.kind == "proportional":
            self.floor = dec(r.get("floor", 0))
            self.target = dec(r.get("target", 1))
            self.below_floor = dec(r.get("below_floor", 0))
        elif self.kind == "formula":
            self.fn = compile_expr(r["expr"])
            self.variables = [v["id"] for v in r.get("variables", [])]
            self.undefined = dec(r["when_undefined"]) if "when_undefined" in r else None
            self.floor = dec(r.get("floor", 0))
        elif self.kind == "deductions":
            self.items = {fold(i["id"]): dec(i["points"]) for i in r["items"]}
            self.floor = dec(r.get("floor", 0))
        elif self.kind == "checklist":
            self.items = {}
            for i in r["items"]:
                for name in (i["id"], i.get("vi"), i.get("en")):
                    if name:
                        self.items[fold(name)] = dec(i["points"])
            self.cap = dec(r.get("cap", self.max))
        elif self.kind == "count":
            self.per_item = dec(r["per_item"])
            self.cap = dec(r.get("cap", self.max))
        elif self.kind == "level":
            self.levels = {}
            for lv in r["levels"]:
                for name in (lv["vi"], lv.get("en")):
                    if name:
                        self.levels[fold(name)] = dec(lv["share"])
        elif self.kind == "survey":
            self.scale = dec(r["scale"]) if "scale" in r else None
        elif self.kind in ("binary", "manual"):
            pass
        else:
            raise SystemExit(f"{self.code}: rule kind `{self.kind}` is not implemented")

    def rounded(self, points):
        return points.quantize(Decimal(1).scaleb(-self.places), rounding=self.strategy)

    def single(self, value):
        """Points for the one value row of a single-row kind, before rounding."""
        k = self.kind
        if k == "binary":
            f = fold(value)
            if f in YES:
                return self.max
            if f in NO:
                return Decimal(0)
            raise ValueError(f"{self.code}: `{value}` is not yes/no")
        if k == "deadline":
            f = fold(value)
            if f in ON_TIME:
                p = self.on_time
            elif f in LATE:
                p = self.late
            elif f in MISSING:
                p = self.missing
            else:
                d, m, y = (int(x) for x in value.strip().split("/"))
                issued = date(y, m, d)
                if issued <= self.due:
                    p = self.on_time
                elif self.late is not None:
                    p = self.late
                else:
                    p = self.on_time - self.late_per_day * (issued - self.due).days
            return max(p, self.floor)
        if k == "tiers":
            x = ratio(value) if self.on == "ratio" else Fraction(number(value))
            for iv, pts in self.tiers:
                if contains(iv, x):
                    return pts
            raise ValueError(f"{self.code}: `{value}` falls in no tier")
        if k == "proportional":
            r = ratio(value)
            if r < self.floor:
                return self.below_floor
            if r >= self.target:
                return self.max
            return round_fraction(r / Fraction(self.target) * Fraction(self.max), self.places, self.strategy)
        if k == "level":
            return self.levels[fold(value)] * self.max
        if k == "manual":
            return number(value)
        if k == "survey":
            v = number(value)
            return v * self.max / self.scale if self.scale is not None else v
        raise AssertionError(k)

    def formula(self, values):
        try:
            exact = self.fn({k: Fraction(number(v)) for k, v in values.items()})
        except ZeroDivisionError:
            return max(min(self.undefined, self.max), self.floor)
        kept = max(min(exact, Fraction(self.max)), Fraction(self.floor))
        return round_fraction(kept, self.places, self.strategy)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: pandas_decimal.py CRITERIA FILE [OUT]")
    with open(sys.argv[1], "rb") as f:
        crit = tomllib.load(f, parse_float=Decimal)
    s = crit["set"]
    rnd = s.get("rounding", {})
    rounding = (int(rnd.get("places", 3)), STRATEGIES[rnd.get("strategy", "half-up")])
    leaves = {}
    for node in crit.get("node", []):
        if "rule" in node:
            leaves[node["code"]] = Leaf(node, rounding)
    adjustments = {
        a["id"]: (a["kind"], dec(a["cap"]), {fold(i["id"]): dec(i["points"]) for i in a["items"]})
        for a in crit.get("adjustment", [])
    }
    total_max = sum((leaf.max for leaf in leaves.values()), Decimal(0))

    df = pd.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
    df = df[(df["year"] == "") | (df["year"] == str(s["year"]))]

    # Not-applicable rows: the leaf scores nothing and leaves the applicable maximum.
    na = df["value"].map(lambda v: fold(v) in NOT_APPLICABLE if v[:1] in "kKnN-" else False)
    na_leaves = df.loc[na, ["unit", "criterion"]].drop_duplicates()
    na_max = na_leaves["criterion"].map(lambda c: leaves[c].max).groupby(na_leaves["unit"]).agg(
        lambda s: sum(s, Decimal(0))
    )
    df = df[~na]

    kind = df["criterion"].map(lambda c: leaves[c].kind if c in leaves else "adjustment")
    parts = []

    # One row, one leaf: binary, deadline, tiers, proportional, level, manual, survey.
    one = df[~kind.isin(["formula", "deductions", "count", "checklist", "adjustment"])]
    pts = [leaves[c].rounded(leaves[c].single(v)) for c, v in zip(one["criterion"], one["value"])]
    parts.append(pd.DataFrame({"unit": one["unit"].to_numpy(), "points": pts}))

    # Several rows, one leaf: counts, deductions and checklists add up their rows first.
    for k in ("count", "deductions", "checklist"):
        rows = df[kind == k]
        if rows.empty:
            continue
        if k == "checklist":
            # One yes/no row per item: a met item adds its points.
            each = [
                leaves[c].items[fold(i)] if fold(v) in YES else Decimal(0)
                for c, i, v in zip(rows["criterion"], rows["item"], rows["value"])
            ]
        else:
            each = [
                (leaves[c].per_item if k == "count" else leaves[c].items[fold(i)]) * number(v)
                if i or k == "count"
                else Decimal(0)
                for c, i, v in zip(rows["criterion"], rows["item"], rows["value"])
            ]
        summed = pd.DataFrame({"unit": rows["unit"], "criterion": rows["criterion"], "p": each}).groupby(
            ["unit", "criterion"], sort=False
        )["p"].agg(lambda s: sum(s, Decimal(0)))
        out = []
        for (_, c), total in summed.items():
            leaf = leaves[c]
            p = min(total, leaf.cap) if k in ("count", "checklist") else max(leaf.max - total, leaf.floor)
            out.append(leaf.rounded(p))
        parts.append(pd.DataFrame({"unit": summed.index.get_level_values(0), "points": out}))

    # Formulas: one row per variable, side by side.
    rows = df[kind == "formula"]
    if not rows.empty:
        wide = rows.pivot(index=["unit", "criterion"], columns="item", values="value")
        cols = list(wide.columns)
        out = []
        for key, vals in zip(wide.index, wide.itertuples(index=False, name=None)):
            leaf = leaves[key[1]]
            out.append(leaf.rounded(leaf.formula({v: x for v, x in zip(cols, vals) if isinstance(x, str)})))
        parts.append(pd.DataFrame({"unit": wide.index.get_level_values(0), "points": out}))

    # Bonus and penalty blocks: items × points, capped.
    rows = df[kind == "adjustment"]
    if not rows.empty:
        each = []
        for c, i, v in zip(rows["criterion"], rows["item"], rows["value"]):
            kd, _, items = adjustments[c]
            each.append(items[fold(i)] * number(v))
        summed = pd.DataFrame({"unit": rows["unit"], "a": rows["criterion"], "p": each}).groupby(
            ["unit", "a"], sort=False
        )["p"].agg(lambda s: sum(s, Decimal(0)))
        out = []
        for (_, a), total in summed.items():
            kd, cap, _ = adjustments[a]
            out.append(-min(total, cap) if kd == "penalty" else min(total, cap))
        parts.append(pd.DataFrame({"unit": summed.index.get_level_values(0), "points": out}))

    allpts = pd.concat(parts, ignore_index=True)
    awarded = allpts.groupby("unit", sort=False)["points"].agg(lambda s: sum(s, Decimal(0)))
    units = pd.Index(df["unit"].unique()).union(na_max.index)
    awarded = awarded.reindex(units, fill_value=Decimal(0))
    applicable = na_max.reindex(units, fill_value=Decimal(0)).map(lambda x: total_max - x)
    result = pd.DataFrame({"unit": units, "awarded": awarded.map(lambda d: format(d.normalize(), "f")).to_numpy()})
    result["applicable_max"] = applicable.map(lambda d: format(d.normalize(), "f")).to_numpy()
    out = sys.argv[3] if len(sys.argv) == 4 else sys.stdout
    result.to_csv(out, index=False)


if __name__ == "__main__":
    main()
