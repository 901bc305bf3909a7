package linalg

import "github.com/plmlab/plmlab/internal/linalg/kernel"

// AxpyMixed computes y += alpha·x for float32 x and float64 y, converting
// each x exactly. The dynamics keep couplings in float32 (half the memory
// traffic of a flip) and fields in float64 (so sums of float32 couplings
// stay exact); this is their flip kernel (AVX-512 or AVX2 assembly on
// amd64).
func AxpyMixed(alpha float64, x []float32, y []float64) { kernel.AxpyMixed(alpha, x, y) }

// SignMismatch marks in mask (bit i of word i/64) the spins x_i = ±1 that
// disagree with sign(h_i), sign(h) = +1 for h ≥ 0, and returns how many
// there are: the flips of one synchronous step (AVX-512 on amd64).
func SignMismatch(h, x []float64, mask []uint64) int { return kernel.SignMismatch(h, x, mask) }

// AxpyMixed4 is four AxpyMixed calls in order (same result bit for bit)
// reading and writing y once.
func AxpyMixed4(a [4]float64, x [4][]float32, y []float64) { kernel.AxpyMixed4(a, x, y) }

// RowStrip is the strip width SumRows and AddRows run in assembly.
const RowStrip = kernel.RowStrip

// SumRows sets dst = Σ_k base[offs[k]:offs[k]+len(dst)], in the order of
// offs: a Potts sequence's fields, one coupling row per site.
func SumRows(dst, base []float32, offs []int) { kernel.SumRows(dst, base, offs) }

// AddRows adds src to base[offs[k]:offs[k]+len(src)] for every k in order:
// a Potts sequence's share of the gradient.
func AddRows(base []float32, offs []int, src []float32) { kernel.AddRows(base, offs, src) }

// FusedSites is the AVX-512 body of the PL forward pass for up to
// kernel.SitesBlock sites (see kernel.FusedSites); done = 0 without AVX-512.
func FusedSites(xs, hs, ss []float32, m2l, c float64) (lin, prod float64, bad bool, done int) {
	return kernel.FusedSites(xs, hs, ss, m2l, c)
}
