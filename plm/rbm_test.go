package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// The RBM's partition function is Hopfield's times (2π/β)^{P/2} e^{βP/2}:
// checked against exact enumeration of the Hopfield model, and against a
// direct numerical integration over the hidden units (an independent
// method: no Hubbard–Stratonovich identity used).
func TestRBMPartitionFunction(t *testing.T) {
	ctx := context.Background()
	xi, _ := RandomPatterns(2, 8, rand.New(rand.NewPCG(41, 1)))
	J, _ := Hebb{}.Couplings(ctx, xi)
	for _, beta := range []float64{0.3, 1, 2.5} {
		rbm, err := HopfieldRBM(xi, beta)
		if err != nil {
			t.Fatal(err)
		}
		lz, err := rbm.LogZ()
		if err != nil {
			t.Fatal(err)
		}
		hop, _ := ExactBoltzmann(J, beta)
		want := hop.LogZ + beta*2/2 + math.Log(2*math.Pi/beta)
		if math.Abs(lz-want) > 1e-10*math.Abs(want) {
			t.Errorf("β = %v: log Z_RBM %.12g, Hopfield's with the constants %.12g", beta, lz, want)
		}
		// ∫ d²z e^{−β|z|²/2 + βσᵀWz} on a grid, for every σ.
		const m = 400
		lim := 3 + 9/math.Sqrt(beta)
		hgrid := 2 * lim / m
		var z float64
		sigma := make([]float64, 8)
		h := make([]float64, 2)
		for s := 0; s < 256; s++ {
			for i := range sigma {
				sigma[i] = float64(1 - 2*(s>>i&1))
			}
			rbm.hidden(sigma, h)
			var sum float64
			for a := 0; a <= m; a++ {
				wa := simpsonWeight(a, m)
				za := -lim + float64(a)*hgrid
				for b := 0; b <= m; b++ {
					zb := -lim + float64(b)*hgrid
					sum += wa * simpsonWeight(b, m) * math.Exp(-beta*(za*za+zb*zb)/2+beta*(za*h[0]+zb*h[1]))
				}
			}
			z += sum * hgrid * hgrid / 9
		}
		if math.Abs(math.Log(z)-lz) > 1e-8 {
			t.Errorf("β = %v: log Z by integration %.12g, by LogZ %.12g", beta, math.Log(z), lz)
		}
	}
	if _, err := HopfieldRBM(xi, -1); err == nil {
		t.Error("β < 0 accepted")
	}
}

func simpsonWeight(k, n int) float64 {
	switch {
	case k == 0 || k == n:
		return 1
	case k%2 == 1:
		return 4
	}
	return 2
}

// The RBM's block Gibbs sampler and the Hopfield heat bath sample the same
// law: both give the exact ⟨m²⟩ of the pattern overlap within error bars.
func TestRBMGibbsMatchesHeatBath(t *testing.T) {
	ctx := context.Background()
	const n, chains = 12, 16
	xi, _ := RandomPatterns(2, n, rand.New(rand.NewPCG(42, 1)))
	J, _ := Hebb{}.Couplings(ctx, xi)
	starts := &Patterns{P: chains, N: n, Data: make([]float32, chains*n)}
	refs := &Patterns{P: chains, N: n, Data: make([]float32, chains*n)}
	for s := 0; s < chains; s++ {
		copy(starts.Row(s), xi.Row(0))
		copy(refs.Row(s), xi.Row(0))
	}
	for _, beta := range []float64{0.5, 1.5} {
		b, _ := ExactBoltzmann(J, beta)
		var exact float64
		b.Each(func(x []float32, p float64) {
			m, _ := Overlap(x, xi.Row(0))
			exact += p * m * m
		})
		rbm, _ := HopfieldRBM(xi, beta)
		g, err := rbm.Gibbs(ctx, starts, refs, 200, 4000, 7)
		if err != nil {
			t.Fatal(err)
		}
		hb, err := HeatBath{T: 1 / beta, Mode: Asynchronous, BurnIn: 200, Sweeps: 4000, Seed: 7}.Run(ctx, J, starts, refs)
		if err != nil {
			t.Fatal(err)
		}
		for name, eq := range map[string]*Equilibrium{"RBM Gibbs": g, "heat bath": hb} {
			m2 := make([]float64, chains)
			for s := range m2 {
				m2[s] = eq.OverlapStd[s]*eq.OverlapStd[s] + eq.Overlap[s]*eq.Overlap[s]
			}
			mean, se := MeanStdErr(m2)
			t.Logf("β = %v, %s: ⟨m²⟩ = %.4f ± %.4f, exact %.4f", beta, name, mean, se, exact)
			if math.Abs(mean-exact) > 4*se {
				t.Errorf("β = %v, %s: ⟨m²⟩ = %.4f ± %.4f, exact %.4f", beta, name, mean, se, exact)
			}
		}
	}
}

// The marginal's pseudo-likelihood loss is the Ising PL loss of the
// couplings W Wᵀ (zero diagonal) when b = 0; CD-1 training lowers it.
func TestBiasedRBMTraining(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(43, 1))
	xi, _ := RandomPatterns(3, 40, rng)
	rbm, _ := HopfieldRBM(xi, 1)
	br := &BiasedRBM{N: 40, P: 3, W: rbm.W, B: make([]float64, 40)}
	J, _ := Hebb{}.Couplings(ctx, xi)
	data, _ := RandomPatterns(30, 40, rng)
	if a, b := br.PseudoLikelihoodLoss(data), func() float64 { l, _ := PseudoLikelihoodLoss(J, data, 1); return l }(); math.Abs(a-b) > 1e-6 {
		t.Errorf("RBM marginal PL loss %v, Ising PL loss of W Wᵀ %v", a, b)
	}
	// Noisy copies of the patterns: training from small random weights
	// lowers the training loss below that of independent pixels.
	train := &Patterns{P: 150, N: 40, Data: make([]float32, 150*40)}
	for mu := 0; mu < 150; mu++ {
		for i := 0; i < 40; i++ {
			v := xi.Data[(mu%3)*40+i]
			if rng.Float64() < 0.1 {
				v = -v
			}
			train.Data[mu*40+i] = v
		}
	}
	start := &BiasedRBM{N: 40, P: 3, W: make([]float64, 120), B: IndependentBiases(train)}
	for k := range start.W {
		start.W[k] = 0.01 * rng.NormFloat64()
	}
	log, err := RBMTrainer{Epochs: 30, LearningRate: 0.02, Batch: 10, Seed: 1}.Train(ctx, start, train, train)
	if err != nil {
		t.Fatal(err)
	}
	if first, last := log[0].TrainPL, log[len(log)-1].TrainPL; !(last < first-0.1) {
		t.Errorf("CD-1 did not learn: PL loss %v → %v", first, last)
	}
	if _, err := (RBMTrainer{Epochs: 1, LearningRate: -1, Batch: 1}).Train(ctx, start, train, train); err == nil {
		t.Error("negative learning rate accepted")
	}
}
