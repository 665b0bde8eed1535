"""Retransmissions and SIPp's default behaviours, against the real SIPp.

usage: behaviour_test.py lossy|silent|cancel|bye"""

import os
import socket
import sys
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))


def sipp_uas(work, scenario, calls, port):
    return h.Proc("uas", [h.SIPP, "-sf", os.path.join(HERE, "scenarios", scenario), "-p", str(port),
                          "-i", "127.0.0.1", "-nostdin", "-m", str(calls), "-cp", str(h.free_port())], work)


def our_uac(work, port, calls, rate, extra=()):
    return h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                          "-p", str(h.free_port()), "-nostdin", "-m", str(calls), "-r", str(rate),
                          "-cp", str(h.free_port())] + list(extra), work)


def test(work):
    what = sys.argv[1]
    port = h.free_port()
    if what == "lossy":
        # SIPp drops 20% of INVITEs: we retransmit per T1 (500 ms) and every call succeeds.
        uas = sipp_uas(work, "uas_lossy.xml", 30, port)
        time.sleep(0.7)
        uac = our_uac(work, port, 30, 10)
        uac.wait(90)
        uas.wait(60)
        a, b = h.counters(uac.text()), h.counters(uas.text())
        rows = dict(h.scenario_rows(uac.text()))
        invite = rows.get("INVITE ---------->")
        h.check(uac.rc == 0 and a.get("Successful call") == 30, f"uac rc {uac.rc} {a}")
        h.check(b.get("Successful call") == 30, f"uas {b}")
        h.check(invite is not None and invite[0] == 30 and invite[1] > 0,
                f"the INVITE row must show retransmissions: {invite}")
    elif what == "silent":
        # Nobody answers: INVITE retransmitted max_invite_retrans times, then
        # the call fails (FailedMaxUDPRetrans: the Timeout column).
        sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sink.bind(("127.0.0.1", port))
        uac = our_uac(work, port, 1, 10, ["-max_invite_retrans", "2"])
        uac.wait(30)
        got = 0
        sink.settimeout(0.2)
        try:
            while True:
                sink.recv(65536)
                got += 1
        except socket.timeout:
            pass
        a = h.counters(uac.text())
        rows = dict(h.scenario_rows(uac.text()))
        invite = rows.get("INVITE ---------->")
        h.check(uac.rc == 1 and a.get("Failed call") == 1, f"uac rc {uac.rc} {a}")
        h.check(invite == [1, 2, 1], f"INVITE: 1 sent, 2 retransmissions, 1 timeout: {invite}")
        h.check(got == 3, f"the peer should have received 3 INVITEs, got {got}")
    elif what in ("cancel", "bye"):
        scenario = "uas_unexpected_provisional.xml" if what == "cancel" else "uas_unexpected_request.xml"
        uas = sipp_uas(work, scenario, 5, port)
        time.sleep(0.7)
        uac = our_uac(work, port, 5, 5, ["-d", "2000"])
        uac.wait(60)
        uas.wait(30)
        a, b = h.counters(uac.text()), h.counters(uas.text())
        # Our calls fail (unexpected message) and the peer gets SIPp's CANCEL or BYE.
        h.check(uac.rc == 1 and a.get("Failed call") == 5, f"uac rc {uac.rc} {a}")
        h.check(b.get("Successful call") == 5 and uas.rc == 0,
                f"SIPp's uas must have received the {what.upper()} for every call: rc {uas.rc} {b}")
        rows = h.scenario_rows(uac.text())
        unexpected = sum(nums[3] for label, nums in rows if "<----------" in label and len(nums) >= 4)
        unexpected += sum(nums[1] for label, nums in rows if label.startswith("Pause") and len(nums) >= 2)
        h.check(unexpected == 5, f"5 unexpected messages expected on the scenario screen: {rows}")
    else:
        raise SystemExit("unknown case " + what)


if __name__ == "__main__":
    h.main(test)
