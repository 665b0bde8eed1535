#!/usr/bin/env python3
"""CPU per call split into user and system time: the built-in uac against the
built-in uas (both ends the same tool), u1 (or --transport t1) on loopback,
-buff_size 4194304,
RATE calls/s for SECONDS; each process's rusage at its exit, divided by the
calls. SIPp (Debian's sip-tester) and GOSSIPPER in the same run, and with
--baseline OTHER another gossipper build too, the runs of the tools
interleaved, the median of REPS. A benchmark, run by hand: tests never time
anything (docs/benchmarks.md, "User and system time").

usage: bench/cpu_split.py GOSSIPPER [--baseline OTHER] [--rates 5000,10000]
                          [--seconds 8] [--reps 3] [--no-sipp] [--transport u1|t1]
                          [--gso]

--gso adds our build with -udp_gso on both sides (u1) as a tool of its own.
"""

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runtime_bench as rb  # noqa: E402


def one_run(tool, gossipper, rate, calls, work, transport="u1"):
    """(uac user, uac system, uas user, uas system) in µs per call, and the
    uac's exit code. Our default -threads, as a user runs it."""
    extra = ["-udp_gso"] if tool == "gso" else []
    uas, uac = rb.pair("ours" if tool == "gso" else tool, gossipper, transport, rate, calls,
                       extra, work, threads=None)
    code = uac.wait(calls / rate + 90)
    uas.wait(60)
    per_call = [t * 1e6 / calls for t in (uac.user, uac.system, uas.user, uas.system)]
    return per_call, code


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gossipper")
    ap.add_argument("--baseline", help="another gossipper build, in the same run")
    ap.add_argument("--rates", default="5000,10000")
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--no-sipp", action="store_true")
    ap.add_argument("--transport", default="u1", choices=["u1", "t1"])
    ap.add_argument("--gso", action="store_true", help="also ours with -udp_gso")
    a = ap.parse_args()
    names = {"sipp": "SIPp", "base": "baseline", "ours": "Gossipper",
             "gso": "Gossipper -udp_gso"}
    tools = ([] if a.no_sipp else ["sipp"]) + (["base"] if a.baseline else []) + ["ours"]
    tools += ["gso"] if a.gso else []
    rb.BASELINE = os.path.abspath(a.baseline) if a.baseline else None
    gossipper = os.path.abspath(a.gossipper)
    work = tempfile.mkdtemp(prefix="cpu-split-")
    print("| rate | tool | uac user µs/call | uac system | uas user | uas system | uac exits |")
    print("|---|---|---|---|---|---|---|")
    for rate in (int(r) for r in a.rates.split(",")):
        runs = {name: [] for name in tools}
        exits = {name: [] for name in tools}
        for rep in range(a.reps):
            for tool in (tools if rep % 2 == 0 else reversed(tools)):
                per_call, code = one_run(tool, gossipper, rate, rate * a.seconds, work,
                                          a.transport)
                runs[tool].append(per_call)
                exits[tool].append(code)
        for tool in tools:
            m = [statistics.median(r[i] for r in runs[tool]) for i in range(4)]
            print(f"| {rate:,}/s | {names[tool]} | {m[0]:.1f} | {m[1]:.1f} | {m[2]:.1f} | "
                  f"{m[3]:.1f} | {','.join(map(str, exits[tool]))} |", flush=True)


if __name__ == "__main__":
    main()
