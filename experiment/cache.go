package experiment

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/plmlab/plmlab/internal/atomicfile"
	"github.com/plmlab/plmlab/internal/fingerprint"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/userfile"
)

// Cache stores results on disk, content-addressed: an entry's key is the
// experiment's name, the canonical JSON of its config, the files it reads
// (path, size, modification time) and the fingerprint of the library code.
// An entry is therefore never served after the code or the config changed.
//
// Entries are written to a temporary file and renamed into place, so two
// processes computing the same key both succeed and a reader never sees a
// partial entry; an entry whose checksum or decoding fails is recomputed.
// This holds for many processes on many machines sharing the folder over a
// network file system (a cluster's shard tasks): names of temporary files
// are random and every read is checked. While a process computes an entry,
// it holds a claim (KEY.lock, with a heartbeat): others that want the same
// entry wait for it rather than compute it again, and take the claim over
// if its holder dies.
//
// Layout: DIR/NAME/KEY.gob, each file a header line of JSON (name, config,
// code fingerprint, time, payload checksum) followed by the gob-encoded
// result; the folder holds plmlab's CACHEDIR.TAG, and plmlab writes to
// and removes from tagged folders only (cacheowner.go). Clear the cache
// with Clear (or reproduce cache clear), or delete the folder.
type Cache struct {
	Dir string
	// StaleAfter is how long a claim on an entry being computed may go
	// without a heartbeat before another process takes it over (default
	// one minute; see claim.go).
	StaleAfter time.Duration
}

const cacheMagic = "PLMLAB-CACHE 1\n"

// maxEntryBytes bounds an entry file that is read: 4 GiB, far above any
// result plmlab stores (the largest are tens of MB).
const maxEntryBytes = 4 << 30

// DefaultCacheDir is $PLMLAB_CACHE, or plmlab under the user's cache
// directory (~/.cache/plmlab on Linux).
func DefaultCacheDir() (string, error) {
	if d := os.Getenv("PLMLAB_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("experiment: no cache directory (set PLMLAB_CACHE): %w", err)
	}
	return filepath.Join(d, "plmlab"), nil
}

// DefaultCache is the cache in DefaultCacheDir.
func DefaultCache() (*Cache, error) {
	d, err := DefaultCacheDir()
	if err != nil {
		return nil, err
	}
	return &Cache{Dir: d}, nil
}

// CacheEntry describes one stored result.
type CacheEntry struct {
	Name   string          `json:"name"`
	Key    string          `json:"key"`
	Config json.RawMessage `json:"config"`
	Inputs []string        `json:"inputs,omitempty"`
	// Package is the import path of the config's package, and Code the
	// fingerprint of its code and of the module code it imports.
	Package string    `json:"package"`
	Code    string    `json:"code"`
	Created time.Time `json:"created"`
	SHA256  string    `json:"sha256"`
	Bytes   int64     `json:"bytes"`
	// Path is where the entry lives (not stored in the file).
	Path string `json:"-"`
	// Stale is set by List for entries computed by other library code:
	// they can never be served again.
	Stale bool `json:"-"`
}

// Inputs is implemented by configs that read files: each file's path, size
// and modification time join the cache key, so a changed file is not
// mistaken for the old one.
type Inputs interface {
	Inputs() ([]string, error)
}

// key identifies (config, inputs, code).
func cacheKey(c Config) (CacheEntry, error) {
	cfg, err := json.Marshal(c)
	if err != nil {
		return CacheEntry{}, fmt.Errorf("experiment: %s config cannot be encoded: %w", c.Name(), err)
	}
	pkg := reflect.TypeOf(c).PkgPath()
	e := CacheEntry{Name: c.Name(), Config: cfg, Package: pkg, Code: fingerprint.Of(pkg)}
	if in, ok := c.(Inputs); ok {
		paths, err := in.Inputs()
		if err != nil {
			return e, err
		}
		for _, p := range paths {
			st, err := os.Stat(p)
			if err != nil {
				return e, err
			}
			abs, err := filepath.Abs(p)
			if err != nil {
				return e, err
			}
			e.Inputs = append(e.Inputs, fmt.Sprintf("%s %d %d", abs, st.Size(), st.ModTime().UnixNano()))
		}
	}
	h := sha256.New()
	for _, part := range append([]string{e.Name, string(cfg), e.Package, e.Code}, e.Inputs...) {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	e.Key = hex.EncodeToString(h.Sum(nil))[:32]
	return e, nil
}

func (c *Cache) path(e CacheEntry) string {
	return filepath.Join(c.Dir, e.Name, e.Key+".gob")
}

// load decodes the entry into v; false on a miss or any damage.
func (c *Cache) load(e CacheEntry, v any) bool {
	f, err := userfile.Open(c.path(e), maxEntryBytes)
	if err != nil {
		return false
	}
	defer f.Close()
	h, payload, err := readEntry(f)
	if err != nil || h.Key != e.Key || h.Code != e.Code || !gobFraming(payload) {
		return false
	}
	return gob.NewDecoder(bytes.NewReader(payload)).Decode(v) == nil
}

// gobFraming checks that every message of a gob stream fits in the bytes
// present: the decoder allocates what a length prefix announces (up to
// 1 GiB), so a damaged prefix must not reach it.
func gobFraming(b []byte) bool {
	for len(b) > 0 {
		n, k := uvarintGob(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return false
		}
		b = b[k+int(n):]
	}
	return true
}

// uvarintGob decodes gob's unsigned integer: a byte < 128 is the value,
// otherwise the negated byte count of a big-endian value that follows.
func uvarintGob(b []byte) (uint64, int) {
	if b[0] < 0x80 {
		return uint64(b[0]), 1
	}
	n := -int(int8(b[0]))
	if n > 8 || len(b) < 1+n {
		return 0, -1
	}
	var x uint64
	for _, c := range b[1 : 1+n] {
		x = x<<8 | uint64(c)
	}
	return x, 1 + n
}

// readEntry reads and checks an entry file: header and payload.
func readEntry(r io.Reader) (CacheEntry, []byte, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(cacheMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != cacheMagic {
		return CacheEntry{}, nil, errors.New("not a plmlab cache entry")
	}
	line, err := br.ReadBytes('\n')
	if err != nil {
		return CacheEntry{}, nil, errors.New("truncated header")
	}
	var h CacheEntry
	if err := json.Unmarshal(line, &h); err != nil {
		return h, nil, fmt.Errorf("bad header: %w", err)
	}
	if h.Bytes < 0 || h.Bytes > limits.Memory || h.Bytes > maxEntryBytes {
		return h, nil, fmt.Errorf("bad header: %d payload bytes", h.Bytes)
	}
	payload, err := io.ReadAll(io.LimitReader(br, h.Bytes+1))
	if err != nil {
		return h, nil, err
	}
	sum := sha256.Sum256(payload)
	if int64(len(payload)) != h.Bytes || hex.EncodeToString(sum[:]) != h.SHA256 {
		return h, nil, errors.New("checksum mismatch")
	}
	return h, payload, nil
}

// store writes v under e atomically.
func (c *Cache) store(e CacheEntry, v any) error {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(v); err != nil {
		return fmt.Errorf("experiment: encoding %s for the cache: %w", e.Name, err)
	}
	sum := sha256.Sum256(payload.Bytes())
	e.SHA256, e.Bytes, e.Created = hex.EncodeToString(sum[:]), int64(payload.Len()), time.Now().UTC()
	head, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := c.own(); err != nil {
		return err
	}
	dir := filepath.Join(c.Dir, e.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("experiment: cache: %w", err)
	}
	var file bytes.Buffer
	file.WriteString(cacheMagic)
	file.Write(head)
	file.WriteByte('\n')
	file.Write(payload.Bytes())
	if err := atomicfile.Write(c.path(e), &file); err != nil {
		return fmt.Errorf("experiment: cache: %w", err)
	}
	return nil
}

// List returns the stored entries (of one experiment, or all when name is
// empty), oldest first, marking those computed by other library code.
func (c *Cache) List(name string) ([]CacheEntry, error) {
	pattern := filepath.Join(c.Dir, "*", "*.gob")
	if name != "" {
		pattern = filepath.Join(c.Dir, name, "*.gob")
	}
	files, err := filepath.Glob(pattern)
	if err != nil {
		return nil, err
	}
	var out []CacheEntry
	for _, p := range files {
		if !entryName.MatchString(filepath.Base(p)) || userfile.Check(p) != nil {
			continue
		}
		h, err := c.header(p)
		if err != nil {
			h = CacheEntry{Name: filepath.Base(filepath.Dir(p)), Key: strings.TrimSuffix(filepath.Base(p), ".gob")}
		}
		h.Path, h.Stale = p, stale(h)
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, nil
}

// Clear removes the entries of one experiment, or of every experiment
// when name is empty, and returns how many files it removed. Only files
// plmlab wrote are removed, and only from a folder plmlab tagged as its
// cache (see cacheowner.go); files it did not write are left, and named in
// the error.
func (c *Cache) Clear(name string) (int, error) {
	if name != "" && (strings.ContainsAny(name, `/\`) || name == "." || name == "..") {
		return 0, fmt.Errorf("experiment: bad experiment name %q", name)
	}
	if err := c.checkOurs(); err != nil {
		return 0, err
	}
	dirs := []string{filepath.Join(c.Dir, name)}
	if name == "" {
		var err error
		if dirs, err = c.experimentDirs(); err != nil {
			return 0, err
		}
	}
	n := 0
	var left []string
	for _, d := range dirs {
		k, l, err := removeOurs(d, nil)
		n, left = n+k, append(left, l...)
		if err != nil {
			return n, err
		}
	}
	return n, leftNote(left)
}

// experimentDirs lists the experiments' folders of the cache.
func (c *Cache) experimentDirs() ([]string, error) {
	ds, err := os.ReadDir(c.Dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range ds {
		if d.IsDir() {
			out = append(out, filepath.Join(c.Dir, d.Name()))
		}
	}
	return out, nil
}

// Prune removes the entries that can never be served again (computed by
// other library code, or damaged), and temporary files and claims older
// than a day (left by writers that were killed, e.g. at a cluster's time
// limit), and returns how many files it removed. As Clear, it removes only
// files plmlab wrote, from a folder plmlab tagged.
func (c *Cache) Prune() (int, error) {
	if err := c.checkOurs(); err != nil {
		return 0, err
	}
	keep := func(p string) bool {
		name := filepath.Base(p)
		if entryName.MatchString(name) {
			h, err := c.header(p)
			return err == nil && !stale(h)
		}
		st, err := os.Stat(p)
		return err != nil || time.Since(st.ModTime()) <= 24*time.Hour
	}
	n := 0
	dirs, err := c.experimentDirs()
	if err != nil {
		return 0, err
	}
	for _, d := range dirs {
		k, _, err := removeOurs(d, keep)
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// stale reports whether an entry was computed by code other than this
// program's: its package's code has changed since (or it predates
// per-package fingerprints). An entry of a package this program does not
// link cannot be judged and is not stale.
func stale(h CacheEntry) bool {
	if h.Package == "" {
		return true
	}
	return fingerprint.Registered(h.Package) && h.Code != fingerprint.Of(h.Package)
}

// header reads and checks an entry file.
func (c *Cache) header(path string) (CacheEntry, error) {
	f, err := userfile.Open(path, maxEntryBytes)
	if err != nil {
		return CacheEntry{}, err
	}
	defer f.Close()
	h, _, err := readEntry(f)
	return h, err
}
