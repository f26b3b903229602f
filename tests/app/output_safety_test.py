#!/usr/bin/python3
"""How sibsim writes files (issue 13, classes 1, 2, 3 and the output lock of class 8).

1 never destroy: an output that is an input (also by hard link or another spelling), a FIFO,
  a device, a symlink (at the results file, its report, its checkpoint, a CSV file) is refused
  with exit 2 and left byte-identical; a scenario `name` cannot lead the default path out of
  results/.
2 failing writes: the n-th write fails (SIBSIM_TEST_FAIL_WRITE, a test-only seam) or a small tmpfs
  fills up (root only): exit 1, one line "error: ... '<file>': <cause>", no crash, no temporary
  or lock left, an existing results file unchanged or complete, and --resume finishes.
3 signals: SIGINT/SIGTERM/SIGHUP exit 130/143/129, temporaries removed, checkpoint kept, --resume (also with
  --csv) finishes clean; temporaries of dead processes are removed, a live one's never.
8 lock: a second sibsim writing the same --out is refused with exit 2 naming the first one's pid.

Usage: output_safety_test.py --sibsim PATH --source-dir DIR CASE   (`all` runs every case)
Standard library only (Debian's /usr/bin/python3).
"""

import argparse
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

QUICK = 60
TEMP_PATTERN = re.compile(r"\.tmp-\d+|\.lock$")


from cli_check import Failure, check  # this folder's shared helper (cli_check.py)


class Cli:
    def __init__(self, sibsim, source_dir):
        self.sibsim = sibsim
        self.source_dir = source_dir
        self.scenarios = os.path.join(source_dir, "scenarios")
        self.mmc = os.path.join(self.scenarios, "mmc-queue.yaml")
        self.sib = os.path.join(self.scenarios, "wnd-2016-actual.yaml")
        self.sib_plan = os.path.join(self.scenarios, "wnd-2016-plan.yaml")  # extends wnd-2016-actual.yaml
        self.grid = os.path.join(source_dir, "tests", "data", "sweeps", "grid-small.yaml")

    def run(self, *args, cwd=None, timeout=QUICK, env=None):
        return subprocess.run([self.sibsim, *args], cwd=cwd, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL, env=env)


def snapshot(paths):
    """path -> bytes (or the link target) of every path that exists."""
    out = {}
    for p in paths:
        if os.path.islink(p):
            out[p] = ("link", os.readlink(p))
        elif os.path.isfile(p):
            with open(p, "rb") as f:
                out[p] = f.read()
    return out


def leftovers(*folders):
    """Temporaries and lock files in the folders (recursively)."""
    found = []
    for folder in folders:
        for root, _, files in os.walk(folder):
            found += [os.path.join(root, n) for n in files if TEMP_PATTERN.search(n)]
    return sorted(found)


def refused(r, words):
    check(r.returncode == 2, "exit code 2 (refused)", r)
    lines = r.stderr.strip().splitlines()
    check(len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0],
          "one line 'error: ...{}...'".format(words), r)
    check("internal error" not in r.stderr, "not an internal error", r)


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def copy(src, dst):
    with open(src, "rb") as a, open(dst, "wb") as b:
        b.write(a.read())


# ---- class 1: never destroy --------------------------------------------------------------------

def case_out_is_input(cli):
    """--out naming an input (the scenario, its extends base, by hard link, by another spelling)."""
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "wnd-2016-actual.yaml")
        plan = os.path.join(tmp, "plan.yaml")
        copy(cli.sib, base)
        copy(cli.sib_plan, plan)
        os.mkdir(os.path.join(tmp, "sub"))
        os.link(plan, os.path.join(tmp, "hard.yaml"))
        before = snapshot([base, plan])
        for out in [plan, base, os.path.join(tmp, "hard.yaml"), os.path.join(tmp, "sub", "..", "plan.yaml"),
                    "./plan.yaml"]:
            r = cli.run("run", plan, "--reps", "2", "-q", "--out", out, cwd=tmp)
            refused(r, "input of this command")
        check(snapshot([base, plan]) == before, "the inputs are byte-identical")
        check(leftovers(tmp) == [], "no temporaries: {}".format(leftovers(tmp)))


def case_compare_sweep_report_inputs(cli):
    """compare --out a compared scenario; sweep --out its file or base; report R.h5 --out R.h5."""
    with tempfile.TemporaryDirectory() as tmp:
        a = os.path.join(tmp, "a.yaml")
        b = os.path.join(tmp, "b.yaml")
        copy(cli.mmc, a)
        copy(cli.mmc, b)
        sweep = os.path.join(tmp, "sweep.yaml")
        with open(sweep, "w") as f:
            f.write("base: a.yaml\ndesign: grid\nreplications: 5\nseed: 3\n"
                    "parameters:\n  - path: mmc.servers\n    values: [4, 5]\n")
        before = snapshot([a, b, sweep])
        refused(cli.run("compare", a, b, "--reps", "5", "-q", "--out", b), "input of this command")
        refused(cli.run("sweep", sweep, "-q", "--out", sweep), "input of this command")
        refused(cli.run("sweep", sweep, "-q", "--out", a), "input of this command")
        refused(cli.run("feasibility", a, "--param", "mmc.servers", "--from", "4", "--to", "5", "--step", "1",
                        "--kpi", "utilisation", "--target", "0.7", "-q", "--out", a), "input of this command")
        check(snapshot([a, b, sweep]) == before, "the inputs are byte-identical")
        res = os.path.join(tmp, "r.h5")
        r = cli.run("run", a, "--reps", "5", "-q", "--no-report", "--out", res)
        check(r.returncode == 0, "run exits 0", r)
        os.link(res, os.path.join(tmp, "r-link.h5"))
        before = snapshot([res])
        refused(cli.run("report", res, "--out", res), "input of this command")
        refused(cli.run("report", res, "--out", os.path.join(tmp, "r-link.h5")), "input of this command")
        check(snapshot([res]) == before, "the results file is byte-identical")
        check(leftovers(tmp) == [], "no temporaries: {}".format(leftovers(tmp)))


def case_not_regular(cli):
    """FIFOs, symlinks and (as root) a device node are never replaced or written through."""
    with tempfile.TemporaryDirectory() as tmp:
        victim = os.path.join(tmp, "victim.txt")
        with open(victim, "w") as f:
            f.write("keep me\n")
        fifo = os.path.join(tmp, "fifo.h5")
        os.mkfifo(fifo)
        link = os.path.join(tmp, "link.h5")
        os.symlink(victim, link)
        refused(cli.run("run", cli.mmc, "--reps", "2", "-q", "--out", fifo), "FIFO")
        refused(cli.run("run", cli.mmc, "--reps", "2", "-q", "--out", link), "symbolic link")
        refused(cli.run("run", cli.mmc, "--reps", "2", "-q", "--out", tmp), "directory")
        check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO is still a FIFO")
        # A symlink at the report, the checkpoint or a CSV file of an otherwise fine --out.
        out = os.path.join(tmp, "x.h5")
        csv = os.path.join(tmp, "csv")
        os.mkdir(csv)
        for planted in [os.path.join(tmp, "x.html"), out + ".checkpoint", os.path.join(csv, "summary.csv")]:
            os.symlink(victim, planted)
            r = cli.run("run", cli.mmc, "--reps", "2", "-q", "--out", out, "--csv", csv)
            refused(r, "symbolic link")
            check(not os.path.exists(out), "nothing written when refused")
            os.unlink(planted)
        # The old fixed checkpoint temporary name: a planted symlink there is never followed.
        os.symlink(victim, out + ".checkpoint.tmp")
        r = cli.run("run", cli.mmc, "--reps", "2", "-q", "--out", out)
        check(r.returncode == 0, "run exits 0", r)
        # Compare/sweep CSV tables: a FIFO as a table's CSV file is refused, without blocking.
        os.mkfifo(os.path.join(csv, "compare_scenarios.csv"))
        r = cli.run("compare", cli.mmc, cli.mmc, "--reps", "3", "-q", "--out", os.path.join(tmp, "c.h5"),
                    "--csv", csv, timeout=20)
        refused(r, "FIFO")
        check(not os.path.exists(os.path.join(tmp, "c.h5")), "refused before anything is written")
        with open(victim) as f:
            check(f.read() == "keep me\n", "the symlinks' target is unchanged")
        if os.geteuid() == 0:
            dev = os.path.join(tmp, "null-device")
            os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
            refused(cli.run("run", cli.mmc, "--reps", "2", "-q", "--out", dev), "device")
            check(stat.S_ISCHR(os.lstat(dev).st_mode), "the device node is still a device node")
        check(leftovers(tmp) == [], "no temporaries: {}".format(leftovers(tmp)))


def case_name_sanitised(cli):
    """A scenario `name` with '/' and '..' gives a file inside results/, never outside."""
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "a", "b")
        os.makedirs(work)
        with open(cli.mmc) as f:
            text = f.read()
        scen = os.path.join(work, "s.yaml")
        with open(scen, "w") as f:
            f.write(re.sub(r"(?m)^name: .*$", "name: ../../../x", text))
        r = cli.run("run", scen, "--reps", "2", "-q", cwd=work)
        check(r.returncode == 0, "run exits 0", r)
        outside = [p for p in os.listdir(tmp) if p != "a"] + [p for p in os.listdir(os.path.join(tmp, "a")) if p != "b"]
        check(outside == [], "nothing written outside the working folder: {}".format(outside))
        written = os.listdir(os.path.join(work, "results"))
        check(len(written) == 2 and all(n.endswith((".h5", ".html")) for n in written),
              "the results in results/: {}".format(written))


def case_out_names(cli):
    """--out into a missing folder or through a file, or one name for two outputs (the results
    file and its report, or a CSV file): refused, nothing created."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "afile"), "w") as f:
            f.write("mine\n")
        os.mkdir(os.path.join(tmp, "csv"))
        before = listing_of(tmp)
        cases = [(["--out", "nodir/sub/r.h5"], "there is no folder 'nodir/sub'"),
                 (["--out", "afile/r.h5"], "there is no folder 'afile'"),
                 (["--out", "r.html"], "as the results file and as its HTML report"),
                 (["--out", "csv/summary.csv", "--csv", "csv"], "as the CSV file summary.csv"),
                 (["--out", "r.h5", "--csv", "afile/sub"], "--csv afile/sub")]
        for extra, words in cases:
            refused(cli.run("run", cli.mmc, "--reps", "2", "-q", *extra, cwd=tmp), words)
            check(listing_of(tmp) == before, "nothing created or changed for {}: {}".format(extra, listing_of(tmp)))
        r = cli.run("compare", cli.mmc, cli.mmc, "--reps", "2", "-q", "--out", "c.html", cwd=tmp)
        refused(r, "as its HTML report")


def listing_of(folder):
    found = {}
    for root, dirs, files in os.walk(folder):
        for d in dirs:
            found[os.path.relpath(os.path.join(root, d), folder) + "/"] = None
        for n in files:
            with open(os.path.join(root, n), "rb") as f:
                found[os.path.relpath(os.path.join(root, n), folder)] = f.read()
    return found


# ---- class 2: failing writes -------------------------------------------------------------------

def fail_each_write(cli, tmp, args, out, limit=80):
    """Runs `args` with the n-th write failing, n = 1, 2, ... until it succeeds."""
    env = dict(os.environ)
    for n in range(1, limit):
        env["SIBSIM_TEST_FAIL_WRITE"] = str(n)
        r = cli.run(*args, env=env)
        if r.returncode == 0:
            return n
        check(r.returncode == 1, "write {} failing: exit 1, no crash".format(n), r)
        lines = r.stderr.strip().splitlines()
        check(len(lines) == 1 and lines[0].startswith("error: ") and "No space left on device" in lines[0],
              "write {} failing: one line 'error: ... No space left on device'".format(n), r)
        check(leftovers(tmp) == [], "write {} failing: no temporaries: {}".format(n, leftovers(tmp)), r)
        if os.path.exists(out):  # an earlier results file stays as it was, or is the complete new one
            with open(out, "rb") as f:
                check(f.read(8) == b"\x89HDF\r\n\x1a\n", "write {} failing: results file intact".format(n), r)
    raise Failure("{} never succeeded".format(args))


def case_write_faults_run(cli):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.h5")
        args = ["run", cli.sib, "--reps", "24", "--batch", "8", "--persons", "50", "-q", "--out", out,
                "--csv", os.path.join(tmp, "csv")]
        n = fail_each_write(cli, tmp, args, out)
        check(n > 10, "many writes were made to fail ({})".format(n))


def case_write_faults_studies(cli):
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "csv")
        out = os.path.join(tmp, "s.h5")
        sweep = os.path.join(tmp, "sweep.yaml")
        with open(sweep, "w") as f:
            f.write("base: {}\ndesign: grid\nreplications: 5\nseed: 3\n"
                    "parameters:\n  - path: mmc.servers\n    values: [4, 5]\n".format(cli.mmc))
        fail_each_write(cli, tmp, ["sweep", sweep, "-q", "--out", out, "--csv", csv], out)
        fail_each_write(cli, tmp, ["compare", cli.mmc, cli.mmc, "--reps", "5", "-q", "--out", out, "--csv", csv],
                        out)
        fail_each_write(cli, tmp, ["feasibility", cli.mmc, "--param", "mmc.servers", "--from", "4", "--to", "6",
                                   "--step", "1", "--kpi", "utilisation", "--target", "0.7", "--max-reps", "60",
                                   "--block", "20", "-q", "--out", out, "--csv", csv], out)


def case_write_fault_resume(cli):
    """A run whose results file cannot be written keeps its checkpoint; --resume then finishes."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.h5")
        args = ["run", cli.mmc, "--reps", "40", "--batch", "8", "--seed", "5", "-q", "--no-report", "--out", out]
        env = dict(os.environ, SIBSIM_TEST_FAIL_WRITE="12")
        r = cli.run(*args, env=env)
        check(r.returncode == 1, "exit 1", r)
        check(os.path.exists(out + ".checkpoint") and not os.path.exists(out), "checkpoint kept, no results", r)
        r = cli.run(*[a for a in args if a != "-q"], "--resume")
        check(r.returncode == 0 and re.search(r"Resuming after [1-9]", r.stderr), "--resume finishes from the checkpoint", r)
        check(not os.path.exists(out + ".checkpoint") and leftovers(tmp) == [], "nothing left behind")


def case_full_disk(cli):
    """Root only: a small tmpfs fills up (also with --persons); exit 1; --resume once space is free."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        print("skipped: needs root and mount(8) to mount a tmpfs (the fault seam cases still run)")
        return
    with tempfile.TemporaryDirectory() as mnt:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", mnt], capture_output=True, text=True)
        if r.returncode != 0:
            print("skipped: cannot mount a tmpfs: " + r.stderr.strip())
            return
        try:
            out = os.path.join(mnt, "r.h5")
            args = ["run", cli.sib, "--reps", "200", "--batch", "16", "--seed", "3", "-q", "--out", out,
                    "--persons", "2000", "--csv", os.path.join(mnt, "csv")]
            r = cli.run(*args)
            check(r.returncode == 1, "a full disk: exit 1, no crash", r)
            lines = r.stderr.strip().splitlines()
            check(len(lines) == 1 and lines[0].startswith("error: ") and "No space left on device" in lines[0]
                  and mnt in lines[0], "one line naming the file and the cause", r)
            check(leftovers(mnt) == [] and not os.path.exists(out), "no temporaries, no results file", r)
            subprocess.run(["mount", "-o", "remount,size=32m", mnt], check=True)
            r = cli.run(*args, "--resume")
            check(r.returncode == 0, "--resume once there is space", r)
            check(leftovers(mnt) == [] and os.path.exists(out), "results written, nothing left behind", r)
        finally:
            subprocess.run(["umount", mnt], check=False)


# ---- class 3: signals and stale temporaries ----------------------------------------------------

def start_and_wait_for_checkpoint(cli, args, checkpoint, limit=30.0):
    # SIGHUP at its default in the child even if this test runs under nohup (sibsim keeps an
    # ignored SIGHUP ignored).
    p = subprocess.Popen([cli.sibsim, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         stdin=subprocess.DEVNULL,
                         preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL))
    t0 = time.time()
    while time.time() - t0 < limit:
        if os.path.exists(checkpoint) and os.path.getsize(checkpoint) > 200:
            return p
        if p.poll() is not None:
            raise Failure("the run ended before it could be interrupted: " + p.stderr.read())
        time.sleep(0.05)
    p.kill()
    raise Failure("no checkpoint after {} s".format(limit))


def interrupt_case(cli, sig, code, command):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.h5")
        csv = os.path.join(tmp, "csv")
        if command == "run":
            args = ["run", cli.sib, "--reps", "3000", "--batch", "16", "--threads", "1", "-q", "--out", out,
                    "--csv", csv]
        else:
            sweep = os.path.join(tmp, "sweep.yaml")
            with open(sweep, "w") as f:
                f.write("base: {}\ndesign: grid\nreplications: 400\nseed: 3\n"
                        "parameters:\n  - path: recruitment.end\n"
                        "    values: [2017-02-01, 2017-05-01, 2017-08-01, 2017-11-01, 2018-02-01, 2018-05-01]\n"
                        .format(cli.sib))
            args = ["sweep", sweep, "--threads", "1", "-q", "--out", out, "--csv", csv]
        p = start_and_wait_for_checkpoint(cli, args, out + ".checkpoint")
        p.send_signal(sig)
        _, err = p.communicate(timeout=30)
        check(p.returncode == code, "exit code {} after signal {} (got {}; stderr {})".format(
            code, sig, p.returncode, err))
        check(leftovers(tmp) == [], "no temporaries after the signal: {}".format(leftovers(tmp)))
        check(os.path.getsize(out + ".checkpoint") > 200 and not os.path.exists(out), "checkpoint kept, no results")
        r = cli.run(*args, "--resume", timeout=600)
        check(r.returncode == 0, "--resume --csv finishes", r)
        check(leftovers(tmp) == [] and not os.path.exists(out + ".checkpoint"), "nothing left behind", r)
        check(os.path.exists(out) and os.listdir(csv) != [], "results and CSV files written", r)


def case_sigint_run(cli):
    interrupt_case(cli, signal.SIGINT, 130, "run")


def case_sigterm_run(cli):
    interrupt_case(cli, signal.SIGTERM, 143, "run")


def case_sighup_run(cli):
    interrupt_case(cli, signal.SIGHUP, 129, "run")


def case_sigterm_sweep_resume(cli):
    interrupt_case(cli, signal.SIGTERM, 143, "sweep")


def case_stale_temporaries(cli):
    """Temporaries of dead processes go (results, report, checkpoint, CSV); a live process's stay."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.h5")
        csv = os.path.join(tmp, "csv")
        os.mkdir(csv)
        dead = dead_pid()
        stale = [out + ".tmp-{}".format(dead), out + ".tmp-{}-0123abcd".format(dead),
                 os.path.join(tmp, "r.html.tmp-{}-ff".format(dead)), out + ".checkpoint.tmp-{}-1".format(dead),
                 os.path.join(csv, "replications.csv.tmp-{}".format(dead)),
                 os.path.join(csv, "outcomes.csv.tmp-{}-9a".format(dead))]
        kept = [out + ".tmp-{}".format(os.getpid()), out + ".tmp-notapid", os.path.join(tmp, "other.h5.tmp-{}".format(dead))]
        for p in stale + kept:
            with open(p, "w") as f:
                f.write("x")
        victim = os.path.join(tmp, "victim")
        with open(victim, "w") as f:
            f.write("keep")
        link = out + ".tmp-{}-77".format(dead)  # a symlink in our pattern: removed? never followed
        os.symlink(victim, link)
        r = cli.run("run", cli.mmc, "--reps", "3", "-q", "--out", out, "--csv", csv)
        check(r.returncode == 0, "run exits 0", r)
        left = [p for p in stale if os.path.exists(p)]
        check(left == [], "the dead process's temporaries are removed: {}".format(left))
        check(all(os.path.exists(p) for p in kept), "a live process's and foreign files are kept")
        with open(victim) as f:
            check(f.read() == "keep", "a symlink's target is untouched")


# ---- class 8: the output lock ------------------------------------------------------------------

def case_output_lock(cli):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.h5")
        first = start_and_wait_for_checkpoint(
            cli, ["run", cli.sib, "--reps", "500000", "--batch", "16", "--threads", "1", "-q", "--out", out],
            out + ".checkpoint")
        try:
            r = cli.run("run", cli.mmc, "--reps", "3", "-q", "--out", out)
            refused(r, "another sibsim (pid {}) is writing".format(first.pid))
            r = cli.run("sweep", cli.grid, "-q", "--out", out)
            refused(r, "another sibsim (pid {}) is writing".format(first.pid))
        finally:
            first.send_signal(signal.SIGTERM)
            first.communicate(timeout=30)
        r = cli.run("run", cli.mmc, "--reps", "3", "-q", "--out", out)
        check(r.returncode == 0, "the lock goes with its holder", r)
        check(leftovers(tmp) == [], "no lock file left: {}".format(leftovers(tmp)))
        # A stale lock file (kill -9) does not block; a user's file with the lock's name is kept.
        with open(out + ".lock", "w") as f:
            f.write("999999\n")
        r = cli.run("run", cli.mmc, "--reps", "3", "-q", "--out", out)
        check(r.returncode == 0 and not os.path.exists(out + ".lock"), "a stale lock file is taken over", r)
        notes = os.path.join(tmp, "notes.h5")
        with open(notes + ".lock", "w") as f:
            f.write("my notes\n")
        refused(cli.run("run", cli.mmc, "--reps", "3", "-q", "--out", notes), "not a sibsim lock file")
        with open(notes + ".lock") as f:
            check(f.read() == "my notes\n", "the user's file is unchanged")


CASES = {name[len("case_"):]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sibsim", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("case", choices=sorted(CASES) + ["all"])
    a = ap.parse_args()
    cli = Cli(os.path.abspath(a.sibsim), os.path.abspath(a.source_dir))
    names = sorted(CASES) if a.case == "all" else [a.case]
    for name in names:
        try:
            CASES[name](cli)
        except (Failure, subprocess.TimeoutExpired) as e:
            print("FAIL {}: {}".format(name, e))
            return 1
        print("ok   {}".format(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
