#!/usr/bin/python3
"""Reads a sibsim results file the way an analyst would (h5py + pandas) and checks it against
output/SCHEMA.md: names, shapes, dtypes, attributes, and summary statistics recomputed from the
per-replication values. Also checks that the CSV export holds the same numbers.

Usage: /usr/bin/python3 check_results.py RESULTS.h5 CSV_DIR
Written for the synthetic run of tests/output/synthetic_results.hpp (seed 42, 1000 replications,
KPIs starters, months_to_target, dropout_share). Exit status 0 = all checks passed.
"""

import math
import re
import sys

import h5py
import numpy as np
import pandas as pd

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def close(a, b, rel=1e-12):
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= rel * max(1.0, abs(a), abs(b))


KPIS = ["starters", "months_to_target", "dropout_share"]
UNITS = ["persons", "months", "fraction"]
SUMMARY_FIELDS = ["name", "unit", "n", "n_undefined", "mean", "sd", "se", "ci_low", "ci_high", "min",
                  "p5", "p25", "p50", "p75", "p95", "max", "sum", "sum_squares"]


def main(path, csv_dir):
    with h5py.File(path, "r") as f:
        # Root attributes.
        a = f.attrs
        check(a["filetype"] == "sibsim-results", f"filetype {a['filetype']!r}")
        check(list(a["format_version"]) == [1, 11] and a["format_version"].dtype == np.int32,
              f"format_version {a['format_version']!r}")
        check(a["kind"] == "run" and f["/meta"].attrs["kind"] == "run", f"kind {a['kind']!r}")
        check(a["model"] == "synthetic" and f["/meta"].attrs["model"] == "synthetic", f"model {a['model']!r}")
        check("input_yaml" not in f["/meta"], "no /meta/input_yaml when it is empty")
        for key in ["program_version", "git_commit", "creation_time", "rng_recipe"]:
            check(isinstance(a[key], str) and a[key] != "", f"root attribute {key} is a non-empty str")
        check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", a["creation_time"]) is not None,
              f"creation_time {a['creation_time']!r}")
        check(a["seed"] == 42 and a["seed"].dtype == np.uint64, f"seed {a['seed']!r}")
        check(a["replications"] == 1000, f"replications {a['replications']!r}")
        check(a["rng_recipe"].startswith("ARS-7"), "rng_recipe names ARS-7")

        # /meta
        m = f["/meta"].attrs
        check(m["scenario_name"] == "synthetic-test", "meta scenario_name")
        check(m["scenario_description"].endswith("ünïcödé"), "meta scenario_description is UTF-8 text")

        # /kpis: the catalogue (labels, groups joined by ';')
        k = pd.DataFrame(f["/kpis"][()])
        check(list(k.columns) == ["name", "unit", "description", "label", "groups"], f"/kpis columns {list(k.columns)}")
        for c in k.columns:
            k[c] = k[c].str.decode("utf-8")
        check(list(k.name) == KPIS and list(k.unit) == UNITS, "/kpis names and units in KPI order")
        check(list(k.label) == ["starters", "", "dropout share ✓"], f"/kpis labels {list(k.label)}")
        check(list(k.groups) == ["headline;steering", "steering", ""], f"/kpis groups {list(k.groups)}")
        check(k.set_index("name").groups.str.split(";").loc["starters"] == ["headline", "steering"],
              "groups split at ';'")
        check(list(m["command_line"]) == ["sibsim", "run", "scenarios/synthetic test.yaml", "--seed", "42"],
              f"meta command_line {m['command_line']!r}")
        check(m["replications_requested"] == 1000 and m["seed"] == 42, "meta replications_requested/seed")
        check(m["start_time"] == "2025-01-02T03:04:05Z", "meta start_time")
        yaml = f["/meta/scenario_yaml_resolved"].asstr()[()]
        check("ünïcödé ✓" in yaml and yaml.startswith("name: synthetic-test"), "resolved YAML is UTF-8 text")

        # /replications
        ds = f["/replications"]
        check(ds.shape == (1000,), f"replications shape {ds.shape}")
        check(ds.maxshape == (None,), f"replications maxshape {ds.maxshape}")
        check(ds.chunks is not None, "replications is chunked")
        if h5py.h5z.filter_avail(h5py.h5z.FILTER_DEFLATE):
            check(ds.compression == "gzip" and ds.shuffle, f"compression {ds.compression} shuffle {ds.shuffle}")
        check(list(ds.dtype.names) == ["replication"] + KPIS, f"replications fields {ds.dtype.names}")
        check(ds.dtype["replication"] == np.dtype("<u8"), "replication is uint64")
        for k in KPIS:
            check(ds.dtype[k] == np.dtype("<f8"), f"{k} is float64")
        units = list(ds.attrs["units"])
        check(units == [""] + UNITS, f"units attribute {units!r}")
        check(len(ds.attrs["descriptions"]) == 4, "descriptions attribute has one entry per field")
        check("\"early\"" in ds.attrs["descriptions"][3], "descriptions keep quotes")
        df = pd.DataFrame(ds[()])
        check((df["replication"].to_numpy() == np.arange(1000)).all(), "replication column is 0..999")
        check(int(df["dropout_share"].isna().sum()) == 11, "11 undefined dropout shares")

        # /summary: every statistic recomputed from /replications with pandas/numpy.
        s = pd.DataFrame(f["/summary"][()])
        check(list(s.columns) == SUMMARY_FIELDS, f"summary fields {list(s.columns)}")
        check(f["/summary"].dtype["name"].kind == "S", "summary name is a fixed-length string")
        s["name"] = s["name"].str.decode("utf-8")
        s["unit"] = s["unit"].str.decode("utf-8")
        check(list(s["name"]) == KPIS and list(s["unit"]) == UNITS, "summary names/units")
        sa = f["/summary"].attrs
        check(sa["replications"] == 1000 and sa["seed"] == 42 and sa["threads_used"] == 2, "summary attributes")
        check(sa["wall_seconds"] == 1.25 and sa["target_reached"] == 0, "summary wall_seconds/target_reached")
        for _, row in s.iterrows():
            col = df[row["name"]]
            vals = col.dropna().to_numpy()
            k = row["name"]
            check(row["n"] == col.count(), f"{k}: n")
            check(row["n_undefined"] == col.isna().sum(), f"{k}: n_undefined")
            check(close(row["mean"], col.mean()), f"{k}: mean {row['mean']} vs pandas {col.mean()}")
            check(close(row["sd"], col.std(ddof=1)), f"{k}: sd")
            check(close(row["se"], col.std(ddof=1) / math.sqrt(col.count())), f"{k}: se")
            check(row["ci_low"] < row["mean"] < row["ci_high"], f"{k}: CI brackets the mean")
            check(row["min"] == vals.min() and row["max"] == vals.max(), f"{k}: min/max exact")
            for p in [5, 25, 50, 75, 95]:
                check(close(row[f"p{p}"], np.percentile(vals, p)), f"{k}: p{p}")
            check(close(row["sum"], vals.sum()), f"{k}: sum")
            check(close(row["sum_squares"], (vals * vals).sum()), f"{k}: sum_squares")

        # /timeseries and /funnel
        g = f["/timeseries/cumulative_starters"]
        check(g.attrs["time_kind"] == "date" and g.attrs["unit"] == "persons", "time series attributes")
        t = g["time"].asstr()[()]
        bands = pd.DataFrame(g["bands"][()], index=pd.to_datetime(t))
        check(list(bands.columns) == ["p5", "p25", "p50", "p75", "p95", "mean"], "band fields")
        check(len(bands) == 12 and str(bands.index[0].date()) == "2016-01-01", "12 monthly points")
        check((bands["p5"] <= bands["p50"]).all() and (bands["p50"] <= bands["p95"]).all(), "bands ordered")
        stages = pd.DataFrame(f["/funnel/stages"][()])
        check([x.decode() for x in stages["name"]] == ["eligible", "approached", "started"], "funnel stages")
        check(list(stages["median"]) == [180, 120, 55], "funnel medians")
        check(len(f["/funnel/reasons"]) == 3, "funnel reasons")

        # /persons: the audit sample (values follow from the row index, see synthetic_results.hpp)
        ds = f["/persons"]
        check(ds.shape == (20000,) and ds.maxshape == (None,), f"/persons shape {ds.shape}")
        check(list(ds.dtype.names) == ["person_id", "replication", "female", "outcome", "started"],
              f"/persons fields {ds.dtype.names}")
        check(ds.dtype["person_id"] == np.uint64 and ds.dtype["female"] == np.uint8
              and ds.dtype["started"] == np.float64 and ds.dtype["outcome"].kind == "S",
              "/persons field types")
        check(list(ds.attrs["units"]) == ["", "", "", "", "days since 1970-01-01"], "/persons units")
        check(len(ds.attrs["descriptions"]) == 5, "/persons descriptions")
        check(ds.attrs["replications_complete"] == 2, "/persons replications_complete")
        p = pd.DataFrame(ds[()])
        p["outcome"] = p["outcome"].str.decode("utf-8")
        i = np.arange(20000, dtype=np.uint64)
        check(np.array_equal(p["person_id"].to_numpy(), 7 * i + 1), "/persons person_id")
        check(np.array_equal(p["replication"].to_numpy(), i // 8000), "/persons replication")
        check(np.array_equal(p["female"].to_numpy(), (i % 3 == 0).astype(np.uint8)), "/persons female")
        names = np.array(["started", "transfer", "not_approached"])[i % 3]
        check((p["outcome"].to_numpy() == names).all(), "/persons outcome strings")
        expected = np.where(i % 3 == 0, 17000.0 + i / 2, np.nan)
        check(np.array_equal(p["started"].to_numpy(), expected, equal_nan=True), "/persons started (NaN kept)")
        dates = pd.to_datetime(p["started"], unit="D")
        check(str(dates[0].date()) == "2016-07-18" and pd.isna(dates[1]), "/persons days -> dates")

    # pandas.read_hdf (needs PyTables) reads the compound tables directly.
    try:
        import tables  # noqa: F401
    except ImportError:
        print("note: PyTables not installed, pandas.read_hdf check skipped")
    else:
        r = pd.read_hdf(path, "/replications")
        check(r.shape == (1000, 4), f"read_hdf /replications shape {r.shape}")

    # The CSV export holds exactly the same numbers (shortest round-trip text). pandas' default
    # float parser may be off by one ulp: exact reading needs float_precision="round_trip".
    rc = pd.read_csv(f"{csv_dir}/replications.csv", float_precision="round_trip")
    check(list(rc.columns) == ["replication"] + KPIS, "replications.csv header")
    check(np.array_equal(rc["replication"].to_numpy(), df["replication"].to_numpy()), "replications.csv index")
    for k in KPIS:
        check(np.array_equal(rc[k].to_numpy(np.float64), df[k].to_numpy(np.float64), equal_nan=True),
              f"replications.csv {k} equals /replications exactly (NaN in the same places)")
    sc = pd.read_csv(f"{csv_dir}/summary.csv", float_precision="round_trip")
    check(list(sc.columns) == ["name", "unit", "description"] + SUMMARY_FIELDS[2:], "summary.csv header")
    check(list(sc["name"]) == KPIS, "summary.csv names")
    check(sc["description"][2].count('"early"') == 1, "summary.csv description unquoted by pandas")
    for c in SUMMARY_FIELDS[2:]:
        check(np.array_equal(sc[c].to_numpy(np.float64), s[c].to_numpy(np.float64), equal_nan=True),
              f"summary.csv {c} equals /summary exactly")

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print(f"all checks passed: {path} and {csv_dir} (h5py {h5py.__version__}, pandas {pd.__version__})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
