// Package plotting draws figure data (package figure): it knows charts,
// not experiments, and not notebooks.
//
//   - SavePanel and SaveFigures write a figure as PANEL.json, plus
//     PANEL.svg and PANEL.png drawn with gonum/plot (scripts/reproduce).
//   - LineChart, HeatmapChart and Charts turn a figure into interactive
//     ECharts charts (options built with go-echarts); FigureHTML renders
//     a whole figure as HTML; ImageGrid and ImagesHTML draw ±1
//     configurations such as digits; Table renders tables.
//   - FindECharts and EChartsScript locate the ECharts library and inline
//     it in a page (notebooks, the published site).
//
// It depends on package figure and the chart libraries only (plus the
// module's small file helpers); package nb shows its output in notebooks.
package plotting
