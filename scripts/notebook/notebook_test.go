package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/figure"
)

func TestRealNotebooksAreViews(t *testing.T) {
	paths, _ := filepath.Glob("../../notebooks/*.ipynb")
	if len(paths) < 8 {
		t.Fatalf("%d notebooks", len(paths))
	}
	report, err := checkCommand(paths)
	if err != nil {
		t.Errorf("%v\n%s", err, report)
	}
}

func writeNotebook(t *testing.T, cells ...map[string]any) string {
	t.Helper()
	nb := map[string]any{"cells": cells, "metadata": map[string]any{"kernelspec": map[string]any{"name": "plmlab"}}, "nbformat": 4, "nbformat_minor": 5}
	raw, _ := json.Marshal(nb)
	p := filepath.Join(t.TempDir(), "nb.ipynb")
	os.WriteFile(p, raw, 0o644)
	return p
}

func TestCheckFindsProblems(t *testing.T) {
	long := strings.Repeat("x := 1\n_ = x\n", 11)
	withOutput := codeCell("%%\nfmt.Println(1)\n", "x")
	withOutput["outputs"] = []any{map[string]any{"output_type": "stream"}}
	p := writeNotebook(t,
		codeCell("var A = 1\n", "parameters"),
		codeCell("var B = 2\n", "parameters"),
		codeCell("func helper() int { return 1 }\n\n%%\nfmt.Println(helper())\n", "x"),
		codeCell("type point struct{ X float64 }\n", "x"),
		codeCell("%%\nf := func() {}\nf()\n", "x"),
		codeCell("%%\n"+long, "x"),
		withOutput)
	problems, st, err := checkNotebook(p)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{"2 cells tagged parameters", "declares func helper", "declares a type", "a function literal", "23 lines", "has outputs", "no metadata.plmlab.summary"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems do not mention %q:\n%s", want, all)
		}
	}
	if st.longest != 23 {
		t.Errorf("longest cell %d lines", st.longest)
	}
}

func TestInjectErrors(t *testing.T) {
	nb := "../../notebooks/04_basins.ipynb"
	for _, c := range []struct{ p, want string }{
		{"Nope=1", "has no Nope (it has Seed, Basins, Training, Sizes, Clean)"},
		{"Basins=3", "set one of its fields"},
		{"Basins.Q=1", "has no field Q"},
		{"Basins.N=x", `Basins.N is of type int: "x" is not an integer`},
		{"Seed=-1", "not a non-negative integer"},
		{"Seed.X=1", "not a config"},
		{"Basins.Alpha=NaN", "not a finite number"},
		{"Sizes.Alphas=0.1,x", "item 2"},
		{"Basins.N", "want NAME=VALUE"},
	} {
		var out, errb bytes.Buffer
		if code := run([]string{"inject", nb, "-o", filepath.Join(t.TempDir(), "x.ipynb"), "-p", c.p}, &out, &errb); code != 2 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("-p %s: exit %d, %q (want %q)", c.p, code, errb.String(), c.want)
		}
	}
}

// TestInjectedValuesTakeEffect merges the parameters cell and the injected
// cell as GoNB does (a later declaration replaces an earlier one of the same
// name), compiles the result and prints the configs.
func TestInjectedValuesTakeEffect(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	out := filepath.Join(t.TempDir(), "x.ipynb")
	var so, se bytes.Buffer
	if code := run([]string{"inject", "../../notebooks/04_basins.ipynb", "-o", out, "-p", "Basins.N=50", "-p", "Seed=3", "-p", "Sizes.Alphas=0.2,0.5",
		"-p", "Basins.Rules=pl,hebb"}, &so, &se); code != 0 {
		t.Fatal(se.String())
	}
	nb, err := readNotebook(out)
	if err != nil {
		t.Fatal(err)
	}
	params, order, err := parseParameters(source(nb.cells[nb.tagged("parameters")[0]]))
	if err != nil {
		t.Fatal(err)
	}
	inj, _, err := parseParameters(source(nb.cells[nb.tagged("injected-parameters")[0]]))
	if err != nil {
		t.Fatal(err)
	}
	if p := nb.tagged("injected-parameters")[0]; p != nb.tagged("parameters")[0]+1 {
		t.Errorf("injected cell at %d, not right after the parameters cell", p)
	}
	var decls strings.Builder
	for _, n := range order {
		p := params[n]
		if q, ok := inj[n]; ok {
			p = q
		}
		typ := p.typ
		if p.config != nil {
			typ = ""
		}
		fmt.Fprintf(&decls, "var %s %s = %s\n", n, typ, p.value)
	}
	root, _ := filepath.Abs("../..")
	dir := t.TempDir()
	gomod, _ := os.ReadFile(filepath.Join(root, "go.mod"))
	goVersion := ""
	for _, l := range strings.Split(string(gomod), "\n") {
		if strings.HasPrefix(l, "go ") {
			goVersion = l
		}
	}
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module probe\n\n"+goVersion+"\n\nrequire github.com/plmlab/plmlab v0.0.0\n\nreplace github.com/plmlab/plmlab => "+root+"\n"), 0o644)
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte(`package main

import (
	"encoding/json"
	"os"

	"github.com/plmlab/plmlab/experiment/basins"
)

`+decls.String()+`
func main() { json.NewEncoder(os.Stdout).Encode([]any{Seed, Basins, Sizes, Clean}) }
`), 0o644)
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	res, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, res, decls.String())
	}
	var got []map[string]any
	var seed float64
	var raw []json.RawMessage
	json.Unmarshal(res, &raw)
	json.Unmarshal(raw[0], &seed)
	for _, r := range raw[1:] {
		var m map[string]any
		json.Unmarshal(r, &m)
		got = append(got, m)
	}
	if seed != 3 || got[0]["n"] != 50.0 || got[0]["seed"] != 3.0 || got[2]["seed"] != 3.0 || got[0]["alpha"] != 0.4 {
		t.Errorf("Seed %v, Basins %v, Clean %v", seed, got[0], got[2])
	}
	if a := fmt.Sprint(got[1]["alphas"]); a != "[0.2 0.5]" {
		t.Errorf("Sizes.Alphas = %s", a)
	}
	if r := fmt.Sprint(got[0]["rules"]); r != "[pl hebb]" {
		t.Errorf("Basins.Rules = %s", r)
	}
}

func TestCompare(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, p figure.Panel) string {
		raw, _ := json.Marshal(p)
		path := filepath.Join(dir, name)
		os.WriteFile(path, raw, 0o644)
		return path
	}
	s := []figure.Series{{Name: "a", X: []float64{1, 2}, Y: []float64{0.5, 0.25}}}
	a := write("a.json", figure.Panel{Panel: "a", Title: "one", Series: s})
	b := write("b.json", figure.Panel{Panel: "a", Title: "other title", Series: s, Params: map[string]any{"x": 1}})
	s2 := []figure.Series{{Name: "a", X: []float64{1, 2}, Y: []float64{0.5, 0.2500001}}}
	c := write("c.json", figure.Panel{Panel: "a", Series: s2})
	if err := compareFiles(a, b); err != nil {
		t.Errorf("same data: %v", err)
	}
	if err := compareFiles(a, c); err == nil {
		t.Error("different data compared equal")
	}
}

func TestSummaryProblem(t *testing.T) {
	for summary, want := range map[string]string{
		"Measures basins of attraction.":    "",
		"":                                  "no metadata",
		"The loss splits into perceptrons:": "full stop",
		"Stores $P$ patterns.":              "LaTeX",
		strings.Repeat("word ", 70) + ".":   "characters",
	} {
		meta := map[string]any{"plmlab": map[string]any{"summary": summary}}
		if got := summaryProblem(meta); (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%q: %q, want a problem mentioning %q", summary, got, want)
		}
	}
}
