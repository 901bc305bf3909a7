package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

type failing struct{}

func (failing) WriteTo(w io.Writer) (int64, error) {
	n, _ := w.Write([]byte("partial"))
	return int64(n), errors.New("disk full")
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.json")
	if err := Write(p, Bytes("whole")); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, failing{}); err == nil {
		t.Fatal("a failed write reported success")
	}
	got, _ := os.ReadFile(p)
	files, _ := os.ReadDir(dir)
	if string(got) != "whole" || len(files) != 1 {
		t.Errorf("after a failed rewrite: %q, %d files", got, len(files))
	}
}

// A FIFO or a device at the target is refused and left as it is.
func TestWriteRefusesNonRegularTargets(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "out.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, "/dev/null"} {
		if err := Write(p, Bytes("x")); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: %v", p, err)
		}
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced")
	}
}
