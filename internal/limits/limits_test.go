package limits

import (
	"math"
	"strings"
	"testing"
)

func TestBytesAndCheck(t *testing.T) {
	if b, ok := Bytes(4, 1000, 1000); !ok || b != 4e6 {
		t.Errorf("4·1000·1000 = %d %v", b, ok)
	}
	if _, ok := Bytes(4, 1<<32, 1<<32); ok {
		t.Error("2^66 bytes did not overflow")
	}
	if _, ok := Bytes(4, -1, 3); ok {
		t.Error("a negative dimension was accepted")
	}
	if err := Check("couplings", 4, 1000, 1000); err != nil {
		t.Error(err)
	}
	err := Check("couplings", 4, 1000000, 1000000)
	if err == nil || !strings.Contains(err.Error(), "1000000×1000000 would need 3.64 TiB") {
		t.Errorf("a million spins: %v", err)
	}
	if err := Total("a run", Must(4, 1<<32, 1<<32), 1); err == nil {
		t.Error("an overflowing part passed")
	}
	if err := Total("a run", math.MaxInt64, 1); err == nil {
		t.Error("an overflowing sum passed")
	}
}

func TestParseBytes(t *testing.T) {
	for s, want := range map[string]int64{"1024": 1024, "16G": 16 << 30, "512MiB": 512 << 20, "1.5k": 1536, " 2T ": 2 << 40} {
		if got, err := ParseBytes(s); err != nil || got != want {
			t.Errorf("%q: %d %v, want %d", s, got, err, want)
		}
	}
	for _, bad := range []string{"", "x", "-1G", "1e30T"} {
		if _, err := ParseBytes(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if Format(3<<30) != "3 GiB" || Format(100) != "100 B" {
		t.Errorf("format: %s %s", Format(3<<30), Format(100))
	}
}

func TestSumProductSteps(t *testing.T) {
	for _, c := range []struct {
		terms []int
		sum   int
		ok    bool
	}{
		{[]int{1, 2, 3}, 6, true},
		{nil, 0, true},
		{[]int{math.MaxInt, 1}, 0, false},
		{[]int{math.MaxInt / 2, math.MaxInt/2 + 1}, math.MaxInt, true},
		{[]int{5, -1}, 0, false},
	} {
		if s, ok := Sum(c.terms...); s != c.sum || ok != c.ok {
			t.Errorf("Sum(%v) = %d, %v; want %d, %v", c.terms, s, ok, c.sum, c.ok)
		}
	}
	for _, c := range []struct {
		factors []int
		prod    int
		ok      bool
	}{
		{[]int{3, 4, 5}, 60, true},
		{[]int{1 << 32, 1 << 31}, 0, false}, // 2^63 wraps to MinInt
		{[]int{1 << 32, 1 << 32}, 0, false}, // wraps to 0
		{[]int{0, math.MaxInt}, 0, true},
		{[]int{-2, 3}, 0, false},
	} {
		if p, ok := Product(c.factors...); p != c.prod || ok != c.ok {
			t.Errorf("Product(%v) = %d, %v; want %d, %v", c.factors, p, ok, c.prod, c.ok)
		}
	}
	if n, ok := Steps(1, 0.05); !ok || n != 21 {
		t.Errorf("Steps(1, 0.05) = %d, %v", n, ok)
	}
	for _, step := range []float64{1e-300, 0, -1, math.NaN()} {
		if n, ok := Steps(1, step); ok {
			t.Errorf("Steps(1, %v) = %d, ok", step, n)
		}
	}
}
