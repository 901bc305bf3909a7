package kernel

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// Sgemm against a float64 triple loop, every transpose, shapes around the
// tile and block edges, strides wider than the rows, alpha with beta = −2,
// 0 (C only written) and 1, B packed whole or one block of k at a time;
// the same bits on one thread and with every micro-kernel the CPU runs.
func TestSgemmMatchesReference(t *testing.T) {
	if !HasSgemm() {
		t.Skip("no AVX2 and FMA here")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	defer func(v int) { gemmPackedB = v }(gemmPackedB)
	for v, sh := range [][3]int{{1, 1, 1}, {5, 15, 3}, {6, 16, 256}, {7, 17, 257}, {97, 33, 300}, {200, 50, 600}, {300, 40, 800}, {13, 200, 700}, {25, 70, 40}, {2000 / 8, 784 / 8, 2000 / 8}} {
		m, n, k := sh[0], sh[1], sh[2]
		beta := float32([]float64{-2, 0, 1}[v%3])
		gemmPackedB = []int{4 << 20, 1}[v%2]
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				ra, ca := m, k
				if tA {
					ra, ca = k, m
				}
				rb, cb := k, n
				if tB {
					rb, cb = n, k
				}
				lda, ldb, ldc := ca+2, cb+1, n+3
				a := make([]float32, ra*lda)
				b := make([]float32, rb*ldb)
				c := make([]float32, m*ldc)
				for _, x := range [][]float32{a, b, c} {
					for i := range x {
						x[i] = float32(rng.NormFloat64())
					}
				}
				if beta == 0 { // C is not read: NaN there must not show
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							c[i*ldc+j] = float32(math.NaN())
						}
					}
				}
				at := func(i, p int) float64 {
					if tA {
						return float64(a[p*lda+i])
					}
					return float64(a[i*lda+p])
				}
				bt := func(p, j int) float64 {
					if tB {
						return float64(b[j*ldb+p])
					}
					return float64(b[p*ldb+j])
				}
				const alpha = 0.5
				want := make([]float64, m*n)
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						var s float64
						for p := 0; p < k; p++ {
							s += at(i, p) * bt(p, j)
						}
						want[i*n+j] = alpha * s
						if beta != 0 {
							want[i*n+j] += float64(beta) * float64(c[i*ldc+j])
						}
					}
				}
				got := append([]float32(nil), c...)
				Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, got, ldc)
				old := runtime.GOMAXPROCS(1)
				one := append([]float32(nil), c...)
				Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, one, ldc)
				runtime.GOMAXPROCS(old)
				for _, mk := range microKernels() {
					other := append([]float32(nil), c...)
					sgemm(mk, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, other, ldc)
					for i := range other {
						if other[i] != got[i] {
							t.Fatalf("%v tA=%v tB=%v: C[%d] = %v with %s, %v with %s", sh, tA, tB, i, other[i], mk.name, got[i], micro.name)
						}
					}
				}
				for i := 0; i < m; i++ {
					for j := 0; j < ldc; j++ {
						g := got[i*ldc+j]
						if one[i*ldc+j] != g {
							t.Fatalf("%v tA=%v tB=%v: C[%d][%d] = %v on one thread, %v on %d", sh, tA, tB, i, j, one[i*ldc+j], g, old)
						}
						if j >= n {
							if g != c[i*ldc+j] {
								t.Fatalf("%v tA=%v tB=%v: C[%d][%d] past n changed", sh, tA, tB, i, j)
							}
							continue
						}
						if w := want[i*n+j]; math.Abs(float64(g)-w) > 1e-5*(math.Sqrt(float64(k))+math.Abs(w)) {
							t.Fatalf("%v tA=%v tB=%v: C[%d][%d] = %v, want %v", sh, tA, tB, i, j, g, w)
						}
					}
				}
			}
		}
	}
}
