"""Digest authentication against the real SIPp, both ways, and its failure:

  uac        our uac_register_auth.xml ([authentication] after a 401 with
             qop="auth") against SIPp running uas_registrar_auth.xml, which
             checks the credentials with <verifyauth> and answers 200 or 403
  uac_wrong  the same with a wrong password: SIPp answers 403 and every call
             fails (the check can fail)
  uas        SIPp's uac_register_auth.xml against our registrar: our
             <verifyauth> accepts SIPp's credentials
  uas_wrong  SIPp with a wrong password: our registrar answers 403

  aka        AKAv1-MD5 (MILENAGE): SIPp's client and ours answer the same
             challenge of a SIPp registrar (uas_registrar_aka.xml, no qop)
             with the same Authorization, byte for byte
  aka_wrong  ours with another K: the network's MAC does not check, the
             REGISTER goes without credentials and the error log says why

  uac_injected, uac_injected_wrong
             the [authentication ...] keyword comes from an -inf field, which
             SIPp expands: SIPp's verifyauth accepts ours, or refuses it with
             the wrong password

usage: auth_test.py uac|uac_wrong|uas|uas_wrong|aka|aka_wrong|uac_injected|uac_injected_wrong"""

import os
import sys
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))
CALLS = 50
UAC = os.path.join(HERE, "scenarios", "uac_register_auth.xml")
UAS = os.path.join(HERE, "scenarios", "uas_registrar_auth.xml")


def run(work, ours_uac, password, uac=UAC, extra=()):
    port = h.free_port()
    server_tool = [h.SIPP] if ours_uac else [h.GOSSIPPER, "sipp"]
    client_tool = [h.GOSSIPPER, "sipp"] if ours_uac else [h.SIPP]
    server = h.Proc("uas", server_tool + ["-sf", UAS, "-p", str(port), "-i", "127.0.0.1",
                                          "-nostdin", "-m", str(CALLS), "-set", "user", "alice",
                                          "-set", "password", "s3cret", "-cp", str(h.free_port())]
                    + ([] if server_tool[0] != h.SIPP else ["-trace_msg"]), work)
    time.sleep(0.7)
    client = h.Proc("uac", client_tool + ["-sf", uac, f"127.0.0.1:{port}", "-i", "127.0.0.1",
                                          "-p", str(h.free_port()), "-nostdin", "-m", str(CALLS),
                                          "-r", "50", "-set", "user", "alice", "-ap", password,
                                          "-cp", str(h.free_port())] + list(extra)
                    + ([] if client_tool[0] != h.SIPP else ["-trace_msg"]), work)
    client.wait(60)
    server.wait(30)
    return client, server


def messages(work, proc):
    """SIPp's -trace_msg file of `proc` ("" when it wrote none)."""
    scenario = UAS if proc.name == "uas" else UAC
    name = os.path.splitext(os.path.basename(scenario))[0]
    log = os.path.join(work, f"{name}_{proc.p.pid}_messages.log")
    if not os.path.exists(log):
        return ""
    with open(log, errors="replace") as f:
        return f.read()


def aka(work, wrong):
    uas = os.path.join(HERE, "scenarios", "uas_registrar_aka.xml")
    uac = os.path.join(HERE, "scenarios", "uac_register_aka.xml")
    port = h.free_port()
    clients = [[h.GOSSIPPER, "sipp"]] if wrong else [[h.SIPP], [h.GOSSIPPER, "sipp"]]
    server = h.Proc("uas", [h.SIPP, "-sf", uas, "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                            "-m", str(len(clients)), "-trace_msg"], work)
    time.sleep(0.7)
    keys = ["-set", "user", "alice", "-set", "k", "0123456789abcdeX" if wrong else "0123456789abcdef",
            "-set", "op", "fedcba9876543210", "-set", "amf", "AB"]
    for i, tool in enumerate(clients):
        c = h.Proc(f"uac{i}", tool + ["-sf", uac, f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p",
                                      str(h.free_port()), "-nostdin", "-m", "1", "-trace_err",
                                      "-cp", str(h.free_port())] + keys, work)
        c.wait(30)
        h.check(c.rc == 0, f"{c.name} exit code {c.rc}")
    server.wait(30)
    log = os.path.join(work, f"uas_registrar_aka_{server.p.pid}_messages.log")
    with open(log, errors="replace") as f:
        auths = [l for l in f.read().splitlines() if l.startswith("Authorization:")]
    if wrong:
        h.check(auths == [], f"no credentials with the wrong key: {auths}")
        errors = "".join(open(os.path.join(work, f)).read() for f in os.listdir(work)
                         if f.endswith("_errors.log"))
        h.check("MAC != expectedMAC" in errors, "the error log says why:\n" + errors)
        return
    h.check(len(auths) == 2 and auths[0] == auths[1] and "algorithm=AKAv1-MD5" in auths[0],
            "SIPp's and our AKAv1-MD5 credentials:\n" + "\n".join(auths))


def test(work):
    what = sys.argv[1]
    if what.startswith("aka"):
        aka(work, what == "aka_wrong")
        return
    if what.startswith("uac_injected"):
        # The keyword comes from the injection file; SIPp's verifyauth judges.
        wrong = what.endswith("wrong")
        csv = os.path.join(HERE, "data", "auth_injected_wrong.csv" if wrong else "auth_injected.csv")
        client, server = run(work, True, "unused",
                             os.path.join(HERE, "scenarios", "uac_register_auth_injected.xml"),
                             ["-inf", csv])
        a, b = h.counters(client.text()), h.counters(server.text())
        if wrong:
            h.check(a.get("Successful call", 0) == 0 and a.get("Failed call") == CALLS, f"uac {a}")
        else:
            h.check(client.rc == 0 and a.get("Successful call") == CALLS, f"uac rc {client.rc} {a}")
            h.check(b.get("Successful call") == CALLS, f"uas {b}")
        sent = messages(work, server)
        h.check("[authentication" not in sent, "the keyword's text went out:\n" + sent[:3000])
        return
    ours_uac = what.startswith("uac")
    wrong = what.endswith("wrong")
    client, server = run(work, ours_uac, "wrong" if wrong else "s3cret")
    a, b = h.counters(client.text()), h.counters(server.text())
    if not wrong:
        h.check(client.rc == 0 and a.get("Successful call") == CALLS, f"uac rc {client.rc} {a}")
        h.check(b.get("Successful call") == CALLS, f"uas {b}")
        # The server's trace shows credentials with qop, as SIPp writes them.
        sent = messages(work, server if ours_uac else client)
        if ours_uac:
            h.check(sent.count("Authorization: Digest username=\"alice\",realm=\"gossipper.test\",cnonce=\"") == CALLS,
                    "the credentials SIPp received:\n" + sent[:3000])
            h.check("nc=00000001,qop=auth,uri=\"sip:127.0.0.1:" in sent and "opaque=\"0pq\"" in sent,
                    "qop, nc, uri, opaque:\n" + sent[:3000])
        else:
            h.check(sent.count("SIP/2.0 200 OK") >= CALLS, "our 200s:\n" + sent[:3000])
    else:
        h.check(a.get("Successful call", 0) == 0 and a.get("Failed call") == CALLS,
                f"with a wrong password no call may succeed: {a}")
        sent = messages(work, client if not ours_uac else server)
        h.check(sent.count("SIP/2.0 403 Forbidden") >= CALLS, "the 403s:\n" + sent[-3000:])


if __name__ == "__main__":
    h.main(test)
