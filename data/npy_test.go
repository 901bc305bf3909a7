package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNPYRoundTrip(t *testing.T) {
	for _, shape := range [][]int{{3}, {2, 3}, {2, 1, 2, 2}} {
		n := 1
		for _, d := range shape {
			n *= d
		}
		v := make([]float64, n)
		for k := range v {
			v[k] = float64(k) - 1.5
		}
		b, err := NPYBytes(shape, v)
		if err != nil {
			t.Fatal(err)
		}
		if (len(b)-8*n)%64 != 0 {
			t.Errorf("shape %v: header of %d bytes is not a multiple of 64", shape, len(b)-8*n)
		}
		a, err := ParseNPY(b)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Shape) != len(shape) || len(a.Data) != n || a.Data[n-1] != v[n-1] {
			t.Errorf("shape %v read back as %v with %v", shape, a.Shape, a.Data)
		}
	}
	if _, err := NPYBytes([]int{2, 2}, []float64{1}); err == nil {
		t.Error("shape and length disagree: no error")
	}
}

func TestReadPatterns(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	txt := write("p.txt", "# two patterns\n1 -1 1\n-1,-1,+1\n")
	pm := write("pm.txt", "+-+\n--+\n")
	a, err := ReadPatterns(txt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadPatterns(pm)
	if err != nil {
		t.Fatal(err)
	}
	npyBytes, _ := NPYBytes([]int{2, 3}, []float64{1, -1, 1, -1, -1, 1})
	c, err := ReadPatterns(write("p.npy", string(npyBytes)))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		name string
		d    []float32
	}{{"text", a.Data}, {"+-", b.Data}, {"npy", c.Data}} {
		if len(x.d) != 6 || x.d[0] != 1 || x.d[1] != -1 || x.d[3] != -1 || x.d[5] != 1 {
			t.Errorf("%s: %v", x.name, x.d)
		}
	}
	bad, _ := NPYBytes([]int{1, 3}, []float64{1, 0.5, -1})
	for _, c := range []struct{ name, text, want string }{
		{"zero.txt", "1 0 1\n", "line 1, entry 2"},
		{"ragged.txt", "1 1\n1 1 1\n", "line 2 has 3 entries"},
		{"empty.txt", "\n# nothing\n", "no patterns"},
		{"bad.npy", string(bad), "entry [0, 1] is 0.5"},
		{"trunc.npy", string(npyBytes[:len(npyBytes)-3]), "truncated"},
	} {
		_, err := ReadPatterns(write(c.name, c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}
