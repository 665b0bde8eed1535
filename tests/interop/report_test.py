"""gossipper report, opened in a real browser: our built-in uac against our
built-in uas (50 calls at 25 calls/s) writes -summary_json; `gossipper report`
turns it into a page that headless Chromium loads from a file. In the DOM
after the page's script has run (the charts are uPlot's canvases, the code
the web panel uses): at least the rate chart, response time 1 and the call
length drawn, a line chart with points in both its series and a bar chart
with bars. The page loads nothing (no src or href, no URL but SVG's
namespace). A scenario name
and an rtd name holding "</script><b ...>" stay text. A file that is not a
gossipper_summary_v1 exits 1, names itself on stderr and writes no page.

Mode "media": our built-in uac_media against our built-in uas_media (4
calls at 2 calls/s, a 3 s tone and DTMF each, echoed): the summary's
media_over_time has rate_over_time's instants and period, counts that only
grow and a MOS for the streams that ended; its page draws the media charts
(packets, lost, MOS) with points in each series, and a copy of the summary whose
media_over_time is mangled still gives a page whose script finishes."""

import html.parser
import json
import os
import re
import subprocess
import sys
import time

import harness as h

CHROMIUM = os.environ.get("CHROMIUM", "chromium")
CALLS = 50


class Elements(html.parser.HTMLParser):
    """Every element of a document, as (tag, attributes)."""

    def __init__(self, text):
        super().__init__()
        self.found = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag, cls=None):
        return [a for t, a in self.found
                if t == tag and (cls is None or cls in (a.get("class") or "").split())]


def report(work, summary, page, name):
    p = h.Proc(name, [h.GOSSIPPER, "report", summary, "-o", page], work)
    p.wait(30)
    return p


def browse(work, page, name):
    """The DOM once the page has loaded, as Chromium serializes it."""
    with open(os.path.join(work, name + ".err"), "w") as err:
        try:
            r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                                "--dump-dom", "file://" + page],
                               cwd=work, stdout=subprocess.PIPE, stderr=err, text=True, timeout=90,
                               env=dict(os.environ, HOME=work))
        except subprocess.TimeoutExpired:
            raise AssertionError(f"chromium did not load {page} within 90 s")
    h.check(r.returncode == 0 and "</html>" in r.stdout, f"chromium exit code {r.returncode}")
    return Elements(r.stdout)


def charts_drawn(dom):
    body = dom.all("body")
    drawn = body[0].get("data-charts-drawn", "") if body else ""
    h.check(drawn.isdigit(), f"the page's script did not finish: data-charts-drawn {drawn!r}")
    charts = [a for a in dom.all("div", "chart") if int(a.get("data-points") or 0) > 0]
    h.check(len(dom.all("canvas")) >= len(charts), "a chart without its canvas")
    return int(drawn), {a.get("data-chart") for a in charts}


def series_drawn(dom):
    """The style names of the series with points, over every line chart."""
    return {style for a in dom.all("div", "chart") for style in (a.get("data-series") or "").split()}


def test(work):
    if sys.argv[1:] == ["media"]:
        media(work)
        return
    port = h.free_port()
    uas = h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", "uas", "-p", str(port), "-i", "127.0.0.1",
                         "-nostdin", "-m", str(CALLS), "-cp", str(h.free_port())], work)
    time.sleep(0.7)
    summary = os.path.join(work, "summary.json")
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac", f"127.0.0.1:{port}", "-i", "127.0.0.1",
                         "-p", str(h.free_port()), "-nostdin", "-m", str(CALLS), "-r", "25",
                         "-summary_json", summary, "-cp", str(h.free_port())], work)
    h.check(uac.wait(60) == 0 and uas.wait(30) == 0, f"uac exit {uac.rc}, uas exit {uas.rc}")

    page = os.path.join(work, "report.html")
    r = report(work, summary, page, "report")
    h.check(r.rc == 0 and os.path.isfile(page), f"gossipper report exit code {r.rc}")
    with open(page) as f:
        source = f.read()
    h.check(not re.search(r"\b(?:src|href)\s*=", source, re.I), "the page refers to another file")
    urls = set(re.findall(r"[a-z]+://[^\s\"'<>]*", source, re.I))
    h.check(urls <= {"http://www.w3.org/2000/svg"}, f"the page names URLs: {urls}")

    dom = browse(work, page, "chromium")
    drawn, charts = charts_drawn(dom)
    h.check(drawn >= 3 and {"rate", "rtd:1", "call_length"} <= charts,
            f"{drawn} charts drawn: {sorted(charts)}")
    rate = [a for a in dom.all("div", "chart") if a.get("data-chart") == "rate"]
    h.check(rate and set(rate[0].get("data-series", "").split()) == {"calls", "failed"},
            f"the rate chart's series with points: {rate and rate[0].get('data-series')}")
    bars = [a for a in dom.all("div", "chart") if a.get("data-chart") == "call_length"]
    h.check(bars and int(bars[0].get("data-points") or 0) > 0, "no bars in the call length's chart")

    # User text stays text, in the tables as in the charts' data.
    with open(summary) as f:
        s = json.load(f)
    hostile_name = "</script><b id=injected>x</b><!--<script>"
    s["scenario"] = hostile_name
    s["rtd"][hostile_name] = s["rtd"]["1"]
    hostile = os.path.join(work, "hostile.json")
    with open(hostile, "w") as f:
        json.dump(s, f)
    hostile_page = os.path.join(work, "hostile.html")
    r = report(work, hostile, hostile_page, "report_hostile")
    h.check(r.rc == 0, f"gossipper report on a hostile name: exit code {r.rc}")
    dom = browse(work, hostile_page, "chromium_hostile")
    drawn, charts = charts_drawn(dom)
    h.check(not dom.all("b"), "a <b> of the scenario name became an element")
    h.check("rtd:" + hostile_name in charts and drawn >= 4, f"{drawn} charts drawn: {sorted(charts)}")

    for name, content in (("empty", ""), ("array", "[]"),
                          ("other_schema", '{"schema_version": "gossipper_summary_v0"}')):
        broken = os.path.join(work, name + ".json")
        with open(broken, "w") as f:
            f.write(content)
        out = os.path.join(work, name + ".html")
        r = report(work, broken, out, "report_" + name)
        h.check(r.rc == 1, f"gossipper report on {name}.json: exit code {r.rc}")
        h.check(name + ".json" in r.errors(), f"no message naming {name}.json: {r.errors()!r}")
        h.check(not os.path.exists(out), f"gossipper report on {name}.json wrote a page")


def media(work):
    port, low_uas, low_uac = h.free_port(), h.free_port(), h.free_port()
    uas = h.Proc("uas", [h.GOSSIPPER, "sipp", "-sn", "uas_media", "-p", str(port), "-i",
                         "127.0.0.1", "-nostdin", "-min_rtp_port", str(low_uas), "-max_rtp_port",
                         str(low_uas + 20), "-m", "4", "-cp", str(h.free_port())], work)
    time.sleep(0.7)
    summary = os.path.join(work, "summary.json")
    uac = h.Proc("uac", [h.GOSSIPPER, "sipp", "-sn", "uac_media", f"127.0.0.1:{port}", "-i",
                         "127.0.0.1", "-p", str(h.free_port()), "-min_rtp_port", str(low_uac),
                         "-max_rtp_port", str(low_uac + 20), "-nostdin", "-m", "4", "-r", "2",
                         "-summary_json", summary, "-cp", str(h.free_port())], work)
    h.check(uac.wait(60) == 0 and uas.wait(30) == 0, f"uac exit {uac.rc}, uas exit {uas.rc}")
    with open(summary) as f:
        s = json.load(f)
    rate, over = s["rate_over_time"], s["media_over_time"]
    h.check(over["period_ms"] == rate["period_ms"]
            and [p["t_ms"] for p in over["points"]] == [p["t_ms"] for p in rate["points"]],
            "media_over_time is not sampled at rate_over_time's instants")
    points = over["points"] + [over["end"]]
    for name in ("rtp_packets_sent", "rtp_packets_received", "streams_measured", "packets_lost"):
        values = [p[name] for p in points]
        h.check(values == sorted(values), f"{name} over time does not only grow: {values}")
    end = over["end"]
    h.check(end["rtp_packets_sent"] == s["media"]["rtp_packets_sent"] > 0
            and end["streams_measured"] == s["media"]["streams_measured"] > 0,
            f"the end is not the media's totals: {end} {s['media']}")
    mos = [p["min_mos"] for p in points if p["min_mos"] is not None]
    h.check(mos and min(mos) == s["media"]["mos"]["min"], f"MOS over time {mos}, {s['media']}")

    page = os.path.join(work, "report.html")
    r = report(work, summary, page, "report")
    h.check(r.rc == 0, f"gossipper report exit code {r.rc}")
    dom = browse(work, page, "chromium")
    drawn, charts = charts_drawn(dom)
    want = {"rate", "media_packets", "media_lost", "media_mos"}
    h.check(want <= charts, f"{drawn} charts drawn: {sorted(charts)}")
    styles = series_drawn(dom)
    for style in ("sent", "received", "lost", "mos"):
        h.check(style in styles, f"no {style} line with points: {sorted(styles)}")

    s["media_over_time"]["points"] = [{"t_ms": "1"}, 5, None, {"t_ms": 10, "min_mos": "x"}]
    s["media_over_time"]["end"] = []
    mangled = os.path.join(work, "mangled.json")
    with open(mangled, "w") as f:
        json.dump(s, f)
    mangled_page = os.path.join(work, "mangled.html")
    r = report(work, mangled, mangled_page, "report_mangled")
    h.check(r.rc == 0, f"gossipper report on a mangled media_over_time: exit code {r.rc}")
    drawn, charts = charts_drawn(browse(work, mangled_page, "chromium_mangled"))
    h.check("rate" in charts and "media_packets" not in charts, f"charts {sorted(charts)}")


if __name__ == "__main__":
    h.main(test)
