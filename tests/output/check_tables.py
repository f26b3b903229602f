#!/usr/bin/python3
"""Reads the tables of the sweep, comparison and feasibility files the way an analyst would
(h5py + pandas: pd.DataFrame(f["/design"][()])) and checks them against output/SCHEMA.md: the kind,
the format version, column names and order (dotted and coloned names included), dtypes, the
units/descriptions attributes, and a few values.

Usage: /usr/bin/python3 check_tables.py SAMPLE_DIR
Reads compare.h5, sweep-grid.h5, sweep-sensitivity.h5 and feasibility.h5 written by
output_write_sample (tests/output/synthetic_study_results.hpp). Exit status 0 = all checks passed.
"""

import sys

import h5py
import numpy as np
import pandas as pd

failures = []

U64, F64, U8 = np.dtype("<u8"), np.dtype("<f8"), np.dtype("u1")
S = "S"  # fixed-length UTF-8 string


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def table(f, path, columns):
    """The table at path as a DataFrame (strings decoded), after checking its columns and dtypes."""
    ds = f[path]
    names = list(ds.dtype.names)
    check(names == [c for c, _ in columns], f"{path}: columns {names}")
    for c, t in columns:
        if c not in ds.dtype.names:
            continue
        got = ds.dtype[c]
        ok = got.kind == "S" if t == S else got == t
        check(ok, f"{path}: {c} has dtype {got}, expected {t}")
    check(ds.maxshape == (None,) and ds.chunks is not None, f"{path}: chunked and extendible")
    check(len(ds.attrs["units"]) == len(names) and len(ds.attrs["descriptions"]) == len(names),
          f"{path}: one unit and description per column")
    check(isinstance(ds.attrs["description"], str), f"{path}: description attribute")
    df = pd.DataFrame(ds[()])
    check(list(df.columns) == names, f"{path}: pandas keeps the column names")
    for c in df.columns[df.dtypes == object]:
        df[c] = df[c].str.decode("utf-8")
    return df


def common(f, kind):
    check(f.attrs["kind"] == kind, f"root kind {f.attrs['kind']!r}")
    check(list(f.attrs["format_version"]) == [1, 11], f"format_version {f.attrs['format_version']!r}")
    check(f.attrs["model"] == "sib" and f["/meta"].attrs["model"] == "sib", f"model {f.attrs['model']!r}")
    kpis = table(f, "/kpis", [("name", S), ("unit", S), ("description", S), ("label", S), ("groups", S)])
    check(len(kpis) > 0 and (kpis.name.str.len() > 0).all(), "/kpis names the KPIs")
    check(f["/meta"].attrs["kind"] == kind, "meta kind")
    check(f["/meta/input_yaml"].asstr()[()] != "", "meta input_yaml")
    check("replications" not in f and "summary" not in f, "a table-only file has no /replications or /summary")


def main(d):
    with h5py.File(f"{d}/compare.h5", "r") as f:
        common(f, "compare")
        s = table(f, "/compare/scenarios", [("index", U64), ("name", S), ("file", S)])
        check(list(s["name"]) == ["wnd-2016-actual", "wnd-strict-criteria", "wnd-recruit-24-months"], "scenario names")
        k = table(f, "/compare/kpis", [("kpi", S), ("unit", S), ("description", S), ("scenario", U64),
                                       ("base_mean", F64), ("variant_mean", F64), ("difference", F64),
                                       ("ci_low", F64), ("ci_high", F64), ("paired_half_width", F64),
                                       ("independent_half_width", F64), ("narrower_factor", F64), ("n", U64)])
        row = k[(k.kpi == "started") & (k.scenario == 1)].iloc[0]
        check(abs(row.difference + 66.15) < 1e-12 and row.ci_low < row.difference < row.ci_high, "started difference")
        check(np.allclose(k.variant_mean - k.base_mean, k.difference), "difference = variant - base")

    with h5py.File(f"{d}/sweep-grid.h5", "r") as f:
        common(f, "sweep")
        design = table(f, "/design", [("point", U64), ("role", S), ("payment.price_per_work_month", F64),
                                      ("recruitment.staff_fte", F64)])
        check(len(design) == 20 and (design.role == "grid").all(), "20 grid points")
        check(sorted(design["payment.price_per_work_month"].unique()) == [1000, 1250, 1500, 1750, 2000],
              "price values")
        table(f, "/design_parameters", [("path", S), ("kind", S), ("low", S), ("high", S)])
        measures = table(f, "/outcome_measures", [("name", S), ("label", S), ("unit", S), ("description", S),
                                                  ("groups", S)])
        check(list(measures.name) == ["investor_loss_probability", "government_cost_per_true_extra_month",
                                      "threshold_probability"], f"measures {list(measures.name)}")
        check(list(measures.groups) == ["trade_off_x", "trade_off_y", "trade_off_y"], "measure groups")
        kpis = ["started", "reached_target", "extra_work_months_true", "payout_total", "investor_multiple",
                "success_threshold_reached"]
        cols = [("point", U64), ("replications", U64)]
        for kpi in kpis:
            cols += [(kpi, F64), (f"{kpi}:se", F64), (f"{kpi}:p5", F64), (f"{kpi}:p50", F64), (f"{kpi}:p95", F64)]
        cols += [("investor_loss_probability", F64), ("threshold_probability", F64),
                 ("government_cost_per_true_extra_month", F64)]
        out = table(f, "/outcomes", cols)
        check((out["started:p5"] <= out["started"]).all() and (out["started"] <= out["started:p95"]).all(),
              "p5 <= mean <= p95")
        units = dict(zip(f["/outcomes"].dtype.names, f["/outcomes"].attrs["units"]))
        check(units["payout_total"] == "EUR" and units["started:se"] == "persons", "outcome units")
        merged = design.merge(out, on="point")
        check(len(merged) == 20, "design and outcomes join on point")
        reps = table(f, "/outcomes_replications", [("point", U64), ("replication", U64), ("started", F64),
                                                   ("payout_total", F64)])
        check(len(reps) == 1000, f"/outcomes_replications rows {len(reps)}")

    with h5py.File(f"{d}/sweep-sensitivity.h5", "r") as f:
        common(f, "sweep")
        design = table(f, "/design", [("point", U64), ("role", S), ("recruitment.end", S),
                                      ("payment.price_per_work_month", F64), ("programme.phone_for_all", U8)])
        check(design.role.iloc[1] == "oat:low:recruitment.end" and design.role.iloc[9] == "sobol:AB1", "roles")
        check(str(pd.to_datetime(design["recruitment.end"]).iloc[0].date()) == "2017-08-01", "dates parse")
        p = table(f, "/design_parameters", [("path", S), ("kind", S), ("low", S), ("high", S)])
        check(list(p.kind) == ["date", "number", "boolean"], f"parameter kinds {list(p.kind)}")
        table(f, "/sensitivity/oat", [("kpi", S), ("parameter", S), ("low_value", S), ("high_value", S),
                                      ("base", F64), ("at_low", F64), ("at_high", F64)])
        sobol = table(f, "/sensitivity/sobol", [("kpi", S), ("parameter", S), ("first", F64), ("first_low", F64),
                                                ("first_high", F64), ("total", F64), ("total_low", F64),
                                                ("total_high", F64)])
        check((sobol["first_low"] <= sobol["first"]).all(), "Sobol CI brackets the index")

    with h5py.File(f"{d}/feasibility.h5", "r") as f:
        common(f, "feasibility")
        q = table(f, "/feasibility/question", [("parameter", S), ("kpi", S), ("target", F64), ("probability", F64),
                                               ("direction", S), ("status", S), ("answer", S), ("answer_low", S),
                                               ("answer_high", S), ("text", S), ("answer_months", F64),
                                               ("duration_from", S), ("duration_from_label", S),
                                               ("duration_from_date", S)])
        check(len(q) == 1 and q.status[0] == "found" and q.answer[0] == "2017-09-15", "the question's answer")
        check(abs(q.answer_months[0] - 502 / (365.2425 / 12)) < 1e-9 and q.duration_from_date[0] == "2016-05-01",
              "the answer as a duration")
        probes = table(f, "/feasibility/probes", [("order", U64), ("value", S), ("x", F64), ("replications", U64),
                                                  ("successes", U64), ("probability", F64), ("ci_low", F64),
                                                  ("ci_high", F64), ("verdict", S)])
        days = (pd.to_datetime(probes.value) - pd.Timestamp("1970-01-01")).dt.days
        check((days == probes.x).all(), "x = days since 1970-01-01 for dates")
        check(np.allclose(probes.successes / probes.replications, probes.probability), "probability")
        check(set(probes.verdict) <= {"meets", "fails", "undecided"}, "verdicts")

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print(f"all checks passed: tables in {d} (h5py {h5py.__version__}, pandas {pd.__version__})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
