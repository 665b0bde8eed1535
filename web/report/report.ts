// gossipper report's page: draws the charts whose data the page carries
// (<script id="chart-data">, made by tools/gossipper/report_*.cpp) with the
// web panel's chart code (web/charts/), then marks the body with the number
// drawn (data-charts-drawn).

import { align } from "../charts/align";
import { LineChart, barChart, type SeriesSpec } from "../charts/charts";

interface LineData {
  kind: "line";
  id: string;
  title: string;
  x_label: string;
  y_label: string;
  series: { name: string; style: string; points: unknown[] }[];
}

interface BarData {
  kind: "bars";
  id: string;
  title: string;
  x_label: string;
  y_label: string;
  bars: [string, number][];
}

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === "string";

function drawLine(slot: HTMLElement, c: LineData): boolean {
  const series = c.series.filter((s) => isString(s?.name) && Array.isArray(s.points));
  if (series.length === 0) return false;
  const specs: SeriesSpec[] = series.map((s) => ({ name: s.name, style: isString(s.style) ? s.style : "" }));
  const chart = new LineChart(slot, { id: c.id, title: c.title, xLabel: c.x_label, yLabel: c.y_label },
                              specs, 330);
  const { x, ys } = align(series.map((s) => s.points));
  chart.set(x, ys);
  return true;
}

function drawBars(slot: HTMLElement, c: BarData): boolean {
  const bars = c.bars.filter((b) => Array.isArray(b) && isString(b[0]) && isNumber(b[1]));
  if (bars.length === 0) return false;
  barChart(slot, { id: c.id, title: c.title, xLabel: c.x_label, yLabel: c.y_label }, bars, 330);
  return true;
}

/// A chart's JSON before it is checked.
interface Unchecked {
  kind?: unknown;
  id?: unknown;
  title?: unknown;
  x_label?: unknown;
  y_label?: unknown;
  series?: unknown;
  bars?: unknown;
}

function draw(slot: HTMLElement, c: unknown): boolean {
  const chart = c as Unchecked | null;
  if (chart === null || typeof chart !== "object" || !isString(chart.id)) return false;
  const texts = { title: String(chart.title ?? ""), x_label: String(chart.x_label ?? ""),
                  y_label: String(chart.y_label ?? "") };
  if (chart.kind === "line" && Array.isArray(chart.series)) {
    return drawLine(slot, { ...(chart as LineData), ...texts });
  }
  if (chart.kind === "bars" && Array.isArray(chart.bars)) {
    return drawBars(slot, { ...(chart as BarData), ...texts });
  }
  return false;
}

function main(): void {
  const source = document.getElementById("chart-data")?.textContent ?? "{}";
  const data = JSON.parse(source) as { charts?: unknown };
  const charts = Array.isArray(data.charts) ? data.charts : [];
  let drawn = 0;
  charts.forEach((c, i) => {
    const slot = document.getElementById(`chart-${i}`);
    try {
      if (slot && draw(slot, c)) drawn++;
    } catch (e) {
      console.error(`chart ${i}:`, e);
    }
  });
  document.body.dataset["chartsDrawn"] = String(drawn);
}

main();
