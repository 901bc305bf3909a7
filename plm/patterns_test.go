package plm

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestNewPatternsErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		rows [][]float64
		want string
	}{
		{"empty set", nil, "empty set"},
		{"empty pattern", [][]float64{{}}, "pattern 0 is empty"},
		{"ragged", [][]float64{{1, -1}, {1}}, "pattern 1 has 1 spins"},
		{"zero spin", [][]float64{{1, 0}}, "spin 1 is 0"},
		{"NaN", [][]float64{{math.NaN(), 1}}, "spin 0 is NaN"},
		{"two", [][]float64{{1, -1}, {2, 1}}, "pattern 1, spin 0 is 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewPatterns(c.rows)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to mention %q", err, c.want)
			}
		})
	}
	if _, err := PatternsFromData(2, 2, []float32{1, 1, 1}); err == nil {
		t.Error("PatternsFromData accepted 3 values for 2×2")
	}
	if _, err := RandomPatterns(0, 3, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("RandomPatterns accepted P = 0")
	}
	if _, err := RandomPatterns(3, 3, nil); err == nil {
		t.Error("RandomPatterns accepted a nil generator")
	}
}

func TestRandomPatternsStatistics(t *testing.T) {
	xi := randomPatterns(t, 200, 500, 1)
	if err := xi.Validate(); err != nil {
		t.Fatal(err)
	}
	var m float64
	for _, v := range xi.Data {
		m += float64(v)
	}
	m /= float64(len(xi.Data))
	// Mean of 1e5 unbiased spins: standard deviation 0.0032.
	if math.Abs(m) > 0.015 {
		t.Errorf("magnetisation %v, want ≈ 0", m)
	}
	again := randomPatterns(t, 200, 500, 1)
	for k := range xi.Data {
		if xi.Data[k] != again.Data[k] {
			t.Fatal("same seed gave different patterns")
		}
	}
	// Off-diagonal overlaps ~ N(0, 1/N); diagonal exactly 1.
	o, err := OverlapMatrix(xi, xi)
	if err != nil {
		t.Fatal(err)
	}
	var off []float64
	for a := range o {
		if o[a][a] != 1 {
			t.Fatalf("self-overlap %v", o[a][a])
		}
		for b := a + 1; b < len(o); b++ {
			off = append(off, o[a][b])
		}
	}
	mean, std := meanStd(off)
	if math.Abs(mean) > 0.005 || math.Abs(std*math.Sqrt(500)-1) > 0.05 {
		t.Errorf("overlaps mean %v std·√N %v, want 0 and 1", mean, std*math.Sqrt(500))
	}
}

func TestOverlap(t *testing.T) {
	a := []float32{1, 1, -1, -1}
	b := []float32{1, -1, -1, 1}
	if m, _ := Overlap(a, a); m != 1 {
		t.Errorf("self overlap %v", m)
	}
	if m, _ := Overlap(a, b); m != 0 {
		t.Errorf("orthogonal overlap %v", m)
	}
	if _, err := Overlap(a, b[:3]); err == nil {
		t.Error("overlap of unequal lengths accepted")
	}
	x, _ := NewPatterns([][]int{{1, 1, -1, -1}})
	y, _ := NewPatterns([][]int{{1, 1, -1}})
	if _, err := OverlapMatrix(x, y); err == nil {
		t.Error("overlap matrix of different N accepted")
	}
}
