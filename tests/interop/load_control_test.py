"""Load control against the real SIPp: -users (a closed loop of users, each
call carrying its [userid]) and changing the users at run time through the
-cp control socket.

-max_socket with a socket (or connection) per call: past the limit, calls
share the sockets already open, as SIPp does.

-oocsn: requests for no known call reaching a client run the out-of-call
scenario (SIPp's ooc_default answers 200), whose screens "set display ooc"
shows; without it they are discarded and counted.

usage: load_control_test.py users|set_users|max_socket_un|max_socket_tn|ooc|no_ooc"""

import os
import re
import socket
import sys
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))


def sipp_uas(work, port, calls):
    # -trace_msg: SIPp writes every message it receives to uas_<pid>_messages.log.
    return h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                          "-m", str(calls), "-cp", str(h.free_port()), "-trace_msg"], work)


def our_uac(work, port, calls, users, control_port, pause_ms):
    return h.Proc("uac", [h.GOSSIPPER, "sipp", "-sf", os.path.join(HERE, "scenarios", "uac_userid.xml"),
                          f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p", str(h.free_port()), "-nostdin",
                          "-m", str(calls), "-users", str(users), "-d", str(pause_ms),
                          "-cp", str(control_port), "-threads", "2"], work)


def users_seen(work, uas):
    log = os.path.join(work, f"uas_{uas.p.pid}_messages.log")
    h.check(os.path.exists(log), f"no SIPp message trace {log}")
    with open(log, errors="replace") as f:
        return [(int(a), int(b)) for a, b in re.findall(r"X-User: (\d+) of (\d+)", f.read())]


def max_socket(work, transport):
    calls, port = 200, h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-t", transport, "-p", str(port), "-i", "127.0.0.1",
                         "-nostdin", "-m", str(calls), "-cp", str(h.free_port()), "-trace_msg",
                         "-max_socket", "10000"], work)
    time.sleep(0.7)
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-t", transport,
                         "-i", "127.0.0.1", "-p", str(h.free_port()), "-nostdin", "-m", str(calls),
                         "-r", "100", "-d", "1000", "-max_socket", "3", "-threads", "1",
                         "-cp", str(h.free_port())],
                 work)
    uac.wait(60)
    uas.wait(30)
    a, b = h.counters(uac.text()), h.counters(uas.text())
    h.check(uac.rc == 0 and a.get("Successful call") == calls, f"uac rc {uac.rc} {a}")
    h.check(b.get("Successful call") == calls and b.get("Failed call") == 0, f"SIPp uas {b}")
    log = os.path.join(work, f"uas_{uas.p.pid}_messages.log")
    with open(log, errors="replace") as f:
        ports = set(re.findall(r"^Via: SIP/2.0/(?:UDP|TCP) 127\.0\.0\.1:(\d+)", f.read(), re.M))
    # Each call's Via carries its socket's port. Calls are held a second at
    # 100 calls/s, so about 100 are open at once: they share 3 sockets, which
    # stay open while any of their calls lives.
    h.check(1 <= len(ports) <= 3, f"source ports {sorted(ports)}")


def out_of_call(work, with_ooc):
    """Our UAC calls a SIPp UAS; meanwhile a SIPp client sends 10 OPTIONS,
    each with a Call-ID of its own, to our UAC's port."""
    uas_port, our_port = h.free_port(), h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(uas_port), "-i", "127.0.0.1", "-nostdin",
                         "-m", "20", "-cp", str(h.free_port())], work)
    time.sleep(0.7)
    extra = ["-oocsn", "ooc_default"] if with_ooc else []
    control = h.free_port()
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{uas_port}", "-i", "127.0.0.1",
                         "-p", str(our_port), "-nostdin", "-m", "20", "-r", "5", "-threads", "2",
                         "-cp", str(control)] + extra, work)
    time.sleep(0.5)
    options = h.Proc("options", [h.SIPP, "-sf", os.path.join(HERE, "scenarios", "uac_options.xml"),
                                 f"127.0.0.1:{our_port}", "-i", "127.0.0.1", "-p", str(h.free_port()),
                                 "-nostdin", "-m", "10", "-r", "5", "-max_invite_retrans", "1",
                                 "-max_non_invite_retrans", "1", "-cp", str(h.free_port())], work)
    options.wait(60)
    if with_ooc:
        # The final screens then show the out-of-call scenario's counts.
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendto(b"cset display ooc", ("127.0.0.1", control))
        s.close()
    uac.wait(60)
    uas.wait(30)
    a, o = h.counters(uac.text()), h.counters(options.text())
    # With the out-of-call screens on display, SIPp's uas counts our calls.
    main_calls = h.counters(uas.text()) if with_ooc else a
    h.check(uac.rc == 0 and main_calls.get("Successful call") == 20,
            f"our uac rc {uac.rc} {main_calls}")
    if with_ooc:
        h.check(o.get("Successful call") == 10, f"the OPTIONS must all be answered: {o}")
        h.check("0 out-of-call msg" in uac.text(), "nothing discarded:\n" + uac.text()[:1200])
        h.check(re.search(r"200 -+>\s+10\b", uac.text()) is not None,
                "set display ooc: the 10 answers on the final screen:\n" + uac.text()[:1500])
    else:
        h.check(o.get("Successful call", 0) == 0, f"no OPTIONS may be answered: {o}")
        m = re.search(r"(\d+) out-of-call msg \(discarded\)", uac.text())
        h.check(m is not None and int(m.group(1)) >= 10, "discarded and counted:\n" + uac.text()[:1200])


def test(work):
    what = sys.argv[1]
    if what in ("ooc", "no_ooc"):
        out_of_call(work, what == "ooc")
        return
    port = h.free_port()
    control = h.free_port()
    if what.startswith("max_socket_"):
        max_socket(work, what[len("max_socket_"):])
    elif what == "users":
        calls, users = 200, 10
        uas = sipp_uas(work, port, calls)
        time.sleep(0.7)
        uac = our_uac(work, port, calls, users, control, 100)
        uac.wait(60)
        uas.wait(30)
        a, b = h.counters(uac.text()), h.counters(uas.text())
        h.check(uac.rc == 0 and a.get("Successful call") == calls, f"uac rc {uac.rc} {a}")
        h.check(b.get("Successful call") == calls, f"SIPp uas {b}")
        h.check("Peak was 10 calls" in uac.text(), "the peak must be the 10 users:\n" + uac.text()[:1500])
        seen = users_seen(work, uas)
        h.check(len(seen) == calls, f"{len(seen)} INVITEs with X-User, expected {calls}")
        ids = {u for u, _ in seen}
        h.check(ids == set(range(1, users + 1)), f"user ids {sorted(ids)}")
        h.check({n for _, n in seen} == {users}, f"[users] rendered {sorted({n for _, n in seen})}")
    else:
        # 10 users; after a second, "set users 3" through the control socket.
        calls = 150
        uas = sipp_uas(work, port, calls)
        time.sleep(0.7)
        uac = our_uac(work, port, calls, 10, control, 200)
        time.sleep(1.0)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendto(b"cset users 3", ("127.0.0.1", control))
        s.close()
        uac.wait(60)
        uas.wait(30)
        a = h.counters(uac.text())
        h.check(uac.rc == 0 and a.get("Successful call") == calls, f"uac rc {uac.rc} {a}")
        h.check(re.search(r"^\s+3 \(200 ms\)", uac.text(), re.M) is not None,
                "the screen must show 3 users:\n" + uac.text()[:1500])
        seen = users_seen(work, uas)
        late = [u for u, n in seen if n == 3]
        h.check(late and set(late) <= {1, 2, 3, 4, 5, 6, 7, 8, 9, 10} and len(set(late)) <= 10,
                f"calls after the change: {late[:20]}")
        # After the change at most 3 calls are open: the last 30 INVITEs use 3 users.
        h.check(len({u for u, _ in seen[-30:]}) <= 3, f"users of the last calls {seen[-30:]}")


if __name__ == "__main__":
    h.main(test)
