package randomfeatures

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[RandomFeatures, [6]float64, *RandomFeaturesResult]("random features: heat maps over (α_D, α) of the final overlap from training examples, features and test examples (PL and Hebb)", true)
	experiment.Register[RFExamples, *RFExamplesResult]("random features: a few features and the training examples built from them", false)
}

// RandomFeatures trains PL (and builds Hebb) on examples of the
// random-features model at every point of a grid over (α_D, α) and
// measures the final overlap reached from the training examples, the
// features and fresh test examples: memorization turns into
// generalization as α grows.
type RandomFeatures struct {
	N       int       `json:"n" help:"number of spins N"`
	L       int       `json:"l" help:"non-zero coefficients per example (0: all D)"`
	AlphaDs []float64 `json:"alpha_ds" help:"feature loads α_D = D/N (columns)"`
	Alphas  []float64 `json:"alphas" help:"loads α = P/N (rows)"`
	// Zoom is a second grid over small α_D with the same α; empty for none.
	Zoom   []float64 `json:"zoom" help:"feature loads of a second grid at small α_D (empty: none)"`
	Test   int       `json:"test" help:"test examples per grid point"`
	Epochs int       `json:"epochs" help:"PL epochs per grid point (λ = 1, free norm, Hebb start)"`
	LR     float64   `json:"lr" help:"PL learning rate"`
	Clip   float64   `json:"clip" help:"PL gradient-norm clipping"`
	Steps  int       `json:"steps" help:"synchronous steps: 0 runs to a fixed point or cycle (cap 1000); K > 0 exactly K steps (authors: 100)"`
	Seed   uint64    `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (RandomFeatures) Name() string { return "rf" }

// Quick: N = 200 on 6×6 grids (about a minute).
func (RandomFeatures) Quick() RandomFeatures {
	return RandomFeatures{N: 200, L: 3, AlphaDs: []float64{0.02, 0.05, 0.1, 0.2, 0.5, 1}, Alphas: []float64{0.1, 0.3, 0.5, 1, 1.5, 2.1},
		Zoom: []float64{0.005, 0.01, 0.02, 0.03, 0.04, 0.05}, Test: 200, Epochs: 200, LR: 10, Clip: 20, Seed: 1}
}

// Paper: N = 500 on 10×10 grids, 500 epochs.
func (RandomFeatures) Paper() RandomFeatures {
	return RandomFeatures{N: 500, L: 3,
		AlphaDs: []float64{0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.5, 2},
		Alphas:  []float64{0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.3, 1.6, 1.9, 2.1},
		Zoom:    []float64{0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05},
		Test:    200, Epochs: 500, LR: 10, Clip: 20, Seed: 1}
}

func (c RandomFeatures) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 20)
	v.AtLeast("L", c.L, 0)
	v.Loads("AlphaDs", c.AlphaDs, 0)
	v.Loads("Alphas", c.Alphas, 0)
	if len(c.Zoom) > 0 {
		v.Loads("Zoom", c.Zoom, 0)
	}
	v.AtLeast("Test", c.Test, 1)
	v.Training(c.Epochs, c.LR, c.Clip)
	v.AtLeast("Steps", c.Steps, 0)
	if v.Err == nil {
		d := sweep.MaxCount(append(append([]float64{}, c.AlphaDs...), c.Zoom...), c.N)
		v.Memory(append(sweep.CouplingBytes(sweep.MaxCount(c.Alphas, c.N), c.N), limits.Must(4, d, c.N), limits.Must(4, c.Test, c.N))...)
	}
	return v.Err
}

// rfMaps are the six maps of a grid, in order.
var rfMaps = []string{"train PL", "features PL", "test PL", "train hebb", "features hebb", "test hebb"}

// RandomFeaturesResult holds the grids of mean final overlaps.
type RandomFeaturesResult struct {
	Config RandomFeatures `json:"config"`
	Grid   RFGrid         `json:"grid"`
	Zoom   RFGrid         `json:"zoom"`
}

// RFGrid is one grid: Z[m][iy][ix] is map rfMaps[m] at (AlphaDs[ix], α_iy).
type RFGrid struct {
	AlphaDs []float64     `json:"alpha_ds"`
	Z       [][][]float64 `json:"z"`
}

func (c RandomFeatures) Run(ctx context.Context, progress experiment.Progress) (*RandomFeaturesResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// rfCell is a grid point: (α_D index, α index) of the main or zoom grid.
type rfCell struct {
	zoom   bool
	ix, iy int
}

// cells lists the grid points: main grid then zoom, column by column.
func (c RandomFeatures) cells() []rfCell {
	var out []rfCell
	for g, aDs := range [][]float64{c.AlphaDs, c.Zoom} {
		for ix := range aDs {
			for iy := range c.Alphas {
				out = append(out, rfCell{g == 1, ix, iy})
			}
		}
	}
	return out
}

func (c RandomFeatures) alphaD(cell rfCell) float64 {
	if cell.zoom {
		return c.Zoom[cell.ix]
	}
	return c.AlphaDs[cell.ix]
}

// Points are the cells; a cell costs its PL training (Epochs passes over P
// examples) and the dynamics from P + D + Test starts for both rules.
func (c RandomFeatures) Points() []experiment.GridPoint {
	steps := float64(c.Steps)
	if steps == 0 {
		steps = 20
	}
	var pts []experiment.GridPoint
	for _, cell := range c.cells() {
		aD, a := c.alphaD(cell), c.Alphas[cell.iy]
		p, d := float64(sweep.Count(a, c.N)), float64(sweep.Count(aD, c.N))
		label := fmt.Sprintf("α_D=%g α=%g", aD, a)
		if cell.zoom {
			label += " (zoom)"
		}
		pts = append(pts, experiment.GridPoint{Label: label, Cost: (p*float64(c.Epochs) + 2*steps*(p+d+float64(c.Test))) * float64(c.N*c.N)})
	}
	return pts
}

// RunPoints: every cell draws its examples from its own seed.
func (c RandomFeatures) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, [6]float64) error) error {
	dyn, _ := sweep.DynamicsOf(c.Steps)
	cells, pts := c.cells(), c.Points()
	for j, k := range idx {
		cell := cells[k]
		aD, a := c.alphaD(cell), c.Alphas[cell.iy]
		d := sweep.Count(aD, c.N)
		fd, err := data.RandomFeatures{N: c.N, D: d, L: min(c.L, d), Seed: c.Seed + uint64(1000*cell.ix+cell.iy)}.Generate(sweep.Count(a, c.N), c.Test)
		if err != nil {
			return err
		}
		var z [6]float64
		for r, rule := range []plm.Rule{
			plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, GradClip: c.Clip, Progress: t.Training(c.Epochs)},
			plm.Hebb{},
		} {
			t.At(j, pts[k].Label+" "+rfMaps[3*r][len("train "):])
			J, err := rule.Couplings(ctx, fd.Train)
			if err != nil {
				return err
			}
			for s, starts := range []*plm.Patterns{fd.Train, fd.Features, fd.Test} {
				if z[3*r+s], err = sweep.MeanSelf(ctx, J, starts, dyn); err != nil {
					return err
				}
			}
		}
		if err := emit(k, z); err != nil {
			return err
		}
	}
	return nil
}

func (c RandomFeatures) Assemble(units [][6]float64) (*RandomFeaturesResult, error) {
	res := &RandomFeaturesResult{Config: c, Grid: RFGrid{AlphaDs: c.AlphaDs}, Zoom: RFGrid{AlphaDs: c.Zoom}}
	for _, g := range []struct {
		grid *RFGrid
		zoom bool
	}{{&res.Grid, false}, {&res.Zoom, true}} {
		if len(g.grid.AlphaDs) == 0 {
			continue
		}
		g.grid.Z = make([][][]float64, len(rfMaps))
		for m := range g.grid.Z {
			g.grid.Z[m] = make([][]float64, len(c.Alphas))
			for iy := range c.Alphas {
				g.grid.Z[m][iy] = make([]float64, len(g.grid.AlphaDs))
			}
		}
	}
	for k, cell := range c.cells() {
		g := &res.Grid
		if cell.zoom {
			g = &res.Zoom
		}
		for m, v := range units[k] {
			g.Z[m][cell.iy][cell.ix] = v
		}
	}
	return res, nil
}

// Figures: the heat maps (main grid, then zoom), or, for a grid of one
// column, the overlaps against α as curves.
func (r *RandomFeaturesResult) Figures() []*figure.Panel {
	c := r.Config
	if len(r.Grid.AlphaDs) == 1 && len(r.Zoom.AlphaDs) == 0 {
		return []*figure.Panel{r.Slice(0)}
	}
	_, dynText := sweep.DynamicsOf(c.Steps)
	p := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Random features, N = %d, L = %d: final overlap", c.N, c.L),
		XLabel: "α_D = D/N", YLabel: "α = P/N"}
	for _, g := range []struct {
		suffix string
		grid   RFGrid
	}{{"", r.Grid}, {" (zoom)", r.Zoom}} {
		for m, name := range rfMaps {
			if m < len(g.grid.Z) {
				p.Heatmaps = append(p.Heatmaps, figure.Heatmap{Name: name + g.suffix, X: g.grid.AlphaDs, Y: c.Alphas, Z: g.grid.Z[m]})
			}
		}
	}
	p.Params = map[string]any{"pl_lambda": 1, "dynamics": dynText,
		"z": "mean Mattis overlap of the final state with the start (training example, feature or test example)"}
	return []*figure.Panel{p}
}

// Slice draws column ix of the main grid (one α_D) as curves against α:
// PL solid, Hebb dashed.
func (r *RandomFeaturesResult) Slice(ix int) *figure.Panel {
	c := r.Config
	aD := r.Grid.AlphaDs[ix]
	p := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Final overlap from each kind of start, α_D = %g, N = %d, L = %d", aD, c.N, c.L),
		XLabel: "α = P/N", YLabel: "mean final overlap", Legend: "bottom-left"}
	for m, name := range rfMaps {
		s := figure.Series{Name: name, X: c.Alphas, Dashed: m >= 3}
		for iy := range c.Alphas {
			s.Y = append(s.Y, r.Grid.Z[m][iy][ix])
		}
		p.Series = append(p.Series, s)
	}
	return p
}

// RFExamples draws a few features of the random-features model and
// training examples, each captioned with the features it carries.
type RFExamples struct {
	N        int    `json:"n" help:"number of spins N"`
	D        int    `json:"d" help:"number of features"`
	L        int    `json:"l" help:"non-zero coefficients per example (0: all D)"`
	Features int    `json:"features" help:"features drawn"`
	Examples int    `json:"examples" help:"examples drawn"`
	Seed     uint64 `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (RFExamples) Name() string { return "rf-examples" }

// Quick and Paper: N = 200, 10 features.
func (RFExamples) Quick() RFExamples {
	return RFExamples{N: 200, D: 10, L: 3, Features: 5, Examples: 6, Seed: 1}
}

func (RFExamples) Paper() RFExamples { return RFExamples{}.Quick() }

func (c RFExamples) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 4)
	v.AtLeast("D", c.D, 1)
	v.AtLeast("L", c.L, 0)
	if c.L > c.D {
		v.Fail("L", "must be ≤ D = %d, got %d", c.D, c.L)
	}
	v.AtLeast("Features", c.Features, 1)
	if c.Features > c.D {
		v.Fail("Features", "must be ≤ D = %d, got %d", c.D, c.Features)
	}
	v.AtLeast("Examples", c.Examples, 1)
	v.Memory(limits.Must(4*3, c.D, c.N), limits.Must(4*3, c.Examples, c.N))
	return v.Err
}

// RFExamplesResult holds the drawn configurations.
type RFExamplesResult struct {
	Config   RFExamples  `json:"config"`
	Features [][]float32 `json:"features"`
	Examples [][]float32 `json:"examples"`
	// Carries lists, per example, the features it overlaps with by more
	// than 0.3, as "+f3" or "−f1".
	Carries [][]string `json:"carries"`
}

func (c RFExamples) Run(ctx context.Context, progress experiment.Progress) (*RFExamplesResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	fd, err := data.RandomFeatures{N: c.N, D: c.D, L: c.L, Seed: c.Seed}.Generate(c.Examples, 0)
	if err != nil {
		return nil, err
	}
	o, err := plm.OverlapMatrix(fd.Train, fd.Features)
	if err != nil {
		return nil, err
	}
	res := &RFExamplesResult{Config: c}
	for k := 0; k < c.Features; k++ {
		res.Features = append(res.Features, sweep.Clone32(fd.Features.Row(k)))
	}
	for mu := 0; mu < c.Examples; mu++ {
		var with []string
		for k, v := range o[mu] {
			if math.Abs(v) > 0.3 {
				sign := "+"
				if v < 0 {
					sign = "−"
				}
				with = append(with, fmt.Sprintf("%sf%d", sign, k+1))
			}
		}
		res.Examples, res.Carries = append(res.Examples, sweep.Clone32(fd.Train.Row(mu))), append(res.Carries, with)
	}
	return res, nil
}

// Figures: the features, then the examples.
func (r *RFExamplesResult) Figures() []*figure.Panel {
	c := r.Config
	w, h := sweep.ImageShape(c.N)
	f := &figure.Images{Width: w, Height: h, Cols: max(len(r.Features), len(r.Examples)), Spins: r.Features}
	for k := range r.Features {
		f.Captions = append(f.Captions, fmt.Sprintf("feature %d", k+1))
	}
	e := &figure.Images{Width: w, Height: h, Cols: f.Cols, Spins: r.Examples}
	for _, with := range r.Carries {
		e.Captions = append(e.Captions, fmt.Sprint(with))
	}
	return []*figure.Panel{
		{Panel: c.Name(), Config: c, Title: "Features", Images: f},
		{Panel: c.Name() + "-train", Config: c, Title: "Training examples and the features they carry", Images: e},
	}
}
