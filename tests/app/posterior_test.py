#!/usr/bin/python3
"""`--posterior CAL.h5` through the command line (run, compare, sweep, feasibility) with the M/M/c
model. Calibration files are written by the test-only tool make_posterior (make_posterior.cpp).

Usage: posterior_test.py --sibsim PATH --make-posterior PATH --source-dir DIR [--mpiexec PATH] CASE
(CASE: see CASES, or all; mpi is skipped without --mpiexec). Needs h5py and numpy (Debian's python3-h5py).
"""

import argparse
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

from cli_check import Failure, check  # this folder's shared helper (cli_check.py)


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


class Cli:
    def __init__(self, sibsim, make_posterior, source_dir, mpiexec=None):
        self.sibsim = sibsim
        self.mpiexec = mpiexec
        self.make_posterior = make_posterior
        self.mmc = os.path.join(source_dir, "scenarios", "mmc-queue.yaml")
        self.sweep = os.path.join(source_dir, "scenarios", "sweeps", "mmc-servers.yaml")

    def run(self, *args):
        return subprocess.run([self.sibsim, *args], capture_output=True, text=True, timeout=600)

    def ok(self, *args):
        r = self.run(*args)
        check(r.returncode == 0, "expected exit 0", r)
        return r

    def refused(self, message, *args):
        r = self.run(*args)
        check(r.returncode == 2, "expected exit 2", r)
        check(message in r.stderr, "expected the message '{}'".format(message), r)
        return r

    def calibration(self, path, params, particles, kind="calibration", model="mmc"):
        """particles: [(weight, [values...]), ...]"""
        argv = [self.make_posterior, path, model, kind, ",".join(params)]
        argv += ["{!r}:{}".format(w, ",".join(repr(v) for v in vs)) for w, vs in particles]
        r = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        check(r.returncode == 0, "make_posterior failed", r)
        return path

    def scenario(self, tmp, name, body):
        """A scenario extending mmc-queue.yaml with `body` (YAML lines under mmc:)."""
        path = os.path.join(tmp, name + ".yaml")
        with open(path, "w") as f:
            f.write("extends: {}\nname: {}\nmmc:\n{}".format(self.mmc, name, body))
        return path


def replications(path):
    with h5py.File(path, "r") as f:
        return np.array(f["replications"][()])


def spread_table(path):
    with h5py.File(path, "r") as f:
        return {text(row["kpi"]): row for row in f["posterior_spread"][()]}


def case_one_particle(cli):
    """One particle of weight 1: /replications bit-identical to the scenario with its value set;
    provenance in /meta; /posterior_spread with share 0 from 1 particle."""
    with tempfile.TemporaryDirectory() as tmp:
        cal = cli.calibration(os.path.join(tmp, "cal.h5"), ["mmc.arrival_rate"], [(1.0, [3.3])])
        plain = cli.scenario(tmp, "plain", "  arrival_rate: 3.3\n")
        a, b = os.path.join(tmp, "a.h5"), os.path.join(tmp, "b.h5")
        r = cli.ok("run", cli.mmc, "--posterior", cal, "--reps", "200", "--seed", "4", "--out", a)
        cli.ok("run", plain, "--reps", "200", "--seed", "4", "--out", b, "--no-report")
        check(np.array_equal(replications(a), replications(b)), "one particle = the plain scenario, bit for bit")
        check("spread of served: 0 % from parameter uncertainty, 100 % Monte Carlo" in r.stdout,
              "the split is printed", r)
        with h5py.File(a, "r") as f:
            meta = f["meta"].attrs
            check(text(meta["posterior_file"]) == cal, "/meta posterior_file")
            check(len(text(meta["posterior_hash"])) == 16, "/meta posterior_hash")
        s = spread_table(a)["served"]
        check(s["parameter_share"] == 0 and s["particles_used"] == 1, "one particle: no parameter share")


def case_spread(cli):
    """Two particles far apart: most of the spread is parameter uncertainty; -t 1 = -t 2; the
    share of replications that drew particle 1 (weight 0.7) is within its binomial 99.9 % interval."""
    with tempfile.TemporaryDirectory() as tmp:
        cal = cli.calibration(os.path.join(tmp, "cal.h5"), ["mmc.arrival_rate"], [(0.3, [2.0]), (0.7, [3.6])])
        a, b = os.path.join(tmp, "a.h5"), os.path.join(tmp, "b.h5")
        n = 400
        r = cli.ok("run", cli.mmc, "--posterior", cal, "--reps", str(n), "-t", "1", "--out", a, "--no-report")
        cli.ok("run", cli.mmc, "--posterior", cal, "--reps", str(n), "-t", "2", "--out", b, "--no-report",
               "--quiet")
        check(np.array_equal(replications(a), replications(b)), "-t 1 and -t 2 bit-identical")
        s = spread_table(a)["served"]
        check(s["parameter_share"] > 0.9, "arrival rates 2 vs 3.6: served's spread is mostly parameters", r)
        check(s["particles_used"] == 2, "both particles drawn")
        check("from parameter uncertainty" in r.stdout, "the split is printed", r)
        # served per replication: ~4000 (rate 2) or ~7200 (rate 3.6) over 2000 days; 5600 separates them.
        served = replications(a)["served"]
        share = np.mean(served > 5600)
        half = 3.29 * (0.21 / n) ** 0.5
        check(abs(share - 0.7) < half, "share of particle 1 {:.3f} within 0.7 +- {:.3f}".format(share, half))
        r = cli.ok("run", cli.mmc, "--posterior", cal, "--replication", "3")
        check("drew particle" in r.stdout, "the replay names the particle", r)


def case_compare(cli):
    """compare --posterior: one particle gives the comparison of the plain scenarios; a variant
    that changes a calibrated key is refused."""
    with tempfile.TemporaryDirectory() as tmp:
        cal = cli.calibration(os.path.join(tmp, "cal.h5"), ["mmc.arrival_rate"], [(1.0, [3.3])])
        five = cli.scenario(tmp, "five", "  servers: 5\n")
        plain4 = cli.scenario(tmp, "plain4", "  arrival_rate: 3.3\n")
        plain5 = cli.scenario(tmp, "plain5", "  arrival_rate: 3.3\n  servers: 5\n")
        a, b = os.path.join(tmp, "a.h5"), os.path.join(tmp, "b.h5")
        cli.ok("compare", cli.mmc, five, "--posterior", cal, "--reps", "100", "--out", a, "--no-report")
        cli.ok("compare", plain4, plain5, "--reps", "100", "--out", b, "--no-report")
        with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
            for col in ("base_mean", "variant_mean", "difference", "paired_half_width"):
                check(np.array_equal(fa["compare/kpis"][col], fb["compare/kpis"][col]), "compare column " + col)
            check(text(fa["meta"].attrs["posterior_file"]) == cal, "/meta posterior_file")
        faster = cli.scenario(tmp, "faster", "  arrival_rate: 3.5\n")
        cli.refused("variant {} changes key mmc.arrival_rate, which --posterior draws from the calibration".format(
            faster), "compare", cli.mmc, faster, "--posterior", cal, "--reps", "10", "--out",
            os.path.join(tmp, "c.h5"))


def case_sweep(cli):
    """sweep --posterior over an uncalibrated key runs; over a calibrated key it is refused."""
    with tempfile.TemporaryDirectory() as tmp:
        cal = cli.calibration(os.path.join(tmp, "cal.h5"), ["mmc.arrival_rate"], [(0.5, [3.0]), (0.5, [3.5])])
        out = os.path.join(tmp, "s.h5")
        cli.ok("sweep", cli.sweep, "--posterior", cal, "--reps", "20", "--out", out, "--no-report")
        with h5py.File(out, "r") as f:
            check(text(f["meta"].attrs["posterior_file"]) == cal, "/meta posterior_file")
            check(len(f["outcomes"]) == 3, "three points")
        servers = cli.calibration(os.path.join(tmp, "servers.h5"), ["mmc.servers:integer"], [(1.0, [5])])
        cli.refused("the sweep sets mmc.servers, which --posterior draws from the calibration", "sweep", cli.sweep,
                    "--posterior", servers, "--reps", "20", "--out", os.path.join(tmp, "t.h5"))


def case_feasibility(cli):
    """feasibility --posterior: --param calibrated is refused; another --param runs."""
    with tempfile.TemporaryDirectory() as tmp:
        cal = cli.calibration(os.path.join(tmp, "cal.h5"), ["mmc.arrival_rate"], [(0.5, [3.0]), (0.5, [3.5])])
        common = ["--from", "4", "--to", "6", "--step", "1", "--kpi", "utilisation", "--target", "0.5",
                  "--largest", "--max-reps", "400"]
        cli.refused("--param sets mmc.arrival_rate, which --posterior draws from the calibration", "feasibility",
                    cli.mmc, "--param", "mmc.arrival_rate", *common, "--posterior", cal, "--out",
                    os.path.join(tmp, "f.h5"))
        cli.ok("feasibility", cli.mmc, "--param", "mmc.servers", *common, "--posterior", cal, "--out",
               os.path.join(tmp, "g.h5"), "--no-report")


def case_refusals(cli):
    """Not a calibration file, a key path the scenario does not have, a missing file: exit 2."""
    with tempfile.TemporaryDirectory() as tmp:
        run = os.path.join(tmp, "run.h5")
        cli.ok("run", cli.mmc, "--reps", "5", "--out", run, "--no-report", "--quiet")
        cli.refused("{} is not a calibration results file (kind run)".format(run), "run", cli.mmc, "--posterior", run,
                    "--reps", "5", "--out", os.path.join(tmp, "a.h5"))
        bad = cli.calibration(os.path.join(tmp, "bad.h5"), ["mmc.arival_rate"], [(1.0, [3.0])])
        r = cli.refused("mmc.arival_rate", "run", cli.mmc, "--posterior", bad, "--reps", "5", "--out",
                        os.path.join(tmp, "b.h5"))
        check(bad in r.stderr, "the message names the calibration file", r)
        cli.refused("--posterior", "run", cli.mmc, "--posterior", os.path.join(tmp, "none.h5"), "--reps", "5",
                    "--out", os.path.join(tmp, "c.h5"))


def case_mpi(cli):
    """run under mpiexec -n 2: /replications and /posterior_spread equal a single-process run."""
    if not cli.mpiexec:
        print("skip mpi: no --mpiexec")
        return
    with tempfile.TemporaryDirectory() as tmp:
        cal = cli.calibration(os.path.join(tmp, "cal.h5"), ["mmc.arrival_rate"],
                              [(0.2, [2.0]), (0.5, [3.0]), (0.3, [3.6])])
        a, b = os.path.join(tmp, "a.h5"), os.path.join(tmp, "b.h5")
        common = ["run", cli.mmc, "--posterior", cal, "--reps", "300", "--no-report", "--quiet"]
        cli.ok(*common, "--out", a)
        r = subprocess.run([cli.mpiexec, "-n", "2", "--allow-run-as-root", "--oversubscribe", "--bind-to", "none", cli.sibsim, *common,
                            "--out", b], capture_output=True, text=True, timeout=600)
        check(r.returncode == 0, "mpiexec -n 2 run --posterior", r)
        check(np.array_equal(replications(a), replications(b)), "/replications equal under MPI")
        with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
            check(np.array_equal(fa["posterior_spread"][()], fb["posterior_spread"][()]),
                  "/posterior_spread equal under MPI")


CASES = {name[len("case_"):]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sibsim", required=True)
    parser.add_argument("--make-posterior", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--mpiexec")
    parser.add_argument("case", choices=sorted(CASES) + ["all"])
    args = parser.parse_args()
    cli = Cli(args.sibsim, args.make_posterior, args.source_dir, args.mpiexec)
    names = sorted(CASES) if args.case == "all" else [args.case]
    for name in names:
        try:
            CASES[name](cli)
        except Failure as e:
            print("FAIL {}: {}".format(name, e))
            return 1
        print("ok   {}".format(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
