package proteins

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/experiment/internal/exptest"
)

func TestProteins(t *testing.T) {
	c := Proteins{}.Quick()
	c.Alignment, c.Alphas, c.Epochs, c.LR, c.Test, c.Pairs = exptest.ToyAlignment(t), []float64{0.2, 1}, 40, 0.05, 30, 100
	r := exptest.MustRun(t, c)
	main := r.Figures()[0]
	for k, w := range []string{"train asym", "test asym", "train sym", "test sym"} {
		if main.Series[k].Name != w || len(main.Series[k].Y) != 2 {
			t.Fatalf("series %d: %q %v", k, main.Series[k].Name, main.Series[k].Y)
		}
	}
	if last := main.Series[len(main.Series)-1]; last.Name != "random pairs" {
		t.Errorf("last series %q, want the random-pair baseline", last.Name)
	}
	if r.Points[0].TrainAsym != 1 {
		t.Errorf("training sequences not stored at α = 0.2: %v", r.Points[0].TrainAsym)
	}
	// Noisy copies of three ancestors: test sequences end closer to their
	// own start than unrelated sequences are to each other.
	if !(r.Points[1].TestAsym > r.RandomPairs) {
		t.Errorf("test overlap %v, random pairs %v", r.Points[1].TestAsym, r.RandomPairs)
	}
	c.Alignment = t.TempDir() + "/none.fasta"
	if _, err := c.Run(exptest.NoCache, nil); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("missing alignment: %v", err)
	}
}

// plantedFamily writes an alignment of 30 sites whose columns 3, 7, 10
// are copied (10 % noise) into 15, 22, 27, and a contact map where those
// three pairs are at 5 Å and every other pair at 20 Å.
func plantedFamily(t *testing.T) (alignment, structure string) {
	t.Helper()
	r := rand.New(rand.NewPCG(5, 5))
	const abc = "-ACDEFGHIKLMNPQRSTVWY"
	planted := [][2]int{{3, 15}, {7, 22}, {10, 27}}
	var a, s strings.Builder
	for m := 0; m < 300; m++ {
		seq := make([]byte, 30)
		for i := range seq {
			seq[i] = abc[r.IntN(21)]
		}
		for _, p := range planted {
			if r.Float64() > 0.1 {
				seq[p[1]] = seq[p[0]]
			}
		}
		fmt.Fprintf(&a, ">s%d\n%s\n", m, seq)
	}
	for i := 1; i <= 30; i++ {
		for j := i + 1; j <= 30; j++ {
			d := 20.0
			for _, p := range planted {
				if p[0] == i-1 && p[1] == j-1 {
					d = 5
				}
			}
			fmt.Fprintf(&s, "%d %d 0 %g\n", i, j, d)
		}
	}
	dir := t.TempDir()
	alignment, structure = filepath.Join(dir, "planted.fasta"), filepath.Join(dir, "planted_struct.dat")
	os.WriteFile(alignment, []byte(a.String()), 0o644)
	os.WriteFile(structure, []byte(s.String()), 0o644)
	return alignment, structure
}

// The three planted pairs are the top three of every method; the panel
// carries the precisions; a map of the wrong size is refused.
func TestContacts(t *testing.T) {
	c := Contacts{}.Quick()
	c.Alignment, c.Structure = plantedFamily(t)
	c.Alpha, c.Epochs, c.LR = 10, 60, 0.05
	r := exptest.MustRun(t, c)
	if len(r.Scores) != 3 || len(r.Scores[0]) != 30 || r.P != 300 || r.Contacts != 3 || r.Pairs != 325 {
		t.Fatalf("%d methods, L = %d, P = %d, %d contacts of %d pairs", len(r.Scores), len(r.Scores[0]), r.P, r.Contacts, r.Pairs)
	}
	for m, name := range ContactMethods {
		if p := r.PrecisionAt(m, 3); p != 1 {
			t.Errorf("%s: precision of the top 3 = %v, want 1", name, p)
		}
		if p := r.PrecisionAt(m, 30); math.Abs(p-0.1) > 1e-12 {
			t.Errorf("%s: precision of the top 30 = %v, want 3/30", name, p)
		}
	}
	f := r.Figures()
	if f[0].Panel != "contacts" || f[0].Params["PL_sym_L"] != 0.1 || len(f[0].Series) != 4 || f[1].Panel != "contacts-map" {
		t.Errorf("panels: %s %v (%d series), %s", f[0].Panel, f[0].Params, len(f[0].Series), f[1].Panel)
	}
	short := filepath.Join(t.TempDir(), "short.dat")
	os.WriteFile(short, []byte("1 2 0 3\n"), 0o644)
	c.Structure = short
	if _, err := c.Run(exptest.NoCache, nil); err == nil || !strings.Contains(err.Error(), "2 sites") {
		t.Errorf("a map of 2 sites for 30: %v", err)
	}
}
