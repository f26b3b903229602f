#!/usr/bin/python3
"""Latency of `sibsim studio`'s answers, measured from the HTTP request to the full response.

Starts `sibsim studio SCENARIO --port 0` (first answer 200 replications, refined 1,000, all cores),
waits until it listens (the baseline is simulated before that), then moves a lever K times to a
value not asked before (so nothing is cached for the variant) and times:
  - the first answer: POST /api/run with the first replication count (what the page shows first);
  - the refined answer: POST /api/run with the final count (what replaces it).
Prints min / median / 90th percentile / max in ms. Standard library only.

usage: benchmarks/studio_latency.py [--sibsim build/release/app/sibsim] [--scenario FILE] [--moves K]
Run from the repository root on an idle machine; figures go into benchmarks/RESULTS.md.
"""
import argparse
import datetime
import json
import re
import signal
import statistics
import subprocess
import time
import urllib.request


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    req.add_header("Content-Type", "application/json")
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=300) as r:
        data = r.read()
    elapsed = (time.perf_counter() - start) * 1000
    assert r.status == 200, data[:300]
    return elapsed, json.loads(data)


def summary(name, ms):
    ms = sorted(ms)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    print(f"{name:<34} n={len(ms):<3} min {ms[0]:7.1f}  median {statistics.median(ms):7.1f}  "
          f"p90 {p90:7.1f}  max {ms[-1]:7.1f} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sibsim", default="build/release/app/sibsim")
    ap.add_argument("--scenario", default="scenarios/wnd-2016-actual.yaml")
    ap.add_argument("--lever", default="recruitment.end", help="a date lever to move")
    ap.add_argument("--moves", type=int, default=20)
    a = ap.parse_args()
    started = time.perf_counter()
    proc = subprocess.Popen([a.sibsim, "studio", a.scenario, "--port", "0", "-q"], stdout=subprocess.PIPE, text=True)
    try:
        url = re.search(r"(http://\S+)", proc.stdout.readline()).group(1)
        print(f"studio listening after {time.perf_counter() - started:.2f} s (baseline simulated): {url}")
        sc = json.loads(urllib.request.urlopen(url + "api/scenario").read())
        first, final = sc["replications"]["first"], sc["replications"]["final"]
        base = datetime.date.fromisoformat(next(l["value"] for l in sc["levers"] if l["key"] == a.lever))
        quick, refined = [], []
        for i in range(a.moves):
            value = (base + datetime.timedelta(days=7 * (i + 1))).isoformat()
            ms, answer = post(url + "api/run", {"levers": {a.lever: value}, "replications": first, "client": "bench"})
            assert answer["moved"] == {a.lever: value}
            quick.append(ms)
            ms, _ = post(url + "api/run", {"levers": {a.lever: value}, "replications": final, "client": "bench"})
            refined.append(ms)
        print(f"{a.scenario}, lever {a.lever}, {a.moves} moves")
        summary(f"first answer ({first} replications)", quick)
        summary(f"refined answer ({final} replications)", refined)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
