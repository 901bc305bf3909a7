//go:build openblas

package linalg

// #cgo LDFLAGS: -lopenblas
import "C"

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/netlib/blas/netlib"
)

// Backend names the BLAS used for the float32 matrix products.
const Backend = "OpenBLAS (cgo, netlib)"

var impl32 blas.Float32Level3 = netlib.Implementation{}
