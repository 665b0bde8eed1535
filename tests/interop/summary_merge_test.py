"""gossipper summary merge on real summaries: our built-in uac run twice
(200 calls at 100 calls/s each) against one SIPp uas, each writing
-summary_json, as shards 0/2 and 1/2 of `-m 400 -r 200`. Merged:

  - total, successful and failed calls, and SIPp's counters, are the sums;
  - the call length's histogram is the bucket-by-bucket sum, its count,
    min and max those of all the calls, and its p50/p90/p99/p99_9 the
    percentiles of that histogram, computed here independently;
  - the duration runs from the first start to the last end;
  - `gossipper report` writes the merged summary's page, which says it is
    merged from 2 shards;
  - the refusals: a summary with itself, bad JSON, a summary without
    histograms, another scenario; each exits 1, names the file, writes
    nothing.

usage: summary_merge_test.py"""

import json
import math
import os
import subprocess
import time

import harness as h
from latency_buckets import lower, upper

CALLS = 200


def percentile_us(counts, p, min_us, max_us):
    total = sum(counts.values())
    rank = min(max(math.ceil(p / 100.0 * total), 1), total)
    seen = 0
    for i in sorted(counts):
        seen += counts[i]
        if seen >= rank:
            mid = lower(i) + (upper(i) - lower(i)) // 2
            return min(max(mid, min_us), max(min_us, max_us))
    return max_us


def run_uac(work, name, uas_port, index):
    path = os.path.join(work, name)
    c = h.Proc(name, [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{uas_port}", "-i", "127.0.0.1",
                      "-p", str(h.free_port()), "-nostdin", "-m", str(2 * CALLS), "-r", "200",
                      "-shard", f"{index}/2", "-summary_json", path], work)
    c.wait(60)
    h.check(c.rc == 0, f"{name}: rc {c.rc}")
    with open(path) as f:
        s = json.load(f)
    h.check(s["shard"] == {"index": index, "count": 2} and s["total_calls"] == CALLS,
            f"{name}: shard {s['shard']}, {s['total_calls']} calls")
    return path, s


def merge(work, name, files):
    out = os.path.join(work, name)
    p = subprocess.run([h.GOSSIPPER, "summary", "merge"] + files + ["-o", out], cwd=work,
                       capture_output=True, text=True, timeout=30)
    return p, out


def refused(work, files, words):
    p, out = merge(work, "refused.json", files)
    h.check(p.returncode == 1 and words in p.stderr and not os.path.exists(out),
            f"refusal of {files}: rc {p.returncode}, stderr {p.stderr!r}, wanted {words!r}")


def test(work):
    uas_port = h.free_port()
    h.Proc("uas", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(uas_port), "-nostdin"], work)
    time.sleep(0.5)
    a_path, a = run_uac(work, "a.json", uas_port, 0)
    b_path, b = run_uac(work, "b.json", uas_port, 1)
    p, out = merge(work, "merged.json", [a_path, b_path])
    h.check(p.returncode == 0, f"merge: rc {p.returncode}: {p.stderr}")
    with open(out) as f:
        m = json.load(f)

    for key in ("total_calls", "success_calls", "failed_calls", "retransmits"):
        h.check(m[key] == a[key] + b[key], f"{key}: {m[key]} != {a[key]} + {b[key]}")
    h.check(m["success_calls"] == 2 * CALLS, f"{m['success_calls']} successful calls")
    for name, v in m["sipp_counters"].items():
        h.check(v == a["sipp_counters"][name] + b["sipp_counters"][name], f"sipp_counters {name}")

    cl, ca, cb = m["call_length"], a["call_length"], b["call_length"]
    h.check(ca["histogram"]["scheme"] == "log_linear_us_64x32", f"scheme {ca['histogram']}")
    want = {}
    for s in (ca, cb):
        for i, n in s["histogram"]["buckets"]:
            want[i] = want.get(i, 0) + n
    got = {i: n for i, n in cl["histogram"]["buckets"]}
    h.check(got == want, f"merged histogram {got} != sum {want}")
    h.check(cl["count"] == ca["count"] + cb["count"] == 2 * CALLS, f"count {cl['count']}")
    h.check(cl["min"] == min(ca["min"], cb["min"]) and cl["max"] == max(ca["max"], cb["max"]),
            "min and max")
    h.check(cl["sum_ms"] == ca["sum_ms"] + cb["sum_ms"], "sum_ms")
    for key, p in (("p50", 50), ("p90", 90), ("p99", 99), ("p99_9", 99.9)):
        us = percentile_us(want, p, cl["min"] // 1000, cl["max"] // 1000)
        h.check(cl[key] == us * 1000, f"{key}: {cl[key]} ns, the histogram's is {us} µs")
    h.check(cl["average"] == int(cl["sum_ms"] / cl["count"] * 1e6), "average from the sums")

    h.check(m["shard"] is None and [s["index"] for s in m["shards"]] == [0, 1], f"{m['shards']}")
    h.check(m["run_id"] is None and {s["run_id"] for s in m["shards"]} == {a["run_id"], b["run_id"]},
            "run ids")
    h.check(len(a["run_id"]) == 32 and a["run_id"] != b["run_id"], f"run ids {a['run_id']}")
    # The last instant holds each shard's last sample (taken before its end).
    last = [s["rate_over_time"]["points"][-1]["total_calls"] for s in (m, a, b)]
    h.check(last[0] == last[1] + last[2], f"rate's last points: {last}")
    h.check(m["duration"] >= max(a["duration"], b["duration"]), "duration")

    page = os.path.join(work, "merged.html")
    r = subprocess.run([h.GOSSIPPER, "report", out, "-o", page], capture_output=True, text=True,
                       timeout=30)
    h.check(r.returncode == 0, f"report: {r.stderr}")
    with open(page) as f:
        h.check("Merged from 2 shards" in f.read(), "the page says it is merged")

    p, one = merge(work, "one.json", [a_path])
    h.check(p.returncode == 0, f"one file: {p.stderr}")

    refused(work, [a_path, a_path], "cannot be merged with itself")
    bad = os.path.join(work, "bad.json")
    with open(bad, "w") as f:
        f.write('{"schema_version": "gossipper_summary_v1",\n "total_calls": }')
    refused(work, [a_path, bad], "bad.json: not JSON")
    old = dict(b)
    old["call_length"] = {k: v for k, v in b["call_length"].items() if k != "histogram"}
    old_path = os.path.join(work, "old.json")
    with open(old_path, "w") as f:
        json.dump(old, f)
    refused(work, [a_path, old_path], "old.json: call_length.histogram: missing")
    other = dict(b, scenario="uas")
    other_path = os.path.join(work, "other.json")
    with open(other_path, "w") as f:
        json.dump(other, f)
    refused(work, [a_path, other_path], "scenario 'uas', not 'uac'")
    refused(work, [merge(work, "m2.json", [a_path])[1], b_path], "a merged summary")


if __name__ == "__main__":
    h.main(test)
