"""Media against the real SIPp, read on the wire by tshark: SIPp's uac_pcap
against our -rtp_echo, our uac_pcap against SIPp's -rtp_echo, our play_dtmf
decoded by tshark as RFC 2833 events, our rtp_stream (a file, a pattern)
against SIPp's echo, rtpcheck and -rtpcheck_debug's file against an echo
that spoils packets, and media files that cannot be played, refused before
any traffic.

usage: media_test.py sipp-uac|ours-uac|dtmf|stream|pattern|rtpcheck|rtpcheck-debug|builtins|
                     ipv6|bad-files"""

import glob
import json
import os
import signal
import subprocess
import sys
import time

import harness as h

G711 = "/usr/share/sip-tester/g711a.pcap"
DTMF1 = "/usr/share/sip-tester/dtmf_2833_1.pcap"
HERE = os.path.dirname(os.path.abspath(__file__))


def fields(path, display_filter, field, *decode):
    """One field of each packet of a capture that matches the filter."""
    out = subprocess.run(["tshark", "-r", path, *decode, "-Y", display_filter, "-T", "fields",
                          "-e", field], check=True, capture_output=True, text=True).stdout
    return [line.replace(":", "") for line in out.splitlines() if line.strip()]


def payloads(pcap):
    """The UDP payloads of a capture file, in order, as hex."""
    return fields(pcap, "udp", "udp.payload")


class Capture:
    """tshark on lo, to a pcap file: the UDP `ports` given, or a capture
    filter (a string)."""

    def __init__(self, work, ports, name="lo"):
        self.path = os.path.join(work, name + ".pcap")
        bpf = ports if isinstance(ports, str) else " or ".join(f"udp port {p}" for p in ports)
        self.proc = h.Proc("tshark-" + name, ["tshark", "-i", "lo", "-f", bpf, "-w", self.path,
                                              "-q"], work, group=True)
        deadline = time.time() + 15
        while "Capturing on" not in self.proc.errors():
            h.check(time.time() < deadline and self.proc.p.poll() is None,
                    "tshark did not start capturing: " + self.proc.errors())
            time.sleep(0.1)

    def stop(self):
        time.sleep(1)  # what is in flight reaches the file
        self.proc.signal(2)
        self.proc.wait(15)
        return self.path


def sipp_echo(work, echo, calls, host="127.0.0.1", name="uas"):
    """SIPp's uas answering `calls` calls on `host`, its -rtp_echo at `echo`;
    the process and its SIP port."""
    sip = h.free_port()
    uas = h.Proc(name, [h.SIPP, "-sn", "uas", "-p", str(sip), "-i", host, "-nostdin",
                        "-rtp_echo", "-mp", str(echo), "-m", str(calls)], work)
    time.sleep(0.7)
    return uas, sip


def summary(path):
    with open(path) as f:
        return json.load(f)["media"]


def sipp_uac(work):
    """SIPp's uac_pcap (raw sockets: root) against our UAS echoing."""
    calls = 2
    os.makedirs(os.path.join(work, "pcap"), exist_ok=True)
    for f in (G711, DTMF1):
        os.symlink(f, os.path.join(work, "pcap", os.path.basename(f)))
    sip, echo, uac_media = h.free_port(), h.free_port(), h.free_port()
    cap = Capture(work, [echo])
    uas = h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", "uas", "-p", str(sip), "-i", "127.0.0.1",
                         "-nostdin", "-rtp_echo", "-mp", str(echo), "-m", str(calls),
                         "-summary_json", "uas.json"], work)
    time.sleep(0.7)
    uac = h.Proc("uac", [h.SIPP, "-sn", "uac_pcap", f"127.0.0.1:{sip}", "-i", "127.0.0.1",
                         "-p", str(h.free_port()), "-mp", str(uac_media), "-nostdin", "-m",
                         str(calls), "-r", "2"], work)
    h.check(uac.wait(60) == 0, f"SIPp's uac_pcap exited {uac.rc}")
    h.check(uas.wait(30) == 0, f"our UAS exited {uas.rc}")
    sent = payloads(G711) + payloads(DTMF1)
    path = cap.stop()
    to_us = fields(path, f"udp.dstport == {echo}", "udp.payload")
    h.check(len(to_us) == calls * len(sent),
            f"{len(to_us)} packets reached our echo port, SIPp sent {calls} x {len(sent)}")
    echoed = fields(path, f"udp.srcport == {echo}", "udp.payload")
    h.check(sorted(echoed) == sorted(to_us),
            f"the echo is not what came: {len(echoed)} packets back for {len(to_us)}")
    h.check(sorted(to_us) == sorted(sent * calls), "the payloads are not the pcaps'")
    m = summary(os.path.join(work, "uas.json"))
    h.check(m["echoed_packets"] == len(to_us), f"echoed_packets {m['echoed_packets']}")
    h.check(m["rtp_packets_received"] == len(to_us), f"rtp_packets_received {m}")
    h.check(m["streams_measured"] == calls, f"streams_measured {m}")
    h.check(m["packets_lost"] == 0 and m["mos"]["min"] >= 4.0, f"quality {m}")


def ours_uac(work):
    """Our built-in uac_pcap (SIPp's pcaps from Debian's sip-tester) against
    SIPp's UAS echoing."""
    calls = 2
    echo, uac_media = h.free_port(), h.free_port()
    cap = Capture(work, [echo])
    uas, sip = sipp_echo(work, echo, calls)
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac_pcap", f"127.0.0.1:{sip}", "-i",
                         "127.0.0.1", "-p", str(h.free_port()), "-mp", str(uac_media), "-nostdin",
                         "-m", str(calls), "-r", "2", "-summary_json", "uac.json"], work)
    h.check(uac.wait(60) == 0, f"our uac_pcap exited {uac.rc}")
    h.check(uas.wait(30) == 0, f"SIPp's UAS exited {uas.rc}")
    sent = payloads(G711) + payloads(DTMF1)
    path = cap.stop()
    to_sipp = fields(path, f"udp.dstport == {echo}", "udp.payload")
    h.check(len(to_sipp) == calls * len(sent),
            f"{len(to_sipp)} packets reached SIPp's echo, the pcaps hold {calls} x {len(sent)}")
    h.check(sorted(to_sipp) == sorted(sent * calls), "the payloads are not the pcaps'")
    ports = {int(p) for p in fields(path, f"udp.dstport == {echo}", "udp.srcport")}
    expected_ports = {uac_media + 4 * i for i in range(calls)}
    h.check(ports == expected_ports, f"sent from {ports}, [auto_media_port] says {expected_ports}")
    echoed = fields(path, f"udp.srcport == {echo}", "udp.payload")
    m = summary(os.path.join(work, "uac.json"))
    h.check(m["rtp_packets_sent"] == len(to_sipp), f"rtp_packets_sent {m}")
    h.check(m["rtp_packets_received"] == len(echoed), f"received {m} for {len(echoed)} echoed")
    h.check(m["streams_measured"] == calls and m["mos"]["min"] >= 4.0, f"quality {m}")


def dtmf(work):
    """play_dtmf's events as tshark decodes them: the digits in order, each
    ended three times, durations in 8 kHz units."""
    echo, uac_media = h.free_port(), h.free_port()
    cap = Capture(work, [uac_media])
    uas, sip = sipp_echo(work, echo, 1)
    scenario = os.path.join(HERE, "scenarios", "uac_dtmf.xml")
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sf", scenario, f"127.0.0.1:{sip}", "-i",
                         "127.0.0.1", "-p", str(h.free_port()), "-mp", str(uac_media), "-nostdin",
                         "-m", "1", "-key", "dtmf", "19#", "-summary_json", "uac.json"], work)
    h.check(uac.wait(30) == 0, f"our UAC exited {uac.rc}")
    h.check(uas.wait(30) == 0, f"SIPp's UAS exited {uas.rc}")
    path = cap.stop()
    decode = ["-d", f"udp.port=={uac_media},rtp", "-o", "rtpevent.event_payload_type_value:96"]
    only = f"rtpevent && udp.srcport == {uac_media}"
    rows = list(zip(fields(path, only, "rtpevent.event_id", *decode),
                    fields(path, only, "rtpevent.end_of_event", *decode),
                    fields(path, only, "rtpevent.duration", *decode)))
    ends = [(int(e), int(d)) for e, end, d in rows if end in ("1", "True")]
    h.check([e for e, _ in ends] == [1, 1, 1, 9, 9, 9, 11, 11, 11],
            f"end packets {ends}, expected 1, 9 and # three times each")
    h.check(all(d == 120 * 8 for _, d in ends), f"end durations {ends}, expected 960")
    starts = [int(e) for e, end, _ in rows if end not in ("1", "True")]
    h.check(len(starts) == 3 * (120 // 20), f"{len(starts)} event packets before the ends")
    m = summary(os.path.join(work, "uac.json"))
    h.check(m["dtmf_digits"] == 3, f"dtmf_digits {m}")


def tone(work):
    """A raw PCMA file of 8000 bytes with a recognisable pattern."""
    path = os.path.join(work, "tone.raw")
    with open(path, "wb") as f:
        f.write(bytes((i * 7) % 256 for i in range(8000)))
    return path


class Echo:
    """A UDP echo of our own that spoils the payload of every `spoil`-th
    packet (0: none), on a thread."""

    def __init__(self, spoil):
        import socket
        import threading
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.spoil = spoil
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        n = 0
        while self.running:
            try:
                data, peer = self.sock.recvfrom(4096)
            except OSError:
                continue
            n += 1
            if self.spoil and n % self.spoil == 0:
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            self.sock.sendto(data, peer)

    def stop(self):
        self.running = False
        self.thread.join()
        self.sock.close()


def uas_answering_to(work, media_port):
    """SIPp's uas scenario with its SDP giving `media_port`."""
    # sipp -sd exits 99, as its other informational options do.
    text = subprocess.run([h.SIPP, "-sd", "uas"], capture_output=True, text=True).stdout
    path = os.path.join(work, "uas_media.xml")
    with open(path, "w") as f:
        f.write(text.replace("m=audio [media_port]", f"m=audio {media_port}"))
    return path


def stream_scenario(work, stream="FILE,2,8", pause_ms=2300):
    """uac_rtp_stream.xml with rtp_stream="`stream`" (FILE: tone.raw), the
    call lasting `pause_ms` after it starts."""
    # The file is read when the scenario loads: its name is written in.
    with open(os.path.join(HERE, "scenarios", "uac_rtp_stream.xml")) as f:
        text = f.read()
    text = text.replace('rtp_stream="FILE,2,8"', f'rtp_stream="{stream}"')
    text = text.replace('<pause milliseconds="2300"/>', f'<pause milliseconds="{pause_ms}"/>')
    if "FILE" in stream:
        text = text.replace("FILE", tone(work))
    scenario = os.path.join(work, "uac_rtp_stream.xml")
    with open(scenario, "w") as f:
        f.write(text)
    return scenario


def rtp_stream_call(work, uas_argv, extra=(), stream="FILE,2,8"):
    """Our UAC playing `stream` with rtp_stream (tone.raw twice by default);
    its exit code and summary."""
    sip = h.free_port()
    uas = h.Proc("uas", [h.SIPP, *uas_argv, "-p", str(sip), "-i", "127.0.0.1", "-nostdin",
                         "-m", "1"], work)
    time.sleep(0.7)
    scenario = stream_scenario(work, stream)
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sf", scenario, f"127.0.0.1:{sip}", "-i",
                         "127.0.0.1", "-p", str(h.free_port()), "-nostdin", "-m", "1",
                         "-summary_json", "uac.json", *extra], work)
    rc = uac.wait(30)
    h.check(uas.wait(30) == 0, f"SIPp's UAS exited {uas.rc}")
    return rc, summary(os.path.join(work, "uac.json"))


def debug_lines(work, kind="audio"):
    """The lines of the run's -rtpcheck_debug file of `kind`, and its text."""
    files = glob.glob(os.path.join(work, f"uac_rtp_stream_*_rtpcheck_{kind}.log"))
    h.check(len(files) == 1, f"one rtpcheck_{kind} file expected, found {files}")
    with open(files[0]) as f:
        text = f.read()
    return text.splitlines(), text


def stream(work):
    """rtp_stream from the port [rtpstream_audio_port] gave (inside
    -min_rtp_port's range), the file a packet's worth at a time, checked
    against SIPp's echo."""
    echo, low = h.free_port(), h.free_port()
    cap = Capture(work, [echo])
    rc, m = rtp_stream_call(work, ["-sn", "uas", "-rtp_echo", "-mp", str(echo)],
                            ["-min_rtp_port", str(low), "-max_rtp_port", str(low + 100)])
    h.check(rc == 0, f"our UAC exited {rc}")
    path = cap.stop()
    payloads = fields(path, f"udp.dstport == {echo}", "rtp.payload", "-d",
                      f"udp.port=={echo},rtp")
    with open(os.path.join(work, "tone.raw"), "rb") as f:
        data = f.read() * 2
    chunks = [data[i:i + 160].hex() for i in range(0, len(data), 160)]
    h.check(payloads == chunks, f"{len(payloads)} payloads, not the file's {len(chunks)} chunks")
    ports = {int(p) for p in fields(path, f"udp.dstport == {echo}", "udp.srcport")}
    h.check(len(ports) == 1 and low <= min(ports) < low + 100 and min(ports) % 2 == low % 2,
            f"sent from {ports}, not one port of the range from {low}")
    h.check(m["rtpcheck_streams"] == 1 and m["rtpcheck_failed"] == 0, f"rtpcheck {m}")


def pattern(work):
    """rtp_stream="apattern,3,8" against SIPp's -rtp_echo: every payload is
    pattern 3's byte (0xCC), SIPp sends each packet back, rtpcheck passes at
    -audiotolerance 0.05, and -rtpcheck_debug's file holds the stream's
    verdict and no wrong echo."""
    echo, low = h.free_port(), h.free_port()
    cap = Capture(work, [echo])
    rc, m = rtp_stream_call(work, ["-sn", "uas", "-rtp_echo", "-mp", str(echo)],
                            ["-min_rtp_port", str(low), "-max_rtp_port", str(low + 100),
                             "-rtpcheck_debug", "-audiotolerance", "0.05"], "apattern,3,8")
    h.check(rc == 0, f"our UAC exited {rc}")
    path = cap.stop()
    decode = ["-d", f"udp.port=={echo},rtp"]
    sent = fields(path, f"udp.dstport == {echo}", "rtp.payload", *decode)
    back = fields(path, f"udp.srcport == {echo}", "rtp.payload", *decode)
    # 2.3 s of 20 ms packets, until the call ends.
    h.check(100 <= len(sent) <= 130, f"{len(sent)} packets to SIPp's echo in 2.3 s")
    h.check(set(sent) == {"cc" * 160}, f"payloads other than 160 x 0xCC: {set(sent)}")
    h.check(len(back) == len(sent), f"SIPp echoed {len(back)} of {len(sent)}")
    h.check(m["rtp_packets_sent"] == len(sent), f"rtp_packets_sent {m}")
    h.check(m["rtpcheck_streams"] == 1 and m["rtpcheck_failed"] == 0, f"rtpcheck {m}")
    lines, _ = debug_lines(work)
    h.check(lines[0].startswith("# Gossipper -rtpcheck_debug, audio"), f"header {lines[:1]}")
    h.check(len(lines) == 2 and " PASSED RTP CHECK " in lines[1], f"lines {lines}")
    fields_of = dict(f.split("=", 1) for f in lines[1].split() if "=" in f)
    h.check(fields_of["source"] == "pattern:3" and fields_of["payload"] == "8/PCMA/8000" and
            int(fields_of["sent"]) == len(sent) and fields_of["differing"] == "0" and
            int(fields_of["matched"]) >= len(sent) - 2, f"verdict {fields_of}")
    h.check(not glob.glob(os.path.join(work, "*_rtpcheck_video.log")), "a video file, no video")


def rtpcheck_debug(work):
    """-rtpcheck_debug against an echo that spoils one packet in three (its
    last byte), the run stopped by SIGINT while the pattern plays: a line
    for each wrong echo with both payloads, then the stream's verdict, the
    file complete; the run exits 253 as rtpcheck failed."""
    spoiling = Echo(3)
    try:
        sip = h.free_port()
        h.Proc("uas", [h.SIPP, "-sf", uas_answering_to(work, spoiling.port), "-p", str(sip),
                       "-i", "127.0.0.1", "-nostdin", "-m", "1"], work)
        time.sleep(0.7)
        scenario = stream_scenario(work, "apattern,5,0,PCMU/8000", 60000)
        uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sf", scenario, f"127.0.0.1:{sip}", "-i",
                             "127.0.0.1", "-p", str(h.free_port()), "-nostdin", "-m", "1",
                             "-rtpcheck_debug", "-audiotolerance", "0.2", "-summary_json",
                             "uac.json"], work)
        time.sleep(2.5)
        h.check(uac.p.poll() is None, f"our UAC ended before the signal: {uac.rc}")
        uac.signal(signal.SIGINT)
        rc = uac.wait(30)
    finally:
        spoiling.stop()
    m = summary(os.path.join(work, "uac.json"))
    h.check(rc == 253 and m["rtpcheck_failed"] == 1, f"exit {rc}, {m}, expected 253")
    lines, text = debug_lines(work)
    h.check(text.endswith("\n"), "the file ends inside a line")
    wrong = [line for line in lines if " COMPARISON FAILED " in line]
    h.check(len(wrong) >= 25, f"{len(wrong)} wrong echoes in 2.5 s, one in three expected")
    for line in wrong:
        h.check(" reason=payload at=159 " in line and f" sent={'EE' * 160} " in line and
                line.endswith(f" received={'EE' * 159}11"), f"line {line!r}")
    h.check(len(lines) == 2 + len(wrong), f"{len(lines)} lines for {len(wrong)} wrong echoes")
    last = lines[-1]
    h.check(" FAILED RTP CHECK " in last and " source=pattern:5 payload=0/PCMU/8000 " in last and
            f" differing={len(wrong)} " in last, f"verdict {last!r}")


def rtpcheck(work):
    """An echo that spoils one packet in three: with -audiotolerance 0.2 the
    run exits 253 (SIPp's RTP validation failure); with 0.5 it passes."""
    spoiling = Echo(3)
    try:
        uas = uas_answering_to(work, spoiling.port)
        rc, m = rtp_stream_call(work, ["-sf", uas], ["-audiotolerance", "0.2"])
        h.check(rc == 253 and m["rtpcheck_failed"] == 1, f"exit {rc}, {m}, expected 253")
        rc, m = rtp_stream_call(work, ["-sf", uas], ["-audiotolerance", "0.5"])
        h.check(rc == 0 and m["rtpcheck_failed"] == 0 and m["rtpcheck_streams"] == 1,
                f"exit {rc}, {m}, expected 0")
    finally:
        spoiling.stop()


def builtins(work):
    """Our two media built-ins against SIPp: uac_media (a tone with
    rtp_stream, then DTMF) to SIPp's -rtp_echo, checked by rtpcheck and read
    by tshark; SIPp's uac_pcap to uas_media, whose per-call echo sends back
    exactly what came."""
    calls = 2
    echo, low = h.free_port(), h.free_port()
    cap = Capture(work, [echo])
    uas, sip = sipp_echo(work, echo, calls)
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac_media", f"127.0.0.1:{sip}", "-i",
                         "127.0.0.1", "-p", str(h.free_port()), "-min_rtp_port", str(low),
                         "-max_rtp_port", str(low + 20), "-nostdin", "-m", str(calls), "-r", "2",
                         "-summary_json", "uac.json"], work)
    h.check(uac.wait(60) == 0, f"our uac_media exited {uac.rc}")
    h.check(uas.wait(30) == 0, f"SIPp's UAS exited {uas.rc}")
    path = cap.stop()
    decode = ["-d", f"udp.port=={echo},rtp", "-o", "rtpevent.event_payload_type_value:96"]
    tone = fields(path, f"rtp.p_type == 0 && udp.dstport == {echo}", "rtp.seq", *decode)
    digits = fields(path, f"rtpevent && rtpevent.end_of_event == 1 && udp.dstport == {echo}",
                    "rtpevent.event_id", *decode)
    h.check(len(tone) == calls * 150, f"{len(tone)} PCMU packets, expected {calls} x 150")
    h.check(sorted(digits) == sorted(["1", "2", "3"] * 3 * calls), f"DTMF ends {digits}")
    m = summary(os.path.join(work, "uac.json"))
    h.check(m["rtpcheck_streams"] == calls and m["rtpcheck_failed"] == 0, f"rtpcheck {m}")
    h.check(m["dtmf_digits"] == 3 * calls and m["packets_lost"] == 0, f"{m}")

    os.makedirs(os.path.join(work, "pcap"), exist_ok=True)
    for f in (G711, DTMF1):
        os.symlink(f, os.path.join(work, "pcap", os.path.basename(f)))
    sip, low, uac_media = h.free_port(), h.free_port(), h.free_port()
    cap = Capture(work, [uac_media + 4 * i for i in range(calls)])
    uas = h.Proc("uas2", [h.GOSSIPPER, "sipp", "-sn", "uas_media", "-p", str(sip), "-i",
                          "127.0.0.1", "-nostdin", "-min_rtp_port", str(low), "-max_rtp_port",
                          str(low + 20), "-m", str(calls), "-summary_json", "uas.json"], work)
    time.sleep(0.7)
    uac = h.Proc("uac2", [h.SIPP, "-sn", "uac_pcap", f"127.0.0.1:{sip}", "-i", "127.0.0.1",
                          "-p", str(h.free_port()), "-mp", str(uac_media), "-nostdin", "-m",
                          str(calls), "-r", "2"], work)
    h.check(uac.wait(60) == 0, f"SIPp's uac_pcap exited {uac.rc}")
    h.check(uas.wait(30) == 0, f"our uas_media exited {uas.rc}")
    path = cap.stop()
    ports = " || ".join(f"udp.srcport == {uac_media + 4 * i}" for i in range(calls))
    sent = fields(path, ports, "udp.payload")
    back = fields(path, ports.replace("srcport", "dstport"), "udp.payload")
    h.check(len(sent) == calls * (len(payloads(G711)) + len(payloads(DTMF1))),
            f"SIPp sent {len(sent)}")
    h.check(sorted(back) == sorted(sent), f"{len(back)} echoed for {len(sent)} sent")
    m = summary(os.path.join(work, "uas.json"))
    h.check(m["echoed_packets"] == len(sent) and m["streams_measured"] == calls, f"{m}")


def ipv6(work):
    """uac_media over ::1 against SIPp's -rtp_echo: the SDP's c=IN IP6 is
    followed, the RTP goes over IPv6 both ways and passes rtpcheck."""
    echo, low = h.free_port(), h.free_port()
    cap = Capture(work, [echo])
    uas, sip = sipp_echo(work, echo, 1, "::1")
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac_media", f"[::1]:{sip}", "-i", "::1",
                         "-p", str(h.free_port()), "-min_rtp_port", str(low), "-max_rtp_port",
                         str(low + 20), "-nostdin", "-m", "1", "-summary_json", "uac.json"], work)
    h.check(uac.wait(60) == 0, f"our uac_media exited {uac.rc}")
    h.check(uas.wait(30) == 0, f"SIPp's UAS exited {uas.rc}")
    path = cap.stop()
    to_echo = fields(path, f"ipv6.dst == ::1 && udp.dstport == {echo}", "udp.payload")
    back = fields(path, f"ipv6.src == ::1 && udp.srcport == {echo}", "udp.payload")
    m = summary(os.path.join(work, "uac.json"))
    h.check(len(to_echo) == m["rtp_packets_sent"] == 194 and sorted(back) == sorted(to_echo),
            f"{len(to_echo)} IPv6 packets to the echo, {len(back)} back; ours {m}")
    h.check(m["rtpcheck_streams"] == 1 and m["rtpcheck_failed"] == 0, f"rtpcheck {m}")


BAD_FILES = [
    # (the action, what the error says)
    ('play_pcap_audio="missing.pcap"', "Can't open PCAP file"),
    ('play_pcap_audio="PCAPS/not_a_pcap.pcap"', "Can't open PCAP file"),
    ('play_pcap_audio="PCAPS/truncated.pcap"', "truncated packets"),
    ('play_pcap_audio="PCAPS/bad_link.pcap"', "link"),
    ('play_pcap_video="PCAPS/no_udp.pcap"', "no RTP/UDP packet"),
    ('rtp_stream="PCAPS/stereo.wav,1,8"', "not 8000 Hz mono"),
    ('rtp_stream="PCAPS/pcmu_20ms.pcap,1,99"', "Missing mandatory payload_name"),
]


def bad_files(work):
    """A media file that cannot be played stops the run before any traffic,
    with the action's line and column and a non-zero exit."""
    pcaps = os.path.join(work, "pcaps")
    subprocess.run([sys.executable, os.path.join(HERE, "..", "media", "make_pcaps.py"), "--out",
                    pcaps], check=True)
    with open(os.path.join(pcaps, "stereo.wav"), "wb") as f:
        fmt = (1).to_bytes(2, "little") + (2).to_bytes(2, "little") + (8000).to_bytes(4, "little")
        fmt += (32000).to_bytes(4, "little") + (4).to_bytes(2, "little") + (16).to_bytes(2, "little")
        body = b"WAVEfmt " + (16).to_bytes(4, "little") + fmt + b"data" + (4).to_bytes(4, "little")
        f.write(b"RIFF" + (len(body) + 4).to_bytes(4, "little") + body + b"\0\0\0\0")
    with open(os.path.join(HERE, "scenarios", "uac_dtmf.xml")) as f:
        template = f.read()
    line = template[:template.index("<exec play_dtmf")].count("\n") + 1
    column = template.splitlines()[line - 1].index("<exec") + 1
    import socket
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    peer.settimeout(0.5)
    for action, reason in BAD_FILES:
        scenario = os.path.join(work, "bad.xml")
        with open(scenario, "w") as f:
            f.write(template.replace('play_dtmf="[dtmf],120"', action.replace("PCAPS", pcaps)))
        p = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sf", scenario,
                           f"127.0.0.1:{peer.getsockname()[1]}", "-i", "127.0.0.1", "-nostdin",
                           "-m", "1"], work)
        rc = p.wait(20)
        err = p.errors()
        h.check(rc != 0, f"{action}: exit {rc}")
        h.check(f"{scenario}:{line}:{column}: error:" in err and reason in err,
                f"{action}: expected {scenario}:{line}:{column} and '{reason}', got {err!r}")
        try:
            data = peer.recv(4096)
            raise AssertionError(f"{action}: traffic before the refusal: {data[:60]!r}")
        except socket.timeout:
            pass


def test(work):
    if sys.argv[1] == "bad-files":
        bad_files(work)
        return
    if os.geteuid() != 0:
        # tshark captures on lo, and SIPp's pcap play opens raw sockets.
        print("skipped: needs root")
        sys.exit(77)
    {"sipp-uac": sipp_uac, "ours-uac": ours_uac, "dtmf": dtmf, "stream": stream,
     "pattern": pattern, "rtpcheck": rtpcheck, "rtpcheck-debug": rtpcheck_debug,
     "builtins": builtins, "ipv6": ipv6}[sys.argv[1]](work)


if __name__ == "__main__":
    h.main(test)
