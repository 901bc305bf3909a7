//go:build !cgo || purego

package linalg

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Backend names the BLAS used for the float32 matrix products: this build
// has no cgo, so always gonum's pure Go.
var Backend = pureGo("built without cgo")

var impl32 blas.Float32Level3 = gonum.Implementation{}
