// The web code's pure parts, under node's test runner (ctest web_units):
// the report's series as uPlot's columns, SIPp's message directions, the
// panel's number formats.
import assert from "node:assert/strict";
import test from "node:test";
import { align } from "../charts/align";
import { clock, ms } from "../panel/src/dom";
import { flow } from "../panel/src/tables";
import type { MessageRow } from "../panel/src/types";

test("a step is two points at one x, kept in order", () => {
  const { x, ys } = align([[[0, 10], [1, 10], [1, 20], [2, 20]]]);
  assert.deepEqual(x, [0, 1, 1, 2]);
  assert.deepEqual(ys, [[10, 10, 20, 20]]);
});

test("a null breaks its series' line at the last x; the other series skip it", () => {
  const { x, ys } = align([[[0, 1], null, [2, 3]], [[1, 5], [2, 6]]]);
  assert.deepEqual(x, [0, 0, 1, 2, 2]);
  assert.deepEqual(ys[0], [1, null, undefined, 3, undefined]);
  assert.deepEqual(ys[1], [undefined, undefined, 5, undefined, 6]);
});

test("points that are not [x, y] numbers are left out, a leading null too", () => {
  const { x, ys } = align([[null, ["1", 2], [3, Infinity], 5, [4, 4]]]);
  assert.deepEqual(x, [4]);
  assert.deepEqual(ys, [[4]]);
});

const row = (kind: MessageRow["kind"], label: string, optional = false): MessageRow =>
  ({ index: 0, kind, label, optional });

test("a UAC's sends go right, its receives come from the right; a UAS's the other way", () => {
  assert.deepEqual(flow(row("send", "INVITE"), false), ["INVITE", "──────────▶"]);
  assert.deepEqual(flow(row("recv", "180", true), false), ["180 (opt)", "◀──────────"]);
  assert.deepEqual(flow(row("recv", "INVITE"), true), ["──────────▶", "INVITE"]);
  assert.deepEqual(flow(row("send", "200"), true), ["◀──────────", "200"]);
  assert.deepEqual(flow(row("pause", "Pause 2000 ms"), false), ["", "[ Pause 2000 ms ]"]);
  assert.deepEqual(flow(row("nop", ""), false), ["", "[ NOP ]"]);
});

test("times: milliseconds to two significant places, the elapsed time as a clock", () => {
  assert.equal(ms(1.234), "1.23");
  assert.equal(ms(12.34), "12.3");
  assert.equal(ms(1234.5), "1235");
  assert.equal(ms(null), "–");
  assert.equal(clock(3723000), "01:02:03");
});
