// Draws the ECharts charts of a page from data the server rendered with `json_script`:
// <div data-chart="stacked|bars|lines" data-source="id-of-json"></div>. The data is
// {categories: [...], series: [{name, data: [...], links: [...]?}]}; with `links`, a click on
// a bar or point opens the records it counts. No network access: echarts is local.
(function () {
  function numberVi(value) { return Number(value).toLocaleString("vi-VN"); }
  function draw(el) {
    if (typeof echarts === "undefined") return;
    var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    var stacked = el.dataset.chart === "stacked";
    var bars = stacked || el.dataset.chart === "bars";
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: numberVi },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: data.categories,
               axisLabel: { interval: 0, rotate: data.categories.length > 6
                 || data.categories.join("").length > 28 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1, axisLabel: { formatter: numberVi } },
      series: data.series.map(function (s) {
        return { name: s.name, type: bars ? "bar" : "line", stack: stacked ? "all" : undefined,
                 data: s.data, smooth: false, emphasis: { focus: "series" } };
      })
    });
    chart.on("click", function (params) {
      var links = (data.series[params.seriesIndex] || {}).links;
      if (links && links[params.dataIndex]) window.location.href = links[params.dataIndex];
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
