"""Precompiled scenarios against the real SIPp: the built-in uac and uas are
compiled to .gso files by `gossipper compile`, then run with `gossipper run`
against SIPp's uas and uac; every call succeeds by both tools' counts.

damaged: a byte changed in the uac's code or constants is refused with a
message and a plain exit, before any traffic (it once crashed the run, or sent
corrupted SIP). cache: a damaged compile cache entry is said, made again, and
the call succeeds against SIPp's uas.

usage: precompiled_test.py uac|uas|damaged|cache"""

import glob
import os
import socket
import struct
import subprocess
import sys
import time

import harness as h

CALLS = 400


def compile_builtin(work, name):
    xml = os.path.join(work, name + ".xml")
    gso = os.path.join(work, name + ".gso")
    with open(xml, "w") as f:
        subprocess.run([h.GOSSIPPER, "sipp", "-sd", name], stdout=f, check=False)
    r = subprocess.run([h.GOSSIPPER, "compile", xml, "-o", gso], capture_output=True, text=True)
    h.check(r.returncode == 0 and os.path.exists(gso), f"compile: {r.returncode} {r.stderr}")
    return gso


def section(data, name):
    """(offset, size) of the ELF section `name` in `data`."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)

    def header(i):  # sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, ...
        return struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
    names = header(shstrndx)[4]
    for i in range(shnum):
        h = header(i)
        start = names + h[0]
        if data[start:data.index(b"\0", start)].decode() == name:
            return h[4], h[5]
    raise AssertionError(f"no section {name}")


def flipped(data, offset):
    return data[:offset] + bytes([data[offset] ^ 0x20]) + data[offset + 1:]


def test_damaged(work):
    good = open(compile_builtin(work, "uac"), "rb").read()
    text, text_size = section(good, ".text")
    rodata, rodata_size = section(good, ".rodata")
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    port = h.free_port()
    listener.bind(("127.0.0.1", port))
    listener.setblocking(False)
    for offset in (text, text + text_size // 3, text + text_size - 1, rodata + rodata_size // 2):
        gso = os.path.join(work, f"damaged_{offset:x}.gso")
        with open(gso, "wb") as f:
            f.write(flipped(good, offset))
        r = subprocess.run([h.GOSSIPPER, "run", gso, f"127.0.0.1:{port}", "-i", "127.0.0.1",
                            "-p", str(h.free_port()), "-m", "1", "-nostdin"],
                           capture_output=True, text=True, timeout=30, cwd=work)
        # A negative code is a signal (Python's way), as is 128+N from a shell.
        h.check(0 < r.returncode < 128, f"byte {offset:#x}: exit {r.returncode}: {r.stderr}")
        h.check(f"'{gso}' is damaged: its digest does not match; compile it again" in r.stderr,
                f"byte {offset:#x}: {r.stderr}")
    try:
        sent = listener.recv(65536)
    except BlockingIOError:
        sent = None
    h.check(sent is None, f"a damaged object sent {sent!r}")


def sipp_uac(work, name, port):
    return h.Proc(name, [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                         "-p", str(h.free_port()), "-m", "1", "-nostdin",
                         "-cp", str(h.free_port())], work)


def test_cache(work):
    cache = os.environ["GOSSIPPER_CACHE_DIR"]  # under the work directory (harness.main)
    port = h.free_port()
    server = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                            "-m", "3", "-cp", str(h.free_port())], work)
    time.sleep(0.7)
    first = sipp_uac(work, "first", port)
    h.check(first.wait(30) == 0, f"first run: exit {first.rc}")
    entries = glob.glob(os.path.join(cache, "*.gso"))
    h.check(len(entries) == 1, f"cache entries: {entries}")
    entry = entries[0]
    good = open(entry, "rb").read()
    text, text_size = section(good, ".text")
    damaged = flipped(good, text + text_size // 2)
    with open(entry, "wb") as f:
        f.write(damaged)
    second = sipp_uac(work, "second", port)
    h.check(second.wait(30) == 0, f"run on a damaged entry: exit {second.rc}: {second.errors()}")
    h.check("warning: compile cache: " in second.errors() and
            f"'{entry}' is damaged: its digest does not match" in second.errors(),
            f"no warning: {second.errors()}")
    h.check(open(entry, "rb").read() != damaged, "the damaged entry was not made again")
    third = sipp_uac(work, "third", port)
    h.check(third.wait(30) == 0 and "warning" not in third.errors(),
            f"run on the entry made again: exit {third.rc}: {third.errors()}")
    server.wait(30)
    b = h.counters(server.text())
    h.check(b.get("Successful call") == 3 and b.get("Failed call") == 0, f"uas {b}")


def test(work):
    what = sys.argv[1]
    if what == "damaged":
        return test_damaged(work)
    if what == "cache":
        return test_cache(work)
    port = h.free_port()
    if what == "uac":
        gso = compile_builtin(work, "uac")
        server = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                                "-m", str(CALLS), "-cp", str(h.free_port())], work)
        time.sleep(0.7)
        client = h.Proc("uac", [h.GOSSIPPER, "run", gso, f"127.0.0.1:{port}", "-i", "127.0.0.1",
                                "-p", str(h.free_port()), "-nostdin", "-m", str(CALLS), "-r", "200",
                                "-cp", str(h.free_port())], work)
    else:
        gso = compile_builtin(work, "uas")
        server = h.Proc("uas", [h.GOSSIPPER, "run", gso, "-p", str(port), "-i", "127.0.0.1",
                                "-nostdin", "-m", str(CALLS), "-cp", str(h.free_port())], work)
        time.sleep(0.7)
        client = h.Proc("uac", [h.SIPP, "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                                "-p", str(h.free_port()), "-nostdin", "-m", str(CALLS), "-r", "200",
                                "-cp", str(h.free_port())], work)
    client.wait(60)
    server.wait(30)
    a, b = h.counters(client.text()), h.counters(server.text())
    h.check(client.rc == 0 and a.get("Successful call") == CALLS, f"uac rc {client.rc} {a}")
    h.check(b.get("Successful call") == CALLS and b.get("Failed call") == 0, f"uas {b}")


if __name__ == "__main__":
    h.main(test)
