#!/usr/bin/python3
"""Checkpoint and resume of `sibsim run`: kill -9 at a random moment, rerun with --resume.

Runs an uninterrupted reference, then starts the same run with small batches, waits (bounded)
for <out>.checkpoint to exist, kills it with SIGKILL at a random moment, checks that no results
file exists (only the temporary file and the checkpoint), reruns with --resume and compares
/summary and /replications with the reference bit for bit; the checkpoint must be gone. Also: a
mismatching checkpoint is an error (exit 2) naming what differs, and without --resume an existing
checkpoint is ignored and overwritten.

usage: resume_test.py --sibsim PATH --scenario YAML [--reps N] [--rounds N]
"""
import argparse
import glob
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


def cmd(args, out, *extra):
    return [args.sibsim, "run", args.scenario, "--reps", str(args.reps), "--seed", "7", "--out", out, "-q",
            "--no-report", "--batch", "50", *extra]


def run(argv, timeout=600):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)


def datasets(path):
    """Every dataset under /summary and /replications as raw bytes (so NaNs compare bitwise)."""
    found = {}
    with h5py.File(path, "r") as f:
        for group in ("summary", "replications"):
            def visit(name, obj, group=group):
                if isinstance(obj, h5py.Dataset):
                    data = np.asarray(obj[()])
                    found[f"{group}/{name}"] = (data.dtype.str, data.shape, data.tobytes())
            obj = f[group]
            if isinstance(obj, h5py.Dataset):
                visit("", obj)
            else:
                obj.visititems(visit)
    return found


def kill_and_resume(args, tmp, reference, round_no):
    out = os.path.join(tmp, f"killed{round_no}.h5")
    ckpt = out + ".checkpoint"
    proc = subprocess.Popen(cmd(args, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not os.path.exists(ckpt) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    if proc.poll() is not None or not os.path.exists(ckpt):
        proc.kill()
        proc.wait(timeout=30)
        check(False, f"round {round_no}: the run ended (rc {proc.returncode}) before a checkpoint appeared")
        return
    time.sleep(random.uniform(0.0, args.max_delay))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.returncode != -signal.SIGKILL:
        print(f"round {round_no}: the run finished before the kill (rc {proc.returncode}); not a kill test")
        return
    size = os.path.getsize(ckpt) if os.path.exists(ckpt) else -1
    print(f"round {round_no}: killed; checkpoint {size} bytes; files {sorted(os.listdir(tmp))}")
    check(not os.path.exists(out), f"round {round_no}: {out} exists after kill -9")
    check(os.path.exists(ckpt), f"round {round_no}: the checkpoint is gone after kill -9")
    r = run(cmd(args, out, "--resume"))
    check(r.returncode == 0, f"round {round_no}: --resume failed: rc {r.returncode} {r.stderr}")
    if r.returncode != 0:
        return
    check(not os.path.exists(ckpt), f"round {round_no}: the checkpoint was not removed after the commit")
    stale = glob.glob(out + ".tmp-*")
    check(not stale, f"round {round_no}: --resume left the killed run's temporary files: {stale}")
    got = datasets(out)
    check(sorted(got) == sorted(reference), f"round {round_no}: datasets differ: {sorted(got)}")
    for name, value in reference.items():
        check(got.get(name) == value, f"round {round_no}: {name} differs from the uninterrupted run")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sibsim", required=True)
    p.add_argument("--scenario", required=True)
    p.add_argument("--reps", type=int, default=3000)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--max-delay", type=float, default=1.0)
    args = p.parse_args()
    random.seed()
    with tempfile.TemporaryDirectory() as tmp:
        ref_out = os.path.join(tmp, "reference.h5")
        start = time.monotonic()
        r = run(cmd(args, ref_out))
        check(r.returncode == 0, f"reference run failed: rc {r.returncode} {r.stderr}")
        if r.returncode != 0:
            return 1
        args.max_delay = min(args.max_delay, 0.8 * (time.monotonic() - start))
        check(not os.path.exists(ref_out + ".checkpoint"), "the checkpoint was not removed after the commit")
        reference = datasets(ref_out)
        check(len(reference) >= 2, f"no /summary and /replications in the reference: {sorted(reference)}")

        # --resume without a checkpoint is a plain run.
        fresh = os.path.join(tmp, "fresh.h5")
        r = run(cmd(args, fresh, "--resume"))
        check(r.returncode == 0 and datasets(fresh) == reference, "--resume without a checkpoint differs")

        for i in range(args.rounds):
            kill_and_resume(args, tmp, reference, i)

        # A checkpoint of a different run: --resume is an error naming the difference; a plain
        # run ignores and overwrites it.
        other = os.path.join(tmp, "other.h5")
        proc = subprocess.Popen(cmd(args, other), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not os.path.exists(other + ".checkpoint") and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if os.path.exists(other + ".checkpoint"):
            bad = cmd(args, other, "--resume")
            bad[bad.index("--seed") + 1] = "8"
            r = run(bad)
            check(r.returncode == 2, f"mismatching checkpoint: rc {r.returncode}, expected 2")
            check("seed 7 (this run: 8)" in r.stderr, f"mismatch message does not name the seed: {r.stderr!r}")
            check(os.path.exists(other + ".checkpoint"), "a mismatching checkpoint was deleted")
            check(not os.path.exists(other), "a results file was written despite the mismatch")
            # The same checkpoint as written by a sibsim with another random-number recipe (the
            # magic's last byte): its rows cannot be continued.
            with open(other + ".checkpoint", "r+b") as f:
                magic = f.read(8)
                check(magic[:7] == b"SIBCKPT", f"checkpoint magic {magic!r}")
                f.seek(7)
                f.write(b"1")
            r = run(cmd(args, other, "--resume"))
            check(r.returncode == 2, f"checkpoint of another RNG recipe: rc {r.returncode}, expected 2")
            check("random numbers differ (recipe 1, now 2)" in r.stderr,
                  f"the RNG recipe message is missing: {r.stderr!r}")
            check(not os.path.exists(other), "a results file was written from another recipe's checkpoint")
            r = run(cmd(args, other))
            check(r.returncode == 0, f"a plain run over an old checkpoint failed: {r.stderr}")
            check(not os.path.exists(other + ".checkpoint"), "the old checkpoint survived a plain run")
            check(r.returncode == 0 and datasets(other) == reference, "a plain run over an old checkpoint differs")
        print("leftover files:", sorted(glob.glob(os.path.join(tmp, "*"))))
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
