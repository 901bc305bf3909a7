// Package plotting draws figure data (package figure) and is the only
// package that knows about notebooks.
//
//   - SavePanel and SaveFigures write a figure as PANEL.json, plus
//     PANEL.svg and PANEL.png drawn with gonum/plot (scripts/reproduce).
//   - LineChart, HeatmapChart and Charts turn a figure into interactive
//     ECharts charts (options built with go-echarts); ImageGrid and
//     ImagesHTML draw ±1 configurations such as digits; Table renders
//     tables.
//   - In a GoNB notebook: Start puts the ECharts library into the page
//     (offline); Run runs an experiment through the cache with a progress
//     bar and live training curves, and stops the cell on an error; Show
//     and ShowRow display figures; Live and Progress update one output in
//     place while a cell runs.
//
// plm, data, figure and experiment know nothing about this package: figure
// data comes in, pictures go out.
package plotting
