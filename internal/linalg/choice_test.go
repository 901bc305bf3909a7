package linalg

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/plmlab/plmlab/internal/linalg/kernel"
)

func TestClassOf(t *testing.T) {
	for _, c := range []struct {
		tA, tB bool
		want   Class
	}{{false, false, NN}, {false, true, NT}, {true, false, TN}, {true, true, NN}} {
		if got := classOf(c.tA, c.tB); got != c.want {
			t.Errorf("classOf(%v, %v) = %v, want %v", c.tA, c.tB, got, c.want)
		}
	}
}

// OpenBLAS is used only when faster by more than the tie margin.
func TestDecide(t *testing.T) {
	for _, c := range []struct {
		mine, theirs float64
		want         string
	}{{300, 190, "plmlab"}, {190, 300, "openblas"}, {100, 102.9, "plmlab"}, {100, 103.1, "openblas"}, {0, 0, "plmlab"}} {
		if got := decide(c.mine, c.theirs); got != c.want {
			t.Errorf("decide(%v, %v) = %s, want %s", c.mine, c.theirs, got, c.want)
		}
	}
}

// A saved choice is read back for the same key, and every way a file can
// be wrong is an error that names the problem (never a panic or a hang).
func TestReadChoice(t *testing.T) {
	dir := t.TempDir()
	good := Choice{Key: "k", Classes: []ClassRate{
		{Class: "NN", Plmlab: 300, OpenBLAS: 190, Use: "plmlab"},
		{Class: "NT", Plmlab: 200, OpenBLAS: 290, Use: "openblas"},
		{Class: "TN", Plmlab: 300, OpenBLAS: 190, Use: "plmlab"},
	}}
	path := filepath.Join(dir, "sub", "blas.json")
	if err := SaveChoice(path, good); err != nil {
		t.Fatal(err)
	}
	use, c, err := readChoice(path, "k")
	if err != nil {
		t.Fatal(err)
	}
	if use != [numClasses]bool{NN: true, NT: false, TN: true} || len(c.Classes) != 3 {
		t.Fatalf("read %v, %+v", use, c)
	}
	if !strings.Contains(describeChoice(use, c), "OpenBLAS elsewhere (NT 200 vs 290)") {
		t.Errorf("description %q", describeChoice(use, c))
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, path, want string }{
		{"other machine", path, "measured for"},
		{"not JSON", write("bad.json", "{"), "not a BLAS choice"},
		{"missing class", write("two.json", `{"key":"x","classes":[{"class":"NN","use":"plmlab"},{"class":"NT","use":"plmlab"}]}`), "not every class"},
		{"twice", write("dup.json", `{"key":"x","classes":[{"class":"NN","use":"plmlab"},{"class":"NN","use":"plmlab"},{"class":"TN","use":"plmlab"}]}`), "bad class entry"},
		{"unknown use", write("use.json", `{"key":"x","classes":[{"class":"NN","use":"mkl"},{"class":"NT","use":"plmlab"},{"class":"TN","use":"plmlab"}]}`), "bad class entry"},
		{"unknown class", write("cls.json", `{"key":"x","classes":[{"class":"TT","use":"plmlab"}]}`), "bad class entry"},
		{"too large", write("big.json", strings.Repeat(" ", maxChoiceFile+1)), "holds more than"},
		{"FIFO", fifo, "FIFO"},
		{"folder", dir, "directory"},
		{"missing", filepath.Join(dir, "none.json"), "no such file"},
	} {
		key := "x"
		if c.name == "other machine" {
			key = "another"
		}
		if _, _, err := readChoice(c.path, key); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	if err := SaveChoice(fifo, good); err == nil {
		t.Error("SaveChoice replaced a FIFO")
	}
	if err := SaveChoice("", good); err == nil {
		t.Error("SaveChoice without a path succeeded")
	}
}

// With OpenBLAS loaded, each class gives plmlab's kernel's bits where the
// choice says plmlab, and agrees with it closely where it says OpenBLAS.
func TestSgemmFollowsChoice(t *testing.T) {
	if openblasName == "" || !kernel.HasSgemm() {
		t.Skip("needs OpenBLAS and plmlab's kernel: " + Backend)
	}
	defer func(old [numClasses]bool) { kernelFor = old }(kernelFor)
	rng := rand.New(rand.NewPCG(3, 4))
	m, n, k := 50, 70, 300
	a, b := make([]float32, m*k), make([]float32, k*n)
	for i := range a {
		a[i] = float32(rng.NormFloat64())
	}
	for i := range b {
		b[i] = float32(rng.NormFloat64())
	}
	for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}} {
		tA, tB := tr[0], tr[1]
		lda, ldb := k, n
		if tA {
			lda = m
		}
		if tB {
			ldb = k
		}
		want := make([]float32, m*n)
		kernel.Sgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, want, n)
		for _, mine := range []bool{true, false} {
			kernelFor[classOf(tA, tB)] = mine
			got := make([]float32, m*n)
			Sgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, got, n)
			same := true
			for i := range got {
				d := float64(got[i] - want[i])
				if d > 1e-4 || d < -1e-4 {
					t.Fatalf("tA=%v tB=%v plmlab=%v: C[%d] = %v, want %v", tA, tB, mine, i, got[i], want[i])
				}
				same = same && got[i] == want[i]
			}
			if mine && !same {
				t.Errorf("tA=%v tB=%v: the choice said plmlab, the bits are not its kernel's", tA, tB)
			}
		}
	}
}

// The measurement returns every class with positive rates, for this
// machine's key; bad rounds and a cancelled context are errors.
func TestMeasureChoice(t *testing.T) {
	if openblasName == "" || !kernel.HasSgemm() {
		if _, err := MeasureChoice(context.Background(), 1, nil); err == nil {
			t.Fatal("MeasureChoice without OpenBLAS or the kernel succeeded")
		}
		t.Skip("needs OpenBLAS and plmlab's kernel: " + Backend)
	}
	if _, err := MeasureChoice(context.Background(), 0, nil); err == nil {
		t.Error("rounds = 0 accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := MeasureChoice(ctx, 1, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	c, err := MeasureChoice(context.Background(), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Key != machineKey(openblasName) || len(c.Classes) != int(numClasses) {
		t.Fatalf("choice %+v", c)
	}
	for i, r := range c.Classes {
		if r.Class != Class(i).String() || r.Plmlab <= 0 || r.OpenBLAS <= 0 || r.Use != decide(r.Plmlab, r.OpenBLAS) {
			t.Errorf("class %+v", r)
		}
	}
}
