package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// At T = 0 and d = 1 the RS equations reduce to one in y = m/√(2αr):
// α(y) = [(erf y − (2/√π) y e^{−y²}) / (√2 y)]², whose maximum is AGS's
// α_c = 0.13791 (an independent route to the capacity).
func TestVectorRSCapacityD1IsAGS(t *testing.T) {
	want := 0.0
	for y := 1.0; y < 4; y += 1e-5 {
		a := (math.Erf(y) - 2/math.SqrtPi*y*math.Exp(-y*y)) / (math.Sqrt2 * y)
		want = math.Max(want, a*a)
	}
	got, err := VectorRSCapacity(1)
	if err != nil || math.Abs(got-want) > 2e-5 {
		t.Errorf("α_c(1) = %.6f (%v), the closed form gives %.6f", got, err, want)
	}
}

// The solution satisfies the equations as written over the d-dimensional
// Gaussian: z₁ ~ N(0, 1) along ξ and ρ = |z_⊥| ~ χ_{d−1} across it, by
// Simpson's rule on both (d = 1: the AGS integrals ∫Dz tanh, ∫Dz tanh²).
// This checks the reduction to the radial density the solver integrates.
func TestVectorRSSolvesItsEquations(t *testing.T) {
	for _, c := range []struct {
		d          int
		alpha, tdd float64 // load and T·d
	}{{1, 0.05, 0.4}, {1, 0.1, 0.2}, {2, 0.04, 0.4}, {3, 0.03, 0.3}, {3, 0.01, 0.5}, {10, 0.008, 0.3}, {50, 0.001, 0.4}} {
		T := c.tdd / float64(c.d)
		st, err := SolveVectorRS(c.d, c.alpha, T, true)
		if err != nil || st.M < 0.3 {
			t.Fatalf("d = %d, α = %v, T = %v: %+v (%v)", c.d, c.alpha, T, st, err)
		}
		sigma, beta, df := math.Sqrt(c.alpha*st.R), 1/T, float64(c.d)
		var m, q float64
		simpsonChi(c.d-1, func(rho, wr float64) {
			gaussNodes(1200, func(z, wz float64) {
				h1 := st.M + sigma*z
				R := math.Hypot(h1, sigma*rho)
				a := VMFMeanLength(c.d, beta*R)
				m += wr * wz * a * h1 / R
				q += wr * wz * a * a
			})
		})
		C := beta * (1 - q) / df
		r := q / (df * df * (1 - C) * (1 - C))
		if math.Abs(m-st.M) > 1e-6 || math.Abs(q-st.Q) > 1e-6 || math.Abs(r-st.R) > 1e-5*st.R {
			t.Errorf("d = %d, α = %v, T = %v: solver (m, q, r) = (%.7f, %.7f, %.6f), equations give (%.7f, %.7f, %.6f)",
				c.d, c.alpha, T, st.M, st.Q, st.R, m, q, r)
		}
	}
}

// simpsonChi visits Simpson nodes of ρ ~ χ_k with their weights (k = 0:
// the single point ρ = 0).
func simpsonChi(k int, visit func(rho, w float64)) {
	if k == 0 {
		visit(0, 1)
		return
	}
	const n = 1000
	hi := math.Sqrt(float64(k)) + 12
	h := hi / n
	lg, _ := math.Lgamma(float64(k) / 2)
	for j := 0; j <= n; j++ {
		rho := float64(j) * h
		w := 2.0
		switch {
		case j == 0 || j == n:
			w = 1
		case j%2 == 1:
			w = 4
		}
		dens := 0.0
		if rho > 0 || k == 1 {
			dens = math.Exp(float64(k-1)*math.Log(rho) - rho*rho/2 - (float64(k)/2-1)*math.Ln2 - lg)
		}
		if k == 1 {
			dens = math.Sqrt(2/math.Pi) * math.Exp(-rho*rho/2)
		}
		visit(rho, w*dens*h/3)
	}
}

// Small load: retrieval appears at T = 1/d and m solves the Curie–Weiss
// equation m = A_d(m/T); above T_g = (1 + √(α/d))/d the only m = 0 state
// is the paramagnet, below it a spin glass.
func TestVectorRSLimits(t *testing.T) {
	for _, d := range []int{2, 3, 10} {
		df := float64(d)
		T := 0.5 / df
		st, err := SolveVectorRS(d, 1e-7, T, true)
		if err != nil || math.Abs(st.M-VMFMeanLength(d, st.M/T)) > 1e-5 || st.M < 0.5 {
			t.Errorf("d = %d, α → 0, T = %v: m = %v (%v)", d, T, st.M, err)
		}
		if tm, _, _ := VectorRSLines(d, 1e-6); math.Abs(tm*df-1) > 0.01 {
			t.Errorf("d = %d: T_M(10⁻⁶)·d = %v, want ≈ 1", d, tm*df)
		}
		const alpha = 0.01
		tg := VectorRSSpinGlassLine(d, alpha)
		above, _ := SolveVectorRS(d, alpha, tg*1.02, false)
		below, _ := SolveVectorRS(d, alpha, tg*0.98, false)
		if above.Q > 1e-6 || below.Q < 1e-4 {
			t.Errorf("d = %d, α = %v: q = %v above T_g = %v and %v below", d, alpha, above.Q, tg, below.Q)
		}
	}
}

// α_c(d) falls with d, about as 0.15/d: in α″ = αd the capacity is
// nearly flat (the retrieval region shrinks as 1/d in α = P/N). In α″
// d = 1 is the lowest, and from d = 3 on it falls slowly towards its
// large-d value.
func TestVectorRSCapacityFallsAs1OverD(t *testing.T) {
	prev, prev2 := math.Inf(1), math.Inf(1)
	for _, d := range []int{1, 2, 3, 5, 10, 20, 50} {
		ac, err := VectorRSCapacity(d)
		a2 := ac * float64(d)
		if err != nil || !(ac < prev) || a2 < 0.13 || a2 > 0.16 {
			t.Errorf("d = %d: α_c = %v (α_c·d = %v, previous %v, %v)", d, ac, a2, prev, err)
		}
		if d == 1 && math.Abs(a2-0.13791) > 2e-5 || d == 2 && !(a2 > 0.138+0.01) || d > 3 && !(a2 < prev2 && a2 > 0.1380+0.01) {
			t.Errorf("d = %d: α''_c = %v after %v", d, a2, prev2)
		}
		prev, prev2 = ac, a2
	}
}

// The lines end where the T = 0 theory says, are ordered T_c < T_M < T_g
// where they exist, and vanish past their ends.
func TestVectorRSLines(t *testing.T) {
	for _, d := range []int{1, 3} {
		am, ac, err := VectorRSLineEnds(d)
		capacity, _ := VectorRSCapacity(d)
		if err != nil || math.Abs(am-capacity) > 0.01*capacity || !(ac > 0.3*am && ac < am) {
			t.Errorf("d = %d: ends α_M = %v, α_C = %v, capacity %v (%v)", d, am, ac, capacity, err)
		}
		for _, f := range []float64{0.2, 0.5, 0.9} {
			a := f * ac
			tm, tc, err := VectorRSLines(d, a)
			if tg := VectorRSSpinGlassLine(d, a); err != nil || !(tc > 0 && tc < tm && tm < tg) {
				t.Errorf("d = %d, α = %v: T_c %v, T_M %v, T_g %v (%v)", d, a, tc, tm, tg, err)
			}
		}
		if tm, tc, _ := VectorRSLines(d, am*1.02); tm != 0 || tc != 0 {
			t.Errorf("d = %d: T_M = %v, T_c = %v past the end %v", d, tm, tc, am)
		}
		if _, tc, _ := VectorRSLines(d, (ac+am)/2); tc != 0 {
			t.Errorf("d = %d: T_c = %v between its end %v and α_M", d, tc, ac)
		}
	}
}

// The heat bath from the stored patterns stays at the RS retrieval
// overlap where retrieval is stable (d = 3, N = 1000, well inside T_M).
func TestVectorRSAgainstHeatBath(t *testing.T) {
	if testing.Short() {
		t.Skip("a heat-bath run of N = 1000")
	}
	const n, d, alpha, td = 1000, 3, 0.02, 0.3
	p := int(alpha * n)
	xi, _ := RandomVectorPatterns(p, n, d, rand.New(rand.NewPCG(5, 7)))
	J, _ := VectorHebb(xi)
	starts := &VectorPatterns{P: 2, N: n, D: d, Data: append([]float32(nil), xi.Data[:2*n*d]...)}
	eq, err := VectorHeatBath{T: td / d, Mode: Asynchronous, BurnIn: 50, Sweeps: 100, Seed: 1}.Run(context.Background(), J, starts, starts)
	if err != nil {
		t.Fatal(err)
	}
	th, err := SolveVectorRS(d, alpha, td/d, true)
	got := (eq.Overlap[0] + eq.Overlap[1]) / 2
	if err != nil || math.Abs(got-th.M) > 0.02 {
		t.Errorf("α = %v, T = %v: heat bath m = %.4f, RS theory %.4f (%v)", alpha, td/d, got, th.M, err)
	}
}

func TestVectorRSRefusesBadInput(t *testing.T) {
	for _, c := range []struct {
		d        int
		alpha, T float64
	}{{0, 0.1, 0.1}, {65, 0.1, 0.1}, {3, 0, 0.1}, {3, math.NaN(), 0.1}, {3, math.Inf(1), 0.1}, {3, 0.1, -1}, {3, 0.1, math.NaN()}, {3, 0.1, math.Inf(1)}} {
		if _, err := SolveVectorRS(c.d, c.alpha, c.T, true); err == nil {
			t.Errorf("d = %d, α = %v, T = %v accepted", c.d, c.alpha, c.T)
		}
	}
	if _, _, err := VectorRSLines(3, -1); err == nil {
		t.Error("α = −1 accepted by VectorRSLines")
	}
	if _, err := VectorRSCapacity(0); err == nil {
		t.Error("d = 0 accepted by VectorRSCapacity")
	}
}
