#!/usr/bin/env python3
"""`sibsim report CAL.h5` on a calibration file (the synthetic one report_write_sample writes):
exit 0, the report written next to the file as CAL.html, and the page is the calibration report
(degrees of freedom, every parameter and observation). Then `sibsim report CAL.h5 --out X.html`.

usage: check_calibration_report_cli.py SIBSIM CALIBRATION_H5
"""
import os
import shutil
import subprocess
import sys
import tempfile


def fail(message, result=None):
    print("FAIL:", message, file=sys.stderr)
    if result is not None:
        print("exit", result.returncode, "\nstdout:", result.stdout[-3000:], "\nstderr:", result.stderr[-3000:],
              file=sys.stderr)
    sys.exit(1)


def check_page(path, result):
    if not os.path.isfile(path):
        fail(f"{path} was not written", result)
    with open(path, encoding="utf-8") as f:
        page = f.read()
    for needle in ["sibsim calibration", "degrees of freedom", "Not identified by the data",
                   "Arrival rate", "Share served", "Delay scale", "Staff count",
                   "<code>served_2017</code>", "<code>queue_peak</code>", "held out from the fit"]:
        if needle not in page:
            fail(f"{path} lacks {needle!r}", result)


def main():
    if len(sys.argv) != 3:
        fail(__doc__)
    sibsim, source = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        cal = os.path.join(tmp, "CAL.h5")
        shutil.copyfile(source, cal)
        r = subprocess.run([sibsim, "report", cal], capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            fail("sibsim report CAL.h5 did not exit 0", r)
        check_page(os.path.join(tmp, "CAL.html"), r)
        out = os.path.join(tmp, "other.html")
        r = subprocess.run([sibsim, "report", cal, "--out", out], capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            fail("sibsim report CAL.h5 --out other.html did not exit 0", r)
        check_page(out, r)
    print("ok: sibsim report writes the calibration report")


if __name__ == "__main__":
    main()
