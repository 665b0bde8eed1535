"""DTLS records read from a capture's UDP payloads by this module, not by
tshark's dissectors: the tests draw free ports, and a port Wireshark gives
another protocol (a port-registered dissector beats the DTLS heuristic)
would hide a handshake that is on the wire."""

import subprocess
from dataclasses import dataclass, field

CHANGE_CIPHER_SPEC, HANDSHAKE = 20, 22
CLIENT_HELLO, SERVER_HELLO = 1, 2
USE_SRTP = 14  # RFC 5764 §4.1.1


@dataclass
class Record:
    content_type: int
    epoch: int
    body: bytes

    def handshake_type(self):
        """The handshake message's type; None when encrypted or not one."""
        if self.content_type != HANDSHAKE or self.epoch != 0 or not self.body:
            return None
        return self.body[0]


@dataclass
class Datagram:
    time: float
    src: int
    dst: int
    records: list = field(default_factory=list)

    def has_handshake(self, kind):
        return any(r.handshake_type() == kind for r in self.records)

    def has_record(self, content_type):
        return any(r.content_type == content_type for r in self.records)


def records(payload):
    """The DTLS records of one datagram (RFC 6347 §4.1: type, version,
    epoch, sequence number, length); [] when it is not DTLS (RFC 7983: a
    first byte of 20..63) or a record runs past the datagram."""
    out, at = [], 0
    if not payload or not 20 <= payload[0] <= 63:
        return []
    while at + 13 <= len(payload):
        length = int.from_bytes(payload[at + 11:at + 13], "big")
        if at + 13 + length > len(payload):
            return []
        out.append(Record(payload[at], int.from_bytes(payload[at + 3:at + 5], "big"),
                          payload[at + 13:at + 13 + length]))
        at += 13 + length
    return out if at == len(payload) else []


def datagrams(path):
    """Every UDP datagram of the capture that holds DTLS records."""
    out = subprocess.run(["tshark", "-r", path, "-Y", "udp", "-T", "fields", "-e",
                          "frame.time_relative", "-e", "udp.srcport", "-e", "udp.dstport",
                          "-e", "udp.payload"], check=True, capture_output=True,
                         text=True).stdout
    found = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[3]:
            continue
        found_records = records(bytes.fromhex(parts[3].replace(":", "")))
        if found_records:
            found.append(Datagram(float(parts[0]), int(parts[1]), int(parts[2]), found_records))
    return found


def srtp_profile(server_hello):
    """The use_srtp protection profile a ServerHello's body chose, as
    "0x0001"; None without the extension (RFC 5246 §7.4.1.3 layout after
    DTLS's 12-byte handshake header)."""
    at = 12 + 2 + 32  # header, version, random
    if len(server_hello) < at + 1:
        return None
    at += 1 + server_hello[at]  # session id
    at += 2 + 1  # cipher suite, compression
    if len(server_hello) < at + 2:
        return None
    end = min(len(server_hello), at + 2 + int.from_bytes(server_hello[at:at + 2], "big"))
    at += 2
    while at + 4 <= end:
        kind = int.from_bytes(server_hello[at:at + 2], "big")
        size = int.from_bytes(server_hello[at + 2:at + 4], "big")
        data = server_hello[at + 4:at + 4 + size]
        if kind == USE_SRTP and len(data) >= 4:
            return "0x%04x" % int.from_bytes(data[2:4], "big")
        at += 4 + size
    return None
