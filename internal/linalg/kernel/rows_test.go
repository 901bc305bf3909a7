package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The row gather and scatter agree bit for bit with the Go loops, for the
// 64-column strip (assembly) and other widths (Go), including a row that
// appears twice.
func TestRowsMatchGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	const stride = 200
	base := make([]float32, 50*stride)
	for i := range base {
		base[i] = float32(rng.NormFloat64() * math.Pow(2, float64(rng.IntN(30)-15)))
	}
	for _, w := range []int{1, 17, 63, RowStrip} {
		for _, n := range []int{1, 2, 7, 40} {
			offs := make([]int, n)
			for k := range offs {
				offs[k] = rng.IntN(50)*stride + rng.IntN(stride-w+1)
			}
			if n > 2 {
				offs[2] = offs[0]
			}
			got, want := make([]float32, w), make([]float32, w)
			for i := range got {
				got[i] = 123 // SumRows overwrites
			}
			SumRows(got, base, offs)
			sumRowsGo(want, base, offs)
			src := make([]float32, w)
			for i := range src {
				src[i] = float32(rng.NormFloat64())
			}
			b1 := append([]float32(nil), base...)
			b2 := append([]float32(nil), base...)
			AddRows(b1, offs, src)
			addRowsGo(b2, offs, src)
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("w=%d n=%d: SumRows[%d] = %v, Go loop %v", w, n, i, got[i], want[i])
				}
			}
			for i := range b1 {
				if math.Float32bits(b1[i]) != math.Float32bits(b2[i]) {
					t.Fatalf("w=%d n=%d: AddRows base[%d] = %v, Go loop %v", w, n, i, b1[i], b2[i])
				}
			}
			// The other instruction set, where the CPU has it.
			if w == RowStrip && hasAVX2 {
				got2 := make([]float32, w)
				sumRows64AVX2(&got2[0], &base[0], &offs[0], n, len(base)-RowStrip)
				b3 := append([]float32(nil), base...)
				addRows64AVX2(&b3[0], &offs[0], n, &src[0], len(base)-RowStrip)
				for i := range got2 {
					if got2[i] != want[i] {
						t.Fatalf("w=%d n=%d: AVX2 SumRows[%d] = %v, Go loop %v", w, n, i, got2[i], want[i])
					}
				}
				for i := range b3 {
					if b3[i] != b2[i] {
						t.Fatalf("w=%d n=%d: AVX2 AddRows base[%d] = %v, Go loop %v", w, n, i, b3[i], b2[i])
					}
				}
			}
		}
	}
}

// A row outside base is a programming error caught before the assembly.
func TestRowsOutOfRange(t *testing.T) {
	for _, offs := range [][]int{{-1}, {100 - RowStrip + 1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("offsets %v: no panic", offs)
				}
			}()
			SumRows(make([]float32, RowStrip), make([]float32, 100), offs)
		}()
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("AddRows at offsets %v: no panic", offs)
				}
			}()
			AddRows(make([]float32, 100), append([]int{0}, offs...), make([]float32, RowStrip))
		}()
	}
}
