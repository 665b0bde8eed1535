#!/usr/bin/env python3
"""The HTTP API's cost, on this machine in one run (`make bench-api`).

1. CPU per call of a gossipper UAC (the built-in uac against SIPp's uas, a
   fixed rate and call count, loopback) in three cases, repetitions
   interleaved: without the API; with -api_addr and no client; with 10
   /live WebSocket clients attached for the whole run (each gets a frame
   every 500 ms, the default, as the web panel does). CPU is the process's
   own (user + system, from wait4's rusage), divided by the calls made; the
   ratios against "no API" carry the machine's noise (several %), so the
   API thread's own CPU is read too (schedstat of the thread named
   gossipper-api): its share of the process's CPU is the API's cost, what
   the goal (at most 2 % more) reads. SIPp's own UAC, same rate and count,
   is run in the same repetitions for scale.
2. GET /api/v1/stats requests per second over keep-alive connections, from
   a client in this script (raw sockets, several threads): the figure is the
   lower of the server's rate and what this client can ask.

usage: bench/api_bench.py GOSSIPPER [--rate 1000] [--calls 20000] [--reps 3]
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

import asyncio

SIPP = "sipp"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_of(proc):
    """Waits for the process; its user + system CPU seconds."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def cpu_with_thread(proc, name):
    """Waits for `proc`: its user + system CPU seconds, and the CPU time
    (ns) its thread `name` had used when last seen (read every 200 ms, as
    the thread goes with the process)."""
    seen = [0]
    done = threading.Event()

    def watch():
        while not done.is_set():
            ns = api_thread_ns(proc.pid, name)
            if ns is not None:
                seen[0] = ns
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    cpu = cpu_of(proc)
    done.set()
    watcher.join()
    return cpu, seen[0]


def wait_listening(port, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the API never listened")


async def live_clients(port, n, stop):
    import websockets  # Debian's python3-websockets

    async def one():
        async with websockets.connect(f"ws://127.0.0.1:{port}/api/v1/live") as ws:
            while not stop.is_set():
                try:
                    await asyncio.wait_for(ws.recv(), 1)
                except asyncio.TimeoutError:
                    pass
                except Exception:
                    return

    await asyncio.gather(*[one() for _ in range(n)], return_exceptions=True)


def api_thread_ns(pid, name="gossipper-api"):
    """CPU time (ns) of the process's thread `name` (the API's) so far,
    from schedstat; None when there is none. bench/hep_bench.py reads its
    exporter's with it."""
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                if f.read().strip() != name:
                    continue
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                return int(f.read().split()[0])
    except OSError:
        pass
    return None


def one_run(gossipper, case, rate, calls, work):
    uas_port = free_port()
    uas = subprocess.Popen([SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(uas_port), "-nostdin",
                            "-buff_size", "4194304"],
                           cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    argv = [SIPP if case == "sipp" else gossipper] + ([] if case == "sipp" else ["sipp"])
    argv += [f"127.0.0.1:{uas_port}", "-sn", "uac", "-r", str(rate), "-m", str(calls),
             "-i", "127.0.0.1", "-p", str(free_port()), "-nostdin", "-buff_size", "4194304"]
    api_port = free_port()
    if case != "sipp":
        argv += ["-threads", "1"]  # as bench/runtime_bench.py: one worker, as SIPp has
    if case in ("api", "api+10ws"):
        argv += ["-api_addr", f"127.0.0.1:{api_port}"]
    uac = subprocess.Popen(argv, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop = threading.Event()
    clients = None
    if case == "api+10ws":
        wait_listening(api_port)
        clients = threading.Thread(target=lambda: asyncio.run(live_clients(api_port, 10, stop)))
        clients.start()
    cpu, api_ns = cpu_with_thread(uac, "gossipper-api")
    stop.set()
    if clients:
        clients.join(10)
    uas.kill()
    uas.wait()
    if uac.returncode != 0:
        raise RuntimeError(f"{case}: the UAC exited {uac.returncode}")
    return cpu / calls * 1e6, api_ns / 1e9 / cpu  # µs per call, the API thread's share


def stats_rate(gossipper, seconds, threads, work):
    uas_port = free_port()
    uas = subprocess.Popen([SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(uas_port), "-nostdin"],
                           cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api_port = free_port()
    uac = subprocess.Popen([gossipper, "sipp", f"127.0.0.1:{uas_port}", "-sn", "uac", "-r", "100",
                            "-i", "127.0.0.1", "-p", str(free_port()), "-nostdin",
                            "-api_addr", f"127.0.0.1:{api_port}"],
                           cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(api_port)
    time.sleep(1)
    request = b"GET /api/v1/stats HTTP/1.1\r\nHost: x\r\n\r\n"
    counts = [0] * threads
    end = time.time() + seconds

    def client(i):
        s = socket.create_connection(("127.0.0.1", api_port))
        buf = b""
        while time.time() < end:
            s.sendall(request)
            while True:
                head_end = buf.find(b"\r\n\r\n")
                if head_end >= 0:
                    head = buf[:head_end].decode()
                    length = int(head.lower().split("content-length:")[1].split("\r\n")[0])
                    if len(buf) >= head_end + 4 + length:
                        buf = buf[head_end + 4 + length:]
                        break
                buf += s.recv(65536)
            counts[i] += 1
        s.close()

    ts = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    uac.terminate()
    uac.wait()
    uas.kill()
    uas.wait()
    return sum(counts) / seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gossipper")
    ap.add_argument("--rate", type=int, default=1000)
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    args.gossipper = os.path.abspath(args.gossipper)
    work = "/tmp/gossipper-api-bench-" + str(os.getpid())
    os.makedirs(work, exist_ok=True)
    cases = ["sipp", "none", "api", "api+10ws"]
    results = {c: [] for c in cases}
    shares = {c: [] for c in cases}
    print(f"# load: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores); "
          f"{args.calls} calls at {args.rate} calls/s, {args.reps} repetitions interleaved")
    for rep in range(args.reps):
        for case in cases:
            us, share = one_run(args.gossipper, case, args.rate, args.calls, work)
            results[case].append(us)
            shares[case].append(share)
            print(f"rep {rep + 1} {case:9s} {us:7.2f} µs CPU per call, API thread "
                  f"{100 * share:.2f} %", flush=True)
    base = statistics.median(results["none"])
    print("\n| UAC | CPU per call (µs, median) | vs no API | vs SIPp |")
    print("|---|---|---|---|")
    sipp = statistics.median(results["sipp"])
    for case, label in (("sipp", "SIPp"), ("none", "Gossipper, no API"),
                        ("api", "Gossipper, -api_addr, no client"),
                        ("api+10ws", "Gossipper, -api_addr, 10 /live clients")):
        m = statistics.median(results[case])
        vs_base = "" if case == "sipp" else f"{m / base:.3f}"
        print(f"| {label} | {m:.2f} | {vs_base} | {m / sipp:.2f} |")
    print("\nThe API thread's own CPU, as a share of the whole process's (median): "
          f"idle {100 * statistics.median(shares['api']):.2f} %, "
          f"10 /live clients {100 * statistics.median(shares['api+10ws']):.2f} %")
    rate = stats_rate(args.gossipper, 5, 2, work)
    print(f"\nGET /api/v1/stats: {rate:,.0f} requests/s (2 keep-alive clients, 5 s)")


if __name__ == "__main__":
    sys.exit(main())
