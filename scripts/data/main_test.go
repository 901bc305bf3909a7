package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/data"
)

// fetch downloads into the data folder what is missing, once; a bad
// checksum is exit 1 with the source named.
func TestFetchCommand(t *testing.T) {
	body := []byte("1 5 0.9 4.2\n")
	sum := sha256.Sum256(body)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	dir := t.TempDir()
	t.Setenv("PLMLAB_DATA", dir)
	t.Setenv("GONB_DIR", "")
	t.Chdir(t.TempDir())
	saved := data.Remotes
	defer func() { data.Remotes = saved }()
	data.Remotes = []data.Remote{{Name: "x.dat", URL: srv.URL + "/x.dat", SHA256: hex.EncodeToString(sum[:]), Source: "the test server"}}
	var out, errb bytes.Buffer
	if rc := run([]string{"where"}, &out, &errb); rc != 1 || !strings.Contains(out.String(), "scripts/setup.sh --data") {
		t.Errorf("where before fetch: exit %d, %s", rc, out.String())
	}
	if rc := run([]string{"fetch"}, &out, &errb); rc != 0 {
		t.Fatalf("fetch: exit %d, %s", rc, errb.String())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "x.dat")); !bytes.Equal(b, body) {
		t.Errorf("fetched %q", b)
	}
	data.Remotes[0].Name, data.Remotes[0].SHA256 = "y.dat", strings.Repeat("0", 64)
	errb.Reset()
	if rc := run([]string{"fetch"}, &out, &errb); rc != 1 || !strings.Contains(errb.String(), "checksum mismatch") || !strings.Contains(errb.String(), "the test server") {
		t.Errorf("bad checksum: exit %d, %s", rc, errb.String())
	}
	// A variable naming no file: where and fetch fail, naming it, and
	// nothing is downloaded in its place.
	data.Remotes[0].Env = "PLMLAB_TEST_X"
	t.Setenv("PLMLAB_TEST_X", filepath.Join(dir, "nowhere.dat"))
	for _, cmd := range []string{"where", "fetch"} {
		out.Reset()
		if rc := run([]string{cmd}, &out, &errb); rc != 1 || !strings.Contains(out.String(), "PLMLAB_TEST_X") {
			t.Errorf("%s with a variable naming no file: exit %d, %s", cmd, rc, out.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "y.dat")); err == nil {
		t.Error("fetch downloaded a file the variable overrides")
	}
	if rc := run([]string{"nonsense"}, &out, &errb); rc != 2 {
		t.Errorf("bad command: exit %d", rc)
	}
}
