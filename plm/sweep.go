package plm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// LoadSweep measures basins of attraction against the load α: for each α
// it draws P = round(αN) random patterns, builds couplings with the rule
// for that α, and runs the basin protocol.
type LoadSweep struct {
	N      int
	Alphas []float64
	// Rule returns the learning rule used at load alpha.
	Rule    func(alpha float64) Rule
	Basin   BasinSettings
	Epsilon float64 // basin-size tolerance (default DefaultBasinEpsilon)
	// FullCurves measures every m_in of Basin.MIn. By default a load's
	// curve is measured from the largest m_in down to the first below
	// 1 − ε (BasinSettings.StopBelow): the same basin size, without the
	// small m_in that cost most.
	FullCurves bool
	Seed       uint64 // draws the patterns
	// Progress, if set, is called after each load with the count done.
	Progress func(done, total int)
}

// LoadPoint is the outcome of a LoadSweep at one load.
type LoadPoint struct {
	Alpha     float64     `json:"alpha"`
	P         int         `json:"p"`
	BasinSize float64     `json:"basin_size"`
	Stored    float64     `json:"stored"`
	Asymmetry float64     `json:"asymmetry"`
	Curve     *BasinCurve `json:"curve"` // the m_in measured (see LoadSweep.FullCurves)
}

// Run performs the sweep.
func (s LoadSweep) Run(ctx context.Context) ([]LoadPoint, error) {
	if len(s.Alphas) == 0 {
		return nil, fmt.Errorf("plm: load sweep needs loads and a rule")
	}
	var out []LoadPoint
	for k := range s.Alphas {
		pt, err := s.Point(ctx, k)
		if err != nil {
			return out, err
		}
		out = append(out, pt)
		if s.Progress != nil {
			s.Progress(k+1, len(s.Alphas))
		}
	}
	return out, nil
}

// Point measures load k of the sweep alone, with the numbers Run draws
// for it: the patterns of load k come from their own stream, so a sweep
// split across machines gives the same points.
func (s LoadSweep) Point(ctx context.Context, k int) (LoadPoint, error) {
	if s.N < 2 {
		return LoadPoint{}, fmt.Errorf("plm: load sweep needs N ≥ 2, got %d", s.N)
	}
	if len(s.Alphas) == 0 || s.Rule == nil {
		return LoadPoint{}, fmt.Errorf("plm: load sweep needs loads and a rule")
	}
	if k < 0 || k >= len(s.Alphas) {
		return LoadPoint{}, fmt.Errorf("plm: load sweep has %d loads, no load %d", len(s.Alphas), k)
	}
	eps := s.Epsilon
	if eps == 0 {
		eps = DefaultBasinEpsilon
	}
	a := s.Alphas[k]
	p := int(math.Round(a * float64(s.N)))
	if !(a > 0) || p < 1 {
		return LoadPoint{}, fmt.Errorf("plm: load α = %v gives no pattern at N = %d", a, s.N)
	}
	xi, err := RandomPatterns(p, s.N, rand.New(rand.NewPCG(s.Seed, uint64(k))))
	if err != nil {
		return LoadPoint{}, err
	}
	rule := s.Rule(a)
	if rule == nil {
		return LoadPoint{}, fmt.Errorf("plm: load sweep: the rule for α = %v is nil", a)
	}
	J, err := rule.Couplings(ctx, xi)
	if err != nil {
		return LoadPoint{}, fmt.Errorf("plm: at α = %v: %w", a, err)
	}
	if err := J.checkPatterns(xi); err != nil {
		return LoadPoint{}, fmt.Errorf("plm: at α = %v, the rule's couplings: %w", a, err)
	}
	bs := s.Basin
	bs.Progress = nil
	if !s.FullCurves && bs.StopBelow == 0 {
		bs.StopBelow = 1 - eps
	}
	c, err := Basins(ctx, J, xi, bs)
	if err != nil {
		return LoadPoint{}, err
	}
	size, err := BasinSize(c, eps)
	if err != nil {
		return LoadPoint{}, err
	}
	stored, err := FixedPointFraction(J, xi)
	if err != nil {
		return LoadPoint{}, err
	}
	return LoadPoint{Alpha: a, P: p, BasinSize: size, Stored: stored, Asymmetry: J.Asymmetry(), Curve: c}, nil
}
