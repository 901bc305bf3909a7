package plotting

import (
	"fmt"
	"github.com/plmlab/plmlab/figure"
	"image/color"
	"math"
	"path/filepath"
	"strings"

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

// SaveStatic draws the panel with gonum/plot to path; the extension (.svg
// or .png) picks the format. Series go in one chart; heat maps, if any, in
// a row of tiles beside it.
func SaveStatic(p *figure.Panel, path string) error {
	if err := p.Validate(); err != nil {
		return err
	}
	var plots []*plot.Plot
	if len(p.Series) > 0 || len(p.Heatmaps) == 0 {
		lp, err := seriesPlot(p)
		if err != nil {
			return err
		}
		plots = append(plots, lp)
	}
	if len(p.Heatmaps) > 0 {
		// One colour scale for all heat maps of the panel, with its bar.
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, h := range p.Heatmaps {
			for _, row := range h.Z {
				for _, v := range row {
					if !math.IsNaN(v) && !math.IsInf(v, 0) {
						lo, hi = math.Min(lo, v), math.Max(hi, v)
					}
				}
			}
		}
		if !(lo < hi) {
			lo, hi = lo-1, lo+1
		}
		for _, h := range p.Heatmaps {
			plots = append(plots, heatmapPlot(p, h, lo, hi))
		}
		plots = append(plots, colourBar(lo, hi))
	}
	// One row for the series chart, then heat maps three to a row.
	var grid [][]*plot.Plot
	k := 0
	if len(p.Series) > 0 || len(p.Heatmaps) == 0 {
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
	w := vg.Length(cols) * 4.2 * vg.Inch
	ht := vg.Length(len(grid)) * 3.4 * vg.Inch
	var c draw.Canvas
	var save func() error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg":
		cv := vgsvg.New(w, ht)
		c = draw.New(cv)
		save = func() error { return writeTo(path, cv) }
	case ".png":
		cv := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, ht), vgimg.UseDPI(120))}
		c = draw.New(cv)
		save = func() error { return writeTo(path, cv) }
	default:
		return fmt.Errorf("plotting: unknown image format %q (want .svg or .png)", filepath.Ext(path))
	}
	tiles := draw.Tiles{Rows: len(grid), Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4}
	canvases := plot.Align(grid, tiles, c)
	for r, row := range grid {
		for k, pl := range row {
			if pl != nil {
				pl.Draw(canvases[r][k])
			}
		}
	}
	return save()
}

func seriesPlot(p *figure.Panel) (*plot.Plot, error) {
	pl := plot.New()
	pl.Title.Text = p.Title
	if pl.Title.Text == "" {
		pl.Title.Text = p.Panel
	}
	pl.X.Label.Text, pl.Y.Label.Text = p.XLabel, p.YLabel
	if p.LogX {
		pl.X.Scale = plot.LogScale{}
		pl.X.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	pl.Legend.Top = !strings.HasPrefix(p.Legend, "bottom")
	pl.Legend.Left = strings.HasSuffix(p.Legend, "left")
	pl.Legend.TextStyle.Font.Size = vg.Points(7)
	pl.Add(plotter.NewGrid())
	for k, s := range p.Series {
		pts := make(plotter.XYs, 0, len(s.X))
		var errs plotter.YErrors
		for i := range s.X {
			if math.IsNaN(s.Y[i]) || math.IsInf(s.Y[i], 0) || (p.LogX && s.X[i] <= 0) {
				continue
			}
			pts = append(pts, plotter.XY{X: s.X[i], Y: s.Y[i]})
			if s.YErr != nil {
				e := s.YErr[i]
				errs = append(errs, struct{ Low, High float64 }{e, e})
			}
		}
		if len(pts) == 0 {
			continue
		}
		col := Palette[k%len(Palette)]
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
	return pl, nil
}

// grid adapts a Heatmap to plotter.GridXYZ (z[row=y][col=x]).
type grid struct{ h figure.Heatmap }

func (g grid) Dims() (c, r int)   { return len(g.h.X), len(g.h.Y) }
func (g grid) Z(c, r int) float64 { return g.h.Z[r][c] }
func (g grid) X(c int) float64    { return g.h.X[c] }
func (g grid) Y(r int) float64    { return g.h.Y[r] }

func heatmapPlot(p *figure.Panel, h figure.Heatmap, lo, hi float64) *plot.Plot {
	pl := plot.New()
	pl.Title.Text = h.Name
	pl.X.Label.Text, pl.Y.Label.Text = p.XLabel, p.YLabel
	pal := moreland.SmoothBlueRed().Palette(64)
	hm := plotter.NewHeatMap(grid{h}, pal)
	hm.Min, hm.Max = lo, hi
	hm.NaN = color.Gray{Y: 200}
	pl.Add(hm)
	return pl
}

func colourBar(lo, hi float64) *plot.Plot {
	cm := moreland.SmoothBlueRed()
	cm.SetMin(lo)
	cm.SetMax(hi)
	pl := plot.New()
	pl.Title.Text = "colour scale"
	pl.HideX()
	pl.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	return pl
}
