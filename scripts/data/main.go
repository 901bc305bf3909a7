// Command data fetches the public data files plmlab uses and says where
// they are.
//
//	go run ./scripts/data fetch     download what is missing (checksums verified)
//	go run ./scripts/data where     print where each file is found, or how to get it (exit 1 if one is not found)
//
// Files are looked up as data.Remote.Find does (a path in the file's
// environment variable, else the user's data folder: $PLMLAB_DATA, else
// $XDG_DATA_HOME/plmlab, else ~/.local/share/plmlab); fetch downloads into
// the data folder only what neither has. A variable that names no regular
// file is an error for both.
// scripts/setup.sh --data runs fetch.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/internal/interrupt"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || (args[0] != "fetch" && args[0] != "where") {
		fmt.Fprintln(stderr, "usage: go run ./scripts/data fetch|where")
		return 2
	}
	dir, err := data.DataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	ctx, stop := interrupt.Context(context.Background(), stderr)
	defer stop()
	failed := 0
	for _, r := range data.Remotes {
		p, err := r.Find()
		if err == nil {
			fmt.Fprintf(stdout, "data: %s: %s\n", r.Name, p)
			continue
		}
		var bad *data.VariableError
		if args[0] == "where" || errors.As(err, &bad) {
			// A variable naming no file is the user's choice gone wrong:
			// downloading elsewhere would not be used.
			fmt.Fprintln(stdout, err)
			failed++
			continue
		}
		fmt.Fprintf(stdout, "data: downloading %s from %s\n", r.Name, r.Source)
		fctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		last := time.Now()
		p, err = r.Fetch(fctx, dir, func(done, total int64) {
			if time.Since(last) > time.Second {
				last = time.Now()
				fmt.Fprintf(stdout, "data: %s: %.1f MB\n", r.Name, float64(done)/1e6)
			}
		})
		cancel()
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed++
			continue
		}
		fmt.Fprintf(stdout, "data: %s: %s (SHA-256 verified)\n", r.Name, p)
	}
	if failed > 0 {
		return 1
	}
	return 0
}
