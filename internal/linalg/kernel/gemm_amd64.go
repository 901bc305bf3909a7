package kernel

var hasFMA = detectFMA()

// detectFMA reports FMA3 alongside AVX2 (and the OS saving YMM state).
func detectFMA() bool {
	_, _, c1, _ := cpuid(1, 0)
	return detectAVX2() && c1&(1<<12) != 0
}

// micro is Sgemm's micro-kernel on this CPU: 12×32 tiles in ZMM registers
// with AVX-512, else 6×16 in YMM with AVX2 and FMA.
var micro = pickMicro(hasAVX512, hasFMA)

func pickMicro(avx512, fma bool) microKernel {
	switch {
	case avx512:
		return microKernel{"12×32 AVX-512", 12, 32, sgemm12x32AVX512}
	case fma:
		return microKernel{"6×16 AVX2/FMA", 6, 16, sgemm6x16FMA}
	}
	return microKernel{}
}

// sgemm6x16FMA adds alpha·Σ_p a[p·6 + r]·b[p·16 + j] (k ≥ 1 steps) to
// c[r·ldc + j] for the 6×16 tile, with one FMA per element, or with add = 0
// stores it: the micro-kernel of Sgemm.
//
//go:noescape
func sgemm6x16FMA(k int, a, b, c *float32, ldc int, alpha float32, add int)

// sgemm12x32AVX512 is sgemm6x16FMA on a 12×32 tile (a[p·12 + r],
// b[p·32 + j]), element by element the same operations.
//
//go:noescape
func sgemm12x32AVX512(k int, a, b, c *float32, ldc int, alpha float32, add int)
