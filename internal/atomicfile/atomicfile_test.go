package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
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
