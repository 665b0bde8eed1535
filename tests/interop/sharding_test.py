"""A sharded run against one SIPp UAS, merged exactly:

N local processes of our built-in uac share `-m 10000 -r 3000` (shards 0..N-1
by -shard I/N, or by JOB_COMPLETION_INDEX and GOSSIPPER_SHARDS as a
Kubernetes Indexed Job's pods get them) and start together (-start_at).
Checked: every shard exits 0; no Call-ID is used by two shards; the shards'
calls add up to exactly 10,000; `gossipper summary merge` of their
-summary_json files counts what SIPp's UAS counted itself (its statistics
CSV); and the merged response time's p50 and p99 equal those of all shards'
raw per-call response times (-trace_rtt) within one histogram bucket.

usage: sharding_test.py N [option|env]"""

import csv
import glob
import json
import math
import os
import re
import subprocess
import sys
import time

import harness as h
from latency_buckets import width_us

CALLS = 10000
RATE = 3000


def nearest_rank(sorted_values, p):
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def uas_counts(work):
    files = glob.glob(os.path.join(work, "uas_*_.csv"))
    h.check(len(files) == 1, f"the UAS's statistics CSV: {files}")
    with open(files[0]) as f:
        rows = list(csv.reader(f, delimiter=";"))
    head, last = rows[0], rows[-1]
    return {k: int(last[head.index(k)]) for k in
            ("IncomingCall(C)", "SuccessfulCall(C)", "FailedCall(C)")}


def call_ids(path):
    """The Call-IDs of the INVITEs a shard sent (-trace_shortmsg)."""
    ids = set()
    with open(path, errors="replace") as f:
        for line in f:
            if "\tS\t" in line and "INVITE sip:" in line:
                m = re.search(r"\tS\t([^\t]+)\t", line)
                if m:
                    ids.add(m.group(1))
    return ids


def test(work):
    n = int(sys.argv[1])
    by = sys.argv[2] if len(sys.argv) > 2 else "option"
    port = h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(port), "-nostdin",
                         "-m", str(CALLS), "-buff_size", "4194304", "-trace_stat", "-fd", "1",
                         "-cp", str(h.free_port())], work)
    time.sleep(0.7)
    h.check(uas.p.poll() is None, "SIPp's uas did not start: " + uas.errors())
    # Every shard loads and compiles its scenario before the common start.
    start_at = int(time.time() * 1000) + 4000 + 300 * n
    shards = []
    for i in range(n):
        d = os.path.join(work, f"shard{i}")
        os.makedirs(d)
        argv = [h.GOSSIPPER, "sipp", "-sn", "uac", "-i", "127.0.0.1", f"127.0.0.1:{port}",
                "-m", str(CALLS), "-r", str(RATE), "-start_at", str(start_at), "-nostdin",
                "-buff_size", "4194304", "-summary_json", "summary.json", "-trace_rtt",
                "-trace_shortmsg", "-cp", str(h.free_port())]
        env = dict(os.environ)
        if by == "env":
            env.update({"JOB_COMPLETION_INDEX": str(i), "GOSSIPPER_SHARDS": str(n)})
        else:
            argv += ["-shard", f"{i}/{n}"]
        shards.append((d, h.Proc(f"shard{i}", argv, d, env=env)))
    for d, p in shards:
        h.check(p.wait(120) == 0, f"{p.name} exit code {p.rc}: {p.errors()[-2000:]}")
    h.check(uas.wait(60) == 0, f"SIPp's uas exit code {uas.rc}")

    seen = set()
    made = 0
    for d, p in shards:
        with open(os.path.join(d, "summary.json")) as f:
            s = json.load(f)
        made += s["total_calls"]
        ids = call_ids(glob.glob(os.path.join(d, "uac_*_shortmessages.log"))[0])
        h.check(len(ids) == s["total_calls"], f"{p.name}: {len(ids)} Call-IDs for "
                f"{s['total_calls']} calls")
        h.check(not (ids & seen), f"{p.name} reused another shard's Call-IDs")
        seen |= ids
    h.check(made == CALLS, f"the shards made {made} calls, not {CALLS}")

    merged = os.path.join(work, "merged.json")
    r = subprocess.run([h.GOSSIPPER, "summary", "merge", "-o", merged] +
                       [os.path.join(d, "summary.json") for d, _ in shards],
                       capture_output=True, text=True, timeout=60)
    h.check(r.returncode == 0, f"merge failed: {r.stderr}")
    with open(merged) as f:
        m = json.load(f)
    theirs = uas_counts(work)
    h.check(m["total_calls"] == CALLS == theirs["IncomingCall(C)"],
            f"merged {m['total_calls']} calls, the UAS saw {theirs}")
    h.check(m["success_calls"] == theirs["SuccessfulCall(C)"] == CALLS,
            f"merged {m['success_calls']} successful, the UAS {theirs}")
    h.check(m["failed_calls"] == 0 == theirs["FailedCall(C)"], f"failed calls: {theirs}")
    h.check(m["sipp_counters"]["OutgoingCall"] == theirs["IncomingCall(C)"],
            f"merged OutgoingCall {m['sipp_counters']['OutgoingCall']}")
    h.check(len(m["shards"]) == n, f"merged shards: {m['shards']}")

    raw = []
    for d, _ in shards:
        with open(glob.glob(os.path.join(d, "uac_*_rtt.csv"))[0]) as f:
            for row in list(csv.reader(f, delimiter=";"))[1:]:
                raw.append(round(float(row[1]) * 1000))  # ms with µs decimals
    raw.sort()
    h.check(len(raw) == CALLS, f"{len(raw)} response times traced")
    rtd = m["rtd"]["1"]
    h.check(rtd["count"] == CALLS, f"merged response times: {rtd['count']}")
    for name, p in (("p50", 50.0), ("p99", 99.0)):
        exact = nearest_rank(raw, p)
        got = rtd[name] / 1000.0  # ns to µs
        h.check(abs(got - exact) <= width_us(exact) + 1,
                f"merged {name} {got} µs, all shards' raw times say {exact} µs")


if __name__ == "__main__":
    h.main(test)
