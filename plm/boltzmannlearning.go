package plm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
)

// Defaults of BoltzmannLearning used when a field is left zero.
const (
	DefaultBoltzmannSteps  = 1000
	DefaultBoltzmannRate   = 0.02
	DefaultBoltzmannSweeps = 1
)

// BoltzmannLearning is maximum likelihood for the couplings of an Ising
// model without fields, p(s) ∝ exp(½ Σ_{i≠j} J_ij s_i s_j) (J on the scale
// βJ): ascent of the log-likelihood per sample, whose gradient is
//
//	∂ℓ/∂J_ij = ⟨s_i s_j⟩_data − ⟨s_i s_j⟩_J − L2·J_ij,
//
// the moment matching of Ackley, Hinton and Sejnowski. ℓ is concave, so its
// maximum is unique and needs only the data's ⟨s_i s_j⟩: it is the
// reference every other inference method approximates (the review's gold
// standard), at the price of the model's correlations at every step.
//
// With Chains = 0 those are exact, by enumeration (N ≤ MaxEnumerationSpins);
// otherwise they are averaged over Chains persistent heat-bath chains at
// β = 1 that advance Sweeps sweeps per step (persistent contrastive
// divergence). The steps are Adam's, with a rate that decays as
// Rate/(1 + 10 t/Steps), so that the Monte Carlo noise averages out; with
// chains the result is the mean of the iterates over the last half of the
// steps (Polyak averaging).
type BoltzmannLearning struct {
	Steps  int     // gradient steps (default 1000)
	Rate   float64 // Adam's initial step size (default 0.02)
	L2     float64 // Gaussian prior, as PLMinimum's: −L2·J in the gradient
	Chains int     // persistent chains; 0 means exact enumeration
	Sweeps int     // heat-bath sweeps per step and chain (default 1)
	Seed   uint64
	// Start, if set, is the first J (symmetrised): PL's couplings, say,
	// which lie near the maximum and keep the chains near equilibrium.
	Start *Couplings
	// ChainStarts, if set, are the chains' first states (rows, taken in
	// turn): the samples themselves, which are in equilibrium already.
	ChainStarts *Patterns
	// Progress, if set, receives every step's log entry.
	Progress func(BoltzmannLog)
}

// BoltzmannLog describes step Step: the root mean square of the gradient
// over the pairs (its Monte Carlo estimate with chains).
type BoltzmannLog struct {
	Step    int     `json:"step"`
	GradRMS float64 `json:"grad_rms"`
}

// BoltzmannFit is the outcome of BoltzmannLearning.Fit.
type BoltzmannFit struct {
	J   *Couplings
	Log []BoltzmannLog
}

func (bl BoltzmannLearning) withDefaults(n int) (BoltzmannLearning, error) {
	if bl.Steps == 0 {
		bl.Steps = DefaultBoltzmannSteps
	}
	if bl.Rate == 0 {
		bl.Rate = DefaultBoltzmannRate
	}
	if bl.Sweeps == 0 {
		bl.Sweeps = DefaultBoltzmannSweeps
	}
	switch {
	case bl.Steps < 1:
		return bl, fmt.Errorf("plm: Boltzmann learning needs ≥ 1 step, got %d", bl.Steps)
	case !(bl.Rate > 0) || math.IsInf(bl.Rate, 0):
		return bl, fmt.Errorf("plm: Boltzmann learning rate must be > 0 and finite, got %v", bl.Rate)
	case !(bl.L2 >= 0) || math.IsInf(bl.L2, 0):
		return bl, fmt.Errorf("plm: L2 penalty must be ≥ 0 and finite, got %v", bl.L2)
	case bl.Chains < 0 || bl.Sweeps < 1:
		return bl, fmt.Errorf("plm: Boltzmann learning needs Chains ≥ 0 and Sweeps ≥ 1, got %d and %d", bl.Chains, bl.Sweeps)
	case bl.Chains == 0 && n > MaxEnumerationSpins:
		return bl, fmt.Errorf("plm: exact Boltzmann learning enumerates 2^N states and is refused for N = %d > %d: set Chains for Monte Carlo", n, MaxEnumerationSpins)
	}
	if err := limits.Check("plm: Boltzmann learning chains", 4*2, bl.Chains, n); err != nil {
		return bl, err
	}
	if bl.Start != nil {
		if bl.Start.N != n {
			return bl, fmt.Errorf("plm: Boltzmann learning start has N = %d, the moments N = %d", bl.Start.N, n)
		}
		if err := bl.Start.Validate(); err != nil {
			return bl, fmt.Errorf("plm: Boltzmann learning start: %w", err)
		}
	}
	if bl.ChainStarts != nil {
		if err := bl.ChainStarts.Validate(); err != nil {
			return bl, fmt.Errorf("plm: chain starts: %w", err)
		}
		if bl.ChainStarts.N != n || bl.ChainStarts.P < 1 {
			return bl, fmt.Errorf("plm: chain starts have %d states of N = %d, the moments N = %d", bl.ChainStarts.P, bl.ChainStarts.N, n)
		}
	}
	return bl, nil
}

// Fit maximises the likelihood of the moments' ⟨s_i s_j⟩ = C_ij + m_i m_j.
// On cancellation it returns the couplings reached with the context's error.
func (bl BoltzmannLearning) Fit(ctx context.Context, mo *Moments) (*BoltzmannFit, error) {
	if err := mo.validate(); err != nil {
		return nil, err
	}
	n := mo.N
	bl, err := bl.withDefaults(n)
	if err != nil {
		return nil, err
	}
	data := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			data[i*n+j] = mo.C[i*n+j] + mo.M[i]*mo.M[j]
		}
	}
	J := &Couplings{N: n, W: make([]float32, n*n)}
	if bl.Start != nil {
		J = bl.Start.Symmetrised()
		J.ZeroDiagonal()
	}
	opt := newBoltzmannAdam(J)
	chains := bl.initialChains(n)
	mean := make([]float64, n*n) // the iterates' running mean over the last half
	var averaged int
	fit := &BoltzmannFit{J: J}
	model := make([]float64, n*n)
	for t := 1; t <= bl.Steps; t++ {
		if err := ctx.Err(); err != nil {
			return fit, err
		}
		if chains, err = bl.modelCorrelations(ctx, J, chains, t, model); err != nil {
			return fit, err
		}
		rate := bl.Rate / (1 + 10*float64(t)/float64(bl.Steps))
		e := BoltzmannLog{Step: t, GradRMS: opt.step(J, data, model, bl.L2, rate, t)}
		if !finite(e.GradRMS) {
			return fit, &NonFiniteError{Quantity: "Boltzmann-learning gradient", Value: e.GradRMS}
		}
		fit.Log = append(fit.Log, e)
		if bl.Progress != nil {
			bl.Progress(e)
		}
		if chains != nil && 2*t > bl.Steps {
			averaged++
			for i := 0; i < n; i++ {
				for j := i + 1; j < n; j++ {
					mean[i*n+j] += (opt.w[i*n+j] - mean[i*n+j]) / float64(averaged)
				}
			}
		}
	}
	if chains != nil {
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				J.W[i*n+j], J.W[j*n+i] = float32(mean[i*n+j]), float32(mean[i*n+j])
			}
		}
	}
	return fit, nil
}

// initialChains are the persistent chains' starts (ChainStarts repeated,
// or random states), or nil for exact enumeration.
func (bl BoltzmannLearning) initialChains(n int) *Patterns {
	if bl.Chains == 0 {
		return nil
	}
	chains := &Patterns{P: bl.Chains, N: n, Data: make([]float32, bl.Chains*n)}
	r := rand.New(rand.NewPCG(bl.Seed, 0xc4a1))
	for c := 0; c < bl.Chains; c++ {
		row := chains.Row(c)
		if bl.ChainStarts != nil {
			copy(row, bl.ChainStarts.Row(c%bl.ChainStarts.P))
			continue
		}
		for i := range row {
			row[i] = float32(2*r.IntN(2) - 1)
		}
	}
	return chains
}

// modelCorrelations writes the model's ⟨s_i s_j⟩ (i < j) at step t into
// model: exactly by enumeration when chains is nil, else from the chains
// after a heat-bath run, whose states it returns.
func (bl BoltzmannLearning) modelCorrelations(ctx context.Context, J *Couplings, chains *Patterns, t int, model []float64) (*Patterns, error) {
	n := J.N
	clear(model)
	if chains == nil {
		b, err := ExactBoltzmann(J, 1)
		if err != nil {
			return nil, err
		}
		b.Each(func(x []float32, p float64) {
			for i := range x {
				for j := i + 1; j < n; j++ {
					model[i*n+j] += p * float64(x[i]*x[j])
				}
			}
		})
		return nil, nil
	}
	eq, err := HeatBath{T: 1, Mode: Asynchronous, BurnIn: bl.Sweeps, Seed: bl.Seed + uint64(t)<<20}.Run(ctx, J, chains, nil)
	if err != nil {
		return chains, err
	}
	chains = eq.Final
	for c := 0; c < chains.P; c++ {
		x := chains.Row(c)
		for i := range x {
			for j := i + 1; j < n; j++ {
				model[i*n+j] += float64(x[i]*x[j]) / float64(chains.P)
			}
		}
	}
	return chains, nil
}

// boltzmannAdam is Adam ascending the log-likelihood over the upper
// triangle of J, in float64 (J.W is its float32 copy for the model).
type boltzmannAdam struct {
	w, m1, m2 []float64
}

func newBoltzmannAdam(J *Couplings) *boltzmannAdam {
	n := J.N
	a := &boltzmannAdam{w: make([]float64, n*n), m1: make([]float64, n*n), m2: make([]float64, n*n)}
	for k, v := range J.W {
		a.w[k] = float64(v)
	}
	return a
}

// step takes step t with the gradient data − model − L2·J, writes the
// symmetric couplings into J and returns the gradient's root mean square.
func (a *boltzmannAdam) step(J *Couplings, data, model []float64, l2, rate float64, t int) float64 {
	const b1, b2, eps = 0.9, 0.999, 1e-8
	n := J.N
	c1, c2 := 1-math.Pow(b1, float64(t)), 1-math.Pow(b2, float64(t)) // Adam's bias corrections
	var q float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			k := i*n + j
			g := data[k] - model[k] - l2*a.w[k]
			q += g * g
			a.m1[k] = b1*a.m1[k] + (1-b1)*g
			a.m2[k] = b2*a.m2[k] + (1-b2)*g*g
			mh, vh := a.m1[k]/c1, a.m2[k]/c2
			a.w[k] += rate * mh / (math.Sqrt(vh) + eps)
			J.W[k], J.W[j*n+i] = float32(a.w[k]), float32(a.w[k])
		}
	}
	return math.Sqrt(q / float64(n*(n-1)/2))
}
