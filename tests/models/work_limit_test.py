#!/usr/bin/python3
"""Issue 13, classes 5 and 6 through the command line (label models).

Class 5, bounded work: run, compare, sweep (per point and in total) and feasibility refuse
expected persons x replications above --max-person-replications with exit 2 before anything
runs, naming the numbers, the limit and the flag, and leave no results file; a raised limit runs.
Class 6, validate and run agree: the longest recruitment the schema accepts (10 years, the
longest report_months_after_end) validates and runs one replication to exit 0 with a results
file (decades of recruitment used to pass validate and fail writing the file).

Usage: work_limit_test.py --sibsim PATH --source-dir DIR CASE
"""

import argparse
import os
import subprocess
import sys
import tempfile

FLAG = "--max-person-replications"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sibsim", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("case")
    a = ap.parse_args()
    scen = os.path.join(a.source_dir, "scenarios")
    wnd = os.path.join(scen, "wnd-2016-actual.yaml")
    failures = []

    def run(*args):
        return subprocess.run([a.sibsim, *args], capture_output=True, text=True, timeout=600)

    def check(ok, what, r=None):
        if not ok:
            failures.append(what + ("" if r is None else f"\n  exit {r.returncode}\n  stderr: {r.stderr.strip()}"))

    def refused(r, out, *fragments):
        check(r.returncode == 2, "exit 2", r)
        check(r.stderr.count("\n") == 1, "a one-line error", r)
        for f in (FLAG, "person-replications", "above the limit") + fragments:
            check(f in r.stderr, f"message names '{f}'", r)
        check(not os.path.exists(out), f"no results file {out}")

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.h5")
        common = ["-q", "--no-report", "-o", out]
        if a.case == "run":
            # wnd-2016-actual draws ~1,320 detainees per replication: 100 replications ~1.3e5.
            r = run("run", wnd, "-n", "100", FLAG, "1e5", *common)
            refused(r, out, "wnd-2016-actual", "100 replications", "1e+05")
            r = run("run", wnd, "-n", "100", FLAG, "1e6", *common)
            check(r.returncode == 0 and os.path.exists(out), "a raised limit runs", r)
            r = run("run", wnd, "-n", "2", FLAG, "0", *common)
            check(r.returncode == 2 and FLAG in r.stderr, "a limit of 0 is refused", r)
        elif a.case == "precision":
            # A precision target that is never reached stops within the limit (1e6 / ~1,320 per
            # replication: at most ~757 replications), says so, and writes its results.
            r = run("run", wnd, "-n", "100", "--precision-kpi", "started", "--precision", "1e-6", FLAG, "1e6",
                    *common)
            check(r.returncode == 0 and os.path.exists(out), "a capped precision run writes its results", r)
            check("precision target NOT reached" in r.stderr, "and warns that the target was not reached", r)
            if os.path.exists(out):
                import h5py
                with h5py.File(out, "r") as h5:
                    n = h5["replications"].shape[0]
                check(100 < n <= 760, f"stopped within the limit ({n} replications)")
        elif a.case == "default_limit":
            # The default (2e9) refuses a typo-sized run of the all-leavers national benchmark
            # (1.8e5 per replication).
            bench = os.path.join(os.path.dirname(scen), "benchmarks", "national-all-leavers.yaml")
            r = run("run", bench, "-n", "100000", *common)
            refused(r, out, "national-all-leavers", "2e+09")
        elif a.case == "compare":
            other = os.path.join(scen, "wnd-phone-for-all.yaml")
            r = run("compare", wnd, other, "-n", "100", FLAG, "2e5", *common)
            refused(r, out, "Comparing 2 scenarios")
        elif a.case == "sweep":
            sweep = os.path.join(scen, "sweeps", "recruitment-and-criteria.yaml")
            r = run("sweep", sweep, FLAG, "1e5", *common)  # one point: 1,320 x 100 = 1.3e5
            refused(r, out, "point 0")
            r = run("sweep", sweep, FLAG, "1e6", *common)  # every point fits, the 12 together not
            refused(r, out, "The whole design", "12 points")
        elif a.case == "feasibility":
            r = run("feasibility", wnd, "--param", "recruitment.end", "--from", "2017-02-01", "--to",
                    "2017-08-01", "--step", "1m", "--kpi", "started", "--target", "50", FLAG, "1e5",
                    *common)
            refused(r, out, "candidate")
        elif a.case == "longest_recruitment":
            path = os.path.join(tmp, "longest.yaml")
            with open(path, "w") as f:
                f.write(f"extends: {wnd}\nname: longest\nreport_months_after_end: 60\n"
                        "recruitment:\n  end: 2026-05-01\n")
            r = run("validate", path)
            check(r.returncode == 0, "10 years of recruitment validate", r)
            r = run("run", path, "-n", "1", *common)
            check(r.returncode == 0 and os.path.exists(out), "and run one replication to exit 0", r)
            with open(path, "a") as f:
                f.write("  start: 2016-04-01\n")  # 10 years and a month
            r = run("validate", path)
            check(r.returncode == 2 and "at most 10 years" in r.stderr, "a longer one is refused", r)
        else:
            failures.append(f"unknown case {a.case}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
