package userdata

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/plm"
)

// Train is how couplings are learnt from the patterns.
type Train struct {
	// Method is "descent" (the paper's protocol: gradient descent on the
	// mean PL loss from Hebb's couplings) or "minimum" (L-BFGS to the
	// minimum of the loss with a Gaussian prior of strength Prior).
	Method    string  `json:"method" help:"descent (the paper's gradient descent) or minimum (L-BFGS with a prior)"`
	Symmetric bool    `json:"symmetric" help:"symmetric couplings (J = Jᵀ throughout)"`
	Lambda    float64 `json:"lambda" help:"inverse temperature λ in the loss"`
	FixedNorm bool    `json:"fixed_norm" help:"rows kept on the unit sphere with λ explicit (descent); otherwise λ = 1 and the norm is free"`
	LR        float64 `json:"lr" help:"learning rate (descent)"`
	Epochs    int     `json:"epochs" help:"full-batch epochs (descent)"`
	Prior     float64 `json:"prior" help:"L2 prior strength, penalty (prior/2)·Σ_j J_ij² per row (minimum)"`
}

// DefaultTrain is the paper's protocol for random patterns: λ = 1, free
// norm, learning rate 10, 500 epochs from Hebb.
func DefaultTrain() Train {
	return Train{Method: "descent", Lambda: 1, LR: 10, Epochs: 500, Prior: 1e-3}
}

// Validate checks the choices.
func (t Train) Validate() error {
	var errs []error
	switch t.Method {
	case "descent":
		if !(t.LR > 0) || math.IsInf(t.LR, 0) || t.Epochs < 1 {
			errs = append(errs, fmt.Errorf("train: descent needs a learning rate > 0 and ≥ 1 epoch, got %v and %d", t.LR, t.Epochs))
		}
	case "minimum":
		if t.Symmetric {
			errs = append(errs, errors.New("train: the minimum is computed row by row (asymmetric); use -method descent for symmetric couplings"))
		}
		if !(t.Prior >= 0) || math.IsInf(t.Prior, 0) {
			errs = append(errs, fmt.Errorf("train: prior must be finite and ≥ 0, got %v", t.Prior))
		}
	default:
		errs = append(errs, fmt.Errorf("train: method %q is not descent or minimum", t.Method))
	}
	if !(t.Lambda > 0) || t.Lambda > plm.MaxLambda {
		errs = append(errs, fmt.Errorf("train: λ must be in (0, %g], got %v", plm.MaxLambda, t.Lambda))
	}
	return errors.Join(errs...)
}

// Summary describes trained couplings on their patterns.
type Summary struct {
	N, P   int
	Alpha  float64
	Stored float64 // fraction of patterns that are fixed points
	// Lambda is the mean row norm of J: the effective inverse temperature
	// of a free-norm training.
	Lambda float64
	// MinStability and MeanStability of Δ_i^μ = ξ_i h_i / ‖J_i‖.
	MinStability, MeanStability float64
	Loss                        float64 // final training loss (NaN for the minimum)
}

// Result is trained couplings and their summary.
type Result struct {
	J       *plm.Couplings
	Summary Summary
}

// Run trains couplings on xi; progress gets one report per epoch or
// L-BFGS iteration.
func Run(ctx context.Context, t Train, xi *plm.Patterns, progress experiment.Progress) (*Result, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if xi == nil {
		return nil, errors.New("train: no patterns")
	}
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(experiment.Report) {}
	}
	step := fmt.Sprintf("%s, P = %d, N = %d", t.Method, xi.P, xi.N)
	loss := math.NaN()
	var J *plm.Couplings
	switch t.Method {
	case "descent":
		tr, err := plm.PseudoLikelihood{Lambda: t.Lambda, LearningRate: t.LR, Epochs: t.Epochs, FixedNorm: t.FixedNorm, Symmetric: t.Symmetric,
			Progress: func(e plm.EpochLog) {
				progress(experiment.Report{Experiment: "train", Done: e.Epoch, Total: t.Epochs, Step: step,
					Detail: fmt.Sprintf("loss %.4g · stored %.3f · λ %.3g", e.Loss, e.Stored, e.Lambda)})
			}}.Train(ctx, xi)
		if err != nil {
			return nil, err
		}
		J = tr.J
		if n := len(tr.Log); n > 0 {
			loss = tr.Log[n-1].Loss
		}
	case "minimum":
		tr, err := plm.PLMinimum{Lambda: t.Lambda, L2: t.Prior, Progress: func(e plm.MinimumLog) {
			progress(experiment.Report{Experiment: "train", Done: e.Iteration, Total: 1000, Step: step})
		}}.Train(ctx, xi)
		if err != nil {
			return nil, err
		}
		J = tr.J
	}
	s, err := Summarise(J, xi)
	if err != nil {
		return nil, err
	}
	s.Loss = loss
	return &Result{J: J, Summary: *s}, nil
}

// Summarise measures couplings on patterns.
func Summarise(J *plm.Couplings, xi *plm.Patterns) (*Summary, error) {
	stab, err := plm.Stabilities(J, xi)
	if err != nil {
		return nil, err
	}
	stored, err := plm.FixedPointFraction(J, xi)
	if err != nil {
		return nil, err
	}
	s := &Summary{N: xi.N, P: xi.P, Alpha: xi.Alpha(), Stored: stored, MinStability: math.Inf(1)}
	for _, v := range stab {
		s.MinStability = min(s.MinStability, v)
		s.MeanStability += v / float64(len(stab))
	}
	n := J.N
	for i := range n {
		r := 0.0
		for _, v := range J.W[i*n : (i+1)*n] {
			r += float64(v) * float64(v)
		}
		s.Lambda += math.Sqrt(r) / float64(n)
	}
	return s, nil
}

// Basins measures the basin curve of the patterns under J (synchronous
// dynamics to a fixed point) and the basin size at tolerance eps.
func Basins(ctx context.Context, J *plm.Couplings, xi *plm.Patterns, trials int, eps float64, seed uint64, progress experiment.Progress) (*plm.BasinCurve, float64, error) {
	if progress == nil {
		progress = func(experiment.Report) {}
	}
	c, err := plm.Basins(ctx, J, xi, plm.BasinSettings{Trials: trials, Seed: seed, Progress: func(done, total int) {
		progress(experiment.Report{Experiment: "basins", Done: done, Total: total, Step: fmt.Sprintf("P = %d, N = %d", xi.P, xi.N)})
	}})
	if err != nil {
		return nil, math.NaN(), err
	}
	size, err := plm.BasinSize(c, eps)
	if err != nil {
		return nil, math.NaN(), err
	}
	return c, size, nil
}

// String is the summary in two lines.
func (s Summary) String() string {
	return fmt.Sprintf("P = %d patterns of N = %d (α = %.3g)\nstored (fixed points): %.3f · λ (mean row norm) %.4g · stability min %.4g, mean %.4g · loss %.4g",
		s.P, s.N, s.Alpha, s.Stored, s.Lambda, s.MinStability, s.MeanStability, s.Loss)
}

// BasinFigure draws a basin curve: the mean final overlap against the
// initial one, with the basin size at eps in the caption.
func BasinFigure(c *plm.BasinCurve, size, eps float64) *figure.Panel {
	return &figure.Panel{Panel: "basins", Title: fmt.Sprintf("Basin of the patterns (P = %d, N = %d)", c.P, c.N),
		XLabel: "initial overlap m_in", YLabel: "final overlap m_F", Legend: "bottom-right",
		Params:  map[string]any{"basin_size": size, "eps": eps},
		Caption: fmt.Sprintf("Basin size 1 − m_in* = %.3f at ε = %g: starts with overlap above m_in* = %.3f end, on average, within ε of the pattern.", size, eps, 1-size),
		Series: []figure.Series{
			{Name: "mean final overlap", X: c.MIn, Y: c.MF, YErr: c.MFStdErr},
			{Name: "fraction retrieved exactly", X: c.MIn, Y: c.Retrieved},
			{Name: "1 − ε", X: []float64{0, 1}, Y: []float64{1 - eps, 1 - eps}, Dashed: true},
		}}
}

// LoadPatterns reads the patterns of path (data.ReadPatterns) or, if path
// is empty, draws p random patterns of n spins from seed.
func LoadPatterns(path string, p, n int, seed uint64) (*plm.Patterns, error) {
	if path != "" {
		return data.ReadPatterns(path)
	}
	return plm.RandomPatterns(p, n, rand.New(rand.NewPCG(seed, 0x13)))
}
