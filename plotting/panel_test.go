package plotting

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
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

func TestPanelValidate(t *testing.T) {
	for _, c := range []struct {
		p    Panel
		want string
	}{
		{Panel{}, "no name"},
		{Panel{Panel: "a", Series: []Series{{Name: "s", X: []float64{1}, Y: nil}}}, "1 x and 0 y"},
		{Panel{Panel: "a", Series: []Series{{Name: "s", X: []float64{math.NaN()}, Y: []float64{1}}}}, "x = NaN"},
		{Panel{Panel: "a", Heatmaps: []Heatmap{{Name: "h", X: []float64{1, 2}, Y: []float64{1}, Z: [][]float64{{1}}}}}, "row 0 has 1 values"},
		{Panel{Panel: "a", Legend: "middle"}, "legend"},
	} {
		if err := c.p.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.p, err, c.want)
		}
	}
}

func TestSavePanel(t *testing.T) {
	dir := t.TempDir()
	p := &Panel{
		Panel: "demo", XLabel: "α", YLabel: "m", LogX: true,
		Series:   []Series{{Name: "a", X: []float64{0.1, 1, 10}, Y: []float64{0.2, 0.5, math.NaN()}, YErr: []float64{0.01, 0.02, 0}}},
		Heatmaps: []Heatmap{{Name: "h", X: []float64{0, 1}, Y: []float64{0, 1, 2}, Z: [][]float64{{0, 1}, {1, 0}, {0.5, 0.5}}}},
	}
	paths, err := SavePanel(p, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3 {
		t.Fatalf("paths %v", paths)
	}
	svg, _ := os.ReadFile(filepath.Join(dir, "demo.svg"))
	if !strings.Contains(string(svg), "<svg") {
		t.Error("SVG file has no <svg> element")
	}
	png, _ := os.ReadFile(filepath.Join(dir, "demo.png"))
	if len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Error("PNG file lacks the PNG signature")
	}
	if err := SaveStatic(p, filepath.Join(dir, "demo.gif")); err == nil {
		t.Error("unknown image format accepted")
	}
}
