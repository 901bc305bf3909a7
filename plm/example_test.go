package plm_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/plm"
)

// Hebbian couplings at load α = 0.05 store random patterns with
// stabilities of mean ≈ 1/√α ≈ 4.5.
func ExampleHebb() {
	rng := rand.New(rand.NewPCG(1, 2))
	xi, _ := plm.RandomPatterns(50, 1000, rng)
	J, _ := plm.Hebb{}.Couplings(context.Background(), xi)
	d, _ := plm.Stabilities(J, xi)
	var mean float64
	for _, v := range d {
		mean += v / float64(len(d))
	}
	stored, _ := plm.FixedPointFraction(J, xi)
	fmt.Printf("mean stability %.1f, stored fraction %.2f\n", mean, stored)
	// Output: mean stability 4.5, stored fraction 1.00
}

// Pseudo-likelihood training at α = 0.4, far above Hebb's capacity,
// stores every pattern while the effective inverse temperature
// λ(t) = mean row norm grows.
func ExamplePseudoLikelihood() {
	rng := rand.New(rand.NewPCG(1, 2))
	xi, _ := plm.RandomPatterns(80, 200, rng)
	tr, err := plm.PseudoLikelihood{Epochs: 200, GradClip: 20}.Train(context.Background(), xi)
	if err != nil {
		fmt.Println(err)
		return
	}
	first, last := tr.Log[0], tr.Log[len(tr.Log)-1]
	fmt.Printf("epoch %d: stored %.2f\n", first.Epoch, first.Stored)
	fmt.Printf("epoch %d: stored %.2f, λ(t) grew: %v\n", last.Epoch, last.Stored, last.Lambda > first.Lambda)
	// Output:
	// epoch 0: stored 0.00
	// epoch 200: stored 1.00, λ(t) grew: true
}

// The basin protocol: flip round(N(1−m_in)/2) spins of a stored pattern,
// run the synchronous dynamics, and measure the final overlap.
func ExampleBasins() {
	rng := rand.New(rand.NewPCG(3, 4))
	xi, _ := plm.RandomPatterns(40, 200, rng)
	J, _ := plm.PseudoInverse{}.Couplings(context.Background(), xi)
	c, _ := plm.Basins(context.Background(), J, xi, plm.BasinSettings{MIn: []float64{0.6, 0.8, 1}, Seed: 1})
	for k, m := range c.MIn {
		fmt.Printf("m_in %.1f → m_F %.2f\n", m, c.MF[k])
	}
	// Output:
	// m_in 0.6 → m_F 1.00
	// m_in 0.8 → m_F 1.00
	// m_in 1.0 → m_F 1.00
}

// Gardner's maximal stability at the paper's basin load α = 0.4, and the
// zero-margin capacity α_c = 2.
func ExampleKappaMax() {
	k, _ := plm.KappaMax(0.4)
	fmt.Printf("κ_max(0.4) = %.3f, α_c(0) = %.0f\n", k, plm.GardnerCapacity(0))
	// Output: κ_max(0.4) = 1.242, α_c(0) = 2
}

// Beyond the perceptron capacity (α = 10 > 2) the PL loss has a finite
// minimum; L-BFGS reaches it in a few iterations where gradient descent
// needs thousands of epochs.
func ExamplePLMinimum() {
	rng := rand.New(rand.NewPCG(5, 6))
	xi, _ := plm.RandomPatterns(400, 40, rng)
	t, _ := plm.PLMinimum{Tolerance: 1e-6}.Train(context.Background(), xi)
	last := t.Log[len(t.Log)-1]
	fmt.Printf("converged: %v, under 30 iterations: %v, loss %.4f\n", t.Converged, last.Iteration < 30, last.Loss)
	// Output: converged: true, under 30 iterations: true, loss 0.6446
}

// Two spins coupled by βJ = 0.5, no field: Bethe and the independent pair
// are exact on them, naive mean field overestimates the coupling.
func ExampleMoments_Bethe() {
	c := math.Tanh(0.5) // ⟨s_0 s_1⟩
	m := &plm.Moments{N: 2, M: []float64{0, 0}, C: []float64{1, c, c, 1}}
	be, _ := m.Bethe()
	ip, _ := m.IndependentPair()
	mf, _ := m.MeanField()
	fmt.Printf("Bethe %.3f, independent pair %.3f, mean field %.3f\n", be.At(0, 1), ip.At(0, 1), mf.At(0, 1))
	// Output: Bethe 0.500, independent pair 0.500, mean field 0.588
}

// The T = 0 capacity of the vector Hopfield network falls as 1/d in
// α = P/N: in α″ = Pd/N it stays near 0.15.
func ExampleVectorRSCapacity() {
	for _, d := range []int{1, 3, 10} {
		ac, err := plm.VectorRSCapacity(d)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("d = %2d: α_c = %.4f, α″_c = %.3f\n", d, ac, ac*float64(d))
	}
	// Output:
	// d =  1: α_c = 0.1379, α″_c = 0.138
	// d =  3: α_c = 0.0508, α″_c = 0.152
	// d = 10: α_c = 0.0150, α″_c = 0.150
}

// One synchronous step far above saturation (α = 1.5, thirty times α_c
// for d = 3) still cleans a start at overlap 0.5.
func ExampleFirstStepOverlap() {
	m1, err := plm.FirstStepOverlap(3, 1.5, 0.5)
	fmt.Printf("m1 = %.3f %v\n", m1, err)
	// Output: m1 = 0.568 <nil>
}

// Two antiferromagnetically coupled spins: the eigenvalue −1 lies along
// (1, 1), and from s = (1, 1) the parallel step s → sign(Js) flips both
// spins at every step (a 2-cycle); +1 lies along (1, −1), a fixed point.
func ExampleCouplings_SymmetricSpectrum() {
	J, _ := plm.CouplingsFromRows([][]float64{{0, -1}, {-1, 0}})
	ev, err := J.SymmetricSpectrum()
	fmt.Println(ev, err)
	// Output: [-1 1] <nil>
}
