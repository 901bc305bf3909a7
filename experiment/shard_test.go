package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/internal/fingerprint"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		err  string
	}{
		{"0/3", Shard{0, 3}, ""},
		{" 2 / 3 ", Shard{2, 3}, ""},
		{"0/1", Shard{0, 1}, ""},
		{"3/3", Shard{}, "0 ≤ i < n"},
		{"-1/3", Shard{}, "0 ≤ i < n"},
		{"1/0", Shard{}, "0 ≤ i < n"},
		{"1", Shard{}, "not i/n"},
		{"a/b", Shard{}, "not i/n"},
	} {
		got, err := ParseShard(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseShard(%q): error %v, want one saying %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if n := (Shard{1, 3}).FileName("rf"); n != "rf.shard-1-of-3.json" {
		t.Errorf("file name %q", n)
	}
}

func costs(c ...float64) []GridPoint {
	pts := make([]GridPoint, len(c))
	for k, v := range c {
		pts[k] = GridPoint{Label: "p", Cost: v}
	}
	return pts
}

func TestAssign(t *testing.T) {
	for _, tc := range []struct {
		name  string
		costs []float64
		n     int
		want  [][]int
	}{
		// Longest first to the least loaded: 5→0, 4→1, 3→1 (4 < 5), 3→0 (5 < 7), 3→1 (7 < 8).
		{"LPT", []float64{5, 4, 3, 3, 3}, 2, [][]int{{0, 3}, {1, 2, 4}}},
		// A load grid whose cost grows with α: counting points would give
		// shard 0 the three cheap ones; cost balancing pairs cheap with dear.
		{"growing", []float64{1, 2, 3, 4, 5, 6}, 3, [][]int{{0, 5}, {1, 4}, {2, 3}}},
		{"one shard", []float64{1, 2, 3}, 1, [][]int{{0, 1, 2}}},
		{"one point each", []float64{1, 1, 1}, 3, [][]int{{0}, {1}, {2}}},
		// Equal costs: ties go to the lowest shard, in grid order.
		{"equal", []float64{1, 1, 1, 1}, 2, [][]int{{0, 2}, {1, 3}}},
	} {
		got, err := Assign(costs(tc.costs...), tc.n)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Assign = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
	// Invariants on a larger grid: a partition, every shard non-empty, and
	// the dearest shard within one point of the mean.
	var c []float64
	for k := 1; k <= 29; k++ {
		c = append(c, float64(k*k%17+1))
	}
	for n := 1; n <= len(c); n++ {
		got, err := Assign(costs(c...), n)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]bool{}
		var total, worst float64
		for _, s := range got {
			var load float64
			if len(s) == 0 {
				t.Fatalf("n = %d: an empty shard", n)
			}
			for j, k := range s {
				if seen[k] || (j > 0 && k <= s[j-1]) {
					t.Fatalf("n = %d: shard %v repeats or is out of order", n, s)
				}
				seen[k] = true
				load += c[k]
			}
			total += load
			worst = math.Max(worst, load)
		}
		if len(seen) != len(c) || worst > total/float64(n)+17 {
			t.Errorf("n = %d: %d of %d points assigned, dearest shard %v against a mean %v", n, len(seen), len(c), worst, total/float64(n))
		}
	}
	for _, tc := range []struct {
		costs []float64
		n     int
		err   string
	}{
		{[]float64{1, 2}, 0, "at least 1"},
		{[]float64{1, 2}, 3, "use at most 2"},
		{[]float64{1, math.NaN()}, 1, "positive and finite"},
		{[]float64{1, 0}, 1, "positive and finite"},
		{[]float64{math.Inf(1)}, 1, "positive and finite"},
	} {
		if _, err := Assign(costs(tc.costs...), tc.n); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Assign(%v, %d): error %v, want one saying %q", tc.costs, tc.n, err, tc.err)
		}
	}
}

// shardConfigs are small configs of every experiment that shards.
func shardConfigs(t *testing.T) []Config {
	bs := BasinSize{}.Quick()
	bs.N, bs.Alphas, bs.Epochs = 60, []float64{0.2, 0.4, 0.6}, 100
	b := Basins{}.Quick()
	b.N, b.Trials, b.Epochs, b.Sets, b.MInStep = 100, 1, 100, 2, 0.05
	bt := BasinTraining{}.Quick()
	bt.N, bt.Sets, bt.Epochs, bt.MInStep = 60, 3, []int{10, 100}, 0.05
	pd := PDeltaTrain{}.Quick()
	pd.N, pd.Alphas, pd.Short, pd.Long = 60, []float64{0.4, 1, 1.5}, 5, 50
	rf := RandomFeatures{}.Quick()
	rf.N, rf.Epochs, rf.Test, rf.AlphaDs, rf.Alphas, rf.Zoom = 40, 30, 10, []float64{0.1, 1}, []float64{0.3, 1}, []float64{0.05}
	ea := EA2D{L: 6, T: 0.99, Temps: 4, TMax: 2.5, Eq: 50, Thin: 10, Alphas: []float64{0.1, 1, 4, 2}, Epochs: 30, LR: 10, Decay: 0.999,
		Clip: 20, Init: "zero", TestSplit: "held-out", Tol: 1e-4, MinimumFrom: 1, Steps: 20, Test: 40, Random: 20, Seed: 1}
	pr := Proteins{}.Quick()
	pr.Alignment, pr.Alphas, pr.Epochs, pr.LR, pr.Test, pr.Pairs = toyAlignment(t), []float64{0.2, 1}, 20, 0.05, 30, 100
	vm := VectorMemory{}.Quick()
	vm.N, vm.Alphas, vm.MIn, vm.Epochs, vm.Dims = 40, []float64{0.1, 0.3}, 5, 50, []int{1, 3}
	ph := PhaseDiagram{N: 60, Alphas: []float64{0.05, 0.2}, Temps: []float64{0.1, 1}, DreamTimes: []float64{5}, Starts: 2, BurnIn: 5, Sweeps: 10,
		Epochs: 30, LR: 10, Clip: 20, AGSPoints: 2, Seed: 1}
	ar := ArchetypeLearning{N: 40, K: 2, Ms: []int{1, 4, 16}, Rs: []float64{0.5, 0.8}, Epochs: 30, LR: 10, Clip: 20, Init: "zero", L2: 1e-3, Seed: 1}
	in := inferenceTest
	in.FerroTemps, in.Samples, in.MLSteps = []float64{3}, []int{100, 400}, 50
	cs := []Config{bs, b, bt, pd, rf, ea, pr, vm, ph, ar, in}
	if _, err := data.FindMNIST(); err == nil {
		m := MNIST{}.Quick()
		m.Alphas, m.Epochs, m.Test, m.Random, m.Steps, m.Examples = []float64{0.1, 0.3, 1}, 10, 50, 20, 10, 2
		cs = append(cs, m)
	} else {
		t.Logf("mnist not checked: %v", err)
	}
	return cs
}

// figureJSON is the figure data of a result, as reproduce writes it.
func figureJSON(t *testing.T, r Result) []byte {
	t.Helper()
	b, err := json.Marshal(r.Figures())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every shardable experiment merges its shards into the result of the
// unsharded run, bit for bit, whatever the number of shards.
func TestShardsMergeToTheUnshardedResult(t *testing.T) {
	t.Setenv("PLMLAB_CACHE", t.TempDir()) // ea2d's sampling stage
	covered := map[string]bool{}
	for _, c := range shardConfigs(t) {
		e, _ := Lookup(c.Name())
		covered[c.Name()] = true
		t.Run(c.Name(), func(t *testing.T) {
			whole, err := e.Run(noCache, c, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := figureJSON(t, whole)
			pts, err := e.Points(c)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range []int{1, 3, len(pts)} {
				files := make([]*ShardFile, n)
				for i := range files {
					// Shards run in reverse order: nothing may depend on it.
					j := n - 1 - i
					if files[j], err = e.RunShard(noCache, c, Shard{j, n}, nil); err != nil {
						t.Fatalf("shard %d/%d: %v", j, n, err)
					}
					files[j].Source = Shard{j, n}.FileName(c.Name())
				}
				_, merged, err := e.Merge(noCache, files)
				if err != nil {
					t.Fatalf("%d shards: %v", n, err)
				}
				if got := figureJSON(t, merged); !bytes.Equal(got, want) {
					t.Errorf("%d shards: the merged figures differ from the unsharded run's", n)
				}
			}
		})
	}
	for _, e := range All() {
		if e.Shardable() && !covered[e.Name] && e.Name != "mnist" {
			t.Errorf("%s shards but is not checked here", e.Name)
		}
	}
}

func TestUnshardablePanelSaysSo(t *testing.T) {
	e, _ := Lookup("p-delta")
	if e.Shardable() {
		t.Fatal("p-delta is one computation")
	}
	_, err := e.RunShard(noCache, e.Quick(), Shard{0, 2}, nil)
	if err == nil || !strings.Contains(err.Error(), "p-delta has nothing to shard") {
		t.Errorf("error %v", err)
	}
}

// A rerun shard reads its finished points from the cache; a merge stores
// the whole result, so an unsharded run of the same config is a cache hit.
func TestShardPointsAndMergeGoThroughTheCache(t *testing.T) {
	c := PDeltaTrain{}.Quick()
	c.N, c.Alphas, c.Short, c.Long = 40, []float64{0.4, 1, 1.5}, 5, 30
	e, _ := Lookup(c.Name())
	ctx := WithCache(context.Background(), &Cache{Dir: t.TempDir()})
	first, err := e.RunShard(ctx, c, Shard{0, 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.RunShard(ctx, c, Shard{0, 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range again.Points {
		if !p.Cached || p.Seconds != 0 || !bytes.Equal(p.Outcome, first.Points[k].Outcome) || first.Points[k].Cached {
			t.Errorf("point %d: cached %v then %v", p.Index, first.Points[k].Cached, p.Cached)
		}
	}
	fresh, err := e.RunShard(Fresh(ctx), c, Shard{0, 2}, nil)
	if err != nil || fresh.Points[0].Cached {
		t.Errorf("-fresh read the cache: %v", err)
	}
	second, err := e.RunShard(ctx, c, Shard{1, 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Merge(ctx, []*ShardFile{first, second}); err != nil {
		t.Fatal(err)
	}
	hit := false
	if _, err := e.Run(ctx, c, func(r Report) { hit = hit || r.Cache == "hit" }); err != nil || !hit {
		t.Errorf("the merged result was not served from the cache (hit %v, %v)", hit, err)
	}
}

func TestMergeErrors(t *testing.T) {
	c := PDeltaTrain{}.Quick()
	c.N, c.Alphas, c.Short, c.Long = 40, []float64{0.4, 1, 1.5}, 5, 20
	e, _ := Lookup(c.Name())
	shard := func(c PDeltaTrain, i, n int) *ShardFile {
		f, err := e.RunShard(noCache, c, Shard{i, n}, nil)
		if err != nil {
			t.Fatal(err)
		}
		f.Source = Shard{i, n}.FileName("p-delta-train")
		return f
	}
	s0, s1, s2 := shard(c, 0, 3), shard(c, 1, 3), shard(c, 2, 3)
	other := c
	other.Long = 30
	o1 := shard(other, 1, 3)
	whole := shard(c, 0, 1)
	recoded := *s2
	recoded.Code = strings.Repeat("0", len(s2.Code))
	damaged := *s2
	damaged.Points = []ShardPoint{s2.Points[0]}
	damaged.Points[0].Outcome = []byte{0x7f, 1, 2}
	bs, _ := Lookup("basin-size")
	for _, tc := range []struct {
		name  string
		entry Entry
		files []*ShardFile
		err   string
	}{
		{"missing", e, []*ShardFile{s0, s2}, "missing p-delta-train.shard-1-of-3.json"},
		{"duplicate", e, []*ShardFile{s0, s1, s2, whole}, "is in both"},
		{"config", e, []*ShardFile{s0, o1, s2}, `different configs (long: 20 vs 30)`},
		{"code", e, []*ShardFile{s0, s1, &recoded}, "different library code"},
		{"damaged", e, []*ShardFile{s0, s1, &damaged}, "damaged outcome"},
		{"panel", bs, []*ShardFile{s0, s1, s2}, "is a shard of p-delta-train, not of basin-size"},
		{"none", e, nil, "at least one shard file"},
	} {
		_, _, err := tc.entry.Merge(noCache, tc.files)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.err)
		}
	}
	if _, _, err := e.Merge(noCache, []*ShardFile{s2, s0, s1}); err != nil {
		t.Errorf("shards in any order: %v", err)
	}
	if s0.Code != fingerprint.Code() || s0.Count != 3 || len(s0.Grid) != 3 {
		t.Errorf("shard file header %+v", s0.Shard)
	}
}

// A shard file read back merges like the value written.
func TestShardFileRoundTrip(t *testing.T) {
	c := PDeltaTrain{}.Quick()
	c.N, c.Alphas, c.Short, c.Long = 40, []float64{0.4, 1}, 5, 20
	e, _ := Lookup(c.Name())
	dir := t.TempDir()
	var files []*ShardFile
	for i := 0; i < 2; i++ {
		f, err := e.RunShard(noCache, c, Shard{i, 2}, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.MarshalIndent(f, "", " ")
		path := filepath.Join(dir, f.FileName(c.Name()))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		back, err := ReadShardFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, back)
	}
	whole, _ := e.Run(noCache, c, nil)
	_, merged, err := e.Merge(noCache, files)
	if err != nil || !bytes.Equal(figureJSON(t, merged), figureJSON(t, whole)) {
		t.Errorf("merging files read back: %v", err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"panel": "rf"}`), 0o644)
	if _, err := ReadShardFile(bad); err == nil || !strings.Contains(err.Error(), "not a shard file") {
		t.Errorf("a JSON file that is no shard: %v", err)
	}
	if _, err := ReadShardFile(filepath.Join(dir, "absent.json")); err == nil {
		t.Error("a missing file read")
	}
}

// A shard file whose config or outcomes were edited is refused with an
// error, never a panic: every slice field of the config grown by one
// value (the grid may then keep its points, with outcomes of the old
// shape), and the outcomes given to other grid points.
func TestMergeRefusesOutcomesThatDoNotFit(t *testing.T) {
	for _, c := range shardConfigs(t) {
		if _, ok := map[string]bool{"p-delta-train": true, "phase-diagram": true, "inference": true, "basins": true,
			"basin-training": true, "vector": true, "basin-size": true}[c.Name()]; !ok {
			continue
		}
		e, _ := Lookup(c.Name())
		t.Run(c.Name(), func(t *testing.T) {
			f, err := e.RunShard(noCache, c, Shard{0, 1}, nil)
			if err != nil {
				t.Fatal(err)
			}
			merge := func(what string, g *ShardFile) error {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s: merge panicked: %v", what, p)
					}
				}()
				_, _, err := e.Merge(noCache, []*ShardFile{g})
				return err
			}
			if err := merge("as written", f); err != nil {
				t.Fatalf("as written: %v", err)
			}
			v := reflect.ValueOf(c)
			refused := 0
			for i := 0; i < v.NumField(); i++ {
				fv := v.Field(i)
				if fv.Kind() != reflect.Slice || fv.Len() == 0 {
					continue
				}
				edited := reflect.New(v.Type()).Elem()
				edited.Set(v)
				edited.Field(i).Set(reflect.Append(reflect.AppendSlice(reflect.MakeSlice(fv.Type(), 0, fv.Len()+1), fv), fv.Index(fv.Len()-1)))
				g := *f
				g.Config, _ = json.Marshal(edited.Interface())
				if merge("config field "+v.Type().Field(i).Name+" grown", &g) != nil {
					refused++
				}
			}
			if refused == 0 {
				t.Error("no edited config was refused")
			}
			if len(f.Points) > 1 {
				g := *f
				g.Points = append([]ShardPoint(nil), f.Points...)
				for k := range g.Points {
					g.Points[k].Outcome = f.Points[(k+1)%len(f.Points)].Outcome
				}
				merge("outcomes moved to other points", &g)
			}
		})
	}
	// Where the shape depends on the point, moved outcomes are refused.
	c := PDeltaTrain{}.Quick()
	c.N, c.Alphas, c.Short, c.Long = 40, []float64{0.4, 1}, 5, 20
	e, _ := Lookup(c.Name())
	f, err := e.RunShard(noCache, c, Shard{0, 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Points[0].Outcome, f.Points[1].Outcome = f.Points[1].Outcome, f.Points[0].Outcome
	if _, _, err := e.Merge(noCache, []*ShardFile{f}); err == nil || !strings.Contains(err.Error(), "does not fit its config") {
		t.Errorf("outcomes swapped between loads: %v", err)
	}
}

// Every integer field of every experiment set to 2⁴⁰ and to the largest
// int: Validate never panics, and accepts only counts that cost time, not
// memory (epochs, steps, sweeps; a run of them is cancellable). A count
// that sizes an allocation, or a sum of counts that could wrap, must be
// refused before anything is allocated.
func TestHugeCountsAreRefused(t *testing.T) {
	timeOnly := map[string]bool{"Epochs": true, "PLEpochs": true, "Steps": true, "MLSteps": true, "Long": true, "Short": true,
		"BurnIn": true, "Sweeps": true, "Thin": true, "Eq": true, "MinSep": true, "L": true, "Batch": true,
		"UnlearningSteps": true, "DaydreamingSteps": true}
	for _, e := range All() {
		c := e.Quick()
		v := reflect.ValueOf(c)
		for i := 0; i < v.NumField(); i++ {
			name := v.Type().Field(i).Name
			if v.Field(i).Kind() != reflect.Int {
				continue
			}
			for _, huge := range []int64{1 << 40, math.MaxInt64} {
				ed := reflect.New(v.Type()).Elem()
				ed.Set(v)
				ed.Field(i).SetInt(huge)
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s with %s = %d: Validate panicked: %v", e.Name, name, huge, p)
						}
					}()
					if err := ed.Interface().(Config).Validate(); err == nil && !(timeOnly[name] && (huge < math.MaxInt64 || !sumsWith(name))) {
						t.Errorf("%s with %s = %d: accepted", e.Name, name, huge)
					}
				}()
			}
		}
	}
}

// sumsWith says whether a time-only count is added to another one (and so
// must be refused at the largest int, where the sum wraps).
func sumsWith(name string) bool {
	return map[string]bool{"BurnIn": true, "Sweeps": true, "Thin": true, "Eq": true, "Short": true}[name]
}
