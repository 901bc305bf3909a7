package basins

import (
	"context"
	"fmt"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[BasinSize, plm.LoadPoint, *BasinSizeResult]("basin size 1 − m_in* against the load α for asymmetric and symmetric PL couplings", true)
}

// BasinSize measures the basin size of PL couplings against the load, for
// asymmetric and symmetric (J = Jᵀ) training: fresh random patterns at
// every α, the basin protocol on a grid of m_in, ε = 0.05.
type BasinSize struct {
	N      int       `json:"n" help:"number of spins N"`
	Alphas []float64 `json:"alphas" help:"loads α = P/N"`
	Trials int       `json:"trials" help:"noisy starts per pattern and m_in"`
	MIn    int       `json:"m_in_points" help:"points of the m_in grid over [0, 1]"`
	Epochs int       `json:"epochs" help:"PL training epochs (λ = 1, free norm, Hebb start)"`
	LR     float64   `json:"lr" help:"PL learning rate on the mean loss"`
	Clip   float64   `json:"clip" help:"PL gradient-norm clipping"`
	Seed   uint64    `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (BasinSize) Name() string { return "basin-size" }

// Quick runs in about a minute and a half.
func (BasinSize) Quick() BasinSize {
	return BasinSize{N: 200, Alphas: sweep.Grid(0.1, 1.5, 0.1), Trials: 1, MIn: 51, Epochs: 500, LR: 100, Clip: 20, Seed: 1}
}

// Paper: N = 500, α every 0.05, 5 trials, 1000 epochs.
func (BasinSize) Paper() BasinSize {
	return BasinSize{N: 500, Alphas: sweep.Grid(0.1, 1.5, 0.05), Trials: 5, MIn: 51, Epochs: 1000, LR: 100, Clip: 20, Seed: 1}
}

func (c BasinSize) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 10)
	v.Loads("Alphas", c.Alphas, 0)
	v.AtLeast("Trials", c.Trials, 1)
	v.AtLeast("MIn", c.MIn, 2)
	v.Training(c.Epochs, c.LR, c.Clip)
	p := sweep.MaxCount(c.Alphas, c.N)
	v.Memory(append(sweep.CouplingBytes(p, c.N), sweep.BasinBytes(p, c.N, c.Trials, c.MIn)...)...)
	return v.Err
}

// BasinSizeResult holds the sweep of each training variant.
type BasinSizeResult struct {
	Config     BasinSize       `json:"config"`
	Asymmetric []plm.LoadPoint `json:"asymmetric"`
	Symmetric  []plm.LoadPoint `json:"symmetric"`
}

func (c BasinSize) Run(ctx context.Context, progress experiment.Progress) (*BasinSizeResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// Points are (variant, α): asymmetric loads first. A point costs its
// training (Epochs passes over P patterns of N² couplings) and its basin
// measurement (about ten steps per start).
func (c BasinSize) Points() []experiment.GridPoint {
	var pts []experiment.GridPoint
	for _, sym := range []bool{false, true} {
		for _, a := range c.Alphas {
			p := float64(sweep.Count(a, c.N))
			pts = append(pts, experiment.GridPoint{Label: fmt.Sprintf("%s α=%g", variantName(sym), a),
				Cost: p * float64(c.N) * float64(c.N) * float64(c.Epochs+10*c.Trials*c.MIn)})
		}
	}
	return pts
}

func (c BasinSize) sweep(sym bool, t *experiment.Tracker) plm.LoadSweep {
	mIn := make([]float64, c.MIn)
	for k := range mIn {
		mIn[k] = float64(k) / float64(c.MIn-1)
	}
	return plm.LoadSweep{
		N: c.N, Alphas: c.Alphas, Seed: c.Seed,
		Basin: plm.BasinSettings{MIn: mIn, Trials: c.Trials, Seed: c.Seed},
		Rule: func(a float64) plm.Rule {
			return plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, GradClip: c.Clip, Symmetric: sym, Progress: t.Training(c.Epochs)}
		},
	}
}

func (c BasinSize) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, plm.LoadPoint) error) error {
	pts := c.Points()
	for j, k := range idx {
		t.At(j, pts[k].Label)
		sym := k >= len(c.Alphas)
		pt, err := c.sweep(sym, t).Point(ctx, k%len(c.Alphas))
		if err != nil {
			return fmt.Errorf("%s: %w", variantName(sym), err)
		}
		if err := emit(k, pt); err != nil {
			return err
		}
	}
	return nil
}

func (c BasinSize) Assemble(u []plm.LoadPoint) (*BasinSizeResult, error) {
	n := len(c.Alphas)
	return &BasinSizeResult{Config: c, Asymmetric: u[:n], Symmetric: u[n:]}, nil
}

func variantName(sym bool) string {
	if sym {
		return "symmetric"
	}
	return "asymmetric"
}

// Figures: basin size against α, then the fraction of stored patterns and
// the asymmetry of the couplings.
func (r *BasinSizeResult) Figures() []*figure.Panel {
	c := r.Config
	size := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Basin size of PL couplings, N = %d", c.N),
		XLabel: "load α = P/N", YLabel: "basin size 1 − m_in*"}
	stored := &figure.Panel{Panel: c.Name() + "-stored", Config: c, Title: "Fraction of stored patterns",
		XLabel: "load α = P/N", YLabel: "fraction", Legend: "bottom-left"}
	asym := &figure.Panel{Panel: c.Name() + "-asymmetry", Config: c, Title: "Asymmetry ‖J − Jᵀ‖²/4‖J‖² of the couplings",
		XLabel: "load α = P/N", YLabel: "asymmetry"}
	params := map[string]any{
		"pl_lambda": 1, "epsilon": plm.DefaultBasinEpsilon, "dynamics": "synchronous, to a fixed point (cap 1000 steps)",
		"alpha_c": map[string]float64{"asymmetric": 2, "symmetric": 1},
	}
	for _, sym := range []bool{false, true} {
		pts, name := r.Asymmetric, variantName(sym)
		if sym {
			pts = r.Symmetric
		}
		var a, b, f, y []float64
		for _, p := range pts {
			a, b, f, y = append(a, p.Alpha), append(b, p.BasinSize), append(f, p.Stored), append(y, p.Asymmetry)
		}
		size.Series = append(size.Series, figure.Series{Name: name, X: a, Y: b})
		stored.Series = append(stored.Series, figure.Series{Name: name, X: a, Y: f})
		asym.Series = append(asym.Series, figure.Series{Name: name, X: a, Y: y})
		params["stored_"+name], params["asymmetry_"+name] = f, y
	}
	stored.Series = append(stored.Series, figure.Line("α_c = 1 (symmetric)", 1, 0, 1, 1), figure.Line("α_c = 2 (asymmetric)", 2, 0, 2, 1))
	size.Params = params
	return []*figure.Panel{size, stored, asym}
}
