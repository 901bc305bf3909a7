package data

import (
	"fmt"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

// Archetypes is the lecture's dataset of blurred examples: K random
// archetypes ξ^μ ∈ {±1}^N, and M examples of each, η^{μ,a}_i = χ^{μ,a}_i ξ^μ_i
// with independent χ = +1 with probability (1 + R)/2, else −1. R is the
// quality of the data (⟨η·ξ⟩/N = R) and M its quantity; the dataset
// entropy ρ = (1 − R²)/(M R²) says how far the examples' average is from
// the archetype.
type Archetypes struct {
	N, K, M int
	R       float64
	Seed    uint64
}

// ArchetypeData is a draw: the archetypes and the K·M examples, class by
// class (examples of archetype μ are rows μM … μM+M−1), with their labels.
type ArchetypeData struct {
	Archetypes, Examples *plm.Patterns
	Labels               []int
}

// Entropy is ρ = (1 − R²)/(M R²).
func (a Archetypes) Entropy() float64 { return (1 - a.R*a.R) / (float64(a.M) * a.R * a.R) }

// Generate draws the archetypes (stream 1 of Seed) and the blur (stream 2).
func (a Archetypes) Generate() (*ArchetypeData, error) {
	switch {
	case a.N < 2 || a.K < 1 || a.M < 1:
		return nil, fmt.Errorf("data: archetypes need N ≥ 2, K ≥ 1, M ≥ 1, got N=%d K=%d M=%d", a.N, a.K, a.M)
	case !(a.R > 0 && a.R <= 1):
		return nil, fmt.Errorf("data: archetype quality r must be in (0, 1], got %v", a.R)
	}
	if err := limits.Check("data: archetype examples", 4, a.K, a.M, a.N); err != nil {
		return nil, err
	}
	xi, err := plm.RandomPatterns(a.K, a.N, rand.New(rand.NewPCG(a.Seed, 1)))
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(a.Seed, 2))
	ex := make([]float32, a.K*a.M*a.N)
	labels := make([]int, a.K*a.M)
	pKeep := (1 + a.R) / 2
	for mu := 0; mu < a.K; mu++ {
		for e := 0; e < a.M; e++ {
			row := (mu*a.M + e) * a.N
			labels[mu*a.M+e] = mu
			for i, v := range xi.Row(mu) {
				if rng.Float64() >= pKeep {
					v = -v
				}
				ex[row+i] = v
			}
		}
	}
	examples, err := plm.PatternsFromData(a.K*a.M, a.N, ex)
	if err != nil {
		return nil, err
	}
	return &ArchetypeData{Archetypes: xi, Examples: examples, Labels: labels}, nil
}
