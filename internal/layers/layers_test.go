package layers

import (
	"os/exec"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/plmlab/plmlab"

// layer names the layer of a module package (path relative to the module).
func layer(p string) string {
	switch {
	case strings.HasPrefix(p, "internal/"):
		return "internal"
	case p == "plm", p == "data", p == "figure", p == "plotting", p == "nb", p == "experiment":
		return p
	case p == "experiment/all":
		return "registry"
	case p == "experiment/internal/sweep":
		return "sweep"
	case p == "experiment/internal/exptest":
		return "exptest"
	case p == "experiment/dca", p == "experiment/userdata":
		return "userdata"
	case strings.HasPrefix(p, "experiment/") && strings.Count(p, "/") == 1:
		return "family"
	case strings.HasPrefix(p, "scripts/"):
		return "command"
	}
	return "unknown"
}

// allowed lists, for each layer, the layers its packages may import.
var allowed = map[string][]string{
	"internal": {"internal"},
	"plm":      {"internal"},
	"data":     {"plm", "internal"},
	"figure":   {"internal"},
	// The machinery knows configs, results and figures, not experiments.
	"experiment": {"plm", "data", "figure", "internal"},
	"sweep":      {"experiment", "plm", "data", "figure", "internal"},
	"family":     {"experiment", "sweep", "plm", "data", "figure", "internal"},
	"userdata":   {"experiment", "plm", "data", "figure", "internal"},
	"registry":   {"family"},
	"exptest":    {"experiment", "plm", "data", "figure", "internal"},
	"plotting":   {"figure", "internal"},
	"nb":         {"experiment", "userdata", "plotting", "figure", "plm", "internal"},
	"command":    {"registry", "family", "userdata", "experiment", "plotting", "nb", "figure", "data", "plm", "internal", "command"},
}

// Edges the layers alone would refuse, each for a reason.
var exceptions = map[string]string{
	"experiment/inference -> experiment/spinglass": "inference reconstructs the spin glass's couplings from its samples",
	"nb -> experiment/training":                    "the live training curves are the training family's figures",
}

// Within plotting only the module's file helpers, not the BLAS or the
// science: it draws figure data.
var plottingInternal = map[string]bool{"internal/atomicfile": true, "internal/paths": true, "internal/userfile": true}

// Outside the module, plotting uses the chart libraries only.
var plottingExternal = []string{"github.com/go-echarts/go-echarts/v2/", "gonum.org/v1/plot"}

// The site builder links no science: it copies rendered pages.
var noScience = map[string][]string{"scripts/pages": {"plm", "data", "experiment", "family", "sweep", "nb", "internal/linalg"}}

type pkg struct {
	path    string
	imports []string
	deps    []string
}

func list(t *testing.T) []pkg {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command (go list):", err)
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .Deps \" \"}}", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var ps []pkg
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		if len(f) != 3 {
			t.Fatalf("go list printed %q", line)
		}
		ps = append(ps, pkg{f[0], strings.Fields(f[1]), strings.Fields(f[2])})
	}
	if len(ps) < 20 {
		t.Fatalf("go list found %d packages of the module", len(ps))
	}
	return ps
}

func rel(p string) (string, bool) {
	if p == module {
		return ".", true
	}
	r, ok := strings.CutPrefix(p, module+"/")
	return r, ok
}

func TestImportsFollowTheLayers(t *testing.T) {
	var bad []string
	for _, p := range list(t) {
		from, _ := rel(p.path)
		lf := layer(from)
		if lf == "unknown" {
			bad = append(bad, from+": in no layer (add it to layer in internal/layers)")
			continue
		}
		for _, im := range p.imports {
			to, inModule := rel(im)
			if !inModule {
				if lf == "plotting" && strings.Contains(im, ".") && !hasPrefix(im, plottingExternal) {
					bad = append(bad, from+" -> "+im+": plotting uses the chart libraries only")
				}
				continue
			}
			edge := from + " -> " + to
			if _, ok := exceptions[edge]; ok {
				continue
			}
			lt := layer(to)
			if lf == "plotting" && lt == "internal" && !plottingInternal[to] {
				bad = append(bad, edge+": plotting may use the file helpers of internal only")
				continue
			}
			if lf == lt && lf != "internal" && lf != "command" {
				bad = append(bad, edge+": two packages of the "+lf+" layer (add an exception with its reason)")
				continue
			}
			if !contains(allowed[lf], lt) {
				bad = append(bad, edge+": "+lf+" may not import "+lt)
			}
		}
		for _, forbidden := range noScience[from] {
			for _, d := range p.deps {
				if to, ok := rel(d); ok && (to == forbidden || layer(to) == forbidden) {
					bad = append(bad, from+" links "+to)
				}
			}
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
}

// The rules bite: an edge from the science core up to the notebook side,
// and one between two families, are refused.
func TestLayersRefuse(t *testing.T) {
	for _, e := range [][2]string{{"plm", "nb"}, {"plotting", "experiment"}, {"figure", "plm"}, {"experiment", "experiment/basins"}} {
		if contains(allowed[layer(e[0])], layer(e[1])) {
			t.Errorf("%s -> %s is allowed", e[0], e[1])
		}
	}
	if layer("experiment/basins") != layer("experiment/mnist") || layer("experiment/basins") != "family" {
		t.Error("two experiment families are not in one layer")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
