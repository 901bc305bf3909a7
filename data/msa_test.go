package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseMSAStockholmEqualsFASTA(t *testing.T) {
	sto := `# STOCKHOLM 1.0
#=GF ID test
s1   AC-D
s2   ACAD
#=GC SS_cons ....

s1   EF.g
s2   EFWG
//
`
	fa := ">s1\nAC-DEF.g\n>s2\nACADEFWG\n"
	a, err := ParseMSA(strings.NewReader(sto), MSAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseMSA(strings.NewReader(fa), MSAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Seqs.L != 8 || b.Seqs.L != 8 || string(a.Seqs.S) != string(b.Seqs.S) || strings.Join(a.Names, ",") != "s1,s2" {
		t.Errorf("Stockholm %v (L=%d) and FASTA %v (L=%d) differ", a.Seqs.S, a.Seqs.L, b.Seqs.S, b.Seqs.L)
	}
	// '.' reads as '-', lower case as upper case (plmc without focus).
	if a.Seqs.S[6] != 0 || a.Seqs.S[7] != uint8(strings.IndexByte(AminoAlphabet, 'G')) {
		t.Errorf("'.' and 'g' read as %d, %d", a.Seqs.S[6], a.Seqs.S[7])
	}
}

func TestParseMSABadInput(t *testing.T) {
	cases := []struct {
		text, focus, want string
	}{
		{"", "", "no sequences"},
		{"ACD\n", "", "before the first '>'"},
		{">a\nACD\n>b\nAC\n", "", `"b" (line 3) has 2 columns`},
		{"# STOCKHOLM 1.0\na ACD\n", "", "closing"},
		{"# STOCKHOLM 1.0\na AC D\n//\n", "", "3 fields"},
		{">a\nACD\n>b\nACD\n", "zz", `focus sequence "zz"`},
		{">a\nAXD\n>b\nACD\n", "a", "outside the alphabet"},
		{">a\nXCD\n>b\nABD\n", "", "all 2 sequences"},
		{">a\nA--\n", "a", "column(s) kept"},
	}
	for _, c := range cases {
		_, err := ParseMSA(strings.NewReader(c.text), MSAOptions{Focus: c.focus})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.text, err, c.want)
		}
	}
	if _, err := ParseMSA(strings.NewReader(">a\nAC\n"), MSAOptions{Alphabet: "AAC"}); err == nil || !strings.Contains(err.Error(), "repeats") {
		t.Errorf("repeated alphabet letter: %v", err)
	}
}

// plmc's weights (θ = 0.2) and its weights file round trip, against the
// weights plmc saved for DHFR when the data are there.
func TestIdentityWeightsAndFile(t *testing.T) {
	a, err := ParseMSA(strings.NewReader(">a\nAAAAA\n>b\nAAAAC\n>c\nCCCCC\n>d\nAAXAA\n"), MSAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := IdentityWeights(a.Seqs, 0.2) // ≥ 4 of 5 equal: a and b are neighbours
	if err != nil {
		t.Fatal(err)
	}
	if w[0] != 0.5 || w[1] != 0.5 || w[2] != 1 || Meff(w) != 2 {
		t.Errorf("weights %v, want [0.5 0.5 1]", w)
	}
	path := filepath.Join(t.TempDir(), "w.txt")
	if err := os.WriteFile(path, WeightsFile(a, w), 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := ReadWeightsFile(path, a)
	if err != nil || len(back) != 3 || back[0] != 0.5 || back[2] != 1 {
		t.Errorf("read back %v, %v", back, err)
	}
	os.WriteFile(path, []byte("1\n2\n"), 0o644)
	if _, err := ReadWeightsFile(path, a); err == nil || !strings.Contains(err.Error(), "2 weights, the alignment 4") {
		t.Errorf("short weights file: %v", err)
	}
	os.WriteFile(path, []byte("1\nNaN\n1\n1\n"), 0o644)
	if _, err := ReadWeightsFile(path, a); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("NaN weight: %v", err)
	}

	ali, err := DHFRAlignment.Find()
	if err != nil {
		t.Skipf("DHFR alignment not found (%v); fetch it with %s", err, FetchCommand)
	}
	raw := filepath.Join(filepath.Dir(ali), "DHFR_weights_raw.txt")
	if _, err := os.Stat(raw); err != nil {
		t.Skipf("plmc's DHFR_weights_raw.txt not beside %s", ali)
	}
	d, err := ReadMSA(ali, MSAOptions{Focus: "DYR_ECOLI", IgnoreGap: true})
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReadWeightsFile(raw, d)
	if err != nil {
		t.Fatal(err)
	}
	got, err := IdentityWeights(d.Seqs, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	for k := range want {
		if got[k] != want[k] {
			t.Fatalf("weight of kept sequence %d: %v, plmc %v", k, got[k], want[k])
		}
	}
}
