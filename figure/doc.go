// Package figure holds figure data: the plain, JSON-ready description of
// what a result shows (named curves, heat maps, images and tables, with the
// parameters that made them). It draws nothing and imports no chart code:
// experiment results produce figure data, the plotting package renders it
// inline in notebooks (ECharts) and to files (gonum/plot).
package figure
