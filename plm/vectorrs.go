package plm

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/integrate/quad"
)

// The replica-symmetric theory of the vector Hopfield network: N unit
// vectors of R^d, Hebb's tensor couplings J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μᵀ,
// H = −½ Σ_{i≠j} S_i·J_ij S_j, P = αN patterns, temperature T = 1/β.
// H = −(N/2) Σ_μ m_μ² + const with scalar overlaps m_μ = (1/N) Σ_i ξ_i^μ·S_i,
// and a non-condensed pattern's overlaps across replicas have covariance
// Q/(dN) (E[(ξ·u)(ξ·v)] = u·v/d for a random unit ξ): the theory is AGS's
// with the noise's β divided by d and a d-dimensional effective field
//
//	h = m ξ + √(αr) z,  z ~ N(0, I_d),
//	m = E[A_d(β|h|) ξ·h/|h|],   q = E[A_d(β|h|)²],
//	r = q / [d (1 − C)]²,   C = β(1 − q)/d,
//	f = α/(2d) + m²/2 + (α/2β)[ln(1 − C) − βq/(d(1 − C))] + (α/2) d r C
//	    − (1/β) E ln Z_d(β|h|),
//
// with A_d and Z_d the von Mises–Fisher functions (vmf.go). d = 1 is AGS.
// At α = 0 retrieval appears continuously at T = 1/d; the paramagnet turns
// into a spin glass at T_g = (1 + √(α/d))/d. At T = 0, q = 1 and
// C = ((d−1)/d) E[1/|h|] (d ≥ 2), C = p_{|h|}(0) (d = 1).
//
// The averages over the d-dimensional h reduce to one over R = |h|: given
// R, the direction of h is von Mises–Fisher about ξ with κ = mR/σ²
// (σ² = αr), so E[ξ·h/|h| | R] = A_d(mR/σ²), and R has the density
//
//	p(R) ∝ R^{d−1} e^{−(R² + m²)/(2σ²)} Z_d(mR/σ²),
//
// integrated by Gauss–Legendre panels (geometric near R = 0 for d ≤ 2,
// where the density does not vanish and A_d(βR) rises over 1/β).

// VectorRSState is a solution of the vector RS equations.
type VectorRSState struct {
	M, Q, R float64
	// F is the free energy per spin (NaN at T = 0, where it is not computed).
	F float64
}

// vectorRS holds the parameters; beta is +Inf at T = 0.
type vectorRS struct {
	d           int
	alpha, beta float64
}

// glNodes are the 16-point Gauss–Legendre nodes and weights on [0, 1].
var glNodes = sync.OnceValues(func() ([]float64, []float64) {
	x, w := make([]float64, 16), make([]float64, 16)
	quad.Legendre{}.FixedLocations(x, w, 0, 1)
	return x, w
})

// radialPanels returns the panel ends covering the support of p(R).
func (s vectorRS) radialPanels(m, sigma float64) []float64 {
	c := math.Sqrt(m*m + float64(s.d)*sigma*sigma)
	lo, hi := math.Max(0, c-12*sigma), c+12*sigma
	ends := []float64{lo}
	if lo == 0 && s.d <= 2 {
		// Resolve the rise of A_d(βR) and of A_d(mR/σ²) near R = 0.
		start := sigma
		if !math.IsInf(s.beta, 1) {
			start = math.Min(start, 1/s.beta)
		}
		if m > 0 {
			start = math.Min(start, sigma*sigma/m)
		}
		for b := start / 4; b < sigma && b < hi; b *= 4 {
			ends = append(ends, b)
		}
	}
	from := ends[len(ends)-1]
	n := int(math.Ceil((hi - from) / (2 * sigma)))
	for k := 1; k <= n; k++ {
		ends = append(ends, from+(hi-from)*float64(k)/float64(n))
	}
	return ends
}

// integrals returns mt = E[A_d(β|h|) ξ·h/|h|], q, C and, when withLog,
// E ln Z_d(β|h|), for h = mξ + σz.
func (s vectorRS) integrals(m, sigma float64, withLog bool) (mt, q, c, lz float64) {
	d, beta := s.d, s.beta
	zero := math.IsInf(beta, 1)
	df := float64(d)
	if sigma < 1e-150 { // no noise: |h| = m along ξ
		if zero {
			if m == 0 {
				return 0, 1, math.Inf(1), 0
			}
			return 1, 1, (df - 1) / (df * m), 0
		}
		lzm, a := vmf(d, beta*m)
		return a, a * a, beta * (1 - a) * (1 + a) / df, lzm
	}
	x, w := glNodes()
	ends := s.radialPanels(m, sigma)
	s2 := sigma * sigma
	logp := func(R float64) float64 {
		lz, _ := vmf(d, m*R/s2)
		return (df-1)*math.Log(R) - (R*R+m*m)/(2*s2) + lz
	}
	// The largest log density is near R = c: shift by it for the exponentials.
	shift := logp(math.Sqrt(m*m + df*s2))
	var norm, sa, sq, sc, sl float64
	for k := 1; k < len(ends); k++ {
		a, b := ends[k-1], ends[k]
		for j := range x {
			R := a + (b-a)*x[j]
			lzk, ak := vmf(d, m*R/s2)
			lp := (df-1)*math.Log(R) - (R*R+m*m)/(2*s2) + lzk - shift
			wt := (b - a) * w[j] * math.Exp(lp)
			if wt == 0 {
				continue
			}
			norm += wt
			if zero {
				sa += wt * ak
				sc += wt / R
				continue
			}
			lzb, ab := vmf(d, beta*R)
			omA := 1 - ab
			if d == 1 {
				omA = oneMinusTanh(beta * R)
			}
			sa += wt * ab * ak
			sq += wt * omA * (2 - omA)
			if withLog {
				sl += wt * lzb
			}
		}
	}
	if zero {
		c = (df - 1) / df * sc / norm
		if d == 1 {
			c = math.Sqrt(2/math.Pi) / sigma * math.Exp(-m*m/(2*s2))
		}
		return sa / norm, 1, c, 0
	}
	omq := sq / norm
	return sa / norm, 1 - omq, beta * omq / df, sl / norm
}

// solveR solves r = q/[d(1 − C)]² at fixed m for the root with r > 0 and
// C < 1, 0 for the paramagnet, as agsR does: in u = ln r,
// φ(u) = d√r (1 − C) − √q changes sign there.
func (s vectorRS) solveR(m float64) (r, q, c float64) {
	df := float64(s.d)
	phi := func(u float64) (float64, float64, float64) {
		r := math.Exp(u)
		_, q, c, _ := s.integrals(m, math.Sqrt(s.alpha*r), false)
		return df*math.Sqrt(r)*(1-c) - math.Sqrt(q), q, c
	}
	lo, hi := math.Log(1e-12), 0.0
	flo, _, _ := phi(lo)
	if flo >= 0 {
		_, q, c, _ := s.integrals(m, 0, false)
		return 0, q, c // the only root is r = 0
	}
	fhi, _, _ := phi(hi)
	for fhi <= 0 && hi < 200 {
		lo, flo = hi, fhi
		hi += 2
		fhi, _, _ = phi(hi)
	}
	side := 0
	var u float64
	for it := 0; it < 100 && hi-lo > 1e-12; it++ {
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

// retrievalM is the largest root of g(m) = m in (0, 1], 0 if none, g(m) =
// E[A_d(β|h|) ξ·h/|h|] at r(m).
func (s vectorRS) retrievalM() float64 {
	return largestFixedPoint(func(m float64) float64 {
		r, _, _ := s.solveR(m)
		mt, _, _, _ := s.integrals(m, math.Sqrt(s.alpha*r), false)
		return mt - m
	})
}

// checkVectorRS validates d, α and T (T = 0 allowed when zeroT).
func checkVectorRS(d int, alpha, T float64, zeroT bool) error {
	if err := checkVectorDim(d); err != nil {
		return err
	}
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return fmt.Errorf("plm: vector RS theory needs a finite load α > 0, got %v", alpha)
	}
	if !(T > 0 || zeroT && T == 0) || math.IsInf(T, 0) {
		return fmt.Errorf("plm: vector RS theory needs a finite temperature T > 0 (or T = 0 for the capacity), got %v", T)
	}
	return nil
}

// SolveVectorRS solves the vector RS equations at spin dimension d, load
// α > 0 and temperature T ≥ 0 (T = 0 exactly: q = 1, no free energy): the
// retrieval state (the largest m, m = 0 if none exists) or, with
// retrieval false, the m = 0 state (spin glass or paramagnet).
func SolveVectorRS(d int, alpha, T float64, retrieval bool) (VectorRSState, error) {
	if err := checkVectorRS(d, alpha, T, true); err != nil {
		return VectorRSState{}, err
	}
	s := vectorRS{d: d, alpha: alpha, beta: math.Inf(1)}
	if T > 0 {
		s.beta = 1 / T
	}
	m := 0.0
	if retrieval {
		m = s.retrievalM()
	}
	r, q, c := s.solveR(m)
	st := VectorRSState{M: m, Q: q, R: r, F: math.NaN()}
	if c >= 1 {
		return st, fmt.Errorf("plm: vector RS at d = %d, α = %v, T = %v: C = β(1−q)/d = %v ≥ 1", d, alpha, T, c)
	}
	if T > 0 {
		_, _, _, lz := s.integrals(m, math.Sqrt(alpha*r), true)
		df, beta := float64(d), s.beta
		st.F = alpha/(2*df) + m*m/2 + alpha/(2*beta)*(math.Log(1-c)-beta*q/(df*(1-c))) + alpha/2*df*r*c - lz/beta
	}
	for _, v := range []float64{st.M, st.Q, st.R} {
		if math.IsNaN(v) || math.IsInf(v, 0) || T > 0 && (math.IsNaN(st.F) || math.IsInf(st.F, 0)) {
			// Extreme α or T overflow the integrals: say so rather than
			// return a NaN as a solution.
			return st, fmt.Errorf("plm: vector RS at d = %d, α = %v, T = %v has no finite solution in double precision (m = %v, q = %v, r = %v, f = %v)", d, alpha, T, m, q, r, st.F)
		}
	}
	return st, nil
}

// VectorRSSpinGlassLine is T_g(α) = (1 + √(α/d))/d.
func VectorRSSpinGlassLine(d int, alpha float64) float64 {
	return (1 + math.Sqrt(alpha/float64(d))) / float64(d)
}

// vectorRSLowT is the lowest temperature, in units of 1/d, the lines are
// searched at (AGS's agsLowT for d = 1).
const vectorRSLowT = agsLowT

func vectorRetrieves(d int, alpha, T float64) bool {
	st, err := SolveVectorRS(d, alpha, T, true)
	return err == nil && st.M > 0
}

func vectorGlobal(d int, alpha, T float64) bool {
	r, err1 := SolveVectorRS(d, alpha, T, true)
	g, err2 := SolveVectorRS(d, alpha, T, false)
	return err1 == nil && err2 == nil && r.M > 0 && r.F < g.F
}

// VectorRSLines returns T_M(α), the highest temperature at which retrieval
// states exist, and T_c(α), below which they have a lower free energy than
// the m = 0 state; each 0 where it does not exist (down to T = 0.005/d).
// By bisection to 10⁻⁴/d.
func VectorRSLines(d int, alpha float64) (tm, tc float64, err error) {
	if err := checkVectorRS(d, alpha, 1, false); err != nil {
		return math.NaN(), math.NaN(), err
	}
	unit := 1 / float64(d)
	lo := vectorRSLowT * unit
	if !vectorRetrieves(d, alpha, lo) {
		return 0, 0, nil
	}
	tm = bisectEdge(lo, unit, 1e-4*unit, func(T float64) bool { return vectorRetrieves(d, alpha, T) })
	if !vectorGlobal(d, alpha, lo) {
		return tm, 0, nil
	}
	return tm, bisectEdge(lo, tm, 1e-4*unit, func(T float64) bool { return vectorGlobal(d, alpha, T) }), nil
}

// VectorRSCapacity is α_c(d): the largest load at which a retrieval state
// exists at T = 0, by bisection on α to a relative 10⁻⁵.
func VectorRSCapacity(d int) (float64, error) {
	if err := checkVectorDim(d); err != nil {
		return math.NaN(), err
	}
	return vectorLoadEdge(func(a float64) bool { return vectorRetrieves(d, a, 0) })
}

// VectorRSLineEnds are the loads where T_M and T_c reach the lowest
// temperature searched (0.005/d): αM ≈ α_c(d), αC where the retrieval
// states stop being the global minima.
func VectorRSLineEnds(d int) (alphaM, alphaC float64, err error) {
	if err := checkVectorDim(d); err != nil {
		return math.NaN(), math.NaN(), err
	}
	lowT := vectorRSLowT / float64(d)
	alphaM, err = vectorLoadEdge(func(a float64) bool { return vectorRetrieves(d, a, lowT) })
	if err != nil {
		return alphaM, math.NaN(), err
	}
	alphaC, err = vectorLoadEdge(func(a float64) bool { return a < alphaM && vectorGlobal(d, a, lowT) })
	return alphaM, alphaC, err
}

// vectorLoadEdge is the largest α in (10⁻⁶, 0.2) where holds(α) is true,
// the edge bracketed by halving down from 0.2 (α_c ≤ 0.14 for every d).
func vectorLoadEdge(holds func(float64) bool) (float64, error) {
	hi := 0.2
	if holds(hi) {
		return math.NaN(), errors.New("plm: vector RS: retrieval at α = 0.2, beyond AGS's capacity: the solver has failed")
	}
	lo := hi / 2
	for !holds(lo) {
		hi, lo = lo, lo/2
		if lo < 1e-6 {
			return 0, nil
		}
	}
	for hi-lo > 1e-5*lo {
		mid := (lo + hi) / 2
		if holds(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}
