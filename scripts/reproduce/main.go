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
	// set when the flag was given (an explicit -plan 0 or empty -shard
	// is an error, not the whole panel)
	planSet, shardSet bool
}

// runPanel runs one panel from its command line: the config from the
// flags, then a plan, a shard or the whole panel.
func runPanel(entry experiment.Entry, args []string, stdout, stderr io.Writer) int {
	name := entry.Name
	o, cfg, code, done := panelConfig(entry, args, stderr)
	if done {
		return code
	}
	if o.planSet {
		if o.plan < 1 {
			fmt.Fprintf(stderr, "reproduce %s: -plan %d: need a number of shards ≥ 1\n", name, o.plan)
			return 2
		}
		return plan(entry, cfg, o.plan, stdout, stderr)
	}
	var shard experiment.Shard
	if o.shardSet {
		var err error
		if shard, err = checkShard(entry, cfg, o.shard); err != nil {
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
		stopProfile, code := startProfile(name, o.cpuProfile, stderr)
		if stopProfile == nil {
			return code
		}
		defer stopProfile()
	}
	if o.shardSet {
		return runShard(ctx, entry, cfg, shard, o, progress, end, stdout, stderr)
	}
	return runWhole(ctx, entry, cfg, o.out, progress, end, stdout, stderr)
}

// panelConfig parses a panel's flags and returns its options and the
// validated config they make; done means exit now with code (-h, a bad
// flag or value).
func panelConfig(entry experiment.Entry, args []string, stderr io.Writer) (o options, cfg experiment.Config, code int, done bool) {
	name := entry.Name
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
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
		return o, nil, 1, true
	}
	fs.Usage = func() { panelUsage(entry, fs, flags, stderr) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, nil, 0, true
		}
		return o, nil, 2, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "reproduce: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return o, nil, 2, true
	}
	base := entry.Quick()
	switch {
	case o.paper && o.config != "":
		fmt.Fprintf(stderr, "reproduce %s: -paper and -config both choose where to start; give one\n", name)
		return o, nil, 2, true
	case o.paper:
		base = entry.PaperPreset()
	case o.config != "":
		if base, err = readConfig(entry, o.config); err != nil {
			fmt.Fprintf(stderr, "reproduce %s: %v\n", name, err)
			return o, nil, 2, true
		}
	}
	cfg = flags.Over(base)
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "reproduce %s: %v (see -h)\n", name, err)
		return o, nil, 2, true
	}
	fs.Visit(func(f *flag.Flag) {
		o.planSet = o.planSet || f.Name == "plan"
		o.shardSet = o.shardSet || f.Name == "shard"
	})
	if o.shardSet && o.shard == "" {
		fmt.Fprintf(stderr, "reproduce %s: -shard is empty: give i/n (for example 0/3), or leave the flag out to compute the whole panel\n", name)
		return o, nil, 2, true
	}
	return o, cfg, 0, false
}

// panelUsage prints a panel's flags with their types and quick defaults.
func panelUsage(entry experiment.Entry, fs *flag.FlagSet, flags *experiment.Flags, stderr io.Writer) {
	fmt.Fprintf(stderr, "usage: go run ./scripts/reproduce %s [flags]\n%s\n\nflags (defaults: the quick preset):\n", entry.Name, entry.About)
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

// checkShard parses -shard i/n and checks that the panel's grid splits so.
func checkShard(entry experiment.Entry, cfg experiment.Config, spec string) (experiment.Shard, error) {
	shard, err := experiment.ParseShard(spec)
	if err != nil {
		return shard, err
	}
	pts, err := entry.Points(cfg)
	if err != nil {
		return shard, err
	}
	_, err = experiment.Assign(pts, shard.Count)
	return shard, err
}

// startProfile starts a CPU profile into path and returns the function
// that stops it, or nil and the exit code.
func startProfile(name, path string, stderr io.Writer) (stop func(), code int) {
	if err := userfile.CheckTarget(path); err != nil {
		fmt.Fprintf(stderr, "reproduce %s: -cpuprofile: %v\n", name, err)
		return nil, 2
	}
	f, err := os.Create(path)
	if err == nil {
		if err = pprof.StartCPUProfile(f); err != nil {
			f.Close()
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "reproduce %s: CPU profile: %v\n", name, err)
		return nil, 1
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(stderr, "reproduce %s: CPU profile: %v\n", name, err)
		}
	}, 0
}

// runWhole runs the whole panel (through the cache) and writes its
// figures into out.
func runWhole(ctx context.Context, entry experiment.Entry, cfg experiment.Config, out string, progress experiment.Progress, end func(), stdout, stderr io.Writer) int {
	name := entry.Name
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
	paths, err := plotting.SaveFigures(res.Figures(), out)
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
