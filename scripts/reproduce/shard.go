package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/internal/atomicfile"
	"github.com/plmlab/plmlab/plotting"
)

// plan prints how the grid points of cfg split into n shards.
func plan(entry experiment.Entry, cfg experiment.Config, n int, stdout, stderr io.Writer) int {
	pts, err := entry.Points(cfg)
	var shards [][]int
	if err == nil {
		shards, err = experiment.Assign(pts, n)
	}
	if err != nil {
		fmt.Fprintf(stderr, "reproduce %s: %v\n", entry.Name, err)
		return 2
	}
	var total float64
	for _, p := range pts {
		total += p.Cost
	}
	fmt.Fprintf(stdout, "%s: %d grid points in %d shards, balanced by estimated cost\n", entry.Name, len(pts), n)
	for i, idx := range shards {
		var cost float64
		labels := make([]string, len(idx))
		for j, k := range idx {
			cost += pts[k].Cost
			labels[j] = pts[k].Label
		}
		fmt.Fprintf(stdout, "shard %d/%d  %3d points  %5.1f%% of the cost  %s\n", i, n, len(idx), 100*cost/total, strings.Join(labels, "; "))
	}
	return 0
}

// runShard computes one shard and writes its file.
func runShard(ctx context.Context, entry experiment.Entry, cfg experiment.Config, s experiment.Shard, o options,
	progress experiment.Progress, end func(), stdout, stderr io.Writer) int {
	f, err := entry.RunShard(ctx, cfg, s, progress)
	end()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = errors.New("interrupted; the points finished so far are in the cache, the shard file was not written")
		}
		fmt.Fprintf(stderr, "reproduce %s: shard %v: %v\n", entry.Name, s, err)
		return 1
	}
	b, err := json.MarshalIndent(f, "", " ")
	if err == nil {
		err = os.MkdirAll(o.out, 0o755)
	}
	path := filepath.Join(o.out, s.FileName(entry.Name))
	if err == nil {
		err = atomicfile.Write(path, atomicfile.Bytes(b))
	}
	if err != nil {
		fmt.Fprintf(stderr, "reproduce %s: %v\n", entry.Name, err)
		return 1
	}
	cached := 0
	for _, p := range f.Points {
		if p.Cached {
			cached++
		}
	}
	fmt.Fprintf(stdout, "%s: wrote %s (%d of %d grid points, %d from the cache) in %.1fs\n", entry.Name, path, len(f.Points), len(f.Grid), cached, f.Seconds)
	return 0
}

// merge reads shard files and writes the panel's figures.
func merge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "out", "output directory")
	noCache := fs.Bool("no-cache", false, "do not store the merged result in the cache")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./scripts/reproduce merge [-out DIR] [-no-cache] FILE…\n"+
			"Checks that the shard files belong together (one panel, config and library code, every grid point once)\n"+
			"and writes DIR/PANEL.json, .svg and .png, the same figure data as the unsharded run.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "reproduce merge: no shard files given")
		fs.Usage()
		return 2
	}
	var files []*experiment.ShardFile
	for _, p := range fs.Args() {
		f, err := experiment.ReadShardFile(p)
		if err != nil {
			fmt.Fprintf(stderr, "reproduce merge: %v\n", err)
			return 1
		}
		files = append(files, f)
	}
	entry, ok := experiment.Lookup(files[0].Panel)
	if !ok {
		fmt.Fprintf(stderr, "reproduce merge: %s is a shard of %q, which this version does not know\n", files[0].Source, files[0].Panel)
		return 1
	}
	ctx := context.Background()
	if *noCache {
		ctx = experiment.WithCache(ctx, nil)
	}
	start := time.Now()
	_, res, err := entry.Merge(ctx, files)
	if err != nil {
		fmt.Fprintf(stderr, "reproduce merge: %v\n", err)
		return 1
	}
	paths, err := plotting.SaveFigures(res.Figures(), *out)
	if err != nil {
		fmt.Fprintf(stderr, "reproduce merge: %v\n", err)
		return 1
	}
	var times []string
	for _, f := range files {
		times = append(times, fmt.Sprintf("%v %.1fs", f.Shard, f.Seconds))
	}
	fmt.Fprintf(stdout, "%s: merged %d shards (%s); wrote %s in %.1fs\n", entry.Name, len(files), strings.Join(times, ", "), strings.Join(paths, ", "), time.Since(start).Seconds())
	return 0
}
