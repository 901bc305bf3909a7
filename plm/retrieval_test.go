package plm

import (
	"math"
	"testing"
)

func TestRetrieve(t *testing.T) {
	n := 200
	xi := randomPatterns(t, 40, n, 40)
	J, _ := PseudoInverse{}.Couplings(bg, xi)
	// Stored patterns come back to themselves and are their own nearest.
	r, err := Retrieve(bg, J, xi, xi, Dynamics{})
	if err != nil {
		t.Fatal(err)
	}
	for mu := range r.Self {
		if r.Self[mu] != 1 || r.Nearest[mu] != mu || r.NearestOverlap[mu] != 1 || !r.FixedPoint[mu] {
			t.Fatalf("pattern %d: self %v nearest %d (%v)", mu, r.Self[mu], r.Nearest[mu], r.NearestOverlap[mu])
		}
	}
	// Nearest agrees with a brute-force search.
	noisy := randomPatterns(t, 300, n, 41)
	r, _ = Retrieve(bg, J, noisy, xi, Dynamics{MaxSteps: 2, FixedSteps: true})
	o, _ := OverlapMatrix(r.Final, xi)
	for a := range o {
		bi := 0
		for b := range o[a] {
			if o[a][b] > o[a][bi] {
				bi = b
			}
		}
		if math.Abs(o[a][bi]-r.NearestOverlap[a]) > 1e-9 {
			t.Fatalf("start %d: nearest overlap %v, brute force %v", a, r.NearestOverlap[a], o[a][bi])
		}
	}
	m, se := MeanStdErr([]float64{1, 2, 3, 4})
	if m != 2.5 || math.Abs(se-math.Sqrt(5.0/3/4)) > 1e-12 {
		t.Errorf("MeanStdErr = %v %v", m, se)
	}
	other := randomPatterns(t, 3, 50, 42)
	if _, err := Retrieve(bg, J, xi, other, Dynamics{}); err == nil {
		t.Error("references of another size accepted")
	}
}

func TestNearestOverlaps(t *testing.T) {
	refs := randomPatterns(t, 30, 64, 43)
	x, _ := refs.Subset([]int{7, 3})
	idx, o, err := NearestOverlaps(x, refs)
	if err != nil || idx[0] != 7 || idx[1] != 3 || o[0] != 1 || o[1] != 1 {
		t.Errorf("nearest %v %v %v", idx, o, err)
	}
	if _, _, err := NearestOverlaps(x, randomPatterns(t, 3, 10, 1)); err == nil {
		t.Error("references of another size accepted")
	}
}
