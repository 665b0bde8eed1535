// The charts over time: filled from GET /history, then one point per /live
// frame.

import { LineChart, type Column } from "../../charts/charts";
import type { History, HistoryPoint } from "./types";

interface Plot {
  chart: LineChart;
  values(p: HistoryPoint): (number | null)[];
}

export class Dashboard {
  private readonly plots: Plot[];

  constructor(parent: HTMLElement) {
    const x = "time (s)";
    const line = (id: string, title: string, y: string, series: [string, string][]) =>
      new LineChart(parent, { id, title, xLabel: x, yLabel: y },
                    series.map(([name, style]) => ({ name, style })));
    this.plots = [
      {
        chart: line("rate", "Call rate", "calls/s",
                    [["created", "created"], ["successful", "successful"], ["failed", "failed"]]),
        values: (p) => [p.rate_cps, p.successful_rate_cps, p.failed_rate_cps],
      },
      {
        chart: line("open", "Concurrent calls", "calls", [["open", "open"]]),
        values: (p) => [p.open],
      },
      {
        chart: line("outcomes", "Successes and failures (total)", "calls",
                    [["successful", "successful"], ["failed", "failed"]]),
        values: (p) => [p.successful, p.failed],
      },
      {
        chart: line("latency", "Response time", "ms",
                    [["p50", "p50"], ["p90", "p90"], ["p99", "p99"]]),
        values: (p) => [p.p50_ms, p.p90_ms, p.p99_ms],
      },
    ];
  }

  /// Replaces every chart's data with the server's history.
  load(history: History): void {
    const points = history.points.filter((p) => typeof p.t_ms === "number");
    const x = points.map((p) => p.t_ms / 1000);
    for (const plot of this.plots) {
      const rows = points.map(plot.values);
      const columns: Column[] = (rows[0] ?? plot.values(emptyPoint())).map((_, i) =>
        rows.map((r) => r[i] ?? null));
      plot.chart.set(x, columns);
    }
  }

  /// A live frame's newest point; one that is not after the last is skipped.
  append(p: HistoryPoint): void {
    for (const plot of this.plots) plot.chart.append(p.t_ms / 1000, plot.values(p));
  }

  /// The number of points drawn (the same in every chart).
  get length(): number {
    return this.plots[0]?.chart.length ?? 0;
  }
}

function emptyPoint(): HistoryPoint {
  return { t_ms: 0, created: 0, successful: 0, failed: 0, open: 0, rate_cps: 0,
           successful_rate_cps: 0, failed_rate_cps: 0, p50_ms: null, p90_ms: null, p99_ms: null };
}
