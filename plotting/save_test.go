package plotting

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/figure"
)

func TestSavePanel(t *testing.T) {
	dir := t.TempDir()
	p := &figure.Panel{
		Panel: "demo", XLabel: "α", YLabel: "m", LogX: true,
		Series:   []figure.Series{{Name: "a", X: []float64{0.1, 1, 10}, Y: []float64{0.2, 0.5, math.NaN()}, YErr: []float64{0.01, 0.02, 0}}},
		Heatmaps: []figure.Heatmap{{Name: "h", X: []float64{0, 1}, Y: []float64{0, 1, 2}, Z: [][]float64{{0, 1}, {1, 0}, {0.5, 0.5}}}},
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
	// Nothing but the final files: temporary files are renamed or removed.
	files, _ := os.ReadDir(dir)
	if len(files) != 3 {
		t.Errorf("%d files in the output folder, want 3", len(files))
	}
}

func TestSaveImagesAndTables(t *testing.T) {
	dir := t.TempDir()
	im := &figure.Panel{Panel: "digits", Images: &figure.Images{Width: 2, Height: 2, Cols: 2, Spins: [][]float32{{1, -1, -1, 1}, {1, 1, -1, -1}, {-1, -1, -1, -1}}}}
	tab := &figure.Panel{Panel: "numbers", Table: &figure.Table{Header: []string{"a"}, Rows: [][]string{{"1"}}}}
	paths, err := SaveFigures([]*figure.Panel{im, tab}, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"digits.json", "digits.png", "numbers.json"}
	if len(paths) != len(want) {
		t.Fatalf("wrote %v, want %v", paths, want)
	}
	for k, w := range want {
		if filepath.Base(paths[k]) != w {
			t.Errorf("file %d is %s, want %s", k, paths[k], w)
		}
	}
	if _, err := SavePanel(&figure.Panel{Panel: "bad", Images: &figure.Images{Width: 2, Height: 2, Spins: [][]float32{{1}}}}, dir); err == nil {
		t.Error("an image of the wrong size was saved")
	}
}

func TestFigureHTML(t *testing.T) {
	p := &figure.Panel{Panel: "x", Title: "T", Caption: "read <this>",
		Series:   []figure.Series{{Name: "s", X: []float64{1, 2}, Y: []float64{1, math.NaN()}}},
		Heatmaps: []figure.Heatmap{{Name: "h", X: []float64{0}, Y: []float64{0}, Z: [][]float64{{1}}}},
		Table:    &figure.Table{Header: []string{"a"}, Rows: [][]string{{"1"}}}}
	h := FigureHTML(p)
	if n := strings.Count(h, `class="`+ChartClass+`"`); n != 2 {
		t.Errorf("%d chart divs, want 2 (lines and one heat map)", n)
	}
	for _, want := range []string{"<table", "read &lt;this&gt;"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	if bad := FigureHTML(&figure.Panel{}); !strings.Contains(bad, "no name") {
		t.Errorf("an invalid figure renders as %q", bad)
	}
}

// failingWriter writes some bytes, then fails, like a full disk.
type failingWriter struct{}

func (failingWriter) WriteTo(w io.Writer) (int64, error) {
	n, _ := w.Write([]byte("<svg partial"))
	return int64(n), errors.New("no space left on device")
}

func TestFailedWriteLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p-delta.svg")
	if err := writeTo(path, failingWriter{}); err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("failed write: %v", err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("a failed write left %d files (%s…)", len(files), files[0].Name())
	}
}

// Series drawn over the first heat map: no chart of their own, lines in
// the heat map's cell coordinates, points beyond the map dropped.
func TestSeriesOverFirstHeatmap(t *testing.T) {
	p := &figure.Panel{Panel: "pd", SeriesOverFirst: true,
		Heatmaps: []figure.Heatmap{{Name: "Hebb", X: []float64{0.1, 0.2, 0.4}, Y: []float64{0, 1}, Z: [][]float64{{1, 1, 0}, {0, 0, 0}}},
			{Name: "PL", X: []float64{0.1, 0.2, 0.4}, Y: []float64{0, 1}, Z: [][]float64{{1, 1, 1}, {0, 0, 0}}}},
		Series: []figure.Series{{Name: "T_M", X: []float64{0.1, 0.3, 0.9}, Y: []float64{0.5, 0.25, 0}}}}
	cs := Charts(p)
	if len(cs) != 2 {
		t.Fatalf("%d charts, want the two heat maps only", len(cs))
	}
	var opt struct {
		Series []struct {
			Type string `json:"type"`
			Name string `json:"name"`
			Data []any  `json:"data"`
		} `json:"series"`
		XAxis []map[string]any `json:"xAxis"`
	}
	if err := json.Unmarshal([]byte(cs[0].Option), &opt); err != nil {
		t.Fatal(err)
	}
	if len(opt.Series) != 2 || opt.Series[1].Type != "line" || opt.Series[1].Name != "T_M" || len(opt.XAxis) != 2 {
		t.Fatalf("first chart: %+v", opt)
	}
	d := opt.Series[1].Data
	// α = 0.3 lies halfway between cells 1 and 2; α = 0.9 is off the map.
	if p0, ok := d[1].([]any); !ok || p0[0].(float64) != 1.5 || p0[1].(float64) != 0.25 || d[2] != nil {
		t.Errorf("line data %v", d)
	}
	if strings.Contains(cs[1].Option, `"T_M"`) {
		t.Error("the lines were drawn over the second map too")
	}
	for _, c := range []struct {
		v    []float64
		x    float64
		want float64
		ok   bool
	}{{[]float64{1, 2, 4}, 3, 1.5, true}, {[]float64{1, 2, 4}, 0.5, -0.5, true}, {[]float64{1, 2, 4}, 0.4, -0.6, false}, {[]float64{1, 2, 4}, 5, 2.5, true}, {[]float64{1}, 1.2, 0, true}} {
		if got, ok := cellIndex(c.v, c.x); ok != c.ok || (ok && math.Abs(got-c.want) > 1e-12) {
			t.Errorf("cellIndex(%v, %v) = %v, %v; want %v, %v", c.v, c.x, got, ok, c.want, c.ok)
		}
	}
	dir := t.TempDir()
	if _, err := SaveFigures([]*figure.Panel{p}, dir); err != nil {
		t.Fatal(err)
	}
}

// On a log y axis points at y ≤ 0 are gaps and error bars stop at y/10;
// both writers draw the panel.
func TestLogYAxis(t *testing.T) {
	p := &figure.Panel{Panel: "logy", LogX: true, LogY: true,
		Series: []figure.Series{{Name: "γ", X: []float64{1, 10, 100}, Y: []float64{1, 0, 0.01}, YErr: []float64{2, 0.1, -0.005}}}}
	q, notes := drawable(p)
	if !math.IsNaN(q.Series[0].Y[1]) || q.Series[0].YErr[2] != 0.005 || len(notes) != 0 {
		t.Errorf("drawable: %+v, notes %v", q.Series[0], notes)
	}
	if lo, hi, _ := yRange(q); lo != 0.005 || hi != 3 {
		t.Errorf("y range [%v, %v], want [0.005, 3] (the first bar stops at 1/10)", lo, hi)
	}
	if err := SaveStatic(p, filepath.Join(t.TempDir(), "logy.svg")); err != nil {
		t.Fatal(err)
	}
	if c := LineChart(p); !strings.Contains(c.Option, `"type":"log"`) || strings.Count(c.Option, `"type":"log"`) != 2 {
		t.Errorf("echarts axes are not both log: %s", c.Option)
	}
}

// A faint series is grey and takes no palette colour: the next series is
// drawn in the first colour.
func TestFaintSeries(t *testing.T) {
	p := &figure.Panel{Panel: "faint", Series: []figure.Series{
		{Name: "truth", X: []float64{1, 2}, Y: []float64{1, 2}, Points: true, Faint: true},
		{Name: "guess", X: []float64{1, 2}, Y: []float64{2, 1}, Points: true}}}
	o := LineChart(p).Option
	item := func(c string) bool { return strings.Contains(o, `"itemStyle":{"color":"`+c+`"}`) }
	if !item("#c8c8c8") || !item(htmlColors[0]) || item(htmlColors[1]) {
		t.Errorf("colours in %s", o)
	}
	if err := SaveStatic(p, filepath.Join(t.TempDir(), "faint.png")); err != nil {
		t.Fatal(err)
	}
}
