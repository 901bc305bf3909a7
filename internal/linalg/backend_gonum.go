//go:build !openblas

package linalg

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Backend names the BLAS used for the float32 matrix products.
const Backend = "gonum (pure Go)"

var impl32 blas.Float32Level3 = gonum.Implementation{}
