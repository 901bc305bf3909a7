package plm

import (
	"fmt"
	"math"
)

// Replica theory of the stabilities of pseudo-likelihood couplings
// (Gardner's computation, replica symmetric, for the convex per-row cost
// V_λ(Δ) = log(1 + e^{−2λΔ}) with rows on the sphere ‖J_i‖² = N).
//
// With Dt the standard Gaussian measure, the minimiser's stabilities are
// Δ*(t) = argmin_Δ [V_λ(Δ) + (Δ − t)²/(2x)], i.e. the root of
//
//	Δ = t + xλ(1 − tanh λΔ),
//
// where the response x solves α ∫ Dt (Δ*(t) − t)² = 1. Their density is
//
//	P_λ(Δ) = φ(t(Δ)) [1 + xλ² sech²(λΔ)],  t(Δ) = Δ − xλ(1 − tanh λΔ).
//
// λ → 0 gives the Hebbian Gaussian N(1/√α, 1); λ → ∞ gives Gardner's
// maximal stability, a delta of weight Φ(κ_max) at κ_max plus the
// Gaussian tail above it. The derivation is in notebooks/03.

// Replica is the replica-symmetric solution at load Alpha and inverse
// temperature Lambda.
type Replica struct {
	Alpha  float64 `json:"alpha"`
	Lambda float64 `json:"lambda"`
	// X is the response x = lim β(1 − q).
	X float64 `json:"x"`
}

// gaussIntegral is ∫ Dt f(t) by composite Simpson on [−12, 12].
func gaussIntegral(f func(t float64) float64) float64 {
	s := 0.0
	gaussNodes(4000, func(t, w float64) { s += w * f(t) })
	return s
}

// gaussNodes calls visit with the nodes and weights of composite Simpson's
// rule with n intervals on [−12, 12] for ∫ Dt (the weights include the
// Gaussian density).
func gaussNodes(n int, visit func(t, w float64)) {
	const a, b = -12.0, 12.0
	h := (b - a) / float64(n)
	for k := 0; k <= n; k++ {
		t := a + float64(k)*h
		w := 2.0
		switch {
		case k == 0 || k == n:
			w = 1
		case k%2 == 1:
			w = 4
		}
		visit(t, w*normalPDF(t)*h/3)
	}
}

// oneMinusTanh is 1 − tanh(y) = 2/(1 + e^{2y}), accurate for large y.
func oneMinusTanh(y float64) float64 {
	if y > 0 {
		e := math.Exp(-2 * y)
		return 2 * e / (1 + e)
	}
	return 2 / (1 + math.Exp(2*y))
}

// deltaStar solves Δ = t + c(1 − tanh λΔ) with c = xλ by bisection
// polished with Newton steps. f(Δ) = Δ − t − c(1 − tanh λΔ) increases
// with Δ; f(t) ≤ 0, and because 1 − tanh y ≤ 2e^{−2y} the root lies below
// max(t, 0) + ln(max(2c, 1))/(2λ) + a few 1/λ (the bracket grows until f > 0).
func deltaStar(t, c, lambda float64) float64 {
	f := func(d float64) float64 { return d - t - c*oneMinusTanh(lambda*d) }
	lo := t
	hi := math.Max(t, 0) + (math.Log(math.Max(2*c, 1))+2)/(2*lambda)
	for step := 1 / lambda; f(hi) < 0; step *= 2 {
		lo, hi = hi, hi+step
	}
	// rtsafe: Newton, but bisect whenever the Newton step would leave the
	// bracket or not halve the step before last (slow exponential tails).
	d := (lo + hi) / 2
	dxOld, dx := hi-lo, hi-lo
	for it := 0; it < 300; it++ {
		fd := f(d)
		if fd == 0 {
			return d
		}
		if fd > 0 {
			hi = d
		} else {
			lo = d
		}
		omt := oneMinusTanh(lambda * d)
		// d/dΔ (1 − tanh λΔ) = −λ sech² = −λ omt(2 − omt).
		df := 1 + c*lambda*omt*(2-omt)
		if next := d - fd/df; !(next > lo && next < hi) || math.Abs(2*fd) > math.Abs(dxOld*df) {
			dxOld, dx = dx, (hi-lo)/2
			d = lo + dx
		} else {
			dxOld, dx = dx, fd/df
			d = next
		}
		if math.Abs(dx) <= 1e-15*math.Max(1, math.Abs(d)) {
			return d
		}
	}
	return d
}

// MinReplicaLambda is the smallest λ SolveReplica takes: below it the
// solution is the Hebbian Gaussian to better than 10⁻⁶ (HebbianDensity),
// and x ≈ 1/(λ√α) leaves floating point.
const MinReplicaLambda = 1e-6

// SolveReplica finds x(α, λ). It needs α > 0 and MinReplicaLambda ≤ λ.
func SolveReplica(alpha, lambda float64) (*Replica, error) {
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return nil, fmt.Errorf("plm: replica theory needs a finite load α > 0, got %v", alpha)
	}
	if err := checkLambda(lambda); err != nil {
		return nil, err
	}
	if lambda < MinReplicaLambda {
		return nil, fmt.Errorf("plm: replica theory at λ = %v < %g: use the Hebbian limit (HebbianDensity)", lambda, MinReplicaLambda)
	}
	// g(x) = α ∫Dt (Δ*−t)² grows monotonically from 0 to ∞: bisect in log x.
	// For large λ, x grows like e^{2λκ}: the bracket stops where x λ² would
	// overflow, which covers λκ up to ≈ 350.
	g := func(x float64) float64 {
		c := x * lambda
		return alpha * gaussIntegral(func(t float64) float64 {
			u := deltaStar(t, c, lambda) - t
			return u * u
		})
	}
	top := 700 - 2*math.Log(math.Max(lambda, 1))
	lo, hi := math.Log(1e-12), top
	for it := 0; it < 200 && hi-lo > 1e-13; it++ {
		mid := (lo + hi) / 2
		if g(math.Exp(mid)) < 1 {
			lo = mid
		} else {
			hi = mid
		}
	}
	if hi >= top-1e-9 {
		return nil, fmt.Errorf("plm: replica solution at α = %v, λ = %v is beyond floating point (use GardnerLimit for λ → ∞)", alpha, lambda)
	}
	r := &Replica{Alpha: alpha, Lambda: lambda, X: math.Exp((lo + hi) / 2)}
	if m, sd := r.Moments(); !finite(r.X) || !finite(m) || !finite(sd) {
		return nil, fmt.Errorf("plm: replica solution at α = %v, λ = %v is not finite (x = %v, mean %v, std %v)", alpha, lambda, r.X, m, sd)
	}
	return r, nil
}

// DeltaStar is the stability Δ*(t) reached by a site of Gaussian field t.
func (r *Replica) DeltaStar(t float64) float64 { return deltaStar(t, r.X*r.Lambda, r.Lambda) }

// T is the inverse map t(Δ) = Δ − xλ(1 − tanh λΔ).
func (r *Replica) T(delta float64) float64 {
	return delta - r.X*r.Lambda*oneMinusTanh(r.Lambda*delta)
}

// Density is P_λ(Δ).
func (r *Replica) Density(delta float64) float64 {
	omt := oneMinusTanh(r.Lambda * delta)
	return normalPDF(r.T(delta)) * (1 + r.X*r.Lambda*r.Lambda*omt*(2-omt))
}

// Moments returns the mean and standard deviation of Δ.
func (r *Replica) Moments() (mean, std float64) {
	mean = gaussIntegral(r.DeltaStar)
	m2 := gaussIntegral(func(t float64) float64 { d := r.DeltaStar(t); return d * d })
	return mean, math.Sqrt(math.Max(0, m2-mean*mean))
}

// StableFraction is the fraction of sites with Δ > 0, Φ(xλ) (Δ* is
// increasing in t and Δ*(t) = 0 at t = −xλ).
func (r *Replica) StableFraction() float64 { return normalCDF(r.X * r.Lambda) }

// HebbianDensity is the λ → 0 limit, the Gaussian N(1/√α, 1) of Hebb's rule.
func HebbianDensity(alpha, delta float64) float64 {
	return normalPDF(delta - 1/math.Sqrt(alpha))
}

// MaxStability is the λ → ∞ limit: Gardner's maximal-stability
// distribution, a delta of weight Weight at Kappa plus the density
// φ(Δ) for Δ > Kappa.
type MaxStability struct {
	Alpha  float64 `json:"alpha"`
	Kappa  float64 `json:"kappa"`
	Weight float64 `json:"weight"`
}

// GardnerLimit returns the maximal-stability distribution at load α.
func GardnerLimit(alpha float64) (*MaxStability, error) {
	k, err := KappaMax(alpha)
	if err != nil {
		return nil, err
	}
	return &MaxStability{Alpha: alpha, Kappa: k, Weight: normalCDF(k)}, nil
}

// Density is the continuous part φ(Δ)Θ(Δ − κ_max).
func (m *MaxStability) Density(delta float64) float64 {
	if delta < m.Kappa {
		return 0
	}
	return normalPDF(delta)
}
