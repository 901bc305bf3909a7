package plm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// HeatBath is Glauber dynamics at temperature T: each update sets
//
//	σ_i ← +1 with probability (1 + tanh(h_i/T))/2, else −1,
//
// the lecture's noisy dynamics σ_i(n+1) = sgn(φ_i(n) + T ζ_i) with noise of
// cumulative distribution (1 + tanh ζ)/2. At T = 0 it is the
// zero-temperature dynamics σ_i ← sign(h_i), sign(0) = +1 (Dynamics): the
// same states, step for step.
//
// Asynchronous mode updates the sites one at a time in a fresh random order
// each sweep (as Dynamics does); Synchronous updates all sites from the same
// fields. For symmetric couplings with zero diagonal the asynchronous chain
// samples the Boltzmann measure e^{−H/T}, H = −½ Σ J_ij σ_i σ_j. Asymmetric
// couplings have no energy: the chain still has a unique stationary law at
// T > 0 (it is ergodic), but that law satisfies no detailed balance and is
// not e^{−H/T} for any H; its averages are then properties of the dynamics
// (time averages along the chain), which is what the measured phase
// diagrams report for PL's couplings.
type HeatBath struct {
	T    float64
	Mode Mode
	// BurnIn sweeps are run first; then the overlaps are averaged over
	// Sweeps sweeps (a sweep is N sequential updates or one parallel step).
	BurnIn, Sweeps int
	// Seed: state s draws from stream (Seed, s), so results do not depend
	// on the number of threads.
	Seed uint64
}

// Equilibrium is the outcome of HeatBath.Run.
type Equilibrium struct {
	Final *Patterns
	// Overlap[s] is the mean over the measured sweeps of ξ·σ/N between
	// state s and row s of the reference patterns; OverlapStd its standard
	// deviation over those sweeps.
	Overlap, OverlapStd []float64
}

// Run runs the chain from every start; refs (one row per start, or nil)
// are the patterns whose overlaps are averaged.
func (hb HeatBath) Run(ctx context.Context, J *Couplings, starts, refs *Patterns) (*Equilibrium, error) {
	total, err := checkHeatBath(hb.T, hb.Mode, hb.BurnIn, hb.Sweeps)
	if err != nil {
		return nil, err
	}
	if err := J.checkPatterns(starts); err != nil {
		return nil, err
	}
	if refs != nil {
		if err := refs.Validate(); err != nil {
			return nil, err
		}
		if refs.P != starts.P || refs.N != starts.N {
			return nil, fmt.Errorf("plm: %d reference patterns of N=%d for %d starts of N=%d", refs.P, refs.N, starts.P, starts.N)
		}
	}
	n, p := J.N, starts.P
	if err := limits.Total("plm: heat bath", limits.Must(4, p, n), limits.Must(8*3, linalg.Workers(p), n)); err != nil {
		return nil, err
	}
	e := newEngine(Dynamics{Mode: Asynchronous}, J)
	out := &Equilibrium{Final: &Patterns{P: p, N: n, Data: make([]float32, p*n)}, Overlap: make([]float64, p), OverlapStd: make([]float64, p)}
	linalg.ForEach(p, func(s, _ int) {
		x, h := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = float64(starts.Data[s*n+i])
		}
		e.fields(x, h, 1)
		rng := rand.New(rand.NewPCG(hb.Seed, uint64(s)))
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		var flips []int
		var sum, sq float64
		for sweep := 0; sweep < total; sweep++ {
			if sweep%8 == 0 && ctx.Err() != nil {
				return
			}
			if hb.Mode == Asynchronous {
				rng.Shuffle(n, func(a, b int) { order[a], order[b] = order[b], order[a] })
				for _, i := range order {
					if hb.spin(h[i], rng) != x[i] {
						e.flip(x, h, i)
					}
				}
			} else {
				flips = flips[:0]
				for i := range x {
					if hb.spin(h[i], rng) != x[i] {
						flips = append(flips, i)
					}
				}
				e.flipAll(x, h, flips)
			}
			if sweep >= hb.BurnIn && refs != nil {
				var m float64
				for i, v := range x {
					m += v * float64(refs.Data[s*n+i])
				}
				m /= float64(n)
				sum, sq = sum+m, sq+m*m
			}
		}
		for i, v := range x {
			out.Final.Data[s*n+i] = float32(v)
		}
		if hb.Sweeps > 0 && refs != nil {
			out.Overlap[s], out.OverlapStd[s] = sweepMeanStd(sum, sq, hb.Sweeps)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// checkHeatBath checks the settings shared by HeatBath and VectorHeatBath
// and returns the number of sweeps, burn-in included.
func checkHeatBath(T float64, mode Mode, burnIn, sweeps int) (int, error) {
	if !(T >= 0) || math.IsInf(T, 0) {
		return 0, fmt.Errorf("plm: heat-bath temperature must be finite and ≥ 0, got %v", T)
	}
	total, ok := limits.Sum(burnIn, sweeps)
	if !ok {
		return 0, fmt.Errorf("plm: heat bath needs BurnIn, Sweeps ≥ 0 with a sum that fits an int, got %d and %d", burnIn, sweeps)
	}
	if mode != Synchronous && mode != Asynchronous {
		return 0, fmt.Errorf("plm: unknown mode %v", mode)
	}
	return total, nil
}

// sweepMeanStd is the mean and standard deviation of n overlaps from their
// sum and sum of squares.
func sweepMeanStd(sum, sq float64, n int) (mean, std float64) {
	mean = sum / float64(n)
	return mean, math.Sqrt(math.Max(0, sq/float64(n)-mean*mean))
}

// spin draws the new value of a spin in field h.
func (hb HeatBath) spin(h float64, rng *rand.Rand) float64 {
	if hb.T == 0 {
		return sign(h)
	}
	// P(+1) = (1 + tanh(h/T))/2 = 1/(1 + e^{−2h/T}).
	if rng.Float64() < 1/(1+math.Exp(-2*h/hb.T)) {
		return 1
	}
	return -1
}
