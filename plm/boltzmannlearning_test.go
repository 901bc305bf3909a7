package plm

import (
	"context"
	"math"
	"testing"
)

// From exact moments, exact Boltzmann learning returns the couplings that
// produced them; persistent chains agree with it to their noise; the same
// seed gives the same couplings.
func TestBoltzmannLearningRecoversTheCouplings(t *testing.T) {
	J := smallSK(8, 0.4, 5)
	m, _, _ := exactMoments(t, J, 1)
	exact, err := BoltzmannLearning{}.Fit(bg, m)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := ReconstructionError(exact.J, J)
	last := exact.Log[len(exact.Log)-1]
	t.Logf("exact: γ = %.2g, final gradient RMS %.2g", g, last.GradRMS)
	if g > 0.003 || last.GradRMS > 1e-4 {
		t.Errorf("exact Boltzmann learning: γ = %v, gradient RMS %v", g, last.GradRMS)
	}
	mc := BoltzmannLearning{Chains: 400, Seed: 3}
	a, err := mc.Fit(bg, m)
	if err != nil {
		t.Fatal(err)
	}
	ga, _ := ReconstructionError(a.J, J)
	t.Logf("400 chains: γ = %.3f", ga)
	if ga > 0.04 {
		t.Errorf("Monte Carlo Boltzmann learning: γ = %v", ga)
	}
	b, _ := mc.Fit(bg, m)
	for k := range a.J.W {
		if a.J.W[k] != b.J.W[k] {
			t.Fatal("the same seed gave different couplings")
		}
	}
}

func TestBoltzmannLearningBadInput(t *testing.T) {
	m, _, _ := exactMoments(t, smallSK(4, 0.3, 1), 1)
	big := &Moments{N: 21, M: make([]float64, 21), C: make([]float64, 21*21)}
	cases := []struct {
		bl BoltzmannLearning
		m  *Moments
	}{
		{BoltzmannLearning{}, big},
		{BoltzmannLearning{}, nil},
		{BoltzmannLearning{Rate: -1}, m},
		{BoltzmannLearning{Rate: math.NaN()}, m},
		{BoltzmannLearning{Steps: -1}, m},
		{BoltzmannLearning{L2: -1}, m},
		{BoltzmannLearning{Chains: -1}, m},
		{BoltzmannLearning{Start: &Couplings{N: 3, W: make([]float32, 9)}}, m},
		{BoltzmannLearning{Chains: 2, ChainStarts: &Patterns{P: 1, N: 3, Data: []float32{1, 1, 1}}}, m},
		{BoltzmannLearning{Chains: 2, ChainStarts: &Patterns{P: 1, N: 4, Data: []float32{1, 0, 1, 1}}}, m},
	}
	for _, c := range cases {
		if _, err := c.bl.Fit(bg, c.m); err == nil {
			t.Errorf("%+v: no error", c.bl)
		}
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if f, err := (BoltzmannLearning{}).Fit(ctx, m); err != context.Canceled || f == nil {
		t.Errorf("cancelled: %v", err)
	}
}
