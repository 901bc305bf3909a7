package spinglass

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[EA2D, ea2dUnit, *EA2DResult]("2D Edwards–Anderson spin glass: final overlap from training, test and random configurations against α, with the true couplings as reference", true)
	experiment.Register[EASamples, *EASamplesResult]("2D Edwards–Anderson spin glass: equilibrium configurations from parallel tempering, with equilibration checks", false)
}

// EA2D trains PL on equilibrium configurations of one 2D Edwards–Anderson
// instance (sampled by parallel tempering, see EASamples) and measures the
// final overlap from training, test and random configurations against α,
// next to the overlap the true couplings reach from test configurations.
type EA2D struct {
	L        int       `json:"l" help:"lattice side L, N = L²"`
	T        float64   `json:"t" help:"temperature of the data"`
	Gaussian bool      `json:"gaussian" help:"Gaussian couplings instead of ±J"`
	Temps    int       `json:"temps" help:"temperatures in the parallel-tempering ladder"`
	TMax     float64   `json:"tmax" help:"highest temperature of the ladder"`
	Eq       int       `json:"eq" help:"equilibration sweeps"`
	Thin     int       `json:"thin" help:"sweeps between collections"`
	Alphas   []float64 `json:"alphas" help:"loads α = P/N"`
	Epochs   int       `json:"epochs" help:"PL epochs (λ = 1, full batch)"`
	LR       float64   `json:"lr" help:"PL learning rate on the mean loss (authors: 100)"`
	Decay    float64   `json:"decay" help:"learning-rate decay per epoch (authors: 0.999)"`
	Clip     float64   `json:"clip" help:"gradient-norm clipping; 0: none (the authors' spin-glass runs)"`
	Init     string    `json:"init" help:"start of PL training: zero, uniform (±1/√N, PyTorch's nn.Linear default: the authors'), hebb or random"`
	// MinimumFrom switches the training, from this load on, to the loss
	// minimum: L-BFGS per row (plm.PLMinimum) to gradient RMS Tol, started
	// from the previous load's minimum. Gradient descent's 1000 epochs cost
	// hours at P = 65,536; the minimum minutes. Below the separability
	// threshold the minimum is at infinite norm, so gradient descent stays.
	MinimumFrom float64 `json:"minimum_from" help:"from this load α on, train to the loss minimum (L-BFGS per row, warm-started along α) instead of by gradient descent; 0: gradient descent at every load"`
	Tol         float64 `json:"tol" help:"L-BFGS tolerance: root mean square of a row's gradient"`
	// TestSplit is held-out (test configurations disjoint from the
	// training ones) or resample (the authors': test rows drawn afresh from
	// the whole sample, training configurations included).
	TestSplit string `json:"test_split" help:"held-out (disjoint from training) or resample (the authors': drawn from the whole sample, training configurations included)"`
	Test      int    `json:"test" help:"test configurations"`
	Random    int    `json:"random" help:"random starts"`
	Steps     int    `json:"steps" help:"synchronous steps: 0 runs to a fixed point or cycle (cap 1000); K > 0 exactly K steps (authors: 100)"`
	// Transposed runs every dynamics with Wᵀ: spin i's field from column i
	// of the trained couplings, as the authors' L = 16 code does, instead
	// of row i, the conditional PL trained (their L = 32 code). Stored and
	// Loss stay those of the trained W.
	Transposed bool   `json:"transposed" help:"dynamics with the transposed couplings Wᵀ (the authors' L = 16 code) instead of W (the conditionals PL trains; their L = 32 code)"`
	Seed       uint64 `json:"seed" help:"random seed: the instance, the sampling and every draw (same seed, same numbers)"`
}

func (EA2D) Name() string { return "ea2d" }

// Quick: L = 12, α up to 16, the authors' protocol (about a minute; L = 16
// shows the dip more clearly in five). The authors' protocol (Laplaxe/pseudolikelihood_EA,
// pseudolikelihood_EA2d.py): full batch, learning rate 100 decayed by 0.999
// per epoch, 1000 epochs, no clipping, the uniform start of nn.Linear,
// exactly 100 synchronous steps, test rows drawn afresh from the whole
// sample. Set Epochs to 50 (or LR below the stable rate 2N/ρ) for an
// early-stopped training: the dip near the separability threshold goes.
func (EA2D) Quick() EA2D {
	return EA2D{L: 12, T: 0.99, Temps: 12, TMax: 2.5, Eq: 2000, Thin: 10, Alphas: []float64{0.004, 0.02, 0.1, 0.5, 1, 2, 3, 4, 8, 16},
		Epochs: 1000, LR: 100, Decay: 0.999, Clip: 0, Init: "uniform", Tol: plm.DefaultMinimumTolerance, TestSplit: "resample", Steps: 100, Test: 500, Random: 200, Seed: 1}
}

// Paper: L = 32, 12 log-spaced α from 10⁻³ to 64, the authors' protocol
// on an instance with Gaussian couplings. The authors' instance is Gaussian
// by what their files show: the true couplings' final overlap and energy
// from their configurations (0.882 and −1.198 per spin) are those of a
// Gaussian instance at T = 0.99 (0.880, −1.209), not of a ±J one (0.868),
// and only the Gaussian instance shows their dip.
func (EA2D) Paper() EA2D {
	c := EA2D{}.Quick()
	c.L, c.Temps, c.Eq, c.Thin, c.Gaussian = 32, 16, 10000, 20, true
	c.Alphas = make([]float64, 12)
	for k := range c.Alphas {
		c.Alphas[k] = math.Pow(10, -3+float64(k)*math.Log10(64e3)/11)
	}
	return c
}

// AuthorsL16 is the setting of the authors' published L = 16 run at
// T = 1.65 (AuthorsL16File): a Gaussian instance, the learning-rate decay
// (0.99) and the transposed dynamics of that run's code, at the loads of
// their file that plmlab compares.
func (EA2D) AuthorsL16() EA2D {
	c := EA2D{}.Quick()
	c.L, c.T, c.Gaussian, c.Decay, c.Transposed = AuthorsL16File.L, AuthorsL16File.T, true, 0.99, true
	c.Alphas = AuthorsL16File.Alphas()
	return c
}

func (c EA2D) Validate() error {
	v := experiment.NewValidator(c)
	c.Samples().lattice(v)
	v.Loads("Alphas", c.Alphas, 0)
	v.Training(c.Epochs, c.LR, c.Clip)
	v.Within("Decay", c.Decay, 0, 1)
	sweep.CheckInit(v, "Init", c.Init)
	v.Within("MinimumFrom", c.MinimumFrom, 0, math.MaxFloat64)
	if c.MinimumFrom > 0 {
		v.Within("Tol", c.Tol, 1e-9, 1)
	}
	if c.TestSplit != "held-out" && c.TestSplit != "resample" {
		v.Fail("TestSplit", "must be held-out or resample, got %q", c.TestSplit)
	}
	v.AtLeast("Test", c.Test, 1)
	v.AtLeast("Random", c.Random, 1)
	v.AtLeast("Steps", c.Steps, 0)
	if v.Err == nil {
		s := c.Samples()
		n := c.L * c.L
		v.Memory(append(sweep.CouplingBytes(s.Configurations, n), limits.Must(4, s.Configurations, n), limits.Must(16, c.L, c.L),
			limits.Must(4*2, c.Test, n), limits.Must(4*2, c.Random, n),
			// The symmetrised copy and the float64 matrix of its spectrum.
			limits.Must(4+8, n, n))...)
	}
	return v.Err
}

// Samples is the sampling this experiment needs: enough configurations for
// the largest α and the test set.
func (c EA2D) Samples() EASamples {
	pMax := 0
	for _, a := range c.Alphas {
		x := math.Ceil(a * float64(c.L*c.L))
		if !(x < 1<<40) {
			x = 1 << 40 // refused by the memory check
		}
		pMax = max(pMax, int(x))
	}
	return EASamples{L: c.L, T: c.T, Gaussian: c.Gaussian, Temps: c.Temps, TMax: c.TMax, Eq: c.Eq, Thin: c.Thin,
		Configurations: pMax + c.Test, Seed: c.Seed}
}

// EA2DResult holds the overlaps per load.
type EA2DResult struct {
	Config EA2D        `json:"config"`
	N      int         `json:"n"`
	Points []EA2DPoint `json:"points"`
	// TrueCouplings is the mean overlap reached from the test configurations
	// by the dynamics of the true couplings.
	TrueCouplings float64 `json:"true_couplings"`
	// TrueCouplingsEnergy is the mean energy per spin of those final states
	// under the true couplings: with TrueCouplings, a property of the
	// instance and its sample that another group's runs can be matched on.
	TrueCouplingsEnergy float64   `json:"true_couplings_energy"`
	Sampling            PTSummary `json:"sampling"`
}

// EA2DPoint is the outcome at one load.
type EA2DPoint struct {
	sweep.Overlaps // random (nearest training): largest |overlap|, s and −s being one state
	// StableLR is 2N/ρ, ρ the top eigenvalue of the training configurations'
	// correlation matrix: learning rates above it overshoot near J = 0.
	StableLR float64 `json:"stable_lr"`
	// Stored is the fraction of training configurations that are fixed
	// points; Loss the final mean PL loss.
	Stored float64 `json:"stored"`
	Loss   float64 `json:"loss"`
	// Lambda is the mean row norm of the trained couplings: λ(t).
	Lambda float64 `json:"lambda"`
	// Solver is "gradient descent" or "L-BFGS"; Iterations its epochs or
	// iterations; for L-BFGS, GradRMS the largest row gradient RMS reached.
	Solver     string  `json:"solver"`
	Iterations int     `json:"iterations"`
	GradRMS    float64 `json:"grad_rms,omitempty"`
	// Separable counts the rows L-BFGS stopped because they separate their
	// training configurations: their loss has no minimum at finite norm.
	Separable int `json:"separable_rows,omitempty"`
	// Reconstruction is ‖J_PL − J_true/T‖_F / ‖J_true/T‖_F: PL as inference.
	Reconstruction float64 `json:"reconstruction"`
	// Cosine is the cosine between the symmetrised couplings and J_true
	// (the authors' R).
	Cosine float64 `json:"cosine"`
	// Flipping is the mean fraction of spins of the protocol's final states
	// from the training configurations that the next synchronous step
	// flips: 0 at a fixed point, the oscillating share in a cycle.
	// TrainEnergy is their mean energy per spin, −sᵀJ_sym s/(2N) (positive:
	// not minima of any energy of these couplings).
	Flipping    float64 `json:"flipping"`
	TrainEnergy float64 `json:"train_energy"`
	// MinEigenvalue and MaxEigenvalue bound the spectrum of (J + Jᵀ)/2: a
	// large negative eigenvalue lets parallel updates oscillate.
	MinEigenvalue float64 `json:"min_eigenvalue"`
	MaxEigenvalue float64 `json:"max_eigenvalue"`
	// SequentialTrain and SequentialTest are the overlaps reached from the
	// training and test configurations by sequential updates (one spin at
	// a time, random order) to a fixed point: the same couplings without
	// the oscillations of parallel updates.
	SequentialTrain    float64 `json:"sequential_train"`
	SequentialTrainErr float64 `json:"sequential_train_err"`
	SequentialTest     float64 `json:"sequential_test"`
	SequentialTestErr  float64 `json:"sequential_test_err"`
}

// PTSummary are the equilibration checks of the sampling.
type PTSummary struct {
	Ladder         []float64 `json:"ladder"`
	Chains         int       `json:"chains"`
	SwapAcceptance []float64 `json:"swap_acceptance"`
	AutocorrTime   float64   `json:"autocorr_time_sweeps"`
	MeanEnergy     float64   `json:"mean_energy"`
	MeanEnergyErr  float64   `json:"mean_energy_err"`
}

func (c EA2D) Run(ctx context.Context, progress experiment.Progress) (*EA2DResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// ea2dUnit is the outcome of a grid point: the loads of a group, or the
// true couplings' overlap with the sampling's checks (the last point).
type ea2dUnit struct {
	Points        []EA2DPoint
	TrueCouplings float64
	TrueEnergy    float64
	Sampling      *PTSummary
}

// groups are the loads' indices, one group per grid point: each load
// trained by gradient descent alone; the loads from MinimumFrom on in one
// group, since each L-BFGS minimum starts from the last.
func (c EA2D) groups() [][]int {
	var out [][]int
	var chain []int
	for k, a := range c.Alphas {
		if c.MinimumFrom > 0 && a >= c.MinimumFrom {
			chain = append(chain, k)
		} else {
			out = append(out, []int{k})
		}
	}
	if len(chain) > 0 {
		out = append(out, chain)
	}
	return out
}

// Points are the groups of loads, then the true couplings. A load costs
// its training (Epochs passes over P configurations; L-BFGS counted as
// 300) and the dynamics from P + Test + Random starts.
func (c EA2D) Points() []experiment.GridPoint {
	n := float64(c.L * c.L)
	steps := float64(c.Steps)
	if steps == 0 {
		steps = 20
	}
	var pts []experiment.GridPoint
	for _, g := range c.groups() {
		var cost float64
		var labels []string
		for _, k := range g {
			a := c.Alphas[k]
			p := float64(sweep.Count(a, int(n)))
			passes := float64(c.Epochs)
			if c.MinimumFrom > 0 && a >= c.MinimumFrom {
				passes = 300
			}
			// Training, the protocol's dynamics, the sequential runs (about
			// 20 sweeps each) and the spectrum.
			cost += (p*passes+steps*(p+float64(c.Test+c.Random))+20*(p+float64(c.Test)))*n*n + n*n*n
			labels = append(labels, fmt.Sprintf("α=%.3g", a))
		}
		pts = append(pts, experiment.GridPoint{Label: strings.Join(labels, ", "), Cost: cost})
	}
	return append(pts, experiment.GridPoint{Label: "true couplings", Cost: steps * float64(c.Test) * n * n})
}

func (c EA2D) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, ea2dUnit) error) error {
	t.At(0, "parallel tempering")
	samples, err := experiment.Cached(ctx, c.Samples(), func(r experiment.Report) {
		if r.Cache == "" {
			t.Detail("%s %d/%d", r.Step, r.Done, r.Total)
		}
	})
	if err != nil {
		return err
	}
	m, err := c.Samples().Instance()
	if err != nil {
		return err
	}
	n, configs, chains := m.N(), samples.Configs, samples.PT.Chains
	// Interleave so that consecutive configurations come from different
	// chains: the training set is the first P, the test set the last.
	perm := make([]int, configs.P)
	for k := range perm {
		perm[k] = Interleaved(k, chains, configs.P)
	}
	all, err := configs.Subset(perm)
	if err != nil {
		return err
	}
	test, err := all.Subset(sweep.Seq(all.P-c.Test, c.Test))
	if err != nil {
		return err
	}
	if c.TestSplit == "resample" {
		// The authors' test rows: a fresh draw from the whole sample.
		if test, err = all.Subset(sweep.NewRand(c.Seed, 79).Perm(all.P)[:c.Test]); err != nil {
			return err
		}
	}
	random, err := plm.RandomPatterns(c.Random, n, sweep.NewRand(c.Seed, 78))
	if err != nil {
		return err
	}
	dyn, _ := sweep.DynamicsOf(c.Steps)
	truth := m.Couplings()
	groups := c.groups()
	for j, g := range idx {
		var u ea2dUnit
		if g == len(groups) {
			t.At(j, "true couplings")
			rt, err := plm.Retrieve(ctx, truth, test, nil, dyn)
			if err != nil {
				return err
			}
			u.TrueCouplings, _ = plm.MeanStdErr(rt.Self)
			if u.TrueEnergy, err = meanEnergy(truth, rt.Final); err != nil {
				return err
			}
			sum := samples.Summary()
			u.Sampling = &sum
			if err := emit(g, u); err != nil {
				return err
			}
			continue
		}
		var warm *plm.Couplings // the last minimum: the training sets are nested
		for _, k := range groups[g] {
			a := c.Alphas[k]
			p := sweep.Count(a, n)
			t.At(j, fmt.Sprintf("α=%.3g P=%d", a, p))
			train, err := all.Subset(sweep.Seq(0, p))
			if err != nil {
				return err
			}
			var J *plm.Couplings
			pt := EA2DPoint{Overlaps: sweep.Overlaps{Alpha: a, P: p}}
			if c.MinimumFrom > 0 && a >= c.MinimumFrom {
				mt, err := plm.PLMinimum{Tolerance: c.Tol, Init: plm.InitZero, Start: warm, Progress: t.Minimum(plm.DefaultMinimumIterations)}.Train(ctx, train)
				if err != nil {
					return err
				}
				last := mt.Log[len(mt.Log)-1]
				J, warm = mt.J, mt.J
				pt.Solver, pt.Iterations, pt.GradRMS, pt.Separable = "L-BFGS", last.Iteration, last.MaxGradRMS, last.Separable
				pt.Stored, pt.Loss, pt.Lambda = last.Stored, last.Loss, last.Lambda
			} else {
				// Hebb's start is far off for strongly correlated configurations:
				// zero, or the authors' small uniform start.
				tr, err := plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, LRDecay: c.Decay, GradClip: c.Clip, Init: sweep.Inits[c.Init], Seed: c.Seed,
					Progress: t.Training(c.Epochs)}.Train(ctx, train)
				if err != nil {
					return err
				}
				last := tr.Log[len(tr.Log)-1]
				J = tr.J
				pt.Solver, pt.Iterations = "gradient descent", last.Epoch
				pt.Stored, pt.Loss, pt.Lambda = last.Stored, last.Loss, last.Lambda
			}
			if pt.StableLR, err = plm.StableLearningRate(train, 1); err != nil {
				return err
			}
			if c.Transposed {
				J = J.Transpose()
			}
			pt.Reconstruction = reconstructionError(J, truth, 1/c.T)
			sym := J.Symmetrised()
			pt.Cosine = cosine(sym, truth)
			ev, err := sym.SymmetricSpectrum()
			if err != nil {
				return err
			}
			pt.MinEigenvalue, pt.MaxEigenvalue = ev[0], ev[len(ev)-1]
			seq := plm.Dynamics{Mode: plm.Asynchronous, Seed: c.Seed}
			for j, starts := range []*plm.Patterns{train, test} {
				r, err := plm.Retrieve(ctx, J, starts, nil, seq)
				if err != nil {
					return err
				}
				if j == 0 {
					pt.SequentialTrain, pt.SequentialTrainErr = plm.MeanStdErr(r.Self)
				} else {
					pt.SequentialTest, pt.SequentialTestErr = plm.MeanStdErr(r.Self)
				}
			}
			for j, starts := range []*plm.Patterns{train, test, random} {
				r, err := plm.Retrieve(ctx, J, starts, train, dyn)
				if err != nil {
					return err
				}
				switch j {
				case 0:
					pt.Train, pt.TrainErr = plm.MeanStdErr(r.Self)
					if pt.TrainEnergy, err = meanEnergy(sym, r.Final); err != nil {
						return err
					}
					if pt.Flipping, err = flipping(J, r.Final); err != nil {
						return err
					}
				case 1:
					pt.Test, pt.TestErr = plm.MeanStdErr(r.Self)
				case 2:
					pt.RandomStart, pt.RandomStartErr = plm.MeanStdErr(r.Self)
					pt.RandomNearest, pt.RandomNearestErr = plm.MeanStdErr(absNearest(r.Final, train))
				}
			}
			u.Points = append(u.Points, pt)
		}
		if err := emit(g, u); err != nil {
			return err
		}
	}
	return nil
}

func (c EA2D) Assemble(units []ea2dUnit) (*EA2DResult, error) {
	last := units[len(units)-1]
	if last.Sampling == nil {
		return nil, fmt.Errorf("ea2d: the true-couplings point has no sampling summary")
	}
	res := &EA2DResult{Config: c, N: c.L * c.L, TrueCouplings: last.TrueCouplings, TrueCouplingsEnergy: last.TrueEnergy, Sampling: *last.Sampling}
	// Loads in the config's order (a chain of minima may sit among them).
	res.Points = make([]EA2DPoint, len(c.Alphas))
	for g, ks := range c.groups() {
		if len(units[g].Points) != len(ks) {
			return nil, fmt.Errorf("ea2d: grid point %d holds %d loads, not %d", g, len(units[g].Points), len(ks))
		}
		for i, k := range ks {
			res.Points[k] = units[g].Points[i]
		}
	}
	return res, nil
}

// absNearest is, per state, the largest |overlap| with a reference state
// (s and −s are the same state of a spin glass).
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

// cosine is the cosine between J and the true couplings, as vectors.
func cosine(J, truth *plm.Couplings) float64 {
	var dot, a, b float64
	for k, v := range J.W {
		w := float64(truth.W[k])
		dot, a, b = dot+float64(v)*w, a+float64(v)*float64(v), b+w*w
	}
	if a == 0 || b == 0 {
		return 0
	}
	return dot / math.Sqrt(a*b)
}

// meanEnergy is the mean over states of −sᵀJs/(2N).
func meanEnergy(J *plm.Couplings, x *plm.Patterns) (float64, error) {
	h, err := J.LocalFields(x)
	if err != nil {
		return 0, err
	}
	var e float64
	for k, v := range x.Data {
		e -= float64(v) * h[k]
	}
	return e / float64(2*x.P*x.N), nil
}

// flipping is the mean fraction of spins that one synchronous step under
// J flips (s_i h_i < 0; a zero field sets the spin to +1, as the dynamics
// does).
func flipping(J *plm.Couplings, x *plm.Patterns) (float64, error) {
	h, err := J.LocalFields(x)
	if err != nil {
		return 0, err
	}
	n := 0
	for k, v := range x.Data {
		if (h[k] >= 0) != (v > 0) {
			n++
		}
	}
	return float64(n) / float64(len(x.Data)), nil
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

// Figures: the overlaps against α, then the reconstruction error.
func (r *EA2DResult) Figures() []*figure.Panel {
	c := r.Config
	_, dynText := sweep.DynamicsOf(c.Steps)
	if c.Transposed {
		dynText += ", with the transposed couplings Wᵀ"
	}
	var pts []sweep.Overlaps
	rec := figure.Series{Name: "reconstruction error"}
	var recon, stable, stored, loss, lambda, cos, flip, energy, emin, emax []float64
	var solver []string
	var iterations, separable []int
	seqTrain := figure.Series{Name: "training (sequential updates)", Dashed: true}
	seqTest := figure.Series{Name: "test (sequential updates)", Dashed: true}
	osc := figure.Series{Name: "spins flipping at every step"}
	fixed := figure.Series{Name: "training configurations stored (fixed points)", Dashed: true}
	for _, p := range r.Points {
		solver, iterations, separable = append(solver, p.Solver), append(iterations, p.Iterations), append(separable, p.Separable)
		stable, stored, loss, lambda = append(stable, p.StableLR), append(stored, p.Stored), append(loss, p.Loss), append(lambda, p.Lambda)
		cos, flip, energy = append(cos, p.Cosine), append(flip, p.Flipping), append(energy, p.TrainEnergy)
		emin, emax = append(emin, p.MinEigenvalue), append(emax, p.MaxEigenvalue)
		pts = append(pts, p.Overlaps)
		rec.X, rec.Y = append(rec.X, p.Alpha), append(rec.Y, p.Reconstruction)
		recon = append(recon, p.Reconstruction)
		seqTrain.X, seqTrain.Y, seqTrain.YErr = append(seqTrain.X, p.Alpha), append(seqTrain.Y, p.SequentialTrain), append(seqTrain.YErr, p.SequentialTrainErr)
		seqTest.X, seqTest.Y, seqTest.YErr = append(seqTest.X, p.Alpha), append(seqTest.Y, p.SequentialTest), append(seqTest.YErr, p.SequentialTestErr)
		osc.X, osc.Y = append(osc.X, p.Alpha), append(osc.Y, p.Flipping)
		fixed.X, fixed.Y = append(fixed.X, p.Alpha), append(fixed.Y, p.Stored)
	}
	a0, a1 := c.Alphas[0], c.Alphas[len(c.Alphas)-1]
	series := append(sweep.OverlapSeries(pts), figure.Line("true couplings", a0, r.TrueCouplings, a1, r.TrueCouplings), seqTrain, seqTest)
	kind := data.PlusMinusJ
	if c.Gaussian {
		kind = data.Gaussian
	}
	s := r.Sampling
	main := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("2D Edwards–Anderson, L = %d, T = %g: final overlap", c.L, c.T),
		XLabel: "α = P/N", YLabel: "final overlap", LogX: true, Legend: "bottom-left", Series: series,
		Params: map[string]any{"n": r.N, "couplings": kind.String(), "init": c.Init, "clip": c.Clip, "test_split": c.TestSplit, "dynamics": dynText,
			"ladder": s.Ladder, "chains": s.Chains, "stable_lr": stable, "solver": solver, "iterations": iterations, "separable_rows": separable, "stored": stored, "final_loss": loss, "lambda": lambda,
			"reconstruction_error": recon, "reconstruction_error_definition": "‖J_PL − J_true/T‖_F / ‖J_true/T‖_F",
			"random_start_series":            "overlap of the final state with its own random start (the authors' random curve)",
			"random_nearest_training_series": "largest |overlap| of the final state with a training configuration (s and −s are the same state)",
			"true_couplings_series":          "mean overlap of the final state with the start, from test configurations, dynamics with the true couplings",
			"pt_swap_acceptance":             s.SwapAcceptance, "pt_autocorr_time_sweeps": s.AutocorrTime,
			"pt_mean_energy": s.MeanEnergy, "pt_mean_energy_err": s.MeanEnergyErr,
			"cosine": cos, "flipping": flip, "train_energy": energy, "min_eigenvalue": emin, "max_eigenvalue": emax,
			"true_couplings_energy":   r.TrueCouplingsEnergy,
			"cosine_definition":       "cosine between (J + Jᵀ)/2 and J_true (the authors' R)",
			"train_energy_definition": "mean −sᵀJ_sym s/(2N) of the final states from the training configurations",
			"sequential_series":       "overlap after sequential updates (random order) to a fixed point, same couplings"}}
	if a := AuthorsL16File; c.L == a.L && c.T == a.T {
		main.Series = append(main.Series, figure.Series{Name: "authors: training (their file)", X: a.Alphas(), Y: a.Train, Points: true},
			figure.Series{Name: "authors: test (their file)", X: a.Alphas(), Y: a.Test, Points: true})
		p := main.Params
		p["authors_source"], p["authors_protocol"], p["authors_cosine"], p["authors_train_energy"] = a.Source, a.Protocol, a.Cosine, a.TrainEnergy
		p["authors_true_couplings"], p["authors_true_couplings_energy"] = a.TrueCouplings, a.TrueEnergy
	}
	return []*figure.Panel{main,
		{Panel: c.Name() + "-reconstruction", Config: c, Title: "PL as inference: ‖J_PL − J/T‖ / ‖J/T‖", XLabel: "α = P/N", YLabel: "relative error",
			LogX: true, Series: []figure.Series{rec}},
		{Panel: c.Name() + "-oscillation", Config: c, Title: "Where the overlap dips: parallel updates oscillate", XLabel: "α = P/N", YLabel: "fraction",
			LogX: true, Legend: "top-left", Series: []figure.Series{osc, fixed},
			Params: map[string]any{"flipping_definition": "fraction of the spins of the final states (from the training configurations) that the next synchronous step flips",
				"stored_definition": "fraction of training configurations that are fixed points", "min_eigenvalue": emin, "max_eigenvalue": emax}}}
}

// EASamples draws equilibrium configurations of one 2D Edwards–Anderson
// instance at temperature T by parallel tempering (Metropolis checkerboard
// sweeps on a geometric ladder from T to TMax, replica exchange after every
// sweep, independent chains), with equilibration checks.
type EASamples struct {
	L              int     `json:"l" help:"lattice side L, N = L²"`
	T              float64 `json:"t" help:"temperature of the data"`
	Gaussian       bool    `json:"gaussian" help:"Gaussian couplings instead of ±J"`
	Temps          int     `json:"temps" help:"temperatures in the ladder"`
	TMax           float64 `json:"tmax" help:"highest temperature of the ladder"`
	Eq             int     `json:"eq" help:"equilibration sweeps"`
	Thin           int     `json:"thin" help:"sweeps between collections"`
	Configurations int     `json:"configurations" help:"configurations wanted (at least)"`
	Seed           uint64  `json:"seed" help:"random seed: the instance and the sampling"`
}

func (EASamples) Name() string { return "ea2d-samples" }

// Quick and Paper: the samples of the EA2D presets.
func (EASamples) Quick() EASamples { return EA2D{}.Quick().Samples() }

func (EASamples) Paper() EASamples { return EA2D{}.Paper().Samples() }

func (c EASamples) Validate() error {
	v := experiment.NewValidator(c)
	c.lattice(v)
	v.AtLeast("Configurations", c.Configurations, 1)
	if v.Err == nil {
		v.Memory(limits.Must(8, c.Configurations, c.L, c.L), limits.Must(8*int64(max(c.Temps, 1)), 64, c.L, c.L))
	}
	return v.Err
}

// lattice checks the instance and ladder fields (shared with EA2D, whose
// fields have the same names).
func (c EASamples) lattice(v *experiment.Validator) {
	if c.L < 4 || c.L%2 != 0 {
		v.Fail("L", "must be even and ≥ 4 (checkerboard updates), got %d", c.L)
	}
	v.Positive("T", c.T)
	if !(c.TMax > c.T) || math.IsInf(c.TMax, 0) {
		v.Fail("TMax", "must be finite and above T = %v, got %v", c.T, c.TMax)
	}
	v.AtLeast("Temps", c.Temps, 1)
	v.AtLeast("Eq", c.Eq, 0)
	v.AtLeast("Thin", c.Thin, 1)
	// Sweeps: Eq + Thin × configurations per chain (at least 8 chains).
	v.Sum("Eq + Thin × configurations", c.Eq, v.Product("Thin × configurations", c.Thin, max(c.Configurations/8+1, 1)))
	if v.Err == nil {
		v.Memory(limits.Must(8*2*64, c.Temps, c.L, c.L))
	}
}

func (c EASamples) Instance() (*data.EA2D, error) {
	kind := data.PlusMinusJ
	if c.Gaussian {
		kind = data.Gaussian
	}
	return data.NewEA2D(c.L, kind, c.Seed)
}

// chains is the number of independent PT chains: 64 multi-spin-coded
// chains for ±J, 8 plain ones for Gaussian couplings.
func (c EASamples) chains() int {
	if c.Gaussian {
		return 8
	}
	return 64
}

// Ladder is the geometric temperature ladder from T to TMax.
func (c EASamples) Ladder() []float64 {
	out := make([]float64, c.Temps)
	for i := range out {
		out[i] = c.T * math.Pow(c.TMax/c.T, float64(i)/float64(max(c.Temps-1, 1)))
	}
	return out
}

// Interleaved is the index, among p configurations stored chain by chain,
// of the k-th configuration when the chains are read in turn.
func Interleaved(k, chains, p int) int { return (k%chains)*(p/chains) + k/chains }

// EASamplesResult holds the configurations and the PT diagnostics.
type EASamplesResult struct {
	Config  EASamples      `json:"config"`
	Configs *plm.Patterns  `json:"-"`
	PT      *data.PTResult `json:"pt"`
}

func (c EASamples) Run(ctx context.Context, progress experiment.Progress) (*EASamplesResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	m, err := c.Instance()
	if err != nil {
		return nil, err
	}
	t := experiment.NewTracker(c.Name(), 1, progress)
	step := fmt.Sprintf("L=%d T=%g", c.L, c.T)
	t.At(0, step)
	chains := c.chains()
	st := data.PTSettings{Temperatures: c.Ladder(), Equilibration: c.Eq, Sweeps: c.Thin * int(math.Ceil(float64(c.Configurations)/float64(chains))),
		Thin: c.Thin, Seed: c.Seed, Progress: func(d, tot int) { t.Detail("sweep %d/%d", d, tot) }}
	pt, err := m.ParallelTempering(ctx, st)
	if err != nil {
		return nil, err
	}
	t.Finish()
	configs := pt.Configs
	pt.Configs = nil // stored once, in the result
	return &EASamplesResult{Config: c, Configs: configs, PT: pt}, nil
}

// Summary is the equilibration checks without the samples.
func (r *EASamplesResult) Summary() PTSummary {
	return PTSummary{Ladder: r.Config.Ladder(), Chains: r.PT.Chains, SwapAcceptance: r.PT.SwapAcceptance, AutocorrTime: r.PT.AutocorrTime,
		MeanEnergy: r.PT.MeanEnergy, MeanEnergyErr: r.PT.MeanEnergyErr}
}

// Figures: replica-exchange acceptance along the ladder, and P(q) between
// independent chains.
func (r *EASamplesResult) Figures() []*figure.Panel {
	c, pt := r.Config, r.PT
	ladder := c.Ladder()
	mid := make([]float64, len(pt.SwapAcceptance))
	for k := range mid {
		mid[k] = (ladder[k] + ladder[k+1]) / 2
	}
	caption := fmt.Sprintf("%d configurations from %d chains, %.2g attempted flips. Energy per spin at T = %g: %.4f ± %.4f; autocorrelation time %.1f sweeps (collections every %d).",
		r.Configs.P, pt.Chains, float64(pt.FlipsAttempted), c.T, pt.MeanEnergy, pt.MeanEnergyErr, pt.AutocorrTime, c.Thin)
	return []*figure.Panel{
		{Panel: c.Name(), Config: c, Title: "Replica-exchange acceptance", XLabel: "temperature (pair midpoint)", YLabel: "acceptance",
			Series: []figure.Series{{Name: "acceptance", X: mid, Y: pt.SwapAcceptance}}, Caption: caption},
		{Panel: c.Name() + "-pq", Config: c, Title: fmt.Sprintf("P(q) between independent chains at T = %g", c.T), XLabel: "q", YLabel: "density",
			Series: []figure.Series{figure.HistogramSeries("P(q)", pt.Overlaps, -1, 1, 41)}},
	}
}
