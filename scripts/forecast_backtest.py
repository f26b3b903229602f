#!/usr/bin/python3
"""Back-test of `sibsim forecast` (issue 19): is its 90 % predictive interval calibrated?

Synthetic SIBs are simulated from known parameters: replication r of `sibsim run SCENARIO
--persons` with a truth seed is one SIB, its sites' rates drawn from the scenario's prior (the
Poisson-Gamma model). Each is cut at months 6, 9 and 12 after the start of recruitment: its
recorded counts per site and month before the cut become an observed-data file, `sibsim forecast
--as-of <cut>` forecasts the starters by the deadline (another seed), and the truth, the SIB's own
starters by the deadline, is compared with the forecast's 90 % interval [p5, p95]. Over many SIBs
the interval should cover the truth close to 90 % of the time (somewhat more is expected: the
counts are whole numbers and an interval includes its ends).

usage: forecast_backtest.py --sibsim PATH --scenario FILE [--truths 100] [--cuts 6,9,12]
                            [--reps 500] [--work DIR] [--markdown FILE] [--min-coverage 0.8]
Prints one line per cut (covered / truths, the share with its 95 % Wilson interval, the mean
interval width) and exits 1 if a cut's coverage is below --min-coverage or above --max-coverage.
Needs h5py and numpy (/usr/bin/python3 on Debian).
"""
import argparse
import datetime as dt
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

EPOCH = dt.date(1970, 1, 1)


def month_of(day):
    d = EPOCH + dt.timedelta(days=int(math.floor(day)))
    return (d.year, d.month)


def add_months(ym, k):
    y, m = ym
    m0 = y * 12 + (m - 1) + k
    return (m0 // 12, m0 % 12 + 1)


def ym_text(ym):
    return f"{ym[0]:04}-{ym[1]:02}"


def wilson(k, n, z=1.96):
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (c - h, c + h)


def truths(args, work):
    """The synthetic SIBs: their persons, site names and first month (the scenario's start)."""
    out = os.path.join(work, "truths.h5")
    r = subprocess.run([args.sibsim, "run", args.scenario, "--reps", str(args.truths), "--seed",
                        str(args.truth_seed), "--persons", "1000000", "--no-report", "-q", "--out", out],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"sibsim run failed: {r.stderr}")
    with h5py.File(out, "r") as f:
        persons = f["/persons"][:]
        complete = int(f["/persons"].attrs.get("replications_complete", args.truths))
        series = f["/series_summary"][:]
    dates = sorted({d.decode() for d in series["date"]})
    start = dt.date.fromisoformat(dates[0])
    sites = {}
    for i, name in zip(persons["prison"], persons["prison_name"]):
        sites[int(i)] = name.decode()
    names = [sites[i] for i in sorted(sites)]
    return persons, names, (start.year, start.month), complete


def observed_file(path, persons, names, first, cut):
    """The SIB's recorded counts per site and month before `cut` (a row for every site-month)."""
    counts = {}
    for col, field in (("eligible", "listed"), ("selected", "selected"), ("started", "started")):
        for site, day in zip(persons["prison_name"], persons[field]):
            if np.isfinite(day):
                ym = month_of(day)
                if ym < cut:
                    key = (ym, site.decode(), col)
                    counts[key] = counts.get(key, 0) + 1
    with open(path, "w") as fh:
        fh.write("month,site,eligible,selected,started\n")
        ym = first
        while ym < cut:
            for s in names:
                c = [counts.get((ym, s, col), 0) for col in ("eligible", "selected", "started")]
                name = f'"{s}"' if "," in s or '"' in s else s  # CSV quoting only where needed
                fh.write(f"{ym_text(ym)},{name},{c[0]},{c[1]},{c[2]}\n")
            ym = add_months(ym, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sibsim", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--truths", type=int, default=100)
    ap.add_argument("--cuts", default="6,9,12", help="months after the start of recruitment")
    ap.add_argument("--reps", type=int, default=500, help="futures per forecast")
    ap.add_argument("--truth-seed", type=int, default=20261206)
    ap.add_argument("--forecast-seed", type=int, default=7)
    ap.add_argument("--work", help="folder for the files (default: a temporary one)")
    ap.add_argument("--markdown", help="also write the table as Markdown to this file")
    ap.add_argument("--min-coverage", type=float, default=0.0)
    ap.add_argument("--max-coverage", type=float, default=1.0)
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="forecast-backtest-")
    os.makedirs(work, exist_ok=True)
    persons, names, first, complete = truths(args, work)
    reps = persons["replication"]
    rows, failed = [], False
    for cut_months in (int(x) for x in args.cuts.split(",")):
        cut = add_months(first, cut_months)
        covered, widths, below, above = 0, [], 0, 0
        for t in range(complete):
            mine = persons[reps == t]
            obs = os.path.join(work, f"observed-{t}-{cut_months}.csv")
            observed_file(obs, mine, names, first, cut)
            out = os.path.join(work, f"forecast-{t}-{cut_months}.h5")
            r = subprocess.run([args.sibsim, "forecast", args.scenario, "--observed", obs, "--as-of",
                                f"{ym_text(cut)}-01", "--reps", str(args.reps), "--seed", str(args.forecast_seed),
                                "--no-report", "-q", "--out", out], capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"sibsim forecast failed for truth {t}, cut {cut_months}: {r.stderr}")
            with h5py.File(out, "r") as f:
                q = f["/forecast/question"][0]
            deadline = (dt.date.fromisoformat(q["deadline_series_date"].decode()) - EPOCH).days
            truth = int(np.sum(mine["started"] < deadline))
            lo, hi = float(q["deadline_p5"]), float(q["deadline_p95"])
            covered += lo <= truth <= hi
            below += truth < lo
            above += truth > hi
            widths.append(hi - lo)
            os.remove(out)
            os.remove(obs)
        share = covered / complete
        ci = wilson(covered, complete)
        rows.append((cut_months, ym_text(cut), covered, complete, share, ci, below, above, float(np.mean(widths))))
        failed = failed or share < args.min_coverage or share > args.max_coverage
    head = ("| cut (months) | as of | covered | share | 95 % interval | truth below | truth above | "
            "mean width of the 90 % interval |\n|---|---|---|---|---|---|---|---|\n")
    lines = "".join(f"| {c} | {a}-01 | {k} / {n} | {s:.3f} | {ci[0]:.3f} .. {ci[1]:.3f} | {b} | {ab} | {w:.1f} |\n"
                    for c, a, k, n, s, ci, b, ab, w in rows)
    print(head + lines, end="")
    if args.markdown:
        with open(args.markdown, "w") as fh:
            fh.write(head + lines)
    if failed:
        print(f"coverage outside [{args.min_coverage}, {args.max_coverage}]")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
