package kernel

import "testing"

// BenchmarkMicroKernelPeak is the machine's single-precision peak as each
// of Sgemm's micro-kernels sees it: every worker runs it on operands in
// L1, so nothing but the FMA units bounds it. Sgemm's GFLOP/s are reported
// against the best of them.
func BenchmarkMicroKernelPeak(b *testing.B) {
	for _, mk := range microKernels() {
		b.Run(mk.name, func(b *testing.B) {
			const k = 256
			b.RunParallel(func(pb *testing.PB) {
				a := make([]float32, mk.mr*k)
				bb := make([]float32, mk.nr*k)
				tile := make([]float32, mk.mr*mk.nr)
				for pb.Next() {
					mk.fn(k, &a[0], &bb[0], &tile[0], mk.nr, 1, 1)
				}
			})
			b.ReportMetric(float64(2*mk.mr*mk.nr*k)/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
		})
	}
}

// microKernels lists the micro-kernels this CPU runs, best first.
func microKernels() []microKernel {
	var ks []microKernel
	if hasAVX512 {
		ks = append(ks, pickMicro(true, true))
	}
	if hasFMA {
		ks = append(ks, pickMicro(false, true))
	}
	return ks
}
