package replica

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.Register[PDelta, *PDeltaResult]("replica theory: density P_λ(Δ) of the stabilities for λ = 0.2, 0.8, 1.6, 6.4 and the Hebbian and maximal-stability limits", true)
}

// PDelta is the replica-symmetric distribution of the stabilities of PL
// couplings, P_λ(Δ), at one load for several λ, with its λ → 0 (Hebbian)
// and λ → ∞ (Gardner's maximal stability) limits.
type PDelta struct {
	Alpha   float64   `json:"alpha" help:"load α = P/N"`
	Lambdas []float64 `json:"lambdas" help:"inverse temperatures λ"`
	Points  int       `json:"points" help:"points on the Δ axis from −2 to 5"`
}

func (PDelta) Name() string { return "p-delta" }

// Quick draws 351 points per curve (a second).
func (PDelta) Quick() PDelta {
	return PDelta{Alpha: 0.4, Lambdas: []float64{0.2, 0.8, 1.6, 6.4}, Points: 351}
}

// Paper draws 1401 points per curve.
func (PDelta) Paper() PDelta { c := PDelta{}.Quick(); c.Points = 1401; return c }

func (c PDelta) Validate() error {
	v := experiment.NewValidator(c)
	v.Positive("Alpha", c.Alpha)
	v.Loads("Lambdas", c.Lambdas, 0)
	v.AtLeast("Points", c.Points, 2)
	// Each point of each curve is a float pair, then JSON text.
	v.Memory(limits.Must(64, c.Points, len(c.Lambdas)+2))
	return v.Err
}

// PDeltaResult holds the solved order parameters; the densities are
// evaluated when drawn.
type PDeltaResult struct {
	Config PDelta         `json:"config"`
	Solved []ReplicaCurve `json:"solved"`
	// KappaMax and DeltaWeight describe the λ → ∞ limit: a delta of weight
	// Φ(κ_max) at Δ = κ_max plus the Gaussian tail φ(Δ) for Δ > κ_max.
	KappaMax    float64 `json:"kappa_max"`
	DeltaWeight float64 `json:"delta_weight"`
}

// ReplicaCurve is the replica solution at one λ.
type ReplicaCurve struct {
	Lambda float64 `json:"lambda"`
	X      float64 `json:"x"` // the order parameter x(α, λ)
	Mean   float64 `json:"mean"`
	Std    float64 `json:"std"`
	Stable float64 `json:"stable"` // P(Δ > 0)
}

func (c PDelta) Run(ctx context.Context, progress experiment.Progress) (*PDeltaResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	res := &PDeltaResult{Config: c}
	t := experiment.NewTracker(c.Name(), len(c.Lambdas), progress)
	for k, l := range c.Lambdas {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t.At(k, fmt.Sprintf("λ = %g", l))
		r, err := plm.SolveReplica(c.Alpha, l)
		if err != nil {
			return nil, err
		}
		m, s := r.Moments()
		res.Solved = append(res.Solved, ReplicaCurve{Lambda: l, X: r.X, Mean: m, Std: s, Stable: r.StableFraction()})
	}
	g, err := plm.GardnerLimit(c.Alpha)
	if err != nil {
		return nil, err
	}
	res.KappaMax, res.DeltaWeight = g.Kappa, g.Weight
	t.Finish()
	return res, nil
}

// Figures: the densities, then a table of the order parameters.
func (r *PDeltaResult) Figures() []*figure.Panel {
	c := r.Config
	p := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Replica theory: P_λ(Δ) at α = %g", c.Alpha),
		XLabel: "stability Δ", YLabel: "P_λ(Δ)"}
	tab := &figure.Table{Header: []string{"λ", "x", "mean Δ", "std Δ", "P(Δ > 0)"}}
	xs := map[string]float64{}
	for _, s := range r.Solved {
		sol, err := plm.SolveReplica(c.Alpha, s.Lambda)
		if err != nil {
			continue
		}
		name := "lambda=" + strconv.FormatFloat(s.Lambda, 'g', -1, 64)
		xs[name] = s.X
		p.Series = append(p.Series, figure.FunctionSeries(name, sol.Density, -2, 5, c.Points))
		tab.Rows = append(tab.Rows, []string{fmt.Sprint(s.Lambda), fmt.Sprintf("%.4g", s.X), fmt.Sprintf("%.4f", s.Mean), fmt.Sprintf("%.4f", s.Std), fmt.Sprintf("%.5f", s.Stable)})
	}
	p.Series = append(p.Series, figure.FunctionSeries("hebbian", func(d float64) float64 { return plm.HebbianDensity(c.Alpha, d) }, -2, 5, c.Points))
	if g, err := plm.GardnerLimit(c.Alpha); err == nil {
		k := figure.FunctionSeries("kmax", g.Density, -2, 5, c.Points)
		k.Dashed = true
		p.Series = append(p.Series, k)
	}
	p.Params = map[string]any{"x": xs, "kappa_max": r.KappaMax, "kmax_delta_weight": r.DeltaWeight,
		"note": "series kmax is the continuous part φ(Δ)Θ(Δ−κ_max) of the λ→∞ limit; its delta of weight kmax_delta_weight at κ_max is not in the series"}
	p.Caption = fmt.Sprintf("λ → ∞: κ_max(%g) = %.4f; a delta of weight Φ(κ_max) = %.4f sits at κ_max (not drawn).", c.Alpha, r.KappaMax, r.DeltaWeight)
	return []*figure.Panel{p, {Panel: c.Name() + "-table", Config: c, Title: "Order parameters of the replica solution", Table: tab}}
}

func init() {
	experiment.RegisterGrid[PDeltaTrain, []Snapshot, *PDeltaTrainResult]("stabilities of PL networks (free norm) after a short and a long training, against the theory at the measured λ(t)", true)
	experiment.Register[PDeltaFixed, *PDeltaFixedResult]("stabilities of PL networks trained at fixed norm and explicit λ, against the replica theory", false)
}

// PDeltaTrain trains PL networks with the paper's protocol (λ = 1, free
// norm, Hebb start, clipping 20) and compares the histogram of their
// stabilities after a short and a long training with the replica theory
// at λ(t), the measured mean row norm.
type PDeltaTrain struct {
	N      int       `json:"n" help:"number of spins N"`
	Alphas []float64 `json:"alphas" help:"loads α = P/N"`
	Short  int       `json:"short" help:"epochs of the short training"`
	Long   int       `json:"long" help:"epochs of the long training"`
	LR     float64   `json:"lr" help:"learning rate on the mean loss"`
	Bins   int       `json:"bins" help:"histogram bins over Δ in [−2, 5]"`
	Seed   uint64    `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (PDeltaTrain) Name() string { return "p-delta-train" }

// Quick trains N = 200 to 1000 epochs (about 10 s).
func (PDeltaTrain) Quick() PDeltaTrain {
	return PDeltaTrain{N: 200, Alphas: []float64{0.4, 1.5}, Short: 10, Long: 1000, LR: 10, Bins: 56, Seed: 1}
}

// Paper: N = 500 to 10^4 epochs.
func (PDeltaTrain) Paper() PDeltaTrain {
	c := PDeltaTrain{}.Quick()
	c.N, c.Long = 500, 10000
	return c
}

func (c PDeltaTrain) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 10)
	v.Loads("Alphas", c.Alphas, 0)
	v.AtLeast("Short", c.Short, 1)
	v.AtLeast("Long", c.Long, v.Sum("Short + 1", c.Short, 1))
	v.Positive("LR", c.LR)
	v.AtLeast("Bins", c.Bins, 2)
	v.Memory(append(sweep.CouplingBytes(sweep.MaxCount(c.Alphas, c.N), c.N), limits.Must(16*4, c.Bins, len(c.Alphas)))...)
	return v.Err
}

// PDeltaTrainResult holds the stabilities after each training length.
type PDeltaTrainResult struct {
	Config    PDeltaTrain `json:"config"`
	Snapshots []Snapshot  `json:"snapshots"`
}

// Snapshot is a network's stabilities after some epochs.
type Snapshot struct {
	Alpha  float64   `json:"alpha"`
	Epochs int       `json:"epochs"`
	Lambda float64   `json:"lambda"` // λ(t) = mean row norm
	Delta  []float64 `json:"delta"`  // Δ_i^μ, pattern-major
}

func (c PDeltaTrain) Run(ctx context.Context, progress experiment.Progress) (*PDeltaTrainResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// Points are the loads; each costs Long passes over its P patterns.
func (c PDeltaTrain) Points() []experiment.GridPoint {
	pts := make([]experiment.GridPoint, len(c.Alphas))
	for k, a := range c.Alphas {
		pts[k] = experiment.GridPoint{Label: fmt.Sprintf("α=%g", a), Cost: float64(c.Long) * float64(int(a*float64(c.N)+0.5)) * float64(c.N*c.N)}
	}
	return pts
}

func (c PDeltaTrain) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, []Snapshot) error) error {
	for j, k := range idx {
		a := c.Alphas[k]
		xi, err := plm.RandomPatterns(int(a*float64(c.N)+0.5), c.N, sweep.NewRand(c.Seed, uint64(k)))
		if err != nil {
			return err
		}
		var J *plm.Couplings
		var snaps []Snapshot
		done := 0
		for _, target := range []int{c.Short, c.Long} {
			t.At(j, fmt.Sprintf("α=%g to %d epochs", a, target))
			tr, err := plm.PseudoLikelihood{Epochs: target - done, LearningRate: c.LR, GradClip: 20, Start: J,
				Progress: t.Training(target - done)}.Train(ctx, xi)
			if err != nil {
				return err
			}
			J, done = tr.J, target
			d, err := plm.Stabilities(J, xi)
			if err != nil {
				return err
			}
			snaps = append(snaps, Snapshot{Alpha: a, Epochs: target, Lambda: tr.Log[len(tr.Log)-1].Lambda, Delta: d})
		}
		if err := emit(k, snaps); err != nil {
			return err
		}
	}
	return nil
}

func (c PDeltaTrain) Assemble(units [][]Snapshot) (*PDeltaTrainResult, error) {
	res := &PDeltaTrainResult{Config: c}
	for _, u := range units {
		res.Snapshots = append(res.Snapshots, u...)
	}
	return res, nil
}

// Figures: all histograms and theory curves in one panel.
func (r *PDeltaTrainResult) Figures() []*figure.Panel {
	c := r.Config
	p := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Stabilities of PL networks against theory at λ(t), N = %d", c.N),
		XLabel: "stability Δ", YLabel: "density"}
	lambdas := map[string]float64{}
	for _, s := range r.Snapshots {
		tag := fmt.Sprintf("alpha=%g epochs=%d", s.Alpha, s.Epochs)
		lambdas[tag] = s.Lambda
		p.Series = append(p.Series, figure.HistogramSeries("train "+tag, s.Delta, -2, 5, c.Bins))
		if th, ok := r.theory(s, "theory "+tag); ok {
			p.Series = append(p.Series, th)
		}
	}
	p.Params = map[string]any{"lambda_t": lambdas, "protocol": "λ = 1, free norm, Hebb start, clipping 20; theory at λ(t) = mean row norm"}
	return []*figure.Panel{p}
}

func (r *PDeltaTrainResult) theory(s Snapshot, name string) (figure.Series, bool) {
	sol, err := plm.SolveReplica(float64(int(s.Alpha*float64(r.Config.N)+0.5))/float64(r.Config.N), s.Lambda)
	if err != nil {
		return figure.Series{}, false
	}
	th := figure.FunctionSeries(name, sol.Density, -2, 5, 281)
	th.Dashed = true
	return th, true
}

// Snapshots draws one small panel per load and training length.
func (r *PDeltaTrainResult) SnapshotFigures() []*figure.Panel {
	var out []*figure.Panel
	for k, s := range r.Snapshots {
		p := &figure.Panel{Panel: fmt.Sprintf("%s-%d", r.Config.Name(), k+1), Config: r.Config,
			Title:  fmt.Sprintf("α = %g, %d epochs, λ(t) = %.2f", s.Alpha, s.Epochs, s.Lambda),
			XLabel: "Δ", YLabel: "density",
			Series: []figure.Series{figure.HistogramSeries("trained", s.Delta, -2, 5, r.Config.Bins)}}
		if th, ok := r.theory(s, "theory at λ(t)"); ok {
			p.Series = append(p.Series, th)
		}
		out = append(out, p)
	}
	return out
}

// PDeltaFixed trains PL with rows on the unit sphere and an explicit λ,
// the setting of the replica computation, and compares the stabilities
// with P_λ(Δ).
type PDeltaFixed struct {
	N      int     `json:"n" help:"number of spins N"`
	Alpha  float64 `json:"alpha" help:"load α = P/N"`
	Lambda float64 `json:"lambda" help:"inverse temperature λ in the loss"`
	Epochs int     `json:"epochs" help:"training epochs"`
	LR     float64 `json:"lr" help:"learning rate on the mean loss"`
	Bins   int     `json:"bins" help:"histogram bins over Δ in [−1, 4]"`
	Seed   uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (PDeltaFixed) Name() string { return "p-delta-fixed" }

// Quick trains N = 200 for 600 epochs (seconds).
func (PDeltaFixed) Quick() PDeltaFixed {
	return PDeltaFixed{N: 200, Alpha: 0.4, Lambda: 1.6, Epochs: 600, LR: 100, Bins: 50, Seed: 1}
}

// Paper: N = 1000.
func (PDeltaFixed) Paper() PDeltaFixed { c := PDeltaFixed{}.Quick(); c.N = 1000; return c }

func (c PDeltaFixed) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 10)
	v.Positive("Alpha", c.Alpha)
	v.Positive("Lambda", c.Lambda)
	v.Training(c.Epochs, c.LR, experiment.NoClip)
	v.AtLeast("Bins", c.Bins, 2)
	v.Memory(append(sweep.CouplingBytes(sweep.Count(c.Alpha, c.N), c.N), limits.Must(16*4, c.Bins))...)
	return v.Err
}

// PDeltaFixedResult holds the trained stabilities and both sets of moments.
type PDeltaFixedResult struct {
	Config     PDeltaFixed `json:"config"`
	Alpha      float64     `json:"alpha"` // P/N as drawn
	Delta      []float64   `json:"delta"`
	Mean       float64     `json:"mean"` // of the trained stabilities
	Std        float64     `json:"std"`
	TheoryMean float64     `json:"theory_mean"`
	TheoryStd  float64     `json:"theory_std"`
	FinalLoss  float64     `json:"final_loss"`
}

func (c PDeltaFixed) Run(ctx context.Context, progress experiment.Progress) (*PDeltaFixedResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	xi, err := plm.RandomPatterns(sweep.Count(c.Alpha, c.N), c.N, sweep.NewRand(c.Seed, 1))
	if err != nil {
		return nil, err
	}
	t := experiment.NewTracker(c.Name(), 1, progress)
	t.At(0, "fixed-norm training")
	tr, err := plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, FixedNorm: true, Lambda: c.Lambda, Progress: t.Training(c.Epochs)}.Train(ctx, xi)
	if err != nil {
		return nil, err
	}
	d, err := plm.Stabilities(tr.J, xi)
	if err != nil {
		return nil, err
	}
	sol, err := plm.SolveReplica(xi.Alpha(), c.Lambda)
	if err != nil {
		return nil, err
	}
	res := &PDeltaFixedResult{Config: c, Alpha: xi.Alpha(), Delta: d, FinalLoss: tr.Log[len(tr.Log)-1].Loss}
	for _, v := range d {
		res.Mean += v / float64(len(d))
	}
	for _, v := range d {
		res.Std += (v - res.Mean) * (v - res.Mean) / float64(len(d))
	}
	res.Std = math.Sqrt(res.Std)
	res.TheoryMean, res.TheoryStd = sol.Moments()
	t.Finish()
	return res, nil
}

// Figures: the histogram against the theory density.
func (r *PDeltaFixedResult) Figures() []*figure.Panel {
	c := r.Config
	p := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Fixed norm, λ = %g, α = %g, N = %d", c.Lambda, r.Alpha, c.N),
		XLabel: "Δ", YLabel: "density", Series: []figure.Series{figure.HistogramSeries("trained", r.Delta, -1, 4, c.Bins)},
		Params: map[string]any{"mean": r.Mean, "std": r.Std, "theory_mean": r.TheoryMean, "theory_std": r.TheoryStd}}
	if sol, err := plm.SolveReplica(r.Alpha, c.Lambda); err == nil {
		p.Series = append(p.Series, figure.FunctionSeries("theory P_λ(Δ)", sol.Density, -1, 4, 201))
	}
	p.Caption = fmt.Sprintf("mean Δ: trained %.4f, theory %.4f; std Δ: trained %.4f, theory %.4f.", r.Mean, r.TheoryMean, r.Std, r.TheoryStd)
	return []*figure.Panel{p}
}
