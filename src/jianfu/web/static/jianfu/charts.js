/* Dashboard charts (strict CSP: no inline script). Reads the JSON data block #dashboard-data written by Django's
   json_script and draws each [data-chart] element as stacked bars with the vendored Apache ECharts (one series:
   plain bars, e.g. a histogram); `unit` names the value axis (hours unless said; people count in whole steps).
   The table under each chart carries the same figures; without JavaScript (or ECharts) only the table shows. */
(function () {
  "use strict";

  var PALETTE = ["#1a4b94", "#2f8f83", "#d98e04", "#b42318", "#6b4fa3", "#3b82c4", "#7a8b2a", "#8a93a6"];

  function option(chart) {
    var many = chart.labels.length > 8;
    return {
      color: PALETTE,
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      legend: { type: "scroll", top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: chart.labels,
        axisLabel: { interval: 0, rotate: many ? 40 : 0, hideOverlap: true }
      },
      yAxis: { type: "value", name: chart.unit || "小时", minInterval: chart.unit === "人" ? 1 : 0 },
      series: chart.series.map(function (series) {
        return { name: series.name, type: "bar", stack: "hours", emphasis: { focus: "series" }, data: series.data };
      })
    };
  }

  function draw() {
    var block = document.getElementById("dashboard-data");
    if (!block || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(block.textContent);
    var instances = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var chart = data[element.getAttribute("data-chart")];
      if (!chart || chart.labels.length === 0) {
        return;
      }
      element.classList.add("dashboard-chart-ready");
      var instance = window.echarts.init(element, null, { renderer: "canvas" });
      instance.setOption(option(chart));
      instances.push(instance);
    });
    window.addEventListener("resize", function () {
      instances.forEach(function (instance) {
        instance.resize();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
