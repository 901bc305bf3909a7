// Package plotting draws plmlab's results and is the only package that
// knows about notebooks.
//
//   - A Panel is the plain, JSON-ready description of one figure (named
//     series and heat maps with their parameters); SavePanel writes it as
//     PANEL.json, PANEL.svg and PANEL.png with gonum/plot (scripts/reproduce).
//   - LineChart, HeatmapChart and Charts turn a Panel into interactive
//     ECharts charts (options built with go-echarts); ImageGrid draws ±1
//     configurations such as digits; Table renders small tables.
//   - In a GoNB notebook, LoadECharts puts the ECharts library into the page
//     (offline), Show/ShowPanel/ShowHTML display, and Live, Progress and
//     TrainingMonitor update one output in place while a cell runs.
//
// plm and data know nothing about this package; result types come in, pictures
// go out.
package plotting
