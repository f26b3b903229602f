#!/usr/bin/python3
"""Command-line tests of the sibsim executable: exit codes (0 ok, 2 bad input, 1 internal
error), one-line `file:line:col: error: ...` messages, and no results file after a refused run.

Usage: cli_test.py --sibsim PATH --source-dir DIR CASE
Each CASE is its own ctest test (tests/app/CMakeLists.txt); `all` runs every case.
Standard library only (Debian's /usr/bin/python3).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"


class Failure(Exception):
    pass


def check(condition, message, result=None):
    if condition:
        return
    if result is not None:
        message += "\n  command: {}\n  exit code: {}\n  stdout:\n{}\n  stderr:\n{}".format(
            " ".join(result.args), result.returncode, indent(result.stdout), indent(result.stderr))
    raise Failure(message)


def indent(text, limit=3000):
    if len(text) > limit:
        text = text[:limit] + "\n[... {} more characters]".format(len(text) - limit)
    return "\n".join("    | " + line for line in text.splitlines())


class Cli:
    def __init__(self, sibsim, source_dir):
        self.sibsim = sibsim
        self.source_dir = source_dir
        self.default_scenario = os.path.join(source_dir, "scenarios", "wnd-2016-actual.yaml")
        self.bad_scenario = os.path.join(source_dir, "tests", "data", "bad-scenarios",
                                         "sib-model-probability-above-one.yaml")

    def run(self, *args, cwd=None, timeout=600):
        return subprocess.run([self.sibsim, *args], cwd=cwd, capture_output=True, text=True,
                              timeout=timeout)


def listing(folder):
    found = []
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            found.append(os.path.relpath(os.path.join(root, name), folder))
    return sorted(found)


def one_line_error(result, path, line, col):
    lines = result.stderr.splitlines()
    check(len(lines) == 1, "expected exactly one line on stderr", result)
    pattern = r"^{}:{}:{}: error: .+$".format(re.escape(path), line, col)
    check(re.match(pattern, lines[0]) is not None,
          "stderr does not match {!r}".format(pattern), result)


# ---- cases ---------------------------------------------------------------------------------

def case_bad_scenario(cli):
    """A bad scenario: exit 2, one `file:line:col: error:` line, nothing written."""
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        out = os.path.join(tmp, "x.h5")
        csv = os.path.join(tmp, "csv")
        r = cli.run("run", cli.bad_scenario, "--reps", "50", "--out", out, "--csv", csv, "-q", cwd=tmp)
        check(r.returncode == 2, "run on a bad scenario must exit 2", r)
        one_line_error(r, cli.bad_scenario, 8, 30)
        check("no_response_probability" in r.stderr, "the message names the key", r)
        check(listing(tmp) == [], "a refused run leaves no files behind: {}".format(listing(tmp)), r)
        # Without --out (default results/<name>.h5 under the working directory) too.
        r = cli.run("run", cli.bad_scenario, "--reps", "50", "-q", cwd=tmp)
        check(r.returncode == 2, "run on a bad scenario must exit 2", r)
        check(listing(tmp) == [], "a refused run leaves no files behind: {}".format(listing(tmp)), r)
        r = cli.run("validate", cli.bad_scenario, cwd=tmp)
        check(r.returncode == 2, "validate on a bad scenario must exit 2", r)
        one_line_error(r, cli.bad_scenario, 8, 30)
        check(r.stdout == "", "validate prints no configuration for a bad scenario", r)


def case_reps_zero(cli):
    """--reps 0 is bad input: exit 2, a message naming the option, nothing written."""
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        out = os.path.join(tmp, "x.h5")
        r = cli.run("run", cli.default_scenario, "--reps", "0", "--out", out, "--csv",
                    os.path.join(tmp, "csv"), "-q", cwd=tmp)
        check(r.returncode == 2, "--reps 0 must exit 2", r)
        check("--reps" in r.stderr or "-n" in r.stderr, "the message names the option", r)
        check("Traceback" not in r.stderr and "internal error" not in r.stderr, "a clean message", r)
        check(listing(tmp) == [], "a refused run leaves no files behind: {}".format(listing(tmp)), r)


def case_help(cli):
    r = cli.run("--help")
    check(r.returncode == 0, "--help exits 0", r)
    for word in ("run", "validate", "help-config", "list-scenarios"):
        check(word in r.stdout, "--help mentions {!r}".format(word), r)


def case_version(cli):
    r = cli.run("--version")
    check(r.returncode == 0, "--version exits 0", r)
    check(re.match(r"^sibsim \S+", r.stdout) is not None, "--version prints 'sibsim <version>'", r)


def case_validate(cli):
    """validate prints the resolved configuration, which is itself a valid scenario."""
    r = cli.run("validate", cli.default_scenario)
    check(r.returncode == 0, "validate on the default scenario exits 0", r)
    check(r.stderr == "", "validate prints nothing on stderr", r)
    for key in ("name: ", "recruitment:", "  start: ", "  end: ", "prisons:", "population:"):
        check(re.search(r"^" + re.escape(key), r.stdout, re.M) is not None,
              "the resolved configuration has {!r}".format(key), r)
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        resolved = os.path.join(tmp, "resolved.yaml")
        with open(resolved, "w") as f:
            f.write(r.stdout)
        again = cli.run("validate", resolved)
        check(again.returncode == 0, "the resolved configuration validates again", again)
        body = lambda text: text.split("\n", 1)[1]  # without the "# <file>: valid" line
        check(body(again.stdout) == body(r.stdout), "and resolves to the same configuration", again)


def case_validate_extends(cli):
    """A what-if that extends the default scenario: validate shows the merged result."""
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        variant = os.path.join(tmp, "what-if.yaml")
        with open(variant, "w") as f:
            f.write("# what if recruitment ran until December 2017?\n"
                    "extends: {}\n"
                    "name: what-if-longer\n"
                    "recruitment:\n"
                    "  end: 2017-12-01\n".format(cli.default_scenario))
        r = cli.run("validate", variant)
        check(r.returncode == 0, "validate on a variant exits 0", r)
        check("extends" not in r.stdout.split("\n", 1)[1], "extends is consumed", r)
        check(re.search(r"^name: what-if-longer$", r.stdout, re.M) is not None, "the variant's name", r)
        check(re.search(r"^  end: 2017-12-01", r.stdout, re.M) is not None, "the variant's end", r)
        base = cli.run("validate", cli.default_scenario)
        start = re.search(r"^  start: \S+", base.stdout, re.M)
        check(start is not None, "the default scenario has recruitment.start", base)
        check(start.group(0) in r.stdout, "the base's start is kept", r)
        with open(variant, "a") as f:
            f.write("  ned: 2018-01-01\n")
        r = cli.run("validate", variant)
        check(r.returncode == 2, "a typo in a variant exits 2", r)
        one_line_error(r, variant, 6, 3)
        check("did you mean 'recruitment.end'?" in r.stderr, "with a suggestion", r)


def case_help_config(cli):
    r = cli.run("help-config")
    check(r.returncode == 0, "help-config exits 0", r)
    for key in ("recruitment.start", "recruitment.end", "prisons"):
        check(key in r.stdout, "help-config lists {!r}".format(key), r)


def case_run_outputs(cli):
    """A short run writes the HDF5 results file and the CSV folder."""
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        out = os.path.join(tmp, "X.h5")
        csv = os.path.join(tmp, "DIR")
        r = cli.run("run", cli.default_scenario, "--reps", "50", "--out", out, "--csv", csv, "-q", cwd=tmp)
        check(r.returncode == 0, "run --reps 50 exits 0", r)
        check(os.path.isfile(out), "X.h5 is written", r)
        with open(out, "rb") as f:
            check(f.read(8) == HDF5_MAGIC, "X.h5 is an HDF5 file", r)
        summary = os.path.join(csv, "summary.csv")
        check(os.path.isfile(summary), "DIR/summary.csv is written", r)
        with open(summary) as f:
            rows = [line for line in f.read().splitlines() if line.strip()]
        check(len(rows) >= 2, "summary.csv has a header and at least one row", r)
        html = os.path.join(tmp, "X.html")
        check(os.path.isfile(html), "the HTML report X.html is written next to X.h5", r)
        with open(html, encoding="utf-8") as f:
            page = f.read()
        check(page.startswith("<!DOCTYPE html>") and "wnd-2016-actual" in page, "X.html is the run's report", r)
        stray = [p for p in listing(tmp) if p not in ("X.h5", "X.html", "DIR") and not p.startswith("DIR" + os.sep)]
        check(stray == [], "no stray files (temporary files are renamed): {}".format(stray), r)


def case_missing_file(cli):
    """A scenario file that does not exist: exit 2 for run and validate."""
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        missing = os.path.join(tmp, "no-such-scenario.yaml")
        r = cli.run("run", missing, "--reps", "5", "-q", "--out", os.path.join(tmp, "x.h5"), cwd=tmp)
        check(r.returncode == 2, "run on a missing file exits 2", r)
        check("no-such-scenario.yaml" in r.stderr, "the message names the file", r)
        check(listing(tmp) == [], "nothing is written: {}".format(listing(tmp)), r)
        r = cli.run("validate", missing, cwd=tmp)
        check(r.returncode == 2, "validate on a missing file exits 2", r)
        check(r.stderr.splitlines() == ["{}: error: cannot open the scenario file: no such file".format(missing)],
              "one line naming the file", r)


def case_persons_cap(cli):
    """--persons above the cap: exit 2 with a one-line error naming the option, nothing written."""
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        r = cli.run("run", cli.default_scenario, "--reps", "5", "-q", "--persons", "1000001",
                    "--out", os.path.join(tmp, "x.h5"), cwd=tmp)
        check(r.returncode == 2, "--persons 1000001 exits 2", r)
        check(len(r.stderr.splitlines()) == 1 and "--persons 1000001" in r.stderr and "at most 1000000" in r.stderr,
              "one line naming --persons and the cap", r)
        check(listing(tmp) == [], "nothing is written: {}".format(listing(tmp)), r)


def case_new(cli):
    """`sibsim new NAME` writes a template that validates and runs; never overwrites without --force;
    refuses a name that is no safe file name and a model without a template."""
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        r = cli.run("new", "probation-sib", cwd=tmp)
        check(r.returncode == 0, "new exits 0", r)
        check(listing(tmp) == ["probation-sib.yaml"], "it writes NAME.yaml only: {}".format(listing(tmp)), r)
        check("sibsim validate probation-sib.yaml" in r.stdout, "it says what to run next", r)
        path = os.path.join(tmp, "probation-sib.yaml")
        with open(path) as f:
            written = f.read()
        check(re.search(r"^name: probation-sib$", written, re.M) is not None, "the scenario has the name", r)
        v = cli.run("validate", path, cwd=tmp)
        check(v.returncode == 0, "the template validates", v)
        out = os.path.join(tmp, "out.h5")
        run = cli.run("run", path, "--reps", "20", "--no-report", "--out", out, cwd=tmp)
        check(run.returncode == 0 and os.path.exists(out), "and runs", run)
        wnd = re.findall(r"(?<![A-Za-z])(DJI|PI|PIs|top-600|citizen service|municipal\w*)(?![A-Za-z])", run.stdout)
        check(not wnd, "its summary speaks its own words, none of Werk na Detentie's: {}".format(wnd), run)
        with open(path, "a") as f:
            f.write("# my edits\n")
        again = cli.run("new", "probation-sib", cwd=tmp)
        check(again.returncode == 2 and "--force" in again.stderr and len(again.stderr.splitlines()) == 1,
              "a second new refuses in one line naming --force", again)
        with open(path) as f:
            check(f.read().endswith("# my edits\n"), "and leaves the edited file alone", again)
        forced = cli.run("new", "probation-sib", "--force", cwd=tmp)
        check(forced.returncode == 0, "--force replaces it", forced)
        with open(path) as f:
            check(f.read() == written, "with the template again", forced)
        for bad in ("../escape", "-x", "a b", "x" * 65):
            b = cli.run("new", "--", bad, cwd=tmp)
            check(b.returncode == 2 and "not a scenario name" in b.stderr, "{!r} is refused".format(bad), b)
        m = cli.run("new", "queue", "--model", "mmc", cwd=tmp)
        check(m.returncode == 2 and "no template" in m.stderr, "a model without a template is refused", m)
        d = cli.run("new", "x", "--dir", os.path.join(tmp, "missing"), cwd=tmp)
        check(d.returncode == 2 and "--dir" in d.stderr, "a missing --dir is refused", d)
        check(sorted(listing(tmp)) == ["out.h5", "probation-sib.yaml"],
              "nothing else is written: {}".format(listing(tmp)))


def read_page(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def case_report_language(cli):
    """--lang nl writes the Dutch report; a scenario's report_language sets it, --lang overrides it;
    `sibsim report --lang nl` rewrites the same page from the results file; an unknown language is
    refused before anything runs."""
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        out = os.path.join(tmp, "X.h5")
        r = cli.run("run", cli.default_scenario, "--reps", "20", "--out", out, "-q", "--lang", "nl", cwd=tmp)
        check(r.returncode == 0, "run --lang nl exits 0", r)
        page = read_page(os.path.join(tmp, "X.html"))
        check('<html lang="nl">' in page, "the report is marked Dutch", r)
        for words in ("Kerncijfers", "De belangrijkste antwoorden", "gesimuleerde toekomsten", "Aannames"):
            check(words in page, "the Dutch report says {!r}".format(words), r)
        check(re.search(r"\d\.\d{3}(?!\d)", page) is not None and "Key figures" not in page,
              "thousands written 1.299 and no English heading", r)
        # The same page again from the results file, and the English one by default.
        again = os.path.join(tmp, "again.html")
        r = cli.run("report", out, "-o", again, "--lang", "nl", cwd=tmp)
        check(r.returncode == 0, "report --lang nl exits 0", r)
        check(read_page(again) == page, "report --lang nl writes the page run --lang nl wrote", r)
        r = cli.run("report", out, "-o", again, cwd=tmp)
        check(r.returncode == 0 and '<html lang="en">' in read_page(again) and "Key figures" in read_page(again),
              "report without --lang writes English", r)
        # The scenario's own setting, and --lang over it.
        scenario = os.path.join(tmp, "dutch.yaml")
        with open(scenario, "w") as f:
            f.write("extends: {}\nname: dutch\nreport_language: nl\n".format(cli.default_scenario))
        r = cli.run("run", scenario, "--reps", "20", "--out", os.path.join(tmp, "D.h5"), "-q", cwd=tmp)
        check(r.returncode == 0 and '<html lang="nl">' in read_page(os.path.join(tmp, "D.html")),
              "report_language: nl in the scenario writes the Dutch report", r)
        r = cli.run("run", scenario, "--reps", "20", "--out", os.path.join(tmp, "E.h5"), "-q", "--lang", "en", cwd=tmp)
        check(r.returncode == 0 and '<html lang="en">' in read_page(os.path.join(tmp, "E.html")),
              "--lang en overrides the scenario's report_language", r)
        # Bad input: an unknown language on the command line or in the scenario.
        before = listing(tmp)
        r = cli.run("run", cli.default_scenario, "--reps", "5", "--out", os.path.join(tmp, "F.h5"), "-q",
                    "--lang", "de", cwd=tmp)
        check(r.returncode == 2 and "--lang" in r.stderr and "nl" in r.stderr, "--lang de exits 2 naming --lang", r)
        with open(scenario, "w") as f:
            f.write("extends: {}\nname: german\nreport_language: de\n".format(cli.default_scenario))
        r = cli.run("validate", scenario, cwd=tmp)
        check(r.returncode == 2 and "report_language" in r.stderr, "report_language: de is refused at its key", r)
        check(listing(tmp) == before, "nothing is written for refused input", r)


def case_metrics_report(cli):
    """A contract of payment metrics whose headline is not extra work-months: the report and the
    summary speak of the headline's effect, draw no work-month lines, and list each metric's payment
    in both languages."""
    scenario = os.path.join(cli.source_dir, "scenarios", "wnd-outcomes-contract.yaml")
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        out = os.path.join(tmp, "M.h5")
        r = cli.run("run", scenario, "--reps", "20", "--out", out, cwd=tmp)
        check(r.returncode == 0, "run exits 0", r)
        check("ambition for these starters" not in r.stdout, "no work-month lines in the summary", r)
        page = read_page(os.path.join(tmp, "M.html"))
        check("On the true effect" in page and "On the true extra work-months" not in page,
              "the threshold on the true effect, not on extra work-months", r)
        check("payout_employment_q4" in page and "payout_custody" in page and "payout_starts" in page,
              "each metric's payment is in the report", r)
        nl = os.path.join(tmp, "M-nl.html")
        r = cli.run("report", out, "-o", nl, "--lang", "nl", cwd=tmp)
        page = read_page(nl)
        check(r.returncode == 0 and "Op het werkelijke effect" in page and "betalingsmaatstaf employment_q4" in page,
              "the Dutch report words the effect and labels the metrics", r)


# Werk na Detentie's own words (and its currency), in English and Dutch: none may reach the report
# of another SIB that leaves WnD's parts out and names its own (case_second_sib). Not after a dot:
# the charts' JavaScript says Math.PI (and PI: in a table of constants).
WND_WORDS = re.compile(
    r"(?<![A-Za-z.])(DJI\w*|PI|PIs|PI's|top-600|citizen service|municipal\w*|gemeente\w*|Werk na Detentie|WnD|"
    r"Dutch|BSN|bsn|burgerservicenummer|participation ladder|ladder\w*|detainee\w*|gedetineerde\w*|"
    r"EUR|euro|\u20ac)(?![A-Za-z:])")


def case_second_sib(cli):
    """The second shipped SIB (New York State's Pay for Success project: parolees referred after
    release, a randomised trial, USD payments on employment in a quarter and on custody days): its
    summary and its English and Dutch reports contain none of Werk na Detentie's words, and speak of
    its own sites, persons, currency and metrics."""
    scenario = os.path.join(cli.source_dir, "scenarios", "nys-pay-for-success.yaml")
    with tempfile.TemporaryDirectory(prefix="sibsim-cli-") as tmp:
        out = os.path.join(tmp, "N.h5")
        r = cli.run("run", scenario, "--reps", "40", "--out", out, cwd=tmp)
        check(r.returncode == 0, "run exits 0", r)
        found = WND_WORDS.findall(r.stdout)
        check(not found, "the summary has no WnD words: {}".format(sorted(set(found))), r)
        check("parole officers" in r.stdout and "USD" in r.stdout, "the summary speaks its own words", r)
        nl = os.path.join(tmp, "N-nl.html")
        r = cli.run("report", out, "-o", nl, "--lang", "nl", cwd=tmp)
        check(r.returncode == 0, "report --lang nl exits 0", r)
        for page_path in (os.path.join(tmp, "N.html"), nl):
            page = read_page(page_path)
            found = WND_WORDS.findall(page)
            check(not found, "{} has no WnD words: {}".format(os.path.basename(page_path), sorted(set(found))), r)
            for own in ("payout_employment_q4", "payout_custody_days", "USD", "New York City", "Rochester"):
                check(own in page, "{} names {!r}".format(os.path.basename(page_path), own), r)
        check("parolees" in read_page(os.path.join(tmp, "N.html")), "the English report names parolees", r)


CASES = {name[len("case_"):]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sibsim", required=True, help="the sibsim executable")
    parser.add_argument("--source-dir", required=True, help="the project's source folder")
    parser.add_argument("case", choices=sorted(CASES) + ["all"])
    args = parser.parse_args()
    cli = Cli(os.path.abspath(args.sibsim), os.path.abspath(args.source_dir))
    names = sorted(CASES) if args.case == "all" else [args.case]
    failed = 0
    for name in names:
        try:
            CASES[name](cli)
            print("ok   {}".format(name))
        except (Failure, subprocess.TimeoutExpired) as e:
            failed += 1
            print("FAIL {}: {}".format(name, e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
