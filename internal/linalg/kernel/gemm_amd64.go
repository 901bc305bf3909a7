package kernel

var hasFMA = detectFMA()

// detectFMA reports FMA3 alongside AVX2 (and the OS saving YMM state).
func detectFMA() bool {
	_, _, c1, _ := cpuid(1, 0)
	return detectAVX2() && c1&(1<<12) != 0
}

// sgemm6x16FMA adds alpha·Σ_p a[p·6 + r]·b[p·16 + j] (k ≥ 1 steps) to
// c[r·ldc + j] for the 6×16 tile, with one FMA per element, or with add = 0
// stores it: the micro-kernel of Sgemm.
//
//go:noescape
func sgemm6x16FMA(k int, a, b, c *float32, ldc int, alpha float32, add int)
