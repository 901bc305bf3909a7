package paths

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFindUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	os.MkdirAll(deep, 0o755)
	os.MkdirAll(filepath.Join(root, "x"), 0o755)
	os.WriteFile(filepath.Join(root, "x", "f.txt"), []byte("hi"), 0o644)
	t.Setenv("GONB_DIR", deep)
	p, ok := FindUp("missing.txt", filepath.Join("x", "f.txt"))
	if !ok || p != filepath.Join(root, "x", "f.txt") {
		t.Errorf("FindUp = %q, %v", p, ok)
	}
	if _, ok := FindUp("surely-not-here-7f3a.txt"); ok {
		t.Error("found a file that does not exist")
	}
}
