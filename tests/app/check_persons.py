#!/usr/bin/python3
"""`sibsim run --persons N`: the /persons audit sample, read back with h5py + pandas.

Checks the layout (every kFlagNames flag as a uint8 field, fixed-length strings, NaN-able days),
that the rows are replications 0, 1, ... in order and cut at N, that complete replications agree
with their /replications row (eligible, started, dropouts, dropouts by reason and by month), and
that the status on the status date and the job spells of the three arms agree with their
/replications row (status shares, work-months per person, durable and temporary work) and with the
person's own days, and that a second run with the same seed writes the same table.

usage: check_persons.py --sibsim PATH --scenario YAML
"""
import argparse
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd

FLAGS = ["no_partner", "children", "low_education", "debts", "unstable_housing", "hard_drugs", "psychiatric",
         "low_self_reliance", "social_isolation", "poor_worker_skills", "never_paid_job", "poor_dutch",
         "born_abroad", "phone_known", "no_bsn", "no_residence_prospect", "persistent_offender",
         "unfit_for_work", "ladder_step1", "no_work_motivation"]
DAYS = ["entry", "listed", "planned_release", "release", "selected", "consent", "started", "contact",
        "dropout", "completion"]
STRINGS = ["prison_name", "age_group", "work_potential", "addiction", "outcome", "outcome_category",
           "programme", "dropout_reason", "status"]
ARMS = ["programme", "care_as_usual", "control"]
STATUSES = ["completed", "in_trajectory", "dropped_out", "started_later", "not_started"]
DAYS_PER_MONTH = 365.2425 / 12

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(sibsim, scenario, out, *extra):
    cmd = [sibsim, "run", scenario, "--reps", "4", "--seed", "7", "-q", "--no-report", "--out", out, *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def read(path):
    with h5py.File(path, "r") as f:
        check(list(f.attrs["format_version"])[0] == 1, "format_version 1.x (/persons exists since 1.1)")
        ds = f["/persons"]
        p = pd.DataFrame(ds[()])
        attrs = dict(ds.attrs)
        dtype = ds.dtype
        reps = pd.DataFrame(f["/replications"][()]).set_index("replication")
    for c in STRINGS:
        p[c] = p[c].str.decode("utf-8")
    return p, attrs, dtype, reps


def check_status_and_work(p, reps, complete):
    """The status and work columns against the person's days and the replication's KPIs."""
    starters = p["outcome"] == "started"
    check(set(p["status"]) <= set(STATUSES), f"status names: {sorted(set(p['status']))}")
    check(((p["status"] == "not_started") == ~starters).all(), "not_started exactly for non-starters")
    counted = p["status"].isin(["completed", "in_trajectory", "dropped_out"])
    check((p["months_in_trajectory"].notna() == counted).all(), "months in trajectory exactly for those counted")
    done = p["status"] == "completed"
    check(np.allclose(p.loc[done, "months_in_trajectory"] * DAYS_PER_MONTH,
                      p.loc[done, "completion"] - p.loc[done, "started"]), "completed: months = completion - start")
    out = p["status"] == "dropped_out"
    check(np.allclose(p.loc[out, "months_in_trajectory"] * DAYS_PER_MONTH,
                      p.loc[out, "dropout"] - p.loc[out, "started"]), "dropped out: months = dropout - start")
    check((p.loc[counted, "months_in_trajectory"] >= 0).all(), "months in trajectory are not negative")
    window = 24
    for arm in ARMS:
        spells, months = p[f"job_spells_{arm}"], p[f"months_worked_{arm}"]
        first, at_end = p[f"first_job_month_{arm}"], p[f"employed_at_month_{window}_{arm}"]
        check((months[~starters] == 0).all() and (spells[~starters] == 0).all(), f"{arm}: no work without a start")
        check(((spells == 0) == (months == 0)).all(), f"{arm}: a job spell exactly when a month is worked")
        check((spells <= months).all() and (months <= window).all(), f"{arm}: spells <= months worked <= window")
        check((first.isna() == (months == 0)).all(), f"{arm}: a first job month exactly for those who worked")
        check(((first + months - 1)[months > 0] <= window).all(), f"{arm}: months worked fit after the first job")
        check((at_end[at_end == 1].index.isin(months[months > 0].index)).all(), f"{arm}: employed at the end has worked")
        contract = p[f"contract_months_{arm}"]
        check((contract <= months).all(), f"{arm}: contract work-months are months worked")
    for r in range(complete):
        d = p[p["replication"] == r]
        row = reps.loc[r]
        base = d["status"].isin(["completed", "in_trajectory", "dropped_out"]).sum()
        for status in ["completed", "in_trajectory", "dropped_out"]:
            share = (d["status"] == status).sum() / base if base else float("nan")
            check(np.isclose(share, row[f"status_{status}_share"], equal_nan=True),
                  f"replication {r}: status {status} share {share} vs {row[f'status_{status}_share']}")
        check(np.isclose(d["matched"].sum() / (d["outcome"] == "started").sum(), row["matched_share"]),
              f"replication {r}: matched share")
        for arm in ARMS:
            # The control arm counts the starters the evaluation found a control for.
            base = (d["outcome"] == "started") & ((d["matched"] == 1) if arm == "control" else True)
            months = d.loc[base, f"contract_months_{arm}"]  # the contract's work-months (24 h/week)
            n = base.sum()
            check(np.isclose(months.sum() / n, row[f"work_months_per_person_{arm}"]),
                  f"replication {r}: work-months per person, {arm}")
            check(np.isclose((months >= 18).sum() / n, row[f"durable_work_share_{arm}"]),
                  f"replication {r}: durable work share, {arm}")
            check(np.isclose(((months >= 12) & (months < 18)).sum() / n, row[f"temporary_work_share_{arm}"]),
                  f"replication {r}: temporary work share, {arm}")
            anyjob = d.loc[base, f"months_worked_{arm}"]
            check(np.isclose((anyjob > 0).sum() / n, row[f"ever_employed_share_{arm}"]),
                  f"replication {r}: ever employed share, {arm}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sibsim", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--starts-at", choices=["intake", "contact_after_release"], default="intake",
                    help="the scenario's programme.starts_at")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sibsim-persons-") as tmp:
        out = os.path.join(tmp, "r.h5")
        # Enough for replication 0 in full and part of replication 1 (about 1,200-1,500 per replication).
        n = 2000
        done = run(args.sibsim, args.scenario, out, "--persons", str(n))
        check("Persons: 2000 in /persons" in done.stdout, f"the run names the sample: {done.stdout!r}")
        p, attrs, dtype, reps = read(out)
        check(len(p) == n, f"{n} rows, got {len(p)}")
        for flag in FLAGS:
            check(dtype[flag] == np.uint8, f"flag {flag} is a uint8 field")
        for c in ["female", "addiction_detected", "psychiatric_detected", "severe_problem", "approached",
                  "interviewed", "consent_refused", "reduced_intensity", "matched"]:
            check(dtype[c] == np.uint8 and set(p[c].unique()) <= {0, 1}, f"{c} is a 0/1 uint8 field")
        for c in ["person_id", "replication", "prison"]:
            check(dtype[c] == np.uint64, f"{c} is uint64")
        for c in DAYS:
            check(dtype[c] == np.float64, f"{c} is float64")
        names = list(dtype.names)
        units = list(attrs["units"])
        for c in DAYS:
            check(units[names.index(c)] == "days since 1970-01-01", f"unit of {c}")
        check(p["replication"].is_monotonic_increasing and p["replication"].iloc[0] == 0, "replications in order")
        complete = int(attrs["replications_complete"])
        check(complete >= 1 and p["replication"].max() == complete, "the last replication is cut short")
        check(p["entry"].notna().all() and p["listed"].notna().all() and p["release"].notna().all(),
              "calendar days are always set")
        check(set(p["programme"]) <= {"none", "basic", "plus", "unrecorded"}, "programme names")
        starters = p["outcome"] == "started"
        check(((p["programme"] != "none") == starters).all(), "a programme exactly for the starters")
        check((p["started"].notna() == starters).all(), "a start day exactly for the starters")
        check((p["contact"].notna() == starters).all(), "a contact day exactly for the starters")
        check((p.loc[starters, "started"] <= p.loc[starters, "contact"]).all(), "counted as started by the contact")
        check((p.loc[starters, "release"] <= p.loc[starters, "contact"]).all(), "contact after release")
        counted_from = "selected" if args.starts_at == "intake" else "contact"
        check((p.loc[starters, "started"] == p.loc[starters, counted_from]).all(),
              f"starts_at {args.starts_at}: started is the {counted_from} day")
        # The run's summary says how a start is counted.
        summary = subprocess.run([args.sibsim, "run", args.scenario, "--reps", "1", "--no-report", "--out",
                                  os.path.join(tmp, "s.h5")], capture_output=True, text=True, timeout=600)
        rule = ("the counsellor's intake in the PI" if args.starts_at == "intake" else
                "the first contact after release")
        check(f"(a start counts from {rule}" in summary.stdout, f"the summary names the start rule: {summary.stdout!r}")
        check(p.loc[~starters, "dropout"].isna().all() and p.loc[~starters, "completion"].isna().all(),
              "no dropout or completion without a start")
        check(not (p["dropout"].notna() & p["completion"].notna()).any(), "dropout and completion exclusive")
        check(((p["dropout_reason"] != "none") == p["dropout"].notna()).all(), "a reason exactly for dropouts")
        check((pd.to_datetime(p["listed"], unit="D") >= pd.Timestamp("2015-01-01")).all(), "days convert to dates")
        for r in range(complete):
            d = p[p["replication"] == r]
            row = reps.loc[r]
            check(len(d) == row["eligible"], f"replication {r}: rows == eligible")
            check(starters[d.index].sum() == row["started"], f"replication {r}: starters")
            check(d["dropout"].notna().sum() == row["dropouts"], f"replication {r}: dropouts")
            for reason in ["no_effort", "clinic", "custody", "other"]:
                check((d["dropout_reason"] == reason).sum() == row[f"dropout_{reason}"],
                      f"replication {r}: dropouts for {reason}")
            month = np.floor((d["dropout"] - d["contact"]) / DAYS_PER_MONTH)
            for m in range(24):
                check((month == m).sum() == row[f"dropouts_in_month@{m + 1:02d}"],
                      f"replication {r}: dropouts in month {m + 1}")
        check_status_and_work(p, reps, complete)
        # Deterministic: the same seed writes the same table.
        out2 = os.path.join(tmp, "r2.h5")
        run(args.sibsim, args.scenario, out2, "--persons", str(n), "--threads", "1")
        p2, _, _, _ = read(out2)
        check(p.equals(p2), "the same seed gives the same /persons")
        # Without --persons there is no /persons.
        out3 = os.path.join(tmp, "r3.h5")
        run(args.sibsim, args.scenario, out3)
        with h5py.File(out3, "r") as f:
            check("persons" not in f, "no /persons without --persons")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print(f"all /persons checks passed ({len(p)} rows, {complete} complete replication(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
