package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The assembly kernel and the Go loop agree bit for bit, at every length
// around the 16-element blocks and for values whose products round.
func TestAxpyMixedMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 1000, 1023} {
		for _, alpha := range []float64{2, -2, 0.1, -1.0 / 3} {
			x := make([]float32, n)
			for i := range x {
				x[i] = float32(rng.NormFloat64() * math.Pow(2, float64(rng.IntN(40)-20)))
			}
			y1 := make([]float64, n)
			for i := range y1 {
				y1[i] = rng.NormFloat64()
			}
			y2 := append([]float64(nil), y1...)
			y3 := append([]float64(nil), y1...)
			y4 := append([]float64(nil), y1...)
			if n > 0 {
				// Four columns at once, against four single calls.
				x2, x3 := make([]float32, n), make([]float32, n)
				for i := range x2 {
					x2[i], x3[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64()*1e-3)
				}
				a4 := [4]float64{alpha, -2, 2, 0.5}
				cols := [4][]float32{x, x2, x3, x}
				y6 := append([]float64(nil), y2...)
				y7 := append([]float64(nil), y2...)
				AxpyMixed4(a4, cols, y6)
				for k, c := range cols {
					axpyMixedGo(a4[k], c, y7)
				}
				for i := range y6 {
					if math.Float64bits(y6[i]) != math.Float64bits(y7[i]) {
						t.Fatalf("n=%d: AxpyMixed4 y[%d] = %v, four calls %v", n, i, y6[i], y7[i])
					}
				}
				// The AVX2 kernel also where AVX-512 would be chosen.
				if done := n &^ 7; hasAVX2 && done > 0 {
					y8 := append([]float64(nil), y2...)
					c := [4]*float32{&x[0], &x2[0], &x3[0], &x[0]}
					axpyMixed4AVX2(&a4, &c, &y8[0], done)
					for i := range done {
						if math.Float64bits(y8[i]) != math.Float64bits(y7[i]) {
							t.Fatalf("n=%d: axpyMixed4AVX2 y[%d] = %v, four calls %v", n, i, y8[i], y7[i])
						}
					}
				}
			}
			axpyMixedGo(alpha, x, y2)
			AxpyMixed(alpha, x, y1)
			if n >= 16 && hasAVX2 {
				axpyMixedAVX2(alpha, x, y3)
			} else {
				copy(y3, y2)
			}
			if n >= 32 && hasAVX512 {
				axpyMixedAVX512(alpha, x, y4)
			} else {
				copy(y4, y2)
			}
			for i := range y1 {
				for k, y := range [][]float64{y1, y3, y4} {
					if math.Float64bits(y[i]) != math.Float64bits(y2[i]) {
						t.Fatalf("n=%d α=%v: y[%d] = %v (kernel %d), %v (Go)", n, alpha, i, y[i], k, y2[i])
					}
				}
			}
		}
	}
}

// The flip kernel against a float64 axpy loop it replaces, at N = 1000.
func BenchmarkAxpyMixed(b *testing.B) {
	x, x64, y := make([]float32, 1000), make([]float64, 1000), make([]float64, 1000)
	for i := range x {
		x[i] = float32(i) / 1000
		x64[i] = float64(x[i])
	}
	b.Run("mixed", func(b *testing.B) {
		for b.Loop() {
			AxpyMixed(2, x, y)
		}
	})
	b.Run("Daxpy", func(b *testing.B) {
		for b.Loop() {
			for i, v := range x64 {
				y[i] += 2 * v
			}
		}
	})
}
