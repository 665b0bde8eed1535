"""SRTP with SDES keys and DTLS-SRTP against other programs, read on the
wire by tshark:

  rtpengine  our uac_srtp (RTP/SAVP, two a=crypto lines) through Kamailio and
             a userspace rtpengine that makes the callee's side plain RTP/AVP
             to our uas_media, which echoes: rtpengine decrypts what we
             encrypted (our UAS gets the plain tone), we decrypt what it
             encrypted (no authentication failure, rtpcheck passes on the
             echo), and no plaintext payload leaves our UAC;
  baresip    Debian's baresip with its srtp module: it calls our uas_srtp,
             and our uac_srtp calls it; audio both ways, authenticated.
  (and -dtls variants of both: DTLS-SRTP's handshake instead of SDES keys,
  rtpengine-dtls-passive with rtpengine serving it)
  rtpengine-aead  uac_srtp offering Gossipper's AEAD suites to rtpengine;
  rtpengine-ice  uac_dtls with ICE-lite lines through rtpengine told
             ICE=force: its connectivity checks to us are answered;
  dtls-bad   a fingerprint that is not the certificate's, and a SIPp peer
             that never speaks DTLS: the handshake fails, the call fails,
             nothing leaves in the clear.

-srtpcheck_debug's file (docs/srtp.md), read back:

  debug          our uac_srtp calls our uas_srtp three times, both with the
                 option: each file has one SDES KEYED line and one SRTP
                 STREAM END line per call, the two ends name the same keys
                 (by digest, which is the SHA-256 of the SDPs' keys), and no
                 key of the SDPs is in either file, in any form;
  debug-dtls     the same with uac_dtls and uas_dtls: per call, the
                 handshake started in each side's role, keyed, and the
                 stream's end keyed by DTLS;
  debug-garbage  our uac_srtp against SIPp's uas whose answer carries a key
                 of its own and points at a UDP echo: everything that comes
                 back is our own SRTP, which fails the check under the
                 peer's key. The run stopped by SIGINT, the file is whole:
                 ten SRTP AUTH FAILED lines, one LIMIT line, and the end
                 line counting them all.

usage: srtp_peers_test.py rtpengine|baresip|rtpengine-dtls|rtpengine-dtls-passive|
                          baresip-dtls|rtpengine-ice|rtpengine-aead|dtls-bad|debug|debug-dtls|
                          debug-garbage"""

import base64
import glob
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time

import harness as h

sys.dont_write_bytecode = True
import dtls_wire  # noqa: E402
from media_peers_test import (baresip_argv, baresip_home, free_range,  # noqa: E402
                              start_baresip, start_rtpengine)
from media_test import Capture, Echo, fields, summary  # noqa: E402


def rtp_payloads(path, src_port, dst_port):
    """The RTP payloads (hex, header of 12 bytes off) from one port to another."""
    out = fields(path, f"udp.srcport == {src_port} && udp.dstport == {dst_port}", "udp.payload")
    # RTCP (payload types 200-204) shares ports when muxed: RTP only.
    return [p[24:] for p in out if not 0xc8 <= int(p[2:4], 16) & 0xff <= 0xcc]


def is_plain_rtcp(payload):
    """Whether a datagram (hex) is RTCP without SRTCP's index and tag: its
    packets' lengths add up to the datagram's."""
    data = bytes.fromhex(payload)
    at = 0
    while at + 4 <= len(data):
        if data[at] >> 6 != 2 or not 200 <= data[at + 1] <= 206:
            return False
        at += (int.from_bytes(data[at + 2:at + 4], "big") + 1) * 4
    return at == len(data)


def rtcp_count(path, src_ports, dst_ports):
    """RTCP or SRTCP datagrams (payload type 200-204) between port ranges."""
    out = fields(path, f"udp.srcport in {{{src_ports.start}..{src_ports.stop - 1}}} && "
                       f"udp.dstport in {{{dst_ports.start}..{dst_ports.stop - 1}}} && !sip",
                 "udp.payload")
    return len([p for p in out if len(p) >= 4 and 200 <= int(p[2:4], 16) <= 204])


def plain_rtcp_count(path, src_ports, dst_ports):
    """Plain (not SRTCP) RTCP datagrams between those port ranges."""
    out = fields(path, f"udp.srcport in {{{src_ports.start}..{src_ports.stop - 1}}} && "
                       f"udp.dstport in {{{dst_ports.start}..{dst_ports.stop - 1}}} && !sip",
                 "udp.payload")
    return len([p for p in out if is_plain_rtcp(p)])


def check_no_plaintext(cipher, plain, what):
    """No encrypted payload carries one of the plain payloads."""
    h.check(len(cipher) >= 100 and len(plain) >= 100,
            f"{what}: {len(cipher)} encrypted and {len(plain)} plain payloads")
    clear = set(plain)
    leaked = [c for c in cipher if any(c.startswith(p) for p in clear if p)]
    h.check(not leaked, f"{what}: {len(leaked)} payloads left in the clear")


# --- rtpengine -------------------------------------------------------------

def check_ice(path, uac_m, uac_low):
    """rtpengine (full ICE, controlling) checked our candidate; we answered
    each check."""
    checks = fields(path, f"stun.type == 0x0001 && udp.dstport in {{{uac_low}..{uac_low + 9}}}",
                    "frame.number")
    answers = fields(path, f"stun.type == 0x0101 && udp.srcport in {{{uac_low}..{uac_low + 9}}}",
                     "frame.number")
    print("ICE: checks", len(checks), "answers", len(answers), "ours", uac_m["ice_checks_answered"])
    h.check(checks and len(answers) == len(checks) == uac_m["ice_checks_answered"] and
            uac_m["ice_checks_refused"] == 0, f"ICE checks {checks}, answers {answers}: {uac_m}")


def check_engine_dtls(path, uac_m, engine_range, uac_low, answer_flags):
    """The handshake between rtpengine and our UAC, and its keys at work;
    how many of rtpengine's datagrams may fail our check."""
    h.check(uac_m["dtls_handshakes"] == 1 and uac_m["dtls_failures"] == 0,
            f"our UAC's DTLS: {uac_m}")
    # rtpengine answers a=setup:active, or passive when told to: the
    # passive side sends the one ServerHello. (Told DTLS=passive,
    # rtpengine sends a ClientHello of its own too, which we leave.)
    ours = range(uac_low, uac_low + 10)
    server = engine_range if "DTLS=passive" in answer_flags else ours
    hellos = [(d.src, r.body) for d in dtls_wire.datagrams(path) for r in d.records
              if r.handshake_type() == dtls_wire.SERVER_HELLO]
    server_hellos = [src for src, _ in hellos]
    h.check(len(server_hellos) == 1 and server_hellos[0] in server,
            f"ServerHellos from {server_hellos}, expected from {server}")
    profile_chosen = [dtls_wire.srtp_profile(body) for _, body in hellos]
    print("the profile rtpengine and we agreed:", profile_chosen)
    # The server's choice among ours: AES-CM-80 (ours first) when we
    # serve; rtpengine prefers AEAD-AES-256-GCM.
    h.check(profile_chosen == (["0x0008"] if "DTLS=passive" in answer_flags else ["0x0001"]),
            f"use_srtp profile {profile_chosen}")
    # rtpengine 10.5's SRTCP under DTLS keys fails libsrtp's check (its
    # SRTP passes, and its SRTCP under SDES keys passes): see
    # docs/srtp.md. Those RTCP datagrams, and only those, may fail.
    return rtcp_count(path, engine_range, range(uac_low, uac_low + 10))


def rtpengine(work, uac="uac_srtp", profile="RTP/SAVP", flags="RTP/AVP", answer_flags="",
              ice=False, aead=False):
    ng, proxy, uas_sip, uac_sip = h.free_port(), h.free_port(), h.free_port(), h.free_port()
    engine_ports = free_range(20)
    uac_low, uas_low = free_range(10), free_range(10)
    cap = Capture(work, f"udp portrange {engine_ports}-{engine_ports + 19} or "
                        f"udp portrange {uac_low}-{uac_low + 9} or "
                        f"udp portrange {uas_low}-{uas_low + 9} or udp port {uas_sip} or "
                        f"udp port {uac_sip}")
    engine = start_rtpengine(work, ng, engine_ports)
    try:
        h.start_kamailio(work, "rtpengine.cfg",
                         {"UDP_PORT": proxy, "UAS_PORT": uas_sip, "NG_PORT": ng,
                          "OFFER_FLAGS": flags, "ANSWER_FLAGS": answer_flags})
        uas = h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", "uas_media", "-p", str(uas_sip), "-i",
                             "127.0.0.1", "-nostdin", "-min_rtp_port", str(uas_low),
                             "-max_rtp_port", str(uas_low + 9), "-m", "1",
                             "-summary_json", "uas.json"], work)
        time.sleep(0.7)
        which = ["-sf", uac] if uac.endswith(".xml") else ["-sn", uac]
        uac = h.Proc("uac", [h.GOSSIPPER, "sipp", *which, f"127.0.0.1:{proxy}", "-i",
                             "127.0.0.1", "-p", str(uac_sip), "-min_rtp_port", str(uac_low),
                             "-max_rtp_port", str(uac_low + 9), "-nostdin", "-m", "1",
                             "-summary_json", "uac.json"], work)
        # 253: rtpcheck found the echo differing from what was sent.
        h.check(uac.wait(60) == 0, f"our UAC exited {uac.rc}: " + uac.text()[-1500:])
        h.check(uas.wait(30) == 0, f"our UAS exited {uas.rc}")
    finally:
        h.stop_kamailio(work)
        engine.signal(15)
        engine.wait(15)
    path = cap.stop()
    # The offer reached our UAS as plain RTP/AVP, the answer reached our
    # UAC as RTP/SAVP with rtpengine's key.
    # SIP on the ports we drew: a port tshark gives another protocol
    # (19999, DNP3's) would hide the messages otherwise.
    sip = ["-d", f"udp.port=={uas_sip},sip", "-d", f"udp.port=={uac_sip},sip"]
    invite = fields(path, f'sip.Method == "INVITE" && udp.dstport == {uas_sip}', "sdp.media", *sip)
    answer = fields(path, f'sip.Status-Code == 200 && udp.dstport == {uac_sip}', "sdp.media", *sip)
    crypto = fields(path, f'sip.Status-Code == 200 && udp.dstport == {uac_sip}',
                    "sdp.media_attr", *sip)
    print("offer to our UAS:", invite, "\nanswer to our UAC:", answer, crypto)
    h.check(invite and "RTP/AVP" in invite[0] and "SAVP" not in invite[0],
            f"the offer our UAS got: {invite}")
    h.check(answer and profile in answer[0], f"the answer our UAC got: {answer}")
    uac_m, uas_m = summary(os.path.join(work, "uac.json")), summary(os.path.join(work, "uas.json"))
    print("ours: uac", uac_m, "\nours: uas", uas_m)
    engine_range = range(engine_ports, engine_ports + 20)
    failures_allowed = 0
    if ice:
        check_ice(path, uac_m, uac_low)
    if aead:
        crypto_lines = [a for a in crypto[0].split(",") if a.startswith("crypto")]
        h.check(len(crypto_lines) == 1 and "AEAD_AES_" in crypto_lines[0],
                f"rtpengine's answer to our AEAD offer: {crypto_lines}")
        # As under DTLS keys: rtpengine 10.5's AEAD SRTCP fails libsrtp's
        # check (docs/srtp.md); its SRTP passes.
        failures_allowed = rtcp_count(path, engine_range, range(uac_low, uac_low + 10))
    if profile.startswith("UDP/TLS"):
        failures_allowed = check_engine_dtls(path, uac_m, engine_range, uac_low, answer_flags)
    h.check(uac_m["srtp_streams"] == 1 and uac_m["srtp_auth_failures"] <= failures_allowed and
            uac_m["srtp_replays"] == 0, f"our UAC's SRTP: {uac_m}")
    h.check(uac_m["rtpcheck_streams"] == 1 and uac_m["rtpcheck_failed"] == 0,
            f"our UAC's rtpcheck: {uac_m}")
    # rtpengine drops what fails its check: our UAS got every packet, plain.
    h.check(uas_m["srtp_streams"] == 0 and uas_m["rtp_packets_received"] >= 150,
            f"our UAS: {uas_m}")
    h.check(uac_m["rtp_packets_received"] >= uas_m["echoed_packets"] - 2,
            f"echoed {uas_m['echoed_packets']}, back at our UAC {uac_m['rtp_packets_received']}")
    # On the wire: what our UAC sent is not the plain tone our UAS received.
    legs = {}
    for line in subprocess.run(["tshark", "-r", path, "-Y", "udp && !sip", "-T", "fields",
                                "-e", "udp.srcport", "-e", "udp.dstport"],
                               check=True, capture_output=True, text=True).stdout.splitlines():
        src, dst = (int(x) for x in line.split())
        legs[(src, dst)] = legs.get((src, dst), 0) + 1
    to_engine = [k for k in legs if k[0] in range(uac_low, uac_low + 10) and k[1] in engine_range]
    to_uas = [k for k in legs if k[0] in engine_range and k[1] in range(uas_low, uas_low + 10)]
    h.check(to_engine and to_uas, f"legs: {legs}")
    cipher = [p for k in to_engine for p in rtp_payloads(path, *k)]
    plain = [p for k in to_uas for p in rtp_payloads(path, *k)]
    check_no_plaintext(cipher, plain, "our UAC -> rtpengine")


# --- baresip ---------------------------------------------------------------

def check_dtls(m, path, peer_ports, what):
    """One DTLS handshake, keyed, with the peer's ports; SRTP from its end
    on (nothing of ours left in the clear: held until then)."""
    h.check(m["dtls_handshakes"] == 1 and m["dtls_failures"] == 0 and m["dtls_timeouts"] == 0
            and m["dtls_fingerprint_mismatches"] == 0, f"{what}'s DTLS: {m}")
    wire = dtls_wire.datagrams(path)
    h.check(any(d.has_record(dtls_wire.CHANGE_CIPHER_SPEC) for d in wire),
            "no ChangeCipherSpec on the wire")
    h.check(any(d.src in peer_ports for d in wire
                if d.has_handshake(dtls_wire.CLIENT_HELLO) or
                d.has_handshake(dtls_wire.SERVER_HELLO)), "the peer took no part in the handshake")

def check_debug_with_peer(work, scenario, m, enc):
    """-srtpcheck_debug's file of our end of a call with a real peer: keyed
    the way `enc` says, its failures (baresip's plain RTCP) named as RTCP,
    its end line counting what the summary counts."""
    events, _ = debug_file(work, scenario)
    print("our file:", events)
    notes = [n for n, _ in events]
    first = ["DTLS STARTED", "DTLS KEYED"] if enc == "dtls_srtp" else ["SDES KEYED"]
    h.check(notes[:len(first)] == first and notes[-1] == "SRTP STREAM END", f"notes {notes}")
    failed = [f for n, f in events if n == "SRTP AUTH FAILED"]
    h.check(len(failed) == min(m["srtp_auth_failures"], 10) and
            all(f["packet"] == "rtcp" for f in failed), f"failures {failed}")
    end = events[-1][1]
    h.check(end["keyed"] == ("dtls" if enc == "dtls_srtp" else "sdes") and
            end["auth_failures"] == str(m["srtp_auth_failures"]), f"end {end}, summary {m}")


def srtp_home(work, name, sip_port, rtp_base, enc="srtp-mand"):
    """baresip_home with its media encryption: SDES made mandatory
    (srtp-mand, module srtp) or DTLS-SRTP (dtls_srtp)."""
    home = baresip_home(work, name, sip_port, rtp_base)
    with open(os.path.join(home, "config"), "a") as f:
        f.write("module\t" + ("dtls_srtp.so" if enc == "dtls_srtp" else "srtp.so") + "\n")
    with open(os.path.join(home, "accounts"), "w") as f:
        f.write(f"<sip:bob@127.0.0.1>;regint=0;answermode=auto;mediaenc={enc}\n")
    return home


def baresip(work, enc="srtp-mand", uas="uas_srtp", uac="uac_srtp"):
    # (a) baresip calls our uas_srtp, which echoes through its own keys.
    uas_name = uas
    sip, bs_sip, bs_rtp, low = h.free_port(), h.free_port(), free_range(10), free_range(10)
    home = srtp_home(work, "baresip-a", bs_sip, bs_rtp, enc)
    cap = Capture(work, f"udp portrange {low}-{low + 9} or udp portrange {bs_rtp}-{bs_rtp + 9}"
                        f" or udp port {sip}", "a")
    uas = h.Proc("a-uas", [h.GOSSIPPER, "sipp", "-sn", uas, "-p", str(sip), "-i",
                           "127.0.0.1", "-nostdin", "-min_rtp_port", str(low), "-max_rtp_port",
                           str(low + 9), "-m", "1", "-summary_json", "a-uas.json",
                           "-srtpcheck_debug"], work)
    time.sleep(0.7)
    bs = h.Proc("a-baresip", baresip_argv(home, "-e", f"/dial sip:service@127.0.0.1:{sip}",
                                          "-t", "6"), work)
    h.check(bs.wait(30) == 0, f"baresip exited {bs.rc}")
    h.check(uas.wait(30) == 0, f"our UAS exited {uas.rc}")
    path = cap.stop()
    offer = fields(path, f'sip.Method == "INVITE"', "sdp.media")
    print("a: baresip's offer", offer, fields(path, 'sip.Method == "INVITE"', "sdp.media_attr"))
    h.check(offer and "RTP/SAVP" in offer[0], f"baresip's offer: {offer}")
    m = summary(os.path.join(work, "a-uas.json"))
    plain = plain_rtcp_count(path, range(bs_rtp, bs_rtp + 10), range(low, low + 10))
    print("a: ours", m, "\na: plain RTCP from baresip:", plain)
    if enc == "dtls_srtp":
        # baresip offers no rtcp-mux: its RTCP port would need a handshake
        # of its own, which we do not run (docs/srtp.md); that RTCP is held.
        check_dtls(m, path, range(bs_rtp, bs_rtp + 10), "our UAS")
        plain = 0
    # baresip sends its first RTCP (an APP "PING") and its last (the BYE)
    # without SRTCP: with SDES keys those, and only those, fail our check.
    h.check(m["srtp_streams"] == 1 and m["srtp_auth_failures"] == plain and
            m["srtp_replays"] == 0, f"our UAS's SRTP: {m}, {plain} plain RTCP from baresip")
    h.check(m["rtp_packets_received"] >= 100 and m["echoed_packets"] == m["rtp_packets_received"]
            and m["packets_lost"] == 0, f"our UAS: {m}")
    h.check(plain_rtcp_count(path, range(low, low + 10), range(bs_rtp, bs_rtp + 10)) == 0,
            "our UAS sent plain RTCP")
    check_debug_with_peer(work, uas_name, m, enc)

    # (b) our uac_srtp calls baresip, which answers by itself.
    bs_sip, bs_rtp, low, uac_sip = h.free_port(), free_range(10), free_range(10), h.free_port()
    home = srtp_home(work, "baresip-b", bs_sip, bs_rtp, enc)
    cap = Capture(work, f"udp portrange {low}-{low + 9} or udp portrange {bs_rtp}-{bs_rtp + 9}"
                        f" or udp port {uac_sip}", "b")
    bs = start_baresip(work, "b-baresip", home)
    uac = h.Proc("b-uac", [h.GOSSIPPER, "sipp", "-sn", uac, f"127.0.0.1:{bs_sip}",
                           "-s", "bob", "-i", "127.0.0.1", "-p", str(uac_sip),
                           "-min_rtp_port", str(low), "-max_rtp_port", str(low + 9),
                           "-nostdin", "-m", "1", "-summary_json", "b-uac.json"], work)
    try:
        # baresip plays a tone, not our echo: rtpcheck has nothing to check.
        h.check(uac.wait(60) == 0, f"our uac_srtp exited {uac.rc}")
    finally:
        bs.signal(15)
        bs.wait(15)
    path = cap.stop()
    sip = ["-d", f"udp.port=={uac_sip},sip"]  # as in rtpengine(): the port we drew is SIP
    answer = fields(path, f'sip.Status-Code == 200 && udp.dstport == {uac_sip}', "sdp.media",
                    *sip)
    print("b: baresip's answer", answer,
          fields(path, f'sip.Status-Code == 200 && udp.dstport == {uac_sip}', "sdp.media_attr",
                 *sip))
    m = summary(os.path.join(work, "b-uac.json"))
    plain = plain_rtcp_count(path, range(bs_rtp, bs_rtp + 10), range(low, low + 10))
    print("b: ours", m, "\nb: plain RTCP from baresip:", plain)
    if enc == "dtls_srtp":
        check_dtls(m, path, range(bs_rtp, bs_rtp + 10), "our UAC")
    h.check(answer and "RTP/SAVP" in answer[0], f"baresip's answer: {answer}")
    # Its plain RTCP comes as our call starts and ends, perhaps while our
    # RTCP port is not open yet, or no more.
    h.check(m["srtp_streams"] == 1 and m["srtp_auth_failures"] <= plain and
            m["srtp_replays"] == 0, f"our UAC's SRTP: {m}, {plain} plain RTCP from baresip")
    h.check(m["rtp_packets_received"] >= 100 and m["streams_measured"] == 1,
            f"our UAC: {m}")


# --- bad peers -------------------------------------------------------------

BUILTINS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scenarios")


def dtls_bad(work):
    """(a) our uas_dtls with a fingerprint that is not its certificate's: our
    uac_dtls's handshake fails on it, the call fails and is hung up; (b) a
    SIPp UAS that answers a=setup:passive with a fingerprint and never
    speaks DTLS: our UAC's hellos go unanswered for 4 s, then the call
    fails. Nothing leaves either UAC in the clear."""
    with open(os.path.join(BUILTINS, "uas_dtls.xml")) as f:
        text = f.read()
    wrong = "sha-256 " + ":".join(["AB"] * 32)
    lying = os.path.join(work, "uas_wrong_fingerprint.xml")
    with open(lying, "w") as f:
        # Media level, which is read first, lies; session level keeps the
        # keyword, so the UAS has a certificate to handshake with.
        f.write(text.replace("a=fingerprint:[dtls_fingerprint]", "a=fingerprint:" + wrong)
                .replace("t=0 0", "t=0 0\n      a=fingerprint:[dtls_fingerprint]", 1))
    sip, uac_sip, low, uas_low = h.free_port(), h.free_port(), free_range(10), free_range(10)
    cap = Capture(work, f"udp portrange {low}-{low + 9}", "a")
    uas = h.Proc("a-uas", [h.GOSSIPPER, "sipp", "-sf", lying, "-p", str(sip), "-i", "127.0.0.1",
                           "-min_rtp_port", str(uas_low), "-max_rtp_port", str(uas_low + 9),
                           "-nostdin", "-m", "1", "-timeout", "20s"], work)
    time.sleep(0.7)
    uac = h.Proc("a-uac", [h.GOSSIPPER, "sipp", "-sn", "uac_dtls", f"127.0.0.1:{sip}", "-i",
                           "127.0.0.1", "-p", str(uac_sip), "-min_rtp_port", str(low),
                           "-max_rtp_port", str(low + 9), "-nostdin", "-m", "1",
                           "-summary_json", "a-uac.json"], work)
    h.check(uac.wait(60) != 0, "our UAC succeeded with a peer whose certificate is not its fingerprint")
    uas.wait(30)
    path = cap.stop()
    with open(os.path.join(work, "a-uac.json")) as f:
        whole = json.load(f)
    m = whole["media"]
    print("a: ours", {k: v for k, v in m.items() if "dtls" in k or "srtp" in k}, whole["failed_calls"])
    h.check(m["dtls_fingerprint_mismatches"] == 1 and m["dtls_handshakes"] == 0 and
            whole["failed_calls"] == 1, f"our UAC: {m}")
    sent = [p for p in fields(path, f"udp.srcport in {{{low}..{low + 9}}}", "udp.payload")
            if int(p[0:2], 16) >= 128]
    h.check(not sent, f"our UAC sent {len(sent)} RTP/RTCP datagrams without keys")

    # (b) SIPp answers with a fingerprint and never speaks DTLS.
    scenario = os.path.join(work, "sipp_uas_fake_dtls.xml")
    with open(os.path.join(BUILTINS, "uas.xml")) as f:
        uas_text = f.read()
    with open(scenario, "w") as f:
        f.write(uas_text.replace("RTP/AVP 0", "UDP/TLS/RTP/SAVP 0\n      a=setup:passive\n"
                                 "      a=fingerprint:" + wrong + "\n      a=rtcp-mux", 1))
    sip, uac_sip, low = h.free_port(), h.free_port(), free_range(10)
    cap = Capture(work, f"udp portrange {low}-{low + 9}", "b")
    uas = h.Proc("b-sipp", [h.SIPP, "-sf", scenario, "-p", str(sip), "-i", "127.0.0.1",
                            "-nostdin", "-m", "1"], work)
    time.sleep(0.7)
    start = time.time()
    uac = h.Proc("b-uac", [h.GOSSIPPER, "sipp", "-sn", "uac_dtls", f"127.0.0.1:{sip}", "-i",
                           "127.0.0.1", "-p", str(uac_sip), "-min_rtp_port", str(low),
                           "-max_rtp_port", str(low + 9), "-nostdin", "-m", "1",
                           "-summary_json", "b-uac.json"], work)
    try:
        h.check(uac.wait(60) != 0, "our UAC succeeded with a peer that never spoke DTLS")
    finally:
        uas.signal(15)
        uas.wait(15)
    path = cap.stop()
    with open(os.path.join(work, "b-uac.json")) as f:
        whole = json.load(f)
    m = whole["media"]
    print("b: ours", {k: v for k, v in m.items() if "dtls" in k or "srtp" in k}, whole["failed_calls"])
    h.check(m["dtls_timeouts"] == 1 and m["dtls_handshakes"] == 0 and whole["failed_calls"] == 1,
            f"our UAC: {m}")
    hellos = [d.time for d in dtls_wire.datagrams(path)
              if d.has_handshake(dtls_wire.CLIENT_HELLO)]
    # OpenSSL's timer: 1 s, doubling: hellos at about 0, 1, 3, 7 s.
    h.check(len(hellos) >= 3, f"our ClientHellos, sent again: {hellos}")
    sent = [p for p in fields(path, f"udp.srcport in {{{low}..{low + 9}}}", "udp.payload")
            if int(p[0:2], 16) >= 128]
    h.check(not sent, f"our UAC sent {len(sent)} RTP/RTCP datagrams without keys")


def aead_scenario(work):
    """uac_srtp offering Gossipper's AEAD suites: AEAD_AES_256_GCM, then
    AEAD_AES_128_GCM."""
    with open(os.path.join(BUILTINS, "uac_srtp.xml")) as f:
        text = f.read()
    text = text.replace("[cryptosuiteaescm128sha1801audio]", "[cryptosuiteaeadaes256gcm1audio]")
    text = text.replace("[cryptosuiteaescm128sha1322audio]", "[cryptosuiteaeadaes128gcm2audio]")
    path = os.path.join(work, "uac_srtp_aead.xml")
    with open(path, "w") as f:
        f.write(text)
    return path


def ice_scenario(work):
    """uac_dtls with ICE-lite: a=ice-lite, our credentials and one host
    candidate, the stream's own port."""
    with open(os.path.join(BUILTINS, "uac_dtls.xml")) as f:
        text = f.read()
    text = text.replace("t=0 0", "t=0 0\n      a=ice-lite", 1).replace(
        "a=rtcp-mux", "a=rtcp-mux\n      a=ice-ufrag:[ice_ufrag]\n      a=ice-pwd:[ice_pwd]\n"
        "      a=candidate:1 1 UDP 2130706431 [media_ip] [rtpstream_audio_port] typ host", 1)
    path = os.path.join(work, "uac_dtls_ice.xml")
    with open(path, "w") as f:
        f.write(text)
    return path


# --- -srtpcheck_debug ---------------------------------------------------------

DATE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} ")


def debug_file(work, scenario):
    """The events of the run's -srtpcheck_debug file, as (note, fields)
    with the date checked and taken off; and its text."""
    files = glob.glob(os.path.join(work, f"{scenario}_*_srtp.log"))
    h.check(len(files) == 1, f"one {scenario} SRTP file expected, found {files}")
    with open(files[0]) as f:
        text = f.read()
    lines = text.splitlines()
    h.check(lines and lines[0] == "# Gossipper -srtpcheck_debug, SRTP of every stream "
                                  "(docs/srtp.md)", f"header {lines[:1]}")
    events = []
    for line in lines[1:]:
        h.check(DATE.match(line), f"no date: {line!r}")
        # The note is in capitals; `reason`, when there, is the rest of the line.
        rest = line[27:]
        note = re.match(r"[A-Z ]+(?= |$)", rest).group(0).strip()
        body = rest[len(note):].strip()
        reason = None
        if " reason=" in " " + body:
            body, _, reason = (" " + body).partition(" reason=")
        f = dict(kv.split("=", 1) for kv in body.split())
        if reason is not None:
            f["reason"] = reason
        events.append((note, f))
    return events, text


def key_id(b64):
    """The file's name of an SDES key: the start of its SHA-256."""
    return "sha256:" + hashlib.sha256(base64.b64decode(b64)).hexdigest()[:4]


def sdp_keys(work):
    """Every inline key of the SDPs in the work directory's message logs."""
    keys = set()
    for path in glob.glob(os.path.join(work, "*_messages.log")):
        with open(path, errors="replace") as f:
            keys |= set(k.split("|")[0] for k in re.findall(r"inline:([A-Za-z0-9+/=|:]+)",
                                                            f.read()))
    return keys


def check_no_key(text, keys, what):
    """None of `keys` (base64) is in `text`: not as written, nor its bytes
    in hex, nor its bytes."""
    for k in keys:
        raw = base64.b64decode(k)
        for form in (k, k.rstrip("="), raw.hex(), raw.hex().upper()):
            h.check(form not in text, f"{what} holds a key of the SDPs ({form[:8]}...)")
        h.check(raw.decode("latin-1") not in text, f"{what} holds a key's bytes")


def run_ours(work, kind, calls):
    """Our uac_`kind` calling our uas_`kind` `calls` times, both with
    -srtpcheck_debug; their summaries' media."""
    sip, uac_sip = h.free_port(), h.free_port()
    uas_low, uac_low = free_range(20), free_range(20)
    common = ["-i", "127.0.0.1", "-nostdin", "-m", str(calls), "-srtpcheck_debug", "-trace_msg"]
    uas = h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", f"uas_{kind}", "-p", str(sip),
                         "-min_rtp_port", str(uas_low), "-max_rtp_port", str(uas_low + 19),
                         "-summary_json", "uas.json", *common], work)
    time.sleep(0.7)
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", f"uac_{kind}", f"127.0.0.1:{sip}",
                         "-p", str(uac_sip), "-min_rtp_port", str(uac_low),
                         "-max_rtp_port", str(uac_low + 19), "-r", "5",
                         "-summary_json", "uac.json", *common], work)
    h.check(uac.wait(60) == 0, f"our UAC exited {uac.rc}: " + uac.text()[-1500:])
    h.check(uas.wait(30) == 0, f"our UAS exited {uas.rc}")
    return {side: summary(os.path.join(work, f"{side}.json")) for side in ("uac", "uas")}


def debug_ours(work):
    calls = 3
    ms = run_ours(work, "srtp", calls)
    keys = sdp_keys(work)
    h.check(len(keys) == 3 * calls, f"{len(keys)} keys in the SDPs, {3 * calls} expected")
    ids = {key_id(k) for k in keys}
    keyed = {}
    for side in ("uac", "uas"):
        m = ms[side]
        h.check(m["srtp_streams"] == calls and m["srtp_auth_failures"] == 0 and
                m["srtp_replays"] == 0, f"our {side}'s SRTP: {m}")
        events, text = debug_file(work, f"{side}_srtp")
        print(f"{side}: {len(events)} events, e.g. {events[:2]}")
        check_no_key(text, keys, f"the {side}'s file")
        notes = [n for n, _ in events]
        h.check(sorted(set(notes)) == ["SDES KEYED", "SRTP STREAM END"] and
                notes.count("SDES KEYED") == calls and notes.count("SRTP STREAM END") == calls,
                f"the {side}'s notes: {notes}")
        for note, f in events:
            h.check(f["stream"] == "audio", f"{side}: {note} {f}")
            if note == "SDES KEYED":
                # uas_srtp answers AES_CM_128_HMAC_SHA1_80: the offer's tag 1.
                h.check(f["ours"] == f["peer"] == "1/AES_CM_128_HMAC_SHA1_80" and
                        f["our_key"] in ids and f["peer_key"] in ids and
                        f["our_key"] != f["peer_key"], f"{side}: keyed {f}")
                keyed[(side, f["call"])] = (f["our_key"], f["peer_key"])
            else:
                h.check(f["keyed"] == "sdes" and f["suite"] == "AES_CM_128_HMAC_SHA1_80" and
                        f["auth_failures"] == "0" and f["replays"] == "0" and
                        f["dtls"] == "none", f"{side}: end {f}")
        ends = [f["call"] for n, f in events if n == "SRTP STREAM END"]
        starts = [f["call"] for n, f in events if n == "SDES KEYED"]
        h.check(len(set(ends)) == calls and set(ends) == set(starts),
                f"{side}: calls keyed {starts}, ended {ends}")
    # Each call's two ends: our key is the peer's key at the other end.
    uac_calls = {c for s, c in keyed if s == "uac"}
    h.check(uac_calls == {c for s, c in keyed if s == "uas"}, f"call-ids differ: {keyed}")
    for c in uac_calls:
        ours, peers = keyed[("uac", c)]
        h.check(keyed[("uas", c)] == (peers, ours), f"call {c}: uac {keyed[('uac', c)]}, "
                                                     f"uas {keyed[('uas', c)]}")


def debug_dtls(work):
    """uac_dtls calling uas_dtls: the answer's a=setup:active makes our UAS
    the client. Each side's file: per call, the handshake started in its
    role, keyed with our first profile, and the stream's end keyed by it."""
    calls = 2
    ms = run_ours(work, "dtls", calls)
    roles = {"uac": "server", "uas": "client"}
    for side in ("uac", "uas"):
        m = ms[side]
        h.check(m["dtls_handshakes"] == calls and m["srtp_streams"] == calls and
                m["srtp_auth_failures"] == 0, f"our {side}'s DTLS: {m}")
        events, _ = debug_file(work, f"{side}_dtls")
        print(f"{side}: {len(events)} events, e.g. {events[:3]}")
        by_call = {}
        for note, f in events:
            by_call.setdefault(f["call"], []).append((note, f))
        h.check(len(by_call) == calls, f"{side}: calls {list(by_call)}")
        for call, evs in by_call.items():
            h.check([n for n, _ in evs] == ["DTLS STARTED", "DTLS KEYED", "SRTP STREAM END"],
                    f"{side} {call}: {evs}")
            started, keyed, end = (f for _, f in evs)
            h.check(started["role"] == keyed["role"] == roles[side], f"{side}: roles {evs}")
            h.check(keyed["profile"] == "SRTP_AES128_CM_SHA1_80" and
                    keyed["suite"] == "AES_CM_128_HMAC_SHA1_80" and int(keyed["ms"]) < 10000,
                    f"{side}: keyed {keyed}")
            h.check(end["keyed"] == "dtls" and end["dtls"] == "keyed" and
                    end["auth_failures"] == "0" and end["replays"] == "0", f"{side}: end {end}")


def debug_garbage(work):
    echo = Echo(0)
    garbage = base64.b64encode(bytes(range(30))).decode()
    try:
        sip = h.free_port()
        text = subprocess.run([h.SIPP, "-sd", "uas"], capture_output=True, text=True).stdout
        text = text.replace("m=audio [media_port] RTP/AVP 0",
                            f"m=audio {echo.port} RTP/SAVP 0\n      a=crypto:1 "
                            f"AES_CM_128_HMAC_SHA1_80 inline:{garbage}")
        h.check(f"inline:{garbage}" in text, "SIPp's uas has no m=audio line to change")
        scenario = os.path.join(work, "uas_garbage.xml")
        with open(scenario, "w") as f:
            f.write(text)
        h.Proc("uas", [h.SIPP, "-sf", scenario, "-p", str(sip), "-i", "127.0.0.1", "-nostdin",
                       "-m", "1"], work)
        time.sleep(0.7)
        uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac_srtp", f"127.0.0.1:{sip}",
                             "-i", "127.0.0.1", "-p", str(h.free_port()), "-nostdin", "-m", "1",
                             "-srtpcheck_debug", "-summary_json", "uac.json"], work)
        time.sleep(2.5)
        h.check(uac.p.poll() is None, f"our UAC ended before the signal: {uac.rc}")
        uac.signal(signal.SIGINT)
        rc = uac.wait(30)
    finally:
        echo.stop()
    m = summary(os.path.join(work, "uac.json"))
    print("exit", rc, "ours:", m)
    h.check(m["srtp_auth_failures"] >= 50 and m["srtp_streams"] == 1,
            f"our UAC's SRTP: {m}")
    events, text = debug_file(work, "uac_srtp")
    h.check(text.endswith("\n"), "the file ends inside a line")
    check_no_key(text, {garbage}, "the UAC's file")
    notes = [n for n, _ in events]
    n = 10
    h.check(notes == ["SDES KEYED"] + ["SRTP AUTH FAILED"] * n +
            ["SRTP AUTH FAILED LIMIT", "SRTP STREAM END"], f"notes {notes}")
    keyed = events[0][1]
    h.check(keyed["peer"] == "1/AES_CM_128_HMAC_SHA1_80" and
            keyed["peer_key"] == key_id(garbage), f"keyed {keyed}")
    calls = {f["call"] for _, f in events}
    h.check(len(calls) == 1, f"calls {calls}")
    ssrcs = set()
    for i, (_, f) in enumerate(events[1:1 + n]):
        h.check(f["packet"] == "rtp" and f["reason"] == "auth" and f["count"] == str(i + 1),
                f"failure {i + 1}: {f}")
        ssrcs.add(f["ssrc"])
    h.check(len(ssrcs) == 1, f"one stream of ours echoed, SSRCs {ssrcs}")
    h.check(events[1 + n][1]["logged"] == str(n), f"limit {events[1 + n]}")
    end = events[-1][1]
    h.check(end["keyed"] == "sdes" and end["auth_failures"] == str(m["srtp_auth_failures"]) and
            end["replays"] == "0", f"end {end}, summary {m}")


def test(work):
    debug = {"debug": debug_ours, "debug-dtls": debug_dtls, "debug-garbage": debug_garbage}
    if sys.argv[1] in debug:
        debug[sys.argv[1]](work)  # ours on both ends, or SIPp's: no capture, no root
        return
    if os.geteuid() != 0:
        print("skipped: needs root")  # tshark captures on lo
        sys.exit(77)
    {"rtpengine": rtpengine, "baresip": baresip,
     "dtls-bad": dtls_bad,
     "rtpengine-aead": lambda w: rtpengine(w, aead_scenario(w), aead=True),
     "rtpengine-ice": lambda w: rtpengine(w, ice_scenario(w), "UDP/TLS/RTP/SAVP",
                                          "RTP/AVP rtcp-mux-accept", "ICE=force", ice=True),
     "baresip-dtls": lambda w: baresip(w, "dtls_srtp", "uas_dtls", "uac_dtls"),
     # rtcp-mux-accept: RTCP on the RTP port, keyed by its handshake.
     "rtpengine-dtls": lambda w: rtpengine(w, "uac_dtls", "UDP/TLS/RTP/SAVP",
                                           "RTP/AVP rtcp-mux-accept"),
     "rtpengine-dtls-passive": lambda w: rtpengine(w, "uac_dtls", "UDP/TLS/RTP/SAVP",
                                                   "RTP/AVP rtcp-mux-accept", "DTLS=passive"),
     }[sys.argv[1]](work)


if __name__ == "__main__":
    h.main(test)
