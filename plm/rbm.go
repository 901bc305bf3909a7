package plm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// GaussianRBM is the restricted Boltzmann machine of the Hopfield ↔ RBM
// duality: N visible units σ_i = ±1, P Gaussian hidden units z_μ, weights
// W (N×P), at inverse temperature β:
//
//	p(σ, z) ∝ exp(−β|z|²/2 + β σᵀ W z).
//
// Integrating z out (the Hubbard–Stratonovich transformation read
// backwards) leaves p(σ) ∝ exp(β|Wᵀσ|²/2) = exp(β/2 σᵀ W Wᵀ σ): the
// Hopfield model with couplings J = W Wᵀ. With W = ξᵀ/√N these are Hebb's
// couplings, whose diagonal J_ii = P/N only adds a constant for ±1 spins,
// so Z_RBM = (2π/β)^{P/2} e^{βP/2} Z_Hopfield with Hebb's zero-diagonal J.
type GaussianRBM struct {
	N, P int
	W    []float64 // N×P row-major
	Beta float64
}

// HopfieldRBM is the RBM whose marginal is the Hopfield model of the
// patterns ξ with Hebb's couplings: W_iμ = ξ_i^μ/√N.
func HopfieldRBM(xi *Patterns, beta float64) (*GaussianRBM, error) {
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	if !(beta > 0) || math.IsInf(beta, 0) {
		return nil, fmt.Errorf("plm: RBM needs a finite β > 0, got %v", beta)
	}
	r := &GaussianRBM{N: xi.N, P: xi.P, W: make([]float64, xi.N*xi.P), Beta: beta}
	s := 1 / math.Sqrt(float64(xi.N))
	for mu := 0; mu < xi.P; mu++ {
		for i := 0; i < xi.N; i++ {
			r.W[i*xi.P+mu] = float64(xi.Data[mu*xi.N+i]) * s
		}
	}
	return r, nil
}

func (r *GaussianRBM) check() error {
	if r == nil || r.N < 1 || r.P < 1 || len(r.W) != r.N*r.P {
		return errors.New("plm: malformed RBM")
	}
	if !(r.Beta > 0) || math.IsInf(r.Beta, 0) {
		return fmt.Errorf("plm: RBM needs a finite β > 0, got %v", r.Beta)
	}
	for k, v := range r.W {
		if !finite(v) {
			return fmt.Errorf("plm: RBM weight [%d][%d] is %v", k/r.P, k%r.P, v)
		}
	}
	return nil
}

// LogZ is log Σ_σ ∫ d^P z e^{−β|z|²/2 + βσᵀWz}, by enumeration of the 2^N
// visible states (N ≤ MaxEnumerationSpins), each Gaussian integral done
// exactly: (2π/β)^{P/2} e^{β|Wᵀσ|²/2}.
func (r *GaussianRBM) LogZ() (float64, error) {
	if err := r.check(); err != nil {
		return math.NaN(), err
	}
	if r.N > MaxEnumerationSpins {
		return math.NaN(), fmt.Errorf("plm: exact RBM partition function for N = %d > %d visible units", r.N, MaxEnumerationSpins)
	}
	terms := make([]float64, 1<<r.N)
	sigma := make([]float64, r.N)
	h := make([]float64, r.P)
	top := math.Inf(-1)
	for s := range terms {
		for i := range sigma {
			sigma[i] = float64(1 - 2*(s>>i&1))
		}
		r.hidden(sigma, h)
		var hh float64
		for _, v := range h {
			hh += v * v
		}
		terms[s] = r.Beta * hh / 2
		top = math.Max(top, terms[s])
	}
	var sum float64
	for _, t := range terms {
		sum += math.Exp(t - top)
	}
	return top + math.Log(sum) + float64(r.P)/2*math.Log(2*math.Pi/r.Beta), nil
}

// hidden sets h = Wᵀσ.
func (r *GaussianRBM) hidden(sigma, h []float64) { hiddenField(r.W, r.P, sigma, h) }

// hiddenField sets h = Wᵀσ for N×P row-major weights w.
func hiddenField(w []float64, p int, sigma, h []float64) {
	clear(h)
	for i, s := range sigma {
		for mu, v := range w[i*p : (i+1)*p] {
			h[mu] += s * v
		}
	}
}

// blockGibbs is one block Gibbs step, in place, of the RBM
// p(σ, z) ∝ exp(−β|z|²/2 + βσᵀWz + βbᵀσ) (b nil: no biases): z | σ ~
// N(Wᵀσ, 1/β) for all hidden units, then every σ_i | z = +1 with
// probability 1/(1 + e^{−2β(b_i + Σ_μ W_iμ z_μ)}).
func blockGibbs(w []float64, p int, b []float64, beta float64, sigma, h, z []float64, rng *rand.Rand) {
	hiddenField(w, p, sigma, h)
	sd := 1 / math.Sqrt(beta)
	for mu := range z {
		z[mu] = h[mu] + sd*rng.NormFloat64()
	}
	for i := range sigma {
		var f float64
		if b != nil {
			f = b[i]
		}
		for mu, v := range w[i*p : (i+1)*p] {
			f += v * z[mu]
		}
		sigma[i] = -1
		if rng.Float64() < 1/(1+math.Exp(-2*beta*f)) {
			sigma[i] = 1
		}
	}
}

// Gibbs runs block Gibbs sampling from every start: z | σ ~ N(Wᵀσ, 1/β)
// for all hidden units at once, then σ_i | z = +1 with probability
// (1 + tanh(β Σ_μ W_iμ z_μ))/2 for all visible units at once. After BurnIn
// sweeps the overlap ξ·σ/N with row s of refs is averaged over Sweeps
// sweeps, as HeatBath does; state s draws from stream (Seed, s).
func (r *GaussianRBM) Gibbs(ctx context.Context, starts, refs *Patterns, burnIn, sweeps int, seed uint64) (*Equilibrium, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	if err := starts.Validate(); err != nil {
		return nil, err
	}
	if starts.N != r.N || refs == nil || refs.P != starts.P || refs.N != r.N {
		return nil, fmt.Errorf("plm: RBM of %d visible units: starts and references must be N=%d, one reference per start", r.N, r.N)
	}
	total, ok := limits.Sum(burnIn, sweeps)
	if !ok || sweeps < 1 {
		return nil, fmt.Errorf("plm: Gibbs needs burnIn ≥ 0 and sweeps ≥ 1 with a sum that fits an int, got %d and %d", burnIn, sweeps)
	}
	n, p := r.N, starts.P
	out := &Equilibrium{Final: &Patterns{P: p, N: n, Data: make([]float32, p*n)}, Overlap: make([]float64, p), OverlapStd: make([]float64, p)}
	linalg.ForEach(p, func(s, _ int) {
		rng := rand.New(rand.NewPCG(seed, uint64(s)))
		sigma, h, z := make([]float64, n), make([]float64, r.P), make([]float64, r.P)
		for i := range sigma {
			sigma[i] = float64(starts.Data[s*n+i])
		}
		var sum, sq float64
		for sweep := 0; sweep < total; sweep++ {
			if sweep%16 == 0 && ctx.Err() != nil {
				return
			}
			blockGibbs(r.W, r.P, nil, r.Beta, sigma, h, z, rng)
			var m float64
			for i, v := range sigma {
				m += v * float64(refs.Data[s*n+i])
			}
			if sweep >= burnIn {
				m /= float64(n)
				sum, sq = sum+m, sq+m*m
			}
		}
		for i, v := range sigma {
			out.Final.Data[s*n+i] = float32(v)
		}
		mean := sum / float64(sweeps)
		out.Overlap[s], out.OverlapStd[s] = mean, math.Sqrt(math.Max(0, sq/float64(sweeps)-mean*mean))
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
