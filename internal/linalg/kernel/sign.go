package kernel

import "math/bits"

// SignMismatch sets bit i of mask (bit i%64 of word i/64) when
// sign(h_i) ≠ x_i, with sign(h) = +1 for h ≥ 0 and −1 otherwise (NaN
// included), for spins x_i = ±1, and clears the others. It returns the
// number of bits set. mask needs (len(h)+63)/64 words.
func SignMismatch(h, x []float64, mask []uint64) int {
	n := len(h)
	x, mask = x[:n], mask[:(n+63)/64]
	clear(mask)
	done := 0
	if (hasAVX512 || hasAVX2) && n >= 8 {
		done = n &^ 7
		if hasAVX512 {
			signMismatchAVX512(h[:done], x[:done], mask)
		} else {
			signMismatchAVX2(h[:done], x[:done], mask)
		}
	}
	for i := done; i < n; i++ {
		if (h[i] >= 0) == (x[i] < 0) {
			mask[i>>6] |= 1 << (i & 63)
		}
	}
	count := 0
	for _, w := range mask {
		count += bits.OnesCount64(w)
	}
	return count
}
