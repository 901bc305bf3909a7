package randomfeatures

import (
	"testing"

	"github.com/plmlab/plmlab/experiment/internal/exptest"
)

func TestRandomFeatures(t *testing.T) {
	c := RandomFeatures{}.Quick()
	c.N, c.Epochs, c.Test = 40, 50, 10
	r := exptest.MustRun(t, c)
	h := r.Figures()[0].Heatmaps
	if len(h) != 12 {
		t.Fatalf("%d heat maps, want 12", len(h))
	}
	for _, m := range h {
		if len(m.Z) != 6 || len(m.Z[0]) != 6 {
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
	if h[3].Name != "train hebb" || h[6].Name != "train PL (zoom)" {
		t.Errorf("heat maps %q, %q", h[3].Name, h[6].Name)
	}
	// At α = 0.1 PL stores every training example.
	for ix, v := range r.Grid.Z[0][0] {
		if v != 1 {
			t.Errorf("train PL at α = 0.1, α_D = %v: %v", c.AlphaDs[ix], v)
		}
	}
	// One column: curves against α instead of heat maps.
	c.AlphaDs, c.Zoom, c.Alphas = []float64{0.05}, nil, []float64{0.1, 1}
	s := exptest.MustRun(t, c).Figures()[0]
	if len(s.Series) != 6 || len(s.Heatmaps) != 0 || !s.Series[3].Dashed {
		t.Errorf("slice: %d series, %d heat maps", len(s.Series), len(s.Heatmaps))
	}
}

func TestRFExamples(t *testing.T) {
	r := exptest.MustRun(t, RFExamples{}.Quick())
	// With L = 3 an example overlaps each of its features by 1/2 on
	// average and the others by O(1/√N): it carries exactly 3.
	for mu, with := range r.Carries {
		if len(with) != 3 {
			t.Errorf("example %d carries %v", mu, with)
		}
	}
}
