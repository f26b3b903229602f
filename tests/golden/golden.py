#!/usr/bin/python3
"""Golden regression results of every shipped scenario (tests/golden/README.md).

For each scenarios/*.yaml (listed when this runs), `sibsim run` with a fixed seed and a fixed number
of replications R, then one digest per KPI of /replications (the KPI's column of R values, sorted
by replication, as little-endian bytes: float64 NaN bit patterns as stored) and its median. The
golden file tests/golden/<scenario stem>.golden holds the same, sorted by KPI name, so that any
change of simulation results is a visible, reviewable diff.

  golden.py check  --sibsim BIN --source-dir DIR [--scenario NAME ...]   compare; exit 1 on a difference
  golden.py check  --sibsim BIN --source-dir DIR --inventory              only: does every scenario have a
                                                                          golden file and vice versa (no runs)
  golden.py update --sibsim BIN --source-dir DIR [--scenario NAME ...]   (re)write the golden files

Nothing here knows the model: any scenario file whose run writes /replications (a compound table
with a `replication` field and one field per KPI) is checked the same way.
Debian's /usr/bin/python3 with h5py and numpy.
"""

import argparse
import glob
import hashlib
import os
import shlex
import subprocess
import sys
import tempfile
import time
import warnings

import h5py
import numpy as np

SEED = 20261205
THREADS = 2
DEFAULT_REPS = 200
# Scenarios whose runs are long get fewer replications, so that the whole check stays well under a
# minute on 2 cores (and bearable in the Debug + ASan suite). Key: scenario file stem.
# national-scale: ~150,000 persons per replication, 0.05-0.09 s per replication on 2 cores (release
# build), against 1-2 ms for the Werk na Detentie scenarios; 50 replications are 7.5 million persons.
REPS = {
    "national-scale": 50,
}
GOLDEN_SUFFIX = ".golden"
FORMAT = "sibsim-golden 1"
NAME_WIDTH = 44  # fixed, so a new long KPI name does not realign (and re-diff) every other line


# ----------------------------------------------------------------------------------------------
# Golden file format
#
#   # <comment lines>
#   format sibsim-golden 1
#   scenario wnd-2016-actual.yaml
#   seed 20261205
#   reps 200
#   threads 2
#   kpi <name padded> <16 hex digits> <median %.6g | nan>
#   ...                                   (kpi lines sorted by name)
# ----------------------------------------------------------------------------------------------

class GoldenError(Exception):
    pass


def reps_for(stem):
    return REPS.get(stem, DEFAULT_REPS)


def fmt_median(value):
    if value is None:
        return "-"
    return "%.6g" % value


def column_digest_and_median(column):
    """64-bit digest (sha256, first 16 hex digits) of the column's little-endian bytes, and the
    median of its defined (non-NaN) values; None for a non-numeric column."""
    col = np.asarray(column)
    if col.dtype.kind in "iufcb":
        col = col.astype(col.dtype.newbyteorder("<"), copy=False)
    data = np.ascontiguousarray(col).tobytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    median = None
    if col.dtype.kind in "iuf" and col.size:
        values = col.astype(np.float64)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN column: median undefined
            median = float(np.nanmedian(values))
    elif col.dtype.kind in "iuf":
        median = float("nan")
    return digest, median


def kpis_of_results(path):
    """{kpi: (digest, median)} from the results file's /replications, rows in replication order."""
    with h5py.File(path, "r") as f:
        if "replications" not in f:
            raise GoldenError("{}: no /replications table".format(path))
        table = f["replications"][()]
    names = table.dtype.names
    if not names or "replication" not in names:
        raise GoldenError("{}: /replications has no `replication` field".format(path))
    rep = np.asarray(table["replication"])
    order = np.argsort(rep, kind="stable")
    table = table[order]
    if not np.array_equal(np.asarray(table["replication"], dtype=np.int64), np.arange(len(table))):
        raise GoldenError("{}: /replications does not hold replications 0..{} exactly once".format(
            path, len(table) - 1))
    return len(table), {name: column_digest_and_median(table[name]) for name in names if name != "replication"}


def render(scenario_file, seed, reps, threads, kpis):
    lines = [
        "# Golden results: sibsim run scenarios/{} --reps {} --seed {} --threads {}".format(
            scenario_file, reps, seed, threads),
        "# kpi  name  sha256[:16] of its /replications column (little-endian, replication order)  median",
        "# Do not edit. Regenerate with `make golden` only in a commit that says why results changed",
        "# (tests/golden/README.md).",
        "format " + FORMAT,
        "scenario " + scenario_file,
        "seed {}".format(seed),
        "reps {}".format(reps),
        "threads {}".format(threads),
    ]
    for name in sorted(kpis):
        digest, median = kpis[name]
        lines.append("kpi {} {} {}".format(name.ljust(NAME_WIDTH), digest, fmt_median(median)))
    return "\n".join(lines) + "\n"


def parse(path):
    header, kpis = {}, {}
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, _, rest = line.partition(" ")
            if key == "kpi":
                parts = rest.rsplit(None, 2)
                if len(parts) != 3:
                    raise GoldenError("{}:{}: expected `kpi NAME DIGEST MEDIAN`".format(path, number))
                name, digest, median = parts[0].strip(), parts[1], parts[2]
                if name in kpis:
                    raise GoldenError("{}:{}: KPI {} twice".format(path, number, name))
                kpis[name] = (digest, median)
            elif key in ("format", "scenario", "seed", "reps", "threads"):
                header[key] = rest.strip()
            else:
                raise GoldenError("{}:{}: unknown line `{}`".format(path, number, line))
    if header.get("format") != FORMAT:
        raise GoldenError("{}: not a `{}` file".format(path, FORMAT))
    for key in ("scenario", "seed", "reps", "threads"):
        if key not in header:
            raise GoldenError("{}: header has no `{}` line".format(path, key))
    try:
        seed, reps, threads = int(header["seed"]), int(header["reps"]), int(header["threads"])
    except ValueError as e:
        raise GoldenError("{}: bad header value: {}".format(path, e)) from None
    return {"scenario": header["scenario"], "seed": seed, "reps": reps, "threads": threads}, kpis


# ----------------------------------------------------------------------------------------------
# Running sibsim
# ----------------------------------------------------------------------------------------------

def tail(text, lines=15):
    return "\n".join("      | " + line for line in text.splitlines()[-lines:])


def run_scenario(sibsim, scenario_path, seed, reps, threads, timeout):
    """Run the scenario; returns (kpis, seconds)."""
    with tempfile.TemporaryDirectory(prefix="sibsim-golden-") as tmp:
        out = os.path.join(tmp, "x.h5")
        cmd = [sibsim, "run", scenario_path, "--reps", str(reps), "--seed", str(seed),
               "--threads", str(threads), "-q", "--no-report", "--out", out]
        start = time.monotonic()
        try:
            r = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise GoldenError("`{}` timed out after {} s".format(" ".join(map(shlex.quote, cmd)), timeout)) from None
        seconds = time.monotonic() - start
        if r.returncode != 0 or not os.path.isfile(out):
            raise GoldenError("`{}` failed (exit code {}{}):\n{}".format(
                " ".join(map(shlex.quote, cmd)), r.returncode,
                "" if os.path.isfile(out) else ", no results file", tail(r.stderr or r.stdout)))
        rows, kpis = kpis_of_results(out)
        if rows != reps:
            raise GoldenError("{}: /replications has {} rows, expected {}".format(scenario_path, rows, reps))
        return kpis, seconds


# ----------------------------------------------------------------------------------------------
# Comparison and report
# ----------------------------------------------------------------------------------------------

def compare(golden_kpis, new_kpis):
    """Returns (changed, missing, added): changed = [(name, old median, new median)]."""
    changed, missing, added = [], [], []
    for name in sorted(set(golden_kpis) | set(new_kpis)):
        if name not in new_kpis:
            missing.append((name, golden_kpis[name][1]))
        elif name not in golden_kpis:
            added.append((name, fmt_median(new_kpis[name][1])))
        elif golden_kpis[name][0] != new_kpis[name][0]:
            changed.append((name, golden_kpis[name][1], fmt_median(new_kpis[name][1])))
    return changed, missing, added


def report_difference(stem, changed, missing, added, header, prefix="FAIL"):
    counts = []
    if changed:
        counts.append("{} KPI{} changed".format(len(changed), "" if len(changed) == 1 else "s"))
    if missing:
        counts.append("{} missing".format(len(missing)))
    if added:
        counts.append("{} added".format(len(added)))
    print("{} {}: {} (seed {}, {} replications)".format(prefix, stem, ", ".join(counts), header["seed"], header["reps"]))
    width = max(len(n[0]) for n in changed + missing + added)
    if changed:
        print("  changed (golden median -> new median):")
        for name, old, new in changed:
            note = "   (same median; other replications differ)" if old == new else ""
            print("    {}  {} -> {}{}".format(name.ljust(width), old, new, note))
    if missing:
        print("  missing (in the golden file, not in the results):")
        for name, old in missing:
            print("    {}  golden median {}".format(name.ljust(width), old))
    if added:
        print("  added (in the results, not in the golden file):")
        for name, new in added:
            print("    {}  median {}".format(name.ljust(width), new))
    sys.stdout.flush()


def update_command(args, stems):
    cmd = ["/usr/bin/python3", os.path.abspath(__file__), "update", "--sibsim", os.path.abspath(args.sibsim),
           "--source-dir", os.path.abspath(args.source_dir)]
    if args.scenarios_dir:
        cmd += ["--scenarios-dir", os.path.abspath(args.scenarios_dir)]
    if args.golden_dir:
        cmd += ["--golden-dir", os.path.abspath(args.golden_dir)]
    for stem in stems:
        cmd += ["--scenario", stem]
    return " ".join(map(shlex.quote, cmd))


def print_update_hint(args, stems):
    print()
    print("If this change of results is intended, update the golden files and commit them in a commit")
    print("whose message says why results changed (tests/golden/README.md):")
    print("    " + update_command(args, stems))
    if not args.scenarios_dir and not args.golden_dir:
        print("  or, every scenario against build/$(PRESET) (default release), from {}:".format(
            os.path.abspath(args.source_dir)))
        print("    make golden")


# ----------------------------------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------------------------------

def stem_of(path):
    return os.path.splitext(os.path.basename(path))[0]


def list_scenarios(scenarios_dir):
    files = sorted(glob.glob(os.path.join(scenarios_dir, "*.yaml")))
    return {stem_of(p): p for p in files}


def list_golden(golden_dir):
    return {stem_of(p): p for p in sorted(glob.glob(os.path.join(golden_dir, "*" + GOLDEN_SUFFIX)))}


def select(args, scenarios):
    if not args.scenario:
        return sorted(scenarios)
    stems = []
    for name in args.scenario:
        stem = stem_of(name)
        if stem not in scenarios:
            raise GoldenError("no scenario {} in {} (shipped: {})".format(
                name, args.scenarios_dir_resolved, ", ".join(sorted(scenarios)) or "none"))
        stems.append(stem)
    return stems


def cmd_check(args, scenarios, golden):
    problems = []  # stems needing an update
    orphans = []
    if not args.scenario:
        orphans = sorted(set(golden) - set(scenarios))
    if args.inventory:
        stems = select(args, scenarios)
        for stem in stems:
            if stem not in golden:
                print("FAIL {}: no golden file {} (a new scenario? run the update command below)".format(
                    stem, os.path.join(args.golden_dir_resolved, stem + GOLDEN_SUFFIX)))
                problems.append(stem)
        if not problems and not orphans:
            print("ok   every one of the {} scenarios in {} has a golden file, and every golden file a scenario".format(
                len(scenarios), args.scenarios_dir_resolved))
    else:
        for stem in select(args, scenarios):
            if stem not in golden:
                print("FAIL {}: no golden file {} (a new scenario? run the update command below)".format(
                    stem, os.path.join(args.golden_dir_resolved, stem + GOLDEN_SUFFIX)), flush=True)
                problems.append(stem)
                continue
            try:
                header, golden_kpis = parse(golden[stem])
                new_kpis, seconds = run_scenario(args.sibsim, scenarios[stem], header["seed"], header["reps"],
                                                 header["threads"], args.timeout)
            except GoldenError as e:
                print("FAIL {}: {}".format(stem, e), flush=True)
                problems.append(stem)
                continue
            changed, missing, added = compare(golden_kpis, new_kpis)
            if changed or missing or added:
                report_difference(stem, changed, missing, added, header)
                problems.append(stem)
            else:
                print("ok   {:<36} {:>4} KPIs identical ({} replications, seed {}, {:.1f} s)".format(
                    stem, len(new_kpis), header["reps"], header["seed"], seconds), flush=True)
    for stem in orphans:
        print("FAIL {}: golden file {} has no scenario {}.yaml (renamed or removed?)".format(
            stem, golden[stem], os.path.join(args.scenarios_dir_resolved, stem)))
    if problems or orphans:
        print_update_hint(args, problems if args.scenario else [])
        return 1
    return 0


def cmd_update(args, scenarios, golden):
    stems = select(args, scenarios)
    failed = False
    os.makedirs(args.golden_dir_resolved, exist_ok=True)
    for stem in stems:
        reps = reps_for(stem)
        try:
            new_kpis, seconds = run_scenario(args.sibsim, scenarios[stem], SEED, reps, THREADS, args.timeout)
        except GoldenError as e:
            print("FAIL {}: {}".format(stem, e), flush=True)
            failed = True
            continue
        path = os.path.join(args.golden_dir_resolved, stem + GOLDEN_SUFFIX)
        text = render(os.path.basename(scenarios[stem]), SEED, reps, THREADS, new_kpis)
        old_text = None
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                old_text = f.read()
        if old_text == text:
            print("same {:<36} {:>4} KPIs ({} replications, {:.1f} s)".format(stem, len(new_kpis), reps, seconds))
        else:
            if old_text is None:
                print("new  {:<36} {:>4} KPIs ({} replications, {:.1f} s)".format(stem, len(new_kpis), reps, seconds))
            else:
                try:
                    header, golden_kpis = parse(path)
                    changed, missing, added = compare(golden_kpis, new_kpis)
                    if header["reps"] != reps or header["seed"] != SEED or header["threads"] != THREADS:
                        print("note {}: header changes (seed {} -> {}, reps {} -> {}, threads {} -> {})".format(
                            stem, header["seed"], SEED, header["reps"], reps, header["threads"], THREADS))
                    if changed or missing or added:
                        report_difference(stem, changed, missing, added, header, prefix="diff")
                except GoldenError as e:
                    print("note {}: old golden file unreadable ({})".format(stem, e))
                print("updated {}".format(path))
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        sys.stdout.flush()
    if not args.scenario:
        for stem in sorted(set(golden) - set(scenarios)):
            os.remove(golden[stem])
            print("removed {} (no scenario {}.yaml)".format(golden[stem], stem))
    if failed:
        return 1
    shown = os.path.relpath(args.golden_dir_resolved)
    if shown.startswith(".."):
        shown = args.golden_dir_resolved
    print("\nReview the change with `git diff {}` and commit it with a message that says why results changed.".format(
        shown))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "update"])
    parser.add_argument("--sibsim", required=True, help="the sibsim executable")
    parser.add_argument("--source-dir", required=True, help="the repository (scenarios/ and tests/golden/)")
    parser.add_argument("--scenario", action="append", metavar="NAME",
                        help="only this scenario (stem or file name; repeatable); default: every scenarios/*.yaml")
    parser.add_argument("--scenarios-dir", help="default: SOURCE_DIR/scenarios")
    parser.add_argument("--golden-dir", help="default: SOURCE_DIR/tests/golden")
    parser.add_argument("--inventory", action="store_true",
                        help="check only: every scenario has a golden file and every golden file a scenario; no runs")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per sibsim run (default 1800)")
    args = parser.parse_args()
    if args.inventory and args.command != "check":
        parser.error("--inventory is an option of check")
    args.sibsim = os.path.abspath(args.sibsim)
    args.scenarios_dir_resolved = os.path.abspath(args.scenarios_dir or os.path.join(args.source_dir, "scenarios"))
    args.golden_dir_resolved = os.path.abspath(args.golden_dir or os.path.join(args.source_dir, "tests", "golden"))
    if not args.inventory and not os.access(args.sibsim, os.X_OK):
        print("FAIL: {} is not an executable".format(args.sibsim))
        return 1

    scenarios = list_scenarios(args.scenarios_dir_resolved)
    if not scenarios:
        print("FAIL: no *.yaml files in {}".format(args.scenarios_dir_resolved))
        return 1
    golden = list_golden(args.golden_dir_resolved)
    start = time.monotonic()
    try:
        rc = cmd_check(args, scenarios, golden) if args.command == "check" else cmd_update(args, scenarios, golden)
    except GoldenError as e:
        print("FAIL: {}".format(e))
        return 1
    if not args.inventory:
        print("{} in {:.1f} s".format(args.command, time.monotonic() - start))
    return rc


if __name__ == "__main__":
    sys.exit(main())
