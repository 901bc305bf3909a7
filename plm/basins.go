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

// BasinSettings configures the basin-of-attraction protocol.
type BasinSettings struct {
	// MIn are the initial overlaps m_in in [0, 1]; nil means 21 values
	// 0, 0.05, …, 1.
	MIn []float64
	// Trials is the number of noisy starts per pattern and m_in (default 1).
	Trials int
	// Dynamics used to relax each start (default: synchronous to a fixed
	// point, capped at DefaultMaxSteps).
	Dynamics Dynamics
	// Seed selects which spins are flipped.
	Seed uint64
	// Progress, if set, is called after each m_in value with the number of
	// values done and the total.
	Progress func(done, total int)
	// StopBelow, if > 0, measures the m_in values from the largest down
	// and stops after the first whose mean final overlap is below it: the
	// curve then holds that value and those above it, which is all
	// BasinSize needs with ε = 1 − StopBelow, and skips the small m_in
	// whose long transients cost most. Every value measured is the same as
	// in the full curve (each m_in draws from its own seed).
	StopBelow float64
}

// BasinCurve is the final Mattis overlap m_F reached from starts at initial
// overlap m_in with a stored pattern: the paper's basin protocol.
type BasinCurve struct {
	N      int       `json:"n"`
	P      int       `json:"p"`
	Trials int       `json:"trials"`
	MIn    []float64 `json:"m_in"`
	// MF is the mean final overlap over patterns and trials.
	MF []float64 `json:"m_f"`
	// MFStdErr is the standard error of that mean.
	MFStdErr []float64 `json:"m_f_stderr"`
	// Retrieved is the fraction of runs that ended exactly on the pattern.
	Retrieved []float64 `json:"retrieved"`
	// FixedPoint is the fraction of runs that ended at a fixed point.
	FixedPoint []float64 `json:"fixed_point"`
}

// DefaultMIn returns the grid 0, 0.05, …, 1 (21 values).
func DefaultMIn() []float64 {
	m := make([]float64, 21)
	for k := range m {
		m[k] = float64(k) / 20
	}
	return m
}

// FlipsForOverlap is the number of spins flipped to start at overlap m_in:
// round(N(1−m_in)/2).
func FlipsForOverlap(n int, mIn float64) int {
	return int(math.Round(float64(n) * (1 - mIn) / 2))
}

// Basins runs the basin protocol: for every m_in, every pattern μ and every
// trial, flip exactly round(N(1−m_in)/2) random spins of ξ^μ, run the
// dynamics, and record m_F = x·ξ^μ/N.
func Basins(ctx context.Context, J *Couplings, xi *Patterns, s BasinSettings) (*BasinCurve, error) {
	if err := J.checkPatterns(xi); err != nil {
		return nil, err
	}
	d, mins, err := s.check()
	if err != nil {
		return nil, err
	}
	if s.Trials == 0 {
		s.Trials = 1
	}
	n, p := J.N, xi.P
	runs, ok := limits.Product(p, s.Trials)
	if !ok {
		return nil, fmt.Errorf("plm: %d patterns × %d basin trials is too large to represent", p, s.Trials)
	}
	if err := limits.Total("plm: basins", limits.Must(8*2, p, n), limits.Must(8+2, runs), limits.Must(8*4, len(mins)),
		limits.Must(8*2, linalg.Workers(runs), n)); err != nil {
		return nil, err
	}
	b := newBasinRunner(d, J, xi, s.Trials, s.Seed)
	c := &BasinCurve{N: n, P: p, Trials: s.Trials, MIn: append([]float64(nil), mins...)}
	nm := len(mins)
	meanAt, seAt, retAt, fixAt := make([]float64, nm), make([]float64, nm), make([]float64, nm), make([]float64, nm)
	first := 0 // the smallest m_in index measured
	for q := 0; q < nm; q++ {
		a := q
		if s.StopBelow > 0 {
			a = nm - 1 - q // from the top down
			first = a
		}
		if err := b.run(ctx, a, mins[a]); err != nil {
			return nil, err
		}
		meanAt[a], seAt[a], retAt[a], fixAt[a] = b.summary()
		stop := s.StopBelow > 0 && meanAt[a] < s.StopBelow
		if s.Progress != nil {
			done := q + 1
			if stop {
				done = nm
			}
			s.Progress(done, nm)
		}
		if stop {
			break
		}
	}
	c.MIn = c.MIn[first:]
	c.MF, c.MFStdErr = meanAt[first:], seAt[first:]
	c.Retrieved, c.FixedPoint = retAt[first:], fixAt[first:]
	return c, nil
}

// check validates the settings and returns the dynamics and the m_in grid
// (DefaultMIn when none is given).
func (s BasinSettings) check() (Dynamics, []float64, error) {
	d, err := s.Dynamics.check()
	if err != nil {
		return d, nil, err
	}
	if s.Trials < 0 {
		return d, nil, fmt.Errorf("plm: basin trials must be ≥ 1, got %d", s.Trials)
	}
	mins := s.MIn
	if mins == nil {
		mins = DefaultMIn()
	}
	if len(mins) == 0 {
		return d, nil, errors.New("plm: basin curve needs at least one m_in")
	}
	for _, m := range mins {
		if !(m >= 0 && m <= 1) {
			return d, nil, fmt.Errorf("plm: initial overlap m_in = %v outside [0, 1]", m)
		}
	}
	if !(s.StopBelow >= 0 && s.StopBelow <= 1) {
		return d, nil, fmt.Errorf("plm: basin StopBelow must be in [0, 1], got %v", s.StopBelow)
	}
	return d, mins, nil
}

// basinRunner holds what every m_in of a basin curve shares: the patterns'
// fields (computed once; each start then costs only its flips), one
// scratch per worker, and the outcome of each run at the current m_in.
type basinRunner struct {
	e          *engine
	n, trials  int
	seed       uint64
	x, hxi     []float64 // the patterns and their fields, P×N
	scratch    []*runScratch
	xs, hs     [][]float64 // per worker: the state and its fields
	mf         []float64   // per run: the final overlap
	hit, fixed []bool      // per run: retrieved exactly, ended at a fixed point
}

func newBasinRunner(d Dynamics, J *Couplings, xi *Patterns, trials int, seed uint64) *basinRunner {
	n, p := J.N, xi.P
	runs := p * trials
	b := &basinRunner{e: newEngine(d, J), n: n, trials: trials, seed: seed,
		x: make([]float64, p*n), hxi: make([]float64, p*n),
		mf: make([]float64, runs), hit: make([]bool, runs), fixed: make([]bool, runs)}
	for k, v := range xi.Data {
		b.x[k] = float64(v)
	}
	b.e.fields(b.x, b.hxi, p)
	workers := linalg.Workers(runs)
	b.scratch = make([]*runScratch, workers)
	b.xs, b.hs = make([][]float64, workers), make([][]float64, workers)
	for w := range b.scratch {
		b.scratch[w] = b.e.newScratch()
		b.xs[w], b.hs[w] = make([]float64, n), make([]float64, n)
	}
	return b
}

// run relaxes every start at initial overlap m (the a-th m_in, which
// seeds its flips).
func (b *basinRunner) run(ctx context.Context, a int, m float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n := b.n
	flips := FlipsForOverlap(n, m)
	linalg.ForEach(len(b.mf), func(r, w int) {
		if ctx.Err() != nil {
			return
		}
		mu := r / b.trials
		xr, hr, sc := b.xs[w], b.hs[w], b.scratch[w]
		copy(xr, b.x[mu*n:(mu+1)*n])
		copy(hr, b.hxi[mu*n:(mu+1)*n])
		rng := rand.New(rand.NewPCG(b.seed^uint64(a)<<40, uint64(r)))
		// Partial Fisher–Yates: the first `flips` entries of order are a
		// uniform random subset of sites.
		ord := sc.order
		for i := range ord {
			ord[i] = i
		}
		for k := 0; k < flips; k++ {
			j := k + rng.IntN(n-k)
			ord[k], ord[j] = ord[j], ord[k]
		}
		b.e.flipAll(xr, hr, ord[:flips])
		_, b.fixed[r], _ = b.e.relax(ctx, xr, hr, rng, sc)
		var dot float64
		for i, v := range xr {
			dot += v * b.x[mu*n+i]
		}
		b.mf[r] = dot / float64(n)
		b.hit[r] = b.mf[r] == 1
	})
	return ctx.Err()
}

// summary is the mean final overlap of the last run, its standard error,
// and the fractions retrieved exactly and ended at a fixed point.
func (b *basinRunner) summary() (mean, se, retrieved, fixedPoint float64) {
	runs := len(b.mf)
	var sum, sum2 float64
	var nhit, nfix int
	for r := range b.mf {
		sum += b.mf[r]
		sum2 += b.mf[r] * b.mf[r]
		if b.hit[r] {
			nhit++
		}
		if b.fixed[r] {
			nfix++
		}
	}
	mean = sum / float64(runs)
	if runs > 1 {
		v := (sum2 - float64(runs)*mean*mean) / float64(runs-1)
		se = math.Sqrt(math.Max(v, 0) / float64(runs))
	}
	return mean, se, float64(nhit) / float64(runs), float64(nfix) / float64(runs)
}

// DefaultBasinEpsilon is the tolerance ε of BasinSize used by plmlab's
// charts and panels: a start counts as retrieved on average when
// m_F ≥ 1 − ε.
const DefaultBasinEpsilon = 0.05

// BasinSize is 1 − m_in*, where m_in* is the smallest initial overlap from
// which the mean final overlap stays at or above 1 − ε for every larger
// m_in on the curve's grid (for a monotone curve this is simply the
// smallest m_in with m_F ≥ 1 − ε). m_in* is interpolated linearly between
// the last grid point below the threshold and the first one above it. The
// size is 0 when the pattern itself (largest m_in) is not retrieved and 1
// when even the smallest m_in is.
func BasinSize(c *BasinCurve, eps float64) (float64, error) {
	if c == nil || len(c.MIn) == 0 || len(c.MIn) != len(c.MF) {
		return math.NaN(), errors.New("plm: basin size of an empty or malformed curve")
	}
	if !(eps > 0 && eps < 1) {
		return math.NaN(), fmt.Errorf("plm: basin tolerance ε must be in (0, 1), got %v", eps)
	}
	for k := 1; k < len(c.MIn); k++ {
		if c.MIn[k] <= c.MIn[k-1] {
			return math.NaN(), errors.New("plm: basin curve m_in values must increase")
		}
	}
	thr := 1 - eps
	last := len(c.MF) - 1
	if c.MF[last] < thr {
		return 0, nil
	}
	k := last
	for k > 0 && c.MF[k-1] >= thr {
		k--
	}
	if k == 0 {
		return 1 - c.MIn[0], nil
	}
	// Crossing between k-1 (below) and k (at or above).
	m0, m1 := c.MIn[k-1], c.MIn[k]
	f0, f1 := c.MF[k-1], c.MF[k]
	mStar := m1
	if f1 > f0 {
		mStar = m0 + (thr-f0)*(m1-m0)/(f1-f0)
	}
	return 1 - mStar, nil
}
