#!/usr/bin/python3
"""What analysts read from sibsim's files (issue 17): the KPI catalogue, the compare file's
per-replication rows, the time series as long tables, the Sobol design in SALib's order.

usage: analyst_tables_test.py --sibsim PATH --source-dir DIR CASE
cases:
  kpis          `sibsim kpis [SCENARIO]` equals the /kpis of a run of that scenario (table, csv, json);
                the dated KPIs follow the scenario
  compare_rows  /compare/replications: each paired difference's mean and 95 % CI of /compare/kpis
                recomputed from the rows; /compare/series_* consistent with each other
  series_long   /series_replications equals the wide name@date columns of /replications; dates
                parse with the documented pd.to_datetime line; /series_summary equals /timeseries
  sobol_salib   a Sobol sweep's /design and /outcomes reordered as output/SCHEMA.md says, then the
                first-order and total indices recomputed with SALib's estimators match
                /sensitivity/sobol
  observed      run --observed: /observations holds every figure of the observations file with the
                simulated distribution (an exact figure's median is the KPI's own median; the same on
                1 and 2 threads), a dated figure names its series; the report shows them; a typo in
                the file is refused before anything runs
  compare_series  the compare report's "Over time": the base's fan with each variant's median over it,
                the variant's last median in words equal to /compare/series_summary
  provenance    /provenance: the scenario's labelled values with their KPIs (which exist in /kpis), in
                run and compare files; the report tags the figures that rest on assumptions and no others
Needs h5py, numpy and pandas (Debian's python3-h5py, python3-pandas); SALib is not needed.
"""

import argparse
import csv
import datetime
import io
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd

from cli_check import Failure, check  # this folder's shared helper (cli_check.py)

# The SIB model's dated KPI families (models/sib): series name -> KPI name prefix.
SIB_SERIES = {"cumulative_starters": "cum_started@", "caseload": "caseload@", "employed": "employed@",
              "employed_control": "employed_control@"}


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def frame(f, path):
    """A table as the SCHEMA's Python section reads it: string columns decoded."""
    df = pd.DataFrame(f[path][()])
    for c in df.columns[df.dtypes == object]:
        df[c] = df[c].str.decode("utf-8")
    return df


class Cli:
    def __init__(self, sibsim, source_dir):
        self.sibsim = sibsim
        self.source_dir = source_dir

    def scenario(self, name):
        return os.path.join(self.source_dir, "scenarios", name)

    def run(self, *args, cwd=None):
        return subprocess.run([self.sibsim, *args], cwd=cwd, capture_output=True, text=True, timeout=900)

    def ok(self, *args, cwd=None):
        r = self.run(*args, cwd=cwd)
        check(r.returncode == 0, "expected exit 0", r)
        return r


def file_kpis(path):
    with h5py.File(path, "r") as f:
        k = frame(f, "kpis")
    return [(r.name, r.unit, r.groups, r.label, r.description) for r in k.itertuples()]


def row_of(page, kpi):
    """The key-figures table row of a KPI: from its <tr> to its <code>name</code>."""
    end = page.find("<code>{}</code>".format(kpi))
    check(end >= 0, "the report has a row for {}".format(kpi))
    return page[page.rfind("<tr>", 0, end):end]


def case_provenance(cli, tmp):
    out = os.path.join(tmp, "run.h5")
    cli.ok("run", cli.scenario("wnd-2016-actual.yaml"), "--reps", "20", "-q", "--out", out, cwd=tmp)
    with h5py.File(out, "r") as f:
        check(list(f.attrs["format_version"]) == [1, 11], "format 1.11")
        prov = frame(f, "provenance")
        kpis = set(frame(f, "kpis")["name"])
    by_key = {r.key: r for r in prov.itertuples()}
    price = by_key.get("payment.price_per_work_month")
    check(price is not None and price.label == "assumption" and price.value == "1497",
          "the price per work-month is labelled an assumption with its value: {}".format(price))
    check("payout_total" in price.affects.split(";") and "investor_irr" in price.affects.split(";"),
          "the price moves the payout and the investors' return: {}".format(price.affects))
    check(by_key["payment.investment"].label == "sourced", "the investment is sourced (brief)")
    named = {k for r in prov.itertuples() for k in r.affects.split(";") if k}
    check(named <= kpis, "every KPI /provenance names is in /kpis: {}".format(sorted(named - kpis)))
    with open(os.path.join(tmp, "run.html"), encoding="utf-8") as fh:
        page = fh.read()
    check('<section id="provenance">' in page and "payment.saving_per_work_month" in page,
          "the run report lists the labelled values")
    for kpi in ("payout_total", "investor_irr", "government_net"):
        check('href="#provenance"' in row_of(page, kpi), "the figure {} is tagged as resting on assumptions".format(kpi))
    for kpi in ("started", "eligible"):
        check('href="#provenance"' not in row_of(page, kpi), "the figure {} rests on no labelled assumption".format(kpi))
    # A comparison carries its base scenario's labels; a model without labels writes none.
    cmp = os.path.join(tmp, "cmp.h5")
    cli.ok("compare", cli.scenario("wnd-2016-actual.yaml"), cli.scenario("wnd-recruit-18-months.yaml"),
           "--reps", "10", "-q", "--out", cmp, cwd=tmp)
    with h5py.File(cmp, "r") as f:
        check("provenance" in f and len(f["provenance"]) == len(prov), "the compare file has the base's /provenance")
    with open(os.path.join(tmp, "cmp.html"), encoding="utf-8") as fh:
        check('<section id="provenance">' in fh.read(), "the compare report lists the labelled values")
    mmc = os.path.join(tmp, "mmc.h5")
    cli.ok("run", cli.scenario("mmc-queue.yaml"), "--reps", "3", "-q", "--out", mmc, cwd=tmp)
    with h5py.File(mmc, "r") as f:
        check("provenance" not in f, "no /provenance without labelled values")


def case_observed(cli, tmp):
    obs = os.path.join(cli.source_dir, "scenarios", "observations", "wnd-2016.yaml")
    tables = []
    for threads in ("1", "2"):
        out = os.path.join(tmp, "obs{}.h5".format(threads))
        cli.ok("run", cli.scenario("wnd-2016-actual.yaml"), "--reps", "60", "-q", "-t", threads, "--out", out,
               "--observed", obs, cwd=tmp)
        with h5py.File(out, "r") as f:
            tables.append(frame(f, "observations"))
            summary = frame(f, "summary").set_index("name")
    t = tables[0]
    check(t.equals(tables[1]), "/observations is the same on 1 and 2 threads")
    check(len(t) == 27 and list(t["name"])[:2] == ["unknown_reason", "transfer"],
          "one row per figure of the file, in its order: {}".format(list(t["name"])))
    row = t.set_index("name")
    # `started` is an exact figure: its simulated median is the KPI's median over the replications.
    check(abs(row.loc["started", "median"] - summary.loc["started", "p50"]) < 1e-9,
          "the exact figure's median {} equals /summary's {}".format(row.loc["started", "median"],
                                                                     summary.loc["started", "p50"]))
    check(row.loc["started", "role"] == "check" and row.loc["transfer", "role"] == "fit", "roles as in the file")
    dated = row.loc["started_by_february_2017"]
    check(dated["series"] == "cumulative_starters" and dated["date"] == "2017-02-01",
          "a dated KPI names its series and date: {} {}".format(dated["series"], dated["date"]))
    check(row.loc["transfer", "series"] == "", "an undated figure names no series")
    inside = (t["q05"] <= t["observed"]) & (t["observed"] <= t["q95"])
    not_range = t["sampling"] != "range"
    check(((t["inside_90"] == 1) == inside)[not_range].all(), "inside_90 says whether the figure is in [q05, q95]")
    with open(os.path.join(tmp, "obs1.html"), encoding="utf-8") as fh:
        page = fh.read()
    check('<section id="observed">' in page and "Started the programme" in page, "the report lists the figures")
    # A KPI the model does not have: refused before the run, nothing written.
    bad = os.path.join(tmp, "bad.yaml")
    with open(obs) as src, open(bad, "w") as dst:
        dst.write(src.read().replace("kpi: reason_transfer", "kpi: reason_transfers"))
    before = sorted(os.listdir(tmp))
    r = cli.run("run", cli.scenario("wnd-2016-actual.yaml"), "--reps", "5", "-q", "--out",
                os.path.join(tmp, "never.h5"), "--observed", bad, cwd=tmp)
    check(r.returncode == 2 and "reason_transfers" in r.stderr, "a KPI typo in --observed exits 2 naming it", r)
    check(sorted(os.listdir(tmp)) == before, "nothing is written for a refused --observed file")


def report_num(x):
    """A number as the reports' num() writes it in English: 0, 1 or 2 decimals for values from 100,
    10 or below, none when it rounds to a whole number; thousands separated by ','."""
    d = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2
    return "{:,.0f}".format(x) if round(x, d) == int(round(x, d)) else "{:,.{}f}".format(x, d)


def case_compare_series(cli, tmp):
    out = os.path.join(tmp, "cmp.h5")
    cli.ok("compare", cli.scenario("wnd-2016-actual.yaml"), cli.scenario("wnd-recruit-18-months.yaml"),
           cli.scenario("wnd-keep-addiction-exclusion.yaml"), "--reps", "20", "-q", "--out", out, cwd=tmp)
    with h5py.File(out, "r") as f:
        s = frame(f, "compare/series_summary")
    with open(os.path.join(tmp, "cmp.html"), encoding="utf-8") as fh:
        page = fh.read()
    start = page.find('<section id="over-time">')
    check(start >= 0, "the compare report has the section over time")
    section = page[start:page.find("</section>", start)]
    check("Cumulative starters" in section or "cumulative" in section.lower(), "the enrolment curves come first")
    for scenario, name in ((1, "wnd-recruit-18-months"), (2, "wnd-keep-addiction-exclusion")):
        rows = s[(s["scenario"] == scenario) & (s["series"] == "cumulative_starters") & (s["statistic"] == "p50")]
        last = rows.sort_values("date").iloc[-1]
        value = report_num(float(last["value"]))
        check("In {} the median is {} on".format(name, value) in section,
              "the variant {}'s last median {} is worded".format(name, last["value"]))
        # Its median is drawn as a line over the base's fan: every date's p50 in the chart's data.
        check('"line":{},'.format(scenario - 1) in section, "a line per variant in the chart")


def case_kpis(cli, tmp):
    for name, reps in (("mmc-queue.yaml", "3"), ("wnd-2016-actual.yaml", "2")):
        scen = cli.scenario(name)
        out = os.path.join(tmp, name + ".h5")
        cli.ok("run", scen, "--reps", reps, "--out", out, "-q", "--no-report")
        expected = file_kpis(out)
        r = cli.ok("kpis", scen, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(r.stdout, newline="")))
        got = [(x["name"], x["unit"], x["groups"], x["label"], x["description"]) for x in rows]
        check(got == expected, f"{name}: `kpis --format csv` lists the run file's /kpis ({len(expected)} KPIs)", r)
        r = cli.ok("kpis", scen, "--format", "json")
        items = json.loads(r.stdout)
        got = [(x["name"], x["unit"], ";".join(x["groups"]), x["label"], x["description"]) for x in items]
        check(got == expected, f"{name}: `kpis --format json` lists the run file's /kpis", r)
        r = cli.ok("kpis", scen)
        lines = r.stdout.splitlines()
        check(len(lines) == len(expected) + 2, f"{name}: the table has a title, a header and one line per KPI", r)
        header = lines[1]
        cols = [header.index(c) for c in ("unit", "groups", "description")]
        for line, k in zip(lines[2:], expected):
            check(line.startswith(k[0] + " ") and line[cols[0]:].startswith(k[1])
                  and line[cols[2]:] == k[4], f"{name}: aligned columns in line '{line}'", r)
    # Without a scenario: the default model's example, read from the repository.
    default = cli.ok("kpis", cwd=cli.source_dir)
    explicit = cli.ok("kpis", "scenarios/wnd-2016-actual.yaml", cwd=cli.source_dir)
    check(default.stdout == explicit.stdout, "`sibsim kpis` lists the example scenario's KPIs", default)
    r = cli.run("kpis", cwd=tmp)
    check(r.returncode == 2 and "name a scenario file" in r.stderr, "no example here: exit 2 and what to do", r)
    # The dated KPIs follow the scenario: 24 months of recruitment have later enrolment dates.
    dated = lambda out: {x.split(",")[0] for x in out.splitlines() if "@" in x.split(",")[0]}
    actual = dated(cli.ok("kpis", cli.scenario("wnd-2016-actual.yaml"), "--format", "csv").stdout)
    longer = dated(cli.ok("kpis", cli.scenario("wnd-recruit-24-months.yaml"), "--format", "csv").stdout)
    check(actual and longer and actual != longer, "the dated KPIs come from the scenario's own catalogue")
    r = cli.run("kpis", cli.scenario("mmc-queue.yaml"), "--format", "xml")
    check(r.returncode == 2, "--format xml: exit 2", r)


def case_compare_rows(cli, tmp):
    out = os.path.join(tmp, "cmp.h5")
    reps = 60
    cli.ok("compare", cli.scenario("wnd-2016-actual.yaml"), cli.scenario("wnd-strict-criteria.yaml"),
           cli.scenario("wnd-recruit-24-months.yaml"), "--reps", str(reps), "--seed", "11", "--out", out,
           "-q", "--no-report", "--series-rows")
    with h5py.File(out, "r") as f:
        rows, kpis = frame(f, "compare/replications"), frame(f, "compare/kpis")
        summary, long = frame(f, "compare/series_summary"), frame(f, "compare/series_replications")
        units = dict(zip(f["compare/replications"].dtype.names, f["compare/replications"].attrs["units"]))
    check(len(rows) == 3 * reps, "one row per scenario and replication")
    check(list(rows["scenario"]) == [s for s in range(3) for _ in range(reps)]
          and list(rows["replication"]) == list(range(reps)) * 3, "rows by scenario, then replication")
    check(units["started"] == "persons", "KPI columns carry their unit")
    check(len(kpis) > 0 and set(kpis["kpi"]) <= set(rows.columns), "every compared KPI has a column")
    for k in kpis.itertuples():
        # The documented pandas line: one column per scenario, paired by replication.
        wide = rows.pivot(index="replication", columns="scenario", values=k.kpi)
        d = (wide[k.scenario] - wide[0]).dropna()
        half = 1.96 * d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else 0.0
        where = f"{k.kpi} scenario {k.scenario}"
        check(len(d) == k.n, f"{where}: n = replications with both values defined")
        check(np.isclose(d.mean(), k.difference, rtol=1e-12, atol=1e-12), f"{where}: mean paired difference")
        check(np.isclose(d.mean() - half, k.ci_low, rtol=1e-9, atol=1e-12)
              and np.isclose(d.mean() + half, k.ci_high, rtol=1e-9, atol=1e-12), f"{where}: paired 95 % CI")
        check(np.isclose(wide[0].mean(), k.base_mean, rtol=1e-12) and
              np.isclose(wide[k.scenario].mean(), k.variant_mean, rtol=1e-12), f"{where}: the means")
    check((kpis["narrower_factor"] > 1).any(), "common random numbers narrow some interval (sanity)")
    # The long series: per scenario its own dates; their means and medians are /compare/series_summary.
    check(set(long["scenario"]) == {0, 1, 2} and set(long["series"]) <= set(SIB_SERIES), "series of every scenario")
    check(len(long) % reps == 0 and long.groupby("scenario").size().min() > 0, "every replication has its series")
    agg = long.groupby(["scenario", "series", "date"])["value"]
    for stat, values in (("mean", agg.mean()), ("p50", agg.median())):
        s = summary[summary["statistic"] == stat].set_index(["scenario", "series", "date"])["value"]
        check(s.index.sort_values().equals(values.index.sort_values()), f"{stat}: same (scenario, series, date)")
        check(np.allclose(s.sort_index(), values.sort_index(), rtol=1e-12, atol=1e-12, equal_nan=True),
              f"/compare/series_summary {stat} equals the long rows' {stat}")
    dates = long.groupby("scenario")["date"].max()
    check(dates[2] > dates[0], "24 months of recruitment: its enrolment series runs later")


def case_series_long(cli, tmp):
    out, plain = os.path.join(tmp, "run.h5"), os.path.join(tmp, "plain.h5")
    csv_dir = os.path.join(tmp, "csv")
    scen = cli.scenario("wnd-2016-actual.yaml")
    cli.ok("run", scen, "--reps", "40", "--seed", "5", "--out", out, "-q", "--no-report", "--series-rows",
           "--csv", csv_dir)
    cli.ok("run", scen, "--reps", "40", "--seed", "5", "--out", plain, "-q", "--no-report")
    with h5py.File(plain, "r") as f:
        check("series_replications" not in f and "series_summary" in f,
              "without --series-rows: only the small /series_summary")
    # The documented reading: PyTables decodes the strings, one pd.to_datetime call makes dates.
    long = pd.read_hdf(out, "/series_replications")
    long["date"] = pd.to_datetime(long["date"])
    check(str(long["date"].dtype) == "datetime64[ns]", "pd.to_datetime turns the date column into dates")
    with h5py.File(out, "r") as f:
        wide = pd.DataFrame(f["replications"][()]).set_index("replication")
        summary = frame(f, "series_summary")
        bands = {name: (f[f"timeseries/{name}/time"].asstr()[()], f[f"timeseries/{name}/bands"][()])
                 for name in f["timeseries"]}
        raw_dates = f["series_replications"]["date"]
    check(all(datetime.date.fromisoformat(d.decode()) for d in raw_dates), "every date is ISO YYYY-MM-DD")
    dated_columns = [c for c in wide.columns if any(c.startswith(p) for p in SIB_SERIES.values())]
    check(len(long) == len(wide) * len(dated_columns), "one row per replication and dated KPI")
    names = long["series"].map(SIB_SERIES) + long["date"].dt.strftime("%Y-%m-%d")
    expected = wide.to_numpy()[long["replication"].to_numpy(), [wide.columns.get_loc(n) for n in names]]
    check(np.array_equal(long["value"].to_numpy(), expected, equal_nan=True),
          "each long row equals its replication's name@date column in /replications")
    for name, (time, b) in bands.items():
        for stat in ("mean", "p5", "p50", "p95"):
            s = summary[(summary["series"] == name) & (summary["statistic"] == stat)]
            check(list(s["date"]) == list(time) and np.array_equal(s["value"].to_numpy(), b[stat], equal_nan=True),
                  f"/series_summary {name} {stat} equals /timeseries/{name}/bands")
    from_csv = pd.read_csv(os.path.join(csv_dir, "series_replications.csv"), float_precision="round_trip",
                           parse_dates=["date"])
    try:  # integer-valued columns come back from CSV as int64 (output/SCHEMA.md, CSV copies)
        pd.testing.assert_frame_equal(from_csv, long, check_dtype=False)
    except AssertionError as e:
        check(False, f"series_replications.csv holds the same table: {e}")


def salib_order(y, n, d):
    """output/SCHEMA.md's lines: sibsim's blocks [A, B, AB1..ABd] (n rows each) to SALib's order."""
    order = [0, *range(2, d + 2), 1]
    if y.ndim == 1:
        return y.reshape(d + 2, n)[order].T.ravel()
    return y.reshape(d + 2, n, d)[order].swapaxes(0, 1).reshape(-1, d)


# SALib 1.4's sobol.analyze with calc_second_order=False (SALib/analyze/sobol.py), without the CIs.
def salib_separate(Y, D):
    step = D + 2
    A, B = Y[0::step], Y[step - 1::step]
    AB = np.column_stack([Y[j + 1::step] for j in range(D)])
    return A, B, AB


def salib_first_order(A, AB, B):
    return np.mean(B * (AB - A), axis=0) / np.var(np.r_[A, B], axis=0)


def salib_total_order(A, AB, B):
    return 0.5 * np.mean((A - AB) ** 2, axis=0) / np.var(np.r_[A, B], axis=0)


def case_sobol_salib(cli, tmp):
    out = os.path.join(tmp, "sobol.h5")
    sweep = os.path.join(cli.source_dir, "tests", "data", "sweeps", "sobol-mmc.yaml")
    cli.ok("sweep", sweep, "--out", out, "-q", "--no-report")
    with h5py.File(out, "r") as f:
        design, outcomes, sobol = frame(f, "design"), frame(f, "outcomes"), frame(f, "sensitivity/sobol")
        params = [text(p) for p in frame(f, "design_parameters")["path"]]
    d = len(params)
    n = len(design) // (d + 2)
    check(n == 16 and list(design["point"]) == list(range(len(design))), "points 0 .. N(D+2)-1 in order")
    roles = ["sobol:A", "sobol:B"] + [f"sobol:AB{i}" for i in range(1, d + 1)]
    check(list(design["role"]) == [r for r in roles for _ in range(n)], "blocks A, B, AB1..ABD of N rows each")
    x = salib_order(design[params].to_numpy(), n, d)
    for j in range(d):  # SALib's rows: A, then AB_j = A with column j from B, then B
        check(np.array_equal(x[j + 1::d + 2, np.arange(d) != j], x[0::d + 2, np.arange(d) != j])
              and np.array_equal(x[j + 1::d + 2, j], x[d + 1::d + 2, j]), f"reordered X: AB{j + 1} rows")
    merged = design.merge(outcomes, on="point")
    for kpi in sorted(set(sobol["kpi"])):
        y = salib_order(merged[kpi].to_numpy(), n, d)
        A, B, AB = salib_separate((y - y.mean()) / y.std(), d)  # as SALib normalises
        s1, st = salib_first_order(A[:, None], AB, B[:, None]), salib_total_order(A[:, None], AB, B[:, None])
        rows = sobol[sobol["kpi"] == kpi].set_index("parameter").loc[params]
        check(np.allclose(rows["total"], st, rtol=1e-9, atol=1e-12), f"{kpi}: total indices = SALib's ST")
        # sibsim centres B on the mean of A and B, SALib on the mean of all outputs: S1 differs by
        # (mean(all) - mean(A, B)) * mean(AB_i - A) / var(A, B), zero in expectation.
        a, b, ab = salib_separate(y, d)
        shift = (y.mean() - np.r_[a, b].mean()) * np.mean(ab - a[:, None], axis=0) / np.var(np.r_[a, b])
        check(np.allclose(rows["first"], s1 + shift, rtol=1e-9, atol=1e-12),
              f"{kpi}: first-order indices = SALib's S1 up to the documented centring term")
        check(np.all(np.abs(shift) < 0.05), f"{kpi}: the centring term is small: {shift}")
    check(sobol[sobol["kpi"] == "wait_in_queue"].set_index("parameter")["total"].max() > 0.1,
          "some parameter matters for the wait (sanity)")


CASES = {"kpis": case_kpis, "provenance": case_provenance, "observed": case_observed,
         "compare_series": case_compare_series, "compare_rows": case_compare_rows, "series_long": case_series_long,
         "sobol_salib": case_sobol_salib}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sibsim", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("case", choices=sorted(CASES))
    args = parser.parse_args()
    cli = Cli(os.path.abspath(args.sibsim), os.path.abspath(args.source_dir))
    with tempfile.TemporaryDirectory() as tmp:
        try:
            CASES[args.case](cli, tmp)
        except Failure as e:
            print("FAIL:", e)
            return 1
    print("ok:", args.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
