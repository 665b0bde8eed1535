(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var W = 760, H = 330, LEFT = 72, RIGHT = 20, TOP = 40, BOTTOM = 72;
  var PW = W - LEFT - RIGHT, PH = H - TOP - BOTTOM;

  function add(parent, name, attrs, content) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (content !== undefined) node.textContent = content;
    parent.appendChild(node);
    return node;
  }

  // 1, 2 or 5 times a power of ten, at or above v: round axis ends and steps.
  function nice(v) {
    if (!(v > 0)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    return [1, 2, 5, 10].map(function (m) { return m * p; })
                        .filter(function (t) { return t >= v; })[0];
  }

  function tick(v) {
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e6 || a < 0.01)) return v.toExponential(2);
    return String(Math.round(v * 100) / 100);
  }

  function frame(slot, chart, yTop) {
    var svg = add(slot, "svg", {"class": "chart", "data-chart": chart.id, role: "img",
                                "aria-label": chart.title, viewBox: "0 0 " + W + " " + H});
    add(svg, "text", {"class": "chart-title", x: LEFT, y: 20}, chart.title);
    for (var i = 0; i <= 4; i++) {
      var y = TOP + PH - PH * i / 4;
      add(svg, "line", {"class": i ? "grid" : "axis", x1: LEFT, x2: LEFT + PW, y1: y, y2: y});
      add(svg, "text", {x: LEFT - 6, y: y + 4, "text-anchor": "end"}, tick(yTop * i / 4));
    }
    add(svg, "line", {"class": "axis", x1: LEFT, x2: LEFT, y1: TOP, y2: TOP + PH});
    add(svg, "text", {transform: "rotate(-90)", x: -(TOP + PH / 2), y: 16,
                      "text-anchor": "middle"}, chart.y_label);
    add(svg, "text", {x: LEFT + PW / 2, y: H - 6, "text-anchor": "middle"}, chart.x_label);
    return svg;
  }

  // A series' points, [x, y] or null: a null ends a stretch of the line.
  function stretches(points) {
    var all = [[]];
    points.forEach(function (p) {
      if (p) all[all.length - 1].push(p);
      else if (all[all.length - 1].length) all.push([]);
    });
    return all.filter(function (s) { return s.length; });
  }

  function drawLine(slot, chart) {
    var xEnd = 0, yMax = 0;
    chart.series.forEach(function (s) {
      s.points.forEach(function (p) {
        if (p) { xEnd = Math.max(xEnd, p[0]); yMax = Math.max(yMax, p[1]); }
      });
    });
    xEnd = xEnd > 0 ? xEnd : 1;
    var yTop = nice(yMax);
    var svg = frame(slot, chart, yTop);
    var step = nice(xEnd / 6);
    for (var i = 0; i * step <= xEnd; i++) {
      add(svg, "text", {x: LEFT + PW * i * step / xEnd, y: TOP + PH + 18, "text-anchor": "middle"},
          tick(i * step));
    }
    chart.series.forEach(function (s, n) {
      stretches(s.points).forEach(function (stretch) {
        var points = stretch.map(function (p) {
          return (LEFT + PW * p[0] / xEnd).toFixed(2) + "," +
                 (TOP + PH - PH * p[1] / yTop).toFixed(2);
        });
        add(svg, "polyline", {"class": "series-line " + s.style, points: points.join(" ")});
      });
      // The legends right-aligned, 130 apart, whatever their number.
      var x = LEFT + PW + 10 - 130 * (chart.series.length - n);
      add(svg, "line", {"class": "legend " + s.style, x1: x, x2: x + 18, y1: 16, y2: 16});
      add(svg, "text", {x: x + 24, y: 20}, s.name);
    });
  }

  function drawBars(slot, chart) {
    var yMax = 0;
    chart.bars.forEach(function (b) { yMax = Math.max(yMax, b[1]); });
    var yTop = nice(yMax);
    var svg = frame(slot, chart, yTop);
    var step = PW / chart.bars.length;
    chart.bars.forEach(function (b, i) {
      var h = PH * Math.max(0, b[1]) / yTop;
      if (b[1] > 0) h = Math.max(h, 1); // a bucket that has calls stays visible
      var x = LEFT + step * i, mid = x + step / 2;
      var bar = add(svg, "rect", {"class": "bar", x: (x + step * 0.15).toFixed(2),
                                  y: (TOP + PH - h).toFixed(2), width: (step * 0.7).toFixed(2),
                                  height: h.toFixed(2)});
      add(bar, "title", {}, b[0] + ": " + b[1]);
      if (b[1] > 0) {
        add(svg, "text", {x: mid, y: TOP + PH - h - 4, "text-anchor": "middle"}, tick(b[1]));
      }
      add(svg, "text", {x: mid, y: TOP + PH + 14, "text-anchor": "end",
                        transform: "rotate(-35 " + mid + " " + (TOP + PH + 14) + ")"}, b[0]);
    });
  }

  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var drawn = 0;
  data.charts.forEach(function (chart, i) {
    var slot = document.getElementById("chart-" + i);
    if (!slot) return;
    (chart.kind === "line" ? drawLine : drawBars)(slot, chart);
    drawn++;
  });
  document.body.dataset.chartsDrawn = String(drawn);
})();
