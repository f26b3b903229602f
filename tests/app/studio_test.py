#!/usr/bin/python3
"""HTTP tests of `sibsim studio` on loopback (study/studio/README.md is the API under test).

usage: studio_test.py --sibsim PATH --source-dir DIR CASE
cases:
  api       every endpoint with good input: the page, the scenario, paired runs (a lever not moved
            gives zero differences; a later deadline more eligible persons), save as scenario, report;
            and the studio's differences equal `sibsim compare` of the saved variant (same seed and
            replications), so the page and the CLI cannot tell different stories
  bad_input every bad request gets its HTTP error with the loader's words, and the server goes on
  cancel   a newer request of the same client cancels the running one (409), others are not touched
  limits   body size (413), foreign Host (403), cross-site POST (403), rate limit (429)
  token    --token: 403 without the token, 200 with it (query or header)
  generic  the example M/M/c model works through the same API (no series, no funnel)
  cli      a bad scenario and a port in use exit with 2 and a message; SIGINT ends the server (130)
Standard library only; run with Debian's /usr/bin/python3.
"""
import argparse
import csv
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

WND = "scenarios/wnd-2016-actual.yaml"
MMC = "scenarios/mmc-queue.yaml"


class Studio:
    """A running `sibsim studio` on a free loopback port."""

    def __init__(self, sibsim, scenario, out, extra=()):
        self.proc = subprocess.Popen(
            [sibsim, "studio", scenario, "--port", "0", "--out", out, "--first", "100", "-n", "300", "-t", "2",
             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"(http://\S+)", line)
        if not m:
            self.proc.kill()
            raise AssertionError(f"no address line from the studio: {line!r} {self.proc.stderr.read()[-2000:]}")
        self.url = m.group(1)
        self.base = self.url.split("?")[0]
        self.token = self.url.split("token=")[1] if "token=" in self.url else None

    def request(self, path, body=None, headers=None, raw=None, method=None):
        """(status, headers, body bytes) of one request."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path.lstrip("/"), data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("X-Sibsim-Token", self.token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def json(self, path, body=None, expect=200, **kw):
        status, _, data = self.request(path, body, **kw)
        assert status == expect, f"{path} {body}: HTTP {status}, expected {expect}: {data[:500]!r}"
        return json.loads(data)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise AssertionError("the studio did not stop on SIGINT within 20 s")
        return self.proc.returncode


def kpi(answer, name):
    return next(k for k in answer["kpis"] if k["name"] == name)


def case_api(a, out):
    s = Studio(a.sibsim, WND, out)
    try:
        status, headers, page = s.request("/")
        assert status == 200 and b"<html" in page and b"vega" in page, "the page"
        csp = headers.get("Content-Security-Policy", "")
        assert "default-src 'none'" in csp and "connect-src 'self'" in csp, f"CSP: {csp}"
        assert b"<!--sibsim:" not in page, "a marker of index.html was not filled"

        en = s.json("/api/scenario?lang=en")
        nl = s.json("/api/scenario?lang=nl")
        assert set(en["text"]) == set(nl["text"]) and len(en["text"]) > 20, "page words: same keys in en and nl"
        keys = [l["key"] for l in en["levers"]]
        assert keys == [l["key"] for l in nl["levers"]], "the same levers in both languages"
        marks = {l.get("mark") for l in en["levers"]}
        assert {"target", "deadline"} <= marks, f"marks {marks}"
        assert any(x["label"] != y["label"] for x, y in zip(en["levers"], nl["levers"])), "Dutch lever labels"
        assert any(x["label"] != y["label"] for x, y in zip(en["kpis"], nl["kpis"])), "Dutch KPI labels"
        end = next(l for l in en["levers"] if l["key"] == "recruitment.end")
        assert end["kind"] == "date" and re.fullmatch(r"\d{4}-\d\d-\d\d", end["value"]), end

        # Nothing moved: baseline against itself on common random numbers differs by exactly 0.
        same = s.json("/api/run", {"levers": {}, "replications": 100})
        for k in same["kpis"]:
            d = k["difference"]
            if d["n"]:
                assert d["mean"] == 0 and d["ci_low"] == 0 and d["ci_high"] == 0, f"{k['name']}: {d}"
        # A value equal to the baseline's is no move either.
        again = s.json("/api/run", {"levers": {"recruitment.end": end["value"]}, "replications": 100})
        assert again["moved"] == {}, again["moved"]

        later = {"recruitment.end": "2018-02-01"}
        r = s.json("/api/run", {"levers": later, "replications": 300})
        assert r["replications"] == 300 and r["moved"] == later
        el = kpi(r, "eligible")["difference"]
        assert el["ci_low"] > 0, f"six more months of recruitment must add eligible persons: {el}"
        assert r["marks"]["variant"]["deadline"] == "2018-02-01" and r["marks"]["base"]["deadline"] == end["value"]
        ser = r["series"][0]
        assert len(ser["dates"]) == len(ser["base"]["p50"]) == len(ser["variant"]["p50"]) > 10
        assert ser["dates"] == sorted(ser["dates"])

        # Fewer care-as-usual jobs at the contract's hours: the control group's work-months fall and the
        # extra work-months rise (common random numbers: who starts does not move at all).
        hours = next(l for l in en["levers"] if l["key"] == "work.jobs.contract_hours_share")
        assert float(hours["value"]) == 0.7 and hours["group"] == "programme", hours
        r = s.json("/api/run", {"levers": {"work.jobs.contract_hours_share": "0.35"}, "replications": 200})
        assert kpi(r, "extra_work_months_true")["difference"]["ci_low"] > 0, kpi(r, "extra_work_months_true")
        assert kpi(r, "started")["difference"]["mean"] == 0, kpi(r, "started")

        # P(target by date): cumulative, so never falling; at the deadline it is the KPI "reached the target".
        r = s.json("/api/run", {"levers": {"recruitment.target_starters": "100"}, "replications": 300})
        ch = r["target_chance"]
        assert ch["target"] == {"base": 150, "variant": 100}, ch["target"]
        for side in ("base", "variant"):
            vals = [v for v in ch[side] if v is not None]
            assert vals == sorted(vals) and all(0 <= v <= 1 for v in vals), f"{side}: {vals}"
        at = ch["dates"].index(end["value"])
        reached = kpi(r, "reached_target")
        for side in ("base", "variant"):
            assert abs(ch[side][at] - reached[side]["mean"]) < 1e-12, f"{side}: {ch[side][at]} vs {reached[side]}"
        assert ch["variant"][at] > ch["base"][at], "a lower target is reached more often"

        # Save as scenario: extends the baseline, only the moved levers; a list lever restates its list.
        moved = dict(later)
        moved["criteria.work_potential.active"] = "false"
        moved["prisons[2].start"] = "2016-09-01"
        saved = s.json("/api/save", {"levers": moved, "name": "later-end", "author": "test", "note": "a note"})
        text = saved["yaml"]
        assert saved["file"].endswith("later-end.yaml") and os.path.exists(saved["file"])
        assert re.search(r"^extends: .*wnd-2016-actual\.yaml$", text, re.M), text[:300]
        assert "# Note: a note" in text and "by test" in text
        assert "approach_probability" not in text and "payment" not in text, "only moved levers are written"
        v = subprocess.run([a.sibsim, "validate", saved["file"]], capture_output=True, text=True)
        assert v.returncode == 0, v.stderr
        s.json("/api/save", {"levers": moved, "name": "later-end"}, expect=409)

        # The studio and `sibsim compare` agree on the saved variant (same seed and replications).
        r = s.json("/api/run", {"levers": moved, "replications": 300})
        csv_dir = os.path.join(out, "csv")
        c = subprocess.run([a.sibsim, "compare", WND, saved["file"], "-n", "300", "--seed", "1", "-t", "2", "-q",
                            "--no-report", "--out", os.path.join(out, "cmp.h5"), "--csv", csv_dir, "-k", "eligible",
                            "-k", "started", "-k", "payout_total"], capture_output=True, text=True)
        assert c.returncode == 0, c.stderr
        with open(os.path.join(csv_dir, "compare_kpis.csv")) as f:
            rows = {row["kpi"]: row for row in csv.DictReader(f)}
        for name in ("eligible", "started", "payout_total"):
            mine, theirs = kpi(r, name), rows[name]
            for ours, col in ((mine["base"]["mean"], "base_mean"), (mine["variant"]["mean"], "variant_mean"),
                              (mine["difference"]["mean"], "difference")):
                ref = float(theirs[col])
                assert abs(ours - ref) <= 1e-9 * max(1.0, abs(ref)), f"{name} {col}: studio {ours}, compare {ref}"

        status, headers, html = s.request("/api/report", {"levers": later, "replications": 100})
        assert status == 200 and b'<html lang="en">' in html, f"report: HTTP {status} {html[:300]!r}"
        # In the page's language: the Dutch page downloads the Dutch report.
        status, _, html_nl = s.request("/api/report?lang=nl", {"levers": later, "replications": 100})
        assert status == 200 and b'<html lang="nl">' in html_nl, f"report nl: HTTP {status} {html_nl[:300]!r}"
        assert "De belangrijkste antwoorden".encode() in html_nl, "the Dutch report's key answers"
        assert "attachment" in headers.get("Content-Disposition", ""), headers
        assert not os.path.exists(os.path.join(out, ".studio-variant.yaml")), "the report's variant file is removed"
    finally:
        code = s.stop()
    assert code == 130, f"exit code after SIGINT {code}, expected 130"


def case_bad_input(a, out):
    s = Studio(a.sibsim, WND, out)
    try:
        def bad(body, expect, key=None, words=None, raw=None, path="/api/run"):
            status, _, data = s.request(path, body, raw=raw)
            assert status == expect, f"{body or raw}: HTTP {status}, expected {expect}: {data[:300]!r}"
            j = json.loads(data)
            assert j.get("error"), j
            if key is not None:
                assert j.get("key") == key, f"key {j.get('key')!r}, expected {key!r}"
            if words:
                assert words in j["error"], f"{j['error']!r} lacks {words!r}"

        bad(None, 400, raw=b"{not json", words="not valid JSON")
        bad(None, 400, raw=b"[1, 2]", words="JSON object")
        bad({"levers": [1]}, 400, words="expected an object")
        bad({"levers": {"recruitment.ends": "2018-01-01"}}, 400, "recruitment.ends", "did you mean 'recruitment.end'")
        bad({"levers": {"recruitment.end": "2018-13-01"}}, 400, "recruitment.end", "no month 13")
        bad({"levers": {"recruitment.end": "soon"}}, 400, "recruitment.end", "not a date")
        bad({"levers": {"recruitment.end": "2015-01-01"}}, 400, "recruitment.end", "after recruitment.start")
        bad({"levers": {"recruitment.target_starters": "1.5"}}, 400, "recruitment.target_starters", "whole number")
        bad({"levers": {"payment.threshold_share": "2"}}, 400, "payment.threshold_share", "outside")
        bad({"levers": {"payment.threshold_share": "NaN"}}, 400, "payment.threshold_share", "not a number")
        bad({"levers": {"criteria.work_potential.active": "maybe"}}, 400, "criteria.work_potential.active")
        bad({"levers": {"recruitment.end": ""}}, 400, "recruitment.end", "required")
        bad({"levers": {"recruitment.end": {"a": 1}}}, 400, "recruitment.end")
        bad({"replications": 0}, 400, words="replications")
        bad({"replications": 10 ** 9}, 400, words="replications")
        bad({"client": "x" * 100}, 400, words="client")
        bad({"name": "../escape"}, 400, path="/api/save", words="not a usable name")
        bad({"name": ""}, 400, path="/api/save", words="not a usable name")
        bad({"levers": {"nope": "1"}}, 400, "nope", path="/api/report")
        status, _, _ = s.request("/api/nothing")
        assert status == 404, status
        # An optional lever may be emptied (a criterion never dropped): a valid run.
        r = s.json("/api/run", {"levers": {"criteria.work_potential.dropped_from": ""}, "replications": 100})
        assert r["moved"] == {"criteria.work_potential.dropped_from": ""}, r["moved"]
        assert kpi(r, "started")["difference"]["mean"] < 0, "keeping the work-potential rule costs starters"
        s.json("/api/scenario")  # still answering
        assert not os.listdir(out) or os.listdir(out) == [], f"nothing written: {os.listdir(out)}"
    finally:
        assert s.stop() == 130


def case_cancel(a, out):
    s = Studio(a.sibsim, WND, out)
    try:
        results = {}

        def long_run():
            results["long"] = s.request("/api/run", {"levers": {"recruitment.end": "2018-02-01"},
                                                    "replications": 20000, "client": "tab-1"})

        t = threading.Thread(target=long_run)
        t.start()
        time.sleep(1.0)
        other = s.json("/api/run", {"levers": {}, "replications": 100, "client": "tab-2"})
        assert other["replications"] == 100, "another client is not cancelled"
        start = time.monotonic()
        newer = s.json("/api/run", {"levers": {"recruitment.end": "2017-12-01"}, "replications": 100,
                                     "client": "tab-1"})
        waited = time.monotonic() - start
        t.join(timeout=120)
        status, _, data = results["long"]
        assert status == 409 and json.loads(data)["error"] == "superseded", f"older run: {status} {data[:200]!r}"
        assert newer["moved"] == {"recruitment.end": "2017-12-01"}
        print(f"newer run answered {waited:.2f} s after it was sent (the older one cancelled)")
    finally:
        assert s.stop() == 130


def case_limits(a, out):
    s = Studio(a.sibsim, WND, out)
    try:
        status, _, _ = s.request("/api/run", raw=b'{"levers": {}, "pad": "' + b"x" * 70000 + b'"}')
        assert status == 413, f"a 70 kB body: HTTP {status}, expected 413"
        status, _, _ = s.request("/api/scenario", headers={"Host": "evil.example:80"})
        assert status == 403, f"foreign Host header: HTTP {status}"
        status, _, _ = s.request("/api/run", {"levers": {}}, headers={"Origin": "http://evil.example"})
        assert status == 403, f"cross-site POST: HTTP {status}"
        codes = [s.request("/api/scenario")[0] for _ in range(260)]
        assert 429 in codes and codes[0] == 200, f"rate limit: {sorted(set(codes))}"
        assert s.proc.poll() is None, "the server is still running"
    finally:
        assert s.stop() == 130


def case_token(a, out):
    s = Studio(a.sibsim, WND, out, extra=["--token"])
    try:
        assert s.token and len(s.token) == 32, s.url
        token = s.token
        s.token = None
        status, _, _ = s.request("/api/scenario")
        assert status == 403, f"without the token: HTTP {status}"
        status, _, _ = s.request(f"/api/scenario?token={'0' * 32}")
        assert status == 403, f"a wrong token: HTTP {status}"
        status, _, _ = s.request(f"/?token={token}")
        assert status == 200, f"token in the query: HTTP {status}"
        s.token = token
        s.json("/api/scenario")
    finally:
        assert s.stop() == 130


def case_generic(a, out):
    s = Studio(a.sibsim, MMC, out)
    try:
        sc = s.json("/api/scenario")
        assert sc["model"] != "sib" and sc["series"] == [] and sc["levers"], sc
        servers = next(l for l in sc["levers"] if l["kind"] == "integer")
        r = s.json("/api/run", {"levers": {servers["key"]: str(int(servers["value"]) + 2)}, "replications": 100})
        assert r["series"] == [] and r["kpis"] and r["target_chance"] is None, r
        assert any(k["difference"]["n"] and k["difference"]["mean"] != 0 for k in r["kpis"]), "more servers matter"
    finally:
        assert s.stop() == 130


def case_cli(a, out):
    bad = os.path.join(out, "bad.yaml")
    with open(bad, "w") as f:
        f.write("extends: %s\nrecruitment:\n  end: 2015-01-01\n" % os.path.join(a.source_dir, WND))
    p = subprocess.run([a.sibsim, "studio", bad, "--port", "0"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "bad.yaml:3" in p.stderr, f"exit {p.returncode}: {p.stderr}"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        p = subprocess.run([a.sibsim, "studio", WND, "--port", str(port)], capture_output=True, text=True,
                           timeout=60)
        assert p.returncode == 2 and "cannot listen" in p.stderr, f"exit {p.returncode}: {p.stderr}"
    p = subprocess.run([a.sibsim, "studio", WND, "--first", "500", "-n", "100", "--port", "0"], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 2 and "--first" in p.stderr, p.stderr


CASES = {"api": case_api, "bad_input": case_bad_input, "cancel": case_cancel, "limits": case_limits,
         "token": case_token, "generic": case_generic, "cli": case_cli}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sibsim", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("case", choices=sorted(CASES))
    a = ap.parse_args()
    a.sibsim = os.path.abspath(a.sibsim)
    a.source_dir = os.path.abspath(a.source_dir)
    os.chdir(a.source_dir)
    with tempfile.TemporaryDirectory(prefix="sibsim-studio-") as out:
        CASES[a.case](a, out)
    print(f"studio {a.case}: ok")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
