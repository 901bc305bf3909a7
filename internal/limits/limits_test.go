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
