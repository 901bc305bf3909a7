// Command reproduce runs plmlab's experiments from the command line and
// writes their figures as data and pictures:
//
//	go run ./scripts/reproduce PANEL [flags]       writes DIR/PANEL*.json, .svg, .png
//	go run ./scripts/reproduce PANEL -shard i/n    only shard i of n: DIR/PANEL.shard-i-of-n.json
//	go run ./scripts/reproduce merge -out DIR FILE…   shards → DIR/PANEL*.json, .svg, .png
//	go run ./scripts/reproduce list [-paper]       the experiments (-paper: the paper's panels)
//	go run ./scripts/reproduce cache COMMAND       dir, list [NAME], clear [NAME], prune
//
// Every experiment of package experiment is a panel; its flags and their
// help come from its config (run 'PANEL -h'). Defaults are the quick
// preset (about a minute); -paper switches to the paper's sizes, and a
// flag given explicitly always wins over the preset. -config FILE reads a
// config (or a panel JSON written earlier, to rerun it). Results go through
// the cache (see 'cache'); -fresh recomputes them.
//
// Sweeps split across machines: -shard i/n computes only shard i (from 0)
// of the panel's grid points, balanced by estimated cost (-plan n prints
// the split); every point draws from its own random streams, so merge
// writes the same figure data as the unsharded run. scripts/slurm.sh does
// both on a Slurm cluster.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/plmlab/plmlab/internal/interrupt"
	"github.com/plmlab/plmlab/internal/linalg"
	"github.com/plmlab/plmlab/internal/userfile"

	"github.com/plmlab/plmlab/experiment"
	_ "github.com/plmlab/plmlab/experiment/all" // every experiment, by name
	"github.com/plmlab/plmlab/plotting"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: go run ./scripts/reproduce PANEL [flags]   (PANEL -h lists its flags)")
	fmt.Fprintln(w, "       go run ./scripts/reproduce PANEL -shard i/n [flags]   (one shard of the panel's grid)")
	fmt.Fprintln(w, "       go run ./scripts/reproduce merge -out DIR FILE…       (shard files → the panel)")
	fmt.Fprintln(w, "       go run ./scripts/reproduce list [-paper]")
	fmt.Fprintln(w, "       go run ./scripts/reproduce cache dir | list [NAME] | clear [NAME] | prune")
	fmt.Fprintln(w, "\npanels of the paper:")
	for _, e := range experiment.All() {
		if e.Paper {
			fmt.Fprintf(w, "  %-20s %s\n", e.Name, e.About)
		}
	}
	fmt.Fprintln(w, "\nother experiments (notebooks):")
	for _, e := range experiment.All() {
		if !e.Paper {
			fmt.Fprintf(w, "  %-20s %s\n", e.Name, e.About)
		}
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "list":
		return list(args[1:], stdout, stderr)
	case "cache":
		return cacheCommand(args[1:], stdout, stderr)
	case "merge":
		return merge(args[1:], stdout, stderr)
	}
	entry, ok := experiment.Lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "reproduce: unknown panel %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	return runPanel(entry, args[1:], stdout, stderr)
}

// options are the flags every panel has.
type options struct {
	out, config    string
	cpuProfile     string
	paper, quiet   bool
	fresh, noCache bool
	shard          string
	plan           int
}

func runPanel(entry experiment.Entry, args []string, stdout, stderr io.Writer) int {
	name := entry.Name
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.out, "out", "out", "output directory")
	fs.BoolVar(&o.paper, "paper", false, "start from the paper's sizes and grids instead of the quick preset (slow)")
	fs.StringVar(&o.config, "config", "", "start from the config in this JSON file (a config, or a panel JSON written by reproduce)")
	fs.BoolVar(&o.quiet, "q", false, "no progress line")
	fs.BoolVar(&o.fresh, "fresh", false, "recompute even if the cache has the result (and overwrite it)")
	fs.BoolVar(&o.noCache, "no-cache", false, "neither read nor write the cache")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file (read it with go tool pprof)")
	fs.StringVar(&o.shard, "shard", "", "compute only shard i/n of the grid points (i from 0) and write DIR/PANEL.shard-i-of-n.json; merge them with 'reproduce merge'")
	fs.IntVar(&o.plan, "plan", 0, "print how the grid points split into this many shards, and exit")
	flags, err := experiment.BindFlags(fs, entry.Quick(), entry.PaperPreset())
	if err != nil {
		fmt.Fprintf(stderr, "reproduce %s: %v\n", name, err)
		return 1
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./scripts/reproduce %s [flags]\n%s\n\nflags (defaults: the quick preset):\n", name, entry.About)
		fs.VisitAll(func(f *flag.Flag) {
			typ := flags.TypeName(f.Name)
			if typ == "" && f.DefValue != "false" {
				typ = "string"
			}
			def := ""
			if f.DefValue != "" && f.DefValue != "false" {
				def = " (default " + f.DefValue + ")"
			}
			fmt.Fprintf(stderr, "  -%s %s\n    \t%s%s\n", f.Name, typ, f.Usage, def)
		})
	}
	if err := fs.Parse(args); err != nil {
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
	base := entry.Quick()
	switch {
	case o.paper && o.config != "":
		fmt.Fprintf(stderr, "reproduce %s: -paper and -config both choose where to start; give one\n", name)
		return 2
	case o.paper:
		base = entry.PaperPreset()
	case o.config != "":
		if base, err = readConfig(entry, o.config); err != nil {
			fmt.Fprintf(stderr, "reproduce %s: %v\n", name, err)
			return 2
		}
	}
	cfg := flags.Over(base)
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "reproduce %s: %v (see -h)\n", name, err)
		return 2
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["plan"] {
		if o.plan < 1 {
			fmt.Fprintf(stderr, "reproduce %s: -plan %d: need a number of shards ≥ 1\n", name, o.plan)
			return 2
		}
		return plan(entry, cfg, o.plan, stdout, stderr)
	}
	if set["shard"] && o.shard == "" {
		fmt.Fprintf(stderr, "reproduce %s: -shard is empty: give i/n (for example 0/3), or leave the flag out to compute the whole panel\n", name)
		return 2
	}
	var shard experiment.Shard
	if o.shard != "" {
		var pts []experiment.GridPoint
		if shard, err = experiment.ParseShard(o.shard); err == nil {
			pts, err = entry.Points(cfg)
		}
		if err == nil {
			_, err = experiment.Assign(pts, shard.Count)
		}
		if err != nil {
			fmt.Fprintf(stderr, "reproduce %s: %v\n", name, err)
			return 2
		}
	}
	ctx, stop := interrupt.Context(context.Background(), stderr)
	defer stop()
	if o.noCache {
		ctx = experiment.WithCache(ctx, nil)
	} else if o.fresh {
		ctx = experiment.Fresh(ctx)
	}
	progress, end := experiment.LineProgress(stderr)
	if o.quiet {
		progress, end = nil, func() {}
	} else {
		fmt.Fprintf(stderr, "reproduce %s: matrix products on %s\n", name, linalg.Backend)
	}
	if o.cpuProfile != "" {
		if err := userfile.CheckTarget(o.cpuProfile); err != nil {
			fmt.Fprintf(stderr, "reproduce %s: -cpuprofile: %v\n", name, err)
			return 2
		}
		f, err := os.Create(o.cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "reproduce %s: CPU profile: %v\n", name, err)
			return 1
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	if o.shard != "" {
		return runShard(ctx, entry, cfg, shard, o, progress, end, stdout, stderr)
	}
	cached := false
	start := time.Now()
	res, err := entry.Run(ctx, cfg, func(r experiment.Report) {
		cached = cached || r.Cache == "hit"
		if progress != nil && r.Cache == "" {
			progress(r)
		}
	})
	end()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = errors.New("interrupted; nothing was written")
		}
		fmt.Fprintf(stderr, "reproduce %s: %v\n", name, err)
		return 1
	}
	paths, err := plotting.SaveFigures(res.Figures(), o.out)
	if err != nil {
		fmt.Fprintf(stderr, "reproduce %s: %v\n", name, err)
		return 1
	}
	how := fmt.Sprintf("in %.1fs", time.Since(start).Seconds())
	if cached {
		how = "from the cache"
	}
	fmt.Fprintf(stdout, "%s: wrote %s %s\n", name, strings.Join(paths, ", "), how)
	return 0
}

// readConfig reads a config of the entry's type from a JSON file: a bare
// config, or a panel JSON (its "config" member) of this experiment. Fields
// the file leaves out keep their quick-preset values; unknown fields, a
// second document, trailing bytes, null and a panel of another experiment
// are errors.
func readConfig(entry experiment.Entry, path string) (experiment.Config, error) {
	raw, err := userfile.Read(path, maxConfigBytes)
	if err != nil {
		return nil, err
	}
	if err := oneObject(raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var panel struct {
		Panel  string          `json:"panel"`
		Config json.RawMessage `json:"config"`
	}
	if json.Unmarshal(raw, &panel) == nil && panel.Config != nil {
		if owner := experiment.PanelOwner(panel.Panel); owner != entry.Name {
			return nil, fmt.Errorf("%s is a figure of %s (panel %q), not of %s: run 'reproduce %s -config %s'", path, orUnknown(owner), panel.Panel, entry.Name, orUnknown(owner), path)
		}
		raw = panel.Config
		if err := oneObject(raw); err != nil {
			return nil, fmt.Errorf("%s: config: %w", path, err)
		}
	}
	v := reflect.New(entry.Type)
	v.Elem().Set(reflect.ValueOf(entry.Quick()))
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Interface()); err != nil {
		return nil, fmt.Errorf("%s is not a %s config: %w", path, entry.Name, err)
	}
	return v.Elem().Interface().(experiment.Config), nil
}

// maxConfigBytes bounds a config or panel file: 64 MiB.
const maxConfigBytes = 64 << 20

// oneObject accepts exactly one JSON object and nothing after it.
func oneObject(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if t := bytes.TrimSpace(v); len(t) == 0 || t[0] != '{' {
		return fmt.Errorf("holds %.20s, not a JSON object", t)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("holds more than one JSON value (or bytes after the object)")
	}
	return nil
}

func orUnknown(name string) string {
	if name == "" {
		return "no known experiment"
	}
	return name
}

func list(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	paper := fs.Bool("paper", false, "only the panels of the paper's figures")
	if fs.Parse(args) != nil || fs.NArg() > 0 {
		return 2
	}
	for _, e := range experiment.All() {
		if e.Paper || !*paper {
			fmt.Fprintln(stdout, e.Name)
		}
	}
	return 0
}

func cacheCommand(args []string, stdout, stderr io.Writer) int {
	c, err := experiment.DefaultCache()
	if err != nil {
		fmt.Fprintln(stderr, "reproduce cache:", err)
		return 1
	}
	if len(args) == 0 || len(args) > 2 {
		fmt.Fprintln(stderr, "usage: go run ./scripts/reproduce cache dir | list [NAME] | clear [NAME] | prune")
		return 2
	}
	name := ""
	if len(args) == 2 {
		name = args[1]
	}
	switch args[0] {
	case "dir":
		fmt.Fprintln(stdout, c.Dir)
	case "list":
		es, err := c.List(name)
		if err != nil {
			fmt.Fprintln(stderr, "reproduce cache:", err)
			return 1
		}
		for _, e := range es {
			stale := ""
			if e.Stale {
				stale = "  (stale: other library code)"
			}
			fmt.Fprintf(stdout, "%-20s %s %8.1f kB  %s%s\n", e.Name, e.Created.Local().Format("2006-01-02 15:04"), float64(e.Bytes)/1e3, e.Config, stale)
		}
	case "clear":
		n, err := c.Clear(name)
		if n > 0 || err == nil {
			fmt.Fprintf(stdout, "removed %d files from %s\n", n, filepath.Join(c.Dir, name))
		}
		if err != nil {
			fmt.Fprintln(stderr, "reproduce cache:", err)
			return 1
		}
	case "prune":
		n, err := c.Prune()
		if err != nil {
			fmt.Fprintln(stderr, "reproduce cache:", err)
			return 1
		}
		fmt.Fprintf(stdout, "removed %d stale entries from %s\n", n, c.Dir)
	default:
		fmt.Fprintf(stderr, "reproduce cache: unknown command %q (dir, list, clear, prune)\n", args[0])
		return 2
	}
	return 0
}
