"""TLS, WebSocket and per-address UDP (ui), on loopback, with a CA and
certificates the test makes with openssl:

  ours MODE       our uac against our uas over MODE (l1 ln w1 wn ws1 wsn),
                  the client verifying the server's certificate; ln resumes
                  TLS sessions (the client's -summary_json says how many)
  ours6 MODE      the same on ::1
  kamailio MODE   our uac through a real Kamailio (tls and websocket
                  modules, tests/kamailio/transport.cfg) to SIPp's uas over
                  UDP: MODE is l1, ln, w1, ws1 or wsn
  ui              our uac with -t ui sends from 127.0.0.2-9 (the -inf
                  column), through Kamailio to SIPp's uas: Kamailio marks
                  each source address in received=, which SIPp echoes back
  ui_port         our uac with -t ui sends from each address at the -p port
  ui_server       our uas with -t ui listens on 127.0.0.2-4 (the -inf
                  column) and answers from the address it was sent to:
                  SIPp's uac calls 127.0.0.3, a raw socket checks the source
  tls_garbage     a peer that sends garbage instead of a ClientHello
  tls_silent      a peer that connects and never shakes hands
  tls_expired     our uac refuses a server certificate that has expired
                  (and accepts it with -tls_skip_verify)
  tls_crl         -tls_crl: a revoked server certificate is refused
  tls_version     -tls_version: 1.2 both sides works, 1.2 against 1.3 fails
  tls_sni         the server name our client sends: the remote host when
                  a name, -tls_sni when given (a Python TLS server records it)
  ws_lying_frame  a WebSocket frame announcing 2^40 bytes
                  (the bad-input cases: a clear error, the calls after them
                  still succeed, no crash)
  reconnect       our t1 uac with -max_reconnect: SIPp's uas ends (its -m)
                  and closes the connection, a second one takes the port,
                  our uac reconnects and its remaining calls succeed there
  reconnect_keep  the same with -reconnect_close false: the calls open on
                  the old connection are not failed with it

usage: transport_test.py ours|kamailio MODE | ui | tls_garbage | ..."""

import base64
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time

import harness as h


def openssl(work, *args):
    subprocess.run(["openssl", *args], cwd=work, check=True, capture_output=True)


# ECDSA P-256 keys (issue 21): the server signs once per full handshake, and
# an RSA-2048 signature costs about 15 times a P-256 one here (openssl speed).
EC_KEY = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1")


def make_certificates(work):
    """A CA, a server certificate for 127.0.0.1 and an expired one."""
    openssl(work, "req", "-x509", *EC_KEY, "-nodes", "-keyout", "ca.key",
            "-out", "ca.pem", "-days", "2", "-subj", "/CN=Gossipper test CA")
    openssl(work, "req", *EC_KEY, "-nodes", "-keyout", "server.key",
            "-out", "server.csr", "-subj", "/CN=localhost")
    with open(os.path.join(work, "ext.cnf"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n")
    for name, days in (("server.pem", "2"), ("expired.pem", "0")):
        openssl(work, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", name, "-days", days, "-extfile", "ext.cnf")


def uas(work, mode, port, cert="server.pem", extra=(), ip="127.0.0.1"):
    # -bind_local: the port on this address only, not on every one.
    return h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", "uas", "-t", mode, "-i", ip, "-bind_local",
                          "-p", str(port), "-tls_cert", cert, "-tls_key", "server.key",
                          "-nostdin", "-cp", str(h.free_port()), "-trace_err",
                          "-error_file", "uas_errors.log", *extra], work)


def uac(work, mode, port, calls, name="uac", extra=(), ip="127.0.0.1"):
    remote = f"[{ip}]" if ":" in ip else ip
    return h.Proc(name, [h.GOSSIPPER, "sipp", "-sn", "uac", f"{remote}:{port}", "-t", mode,
                         "-i", ip, "-p", str(h.free_port()), "-tls_ca", "ca.pem",
                         "-m", str(calls), "-r", "100", "-nostdin", "-cp", str(h.free_port()),
                         "-summary_json", name + ".json", *extra], work)


def all_succeeded(proc, calls, timeout=60):
    rc = proc.wait(timeout)
    c = h.counters(proc.text())
    h.check(rc == 0 and c.get("Successful call") == calls and c.get("Failed call") == 0,
            f"{proc.name}: rc {rc}, {c}")
    return c


def test_ours(work, mode, ip="127.0.0.1"):
    port = h.free_port()
    server = uas(work, mode, port, extra=("-m", "200"), ip=ip)
    time.sleep(0.7)
    client = uac(work, mode, port, 200, ip=ip)
    all_succeeded(client, 200)
    all_succeeded(server, 200)
    with open(os.path.join(work, "uac.json")) as f:
        generator = json.load(f)["generator"]
    if mode.startswith("l") or mode.startswith("ws"):
        connections = 1 if mode.endswith("1") else 200
        h.check(generator.get("tls_handshakes") == connections, f"handshakes {generator}")
        # Every TLS handshake ran on the handshake pool (on by default).
        h.check(generator.get("tls_pooled") == connections, f"pooled {generator}")
        if connections > 1:
            # Every connection after the first offers the last session.
            h.check(generator["tls_resumed"] >= connections // 2, f"resumed {generator}")


def start_kamailio(work, ports):
    with open(os.path.join(work, "tls.cfg"), "w") as f:
        f.write(f"""[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = {work}/server.key
certificate = {work}/server.pem
""")
    return h.start_kamailio(work, "transport.cfg",
                            dict(ports, TLS_CONFIG=os.path.join(work, "tls.cfg")))


def with_kamailio(work, calls, body):
    # Debian's Kamailio 5.6 has been seen to crash (a worker killed by
    # SIGSEGV, once in many CI runs, with the WebSocket module): a crash of
    # the peer itself, shown in its log, gets one new Kamailio, and says so.
    for attempt in (1, 2):
        ports = {"UDP_PORT": h.free_port(), "TLS_PORT": h.free_port(), "WS_PORT": h.free_port(),
                 "UAS_PORT": h.free_port()}
        kamailio = start_kamailio(work, ports)
        sipp = None
        try:
            sipp = h.Proc("sipp_uas", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p",
                                       str(ports["UAS_PORT"]), "-nostdin", "-m", str(calls),
                                       "-cp", str(h.free_port())], work)
            time.sleep(0.5)
            body(ports)
            all_succeeded(sipp, calls, 30)
            h.check(kamailio.p.poll() is None, "kamailio ended during the test")
            return
        except AssertionError:
            if attempt == 2 or "exited by a signal" not in kamailio.errors():
                raise
            print("Kamailio itself crashed (a worker died by a signal):\n" +
                  kamailio.errors()[-1500:] + "\nonce more with a new Kamailio")
        finally:
            if sipp is not None and sipp.p.poll() is None:
                sipp.p.kill()
            h.stop_kamailio(work)


def test_kamailio(work, mode):
    calls = 50

    def body(ports):
        port = ports["WS_PORT"] if mode.startswith("w") and not mode.startswith("ws") \
            else ports["TLS_PORT"]
        all_succeeded(uac(work, mode, port, calls), calls)

    with_kamailio(work, calls, body)


def test_ui(work):
    calls = 40
    sources = [f"127.0.0.{n}" for n in range(2, 10)]
    with open(os.path.join(work, "sources.csv"), "w") as f:
        f.write("SEQUENTIAL\n" + "".join(f"{ip};user{i}\n" for i, ip in enumerate(sources)))

    def body(ports):
        client = uac(work, "ui", ports["UDP_PORT"], calls,
                     extra=("-inf", "sources.csv", "-ip_field", "0", "-trace_msg",
                            "-message_file", "messages.log"))
        all_succeeded(client, calls)
        with open(os.path.join(work, "messages.log")) as f:
            log = f.read()
        seen = set(re.findall(r"received=(127\.0\.0\.\d+)", log))
        h.check(seen == set(sources), f"sources Kamailio saw: {sorted(seen)}")

    with_kamailio(work, calls, body)


def test_ui_port(work):
    """-t ui client: every address's socket has the main socket's port (-p),
    as SIPp binds them; the file's first address is the main socket's."""
    port = h.free_port()
    sources = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
    with open(os.path.join(work, "sources.csv"), "w") as f:
        f.write("SEQUENTIAL\n" + "".join(f"{ip};x\n" for ip in sources))
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    peer.settimeout(10)
    client = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{peer.getsockname()[1]}",
                            "-t", "ui", "-inf", "sources.csv", "-i", "127.0.0.1", "-p", str(port),
                            "-m", "3", "-r", "10", "-nostdin", "-cp", str(h.free_port())], work)
    seen = set()
    try:
        while len(seen) < len(sources):
            data, source = peer.recvfrom(65536)
            if data.startswith(b"INVITE "):
                seen.add(source)
    except socket.timeout:
        pass
    client.signal(signal.SIGTERM)
    client.wait(10)
    h.check(seen == {(ip, port) for ip in sources}, f"INVITEs came from {sorted(seen)}")


def test_ui_server(work):
    port = h.free_port()
    with open(os.path.join(work, "addresses.csv"), "w") as f:
        f.write("SEQUENTIAL\n127.0.0.2;a\n127.0.0.3;b\n127.0.0.4;c\n")
    server = h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", "uas", "-t", "ui", "-inf", "addresses.csv",
                            "-ip_field", "0", "-i", "127.0.0.1", "-p", str(port), "-nostdin",
                            "-cp", str(h.free_port())], work)
    time.sleep(0.7)
    sipp = h.Proc("sipp_uac", [h.SIPP, "-sn", "uac", f"127.0.0.3:{port}", "-i", "127.0.0.1",
                               "-p", str(h.free_port()), "-m", "20", "-r", "20", "-nostdin",
                               "-cp", str(h.free_port())], work)
    all_succeeded(sipp, 20, 30)
    for address in ("127.0.0.2", "127.0.0.4"):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.settimeout(5)
        me = s.getsockname()[1]
        invite = (f"INVITE sip:service@{address}:{port} SIP/2.0\r\n"
                  f"Via: SIP/2.0/UDP 127.0.0.1:{me};branch=z9hG4bK-ui-{address}\r\n"
                  f"From: <sip:probe@127.0.0.1>;tag=probe\r\nTo: <sip:service@{address}>\r\n"
                  f"Call-ID: ui-probe-{address}\r\nCSeq: 1 INVITE\r\n"
                  f"Contact: <sip:probe@127.0.0.1:{me}>\r\nContent-Length: 0\r\n\r\n")
        s.sendto(invite.encode(), (address, port))
        data, source = s.recvfrom(65536)
        h.check(source == (address, port) and data.startswith(b"SIP/2.0 180"),
                f"sent to {address}, answered from {source}: {data[:40]!r}")
        s.close()
    h.check(server.p.poll() is None, "the uas ended")


def error_log(work):
    path = os.path.join(work, "uas_errors.log")
    return open(path).read() if os.path.exists(path) else ""


def bad_peer_then_calls(work, mode, misbehave, expect):
    """`misbehave(port)` plays the bad peer; the error log says `expect`;
    then a good client's calls all succeed."""
    port = h.free_port()
    server = uas(work, mode, port, extra=("-m", "20"))
    time.sleep(0.7)
    misbehave(port)
    deadline = time.time() + 10
    while expect not in error_log(work) and time.time() < deadline:
        time.sleep(0.2)
    h.check(expect in error_log(work), f"error log lacks '{expect}':\n{error_log(work)}")
    h.check(server.p.poll() is None, "the uas ended on bad input")
    all_succeeded(uac(work, mode, port, 20), 20)
    all_succeeded(server, 20)


def test_tls_garbage(work):
    def misbehave(port):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"INVITE sip:x SIP/2.0\r\n" + bytes(range(256)) * 8)
        s.settimeout(5)
        try:
            s.recv(100)
        except OSError:
            pass
        s.close()

    bad_peer_then_calls(work, "l1", misbehave, "TLS handshake failed")


def test_tls_silent(work):
    held = []

    def misbehave(port):
        s = socket.create_connection(("127.0.0.1", port))
        held.append(s)
        s.settimeout(10)
        started = time.time()
        closed = s.recv(100) == b""
        h.check(closed and time.time() - started < 9, "a silent peer was not disconnected")

    bad_peer_then_calls(work, "l1", misbehave, "handshake did not complete in time")


def test_tls_expired(work):
    port = h.free_port()
    server = uas(work, "l1", port, cert="expired.pem")
    time.sleep(0.7)
    time.sleep(1.1)  # -days 0: the certificate expired when it was made
    client = uac(work, "l1", port, 1, extra=("-trace_err", "-error_file", "uac_errors.log"))
    client.wait(30)
    c = h.counters(client.text())
    h.check(client.rc == 1 and c.get("Failed call") == 1, f"uac rc {client.rc}, {c}")
    with open(os.path.join(work, "uac.json")) as f:
        sipp_counters = json.load(f)["sipp_counters"]
    h.check(sipp_counters.get("FailedTcpConnect") == 1, f"SIPp's counters: {sipp_counters}")
    log = open(os.path.join(work, "uac_errors.log")).read()
    h.check("certificate has expired" in log, f"uac error log:\n{log}")
    h.check(server.p.poll() is None, "the uas ended")
    # Verification off: the same server is accepted.
    all_succeeded(uac(work, "l1", port, 5, name="uac_unverified", extra=("-tls_skip_verify",)), 5)


def test_tls_crl(work):
    """-tls_crl: a CRL from before the revocation lets the calls through, one
    that lists the server's certificate stops them."""
    with open(os.path.join(work, "ca.cnf"), "w") as f:
        f.write(f"""[ca]
default_ca = test_ca
[test_ca]
database = {work}/index.txt
certificate = {work}/ca.pem
private_key = {work}/ca.key
crlnumber = {work}/crlnumber
default_md = sha256
default_crl_days = 2
""")
    open(os.path.join(work, "index.txt"), "w").close()
    with open(os.path.join(work, "crlnumber"), "w") as f:
        f.write("01\n")
    openssl(work, "ca", "-config", "ca.cnf", "-gencrl", "-out", "clean.crl")
    openssl(work, "ca", "-config", "ca.cnf", "-revoke", "server.pem")
    openssl(work, "ca", "-config", "ca.cnf", "-gencrl", "-out", "revoked.crl")
    port = h.free_port()
    server = uas(work, "l1", port)
    time.sleep(0.7)
    all_succeeded(uac(work, "l1", port, 3, name="uac_clean", extra=("-tls_crl", "clean.crl")), 3)
    client = uac(work, "l1", port, 1, name="uac_revoked",
                 extra=("-tls_crl", "revoked.crl", "-trace_err", "-error_file", "revoked.log"))
    client.wait(30)
    c = h.counters(client.text())
    h.check(c.get("Failed call") == 1, f"a revoked certificate was accepted: {c}")
    log = open(os.path.join(work, "revoked.log")).read()
    h.check("certificate revoked" in log, f"uac error log:\n{log}")
    h.check(server.p.poll() is None, "the uas ended")


def test_tls_version(work):
    """-tls_version: 1.2 on both sides works; a 1.2-only client against a
    1.3-only server fails its handshake."""
    port = h.free_port()
    server = uas(work, "l1", port, extra=("-tls_version", "1.2"))
    time.sleep(0.7)
    all_succeeded(uac(work, "l1", port, 3, name="uac_12", extra=("-tls_version", "1.2")), 3)
    server.signal(2)
    server.wait(10)
    port = h.free_port()
    uas(work, "l1", port, extra=("-tls_version", "1.3"))
    time.sleep(0.7)
    client = uac(work, "l1", port, 1, name="uac_mismatch",
                 extra=("-tls_version", "1.2", "-trace_err", "-error_file", "mismatch.log"))
    client.wait(30)
    h.check(h.counters(client.text()).get("Failed call") == 1, "a 1.2 client got through to 1.3")
    log = open(os.path.join(work, "mismatch.log")).read()
    h.check("TLS handshake failed" in log, f"uac error log:\n{log}")


def test_tls_sni(work):
    """A Python TLS server records the server name each client sends."""
    import ssl
    import threading
    names = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(work, "server.pem"), os.path.join(work, "server.key"))
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve():
        for _ in range(2):
            conn, _ = listener.accept()
            try:
                tls = context.wrap_socket(conn, server_side=True)
                tls.settimeout(3)
                tls.recv(100)  # the INVITE
                tls.close()
            except OSError:
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    for remote, extra in (("localhost", ()), ("127.0.0.1", ("-tls_sni", "sip.example.test"))):
        client = h.Proc("uac_" + remote, [h.GOSSIPPER, "sipp", "-sn", "uac", f"{remote}:{port}",
                                          "-t", "l1", "-i", "127.0.0.1", "-p", str(h.free_port()),
                                          "-m", "1", "-nostdin", "-cp", str(h.free_port()),
                                          *extra], work)
        client.wait(30)
    thread.join(10)
    h.check(names == ["localhost", "sip.example.test"], f"server names sent: {names}")


def test_tls_resumption(work, threads="1"):
    """ln at 500 connections/s under TLS 1.3: every connection after the
    first few (made before the first ticket came) resumes a session. OpenSSL
    marks a TLS 1.3 ticket used up when its handshake ends, so a client that
    offered only the newest ticket missed whenever connections overlapped
    (about one in ten here); and one that chose its ticket before its
    handshake waited its turn on the handshake pool found it used up as
    often (a silent full handshake). `threads`: -tls_handshake_threads of
    both ends."""
    port = h.free_port()
    pool = ("-tls_handshake_threads", threads)
    server = uas(work, "ln", port, extra=("-m", "1000", "-max_socket", "5000", *pool))
    time.sleep(0.7)
    client = uac(work, "ln", port, 1000, extra=("-r", "500", "-max_socket", "5000", *pool))
    all_succeeded(client, 1000)
    all_succeeded(server, 1000)
    with open(os.path.join(work, "uac.json")) as f:
        generator = json.load(f)["generator"]
    h.check(generator.get("tls_handshakes") == 1000, f"handshakes {generator}")
    h.check(generator["tls_resumed"] >= 1000 - 25, f"resumed {generator}")
    h.check(generator["tls_pooled"] == (1000 if threads != "0" else 0), f"pooled {generator}")


def test_tls_resumption_on_shards(work):
    """The same with each handshake on the shard that owns its connection."""
    test_tls_resumption(work, "0")


def test_tls_goodbye(work):
    """A peer's close_notify is answered with ours before the connection
    closes (RFC 8446 6.1: each party sends one before closing its write
    side); an unanswered one leaves the peer reading a truncated stream."""
    import ssl
    port = h.free_port()
    server = uas(work, "l1", port, extra=("-m", "1"))
    time.sleep(0.7)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(os.path.join(work, "ca.pem"))
    # Python sets this by default: a truncated stream would pass as answered.
    context.options &= ~ssl.OP_IGNORE_UNEXPECTED_EOF
    outcomes = []
    for _ in range(3):
        tls = context.wrap_socket(socket.create_connection(("127.0.0.1", port)),
                                  server_hostname="localhost")
        tls.settimeout(5)
        try:
            tls.unwrap()  # sends our close_notify, then reads until the peer's
            outcomes.append("answered")
        except (ssl.SSLError, OSError) as e:
            outcomes.append(f"{type(e).__name__}: {e}")
        tls.close()
    h.check(outcomes == ["answered"] * 3, f"close_notify answers: {outcomes}")
    h.check(server.p.poll() is None, "the uas ended")
    all_succeeded(uac(work, "l1", port, 1), 1)
    all_succeeded(server, 1)


def test_ws_lying_frame(work):
    def misbehave(port):
        s = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall((f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                   "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n").encode())
        s.settimeout(5)
        answer = s.recv(4096)
        h.check(b" 101 " in answer and b"Sec-WebSocket-Protocol: sip" in answer,
                f"no upgrade to the sip subprotocol: {answer!r}")
        # FIN + text, masked, 64-bit length 2^40, then a few bytes only.
        s.sendall(bytes([0x81, 0xFF]) + struct.pack(">Q", 1 << 40) + os.urandom(4) + b"INVITE")
        try:
            while s.recv(4096):
                pass
        except OSError:
            pass
        s.close()

    bad_peer_then_calls(work, "w1", misbehave, "WebSocket connection error")


def test_reconnect(work, close_calls=True):
    """SIPp's uas ends after 10 calls; the calls our uac sent it beyond those
    are open when the connection closes: they fail with it (FailedTcpClosed),
    or with -reconnect_close false carry on over the new connection, where
    nobody knows them (-recv_timeout ends them, as it ends those the ending
    uas ignored before it closed)."""
    port = h.free_port()

    def sipp_uas(name, calls):
        return h.Proc(name, [h.SIPP, "-sn", "uas", "-t", "t1", "-i", "127.0.0.1", "-p", str(port),
                             "-nostdin", "-m", str(calls), "-cp", str(h.free_port())], work)

    first = sipp_uas("sipp_uas1", 10)
    time.sleep(0.5)
    keep = [] if close_calls else ["-reconnect_close", "false"]
    client = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-t", "t1",
                            "-i", "127.0.0.1", "-p", str(h.free_port()), "-m", "100", "-r", "10",
                            "-nostdin", "-cp", str(h.free_port()), "-max_reconnect", "2",
                            "-reconnect_sleep", "1s", "-recv_timeout", "3s", *keep,
                            "-summary_json", "uac.json",
                            "-trace_err", "-error_file", "uac_errors.log"], work)
    first.wait(30)
    second = sipp_uas("sipp_uas2", 1000)
    client.wait(60)
    c = h.counters(client.text())
    second.signal(2)
    second.wait(10)
    after = h.counters(second.text()).get("Successful call", 0)
    h.check(after >= 20, f"calls after the reconnection: {after}; ours {c}")
    h.check(c.get("Successful call", 0) >= 30, f"ours: {c}")
    log = open(os.path.join(work, "uac_errors.log")).read()
    h.check("reconnecting to the remote (1 of 2)" in log, f"uac error log:\n{log}")
    with open(os.path.join(work, "uac.json")) as f:
        counters = json.load(f)["sipp_counters"]
    if close_calls:
        h.check(counters["FailedTcpClosed"] > 0, f"calls on the closed connection: {counters}")
    else:
        h.check(counters["FailedTcpClosed"] == 0, f"calls kept over the reconnection: {counters}")


def test_reconnect_keep(work):
    test_reconnect(work, close_calls=False)


def test(work):
    make_certificates(work)
    what = sys.argv[1]
    if what == "ours":
        test_ours(work, sys.argv[2])
    elif what == "ours6":
        test_ours(work, sys.argv[2], "::1")
    elif what == "kamailio":
        test_kamailio(work, sys.argv[2])
    else:
        globals()["test_" + what](work)


if __name__ == "__main__":
    h.main(test)
