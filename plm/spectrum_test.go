package plm

import (
	"math"
	"testing"
)

func TestSymmetricSpectrum(t *testing.T) {
	const n = 50
	// Curie–Weiss, J_ij = 1/N off the diagonal: (N−1)/N once, −1/N N−1 times.
	cw, _ := NewCouplings(n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				cw.W[i*n+j] = 1.0 / n
			}
		}
	}
	// A purely antisymmetric matrix has a zero symmetric part.
	anti, _ := NewCouplings(n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			anti.W[i*n+j], anti.W[j*n+i] = float32(i+j), -float32(i+j)
		}
	}
	// A ring with J = −1 between neighbours: eigenvalues −2cos(2πk/N).
	ring, _ := NewCouplings(n)
	for i := 0; i < n; i++ {
		ring.W[i*n+(i+1)%n], ring.W[((i+1)%n)*n+i] = -1, -1
	}
	for _, tc := range []struct {
		name     string
		J        *Couplings
		min, max float64
	}{
		{"Curie–Weiss", cw, -1.0 / n, float64(n-1) / n},
		{"antisymmetric", anti, 0, 0},
		{"antiferromagnetic ring", ring, -2, 2},
	} {
		ev, err := tc.J.SymmetricSpectrum()
		if err != nil {
			t.Fatal(tc.name, err)
		}
		var tr float64
		for k, v := range ev {
			tr += v
			if k > 0 && v < ev[k-1] {
				t.Fatalf("%s: eigenvalues not increasing at %d", tc.name, k)
			}
		}
		if math.Abs(ev[0]-tc.min) > 1e-6 || math.Abs(ev[n-1]-tc.max) > 1e-6 || math.Abs(tr) > 1e-5 {
			t.Errorf("%s: extremes %v, %v and trace %v; want %v, %v and 0", tc.name, ev[0], ev[n-1], tr, tc.min, tc.max)
		}
	}
	bad, _ := NewCouplings(3)
	bad.W[0] = 1
	if _, err := bad.SymmetricSpectrum(); err == nil {
		t.Error("a non-zero diagonal was accepted")
	}
}
