package kernel

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// SignMismatch against the definition, with zeros, −0, NaN and ±Inf among
// the fields and lengths around the 8-element blocks.
func TestSignMismatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 1e-300, -1e-300}
	for _, n := range []int{0, 1, 7, 8, 9, 63, 64, 65, 1000} {
		h, x := make([]float64, n), make([]float64, n)
		for i := range h {
			h[i] = rng.NormFloat64()
			if rng.IntN(4) == 0 {
				h[i] = special[rng.IntN(len(special))]
			}
			x[i] = float64(2*rng.IntN(2) - 1)
		}
		mask := make([]uint64, (n+63)/64)
		for k := range mask {
			mask[k] = ^uint64(0) // must be cleared
		}
		got := SignMismatch(h, x, mask)
		want := 0
		for i := range h {
			s := -1.0
			if h[i] >= 0 {
				s = 1
			}
			bit := mask[i/64]>>(i%64)&1 == 1
			if bit != (s != x[i]) {
				t.Fatalf("n=%d: bit %d = %v for h=%v x=%v", n, i, bit, h[i], x[i])
			}
			if s != x[i] {
				want++
			}
		}
		if got != want {
			t.Fatalf("n=%d: count %d, want %d", n, got, want)
		}
		// The AVX2 kernel also where AVX-512 would be chosen.
		if done := n &^ 7; hasAVX2 && done > 0 {
			m2 := make([]uint64, len(mask))
			signMismatchAVX2(h[:done], x[:done], m2)
			for i := range done {
				if m2[i/64]>>(i%64)&1 != mask[i/64]>>(i%64)&1 {
					t.Fatalf("n=%d: signMismatchAVX2 bit %d differs", n, i)
				}
			}
		}
	}
}

// The CPU's description is printable and says what runs.
func TestCPUDescription(t *testing.T) {
	name, micro := CPUName(), Micro()
	t.Logf("CPU %q, Sgemm micro-kernel %q", name, micro)
	for _, r := range name {
		if r < ' ' || r > '~' {
			t.Fatalf("CPU name %q has an unprintable character", name)
		}
	}
	if (micro == "") != !hasFMA || strings.Contains(micro, "AVX-512") != hasAVX512 {
		t.Fatalf("micro-kernel %q with FMA = %v, AVX-512 = %v", micro, hasFMA, hasAVX512)
	}
}
