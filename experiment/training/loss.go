package training

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
	experiment.Register[LossForms, *LossFormsResult]("the per-site PL loss V_λ(Δ) = log(1 + e^(−2λΔ)), and why it is computed as a softplus", false)
	experiment.Register[GradientCheck, *GradientCheckResult]("the analytic PL gradient against finite differences", false)
	experiment.Register[ExactConditionals, *ExactConditionalsResult]("pseudo-likelihood = sum of exact conditionals, by enumeration of all 2^N states", false)
}

// LossForms evaluates u − log 2cosh u two ways (directly, and as the
// stable −softplus(−2u)) and draws V_λ(Δ) for several λ.
type LossForms struct {
	Us      []float64 `json:"us" help:"values of u = λξh for the table"`
	Lambdas []float64 `json:"lambdas" help:"inverse temperatures λ of the curves"`
}

func (LossForms) Name() string { return "loss-forms" }

// Quick and Paper are the same: this is instant.
func (LossForms) Quick() LossForms {
	return LossForms{Us: []float64{0.5, 5, 50, 500, 800}, Lambdas: []float64{0.5, 1, 2, 8}}
}

func (LossForms) Paper() LossForms { return LossForms{}.Quick() }

func (c LossForms) Validate() error {
	v := experiment.NewValidator(c)
	if len(c.Us) == 0 {
		v.Fail("Us", "needs at least one value")
	}
	for _, u := range c.Us {
		if math.IsNaN(u) {
			v.Fail("Us", "has NaN")
		}
	}
	v.Loads("Lambdas", c.Lambdas, 0)
	return v.Err
}

// LossFormsResult holds the table's two columns.
type LossFormsResult struct {
	Config LossForms `json:"config"`
	Naive  []float64 `json:"naive"`  // u − log 2cosh u, overflows
	Stable []float64 `json:"stable"` // −softplus(−2u)
}

func softplus(u float64) float64 { return math.Max(u, 0) + math.Log1p(math.Exp(-math.Abs(u))) }

func (c LossForms) Run(ctx context.Context, progress experiment.Progress) (*LossFormsResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	res := &LossFormsResult{Config: c}
	for _, u := range c.Us {
		res.Naive = append(res.Naive, u-math.Log(2*math.Cosh(u)))
		res.Stable = append(res.Stable, -softplus(-2*u))
	}
	return res, nil
}

// Figures: the table, then V_λ(Δ).
func (r *LossFormsResult) Figures() []*figure.Panel {
	c := r.Config
	tab := &figure.Table{Header: []string{"u = λξh", "u − log 2cosh u", "−softplus(−2u)"}}
	for k, u := range c.Us {
		tab.Rows = append(tab.Rows, []string{fmt.Sprint(u), fmt.Sprintf("%.6g", r.Naive[k]), fmt.Sprintf("%.6g", r.Stable[k])})
	}
	p := &figure.Panel{Panel: c.Name() + "-v", Config: c, Title: "Per-site loss V_λ(Δ) = log(1 + e^(−2λΔ))", XLabel: "stability Δ", YLabel: "V_λ(Δ)"}
	for _, l := range c.Lambdas {
		p.Series = append(p.Series, figure.FunctionSeries(fmt.Sprintf("λ = %g", l), func(d float64) float64 { return softplus(-2 * l * d) }, -1.5, 1.5, 121))
	}
	return []*figure.Panel{{Panel: c.Name(), Config: c, Title: "Two forms of the same number", Table: tab}, p}
}

// GradientCheck compares the analytic gradient of the mean PL loss with
// central finite differences at random asymmetric couplings (Hebb plus
// Gaussian noise on every entry).
type GradientCheck struct {
	N       int     `json:"n" help:"spins"`
	P       int     `json:"p" help:"patterns"`
	Lambda  float64 `json:"lambda" help:"inverse temperature λ in the loss"`
	Eps     float64 `json:"eps" help:"finite-difference step"`
	Noise   float64 `json:"noise" help:"standard deviation of the noise added to Hebb's couplings"`
	Entries []int   `json:"entries" help:"entries k = iN + j of J checked"`
	Seed    uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

// GradientTolerance is the largest relative difference accepted.
const GradientTolerance = 1e-3

func (GradientCheck) Name() string { return "gradient-check" }

// Quick and Paper are the same: this is instant.
func (GradientCheck) Quick() GradientCheck {
	return GradientCheck{N: 12, P: 30, Lambda: 0.7, Eps: 1e-3, Noise: 0.3, Entries: []int{1, 5, 14, 40, 77, 131}, Seed: 1}
}

func (GradientCheck) Paper() GradientCheck { return GradientCheck{}.Quick() }

func (c GradientCheck) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 2)
	v.AtLeast("P", c.P, 1)
	v.Positive("Lambda", c.Lambda)
	v.Positive("Eps", c.Eps)
	v.NonNegative("Noise", c.Noise)
	if len(c.Entries) == 0 {
		v.Fail("Entries", "needs at least one entry")
	}
	v.Memory(sweep.CouplingBytes(c.P, c.N)...)
	for _, k := range c.Entries {
		if k < 0 || k >= c.N*c.N || k/c.N == k%c.N {
			v.Fail("Entries", "entry %d is not an off-diagonal entry of an %d×%d matrix", k, c.N, c.N)
		}
	}
	return v.Err
}

// GradientCheckResult compares both gradients entry by entry.
type GradientCheckResult struct {
	Config   GradientCheck `json:"config"`
	Analytic []float64     `json:"analytic"`
	Finite   []float64     `json:"finite"`
	Relative []float64     `json:"relative"`
	Worst    float64       `json:"worst"`
}

func (c GradientCheck) Run(ctx context.Context, progress experiment.Progress) (*GradientCheckResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	xi, err := plm.RandomPatterns(c.P, c.N, sweep.NewRand(c.Seed, 1))
	if err != nil {
		return nil, err
	}
	J, err := plm.Hebb{}.Couplings(ctx, xi)
	if err != nil {
		return nil, err
	}
	r := sweep.NewRand(c.Seed, 2)
	for k := range J.W {
		J.W[k] += float32(c.Noise * r.NormFloat64())
	}
	J.ZeroDiagonal()
	g, err := plm.PseudoLikelihoodGradient(J, xi, c.Lambda)
	if err != nil {
		return nil, err
	}
	res := &GradientCheckResult{Config: c}
	for _, k := range c.Entries {
		old := J.W[k]
		up32, down32 := old+float32(c.Eps), old-float32(c.Eps)
		J.W[k] = up32
		up, err := plm.PseudoLikelihoodLoss(J, xi, c.Lambda)
		if err != nil {
			return nil, err
		}
		J.W[k] = down32
		down, err := plm.PseudoLikelihoodLoss(J, xi, c.Lambda)
		if err != nil {
			return nil, err
		}
		J.W[k] = old
		fd := (up - down) / (float64(up32) - float64(down32)) // the step as stored in float32
		rel := math.Abs(fd-g[k]) / math.Max(math.Abs(fd), 1e-6)
		res.Analytic, res.Finite, res.Relative = append(res.Analytic, g[k]), append(res.Finite, fd), append(res.Relative, rel)
		res.Worst = math.Max(res.Worst, rel)
	}
	if res.Worst > GradientTolerance {
		return nil, fmt.Errorf("gradient-check: analytic and finite-difference gradients differ by %.2e (tolerance %g)", res.Worst, GradientTolerance)
	}
	return res, nil
}

// Figures: the comparison table.
func (r *GradientCheckResult) Figures() []*figure.Panel {
	c := r.Config
	tab := &figure.Table{Header: []string{"entry", "analytic", "finite differences", "relative difference"}}
	for k, e := range c.Entries {
		tab.Rows = append(tab.Rows, []string{fmt.Sprintf("J[%d][%d]", e/c.N, e%c.N), fmt.Sprintf("%.6e", r.Analytic[k]), fmt.Sprintf("%.6e", r.Finite[k]), fmt.Sprintf("%.1e", r.Relative[k])})
	}
	return []*figure.Panel{{Panel: c.Name(), Config: c, Title: "Gradient of the mean PL loss", Table: tab,
		Caption: fmt.Sprintf("Largest relative difference %.1e: the analytic gradient is right.", r.Worst)}}
}

// ExactConditionals enumerates the Boltzmann distribution of Hebb's
// (symmetric) couplings over all 2^N states and checks that the
// pseudo-likelihood formula equals the sum of the exact conditionals.
type ExactConditionals struct {
	N    int     `json:"n" help:"spins (2^N states are enumerated; N ≤ 20)"`
	P    int     `json:"p" help:"patterns"`
	Beta float64 `json:"beta" help:"inverse temperature β = λ"`
	Seed uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (ExactConditionals) Name() string { return "exact-conditionals" }

// Quick and Paper are the same: N = 12 enumerates 4096 states.
func (ExactConditionals) Quick() ExactConditionals {
	return ExactConditionals{N: 12, P: 8, Beta: 0.8, Seed: 1}
}

func (ExactConditionals) Paper() ExactConditionals { return ExactConditionals{}.Quick() }

func (c ExactConditionals) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 2)
	if c.N > 20 {
		v.Fail("N", "must be ≤ 20 (2^N states are enumerated), got %d", c.N)
	}
	v.AtLeast("P", c.P, 1)
	v.Positive("Beta", c.Beta)
	v.Memory(limits.Must(4*2, c.P, max(c.N, 1)))
	return v.Err
}

// ExactConditionalsResult holds both sides of the identity.
type ExactConditionalsResult struct {
	Config         ExactConditionals `json:"config"`
	LogZ           float64           `json:"log_z"`
	LogL           float64           `json:"log_l"`   // Σ_μ log p(ξ^μ)
	LogPL          float64           `json:"log_pl"`  // Σ_μ Σ_i log p(ξ_i^μ | rest), enumerated
	Formula        float64           `json:"formula"` // −PN·L_PL
	PerSite        []float64         `json:"per_site"`
	PerSiteFormula []float64         `json:"per_site_formula"`
}

func (c ExactConditionals) Run(ctx context.Context, progress experiment.Progress) (*ExactConditionalsResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	xi, err := plm.RandomPatterns(c.P, c.N, sweep.NewRand(c.Seed, 3))
	if err != nil {
		return nil, err
	}
	J, err := plm.Hebb{}.Couplings(ctx, xi) // symmetric, so the Boltzmann distribution exists
	if err != nil {
		return nil, err
	}
	b, err := plm.ExactBoltzmann(J, c.Beta)
	if err != nil {
		return nil, err
	}
	loss, err := plm.PseudoLikelihoodLoss(J, xi, c.Beta)
	if err != nil {
		return nil, err
	}
	res := &ExactConditionalsResult{Config: c, LogZ: b.LogZ, Formula: -loss * float64(xi.P*c.N),
		PerSite: make([]float64, c.N), PerSiteFormula: make([]float64, c.N)}
	for mu := 0; mu < xi.P; mu++ {
		x := xi.Row(mu)
		res.LogL += b.LogProb(x)
		for i := 0; i < c.N; i++ {
			cond := b.ConditionalLogProb(x, i)
			res.LogPL += cond
			res.PerSite[i] += cond
			var h float64
			for j := 0; j < c.N; j++ {
				h += J.At(i, j) * float64(x[j])
			}
			res.PerSiteFormula[i] -= softplus(-2 * c.Beta * float64(x[i]) * h)
		}
	}
	if math.Abs(res.LogPL-res.Formula) > 1e-8*math.Abs(res.Formula) {
		return nil, fmt.Errorf("exact-conditionals: pseudo-likelihood %v differs from the exact conditionals %v", res.Formula, res.LogPL)
	}
	return res, nil
}

// Figures: the totals, then the per-site comparison.
func (r *ExactConditionalsResult) Figures() []*figure.Panel {
	c := r.Config
	site := make([]float64, c.N)
	for i := range site {
		site[i] = float64(i)
	}
	return []*figure.Panel{
		{Panel: c.Name(), Config: c, Title: "Likelihood and pseudo-likelihood by enumeration", Table: &figure.Table{Header: []string{"quantity", "value"}, Rows: [][]string{
			{"log Z (enumeration of 2^N states)", fmt.Sprintf("%.10f", r.LogZ)},
			{"Σ log p(ξ) — log-likelihood", fmt.Sprintf("%.10f", r.LogL)},
			{"Σ log p(ξ_i | rest) from the enumeration", fmt.Sprintf("%.10f", r.LogPL)},
			{"−PN · L_PL from the formula (no Z)", fmt.Sprintf("%.10f", r.Formula)},
		}}},
		{Panel: c.Name() + "-sites", Config: c, Title: "Σ_μ log p(ξ_i | rest) per site", XLabel: "site i", YLabel: "log-likelihood",
			Series: []figure.Series{{Name: "exact (enumeration)", X: site, Y: r.PerSite}, {Name: "PL formula", X: site, Y: r.PerSiteFormula, Dashed: true}}},
	}
}
