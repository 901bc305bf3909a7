package kernel

// SitesBlock is the largest number of sites FusedSites takes per call: the
// lanes' products of (1 + e) ∈ [1, 2] then stay below 2^64.
const SitesBlock = 512

// FusedSites is the vector body of the PL forward pass (plm's fusedSites)
// for one pattern's sites k < done, done = len(xs) rounded down to a
// multiple of 8 (0 without AVX2): with u_k = m2l·s_k h_k (m2l = −2λ) it
// sets S_k = (c s_k)·σ(u_k) exactly as the scalar loop does (the same
// operations in the same order, no fused multiply-add), and returns lin =
// Σ_{u>0} u_k and prod = Π (1 + e^{−|u_k|}), summed and multiplied in eight
// lanes (so in another order than the scalar loop, and the same with AVX2
// as with AVX-512), and whether some
// s_k h_k ≤ 0. len(xs) ≤ SitesBlock; hs and ss have len(xs).
func FusedSites(xs, hs, ss []float32, m2l, c float64) (lin, prod float64, bad bool, done int) {
	n := len(xs) &^ 7
	if !(hasAVX512 || hasAVX2) || n == 0 {
		return 0, 1, false, 0
	}
	if len(xs) > SitesBlock || len(hs) < len(xs) || len(ss) < len(xs) {
		panic("kernel: FusedSites block too long or slices too short")
	}
	var out [16]float64
	var b int
	if hasAVX512 {
		b = fusedSitesAVX512(&xs[0], &hs[0], &ss[0], n, m2l, c, &out)
	} else {
		b = fusedSitesAVX2(&xs[0], &hs[0], &ss[0], n, m2l, c, &out)
	}
	prod = 1
	for l := 0; l < 8; l++ {
		lin += out[l]
		prod *= out[8+l]
	}
	return lin, prod, b != 0, n
}
