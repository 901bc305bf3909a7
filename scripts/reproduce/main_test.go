package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/figure"
)

func TestUsageErrors(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir())
	dir := t.TempDir()
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no panel", nil, "usage"},
		{"unknown panel", []string{"nope"}, `unknown panel "nope"`},
		{"unknown flag", []string{"basins", "-bogus"}, "flag provided but not defined"},
		{"bad value", []string{"basins", "-alpha", "abc"}, `"abc" is not a number`},
		{"impossible alpha", []string{"basins", "-alpha", "3", "-out", t.TempDir()}, "Alpha (-alpha) must be in (0, 2), got 3"},
		{"extra argument", []string{"basins", "extra"}, "unexpected arguments"},
		{"bad epochs", []string{"basin-size", "-epochs", "0", "-out", t.TempDir()}, "Epochs (-epochs) must be ≥ 1"},
		{"bad list", []string{"p-delta-train", "-alphas", "0.4,x"}, "item 2 of a comma-separated list"},
		{"paper and config", []string{"p-delta", "-paper", "-config", "x.json"}, "give one"},
		{"missing config", []string{"p-delta", "-config", filepath.Join(t.TempDir(), "none.json")}, "no such file"},
		{"cache command", []string{"cache", "frobnicate"}, "unknown command"},
		{"a million spins", []string{"basins", "-n", "1000000"}, "would need 35.8 TiB, more than the limit"},
		{"a huge rf grid", []string{"rf", "-n", "1000000"}, "would need"},
		{"10^8 points", []string{"p-delta", "-points", "100000000"}, "would need 35.8 GiB"},
		{"a huge lattice", []string{"ea2d", "-l", "1000000"}, "would need"},
		{"absurd loads", []string{"ea2d", "-alphas", "1e9", "-l", "4"}, "would need"},
		{"NaN load", []string{"basins", "-alpha", "NaN"}, "Alpha (-alpha) must be in (0, 2), got NaN"},
		{"shard syntax", []string{"basin-size", "-shard", "1"}, `shard "1" is not i/n`},
		{"shard out of range", []string{"basin-size", "-shard", "3/3"}, "0 ≤ i < n"},
		{"too many shards", []string{"p-delta-train", "-shard", "0/5"}, "5 shards for 2 grid points; use at most 2"},
		{"nothing to shard", []string{"p-delta", "-shard", "0/2"}, "p-delta has nothing to shard"},
		{"plan of nothing", []string{"loss-forms", "-plan", "2"}, "loss-forms has nothing to shard"},
		{"merge nothing", []string{"merge"}, "no shard files given"},
		{"config is a FIFO", []string{"p-delta", "-config", fifo}, "a named pipe (FIFO), not a regular file"},
		{"config is a device", []string{"p-delta", "-config", "/dev/zero"}, "a character device, not a regular file"},
		{"config is a folder", []string{"p-delta", "-config", dir}, "a directory, not a regular file"},
		{"two documents", []string{"p-delta", "-config", file("two.json", `{"n": 100} {"n": 200}`)}, "more than one JSON value"},
		{"trailing garbage", []string{"p-delta", "-config", file("trail.json", `{"n": 100} xyz`)}, "more than one JSON value"},
		{"null", []string{"p-delta", "-config", file("null.json", `null`)}, "not a JSON object"},
		{"another panel's figure", []string{"p-delta", "-config", file("fig.json", `{"panel": "basins-stored", "config": {"n": 100}}`)}, "a figure of basins"},
		{"two configs in a figure", []string{"p-delta", "-config", file("fig2.json", `{"panel": "p-delta", "config": {"n": 100} }{}`)}, "more than one JSON value"},
		{"explicit plan 0", []string{"basin-size", "-plan", "0"}, "-plan 0: need a number of shards ≥ 1"},
		{"explicit empty shard", []string{"basin-size", "-shard", ""}, "-shard is empty"},
		{"merge a FIFO", []string{"merge", fifo}, "a named pipe (FIFO)"},
		{"profile into a FIFO", []string{"loss-forms", "-cpuprofile", fifo, "-out", dir}, "a named pipe (FIFO), not a regular file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			want := 2
			if len(c.args) > 1 && c.args[0] == "merge" {
				want = 1 // a file that cannot be read, as every runtime error
			}
			if code := run(c.args, &out, &errb); code != want {
				t.Errorf("exit code %d, want %d (stderr %q)", code, want, errb.String())
			}
			if !strings.Contains(errb.String(), c.want) {
				t.Errorf("stderr %q does not mention %q", errb.String(), c.want)
			}
		})
	}
}

func runPanelArgs(t *testing.T, args ...string) (string, []*figure.Panel) {
	t.Helper()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run(append(args, "-out", dir, "-q"), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var figs []*figure.Panel
	for _, line := range strings.Split(strings.TrimSpace(out.String()), ", ") {
		if !strings.HasSuffix(line, ".json") {
			continue
		}
		path := line[strings.LastIndex(line, " ")+1:]
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var p figure.Panel
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
		figs = append(figs, &p)
	}
	return out.String(), figs
}

func TestPanelFilesAndCache(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir())
	args := []string{"basin-size", "-n", "40", "-alphas", "0.2,0.6", "-epochs", "50", "-m-in-points", "11"}
	out, figs := runPanelArgs(t, args...)
	if strings.Contains(out, "from the cache") || len(figs) != 3 {
		t.Fatalf("first run: %s (%d figures)", out, len(figs))
	}
	for _, ext := range []string{".svg", ".png"} {
		if !strings.Contains(out, "basin-size"+ext) {
			t.Errorf("no %s written: %s", ext, out)
		}
	}
	// The same command again is served from the cache, with the same numbers.
	out2, figs2 := runPanelArgs(t, args...)
	if !strings.Contains(out2, "from the cache") {
		t.Errorf("second run not cached: %s", out2)
	}
	if !reflect.DeepEqual(figs[0].Series, figs2[0].Series) {
		t.Error("cached figure differs from the computed one")
	}
	// -fresh recomputes.
	out3, _ := runPanelArgs(t, append(args, "-fresh")...)
	if strings.Contains(out3, "from the cache") {
		t.Errorf("-fresh was served from the cache: %s", out3)
	}
	// The panel JSON carries its config: -config reruns it.
	dir := t.TempDir()
	path := filepath.Join(dir, "panel.json")
	raw, _ := json.Marshal(figs[0])
	os.WriteFile(path, raw, 0o644)
	out4, figs4 := runPanelArgs(t, "basin-size", "-config", path)
	if !strings.Contains(out4, "from the cache") || !reflect.DeepEqual(figs4[0].Series, figs[0].Series) {
		t.Errorf("-config of a panel JSON: %s", out4)
	}
	var list bytes.Buffer
	run([]string{"cache", "list"}, &list, &bytes.Buffer{})
	if !strings.Contains(list.String(), "basin-size") {
		t.Errorf("cache list: %s", list.String())
	}
}

func TestPaperPresetAndExplicitFlags(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir())
	// p-delta's paper preset draws 1401 points; -alpha given explicitly wins.
	_, figs := runPanelArgs(t, "p-delta", "-paper", "-alpha", "0.7")
	cfg := figs[0].Config.(map[string]any)
	if cfg["alpha"] != 0.7 || cfg["points"] != 1401.0 || len(figs[0].Series[0].X) != 1401 {
		t.Errorf("config %v, %d points", cfg, len(figs[0].Series[0].X))
	}
}

func TestListAndHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"list", "-paper"}, &out, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	names := strings.Fields(out.String())
	if len(names) != 9 {
		t.Errorf("paper panels %v", names)
	}
	for _, n := range names {
		if e, ok := experiment.Lookup(n); !ok || !e.Paper {
			t.Errorf("%s is not a paper panel", n)
		}
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"mnist", "-h"}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "-epochs int") || !strings.Contains(errb.String(), "(paper: 301)") {
		t.Errorf("help: %d %s", code, errb.String())
	}
}

func TestRuntimeErrorsExit1(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir())
	var out, errb bytes.Buffer
	if code := run([]string{"proteins", "-alignment", filepath.Join(t.TempDir(), "none.fasta"), "-out", t.TempDir(), "-q"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "not found") {
		t.Errorf("missing alignment: exit %d %s", code, errb.String())
	}
}

// Shards written by the command and merged by it give the files of the
// unsharded run; merge names what is missing or mismatched.
func TestShardMergeCommands(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir())
	args := []string{"basin-size", "-n", "40", "-alphas", "0.2,0.4,0.6", "-epochs", "50", "-m-in-points", "11"}
	whole, shards, merged := t.TempDir(), t.TempDir(), t.TempDir()
	var out, errb bytes.Buffer
	if code := run(append(args, "-no-cache", "-q", "-out", whole), &out, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	out.Reset()
	if code := run(append(args, "-plan", "3"), &out, &errb); code != 0 || !strings.Contains(out.String(), "6 grid points in 3 shards") {
		t.Fatalf("plan: %d %s %s", code, out.String(), errb.String())
	}
	var files []string
	for i := 0; i < 3; i++ {
		out.Reset()
		if code := run(append(args, "-shard", fmt.Sprintf("%d/3", i), "-q", "-out", shards), &out, &errb); code != 0 {
			t.Fatal(errb.String())
		}
		files = append(files, filepath.Join(shards, fmt.Sprintf("basin-size.shard-%d-of-3.json", i)))
		if !strings.Contains(out.String(), files[i]) {
			t.Errorf("shard %d: %s", i, out.String())
		}
	}
	errb.Reset()
	if code := run([]string{"merge", "-out", merged, files[0], files[2]}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "missing basin-size.shard-1-of-3.json") {
		t.Errorf("merge without shard 1: exit %d, %s", code, errb.String())
	}
	if code := run(append([]string{"merge", "-out", merged}, files...), &out, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	for _, name := range []string{"basin-size.json", "basin-size-stored.json", "basin-size-asymmetry.json"} {
		a, _ := os.ReadFile(filepath.Join(whole, name))
		b, err := os.ReadFile(filepath.Join(merged, name))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: merged differs from the unsharded run (%v)", name, err)
		}
	}
	// The merge stored the result: the unsharded command is now a cache hit.
	out.Reset()
	run(append(args, "-q", "-out", t.TempDir()), &out, &errb)
	if !strings.Contains(out.String(), "from the cache") {
		t.Errorf("after merge: %s", out.String())
	}
	errb.Reset()
	if code := run([]string{"merge", filepath.Join(whole, "basin-size.json")}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "is not a shard file") {
		t.Errorf("merging a panel file: exit %d, %s", code, errb.String())
	}
}
