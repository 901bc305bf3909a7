package basins

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[BasinTraining, basinTrainingUnit, *BasinTrainingResult]("basin size of PL couplings against training time, with maximal stability, pseudo-inverse and κ = 0.7 as references", true)
}

// BasinTraining follows the basin size of PL couplings (λ = 1, free norm,
// Hebb start) along gradient descent, at one load, against the classical
// rules: the paper's claim that PL basins exceed maximal stability's needs
// training long enough. Every pattern set is trained once; the couplings
// are measured at each checkpoint of Epochs.
type BasinTraining struct {
	N     int     `json:"n" help:"number of spins N"`
	Alpha float64 `json:"alpha" help:"load α = P/N"`
	Sets  int     `json:"sets" help:"independent pattern sets averaged (error bars: standard error over sets)"`
	// Epochs are the checkpoints, increasing: the PL curve's x values.
	Epochs []int   `json:"epochs" help:"training times (epochs) at which the basin is measured, increasing"`
	LR     float64 `json:"lr" help:"PL learning rate on the mean loss"`
	Clip   float64 `json:"clip" help:"PL gradient-norm clipping (authors: 20)"`
	Trials int     `json:"trials" help:"noisy starts per pattern and m_in"`
	// MInFrom and MInStep set the m_in grid MInFrom, MInFrom+MInStep, …, 1:
	// a basin size above 1 − MInFrom is reported as 1 − MInFrom.
	MInFrom float64 `json:"m_in_from" help:"smallest initial overlap of the basin grid"`
	MInStep float64 `json:"m_in_step" help:"spacing of the basin grid in m_in"`
	// References are rules measured once per set (the horizontal lines).
	References []string `json:"references" help:"classical rules drawn as references: max-stability, pseudo-inverse, perceptron:κ, hebb, dreaming, …"`
	Seed       uint64   `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (BasinTraining) Name() string { return "basin-training" }

// Quick runs in about a minute: N = 400, three pattern sets.
func (BasinTraining) Quick() BasinTraining {
	return BasinTraining{N: 400, Alpha: 0.4, Sets: 3, Epochs: []int{10, 30, 100, 300, 1000, 3000}, LR: 10, Clip: 20,
		Trials: 1, MInFrom: 0.3, MInStep: 0.01, References: []string{"max-stability", "pseudo-inverse", "perceptron:0.7"}, Seed: 1}
}

// Paper: N = 1000, three sets, up to 10⁴ epochs (about 20 min with OpenBLAS on 2 cores).
func (BasinTraining) Paper() BasinTraining {
	c := BasinTraining{}.Quick()
	c.N, c.Sets, c.Trials = 1000, 3, 2
	c.Epochs = []int{10, 30, 100, 300, 1000, 3000, 10000}
	return c
}

func (c BasinTraining) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 10)
	v.OpenInterval("Alpha", c.Alpha, 0, 2)
	v.AtLeast("Sets", c.Sets, 1)
	v.AtLeast("Trials", c.Trials, 1)
	if len(c.Epochs) == 0 {
		v.Fail("Epochs", "needs at least one training time")
	}
	for k, e := range c.Epochs {
		if e < 1 || e > 1e8 || (k > 0 && e <= c.Epochs[k-1]) {
			v.Fail("Epochs", "must increase, each in [1, 10⁸]; got %v", c.Epochs)
			break
		}
	}
	if len(c.Epochs) > 0 {
		v.Training(c.Epochs[len(c.Epochs)-1], c.LR, c.Clip)
	}
	v.Within("MInFrom", c.MInFrom, 0, 0.99)
	v.OpenInterval("MInStep", c.MInStep, 0, 0.5)
	bt := Basins{}.Quick() // for its rule parser
	for _, r := range c.References {
		if strings.EqualFold(strings.TrimSpace(r), "pl") {
			v.Fail("References", "pl is the curve itself, not a reference")
		}
		_, _, _, err := bt.rule(r, nil)
		v.Check("References", err)
	}
	p := sweep.Count(c.Alpha, c.N)
	k := v.Steps("MInStep", 1-c.MInFrom, c.MInStep)
	v.Memory(append(append(sweep.CouplingBytes(p, c.N), limits.Must(8*2, p, p), limits.Must(256, c.Sets, len(c.Epochs)+4)), sweep.BasinBytes(p, c.N, c.Trials, k)...)...)
	return v.Err
}

// grid is the m_in grid of the basin measurements.
func (c BasinTraining) grid() []float64 {
	g := sweep.Grid(c.MInFrom, 1, c.MInStep)
	if g[len(g)-1] < 1 {
		g = append(g, 1)
	}
	return g
}

// BasinTrainingResult holds, per pattern set, the PL basin at every
// checkpoint and the references' basins.
type BasinTrainingResult struct {
	Config   BasinTraining `json:"config"`
	P        int           `json:"p"`
	KappaMax float64       `json:"kappa_max"` // κ_max(α), N → ∞
	// PL[s][k] is set s at checkpoint Epochs[k].
	PL [][]BasinPoint `json:"pl"`
	// References[r][s] is reference rule r on set s.
	References [][]BasinPoint `json:"references"`
	RefNames   []string       `json:"reference_names"`
	Skipped    []string       `json:"skipped"`
	// MaxStability is the convergence check of the maximal-stability
	// reference, per set (empty when it is not among the references).
	MaxStability []MaxStabilityCheck `json:"max_stability"`
}

// BasinPoint is what is measured on one set of couplings.
type BasinPoint struct {
	Size   float64 `json:"basin_size"` // 1 − m_in*, ε = plm.DefaultBasinEpsilon
	Lambda float64 `json:"lambda"`     // mean row norm: λ(t) for PL at λ = 1
	// MinStability is the mean over rows of κ_i = min_μ Δ_i^μ.
	MinStability float64 `json:"min_stability"`
	Stored       float64 `json:"stored"`
}

// MaxStabilityCheck compares the AdaTron couplings at the default
// tolerance with a run at a tenfold tighter one: if the row margins
// and the basin agree, the reference is converged.
type MaxStabilityCheck struct {
	Tolerance      float64 `json:"tolerance"`
	MeanMargin     float64 `json:"mean_margin"` // mean over rows of κ_i
	MinMargin      float64 `json:"min_margin"`
	TightTolerance float64 `json:"tight_tolerance"`
	TightMargin    float64 `json:"tight_mean_margin"`
	TightSize      float64 `json:"tight_basin_size"`
	TightConverged bool    `json:"tight_converged"` // within the AdaTron epoch cap
}

func (c BasinTraining) Run(ctx context.Context, progress experiment.Progress) (*BasinTrainingResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// basinTrainingUnit is one pattern set: its references, the check of
// maximal stability (when a reference) and PL at every checkpoint.
type basinTrainingUnit struct {
	References   []BasinPoint
	MaxStability *MaxStabilityCheck
	PL           []BasinPoint
}

// references are the reference rules that exist at this load, with the
// basins panel's settings of the dreaming rules, and the names of those
// that cannot.
func (c BasinTraining) references() (names []string, rules []plm.Rule, skipped []string) {
	p := sweep.Count(c.Alpha, c.N)
	kmax, _ := plm.KappaMax(float64(p) / float64(c.N))
	bt := Basins{}.Quick()
	bt.Seed = c.Seed
	for _, spec := range c.References {
		name, rule, exists, _ := bt.rule(spec, nil)
		if !exists(p, c.N, kmax) {
			skipped = append(skipped, name)
			continue
		}
		names, rules = append(names, name), append(rules, rule)
	}
	return names, rules, skipped
}

// Points are the pattern sets, all of one cost: the training to the last
// checkpoint and a basin curve (about ten steps per start on each m_in)
// per checkpoint and reference.
func (c BasinTraining) Points() []experiment.GridPoint {
	p, n := float64(sweep.Count(c.Alpha, c.N)), float64(c.N)
	names, _, _ := c.references()
	curves := float64(len(c.Epochs) + len(names))
	cost := (float64(c.Epochs[len(c.Epochs)-1]) + 10*curves*float64(c.Trials*len(c.grid()))) * p * n * n
	pts := make([]experiment.GridPoint, c.Sets)
	for s := range pts {
		pts[s] = experiment.GridPoint{Label: fmt.Sprintf("set %d/%d", s+1, c.Sets), Cost: cost}
	}
	return pts
}

func (c BasinTraining) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, basinTrainingUnit) error) error {
	p := sweep.Count(c.Alpha, c.N)
	names, refs, _ := c.references()
	for j, s := range idx {
		xi, err := plm.RandomPatterns(p, c.N, sweep.NewRand(c.Seed, uint64(s)))
		if err != nil {
			return err
		}
		measure := func(J *plm.Couplings, label string) (BasinPoint, error) {
			curve, err := plm.Basins(ctx, J, xi, plm.BasinSettings{MIn: c.grid(), Trials: c.Trials, Seed: c.Seed + uint64(s),
				Progress: func(d, tot int) { t.Detail("%s basins: m_in %d/%d", label, d, tot) }})
			if err != nil {
				return BasinPoint{}, err
			}
			return pointOf(J, xi, curve)
		}
		var u basinTrainingUnit
		for r, rule := range refs {
			t.At(j, fmt.Sprintf("set %d/%d: %s", s+1, c.Sets, names[r]))
			J, err := rule.Couplings(ctx, xi)
			if err != nil {
				return fmt.Errorf("%s: %w", names[r], err)
			}
			pt, err := measure(J, names[r])
			if err != nil {
				return err
			}
			u.References = append(u.References, pt)
			if pc, ok := rule.(plm.Perceptron); ok && pc.MaxStability {
				chk, err := c.checkMaxStability(ctx, xi, J, pc, measure)
				if err != nil {
					return err
				}
				u.MaxStability = &chk
			}
		}
		var J *plm.Couplings
		prev := 0
		for _, e := range c.Epochs {
			t.At(j, fmt.Sprintf("set %d/%d: PL to epoch %d", s+1, c.Sets, e))
			pl := plm.PseudoLikelihood{Epochs: e - prev, LearningRate: c.LR, GradClip: c.Clip, Start: J,
				Progress: t.Training(e - prev)}
			if J, err = pl.Couplings(ctx, xi); err != nil {
				return err
			}
			prev = e
			pt, err := measure(J, fmt.Sprintf("PL epoch %d", e))
			if err != nil {
				return err
			}
			u.PL = append(u.PL, pt)
		}
		if err := emit(s, u); err != nil {
			return err
		}
	}
	return nil
}

func (c BasinTraining) Assemble(units []basinTrainingUnit) (*BasinTrainingResult, error) {
	p := sweep.Count(c.Alpha, c.N)
	kmax, err := plm.KappaMax(float64(p) / float64(c.N))
	if err != nil {
		return nil, err
	}
	names, _, skipped := c.references()
	res := &BasinTrainingResult{Config: c, P: p, KappaMax: kmax, RefNames: names, Skipped: skipped, References: make([][]BasinPoint, len(names))}
	for _, u := range units {
		for r, pt := range u.References {
			res.References[r] = append(res.References[r], pt)
		}
		if u.MaxStability != nil {
			res.MaxStability = append(res.MaxStability, *u.MaxStability)
		}
		res.PL = append(res.PL, u.PL)
	}
	return res, nil
}

// checkMaxStability reruns AdaTron tenfold tighter and measures it.
func (c BasinTraining) checkMaxStability(ctx context.Context, xi *plm.Patterns, J *plm.Couplings, pc plm.Perceptron,
	measure func(*plm.Couplings, string) (BasinPoint, error)) (MaxStabilityCheck, error) {
	tol := pc.Tolerance
	if tol == 0 {
		tol = 1e-3
	}
	chk := MaxStabilityCheck{Tolerance: tol, TightTolerance: tol / 10}
	m, err := plm.RowMargins(J, xi)
	if err != nil {
		return chk, err
	}
	chk.MeanMargin, _ = plm.MeanStdErr(m)
	chk.MinMargin = slices.Min(m)
	pc.Tolerance = chk.TightTolerance
	tight, err := pc.Couplings(ctx, xi)
	chk.TightConverged = err == nil
	if err != nil {
		var nc *plm.NotConvergedError
		if !errors.As(err, &nc) {
			return chk, err
		}
	}
	pt, err := measure(tight, "max-stability, tight tolerance")
	if err != nil {
		return chk, err
	}
	chk.TightMargin, chk.TightSize = pt.MinStability, pt.Size
	return chk, nil
}

// pointOf summarises couplings and their basin curve.
func pointOf(J *plm.Couplings, xi *plm.Patterns, curve *plm.BasinCurve) (BasinPoint, error) {
	size, err := plm.BasinSize(curve, plm.DefaultBasinEpsilon)
	if err != nil {
		return BasinPoint{}, err
	}
	m, err := plm.RowMargins(J, xi)
	if err != nil {
		return BasinPoint{}, err
	}
	stored, err := plm.FixedPointFraction(J, xi)
	if err != nil {
		return BasinPoint{}, err
	}
	margin, _ := plm.MeanStdErr(m) // the mean; its standard error is not kept
	return BasinPoint{Size: size, Lambda: J.MeanRowNorm(), MinStability: margin, Stored: stored}, nil
}

// meanOver is the mean and standard error of f over points.
func meanOver(pts []BasinPoint, f func(BasinPoint) float64) (float64, float64) {
	v := make([]float64, len(pts))
	for k, p := range pts {
		v[k] = f(p)
	}
	return plm.MeanStdErr(v)
}

func sizeOf(p BasinPoint) float64 { return p.Size }

func lambdaOf(p BasinPoint) float64 { return p.Lambda }

func marginOf(p BasinPoint) float64 { return p.MinStability }

func storedOf(p BasinPoint) float64 { return p.Stored }

// checkpoint is PL on every set after Config.Epochs[k] epochs.
func (r *BasinTrainingResult) checkpoint(k int) []BasinPoint {
	col := make([]BasinPoint, len(r.PL))
	for s := range r.PL {
		col[s] = r.PL[s][k]
	}
	return col
}

// referenceSize is reference ri's mean basin size over sets and its
// standard error.
func (r *BasinTrainingResult) referenceSize(ri int) (float64, float64) {
	return meanOver(r.References[ri], sizeOf)
}

// PLCurve returns, per checkpoint, the mean basin size over sets and its
// standard error, and the mean λ(t).
func (r *BasinTrainingResult) PLCurve() (size, err, lam []float64) {
	for k := range r.Config.Epochs {
		col := r.checkpoint(k)
		m, e := meanOver(col, sizeOf)
		l, _ := meanOver(col, lambdaOf)
		size, err, lam = append(size, m), append(err, e), append(lam, l)
	}
	return size, err, lam
}

// Passes returns, for each reference, the first checkpoint (index into
// Config.Epochs) from which PL's mean basin stays above the reference's
// mean, or −1.
func (r *BasinTrainingResult) Passes() []int {
	pl, _, _ := r.PLCurve()
	out := make([]int, len(r.RefNames))
	for ri := range r.RefNames {
		ref, _ := r.referenceSize(ri)
		out[ri] = -1
		for k := len(pl) - 1; k >= 0 && pl[k] > ref; k-- {
			out[ri] = k
		}
	}
	return out
}

// Figures: basin size against epochs (log axis) with the references as
// horizontal lines, and a table of λ(t), margins and sizes per checkpoint.
func (r *BasinTrainingResult) Figures() []*figure.Panel {
	c := r.Config
	x := make([]float64, len(c.Epochs))
	for k, e := range c.Epochs {
		x[k] = float64(e)
	}
	pl, plErr, lam := r.PLCurve()
	main := &figure.Panel{
		Panel: c.Name(), Config: c, LogX: true, Legend: "bottom-right",
		Title:  fmt.Sprintf("Basin size along PL training, N = %d, α = %.3g, %d sets", c.N, c.Alpha, c.Sets),
		XLabel: "training time (epochs)", YLabel: "basin size 1 − m_in*",
		Series: []figure.Series{{Name: "PL", X: x, Y: pl, YErr: plErr}},
	}
	xs := []float64{x[0], x[len(x)-1]}
	refSizes := map[string]float64{}
	for ri, name := range r.RefNames {
		m, e := r.referenceSize(ri)
		refSizes[name] = m
		main.Series = append(main.Series, figure.Series{Name: referenceName(name), X: xs, Y: []float64{m, m}, YErr: []float64{e, e}, Dashed: true})
	}
	passes := r.Passes()
	var said []string
	for ri, k := range passes {
		if k >= 0 {
			said = append(said, fmt.Sprintf("%s from %d epochs (λ(t) = %.2f)", referenceName(r.RefNames[ri]), c.Epochs[k], lam[k]))
		} else {
			said = append(said, referenceName(r.RefNames[ri])+" not within this training")
		}
	}
	main.Caption = "PL's basin passes " + strings.Join(said, ", ") + ". Error bars: standard error over pattern sets."
	main.Params = map[string]any{
		"p": r.P, "kappa_max": r.KappaMax, "epsilon": plm.DefaultBasinEpsilon, "lambda": lam,
		"reference_basin_size": refSizes, "skipped": r.Skipped,
		"dynamics": "synchronous, to a fixed point (cap 1000 steps)",
	}
	table := &figure.Panel{Panel: c.Name() + "-table", Config: c, Title: "PL along training, and the references",
		Table: &figure.Table{Header: []string{"couplings", "λ(t) = mean ‖J_i‖", "mean row margin κ_i", "stored fraction", "basin size"}}}
	for k, e := range c.Epochs {
		col := r.checkpoint(k)
		mg, _ := meanOver(col, marginOf)
		st, _ := meanOver(col, storedOf)
		table.Table.Rows = append(table.Table.Rows, []string{fmt.Sprintf("PL, %d epochs", e), sweep.F3(lam[k]), sweep.F3(mg), sweep.F3(st),
			fmt.Sprintf("%.3f ± %.3f", pl[k], plErr[k])})
	}
	for ri, name := range r.RefNames {
		m, e := r.referenceSize(ri)
		mg, _ := meanOver(r.References[ri], marginOf)
		st, _ := meanOver(r.References[ri], storedOf)
		table.Table.Rows = append(table.Table.Rows, []string{referenceName(name), "–", sweep.F3(mg), sweep.F3(st), fmt.Sprintf("%.3f ± %.3f", m, e)})
	}
	if len(r.MaxStability) > 0 {
		var mean, tight, tightSize, minM float64
		minM = math.Inf(1)
		converged := "converged"
		for _, ch := range r.MaxStability {
			if !ch.TightConverged {
				converged = "not converged within the epoch cap"
			}
			mean += ch.MeanMargin / float64(len(r.MaxStability))
			tight += ch.TightMargin / float64(len(r.MaxStability))
			tightSize += ch.TightSize / float64(len(r.MaxStability))
			minM = math.Min(minM, ch.MinMargin)
		}
		ms, _ := r.referenceSize(slices.Index(r.RefNames, "perceptron k=kmax"))
		table.Caption = fmt.Sprintf("Maximal-stability check: AdaTron at tolerance %g gives row margins %.3f on average (smallest %.3f) against κ_max(α) = %.3f for N → ∞; "+
			"a tenfold tighter tolerance (%s) gives %.3f and basin %.3f (against %.3f).",
			r.MaxStability[0].Tolerance, mean, minM, r.KappaMax, converged, tight, tightSize, ms)
		table.Params = map[string]any{"max_stability": r.MaxStability}
	}
	return []*figure.Panel{main, table}
}

// referenceName is the series name the issue and the notebooks use.
func referenceName(rule string) string {
	if rule == "perceptron k=kmax" {
		return "max-stability"
	}
	return rule
}
