"""Injection files against the real SIPp, both ways:

  registrar_ours  SIPp's UAC (callers.csv, then the PRINTF file second.csv)
                  against our uas_injection_registrar.xml, whose users live
                  in registrar.csv (-infindex registrar.csv 0): <lookup>,
                  <insert>, <replace> and [field1 line=…] answer exactly what
                  SIPp's run of the same scenario answers
  registrar_sipp  our UAC against SIPp running that registrar: the same
                  answers, and our REGISTERs carry SEQUENTIAL and PRINTF
                  fields in SIPp's order
  user            our UAC with -users 3 and a USER file: user N reads line N
  random          our UAC with a RANDOM file: every value comes from the file,
                  and more than one is drawn

usage: injection_test.py registrar_ours|registrar_sipp|user|random"""

import collections
import os
import re
import shutil
import sys
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
UAC = os.path.join(HERE, "scenarios", "uac_injection.xml")
UAS = os.path.join(HERE, "scenarios", "uas_injection_registrar.xml")

# What SIPp 3.6's registrar answers to callers.csv (a double of 0 prints as
# nothing in SIPp; the others with six decimals).
ANSWERS = [("", "pw1"), ("1.000000", "pw2"), ("-1.000000", ""), ("", "seen"), ("2.000000", "seen")]
INJECTED = ["user=alice second=u00100", "user=bob second=u00102", "user=zed second=u00104",
            "user=alice second=u00106", "user=zed second=u00100"]


def trace(work, scenario, proc):
    name = os.path.splitext(os.path.basename(scenario))[0]
    with open(os.path.join(work, f"{name}_{proc.p.pid}_messages.log"), errors="replace") as f:
        return f.read()


def answers(text):
    return list(zip(re.findall(r"^X-Line: ?(.*?)\r?$", text, re.M),
                    re.findall(r"^X-Was: ?(.*?)\r?$", text, re.M)))


def injected(text):
    return re.findall(r"^X-Injected: (.*?)\r?$", text, re.M)


def run(work, ours_uac, uac_files, calls, extra=()):
    port = h.free_port()
    server_tool = [h.SIPP] if ours_uac else [h.GOSSIPPER, "sipp"]
    client_tool = [h.GOSSIPPER, "sipp"] if ours_uac else [h.SIPP]
    server = h.Proc("uas", server_tool + ["-sf", UAS, "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                                          "-m", str(calls), "-inf", "registrar.csv", "-infindex",
                                          "registrar.csv", "0", "-cp", str(h.free_port())]
                    + (["-trace_msg"] if ours_uac else []), work)
    time.sleep(0.7)
    args = []
    for f in uac_files:
        args += ["-inf", f]
    client = h.Proc("uac", client_tool + ["-sf", UAC, f"127.0.0.1:{port}", "-i", "127.0.0.1",
                                          "-p", str(h.free_port()), "-nostdin", "-m", str(calls),
                                          "-r", "5", "-cp", str(h.free_port())] + args + list(extra)
                    + ([] if ours_uac else ["-trace_msg"]), work)
    client.wait(60)
    server.wait(30)
    a, b = h.counters(client.text()), h.counters(server.text())
    h.check(client.rc == 0 and a.get("Successful call") == calls, f"uac rc {client.rc} {a}")
    h.check(b.get("Successful call") == calls, f"uas {b}")
    return trace(work, UAS if ours_uac else UAC, server if ours_uac else client)


def test(work):
    what = sys.argv[1]
    for f in os.listdir(DATA):
        shutil.copy(os.path.join(DATA, f), work)
    if what in ("registrar_ours", "registrar_sipp"):
        text = run(work, what == "registrar_sipp", ["callers.csv", "second.csv"], 5)
        h.check(answers(text) == ANSWERS, f"registrar answers {answers(text)}, SIPp's: {ANSWERS}")
        got = [i.rsplit(" userid=", 1)[0] for i in injected(text)]
        h.check(got == INJECTED, f"injected fields {got}, SIPp's: {INJECTED}")
    elif what == "user":
        text = run(work, True, ["by_user.csv", "second.csv"], 9, ["-users", "3"])
        lines = ["user-one", "user-two", "user-three"]
        seen = collections.Counter()
        for i in injected(text):
            m = re.match(r"user=(\S*) second=\S* userid=(\d+)$", i)
            h.check(m and 1 <= int(m.group(2)) <= 3 and m.group(1) == lines[int(m.group(2)) - 1],
                    f"user N reads line N: {i}")
            seen[m.group(2)] += 1
        h.check(sum(seen.values()) == 9 and len(seen) == 3, f"calls per user {dict(seen)}")
    elif what == "random":
        text = run(work, True, ["random.csv", "second.csv"], 30)
        users = collections.Counter(re.match(r"user=(\S*)", i).group(1) for i in injected(text))
        h.check(sum(users.values()) == 30 and set(users) <= {"red", "green", "blue"} and len(users) > 1,
                f"values drawn {dict(users)}")
    else:
        raise AssertionError("unknown mode " + what)


if __name__ == "__main__":
    h.main(test)
