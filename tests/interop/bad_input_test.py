"""Bad input from the network: garbage datagrams, truncated headers, a
Content-Length larger than the body, a 65,000-byte datagram, a TCP stream
with bogus framing, a TCP reset mid-call, connection refused. Each is counted
and the engine goes on serving real calls from SIPp: never a crash, never a
stuck call. Each is also written, time-stamped, to the -trace_err file.

usage: bad_input_test.py udp|tcp|refused"""

import os
import random
import re
import socket
import struct
import sys
import time

import harness as h


def invite(call_id, body_len=0, claimed=None):
    body = "v" * body_len
    length = len(body) if claimed is None else claimed
    return (f"INVITE sip:service@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK{call_id}\r\n"
            f"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:b@127.0.0.1>\r\nCall-ID: {call_id}\r\n"
            f"CSeq: 1 INVITE\r\nContent-Length: {length}\r\n\r\n{body}").encode()


def malformed_count(text):
    m = re.search(r"(\d+) malformed msg", text)
    return int(m.group(1)) if m else -1


def run_sipp_calls(work, transport, port, calls=10):
    uac = h.Proc("sipp-uac", [h.SIPP, "-sn", "uac", f"127.0.0.1:{port}", "-t", transport, "-i", "127.0.0.1",
                              "-p", str(h.free_port()), "-nostdin", "-m", str(calls), "-r", "20",
                              "-cp", str(h.free_port())], work)
    uac.wait(60)
    c = h.counters(uac.text())
    h.check(uac.rc == 0 and c.get("Successful call") == calls, f"SIPp's uac after the bad input: {c}")


def test(work):
    what = sys.argv[1]
    port = h.free_port()
    if what == "refused":
        p = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-t", "t1", "-i",
                           "127.0.0.1", "-nostdin", "-m", "1", "-cp", str(h.free_port())], work)
        rc = p.wait(10)
        h.check(rc == 255, f"connection refused: exit code {rc}, expected 255")
        h.check("Unable to connect a TCP socket" in p.errors(), p.errors())
        return
    transport = "u1" if what == "udp" else "t1"
    uas = h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", "uas", "-t", transport, "-p", str(port), "-i",
                         "127.0.0.1", "-nostdin", "-m", "11", "-threads", "2", "-cp", str(h.free_port()),
                         "-trace_err"], work)
    time.sleep(0.7)
    rng = random.Random(4475)
    if what == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        bad = [bytes(rng.randrange(256) for _ in range(300)),               # binary garbage
               b"INVITE sip:x SIP/2.0\r\nCall-ID: trunc\r\nCSeq: 1 INV",     # truncated headers
               invite("cl-too-large", 10, claimed=5000),                     # Content-Length > body
               b"\r\n\r\n",                                                  # keep-alive only
               b"NOT SIP AT ALL\r\n\r\n"]
        for b in bad:
            s.sendto(b, ("127.0.0.1", port))
        # A 65,000-byte datagram, well formed: a new (unexpected) call, not a crash.
        s.sendto(invite("big-one", 64500).replace(b"INVITE", b"OPTIONS", 1), ("127.0.0.1", port))
        expected_malformed = 4  # the keep-alive is not a message
        expected_failed = 1
    else:
        # Bogus framing: 70 KB with no end of headers. The connection is closed.
        c1 = socket.create_connection(("127.0.0.1", port))
        c1.sendall(b"X" * 70000)
        c1.settimeout(5)
        try:
            closed = c1.recv(10) == b""
        except ConnectionResetError:
            closed = True
        h.check(closed, "the connection with bogus framing must be closed")
        c1.close()
        # A reset in the middle of a call: that call fails (FailedTcpClosed).
        c2 = socket.create_connection(("127.0.0.1", port))
        c2.sendall(invite("reset-mid-call").replace(b"UDP", b"TCP"))
        time.sleep(0.3)
        c2.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c2.close()
        expected_malformed = 0
        expected_failed = 1
    time.sleep(0.5)
    run_sipp_calls(work, transport, port)
    rc = uas.wait(30)
    c = h.counters(uas.text())
    h.check(c.get("Successful call") == 10, f"our uas served SIPp's 10 calls: {c}")
    h.check(c.get("Failed call") == expected_failed, f"failed calls {c}")
    h.check(malformed_count(uas.text()) == expected_malformed,
            f"malformed messages counted: {malformed_count(uas.text())}, expected {expected_malformed}")
    h.check(rc == 1, f"exit code {rc} (a call failed)")
    log = os.path.join(work, f"uas_{uas.p.pid}_errors.log")
    h.check(os.path.exists(log), f"no error trace {log}: {os.listdir(work)}")
    with open(log) as f:
        lines = f.read().splitlines()
    h.check(lines[0] == "The following events occurred:", f"first line {lines[:1]}")
    stamp = re.compile(r"^\d{4}-\d\d-\d\d\t\d\d:\d\d:\d\d\.\d{6}\t\d+\.\d{6}: \S")
    h.check(all(stamp.match(l) for l in lines[1:]), "time-stamped lines:\n" + "\n".join(lines))
    malformed = [l for l in lines if "malformed" in l]
    h.check(len(malformed) == expected_malformed, f"{len(malformed)} malformed lines:\n" + "\n".join(lines))
    h.check(len(lines) - 1 >= expected_malformed + expected_failed, "\n".join(lines))
    h.check(f"see 'uas_{uas.p.pid}_errors.log' file" in uas.errors(), uas.errors())


if __name__ == "__main__":
    h.main(test)
