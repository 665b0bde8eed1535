#!/usr/bin/env python3
"""Structured events benchmark: what exporting events costs a call.

Gossipper's uac against Gossipper's uas (u1, one thread each), the same calls
with events off, with JSON lines to a file, and with OTLP/HTTP protobuf to a
collector here that answers 200 at once; every event at -log_level debug
(each SIP message too), then at info (calls only). In one run, alternating,
medians of --repeat runs. Prints a markdown table:

  cpu/call   the uac's CPU seconds per 10,000 calls, and its ratio to events off
  events/s   events the uac made per second of its run
  dropped    events lost (rings, sinks), from -summary_json

Loopback only; every process stopped by PID. Tests never time anything: this
is a benchmark, run by hand (`make bench-events`).

usage: bench/events_bench.py GOSSIPPER [--rate 2000] [--calls 20000] [--repeat 3]
"""

import argparse
import json
import os
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from runtime_bench import Run, free_port


def collector():
    """An OTLP/HTTP collector that reads each request and answers 200."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def one(gossipper, work, rate, calls, extra, name):
    server = free_port()
    common = ["-t", "u1", "-i", "127.0.0.1", "-nostdin", "-threads", "1",
              "-buff_size", "4194304"]
    uas = Run([gossipper, "sipp", "-sn", "uas", "-p", str(server), "-m", str(calls)] + common,
              os.path.join(work, f"{name}.uas.out"))
    time.sleep(0.5)
    summary = os.path.join(work, f"{name}.json")
    uac = Run([gossipper, "sipp", "-sn", "uac", f"127.0.0.1:{server}", "-p", str(free_port()),
               "-r", str(rate), "-m", str(calls), "-summary_json", summary] + common + extra,
              os.path.join(work, f"{name}.uac.out"))
    uac.wait(calls / rate + 90)
    uas.wait(30)
    with open(summary) as f:
        s = json.load(f)
    ev = s.get("events", {})
    return {"cpu": uac.cpu, "wall": uac.wall, "ok": s["success_calls"],
            "emitted": ev.get("emitted", 0), "dropped": ev.get("dropped", 0)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gossipper")
    ap.add_argument("--rate", type=int, default=2000)
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    a.gossipper = os.path.abspath(a.gossipper)  # the runs start in the work directory
    work = tempfile.mkdtemp(prefix="events-bench-")
    otlp = collector()
    endpoint = f"http://127.0.0.1:{otlp.server_address[1]}/v1/logs"
    configs = [
        ("off", []),
        ("jsonl, debug", ["-log_file_jsonl", os.path.join(work, "e.jsonl"), "-log_level", "debug"]),
        ("otlp, debug", ["-log_otel_endpoint", endpoint, "-log_level", "debug"]),
        ("otlp, info", ["-log_otel_endpoint", endpoint]),
    ]
    runs = {}
    for i in range(a.repeat):
        for name, extra in configs:
            runs.setdefault(name, []).append(
                one(a.gossipper, work, a.rate, a.calls, extra, f"{i}-{name.replace(', ', '-')}"))
            time.sleep(1)
    med = {}
    for name, rs in runs.items():
        rs = sorted(rs, key=lambda r: r["cpu"])
        med[name] = rs[len(rs) // 2]
    base = med["off"]["cpu"]
    print(f"\n{a.calls} calls at {a.rate}/s, u1, median of {a.repeat}\n")
    print("| events | cpu s/10k calls | ratio to off | events/s | dropped | calls ok |")
    print("|---|---|---|---|---|---|")
    for name, _ in configs:
        r = med[name]
        print(f"| {name} | {r['cpu'] * 10000 / a.calls:.2f} | {r['cpu'] / base:.2f} | "
              f"{r['emitted'] / r['wall']:.0f} | {r['dropped']} | {r['ok']} |")
    otlp.shutdown()


if __name__ == "__main__":
    main()
