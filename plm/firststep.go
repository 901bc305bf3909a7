package plm

import (
	"fmt"
	"math"
)

// One synchronous zero-temperature step of the vector Hopfield network
// (Hebb's couplings, zero diagonal blocks) from a start at overlap m0 with
// pattern ξ and uncorrelated with the other P − 1: the field on spin i is
//
//	h_i = m0 ξ_i + Σ_{μ≥2} ξ_i^μ m_μ,
//
// and the cross-talk is, for large N, an isotropic Gaussian in R^d whose
// components have variance σ² = α/d² (each m_μ has variance 1/(dN), each
// ξ_i^μ spreads it over d components). The spin turns to its field, so
//
//	m1 = E[ξ·h/|h|] = E_R[A_d(m0 R/σ²)],
//
// the vMF mean length averaged over R = |h| (vectorrs.go). d = 1:
// m1 = erf(m0/√(2α)). As d → ∞ at fixed α′ = α/d = P/(Nd), |h| → √(m0² + α′)
// and m1 → m0/√(m0² + α′): the first step denoises (m1 > m0) whenever
// m0² < 1 − α′, up to P = Nd, far above the equilibrium capacity α_c ≈ 0.15/d.

// FirstStepOverlap is m1 after one synchronous step from overlap m0 ∈ [0, 1]
// at load α = P/N > 0 and dimension d.
func FirstStepOverlap(d int, alpha, m0 float64) (float64, error) {
	if err := checkVectorRS(d, alpha, 0, true); err != nil {
		return math.NaN(), err
	}
	if !(m0 >= 0 && m0 <= 1) {
		return math.NaN(), fmt.Errorf("plm: first step needs an initial overlap m0 in [0, 1], got %v", m0)
	}
	m1, _, _, _ := vectorRS{d: d, alpha: alpha, beta: math.Inf(1)}.integrals(m0, math.Sqrt(alpha)/float64(d), false)
	return m1, nil
}

// FirstStepFixedPoint is m0*: the largest m0 with m1(m0) = m0, 0 if none.
// Starts below it are denoised by the first step; from above it the step
// lowers the overlap.
func FirstStepFixedPoint(d int, alpha float64) (float64, error) {
	if _, err := FirstStepOverlap(d, alpha, 0); err != nil {
		return math.NaN(), err
	}
	s := vectorRS{d: d, alpha: alpha, beta: math.Inf(1)}
	sigma := math.Sqrt(alpha) / float64(d)
	return largestFixedPoint(func(m float64) float64 {
		m1, _, _, _ := s.integrals(m, sigma, false)
		return m1 - m
	}), nil
}

// FirstStepLargeD is the d → ∞ limit at fixed α′ = P/(Nd):
// m1 = m0/√(m0² + α′).
func FirstStepLargeD(alphaPrime, m0 float64) float64 {
	return m0 / math.Sqrt(m0*m0+alphaPrime)
}
