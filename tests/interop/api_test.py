"""The HTTP API (-api_addr) of a real run: our built-in uac against SIPp's
uas on loopback, read and driven by plain HTTP and WebSocket clients
(Python's http.client and Debian's python3-websockets), every response
checked against the OpenAPI document the server itself serves
(python3-jsonschema).

Modes:
- routes: every route and its errors (404, 405, 400, 409, 413, 415, 426),
  HEAD, a rate change seen by the next /stats and the call rate following
  it, a broken scenario upload answered with its line and column while the
  run goes on unchanged, <exec> refused in an upload, two /live frames.
- auth: -api_token: no token and a wrong one get 401 (WebSocket too);
  Bearer and ?token= pass; a non-loopback bind without a token refuses to
  start before any traffic; HTTPS and WSS with -api_tls_cert/-api_tls_key.
- stop: a run stopped through the API ends with complete files
  (-summary_json, -trace_stat's last row) and the API's log names the
  request and its source.
- crowd: 200 idle connections, 20 /live clients and one that never reads:
  the run keeps making calls, /stats still answers, the mute client's frames
  are dropped and counted; past 128 /live clients, 503; a thousand
  WebSocket upgrades held open: past 512 connections, 503 too_many_clients.
"""

import asyncio
import http.client
import json
import os
import resource
import socket
import ssl
import subprocess
import sys
import time

import jsonschema
import websockets

import harness as h

MODE = sys.argv[1] if len(sys.argv) > 1 else "routes"


class Api:
    def __init__(self, port, token=None, tls=False):
        self.port = port
        self.token = token
        self.tls = tls
        self.doc = None

    def request(self, method, path, body=None, headers=None, token=True):
        if self.tls:
            ctx = ssl._create_unverified_context()
            c = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=10, context=ctx)
        else:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        hdrs = dict(headers or {})
        if token and self.token:
            hdrs["Authorization"] = "Bearer " + self.token
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        c.request(method, path, body=body, headers=hdrs)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), data

    def json(self, method, path, body=None, headers=None, token=True):
        status, hdrs, data = self.request(method, path, body, headers, token)
        try:
            doc = json.loads(data) if data else None
        except ValueError:
            raise AssertionError(f"{method} {path}: not JSON: {data[:200]!r}")
        return status, hdrs, doc

    def load_openapi(self):
        status, _, self.doc = self.json("GET", "/api/v1/openapi.json")
        h.check(status == 200 and self.doc["openapi"].startswith("3."), "no OpenAPI document")

    def validate(self, route, method, status, doc):
        """`doc` against the schema the OpenAPI document gives this response."""
        paths = self.doc["paths"]
        route = route.split("?")[0]
        if route not in paths:  # a templated path: /clients/{id}
            route = next(t for t in paths if "{" in t and
                         t.split("{")[0] == route[:len(t.split("{")[0])])
        op = paths[route][method.lower()]
        resp = op["responses"].get(str(status))
        h.check(resp is not None, f"{method} {route}: status {status} is not documented")
        if "$ref" in resp:
            resp = self.doc["components"]["responses"][resp["$ref"].split("/")[-1]]
        schema = resp["content"]["application/json"]["schema"]
        self.check_schema(schema, doc, f"{method} {route} {status}")

    def check_schema(self, schema, doc, what):
        full = dict(schema)
        full["components"] = self.doc["components"]
        try:
            jsonschema.Draft202012Validator(full).validate(doc)
        except jsonschema.ValidationError as e:
            raise AssertionError(f"{what}: does not match the OpenAPI document: {e.message} "
                                 f"at {list(e.absolute_path)}")

    def call(self, method, route, status, body=None, headers=None, token=True):
        """A request whose status must be `status` and whose body must match
        the document's schema for it."""
        got, hdrs, doc = self.json(method, "/api/v1" + route, body, headers, token)
        h.check(got == status, f"{method} {route}: {got}, not {status}: {doc}")
        self.validate(route, method, got, doc)
        return doc, hdrs

    async def live_frames(self, n, token=True):
        scheme = "wss" if self.tls else "ws"
        url = f"{scheme}://127.0.0.1:{self.port}/api/v1/live"
        if token and self.token:
            url += "?token=" + self.token
        ctx = ssl._create_unverified_context() if self.tls else None
        frames = []
        async with websockets.connect(url, ssl=ctx, open_timeout=10) as ws:
            for _ in range(n):
                frames.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
        return frames


def start_run(work, extra, rate=5, name="gossipper", scenario=("-sn", "uac"), sipp_extra=()):
    sipp_port = h.free_port()
    h.Proc("sipp", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(sipp_port), "-nostdin",
                    "-timeout", "60s", *sipp_extra], work)
    time.sleep(0.3)
    api_port = h.free_port(socket.SOCK_STREAM)
    argv = [h.GOSSIPPER, "sipp", f"127.0.0.1:{sipp_port}", *scenario, "-r", str(rate),
            "-i", "127.0.0.1", "-p", str(h.free_port()), "-nostdin", "-timeout", "50s",
            "-api_addr", f"127.0.0.1:{api_port}", "-api_live_interval", "200", *extra]
    p = h.Proc(name, argv, work)
    h.wait_listening(p, api_port)
    return p, api_port


BROKEN = """<?xml version="1.0"?>
<scenario name="broken">
  <send>
    <![CDATA[
      OPTIONS sip:[service]@[remote_ip] SIP/2.0
      Content-Length: 0
    ]]>
  </send>
  <recv response="200" next="nowhere"/>
</scenario>
"""

WITH_EXEC = """<?xml version="1.0"?>
<scenario name="exec">
  <send><![CDATA[
      OPTIONS sip:x@[remote_ip] SIP/2.0
      Content-Length: 0
  ]]></send>
  <recv response="200">
    <action><exec command="touch pwned"/></action>
  </recv>
</scenario>
"""


def check_errors(api):
    st, _, doc = api.json("GET", "/api/v1/nothing")
    h.check(st == 404 and doc["code"] == "not_found", f"unknown route: {st} {doc}")
    st, _, doc = api.json("GET", "/../etc/passwd")
    h.check(st == 404, f"a path trick: {st}")
    st, _, doc = api.json("GET", "/api/v1/%2e%2e/%2e%2e/etc/passwd")
    h.check(st == 404, f"an encoded path trick: {st}")
    st, hdrs, doc = api.json("DELETE", "/api/v1/stats")
    h.check(st == 405 and hdrs.get("Allow") == "GET" and doc["code"] == "method_not_allowed",
            f"DELETE /stats: {st} {hdrs} {doc}")
    for body, code in (("{nope", "bad_json"), ('{"rate": "fast"}', "bad_request"),
                       ('{"rates": 3}', "bad_request"), ("[1]", "bad_request"),
                       ('{"stop": "later"}', "bad_request"),
                       ('{"rate": 1, "rate_scale": 2}', "bad_request")):
        doc, _ = api.call("POST", "/control", 400, body, {"Content-Type": "application/json"})
        h.check(doc["code"] == code, f"POST /control {body}: {doc}")
    doc, _ = api.call("POST", "/control", 409, {"users": 3})
    h.check("users" in doc["error"], f"users in a rate run: {doc}")
    doc, _ = api.call("POST", "/control", 413, "x" * (70 * 1024))
    doc, _ = api.call("PUT", "/scenario", 415, "{}", {"Content-Type": "application/json"})
    st, _, doc = api.json("GET", "/api/v1/live")
    h.check(st == 426 and doc["code"] == "upgrade_required", f"GET /live: {st} {doc}")
    api.validate("/live", "GET", st, doc)


def routes(work):
    p, port = start_run(work, [])
    api = Api(port)
    api.load_openapi()
    doc, _ = api.call("GET", "/health", 200)
    h.check(doc["state"] == "running", f"health: {doc}")
    h.wait_for(lambda: api.call("GET", "/stats", 200)[0]["calls"]["successful"] >= 5,
             "5 successful calls")
    stats, _ = api.call("GET", "/stats", 200)
    h.check([m["label"] for m in stats["messages"]][:6] ==
            ["INVITE", "100", "180", "183", "200", "ACK"], f"message table: {stats['messages']}")
    h.check(stats["messages"][0]["sent"] >= 5 and stats["messages"][4]["received"] >= 5 and
            stats["messages"][4]["rtd"] == "E-RTD1",
            f"message counts: {stats['messages'][:4]}")
    h.check(stats["status"]["rate"] == 5 and stats["calls"]["created"] >= 5, f"stats: {stats}")
    st, hdrs, body = api.request("HEAD", "/api/v1/stats")
    h.check(st == 200 and body == b"" and int(hdrs["Content-Length"]) > 100, f"HEAD: {st} {hdrs}")
    hist, _ = api.call("GET", "/history", 200)
    h.check(len(hist["points"]) >= 3 and hist["interval_ms"] == 200, f"history: {hist}")
    h.check(any(pt["p50_ms"] is not None for pt in hist["points"]), "no percentile in history")
    tr, _ = api.call("GET", "/transports", 200)
    h.check(tr["transport"] == "UDP" and tr["local"]["port"] > 0, f"transports: {tr}")
    summ, _ = api.call("GET", "/summary", 200)
    h.check(summ["total_calls"] >= 5, f"summary so far: {summ.get('total_calls')}")
    # Downloads: the summary and its report page so far; no stat file here.
    st, hdrs, body = api.request("GET", "/api/v1/downloads/summary.json")
    h.check(st == 200 and json.loads(body)["schema_version"] == "gossipper_summary_v1" and
            'filename="uac_summary.json"' in hdrs.get("Content-Disposition", ""),
            f"summary download: {st} {hdrs}")
    st, hdrs, body = api.request("GET", "/api/v1/downloads/report.html")
    h.check(st == 200 and hdrs["Content-Type"].startswith("text/html") and b"<html" in body and
            b"Gossipper report" in body, f"report download: {st} {hdrs}")
    api.call("GET", "/downloads/stat.csv", 404)
    api.call("GET", "/downloads/passwd", 404)
    sc, _ = api.call("GET", "/scenario", 200)
    h.check(sc["name"] == "uac" and "<scenario" in sc["source"], f"scenario: {sc['name']}")
    # Rate: 5 -> 40 calls/s, seen at once in /stats, then in the call rate.
    doc, _ = api.call("POST", "/control", 200, {"rate": 40})
    h.check(doc["status"]["rate"] == 40, f"control answer: {doc}")
    h.check(api.call("GET", "/stats", 200)[0]["status"]["rate"] == 40, "rate not in /stats")
    h.wait_for(lambda: api.call("GET", "/stats", 200)[0]["calls"]["rate_cps"] > 20,
             "the call rate to follow the new rate")
    doc, _ = api.call("POST", "/control", 200, {"rate_scale": 0.5})
    h.check(doc["status"]["rate"] == 20, f"rate_scale: {doc}")
    doc, _ = api.call("POST", "/control", 200, {"paused": True})
    h.check(doc["status"]["paused"], f"pause: {doc}")
    doc, _ = api.call("POST", "/control", 200, {"paused": False, "call_limit": 50})
    h.check(not doc["status"]["paused"] and doc["status"]["call_limit"] == 50, f"resume: {doc}")
    # A broken upload: its line and column back, the run unchanged.
    before = api.call("GET", "/stats", 200)[0]["calls"]["created"]
    doc, _ = api.call("PUT", "/scenario", 422, BROKEN, {"Content-Type": "application/xml"})
    errs = [d for d in doc["diagnostics"] if d["severity"] == "error"]
    h.check(errs and errs[0]["line"] == 9 and errs[0]["column"] > 0 and "nowhere" in errs[0]["message"],
            f"diagnostics: {doc}")
    doc, _ = api.call("PUT", "/scenario", 422, WITH_EXEC, {"Content-Type": "application/xml"})
    h.check(any("exec" in d["message"] for d in doc["diagnostics"]), f"exec upload: {doc}")
    doc, _ = api.call("PUT", "/scenario", 200, BROKEN.replace(' next="nowhere"', ""),
                      {"Content-Type": "text/xml"})
    h.check(doc["ok"] is True, f"a good upload: {doc}")
    h.check(api.call("GET", "/scenario", 200)[0]["name"] == "uac", "the scenario changed")
    h.wait_for(lambda: api.call("GET", "/stats", 200)[0]["calls"]["created"] > before + 5,
             "calls to go on after the uploads")
    check_errors(api)
    frames = asyncio.run(api.live_frames(2))
    for f in frames:
        api.check_schema({"$ref": "#/components/schemas/LiveFrame"}, f, "a /live frame")
    h.check(frames[1]["point"]["t_ms"] > frames[0]["point"]["t_ms"] or
            frames[0]["point"]["t_ms"] == frames[1]["point"]["t_ms"], "frames out of order")
    api.call("POST", "/control", 200, {"stop": "now"})
    p.wait(20)


def auth(work):
    token = "s3cret-" + os.urandom(8).hex()
    p, port = start_run(work, ["-api_token", token])
    api = Api(port, token)
    api.load_openapi()
    for hdrs in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic " + token}):
        doc, _ = api.call("GET", "/stats", 401, headers=hdrs, token=False)
        h.check(doc["code"] == "unauthorized", f"no token: {doc}")
    st, _, _ = api.json("POST", "/api/v1/control", {"rate": 1}, token=False)
    h.check(st == 401, f"an unauthenticated control: {st}")
    st, _, doc = api.json("GET", "/api/v1/stats?token=" + token, token=False)
    h.check(st == 200 and doc["schema"] == "gossipper_stats_v1", f"?token=: {st}")
    api.call("GET", "/health", 200)
    try:
        asyncio.run(api.live_frames(1, token=False))
        raise AssertionError("/live without a token was accepted")
    except websockets.exceptions.InvalidStatusCode as e:
        h.check(e.status_code == 401, f"/live without a token: {e.status_code}")
    h.check(len(asyncio.run(api.live_frames(1))) == 1, "/live with ?token=")
    api.call("POST", "/control", 200, {"stop": "now"})
    p.wait(20)
    # Reachable from elsewhere and no token: refused before any traffic.
    refused = h.Proc("open", [h.GOSSIPPER, "sipp", "127.0.0.1:9", "-sn", "uac", "-m", "1",
                              "-i", "127.0.0.1", "-p", str(h.free_port()), "-nostdin",
                              "-api_addr", "0.0.0.0:" + str(h.free_port(socket.SOCK_STREAM))],
                     work)
    rc = refused.wait(20)
    h.check(rc != 0 and "-api_token" in refused.errors(), f"open bind: {rc} {refused.errors()}")
    h.check("Call" not in refused.text(), "the refused run made calls")
    # HTTPS and WSS.
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "api.key", "-out",
                    "api.crt", "-days", "2", "-subj", "/CN=127.0.0.1"],
                   cwd=work, check=True, capture_output=True)
    p, port = start_run(work, ["-api_token", token, "-api_tls_cert", os.path.join(work, "api.crt"),
                               "-api_tls_key", os.path.join(work, "api.key")], name="tls")
    api = Api(port, token, tls=True)
    api.load_openapi()
    api.call("GET", "/health", 200)
    h.check(len(asyncio.run(api.live_frames(1))) == 1, "no WSS frame")
    api.call("POST", "/control", 200, {"stop": "now"})
    p.wait(20)
    bad = h.Proc("badtls", [h.GOSSIPPER, "sipp", "127.0.0.1:9", "-sn", "uac", "-m", "1",
                            "-i", "127.0.0.1", "-p", str(h.free_port()), "-nostdin", "-api_addr",
                            "127.0.0.1:" + str(h.free_port(socket.SOCK_STREAM)),
                            "-api_tls_cert", "/nonexistent.crt", "-api_tls_key", "/nonexistent.key"],
                  work)
    rc = bad.wait(20)
    h.check(rc != 0 and "-api_tls_cert" in bad.errors(), f"missing TLS files: {rc} {bad.errors()}")


def stop(work):
    summary = os.path.join(work, "summary.json")
    p, port = start_run(work, ["-summary_json", summary, "-trace_stat", "-fd", "1"], rate=20)
    api = Api(port)
    api.load_openapi()
    h.wait_for(lambda: api.call("GET", "/stats", 200)[0]["calls"]["successful"] >= 20, "20 calls")
    st, hdrs, body = api.request("GET", "/api/v1/downloads/stat.csv")
    rows = body.decode().strip().splitlines()
    h.check(st == 200 and hdrs["Content-Type"].startswith("text/csv") and len(rows) >= 2 and
            rows[0].startswith("StartTime;"), f"stat.csv download: {st} {rows[:2]}")
    api.call("POST", "/control", 200, {"stop": "graceful"})
    rc = p.wait(30)
    h.check(rc in (0, 1), f"exit after a graceful stop: {rc}")
    with open(summary) as f:
        s = json.load(f)
    h.check(s["total_calls"] >= 20 and s["failed_calls"] == 0, f"summary: {s['total_calls']}")
    stat = [f for f in os.listdir(work) if f.endswith(".csv") and "_counts" not in f]
    h.check(stat, f"no stat file: {os.listdir(work)}")
    with open(os.path.join(work, stat[0])) as f:
        rows = f.read().strip().splitlines()
    h.check(len(rows) >= 3 and rows[-1].count(";") == rows[0].count(";"), "stat file incomplete")
    logs = [f for f in os.listdir(work) if f.endswith("_api.log")]
    h.check(logs, "no API log")
    with open(os.path.join(work, logs[0])) as f:
        log = f.read()
    h.check("127.0.0.1:" in log and "POST /api/v1/control 200" in log and "graceful" in log,
            f"API log: {log}")


def crowd(work):
    p, port = start_run(work, ["-api_live_interval", "50"], rate=20)
    api = Api(port)
    api.load_openapi()
    idle = []
    for _ in range(200):
        idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
    # A /live client that never reads, with a small receive window.
    mute = socket.socket()
    mute.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    mute.connect(("127.0.0.1", port))
    mute.sendall(b"GET /api/v1/live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                 b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 b"Sec-WebSocket-Version: 13\r\n\r\n")

    async def many():
        async def one():
            return await api.live_frames(3)
        return await asyncio.gather(*[one() for _ in range(20)])

    results = asyncio.run(many())
    h.check(all(len(r) == 3 for r in results), "a /live client got fewer frames")
    # The mute client's frames are dropped, counted, and nobody waits for it.
    h.wait_for(lambda: asyncio.run(api.live_frames(1))[0]["dropped_frames"] > 0,
             "frames for the client that never reads to be dropped", 20)

    async def too_many():
        async def one():
            try:
                async with websockets.connect(f"ws://127.0.0.1:{port}/api/v1/live",
                                              open_timeout=10) as ws:
                    await asyncio.sleep(1)
                    return 101
            except websockets.exceptions.InvalidStatusCode as e:
                return e.status_code
        return await asyncio.gather(*[one() for _ in range(140)])

    codes = asyncio.run(too_many())
    h.check(codes.count(503) >= 12 and set(codes) <= {101, 503},
            f"past 128 /live clients: {sorted(set(codes))}, {codes.count(503)} refused")
    # A thousand WebSocket upgrades at once, held open: past 512
    # connections each is answered 503 too_many_clients and closed.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    held = []
    for _ in range(1000):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /api/v1/live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                  b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  b"Sec-WebSocket-Version: 13\r\n\r\n")
        held.append(s)
    statuses = []
    for s in held:
        try:
            head = s.recv(4096).decode("latin-1")
        except OSError as e:
            head = f"error {e}"
        statuses.append(head.split(" ")[1] if head.startswith("HTTP/1.1 ") else head[:40])
    busy = statuses.count("503")
    h.check(busy >= 400 and set(statuses) <= {"101", "503"},
            f"a thousand upgrades: {sorted(set(statuses))}, {busy} answered 503")
    for s in held:
        s.close()
    first = api.call("GET", "/stats", 200)[0]["calls"]["created"]
    time.sleep(2)
    second = api.call("GET", "/stats", 200)[0]["calls"]["created"]
    h.check(second >= first + 20, f"the run stalled: {first} -> {second}")
    for s in idle:
        s.close()
    mute.close()
    api.call("POST", "/control", 200, {"stop": "now"})
    p.wait(20)


if __name__ == "__main__":
    h.main({"routes": routes, "auth": auth, "stop": stop, "crowd": crowd}[MODE])
