package data

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestCached(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir())
	calls := 0
	f := func() ([]float64, error) { calls++; return []float64{1, 2, 3}, nil }
	type params struct{ N int }
	a, err := Cached("x", params{3}, f)
	if err != nil || len(a) != 3 {
		t.Fatal(a, err)
	}
	b, _ := Cached("x", params{3}, f)
	if calls != 1 || b[2] != 3 {
		t.Errorf("second call recomputed (calls %d) or lost data %v", calls, b)
	}
	Cached("x", params{4}, f)
	if calls != 2 {
		t.Errorf("new parameters did not recompute")
	}
	// A corrupt entry is recomputed, an error is passed through.
	dir := os.Getenv("PLMLAB_CACHE")
	files, _ := filepath.Glob(filepath.Join(dir, "x-*.gob"))
	for _, p := range files {
		os.WriteFile(p, []byte("junk"), 0o644)
	}
	if v, _ := Cached("x", params{3}, f); calls != 3 || len(v) != 3 {
		t.Errorf("corrupt entry: calls %d value %v", calls, v)
	}
	boom := errors.New("boom")
	if _, err := Cached("y", 1, func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("error %v", err)
	}
	if _, err := Cached("z", func() {}, func() (int, error) { return 1, nil }); err == nil {
		t.Error("unencodable parameters accepted")
	}
}
