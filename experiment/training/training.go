package training

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.Register[PLTraining, *PLTrainingResult]("one PL training (λ = 1, free norm): loss, λ(t) and stored fraction per epoch; stabilities against Hebb's", false)
	experiment.Register[RowEquivalence, *RowEquivalenceResult]("the PL loss is N independent perceptrons: rows trained alone equal the rows of the full training", false)
	experiment.Register[ImplicitBias, *ImplicitBiasResult]("implicit bias of gradient descent: the mean row margin rises towards maximal stability while λ(t) grows like log t", false)
}

// PLTraining trains PL couplings on random patterns with the paper's main
// protocol (full batch, λ = 1, free norm, Hebb start, clipping) and
// compares their stabilities with Hebb's.
type PLTraining struct {
	N      int     `json:"n" help:"number of spins N"`
	Alpha  float64 `json:"alpha" help:"load α = P/N"`
	Epochs int     `json:"epochs" help:"full-batch gradient steps"`
	LR     float64 `json:"lr" help:"learning rate on the mean loss (authors: 1–100)"`
	Clip   float64 `json:"clip" help:"gradient-norm clipping (authors: 20)"`
	Seed   uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (PLTraining) Name() string { return "pl-training" }

// Quick: N = 200, 300 epochs (seconds).
func (PLTraining) Quick() PLTraining {
	return PLTraining{N: 200, Alpha: 0.4, Epochs: 300, LR: 10, Clip: 20, Seed: 1}
}

// Paper: N = 1000, 10^4 epochs.
func (PLTraining) Paper() PLTraining {
	return PLTraining{N: 1000, Alpha: 0.4, Epochs: 10000, LR: 10, Clip: 20, Seed: 1}
}

func (c PLTraining) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 2)
	v.Positive("Alpha", c.Alpha)
	v.Training(c.Epochs, c.LR, c.Clip)
	v.Memory(sweep.CouplingBytes(sweep.Count(c.Alpha, c.N), c.N)...)
	return v.Err
}

// randomLoad draws the random patterns of the notebook-2 experiments.
func randomLoad(n int, alpha float64, seed uint64) (*plm.Patterns, error) {
	return plm.RandomPatterns(sweep.Count(alpha, n), n, sweep.NewRand(seed, 1))
}

// PLTrainingResult is the training log and the stabilities it leads to.
type PLTrainingResult struct {
	Config     PLTraining     `json:"config"`
	Log        []plm.EpochLog `json:"log"`
	Asymmetry  float64        `json:"asymmetry"`
	DeltaPL    []float64      `json:"delta_pl"`
	DeltaHebb  []float64      `json:"delta_hebb"`
	StoredPL   float64        `json:"stored_pl"`
	StoredHebb float64        `json:"stored_hebb"`
}

func (c PLTraining) Run(ctx context.Context, progress experiment.Progress) (*PLTrainingResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	xi, err := randomLoad(c.N, c.Alpha, c.Seed)
	if err != nil {
		return nil, err
	}
	t := experiment.NewTracker(c.Name(), 1, progress)
	t.At(0, fmt.Sprintf("PL training, N = %d, P = %d", c.N, xi.P))
	tr, err := plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, GradClip: c.Clip, Progress: t.Training(c.Epochs)}.Train(ctx, xi)
	if err != nil {
		return nil, err
	}
	hebb, err := plm.Hebb{}.Couplings(ctx, xi)
	if err != nil {
		return nil, err
	}
	res := &PLTrainingResult{Config: c, Log: tr.Log, Asymmetry: tr.J.Asymmetry()}
	if res.DeltaPL, err = plm.Stabilities(tr.J, xi); err != nil {
		return nil, err
	}
	if res.DeltaHebb, err = plm.Stabilities(hebb, xi); err != nil {
		return nil, err
	}
	if res.StoredPL, err = plm.FixedPointFraction(tr.J, xi); err != nil {
		return nil, err
	}
	if res.StoredHebb, err = plm.FixedPointFraction(hebb, xi); err != nil {
		return nil, err
	}
	t.Finish()
	return res, nil
}

// TrainingFigures turns a PL training log into three panels: the loss,
// λ(t) = mean row norm and the fraction of stored patterns, per epoch.
func TrainingFigures(name string, log []plm.EpochLog) []*figure.Panel {
	var x, loss, lam, st []float64
	for _, e := range log {
		x = append(x, float64(e.Epoch))
		loss = append(loss, e.Loss)
		lam = append(lam, e.Lambda)
		st = append(st, e.Stored)
	}
	return []*figure.Panel{
		{Panel: name + "-loss", Title: "PL loss (mean)", XLabel: "epoch", Series: []figure.Series{{Name: "loss", X: x, Y: loss}}},
		{Panel: name + "-lambda", Title: "λ(t) = mean row norm", XLabel: "epoch", Series: []figure.Series{{Name: "λ(t)", X: x, Y: lam}}},
		{Panel: name + "-stored", Title: "fraction of stored patterns", XLabel: "epoch", Series: []figure.Series{{Name: "stored", X: x, Y: st}}},
	}
}

// Figures: the stabilities of PL and Hebb, then the three training curves.
func (r *PLTrainingResult) Figures() []*figure.Panel {
	c := r.Config
	last := r.Log[len(r.Log)-1]
	d := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Stabilities at α = %.2g", c.Alpha), XLabel: "Δ", YLabel: "density",
		Series: []figure.Series{
			figure.HistogramSeries("Hebb", r.DeltaHebb, -2, 6, 64),
			figure.HistogramSeries(fmt.Sprintf("PL after %d epochs", c.Epochs), r.DeltaPL, -2, 6, 64),
			figure.Line("Δ = 0", 0, 0, 0, 2),
		},
		Caption: fmt.Sprintf("After %d epochs: loss %.4g, λ(t) = %.3f, asymmetry %.3f (0 symmetric, 1/2 uncorrelated). Patterns that are fixed points: Hebb %.3f, PL %.3f.",
			last.Epoch, last.Loss, last.Lambda, r.Asymmetry, r.StoredHebb, r.StoredPL),
		Params: map[string]any{"final": last, "asymmetry": r.Asymmetry, "stored_pl": r.StoredPL, "stored_hebb": r.StoredHebb}}
	return append([]*figure.Panel{d}, TrainingFigures(c.Name(), r.Log)...)
}

// RowEquivalence trains each listed row alone (one perceptron: labels
// ξ_i^μ, inputs ξ_{\i}^μ) and compares it with the same row of the full
// training (per-row clipping keeps the rows independent).
type RowEquivalence struct {
	N      int     `json:"n" help:"number of spins N"`
	Alpha  float64 `json:"alpha" help:"load α = P/N"`
	Epochs int     `json:"epochs" help:"full-batch gradient steps"`
	LR     float64 `json:"lr" help:"learning rate on the mean loss"`
	Clip   float64 `json:"clip" help:"per-row gradient-norm clipping"`
	Rows   []int   `json:"rows" help:"rows trained alone"`
	Seed   uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (RowEquivalence) Name() string { return "perceptron-rows" }

// Quick: N = 200, four rows.
func (RowEquivalence) Quick() RowEquivalence {
	return RowEquivalence{N: 200, Alpha: 0.4, Epochs: 300, LR: 10, Clip: 20, Rows: []int{0, 1, 2, 3}, Seed: 1}
}

// Paper: N = 1000.
func (RowEquivalence) Paper() RowEquivalence { c := RowEquivalence{}.Quick(); c.N = 1000; return c }

// RowTolerance is the largest difference accepted between a row trained
// alone and the same row of the full training (float32 arithmetic).
const RowTolerance = 1e-4

func (c RowEquivalence) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 2)
	v.Positive("Alpha", c.Alpha)
	v.Training(c.Epochs, c.LR, c.Clip)
	v.Memory(sweep.CouplingBytes(sweep.Count(c.Alpha, c.N), c.N)...)
	if len(c.Rows) == 0 {
		v.Fail("Rows", "needs at least one row")
	}
	for _, i := range c.Rows {
		if i < 0 || i >= c.N {
			v.Fail("Rows", "row %d is outside [0, %d)", i, c.N)
		}
	}
	return v.Err
}

// RowEquivalenceResult compares each row.
type RowEquivalenceResult struct {
	Config  RowEquivalence `json:"config"`
	Norm    []float64      `json:"norm"`     // ‖J_i‖ of the row trained alone
	MaxDiff []float64      `json:"max_diff"` // max_j |J_ij(alone) − J_ij(full)|
}

func (c RowEquivalence) Run(ctx context.Context, progress experiment.Progress) (*RowEquivalenceResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	xi, err := randomLoad(c.N, c.Alpha, c.Seed)
	if err != nil {
		return nil, err
	}
	t := experiment.NewTracker(c.Name(), 1+len(c.Rows), progress)
	t.At(0, "all rows together")
	pl := plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, GradClip: c.Clip, ClipRows: true}
	full, err := pl.Couplings(ctx, xi)
	if err != nil {
		return nil, err
	}
	res := &RowEquivalenceResult{Config: c}
	for k, i := range c.Rows {
		t.At(1+k, fmt.Sprintf("row %d alone", i))
		row, err := pl.TrainRow(ctx, xi, i)
		if err != nil {
			return nil, err
		}
		var diff, norm float64
		for j, v := range row {
			diff = math.Max(diff, math.Abs(float64(v-full.Row(i)[j])))
			norm += float64(v) * float64(v)
		}
		if diff > RowTolerance {
			return nil, fmt.Errorf("perceptron-rows: row %d trained alone differs from the full training by %.2g (tolerance %g)", i, diff, RowTolerance)
		}
		res.Norm, res.MaxDiff = append(res.Norm, math.Sqrt(norm)), append(res.MaxDiff, diff)
	}
	t.Finish()
	return res, nil
}

// Figures: a table of the rows.
func (r *RowEquivalenceResult) Figures() []*figure.Panel {
	tab := &figure.Table{Header: []string{"row i", "‖J_i‖", "max |J_i(alone) − J_i(full)|"}}
	for k, i := range r.Config.Rows {
		tab.Rows = append(tab.Rows, []string{fmt.Sprint(i), fmt.Sprintf("%.4f", r.Norm[k]), fmt.Sprintf("%.2e", r.MaxDiff[k])})
	}
	return []*figure.Panel{{Panel: r.Config.Name(), Config: r.Config, Title: "Rows trained alone against the full training", Table: tab}}
}

// ImplicitBias follows one long training (λ = 1, free norm) at doubling
// epochs: the mean row margin min_μ Δ_i^μ and λ(t), against the maximal
// stability of the same patterns (AdaTron) and κ_max(α) for N → ∞.
type ImplicitBias struct {
	N      int     `json:"n" help:"number of spins N"`
	Alpha  float64 `json:"alpha" help:"load α = P/N"`
	Epochs int     `json:"epochs" help:"length of the training"`
	LR     float64 `json:"lr" help:"learning rate on the mean loss"`
	Clip   float64 `json:"clip" help:"gradient-norm clipping"`
	Seed   uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (ImplicitBias) Name() string { return "implicit-bias" }

// Quick: N = 200, 4000 epochs (half a minute).
func (ImplicitBias) Quick() ImplicitBias {
	return ImplicitBias{N: 200, Alpha: 0.4, Epochs: 4000, LR: 10, Clip: 20, Seed: 1}
}

// Paper: N = 1000, 10^4 epochs.
func (ImplicitBias) Paper() ImplicitBias {
	return ImplicitBias{N: 1000, Alpha: 0.4, Epochs: 10000, LR: 10, Clip: 20, Seed: 1}
}

func (c ImplicitBias) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 2)
	v.OpenInterval("Alpha", c.Alpha, 0, 2)
	v.Training(c.Epochs, c.LR, c.Clip)
	v.Memory(sweep.CouplingBytes(sweep.Count(c.Alpha, c.N), c.N)...)
	return v.Err
}

// ImplicitBiasResult is the margin and λ(t) at doubling epochs.
type ImplicitBiasResult struct {
	Config   ImplicitBias `json:"config"`
	Epochs   []float64    `json:"epochs"`
	Margin   []float64    `json:"margin"` // mean over rows of min_μ Δ_i^μ
	Lambda   []float64    `json:"lambda"`
	KappaMax float64      `json:"kappa_max"` // N → ∞
	// AdaTron is the mean row margin of the maximal-stability couplings of
	// the same patterns, at this N.
	AdaTron float64 `json:"adatron"`
}

func meanMargin(J *plm.Couplings, xi *plm.Patterns) (float64, error) {
	m, err := plm.RowMargins(J, xi)
	if err != nil {
		return 0, err
	}
	var s float64
	for _, v := range m {
		s += v
	}
	return s / float64(len(m)), nil
}

func (c ImplicitBias) Run(ctx context.Context, progress experiment.Progress) (*ImplicitBiasResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	xi, err := randomLoad(c.N, c.Alpha, c.Seed)
	if err != nil {
		return nil, err
	}
	res := &ImplicitBiasResult{Config: c}
	t := experiment.NewTracker(c.Name(), c.Epochs+1, progress)
	var J *plm.Couplings
	done := 0
	for next := 1; done < c.Epochs; next *= 2 {
		steps := min(next, c.Epochs) - done
		t.At(done, fmt.Sprintf("epochs %d to %d", done, done+steps))
		tr, err := plm.PseudoLikelihood{Epochs: steps, LearningRate: c.LR, GradClip: c.Clip, Start: J}.Train(ctx, xi)
		if err != nil {
			return nil, err
		}
		J, done = tr.J, done+steps
		m, err := meanMargin(J, xi)
		if err != nil {
			return nil, err
		}
		res.Epochs, res.Margin, res.Lambda = append(res.Epochs, float64(done)), append(res.Margin, m), append(res.Lambda, tr.Log[len(tr.Log)-1].Lambda)
	}
	t.At(c.Epochs, "maximal stability (AdaTron)")
	kmax, err := plm.KappaMax(xi.Alpha())
	if err != nil {
		return nil, err
	}
	res.KappaMax = kmax
	ada, err := plm.Perceptron{MaxStability: true}.Couplings(ctx, xi)
	if err != nil {
		return nil, fmt.Errorf("maximal stability: %w", err)
	}
	if res.AdaTron, err = meanMargin(ada, xi); err != nil {
		return nil, err
	}
	t.Finish()
	return res, nil
}

// Figures: the mean margin against training time, then λ(t).
func (r *ImplicitBiasResult) Figures() []*figure.Panel {
	c := r.Config
	x0, x1 := r.Epochs[0], r.Epochs[len(r.Epochs)-1]
	return []*figure.Panel{
		{Panel: c.Name(), Config: c, Title: "Mean row margin min_μ Δ_i^μ", XLabel: "epoch", YLabel: "margin", LogX: true, Legend: "bottom-right",
			Series: []figure.Series{{Name: "PL", X: r.Epochs, Y: r.Margin},
				figure.Line("max. stability (AdaTron, this N)", x0, r.AdaTron, x1, r.AdaTron),
				figure.Line("κ_max(α), N → ∞", x0, r.KappaMax, x1, r.KappaMax)}},
		{Panel: c.Name() + "-lambda", Config: c, Title: "λ(t) = mean row norm grows like log t", XLabel: "epoch", YLabel: "λ(t)", LogX: true,
			Series: []figure.Series{{Name: "λ(t)", X: r.Epochs, Y: r.Lambda}}},
	}
}
