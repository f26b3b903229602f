#!/usr/bin/python3
"""Coverage of `sibsim calibrate` on the SIB model: are true values inside the 90 % posterior
intervals about 90 % of the time?

For each of K synthetic data sets:
  1. draw "true" parameter values from the priors below (coverage of Bayesian intervals holds on
     average over the prior, so the truth must come from it);
  2. simulate ONE replication of scenarios/wnd-2016-actual.yaml at those values (`sibsim run -n 1`
     on a variant that `extends` it) and take its funnel counts as the observed figures;
  3. calibrate the same parameters to those figures (`sibsim calibrate`, exact sampling of the
     counts, the priors below) and read each parameter's 90 % interval (q05, q95 of /parameters).
Prints, per parameter and overall, the share of data sets whose interval covers the truth, with a
binomial 95 % interval for that share (K data sets x parameters intervals are not independent across
parameters, so read the per-parameter lines).

Usage: benchmarks/calibration_coverage.py [--sibsim build/release/app/sibsim] [--sets 40]
                                          [--particles 200] [--threads 0] [--seed 1]
Figures and the command that produced them: benchmarks/RESULTS.md ("Calibration").
"""

import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "scenarios", "wnd-2016-actual.yaml")

# (key path as nested YAML sections, prior low, prior high): uniform priors.
PARAMETERS = [
    ("recruitment.transfer_rate", 0.05, 0.25),
    ("recruitment.change_of_mind_rate", 0.05, 0.35),
    ("recruitment.contact.probability_no_phone", 0.3, 0.95),
]
# Observed figures: KPI -> counts the simulator produces itself (sampling: exact).
FIGURES = ["reason_transfer", "reason_dropped_out_in_pi", "reason_no_contact"]


def variant_yaml(values):
    """A scenario that extends the base with `values` (merged by section)."""
    tree = {}
    for (path, _, _), v in zip(PARAMETERS, values):
        node = tree
        keys = path.split(".")
        for k in keys[:-1]:
            node = node.setdefault(k, {})
        node[keys[-1]] = v

    def emit(node, depth):
        out = []
        for k, v in node.items():
            if isinstance(v, dict):
                out.append("  " * depth + f"{k}:")
                out += emit(v, depth + 1)
            else:
                out.append("  " * depth + f"{k}: {v!r}")
        return out

    return "\n".join([f"extends: {BASE}", "name: coverage-truth"] + emit(tree, 0)) + "\n"


def observations_yaml(observed, particles, seed):
    lines = ["parameters:"]
    for path, lo, hi in PARAMETERS:
        lines += [f"  - path: {path}", "    prior: uniform", f"    a: {lo}", f"    b: {hi}"]
    lines.append("observations:")
    for kpi, value in zip(FIGURES, observed):
        lines += [f"  - name: {kpi}", f"    kpi: {kpi}", "    sampling: exact", f"    value: {value:g}"]
    lines += ["calibration:", f"  particles: {particles}", "  max_generations: 10", f"  seed: {seed}"]
    return "\n".join(lines) + "\n"


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")


def wilson(k, n, z=1.96):
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sibsim", default=os.path.join(ROOT, "build", "release", "app", "sibsim"))
    ap.add_argument("--sets", type=int, default=40)
    ap.add_argument("--particles", type=int, default=200)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    covered = np.zeros((a.sets, len(PARAMETERS)), dtype=bool)
    widths = np.zeros((a.sets, len(PARAMETERS)))
    start = time.time()
    simulations = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(a.sets):
            truth = [rng.uniform(lo, hi) for _, lo, hi in PARAMETERS]
            variant = os.path.join(tmp, "truth.yaml")
            with open(variant, "w") as f:
                f.write(variant_yaml(truth))
            data = os.path.join(tmp, "truth.h5")
            run([a.sibsim, "run", variant, "-n", "1", "-s", str(1000 + k), "-o", data, "-q", "--no-report"])
            with h5py.File(data) as f:
                row = f["replications"][0]
                observed = [float(row[name]) for name in FIGURES]
            obs = os.path.join(tmp, "observed.yaml")
            with open(obs, "w") as f:
                f.write(observations_yaml(observed, a.particles, 1 + k))
            cal = os.path.join(tmp, "cal.h5")
            run([a.sibsim, "calibrate", BASE, obs, "-o", cal, "-q", "--no-report", "-t", str(a.threads)])
            with h5py.File(cal) as f:
                p = f["parameters"][:]
                simulations += int(f["generations"]["simulations"].sum())
            for j, (path, _, _) in enumerate(PARAMETERS):
                r = p[[x.decode() == path for x in p["path"]]][0]
                covered[k, j] = r["q05"] <= truth[j] <= r["q95"]
                widths[k, j] = r["q95"] - r["q05"]
            print(f"data set {k + 1}/{a.sets}: covered {covered[k].astype(int).tolist()} "
                  f"({time.time() - start:.0f} s)", file=sys.stderr)
    elapsed = time.time() - start
    print(f"{a.sets} synthetic data sets, {a.particles} particles, {elapsed:.0f} s, "
          f"{simulations / elapsed:.0f} simulated replications/s in calibrate (incl. start-up)")
    for j, (path, lo, hi) in enumerate(PARAMETERS):
        n = int(covered[:, j].sum())
        l, h = wilson(n, a.sets)
        print(f"{path}: 90 % interval covers the truth in {n}/{a.sets} = {n / a.sets:.0%} "
              f"(95 % CI {l:.0%}-{h:.0%}); mean width {widths[:, j].mean():.3g} of prior width {hi - lo:.3g}")
    n = int(covered.sum())
    l, h = wilson(n, covered.size)
    print(f"all parameters: {n}/{covered.size} = {n / covered.size:.0%} (95 % CI {l:.0%}-{h:.0%}, "
          "treating intervals as independent)")


if __name__ == "__main__":
    main()
