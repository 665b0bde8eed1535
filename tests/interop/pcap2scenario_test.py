"""gossipper pcap2scenario, round trip: a call is captured on lo by tshark,
converted, and the scenarios written are run against each other and against
SIPp under a second capture, whose SIP flow (who sent which method or status
code, in order) must be the first capture's.

  sipp      SIPp's uac against SIPp's uas; the pair written is run ours
            against ours, ours (UAC) against SIPp's uas, SIPp's uac
            against ours (UAS), and SIPp running the written UAC
  hold      a call put on hold by a re-INVITE (tests/interop/scenarios/
            uac_hold.xml and uas_hold.xml, run by SIPp)
  auth      our proxy-auth UAC through Kamailio (407, then
            Proxy-Authorization) to SIPp's uas: the UAC written must
            authenticate to Kamailio again ([authentication], -ap)
  media     SIPp's uac_pcap (RTP) against SIPp's uas: each side's RTP is
            written as a pcap its scenario plays; replayed, tshark sees the
            same number of RTP packets each way
  tcp       the same over TCP (SIPp's t1); then the capture of ours against
            ours, whose client connects from a port the system chose,
            converted and replayed again
  ipv6      the same over IPv6, on ::1
  two_calls two SIPp calls in one capture: a pair per call, and -call
  bad_input captures that cannot be converted: no SIP, cut short, a call
            that never completed, an unknown link type, an unknown -call:
            exit 1, a clear message, nothing written

usage: pcap2scenario_test.py sipp|tcp|ipv6|hold|auth|media|two_calls|bad_input"""

import json
import os
import subprocess
import sys
import time

import harness as h
from media_test import Capture

HERE = os.path.dirname(os.path.abspath(__file__))


def keep_repeated(pairs):
    """tshark's JSON repeats a key for each of a segment's SIP messages: the
    values of a repeated key as a list."""
    out = {}
    for key, value in pairs:
        if key in out:
            out[key] = (out[key] if isinstance(out[key], list) else [out[key]]) + [value]
        else:
            out[key] = value
    return out


def find(tree, key):
    """The first value of `key` anywhere in tshark's JSON tree of a layer."""
    if isinstance(tree, dict):
        if key in tree:
            return tree[key]
        tree = list(tree.values())
    if isinstance(tree, list):
        for value in tree:
            found = find(value, key)
            if found is not None:
                return found
    return None


def sip_flow(path, ports):
    """The SIP messages, over UDP or TCP, of the leg between the server's
    port (ports[0]) and whoever sent it the first request (what a proxy
    sends onwards is left out), as (sender, method or status code, CSeq
    method), the sender "A" for the end of the first request and "B" for
    the other; retransmissions (a message seen twice) left out. A TCP
    segment may carry several messages."""
    server = str(ports[0])
    decode = [a for p in ports for k in ("udp", "tcp") for a in ("-d", f"{k}.port=={p},sip")]
    out = subprocess.run(["tshark", "-r", path, *decode, "-Y", "sip", "-T", "json",
                          "-J", "udp tcp sip"], check=True, capture_output=True,
                         text=True).stdout
    flow, seen, peer = [], set(), None
    for packet in json.loads(out or "[]", object_pairs_hook=keep_repeated):
        layers = packet["_source"]["layers"]
        transport = layers.get("udp") or layers.get("tcp")
        kind = "udp" if "udp" in layers else "tcp"
        sport, dport = transport[f"{kind}.srcport"], transport[f"{kind}.dstport"]
        if server not in (sport, dport):
            continue
        other = dport if sport == server else sport
        peer = peer or other
        if other != peer:
            continue
        sips = layers["sip"] if isinstance(layers["sip"], list) else [layers["sip"]]
        for sip in sips:
            method, status = find(sip, "sip.Method"), find(sip, "sip.Status-Code")
            key = (sport, method, status, find(sip, "sip.CSeq"), find(sip, "sip.Call-ID"),
                   find(sip, "sip.Via.branch"), find(sip, "sip.to.tag"))
            if key in seen:
                continue
            seen.add(key)
            flow.append(("B" if sport == server else "A", method or status,
                         find(sip, "sip.CSeq.method")))
    return flow


def convert(work, capture, out, *extra, expect_rc=0):
    p = subprocess.run([h.GOSSIPPER, "pcap2scenario", capture, "-o", out, *extra],
                       capture_output=True, text=True, timeout=60)
    h.check(p.returncode == expect_rc,
            f"pcap2scenario exited {p.returncode}: {p.stdout}{p.stderr}")
    print(p.stdout + p.stderr)
    return p


def check_written(out, names):
    for name in names:
        h.check(os.path.exists(os.path.join(out, name)), f"{name} not written: {os.listdir(out)}")
    rc = subprocess.run([h.GOSSIPPER, "check", *[os.path.join(out, n) for n in names
                                                 if n.endswith(".xml")]],
                        capture_output=True, text=True)
    h.check(rc.returncode == 0, f"gossipper check refuses what was written: {rc.stderr}")


def run_pair(work, name, uac_argv, uas_argv, uas_port, uac_port, extra_ports=(), calls=1,
             transport="u1", host="127.0.0.1"):
    """Runs UAS then UAC (argv without ports) for `calls` calls under a
    capture; the flow."""
    cap = Capture(work, " or ".join(f"port {p}" for p in (uas_port, uac_port, *extra_ports)),
                  name)
    common = ["-i", host, "-t", transport, "-nostdin", "-m", str(calls)]
    uas = h.Proc(name + "-uas", uas_argv + ["-p", str(uas_port), *common], work)
    time.sleep(0.7)
    remote = f"[{host}]:{uas_port}" if ":" in host else f"{host}:{uas_port}"
    uac = h.Proc(name + "-uac", uac_argv + [remote, "-p", str(uac_port), *common], work)
    h.check(uac.wait(60) == 0, f"{name}: the UAC exited {uac.rc}")
    h.check(uas.wait(30) == 0, f"{name}: the UAS exited {uas.rc}")
    return sip_flow(cap.stop(), (uas_port, uac_port))


def first_capture(work, uac_argv, uas_argv, extra_ports=(), calls=1, **where):
    uas_port, uac_port = h.free_port(), h.free_port()
    flow = run_pair(work, "original", uac_argv, uas_argv, uas_port, uac_port, extra_ports, calls,
                    **where)
    h.check(len(flow) >= 5, f"the first capture holds too little SIP: {flow}")
    return os.path.join(work, "original.pcap"), flow


def same_flow(name, flow, expected):
    print(name, flow)
    h.check(flow == expected, f"{name}: the flow differs from the capture's\n"
                              f"  captured: {expected}\n  replayed: {flow}")


def sipp(work, **where):
    """`where`: transport= and host= for every run."""
    # Over TCP SIPp's uas counts its call failed when SIPp's uac, done,
    # closes the connection: our built-in uas answers the first capture there.
    uas = [h.GOSSIPPER, "sipp", "-sn", "uas"] if where.get("transport") == "t1" else \
        [h.SIPP, "-sn", "uas"]
    capture, expected = first_capture(work, [h.SIPP, "-sn", "uac"], uas, **where)
    out = os.path.join(work, "out")
    convert(work, capture, out)
    check_written(out, ["uac.xml", "uas.xml"])
    uac_xml, uas_xml = os.path.join(out, "uac.xml"), os.path.join(out, "uas.xml")
    with open(uac_xml) as f:
        uac_text = f.read()
    for keyword in ("[call_id]", "[branch]", "[cseq]", "[peer_tag_param]", "[len]",
                    "[pid]SIPpTag00[call_number]", "[media_port]"):
        h.check(keyword in uac_text, f"{keyword} missing from the UAC written")
    with open(uas_xml) as f:
        uas_text = f.read()
    for keyword in ("[last_Via:]", "[last_From:]", "[last_Call-ID:]",
                    "[last_To:];tag=[pid]SIPpTag01[call_number]"):
        h.check(keyword in uas_text, f"{keyword} missing from the UAS written")
    ours = [h.GOSSIPPER, "sipp", "-sf"]
    pairs = {
        "ours-ours": (ours + [uac_xml], ours + [uas_xml]),
        "ours-sipp": (ours + [uac_xml], [h.SIPP, "-sn", "uas"]),
        "sipp-ours": ([h.SIPP, "-sn", "uac"], ours + [uas_xml]),
        "sippsf-ours": ([h.SIPP, "-sf", uac_xml], ours + [uas_xml]),
    }
    for name, (uac_argv, uas_argv) in pairs.items():
        same_flow(name, run_pair(work, name, uac_argv, uas_argv, h.free_port(), h.free_port(),
                                 **where), expected)
    if where.get("transport") == "t1":
        # Our TCP client connects from a port the system chose and names its
        # -p port in its Via and Contact: the capture of ours against ours,
        # converted, must still give [local_port] there, and replay.
        again = os.path.join(work, "again")
        convert(work, os.path.join(work, "ours-ours.pcap"), again)
        check_written(again, ["uac.xml", "uas.xml"])
        with open(os.path.join(again, "uac.xml")) as f:
            h.check("Via: SIP/2.0/[transport] [local_ip]:[local_port];" in f.read(),
                    "the UAC's Via port stayed literal")
        same_flow("again", run_pair(work, "again", ours + [os.path.join(again, "uac.xml")],
                                    ours + [os.path.join(again, "uas.xml")], h.free_port(),
                                    h.free_port(), **where), expected)


def hold(work):
    """A call with a re-INVITE (hold), SIPp on both sides."""
    uac_hold = [h.SIPP, "-sf", os.path.join(HERE, "scenarios", "uac_hold.xml")]
    uas_hold = [h.SIPP, "-sf", os.path.join(HERE, "scenarios", "uas_hold.xml")]
    capture, expected = first_capture(work, uac_hold, uas_hold)
    h.check([m for _, m, _ in expected].count("INVITE") == 2, f"no re-INVITE: {expected}")
    out = os.path.join(work, "out")
    convert(work, capture, out)
    check_written(out, ["uac.xml", "uas.xml"])
    uac_xml, uas_xml = os.path.join(out, "uac.xml"), os.path.join(out, "uas.xml")
    with open(uac_xml) as f:
        h.check(f.read().count("<pause milliseconds=") == 2, "the holds' waits are not pauses")
    ours = [h.GOSSIPPER, "sipp", "-sf"]
    pairs = {"ours-ours": (ours + [uac_xml], ours + [uas_xml]),
             "ours-sipp": (ours + [uac_xml], uas_hold),
             "sipp-ours": (uac_hold, ours + [uas_xml])}
    for name, (uac_argv, uas_argv) in pairs.items():
        same_flow(name, run_pair(work, name, uac_argv, uas_argv, h.free_port(), h.free_port()),
                  expected)


def auth(work):
    try:
        auth_through_kamailio(work)
    finally:
        h.stop_kamailio(work)


def auth_through_kamailio(work):
    port, uas_port = h.free_port(), h.free_port()
    kamailio = h.start_kamailio(work, "auth.cfg", {"LISTEN_PORT": port, "UAS_PORT": uas_port,
                                                   "PASSWORD": "s3cret"})

    def through_kamailio(name, scenario, uac_port, *extra):
        cap = Capture(work, f"udp port {port} or udp port {uac_port}", name)
        uas = h.Proc(name + "-uas", [h.SIPP, "-sn", "uas", "-p", str(uas_port), "-i",
                                     "127.0.0.1", "-nostdin", "-m", "1"], work)
        time.sleep(0.7)
        uac = h.Proc(name + "-uac", [h.GOSSIPPER, "sipp", "-sf", scenario, f"127.0.0.1:{port}",
                                     "-i", "127.0.0.1", "-p", str(uac_port), "-nostdin", "-m",
                                     "1", *extra], work)
        h.check(uac.wait(60) == 0, f"{name}: the UAC exited {uac.rc}")
        h.check(uas.wait(30) == 0, f"{name}: SIPp's uas exited {uas.rc}")
        return cap.stop(), sip_flow(cap.path, (port, uac_port))

    capture, expected = through_kamailio(
        "original", os.path.join(HERE, "scenarios", "uac_invite_proxy_auth.xml"), h.free_port(),
        "-set", "user", "alice", "-ap", "s3cret")
    h.check([m for _, m, _ in expected][:2] == ["INVITE", "407"] or
            [m for _, m, _ in expected][:3] == ["INVITE", "100", "407"],
            f"Kamailio did not challenge: {expected}")
    out = os.path.join(work, "out")
    convert(work, capture, out)
    check_written(out, ["uac.xml", "uas.xml"])
    uac_xml = os.path.join(out, "uac.xml")
    with open(uac_xml) as f:
        text = f.read()
    h.check("[authentication]" in text and 'auth="true"' in text,
            "the UAC written does not answer the challenge with [authentication]")
    h.check("Proxy-Authorization" not in text, "the captured credentials stayed in the UAC")
    _, flow = through_kamailio("replay", uac_xml, h.free_port(), "-au", "alice", "-ap", "s3cret")
    same_flow("replay through Kamailio", flow, expected)
    # The pair against each other: the UAS written challenges as Kamailio did.
    uas_xml = os.path.join(out, "uas.xml")
    ours = [h.GOSSIPPER, "sipp", "-sf"]
    same_flow("ours-ours", run_pair(work, "pair", ours + [uac_xml, "-au", "alice", "-ap", "x"],
                                    ours + [uas_xml], h.free_port(), h.free_port()), expected)
    h.check(kamailio.p.poll() is None, "kamailio ended during the test")


def rtp_counts(path, ports):
    """RTP packets in the capture by destination port."""
    decode = [a for p in ports for a in ("-d", f"udp.port=={p},rtp")]
    out = subprocess.run(["tshark", "-r", path, *decode, "-Y", "rtp", "-T", "fields",
                          "-e", "udp.dstport"], check=True, capture_output=True, text=True).stdout
    counts = {}
    for line in out.split():
        counts[int(line)] = counts.get(int(line), 0) + 1
    return counts


def media(work):
    uac_media, uas_media = h.free_port(), h.free_port()
    os.makedirs(os.path.join(work, "pcap"), exist_ok=True)
    for f in ("g711a.pcap", "dtmf_2833_1.pcap"):
        os.symlink(os.path.join("/usr/share/sip-tester", f), os.path.join(work, "pcap", f))
    capture, expected = first_capture(
        work, [h.SIPP, "-sn", "uac_pcap", "-mp", str(uac_media)],
        [h.SIPP, "-sn", "uas", "-mp", str(uas_media), "-rtp_echo"],
        (uac_media, uas_media))
    sent = rtp_counts(capture, (uac_media, uas_media))
    print("captured RTP by port", sent)
    h.check(sent.get(uas_media, 0) > 100, f"SIPp's uac_pcap sent little RTP: {sent}")
    out = os.path.join(work, "out")
    convert(work, capture, out)
    check_written(out, ["uac.xml", "uas.xml", "uac_rtp.pcap"])
    ours = [h.GOSSIPPER, "sipp", "-sf"]
    m1, m2 = h.free_port(), h.free_port()
    flow = run_pair(work, "replay", ours + [os.path.join(out, "uac.xml"), "-mp", str(m1)],
                    ours + [os.path.join(out, "uas.xml"), "-mp", str(m2)], h.free_port(),
                    h.free_port(), (m1, m2))
    same_flow("replay", flow, expected)
    replayed = rtp_counts(os.path.join(work, "replay.pcap"), (m1, m2))
    print("replayed RTP by port", replayed)
    for port, theirs in ((m2, uas_media), (m1, uac_media)):
        h.check(replayed.get(port, 0) == sent.get(theirs, 0),
                f"RTP to port {port}: {replayed.get(port, 0)} packets, the capture had "
                f"{sent.get(theirs, 0)}")


def two_calls(work):
    capture, _ = first_capture(work, [h.SIPP, "-sn", "uac", "-r", "10"], [h.SIPP, "-sn", "uas"],
                               calls=2)
    out = os.path.join(work, "out")
    p = convert(work, capture, out)
    check_written(out, ["call1_uac.xml", "call1_uas.xml", "call2_uac.xml", "call2_uas.xml"])
    call_id = p.stdout.splitlines()[1].split("'")[1]
    one = os.path.join(work, "one")
    convert(work, capture, one, "-call", call_id)
    check_written(one, ["uac.xml", "uas.xml"])
    h.check(sorted(os.listdir(one)) == ["uac.xml", "uas.xml"], f"{os.listdir(one)}")
    with open(os.path.join(one, "uac.xml")) as f:
        h.check(call_id in f.read(), "the scenario does not name the call it came from")


def bad_input(work):
    capture, _ = first_capture(work, [h.SIPP, "-sn", "uac"], [h.SIPP, "-sn", "uas"])
    with open(capture, "rb") as f:
        whole = f.read()  # pcapng, as tshark writes
    pcaps = os.path.join(work, "pcaps")
    subprocess.run([sys.executable, os.path.join(HERE, "..", "media", "make_pcaps.py"), "--out",
                    pcaps], check=True)
    # The INVITE alone, as a classic pcap file: editcap keeps packet 1.
    invite_only = os.path.join(work, "invite_only.pcap")
    subprocess.run(["editcap", "-F", "pcap", "-r", capture, invite_only, "1"], check=True)
    cases = {
        "no SIP": (os.path.join(pcaps, "pcmu_20ms.pcap"), "no SIP message in PCAP file"),
        "cut short": (whole[:len(whole) - 40], "truncated"),
        "never completed": (invite_only,
                            "has no final response in the capture; the call never completed"),
        "link type": (os.path.join(pcaps, "bad_link.pcap"), "unsupported link type 105"),
        "not a capture": (b"INVITE sip:x SIP/2.0\r\n\r\n" * 4, "Can't open PCAP file"),
        "unknown call": (whole, "no call with Call-ID 'nobody@nowhere'"),
    }
    for name, (data, message) in cases.items():
        path = data
        if isinstance(data, bytes):
            path = os.path.join(work, name.replace(" ", "_") + ".pcap")
            with open(path, "wb") as f:
                f.write(data)
        out = os.path.join(work, "out-" + name.replace(" ", "_"))
        os.makedirs(out)
        extra = ["-call", "nobody@nowhere"] if name == "unknown call" else []
        p = convert(work, path, out, *extra, expect_rc=1)
        h.check(message in p.stderr, f"{name}: {message!r} not in {p.stderr!r}")
        h.check("gossipper pcap2scenario: " in p.stderr, f"{name}: {p.stderr!r}")
        h.check(os.listdir(out) == [], f"{name}: files left behind: {os.listdir(out)}")
    p = subprocess.run([h.GOSSIPPER, "pcap2scenario", capture], capture_output=True, text=True)
    h.check(p.returncode == 2 and "-o" in p.stderr, f"no -o: {p.returncode} {p.stderr}")


def test(work):
    if os.geteuid() != 0:
        print("skipped: tshark captures on lo (root)")
        sys.exit(77)
    {"sipp": sipp, "tcp": lambda w: sipp(w, transport="t1"),
     "ipv6": lambda w: sipp(w, host="::1"), "hold": hold, "auth": auth, "media": media, "two_calls": two_calls,
     "bad_input": bad_input}[sys.argv[1]](work)


if __name__ == "__main__":
    h.main(test)
