package plm

import (
	"context"
	"fmt"
	"math/bits"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/linalg"
)

// Mode selects how the zero-temperature dynamics updates spins.
type Mode int

const (
	// Synchronous updates every spin at once from the same fields, as in
	// the paper. With asymmetric couplings it can end in a limit cycle.
	Synchronous Mode = iota
	// Asynchronous updates spins one at a time in a fresh random order each
	// sweep; a step is one sweep of N updates.
	Asynchronous
)

func (m Mode) String() string {
	switch m {
	case Synchronous:
		return "synchronous"
	case Asynchronous:
		return "asynchronous"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// DefaultMaxSteps caps the dynamics when Dynamics.MaxSteps is zero.
const DefaultMaxSteps = 1000

// Dynamics is the zero-temperature dynamics x_i ← sign(h_i(x)), with
// sign(0) = +1.
//
// By default a run stops at a fixed point, at a detected cycle
// (synchronous mode) or after MaxSteps steps. FixedSteps reproduces the
// authors' protocol instead: exactly MaxSteps synchronous steps with no
// convergence test (a run at a fixed point still stops early, which gives
// the same final state).
type Dynamics struct {
	Mode       Mode
	MaxSteps   int    // cap on steps (sweeps in asynchronous mode); 0 means DefaultMaxSteps
	FixedSteps bool   // keep stepping through cycles until MaxSteps
	Seed       uint64 // seeds the asynchronous visiting order
}

// Relaxation is the outcome of running the dynamics from a batch of states.
type Relaxation struct {
	Final *Patterns `json:"-"`
	// Steps is the number of steps (sweeps) that changed each state.
	Steps []int `json:"steps"`
	// FixedPoint says whether each run ended at a fixed point.
	FixedPoint []bool `json:"fixed_point"`
	// CycleLength is the period (≥ 2) of the limit cycle a synchronous run
	// ended in, 0 if none was detected. Cycles are recognised by a 128-bit
	// Zobrist hash of the state (false alarms have probability < 1e-30).
	CycleLength []int `json:"cycle_length"`
}

func (d Dynamics) check() (Dynamics, error) {
	if d.Mode != Synchronous && d.Mode != Asynchronous {
		return d, fmt.Errorf("plm: unknown dynamics mode %d", int(d.Mode))
	}
	if d.MaxSteps < 0 {
		return d, fmt.Errorf("plm: dynamics MaxSteps must be ≥ 0, got %d", d.MaxSteps)
	}
	if d.MaxSteps == 0 {
		d.MaxSteps = DefaultMaxSteps
	}
	return d, nil
}

// Run relaxes every row of x0 under couplings J. x0 is not modified.
func (d Dynamics) Run(ctx context.Context, J *Couplings, x0 *Patterns) (*Relaxation, error) {
	d, err := d.check()
	if err != nil {
		return nil, err
	}
	if err := J.checkPatterns(x0); err != nil {
		return nil, err
	}
	e := newEngine(d, J)
	n := J.N
	out := &Relaxation{
		Final:       &Patterns{P: x0.P, N: n, Data: make([]float32, x0.P*n)},
		Steps:       make([]int, x0.P),
		FixedPoint:  make([]bool, x0.P),
		CycleLength: make([]int, x0.P),
	}
	const batch = 256
	x := make([]float64, min(batch, x0.P)*n)
	h := make([]float64, len(x))
	scratch := make([]*runScratch, linalg.Workers(batch))
	for w := range scratch {
		scratch[w] = e.newScratch()
	}
	for b0 := 0; b0 < x0.P; b0 += batch {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		nb := min(batch, x0.P-b0)
		for k := 0; k < nb*n; k++ {
			x[k] = float64(x0.Data[b0*n+k])
		}
		e.fields(x[:nb*n], h[:nb*n], nb)
		linalg.ForEach(nb, func(k, w int) {
			mu := b0 + k
			xs, hs := x[k*n:(k+1)*n], h[k*n:(k+1)*n]
			rng := rand.New(rand.NewPCG(d.Seed, uint64(mu)))
			if ctx.Err() != nil {
				return
			}
			out.Steps[mu], out.FixedPoint[mu], out.CycleLength[mu] = e.relax(ctx, xs, hs, rng, scratch[w])
			for i, v := range xs {
				out.Final.Data[mu*n+i] = float32(v)
			}
		})
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// engine holds what every run under one J shares.
type engine struct {
	d Dynamics
	n int
	// Jᵀ row-major (row j is column j of J), in float32 (half the memory
	// traffic per flip; the values are J's own, so nothing is rounded) or,
	// for couplings that evolve in float64 (dreaming), in float64. Fields
	// are always float64 sums, exact to rounding.
	jt32   []float32
	jt64   []float64
	z1, z2 []uint64 // Zobrist keys, one pair per site
}

type runScratch struct {
	flips []int
	mask  []uint64 // spins to flip in a synchronous step, one bit each
	order []int
	hist  [][2]uint64
}

func newEngine(d Dynamics, J *Couplings) *engine {
	n := J.N
	jt := make([]float32, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			jt[j*n+i] = J.W[i*n+j]
		}
	}
	e := newEngineT(d, n, nil)
	e.jt32 = jt
	return e
}

func newEngineT(d Dynamics, n int, jt []float64) *engine {
	e := &engine{d: d, n: n, jt64: jt}
	if d.Mode == Synchronous {
		r := rand.New(rand.NewPCG(0x5eed, 0x2b0b))
		e.z1, e.z2 = make([]uint64, n), make([]uint64, n)
		for i := range e.z1 {
			e.z1[i], e.z2[i] = r.Uint64(), r.Uint64()
		}
	}
	return e
}

func (e *engine) newScratch() *runScratch {
	s := &runScratch{flips: make([]int, 0, e.n), order: make([]int, e.n), mask: make([]uint64, (e.n+63)/64)}
	for i := range s.order {
		s.order[i] = i
	}
	return s
}

// fieldBlock is the number of states whose fields are accumulated together
// from one column of J (the column is read once per block).
const fieldBlock = 8

// fields sets h = x Jᵀ for nb states (float64, exact to rounding).
func (e *engine) fields(x, h []float64, nb int) {
	n := e.n
	if e.jt32 == nil {
		// h[b,i] = Σ_j x[b,j] J_ij = Σ_j x[b,j] jt[j,i]
		linalg.Dgemm(false, false, nb, n, n, 1, x, n, e.jt64, n, 0, h, n)
		return
	}
	linalg.For((nb+fieldBlock-1)/fieldBlock, func(lo, hi int) {
		for blk := lo; blk < hi; blk++ {
			b0, b1 := blk*fieldBlock, min((blk+1)*fieldBlock, nb)
			clear(h[b0*n : b1*n])
			for j := 0; j < n; j++ {
				col := e.jt32[j*n : (j+1)*n]
				for b := b0; b < b1; b++ {
					linalg.AxpyMixed(x[b*n+j], col, h[b*n:(b+1)*n])
				}
			}
		}
	})
}

// flip turns spin j and updates the fields incrementally.
func (e *engine) flip(x, h []float64, j int) {
	x[j] = -x[j]
	n := e.n
	if e.jt32 != nil {
		linalg.AxpyMixed(2*x[j], e.jt32[j*n:(j+1)*n], h)
		return
	}
	linalg.Daxpy(2*x[j], e.jt64[j*n:(j+1)*n], h)
}

// flipAll flips the listed spins in order, four columns per pass over the
// fields (the same result as flipping them one by one).
func (e *engine) flipAll(x, h []float64, js []int) {
	n := e.n
	if e.jt32 == nil {
		for _, j := range js {
			e.flip(x, h, j)
		}
		return
	}
	k := 0
	for ; k+4 <= len(js); k += 4 {
		var a [4]float64
		var c [4][]float32
		for q, j := range js[k : k+4] {
			x[j] = -x[j]
			a[q], c[q] = 2*x[j], e.jt32[j*n:(j+1)*n]
		}
		linalg.AxpyMixed4(a, c, h)
	}
	for _, j := range js[k:] {
		e.flip(x, h, j)
	}
}

func sign(h float64) float64 {
	if h >= 0 {
		return 1
	}
	return -1
}

// relax runs the dynamics in place on x with fields h.
// It returns early, with the state reached, once ctx is cancelled: the
// caller reports the cancellation.
func (e *engine) relax(ctx context.Context, x, h []float64, rng *rand.Rand, s *runScratch) (steps int, fixed bool, cycle int) {
	if e.d.Mode == Asynchronous {
		// Restart from the identity so the order depends only on rng.
		for i := range s.order {
			s.order[i] = i
		}
		for steps < e.d.MaxSteps {
			if ctx.Err() != nil {
				return steps, false, 0
			}
			rng.Shuffle(len(s.order), func(a, b int) { s.order[a], s.order[b] = s.order[b], s.order[a] })
			changed := false
			for _, i := range s.order {
				if sign(h[i]) != x[i] {
					e.flip(x, h, i)
					changed = true
				}
			}
			if !changed {
				return steps, true, 0
			}
			steps++
		}
		return steps, e.isFixed(x, h), 0
	}
	var k1, k2 uint64
	for i, v := range x {
		if v > 0 {
			k1 ^= e.z1[i]
			k2 ^= e.z2[i]
		}
	}
	s.hist = append(s.hist[:0], [2]uint64{k1, k2})
	for steps < e.d.MaxSteps {
		if steps%8 == 7 && ctx.Err() != nil {
			return steps, false, cycle
		}
		if linalg.SignMismatch(h, x, s.mask) == 0 {
			return steps, true, cycle
		}
		s.flips = s.flips[:0]
		for w, m := range s.mask {
			for ; m != 0; m &= m - 1 {
				s.flips = append(s.flips, w<<6|bits.TrailingZeros64(m))
			}
		}
		e.flipAll(x, h, s.flips)
		for _, j := range s.flips {
			k1 ^= e.z1[j]
			k2 ^= e.z2[j]
		}
		steps++
		if cycle == 0 {
			for t := len(s.hist) - 1; t >= 0; t-- {
				if s.hist[t] == [2]uint64{k1, k2} {
					cycle = len(s.hist) - t
					break
				}
			}
			if cycle > 0 && !e.d.FixedSteps {
				return steps, false, cycle
			}
			s.hist = append(s.hist, [2]uint64{k1, k2})
		}
	}
	return steps, false, cycle
}

func (e *engine) isFixed(x, h []float64) bool {
	for i, v := range x {
		if sign(h[i]) != v {
			return false
		}
	}
	return true
}
