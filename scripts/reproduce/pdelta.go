package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/plmlab/plmlab/plm"
	"github.com/plmlab/plmlab/plotting"
)

func init() {
	panels["p-delta"] = panel{
		about: "replica theory: density P_λ(Δ) of the stabilities for λ = 0.2, 0.8, 1.6, 6.4 and the Hebbian and maximal-stability limits",
		flags: pDeltaFlags,
	}
	panels["p-delta-train"] = panel{
		about: "stabilities of PL networks (free norm) after a short and a long training, against the theory at the measured λ(t)",
		flags: pDeltaTrainFlags,
	}
}

func pDeltaFlags(fs *flag.FlagSet, c *common) func(context.Context) (*plotting.Panel, error) {
	var alpha float64
	var points int
	fs.Float64Var(&alpha, "alpha", 0.4, "load α = P/N")
	fs.IntVar(&points, "points", 351, "points on the Δ axis from −2 to 5")
	return func(ctx context.Context) (*plotting.Panel, error) {
		if c.paper {
			points = 1401
		}
		if !(alpha > 0) {
			return nil, badf("-alpha must be > 0, got %v", alpha)
		}
		if points < 2 {
			return nil, badf("-points must be ≥ 2, got %d", points)
		}
		out := &plotting.Panel{
			Title:  fmt.Sprintf("Replica theory: P_λ(Δ) at α = %g", alpha),
			XLabel: "stability Δ", YLabel: "P_λ(Δ)",
		}
		xs := map[string]float64{}
		for _, l := range []float64{0.2, 0.8, 1.6, 6.4} {
			r, err := plm.SolveReplica(alpha, l)
			if err != nil {
				return nil, err
			}
			name := "lambda=" + strconv.FormatFloat(l, 'g', -1, 64)
			xs[name] = r.X
			out.Series = append(out.Series, plotting.FunctionSeries(name, r.Density, -2, 5, points))
		}
		out.Series = append(out.Series, plotting.FunctionSeries("hebbian", func(d float64) float64 { return plm.HebbianDensity(alpha, d) }, -2, 5, points))
		g, err := plm.GardnerLimit(alpha)
		if err != nil {
			return nil, err
		}
		k := plotting.FunctionSeries("kmax", g.Density, -2, 5, points)
		k.Dashed = true
		out.Series = append(out.Series, k)
		out.Params = map[string]any{
			"alpha": alpha, "x": xs, "kappa_max": g.Kappa, "kmax_delta_weight": g.Weight,
			"note": "series kmax is the continuous part φ(Δ)Θ(Δ−κ_max) of the λ→∞ limit; its delta of weight kmax_delta_weight at κ_max is not in the series",
		}
		return out, nil
	}
}

func parseFloats(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || !(v > 0) {
			return nil, badf("bad load %q in a comma-separated list", f)
		}
		out = append(out, v)
	}
	return out, nil
}

func pDeltaTrainFlags(fs *flag.FlagSet, c *common) func(context.Context) (*plotting.Panel, error) {
	var n, short, long, bins int
	var lr float64
	var alphas string
	fs.IntVar(&n, "n", 200, "number of spins N (paper: 500)")
	fs.StringVar(&alphas, "alphas", "0.4,1.5", "comma-separated loads")
	fs.IntVar(&short, "short", 10, "epochs of the short training")
	fs.IntVar(&long, "long", 1000, "epochs of the long training (paper: 10000)")
	fs.Float64Var(&lr, "lr", 10, "learning rate on the mean loss")
	fs.IntVar(&bins, "bins", 56, "histogram bins over Δ in [−2, 5]")
	return func(ctx context.Context) (*plotting.Panel, error) {
		if c.paper {
			n, long = 500, 10000
		}
		as, err := parseFloats(alphas)
		if err != nil {
			return nil, err
		}
		if n < 10 || short < 1 || long <= short || bins < 2 || !(lr > 0) {
			return nil, badf("need -n ≥ 10, 1 ≤ -short < -long, -bins ≥ 2 and -lr > 0")
		}
		out := &plotting.Panel{
			Title:  fmt.Sprintf("Stabilities of PL networks against theory at λ(t), N = %d", n),
			XLabel: "stability Δ", YLabel: "density",
		}
		lambdas := map[string]float64{}
		for k, a := range as {
			xi, err := plm.RandomPatterns(int(a*float64(n)+0.5), n, newRand(c.seed, uint64(k)))
			if err != nil {
				return nil, err
			}
			var J *plm.Couplings
			done := 0
			for _, target := range []int{short, long} {
				label := fmt.Sprintf("α=%g to %d epochs", a, target)
				pl := plm.PseudoLikelihood{Epochs: target - done, LearningRate: lr, GradClip: 20, Start: J,
					Progress: func(e plm.EpochLog) {
						if e.Epoch%10 == 0 {
							progress(label, done+e.Epoch, target, fmt.Sprintf("λ(t) %.3f stored %.2f", e.Lambda, e.Stored))
						}
					}}
				tr, err := pl.Train(ctx, xi)
				if err != nil {
					return nil, err
				}
				J, done = tr.J, target
				lam := tr.Log[len(tr.Log)-1].Lambda
				d, err := plm.Stabilities(J, xi)
				if err != nil {
					return nil, err
				}
				r, err := plm.SolveReplica(xi.Alpha(), lam)
				if err != nil {
					return nil, err
				}
				tag := fmt.Sprintf("alpha=%g epochs=%d", a, target)
				lambdas[tag] = lam
				out.Series = append(out.Series,
					plotting.HistogramSeries("train "+tag, d, -2, 5, bins),
					dashed(plotting.FunctionSeries("theory "+tag, r.Density, -2, 5, 281)))
			}
		}
		out.Params = map[string]any{"n": n, "alphas": as, "short": short, "long": long, "lr": lr, "lambda_t": lambdas,
			"protocol": "λ = 1, free norm, Hebb start, clipping 20; theory at λ(t) = mean row norm"}
		return out, nil
	}
}

func dashed(s plotting.Series) plotting.Series { s.Dashed = true; return s }
