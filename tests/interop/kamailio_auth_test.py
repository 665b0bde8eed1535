"""Digest authentication against a real Kamailio (Debian's kamailio),
started by the test with tests/kamailio/auth.cfg on loopback:

  register       our uac_register_auth.xml against Kamailio's registrar
                 (401, qop=auth, pv_www_authenticate): every REGISTER is
                 accepted
  register_wrong the same with a wrong password: Kamailio challenges again
                 and every call fails (the check can fail)
  invite         our uac_invite_proxy_auth.xml through Kamailio as an
                 authenticating proxy (407, Proxy-Authorization) to SIPp's
                 uas behind it: every call completes

usage: kamailio_auth_test.py register|register_wrong|invite"""

import os
import shutil
import sys
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))
CALLS = 30


def test(work):
    try:
        run(work, sys.argv[1])
    finally:
        h.stop_kamailio(work)


def run(work, what):
    h.check(shutil.which(h.KAMAILIO) or os.path.exists(h.KAMAILIO), f"no {h.KAMAILIO}")
    port, uas_port = h.free_port(), h.free_port()
    kamailio = h.start_kamailio(work, "auth.cfg", {"LISTEN_PORT": port, "UAS_PORT": uas_port,
                                                   "PASSWORD": "s3cret"})
    uas = None
    if what == "invite":
        uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(uas_port), "-i", "127.0.0.1",
                             "-nostdin", "-m", str(CALLS), "-cp", str(h.free_port())], work)
        time.sleep(0.5)
    scenario = "uac_invite_proxy_auth.xml" if what == "invite" else "uac_register_auth.xml"
    password = "wrong" if what.endswith("wrong") else "s3cret"
    client = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sf", os.path.join(HERE, "scenarios", scenario),
                            f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p", str(h.free_port()),
                            "-nostdin", "-m", str(CALLS), "-r", "30", "-set", "user", "alice",
                            "-ap", password, "-cp", str(h.free_port())], work)
    client.wait(60)
    a = h.counters(client.text())
    if what.endswith("wrong"):
        h.check(a.get("Successful call", 0) == 0 and a.get("Failed call") == CALLS,
                f"with a wrong password no call may succeed: {a}")
    else:
        h.check(client.rc == 0 and a.get("Successful call") == CALLS, f"uac rc {client.rc} {a}")
    if uas is not None:
        uas.wait(30)
        b = h.counters(uas.text())
        h.check(b.get("Successful call") == CALLS, f"SIPp uas behind Kamailio {b}")
    h.check(kamailio.p.poll() is None, "kamailio ended during the test:\n" + kamailio.text()[-2000:])


if __name__ == "__main__":
    h.main(test)
