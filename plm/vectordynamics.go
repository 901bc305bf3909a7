package plm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/linalg"
)

// VectorDynamics is the zero-temperature dynamics of vector spins,
// S_i ← h_i/|h_i| with h_i = Σ_{j≠i} J_ij S_j: each spin turns to its field
// (for d = 1, S_i ← sign h_i). A spin whose field is exactly zero keeps its
// direction (the rule for h_i = 0; for d = 1 plmlab's Ising dynamics does
// the same).
//
// Continuous spins approach a fixed point only asymptotically, so a run
// stops at a fixed point when no spin moved by more than Tol (in any
// component) in the last step, and on a 2-cycle (synchronous updates)
// when the state is within Tol of the one two steps back without being
// fixed. Asynchronous updates sweep the sites in order 0, …, N−1, each
// using the current state; a step is a sweep.
type VectorDynamics struct {
	MaxSteps     int     // default DefaultMaxSteps
	Asynchronous bool    // sequential sweeps instead of parallel updates
	Tol          float64 // default 1e-6
}

// VectorRelaxation is the outcome of VectorDynamics.Run.
type VectorRelaxation struct {
	Final      *VectorPatterns
	Steps      []int
	FixedPoint []bool
	Cycle      []bool // ended on a 2-cycle (synchronous only)
}

func (dy VectorDynamics) withDefaults() (VectorDynamics, error) {
	if dy.MaxSteps == 0 {
		dy.MaxSteps = DefaultMaxSteps
	}
	if dy.Tol == 0 {
		dy.Tol = 1e-6
	}
	if dy.MaxSteps < 0 || !(dy.Tol > 0) {
		return dy, fmt.Errorf("plm: vector dynamics needs MaxSteps ≥ 0 and Tol > 0, got %d and %v", dy.MaxSteps, dy.Tol)
	}
	return dy, nil
}

// Run relaxes every configuration of starts (which are not modified).
func (dy VectorDynamics) Run(ctx context.Context, J *VectorCouplings, starts *VectorPatterns) (*VectorRelaxation, error) {
	dy, err := dy.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := J.checkPatterns(starts); err != nil {
		return nil, err
	}
	p, n, d, nd := starts.P, J.N, J.D, J.N*J.D
	r := &VectorRelaxation{Final: &VectorPatterns{P: p, N: n, D: d, Data: append([]float32(nil), starts.Data...)},
		Steps: make([]int, p), FixedPoint: make([]bool, p), Cycle: make([]bool, p)}
	if dy.Asynchronous {
		linalg.For(p, func(lo, hi int) {
			for mu := lo; mu < hi; mu++ {
				s := r.Final.Row(mu)
				h := make([]float32, d)
				for step := 1; step <= dy.MaxSteps && ctx.Err() == nil; step++ {
					var moved float64
					for i := 0; i < n; i++ {
						for a := 0; a < d; a++ {
							h[a] = linalg.Sdot(J.W[(i*d+a)*nd:(i*d+a+1)*nd], s)
						}
						moved = math.Max(moved, turn(s[i*d:(i+1)*d], h))
					}
					r.Steps[mu] = step
					if moved <= dy.Tol {
						r.FixedPoint[mu] = true
						break
					}
				}
			}
		})
		return r, ctx.Err()
	}
	// Synchronous: all unfinished starts step together, one product each step.
	cur, prev, prev2 := r.Final.Data, make([]float32, p*nd), make([]float32, p*nd)
	h := make([]float32, p*nd)
	active := make([]bool, p)
	for mu := range active {
		active[mu] = true
	}
	for step := 1; step <= dy.MaxSteps; step++ {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		copy(prev2, prev)
		copy(prev, cur)
		linalg.Sgemm(false, true, p, nd, nd, 1, cur, nd, J.W, nd, 0, h, nd)
		left := 0
		linalg.For(p, func(lo, hi int) {
			for mu := lo; mu < hi; mu++ {
				if !active[mu] {
					continue
				}
				var moved float64
				for i := 0; i < n; i++ {
					o := mu*nd + i*d
					moved = math.Max(moved, turn(cur[o:o+d], h[o:o+d]))
				}
				r.Steps[mu] = step
				switch {
				case moved <= dy.Tol:
					r.FixedPoint[mu], active[mu] = true, false
				case step >= 2 && maxDiff(cur[mu*nd:(mu+1)*nd], prev2[mu*nd:(mu+1)*nd]) <= dy.Tol:
					r.Cycle[mu], active[mu] = true, false
				}
			}
		})
		for _, a := range active {
			if a {
				left++
			}
		}
		if left == 0 {
			break
		}
	}
	return r, nil
}

// turn sets s to h/|h| (unchanged for h = 0) and returns the largest
// change of a component.
func turn(s, h []float32) float64 {
	var hh float64
	for _, v := range h {
		hh += float64(v) * float64(v)
	}
	if !(hh > 0) {
		return 0
	}
	inv := 1 / math.Sqrt(hh)
	var moved float64
	for a, v := range h {
		nv := float32(float64(v) * inv)
		moved = math.Max(moved, math.Abs(float64(nv-s[a])))
		s[a] = nv
	}
	return moved
}

func maxDiff(a, b []float32) float64 {
	var m float64
	for k := range a {
		m = math.Max(m, math.Abs(float64(a[k]-b[k])))
	}
	return m
}

// NoisyVectorStart sets s to a configuration at overlap exactly m_in with
// the pattern xi (N spins in d dimensions). For d ≥ 2 every spin is
// rotated by the same angle: S_i = m_in ξ_i + √(1−m_in²) u_i with u_i a
// uniform unit vector orthogonal to ξ_i, so S_i·ξ_i = m_in on every site.
// For d = 1 there is no rotation: round(N(1−m_in)/2) random spins are
// flipped, as in the Ising protocol.
func NoisyVectorStart(s, xi []float32, n, d int, mIn float64, rng *rand.Rand) error {
	if !(mIn >= -1 && mIn <= 1) {
		return fmt.Errorf("plm: initial overlap must be in [−1, 1], got %v", mIn)
	}
	if len(s) != n*d || len(xi) != n*d {
		return errors.New("plm: noisy start of the wrong size")
	}
	copy(s, xi)
	if d == 1 {
		perm := rng.Perm(n)
		for _, i := range perm[:FlipsForOverlap(n, mIn)] {
			s[i] = -s[i]
		}
		return nil
	}
	c := math.Sqrt(math.Max(0, 1-mIn*mIn))
	u := make([]float32, d)
	g := make([]float64, d)
	for i := 0; i < n; i++ {
		x := xi[i*d : (i+1)*d]
		for {
			randomUnit(u, rng)
			var dot float64
			for a := range u {
				dot += float64(u[a]) * float64(x[a])
			}
			var nn float64
			for a := range u {
				g[a] = float64(u[a]) - dot*float64(x[a])
				nn += g[a] * g[a]
			}
			// A u nearly along ξ_i would leave g mostly rounding error: draw again.
			if nn > 1e-4 {
				inv := 1 / math.Sqrt(nn)
				var ss float64
				for a := range g {
					g[a] = mIn*float64(x[a]) + c*g[a]*inv
					ss += g[a] * g[a]
				}
				ss = 1 / math.Sqrt(ss) // 1 up to rounding: back on the sphere exactly
				for a := range g {
					s[i*d+a] = float32(g[a] * ss)
				}
				break
			}
		}
	}
	return nil
}

// VectorBasins runs the basin protocol of vector spins: for every m_in,
// pattern and trial, a NoisyVectorStart at overlap m_in, the dynamics, and
// the final overlap m_F with the pattern. A run counts as retrieved when
// m_F ≥ 1 − 10⁻³. Trial t at grid index k draws from stream (Seed, k·Trials+t).
func VectorBasins(ctx context.Context, J *VectorCouplings, xi *VectorPatterns, s BasinSettings, dy VectorDynamics) (*BasinCurve, error) {
	if err := J.checkPatterns(xi); err != nil {
		return nil, err
	}
	if s.MIn == nil {
		s.MIn = DefaultMIn()
	}
	if s.Trials == 0 {
		s.Trials = 1
	}
	if s.Trials < 0 || len(s.MIn) == 0 {
		return nil, fmt.Errorf("plm: vector basins need trials ≥ 1 and an m_in grid, got %d and %v", s.Trials, s.MIn)
	}
	p, n, d, nd := xi.P, xi.N, xi.D, xi.N*xi.D
	c := &BasinCurve{N: n, P: p, Trials: s.Trials, MIn: append([]float64(nil), s.MIn...)}
	starts := &VectorPatterns{P: p * s.Trials, N: n, D: d, Data: make([]float32, p*s.Trials*nd)}
	for k, m := range s.MIn {
		for t := 0; t < s.Trials; t++ {
			rng := rand.New(rand.NewPCG(s.Seed, uint64(k*s.Trials+t)))
			for mu := 0; mu < p; mu++ {
				if err := NoisyVectorStart(starts.Row(t*p+mu), xi.Row(mu), n, d, m, rng); err != nil {
					return nil, err
				}
			}
		}
		rel, err := dy.Run(ctx, J, starts)
		if err != nil {
			return nil, err
		}
		mf := make([]float64, p*s.Trials)
		var ret, fix float64
		for r := range mf {
			mf[r] = VectorOverlap(rel.Final.Row(r), xi.Row(r%p), n)
			if mf[r] >= 1-1e-3 {
				ret++
			}
			if rel.FixedPoint[r] {
				fix++
			}
		}
		mean, se := MeanStdErr(mf)
		c.MF, c.MFStdErr = append(c.MF, mean), append(c.MFStdErr, se)
		c.Retrieved, c.FixedPoint = append(c.Retrieved, ret/float64(len(mf))), append(c.FixedPoint, fix/float64(len(mf)))
		if s.Progress != nil {
			s.Progress(k+1, len(s.MIn))
		}
	}
	return c, nil
}
