package archetypes

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[ArchetypeLearning, ArchetypePoint, *ArchetypeResult]("archetypes seen through blurred examples: overlap with the archetype from example starts against the number of examples M, PL against supervised and unsupervised Hebb", false)
}

// ArchetypeLearning is the lecture's "patterns' revision": K archetypes,
// M blurred examples of each at quality r (data.Archetypes). PL is trained
// on all K·M examples (labels unused) by gradient descent from zero
// couplings, and its loss minimum with a Gaussian prior is found by
// L-BFGS; supervised Hebb stores each class's average; unsupervised Hebb
// stores every example. PL starts from zero, not from Hebb's couplings:
// the Hebb couplings of K·M examples have a row norm that grows with M
// (10 at M = 256, r = 0.5) while the loss minimum's is about 1, and a
// descent from there is still far from the minimum after hundreds of
// epochs, its synchronous dynamics cycling away from every archetype.
// From every example, and
// from every archetype, the synchronous dynamics runs to a fixed point or
// cycle; the final state's overlaps with the archetype and with the start
// say whether the attractors are the examples (memorization) or the
// archetypes (generalization).
type ArchetypeLearning struct {
	N      int       `json:"n" help:"number of spins N"`
	K      int       `json:"k" help:"archetypes K (K/N fixed as M grows)"`
	Ms     []int     `json:"ms" help:"examples per archetype M"`
	Rs     []float64 `json:"rs" help:"qualities r of the examples (P(χ = +1) = (1 + r)/2)"`
	Epochs int       `json:"epochs" help:"PL epochs (λ = 1, free norm)"`
	LR     float64   `json:"lr" help:"PL learning rate"`
	Clip   float64   `json:"clip" help:"PL gradient-norm clipping"`
	Init   string    `json:"init" help:"PL start: zero (converges), or hebb, uniform, random"`
	L2     float64   `json:"l2" help:"Gaussian prior of the PL minimum (L-BFGS): (L2/2)·Σ_j J_ij² per row"`
	Seed   uint64    `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (ArchetypeLearning) Name() string { return "archetypes" }

// Quick: N = 200, K = 5, r = 0.5 and 0.7, M up to 256 (a minute and a
// half).
func (ArchetypeLearning) Quick() ArchetypeLearning {
	return ArchetypeLearning{N: 200, K: 5, Ms: []int{1, 2, 4, 8, 16, 32, 64, 96, 128, 192, 256}, Rs: []float64{0.5, 0.7}, Epochs: 1000, LR: 10, Clip: 20,
		Init: "zero", L2: 1e-3, Seed: 1}
}

// Paper: N = 500, K = 10, three qualities.
func (ArchetypeLearning) Paper() ArchetypeLearning {
	c := ArchetypeLearning{}.Quick()
	c.N, c.K, c.Ms, c.Rs, c.Epochs = 500, 10, []int{1, 2, 4, 8, 16, 32, 64, 96, 128, 192, 256, 384, 512}, []float64{0.4, 0.55, 0.7}, 3000
	return c
}

func (c ArchetypeLearning) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 10)
	v.AtLeast("K", c.K, 1)
	if len(c.Ms) == 0 {
		v.Fail("Ms", "needs at least one M")
	}
	maxM := 1
	for _, m := range c.Ms {
		if m < 1 {
			v.Fail("Ms", "each M must be ≥ 1, got %v", c.Ms)
			break
		}
		maxM = max(maxM, m)
	}
	if len(c.Rs) == 0 {
		v.Fail("Rs", "needs at least one quality r")
	}
	for _, r := range c.Rs {
		if !(r > 0 && r <= 1) {
			v.Fail("Rs", "each r must be in (0, 1], got %v", c.Rs)
			break
		}
	}
	v.Training(c.Epochs, c.LR, c.Clip)
	sweep.CheckInit(v, "Init", c.Init)
	v.NonNegative("L2", c.L2)
	v.Memory(sweep.CouplingBytes(v.Product("K × Ms", c.K, maxM), c.N)...)
	return v.Err
}

// ArchetypePoint is one (r, M), all three rules.
type ArchetypePoint struct {
	R, Rho float64
	M      int
	// Per rule (archetypeRules order): final overlap with the archetype
	// from example starts, with the start itself, and from the archetypes.
	FromExamples, WithStart, FromArchetypes [4]float64
	// FixedFromExamples is the fraction of example starts whose dynamics
	// ends at a fixed point (the rest cycle).
	FixedFromExamples [4]float64
	// PLLoss is the mean PL loss after the descent and at the minimum;
	// PLNorm their mean row norms.
	PLLoss, PLNorm [2]float64
}

var archetypeRules = []string{"PL", "PL minimum", "Hebb supervised", "Hebb unsupervised"}

type archetypeCell struct{ ir, im int }

func (c ArchetypeLearning) cells() []archetypeCell {
	var out []archetypeCell
	for ir := range c.Rs {
		for im := range c.Ms {
			out = append(out, archetypeCell{ir, im})
		}
	}
	return out
}

// Points are (r, M); PL's training, Epochs passes over K·M examples,
// dominates.
func (c ArchetypeLearning) Points() []experiment.GridPoint {
	var pts []experiment.GridPoint
	for _, cell := range c.cells() {
		p := float64(c.K * c.Ms[cell.im])
		pts = append(pts, experiment.GridPoint{Label: fmt.Sprintf("r=%g M=%d", c.Rs[cell.ir], c.Ms[cell.im]),
			Cost: (float64(c.Epochs)*p + 200*p) * float64(c.N*c.N)}) // + L-BFGS and the dynamics
	}
	return pts
}

func (c ArchetypeLearning) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, ArchetypePoint) error) error {
	cells, pts := c.cells(), c.Points()
	for j, k := range idx {
		cell := cells[k]
		t.At(j, pts[k].Label)
		ds := data.Archetypes{N: c.N, K: c.K, M: c.Ms[cell.im], R: c.Rs[cell.ir], Seed: c.Seed + uint64(1000*cell.ir+cell.im)}
		d, err := ds.Generate()
		if err != nil {
			return err
		}
		pt := ArchetypePoint{R: ds.R, Rho: ds.Entropy(), M: ds.M}
		var descent, minimum plm.EpochLog
		progress := t.Training(c.Epochs)
		for r, rule := range []plm.Rule{
			plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, GradClip: c.Clip, Init: sweep.Inits[c.Init], Seed: ds.Seed,
				Progress: func(e plm.EpochLog) { descent = e; progress(e) }},
			plm.PLMinimum{L2: c.L2, Progress: func(m plm.MinimumLog) { minimum = plm.EpochLog{Loss: m.Loss, Lambda: m.Lambda} }},
			plm.SupervisedHebb{Labels: d.Labels},
			plm.Hebb{},
		} {
			J, err := rule.Couplings(ctx, d.Examples)
			if err != nil {
				return fmt.Errorf("%s: %w", archetypeRules[r], err)
			}
			ex, err := plm.Retrieve(ctx, J, d.Examples, nil, plm.Dynamics{})
			if err != nil {
				return err
			}
			var toArch, toStart, fixed float64
			for mu := 0; mu < d.Examples.P; mu++ {
				a, err := plm.Overlap(ex.Final.Row(mu), d.Archetypes.Row(d.Labels[mu]))
				if err != nil {
					return err
				}
				toArch += a / float64(d.Examples.P)
				toStart += ex.Self[mu] / float64(d.Examples.P)
				if ex.FixedPoint[mu] {
					fixed += 1 / float64(d.Examples.P)
				}
			}
			pt.FixedFromExamples[r] = fixed
			ar, err := plm.Retrieve(ctx, J, d.Archetypes, nil, plm.Dynamics{})
			if err != nil {
				return err
			}
			fromArch, _ := plm.MeanStdErr(ar.Self)
			pt.FromExamples[r], pt.WithStart[r], pt.FromArchetypes[r] = toArch, toStart, fromArch
		}
		pt.PLLoss, pt.PLNorm = [2]float64{descent.Loss, minimum.Loss}, [2]float64{descent.Lambda, minimum.Lambda}
		if err := emit(k, pt); err != nil {
			return err
		}
	}
	return nil
}

// ArchetypeResult holds every (r, M), r-major.
type ArchetypeResult struct {
	Config ArchetypeLearning `json:"config"`
	Points []ArchetypePoint  `json:"points"`
}

func (c ArchetypeLearning) Assemble(units []ArchetypePoint) (*ArchetypeResult, error) {
	return &ArchetypeResult{Config: c, Points: units}, nil
}

func (c ArchetypeLearning) Run(ctx context.Context, progress experiment.Progress) (*ArchetypeResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// Figures: overlap with the archetype from example starts against M (the
// panel), overlap with the start against M, and the archetype overlap
// against the dataset entropy ρ.
func (r *ArchetypeResult) Figures() []*figure.Panel {
	c := r.Config
	arch := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("From the examples to the archetype: N = %d, K = %d", c.N, c.K),
		XLabel: "examples per archetype M", YLabel: "overlap of the final state with the archetype", LogX: true, Legend: "bottom-left"}
	start := &figure.Panel{Panel: c.Name() + "-start", Config: c, Title: "Overlap of the final state with the example it started from",
		XLabel: "examples per archetype M", YLabel: "overlap with the start", LogX: true, Legend: "bottom-left"}
	fixed := &figure.Panel{Panel: c.Name() + "-fixed", Config: c, Title: "Example starts whose dynamics ends at a fixed point",
		XLabel: "examples per archetype M", YLabel: "fraction (the rest cycle)", LogX: true, Legend: "bottom-left"}
	rho := &figure.Panel{Panel: c.Name() + "-entropy", Config: c, Title: "Overlap with the archetype against the dataset entropy ρ = (1 − r²)/(M r²)",
		XLabel: "ρ", YLabel: "overlap with the archetype", LogX: true, Legend: "bottom-left"}
	for ir, q := range c.Rs {
		for k, name := range archetypeRules {
			if len(c.Rs) > 1 {
				name = fmt.Sprintf("%s r=%g", name, q)
			}
			a, s, e := figure.Series{Name: name, Dashed: k > 1}, figure.Series{Name: name, Dashed: k > 1}, figure.Series{Name: name, Dashed: k > 1}
			f := figure.Series{Name: name, Dashed: k > 1}
			for _, p := range r.Points[ir*len(c.Ms) : (ir+1)*len(c.Ms)] {
				a.X, a.Y = append(a.X, float64(p.M)), append(a.Y, p.FromExamples[k])
				s.X, s.Y = append(s.X, float64(p.M)), append(s.Y, p.WithStart[k])
				e.X, e.Y = append(e.X, p.Rho), append(e.Y, p.FromExamples[k])
				f.X, f.Y = append(f.X, float64(p.M)), append(f.Y, p.FixedFromExamples[k])
			}
			arch.Series, start.Series, rho.Series = append(arch.Series, a), append(start.Series, s), append(rho.Series, e)
			fixed.Series = append(fixed.Series, f)
		}
	}
	from := map[string][]float64{}
	for k, name := range archetypeRules {
		for _, p := range r.Points {
			from[name] = append(from[name], p.FromArchetypes[k])
		}
	}
	var loss, norm [2][]float64
	for _, p := range r.Points {
		for k := range loss {
			loss[k], norm[k] = append(loss[k], p.PLLoss[k]), append(norm[k], p.PLNorm[k])
		}
	}
	arch.Params = map[string]any{"overlap_from_archetype_starts": from, "dynamics": "synchronous, to a fixed point or cycle (cap 1000 steps)",
		"pl":      fmt.Sprintf("gradient descent, λ = 1, free norm, %s start, %d epochs, learning rate %g, clipping %g; PL minimum: L-BFGS with the prior (%g/2)·Σ_j J_ij²", c.Init, c.Epochs, c.LR, c.Clip, c.L2),
		"pl_loss": map[string][]float64{"descent": loss[0], "minimum": loss[1]}, "pl_row_norm": map[string][]float64{"descent": norm[0], "minimum": norm[1]},
		"examples": "η_i = χ_i ξ_i, P(χ = +1) = (1 + r)/2", "k_over_n": float64(c.K) / float64(c.N), "entropy_rho": "(1 − r²)/(M r²)",
		"note": "overlap with the archetype of an example itself is r; with the mean of M examples about " + fmt.Sprintf("%.2f at M = %d", math.Erf(c.Rs[0]*math.Sqrt(float64(c.Ms[len(c.Ms)-1])/2/(1-c.Rs[0]*c.Rs[0]))), c.Ms[len(c.Ms)-1])}
	return []*figure.Panel{arch, start, rho, fixed}
}
