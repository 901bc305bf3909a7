package vector

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[VectorFirstStep, FirstStepPoint, *VectorFirstStepResult]("first-step denoising of vector Hopfield networks above saturation: the overlap after one synchronous step from overlap m0, theory against simulation for several d and loads P = α′Nd, and PL couplings on the same patterns", false)
}

// VectorFirstStep measures the overlap m1 after one synchronous
// zero-temperature step from a start at overlap m0 (NoisyVectorStart), for
// Hebb's tensor couplings at loads α′ = P/(Nd) up to and above
// saturation, against the theory (plm.FirstStepOverlap): signal m0 plus a
// Gaussian cross-talk of variance α/d² per component. From the m1(m0)
// curve it reads the one-step fixed point m0*, below which the first step
// denoises. PL couplings (d = PLDim) trained on the same patterns are
// measured the same way.
type VectorFirstStep struct {
	N         int       `json:"n" help:"number of spins N"`
	Dims      []int     `json:"dims" help:"spin dimensions d"`
	Loads     []float64 `json:"loads" help:"loads α′ = P/(Nd)"`
	M0Points  int       `json:"m0_points" help:"initial overlaps m0 = k/M0Points, k = 1 … M0Points−1"`
	CurveLoad float64   `json:"curve_load" help:"the α′ whose m1(m0) curves are drawn (the nearest of Loads)"`
	Starts    int       `json:"starts" help:"noisy starts (one per pattern) at each m0"`
	PLDim     int       `json:"pl_dim" help:"dimension d of the PL couplings (0: none)"`
	PLLoads   []float64 `json:"pl_loads" help:"loads α′ of the PL couplings"`
	Epochs    int       `json:"epochs" help:"PL epochs (λ = 1, free norm, Hebb start)"`
	LR        float64   `json:"lr" help:"PL learning rate at d = 1; dimension d trains at LR·d"`
	Clip      float64   `json:"clip" help:"PL gradient-norm clipping"`
	Seed      uint64    `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (VectorFirstStep) Name() string { return "vector-first-step" }

// Quick: N = 200, d = 1, 3, 10, six loads up to α′ = 1.5, PL at d = 3
// (about a minute).
func (VectorFirstStep) Quick() VectorFirstStep {
	return VectorFirstStep{N: 200, Dims: []int{1, 3, 10}, Loads: []float64{0.1, 0.25, 0.5, 0.75, 1, 1.5}, M0Points: 20, CurveLoad: 0.5,
		Starts: 4, PLDim: 3, PLLoads: []float64{0.1, 0.25, 0.5, 1}, Epochs: 300, LR: 10, Clip: 20, Seed: 1}
}

// Paper: N = 500, α′ every 0.125 up to 2, 16 starts, PL to α′ = 1.5 with
// 1000 epochs.
func (VectorFirstStep) Paper() VectorFirstStep {
	c := VectorFirstStep{}.Quick()
	c.N, c.Loads, c.Starts, c.PLLoads, c.Epochs = 500, sweep.Grid(0.125, 2, 0.125), 16, []float64{0.1, 0.25, 0.5, 0.75, 1, 1.5}, 1000
	return c
}

func (c VectorFirstStep) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 10)
	if len(c.Dims) == 0 {
		v.Fail("Dims", "needs at least one dimension")
	}
	maxD := max(1, c.PLDim)
	for _, d := range c.Dims {
		if d < 1 || d > 16 {
			v.Fail("Dims", "each d must be in [1, 16], got %v", c.Dims)
			break
		}
		maxD = max(maxD, d)
	}
	if c.PLDim < 0 || c.PLDim > 16 {
		v.Fail("PLDim", "must be 0 (no PL) or in [1, 16], got %d", c.PLDim)
	}
	v.Loads("Loads", c.Loads, 4)
	v.Loads("PLLoads", c.PLLoads, 4)
	v.AtLeast("M0Points", c.M0Points, 2)
	v.Within("CurveLoad", c.CurveLoad, 0, 4)
	v.AtLeast("Starts", c.Starts, 1)
	if c.PLDim > 0 {
		v.Training(c.Epochs, c.LR, c.Clip)
	}
	if v.Err == nil {
		nd := c.N * maxD
		p := max(sweep.MaxCount(c.Loads, nd), sweep.MaxCount(c.PLLoads, nd))
		if p < c.Starts {
			v.Fail("Starts", "%d starts, but the loads give only %d patterns", c.Starts, p)
		}
		v.Memory(limits.Must(4*4, nd, nd), limits.Must(4*2, p, nd), limits.Must(4*2, c.Starts, c.M0Points, nd), limits.Must(8*4, len(c.Dims)+1, c.M0Points))
	}
	return v.Err
}

// FirstStepPoint is one (rule, d, α′): the measured m1 (mean and standard
// error over starts) at each m0, and the m0* read from it.
type FirstStepPoint struct {
	Rule       string    `json:"rule"`
	D          int       `json:"d"`
	Load       float64   `json:"load"`
	P          int       `json:"p"`
	M1         []float64 `json:"m1"`
	M1Err      []float64 `json:"m1_err"`
	FixedPoint float64   `json:"fixed_point"`
}

type stepCell struct {
	rule string
	d    int
	load float64
}

func (c VectorFirstStep) cells() []stepCell {
	var out []stepCell
	for _, d := range c.Dims {
		for _, a := range c.Loads {
			out = append(out, stepCell{"hebb", d, a})
		}
	}
	if c.PLDim > 0 {
		for _, a := range c.PLLoads {
			out = append(out, stepCell{"pl", c.PLDim, a})
		}
	}
	return out
}

// m0Grid is k/M0Points, k = 1 … M0Points−1.
func (c VectorFirstStep) m0Grid() []float64 {
	out := make([]float64, c.M0Points-1)
	for k := range out {
		out[k] = float64(k+1) / float64(c.M0Points)
	}
	return out
}

// Points: Hebb costs P·(Nd)², PL Epochs times that, each step (Nd)² per start.
func (c VectorFirstStep) Points() []experiment.GridPoint {
	var pts []experiment.GridPoint
	for _, cell := range c.cells() {
		nd := float64(c.N * cell.d)
		p := float64(sweep.Count(cell.load, c.N*cell.d))
		passes := 1.0
		if cell.rule == "pl" {
			passes = 2 * float64(c.Epochs)
		}
		pts = append(pts, experiment.GridPoint{Label: fmt.Sprintf("%s d=%d α′=%g", ruleLabel(cell.rule), cell.d, cell.load),
			Cost: passes*p*nd*nd + float64(c.M0Points*c.Starts)*nd*nd})
	}
	return pts
}

func (c VectorFirstStep) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, FirstStepPoint) error) error {
	cells, pts := c.cells(), c.Points()
	for j, k := range idx {
		cell := cells[k]
		t.At(j, pts[k].Label)
		pt, err := c.measure(ctx, cell, t)
		if err != nil {
			return fmt.Errorf("%s: %w", pts[k].Label, err)
		}
		if err := emit(k, pt); err != nil {
			return err
		}
	}
	return nil
}

// measure builds the couplings of one cell (Hebb and PL see the same
// patterns at each (d, α′)) and takes one step from every noisy start.
func (c VectorFirstStep) measure(ctx context.Context, cell stepCell, t *experiment.Tracker) (FirstStepPoint, error) {
	n, d := c.N, cell.d
	p := sweep.Count(cell.load, n*d)
	stream := uint64(1000*d) + uint64(math.Round(cell.load*1e4))*100000
	x, err := plm.RandomVectorPatterns(p, n, d, sweep.NewRand(c.Seed, stream))
	if err != nil {
		return FirstStepPoint{}, err
	}
	var J *plm.VectorCouplings
	if cell.rule == "pl" {
		J, err = plm.VectorPseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR * float64(d), GradClip: c.Clip, Progress: t.Training(c.Epochs)}.Couplings(ctx, x)
	} else {
		J, err = plm.VectorHebb(x)
	}
	if err != nil {
		return FirstStepPoint{}, err
	}
	m0 := c.m0Grid()
	starts := min(c.Starts, p)
	s := &plm.VectorPatterns{P: starts * len(m0), N: n, D: d, Data: make([]float32, starts*len(m0)*n*d)}
	rng := sweep.NewRand(c.Seed+1, stream)
	for i, m := range m0 {
		for k := 0; k < starts; k++ {
			if err := plm.NoisyVectorStart(s.Row(i*starts+k), x.Row(k), n, d, m, rng); err != nil {
				return FirstStepPoint{}, err
			}
		}
	}
	rel, err := plm.VectorDynamics{MaxSteps: 1}.Run(ctx, J, s)
	if err != nil {
		return FirstStepPoint{}, err
	}
	pt := FirstStepPoint{Rule: cell.rule, D: d, Load: cell.load, P: p}
	for i := range m0 {
		ov := make([]float64, starts)
		for k := range ov {
			ov[k] = plm.VectorOverlap(rel.Final.Row(i*starts+k), x.Row(k), n)
		}
		m, se := plm.MeanStdErr(ov)
		pt.M1, pt.M1Err = append(pt.M1, m), append(pt.M1Err, se)
	}
	pt.FixedPoint = crossing(m0, pt.M1)
	return pt, nil
}

// crossing is the largest m0 where m1 − m0 falls through zero, by linear
// interpolation between grid points: 0 if m1 < m0 everywhere, the last m0
// if m1 ≥ m0 there.
func crossing(m0, m1 []float64) float64 {
	last := len(m0) - 1
	if m1[last] >= m0[last] {
		return m0[last]
	}
	for k := last; k > 0; k-- {
		hi, lo := m1[k]-m0[k], m1[k-1]-m0[k-1]
		if lo >= 0 {
			return m0[k-1] + (m0[k]-m0[k-1])*lo/(lo-hi)
		}
	}
	return 0
}

// VectorFirstStepResult holds the measured points (Hebb by d then α′, then
// PL) and the theory: m1(m0) at CurveLoad per d and m0*(α′) per d on a
// fine grid, with the d → ∞ limit √(1 − α′).
type VectorFirstStepResult struct {
	Config      VectorFirstStep  `json:"config"`
	Points      []FirstStepPoint `json:"points"`
	TheoryLoads []float64        `json:"theory_loads"`
	// TheoryM1[d] is m1 on the m0 grid at CurveLoad; TheoryFixed[d] m0* on TheoryLoads.
	TheoryM1, TheoryFixed [][]float64
}

func (c VectorFirstStep) Assemble(units []FirstStepPoint) (*VectorFirstStepResult, error) {
	res := &VectorFirstStepResult{Config: c, Points: units}
	top := 0.0
	for _, a := range append(append([]float64{}, c.Loads...), c.PLLoads...) {
		top = math.Max(top, a)
	}
	for k := 1; k <= 60; k++ {
		res.TheoryLoads = append(res.TheoryLoads, top*float64(k)/60)
	}
	load := c.curveLoad()
	for _, d := range c.Dims {
		var m1, fp []float64
		for _, m := range c.m0Grid() {
			v, err := plm.FirstStepOverlap(d, load*float64(d), m)
			if err != nil {
				return nil, err
			}
			m1 = append(m1, v)
		}
		for _, a := range res.TheoryLoads {
			v, err := plm.FirstStepFixedPoint(d, a*float64(d))
			if err != nil {
				return nil, err
			}
			fp = append(fp, v)
		}
		res.TheoryM1, res.TheoryFixed = append(res.TheoryM1, m1), append(res.TheoryFixed, fp)
	}
	return res, nil
}

// curveLoad is the load of Loads nearest CurveLoad.
func (c VectorFirstStep) curveLoad() float64 {
	best := c.Loads[0]
	for _, a := range c.Loads {
		if math.Abs(a-c.CurveLoad) < math.Abs(best-c.CurveLoad) {
			best = a
		}
	}
	return best
}

func (c VectorFirstStep) Run(ctx context.Context, progress experiment.Progress) (*VectorFirstStepResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// Figures: m1 against m0 at CurveLoad (theory lines, measured points, the
// diagonal), and m0* against α′ (theory per d and d → ∞, measured Hebb and PL).
func (r *VectorFirstStepResult) Figures() []*figure.Panel {
	c := r.Config
	load := c.curveLoad()
	m0 := c.m0Grid()
	curves := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("One synchronous step from overlap m0, α′ = P/(Nd) = %g, N = %d", load, c.N),
		XLabel: "initial overlap m0", YLabel: "overlap after one step m1", Legend: "bottom-right"}
	curves.Series = append(curves.Series, figure.Series{Name: "m1 = m0", X: []float64{0, 1}, Y: []float64{0, 1}, Dashed: true, Faint: true})
	fixed := &figure.Panel{Panel: c.Name() + "-fixed-point", Config: c, Title: "One-step fixed point m0*: the first step denoises starts below it",
		XLabel: "α′ = P/(Nd)", YLabel: "m0*", Legend: "top-right"}
	for k, d := range c.Dims {
		curves.Series = append(curves.Series, figure.Series{Name: fmt.Sprintf("theory d=%d", d), X: m0, Y: r.TheoryM1[k]})
		fixed.Series = append(fixed.Series, figure.Series{Name: fmt.Sprintf("theory d=%d", d), X: r.TheoryLoads, Y: r.TheoryFixed[k]})
	}
	var inf []float64
	for _, a := range r.TheoryLoads {
		inf = append(inf, math.Sqrt(math.Max(0, 1-a)))
	}
	fixed.Series = append(fixed.Series, figure.Series{Name: "theory d → ∞", X: r.TheoryLoads, Y: inf, Dashed: true})
	for _, rule := range []string{"hebb", "pl"} {
		dims := c.Dims
		if rule == "pl" {
			dims = []int{c.PLDim}
		}
		for _, d := range dims {
			var xs, ys []float64
			for _, p := range r.Points {
				if p.Rule != rule || p.D != d {
					continue
				}
				xs, ys = append(xs, p.Load), append(ys, p.FixedPoint)
				if p.Load == load {
					curves.Series = append(curves.Series, figure.Series{Name: fmt.Sprintf("%s d=%d", ruleLabel(rule), d), X: m0, Y: p.M1, YErr: p.M1Err, Points: true})
				}
			}
			if xs != nil {
				fixed.Series = append(fixed.Series, figure.Series{Name: fmt.Sprintf("%s d=%d", ruleLabel(rule), d), X: xs, Y: ys, Points: true})
			}
		}
	}
	params := map[string]any{"start": "every spin rotated to S_i·ξ_i = m0 (d = 1: spins flipped)", "step": "one synchronous step S_i ← h_i/|h_i|",
		"theory": "h = m0 ξ + Gaussian cross-talk of variance α/d² per component, α = α′d; m1 = E[ξ·h/|h|]",
		"pl":     fmt.Sprintf("d = %d, λ = 1, free norm, Hebb start, %d epochs, learning rate %g·d, clipping %g", c.PLDim, c.Epochs, c.LR, c.Clip)}
	curves.Params, fixed.Params = params, params
	return []*figure.Panel{curves, fixed}
}
