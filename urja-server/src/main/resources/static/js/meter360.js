// Meter 360 charts (uPlot). Each chart's data comes in the data-chart attribute of a .u-chart element that the server
// rendered (no inline script under the CSP): {"kind": "daily"|"intervals", "unit", "x": [epoch s], "actual": [...],
// "estimated": [...], "edited": [...], "missing": [...]} with each period's value only in its own quality's array.
(function () {
  var QUALITIES = [
    {key: 'actual', label: 'Actual', color: '#0b6e4f'},
    {key: 'estimated', label: 'Estimated', color: '#e09f3e'},
    {key: 'edited', label: 'Edited', color: '#7b2cbf'},
    {key: 'missing', label: 'Missing', color: '#a4161a'}
  ];

  function render(el) {
    if (el.getAttribute('data-rendered') === 'true' || typeof uPlot === 'undefined') {
      return;
    }
    var chart = JSON.parse(el.getAttribute('data-chart'));
    var data = [chart.x];
    var series = [{}];
    var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({size: [0.7, 40]}) : null;
    QUALITIES.forEach(function (q) {
      data.push(chart[q.key].map(function (v) { return v === null ? null : Number(v); }));
      // A missing period has no bar (0 or a partial value): its point marks it on the axis.
      series.push({label: q.label, stroke: q.color, fill: q.color, width: 1, paths: bars,
        points: q.key === 'missing' ? {show: true, size: 7, fill: q.color} : {show: false}});
    });
    var daily = chart.kind === 'daily';
    var width = Math.max(280, Math.min(el.clientWidth || 320, 1100));
    var opts = {
      width: width,
      height: daily ? 220 : 200,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Asia/Kolkata'); },
      series: series,
      scales: {
        // Half a period of room either side, so the first and last bars are drawn whole.
        x: {time: true, range: function (u, min, max) {
          var half = (chart.x.length > 1 ? chart.x[1] - chart.x[0] : 86400) / 2;
          return [min - half, max + half];
        }},
        y: {range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; }}
      },
      axes: [{}, {label: chart.unit, size: 50}],
      legend: {show: true}
    };
    el.innerHTML = '';
    new uPlot(opts, data, el);
    el.setAttribute('data-rendered', 'true');
  }

  function renderAll() {
    document.querySelectorAll('.u-chart[data-chart]').forEach(render);
  }

  document.addEventListener('DOMContentLoaded', renderAll);
  document.addEventListener('htmx:afterSettle', renderAll);
  if (document.readyState !== 'loading') {
    renderAll();
  }
})();
