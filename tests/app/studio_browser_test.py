#!/usr/bin/python3
"""Drives the `sibsim studio` page in headless Chromium (DevTools protocol over a pipe) and checks it.

Starts `SIBSIM studio SCENARIO --port 0 --out TMP --threads 2`, reads the address it prints, and in
Chromium:
  1. opens the page and waits until it is ready: <body data-state="ready">, every chart drawn
     (data-charts-rendered == data-charts-expected > 0) and the answer from replications.final;
     screenshot OUT/studio-base.png;
  2. moves a lever (the first date lever with mark "deadline", else the first date lever, else the
     first number lever) six months later, fires input and change, and waits until the final
     answer shows a non-zero difference for the first headline KPI in persons; where a lever has
     mark "target" and the scenario has a series, checks that the chart "chance of reaching the
     target by date" is shown and drawn (an <svg>) and that the variant's last chance (its
     data-last-variant) differs from the base's (data-last-base); screenshot OUT/studio-variant.png;
  3. checks that the URL fragment now holds the moved lever;
  4. reloads the page from that fragment with lang=nl and checks that the lever keeps its value
     and that Dutch words of lang/nl.json are on the page; screenshot OUT/studio-nl.png;
  5. types an invalid value (a number lever beyond its max, else a date beyond its max), checks
     that an error message shows, that the page does not stay busy and that the server still
     answers; then resets the lever and waits for the page to be ready again;
  6. fails on any script exception, console error or warning, error log entry, or a non-zero
     <body data-errors>.
Expected browser log entries for the studio's own protocol are not counted: HTTP 409 "superseded"
answers (a newer run replaced an older one) and, during step 5 only, the HTTP 400 for the invalid
value.

Chromium missing is a failure, not a skip. Run with Debian's /usr/bin/python3; standard library
only.

usage: studio_browser_test.py --sibsim PATH --scenario FILE --out DIR [--chromium /usr/bin/chromium]
"""
import argparse
import base64
import datetime
import fcntl
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--no-default-browser-check",
    "--window-size=1280,1600",
]
READY_TIMEOUT = 60   # seconds for the page to reach a state
SERVER_TIMEOUT = 60  # seconds for the server to print its address
HERE = os.path.dirname(os.path.abspath(__file__))
NL_JSON = os.path.join(HERE, "..", "..", "study", "studio", "page", "lang", "nl.json")
EN_JSON = os.path.join(HERE, "..", "..", "study", "studio", "page", "lang", "en.json")


class Failure(Exception):
    pass


# --- the server -----------------------------------------------------------------------------------

class Server:
    def __init__(self, sibsim, scenario, out_dir, extra=()):
        self.lines = []
        cmd = [sibsim, "studio", scenario, "--port", "0", "--out", out_dir, "--threads", "2", *extra]
        self.cmd = " ".join(cmd)
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True, start_new_session=True)
        except OSError as e:
            raise Failure(f"cannot start `{self.cmd}`: {e}")
        self.found = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self.address = self.found.get(timeout=SERVER_TIMEOUT)
        except queue.Empty:
            self.stop()
            raise Failure(f"`{self.cmd}` printed no http:// address within {SERVER_TIMEOUT} s:\n" + self.log())
        if self.address is None:
            self.proc.wait(timeout=10)
            raise Failure(f"`{self.cmd}` exited ({self.proc.poll()}) without printing an address:\n" + self.log())
        # An IP address, never a name (Chromium might resolve names elsewhere).
        self.address = re.sub(r"^http://(localhost|\[::1\])(?=[:/])", "http://127.0.0.1", self.address)
        u = urllib.parse.urlsplit(self.address)
        self.origin = f"{u.scheme}://{u.netloc}"
        self.token = urllib.parse.parse_qs(u.query).get("token", [""])[0]

    def _read(self):
        sent = False
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if not sent:
                m = re.search(r"http://\S+", line)
                if m:
                    self.found.put(m.group(0).rstrip(".,;)\"'"))
                    sent = True
        if not sent:
            self.found.put(None)

    def log(self):
        return "\n".join("  | " + line for line in self.lines[-40:])

    def request(self, path, payload=None, timeout=None):
        """(status, parsed JSON or text) of a request to the server, with the token."""
        data = None if payload is None else json.dumps(payload).encode()
        req = urllib.request.Request(self.origin + path, data=data, method="GET" if payload is None else "POST")
        if self.token:
            req.add_header("X-Sibsim-Token", self.token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout or READY_TIMEOUT) as r:
                status, raw = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        try:
            return status, json.loads(raw.decode("utf-8"))
        except ValueError:
            return status, raw.decode("utf-8", "replace")

    def stop(self):
        stop_process(self.proc)


def stop_process(proc):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # the group this script started (start_new_session)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


# --- Chromium over --remote-debugging-pipe --------------------------------------------------------

class Browser:
    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="sibsim-studio-chromium-")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def child_fds():
            # Chromium reads commands on fd 3 and writes answers on fd 4.
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        cmd = [chromium, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"]
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.stderr,
                                     pass_fds=(3, 4), preexec_fn=child_fds, start_new_session=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.next_id = 0
        self.answers = {}
        self.cond = threading.Condition()
        self.events = []  # (method, params)
        self.closed = False
        threading.Thread(target=self._read, daemon=True).start()
        self.session = None

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self.from_chrome, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self.cond:
                    self.closed = True
                    self.cond.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw.decode("utf-8"))
                with self.cond:
                    if "id" in msg:
                        self.answers[msg["id"]] = msg
                    else:
                        self.events.append((msg.get("method"), msg.get("params", {})))
                    self.cond.notify_all()

    def send(self, method, params=None, session=True, timeout=60):
        with self.cond:
            self.next_id += 1
            mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        data = json.dumps(msg).encode() + b"\0"
        try:
            os.write(self.to_chrome, data)
        except OSError as e:
            raise Failure(f"Chromium is gone ({e}); its stderr:\n{self.stderr_tail()}")
        deadline = time.monotonic() + timeout
        with self.cond:
            while mid not in self.answers:
                left = deadline - time.monotonic()
                if self.closed:
                    raise Failure(f"Chromium closed the pipe during {method}; its stderr:\n{self.stderr_tail()}")
                if left <= 0:
                    raise Failure(f"Chromium did not answer {method} within {timeout} s")
                self.cond.wait(left)
            answer = self.answers.pop(mid)
        if "error" in answer:
            raise Failure(f"{method} failed: {answer['error']}")
        return answer.get("result", {})

    def attach(self):
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        pages = [t for t in targets if t.get("type") == "page"]
        if pages:
            target = pages[0]["targetId"]
        else:
            target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            self.send(domain + ".enable")

    def evaluate(self, expression, await_promise=False, timeout=60):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": await_promise}, timeout=timeout)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise Failure(f"evaluating in the page failed: {d.get('exception', {}).get('description') or d.get('text')}")
        return r.get("result", {}).get("value")

    def navigate(self, url):
        r = self.send("Page.navigate", {"url": url})
        if r.get("errorText"):
            raise Failure(f"navigating to {url} failed: {r['errorText']}")

    def screenshot(self, path, max_height=8000, scale=1):
        """The page from its top, at most max_height CSS pixels tall (the README's picture: 1100, 0.75)."""
        metrics = self.send("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics.get("contentSize")
        width = min(int(size["width"]), 4000)
        height = min(int(size["height"]), max_height)
        r = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                 "clip": {"x": 0, "y": 0, "width": width, "height": height,
                                                          "scale": scale}})
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))
        if os.path.getsize(path) < 20_000:
            raise Failure(f"screenshot {path} is nearly empty ({os.path.getsize(path)} bytes)")

    def stderr_tail(self):
        try:
            self.stderr.seek(0)
            return self.stderr.read()[-3000:].decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def close(self):
        try:
            if self.proc.poll() is None and not self.closed:
                self.send("Browser.close", session=False, timeout=5)
                self.proc.wait(timeout=5)
        except (Failure, OSError, subprocess.TimeoutExpired):
            pass
        stop_process(self.proc)
        for fd in (self.to_chrome, self.from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        self.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)


# --- console problems -----------------------------------------------------------------------------

def console_problems(events, allow_400):
    """Exceptions, console errors/warnings and error log entries among the events so far.
    allow_400(i) tells whether event i may be an expected HTTP 400 (the invalid-value step)."""
    out = []
    for i, (method, p) in enumerate(events):
        if method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            out.append("exception: " + str(d.get("exception", {}).get("description") or d.get("text")))
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            out.append(f"console.{p.get('type')}: {args}")
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            txt = e.get("text", "")
            if e.get("source") == "network" and "status of 409" in txt:
                continue  # a run superseded by a newer one: the protocol, not a problem
            if e.get("source") == "network" and "status of 400" in txt and allow_400(i):
                continue
            out.append(f"log error ({e.get('source')}): {txt} {e.get('url', '')}")
    return out


# --- the checks -----------------------------------------------------------------------------------

STATE_JS = """(function () {
  var b = document.body;
  if (!b) return null;
  function a(n) { return b.getAttribute(n); }
  return {state: a('data-state'), reps: a('data-replications'), expected: a('data-charts-expected'),
          rendered: a('data-charts-rendered'), errors: a('data-errors'), hash: location.hash,
          lang: document.documentElement.lang, extra: (%s)};
})()"""


def wait_for(browser, what, test, extra="null", timeout=None, error_ok=False):
    """Polls the page until test(state) holds (at most `timeout` s, default READY_TIMEOUT); returns
    the state. Stops early when the page says data-state="error" (unless error_ok), with what the
    console said."""
    timeout = READY_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = browser.evaluate(STATE_JS % extra)
        except Failure as e:
            last = {"evaluate": str(e)}
        if last and "evaluate" not in last and test(last):
            return last
        if last and last.get("state") == "error" and not error_ok:
            time.sleep(0.5)  # let the console events arrive
            with browser.cond:
                events = list(browser.events)
            said = console_problems(events, lambda i: False)
            top = browser.evaluate("(function () { var e = document.getElementById('top-error'); "
                                   "return e ? e.textContent : ''; })()")
            raise Failure(f"the page went to data-state=error while waiting for {what}: {top!r}; page state "
                          f"{json.dumps(last)}" + ("; console:\n  " + "\n  ".join(said[:10]) if said else ""))
        time.sleep(0.25)
    raise Failure(f"timed out after {timeout} s waiting for {what}; last page state: {json.dumps(last)}")


def is_ready(final):
    def test(s):
        try:
            return (s["state"] == "ready" and int(s["expected"]) > 0 and s["rendered"] == s["expected"]
                    and int(s["reps"]) == final)
        except (TypeError, ValueError):
            return False
    return test


def js_str(s):
    return json.dumps(s)


def lever_id(key):
    return "lever-" + re.sub(r"[.\[\]]", "-", key)


def add_months(date_text, months):
    d = datetime.date.fromisoformat(date_text)
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    days = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return datetime.date(y, m, min(d.day, days[m - 1])).isoformat()


def choose_moved_lever(levers):
    """(lever, new value, why) for step 2."""
    dates = [l for l in levers if l.get("kind") == "date" and l.get("value")]
    deadline = [l for l in dates if l.get("mark") == "deadline"]
    for lever, why in ([(l, "first date lever with mark deadline") for l in deadline[:1]]
                       + [(l, "first date lever (no date lever has mark deadline)") for l in dates[:1]]):
        new = add_months(lever["value"], 6)
        if lever.get("max") and new > lever["max"]:
            new = lever["max"]
        if new != lever["value"]:
            return lever, new, why
    for lever in levers:
        if lever.get("kind") in ("number", "integer") and lever.get("value") not in (None, ""):
            base = float(lever["value"])
            lo = lever.get("min")
            hi = lever.get("max")
            step = lever.get("step") or (1 if lever["kind"] == "integer" else max(abs(base) * 0.25, 0.1))
            new = base + 4 * step
            if hi is not None and new > hi:
                new = base - 4 * step
            if lo is not None and new < lo:
                new = (lo + (hi if hi is not None else base)) / 2
            text = str(int(round(new))) if lever["kind"] == "integer" else repr(round(new, 6))
            if float(text) != base:
                return lever, text, "first number lever (the scenario has no date lever)"
    raise Failure("the scenario declares no date or number lever to move")


def choose_invalid(levers):
    """(lever, invalid value, why) for step 5."""
    for lever in levers:
        if lever.get("kind") in ("number", "integer") and lever.get("max") is not None:
            hi = float(lever["max"])
            bad = hi + max(abs(hi), 1.0) * 10
            return lever, (str(int(bad)) if lever["kind"] == "integer" else repr(bad)), "a number lever beyond its max"
    for lever in levers:
        if lever.get("kind") == "date" and lever.get("max"):
            return lever, "9999-12-31", "a date lever beyond its max"
    raise Failure("the scenario declares no lever with a max to exceed")


def dutch_words():
    """UI words that differ between lang/nl.json and lang/en.json (buttons and a column header)."""
    with open(NL_JSON, encoding="utf-8") as f:
        nl = json.load(f)
    with open(EN_JSON, encoding="utf-8") as f:
        en = json.load(f)
    keys = [k for k in ("save_button", "report_button", "link_button", "difference", "kpi_title") if k in nl]
    return [nl[k] for k in keys if nl[k] != en.get(k)]


CHANCE_JS = """(function () {
  var c = document.getElementById('chart-chance'), block = document.getElementById('chance-block');
  if (!c || !block) return {missing: true};
  return {hidden: block.hidden, svg: !!c.querySelector('svg'), base: c.getAttribute('data-last-base'),
          variant: c.getAttribute('data-last-variant'), marks: c.querySelectorAll('svg path, svg line').length};
})()"""


def check_chance(browser, scen, lever, notes):
    """Step 2b: with a lever of mark "target" and a series, the chart "chance of reaching the target by
    date" is shown and drawn, and the variant's last chance differs from the base's."""
    levers = scen.get("levers") or []
    if not any(l.get("mark") == "target" for l in levers) or not scen.get("series"):
        notes.append("no target lever or no series: no chance chart expected")
        return
    c = browser.evaluate(CHANCE_JS)
    if c.get("missing"):
        raise Failure("the page has no #chart-chance / #chance-block")
    if c["hidden"] or not c["svg"]:
        raise Failure(f"after moving {lever['key']} the chance chart is not shown and drawn: {json.dumps(c)}")
    try:
        base, variant = float(c["base"]), float(c["variant"])
    except (TypeError, ValueError):
        raise Failure(f"the chance chart holds no last chances (data-last-base/-variant): {json.dumps(c)}")
    if not (0 <= base <= 1 and 0 <= variant <= 1):
        raise Failure(f"last chances out of [0, 1]: base {base}, variant {variant}")
    if base == variant:
        raise Failure(f"after moving {lever['key']} the last chance of reaching the target is the same for base "
                      f"and variant ({base})")
    notes.append(f"chance of the target at the last date: base {base:.0%}, variant {variant:.0%}")


def run_checks(args, server, browser, out_dir, notes):
    status, scen = server.request("/api/scenario?lang=en")
    if status != 200 or not isinstance(scen, dict):
        raise Failure(f"GET /api/scenario answered {status}: {str(scen)[:300]}")
    reps = scen.get("replications") or {}
    final = int(reps.get("final") or reps.get("first") or 0)
    levers = scen.get("levers") or []
    kpis = scen.get("kpis") or []
    notes.append(f"{len(levers)} levers, {len(kpis)} KPIs, {len(scen.get('series') or [])} series, final {final} replications")

    browser.attach()
    invalid_from = [None]  # event index from which an HTTP 400 is expected

    def allow_400(i):
        return invalid_from[0] is not None and i >= invalid_from[0]

    # 1. the base view
    t0 = time.monotonic()
    browser.navigate(server.address)
    s = wait_for(browser, f"the first page to be ready with {final} replications", is_ready(final))
    notes.append(f"ready in {time.monotonic() - t0:.1f} s with {s['rendered']} charts")
    browser.screenshot(os.path.join(out_dir, "studio-base.png"))

    # 2. move a lever
    lever, new_value, why = choose_moved_lever(levers)
    lid = lever_id(lever["key"])
    headline = [k for k in kpis if "headline" in (k.get("groups") or [])]
    watched = ([k for k in headline if k.get("unit") == "persons"] or headline
               or [k for k in kpis if "steering" in (k.get("groups") or [])])
    if not watched:
        raise Failure("the scenario has no headline or steering KPI")
    kpi = watched[0]
    notes.append(f"moved {lever['key']} ({why}) {lever['value']} -> {new_value}; watched diff-{kpi['name']}")
    set_value_js = """(function (id, v) {
      var e = document.getElementById(id);
      if (!e) return 'no element #' + id;
      if (e.type === 'checkbox') e.checked = (v === 'true'); else e.value = v;
      e.dispatchEvent(new Event('input', {bubbles: true}));
      e.dispatchEvent(new Event('change', {bubbles: true}));
      return e.type === 'checkbox' ? String(e.checked) : e.value;
    })(%s, %s)"""
    got = browser.evaluate(set_value_js % (js_str(lid), js_str(new_value)))
    if got != new_value:
        raise Failure(f"setting #{lid} to {new_value} left it at {got!r}")
    diff_js = """(function () {
      var c = document.getElementById(%s);
      if (!c) return null;
      var v = c.getAttribute('data-value');
      var m = /[-+−]?\\d[\\d.,]*/.exec(c.textContent);
      return {value: v, text: c.textContent};
    })()""" % js_str("diff-" + kpi["name"])

    def nonzero(s):
        d = s.get("extra")
        if not d:
            return False
        v = d.get("value")
        if v not in (None, ""):
            try:
                return float(v) != 0
            except ValueError:
                return False
        return bool(re.search(r"[1-9]", d.get("text", "").split("(")[0]))

    s = wait_for(browser, f"a non-zero difference in diff-{kpi['name']} after moving {lever['key']}",
                 lambda s: is_ready(final)(s) and nonzero(s), extra=diff_js)
    notes.append(f"diff-{kpi['name']}: {s['extra']['text'].strip()}")
    check_chance(browser, scen, lever, notes)
    browser.screenshot(os.path.join(out_dir, "studio-variant.png"))
    browser.screenshot(os.path.join(out_dir, "studio-variant-top.png"), max_height=1100, scale=0.75)

    # 3. the fragment holds the moved lever
    hash_text = s["hash"]
    fragment = dict(urllib.parse.parse_qsl(hash_text.lstrip("#"), keep_blank_values=True))
    if fragment.get(lever["key"]) != new_value:
        raise Failure(f"location.hash {hash_text!r} does not hold {lever['key']}={new_value}")

    # 4. reload from the fragment, in Dutch
    fragment["lang"] = "nl"
    dutch_hash = "#" + "&".join(urllib.parse.quote(k, safe="") + "=" + urllib.parse.quote(v, safe="")
                               for k, v in fragment.items())
    page_url = server.address.split("#")[0]
    browser.navigate("about:blank")
    browser.navigate(page_url + dutch_hash)
    words = dutch_words()
    words_js = "(function (w) { var t = document.body.innerText; return w.filter(function (x) { return t.indexOf(x) < 0; }); })(%s)" % json.dumps(words)
    value_js = "(function () { var e = document.getElementById(%s); return e ? (e.type === 'checkbox' ? String(e.checked) : e.value) : null; })()" % js_str(lid)
    s = wait_for(browser, "the reloaded Dutch page to be ready", is_ready(final),
                 extra="{value: %s, missing: %s}" % (value_js, words_js))
    if s["extra"]["value"] != new_value:
        raise Failure(f"after reloading with {dutch_hash}, #{lid} holds {s['extra']['value']!r}, not {new_value}")
    if s["lang"] != "nl":
        raise Failure(f"after reloading with lang=nl, <html lang> is {s['lang']!r}")
    if not words or s["extra"]["missing"]:
        raise Failure(f"Dutch words missing from the page: {s['extra']['missing'] or '(none found in nl.json)'}")
    notes.append("Dutch reload keeps the lever; words found: " + ", ".join(words))
    browser.screenshot(os.path.join(out_dir, "studio-nl.png"))

    # 5. an invalid value
    bad_lever, bad_value, bad_why = choose_invalid(levers)
    bid = lever_id(bad_lever["key"])
    with browser.cond:
        invalid_from[0] = len(browser.events)
    browser.evaluate(set_value_js % (js_str(bid), js_str(bad_value)))
    error_js = """(function (id) {
      function shown(e) { return e && !e.hidden && e.offsetParent !== null && e.textContent.trim() !== ''; }
      var at = document.getElementById(id + '-error'), top = document.getElementById('top-error');
      return {lever: shown(at) ? at.textContent.trim() : null, top: shown(top) ? top.textContent.trim() : null};
    })(%s)""" % js_str(bid)
    s = wait_for(browser, f"an error message after setting {bad_lever['key']} to {bad_value}",
                 lambda s: s["state"] == "error" and (s["extra"]["lever"] or s["extra"]["top"]), extra=error_js,
                 error_ok=True)
    where = "next to the lever" if s["extra"]["lever"] else "at the top (not next to the lever)"
    notes.append(f"invalid {bad_lever['key']}={bad_value} ({bad_why}): error {where}: "
                 f"{(s['extra']['lever'] or s['extra']['top'])[:120]!r}")
    status, body = server.request("/api/scenario?lang=en")
    if status != 200:
        raise Failure(f"after the invalid value the server answers GET /api/scenario with {status}")
    status, body = server.request("/api/run", {"levers": {}, "replications": int(reps.get("first") or 1),
                                               "client": "studio-browser-test"})
    if status != 200:
        raise Failure(f"after the invalid value the server answers POST /api/run with {status}: {str(body)[:200]}")
    # back to a valid value: the page recovers
    browser.evaluate(set_value_js % (js_str(bid), js_str(bad_lever["value"])))
    wait_for(browser, "the page to be ready again after undoing the invalid value", is_ready(final))
    notes.append("the page recovers after undoing the invalid value")

    # 6. no errors
    s = browser.evaluate(STATE_JS % "null")
    with browser.cond:
        events = list(browser.events)
    problems = console_problems(events, allow_400)
    if s["errors"] != "0":
        problems.append(f"<body data-errors={s['errors']}>")
    if problems:
        raise Failure("console errors or exceptions:\n  " + "\n  ".join(problems[:20]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sibsim", required=True, help="the sibsim binary")
    ap.add_argument("--scenario", required=True, help="scenario YAML for `sibsim studio`")
    ap.add_argument("--out", required=True, help="directory for the screenshots")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--first", type=int, help="the studio's --first (default: its own)")
    ap.add_argument("--reps", type=int, help="the studio's -n (default: its own)")
    ap.add_argument("--timeout", type=int, default=60,
                    help="seconds to wait for the server and for each page state (a sanitizer build is slow)")
    args = ap.parse_args()
    global READY_TIMEOUT, SERVER_TIMEOUT
    READY_TIMEOUT = SERVER_TIMEOUT = args.timeout
    extra = (["--first", str(args.first)] if args.first else []) + (["-n", str(args.reps)] if args.reps else [])

    if not (os.path.isfile(args.chromium) and os.access(args.chromium, os.X_OK)):
        print(f"FAILED: Chromium is not installed ({args.chromium} not found). The studio's browser test needs it: "
              f"run scripts/install-deps.sh (Debian package 'chromium').")
        return 1
    os.makedirs(args.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="sibsim-studio-test-")
    server = browser = None
    notes = []
    try:
        server = Server(args.sibsim, args.scenario, tmp, extra)
        browser = Browser(args.chromium)
        run_checks(args, server, browser, args.out, notes)
        print(f"ok: studio {os.path.basename(args.scenario)}: " + "; ".join(notes)
              + f"; screenshots in {args.out}")
        return 0
    except Failure as e:
        print(f"FAILED: studio {os.path.basename(args.scenario)}: {e}")
        for n in notes:
            print(f"  - {n}")
        if server is not None and server.lines:
            print("  server output:\n" + server.log())
        return 1
    finally:
        if browser is not None:
            browser.close()
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
