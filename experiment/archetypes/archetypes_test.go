package archetypes

import (
	"math"
	"testing"

	"github.com/plmlab/plmlab/experiment/internal/exptest"
)

// One example per archetype is memorised (overlap r with the archetype);
// many examples make the archetype an attractor, which supervised Hebb and
// converged PL (descent from zero, and the loss minimum) reach from the
// examples themselves, also at r = 0.5, where PL from Hebb's start after
// 300 epochs ended away from every archetype (overlap ≈ 0.03).
func TestArchetypeLearning(t *testing.T) {
	c := ArchetypeLearning{N: 100, K: 3, Ms: []int{1, 256}, Rs: []float64{0.5}, Epochs: 1000, LR: 10, Clip: 20, Init: "zero", L2: 1e-3, Seed: 1}
	r := exptest.MustRun(t, c)
	one, many := r.Points[0], r.Points[1]
	for k, name := range archetypeRules {
		if one.WithStart[k] != 1 || math.Abs(one.FromExamples[k]-0.5) > 0.1 {
			t.Errorf("%s, M = 1: overlap with the start %.3f, with the archetype %.3f (want 1, ≈ r)", name, one.WithStart[k], one.FromExamples[k])
		}
		if many.FromArchetypes[k] < 0.95 {
			t.Errorf("%s, M = 256: from the archetypes %.3f", name, many.FromArchetypes[k])
		}
	}
	for k, name := range archetypeRules[:3] {
		if many.FromExamples[k] < 0.95 || many.WithStart[k] > 0.7 {
			t.Errorf("%s, M = 256: archetype %.3f, start %.3f (want the archetype)", name, many.FromExamples[k], many.WithStart[k])
		}
	}
	// The descent has reached the minimum: the same loss to 1 %.
	if d, m := many.PLLoss[0], many.PLLoss[1]; !(math.Abs(d-m) < 0.01*m) {
		t.Errorf("M = 256: PL loss %.4f after the descent, %.4f at the minimum", d, m)
	}
	if f := r.Figures(); len(f[0].Series) != 4 || f[0].Series[0].Name != "PL" || f[0].Series[1].Name != "PL minimum" || f[0].Series[3].Name != "Hebb unsupervised" {
		t.Errorf("series %v", f[0].Series)
	}
	bad := c
	bad.Init = "sideways"
	if err := bad.Validate(); err == nil {
		t.Error("an unknown start was accepted")
	}
	t.Logf("M = 256: PL from examples %.3f (start %.3f), minimum %.3f", many.FromExamples[0], many.WithStart[0], many.FromExamples[1])
}
