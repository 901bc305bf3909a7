package plm

import (
	"math"
	"testing"
)

// bisectLoad finds the load where pred turns from true to false.
func bisectLoad(lo, hi float64, pred func(alpha float64) bool) float64 {
	return bisectEdge(lo, hi, 2e-4, pred)
}

func TestAGSLines(t *testing.T) {
	const cold = 0.02
	// Retrieval disappears at α_c ≈ 0.138 as T → 0.
	ac := bisectLoad(0.1, 0.2, func(a float64) bool { return agsRetrieves(a, cold) })
	t.Logf("α_c = %.4f at T = %v", ac, cold)
	if math.Abs(ac-0.138) > 0.003 {
		t.Errorf("α_c = %.4f at T = %v, want ≈ 0.138", ac, cold)
	}
	// Retrieval states are the global minima up to α ≈ 0.051.
	a1 := bisectLoad(0.03, 0.1, func(a float64) bool {
		r, _ := SolveAGS(a, cold, true)
		g, _ := SolveAGS(a, cold, false)
		return r.M > 0 && r.F < g.F
	})
	t.Logf("T_c meets T = %v at α = %.4f", cold, a1)
	if math.Abs(a1-0.051) > 0.003 {
		t.Errorf("T_c meets T = 0 at α = %.4f, want ≈ 0.051", a1)
	}
	// T_M → 1 as α → 0; the lines are ordered T_c < T_M < T_g.
	if tm, _ := AGSRetrievalLine(1e-4); math.Abs(tm-1) > 0.03 {
		t.Errorf("T_M(10⁻⁴) = %v, want ≈ 1", tm)
	}
	for _, a := range []float64{0.01, 0.03, 0.05} {
		tm, _ := AGSRetrievalLine(a)
		tc, _ := AGSGlobalLine(a)
		if !(tc > 0 && tc < tm && tm < AGSSpinGlassLine(a)) {
			t.Errorf("α = %v: T_c %v, T_M %v, T_g %v", a, tc, tm, AGSSpinGlassLine(a))
		}
	}
	if tm, _ := AGSRetrievalLine(0.15); tm != 0 {
		t.Errorf("T_M(0.15) = %v above α_c", tm)
	}
	// Small load: m solves the Curie–Weiss equation m = tanh(m/T).
	st, err := SolveAGS(1e-6, 0.5, true)
	if err != nil || math.Abs(st.M-math.Tanh(st.M/0.5)) > 1e-4 || st.M < 0.9 {
		t.Errorf("α → 0, T = 0.5: m = %v (%v)", st.M, err)
	}
	// Above T_g the only solution is the paramagnet.
	if p, _ := SolveAGS(0.1, 1.5, false); p.Q > 1e-6 {
		t.Errorf("q = %v above T_g", p.Q)
	}
	if _, err := SolveAGS(-1, 1, true); err == nil {
		t.Error("α < 0 accepted")
	}
}

// The lines end where AGS says: T_M at α_c ≈ 0.138, T_c at ≈ 0.051; just
// below each end the line exists, just above it does not.
func TestAGSLineEnds(t *testing.T) {
	am, ac := AGSLineEnds()
	t.Logf("T_M ends at α = %.4f, T_c at α = %.4f", am, ac)
	if math.Abs(am-0.138) > 0.003 || math.Abs(ac-0.051) > 0.003 {
		t.Errorf("line ends α_M = %.4f, α_c = %.4f; want ≈ 0.138 and ≈ 0.051", am, ac)
	}
	for _, c := range []struct {
		name string
		end  float64
		at   func(a float64) float64
	}{
		{"T_M", am, func(a float64) float64 { tm, _, _ := AGSLines(a); return tm }},
		{"T_c", ac, func(a float64) float64 { _, tc, _ := AGSLines(a); return tc }},
	} {
		if below, above := c.at(c.end-2e-3), c.at(c.end+2e-3); !(below > 0) || above != 0 {
			t.Errorf("%s: %v just below its end %.4f, %v just above", c.name, below, c.end, above)
		}
	}
}
