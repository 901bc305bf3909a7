package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// d = 1 is erf(m0/√(2α)); large d approaches m0/√(m0² + α′); the fixed
// point of the large-d map is √(1 − α′).
func TestFirstStepOverlapLimits(t *testing.T) {
	for _, c := range []struct{ alpha, m0 float64 }{{0.1, 0.3}, {0.5, 0.6}, {2, 0.9}} {
		got, err := FirstStepOverlap(1, c.alpha, c.m0)
		if want := math.Erf(c.m0 / math.Sqrt(2*c.alpha)); err != nil || math.Abs(got-want) > 1e-9 {
			t.Errorf("d = 1, α = %v, m0 = %v: m1 = %.10f (%v), erf gives %.10f", c.alpha, c.m0, got, err, want)
		}
	}
	const ap = 0.5
	prev := math.Inf(1)
	for _, d := range []int{3, 10, 50} {
		got, _ := FirstStepOverlap(d, ap*float64(d), 0.4)
		gap := math.Abs(got - FirstStepLargeD(ap, 0.4))
		if !(gap < prev) || d == 50 && gap > 0.01 {
			t.Errorf("d = %d, α′ = %v: m1 = %v, d → ∞ gives %v", d, ap, got, FirstStepLargeD(ap, 0.4))
		}
		prev = gap
	}
	fp, err := FirstStepFixedPoint(50, ap*50)
	if err != nil || math.Abs(fp-math.Sqrt(1-ap)) > 0.01 {
		t.Errorf("d = 50: m0* = %v (%v), d → ∞ gives %v", fp, err, math.Sqrt(1-ap))
	}
	if fp, _ := FirstStepFixedPoint(3, 6); fp != 0 {
		t.Errorf("d = 3 at α′ = 2: m0* = %v, want no denoising", fp)
	}
}

// One synchronous step of VectorDynamics from NoisyVectorStart, averaged
// over starts, against the theory (N = 400, d = 3, above saturation).
func TestFirstStepAgainstDynamics(t *testing.T) {
	const n, d, alpha = 400, 3, 1.5 // α′ = 0.5: 30 times α_c(3)
	rng := rand.New(rand.NewPCG(3, 4))
	xi, _ := RandomVectorPatterns(int(alpha*n), n, d, rng)
	J, _ := VectorHebb(xi)
	for _, m0 := range []float64{0.2, 0.5} {
		const starts = 8
		s := &VectorPatterns{P: starts, N: n, D: d, Data: make([]float32, starts*n*d)}
		for k := 0; k < starts; k++ {
			if err := NoisyVectorStart(s.Row(k), xi.Row(k), n, d, m0, rng); err != nil {
				t.Fatal(err)
			}
		}
		rel, err := VectorDynamics{MaxSteps: 1}.Run(context.Background(), J, s)
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for k := 0; k < starts; k++ {
			sum += VectorOverlap(rel.Final.Row(k), xi.Row(k), n)
		}
		want, _ := FirstStepOverlap(d, alpha, m0)
		if got := sum / starts; math.Abs(got-want) > 0.015 {
			t.Errorf("m0 = %v: one step gives %.4f, theory %.4f", m0, got, want)
		}
	}
}

func TestFirstStepRefusesBadInput(t *testing.T) {
	for _, c := range []struct {
		d         int
		alpha, m0 float64
	}{{0, 1, 0.5}, {3, 0, 0.5}, {3, math.NaN(), 0.5}, {3, 1, -0.1}, {3, 1, 1.1}, {3, 1, math.NaN()}} {
		if _, err := FirstStepOverlap(c.d, c.alpha, c.m0); err == nil {
			t.Errorf("d = %d, α = %v, m0 = %v accepted", c.d, c.alpha, c.m0)
		}
	}
	if _, err := FirstStepFixedPoint(3, -1); err == nil {
		t.Error("α = −1 accepted")
	}
}
