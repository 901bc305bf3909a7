package data

import (
	"compress/gzip"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadContactMap(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		f, _ := os.Create(p)
		if strings.HasSuffix(name, ".gz") {
			z := gzip.NewWriter(f)
			z.Write([]byte(text))
			z.Close()
		} else {
			f.WriteString(text)
		}
		f.Close()
		return p
	}
	good := "1.0 3.0 0.5 4.5\n# comment\n2 4 0.1 12.25\n1 2 0.9 3.8\n"
	for _, name := range []string{"map.dat", "map.dat.gz"} {
		m, err := ReadContactMap(write(name, good))
		if err != nil {
			t.Fatal(err)
		}
		if m.L != 4 || m.Distance[0][2] != 4.5 || m.Distance[3][1] != 12.25 || !math.IsNaN(m.Distance[0][3]) {
			t.Errorf("%s: %+v", name, m)
		}
		if !m.Contact(0, 2, 8) || m.Contact(1, 3, 8) || m.Contact(0, 3, 8) || m.Contact(0, 9, 8) {
			t.Errorf("%s: contacts wrong", name)
		}
	}
	for text, want := range map[string]string{
		"1 2 0.5\n":              "3 columns",
		"0 2 0.5 3\n":            "not a positive integer",
		"1.5 2 0.5 3\n":          "not a positive integer",
		"1 2 0.5 NaN\n":          "not a finite number",
		"1 2 0.5 -1\n":           "not a finite number",
		"2 2 0.5 1\n":            "itself",
		"1 2 0.5 3\n2 1 0.5 3\n": "twice",
		"# nothing\n":            "no pair",
	} {
		_, err := ReadContactMap(write("bad.dat", text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", text, err, want)
		}
	}
	if _, err := ReadContactMap(filepath.Join(dir, "absent.dat")); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("missing file: %v", err)
	}
}

// PF13354's map: 202 sites, every pair listed, the right checksum.
func TestPF13354ContactMap(t *testing.T) {
	p, err := FindPF13354Structure()
	if err != nil {
		t.Skip(err)
	}
	m, err := ReadContactMap(p)
	if err != nil {
		t.Fatal(err)
	}
	contacts := 0
	for i := 0; i < m.L; i++ {
		for j := i + 5; j < m.L; j++ {
			if math.IsNaN(m.Distance[i][j]) {
				t.Fatalf("pair (%d, %d) missing", i+1, j+1)
			}
			if m.Contact(i, j, 8) {
				contacts++
			}
		}
	}
	t.Logf("%d sites, %d contacts at |i − j| > 4 and < 8 Å", m.L, contacts)
	if m.L != 202 || contacts < 200 {
		t.Errorf("L = %d, %d contacts", m.L, contacts)
	}
	if os.Getenv("PLMLAB_PF13354_STRUCT") == "" {
		raw, _ := readMaybeGzip(p)
		b, err := io.ReadAll(raw)
		if err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(t.TempDir(), "plain")
		os.WriteFile(tmp, b, 0o644)
		if sum, _ := fileSHA256(tmp); sum != PF13354Structure.SHA256 {
			t.Errorf("structure SHA-256 %s, the code says %s", sum, PF13354Structure.SHA256)
		}
	}
}
