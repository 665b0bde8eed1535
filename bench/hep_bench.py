#!/usr/bin/env python3
"""HEP mirroring's cost, on this machine in one run (`make bench-hep`).

CPU per call of a gossipper UAC (the built-in uac against SIPp's uas, a
fixed rate and call count, loopback, one worker thread) without HEP and with
-hep_addr to a UDP receiver in this script (a thread that reads and counts
the packets), repetitions interleaved. CPU is the process's own (user +
system, from wait4's rusage) divided by the calls; the figure is the ratio
"HEP on / HEP off", which the goal (at most 1.10 at 10,000 calls/s) reads.
The exporter thread's own share of the process's CPU (schedstat of the
thread named gossipper-hep) and the packets the summary counts dropped are
printed beside it. Machine noise is several %: read the ratio with it.

--transport udp-sink (root): on loopback the kernel charges the sender with
the receiver's side of every datagram too (the receive path, the receiver's
wake-up and the scheduling it causes), which a HEP receiver on another
machine takes on itself. This variant runs SIPp, gossipper and the HEP port
in a network namespace of their own where an iptables rule counts and drops
the HEP datagrams at INPUT, before any socket: the sender's cost of UDP HEP
without a local receiver's. The rule's counter must equal the packets the
summary says were sent.

--gso: both runs with -udp_gso (the SIP datagrams and, with HEP on, the HEP
ones leave in segmented sends, one per size and peer).

usage: bench/hep_bench.py GOSSIPPER [--rate 10000] [--calls 100000] [--reps 3]
                          [--transport udp|tcp|udp-sink] [--gso]
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import threading
import time

from api_bench import cpu_with_thread, free_port

SIPP = "sipp"


def receiver(sock, counted, stop):
    """Reads until stopped: datagrams counted, or a TCP stream's bytes."""
    if sock.type == socket.SOCK_STREAM:
        sock, _ = sock.accept()
    sock.settimeout(0.2)
    while not stop.is_set():
        try:
            if sock.recv(1 << 20):
                counted[0] += 1
        except socket.timeout:
            pass
        except OSError:
            return


class SinkNetns:
    """A network namespace (held by a sleep) with loopback up, where UDP to
    `port` is counted and dropped at INPUT."""

    def __init__(self, port):
        self.port = port
        self.holder = subprocess.Popen(["unshare", "-n", "sleep", "100000"])
        for _ in range(100):
            if os.readlink(f"/proc/{self.holder.pid}/ns/net") != os.readlink("/proc/self/ns/net"):
                break
            time.sleep(0.01)
        for argv in (["ip", "link", "set", "lo", "up"],
                     ["iptables", "-A", "INPUT", "-p", "udp", "--dport", str(port), "-j", "DROP"]):
            subprocess.run(self.prefix() + argv, check=True, capture_output=True)

    def prefix(self):
        # nsenter -n execs the command: the process keeps nsenter's PID
        return ["nsenter", "-t", str(self.holder.pid), "-n", "--"]

    def dropped(self):
        out = subprocess.run(self.prefix() + ["iptables", "-L", "INPUT", "-n", "-v", "-x"],
                             capture_output=True, text=True).stdout
        for line in out.splitlines():
            if "DROP" in line and f"dpt:{self.port}" in line:
                return int(line.split()[0])
        return -1

    def close(self):
        self.holder.kill()
        self.holder.wait()


def one_run(gossipper, hep, rate, calls, work, transport="udp", gso=False):
    uas_port = free_port()
    sink = SinkNetns(free_port()) if transport == "udp-sink" else None
    ns = sink.prefix() if sink else []
    uas = subprocess.Popen(ns + [SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(uas_port),
                                 "-nostdin", "-buff_size", "4194304"],
                           cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    summary = os.path.join(work, "summary.json")
    argv = ns + [gossipper, "sipp", f"127.0.0.1:{uas_port}", "-sn", "uac", "-r", str(rate),
                 "-m", str(calls), "-i", "127.0.0.1", "-p", str(free_port()), "-nostdin",
                 "-buff_size", "4194304", "-threads", "1", "-summary_json", summary]
    argv += ["-udp_gso"] if gso else []
    stop = threading.Event()
    counted = [0]
    sock = None
    if hep and sink:
        argv += ["-hep_addr", f"127.0.0.1:{sink.port}", "-hep_transport", "udp"]
    elif hep:
        tcp = transport == "tcp"
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM if tcp else socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        sock.bind(("127.0.0.1", 0))
        if tcp:
            sock.listen(1)
        argv += ["-hep_addr", f"127.0.0.1:{sock.getsockname()[1]}", "-hep_transport", transport]
        threading.Thread(target=receiver, args=(sock, counted, stop), daemon=True).start()
    uac = subprocess.Popen(argv, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu, hep_ns = cpu_with_thread(uac, "gossipper-hep")
    stop.set()
    uas.kill()
    uas.wait()
    if sock:
        sock.close()
    if sink:
        counted[0] = sink.dropped()
        sink.close()
    doc = {}
    if os.path.exists(summary):
        with open(summary) as f:
            doc = json.load(f)
    if uac.returncode != 0:
        why = {k: doc.get(k) for k in ("success_calls", "failed_calls", "failure_classes",
                                       "retransmits", "timeouts")}
        raise RuntimeError(f"the UAC exited {uac.returncode}: {why}")
    return cpu / calls * 1e6, hep_ns / 1e9 / cpu, doc.get("hep", {}), counted[0]


def main():
    ap = argparse.ArgumentParser(description="CPU per call with -hep_addr on and off")
    ap.add_argument("gossipper")
    for flag, default in (("--rate", 10000), ("--calls", 100000), ("--reps", 3)):
        ap.add_argument(flag, type=int, default=default)
    ap.add_argument("--transport", choices=("udp", "tcp", "udp-sink"), default="udp")
    ap.add_argument("--gso", action="store_true", help="both runs with -udp_gso")
    args = ap.parse_args()
    gossipper = os.path.abspath(args.gossipper)
    work = "/tmp/gossipper-hep-bench-" + str(os.getpid())
    os.makedirs(work, exist_ok=True)
    off, on, share = [], [], []
    print(f"# load: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores); "
          f"{args.calls} calls at {args.rate} calls/s, {args.reps} repetitions interleaved")
    for _ in range(args.reps):
        us, _, _, _ = one_run(gossipper, False, args.rate, args.calls, work, args.transport,
                              args.gso)
        off.append(us)
        us, s, hep, got = one_run(gossipper, True, args.rate, args.calls, work, args.transport,
                                  args.gso)
        on.append(us)
        share.append(s)
        print(f"  off {off[-1]:.2f} us/call, on {us:.2f} us/call; exporter thread {s:.1%} of "
              f"the CPU; summary {hep}; {got} {'dropped by the sink' if args.transport == 'udp-sink' else 'reads here'}")
    a, b = statistics.median(off), statistics.median(on)
    print(f"HEP off {a:.2f} us/call, HEP on {b:.2f} us/call: ratio {b / a:.3f} "
          f"(goal <= 1.10); exporter thread {statistics.median(share):.1%} of the process")


if __name__ == "__main__":
    main()
