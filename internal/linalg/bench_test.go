package linalg

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkTwoGEMMs is the floor of one PL training epoch at P = 2000,
// N = 784: the forward product H = ξJᵀ (P×N×N) and the gradient product
// G = Sᵀξ (N×P×N), nothing else. BenchmarkTrainEpoch is measured against it.
func BenchmarkTwoGEMMs(b *testing.B) {
	p, n := 2000, 784
	rng := rand.New(rand.NewPCG(1, 1))
	x, w := make([]float32, p*n), make([]float32, n*n)
	for k := range x {
		x[k] = float32(2*rng.IntN(2) - 1)
	}
	for k := range w {
		w[k] = float32(rng.NormFloat64())
	}
	h, g := make([]float32, p*n), make([]float32, n*n)
	for b.Loop() {
		Sgemm(false, true, p, n, n, 1, x, n, w, n, 0, h, n)
		Sgemm(true, false, n, n, p, 1, h, n, x, n, 0, g, n)
	}
	b.ReportMetric(float64(4*p*n*n)/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
}
