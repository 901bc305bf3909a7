package main

import (
	"context"
	"flag"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/plm"
	"github.com/plmlab/plmlab/plotting"
)

func init() {
	panels["ea2d"] = panel{
		about: "2D Edwards–Anderson spin glass: final overlap from training, test and random configurations against α, with the true couplings as reference",
		flags: eaFlags,
	}
}

// ladder is a geometric temperature ladder from t to tMax.
func ladder(t, tMax float64, k int) []float64 {
	out := make([]float64, k)
	for i := range out {
		out[i] = t * math.Pow(tMax/t, float64(i)/float64(max(k-1, 1)))
	}
	return out
}

func eaFlags(fs *flag.FlagSet, c *common) func(context.Context) (*plotting.Panel, error) {
	var l, temps, eq, thin, epochs, pTest, pRand int
	var T, tMax, lr, decay float64
	var gauss bool
	var alphas string
	fs.IntVar(&l, "l", 16, "lattice side L, N = L² (paper: 32)")
	fs.Float64Var(&T, "t", 0.99, "temperature of the data (paper: 0.99)")
	fs.BoolVar(&gauss, "gaussian", false, "Gaussian couplings instead of ±J")
	fs.IntVar(&temps, "temps", 12, "temperatures in the parallel-tempering ladder")
	fs.Float64Var(&tMax, "tmax", 2.5, "highest temperature of the ladder")
	fs.IntVar(&eq, "eq", 2000, "equilibration sweeps")
	fs.IntVar(&thin, "thin", 10, "sweeps between collections")
	fs.StringVar(&alphas, "alphas", "0.004,0.02,0.1,0.5,1,2,4,8,16", "comma-separated loads α = P/N")
	fs.IntVar(&epochs, "epochs", 300, "PL epochs (paper: 1000)")
	fs.Float64Var(&lr, "lr", 10, "PL learning rate (authors: 100; unstable here from J = 0)")
	fs.Float64Var(&decay, "decay", 0.999, "learning-rate decay per epoch (paper: 0.999)")
	fs.IntVar(&pTest, "test", 500, "test configurations")
	fs.IntVar(&pRand, "random", 200, "random starts")
	steps := dynamicsFlag(fs)
	return func(ctx context.Context) (*plotting.Panel, error) {
		as, err := parseFloats(alphas)
		if err != nil {
			return nil, err
		}
		if c.paper {
			l, epochs, eq, thin, temps = 32, 1000, 10000, 20, 16
			as = make([]float64, 12)
			for k := range as {
				as[k] = math.Pow(10, -3+float64(k)*math.Log10(64e3)/11) // 1e-3 … 64
			}
		}
		if epochs < 1 || !(lr > 0) || pTest < 1 || pRand < 1 || temps < 1 || !(T > 0) || !(tMax > T) {
			return nil, badf("need -epochs ≥ 1, -lr > 0, -test ≥ 1, -random ≥ 1, -temps ≥ 1, 0 < -t < -tmax")
		}
		kind := data.PlusMinusJ
		if gauss {
			kind = data.Gaussian
		}
		m, err := data.NewEA2D(l, kind, c.seed)
		if err != nil {
			return nil, badf("%v", err)
		}
		n := m.N()
		pMax := int(math.Ceil(as[len(as)-1] * float64(n)))
		chains := 64
		if gauss {
			chains = 8
		}
		need := pMax + pTest
		sweeps := thin * int(math.Ceil(float64(need)/float64(chains)))
		st := data.PTSettings{Temperatures: ladder(T, tMax, temps), Equilibration: eq, Sweeps: sweeps, Thin: thin, Seed: c.seed,
			Progress: func(d, t int) { progress("parallel tempering", d, t, fmt.Sprintf("L=%d T=%g", l, T)) }}
		configs, pt, err := data.CachedSamples(ctx, m, st, "")
		if err != nil {
			return nil, err
		}
		// Interleave so that consecutive configurations come from different
		// chains: the training set is the first P, the test set the last.
		perm := make([]int, configs.P)
		for k := range perm {
			perm[k] = (k%chains)*(configs.P/chains) + k/chains
		}
		all, _ := configs.Subset(perm)
		test, _ := all.Subset(seqFrom(all.P-pTest, pTest))
		random, _ := plm.RandomPatterns(pRand, n, newRand(c.seed, 78))
		dyn, dynText := dynamicsOf(*steps)
		Jtrue := m.Couplings()
		out := &plotting.Panel{
			Title:  fmt.Sprintf("2D Edwards–Anderson, L = %d, T = %g: final overlap", l, T),
			XLabel: "α = P/N", YLabel: "final overlap", LogX: true, Legend: "bottom-left",
		}
		names := []string{"train", "test", "random"}
		series := make([]plotting.Series, 3)
		for k := range series {
			series[k].Name = names[k]
		}
		var recon []float64
		for k, a := range as {
			p := max(1, int(math.Round(a*float64(n))))
			train, _ := all.Subset(seqFrom(0, p))
			// Start from J = 0: Hebb's start is far off for strongly correlated
			// configurations (the authors' linear layer starts small too).
			pl := plm.PseudoLikelihood{Epochs: epochs, LearningRate: lr, LRDecay: decay, GradClip: 20, Init: plm.InitZero,
				Progress: func(e plm.EpochLog) {
					if e.Epoch%10 == 0 {
						progress("ea2d", k, len(as), fmt.Sprintf("α=%.3g P=%d epoch %d/%d", a, p, e.Epoch, epochs))
					}
				}}
			J, err := pl.Couplings(ctx, train)
			if err != nil {
				return nil, err
			}
			for j, starts := range []*plm.Patterns{train, test, random} {
				r, err := plm.Retrieve(ctx, J, starts, train, dyn)
				if err != nil {
					return nil, err
				}
				v := r.Self
				if j == 2 {
					v = absNearest(r.Final, train)
				}
				mean, se := plm.MeanStdErr(v)
				series[j].X, series[j].Y, series[j].YErr = append(series[j].X, a), append(series[j].Y, mean), append(series[j].YErr, se)
			}
			recon = append(recon, reconstructionError(J, Jtrue, 1/T))
		}
		rt, err := plm.Retrieve(ctx, Jtrue, test, nil, dyn)
		if err != nil {
			return nil, err
		}
		tm, _ := plm.MeanStdErr(rt.Self)
		out.Series = append(series, plotting.Series{Name: "true couplings", X: []float64{as[0], as[len(as)-1]}, Y: []float64{tm, tm}, Dashed: true})
		params := map[string]any{"l": l, "n": n, "t": T, "couplings": kind.String(), "alphas": as, "epochs": epochs, "lr": lr, "lr_decay": decay, "init": "zero",
			"test_configurations": pTest, "random_starts": pRand, "dynamics": dynText, "ladder": st.Temperatures,
			"equilibration": eq, "thin": thin, "chains": chains,
			"reconstruction_error": recon, "reconstruction_error_definition": "‖J_PL − J_true/T‖_F / ‖J_true/T‖_F",
			"random_series":         "largest |overlap| of the final state with a training configuration (s and −s are the same state)",
			"true_couplings_series": "mean overlap of the final state with the start, from test configurations, dynamics with the true couplings"}
		if pt != nil {
			params["pt_swap_acceptance"] = pt.SwapAcceptance
			params["pt_autocorr_time_sweeps"] = pt.AutocorrTime
			params["pt_mean_energy"] = pt.MeanEnergy
			params["pt_mean_energy_err"] = pt.MeanEnergyErr
		}
		out.Params = params
		progress("ea2d", len(as), len(as), "done")
		return out, nil
	}
}

// absNearest is, per state, the largest |overlap| with a reference state.
func absNearest(x, refs *plm.Patterns) []float64 {
	o := make([]float64, x.P)
	neg := x.Clone()
	for k := range neg.Data {
		neg.Data[k] = -neg.Data[k]
	}
	for _, s := range []*plm.Patterns{x, neg} {
		_, best, err := plm.NearestOverlaps(s, refs)
		if err != nil {
			continue
		}
		for k, v := range best {
			o[k] = math.Max(o[k], v)
		}
	}
	return o
}

// reconstructionError is ‖J − βJ_true‖_F / ‖βJ_true‖_F.
func reconstructionError(J, truth *plm.Couplings, beta float64) float64 {
	var d, t float64
	for k, v := range J.W {
		w := beta * float64(truth.W[k])
		d += (float64(v) - w) * (float64(v) - w)
		t += w * w
	}
	return math.Sqrt(d / t)
}

// seqFrom returns lo, lo+1, …, lo+n−1.
func seqFrom(lo, n int) []int {
	s := make([]int, n)
	for k := range s {
		s[k] = lo + k
	}
	return s
}
