"""Precompiled scenarios against the real SIPp: the built-in uac and uas are
compiled to .gso files by `gossipper compile`, then run with `gossipper run`
against SIPp's uas and uac; every call succeeds by both tools' counts.

usage: precompiled_test.py uac|uas"""

import os
import subprocess
import sys
import time

import harness as h

CALLS = 400


def compile_builtin(work, name):
    xml = os.path.join(work, name + ".xml")
    gso = os.path.join(work, name + ".gso")
    with open(xml, "w") as f:
        subprocess.run([h.GOSSIPPER, "sipp", "-sd", name], stdout=f, check=False)
    r = subprocess.run([h.GOSSIPPER, "compile", xml, "-o", gso], capture_output=True, text=True)
    h.check(r.returncode == 0 and os.path.exists(gso), f"compile: {r.returncode} {r.stderr}")
    return gso


def test(work):
    what = sys.argv[1]
    port = h.free_port()
    if what == "uac":
        gso = compile_builtin(work, "uac")
        server = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                                "-m", str(CALLS), "-cp", str(h.free_port())], work)
        time.sleep(0.7)
        client = h.Proc("uac", [h.GOSSIPPER, "run", gso, f"127.0.0.1:{port}", "-i", "127.0.0.1",
                                "-p", str(h.free_port()), "-nostdin", "-m", str(CALLS), "-r", "200",
                                "-cp", str(h.free_port())], work)
    else:
        gso = compile_builtin(work, "uas")
        server = h.Proc("uas", [h.GOSSIPPER, "run", gso, "-p", str(port), "-i", "127.0.0.1",
                                "-nostdin", "-m", str(CALLS), "-cp", str(h.free_port())], work)
        time.sleep(0.7)
        client = h.Proc("uac", [h.SIPP, "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                                "-p", str(h.free_port()), "-nostdin", "-m", str(CALLS), "-r", "200",
                                "-cp", str(h.free_port())], work)
    client.wait(60)
    server.wait(30)
    a, b = h.counters(client.text()), h.counters(server.text())
    h.check(client.rc == 0 and a.get("Successful call") == CALLS, f"uac rc {client.rc} {a}")
    h.check(b.get("Successful call") == CALLS and b.get("Failed call") == 0, f"uas {b}")


if __name__ == "__main__":
    h.main(test)
