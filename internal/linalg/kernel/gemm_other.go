//go:build !amd64

package kernel

const hasFMA = false

var micro microKernel

func pickMicro(avx512, fma bool) microKernel { return microKernel{} }

func sgemm6x16FMA(k int, a, b, c *float32, ldc int, alpha float32, add int) { panic("kernel: no FMA") }

func sgemm12x32AVX512(k int, a, b, c *float32, ldc int, alpha float32, add int) {
	panic("kernel: no AVX-512")
}
