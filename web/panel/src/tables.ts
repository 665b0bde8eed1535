// The run's numbers as tables: the scenario's messages as SIPp's screen
// shows them, the response times, and every counter.

import { count, el, ms } from "./dom";
import type { MessageRow, Stats, Timing } from "./types";

const ARROW = "──────────▶";
const BACK = "◀──────────";

/// The message's direction as SIPp draws it: a UAC's sends go right, a
/// UAS's come in from the left.
export function flow(m: MessageRow, server: boolean): [string, string] {
  const label = m.label + (m.optional === true ? " (opt)" : "");
  switch (m.kind) {
    case "send": return server ? [BACK, label] : [label, ARROW];
    case "recv": return server ? [ARROW, label] : [label, BACK];
    case "pause": return ["", `[ ${label} ]`];
    case "sendCmd": return ["", "[ Sent Command ]"];
    case "recvCmd": return ["", "[ Received Command ]"];
    default: return ["", `[ ${label === "" ? "NOP" : label} ]`];
  }
}

function num(v: number | undefined, show = true): HTMLTableCellElement {
  return el("td", { class: "num" }, show ? count(v ?? 0) : "");
}

function messageRow(m: MessageRow, server: boolean, lose: boolean): HTMLTableRowElement {
  const [left, right] = flow(m, server);
  const isMsg = m.kind === "send" || m.kind === "recv";
  const messages = m.kind === "pause" ? m.sessions : m.kind.startsWith("send") ? m.sent : m.received;
  const row = el("tr", { class: `kind-${m.kind}`, "data-index": String(m.index) },
    el("td", { class: "flow-l" }, left),
    el("td", { class: "flow-r" }, right),
    el("td", { class: "rtd" }, m.rtd ?? ""),
    num(messages),
    num(m.retransmissions, isMsg),
    num(m.timeouts, isMsg),
    num(m.unexpected, isMsg || m.kind === "pause"));
  if (lose) row.append(num(m.lost, isMsg));
  for (const [value, cls] of [[m.timeouts, "warn"], [m.unexpected, "bad"]] as const) {
    if ((value ?? 0) > 0) row.classList.add(cls);
  }
  return row;
}

export function renderMessages(table: HTMLTableElement, s: Stats): void {
  const lose = s.messages.some((m) => (m.lost ?? 0) > 0);
  const heads = ["", "", "", "Messages", "Retrans", "Timeout", "Unexpected"];
  if (lose) heads.push("Lost");
  const head = el("thead", {}, el("tr", {}, ...heads.map((h) => el("th", {}, h))));
  const shown = s.messages.filter((m) => m.hide !== true);
  const body = el("tbody", {}, ...shown.map((m) => messageRow(m, s.status.server, lose)));
  table.replaceChildren(head, body);
}

function timingRow(t: Timing, name: string): HTMLTableRowElement {
  return el("tr", {}, el("th", {}, name), num(t.count),
    ...[t.mean_ms, t.min_ms, t.p50_ms, t.p90_ms, t.p99_ms, t.max_ms].map((v) =>
      el("td", { class: "num" }, ms(v))));
}

export function renderTimings(table: HTMLTableElement, s: Stats): void {
  const heads = ["", "count", "mean", "min", "p50", "p90", "p99", "max"];
  const rows = s.response_times.map((t) => timingRow(t, `Response time ${t.name}`));
  if (s.call_length) rows.push(timingRow(s.call_length, "Call length"));
  table.replaceChildren(
    el("thead", {}, el("tr", {}, ...heads.map((h) => el("th", {}, h))),
       el("tr", { class: "unit" }, el("th", {}), el("th", {}), ...heads.slice(2).map(() =>
         el("th", {}, "ms")))),
    el("tbody", {}, ...rows));
}

export function renderCounters(table: HTMLTableElement, s: Stats): void {
  const rows = Object.entries(s.counters)
    .filter(([, v]) => typeof v === "number")
    .map(([name, v]) => el("tr", { class: v === 0 ? "zero" : "" }, el("th", {}, name), num(v)));
  table.replaceChildren(el("tbody", {}, ...rows));
}
