package experiment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/plmlab/plmlab/internal/userfile"
)

const claimHeartbeat = 5 * time.Second

// defaultStaleAfter is how long a claim may go unchanged before it is taken
// over: many heartbeats, so that a slow file system is not mistaken for a
// dead holder.
const defaultStaleAfter = 60 * time.Second

func (c *Cache) lockPath(e CacheEntry) string {
	return filepath.Join(c.Dir, e.Name, e.Key+".lock")
}

func (c *Cache) staleAfter() time.Duration {
	if c.StaleAfter > 0 {
		return c.StaleAfter
	}
	return defaultStaleAfter
}

// claim makes this process the one computing e. It returns a release
// function, or nil and the holder when another process holds a live claim.
// When the cache cannot hold locks (read-only, …) it returns a no-op
// release: the entry is computed without one.
func (c *Cache) claim(e CacheEntry) (release func(), holder string) {
	path := c.lockPath(e)
	if c.own() != nil || os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return func() {}, ""
	}
	host, _ := os.Hostname()
	me := fmt.Sprintf("pid %d on %s", os.Getpid(), host)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			b, _ := readClaim(path)
			return nil, holderOf(b)
		}
		return func() {}, ""
	}
	beat := func(n int) { os.WriteFile(path, fmt.Appendf(nil, "%s\nheartbeat %d\n", me, n), 0o644) }
	fmt.Fprintf(f, "%s\nheartbeat 0\n", me)
	f.Close()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(claimHeartbeat)
		defer t.Stop()
		for n := 1; ; n++ {
			select {
			case <-stop:
				return
			case <-t.C:
				beat(n)
			}
		}
	}()
	return func() {
		close(stop)
		<-done
		os.Remove(path)
	}, me
}

// deadHere reports whether a claim's holder ran on this machine and is
// gone (a notebook cell interrupted, a command killed): no need to wait
// for its heartbeat to stop.
func deadHere(claim []byte) bool {
	var pid int
	var host string
	if _, err := fmt.Sscanf(holderOf(claim), "pid %d on %s", &pid, &host); err != nil || pid <= 0 {
		return false
	}
	if me, _ := os.Hostname(); host != me {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return true
	}
	return errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}

// readClaim reads a claim file (a few lines).
func readClaim(path string) ([]byte, error) {
	return userfile.Read(path, 4096)
}

// holderOf is the first line of a claim file.
func holderOf(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	if len(line) == 0 {
		return "another process"
	}
	return string(line)
}

// awaitOrClaim waits while another process holds the claim on e. It
// returns (nil, true) when the entry appeared and loaded into v, or a
// release function once this process holds the claim (after the holder
// finished without storing, or died).
func (c *Cache) awaitOrClaim(ctx context.Context, e CacheEntry, v any, waiting func(holder string)) (release func(), loaded bool, err error) {
	path := c.lockPath(e)
	var last []byte
	changed := time.Now()
	delay := 20 * time.Millisecond
	for {
		release, holder := c.claim(e)
		if release != nil {
			// The holder may have stored the entry just before letting go.
			if c.load(e, v) {
				release()
				return nil, true, nil
			}
			return release, false, nil
		}
		waiting(holder)
		for {
			select {
			case <-ctx.Done():
				return nil, false, ctx.Err()
			case <-time.After(delay):
			}
			delay = min(2*delay, time.Second)
			if c.load(e, v) {
				return nil, true, nil
			}
			b, err := readClaim(path)
			if errors.Is(err, fs.ErrNotExist) {
				break // released: try to claim
			}
			if err != nil {
				// A claim that cannot be read (a directory, no permission)
				// goes stale like any other: it never changes.
				b = []byte("unreadable claim: " + err.Error())
			}
			if !bytes.Equal(b, last) {
				last, changed = b, time.Now()
			}
			if time.Since(changed) > c.staleAfter() || deadHere(b) {
				// Its holder died. Read once more, so as not to remove a
				// claim another waiter has just taken over; remove only a
				// claim plmlab wrote (a regular file).
				if now, _ := readClaim(path); bytes.Equal(now, last) && ours(path) {
					os.Remove(path)
				}
				if _, err := os.Lstat(path); err == nil && !ours(path) {
					// It cannot be taken over: compute without a claim.
					if c.load(e, v) {
						return nil, true, nil
					}
					return func() {}, false, nil
				}
				break
			}
		}
	}
}
