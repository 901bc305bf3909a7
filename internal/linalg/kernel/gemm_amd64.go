package kernel

var hasFMA = detectFMA()

// detectFMA reports FMA3 alongside AVX2 (and the OS saving YMM state).
func detectFMA() bool {
	_, _, c1, _ := cpuid(1, 0)
	return detectAVX2() && c1&(1<<12) != 0
}

// sgemm6x16FMA sets tile = Σ_p a[p·6 + r]·b[p·16 + j] over k ≥ 1 steps: the
// micro-kernel of Sgemm.
//
//go:noescape
func sgemm6x16FMA(k int, a, b *float32, tile *[gemmMR * gemmNR]float32)
