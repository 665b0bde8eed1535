"""Prometheus metrics (/metrics) of a real run: our built-in uac against
SIPp's uas on loopback, scraped by a real Prometheus (Debian's 2.42, every
second) whose HTTP API must return our series with values that agree with
the run, the page linted by `promtool check metrics`.

Modes:
- prometheus: -metrics_addr alone (no API): Prometheus scrapes it; its
  query API returns gossipper_calls_created_total > 0 while the run goes
  and, after it, a last value no larger than the summary's total_calls;
  the per-message and histogram series are there; promtool finds nothing
  to complain about; the summary and the final screen count the scrapes.
- api: /metrics on the API's listener with -api_token: 401 without it,
  405 for a POST, Prometheus scrapes it with `authorization:`; after a
  "reset stats" through the API the counters have not gone down. Then
  -metrics_addr refused as -api_addr is: not loopback without a token, not
  HOST:PORT, and -api_token with no listener.
- shutdown: /metrics scraped in a loop by four clients while the run ends
  by itself (-m), then while another ends on SIGUSR1 (SIPp's q) with calls
  open: exit code 0, a complete summary, every answer whole.

Prometheus missing is a failure, not a skip: scripts/install-deps.sh
installs it.
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import harness as h

MODE = sys.argv[1] if len(sys.argv) > 1 else "prometheus"
PROMETHEUS = os.environ.get("PROMETHEUS", "/usr/bin/prometheus")
PROMTOOL = os.environ.get("PROMTOOL", "/usr/bin/promtool")


def get(port, path, token=None, method="GET"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": "Bearer " + token} if token else {}
    c.request(method, path, headers=headers)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, dict(r.getheaders()), body


def start_run(work, extra, calls, rate=10, name="gossipper"):
    sipp_port = h.free_port()
    h.Proc("sipp", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(sipp_port), "-nostdin",
                    "-timeout", "90s"], work)
    time.sleep(0.3)
    summary = os.path.join(work, name + "_summary.json")
    limit = ["-m", str(calls)] if calls else []
    argv = [h.GOSSIPPER, "sipp", f"127.0.0.1:{sipp_port}", "-sn", "uac", "-r", str(rate),
            *limit, "-i", "127.0.0.1", "-p", str(h.free_port()), "-nostdin",
            "-timeout", "80s", "-summary_json", summary, *extra]
    return h.Proc(name, argv, work), summary


class Prometheus:
    """Debian's Prometheus scraping one target every second."""

    def __init__(self, work, target_port, token=None):
        h.check(os.access(PROMETHEUS, os.X_OK) and os.access(PROMTOOL, os.X_OK),
                f"{PROMETHEUS} and {PROMTOOL} are needed (Debian's prometheus: "
                "scripts/install-deps.sh)")
        auth = f"    authorization:\n      credentials: {token}\n" if token else ""
        config = os.path.join(work, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                    "scrape_configs:\n  - job_name: gossipper\n"
                    f"{auth}"
                    f"    static_configs:\n      - targets: ['127.0.0.1:{target_port}']\n")
        self.port = h.free_port(socket.SOCK_STREAM)
        self.proc = h.Proc("prometheus", [PROMETHEUS, "--config.file=" + config,
                                          "--storage.tsdb.path=" + os.path.join(work, "tsdb"),
                                          "--web.listen-address=127.0.0.1:" + str(self.port)],
                           work)
        h.wait_listening(self.proc, self.port)
        h.wait_for(lambda: get(self.port, "/-/ready")[0] == 200, "Prometheus to be ready", 30)

    def query(self, expr):
        """The instant vector of `expr`: [(labels, value)]."""
        st, _, body = get(self.port, "/api/v1/query?query=" + urllib.parse.quote(expr))
        doc = json.loads(body)
        h.check(st == 200 and doc["status"] == "success", f"query {expr}: {st} {doc}")
        return [(r["metric"], float(r["value"][1])) for r in doc["data"]["result"]]

    def value(self, expr):
        rows = self.query(expr)
        return rows[0][1] if len(rows) == 1 else None

    def target_health(self):
        _, _, body = get(self.port, "/api/v1/targets")
        active = json.loads(body)["data"]["activeTargets"]
        return [(t["health"], t.get("lastError", "")) for t in active]


def promtool_check(page):
    r = subprocess.run([PROMTOOL, "check", "metrics"], input=page, capture_output=True,
                       timeout=30)
    h.check(r.returncode == 0 and not r.stdout.strip() and not r.stderr.strip(),
            f"promtool check metrics: {r.returncode} {r.stdout!r} {r.stderr!r}")


def check_series(prom):
    """Our series as Prometheus stored them, labelled by scenario."""
    invites = prom.query('gossipper_messages_total{scenario="uac",index="0",direction="sent",'
                         'method_or_code="INVITE"}')
    h.check(len(invites) == 1 and invites[0][1] > 0, f"INVITE series: {invites}")
    buckets = prom.query('gossipper_response_time_seconds_bucket{scenario="uac",rtd="1"}')
    h.check(len(buckets) >= 10 and any(b[0]["le"] == "+Inf" for b in buckets),
            f"response-time buckets: {buckets[:3]}")
    p90 = prom.value('histogram_quantile(0.9, sum by (le) '
                     '(gossipper_response_time_seconds_bucket{scenario="uac"}))')
    h.check(p90 is not None and 0 < p90 < 1, f"p90 of the response times on loopback: {p90}")
    h.check(prom.value("gossipper_call_rate") == 10, "gossipper_call_rate is not -r 10")


def check_dashboard(prom):
    """Every query of docs/grafana-dashboard.json is PromQL that Prometheus
    takes, and the call rate and response-time panels draw something."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "docs", "grafana-dashboard.json")) as f:
        dashboard = json.load(f)
    drawn = set()
    for panel in dashboard["panels"]:
        for t in panel["targets"]:
            expr = (t["expr"].replace("$scenario", ".*").replace("$rtd", ".*")
                    .replace("$__rate_interval", "5s"))
            if prom.query(expr):
                drawn.add(panel["title"])
    for title in ("Call rate", "Concurrent calls", "Response time p50 / p90 / p99"):
        h.check(title in drawn, f"the dashboard's '{title}' draws nothing: {sorted(drawn)}")


def check_ending(proc, summary, calls, strict=True):
    """A complete summary of `calls` calls (None: as many as were made, at
    least one), none left open; `strict`: all successful, exit code 0. Not
    strict: a call may have failed (exit code 1) when this machine was too
    busy to answer SIPp's retransmissions in time, which is not what the
    test is about."""
    rc = proc.wait(90)
    h.check(rc == 0 or (not strict and rc == 1), f"exit code {rc}: {proc.errors()[-2000:]}")
    with open(summary) as f:
        s = json.load(f)
    made = calls if calls else max(1, s["total_calls"])
    ended = s["success_calls"] + (0 if strict else s["failed_calls"])
    h.check(s["total_calls"] == made and ended == made and s["active_calls"] == 0,
            f"summary: {s['total_calls']} created, {s['success_calls']} successful, "
            f"{s['failed_calls']} failed, {s['active_calls']} open")
    return s


def prometheus(work):
    port = h.free_port(socket.SOCK_STREAM)
    calls = 300  # 30 s at 10 calls/s: Prometheus starts and scrapes while the run goes
    proc, summary = start_run(work, ["-metrics_addr", f"127.0.0.1:{port}"], calls)
    h.wait_listening(proc, port)
    st, hdrs, page = get(port, "/metrics")
    h.check(st == 200 and hdrs["Content-Type"].startswith("text/plain; version=0.0.4"),
            f"/metrics: {st} {hdrs}")
    h.check(get(port, "/api/v1/stats")[0] == 404, "-metrics_addr serves the API")
    prom = Prometheus(work, port)
    created = h.wait_for(lambda: (prom.value("gossipper_calls_created_total") or 0) > 0 and
                       prom.value("gossipper_calls_created_total"),
                       "Prometheus to have gossipper_calls_created_total > 0", 30)
    h.check(created <= calls, f"more calls created than -m: {created}")
    h.check(all(health == "up" for health, _ in prom.target_health()),
            f"target: {prom.target_health()}")
    check_series(prom)
    h.wait_for(lambda: (prom.value("count_over_time(gossipper_calls_created_total[10s])") or 0) >= 3,
             "three scrapes in Prometheus", 30)
    check_dashboard(prom)
    st, _, page = get(port, "/metrics")
    promtool_check(page)
    s = check_ending(proc, summary, calls, strict=False)
    last = prom.value('last_over_time(gossipper_calls_created_total{scenario="uac"}[5m])')
    h.check(last is not None and created <= last <= s["total_calls"],
            f"Prometheus' last value {last}: not between {created} and {s['total_calls']}")
    failed = prom.value('last_over_time(gossipper_calls_failed_total{scenario="uac"}[5m])')
    h.check(failed is not None and failed <= s["failed_calls"],
            f"Prometheus' last count of failed calls {failed}, the summary's {s['failed_calls']}")
    served = s["prometheus"]["scrapes_served"]
    h.check(served >= 3 and s["prometheus"]["scrapes_failed"] == 0, f"summary: {s['prometheus']}")
    # The screen is printed as the run ends, the summary a moment later.
    shown = re.search(r"Prometheus /metrics scrapes: (\d+) served, 0 refused", proc.text())
    h.check(shown and 1 <= int(shown.group(1)) <= served,
            f"the final screen's count of scrapes: {shown and shown.group(0)}, summary {served}")


def api(work):
    token = "m3trics-" + os.urandom(6).hex()
    port = h.free_port(socket.SOCK_STREAM)
    calls = 250
    proc, summary = start_run(work, ["-api_addr", f"127.0.0.1:{port}", "-api_token", token],
                              calls)
    h.wait_listening(proc, port)
    h.check(get(port, "/metrics")[0] == 401, "/metrics without the token")
    h.check(get(port, "/metrics", "wrong")[0] == 401, "/metrics with a wrong token")
    st, hdrs, _ = get(port, "/metrics", token, method="POST")
    h.check(st == 405 and hdrs.get("Allow") == "GET", f"POST /metrics: {st} {hdrs}")
    prom = Prometheus(work, port, token)
    h.wait_for(lambda: (prom.value("gossipper_calls_successful_total") or 0) >= 10,
             "Prometheus to see 10 successful calls", 30)
    check_series(prom)
    st, _, page = get(port, "/metrics", token)
    promtool_check(page)
    before = int(next(line.split()[-1] for line in page.decode().splitlines()
                      if line.startswith("gossipper_calls_created_total{")))
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", "/api/v1/control", body=json.dumps({"reset_stats": True}),
              headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    h.check(c.getresponse().status == 200, "reset stats through the API")
    c.close()
    _, _, page = get(port, "/metrics", token)
    after = int(next(line.split()[-1] for line in page.decode().splitlines()
                     if line.startswith("gossipper_calls_created_total{")))
    h.check(after >= before, f"a counter went down after reset stats: {before} -> {after}")
    _, _, stats = get(port, "/api/v1/stats", token)
    h.check(json.loads(stats)["calls"]["created"] < after,
            "/stats should count from the reset, /metrics from the start")
    s = check_ending(proc, summary, calls, strict=False)
    h.check(s["prometheus"]["scrapes_served"] >= 3 and s["prometheus"]["scrapes_failed"] == 3,
            f"summary: {s['prometheus']} (3 refused: no token, a wrong one, a POST)")
    refusals(work)


def refusals(work):
    """-metrics_addr as -api_addr: not loopback without a token, or not an
    address, and the run refuses to start before any traffic."""
    base = [h.GOSSIPPER, "sipp", "127.0.0.1:9", "-sn", "uac", "-m", "1", "-i", "127.0.0.1",
            "-p", str(h.free_port()), "-nostdin"]
    port = str(h.free_port(socket.SOCK_STREAM))
    for name, extra, words in (
            ("open", ["-metrics_addr", "0.0.0.0:" + port], ["-metrics_addr", "-api_token"]),
            ("noport", ["-metrics_addr", "127.0.0.1"], ["-metrics_addr", "HOST:PORT"]),
            ("token_alone", ["-api_token", "x"], ["-metrics_addr"])):
        p = h.Proc(name, base + extra, work)
        rc = p.wait(20)
        h.check(rc != 0 and all(w in p.errors() for w in words), f"{name}: {rc} {p.errors()}")
        h.check("Call" not in p.text(), f"{name}: the refused run made calls")


def scraped_while_ending(work, name, calls, end):
    """Four clients scrape /metrics in a loop while a run ends (`end(proc)`
    ends it, or -m `calls` does): exit code 0, a complete summary, every
    answer whole."""
    port = h.free_port(socket.SOCK_STREAM)
    extra = ["-metrics_addr", f"127.0.0.1:{port}"]
    proc, summary = start_run(work, extra, calls, rate=30, name=name)
    h.wait_listening(proc, port)
    results = {"ok": 0, "refused": 0, "other": []}
    lock = threading.Lock()

    def scrape():
        while proc.p.poll() is None:
            try:
                st, _, body = get(port, "/metrics")
                with lock:
                    if st == 200 and body.endswith(b"\n"):
                        results["ok"] += 1
                    else:
                        results["other"].append(st)
            except (OSError, http.client.HTTPException):
                with lock:  # the listener went away with the run: expected at the end
                    results["refused"] += 1
            # A pause: a loop without one would take both of this machine's
            # cores from the run (and the tests beside it) and fail calls.
            time.sleep(0.02)

    threads = [threading.Thread(target=scrape) for _ in range(4)]
    for t in threads:
        t.start()
    end(proc)
    s = check_ending(proc, summary, calls)
    for t in threads:
        t.join(20)
    h.check(results["ok"] >= 10 and not results["other"], f"{name}: scrapes {results}")
    h.check(s["prometheus"]["scrapes_served"] >= 10, f"{name}: summary {s['prometheus']}")
    h.check("Prometheus /metrics scrapes: " in proc.text(),
            f"{name}: no scrape count on the final screen")


def shutdown(work):
    # The run ends by itself (-m 60).
    scraped_while_ending(work, "by_m", 60, lambda proc: None)

    # SIGUSR1 (SIPp's q) in the middle of the run: no new call, the open
    # ones end while scraped.
    def soft_quit(proc):
        time.sleep(1.5)
        proc.signal(signal.SIGUSR1)
    scraped_while_ending(work, "by_q", None, soft_quit)


if __name__ == "__main__":
    h.main({"prometheus": prometheus, "api": api, "shutdown": shutdown}[MODE])
