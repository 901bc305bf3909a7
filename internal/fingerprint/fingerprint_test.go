package fingerprint

import (
	"bytes"
	"testing"
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
