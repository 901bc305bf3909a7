package kernel

var hasAVX2, hasAVX512 = detectAVX2(), detectAVX512()

// detectAVX2 reports AVX2 in the CPU and YMM state saved by the OS.
func detectAVX2() bool {
	_, _, c1, _ := cpuid(1, 0)
	const osxsave, avx = 1 << 27, 1 << 28
	if c1&osxsave == 0 || c1&avx == 0 {
		return false
	}
	if eax, _ := xgetbv(); eax&6 != 6 { // XMM and YMM state
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}

// detectAVX512 reports AVX-512F in the CPU and ZMM state saved by the OS.
func detectAVX512() bool {
	if !detectAVX2() {
		return false
	}
	if eax, _ := xgetbv(); eax&0xe6 != 0xe6 { // XMM, YMM, opmask, ZMM
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<16) != 0
}

func cpuid(leaf, sub uint32) (a, b, c, d uint32)
func xgetbv() (eax, edx uint32)

// axpyMixedAVX2 is AxpyMixed for len(x) ≥ 16, len(y) ≥ len(x).
//
//go:noescape
func axpyMixedAVX2(alpha float64, x []float32, y []float64)

// axpyMixedAVX512 is AxpyMixed for len(x) ≥ 32, len(y) ≥ len(x).
//
//go:noescape
func axpyMixedAVX512(alpha float64, x []float32, y []float64)

// signMismatchAVX512 is SignMismatch for a multiple of 8 elements.
//
//go:noescape
func signMismatchAVX512(h, x []float64, mask []uint64)

// axpyMixed4AVX512 applies four columns at once; see the assembly.
//
//go:noescape
func axpyMixed4AVX512(a *[4]float64, c *[4]*float32, y *float64, n int)

// axpyMixed4AVX2 is axpyMixed4AVX512 in four lanes.
//
//go:noescape
func axpyMixed4AVX2(a *[4]float64, c *[4]*float32, y *float64, n int)

// signMismatchAVX2 is signMismatchAVX512 in four lanes.
//
//go:noescape
func signMismatchAVX2(h, x []float64, mask []uint64)

// sumRows64AVX512 is SumRows for 64 columns and n ≥ 1 rows;
// it stops with bad = 1 at the first offset above last (unsigned).
//
//go:noescape
func sumRows64AVX512(dst, base *float32, offs *int, n, last int) (bad int)

// sumRows64AVX2 is SumRows for 64 columns and n ≥ 1 rows;
// it stops with bad = 1 at the first offset above last (unsigned).
//
//go:noescape
func sumRows64AVX2(dst, base *float32, offs *int, n, last int) (bad int)

// addRows64AVX512 is AddRows for 64 columns and n ≥ 1 rows;
// it stops with bad = 1 at the first offset above last (unsigned).
//
//go:noescape
func addRows64AVX512(base *float32, offs *int, n int, src *float32, last int) (bad int)

// addRows64AVX2 is AddRows for 64 columns and n ≥ 1 rows;
// it stops with bad = 1 at the first offset above last (unsigned).
//
//go:noescape
func addRows64AVX2(base *float32, offs *int, n int, src *float32, last int) (bad int)

// fusedSitesAVX512 is FusedSites for n a positive multiple of 8: out[0:8]
// are the lanes' sums of u > 0, out[8:16] their products of 1 + e; bad is
// non-zero if some s h ≤ 0.
//
//go:noescape
func fusedSitesAVX512(xs, hs, ss *float32, n int, m2l, c float64, out *[16]float64) (bad int)

// fusedSitesAVX2 is fusedSitesAVX512 in two halves of four lanes, with the
// same eight lanes in out.
//
//go:noescape
func fusedSitesAVX2(xs, hs, ss *float32, n int, m2l, c float64, out *[16]float64) (bad int)
