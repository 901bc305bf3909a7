package training

import (
	"math"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/experiment/internal/exptest"
)

func TestPLTraining(t *testing.T) {
	c := PLTraining{}.Quick()
	c.N, c.Epochs = 100, 100
	r := exptest.MustRun(t, c)
	first, last := r.Log[0], r.Log[len(r.Log)-1]
	if len(r.Log) != 101 || !(last.Loss < first.Loss/5) || !(last.Lambda > first.Lambda) {
		t.Errorf("log: %d entries, first %+v, last %+v", len(r.Log), first, last)
	}
	if r.StoredPL != 1 || r.StoredHebb != 0 {
		t.Errorf("stored at α = 0.4: PL %v, Hebb %v", r.StoredPL, r.StoredHebb)
	}
	if len(r.Figures()) != 4 {
		t.Errorf("%d figures", len(r.Figures()))
	}
}

func TestRowEquivalence(t *testing.T) {
	c := RowEquivalence{}.Quick()
	c.N, c.Epochs, c.Rows = 60, 50, []int{0, 59}
	r := exptest.MustRun(t, c)
	for k, d := range r.MaxDiff {
		if d > RowTolerance || !(r.Norm[k] > 0) {
			t.Errorf("row %d: difference %v, norm %v", c.Rows[k], d, r.Norm[k])
		}
	}
	c.Rows = []int{60}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "row 60") {
		t.Errorf("row out of range: %v", err)
	}
}

func TestImplicitBias(t *testing.T) {
	c := ImplicitBias{}.Quick()
	c.N, c.Epochs = 60, 256
	r := exptest.MustRun(t, c)
	n := len(r.Epochs)
	if n != 9 || r.Epochs[n-1] != 256 {
		t.Fatalf("epochs %v", r.Epochs)
	}
	for k := 1; k < n; k++ {
		if !(r.Margin[k] > r.Margin[k-1]) || !(r.Lambda[k] > r.Lambda[k-1]) {
			t.Errorf("margin or λ(t) not growing at %v epochs: %v, %v", r.Epochs[k], r.Margin, r.Lambda)
		}
	}
	// No training beats the maximal stability of the same patterns.
	if !(r.Margin[n-1] <= r.AdaTron+1e-3) {
		t.Errorf("PL margin %v above maximal stability %v", r.Margin[n-1], r.AdaTron)
	}
}

func TestLossForms(t *testing.T) {
	r := exptest.MustRun(t, LossForms{}.Quick())
	for k, u := range r.Config.Us {
		if math.IsNaN(r.Stable[k]) || math.IsInf(r.Stable[k], 0) || math.Abs(r.Stable[k]+math.Log1p(math.Exp(-2*u))) > 1e-12 {
			t.Errorf("u = %v: stable form %v", u, r.Stable[k])
		}
	}
	// The direct form agrees while cosh is finite, and overflows beyond.
	if math.Abs(r.Naive[1]-r.Stable[1]) > 1e-12 || !math.IsInf(r.Naive[4], -1) {
		t.Errorf("direct form: %v", r.Naive)
	}
}

func TestGradientCheck(t *testing.T) {
	r := exptest.MustRun(t, GradientCheck{}.Quick())
	if len(r.Relative) != 6 || r.Worst > GradientTolerance {
		t.Errorf("relative differences %v", r.Relative)
	}
	c := GradientCheck{}.Quick()
	c.Entries = []int{13} // J_11
	if err := c.Validate(); err == nil {
		t.Error("a diagonal entry was accepted")
	}
}

func TestExactConditionals(t *testing.T) {
	r := exptest.MustRun(t, ExactConditionals{}.Quick())
	var sum float64
	for _, v := range r.PerSite {
		sum += v
	}
	if math.Abs(sum-r.LogPL) > 1e-9 || math.Abs(r.LogPL-r.Formula) > 1e-8*math.Abs(r.Formula) {
		t.Errorf("per-site sum %v, enumerated %v, formula %v", sum, r.LogPL, r.Formula)
	}
	// Jensen: log Z ≥ N log 2 (the uniform mean of −βE is 0).
	if !(r.LogZ >= 12*math.Ln2) {
		t.Errorf("log Z = %v < N log 2", r.LogZ)
	}
	c := ExactConditionals{}.Quick()
	c.N = 21
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "≤ 20") {
		t.Errorf("N = 21: %v", err)
	}
}
