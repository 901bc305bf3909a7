// Command reproduce writes the paper's panels as data and figures:
//
//	go run ./scripts/reproduce PANEL [flags] -out DIR
//
// writes DIR/PANEL.json, DIR/PANEL.svg and DIR/PANEL.png. Every panel runs
// in about a minute by default; -paper switches to the paper's sizes and
// grids. Run it with no arguments for the list of panels.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"time"

	"github.com/plmlab/plmlab/plotting"
)

// panel is one reproducible figure panel.
type panel struct {
	about string
	// flags registers the panel's own flags and returns the runner.
	flags func(fs *flag.FlagSet, c *common) func(ctx context.Context) (*plotting.Panel, error)
}

// common flags of every panel.
type common struct {
	out   string
	seed  uint64
	paper bool
	quiet bool
}

var panels = map[string]panel{}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: go run ./scripts/reproduce PANEL [flags] -out DIR")
	fmt.Fprintln(w, "\npanels:")
	names := make([]string, 0, len(panels))
	for n := range panels {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, panels[n].about)
	}
	fmt.Fprintln(w, "\nrun 'go run ./scripts/reproduce PANEL -h' for a panel's flags")
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		usage(stderr)
		return 2
	}
	name := args[0]
	p, ok := panels[name]
	if !ok {
		fmt.Fprintf(stderr, "reproduce: unknown panel %q\n\n", name)
		usage(stderr)
		return 2
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &common{}
	fs.StringVar(&c.out, "out", "out", "output directory")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed (same seed, same numbers)")
	fs.BoolVar(&c.paper, "paper", false, "use the paper's sizes and grids (slow)")
	fs.BoolVar(&c.quiet, "q", false, "no progress line")
	runner := p.flags(fs, c)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./scripts/reproduce %s [flags] -out DIR\n%s\n\nflags:\n", name, p.about)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "reproduce: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	progressOut = stderr
	if c.quiet {
		progressOut = io.Discard
	}
	start := time.Now()
	res, err := runner(ctx)
	endProgress()
	if err != nil {
		var bad badFlag
		if errors.As(err, &bad) {
			fmt.Fprintf(stderr, "reproduce %s: %v\n", name, err)
			fs.Usage()
			return 2
		}
		fmt.Fprintf(stderr, "reproduce %s: %v\n", name, err)
		return 1
	}
	res.Panel = name
	if res.Params == nil {
		res.Params = map[string]any{}
	}
	res.Params["seed"] = c.seed
	res.Params["paper"] = c.paper
	paths, err := plotting.SavePanel(res, c.out)
	if err != nil {
		fmt.Fprintf(stderr, "reproduce %s: %v\n", name, err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: wrote %s in %.1fs\n", name, strings.Join(paths, ", "), time.Since(start).Seconds())
	return 0
}

// badFlag is an impossible parameter value: usage and exit code 2.
type badFlag struct{ msg string }

func (b badFlag) Error() string { return b.msg }

func badf(format string, a ...any) error { return badFlag{fmt.Sprintf(format, a...)} }
