#!/usr/bin/env python3
"""Small capture files for the media tests (Part of Gossipper, AGPL-3.0).

Writes the pcap files the unit tests and the fuzzer's seed corpus read: good
captures in each link type the reader takes, and one file per way a capture
can be wrong. Written by hand (struct, no scapy) so the tests need nothing
beyond python3. Payload bytes follow a pattern a test can check: RTP header,
then byte i of packet n's audio is (n + i) & 0xff.

  python3 make_pcaps.py --out DIR
  python3 make_pcaps.py --out DIR --long   # only pcmu_20ms_long.pcap

--long writes the clean 10 s capture the media interoperability tests play
(tests/interop/media_peers_test.py): 500 PCMU packets, 20 ms apart.
"""
import argparse
import os
import struct

LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_LINUX_SLL = 113
LINKTYPE_IPV4 = 228
LINKTYPE_LINUX_SLL2 = 276
LINKTYPE_IEEE802_11_PRISM = 105  # 802.11: a link type the reader refuses

START = 1_700_000_000.990_000  # crosses a second boundary on the first packet


def pcap_header(linktype, snaplen=65535):
    return struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)


def record(ts, data, orig_len=None):
    """One packet record; orig_len > len(data) makes a truncated capture."""
    sec = int(ts)
    usec = int(round((ts - sec) * 1_000_000))
    if usec == 1_000_000:
        sec, usec = sec + 1, 0
    length = len(data) if orig_len is None else orig_len
    return struct.pack("<IIII", sec, usec, len(data), length) + data


def rtp(n, pt, payload_len, marker=False, ssrc=0x11223344):
    header = struct.pack(
        "!BBHII", 0x80, (0x80 if marker else 0) | pt, 1000 + n, 160 * n, ssrc
    )
    return header + bytes((n + i) & 0xFF for i in range(payload_len))


def udp(sport, dport, payload, length=None):
    ulen = len(payload) + 8 if length is None else length
    return struct.pack("!HHHH", sport, dport, ulen, 0) + payload


def ipv4(proto, body, options=b"", frag_offset=0):
    ihl = 5 + len(options) // 4
    total = ihl * 4 + len(body)
    header = struct.pack(
        "!BBHHHBBH4s4s",
        0x40 | ihl,
        0,
        total,
        0,
        frag_offset,
        64,
        proto,
        0,
        bytes([10, 0, 0, 1]),
        bytes([10, 0, 0, 2]),
    )
    return header + options + body


def ipv6(next_header, body):
    src = bytes(15) + b"\x01"
    dst = bytes(15) + b"\x02"
    return struct.pack("!IHBB", 0x6 << 28, len(body), next_header, 64) + src + dst + body


def ethernet(ethertype, body, vlan=None):
    macs = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1])
    if vlan is not None:
        return macs + struct.pack("!HHH", 0x8100, vlan, ethertype) + body
    return macs + struct.pack("!H", ethertype) + body


def linux_sll(protocol, body):
    # packet type (0: to us), ARPHRD_ETHER, address length, address (8), protocol
    return struct.pack("!HHH8sH", 0, 1, 6, bytes(8), protocol) + body


def linux_sll2(protocol, body):
    # protocol, reserved, interface index, ARPHRD_ETHER, packet type,
    # address length, address (8)
    return struct.pack("!HHIHBB8s", protocol, 0, 1, 1, 0, 6, bytes(8)) + body


def pcapng(linktype, packets):
    """A pcapng file: section header, one interface (microseconds), and an
    enhanced packet block per (time, data)."""

    def block(kind, body):
        body += bytes(-len(body) % 4)
        return struct.pack("<II", kind, len(body) + 12) + body + struct.pack("<I", len(body) + 12)

    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += block(1, struct.pack("<HHI", linktype, 0, 65535))
    for ts, data in packets:
        us = int(round(ts * 1_000_000))
        out += block(6, struct.pack("<IIIII", 0, us >> 32, us & 0xFFFFFFFF, len(data), len(data))
                     + data)
    return out


def tcp(sport, dport):
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 0x50, 0x02, 1024, 0, 0)


def rtp_stream(count, pt, payload_len, port=6000, step=0.020):
    """(time, UDP datagram) for `count` RTP packets `step` apart."""
    return [
        (START + n * step, udp(40000, port, rtp(n, pt, payload_len, marker=(n == 0))))
        for n in range(count)
    ]


def write(out, name, linktype, records):
    with open(os.path.join(out, name), "wb") as f:
        f.write(pcap_header(linktype))
        for r in records:
            f.write(r)


def write_good(out):
    """Captures that read: each link type, and the rules."""
    # 50 packets of PCMU, 20 ms apart: the common case.
    write(out, "pcmu_20ms.pcap", LINKTYPE_ETHERNET,
          [record(t, ethernet(0x0800, ipv4(17, d))) for t, d in rtp_stream(50, 0, 160)])
    # PCMA from "tcpdump -i any": Linux cooked capture.
    write(out, "pcma_sll.pcap", LINKTYPE_LINUX_SLL,
          [record(t, linux_sll(0x0800, ipv4(17, d))) for t, d in rtp_stream(10, 8, 160)])
    # "tcpdump -i any" since libpcap 1.10: Linux cooked v2.
    write(out, "pcmu_sll2.pcap", LINKTYPE_LINUX_SLL2,
          [record(t, linux_sll2(0x0800, ipv4(17, d))) for t, d in rtp_stream(3, 0, 160)])
    # Wireshark's own format.
    with open(os.path.join(out, "pcmu.pcapng"), "wb") as f:
        f.write(pcapng(LINKTYPE_ETHERNET,
                       [(t, ethernet(0x0800, ipv4(17, d))) for t, d in rtp_stream(4, 0, 160)]))
    # Raw IP, IPv6 (LINKTYPE_RAW: the version nibble tells v4 from v6).
    write(out, "ipv6_raw.pcap", LINKTYPE_RAW,
          [record(t, ipv6(17, d)) for t, d in rtp_stream(5, 0, 80, step=0.010)])
    # LINKTYPE_IPV4: IPv4 and nothing else.
    write(out, "ipv4_linktype.pcap", LINKTYPE_IPV4,
          [record(t, ipv4(17, d)) for t, d in rtp_stream(4, 0, 40)])
    # An 802.1Q tag between Ethernet and IP.
    write(out, "vlan.pcap", LINKTYPE_ETHERNET,
          [record(t, ethernet(0x0800, ipv4(17, d), vlan=42)) for t, d in rtp_stream(3, 0, 160)])
    # Audio on 6000, video on 6002: port_delta 0 and 2.
    two = []
    for n in range(6):
        port = 6000 if n % 2 == 0 else 6002
        two.append(record(START + n * 0.010,
                          ethernet(0x0800, ipv4(17, udp(40000, port, rtp(n, 0, 20))))))
    write(out, "two_ports.pcap", LINKTYPE_ETHERNET, two)
    # What the reader skips, and a clock that steps back: ARP, TCP, an IPv6
    # packet whose next header is not UDP, a non-first IPv4 fragment, and UDP
    # inside IPv4 with options (IHL 6). Times: 0, 100, 50 (back), 80, 120 ms.
    mixed = [
        record(START - 1.0, ethernet(0x0806, bytes(28))),
        record(START, ethernet(0x0800, ipv4(17, udp(1, 7000, b"first")))),
        record(START + 0.010, ethernet(0x0800, ipv4(6, tcp(5060, 5060)))),
        record(START + 0.020, ethernet(0x86DD, ipv6(6, tcp(5060, 5060)))),
        record(START + 0.030, ethernet(0x0800, ipv4(17, bytes(16), frag_offset=185))),
        record(START + 0.100, ethernet(0x0800, ipv4(17, udp(1, 7004, b"second"),
                                                     options=bytes([1, 1, 1, 0])))),
        record(START + 0.050, ethernet(0x86DD, ipv6(17, udp(1, 7001, b"third")))),
        record(START + 0.080, ethernet(0x0800, ipv4(17, udp(1, 7000, b"fourth")))),
        record(START + 0.120, ethernet(0x0800, ipv4(17, udp(1, 7000, b"")))),
    ]
    write(out, "mixed.pcap", LINKTYPE_ETHERNET, mixed)


def write_bad(out):
    """Captures that do not read, one per error."""
    frame = ethernet(0x0800, ipv4(17, udp(40000, 6000, rtp(0, 0, 160))))
    write(out, "truncated.pcap", LINKTYPE_ETHERNET,
          [record(START, frame), record(START + 0.02, frame[:64], orig_len=len(frame))])
    write(out, "no_udp.pcap", LINKTYPE_ETHERNET,
          [record(START + n * 0.01, ethernet(0x0800, ipv4(6, tcp(5060, 5060)))) for n in range(3)])
    write(out, "empty.pcap", LINKTYPE_ETHERNET, [])
    write(out, "bad_link.pcap", LINKTYPE_IEEE802_11_PRISM, [record(START, frame)])
    # Cut inside the IPv4 header (captured whole: no truncation flag).
    write(out, "short_header.pcap", LINKTYPE_ETHERNET, [record(START, frame[:14 + 12])])
    # IHL says 15 words (60 bytes) in a packet that has fewer.
    cut_ihl = bytearray(ethernet(0x0800, ipv4(17, udp(1, 6000, b"abcd"))))
    cut_ihl[14] = 0x4F
    write(out, "bad_ihl.pcap", LINKTYPE_ETHERNET, [record(START, bytes(cut_ihl))])
    # A UDP length past the end of the packet.
    write(out, "udp_too_long.pcap", LINKTYPE_ETHERNET,
          [record(START, ethernet(0x0800, ipv4(17, udp(1, 6000, b"abcd", length=400))))])
    # A UDP length shorter than UDP's own header.
    write(out, "udp_too_short.pcap", LINKTYPE_ETHERNET,
          [record(START, ethernet(0x0800, ipv4(17, udp(1, 6000, b"abcd", length=4))))])
    with open(os.path.join(out, "not_a_pcap.pcap"), "w") as f:
        f.write("This is not a capture file, just some text.\n" * 4)


LONG_PACKETS = 500  # 10 s of 20 ms packets


def write_long(out):
    """A clean 10 s PCMU stream, 20 ms apart: sequence numbers 1000 on,
    timestamps 160 apart, one SSRC."""
    write(out, "pcmu_20ms_long.pcap", LINKTYPE_ETHERNET,
          [record(t, ethernet(0x0800, ipv4(17, d))) for t, d in rtp_stream(LONG_PACKETS, 0, 160)])


def main():
    parser = argparse.ArgumentParser(description="Writes the media tests' pcap files.")
    parser.add_argument("--out", required=True, help="directory to write into")
    parser.add_argument("--long", action="store_true",
                        help="write only pcmu_20ms_long.pcap, 10 s of clean PCMU")
    args = parser.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    if args.long:
        write_long(out)
        return
    write_good(out)
    write_bad(out)


if __name__ == "__main__":
    main()
