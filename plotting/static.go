package plotting

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strings"

	"github.com/plmlab/plmlab/figure"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Palette is the colour cycle of series (colour-blind safe, Okabe–Ito).
var Palette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{213, 94, 0, 255},    // vermillion
	color.RGBA{0, 158, 115, 255},   // green
	color.RGBA{204, 121, 167, 255}, // purple
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{86, 180, 233, 255},  // sky
	color.RGBA{0, 0, 0, 255},       // black
	color.RGBA{240, 228, 66, 255},  // yellow
}

// faintColor draws Faint series (backgrounds).
var faintColor = color.RGBA{200, 200, 200, 255}

// SaveStatic draws the panel with gonum/plot to path; the extension (.svg
// or .png) picks the format. Series go in one chart; heat maps, if any, in
// a row of tiles beside it.
func SaveStatic(p *figure.Panel, path string) error {
	if p.Panel == "" {
		return p.Validate()
	}
	var save func() error
	var canvas func(w, h vg.Length) draw.Canvas
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg":
		canvas = func(w, h vg.Length) draw.Canvas {
			cv := vgsvg.New(w, h)
			save = func() error { return writeTo(path, cv) }
			return draw.New(cv)
		}
	case ".png":
		canvas = func(w, h vg.Length) draw.Canvas {
			cv := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(120))}
			save = func() error { return writeTo(path, cv) }
			return draw.New(cv)
		}
	default:
		return fmt.Errorf("plotting: unknown image format %q (want .svg or .png)", filepath.Ext(path))
	}
	if err := drawStatic(p, canvas); err != nil {
		return err
	}
	return save()
}

// drawStatic lays out the panel's plots and draws them on the canvas that
// newCanvas makes for the layout's size.
func drawStatic(p *figure.Panel, newCanvas func(w, h vg.Length) draw.Canvas) error {
	p, _ = drawable(p)
	var plots []*plot.Plot
	overlay := p.SeriesOverFirst && len(p.Heatmaps) > 0
	ownChart := (len(p.Series) > 0 || len(p.Heatmaps) == 0) && !overlay
	if ownChart {
		lp, err := seriesPlot(p)
		if err != nil {
			return err
		}
		plots = append(plots, lp)
	}
	if len(p.Heatmaps) > 0 {
		// One colour scale for all heat maps of the panel, with its bar.
		lo, hi := zRange(p.Heatmaps)
		for k, h := range p.Heatmaps {
			hp := heatmapPlot(p, h, lo, hi)
			if k == 0 && overlay {
				if err := staticOverlay(hp, p.Series, h); err != nil {
					return err
				}
			}
			plots = append(plots, hp)
		}
		plots = append(plots, colourBar(lo, hi))
	}
	// One row for the series chart, then heat maps three to a row.
	var grid [][]*plot.Plot
	k := 0
	if ownChart {
		grid, k = append(grid, []*plot.Plot{plots[0]}), 1
	}
	const perRow = 3
	for ; k < len(plots); k += perRow {
		grid = append(grid, plots[k:min(k+perRow, len(plots))])
	}
	cols := 1
	for _, row := range grid {
		cols = max(cols, len(row))
	}
	for r := range grid {
		for len(grid[r]) < cols {
			grid[r] = append(grid[r], nil)
		}
	}
	c := newCanvas(vg.Length(cols)*4.2*vg.Inch, vg.Length(len(grid))*3.4*vg.Inch)
	tiles := draw.Tiles{Rows: len(grid), Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4}
	canvases := plot.Align(grid, tiles, c)
	for r, row := range grid {
		for k, pl := range row {
			if pl != nil {
				pl.Draw(canvases[r][k])
			}
		}
	}
	return nil
}

func seriesPlot(p *figure.Panel) (*plot.Plot, error) {
	pl := plot.New()
	pl.Title.Text = p.Title
	if pl.Title.Text == "" {
		pl.Title.Text = p.Panel
	}
	pl.X.Label.Text, pl.Y.Label.Text = p.XLabel, p.YLabel
	if lo, hi, ok := xRange(p); p.LogX && ok {
		logAxis(&pl.X, lo, hi)
	}
	if lo, hi, ok := yRange(p); p.LogY && ok {
		logAxis(&pl.Y, lo, hi)
	}
	pl.Legend.Top = !strings.HasPrefix(p.Legend, "bottom")
	pl.Legend.Left = strings.HasSuffix(p.Legend, "left")
	pl.Legend.TextStyle.Font.Size = vg.Points(7)
	pl.Add(plotter.NewGrid())
	k := -1 // palette index: faint series take none
	for _, s := range p.Series {
		if !s.Faint {
			k++
		}
		pts := make(plotter.XYs, 0, len(s.X))
		var errs plotter.YErrors
		for i := range s.X {
			if math.IsNaN(s.Y[i]) {
				continue
			}
			pts = append(pts, plotter.XY{X: s.X[i], Y: s.Y[i]})
			if s.YErr != nil {
				e := s.YErr[i]
				if math.IsNaN(e) {
					e = 0
				}
				errs = append(errs, struct{ Low, High float64 }{s.Y[i] - errorLow(s.Y[i], e, p.LogY), e})
			}
		}
		if len(pts) == 0 {
			continue
		}
		col := Palette[max(k, 0)%len(Palette)]
		if s.Faint {
			col = faintColor
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("plotting: series %q: %w", s.Name, err)
		}
		line.Color = col
		line.Width = vg.Points(1.5)
		if s.Dashed {
			line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		if !s.Points {
			pl.Add(line)
		}
		if s.Points || (!s.Dashed && len(pts) <= 60) {
			sc, _ := plotter.NewScatter(pts)
			sc.Color = col
			sc.Radius = vg.Points(1.8)
			if s.Faint {
				sc.Radius = vg.Points(1)
			}
			pl.Add(sc)
		}
		if errs != nil {
			eb := &plotter.YErrorBars{XYs: pts, YErrors: errs, LineStyle: line.LineStyle, CapWidth: vg.Points(3)}
			eb.LineStyle.Dashes = nil
			eb.LineStyle.Width = vg.Points(0.8)
			pl.Add(eb)
		}
		pl.Legend.Add(s.Name, line)
	}
	// A single value (or values so large that gonum's ±1 padding is lost in
	// rounding) leaves an empty range, which the tick marker refuses.
	for _, a := range []*plot.Axis{&pl.X, &pl.Y} {
		if _, isLog := a.Scale.(plot.LogScale); isLog {
			continue
		}
		switch {
		case math.IsInf(a.Min, 0) || math.IsInf(a.Max, 0) || math.IsNaN(a.Min) || math.IsNaN(a.Max):
			a.Min, a.Max = 0, 1 // nothing drawn on this axis
		case !(a.Min < a.Max):
			d := math.Max(1, math.Abs(a.Min)/10)
			a.Min, a.Max = a.Min-d, a.Max+d
		}
	}
	return safeAxes(pl), nil
}

// logAxis makes a a log axis over [lo, hi], with explicit limits: gonum
// pads a degenerate range below zero.
func logAxis(a *plot.Axis, lo, hi float64) {
	if lo == hi {
		lo, hi = lo/10, hi*10
	}
	a.Min, a.Max = lo, hi
	a.Scale = plot.LogScale{}
	a.Tick.Marker = plot.LogTicks{Prec: -1}
}

// yRange is the range of y over the points drawn, error bars included (on
// a log axis, as errorLow cuts them).
func yRange(p *figure.Panel) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range p.Series {
		for i, y := range s.Y {
			if math.IsNaN(y) {
				continue
			}
			l, h := y, y
			if s.YErr != nil && !math.IsNaN(s.YErr[i]) {
				l, h = errorLow(y, s.YErr[i], p.LogY), y+s.YErr[i]
			}
			lo, hi = math.Min(lo, l), math.Max(hi, h)
		}
	}
	return lo, hi, lo <= hi
}

// xRange is the range of x over the points drawn (y not NaN).
func xRange(p *figure.Panel) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range p.Series {
		for i, y := range s.Y {
			if !math.IsNaN(y) {
				lo, hi = math.Min(lo, s.X[i]), math.Max(hi, s.X[i])
			}
		}
	}
	return lo, hi, lo <= hi
}

// grid adapts a Heatmap to plotter.GridXYZ (z[row=y][col=x]).
type grid struct{ h figure.Heatmap }

func (g grid) Dims() (c, r int) { return len(g.h.X), len(g.h.Y) }

func (g grid) Z(c, r int) float64 { return g.h.Z[r][c] }

func (g grid) X(c int) float64 {
	if !increasing(g.h.X) {
		return float64(c) // unusable coordinates: the cells are drawn by index
	}
	return g.h.X[c]
}

func (g grid) Y(r int) float64 {
	if !increasing(g.h.Y) {
		return float64(r)
	}
	return g.h.Y[r]
}

// increasing reports whether v is finite and strictly increasing.
func increasing(v []float64) bool {
	for k, x := range v {
		if !finiteIn(x) || (k > 0 && !(x > v[k-1])) {
			return false
		}
	}
	return true
}

func heatmapPlot(p *figure.Panel, h figure.Heatmap, lo, hi float64) *plot.Plot {
	pl := plot.New()
	pl.Title.Text = h.Name
	pl.X.Label.Text, pl.Y.Label.Text = p.XLabel, p.YLabel
	pal := moreland.SmoothBlueRed().Palette(64)
	hm := plotter.NewHeatMap(grid{h}, pal)
	hm.Min, hm.Max = lo, hi
	hm.NaN = color.Gray{Y: 200}
	pl.Add(hm)
	return safeAxes(pl)
}

// staticOverlay draws series over a heat map in its coordinates, within
// the map's extent (lines are clipped to the plot area).
func staticOverlay(pl *plot.Plot, series []figure.Series, h figure.Heatmap) error {
	if !increasing(h.X) || !increasing(h.Y) {
		return nil // cells drawn by index: no coordinates to draw lines in
	}
	for k, s := range series {
		var pts plotter.XYs
		for i := range s.X {
			if finiteIn(s.X[i]) && finiteIn(s.Y[i]) {
				pts = append(pts, plotter.XY{X: s.X[i], Y: s.Y[i]})
			}
		}
		if len(pts) == 0 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.Width = vg.Points(2)
		l.Color = color.Gray{Y: uint8(20 + 60*k%200)}
		if s.Dashed {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		pl.Add(l)
		pl.Legend.Add(s.Name, l)
	}
	// The map's cells span half a step beyond the first and last centres.
	ext := func(v []float64) (float64, float64) {
		if len(v) == 1 {
			return v[0] - 0.5, v[0] + 0.5
		}
		return v[0] - (v[1]-v[0])/2, v[len(v)-1] + (v[len(v)-1]-v[len(v)-2])/2
	}
	pl.X.Min, pl.X.Max = ext(h.X)
	pl.Y.Min, pl.Y.Max = ext(h.Y)
	pl.Legend.TextStyle.Font.Size = vg.Points(7)
	return nil
}

func colourBar(lo, hi float64) *plot.Plot {
	cm := moreland.SmoothBlueRed()
	cm.SetMin(lo)
	cm.SetMax(hi)
	pl := plot.New()
	pl.Title.Text = "colour scale"
	pl.HideX()
	pl.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	return safeAxes(pl)
}

// safeTicks guards a tick marker against ranges it cannot divide: empty,
// infinite, or narrower than float64 can resolve at their magnitude (where
// gonum's default marker never returns). Those get two ticks, at the ends.
type safeTicks struct{ plot.Ticker }

func (s safeTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) || hi-lo <= 1e-9*math.Max(math.Abs(lo), math.Abs(hi)) {
		return []plot.Tick{{Value: lo, Label: fmt.Sprintf("%.6g", lo)}, {Value: hi, Label: fmt.Sprintf("%.6g", hi)}}
	}
	return s.Ticker.Ticks(lo, hi)
}

func safeAxes(pl *plot.Plot) *plot.Plot {
	pl.X.Tick.Marker = safeTicks{pl.X.Tick.Marker}
	pl.Y.Tick.Marker = safeTicks{pl.Y.Tick.Marker}
	return pl
}
