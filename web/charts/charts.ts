// Line and bar charts drawn by uPlot: the web panel's live charts and the
// HTML report's charts (gossipper report) are both made here.

import uPlot from "uplot";

/// A series' colour by its style name (the report's JSON and the panel
/// name the same styles).
const COLOURS: Record<string, string> = {
  calls: "#2563eb",
  created: "#2563eb",
  successful: "#16a34a",
  failed: "#dc2626",
  open: "#9333ea",
  p50: "#2563eb",
  p90: "#d97706",
  p99: "#dc2626",
  sent: "#2563eb",
  received: "#16a34a",
  echoed: "#9333ea",
  lost: "#dc2626",
  mos: "#0d9488",
  jitter: "#d97706",
};
const DASHED = new Set(["received", "p90"]);

export interface SeriesSpec {
  name: string;
  style: string; // a key of COLOURS
}

export interface ChartSpec {
  id: string; // data-chart of the chart's element
  title: string;
  xLabel: string;
  yLabel: string;
}

/// A series' values at each x: null breaks the line, undefined is no value
/// (the line joins over it).
export type Column = (number | null | undefined)[];

function colour(style: string): string {
  return COLOURS[style] ?? "#4a5568";
}

function tick(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 0.01)) return v.toExponential(2);
  return String(Math.round(v * 100) / 100);
}

function axes(spec: ChartSpec): uPlot.Axis[] {
  const grid = { stroke: "#e3e8ef", width: 1 };
  const common = { grid, ticks: { stroke: "#8a94a6", width: 1, size: 4 }, stroke: "#4a5568" };
  return [
    { ...common, label: spec.xLabel, values: (_u, splits) => splits.map(tick) },
    { ...common, label: spec.yLabel, size: 60, values: (_u, splits) => splits.map(tick) },
  ];
}

/// The element a chart is drawn in: a <div class="chart" data-chart=id>
/// whose width the chart follows.
function slot(parent: HTMLElement, spec: ChartSpec): HTMLElement {
  const el = document.createElement("div");
  el.className = "chart";
  el.dataset["chart"] = spec.id;
  el.setAttribute("role", "img");
  el.setAttribute("aria-label", spec.title);
  parent.appendChild(el);
  return el;
}

function follow(el: HTMLElement, plot: uPlot, height: number): void {
  const fit = () => plot.setSize({ width: Math.max(el.clientWidth, 200), height });
  new ResizeObserver(fit).observe(el);
}

/// A chart of lines over x (seconds, or any number). Gaps are nulls.
export class LineChart {
  readonly plot: uPlot;
  private x: number[] = [];
  private ys: Column[];
  private readonly styles: string[];

  constructor(parent: HTMLElement, spec: ChartSpec, series: SeriesSpec[], height = 260) {
    const el = slot(parent, spec);
    this.ys = series.map(() => []);
    this.styles = series.map((s) => s.style);
    const opts: uPlot.Options = {
      title: spec.title,
      width: Math.max(el.clientWidth, 200),
      height,
      scales: { x: { time: false } },
      axes: axes(spec),
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: spec.xLabel, value: (_u, v) => (v === null ? "–" : tick(v)) },
        ...series.map((s) => ({
          label: s.name,
          stroke: colour(s.style),
          width: 2,
          ...(DASHED.has(s.style) ? { dash: [6, 3] } : {}),
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null ? "–" : tick(v)),
        })),
      ],
    };
    this.plot = new uPlot(opts, [[], ...this.ys] as uPlot.AlignedData, el);
    el.dataset["points"] = "0";
    follow(el, this.plot, height);
  }

  /// Replaces the data: x and one column per series.
  set(x: number[], ys: Column[]): void {
    this.x = x.slice();
    this.ys = this.ys.map((_, i) => (ys[i] ?? []).slice());
    this.redraw();
  }

  /// Adds a point at the end (a point not after the last replaces nothing:
  /// it is skipped).
  append(x: number, ys: (number | null | undefined)[]): void {
    const last = this.x[this.x.length - 1];
    if (last !== undefined && x <= last) return;
    this.x.push(x);
    this.ys.forEach((col, i) => col.push(ys[i] ?? null));
    this.redraw();
  }

  get length(): number {
    return this.x.length;
  }

  private redraw(): void {
    this.plot.setData([this.x, ...this.ys] as uPlot.AlignedData);
    const el = this.plot.root.parentElement;
    if (!el) return;
    el.dataset["points"] = String(this.x.length);
    // The styles of the series that have a value: what a test can see drawn.
    el.dataset["series"] = this.styles.filter((_, i) =>
      this.ys[i]?.some((v) => typeof v === "number")).join(" ");
  }
}

/// A bar chart of named buckets: [label, value] pairs.
export function barChart(parent: HTMLElement, spec: ChartSpec, bars: [string, number][],
                         height = 260): uPlot {
  const el = slot(parent, spec);
  const labels = bars.map((b) => b[0]);
  const x = bars.map((_, i) => i);
  const [xAxis, yAxis] = axes(spec);
  const opts: uPlot.Options = {
    title: spec.title,
    width: Math.max(el.clientWidth, 200),
    height,
    scales: { x: { time: false, range: [-0.5, bars.length - 0.5] } },
    axes: [
      { ...xAxis, splits: () => x, values: (_u, splits) => splits.map((i) => labels[i] ?? ""),
        rotate: bars.length > 8 ? -35 : 0, size: bars.length > 8 ? 70 : 40 },
      yAxis ?? {},
    ],
    legend: { show: false },
    series: [
      {},
      { label: spec.yLabel, fill: colour("calls"), stroke: colour("calls"),
        paths: uPlot.paths.bars!({ size: [0.7, 80], align: 0 }), points: { show: false } },
    ],
  };
  const plot = new uPlot(opts, [x, bars.map((b) => b[1])], el);
  el.dataset["points"] = String(bars.length);
  follow(el, plot, height);
  return plot;
}
