"""-udp_gso on u1: datagrams for one peer with one size leave as one
segmented send (UDP GSO), and a peer's segmented sends are read coalesced
(UDP GRO) and cut up again. On loopback, 2,000 calls at 2,000 calls/s, so
that a tick's batch holds several calls:

  ours       our uac and our uas, both with -udp_gso: every call succeeds,
             and both sides sent most of their datagrams segmented (each
             side's -summary_json, generator.udp_segmented)
  sipp_uas   our uac with -udp_gso against SIPp's uas: SIPp, which reads
             plain datagrams, gets every message (all its calls succeed)
  sipp_uac   SIPp's uac against our uas with -udp_gso: SIPp gets every
             response our uas sent segmented
  off        without -udp_gso nothing is sent segmented (the counter is
             absent from the summary)

usage: udp_gso_test.py ours|sipp_uas|sipp_uac|off"""

import json
import os
import sys
import time

import harness as h

CALLS = 2000
RATE = "2000"


def ours(work, role, port, extra=()):
    common = ["-t", "u1", "-i", "127.0.0.1", "-nostdin", "-cp", str(h.free_port()),
              "-m", str(CALLS), "-summary_json", role + ".json", *extra]
    if role == "uas":
        return h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", "uas", "-p", str(port), *common], work)
    return h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}",
                          "-p", str(h.free_port()), "-r", RATE, *common], work)


def sipp(work, role, port):
    common = ["-t", "u1", "-i", "127.0.0.1", "-nostdin", "-m", str(CALLS)]
    if role == "uas":
        return h.Proc("sipp_uas", [h.SIPP, "-sn", "uas", "-p", str(port), *common], work)
    return h.Proc("sipp_uac", [h.SIPP, "-sn", "uac", f"127.0.0.1:{port}",
                               "-p", str(h.free_port()), "-r", RATE, *common], work)


def all_succeeded(proc):
    rc = proc.wait(90)
    c = h.counters(proc.text())
    h.check(rc == 0 and c.get("Successful call") == CALLS and c.get("Failed call") == 0,
            f"{proc.name}: rc {rc}, {c}")


def segmented(work, role):
    with open(os.path.join(work, role + ".json")) as f:
        return json.load(f)["generator"].get("udp_segmented")


def test(work):
    what = sys.argv[1]
    port = h.free_port()
    gso = ("-udp_gso",) if what != "off" else ()
    server = sipp(work, "uas", port) if what == "sipp_uas" else ours(work, "uas", port, gso)
    time.sleep(0.7)
    client = sipp(work, "uac", port) if what == "sipp_uac" else ours(work, "uac", port, gso)
    all_succeeded(client)
    all_succeeded(server)
    # Each side sends three datagrams a call (INVITE, ACK, BYE; 180, 200,
    # 200): at 2,000 calls/s most leave with others of their kind.
    for role in ("uac", "uas"):
        if (what, role) in (("sipp_uas", "uas"), ("sipp_uac", "uac")):
            continue
        n = segmented(work, role)
        if what == "off":
            h.check(n is None, f"{role}: udp_segmented {n} without -udp_gso")
        else:
            h.check(n is not None and n >= CALLS, f"{role}: udp_segmented {n} of {3 * CALLS}")


if __name__ == "__main__":
    h.main(test)
