"""gossipper server -config profile.json: a UAS and clients, each a run of
its own, driven through the server's API, against each other and against
the real SIPp; every answer checked against the served OpenAPI document.

Modes:
- check: `--check` takes a good profile (flat and composite) and refuses
  bad ones with the JSON path of the fault, a JSON syntax error with its
  line and column, a scenario file with its errors; nothing is started.
- run: our UAS with two clients calling it and a third calling SIPp's UAS;
  all make calls; a client added and stopped through /clients (with what
  the API may not name refused); a rate set on one run through /control;
  SIGHUP with a changed rate restarts that client only, and a broken
  profile changes nothing; a new scenario applied to one client (a broken
  one and one with <exec> refused) takes its new calls while the old run
  ends its own; SIGTERM ends every run, each with its
  -summary_json complete, then the server (exit 0)."""

import asyncio
import json
import os
import signal
import socket
import sys
import time

import api_test as a
import harness as h

MODE = sys.argv[1] if len(sys.argv) > 1 else "check"


def check(work):
    def run_check(name, doc, raw=False):
        path = os.path.join(work, name)
        with open(path, "w") as f:
            f.write(doc if raw else json.dumps(doc, indent=2))
        p = h.Proc(name, [h.GOSSIPPER, "server", "--check", path], work)
        return p.wait(20), p.text() + p.errors()

    rc, out = run_check("flat.json", {"scenario_name": "uac", "remote_addr": "127.0.0.1:5999",
                                      "rate": 2})
    h.check(rc == 0 and "0 listener(s), 1 client(s)" in out, f"flat: {rc} {out}")
    rc, out = run_check("composite.json", {
        "api_addr": "127.0.0.1:0",
        "server": {"id": "uas", "role": "management", "transport": "u1",
                   "listeners": [{"local_port": 5998}, {"id": "tcp", "transport": "t1",
                                                        "local_port": 5997}]},
        "clients": [{"remote_addr": "127.0.0.1:5998", "rate": 1, "max_concurrent": 32}]})
    h.check(rc == 0 and "2 listener(s), 1 client(s)" in out, f"composite: {rc} {out}")
    for name, doc, want in (
            ("unknown.json", {"clients": [{"remote_addr": "x:1"}, {"remote_addr": "x:1",
                                                                   "rat": 3}]},
             "$.clients[1].rat: not a key of a client"),
            ("type.json", {"clients": [{"remote_addr": "x:1", "rate": "fast"}]},
             "$.clients[0].rate: a number"),
            ("remote.json", {"clients": [{"rate": 1}]}, "$.clients[0].remote_addr"),
            ("top.json", {"server": {}, "client": []}, "$.client: not a key"),
            ("dup.json", {"clients": [{"id": "a", "remote_addr": "x:1"},
                                      {"id": "a", "remote_addr": "x:1"}]}, "two participants"),
            ("args.json", {"clients": [{"remote_addr": "x:1", "extra_args": ["-r", 3]}]},
             "$.clients[0].extra_args[1]: a string"),
            ("sipp.json", {"clients": [{"remote_addr": "x:1", "extra_args": ["-no_such"]}]},
             "client-1: "),
            ("empty.json", {}, "$: nothing to run")):
        rc, out = run_check(name, doc)
        h.check(rc == 1 and want in out and name in out, f"{name}: {rc} {out}")
    rc, out = run_check("syntax.json", '{\n  "clients": [\n    {"remote_addr": "x:1",, }\n]}',
                        raw=True)
    h.check(rc == 1 and "syntax.json:3:" in out, f"syntax: {rc} {out}")
    with open(os.path.join(work, "broken.xml"), "w") as f:
        f.write(a.BROKEN)
    rc, out = run_check("scenario.json", {"clients": [{"remote_addr": "x:1",
                                                       "scenario_file": "broken.xml"}]})
    h.check(rc == 1 and "broken.xml:9:" in out and "nowhere" in out, f"scenario: {rc} {out}")
    h.check(not [f for f in os.listdir(work) if f.endswith(".api_port")], "a run was started")


def profile_doc(api_port, uas_port, sipp_port, rate_b, work):
    summary = lambda n: ["-summary_json", os.path.join(work, n + ".json")]
    return {
        "api_addr": f"127.0.0.1:{api_port}",
        "server": {"id": "uas", "scenario_name": "uas", "local_port": uas_port},
        "clients": [
            {"id": "load-a", "remote_addr": f"127.0.0.1:{uas_port}", "rate": 5,
             "extra_args": summary("load-a")},
            {"id": "load-b", "remote_addr": f"127.0.0.1:{uas_port}", "rate": rate_b,
             "extra_args": summary("load-b")},
            {"id": "to-sipp", "remote_addr": f"127.0.0.1:{sipp_port}", "rate": 4,
             "extra_args": summary("to-sipp")},
        ]}


def engines(api):
    doc, _ = api.call("GET", "/stats", 200)
    return {e["id"]: e for e in doc["engines"]}


def engine_routes(api):
    """A run's own routes through the server, its /live points, the panel."""
    doc, _ = api.call("GET", "/engines/load-a/stats", 200)
    h.check(doc["schema"] == "gossipper_stats_v1", f"load-a's stats: {doc.get('schema')}")
    h.check(api.call("GET", "/engines/load-a/history", 200)[0]["points"], "load-a's history")
    api.call("GET", "/engines/nobody/stats", 404)
    api.call("GET", "/engines/load-a/nothing", 404)
    api.call("POST", "/engines/load-a/control", 400, {"rate": "fast"})
    status, hdrs, data = api.request("GET", "/api/v1/engines/load-a/downloads/summary.json")
    h.check(status == 200 and "attachment" in hdrs.get("Content-Disposition", "") and
            json.loads(data)["schema_version"] == "gossipper_summary_v1",
            f"load-a's summary download: {status} {hdrs}")
    frames = asyncio.run(api.live_frames(2))
    for f in frames:
        api.check_schema({"$ref": "#/components/schemas/ServerFrame"}, f, "a server /live frame")
        h.check(all(e["point"] is not None and e["stats"] is not None
                    for e in f["engines"] if e["running"]), f"a run without its point: {f}")
    status, hdrs, data = api.request("GET", "/", token=False)
    h.check(status == 200 and hdrs.get("Content-Type", "").startswith("text/html"),
            f"the panel's page: {status} {hdrs}")


def run(work):
    sipp_port = h.free_port()
    h.Proc("sipp", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(sipp_port), "-nostdin",
                    "-timeout", "90s"], work)
    api_port, uas_port = h.free_port(socket.SOCK_STREAM), h.free_port()
    path = os.path.join(work, "profile.json")
    with open(path, "w") as f:
        json.dump(profile_doc(api_port, uas_port, sipp_port, 3, work), f)
    server = h.Proc("server", [h.GOSSIPPER, "server", "-config", path], work)
    api = a.Api(api_port)
    # Its own line says it listens: a port answering could be another's.
    h.wait_for(lambda: server.p.poll() is None and
               f"API on 127.0.0.1:{api_port}" in server.text(), "the server's API")
    api.load_openapi()
    # (Every client's: none listed yet is not all of them done.)
    h.wait_for(lambda: (lambda e: {"load-a", "load-b", "to-sipp"} <= e.keys() and
                        all(r["stats"] and r["stats"]["calls"]["successful"] >= 3
                            for i, r in e.items() if i != "uas"))(engines(api)),
               "every client's calls", 30)
    e = h.wait_for(lambda: (lambda e: e if e["uas"]["stats"] else None)(engines(api)),
                   "our UAS's snapshot")
    h.check(e["uas"]["stats"]["calls"]["created"] >= 6 and e["uas"]["role"] == "listener",
            f"our UAS: {e['uas']['stats']['calls']}")
    h.check(e["to-sipp"]["stats"]["calls"]["failed"] == 0, "calls to SIPp failed")
    runs, _ = api.call("GET", "/clients", 200)
    h.check(sorted(r["id"] for r in runs["clients"]) == ["load-a", "load-b", "to-sipp", "uas"],
            f"clients: {runs}")
    h.check(all("(token)" in r["arguments"] for r in runs["clients"]), "a run's token shown")
    engine_routes(api)
    # Through the API: a client started and stopped; files and options refused.
    doc, _ = api.call("POST", "/clients", 201, {"id": "extra", "remote_addr":
                                                f"127.0.0.1:{uas_port}", "rate": 2})
    h.check(doc["client"]["running"], f"extra: {doc}")
    api.call("POST", "/clients", 409, {"id": "extra", "remote_addr": f"127.0.0.1:{uas_port}"})
    doc, _ = api.call("POST", "/clients", 400, {"remote_addr": "x:1", "extra_args": ["-trace_msg"]})
    h.check("$.extra_args" in doc["error"], f"extra_args through the API: {doc}")
    api.call("POST", "/clients", 400, {"remote_addr": "x:1", "scenario_file": "/etc/passwd"})
    api.call("POST", "/clients", 400, {"rate": 1})
    h.wait_for(lambda: (engines(api)["extra"]["stats"] or {}).get("calls", {}).get("successful", 0)
               >= 2, "the added client's calls")
    api.call("DELETE", "/clients/extra", 200)
    api.call("DELETE", "/clients/nobody", 404)
    h.wait_for(lambda: not engines(api)["extra"]["running"], "the added client to end")
    h.check(engines(api)["extra"]["exit_code"] == 0, f"extra: {engines(api)['extra']}")
    # One run's rate, through the server.
    doc, _ = api.call("POST", "/control", 200, {"engine_id": "load-a", "rate": 7})
    h.check(doc["status"]["rate"] == 7, f"control: {doc}")
    h.check(engines(api)["load-b"]["stats"]["status"]["rate"] == 3, "load-b's rate changed")
    api.call("POST", "/control", 404, {"engine_id": "nobody", "rate": 1})
    # SIGHUP: load-b's rate changed in the file; the others go on.
    pids = {r["id"]: r["pid"] for r in api.call("GET", "/clients", 200)[0]["clients"]}
    with open(path, "w") as f:
        json.dump(profile_doc(api_port, uas_port, sipp_port, 6, work), f)
    server.signal(signal.SIGHUP)
    h.wait_for(lambda: (engines(api)["load-b"]["stats"] or {}).get("status", {}).get("rate") == 6,
               "load-b restarted at its new rate")
    now = {r["id"]: r["pid"] for r in api.call("GET", "/clients", 200)[0]["clients"]}
    h.check(now["load-b"] != pids["load-b"] and now["load-a"] == pids["load-a"] and
            now["uas"] == pids["uas"], f"SIGHUP restarted: {pids} -> {now}")
    # A new scenario for load-a: checked first (a broken one, and one with
    # <exec>, change nothing), then a new run takes the id and the calls
    # while the old one ends its own.
    before = {r["id"]: r["pid"] for r in api.call("GET", "/clients", 200)[0]["clients"]}
    doc, _ = api.call("POST", "/scenario/apply?engine_id=load-a", 422, a.BROKEN,
                      {"Content-Type": "application/xml"})
    h.check(any(d["line"] == 9 for d in doc["diagnostics"]), f"broken apply: {doc}")
    api.call("POST", "/scenario/apply?engine_id=load-a", 422, a.WITH_EXEC,
             {"Content-Type": "application/xml"})
    api.call("POST", "/scenario/apply?engine_id=uas", 422, a.BROKEN,
             {"Content-Type": "application/xml"})
    api.call("POST", "/scenario/apply?engine_id=nobody", 404, a.BROKEN,
             {"Content-Type": "application/xml"})
    h.check({r["id"]: r["pid"] for r in api.call("GET", "/clients", 200)[0]["clients"]} == before,
            "a refused scenario changed a run")
    source = api.call("GET", "/scenario?engine_id=load-a", 200)[0]["source"]
    renamed = source.replace('name="Basic Sipstone UAC"', 'name="applied"')
    h.check(renamed != source, "the built-in uac's name is not where it was")
    api.call("PUT", "/scenario?engine_id=load-a", 200, renamed, {"Content-Type": "application/xml"})
    doc, _ = api.call("POST", "/scenario/apply?engine_id=load-a", 200, renamed,
                      {"Content-Type": "application/xml"})
    h.check(doc["client"]["pid"] != before["load-a"] and "-sf" in doc["client"]["arguments"],
            f"apply: {doc}")
    h.wait_for(lambda: (engines(api)["load-a"]["stats"] or {}).get("calls", {})
               .get("successful", 0) >= 2, "the new scenario's calls")
    h.check(api.call("GET", "/scenario?engine_id=load-a", 200)[0]["source"] == renamed,
            "the new run's scenario")
    h.wait_for(lambda: any(i.startswith("load-a~") and not e["running"] and e["exit_code"] == 0
                           for i, e in engines(api).items()), "the old load-a to end")
    # The listener takes a new scenario in place (its port is its calls'):
    # the same process, its new calls on version 1.
    uas_source = api.call("GET", "/scenario?engine_id=uas", 200)[0]["source"]
    uas_renamed = uas_source.replace('name="Basic UAS responder"', 'name="applied uas"')
    h.check(uas_renamed != uas_source, "the built-in uas's name is not where it was")
    doc, _ = api.call("POST", "/scenario/apply?engine_id=uas", 200, uas_renamed,
                      {"Content-Type": "application/xml"})
    h.check(doc["version"] == 1, f"the listener's apply: {doc}")
    base = engines(api)["uas"]["stats"]["calls"]["successful"]
    h.wait_for(lambda: (lambda s: s["scenario_version"] == 1 and
                        s["calls"]["successful"] >= base + 3)(engines(api)["uas"]["stats"]),
               "the listener's calls on its new scenario")
    h.check(engines(api)["uas"]["pid"] == before["uas"], "the listener was restarted")
    h.check(api.call("GET", "/scenario?engine_id=uas", 200)[0]["source"] == uas_renamed,
            "the listener's scenario")
    with open(path, "w") as f:
        f.write('{"clients": [')
    server.signal(signal.SIGHUP)
    time.sleep(1)
    h.check(engines(api)["load-a"]["running"], "a broken profile stopped a run")
    server.signal(signal.SIGTERM)
    h.check(server.wait(40) == 0, f"server exit {server.rc}: {server.errors()}")
    for name in ("load-a", "load-b", "to-sipp"):
        with open(os.path.join(work, name + ".json")) as f:
            s = json.load(f)
        h.check(s["total_calls"] >= 1 and s["schema_version"] == "gossipper_summary_v1",
                f"{name}'s summary: {s.get('total_calls')}")
    out = server.text()
    h.check("SIGHUP: the profile is not used" in out and "stopping every run" in out,
            f"server output: {out}")


if __name__ == "__main__":
    h.main({"check": check, "run": run}[MODE])
