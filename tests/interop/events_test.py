"""Structured events (-log_file_jsonl, -log_otel_endpoint) of our uac against
SIPp's uas, received by OTLP collectors written here from OpenTelemetry's own
.proto files (npm's @opentelemetry/otlp-grpc-exporter-base, the directory in
OTLP_PROTOS; Python classes made with protoc at test time):

  http_protobuf  OTLP/HTTP, protobuf bodies: every call started and ended
                 (success), its SIP messages sent and received, the resource
                 (service.name from OTEL_SERVICE_NAME, service.version,
                 gossipper.role, a -log_attr), severities; the JSON lines hold
                 the same events; the summary counts them, none dropped
  http_json      the same with OTLP/JSON bodies (decoded by protobuf's own
                 JSON reader, so the field names and int64 strings are OTLP's)
  grpc           the same over gRPC (LogsService/Export)
  https_protobuf the same as http_protobuf over TLS (https://), the
                 collector's certificate trusted through
                 OTEL_EXPORTER_OTLP_CERTIFICATE, ours given with
                 OTEL_EXPORTER_OTLP_CLIENT_KEY/_CLIENT_CERTIFICATE and
                 required by the collector (certificates made here with
                 openssl req)
  grpc_tls       the same as grpc over TLS (grpc::SslCredentials), the
                 certificate trusted through OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE
  https_untrusted  a TLS collector whose certificate nobody trusts: every
                 call made, the failures counted, said once, no retry
  grpc_retry_info  RESOURCE_EXHAUSTED with a google.rpc.RetryInfo of 1 s,
                 then OK: nothing lost, the try again no sooner than 1 s
  grpc_exhausted RESOURCE_EXHAUSTED without RetryInfo: not retried, dropped,
                 counted, said once
  retry          the collector answers 503 with Retry-After twice, then 200:
                 nothing is lost
  silent         the collector accepts and never answers: the run ends well,
                 the JSON lines are whole, the drops are counted, one line said
  bad_request    400: not retried, counted, said once
  garbage        an answer that is not HTTP: counted, said once
  unreachable    nobody listens: counted, said once
  media          uac_pcap against SIPp's uas with -rtp_echo: each call's
                 media.started and media.ended with its QoS (packets, loss,
                 jitter, MOS), in the JSON lines and over OTLP/JSON
  sigterm        SIGTERM under load: the JSON lines are whole and as many as
                 the summary counts
  bad_settings   a bad -log_level, OTEL_EXPORTER_OTLP_PROTOCOL, -log_attr,
                 OTEL_EXPORTER_OTLP_CERTIFICATE (no such file, or not a
                 certificate), _CLIENT_KEY alone or _INSECURE: a message naming
                 it, a non-zero exit, no traffic

usage: events_test.py MODE"""

import collections
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
import time
from concurrent import futures
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import harness as h

CALLS = 20
PROTOS = os.environ.get("OTLP_PROTOS", "")


def load_classes(work):
    """The OTLP logs classes, generated from the npm package's protos."""
    out = os.path.join(work, "otlp_py")
    os.makedirs(out, exist_ok=True)
    files = [f"opentelemetry/proto/{p}.proto" for p in
             ("common/v1/common", "resource/v1/resource", "logs/v1/logs",
              "collector/logs/v1/logs_service")]
    subprocess.run(["protoc", f"--python_out={out}", "-I", PROTOS] + files, check=True)
    sys.path.insert(0, out)
    from opentelemetry.proto.collector.logs.v1 import logs_service_pb2
    return logs_service_pb2


def rpc_status_class():
    """google.rpc.Status and google.rpc.RetryInfo, which no Debian package
    ships as .proto files: described here by their field numbers (googleapis'
    google/rpc/status.proto and error_details.proto), over protobuf's own Any
    and Duration."""
    from google.protobuf import (any_pb2, descriptor_pb2, descriptor_pool,  # noqa: F401
                                 duration_pb2, message_factory)
    pool = descriptor_pool.Default()
    try:
        pool.FindMessageTypeByName("google.rpc.Status")
    except KeyError:
        f = descriptor_pb2.FileDescriptorProto(
            name="events_test/google_rpc.proto", package="google.rpc", syntax="proto3",
            dependency=["google/protobuf/any.proto", "google/protobuf/duration.proto"])
        t = descriptor_pb2.FieldDescriptorProto
        status = f.message_type.add(name="Status")
        status.field.add(name="code", number=1, type=t.TYPE_INT32, label=t.LABEL_OPTIONAL)
        status.field.add(name="message", number=2, type=t.TYPE_STRING, label=t.LABEL_OPTIONAL)
        status.field.add(name="details", number=3, type=t.TYPE_MESSAGE, label=t.LABEL_REPEATED,
                         type_name=".google.protobuf.Any")
        info = f.message_type.add(name="RetryInfo")
        info.field.add(name="retry_delay", number=1, type=t.TYPE_MESSAGE,
                       label=t.LABEL_OPTIONAL, type_name=".google.protobuf.Duration")
        pool.AddSerializedFile(f.SerializeToString())
    factory = message_factory.MessageFactory(pool)
    return [factory.GetPrototype(pool.FindMessageTypeByName(f"google.rpc.{name}"))
            for name in ("Status", "RetryInfo")]


def status_details(retry_delay_s):
    """A serialized google.rpc.Status for RESOURCE_EXHAUSTED, with a
    RetryInfo when a delay is given."""
    status_class, retry_info_class = rpc_status_class()
    status = status_class(code=8, message="slow down")
    if retry_delay_s is not None:
        info = retry_info_class()
        info.retry_delay.seconds = retry_delay_s
        status.details.add().Pack(info)
    return status.SerializeToString()


def make_certificate(work, name):
    """A self-signed ECDSA P-256 certificate for 127.0.0.1 (its own CA) and
    its key."""
    cert, key = os.path.join(work, f"{name}.crt"), os.path.join(work, f"{name}.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-subj", f"/CN={name}", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def server_tls(cert, key, client_ca=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    if client_ca:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(client_ca)
    return ctx


class Collector:
    """Records every request it decodes; `answers` says what the next
    requests get ("ok", "503", "silent", "400", "garbage"), the last one
    repeated."""

    def __init__(self, pb, answers, json_bodies=False):
        self.pb = pb
        self.answers = list(answers)
        self.json_bodies = json_bodies
        self.requests = []  # decoded ExportLogsServiceRequest
        self.tries = 0
        self.arrivals = []  # time.monotonic() of each request
        self.lock = threading.Lock()

    def next_answer(self):
        with self.lock:
            self.tries += 1
            self.arrivals.append(time.monotonic())
            return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]

    def decode(self, body):
        from google.protobuf import json_format
        msg = self.pb.ExportLogsServiceRequest()
        if self.json_bodies:
            json_format.Parse(body.decode(), msg)
        else:
            msg.ParseFromString(body)
        return msg

    def keep(self, msg):
        with self.lock:
            self.requests.append(msg)

    def serve_http(self, port, tls=None):
        collector = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                answer = collector.next_answer()
                if answer == "silent":
                    time.sleep(3600)
                    return
                if answer == "garbage":
                    self.wfile.write(b"\x00\x01 this is not HTTP\r\n\r\n")
                    self.close_connection = True
                    return
                if answer == "ok":
                    h.check(self.path == "/v1/logs", f"POST to {self.path}")
                    want = "application/json" if collector.json_bodies else \
                        "application/x-protobuf"
                    h.check(self.headers["Content-Type"] == want, self.headers["Content-Type"])
                    collector.keep(collector.decode(body))
                    code, extra = 200, {}
                elif answer == "503":
                    code, extra = 503, {"Retry-After": "1"}
                else:
                    code, extra = 400, {}
                reply = b"" if code != 200 else \
                    collector.pb.ExportLogsServiceResponse().SerializeToString()
                self.send_response(code)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        server.daemon_threads = True
        if tls:
            # Handshakes in accept(): one that fails raises an OSError there,
            # which the server skips.
            server.socket = tls.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def serve_grpc(self, port, tls=None):
        """`tls`: (certificate, key) files; answers "ok", "exhausted" (no
        RetryInfo) or "exhausted_1s" (RetryInfo of 1 s)."""
        import grpc
        collector = self

        def export(request, context):
            answer = collector.next_answer()
            if answer.startswith("exhausted"):
                delay = 1 if answer == "exhausted_1s" else None
                context.set_trailing_metadata(
                    (("grpc-status-details-bin", status_details(delay)),))
                context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "slow down")
            collector.keep(request)
            return collector.pb.ExportLogsServiceResponse()

        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        handler = grpc.method_handlers_generic_handler(
            "opentelemetry.proto.collector.logs.v1.LogsService",
            {"Export": grpc.unary_unary_rpc_method_handler(
                export, request_deserializer=self.pb.ExportLogsServiceRequest.FromString,
                response_serializer=self.pb.ExportLogsServiceResponse.SerializeToString)})
        server.add_generic_rpc_handlers((handler,))
        if tls:
            with open(tls[0], "rb") as c, open(tls[1], "rb") as k:
                creds = grpc.ssl_server_credentials([(k.read(), c.read())])
            server.add_secure_port(f"127.0.0.1:{port}", creds)
        else:
            server.add_insecure_port(f"127.0.0.1:{port}")
        server.start()
        return server

    def records(self):
        """(resource attributes, record) of every record received."""
        out = []
        for req in self.requests:
            for rl in req.resource_logs:
                resource = {kv.key: kv.value.string_value for kv in rl.resource.attributes}
                for sl in rl.scope_logs:
                    for r in sl.log_records:
                        out.append((resource, r))
        return out


def attrs(record):
    out = {}
    for kv in record.attributes:
        v = kv.value
        kind = v.WhichOneof("value")
        out[kv.key] = v.int_value if kind == "int_value" else \
            v.double_value if kind == "double_value" else v.string_value
    return out


def run_uac(work, extra, env_extra, timeout=90):
    uas_port = h.free_port()
    # In the foreground (-bg would fork a SIPp that outlives the test).
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(uas_port),
                         "-nostdin"], work)
    time.sleep(0.5)
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("OTEL_"):
            del env[k]
    env.update(env_extra)
    argv = [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{uas_port}", "-i", "127.0.0.1",
            "-p", str(h.free_port()), "-nostdin", "-m", str(CALLS), "-r", "20",
            "-summary_json", os.path.join(work, "summary.json"),
            "-log_file_jsonl", os.path.join(work, "events.jsonl")] + extra
    out = open(os.path.join(work, "uac.out"), "w+")
    err = open(os.path.join(work, "uac.err"), "w+")
    p = subprocess.run(argv, cwd=work, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                       timeout=timeout)
    uas.p.kill()
    uas.p.wait()
    err.seek(0)
    summary = None
    path = os.path.join(work, "summary.json")
    if os.path.exists(path):
        with open(path) as f:
            summary = json.load(f)
    return p.returncode, err.read(), summary


def jsonl(work):
    with open(os.path.join(work, "events.jsonl")) as f:
        text = f.read()
    h.check(text.endswith("\n"), "the JSON lines end mid-line")
    return [json.loads(line) for line in text.splitlines()]


def check_calls(events):
    """Every call started and ended well; its messages went both ways."""
    by_call = collections.defaultdict(collections.Counter)
    for e in events:
        if "sip.call_id" in e:
            by_call[e["sip.call_id"]][e["event.name"]] += 1
    h.check(len(by_call) == CALLS, f"{len(by_call)} calls in the events, not {CALLS}")
    for call, kinds in by_call.items():
        h.check(kinds["call.started"] == 1 and kinds["call.ended"] == 1, f"{call}: {kinds}")
        sent = kinds["sip.sent"] + kinds["sip.retransmitted"]
        h.check(kinds["sip.sent"] >= 3 and kinds["sip.received"] >= 3,
                f"{call}: {kinds} (INVITE, ACK, BYE out; 180, 200, 200 in)")
        h.check(sent <= 6, f"{call}: {kinds}")
    ended = [e for e in events if e["event.name"] == "call.ended"]
    h.check(all(e["gossipper.call.result"] == "success" for e in ended), str(ended[:3]))


def otlp_as_dicts(collector):
    out = []
    for resource, r in collector.records():
        d = attrs(r)
        d["severity_number"] = r.severity_number
        d["severity"] = r.severity_text
        d["time_unix_nano"] = r.time_unix_nano
        d["body"] = r.body.string_value
        d["resource"] = resource
        out.append(d)
    return out


def check_delivered(work, collector, summary):
    lines = jsonl(work)
    records = otlp_as_dicts(collector)
    check_calls(lines)
    check_calls(records)
    key = lambda e: (e["event.name"], e.get("sip.call_id", ""), e["time_unix_nano"], e["body"])
    h.check(sorted(map(key, lines)) == sorted(map(key, records)),
            f"{len(lines)} JSON lines, {len(records)} OTLP records: not the same events")
    for r in records:
        res = r["resource"]
        h.check(res.get("service.name") == "events-test" and res.get("service.version") and
                res.get("gossipper.role") == "uac" and res.get("test.run") == "abc" and
                res.get("deployment.environment") == "lab", f"resource {res}")
        want = {"sip.sent": (5, "DEBUG"), "sip.received": (5, "DEBUG"),
                "call.started": (9, "INFO"), "call.ended": (9, "INFO"),
                "engine.started": (9, "INFO")}.get(r["event.name"])
        h.check(want is None or (r["severity_number"], r["severity"]) == want,
                f"{r['event.name']}: {r['severity_number']} {r['severity']}")
    names = {r["event.name"] for r in records}
    h.check({"engine.started", "engine.stopped"} <= names, str(names))
    ev = summary["events"]
    h.check(ev["emitted"] == len(lines) and ev["dropped"] == 0 and
            ev["sinks"]["jsonl"]["sent"] == len(lines) and
            ev["sinks"]["otlp"]["sent"] == len(records), f"summary {ev}")


def common_env():
    return {"OTEL_SERVICE_NAME": "events-test",
            "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=lab,service.name=overridden"}


def collector_tls(work, protocol, env):
    """A certificate for the collector, trusted through the environment; for
    HTTP, one for us too, which the collector requires."""
    cert, key = make_certificate(work, "collector")
    if protocol == "grpc":
        env["OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE"] = cert
        return cert, key
    client_cert, client_key = make_certificate(work, "gossipper")
    env.update({"OTEL_EXPORTER_OTLP_CERTIFICATE": cert,
                "OTEL_EXPORTER_OTLP_CLIENT_KEY": client_key,
                "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": client_cert})
    return server_tls(cert, key, client_ca=client_cert)


def delivered(work, protocol, json_bodies=False, tls=False, answers=("ok",)):
    """Every event reaches the collector; the collector and the summary are
    returned for further checks."""
    pb = load_classes(work)
    port = h.free_port()
    c = Collector(pb, answers, json_bodies)
    env = common_env()
    env["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol
    served_tls = collector_tls(work, protocol, env) if tls else None
    scheme = "https" if tls else "http"
    if protocol == "grpc":
        server = c.serve_grpc(port, served_tls)
        endpoint = f"{scheme}://127.0.0.1:{port}"
    else:
        server = c.serve_http(port, served_tls)
        endpoint = f"{scheme}://127.0.0.1:{port}/v1/logs"
    rc, err, summary = run_uac(work, ["-log_otel_endpoint", endpoint, "-log_level", "debug",
                                      "-log_attr", "test.run=abc"], env)
    h.check(rc == 0, f"exit {rc}: {err}")
    check_delivered(work, c, summary)
    if protocol == "grpc":
        server.stop(0)
    return c, err, summary


def grpc_retry_info(work):
    c, err, summary = delivered(work, "grpc", answers=["exhausted_1s", "ok"])
    h.check(c.tries >= 2 and summary["events"]["sinks"]["otlp"]["failures"] == 1,
            f"{c.tries} tries, {summary['events']}")
    # The only timing asserted: the server's delay was waited, at least.
    waited = c.arrivals[1] - c.arrivals[0]
    h.check(waited >= 1.0, f"tried again after {waited:.3f} s, before RetryInfo's 1 s")
    h.check("OTLP" not in err, f"a failure said though none was final: {err}")


def retry(work):
    pb = load_classes(work)
    port = h.free_port()
    c = Collector(pb, ["503", "503", "ok"])
    c.serve_http(port)
    env = common_env()
    # The general endpoint: /v1/logs added.
    env["OTEL_EXPORTER_OTLP_ENDPOINT"] = f"http://127.0.0.1:{port}"
    rc, err, summary = run_uac(work, ["-log_level", "debug", "-log_attr", "test.run=abc"], env)
    h.check(rc == 0, f"exit {rc}: {err}")
    check_delivered(work, c, summary)
    h.check(c.tries >= 3 and summary["events"]["sinks"]["otlp"]["failures"] >= 2,
            f"{c.tries} tries, {summary['events']}")
    h.check("OTLP" not in err, f"a failure said though none was final: {err}")


def failing(work, answers, protocol="http/protobuf", untrusted=False):
    """Nothing reaches the collector (`answers` None: nobody listens;
    `untrusted`: over TLS, with a certificate nobody trusts), yet every call
    is made and every event is in the JSON lines; the drops are counted and
    said once."""
    pb = load_classes(work)
    port = h.free_port()
    scheme = "https" if untrusted else "http"
    endpoint = f"{scheme}://127.0.0.1:{port}" + ("" if protocol == "grpc" else "/v1/logs")
    c = server = None
    if answers is not None:
        c = Collector(pb, answers)
        served_tls = server_tls(*make_certificate(work, "collector")) if untrusted else None
        # Kept until the run ends: a gRPC server that is collected stops.
        server = c.serve_grpc(port) if protocol == "grpc" else c.serve_http(port, served_tls)
    env = {"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": endpoint, "OTEL_EXPORTER_OTLP_TIMEOUT": "1000",
           "OTEL_EXPORTER_OTLP_PROTOCOL": protocol}
    rc, err, summary = run_uac(work, ["-log_level", "debug"], env)
    if server is not None and protocol == "grpc":
        server.stop(0)
    h.check(rc == 0, f"exit {rc}: {err}")
    h.check(summary["success_calls"] == CALLS, f"{summary['success_calls']} calls")
    lines = jsonl(work)
    check_calls(lines)
    ev = summary["events"]
    otlp = ev["sinks"]["otlp"]
    h.check(otlp["sent"] == 0 and otlp["dropped"] == ev["emitted"] and otlp["failures"] >= 1 and
            ev["sinks"]["jsonl"]["sent"] == ev["emitted"], f"summary {ev}")
    said = [line for line in err.splitlines() if "OTLP export" in line]
    h.check(len(said) == 1, f"said {len(said)} times: {err}")
    if answers in (["400"], ["exhausted"]):
        h.check(c.tries == otlp["failures"], f"{c.tries} tries, {otlp}: {answers} was retried")
    if answers == ["exhausted"]:
        h.check("RetryInfo" in said[0], said[0])
    if untrusted:
        h.check("certificate" in said[0] and not c.requests, said[0])


def bad_settings(work):
    cases = [(["-log_level", "loud"], {}, "-log_level"),
             ([], {"OTEL_EXPORTER_OTLP_PROTOCOL": "pigeon",
                   "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1"},
              "OTEL_EXPORTER_OTLP_PROTOCOL"),
             ([], {"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "ftp://x"},
              "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"),
             ([], {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1",
                   "OTEL_EXPORTER_OTLP_HEADERS": "novalue"}, "OTEL_EXPORTER_OTLP_HEADERS"),
             ([], {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1",
                   "OTEL_EXPORTER_OTLP_TIMEOUT": "soon"}, "OTEL_EXPORTER_OTLP_TIMEOUT"),
             (["-log_attr", "=x"], {}, "-log_attr"),
             ([], {"OTEL_EXPORTER_OTLP_ENDPOINT": "https://127.0.0.1:1",
                   "OTEL_EXPORTER_OTLP_CERTIFICATE": os.path.join(work, "no-such-ca.pem")},
              "no-such-ca.pem"),
             ([], {"OTEL_EXPORTER_OTLP_ENDPOINT": "https://127.0.0.1:1",
                   "OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE": "/etc/hostname"},
              "OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE"),
             ([], {"OTEL_EXPORTER_OTLP_ENDPOINT": "https://127.0.0.1:1",
                   "OTEL_EXPORTER_OTLP_CLIENT_KEY": "/etc/hostname"},
              "OTEL_EXPORTER_OTLP_CLIENT_KEY"),
             ([], {"OTEL_EXPORTER_OTLP_ENDPOINT": "127.0.0.1:1",
                   "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
                   "OTEL_EXPORTER_OTLP_INSECURE": "maybe"}, "OTEL_EXPORTER_OTLP_INSECURE")]
    for extra, env, name in cases:
        rc, err, summary = run_uac(work, extra, env, timeout=30)
        h.check(rc != 0 and name in err, f"{extra} {env}: exit {rc}, {err!r}")
        h.check(summary is None, f"{extra} {env}: the run went on")


def media(work):
    pb = load_classes(work)
    port = h.free_port()
    c = Collector(pb, ["ok"], json_bodies=True)
    c.serve_http(port)
    uas_port = h.free_port()
    uas = h.Proc("uas", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-mi", "127.0.0.1", "-p",
                         str(uas_port), "-nostdin", "-rtp_echo"], work)
    time.sleep(0.5)
    summary = os.path.join(work, "summary.json")
    u = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac_pcap", f"127.0.0.1:{uas_port}", "-i",
                       "127.0.0.1", "-mi", "127.0.0.1", "-p", str(h.free_port()), "-nostdin",
                       "-m", "2", "-r", "2", "-summary_json", summary,
                       "-log_file_jsonl", os.path.join(work, "events.jsonl"),
                       "-log_otel_endpoint", f"http://127.0.0.1:{port}/v1/logs",
                       "-log_otel_protocol", "http/json"], work)
    h.check(u.wait(60) == 0, "uac failed")
    uas.p.kill()
    for events in (jsonl(work), otlp_as_dicts(c)):
        started = collections.Counter(e["sip.call_id"] for e in events
                                      if e["event.name"] == "media.started")
        ended = [e for e in events if e["event.name"] == "media.ended"]
        h.check(len(started) == 2 and all(n >= 1 for n in started.values()), str(started))
        h.check(len(ended) == 2, f"{len(ended)} media.ended")
        for e in ended:
            h.check(e["body"] == "audio" and e["rtp.packets.expected"] > 100 and
                    0 <= e["rtp.packets.lost"] <= e["rtp.packets.expected"] and
                    e["rtp.jitter.max_ms"] >= 0 and 1 <= e["gossipper.media.mos"] <= 5, str(e))


def sigterm(work):
    uas_port = h.free_port()
    h.Proc("uas", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(uas_port), "-nostdin"],
           work)
    time.sleep(0.5)
    summary = os.path.join(work, "summary.json")
    c = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{uas_port}", "-i",
                       "127.0.0.1", "-p", str(h.free_port()), "-nostdin", "-r", "300",
                       "-summary_json", summary, "-log_level", "debug",
                       "-log_file_jsonl", os.path.join(work, "events.jsonl")], work)
    time.sleep(2)
    c.signal(signal.SIGTERM)
    c.wait(30)
    lines = jsonl(work)  # every line parses, the last one ends
    with open(summary) as f:
        ev = json.load(f)["events"]
    h.check(len(lines) > 100 and ev["emitted"] == len(lines) and ev["dropped"] == 0,
            f"{len(lines)} lines, summary {ev}")
    # In order per thread, not across threads: engine.stopped (the main
    # thread's) is among the last batch, not always last.
    h.check(any(e["event.name"] == "engine.stopped" for e in lines[-600:]), "no engine.stopped")


def test(work):
    mode = sys.argv[1]
    if mode == "http_protobuf":
        delivered(work, "http/protobuf")
    elif mode == "http_json":
        delivered(work, "http/json", json_bodies=True)
    elif mode == "grpc":
        delivered(work, "grpc")
    elif mode == "https_protobuf":
        delivered(work, "http/protobuf", tls=True)
    elif mode == "grpc_tls":
        delivered(work, "grpc", tls=True)
    elif mode == "https_untrusted":
        failing(work, ["ok"], untrusted=True)
    elif mode == "grpc_retry_info":
        grpc_retry_info(work)
    elif mode == "grpc_exhausted":
        failing(work, ["exhausted"], protocol="grpc")
    elif mode == "retry":
        retry(work)
    elif mode == "silent":
        failing(work, ["silent"])
    elif mode == "bad_request":
        failing(work, ["400"])
    elif mode == "garbage":
        failing(work, ["garbage"])
    elif mode == "unreachable":
        failing(work, None)
    elif mode == "media":
        media(work)
    elif mode == "sigterm":
        sigterm(work)
    elif mode == "bad_settings":
        bad_settings(work)
    else:
        raise SystemExit(__doc__)
    print("events_test", mode, "passed")


if __name__ == "__main__":
    h.main(test)
