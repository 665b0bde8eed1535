#!/usr/bin/env python3
"""SRTP streams benchmark: echoed 20 ms G.711 streams over SRTP (SDES keys),
over DTLS-SRTP, and over plain RTP, Gossipper against Gossipper, in the same
run on this machine (Debian's SIPp 3.6.1 has no SRTP: no SIPp here).

Each step of the ladder runs, for each variant, our built-in uac against our
built-in uas of the same kind:

  plain  uac_media  against uas_media
  sdes   uac_srtp   against uas_srtp   (a=crypto, AES_CM_128_HMAC_SHA1_80)
  dtls   uac_dtls   against uas_dtls   (a=fingerprint, a=setup; the profile
                                        the handshake picks, AEAD_AES_256_GCM)

The uac is the built-in's scenario (`gossipper sipp -sd uac_X`) with its tone
looped for the call's length (--seconds) instead of three seconds; the uas is
the built-in itself, whose per-call echo decrypts what arrives with the
caller's key and encrypts it again with its own. N calls placed over a ramp
of --ramp seconds per 1,000 are N concurrent streams once the ramp is over.
Both ends stream from [rtpstream_audio_port], each process from a range of
its own (-min_rtp_port/-max_rtp_port, 10,000 even ports each).

A step is clean when every call succeeds within the time bound, the uac
exits 0, every packet the uac sent came back (its -summary_json: RTP
received = RTP sent), rtpcheck checked every stream and failed none, no
port_busy or send_errors, and (secure variants) every stream ended keyed on
both sides with no SRTP authentication failure, no replay and no DTLS
failure. A variant climbs the ladder past a lossy step, to show how it
degrades, until it loses more than 1%, fails a call or stalls.

Before each step the script waits (up to --patience seconds) for the rest
of the machine to be idle, as media_bench.py does; the table shows the
cores others used when the step began. CPU is media_bench.py's: user + system time of each side's process from
/proc/PID/stat over the window where all N streams play (the end of the ramp
plus 1.5 s to half a second before the first calls end), as % of one core
per 1,000 streams. The DTLS handshakes happen during the ramp, outside the
window: their cost is bench/srtp_bench's `dtls_handshake`.

Reported, ratios first: for each secure variant, the highest clean step over
plain's (the goal: 0.75 or more), and at each step both ran clean, its CPU
(uac + uas) over plain's.

Every step runs in a network namespace of its own (unshare -n, loopback
only); every process is stopped by PID, the namespace with its holder. A
benchmark, run by hand (`make bench-srtp`); tests never time anything. Needs
root (unshare, nsenter).

usage: bench/srtp_streams_bench.py GOSSIPPER [--quick] [--ladder N,N...]
                                   [--variants plain,sdes,dtls] [--seconds S]
                                   [--ramp S] [--patience S]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import media_bench as mb  # noqa: E402  Netns, Proc, wait_quiet, read_json

VARIANTS = {"plain": ("uac_media", "uas_media"), "sdes": ("uac_srtp", "uas_srtp"),
            "dtls": ("uac_dtls", "uas_dtls")}
UAS_SIP, UAC_SIP = 5060, 5070
UAC_RTP = (10000, 29999)  # disjoint ranges: both ends bind their streams' ports
UAS_RTP = (30000, 49999)


def write_uac(gossipper, variant, path, seconds):
    """The built-in uac with its one-second tone looped `seconds` times and
    the pause after it as long; the DTMF and the hang-up follow as built."""
    name = VARIANTS[variant][0]
    text = subprocess.run([gossipper, "sipp", "-sd", name], capture_output=True,
                          text=True).stdout
    text = text[text.index("<?xml"):]
    text, n1 = re.subn(r'rtp_stream="tone_440hz\.ulaw,3,0"',
                       f'rtp_stream="tone_440hz.ulaw,{seconds},0"', text)
    text, n2 = re.subn(r'<pause milliseconds="3100"/>',
                       f'<pause milliseconds="{seconds * 1000 + 100}"/>', text)
    if n1 != 1 or n2 != 1 or "[rtpstream_audio_port]" not in text:
        raise RuntimeError(f"{name} is not the scenario this script knows")
    with open(path, "w") as f:
        f.write(text)


class Bench:
    def __init__(self, gossipper, work, seconds, ramp_per_1000, patience):
        self.gossipper = gossipper
        self.work = work
        self.seconds = seconds
        self.ramp_per_1000 = ramp_per_1000
        self.patience = patience
        self.scenario = {}
        for v in VARIANTS:
            self.scenario[v] = os.path.join(work, f"{VARIANTS[v][0]}_{seconds}s.xml")
            write_uac(gossipper, v, self.scenario[v], seconds)
        self.step_id = 0

    def argv(self, variant, side, calls, rate, tag):
        common = ["-t", "u1"] + mb.BUFF + ["-i", "127.0.0.1", "-nostdin", "-m", str(calls),
                                           "-summary_json",
                                           os.path.join(self.work, f"{tag}.{side}.json")]
        if side == "uas":
            return ([self.gossipper, "sipp", "-sn", VARIANTS[variant][1], "-p", str(UAS_SIP),
                     "-min_rtp_port", str(UAS_RTP[0]), "-max_rtp_port", str(UAS_RTP[1])]
                    + common)
        return ([self.gossipper, "sipp", "-sf", self.scenario[variant],
                 f"127.0.0.1:{UAS_SIP}", "-p", str(UAC_SIP), "-min_rtp_port", str(UAC_RTP[0]),
                 "-max_rtp_port", str(UAC_RTP[1]), "-r", str(rate), "-l", str(calls)] + common)

    def step(self, variant, streams, measured=True):
        quiet = mb.wait_quiet(patience=self.patience) if measured else None
        self.step_id += 1
        tag = f"{self.step_id:02d}-{variant}-{streams}"
        ramp = max(1.0, self.ramp_per_1000 * streams / 1000)
        res = {"variant": variant, "streams": streams, "tag": tag, "quiet_before": quiet}
        ns = mb.Netns()
        procs = []
        try:
            uas = mb.Proc(ns.argv(self.argv(variant, "uas", streams, 0, tag)),
                          os.path.join(self.work, f"{tag}.uas.out"), self.work)
            procs.append(uas)
            time.sleep(1.0)
            rate = max(1, round(streams / ramp))
            uac = mb.Proc(ns.argv(self.argv(variant, "uac", streams, rate, tag)),
                          os.path.join(self.work, f"{tag}.uac.out"), self.work)
            procs.append(uac)
            res.update(self.watch(uas, uac, ramp))
            # the uas ends with its last call (and its timewait): let it
            end = time.monotonic() + 10
            while uas.alive() and time.monotonic() < end:
                time.sleep(0.1)
            res["uac_exit"] = uac.p.returncode
            res["uas_exit"] = uas.p.poll()
        finally:
            for p in procs:
                p.stop(2.0)
            ns.close()
        res.update(outcome(read_json(self.work, tag, "uac"), read_json(self.work, tag, "uas")))
        return judge(res, variant)

    def watch(self, uas, uac, ramp):
        """Waits for the uac (bounded), reading both processes' CPU over the
        window where every stream plays."""
        t0 = time.monotonic()
        window = (ramp + 1.5, self.seconds - 0.5)
        deadline = t0 + ramp + self.seconds + 30
        cpu0 = cpu1 = None
        while time.monotonic() < deadline and uac.alive():
            now = time.monotonic() - t0
            if cpu0 is None and now >= window[0]:
                cpu0 = (time.monotonic(), uac.cpu(), uas.cpu())
            if cpu1 is None and now >= window[1]:
                cpu1 = (time.monotonic(), uac.cpu(), uas.cpu())
            time.sleep(0.05)
        got = {"stalled": uac.alive(), "wall": time.monotonic() - t0}
        if cpu0 and cpu1 and cpu1[0] > cpu0[0] and None not in cpu0 + cpu1:
            dt = cpu1[0] - cpu0[0]
            got.update(window=dt, cpu_uac=(cpu1[1] - cpu0[1]) / dt,
                       cpu_uas=(cpu1[2] - cpu0[2]) / dt)
        uac.stop()
        return got


def read_json(work, tag, side):
    return mb.read_json(os.path.join(work, f"{tag}.{side}.json"))


MEDIA_KEYS = ["rtp_packets_sent", "rtp_packets_received", "echoed_packets", "packets_lost",
              "rtpcheck_streams", "rtpcheck_failed", "srtp_streams", "srtp_auth_failures",
              "srtp_replays", "srtp_keys_refused", "srtp_no_common_suite", "dtls_handshakes",
              "dtls_failures", "dtls_timeouts", "dtls_fingerprint_mismatches",
              "dtls_held_packets", "port_busy", "send_errors", "malformed_datagrams"]


def outcome(uac, uas):
    """The figures of both ends' -summary_json (None: it is missing)."""
    out = {"summaries": uac is not None and uas is not None}
    for side, j in (("uac", uac), ("uas", uas)):
        if j is None:
            continue
        out[f"{side}_ok"] = j.get("success_calls", 0)
        out[f"{side}_failed"] = j.get("failed_calls", 0)
        m = j.get("media", {})
        for k in MEDIA_KEYS:
            out[f"{side}_{k}"] = m.get(k, 0)
        out[f"{side}_p99"] = m.get("send_error_ms", {}).get("p99")
    return out


def judge(r, variant):
    n = r["streams"]
    sent, back = r.get("uac_rtp_packets_sent", 0), r.get("uac_rtp_packets_received", 0)
    r["lost"] = max(0, sent - back)
    r["broken"] = bool(r.get("stalled") or not r["summaries"] or r.get("uac_ok", 0) < n
                       or r.get("uac_failed", 0) > 0 or sent == 0 or r["lost"] > 0.01 * sent)
    secure = variant != "plain"
    problems = []
    if r.get("stalled"):
        problems.append("stalled")
    if not r["summaries"]:
        problems.append("no summary")
    elif r.get("uac_ok", 0) < n or r.get("uac_failed", 0):
        problems.append(f"{r.get('uac_ok', 0):,} calls ok")
    if r.get("uac_exit") != 0 and not r.get("stalled"):
        problems.append(f"uac exit {r.get('uac_exit')}")
    if r["lost"]:
        problems.append(f"{r['lost']:,} lost ({100 * r['lost'] / max(sent, 1):.2f}%)")
    if r["summaries"]:
        if r["uac_rtpcheck_streams"] != n or r["uac_rtpcheck_failed"]:
            problems.append(f"rtpcheck {r['uac_rtpcheck_failed']} failed of "
                            f"{r['uac_rtpcheck_streams']}")
        for side in ("uac", "uas"):
            for k in ("port_busy", "send_errors", "srtp_auth_failures", "srtp_replays",
                      "dtls_failures", "dtls_timeouts"):
                if r[f"{side}_{k}"]:
                    problems.append(f"{side} {k} {r[f'{side}_{k}']:,}")
            if secure and r[f"{side}_srtp_streams"] != n:
                problems.append(f"{side} srtp_streams {r[f'{side}_srtp_streams']:,}")
    r["problems"] = problems
    r["clean"] = not problems
    if r.get("cpu_uac") is not None:
        r["cpu_uac_k"] = r["cpu_uac"] * 100 * 1000 / n
        r["cpu_uas_k"] = r["cpu_uas"] * 100 * 1000 / n
    return r


# ---------------------------------------------------------------- report


def num(x, digits=1):
    return "—" if x is None else f"{x:,.{digits}f}"


HEADER = ("| streams | variant | calls ok | packets sent / back | rtpcheck failed | "
          "SRTP auth failures uac / uas | DTLS held (uac) | uac CPU % / 1k | uas CPU % / 1k | "
          "CPU / plain | p99 send error ms | others' load before, cores | step |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def total_cpu(r):
    if r.get("cpu_uac_k") is None:
        return None
    return r["cpu_uac_k"] + r["cpu_uas_k"]


def row(r, plain):
    ratio = "—"
    if r["variant"] != "plain" and plain is not None and plain["clean"] and r["clean"]:
        a, b = total_cpu(r), total_cpu(plain)
        if a is not None and b:
            ratio = f"**{a / b:.2f}**"
    return (f"| {r['streams']:,} | {r['variant']} | {r.get('uac_ok', 0):,} | "
            f"{r.get('uac_rtp_packets_sent', 0):,} / {r.get('uac_rtp_packets_received', 0):,} | "
            f"{r.get('uac_rtpcheck_failed', '—')} | {r.get('uac_srtp_auth_failures', '—')} / "
            f"{r.get('uas_srtp_auth_failures', '—')} | {r.get('uac_dtls_held_packets', 0):,} | "
            f"{num(r.get('cpu_uac_k'))} | {num(r.get('cpu_uas_k'))} | {ratio} | "
            f"{num(r.get('uac_p99'), 2)} | {num(r.get('quiet_before'), 2)} | "
            f"{'clean' if r['clean'] else '; '.join(r['problems'])} |")


def highest_clean(rows, variant):
    """The last step of the ladder before the first that is not clean."""
    best = 0
    for r in sorted((r for r in rows if r["variant"] == variant), key=lambda r: r["streams"]):
        if not r["clean"]:
            break
        best = r["streams"]
    return best


def summary(rows, variants, top):
    """The ratios, first: highest clean steps, and CPU where both were clean.
    A variant clean at the ladder's top step may go higher: said so."""
    lines = []
    plain = highest_clean(rows, "plain") if "plain" in variants else None
    for v in variants:
        h = highest_clean(rows, v)
        line = f"- {v}: highest clean step {h:,}" + (" (the ladder's top)" if h == top else "")
        if v != "plain" and plain:
            bound = "at most " if plain == top and h < top else ""
            line += f"; over plain's ({plain:,}): {bound}**{h / plain:.2f}** (goal ≥ 0.75)"
        cpu = []
        for r in rows:
            p = next((q for q in rows if q["variant"] == "plain" and q["streams"] == r["streams"]),
                     None)
            if (r["variant"] == v and v != "plain" and p and p["clean"] and r["clean"]
                    and total_cpu(r) is not None and total_cpu(p)):
                cpu.append(f"{total_cpu(r) / total_cpu(p):.2f} at {r['streams']:,}")
        if cpu:
            line += "; CPU (uac + uas) over plain's: " + ", ".join(cpu)
        lines.append(line)
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gossipper")
    ap.add_argument("--quick", action="store_true", help="8 s calls, 250 and 500 streams")
    ap.add_argument("--ladder", help="streams per step (default 250,500,1000,2000,3000)")
    ap.add_argument("--variants", default="plain,sdes,dtls")
    ap.add_argument("--seconds", type=int, help="tone and call length (default 10, quick 8)")
    ap.add_argument("--ramp", type=float, default=1.0, help="ramp seconds per 1,000 streams")
    ap.add_argument("--patience", type=float, default=180,
                    help="at most this long to wait for an idle machine before a step "
                         "(the table shows what else ran when it gave up)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("srtp_streams_bench.py: needs root (unshare, nsenter, iptables)")
    gossipper = os.path.realpath(args.gossipper)
    seconds = args.seconds or (8 if args.quick else 10)
    ladder = [int(x) for x in (args.ladder or ("250,500" if args.quick
                                               else "250,500,1000,2000,3000")).split(",")]
    variants = [v for v in args.variants.split(",") if v in VARIANTS]
    work = tempfile.mkdtemp(prefix="gossipper-srtp-")
    bench = Bench(gossipper, work, seconds, args.ramp, args.patience)
    print(f"# SRTP streams benchmark ({time.strftime('%Y-%m-%d %H:%M')}), outputs in {work}\n")
    print(f"{seconds} s calls (tone looped {seconds} times, then DTMF 1 2 3), echoed by the "
          f"uas; ramp {args.ramp:g} s per 1,000 calls; SIP -t u1 {' '.join(mb.BUFF)}; "
          f"{gossipper}\n")
    sys.stdout.flush()
    for v in variants:
        # A first start compiles the scenario: not in a measured step.
        r = bench.step(v, 1, measured=False)
        if not r["clean"]:
            print(f"note: {v} with one call is not clean: {'; '.join(r['problems'])}",
                  file=sys.stderr)
    rows = []
    going = {v: True for v in variants}
    table = [HEADER]
    for n in ladder:
        plain = None
        for v in variants:
            if not going[v]:
                continue
            r = bench.step(v, n)
            if v == "plain":
                plain = r
            table.append(row(r, plain))
            print(table[-1] if len(table) > 2 else "\n".join(table))
            sys.stdout.flush()
            print(f"    {json.dumps(r, default=str)}", file=sys.stderr)
            going[v] = not r["broken"]
            rows.append(r)
        if not any(going.values()):
            break
    print("\n## Ratios\n")
    print(summary(rows, variants, max(ladder)))
    print("\n## Steps\n")
    print("\n".join(table))
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(rows, f, indent=1, default=str)


if __name__ == "__main__":
    main()
