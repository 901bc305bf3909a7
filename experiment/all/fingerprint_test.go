package all

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/internal/fingerprint"
)

// Module packages whose code cannot change a computed number: they move
// files, bound allocations, or are the fingerprint itself.
var notResults = map[string]bool{
	module + "internal/atomicfile":  true,
	module + "internal/fingerprint": true,
	module + "internal/limits":      true,
	module + "internal/userfile":    true,
}

// The fingerprint of each experiment covers what the go tool says its
// package depends on inside the module: every such package registered its
// code (or is one of notResults), and the fingerprint follows exactly the
// registered ones.
func TestFingerprintCoversEveryDependency(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command (go list):", err)
	}
	seen := map[string]bool{}
	for _, e := range experiment.All() {
		pkg := e.Type.PkgPath()
		if seen[pkg] {
			continue
		}
		seen[pkg] = true
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		var want []string
		for _, p := range strings.Fields(string(out)) {
			switch {
			case !strings.HasPrefix(p, module) || notResults[p]:
			case !fingerprint.Registered(p):
				t.Errorf("%s (imported by %s) did not register its code: add a source.go as in plm/source.go, or list it in notResults", p, pkg)
			default:
				want = append(want, p)
			}
		}
		sort.Strings(want)
		if got := fingerprint.Deps(pkg); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("the fingerprint of %s covers\n  %v\nthe go tool says it depends on\n  %v", pkg, got, want)
		}
	}
}

// TestCacheForgetsOnlyWhatChanged builds a program in a scratch copy of
// the module after each edit and asks whether two experiments of two
// families (training's loss-forms and replica's p-delta) come from the
// cache: a comment changes nothing; code of one family recomputes that
// family only; code of another family recomputes neither; code of plm,
// which both import, recomputes both.
func TestCacheForgetsOnlyWhatChanged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the module six times")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	scratch := t.TempDir()
	for _, p := range []string{"go.mod", "go.sum", "plm", "data", "figure", "experiment", "internal"} {
		if out, err := exec.Command("cp", "-r", filepath.Join(root, p), scratch).CombinedOutput(); err != nil {
			t.Fatalf("copy %s: %v %s", p, err, out)
		}
	}
	if err := os.MkdirAll(filepath.Join(scratch, "cmd", "probe"), 0o755); err != nil {
		t.Fatal(err)
	}
	probeSrc := `package main

import (
	"context"
	"fmt"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/replica"
	"github.com/plmlab/plmlab/experiment/training"
)

func run[R experiment.Result](e experiment.Experiment[R]) string {
	how := "computed"
	_, err := experiment.Cached(context.Background(), e, func(r experiment.Report) {
		if r.Cache == "hit" {
			how = "cached"
		}
	})
	if err != nil {
		panic(err)
	}
	return how
}

func main() {
	p := replica.PDelta{}.Quick()
	fmt.Print(run(training.LossForms{}.Quick()), " ", run(p))
}
`
	if err := os.WriteFile(filepath.Join(scratch, "cmd", "probe", "main.go"), []byte(probeSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	probe := func() string {
		t.Helper()
		cmd := exec.Command("go", "run", "./cmd/probe")
		cmd.Dir = scratch
		cmd.Env = append(os.Environ(), "PLMLAB_CACHE="+cache, "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("probe: %v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	steps := []struct {
		file, edit, want string
	}{
		{"", "", "computed computed"},
		{"", "", "cached cached"},
		{"plm/hebb.go", "\n// A comment changes no result.\n", "cached cached"},
		{"experiment/replica/pdelta.go", "\nfunc unusedProbe() int { return 1 }\n", "cached computed"},
		{"experiment/spinglass/ea2d.go", "\nfunc unusedProbe() int { return 1 }\n", "cached cached"},
		{"plm/hebb.go", "\nfunc unusedProbe() int { return 1 }\n", "computed computed"},
	}
	for _, s := range steps {
		if s.file != "" {
			f, err := os.OpenFile(filepath.Join(scratch, s.file), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.WriteString(s.edit)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := probe(); got != s.want {
			t.Errorf("after adding %q to %s: loss-forms and p-delta %s, want %s", s.edit, s.file, got, s.want)
		}
	}
}
