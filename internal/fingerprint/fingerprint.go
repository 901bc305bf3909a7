// Package fingerprint identifies the library code that computes a result,
// so that cached results are never served after that code has changed,
// and stay valid when only other code has.
//
// Each package whose code can change a result embeds its own Go files and
// registers them (see the source.go file of plm, data, figure, experiment,
// every experiment family and internal/linalg). Of(path) hashes the tokens
// of the non-test Go files (and the bytes of the assembly files) of that
// package and of every registered package it imports, directly or not:
// comments and layout do not count, any change to that code does, and a
// change elsewhere does not. Code hashes every registered package.
package fingerprint

import (
	"crypto/sha256"
	"encoding/hex"
	"go/parser"
	"go/scanner"
	"go/token"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
)

var (
	mu       sync.Mutex
	packages = map[string]fs.FS{}
	imports  = map[string][]string{} // package → the packages its non-test files import
	once     sync.Once
	code     string
	of       = map[string]string{}
)

// Register adds a package's embedded Go files under its import path. Call
// it from an init function, before Code or Of is first used.
func Register(path string, files fs.FS) {
	mu.Lock()
	defer mu.Unlock()
	packages[path] = files
	imports[path] = importsOf(files)
	of = map[string]string{}
}

// Registered reports whether the package at path registered its code.
func Registered(path string) bool {
	mu.Lock()
	defer mu.Unlock()
	_, ok := packages[path]
	return ok
}

// importsOf lists the import paths of the non-test Go files.
func importsOf(files fs.FS) []string {
	names, _ := fs.Glob(files, "*.go") // the pattern is valid: no error
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		src, err := fs.ReadFile(files, n)
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), n, src, parser.ImportsOnly)
		if err != nil {
			continue // a file that does not parse does not compile either
		}
		for _, im := range f.Imports {
			p, err := strconv.Unquote(im.Path.Value)
			if err == nil && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Deps returns path and the registered packages it imports, directly or
// through other registered packages, sorted.
func Deps(path string) []string {
	mu.Lock()
	defer mu.Unlock()
	return deps(path)
}

func deps(path string) []string {
	seen := map[string]bool{path: true}
	queue := []string{path}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, q := range imports[p] {
			if _, ok := packages[q]; ok && !seen[q] {
				seen[q] = true
				queue = append(queue, q)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Of returns the fingerprint of the code that a result of package path
// depends on: the package and its registered imports, transitively. For a
// package that did not register, it is Code (every registered package).
func Of(path string) string {
	mu.Lock()
	defer mu.Unlock()
	if _, ok := packages[path]; !ok {
		return codeLocked()
	}
	if h, ok := of[path]; ok {
		return h
	}
	sub := map[string]fs.FS{}
	for _, p := range deps(path) {
		sub[p] = packages[p]
	}
	of[path] = hashPackages(sub)
	return of[path]
}

// Packages lists the registered import paths, sorted.
func Packages() []string {
	mu.Lock()
	defer mu.Unlock()
	var out []string
	for p := range packages {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Code returns the fingerprint of the registered code: a hex SHA-256 of the
// token streams of every registered non-test Go file, in a fixed order.
func Code() string {
	mu.Lock()
	defer mu.Unlock()
	return codeLocked()
}

func codeLocked() string {
	once.Do(func() { code = hashPackages(packages) })
	return code
}

func hashPackages(pkgs map[string]fs.FS) string {
	h := sha256.New()
	var paths []string
	for p := range pkgs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		goFiles, _ := fs.Glob(pkgs[p], "*.go") // the patterns are valid: no error
		asmFiles, _ := fs.Glob(pkgs[p], "*.s")
		files := append(goFiles, asmFiles...)
		sort.Strings(files)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := fs.ReadFile(pkgs[p], f)
			if err != nil {
				continue
			}
			h.Write([]byte(p + "/" + f + "\x00"))
			if strings.HasSuffix(f, ".go") {
				h.Write(Tokens(src))
			} else {
				h.Write(src) // assembly: every byte counts
			}
			h.Write([]byte{0})
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Tokens is the Go source as a stream of tokens without comments or
// layout: two sources that differ only there give the same bytes.
func Tokens(src []byte) []byte {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	s.Init(file, src, nil, 0) // mode 0 skips comments
	var b strings.Builder
	pendingSemi := false
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON {
			// Explicit or automatic: the same token; one before ) or } is
			// optional, so it is written only when more follows.
			pendingSemi = true
			continue
		}
		if pendingSemi && tok != token.RPAREN && tok != token.RBRACE {
			b.WriteString(";\n")
		}
		pendingSemi = false
		b.WriteString(tok.String())
		if lit != "" && tok != token.SEMICOLON {
			b.WriteByte(' ')
			b.WriteString(lit)
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}
