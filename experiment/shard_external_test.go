package experiment_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/archetypes"
	"github.com/plmlab/plmlab/experiment/basins"
	"github.com/plmlab/plmlab/experiment/inference"
	"github.com/plmlab/plmlab/experiment/internal/exptest"
	"github.com/plmlab/plmlab/experiment/landscape"
	"github.com/plmlab/plmlab/experiment/mnist"
	"github.com/plmlab/plmlab/experiment/proteins"
	"github.com/plmlab/plmlab/experiment/randomfeatures"
	"github.com/plmlab/plmlab/experiment/replica"
	"github.com/plmlab/plmlab/experiment/spinglass"
	"github.com/plmlab/plmlab/experiment/vector"
	"github.com/plmlab/plmlab/internal/fingerprint"
)

// shardConfigs are small configs of every experiment that shards.
func shardConfigs(t *testing.T) []experiment.Config {
	bs := basins.BasinSize{}.Quick()
	bs.N, bs.Alphas, bs.Epochs = 60, []float64{0.2, 0.4, 0.6}, 100
	b := basins.Basins{}.Quick()
	b.N, b.Trials, b.Epochs, b.Sets, b.MInStep = 100, 1, 100, 2, 0.05
	bt := basins.BasinTraining{}.Quick()
	bt.N, bt.Sets, bt.Epochs, bt.MInStep = 60, 3, []int{10, 100}, 0.05
	pd := replica.PDeltaTrain{}.Quick()
	pd.N, pd.Alphas, pd.Short, pd.Long = 60, []float64{0.4, 1, 1.5}, 5, 50
	rf := randomfeatures.RandomFeatures{}.Quick()
	rf.N, rf.Epochs, rf.Test, rf.AlphaDs, rf.Alphas, rf.Zoom = 40, 30, 10, []float64{0.1, 1}, []float64{0.3, 1}, []float64{0.05}
	ea := spinglass.EA2D{L: 6, T: 0.99, Temps: 4, TMax: 2.5, Eq: 50, Thin: 10, Alphas: []float64{0.1, 1, 4, 2}, Epochs: 30, LR: 10, Decay: 0.999,
		Clip: 20, Init: "zero", TestSplit: "held-out", Tol: 1e-4, MinimumFrom: 1, Steps: 20, Test: 40, Random: 20, Seed: 1}
	pr := proteins.Proteins{}.Quick()
	pr.Alignment, pr.Alphas, pr.Epochs, pr.LR, pr.Test, pr.Pairs = exptest.ToyAlignment(t), []float64{0.2, 1}, 20, 0.05, 30, 100
	vm := vector.VectorMemory{}.Quick()
	vm.N, vm.Alphas, vm.MIn, vm.Epochs, vm.Dims = 40, []float64{0.1, 0.3}, 5, 50, []int{1, 3}
	ph := landscape.PhaseDiagram{N: 60, Alphas: []float64{0.05, 0.2}, Temps: []float64{0.1, 1}, DreamTimes: []float64{5}, Starts: 2, BurnIn: 5, Sweeps: 10,
		Epochs: 30, LR: 10, Clip: 20, AGSPoints: 2, Seed: 1}
	ar := archetypes.ArchetypeLearning{N: 40, K: 2, Ms: []int{1, 4, 16}, Rs: []float64{0.5, 0.8}, Epochs: 30, LR: 10, Clip: 20, Init: "zero", L2: 1e-3, Seed: 1}
	in := inference.Inference{L: 6, T: 0.99, FerroTemps: []float64{1.6, 3}, Samples: []int{200, 3200}, Repeats: 2, Thin: 5, Prior: 1,
		MLChains: 100, MLSteps: 300, Seed: 1}
	in.FerroTemps, in.Samples, in.MLSteps = []float64{3}, []int{100, 400}, 50
	vp := vector.VectorPhaseDiagram{Dims: []int{1, 3}, LineLoads: []float64{0.05}, CapacityDims: []int{2}, SimDim: 2, N: 40, Alphas: []float64{0.02, 0.1},
		Temps: []float64{0.2, 0.8}, Starts: 1, BurnIn: 3, Sweeps: 5, Seed: 1}
	vf := vector.VectorFirstStep{N: 40, Dims: []int{1, 3}, Loads: []float64{0.2, 0.6}, M0Points: 5, CurveLoad: 0.6, Starts: 2, PLDim: 2,
		PLLoads: []float64{0.3}, Epochs: 20, LR: 10, Clip: 20, Seed: 1}
	cs := []experiment.Config{bs, b, bt, pd, rf, ea, pr, vm, ph, ar, in, vp, vf}
	if _, err := data.FindMNIST(); err == nil {
		m := mnist.MNIST{}.Quick()
		m.Alphas, m.Epochs, m.Test, m.Random, m.Steps, m.Examples = []float64{0.1, 0.3, 1}, 10, 50, 20, 10, 2
		cs = append(cs, m)
	} else {
		t.Logf("mnist not checked: %v", err)
	}
	return cs
}

// figureJSON is the figure data of a result, as reproduce writes it.
func figureJSON(t *testing.T, r experiment.Result) []byte {
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
		e, _ := experiment.Lookup(c.Name())
		covered[c.Name()] = true
		t.Run(c.Name(), func(t *testing.T) {
			whole, err := e.Run(exptest.NoCache, c, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := figureJSON(t, whole)
			pts, err := e.Points(c)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range []int{1, 3, len(pts)} {
				files := make([]*experiment.ShardFile, n)
				for i := range files {
					// Shards run in reverse order: nothing may depend on it.
					j := n - 1 - i
					if files[j], err = e.RunShard(exptest.NoCache, c, experiment.Shard{j, n}, nil); err != nil {
						t.Fatalf("shard %d/%d: %v", j, n, err)
					}
					files[j].Source = experiment.Shard{j, n}.FileName(c.Name())
				}
				_, merged, err := e.Merge(exptest.NoCache, files)
				if err != nil {
					t.Fatalf("%d shards: %v", n, err)
				}
				if got := figureJSON(t, merged); !bytes.Equal(got, want) {
					t.Errorf("%d shards: the merged figures differ from the unsharded run's", n)
				}
			}
		})
	}
	for _, e := range experiment.All() {
		if e.Shardable() && !covered[e.Name] && e.Name != "mnist" {
			t.Errorf("%s shards but is not checked here", e.Name)
		}
	}
}

func TestUnshardablePanelSaysSo(t *testing.T) {
	e, _ := experiment.Lookup("p-delta")
	if e.Shardable() {
		t.Fatal("p-delta is one computation")
	}
	_, err := e.RunShard(exptest.NoCache, e.Quick(), experiment.Shard{0, 2}, nil)
	if err == nil || !strings.Contains(err.Error(), "p-delta has nothing to shard") {
		t.Errorf("error %v", err)
	}
}

// A rerun shard reads its finished points from the cache; a merge stores
// the whole result, so an unsharded run of the same config is a cache hit.
func TestShardPointsAndMergeGoThroughTheCache(t *testing.T) {
	c := replica.PDeltaTrain{}.Quick()
	c.N, c.Alphas, c.Short, c.Long = 40, []float64{0.4, 1, 1.5}, 5, 30
	e, _ := experiment.Lookup(c.Name())
	ctx := experiment.WithCache(context.Background(), &experiment.Cache{Dir: t.TempDir()})
	first, err := e.RunShard(ctx, c, experiment.Shard{0, 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.RunShard(ctx, c, experiment.Shard{0, 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range again.Points {
		if !p.Cached || p.Seconds != 0 || !bytes.Equal(p.Outcome, first.Points[k].Outcome) || first.Points[k].Cached {
			t.Errorf("point %d: cached %v then %v", p.Index, first.Points[k].Cached, p.Cached)
		}
	}
	fresh, err := e.RunShard(experiment.Fresh(ctx), c, experiment.Shard{0, 2}, nil)
	if err != nil || fresh.Points[0].Cached {
		t.Errorf("-fresh read the cache: %v", err)
	}
	second, err := e.RunShard(ctx, c, experiment.Shard{1, 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Merge(ctx, []*experiment.ShardFile{first, second}); err != nil {
		t.Fatal(err)
	}
	hit := false
	if _, err := e.Run(ctx, c, func(r experiment.Report) { hit = hit || r.Cache == "hit" }); err != nil || !hit {
		t.Errorf("the merged result was not served from the cache (hit %v, %v)", hit, err)
	}
}

func TestMergeErrors(t *testing.T) {
	c := replica.PDeltaTrain{}.Quick()
	c.N, c.Alphas, c.Short, c.Long = 40, []float64{0.4, 1, 1.5}, 5, 20
	e, _ := experiment.Lookup(c.Name())
	shard := func(c replica.PDeltaTrain, i, n int) *experiment.ShardFile {
		f, err := e.RunShard(exptest.NoCache, c, experiment.Shard{i, n}, nil)
		if err != nil {
			t.Fatal(err)
		}
		f.Source = experiment.Shard{i, n}.FileName("p-delta-train")
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
	damaged.Points = []experiment.ShardPoint{s2.Points[0]}
	damaged.Points[0].Outcome = []byte{0x7f, 1, 2}
	bs, _ := experiment.Lookup("basin-size")
	for _, tc := range []struct {
		name  string
		entry experiment.Entry
		files []*experiment.ShardFile
		err   string
	}{
		{"missing", e, []*experiment.ShardFile{s0, s2}, "missing p-delta-train.shard-1-of-3.json"},
		{"duplicate", e, []*experiment.ShardFile{s0, s1, s2, whole}, "is in both"},
		{"config", e, []*experiment.ShardFile{s0, o1, s2}, `different configs (long: 20 vs 30)`},
		{"code", e, []*experiment.ShardFile{s0, s1, &recoded}, "different library code"},
		{"damaged", e, []*experiment.ShardFile{s0, s1, &damaged}, "damaged outcome"},
		{"panel", bs, []*experiment.ShardFile{s0, s1, s2}, "is a shard of p-delta-train, not of basin-size"},
		{"none", e, nil, "at least one shard file"},
	} {
		_, _, err := tc.entry.Merge(exptest.NoCache, tc.files)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.err)
		}
	}
	if _, _, err := e.Merge(exptest.NoCache, []*experiment.ShardFile{s2, s0, s1}); err != nil {
		t.Errorf("shards in any order: %v", err)
	}
	if s0.Code != fingerprint.Of(e.Type.PkgPath()) || s0.Count != 3 || len(s0.Grid) != 3 {
		t.Errorf("shard file header %+v", s0.Shard)
	}
}

// A shard file read back merges like the value written.
func TestShardFileRoundTrip(t *testing.T) {
	c := replica.PDeltaTrain{}.Quick()
	c.N, c.Alphas, c.Short, c.Long = 40, []float64{0.4, 1}, 5, 20
	e, _ := experiment.Lookup(c.Name())
	dir := t.TempDir()
	var files []*experiment.ShardFile
	for i := 0; i < 2; i++ {
		f, err := e.RunShard(exptest.NoCache, c, experiment.Shard{i, 2}, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.MarshalIndent(f, "", " ")
		path := filepath.Join(dir, f.FileName(c.Name()))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		back, err := experiment.ReadShardFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, back)
	}
	whole, _ := e.Run(exptest.NoCache, c, nil)
	_, merged, err := e.Merge(exptest.NoCache, files)
	if err != nil || !bytes.Equal(figureJSON(t, merged), figureJSON(t, whole)) {
		t.Errorf("merging files read back: %v", err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"panel": "rf"}`), 0o644)
	if _, err := experiment.ReadShardFile(bad); err == nil || !strings.Contains(err.Error(), "not a shard file") {
		t.Errorf("a JSON file that is no shard: %v", err)
	}
	if _, err := experiment.ReadShardFile(filepath.Join(dir, "absent.json")); err == nil {
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
		e, _ := experiment.Lookup(c.Name())
		t.Run(c.Name(), func(t *testing.T) {
			f, err := e.RunShard(exptest.NoCache, c, experiment.Shard{0, 1}, nil)
			if err != nil {
				t.Fatal(err)
			}
			merge := func(what string, g *experiment.ShardFile) error {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s: merge panicked: %v", what, p)
					}
				}()
				_, _, err := e.Merge(exptest.NoCache, []*experiment.ShardFile{g})
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
				g.Points = append([]experiment.ShardPoint(nil), f.Points...)
				for k := range g.Points {
					g.Points[k].Outcome = f.Points[(k+1)%len(f.Points)].Outcome
				}
				merge("outcomes moved to other points", &g)
			}
		})
	}
	// Where the shape depends on the point, moved outcomes are refused.
	c := replica.PDeltaTrain{}.Quick()
	c.N, c.Alphas, c.Short, c.Long = 40, []float64{0.4, 1}, 5, 20
	e, _ := experiment.Lookup(c.Name())
	f, err := e.RunShard(exptest.NoCache, c, experiment.Shard{0, 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Points[0].Outcome, f.Points[1].Outcome = f.Points[1].Outcome, f.Points[0].Outcome
	if _, _, err := e.Merge(exptest.NoCache, []*experiment.ShardFile{f}); err == nil || !strings.Contains(err.Error(), "does not fit its config") {
		t.Errorf("outcomes swapped between loads: %v", err)
	}
}
