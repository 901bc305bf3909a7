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

// SolveAGS solves the AGS equations at load α > 0 and temperature T > 0:
// the vector theory's solver (vectorrs.go) at d = 1, whose equations these
// are. For each m, r (and q) by a root search; m as the largest root of
// g(m) = m, g(m) = ∫Dz tanh β(m + √(αr(m)) z), for the retrieval state, or
// m = 0 (spin glass or paramagnet). Where g(m) < m for every m > 0 there
// is no retrieval state (above T_M) and the m = 0 solution is returned.
// Scanning for the largest root instead of iterating m avoids the critical
// slowing down of the iteration near T_M.
func SolveAGS(alpha, T float64, retrieval bool) (AGSState, error) {
	if !(alpha > 0) || !(T > 0) || math.IsInf(alpha, 0) || math.IsInf(T, 0) {
		return AGSState{}, fmt.Errorf("plm: AGS needs α > 0 and T > 0, got α = %v, T = %v", alpha, T)
	}
	st, err := SolveVectorRS(1, alpha, T, retrieval)
	if err != nil {
		return AGSState{M: st.M, Q: st.Q, R: st.R, F: math.NaN()}, fmt.Errorf("plm: AGS: %w", err)
	}
	return AGSState(st), nil
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

// largestFixedPoint is the largest m in (0, 1] with diff(m) = g(m) − m ≥ 0,
// 0 if none, for g(1) < 1: a scan down from 1 in steps of 0.02 (the
// retrieval branch jumps, m ≳ 0.3, except near α = 0), then bisection.
// Near the end of the branch g(m) − m is positive only over an interval
// narrower than the step: a scan point higher than both neighbours while
// all are negative brackets a maximum, which a golden-section search
// checks (without it the capacity comes out 0.1373 instead of 0.1379).
func largestFixedPoint(diff func(float64) float64) float64 {
	const step = 0.02
	above := func(m float64) bool { return diff(m) >= 0 }
	mPrev2, mPrev := 0.0, 1.0
	dPrev2, dPrev := math.Inf(-1), diff(1)
	for k := 1; ; k++ {
		m := 1 - step*float64(k)
		if m < 1e-3 {
			return 0
		}
		dm := diff(m)
		if dm >= 0 {
			return bisectEdge(m, mPrev, 1e-10, above)
		}
		if dPrev > dm && dPrev >= dPrev2 {
			if peak, dp := goldenMax(diff, m, mPrev2); dp >= 0 {
				return bisectEdge(peak, mPrev2, 1e-10, above)
			}
		}
		mPrev2, dPrev2, mPrev, dPrev = mPrev, dPrev, m, dm
		if k == 1 {
			mPrev2 = 1
		}
	}
}

// goldenMax returns the maximiser of a unimodal f on [a, b] and its value,
// by golden-section search to 10⁻⁹, stopping early once f ≥ 0.
func goldenMax(f func(float64) float64, a, b float64) (float64, float64) {
	g := (math.Sqrt(5) - 1) / 2
	x1, x2 := b-g*(b-a), a+g*(b-a)
	f1, f2 := f(x1), f(x2)
	for b-a > 1e-9 {
		if f1 >= 0 {
			return x1, f1
		}
		if f2 >= 0 {
			return x2, f2
		}
		if f1 > f2 {
			b, x2, f2 = x2, x1, f1
			x1 = b - g*(b-a)
			f1 = f(x1)
		} else {
			a, x1, f1 = x1, x2, f2
			x2 = a + g*(b-a)
			f2 = f(x2)
		}
	}
	if f1 > f2 {
		return x1, f1
	}
	return x2, f2
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
