#!/usr/bin/env python3
"""Media benchmark: concurrent 20 ms G.711 streams, SIPp against SIPp, then
Gossipper against Gossipper, with the same scenario file, flags and capture,
on this machine in one run.

Each step of a ladder places N calls that each play a 20 ms G.711 capture
(RTP payload type 8, 160-byte payload) for the whole call, so N calls are N
concurrent streams once the ramp is over:

  wire  echo, with dumpcap on the loopback: both tools' send-time error read
        off the wire the same way (SIPp does not measure its own)
  echo  the uac plays, the uas (-sn uas -rtp_echo) sends every packet back
  send  the uac plays, the uas (-sn uas) does not echo: an iptables rule
        counts the RTP to the uas and drops it before any socket

Verdicts: a step is clean when every call succeeds within the time bound,
nothing is lost and (Gossipper) no port_busy and no send_errors; it meets
the goal when, besides, Gossipper's uacs' p99 send-time error
(-summary_json) is under 1 ms. Each tool climbs the ladder past a lossy
step, to show how it degrades, until it loses more than 1% of the packets,
fails a call or stalls.

What is measured, for both tools alike:
  loss    packets the uacs should have sent (calls x packets in the capture)
          that did not come back (echo) or did not reach the uas's host
          (send). Gossipper's uacs count the RTP they read (-summary_json);
          SIPp's uac never reads its media ports, so for it the packets that
          came back to the uac's host (iptables). Where they went missing
          (never sent, dropped at the uas, dropped at the uac) is read off
          iptables counters at each end
  cpu     user + system time of every process of a side (the uacs; the uas),
          read from /proc/PID/stat over the window where all N streams play,
          as % of one core per 1,000 streams
  rss     peak RSS (VmHWM) of a side, less the same processes' peak RSS with
          one call, per stream
  threads the uacs' tasks (/proc/PID/task): SIPp runs a thread per capture
          playing

Every step runs in a network namespace of its own (unshare -n, loopback
only), so that the iptables and UDP counters hold that step's packets only,
whatever else runs on the machine. SIPp's [auto_media_port] (and ours, which
follows it) cycles through 2,500 ports (-mp + 4 x (call - 1) mod 10,000), so
a step with more than 2,500 streams runs several uac processes, each with
its own -mp and 2,500 calls at most, for both tools.

Loopback only; every process is stopped by PID, the namespace with its
holder process. Tests never time anything: this is a benchmark, run by hand
(`make bench-media`). Needs root (SIPp's pcap play uses raw sockets;
unshare, nsenter, iptables, dumpcap).

usage: bench/media_bench.py GOSSIPPER [--quick] [--only wire,echo,send]
                            [--seconds S] [--wire-ladder N,N...]
                            [--echo-ladder N,N...] [--send-ladder N,N...]
                            [--tools sipp,ours] [--transport u1|t1]
                            [--ramp S] [--ours-args "..."]
"""

import argparse
import json
import math
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time

SIPP = "sipp"
ECHO_PORT = 6000       # -mp of the uas: [media_port], where the echo listens
UAS_SIP_PORT = 5060
PER_UAC = 2500         # distinct [auto_media_port] values of one process
PACKET_MS = 20
PAYLOAD = 160          # G.711, 20 ms at 8 kHz
OURS_EXTRA = []        # --ours-args: more options for every gossipper process
TRANSPORT = ["-t", "u1"]  # --transport: SIP's
BUFF = ["-buff_size", "4194304"]  # as bench/runtime_bench.py: SIP sockets' buffers


# ---------------------------------------------------------------- files


def write_capture(path, seconds):
    """A clean G.711 A-law capture: Ethernet/IPv4/UDP/RTP PT 8, one
    160-byte packet every 20 ms, one SSRC, sequence and timestamp in step."""
    count = int(seconds * 1000 // PACKET_MS)
    t0 = 1_700_000_000
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for n in range(count):
            rtp = struct.pack("!BBHII", 0x80, 8, (1000 + n) & 0xFFFF, 160 * n, 0x47534950)
            rtp += bytes([0xD5]) * PAYLOAD  # A-law silence
            udp = struct.pack("!HHHH", 6000, 6000, 8 + len(rtp), 0) + rtp
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n & 0xFFFF, 0, 64, 17, 0,
                             bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) + udp
            frame = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]) + struct.pack("!H", 0x0800) + ip
            us = n * PACKET_MS * 1000
            f.write(struct.pack("<IIII", t0 + us // 1_000_000, us % 1_000_000,
                                len(frame), len(frame)) + frame)
    return count


def write_scenario(path, capture, seconds):
    """SIPp's uac_pcap with our capture and a pause as long as it. The DTMF
    replay after it (a capture SIPp looks for in ./pcap) is left out."""
    # sipp -sd prints the scenario and exits 99
    text = subprocess.run([SIPP, "-sd", "uac_pcap"], capture_output=True, text=True).stdout
    text = text[text.index("<?xml"):]
    text = text.replace('play_pcap_audio="pcap/g711a.pcap"', f'play_pcap_audio="{capture}"')
    text = text.replace('<pause milliseconds="8000"/>',
                        f'<pause milliseconds="{int(seconds * 1000)}"/>')
    text, n = re.subn(r'\s*<!-- Play an out of band DTMF.*?<pause milliseconds="1000"/>', "",
                      text, flags=re.S)
    if n != 1 or capture not in text or "[auto_media_port]" not in text:
        raise RuntimeError("uac_pcap is not the scenario this script knows")
    with open(path, "w") as f:
        f.write(text)


# ---------------------------------------------------------------- processes


class Netns:
    """A network namespace held by a `sleep`, with loopback up and four
    iptables counters of RTP to and from the uas's media port."""

    RULES = [("OUTPUT", "--dport"), ("INPUT", "--dport"), ("OUTPUT", "--sport"),
             ("INPUT", "--sport")]

    def __init__(self, sink=False):
        self.holder = subprocess.Popen(["unshare", "-n", "sleep", "100000"])
        for _ in range(100):
            if os.readlink(f"/proc/{self.holder.pid}/ns/net") != os.readlink("/proc/self/ns/net"):
                break
            time.sleep(0.01)
        self.run(["ip", "link", "set", "lo", "up"])
        for chain, way in self.RULES:
            # sink: RTP to the uas is counted and dropped before any socket
            drop = ["-j", "DROP"] if sink and (chain, way) == ("INPUT", "--dport") else []
            self.run(["iptables", "-A", chain, "-p", "udp", way, str(ECHO_PORT)] + drop)

    def run(self, argv):
        subprocess.run(["nsenter", "-t", str(self.holder.pid), "-n", "--"] + argv, check=True,
                       capture_output=True)

    def argv(self, argv):
        # nsenter -n execs the command: the process keeps nsenter's PID
        return ["nsenter", "-t", str(self.holder.pid), "-n", "--"] + argv

    def counters(self):
        out = subprocess.run(["nsenter", "-t", str(self.holder.pid), "-n", "--", "iptables",
                              "-L", "-n", "-v", "-x"], capture_output=True, text=True).stdout
        got = {}
        chain = None
        for line in out.splitlines():
            m = re.match(r"Chain (\w+)", line)
            if m:
                chain = m.group(1)
                continue
            m = re.match(r"\s*(\d+)\s+\d+\s+.*udp ([ds])pt:(\d+)", line)
            if m:
                got[(chain, m.group(2))] = int(m.group(1))
        return {"to_uas_sent": got.get(("OUTPUT", "d"), 0),
                "to_uas_arrived": got.get(("INPUT", "d"), 0),
                "from_uas_sent": got.get(("OUTPUT", "s"), 0),
                "from_uas_arrived": got.get(("INPUT", "s"), 0)}

    def udp_snmp(self):
        with open(f"/proc/{self.holder.pid}/net/snmp") as f:
            lines = [l.split() for l in f if l.startswith("Udp:")]
        return dict(zip(lines[0][1:], map(int, lines[1][1:])))

    def socket_drops(self):
        """Drops of the uas's media sockets, and of all other UDP sockets."""
        uas, other = 0, 0
        with open(f"/proc/{self.holder.pid}/net/udp") as f:
            for line in list(f)[1:]:
                fields = line.split()
                port = int(fields[1].split(":")[1], 16)
                if port in (ECHO_PORT, ECHO_PORT + 2):
                    uas += int(fields[-1])
                else:
                    other += int(fields[-1])
        return uas, other

    def close(self):
        self.holder.kill()
        self.holder.wait()


class Proc:
    """A tool's process: CPU and memory read from /proc while it runs."""

    def __init__(self, argv, out_path, cwd):
        self.out = open(out_path, "w+")
        self.p = subprocess.Popen(argv, stdout=self.out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, cwd=cwd)
        self.hwm_kb = 0
        self.tasks = 0

    def alive(self):
        return self.p.poll() is None

    def cpu(self):
        """utime + stime of the whole thread group, in seconds."""
        try:
            with open(f"/proc/{self.p.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError):
            return None

    def thread_cpu(self):
        """utime + stime of each thread, in seconds, by thread id."""
        got = {}
        try:
            tids = os.listdir(f"/proc/{self.p.pid}/task")
        except OSError:
            return got
        if len(tids) > 64:
            return got  # SIPp's thread per stream: not worth reading them all
        for tid in tids:
            try:
                with open(f"/proc/{self.p.pid}/task/{tid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                got[tid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError):
                pass
        return got

    def sample(self):
        try:
            with open(f"/proc/{self.p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        self.hwm_kb = max(self.hwm_kb, int(line.split()[1]))
            self.tasks = max(self.tasks, len(os.listdir(f"/proc/{self.p.pid}/task")))
        except OSError:
            pass

    def stop(self, grace=5.0):
        if self.alive():
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(grace)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.out.flush()

    def text(self):
        self.out.flush()
        self.out.seek(0)
        return self.out.read()


def busy_cores_jiffies():
    """user + nice + system + irq + softirq of all CPUs, in seconds."""
    with open("/proc/stat") as f:
        fields = f.readline().split()
    return sum(int(x) for x in fields[1:4] + fields[6:8]) / os.sysconf("SC_CLK_TCK")


def wait_quiet(limit=0.15, patience=180):
    """Between steps nothing of ours runs: wait (up to `patience` s) until
    the rest of the machine uses less than `limit` of a core over 2 s.
    Returns what it used at the last look."""
    deadline = time.monotonic() + patience
    while True:
        a = busy_cores_jiffies()
        time.sleep(2)
        used = (busy_cores_jiffies() - a) / 2
        if used < limit or time.monotonic() > deadline:
            return used
        time.sleep(3)


def counter(text, name):
    m = re.findall(r"^\s*" + re.escape(name) + r"\s*\|[^|]*\|\s*(\d+)", text, re.M)
    return int(m[-1]) if m else None


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------- one step


class Bench:
    def __init__(self, gossipper, work, seconds, ramp_per_1000):
        self.gossipper = gossipper
        self.work = work
        self.seconds = seconds
        self.ramp_per_1000 = ramp_per_1000
        self.capture = os.path.join(work, f"g711a_{seconds}s.pcap")
        self.packets = write_capture(self.capture, seconds)
        self.scenario = os.path.join(work, "uac_g711.xml")
        write_scenario(self.scenario, self.capture, seconds)
        self.step_id = 0
        self.binary_mtime = None
        self.rebuilt = True  # the first start of a work directory compiles

    def tool(self, tool):
        return [SIPP] if tool == "sipp" else [self.gossipper, "sipp"] + OURS_EXTRA

    def uas_argv(self, tool, mode, calls, tag):
        argv = (self.tool(tool) + ["-sn", "uas"] + TRANSPORT + BUFF
                + ["-i", "127.0.0.1", "-p", str(UAS_SIP_PORT), "-mp", str(ECHO_PORT),
                   "-m", str(calls), "-nostdin"])
        if mode == "echo":
            argv.append("-rtp_echo")
        if tool == "ours":
            argv += ["-summary_json", os.path.join(self.work, f"{tag}.uas.json")]
        return argv

    def uac_argv(self, tool, k, calls, rate, tag):
        argv = (self.tool(tool) + ["-sf", self.scenario, f"127.0.0.1:{UAS_SIP_PORT}"]
                + TRANSPORT + BUFF
                + ["-i", "127.0.0.1", "-p", str(5070 + k), "-mp", str(10000 + 10000 * k),
                   "-r", str(rate), "-m", str(calls), "-l", str(calls), "-nostdin"])
        if tool == "ours":
            argv += ["-summary_json", os.path.join(self.work, f"{tag}.uac{k}.json")]
        return argv

    def wait_for_binary(self):
        """The binary may be rebuilt while the benchmark runs: wait until it
        is executable and has not changed for 10 s, and say so when it
        changed since the start."""
        for _ in range(300):
            try:
                st = os.stat(self.gossipper)
                if os.access(self.gossipper, os.X_OK) and time.time() - st.st_mtime > 10:
                    break
            except OSError:
                pass
            time.sleep(1)
        mtime = os.stat(self.gossipper).st_mtime
        if self.binary_mtime is None:
            self.binary_mtime = mtime
        elif mtime != self.binary_mtime:
            print(f"note: {self.gossipper} was rebuilt during the run "
                  f"({time.ctime(mtime)})", file=sys.stderr)
            self.binary_mtime = mtime
            self.rebuilt = True

    def step(self, tool, mode, streams, hold=None, wire=False):
        """Run `streams` calls; with `hold` (seconds), stop everything after
        that long instead (the one-call memory baseline). A step whose
        gossipper could not be started (a rebuild) runs again."""
        for attempt in range(3):
            if hold is None:
                self.quiet_before = wait_quiet()
            if tool == "ours":
                self.wait_for_binary()
                if self.rebuilt:
                    # a new build compiles the scenario again: not in a measured step
                    self.rebuilt = False
                    self.step_once(tool, "echo", 1, 1.0, False)
            res = self.step_once(tool, mode, streams, hold, wire)
            res["quiet_before"] = getattr(self, "quiet_before", None)
            if tool != "ours" or not res.get("exec_failed"):
                return res
        return res

    def step_once(self, tool, mode, streams, hold, wire):
        self.step_id += 1
        tag = f"{self.step_id:02d}-{tool}-{mode}-{streams}"
        uacs = max(1, math.ceil(streams / PER_UAC))
        split = [streams // uacs + (1 if k < streams % uacs else 0) for k in range(uacs)]
        ramp = max(1.0, self.ramp_per_1000 * streams / 1000)
        ns = Netns(sink=(mode == "send"))
        res = {"tool": tool, "mode": mode, "streams": streams, "uacs": uacs, "tag": tag}
        procs = []
        cap = None
        try:
            if wire:
                # What the uacs send, as the loopback device sees it: 64
                # bytes of each packet are enough for the RTP header.
                res["wire_file"] = os.path.join(self.work, f"{tag}.wire.pcap")
                cap = Proc(ns.argv(["dumpcap", "-i", "lo", "-P", "-s", "64", "-B", "256", "-q",
                                    "-f", f"udp dst port {ECHO_PORT}", "-w", res["wire_file"]]),
                           os.path.join(self.work, f"{tag}.dumpcap.out"), self.work)
                time.sleep(1.5)
            uas = Proc(ns.argv(self.uas_argv(tool, mode, streams, tag)),
                       os.path.join(self.work, f"{tag}.uas.out"), self.work)
            procs.append(uas)
            time.sleep(1.0)
            uac = []
            for k, calls in enumerate(split):
                rate = max(1, round(calls / ramp))
                uac.append(Proc(ns.argv(self.uac_argv(tool, k, calls, rate, tag)),
                                os.path.join(self.work, f"{tag}.uac{k}.out"), self.work))
            procs += uac
            t0 = time.monotonic()
            # CPU over the window where every stream plays: from the end of
            # the ramp (plus a second) to half a second before the first calls end.
            window = (ramp + 1.5, self.seconds - 0.5)
            if hold is not None:
                window = (hold, hold)
            deadline = t0 + (hold if hold is not None else ramp + self.seconds + 30)
            cpu0 = cpu1 = None
            while time.monotonic() < deadline:
                now = time.monotonic() - t0
                for p in procs:
                    p.sample()
                if cpu0 is None and now >= window[0]:
                    cpu0 = (time.monotonic(), [p.cpu() for p in procs], None,
                            [p.thread_cpu() for p in procs])
                if cpu1 is None and now >= window[1]:
                    cpu1 = (time.monotonic(), [p.cpu() for p in procs], None,
                            [p.thread_cpu() for p in procs])
                    if hold is None:
                        res["drops_uas_sockets"], res["drops_other_sockets"] = ns.socket_drops()
                if hold is None and not any(p.alive() for p in uac):
                    break
                time.sleep(0.1)
            res["stalled"] = any(p.alive() for p in uac) and hold is None
            res["wall"] = time.monotonic() - t0
            res["tasks_uac"] = sum(p.tasks for p in uac)
            res["tasks_uas"] = uas.tasks
            res["rss_uac_kb"] = sum(p.hwm_kb for p in uac)
            res["rss_uas_kb"] = uas.hwm_kb
            res["exec_failed"] = any("failed to execute" in p.text() for p in procs)
            if cpu0 and cpu1 and cpu1[0] > cpu0[0] and None not in cpu0[1] + cpu1[1]:
                dt = cpu1[0] - cpu0[0]
                d = [b - a for a, b in zip(cpu0[1], cpu1[1])]
                res["cpu_uas"] = d[0] / dt
                res["cpu_uac"] = sum(d[1:]) / dt
                # the rest of the machine over the window, in cores
                # the busiest thread of each side, in cores (a shard at 1.0 is saturated)
                busiest = [max([(b[t] - a[t]) / dt for t in b if t in a] or [None])
                           if a and b else None for a, b in zip(cpu0[3], cpu1[3])]
                res["busiest_thread_uas"] = busiest[0]
                res["busiest_thread_uac"] = max([x for x in busiest[1:] if x is not None] or [None])
                res["window"] = dt
            if hold is not None:
                return res
            for p in uac:
                p.stop()
            # the uas ends with its last call; give the echo time to drain
            end = time.monotonic() + 10
            while uas.alive() and time.monotonic() < end:
                time.sleep(0.1)
            if cap is not None:
                cap.p.send_signal(signal.SIGINT)
                cap.p.wait(20)
                res["wire"] = wire_timing(res["wire_file"])
            res["counters"] = ns.counters()
            res["snmp"] = ns.udp_snmp()
            uas.stop()
            res.update(self.outcome(tool, mode, streams, tag, uac, uas, split))
            return res
        finally:
            for p in procs + ([cap] if cap else []):
                p.stop(2.0)
            ns.close()

    def outcome(self, tool, mode, streams, tag, uac, uas, split):
        out = {"ok": 0, "failed": 0}
        for p in uac:
            text = p.text()
            out["ok"] += counter(text, "Successful call") or 0
            out["failed"] += counter(text, "Failed call") or 0
        out["expected"] = streams * self.packets
        if tool == "ours":
            jsons = [read_json(os.path.join(self.work, f"{tag}.uac{k}.json"))
                     for k in range(len(split))]
            ua = read_json(os.path.join(self.work, f"{tag}.uas.json"))
            out["summaries"] = all(j is not None for j in jsons) and ua is not None
            media = [j["media"] for j in jsons if j]
            if jsons and all(j is not None for j in jsons):
                out["ok"] = sum(j["success_calls"] for j in jsons)
                out["failed"] = sum(j["failed_calls"] for j in jsons)
            out["sent"] = sum(m["rtp_packets_sent"] for m in media)
            out["returned"] = sum(m["rtp_packets_received"] for m in media)
            out["p50"] = max((m["send_error_ms"]["p50"] for m in media), default=None)
            out["p99"] = max((m["send_error_ms"]["p99"] for m in media), default=None)
            out["max_err"] = max((m["send_error_ms"]["max"] for m in media), default=None)
            out["port_busy"] = sum(m["port_busy"] for m in media)
            out["send_errors"] = sum(m["send_errors"] for m in media)
            out["unattributed"] = sum(m["unattributed_packets"] for m in media)
            out["uac_rfc_lost"] = sum(m["packets_lost"] for m in media)
            out["uac_jitter"] = max((m["max_jitter_ms"] for m in media), default=None)
            if ua:
                um = ua["media"]
                out["uas_received"] = um["rtp_packets_received"]
                out["uas_echoed"] = um["echoed_packets"]
                out["uas_rfc_lost"] = um["packets_lost"]
                out["uas_streams"] = um["streams_measured"]
                out["uas_jitter"] = um["max_jitter_ms"]
                out["uas_mos_min"] = um["mos"]["min"]
        return out


def judge(r, mode):
    """clean: every call successful, nothing lost, nothing named wrong;
    goal: clean, and for Gossipper the uacs' p99 send-time error under 1 ms
    (SIPp does not measure its own; --wire reads both tools' off the wire).
    Where packets went missing, from the iptables counters: never sent by
    the uacs, dropped at the uas (arrived, not echoed or not read), dropped
    at the uac (came back, not read: Gossipper only, SIPp never reads)."""
    c = r.get("counters", {})
    ours = r["tool"] == "ours"
    if mode == "echo":
        back = r["returned"] if ours else c.get("from_uas_arrived", 0)
        at_uas = c.get("to_uas_arrived", 0) - (r.get("uas_received", 0) if ours
                                                 else c.get("from_uas_sent", 0))
        at_uac = c.get("from_uas_arrived", 0) - r["returned"] if ours else 0
    else:
        back = c.get("to_uas_arrived", 0)
        at_uas = at_uac = 0
    r["back"] = back
    r["lost"] = r["expected"] - back
    r["where"] = {"unsent": r["expected"] - c.get("to_uas_sent", 0), "at_uas": at_uas,
                  "at_uac": at_uac}
    r["broken"] = bool(r.get("stalled") or r["ok"] < r["streams"] or r["failed"] > 0
                       or r["lost"] > 0.01 * r["expected"])
    clean = not r.get("stalled") and r["ok"] == r["streams"] and r["failed"] == 0 \
        and r["lost"] == 0
    if ours:
        clean = (clean and r.get("summaries") and r["port_busy"] == 0
                 and r["send_errors"] == 0)
    r["clean"] = bool(clean)
    r["goal"] = r["clean"] and (not ours or (r["p99"] is not None and r["p99"] < 1.0))
    return r


def wire_timing(path):
    """Send-time error read off the wire: for each stream (uac source port),
    each packet's time less 20 ms x its RTP sequence offset, against the
    median of those over the stream. Returns (p50, p99, max) in ms over all
    packets, and the packets read."""
    errors = []
    streams = {}
    with open(path, "rb") as f:
        head = f.read(24)
        if len(head) < 24:
            return None
        magic = struct.unpack("<I", head[:4])[0]
        nano = magic == 0xA1B23C4D
        link = struct.unpack("<I", head[20:24])[0]
        l2 = {1: 14, 113: 16, 276: 20, 0: 4, 101: 0, 228: 0}.get(link, 14)
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                break
            sec, frac, incl, _ = struct.unpack("<IIII", rec)
            data = f.read(incl)
            ip = data[l2:]
            if len(ip) < 20 + 8 + 4:
                continue
            ihl = (ip[0] & 15) * 4
            sport = struct.unpack("!H", ip[ihl:ihl + 2])[0]
            seq = struct.unpack("!H", ip[ihl + 10:ihl + 12])[0]
            t = sec + frac / (1e9 if nano else 1e6)
            streams.setdefault(sport, []).append((t, seq))
    count = 0
    for pkts in streams.values():
        t0, s0 = pkts[0]
        offsets = [t - t0 - PACKET_MS / 1000 * ((s - s0) & 0xFFFF) for t, s in pkts]
        mid = sorted(offsets)[len(offsets) // 2]
        errors += [abs(o - mid) * 1000 for o in offsets]
        count += len(pkts)
    if not errors:
        return None
    errors.sort()
    return (errors[len(errors) // 2], errors[int(len(errors) * 0.99)], errors[-1], count)


# ---------------------------------------------------------------- report


def per_stream(r, base):
    n = r["streams"]
    k = lambda cpu: None if cpu is None else cpu * 100 * 1000 / n
    r["cpu_uac_k"], r["cpu_uas_k"] = k(r.get("cpu_uac")), k(r.get("cpu_uas"))
    r["rss_uac_b"] = (r["rss_uac_kb"] - base[(r["tool"], "uac")] * r["uacs"]) * 1024 / n
    r["rss_uas_b"] = (r["rss_uas_kb"] - base[(r["tool"], "uas")]) * 1024 / n


def num(x, digits=1):
    return "—" if x is None else f"{x:,.{digits}f}"


def row(r, sipp):
    n = r["streams"]
    ours = r["tool"] == "ours"
    lost = f"{r['lost']:,}" if r["lost"] == 0 else f"{r['lost']:,} ({100 * r['lost'] / r['expected']:.2f}%)"
    w = r["where"]
    where = ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in w.items() if v) or "—"
    p99 = f"{r['p99']:.2f} (max {r['max_err']:.1f})" if ours and r.get("p99") is not None else "—"
    cpu, rss = "—", "—"
    if ours and sipp is not None and not sipp["clean"]:
        cpu = rss = "— (SIPp's step not clean)"
    elif ours and sipp is not None:
        if None not in (r["cpu_uac_k"], r["cpu_uas_k"], sipp["cpu_uac_k"], sipp["cpu_uas_k"]):
            cpu = f"{(r['cpu_uac_k'] + r['cpu_uas_k']) / (sipp['cpu_uac_k'] + sipp['cpu_uas_k']):.2f}"
        if sipp["rss_uac_b"] + sipp["rss_uas_b"] > 0:
            rss = f"{(r['rss_uac_b'] + r['rss_uas_b']) / (sipp['rss_uac_b'] + sipp['rss_uas_b']):.2f}"
    bt = (r.get("busiest_thread_uac"), r.get("busiest_thread_uas"))
    busy = "—" if bt == (None, None) else f"{num(bt[0], 2)} / {num(bt[1], 2)}"
    verdict = ("goal" if r["goal"] else "clean, p99 ≥ 1 ms" if r["clean"] else
               "STALLED" if r.get("stalled") else "lost" if r["lost"] else "failed calls"
               if r["ok"] < n else "not clean")
    return (f"| {n:,} | {'Gossipper' if ours else 'SIPp'} | {r['ok']:,} | {lost} | {where} | "
            f"{p99} | {num(r['cpu_uac_k'])} | {num(r['cpu_uas_k'])} | {num(r['rss_uac_b'], 0)} | "
            f"{num(r['rss_uas_b'], 0)} | {r['tasks_uac']:,} | {cpu} | {rss} | "
            f"{busy} | {verdict} |")


HEADER = ("| streams | tool | calls ok | packets lost | where | p99 send error ms (uac's own) | "
          "uac CPU % / 1k streams | uas CPU % / 1k streams | uac RSS B / stream | "
          "uas RSS B / stream | uac threads | CPU ours/SIPp | RSS ours/SIPp | "
          "busiest thread uac / uas, cores | step |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def detail(r):
    keys = ["counters", "snmp", "drops_uas_sockets", "drops_other_sockets", "wall", "window",
            "uas_received", "uas_echoed", "uas_rfc_lost", "uac_rfc_lost", "uas_jitter",
            "uac_jitter", "uas_mos_min", "p50", "port_busy", "send_errors", "unattributed",
            "tasks_uas", "rss_uac_kb", "rss_uas_kb", "cpu_uac", "cpu_uas",
            "quiet_before", "where", "busiest_thread_uac", "busiest_thread_uas"]
    return {k: r[k] for k in keys if k in r}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gossipper")
    ap.add_argument("--quick", action="store_true", help="short captures, small ladders")
    ap.add_argument("--only", default="wire,echo,send")
    ap.add_argument("--tools", default="sipp,ours")
    ap.add_argument("--seconds", type=int, help="capture and call length (default 20, quick 8)")
    ap.add_argument("--echo-ladder")
    ap.add_argument("--send-ladder")
    ap.add_argument("--wire-ladder")
    ap.add_argument("--ramp", type=float, default=1.0,
                    help="ramp seconds per 1,000 streams (default 1: 5,000 calls in 5 s)")
    ap.add_argument("--ours-args", default="", help="more options for every gossipper process")
    ap.add_argument("--transport", default="u1", help="SIP's, for both tools (u1 or t1)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("media_bench.py: needs root (SIPp's raw sockets, unshare, iptables)")
    OURS_EXTRA[:] = args.ours_args.split()
    TRANSPORT[1] = args.transport
    gossipper = os.path.realpath(args.gossipper)
    quick = args.quick
    seconds = args.seconds or (8 if quick else 20)
    ladders = {
        "wire": args.wire_ladder or ("100" if quick else "100,500"),
        "echo": args.echo_ladder or ("100,500" if quick else "250,500,1000,2000,3000,4000,5000"),
        "send": args.send_ladder or ("500" if quick else "1000,2500,5000,7500,10000"),
    }
    ladders = {k: [int(x) for x in v.split(",")] for k, v in ladders.items()}
    tools = args.tools.split(",")
    work = tempfile.mkdtemp(prefix="gossipper-media-")
    bench = Bench(gossipper, work, seconds, args.ramp)
    print(f"# media benchmark ({time.strftime('%Y-%m-%d %H:%M')}), outputs in {work}\n")
    print(f"capture: {bench.packets} packets, {PACKET_MS} ms apart, PT 8, {PAYLOAD}-byte payload "
          f"({seconds} s); scenario {bench.scenario} (uac_pcap's shape); SIP over -t {TRANSPORT[1]} "
          f"{' '.join(BUFF)}; "
          f"{PER_UAC} calls at most per uac process; ramp {args.ramp:g} s per 1,000 calls; "
          f"gossipper options: {' '.join(OURS_EXTRA) or '(none)'}\n")
    sys.stdout.flush()

    # Memory baseline: each process with one call, 3 s in; Gossipper first
    # fills its compile cache (a first start compiles the scenario).
    base = {}
    for tool in tools:
        if tool == "ours":
            bench.step(tool, "echo", 1, hold=1.0)
        r = bench.step(tool, "echo", 1, hold=3.0)
        base[(tool, "uac")] = r["rss_uac_kb"]
        base[(tool, "uas")] = r["rss_uas_kb"]
    print("peak RSS with one call (taken off before dividing by the streams): " +
          ", ".join(f"{t} {s} {base[(t, s)] / 1024:.1f} MB" for t in tools for s in ("uac", "uas"))
          + "\n")

    rows = []
    if "wire" in args.only.split(","):
        print("## Send-time error on the wire (echo; dumpcap on the namespace's loopback, "
              "CPU not measured)\n")
        print("Each packet's time less 20 ms x its sequence offset, against that stream's median; "
              "p50 / p99 / max over all packets, ms.\n")
        print("| streams | tool | packets captured / sent | wire p50 | wire p99 | wire max | "
              "uac's own p99 |")
        print("|---|---|---|---|---|---|---|")
        for n in ladders["wire"]:
            for tool in tools:
                r = judge(bench.step(tool, "echo", n, wire=True), "echo")
                w = r.get("wire") or (None, None, None, 0)
                own = f"{r['p99']:.2f}" if r.get("p99") is not None else "—"
                print(f"| {n:,} | {'Gossipper' if tool == 'ours' else 'SIPp'} | "
                      f"{w[3]:,} / {r['counters'].get('to_uas_sent', 0):,} | {num(w[0], 3)} | "
                      f"{num(w[1], 3)} | {num(w[2], 1)} | {own} |")
                sys.stdout.flush()
                print(f"    {json.dumps(detail(r))}", file=sys.stderr)
                rows.append(r)
        print()

    for mode in [m for m in args.only.split(",") if m in ("echo", "send")]:
        what = ("the uas echoes (-rtp_echo); lost: sent by the uacs and not back" if mode == "echo"
                else "the uas does not echo; RTP to it is counted and dropped by iptables; "
                     "lost: should have been sent and did not reach the uas's host")
        print(f"## {mode}: {what}\n")
        print(HEADER)
        sys.stdout.flush()
        going = {t: True for t in tools}
        for n in ladders[mode]:
            sipp = None
            for tool in tools:
                if not going[tool]:
                    continue
                r = judge(bench.step(tool, mode, n), mode)
                per_stream(r, base)
                print(row(r, sipp))
                sys.stdout.flush()
                print(f"    {json.dumps(detail(r))}", file=sys.stderr)
                if tool == "sipp":
                    sipp = r
                # A tool goes on past a lossy step, to show how it degrades,
                # until it loses more than 1%, fails a call or stalls.
                going[tool] = not r["broken"]
                rows.append(r)
                time.sleep(1)
            if not any(going.values()):
                break
        print()
        for tool in tools:
            mine = [r for r in rows if r["mode"] == mode and r["tool"] == tool and "wire" not in r]

            def highest(key):
                # the last step of the ladder before the first that misses
                best = 0
                for r in sorted(mine, key=lambda r: r["streams"]):
                    if not r[key]:
                        break
                    best = r["streams"]
                return best
            clean, goal = highest("clean"), highest("goal")
            name = "Gossipper" if tool == "ours" else "SIPp"
            print(f"- {mode}, {name}: highest clean step (no loss, every call) {clean:,}"
                  + (f"; also with p99 send error < 1 ms {goal:,}" if tool == "ours" else ""))
        print()
        sys.stdout.flush()
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump({"base": {f"{t}.{s}": v for (t, s), v in base.items()},
                   "rows": rows}, f, indent=1, default=str)


if __name__ == "__main__":
    main()
