package plm

import (
	"math"
	"testing"
)

// Closed forms, each computed stably for its own range.
func logZ1(k float64) float64 { return k + math.Log1p(math.Exp(-2*k)) } // log 2cosh κ
func logZ3(k float64) float64 { // log(4π sinh κ / κ)
	if k < 1e-4 {
		return math.Log(4*math.Pi) + k*k/6
	}
	return math.Log(2*math.Pi) + k + math.Log(-math.Expm1(-2*k)) - math.Log(k)
}
func langevin(k float64) float64 { // coth κ − 1/κ
	if k < 0.05 {
		k2 := k * k
		return k * (1.0/3 - k2*(1.0/45-k2*(2.0/945-k2/4725)))
	}
	return 1/math.Tanh(k) - 1/k
}

// besselI0I1 computes log I_0(κ) and I_1(κ)/I_0(κ) by the trapezoid rule
// on I_n(κ) = (1/π)∫_0^π e^{κ cos θ} cos nθ dθ, scaled by e^{−κ}: spectrally
// accurate for a periodic integrand (an independent method).
func besselI0I1(k float64) (float64, float64) {
	const m = 20000
	var s0, s1 float64
	for j := 0; j <= m; j++ {
		th := math.Pi * float64(j) / m
		w := 1.0
		if j == 0 || j == m {
			w = 0.5
		}
		e := w * math.Exp(k*(math.Cos(th)-1))
		s0 += e
		s1 += e * math.Cos(th)
	}
	return k + math.Log(s0/m), s1 / s0
}

func TestVMFNormaliserAgainstClosedForms(t *testing.T) {
	kappas := []float64{0, 1e-8, 1e-4, 0.01, 0.5, 1, 3, 10, 39.99, 40, 40.01, 100, 700, 1000, 1e4}
	for _, k := range kappas {
		i0, a2 := besselI0I1(k)
		for _, c := range []struct {
			d       int
			logZ, a float64
		}{
			{1, logZ1(k), math.Tanh(k)},
			{2, math.Log(2*math.Pi) + i0, a2},
			{3, logZ3(k), langevin(k)},
		} {
			got, ga := LogVMFNormaliser(c.d, k), VMFMeanLength(c.d, k)
			if d := math.Abs(got - c.logZ); d > 1e-12*math.Max(1, math.Abs(c.logZ)) || math.IsNaN(got) {
				t.Errorf("log Z_%d(%g) = %.17g, want %.17g", c.d, k, got, c.logZ)
			}
			if d := math.Abs(ga - c.a); d > 1e-12*math.Max(1e-300, c.a) && d > 1e-15 || math.IsNaN(ga) {
				t.Errorf("A_%d(%g) = %.17g, want %.17g", c.d, k, ga, c.a)
			}
		}
	}
}

// A_d is the derivative of log Z_d, for any d (checked by central
// differences), and the series and the expansion agree at the switch.
func TestVMFMeanLengthIsTheDerivative(t *testing.T) {
	for _, d := range []int{1, 2, 3, 4, 5, 8, 16} {
		for _, k := range []float64{0.3, 2, 15, 39.5, 60, 500} {
			h := 1e-5 * math.Max(1, k)
			num := (LogVMFNormaliser(d, k+h) - LogVMFNormaliser(d, k-h)) / (2 * h)
			if a := VMFMeanLength(d, k); math.Abs(a-num) > 1e-7 || !(a >= 0 && a <= 1) {
				t.Errorf("d = %d, κ = %g: A = %v, d log Z/dκ = %v", d, k, a, num)
			}
		}
		below, above := LogVMFNormaliser(d, math.Nextafter(vmfSwitch, 0)), LogVMFNormaliser(d, vmfSwitch)
		if math.Abs(below-above) > 1e-12*above {
			t.Errorf("d = %d: log Z jumps at the switch: %.17g | %.17g", d, below, above)
		}
		if a, b := VMFMeanLength(d, math.Nextafter(vmfSwitch, 0)), VMFMeanLength(d, vmfSwitch); math.Abs(a-b) > 1e-13 {
			t.Errorf("d = %d: A jumps at the switch: %.17g | %.17g", d, a, b)
		}
		if lz := LogVMFNormaliser(d, 0); math.Abs(lz-LogSphereArea(d)) > 1e-15 || VMFMeanLength(d, 0) != 0 {
			t.Errorf("d = %d at κ = 0: log Z %v, area %v", d, lz, LogSphereArea(d))
		}
	}
	if !math.IsNaN(LogVMFNormaliser(3, -1)) || !math.IsNaN(VMFMeanLength(0, 1)) || !math.IsNaN(LogVMFNormaliser(2, math.NaN())) {
		t.Error("bad arguments give a number")
	}
}

// The closed forms used for d = 1 and 3 agree with the general method.
func TestVMFClosedFormsAgreeWithTheGeneralMethod(t *testing.T) {
	for _, d := range []int{1, 3} {
		for _, k := range []float64{0.051, 0.2, 1, 5, 20, 39.9, 40, 80, 300, 5000} {
			l, a := vmf(d, k)
			gl, ga := vmfGeneral(d, k)
			if math.Abs(l-gl) > 1e-13*math.Max(1, math.Abs(l)) || math.Abs(a-ga) > 1e-13 {
				t.Errorf("d = %d, κ = %g: closed form (%.17g, %.17g), general (%.17g, %.17g)", d, k, l, a, gl, ga)
			}
		}
	}
}

// A_d(κ) = I_{ν+1}(κ)/I_ν(κ), ν = d/2 − 1, against the backward recurrence
// of its continued fraction (stable for every ν and κ), across the switch
// to the asymptotic expansion and for large d, where that expansion needs
// κ well above ν²; and log Z_d stays continuous where the methods meet.
func TestVMFMeanLengthAgainstContinuedFraction(t *testing.T) {
	ratio := func(nu, x float64) float64 {
		r := 0.0
		for k := int(x) + 4000; k >= 1; k-- {
			r = 1 / (2*(nu+float64(k))/x + r)
		}
		return r
	}
	for _, d := range []int{2, 4, 5, 10, 30, 50, 64} {
		nu := float64(d)/2 - 1
		for _, kappa := range []float64{0.1, 5, 39.9, 40, 45, 100, 300, 1000, 2*(nu+2)*(nu+2) - 1e-9, 2 * (nu + 2) * (nu + 2), 3000, 10000} {
			got, want := VMFMeanLength(d, kappa), ratio(nu, kappa)
			if math.Abs(got-want) > 1e-10*want {
				t.Errorf("d = %d, κ = %g: A_d = %.15g, continued fraction %.15g", d, kappa, got, want)
			}
		}
		for _, k0 := range []float64{vmfSwitch, hankelFrom(nu)} {
			lo, hi := LogVMFNormaliser(d, k0*(1-1e-9)), LogVMFNormaliser(d, k0*(1+1e-9))
			if slope := VMFMeanLength(d, k0); math.Abs(hi-lo-slope*2e-9*k0) > 1e-9*math.Max(1, math.Abs(lo)) {
				t.Errorf("d = %d: log Z jumps by %g at κ = %g", d, hi-lo-slope*2e-9*k0, k0)
			}
		}
	}
}
