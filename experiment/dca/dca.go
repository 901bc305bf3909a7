package dca

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/plm"
)

// Config is one inference; the flags of `plmlab dca` set it, with plmc's
// names and defaults.
type Config struct {
	Alignment string  `json:"alignment" help:"FASTA, A2M or Stockholm alignment (gzip or not)"`
	Focus     string  `json:"focus" help:"focus sequence: the first whose name starts with this (plmc -f)"`
	Alphabet  string  `json:"alphabet" help:"state letters, the gap first (plmc -a; default the 20 amino acids and '-')"`
	IgnoreGap bool    `json:"ignore_gap" help:"the gap has no parameters and adds no term (plmc -g)"`
	Theta     float64 `json:"theta" help:"sequence weights: neighbours differ at < θ of the columns (plmc -t; outside [0, 1]: no weights)"`
	Weights   string  `json:"weights" help:"read the sequence weights from this file instead (plmc -w)"`
	LambdaH   float64 `json:"lambda_h" help:"L2 penalty λ_h Σ h² on the fields (plmc -lh)"`
	LambdaJ   float64 `json:"lambda_e" help:"L2 penalty λ_J Σ_{i<j} J² on the couplings (plmc -le)"`
	MaxIter   int     `json:"max_iter" help:"L-BFGS iteration limit, 0 for none (plmc -m)"`
	Tolerance float64 `json:"tolerance" help:"stop when ‖∇F‖ ≤ tolerance·max(1, ‖x‖) (plmc's 1e-3)"`
	// Asymmetric fits J_ij and J_ji separately (plmDCA's asymmetric PL).
	Asymmetric bool    `json:"asymmetric" help:"fit J_ij and J_ji separately (plmDCA's asymmetric variant)"`
	Structure  string  `json:"structure" help:"contact map (lines i j score distance, in the output's numbering) to score the predictions"`
	Cutoff     float64 `json:"cutoff" help:"distance in Å below which a pair is a contact"`
	MinSep     int     `json:"min_sep" help:"smallest |i − j| of a scored pair (5: the field's |i − j| > 4)"`
}

// Defaults are plmc's defaults (λ_h 0.01, λ_J 100, θ 0.2, tolerance 1e-3,
// no iteration limit) with an 8 Å contact cut-off and |i − j| ≥ 5.
func Defaults() Config {
	return Config{LambdaH: 0.01, LambdaJ: 100, Theta: 0.2, Tolerance: 1e-3, Cutoff: 8, MinSep: 5}
}

// PlmcTest is plmc's regression test's settings (tests/protein.sh):
// -le 16.0 -lh 0.01 -m 100 -g -f DYR_ECOLI.
func PlmcTest(alignment string) Config {
	c := Defaults()
	c.Alignment, c.Focus, c.IgnoreGap = alignment, "DYR_ECOLI", true
	c.LambdaJ, c.MaxIter = 16, 100
	return c
}

// Validate checks the numbers; files are checked when read.
func (c Config) Validate() error {
	var errs []error
	if c.Alignment == "" {
		errs = append(errs, errors.New("dca: no alignment file"))
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"-lh", c.LambdaH}, {"-le", c.LambdaJ}, {"tolerance", c.Tolerance}} {
		if !(p.v >= 0) || math.IsInf(p.v, 0) {
			errs = append(errs, fmt.Errorf("dca: %s must be finite and ≥ 0, got %v", p.name, p.v))
		}
	}
	if math.IsNaN(c.Theta) || math.IsInf(c.Theta, 0) {
		errs = append(errs, fmt.Errorf("dca: θ (-t) must be a number, got %v", c.Theta))
	}
	if c.MaxIter < 0 {
		errs = append(errs, fmt.Errorf("dca: iteration limit (-m) %d < 0", c.MaxIter))
	}
	if c.Structure != "" {
		if !(c.Cutoff > 0) || math.IsInf(c.Cutoff, 0) {
			errs = append(errs, fmt.Errorf("dca: contact cut-off must be > 0 Å, got %v", c.Cutoff))
		}
		if c.MinSep < 1 {
			errs = append(errs, fmt.Errorf("dca: minimum separation %d < 1", c.MinSep))
		}
	}
	return errors.Join(errs...)
}

// Result is an inference and what it was made from.
type Result struct {
	Config  Config
	MSA     *data.MSA
	Weights []float64
	Meff    float64
	Fit     *plm.PottsMAPFit
	// Scores are plmc's APC-corrected Frobenius norms, L×L.
	Scores [][]float64
	// Precision is set when a structure was given.
	Precision *Precision
}

// Precision of the top-ranked pairs against a structure.
type Precision struct {
	Curve          []float64 // precision of the top k pairs, k = 1 … 2L
	AtHalfL, AtL   float64
	At2L           float64
	Contacts       int // pairs at |i − j| ≥ MinSep closer than Cutoff
	Pairs          int // pairs at |i − j| ≥ MinSep that the map lists
	Distance       [][]float64
	Cutoff         float64
	MinSep, Length int
}

// Run reads, weights, fits and scores; progress gets one report per
// L-BFGS iteration (Done counts iterations, Total is the limit or 0).
func Run(ctx context.Context, c Config, progress experiment.Progress) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(experiment.Report) {}
	}
	report := func(done int, step, detail string) {
		progress(experiment.Report{Experiment: "dca", Done: done, Total: c.MaxIter, Step: step, Detail: detail})
	}
	report(0, "reading "+c.Alignment, "")
	msa, err := data.ReadMSA(c.Alignment, data.MSAOptions{Alphabet: c.Alphabet, Focus: c.Focus, IgnoreGap: c.IgnoreGap})
	if err != nil {
		return nil, err
	}
	var cm *data.ContactMap
	if c.Structure != "" {
		if cm, err = data.ReadContactMap(c.Structure); err != nil {
			return nil, err
		}
	}
	r := &Result{Config: c, MSA: msa}
	if c.Weights != "" {
		r.Weights, err = data.ReadWeightsFile(c.Weights, msa)
	} else {
		report(0, "sequence weights", fmt.Sprintf("%d sequences × %d columns", msa.Seqs.M, msa.Seqs.L))
		r.Weights, err = data.IdentityWeights(msa.Seqs, c.Theta)
	}
	if err != nil {
		return nil, err
	}
	r.Meff = data.Meff(r.Weights)
	step := fmt.Sprintf("L-BFGS, L = %d, M = %d, Meff = %.1f", msa.Seqs.L, msa.Seqs.M, r.Meff)
	start, tol := 0.0, c.Tolerance
	if tol == 0 {
		tol = 1e-3
	}
	report(0, step, "")
	fit, err := plm.PottsMAP{
		LambdaH: c.LambdaH, LambdaJ: c.LambdaJ, IgnoreGap: c.IgnoreGap, Asymmetric: c.Asymmetric,
		MaxIterations: c.MaxIter, Tolerance: c.Tolerance,
		Progress: func(e plm.PottsMAPLog) {
			ratio := e.GradNorm / max(1, e.ParamNorm)
			detail := fmt.Sprintf("iteration %d · F %.1f · −log PL %.1f · ‖g‖/max(1,‖x‖) %.2e · %d evaluations · %.1fs",
				e.Iteration, e.Objective, e.NegLogPL, ratio, e.Evaluations, e.Elapsed.Seconds())
			if c.MaxIter > 0 {
				report(e.Iteration, step, detail)
				return
			}
			// No iteration limit: the bar follows log ‖g‖/‖x‖ from its start
			// to the tolerance.
			if e.Iteration == 0 {
				start = ratio
			}
			frac := 0.0
			if start > tol && ratio < start {
				frac = math.Log(start/ratio) / math.Log(start/tol)
			}
			progress(experiment.Report{Experiment: "dca", Done: int(999 * min(frac, 1)), Total: 1000, Step: step, Detail: detail})
		},
	}.Fit(ctx, msa.Seqs, r.Weights)
	if err != nil {
		return nil, err
	}
	r.Fit = fit
	if r.Scores, err = fit.Model.CouplingScores(); err != nil {
		return nil, err
	}
	if cm != nil {
		if r.Precision, err = precision(r.Scores, msa.Offsets, cm, c.Cutoff, c.MinSep); err != nil {
			return nil, err
		}
	}
	progress(experiment.Report{Experiment: "dca", Done: 1, Total: 1, Step: step, Detail: "done: " + fit.Status})
	return r, nil
}

// precision scores the ranking against the map, positions in the output's
// numbering (offsets). Pairs the map does not list never count as
// contacts; a map that covers none of the columns is an error.
func precision(scores [][]float64, offsets []int, cm *data.ContactMap, cutoff float64, minSep int) (*Precision, error) {
	L := len(scores)
	p := &Precision{Cutoff: cutoff, MinSep: minSep, Length: L, Distance: make([][]float64, L)}
	for i := range L {
		p.Distance[i] = make([]float64, L)
		for j := range L {
			p.Distance[i][j] = math.NaN()
			a, b := offsets[i]-1, offsets[j]-1
			if i != j && a < cm.L && b < cm.L {
				p.Distance[i][j] = cm.Distance[a][b]
			}
		}
	}
	for i := range L {
		for j := i + minSep; j < L; j++ {
			if d := p.Distance[i][j]; !math.IsNaN(d) {
				p.Pairs++
				if d < cutoff {
					p.Contacts++
				}
			}
		}
	}
	if p.Pairs == 0 {
		return nil, fmt.Errorf("dca: the contact map covers no pair of the alignment's columns %d…%d", offsets[0], offsets[L-1])
	}
	contact := func(i, j int) bool { d := p.Distance[i][j]; return !math.IsNaN(d) && d < cutoff }
	curve, err := plm.ContactPrecision(scores, contact, minSep, 2*L)
	if err != nil {
		return nil, err
	}
	p.Curve = curve
	at := func(k int) float64 {
		if k < 1 || len(curve) == 0 {
			return math.NaN()
		}
		return curve[min(k, len(curve))-1]
	}
	p.AtHalfL, p.AtL, p.At2L = at(L/2), at(L), at(2*L)
	return p, nil
}

// Summary is the result in a few lines: what was read, how the fit ended
// and, with a structure, the precision.
func (r *Result) Summary() string {
	s, f := r.MSA.Seqs, r.Fit
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d sequences kept of %d, L = %d columns, Q = %d, Meff = %.1f\n", r.Config.Alignment, s.M, r.MSA.Total, s.L, s.Q, r.Meff)
	fmt.Fprintf(&b, "L-BFGS: %d iterations, %d evaluations, %.1f s; F = %.2f, −log PL = %.2f, ‖∇F‖/max(1,‖x‖) = %.2e (%s)\n",
		f.Iterations, f.Evaluations, f.Elapsed.Seconds(), f.Objective, f.NegLogPL, f.GradNorm/max(1, f.ParamNorm), f.Status)
	if p := r.Precision; p != nil {
		fmt.Fprintf(&b, "precision (< %g Å, |i − j| ≥ %d): L/2 %.3f, L %.3f, 2L %.3f (random %.3f)\n",
			p.Cutoff, p.MinSep, p.AtHalfL, p.AtL, p.At2L, float64(p.Contacts)/float64(p.Pairs))
	}
	return b.String()
}
