"""<setdest> and <closecon>, with the real SIPp as the reference:

  setdest_u1, setdest_tn  uac_setdest.xml sends each call's first OPTIONS to
                          one SIPp UAS and, after <setdest>, the second to
                          another: both SIPps count every call successful,
                          as when SIPp itself runs the client
  closecon                uac_closecon.xml over -t tn against a TCP peer
                          written here that records the connection of every
                          request: the second OPTIONS of each call arrives on
                          a new connection after the first was closed, for
                          SIPp and for us alike

usage: setdest_test.py setdest_u1|setdest_tn|closecon"""

import os
import re
import socket
import sys
import threading
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "scenarios")
CALLS = 10


def setdest(work, transport):
    for tool in ([h.SIPP], [h.GOSSIPPER, "sipp"]):
        first, second = h.free_port(), h.free_port()
        servers = [h.Proc(f"uas{i}-{os.path.basename(tool[0])}",
                          [h.SIPP, "-sf", os.path.join(SCENARIOS, "uas_options.xml"), "-p", str(port),
                           "-i", "127.0.0.1", "-t", transport, "-m", str(CALLS), "-nostdin",
                           "-max_socket", "1000"], work)
                   for i, port in enumerate((first, second))]
        time.sleep(0.7)
        client = h.Proc("uac-" + os.path.basename(tool[0]),
                        tool + ["-sf", os.path.join(SCENARIOS, "uac_setdest.xml"), f"127.0.0.1:{first}",
                                "-t", transport, "-i", "127.0.0.1", "-p", str(h.free_port()), "-m",
                                str(CALLS), "-r", "20", "-set", "second_port", str(second),
                                "-nostdin", "-max_socket", "1000", "-cp", str(h.free_port())], work)
        client.wait(60)
        for s in servers:
            s.wait(30)
        a = h.counters(client.text())
        h.check(client.rc == 0 and a.get("Successful call") == CALLS, f"{client.name}: rc {client.rc} {a}")
        for s in servers:
            b = h.counters(s.text())
            h.check(b.get("Successful call") == CALLS and b.get("Failed call", 0) == 0,
                    f"{s.name} behind {client.name}: {b}")


class RecordingPeer:
    """A TCP SIP peer that answers 200 to every request and records, per
    Call-ID, the connection each CSeq came on and when connections closed."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.lock = threading.Lock()
        self.requests = {}  # call-id -> [(cseq, conn, time)]
        self.closed = {}    # conn -> time
        self.conns = 0
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.conns += 1
                n = self.conns
            threading.Thread(target=self.serve, args=(c, n), daemon=True).start()

    def serve(self, c, n):
        buf = b""
        while True:
            data = c.recv(65536)
            if not data:
                with self.lock:
                    self.closed[n] = time.monotonic()
                c.close()
                return
            buf += data
            while b"\r\n\r\n" in buf:
                head, rest = buf.split(b"\r\n\r\n", 1)
                m = re.search(rb"(?im)^(?:content-length|l):\s*(\d+)", head)
                length = int(m.group(1)) if m else 0
                if len(rest) < length:
                    break
                buf = rest[length:]
                self.answer(c, n, head.decode(errors="replace"))

    def answer(self, c, n, head):
        lines = head.split("\r\n")
        if lines[0].startswith("SIP/2.0"):
            return
        fields = {}
        keep = []
        for line in lines[1:]:
            name = line.split(":", 1)[0].strip().lower()
            if name in ("via", "from", "to", "call-id", "cseq"):
                keep.append(line + (";tag=peer" if name == "to" else ""))
                fields[name] = line.split(":", 1)[1].strip()
        with self.lock:
            self.requests.setdefault(fields.get("call-id"), []).append(
                (fields.get("cseq"), n, time.monotonic()))
        c.sendall(("SIP/2.0 200 OK\r\n" + "\r\n".join(keep) + "\r\nContent-Length: 0\r\n\r\n").encode())


def closecon(work):
    for tool in ([h.SIPP], [h.GOSSIPPER, "sipp"]):
        peer = RecordingPeer()
        client = h.Proc("uac-" + os.path.basename(tool[0]),
                        tool + ["-sf", os.path.join(SCENARIOS, "uac_closecon.xml"),
                                f"127.0.0.1:{peer.port}", "-t", "tn", "-i", "127.0.0.1", "-p",
                                str(h.free_port()), "-m", str(CALLS), "-r", "20", "-nostdin",
                                "-max_socket", "1000", "-cp", str(h.free_port())], work)
        client.wait(60)
        a = h.counters(client.text())
        h.check(client.rc == 0 and a.get("Successful call") == CALLS, f"{client.name}: rc {client.rc} {a}")
        time.sleep(0.5)
        with peer.lock:
            h.check(len(peer.requests) == CALLS, f"{client.name}: calls seen {len(peer.requests)}")
            for call, reqs in peer.requests.items():
                h.check([r[0] for r in reqs] == ["1 OPTIONS", "2 OPTIONS"], f"{call}: {reqs}")
                (_, c1, _), (_, c2, t2) = reqs
                h.check(c1 != c2, f"{client.name} {call}: both OPTIONS on connection {c1}")
                h.check(c1 in peer.closed and peer.closed[c1] <= t2,
                        f"{client.name} {call}: connection {c1} not closed before the second OPTIONS")
        peer.sock.close()


def test(work):
    what = sys.argv[1]
    if what.startswith("setdest_"):
        setdest(work, what.split("_", 1)[1])
    elif what == "closecon":
        closecon(work)
    else:
        raise AssertionError("unknown mode " + what)


if __name__ == "__main__":
    h.main(test)
