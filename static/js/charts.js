/* Draws the charts whose data the page passes with json_script. No inline script is needed. */
(function () {
  "use strict";

  var BAND_COLOURS = { green: "rgba(0,112,60,0.10)", amber: "rgba(255,221,0,0.16)", red: "rgba(212,53,28,0.10)" };
  // The tints are too faint to see against white (about 1.1:1), so each band's edges are drawn
  // in a colour of at least 3:1 (WCAG 1.4.11), dashed or dotted as the RAG words are bordered.
  var BAND_EDGES = {
    green: { color: "#00703c", width: 1 },
    amber: { color: "#b35900", width: 1, dash: "dash" },
    red: { color: "#d4351c", width: 1, dash: "dot" }
  };
  var SMALL_LABEL = "fewer than 10";
  // The RAG bands' names, beside the plot: room for "Amber" and the height of one line.
  var LABEL_ROOM = 60;
  var LABEL_HEIGHT = 18;
  // No mode bar: its buttons are focusable inside role="img", which hides them from assistive
  // technology (and they cannot be used from the keyboard). Each chart has a table beside it.
  // Not plotly's own "responsive": each chart is drawn again when the window is resized.
  var CONFIG = { displaylogo: false, displayModeBar: false };

  // Plotly reads a few HTML tags (<a href>, <b>) and entities in any text it draws, so a name
  // from an upload must be escaped to be shown as typed, never as a link.
  function literal(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // Most annual benchmarks are for a year to 31 March; the workforce at 30 September, say, is not.
  function endInMarch(points) {
    return points.every(function (p) { return p.month.slice(5, 7) === "03"; });
  }

  // Zooming by dragging and hiding a trace by clicking the legend need a mouse and cannot be
  // undone from the keyboard (WCAG 2.1.1), so every chart is fixed as drawn.
  function fixed(layout) {
    layout.dragmode = false;
    layout.xaxis = Object.assign({ fixedrange: true }, layout.xaxis);
    layout.yaxis = Object.assign({ fixedrange: true }, layout.yaxis);
    layout.legend = Object.assign({ itemclick: false, itemdoubleclick: false }, layout.legend);
    return layout;
  }

  function data(element) {
    var source = document.getElementById(element.getAttribute("data-source"));
    return source ? JSON.parse(source.textContent) : null;
  }

  // Hover labels in the page's colours (plotly's take the trace's, too faint for text) and with
  // figures rounded as the table beside the chart rounds them.
  var HOVER_LABEL = { bgcolor: "#fff", bordercolor: "#0b0c0c", font: { color: "#0b0c0c" } };

  // A figure as the table writes it: rounded half up from its decimal digits, as the server
  // rounds (plotly's own formats round the binary number, so 94.35 would show as 94.3).
  function shown(value, chart, places) {
    if (value === null || value === undefined) { return ""; }
    if (places === undefined) { places = chart.precision; }
    var digits = String(Math.abs(value));
    if (digits.indexOf("e") !== -1) { digits = Math.abs(value).toFixed(places + 1); }
    var parts = digits.split(".");
    var fraction = (parts[1] || "") + "0".repeat(places + 1);
    var kept = (parts[0] + fraction.slice(0, places)).split("").map(Number);
    if (fraction.charAt(places) >= "5") {
      var i = kept.length - 1;
      while (i >= 0 && kept[i] === 9) { kept[i] = 0; i -= 1; }
      if (i < 0) { kept.unshift(1); } else { kept[i] += 1; }
    }
    var whole = kept.slice(0, kept.length - places).join("").replace(/^0+(?=\d)/, "");
    var text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    if (places) { text += "." + kept.slice(kept.length - places).join(""); }
    var zero = kept.every(function (d) { return d === 0; });
    return (value < 0 && !zero ? "-" : "") + text + chart.suffix;
  }

  // Each point's hover label carries its figure as shown (unless the trace has its own).
  function labelled(trace, axis, chart) {
    trace.customdata = trace.customdata || trace[axis].map(function (value) { return shown(value, chart); });
    return trace;
  }

  function line(name, x, y, style) {
    return Object.assign({ type: "scatter", mode: "lines", name: name, x: x, y: y }, style);
  }


  // A gap before each month in `restarts`, so a year-to-date count's line does not run back
  // down from March to April.
  function broken(x, y, restarts) {
    var points = { x: [], y: [] };
    x.forEach(function (month, i) {
      if (restarts.indexOf(month) !== -1) { points.x.push(month); points.y.push(null); }
      points.x.push(month);
      points.y.push(y[i]);
    });
    return points;
  }

  function trend(element, chart) {
    var restarts = chart.restarts || [];
    var figures = broken(chart.months, chart.values, restarts);
    var targets = broken(chart.months, chart.targets, restarts);
    // A figure and its target to the places that tell them apart in that month, as the table.
    // A figure also says, as the table does, when it is provisional.
    function asInTable(values, notes, i) {
      return shown(values[i], chart, chart.places[i]) + (notes && values[i] !== null ? notes[i] : "");
    }
    function allAsInTable(values, notes) {
      return broken(chart.months, values.map(function (value, i) { return asInTable(values, notes, i); }), restarts).y;
    }
    var traces = [
      line("Figure", figures.x, figures.y, { mode: "lines+markers", line: { color: "#1d70b8", width: 3 }, marker: { size: 6 }, customdata: allAsInTable(chart.values, chart.notes) }),
      line("Target", targets.x, targets.y, { line: { color: "#0b0c0c", dash: "dash", width: 2 }, customdata: allAsInTable(chart.targets) })
    ];
    if (chart.spc) {
      var span = [chart.spc.from, chart.spc.to];
      var label = chart.spc.trial ? " (trial)" : "";
      traces.push(line("SPC mean" + label, span, [chart.spc.mean, chart.spc.mean], { line: { color: "#505a5f", width: 1 } }));
      traces.push(line("Upper process limit" + label, span, [chart.spc.upper, chart.spc.upper], { line: { color: "#505a5f", dash: "dot", width: 1 } }));
      traces.push(line("Lower process limit" + label, span, [chart.spc.lower, chart.spc.lower], { line: { color: "#505a5f", dash: "dot", width: 1 } }));
      if (chart.spc.special.length) {
        traces.push({
          type: "scatter", mode: "markers", name: "Special cause",
          x: chart.spc.special.map(function (p) { return p.month; }),
          y: chart.spc.special.map(function (p) { return p.value; }),
          customdata: chart.spc.special.map(function (p) {
            return asInTable(chart.values, chart.notes, chart.months.indexOf(p.month));
          }),
          marker: { color: "#f47738", size: 12, symbol: "diamond", line: { color: "#0b0c0c", width: 1 } }
        });
      }
    }
    Object.keys(chart.benchmarks || {}).forEach(function (name, index) {
      var points = chart.benchmarks[name];
      if (!points.length) { return; }
      traces.push({
        type: "scatter", mode: "markers", name: literal(name) + (endInMarch(points) ? " (year to March)" : ""),
        x: points.map(function (p) { return p.month; }), y: points.map(function (p) { return p.value; }),
        marker: { color: index ? "#912b88" : "#00703c", size: 10, symbol: index ? "square" : "triangle-up" }
      });
    });
    var shapes = (chart.bands || []).map(function (band) {
      return { type: "rect", xref: "x", yref: "y", x0: band.x0, x1: band.x1, y0: band.y0, y1: band.y1,
               fillcolor: BAND_COLOURS[band.rating], line: BAND_EDGES[band.rating], layer: "below" };
    });
    var annotations = bandNames(chart.bands || []);
    var label = "%{fullData.name}<br>%{x|%B %Y}: %{customdata}<extra></extra>";
    traces = traces.filter(drawsSomething);
    traces.forEach(function (trace) { labelled(trace, "y", chart).hovertemplate = label; });
    var layout = fixed({
      margin: { t: 20, r: annotations.length ? LABEL_ROOM : 10, b: 50, l: 60 }, height: 380,
      shapes: shapes, annotations: annotations,
      hoverlabel: HOVER_LABEL, showlegend: true,
      yaxis: { ticksuffix: chart.suffix, zeroline: false },
      xaxis: { type: "date", tickformat: "%b %Y", tick0: "2000-01-01", dtick: monthStep(chart.months.length, element.clientWidth) },
      legend: { orientation: "h", y: -0.2 }, font: { family: "system-ui, Arial, sans-serif" }
    });
    return Plotly.newPlot(element, traces, layout, CONFIG).then(function () { return spreadOut(element); });
  }

  // Ticks a whole number of months apart, as many as fit: left to itself plotly ticks a short
  // run (the first months held) every few days and labels each tick with its month, so the same
  // month is named several times along the axis.
  function monthStep(months, width) {
    var fits = Math.max(2, Math.floor((width - 130) / 75));
    var step = [1, 2, 3, 6, 12].filter(function (s) { return months / s <= fits; })[0] || 12;
    return "M" + step;
  }

  // A line with no figure in it (the target of an indicator that has none, such as a neutral
  // one) draws nothing, so it is left out and the legend lists only what is drawn. The legend is
  // kept when the figures are the only line, to say what the line is.
  function drawsSomething(trace) {
    return trace.y.some(function (value) { return value !== null && value !== undefined; });
  }

  // The latest period's bands say in words which rating they shade, so colour is not the only
  // cue (WCAG 1.4.1); earlier periods' bands are the same colours. The words sit in the right
  // margin, beside the plot area, so they never cover a figure, a line or a marker.
  function bandNames(bands) {
    var latest = bands.length ? bands[bands.length - 1].x1 : null;
    return bands.filter(function (band) { return band.x1 === latest; }).map(function (band) {
      return { xref: "paper", yref: "y", x: 1, xanchor: "left", xshift: 4, y: (band.y0 + band.y1) / 2,
               text: band.rating.charAt(0).toUpperCase() + band.rating.slice(1), showarrow: false,
               font: { color: "#0b0c0c", size: 12 } };
    });
  }

  // A thin band would put its name on top of its neighbour's, so once plotly has set the axis
  // the names are moved apart (by whole labels, in pixels) and kept within the plot's height.
  // That height is what the legend leaves, which changes with the width.
  function spreadOut(element) {
    var names = element.layout.annotations || [];
    if (!names.length) { return null; }
    var range = element.layout.yaxis.range;
    var height = element._fullLayout._size.h;
    var wanted = names.map(function (name, i) {
      return { i: i, at: (range[1] - name.y) / (range[1] - range[0]) * height };
    }).sort(function (a, b) { return a.at - b.at; });
    var placed = wanted.map(function (label) { return label.at; });
    placed.forEach(function (at, k) {
      placed[k] = Math.max(at, k ? placed[k - 1] + LABEL_HEIGHT : LABEL_HEIGHT / 2);
    });
    for (var k = placed.length - 1; k >= 0; k -= 1) {
      var below = k < placed.length - 1 ? placed[k + 1] - LABEL_HEIGHT : height - LABEL_HEIGHT / 2;
      placed[k] = Math.min(placed[k], below);
    }
    var update = {};
    wanted.forEach(function (label, k) { update["annotations[" + label.i + "].yshift"] = label.at - placed[k]; });
    return Plotly.relayout(element, update);
  }

  // A category's name on up to three lines of about `width` characters, each shown as typed:
  // plotly never wraps a tick label, so on a phone a long name ran off the chart and squeezed its
  // bars away. A longer name ends in an ellipsis; the hover label and the table give it whole.
  function wrapped(name, width) {
    var lines = [""];
    String(name).split(/\s+/).forEach(function (word) {
      while (word.length > width) {
        lines.push(word.slice(0, width));
        word = word.slice(width);
      }
      var last = lines.length - 1;
      if (!lines[last]) { lines[last] = word; }
      else if (lines[last].length + 1 + word.length <= width) { lines[last] += " " + word; }
      else { lines.push(word); }
    });
    lines = lines.filter(Boolean);
    if (lines.length > 3) { lines = lines.slice(0, 3); lines[2] = lines[2].slice(0, width - 1) + "…"; }
    return lines.map(literal).join("<br>");
  }

  // A bar resting on fewer than 10 children is dark grey (7:1 against white), hatched and
  // labelled in words, so colour is not the only cue (WCAG 1.4.1, 1.4.11).
  // Bars are placed by position and the wrapped names are only their ticks' text: two long names
  // that start alike wrap to the same lines, and as y values plotly drew both on one row.
  function bar(element, chart) {
    var small = chart.small;
    var colours = small.map(function (s) { return s ? "#505a5f" : "#1d70b8"; });
    var right = small.indexOf(true) === -1 ? 10 : 90; // room for the words beside a bar
    var room = Math.floor(element.clientWidth * 0.4); // for the names, at about 7px a character
    var names = chart.categories.map(function (category) { return wrapped(category, Math.max(10, Math.floor(room / 7))); });
    var lines = Math.max.apply(null, names.map(function (name) { return name.split("<br>").length; }));
    var rows = names.map(function (name, i) { return i; });
    return Plotly.newPlot(element, [labelled({
      type: "bar", orientation: "h", x: chart.values, y: rows,
      name: literal(chart.title),
      marker: {
        color: colours,
        line: { color: colours, width: 1 },
        pattern: { shape: small.map(function (s) { return s ? "/" : ""; }), fillmode: "overlay",
                   fgcolor: "#fff", size: 8, solidity: 0.3 }
      },
      text: small.map(function (s) { return s ? SMALL_LABEL : ""; }),
      textposition: "outside", cliponaxis: false, textfont: { color: "#0b0c0c" },
      hovertext: chart.categories.map(literal),
      hovertemplate: "%{hovertext}: %{customdata}<extra></extra>"
    }, "x", chart)], fixed({
      margin: { t: 10, r: right, b: 40, l: Math.min(160, room) }, height: 60 + Math.max(32, 8 + 16 * lines) * names.length,
      hoverlabel: HOVER_LABEL,
      xaxis: { ticksuffix: chart.suffix },
      // As a list of categories is drawn: the first at the top, half a row around each bar,
      // no grid and no zero line across the first bar.
      yaxis: { tickmode: "array", tickvals: rows, ticktext: names,
               range: [names.length - 0.5, -0.5], showgrid: false, zeroline: false, automargin: true },
      font: { family: "system-ui, Arial, sans-serif" }
    }), CONFIG);
  }

  // A chart's data-drawn is taken off when a drawing starts and put back when plotly has finished,
  // and data-draws counts the drawings finished, so a redraw can be seen to start and waited for.
  // data-drawn-width is the width it was drawn for, so a resize can leave it be at that width.
  function draw(element, chart) {
    element.removeAttribute("data-drawn");
    element.setAttribute("data-drawn-width", String(element.clientWidth));
    var drawing = (element.getAttribute("data-chart") === "bar" ? bar : trend)(element, chart);
    return Promise.resolve(drawing).then(function () {
      element.setAttribute("data-draws", String(Number(element.getAttribute("data-draws") || 0) + 1));
      element.setAttribute("data-drawn", "true");
    });
  }

  function eachChart(callback) {
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var chart = data(element);
      if (chart) { callback(element, chart); }
    });
  }

  function drawAll() {
    if (typeof Plotly === "undefined") { return; }
    eachChart(draw);
    var resizing = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () { eachChart(redrawIfWidthChanged); }, 150);
    });
    // Escape hides any hover label, so none stays over the figures it covers (WCAG 1.4.13).
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      document.querySelectorAll("[data-drawn]").forEach(function (drawn) { Plotly.Fx.unhover(drawn); });
    });
  }

  // A chart's ticks, its names' wrapping and its band names' places follow its width, so a
  // resized window redraws a chart whose width it changed rather than stretching it. Only then:
  // on a phone the address bar shows and hides as the page scrolls, resizing the window's height,
  // and drawing every chart again each time made scrolling stutter.
  function redrawIfWidthChanged(element, chart) {
    if (String(element.clientWidth) !== element.getAttribute("data-drawn-width")) { draw(element, chart); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
}());
