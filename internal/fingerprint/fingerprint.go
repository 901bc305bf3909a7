// Package fingerprint identifies the library code compiled into a program,
// so that cached results are never served after the code that computed
// them has changed.
//
// Each package whose code can change a result embeds its own Go files and
// registers them (see the source.go file of plm, data, experiment, figure
// and internal/linalg). Code hashes the tokens of every registered non-test
// file: comments and layout do not count, any change to the code does.
package fingerprint

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"go/scanner"
	"go/token"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

var (
	mu       sync.Mutex
	packages = map[string]embed.FS{}
	once     sync.Once
	code     string
)

// Register adds a package's embedded Go files under its import path. Call
// it from an init function, before Code is first used.
func Register(path string, files embed.FS) {
	mu.Lock()
	defer mu.Unlock()
	packages[path] = files
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
	once.Do(func() {
		mu.Lock()
		defer mu.Unlock()
		code = hashPackages(packages)
	})
	return code
}

func hashPackages(pkgs map[string]embed.FS) string {
	h := sha256.New()
	var paths []string
	for p := range pkgs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		files, _ := fs.Glob(pkgs[p], "*.go")
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
			h.Write(Tokens(src))
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
