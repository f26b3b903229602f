#!/usr/bin/python3
"""Tests of `sibsim discover` (scenario discovery with PRIM) on a tiny Latin hypercube sweep of the
M/M/c example model.

usage: discover_test.py --sibsim PATH --source-dir DIR CASE
cases:
  box    sweep, then discover: /discovery's box, recounted here from /design and /outcomes, holds
         the points and cases it claims; the other tables are unchanged; a second discover
         replaces /discovery; the report shows the section
  dates  a date parameter (a tiny SIB sweep): the limit is a design date, in words, recounted
  bad    unknown KPI (did-you-mean), bad --when, no cases / only cases, a one-at-a-time sweep, a
         run file: exit 2 with a one-line message, and the sweep file unchanged; a failing write
         (each in turn): exit 1, the file unchanged, no temporary left
"""
import argparse
import hashlib
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(argv, timeout=900, env=None):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)


def write_sweep(args, tmp, name, design, points=40):
    base = os.path.join(args.source_dir, "scenarios", "mmc-queue.yaml")
    path = os.path.join(tmp, name + ".yaml")
    extra = f"points: {points}\n" if design == "lhs" else ""
    with open(path, "w") as fh:
        fh.write(f"""base: {base}
design: {design}
{extra}replications: 2
seed: 4
kpis: [wait_in_queue, utilisation]
parameters:
  - path: mmc.arrival_rate
    range: [3.0, 4.5]
  - path: mmc.service_rate
    range: [1.0, 1.5]
  - path: mmc.servers
    range: [4, 6]
  - path: mmc.run_length_days
    range: [200, 300]
""")
    out = os.path.join(tmp, name + ".h5")
    r = run([args.sibsim, "sweep", path, "--out", out, "-q"])
    check(r.returncode == 0, f"sweep {name} runs (stderr: {r.stderr[-500:]})")
    return out


def datasets(path, skip="discovery"):
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and not name.startswith(skip):
                found[name] = np.asarray(obj[()]).tobytes()
        f.visititems(visit)
    return found


def digest(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def recount(path):
    """The final box's points and cases, counted from /design, /outcomes and /discovery/restrictions."""
    with h5py.File(path, "r") as f:
        g = f["discovery"]
        design, outcomes, res = f["design"][()], f["outcomes"][()], g["restrictions"][()]
        kpi, condition = g.attrs["kpi"], g.attrs["condition"]
    op, value = condition.split()
    value = float(value)
    y = outcomes[kpi]
    case = {"<": y < value, "<=": y <= value, ">": y > value, ">=": y >= value}[op]
    inside = np.ones(len(design), dtype=bool)
    for r in res:
        if not r["kept"]:
            continue
        column = design[r["parameter"].decode()]
        if column.dtype.kind == "S":  # dates: days since 1970-01-01, as /discovery's lo and hi
            column = column.astype("U").astype("datetime64[D]").astype(np.int64)
        x = column.astype(float)
        inside &= (x >= r["lo"]) & (x <= r["hi"])
    return int(inside.sum()), int((inside & case).sum()), int(case.sum())


def case_box(args, tmp):
    sweep = write_sweep(args, tmp, "lhs", "lhs")
    before = datasets(sweep)
    r = run([args.sibsim, "discover", sweep, "--kpi", "wait_in_queue", "--when", "> 0.5"])
    check(r.returncode == 0, f"discover exits 0 (got {r.returncode}: {r.stderr[-500:]})")
    check("design points where" in r.stdout, f"the box in words on the terminal: {r.stdout!r}")
    check(datasets(sweep) == before, "every table but /discovery unchanged")
    with h5py.File(sweep, "r") as f:
        check(f.attrs["kind"] == "sweep", "still a sweep file")
        g = f["discovery"]
        a = dict(g.attrs)
        traj = g["trajectory"][()]
        res = g["restrictions"][()]
    check(a["kpi"] == "wait_in_queue" and a["condition"] == "> 0.5", f"kpi and condition recorded: {a}")
    check(a["points"] == 40 and traj["points"][0] == 40, "40 design points, all in step 0")
    check(traj["chosen"].sum() == 1 and traj["chosen"][a["chosen_step"]] == 1, "one chosen step, as the attribute says")
    check(np.all(np.diff(traj["points"].astype(np.int64)) < 0), "the peeling trajectory shrinks")
    check(np.all(np.diff(traj["density"]) > 0), "its density rises")
    points, cases, all_cases = recount(sweep)
    check(all_cases == a["cases"], f"cases recounted: {all_cases} vs {a['cases']}")
    check(points == a["box_points"] and cases == a["box_cases"], f"box recounted: {points}/{cases} vs {a}")
    check(abs(a["coverage"] - cases / all_cases) < 1e-12, "coverage = box cases / cases")
    check(abs(a["density"] - cases / points) < 1e-12, "density = box cases / box points")
    check(len(res) > 0 and np.all((res["p_value"] >= 0) & (res["p_value"] <= 1)), "p-values in [0, 1]")
    check(all((r["p_value"] <= 0.05) == bool(r["kept"]) for r in res), "kept exactly when p <= 0.05")
    # The mean wait in queue grows with the load: a box of high waits cannot ask for many servers.
    rows = {r["parameter"].decode(): r for r in res if r["kept"]}
    if "mmc.servers" in rows:
        check(not rows["mmc.servers"]["restricts_lo"], "high waits: no lower limit on the servers")
    with open(sweep.replace(".h5", ".html")) as fh:
        html = fh.read()
    check('id="discovery"' in html, "the report has the discovery section")
    check("wait_in_queue" in html or "wait in queue" in html, "the section names the KPI")

    r = run([args.sibsim, "discover", sweep, "--kpi", "utilisation", "--when", "<= 0.7", "-q", "--no-report"])
    check(r.returncode == 0 and r.stdout == "", f"-q prints nothing (got {r.returncode}, {r.stdout!r})")
    with h5py.File(sweep, "r") as f:
        check(f["discovery"].attrs["kpi"] == "utilisation", "a second discover replaces /discovery")
        check(f["discovery"].attrs["condition"] == "<= 0.7", "with its condition")
    points, cases, all_cases = recount(sweep)
    with h5py.File(sweep, "r") as f:
        a = dict(f["discovery"].attrs)
    check(points == a["box_points"] and cases == a["box_cases"], "the second box recounted")
    check(datasets(sweep) == before, "every table but /discovery still unchanged")


def case_dates(args, tmp):
    """A date parameter: a SIB LHS sweep where fewer starters come with an earlier end of recruitment."""
    base = os.path.join(args.source_dir, "scenarios", "wnd-2016-actual.yaml")
    path = os.path.join(tmp, "sib-lhs.yaml")
    with open(path, "w") as fh:
        fh.write(f"""base: {base}
design: lhs
points: 12
replications: 2
seed: 3
kpis: [started]
parameters:
  - path: payment.threshold_share
    range: [0.1, 0.3]
  - path: recruitment.end
    range: [2017-06-01, 2018-06-30]
""")
    sweep = os.path.join(tmp, "sib-lhs.h5")
    r = run([args.sibsim, "sweep", path, "--out", sweep, "-q", "--no-report"])
    check(r.returncode == 0, f"the SIB sweep runs ({r.stderr[-500:]})")
    with h5py.File(sweep, "r") as f:
        started = np.sort(f["outcomes"]["started"])
    median = float(np.median(started))  # half the points are cases, whatever the model's numbers
    r = run([args.sibsim, "discover", sweep, "--kpi", "started", "--when", f"< {median}", "--no-report"])
    check(r.returncode == 0, f"discover exits 0 ({r.stderr!r})")
    with h5py.File(sweep, "r") as f:
        res = f["discovery/restrictions"][()]
        a = dict(f["discovery"].attrs)
        dates = set(f["design"]["recruitment.end"].astype("U"))
    kept = {x["parameter"].decode(): x for x in res if x["kept"]}
    check("recruitment.end" in kept, f"the end of recruitment restricts the box: {res}")
    if "recruitment.end" in kept:
        x = kept["recruitment.end"]
        check(x["restricts_hi"] and not x["restricts_lo"], "an upper limit only: fewer starters when it ends early")
        check(x["hi_text"].decode() in dates, f"the limit is a date of the design ({x['hi_text']})")
        check(f"on or before {x['hi_text'].decode()}" in r.stdout, f"the limit in words: {r.stdout!r}")
    points, cases, all_cases = recount(sweep)
    check((points, cases, all_cases) == (a["box_points"], a["box_cases"], a["cases"]), "box recounted with dates")


def expect_refused(args, argv, sweep, needle, what):
    before = digest(sweep)
    r = run([args.sibsim, "discover", *argv])
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    check(r.returncode == 2, f"{what}: exit 2 (got {r.returncode}, {r.stderr!r})")
    check(len(lines) == 1 and needle in lines[0], f"{what}: one line with '{needle}' (got {r.stderr!r})")
    check(digest(sweep) == before, f"{what}: file unchanged")


def case_bad(args, tmp):
    sweep = write_sweep(args, tmp, "lhs", "lhs", points=20)
    expect_refused(args, [sweep, "--kpi", "wait_in_queu", "--when", "> 0.5"], sweep,
                   "did you mean 'wait_in_queue'", "unknown KPI")
    expect_refused(args, [sweep, "--kpi", "wait_in_queue", "--when", "~ 0.5"], sweep, "--when", "bad operator")
    expect_refused(args, [sweep, "--kpi", "wait_in_queue", "--when", "< abc"], sweep, "--when", "bad number")
    expect_refused(args, [sweep, "--kpi", "wait_in_queue", "--when", "> -1"], sweep, "nothing to discover",
                   "only cases")
    expect_refused(args, [sweep, "--kpi", "wait_in_queue", "--when", "< -1"], sweep, "nothing to discover",
                   "no cases")
    oat = write_sweep(args, tmp, "oat", "oat")
    expect_refused(args, [oat, "--kpi", "wait_in_queue", "--when", "> 0.5"], oat, "Latin hypercube",
                   "one-at-a-time sweep")
    # The n-th write fails (SIBSIM_TEST_FAIL_WRITE, a test-only seam), n = 1, 2, ... until it succeeds:
    # exit 1 with one line, the sweep file byte-identical, no temporary left.
    before = digest(sweep)
    argv = [args.sibsim, "discover", sweep, "--kpi", "wait_in_queue", "--when", "> 0.5", "-q", "--no-report"]
    for n in range(1, 200):
        r = run(argv, env=dict(os.environ, SIBSIM_TEST_FAIL_WRITE=str(n)))
        if r.returncode == 0:
            break
        lines = r.stderr.strip().splitlines()
        check(r.returncode == 1, f"write {n} failing: exit 1 (got {r.returncode}, {r.stderr!r})")
        check(len(lines) == 1 and lines[0].startswith("error: ") and "No space left on device" in lines[0],
              f"write {n} failing: one line 'error: ...' (got {r.stderr!r})")
        check(digest(sweep) == before, f"write {n} failing: the sweep file unchanged")
        check(not [f for f in os.listdir(tmp) if ".tmp-" in f], f"write {n} failing: no temporary left")
    check(r.returncode == 0 and n > 1, f"discover succeeds once the failing write is past its writes (n = {n})")
    with h5py.File(sweep, "r") as f:
        check("discovery" in f, "then /discovery is there")
    scenario = os.path.join(args.source_dir, "scenarios", "mmc-queue.yaml")
    runfile = os.path.join(tmp, "run.h5")
    r = run([args.sibsim, "run", scenario, "-n", "2", "--out", runfile, "-q", "--no-report"])
    check(r.returncode == 0, "a run file for the next check")
    expect_refused(args, [runfile, "--kpi", "wait_in_queue", "--when", "> 0.5"], runfile, "not a sweep file",
                   "a run file")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sibsim", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("case")
    args = ap.parse_args()
    args.source_dir = os.path.abspath(args.source_dir)
    cases = {"box": case_box, "dates": case_dates, "bad": case_bad}
    with tempfile.TemporaryDirectory() as tmp:
        cases[args.case](args, tmp)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
