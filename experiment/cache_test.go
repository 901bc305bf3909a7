package experiment

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/atomicfile"
)

// counted is a cheap experiment that counts its runs.
type counted struct {
	X    float64 `json:"x" help:"a number"`
	Fail bool    `json:"fail" help:"fail on purpose"`
	runs *int
}

type countedResult struct {
	Config counted
	Y      []float64
}

func (counted) Name() string { return "counted-test" }

func (c counted) Validate() error {
	v := NewValidator(c)
	v.Positive("X", c.X)
	return v.Err
}

func (c counted) Run(ctx context.Context, p Progress) (*countedResult, error) {
	*c.runs++
	if c.Fail {
		return nil, errors.New("failed on purpose")
	}
	return &countedResult{Config: c, Y: []float64{c.X, 2 * c.X}}, nil
}

func (r *countedResult) Figures() []*figure.Panel {
	return []*figure.Panel{{Panel: "counted", Series: []figure.Series{{Name: "y", X: []float64{0, 1}, Y: r.Y}}}}
}

func TestCachedServesTheSameConfigOnce(t *testing.T) {
	dir := t.TempDir()
	ctx := WithCache(context.Background(), &Cache{Dir: dir})
	runs := 0
	var last Report
	p := func(r Report) { last = r }
	a, err := Cached(ctx, counted{X: 1, runs: &runs}, p)
	if err != nil || last.Cache != "stored" {
		t.Fatalf("first run: %v, last report %+v", err, last)
	}
	b, err := Cached(ctx, counted{X: 1, runs: &runs}, p)
	if err != nil || runs != 1 || last.Cache != "hit" || !reflect.DeepEqual(a.Y, b.Y) {
		t.Fatalf("second run: %v, %d runs, report %+v, %v vs %v", err, runs, last, a.Y, b.Y)
	}
	if _, err := Cached(ctx, counted{X: 2, runs: &runs}, nil); err != nil || runs != 2 {
		t.Errorf("another config was served from the cache (%d runs)", runs)
	}
	if _, err := Cached(Fresh(ctx), counted{X: 1, runs: &runs}, nil); err != nil || runs != 3 {
		t.Errorf("Fresh did not recompute (%d runs)", runs)
	}
	if _, err := Cached(ctx, counted{X: 3, Fail: true, runs: &runs}, nil); err == nil {
		t.Error("a failing run returned no error")
	}
	if _, err := Cached(ctx, counted{X: -1, runs: &runs}, nil); err == nil || !strings.Contains(err.Error(), "X (-x) must be finite and > 0, got -1") || runs != 4 {
		t.Errorf("bad config: %v (%d runs)", err, runs)
	}
	es, _ := (&Cache{Dir: dir}).List("")
	if len(es) != 2 || es[0].Name != "counted-test" || es[0].Stale {
		t.Errorf("entries %+v", es)
	}
	// No temporary files are left behind.
	files, _ := filepath.Glob(filepath.Join(dir, "counted-test", ".*"))
	if len(files) != 0 {
		t.Errorf("temporary files left: %v", files)
	}
}

func TestCachedRecomputesDamagedEntries(t *testing.T) {
	dir := t.TempDir()
	c := &Cache{Dir: dir}
	ctx := WithCache(context.Background(), c)
	runs := 0
	if _, err := Cached(ctx, counted{X: 1, runs: &runs}, nil); err != nil {
		t.Fatal(err)
	}
	es, _ := c.List("")
	path := es[0].Path
	good, _ := os.ReadFile(path)
	for name, damage := range map[string][]byte{
		"truncated":    good[:len(good)-3],
		"flipped byte": append(append([]byte{}, good[:len(good)-2]...), good[len(good)-2]^0xff, good[len(good)-1]),
		"empty":        {},
		"not an entry": []byte("hello\n"),
	} {
		os.WriteFile(path, damage, 0o644)
		before := runs
		r, err := Cached(ctx, counted{X: 1, runs: &runs}, nil)
		if err != nil || runs != before+1 || r.Y[1] != 2 {
			t.Errorf("%s entry: %v, %d runs", name, err, runs-before)
		}
	}
}

func TestCachedConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	ctx := WithCache(context.Background(), &Cache{Dir: dir})
	var wg sync.WaitGroup
	errs := make([]error, 8)
	runs := make([]int, 8)
	for k := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[k] = Cached(ctx, counted{X: 5, runs: &runs[k]}, nil)
		}()
	}
	wg.Wait()
	total := 0
	for k, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
		total += runs[k]
	}
	// One computes; the others wait for its entry.
	if total != 1 {
		t.Errorf("%d computations of one entry, want 1", total)
	}
	n := 0
	r, err := Cached(ctx, counted{X: 5, runs: &n}, nil)
	if err != nil || n != 0 || r.Y[0] != 5 {
		t.Errorf("after concurrent writes: %v, %d runs", err, n)
	}
	if files, _ := os.ReadDir(filepath.Join(dir, "counted-test")); len(files) != 1 {
		t.Errorf("%d files, want one entry (no claim left)", len(files))
	}
}

// A process that wants an entry another one is computing waits for it;
// a claim whose holder died is taken over; waiting honours cancellation.
func TestClaims(t *testing.T) {
	c := &Cache{Dir: t.TempDir(), StaleAfter: 300 * time.Millisecond}
	ctx := WithCache(context.Background(), c)
	e, _ := cacheKey(counted{X: 3})
	release, _ := c.claim(e)
	if release == nil {
		t.Fatal("no claim on a fresh cache")
	}
	if again, holder := c.claim(e); again != nil || !strings.Contains(holder, "pid") {
		t.Fatalf("a second claim on a held entry (holder %q)", holder)
	}
	runs, waited := 0, make(chan struct{}, 1)
	done := make(chan error)
	go func() {
		_, err := Cached(ctx, counted{X: 3, runs: &runs}, func(r Report) {
			if strings.HasPrefix(r.Step, "waiting for pid") {
				select {
				case waited <- struct{}{}:
				default:
				}
			}
		})
		done <- err
	}()
	<-waited
	// The waiter would take the claim over after StaleAfter (300 ms, less
	// than the 5 s heartbeat): the holder stores its entry before that.
	if err := c.store(e, &countedResult{Config: counted{X: 3}, Y: []float64{3, 6}}); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil || runs != 0 {
		t.Errorf("waiter: %v, %d runs (want the holder's entry)", err, runs)
	}
	release()

	// A dead holder: a claim file nobody updates.
	e4, _ := cacheKey(counted{X: 4})
	os.MkdirAll(filepath.Dir(c.lockPath(e4)), 0o755)
	os.WriteFile(c.lockPath(e4), []byte("pid 1 on a node that crashed\n"), 0o644)
	start := time.Now()
	n := 0
	if _, err := Cached(ctx, counted{X: 4, runs: &n}, nil); err != nil || n != 1 {
		t.Errorf("after a dead holder: %v, %d runs", err, n)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("took a live-looking claim over after %v", d)
	}
	if _, err := os.Stat(c.lockPath(e4)); !os.IsNotExist(err) {
		t.Error("the claim was not removed after the computation")
	}

	// Waiting is cancellable.
	e5, _ := cacheKey(counted{X: 5})
	hold, _ := c.claim(e5)
	defer hold()
	slow := &Cache{Dir: c.Dir} // default StaleAfter: the claim stays live
	cctx, cancel := context.WithTimeout(WithCache(context.Background(), slow), 200*time.Millisecond)
	defer cancel()
	if _, err := Cached(cctx, counted{X: 5, runs: &n}, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled wait: %v", err)
	}
}

func TestCacheDirAndClear(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	t.Setenv("PLMLAB_CACHE", dir)
	runs := 0
	if _, err := Cached(context.Background(), counted{X: 1, runs: &runs}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "counted-test")); err != nil {
		t.Fatalf("PLMLAB_CACHE not honoured: %v", err)
	}
	c, _ := DefaultCache()
	if _, err := c.Clear("../x"); err == nil {
		t.Error("a path was accepted as an experiment name")
	}
	if n, err := c.Clear("counted-test"); err != nil || n != 1 {
		t.Fatalf("clear: %d files, %v", n, err)
	}
	if es, _ := c.List(""); len(es) != 0 {
		t.Errorf("%d entries after Clear", len(es))
	}
	// Without a cache, Cached just runs.
	if _, err := Cached(WithCache(context.Background(), nil), counted{X: 1, runs: &runs}, nil); err != nil || runs != 2 {
		t.Errorf("no cache: %v, %d runs", err, runs)
	}
}

// withInputs is a config that reads files, as the protein experiments do.
type withInputs struct{ Alignment, Structure string }

func (withInputs) Name() string                { return "inputs-test" }
func (withInputs) Validate() error             { return nil }
func (c withInputs) Inputs() ([]string, error) { return []string{c.Alignment, c.Structure}, nil }

func TestInputsJoinTheKey(t *testing.T) {
	f := filepath.Join(t.TempDir(), "toy.fasta")
	os.WriteFile(f, []byte(">a\nAC\n"), 0o644)
	c := withInputs{Alignment: f, Structure: f}
	k1, err := cacheKey(c)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(f, []byte(">a\nACD\n"), 0o644)
	k2, err := cacheKey(c)
	if err != nil {
		t.Fatal(err)
	}
	if k1.Key == k2.Key {
		t.Error("a changed input file kept the key")
	}
	c.Alignment = f + ".missing"
	if _, err := cacheKey(c); err == nil {
		t.Error("a missing input gave a key")
	}
}

// FuzzCacheEntry: any bytes in a cache file are read as an entry only when
// header, size and checksum agree, and never decoded past their framing.
func FuzzCacheEntry(f *testing.F) {
	dir := f.TempDir()
	runs := 0
	c := &Cache{Dir: dir}
	if _, err := Cached(WithCache(context.Background(), c), counted{X: 1, runs: &runs}, nil); err != nil {
		f.Fatal(err)
	}
	es, _ := c.List("")
	good, _ := os.ReadFile(es[0].Path)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(cacheMagic + "{}\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		h, payload, err := readEntry(bytes.NewReader(in))
		if err != nil {
			return
		}
		if int64(len(payload)) != h.Bytes {
			t.Fatalf("payload of %d bytes accepted for %d", len(payload), h.Bytes)
		}
		if gobFraming(payload) {
			var r countedResult
			_ = gob.NewDecoder(bytes.NewReader(payload)).Decode(&r)
		}
	})
}

func TestGobFramingRefusesLongPrefixes(t *testing.T) {
	var b bytes.Buffer
	gob.NewEncoder(&b).Encode(countedResult{Y: []float64{1, 2}})
	if !gobFraming(b.Bytes()) {
		t.Fatal("a real gob stream was refused")
	}
	// A message announcing 2^29 bytes in a 6-byte stream.
	if gobFraming([]byte{0xfc, 0x20, 0, 0, 0, 1}) {
		t.Error("a length beyond the data was accepted")
	}
}

// Many processes (as a cluster's tasks on a shared folder) store and read
// the same and different keys at once: every read is a miss or the right
// value, and no temporary file is left.
func TestCacheManyWriterProcesses(t *testing.T) {
	if dir := os.Getenv("PLMLAB_CACHE_WRITER"); dir != "" {
		ctx := WithCache(context.Background(), &Cache{Dir: dir})
		for round := 0; round < 20; round++ {
			for _, x := range []float64{7, 8, float64(1 + round%3)} {
				runs := 0
				r, err := Cached(ctx, counted{X: float64(x), runs: &runs}, nil)
				if err != nil || r.Y[0] != x || r.Y[1] != 2*x {
					t.Fatalf("X = %v: %v %v", x, r, err)
				}
			}
		}
		return
	}
	dir := t.TempDir()
	procs := make([]*exec.Cmd, 6)
	for k := range procs {
		procs[k] = exec.Command(os.Args[0], "-test.run=^TestCacheManyWriterProcesses$")
		procs[k].Env = append(os.Environ(), "PLMLAB_CACHE_WRITER="+dir)
		if err := procs[k].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for k, p := range procs {
		if err := p.Wait(); err != nil {
			t.Errorf("writer %d: %v", k, err)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "counted-test", "*"))
	tmp, _ := filepath.Glob(filepath.Join(dir, "counted-test", atomicfile.TempPattern))
	if len(entries) != 5 || len(tmp) != 0 {
		t.Errorf("%d files (want 5 entries), %d temporary files left", len(entries), len(tmp))
	}
	c := &Cache{Dir: dir}
	es, err := c.List("")
	if err != nil || len(es) != 5 {
		t.Fatalf("list: %d entries, %v", len(es), err)
	}
	for _, e := range es {
		if e.Stale {
			t.Errorf("entry %s unreadable or stale", e.Path)
		}
		if st, _ := os.Stat(e.Path); st.Mode().Perm() != 0o644 {
			t.Errorf("entry mode %v, want readable by all", st.Mode().Perm())
		}
	}
	// A writer killed mid-way leaves a temporary file: pruned after a day.
	old := filepath.Join(dir, "counted-test", "."+strings.Repeat("d", 32)+".gob.tmp-123")
	fresh := filepath.Join(dir, "counted-test", "."+strings.Repeat("e", 32)+".gob.tmp-456")
	os.WriteFile(old, []byte("partial"), 0o600)
	os.WriteFile(fresh, []byte("partial"), 0o600)
	os.Chtimes(old, time.Now().Add(-25*time.Hour), time.Now().Add(-25*time.Hour))
	if n, err := c.Prune(); err != nil || n != 1 {
		t.Errorf("prune removed %d files (%v), want the old temporary one", n, err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("prune removed a temporary file a writer may still own")
	}
}

// A claim left by a process of this machine that is gone is taken over at
// once, without waiting for the heartbeat to go stale.
func TestClaimOfADeadLocalProcess(t *testing.T) {
	// A claim that looks alive for an hour: only deadHere can end the wait.
	c := &Cache{Dir: t.TempDir(), StaleAfter: time.Hour}
	// The deadline only keeps a broken deadHere from hanging the test.
	ctx, cancel := context.WithTimeout(WithCache(context.Background(), c), 5*time.Minute)
	defer cancel()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	host, _ := os.Hostname()
	e, _ := cacheKey(counted{X: 6})
	if err := c.own(); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(c.lockPath(e)), 0o755)
	os.WriteFile(c.lockPath(e), fmt.Appendf(nil, "pid %d on %s\nheartbeat 0\n", cmd.Process.Pid, host), 0o644)
	n := 0
	if _, err := Cached(ctx, counted{X: 6, runs: &n}, nil); err != nil || n != 1 {
		t.Errorf("%v, %d runs", err, n)
	}
	// A live local holder (this test) is waited for.
	if !deadHere(fmt.Appendf(nil, "pid %d on %s", cmd.Process.Pid, host)) || deadHere(fmt.Appendf(nil, "pid %d on %s", os.Getpid(), host)) ||
		deadHere([]byte("pid 1 on another-host")) {
		t.Error("deadHere")
	}
}

// A folder that is not a plmlab cache (PLMLAB_CACHE pointed at a project
// or a home folder) is never written to, cleared or pruned; in a plmlab
// cache, only files plmlab wrote are removed.
func TestCacheRemovesOnlyItsOwnFiles(t *testing.T) {
	user := t.TempDir()
	mine := map[string]string{
		"notes.txt":           "my notes",
		"project/results.gob": "my own gob",
		"project/run.lock":    "my lock",
		"counted-test/" + strings.Repeat("a", 32) + ".gob": "a gob of mine with plmlab's name",
	}
	for p, body := range mine {
		os.MkdirAll(filepath.Join(user, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(user, p), []byte(body), 0o644)
	}
	c := &Cache{Dir: user}
	ctx := WithCache(context.Background(), c)
	runs := 0
	var last Report
	if _, err := Cached(ctx, counted{X: 1, runs: &runs}, func(r Report) { last = r }); err != nil || runs != 1 {
		t.Fatalf("run with a foreign cache folder: %v, %d runs", err, runs)
	}
	if last.Step != "not cached" || !strings.Contains(last.Detail, "not a plmlab cache") {
		t.Errorf("last report %+v, want 'not cached' saying why", last)
	}
	for _, op := range []struct {
		name string
		f    func() (int, error)
	}{{"clear", func() (int, error) { return c.Clear("") }}, {"clear one", func() (int, error) { return c.Clear("project") }}, {"prune", c.Prune}} {
		if n, err := op.f(); n != 0 || err == nil || !strings.Contains(err.Error(), "not a plmlab cache") {
			t.Errorf("%s of a foreign folder: %d removed, %v", op.name, n, err)
		}
	}
	checkKept := func(when string) {
		t.Helper()
		for p, body := range mine {
			if b, err := os.ReadFile(filepath.Join(user, p)); err != nil || string(b) != body {
				t.Errorf("%s: %s is gone or changed (%v)", when, p, err)
			}
		}
	}
	checkKept("foreign folder")
	if _, err := os.Stat(filepath.Join(user, cacheTagName)); err == nil {
		t.Error("a foreign folder was tagged as a cache")
	}

	// A plmlab cache with a file of the user's inside: clear removes the
	// entries and leaves that file, naming it.
	dir := t.TempDir()
	c = &Cache{Dir: dir}
	ctx = WithCache(context.Background(), c)
	for x := 1; x <= 3; x++ {
		if _, err := Cached(ctx, counted{X: float64(x), runs: &runs}, nil); err != nil {
			t.Fatal(err)
		}
	}
	stray := filepath.Join(dir, "counted-test", strings.Repeat("b", 32)+".gob")
	os.WriteFile(stray, []byte("not an entry"), 0o644)
	n, err := c.Clear("")
	if n != 3 || err == nil || !strings.Contains(err.Error(), stray) {
		t.Errorf("clear: %d removed, %v (want 3 and the stray file named)", n, err)
	}
	if _, err := os.Stat(stray); err != nil {
		t.Error("clear removed a file plmlab did not write")
	}
	if !tagged(dir) {
		t.Error("the cache lost its tag")
	}
	// An untagged folder that holds only plmlab's files (a cache of an
	// earlier version) is adopted.
	old := t.TempDir()
	if err := (&Cache{Dir: old}).store(CacheEntry{Name: "counted-test", Key: strings.Repeat("c", 32)}, &countedResult{}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(old, cacheTagName))
	if err := (&Cache{Dir: old}).own(); err != nil || !tagged(old) {
		t.Errorf("a plmlab-only folder was not adopted: %v", err)
	}
	// ... also by clear, without a run first.
	os.Remove(filepath.Join(old, cacheTagName))
	if n, err := (&Cache{Dir: old}).Clear(""); err != nil || n != 1 {
		t.Errorf("clear of a plmlab-only untagged folder: %d removed, %v", n, err)
	}
}

// A claim that cannot be read (a directory where KEY.lock should be)
// goes stale like any other: the computation goes on without it.
func TestUnreadableClaimGoesStale(t *testing.T) {
	c := &Cache{Dir: t.TempDir(), StaleAfter: 200 * time.Millisecond}
	if err := c.own(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(WithCache(context.Background(), c), 5*time.Minute) // no hang
	defer cancel()
	e, _ := cacheKey(counted{X: 7})
	if err := os.MkdirAll(filepath.Join(c.lockPath(e), "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	n := 0
	if _, err := Cached(ctx, counted{X: 7, runs: &n}, nil); err != nil || n != 1 {
		t.Errorf("%v, %d runs", err, n)
	}
	if st, err := os.Stat(c.lockPath(e)); err != nil || !st.IsDir() {
		t.Error("a directory plmlab did not make was removed")
	}
}
