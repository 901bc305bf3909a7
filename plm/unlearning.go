package plm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// Unlearning is Hebbian unlearning (Hopfield, Feinstein and Palmer 1983):
// start from Hebb, then Steps times relax a random configuration with
// asynchronous dynamics to a fixed point σ and set
// J ← J − (ε/N) σσᵀ, keeping J_ii = 0. The couplings stay symmetric.
type Unlearning struct {
	Steps   int     // number of unlearning steps D (> 0)
	Epsilon float64 // strength ε (default 0.01)
	Seed    uint64
	// Progress, if set, is called every 1% of the steps.
	Progress func(done, total int)
}

// Couplings runs the unlearning.
func (u Unlearning) Couplings(ctx context.Context, xi *Patterns) (*Couplings, error) {
	if u.Epsilon == 0 {
		u.Epsilon = 0.01
	}
	if !(u.Epsilon > 0) || math.IsInf(u.Epsilon, 0) {
		return nil, fmt.Errorf("plm: unlearning strength ε must be finite and > 0, got %v", u.Epsilon)
	}
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	return dreamLoop(ctx, xi, u.Steps, u.Seed, u.Progress, func(w []float64, sigma []float64, _ *rand.Rand) {
		rankOne(w, sigma, -u.Epsilon/float64(xi.N))
	})
}

// Daydreaming is the rule of Serricchio et al. (Neural Networks 186, 2025):
// start from Hebb, then Steps times pick a pattern μ at random, relax a
// random configuration to a fixed point σ with asynchronous dynamics, and set
// J ← J + (1/(τN)) (ξ^μ ξ^μᵀ − σσᵀ), keeping J_ii = 0. Unlike unlearning it
// does not degrade for long times.
type Daydreaming struct {
	Steps int     // number of steps (> 0)
	Tau   float64 // time scale τ (default 100, plmlab's choice)
	Seed  uint64
	// Progress, if set, is called every 1% of the steps.
	Progress func(done, total int)
}

// Couplings runs the daydreaming.
func (d Daydreaming) Couplings(ctx context.Context, xi *Patterns) (*Couplings, error) {
	if d.Tau == 0 {
		d.Tau = 100
	}
	if !(d.Tau > 0) || math.IsInf(d.Tau, 0) {
		return nil, fmt.Errorf("plm: daydreaming time scale τ must be finite and > 0, got %v", d.Tau)
	}
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	c := 1 / (d.Tau * float64(xi.N))
	if !finite(c) {
		return nil, fmt.Errorf("plm: daydreaming step 1/(τN) = %v is not finite (τ = %v too small)", c, d.Tau)
	}
	pat := make([]float64, xi.N)
	return dreamLoop(ctx, xi, d.Steps, d.Seed, d.Progress, func(w []float64, sigma []float64, rng *rand.Rand) {
		mu := rng.IntN(xi.P)
		for i, v := range xi.Row(mu) {
			pat[i] = float64(v)
		}
		rankOne(w, pat, c)
		rankOne(w, sigma, -c)
	})
}

// rankOne adds c·v vᵀ to the symmetric n×n matrix w, diagonal excluded.
func rankOne(w, v []float64, c float64) {
	n := len(v)
	for i := 0; i < n; i++ {
		linalg.Daxpy(c*v[i], v, w[i*n:(i+1)*n])
		w[i*n+i] = 0
	}
}

// dreamLoop starts from Hebb and applies update after relaxing a random
// configuration each step, asynchronously (symmetric couplings converge).
func dreamLoop(ctx context.Context, xi *Patterns, steps int, seed uint64, progress func(int, int), update func(w, sigma []float64, rng *rand.Rand)) (*Couplings, error) {
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	if steps <= 0 {
		return nil, fmt.Errorf("plm: number of steps must be > 0, got %d", steps)
	}
	n := xi.N
	if err := limits.Check("plm: dreaming couplings (float64)", 8, n, n); err != nil {
		return nil, err
	}
	hebb := hebbCouplings(xi)
	w := make([]float64, n*n)
	for k, v := range hebb.W {
		w[k] = float64(v)
	}
	// w is symmetric, so it is its own transpose for the engine.
	e := newEngineT(Dynamics{Mode: Asynchronous, MaxSteps: DefaultMaxSteps}, n, w)
	sc := e.newScratch()
	rng := rand.New(rand.NewPCG(seed, 0xd7ea))
	x := make([]float64, n)
	h := make([]float64, n)
	every := max(1, steps/100)
	for s := 0; s < steps; s++ {
		if s%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for i := range x {
			x[i] = float64(2*rng.IntN(2) - 1)
		}
		e.fields(x, h, 1)
		e.relax(ctx, x, h, rng, sc)
		update(w, x, rng)
		if progress != nil && ((s+1)%every == 0 || s+1 == steps) {
			progress(s+1, steps)
		}
	}
	J := &Couplings{N: n, W: make([]float32, n*n)}
	for k, v := range w {
		J.W[k] = float32(v)
	}
	// A step too strong for the couplings overflows: say so, not Inf.
	if err := checkFinite(J.W, n); err != nil {
		return nil, fmt.Errorf("%w after %d steps (the step size is too large)", err, steps)
	}
	return J, nil
}
