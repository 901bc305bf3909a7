package linalg

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Sgemm (whichever backend the build selected) agrees with a naive float64
// product for every transpose combination.
func TestSgemmAgreesWithNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m, n, k := 7, 5, 33
	rnd := func(l int) []float32 {
		v := make([]float32, l)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	for _, tA := range []bool{false, true} {
		for _, tB := range []bool{false, true} {
			a, b := rnd(m*k), rnd(k*n)
			lda, ldb := k, n
			at := func(i, l int) float64 { return float64(a[i*k+l]) }
			bt := func(l, j int) float64 { return float64(b[l*n+j]) }
			if tA {
				lda = m
				at = func(i, l int) float64 { return float64(a[l*m+i]) }
			}
			if tB {
				ldb = k
				bt = func(l, j int) float64 { return float64(b[j*k+l]) }
			}
			c := rnd(m * n)
			c0 := append([]float32(nil), c...)
			Sgemm(tA, tB, m, n, k, 0.5, a, lda, b, ldb, 2, c, n)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					var s float64
					for l := 0; l < k; l++ {
						s += at(i, l) * bt(l, j)
					}
					want := 0.5*s + 2*float64(c0[i*n+j])
					if math.Abs(float64(c[i*n+j])-want) > 1e-4*math.Max(1, math.Abs(want)) {
						t.Fatalf("%s tA=%v tB=%v: c[%d][%d] = %v, want %v", Backend, tA, tB, i, j, c[i*n+j], want)
					}
				}
			}
		}
	}
}

func TestForCoversRange(t *testing.T) {
	for _, n := range []int{0, 1, 3, 1000} {
		seen := make([]int, n)
		For(n, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				seen[i]++
			}
		})
		ForEach(n, func(i, w int) {
			if w < 0 || w >= Workers(n) {
				t.Errorf("worker %d out of range", w)
			}
			seen[i]++
		})
		for i, c := range seen {
			if c != 2 {
				t.Fatalf("n=%d: index %d visited %d times", n, i, c)
			}
		}
	}
}
