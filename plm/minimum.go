package plm

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// Defaults of PLMinimum used when a field is left zero.
const (
	DefaultMinimumTolerance  = 1e-5
	DefaultMinimumIterations = 1000
	DefaultMinimumMemory     = 8
)

// PLMinimum minimises the pseudo-likelihood loss (λ fixed, free norm, no
// penalty unless L2 is set) to its minimum, row by row, with L-BFGS: the second-order
// route plmc and PlmDCA take. Row i is the logistic regression
//
//	f_i(J_i) = (1/P) Σ_μ log(1 + e^{−2λ ξ_i^μ h_i(ξ^μ)}),
//
// and the mean PL loss is the mean of the f_i. Every row has its own
// L-BFGS memory and its own backtracking line search (Armijo); all rows are
// evaluated together, two matrix products per evaluation as in one epoch
// of gradient descent. A row stops when the root mean square of its
// gradient is at most Tolerance, or when its line search can no longer
// decrease f_i in float32 fields (logged as stalled), or when its
// training patterns are strictly separated (ξ_i h_i > 0 for all μ: the row
// is a separator, its infimum 0 lies at infinite norm, and iterating only
// grows the norm; logged as separable).
//
// The minimum is the answer where the data are not separable (large α,
// the spin glass, proteins): there f_i is strictly convex and the minimum
// does not depend on the start, so a warm start (Start) only saves
// iterations. Where a row's data are separable its minimum is at infinite
// norm and the result depends on where the iterations stop: gradient
// descent's trajectory is then the protocol (PseudoLikelihood).
type PLMinimum struct {
	Lambda        float64 // inverse temperature in the loss (default 1)
	Tolerance     float64 // gradient RMS per row at which a row stops (default 1e-5)
	MaxIterations int     // L-BFGS iterations (default 1000)
	Memory        int     // L-BFGS correction pairs per row (default 8)
	// L2, if > 0, adds the penalty (L2/2)·Σ_j J_ij² to every f_i: a
	// Gaussian prior of variance 1/(L2·P) on the couplings. The minimum is
	// then at finite norm even where a row's data are separable, which
	// is what inference from few samples needs.
	L2   float64
	Init Init // start when Start is nil; InitHebb, the zero value, means InitZero here

	Seed uint64 // for InitRandom and InitUniform
	// Start, if set, is where the iterations start (a copy is taken): the
	// minimum at a smaller load, say.
	Start *Couplings
	// Progress, if set, receives the log entry of every iteration.
	Progress func(MinimumLog)
}

// MinimumLog describes the couplings after Iteration L-BFGS iterations
// (entry 0 is the start).
type MinimumLog struct {
	Iteration int     `json:"iteration"`
	Loss      float64 `json:"loss"`   // mean PL loss, as EpochLog.Loss
	Lambda    float64 `json:"lambda"` // λ times the mean row norm
	Stored    float64 `json:"stored"` // fraction of patterns that are fixed points
	// MaxGradRMS is the largest root mean square gradient of a row's f_i.
	MaxGradRMS float64 `json:"max_grad_rms"`
	// Converged rows meet the tolerance; Stalled rows stopped because their
	// line search found no decrease (f_i flat at float32 precision).
	Converged int `json:"converged"`
	Stalled   int `json:"stalled"`
	// Separable rows stopped at a point that separates their patterns:
	// there is no minimum at finite norm.
	Separable int `json:"separable"`
	// Evaluations counts loss-and-gradient evaluations of all rows so far.
	Evaluations int `json:"evaluations"`
}

// MinimumTraining is the outcome of PLMinimum.Train.
type MinimumTraining struct {
	J   *Couplings   `json:"-"`
	Log []MinimumLog `json:"log"`
	// Converged: every row met the tolerance, stalled or is separable.
	Converged bool `json:"converged"`
}

func (m PLMinimum) withDefaults() (PLMinimum, error) {
	if m.Lambda == 0 {
		m.Lambda = DefaultLambda
	}
	if m.Tolerance == 0 {
		m.Tolerance = DefaultMinimumTolerance
	}
	if m.MaxIterations == 0 {
		m.MaxIterations = DefaultMinimumIterations
	}
	if m.Memory == 0 {
		m.Memory = DefaultMinimumMemory
	}
	if m.Init == InitHebb && m.Start == nil {
		m.Init = InitZero // Hebb's start is far off for correlated data
	}
	if err := checkLambda(m.Lambda); err != nil {
		return m, err
	}
	switch {
	case !(m.Tolerance > 0) || math.IsInf(m.Tolerance, 0):
		return m, fmt.Errorf("plm: L-BFGS tolerance must be > 0 and finite, got %v", m.Tolerance)
	case m.MaxIterations < 0:
		return m, fmt.Errorf("plm: L-BFGS iterations must be ≥ 0, got %d", m.MaxIterations)
	case !(m.L2 >= 0) || math.IsInf(m.L2, 0):
		return m, fmt.Errorf("plm: L2 penalty must be ≥ 0 and finite, got %v", m.L2)
	case m.Memory < 1 || m.Memory > 100:
		return m, fmt.Errorf("plm: L-BFGS memory must be in [1, 100], got %d", m.Memory)
	case m.Init < InitHebb || m.Init > InitUniform:
		return m, fmt.Errorf("plm: unknown initialisation %d", int(m.Init))
	}
	return m, nil
}

// Couplings minimises and returns the couplings.
func (m PLMinimum) Couplings(ctx context.Context, xi *Patterns) (*Couplings, error) {
	t, err := m.Train(ctx, xi)
	if err != nil {
		return nil, err
	}
	return t.J, nil
}

// Train runs the iterations. On cancellation it returns the couplings
// reached so far together with the context's error.
func (m PLMinimum) Train(ctx context.Context, xi *Patterns) (*MinimumTraining, error) {
	m, err := m.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	n, p := xi.N, xi.P
	if n < 2 || p < 1 {
		return nil, fmt.Errorf("plm: PL minimisation needs N ≥ 2 spins and P ≥ 1 patterns, got N=%d, P=%d", n, p)
	}
	// Block (W, G; H, S), float64 rows, gradients, directions and the
	// previous gradients, and 2·Memory float32 pairs.
	if err := limits.Total(fmt.Sprintf("plm: L-BFGS of N=%d, P=%d", n, p),
		limits.Must(4*2+8*4+4*2*int64(m.Memory), n, n), limits.Must(4*2, p, n)); err != nil {
		return nil, err
	}
	b := newPLBlock(xi, 0, n)
	if m.Start != nil {
		if err := m.Start.checkPatterns(xi); err != nil {
			return nil, fmt.Errorf("plm: L-BFGS start: %w", err)
		}
		copy(b.W, m.Start.W)
	} else {
		PseudoLikelihood{Init: m.Init, Seed: m.Seed}.initRows(b, xi)
	}
	for i := 0; i < n; i++ {
		b.W[i*n+i] = 0
	}
	s := newLBFGS(b, m.Lambda, m.Memory)
	s.l2 = m.L2
	t := &MinimumTraining{J: &Couplings{N: n, W: b.W}}
	log := func(e MinimumLog) {
		t.Log = append(t.Log, e)
		if m.Progress != nil {
			m.Progress(e)
		}
	}
	if err := s.evaluate(); err != nil {
		return t, err
	}
	for it := 0; ; it++ {
		e := s.entry(it, m.Tolerance)
		log(e)
		if e.Converged+e.Stalled+e.Separable == n {
			t.Converged = true
			return t, nil
		}
		if it == m.MaxIterations {
			return t, nil
		}
		if err := ctx.Err(); err != nil {
			return t, err
		}
		if err := s.iterate(m.Tolerance); err != nil {
			return t, err
		}
	}
}

// lbfgs is the state of N simultaneous L-BFGS minimisations, one per row.
type lbfgs struct {
	b      *plBlock
	lambda float64
	l2     float64 // penalty (l2/2)‖J_i‖² on each f_i
	n      int
	w      []float64 // rows in float64; b.W holds them (or trial points) in float32
	f      []float64 // f_i at w
	g      []float64 // ∇f_i at w (zero diagonal)
	d      []float64 // search directions
	f0, g0 []float64 // f and g at the start of an iteration
	loss   float64   // mean PL loss and stored fraction at the last evaluation
	stored float64
	evals  int
	// Per row: correction pairs s_k = Δw, y_k = Δg in a ring of mem, the
	// number kept, the next slot, and whether the row is done.
	sk, yk  []float32
	rho     []float64 // 1/(y·s) per pair
	kept    []int
	next    []int
	mem     int
	stalled []bool
	sep     []bool // all patterns strictly stable on the row at the last evaluation
	// Scratch of the per-column loss pass, one row of nb per chunk.
	chunkLoss []float64
	chunkOK   []int
	chunkBad  []int32 // per chunk and column: patterns not strictly stable
}

// lbfgsChunk is the number of patterns per chunk of the per-column loss
// pass: fixed, so sums do not depend on the number of threads, and ≤
// logChunk, so the products of (1 + e) cannot overflow.
const lbfgsChunk = 512

func newLBFGS(b *plBlock, lambda float64, mem int) *lbfgs {
	n := b.n
	chunks := (b.p + lbfgsChunk - 1) / lbfgsChunk
	s := &lbfgs{b: b, lambda: lambda, n: n, mem: mem,
		w: make([]float64, n*n), f: make([]float64, n), g: make([]float64, n*n), d: make([]float64, n*n),
		f0: make([]float64, n), g0: make([]float64, n*n),
		sk: make([]float32, mem*n*n), yk: make([]float32, mem*n*n), rho: make([]float64, mem*n),
		kept: make([]int, n), next: make([]int, n), stalled: make([]bool, n), sep: make([]bool, n),
		chunkLoss: make([]float64, chunks*n), chunkOK: make([]int, chunks), chunkBad: make([]int32, chunks*n)}
	for k, v := range b.W {
		s.w[k] = float64(v)
	}
	return s
}

// evaluate computes f_i and ∇f_i at the float32 rows in b.W.
func (s *lbfgs) evaluate() error {
	b, n, p := s.b, s.n, s.b.p
	s.evals++
	linalg.Sgemm(false, true, p, n, n, 1, b.xi, n, b.W, n, 0, b.H, n)
	c := -2 * s.lambda / float64(p)
	chunks := len(s.chunkOK)
	linalg.ForEach(chunks, func(ch, _ int) {
		lo, hi := ch*lbfgsChunk, min((ch+1)*lbfgsChunk, p)
		s.chunkOK[ch] = fusedColumns(b.xi[lo*n:hi*n], b.H[lo*n:hi*n], b.S[lo*n:hi*n], s.chunkLoss[ch*n:(ch+1)*n], s.chunkBad[ch*n:(ch+1)*n], s.lambda, c)
	})
	clear(s.f)
	for i := range s.sep {
		s.sep[i] = true
	}
	nok := 0
	for ch := 0; ch < chunks; ch++ {
		for i, v := range s.chunkLoss[ch*n : (ch+1)*n] {
			s.f[i] += v
			if s.chunkBad[ch*n+i] > 0 {
				s.sep[i] = false
			}
		}
		nok += s.chunkOK[ch]
	}
	var tot float64
	for i := range s.f {
		s.f[i] /= float64(p)
		tot += s.f[i]
	}
	s.loss, s.stored = tot/float64(n), float64(nok)/float64(p)
	if !finite(s.loss) {
		return &NonFiniteError{Quantity: "loss", Value: s.loss}
	}
	b.gradient()
	for k, v := range b.G {
		s.g[k] = float64(v)
	}
	if s.l2 > 0 {
		// The loss logged stays the PL loss; f_i and ∇f_i, which the line
		// search reads, carry the penalty. A penalised row has a finite
		// minimum: separability no longer stops it.
		for i := 0; i < n; i++ {
			var q float64
			for j, v := range b.W[i*n : (i+1)*n] {
				if j != i {
					q += float64(v) * float64(v)
					s.g[i*n+j] += s.l2 * float64(v)
				}
			}
			s.f[i] += s.l2 / 2 * q
			s.sep[i] = false
		}
	}
	return nil
}

// gradRMS is the root mean square of row i's gradient.
func (s *lbfgs) gradRMS(i int) float64 {
	var q float64
	for _, v := range s.g[i*s.n : (i+1)*s.n] {
		q += v * v
	}
	return math.Sqrt(q / float64(s.n-1))
}

func (s *lbfgs) done(i int, tol float64) bool {
	return s.stalled[i] || s.sep[i] || s.gradRMS(i) <= tol
}

func (s *lbfgs) entry(it int, tol float64) MinimumLog {
	e := MinimumLog{Iteration: it, Loss: s.loss, Stored: s.stored, Evaluations: s.evals}
	var norms float64
	for i := 0; i < s.n; i++ {
		var q float64
		for _, v := range s.w[i*s.n : (i+1)*s.n] {
			q += v * v
		}
		norms += math.Sqrt(q)
		r := s.gradRMS(i)
		e.MaxGradRMS = math.Max(e.MaxGradRMS, r)
		switch {
		case r <= tol:
			e.Converged++
		case s.stalled[i]:
			e.Stalled++
		case s.sep[i]:
			e.Separable++
		}
	}
	e.Lambda = s.lambda * norms / float64(s.n)
	return e
}

// Line search constants: sufficient decrease c1, at most maxTrials
// evaluations per iteration, steps shrunk by the secant of the directional
// derivative, clamped to [0.1, 0.9] of the last.
const (
	lbfgsC1        = 1e-4
	lbfgsMaxTrials = 30
)

// iterate performs one L-BFGS iteration on every row not yet done.
func (s *lbfgs) iterate(tol float64) error {
	n := s.n
	active := make([]bool, n)
	step := make([]float64, n)
	slope := make([]float64, n) // g·d < 0
	f0, g0 := s.f0, s.g0
	copy(f0, s.f)
	copy(g0, s.g)
	linalg.For(n, func(lo, hi int) {
		q := make([]float64, n)
		alpha := make([]float64, s.mem)
		for i := lo; i < hi; i++ {
			if s.done(i, tol) {
				continue
			}
			active[i] = true
			d := s.d[i*n : (i+1)*n]
			slope[i] = s.direction(i, d, q, alpha)
			step[i] = 1
			if s.kept[i] == 0 {
				// First step: length 1/‖g‖∞ in the largest component.
				var mx float64
				for _, v := range d {
					mx = math.Max(mx, math.Abs(v))
				}
				step[i] = math.Min(1, 1/mx)
			}
		}
	})
	searching := append([]bool(nil), active...)
	for trial := 0; ; trial++ {
		for i := 0; i < n; i++ {
			row := s.b.W[i*n : (i+1)*n]
			w := s.w[i*n : (i+1)*n]
			if !searching[i] {
				continue
			}
			d := s.d[i*n : (i+1)*n]
			for j := range row {
				row[j] = float32(w[j] + step[i]*d[j])
			}
			row[i] = 0
		}
		if err := s.evaluate(); err != nil {
			return err
		}
		left := 0
		for i := 0; i < n; i++ {
			if !searching[i] {
				continue
			}
			t := step[i]
			var dphi float64 // φ'(t) = ∇f_i(w + t d)·d
			for j, v := range s.d[i*n : (i+1)*n] {
				dphi += s.g[i*n+j] * v
			}
			// Armijo, or φ'(t) ≤ 0: f_i is convex, so φ(t) ≤ φ(0) + tφ'(t)
			// ≤ φ(0). The second test needs no function values, which in
			// float32 fields stop resolving decreases near the minimum.
			if s.f[i] <= f0[i]+lbfgsC1*t*slope[i] || dphi <= 0 {
				searching[i] = false
				s.accept(i, g0[i*n:(i+1)*n])
				continue
			}
			if trial+1 == lbfgsMaxTrials || t < 1e-12 {
				// No decrease at float32 precision: the row is as low as
				// it gets. Back to its last point.
				searching[i] = false
				s.stalled[i] = true
				row := s.b.W[i*n : (i+1)*n]
				for j, v := range s.w[i*n : (i+1)*n] {
					row[j] = float32(v)
				}
				continue
			}
			// The minimum along the line lies in (0, t): the zero of the
			// secant through φ'(0) < 0 and φ'(t) > 0.
			tq := t * slope[i] / (slope[i] - dphi)
			step[i] = math.Min(math.Max(tq, 0.1*t), 0.9*t)
			left++
		}
		if left == 0 {
			break
		}
	}
	// A row that stalled in the last trial went back to its last point
	// after the evaluation: evaluate there, so the log's loss is exact.
	for i := 0; i < n; i++ {
		if s.stalled[i] && active[i] {
			return s.evaluate()
		}
	}
	return nil
}

// accept moves row i to the trial point evaluated (its float32 row in
// b.W) and records the correction pair.
func (s *lbfgs) accept(i int, gOld []float64) {
	n, mem := s.n, s.mem
	w, g := s.w[i*n:(i+1)*n], s.g[i*n:(i+1)*n]
	slot := s.next[i]
	sv, yv := s.pair(i, slot)
	var ys float64
	row := s.b.W[i*n : (i+1)*n]
	for j := range w {
		// The step actually taken is the float32 point evaluated.
		st := float64(row[j]) - w[j]
		w[j] = float64(row[j])
		y := g[j] - gOld[j]
		sv[j], yv[j] = float32(st), float32(y)
		ys += float64(sv[j]) * float64(yv[j])
	}
	if ys > 1e-20 { // convex f: y·s ≥ 0; skip pairs lost in rounding
		s.rho[i*mem+slot] = 1 / ys
		s.next[i] = (slot + 1) % mem
		s.kept[i] = min(s.kept[i]+1, mem)
	}
}

// pair returns row i's correction pair in ring slot sl.
func (s *lbfgs) pair(i, sl int) (sv, yv []float32) {
	o := (i*s.mem + sl) * s.n
	return s.sk[o : o+s.n], s.yk[o : o+s.n]
}

// dot32 is v·q in float64.
func dot32(v []float32, q []float64) (d float64) {
	for j, x := range v {
		d += float64(x) * q[j]
	}
	return d
}

// axpy32 sets q += a·v.
func axpy32(a float64, v []float32, q []float64) {
	for j, x := range v {
		q[j] += a * float64(x)
	}
}

// direction sets d = −H g for row i by the two-loop recursion and returns
// g·d; it falls back to −g (and clears the row's memory) if that is not a
// descent direction.
func (s *lbfgs) direction(i int, d, q, alpha []float64) float64 {
	n, mem := s.n, s.mem
	g := s.g[i*n : (i+1)*n]
	copy(q, g)
	k := s.kept[i]
	slot := func(back int) int { return ((s.next[i]-1-back)%mem + mem) % mem }
	for b := 0; b < k; b++ {
		sl := slot(b)
		sv, yv := s.pair(i, sl)
		alpha[b] = dot32(sv, q) * s.rho[i*mem+sl]
		axpy32(-alpha[b], yv, q)
	}
	if k > 0 {
		// Initial Hessian γI, γ = s·y / y·y of the newest pair.
		sl := slot(0)
		_, yv := s.pair(i, sl)
		var yy float64
		for _, v := range yv {
			yy += float64(v) * float64(v)
		}
		gamma := 1 / (s.rho[i*mem+sl] * yy)
		for j := range q {
			q[j] *= gamma
		}
	}
	for b := k - 1; b >= 0; b-- {
		sl := slot(b)
		sv, yv := s.pair(i, sl)
		beta := dot32(yv, q) * s.rho[i*mem+sl]
		axpy32(alpha[b]-beta, sv, q)
	}
	var gd float64
	for j := range d {
		d[j] = -q[j]
		gd += g[j] * d[j]
	}
	d[i] = 0
	if !(gd < 0) {
		s.kept[i], s.next[i] = 0, 0
		gd = 0
		for j := range d {
			d[j] = -g[j]
			gd -= g[j] * g[j]
		}
		d[i] = 0
	}
	return gd
}

// fusedColumns is fusedSites by columns for a chunk of patterns (rows of
// xs and hs, nb columns): it sets colLoss[k] = Σ_μ log(1 + e^{u_μk}),
// u = −2λ s h, and S = c s σ(u), and returns how many patterns are stable
// on every column, and in colBad per column how many are not (s h ≤ 0).
// The logs are taken once per column per chunk, of products of (1 + e) ∈
// [1, 2] (at most lbfgsChunk of them).
func fusedColumns(xs, hs, ss []float32, colLoss []float64, colBad []int32, lambda, c float64) (ok int) {
	nb := len(colLoss)
	prod := make([]float64, nb)
	for k := range prod {
		prod[k] = 1
	}
	clear(colLoss)
	clear(colBad)
	hs, ss = hs[:len(xs)], ss[:len(xs)]
	var e [expBlock]float64
	for r := 0; r*nb < len(xs); r++ {
		stable := true
		for k0 := 0; k0 < nb; k0 += expBlock {
			o := r*nb + k0
			eb := e[:min(expBlock, nb-k0)]
			for k := range eb {
				z := float64(xs[o+k]) * float64(hs[o+k])
				if z <= 0 {
					stable = false
					colBad[k0+k]++
				}
				eb[k] = -math.Abs(2 * lambda * z)
			}
			expNonPos(eb)
			for k, ek := range eb {
				s := float64(xs[o+k])
				u := -2 * lambda * (s * float64(hs[o+k]))
				inv := 1 / (1 + ek)
				prod[k0+k] *= 1 + ek
				sig := ek * inv // σ(u) for u ≤ 0
				if u > 0 {
					colLoss[k0+k] += u
					sig = inv
				}
				ss[o+k] = float32(c * s * sig)
			}
		}
		if stable {
			ok++
		}
	}
	for k, v := range prod {
		colLoss[k] += math.Log(v)
	}
	return ok
}
