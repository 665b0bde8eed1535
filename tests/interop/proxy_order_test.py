"""A call's messages through a real multi-worker proxy: the built-in uac and
uas with Kamailio between them (tests/kamailio/proxy.cfg: stateful,
record-routing, two UDP workers), CALLS calls over UDP. Two messages of one
call put on the wire together (the uas's 180 and 200, the uac's ACK and the
BYE after a 0 ms pause) reach the two workers together, and either may leave
first: the peer then aborts the call. SIPp's scheduler runs a call's next
element on a later turn; ours waits a turn after a send too.

  ours   our uac and our uas through Kamailio; SIPp's uac and uas through
         another Kamailio in the same test, as the yardstick: ours may fail
         no more calls than SIPp's, plus a small allowance

usage: proxy_order_test.py ours"""

import os
import shutil
import sys
import time

import harness as h

CALLS = 2000
RATE = 200


def pair(work, name, uac_cmd, uas_cmd):
    """uac -> Kamailio -> uas; the counters of both ends."""
    sub = os.path.join(work, name)
    os.makedirs(sub)
    port, uas_port = h.free_port(), h.free_port()
    kamailio = h.start_kamailio(sub, "proxy.cfg", {"LISTEN_PORT": port, "UAS_PORT": uas_port})
    try:
        uas = h.Proc("uas", uas_cmd + ["-sn", "uas", "-i", "127.0.0.1", "-p", str(uas_port),
                                       "-nostdin", "-m", str(CALLS), "-cp", str(h.free_port())],
                     sub)
        time.sleep(0.7)
        uac = h.Proc("uac", uac_cmd + ["-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                                       "-p", str(h.free_port()), "-nostdin", "-m", str(CALLS),
                                       "-r", str(RATE), "-cp", str(h.free_port())], sub)
        uac.wait(120)
        # The uas ends by itself once its -m calls are over (their last
        # <pause> included); one that lost a call to a reordered message
        # waits for it until told to stop.
        deadline = time.time() + 15
        while uas.p.poll() is None and time.time() < deadline:
            time.sleep(0.2)
        if uas.p.poll() is None:
            uas.signal(2)
        uas.wait(30)
        h.check(kamailio.p.poll() is None, f"{name}: kamailio ended during the run")
        return h.counters(uac.text()), h.counters(uas.text())
    finally:
        h.stop_kamailio(sub)


def test(work):
    h.check(sys.argv[1] == "ours", __doc__)
    h.check(shutil.which(h.KAMAILIO) or os.path.exists(h.KAMAILIO), f"no {h.KAMAILIO}")
    sipp = pair(work, "sipp", [h.SIPP], [h.SIPP])
    ours = pair(work, "ours", [h.GOSSIPPER, "sipp"], [h.GOSSIPPER, "sipp"])
    print("SIPp: uac", sipp[0].get("Successful call"), "uas", sipp[1].get("Successful call"))
    print("ours: uac", ours[0].get("Successful call"), "uas", ours[1].get("Successful call"))
    allowance = CALLS // 200  # 0.5 %: a worker descheduled on a busy machine
    for end in (0, 1):
        theirs = sipp[end].get("Successful call", 0)
        mine = ours[end].get("Successful call", 0)
        h.check(mine >= theirs - allowance,
                f"{'uac' if end == 0 else 'uas'}: {mine} of {CALLS} calls successful behind "
                f"Kamailio, SIPp's {theirs}: a call's messages were reordered\n"
                f"ours {ours}\nSIPp {sipp}")


if __name__ == "__main__":
    h.main(test)
