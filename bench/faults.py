#!/usr/bin/env python3
"""Fault bench: a uac against SIPp's uas on loopback while something goes
wrong between or at them, SIPp's uac and ours in the same run. For each
fault it prints what each uac created, how its calls ended, its exit code,
and whether its files are whole (the summary is JSON; the stat CSV's rows
have every cell; each -trace_msg record is complete). The interop test
tests/interop/faults_test.py runs the same faults against ours and checks
that every call is accounted for (successful + failed + still open =
created) and every file is whole; this script only reports.

  relay        a UDP relay of ours between them that drops, duplicates,
               reorders and delays datagrams by a seeded schedule
  restart_udp  the uas killed after 1 s and started again 1 s later
  restart_tcp  the same over TCP (t1): the connection is reset
  stalled_tcp  a TCP peer that accepts and never reads (back-pressure)
  reset_tcp    a TCP relay that resets both connections in the middle of a
               message
  disk_full    -trace_msg and -trace_stat to a file the disk refuses
               (/dev/full) and to a file that stops growing

usage: bench/faults.py GOSSIPPER [--only relay,restart_udp,...]
"""

import argparse
import csv
import json
import os
import random
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runtime_bench import free_port  # noqa: E402

SIPP = os.environ.get("SIPP", "sipp")
CALLS = 300
RATE = 100


class UdpRelay(threading.Thread):
    """One UDP port between a client and `upstream`: each datagram is
    dropped, duplicated, held back behind the next one or delayed by
    `schedule`'s shares, decided by a seeded generator."""

    def __init__(self, upstream, schedule, seed=7):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.upstream = upstream
        self.schedule = schedule
        self.rng = random.Random(seed)
        self.client = None
        self.held = None
        self.done = False
        self.counts = {"forwarded": 0, "dropped": 0, "duplicated": 0, "reordered": 0,
                       "delayed": 0}

    def run(self):
        while not self.done:
            ready, _, _ = select.select([self.sock], [], [], 0.1)
            if not ready:
                continue
            data, addr = self.sock.recvfrom(65536)
            if addr != self.upstream:
                self.client = addr
                to = self.upstream
            else:
                to = self.client
            if to is not None:
                self.forward(data, to)

    def forward(self, data, to):
        r = self.rng.random()
        s = self.schedule
        if r < s["drop"]:
            self.counts["dropped"] += 1
            return
        r -= s["drop"]
        if r < s["duplicate"]:
            self.counts["duplicated"] += 1
            self.sock.sendto(data, to)
        elif r - s["duplicate"] < s["reorder"] and self.held is None:
            self.counts["reordered"] += 1
            self.held = (data, to)  # leaves after the next datagram
            return
        elif r - s["duplicate"] - s["reorder"] < s["delay"]:
            self.counts["delayed"] += 1
            threading.Timer(s["delay_s"], self.sock.sendto, (data, to)).start()
            return
        self.sock.sendto(data, to)
        self.counts["forwarded"] += 1
        if self.held is not None:
            held, self.held = self.held, None
            self.sock.sendto(*held)

    def stop(self):
        self.done = True
        self.join(2)
        self.sock.close()


class Listener(threading.Thread):
    """A TCP listener on a loopback port of its own that hands each
    connection to on_accept() until stopped."""

    def __init__(self, *sockopts):
        super().__init__(daemon=True)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        for level, name, value in sockopts:
            self.listener.setsockopt(level, name, value)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.done = False

    def run(self):
        while not self.done:
            ready, _, _ = select.select([self.listener], [], [], 0.1)
            if ready:
                self.on_accept(self.listener.accept()[0])

    def on_accept(self, conn):
        raise NotImplementedError

    def stop(self):
        self.done = True
        self.join(2)
        self.listener.close()


class TcpRelay(Listener):
    """Accepts one client connection and relays it to `upstream`; after
    `reset_after` bytes from the client it resets both connections (SO_LINGER
    0), in the middle of whatever message those bytes end in."""

    def __init__(self, upstream, reset_after):
        super().__init__((socket.SOL_SOCKET, socket.SO_REUSEADDR, 1))
        self.upstream = upstream
        self.reset_after = reset_after
        self.resets = 0

    def on_accept(self, client):
        up = socket.create_connection(self.upstream)
        seen = 0
        pair = {client: up, up: client}
        while not self.done:
            ready, _, _ = select.select(list(pair), [], [], 0.1)
            for s in ready:
                data = s.recv(65536)
                if not data:
                    client.close()
                    up.close()
                    return
                if s is client and seen < self.reset_after <= seen + len(data):
                    pair[s].sendall(data[:self.reset_after - seen])
                    for c in (client, up):
                        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        c.close()
                    self.resets += 1
                    return
                seen += len(data) if s is client else 0
                pair[s].sendall(data)


class SilentTcpPeer(Listener):
    """Accepts connections and never reads from them: the sender's kernel
    buffers fill, then its own queue."""

    def __init__(self):
        super().__init__((socket.SOL_SOCKET, socket.SO_RCVBUF, 4096))
        self.accepted = []

    def on_accept(self, conn):
        self.accepted.append(conn)

    def stop(self):
        super().stop()
        for c in self.accepted:
            c.close()


def start_uas(work, port, transport, name="uas"):
    out = open(os.path.join(work, name + ".out"), "a")
    return subprocess.Popen([SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(port), "-t",
                             transport, "-nostdin", "-cp", str(free_port())],
                            cwd=work, stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)


def uac_argv(tool, target, transport, extra):
    head = [tool] if tool == SIPP else [tool, "sipp"]
    return head + ["-sn", "uac", f"127.0.0.1:{target}", "-i", "127.0.0.1", "-p",
                   str(free_port()), "-t", transport, "-nostdin", "-m", str(CALLS), "-r",
                   str(RATE), "-cp", str(free_port()), "-recv_timeout", "3000",
                   "-trace_stat", "-fd", "1", "-stf", "stat.csv"] + extra


def run_uac(work, argv, timeout=90, meanwhile=None):
    """The uac to its end (SIGTERM at `timeout`); its exit code and output.
    `meanwhile` runs once the uac has started."""
    with open(os.path.join(work, "uac.out"), "w") as out:
        p = subprocess.Popen(argv, cwd=work, stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL)
        if meanwhile is not None:
            meanwhile()
        try:
            rc = p.wait(timeout)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGTERM)
            rc = p.wait(30)
    with open(os.path.join(work, "uac.out"), errors="replace") as f:
        return rc, f.read()


def stat_rows(path):
    """The stat CSV's rows; an error when one lacks a cell."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    head = rows[0]
    for r in rows[1:]:
        if len(r) != len(head) or not r[len(head) - 2]:
            raise ValueError(f"a stat row cut short: {r[:3]}")
    return [dict(zip(head, r)) for r in rows[1:]]


def trace_records_whole(path):
    """Every -trace_msg record of the file announces the bytes it holds."""
    if not os.path.exists(path):
        return True
    with open(path, "rb") as f:
        log = f.read()
    for r in log.split(b"----------------------------------------------- ")[1:]:
        m = re.match(rb"[^\n]*\n\w+ message (?:sent \((\d+) bytes\)|received \[(\d+)\] bytes ):\n\n", r)
        if m is None or len(r) - m.end() != int(m.group(1) or m.group(2)) + 1:
            return False
    return True


def outcome(work, rc, text, ours):
    """What a uac's run left: its counts and whether its files are whole."""
    result = {"rc": rc, "files_whole": True, "problems": []}
    rows = []
    try:
        rows = stat_rows(os.path.join(work, "stat.csv"))
    except (OSError, ValueError, IndexError) as e:
        result["files_whole"] = False
        result["problems"].append(f"stat CSV: {e}")
    last = rows[-1] if rows else {}
    def cell(name):
        return int(last.get(name, "0") or 0)
    result.update(created=cell("TotalCallCreated"), successful=cell("SuccessfulCall(C)"),
                  failed=cell("FailedCall(C)"), open=cell("CurrentCall"))
    if ours:
        try:
            with open(os.path.join(work, "summary.json")) as f:
                summary = json.load(f)
            result["summary"] = summary
        except (OSError, ValueError) as e:
            result["files_whole"] = False
            result["problems"].append(f"summary: {e}")
        traces = [n for n in os.listdir(work) if n.endswith("_messages.log")]
        if not all(trace_records_whole(os.path.join(work, n)) for n in traces):
            result["files_whole"] = False
            result["problems"].append("a -trace_msg record cut short")
        for n in os.listdir(work):
            if n.endswith("_shortmessages.log"):
                with open(os.path.join(work, n), errors="replace") as f:
                    short = f.read()
                result["short_lines"] = short.count("\n")
                if short and (not short.endswith("\n") or any(
                        len(line.split("\t")) != 7 for line in short.splitlines())):
                    result["files_whole"] = False
                    result["problems"].append("a -trace_shortmsg line cut short")
    result["output"] = text
    return result


def behind(work, tool, ours, transport, make_relay, timeout=90):
    """The uac through `make_relay(uas address)` to SIPp's uas: the outcome
    and the relay."""
    uas_port = free_port()
    uas = start_uas(work, uas_port, transport)
    relay = make_relay(("127.0.0.1", uas_port))
    relay.start()
    time.sleep(0.5)
    try:
        rc, text = run_uac(work, uac_argv(tool, relay.port, transport, extra(ours)), timeout)
    finally:
        relay.stop()
        uas.kill()
        uas.wait()
    return outcome(work, rc, text, ours), relay


def fault_relay(work, tool, ours):
    schedule = {"drop": 0.05, "duplicate": 0.05, "reorder": 0.05, "delay": 0.05, "delay_s": 0.02}
    r, relay = behind(work, tool, ours, "u1", lambda up: UdpRelay(up, schedule))
    r["relay"] = relay.counts
    return r


def fault_reset_tcp(work, tool, ours):
    r, relay = behind(work, tool, ours, "t1", lambda up: TcpRelay(up, reset_after=20000 + 37), 40)
    r["resets"] = relay.resets
    return r


def fault_restart(work, tool, ours, transport):
    uas_port = free_port()
    peers = [start_uas(work, uas_port, transport)]
    time.sleep(0.5)

    def kill_and_restart():
        time.sleep(1)
        peers[0].kill()
        peers[0].wait()
        time.sleep(1)
        peers[0] = start_uas(work, uas_port, transport, "uas2")

    try:
        rc, text = run_uac(work, uac_argv(tool, uas_port, transport, extra(ours)), 60,
                           kill_and_restart)
    finally:
        peers[0].kill()
        peers[0].wait()
    return outcome(work, rc, text, ours)


def fault_stalled_tcp(work, tool, ours):
    peer = SilentTcpPeer()
    peer.start()
    try:
        rc, text = run_uac(work, uac_argv(tool, peer.port, "t1", extra(ours)), timeout=40)
    finally:
        peer.stop()
    return outcome(work, rc, text, ours)


def fault_disk_full(work, tool, ours):
    uas_port = free_port()
    uas = start_uas(work, uas_port, "u1")
    time.sleep(0.5)
    # The message trace refused from the start; the short trace stops at
    # 150 KB (RLIMIT_FSIZE, SIGXFSZ ignored by the shell before the exec).
    argv = uac_argv(tool, uas_port, "u1", extra(ours) + [
        "-trace_msg", "-message_file", "/dev/full", "-trace_shortmsg"])
    limited = ["bash", "-c", 'trap "" XFSZ; ulimit -f 150; exec "$@"', "bash"] + argv
    try:
        rc, text = run_uac(work, limited)
    finally:
        uas.kill()
        uas.wait()
    return outcome(work, rc, text, ours)


def extra(ours):
    return ["-summary_json", "summary.json", "-trace_msg"] if ours else []


FAULTS = {
    "relay": fault_relay,
    "restart_udp": lambda w, t, o: fault_restart(w, t, o, "u1"),
    "restart_tcp": lambda w, t, o: fault_restart(w, t, o, "t1"),
    "stalled_tcp": fault_stalled_tcp,
    "reset_tcp": fault_reset_tcp,
    "disk_full": fault_disk_full,
}


def run_fault(name, tool, ours):
    work = tempfile.mkdtemp(prefix=f"gossipper-fault-{name}-")
    return FAULTS[name](work, tool, ours)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gossipper")
    ap.add_argument("--only", default=",".join(FAULTS))
    a = ap.parse_args()
    a.gossipper = os.path.abspath(a.gossipper)
    print("| fault | tool | exit | created | successful | failed | open at end | files whole |")
    print("|---|---|---|---|---|---|---|---|")
    for name in a.only.split(","):
        for label, tool, ours in (("SIPp", SIPP, False), ("Gossipper", a.gossipper, True)):
            r = run_fault(name, tool, ours)
            print(f"| {name} | {label} | {r['rc']} | {r['created']} | {r['successful']} | "
                  f"{r['failed']} | {r['open']} | {'yes' if r['files_whole'] else 'no'} |",
                  flush=True)


if __name__ == "__main__":
    main()
