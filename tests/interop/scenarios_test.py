"""SIPp's regexp and branchc/branchs built-ins against their SIPp counterparts,
in both directions.

usage: scenarios_test.py regexp|branch"""

import sys
import time

import harness as h


def pair(work, uas_tool, uas_name, uac_tool, uac_name, calls, rate, tag):
    sp, cp = h.free_port(), h.free_port()
    common = ["-i", "127.0.0.1", "-nostdin", "-m", str(calls)]
    uas = h.Proc(tag + "-uas", uas_tool + ["-sn", uas_name, "-p", str(sp), "-cp", str(h.free_port())] + common, work)
    time.sleep(0.7)
    uac = h.Proc(tag + "-uac", uac_tool + ["-sn", uac_name, f"127.0.0.1:{sp}", "-p", str(cp), "-r", str(rate),
                                           "-cp", str(h.free_port())] + common, work)
    uac.wait(120)
    uas.wait(60)
    a, b = h.counters(uac.text()), h.counters(uas.text())
    h.check(uac.rc == 0 and a.get("Successful call") == calls and a.get("Failed call") == 0,
            f"{tag}: uac rc {uac.rc} counters {a}")
    h.check(uas.rc == 0 and b.get("Successful call") == calls and b.get("Failed call") == 0,
            f"{tag}: uas rc {uas.rc} counters {b}")
    return uac, uas


def test(work):
    ours = [h.GOSSIPPER, "sipp", "-threads", "2"]
    sipp = [h.SIPP]
    if sys.argv[1] == "regexp":
        uac, _ = pair(work, sipp, "uas", ours, "regexp", 10, 10, "ours-regexp")
        # The regexp scenario's check_it eregs must have matched: its ACK row counts.
        rows = dict(h.scenario_rows(uac.text()))
        h.check(rows.get("ACK ---------->", [0])[0] == 10, f"ACK rows {rows}")
        pair(work, ours, "uas", sipp, "regexp", 10, 10, "sipp-regexp")
    else:
        # Calls 2 and 20-29 reach the answer path; the others get a 403.
        uac, _ = pair(work, sipp, "branchs", ours, "branchc", 30, 10, "ours-branchc")
        rows = h.scenario_rows(uac.text())
        h.check(any(label.startswith("403") and nums[0] == 19 for label, nums in rows),
                f"19 calls should take the 403 branch: {rows}")
        pair(work, ours, "branchs", sipp, "branchc", 30, 10, "sipp-branchc")


if __name__ == "__main__":
    h.main(test)
