//go:build cgo && !purego

package linalg

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float*, int,
                         const float*, int, float, float*, int);
static sgemm_fn plm_sgemm_p;
typedef char* (*corename_fn)(void);
static corename_fn plm_corename_p;

// Loads OpenBLAS at run time, so that one build runs everywhere: with the
// library when the machine has it, in pure Go when it does not.
static int plm_load(const char* name) {
	void* h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) return 0;
	plm_sgemm_p = (sgemm_fn)dlsym(h, "cblas_sgemm");
	plm_corename_p = (corename_fn)dlsym(h, "openblas_get_corename");
	return plm_sgemm_p != NULL;
}

// The kernels OpenBLAS chose ("" if it does not say).
static const char* plm_corename(void) {
	return plm_corename_p ? plm_corename_p() : "";
}

// Row-major cblas_sgemm (CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112).
static void plm_sgemm(int ta, int tb, int m, int n, int k, float alpha, const float* a, int lda,
                      const float* b, int ldb, float beta, float* c, int ldc) {
	plm_sgemm_p(101, ta ? 112 : 111, tb ? 112 : 111, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
*/
import "C"

import (
	"os"
	"unsafe"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Backend names the BLAS used for the float32 matrix products.
var Backend = pureGo("")

var impl32 blas.Float32Level3 = gonum.Implementation{}

func init() {
	env := os.Getenv(BackendEnv)
	if env == "go" {
		Backend = pureGo(BackendEnv + "=go")
		return
	}
	for _, name := range []string{"libopenblas.so.0", "libopenblas.so"} {
		cname := C.CString(name)
		ok := C.plm_load(cname) != 0
		C.free(unsafe.Pointer(cname))
		if ok {
			impl32 = openBLAS{}
			openblasName = name
			if core := C.GoString(C.plm_corename()); core != "" {
				openblasName = name + ", " + core + " kernels"
			}
			Backend = "OpenBLAS (" + openblasName + ")"
			if env == "openblas" {
				Backend += "; " + BackendEnv + "=openblas"
				return
			}
			Backend += applyChoice()
			return
		}
	}
}

// openBLAS is the part of blas.Float32Level3 plmlab uses, through cgo;
// arguments were checked by Sgemm.
type openBLAS struct{ blas.Float32Level3 }

func (openBLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	C.plm_sgemm(C.int(b2i(tA == blas.Trans)), C.int(b2i(tB == blas.Trans)), C.int(m), C.int(n), C.int(k),
		C.float(alpha), (*C.float)(&a[0]), C.int(lda), (*C.float)(&b[0]), C.int(ldb),
		C.float(beta), (*C.float)(&c[0]), C.int(ldc))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
