package basins

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/experiment/internal/exptest"
	"github.com/plmlab/plmlab/plm"
)

func TestBasins(t *testing.T) {
	c := Basins{}.Quick()
	c.N, c.Trials, c.Epochs, c.Seed, c.Sets, c.MInStep = 100, 1, 100, 2, 1, 0.05
	r := exptest.MustRun(t, c)
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
	q := exptest.MustRun(t, c)
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
	one := exptest.MustRun(t, c)
	c.Sets = 3
	three := exptest.MustRun(t, c)
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
	r := exptest.MustRun(t, c)
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
	if q := exptest.MustRun(t, c); !reflect.DeepEqual(r, q) {
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
	r := exptest.MustRun(t, c)
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
	r := exptest.MustRun(t, c)
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

func TestCleanPattern(t *testing.T) {
	c := CleanPattern{}.Quick()
	c.N, c.MIn = 100, 0.8
	r := exptest.MustRun(t, c)
	if r.Overlap[0] != 0.8 || r.Overlap[len(r.Overlap)-1] != 1 {
		t.Errorf("overlaps along the dynamics: %v", r.Overlap)
	}
	if im := r.Figures()[0].Images; im.Width*im.Height != 100 || len(im.Spins) != len(r.Overlap) {
		t.Errorf("images %d×%d, %d of them", im.Width, im.Height, len(im.Spins))
	}
}
