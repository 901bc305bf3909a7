package figure

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestPanelJSONWritesNaNAsNull(t *testing.T) {
	p := Panel{Panel: "x", Series: []Series{{Name: "s", X: []float64{1, 2}, Y: []float64{0.5, math.NaN()}}}}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{`"y":[0.5,null]`, `"params":{}`, `"heatmaps":[]`, `"panel":"x"`} {
		if !strings.Contains(s, want) {
			t.Errorf("%s lacks %s", s, want)
		}
	}
}

func TestPanelJSONRoundTrip(t *testing.T) {
	p := Panel{Panel: "x", Title: "t", LogX: true, Caption: "c",
		Series:   []Series{{Name: "s", X: []float64{1, 2}, Y: []float64{0.5, math.Inf(1)}, YErr: []float64{0.1, math.NaN()}, Dashed: true}},
		Heatmaps: []Heatmap{{Name: "h", X: []float64{0, 1}, Y: []float64{2}, Z: [][]float64{{math.NaN(), 3}}}},
		Table:    &Table{Header: []string{"a"}, Rows: [][]string{{"1"}}},
		Images:   &Images{Width: 1, Height: 2, Cols: 1, Spins: [][]float32{{1, -1}}, Captions: []string{"x"}}}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var q Panel
	if err := json.Unmarshal(data, &q); err != nil {
		t.Fatal(err)
	}
	// ±Inf and NaN both come back as NaN ("not measured").
	if !math.IsNaN(q.Series[0].Y[1]) || !math.IsNaN(q.Series[0].YErr[1]) || !math.IsNaN(q.Heatmaps[0].Z[0][0]) || q.Heatmaps[0].Z[0][1] != 3 {
		t.Errorf("non-finite values not read back as NaN: %+v %+v", q.Series, q.Heatmaps)
	}
	q.Series[0].Y[1], q.Series[0].YErr[1], q.Heatmaps[0].Z[0][0] = p.Series[0].Y[1], p.Series[0].YErr[1], p.Heatmaps[0].Z[0][0]
	q.Params = nil
	if !reflect.DeepEqual(p.Table, q.Table) || !reflect.DeepEqual(p.Images, q.Images) || q.Caption != "c" || !q.LogX || !q.Series[0].Dashed {
		t.Errorf("round trip lost fields: %+v", q)
	}
}

func TestPanelValidate(t *testing.T) {
	for _, c := range []struct {
		p    Panel
		want string
	}{
		{Panel{}, "no name"},
		{Panel{Panel: "a", Series: []Series{{Name: "s", X: []float64{1}, Y: nil}}}, "1 x and 0 y"},
		{Panel{Panel: "a", Series: []Series{{Name: "s", X: []float64{math.NaN()}, Y: []float64{1}}}}, "x = NaN"},
		{Panel{Panel: "a", Series: []Series{{Name: "s", X: []float64{1}, Y: []float64{1}, YErr: []float64{1, 2}}}}, "2 error bars"},
		{Panel{Panel: "a", Heatmaps: []Heatmap{{Name: "h", X: []float64{1, 2}, Y: []float64{1}, Z: [][]float64{{1}}}}}, "row 0 has 1 values"},
		{Panel{Panel: "a", Heatmaps: []Heatmap{{Name: "h", X: []float64{1}, Y: []float64{1, 2}, Z: [][]float64{{1}}}}}, "1 rows for 2"},
		{Panel{Panel: "a", Legend: "middle"}, "legend"},
		{Panel{Panel: "a", Table: &Table{Header: []string{"a", "b"}, Rows: [][]string{{"1"}}}}, "1 cells for 2"},
		{Panel{Panel: "a", Images: &Images{Width: 2, Height: 2, Spins: [][]float32{{1, 1, 1}}}}, "3 spins"},
		{Panel{Panel: "a", Images: &Images{Width: 0, Height: 2}}, "0×2"},
	} {
		if err := c.p.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.p, err, c.want)
		}
	}
}

func TestHistogramIsADensity(t *testing.T) {
	v := make([]float64, 1000)
	for k := range v {
		v[k] = -1 + (float64(k)+0.5)*0.002 // uniform on [−1, 1), away from bin edges
	}
	s := HistogramSeries("u", v, -1, 1, 20)
	var area float64
	for _, y := range s.Y {
		area += y * 0.1
		if math.Abs(y-0.5) > 1e-12 {
			t.Errorf("uniform density on [−1, 1) is 0.5, got %v", y)
		}
	}
	if math.Abs(area-1) > 1e-12 || s.X[0] != -0.95 {
		t.Errorf("area %v, first centre %v", area, s.X[0])
	}
	f := FunctionSeries("sq", func(x float64) float64 { return x * x }, 0, 2, 5)
	if f.X[4] != 2 || f.Y[2] != 1 {
		t.Errorf("function series %v %v", f.X, f.Y)
	}
}
