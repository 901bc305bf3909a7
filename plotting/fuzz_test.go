package plotting

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/plmlab/plmlab/figure"
)

// floats reads b as float64s (8 bytes each).
func floats(b []byte) []float64 {
	out := make([]float64, len(b)/8)
	for k := range out {
		out[k] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*k:]))
	}
	return out
}

func bytesOf(v ...float64) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

// fuzzPanel builds a panel of arbitrary floats: a series with error bars
// (lengths taken from the input), a heat map, and the axis flags.
func fuzzPanel(data []byte, nx, ny uint8, logX bool) *figure.Panel {
	v := floats(data)
	take := func(n int) []float64 {
		n = min(n, len(v))
		out := v[:n]
		v = v[n:]
		return out
	}
	x, y, e := take(int(nx%16)), take(int(ny%16)), take(int(ny%16))
	hx, hy := take(int(nx%4)), take(int(ny%4))
	z := make([][]float64, len(hy))
	for r := range z {
		z[r] = take(len(hx))
	}
	return &figure.Panel{Panel: "fuzz", LogX: logX, LogY: logX,
		Series:   []figure.Series{{Name: "s", X: x, Y: y, YErr: e}, {Name: "t", X: x, Y: x}},
		Heatmaps: []figure.Heatmap{{Name: "h", X: hx, Y: hy, Z: z}}}
}

// checkOption says whether a chart option is valid JavaScript as far as
// its data go: JSON once the band functions are taken out, with no NaN or
// Inf anywhere.
func checkOption(t *testing.T, c *Chart) {
	t.Helper()
	o := c.Option
	for strings.Contains(o, "function(") {
		i := strings.Index(o, "function(")
		j := strings.Index(o[i:], ";}")
		if j < 0 {
			t.Fatalf("unterminated function in %s", o)
		}
		body := o[i : i+j]
		if strings.Contains(body, "NaN") || strings.Contains(body, "Inf") {
			t.Fatalf("band data holds NaN or Inf: %s", body)
		}
		o = o[:i] + "null" + o[i+j+2:]
	}
	if !json.Valid([]byte(o)) {
		t.Fatalf("option is not valid JSON: %s", o)
	}
}

// seeds are panels that once broke a chart writer (see issue 9).
func seeds(f *testing.F) {
	f.Add(bytesOf(1, 2, 3, 0.5, math.NaN(), 0.2, 0.1, 0.1, 0.1), uint8(3), uint8(3), false)
	f.Add(bytesOf(math.NaN(), math.NaN(), math.NaN(), math.NaN()), uint8(2), uint8(2), true)
	f.Add(bytesOf(1, 2, 1e308, -1e308, 0, 0), uint8(2), uint8(2), false)
	f.Add(bytesOf(-1, 0, 3, math.Inf(1), math.Inf(-1), 4), uint8(3), uint8(1), true)
	f.Add(bytesOf(0, 1, math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()), uint8(2), uint8(2), false)
	f.Add(bytesOf(2.7e19, 2.7e19, 2.7e19), uint8(2), uint8(2), true)
}

// FuzzCharts: interactive charts of arbitrary floats are valid JavaScript.
func FuzzCharts(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte, nx, ny uint8, logX bool) {
		p := fuzzPanel(data, nx, ny, logX)
		for _, c := range Charts(p) {
			checkOption(t, c)
		}
		checkOption(t, LineChart(p))
		_ = FigureHTML(p)
	})
}

// FuzzStatic: static figures of arbitrary floats draw without a panic or a
// hang (on a coarse in-memory canvas; the file writers add only encoding).
func FuzzStatic(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte, nx, ny uint8, logX bool) {
		p := fuzzPanel(data, nx, ny, logX)
		err := drawStatic(p, func(w, h vg.Length) draw.Canvas {
			return draw.New(vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(8)))
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// The files themselves, for the seeds.
func TestStaticFilesOfHostilePanels(t *testing.T) {
	dir := t.TempDir()
	for k, p := range []*figure.Panel{
		fuzzPanel(bytesOf(1, 2, 1e308, -1e308, 0, 0), 2, 2, false),
		fuzzPanel(bytesOf(-1, 0, 3, math.Inf(1), math.Inf(-1), 4), 3, 1, true),
		fuzzPanel(bytesOf(math.NaN(), math.NaN(), math.NaN(), math.NaN()), 2, 2, true),
		{Panel: "short", Series: []figure.Series{{Name: "a", X: []float64{1, 2, 3}, Y: []float64{1}, YErr: []float64{math.NaN()}}}},
	} {
		for _, ext := range []string{".svg", ".png"} {
			if err := SaveStatic(p, filepath.Join(dir, fmt.Sprint(k)+ext)); err != nil {
				t.Errorf("panel %d%s: %v", k, ext, err)
			}
		}
	}
	q, notes := drawable(&figure.Panel{Panel: "short", Series: []figure.Series{{Name: "a", X: []float64{1, 2, 3}, Y: []float64{1}}}})
	if len(notes) != 1 || !strings.Contains(q.Caption, `series "a": 3 x and 1 y values, 1 points drawn`) {
		t.Errorf("notes %v, caption %q", notes, q.Caption)
	}
}
