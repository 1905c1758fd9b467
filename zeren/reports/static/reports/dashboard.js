// Draws the dashboard's charts with the local ECharts from the numbers the server put in
// <script type="application/json" id="dashboard-data">. The tables below each chart carry
// the same numbers, so nothing is lost without JavaScript.
(function () {
  "use strict";
  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) { return null; }
    var c = window.echarts.init(node);
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("dashboard-data");
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var grid = { left: 40, right: 16, top: 36, bottom: 48, containLabel: true };
    chart("chart-areas", {
      tooltip: { trigger: "axis" },
      legend: { data: ["本期", "上年同期"] },
      grid: grid,
      xAxis: { type: "category", data: data.areas.names, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "本期", type: "bar", data: data.areas.current, label: { show: true, position: "top" } },
        { name: "上年同期", type: "bar", data: data.areas.previous }
      ]
    });
    chart("chart-months", {
      tooltip: { trigger: "axis" },
      grid: grid,
      xAxis: { type: "category", data: data.months.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: "记录数", type: "line", smooth: true, areaStyle: {}, data: data.months.values }]
    });
    chart("chart-heat", {
      tooltip: { position: "top" },
      grid: { left: 8, right: 16, top: 16, bottom: 64, containLabel: true },
      xAxis: { type: "category", data: data.heat.areas, splitArea: { show: true },
               axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "category", data: data.heat.units, splitArea: { show: true }, inverse: true },
      visualMap: { min: 0, max: Math.max(1, data.heat.max), calculable: true,
                   orient: "horizontal", left: "center", bottom: 0 },
      series: [{ name: "记录数", type: "heatmap", data: data.heat.data, label: { show: true } }]
    });
  });
})();
