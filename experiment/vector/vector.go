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
	experiment.RegisterGrid[VectorMemory, VectorPoint, *VectorMemoryResult]("vector spins (d = 1, 2, 3): basin size of Hebb and PL couplings against α = P/N and P/(Nd)", false)
}

// VectorMemory measures associative memories of vector spins: N unit
// vectors of R^d, couplings J_ij ∈ R^{d×d}, zero-temperature dynamics
// S_i ← h_i/|h_i|. For each rule (tensorial Hebb, vector PL), dimension d
// and load α = P/N it draws random patterns on the sphere, builds the
// couplings and runs the basin protocol with noisy starts at overlap m_in
// (every spin rotated by the same angle; for d = 1, spins flipped).
type VectorMemory struct {
	N      int       `json:"n" help:"number of spins N"`
	Dims   []int     `json:"dims" help:"spin dimensions d"`
	Alphas []float64 `json:"alphas" help:"loads α = P/N"`
	Rules  []string  `json:"rules" help:"rules compared: hebb, pl"`
	Trials int       `json:"trials" help:"noisy starts per pattern and m_in"`
	MIn    int       `json:"m_in_points" help:"points of the m_in grid over [0, 1]"`
	Epochs int       `json:"epochs" help:"PL epochs (λ = 1, free norm, Hebb start)"`
	LR     float64   `json:"lr" help:"PL learning rate on the mean loss at d = 1; dimension d trains at LR·d (see LRFor)"`
	Clip   float64   `json:"clip" help:"PL gradient-norm clipping"`
	Seed   uint64    `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (VectorMemory) Name() string { return "vector" }

// Quick: N = 100, seven loads (about a minute).
func (VectorMemory) Quick() VectorMemory {
	return VectorMemory{N: 100, Dims: []int{1, 2, 3}, Alphas: []float64{0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2}, Rules: []string{"hebb", "pl"},
		Trials: 1, MIn: 11, Epochs: 500, LR: 10, Clip: 20, Seed: 1}
}

// Paper: N = 300, α every 0.1 up to 1.5, 21 m_in, two trials, 3000 epochs
// (the Ising basins' training).
func (VectorMemory) Paper() VectorMemory {
	c := VectorMemory{}.Quick()
	c.N, c.Alphas, c.MIn, c.Trials, c.Epochs = 300, append([]float64{0.05}, sweep.Grid(0.1, 1.5, 0.1)...), 21, 2, 3000
	return c
}

// LRFor is the learning rate of dimension d: LR·d. Near J = 0 the Hessian
// of a site's vector loss is λ² A_d′(0) C/N with A_d′(0) = 1/d and C the
// correlation of the Nd spin components, whose top eigenvalue for random
// unit vectors is (1 + √(Nd/P))²/d; the stable rate 2N/(λ² ρ) is thus
// between d and d² times Ising's. LR·d keeps every d as far below its
// stable rate as d = 1 is, so that each d follows the gradient flow: at
// d = 1 a rate 30 times Ising's (300, once the default) overshoots and
// ends at couplings with a smaller basin (0.21 instead of 0.37 at
// α = 0.4, N = 100), while d = 2, 3 are insensitive to the rate.
func (c VectorMemory) LRFor(d int) float64 { return c.LR * float64(d) }

func (c VectorMemory) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 10)
	if len(c.Dims) == 0 {
		v.Fail("Dims", "needs at least one dimension")
	}
	maxD := 1
	for _, d := range c.Dims {
		if d < 1 || d > 8 {
			v.Fail("Dims", "each d must be in [1, 8], got %v", c.Dims)
			break
		}
		maxD = max(maxD, d)
	}
	v.Loads("Alphas", c.Alphas, 0)
	if len(c.Rules) == 0 {
		v.Fail("Rules", "needs at least one rule")
	}
	for _, r := range c.Rules {
		if r != "hebb" && r != "pl" {
			v.Fail("Rules", "unknown rule %q (hebb, pl)", r)
		}
	}
	v.AtLeast("Trials", c.Trials, 1)
	v.AtLeast("MIn", c.MIn, 2)
	v.Training(c.Epochs, c.LR, c.Clip)
	if v.Err == nil {
		nd, p := c.N*maxD, sweep.MaxCount(c.Alphas, c.N)
		v.Memory(append([]int64{limits.Must(4*4, nd, nd), limits.Must(4*4, p, c.Trials, nd)}, sweep.BasinBytes(p, nd, c.Trials, c.MIn)...)...)
	}
	return v.Err
}

// VectorPoint is one (rule, d, α).
type VectorPoint struct {
	Rule      string  `json:"rule"`
	D         int     `json:"d"`
	Alpha     float64 `json:"alpha"`
	P         int     `json:"p"`
	BasinSize float64 `json:"basin_size"`
	// Retrieval is the mean final overlap from the patterns themselves.
	Retrieval float64         `json:"retrieval"`
	Curve     *plm.BasinCurve `json:"curve"`
}

// VectorMemoryResult holds every point, rule-major, then d, then α.
type VectorMemoryResult struct {
	Config VectorMemory  `json:"config"`
	Points []VectorPoint `json:"points"`
}

type vectorCell struct {
	rule  string
	d, ia int
}

func (c VectorMemory) cells() []vectorCell {
	var out []vectorCell
	for _, r := range c.Rules {
		for _, d := range c.Dims {
			for ia := range c.Alphas {
				out = append(out, vectorCell{r, d, ia})
			}
		}
	}
	return out
}

func ruleLabel(r string) string {
	if r == "pl" {
		return "PL"
	}
	return "Hebb"
}

// Points: a PL training costs Epochs passes of P·(Nd)² multiply-adds;
// every curve about 20 synchronous steps per start.
func (c VectorMemory) Points() []experiment.GridPoint {
	var pts []experiment.GridPoint
	for _, cell := range c.cells() {
		a := c.Alphas[cell.ia]
		p, nd := float64(sweep.Count(a, c.N)), float64(c.N*cell.d)
		passes := 1.0
		if cell.rule == "pl" {
			passes = float64(c.Epochs)
		}
		pts = append(pts, experiment.GridPoint{Label: fmt.Sprintf("%s d=%d α=%g", ruleLabel(cell.rule), cell.d, a),
			Cost: (passes + 20*float64(c.MIn*c.Trials)) * p * nd * nd})
	}
	return pts
}

func (c VectorMemory) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, VectorPoint) error) error {
	cells, pts := c.cells(), c.Points()
	mIn := make([]float64, c.MIn)
	for k := range mIn {
		mIn[k] = float64(k) / float64(c.MIn-1)
	}
	for j, k := range idx {
		cell := cells[k]
		t.At(j, pts[k].Label)
		a := c.Alphas[cell.ia]
		p := sweep.Count(a, c.N)
		// Hebb and PL see the same patterns at each (d, α).
		x, err := plm.RandomVectorPatterns(p, c.N, cell.d, sweep.NewRand(c.Seed, uint64(1000*cell.d+cell.ia)))
		if err != nil {
			return err
		}
		var J *plm.VectorCouplings
		if cell.rule == "pl" {
			J, err = plm.VectorPseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LRFor(cell.d), GradClip: c.Clip, Progress: t.Training(c.Epochs)}.Couplings(ctx, x)
		} else {
			J, err = plm.VectorHebb(x)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", pts[k].Label, err)
		}
		curve, err := plm.VectorBasins(ctx, J, x, plm.BasinSettings{MIn: mIn, Trials: c.Trials, Seed: c.Seed + uint64(1000*cell.d+cell.ia),
			Progress: func(d, tot int) { t.Detail("basins: m_in %d/%d", d, tot) }}, plm.VectorDynamics{})
		if err != nil {
			return err
		}
		size, err := plm.BasinSize(curve, plm.DefaultBasinEpsilon)
		if err != nil {
			return err
		}
		if err := emit(k, VectorPoint{Rule: cell.rule, D: cell.d, Alpha: a, P: p, BasinSize: size, Retrieval: curve.MF[len(curve.MF)-1], Curve: curve}); err != nil {
			return err
		}
	}
	return nil
}

func (c VectorMemory) Assemble(units []VectorPoint) (*VectorMemoryResult, error) {
	return &VectorMemoryResult{Config: c, Points: units}, nil
}

func (c VectorMemory) Run(ctx context.Context, progress experiment.Progress) (*VectorMemoryResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// series returns the points of one rule and d, in α order.
func (r *VectorMemoryResult) series(rule string, d int) []VectorPoint {
	var out []VectorPoint
	for _, p := range r.Points {
		if p.Rule == rule && p.D == d {
			out = append(out, p)
		}
	}
	return out
}

// Figures: basin size against α = P/N, against P/(Nd), and the overlap
// reached from the patterns themselves.
func (r *VectorMemoryResult) Figures() []*figure.Panel {
	c := r.Config
	size := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Vector spins, N = %d: basin size against α = P/N", c.N),
		XLabel: "α = P/N", YLabel: "basin size 1 − m_in*"}
	scaled := &figure.Panel{Panel: c.Name() + "-scaled", Config: c, Title: "The same against P/(Nd)", XLabel: "P/(Nd)", YLabel: "basin size 1 − m_in*"}
	ret := &figure.Panel{Panel: c.Name() + "-retrieval", Config: c, Title: "Final overlap from the patterns themselves (m_in = 1)",
		XLabel: "α = P/N", YLabel: "m_F", Legend: "bottom-left"}
	for _, d := range c.Dims {
		for _, rule := range c.Rules {
			name := fmt.Sprintf("%s d=%d", ruleLabel(rule), d)
			var a, a2, b, m []float64
			for _, p := range r.series(rule, d) {
				a, a2 = append(a, p.Alpha), append(a2, p.Alpha/float64(d))
				b, m = append(b, p.BasinSize), append(m, p.Retrieval)
			}
			dashed := rule == "hebb"
			size.Series = append(size.Series, figure.Series{Name: name, X: a, Y: b, Dashed: dashed})
			scaled.Series = append(scaled.Series, figure.Series{Name: name, X: a2, Y: b, Dashed: dashed})
			ret.Series = append(ret.Series, figure.Series{Name: name, X: a, Y: m, Dashed: dashed})
		}
	}
	size.Params = map[string]any{"epsilon": plm.DefaultBasinEpsilon, "dynamics": "synchronous S_i ← h_i/|h_i| to a fixed point (Tol 1e-6) or 2-cycle, cap 1000 steps",
		"noise": "d ≥ 2: every spin rotated to S_i·ξ_i = m_in (uniform direction orthogonal to ξ_i); d = 1: round(N(1−m_in)/2) spins flipped",
		"pl":    fmt.Sprintf("λ = 1, free norm, Hebb start, %d epochs, learning rate %g·d, clipping %g", c.Epochs, c.LR, c.Clip)}
	return []*figure.Panel{size, scaled, ret}
}

// CurvesAt draws m_F against m_in for every rule and d at the load of the
// grid nearest alpha.
func (r *VectorMemoryResult) CurvesAt(alpha float64) *figure.Panel {
	c := r.Config
	best := c.Alphas[0]
	for _, a := range c.Alphas {
		if math.Abs(a-alpha) < math.Abs(best-alpha) {
			best = a
		}
	}
	p := &figure.Panel{Panel: c.Name() + "-curves", Config: c, Title: fmt.Sprintf("Retrieval from noisy starts, α = %g, N = %d", best, c.N),
		XLabel: "initial overlap m_in", YLabel: "final overlap m_F", Legend: "top-left"}
	for _, d := range c.Dims {
		for _, rule := range c.Rules {
			for _, pt := range r.series(rule, d) {
				if pt.Alpha == best {
					p.Series = append(p.Series, figure.Series{Name: fmt.Sprintf("%s d=%d", ruleLabel(rule), d), X: pt.Curve.MIn, Y: pt.Curve.MF,
						YErr: pt.Curve.MFStdErr, Dashed: rule == "hebb"})
				}
			}
		}
	}
	return p
}
