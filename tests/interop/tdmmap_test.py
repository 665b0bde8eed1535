"""-tdmmap against the real SIPp's UAS: our uac_tdmmap.xml with two circuits
({0-0}{99}{5-5}{1-2}) and calls held for a second, four calls 100 ms apart:
the first two take the circuits (the SIPp UAS's trace shows X-TDM: 0.99.5/1
and 0.99.5/2), the other two find none free and fail (outbound congestion),
by our final counts."""

import os
import re
import time

import harness as h

HERE = os.path.dirname(os.path.abspath(__file__))


def test(work):
    port = h.free_port()
    server = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin",
                            "-m", "2", "-trace_msg"], work)
    time.sleep(0.7)
    client = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sf", os.path.join(HERE, "scenarios", "uac_tdmmap.xml"),
                            f"127.0.0.1:{port}", "-i", "127.0.0.1", "-p", str(h.free_port()), "-nostdin",
                            "-m", "4", "-r", "10", "-d", "1000", "-tdmmap", "{0-0}{99}{5-5}{1-2}",
                            "-cp", str(h.free_port())], work)
    client.wait(30)
    server.wait(30)
    a = h.counters(client.text())
    h.check(a.get("Successful call") == 2 and a.get("Failed call") == 2,
            f"two calls with a circuit, two congested: {a}")
    with open(os.path.join(work, f"uas_{server.p.pid}_messages.log"), errors="replace") as f:
        circuits = sorted(re.findall(r"^X-TDM: (.*?)\r?$", f.read(), re.M))
    h.check(circuits == ["0.99.5/1", "0.99.5/2"], f"circuits seen by SIPp: {circuits}")


if __name__ == "__main__":
    h.main(test)
