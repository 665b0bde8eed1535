"""One process's share of a sharded run (-shard I/N), against the real SIPp.

split: two shards of `-sn uac -m 100 -r 200` against one SIPp uas, one told
  its shard by -shard 0/2, the other by JOB_COMPLETION_INDEX=1 and
  GOSSIPPER_SHARDS=2 as a Kubernetes Indexed Job would; both bound to the
  same -p (each binds -p + its index) and started together by -start_at.
  Both exit 0, each made 50 calls (its -summary_json), none before
  -start_at; the shared -cid_str prints only %u, so SIPp answering 100
  distinct calls shows the shards' call numbers never met.
refused: -shard 3/2 is refused with a message and exit 1 before any
  traffic: nothing reaches the peer's port.

usage: shard_options_test.py split|refused"""

import json
import os
import socket
import sys
import time

import harness as h


def port_pair():
    """A free port whose next one is free too (-p P for shards 0 and 1)."""
    for _ in range(50):
        p = h.free_port()
        if h._bindable(p + 1):
            return p
    raise AssertionError("no two free ports in a row")


def split(work):
    uas_port = h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(uas_port), "-nostdin",
                         "-m", "100", "-cp", str(h.free_port())], work)
    time.sleep(0.5)
    local = port_pair()
    start_at = int(time.time() * 1000) + 3000  # after both have loaded their scenario
    shards = []
    for i in range(2):
        summary = os.path.join(work, f"shard{i}.json")
        argv = [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{uas_port}", "-i", "127.0.0.1",
                "-p", str(local), "-nostdin", "-m", "100", "-r", "200",
                "-cid_str", "shard-test-%u", "-start_at", str(start_at),
                "-summary_json", summary, "-cp", str(h.free_port())]
        if i == 0:
            argv += ["-shard", "0/2"]
            os.environ.pop("JOB_COMPLETION_INDEX", None)
            os.environ.pop("GOSSIPPER_SHARDS", None)
        else:
            os.environ["JOB_COMPLETION_INDEX"] = "1"
            os.environ["GOSSIPPER_SHARDS"] = "2"
        shards.append((h.Proc(f"shard{i}", argv, work), summary))
    os.environ.pop("JOB_COMPLETION_INDEX", None)
    os.environ.pop("GOSSIPPER_SHARDS", None)
    for i, (proc, summary) in enumerate(shards):
        proc.wait(60)
        h.check(proc.rc == 0, f"shard {i} exit code {proc.rc}\n{proc.errors()}")
        with open(summary) as f:
            s = json.load(f)
        h.check(s["total_calls"] == 50 and s["success_calls"] == 50 and s["failed_calls"] == 0,
                f"shard {i}: {s['total_calls']} calls, {s['success_calls']} successful")
        h.check(f"Shard {i}/2: 100.0 of the 200.0 calls per period, 50 of -m 100" in proc.text(),
                f"shard {i}'s screen does not say its share:\n{proc.text()[-3000:]}")
    # 50 calls at 100/s each take half a second from -start_at.
    h.check(time.time() * 1000 >= start_at + 400, "the shards ended before -start_at")
    uas.wait(30)
    h.check(uas.rc == 0, f"SIPp's uas exit code {uas.rc}: it did not answer 100 calls\n"
            f"{uas.text()[-3000:]}")


def refused(work):
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    peer.settimeout(1.0)
    port = peer.getsockname()[1]
    for args, message in ((["-shard", "3/2"], '-shard, "3/2" is not I/N'),
                          (["-shards", "2"], "-shards 2 says how many shards")):
        uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i",
                             "127.0.0.1", "-nostdin", "-m", "10", "-r", "100"] + args, work)
        uac.wait(30)
        h.check(uac.rc == 1, f"{args}: exit code {uac.rc}")
        h.check(message in uac.errors(), f"{args}: no refusal on stderr: {uac.errors()}")
    try:
        data = peer.recv(65535)
        raise AssertionError(f"a refused shard sent {data[:80]!r}")
    except socket.timeout:
        pass
    peer.close()


def test(work):
    {"split": split, "refused": refused}[sys.argv[1]](work)


if __name__ == "__main__":
    h.main(test)
