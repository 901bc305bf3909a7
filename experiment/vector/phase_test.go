package vector

import (
	"math"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/experiment/internal/exptest"
	"github.com/plmlab/plmlab/plm"
)

// A small diagram: the heat bath sits on the RS overlap where retrieval is
// deep, the d = 1 lines end where AGS's do, and α”_c = α_c·d is nearly
// flat in d.
func TestVectorPhaseDiagram(t *testing.T) {
	c := VectorPhaseDiagram{}.Quick()
	c.Dims, c.LineLoads, c.CapacityDims = []int{1, 3}, []float64{0.02, 0.08}, []int{1, 3, 10}
	c.N, c.Alphas, c.Temps, c.BurnIn, c.Sweeps = 300, []float64{0.01, 0.08}, []float64{0.2, 0.5}, 20, 40
	r := exptest.MustRun(t, c)
	exptest.CheckFigures(t, r.Figures())
	for ti := range c.Temps {
		for ia := range c.Alphas {
			z, th := r.Z[ti][ia], r.Theory[ti][ia]
			if th > 0.7 && math.Abs(z-th) > 0.03 {
				t.Errorf("α = %g, T·d = %g: heat bath %.3f, RS %.3f", c.Alphas[ia], c.Temps[ti], z, th)
			}
		}
	}
	if r.Theory[0][1] != 0 || r.Theory[0][0] < 0.8 {
		t.Errorf("RS overlaps %v: want retrieval at α = 0.01 and none at 0.08 (α_c(3) ≈ 0.051)", r.Theory)
	}
	am, ac := plm.AGSLineEnds()
	if l := r.LinesOf(1); l == nil || math.Abs(l.EndM-am) > 1e-4 || math.Abs(l.EndC-ac) > 1e-4 {
		t.Errorf("d = 1 line ends %+v, AGS %v %v", l, am, ac)
	}
	for k, d := range c.CapacityDims {
		if x := r.Capacity[k] * float64(d); x < 0.13 || x > 0.16 {
			t.Errorf("α''_c(%d) = %v", d, x)
		}
	}
	if math.Abs(r.CapacityOf(3)-r.LinesOf(3).EndM) > 0.01*r.CapacityOf(3) {
		t.Errorf("d = 3: capacity %v, T_M ends at %v", r.CapacityOf(3), r.LinesOf(3).EndM)
	}
	bad := c
	bad.LineLoads = []float64{0.3}
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "α''") {
		t.Errorf("α'' = 0.3 accepted: %v", err)
	}
	bad = c
	bad.Dims = []int{65}
	if err := bad.Validate(); err == nil {
		t.Error("d = 65 accepted")
	}
}
