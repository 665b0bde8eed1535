#!/usr/bin/env python3
"""Runtime benchmark: SIPp against SIPp, then Gossipper against Gossipper, with
the same built-in scenarios, flags and -buff_size, on this machine in one run.

Prints markdown tables with the ratios Gossipper/SIPp of:
  cpu   CPU seconds per 10,000 calls on each side (u1 and t1, 2,000 calls/s)
  rate  the highest call rate with no failed call and no retransmission
        (u1 and t1), found on a ladder of rates
  open  RSS per open call with 100,000 open calls on each side
  conn  new connections per second: the highest clean call rate with a
        connection per call, SIPp tn against Gossipper tn, and Gossipper ln
        (TLS; Debian's SIPp is built without TLS, so its tn is the baseline)

Loopback only; every process is stopped by PID. Tests never time anything:
this is a benchmark, run by hand (`make bench-runtime`).

With --baseline OTHER_GOSSIPPER the cpu and open measures also run another
build (say, the one before a change), in the same run, so that a change's
cost is read against the same machine and the same SIPp figures.

  overload  each tool asked twice its highest clean rate (--clean): what it
        offered, the successful calls per second, failures and
        retransmissions; ours with -overload_control on and off

usage: bench/runtime_bench.py GOSSIPPER [--only cpu,rate,open,conn,overload] [--quick]
                              [--open-calls N] [--baseline OTHER_GOSSIPPER]
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

SIPP = "sipp"
BUFF = ["-buff_size", "4194304"]


def free_port():
    for _ in range(200):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("127.0.0.1", 0))
        port = u.getsockname()[1]
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            t.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            u.close()
            t.close()
    raise RuntimeError("no free port")


def rss_kib(pid):
    """A process's resident memory in KiB, from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Run:
    """A process whose CPU time and peak RSS are read from wait4()."""

    def __init__(self, argv, out_path):
        self.out = open(out_path, "w+")
        self.p = subprocess.Popen(argv, stdout=self.out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, cwd=os.path.dirname(out_path))
        self.started = time.monotonic()
        self.cpu = None
        self.user = None
        self.system = None
        self.maxrss_kb = None
        self.wall = None

    def wait(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            pid, status, ru = os.wait4(self.p.pid, os.WNOHANG)
            if pid != 0:
                self.p.returncode = os.waitstatus_to_exitcode(status)
                self.user, self.system = ru.ru_utime, ru.ru_stime
                self.cpu = ru.ru_utime + ru.ru_stime
                self.maxrss_kb = ru.ru_maxrss
                self.wall = time.monotonic() - self.started
                return self.p.returncode
            if time.monotonic() > deadline:
                self.p.kill()
                timeout = 5
                deadline = time.monotonic() + 5
            time.sleep(0.02)

    def rss_kb(self):
        return rss_kib(self.p.pid)

    def text(self):
        self.out.flush()
        self.out.seek(0)
        return self.out.read()


def counter(text, name):
    m = re.findall(r"^\s*" + re.escape(name) + r"\s*\|[^|]*\|\s*(\d+)", text, re.M)
    return int(m[-1]) if m else None


def retransmissions(text):
    """Sum of the Retrans column of the last scenario screen."""
    screen = text.rsplit("Scenario Screen", 1)[-1]
    total = 0
    for line in screen.splitlines():
        if "---------->" not in line and "<----------" not in line:
            continue
        numbers = [int(t) for t in line.split() if t.isdigit()]
        # Messages, Retrans, ... (a status code in the label comes first)
        label_is_code = re.match(r"\s*(\d{3})\s+<-+|\s*<-+\s+\d{3}|\s*-+>\s+\d{3}|\s*\d{3}\s+-+>", line)
        if label_is_code:
            numbers = numbers[1:]
        if len(numbers) >= 2:
            total += numbers[1]
    return total


BASELINE = None  # --baseline: another gossipper, measured as the tool "base"


def tool_argv(tool, gossipper, threads=1):
    """`threads`: our -threads (None: the default)."""
    if tool == "sipp":
        return [SIPP]
    argv = [BASELINE if tool == "base" else gossipper, "sipp"]
    return argv + (["-threads", str(threads)] if threads is not None else [])


def tools():
    return ("sipp", "ours") + (("base",) if BASELINE else ())


def pair(tool, gossipper, transport, rate, calls, extra, work, uas_extra=(), uac_extra=(),
         threads=1):
    server, client = free_port(), free_port()
    common = ["-t", transport, "-i", "127.0.0.1", "-nostdin", "-max_socket", "10000"] + BUFF + list(extra)
    uas = Run(tool_argv(tool, gossipper, threads) + ["-sn", "uas", "-p", str(server), "-cp", str(free_port()),
                                            "-m", str(calls)] + common + list(uas_extra),
              os.path.join(work, f"{tool}.uas.out"))
    time.sleep(0.7)
    uac = Run(tool_argv(tool, gossipper, threads) + ["-sn", "uac", f"127.0.0.1:{server}", "-p", str(client),
                                            "-cp", str(free_port()), "-r", str(rate), "-m", str(calls)]
              + common + list(uac_extra), os.path.join(work, f"{tool}.uac.out"))
    return uas, uac


def measure_cpu(gossipper, work, transport, rate, calls, repeat):
    """Medians over `repeat` runs, SIPp and Gossipper alternating, so that a
    busy moment of the machine does not decide the ratio."""
    runs = {}
    for _ in range(repeat):
        for tool in tools():
            uas, uac = pair(tool, gossipper, transport, rate, calls, [], work)
            uac.wait(calls / rate + 90)
            uas.wait(60)
            for side, run in (("uac", uac), ("uas", uas)):
                text = run.text()
                runs.setdefault((tool, side), []).append({
                    "ok": counter(text, "Successful call"), "failed": counter(text, "Failed call"),
                    "cpu": run.cpu, "rss": run.maxrss_kb})
            time.sleep(1)
    rows = {}
    for key, samples in runs.items():
        cpus = sorted(r["cpu"] for r in samples)
        median = cpus[len(cpus) // 2]
        rows[key] = {"ok": min(r["ok"] or 0 for r in samples),
                     "failed": max(r["failed"] or 0 for r in samples),
                     "cpu": median, "per10k": median * 10000 / calls,
                     "rss": max(r["rss"] for r in samples)}
    return rows


def clean_at(tool, gossipper, work, transport, rate, seconds, extra=(), judge_uas=True):
    calls = int(rate * seconds)
    uas, uac = pair(tool, gossipper, transport, rate, calls, extra, work)
    uac.wait(seconds * 4 + 30)
    if uas.wait(20) is None:
        pass
    a, b = uac.text(), uas.text()
    # The rate is held when the uac's own cumulative call rate (calls created
    # over the run's length) is within 5% of the target.
    held = re.findall(r"^\s*Call Rate\s*\|[^|]*\|\s*([\d.]+) cps", a, re.M)
    ok = (counter(a, "Successful call") == calls and counter(a, "Failed call") == 0
          and (counter(b, "Failed call") == 0 or not judge_uas) and retransmissions(a) == 0
          and retransmissions(b) == 0 and held and float(held[-1]) >= 0.95 * rate)
    return ok


def climb(tool, gossipper, work, transport, ladder, seconds, extra=(), judge_uas=True):
    best = 0
    for rate in ladder:
        if transport in ("tn", "ln"):
            wait_time_wait(limit=8000)
        if not clean_at(tool, gossipper, work, transport, rate, seconds, extra, judge_uas):
            break
        best = rate
        time.sleep(0.5)
    time.sleep(1)
    return best


def measure_rate(gossipper, work, transport, ladder, seconds):
    return {tool: climb(tool, gossipper, work, transport, ladder, seconds)
            for tool in ("sipp", "ours")}


def wait_time_wait(limit=2000, seconds=75):
    """Connections per call leave their ports in TIME_WAIT for 60 s; a tool
    measured after another must not find the port range used up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        out = subprocess.run(["ss", "-tan", "state", "time-wait"], capture_output=True,
                             text=True).stdout
        if out.count("\n") < limit:
            return
        time.sleep(2)


def make_certificate(work):
    key, cert = os.path.join(work, "bench.key"), os.path.join(work, "bench.pem")
    # ECDSA P-256: cheaper handshakes than RSA's for the same security.
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    return ["-tls_cert", cert, "-tls_key", key]


def measure_open(gossipper, work, open_calls, rate):
    """Both sides hold every call: the uac pauses 10 minutes (-d)."""
    result = {}
    for tool in tools():
        uas, uac = pair(tool, gossipper, "u1", rate, open_calls, [], work,
                        uac_extra=["-d", "600000", "-l", str(open_calls * 2)])
        time.sleep(1.0)
        base = {"uas": uas.rss_kb(), "uac": uac.rss_kb()}
        time.sleep(open_calls / rate + 3)
        full = {"uas": uas.rss_kb(), "uac": uac.rss_kb()}
        # SIGUSR2: both tools write their screens to <scenario>_<pid>_screen.log.
        uac.p.send_signal(signal.SIGUSR2)
        time.sleep(1.0)
        screen = os.path.join(work, f"uac_{uac.p.pid}_screen.log")
        current = None
        if os.path.exists(screen):
            with open(screen) as f:
                m = re.findall(r"Current Calls\s*\|\s*(\d+)", f.read())
                current = int(m[-1]) if m else None
        for run in (uac, uas):
            run.p.send_signal(signal.SIGKILL)
            run.wait(10)
        result[tool] = {side: (full[side] - base[side]) * 1024.0 / open_calls for side in base}
        result[tool]["open"] = current
        time.sleep(1)
    return result


def overload_run(tool, gossipper, work, transport, rate, seconds, uac_extra=()):
    """The uac asks `rate` for `seconds` (-timeout), then both stop: what it
    offered, what succeeded, what failed and how much was retransmitted."""
    uas, uac = pair(tool, gossipper, transport, rate, int(rate * seconds * 2), [], work,
                    uac_extra=["-timeout", f"{seconds}s"] + list(uac_extra))
    uac.wait(seconds + 60)
    uas.p.send_signal(signal.SIGUSR2)
    time.sleep(0.5)
    uas.p.kill()
    uas.wait(10)
    a = uac.text()
    total = re.findall(r"^\s*Outgoing calls created\s*\|[^|]*\|\s*(\d+)", a, re.M)
    ok = counter(a, "Successful call") or 0
    return {"asked": rate, "offered": int(total[-1]) / seconds if total else 0,
            "goodput": ok / seconds, "failed": counter(a, "Failed call") or 0,
            "retrans": retransmissions(a) + retransmissions(uas.text())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gossipper")
    ap.add_argument("--only", default="cpu,rate,open,conn,overload")
    ap.add_argument("--quick", action="store_true", help="smaller runs, to try the script")
    ap.add_argument("--transports", default="u1,t1", help="for the rate ladder")
    ap.add_argument("--repeat", type=int, default=3, help="CPU runs per tool (median)")
    ap.add_argument("--baseline", help="another gossipper for the cpu and open measures")
    ap.add_argument("--overload-transport", default="u1", help="overload: u1 or t1")
    ap.add_argument("--tls-versions", help="conn: a ladder of our ln per -tls_version in "
                    "this list (for example 1.3,1.2); unset: one, the default (1.3)")
    ap.add_argument("--open-calls", type=int,
                    help="open: calls held open (100,000; 10,000 with --quick)")
    ap.add_argument("--clean", default="sipp=12000,ours=30000",
                    help="overload: each tool's highest clean rate (from a rate run); "
                         "each is asked twice its own")
    args = ap.parse_args()
    global BASELINE
    BASELINE = os.path.realpath(args.baseline) if args.baseline else None
    gossipper = os.path.realpath(args.gossipper)
    only = set(args.only.split(","))
    quick = args.quick
    work = tempfile.mkdtemp(prefix="gossipper-bench-")
    print(f"# runtime benchmark ({time.strftime('%Y-%m-%d')}), outputs in {work}\n")

    if "cpu" in only:
        calls = 4000 if quick else 20000
        for transport in ("u1", "t1"):
            rows = measure_cpu(gossipper, work, transport, 2000, calls, args.repeat)
            print(f"CPU per call: {transport}, {calls} calls at 2,000 calls/s, -buff_size 4194304, "
                  f"gossipper -threads 1; median of {args.repeat} runs\n")
            print("| side | SIPp CPU s / 10k calls | Gossipper CPU s / 10k calls | ratio | "
                  "SIPp peak RSS | Gossipper peak RSS | all successful |")
            print("|---|---|---|---|---|---|---|")
            for side in ("uac", "uas"):
                s, o = rows[("sipp", side)], rows[("ours", side)]
                good = s["ok"] == calls and o["ok"] == calls and s["failed"] == 0 and o["failed"] == 0
                print(f"| {side} | {s['per10k']:.3f} | {o['per10k']:.3f} | {o['cpu'] / s['cpu']:.2f} | "
                      f"{s['rss'] / 1024:.1f} MB | {o['rss'] / 1024:.1f} MB | {'yes' if good else 'NO'} |")
            if BASELINE:
                print("\n| side | baseline CPU s / 10k calls | ratio to SIPp | this build / baseline |")
                print("|---|---|---|---|")
                for side in ("uac", "uas"):
                    s, o, b = rows[("sipp", side)], rows[("ours", side)], rows[("base", side)]
                    print(f"| {side} | {b['per10k']:.3f} | {b['cpu'] / s['cpu']:.2f} | "
                          f"{o['cpu'] / b['cpu']:.2f} |")
            print()
            sys.stdout.flush()

    if "rate" in only:
        ladder = [2000, 4000] if quick else [2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000,
                                             18000, 20000, 22000, 24000, 26000, 28000, 30000,
                                             32000, 36000, 40000, 48000, 56000, 64000]
        seconds = 2 if quick else 4
        print(f"Highest clean call rate (no failed call, no retransmission, the uac's "
              f"cumulative call rate within 5% of the target; "
              f"{seconds} s per step, -buff_size 4194304)\n")
        print("| transport | SIPp | Gossipper | ratio |")
        print("|---|---|---|---|")
        for transport in args.transports.split(","):
            best = measure_rate(gossipper, work, transport, ladder, seconds)
            ratio = best["ours"] / best["sipp"] if best["sipp"] else 0
            top = " (top of the ladder)" if best["ours"] == ladder[-1] else ""
            print(f"| {transport} | {best['sipp']} | {best['ours']}{top} | {ratio:.2f} |")
            sys.stdout.flush()
        print()

    if "conn" in only:
        ladder = [100, 200] if quick else [100, 200, 400, 600, 800, 1000, 1200, 1600, 2000,
                                           2400, 3000]
        seconds = 2 if quick else 4
        cert = make_certificate(work)
        versions = args.tls_versions.split(",") if args.tls_versions else [""]
        runs = [("sipp tn", "sipp", "tn", ()), ("ours tn", "ours", "tn", ())]
        for v in versions:
            runs.append((f"ours ln {v or 'default'}", "ours", "ln",
                         cert + (["-tls_version", v] if v else [])))
        # Judged on the uac: SIPp's uas counts a call failed (FailedTcpClosed)
        # when SIPp's uac closes the call's connection before the uas enters
        # <timewait>, a race of SIPp against itself (docs/runtime.md).
        best = {}
        for name, tool, transport, extra in runs:
            wait_time_wait()
            best[name] = climb(tool, gossipper, work, transport, ladder, seconds, extra, False)
        print(f"New connections per second: the highest clean call rate of the uac with a "
              f"connection per call ({seconds} s per step; every call one new TCP or TLS "
              f"connection)\n")
        print("| SIPp tn | Gossipper tn | ratio tn |"
              + "".join(f" Gossipper ln, TLS {v or 'default'} | ratio to SIPp tn |" for v in versions))
        print("|---|---|---|" + "---|---|" * len(versions))
        base = best["sipp tn"] or 1
        row = f"| {best['sipp tn']} | {best['ours tn']} | {best['ours tn'] / base:.2f} |"
        for v in versions:
            got = best[f"ours ln {v or 'default'}"]
            row += f" {got} | {got / base:.2f} |"
        print(row + "\n")
        sys.stdout.flush()

    if "overload" in only:
        clean = dict((k, int(v)) for k, v in (p.split("=") for p in args.clean.split(",")))
        seconds = 4 if quick else 10
        transport = args.overload_transport
        print(f"Overload: {transport}, each tool asked twice its highest clean rate for {seconds} s "
              f"(-timeout); goodput = successful calls / {seconds} s\n")
        print("| tool | clean max | asked | offered | goodput | goodput / clean max | failed | "
              "retransmissions |")
        print("|---|---|---|---|---|---|---|---|")
        for name, tool, extra in (("SIPp", "sipp", ()),
                                  ("Gossipper", "ours", ()),
                                  ("Gossipper -overload_control false", "ours",
                                   ("-overload_control", "false"))):
            base = clean["sipp" if tool == "sipp" else "ours"]
            r = overload_run(tool, gossipper, work, transport, 2 * base, seconds, extra)
            print(f"| {name} | {base} | {r['asked']} | {r['offered']:.0f} | {r['goodput']:.0f} | "
                  f"{r['goodput'] / base:.2f} | {r['failed']} | {r['retrans']} |")
            sys.stdout.flush()
            time.sleep(2)
        print()

    if "open" in only:
        open_calls = args.open_calls or (10000 if quick else 100000)
        res = measure_open(gossipper, work, open_calls, 5000)
        print(f"RSS per open call with {open_calls} open calls (u1, uac pausing, RSS growth / calls)\n")
        print("| side | SIPp bytes/call | Gossipper bytes/call | ratio |")
        print("|---|---|---|---|")
        for side in ("uac", "uas"):
            s, o = res["sipp"][side], res["ours"][side]
            print(f"| {side} | {s:.0f} | {o:.0f} | {o / s if s else 0:.2f} |")
        if BASELINE:
            for side in ("uac", "uas"):
                b, o = res["base"][side], res["ours"][side]
                print(f"\nbaseline {side}: {b:.0f} bytes/call; this build / baseline "
                      f"{o / b if b else 0:.2f}")
        print(f"\n(open calls by the uac's own count: SIPp {res['sipp']['open']}, "
          f"Gossipper {res['ours']['open']})")


if __name__ == "__main__":
    main()
