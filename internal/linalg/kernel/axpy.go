package kernel

// AxpyMixed computes y += alpha·x for float32 x and float64 y, converting
// each x exactly. The dynamics keep couplings in float32 (half the memory
// traffic of a flip) and fields in float64 (so sums of float32 couplings
// stay exact); this is their flip kernel. On amd64 it runs in assembly,
// eight lanes at a time with AVX-512, four with AVX2; the result is the
// same either way (alpha·x then +, each rounded once as in the scalar loop).
func AxpyMixed(alpha float64, x []float32, y []float64) {
	y = y[:len(x)]
	if hasAVX512 && len(x) >= 32 {
		axpyMixedAVX512(alpha, x, y)
		return
	}
	if hasAVX2 && len(x) >= 16 {
		axpyMixedAVX2(alpha, x, y)
		return
	}
	axpyMixedGo(alpha, x, y)
}

func axpyMixedGo(alpha float64, x []float32, y []float64) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += float64(alpha * float64(v)) // the conversion forbids fusing into an FMA
	}
}

// AxpyMixed4 is four AxpyMixed calls, y += a[k]·x[k] for k = 0…3 in
// order, with the same result bit for bit, reading and writing y once (the
// fields are most of a flip's memory traffic). All x[k] have len(y).
func AxpyMixed4(a [4]float64, x [4][]float32, y []float64) {
	n := len(y)
	for _, c := range x {
		_ = c[:n]
	}
	done := 0
	if (hasAVX512 || hasAVX2) && n >= 8 {
		done = n &^ 7
		var c [4]*float32
		for k := range c {
			c[k] = &x[k][0]
		}
		if hasAVX512 {
			axpyMixed4AVX512(&a, &c, &y[0], done)
		} else {
			axpyMixed4AVX2(&a, &c, &y[0], done)
		}
	}
	for k := range 4 {
		axpyMixedGo(a[k], x[k][done:n], y[done:])
	}
}
