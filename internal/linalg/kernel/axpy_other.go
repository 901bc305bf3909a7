//go:build !amd64

package kernel

const hasAVX2, hasAVX512 = false, false

func axpyMixedAVX2(alpha float64, x []float32, y []float64) { axpyMixedGo(alpha, x, y) }

func axpyMixedAVX512(alpha float64, x []float32, y []float64) { axpyMixedGo(alpha, x, y) }

func signMismatchAVX512(h, x []float64, mask []uint64) { panic("kernel: no AVX-512") }

func axpyMixed4AVX512(a *[4]float64, c *[4]*float32, y *float64, n int) { panic("kernel: no AVX-512") }
func axpyMixed4AVX2(a *[4]float64, c *[4]*float32, y *float64, n int)   { panic("kernel: no AVX2") }
func signMismatchAVX2(h, x []float64, mask []uint64)                    { panic("kernel: no AVX2") }

func sumRows64AVX512(dst, base *float32, offs *int, n, last int) int { panic("kernel: no AVX-512") }
func sumRows64AVX2(dst, base *float32, offs *int, n, last int) int   { panic("kernel: no AVX2") }
func addRows64AVX512(base *float32, offs *int, n int, src *float32, last int) int {
	panic("kernel: no AVX-512")
}
func addRows64AVX2(base *float32, offs *int, n int, src *float32, last int) int {
	panic("kernel: no AVX2")
}

func fusedSitesAVX512(xs, hs, ss *float32, n int, m2l, c float64, out *[16]float64) int {
	panic("kernel: no AVX-512")
}

func fusedSitesAVX2(xs, hs, ss *float32, n int, m2l, c float64, out *[16]float64) int {
	panic("kernel: no AVX2")
}
