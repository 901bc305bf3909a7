package plotting

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// Panel is one figure panel as data. Its JSON form is
//
//	{"panel":..., "params":{...}, "series":[{"name":..., "x":[...], "y":[...]}],
//	 "heatmaps":[{"name":..., "x":[...], "y":[...], "z":[[...]]}]}
//
// plus optional labels (title, x_label, y_label, log_x) and error bars
// (series "y_err").
type Panel struct {
	Panel  string `json:"panel"`
	Title  string `json:"title,omitempty"`
	XLabel string `json:"x_label,omitempty"`
	YLabel string `json:"y_label,omitempty"`
	LogX   bool   `json:"log_x,omitempty"`
	// Legend places the legend: "top-right" (default), "top-left",
	// "bottom-right" or "bottom-left".
	Legend   string         `json:"legend,omitempty"`
	Params   map[string]any `json:"params"`
	Series   []Series       `json:"series"`
	Heatmaps []Heatmap      `json:"heatmaps"`
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
}

// Heatmap is a named grid z[iy][ix] over x (columns) and y (rows).
type Heatmap struct {
	Name string      `json:"name"`
	X    []float64   `json:"x"`
	Y    []float64   `json:"y"`
	Z    [][]float64 `json:"z"`
}

// Validate checks that every series and heat map is consistent and finite
// (NaN is allowed in y and z for "not measured").
func (p *Panel) Validate() error {
	if p.Panel == "" {
		return errors.New("plotting: panel has no name")
	}
	switch p.Legend {
	case "", "top-right", "top-left", "bottom-right", "bottom-left":
	default:
		return fmt.Errorf("plotting: unknown legend position %q", p.Legend)
	}
	for _, s := range p.Series {
		if len(s.X) != len(s.Y) {
			return fmt.Errorf("plotting: series %q has %d x and %d y values", s.Name, len(s.X), len(s.Y))
		}
		if s.YErr != nil && len(s.YErr) != len(s.Y) {
			return fmt.Errorf("plotting: series %q has %d error bars for %d points", s.Name, len(s.YErr), len(s.Y))
		}
		for _, x := range s.X {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("plotting: series %q has x = %v", s.Name, x)
			}
		}
	}
	for _, h := range p.Heatmaps {
		if len(h.Z) != len(h.Y) {
			return fmt.Errorf("plotting: heat map %q has %d rows for %d y values", h.Name, len(h.Z), len(h.Y))
		}
		for r, row := range h.Z {
			if len(row) != len(h.X) {
				return fmt.Errorf("plotting: heat map %q row %d has %d values for %d x values", h.Name, r, len(row), len(h.X))
			}
		}
	}
	return nil
}

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

type nullableSeries struct {
	Name   string     `json:"name"`
	X      []float64  `json:"x"`
	Y      []*float64 `json:"y"`
	YErr   []*float64 `json:"y_err,omitempty"`
	Dashed bool       `json:"dashed,omitempty"`
	Points bool       `json:"points,omitempty"`
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

func nullSeries(s []Series) []nullableSeries {
	out := make([]nullableSeries, len(s))
	for k, v := range s {
		out[k] = nullableSeries{v.Name, v.X, nullable(v.Y), nullable(v.YErr), v.Dashed, v.Points}
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

// SavePanel writes DIR/PANEL.json, DIR/PANEL.svg and DIR/PANEL.png and
// returns their paths.
func SavePanel(p *Panel, dir string) ([]string, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("plotting: output directory: %w", err)
	}
	base := filepath.Join(dir, p.Panel)
	data, err := json.MarshalIndent(p, "", " ")
	if err != nil {
		return nil, fmt.Errorf("plotting: encoding %s: %w", p.Panel, err)
	}
	if err := os.WriteFile(base+".json", append(data, '\n'), 0o644); err != nil {
		return nil, err
	}
	paths := []string{base + ".json"}
	for _, ext := range []string{".svg", ".png"} {
		if err := SaveStatic(p, base+ext); err != nil {
			return paths, err
		}
		paths = append(paths, base+ext)
	}
	return paths, nil
}
