"""HEP3 mirroring (-hep_addr) against a real Homer capture node: Debian's
Kamailio with its sipcapture module (tests/kamailio/hep.cfg), which writes a
line per HEP packet with the chunks it read. Our uac runs against SIPp's uas
with -trace_msg; every message of the trace must reach Kamailio once, with
our capture id, its Call-ID as correlation id, the right addresses and ports
for its direction, and its bytes unchanged.

  udp, tcp        every message mirrored, over UDP or TCP; the summary and
                  the final screen count them all sent
  udp_gso         udp with -udp_gso at 1,000 calls/s: packets of one size
                  leave in segmented sends (the summary's hep.segmented),
                  and Kamailio still reads every one whole
  wrong_password  Kamailio's route refuses every packet whose auth key is
                  not its password (the check can fail)
  unreachable_udp, unreachable_tcp
                  nobody at -hep_addr: the run ends as usual (exit 0, every
                  call successful), the failures are counted, and said once
  stalled_tcp     a TCP receiver that accepts and never reads: the calls go
                  on, the packets that do not fit are dropped, counted, and
                  said once
  tls             over TLS to a receiver in this script (Python's ssl, a
                  self-signed certificate), which decodes the HEP3 stream
                  itself: every message of the trace, its Call-ID and bytes
  rtcp            our uac_media against SIPp's -rtp_echo: every RTCP report
                  sent and received reaches Kamailio as type 5, with its
                  call's Call-ID and our media address
  qos             our uac_media against our uas_media, both mirroring to
                  Kamailio: one type 34 QoS report per stream, its JSON's
                  figures adding up to that side's -summary_json
  siptrace        Kamailio's siptrace module as a second HEP3 sender: its
                  packets and ours for the same requests, chunk by chunk

usage: hep_test.py udp|tcp|udp_gso|wrong_password|unreachable_udp|unreachable_tcp|stalled_tcp|tls|rtcp|
                   qos|siptrace"""

import collections
import json
import math
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time

import harness as h

CALLS = 20
CAPTURE_ID = 2001
PASSWORD = "s3cret"


def test(work):
    try:
        run(work, sys.argv[1])
    finally:
        h.stop_kamailio(work)


def trace_messages(path):
    """(direction, bytes) of every record of a -trace_msg file."""
    with open(path, "rb") as f:
        data = f.read()
    out = []
    head = re.compile(rb"\n?-{47} [^\n]*\n\w+ message (sent \((\d+) bytes\)|received \[(\d+)\] "
                      rb"bytes ):\n\n")
    pos = 0
    while True:
        m = head.search(data, pos)
        if not m:
            return out
        size = int(m.group(2) or m.group(3))
        out.append(("sent" if m.group(2) else "received", data[m.end():m.end() + size]))
        pos = m.end() + size


def call_id(message):
    m = re.search(rb"^(?:Call-ID|i)\s*:\s*(\S+)", message, re.M | re.I)
    return m.group(1).decode() if m else ""


def kamailio_lines(kamailio, key):
    """Kamailio's log lines holding `key` (the log may hold other bytes)."""
    kamailio.err.flush()
    with open(kamailio.err.name, errors="replace") as f:
        return [l for l in f.read().splitlines() if key in l]


def kamailio_packets(kamailio, want, key="HEPPKT"):
    """The lines Kamailio wrote for the packets it took (or refused), once
    `want` of them are there or Kamailio has been quiet for a while."""
    lines, last, quiet = [], -1, 0
    while quiet < 20:
        lines = kamailio_lines(kamailio, key)
        if len(lines) >= want:
            break
        quiet = quiet + 1 if len(lines) == last else 0
        last = len(lines)
        time.sleep(0.25)
    return lines


def parse_line(line):
    fields = dict(re.findall(r"(\w+)=(\S*)", line))
    return fields


def start_uas(work, uas_port, calls):
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(uas_port), "-i", "127.0.0.1",
                         "-nostdin", "-m", str(calls), "-cp", str(h.free_port())], work)
    time.sleep(0.5)
    return uas


def run_uac(work, uas_port, hep_args, calls=CALLS, rate=20, extra=()):
    local_port = h.free_port()
    summary = os.path.join(work, "summary.json")
    client = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{uas_port}",
                            "-i", "127.0.0.1", "-p", str(local_port), "-nostdin",
                            "-m", str(calls), "-r", str(rate), "-trace_msg", "-trace_err",
                            "-summary_json", summary, "-cp", str(h.free_port()),
                            *hep_args, *extra], work)
    client.wait(120)
    with open(summary) as f:
        doc = json.load(f)
    return client, local_port, doc


def messages_of(work, client, scenario="uac"):
    return trace_messages(os.path.join(work, f"{scenario}_{client.p.pid}_messages.log"))


def hep_warnings(work, client):
    path = os.path.join(work, f"uac_{client.p.pid}_errors.log")
    if not os.path.exists(path):
        return []
    with open(path, errors="replace") as f:
        return [l for l in f if "HEP:" in l]


def check_calls(client, calls=CALLS):
    a = h.counters(client.text())
    h.check(client.rc == 0 and a.get("Successful call") == calls,
            f"uac rc {client.rc} {a}\n{client.errors()[-2000:]}")


def mirrored(work, what):
    """udp, tcp, wrong_password: every message of the trace to Kamailio."""
    k_port, uas_port = h.free_port(), h.free_port()
    kamailio = h.start_kamailio(work, "hep.cfg", {"LISTEN_PORT": k_port, "PASSWORD": PASSWORD,
                                                  "DB_DIR": work})
    uas = start_uas(work, uas_port, CALLS)
    password = "wrong" if what == "wrong_password" else PASSWORD
    hep = ["-hep_addr", f"127.0.0.1:{k_port}", "-hep_capture_id", str(CAPTURE_ID),
           "-hep_password", password, "-hep_node_name", "gsp1"]
    if what == "tcp":
        hep += ["-hep_transport", "tcp"]
    if what == "udp_gso":
        hep += ["-udp_gso"]
    client, local_port, doc = run_uac(work, uas_port, hep, rate=1000 if what == "udp_gso" else 20)
    check_calls(client)
    uas.wait(30)
    msgs = messages_of(work, client)
    h.check(len(msgs) >= CALLS * 5, f"{len(msgs)} messages in the trace")
    transport = "tcp" if what == "tcp" else "udp"
    want_hep = {"receiver": f"{transport}:127.0.0.1:{k_port}", "sent": len(msgs), "dropped": 0,
                "failed": 0}
    if what == "udp_gso":
        segmented = doc.get("hep", {}).get("segmented", 0)
        h.check(segmented > 0, f"nothing sent segmented: {doc.get('hep')}")
        want_hep["segmented"] = segmented
    h.check(doc.get("hep") == want_hep, f"summary hep {doc.get('hep')} != {want_hep}")
    line = f"HEP to {transport}:127.0.0.1:{k_port}: {len(msgs)} packets sent, 0 dropped, 0 failed"
    h.check(line in client.text(), f"no final line '{line}' in:\n{client.text()[-1500:]}")
    if what == "wrong_password":
        refused = kamailio_packets(kamailio, len(msgs), "HEPREJECT")
        taken = kamailio_lines(kamailio, "HEPPKT")
        h.check(len(refused) == len(msgs) and not taken,
                f"{len(refused)} refused, {len(taken)} taken of {len(msgs)}")
        return
    lines = kamailio_packets(kamailio, len(msgs))
    got = collections.Counter()
    for l in lines:
        f = parse_line(l)
        got[(f["proto"], f["type"], f["capture"], f["src"], f["dst"], f["cid"],
             f["payload"])] += 1
    want = collections.Counter()
    ours, theirs = f"127.0.0.1:{local_port}", f"127.0.0.1:{uas_port}"
    proto = "17"  # the SIP messages' transport (UDP), whatever carries the HEP packets
    for direction, body in msgs:
        src, dst = (ours, theirs) if direction == "sent" else (theirs, ours)
        want[(proto, "1", str(CAPTURE_ID), src, dst, call_id(body), body.hex())] += 1
    missing = want - got
    extra = got - want
    h.check(not missing and not extra,
            f"{len(lines)} packets at Kamailio, {len(msgs)} messages traced; missing "
            f"{str(list(missing.items())[:2])[:1500]} extra {str(list(extra.items())[:2])[:1500]}")
    h.check(kamailio.p.poll() is None, "kamailio ended during the test")


def check_lost(work, client, doc, how, said):
    """Packets lost `how` (failed, dropped), every message accounted for in
    the summary, and one warning saying `said`."""
    msgs = messages_of(work, client)
    got = doc.get("hep", {})
    h.check(got.get(how, 0) > 0 and
            got.get("sent", 0) + got.get("failed", 0) + got.get("dropped", 0) == len(msgs),
            f"summary hep {got} for {len(msgs)} messages")
    warnings = hep_warnings(work, client)
    h.check(len(warnings) == 1 and said in warnings[0], f"HEP warnings: {warnings}")


def unreachable(work, what):
    """Nobody at -hep_addr: the run goes on; counted, said once."""
    uas_port, closed = h.free_port(), h.free_port()
    uas = start_uas(work, uas_port, CALLS)
    hep = ["-hep_addr", f"127.0.0.1:{closed}"]
    if what == "unreachable_tcp":
        hep += ["-hep_transport", "tcp"]
    client, _, doc = run_uac(work, uas_port, hep)
    check_calls(client)
    uas.wait(30)
    check_lost(work, client, doc, "failed", "fail")


def stalled(work):
    """A TCP receiver that never reads: drops counted, the calls unharmed."""
    uas_port, hep_port = h.free_port(), h.free_port()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    listener.bind(("127.0.0.1", hep_port))
    listener.listen(1)
    calls = 3000
    uas = start_uas(work, uas_port, calls)
    # A big -hep_queue would hold the whole run: the smallest one.
    client, _, doc = run_uac(work, uas_port,
                             ["-hep_addr", f"127.0.0.1:{hep_port}", "-hep_transport", "tcp",
                              "-hep_queue", "65536"], calls=calls, rate=500)
    listener.close()
    check_calls(client, calls)
    uas.wait(60)
    check_lost(work, client, doc, "dropped", "queue")


def rtcp(work):
    """RTCP reports as type 5: as many as the summary counts, each a report
    (RTCP version 2, SR or RR first) of one of the run's calls."""
    calls = 2
    k_port, uas_port, echo, low = h.free_port(), h.free_port(), h.free_port(), h.free_port()
    kamailio = h.start_kamailio(work, "hep.cfg", {"LISTEN_PORT": k_port, "PASSWORD": PASSWORD,
                                                  "DB_DIR": work})
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-rtp_echo", "-mp", str(echo), "-p", str(uas_port),
                         "-i", "127.0.0.1", "-nostdin", "-m", str(calls),
                         "-cp", str(h.free_port())], work)
    time.sleep(0.5)
    local_port = h.free_port()
    client = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac_media", f"127.0.0.1:{uas_port}",
                            "-i", "127.0.0.1", "-p", str(local_port), "-min_rtp_port", str(low),
                            "-max_rtp_port", str(low + 20), "-nostdin", "-m", str(calls),
                            "-r", "2", "-trace_msg", "-summary_json", "summary.json",
                            "-cp", str(h.free_port()), "-hep_addr", f"127.0.0.1:{k_port}",
                            "-hep_password", PASSWORD], work)
    h.check(client.wait(60) == 0, f"our uac_media exited {client.rc}")
    uas.wait(30)
    with open(os.path.join(work, "summary.json")) as f:
        doc = json.load(f)
    m = doc["media"]
    reports = m["rtcp_packets_sent"] + m["rtcp_packets_received"]
    msgs = messages_of(work, client, "uac_media")
    lines = kamailio_packets(kamailio, len(msgs) + reports + calls)
    got = [parse_line(l) for l in lines if "type=5" in l]
    qos_reports = [l for l in lines if "type=34" in l]  # each stream's at its end
    ids = {call_id(body) for _, body in msgs}
    h.check(m["rtcp_packets_sent"] >= calls and len(got) == reports,
            f"{len(got)} RTCP packets at Kamailio, the summary counts {reports}: {m}")
    for f in got:
        h.check(f["cid"] in ids and f["payload"][:1] == "8" and f["payload"][2:4] in ("c8", "c9"),
                f"not a report of our calls: {f}")
        ports = {int(f["src"].split(":")[1]), int(f["dst"].split(":")[1])}
        h.check(any(low <= p <= low + 21 for p in ports), f"not from or to our media: {f}")
    h.check(len(qos_reports) == calls and
            doc["hep"]["sent"] == len(msgs) + reports + len(qos_reports),
            f"summary hep {doc['hep']}: {len(msgs)} SIP, {reports} RTCP, {len(qos_reports)} QoS")


def qos_side(work, name, argv, capture_id, k_port):
    """One side of the QoS run: our binary with HEP to Kamailio."""
    return h.Proc(name, [h.GOSSIPPER, "sipp", *argv, "-i", "127.0.0.1", "-nostdin",
                         "-trace_msg", "-summary_json", f"{name}.json",
                         "-cp", str(h.free_port()), "-hep_addr", f"127.0.0.1:{k_port}",
                         "-hep_password", PASSWORD, "-hep_capture_id", str(capture_id)], work)


def mos_bucket(mos):
    """The summary's MOS: the hundredth a stream's falls in (lround)."""
    return (100 + math.floor((mos - 1.0) * 100 + 0.5)) / 100


def check_qos_reports(reports, lines, doc, ids, side):
    """One side's type 34 reports against its own summary: one per stream,
    each from our media to the peer's, the figures adding up to the summary's."""
    m = doc["media"]
    h.check(reports and len(reports) == len({r["CORRELATION_ID"] for r in reports}),
            f"{side}: not one report per call: {reports}")
    for r, f in zip(reports, lines):
        h.check(r["CORRELATION_ID"] == f["cid"] == r["RTP_SIP_CALL_ID"] and f["cid"] in ids,
                f"{side}: a report for no call of ours: {f} {r}")
        h.check(f["src"] == f"{r['DST_IP']}:{r['DST_PORT']}" and
                f["dst"] == f"{r['SRC_IP']}:{r['SRC_PORT']}" and f["proto"] == "17",
                f"{side}: the chunks' addresses are not the stream's: {f} {r}")
        h.check(r["TYPE"] == "FINAL" and r["MEDIA"] == "audio" and r["CODEC_NAME"] == "PCMU",
                f"{side}: {r}")
    measured = [r for r in reports if r["TOTAL_PK"] > 0]
    total = lambda key, rs=reports: sum(r.get(key, 0) for r in rs)
    want = {"streams_measured": len(measured), "rtp_packets_received": total("TOTAL_PK"),
            "rtp_octets_received": total("TL_BYTE"), "rtp_packets_sent": total("SENT_PK"),
            "rtp_octets_sent": total("SENT_BYTE"), "packets_expected": total("EXPECTED_PK"),
            "packets_lost": total("PACKET_LOSS"), "unattributed_packets": 0}
    got = {k: m[k] for k in want}
    h.check(got == want and measured, f"{side}: summary {got}, the reports add up to {want}")
    jitter = max(math.floor(r["MAX_JITTER"] * 1000.0) for r in measured) / 1000.0
    mos = min(mos_bucket(r["MOS"]) for r in measured)
    h.check(jitter == m["max_jitter_ms"] and mos == m["mos"]["min"] and
            all(1.0 <= r["MOS"] <= 4.5 and r["RFACTOR"] > 0 for r in measured),
            f"{side}: jitter {jitter} MOS {mos}; summary {m['max_jitter_ms']} {m['mos']}")


def qos(work):
    """Our uac_media against our uas_media, both with -hep_addr: each
    stream's QoS report reaches Kamailio as type 34, once, its JSON with
    the figures of that side's -summary_json."""
    calls = 2
    k_port, uas_port = h.free_port(), h.free_port()
    low_uas, low_uac = h.free_port(), h.free_port()
    kamailio = h.start_kamailio(work, "hep.cfg", {"LISTEN_PORT": k_port, "PASSWORD": PASSWORD,
                                                  "DB_DIR": work})
    uas = qos_side(work, "uas_media", ["-sn", "uas_media", "-p", str(uas_port), "-m", str(calls),
                                       "-min_rtp_port", str(low_uas),
                                       "-max_rtp_port", str(low_uas + 20)], 2002, k_port)
    time.sleep(0.5)
    uac = qos_side(work, "uac_media", ["-sn", "uac_media", f"127.0.0.1:{uas_port}",
                                       "-p", str(h.free_port()), "-m", str(calls), "-r", "2",
                                       "-min_rtp_port", str(low_uac),
                                       "-max_rtp_port", str(low_uac + 20)], 2001, k_port)
    h.check(uac.wait(60) == 0, f"our uac_media exited {uac.rc}")
    h.check(uas.wait(30) == 0, f"our uas_media exited {uas.rc}")
    sides = []
    for proc, capture in ((uac, "2001"), (uas, "2002")):
        with open(os.path.join(work, f"{proc.name}.json")) as f:
            doc = json.load(f)
        m = doc["media"]
        msgs = messages_of(work, proc, proc.name)
        sides.append((proc.name, capture, doc, msgs,
                      len(msgs) + m["rtcp_packets_sent"] + m["rtcp_packets_received"]))
    lines = kamailio_packets(kamailio, sum(s[4] for s in sides) + 2 * calls)
    for name, capture, doc, msgs, others in sides:
        mine = [parse_line(l) for l in lines if f"capture={capture} " in l]
        qos_lines = [f for f in mine if f["type"] == "34"]
        reports = [json.loads(bytes.fromhex(f["payload"])) for f in qos_lines]
        check_qos_reports(reports, qos_lines, doc, {call_id(b) for _, b in msgs}, name)
        h.check(doc["hep"]["sent"] == others + len(reports) == len(mine) and
                doc["hep"]["dropped"] == doc["hep"]["failed"] == 0,
                f"{name}: summary hep {doc['hep']}, {others} SIP and RTCP, {len(reports)} "
                f"reports, {len(mine)} at Kamailio")


def hep3_layout(packet):
    """[(vendor, type, length, value)] of a HEP3 packet's chunks, once its
    header ("HEP3", the total length) is checked."""
    h.check(packet[:4] == b"HEP3" and int.from_bytes(packet[4:6], "big") == len(packet),
            f"not a whole HEP3 packet: {packet[:8]!r}, {len(packet)} bytes")
    chunks, i = [], 6
    while i < len(packet):
        vendor, kind, size = (int.from_bytes(packet[j:j + 2], "big") for j in (i, i + 2, i + 4))
        h.check(size >= 6 and i + size <= len(packet), f"a chunk of {size} bytes at {i}")
        chunks.append((vendor, kind, size, packet[i + 6:i + size]))
        i += size
    return chunks


def udp_receiver():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
    s.bind(("127.0.0.1", 0))
    s.settimeout(2)
    return s


def received(sock, want):
    """The datagrams that reached `sock`: `want` of them, or all until it
    has been quiet for two seconds."""
    out = []
    while len(out) < want:
        try:
            out.append(sock.recv(1 << 16))
        except socket.timeout:
            break
    return out


# Chunk widths both senders must agree on (the rest are octets): family,
# protocol and type one byte, IPv4 addresses four, ports 16 bits, the
# seconds, µs and capture id 32 bits.
FIXED_WIDTHS = {0x01: 1, 0x02: 1, 0x03: 4, 0x04: 4, 0x07: 2, 0x08: 2, 0x09: 4, 0x0a: 4,
                0x0b: 1, 0x0c: 4}


def compare_layouts(ours, theirs, begun, ended):
    """Our packet and Kamailio's for the same request: the same chunk ids,
    widths and values, but for the time, which is each sender's own."""
    a = {(v, t): (n, val) for v, t, n, val in ours}
    b = {(v, t): (n, val) for v, t, n, val in theirs}
    h.check(set(a) == set(b), f"chunks: ours {sorted(a)}, Kamailio's {sorted(b)}")
    h.check(ours[-1][1] == theirs[-1][1] == 0x0f, "the payload is not the last chunk")
    for (vendor, kind), (size, value) in b.items():
        h.check(vendor == 0, f"vendor {vendor}")
        if kind in FIXED_WIDTHS:
            h.check(size - 6 == FIXED_WIDTHS[kind] == a[(vendor, kind)][0] - 6,
                    f"chunk {kind:#06x}: ours {a[(vendor, kind)][0]} bytes, Kamailio's {size}")
        if kind not in (0x09, 0x0a):
            h.check(a[(vendor, kind)][1] == value,
                    f"chunk {kind:#06x}: ours {a[(vendor, kind)][1]!r}, Kamailio's {value!r}")
    when = [int.from_bytes(x[(0, 9)][1], "big") * 1000000 + int.from_bytes(x[(0, 10)][1], "big")
            for x in (a, b)]
    h.check(all(int.from_bytes(x[(0, 10)][1], "big") < 1000000 for x in (a, b)) and
            begun <= when[0] <= when[1] <= ended,
            f"times (µs) ours {when[0]}, Kamailio's {when[1]}, run {begun}..{ended}: ours is "
            f"when the request left, Kamailio's when it handled it")


def siptrace(work):
    """Kamailio's siptrace mirrors the requests our uac sends it; we mirror
    them too: the two HEP3 packets of each request, chunk by chunk."""
    calls, capture = 10, 100001  # a capture id beyond 16 bits
    ours_rx, theirs_rx = udp_receiver(), udp_receiver()
    sip_port = h.free_port()
    h.start_kamailio(work, "siptrace.cfg", {"SIP_PORT": sip_port, "CAPTURE_ID": capture,
                                            "HEP_PORT": theirs_rx.getsockname()[1],
                                            "PASSWORD": PASSWORD})
    begun = time.time_ns() // 1000
    client, local_port, doc = run_uac(
        work, sip_port, ["-hep_addr", f"127.0.0.1:{ours_rx.getsockname()[1]}",
                         "-hep_capture_id", str(capture), "-hep_password", PASSWORD],
        calls=calls, rate=10)
    ended = time.time_ns() // 1000
    check_calls(client, calls)
    theirs = received(theirs_rx, 3 * calls)  # INVITE, ACK, BYE
    ours = received(ours_rx, doc["hep"]["sent"])
    h.check(len(theirs) == 3 * calls and len(ours) == doc["hep"]["sent"] == 5 * calls,
            f"{len(theirs)} packets from Kamailio, {len(ours)} of our {doc['hep']}")
    by_payload = {}
    for p in ours:
        layout = hep3_layout(p)
        by_payload[layout[-1][3]] = layout
    for p in theirs:
        layout = hep3_layout(p)
        h.check(layout[-1][3] in by_payload,
                f"a request Kamailio traced that we did not send: {layout[-1][3][:200]!r}")
        compare_layouts(by_payload[layout[-1][3]], layout, begun, ended)
    first = dict(((t, v) for _, t, _, v in hep3_layout(theirs[0])))
    h.check(first[0x03] == first[0x04] == socket.inet_aton("127.0.0.1") and
            int.from_bytes(first[0x07], "big") == local_port and
            int.from_bytes(first[0x08], "big") == sip_port and
            int.from_bytes(first[0x0c], "big") == capture and first[0x01] == b"\x02" and
            first[0x02] == b"\x11" and first[0x0b] == b"\x01" and first[0x0e] == PASSWORD.encode(),
            f"Kamailio's packet: {first}")


def hep3_chunks(packet):
    """{type: value} of a HEP3 packet's vendor-0 chunks."""
    chunks, i = {}, 6
    while i + 6 <= len(packet):
        vendor, kind, size = (int.from_bytes(packet[j:j + 2], "big") for j in (i, i + 2, i + 4))
        h.check(size >= 6, f"a chunk of {size} bytes")
        if vendor == 0:
            chunks[kind] = packet[i + 6:i + size]
        i += size
    return chunks


def tls_receiver(listener, packets, done):
    """Accepts one TLS connection and splits its stream into HEP3 packets."""
    conn, _ = listener.accept()
    data = b""
    while True:
        try:
            chunk = conn.recv(1 << 16)
        except (ssl.SSLError, OSError):
            chunk = b""
        if not chunk:
            break
        data += chunk
        while len(data) >= 6 and len(data) >= int.from_bytes(data[4:6], "big"):
            size = int.from_bytes(data[4:6], "big")
            h.check(data[:4] == b"HEP3" and size > 6, f"not a HEP3 packet: {data[:8]!r}")
            packets.append(data[:size])
            data = data[size:]
    done.set()


def tls(work):
    """HEP over TLS, read by a receiver of this script."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "hep.key", "-out",
                    "hep.crt", "-days", "2", "-subj", "/CN=127.0.0.1"],
                   cwd=work, check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(work, "hep.crt"), os.path.join(work, "hep.key"))
    hep_port, uas_port = h.free_port(), h.free_port()
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.bind(("127.0.0.1", hep_port))
    raw.listen(1)
    listener = context.wrap_socket(raw, server_side=True)
    packets, done = [], threading.Event()
    threading.Thread(target=tls_receiver, args=(listener, packets, done), daemon=True).start()
    uas = start_uas(work, uas_port, CALLS)
    client, _, doc = run_uac(work, uas_port, ["-hep_addr", f"127.0.0.1:{hep_port}",
                                              "-hep_transport", "tls", "-hep_node_name", "gsp1"])
    check_calls(client)
    uas.wait(30)
    h.check(done.wait(10), "the TLS connection was not closed at the end of the run")
    msgs = messages_of(work, client)
    got = collections.Counter()
    for p in packets:
        c = hep3_chunks(p)
        got[(c[0x11].decode(), c[0x0f], c[0x13])] += 1
    want = collections.Counter((call_id(body), body, b"gsp1") for _, body in msgs)
    h.check(got == want and doc["hep"]["sent"] == len(msgs),
            f"{len(packets)} packets over TLS for {len(msgs)} messages; summary {doc['hep']}")


def run(work, what):
    h.check(shutil.which(h.KAMAILIO) or os.path.exists(h.KAMAILIO), f"no {h.KAMAILIO}")
    if what in ("udp", "tcp", "udp_gso", "wrong_password"):
        mirrored(work, what)
    elif what.startswith("unreachable"):
        unreachable(work, what)
    elif what == "stalled_tcp":
        stalled(work)
    elif what == "rtcp":
        rtcp(work)
    elif what == "tls":
        tls(work)
    elif what == "qos":
        qos(work)
    elif what == "siptrace":
        siptrace(work)
    else:
        raise AssertionError("unknown case " + what)


if __name__ == "__main__":
    h.main(test)
