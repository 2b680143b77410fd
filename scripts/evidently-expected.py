#!/usr/bin/env python3
"""Odd-data drift cases and Evidently 0.7.23's verdicts on them (issue 13).

Run OUTSIDE CI, in a venv with `pip install evidently==0.7.23 "pandas<3"` (pandas 3 breaks
Evidently's import):

    /work/evidently-venv/bin/python scripts/evidently-expected.py            # inputs + expected
    /work/evidently-venv/bin/python scripts/evidently-expected.py --expected # expected only

Each case is test/fixtures/drift-odd/<case>/{reference,current}.{jsonl,csv} + columns.json, and
the output expected.json. The vitest test (test/unit/cli/drift-odd-cases.test.ts) runs the CLI's
`drift --json` on the inputs and compares with expected.json; it never runs Evidently.

JSON Lines are read the way the CLI reads them (json.loads per line; a missing key is missing),
into a DataFrame whose columns are typed by columns.json (Evidently's DataDefinition); CSV is read
with pandas.read_csv defaults, as the CLI's .csv windows are.
"""

import json
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "drift-odd"

# Evidently's display names -> the CLI's test names.
TEST_NAMES = {
    "K-S p_value": "ks",
    "chi-square p_value": "chisquare",
    "Z-test p_value": "z",
    "Wasserstein distance (normed)": "wasserstein",
    "Jensen-Shannon distance": "jensenshannon",
}


def _cases():
    """name -> (description, columns, reference rows, current rows). Seeded: reproducible."""
    rnd = random.Random(20261206)
    cases = {}

    def add(name, description, columns, ref, cur):
        cases[name] = (description, columns, ref, cur)

    # The case: a flag written as true/false in one window and 1/0 in the other is one
    # category in pandas (True == 1), so only the shares matter.
    ref = [{"flag": i < 12} for i in range(40)]
    cur = [{"flag": 1 if i < 20 else 0} for i in range(40)]
    add("bool-and-int-flag", "true/false vs 1/0: one category each", {"flag": "categorical"},
        ref, cur)
    ref = [{"flag": [True, False, 1, 0, "1"][i % 5]} for i in range(50)]
    cur = [{"flag": [1, 0, True, "1", "true"][i % 5]} for i in range(50)]
    add("bool-int-string-mix", "true == 1 but '1' and 'true' are strings of their own",
        {"flag": "categorical"}, ref, cur)

    # ±inf without NaN: Evidently's per-column rows drop it, its dataset count keeps it.
    # With a reference over 1000 rows, inf makes the normed Wasserstein NaN ("no drift") in
    # Evidently's count, while its per-column row (inf dropped) says drift: the dataset flips.
    ref = [{"x": round(rnd.gauss(0, 1), 6), "y": round(rnd.gauss(0, 1), 6)} for _ in range(1010)]
    cur = [{"x": round(rnd.gauss(0.5, 1), 6), "y": round(rnd.gauss(0, 1), 6)} for _ in range(200)]
    ref[3]["x"] = math.inf
    add("inf-without-nan", "±inf in a window with no NaN (documented deviation)",
        {"x": "numerical", "y": "numerical"}, ref, cur)

    words = ["", " ", "a", "a ", " a", "A", "b"]
    ref = [{"w": words[i % 5]} for i in range(70)]
    cur = [{"w": words[(i * 3) % 7]} for i in range(70)]
    add("empty-and-whitespace", "'' and whitespace variants are categories",
        {"w": "categorical"}, ref, cur)

    ref = [{"v": ["1", "1.0", 1, 2.0][i % 4]} for i in range(60)]
    cur = [{"v": ["1", "1.0", 1.0, 2, "2"][i % 5]} for i in range(60)]
    add("numbers-as-strings", "'1' and '1.0' are strings; 1 and 1.0 are one number",
        {"v": "categorical"}, ref, cur)

    ref = [{"m": i if i % 2 else i + 0.5} for i in range(40)]
    cur = [{"m": float(i + 4) if i % 3 else i + 4} for i in range(40)]
    add("mixed-int-float", "integers and floats in one numerical column", {"m": "numerical"},
        ref, cur)

    ref = [{"c": 7, "d": "x", "e": 3} for _ in range(30)]
    cur = [{"c": 7, "d": "x", "e": 4} for _ in range(25)]
    add("constant-columns", "one value: equal constants (Z p=1), different constants",
        {"c": "numerical", "d": "categorical", "e": "numerical"}, ref, cur)

    ref = [{"t": v, "k": k} for v, k in zip([1.0, 2.0, 3.0, 4.0, 5.0], "aabbc")]
    cur = [{"t": v, "k": k} for v, k in zip([3.5, 4.5, 5.5, 6.5, 7.5, 8.5], "abccdd")]
    add("tiny-windows", "5 and 6 rows: exact KS, new category", {"t": "numerical",
        "k": "categorical"}, ref, cur)

    ref = [{"n": [1, 2, 3][i % 3], "p": [0, 1][i % 2]} for i in range(20)]
    cur = [{"n": [1, 2, 3, 3][i % 4], "p": [0, 1, 1][i % 3]} for i in range(20)]
    add("few-values-numerical", "numerical with 3 values (chi-square) and 2 (Z)",
        {"n": "numerical", "p": "numerical"}, ref, cur)

    ref = [{"h": f"id{rnd.randrange(60)}"} for _ in range(300)]
    cur = [{"h": f"id{rnd.randrange(70)}"} for _ in range(300)]
    add("high-cardinality", "60-70 categories, small reference (chi-square)",
        {"h": "categorical"}, ref, cur)

    ref = [{"h": f"id{rnd.randrange(40)}", "z": rnd.gauss(0, 1), "q": rnd.randrange(4)}
           for _ in range(1003)]
    for r in ref[:3]:
        r["z"] = None
    cur = [{"h": f"id{rnd.randrange(45)}", "z": rnd.gauss(0.05, 1), "q": rnd.randrange(5)}
           for _ in range(400)]
    add("large-reference", "1003 rows with 3 null -> 1000 (small tests); 1003 categorical (JS)",
        {"h": "categorical", "z": "numerical", "q": "numerical"}, ref, cur)

    ref = [{"z": [0.0, -0.0, 1.0][i % 3], "zc": [0, -0.0, 1][i % 3]} for i in range(30)]
    cur = [{"z": [-0.0, 1.0, 1.0][i % 3], "zc": [-0.0, 0.0, 1][i % 3]} for i in range(30)]
    add("negative-zero", "-0 equals 0 as a value and as a category",
        {"z": "numerical", "zc": "categorical"}, ref, cur)

    big = 10**15
    ref = [{"b": big + i * 7} for i in range(40)]
    cur = [{"b": big + i * 7 + 3} for i in range(40)]
    add("large-integers", "integers near 1e15 (exact in a double)", {"b": "numerical"}, ref, cur)

    ref = [{"a": (None if i % 4 == 0 else rnd.gauss(0, 1)), "s": (None if i % 5 == 0 else
            ["x", "y", "z"][i % 3])} for i in range(50)]
    cur = [{"a": rnd.gauss(0.7, 1)} if i % 3 else {"s": ["x", "y"][i % 2]} for i in range(50)]
    add("nulls-and-missing-keys", "null values and keys absent from some rows",
        {"a": "numerical", "s": "categorical"}, ref, cur)

    ref = [{"b": bool(i % 2)} for i in range(30)]
    cur = [{"b": i % 5 == 0} for i in range(30)]
    add("bool-column", "a plain boolean column", {"b": "categorical"}, ref, cur)

    ref = [{"m": ["a", 1, 2.5, True][i % 4]} for i in range(40)]
    cur = [{"m": ["a", 1, 2.5, "b"][i % 4]} for i in range(40)]
    add("mixed-type-categorical", "strings, numbers and booleans in one categorical column",
        {"m": "categorical"}, ref, cur)

    big = 2**53
    ref = [{"g": big + 1 if i % 2 else big, "n": big + 2 * i} for i in range(20)]
    cur = [{"g": big, "n": big + 2 * i + 4} for i in range(20)]
    add("integers-beyond-2-53", "2^53+1 and 2^53 are two categories in Python",
        {"g": "categorical", "n": "numerical"}, ref, cur)

    ref = [{"a": [1, 2, 3][i % 3]} for i in range(30)]
    cur = [{"a": [1.0, 2.0, 3.5][i % 3]} for i in range(30)]
    add("int-vs-float-categories", "1 and 1.0 are one category, 3.5 is new",
        {"a": "categorical"}, ref, cur)

    ref = [{"a": ["NaN", "x", "null", "None"][i % 4]} for i in range(40)]
    cur = [{"a": ["nan", "x", None, "None"][i % 4]} for i in range(40)]
    add("nan-like-strings", "'NaN', 'nan', 'null', 'None' are strings, null is missing",
        {"a": "categorical"}, ref, cur)

    add("one-row-windows", "one row per window: Z on two different values",
        {"a": "numerical", "c": "categorical"}, [{"a": 1.0, "c": "x"}], [{"a": 2.0, "c": "y"}])

    # The dataset share: 2 of 4 drifted is dataset drift (>= 0.5).
    ref = [{"a": rnd.gauss(0, 1), "b": rnd.gauss(0, 1), "c": ["x", "y"][i % 2],
            "d": ["x", "y"][i % 2]} for i in range(80)]
    cur = [{"a": rnd.gauss(1, 1), "b": rnd.gauss(0, 1), "c": ["x", "y", "y", "y"][i % 4],
            "d": ["x", "y"][i % 2]} for i in range(80)]
    add("half-drifted", "2 of 4 columns drifted: dataset drift at exactly 0.5",
        {"a": "numerical", "b": "numerical", "c": "categorical", "d": "categorical"}, ref, cur)
    return cases


def _dump(rows):
    # allow_nan: ±inf is written as bare Infinity, which the CLI reads as missing.
    return "".join(json.dumps(r, allow_nan=True) + "\n" for r in rows)


def _csv_cases():
    """name -> (description, columns, reference CSV text, current CSV text), read by read_csv."""
    rnd = random.Random(7)
    cases = {}
    cities = ['"Paris, FR"', '"New\nYork"', "Oslo", '"say ""hi"""', "NA", "None", ""]
    ref = "\ufeffcity,latency,ok\r\n" + "".join(
        f"{cities[i % 5]}, {round(rnd.gauss(400, 50), 1)} ,{['true', 'false', 'TRUE'][i % 3]}\r\n"
        for i in range(40))
    cur = "city,latency,ok\n" + "".join(
        f"{cities[(i * 3) % 7]},{'NaN' if i % 9 == 0 else round(rnd.gauss(430, 50), 1)},"
        f"{['False', 'true', ''][i % 3]}\n" for i in range(40))
    cases["csv-quoted-bom-na"] = ("CSV: BOM, CRLF, quoted commas/newlines, NA spellings, booleans",
                                  {"city": "categorical", "latency": "numerical",
                                   "ok": "categorical"}, ref, cur)
    ref = "code,tag\n" + "".join(f"{['1', '1.0', '2'][i % 3]},{['1', 'x'][i % 2]}\n"
                                 for i in range(30))
    cur = "code,tag\n" + "".join(f"{['1', '2', '2.0', '3'][i % 4]},{['1', '1.0'][i % 2]}\n"
                                 for i in range(30))
    cases["csv-number-like"] = ("CSV: '1' and '1.0' are one number; among words '1' is a string",
                                {"code": "categorical", "tag": "categorical"}, ref, cur)
    return cases


def write_inputs():
    for name, (description, columns, ref, cur) in _csv_cases().items():
        d = ROOT / name
        d.mkdir(parents=True, exist_ok=True)
        (d / "reference.csv").write_text(ref, newline="")
        (d / "current.csv").write_text(cur, newline="")
        (d / "columns.json").write_text(json.dumps({"description": description,
                                                    "columns": columns}, indent=2) + "\n")
    for name, (description, columns, ref, cur) in _cases().items():
        d = ROOT / name
        d.mkdir(parents=True, exist_ok=True)
        (d / "reference.jsonl").write_text(_dump(ref))
        (d / "current.jsonl").write_text(_dump(cur))
        (d / "columns.json").write_text(json.dumps({"description": description,
                                                    "columns": columns}, indent=2) + "\n")


def _frame(path, columns):
    import pandas as pd

    if path.suffix == ".csv":
        df = pd.read_csv(path)
        for c in columns:
            if c not in df.columns:
                df[c] = None
        return df
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    df = pd.DataFrame(rows)
    for c in columns:
        if c not in df.columns:
            df[c] = None
    return df


def expected_for(d):
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataDriftPreset

    spec = json.loads((d / "columns.json").read_text())["columns"]
    ext = "csv" if (d / "reference.csv").exists() else "jsonl"
    ref = _frame(d / f"reference.{ext}", spec)
    cur = _frame(d / f"current.{ext}", spec)
    definition = DataDefinition(
        numerical_columns=[c for c, t in spec.items() if t == "numerical"],
        categorical_columns=[c for c, t in spec.items() if t == "categorical"],
    )
    snap = Report([DataDriftPreset()], include_tests=True).run(
        Dataset.from_pandas(cur, data_definition=definition),
        Dataset.from_pandas(ref, data_definition=definition),
    )
    out = snap.dict()
    columns = {}
    count = None
    for m in out["metrics"]:
        cfg = m["config"]
        if cfg["type"].endswith("DriftedColumnsCount"):
            count = m["value"]
        elif cfg["type"].endswith("ValueDrift"):
            columns[cfg["column"]] = {
                "name": cfg["column"],
                "test": TEST_NAMES[cfg["method"]],
                "score": m["value"],
                "threshold": cfg["threshold"],
            }
    for t in out["tests"]:
        column = t["metric_config"]["params"].get("column")
        if column in columns:
            # A ValueDrift test fails exactly when its column drifted.
            columns[column]["drifted"] = t["status"] == "FAIL"
    ordered = [columns[c] for c in spec]
    drifted = sum(1 for c in ordered if c["drifted"])
    return {
        "evidently": "0.7.23",
        "columns": ordered,
        # From Evidently's per-column verdicts (what the CLI reports)...
        "drifted_columns": drifted,
        "share": drifted / len(ordered),
        "dataset_drift": drifted / len(ordered) >= 0.5,
        # ...and Evidently's own DriftedColumnsCount, which differs only with ±inf and no NaN.
        "evidently_drifted_columns_count": count,
    }


def main():
    if "--expected" not in sys.argv:
        write_inputs()
    for d in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        (d / "expected.json").write_text(json.dumps(expected_for(d), indent=2) + "\n")
        print(d.name)


if __name__ == "__main__":
    main()
