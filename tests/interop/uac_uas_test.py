"""Built-in uac against SIPp's uas, and SIPp's uac against the built-in uas:
every call successful by both tools' own final counts.

usage: uac_uas_test.py ours-uac|ours-uas TRANSPORT CALLS RATE THREADS [IP]
(IP: both tools' address, 127.0.0.1 by default; ::1 for IPv6)"""

import sys

import harness as h


def test(work):
    direction, transport, calls, rate, threads = sys.argv[1:6]
    ip = sys.argv[6] if len(sys.argv) > 6 else "127.0.0.1"
    remote = f"[{ip}]" if ":" in ip else ip
    calls = int(calls)
    server_port = h.free_port()
    client_port = h.free_port()
    common = ["-t", transport, "-i", ip, "-nostdin", "-m", str(calls), "-max_socket", "10000",
              "-buff_size", "1048576",
              "-cp", str(h.free_port())]
    ours = [h.GOSSIPPER, "sipp", "-threads", threads]
    sipp = [h.SIPP]
    uas_tool, uac_tool = (sipp, ours) if direction == "ours-uac" else (ours, sipp)
    uas = h.Proc("uas", uas_tool + ["-sn", "uas", "-p", str(server_port)] + common, work)
    import time
    time.sleep(0.7)
    common[-1] = str(h.free_port())
    uac = h.Proc("uac", uac_tool + ["-sn", "uac", f"{remote}:{server_port}", "-p",
                                    str(client_port), "-r", rate] + common, work)
    seconds = calls / float(rate)
    uac_rc = uac.wait(seconds + 60)
    uas_rc = uas.wait(30)
    c_uac = h.counters(uac.text())
    c_uas = h.counters(uas.text())
    h.check(uac_rc == 0, f"uac exit code {uac_rc}")
    h.check(uas_rc == 0, f"uas exit code {uas_rc}")
    h.check(c_uac.get("Successful call") == calls, f"uac successful calls {c_uac}")
    h.check(c_uac.get("Failed call") == 0, f"uac failed calls {c_uac}")
    h.check(c_uas.get("Successful call") == calls, f"uas successful calls {c_uas}")
    h.check(c_uas.get("Failed call") == 0, f"uas failed calls {c_uas}")


if __name__ == "__main__":
    h.main(test)
