#!/usr/bin/python3
"""The plug-in seam through the command line: a `model: mmc` scenario runs through `run`,
`compare`, `sweep`, `feasibility` and `report` like a SIB one; the model travels in the results
file; unknown or mixed models are refused with exit 2.

Usage: model_plugins_test.py --sibsim PATH --source-dir DIR CASE   (CASE: see CASES, or all)
Needs h5py and numpy (Debian's python3-h5py).
"""

import argparse
import datetime
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ERLANG_C_WQ = 0.5964324717874046  # lambda 4, mu 1.25, c 4 (scenarios/mmc-queue.yaml)


from cli_check import Failure, check  # this folder's shared helper (cli_check.py)


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


class Cli:
    def __init__(self, sibsim, source_dir):
        self.sibsim = sibsim
        self.source_dir = source_dir
        self.mmc = os.path.join(source_dir, "scenarios", "mmc-queue.yaml")

    def run(self, *args, cwd=None):
        return subprocess.run([self.sibsim, *args], cwd=cwd, capture_output=True, text=True, timeout=600)

    def ok(self, *args, cwd=None):
        r = self.run(*args, cwd=cwd)
        check(r.returncode == 0, "expected exit 0", r)
        return r


def kpi_table(f):
    t = f["kpis"][()]
    return {text(row["name"]): row for row in t}


def case_mmc_run(cli):
    """run: the M/M/c model's KPIs with labels and groups, its model name, Erlang C within 5 SE."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "q.h5")
        r = cli.ok("run", cli.mmc, "--reps", "200", "--seed", "4", "--out", out)
        check("Erlang C" in r.stdout, "the summary shows the steady-state theory", r)
        check(os.path.exists(out[:-3] + ".html"), "the run report is written", r)
        with h5py.File(out, "r") as f:
            check(text(f.attrs["model"]) == "mmc", "root attribute model = mmc")
            kpis = kpi_table(f)
            check(set(kpis) == {"wait_in_queue", "utilisation", "queue_length", "served"},
                  "the model's KPIs in /kpis: {}".format(sorted(kpis)))
            check(text(kpis["wait_in_queue"]["label"]) == "mean wait in queue", "labels travel")
            check("headline" in text(kpis["wait_in_queue"]["groups"]).split(";"), "groups travel")
            wq = f["replications"]["wait_in_queue"]
            mean, se = float(np.mean(wq)), float(np.std(wq, ddof=1) / math.sqrt(len(wq)))
            check(abs(mean - ERLANG_C_WQ) < 5 * se,
                  "mean wait {:.4f} +- {:.4f} vs Erlang C {:.4f}".format(mean, se, ERLANG_C_WQ))


def case_mmc_compare(cli):
    """compare: one more server shortens the wait, with a paired CI that excludes zero."""
    with tempfile.TemporaryDirectory() as tmp:
        variant = os.path.join(tmp, "five.yaml")
        with open(variant, "w") as fh:
            fh.write("extends: {}\nname: five-servers\nmmc:\n  servers: 5\n".format(cli.mmc))
        out = os.path.join(tmp, "c.h5")
        cli.ok("compare", cli.mmc, variant, "--reps", "100", "--out", out, "-q")
        with h5py.File(out, "r") as f:
            check(text(f.attrs["model"]) == "mmc", "the compare file names the model")
            rows = [r for r in f["compare"]["kpis"][()] if text(r["kpi"]) == "wait_in_queue"]
            check(len(rows) == 1, "wait_in_queue compared (the model's steering group)")
            check(rows[0]["ci_high"] < 0, "5 servers wait less: CI {}..{}".format(rows[0]["ci_low"], rows[0]["ci_high"]))


def case_mmc_sweep(cli):
    """sweep: a grid over mmc.servers; the wait falls with every server added."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "s.h5")
        sweep = os.path.join(cli.source_dir, "scenarios", "sweeps", "mmc-servers.yaml")
        cli.ok("sweep", sweep, "--out", out, "-q")
        with h5py.File(out, "r") as f:
            servers = list(f["design"]["mmc.servers"])
            wait = list(f["outcomes"]["wait_in_queue"])
            check(servers == [4, 5, 6], "design {}".format(servers))
            check(wait[0] > wait[1] > wait[2] > 0, "wait falls with servers: {}".format(wait))
            check(f["outcome_measures"].shape[0] == 0, "the M/M/c model derives no measures")


def case_mmc_feasibility(cli):
    """feasibility: the largest number of servers that keeps utilisation >= 0.7 (rho = 3.2 / c)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "f.h5")
        r = cli.ok("feasibility", cli.mmc, "--param", "mmc.servers", "--from", "4", "--to", "8", "--step", "1",
                   "--kpi", "utilisation", "--target", "0.7", "--probability", "0.5", "--largest",
                   "--out", out, "-q")
        # utilisation = rho = 3.2 / c: >= 0.7 for c <= 4 only.
        check("is 4" in r.stdout or "= 4" in r.stdout, "largest c with utilisation >= 0.7 is 4", r)


def question(path):
    """/feasibility/question's one row as a dict of text and numbers."""
    with h5py.File(path, "r") as f:
        row = f["feasibility"]["question"][0]
        return {name: (v.decode() if isinstance(v, bytes) else v) for name, v in zip(row.dtype.names, row)}


def case_feasibility_duration(cli):
    """A date answer also as months when the model names the date it counts from (the SIB:
    recruitment.end from recruitment.start); M/M/c names none."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "f.h5")
        sib = os.path.join(cli.source_dir, "scenarios", "wnd-2016-actual.yaml")
        r = cli.ok("feasibility", sib, "--param", "recruitment.end", "--from", "2017-02-01", "--to", "2017-08-01",
                   "--step", "3m", "--kpi", "started", "--target", "90", "--probability", "0.5",
                   "--max-reps", "60", "--block", "20", "--no-report", "--out", out, "-q")
        q = question(out)
        check(q["status"] in ("found", "always") and q["answer"], "an answer: {}".format(q), r)
        check(q["duration_from"] == "recruitment.start" and q["duration_from_date"] == "2016-05-01",
              "counted from recruitment.start: {}".format(q))
        y, m, d = (int(x) for x in q["answer"].split("-"))
        days = (datetime.date(y, m, d) - datetime.date(2016, 5, 1)).days
        check(abs(q["answer_months"] - days / (365.2425 / 12)) < 1e-9, "months = days / (365.2425 / 12): {}".format(q))
        check("{:.1f} months after the start of recruitment".format(q["answer_months"]) in r.stdout, "in words", r)
        check_implications(cli, tmp, sib, out, q)

        out = os.path.join(tmp, "m.h5")
        cli.ok("feasibility", cli.mmc, "--param", "mmc.servers", "--from", "4", "--to", "6", "--step", "1",
               "--kpi", "utilisation", "--target", "0.7", "--probability", "0.5", "--largest", "--no-report",
               "--out", out, "-q")
        q = question(out)
        check(math.isnan(q["answer_months"]) and q["duration_from"] == "", "no duration for M/M/c: {}".format(q))


def rows(path, name):
    """A table of the file as a list of dicts of text and numbers."""
    with h5py.File(path, "r") as f:
        t = f[name][()]
        return [{k: (v.decode() if isinstance(v, bytes) else v) for k, v in zip(t.dtype.names, row)} for row in t]


def check_implications(cli, tmp, scenario, out, q):
    """/feasibility/implications (since 1.6): the model's headline and steering KPIs at the
    answer's value, summarised over the replications run there. Probes share random numbers
    (replication i is a pure function of seed and i), so `sibsim run` of the scenario with the
    answer set, the same seed and that many replications gives the same futures: the same
    quantiles, and the searched KPI meets the target in the share the answer's probe found."""
    with h5py.File(out, "r") as f:
        seed = int(f.attrs["seed"])
    implied = {row["kpi"]: row for row in rows(out, "feasibility/implications")}
    probe = [p for p in rows(out, "feasibility/probes") if p["value"] == q["answer"]]
    check(len(probe) == 1, "one probe at the answer {}: {}".format(q["answer"], probe))
    reps = int(probe[0]["replications"])
    check(all(int(row["replications"]) == reps for row in implied.values()),
          "every implication over the answer's {} replications".format(reps))
    for name, row in implied.items():
        if not math.isnan(row["p50"]):
            check(row["p5"] <= row["p50"] <= row["p95"], "p5 <= p50 <= p95 for {}: {}".format(name, row))

    at = os.path.join(tmp, "at-answer.yaml")
    with open(at, "w") as fh:
        fh.write("extends: {}\n{}:\n  {}: {}\n".format(scenario, *q["parameter"].split("."), q["answer"]))
    run_out = os.path.join(tmp, "at-answer.h5")
    cli.ok("run", at, "--reps", str(reps), "--seed", str(seed), "--no-report", "--out", run_out, "-q")
    kpis = rows(run_out, "kpis")
    groups = {k["name"]: k["groups"].split(";") for k in kpis}
    wanted = [k for k, g in groups.items() if "headline" in g] + \
        [k for k, g in groups.items() if "steering" in g and "headline" not in g]
    check(list(implied) == wanted, "headline then steering KPIs: {} against {}".format(list(implied), wanted))
    check("started" in implied, "the starters are implied")
    summary = {row["name"]: row for row in rows(run_out, "summary")}
    for name, row in implied.items():
        s = summary[name]
        for stat in ("p5", "p50", "p95"):
            same = (math.isnan(row[stat]) and math.isnan(s[stat])) or row[stat] == s[stat]
            check(same, "{} {} at the answer = sibsim run's: {} vs {}".format(name, stat, row[stat], s[stat]))
        if not math.isnan(s["mean"]):
            check(abs(row["mean"] - s["mean"]) <= 1e-9 * max(1.0, abs(s["mean"])),
                  "{} mean = sibsim run's: {} vs {}".format(name, row["mean"], s["mean"]))
        check(row["unit"] == s["unit"], "{} unit {}".format(name, row["unit"]))
    with h5py.File(run_out, "r") as f:
        searched = f["replications"][q["kpi"]][()]
    share = float(np.mean(searched >= q["target"]))
    check(share == probe[0]["probability"], "P({} >= {}) in the run = the probe's: {} vs {}".format(
        q["kpi"], q["target"], share, probe[0]["probability"]))


def case_feasibility_implications(cli):
    """What the answer implies, in the file (check_implications) and in the report, English and
    Dutch."""
    with tempfile.TemporaryDirectory() as tmp:
        sib = os.path.join(cli.source_dir, "scenarios", "wnd-2016-actual.yaml")
        for lang, title in (("en", "What the answer implies"), ("nl", "Wat het antwoord betekent")):
            out = os.path.join(tmp, "f-{}.h5".format(lang))
            cli.ok("feasibility", sib, "--param", "recruitment.end", "--from", "2017-02-01", "--to", "2017-08-01",
                   "--step", "3m", "--kpi", "started", "--target", "90", "--probability", "0.5",
                   "--max-reps", "60", "--block", "20", "--seed", "7", "--lang", lang, "--out", out, "-q")
            q = question(out)
            check(q["status"] in ("found", "always") and q["answer"], "an answer: {}".format(q))
            check_implications(cli, tmp, sib, out, q)
            page = open(out[:-3] + ".html", encoding="utf-8").read()
            check('<section id="implications"' in page and title in page, "the report's section: " + title)

        # No answer, no table.
        out = os.path.join(tmp, "never.h5")
        cli.ok("feasibility", sib, "--param", "recruitment.end", "--from", "2017-02-01", "--to", "2017-03-01",
               "--step", "1m", "--kpi", "started", "--target", "100000", "--probability", "0.5",
               "--max-reps", "40", "--block", "20", "--no-report", "--out", out, "-q")
        check(question(out)["status"] == "never", "never: {}".format(question(out)))
        with h5py.File(out, "r") as f:
            check("implications" not in f["feasibility"], "no /feasibility/implications without an answer")


def case_unknown_model(cli):
    """An unknown model: exit 2, one located line with a did-you-mean, no file."""
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "bad.yaml")
        with open(bad, "w") as fh:
            fh.write("name: x\nmodel: mcc\n")
        r = cli.run("run", bad, "-q", cwd=tmp)
        check(r.returncode == 2, "exit 2", r)
        check(r.stderr.startswith(bad + ":2:8: error: key 'model': unknown model 'mcc'"), "located", r)
        check("did you mean 'mmc'?" in r.stderr, "did-you-mean", r)
        check(os.listdir(tmp) == ["bad.yaml"], "no file written", r)


def case_mixed_compare(cli):
    """compare refuses scenarios of two models."""
    sib = os.path.join(cli.source_dir, "scenarios", "wnd-2016-actual.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        r = cli.run("compare", sib, cli.mmc, "-q", "--out", os.path.join(tmp, "x.h5"))
        check(r.returncode == 2 and "one model" in r.stderr, "exit 2 naming the problem", r)


def case_help_config_model(cli):
    """help-config --model mmc lists the M/M/c keys; an unknown model is exit 2."""
    r = cli.ok("help-config", "--model", "mmc")
    check("arrival_rate" in r.stdout and "run_length_days" in r.stdout, "M/M/c keys listed", r)
    r = cli.run("help-config", "--model", "nope")
    check(r.returncode == 2 and "known models: sib, mmc" in r.stderr, "unknown model refused", r)


def case_report_mmc(cli):
    """report on an M/M/c run file writes the generic report without any SIB section."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "q.h5")
        cli.ok("run", cli.mmc, "--reps", "20", "--out", out, "-q", "--no-report")
        html = os.path.join(tmp, "q-report.html")
        cli.ok("report", out, "--out", html)
        page = open(html, encoding="utf-8").read()
        check("mean wait in queue" in page.lower(), "the labelled KPIs are on the page")
        for word in ("starters", "investor", "prison", "DJI"):
            check(word not in page, "no SIB word '{}' in an M/M/c report".format(word))


CASES = {name[len("case_"):]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sibsim", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("case", choices=sorted(CASES) + ["all"])
    args = parser.parse_args()
    cli = Cli(args.sibsim, args.source_dir)
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
