#!/usr/bin/python3
"""Tests of `sibsim sweep`, `sibsim feasibility` and `sibsim compare` results files.

usage: sweep_test.py --sibsim PATH --source-dir DIR [--mpiexec PATH] CASE
cases:
  null         values: [2016-09-01, null] on a dropped_from: the null point equals the keep scenario
               (also part of grid)
  grid         a 2 x 2 grid: /design, /outcomes, /outcomes_replications; every point equals a
               `sibsim run` of the same scenario written by hand (extends + the point's values)
  oat          one-at-a-time design: /sensitivity/oat matches /outcomes at the low/high points
  sobol        Saltelli design: N(k+2) points, /sensitivity/sobol with one row per parameter
  resume       kill -9 a sweep at a random moment (twice), --resume: tables bitwise identical
  mpi          mpiexec -n 2 and -n 3 (oversubscribed) sweeps, and a -n 3 run, bitwise identical to 1 process
  feasibility  a search over recruitment.end: answer consistent with its probes, report written
  compare      kind=compare file: paired CIs narrower than independent ones
  bad          every tests/data/bad-sweeps file: exit 2, one-line message with file:line, no output
"""
import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(argv, timeout=900, env=None):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    if r.returncode != 0:
        print("command failed:", " ".join(argv), "\n", r.stdout[-3000:], r.stderr[-3000:])
    return r


def table(path, name):
    with h5py.File(path, "r") as f:
        return f[name][()]


def tables_bytes(path):
    """Every dataset outside /meta as raw bytes (NaNs compare bitwise)."""
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and not name.startswith("meta"):
                data = np.asarray(obj[()])
                found[name] = (data.dtype.str, data.shape, data.tobytes())
        f.visititems(visit)
    return found


def sweep_file(args, name):
    return os.path.join(args.source_dir, "tests", "data", "sweeps", name)


def case_grid(args, tmp):
    out = os.path.join(tmp, "grid.h5")
    csv_dir = os.path.join(tmp, "csv")
    r = run([args.sibsim, "sweep", sweep_file(args, "grid-small.yaml"), "--out", out, "-q", "--csv", csv_dir])
    check(r.returncode == 0, "grid sweep exits 0")
    if r.returncode:
        return
    import pandas as pd
    check(sorted(os.listdir(csv_dir)) == ["design.csv", "design_parameters.csv", "outcome_measures.csv",
                                          "outcomes.csv", "outcomes_replications.csv"], f"--csv: one file per table: {os.listdir(csv_dir)}")
    for name in ("design", "outcomes", "outcomes_replications"):
        from_h5 = pd.DataFrame(table(out, name))
        from_csv = pd.read_csv(os.path.join(csv_dir, name + ".csv"), float_precision="round_trip")
        check(list(from_csv.columns) == list(from_h5.columns), f"{name}.csv has the HDF5 table's columns")
        for col in from_h5.columns:
            a = from_h5[col]
            if a.dtype.kind == "S":
                a = a.str.decode("utf-8")
                check(list(a) == list(from_csv[col].astype(str)), f"{name}.csv column {col} equals HDF5")
            elif a.dtype.kind == "f":
                check(np.array_equal(a.to_numpy(), from_csv[col].to_numpy(dtype=float), equal_nan=True),
                      f"{name}.csv column {col} equals HDF5 exactly (shortest round-trip numbers)")
    check(os.path.exists(out.replace(".h5", ".html")), "sweep writes its HTML report")
    check(not os.path.exists(out + ".checkpoint"), "checkpoint removed after the sweep")
    with h5py.File(out, "r") as f:
        check(f.attrs["kind"] in (b"sweep", "sweep"), "root attribute kind = sweep")
        design, outcomes, reps = f["design"][()], f["outcomes"][()], f["outcomes_replications"][()]
    check(len(design) == 4 and len(outcomes) == 4, "4 design points and 4 outcome rows")
    check(len(reps) == 4 * 40, "one replication row per point and replication")
    ends = [v.decode() if isinstance(v, bytes) else v for v in design["recruitment.end"]]
    check(ends == ["2017-08-01", "2017-08-01", "2018-02-01", "2018-02-01"], f"grid order, last parameter fastest: {ends}")
    check(list(design["criteria.addiction_psychiatric.active"]) == [1, 0, 1, 0], "boolean column as 0/1")
    for col in ("investor_loss_probability", "threshold_probability", "government_cost_per_true_extra_month",
                "payout_total", "started:se", "started:p95"):
        check(col in outcomes.dtype.names, f"/outcomes has column {col}")
    # Longer recruitment -> more starters (same persons: common random numbers).
    check(outcomes["started"][2] > outcomes["started"][0], "recruiting 6 months longer gives more starters")
    # Each point equals a plain run of the same scenario, written by hand.
    base = os.path.join(args.source_dir, "scenarios", "wnd-2016-actual.yaml")
    for p in (1, 2):
        scen = os.path.join(tmp, f"point{p}.yaml")
        active = "true" if design["criteria.addiction_psychiatric.active"][p] else "false"
        with open(scen, "w") as fh:
            fh.write(f"extends: {base}\nrecruitment:\n  end: {ends[p]}\n"
                     f"criteria:\n  addiction_psychiatric: {{active: {active}}}\n")
        single = os.path.join(tmp, f"point{p}.h5")
        r = run([args.sibsim, "run", scen, "--reps", "40", "--seed", "3", "--out", single, "-q", "--no-report"])
        check(r.returncode == 0, f"run of point {p} exits 0")
        if r.returncode:
            continue
        with h5py.File(single, "r") as f:
            rows = f["replications"][()]
        for kpi in ("started", "dropout_share", "extra_work_months_true"):
            sweep_vals = reps[reps["point"] == p][kpi]
            check(np.array_equal(sweep_vals, rows[kpi], equal_nan=True),
                  f"point {p}: {kpi} per replication equals `sibsim run` of the same scenario")
    r = run([args.sibsim, "sweep", sweep_file(args, "grid-small.yaml"), "--list"])
    check(r.returncode == 0 and r.stdout.count("\n") == 5, "--list prints a header and 4 points")
    case_null(args, tmp)


def case_null(args, tmp):
    """`values: [2016-09-01, null]` on a criterion's dropped_from: the null point never drops it,
    so it runs exactly scenarios/wnd-keep-addiction-exclusion.yaml (the base with dropped_from: null;
    common random numbers: the same seed and replications give the same persons)."""
    base = os.path.join(args.source_dir, "scenarios", "wnd-2016-actual.yaml")
    spec = os.path.join(tmp, "null.yaml")
    with open(spec, "w") as fh:
        fh.write(f"base: {base}\ndesign: grid\nreplications: 50\nseed: 5\nkpis: [started]\nparameters:\n"
                 "  - path: criteria.addiction_psychiatric.dropped_from\n    values: [2016-09-01, null]\n")
    out = os.path.join(tmp, "null.h5")
    r = run([args.sibsim, "sweep", spec, "--out", out, "-q"])
    check(r.returncode == 0, "sweep with a null value exits 0")
    if r.returncode:
        return
    design, outcomes = table(out, "design"), table(out, "outcomes")
    dropped = [v.decode() for v in design["criteria.addiction_psychiatric.dropped_from"]]
    check(dropped == ["2016-09-01", ""], f"/design: a date column, null as an empty string: {dropped}")
    kinds = [v.decode() for v in table(out, "design_parameters")["kind"]]
    check(kinds == ["date"], f"null is not a kind: {kinds}")
    check(outcomes["started"][1] < outcomes["started"][0], "keeping the exclusion gives fewer starters")
    with open(out.replace(".h5", ".html"), encoding="utf-8") as fh:
        # The parameter by its lever label ("... - dropped from"), the null value as none.
        check("dropped from = none" in fh.read(), "the report shows the null value as none")
    keep = os.path.join(args.source_dir, "scenarios", "wnd-keep-addiction-exclusion.yaml")
    single = os.path.join(tmp, "keep.h5")
    r = run([args.sibsim, "run", keep, "--reps", "50", "--seed", "5", "--out", single, "-q", "--no-report"])
    check(r.returncode == 0, "run of wnd-keep-addiction-exclusion exits 0")
    if r.returncode == 0:
        reps = table(out, "outcomes_replications")
        check(np.array_equal(reps[reps["point"] == 1]["started"], table(single, "replications")["started"]),
              "the null point's starters per replication equal `sibsim run` of wnd-keep-addiction-exclusion")


def case_oat(args, tmp):
    out = os.path.join(tmp, "oat.h5")
    r = run([args.sibsim, "sweep", sweep_file(args, "oat-small.yaml"), "--out", out, "-q"])
    check(r.returncode == 0, "oat sweep exits 0")
    if r.returncode:
        return
    design, outcomes, oat = table(out, "design"), table(out, "outcomes"), table(out, "sensitivity/oat")
    roles = [v.decode() for v in design["role"]]
    check(len(design) == 5 and roles[0] == "oat:base", f"oat: base + 2 per parameter: {roles}")
    kpis = sorted({r["kpi"].decode() for r in oat})
    check({"started", "payout_total"} <= set(kpis), f"tornado rows for the sweep file's KPIs: {kpis}")
    check(len(oat) == 2 * len(kpis), "one tornado row per KPI and parameter")
    for row in oat:
        kpi, par = row["kpi"].decode(), row["parameter"].decode()
        lo, hi = roles.index(f"oat:low:{par}"), roles.index(f"oat:high:{par}")
        check(row["at_low"] == outcomes[kpi][lo] and row["at_high"] == outcomes[kpi][hi]
              and row["base"] == outcomes[kpi][0], f"tornado row {kpi}/{par} matches /outcomes")
    price = [r for r in oat if r["kpi"] == b"payout_total" and r["parameter"] == b"payment.price_per_work_month"][0]
    check(price["at_high"] >= price["at_low"], "a higher price per work-month never lowers the payout")
    starters = [r for r in oat if r["kpi"] == b"started" and r["parameter"] == b"payment.price_per_work_month"][0]
    check(starters["at_low"] == starters["base"] == starters["at_high"], "the price does not change who starts")


def case_sobol(args, tmp):
    out = os.path.join(tmp, "sobol.h5")
    r = run([args.sibsim, "sweep", sweep_file(args, "sobol-small.yaml"), "--out", out, "-q"])
    check(r.returncode == 0, "sobol sweep exits 0")
    if r.returncode:
        return
    design, sobol = table(out, "design"), table(out, "sensitivity/sobol")
    check(len(design) == 8 * (2 + 2), "Saltelli design has N(k+2) points")
    started = sobol[sobol["kpi"] == b"started"]
    check(len(started) == 2, "one Sobol row per parameter for starters")
    by_par = {row["parameter"].decode(): row for row in started}
    # The payment threshold cannot change who starts: its total index is exactly 0.
    check(by_par["payment.threshold_share"]["total"] == 0.0, "threshold share has no effect on starters")
    check(by_par["recruitment.change_of_mind_rate"]["total"] > 0.5, "change of mind drives starters")


def sweep_cmd(args, out, *extra, name="grid-small.yaml"):
    return [args.sibsim, "sweep", sweep_file(args, name), "--out", out, "-q", "--no-report", *extra]


def case_resume(args, tmp):
    ref = os.path.join(tmp, "ref.h5")
    started = time.time()
    r = run(sweep_cmd(args, ref, "--reps", "600", "--threads", "1"))
    duration = time.time() - started
    check(r.returncode == 0, "reference sweep exits 0")
    reference = tables_bytes(ref)
    rng = random.Random()
    for round_ in range(3):
        out = os.path.join(tmp, f"killed{round_}.h5")
        proc = subprocess.Popen(sweep_cmd(args, out, "--reps", "600", "--threads", "1"), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while not os.path.exists(out + ".checkpoint") and time.time() < deadline and proc.poll() is None:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.9 * duration))  # a random moment of the run
        proc.send_signal(signal.SIGKILL)
        finished = proc.wait() == 0
        print(f"round {round_}: {'finished before the kill' if finished else 'killed'}; "
              f"results file exists: {os.path.exists(out)}")
        if not finished:
            check(not os.path.exists(out), f"round {round_}: a killed sweep leaves no results file")
            # Records: 16-byte head, 600 rows of 7 KPIs (3 listed + 4 always recorded), 8-byte checksum.
            size = os.path.getsize(out + ".checkpoint") if os.path.exists(out + ".checkpoint") else 0
            print(f"round {round_}: {max(0, size - 64) // (24 + 600 * 7 * 8)} of 4 points in the checkpoint")
        r = run(sweep_cmd(args, out, "--reps", "600", "--resume"))
        check(r.returncode == 0, f"round {round_}: --resume exits 0")
        check(not os.path.exists(out + ".checkpoint"), f"round {round_}: checkpoint removed")
        if r.returncode == 0:
            check(tables_bytes(out) == reference, f"round {round_}: resumed sweep bitwise identical to uninterrupted")
    # A checkpoint of another sweep is refused, naming what differs.
    other = os.path.join(tmp, "other.h5")
    proc = subprocess.Popen(sweep_cmd(args, other, "--reps", "60"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not os.path.exists(other + ".checkpoint") and time.time() < deadline and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    r = run(sweep_cmd(args, other, "--reps", "60", "--seed", "99", "--resume"))
    check(r.returncode == 2 and "different sweep" in r.stderr and "seed" in r.stderr,
          f"mismatching checkpoint refused (exit {r.returncode}): {r.stderr.strip()}")


def case_mpi(args, tmp):
    if not args.mpiexec:
        check(False, "--mpiexec not given")
        return
    ref = os.path.join(tmp, "one.h5")
    r = run(sweep_cmd(args, ref, "--threads", "1"))
    check(r.returncode == 0, "single-process sweep exits 0")
    reference = tables_bytes(ref)
    check("outcomes_replications" in reference, "reference has per-replication rows")
    for n, extra in ((2, []), (3, ["--block", "7"])):
        out = os.path.join(tmp, f"np{n}.h5")
        r = run([args.mpiexec, "-n", str(n), "--allow-run-as-root", "--oversubscribe", "--bind-to", "none",
                 *sweep_cmd(args, out, "--threads", "1", *extra)])
        check(r.returncode == 0, f"mpiexec -n {n} sweep exits 0")
        if r.returncode == 0:
            got = tables_bytes(out)
            check(got == reference, f"-n {n}: every table bitwise identical to one process "
                  f"(differs: {[k for k in reference if got.get(k) != reference[k]]})")
    # One big scenario: `run` under MPI shares its replications; every dataset equals one process.
    scen = os.path.join(args.source_dir, "scenarios", "wnd-2016-actual.yaml")
    single = os.path.join(tmp, "run1.h5")
    r = run([args.sibsim, "run", scen, "--reps", "200", "--seed", "5", "--threads", "1", "-q", "--no-report",
             "--out", single])
    check(r.returncode == 0, "single-process run exits 0")
    reference = tables_bytes(single)
    out = os.path.join(tmp, "run3.h5")
    r = run([args.mpiexec, "-n", "3", "--allow-run-as-root", "--oversubscribe", "--bind-to", "none", args.sibsim,
             "run", scen, "--reps", "200", "--seed", "5", "--threads", "1", "-q", "--no-report", "--out", out])
    check(r.returncode == 0, "mpiexec -n 3 run exits 0")
    if r.returncode == 0:
        got = tables_bytes(out)
        check(got == reference, f"run on 3 ranks: every dataset bitwise identical to one process "
              f"(differs: {[k for k in reference if got.get(k) != reference[k]]})")
    r = run([args.mpiexec, "-n", "2", "--allow-run-as-root", "--oversubscribe", args.sibsim, "compare", scen, scen,
             "--out", os.path.join(tmp, "x.h5")])
    check(r.returncode != 0 and "only `sibsim sweep`, `run` and `calibrate`" in r.stderr,
          "compare under mpiexec -n 2 refused with a message")


def case_feasibility(args, tmp):
    out = os.path.join(tmp, "feas.h5")
    scen = os.path.join(args.source_dir, "scenarios", "wnd-2016-actual.yaml")
    r = run([args.sibsim, "feasibility", scen, "--param", "recruitment.end", "--from", "2017-02-01", "--to",
             "2019-02-01", "--step", "3m", "--kpi", "started", "--target", "150", "--probability", "0.5",
             "--block", "50", "--max-reps", "400", "--out", out])
    check(r.returncode == 0, "feasibility exits 0")
    if r.returncode:
        return
    check(os.path.exists(out.replace(".h5", ".html")), "feasibility writes its HTML report")
    q, probes = table(out, "feasibility/question")[0], table(out, "feasibility/probes")
    status, answer = q["status"].decode(), q["answer"].decode()
    print("answer:", q["text"].decode())
    check(status == "found", f"a recruitment end reaching 150 starters in half the runs is found ({status})")
    values = [v.decode() for v in probes["value"]]
    check(answer in values, "the answer was probed")
    verdict = {v: probes["verdict"][i].decode() for i, v in enumerate(values)}
    check(verdict.get(answer) == "meets", "the answer's probe meets the probability")
    for v, d in verdict.items():
        if v < answer and d == "meets":
            check(False, f"an earlier end {v} also meets: the answer would not be the smallest")
        if v > answer:
            check(d != "fails", f"a later end {v} fails although {answer} meets (P assumed to rise)")
    check(q["answer"].decode() in r.stdout, "the answer is printed")
    bad = run([args.sibsim, "feasibility", scen, "--param", "recruitment.ends", "--from", "2017-02-01", "--to",
               "2019-02-01", "--step", "3m", "--kpi", "started", "--target", "150"])
    check(bad.returncode == 2 and "did you mean" in bad.stderr, f"a misspelt --param is exit 2 with a suggestion: {bad.stderr.strip()}")


def case_compare(args, tmp):
    out = os.path.join(tmp, "cmp.h5")
    base = os.path.join(args.source_dir, "scenarios", "wnd-2016-actual.yaml")
    var = os.path.join(args.source_dir, "scenarios", "wnd-keep-addiction-exclusion.yaml")
    r = run([args.sibsim, "compare", base, var, "--reps", "200", "--out", out, "-q"])
    check(r.returncode == 0, "compare exits 0")
    if r.returncode:
        return
    check(os.path.exists(out.replace(".h5", ".html")), "compare writes its HTML report")
    k = table(out, "compare/kpis")
    row = k[k["kpi"] == b"started"][0]
    check(row["ci_low"] <= row["difference"] <= row["ci_high"], "difference inside its CI")
    check(row["narrower_factor"] > 2, f"paired CI of starters much narrower than independent ({row['narrower_factor']:.1f}x)")
    check(row["difference"] < 0, "keeping the addiction exclusion gives fewer starters")


def case_bad(args, tmp):
    """Every bad sweep file: exit 2, its expected message on one line with file:line, no files left."""
    folder = os.path.join(args.source_dir, "tests", "data", "bad-sweeps")
    names = sorted(n for n in os.listdir(folder) if n.endswith(".yaml"))
    check(len(names) >= 30, f"bad-sweep corpus present ({len(names)} files)")
    for name in names:
        with open(os.path.join(folder, name)) as fh:
            first = fh.readline()
        expect = first.split("# expect:", 1)[1].strip()
        out = os.path.join(tmp, name.replace(".yaml", ".h5"))
        r = run([args.sibsim, "sweep", os.path.join(folder, name), "--out", out, "-q"])
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        check(r.returncode == 2, f"{name}: exit code 2 (got {r.returncode})")
        check(any(expect in l and f"{name}:" in l for l in lines), f"{name}: one line with file:line and '{expect}'")
        check(not any(f.startswith(name.replace(".yaml", "")) for f in os.listdir(tmp)), f"{name}: no file left")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sibsim", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--mpiexec")
    ap.add_argument("case")
    args = ap.parse_args()
    args.source_dir = os.path.abspath(args.source_dir)
    cases = {"grid": case_grid, "oat": case_oat, "sobol": case_sobol, "resume": case_resume, "mpi": case_mpi,
             "feasibility": case_feasibility, "compare": case_compare, "bad": case_bad,
             "null": case_null}
    with tempfile.TemporaryDirectory() as tmp:
        cases[args.case](args, tmp)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
