package plm

import (
	"fmt"
	"math"
)

// gardnerMoment is ∫_{−κ}^{∞} Dt (t+κ)² = (1+κ²)Φ(κ) + κφ(κ).
func gardnerMoment(kappa float64) float64 {
	return (1+kappa*kappa)*normalCDF(kappa) + kappa*normalPDF(kappa)
}

func normalPDF(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }
func normalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// GardnerCapacity is the critical load α_c(κ) = 1/∫_{−κ}^{∞} Dt (t+κ)² of a
// perceptron with margin κ on random patterns (asymmetric couplings);
// α_c(0) = 2.
func GardnerCapacity(kappa float64) float64 { return 1 / gardnerMoment(kappa) }

// KappaMax is Gardner's maximal stability κ_max(α), the solution of
// α ∫_{−κ}^{∞} Dt (t+κ)² = 1. It is positive for α < 2.
func KappaMax(alpha float64) (float64, error) {
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return math.NaN(), fmt.Errorf("plm: κ_max needs a load α > 0, got %v", alpha)
	}
	target := 1 / alpha
	// The moment grows monotonically from 0 (κ → −∞) to ∞: bracket, bisect.
	lo, hi := -1.0, 1.0
	for gardnerMoment(lo) > target && lo > -1e6 {
		lo *= 2
	}
	for gardnerMoment(hi) < target && hi < 1e6 {
		hi *= 2
	}
	for i := 0; i < 200 && hi-lo > 1e-13*math.Max(1, math.Abs(hi)); i++ {
		mid := (lo + hi) / 2
		if gardnerMoment(mid) < target {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2, nil
}
