package replica

import (
	"math"
	"testing"

	"github.com/plmlab/plmlab/experiment/internal/exptest"
	"github.com/plmlab/plmlab/plm"
)

func TestPDelta(t *testing.T) {
	c := PDelta{}.Quick()
	c.Points = 141
	r := exptest.MustRun(t, c)
	p := r.Figures()[0]
	want := []string{"lambda=0.2", "lambda=0.8", "lambda=1.6", "lambda=6.4", "hebbian", "kmax"}
	if len(p.Series) != len(want) {
		t.Fatalf("%d series", len(p.Series))
	}
	for k, s := range p.Series {
		if s.Name != want[k] || len(s.X) != 141 || s.X[0] != -2 || s.X[140] != 5 {
			t.Errorf("series %d: %q, %d points from %v", k, s.Name, len(s.X), s.X[0])
		}
		// Every density but the kmax tail (its delta is separate) integrates
		// to ≈ 1 on [−2, 5]; λ = 6.4 is too peaked for this grid.
		var area float64
		for i := 1; i < len(s.X); i++ {
			area += (s.Y[i] + s.Y[i-1]) / 2 * (s.X[i] - s.X[i-1])
		}
		if s.Name != "kmax" && s.Name != "lambda=6.4" && (area < 0.97 || area > 1.01) {
			t.Errorf("%s integrates to %v", s.Name, area)
		}
		if s.Name == "kmax" && math.Abs(area+r.DeltaWeight-1) > 0.03 {
			t.Errorf("kmax tail %v + delta %v ≠ 1", area, r.DeltaWeight)
		}
	}
	// The mean stability grows with λ and the fraction of positive
	// stabilities towards 1.
	for k := 1; k < len(r.Solved); k++ {
		if !(r.Solved[k].Stable >= r.Solved[k-1].Stable) || !(r.Solved[k].Mean < r.Solved[k-1].Mean) || !(r.Solved[k].Std < r.Solved[k-1].Std) {
			t.Errorf("P(Δ > 0) does not grow, or the mean and spread do not shrink, with λ: %+v", r.Solved)
		}
	}
	if r.Solved[0].Stable > 0.99 || r.Solved[3].Stable < 1-1e-9 {
		t.Errorf("P(Δ > 0) from %v to %v", r.Solved[0].Stable, r.Solved[3].Stable)
	}
	// κ_max is where Gardner's capacity equals the load.
	if a := plm.GardnerCapacity(r.KappaMax); math.Abs(a-0.4) > 1e-6 {
		t.Errorf("α_c(κ_max) = %v, want 0.4", a)
	}
}

func TestPDeltaTrain(t *testing.T) {
	c := PDeltaTrain{}.Quick()
	c.N, c.Alphas, c.Short, c.Long = 60, []float64{0.4}, 5, 50
	r := exptest.MustRun(t, c)
	p := r.Figures()[0]
	if len(p.Series) != 4 || p.Series[0].Name != "train alpha=0.4 epochs=5" || p.Series[3].Name != "theory alpha=0.4 epochs=50" {
		t.Fatalf("series %v", p.Series)
	}
	// Free norm: λ(t) grows with training.
	if !(r.Snapshots[1].Lambda > r.Snapshots[0].Lambda) {
		t.Errorf("λ(t) %v then %v", r.Snapshots[0].Lambda, r.Snapshots[1].Lambda)
	}
	if n := len(r.SnapshotFigures()); n != 2 {
		t.Errorf("%d snapshot figures", n)
	}
}

func TestPDeltaFixedMatchesTheory(t *testing.T) {
	r := exptest.MustRun(t, PDeltaFixed{}.Quick())
	if math.Abs(r.Mean-r.TheoryMean) > 0.03 || math.Abs(r.Std-r.TheoryStd) > 0.03 {
		t.Errorf("trained mean/std %.4f/%.4f, theory %.4f/%.4f", r.Mean, r.Std, r.TheoryMean, r.TheoryStd)
	}
}
