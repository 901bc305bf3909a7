package data

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/plm"
)

func TestParseAlignment(t *testing.T) {
	a, err := ParseAlignment(strings.NewReader(">s1 desc\nAC-D\nEF\n>s2\nacAC..DDEFg\n\n>s3\n-----Y\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Seqs.M != 3 || a.Seqs.L != 6 || a.Seqs.Q != 21 || a.Names[0] != "s1 desc" {
		t.Fatalf("M=%d L=%d Q=%d names %v", a.Seqs.M, a.Seqs.L, a.Seqs.Q, a.Names)
	}
	if got := a.Seqs.Row(1); got[0] != 1 || got[1] != 2 || got[2] != 3 || got[5] != 5 {
		t.Errorf("A2M insertions not dropped: %v", got)
	}
	if plm.Identity(a.Seqs.Row(0), a.Seqs.Row(1)) != 5.0/6 {
		t.Errorf("identity %v", plm.Identity(a.Seqs.Row(0), a.Seqs.Row(1)))
	}
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "no sequences"},
		{"no header", "ACD\n", "before the first '>'"},
		{"unknown letter", ">x\nACXD\n", `unknown letter 'X'`},
		{"ragged", ">a\nACD\n>b\nAC\n", `"b" has 2 match states, the first has 3`},
		{"empty sequence", ">a\n>b\nAC\n", `"a" is empty`},
	} {
		if _, err := ParseAlignment(strings.NewReader(c.in)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := ReadAlignment("/nonexistent/x.fasta"); err == nil || !strings.Contains(err.Error(), "/nonexistent/x.fasta not found") {
		t.Errorf("missing file: %v", err)
	}
}

func TestWeights(t *testing.T) {
	a, _ := ParseAlignment(strings.NewReader(">a\nAAAAA\n>b\nAAAAC\n>c\nCCCCC\n"))
	w, err := Weights(a.Seqs, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []float64{-0.1, 1.5, math.NaN()} {
		if _, err := Weights(a.Seqs, bad); err == nil {
			t.Errorf("threshold %v: no error", bad)
		}
	}
	if _, err := Weights(nil, 0.8); err == nil {
		t.Error("nil sequences: no error")
	}
	if w[0] != 0.5 || w[1] != 0.5 || w[2] != 1 {
		t.Errorf("weights %v, want [0.5 0.5 1]", w)
	}
}

// The beta-lactamase alignment from shared/data: size, and PL with Potts
// couplings stores a few sequences.
func TestPF13354(t *testing.T) {
	path, err := FindPF13354()
	if err != nil {
		t.Skip(err)
	}
	a, err := ReadAlignment(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.Seqs.M != 7515 || a.Seqs.L != 202 {
		t.Fatalf("PF13354: %d sequences of length %d", a.Seqs.M, a.Seqs.L)
	}
	s, _ := a.Seqs.Subset([]int{0, 1, 2, 3, 4})
	tr, err := plm.PottsPL{Epochs: 40, LearningRate: 0.05}.Train(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if st := tr.Log[len(tr.Log)-1].Stored; st != 1 {
		t.Errorf("5 sequences, stored fraction %v", st)
	}
	if math.IsNaN(tr.Log[len(tr.Log)-1].Loss) {
		t.Error("NaN loss")
	}
}

// BenchmarkPottsGradient is one full PL gradient on PF13354 (7515
// sequences, L = 202, Q = 21).
func BenchmarkPottsGradient(b *testing.B) {
	path, err := FindPF13354()
	if err != nil {
		b.Skip(err)
	}
	a, err := ReadAlignment(path)
	if err != nil {
		b.Fatal(err)
	}
	J, _ := plm.NewPottsCouplings(a.Seqs.L, a.Seqs.Q)
	for k := range J.WT {
		J.WT[k] = float32(k%7) * 1e-3
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := plm.PottsGradient(J, a.Seqs, 1, 5e-5); err != nil {
			b.Fatal(err)
		}
	}
}
