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
	panels["rf"] = panel{
		about: "random features: heat maps over (α_D, α) of the final overlap from training examples, features and test examples (PL and Hebb)",
		flags: rfFlags,
	}
	panels["mnist"] = panel{
		about: "binarised MNIST: final overlap from training images, test images and random configurations against α",
		flags: mnistFlags,
	}
}

// dynamicsFlag registers -steps: 0 runs to a fixed point (cap 1000), K > 0
// runs exactly K synchronous steps (the authors' protocol).
func dynamicsFlag(fs *flag.FlagSet) *int {
	return fs.Int("steps", 0, "synchronous steps: 0 runs to a fixed point or cycle (cap 1000); K > 0 runs exactly K steps (authors: 10 for MNIST, 100 elsewhere)")
}

func dynamicsOf(steps int) (plm.Dynamics, string) {
	if steps > 0 {
		return plm.Dynamics{MaxSteps: steps, FixedSteps: true}, fmt.Sprintf("synchronous, exactly %d steps", steps)
	}
	return plm.Dynamics{}, "synchronous, to a fixed point or cycle (cap 1000 steps)"
}

func meanSelf(ctx context.Context, J *plm.Couplings, starts *plm.Patterns, d plm.Dynamics) (float64, error) {
	r, err := plm.Retrieve(ctx, J, starts, nil, d)
	if err != nil {
		return math.NaN(), err
	}
	m, _ := plm.MeanStdErr(r.Self)
	return m, nil
}

func rfFlags(fs *flag.FlagSet, c *common) func(context.Context) (*plotting.Panel, error) {
	var n, l, epochs, pTest int
	var lr float64
	fs.IntVar(&n, "n", 200, "number of spins N (paper: 500)")
	fs.IntVar(&l, "l", 3, "non-zero coefficients per example (0: all D)")
	fs.IntVar(&epochs, "epochs", 200, "PL epochs per grid point")
	fs.Float64Var(&lr, "lr", 10, "PL learning rate")
	fs.IntVar(&pTest, "test", 200, "test examples per grid point")
	steps := dynamicsFlag(fs)
	return func(ctx context.Context) (*plotting.Panel, error) {
		aDs := []float64{0.02, 0.05, 0.1, 0.2, 0.5, 1}
		as := []float64{0.1, 0.3, 0.5, 1, 1.5, 2.1}
		zoom := []float64{0.005, 0.01, 0.02, 0.03, 0.04, 0.05}
		if c.paper {
			n, epochs = 500, 500
			aDs = []float64{0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.5, 2}
			as = []float64{0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.3, 1.6, 1.9, 2.1}
			zoom = []float64{0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05}
		}
		if n < 20 || epochs < 1 || !(lr > 0) || pTest < 1 || l < 0 {
			return nil, badf("need -n ≥ 20, -epochs ≥ 1, -lr > 0, -test ≥ 1, -l ≥ 0")
		}
		dyn, dynText := dynamicsOf(*steps)
		out := &plotting.Panel{
			Title:  fmt.Sprintf("Random features, N = %d, L = %d: final overlap", n, l),
			XLabel: "α_D = D/N", YLabel: "α = P/N",
		}
		type grid struct {
			name string
			z    [][]float64
		}
		total := 2 * len(as) * (len(aDs) + len(zoom))
		done := 0
		for _, g := range []struct {
			suffix string
			aDs    []float64
		}{{"", aDs}, {" (zoom)", zoom}} {
			maps := map[string][][]float64{}
			names := []string{"train PL", "features PL", "test PL", "train hebb", "features hebb", "test hebb"}
			for _, nm := range names {
				maps[nm] = make([][]float64, len(as))
				for iy := range as {
					maps[nm][iy] = make([]float64, len(g.aDs))
				}
			}
			for ix, aD := range g.aDs {
				d := max(1, int(math.Round(aD*float64(n))))
				for iy, a := range as {
					p := max(1, int(math.Round(a*float64(n))))
					lk := l
					if lk > d {
						lk = d
					}
					fd, err := data.RandomFeatures{N: n, D: d, L: lk, Seed: c.seed + uint64(1000*ix+iy)}.Generate(p, pTest)
					if err != nil {
						return nil, err
					}
					for _, r := range []struct {
						tag  string
						rule plm.Rule
					}{{"PL", plm.PseudoLikelihood{Epochs: epochs, LearningRate: lr, GradClip: 20}}, {"hebb", plm.Hebb{}}} {
						progress("rf"+g.suffix, done, total, fmt.Sprintf("α_D=%g α=%g %s", aD, a, r.tag))
						J, err := r.rule.Couplings(ctx, fd.Train)
						if err != nil {
							return nil, err
						}
						for _, s := range []struct {
							name   string
							starts *plm.Patterns
						}{{"train", fd.Train}, {"features", fd.Features}, {"test", fd.Test}} {
							m, err := meanSelf(ctx, J, s.starts, dyn)
							if err != nil {
								return nil, err
							}
							maps[s.name+" "+r.tag][iy][ix] = m
						}
						done++
					}
				}
			}
			for _, nm := range names {
				out.Heatmaps = append(out.Heatmaps, plotting.Heatmap{Name: nm + g.suffix, X: g.aDs, Y: as, Z: maps[nm]})
			}
		}
		progress("rf", total, total, "done")
		out.Params = map[string]any{"n": n, "l": l, "pl_epochs": epochs, "pl_lr": lr, "pl_lambda": 1, "test_examples": pTest,
			"alpha_d": aDs, "alpha": as, "alpha_d_zoom": zoom, "dynamics": dynText,
			"z": "mean Mattis overlap of the final state with the start (training example, feature or test example)"}
		return out, nil
	}
}

func mnistFlags(fs *flag.FlagSet, c *common) func(context.Context) (*plotting.Panel, error) {
	var epochs, pTest, pRand, batch int
	var lr, lambda float64
	var full bool
	var dir, init string
	fs.IntVar(&epochs, "epochs", 101, "PL epochs (paper: 301)")
	fs.Float64Var(&lr, "lr", 100, "PL learning rate (paper: 100)")
	fs.Float64Var(&lambda, "lambda", 0.1, "λ in the loss (paper: 0.1)")
	fs.IntVar(&batch, "batch", 1000, "mini-batch size (paper: min(P, 1000))")
	fs.IntVar(&pTest, "test", 1000, "test images (paper: 10000)")
	fs.IntVar(&pRand, "random", 300, "random starts")
	fs.BoolVar(&full, "full", false, "use all 28×28 pixels (N = 784) instead of the 14×14 centre")
	fs.StringVar(&dir, "mnist", "", "folder with the MNIST idx files (default: the Go module cache)")
	fs.StringVar(&init, "init", "zero", "start of PL training: zero, hebb or random (Hebb's start is far off for correlated images)")
	steps := dynamicsFlag(fs)
	return func(ctx context.Context) (*plotting.Panel, error) {
		as := []float64{0.1, 0.3, 1, 3, 10}
		if c.paper {
			epochs, pTest = 301, 10000
			as = make([]float64, 10)
			for k := range as {
				as[k] = math.Pow(10, -1+3*float64(k)/9)
			}
		}
		if epochs < 1 || !(lr > 0) || !(lambda > 0) || pTest < 1 || pRand < 1 || batch < 0 {
			return nil, badf("need -epochs ≥ 1, -lr > 0, -lambda > 0, -test ≥ 1, -random ≥ 1, -batch ≥ 0")
		}
		start, ok := map[string]plm.Init{"zero": plm.InitZero, "hebb": plm.InitHebb, "random": plm.InitRandom}[init]
		if !ok {
			return nil, badf("-init must be zero, hebb or random, got %q", init)
		}
		dyn, dynText := dynamicsOf(*steps)
		bin := data.PaperBinarisation
		if full {
			bin = data.FullBinarisation
		}
		progress("mnist", 0, len(as), "loading MNIST")
		m, err := data.LoadMNIST(dir)
		if err != nil {
			return nil, err
		}
		w, h := bin.Size(m.Train.Rows, m.Train.Cols)
		n := w * h
		pMax := int(math.Round(as[len(as)-1] * float64(n)))
		if pMax+pTest > m.Train.Count {
			return nil, badf("α = %g needs %d + %d test images, more than the %d available", as[len(as)-1], pMax, pTest, m.Train.Count)
		}
		// One binarised draw; training sets are its prefixes, so every α
		// shares the test set (the authors' split).
		all, err := m.Patterns(bin, pMax, pTest, c.seed)
		if err != nil {
			return nil, err
		}
		random, err := plm.RandomPatterns(pRand, n, newRand(c.seed, 77))
		if err != nil {
			return nil, err
		}
		out := &plotting.Panel{
			Title:  fmt.Sprintf("Binarised MNIST (N = %d): final overlap against α", n),
			XLabel: "α = P/N", YLabel: "final overlap", LogX: true, Legend: "bottom-left",
		}
		series := map[string]*plotting.Series{}
		for _, nm := range []string{"train", "test", "random"} {
			series[nm] = &plotting.Series{Name: nm}
		}
		classAcc := []float64{}
		for k, a := range as {
			p := int(math.Round(a * float64(n)))
			train, _ := all.Train.Subset(seqFrom(0, p))
			b := batch
			if b >= p {
				b = 0
			}
			pl := plm.PseudoLikelihood{Epochs: epochs, LearningRate: lr, Lambda: lambda, GradClip: 20, BatchSize: b, Seed: c.seed, Init: start,
				Progress: func(e plm.EpochLog) {
					if e.Epoch%5 == 0 {
						progress("mnist", k, len(as), fmt.Sprintf("α=%.3g P=%d epoch %d/%d stored %.2f", a, p, e.Epoch, epochs, e.Stored))
					}
				}}
			J, err := pl.Couplings(ctx, train)
			if err != nil {
				return nil, err
			}
			for _, s := range []struct {
				name   string
				starts *plm.Patterns
			}{{"train", train}, {"test", all.Test}, {"random", random}} {
				r, err := plm.Retrieve(ctx, J, s.starts, train, dyn)
				if err != nil {
					return nil, err
				}
				v := r.Self
				if s.name == "random" {
					v = r.NearestOverlap // a random start has no own example: distance to the closest training image
				}
				mean, se := plm.MeanStdErr(v)
				sr := series[s.name]
				sr.X, sr.Y, sr.YErr = append(sr.X, a), append(sr.Y, mean), append(sr.YErr, se)
				if s.name == "test" {
					ok := 0
					for i, j := range r.Nearest {
						if all.TrainLabels[j] == all.TestLabels[i] {
							ok++
						}
					}
					classAcc = append(classAcc, float64(ok)/float64(len(r.Nearest)))
				}
			}
		}
		progress("mnist", len(as), len(as), "done")
		for _, nm := range []string{"train", "test", "random"} {
			out.Series = append(out.Series, *series[nm])
		}
		out.Params = map[string]any{"n": n, "alphas": as, "epochs": epochs, "lr": lr, "lambda": lambda, "batch": batch, "init": init,
			"test_images": pTest, "random_starts": pRand, "dynamics": dynText, "binarisation": bin,
			"split":                         "first P of a seeded permutation of the 60,000 training images; test = the next ones",
			"random_series":                 "largest overlap of the final state with a training image",
			"test_attractor_class_accuracy": classAcc}
		return out, nil
	}
}
