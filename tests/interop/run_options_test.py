"""SIPp's run options beyond load control, against the real SIPp.

dynamic_id: [dynamic_id] with -dynamicStart/-dynamicMax/-dynamicStep; our
  UAC and SIPp's send the same values in the same order.
cid_type: -cid_type's Call-ID forms (SIPp after 3.6.1, which Debian's SIPp
  lacks), and -cid_str's %r; SIPp's UAS answers every call.
watchdog: the process stopped (SIGSTOP) for longer than the minor threshold
  trips SIPp's watchdog; with -watchdog_minor_maxtriggers 0 that ends the
  run with exit 255, the warning and the error in the error file and the
  WatchdogMinor, Warnings and FatalErrors columns of the stat CSV, as SIPp's
  run does (the same test runs both).
rlimit: a -t un run under a low open-file limit lowers -max_socket to fit
  (saying so), and its calls share sockets and succeed; -skip_rlimit keeps
  the limit and -max_socket as given.

tuning: SIPp's loop knobs -timer_resol, -max_recv_loops and -max_sched_loops,
  set low, on both sides of a run between our side and SIPp's: every call
  succeeds.

trace_commands: "trace shortmessages on" and "... off" sent to the -cp
  control socket mid-run: the file holds the messages of that window only;
  an unknown trace name is a warning.

reset_and_hide: "reset stats" mid-run: the final screen and the stat file's
  cumulative columns count from the reset, the periodic columns still add up
  to every call; "set hide false" shows a row marked hide="true".

dump: "dump tasks", "dump variables" and an unknown dump through -cp, to the
  error file: the same lines as SIPp's (times and ids aside, and in another
  order, the calls coming from the worker threads).

usage: run_options_test.py dynamic_id|cid_type|watchdog|rlimit|tuning|trace_commands|
                           reset_and_hide|dump"""

import csv
import glob
import os
import re
import signal
import socket
import sys
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "scenarios")


def options_uas(work, name, port, calls):
    return h.Proc(name, [h.SIPP, "-sf", os.path.join(SCENARIOS, "uas_options.xml"), "-p", str(port),
                         "-i", "127.0.0.1", "-nostdin", "-m", str(calls), "-cp", str(h.free_port()),
                         "-trace_msg"], work)


def received(work, proc, header):
    logs = glob.glob(os.path.join(work, f"*_{proc.p.pid}_messages.log"))
    h.check(len(logs) == 1, f"no message trace of {proc.name}: {logs}")
    with open(logs[0], errors="replace") as f:
        return re.findall(rf"^{header}: ?(.*?)\r?$", f.read(), re.M | re.I)


def dynamic_id(work):
    calls = 7
    flags = ["-dynamicStart", "5", "-dynamicMax", "21", "-dynamicStep", "4"]
    sent = {}
    for who, binary in (("sipp", [h.SIPP]), ("ours", [h.GOSSIPPER, "sipp"])):
        port = h.free_port()
        uas = options_uas(work, "uas_" + who, port, calls)
        time.sleep(0.5)
        uac = h.Proc("uac_" + who, binary + ["-sf", os.path.join(SCENARIOS, "uac_dynamic_id.xml"),
                                             f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p",
                                             str(h.free_port()), "-nostdin", "-m", str(calls),
                                             "-r", "20", "-cp", str(h.free_port())] + flags, work)
        uac.wait(30)
        uas.wait(30)
        h.check(uac.rc == 0, f"{who} uac rc {uac.rc}\n{uac.errors()}")
        sent[who] = received(work, uas, "X-Dyn")
    # Two per call, from 5 by 4 while not past 21, then from 5 again.
    want = " ".join(str(v) for v in ([5, 9, 13, 17, 21] * 3)[:2 * calls])
    h.check(" ".join(sent["sipp"]) == want, f"SIPp sent {sent['sipp']}, expected {want}")
    h.check(sent["ours"] == sent["sipp"], f"we sent {sent['ours']}, SIPp {sent['sipp']}")


def cid_type(work):
    forms = {
        "uuid": r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@127\.0\.0\.1",
        "uuid-compact": r"[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}@127\.0\.0\.1",
        "random": r"(\d+)-[0-9a-f]{32}@127\.0\.0\.1",
        "timestamp": r"(\d{16})-(\d+)-(\d+)@127\.0\.0\.1",
        "%r": r"call-(\d+)-(\d+)",
    }
    calls = 5
    for mode, form in forms.items():
        port = h.free_port()
        uas = options_uas(work, "uas_" + mode, port, calls)
        time.sleep(0.5)
        how = ["-cid_str", "call-%u-%r"] if mode == "%r" else ["-cid_type", mode]
        uac = h.Proc("uac_" + mode, [h.GOSSIPPER, "sipp", "-sf",
                                     os.path.join(SCENARIOS, "uac_options.xml"),
                                     f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p",
                                     str(h.free_port()), "-nostdin", "-m", str(calls), "-r", "20",
                                     "-threads", "1"] + how, work)
        uac.wait(30)
        uas.wait(30)
        h.check(uac.rc == 0 and h.counters(uac.text()).get("Successful call") == calls,
                f"{mode}: uac rc {uac.rc} {h.counters(uac.text())}")
        ids = sorted(set(received(work, uas, "Call-ID")))  # SIPp traces both directions
        h.check(len(ids) == calls, f"{mode}: Call-IDs {ids}")
        for i in ids:
            h.check(re.fullmatch(form, i) is not None, f"{mode}: Call-ID {i!r} is not {form}")
        if mode in ("random", "%r"):
            numbers = sorted(int(re.fullmatch(form, i).group(1)) for i in ids)
            h.check(numbers == list(range(1, calls + 1)), f"{mode}: call numbers {numbers}")
    bad = h.Proc("bad", [h.GOSSIPPER, "sipp", "-sn", "uac", "127.0.0.1", "-cid_type", "guid"], work)
    bad.wait(10)
    h.check(bad.rc == 1 and "Unknown Call-ID mode 'guid'" in bad.errors(),
            f"-cid_type guid: rc {bad.rc} {bad.errors()}")


def stat_columns(work, proc, names):
    files = glob.glob(os.path.join(work, f"*_{proc.p.pid}_.csv"))
    h.check(len(files) == 1, f"no stat file of {proc.name}: {files}")
    with open(files[0]) as f:
        rows = list(csv.reader(f, delimiter=";"))
    head = rows[0]
    return {n: rows[-1][head.index(n)] for n in names}


def watchdog(work):
    results = {}
    for who, binary in (("sipp", [h.SIPP]), ("ours", [h.GOSSIPPER, "sipp"])):
        port = h.free_port()
        uas = h.Proc("uas_" + who, [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1",
                                    "-nostdin", "-cp", str(h.free_port())], work)
        time.sleep(0.5)
        uac = h.Proc("uac_" + who, binary + ["-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                                             "-p", str(h.free_port()), "-nostdin", "-r", "5",
                                             "-m", "100", "-cp", str(h.free_port()),
                                             "-watchdog_minor_maxtriggers", "0", "-trace_err",
                                             "-trace_stat", "-fd", "1"], work)
        time.sleep(1.2)
        uac.signal(signal.SIGSTOP)
        time.sleep(1.3)
        uac.signal(signal.SIGCONT)
        uac.wait(20)
        uas.signal(signal.SIGTERM)
        uas.wait(10)
        errors = glob.glob(os.path.join(work, f"*_{uac.p.pid}_errors.log"))
        h.check(len(errors) == 1, f"{who}: no error file")
        with open(errors[0]) as f:
            log = f.read()
        # The gap since the last firing: the 1.3 s stop and up to an interval
        # more, under the major threshold however slow the machine is.
        trip = re.search(r"the minor watchdog timer 500ms has been tripped \((\d+)\), "
                         r"-1 trips remaining", log)
        h.check(trip is not None and 1200 <= int(trip.group(1)) < 3000, f"{who}: warning in\n{log}")
        h.check("Overload error: the watchdog timer has tripped the minor threshold of 500ms too "
                "many times (1 out of 0 allowed) (0 out of 10 major 3000ms timeouts tripped)" in log,
                f"{who}: error in\n{log}")
        results[who] = (uac.rc, stat_columns(work, uac, ["WatchdogMinor(C)", "WatchdogMajor(C)",
                                                          "Warnings(C)", "FatalErrors(C)"]))
    h.check(results["sipp"] == (255, {"WatchdogMinor(C)": "1", "WatchdogMajor(C)": "0",
                                      "Warnings(C)": "1", "FatalErrors(C)": "1"}),
            f"SIPp: {results['sipp']}")
    h.check(results["ours"] == results["sipp"], f"ours {results['ours']}, SIPp {results['sipp']}")


def rlimit(work):
    calls, port = 150, h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-t", "un", "-p", str(port), "-i", "127.0.0.1",
                         "-nostdin", "-m", str(calls), "-cp", str(h.free_port()),
                         "-max_socket", "1000"], work)
    time.sleep(0.5)
    # A hard limit of 200 descriptors: -max_socket 1000 cannot fit; 136 do.
    uac = h.Proc("uac", ["sh", "-c", 'ulimit -n 200 && exec "$@"', "sh", h.GOSSIPPER, "sipp",
                         "-sn", "uac", f"127.0.0.1:{port}", "-t", "un", "-i", "127.0.0.1", "-p",
                         str(h.free_port()), "-nostdin", "-m", str(calls), "-r", "100", "-d", "2000",
                         "-max_socket", "1000", "-threads", "1", "-cp", str(h.free_port())], work)
    uac.wait(60)
    uas.wait(30)
    a = h.counters(uac.text())
    h.check(uac.rc == 0 and a.get("Successful call") == calls, f"uac rc {uac.rc} {a}")
    h.check("maximum number of open sockets (1000) does not fit under the maximum number of open "
            "files (200): using 136" in uac.errors(), f"no warning:\n{uac.errors()}")
    # -skip_rlimit: the soft limit stays (128 of a hard 4096) and -max_socket too.
    probe = h.Proc("probe", ["sh", "-c", 'ulimit -Hn 4096 && ulimit -Sn 128 && exec "$@"', "sh",
                             h.GOSSIPPER, "sipp", "-sn", "uac", "127.0.0.1:9", "-t", "un",
                             "-skip_rlimit", "-max_socket", "1000", "-m", "1", "-nostdin",
                             "-recv_timeout", "100", "-nr"], work)
    probe.wait(20)
    h.check("does not fit" not in probe.errors(), f"-skip_rlimit warned:\n{probe.errors()}")


def tuning(work):
    calls = 300
    knobs = ["-timer_resol", "10", "-max_recv_loops", "5", "-max_sched_loops", "2"]
    for ours in ("uac", "uas"):
        port = h.free_port()
        uas_bin = [h.GOSSIPPER, "sipp"] if ours == "uas" else [h.SIPP]
        uac_bin = [h.GOSSIPPER, "sipp"] if ours == "uac" else [h.SIPP]
        uas = h.Proc("uas_" + ours, uas_bin + ["-sn", "uas", "-p", str(port), "-i", "127.0.0.1",
                                               "-nostdin", "-m", str(calls),
                                               "-cp", str(h.free_port())] + knobs, work)
        time.sleep(0.5)
        uac = h.Proc("uac_" + ours, uac_bin + ["-sn", "uac", f"127.0.0.1:{port}", "-i",
                                               "127.0.0.1", "-p", str(h.free_port()), "-nostdin",
                                               "-m", str(calls), "-r", "150",
                                               "-cp", str(h.free_port())] + knobs, work)
        uac.wait(60)
        uas.wait(30)
        a, b = h.counters(uac.text()), h.counters(uas.text())
        h.check(uac.rc == 0 and a.get("Successful call") == calls, f"{ours}: uac {uac.rc} {a}")
        h.check(uas.rc == 0 and b.get("Successful call") == calls, f"{ours}: uas {uas.rc} {b}")


def trace_commands(work):
    calls, port, control = 80, h.free_port(), h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                         "-m", str(calls), "-cp", str(h.free_port())], work)
    time.sleep(0.5)
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                         "-p", str(h.free_port()), "-nostdin", "-m", str(calls), "-r", "20",
                         "-cp", str(control), "-trace_err"], work)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    time.sleep(1.0)
    s.sendto(b"ctrace shortmessages on", ("127.0.0.1", control))
    time.sleep(1.5)
    s.sendto(b"ctrace shortmessages off", ("127.0.0.1", control))
    s.sendto(b"ctrace bogus on", ("127.0.0.1", control))
    s.close()
    uac.wait(30)
    uas.wait(30)
    h.check(uac.rc == 0 and h.counters(uac.text()).get("Successful call") == calls,
            f"uac rc {uac.rc} {h.counters(uac.text())}")
    files = glob.glob(os.path.join(work, f"uac_{uac.p.pid}_shortmessages.log"))
    h.check(len(files) == 1, f"no short message trace: {os.listdir(work)}")
    with open(files[0]) as f:
        invites = [l for l in f if "\tS\t" in l and "\tINVITE sip:" in l]
    # 1.5 s at 20 calls/s: about 30 of the 80 INVITEs.
    h.check(10 <= len(invites) <= 50, f"{len(invites)} INVITEs traced between on and off")
    with open(os.path.join(work, f"uac_{uac.p.pid}_errors.log")) as f:
        h.check("Unknown log file: bogus" in f.read(), "no warning for the unknown trace")


def reset_and_hide(work):
    calls, port, control = 60, h.free_port(), h.free_port()
    uas = options_uas(work, "uas", port, calls)
    time.sleep(0.5)
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sf", os.path.join(SCENARIOS, "uac_hidden_row.xml"),
                         f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p", str(h.free_port()),
                         "-nostdin", "-m", str(calls), "-r", "20", "-cp", str(control),
                         "-trace_stat", "-fd", "1"], work)
    time.sleep(1.5)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(b"creset stats", ("127.0.0.1", control))
    s.sendto(b"cset hide false", ("127.0.0.1", control))
    s.close()
    uac.wait(30)
    uas.wait(30)
    h.check(uac.rc == 0, f"uac rc {uac.rc}: the exit code judges every call")
    shown = h.counters(uac.text()).get("Successful call")
    h.check(shown is not None and 10 <= shown < calls, f"cumulative successes after the reset: {shown}")
    files = glob.glob(os.path.join(work, f"*_{uac.p.pid}_.csv"))
    h.check(len(files) == 1, f"no stat file: {os.listdir(work)}")
    with open(files[0]) as f:
        rows = list(csv.reader(f, delimiter=";"))
    head = rows[0]
    periodic = sum(int(r[head.index("SuccessfulCall(P)")]) for r in rows[1:])
    h.check(periodic == calls, f"SuccessfulCall(P) adds up to {periodic}, not {calls}")
    last = int(rows[-1][head.index("SuccessfulCall(C)")])
    h.check(last == shown, f"SuccessfulCall(C) {last}, the screen {shown}")
    h.check(re.search(r"200 <-+\s+\d+", uac.text()) is not None,
            "the hidden 200 row is not shown:\n" + uac.text()[:1200])


def dump(work):
    port = h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                         "-m", "6", "-cp", str(h.free_port())], work)
    time.sleep(0.5)
    seen = {}
    for who, binary in (("sipp", [h.SIPP]), ("ours", [h.GOSSIPPER, "sipp"])):
        control = h.free_port()
        uac = h.Proc("uac_" + who, binary + ["-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                                             "-p", str(h.free_port()), "-nostdin", "-m", "3",
                                             "-r", "10", "-d", "3000", "-cp", str(control),
                                             "-trace_err"], work)
        time.sleep(1.5)  # the three calls in their 3 s pause
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for command in (b"cdump tasks", b"cdump variables", b"cdump bogus"):
            s.sendto(command, ("127.0.0.1", control))
        s.close()
        uac.wait(30)
        with open(os.path.join(work, f"uac_{uac.p.pid}_errors.log")) as f:
            text = f.read()
        # SIPp ends its warnings without a newline: split on the time stamps.
        lines = [l.strip() for l in re.split(r"\d{4}-\d\d-\d\d\t[\d:.]+\t[\d.]+: ", text)[1:]]
        if who == "sipp":
            # SIPp 3.6.1 prints a call's "id: State N" twice in a row (a bug).
            lines = [re.sub(r"^(.+?: State \d+)(?=\1)", "", l) for l in lines]
        seen[who] = sorted(re.sub(r"\d+", "N", l) for l in lines)
    uas.wait(30)
    h.check("N-N@N.N.N.N: State N (paused until N)" in seen["ours"],
            f"no call line: {seen['ours']}")
    h.check(seen["ours"] == seen["sipp"], f"ours {seen['ours']}\nSIPp {seen['sipp']}")


def test(work):
    {"dump": dump, "dynamic_id": dynamic_id, "cid_type": cid_type, "watchdog": watchdog,
     "rlimit": rlimit, "tuning": tuning, "trace_commands": trace_commands,
     "reset_and_hide": reset_and_hide}[sys.argv[1]](work)


if __name__ == "__main__":
    h.main(test)
