"""Helpers for the interoperability tests: run our binary and the real SIPp
(Debian's sip-tester) against each other on loopback, and read the final
counters both print on their closing statistics screen."""

import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

GOSSIPPER = os.environ.get("GOSSIPPER", "gossipper")
SIPP = os.environ.get("SIPP", "sipp")


# Ports handed out lately, by any test of this machine: two tests run at once
# (ctest -j) must not both find the same port free before either binds it.
_LEASES = os.path.join("/tmp", f"gossipper-test-ports-{os.getuid()}")
_LEASE_SECONDS = 900
# UDP ports Wireshark gives a dissector of its own: tshark would read a SIP,
# DTLS or STUN datagram on one as that protocol and a test's display filter
# would miss it. Listed once per machine (`tshark -G decodes`).
_DISSECTED = os.path.join("/tmp", f"gossipper-test-dissected-ports-{os.getuid()}")
_dissected_cache = None


def _bindable(port):
    """Free on every address, IPv6 included (a server without -bind_local
    binds the port on all of them), for UDP and TCP."""
    try:
        for family, address in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::")):
            for k in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                t = socket.socket(family, k)
                try:
                    t.bind((address, port))
                finally:
                    t.close()
        return True
    except OSError:
        return False


def dissected_ports():
    global _dissected_cache
    if _dissected_cache is not None:
        return _dissected_cache
    _dissected_cache = _read_dissected_ports()
    return _dissected_cache


def _read_dissected_ports():
    try:
        with open(_DISSECTED) as f:
            return {int(p) for p in f.read().split()}
    except (OSError, ValueError):
        pass
    try:
        out = subprocess.run(["tshark", "-G", "decodes"], capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return set()  # no tshark: no test reads a capture
    ports = {int(cols[1]) for cols in (line.split("\t") for line in out.splitlines())
             if len(cols) >= 2 and cols[0] == "udp.port" and cols[1].isdigit()}
    tmp = f"{_DISSECTED}.{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(" ".join(str(p) for p in sorted(ports)))
    os.replace(tmp, _DISSECTED)
    return ports


def free_port(kind=socket.SOCK_DGRAM, also_tcp=True):
    """A loopback port free for UDP and TCP, drawn below the kernel's
    ephemeral range (32768-60999): a port from that range can be handed to
    another test's connection or `-p 0` socket between this check and the
    bind of the process it is meant for. Leased for a while in a file every
    test shares (under a lock), so that no other test is handed it."""
    import fcntl
    dissected = dissected_ports()
    with open(_LEASES, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        now = time.time()
        leased = {}
        for line in f.read().split():
            port, _, when = line.partition(":")
            if port.isdigit() and when.replace(".", "", 1).isdigit() and \
                    now - float(when) < _LEASE_SECONDS:
                leased[int(port)] = float(when)
        for _ in range(200):
            port = random.randrange(10000, 32000)
            if port not in leased and port not in dissected and _bindable(port):
                leased[port] = now
                f.seek(0)
                f.truncate()
                f.write(" ".join(f"{p}:{w:.0f}" for p, w in leased.items()))
                f.flush()
                return port
    raise RuntimeError("no free port")


_running = []


def _append_only(path):
    """An empty file opened for appending and reading."""
    open(path, "w").close()
    return open(path, "a+")


class Proc:
    """A peer process; main() kills any still running when the test ends."""

    def __init__(self, name, argv, cwd, group=False, env=None):
        """`group`: the process leads a process group of its own, all of
        which is killed at the end (tshark's dumpcap would outlive it);
        `env`: its whole environment (default: ours)."""
        self.name = name
        self.argv = argv
        self.group = group
        # Appending: the child shares these files' offsets with us, and
        # reading them while it runs (seek(0)) must not make it overwrite
        # what it wrote before.
        self.out = _append_only(os.path.join(cwd, name + ".out"))
        self.err = _append_only(os.path.join(cwd, name + ".err"))
        self.p = subprocess.Popen(argv, cwd=cwd, stdout=self.out, stderr=self.err,
                                  stdin=subprocess.DEVNULL, start_new_session=group,
                                  env=env)
        self.rc = None
        _running.append(self)

    def wait(self, timeout):
        try:
            self.rc = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.rc = self.p.wait()
            raise AssertionError(f"{self.name} did not end within {timeout}s: {' '.join(self.argv)}")
        return self.rc

    def signal(self, sig):
        self.p.send_signal(sig)

    def text(self):
        self.out.flush()
        self.out.seek(0)
        return self.out.read()

    def errors(self):
        self.err.flush()
        self.err.seek(0)
        return self.err.read()


class TmuxPane:
    """A terminal program in a tmux server of its own, one window of x by y.

    A server (socket) per pane: one just killed may still hold its socket.
    `env`: more VAR=value for the program; `keep_rc`: the program's exit
    status is kept (rc()) and the pane stays 30 s after it ends; `history`:
    lines of scrollback text() returns too."""

    made = 0

    def __init__(self, work, argv, x=100, y=30, env=(), keep_rc=False, history=0):
        TmuxPane.made += 1
        self.sock = os.path.join(work, f"tmux{TmuxPane.made}.sock")
        self.rc_file = os.path.join(work, f"tmux{TmuxPane.made}.rc")
        self.history = history
        cmd = ["env", f"HOME={work}", f"GOSSIPPER_CACHE_DIR={work}/cache"] + list(env) + list(argv)
        if keep_rc:
            shell = " ".join(f"'{a}'" for a in cmd) + f"; echo $? > {self.rc_file}; sleep 30"
            cmd = ["sh", "-c", shell]
        subprocess.run(["tmux", "-S", self.sock, "new-session", "-d", "-x", str(x), "-y", str(y),
                        "-s", "t"] + cmd, check=True, cwd=work)

    def keys(self, *keys):
        subprocess.run(["tmux", "-S", self.sock, "send-keys", "-t", "t"] + list(keys), check=True)

    def type(self, text):
        self.keys("-l", "--", text)

    def line(self, text):
        self.type(text)
        self.keys("Enter")

    def text(self):
        scroll = ["-S", f"-{self.history}"] if self.history else []
        return subprocess.run(["tmux", "-S", self.sock, "capture-pane", "-p", "-t", "t"] + scroll,
                              capture_output=True, text=True).stdout

    def resize(self, x, y):
        subprocess.run(["tmux", "-S", self.sock, "resize-window", "-t", "t", "-x", str(x), "-y",
                        str(y)], check=True)

    def rc(self):
        return int(open(self.rc_file).read()) if os.path.exists(self.rc_file) else None

    def alive(self):
        return subprocess.run(["tmux", "-S", self.sock, "has-session", "-t", "t"],
                              capture_output=True).returncode == 0

    def close(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], capture_output=True)


def counters(screen_text):
    """Cumulative values of the statistics screen, by row name."""
    values = {}
    for line in screen_text.splitlines():
        m = re.match(r"  (.{22}) \|\s+(\d+)\s+\|\s+(\d+)\s*$", line)
        if m:
            values[m.group(1).strip()] = int(m.group(3))
        m = re.match(r"  (Total Calls created)\s+\|\s+\|\s+(\d+)", line)
        if m:
            values[m.group(1)] = int(m.group(2))
    return values


def scenario_rows(screen_text):
    """The message rows of the scenario screen: (label, [numbers])."""
    rows = []
    in_rows = False
    for line in screen_text.splitlines():
        if "Messages  Retrans" in line:
            in_rows = True
            continue
        if in_rows:
            if line.startswith("-----"):
                break
            if line.strip():
                nums = [int(x) for x in re.findall(r"(?<![\w-])\d+(?![\w-])", line[33:])]
                rows.append((line[:33].strip(), nums))
    return rows


KAMAILIO = os.environ.get("KAMAILIO", "/usr/sbin/kamailio")


def start_kamailio(work, config, substitutions):
    """Debian's Kamailio in the foreground on tests/kamailio/CONFIG, each key
    of `substitutions` replaced by its value; stopped by stop_kamailio."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "kamailio", config)) as f:
        cfg = f.read()
    for key, value in substitutions.items():
        cfg = cfg.replace(key, str(value))
    path = os.path.join(work, "kamailio.cfg")
    with open(path, "w") as f:
        f.write(cfg)
    k = Proc("kamailio", [KAMAILIO, "-f", path, "-DD", "-E", "-Y", work, "-m", "64", "-M", "8"],
             work)
    time.sleep(2)
    check(k.p.poll() is None, "kamailio did not start:\n" + k.text()[-2000:] + k.errors()[-2000:])
    return k


def stop_kamailio(work):
    # Kamailio forks workers: end every process of this configuration.
    subprocess.run(["pkill", "-f", os.path.join(work, "kamailio.cfg")], check=False)
    time.sleep(0.3)


def wait_for(predicate, what, timeout=15):
    """The first true value of `predicate()`, asked every 0.2 s; a failure
    naming `what` after `timeout` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = predicate()
        if v:
            return v
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


def wait_listening(proc, port, timeout=15):
    """Until something accepts TCP connections on loopback's `port`; a
    failure when `proc` exits first."""
    def up():
        check(proc.p.poll() is None, f"{proc.name} exited: {proc.errors()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False
    wait_for(up, f"{proc.name} to listen on {port}", timeout)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def main(test):
    """Runs `test(workdir)` in a fresh directory, prints the outcome."""
    work = os.environ.get("TEST_WORKDIR") or os.path.join(
        "/tmp", "gossipper-interop-" + test.__name__ + "-" + str(os.getpid()))
    # Private whatever the umask: a .gso in a directory any user may write to
    # is refused (runtime/src/program/scenario_object.cpp).
    os.makedirs(work, mode=0o700, exist_ok=True)
    # Compiled scenarios are cached under the work directory, not in $HOME.
    os.environ.setdefault("GOSSIPPER_CACHE_DIR", os.path.join(work, "cache"))
    try:
        test(work)
    except AssertionError as e:
        print("FAIL:", e)
        for f in sorted(os.listdir(work)):
            if f.endswith((".out", ".err")):
                print("=====", f)
                with open(os.path.join(work, f), errors="replace") as fh:
                    print(fh.read()[-4000:])
        sys.exit(1)
    finally:
        # A failed check must not leave a peer running (and its ports bound).
        for proc in _running:
            if proc.group and proc.p.poll() is None:
                try:
                    os.killpg(proc.p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if proc.p.poll() is None:
                proc.p.kill()
            proc.p.wait()
    if not os.environ.get("TEST_WORKDIR") and not os.environ.get("KEEP_WORKDIR"):
        shutil.rmtree(work, ignore_errors=True)  # a passed test leaves nothing behind
    print("ok:", test.__name__)
