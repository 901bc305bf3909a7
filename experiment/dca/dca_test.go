package dca

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/data"
)

// A small A2M alignment through the whole pipeline: focus columns,
// numbering from the region start, a sequence set aside, plmc's files.
func TestRunSmallAlignment(t *testing.T) {
	dir := t.TempDir()
	ali := filepath.Join(dir, "toy.a2m")
	seqs := []string{
		">FOCUS/11-16\nAC-DEaFG",
		">s1\nACCDEgFG",
		">s2\nAC-DE.WG",
		">s3\nGCADEkFA",
		">s4\nACADE.YG",
		">bad\nACXDE.FG", // X is outside the alphabet
		">s5\nWC-DEaFA",
		">s6\nAY-DE.FG",
	}
	if err := os.WriteFile(ali, []byte(strings.Join(seqs, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := Defaults()
	c.Alignment, c.Focus, c.IgnoreGap, c.LambdaJ, c.MaxIter = ali, "FOCUS", true, 1, 50
	r, err := Run(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Kept: the focus's upper-case, non-gap columns 1,2,4,5,7,8 of 8.
	want := []int{11, 12, 14, 15, 17, 18}
	if got := r.MSA.Offsets; len(got) != len(want) {
		t.Fatalf("offsets %v, want %v", got, want)
	}
	for k, v := range want {
		if r.MSA.Offsets[k] != v {
			t.Fatalf("offsets %v, want %v", r.MSA.Offsets, want)
		}
	}
	if r.MSA.Seqs.M != 7 || len(r.MSA.Skipped) != 1 || r.MSA.Skipped[0] != 5 {
		t.Errorf("kept %d sequences, set aside %v; want 7 and [5]", r.MSA.Seqs.M, r.MSA.Skipped)
	}
	b, err := data.CouplingScoresFile(r.MSA, r.Scores)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 15 || !strings.HasPrefix(lines[0], "11 A 12 C 0 ") {
		t.Errorf("score file starts %q with %d lines; want \"11 A 12 C 0 …\" and 15", lines[0], len(lines))
	}
	// The scores, recomputed by hand from the model: Frobenius norms of
	// the non-gap blocks, minus the average product.
	m := r.Fit.Model
	L := m.L
	fro := make([][]float64, L)
	site := make([]float64, L)
	all := 0.0
	for i := range L {
		fro[i] = make([]float64, L)
	}
	for i := range L {
		for j := i + 1; j < L; j++ {
			s := 0.0
			for a := 1; a < m.Q; a++ {
				for b := 1; b < m.Q; b++ {
					s += m.Coupling(i, a, j, b) * m.Coupling(i, a, j, b)
				}
			}
			fro[i][j] = math.Sqrt(s)
			site[i] += fro[i][j] / float64(L-1)
			site[j] += fro[i][j] / float64(L-1)
			all += fro[i][j] / float64(L*(L-1)/2)
		}
	}
	for i := range L {
		for j := i + 1; j < L; j++ {
			want := fro[i][j] - site[i]*site[j]/all
			if math.Abs(r.Scores[i][j]-want) > 1e-12 || r.Scores[j][i] != r.Scores[i][j] {
				t.Fatalf("score (%d, %d) = %v, by hand %v", i, j, r.Scores[i][j], want)
			}
		}
	}
	if r.Fit.Iterations == 0 || r.Fit.Objective >= r.Fit.Log[0].Objective {
		t.Errorf("the fit did not decrease the objective: %+v", r.Fit.Log)
	}
}

// plmc's regression test: DHFR with -le 16.0 -lh 0.01 -m 100 -g -f
// DYR_ECOLI, against the scores plmc's tests expect.
func TestPlmcRegressionDHFR(t *testing.T) {
	if testing.Short() {
		t.Skip("DHFR fit takes a minute; skipped with -short")
	}
	ali, err := data.DHFRAlignment.Find()
	if err != nil {
		t.Skipf("plmc's DHFR alignment not found (%v); fetch it with %s", err, data.FetchCommand)
	}
	refPath, err := data.DHFRCouplings.Find()
	if err != nil {
		t.Skipf("plmc's DHFR.couplings not found (%v); fetch it with %s", err, data.FetchCommand)
	}
	r, err := Run(context.Background(), PlmcTest(ali), nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Meff-1568.1) > 0.05 || r.MSA.Seqs.M != 3616 || r.MSA.Seqs.L != 159 {
		t.Errorf("M = %d, L = %d, Meff = %.2f; plmc: 3616, 159, 1568.1", r.MSA.Seqs.M, r.MSA.Seqs.L, r.Meff)
	}
	b, err := data.CouplingScoresFile(r.MSA, r.Scores)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "DHFR.couplings")
	if err := os.WriteFile(out, b, 0o644); err != nil {
		t.Fatal(err)
	}
	mine, err := data.ReadCouplingScores(out)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := data.ReadCouplingScores(refPath)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := Compare(mine, ref, 159)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pairs, Spearman %.5f, top-%d overlap %.3f, %d iterations, %d evaluations, F = %.1f",
		cmp.Pairs, cmp.Spearman, cmp.TopK, cmp.TopOverlap, r.Fit.Iterations, r.Fit.Evaluations, r.Fit.Objective)
	if cmp.Pairs != 12561 || cmp.Spearman < 0.97 || cmp.TopOverlap < 0.9 {
		t.Errorf("against plmc: %d pairs, Spearman %.4f (≥ 0.97), top-L overlap %.3f (≥ 0.9)", cmp.Pairs, cmp.Spearman, cmp.TopOverlap)
	}
}

// On a synthetic alignment whose couplings join known pairs, the top
// pairs are those pairs: the contact map against its "structure".
func TestRunFindsDemoContacts(t *testing.T) {
	dir := t.TempDir()
	ali, st, err := data.DemoAlignment(dir, 40, 1500, 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	c := Defaults()
	c.Alignment, c.Structure, c.Focus, c.IgnoreGap, c.LambdaJ, c.MaxIter = ali, st, "DEMO", true, 10, 60
	r, err := Run(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := r.Precision
	t.Logf("%s", r.Summary())
	if p.Contacts != 20 || p.AtHalfL < 0.95 {
		t.Errorf("%d contacts, precision at L/2 = %.3f; want 20 and ≥ 0.95", p.Contacts, p.AtHalfL)
	}
	if figs := r.Figures(); len(figs) != 2 {
		t.Errorf("%d figures, want the map and the precision", len(figs))
	}
}
