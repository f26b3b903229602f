#!/usr/bin/python3
"""Renders sibsim HTML reports in a real browser (headless Chromium) and checks that they work.

For each page it checks, from the DOM after the page's scripts have run:
  - every chart rendered: each <div class="chart"> holds the <svg> that Vega drew, and the page's
    own counter says data-charts-rendered == data-charts-expected;
  - no script error, console error or console warning, and no request blocked by the page's
    no-network policy (the page records them in <body data-errors data-warnings>);
and it keeps, next to the page in --out, a desktop screenshot (1200 x 3000), a phone screenshot
(390 x 2400) and a PDF print as artefacts to look at.

Chromium missing is a failure, not a skip: scripts/install-deps.sh installs it (Debian package
`chromium`). Run with Debian's /usr/bin/python3 (toolchain.md P10); it needs only the standard
library.

With --self-test it also renders broken copies of the first page (a script error, a network
request, a broken chart spec, Vega not loaded) and fails unless each one is caught.

usage: check_report_browser.py [--chromium PATH] [--self-test] --out DIR PAGE.html...
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
    # Belt and braces for "no network": any host name fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    # Enough virtual time for Vega to parse and render every chart.
    "--virtual-time-budget=10000",
]
TIMEOUT = 120  # seconds per Chromium run


class Failure(Exception):
    pass


def run_chromium(chromium, page, extra):
    """Runs Chromium once on `page` with a fresh profile; returns its stdout."""
    profile = tempfile.mkdtemp(prefix="sibsim-chromium-")
    try:
        cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", *extra, "file://" + os.path.abspath(page)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise Failure(f"Chromium did not finish within {TIMEOUT} s: {' '.join(cmd)}")
        if done.returncode != 0:
            raise Failure(f"Chromium exited with {done.returncode}: {' '.join(cmd)}\n{done.stderr[-3000:]}")
        return done.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def body_attributes(dom):
    m = re.search(r"<body([^>]*)>", dom)
    if not m:
        raise Failure("the rendered DOM has no <body>")
    return dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1)))


def dom_problems(chromium, page, dom_copy=None):
    """Renders `page` and returns (problems, summary line) from the DOM after its scripts ran."""
    dom = run_chromium(chromium, page, ["--dump-dom"])
    if dom_copy:
        with open(dom_copy, "w", encoding="utf-8") as f:
            f.write(dom)
    attrs = body_attributes(dom)
    expected = int(attrs.get("data-charts-expected", "-1"))
    rendered = int(attrs.get("data-charts-rendered", "-1"))
    errors = attrs.get("data-errors", "?")
    warnings = attrs.get("data-warnings", "?")
    messages = attrs.get("data-messages", "")

    containers = re.findall(r'<div class="chart" id="(chart-\d+)"[^>]*>(<svg\b[^>]*>)?', dom)
    drawn = [cid for cid, svg in containers if svg and 'class="marks"' in svg]
    missing = [cid for cid, svg in containers if not (svg and 'class="marks"' in svg)]
    svgs = len(re.findall(r"<svg\b", dom))

    problems = []
    if expected <= 0:
        problems.append(f"the page expects {expected} charts (data-charts-expected); a report with data has charts")
    if len(containers) != expected:
        problems.append(f"{len(containers)} chart containers in the DOM, the page expects {expected}")
    if missing:
        problems.append(f"no SVG drawn in {', '.join(missing)}")
    if rendered != expected:
        problems.append(f"{rendered} charts finished rendering (data-charts-rendered), {expected} expected")
    if errors != "0":
        problems.append(f"{errors} script/console errors: {messages}")
    if warnings != "0":
        problems.append(f"{warnings} console warnings: {messages}")
    # English or Dutch (--lang nl) headings (output/text/page.json, run.json).
    headings = ("Key answers", "Key figures", "De belangrijkste antwoorden", "Kerncijfers")
    if not any(h in dom for h in headings):
        problems.append("none of the headings {} is on the page".format(", ".join(repr(h) for h in headings)))
    summary = (f"{len(drawn)}/{expected} charts drawn ({svgs} <svg> elements), "
               f"{errors} errors, {warnings} warnings")
    return problems, summary


def check_page(chromium, page, out_dir):
    name = os.path.splitext(os.path.basename(page))[0]
    problems, summary = dom_problems(chromium, page, os.path.join(out_dir, name + ".dom.html"))

    artefacts = []
    for suffix, size in (("", "1200,3000"), ("-phone", "390,2400")):
        png = os.path.join(out_dir, name + suffix + ".png")
        if os.path.exists(png):
            os.remove(png)
        run_chromium(chromium, page, [f"--window-size={size}", f"--screenshot={png}"])
        if not os.path.exists(png) or os.path.getsize(png) < 20_000:
            problems.append(f"screenshot {png} missing or nearly empty")
        artefacts.append(png)
    pdf = os.path.join(out_dir, name + ".pdf")
    if os.path.exists(pdf):
        os.remove(pdf)
    run_chromium(chromium, page, ["--no-pdf-header-footer", f"--print-to-pdf={pdf}"])
    head = b""
    if os.path.exists(pdf):
        with open(pdf, "rb") as f:
            head = f.read(5)
    if head != b"%PDF-":
        problems.append(f"printing to {pdf} gave no PDF")
    artefacts.append(pdf)

    print(f"{'ok' if not problems else 'FAILED'}: {page}: {summary}")
    for p in problems:
        print(f"  - {p}")
    print("  artefacts: " + ", ".join(artefacts))
    return not problems


# Broken copies of a good page that the checks above must catch (so they cannot pass vacuously).
MUTATIONS = [
    ("script error", lambda h: h.replace("</main>", "<script>notAFunction();</script></main>", 1)),
    ("network request", lambda h: h.replace("</main>", '<img src="http://example.invalid/x.png" alt=""></main>', 1)),
    ("broken chart spec", lambda h: h.replace('"type": "rect"', '"type": "no-such-mark"', 1)),
    ("Vega missing", lambda h: h.replace("__sibsimVegaModule('vega-view');", "__sibsimVegaModule('not-vega-view');", 1)),
]


def self_test(chromium, page, out_dir):
    """True if every broken copy of `page` is reported as broken."""
    with open(page, encoding="utf-8") as f:
        good = f.read()
    ok = True
    for what, mutate in MUTATIONS:
        bad = mutate(good)
        if bad == good:
            print(f"FAILED: self-test '{what}': the mutation did not apply to {page}")
            ok = False
            continue
        path = os.path.join(out_dir, "self-test.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(bad)
        problems, _ = dom_problems(chromium, path)
        print(f"{'ok' if problems else 'FAILED'}: self-test '{what}' is {'detected' if problems else 'NOT detected'}"
              + (f" ({problems[0][:100]})" if problems else ""))
        ok = ok and bool(problems)
    os.remove(os.path.join(out_dir, "self-test.html"))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--out", required=True, help="directory for screenshots, PDFs and rendered DOMs")
    ap.add_argument("--self-test", action="store_true",
                    help="also check that broken copies of the first page are caught")
    ap.add_argument("pages", nargs="+")
    args = ap.parse_args()

    if not (os.path.isfile(args.chromium) and os.access(args.chromium, os.X_OK)):
        print(f"FAILED: Chromium is not installed ({args.chromium} not found). The report's browser test needs "
              f"it: run scripts/install-deps.sh (Debian package 'chromium').", file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    passed = 0
    for page in args.pages:
        if not os.path.isfile(page):
            print(f"FAILED: {page} does not exist (report_write_sample should have written it)")
            continue
        try:
            passed += check_page(args.chromium, page, args.out)
        except Failure as e:
            print(f"FAILED: {page}: {e}")
    failed = len(args.pages) - passed
    if args.self_test and os.path.isfile(args.pages[0]):
        try:
            if self_test(args.chromium, args.pages[0], args.out):
                passed += 1
            else:
                failed += 1
        except Failure as e:
            print(f"FAILED: self-test: {e}")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
