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
	experiment.Register[CleanPattern, *CleanPatternResult]("a corrupted pattern cleaned step by step by PL couplings (synchronous dynamics)", false)
}

// CleanPattern trains PL couplings on random patterns, corrupts the first
// pattern to overlap MIn and shows the synchronous dynamics step by step.
type CleanPattern struct {
	N      int     `json:"n" help:"number of spins N"`
	Alpha  float64 `json:"alpha" help:"load α = P/N"`
	Epochs int     `json:"epochs" help:"PL training epochs (λ = 1, free norm, Hebb start)"`
	LR     float64 `json:"lr" help:"PL learning rate on the mean loss"`
	MIn    float64 `json:"m_in" help:"initial overlap with the pattern"`
	Steps  int     `json:"steps" help:"synchronous steps shown at most"`
	Seed   uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (CleanPattern) Name() string { return "clean-pattern" }

// Quick: N = 200 (seconds).
func (CleanPattern) Quick() CleanPattern {
	return CleanPattern{N: 200, Alpha: 0.4, Epochs: 500, LR: 10, MIn: 0.5, Steps: 12, Seed: 1}
}

// Paper: N = 1000.
func (CleanPattern) Paper() CleanPattern { c := CleanPattern{}.Quick(); c.N = 1000; return c }

func (c CleanPattern) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 4)
	v.Positive("Alpha", c.Alpha)
	v.Training(c.Epochs, c.LR, experiment.NoClip)
	v.Within("MIn", c.MIn, -1, 1)
	v.AtLeast("Steps", c.Steps, 1)
	v.Memory(sweep.CouplingBytes(sweep.Count(c.Alpha, c.N), c.N)...)
	return v.Err
}

// CleanPatternResult holds the states along the dynamics.
type CleanPatternResult struct {
	Config  CleanPattern `json:"config"`
	Pattern []float32    `json:"pattern"`
	States  [][]float32  `json:"states"` // x(0), x(1), … until a fixed point or Steps
	Overlap []float64    `json:"overlap"`
}

func (c CleanPattern) Run(ctx context.Context, progress experiment.Progress) (*CleanPatternResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	xi, err := plm.RandomPatterns(sweep.Count(c.Alpha, c.N), c.N, sweep.NewRand(c.Seed, 1))
	if err != nil {
		return nil, err
	}
	t := experiment.NewTracker(c.Name(), 1, progress)
	t.At(0, "PL training")
	J, err := plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, GradClip: 20, Progress: t.Training(c.Epochs)}.Couplings(ctx, xi)
	if err != nil {
		return nil, err
	}
	pattern := sweep.Clone32(xi.Row(0))
	x := sweep.Clone32(pattern)
	for _, j := range sweep.NewRand(c.Seed, 7).Perm(c.N)[:plm.FlipsForOverlap(c.N, c.MIn)] {
		x[j] = -x[j]
	}
	res := &CleanPatternResult{Config: c, Pattern: pattern}
	for step := 0; step <= c.Steps; step++ {
		m, err := plm.Overlap(x, pattern)
		if err != nil {
			return nil, err
		}
		res.States, res.Overlap = append(res.States, sweep.Clone32(x)), append(res.Overlap, m)
		state, err := plm.PatternsFromData(1, c.N, sweep.Clone32(x))
		if err != nil {
			return nil, err
		}
		r, err := plm.Dynamics{MaxSteps: 1}.Run(ctx, J, state)
		if err != nil {
			return nil, err
		}
		if r.Steps[0] == 0 {
			break
		}
		x = r.Final.Row(0)
	}
	t.Finish()
	return res, nil
}

// Figures: the states, then where they agree with the pattern.
func (r *CleanPatternResult) Figures() []*figure.Panel {
	c := r.Config
	w, h := sweep.ImageShape(c.N)
	states := &figure.Images{Width: w, Height: h, Cols: len(r.States)}
	agree := &figure.Images{Width: w, Height: h, Cols: len(r.States)}
	for t, x := range r.States {
		a := make([]float32, len(x))
		for i := range a {
			a[i] = x[i] * r.Pattern[i]
		}
		states.Spins, states.Captions = append(states.Spins, x), append(states.Captions, fmt.Sprintf("t = %d", t))
		agree.Spins, agree.Captions = append(agree.Spins, a), append(agree.Captions, fmt.Sprintf("m = %.3f", r.Overlap[t]))
	}
	return []*figure.Panel{
		{Panel: c.Name(), Config: c, Title: fmt.Sprintf("A pattern cleaned from m_in = %g", c.MIn), Images: states},
		{Panel: c.Name() + "-agreement", Config: c, Title: "Sites that agree with the pattern (dark)", Images: agree},
	}
}
