package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
)

// Limits of a notebook that is a view over the experiment package.
const (
	maxCellLines  = 20
	maxTotalLines = 400
)

// cellStats is what check measures of one notebook.
type cellStats struct {
	lines, longest int
}

// checkNotebook returns the problems of one notebook and its Go lines.
func checkNotebook(path string) ([]string, cellStats, error) {
	nb, err := readNotebook(path)
	if err != nil {
		return nil, cellStats{}, err
	}
	var problems []string
	var st cellStats
	if n := len(nb.tagged("parameters")); n != 1 {
		problems = append(problems, fmt.Sprintf("%d cells tagged parameters, want 1", n))
	}
	var ks map[string]any
	if err := jsonUnmarshal(nb.raw["metadata"], &ks); err == nil {
		if spec, _ := ks["kernelspec"].(map[string]any); spec["name"] != "plmlab" {
			problems = append(problems, fmt.Sprintf("kernel %v, want plmlab", spec["name"]))
		}
		if p := summaryProblem(ks); p != "" {
			problems = append(problems, p)
		}
	}
	for k, c := range nb.cells {
		if !isCode(c) {
			continue
		}
		if outs, _ := c["outputs"].([]any); len(outs) > 0 {
			problems = append(problems, fmt.Sprintf("cell %d has outputs (commit notebooks cleared)", k))
		}
		src := source(c)
		n := len(strings.Split(strings.TrimRight(src, "\n"), "\n"))
		st.lines += n
		st.longest = max(st.longest, n)
		if n > maxCellLines {
			problems = append(problems, fmt.Sprintf("cell %d has %d lines (at most %d: move the code into package experiment)", k, n, maxCellLines))
		}
		if d := declarations(src); d != "" {
			problems = append(problems, fmt.Sprintf("cell %d declares %s (declarations belong in the library)", k, d))
		}
	}
	return problems, st, nil
}

// declarations names the func or type declarations of a cell, if any.
func declarations(src string) string {
	decls, _, _ := strings.Cut(src, "%%") // the part GoNB keeps as declarations
	body := strings.TrimPrefix(src, decls)
	fset := token.NewFileSet()
	var found []string
	if f, err := parser.ParseFile(fset, "", "package p\n"+decls, 0); err == nil {
		for _, d := range f.Decls {
			switch x := d.(type) {
			case *ast.FuncDecl:
				found = append(found, "func "+x.Name.Name)
			case *ast.GenDecl:
				if x.Tok == token.TYPE {
					found = append(found, "a type")
				}
			}
		}
	}
	if body != "" {
		if f, err := parser.ParseFile(fset, "", "package p\nfunc main() {\n"+strings.TrimPrefix(body, "%%")+"\n}", 0); err == nil {
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.FuncLit:
					found = append(found, "a function literal")
				case *ast.GenDecl:
					if x.Tok == token.TYPE {
						found = append(found, "a type")
					}
				}
				return true
			})
		}
	}
	return strings.Join(found, ", ")
}

func checkCommand(paths []string) (string, error) {
	if len(paths) == 0 {
		return "", usageError("check needs notebooks")
	}
	var b strings.Builder
	total, longest, bad := 0, 0, 0
	for _, p := range paths {
		problems, st, err := checkNotebook(p)
		if err != nil {
			return b.String(), err
		}
		total += st.lines
		longest = max(longest, st.longest)
		status := "ok"
		if len(problems) > 0 {
			status = "PROBLEMS: " + strings.Join(problems, "; ")
			bad++
		}
		fmt.Fprintf(&b, "%-34s %3d lines of Go, longest cell %2d: %s\n", filepath.Base(p), st.lines, st.longest, status)
	}
	fmt.Fprintf(&b, "all: %d lines of Go (at most %d), longest cell %d lines (at most %d)\n", total, maxTotalLines, longest, maxCellLines)
	if total > maxTotalLines {
		bad++
	}
	if bad > 0 {
		return b.String(), fmt.Errorf("%d notebook check(s) failed", bad)
	}
	return b.String(), nil
}

// summaryProblem checks metadata.plmlab.summary, the sentence the
// published site's index shows for the notebook: one or two whole
// sentences, plain enough for a list.
func summaryProblem(meta map[string]any) string {
	pl, _ := meta["plmlab"].(map[string]any)
	s, _ := pl["summary"].(string)
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "no metadata.plmlab.summary (the site's index shows it)"
	case len(s) > 300:
		return fmt.Sprintf("metadata.plmlab.summary has %d characters (at most 300)", len(s))
	case !strings.HasSuffix(s, "."):
		return "metadata.plmlab.summary must end a sentence with a full stop"
	case strings.Contains(s, "$"):
		return "metadata.plmlab.summary holds LaTeX ($): the index shows plain text"
	}
	return ""
}
