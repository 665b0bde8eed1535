"""SIPp's trace files, written by SIPp and by us for the same run, compared:

  msg   -trace_msg and -trace_shortmsg of the built-in uac (3 calls against
        SIPp's uas): with every number masked (times, pids, ports, tags,
        lengths), our files equal SIPp's line for line; -trace_screen holds
        the same screens
  logs  -trace_logs: the <log> actions' text, one line each, the same file as
        SIPp's

  codes -trace_error_codes against a UAS that declines every call: the same
        codes in the same line format as SIPp's

  rotation  -ringbuffer_size/-ringbuffer_files keep two rotated message
        files named as SIPp names them (the error log rotates the same way);
        -max_log_size stops the file there

  calldebug  -trace_calldebug with the same decliner: SIPp and we write the
        history of each aborted call (its messages, the abort)

usage: trace_test.py msg|logs|codes|rotation|calldebug"""

import glob
import os
import re
import sys
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))


def masked(path):
    with open(path, errors="replace") as f:
        return re.sub(r"\d+", "N", f.read())


def one_file(work, pattern):
    files = glob.glob(os.path.join(work, pattern))
    h.check(len(files) == 1, f"one {pattern} expected, found {files}")
    return files[0]


def run_pair(work, tool, name, scenario_args, trace_args):
    sub = os.path.join(work, name)
    os.makedirs(sub, exist_ok=True)
    port = h.free_port()
    server = h.Proc(name + "-uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1",
                                    "-nostdin", "-m", "3"], sub)
    time.sleep(0.5)
    client = h.Proc(name + "-uac", tool + scenario_args + [f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p",
                                                           str(h.free_port()), "-nostdin", "-m", "3",
                                                           "-r", "10", "-cp", str(h.free_port())]
                    + trace_args, sub)
    client.wait(30)
    server.wait(30)
    h.check(client.rc == 0, f"{name} exit code {client.rc}")
    return sub


def sdbm(text):
    """SIPp's message hash: sdbm over signed bytes, in 64 bits."""
    value = 0
    for byte in text.encode():
        c = byte - 256 if byte > 127 else byte
        value = (c + (value << 6) + (value << 16) - value) & 0xFFFFFFFFFFFFFFFF
    return value


def test(work):
    what = sys.argv[1]
    if what == "msg":
        dirs = [run_pair(work, tool, name, ["-sn", "uac"], ["-trace_msg", "-trace_shortmsg", "-trace_screen"])
                for tool, name in (([h.SIPP], "sipp"), ([h.GOSSIPPER, "sipp"], "ours"))]
        for suffix in ("_messages.log", "_shortmessages.log"):
            theirs, ours = (masked(one_file(d, "uac_*" + suffix)) for d in dirs)
            h.check(theirs == ours, f"{suffix} differs from SIPp's:\n--- SIPp\n{theirs[:2500]}\n"
                                    f"--- ours\n{ours[:2500]}")
        # -trace_screen: the same screens, in the same order.
        titles = [re.findall(r"^-+ (\w+ Screen) -+", open(one_file(d, "uac_*_screen.log")).read(), re.M)
                  for d in dirs]
        h.check(titles[0] == titles[1] == ["Scenario Screen", "Statistics Screen", "Repartition Screen"],
                f"screens: SIPp {titles[0]}, ours {titles[1]}")
    elif what == "logs":
        scenario = os.path.join(HERE, "scenarios", "uac_log.xml")
        dirs = [run_pair(work, tool, name, ["-sf", scenario], ["-trace_logs"])
                for tool, name in (([h.SIPP], "sipp"), ([h.GOSSIPPER, "sipp"], "ours"))]
        theirs, ours = (open(one_file(d, "uac_log_*_logs.log")).read() for d in dirs)
        h.check(theirs == ours and ours.count("\n") == 3, f"logs: SIPp {theirs!r}, ours {ours!r}")
    elif what in ("codes", "calldebug"):
        # SIPp's uac against a UAS that declines: the 603s are unexpected.
        decline = os.path.join(HERE, "scenarios", "uas_decline.xml")
        option = "-trace_error_codes" if what == "codes" else "-trace_calldebug"
        codes = []
        for tool, name in (([h.SIPP], "sipp"), ([h.GOSSIPPER, "sipp"], "ours")):
            sub = os.path.join(work, name)
            os.makedirs(sub, exist_ok=True)
            port = h.free_port()
            server = h.Proc(name + "-uas", [h.SIPP, "-sf", decline, "-p", str(port), "-i", "127.0.0.1",
                                            "-nostdin", "-m", "3"], sub)
            time.sleep(0.5)
            client = h.Proc(name + "-uac", tool + ["-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                                                   "-p", str(h.free_port()), "-nostdin", "-m", "3", "-r",
                                                   "10", option, "-cp", str(h.free_port())],
                            sub)
            client.wait(30)
            server.wait(30)
            if what == "calldebug":
                # Each aborted call's history: its INVITE, the 603, the abort.
                with open(one_file(sub, "uac_*_calldebug.log"), newline="") as f:
                    text = f.read()  # the messages' CRLFs kept
                blocks = text.split("Call debugging information for call ")[1:]
                h.check(len(blocks) == 3, f"{name}: {len(blocks)} call histories")
                for b in blocks:
                    h.check(all(w in b for w in ("Starting call", "INVITE sip:", "SIP/2.0 603 Decline",
                                                 "Unexpected UDP message received", "Aborting call",
                                                 "Processing message 0 of type 2 for call ")),
                            f"{name}: history {b[:1500]}")
                    # Every message line carries SIPp's hash of the message
                    # that follows it (sdbm), in SIPp's file and in ours.
                    hashed = re.findall(r"(?:Sending UDP message for call \S+ \(index -?\d+, hash (\d+)\)"
                                        r"|incoming message for call-ID \S+ \(hash (\d+)\)):\n(.*?\r\n)\n\n",
                                        b, re.S)
                    h.check(len(hashed) >= 3, f"{name}: {len(hashed)} hashed messages in {b[:800]}")
                    for sent, received, message in hashed:
                        h.check(int(sent or received) == sdbm(message),
                                f"{name}: hash {sent or received} of {message[:60]!r}")
                continue
            with open(one_file(sub, "uac_*_error_codes.csv")) as f:
                lines = f.read().splitlines()
            for line in lines:
                h.check(re.fullmatch(r"\d{4}-\d\d-\d\d\t[\d:.]+\t[\d.]+;\d\d:\d\d:\d\d:\d{6};(\d+,)*", line),
                        f"{name}: line {line!r}")
            codes.append("".join(l.split(";")[2] for l in lines))
        if what == "codes":
            h.check(codes[0] == codes[1] == "603,603,603,", f"codes: SIPp {codes[0]!r}, ours {codes[1]!r}")
    elif what == "rotation":
        # -ringbuffer_size/-ringbuffer_files rotate; -max_log_size stops.
        ring = run_pair(work, [h.GOSSIPPER, "sipp"], "ring", ["-sn", "uac"],
                        ["-trace_msg", "-ringbuffer_size", "3000", "-ringbuffer_files", "2"])
        rotated = [f for f in os.listdir(ring) if re.fullmatch(r"uac_\d+_messages_\d+(\.\d+)?\.log", f)]
        h.check(len(rotated) == 2, f"two rotated files kept: {sorted(os.listdir(ring))}")
        for f in rotated:
            size = os.path.getsize(os.path.join(ring, f))
            h.check(3000 < size < 3000 + 700, f"{f}: {size} bytes")
        one_file(ring, "uac_*_messages.log")
        capped = run_pair(work, [h.GOSSIPPER, "sipp"], "capped", ["-sn", "uac"],
                          ["-trace_msg", "-max_log_size", "3000"])
        size = os.path.getsize(one_file(capped, "uac_*_messages.log"))
        h.check(3000 < size < 3000 + 700, f"-max_log_size 3000: {size} bytes")
        # The error log rotates too: three declined calls, a small ring.
        sub = os.path.join(work, "errors")
        os.makedirs(sub, exist_ok=True)
        port = h.free_port()
        server = h.Proc("decline-uas", [h.SIPP, "-sf", os.path.join(HERE, "scenarios", "uas_decline.xml"),
                                        "-p", str(port), "-i", "127.0.0.1", "-nostdin", "-m", "3"], sub)
        time.sleep(0.5)
        client = h.Proc("errors-uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i",
                                       "127.0.0.1", "-p", str(h.free_port()), "-nostdin", "-m", "3", "-r",
                                       "10", "-trace_err", "-ringbuffer_size", "200", "-ringbuffer_files",
                                       "1", "-cp", str(h.free_port())], sub)
        client.wait(30)
        server.wait(30)
        rotated = [f for f in os.listdir(sub) if re.fullmatch(r"uac_\d+_errors_\d+(\.\d+)?\.log", f)]
        h.check(len(rotated) == 1, f"one rotated error log kept: {sorted(os.listdir(sub))}")
    else:
        raise AssertionError("unknown mode " + what)


if __name__ == "__main__":
    h.main(test)
