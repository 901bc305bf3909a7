package plm

import (
	"math"
	"testing"
)

func TestReplicaNormalisationAndMoments(t *testing.T) {
	for _, c := range []struct{ alpha, lambda float64 }{{0.4, 0.2}, {0.4, 1.6}, {0.4, 6.4}, {1.5, 1}, {3, 2}} {
		r, err := SolveReplica(c.alpha, c.lambda)
		if err != nil {
			t.Fatal(err)
		}
		// The norm condition holds at the solution.
		g := c.alpha * gaussIntegral(func(u float64) float64 { d := r.DeltaStar(u) - u; return d * d })
		if math.Abs(g-1) > 1e-8 {
			t.Errorf("%+v: α∫Dt(Δ*−t)² = %v", c, g)
		}
		// Δ* solves its fixed-point equation.
		for _, u := range []float64{-3, -0.5, 0, 1, 4} {
			d := r.DeltaStar(u)
			if e := d - u - r.X*r.Lambda*(1-math.Tanh(r.Lambda*d)); math.Abs(e) > 1e-9 {
				t.Errorf("%+v: residual %v at t=%v", c, e, u)
			}
		}
		// ∫P(Δ)dΔ = 1 and its mean equals ∫Dt Δ*(t).
		var norm, mean float64
		h := 1e-3
		for d := -15.0; d <= 15; d += h {
			p := r.Density(d)
			norm += p * h
			mean += d * p * h
		}
		m, _ := r.Moments()
		if math.Abs(norm-1) > 1e-4 || math.Abs(mean-m) > 1e-3 {
			t.Errorf("%+v: ∫P = %v, mean %v vs %v", c, norm, mean, m)
		}
	}
}

// λ → 0: the Hebbian Gaussian N(1/√α, 1).
func TestReplicaHebbianLimit(t *testing.T) {
	for _, alpha := range []float64{0.1, 0.4, 2} {
		r, _ := SolveReplica(alpha, 1e-5)
		m, s := r.Moments()
		if math.Abs(m-1/math.Sqrt(alpha)) > 1e-3 || math.Abs(s-1) > 1e-3 {
			t.Errorf("α=%v: mean %v std %v, want %v and 1", alpha, m, s, 1/math.Sqrt(alpha))
		}
		if d := r.Density(0.3) - HebbianDensity(alpha, 0.3); math.Abs(d) > 1e-3 {
			t.Errorf("α=%v: density off the Hebbian one by %v", alpha, d)
		}
	}
}

// λ → ∞: Gardner's maximal stability, Δ* = max(t, κ_max).
func TestReplicaGardnerLimit(t *testing.T) {
	for _, alpha := range []float64{0.4, 1} {
		g, _ := GardnerLimit(alpha)
		prev := math.Inf(1)
		for _, lambda := range []float64{10, 40, 150} {
			r, err := SolveReplica(alpha, lambda)
			if err != nil {
				t.Fatal(err)
			}
			// The distance to max(t, κ_max) shrinks like 1/λ.
			var worst float64
			for _, u := range []float64{-3, -1, g.Kappa - 0.3, g.Kappa + 0.3, 3} {
				worst = math.Max(worst, math.Abs(r.DeltaStar(u)-math.Max(u, g.Kappa)))
			}
			if worst > 2/lambda || worst >= prev {
				t.Errorf("α=%v λ=%v: Δ* is %v from max(t, κ_max)", alpha, lambda, worst)
			}
			prev = worst
		}
		if math.Abs(g.Weight-normalCDF(g.Kappa)) > 1e-15 || g.Density(g.Kappa-0.01) != 0 {
			t.Errorf("α=%v: limit %+v", alpha, g)
		}
	}
	if _, err := SolveReplica(0.4, 1e4); err == nil {
		t.Error("λ = 1e4 (x beyond floating point) accepted")
	}
	if _, err := SolveReplica(0.4, 0); err == nil {
		t.Error("λ = 0 accepted")
	}
	if _, err := SolveReplica(-1, 1); err == nil {
		t.Error("α < 0 accepted")
	}
}

// Fixed-norm PL training reaches the replica prediction for the moments of
// the stabilities (agreement between theory and simulation).
func TestReplicaMatchesFixedNormTraining(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a network")
	}
	n, alpha, lambda := 300, 0.4, 1.6
	xi := randomPatterns(t, int(alpha*float64(n)), n, 30)
	J, err := PseudoLikelihood{Epochs: 600, LearningRate: 100, FixedNorm: true, Lambda: lambda}.Couplings(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := Stabilities(J, xi)
	mean, std := meanStd(d)
	r, _ := SolveReplica(alpha, lambda)
	tm, ts := r.Moments()
	if math.Abs(mean-tm) > 0.03 || math.Abs(std-ts) > 0.03 {
		t.Errorf("trained Δ mean %.4f std %.4f, theory %.4f %.4f", mean, std, tm, ts)
	}
}
