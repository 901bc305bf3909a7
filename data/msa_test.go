package data

import (
	"bytes"
	"encoding/binary"

	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/plm"
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

// plmc's binary layout, read back field by field.
func TestPlmcParamsLayout(t *testing.T) {
	a, err := ParseMSA(strings.NewReader(">F/3-6\nAC-Dy\n>b\nACAD.\n>c\nAXAD.\n>d\nGCAEa\n"), MSAOptions{Focus: "F", IgnoreGap: true})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := plm.NewPottsModel(a.Seqs.L, a.Seqs.Q, 0)
	m.H[1*m.Q+3] = 0.5
	m.J[((0*m.L+2)*m.Q+1)*m.Q+4] = -0.25 // J_02(A, E)
	m.J[((2*m.L+0)*m.Q+4)*m.Q+1] = -0.25
	w := []float64{1, 0.5, 0.5}
	var b bytes.Buffer
	if err := PlmcParams(&b, a, m, PlmcRun{MaxIterations: 7, Theta: 0.2, LambdaH: 0.01, LambdaJ: 16, Weights: w, IgnoreGap: true}); err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(b.Bytes())
	var hdr [5]int32
	var fl [5]float32
	binary.Read(r, binary.LittleEndian, &hdr)
	binary.Read(r, binary.LittleEndian, &fl)
	// Columns 1, 2, 4 kept (the gap column and the insertion dropped).
	if hdr != [5]int32{3, 20, 3, 1, 7} || fl != [5]float32{0.2, 0.01, 16, 0, 2} {
		t.Fatalf("header %v %v", hdr, fl)
	}
	alpha := make([]byte, 20)
	binary.Read(r, binary.LittleEndian, alpha)
	if string(alpha) != AminoAlphabet[1:] {
		t.Errorf("alphabet %q", alpha)
	}
	nb := make([]float32, 4)
	binary.Read(r, binary.LittleEndian, nb)
	if nb[0] != 1 || nb[1] != 2 || nb[2] != 0 || nb[3] != 2 {
		t.Errorf("neighbour counts %v, want [1 2 0 2]", nb)
	}
	focus := make([]byte, 3)
	binary.Read(r, binary.LittleEndian, focus)
	off := make([]int32, 3)
	binary.Read(r, binary.LittleEndian, off)
	if string(focus) != "ACD" || off[0] != 3 || off[1] != 4 || off[2] != 6 {
		t.Errorf("focus %q, offsets %v", focus, off)
	}
	fi := make([]float32, 3*20)
	binary.Read(r, binary.LittleEndian, fi)
	if fi[0] != 0.75 || fi[5] != 0.25 { // column 1: A (weights 1 + 0.5) and G (0.5)
		t.Errorf("f_1(A), f_1(G) = %v, %v", fi[0], fi[5])
	}
	h := make([]float32, 3*20)
	binary.Read(r, binary.LittleEndian, h)
	if h[20+2] != 0.5 { // h_1(D): D is state 3, 2 without the gap
		t.Errorf("h_1(D) = %v", h[22])
	}
	fij := make([]float32, 3*400)
	binary.Read(r, binary.LittleEndian, fij)
	e := make([]float32, 3*400)
	binary.Read(r, binary.LittleEndian, e)
	if e[400+0*20+3] != -0.25 { // pair (0, 2) is the second; (A, E) = (0, 3) without the gap
		t.Errorf("J_02(A, E) = %v", e[403])
	}
	if r.Len() != 0 {
		t.Errorf("%d bytes left over", r.Len())
	}
}
