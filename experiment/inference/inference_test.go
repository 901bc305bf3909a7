package inference

import (
	"math"
	"slices"
	"testing"

	"github.com/plmlab/plmlab/experiment/internal/exptest"
)

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
	r := exptest.MustRun(t, c)
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
