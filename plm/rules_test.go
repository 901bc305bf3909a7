package plm

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Hebb stabilities at random patterns are N(1/√α, 1).
func TestHebbStabilityMean(t *testing.T) {
	for _, alpha := range []float64{0.05, 0.1, 0.3} {
		n := 1000
		xi := randomPatterns(t, int(alpha*float64(n)), n, 3)
		J, err := Hebb{}.Couplings(bg, xi)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := Stabilities(J, xi)
		mean, std := meanStd(d)
		if want := 1 / math.Sqrt(alpha); math.Abs(mean-want) > 0.02*want {
			t.Errorf("α=%v: mean Δ = %.4f, want 1/√α = %.4f", alpha, mean, want)
		}
		if math.Abs(std-1) > 0.05 {
			t.Errorf("α=%v: std Δ = %.4f, want 1", alpha, std)
		}
	}
}

func TestZeroDiagonalEveryRule(t *testing.T) {
	xi := randomPatterns(t, 30, 100, 4)
	for name, r := range map[string]Rule{
		"hebb":           Hebb{},
		"pseudo-inverse": PseudoInverse{},
		"dreaming":       Dreaming{T: 3},
		"pl":             PseudoLikelihood{Epochs: 5},
		"pl-symmetric":   PseudoLikelihood{Epochs: 5, Symmetric: true},
		"pl-fixed-norm":  PseudoLikelihood{Epochs: 5, FixedNorm: true},
		"perceptron":     Perceptron{Kappa: 0.2},
		"max-stability":  Perceptron{MaxStability: true},
		"unlearning":     Unlearning{Steps: 20},
		"daydreaming":    Daydreaming{Steps: 20},
	} {
		J, err := r.Couplings(bg, xi)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := J.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The projector makes every pattern a fixed point below α = 1.
func TestPseudoInverseStoresAll(t *testing.T) {
	for _, alpha := range []float64{0.2, 0.5, 0.8, 0.95} {
		n := 200
		xi := randomPatterns(t, int(alpha*float64(n)), n, 5)
		J, err := PseudoInverse{}.Couplings(bg, xi)
		if err != nil {
			t.Fatal(err)
		}
		if f, _ := FixedPointFraction(J, xi); f != 1 {
			t.Errorf("α=%v: stored fraction %v, want 1", alpha, f)
		}
	}
	xi := randomPatterns(t, 250, 200, 5)
	if _, err := (PseudoInverse{}).Couplings(bg, xi); err == nil || !strings.Contains(err.Error(), "P < N") {
		t.Errorf("α > 1: %v", err)
	}
}

func TestDreamingLimits(t *testing.T) {
	xi := randomPatterns(t, 40, 200, 6)
	hebb, _ := Hebb{}.Couplings(bg, xi)
	d0, err := Dreaming{T: 0}.Couplings(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	pinv, _ := PseudoInverse{}.Couplings(bg, xi)
	dInf, _ := Dreaming{T: 1e7}.Couplings(bg, xi)
	if e := maxAbsDiff(hebb.W, d0.W); e > 1e-6 {
		t.Errorf("dreaming at t=0 differs from Hebb by %v", e)
	}
	if e := maxAbsDiff(pinv.W, dInf.W); e > 1e-5 {
		t.Errorf("dreaming at t=1e7 differs from the pseudo-inverse by %v", e)
	}
	if _, err := (Dreaming{T: -1}).Couplings(bg, xi); err == nil {
		t.Error("negative dreaming time accepted")
	}
}

func maxAbsDiff(a, b []float32) float64 {
	var m float64
	for k := range a {
		m = math.Max(m, math.Abs(float64(a[k]-b[k])))
	}
	return m
}

func TestKappaMax(t *testing.T) {
	if k, _ := KappaMax(2); math.Abs(k) > 1e-9 {
		t.Errorf("κ_max(2) = %v, want 0", k)
	}
	if a := GardnerCapacity(0); math.Abs(a-2) > 1e-12 {
		t.Errorf("α_c(κ=0) = %v, want 2", a)
	}
	for _, alpha := range []float64{0.01, 0.1, 0.4, 1, 1.5, 3} {
		k, err := KappaMax(alpha)
		if err != nil {
			t.Fatal(err)
		}
		if a := GardnerCapacity(k); math.Abs(a-alpha) > 1e-9*alpha {
			t.Errorf("α_c(κ_max(%v)) = %v", alpha, a)
		}
	}
	// Small α: ∫(t+κ)² ≈ 1+κ², so κ_max ≈ √(1/α − 1).
	if k, _ := KappaMax(1e-4); math.Abs(k-math.Sqrt(1e4-1)) > 1e-6 {
		t.Errorf("κ_max(1e-4) = %v", k)
	}
	if _, err := KappaMax(0); err == nil {
		t.Error("κ_max at α = 0 accepted")
	}
}

func TestPerceptronMargin(t *testing.T) {
	n, alpha := 300, 0.5
	xi := randomPatterns(t, int(alpha*float64(n)), n, 7)
	for _, kappa := range []float64{0, 0.3, 0.6} {
		J, err := Perceptron{Kappa: kappa}.Couplings(bg, xi)
		if err != nil {
			t.Fatalf("κ=%v: %v", kappa, err)
		}
		d, _ := Stabilities(J, xi)
		if m := minOf(d); m <= kappa {
			t.Errorf("κ=%v: smallest Δ = %v", kappa, m)
		}
	}
	km, _ := KappaMax(alpha)
	if _, err := (Perceptron{Kappa: km + 0.01}).Couplings(bg, xi); err == nil || !strings.Contains(err.Error(), "κ_max") {
		t.Errorf("κ above κ_max: %v", err)
	}
}

// The maximal-stability rows reach Gardner's κ_max(α) up to finite-size
// effects.
func TestPerceptronMaxStability(t *testing.T) {
	n, alpha := 400, 0.5
	xi := randomPatterns(t, int(alpha*float64(n)), n, 8)
	J, err := Perceptron{MaxStability: true}.Couplings(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := Stabilities(J, xi)
	rowMin := make([]float64, n)
	for i := range rowMin {
		rowMin[i] = math.Inf(1)
		for mu := 0; mu < xi.P; mu++ {
			rowMin[i] = math.Min(rowMin[i], d[mu*n+i])
		}
	}
	mean, _ := meanStd(rowMin)
	km, _ := KappaMax(alpha)
	if math.Abs(mean-km) > 0.05*km {
		t.Errorf("mean row margin %.4f, want κ_max(%v) = %.4f", mean, alpha, km)
	}
	// Every perceptron with a fixed κ < κ_max has a smaller margin.
	J2, _ := Perceptron{Kappa: 0.3}.Couplings(bg, xi)
	d2, _ := Stabilities(J2, xi)
	if minOf(d2) >= minOf(d) {
		t.Errorf("κ=0.3 margin %v not below maximal %v", minOf(d2), minOf(d))
	}
	_, err = Perceptron{MaxStability: true, MaxEpochs: 2}.Couplings(bg, xi)
	var nc *NotConvergedError
	if !errors.As(err, &nc) {
		t.Errorf("capped AdaTron: %v, want NotConvergedError", err)
	}
}

func TestUnlearningAndDaydreaming(t *testing.T) {
	n := 200
	xi := randomPatterns(t, 40, n, 9) // α = 0.2: Hebb stores few
	hebb, _ := Hebb{}.Couplings(bg, xi)
	fh, _ := FixedPointFraction(hebb, xi)
	for name, r := range map[string]Rule{
		"unlearning":  Unlearning{Steps: 2000, Seed: 1},
		"daydreaming": Daydreaming{Steps: 3000, Seed: 1},
	} {
		J, err := r.Couplings(bg, xi)
		if err != nil {
			t.Fatal(err)
		}
		if s := J.Symmetry(); math.Abs(s-1) > 1e-6 {
			t.Errorf("%s: symmetry %v, want 1", name, s)
		}
		f, _ := FixedPointFraction(J, xi)
		if f < 0.95 || f <= fh {
			t.Errorf("%s: stored fraction %v (Hebb %v), want ≥ 0.95", name, f, fh)
		}
	}
	if _, err := (Unlearning{}).Couplings(bg, xi); err == nil {
		t.Error("unlearning with 0 steps accepted")
	}
	if _, err := (Daydreaming{Steps: 5, Tau: -1}).Couplings(bg, xi); err == nil {
		t.Error("negative τ accepted")
	}
}

// Supervised Hebb stores the class means: with one example per class it is
// Hebb's rule; with many blurred examples its couplings approach Hebb's on
// the archetypes (up to the factor r²).
func TestSupervisedHebb(t *testing.T) {
	ctx := context.Background()
	xi, _ := RandomPatterns(4, 60, rand.New(rand.NewPCG(51, 1)))
	labels := []int{0, 1, 2, 3}
	s, err := SupervisedHebb{Labels: labels}.Couplings(ctx, xi)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := Hebb{}.Couplings(ctx, xi)
	for k := range h.W {
		if math.Abs(float64(s.W[k]-h.W[k])) > 1e-7 {
			t.Fatalf("one example per class: entry %d differs (%v, %v)", k, s.W[k], h.W[k])
		}
	}
	// Duplicated examples: the class mean is the example itself.
	dup := &Patterns{P: 8, N: 60, Data: append(append([]float32(nil), xi.Data...), xi.Data...)}
	s2, _ := SupervisedHebb{Labels: []int{0, 1, 2, 3, 0, 1, 2, 3}}.Couplings(ctx, dup)
	for k := range h.W {
		if math.Abs(float64(s2.W[k]-h.W[k])) > 1e-7 {
			t.Fatal("duplicated examples change the supervised couplings")
		}
	}
	for _, bad := range [][]int{{0, 1, 2}, {0, 1, 2, -1}, {0, 2, 2, 3}} {
		if _, err := (SupervisedHebb{Labels: bad}).Couplings(ctx, xi); err == nil {
			t.Errorf("labels %v accepted", bad)
		}
	}
}
