package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no panel", nil, "usage"},
		{"unknown panel", []string{"nope"}, `unknown panel "nope"`},
		{"unknown flag", []string{"basins", "-bogus"}, "flag provided but not defined"},
		{"bad value", []string{"basins", "-alpha", "abc"}, "invalid value"},
		{"impossible alpha", []string{"basins", "-alpha", "3", "-out", t.TempDir()}, "-alpha must be in (0, 2)"},
		{"extra argument", []string{"basins", "extra"}, "unexpected arguments"},
		{"bad epochs", []string{"basin-size", "-epochs", "0", "-out", t.TempDir()}, "-epochs must be ≥ 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(c.args, &out, &errb); code != 2 {
				t.Errorf("exit code %d, want 2 (stderr %q)", code, errb.String())
			}
			if !strings.Contains(errb.String(), c.want) {
				t.Errorf("stderr %q does not mention %q", errb.String(), c.want)
			}
		})
	}
}

type panelJSON struct {
	Panel  string         `json:"panel"`
	Params map[string]any `json:"params"`
	Series []struct {
		Name string    `json:"name"`
		X    []float64 `json:"x"`
		Y    []float64 `json:"y"`
	} `json:"series"`
	Heatmaps []any `json:"heatmaps"`
}

func runPanel(t *testing.T, args ...string) panelJSON {
	t.Helper()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run(append(args, "-out", dir, "-q"), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, ext := range []string{".json", ".svg", ".png"} {
		st, err := os.Stat(filepath.Join(dir, args[0]+ext))
		if err != nil || st.Size() == 0 {
			t.Fatalf("%s%s missing or empty: %v", args[0], ext, err)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, args[0]+".json"))
	var p panelJSON
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	if p.Panel != args[0] || p.Params == nil || p.Heatmaps == nil {
		t.Fatalf("panel %q params %v heatmaps %v", p.Panel, p.Params, p.Heatmaps)
	}
	return p
}

func TestBasinsPanel(t *testing.T) {
	p := runPanel(t, "basins", "-n", "100", "-trials", "1", "-epochs", "100", "-seed", "2")
	want := []string{"PL", "Hebb", "pseudo-inverse", "perceptron k=0", "perceptron k=0.1", "perceptron k=0.7", "perceptron k=kmax"}
	if len(p.Series) != len(want) {
		t.Fatalf("%d series, want %d", len(p.Series), len(want))
	}
	for k, s := range p.Series {
		if s.Name != want[k] || len(s.X) != 21 || len(s.Y) != 21 {
			t.Errorf("series %d: %q with %d/%d points", k, s.Name, len(s.X), len(s.Y))
		}
		// Stored patterns are fixed points for every rule but Hebb at α = 0.4.
		if s.Name != "Hebb" && s.Y[20] != 1 {
			t.Errorf("%s: m_F(m_in=1) = %v, want 1", s.Name, s.Y[20])
		}
	}
	// Same seed, same numbers.
	q := runPanel(t, "basins", "-n", "100", "-trials", "1", "-epochs", "100", "-seed", "2")
	for k := range p.Series {
		for i := range p.Series[k].Y {
			if p.Series[k].Y[i] != q.Series[k].Y[i] {
				t.Fatalf("%s not reproducible at point %d", p.Series[k].Name, i)
			}
		}
	}
}

func TestBasinSizePanel(t *testing.T) {
	p := runPanel(t, "basin-size", "-n", "60", "-alpha-min", "0.2", "-alpha-max", "0.6", "-alpha-step", "0.2", "-epochs", "100")
	if len(p.Series) != 2 || p.Series[0].Name != "asymmetric" || p.Series[1].Name != "symmetric" {
		t.Fatalf("series %+v", p.Series)
	}
	for _, s := range p.Series {
		if len(s.X) != 3 || s.X[0] != 0.2 || s.X[2] != 0.6 {
			t.Errorf("%s: loads %v", s.Name, s.X)
		}
		// Basins shrink with the load.
		if !(s.Y[0] > s.Y[2]) {
			t.Errorf("%s: basin sizes %v do not shrink with α", s.Name, s.Y)
		}
	}
}

func TestPDeltaPanel(t *testing.T) {
	p := runPanel(t, "p-delta", "-alpha", "0.4", "-points", "141")
	want := []string{"lambda=0.2", "lambda=0.8", "lambda=1.6", "lambda=6.4", "hebbian", "kmax"}
	if len(p.Series) != len(want) {
		t.Fatalf("%d series", len(p.Series))
	}
	for k, s := range p.Series {
		if s.Name != want[k] || len(s.X) != 141 || s.X[0] != -2 || s.X[140] != 5 {
			t.Errorf("series %d: %q, %d points from %v", k, s.Name, len(s.X), s.X[0])
		}
		// Every density but the kmax tail (its delta is in params) integrates to ≈ 1.
		var area float64
		for i := 1; i < len(s.X); i++ {
			area += (s.Y[i] + s.Y[i-1]) / 2 * (s.X[i] - s.X[i-1])
		}
		if s.Name != "kmax" && s.Name != "lambda=6.4" && (area < 0.97 || area > 1.01) {
			t.Errorf("%s integrates to %v", s.Name, area)
		}
		if s.Name == "kmax" {
			w := p.Params["kmax_delta_weight"].(float64)
			if area+w < 0.97 || area+w > 1.03 {
				t.Errorf("kmax tail %v + delta %v ≠ 1", area, w)
			}
		}
	}
}

func TestPDeltaTrainPanel(t *testing.T) {
	p := runPanel(t, "p-delta-train", "-n", "60", "-alphas", "0.4", "-short", "5", "-long", "50")
	if len(p.Series) != 4 || p.Series[0].Name != "train alpha=0.4 epochs=5" || p.Series[3].Name != "theory alpha=0.4 epochs=50" {
		t.Fatalf("series %v", p.Series)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"p-delta-train", "-alphas", "0.4,x"}, &out, &errb); code != 2 {
		t.Errorf("bad -alphas: exit %d", code)
	}
}

type heatJSON struct {
	Heatmaps []struct {
		Name string      `json:"name"`
		X    []float64   `json:"x"`
		Y    []float64   `json:"y"`
		Z    [][]float64 `json:"z"`
	} `json:"heatmaps"`
}

func TestRFPanel(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"rf", "-n", "40", "-epochs", "10", "-test", "10", "-out", dir, "-q"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "rf.json"))
	var h heatJSON
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatal(err)
	}
	if len(h.Heatmaps) != 12 {
		t.Fatalf("%d heat maps, want 12", len(h.Heatmaps))
	}
	for _, m := range h.Heatmaps {
		ok := false
		for _, w := range []string{"train", "features", "test"} {
			ok = ok || strings.Contains(m.Name, w)
		}
		if !ok || len(m.Z) != 6 || len(m.Z[0]) != 6 {
			t.Errorf("heat map %q: %d×%d", m.Name, len(m.Z), len(m.Z[0]))
		}
		for _, row := range m.Z {
			for _, v := range row {
				if v < -1 || v > 1 {
					t.Fatalf("%s: overlap %v", m.Name, v)
				}
			}
		}
	}
	if !strings.Contains(h.Heatmaps[3].Name, "hebb") {
		t.Errorf("fourth heat map %q is not a Hebb one", h.Heatmaps[3].Name)
	}
}

func TestMNISTPanel(t *testing.T) {
	p := runPanel(t, "mnist", "-epochs", "40", "-test", "50", "-random", "20", "-steps", "10")
	if len(p.Series) != 3 || p.Series[0].Name != "train" || p.Series[1].Name != "test" || p.Series[2].Name != "random" {
		t.Fatalf("series %+v", p.Series)
	}
	for _, s := range p.Series {
		if len(s.X) != 5 || s.X[0] != 0.1 || s.X[4] != 10 {
			t.Errorf("%s: α %v", s.Name, s.X)
		}
	}
	// At α = 0.1 the training images are stored (overlap ≈ 1).
	if p.Series[0].Y[0] < 0.95 {
		t.Errorf("train overlap at α = 0.1: %v", p.Series[0].Y[0])
	}
	var out, errb bytes.Buffer
	if code := run([]string{"mnist", "-mnist", t.TempDir(), "-out", t.TempDir()}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "missing") {
		t.Errorf("empty MNIST folder: exit %d, %s", code, errb.String())
	}
}

func TestEA2DPanel(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir())
	p := runPanel(t, "ea2d", "-l", "6", "-temps", "4", "-eq", "50", "-alphas", "0.1,1,4", "-epochs", "30", "-test", "40", "-random", "20")
	want := []string{"train", "test", "random", "true couplings"}
	if len(p.Series) != 4 {
		t.Fatalf("%d series", len(p.Series))
	}
	for k, s := range p.Series {
		if s.Name != want[k] {
			t.Errorf("series %d named %q, want %q", k, s.Name, want[k])
		}
		for _, y := range s.Y {
			if y < -1 || y > 1 {
				t.Errorf("%s: overlap %v", s.Name, y)
			}
		}
	}
	if p.Series[0].Y[0] != 1 {
		t.Errorf("training configurations not stored at α = 0.1: %v", p.Series[0].Y[0])
	}
	if _, ok := p.Params["reconstruction_error"]; !ok {
		t.Error("no reconstruction error in params")
	}
}

func TestProteinsPanel(t *testing.T) {
	// A small synthetic alignment: noisy copies of three ancestors.
	var b strings.Builder
	r := newRand(3, 3)
	anc := make([][]byte, 3)
	for k := range anc {
		anc[k] = make([]byte, 30)
		for i := range anc[k] {
			anc[k][i] = "-ACDEFGHIKLMNPQRSTVWY"[r.IntN(21)]
		}
	}
	for m := 0; m < 120; m++ {
		seq := append([]byte(nil), anc[m%3]...)
		for i := range seq {
			if r.Float64() < 0.2 {
				seq[i] = "-ACDEFGHIKLMNPQRSTVWY"[r.IntN(21)]
			}
		}
		fmt.Fprintf(&b, ">s%d\n%s\n", m, seq)
	}
	path := filepath.Join(t.TempDir(), "toy.fasta")
	os.WriteFile(path, []byte(b.String()), 0o644)
	p := runPanel(t, "proteins", "-alignment", path, "-alphas", "0.2,1", "-epochs", "40", "-lr", "0.05", "-test", "30", "-pairs", "100")
	want := []string{"train asym", "test asym", "train sym", "test sym"}
	for k, w := range want {
		if p.Series[k].Name != w || len(p.Series[k].Y) != 2 {
			t.Fatalf("series %d: %q %v", k, p.Series[k].Name, p.Series[k].Y)
		}
	}
	if last := p.Series[len(p.Series)-1]; last.Name != "random pairs" {
		t.Errorf("last series %q, want the random-pair baseline", last.Name)
	}
	if p.Series[0].Y[0] != 1 {
		t.Errorf("training sequences not stored at α = 0.2: %v", p.Series[0].Y[0])
	}
	var out, errb bytes.Buffer
	if code := run([]string{"proteins", "-alignment", filepath.Join(t.TempDir(), "none.fasta"), "-out", t.TempDir()}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "not found") {
		t.Errorf("missing alignment: exit %d %s", code, errb.String())
	}
}
