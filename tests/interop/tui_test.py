"""gossipper tui, the launcher and live dashboard, on a terminal (tmux)
against the real SIPp.

  launcher  the form (target typed in, More: -p PORT), Enter starts our uac
            against SIPp's uas; the dashboard's counters move; `*` raises
            the rate by 10 (its header says so), `p` pauses (PAUSED), `q`
            stops gracefully (ENDED), `q` leaves to the form; Esc leaves. A
            second tui recalls the run with Ctrl-R (~/.config/gossipper).
            Sparklines in block characters under a UTF-8 locale.
  small     a 60x20 terminal: the launcher says it needs 80x24; grown to
            100x30, the form shows; under LANG=C the dashboard's sparklines
            are ASCII.
  attach    `tui --api HOST:PORT --token T` on a gossipper sipp run started
            with -api_addr: its dashboard; `+` raises its rate by 1 (the
            run's own API says so), `x` leaves with the run going on.
  control   `gossipper sipp ... -control`: the run under the dashboard; `q`
            ends it gracefully, SIPp's uas counts every call successful, `q`
            leaves with the run's exit status.
  noterm    no terminal: exit 2 and a message, nothing started.

usage: tui_test.py launcher|small|attach|control|noterm"""

import json
import re
import subprocess
import sys
import time
import urllib.request

import harness as h


def tui_pane(work, argv, x=100, y=30, lang="C.UTF-8"):
    return h.TmuxPane(work, argv, x, y, env=[f"LANG={lang}", "LC_ALL=" + lang,
                                             "TERM=xterm-256color"], keep_rc=True)


def see(pane, pattern, what, timeout=20):
    return h.wait_for(lambda: re.search(pattern, pane.text(), re.M),
                      what + ":\n" + pane.text(), timeout)


def uas(work, port):
    return h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin"],
                  work)


def start_from_form(pane, port):
    see(pane, r"^> Scenario", "the launcher form")
    pane.keys("Down")
    pane.type(f"127.0.0.1:{port}")
    pane.keys("Enter", "Enter", "Enter", "Enter", "Enter")
    see(pane, r"^> More", "the cursor on More")
    pane.type(f"-p {h.free_port()} -d 300")
    pane.keys("Enter")


def created(pane):
    m = re.search(r"created (\d+)", pane.text())
    return int(m.group(1)) if m else -1


def launcher(work):
    port = h.free_port()
    uas(work, port)
    pane = tui_pane(work, [h.GOSSIPPER, "tui"])
    try:
        start_from_form(pane, port)
        see(pane, r"^uac - run1 \(pid \d+\) - running", "the dashboard")
        h.wait_for(lambda: created(pane) >= 10, "calls created:\n" + pane.text())
        first = created(pane)
        h.wait_for(lambda: created(pane) > first, "the counters moving")
        h.check(re.search(r"[▁▂▃▄▅▆▇█]{3}", pane.text()), "block sparklines:\n" + pane.text())
        pane.keys("*")
        see(pane, r"rate 20 per 1 s", "the rate raised by 10")
        pane.keys("p")
        see(pane, r"^uac - run1 .* - PAUSED", "paused")
        pane.keys("q")
        see(pane, r"^uac - run1 .* - ENDED", "ended after q", 30)
        m = see(pane, r"the run ended, exit (\d+)", "its exit status")
        pane.keys("q")
        see(pane, rf"^run1 left, exit {m.group(1)}", "back on the form")
        pane.keys("Escape")
        h.wait_for(lambda: pane.rc() is not None, "the tui leaving on Esc")
        h.check(pane.rc() == 0, f"exit {pane.rc()}")
    finally:
        pane.close()
    pane = tui_pane(work, [h.GOSSIPPER, "tui"])
    try:
        see(pane, r"^> Scenario", "the second launcher")
        pane.keys("C-r")
        see(pane, rf"Target .*127\.0\.0\.1:{port}$", "Ctrl-R recalling the run")
        see(pane, r"recent run 1 of 1", "the recall said")
        pane.keys("Escape")
        h.wait_for(lambda: pane.rc() is not None, "the tui leaving")
    finally:
        pane.close()


def small(work):
    port = h.free_port()
    uas(work, port)
    pane = tui_pane(work, [h.GOSSIPPER, "tui"], x=60, y=20, lang="C")
    try:
        see(pane, r"needs 80x24; this terminal is 60x20", "the too-small message")
        pane.resize(100, 30)
        start_from_form(pane, port)
        h.wait_for(lambda: created(pane) >= 5, "calls created:\n" + pane.text())
        time.sleep(2)
        text = pane.text()
        h.check(not re.search(r"[▁▂▃▄▅▆▇█]", text) and re.search(r"calls/s .*[_.\-:=+*#]{3}", text),
                "ASCII sparklines under LANG=C:\n" + text)
        pane.keys("Q")
        see(pane, r"ENDED", "ended after Q", 30)
        pane.keys("q", "Escape")
        h.wait_for(lambda: pane.rc() is not None, "the tui leaving")
    finally:
        pane.close()


def api_rate(api):
    req = urllib.request.Request(f"http://127.0.0.1:{api}/api/v1/control",
                                 headers={"Authorization": "Bearer t0k"})
    return json.load(urllib.request.urlopen(req, timeout=5))["status"]["rate"]


def attach(work):
    port, api = h.free_port(), h.free_port()
    uas(work, port)
    time.sleep(0.5)
    run = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                         "-p", str(h.free_port()), "-nostdin", "-r", "10",
                         "-api_addr", f"127.0.0.1:{api}", "-api_token", "t0k"], work)
    h.wait_for(lambda: _answers(api), "the run's API")
    pane = tui_pane(work, [h.GOSSIPPER, "tui", "--api", f"127.0.0.1:{api}", "--token", "t0k"])
    try:
        see(pane, rf"^uac - 127\.0\.0\.1:{api} - running", "the attached dashboard")
        pane.keys("+")
        see(pane, r"rate set to 11", "the key's effect said")
        h.check(api_rate(api) == 11, "the run's own API must say rate 11")
        pane.keys("x")
        h.wait_for(lambda: pane.rc() is not None, "x leaving the dashboard")
        h.check(run.p.poll() is None, "the run goes on after x")
    finally:
        pane.close()


def _answers(api):
    try:
        api_rate(api)
        return True
    except OSError:
        return False


def control(work):
    port = h.free_port()
    sipp = h.Proc("uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin"],
                  work)
    pane = tui_pane(work, [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                       "-p", str(h.free_port()), "-r", "20", "-control"])
    try:
        see(pane, r"^uac - pid \d+ - running", "the -control dashboard")
        h.wait_for(lambda: created(pane) >= 20, "calls created:\n" + pane.text())
        pane.keys("q")
        see(pane, r"the run ended, exit 0", "the run ending gracefully", 30)
        pane.keys("q")
        h.wait_for(lambda: pane.rc() is not None, "q leaving")
        h.check(pane.rc() == 0, f"exit {pane.rc()}")
    finally:
        pane.close()
    time.sleep(5)  # SIPp's uas ends its calls after a 4 s pause
    sipp.signal(2)
    sipp.wait(10)
    b = h.counters(sipp.text())
    h.check(b.get("Successful call") == b.get("Total Calls created") and b["Successful call"] >= 20,
            f"SIPp's uas {b}")


def noterm(work):
    r = subprocess.run([h.GOSSIPPER, "tui"], stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=30, cwd=work)
    h.check(r.returncode == 2 and "needs a terminal" in r.stderr, f"{r.returncode} {r.stderr}")
    r = subprocess.run([h.GOSSIPPER, "sipp", "-sn", "uac", "127.0.0.1:9", "-control"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    h.check(r.returncode == 2 and "needs a terminal" in r.stderr, f"{r.returncode} {r.stderr}")


if __name__ == "__main__":
    h.main({"launcher": launcher, "small": small, "attach": attach, "control": control,
            "noterm": noterm}[sys.argv[1]])
