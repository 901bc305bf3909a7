package experiment

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/plmlab/plmlab/internal/atomicfile"
	"github.com/plmlab/plmlab/internal/userfile"
)

const (
	cacheTagName = "CACHEDIR.TAG"
	cacheTagText = "Signature: 8a477f597d28d172789f06886806bc55\n" +
		"# This file is a cache directory tag created by plmlab.\n" +
		"# plmlab removes only the files it wrote here (reproduce cache clear, prune).\n"
	cacheTagMark = "created by plmlab"
)

var (
	entryName = regexp.MustCompile(`^[0-9a-f]{32}\.gob$`)
	claimName = regexp.MustCompile(`^[0-9a-f]{32}\.lock$`)
	tempName  = regexp.MustCompile(`^\.[0-9a-f]{32}\.gob\.tmp-[0-9]+$`)
)

// NotACacheError says that a folder is not a plmlab cache.
type NotACacheError struct {
	Dir, Why string
}

func (e *NotACacheError) Error() string {
	return fmt.Sprintf("%s is not a plmlab cache (%s): plmlab neither writes there nor removes anything from it; "+
		"point PLMLAB_CACHE at a new or empty folder", e.Dir, e.Why)
}

// tagged reports whether the folder carries plmlab's tag.
func tagged(dir string) bool {
	b, err := userfile.Read(filepath.Join(dir, cacheTagName), 4096)
	return err == nil && bytes.Contains(b, []byte(cacheTagMark))
}

// own makes c.Dir a plmlab cache it may write to: a tagged folder, or a
// new, empty or plmlab-only one, which it tags.
func (c *Cache) own() error {
	if tagged(c.Dir) {
		return nil
	}
	if err := adoptable(c.Dir); err != nil {
		return err
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return fmt.Errorf("experiment: cache: %w", err)
	}
	// Atomically: shard tasks starting together on a new folder must never
	// see a half-written tag.
	return atomicfile.Write(filepath.Join(c.Dir, cacheTagName), atomicfile.Bytes(cacheTagText))
}

// adoptable says why an untagged folder may not become a cache: it holds a
// file that plmlab did not write.
func adoptable(dir string) error {
	top, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &NotACacheError{Dir: dir, Why: err.Error()}
	}
	for _, d := range top {
		if d.Name() == cacheTagName && tagged(dir) {
			continue // tagged meanwhile by another process
		}
		if strings.HasPrefix(d.Name(), "."+cacheTagName+".tmp-") {
			continue // another process is writing the tag
		}
		if !d.IsDir() {
			return &NotACacheError{Dir: dir, Why: fmt.Sprintf("it holds %s, which plmlab did not write, and no plmlab %s", d.Name(), cacheTagName)}
		}
		files, err := os.ReadDir(filepath.Join(dir, d.Name()))
		if err != nil {
			return &NotACacheError{Dir: dir, Why: err.Error()}
		}
		for _, f := range files {
			if !ours(filepath.Join(dir, d.Name(), f.Name())) {
				return &NotACacheError{Dir: dir, Why: fmt.Sprintf("it holds %s, which plmlab did not write, and no plmlab %s", filepath.Join(d.Name(), f.Name()), cacheTagName)}
			}
		}
	}
	return nil
}

// ours reports whether a file in an experiment's folder of the cache was
// written by plmlab: an entry with plmlab's header, a claim with plmlab's
// first line, a temporary file of an entry.
func ours(path string) bool {
	name := filepath.Base(path)
	var head []byte
	switch {
	case tempName.MatchString(name):
		return userfile.Check(path) == nil
	case entryName.MatchString(name):
		head = []byte(cacheMagic)
	case claimName.MatchString(name):
		head = []byte("pid ")
	default:
		return false
	}
	f, err := userfile.Open(path, 1<<62)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, len(head))
	_, err = io.ReadFull(f, b)
	return err == nil && bytes.Equal(b, head)
}

// checkOurs refuses to remove anything from a folder plmlab did not tag;
// an untagged folder holding only plmlab's files (a cache of an earlier
// version) is tagged and accepted.
func (c *Cache) checkOurs() error {
	if _, err := os.Stat(c.Dir); errors.Is(err, fs.ErrNotExist) || tagged(c.Dir) {
		return nil
	}
	if err := adoptable(c.Dir); err != nil {
		return err
	}
	return c.own()
}

// removeOurs removes the files plmlab wrote in one experiment's folder of
// the cache (those keep(path) does not hold back), then the folder if it
// is empty; it returns how many files it removed and the names of those it
// left because plmlab did not write them.
func removeOurs(dir string, keep func(path string) bool) (int, []string, error) {
	files, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil, nil
		}
		return 0, nil, err
	}
	n := 0
	var left []string
	for _, f := range files {
		p := filepath.Join(dir, f.Name())
		if !ours(p) {
			left = append(left, p)
			continue
		}
		if keep != nil && keep(p) {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, left, err
		}
		n++
	}
	os.Remove(dir) // only when empty
	return n, left, nil
}

// leftNote says which files a clear or prune left alone.
func leftNote(left []string) error {
	if len(left) == 0 {
		return nil
	}
	more := ""
	if len(left) > 5 {
		more = fmt.Sprintf(" and %d more", len(left)-5)
		left = left[:5]
	}
	return fmt.Errorf("left %s%s: plmlab did not write them", strings.Join(left, ", "), more)
}
