package userfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Every kind of path a user may name: only regular files within the bound
// are read, and nothing blocks (a FIFO with no writer would block open(2)).
func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.json")
	os.WriteFile(small, []byte("{}"), 0o644)
	big := filepath.Join(dir, "big.json")
	os.WriteFile(big, make([]byte, 2048), 0o644)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	os.Symlink(small, link)
	for _, c := range []struct {
		path, want string
	}{
		{small, ""},
		{link, ""},
		{big, "more than 1 KiB"},
		{fifo, "a named pipe (FIFO), not a regular file"},
		{dir, "a directory, not a regular file"},
		{"/dev/zero", "a character device, not a regular file"},
		{"/dev/null", "a character device, not a regular file"},
		{filepath.Join(dir, "none"), "no such file"},
		{"/proc/self/status", "more than 1 KiB"}, // reports size 0, holds more
	} {
		b, err := Read(c.path, 1024)
		if c.want == "" {
			if err != nil || string(b) != "{}" {
				t.Errorf("%s: %q, %v", c.path, b, err)
			}
			continue
		}
		if c.path == "/proc/self/status" {
			if _, err := os.Stat(c.path); err != nil {
				continue
			}
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("%s: %v, want an error naming the path and saying %q", c.path, err, c.want)
		}
	}
}

func TestCheckTarget(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "out.json")
	os.WriteFile(file, nil, 0o644)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{filepath.Join(dir, "new.json"): "", file: "", fifo: "named pipe", "/dev/null": "character device", dir: "directory"} {
		err := CheckTarget(path)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckTarget(%s) = %v, want %q", path, err, want)
		}
	}
}
