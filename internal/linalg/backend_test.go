package linalg

import (
	"os"
	"strings"
	"testing"
)

// With PLMLAB_EXPECT_BLAS=openblas (set by scripts/test.sh when the library
// is installed) the cgo build must have loaded OpenBLAS: a silent fall back
// to pure Go would make every run several times slower.
func TestBackendAsExpected(t *testing.T) {
	want := os.Getenv("PLMLAB_EXPECT_BLAS")
	t.Logf("backend: %s", Backend)
	switch want {
	case "":
		t.Skip("PLMLAB_EXPECT_BLAS not set")
	case "openblas":
		if !strings.HasPrefix(Backend, "OpenBLAS") {
			t.Fatalf("backend %q, want OpenBLAS", Backend)
		}
		if os.Getenv(BackendEnv) == "openblas" && kernelFor != [numClasses]bool{} {
			t.Fatalf("%s=openblas, yet plmlab's kernel does %v", BackendEnv, kernelFor)
		}
	case "go":
		if !strings.HasPrefix(Backend, "pure Go") {
			t.Fatalf("backend %q, want pure Go", Backend)
		}
	default:
		t.Fatalf("PLMLAB_EXPECT_BLAS=%q: want openblas or go", want)
	}
}
