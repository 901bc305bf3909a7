package data

import (
	"fmt"
	"math/rand/v2"

	"github.com/plmlab/plmlab/plm"
)

// RandomFeatures is the random-features (hidden manifold) model: D random
// ±1 features f^k of N spins, and examples ξ = sign(Σ_k c_k f^k) with
// coefficients c_k = ±1, of which only L are non-zero when L > 0. A zero
// sum (possible when an even number of terms is non-zero) is broken by a
// fair coin. Test examples use fresh coefficients on the same features.
type RandomFeatures struct {
	N, D int
	L    int    // non-zero coefficients per example; 0 means all D
	Seed uint64 // features, training and test coefficients use separate streams
}

// FeatureData holds a draw of the model.
type FeatureData struct {
	Features *plm.Patterns // D×N
	Train    *plm.Patterns // P×N
	Test     *plm.Patterns // PTest×N
}

// AlphaD is the feature load D/N.
func (rf RandomFeatures) AlphaD() float64 { return float64(rf.D) / float64(rf.N) }

// Generate draws the features, p training and pTest test examples.
func (rf RandomFeatures) Generate(p, pTest int) (*FeatureData, error) {
	switch {
	case rf.N <= 0 || rf.D <= 0:
		return nil, fmt.Errorf("data: random features need N > 0 and D > 0, got N=%d D=%d", rf.N, rf.D)
	case rf.L < 0 || rf.L > rf.D:
		return nil, fmt.Errorf("data: random features: L = %d non-zero coefficients out of D = %d", rf.L, rf.D)
	case p <= 0 || pTest < 0:
		return nil, fmt.Errorf("data: random features: need P > 0 training and ≥ 0 test examples, got %d and %d", p, pTest)
	}
	f, err := plm.RandomPatterns(rf.D, rf.N, rand.New(rand.NewPCG(rf.Seed, 1)))
	if err != nil {
		return nil, err
	}
	out := &FeatureData{Features: f}
	out.Train = rf.examples(f, p, rand.New(rand.NewPCG(rf.Seed, 2)))
	if pTest > 0 {
		out.Test = rf.examples(f, pTest, rand.New(rand.NewPCG(rf.Seed, 3)))
	}
	return out, nil
}

func (rf RandomFeatures) examples(f *plm.Patterns, p int, rng *rand.Rand) *plm.Patterns {
	n, d := rf.N, rf.D
	l := rf.L
	if l == 0 {
		l = d
	}
	x := &plm.Patterns{P: p, N: n, Data: make([]float32, p*n)}
	sum := make([]int, n)
	idx := make([]int, d)
	for mu := 0; mu < p; mu++ {
		for i := range sum {
			sum[i] = 0
		}
		// Choose which l coefficients are non-zero (all when l = d).
		for k := range idx {
			idx[k] = k
		}
		for k := 0; k < l && l < d; k++ {
			j := k + rng.IntN(d-k)
			idx[k], idx[j] = idx[j], idx[k]
		}
		for _, k := range idx[:l] {
			c := 1
			if rng.Uint64()&1 == 0 {
				c = -1
			}
			for i, v := range f.Row(k) {
				sum[i] += c * int(v)
			}
		}
		row := x.Row(mu)
		for i, s := range sum {
			switch {
			case s > 0:
				row[i] = 1
			case s < 0:
				row[i] = -1
			default:
				row[i] = float32(2*int(rng.Uint64()&1) - 1)
			}
		}
	}
	return x
}
