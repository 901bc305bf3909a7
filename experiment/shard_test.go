package experiment

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		err  string
	}{
		{"0/3", Shard{0, 3}, ""},
		{" 2 / 3 ", Shard{2, 3}, ""},
		{"0/1", Shard{0, 1}, ""},
		{"3/3", Shard{}, "0 ≤ i < n"},
		{"-1/3", Shard{}, "0 ≤ i < n"},
		{"1/0", Shard{}, "0 ≤ i < n"},
		{"1", Shard{}, "not i/n"},
		{"a/b", Shard{}, "not i/n"},
	} {
		got, err := ParseShard(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseShard(%q): error %v, want one saying %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if n := (Shard{1, 3}).FileName("rf"); n != "rf.shard-1-of-3.json" {
		t.Errorf("file name %q", n)
	}
}

func costs(c ...float64) []GridPoint {
	pts := make([]GridPoint, len(c))
	for k, v := range c {
		pts[k] = GridPoint{Label: "p", Cost: v}
	}
	return pts
}

func TestAssign(t *testing.T) {
	for _, tc := range []struct {
		name  string
		costs []float64
		n     int
		want  [][]int
	}{
		// Longest first to the least loaded: 5→0, 4→1, 3→1 (4 < 5), 3→0 (5 < 7), 3→1 (7 < 8).
		{"LPT", []float64{5, 4, 3, 3, 3}, 2, [][]int{{0, 3}, {1, 2, 4}}},
		// A load grid whose cost grows with α: counting points would give
		// shard 0 the three cheap ones; cost balancing pairs cheap with dear.
		{"growing", []float64{1, 2, 3, 4, 5, 6}, 3, [][]int{{0, 5}, {1, 4}, {2, 3}}},
		{"one shard", []float64{1, 2, 3}, 1, [][]int{{0, 1, 2}}},
		{"one point each", []float64{1, 1, 1}, 3, [][]int{{0}, {1}, {2}}},
		// Equal costs: ties go to the lowest shard, in grid order.
		{"equal", []float64{1, 1, 1, 1}, 2, [][]int{{0, 2}, {1, 3}}},
	} {
		got, err := Assign(costs(tc.costs...), tc.n)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Assign = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
	// Invariants on a larger grid: a partition, every shard non-empty, and
	// the dearest shard within one point of the mean.
	var c []float64
	for k := 1; k <= 29; k++ {
		c = append(c, float64(k*k%17+1))
	}
	for n := 1; n <= len(c); n++ {
		got, err := Assign(costs(c...), n)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]bool{}
		var total, worst float64
		for _, s := range got {
			var load float64
			if len(s) == 0 {
				t.Fatalf("n = %d: an empty shard", n)
			}
			for j, k := range s {
				if seen[k] || (j > 0 && k <= s[j-1]) {
					t.Fatalf("n = %d: shard %v repeats or is out of order", n, s)
				}
				seen[k] = true
				load += c[k]
			}
			total += load
			worst = math.Max(worst, load)
		}
		if len(seen) != len(c) || worst > total/float64(n)+17 {
			t.Errorf("n = %d: %d of %d points assigned, dearest shard %v against a mean %v", n, len(seen), len(c), worst, total/float64(n))
		}
	}
	for _, tc := range []struct {
		costs []float64
		n     int
		err   string
	}{
		{[]float64{1, 2}, 0, "at least 1"},
		{[]float64{1, 2}, 3, "use at most 2"},
		{[]float64{1, math.NaN()}, 1, "positive and finite"},
		{[]float64{1, 0}, 1, "positive and finite"},
		{[]float64{math.Inf(1)}, 1, "positive and finite"},
	} {
		if _, err := Assign(costs(tc.costs...), tc.n); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Assign(%v, %d): error %v, want one saying %q", tc.costs, tc.n, err, tc.err)
		}
	}
}

// Every integer field of every experiment set to 2⁴⁰ and to the largest
// int: Validate never panics, and accepts only counts that cost time, not
// memory (epochs, steps, sweeps; a run of them is cancellable). A count
// that sizes an allocation, or a sum of counts that could wrap, must be
// refused before anything is allocated.
func TestHugeCountsAreRefused(t *testing.T) {
	timeOnly := map[string]bool{"Epochs": true, "PLEpochs": true, "Steps": true, "MLSteps": true, "Long": true, "Short": true,
		"BurnIn": true, "Sweeps": true, "Thin": true, "Eq": true, "MinSep": true, "L": true, "Batch": true,
		"UnlearningSteps": true, "DaydreamingSteps": true}
	for _, e := range All() {
		c := e.Quick()
		v := reflect.ValueOf(c)
		for i := 0; i < v.NumField(); i++ {
			name := v.Type().Field(i).Name
			if v.Field(i).Kind() != reflect.Int {
				continue
			}
			for _, huge := range []int64{1 << 40, math.MaxInt64} {
				ed := reflect.New(v.Type()).Elem()
				ed.Set(v)
				ed.Field(i).SetInt(huge)
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s with %s = %d: Validate panicked: %v", e.Name, name, huge, p)
						}
					}()
					if err := ed.Interface().(Config).Validate(); err == nil && !(timeOnly[name] && (huge < math.MaxInt64 || !sumsWith(name))) {
						t.Errorf("%s with %s = %d: accepted", e.Name, name, huge)
					}
				}()
			}
		}
	}
}

// sumsWith says whether a time-only count is added to another one (and so
// must be refused at the largest int, where the sum wraps).
func sumsWith(name string) bool {
	return map[string]bool{"BurnIn": true, "Sweeps": true, "Thin": true, "Eq": true, "Short": true}[name]
}
