package inference

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/experiment/spinglass"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[Inference, InferencePoint, *InferenceResult]("PL as an inference tool: reconstruction error of the couplings against the number of samples, PL against maximum likelihood, mean-field, TAP, Bethe and independent-pair inference, on the 2D EA spin glass and a 2D ferromagnet below and above T_c", false)
}

// Inference compares inverse-Ising methods on equilibrium samples of known
// couplings (the review "Inverse problems…", arXiv:2507.02574):
//   - the 2D Edwards–Anderson ±J instance of ea2d at temperature T, sampled
//     by its parallel tempering (EASamples);
//   - the 2D ferromagnet (J = 1 on the bonds of the same periodic lattice)
//     at each of FerroTemps, sampled by heat-bath chains that start in the
//     all-up state: below T_c = 2.269 the samples are of the + state, the
//     review's ordered case.
//
// Every method infers βJ from the first P samples of a block of samples;
// the error is γ = ‖J_inferred − βJ_true‖/‖βJ_true‖ over all pairs. Repeats
// disjoint blocks give the error bars. PL and maximum likelihood share the
// Gaussian prior of width Prior on each βJ_ij, which keeps their estimates
// finite when a site's samples are separable (few samples, strong
// coupling): a penalty ½ Σ_j J_ij²/Prior² on each site's summed log-PL.
type Inference struct {
	L          int       `json:"l" help:"lattice side L (N = L², periodic; even, as the EA sampler's checkerboard needs)"`
	T          float64   `json:"t" help:"temperature of the spin-glass samples"`
	FerroTemps []float64 `json:"ferro_temps" help:"temperatures of the ferromagnet's samples (T_c = 2.269)"`
	Samples    []int     `json:"samples" help:"numbers of samples P the methods see"`
	Repeats    int       `json:"repeats" help:"disjoint blocks of samples per P (error bars)"`
	Thin       int       `json:"thin" help:"heat-bath sweeps between a ferromagnet chain's samples"`
	Prior      float64   `json:"prior" help:"width σ of the Gaussian prior on each βJ_ij for PL and maximum likelihood; 0: none"`
	MLChains   int       `json:"ml_chains" help:"persistent chains of Boltzmann learning (maximum likelihood); 0 skips it"`
	MLSteps    int       `json:"ml_steps" help:"Boltzmann-learning steps (started from PL's couplings)"`
	Seed       uint64    `json:"seed" help:"random seed: the instance, the sampling and every draw (same seed, same numbers)"`
}

func (Inference) Name() string { return "inference" }

// Quick: L = 8 (N = 64), up to 16,000 samples, three blocks.
func (Inference) Quick() Inference {
	return Inference{L: 8, T: 0.99, FerroTemps: []float64{1.8, 3}, Samples: []int{250, 1000, 4000, 16000}, Repeats: 3,
		Thin: 10, Prior: 1, MLChains: 200, MLSteps: 500, Seed: 1}
}

// Paper: L = 12 (N = 144), up to 64,000 samples, five blocks, and twice
// the chains and three times the steps of Boltzmann learning, whose Monte
// Carlo noise the quick preset's largest P already resolves.
func (Inference) Paper() Inference {
	c := Inference{}.Quick()
	c.L, c.Samples, c.Repeats, c.MLChains, c.MLSteps = 12, []int{250, 1000, 4000, 16000, 64000}, 5, 400, 1500
	return c
}

func (c Inference) Validate() error {
	v := experiment.NewValidator(c)
	if c.L < 4 || c.L%2 != 0 || c.L > 64 {
		v.Fail("L", "must be even and in [4, 64], got %d", c.L)
	}
	v.Within("T", c.T, 0.1, 10)
	for _, t := range c.FerroTemps {
		if !(t >= 0.5 && t <= 10) {
			v.Fail("FerroTemps", "each temperature must be in [0.5, 10], got %v", c.FerroTemps)
			break
		}
	}
	if len(c.Samples) == 0 {
		v.Fail("Samples", "needs at least one sample count")
	}
	for k, p := range c.Samples {
		if p < 2 || (k > 0 && p <= c.Samples[k-1]) || p > 1<<24 {
			v.Fail("Samples", "must increase, each in [2, 2²⁴], got %v", c.Samples)
			break
		}
	}
	v.AtLeast("Repeats", c.Repeats, 1)
	v.AtLeast("Thin", c.Thin, 1)
	v.NonNegative("Prior", c.Prior)
	v.AtLeast("MLChains", c.MLChains, 0)
	if c.MLChains > 0 {
		v.AtLeast("MLSteps", c.MLSteps, 1)
	}
	v.Product("Thin × 100 burn-in rounds", c.Thin, 100)
	if len(c.Samples) > 0 {
		v.Product("Repeats × Samples", c.Repeats, c.Samples[len(c.Samples)-1])
	}
	if v.Err == nil {
		n := c.L * c.L
		v.Memory(limits.Must(4, c.pool(), n), limits.Must(4*60, n, n), limits.Must(4*3, c.MLChains, n))
	}
	return v.Err
}

// InferenceMethods are the methods, in the figures' order.
var InferenceMethods = []string{"PL", "PL (asymmetric)", "maximum likelihood", "mean-field", "TAP", "Bethe", "independent pair"}

// pool is the number of samples drawn per system: Repeats blocks of the
// largest P.
func (c Inference) pool() int { return c.Repeats * c.Samples[len(c.Samples)-1] }

// systems are the sample sources: the spin glass, then each ferromagnet.
func (c Inference) systems() []string {
	out := []string{fmt.Sprintf("EA ±J, T = %g", c.T)}
	for _, t := range c.FerroTemps {
		out = append(out, fmt.Sprintf("ferromagnet, T = %g", t))
	}
	return out
}

// samples is the spin glass's sampling: ea2d's ladder at this L and T.
func (c Inference) samples() spinglass.EASamples {
	s := spinglass.EA2D{}.Quick().Samples()
	s.L, s.T, s.Configurations, s.Seed = c.L, c.T, c.pool(), c.Seed
	return s
}

// InferencePoint is one block of one system: Gamma[m][k] for method m at
// Samples[k] (NaN where the method has no answer), and the mean |m_i| of
// the block's samples.
type InferencePoint struct {
	Gamma         [][]float64
	Magnetisation float64
}

type inferenceCell struct{ system, block int }

func (c Inference) cells() []inferenceCell {
	var out []inferenceCell
	for s := range c.systems() {
		for b := 0; b < c.Repeats; b++ {
			out = append(out, inferenceCell{s, b})
		}
	}
	return out
}

// Points are (system, block); a block costs its PL minima (about 100
// evaluations of 2PN² each) and its Boltzmann learning.
func (c Inference) Points() []experiment.GridPoint {
	n := float64(c.L * c.L)
	var cost float64
	for _, p := range c.Samples {
		cost += 200*float64(p)*n*n + float64(c.MLSteps*c.MLChains)*n*n
	}
	var pts []experiment.GridPoint
	names := c.systems()
	for _, cell := range c.cells() {
		pts = append(pts, experiment.GridPoint{Label: fmt.Sprintf("%s, block %d", names[cell.system], cell.block+1), Cost: cost})
	}
	return pts
}

// ferromagnet is the periodic L×L lattice with J = 1 on every bond.
func (c Inference) ferromagnet() *plm.Couplings {
	l, n := c.L, c.L*c.L
	J := &plm.Couplings{N: n, W: make([]float32, n*n)}
	for i := 0; i < n; i++ {
		right, down := i-i%l+(i%l+1)%l, (i+l)%n
		for _, j := range []int{right, down} {
			J.W[i*n+j], J.W[j*n+i] = 1, 1
		}
	}
	return J
}

// ferroChains are the heat-bath chains run side by side; sample q is chain
// q mod ferroChains after q/ferroChains + 1 rounds of Thin sweeps, so that
// consecutive samples come from different chains.
const ferroChains = 64

// ferroSamples draws a block of the ferromagnet's samples at temp, from
// chains started all up and equilibrated for 100·Thin sweeps.
func (c Inference) ferroSamples(ctx context.Context, J *plm.Couplings, temp float64, seed uint64, t *experiment.Tracker) (*plm.Patterns, error) {
	n, want := J.N, c.Samples[len(c.Samples)-1]
	cur := &plm.Patterns{P: ferroChains, N: n, Data: make([]float32, ferroChains*n)}
	for k := range cur.Data {
		cur.Data[k] = 1
	}
	out := &plm.Patterns{N: n}
	for round := 0; out.P < want; round++ {
		burn := c.Thin
		if round == 0 {
			burn = 100 * c.Thin
		}
		eq, err := plm.HeatBath{T: temp, Mode: plm.Asynchronous, BurnIn: burn, Seed: seed + uint64(round)<<24}.Run(ctx, J, cur, nil)
		if err != nil {
			return nil, err
		}
		cur = eq.Final
		take := min(ferroChains, want-out.P)
		out.Data = append(out.Data, cur.Data[:take*n]...)
		out.P += take
		if round%20 == 0 {
			t.Detail("heat bath at T = %g: %d/%d samples", temp, out.P, want)
		}
	}
	return out, nil
}

// block returns the samples of a cell and βJ_true.
func (c Inference) block(ctx context.Context, cell inferenceCell, t *experiment.Tracker) (*plm.Patterns, *plm.Couplings, error) {
	pMax := c.Samples[len(c.Samples)-1]
	if cell.system > 0 {
		temp := c.FerroTemps[cell.system-1]
		J := c.ferromagnet()
		x, err := c.ferroSamples(ctx, J, temp, c.Seed+uint64(1000*cell.system+cell.block), t)
		if err != nil {
			return nil, nil, err
		}
		return x, sweep.Scaled(J, 1/temp), nil
	}
	s, err := experiment.Cached(ctx, c.samples(), func(r experiment.Report) {
		if r.Cache == "" {
			t.Detail("%s %d/%d", r.Step, r.Done, r.Total)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	m, err := c.samples().Instance()
	if err != nil {
		return nil, nil, err
	}
	// Interleave the chains, as ea2d does; block b is the b-th run of pMax.
	chains, p := s.PT.Chains, s.Configs.P
	perm := make([]int, pMax)
	for q := range perm {
		perm[q] = spinglass.Interleaved(cell.block*pMax+q, chains, p)
	}
	x, err := s.Configs.Subset(perm)
	if err != nil {
		return nil, nil, err
	}
	return x, sweep.Scaled(m.Couplings(), 1/c.T), nil
}

func (c Inference) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, InferencePoint) error) error {
	cells, pts := c.cells(), c.Points()
	for j, k := range idx {
		t.At(j, pts[k].Label)
		all, truth, err := c.block(ctx, cells[k], t)
		if err != nil {
			return err
		}
		u := InferencePoint{Gamma: make([][]float64, len(InferenceMethods))}
		for _, p := range c.Samples {
			x, err := all.Subset(sweep.Seq(0, p))
			if err != nil {
				return err
			}
			t.Detail("P = %d", p)
			est, err := c.infer(ctx, x, uint64(1000*k+p))
			if err != nil {
				return fmt.Errorf("%s, P = %d: %w", pts[k].Label, p, err)
			}
			for m, J := range est {
				g := math.NaN()
				if J != nil {
					if g, err = plm.ReconstructionError(J, truth); err != nil {
						return err
					}
				}
				u.Gamma[m] = append(u.Gamma[m], g)
			}
		}
		mom, err := plm.SampleMoments(all)
		if err != nil {
			return err
		}
		for _, v := range mom.M {
			u.Magnetisation += math.Abs(v) / float64(mom.N)
		}
		if err := emit(k, u); err != nil {
			return err
		}
	}
	return nil
}

// infer runs every method on the samples x, in InferenceMethods' order
// (nil where a method has no answer: the C⁻¹ methods with a singular
// correlation matrix, the independent pair when a pair was never seen in
// one of its four states).
func (c Inference) infer(ctx context.Context, x *plm.Patterns, seed uint64) ([]*plm.Couplings, error) {
	out := make([]*plm.Couplings, len(InferenceMethods))
	var l2 float64
	if c.Prior > 0 {
		l2 = 1 / (c.Prior * c.Prior * float64(x.P))
	}
	mt, err := plm.PLMinimum{Init: plm.InitZero, L2: l2}.Train(ctx, x)
	if err != nil {
		return nil, err
	}
	out[0], out[1] = mt.J.Symmetrised(), mt.J
	mom, err := plm.SampleMoments(x)
	if err != nil {
		return nil, err
	}
	if c.MLChains > 0 {
		ml, err := plm.BoltzmannLearning{Steps: c.MLSteps, Chains: c.MLChains, L2: l2, Start: out[0], ChainStarts: x, Seed: seed}.Fit(ctx, mom)
		if err != nil {
			return nil, fmt.Errorf("maximum likelihood: %w", err)
		}
		out[2] = ml.J
	}
	out[3], _ = mom.MeanField()
	out[4], _ = mom.TAP()
	out[5], _ = mom.Bethe()
	out[6], _ = mom.IndependentPair()
	return out, nil
}

// InferenceResult holds γ per system, method and sample count, averaged
// over the blocks.
type InferenceResult struct {
	Config  Inference `json:"config"`
	Systems []string  `json:"systems"`
	// Gamma[s][m][k]: system s, method m, Samples[k]; Err its standard
	// error over the blocks (NaN with one block).
	Gamma         [][][]float64    `json:"gamma"`
	Err           [][][]float64    `json:"err"`
	Magnetisation []float64        `json:"magnetisation"`
	Points        []InferencePoint `json:"points"`
}

func (c Inference) Assemble(units []InferencePoint) (*InferenceResult, error) {
	res := &InferenceResult{Config: c, Systems: c.systems(), Points: units}
	for s := range res.Systems {
		blocks := units[s*c.Repeats : (s+1)*c.Repeats]
		g, e := make([][]float64, len(InferenceMethods)), make([][]float64, len(InferenceMethods))
		var mag float64
		for m := range InferenceMethods {
			for k := range c.Samples {
				var v []float64
				for _, b := range blocks {
					v = append(v, b.Gamma[m][k])
				}
				mean, se := plm.MeanStdErr(v)
				g[m], e[m] = append(g[m], mean), append(e[m], se)
			}
		}
		for _, b := range blocks {
			mag += b.Magnetisation / float64(len(blocks))
		}
		res.Gamma, res.Err, res.Magnetisation = append(res.Gamma, g), append(res.Err, e), append(res.Magnetisation, mag)
	}
	return res, nil
}

func (c Inference) Run(ctx context.Context, progress experiment.Progress) (*InferenceResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// Figures: one panel per system, γ against P for every method, log–log;
// the first is the spin glass (panel "inference"), then
// "inference-ferromagnet-1", … in FerroTemps' order.
func (r *InferenceResult) Figures() []*figure.Panel {
	c := r.Config
	var out []*figure.Panel
	ps := make([]float64, len(c.Samples))
	for k, p := range c.Samples {
		ps[k] = float64(p)
	}
	for s, name := range r.Systems {
		panel := c.Name()
		if s > 0 {
			panel = fmt.Sprintf("%s-ferromagnet-%d", c.Name(), s)
		}
		p := &figure.Panel{Panel: panel, Config: c, Title: fmt.Sprintf("%s, N = %d, mean |m_i| = %.2f", name, c.L*c.L, r.Magnetisation[s]),
			XLabel: "samples P", YLabel: "γ = ‖J − βJ_true‖ / ‖βJ_true‖", LogX: true, LogY: true, Legend: "bottom-left",
			Caption: fmt.Sprintf("Mean over %d disjoint blocks of samples (bars: standard error). Solid: PL and maximum likelihood; dashed: the mean-field family, which reads only the magnetisations and correlations.", c.Repeats)}
		for m, method := range InferenceMethods {
			sr := figure.Series{Name: method, X: ps, Y: r.Gamma[s][m], Dashed: m >= 3}
			if c.Repeats > 1 {
				sr.YErr = r.Err[s][m]
			}
			if m == 2 && c.MLChains == 0 {
				continue
			}
			p.Series = append(p.Series, sr)
		}
		out = append(out, p)
	}
	return out
}
