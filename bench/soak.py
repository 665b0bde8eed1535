#!/usr/bin/env python3
"""Soak bench: our built-in uac against our built-in uas, CALLS calls at RATE
calls/s over UDP on loopback, both with traces on (-trace_msg, -trace_stat
every 5 s, -trace_err, -summary_json). Every SAMPLE seconds it reads each
process's resident memory and open descriptors from /proc; it prints the
curve as a markdown table, then the calls each side counted. Flat RSS and a
flat descriptor count are what a long run must show. A benchmark, run by
hand: tests never time anything.

usage: bench/soak.py GOSSIPPER [--calls 1000000] [--rate 5000] [--sample 10]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runtime_bench import free_port, rss_kib  # noqa: E402


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gossipper")
    ap.add_argument("--calls", type=int, default=1_000_000)
    ap.add_argument("--rate", type=int, default=5000)
    ap.add_argument("--sample", type=float, default=10)
    a = ap.parse_args()
    a.gossipper = os.path.abspath(a.gossipper)
    work = tempfile.mkdtemp(prefix="gossipper-soak-")
    uas_port = free_port()
    traces = ["-trace_msg", "-trace_stat", "-fd", "5", "-trace_err", "-buff_size", "4194304"]
    uas = subprocess.Popen([a.gossipper, "sipp", "-sn", "uas", "-i", "127.0.0.1", "-p",
                            str(uas_port), "-nostdin", "-cp", str(free_port()),
                            "-summary_json", "uas.json"] + traces,
                           cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    uac = subprocess.Popen([a.gossipper, "sipp", "-sn", "uac", f"127.0.0.1:{uas_port}", "-i",
                            "127.0.0.1", "-p", str(free_port()), "-nostdin", "-m",
                            str(a.calls), "-r", str(a.rate), "-cp", str(free_port()),
                            "-summary_json", "uac.json"] + traces,
                           cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.time()
    print(f"{a.calls:,} calls at {a.rate:,}/s, traces on, in {work}\n")
    print("| s | uac RSS MiB | uac fds | uas RSS MiB | uas fds |")
    print("|---|---|---|---|---|")
    while uac.poll() is None:
        time.sleep(a.sample)
        try:
            row = [rss_kib(uac.pid) / 1024, fds(uac.pid), rss_kib(uas.pid) / 1024, fds(uas.pid)]
        except FileNotFoundError:
            break
        print(f"| {time.time() - start:.0f} | {row[0]:.1f} | {row[1]} | {row[2]:.1f} | {row[3]} |",
              flush=True)
    uac.wait()
    time.sleep(5)  # the uas's last calls end (their timewait)
    uas.send_signal(2)
    uas.wait(60)
    for side in ("uac", "uas"):
        with open(os.path.join(work, side + ".json")) as f:
            s = json.load(f)
        print(f"\n{side}: {s['total_calls']:,} created, {s['success_calls']:,} successful, "
              f"{s['failed_calls']:,} failed, exit {uac.returncode if side == 'uac' else uas.returncode}")
    sizes = sum(os.path.getsize(os.path.join(work, n)) for n in os.listdir(work))
    print(f"\ntrace files: {sizes / 2**30:.1f} GiB (removed)")
    subprocess.run(["rm", "-rf", work], check=False)


if __name__ == "__main__":
    main()
