package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ok.go", []byte("package main\n"))
	write("elf", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 100)...))
	write("macho", []byte{0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1})
	write("big.csv", bytes.Repeat([]byte("1,"), 600))
	write("short", []byte("M"))
	pe := make([]byte, 0x90)
	copy(pe, "MZ")
	pe[0x3c] = 0x80
	copy(pe[0x80:], "PE\x00\x00")
	write("prog.exe", pe)
	write("mz.txt", append([]byte("MZ is a state code"), make([]byte, 100)...))
	for _, c := range []struct {
		files []string
		max   int64
		want  []string
	}{
		{[]string{"ok.go", "short"}, 1000, nil},
		{[]string{"ok.go", "elf"}, 1000, []string{"elf is a compiled binary (ELF)"}},
		{[]string{"macho"}, 1000, []string{"macho is a compiled binary (Mach-O)"}},
		{[]string{"prog.exe", "mz.txt"}, 1000, []string{"prog.exe is a compiled binary (PE (Windows))"}},
		{[]string{"big.csv", "ok.go"}, 1000, []string{"big.csv is 0.0 MB, above the 0.0 MB limit"}},
		{[]string{"gone.txt"}, 1000, nil}, // tracked but deleted in the work tree
	} {
		got := check(dir, c.files, c.max)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%v: got %q, want %q", c.files, got, c.want)
		}
	}
}

// On a real repository: a committed binary fails the check, naming it.
func TestRunOnARepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.email=t@t", "-c", "user.name=t"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("hi\n"), 0o644)
	git("add", ".")
	var out, errb bytes.Buffer
	if rc := run([]string{dir}, &out, &errb); rc != 0 {
		t.Fatalf("clean repository: exit %d, %s", rc, errb.String())
	}
	os.WriteFile(filepath.Join(dir, "pages"), []byte("\x7fELF\x02\x01\x01\x00"), 0o755)
	git("add", "pages")
	errb.Reset()
	if rc := run([]string{dir}, &out, &errb); rc != 1 || !strings.Contains(errb.String(), "pages is a compiled binary (ELF)") {
		t.Errorf("binary committed: exit %d, %s", rc, errb.String())
	}
}

func TestCheckDocs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644)
	}
	write("README.md", "# x\n[ok](docs/a.md#part) [gone](docs/missing.md) [web](https://x.org/a.md)\nAs issue 12 planned.\n"+strings.Repeat("line\n", 150))
	write("docs/a.md", "[up](../README.md) [self](#top) [dir](../docs)\n")
	write("notebooks/n.ipynb", `{"cells":[{"cell_type":"markdown","source":["Fixed in issue #7.\n","[x](nowhere.md)"]},{"cell_type":"code","source":["// issue 9 in code is not prose"]}]}`)
	write("plm/x.go", "// issue 3: code comments are not product docs\n")
	got := checkDocs(dir, []string{"README.md", "docs/a.md", "notebooks/n.ipynb", "plm/x.go"})
	want := []string{
		"README.md: 153 lines, over 150",
		"README.md:2: link to docs/missing.md",
		`README.md:3: refers to the issue tracker ("issue 12")`,
		`notebooks/n.ipynb:1: refers to the issue tracker ("issue #7")`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for k := range want {
		if !strings.HasPrefix(got[k], want[k]) {
			t.Errorf("problem %d: %q, want it to start with %q", k, got[k], want[k])
		}
	}
}
