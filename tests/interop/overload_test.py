"""Overload control against the real SIPp (docs/overload.md).

A process that is stopped (SIGSTOP) is the purest saturation there is: when
it runs again its timers are late by the time it was held. The tests hold our
process for 600 ms and read what it says of it, without timing anything:

- held: our uac (-r 100) calling SIPp's uas, held once: the API says it is
  saturated with the reason and offers less than asked, the summary counts
  the saturated time and the cuts, the rate comes back, and every -m call
  is made.
- off: the same with -overload_control false: saturation is reported (API,
  Prometheus, summary), the rate is never cut.
- server_drops: our uas with a tiny receive buffer, held while SIPp's uac
  sends: the kernel's drops on our socket are named as saturation; a server
  is never held (no offered rate).

usage: overload_test.py held|off|server_drops"""

import json
import os
import re
import signal
import socket
import sys
import time
import urllib.request

import harness as h


def get(api, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{api}{path}", timeout=5) as r:
        return r.read().decode()


def status(api):
    return json.loads(get(api, "/api/v1/control"))["status"]


def hold(proc, seconds=0.6):
    proc.signal(signal.SIGSTOP)
    time.sleep(seconds)
    proc.signal(signal.SIGCONT)


def watch_saturation(api, seconds=5):
    """The status documents seen until one says saturated (or time out)."""
    seen = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        s = status(api)
        seen.append(s)
        if s["saturation"]["saturated"]:
            break
        time.sleep(0.02)
    return seen


def uac_run(work, extra, calls=400):
    sipp_port = h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(sipp_port),
                         "-nostdin", "-m", str(calls)], work)
    time.sleep(0.5)
    api = h.free_port(socket.SOCK_STREAM)
    summary = os.path.join(work, "summary.json")
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{sipp_port}",
                         "-i", "127.0.0.1", "-p", str(h.free_port()), "-nostdin", "-r", "100",
                         "-m", str(calls), "-api_addr", f"127.0.0.1:{api}",
                         "-summary_json", summary, *extra], work)
    h.wait_listening(uac, api)
    h.wait_for(lambda: status(api)["elapsed_ms"] > 1000, "the run going for a second")
    before = status(api)
    h.check(not before["saturation"]["saturated"] and before["saturation"]["cuts"] == 0,
            f"saturated before anything held it: {before}")
    hold(uac)
    seen = watch_saturation(api)
    return uas, uac, api, summary, seen


def held(work):
    calls = 1500  # 15 s: time to be held and to be given the rate back
    uas, uac, api, summary, seen = uac_run(work, [], calls)
    s = seen[-1]["saturation"]
    h.check(s["saturated"] and s["reason"].startswith("timer lag "), f"not saturated: {seen[-1]}")
    h.check(s["overload_control"] and s["cuts"] >= 1, f"no cut: {s}")
    h.check(s["offered_rate"] < 100, f"the offered rate not held: {s}")
    # Clear windows give the rate back until nothing holds.
    h.wait_for(lambda: status(api)["saturation"]["offered_rate"] == 100, "the rate given back",
               timeout=20)
    uac.wait(60)
    uas.wait(30)
    # Every -m call made and ended; a call in flight over the hold may fail
    # (a retransmission the stopped process answered late).
    c = h.counters(uac.text())
    h.check(c.get("Successful call", 0) + c.get("Failed call", 0) == calls and
            c.get("Failed call", 0) <= 60, f"uac rc {uac.rc} {c}")
    with open(summary) as f:
        sat = json.load(f)["generator"]["saturation"]
    h.check(sat["overload_control"] and sat["cuts"] >= 1 and sat["saturated_ms"] >= 200,
            f"summary {sat}")
    h.check(0 < sat["lowest_offered_rate"] < 100, f"summary lowest rate {sat}")


def off(work):
    calls = 300
    uas, uac, api, summary, seen = uac_run(work, ["-overload_control", "false"], calls)
    s = seen[-1]["saturation"]
    h.check(s["saturated"] and not s["overload_control"], f"not saturated: {seen[-1]}")
    h.check(s["cuts"] == 0 and s["offered_rate"] == 100, f"the rate was cut: {s}")
    metrics = get(api, "/metrics")
    lines = [l for l in metrics.splitlines() if "saturated" in l or "offered" in l]
    h.check(re.search(r'^gossipper_saturated_seconds_total\{scenario="uac"\} 0\.[1-9]', metrics, re.M)
            and 'gossipper_offered_call_rate{scenario="uac"} 100\n' in metrics,
            "metrics:\n" + "\n".join(lines))
    uac.wait(60)
    uas.wait(30)
    with open(summary) as f:
        sat = json.load(f)["generator"]["saturation"]
    h.check(not sat["overload_control"] and sat["cuts"] == 0 and sat["saturated_ms"] >= 200 and
            sat["lowest_offered_rate"] == 0, f"summary {sat}")


def server_drops(work):
    port, api = h.free_port(), h.free_port(socket.SOCK_STREAM)
    # -buff_size 4096: the kernel's smallest buffer fills with a few datagrams.
    uas = h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", str(port),
                         "-nostdin", "-buff_size", "4096", "-api_addr", f"127.0.0.1:{api}"], work)
    h.wait_listening(uas, api)
    uac = h.Proc("uac", [h.SIPP, "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                         "-p", str(h.free_port()), "-nostdin", "-r", "200", "-m", "2000"], work)
    h.wait_for(lambda: status(api)["elapsed_ms"] > 1000, "the run going")
    time.sleep(1)
    hold(uas)
    seen = watch_saturation(api)
    s = seen[-1]["saturation"]
    h.check(s["saturated"] and "datagrams dropped on receive" in s["reason"],
            f"no receive drops named: {seen[-1]}")
    h.check("offered_rate" not in s and s["cuts"] == 0, f"a server held: {s}")
    uac.signal(signal.SIGKILL)


def test(work):
    cases = {"held": held, "off": off, "server_drops": server_drops}
    case = sys.argv[1] if len(sys.argv) > 1 else ""
    h.check(case in cases, __doc__)
    cases[case](work)


if __name__ == "__main__":
    h.main(test)
