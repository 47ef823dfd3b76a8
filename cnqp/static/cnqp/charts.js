// Draws the ECharts charts of a page from data the server rendered with `json_script`:
// <div data-chart="stacked|bars|lines|pie" data-source="id-of-json"></div>. The data is
// {categories: [...], series: [{name, data: [...], links: [...]?}], links: [[...]]?}: links per
// series, or a top-level table links[series][category]; a click on a bar or point opens the
// records it counts. No network access: echarts is local.
(function () {
  function numberVi(value) { return Number(value).toLocaleString("vi-VN"); }
  function draw(el) {
    if (typeof echarts === "undefined") return;
    var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    var type = el.dataset.chart;
    var stacked = type === "stacked";
    var chart = echarts.init(el, null, { renderer: "svg" });
    // every kind follows the window (a phone turned, a sidebar shown), pies included
    window.addEventListener("resize", function () { chart.resize(); });
    if (type === "pie") {
      chart.setOption({
        animation: false, tooltip: { trigger: "item", valueFormatter: numberVi },
        legend: { top: 0 },
        series: [{ type: "pie", radius: "65%", top: 30,
                   data: data.categories.map(function (name, i) {
                     return { name: name, value: data.series[0].data[i] }; }) }]
      });
      return;
    }
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
        return { name: s.name, type: type === "lines" ? "line" : "bar",
                 stack: stacked ? "all" : undefined,
                 data: s.data, smooth: false, emphasis: { focus: "series" } };
      })
    });
    // Each bar or point opens the records it counts.
    chart.on("click", function (params) {
      var row = (data.links || [])[params.seriesIndex]
        || (data.series[params.seriesIndex] || {}).links || [];
      if (row[params.dataIndex]) window.location.href = row[params.dataIndex];
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
