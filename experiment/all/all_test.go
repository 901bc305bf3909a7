package all

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/experiment"
)

const module = "github.com/plmlab/plmlab/"

// Every registered experiment is run by a test of its own package: some
// _test.go file there builds its config (TypeName{…}).
func TestEveryExperimentIsTested(t *testing.T) {
	if len(experiment.All()) < 28 {
		t.Fatalf("%d experiments registered, want every family's (at least 28)", len(experiment.All()))
	}
	tests := map[string]string{} // package dir → its test sources
	for _, e := range experiment.All() {
		dir := filepath.Join("..", "..", strings.TrimPrefix(e.Type.PkgPath(), module))
		if _, ok := tests[dir]; !ok {
			files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, f := range files {
				src, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				b.Write(src)
			}
			tests[dir] = b.String()
		}
		name := e.Type.Name()
		if !strings.Contains(tests[dir], name+"{") {
			t.Errorf("experiment %s (%s) has no test in %s that builds a %s config", e.Name, e.Type, dir, name)
		}
	}
}
