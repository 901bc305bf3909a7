package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A file server on the loopback address: the good file, a corrupt one,
// a missing one and one that never answers.
func TestFetch(t *testing.T) {
	good := []byte(">seq1\nACDEFG\n>seq2\nACD-FG\n")
	sum := sha256.Sum256(good)
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/good", "/corrupt":
			b := good
			if r.URL.Path == "/corrupt" {
				b = append([]byte(nil), good...)
				b[3] ^= 1
			}
			w.Write(b)
		case "/slow":
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	defer close(hang)
	remote := func(path string) Remote {
		return Remote{Name: "file.fasta", URL: srv.URL + path, SHA256: hex.EncodeToString(sum[:]), Source: "the test server"}
	}
	dir := filepath.Join(t.TempDir(), "data")
	var calls int
	p, err := remote("/good").Fetch(context.Background(), dir, func(done, total int64) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != string(good) || calls == 0 {
		t.Errorf("good file: %q, %d progress calls", b, calls)
	}
	// A second fetch finds the file and does not download: the URL is dead.
	if q, err := remote("/missing").Fetch(context.Background(), dir, nil); err != nil || q != p {
		t.Errorf("second fetch: %v, %v", q, err)
	}

	fresh := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	for _, c := range []struct {
		path string
		ctx  context.Context
		want string
	}{
		{"/corrupt", context.Background(), "checksum mismatch"},
		{"/missing", context.Background(), "404"},
		{"/slow", ctx, "deadline exceeded"},
	} {
		_, err := remote(c.path).Fetch(c.ctx, fresh, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "file.fasta") {
			t.Errorf("%s: error %v, want one naming the file and %q", c.path, err, c.want)
		}
		if left, _ := os.ReadDir(fresh); len(left) != 0 {
			t.Errorf("%s: left %d files behind", c.path, len(left))
		}
	}
	if _, err := (Remote{Name: "x"}).Fetch(context.Background(), fresh, nil); err == nil {
		t.Error("a remote without URL or checksum was fetched")
	}
}

// Find looks in the variable's path, then in the data folder (never in
// folders above the working directory); the error names the source and the
// command. A variable naming no regular file is an error.
func TestFindRemote(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PLMLAB_DATA", dir)
	t.Setenv("GONB_DIR", "")
	// A copy in a shared/data folder above the working directory is not
	// looked at: that folder belongs to one build system, not to users.
	wd := t.TempDir()
	os.MkdirAll(filepath.Join(wd, "shared", "data"), 0o755)
	os.WriteFile(filepath.Join(wd, "shared", "data", "thing.dat"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(wd, "sub"), 0o755)
	t.Chdir(filepath.Join(wd, "sub"))
	r := Remote{Name: "thing.dat", Source: "GitHub repository someone/somewhere (MIT licence)", Env: "PLMLAB_TEST_THING"}
	_, err := r.Find()
	if err == nil || !strings.Contains(err.Error(), FetchCommand) || !strings.Contains(err.Error(), "someone/somewhere") ||
		!strings.Contains(err.Error(), "PLMLAB_TEST_THING") || strings.Contains(err.Error(), "shared") {
		t.Errorf("missing file: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "thing.dat.gz"), []byte("x"), 0o644)
	if p, err := r.Find(); err != nil || p != filepath.Join(dir, "thing.dat.gz") {
		t.Errorf("in the data folder: %q, %v", p, err)
	}
	mine := filepath.Join(t.TempDir(), "mine.dat")
	os.WriteFile(mine, []byte("y"), 0o644)
	t.Setenv("PLMLAB_TEST_THING", mine)
	if p, _ := r.Find(); p != mine {
		t.Errorf("the variable does not win: %q", p)
	}
	for _, bad := range []struct{ path, want string }{
		{"/elsewhere/thing.dat", "no such file"},
		{dir, "a directory"},
		{"/dev/null", "a character device"},
	} {
		t.Setenv("PLMLAB_TEST_THING", bad.path)
		p, err := r.Find()
		if err == nil || !strings.Contains(err.Error(), "PLMLAB_TEST_THING") || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("variable naming %s: %q, %v (want an error naming the variable and %q)", bad.path, p, err, bad.want)
		}
	}
}

// The checksums in the code are those of the project's copies (the
// structure is gzipped there: its checksum is of the plain text).
func TestRemoteChecksumsMatchTheSharedCopies(t *testing.T) {
	p, err := PF13354Alignment.Find()
	if err != nil || os.Getenv("PLMLAB_PF13354") != "" {
		t.Skipf("alignment not found here, or set by variable: %v", err)
	}
	if sum, _ := fileSHA256(p); sum != PF13354Alignment.SHA256 {
		t.Errorf("%s: SHA-256 %s, the code says %s", p, sum, PF13354Alignment.SHA256)
	}
}
