"""POST /api/v1/scenario/apply on a running test: our client against SIPp's
uas on loopback. The run starts on version 1 of a uac scenario (Subject
"Version 1", calls held 1.5 s); version 2 (Subject "Version 2", one more
element) is applied while about thirty calls are in flight. SIPp's own
message log then shows the calls in flight ending on version 1's code
(their BYEs say Version 1 after the first Version 2 INVITE), the new calls
playing version 2, no call failing on either side; /stats shows version 2's
message table and the counts going on. Uploads that do not fit are refused
with nothing changed: a broken scenario (422, its line), other response
times and a scenario with media actions (409).
"""

import json
import os
import re
import time

import harness as h
from api_test import Api, start_run

HERE = os.path.dirname(os.path.abspath(__file__))


def uac_text():
    with open(os.path.join(HERE, "..", "..", "scenarios", "uac.xml"), encoding="latin-1") as f:
        return f.read()


def version(n, extra_element=False, rtd=True):
    text = uac_text().replace("Subject: Performance Test", f"Subject: Version {n}")
    if extra_element:
        text = text.replace("  <pause/>", '  <pause/>\n  <pause milliseconds="5"/>', 1)
    if not rtd:
        text = text.replace(' rtd="true"', "")
    return text


def xml_call(api, body, status):
    return api.call("POST", "/scenario/apply", status, body.encode("latin-1"),
                    {"Content-Type": "application/xml"})[0]


def apply(work):
    summary = os.path.join(work, "summary.json")
    v1 = os.path.join(work, "v1.xml")
    with open(v1, "w", encoding="latin-1") as f:
        f.write(version(1))
    sipp_log = os.path.join(work, "sipp_messages.log")
    p, port = start_run(work, ["-d", "1500", "-summary_json", summary], rate=20,
                        scenario=("-sf", v1), sipp_extra=["-trace_msg", "-message_file", sipp_log])
    api = Api(port)
    api.load_openapi()
    h.wait_for(lambda: api.call("GET", "/stats", 200)[0]["calls"]["successful"] >= 10, "10 calls")
    first = api.call("GET", "/stats", 200)[0]
    h.check(first["scenario_version"] == 0, f"before any apply: {first['scenario_version']}")
    rows_v1 = len(first["messages"])

    # What does not fit changes nothing.
    doc = xml_call(api, version(2).replace("</send>", "</sendd>", 1), 422)
    h.check(doc["code"] == "scenario_invalid" and doc["diagnostics"][0]["line"] > 0,
            f"a broken scenario: {doc}")
    doc = xml_call(api, version(2, rtd=False), 409)
    h.check(doc["code"] == "conflict" and "response times" in doc["error"], f"other rtds: {doc}")
    with open(os.path.join(HERE, "..", "..", "scenarios", "uac_media.xml"), encoding="latin-1") as f:
        doc = xml_call(api, f.read(), 409)
    h.check("media" in doc["error"], f"a scenario with media actions: {doc}")
    doc, _ = api.call("GET", "/scenario", 200)
    h.check(doc["version"] == 0 and "Version 1" in doc["source"], "refusals changed the scenario")

    in_flight = api.call("GET", "/stats", 200)[0]["calls"]["open"]
    h.check(in_flight >= 10, f"only {in_flight} calls in flight at the apply")
    doc = xml_call(api, version(2, extra_element=True), 200)
    h.check(doc["ok"] and doc["version"] == 1, f"apply: {doc}")
    doc, _ = api.call("GET", "/scenario", 200)
    h.check(doc["version"] == 1 and "Version 2" in doc["source"], f"GET /scenario: {doc}")
    applied_at = api.call("GET", "/stats", 200)[0]["calls"]["successful"]

    def on_v2():
        s = api.call("GET", "/stats", 200)[0]
        return s if s["scenario_version"] == 1 and s["calls"]["successful"] >= applied_at + 40 \
            else None
    s = h.wait_for(on_v2, "40 calls more on version 2", 20)
    h.check(len(s["messages"]) == rows_v1 + 1, f"message table: {len(s['messages'])} rows")
    h.check(s["calls"]["failed"] == 0, f"failed calls: {s['calls']['failed']}")
    status, _, page = api.request("GET", "/metrics")
    page = page.decode()
    h.check(status == 200 and 'scenario_version="1"' in page and 'scenario_version="0"' not in page,
            "/metrics' message series are not version 1's")

    api.call("POST", "/control", 200, {"stop": "graceful"})
    rc = p.wait(30)
    h.check(rc == 0, f"exit code {rc}: {p.errors()}")
    with open(summary) as f:
        total = json.load(f)
    h.check(total["failed_calls"] == 0 and total["success_calls"] == total["total_calls"],
            f"summary: {total['total_calls']} calls, {total['failed_calls']} failed")

    # SIPp's log, in the order SIPp read the messages.
    with open(sipp_log, encoding="latin-1") as f:
        log = f.read()
    received = re.findall(r"^(INVITE|BYE) sip:.*?^Subject: Version (\d)", log, re.M | re.S)
    first_v2 = next(i for i, (m, v) in enumerate(received) if m == "INVITE" and v == "2")
    after = received[first_v2:]
    old_byes = sum(1 for m, v in after if m == "BYE" and v == "1")
    h.check(old_byes >= 5, f"only {old_byes} version 1 BYEs after the first version 2 INVITE")
    invites = [v for m, v in received if m == "INVITE"]
    h.check(invites[-20:] == ["2"] * 20, f"the last INVITEs: {invites[-20:]}")
    h.check(invites.count("1") + invites.count("2") == total["total_calls"],
            f"SIPp saw {len(invites)} INVITEs for {total['total_calls']} calls")


if __name__ == "__main__":
    h.main(apply)
