package fingerprint

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

func TestTokensIgnoreCommentsAndLayout(t *testing.T) {
	a := []byte("package p\n\n// Sum adds.\nfunc Sum(a, b int) int { return a + b }\n")
	b := []byte("package p\n/* moved */ func Sum(a,\n\tb int) int {\n\treturn a + b // same\n}\n")
	c := []byte("package p\nfunc Sum(a, b int) int { return a - b }\n")
	if !bytes.Equal(Tokens(a), Tokens(b)) {
		t.Errorf("comments or layout changed the tokens:\n%s\n---\n%s", Tokens(a), Tokens(b))
	}
	if bytes.Equal(Tokens(a), Tokens(c)) {
		t.Error("a change of operator did not change the tokens")
	}
}

func goFile(src string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(src)} }

// Of covers a package and what it imports, not its neighbours: the
// packages example.test/{a,b,c,d}, with a → b → d and c alone.
func TestOfFollowsImportsOnly(t *testing.T) {
	d := fstest.MapFS{"d.go": goFile("package d\nfunc D() int { return 4 }\n")}
	reg := func() {
		Register("example.test/a", fstest.MapFS{"a.go": goFile("package a\nimport \"example.test/b\"\nfunc A() int { return b.B() }\n"),
			"a_test.go": goFile("package a\nimport \"example.test/c\"\n")})
		Register("example.test/b", fstest.MapFS{"b.go": goFile("package b\nimport (\n\"fmt\"\n\"example.test/d\"\n)\nfunc B() int { fmt.Print(); return d.D() }\n")})
		Register("example.test/c", fstest.MapFS{"c.go": goFile("package c\nfunc C() int { return 3 }\n")})
		Register("example.test/d", d)
	}
	reg()
	if got, want := strings.Join(Deps("example.test/a"), " "), "example.test/a example.test/b example.test/d"; got != want {
		t.Fatalf("Deps(a) = %s, want %s (test files' imports do not count)", got, want)
	}
	a, c := Of("example.test/a"), Of("example.test/c")
	Register("example.test/c", fstest.MapFS{"c.go": goFile("package c\nfunc C() int { return 33 }\n")})
	if Of("example.test/a") != a {
		t.Error("a change to c, which a does not import, changed a's fingerprint")
	}
	if Of("example.test/c") == c {
		t.Error("a change to c kept c's fingerprint")
	}
	d["d.go"] = goFile("package d\n// D is four.\nfunc D() int {\n\treturn 4\n}\n")
	Register("example.test/d", d)
	if Of("example.test/a") != a {
		t.Error("a comment in d changed a's fingerprint")
	}
	d["d.go"] = goFile("package d\nfunc D() int { return 5 }\n")
	Register("example.test/d", d)
	if Of("example.test/a") == a {
		t.Error("a change to d, imported by a through b, kept a's fingerprint")
	}
	d["d.go"] = goFile("package d\nfunc D() int { return 4 }\n")
	d["d_amd64.s"] = &fstest.MapFile{Data: []byte("TEXT ·D(SB),4,$0\n")}
	Register("example.test/d", d)
	if Of("example.test/a") == a {
		t.Error("an assembly file added to d kept a's fingerprint")
	}
	if Of("example.test/none") != Code() || !Registered("example.test/a") || Registered("example.test/none") {
		t.Error("a package that did not register should get the fingerprint of all the code")
	}
}
