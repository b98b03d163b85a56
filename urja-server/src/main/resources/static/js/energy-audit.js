// Energy audit page: a bar chart of loss % per audited node (uPlot), from the data attributes of #loss-chart.
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('loss-chart');
  if (!el || typeof uPlot === 'undefined') {
    return;
  }
  var labels = JSON.parse(el.getAttribute('data-labels') || '[]');
  var values = JSON.parse(el.getAttribute('data-values') || '[]');
  if (labels.length === 0) {
    el.textContent = 'No node with a loss to chart.';
    return;
  }
  var xs = labels.map(function (_, i) { return i; });
  var width = Math.max(280, el.clientWidth || 600);
  var opts = {
    width: width,
    height: 260,
    scales: {
      x: { time: false, range: [-0.5, labels.length - 0.5] },
      // bars grow from zero (a negative loss goes below it)
      y: { range: function (u, min, max) { return [Math.min(0, min), Math.max(0, max) * 1.1 || 1]; } }
    },
    legend: { show: false },
    axes: [
      { values: function (u, splits) { return splits.map(function (v) { return Number.isInteger(v) ? (labels[v] || '') : ''; }); },
        incrs: [1], rotate: 0 },
      { label: 'loss %' }
    ],
    series: [
      {},
      { label: 'loss %', fill: 'rgba(164, 22, 26, 0.55)', stroke: '#a4161a', width: 1,
        paths: uPlot.paths.bars({ size: [0.6, 64] }), points: { show: false } }
    ]
  };
  el.chart = new uPlot(opts, [xs, values], el);
  el.setAttribute('data-drawn', 'true');
});
