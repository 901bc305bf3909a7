// Command notebook works on plmlab's notebooks without running them:
//
//	go run ./scripts/notebook inject NOTEBOOK -o OUT.ipynb [-p NAME=VALUE]...
//	go run ./scripts/notebook check NOTEBOOK...
//	go run ./scripts/notebook compare A.json B.json
//	go run ./scripts/notebook numbers -figures DIR NOTEBOOK...
//
// inject writes a copy of NOTEBOOK with a cell tagged injected-parameters
// right after the cell tagged parameters (papermill's convention): the
// values given with -p, checked against the parameters cell before anything
// runs. NAME is a variable of the parameters cell (Seed=3) or a field of a
// config there (Basins.N=1000, Sizes.Alphas=0.1,0.5,1); an unknown name or
// a value of the wrong type is an error. scripts/run-notebook.sh uses it.
//
// check enforces what notebooks are: views with one parameters cell, no
// func or type declarations, no code cell over 20 lines and under 400 lines
// of Go in all. compare says whether two figure files (reproduce's PANEL.json
// or a notebook's, see nb.FiguresDirEnv) hold the same figure data.
// numbers checks each number a notebook's prose quotes, where a comment
// ties it to a value of the figure data the executed notebook wrote into
// DIR/NAME/ (see numbers.go for the comment's form): a disagreement is an
// error naming the notebook, the sentence and both values.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `usage: go run ./scripts/notebook inject NOTEBOOK -o OUT.ipynb [-p NAME=VALUE]...
       go run ./scripts/notebook check NOTEBOOK...
       go run ./scripts/notebook compare A.json B.json
       go run ./scripts/notebook numbers -figures DIR NOTEBOOK...`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "inject":
		err = injectCommand(args[1:])
	case "check":
		var report string
		report, err = checkCommand(args[1:])
		fmt.Fprint(stdout, report)
	case "numbers":
		var report string
		report, err = numbersCommand(args[1:])
		fmt.Fprint(stdout, report)
	case "compare":
		if len(args) != 3 {
			err = usageError("compare takes two files")
		} else {
			err = compareFiles(args[1], args[2])
			if err == nil {
				fmt.Fprintf(stdout, "same figure data: %s and %s\n", args[1], args[2])
			}
		}
	default:
		err = usageError(fmt.Sprintf("unknown command %q", args[0]))
	}
	if err != nil {
		fmt.Fprintln(stderr, "notebook:", err)
		if _, ok := err.(usageError); ok {
			fmt.Fprintln(stderr, usage)
		}
		return 2
	}
	return 0
}

type usageError string

func (u usageError) Error() string { return string(u) }

func injectCommand(args []string) error {
	var in, out string
	var params []string
	for k := 0; k < len(args); k++ {
		a := args[k]
		switch {
		case a == "-o" || a == "-p":
			if k+1 == len(args) {
				return usageError(a + " needs a value")
			}
			k++
			if a == "-o" {
				out = args[k]
			} else {
				params = append(params, args[k])
			}
		case strings.HasPrefix(a, "-"):
			return usageError("unknown option " + a)
		case in == "":
			in = a
		default:
			return usageError("more than one notebook: " + a)
		}
	}
	if in == "" || out == "" {
		return usageError("inject needs a notebook and -o OUT.ipynb")
	}
	nb, err := readNotebook(in)
	if err != nil {
		return err
	}
	if err := nb.inject(params); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	return nb.write(out)
}
