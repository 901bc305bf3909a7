package basins

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[Basins, basinsUnit, *BasinsResult]("final overlap m_F against initial overlap m_in for PL, Hebb, pseudo-inverse and perceptrons (κ = 0, 0.1, 0.7, κ_max)", true)
}

// Basins compares the basins of attraction of PL couplings with those of
// classical rules at one load: from each stored pattern with
// round(N(1−m_in)/2) spins flipped, synchronous dynamics to a fixed point,
// final overlap m_F against m_in (the paper's basin figure, α = 0.4).
type Basins struct {
	N      int     `json:"n" help:"number of spins N"`
	Alpha  float64 `json:"alpha" help:"load α = P/N"`
	Trials int     `json:"trials" help:"noisy starts per pattern and m_in"`
	// Sets of random patterns are averaged; the error bars of the curves
	// and of the basin sizes are standard errors over sets.
	Sets int `json:"sets" help:"independent pattern sets averaged (error bars: standard error over sets)"`
	// MInStep is the spacing of the m_in grid 0, MInStep, …, 1.
	MInStep float64 `json:"m_in_step" help:"spacing of the m_in grid over [0, 1]"`
	Epochs  int     `json:"epochs" help:"PL training epochs (λ = 1, free norm, Hebb start)"`
	LR      float64 `json:"lr" help:"PL learning rate on the mean loss"`
	Clip    float64 `json:"clip" help:"PL gradient-norm clipping (authors: 20)"`
	// Rules are the rules compared, in order: pl, hebb, pseudo-inverse,
	// perceptron:κ (margin κ), max-stability (Gardner's κ_max, AdaTron),
	// dreaming, unlearning, daydreaming. A rule that cannot exist at this
	// load (pseudo-inverse for P ≥ N, κ ≥ κ_max(α)) is skipped and listed.
	Rules            []string `json:"rules" help:"rules compared: pl, hebb, pseudo-inverse, perceptron:κ, max-stability, dreaming, unlearning, daydreaming"`
	DreamingT        float64  `json:"dreaming_t" help:"dreaming time t"`
	UnlearningSteps  int      `json:"unlearning_steps" help:"Hebbian unlearning steps"`
	UnlearningEps    float64  `json:"unlearning_eps" help:"Hebbian unlearning strength ε"`
	DaydreamingSteps int      `json:"daydreaming_steps" help:"Daydreaming steps"`
	DaydreamingTau   float64  `json:"daydreaming_tau" help:"Daydreaming time scale τ"`
	Seed             uint64   `json:"seed" help:"random seed (same seed, same numbers)"`
}

// PaperRules are the rules of the paper's basin figure.
var PaperRules = []string{"pl", "hebb", "pseudo-inverse", "perceptron:0", "perceptron:0.1", "perceptron:0.7", "max-stability"}

func (Basins) Name() string { return "basins" }

// Quick runs in about a minute. PL trains 3000 epochs: long enough for its
// basin to pass maximal stability's (see the basin-training experiment).
func (Basins) Quick() Basins {
	return Basins{N: 400, Alpha: 0.4, Trials: 2, Sets: 3, MInStep: 0.02, Epochs: 3000, LR: 10, Clip: 20, Rules: PaperRules,
		DreamingT: 10, UnlearningSteps: 5000, UnlearningEps: 0.01, DaydreamingSteps: 20000, DaydreamingTau: 20, Seed: 1}
}

// Paper is the paper's size: N = 1000, 5 trials, 5 sets.
func (Basins) Paper() Basins {
	c := Basins{}.Quick()
	c.N, c.Trials, c.Sets = 1000, 5, 5
	return c
}

func (c Basins) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 10)
	v.OpenInterval("Alpha", c.Alpha, 0, 2)
	v.AtLeast("Trials", c.Trials, 1)
	v.AtLeast("Sets", c.Sets, 1)
	v.OpenInterval("MInStep", c.MInStep, 0, 0.5)
	v.Training(c.Epochs, c.LR, c.Clip)
	if len(c.Rules) == 0 {
		v.Fail("Rules", "needs at least one rule")
	}
	for _, r := range c.Rules {
		_, _, _, err := c.rule(r, nil)
		v.Check("Rules", err)
	}
	v.Positive("DreamingT", c.DreamingT)
	v.AtLeast("UnlearningSteps", c.UnlearningSteps, 1)
	v.Positive("UnlearningEps", c.UnlearningEps)
	v.AtLeast("DaydreamingSteps", c.DaydreamingSteps, 1)
	v.Positive("DaydreamingTau", c.DaydreamingTau)
	if v.Err == nil && sweep.Count(c.Alpha, c.N) < 1 {
		v.Fail("Alpha", "%v gives no pattern at N = %d", c.Alpha, c.N)
	}
	p := sweep.Count(c.Alpha, c.N)
	k := v.Steps("MInStep", 1, c.MInStep)
	v.Memory(append(append(sweep.CouplingBytes(p, c.N), limits.Must(8*2, p, p), limits.Must(256, len(c.Rules), c.Sets)), sweep.BasinBytes(p, c.N, c.Trials, k)...)...)
	return v.Err
}

// rule parses a rule spec into its display name, the rule and whether it
// exists at P patterns of N spins (κ_max the maximal stability).
func (c Basins) rule(spec string, t *experiment.Tracker) (string, plm.Rule, func(p, n int, kmax float64) bool, error) {
	always := func(int, int, float64) bool { return true }
	name, arg, hasArg := strings.Cut(strings.TrimSpace(spec), ":")
	switch strings.ToLower(name) {
	case "pl":
		pl := plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, GradClip: c.Clip}
		if t != nil {
			pl.Progress = t.Training(c.Epochs)
		}
		return "PL", pl, always, nil
	case "hebb":
		return "Hebb", plm.Hebb{}, always, nil
	case "pseudo-inverse":
		return "pseudo-inverse", plm.PseudoInverse{}, func(p, n int, _ float64) bool { return p < n }, nil
	case "perceptron":
		k, err := strconv.ParseFloat(arg, 64)
		if !hasArg || err != nil || !(k >= 0) {
			return "", nil, nil, fmt.Errorf("perceptron needs a margin κ ≥ 0, as perceptron:0.7; got %q", spec)
		}
		return "perceptron k=" + strconv.FormatFloat(k, 'g', -1, 64), plm.Perceptron{Kappa: k},
			func(_, _ int, kmax float64) bool { return kmax > k }, nil
	case "max-stability":
		return "perceptron k=kmax", plm.Perceptron{MaxStability: true}, func(_, _ int, kmax float64) bool { return kmax > 0 }, nil
	case "dreaming":
		return fmt.Sprintf("dreaming t=%g", c.DreamingT), plm.Dreaming{T: c.DreamingT}, always, nil
	case "unlearning":
		return "unlearning", plm.Unlearning{Steps: c.UnlearningSteps, Epsilon: c.UnlearningEps, Seed: c.Seed}, always, nil
	case "daydreaming":
		return "Daydreaming", plm.Daydreaming{Steps: c.DaydreamingSteps, Tau: c.DaydreamingTau, Seed: c.Seed}, always, nil
	}
	return "", nil, nil, fmt.Errorf("unknown rule %q (pl, hebb, pseudo-inverse, perceptron:κ, max-stability, dreaming, unlearning, daydreaming)", spec)
}

// BasinsResult holds one basin curve per rule.
type BasinsResult struct {
	Config   Basins       `json:"config"`
	P        int          `json:"p"`
	KappaMax float64      `json:"kappa_max"` // κ_max(α), N → ∞
	Rules    []RuleBasins `json:"rules"`
	Skipped  []string     `json:"skipped"` // rules that cannot exist at this load
}

// RuleBasins is one rule's basin curve and what it stores, averaged over
// the pattern sets.
type RuleBasins struct {
	Name string `json:"name"`
	// Curve is the mean over sets; its MFStdErr is the standard error over
	// sets (over patterns and trials when there is one set).
	Curve   *plm.BasinCurve `json:"curve"`
	Stored  float64         `json:"stored"`     // fraction of patterns that are fixed points
	Size    float64         `json:"basin_size"` // mean over sets of 1 − m_in*, ε = plm.DefaultBasinEpsilon
	SizeErr float64         `json:"basin_size_stderr"`
	Sizes   []float64       `json:"basin_sizes"` // per set
}

func (c Basins) Run(ctx context.Context, progress experiment.Progress) (*BasinsResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// basinsUnit is one rule on one pattern set.
type basinsUnit struct {
	Curve  *plm.BasinCurve
	Size   float64
	Stored float64
}

// present lists the rules that exist at this load (indices into Rules)
// and the names of those that cannot.
func (c Basins) present() (rules []int, skipped []string) {
	p := sweep.Count(c.Alpha, c.N)
	kmax, _ := plm.KappaMax(float64(p) / float64(c.N))
	for k, spec := range c.Rules {
		name, _, exists, err := c.rule(spec, nil)
		if err == nil && !exists(p, c.N, kmax) {
			skipped = append(skipped, name)
			continue
		}
		rules = append(rules, k)
	}
	return rules, skipped
}

// Points are (rule, set), rule-major. A training costs what its rule's
// passes over the patterns cost; every curve then costs about ten
// synchronous steps per start on each m_in.
func (c Basins) Points() []experiment.GridPoint {
	p, n := float64(sweep.Count(c.Alpha, c.N)), float64(c.N)
	basin := 10 * float64(c.Trials) * (1/c.MInStep + 1) * p * n * n
	rules, _ := c.present()
	var pts []experiment.GridPoint
	for _, k := range rules {
		name, _, _, _ := c.rule(c.Rules[k], nil)
		passes := map[string]float64{"pl": float64(c.Epochs), "unlearning": float64(c.UnlearningSteps) / p * 10, "daydreaming": float64(c.DaydreamingSteps) / p * 10,
			"hebb": 1, "pseudo-inverse": 1 + p/n, "dreaming": 1 + p/n}[strings.ToLower(strings.Split(c.Rules[k], ":")[0])]
		if passes == 0 {
			passes = 300 // perceptrons: a few hundred passes
		}
		for s := 0; s < c.Sets; s++ {
			pts = append(pts, experiment.GridPoint{Label: fmt.Sprintf("%s, set %d/%d", name, s+1, c.Sets), Cost: passes*p*n*n + basin})
		}
	}
	return pts
}

func (c Basins) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, basinsUnit) error) error {
	p := sweep.Count(c.Alpha, c.N)
	rules, _ := c.present()
	pts := c.Points()
	for j, k := range idx {
		spec, s := c.Rules[rules[k/c.Sets]], k%c.Sets
		t.At(j, pts[k].Label)
		name, rule, _, err := c.rule(spec, t)
		if err != nil {
			return err
		}
		xi, err := plm.RandomPatterns(p, c.N, sweep.NewRand(c.Seed, uint64(s)))
		if err != nil {
			return err
		}
		J, err := rule.Couplings(ctx, xi)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		curve, err := plm.Basins(ctx, J, xi, plm.BasinSettings{MIn: sweep.Grid(0, 1, c.MInStep), Trials: c.Trials, Seed: c.Seed + uint64(s),
			Progress: func(d, tot int) { t.Detail("%s basins: m_in %d/%d", name, d, tot) }})
		if err != nil {
			return err
		}
		size, err := plm.BasinSize(curve, plm.DefaultBasinEpsilon)
		if err != nil {
			return err
		}
		stored, err := plm.FixedPointFraction(J, xi)
		if err != nil {
			return err
		}
		if err := emit(k, basinsUnit{Curve: curve, Size: size, Stored: stored}); err != nil {
			return err
		}
	}
	return nil
}

func (c Basins) Assemble(units []basinsUnit) (*BasinsResult, error) {
	p := sweep.Count(c.Alpha, c.N)
	kmax, err := plm.KappaMax(float64(p) / float64(c.N))
	if err != nil {
		return nil, err
	}
	rules, skipped := c.present()
	res := &BasinsResult{Config: c, P: p, KappaMax: kmax, Skipped: skipped}
	for r, k := range rules {
		name, _, _, _ := c.rule(c.Rules[k], nil)
		rb := RuleBasins{Name: name}
		var curves []*plm.BasinCurve
		for _, u := range units[r*c.Sets : (r+1)*c.Sets] {
			rb.Sizes = append(rb.Sizes, u.Size)
			rb.Stored += u.Stored / float64(c.Sets)
			curves = append(curves, u.Curve)
		}
		rb.Size, rb.SizeErr = plm.MeanStdErr(rb.Sizes)
		rb.Curve = meanCurve(curves)
		res.Rules = append(res.Rules, rb)
	}
	return res, nil
}

// meanCurve averages basin curves measured on the same grid; with more
// than one curve the error is the standard error over curves.
func meanCurve(cs []*plm.BasinCurve) *plm.BasinCurve {
	if len(cs) == 1 {
		return cs[0]
	}
	m := *cs[0]
	k := len(m.MIn)
	m.MF, m.MFStdErr, m.Retrieved, m.FixedPoint = make([]float64, k), make([]float64, k), make([]float64, k), make([]float64, k)
	v := make([]float64, len(cs))
	for j := 0; j < k; j++ {
		for i, c := range cs {
			v[i] = c.MF[j]
			m.Retrieved[j] += c.Retrieved[j] / float64(len(cs))
			m.FixedPoint[j] += c.FixedPoint[j] / float64(len(cs))
		}
		m.MF[j], m.MFStdErr[j] = plm.MeanStdErr(v)
	}
	m.Trials *= len(cs)
	return &m
}

// Figures: the basin curves, then a table of stored fractions and sizes.
func (r *BasinsResult) Figures() []*figure.Panel {
	c := r.Config
	sizes, errs := map[string]float64{}, map[string]float64{}
	main := &figure.Panel{
		Panel: c.Name(), Config: c,
		Title:  fmt.Sprintf("Basins of attraction, N = %d, α = %.3g", c.N, c.Alpha),
		XLabel: "initial overlap m_in", YLabel: "final overlap m_F", Legend: "top-left",
	}
	table := &figure.Panel{Panel: c.Name() + "-sizes", Config: c, Title: "Stored patterns and basin sizes",
		Table:   &figure.Table{Header: []string{"rule", "stored fraction", "basin size 1 − m_in*"}},
		Caption: fmt.Sprintf("Mean over %d pattern set(s) ± standard error; ε = %g.", c.Sets, plm.DefaultBasinEpsilon)}
	for _, rb := range r.Rules {
		sizes[rb.Name], errs[rb.Name] = rb.Size, rb.SizeErr
		main.Series = append(main.Series, figure.Series{Name: rb.Name, X: rb.Curve.MIn, Y: rb.Curve.MF, YErr: rb.Curve.MFStdErr})
		table.Table.Rows = append(table.Table.Rows, []string{rb.Name, sweep.F3(rb.Stored), fmt.Sprintf("%.3f ± %.3f", rb.Size, rb.SizeErr)})
	}
	main.Params = map[string]any{
		"p": r.P, "kappa_max": r.KappaMax, "pl_lambda": 1, "epsilon": plm.DefaultBasinEpsilon,
		"sets": c.Sets, "basin_size": sizes, "basin_size_stderr": errs, "dynamics": "synchronous, to a fixed point (cap 1000 steps)", "skipped": r.Skipped,
	}
	if len(r.Skipped) > 0 {
		table.Caption += " Not possible at this load: " + strings.Join(r.Skipped, ", ") + "."
	}
	return []*figure.Panel{main, table}
}
