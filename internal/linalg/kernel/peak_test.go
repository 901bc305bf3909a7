package kernel

import "testing"

// BenchmarkMicroKernelPeak is the machine's single-precision peak as Sgemm's
// micro-kernel sees it: every worker runs it on operands in L1, so nothing
// but the FMA units bounds it. Sgemm's GFLOP/s are reported against it.
func BenchmarkMicroKernelPeak(b *testing.B) {
	if !HasSgemm() {
		b.Skip("no AVX2 and FMA here")
	}
	const k = 256
	b.RunParallel(func(pb *testing.PB) {
		a := make([]float32, gemmMR*k)
		bb := make([]float32, gemmNR*k)
		var tile [gemmMR * gemmNR]float32
		for pb.Next() {
			sgemm6x16FMA(k, &a[0], &bb[0], &tile[0], gemmNR, 1, 1)
		}
	})
	b.ReportMetric(float64(2*gemmMR*gemmNR*k)/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
}
