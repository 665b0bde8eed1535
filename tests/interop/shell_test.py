"""gossipper cli, the command shell, against the real SIPp.

  tmux    the shell on a terminal (tmux, 100x30): Tab completes a command
          and an option name, `run` starts our uac against SIPp's uas,
          `stats` shows its calls moving, `rate` changes its rate (the
          control status says so), `stop` ends it, `summary` reads its
          summary, history recalls a line, `quit` leaves.
  script  a script on standard input: the same run to its end (`wait`), its
          summary's counts equal SIPp's; `check` of a broken scenario says
          file:line:col; the first failing command ends the script, exit 1,
          the lines after it not run.
  remote  `open api` to a gossipper sipp run started with -api_addr and a
          token: stats, rate, pause (SIPp's uas sees no new call while
          paused), stop; the run ends gracefully; a wrong token is refused.

  server  `open api` to a gossipper server (a listener and a client of
          its own): stats shows a block per run, `rate 8` reaches each.

usage: shell_test.py tmux|script|remote|server"""

import os
import re
import shutil
import subprocess
import sys
import time

import harness as h


def sipp_uas(work, port, calls=0):
    argv = [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1", "-nostdin"]
    if calls:
        argv += ["-m", str(calls)]
    return h.Proc("uas", argv, work)


def cli_pane(work, argv):
    return h.TmuxPane(work, argv, env=["TERM=xterm"], history=200)


def wait_text(pane, pattern, what, timeout=20):
    return h.wait_for(lambda: re.search(pattern, pane.text(), re.M), what + ":\n" + pane.text(),
                      timeout)


def tmux(work):
    h.check(shutil.which("tmux") is not None, "tmux is missing (scripts/install-deps.sh)")
    port = h.free_port()
    sipp_uas(work, port)
    pane = cli_pane(work, [h.GOSSIPPER, "cli"])
    try:
        wait_text(pane, r"^gossipper>", "the prompt")  # capture-pane trims blanks
        pane.keys("-l", "sta")
        pane.keys("Tab")
        wait_text(pane, r"^gossipper> stats$", "Tab completing 'sta' to 'stats '")
        pane.keys("C-u")
        pane.keys("-l", "set trace_ms")
        pane.keys("Tab")
        wait_text(pane, r"^gossipper> set trace_msg$", "Tab completing an option name")
        pane.keys("C-u")
        for line in (f"set target 127.0.0.1:{port}", "set sn uac", "set r 20", "set d 200",
                     f"set p {h.free_port()}", "set bogus 1", "run"):
            pane.line(line)
        wait_text(pane, r"no option 'bogus'", "set refusing an unknown option")
        wait_text(pane, r"^run1 started: pid \d+, API 127\.0\.0\.1:\d+", "the run starting")

        def created():
            pane.line("stats")
            time.sleep(0.5)
            found = re.findall(r"calls: (\d+) created", pane.text())
            return found and int(found[-1]) >= 10

        h.wait_for(created, "stats showing calls created:\n" + pane.text(), 30)
        pane.line("rate 35")
        wait_text(pane, r"^rate 35 per 1 s", "the control status after rate 35")
        pane.line("stop")
        pane.line("wait 30")
        wait_text(pane, r"^run1 ended, exit 0", "the run ending after stop", 40)
        pane.line("summary")
        m = wait_text(pane, r"^uac: (\d+) calls, (\d+) successful, 0 failed", "the summary")
        h.check(int(m.group(1)) == int(m.group(2)) and int(m.group(1)) >= 10,
                "summary " + m.group(0))
        pane.keys("Up", "Up")  # history: summary, then wait 30
        wait_text(pane, r"^gossipper> wait 30$", "history recalling 'wait 30'")
        pane.keys("C-u")
        pane.line("quit")
        h.wait_for(lambda: not pane.alive(), "the shell leaving on quit")
    finally:
        pane.close()
    # The history outlives the shell (~/.config/gossipper/cli_history).
    pane = cli_pane(work, [h.GOSSIPPER, "cli"])
    try:
        wait_text(pane, r"^gossipper>", "the second shell's prompt")
        pane.keys("Up")
        wait_text(pane, r"^gossipper> quit$", "the first shell's last line, recalled")
        pane.keys("C-u")
        pane.line("quit")
    finally:
        pane.close()


def script(work):
    port, calls = h.free_port(), 30
    uas = sipp_uas(work, port, calls)
    time.sleep(0.5)
    broken = os.path.join(work, "broken.xml")
    with open(broken, "w") as f:
        f.write('<scenario name="b">\n  <send>\n    <![CDATA[INVITE sip:x SIP/2.0\n]]>\n'
                '  </send>\n  <recv response="200" bogus="1"/>\n</scenario>\n')
    lines = [f"set target 127.0.0.1:{port}", "set sn uac", "set r 50", f"set m {calls}",
             f"set p {h.free_port()}", "run", "wait 60", "summary"]
    ok = subprocess.run([h.GOSSIPPER, "cli"], input="\n".join(lines) + "\n", text=True,
                        capture_output=True, cwd=work, timeout=120)
    h.check(ok.returncode == 0, f"the script failed ({ok.returncode}): {ok.stdout} {ok.stderr}")
    m = re.search(r"^uac: (\d+) calls, (\d+) successful, (\d+) failed", ok.stdout, re.M)
    h.check(m and m.groups() == (str(calls), str(calls), "0"), "summary: " + ok.stdout)
    uas.wait(30)
    b = h.counters(uas.text())
    h.check(b.get("Successful call") == calls, f"SIPp's uas counted {b}")

    bad = subprocess.run([h.GOSSIPPER, "cli"], input=f"check {broken}\nshow\n", text=True,
                         capture_output=True, cwd=work, timeout=60)
    h.check(bad.returncode == 1, f"a failing check ends the script with 1: {bad.returncode}")
    h.check(re.search(r"broken\.xml:\d+:\d+", bad.stdout + bad.stderr),
            "check says file:line:col: " + bad.stdout + bad.stderr)
    h.check("no options set" not in bad.stdout, "the line after the failure must not run")

    path = os.path.join(work, "commands.txt")
    with open(path, "w") as f:
        f.write("# a comment\nset r 5\nshow r\nfrobnicate\nshow\n")
    from_file = subprocess.run([h.GOSSIPPER, "cli", path], capture_output=True, text=True,
                               cwd=work, timeout=60)
    h.check(from_file.returncode == 1 and "unknown command 'frobnicate'" in from_file.stderr,
            f"a script file: {from_file.returncode} {from_file.stderr}")
    h.check(from_file.stdout.strip() == "r 5", "show r, then nothing: " + from_file.stdout)


def remote(work):
    port, api = h.free_port(), h.free_port(socket_kind())
    uas = sipp_uas(work, port)
    time.sleep(0.5)
    run = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                         "-p", str(h.free_port()), "-nostdin", "-r", "20",
                         "-api_addr", f"127.0.0.1:{api}", "-api_token", "s3cret"], work)
    h.wait_for(lambda: subprocess.run([h.GOSSIPPER, "cli"],
                                      input=f"open api 127.0.0.1:{api} s3cret\n", text=True,
                                      capture_output=True).returncode == 0, "the run's API")
    wrong = subprocess.run([h.GOSSIPPER, "cli"], input=f"open api 127.0.0.1:{api} nope\nstats\n",
                           text=True, capture_output=True, timeout=30)
    h.check(wrong.returncode == 1 and "401" in wrong.stderr, "a wrong token: " + wrong.stderr)
    lines = [f"open api 127.0.0.1:{api} s3cret", "stats", "rate 10", "pause"]
    out = subprocess.run([h.GOSSIPPER, "cli"], input="\n".join(lines) + "\n", text=True,
                         capture_output=True, timeout=30)
    h.check(out.returncode == 0, f"remote script: {out.stdout} {out.stderr}")
    h.check(re.search(r"^connected to 127\.0\.0\.1:\d+ \(Gossipper ", out.stdout, re.M),
            "open api: " + out.stdout)
    h.check(re.search(r"^uac: .*rate 20 per 1 s", out.stdout, re.M), "stats: " + out.stdout)
    h.check(re.search(r"^rate 10 per 1 s.*paused", out.stdout, re.M), "paused: " + out.stdout)
    time.sleep(1.0)  # calls opened before the pause end
    before = stats_created(api)
    time.sleep(1.5)
    h.check(stats_created(api) == before, "no call is created while paused")
    out = subprocess.run([h.GOSSIPPER, "cli"],
                         input=f"open api 127.0.0.1:{api} s3cret\nresume\nstop\n", text=True,
                         capture_output=True, timeout=30)
    h.check(out.returncode == 0 and re.search(r"stopping|ending|quit", out.stdout),
            f"stop: {out.stdout} {out.stderr}")
    run.wait(30)
    h.check(run.rc == 0, f"the run ends gracefully, exit {run.rc}: {run.errors()[-500:]}")
    del uas


def server(work):
    """`open api` to a gossipper server: a block per run, rate to every run."""
    sip, api = h.free_port(), h.free_port(socket_kind())
    profile = os.path.join(work, "profile.json")
    with open(profile, "w") as f:
        f.write('{"api_addr": "127.0.0.1:%d", "server": {"id": "listen", "role": "management", '
                '"scenario_name": "uas", "listeners": [{"local_port": %d}]}, "clients": [{"id": '
                '"load", "role": "load", "scenario_name": "uac", "remote_addr": "127.0.0.1:%d", '
                '"rate": 5}]}' % (api, sip, sip))
    h.Proc("server", [h.GOSSIPPER, "server", "-config", profile], work)
    lines = f"open api 127.0.0.1:{api}\nstats\nrate 8\n"

    def answered():
        r = subprocess.run([h.GOSSIPPER, "cli"], input=lines, text=True, capture_output=True,
                           timeout=30)
        ready = re.search(r"^\[load\] client\n  uac: .*\n  calls: [1-9]", r.stdout, re.M)
        return r if r.returncode == 0 and ready and "no answer" not in r.stdout else None

    out = h.wait_for(answered, "the server's runs in stats").stdout
    h.check(re.search(r"^\[listen\S*\] listener\n  uas: ", out, re.M), "the listener: " + out)
    h.check(re.search(r"^\[load\] client\n  uac: .*\n  calls: \d+ created", out, re.M),
            "the client: " + out)
    h.check(re.search(r"^\[load\] rate 8 per 1 s", out, re.M), "rate 8 to every run: " + out)


def socket_kind():
    import socket
    return socket.SOCK_STREAM


def stats_created(api):
    out = subprocess.run([h.GOSSIPPER, "cli"], input=f"open api 127.0.0.1:{api} s3cret\nstats\n",
                         text=True, capture_output=True, timeout=30).stdout
    m = re.search(r"calls: (\d+) created", out)
    h.check(m is not None, "stats: " + out)
    return int(m.group(1))


if __name__ == "__main__":
    h.main({"tmux": tmux, "script": script, "remote": remote, "server": server}[sys.argv[1]])
