package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/plm"
)

// Every experiment has a test below with a small config; this list keeps
// a new experiment from going untested.
var tested = []string{"basins", "basin-training", "basin-size", "p-delta", "p-delta-train", "p-delta-fixed", "pl-training", "perceptron-rows",
	"implicit-bias", "loss-forms", "gradient-check", "exact-conditionals", "clean-pattern", "rf", "rf-examples", "mnist",
	"mnist-binarisation", "ea2d", "ea2d-samples", "proteins", "contacts", "vector", "attention", "phase-diagram", "rbm-duality", "rbm-mnist", "archetypes", "inference"}

func TestEveryExperimentIsTested(t *testing.T) {
	have := map[string]bool{}
	for _, n := range tested {
		have[n] = true
	}
	for _, e := range All() {
		if !have[e.Name] {
			t.Errorf("experiment %s has no test in experiments_test.go", e.Name)
		}
		delete(have, e.Name)
	}
	for n := range have {
		t.Errorf("%s is listed as tested but not registered", n)
	}
}

func TestBasins(t *testing.T) {
	c := Basins{}.Quick()
	c.N, c.Trials, c.Epochs, c.Seed, c.Sets, c.MInStep = 100, 1, 100, 2, 1, 0.05
	r := mustRun(t, c)
	main := r.Figures()[0]
	want := []string{"PL", "Hebb", "pseudo-inverse", "perceptron k=0", "perceptron k=0.1", "perceptron k=0.7", "perceptron k=kmax"}
	if len(main.Series) != len(want) {
		t.Fatalf("%d series, want %d", len(main.Series), len(want))
	}
	for k, s := range main.Series {
		if s.Name != want[k] || len(s.X) != 21 || len(s.Y) != 21 {
			t.Errorf("series %d: %q with %d/%d points", k, s.Name, len(s.X), len(s.Y))
		}
		// At α = 0.4 every rule but Hebb (capacity 0.138) stores the patterns.
		if s.Name != "Hebb" && s.Y[20] != 1 {
			t.Errorf("%s: m_F(m_in=1) = %v, want 1", s.Name, s.Y[20])
		}
	}
	if r.Rules[1].Stored > 0.2 || r.Rules[0].Stored != 1 {
		t.Errorf("stored fractions: Hebb %v, PL %v", r.Rules[1].Stored, r.Rules[0].Stored)
	}
	// PL's basin is larger than that of a zero-margin perceptron.
	if !(r.Rules[0].Size > r.Rules[3].Size+0.1) {
		t.Errorf("basin sizes: PL %v, κ = 0 perceptron %v", r.Rules[0].Size, r.Rules[3].Size)
	}
	// Same seed, same numbers.
	q := mustRun(t, c)
	if !reflect.DeepEqual(r, q) {
		t.Error("same config, different result")
	}
}

// With several pattern sets the basin sizes are means over sets, with
// their standard error, and the first set is the single-set run.
func TestBasinsSets(t *testing.T) {
	c := Basins{}.Quick()
	c.N, c.Trials, c.Epochs, c.Seed, c.MInStep = 100, 1, 100, 2, 0.05
	c.Rules = []string{"pl", "pseudo-inverse"}
	c.Sets = 1
	one := mustRun(t, c)
	c.Sets = 3
	three := mustRun(t, c)
	for k, rb := range three.Rules {
		if len(rb.Sizes) != 3 || rb.Sizes[0] != one.Rules[k].Size {
			t.Errorf("%s: sizes %v, first set alone %v", rb.Name, rb.Sizes, one.Rules[k].Size)
		}
		m, se := plm.MeanStdErr(rb.Sizes)
		if rb.Size != m || rb.SizeErr != se || !(se > 0) {
			t.Errorf("%s: size %v ± %v, want %v ± %v (> 0)", rb.Name, rb.Size, rb.SizeErr, m, se)
		}
		var mean float64
		for _, v := range rb.Sizes {
			mean += v / 3
		}
		if math.Abs(mean-rb.Size) > 1e-12 || rb.Curve.Trials != 3 {
			t.Errorf("%s: mean %v against %v; trials %d", rb.Name, mean, rb.Size, rb.Curve.Trials)
		}
	}
}

// The PL basin grows along training from below the classical references
// to above the pseudo-inverse's; λ(t) grows; the AdaTron check agrees with
// its tighter rerun; same seed, same numbers.
func TestBasinTraining(t *testing.T) {
	c := BasinTraining{}.Quick()
	c.N, c.Sets, c.Epochs, c.MInStep, c.Seed = 100, 2, []int{10, 100, 1000}, 0.02, 3
	r := mustRun(t, c)
	if len(r.PL) != 2 || len(r.PL[0]) != 3 || len(r.RefNames) != 3 || len(r.MaxStability) != 2 {
		t.Fatalf("shape: %d sets × %d points, refs %v, %d checks", len(r.PL), len(r.PL[0]), r.RefNames, len(r.MaxStability))
	}
	size, serr, lam := r.PLCurve()
	if !(size[0] < size[2] && lam[0] < lam[1] && lam[1] < lam[2]) {
		t.Errorf("basin %v, λ(t) %v: want growth along training", size, lam)
	}
	pinv, _ := meanOver(r.References[1], sizeOf)
	if !(size[0] < pinv && size[2] > pinv) {
		t.Errorf("PL %v against pseudo-inverse %v: want below then above", size, pinv)
	}
	if p := r.Passes(); p[1] < 1 {
		t.Errorf("passes %v: PL should pass the pseudo-inverse after the first checkpoint", p)
	}
	for _, ch := range r.MaxStability {
		// κ_max(0.4) = 1.242 for N → ∞; the rows of a finite network scatter around it.
		if math.Abs(ch.MeanMargin-r.KappaMax) > 0.1 || math.Abs(ch.TightMargin-ch.MeanMargin) > 0.01 {
			t.Errorf("max-stability margins %v (tight %v) against κ_max %v", ch.MeanMargin, ch.TightMargin, r.KappaMax)
		}
	}
	main := r.Figures()[0]
	if main.Series[0].Name != "PL" || main.Series[1].Name != "max-stability" || !main.LogX || len(main.Series[0].YErr) != 3 || serr[2] != main.Series[0].YErr[2] {
		t.Errorf("figure series %q, log x %v", main.Series[0].Name, main.LogX)
	}
	if q := mustRun(t, c); !reflect.DeepEqual(r, q) {
		t.Error("same config, different result")
	}
	c.Epochs = []int{100, 10}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "Epochs (-epochs)") {
		t.Errorf("decreasing epochs: %v", err)
	}
	c.Epochs, c.References = []int{10}, []string{"pl"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "References") {
		t.Errorf("pl as reference: %v", err)
	}
}

func TestBasinsOtherRules(t *testing.T) {
	c := Basins{}.Quick()
	c.N, c.Alpha, c.Trials, c.Epochs, c.UnlearningSteps, c.DaydreamingSteps = 60, 1.2, 1, 50, 300, 600
	c.Rules = []string{"dreaming", "unlearning", "daydreaming", "pseudo-inverse", "perceptron:0.7", "max-stability"}
	r := mustRun(t, c)
	var names []string
	for _, rb := range r.Rules {
		names = append(names, rb.Name)
	}
	// At α = 1.2 the pseudo-inverse does not exist and κ_max(1.2) < 0.7.
	if got := strings.Join(names, ","); got != "dreaming t=10,unlearning,Daydreaming,perceptron k=kmax" {
		t.Errorf("rules run: %s", got)
	}
	if got := strings.Join(r.Skipped, ","); got != "pseudo-inverse,perceptron k=0.7" {
		t.Errorf("rules skipped: %s", got)
	}
	if !strings.Contains(r.Figures()[1].Caption, "pseudo-inverse") {
		t.Error("the table does not say which rules were skipped")
	}
}

func TestBasinSize(t *testing.T) {
	c := BasinSize{}.Quick()
	c.N, c.Alphas, c.Epochs = 60, []float64{0.2, 0.4, 0.6}, 100
	r := mustRun(t, c)
	for _, pts := range [][]float64{sizes(r.Asymmetric), sizes(r.Symmetric)} {
		if len(pts) != 3 || !(pts[0] > pts[2]) {
			t.Errorf("basin sizes %v do not shrink with α", pts)
		}
	}
	for k := range r.Symmetric {
		if a := r.Symmetric[k].Asymmetry; a > 1e-6 {
			t.Errorf("symmetric training at α = %v has asymmetry %v", r.Symmetric[k].Alpha, a)
		}
		if a := r.Asymmetric[k].Asymmetry; !(a > 1e-3) {
			t.Errorf("asymmetric training at α = %v has asymmetry %v", r.Asymmetric[k].Alpha, a)
		}
	}
	if f := r.Figures(); f[0].Series[0].Name != "asymmetric" || f[0].Series[1].Name != "symmetric" || f[0].Series[0].X[2] != 0.6 {
		t.Errorf("basin-size series %+v", f[0].Series)
	}
}

func sizes(pts []plm.LoadPoint) []float64 {
	var out []float64
	for _, p := range pts {
		out = append(out, p.BasinSize)
	}
	return out
}

func TestPDelta(t *testing.T) {
	c := PDelta{}.Quick()
	c.Points = 141
	r := mustRun(t, c)
	p := r.Figures()[0]
	want := []string{"lambda=0.2", "lambda=0.8", "lambda=1.6", "lambda=6.4", "hebbian", "kmax"}
	if len(p.Series) != len(want) {
		t.Fatalf("%d series", len(p.Series))
	}
	for k, s := range p.Series {
		if s.Name != want[k] || len(s.X) != 141 || s.X[0] != -2 || s.X[140] != 5 {
			t.Errorf("series %d: %q, %d points from %v", k, s.Name, len(s.X), s.X[0])
		}
		// Every density but the kmax tail (its delta is separate) integrates
		// to ≈ 1 on [−2, 5]; λ = 6.4 is too peaked for this grid.
		var area float64
		for i := 1; i < len(s.X); i++ {
			area += (s.Y[i] + s.Y[i-1]) / 2 * (s.X[i] - s.X[i-1])
		}
		if s.Name != "kmax" && s.Name != "lambda=6.4" && (area < 0.97 || area > 1.01) {
			t.Errorf("%s integrates to %v", s.Name, area)
		}
		if s.Name == "kmax" && math.Abs(area+r.DeltaWeight-1) > 0.03 {
			t.Errorf("kmax tail %v + delta %v ≠ 1", area, r.DeltaWeight)
		}
	}
	// The mean stability grows with λ and the fraction of positive
	// stabilities towards 1.
	for k := 1; k < len(r.Solved); k++ {
		if !(r.Solved[k].Stable >= r.Solved[k-1].Stable) || !(r.Solved[k].Mean < r.Solved[k-1].Mean) || !(r.Solved[k].Std < r.Solved[k-1].Std) {
			t.Errorf("P(Δ > 0) does not grow, or the mean and spread do not shrink, with λ: %+v", r.Solved)
		}
	}
	if r.Solved[0].Stable > 0.99 || r.Solved[3].Stable < 1-1e-9 {
		t.Errorf("P(Δ > 0) from %v to %v", r.Solved[0].Stable, r.Solved[3].Stable)
	}
	// κ_max is where Gardner's capacity equals the load.
	if a := plm.GardnerCapacity(r.KappaMax); math.Abs(a-0.4) > 1e-6 {
		t.Errorf("α_c(κ_max) = %v, want 0.4", a)
	}
}

func TestPDeltaTrain(t *testing.T) {
	c := PDeltaTrain{}.Quick()
	c.N, c.Alphas, c.Short, c.Long = 60, []float64{0.4}, 5, 50
	r := mustRun(t, c)
	p := r.Figures()[0]
	if len(p.Series) != 4 || p.Series[0].Name != "train alpha=0.4 epochs=5" || p.Series[3].Name != "theory alpha=0.4 epochs=50" {
		t.Fatalf("series %v", p.Series)
	}
	// Free norm: λ(t) grows with training.
	if !(r.Snapshots[1].Lambda > r.Snapshots[0].Lambda) {
		t.Errorf("λ(t) %v then %v", r.Snapshots[0].Lambda, r.Snapshots[1].Lambda)
	}
	if n := len(r.SnapshotFigures()); n != 2 {
		t.Errorf("%d snapshot figures", n)
	}
}

func TestPDeltaFixedMatchesTheory(t *testing.T) {
	r := mustRun(t, PDeltaFixed{}.Quick())
	if math.Abs(r.Mean-r.TheoryMean) > 0.03 || math.Abs(r.Std-r.TheoryStd) > 0.03 {
		t.Errorf("trained mean/std %.4f/%.4f, theory %.4f/%.4f", r.Mean, r.Std, r.TheoryMean, r.TheoryStd)
	}
}

func TestPLTraining(t *testing.T) {
	c := PLTraining{}.Quick()
	c.N, c.Epochs = 100, 100
	r := mustRun(t, c)
	first, last := r.Log[0], r.Log[len(r.Log)-1]
	if len(r.Log) != 101 || !(last.Loss < first.Loss/5) || !(last.Lambda > first.Lambda) {
		t.Errorf("log: %d entries, first %+v, last %+v", len(r.Log), first, last)
	}
	if r.StoredPL != 1 || r.StoredHebb != 0 {
		t.Errorf("stored at α = 0.4: PL %v, Hebb %v", r.StoredPL, r.StoredHebb)
	}
	if len(r.Figures()) != 4 {
		t.Errorf("%d figures", len(r.Figures()))
	}
}

func TestRowEquivalence(t *testing.T) {
	c := RowEquivalence{}.Quick()
	c.N, c.Epochs, c.Rows = 60, 50, []int{0, 59}
	r := mustRun(t, c)
	for k, d := range r.MaxDiff {
		if d > RowTolerance || !(r.Norm[k] > 0) {
			t.Errorf("row %d: difference %v, norm %v", c.Rows[k], d, r.Norm[k])
		}
	}
	c.Rows = []int{60}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "row 60") {
		t.Errorf("row out of range: %v", err)
	}
}

func TestImplicitBias(t *testing.T) {
	c := ImplicitBias{}.Quick()
	c.N, c.Epochs = 60, 256
	r := mustRun(t, c)
	n := len(r.Epochs)
	if n != 9 || r.Epochs[n-1] != 256 {
		t.Fatalf("epochs %v", r.Epochs)
	}
	for k := 1; k < n; k++ {
		if !(r.Margin[k] > r.Margin[k-1]) || !(r.Lambda[k] > r.Lambda[k-1]) {
			t.Errorf("margin or λ(t) not growing at %v epochs: %v, %v", r.Epochs[k], r.Margin, r.Lambda)
		}
	}
	// No training beats the maximal stability of the same patterns.
	if !(r.Margin[n-1] <= r.AdaTron+1e-3) {
		t.Errorf("PL margin %v above maximal stability %v", r.Margin[n-1], r.AdaTron)
	}
}

func TestLossForms(t *testing.T) {
	r := mustRun(t, LossForms{}.Quick())
	for k, u := range r.Config.Us {
		if math.IsNaN(r.Stable[k]) || math.IsInf(r.Stable[k], 0) || math.Abs(r.Stable[k]+math.Log1p(math.Exp(-2*u))) > 1e-12 {
			t.Errorf("u = %v: stable form %v", u, r.Stable[k])
		}
	}
	// The direct form agrees while cosh is finite, and overflows beyond.
	if math.Abs(r.Naive[1]-r.Stable[1]) > 1e-12 || !math.IsInf(r.Naive[4], -1) {
		t.Errorf("direct form: %v", r.Naive)
	}
}

func TestGradientCheck(t *testing.T) {
	r := mustRun(t, GradientCheck{}.Quick())
	if len(r.Relative) != 6 || r.Worst > GradientTolerance {
		t.Errorf("relative differences %v", r.Relative)
	}
	c := GradientCheck{}.Quick()
	c.Entries = []int{13} // J_11
	if err := c.Validate(); err == nil {
		t.Error("a diagonal entry was accepted")
	}
}

func TestExactConditionals(t *testing.T) {
	r := mustRun(t, ExactConditionals{}.Quick())
	var sum float64
	for _, v := range r.PerSite {
		sum += v
	}
	if math.Abs(sum-r.LogPL) > 1e-9 || math.Abs(r.LogPL-r.Formula) > 1e-8*math.Abs(r.Formula) {
		t.Errorf("per-site sum %v, enumerated %v, formula %v", sum, r.LogPL, r.Formula)
	}
	// Jensen: log Z ≥ N log 2 (the uniform mean of −βE is 0).
	if !(r.LogZ >= 12*math.Ln2) {
		t.Errorf("log Z = %v < N log 2", r.LogZ)
	}
	c := ExactConditionals{}.Quick()
	c.N = 21
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "≤ 20") {
		t.Errorf("N = 21: %v", err)
	}
}

func TestCleanPattern(t *testing.T) {
	c := CleanPattern{}.Quick()
	c.N, c.MIn = 100, 0.8
	r := mustRun(t, c)
	if r.Overlap[0] != 0.8 || r.Overlap[len(r.Overlap)-1] != 1 {
		t.Errorf("overlaps along the dynamics: %v", r.Overlap)
	}
	if im := r.Figures()[0].Images; im.Width*im.Height != 100 || len(im.Spins) != len(r.Overlap) {
		t.Errorf("images %d×%d, %d of them", im.Width, im.Height, len(im.Spins))
	}
}

func TestRandomFeatures(t *testing.T) {
	c := RandomFeatures{}.Quick()
	c.N, c.Epochs, c.Test = 40, 50, 10
	r := mustRun(t, c)
	h := r.Figures()[0].Heatmaps
	if len(h) != 12 {
		t.Fatalf("%d heat maps, want 12", len(h))
	}
	for _, m := range h {
		if len(m.Z) != 6 || len(m.Z[0]) != 6 {
			t.Errorf("heat map %q: %d×%d", m.Name, len(m.Z), len(m.Z[0]))
		}
		for _, row := range m.Z {
			for _, v := range row {
				if v < -1 || v > 1 {
					t.Fatalf("%s: overlap %v", m.Name, v)
				}
			}
		}
	}
	if h[3].Name != "train hebb" || h[6].Name != "train PL (zoom)" {
		t.Errorf("heat maps %q, %q", h[3].Name, h[6].Name)
	}
	// At α = 0.1 PL stores every training example.
	for ix, v := range r.Grid.Z[0][0] {
		if v != 1 {
			t.Errorf("train PL at α = 0.1, α_D = %v: %v", c.AlphaDs[ix], v)
		}
	}
	// One column: curves against α instead of heat maps.
	c.AlphaDs, c.Zoom, c.Alphas = []float64{0.05}, nil, []float64{0.1, 1}
	s := mustRun(t, c).Figures()[0]
	if len(s.Series) != 6 || len(s.Heatmaps) != 0 || !s.Series[3].Dashed {
		t.Errorf("slice: %d series, %d heat maps", len(s.Series), len(s.Heatmaps))
	}
}

func TestRFExamples(t *testing.T) {
	r := mustRun(t, RFExamples{}.Quick())
	// With L = 3 an example overlaps each of its features by 1/2 on
	// average and the others by O(1/√N): it carries exactly 3.
	for mu, with := range r.Carries {
		if len(with) != 3 {
			t.Errorf("example %d carries %v", mu, with)
		}
	}
}

func TestMNIST(t *testing.T) {
	if _, err := data.FindMNIST(); err != nil {
		t.Skip(err)
	}
	c := MNIST{}.Quick()
	c.Epochs, c.Test, c.Random, c.Steps, c.Examples = 40, 50, 20, 10, 3
	r := mustRun(t, c)
	main := r.Figures()[0]
	if len(main.Series) != 4 || main.Series[0].Name != "train" || main.Series[1].Name != "test" || main.Series[2].Name != "random (start)" ||
		main.Series[3].Name != "random (nearest training)" {
		t.Fatalf("series %+v", main.Series)
	}
	for _, s := range main.Series {
		if len(s.X) != 5 || s.X[0] != 0.1 || s.X[4] != 10 {
			t.Errorf("%s: α %v", s.Name, s.X)
		}
	}
	// At α = 0.1 the training images are stored (overlap ≈ 1); test images
	// are not, and their attractors are mostly of their class at α = 10.
	if p := r.Points[0]; p.Train < 0.95 || p.Test > p.Train {
		t.Errorf("α = 0.1: train %v, test %v", p.Train, p.Test)
	}
	if acc := r.Points[4].ClassAccuracy; acc < 0.5 {
		t.Errorf("class accuracy at α = 10: %v", acc)
	}
	// A random start moves far (its own overlap is small), and at α = 0.1
	// it ends nearer a training image than where it started.
	if p := r.Points[0]; !(p.RandomStart < 0.5 && p.RandomNearest > p.RandomStart) {
		t.Errorf("random: start %v, nearest training %v", p.RandomStart, p.RandomNearest)
	}
	// The authors' scale at LR is the cross-entropy at LR/λ (and clip 20λ:
	// the clip rarely binds here, so compare the training overlaps loosely).
	ce := c
	ce.LossScale, ce.LR, ce.Alphas = "cross-entropy", c.LR/c.Lambda, c.Alphas[:2]
	rc := mustRun(t, ce)
	for k, p := range rc.Points {
		if math.Abs(p.Train-r.Points[k].Train) > 0.05 || math.Abs(p.Test-r.Points[k].Test) > 0.05 {
			t.Errorf("α = %v: cross-entropy at LR/λ %v/%v, authors' scale %v/%v", p.Alpha, p.Train, p.Test, r.Points[k].Train, r.Points[k].Test)
		}
	}
	bad := c
	bad.LossScale = "authors"
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "LossScale (-loss-scale)") {
		t.Errorf("bad loss scale: %v", err)
	}
	if len(r.Examples) != 4 || len(r.Examples[0].In) != 3 {
		t.Errorf("%d example sets", len(r.Examples))
	}
	c.Dir = t.TempDir()
	if _, err := c.Run(noCache, nil); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("empty MNIST folder: %v", err)
	}
}

func TestMNISTBinarisation(t *testing.T) {
	if _, err := data.FindMNIST(); err != nil {
		t.Skip(err)
	}
	r := mustRun(t, MNISTBinarisation{Count: 3})
	f := r.Figures()
	if len(f) != 3 || f[2].Images.Width != 14 || len(f[0].Images.Spins[0]) != 784 {
		t.Errorf("figures %d, cropped width %d", len(f), f[2].Images.Width)
	}
	if reflect.DeepEqual(r.Raw, r.Deskewed) {
		t.Error("deskewing changed nothing")
	}
}

func TestEA2D(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir()) // the sampling stage goes through the cache
	c := EA2D{L: 6, T: 0.99, Temps: 4, TMax: 2.5, Eq: 50, Thin: 10, Alphas: []float64{0.1, 1, 4}, Epochs: 30, LR: 10, Decay: 0.999,
		Clip: 20, Init: "zero", TestSplit: "held-out", Test: 40, Random: 20, Seed: 1}
	r, err := c.Run(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkFigures(t, r.Figures())
	main := r.Figures()[0]
	want := []string{"train", "test", "random (start)", "random (nearest training)", "true couplings"}
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
	if !(r.Points[2].Reconstruction < r.Points[0].Reconstruction) {
		t.Errorf("reconstruction errors %v, %v", r.Points[0].Reconstruction, r.Points[2].Reconstruction)
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
	if _, err := Cached(t.Context(), c2, func(rep Report) {
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
	r := mustRun(t, c)
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

func TestProteins(t *testing.T) {
	c := Proteins{}.Quick()
	c.Alignment, c.Alphas, c.Epochs, c.LR, c.Test, c.Pairs = toyAlignment(t), []float64{0.2, 1}, 40, 0.05, 30, 100
	r := mustRun(t, c)
	main := r.Figures()[0]
	for k, w := range []string{"train asym", "test asym", "train sym", "test sym"} {
		if main.Series[k].Name != w || len(main.Series[k].Y) != 2 {
			t.Fatalf("series %d: %q %v", k, main.Series[k].Name, main.Series[k].Y)
		}
	}
	if last := main.Series[len(main.Series)-1]; last.Name != "random pairs" {
		t.Errorf("last series %q, want the random-pair baseline", last.Name)
	}
	if r.Points[0].TrainAsym != 1 {
		t.Errorf("training sequences not stored at α = 0.2: %v", r.Points[0].TrainAsym)
	}
	// Noisy copies of three ancestors: test sequences end closer to their
	// own start than unrelated sequences are to each other.
	if !(r.Points[1].TestAsym > r.RandomPairs) {
		t.Errorf("test overlap %v, random pairs %v", r.Points[1].TestAsym, r.RandomPairs)
	}
	c.Alignment = t.TempDir() + "/none.fasta"
	if _, err := c.Run(noCache, nil); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("missing alignment: %v", err)
	}
}

// plantedFamily writes an alignment of 30 sites whose columns 3, 7, 10
// are copied (10 % noise) into 15, 22, 27, and a contact map where those
// three pairs are at 5 Å and every other pair at 20 Å.
func plantedFamily(t *testing.T) (alignment, structure string) {
	t.Helper()
	r := rand.New(rand.NewPCG(5, 5))
	const abc = "-ACDEFGHIKLMNPQRSTVWY"
	planted := [][2]int{{3, 15}, {7, 22}, {10, 27}}
	var a, s strings.Builder
	for m := 0; m < 300; m++ {
		seq := make([]byte, 30)
		for i := range seq {
			seq[i] = abc[r.IntN(21)]
		}
		for _, p := range planted {
			if r.Float64() > 0.1 {
				seq[p[1]] = seq[p[0]]
			}
		}
		fmt.Fprintf(&a, ">s%d\n%s\n", m, seq)
	}
	for i := 1; i <= 30; i++ {
		for j := i + 1; j <= 30; j++ {
			d := 20.0
			for _, p := range planted {
				if p[0] == i-1 && p[1] == j-1 {
					d = 5
				}
			}
			fmt.Fprintf(&s, "%d %d 0 %g\n", i, j, d)
		}
	}
	dir := t.TempDir()
	alignment, structure = filepath.Join(dir, "planted.fasta"), filepath.Join(dir, "planted_struct.dat")
	os.WriteFile(alignment, []byte(a.String()), 0o644)
	os.WriteFile(structure, []byte(s.String()), 0o644)
	return alignment, structure
}

// The three planted pairs are the top three of every method; the panel
// carries the precisions; a map of the wrong size is refused.
func TestContacts(t *testing.T) {
	c := Contacts{}.Quick()
	c.Alignment, c.Structure = plantedFamily(t)
	c.Alpha, c.Epochs, c.LR = 10, 60, 0.05
	r := mustRun(t, c)
	if len(r.Scores) != 3 || len(r.Scores[0]) != 30 || r.P != 300 || r.Contacts != 3 || r.Pairs != 325 {
		t.Fatalf("%d methods, L = %d, P = %d, %d contacts of %d pairs", len(r.Scores), len(r.Scores[0]), r.P, r.Contacts, r.Pairs)
	}
	for m, name := range ContactMethods {
		if p := r.PrecisionAt(m, 3); p != 1 {
			t.Errorf("%s: precision of the top 3 = %v, want 1", name, p)
		}
		if p := r.PrecisionAt(m, 30); math.Abs(p-0.1) > 1e-12 {
			t.Errorf("%s: precision of the top 30 = %v, want 3/30", name, p)
		}
	}
	f := r.Figures()
	if f[0].Panel != "contacts" || f[0].Params["PL_sym_L"] != 0.1 || len(f[0].Series) != 4 || f[1].Panel != "contacts-map" {
		t.Errorf("panels: %s %v (%d series), %s", f[0].Panel, f[0].Params, len(f[0].Series), f[1].Panel)
	}
	short := filepath.Join(t.TempDir(), "short.dat")
	os.WriteFile(short, []byte("1 2 0 3\n"), 0o644)
	c.Structure = short
	if _, err := c.Run(noCache, nil); err == nil || !strings.Contains(err.Error(), "2 sites") {
		t.Errorf("a map of 2 sites for 30: %v", err)
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

func TestVectorMemory(t *testing.T) {
	c := VectorMemory{}.Quick()
	c.N, c.Alphas, c.MIn, c.Epochs = 60, []float64{0.05, 0.3}, 6, 150
	r := mustRun(t, c)
	f := r.Figures()
	want := []string{"Hebb d=1", "PL d=1", "Hebb d=2", "PL d=2", "Hebb d=3", "PL d=3"}
	if len(f[0].Series) != len(want) {
		t.Fatalf("%d series", len(f[0].Series))
	}
	for k, s := range f[0].Series {
		if s.Name != want[k] || len(s.X) != 2 {
			t.Errorf("series %d: %q with %d points", k, s.Name, len(s.X))
		}
		// The second figure is the same sizes against P/(Nd).
		if d := float64(k/2 + 1); f[1].Series[k].X[1] != s.X[1]/d || f[1].Series[k].Y[1] != s.Y[1] {
			t.Errorf("%s: scaled axis %v", s.Name, f[1].Series[k].X)
		}
	}
	// At α = 0.3 PL keeps its patterns in every d, Hebb keeps none for d ≥ 2.
	for _, p := range r.Points {
		if p.Alpha != 0.3 {
			continue
		}
		if p.Rule == "pl" && p.Retrieval < 0.99 || p.Rule == "hebb" && p.D >= 2 && p.Retrieval > 0.6 {
			t.Errorf("%s d=%d at α = 0.3: retrieval %.3f", p.Rule, p.D, p.Retrieval)
		}
	}
	if cur := r.CurvesAt(0.28); len(cur.Series) != 6 || !strings.Contains(cur.Title, "α = 0.3") {
		t.Errorf("curves at 0.28: %s, %d series", cur.Title, len(cur.Series))
	}
	bad := c
	bad.Rules = []string{"hebb", "dreaming"}
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), `unknown rule "dreaming"`) {
		t.Errorf("bad rule: %v", err)
	}
}

// At d = 1 vector spins are Ising spins and the vector loss is PL's: the
// vector experiment's d = 1 basin equals the basins experiment's PL basin
// at the same N, α and training, within error bars (means over pattern
// sets). With the learning rate 300 the vector presets once used, d = 1
// fell far below it (0.19 against 0.47 at α = 0.3, N = 100).
func TestVectorD1IsIsing(t *testing.T) {
	const n, alpha, sets = 100, 0.3, 4
	v := VectorMemory{}.Quick()
	v.N, v.Dims, v.Alphas, v.Rules, v.Trials, v.MIn = n, []int{1}, []float64{alpha}, []string{"pl"}, 4, 21
	var sizes []float64
	for s := uint64(1); s <= sets; s++ {
		v.Seed = s
		sizes = append(sizes, mustRun(t, v).Points[0].BasinSize)
	}
	vec, vecErr := plm.MeanStdErr(sizes)
	b := Basins{}.Quick()
	b.N, b.Alpha, b.Rules, b.Sets, b.Trials, b.MInStep, b.Epochs, b.LR, b.Clip = n, alpha, []string{"pl"}, sets, 4, 0.05, v.Epochs, v.LR, v.Clip
	ising := mustRun(t, b).Rules[0]
	tol := 3*math.Hypot(vecErr, ising.SizeErr) + 0.05 // + one step of the m_in grids
	t.Logf("basin at α = %g, N = %d: vector d = 1 %.3f ± %.3f, Ising PL %.3f ± %.3f", alpha, n, vec, vecErr, ising.Size, ising.SizeErr)
	if math.Abs(vec-ising.Size) > tol {
		t.Errorf("vector d = 1 basin %.3f ± %.3f, Ising PL %.3f ± %.3f: more than %.3f apart", vec, vecErr, ising.Size, ising.SizeErr, tol)
	}
	if ising.Size < 0.42 {
		t.Errorf("Ising PL basin %.3f at α = %g, N = %d: want the converged ≈ 0.47", ising.Size, alpha, n)
	}
}

// For symmetric couplings the layer is half of −∇F (cosine ≈ 1, ratio ≈
// 1/2); for PL's asymmetric couplings it is not; on the sphere F is not
// monotone along the layers for any kind.
func TestSelfAttention(t *testing.T) {
	r := mustRun(t, SelfAttention{}.Quick())
	if len(r.Runs) != 6 || len(r.MapStart) != 40 || len(r.MapEnd[0]) != 40 {
		t.Fatalf("%d runs, maps %d", len(r.Runs), len(r.MapStart))
	}
	for _, run := range r.Runs {
		mc, _ := plm.MeanStdErr(run.Cosine)
		mr, _ := plm.MeanStdErr(run.Ratio)
		sym := run.Couplings != "PL"
		if sym && run.Normalisation == "none" && !(mc > 0.99 && math.Abs(mr-0.5) < 0.02) {
			t.Errorf("%s, %s: cos %.3f, ratio %.3f (want ≈ 1, 1/2)", run.Couplings, run.Normalisation, mc, mr)
		}
		if !sym && mc > 0.9 {
			t.Errorf("PL, %s: the layer is along −∇F (cos %.3f)", run.Normalisation, mc)
		}
		if run.Normalisation == "sphere" && run.Increases == 0 {
			t.Errorf("%s on the sphere: F never rose", run.Couplings)
		}
		if len(run.F) != 31 || run.Stopped != "" {
			t.Errorf("%s, %s: %d steps, stopped %q", run.Couplings, run.Normalisation, len(run.F), run.Stopped)
		}
	}
}

func TestPhaseDiagram(t *testing.T) {
	c := PhaseDiagram{N: 100, Alphas: []float64{0.03, 0.3}, Temps: []float64{0.05, 1.5}, DreamTimes: []float64{10}, Starts: 3, BurnIn: 20, Sweeps: 30,
		Epochs: 100, LR: 10, Clip: 20, AGSPoints: 3, Seed: 1}
	r := mustRun(t, c)
	p := r.Figures()[0]
	if len(p.Heatmaps) != 3 || p.Heatmaps[0].Name != "Hebb" || p.Heatmaps[1].Name != "PL" || p.Heatmaps[2].Name != "dreaming t=10" {
		t.Fatalf("heat maps %v", p.Heatmaps)
	}
	if names := [3]string{p.Series[0].Name, p.Series[1].Name, p.Series[2].Name}; names != [3]string{"AGS T_M", "AGS T_c", "T_g"} {
		t.Errorf("series %v", names)
	}
	z := r.Z // [rule][T][α]
	if !(z[0][0][0] > 0.9 && z[0][0][1] < 0.5 && z[1][0][1] > 0.9 && z[2][0][1] > 0.9) {
		t.Errorf("T = 0.05: Hebb %.2f / %.2f, PL %.2f, dreaming %.2f at α = 0.03 / 0.3", z[0][0][0], z[0][0][1], z[1][0][1], z[2][0][1])
	}
	for k := range z {
		for ia := range c.Alphas {
			if math.Abs(z[k][1][ia]) > 0.3 {
				t.Errorf("%s at T = 1.5, α = %v: overlap %.2f above every transition", r.Rules[k], c.Alphas[ia], z[k][1][ia])
			}
		}
	}
	// Each AGS line stops at its end, at T = 0, and draws nothing past it.
	for _, line := range []struct {
		s   figure.Series
		end float64
	}{{p.Series[0], r.Lines.EndM}, {p.Series[1], r.Lines.EndC}} {
		n := len(line.s.X)
		if n == 0 || line.s.X[n-1] != line.end || line.s.Y[n-1] != 0 || slices.Max(line.s.X) != line.end || slices.Contains(line.s.Y[:n-1], 0) {
			t.Errorf("%s: %v, %v; want T > 0 below its end %.4f, then (end, 0)", line.s.Name, line.s.X, line.s.Y, line.end)
		}
	}
	if math.Abs(r.Lines.EndM-0.138) > 0.003 || math.Abs(r.Lines.EndC-0.051) > 0.003 {
		t.Errorf("line ends %.4f, %.4f", r.Lines.EndM, r.Lines.EndC)
	}
	for k, a := range r.Lines.Alpha {
		if a >= 0.15 && r.Lines.TM[k] != 0 || math.Abs(r.Lines.TG[k]-1-math.Sqrt(a)) > 1e-12 || r.Lines.TC[k] > r.Lines.TM[k] {
			t.Errorf("lines at α = %v: T_M %v, T_c %v, T_g %v", a, r.Lines.TM[k], r.Lines.TC[k], r.Lines.TG[k])
		}
	}
	bad := c
	bad.Starts = 4
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "α = 0.03 gives only 3 patterns") {
		t.Errorf("too many starts: %v", err)
	}
}

func TestRBMDuality(t *testing.T) {
	r := mustRun(t, RBMDuality{}.Quick())
	for _, row := range r.Rows {
		if math.Abs(row.LogZRBM-row.LogZHop) > 1e-6*row.LogZHop {
			t.Errorf("β = %v: log Z %v against %v", row.Beta, row.LogZRBM, row.LogZHop)
		}
		for name, v := range map[string][2]float64{"Gibbs": {row.M2Gibbs, row.M2GibbsSE}, "heat bath": {row.M2Heat, row.M2HeatSE}} {
			if math.Abs(v[0]-row.M2Exact) > 4*v[1] {
				t.Errorf("β = %v, %s: ⟨m²⟩ %.4f ± %.4f, exact %.4f", row.Beta, name, v[0], v[1], row.M2Exact)
			}
		}
	}
	if err := (RBMDuality{N: 30, P: 2, Betas: []float64{1}, Chains: 2, Sweeps: 1}).Validate(); err == nil || !strings.Contains(err.Error(), "2^N states") {
		t.Errorf("N = 30: %v", err)
	}
}

// CD from Hopfield weights starts below, and stays ahead of, CD from random
// weights on the same budget; both learn beyond independent pixels.
func TestRBMMNIST(t *testing.T) {
	if _, err := data.FindMNIST(); err != nil {
		t.Skip(err)
	}
	c := RBMMNIST{}.Quick()
	c.Train, c.Test, c.Epochs, c.PLEpochs = 1000, 200, 6, 30
	r := mustRun(t, c)
	if len(r.Random) != 7 || len(r.Hopfield) != 7 {
		t.Fatalf("%d and %d log entries", len(r.Random), len(r.Hopfield))
	}
	if math.Abs(r.Random[0].TestPL-r.Independent) > 0.01 {
		t.Errorf("random start %.4f, independent pixels %.4f", r.Random[0].TestPL, r.Independent)
	}
	for e := 0; e <= 6; e++ {
		if !(r.Hopfield[e].TestPL < r.Random[e].TestPL) {
			t.Errorf("epoch %d: Hopfield start %.4f, random start %.4f", e, r.Hopfield[e].TestPL, r.Random[e].TestPL)
		}
	}
	if !(r.Random[6].TestPL < r.Independent-0.01 && r.PL < r.Hopfield[6].TestPL) {
		t.Errorf("test losses: independent %.4f, random %.4f, Hopfield %.4f, PL %.4f", r.Independent, r.Random[6].TestPL, r.Hopfield[6].TestPL, r.PL)
	}
}

// One example per archetype is memorised (overlap r with the archetype);
// many examples make the archetype an attractor, which supervised Hebb and
// converged PL (descent from zero, and the loss minimum) reach from the
// examples themselves, also at r = 0.5, where PL from Hebb's start after
// 300 epochs ended away from every archetype (overlap ≈ 0.03).
func TestArchetypeLearning(t *testing.T) {
	c := ArchetypeLearning{N: 100, K: 3, Ms: []int{1, 256}, Rs: []float64{0.5}, Epochs: 1000, LR: 10, Clip: 20, Init: "zero", L2: 1e-3, Seed: 1}
	r := mustRun(t, c)
	one, many := r.Points[0], r.Points[1]
	for k, name := range archetypeRules {
		if one.WithStart[k] != 1 || math.Abs(one.FromExamples[k]-0.5) > 0.1 {
			t.Errorf("%s, M = 1: overlap with the start %.3f, with the archetype %.3f (want 1, ≈ r)", name, one.WithStart[k], one.FromExamples[k])
		}
		if many.FromArchetypes[k] < 0.95 {
			t.Errorf("%s, M = 256: from the archetypes %.3f", name, many.FromArchetypes[k])
		}
	}
	for k, name := range archetypeRules[:3] {
		if many.FromExamples[k] < 0.95 || many.WithStart[k] > 0.7 {
			t.Errorf("%s, M = 256: archetype %.3f, start %.3f (want the archetype)", name, many.FromExamples[k], many.WithStart[k])
		}
	}
	// The descent has reached the minimum: the same loss to 1 %.
	if d, m := many.PLLoss[0], many.PLLoss[1]; !(math.Abs(d-m) < 0.01*m) {
		t.Errorf("M = 256: PL loss %.4f after the descent, %.4f at the minimum", d, m)
	}
	if f := r.Figures(); len(f[0].Series) != 4 || f[0].Series[0].Name != "PL" || f[0].Series[1].Name != "PL minimum" || f[0].Series[3].Name != "Hebb unsupervised" {
		t.Errorf("series %v", f[0].Series)
	}
	bad := c
	bad.Init = "sideways"
	if err := bad.Validate(); err == nil {
		t.Error("an unknown start was accepted")
	}
	t.Logf("M = 256: PL from examples %.3f (start %.3f), minimum %.3f", many.FromExamples[0], many.WithStart[0], many.FromExamples[1])
}

// inferenceTest is a small inference run: N = 36, the glass, an ordered
// and a paramagnetic ferromagnet.
var inferenceTest = Inference{L: 6, T: 0.99, FerroTemps: []float64{1.6, 3}, Samples: []int{200, 3200}, Repeats: 2, Thin: 5, Prior: 1,
	MLChains: 100, MLSteps: 300, Seed: 1}

// More samples, smaller errors (outside the ordered phase, where the
// spins hardly fluctuate and γ stays high); PL and maximum likelihood
// agree where both are consistent; TAP is mean field at zero magnetisation and corrects it
// in the ordered phase; the panels carry every method with error bars.
func TestInference(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir())
	c := inferenceTest
	r := mustRun(t, c)
	method := func(name string) int { return slices.Index(InferenceMethods, name) }
	pl, ml, mf, tap := method("PL"), method("maximum likelihood"), method("mean-field"), method("TAP")
	for s, name := range r.Systems {
		g := r.Gamma[s]
		t.Logf("%s (|m| = %.2f): PL %.3f → %.3f, ML %.3f, MF %.3f, TAP %.3f, Bethe %.3f", name, r.Magnetisation[s], g[pl][0], g[pl][1], g[ml][1], g[mf][1], g[tap][1], g[method("Bethe")][1])
		if r.Magnetisation[s] < 0.5 && !(g[pl][1] < 0.6*g[pl][0]) {
			t.Errorf("%s: PL error %.3f at P = 3200 is not below 0.6 × %.3f at P = 200", name, g[pl][1], g[pl][0])
		}
		if math.Abs(g[ml][1]-g[pl][1]) > 0.3*g[pl][1] {
			t.Errorf("%s: maximum likelihood %.3f and PL %.3f disagree at P = 3200", name, g[ml][1], g[pl][1])
		}
	}
	if r.Magnetisation[0] > 0.3 || r.Magnetisation[1] < 0.7 || r.Magnetisation[2] > 0.3 {
		t.Errorf("magnetisations %v: want the glass and T = 3 near 0, T = 1.6 ordered", r.Magnetisation)
	}
	if g := r.Gamma[2]; math.Abs(g[tap][1]-g[mf][1]) > 0.02*g[mf][1] {
		t.Errorf("T = 3: TAP %.4f differs from mean field %.4f at m ≈ 0", g[tap][1], g[mf][1])
	}
	// In the ordered phase the spins hardly fluctuate: every method needs
	// more samples than in the paramagnet.
	if !(r.Gamma[1][pl][1] > 2*r.Gamma[2][pl][1]) {
		t.Errorf("PL's error in the ordered phase %.3f is not above twice the paramagnet's %.3f", r.Gamma[1][pl][1], r.Gamma[2][pl][1])
	}
	if g := r.Gamma[1]; !(g[tap][1] < 0.8*g[mf][1]) {
		t.Errorf("T = 1.6: TAP %.3f does not improve on mean field %.3f in the ordered phase", g[tap][1], g[mf][1])
	}
	f := r.Figures()
	if len(f) != 3 || f[0].Panel != "inference" || f[2].Panel != "inference-ferromagnet-2" || !f[0].LogY {
		t.Fatalf("panels %v", f)
	}
	for k, s := range f[1].Series {
		if s.Name != InferenceMethods[k] || len(s.YErr) != 2 {
			t.Errorf("series %d: %q with %d error bars", k, s.Name, len(s.YErr))
		}
	}
	for _, bad := range []func(*Inference){
		func(c *Inference) { c.L = 5 },
		func(c *Inference) { c.Samples = []int{400, 200} },
		func(c *Inference) { c.Samples = nil },
		func(c *Inference) { c.Prior = -1 },
		func(c *Inference) { c.FerroTemps = []float64{math.NaN()} },
		func(c *Inference) { c.Repeats = 0 },
		func(c *Inference) { c.MLSteps = 0 },
	} {
		b := inferenceTest
		b.Samples = slices.Clone(b.Samples)
		bad(&b)
		if err := b.Validate(); err == nil {
			t.Errorf("%+v: no error", b)
		}
	}
}
