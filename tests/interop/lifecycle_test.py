"""How a run ends, as SIPp's: -m, q on the control socket, Q, SIGINT,
SIGTERM and -timeout, with SIPp's exit codes.

usage: lifecycle_test.py quit|force|sigint|sigterm|timeout|background"""

import ctypes
import json
import os
import re
import signal
import socket
import sys
import time

import harness as h


def start_pair(work, rate="20", extra_uac=()):
    port = h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                         "-cp", str(h.free_port())], work)
    time.sleep(0.7)
    cp = h.free_port()
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                         "-p", str(h.free_port()), "-nostdin", "-r", rate, "-cp", str(cp)]
                 + list(extra_uac), work)
    return uas, uac, cp


def key(port, data):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(data, ("127.0.0.1", port))
    s.close()


PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>


def adopt_orphans():
    """Makes this process the parent of its descendants' orphans, as -bg's
    child becomes once its parent exits: then it can be waited for."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def background_pid(bg):
    """The PID -bg's parent printed, or None."""
    m = re.search(r"Background mode - PID=\[(\d+)\]", bg.text())
    return int(m.group(1)) if m else None


def stop(pid, timeout=10):
    """SIGTERM to an adopted orphan, SIGKILL if it is still there after
    `timeout` seconds; waited for either way."""
    try:
        os.kill(pid, signal.SIGTERM)
        deadline = time.time() + timeout
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.time() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return
            time.sleep(0.05)
    except (ProcessLookupError, ChildProcessError):
        pass  # already gone and waited for


def background(work):
    """-bg: the parent prints the child's PID and exits 99; the child, a
    server here, answers SIPp's calls."""
    adopt_orphans()
    port = h.free_port()
    bg = h.Proc("bg", [h.GOSSIPPER, "sipp", "-sn", "uas", "-p", str(port), "-i", "127.0.0.1",
                       "-bg", "-cp", str(h.free_port())], work)
    try:
        rc = bg.wait(15)
        h.check(rc == 99, f"-bg's parent exited {rc}, expected 99")
        h.check(background_pid(bg) is not None, f"no PID printed: {bg.text()!r}")
        uac = h.Proc("uac", [h.SIPP, "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                             "-p", str(h.free_port()), "-nostdin", "-r", "10", "-m", "5",
                             "-cp", str(h.free_port())], work)
        rc = uac.wait(30)
        c = h.counters(uac.text())
        h.check(rc == 0 and c.get("Successful call") == 5, f"SIPp's calls to -bg: rc {rc}, {c}")
    finally:
        # Whatever failed, the child the parent printed is not left running.
        pid = background_pid(bg)
        if pid is not None:
            stop(pid)


def test(work):
    what = sys.argv[1]
    if what == "background":
        background(work)
        return
    if what == "timeout":
        # A server that sees no call and reaches -timeout ends with 97.
        p = h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", "uas", "-p", str(h.free_port()), "-i",
                           "127.0.0.1", "-nostdin", "-timeout", "2", "-cp", str(h.free_port())], work)
        start = time.time()
        rc = p.wait(15)
        took = time.time() - start
        h.check(rc == 97, f"exit code {rc}, expected 97")
        h.check(1.5 < took < 6, f"-timeout 2 took {took:.1f}s")
        h.check("Test Terminated" in p.text(), "closing screens missing")
        return
    uas, uac, cp = start_pair(work, extra_uac=["-d", "1000", "-summary_json", "summary.json"])
    time.sleep(2.0)
    if what == "quit":
        key(cp, b"q")  # soft: no new call, the running ones finish
        rc = uac.wait(20)
        c = h.counters(uac.text())
        h.check(rc == 0, f"exit code {rc} after q")
        h.check(c.get("Failed call") == 0 and c.get("Successful call", 0) > 20, f"counters {c}")
        h.check(c.get("Successful call") == c.get("Total Calls created"), f"every call completes: {c}")
    elif what == "force":
        key(cp, b"Q")  # abort the running calls (BYE/CANCEL) and exit
        rc = uac.wait(20)
        c = h.counters(uac.text())
        h.check(rc == 1, f"exit code {rc} after Q with calls running")
        h.check(c.get("Successful call", 0) + c.get("Failed call", 0) == c.get("Total Calls created"),
                f"every call is counted: {c}")
        h.check(c.get("Failed call", 0) > 0, f"running calls are aborted: {c}")
        with open(os.path.join(work, "summary.json")) as f:
            summary = json.load(f)
        h.check(summary["failure_classes"]["cancelled"] == summary["sipp_counters"]["AbortedCalls"]
                == c.get("Failed call"), f"aborted calls are the cancelled ones: {summary['failure_classes']}")
    elif what in ("sigint", "sigterm"):
        uac.signal(signal.SIGINT if what == "sigint" else signal.SIGTERM)
        rc = uac.wait(10)
        h.check(rc == 0, f"exit code {rc} after {what}")
        h.check("Test Terminated" in uac.text() and "Statistics Screen" in uac.text(),
                "closing screens missing")
    uas.signal(signal.SIGTERM)
    uas.wait(10)


if __name__ == "__main__":
    h.main(test)
