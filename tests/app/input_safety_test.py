#!/usr/bin/python3
"""How sibsim reads its inputs and what its exit codes mean (issue 13, classes 4, 7 and 8):
only regular files are read (a FIFO as scenario, `extends` base, sweep file, sweep `base`,
list-scenarios entry or results file is refused at once with exit 2, never waited on); `-` reads
a scenario from standard input once (run, validate); a results file that is not one (empty,
truncated, another program's HDF5, an unknown kind) is a bad input (exit 2), as are
list-scenarios on a file or a missing folder; numeric options are parsed strictly (no wrap of
-1 or 2^64, no "1e9", no nan); CR-only line endings load; YAML tags are refused; key paths have
one spelling.

Usage: input_safety_test.py --sibsim PATH --source-dir DIR CASE
Each CASE is its own ctest test (tests/app/CMakeLists.txt). FIFO cases run with a timeout of a
few seconds: a hang is a failure, not a stuck test. h5py (Debian's /usr/bin/python3) for the
results-file cases.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

QUICK = 10  # seconds: every refusal here is immediate


from cli_check import Failure, check  # this folder's shared helper (cli_check.py)


class Cli:
    def __init__(self, sibsim, source_dir):
        self.sibsim = sibsim
        self.source_dir = source_dir
        self.scenarios = os.path.join(source_dir, "scenarios")
        self.mmc = os.path.join(self.scenarios, "mmc-queue.yaml")

    def run(self, *args, cwd=None, timeout=QUICK, stdin=subprocess.DEVNULL, input=None):
        try:
            return subprocess.run([self.sibsim, *args], cwd=cwd, capture_output=True, text=True,
                                  timeout=timeout, input=input, stdin=None if input is not None else stdin)
        except subprocess.TimeoutExpired:
            raise Failure("sibsim {} did not finish within {} s (blocked on an input?)".format(
                " ".join(args), timeout))


def refused(r, *fragments):
    """Exit 2 with a message naming what is wrong (no 'internal error')."""
    check(r.returncode == 2, "exit code 2 (bad input)", r)
    check("internal error" not in r.stderr, "not an internal error", r)
    for f in fragments:
        check(f in r.stderr, "the message says '{}'".format(f), r)


def fifo(folder, name="pipe.yaml"):
    path = os.path.join(folder, name)
    os.mkfifo(path)
    return path


# ---- class 4: only regular files are read -------------------------------------------------


def case_fifo_validate(cli):
    with tempfile.TemporaryDirectory() as tmp:
        refused(cli.run("validate", fifo(tmp)), "named pipe (FIFO)", "only regular files are read")


def case_fifo_run(cli):
    with tempfile.TemporaryDirectory() as tmp:
        r = cli.run("run", fifo(tmp), "--reps", "2", "-q", "--out", os.path.join(tmp, "x.h5"))
        refused(r, "named pipe (FIFO)")
        check(sorted(os.listdir(tmp)) == ["pipe.yaml"], "nothing written", r)


def case_fifo_extends(cli):
    with tempfile.TemporaryDirectory() as tmp:
        fifo(tmp, "base.yaml")
        variant = os.path.join(tmp, "variant.yaml")
        with open(variant, "w") as f:
            f.write("extends: base.yaml\nname: v\n")
        refused(cli.run("validate", variant), variant + ":1:10:", "cannot load the base scenario 'base.yaml'",
                "named pipe (FIFO)")


def case_fifo_sweep(cli):
    with tempfile.TemporaryDirectory() as tmp:
        refused(cli.run("sweep", fifo(tmp), "--list"), "named pipe (FIFO)")
        fifo(tmp, "base.yaml")
        sweep = os.path.join(tmp, "sweep.yaml")
        with open(sweep, "w") as f:
            f.write("base: base.yaml\ndesign: grid\nparameters:\n  - path: mmc.servers\n    values: [4, 5]\n")
        refused(cli.run("sweep", sweep, "--list"), sweep + ":1:7:", "named pipe (FIFO)")


def case_fifo_list_scenarios(cli):
    with tempfile.TemporaryDirectory() as tmp:
        fifo(tmp, "a-pipe.yaml")
        shutil.copy(cli.mmc, os.path.join(tmp, "b-mmc.yaml"))
        os.mkdir(os.path.join(tmp, "c-folder.yaml"))
        r = cli.run("list-scenarios", tmp)
        check(r.returncode == 0, "exit 0", r)
        check("a-pipe.yaml" in r.stdout and "SKIPPED: not a regular file" in r.stdout, "the FIFO is skipped", r)
        check("c-folder.yaml" in r.stdout.split("SKIPPED")[1] or r.stdout.count("SKIPPED") == 2,
              "the folder is skipped", r)
        check("b-mmc.yaml" in r.stdout and "M/M/c queue" in r.stdout, "the scenario is listed", r)


def case_fifo_report(cli):
    with tempfile.TemporaryDirectory() as tmp:
        r = cli.run("report", fifo(tmp, "r.h5"), "--out", os.path.join(tmp, "r.html"))
        refused(r, "not a regular file")


def case_device(cli):
    refused(cli.run("validate", "/dev/zero"), "character device")
    refused(cli.run("validate", "/dev/stdin"))  # stdin is /dev/null here: a device, not a file


def case_stdin(cli):
    """`-` reads the scenario from standard input once; `extends` is relative to the working dir."""
    with open(cli.mmc) as f:
        text = f.read()
    r = cli.run("validate", "-", input=text)
    check(r.returncode == 0 and r.stdout.startswith("# <stdin>: valid"), "validate - reads stdin", r)
    r = cli.run("validate", "-", input="extends: mmc-queue.yaml\nmmc:\n  servers: 5\n", cwd=cli.scenarios)
    check(r.returncode == 0 and "servers: 5" in r.stdout, "extends relative to the working directory", r)
    r = cli.run("validate", "-", input="model: mmc\nmmc:\n  servers: five\n")
    refused(r, "<stdin>:3:12: error")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "s.h5")
        r = cli.run("run", "-", "--reps", "2", "-q", "--no-report", "--out", out, input=text, timeout=120)
        check(r.returncode == 0 and os.path.exists(out), "run - writes the results file", r)
        import h5py
        with h5py.File(out, "r") as h5:
            given = h5["meta"]["scenario_yaml_given"][()]
            given = given.decode() if isinstance(given, bytes) else str(given)
        check(given == text, "/meta keeps the text read from stdin: {!r}".format(given[:80]))


# ---- class 7: exit codes mean what they say --------------------------------------------------


def make_results(cli, tmp):
    out = os.path.join(tmp, "good.h5")
    r = cli.run("run", cli.mmc, "--reps", "2", "-q", "--no-report", "--out", out, timeout=120)
    check(r.returncode == 0, "a run for the report cases", r)
    return out


def case_report_not_results(cli):
    import h5py
    with tempfile.TemporaryDirectory() as tmp:
        good = make_results(cli, tmp)
        empty = os.path.join(tmp, "empty.h5")
        open(empty, "w").close()
        truncated = os.path.join(tmp, "truncated.h5")
        with open(good, "rb") as f, open(truncated, "wb") as g:
            g.write(f.read()[:2048])
        text = os.path.join(tmp, "text.h5")
        with open(text, "w") as f:
            f.write("model: mmc\n")
        other = os.path.join(tmp, "other.h5")
        with h5py.File(other, "w") as h5:
            h5["x"] = [1, 2, 3]
        kind = os.path.join(tmp, "kind.h5")
        shutil.copy(good, kind)
        with h5py.File(kind, "r+") as h5:
            if "kind" in h5["meta"].attrs:
                h5["meta"].attrs["kind"] = "optimisation"
            h5.attrs["kind"] = "optimisation"
        # Metadata intact, the object header of /replications overwritten (a damaged copy): bad
        # input too, with what to do.
        damaged = os.path.join(tmp, "damaged.h5")
        shutil.copy(good, damaged)
        with h5py.File(damaged, "r") as h5:
            header = h5py.h5o.get_info(h5["replications"].id).addr
        with open(damaged, "r+b") as f:
            f.seek(header)
            f.write(b"\xff" * 64)
        cases = [(empty, "the file is empty"), (truncated, ""), (text, "not an HDF5 file"),
                 (other, "not a sibsim results file"), (kind, "kind 'optimisation'"),
                 (tmp, ""), (damaged, "damaged or incomplete")]
        for path, fragment in cases:
            r = cli.run("report", path, "--out", os.path.join(tmp, "r.html"))
            refused(r, fragment,
                    "" if path == tmp else "re-run the command" if path == damaged else "give a results file")
            check(not os.path.exists(os.path.join(tmp, "r.html")), "no report written for " + path, r)
        r = cli.run("report", good, "--out", os.path.join(tmp, "r.html"), timeout=120)
        check(r.returncode == 0, "a real results file still reports", r)


def case_list_scenarios_not_a_folder(cli):
    with tempfile.TemporaryDirectory() as tmp:
        refused(cli.run("list-scenarios", cli.mmc), "is not a folder", "sibsim validate FILE")
        refused(cli.run("list-scenarios", os.path.join(tmp, "nowhere")), "there is no folder")
        refused(cli.run("list-scenarios", cwd=tmp), "there is no folder 'scenarios' here")
        r = cli.run("list-scenarios", cwd=cli.source_dir, timeout=120)
        check(r.returncode == 0 and "wnd-2016-actual.yaml" in r.stdout, "the default folder in the repository", r)


def case_unknown_precision_kpi(cli):
    with tempfile.TemporaryDirectory() as tmp:
        r = cli.run("run", cli.mmc, "--reps", "2", "-q", "--precision-kpi", "no_such_kpi", "--precision", "1",
                    "--out", os.path.join(tmp, "x.h5"))
        refused(r, "unknown KPI 'no_such_kpi'")


def case_cr_only(cli):
    with open(cli.mmc, newline="") as f:
        text = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        cr = os.path.join(tmp, "cr.yaml")
        with open(cr, "w", newline="") as f:
            f.write(text.replace("\n", "\r"))
        r = cli.run("validate", cr)
        check(r.returncode == 0 and "servers: 4" in r.stdout, "a CR-only file validates", r)
        with open(cr, "w", newline="") as f:
            f.write(text.replace("servers: 4 ", "servers: x ").replace("\n", "\r"))
        line = text[:text.index("servers: 4")].count("\n") + 1
        refused(cli.run("validate", cr), "{}:{}:".format(cr, line))


# ---- class 8: no silent collisions ------------------------------------------------------------


def case_strict_integers(cli):
    bad = [("run", "--seed", "-1"), ("run", "--seed", "18446744073709551616"), ("run", "--seed", "1e3"),
           ("run", "--seed", "+5"), ("run", "--seed", "0x10"), ("run", "--seed", " 5"),
           ("run", "--reps", "1e9"), ("run", "--reps", "-1"), ("run", "--reps", "1000000001"),
           ("run", "--reps", "2.5"), ("run", "--threads", "-1"), ("run", "--threads", "4294967297"),
           ("run", "--persons", "-1"), ("run", "--replication", "-1"), ("run", "--batch", "0"),
           ("run", "--batch", "-256"), ("sweep", "--block", "-1"), ("sweep", "--seed", "-1"),
           ("sweep", "--reps", "18446744073709551617"), ("feasibility", "--block", "1e3"),
           ("feasibility", "--max-reps", "-10"), ("compare", "--seed", "-1"), ("compare", "--reps", "1e9")]
    sweep = os.path.join(cli.scenarios, "sweeps", "mmc-servers.yaml")
    for command, option, value in bad:
        args = {"run": ["run", cli.mmc, "-q"], "sweep": ["sweep", sweep, "--list"],
                "compare": ["compare", cli.mmc, cli.mmc, "-q"],
                "feasibility": ["feasibility", cli.mmc, "--param", "mmc.servers", "--from", "4", "--to", "8",
                                "--step", "1", "--kpi", "mean_wait", "--target", "1"]}[command]
        r = cli.run(*args, option, value)
        refused(r, option, "whole number")
        check("not in range" not in r.stderr, "no float-parsed range message", r)
    r = cli.run("sweep", sweep, "--list", "--seed", "18446744073709551615")
    check(r.returncode == 0, "2^64-1 is a valid seed", r)


def case_strict_numbers(cli):
    common = ["feasibility", cli.mmc, "--param", "mmc.servers", "--from", "4", "--to", "8", "--step", "1",
              "--kpi", "mean_wait"]
    for option, value in [("--target", "nan"), ("--target", "inf"), ("--probability", "nan"),
                          ("--probability", "1.5"), ("--confidence", "inf"), ("--confidence", "0.4")]:
        args = common + (["--target", "1"] if option != "--target" else [])
        refused(cli.run(*args, option, value), option)
    for value in ["0", "-1", "nan", "inf", "x"]:
        refused(cli.run("run", cli.mmc, "-q", "--precision-kpi", "x", "--precision", value), "--precision")


def case_yaml_tag(cli):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.yaml")
        with open(path, "w") as f:
            f.write("model: mmc\nmmc:\n  servers: !!int 5\n")
        refused(cli.run("validate", path), path + ":3:12: error", "YAML tag '!!int' is not supported")
        sweep = os.path.join(tmp, "s.yaml")
        with open(sweep, "w") as f:
            f.write("base: {}\ndesign: !!str grid\nreplications: !!int 5\nparameters:\n"
                    "  - path: mmc.servers\n    values: [4, 5]\n".format(cli.mmc))
        refused(cli.run("sweep", sweep, "--list"), sweep + ":3:15: error", "YAML tag '!!int'")


def case_sweep_path_spelling(cli):
    with tempfile.TemporaryDirectory() as tmp:
        sweep = os.path.join(tmp, "s.yaml")
        base = os.path.join(cli.scenarios, "wnd-2016-actual.yaml")
        with open(sweep, "w") as f:
            f.write("base: {}\ndesign: grid\nparameters:\n  - path: prisons[0].start\n    values: [2016-06-01]\n"
                    "  - path: prisons[00].start\n    values: [2016-09-01]\n".format(base))
        refused(cli.run("sweep", sweep, "--list", timeout=60), sweep + ":6:11: error", "malformed key path")


CASES = {name[len("case_"):]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sibsim", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("case", choices=sorted(CASES) + ["all"])
    args = parser.parse_args()
    cli = Cli(os.path.abspath(args.sibsim), os.path.abspath(args.source_dir))
    failed = 0
    for name in sorted(CASES) if args.case == "all" else [args.case]:
        try:
            CASES[name](cli)
            print("ok   {}".format(name))
        except Failure as e:
            failed += 1
            print("FAIL {}: {}".format(name, e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
