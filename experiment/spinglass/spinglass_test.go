package spinglass

import (
	"math"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/exptest"
)

func TestEA2D(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir()) // the sampling stage goes through the cache
	c := EA2D{L: 6, T: 0.99, Temps: 4, TMax: 2.5, Eq: 50, Thin: 10, Alphas: []float64{0.1, 1, 4}, Epochs: 30, LR: 10, Decay: 0.999,
		Clip: 20, Init: "zero", TestSplit: "held-out", Test: 40, Random: 20, Seed: 1}
	r, err := c.Run(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	exptest.CheckFigures(t, r.Figures())
	main := r.Figures()[0]
	want := []string{"train", "test", "random (start)", "random (nearest training)", "true couplings", "training (sequential updates)", "test (sequential updates)"}
	if len(main.Series) != len(want) {
		t.Fatalf("%d series, want %d", len(main.Series), len(want))
	}
	for k, s := range main.Series {
		if s.Name != want[k] {
			t.Errorf("series %d named %q, want %q", k, s.Name, want[k])
		}
		for _, y := range s.Y {
			if y < -1 || y > 1 {
				t.Errorf("%s: overlap %v", s.Name, y)
			}
		}
	}
	if r.Points[0].Train != 1 {
		t.Errorf("training configurations not stored at α = 0.1: %v", r.Points[0].Train)
	}
	// More data, better inference of the true couplings.
	if !(r.Points[2].Reconstruction < r.Points[0].Reconstruction) || !(r.Points[2].Cosine > r.Points[0].Cosine) {
		t.Errorf("reconstruction errors %v, %v; cosines %v, %v", r.Points[0].Reconstruction, r.Points[2].Reconstruction, r.Points[0].Cosine, r.Points[2].Cosine)
	}
	// A stored configuration is a fixed point of both dynamics: no spin
	// flips.
	if p := r.Points[0]; p.Flipping != 0 || p.SequentialTrain != 1 || !(p.TrainEnergy < 0) {
		t.Errorf("α = 0.1: flipping %v, sequential overlap %v, energy %v", p.Flipping, p.SequentialTrain, p.TrainEnergy)
	}
	for _, p := range r.Points {
		// sᵀJs/N lies between the extreme eigenvalues of J_sym (|s|² = N),
		// whose trace is 0.
		if !(p.MinEigenvalue < 0 && p.MaxEigenvalue > 0) || p.TrainEnergy < -p.MaxEigenvalue/2-1e-9 || p.TrainEnergy > -p.MinEigenvalue/2+1e-9 ||
			p.Flipping < 0 || p.Flipping > 1 || math.Abs(p.Cosine) > 1 {
			t.Errorf("α = %v: spectrum [%v, %v], energy %v, flipping %v, cosine %v", p.Alpha, p.MinEigenvalue, p.MaxEigenvalue, p.TrainEnergy, p.Flipping, p.Cosine)
		}
	}
	// ±J on the square lattice: at least −2 per spin; a quench lowers it
	// below 0.
	if e := r.TrueCouplingsEnergy; !(e >= -2 && e < 0) {
		t.Errorf("true couplings' final energy %v per spin", e)
	}
	// The authors' protocol: uniform start, no clip, resampled test rows;
	// the stable learning rate 2N/ρ is reported at every load.
	authors := c
	authors.Init, authors.Clip, authors.LR, authors.TestSplit, authors.Steps = "uniform", 0, 100, "resample", 100
	ra, err := authors.Run(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range ra.Points {
		if !(p.StableLR > 0 && p.StableLR < 2*36) || p.Stored < 0 || p.Stored > 1 {
			t.Errorf("α = %v: stable learning rate %v (≤ 2N), stored %v", p.Alpha, p.StableLR, p.Stored)
		}
		if p.Test == r.Points[k].Test && p.Train == r.Points[k].Train {
			t.Errorf("α = %v: the authors' protocol changed nothing", p.Alpha)
		}
	}
	// Transposed dynamics: the same training, so the same distance to the
	// (symmetric) true couplings; only the dynamics change.
	tr := authors
	tr.Transposed = true
	rt, err := tr.Run(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	changed := false
	for k, p := range rt.Points {
		q := ra.Points[k]
		if math.Abs(p.Reconstruction-q.Reconstruction) > 1e-9 || p.Cosine != q.Cosine || p.MinEigenvalue != q.MinEigenvalue || p.Loss != q.Loss {
			t.Errorf("α = %v: transposing changed the training: %+v, %+v", p.Alpha, p, q)
		}
		changed = changed || p.Train != q.Train || p.Test != q.Test || p.RandomStart != q.RandomStart
	}
	if !changed {
		t.Error("transposed dynamics gave the same overlaps at every load")
	}
	// The loss minimum from α = 1 on: L-BFGS there, gradient descent below,
	// and its loss is below 30 epochs of gradient descent's.
	minimum := c
	minimum.MinimumFrom, minimum.Tol = 1, 1e-5
	rm, err := minimum.Run(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range rm.Points {
		want := "gradient descent"
		if p.Alpha >= 1 {
			want = "L-BFGS"
			if !(p.Loss < r.Points[k].Loss) || p.Iterations < 1 {
				t.Errorf("α = %v: L-BFGS loss %v after %d iterations, gradient descent's %v", p.Alpha, p.Loss, p.Iterations, r.Points[k].Loss)
			}
		} else if p != r.Points[k] {
			t.Errorf("α = %v: the gradient-descent point changed: %+v, %+v", p.Alpha, p, r.Points[k])
		}
		if p.Solver != want {
			t.Errorf("α = %v: solver %q, want %q", p.Alpha, p.Solver, want)
		}
	}
	for _, bad := range []EA2D{{Init: "gauss"}, {TestSplit: "random"}, {MinimumFrom: -1}, {MinimumFrom: 1, Tol: 0}} {
		b := c
		switch {
		case bad.Init != "":
			b.Init = bad.Init
		case bad.TestSplit != "":
			b.TestSplit = bad.TestSplit
		default:
			b.MinimumFrom, b.Tol = bad.MinimumFrom, bad.Tol
		}
		if err := b.Validate(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	// Loads in any order (the sampling covers the largest).
	unsorted := c
	unsorted.Alphas = []float64{4, 0.1}
	if r, err := unsorted.Run(t.Context(), nil); err != nil || r.Points[1].Train != 1 {
		t.Errorf("loads 4, 0.1: %v", err)
	}
	// The sampling stage was cached on its own, and is reused.
	c2 := c
	c2.Epochs = 31
	var stages []string
	if _, err := experiment.Cached(t.Context(), c2, func(rep experiment.Report) {
		if rep.Experiment == "ea2d" && rep.Step == "parallel tempering" {
			stages = append(stages, rep.Detail)
		}
	}); err != nil {
		t.Fatal(err)
	}
	if len(stages) > 1 {
		t.Errorf("the sampling was run again: %v", stages)
	}
}

func TestEASamples(t *testing.T) {
	c := EASamples{L: 8, T: 1.5, Temps: 4, TMax: 3, Eq: 200, Thin: 5, Configurations: 128, Seed: 2}
	r := exptest.MustRun(t, c)
	if r.Configs.P < 128 || r.Configs.N != 64 {
		t.Errorf("%d configurations of %d spins", r.Configs.P, r.Configs.N)
	}
	if e := r.PT.MeanEnergy; !(e > -2 && e < 0) {
		t.Errorf("energy per spin %v outside (−2, 0)", e)
	}
	for _, a := range r.PT.SwapAcceptance {
		if !(a > 0 && a <= 1) {
			t.Errorf("swap acceptance %v", r.PT.SwapAcceptance)
		}
	}
	c.L = 7
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "even") {
		t.Errorf("odd L: %v", err)
	}
}

// Where the loss has a minimum (a warmer spin glass, T = 3, well past the
// separability threshold) the L-BFGS minimum and a long gradient descent
// give the same panel: overlaps within error bars, the same loss.
func TestEA2DMinimumAgreesWithGradientDescent(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir())
	c := EA2D{L: 6, T: 3, Temps: 4, TMax: 4, Eq: 200, Thin: 10, Alphas: []float64{8, 16}, Epochs: 3000, LR: 20, Decay: 1,
		Init: "zero", TestSplit: "held-out", Test: 300, Random: 100, Seed: 1, Tol: 1e-6}
	gd, err := c.Run(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	c.MinimumFrom = 1
	lb, err := c.Run(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, a := range gd.Points {
		b := lb.Points[k]
		if b.Solver != "L-BFGS" || b.Separable != 0 || b.GradRMS > 1e-6 {
			t.Errorf("α = %v: %s, %d separable rows, gradient RMS %v", a.Alpha, b.Solver, b.Separable, b.GradRMS)
		}
		if math.Abs(a.Loss-b.Loss) > 1e-5*a.Loss {
			t.Errorf("α = %v: loss %v by gradient descent, %v at the minimum", a.Alpha, a.Loss, b.Loss)
		}
		for _, q := range [][4]float64{{a.Train, b.Train, a.TrainErr, b.TrainErr}, {a.Test, b.Test, a.TestErr, b.TestErr}, {a.RandomStart, b.RandomStart, a.RandomStartErr, b.RandomStartErr}} {
			if math.Abs(q[0]-q[1]) > 2*math.Hypot(q[2], q[3]) {
				t.Errorf("α = %v: overlap %v ± %v by gradient descent, %v ± %v at the minimum", a.Alpha, q[0], q[2], q[1], q[3])
			}
		}
	}
}

func TestEA2DAuthorsReference(t *testing.T) {
	if !(EA2D{}).Paper().Gaussian || (EA2D{}).Quick().Gaussian {
		t.Error("Paper must sample a Gaussian instance (the authors'), Quick a ±J one")
	}
	c := EA2D{}.AuthorsL16()
	a := AuthorsL16File
	if err := c.Validate(); err != nil || !c.Gaussian || c.Decay != 0.99 || c.L != 16 || c.T != 1.65 || !c.Transposed {
		t.Fatalf("AuthorsL16: %+v, %v", c, err)
	}
	if len(a.P) != len(a.Train) || len(a.P) != len(a.Test) || len(a.P) != len(a.Cosine) || len(a.P) != len(a.TrainEnergy) {
		t.Fatal("the authors' run has columns of different lengths")
	}
	for k, p := range a.P {
		// The grid lands on the authors' P.
		if got := int(math.Round(c.Alphas[k] * 256)); got != p {
			t.Errorf("load %d gives P = %d, the authors' %d", k, got, p)
		}
	}
	// The reference series appear for their L and T only.
	r := &EA2DResult{Config: c, N: 256, Points: make([]EA2DPoint, len(c.Alphas))}
	for k := range r.Points {
		r.Points[k].Alpha = c.Alphas[k]
	}
	count := func(r *EA2DResult) int {
		n := 0
		for _, s := range r.Figures()[0].Series {
			if strings.HasPrefix(s.Name, "authors:") {
				n++
				if len(s.X) != len(a.P) || s.Y[0] != a.Train[0] && s.Y[0] != a.Test[0] {
					t.Errorf("%s: %v, %v", s.Name, s.X, s.Y)
				}
			}
		}
		return n
	}
	if n := count(r); n != 2 {
		t.Errorf("%d authors' series at L = 16, T = 1.65, want 2", n)
	}
	r.Config.T = 0.99
	if n := count(r); n != 0 {
		t.Errorf("%d authors' series at T = 0.99", n)
	}
}
