package vector

import (
	"math"
	"testing"

	"github.com/plmlab/plmlab/experiment/internal/exptest"
)

// One step from noisy starts follows the theory for Hebb's couplings above
// saturation, m0* is read where the curve crosses the diagonal, and PL
// couplings on the same patterns denoise at least as far as Hebb's.
func TestVectorFirstStep(t *testing.T) {
	c := VectorFirstStep{}.Quick()
	c.N, c.Dims, c.Loads, c.PLLoads, c.Starts, c.Epochs = 150, []int{1, 3}, []float64{0.25, 0.5}, []float64{0.5}, 6, 150
	r := exptest.MustRun(t, c)
	exptest.CheckFigures(t, r.Figures())
	if len(r.Points) != 5 {
		t.Fatalf("%d points", len(r.Points))
	}
	for _, p := range r.Points[:4] {
		if p.Load != 0.5 {
			continue
		}
		k := 0
		if p.D == 3 {
			k = 1
		}
		for i, m1 := range p.M1 {
			if th := r.TheoryM1[k][i]; math.Abs(m1-th) > 4*p.M1Err[i]+0.03 {
				t.Errorf("Hebb d = %d, m0 = %.2f: m1 = %.3f ± %.3f, theory %.3f", p.D, c.m0Grid()[i], m1, p.M1Err[i], th)
			}
		}
	}
	hebb3, pl3 := r.Points[3], r.Points[4]
	if hebb3.D != 3 || pl3.Rule != "pl" || pl3.FixedPoint < hebb3.FixedPoint {
		t.Errorf("α′ = 0.5, d = 3: Hebb m0* %.3f, PL %.3f", hebb3.FixedPoint, pl3.FixedPoint)
	}
}

func TestCrossing(t *testing.T) {
	m0 := []float64{0.2, 0.4, 0.6, 0.8}
	for _, c := range []struct {
		m1   []float64
		want float64
	}{
		{[]float64{0.3, 0.5, 0.5, 0.6}, 0.5}, // falls through at 0.5
		{[]float64{0.1, 0.3, 0.5, 0.7}, 0},   // never above
		{[]float64{0.3, 0.5, 0.7, 0.9}, 0.8}, // above at the top: a lower bound
	} {
		if got := crossing(m0, c.m1); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("m1 %v: m0* = %v, want %v", c.m1, got, c.want)
		}
	}
}
