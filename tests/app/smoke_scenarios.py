#!/usr/bin/python3
"""Smoke test of every shipped scenario: for each scenarios/*.yaml (listed when the test runs,
so new files are covered without touching CMake), `sibsim validate FILE` and
`sibsim run FILE --reps 20 -q --out <tmpdir>/x.h5` must both exit 0. Fails naming every file
that does not. Standard library only (Debian's /usr/bin/python3).

Usage: smoke_scenarios.py --sibsim PATH --scenarios DIR [--reps N]
"""

import argparse
import glob
import os
import subprocess
import sys
import tempfile


def tail(text, lines=15):
    kept = text.splitlines()[-lines:]
    return "\n".join("    | " + line for line in kept)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sibsim", required=True)
    parser.add_argument("--scenarios", required=True, help="the folder of shipped scenarios")
    parser.add_argument("--reps", default="20")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per command")
    args = parser.parse_args()
    sibsim = os.path.abspath(args.sibsim)

    files = sorted(glob.glob(os.path.join(os.path.abspath(args.scenarios), "*.yaml")))
    if not files:
        print("FAIL: no *.yaml files in {}".format(args.scenarios))
        return 1

    failures = []
    with tempfile.TemporaryDirectory(prefix="sibsim-smoke-") as tmp:
        for path in files:
            name = os.path.basename(path)
            out = os.path.join(tmp, "x.h5")
            commands = [
                ("validate", [sibsim, "validate", path]),
                ("run", [sibsim, "run", path, "--reps", args.reps, "-q", "--out", out]),
            ]
            for label, cmd in commands:
                try:
                    r = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=args.timeout)
                    ok = r.returncode == 0 and (label != "run" or os.path.isfile(out))
                    detail = "exit code {}{}\n{}".format(
                        r.returncode, "" if label != "run" or os.path.isfile(out) else ", no results file",
                        tail(r.stderr or r.stdout))
                except subprocess.TimeoutExpired:
                    ok, detail = False, "timed out after {} s".format(args.timeout)
                print("{} {:<8} {}".format("ok  " if ok else "FAIL", label, name), flush=True)
                if not ok:
                    failures.append((name, label, detail))
            if os.path.exists(out):
                os.remove(out)

    if failures:
        print("\n{} of {} scenario files failed:".format(len({f[0] for f in failures}), len(files)))
        for name, label, detail in failures:
            print("  {} ({}): {}".format(name, label, detail))
        return 1
    print("all {} scenario files validate and run".format(len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
