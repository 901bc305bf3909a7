package kernel

import (
	"fmt"
	"testing"
)

// BenchmarkSgemmShapes times Sgemm on the shapes of a PL epoch (P = 2000,
// N = 784: H = ξJᵀ is NT, G = Sᵀξ is TN; NN for the rest) and of the
// authors' EA model (P = 4096, N = 1024).
func BenchmarkSgemmShapes(b *testing.B) {
	for _, s := range []struct {
		tA, tB  bool
		m, n, k int
	}{{false, true, 2000, 784, 784}, {true, false, 784, 784, 2000}, {false, false, 784, 784, 784}, {false, true, 4096, 1024, 1024}, {true, false, 1024, 1024, 4096}} {
		b.Run(fmt.Sprintf("%v%v_%dx%dx%d", s.tA, s.tB, s.m, s.n, s.k), func(b *testing.B) {
			a := make([]float32, s.m*s.k)
			bb := make([]float32, s.k*s.n)
			c := make([]float32, s.m*s.n)
			for i := range a {
				a[i] = float32(i%7) - 3
			}
			for i := range bb {
				bb[i] = float32(i%5) - 2
			}
			lda, ldb := s.k, s.n
			if s.tA {
				lda = s.m
			}
			if s.tB {
				ldb = s.k
			}
			for b.Loop() {
				Sgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
			}
			b.ReportMetric(float64(2*s.m*s.n*s.k)/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
		})
	}
}
