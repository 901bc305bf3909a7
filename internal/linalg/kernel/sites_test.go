package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sitesGo is plm's scalar fusedSites loop, without the log.
func sitesGo(xs, hs, ss []float32, m2l, c float64) (lin, prod float64, bad bool) {
	const log2e, shift = 1.4426950408889634, 0x1.8p52
	const ln2hi, ln2lo = 6.93147180369123816490e-01, 1.90821492927058770002e-10
	prod = 1
	for k := range xs {
		s := float64(xs[k])
		z := s * float64(hs[k])
		if z <= 0 {
			bad = true
		}
		u := m2l * z
		a := -math.Abs(u)
		e := 0.0
		if a >= -708 {
			kf := a*log2e + shift
			kr := kf - shift
			r := a - kr*ln2hi - kr*ln2lo
			p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040)))))))
			e = p * math.Float64frombits((math.Float64bits(kf)-math.Float64bits(shift)+1023)<<52)
		}
		rr := 1 / (1 + e)
		prod *= 1 + e
		sig := e * rr
		if u > 0 {
			lin += u
			sig = rr
		}
		ss[k] = float32(c * s * sig)
	}
	return lin, prod, bad
}

// The vector body sets S bit for bit as the scalar loop does, and its sum
// and product agree to rounding, over fields from tiny to beyond the
// underflow cut (|u| > 708) and of both signs.
func TestFusedSitesMatchesScalar(t *testing.T) {
	if !hasAVX512 && !hasAVX2 {
		t.Skip("no AVX2 here")
	}
	rng := rand.New(rand.NewPCG(9, 9))
	for _, n := range []int{8, 16, 100, 512} {
		for _, scale := range []float64{1e-3, 0.3, 3, 50, 500} {
			xs, hs := make([]float32, n), make([]float32, n)
			for k := range xs {
				xs[k] = float32(1 - 2*rng.IntN(2))
				hs[k] = float32(scale * rng.NormFloat64())
			}
			if n > 20 {
				hs[3], hs[5] = 0, 400 // z = 0 and |u| > 708 at λ = 1
			}
			m2l, c := -2.0, -2.0/(1000*784)
			s1, s2 := make([]float32, n), make([]float32, n)
			lin, prod, bad, done := FusedSites(xs, hs, s1, m2l, c)
			linG, prodG, badG := sitesGo(xs[:done], hs[:done], s2, m2l, c)
			if done != n&^7 {
				t.Fatalf("n=%d: done %d", n, done)
			}
			for k := 0; k < done; k++ {
				if math.Float32bits(s1[k]) != math.Float32bits(s2[k]) {
					t.Fatalf("n=%d scale %v: S[%d] = %v, scalar %v", n, scale, k, s1[k], s2[k])
				}
			}
			if bad != badG || math.Abs(lin-linG) > 1e-13*math.Max(1, math.Abs(linG)) || math.Abs(prod-prodG) > 1e-13*prodG {
				t.Fatalf("n=%d scale %v: lin %v prod %v bad %v, scalar %v %v %v", n, scale, lin, prod, bad, linG, prodG, badG)
			}
			// The eight lanes exactly: lane l takes sites k ≡ l (mod 8)
			// in order, so AVX2 and AVX-512 machines agree bit for bit.
			var lanes [16]float64
			for l := range 8 {
				lanes[8+l] = 1
			}
			for k := 0; k < done; k++ {
				var one [1]float32
				l1, p1, _ := sitesGo(xs[k:k+1], hs[k:k+1], one[:], m2l, c)
				lanes[k%8] += l1
				lanes[8+k%8] *= p1
			}
			linL, prodL := 0.0, 1.0
			for l := range 8 {
				linL += lanes[l]
				prodL *= lanes[8+l]
			}
			if math.Float64bits(lin) != math.Float64bits(linL) || math.Float64bits(prod) != math.Float64bits(prodL) {
				t.Fatalf("n=%d scale %v: lin %v prod %v, eight lanes %v %v", n, scale, lin, prod, linL, prodL)
			}
			if hasAVX2 {
				var out [16]float64
				s3 := make([]float32, n)
				b := fusedSitesAVX2(&xs[0], &hs[0], &s3[0], done, m2l, c, &out)
				for l := range 16 {
					if math.Float64bits(out[l]) != math.Float64bits(lanes[l]) {
						t.Fatalf("n=%d scale %v: AVX2 lane %d = %v, want %v", n, scale, l, out[l], lanes[l])
					}
				}
				for k := 0; k < done; k++ {
					if math.Float32bits(s3[k]) != math.Float32bits(s2[k]) {
						t.Fatalf("n=%d scale %v: AVX2 S[%d] = %v, scalar %v", n, scale, k, s3[k], s2[k])
					}
				}
				if (b != 0) != badG {
					t.Fatalf("n=%d scale %v: AVX2 bad %v, scalar %v", n, scale, b != 0, badG)
				}
			}
		}
	}
}
