#!/usr/bin/env python3
"""`sibsim calibrate` end to end on the M/M/c example (scenarios/mmc-queue.yaml) with the small
observations file tests/data/observations/mmc-queue.yaml.

usage: calibrate_test.py --sibsim PATH --source-dir DIR [--mpiexec PATH] CASE
cases:
  tables      runs; /posterior, /parameters, /generations, /predictive, /kpis with the agreed
              columns; weights sum to 1; the terminal summary names the degrees of freedom
  threads     -t 1 and -t 2 give bitwise identical tables
  resume      a calibration killed (SIGKILL) after its first checkpoint, resumed, gives the
              uninterrupted tables; a checkpoint of another seed -> exit 2 naming the seed
  bad_input   a broken observations file -> exit 2 with file:line:col
  sigint      SIGINT during generation 2 leaves a checkpoint; --resume finishes with the
              uninterrupted tables
  mpi         mpiexec -n 2 gives the tables of one process; --resume under MPI -> exit 2
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_check import Failure, check  # noqa: E402


def run(argv, timeout=800):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)


def tables(path, skip=("generations",)):
    """Every dataset outside /meta as raw bytes, except /generations (its `seconds` differ)."""
    found = {}
    with h5py.File(path, "r") as f:
        for name in f:
            if name == "meta" or name in skip or not isinstance(f[name], h5py.Dataset):
                continue
            data = np.asarray(f[name][()])
            found[name] = (data.dtype.str, data.shape, data.tobytes())
        g = f["generations"][()]
        found["generations_wo_seconds"] = [tuple(row[n] for n in g.dtype.names if n != "seconds") for row in g]
    return found


class Ctx:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.scenario = os.path.join(args.source_dir, "scenarios", "mmc-queue.yaml")
        self.obs = os.path.join(args.source_dir, "tests", "data", "observations", "mmc-queue.yaml")

    def calibrate(self, out, *extra, obs=None):
        return run([self.args.sibsim, "calibrate", self.scenario, obs or self.obs, "--out", out, "--no-report",
                    *extra])


def case_tables(c):
    out = os.path.join(c.tmp, "cal.h5")
    r = c.calibrate(out)
    check(r.returncode == 0, "calibrate exits 0", r)
    check("Degrees of freedom: 2 fit figures, 2 parameters" in r.stdout, "summary names the degrees of freedom", r)
    check(re.search(r"generation 1 +tolerance", r.stderr) is not None, "progress line per generation", r)
    check(not os.path.exists(out + ".checkpoint"), "checkpoint deleted after the commit")
    with h5py.File(out, "r") as f:
        check(f.attrs["kind"] in ("calibration", b"calibration"), "root attribute kind = calibration")
        post = f["posterior"][()]
        check(list(post.dtype.names) == ["mmc.arrival_rate", "mmc.service_rate", "weight", "distance"],
              f"/posterior columns: {post.dtype.names}")
        check(len(post) == 40, "/posterior: one row per particle")
        check(abs(post["weight"].sum() - 1) < 1e-12, "weights sum to 1")
        check(np.all(post["weight"] >= 0), "weights non-negative")
        check(np.all((post["mmc.arrival_rate"] >= 2) & (post["mmc.arrival_rate"] <= 6)), "particles inside the prior")
        par = f["parameters"][()]
        check(list(par.dtype.names) == ["path", "label", "kind", "prior", "prior_kind", "source", "prior_a",
                                        "prior_b", "lower", "upper", "prior_mean", "prior_sd", "posterior_mean",
                                        "posterior_sd", "q05", "q50", "q95", "sd_ratio", "identified"],
              f"/parameters columns: {par.dtype.names}")
        check(len(par) == 2, "/parameters: one row per parameter")
        # 8000 served in 2000 days pins the arrival rate near 4 (the prior is 2..6).
        m = par["posterior_mean"][0]
        check(3.5 < m < 4.5, f"arrival rate posterior mean near 4: {m}")
        check(par["identified"][0] == 1, "arrival rate identified")
        gen = f["generations"][()]
        check(list(gen.dtype.names) == ["generation", "proposals", "simulations", "tolerance", "acceptance", "ess",
                                        "seconds"], f"/generations columns: {gen.dtype.names}")
        check(list(gen["generation"]) == list(range(len(gen))) and len(gen) >= 2, "generations 0, 1, ...")
        check(np.isinf(gen["tolerance"][0]), "generation 0 has tolerance +inf")
        check(np.all(np.diff(gen["tolerance"][1:]) <= 0), "tolerances fall")
        pred = f["predictive"][()]
        check(list(pred.dtype.names) == ["name", "label", "kpi", "sampling", "role", "source", "observed", "low",
                                         "high", "n", "median", "q05", "q95", "inside_90"],
              f"/predictive columns: {pred.dtype.names}")
        check([x.decode() if isinstance(x, bytes) else x for x in pred["role"]] == ["fit", "fit", "check"],
              "roles in file order")
        check(np.isnan(pred["low"][0]) and pred["low"][2] == 0.2, "range bounds only for the range figure")
        check(np.all(pred["q05"] <= pred["median"]) and np.all(pred["median"] <= pred["q95"]), "q05 <= median <= q95")
        check("kpis" in f, "/kpis written")


def case_threads(c):
    a, b = os.path.join(c.tmp, "t1.h5"), os.path.join(c.tmp, "t2.h5")
    for out, t in ((a, "1"), (b, "2")):
        r = c.calibrate(out, "-t", t, "-q")
        check(r.returncode == 0, f"calibrate -t {t} exits 0", r)
    check(tables(a) == tables(b), "-t 1 and -t 2 give identical tables")


def case_resume(c):
    full = os.path.join(c.tmp, "full.h5")
    r = c.calibrate(full, "-q")
    check(r.returncode == 0, "uninterrupted run exits 0", r)
    # A checkpoint of a different calibration is refused, naming what differs.
    out = os.path.join(c.tmp, "cut.h5")
    ckpt = out + ".checkpoint"
    # A checkpoint of seed 99: killed after its first generation.
    proc = subprocess.Popen([c.args.sibsim, "calibrate", c.scenario, c.obs, "--out", out, "--no-report", "-q",
                             "-s", "99"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(ckpt, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    check(os.path.exists(ckpt), "a killed calibration leaves its checkpoint")
    r = c.calibrate(out, "-q", "--resume")
    check(r.returncode == 2 and "different calibration" in r.stderr and "seed" in r.stderr,
          "a checkpoint of another seed -> exit 2 naming the seed", r)
    # A checkpoint written before the random-number recipe 2 (its format-1 magic) is refused.
    with open(ckpt, "r+b") as f:
        head = f.read(30)
        check(head == b"SIBSIM-CALIBRATE-CHECKPOINT-2\n", f"checkpoint magic {head!r}")
        f.seek(28)
        f.write(b"1")
    r = c.calibrate(out, "-q", "--resume")
    check(r.returncode == 2 and "random numbers differ" in r.stderr,
          "a checkpoint of the old random-number recipe -> exit 2 saying why", r)
    # The same calibration: resume after the kill gives the uninterrupted tables.
    os.remove(ckpt)
    proc = subprocess.Popen([c.args.sibsim, "calibrate", c.scenario, c.obs, "--out", out, "--no-report", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(ckpt, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    check(os.path.exists(ckpt), "a killed calibration leaves its checkpoint")
    r = c.calibrate(out, "--resume")
    check(r.returncode == 0 and "Resuming after generation" in r.stderr, "--resume continues", r)
    check(tables(out) == tables(full), "--resume gives the uninterrupted tables")


def wait_for(path, proc, timeout=120):
    end = time.time() + timeout
    while not os.path.exists(path) and proc.poll() is None and time.time() < end:
        time.sleep(0.02)
    check(os.path.exists(path), f"{path} appeared")


def case_bad_input(c):
    bad = os.path.join(c.args.source_dir, "tests", "data", "observations", "mmc-bad.yaml")
    r = c.calibrate(os.path.join(c.tmp, "bad.h5"), obs=bad)
    check(r.returncode == 2, "a bad observations file -> exit 2", r)
    check(re.search(r"mmc-bad\.yaml:\d+:\d+", r.stderr) is not None, "the message gives file:line:col", r)
    check("servd" in r.stderr, "the message names the unknown KPI", r)
    check(not os.path.exists(os.path.join(c.tmp, "bad.h5")), "nothing written")


def case_sigint(c):
    full = os.path.join(c.tmp, "full.h5")
    r = c.calibrate(full, "-q")
    check(r.returncode == 0, "uninterrupted run exits 0", r)
    out = os.path.join(c.tmp, "int.h5")
    ckpt = out + ".checkpoint"
    proc = subprocess.Popen([c.args.sibsim, "calibrate", c.scenario, c.obs, "--out", out, "--no-report", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wait_for(ckpt, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    check(proc.returncode in (130, 0), f"SIGINT: exit 130 (or 0 if it had just finished): {proc.returncode} {err}")
    if proc.returncode == 0:
        return  # finished before the signal arrived: nothing to resume (rare on a loaded machine)
    check(os.path.exists(ckpt), "SIGINT leaves the checkpoint")
    check(not os.path.exists(out), "no results file after SIGINT")
    check(not [f for f in os.listdir(c.tmp) if ".tmp-" in f], "no temporaries left")
    r = c.calibrate(out, "-q", "--resume")
    check(r.returncode == 0, "--resume after SIGINT exits 0", r)
    check(tables(out) == tables(full), "--resume after SIGINT gives the uninterrupted tables")
    print("interrupted by SIGINT and resumed")


def case_mpi(c):
    if not c.args.mpiexec:
        check(False, "--mpiexec not given")
    one = os.path.join(c.tmp, "one.h5")
    r = c.calibrate(one, "-q")
    check(r.returncode == 0, "1 process exits 0", r)
    two = os.path.join(c.tmp, "mpi.h5")
    mpi = [c.args.mpiexec, "-n", "2", "--allow-run-as-root", "--oversubscribe", "--bind-to", "none", c.args.sibsim,
           "calibrate", c.scenario, c.obs, "--no-report", "-q"]
    r = run(mpi + ["--out", two])
    check(r.returncode == 0, "mpiexec -n 2 calibrate exits 0", r)
    check(tables(two) == tables(one), "mpiexec -n 2 gives the tables of one process")
    r = run(mpi + ["--out", os.path.join(c.tmp, "r.h5"), "--resume"])
    check(r.returncode == 2 and "--resume" in r.stderr, "--resume under MPI refused with exit 2", r)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sibsim", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--mpiexec")
    ap.add_argument("case")
    args = ap.parse_args()
    cases = {"tables": case_tables, "threads": case_threads, "resume": case_resume, "bad_input": case_bad_input,
             "sigint": case_sigint, "mpi": case_mpi}
    tmp = tempfile.mkdtemp(prefix="sibsim-calibrate-")
    try:
        cases[args.case](Ctx(args, tmp))
    except Failure as e:
        print("FAIL:", e)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
