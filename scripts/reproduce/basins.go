package main

import (
	"context"
	"flag"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/plm"
	"github.com/plmlab/plmlab/plotting"
)

func init() {
	panels["basins"] = panel{
		about: "final overlap m_F against initial overlap m_in for PL, Hebb, pseudo-inverse and perceptrons (κ = 0, 0.1, 0.7, κ_max)",
		flags: basinsFlags,
	}
	panels["basin-size"] = panel{
		about: "basin size 1 − m_in* against the load α for asymmetric and symmetric PL couplings",
		flags: basinSizeFlags,
	}
}

// plTraining is the PL protocol of the panels: λ = 1, free norm, Hebb
// start, clipping at 20 (the authors' defaults).
type plTraining struct {
	epochs int
	lr     float64
}

func (t *plTraining) register(fs *flag.FlagSet, epochs int, lr float64) {
	fs.IntVar(&t.epochs, "epochs", epochs, "PL training epochs (full-batch gradient steps)")
	fs.Float64Var(&t.lr, "lr", lr, "PL learning rate on the mean loss")
}

func (t *plTraining) check() error {
	if t.epochs < 1 {
		return badf("-epochs must be ≥ 1, got %d", t.epochs)
	}
	if !(t.lr > 0) || math.IsInf(t.lr, 0) {
		return badf("-lr must be > 0, got %v", t.lr)
	}
	return nil
}

func (t *plTraining) rule(label string, symmetric bool) plm.PseudoLikelihood {
	return plm.PseudoLikelihood{
		Epochs: t.epochs, LearningRate: t.lr, GradClip: 20, Symmetric: symmetric,
		Progress: func(e plm.EpochLog) {
			if e.Epoch%10 == 0 || e.Epoch == t.epochs {
				progress(label, e.Epoch, t.epochs, fmt.Sprintf("loss %.4f λ(t) %.3f stored %.2f", e.Loss, e.Lambda, e.Stored))
			}
		},
	}
}

func basinsFlags(fs *flag.FlagSet, c *common) func(context.Context) (*plotting.Panel, error) {
	var n, trials int
	var alpha float64
	var tr plTraining
	fs.IntVar(&n, "n", 400, "number of spins N (paper: 1000)")
	fs.Float64Var(&alpha, "alpha", 0.4, "load α = P/N")
	fs.IntVar(&trials, "trials", 5, "noisy starts per pattern and m_in (paper: 10)")
	tr.register(fs, 500, 10)
	return func(ctx context.Context) (*plotting.Panel, error) {
		if c.paper {
			n, trials = 1000, 10
		}
		if n < 10 {
			return nil, badf("-n must be ≥ 10, got %d", n)
		}
		if !(alpha > 0 && alpha < 2) {
			return nil, badf("-alpha must be in (0, 2), got %v", alpha)
		}
		if trials < 1 {
			return nil, badf("-trials must be ≥ 1, got %d", trials)
		}
		if err := tr.check(); err != nil {
			return nil, err
		}
		p := int(math.Round(alpha * float64(n)))
		if p < 1 {
			return nil, badf("-alpha %v gives no pattern at N = %d", alpha, n)
		}
		xi, err := plm.RandomPatterns(p, n, newRand(c.seed, 0))
		if err != nil {
			return nil, err
		}
		kmax, _ := plm.KappaMax(float64(p) / float64(n))
		rules := []struct {
			name string
			rule plm.Rule
			ok   bool
		}{
			{"PL", tr.rule("PL training", false), true},
			{"Hebb", plm.Hebb{}, true},
			{"pseudo-inverse", plm.PseudoInverse{}, p < n},
			{"perceptron k=0", plm.Perceptron{Kappa: 0}, kmax > 0},
			{"perceptron k=0.1", plm.Perceptron{Kappa: 0.1}, kmax > 0.1},
			{"perceptron k=0.7", plm.Perceptron{Kappa: 0.7}, kmax > 0.7},
			{"perceptron k=kmax", plm.Perceptron{MaxStability: true}, kmax > 0},
		}
		out := &plotting.Panel{
			Title:  fmt.Sprintf("Basins of attraction, N = %d, α = %.3g", n, alpha),
			XLabel: "initial overlap m_in", YLabel: "final overlap m_F", Legend: "top-left",
		}
		sizes := map[string]float64{}
		var skipped []string
		for k, r := range rules {
			if !r.ok {
				skipped = append(skipped, r.name)
				continue
			}
			progress("basins", k, len(rules), "building "+r.name)
			J, err := r.rule.Couplings(ctx, xi)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.name, err)
			}
			curve, err := plm.Basins(ctx, J, xi, plm.BasinSettings{Trials: trials, Seed: c.seed,
				Progress: func(d, t int) { progress("basins", k, len(rules), fmt.Sprintf("%s m_in %d/%d", r.name, d, t)) }})
			if err != nil {
				return nil, err
			}
			sizes[r.name], _ = plm.BasinSize(curve, plm.DefaultBasinEpsilon)
			out.Series = append(out.Series, plotting.Series{Name: r.name, X: curve.MIn, Y: curve.MF, YErr: curve.MFStdErr})
		}
		progress("basins", len(rules), len(rules), "done")
		out.Params = map[string]any{
			"n": n, "p": p, "alpha": alpha, "trials": trials, "pl_epochs": tr.epochs, "pl_lr": tr.lr,
			"pl_lambda": 1, "pl_grad_clip": 20, "kappa_max": kmax, "epsilon": plm.DefaultBasinEpsilon,
			"basin_size": sizes, "dynamics": "synchronous, to a fixed point (cap 1000 steps)",
			"skipped": skipped,
		}
		return out, nil
	}
}

func basinSizeFlags(fs *flag.FlagSet, c *common) func(context.Context) (*plotting.Panel, error) {
	var n, trials int
	var amin, amax, astep float64
	var tr plTraining
	fs.IntVar(&n, "n", 200, "number of spins N (paper: 500)")
	fs.Float64Var(&amin, "alpha-min", 0.1, "smallest load")
	fs.Float64Var(&amax, "alpha-max", 1.5, "largest load")
	fs.Float64Var(&astep, "alpha-step", 0.1, "load step")
	fs.IntVar(&trials, "trials", 1, "noisy starts per pattern and m_in (paper: 5)")
	tr.register(fs, 500, 100)
	return func(ctx context.Context) (*plotting.Panel, error) {
		if c.paper {
			n, trials, tr.epochs, astep = 500, 5, 1000, 0.05
		}
		if n < 10 {
			return nil, badf("-n must be ≥ 10, got %d", n)
		}
		if !(amin > 0 && amax >= amin && astep > 0) {
			return nil, badf("need 0 < -alpha-min ≤ -alpha-max and -alpha-step > 0")
		}
		if trials < 1 {
			return nil, badf("-trials must be ≥ 1, got %d", trials)
		}
		if err := tr.check(); err != nil {
			return nil, err
		}
		var alphas []float64
		for k := 0; ; k++ {
			a := amin + float64(k)*astep
			if a > amax+1e-9 {
				break
			}
			alphas = append(alphas, math.Round(a*1e6)/1e6)
		}
		grid := make([]float64, 51)
		for k := range grid {
			grid[k] = float64(k) / 50
		}
		out := &plotting.Panel{
			Title:  fmt.Sprintf("Basin size of PL couplings, N = %d", n),
			XLabel: "load α = P/N", YLabel: "basin size 1 − m_in*",
		}
		params := map[string]any{
			"n": n, "alphas": alphas, "trials": trials, "pl_epochs": tr.epochs, "pl_lr": tr.lr,
			"pl_lambda": 1, "pl_grad_clip": 20, "epsilon": plm.DefaultBasinEpsilon, "m_in_grid": "0, 0.02, …, 1",
			"dynamics": "synchronous, to a fixed point (cap 1000 steps)", "alpha_c": map[string]float64{"asymmetric": 2, "symmetric": 1},
		}
		for v, sym := range []bool{false, true} {
			name := map[bool]string{false: "asymmetric", true: "symmetric"}[sym]
			sweep := plm.LoadSweep{
				N: n, Alphas: alphas, Seed: c.seed,
				Basin: plm.BasinSettings{MIn: grid, Trials: trials, Seed: c.seed},
				Rule: func(a float64) plm.Rule {
					return tr.rule(fmt.Sprintf("%s α=%.2f", name, a), sym)
				},
				Progress: func(d, t int) { progress("basin-size", v*t+d, 2*t, name) },
			}
			pts, err := sweep.Run(ctx)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			s := plotting.Series{Name: name}
			var stored, asym []float64
			for _, pt := range pts {
				s.X = append(s.X, pt.Alpha)
				s.Y = append(s.Y, pt.BasinSize)
				stored = append(stored, pt.Stored)
				asym = append(asym, pt.Asymmetry)
			}
			out.Series = append(out.Series, s)
			params["stored_"+name] = stored
			params["asymmetry_"+name] = asym
		}
		out.Params = params
		return out, nil
	}
}
