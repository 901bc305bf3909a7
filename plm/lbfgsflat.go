package plm

import (
	"context"
	"math"

	"github.com/plmlab/plmlab/internal/linalg"
)

// flatLBFGS minimises one smooth function of many parameters (millions:
// every Potts coupling) by L-BFGS with a backtracking Armijo line search.
// Its vector operations run on all threads over fixed blocks, and partial
// sums are added in block order, so the iterates do not depend on the
// number of threads. The correction pairs are kept in float32, which
// halves the optimiser's memory (12 history vectors against 5 working
// ones) and the two-loop recursion's memory traffic.
type flatLBFGS struct {
	mem     int
	maxIter int
	tol     float64 // ‖g‖ ≤ tol·max(1, ‖x‖)
	// refine, if set, is called when the line search cannot decrease f:
	// it returns true if it made f more precise (the iterations then go
	// on from the same point, f and ∇f evaluated again).
	refine   func() bool
	s, y     [][]float32
	rho      []float64
	pairs    int // stored pairs
	newest   int
	alpha    []float64
	partials []float64
}

// flatBlock is the block of the vector operations.
const flatBlock = 1 << 15

// flatResult is where the iterations stopped.
type flatResult struct {
	x, g       []float64
	f          float64
	iterations int
	evals      int
	converged  bool
	status     string
}

// minimize runs from x0 (overwritten). eval returns f(x) and writes ∇f
// into g; record is called at the start and after every iteration.
func (m *flatLBFGS) minimize(ctx context.Context, x0 []float64, eval func(x, g []float64) (float64, error), record func(it, evals int, f, gnorm, xnorm float64)) (*flatResult, error) {
	n := len(x0)
	m.s = make([][]float32, m.mem)
	m.y = make([][]float32, m.mem)
	for k := range m.mem {
		m.s[k] = make([]float32, n)
		m.y[k] = make([]float32, n)
	}
	m.rho = make([]float64, m.mem)
	m.alpha = make([]float64, m.mem)
	m.partials = make([]float64, (n+flatBlock-1)/flatBlock)
	x, g := x0, make([]float64, n)
	xn, gn, d := make([]float64, n), make([]float64, n), make([]float64, n)
	r := &flatResult{}
	f, err := eval(x, g)
	r.evals++
	if err != nil {
		return nil, err
	}
	gnorm, xnorm := m.norm(g), m.norm(x)
	record(0, r.evals, f, gnorm, xnorm)
	step := 1 / max(gnorm, 1e-300)
	m.scaleInto(d, -1, g)
	for {
		if gnorm <= m.tol*max(1, xnorm) {
			r.converged, r.status = true, "converged"
			break
		}
		if m.maxIter > 0 && r.iterations >= m.maxIter {
			r.status = "iteration limit"
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		dg := m.dot(g, d)
		if !(dg < 0) { // not a descent direction: forget the history
			m.pairs = 0
			m.scaleInto(d, -1, g)
			dg = -gnorm * gnorm
			step = 1 / max(gnorm, 1e-300)
		}
		accepted := false
		var fn float64
		trials := 0
		for range 30 {
			trials++
			m.axpyInto(xn, x, step, d)
			fn, err = eval(xn, gn)
			r.evals++
			if err != nil {
				return nil, err
			}
			if fn <= f+1e-4*step*dg && !math.IsNaN(fn) {
				accepted = true
				break
			}
			// Minimum of the quadratic through f, f'(0) and fn, kept in
			// [0.1, 0.5] of the step.
			next := 0.5 * step
			if den := fn - f - dg*step; den > 0 && !math.IsInf(fn, 0) {
				next = min(max(-dg*step*step/(2*den), 0.1*step), 0.5*step)
			}
			step = next
		}
		if !accepted {
			if m.refine != nil && m.refine() {
				if f, err = eval(x, g); err != nil {
					return nil, err
				}
				r.evals++
				gnorm = m.norm(g)
				m.direction(d, g)
				step = 1
				continue
			}
			r.status = "line search could not decrease F further"
			break
		}
		r.iterations++
		m.update(x, xn, g, gn)
		x, xn = xn, x
		g, gn = gn, g
		// A step found only after several trials, or a decrease at the
		// level of f's rounding, says f can no longer rank points: make it
		// more precise (once) before going on.
		noisy := trials > 3 || f-fn < 1e-7*math.Abs(fn)
		f = fn
		if noisy && m.refine != nil && m.refine() {
			if f, err = eval(x, g); err != nil {
				return nil, err
			}
			r.evals++
		}
		gnorm, xnorm = m.norm(g), m.norm(x)
		record(r.iterations, r.evals, f, gnorm, xnorm)
		m.direction(d, g)
		step = 1
	}
	if &x[0] != &x0[0] {
		copy(x0, x)
		copy(gn, g)
		g = gn
	}
	r.x, r.g, r.f = x0, g, f
	return r, nil
}

// update stores s = xn − x and y = gn − g if sᵀy > 0 (else the pair
// would make the inverse Hessian estimate indefinite).
func (m *flatLBFGS) update(x, xn, g, gn []float64) {
	k := (m.newest + 1) % m.mem
	if m.pairs == 0 {
		k = 0
	}
	s, y := m.s[k], m.y[k]
	linalg.For(len(m.partials), func(lo, hi int) {
		for b := lo; b < hi; b++ {
			i0, i1 := b*flatBlock, min((b+1)*flatBlock, len(x))
			for i := i0; i < i1; i++ {
				s[i] = float32(xn[i] - x[i])
				y[i] = float32(gn[i] - g[i])
			}
		}
	})
	sy := m.dot32(s, y)
	if !(sy > 0) {
		return
	}
	m.rho[k] = 1 / sy
	m.newest = k
	m.pairs = min(m.pairs+1, m.mem)
}

// direction sets d = −H g by the two-loop recursion.
func (m *flatLBFGS) direction(d, g []float64) {
	m.scaleInto(d, -1, g)
	if m.pairs == 0 {
		return
	}
	for c := range m.pairs {
		k := (m.newest - c + m.mem) % m.mem
		m.alpha[k] = m.rho[k] * m.dotMixed(m.s[k], d)
		m.addScaled(d, -m.alpha[k], m.y[k])
	}
	y := m.y[m.newest]
	gamma := 1 / (m.rho[m.newest] * m.dot32(y, y))
	m.scaleInto(d, gamma, d)
	for c := m.pairs - 1; c >= 0; c-- {
		k := (m.newest - c + m.mem) % m.mem
		beta := m.rho[k] * m.dotMixed(m.y[k], d)
		m.addScaled(d, m.alpha[k]-beta, m.s[k])
	}
}

func (m *flatLBFGS) dot(a, b []float64) float64 { return blockDot(m.partials, a, b) }

func (m *flatLBFGS) dot32(a, b []float32) float64 { return blockDot(m.partials, a, b) }

func (m *flatLBFGS) dotMixed(a []float32, b []float64) float64 {
	return blockDot(m.partials, a, b)
}

// blockDot is Σ a_i b_i in float64, summed per block and then in block
// order (p holds one partial sum per block).
func blockDot[A, B float32 | float64](p []float64, a []A, b []B) float64 {
	linalg.For(len(p), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			i0, i1 := k*flatBlock, min((k+1)*flatBlock, len(a))
			s := 0.0
			for i := i0; i < i1; i++ {
				s += float64(a[i]) * float64(b[i])
			}
			p[k] = s
		}
	})
	t := 0.0
	for _, v := range p {
		t += v
	}
	return t
}

// addScaled sets d += a·v.
func (m *flatLBFGS) addScaled(d []float64, a float64, v []float32) {
	linalg.For(len(m.partials), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			i0, i1 := k*flatBlock, min((k+1)*flatBlock, len(d))
			for i := i0; i < i1; i++ {
				d[i] += a * float64(v[i])
			}
		}
	})
}

func (m *flatLBFGS) norm(a []float64) float64 { return math.Sqrt(m.dot(a, a)) }

// axpyInto sets dst = x + a·y.
func (m *flatLBFGS) axpyInto(dst, x []float64, a float64, y []float64) {
	linalg.For(len(m.partials), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			i0, i1 := k*flatBlock, min((k+1)*flatBlock, len(x))
			for i := i0; i < i1; i++ {
				dst[i] = x[i] + a*y[i]
			}
		}
	})
}

// scaleInto sets dst = a·x.
func (m *flatLBFGS) scaleInto(dst []float64, a float64, x []float64) {
	linalg.For(len(m.partials), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			i0, i1 := k*flatBlock, min((k+1)*flatBlock, len(x))
			for i := i0; i < i1; i++ {
				dst[i] = a * x[i]
			}
		}
	})
}
