package exptest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/figure"
)

// NoCache is a context whose runs neither read nor write a cache.
var NoCache = experiment.WithCache(context.Background(), nil)

// MustRun runs an experiment without cache and checks its figures.
func MustRun[R experiment.Result](t *testing.T, e experiment.Experiment[R]) R {
	t.Helper()
	r, err := e.Run(NoCache, nil)
	if err != nil {
		t.Fatalf("%s: %v", e.Name(), err)
	}
	CheckFigures(t, r.Figures())
	return r
}

func CheckFigures(t *testing.T, figs []*figure.Panel) {
	t.Helper()
	if len(figs) == 0 {
		t.Fatal("no figures")
	}
	seen := map[string]bool{}
	for _, f := range figs {
		if err := f.Validate(); err != nil {
			t.Errorf("figure %s: %v", f.Panel, err)
		}
		if seen[f.Panel] {
			t.Errorf("two figures named %s", f.Panel)
		}
		seen[f.Panel] = true
	}
}

// ToyAlignment writes noisy copies of three random ancestors (120
// sequences of 30 sites) and returns the file's path.
func ToyAlignment(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	r := rand.New(rand.NewPCG(3, 3))
	anc := make([][]byte, 3)
	for k := range anc {
		anc[k] = make([]byte, 30)
		for i := range anc[k] {
			anc[k][i] = "-ACDEFGHIKLMNPQRSTVWY"[r.IntN(21)]
		}
	}
	for m := 0; m < 120; m++ {
		seq := append([]byte(nil), anc[m%3]...)
		for i := range seq {
			if r.Float64() < 0.2 {
				seq[i] = "-ACDEFGHIKLMNPQRSTVWY"[r.IntN(21)]
			}
		}
		fmt.Fprintf(&b, ">s%d\n%s\n", m, seq)
	}
	path := filepath.Join(t.TempDir(), "toy.fasta")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
