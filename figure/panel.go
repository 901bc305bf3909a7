package figure

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// Panel is one figure as data. Its JSON form is
//
//	{"panel":..., "config":{...}, "params":{...},
//	 "series":[{"name":..., "x":[...], "y":[...]}],
//	 "heatmaps":[{"name":..., "x":[...], "y":[...], "z":[[...]]}]}
//
// plus optional labels (title, x_label, y_label, log_x, log_y), error bars (series
// "y_err"), a caption, a table and images. NaN and ±Inf are written as null.
type Panel struct {
	Panel  string `json:"panel"`
	Title  string `json:"title,omitempty"`
	XLabel string `json:"x_label,omitempty"`
	YLabel string `json:"y_label,omitempty"`
	LogX   bool   `json:"log_x,omitempty"`
	// LogY draws y on a log axis (errors that fall like a power of x).
	LogY bool `json:"log_y,omitempty"`
	// Legend places the legend: "top-right" (default), "top-left",
	// "bottom-right" or "bottom-left".
	Legend string `json:"legend,omitempty"`
	// Caption is a sentence shown under the figure (what to read off it).
	Caption string `json:"caption,omitempty"`
	// Config is the configuration of the experiment that made the panel; a
	// panel file can be fed back to reproduce with -config.
	Config   any            `json:"config,omitempty"`
	Params   map[string]any `json:"params"`
	Series   []Series       `json:"series"`
	Heatmaps []Heatmap      `json:"heatmaps"`
	// SeriesOverFirst draws the series as lines over the first heat map
	// (in its coordinates: a phase diagram's theory lines over the measured
	// map) instead of in a chart of their own.
	SeriesOverFirst bool    `json:"series_over_first,omitempty"`
	Table           *Table  `json:"table,omitempty"`
	Images          *Images `json:"images,omitempty"`
}

// Series is a named curve y(x), with optional error bars.
type Series struct {
	Name string    `json:"name"`
	X    []float64 `json:"x"`
	Y    []float64 `json:"y"`
	YErr []float64 `json:"y_err,omitempty"`
	// Dashed draws a reference line (theory, bounds) dashed.
	Dashed bool `json:"dashed,omitempty"`
	// Points draws markers only (a scatter plot).
	Points bool `json:"points,omitempty"`
	// Faint draws the series light grey and small, under the others (a
	// background such as a true contact map); it takes no palette colour.
	Faint bool `json:"faint,omitempty"`
}

// Heatmap is a named grid z[iy][ix] over x (columns) and y (rows).
type Heatmap struct {
	Name string      `json:"name"`
	X    []float64   `json:"x"`
	Y    []float64   `json:"y"`
	Z    [][]float64 `json:"z"`
}

// Table is a small table of formatted cells.
type Table struct {
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
}

// Images is a grid of ±1 configurations drawn as Width×Height pictures
// (row-major, +1 dark), Cols per row, each with a caption.
type Images struct {
	Width    int         `json:"width"`
	Height   int         `json:"height"`
	Cols     int         `json:"cols"`
	Spins    [][]float32 `json:"spins"`
	Captions []string    `json:"captions"`
}

// Validate checks that every part of the panel is consistent and that x
// values are finite (NaN is allowed in y and z for "not measured").
func (p *Panel) Validate() error {
	if p.Panel == "" {
		return errors.New("figure: panel has no name")
	}
	switch p.Legend {
	case "", "top-right", "top-left", "bottom-right", "bottom-left":
	default:
		return fmt.Errorf("figure: %s: unknown legend position %q", p.Panel, p.Legend)
	}
	for _, s := range p.Series {
		if len(s.X) != len(s.Y) {
			return fmt.Errorf("figure: %s: series %q has %d x and %d y values", p.Panel, s.Name, len(s.X), len(s.Y))
		}
		if s.YErr != nil && len(s.YErr) != len(s.Y) {
			return fmt.Errorf("figure: %s: series %q has %d error bars for %d points", p.Panel, s.Name, len(s.YErr), len(s.Y))
		}
		for _, x := range s.X {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("figure: %s: series %q has x = %v", p.Panel, s.Name, x)
			}
		}
	}
	for _, h := range p.Heatmaps {
		if len(h.Z) != len(h.Y) {
			return fmt.Errorf("figure: %s: heat map %q has %d rows for %d y values", p.Panel, h.Name, len(h.Z), len(h.Y))
		}
		for r, row := range h.Z {
			if len(row) != len(h.X) {
				return fmt.Errorf("figure: %s: heat map %q row %d has %d values for %d x values", p.Panel, h.Name, r, len(row), len(h.X))
			}
		}
	}
	if t := p.Table; t != nil {
		for r, row := range t.Rows {
			if len(row) != len(t.Header) {
				return fmt.Errorf("figure: %s: table row %d has %d cells for %d columns", p.Panel, r, len(row), len(t.Header))
			}
		}
	}
	if im := p.Images; im != nil {
		if im.Width <= 0 || im.Height <= 0 {
			return fmt.Errorf("figure: %s: images of %d×%d spins", p.Panel, im.Width, im.Height)
		}
		for k, s := range im.Spins {
			if len(s) != im.Width*im.Height {
				return fmt.Errorf("figure: %s: image %d has %d spins, not %d×%d", p.Panel, k, len(s), im.Width, im.Height)
			}
		}
	}
	return nil
}

// HasPlot reports whether the panel has something to draw on axes (series
// or heat maps), as opposed to only a table or images.
func (p *Panel) HasPlot() bool { return len(p.Series) > 0 || len(p.Heatmaps) > 0 }

// MarshalJSON writes NaN and ±Inf (not representable in JSON) as null.
func (p Panel) MarshalJSON() ([]byte, error) {
	type plain Panel
	q := plain(p)
	if q.Params == nil {
		q.Params = map[string]any{}
	}
	return json.Marshal(struct {
		plain
		Series   []nullableSeries  `json:"series"`
		Heatmaps []nullableHeatmap `json:"heatmaps"`
	}{q, nullSeries(p.Series), nullHeatmaps(p.Heatmaps)})
}

// UnmarshalJSON reads null back as NaN.
func (p *Panel) UnmarshalJSON(b []byte) error {
	type plain Panel
	var q struct {
		plain
		Series   []nullableSeries  `json:"series"`
		Heatmaps []nullableHeatmap `json:"heatmaps"`
	}
	if err := json.Unmarshal(b, &q); err != nil {
		return err
	}
	*p = Panel(q.plain)
	p.Series, p.Heatmaps = nil, nil
	for _, s := range q.Series {
		p.Series = append(p.Series, Series{s.Name, s.X, fromNullable(s.Y), fromNullable(s.YErr), s.Dashed, s.Points, s.Faint})
	}
	for _, h := range q.Heatmaps {
		z := make([][]float64, len(h.Z))
		for r := range h.Z {
			z[r] = fromNullable(h.Z[r])
		}
		p.Heatmaps = append(p.Heatmaps, Heatmap{h.Name, h.X, h.Y, z})
	}
	return nil
}

type nullableSeries struct {
	Name   string     `json:"name"`
	X      []float64  `json:"x"`
	Y      []*float64 `json:"y"`
	YErr   []*float64 `json:"y_err,omitempty"`
	Dashed bool       `json:"dashed,omitempty"`
	Points bool       `json:"points,omitempty"`
	Faint  bool       `json:"faint,omitempty"`
}

type nullableHeatmap struct {
	Name string       `json:"name"`
	X    []float64    `json:"x"`
	Y    []float64    `json:"y"`
	Z    [][]*float64 `json:"z"`
}

func nullable(v []float64) []*float64 {
	if v == nil {
		return nil
	}
	out := make([]*float64, len(v))
	for k := range v {
		if !math.IsNaN(v[k]) && !math.IsInf(v[k], 0) {
			x := v[k]
			out[k] = &x
		}
	}
	return out
}

func fromNullable(v []*float64) []float64 {
	if v == nil {
		return nil
	}
	out := make([]float64, len(v))
	for k, x := range v {
		out[k] = math.NaN()
		if x != nil {
			out[k] = *x
		}
	}
	return out
}

func nullSeries(s []Series) []nullableSeries {
	out := make([]nullableSeries, len(s))
	for k, v := range s {
		out[k] = nullableSeries{v.Name, v.X, nullable(v.Y), nullable(v.YErr), v.Dashed, v.Points, v.Faint}
	}
	return out
}

func nullHeatmaps(h []Heatmap) []nullableHeatmap {
	out := make([]nullableHeatmap, len(h))
	for k, v := range h {
		z := make([][]*float64, len(v.Z))
		for r := range v.Z {
			z[r] = nullable(v.Z[r])
		}
		out[k] = nullableHeatmap{v.Name, v.X, v.Y, z}
	}
	return out
}
