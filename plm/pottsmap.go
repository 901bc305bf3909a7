package plm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// PottsMAP estimates a Potts model's fields and couplings from weighted
// sequences as plmc does: the maximum of the penalised pseudo-likelihood
// (the maximum a posteriori estimate under Gaussian priors), found by
// L-BFGS. The objective, in plmc's units, is
//
//	F = −Σ_s w_s Σ_i log p(σ_si | σ_s\i) + λ_h Σ_i,a h_i(a)² + λ_J Σ_{i<j} Σ_a,b J_ij(a,b)²
//
// with p(σ_i = a | rest) ∝ exp(h_i(a) + Σ_{j≠i} J_ij(a, σ_j)). All
// parameters are solved together, as plmc does: one pass over the
// sequences computes every site's conditional, so the joint problem costs
// the same per iteration as L separate ones and needs one line search, not
// L. The asymmetric variant (plmDCA's) fits J_ij and J_ji as separate
// parameters with penalty (λ_J/2) Σ_{i≠j} J_ij², which equals the
// symmetric one's at symmetric couplings.
//
// The passes run in float32 with float64 sums (the arithmetic of the
// package's other Potts code); the optimiser's state is float64. The
// result does not depend on the number of threads.
type PottsMAP struct {
	LambdaH float64 // λ_h, plmc's -lh (0 means no penalty on the fields)
	LambdaJ float64 // λ_J, plmc's -le (0 means no penalty on the couplings)
	// IgnoreGap is plmc's -g: state 0 (the alphabet's first letter, the
	// gap) has no parameters, a site holding it adds no term, and every
	// conditional is over the other states.
	IgnoreGap  bool
	Asymmetric bool
	// MaxIterations caps the L-BFGS iterations (0: until Tolerance).
	MaxIterations int
	// Tolerance stops the iterations when ‖∇F‖ ≤ Tolerance·max(1, ‖x‖),
	// the norms over all parameters: liblbfgs's test, which plmc uses with
	// 1e-3 (the default here).
	Tolerance float64
	Memory    int // L-BFGS correction pairs (default 6, plmc's)
	// Progress, if set, receives the log entry of every iteration.
	Progress func(PottsMAPLog)
}

// PottsMAPLog describes the estimate after Iteration L-BFGS iterations.
type PottsMAPLog struct {
	Iteration   int
	Evaluations int     // objective and gradient evaluations so far
	Objective   float64 // F
	NegLogPL    float64 // F without the penalties
	GradNorm    float64 // ‖∇F‖
	ParamNorm   float64 // ‖x‖ over all parameters
	Elapsed     time.Duration
}

// PottsMAPFit is an estimate and how it was reached.
type PottsMAPFit struct {
	Model       *PottsModel
	Iterations  int
	Evaluations int
	Objective   float64
	NegLogPL    float64
	GradNorm    float64
	ParamNorm   float64
	// Converged says the gradient test passed; otherwise Status says why
	// the iterations stopped (the iteration limit, or a line search that
	// could not decrease F further at float32 precision).
	Converged bool
	Status    string
	Log       []PottsMAPLog
	Elapsed   time.Duration
}

// Fit estimates the model of the sequences s with weights w (nil: all 1).
func (m PottsMAP) Fit(ctx context.Context, s *Sequences, w []float64) (*PottsMAPFit, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	if s == nil {
		return nil, errors.New("plm: Potts MAP of no sequences")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.L < 2 {
		return nil, fmt.Errorf("plm: Potts MAP needs at least 2 sites, got %d", s.L)
	}
	if err := checkWeights(w, s.M); err != nil {
		return nil, err
	}
	if m.IgnoreGap && s.Q < 3 {
		return nil, fmt.Errorf("plm: ignoring the gap state leaves %d state(s) of Q=%d; need Q ≥ 3", s.Q-1, s.Q)
	}
	if m.Memory == 0 {
		m.Memory = 6
	}
	if m.Tolerance == 0 {
		m.Tolerance = 1e-3
	}
	o, err := newPottsObjective(ctx, m, s, w)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	fit := &PottsMAPFit{}
	opt := &flatLBFGS{mem: m.Memory, maxIter: m.MaxIterations, tol: m.Tolerance, refine: func() bool {
		if o.exact {
			return false
		}
		o.exact = true
		return true
	}}
	res, err := opt.minimize(ctx, o.start(), o.eval, func(it, evals int, f, gnorm, xnorm float64) {
		e := PottsMAPLog{Iteration: it, Evaluations: evals, Objective: f, NegLogPL: o.nllAt(f),
			GradNorm: gnorm, ParamNorm: xnorm, Elapsed: time.Since(start)}
		fit.Log = append(fit.Log, e)
		if m.Progress != nil {
			m.Progress(e)
		}
	})
	if err != nil {
		return nil, err
	}
	fit.Model = o.model(res.x)
	fit.Iterations = res.iterations
	fit.Evaluations = res.evals
	fit.Objective = res.f
	fit.NegLogPL = o.nllAt(res.f)
	last := fit.Log[len(fit.Log)-1]
	fit.GradNorm, fit.ParamNorm = last.GradNorm, last.ParamNorm
	fit.Converged = res.converged
	fit.Status = res.status
	fit.Elapsed = time.Since(start)
	return fit, nil
}

func (m PottsMAP) check() error {
	for _, p := range []struct {
		name string
		v    float64
	}{{"λ_h (-lh)", m.LambdaH}, {"λ_J (-le)", m.LambdaJ}, {"tolerance", m.Tolerance}} {
		if !(p.v >= 0) || math.IsInf(p.v, 0) {
			return fmt.Errorf("plm: Potts MAP %s must be finite and ≥ 0, got %v", p.name, p.v)
		}
	}
	if m.MaxIterations < 0 {
		return fmt.Errorf("plm: Potts MAP iteration limit %d < 0", m.MaxIterations)
	}
	if m.Memory < 0 || m.Memory > 1000 {
		return fmt.Errorf("plm: Potts MAP L-BFGS memory %d outside [0, 1000]", m.Memory)
	}
	return nil
}

// checkWeights accepts nil or m finite weights ≥ 0 with a positive sum.
func checkWeights(w []float64, m int) error {
	if w == nil {
		return nil
	}
	if len(w) != m {
		return fmt.Errorf("plm: %d sequence weights for %d sequences", len(w), m)
	}
	sum := 0.0
	for k, v := range w {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("plm: weight of sequence %d is %v (want finite, ≥ 0)", k+1, v)
		}
		sum += v
	}
	if !(sum > 0) {
		return errors.New("plm: sequence weights sum to 0")
	}
	return nil
}

// pottsObjective evaluates F and ∇F on the flat parameter vector x:
// the fields h_i(a) (sites in order, parameter states in order), then one
// block per coupling (i<j, or every i≠j when asymmetric) of J_ij(a, b).
type pottsObjective struct {
	ctx   context.Context
	m     PottsMAP
	s     *Sequences
	w     []float64
	L, Q  int
	gap   int
	st    []int    // parameter states
	pairs [][2]int // coupling blocks in the order of x
	nh    int      // fields in x
	n     int      // parameters
	J     *PottsCouplings
	hf    []float32
	gt    []float32
	gh    []float64
	sc    pottsScratch
	// F and −log PL of the evaluations, to log the accepted one's
	fs, nlls []float64
	// exact: F from exactNLL (float64), switched on when the float32
	// objective can no longer rank two points
	exact bool
}

func newPottsObjective(ctx context.Context, m PottsMAP, s *Sequences, w []float64) (*pottsObjective, error) {
	L, Q := s.L, s.Q
	gap := -1
	if m.IgnoreGap {
		gap = 0
	}
	o := &pottsObjective{ctx: ctx, m: m, s: s, w: w, L: L, Q: Q, gap: gap}
	for a := range Q {
		if a != gap {
			o.st = append(o.st, a)
		}
	}
	for i := range L {
		for j := range L {
			if j > i || (m.Asymmetric && j != i) {
				o.pairs = append(o.pairs, [2]int{i, j})
			}
		}
	}
	qs := len(o.st)
	o.nh = L * qs
	n := o.nh + len(o.pairs)*qs*qs
	lq := L * Q
	// Five float64 working vectors (x, g, the trial point and gradient,
	// the direction), the start, and 2·Memory float32 history vectors;
	// float32 couplings and their gradient; the returned model.
	vec, ok := limits.Bytes(8, n, 7+m.Memory)
	if !ok {
		return nil, fmt.Errorf("plm: Potts MAP of L=%d, Q=%d has too many parameters", L, Q)
	}
	mat, _ := limits.Bytes(4, lq, lq)
	model, _ := limits.Bytes(8, L, L, Q, Q)
	if err := limits.Total("plm: Potts MAP (parameters, L-BFGS history, couplings)",
		vec, 2*mat, model, pottsScratchBytes(s.M, L, Q)); err != nil {
		return nil, err
	}
	J, err := NewPottsCouplings(L, Q)
	if err != nil {
		return nil, err
	}
	o.J = J
	o.hf = make([]float32, lq)
	o.gt = make([]float32, lq*lq)
	o.gh = make([]float64, lq)
	o.n = n
	return o, nil
}

// start is plmc's starting point: zero couplings and the fields of the
// independent-site model, h_i(a) = log(N_eff f_i(a) + 1) in the zero-sum
// gauge, f_i the weighted frequencies (over the non-gap states when the
// gap is ignored).
func (o *pottsObjective) start() []float64 {
	x := make([]float64, o.n)
	qs := len(o.st)
	for i := range o.L {
		f := make([]float64, o.Q)
		for m := range o.s.M {
			wm := 1.0
			if o.w != nil {
				wm = o.w[m]
			}
			f[o.s.S[m*o.L+i]] += wm
		}
		tot, neff := 0.0, 0.0
		for a, v := range f {
			neff += v
			if a != o.gap {
				tot += v
			}
		}
		mean := 0.0
		for k, a := range o.st {
			fa := 1 / float64(qs)
			if tot > 0 {
				fa = f[a] / tot
			}
			x[i*qs+k] = math.Log(fa*neff + 1)
			mean += x[i*qs+k] / float64(qs)
		}
		for k := range o.st {
			x[i*qs+k] -= mean
		}
	}
	return x
}

// expand writes x into the float32 fields and transposed couplings.
func (o *pottsObjective) expand(x []float64) {
	qs, Q, lq := len(o.st), o.Q, o.L*o.Q
	for i := range o.L {
		for k, a := range o.st {
			o.hf[i*Q+a] = float32(x[i*qs+k])
		}
	}
	wt := o.J.WT
	sym := !o.m.Asymmetric
	linalg.For(len(o.pairs), func(lo, hi int) {
		for p := lo; p < hi; p++ {
			i, j := o.pairs[p][0], o.pairs[p][1]
			blk := x[o.nh+p*qs*qs:]
			for ka, a := range o.st {
				for kb, b := range o.st {
					v := float32(blk[ka*qs+kb])
					wt[(j*Q+b)*lq+i*Q+a] = v
					if sym {
						wt[(i*Q+a)*lq+j*Q+b] = v
					}
				}
			}
		}
	})
}

// eval computes F at x and writes ∇F into g.
func (o *pottsObjective) eval(x, g []float64) (float64, error) {
	if err := o.ctx.Err(); err != nil {
		return math.NaN(), err
	}
	o.expand(x)
	nll, _, err := o.sc.passTerms(o.ctx, o.J, o.s, 1, pottsTerms{w: o.w, h: o.hf, gh: o.gh, gap: o.gap, sum: true}, o.gt)
	if err != nil {
		return math.NaN(), err
	}
	if o.exact {
		nll = o.exactNLL(x)
	}
	qs, Q, lq := len(o.st), o.Q, o.L*o.Q
	pen := 0.0
	for i := range o.L {
		for k, a := range o.st {
			v := x[i*qs+k]
			g[i*qs+k] = o.gh[i*Q+a] + 2*o.m.LambdaH*v
			pen += o.m.LambdaH * v * v
		}
	}
	lj := o.m.LambdaJ
	if o.m.Asymmetric {
		lj /= 2
	}
	sym := !o.m.Asymmetric
	gt := o.gt
	penJ := make([]float64, len(o.pairs))
	linalg.For(len(o.pairs), func(lo, hi int) {
		for p := lo; p < hi; p++ {
			i, j := o.pairs[p][0], o.pairs[p][1]
			off := o.nh + p*qs*qs
			s := 0.0
			for ka, a := range o.st {
				for kb, b := range o.st {
					v := x[off+ka*qs+kb]
					d := float64(gt[(j*Q+b)*lq+i*Q+a])
					if sym {
						d += float64(gt[(i*Q+a)*lq+j*Q+b])
					}
					g[off+ka*qs+kb] = d + 2*lj*v
					s += v * v
				}
			}
			penJ[p] = lj * s
		}
	})
	for _, v := range penJ {
		pen += v
	}
	o.fs = append(o.fs, nll+pen)
	o.nlls = append(o.nlls, nll)
	return nll + pen, nil
}

// nllAt is −log PL of the latest evaluation whose F was f.
func (o *pottsObjective) nllAt(f float64) float64 {
	for k := len(o.fs) - 1; k >= 0; k-- {
		if o.fs[k] == f {
			return o.nlls[k]
		}
	}
	return math.NaN()
}

// model turns x into a PottsModel.
func (o *pottsObjective) model(x []float64) *PottsModel {
	L, Q := o.L, o.Q
	qs := len(o.st)
	m := &PottsModel{L: L, Q: Q, Gap: o.gap, Asymmetric: o.m.Asymmetric, H: make([]float64, L*Q), J: make([]float64, L*L*Q*Q)}
	for i := range L {
		for k, a := range o.st {
			m.H[i*Q+a] = x[i*qs+k]
		}
	}
	for p, ij := range o.pairs {
		i, j := ij[0], ij[1]
		blk := x[o.nh+p*qs*qs:]
		for ka, a := range o.st {
			for kb, b := range o.st {
				v := blk[ka*qs+kb]
				m.J[((i*L+j)*Q+a)*Q+b] = v
				if !o.m.Asymmetric {
					m.J[((j*L+i)*Q+b)*Q+a] = v
				}
			}
		}
	}
	return m
}
