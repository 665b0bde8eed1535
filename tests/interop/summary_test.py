"""-summary_json percentiles against a known latency distribution, health
gates and -junit:

  percentiles  our uac against a scripted UAS (here) that answers every
               tenth INVITE after 200 ms and the others after 20 ms: the
               summary's response time has p50 and p90 near 20 ms (within the
               script's timer jitter), p99 near 200 ms, and the fixed
               buckets hold 90 and 10 calls
  gates        the same run with -health_max_p99_ms 50: exit 2, the gate
               failed in the JSON and in the JUnit report; with 500 it passes

usage: summary_test.py percentiles|gates"""

import json
import os
import re
import socket
import sys
import threading
import time
import xml.etree.ElementTree as ET

import harness as h

CALLS = 100


class ScriptedUas:
    """A UDP UAS whose answer delay depends on the call number."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = False
        threading.Thread(target=self.serve, daemon=True).start()

    def reply(self, msg, code, reason, addr):
        heads = []
        for line in msg.split("\r\n")[1:]:
            name = line.split(":", 1)[0].strip().lower()
            if name in ("via", "from", "call-id", "cseq"):
                heads.append(line)
            elif name == "to":
                heads.append(line + ";tag=scripted")
        text = f"SIP/2.0 {code} {reason}\r\n" + "\r\n".join(heads) + "\r\nContent-Length: 0\r\n\r\n"
        self.sock.sendto(text.encode(), addr)

    def serve(self):
        while not self.stop:
            data, addr = self.sock.recvfrom(65536)
            msg = data.decode(errors="replace")
            method = msg.split(" ", 1)[0]
            if method == "INVITE":
                number = int(re.search(r"(?im)^Call-ID:\s*(\d+)-", msg).group(1))
                delay = 0.2 if number % 10 == 0 else 0.02
                threading.Timer(delay, self.reply, (msg, 200, "OK", addr)).start()
            elif method == "BYE":
                self.reply(msg, 200, "OK", addr)


def run(work, extra):
    peer = ScriptedUas()
    out = os.path.join(work, "summary.json")
    junit = os.path.join(work, "junit.xml")
    c = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{peer.port}", "-i", "127.0.0.1",
                       "-p", str(h.free_port()), "-nostdin", "-m", str(CALLS), "-r", "50",
                       "-summary_json", out, "-junit", junit, "-cp", str(h.free_port())] + extra, work)
    c.wait(60)
    peer.stop = True
    with open(out) as f:
        summary = json.load(f)
    return c, summary, ET.parse(junit).getroot()


def test(work):
    what = sys.argv[1]
    if what == "percentiles":
        c, s, _ = run(work, [])
        h.check(c.rc == 0 and s["success_calls"] == CALLS, f"rc {c.rc}, {s.get('success_calls')} calls")
        rt = s["rtd"]["1"]
        ms = {k: rt[k] / 1e6 for k in ("p50", "p90", "p99", "p99_9", "min", "max")}
        # The fast group's tail is this script's timer jitter (p90 is its
        # slowest call); the slow group is ten times further.
        h.check(20 <= ms["p50"] <= 27 and 20 <= ms["p90"] <= 60, f"p50/p90 near 20 ms: {ms}")
        h.check(200 <= ms["p99"] <= 240 and 200 <= ms["p99_9"] <= 240, f"p99 near 200 ms: {ms}")
        h.check(abs(ms["min"] - 20) < 5 and 200 <= ms["max"] <= 240, f"min and max: {ms}")
        buckets = {b["label"]: b["count"] for b in rt["buckets"]}
        fast = sum(buckets[k] for k in ("le_10ms", "le_20ms", "le_50ms"))
        slow = sum(buckets[k] for k in ("le_200ms", "le_500ms"))
        h.check(fast == 90 and slow == 10 and sum(buckets.values()) == CALLS, f"buckets {buckets}")
        h.check(rt["count"] == CALLS and s["rate_over_time"]["points"], "count and rate over time")
    elif what == "gates":
        c, s, junit = run(work, ["-health_max_p99_ms", "50", "-health_max_failed_ratio", "0.01"])
        gates = {g["name"]: g for g in s["health"]["gates"]}
        h.check(c.rc == 2 and not s["health"]["passed"] and not gates["max_p99_ms:rtd 1"]["passed"]
                and gates["max_failed_ratio"]["passed"], f"rc {c.rc}, gates {gates}")
        failures = junit.findall(".//failure")
        h.check(len(failures) == 1 and failures[0].get("type") == "health_gate", ET.tostring(junit).decode())
        c, s, junit = run(work, ["-health_max_p99_ms", "500"])
        h.check(c.rc == 0 and s["health"]["passed"] and not junit.findall(".//failure"), f"rc {c.rc}")
    else:
        raise AssertionError("unknown mode " + what)


if __name__ == "__main__":
    h.main(test)
