"""Faults from bench/faults.py against our uac (SIPp's uas behind, or a peer
of the bench's): every call is accounted for, successful + failed + still
open = created, the run ends by itself with SIPp's exit code for failed
calls, and its files are whole (the summary is JSON and agrees with the stat
CSV's last row; stat rows, -trace_msg records and -trace_shortmsg lines are
complete).

  relay        drops, duplicates, reorders and delays on a UDP relay
  restart_udp  the uas killed and started again mid-run
  restart_tcp  the same over TCP: the connection's calls fail, the run goes on
  stalled_tcp  a TCP peer that never reads
  reset_tcp    both connections reset in the middle of a message
  disk_full    -trace_msg to /dev/full, -trace_shortmsg past RLIMIT_FSIZE

usage: faults_test.py relay|restart_udp|restart_tcp|stalled_tcp|reset_tcp|disk_full"""

import os
import sys

import harness as h

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import faults  # noqa: E402


def test(work):
    name = sys.argv[1]
    h.check(name in faults.FAULTS, __doc__)
    faults.SIPP = h.SIPP
    r = faults.run_fault(name, h.GOSSIPPER, True)
    shown = {k: v for k, v in r.items() if k not in ("output", "summary")}
    print(name, shown)
    h.check(r["files_whole"], f"files cut short: {r['problems']}\n{r['output'][-3000:]}")
    h.check(r["rc"] in (0, 1), f"exit code {r['rc']}\n{r['output'][-3000:]}")
    h.check(r["created"] == faults.CALLS and r["open"] == 0,
            f"{r['created']} calls created, {r['open']} still open: {shown}")
    h.check(r["successful"] + r["failed"] == r["created"], f"calls unaccounted for: {shown}")
    s = r["summary"]
    h.check((s["total_calls"], s["success_calls"], s["failed_calls"], s["active_calls"]) ==
            (r["created"], r["successful"], r["failed"], r["open"]),
            f"summary {s['total_calls']}/{s['success_calls']}/{s['failed_calls']}/"
            f"{s['active_calls']} against the stat CSV {shown}")
    if name == "relay":
        h.check(all(v > 0 for v in r["relay"].values()), f"a fault never happened: {r['relay']}")
    if name in ("restart_tcp", "stalled_tcp", "reset_tcp"):
        h.check(r["failed"] > 0, f"no call failed: {shown}")
    if name == "reset_tcp":
        h.check(r["resets"] == 1, f"resets {r['resets']}")
    if name == "disk_full":
        h.check("cannot write '/dev/full': No space left on device" in r["output"],
                "the refused trace is not named:\n" + r["output"][-3000:])
        h.check(0 < r.get("short_lines", 0) < faults.CALLS * 6,
                f"the short trace was not cut by the file size limit: {r.get('short_lines')}")
        h.check("records lost to write errors" in r["output"], r["output"][-3000:])


if __name__ == "__main__":
    h.main(test)
