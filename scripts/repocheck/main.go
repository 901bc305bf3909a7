// Command repocheck fails when the repository tracks a build output: a
// compiled binary (ELF, Mach-O, PE, WebAssembly, a Go archive) or any file
// larger than 2 MB (data that large is fetched, not committed); and when
// the product docs slip: a README over 150 lines, a relative link in the
// README or docs/ to a file git does not track, a reference to the issue
// tracker in the README, docs/ or a notebook's prose.
//
//	go run ./scripts/repocheck [-max BYTES] [DIR]
//
// It reads the tracked files from `git ls-files` in DIR (default: the
// current directory) and exits 1 naming every offending file.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// MaxTrackedBytes is the largest file the repository may track.
const MaxTrackedBytes = 2 << 20

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("repocheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	max := fs.Int64("max", MaxTrackedBytes, "largest tracked file in bytes")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	dir := "."
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	out, err := exec.Command("git", "-C", dir, "ls-files", "-z").Output()
	if err != nil {
		fmt.Fprintf(stderr, "repocheck: git ls-files in %s: %v (not a git checkout?)\n", dir, err)
		return 2
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	problems := check(dir, files, *max)
	for _, p := range problems {
		fmt.Fprintln(stderr, "repocheck:", p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "repocheck: %d tracked file(s) must not be in git: remove them (git rm --cached) and ignore build outputs in .gitignore\n", len(problems))
	}
	docs := checkDocs(dir, files)
	for _, p := range docs {
		fmt.Fprintln(stderr, "repocheck:", p)
	}
	if len(problems)+len(docs) > 0 {
		return 1
	}
	fmt.Fprintf(stdout, "repocheck: %d tracked files, no binary, none above %d bytes; README, docs and notebooks: links resolve, no tracker references\n", len(files), *max)
	return 0
}

// check returns one line per tracked file that is a compiled binary or
// larger than max bytes. Tracked files missing from the work tree
// (deleted, not yet committed) are skipped.
func check(dir string, files []string, max int64) []string {
	var problems []string
	for _, f := range files {
		path := filepath.Join(dir, f)
		st, err := os.Lstat(path)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		if st.Size() > max {
			problems = append(problems, fmt.Sprintf("%s is %.1f MB, above the %.1f MB limit", f, float64(st.Size())/(1<<20), float64(max)/(1<<20)))
			continue
		}
		if kind := binaryKind(path); kind != "" {
			problems = append(problems, fmt.Sprintf("%s is a compiled binary (%s)", f, kind))
		}
	}
	return problems
}

// magics are the first bytes of compiled outputs.
var magics = []struct {
	prefix []byte
	kind   string
}{
	{[]byte("\x7fELF"), "ELF"},
	{[]byte{0xfe, 0xed, 0xfa, 0xce}, "Mach-O"},
	{[]byte{0xfe, 0xed, 0xfa, 0xcf}, "Mach-O"},
	{[]byte{0xce, 0xfa, 0xed, 0xfe}, "Mach-O"},
	{[]byte{0xcf, 0xfa, 0xed, 0xfe}, "Mach-O"},
	{[]byte{0xca, 0xfe, 0xba, 0xbe}, "Mach-O universal"},
	{[]byte("\x00asm"), "WebAssembly"},
	{[]byte("!<arch>\n"), "archive (.a)"},
}

// binaryKind names the kind of compiled file at path, or "".
func binaryKind(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	for _, m := range magics {
		if bytes.HasPrefix(head, m.prefix) {
			return m.kind
		}
	}
	// PE: "MZ", and at the offset stored at 0x3c the signature "PE\0\0"
	// (a text file may well start with "MZ").
	if bytes.HasPrefix(head, []byte("MZ")) && len(head) >= 0x40 {
		off := int(binary.LittleEndian.Uint32(head[0x3c:]))
		if off+4 <= len(head) && string(head[off:off+4]) == "PE\x00\x00" {
			return "PE (Windows)"
		}
	}
	return ""
}
