package plm

import (
	"errors"
	"fmt"
	"math"
)

// The Amit–Gutfreund–Sompolinsky theory of the Hopfield network with
// Hebb's couplings (replica symmetric, P = αN patterns, temperature
// T = 1/β): the order parameters solve
//
//	m = ∫Dz tanh β(m + √(αr) z),   q = ∫Dz tanh² β(m + √(αr) z),
//	r = q / [1 − β(1 − q)]²,
//
// and the free energy per spin is
//
//	f = α/2 + m²/2 + (α/2β)[ln(1 − β(1−q)) − βq/(1 − β(1−q))] + (αβ/2) r(1 − q)
//	    − (1/β) ∫Dz ln 2cosh β(m + √(αr) z).
//
// Retrieval states (m > 0) exist below T_M(α), which meets T = 0 at
// α_c ≈ 0.138; they are the global minima below T_c(α), which meets T = 0
// at α ≈ 0.051; the spin-glass state (m = 0, q > 0) appears below
// T_g = 1 + √α.

// AGSState is a solution of the equations.
type AGSState struct {
	M, Q, R float64
	// F is the free energy per spin.
	F float64
}

// agsIntegrals returns ∫Dz tanh y, ∫Dz (1 − tanh² y) and, when withLog,
// ∫Dz ln 2cosh y, with y = β(m + s z), by composite Simpson on [−12, 12]
// (sech² and ln 2cosh are written so that large |y| loses nothing).
func agsIntegrals(beta, m, s float64, withLog bool) (tm, oneMinusQ, lc float64) {
	gaussNodes(4000, func(z, w float64) {
		y := beta * (m + s*z)
		ay := math.Abs(y)
		omt := oneMinusTanh(ay) // 1 − tanh|y|
		t := 1 - omt
		if y < 0 {
			t = -t
		}
		tm += w * t
		oneMinusQ += w * omt * (2 - omt)
		if withLog {
			lc += w * (ay + math.Log1p(math.Exp(-2*ay)))
		}
	})
	return tm, oneMinusQ, lc
}

// agsR solves r = q/(1 − β(1−q))² at fixed m for the root with r > 0 and
// β(1 − q) < 1 (the physical one), 0 for the paramagnet: in u = ln r,
// φ(u) = √r (1 − C) − √q changes sign there (φ < 0 wherever C ≥ 1). A
// bracket is found by doubling, then the Illinois variant of regula falsi
// narrows it (about ten evaluations).
func agsR(alpha, beta, m float64) (r, q, c float64) {
	phi := func(u float64) (float64, float64, float64) {
		r := math.Exp(u)
		_, omq, _ := agsIntegrals(beta, m, math.Sqrt(alpha*r), false)
		q, c := 1-omq, beta*omq
		return math.Sqrt(r)*(1-c) - math.Sqrt(q), q, c
	}
	lo, hi := math.Log(1e-10), 0.0
	flo, _, _ := phi(lo)
	if flo >= 0 {
		return 0, 0, beta // paramagnet: the only root is r = 0
	}
	fhi, _, _ := phi(hi)
	for fhi <= 0 && hi < 200 {
		lo, flo = hi, fhi
		hi += 2
		fhi, _, _ = phi(hi)
	}
	side := 0
	var u float64
	for it := 0; it < 100 && hi-lo > 1e-13; it++ {
		u = (lo*fhi - hi*flo) / (fhi - flo)
		f, _, _ := phi(u)
		switch {
		case f > 0:
			hi, fhi = u, f
			if side == 1 {
				flo /= 2
			}
			side = 1
		case f < 0:
			lo, flo = u, f
			if side == -1 {
				fhi /= 2
			}
			side = -1
		default:
			lo, hi = u, u
		}
	}
	_, q, c = phi(u)
	return math.Exp(u), q, c
}

// SolveAGS solves the AGS equations at load α > 0 and temperature T > 0:
// for each m, r (and q) by a root search (agsR); m as the largest root of
// g(m) = m, g(m) = ∫Dz tanh β(m + √(αr(m)) z), for the retrieval state, or
// m = 0 (spin glass or paramagnet). Where g(m) < m for every m > 0 there
// is no retrieval state (above T_M) and the m = 0 solution is returned.
// Scanning for the largest root instead of iterating m avoids the critical
// slowing down of the iteration near T_M.
func SolveAGS(alpha, T float64, retrieval bool) (AGSState, error) {
	if !(alpha > 0) || !(T > 0) || math.IsInf(alpha, 0) || math.IsInf(T, 0) {
		return AGSState{}, fmt.Errorf("plm: AGS needs α > 0 and T > 0, got α = %v, T = %v", alpha, T)
	}
	beta := 1 / T
	m := 0.0
	if retrieval {
		m = 1
	}
	if retrieval {
		m = agsRetrievalM(alpha, beta)
	}
	r, q, c := agsR(alpha, beta, m)
	if c >= 1 {
		return AGSState{M: m, Q: q, R: r, F: math.NaN()}, fmt.Errorf("plm: AGS at α = %v, T = %v: β(1−q) = %v ≥ 1", alpha, T, c)
	}
	_, _, lc := agsIntegrals(beta, m, math.Sqrt(alpha*r), true)
	f := alpha/2 + m*m/2 + alpha/(2*beta)*(math.Log(1-c)-beta*q/(1-c)) + alpha*beta/2*r*(1-q) - lc/beta
	st := AGSState{M: m, Q: q, R: r, F: f}
	for _, v := range []float64{m, q, r, f} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			// Extreme α or T overflow the integrals: say so rather than
			// return a NaN as a solution.
			return st, fmt.Errorf("plm: AGS at α = %v, T = %v has no finite solution in double precision (m = %v, q = %v, r = %v, f = %v)", alpha, T, m, q, r, f)
		}
	}
	return st, nil
}

// bisectEdge narrows [lo, hi], pred(lo) true and pred(hi) false, until it
// is narrower than tol, and returns its lower end (where pred holds).
func bisectEdge(lo, hi, tol float64, pred func(float64) bool) float64 {
	for hi-lo > tol {
		mid := (lo + hi) / 2
		if pred(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// agsRetrievalM is the largest root of g(m) = m in (0, 1], 0 if none: a
// scan down from 1 in steps of 0.02 (the retrieval branch jumps, m ≳ 0.3,
// except near α = 0), then bisection.
func agsRetrievalM(alpha, beta float64) float64 {
	above := func(m float64) bool { // g(m) ≥ m, g(m) = ∫Dz tanh β(m + √(αr(m)) z)
		r, _, _ := agsR(alpha, beta, m)
		tm, _, _ := agsIntegrals(beta, m, math.Sqrt(alpha*r), false)
		return tm >= m
	}
	hi := 1.0 // g(1) < 1 always
	for lo := 0.98; lo > 1e-3; lo -= 0.02 {
		if above(lo) {
			return bisectEdge(lo, hi, 1e-10, above)
		}
		hi = lo
	}
	return 0
}

// agsRetrieves reports whether a retrieval state exists at (α, T).
func agsRetrieves(alpha, T float64) bool {
	st, err := SolveAGS(alpha, T, true)
	return err == nil && st.M > 0
}

// agsGlobal reports whether at (α, T) a retrieval state exists and has a
// lower free energy than the m = 0 state.
func agsGlobal(alpha, T float64) bool {
	r, err1 := SolveAGS(alpha, T, true)
	g, err2 := SolveAGS(alpha, T, false)
	return err1 == nil && err2 == nil && r.M > 0 && r.F < g.F
}

// AGSRetrievalLine is T_M(α): the highest temperature at which retrieval
// states exist (0 above α_c), by bisection to 1e-4.
func AGSRetrievalLine(alpha float64) (float64, error) {
	if !(alpha > 0) {
		return math.NaN(), errors.New("plm: T_M needs α > 0")
	}
	const lo = agsLowT
	if !agsRetrieves(alpha, lo) {
		return 0, nil
	}
	return bisectEdge(lo, 1, 1e-4, func(T float64) bool { return agsRetrieves(alpha, T) }), nil
}

// AGSGlobalLine is T_c(α): below it the retrieval state has a lower free
// energy than the spin-glass (or paramagnetic) state; 0 where it never
// has, by bisection to 1e-4.
func AGSGlobalLine(alpha float64) (float64, error) {
	_, tc, err := AGSLines(alpha)
	return tc, err
}

// AGSLines returns T_M(α) and T_c(α) together: T_c is searched below T_M,
// which is computed once.
func AGSLines(alpha float64) (tm, tc float64, err error) {
	tm, err = AGSRetrievalLine(alpha)
	if err != nil || tm == 0 {
		return tm, 0, err
	}
	lower := func(T float64) bool { return agsGlobal(alpha, T) }
	const lo = agsLowT
	if !lower(lo) {
		return tm, 0, nil
	}
	return tm, bisectEdge(lo, tm, 1e-4, lower), nil
}

// AGSSpinGlassLine is T_g(α) = 1 + √α.
func AGSSpinGlassLine(alpha float64) float64 { return 1 + math.Sqrt(alpha) }

// agsLowT is the lowest temperature the lines are searched at: below it
// the integrals' tanh saturate and the root searches lose precision.
const agsLowT = 0.005

// AGSLineEnds are the loads where the AGS lines end, reaching T = 0 (at
// the lowest temperature searched, 0.005): αM, above which no retrieval
// state exists (α_c ≈ 0.138), and αC, above which the retrieval states are
// no longer the global minima (≈ 0.051). Past them T_M and T_c do not
// exist: AGSLines returns 0 there, which a plot must not draw as a line
// along the α axis. By bisection on α to 1e-5.
func AGSLineEnds() (alphaM, alphaC float64) {
	retrieves := func(a float64) bool { return agsRetrieves(a, agsLowT) }
	alphaM = bisectEdge(0.01, 0.2, 1e-5, retrieves)
	alphaC = bisectEdge(0.01, alphaM, 1e-5, func(a float64) bool { return agsGlobal(a, agsLowT) })
	return alphaM, alphaC
}
