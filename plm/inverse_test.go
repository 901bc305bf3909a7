package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// exactMoments enumerates the Boltzmann law of symmetric J at β: its
// moments, and the states with their probabilities.
func exactMoments(t *testing.T, J *Couplings, beta float64) (*Moments, [][]float32, []float64) {
	t.Helper()
	b, err := ExactBoltzmann(J, beta)
	if err != nil {
		t.Fatal(err)
	}
	n := J.N
	m := &Moments{N: n, M: make([]float64, n), C: make([]float64, n*n)}
	var states [][]float32
	var probs []float64
	b.Each(func(x []float32, p float64) {
		states, probs = append(states, append([]float32(nil), x...)), append(probs, p)
		for i := range x {
			for j := range x {
				m.C[i*n+j] += p * float64(x[i]*x[j])
			}
		}
	})
	return m, states, probs
}

// smallSK has Gaussian symmetric couplings of scale s on N spins.
func smallSK(n int, s float64, seed uint64) *Couplings {
	r := rand.New(rand.NewPCG(seed, 1))
	J := &Couplings{N: n, W: make([]float32, n*n)}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			v := float32(s * r.NormFloat64())
			J.W[i*n+j], J.W[j*n+i] = v, v
		}
	}
	return J
}

// Mean field is exact to first order: its error vanishes linearly with the
// coupling strength; TAP is mean field at zero magnetisation.
func TestMeanFieldIsExactAtWeakCoupling(t *testing.T) {
	var prev float64
	for k, s := range []float64{0.2, 0.05, 0.0125} {
		J := smallSK(8, s, 3)
		m, _, _ := exactMoments(t, J, 1)
		mf, err := m.MeanField()
		if err != nil {
			t.Fatal(err)
		}
		tap, _ := m.TAP()
		g, _ := ReconstructionError(mf, J)
		if gt, _ := ReconstructionError(tap, J); gt != g {
			t.Errorf("s = %v: TAP %v differs from mean field %v at m = 0", s, gt, g)
		}
		if k > 0 && !(g < prev/3) {
			t.Errorf("s = %v: mean-field error %v did not shrink with the coupling (before: %v)", s, g, prev)
		}
		prev = g
	}
	if prev > 0.02 {
		t.Errorf("mean-field error %v at s = 0.0125", prev)
	}
}

// The independent-pair formula is exact for two spins; PL on many samples
// of a small system recovers the couplings (the error falls like 1/√P).
func TestIndependentPairAndPLRecovery(t *testing.T) {
	pair := &Couplings{N: 2, W: []float32{0, 0.7, 0.7, 0}}
	m, _, _ := exactMoments(t, pair, 1)
	ip, _ := m.IndependentPair()
	if math.Abs(float64(ip.W[1])-0.7) > 1e-6 {
		t.Errorf("independent pair on two spins: %v, want 0.7", ip.W[1])
	}
	J := smallSK(8, 0.4, 5)
	_, states, probs := exactMoments(t, J, 1)
	r := rand.New(rand.NewPCG(6, 1))
	var last float64
	for _, p := range []int{2000, 32000} {
		x := &Patterns{P: p, N: 8, Data: make([]float32, p*8)}
		for mu := 0; mu < p; mu++ {
			u, s := r.Float64(), 0
			for acc := probs[0]; acc < u && s < len(probs)-1; acc += probs[s] {
				s++
			}
			copy(x.Row(mu), states[s])
		}
		mt, err := PLMinimum{Init: InitZero}.Train(context.Background(), x)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := ReconstructionError(mt.J.Symmetrised(), J)
		t.Logf("P = %d: PL (symmetrised) γ = %.4f", p, g)
		if last > 0 && !(g < last/2) {
			t.Errorf("P = %d: γ = %v did not fall like 1/√P (before %v)", p, g, last)
		}
		last = g
	}
	if last > 0.05 {
		t.Errorf("PL with 32,000 samples: γ = %v", last)
	}
	if _, err := (&Moments{N: 2, M: []float64{0, 0}, C: []float64{1, 1, 1, 1}}).MeanField(); err == nil {
		t.Error("a singular correlation matrix was inverted")
	}
}

// randomTree has N spins, spin i > 0 bound to a random earlier one with a
// coupling of magnitude in [0.3, 0.9] and random sign.
func randomTree(n int, seed uint64) *Couplings {
	r := rand.New(rand.NewPCG(seed, 2))
	J := &Couplings{N: n, W: make([]float32, n*n)}
	for i := 1; i < n; i++ {
		j := r.IntN(i)
		v := float32((0.3 + 0.6*r.Float64()) * float64(2*r.IntN(2)-1))
		J.W[i*n+j], J.W[j*n+i] = v, v
	}
	return J
}

// pairMoments are the exact moments of two spins with coupling J and
// fields h0, h1.
func pairMoments(J, h0, h1 float64) *Moments {
	var z, m0, m1, c float64
	for _, s0 := range []float64{-1, 1} {
		for _, s1 := range []float64{-1, 1} {
			w := math.Exp(J*s0*s1 + h0*s0 + h1*s1)
			z, m0, m1, c = z+w, m0+w*s0, m1+w*s1, c+w*s0*s1
		}
	}
	m0, m1, c = m0/z, m1/z, c/z
	return &Moments{N: 2, M: []float64{m0, m1}, C: []float64{1 - m0*m0, c - m0*m1, c - m0*m1, 1 - m1*m1}}
}

// The Bethe inversion is exact on trees (here at zero magnetisation, where
// it is −½ asinh(2 C⁻¹)), and on two spins in fields, as is the
// independent pair; mean field is neither.
func TestBetheIsExactOnTrees(t *testing.T) {
	J := randomTree(10, 4)
	m, _, _ := exactMoments(t, J, 1)
	be, err := m.Bethe()
	if err != nil {
		t.Fatal(err)
	}
	mf, _ := m.MeanField()
	gb, _ := ReconstructionError(be, J)
	gm, _ := ReconstructionError(mf, J)
	if gb > 1e-5 || gm < 0.05 {
		t.Errorf("tree: Bethe γ = %v (want 0), mean field γ = %v (want > 0.05)", gb, gm)
	}
	for _, h := range [][2]float64{{0, 0}, {0.4, -0.2}, {1.2, 0.7}} {
		pm := pairMoments(-0.6, h[0], h[1])
		for name, f := range map[string]func() (*Couplings, error){"Bethe": pm.Bethe, "independent pair": pm.IndependentPair} {
			c, err := f()
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(c.At(0, 1)+0.6) > 1e-6 {
				t.Errorf("%s, two spins in fields %v: J = %v, want −0.6", name, h, c.At(0, 1))
			}
		}
	}
	for _, bad := range []*Moments{nil, {N: 2, M: []float64{0}, C: make([]float64, 4)}, {N: 2, M: []float64{1.5, 0}, C: []float64{1, 0, 0, 1}}, {N: 2, M: []float64{0, 0}, C: []float64{1, math.NaN(), 0, 1}}} {
		if _, err := bad.Bethe(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
		if _, err := bad.IndependentPair(); err == nil {
			t.Errorf("%+v: no error from the independent pair", bad)
		}
	}
}
