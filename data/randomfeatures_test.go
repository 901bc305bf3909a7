package data

import (
	"math"
	"testing"

	"github.com/plmlab/plmlab/plm"
)

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// The overlap of an example with one of its L features is, for odd L,
// C(L−1, (L−1)/2)/2^(L−1) (the feature decides the sign when the others tie).
func TestRandomFeaturesStatistics(t *testing.T) {
	for _, c := range []struct {
		l    int
		want float64
	}{{1, 1}, {3, 0.5}, {5, 0.375}} {
		rf := RandomFeatures{N: 2000, D: 50, L: c.l, Seed: 1}
		fd, err := rf.Generate(200, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Example magnetisation ≈ 0.
		var m float64
		for _, v := range fd.Train.Data {
			m += float64(v)
		}
		if m /= float64(len(fd.Train.Data)); math.Abs(m) > 0.01 {
			t.Errorf("L=%d: magnetisation %v", c.l, m)
		}
		// |overlap| with the features: L of them at ≈ want, the rest ≈ 0.
		o, _ := plm.OverlapMatrix(fd.Train, fd.Features)
		var top []float64
		for _, row := range o {
			cnt := 0
			for _, v := range row {
				if math.Abs(v) > 0.2 {
					top = append(top, math.Abs(v))
					cnt++
				}
			}
			if cnt != c.l {
				t.Fatalf("L=%d: an example overlaps %d features", c.l, cnt)
			}
		}
		if got := mean(top); math.Abs(got-c.want) > 0.02 {
			t.Errorf("L=%d: overlap with own features %v, want %v", c.l, got, c.want)
		}
	}
	// Features are independent: overlaps ~ N(0, 1/N).
	fd, _ := RandomFeatures{N: 1000, D: 80, Seed: 2}.Generate(5, 0)
	o, _ := plm.OverlapMatrix(fd.Features, fd.Features)
	var s2 float64
	k := 0
	for a := range o {
		for b := a + 1; b < len(o); b++ {
			s2 += o[a][b] * o[a][b]
			k++
		}
	}
	if v := s2 / float64(k) * 1000; math.Abs(v-1) > 0.15 {
		t.Errorf("feature overlap variance × N = %v, want 1", v)
	}
	if fd.Test != nil {
		t.Error("test set drawn for pTest = 0")
	}
}

// With an even L ties occur and are broken at random: still ±1, and the
// same seed gives the same data while train and test differ.
func TestRandomFeaturesTiesAndSeeds(t *testing.T) {
	rf := RandomFeatures{N: 300, D: 10, L: 2, Seed: 5}
	a, _ := rf.Generate(20, 20)
	b, _ := rf.Generate(20, 20)
	if err := a.Train.Validate(); err != nil {
		t.Fatal(err)
	}
	same := true
	for k := range a.Train.Data {
		if a.Train.Data[k] != b.Train.Data[k] {
			t.Fatal("same seed, different examples")
		}
		if a.Train.Data[k] != a.Test.Data[k] {
			same = false
		}
	}
	if same {
		t.Error("test examples equal the training ones")
	}
	for _, bad := range []RandomFeatures{{N: 0, D: 3}, {N: 5, D: 3, L: 4}, {N: 5, D: 3, L: -1}} {
		if _, err := bad.Generate(1, 1); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
