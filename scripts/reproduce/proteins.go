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
	panels["proteins"] = panel{
		about: "beta-lactamase PF13354 (Potts, q = 21): train and test overlap against α = P/L for asymmetric and symmetric couplings",
		flags: proteinFlags,
	}
}

func proteinFlags(fs *flag.FlagSet, c *common) func(context.Context) (*plotting.Panel, error) {
	var path, alphas string
	var epochs, pTest, pairs int
	var reweight float64
	var lr, l2 float64
	fs.StringVar(&path, "alignment", "", "alignment file (FASTA/A2M, .gz ok); default: PF13354 from shared/data or $PLMLAB_PF13354")
	fs.StringVar(&alphas, "alphas", "0.05,0.3,1,3", "comma-separated loads α = P/L")
	fs.IntVar(&epochs, "epochs", 60, "Adam epochs (full batch)")
	fs.Float64Var(&lr, "lr", 0.01, "Adam learning rate")
	fs.Float64Var(&l2, "l2", 5e-5, "L2 penalty on the couplings (sets where training recall drops)")
	fs.IntVar(&pTest, "test", 200, "test sequences")
	fs.IntVar(&pairs, "pairs", 2000, "random pairs for the identity baseline")
	fs.Float64Var(&reweight, "reweight", 0, "weight sequences by 1/(neighbours at identity ≥ this), e.g. 0.8; 0 weighs all equally")
	steps := dynamicsFlag(fs)
	return func(ctx context.Context) (*plotting.Panel, error) {
		as, err := parseFloats(alphas)
		if err != nil {
			return nil, err
		}
		if c.paper {
			pTest = 1000
			as = []float64{0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30}
		}
		if epochs < 1 || !(lr > 0) || l2 < 0 || pTest < 1 || pairs < 1 || reweight < 0 || reweight > 1 {
			return nil, badf("need -epochs ≥ 1, -lr > 0, -l2 ≥ 0, -test ≥ 1, -pairs ≥ 1, 0 ≤ -reweight ≤ 1")
		}
		if path == "" {
			if path, err = data.FindPF13354(); err != nil {
				return nil, err
			}
		}
		progress("proteins", 0, 2*len(as), "reading "+path)
		al, err := data.ReadAlignment(path)
		if err != nil {
			return nil, err
		}
		s := al.Seqs
		L := s.L
		pMax := int(math.Round(as[len(as)-1] * float64(L)))
		if pMax+pTest > s.M {
			return nil, badf("α = %g needs %d + %d test sequences, the alignment has %d", as[len(as)-1], pMax, pTest, s.M)
		}
		perm := newRand(c.seed, 90).Perm(s.M)
		test, _ := s.Subset(perm[s.M-pTest:])
		// Baseline: identity between random pairs of sequences.
		r := newRand(c.seed, 91)
		var base float64
		for k := 0; k < pairs; k++ {
			a, b := r.IntN(s.M), r.IntN(s.M-1)
			if b >= a {
				b++
			}
			base += plm.Identity(s.Row(a), s.Row(b)) / float64(pairs)
		}
		dyn := plm.PottsDynamics{MaxSteps: *steps}
		dynText := "synchronous arg-max, to a fixed point or cycle (cap 1000 steps)"
		if *steps > 0 {
			dynText = fmt.Sprintf("synchronous arg-max, at most %d steps", *steps)
		}
		out := &plotting.Panel{
			Title:  fmt.Sprintf("Beta-lactamase PF13354 (L = %d, q = %d): overlap after the dynamics", L, s.Q),
			XLabel: "α = P/L", YLabel: "fraction of identical sites", LogX: true, Legend: "bottom-left",
		}
		series := map[string]*plotting.Series{}
		order := []string{"train asym", "test asym", "train sym", "test sym"}
		for _, nm := range order {
			series[nm] = &plotting.Series{Name: nm}
		}
		nearest := plotting.Series{Name: "test: best identity to the training set", Dashed: true}
		cycles := map[string][]float64{}
		done := 0
		for _, a := range as {
			p := max(1, int(math.Round(a*float64(L))))
			train, _ := s.Subset(perm[:p])
			var best float64
			for m := 0; m < test.M; m++ {
				var b float64
				for k := 0; k < train.M; k++ {
					b = math.Max(b, plm.Identity(test.Row(m), train.Row(k)))
				}
				best += b / float64(test.M)
			}
			nearest.X, nearest.Y = append(nearest.X, a), append(nearest.Y, best)
			var w []float64
			if reweight > 0 {
				w = data.Weights(train, reweight)
			}
			for _, sym := range []bool{false, true} {
				tag := map[bool]string{false: "asym", true: "sym"}[sym]
				pl := plm.PottsPL{Epochs: epochs, LearningRate: lr, L2: l2, Symmetric: sym, Weights: w,
					Progress: func(e plm.PottsEpochLog) {
						progress("proteins", done, 2*len(as), fmt.Sprintf("α=%g P=%d %s epoch %d/%d loss %.3f", a, p, tag, e.Epoch, epochs, e.Loss))
					}}
				tr, err := pl.Train(ctx, train)
				if err != nil {
					return nil, err
				}
				for _, set := range []struct {
					name string
					seqs *plm.Sequences
				}{{"train", train}, {"test", test}} {
					rel, err := dyn.Run(ctx, tr.J, set.seqs)
					if err != nil {
						return nil, err
					}
					ids := make([]float64, set.seqs.M)
					nc := 0
					for m := range ids {
						ids[m] = plm.Identity(rel.Final.Row(m), set.seqs.Row(m))
						if rel.CycleLength[m] > 0 {
							nc++
						}
					}
					mean, se := plm.MeanStdErr(ids)
					sr := series[set.name+" "+tag]
					sr.X, sr.Y, sr.YErr = append(sr.X, a), append(sr.Y, mean), append(sr.YErr, se)
					cycles[set.name+" "+tag] = append(cycles[set.name+" "+tag], float64(nc)/float64(set.seqs.M))
				}
				done++
			}
		}
		for _, nm := range order {
			out.Series = append(out.Series, *series[nm])
		}
		out.Series = append(out.Series, nearest,
			plotting.Series{Name: "random pairs", X: []float64{as[0], as[len(as)-1]}, Y: []float64{base, base}, Dashed: true})
		out.Params = map[string]any{"alignment": path, "sequences": s.M, "l": L, "q": s.Q, "alphas": as, "epochs": epochs, "lr": lr,
			"l2": l2, "optimiser": "full-batch Adam from J = 0, no fields, λ = 1", "test_sequences": pTest, "dynamics": dynText, "reweight_identity": reweight,
			"two_cycle_fraction": cycles, "random_pair_identity": base,
			"alpha_definition": "α = P/L with L the number of sites (202 for PF13354)"}
		progress("proteins", 2*len(as), 2*len(as), "done")
		return out, nil
	}
}
