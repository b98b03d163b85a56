// Consumer portal consumption chart (uPlot; UC16.3). The data comes in the data-chart attribute of the .consumption-plot
// element the server rendered (no inline script under the CSP): {"kind": "interval"|"day"|"month", "unit",
// "x": [epoch s], "actual"/"estimated"/"edited": [value or null: each period only in its own quality's array, a
// period without data in none, so it is a gap], "compare": [the previous period's values], "average", "labels"}.
// Estimated and edited bars are hatched as well as coloured, so they differ without colour vision too.
(function () {
  function hatch(color, flip) {
    var c = document.createElement('canvas');
    c.width = 8; c.height = 8;
    var g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 8, 8);
    g.strokeStyle = color;
    g.lineWidth = 3;
    g.beginPath();
    if (flip) { g.moveTo(0, 0); g.lineTo(8, 8); g.moveTo(-4, 4); g.lineTo(4, 12); g.moveTo(4, -4); g.lineTo(12, 4); }
    else { g.moveTo(0, 8); g.lineTo(8, 0); g.moveTo(-4, 4); g.lineTo(4, -4); g.moveTo(4, 12); g.lineTo(12, 4); }
    g.stroke();
    return g.createPattern(c, 'repeat');
  }

  function render(el) {
    if (el.getAttribute('data-rendered') === 'true' || typeof uPlot === 'undefined') {
      return;
    }
    var chart = JSON.parse(el.getAttribute('data-chart'));
    var num = function (v) { return v === null ? null : Number(v); };
    var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({size: [0.75, 40]}) : null;
    var avg = chart.average === null ? null : Number(chart.average);
    var data = [chart.x, chart.actual.map(num), chart.estimated.map(num), chart.edited.map(num),
      chart.compare.map(num), chart.x.map(function () { return avg; })];
    var series = [{},
      {label: chart.labels.actual, stroke: '#0b6e4f', fill: '#0b6e4f', width: 1, paths: bars, points: {show: false}},
      {label: chart.labels.estimated, stroke: '#e09f3e', fill: hatch('#e09f3e', false), width: 1, paths: bars, points: {show: false}},
      {label: chart.labels.edited, stroke: '#7b2cbf', fill: hatch('#7b2cbf', true), width: 1, paths: bars, points: {show: false}},
      {label: chart.labels.compare, stroke: '#6c757d', width: 2, dash: [6, 4], spanGaps: false, points: {show: chart.kind !== 'interval'}},
      {label: chart.labels.average, stroke: '#1d4ed8', width: 1.5, dash: [2, 3], points: {show: false}}];
    var width = Math.max(280, Math.min(el.clientWidth || 320, 1100));
    var step = chart.x.length > 1 ? chart.x[1] - chart.x[0] : 86400;
    var opts = {
      width: width,
      height: 240,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Asia/Kolkata'); },
      series: series,
      scales: {
        x: {time: true, range: function (u, min, max) { return [min - step / 2, max + step / 2]; }},
        y: {range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; }}
      },
      axes: [{}, {label: chart.unit, size: 50}],
      legend: {show: false}
    };
    el.innerHTML = '';
    new uPlot(opts, data, el);
    el.setAttribute('data-rendered', 'true');
  }

  function renderAll() {
    document.querySelectorAll('.consumption-plot[data-chart]').forEach(render);
  }

  document.addEventListener('DOMContentLoaded', renderAll);
  window.addEventListener('load', renderAll);
  if (document.readyState !== 'loading') {
    renderAll();
  }
})();
