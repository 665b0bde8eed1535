"""Variables of every lifetime against the real SIPp: <Global> (filled with
-set, zeroed by <init>, counted by every call), <User> (one value per -users
user, kept from one of its calls to the next), and -set of a name no <Global>
declares (refused, exit 1, as SIPp does).

  uac        our uac_variables.xml against SIPp's uas (-trace_msg shows what
             we sent)
  uac_sipp   SIPp running the same scenario and flags: the same checks pass,
             so they describe SIPp's behaviour and not only ours
  uas        SIPp's uac against our uas_variables.xml (SIPp's -trace_msg shows
             our 200 OKs)
  undeclared -set of an undeclared name: both tools refuse it the same way

usage: variables_test.py uac|uac_sipp|uas|undeclared"""

import os
import re
import sys
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))
CALLS, USERS = 40, 4


def trace(work, proc):
    log = os.path.join(work, f"{proc.name}_{proc.p.pid}_messages.log")
    h.check(os.path.exists(log), f"no SIPp message trace {log}")
    with open(log, errors="replace") as f:
        return f.read()


def check_uac_messages(text):
    domains = re.findall(r"^X-Domain: (.*?)\r?$", text, re.M)
    sent = [float(v) for v in re.findall(r"^X-Sent: (\S+)", text, re.M)]
    mine = [(int(u), float(n)) for u, n in re.findall(r"^X-Mine: (\d+) (\S+)", text, re.M)]
    h.check(len(domains) == CALLS and set(domains) == {"example.test"}, f"X-Domain {set(domains)}")
    # One counter for the whole process: it only grows, and ends at the calls.
    h.check(len(sent) == CALLS and sent == sorted(sent) and sent[-1] == CALLS,
            f"X-Sent {sent}")
    # One counter per user: each user's calls count 1, 2, 3...
    per_user = {}
    for user, n in mine:
        per_user.setdefault(user, []).append(n)
    h.check(set(per_user) == set(range(1, USERS + 1)), f"users {sorted(per_user)}")
    for user, seq in per_user.items():
        h.check(seq == [float(i) for i in range(1, len(seq) + 1)], f"user {user} counted {seq}")


def uac(work, ours):
    port = h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                         "-m", str(CALLS), "-cp", str(h.free_port()), "-trace_msg"], work)
    time.sleep(0.7)
    tool = [h.GOSSIPPER, "sipp"] if ours else [h.SIPP]
    extra = ["-threads", "2"] if ours else []
    client = h.Proc("uac", tool + ["-sf", os.path.join(HERE, "scenarios", "uac_variables.xml"),
                                   f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p", str(h.free_port()),
                                   "-nostdin", "-m", str(CALLS), "-users", str(USERS), "-d", "20",
                                   "-set", "domain", "example.test", "-cp", str(h.free_port())]
                    + extra, work)
    client.wait(60)
    uas.wait(30)
    a, b = h.counters(client.text()), h.counters(uas.text())
    h.check(client.rc == 0 and a.get("Successful call") == CALLS, f"uac rc {client.rc} {a}")
    h.check(b.get("Successful call") == CALLS, f"SIPp uas {b}")
    check_uac_messages(trace(work, uas))


def uas(work):
    port = h.free_port()
    server = h.Proc("uas", [h.GOSSIPPER, "sipp", "-sf",
                            os.path.join(HERE, "scenarios", "uas_variables.xml"), "-p", str(port),
                            "-i", "127.0.0.1", "-nostdin", "-m", str(CALLS), "-threads", "2",
                            "-set", "server_name", "gossipper-test", "-cp", str(h.free_port())], work)
    time.sleep(0.7)
    client = h.Proc("uac", [h.SIPP, "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                            "-p", str(h.free_port()), "-nostdin", "-m", str(CALLS), "-r", "20",
                            "-cp", str(h.free_port()), "-trace_msg"], work)
    client.wait(60)
    server.wait(30)
    a, b = h.counters(client.text()), h.counters(server.text())
    h.check(client.rc == 0 and a.get("Successful call") == CALLS, f"SIPp uac rc {client.rc} {a}")
    h.check(b.get("Successful call") == CALLS, f"our uas {b}")
    text = trace(work, client)
    names = re.findall(r"^X-Server: (.*?)\r?$", text, re.M)
    answered = sorted(float(v) for v in re.findall(r"^X-Answered: (\S+)", text, re.M))
    h.check(len(names) == CALLS and set(names) == {"gossipper-test"}, f"X-Server {set(names)}")
    # Each INVITE adds one to the process's counter: 1..CALLS, each once.
    h.check(answered == [float(i) for i in range(1, CALLS + 1)], f"X-Answered {answered}")


def undeclared(work):
    scenario = os.path.join(HERE, "scenarios", "uac_variables.xml")
    args = ["-sf", scenario, "127.0.0.1:9", "-m", "1", "-nostdin", "-set", "nope", "1",
            "-cp", str(h.free_port())]
    ours = h.Proc("ours", [h.GOSSIPPER, "sipp"] + args, work)
    sipp = h.Proc("sipp", [h.SIPP] + args, work)
    ours.wait(20)
    sipp.wait(20)
    message = "Can not set the global variable nope, because it does not exist."
    h.check(sipp.rc == 1 and message in sipp.text() + sipp.errors(), f"SIPp rc {sipp.rc}")
    h.check(ours.rc == 1 and message in ours.text() + ours.errors(),
            f"our rc {ours.rc}: {ours.text()} {ours.errors()}")


def test(work):
    what = sys.argv[1]
    if what in ("uac", "uac_sipp"):
        uac(work, what == "uac")
    elif what == "uas":
        uas(work)
    elif what == "undeclared":
        undeclared(work)
    else:
        h.check(False, __doc__)


if __name__ == "__main__":
    h.main(test)
