// Series of [x, y] points (null: the line breaks) as uPlot's aligned
// columns. No DOM here: node's test runner checks it (web/tests/).

import type { Column } from "./charts";

function isPoint(p: unknown): p is [number, number] {
  return Array.isArray(p) && p.length === 2 && typeof p[0] === "number" &&
         Number.isFinite(p[0]) && typeof p[1] === "number" && Number.isFinite(p[1]);
}

/// One row of the merged data: a series' value at x (null: the series'
/// line breaks here).
interface Row {
  x: number;
  series: number;
  y: number | null;
}

/// The series' points ([x, y], or null to break the line) as uPlot's aligned
/// columns: every point is a row of its own (x may repeat: a step is two
/// points at one x); the other series are undefined there (joined over).
export function align(series: unknown[][]): { x: number[]; ys: Column[] } {
  const rows: Row[] = [];
  series.forEach((points, s) => {
    let lastX: number | null = null;
    for (const p of points) {
      if (isPoint(p)) {
        rows.push({ x: p[0], series: s, y: p[1] });
        lastX = p[0];
      } else if (p === null && lastX !== null) {
        rows.push({ x: lastX, series: s, y: null });
      }
    }
  });
  rows.sort((a, b) => a.x - b.x); // stable: each series keeps its order
  const ys: Column[] = series.map(() => new Array<number | null | undefined>(rows.length)
    .fill(undefined));
  rows.forEach((r, i) => {
    const column = ys[r.series];
    if (column) column[i] = r.y;
  });
  return { x: rows.map((r) => r.x), ys };
}
