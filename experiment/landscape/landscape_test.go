package landscape

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment/internal/exptest"
	"github.com/plmlab/plmlab/figure"
)

func TestPhaseDiagram(t *testing.T) {
	c := PhaseDiagram{N: 100, Alphas: []float64{0.03, 0.3}, Temps: []float64{0.05, 1.5}, DreamTimes: []float64{10}, Starts: 3, BurnIn: 20, Sweeps: 30,
		Epochs: 100, LR: 10, Clip: 20, AGSPoints: 3, Seed: 1}
	r := exptest.MustRun(t, c)
	p := r.Figures()[0]
	if len(p.Heatmaps) != 3 || p.Heatmaps[0].Name != "Hebb" || p.Heatmaps[1].Name != "PL" || p.Heatmaps[2].Name != "dreaming t=10" {
		t.Fatalf("heat maps %v", p.Heatmaps)
	}
	if names := [3]string{p.Series[0].Name, p.Series[1].Name, p.Series[2].Name}; names != [3]string{"AGS T_M", "AGS T_c", "T_g"} {
		t.Errorf("series %v", names)
	}
	z := r.Z // [rule][T][α]
	if !(z[0][0][0] > 0.9 && z[0][0][1] < 0.5 && z[1][0][1] > 0.9 && z[2][0][1] > 0.9) {
		t.Errorf("T = 0.05: Hebb %.2f / %.2f, PL %.2f, dreaming %.2f at α = 0.03 / 0.3", z[0][0][0], z[0][0][1], z[1][0][1], z[2][0][1])
	}
	for k := range z {
		for ia := range c.Alphas {
			if math.Abs(z[k][1][ia]) > 0.3 {
				t.Errorf("%s at T = 1.5, α = %v: overlap %.2f above every transition", r.Rules[k], c.Alphas[ia], z[k][1][ia])
			}
		}
	}
	// Each AGS line stops at its end, at T = 0, and draws nothing past it.
	for _, line := range []struct {
		s   figure.Series
		end float64
	}{{p.Series[0], r.Lines.EndM}, {p.Series[1], r.Lines.EndC}} {
		n := len(line.s.X)
		if n == 0 || line.s.X[n-1] != line.end || line.s.Y[n-1] != 0 || slices.Max(line.s.X) != line.end || slices.Contains(line.s.Y[:n-1], 0) {
			t.Errorf("%s: %v, %v; want T > 0 below its end %.4f, then (end, 0)", line.s.Name, line.s.X, line.s.Y, line.end)
		}
	}
	if math.Abs(r.Lines.EndM-0.138) > 0.003 || math.Abs(r.Lines.EndC-0.051) > 0.003 {
		t.Errorf("line ends %.4f, %.4f", r.Lines.EndM, r.Lines.EndC)
	}
	for k, a := range r.Lines.Alpha {
		if a >= 0.15 && r.Lines.TM[k] != 0 || math.Abs(r.Lines.TG[k]-1-math.Sqrt(a)) > 1e-12 || r.Lines.TC[k] > r.Lines.TM[k] {
			t.Errorf("lines at α = %v: T_M %v, T_c %v, T_g %v", a, r.Lines.TM[k], r.Lines.TC[k], r.Lines.TG[k])
		}
	}
	bad := c
	bad.Starts = 4
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "α = 0.03 gives only 3 patterns") {
		t.Errorf("too many starts: %v", err)
	}
}

func TestRBMDuality(t *testing.T) {
	r := exptest.MustRun(t, RBMDuality{}.Quick())
	for _, row := range r.Rows {
		if math.Abs(row.LogZRBM-row.LogZHop) > 1e-6*row.LogZHop {
			t.Errorf("β = %v: log Z %v against %v", row.Beta, row.LogZRBM, row.LogZHop)
		}
		for name, v := range map[string][2]float64{"Gibbs": {row.M2Gibbs, row.M2GibbsSE}, "heat bath": {row.M2Heat, row.M2HeatSE}} {
			if math.Abs(v[0]-row.M2Exact) > 4*v[1] {
				t.Errorf("β = %v, %s: ⟨m²⟩ %.4f ± %.4f, exact %.4f", row.Beta, name, v[0], v[1], row.M2Exact)
			}
		}
	}
	if err := (RBMDuality{N: 30, P: 2, Betas: []float64{1}, Chains: 2, Sweeps: 1}).Validate(); err == nil || !strings.Contains(err.Error(), "2^N states") {
		t.Errorf("N = 30: %v", err)
	}
}

// CD from Hopfield weights starts below, and stays ahead of, CD from random
// weights on the same budget; both learn beyond independent pixels.
func TestRBMMNIST(t *testing.T) {
	if _, err := data.FindMNIST(); err != nil {
		t.Skip(err)
	}
	c := RBMMNIST{}.Quick()
	c.Train, c.Test, c.Epochs, c.PLEpochs = 1000, 200, 6, 30
	r := exptest.MustRun(t, c)
	if len(r.Random) != 7 || len(r.Hopfield) != 7 {
		t.Fatalf("%d and %d log entries", len(r.Random), len(r.Hopfield))
	}
	if math.Abs(r.Random[0].TestPL-r.Independent) > 0.01 {
		t.Errorf("random start %.4f, independent pixels %.4f", r.Random[0].TestPL, r.Independent)
	}
	for e := 0; e <= 6; e++ {
		if !(r.Hopfield[e].TestPL < r.Random[e].TestPL) {
			t.Errorf("epoch %d: Hopfield start %.4f, random start %.4f", e, r.Hopfield[e].TestPL, r.Random[e].TestPL)
		}
	}
	if !(r.Random[6].TestPL < r.Independent-0.01 && r.PL < r.Hopfield[6].TestPL) {
		t.Errorf("test losses: independent %.4f, random %.4f, Hopfield %.4f, PL %.4f", r.Independent, r.Random[6].TestPL, r.Hopfield[6].TestPL, r.PL)
	}
}

func TestRetrievalTrace(t *testing.T) {
	c := RetrievalTrace{N: 100, Alpha: 0.1, T: 0, Starts: 3, Sweeps: 20, Epochs: 200, LR: 10, Clip: 20, Seed: 1}
	r := exptest.MustRun(t, c)
	// T = 0 is the zero-temperature dynamics: PL's patterns are fixed
	// points at α = 0.1, so its overlap is 1 after every sweep.
	for s, m := range r.Overlap[1] {
		if m != 1 {
			t.Fatalf("PL at T = 0: overlap %v after sweep %d, want 1", m, s+1)
		}
	}
	if r.AGSSolved || len(r.Figures()[0].Series) != 2 {
		t.Error("the AGS overlap was drawn at T = 0")
	}
	if math.Abs(r.TM-0.315) > 0.01 || r.TC != 0 {
		t.Errorf("AGS lines at α = 0.1: T_M %.3f, T_c %.3f; want ≈ 0.315 and 0 (T_c ends at α ≈ 0.051)", r.TM, r.TC)
	}
	// Inside the retrieval region Hebb's chains stay near the AGS overlap;
	// far above every line both rules' overlaps are noise.
	c.Alpha, c.T, c.Sweeps = 0.05, 0.3, 40
	r = exptest.MustRun(t, c)
	if !r.AGSSolved || r.AGSM < 0.9 || math.Abs(r.Final[0]-r.AGSM) > 0.1 {
		t.Errorf("α = 0.05, T = 0.3: Hebb %.3f against AGS m %.3f", r.Final[0], r.AGSM)
	}
	c.T = 3
	r = exptest.MustRun(t, c)
	if r.AGSM != 0 || math.Abs(r.Final[0]) > 0.3 || math.Abs(r.Final[1]) > 0.3 {
		t.Errorf("T = 3: AGS m %.3f, Hebb %.3f, PL %.3f; want all near 0", r.AGSM, r.Final[0], r.Final[1])
	}
	if again := exptest.MustRun(t, c); !slices.Equal(again.Overlap[0], r.Overlap[0]) || !slices.Equal(again.Overlap[1], r.Overlap[1]) {
		t.Error("same seed, different chains")
	}
	for _, bad := range []RetrievalTrace{{N: 100, Alpha: 0.1, T: -1, Starts: 1, Sweeps: 1, Epochs: 1, LR: 1, Clip: 1},
		{N: 100, Alpha: 0.01, T: 1, Starts: 5, Sweeps: 1, Epochs: 1, LR: 1, Clip: 1}} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
