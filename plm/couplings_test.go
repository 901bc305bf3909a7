package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCouplingsValidate(t *testing.T) {
	if _, err := CouplingsFromRows([][]float64{{0, 1}, {1}}); err == nil {
		t.Error("ragged rows accepted")
	}
	if _, err := CouplingsFromRows([][]float64{{0, math.Inf(1)}, {1, 0}}); err == nil || !strings.Contains(err.Error(), "J[0][1]") {
		t.Errorf("infinite coupling: %v", err)
	}
	J, err := CouplingsFromRows([][]float64{{5, 1}, {2, 7}})
	if err != nil {
		t.Fatal(err)
	}
	if J.At(0, 0) != 0 || J.At(1, 1) != 0 {
		t.Error("diagonal not zeroed")
	}
	J.W[0] = 1
	if err := J.Validate(); err == nil || !strings.Contains(err.Error(), "diagonal") {
		t.Errorf("non-zero diagonal: %v", err)
	}
	xi, _ := NewPatterns([][]int{{1, 1, 1}})
	J.W[0] = 0
	if _, err := Stabilities(J, xi); err == nil || !strings.Contains(err.Error(), "N=3") {
		t.Errorf("size mismatch: %v", err)
	}
}

func TestSymmetryMeasures(t *testing.T) {
	for _, c := range []struct {
		name      string
		rows      [][]float64
		sym, asym float64
	}{
		{"symmetric", [][]float64{{0, 1, 2}, {1, 0, -3}, {2, -3, 0}}, 1, 0},
		{"antisymmetric", [][]float64{{0, 1, 2}, {-1, 0, -3}, {-2, 3, 0}}, -1, 1},
		{"one-way", [][]float64{{0, 1, 0}, {0, 0, 0}, {0, 0, 0}}, 0, 0.5},
	} {
		J, _ := CouplingsFromRows(c.rows)
		if s, a := J.Symmetry(), J.Asymmetry(); math.Abs(s-c.sym) > 1e-12 || math.Abs(a-c.asym) > 1e-12 {
			t.Errorf("%s: symmetry %v asymmetry %v, want %v %v", c.name, s, a, c.sym, c.asym)
		}
	}
}

func TestStabilitiesConvention(t *testing.T) {
	// Row 0 = (0, 3, 4): ‖J_0‖ = 5; pattern (1, 1, −1): h_0 = 3 − 4 = −1.
	J, _ := CouplingsFromRows([][]float64{{0, 3, 4}, {1, 0, 0}, {0, 0, 0}})
	xi, _ := NewPatterns([][]int{{1, 1, -1}})
	d, err := Stabilities(J, xi)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{-1.0 / 5, 1, 0}
	for i := range want {
		if math.Abs(d[i]-want[i]) > 1e-7 {
			t.Errorf("Δ_%d = %v, want %v", i, d[i], want[i])
		}
	}
	if f, _ := FixedPointFraction(J, xi); f != 0 {
		t.Errorf("pattern with Δ<0 counted as stored: %v", f)
	}
	if got := J.RowNorms(); got[0] != 5 || got[1] != 1 || got[2] != 0 {
		t.Errorf("row norms %v", got)
	}
	if got := J.MeanRowNorm(); math.Abs(got-2) > 1e-12 {
		t.Errorf("mean row norm %v, want 2", got)
	}
}

func TestRowMargins(t *testing.T) {
	xi, _ := RandomPatterns(40, 100, rand.New(rand.NewPCG(5, 5)))
	J, err := Perceptron{Kappa: 0.5}.Couplings(context.Background(), xi)
	if err != nil {
		t.Fatal(err)
	}
	m, err := RowMargins(J, xi)
	if err != nil {
		t.Fatal(err)
	}
	// A perceptron with margin κ leaves every stability at κ or above.
	for i, v := range m {
		if v < 0.5-1e-9 {
			t.Errorf("row %d: margin %v below κ = 0.5", i, v)
		}
	}
	// Hebb's couplings at α = 0.4 do not store: some rows have a negative margin.
	h, _ := Hebb{}.Couplings(context.Background(), xi)
	mh, _ := RowMargins(h, xi)
	neg := 0
	for _, v := range mh {
		if v < 0 {
			neg++
		}
	}
	if neg == 0 {
		t.Error("Hebb at α = 0.4 has no negative row margin")
	}
	if _, err := RowMargins(J, &Patterns{P: 1, N: 3, Data: []float32{1, 1, 1}}); err == nil {
		t.Error("patterns of the wrong size accepted")
	}
}

func TestRescaleRows(t *testing.T) {
	xi, _ := RandomPatterns(20, 50, rand.New(rand.NewPCG(31, 1)))
	J, _ := PseudoLikelihood{Epochs: 50}.Couplings(context.Background(), xi)
	before, _ := FixedPointFraction(J, xi)
	h0, _ := J.LocalFields(xi)
	if err := J.RescaleRows(0.7); err != nil {
		t.Fatal(err)
	}
	for i, r := range J.RowNorms() {
		if math.Abs(r-0.7) > 1e-6 {
			t.Errorf("row %d has norm %v", i, r)
		}
	}
	h1, _ := J.LocalFields(xi)
	for k := range h0 {
		if (h0[k] > 0) != (h1[k] > 0) {
			t.Fatal("rescaling rows changed the sign of a field")
		}
	}
	if after, _ := FixedPointFraction(J, xi); after != before {
		t.Errorf("stored fraction %v → %v", before, after)
	}
	for _, bad := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if J.RescaleRows(bad) == nil {
			t.Errorf("norm %v accepted", bad)
		}
	}
}
