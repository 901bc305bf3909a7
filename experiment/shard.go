package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/plmlab/plmlab/internal/fingerprint"
	"github.com/plmlab/plmlab/internal/userfile"
)

// Shard is share Index of Count of an experiment's grid, 0 ≤ Index < Count:
// the numbering of a Slurm array (SLURM_ARRAY_TASK_ID) or a Kubernetes
// Indexed Job (JOB_COMPLETION_INDEX).
type Shard struct {
	Index int `json:"shard"`
	Count int `json:"shards"`
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// FileName is the name a shard's outcomes are written under.
func (s Shard) FileName(panel string) string {
	return fmt.Sprintf("%s.shard-%d-of-%d.json", panel, s.Index, s.Count)
}

// ParseShard reads "i/n".
func ParseShard(text string) (Shard, error) {
	a, b, ok := strings.Cut(text, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q is not i/n (for example 0/3: the first of three)", text)
	}
	if n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("shard %q: need 0 ≤ i < n (shards are numbered from 0, as Slurm array tasks)", text)
	}
	return Shard{Index: i, Count: n}, nil
}

// Assign splits grid points among n shards, balanced by cost: the most
// expensive point first, each to the shard with the least cost so far
// (the lowest-numbered on ties). The split depends only on the costs and
// n; each shard's points are in grid order. Every shard gets at least one
// point, so n may not exceed the number of points.
func Assign(points []GridPoint, n int) ([][]int, error) {
	if n < 1 {
		return nil, fmt.Errorf("experiment: %d shards; need at least 1", n)
	}
	if n > len(points) {
		return nil, fmt.Errorf("experiment: %d shards for %d grid points; use at most %d", n, len(points), len(points))
	}
	order := make([]int, len(points))
	for k, p := range points {
		if !(p.Cost > 0) || math.IsInf(p.Cost, 0) {
			return nil, fmt.Errorf("experiment: grid point %d (%s) has cost %v; costs must be positive and finite", k, p.Label, p.Cost)
		}
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool { return points[order[a]].Cost > points[order[b]].Cost })
	load := make([]float64, n)
	out := make([][]int, n)
	for _, k := range order {
		j := 0
		for i := range load {
			if load[i] < load[j] {
				j = i
			}
		}
		out[j] = append(out[j], k)
		load[j] += points[k].Cost
	}
	for _, s := range out {
		sort.Ints(s)
	}
	return out, nil
}

// ShardFile holds the outcomes of one shard's grid points: what
// reproduce PANEL -shard i/n writes and reproduce merge reads.
type ShardFile struct {
	Format string          `json:"format"`
	Panel  string          `json:"panel"`
	Config json.RawMessage `json:"config"`
	// Code is the fingerprint of the library code that computed the
	// outcomes: shards of one panel must come from the same code.
	Code string `json:"code"`
	Shard
	// Grid is the whole grid, as the config defines it.
	Grid    []GridPoint  `json:"grid"`
	Points  []ShardPoint `json:"points"`
	Host    string       `json:"host"`
	Started time.Time    `json:"started"`
	Seconds float64      `json:"seconds"` // wall time of the shard
	// Source is the file it was read from (not stored).
	Source string `json:"-"`
}

// ShardPoint is one computed grid point.
type ShardPoint struct {
	Index int    `json:"index"`
	Label string `json:"label"`
	// Seconds since the previous point of the shard finished (the first
	// includes the shard's shared set-up); 0 when read from the cache.
	Seconds float64 `json:"seconds"`
	Cached  bool    `json:"cached,omitempty"`
	// Outcome is the point's outcome, gob-encoded: exact, NaN included.
	Outcome []byte `json:"outcome"`
}

const shardFormat = "plmlab-shard 1"

// maxShardBytes bounds a shard file that is read: 256 MiB, far above the
// largest shard of the paper's sweeps (a few MB); it is decoded in memory.
const maxShardBytes = 256 << 20

// ReadShardFile reads a shard file written by WriteShardFile.
func ReadShardFile(path string) (*ShardFile, error) {
	raw, err := userfile.Read(path, maxShardBytes)
	if err != nil {
		return nil, err
	}
	var f ShardFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("%s is not a shard file: %w", path, err)
	}
	if f.Format != shardFormat {
		return nil, fmt.Errorf("%s is not a shard file (format %q, want %q): write shards with reproduce PANEL -shard i/n", path, f.Format, shardFormat)
	}
	// The file is indented; configs are compared in compact form.
	var compact bytes.Buffer
	if err := json.Compact(&compact, f.Config); err != nil {
		return nil, fmt.Errorf("%s: config: %w", path, err)
	}
	f.Config, f.Source = compact.Bytes(), path
	return &f, nil
}

// errNoGrid says that an experiment is one computation.
func errNoGrid(name string) error {
	return fmt.Errorf("%s has nothing to shard: it is one computation, not a grid of independent points; run it without -shard", name)
}

// Points lists the grid points of config c, with their estimated costs;
// an error for an experiment that is one computation.
func (e Entry) Points(c Config) ([]GridPoint, error) {
	if e.points == nil {
		return nil, errNoGrid(e.Name)
	}
	if err := e.check(c); err != nil {
		return nil, err
	}
	return e.points(c), nil
}

// Shardable says whether the experiment splits into grid points.
func (e Entry) Shardable() bool { return e.points != nil }

func (e Entry) check(c Config) error {
	if err := e.checkType(c); err != nil {
		return err
	}
	return c.Validate()
}

// RunShard computes shard s of config c's grid. Each point's outcome goes
// through the cache (as its own entry): a shard rerun after a failure or a
// time limit computes only the points it had not finished.
func (e Entry) RunShard(ctx context.Context, c Config, s Shard, progress Progress) (*ShardFile, error) {
	pts, err := e.Points(c)
	if err != nil {
		return nil, err
	}
	plan, err := Assign(pts, s.Count)
	if err != nil {
		return nil, err
	}
	cfg, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	f := &ShardFile{Format: shardFormat, Panel: e.Name, Config: cfg, Code: fingerprint.Of(e.Type.PkgPath()), Shard: s, Grid: pts, Host: host, Started: time.Now().UTC()}
	if progress == nil {
		progress = func(Report) {}
	}
	// Each point's cache key, computed once (it reads the inputs' sizes and
	// times); none without a cache or when the inputs cannot be read.
	cache := cacheFrom(ctx)
	keys := map[int]CacheEntry{}
	if cache != nil {
		for _, k := range plan[s.Index] {
			if key, err := cacheKey(pointKey{c, k}); err == nil {
				keys[k] = key
			}
		}
	}
	fresh, _ := ctx.Value(freshKeyCtx).(bool)
	var todo []int
	for _, k := range plan[s.Index] {
		var b []byte
		if key, ok := keys[k]; ok && !fresh && cache.load(key, &b) {
			f.Points = append(f.Points, ShardPoint{Index: k, Label: pts[k].Label, Cached: true, Outcome: b})
			continue
		}
		todo = append(todo, k)
	}
	if n := len(f.Points); n > 0 {
		progress(Report{Experiment: e.Name, Step: fmt.Sprintf("%d of the shard's %d points from the cache", n, len(plan[s.Index]))})
	}
	last := time.Now()
	t := NewTracker(e.Name, len(todo), progress)
	err = e.shard(ctx, c, todo, t, func(k int, b []byte) error {
		now := time.Now()
		f.Points = append(f.Points, ShardPoint{Index: k, Label: pts[k].Label, Seconds: now.Sub(last).Seconds(), Outcome: b})
		last = now
		if key, ok := keys[k]; ok {
			if err := cache.store(key, b); err != nil {
				t.Detail("point not cached: %v", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	t.Finish()
	sort.Slice(f.Points, func(i, j int) bool { return f.Points[i].Index < f.Points[j].Index })
	f.Seconds = time.Since(f.Started).Seconds()
	return f, nil
}

// pointKey is the cache key of one grid point of a config.
type pointKey struct {
	c Config
	k int
}

func (p pointKey) Name() string { return p.c.Name() }

func (p pointKey) Validate() error { return nil }

func (p pointKey) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Config Config `json:"config"`
		Point  int    `json:"grid_point"`
	}{p.c, p.k})
}

func (p pointKey) Inputs() ([]string, error) {
	if in, ok := p.c.(Inputs); ok {
		return in.Inputs()
	}
	return nil, nil
}

// Merge checks that shard files belong together (one panel, one config,
// one library code, every grid point exactly once) and assembles the
// result the unsharded run computes. When the shards were computed by this
// library code, the result is also stored in the cache, as if run whole.
func (e Entry) Merge(ctx context.Context, files []*ShardFile) (Config, Result, error) {
	if e.points == nil {
		return nil, nil, errNoGrid(e.Name)
	}
	if len(files) == 0 {
		return nil, nil, errors.New("merge needs at least one shard file")
	}
	first := files[0]
	for _, f := range files {
		if f.Source == "" {
			f.Source = f.FileName(f.Panel)
		}
		if f.Panel != e.Name {
			return nil, nil, fmt.Errorf("%s is a shard of %s, not of %s", f.Source, f.Panel, e.Name)
		}
		if !bytes.Equal(f.Config, first.Config) {
			return nil, nil, fmt.Errorf("%s and %s have different configs (%s): they are not shards of one run", first.Source, f.Source, configDiff(first.Config, f.Config))
		}
		if f.Code != first.Code {
			return nil, nil, fmt.Errorf("%s and %s were computed by different library code (fingerprints %.12s… and %.12s…); rerun the shards with one version", first.Source, f.Source, first.Code, f.Code)
		}
	}
	c, err := e.decodeConfig(first.Config)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", first.Source, err)
	}
	pts, err := e.Points(c)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", first.Source, err)
	}
	outcomes := make([][]byte, len(pts))
	from := make([]string, len(pts))
	for _, f := range files {
		for _, p := range f.Points {
			if p.Index < 0 || p.Index >= len(pts) {
				return nil, nil, fmt.Errorf("%s: grid point %d is outside the grid of %d points", f.Source, p.Index, len(pts))
			}
			if from[p.Index] != "" {
				return nil, nil, fmt.Errorf("grid point %d (%s) is in both %s and %s", p.Index, pts[p.Index].Label, from[p.Index], f.Source)
			}
			from[p.Index], outcomes[p.Index] = f.Source, p.Outcome
		}
	}
	if err := missing(e.Name, files, pts, from); err != nil {
		return nil, nil, err
	}
	r, err := assembleSafely(e, c, outcomes)
	if err != nil {
		var names []string
		for _, f := range files {
			names = append(names, f.Source)
		}
		return nil, nil, fmt.Errorf("%s: %w (edited or damaged shard files?)", strings.Join(names, ", "), err)
	}
	if cache := cacheFrom(ctx); cache != nil && first.Code == fingerprint.Of(e.Type.PkgPath()) {
		if key, err := cacheKey(c); err == nil {
			cache.store(key, r) // best effort: the merged files are written anyway
		}
	}
	return c, r, nil
}

// assembleSafely assembles the outcomes and draws the figures once: an
// outcome whose shape no check caught must not panic in the caller.
func assembleSafely(e Entry, c Config, outcomes [][]byte) (r Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("the outcomes do not fit the config: %v", p)
		}
	}()
	r, err = e.merge(c, outcomes)
	if err == nil {
		r.Figures()
	}
	return r, err
}

// missing names the grid points no file holds, and the shard files that
// would hold them when every file is of the same split.
func missing(panel string, files []*ShardFile, pts []GridPoint, from []string) error {
	var labels []string
	for k, f := range from {
		if f == "" {
			labels = append(labels, fmt.Sprintf("%d (%s)", k, pts[k].Label))
		}
	}
	if len(labels) == 0 {
		return nil
	}
	msg := fmt.Sprintf("grid points %s are in no file", strings.Join(labels, ", "))
	n := files[0].Count
	have := map[int]bool{}
	for _, f := range files {
		if f.Count != n {
			return errors.New(msg)
		}
		have[f.Index] = true
	}
	var absent []string
	for i := 0; i < n; i++ {
		if !have[i] {
			absent = append(absent, Shard{i, n}.FileName(panel))
		}
	}
	return fmt.Errorf("%s: missing %s", msg, strings.Join(absent, ", "))
}

// decodeConfig reads a config of the entry's type; unknown fields are an
// error, fields left out keep their zero value.
func (e Entry) decodeConfig(raw []byte) (Config, error) {
	v := reflect.New(e.Type)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Interface()); err != nil {
		return nil, fmt.Errorf("not a %s config: %w", e.Name, err)
	}
	c := v.Elem().Interface().(Config)
	if b, _ := json.Marshal(c); !bytes.Equal(b, raw) {
		return nil, fmt.Errorf("the %s config does not read back as written (a field of another version?)", e.Name)
	}
	return c, nil
}

// configDiff names the top-level fields in which two JSON configs differ.
func configDiff(a, b []byte) string {
	var ma, mb map[string]json.RawMessage
	if json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil {
		return "unreadable"
	}
	var diff []string
	for k, v := range ma {
		if w, ok := mb[k]; !ok || !bytes.Equal(v, w) {
			diff = append(diff, fmt.Sprintf("%s: %s vs %s", k, v, orMissing(w)))
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			diff = append(diff, fmt.Sprintf("%s: missing vs %s", k, mb[k]))
		}
	}
	sort.Strings(diff)
	return strings.Join(diff, "; ")
}

func orMissing(v json.RawMessage) string {
	if v == nil {
		return "missing"
	}
	return string(v)
}
