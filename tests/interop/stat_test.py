"""SIPp's statistics CSV (-trace_stat), by SIPp and by us:

  header   for the built-in uac and for uac_stats.xml (a named response time
           and a counter), SIPp's header and ours are the same line; a
           reader written against SIPp's file (every row as many cells as the
           header, cumulative SuccessfulCall in its column, rows every -fd)
           reads ours, and our last row counts every call
  sigterm  our uac under load with -trace_stat -fd 1, -trace_msg,
           -trace_shortmsg and -summary_json, stopped by SIGTERM: every file
           is whole (each CSV row complete, each message record as long as
           it says, each short line with its 7 fields, the JSON valid and
           agreeing with the CSV's last row)

  lost     -lost 20 with -trace_counts: SIPp's _Lost columns, counting, and
           the Lost column of the scenario screen

usage: stat_test.py header|sigterm|lost"""

import glob
import json
import os
import re
import signal
import sys
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))
CALLS = 5


def read_csv(path):
    with open(path) as f:
        text = f.read()
    h.check(text.endswith("\n"), f"{path} does not end with a complete line")
    lines = text.splitlines()
    header = lines[0].split(";")
    rows = [l.split(";") for l in lines[1:]]
    for r in rows:
        h.check(len(r) == len(header) and r[-1] == "", f"row of {len(r)} cells, header {len(header)}: {r[:8]}")
    return header, rows


def run(work, tool, name, scenario, port):
    sub = os.path.join(work, name)
    os.makedirs(sub, exist_ok=True)
    c = h.Proc(name, tool + scenario + [f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p", str(h.free_port()),
                                        "-nostdin", "-m", str(CALLS), "-r", "10", "-trace_stat", "-fd", "1",
                                        "-trace_counts", "-trace_rtt", "-rtt_freq", "1",
                                        "-cp", str(h.free_port())], sub)
    c.wait(30)
    h.check(c.rc == 0, f"{name} exit code {c.rc}")
    files = glob.glob(os.path.join(sub, "*_.csv"))
    h.check(len(files) == 1, f"{name}: stat files {files}")
    counts = read_csv(glob.glob(os.path.join(sub, "*_counts.csv"))[0])
    with open(glob.glob(os.path.join(sub, "*_rtt.csv"))[0]) as f:
        rtt = f.read().splitlines()
    return read_csv(files[0]), counts, rtt


def header(work):
    port = h.free_port()
    server = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                            "-m", str(4 * CALLS)], work)
    time.sleep(0.5)
    for label, scenario in (("uac", ["-sn", "uac"]),
                            ("stats", ["-sf", os.path.join(HERE, "scenarios", "uac_stats.xml")])):
        (theirs, _), (their_counts, _), their_rtt = run(work, [h.SIPP], "sipp-" + label, scenario, port)
        (ours, rows), (our_counts, count_rows), our_rtt = run(work, [h.GOSSIPPER, "sipp"], "ours-" + label,
                                                              scenario, port)
        h.check(theirs == ours, f"{label}: headers differ\nSIPp: {';'.join(theirs)}\nours: {';'.join(ours)}")
        h.check(their_counts == our_counts, f"{label}: -trace_counts headers differ\nSIPp: "
                                            f"{';'.join(their_counts)}\nours: {';'.join(our_counts)}")
        h.check(dict(zip(our_counts, count_rows[-1]))["0_INVITE_Sent"] == str(CALLS), f"counts {count_rows[-1]}")
        # -trace_rtt: SIPp's header, then a line per response time and RTD.
        h.check(our_rtt[0] == their_rtt[0] == "Date_ms;response_time_ms;rtd_no", f"rtt header {our_rtt[:1]}")
        h.check(len(our_rtt) - 1 == len(their_rtt) - 1 == CALLS * len([c for c in ours if c.endswith("StDev(C)")]) - CALLS,
                f"rtt lines: SIPp {len(their_rtt) - 1}, ours {len(our_rtt) - 1}")
        for line in our_rtt[1:]:
            h.check(re.fullmatch(r"[\d.]+;[\d.e+-]+;\w+", line), f"rtt line {line!r}")
        # What scripts read: TotalCallCreated and SuccessfulCall(C) by name.
        last = dict(zip(ours, rows[-1]))
        h.check(last["TotalCallCreated"] == str(CALLS) and last["SuccessfulCall(C)"] == str(CALLS),
                f"{label}: last row {last}")
        h.check(re.fullmatch(r"\d{4}-\d\d-\d\d\t\d\d:\d\d:\d\d\.\d{6}\t\d{10}\.\d{6}", last["CurrentTime"]),
                f"time cell {last['CurrentTime']!r}")
        h.check(re.fullmatch(r"\d\d:\d\d:\d\d:\d{6}", last["CallLength(C)"]), last["CallLength(C)"])
    server.wait(30)


def sigterm(work):
    port = h.free_port()
    server = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin"], work)
    time.sleep(0.5)
    client = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                            "-p", str(h.free_port()), "-nostdin", "-r", "200", "-d", "200",
                            "-trace_stat", "-fd", "1", "-trace_msg", "-trace_shortmsg",
                            "-summary_json", "summary.json", "-trace_rtt", "-rtt_freq", "100000",
                            "-cp", str(h.free_port())], work)
    time.sleep(2.5)
    client.signal(signal.SIGTERM)
    client.wait(20)
    server.signal(signal.SIGTERM)
    stat = glob.glob(os.path.join(work, "uac_*_.csv"))[0]
    _, rows = read_csv(stat)
    h.check(len(rows) >= 3, f"rows at start, every second and at the end: {len(rows)}")
    with open(glob.glob(os.path.join(work, "uac_*_messages.log"))[0], "rb") as f:
        log = f.read()
    records = log.split(b"----------------------------------------------- ")[1:]
    h.check(len(records) > 100, f"{len(records)} messages traced")
    for r in records:
        m = re.match(rb"[^\n]*\nUDP message (?:sent \((\d+) bytes\)|received \[(\d+)\] bytes ):\n\n", r)
        h.check(m is not None, f"record head {r[:120]!r}")
        size = int(m.group(1) or m.group(2))
        h.check(len(r) - m.end() == size + 1, f"a record cut short: {size} announced, {len(r) - m.end() - 1} there")
    with open(os.path.join(work, "summary.json")) as f:
        summary = json.load(f)  # valid JSON, and it counts what the CSV counts
    h.check(summary["total_calls"] == int(dict(zip(read_csv(stat)[0], rows[-1]))["TotalCallCreated"]),
            f"summary {summary['total_calls']} calls, CSV {rows[-1][12]}")
    # The final screen is the same snapshot as the summary and the last row:
    # it was once taken before the shards stopped (909 created against 910).
    screen = client.text()
    shown = h.counters(screen)
    current = re.findall(r"  Current Calls\s+\|\s+(\d+)", screen)
    last_row = dict(zip(read_csv(stat)[0], rows[-1]))
    for name, summary_key, csv_key, on_screen in (
            ("created", "total_calls", "TotalCallCreated", shown.get("Total Calls created")),
            ("successful", "success_calls", "SuccessfulCall(C)", shown.get("Successful call")),
            ("failed", "failed_calls", "FailedCall(C)", shown.get("Failed call")),
            ("current", "active_calls", "CurrentCall", int(current[-1]) if current else None)):
        h.check(on_screen == summary[summary_key] == int(last_row[csv_key]),
                f"{name} calls: screen {on_screen}, summary {summary[summary_key]}, "
                f"CSV {last_row[csv_key]}")
    # SIGTERM leaves the open calls (-d 200 at 200 calls/s: about 40) as they
    # are, as SIPp does: they are the cancelled ones, and the counts add up.
    cancelled = summary["failure_classes"]["cancelled"]
    h.check(cancelled > 0 and cancelled == summary["active_calls"], f"cancelled {cancelled}")
    h.check(summary["success_calls"] + summary["failed_calls"] + summary["active_calls"] ==
            summary["total_calls"], f"{summary['success_calls']} + {summary['failed_calls']} + "
            f"{summary['active_calls']} != {summary['total_calls']}")
    # -rtt_freq keeps samples in memory: the ones short of it are written at
    # the end, SIGTERM or not.
    with open(glob.glob(os.path.join(work, "uac_*_rtt.csv"))[0]) as f:
        rtt = f.read().splitlines()
    h.check(len(rtt) - 1 == summary["rtd"]["1"]["count"] > 0,
            f"{len(rtt) - 1} rtt lines, {summary['rtd']['1']['count']} response times")
    with open(glob.glob(os.path.join(work, "uac_*_shortmessages.log"))[0]) as f:
        text = f.read()
    h.check(text.endswith("\n"), "the short message log ends mid-line")
    for line in text.splitlines():
        h.check(len(line.split("\t")) == 7, f"short line {line!r}")


def lost(work):
    """-lost 20: the counts CSV has SIPp's _Lost columns, and they count."""
    port = h.free_port()
    server = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin"], work)
    time.sleep(0.5)
    headers = []
    for tool, name in (([h.SIPP], "sipp"), ([h.GOSSIPPER, "sipp"], "ours")):
        sub = os.path.join(work, name)
        os.makedirs(sub, exist_ok=True)
        c = h.Proc(name, tool + ["-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p",
                                 str(h.free_port()), "-nostdin", "-m", "10", "-r", "20", "-lost", "20",
                                 # a call that loses too much fails soon
                                 "-max_invite_retrans", "3", "-max_non_invite_retrans", "3",
                                 "-trace_counts", "-cp", str(h.free_port())], sub)
        c.wait(120)
        header, rows = read_csv(glob.glob(os.path.join(sub, "*_counts.csv"))[0])
        headers.append(header)
        h.check("Messages  Retrans   Timeout   Unexp.    Lost" in c.text(), f"{name}: no Lost column")
        if name == "ours":
            got = h.counters(c.text())
            h.check(got.get("Successful call", 0) + got.get("Failed call", 0) == 10, f"calls {got}")
            last = dict(zip(header, rows[-1]))
            lost_total = sum(int(v) for k, v in last.items() if k.endswith("_Lost"))
            h.check(lost_total > 0, f"nothing lost at 20 %: {last}")
    server.signal(signal.SIGTERM)
    h.check(headers[0] == headers[1] and any(c.endswith("_Lost") for c in headers[1]),
            f"headers: SIPp {headers[0]}\nours {headers[1]}")


def test(work):
    {"header": header, "sigterm": sigterm, "lost": lost}[sys.argv[1]](work)


if __name__ == "__main__":
    h.main(test)
