package plm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// VectorHeatBath is the heat bath of vector spins at temperature T: each
// update draws S_i from its conditional law in the field h_i = Σ_j J_ij S_j,
// the von Mises–Fisher law
//
//	p(S_i | h_i) ∝ exp(S_i·h_i / T)   on the sphere S^{d−1},
//
// sampled exactly (sampleVMF). For d = 1 it is HeatBath, draw for draw:
// the same stream, order and comparisons give the same states. At T = 0
// each spin turns to its field (VectorDynamics' rule; a spin in a zero
// field keeps its direction).
//
// Asynchronous mode updates the sites one at a time in a fresh random
// order each sweep; Synchronous updates all sites from the same fields.
// For symmetric couplings (J_ji = J_ijᵀ) the asynchronous chain samples
// exp(−H/T), H = −½ Σ_{i≠j} S_i·J_ij S_j.
type VectorHeatBath struct {
	T    float64
	Mode Mode
	// BurnIn sweeps are run first; then the overlaps are averaged over
	// Sweeps sweeps (a sweep is N sequential updates or one parallel step).
	BurnIn, Sweeps int
	// Seed: state s draws from stream (Seed, s), so results do not depend
	// on the number of threads.
	Seed uint64
}

// VectorEquilibrium is the outcome of VectorHeatBath.Run.
type VectorEquilibrium struct {
	Final *VectorPatterns
	// Overlap[s] is the mean over the measured sweeps of Σ_i S_i·ξ_i/N
	// between state s and row s of the reference patterns; OverlapStd its
	// standard deviation over those sweeps.
	Overlap, OverlapStd []float64
}

// Run runs the chain from every start; refs (one row per start, or nil)
// are the patterns whose overlaps are averaged.
func (hb VectorHeatBath) Run(ctx context.Context, J *VectorCouplings, starts, refs *VectorPatterns) (*VectorEquilibrium, error) {
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
		if refs.P != starts.P || refs.N != starts.N || refs.D != starts.D {
			return nil, fmt.Errorf("plm: %d reference patterns of N=%d, d=%d for %d starts of N=%d, d=%d", refs.P, refs.N, refs.D, starts.P, starts.N, starts.D)
		}
	}
	n, d, p := J.N, J.D, starts.P
	nd := n * d
	if err := limits.Total("plm: vector heat bath", limits.Must(4, nd, nd), limits.Must(4, p, nd),
		limits.Must(8*4, linalg.Workers(p), nd)); err != nil {
		return nil, err
	}
	// Columns of W as rows: a spin's change updates every field from one
	// contiguous row.
	wt := make([]float32, nd*nd)
	for r := 0; r < nd; r++ {
		for c := 0; c < nd; c++ {
			wt[c*nd+r] = J.W[r*nd+c]
		}
	}
	out := &VectorEquilibrium{Final: &VectorPatterns{P: p, N: n, D: d, Data: make([]float32, p*nd)},
		Overlap: make([]float64, p), OverlapStd: make([]float64, p)}
	linalg.ForEach(p, func(s, _ int) {
		c := vectorChain{hb: hb, n: n, d: d, w: J.W, wt: wt,
			x: make([]float64, nd), h: make([]float64, nd), next: make([]float64, nd), mu: make([]float64, d),
			rng: rand.New(rand.NewPCG(hb.Seed, uint64(s))), order: make([]int, n)}
		for k := range c.x {
			c.x[k] = float64(starts.Data[s*nd+k])
		}
		for i := range c.order {
			c.order[i] = i
		}
		c.fields()
		var sum, sq float64
		for sweep := 0; sweep < total; sweep++ {
			if sweep%8 == 0 && ctx.Err() != nil {
				return
			}
			if hb.Mode == Asynchronous {
				c.sweepAsynchronous()
			} else {
				c.stepSynchronous()
			}
			if sweep >= hb.BurnIn && refs != nil {
				var m float64
				for k, v := range c.x {
					m += v * float64(refs.Data[s*nd+k])
				}
				m /= float64(n)
				sum, sq = sum+m, sq+m*m
			}
		}
		for k, v := range c.x {
			out.Final.Data[s*nd+k] = float32(v)
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

// vectorChain is one state of a VectorHeatBath with its fields.
type vectorChain struct {
	hb    VectorHeatBath
	n, d  int
	w, wt []float32 // W and its transpose, (Nd)×(Nd)
	x, h  []float64 // the spins and their fields, N×d
	next  []float64 // synchronous: the new spins
	mu    []float64 // scratch: one site's field direction
	rng   *rand.Rand
	order []int
	delta [MaxVectorDim]float64
}

// fields computes h = W x.
func (c *vectorChain) fields() {
	nd := c.n * c.d
	for r := 0; r < nd; r++ {
		var sum float64
		row := c.w[r*nd : (r+1)*nd]
		for k, v := range c.x {
			sum += float64(row[k]) * v
		}
		c.h[r] = sum
	}
}

func (c *vectorChain) sweepAsynchronous() {
	n, d := c.n, c.d
	nd := n * d
	c.rng.Shuffle(n, func(a, b int) { c.order[a], c.order[b] = c.order[b], c.order[a] })
	for _, i := range c.order {
		si := c.x[i*d : (i+1)*d]
		copy(c.delta[:d], si)
		c.draw(c.h[i*d:(i+1)*d], si)
		changed := false
		for a := 0; a < d; a++ {
			c.delta[a] = si[a] - c.delta[a]
			changed = changed || c.delta[a] != 0
		}
		if !changed {
			continue
		}
		for a := 0; a < d; a++ {
			if c.delta[a] == 0 {
				continue
			}
			col := c.wt[(i*d+a)*nd : (i*d+a+1)*nd]
			for r, v := range col {
				c.h[r] += float64(v) * c.delta[a]
			}
		}
	}
}

func (c *vectorChain) stepSynchronous() {
	d := c.d
	copy(c.next, c.x)
	for i := 0; i < c.n; i++ {
		c.draw(c.h[i*d:(i+1)*d], c.next[i*d:(i+1)*d])
	}
	copy(c.x, c.next)
	c.fields()
}

// draw replaces the spin s by a draw from its conditional law in field h.
func (c *vectorChain) draw(h, s []float64) {
	T := c.hb.T
	if c.d == 1 {
		// HeatBath's draw: P(+1) = 1/(1 + e^{−2h/T}); at T = 0 sign(h),
		// keeping the spin in a zero field.
		if T == 0 {
			if h[0] != 0 {
				s[0] = sign(h[0])
			}
			return
		}
		if c.rng.Float64() < 1/(1+math.Exp(-2*h[0]/T)) {
			s[0] = 1
		} else {
			s[0] = -1
		}
		return
	}
	var norm float64
	for _, v := range h {
		norm += v * v
	}
	norm = math.Sqrt(norm)
	if T == 0 {
		if norm > 0 {
			for a, v := range h {
				s[a] = v / norm
			}
		}
		return
	}
	if norm > 0 {
		for a, v := range h {
			c.mu[a] = v / norm
		}
	} else {
		randomDirection(c.mu, c.rng) // no field: the uniform law
	}
	sampleVMF(s, c.mu, norm/T, c.rng)
}

// randomDirection sets v to a uniform unit vector.
func randomDirection(v []float64, rng *rand.Rand) {
	for {
		var norm float64
		for a := range v {
			v[a] = rng.NormFloat64()
			norm += v[a] * v[a]
		}
		if norm > 1e-300 {
			norm = math.Sqrt(norm)
			for a := range v {
				v[a] /= norm
			}
			return
		}
	}
}

// sampleVMF sets s to a draw of the von Mises–Fisher law on S^{d−1} with
// mean direction mu (a unit vector, d = len(mu) ≥ 2) and concentration
// κ ≥ 0: density ∝ exp(κ s·mu). The cosine w = s·mu is drawn exactly —
// by inversion for d = 3, by Wood's rejection sampler otherwise — and the
// rest of s is uniform on the sphere orthogonal to mu.
func sampleVMF(s, mu []float64, kappa float64, rng *rand.Rand) {
	d := len(mu)
	w := vmfCosine(d, kappa, rng)
	// A uniform direction orthogonal to mu: a Gaussian vector with its
	// component along mu removed twice (once can leave a rounding residue
	// when the vector is nearly along mu).
	for {
		var norm float64
		for a := range s {
			s[a] = rng.NormFloat64()
		}
		for pass := 0; pass < 2; pass++ {
			var dot float64
			for a := range s {
				dot += s[a] * mu[a]
			}
			for a := range s {
				s[a] -= dot * mu[a]
			}
		}
		for _, v := range s {
			norm += v * v
		}
		if norm > 1e-20 {
			r := math.Sqrt(math.Max(0, 1-w*w)) / math.Sqrt(norm)
			norm = 0
			for a := range s {
				s[a] = w*mu[a] + r*s[a]
				norm += s[a] * s[a]
			}
			norm = math.Sqrt(norm) // 1 up to rounding: make it 1
			for a := range s {
				s[a] /= norm
			}
			return
		}
	}
}

// vmfCosine draws w = s·mu of a von Mises–Fisher spin on S^{d−1}, d ≥ 2:
// density ∝ e^{κw} (1 − w²)^{(d−3)/2} on [−1, 1].
func vmfCosine(d int, kappa float64, rng *rand.Rand) float64 {
	if d == 3 {
		// Inversion of F(w) = (e^{κw} − e^{−κ})/(e^κ − e^{−κ}), written
		// so that it neither overflows nor cancels for large κ.
		u := rng.Float64()
		if kappa < 1e-8 {
			return 2*u - 1
		}
		return 1 + math.Log(u+(1-u)*math.Exp(-2*kappa))/kappa
	}
	// Wood (1994), with b in the form that does not cancel for large κ.
	m := float64(d - 1)
	b := m / (2*kappa + math.Sqrt(4*kappa*kappa+m*m))
	x0 := (1 - b) / (1 + b)
	c := kappa*x0 + m*math.Log(1-x0*x0)
	for {
		z := betaSymmetric(m/2, rng)
		w := (1 - (1+b)*z) / (1 - (1-b)*z)
		if kappa*w+m*math.Log(1-x0*w)-c >= math.Log(rng.Float64()) {
			return w
		}
	}
}

// betaSymmetric draws Beta(a, a) as G₁/(G₁ + G₂) of two Gamma(a) draws.
func betaSymmetric(a float64, rng *rand.Rand) float64 {
	for {
		g1, g2 := gammaDraw(a, rng), gammaDraw(a, rng)
		if g1+g2 > 0 {
			return g1 / (g1 + g2)
		}
	}
}

// gammaDraw draws Gamma(a, 1) by Marsaglia and Tsang's method (a < 1
// through Gamma(a + 1)·U^{1/a}).
func gammaDraw(a float64, rng *rand.Rand) float64 {
	if a < 1 {
		return gammaDraw(a+1, rng) * math.Pow(rng.Float64(), 1/a)
	}
	dd := a - 1.0/3
	cc := 1 / math.Sqrt(9*dd)
	for {
		x := rng.NormFloat64()
		v := 1 + cc*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+dd*(1-v+math.Log(v)) {
			return dd * v
		}
	}
}
