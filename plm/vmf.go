package plm

import (
	"fmt"
	"math"
)

// The conditional law of a vector spin S ∈ S^{d−1} in its field h is von
// Mises–Fisher: p(S) = exp(λ S·h) / Z_d(λ|h|), with the normaliser over the
// sphere's surface measure
//
//	Z_d(κ) = (2π)^{d/2} κ^{1−d/2} I_{d/2−1}(κ) = |S^{d−1}| · ₀F₁(; d/2; κ²/4),
//
// (d = 1: 2 cosh κ, the Ising case; d = 3: 4π sinh κ / κ) and its
// derivative, the mean resultant length A_d(κ) = I_{d/2}(κ)/I_{d/2−1}(κ)
// (d = 1: tanh κ; d = 3: coth κ − 1/κ).
//
// Both are computed without overflow or cancellation for κ from 0 to far
// beyond 10⁴: below vmfSwitch by the power series of ₀F₁ (positive terms, no
// cancellation, at most ~e^{2·vmfSwitch} in size), above it by the
// asymptotic (Hankel) expansion of I_ν in log form, whose neglected terms
// are O(e^{−2κ}) and ~(ν²/κ)^K — where κ ≥ 2(ν+2)², so that those terms
// shrink fast; between vmfSwitch and there (large d) by the series summed
// in log form.

// vmfSwitch is where the series hands over to the asymptotic expansion.
const vmfSwitch = 40

// MaxVectorDim bounds d: beyond it the expansions above lose accuracy at
// the switch point, and plmlab has no use for such dimensions.
const MaxVectorDim = 64

func checkVectorDim(d int) error {
	if d < 1 || d > MaxVectorDim {
		return fmt.Errorf("plm: vector spin dimension d must be in [1, %d], got %d", MaxVectorDim, d)
	}
	return nil
}

// LogSphereArea is log |S^{d−1}| = log(2π^{d/2}/Γ(d/2)) (d = 1: log 2,
// the two points ±1).
func LogSphereArea(d int) float64 {
	lg, _ := math.Lgamma(float64(d) / 2)
	return math.Log(2) + float64(d)/2*math.Log(math.Pi) - lg
}

// LogVMFNormaliser is log Z_d(κ) for κ ≥ 0.
func LogVMFNormaliser(d int, kappa float64) float64 {
	l, _ := vmf(d, kappa)
	return l
}

// VMFMeanLength is A_d(κ) = d log Z_d / dκ = I_{d/2}(κ)/I_{d/2−1}(κ): the
// mean |⟨S⟩| of a spin in a field of strength κ, in [0, 1] (1 only by
// rounding, for κ ≫ 1).
func VMFMeanLength(d int, kappa float64) float64 {
	_, a := vmf(d, kappa)
	return a
}

// vmf returns log Z_d(κ) and A_d(κ): closed forms for d = 1 and 3 (the
// trainer's hot path), the general method otherwise.
func vmf(d int, kappa float64) (logZ, a float64) {
	if d < 1 || !(kappa >= 0) {
		return math.NaN(), math.NaN()
	}
	switch {
	case d == 1:
		return kappa + math.Log1p(math.Exp(-2*kappa)), math.Tanh(kappa)
	case d == 3 && kappa > 0.05:
		// 4π sinh κ/κ = 2π e^κ (1 − e^{−2κ})/κ; A = coth κ − 1/κ.
		return math.Log(2*math.Pi) + kappa + math.Log(-math.Expm1(-2*kappa)) - math.Log(kappa), 1/math.Tanh(kappa) - 1/kappa
	}
	return vmfGeneral(d, kappa)
}

// vmfGeneral is the series below vmfSwitch and, above it, the asymptotic
// expansion where it is accurate (κ well above ν², see hankelFrom) or the
// series summed in log form where it is not (large d).
func vmfGeneral(d int, kappa float64) (logZ, a float64) {
	b := float64(d) / 2
	if kappa < vmfSwitch {
		z := kappa * kappa / 4
		den, _ := hyp0F1(b, z)
		num, _ := hyp0F1(b+1, z)
		return LogSphereArea(d) + math.Log(den), kappa / (2 * b) * num / den
	}
	nu := b - 1
	if kappa < hankelFrom(nu) {
		z := kappa * kappa / 4
		lden, lnum := logHyp0F1(b, z), logHyp0F1(b+1, z)
		return LogSphereArea(d) + lden, kappa / (2 * b) * math.Exp(lnum-lden)
	}
	hn := hankel(nu, kappa)
	return b*math.Log(2*math.Pi) + (1-b)*math.Log(kappa) + kappa - 0.5*math.Log(2*math.Pi*kappa) + math.Log(hn), hankel(nu+1, kappa) / hn
}

// hankelFrom is the κ above which the Hankel expansion of I_ν and I_{ν+1}
// is accurate to rounding: its terms then shrink at least fourfold from
// the first (the ratio of the first two is ≈ (ν+1)²/(2κ)).
func hankelFrom(nu float64) float64 {
	return math.Max(vmfSwitch, 2*(nu+2)*(nu+2))
}

// logHyp0F1 is log ₀F₁(; b; z), summed outward from its largest term so
// that it neither overflows nor loses terms for large z: one log-gamma
// evaluation for that term, then products of the terms' ratios, about
// 20 √k* terms for a largest term at k* (a few hundred for κ in the
// thousands, instead of k* + √k* logarithms term by term).
func logHyp0F1(b, z float64) float64 {
	// The ratio t_{k+1}/t_k = z/((k+1)(b+k)) falls through 1 at k*.
	k0 := math.Floor((-(b - 1) + math.Sqrt((b-1)*(b-1)+4*z)) / 2)
	if k0 < 0 {
		k0 = 0
	}
	lk, _ := math.Lgamma(k0 + 1)
	lbk, _ := math.Lgamma(b + k0)
	lb, _ := math.Lgamma(b)
	logPeak := k0*math.Log(z) - lk - lbk + lb
	sum, term := 1.0, 1.0
	for k := k0; ; k++ { // terms after the peak
		term *= z / ((k + 1) * (b + k))
		sum += term
		if term < 1e-17*sum {
			break
		}
	}
	term = 1
	for k := k0; k > 0; k-- { // and before it
		term *= k * (b + k - 1) / z
		sum += term
		if term < 1e-17*sum {
			break
		}
	}
	return logPeak + math.Log(sum)
}

// hyp0F1 sums ₀F₁(; b; z) = Σ_k z^k / (k! (b)_k) for z ≥ 0 and returns the
// number of terms used. All terms are positive.
func hyp0F1(b, z float64) (float64, int) {
	sum, term := 1.0, 1.0
	for k := 0; k < 10000; k++ {
		term *= z / (float64(k+1) * (b + float64(k)))
		sum += term
		if term < 1e-17*sum {
			return sum, k + 1
		}
	}
	return sum, 10000
}

// hankel is √(2πκ) e^{−κ} I_ν(κ) ≈ Σ_k (−1)^k a_k(ν)/κ^k, a_k(ν) =
// Π_{j=1..k} (4ν² − (2j−1)²) / (k! 8^k), summed while the terms decrease
// (it terminates for half-integer ν).
func hankel(nu, kappa float64) float64 {
	mu := 4 * nu * nu
	sum, term := 1.0, 1.0
	for k := 1; k < 200; k++ {
		next := -term * (mu - float64((2*k-1)*(2*k-1))) / (float64(k) * 8 * kappa)
		if next == 0 || math.Abs(next) >= math.Abs(term) {
			break
		}
		term = next
		sum += term
		if math.Abs(term) < 1e-17*math.Abs(sum) {
			break
		}
	}
	return sum
}
