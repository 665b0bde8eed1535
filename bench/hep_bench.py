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

usage: bench/hep_bench.py GOSSIPPER [--rate 10000] [--calls 100000] [--reps 3]
                          [--transport udp|tcp]
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


def one_run(gossipper, hep, rate, calls, work, transport="udp"):
    uas_port = free_port()
    uas = subprocess.Popen([SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(uas_port), "-nostdin",
                            "-buff_size", "4194304"],
                           cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    summary = os.path.join(work, "summary.json")
    argv = [gossipper, "sipp", f"127.0.0.1:{uas_port}", "-sn", "uac", "-r", str(rate),
            "-m", str(calls), "-i", "127.0.0.1", "-p", str(free_port()), "-nostdin",
            "-buff_size", "4194304", "-threads", "1", "-summary_json", summary]
    stop = threading.Event()
    counted = [0]
    sock = None
    if hep:
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
    if uac.returncode != 0:
        raise RuntimeError(f"the UAC exited {uac.returncode}")
    with open(summary) as f:
        doc = json.load(f)
    return cpu / calls * 1e6, hep_ns / 1e9 / cpu, doc.get("hep", {}), counted[0]


def main():
    ap = argparse.ArgumentParser(description="CPU per call with -hep_addr on and off")
    ap.add_argument("gossipper")
    for flag, default in (("--rate", 10000), ("--calls", 100000), ("--reps", 3)):
        ap.add_argument(flag, type=int, default=default)
    ap.add_argument("--transport", choices=("udp", "tcp"), default="udp")
    args = ap.parse_args()
    gossipper = os.path.abspath(args.gossipper)
    work = "/tmp/gossipper-hep-bench-" + str(os.getpid())
    os.makedirs(work, exist_ok=True)
    off, on, share = [], [], []
    print(f"# load: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores); "
          f"{args.calls} calls at {args.rate} calls/s, {args.reps} repetitions interleaved")
    for _ in range(args.reps):
        us, _, _, _ = one_run(gossipper, False, args.rate, args.calls, work)
        off.append(us)
        us, s, hep, got = one_run(gossipper, True, args.rate, args.calls, work, args.transport)
        on.append(us)
        share.append(s)
        print(f"  off {off[-1]:.2f} us/call, on {us:.2f} us/call; exporter thread {s:.1%} of "
              f"the CPU; summary {hep}; {got} reads here")
    a, b = statistics.median(off), statistics.median(on)
    print(f"HEP off {a:.2f} us/call, HEP on {b:.2f} us/call: ratio {b / a:.3f} "
          f"(goal <= 1.10); exporter thread {statistics.median(share):.1%} of the process")


if __name__ == "__main__":
    main()
