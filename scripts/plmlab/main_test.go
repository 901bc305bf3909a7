package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/plmlab/plmlab/data"
)

// toyAlignment writes a focus-mode A2M of correlated sequences.
func toyAlignment(t *testing.T, dir string) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	letters := "ACDEFGHIKL"
	var b strings.Builder
	b.WriteString(">FOC/5-16\nACDEFgGHIK-L\n")
	for s := range 60 {
		fmt.Fprintf(&b, ">s%d\n", s)
		row := []byte("ACDEFaGHIK-L")
		for i := range row {
			if i == 5 {
				continue
			}
			row[i] = letters[rng.IntN(len(letters))]
		}
		row[3] = row[1] // a coupled pair
		b.Write(row)
		b.WriteByte('\n')
	}
	p := filepath.Join(dir, "toy.a2m")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDCACommandWritesPlmcFiles(t *testing.T) {
	dir := t.TempDir()
	ali := toyAlignment(t, dir)
	scores := filepath.Join(dir, "s.txt")
	params := filepath.Join(dir, "p.bin")
	weights := filepath.Join(dir, "w.txt")
	var out, errb bytes.Buffer
	code := run([]string{"dca", "-f", "FOC", "-le", "1", "-m", "40", "-c", scores, "-o", params, "--save-weights", weights,
		"-npy", filepath.Join(dir, "toy"), "-figures", dir, ali}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	sc, err := data.ReadCouplingScores(scores)
	if err != nil {
		t.Fatal(err)
	}
	// 10 focus columns (the lower-case and gap ones dropped), numbered 5….
	if len(sc) != 45 || sc[0].I != 5 || sc[0].AI != 'A' {
		t.Fatalf("%d score lines, first %+v", len(sc), sc[0])
	}
	best := sc[0]
	for _, l := range sc {
		if l.Score > best.Score {
			best = l
		}
	}
	if best.I != 6 || best.J != 8 {
		t.Errorf("top pair %d–%d, want the coupled columns 6–8", best.I, best.J)
	}
	st, _ := os.Stat(params)
	// Header 5·4 + 5·4, alphabet 21, 61 neighbour counts, 10 letters, 10
	// offsets, fields and frequencies 2·10·21 floats, 45 pairs of 2·21²
	// floats.
	want := int64(20 + 20 + 21 + 61*4 + 10 + 10*4 + 2*10*21*4 + 45*2*21*21*4)
	if st == nil || st.Size() != want {
		t.Errorf("parameter file of %v bytes, want %d", st, want)
	}
	if a, err := data.ReadNPY(filepath.Join(dir, "toy_J.npy")); err != nil || len(a.Shape) != 4 || a.Shape[0] != 10 || a.Shape[3] != 21 {
		t.Errorf("toy_J.npy: %v, %v", a, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "dca-toy-map.svg")); err != nil {
		t.Errorf("contact map figure: %v", err)
	}
	if !strings.Contains(out.String(), "61 sequences kept of 61") {
		t.Errorf("summary: %s", out.String())
	}
	// The asymmetric variant ranks the pairs nearly as the symmetric one.
	asym := filepath.Join(dir, "a.txt")
	if code := run([]string{"dca", "-f", "FOC", "-le", "1", "-m", "40", "-asym", "-c", asym, ali}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	out.Reset()
	if code := run([]string{"compare", scores, asym, "-top", "5"}, &out, &errb); code != 0 {
		t.Fatalf("compare: exit %d: %s", code, errb.String())
	}
	var sp, ov float64
	var k int
	if _, err := fmt.Sscanf(out.String(), "45 pairs: Spearman %f, top-%d overlap %f", &sp, &k, &ov); err != nil || sp < 0.5 || k != 5 {
		t.Errorf("compare printed %q (%v)", out.String(), err)
	}
}

func TestTrainAndBasinsCommands(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	for range 10 {
		for i := range 50 {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString([]string{"1", "-1"}[rng.IntN(2)])
		}
		b.WriteByte('\n')
	}
	pats := filepath.Join(dir, "p.txt")
	os.WriteFile(pats, []byte(b.String()), 0o644)
	J := filepath.Join(dir, "J.npy")
	var out, errb bytes.Buffer
	if code := run([]string{"train", pats, "-o", J, "-epochs", "100"}, &out, &errb); code != 0 {
		t.Fatalf("train: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "stored (fixed points): 1.000") {
		t.Errorf("α = 0.2 after PL training should store every pattern: %s", out.String())
	}
	out.Reset()
	if code := run([]string{"basins", "-couplings", J, "-patterns", pats}, &out, &errb); code != 0 {
		t.Fatalf("basins: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "1.00\t1.0000") || !strings.Contains(out.String(), "basin size") {
		t.Errorf("basins output: %s", out.String())
	}
}

func TestCommandsRefuseBadInput(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("1 -1 2\n"), 0o644)
	ali := toyAlignment(t, dir)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"dca", fifo}, "FIFO"},
		{[]string{"dca", filepath.Join(dir, "none.a2m")}, "not found"},
		{[]string{"dca", "-f", "NOPE", ali}, `focus sequence "NOPE"`},
		{[]string{"dca", "-le", "-1", ali}, "-le must be"},
		{[]string{"dca", "-c", fifo, ali}, "FIFO"},
		{[]string{"train", bad}, "line 1, entry 3"},
		{[]string{"train", "-method", "newton", bad}, "method"},
		{[]string{"basins", "-couplings", bad, "-patterns", bad}, "not a .npy"},
		{[]string{"dca", ali, ali}, "want one alignment file"},
		{[]string{"compare", bad, bad}, "want \"i a_i j a_j 0 score\""},
		{[]string{"compare", bad}, "two score files"},
		{[]string{"blas", "-rounds", "0", "-dry"}, "rounds = 0: want 1 to 100"},
		{[]string{"blas", "extra"}, `unexpected argument "extra"`},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := run(c.args, &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 1 and %q", c.args, code, errb.String(), c.want)
		}
	}
}
