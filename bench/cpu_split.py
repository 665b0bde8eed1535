#!/usr/bin/env python3
"""CPU per call split into user and system time: the built-in uac against the
built-in uas (both ends the same tool), u1 on loopback, -buff_size 4194304,
RATE calls/s for SECONDS; each process's rusage at its exit, divided by the
calls. SIPp (Debian's sip-tester) and GOSSIPPER in the same run, and with
--baseline OTHER another gossipper build too, the runs of the tools
interleaved, the median of REPS. A benchmark, run by hand: tests never time
anything (docs/benchmarks.md, "User and system time").

usage: bench/cpu_split.py GOSSIPPER [--baseline OTHER] [--rates 5000,10000]
                          [--seconds 8] [--reps 3] [--no-sipp]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runtime_bench import free_port  # noqa: E402


def one_run(command, rate, calls):
    """(uac user, uac system, uas user, uas system) in µs per call, and the
    uac's exit code."""
    port = free_port()
    common = ["-i", "127.0.0.1", "-nostdin", "-buff_size", "4194304"]
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    uas = subprocess.Popen(command + ["-sn", "uas", "-p", str(port), "-cp", str(free_port())]
                           + common, **quiet)
    time.sleep(1)
    uac = subprocess.Popen(command + ["-sn", "uac", f"127.0.0.1:{port}", "-p", str(free_port()),
                                      "-m", str(calls), "-r", str(rate), "-cp", str(free_port())]
                           + common, **quiet)
    _, status, uac_use = os.wait4(uac.pid, 0)
    time.sleep(0.5)
    uas.terminate()
    _, _, uas_use = os.wait4(uas.pid, 0)
    per_call = [u * 1e6 / calls for u in (uac_use.ru_utime, uac_use.ru_stime,
                                           uas_use.ru_utime, uas_use.ru_stime)]
    return per_call, os.waitstatus_to_exitcode(status)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gossipper")
    ap.add_argument("--baseline", help="another gossipper build, in the same run")
    ap.add_argument("--rates", default="5000,10000")
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--no-sipp", action="store_true")
    a = ap.parse_args()
    tools = {}
    if not a.no_sipp:
        tools["SIPp"] = ["sipp"]
    if a.baseline:
        tools["baseline"] = [os.path.abspath(a.baseline), "sipp"]
    tools["Gossipper"] = [os.path.abspath(a.gossipper), "sipp"]
    print("| rate | tool | uac user µs/call | uac system | uas user | uas system | uac exits |")
    print("|---|---|---|---|---|---|---|")
    for rate in (int(r) for r in a.rates.split(",")):
        runs = {name: [] for name in tools}
        exits = {name: [] for name in tools}
        order = list(tools)
        for rep in range(a.reps):
            for name in (order if rep % 2 == 0 else reversed(order)):
                per_call, code = one_run(tools[name], rate, rate * a.seconds)
                runs[name].append(per_call)
                exits[name].append(code)
        for name in tools:
            m = [statistics.median(r[i] for r in runs[name]) for i in range(4)]
            print(f"| {rate:,}/s | {name} | {m[0]:.1f} | {m[1]:.1f} | {m[2]:.1f} | {m[3]:.1f} | "
                  f"{','.join(map(str, exits[name]))} |", flush=True)


if __name__ == "__main__":
    main()
